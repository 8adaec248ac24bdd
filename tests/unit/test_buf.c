/*
 * test_buf.c — growable buffers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "xmalloc.h"

static void
test_build(void **state)
{
	struct buf b = BUF_INIT;
	char *s;
	int i;

	(void)state;
	assert_string_equal(buf_str(&b), "");
	buf_adds(&b, "سلام");
	buf_addc(&b, ' ');
	buf_addf(&b, "%d/%02d", 1401, 2);
	assert_string_equal(b.data, "سلام 1401/02");
	assert_int_equal(b.len, strlen("سلام 1401/02"));
	buf_reset(&b);
	assert_string_equal(buf_str(&b), "");
	for (i = 0; i < 10000; i++)
		buf_add(&b, "0123456789", 10);
	assert_int_equal(b.len, 100000);
	assert_int_equal(b.data[b.len], '\0');
	assert_memory_equal(b.data + 99990, "0123456789", 10);
	s = buf_detach(&b);
	assert_null(b.data);
	assert_int_equal(strlen(s), 100000);
	free(s);
	s = buf_detach(&b);
	assert_string_equal(s, "");
	free(s);
	buf_free(&b);
}

static void
test_xasprintf(void **state)
{
	char *s = xasprintf("%s:%d", "unit", 156301);

	(void)state;
	assert_string_equal(s, "unit:156301");
	free(s);
	s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_xasprintf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
