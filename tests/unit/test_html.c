/*
 * test_html.c — escaping and the element helpers (common/html.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html.h"

static void
escapes_all_five(void **state)
{
	char *s = html_escape("<script>alert('x')</script> & \"q\"");

	(void)state;
	assert_string_equal(s,
	    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
	free(s);
}

static void
keeps_persian_and_zwnj(void **state)
{
	/* «نامه‌ها» with a ZWNJ, Persian digits, mixed Latin */
	const char *in = "\xd9\x86\xd8\xa7\xd9\x85\xd9\x87\xe2\x80\x8c\xd9\x87\xd8\xa7 \xdb\xb1\xdb\xb2 abc";
	char *s = html_escape(in);

	(void)state;
	assert_string_equal(s, in);
	free(s);
}

static void
null_and_empty(void **state)
{
	struct buf b = BUF_INIT;
	char *s;

	(void)state;
	html_esc(&b, NULL);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
	s = html_escape("");
	assert_string_equal(s, "");
	free(s);
}

static void
embedded_nul_replaced(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	html_escn(&b, "a\0b<", 4);
	assert_int_equal(b.len, 1 + 3 + 1 + 4);
	assert_memory_equal(b.data, "a\xef\xbf\xbd" "b&lt;", b.len);
	buf_free(&b);
}

static void
long_text(void **state)
{
	size_t n = 100000, i;
	char *in = malloc(n + 1), *s;

	(void)state;
	for (i = 0; i < n; i++)
		in[i] = (i % 7 == 0) ? '&' : 'x';
	in[n] = '\0';
	s = html_escape(in);
	assert_int_equal(strlen(s), n + (n + 6) / 7 * 4);
	free(s);
	free(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_all_five),
		cmocka_unit_test(keeps_persian_and_zwnj),
		cmocka_unit_test(null_and_empty),
		cmocka_unit_test(embedded_nul_replaced),
		cmocka_unit_test(long_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
