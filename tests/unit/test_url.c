/*
 * test_url.c — percent-encoding (common/url.c): what each user keeps, and
 * every byte of UTF-8 Persian text as %XX.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "buf.h"
#include "url.h"

static void
check(const char *s, const char *keep, const char *want)
{
	struct buf b = BUF_INIT;

	if (keep != NULL)
		url_encode(&b, s, keep);
	else
		url_encode_form(&b, s);
	assert_string_equal(buf_str(&b), want);
	buf_free(&b);
}

static void
test_unreserved(void **state)
{
	(void)state;
	check("", URL_UNRESERVED, "");
	check("AZaz09-._~", URL_UNRESERVED, "AZaz09-._~");
	check("a b&c=d?e/f#g%h+i", URL_UNRESERVED, "a%20b%26c%3Dd%3Fe%2Ff%23g%25h%2Bi");
	check("o'brien \"x\"", URL_UNRESERVED, "o%27brien%20%22x%22");
	/* سلام: each UTF-8 byte, upper-case hex */
	check("\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85", URL_UNRESERVED, "%D8%B3%D9%84%D8%A7%D9%85");
	/* ZWNJ, a newline, DEL, a high byte */
	check("\xe2\x80\x8c\n\x7f\xff", URL_UNRESERVED, "%E2%80%8C%0A%7F%FF");
}

static void
test_form(void **state)
{
	(void)state;
	check("a b+c", NULL, "a+b%2Bc");
	check("x=1&y=2 3~", NULL, "x%3D1%26y%3D2+3~");
}

static void
test_attr_char(void **state)
{
	(void)state;
	/* RFC 8187 attr-char kept; what ends a header value is not */
	check("a!#$&+-.^_`|~z", URL_ATTR_CHAR, "a!#$&+-.^_`|~z");
	check("report (1).pdf", URL_ATTR_CHAR, "report%20%281%29.pdf");
	check("a\"b;c\\d\re", URL_ATTR_CHAR, "a%22b%3Bc%5Cd%0De");
}

static void
test_null(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	url_encode(&b, NULL, URL_UNRESERVED);
	url_encode_form(&b, NULL);
	assert_int_equal(b.len, 0);
	url_encode(&b, "~", "");
	assert_string_equal(buf_str(&b), "%7E");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unreserved),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_attr_char),
		cmocka_unit_test(test_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
