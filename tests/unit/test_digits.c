/*
 * test_digits.c — digits in three scripts, separators, bounds (common/digits.c).
 *
 * Inputs are what phones and Persian keyboards really produce: Persian and
 * Arabic-Indic digits mixed with ASCII, grouping spaces and dashes, and the
 * invisible bidi marks that copy and paste carries along.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "digits.h"

/* Persian ۰۱۲۳۴۵۶۷۸۹ and Arabic-Indic ٠١٢٣٤٥٦٧٨٩. */
#define FA_0_9	"\xdb\xb0\xdb\xb1\xdb\xb2\xdb\xb3\xdb\xb4\xdb\xb5\xdb\xb6\xdb\xb7\xdb\xb8\xdb\xb9"
#define AR_0_9	"\xd9\xa0\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xa5\xd9\xa6\xd9\xa7\xd9\xa8\xd9\xa9"
#define LRM	"\xe2\x80\x8e"
#define RLM	"\xe2\x80\x8f"
#define ALM	"\xd8\x9c"
#define ZWNJ	"\xe2\x80\x8c"
#define ZWJ	"\xe2\x80\x8d"
#define NBSP	"\xc2\xa0"
#define THINSP	"\xe2\x80\x89"
#define NNBSP	"\xe2\x80\xaf"
#define BOM	"\xef\xbb\xbf"
#define LRE	"\xe2\x80\xaa"
#define PDF	"\xe2\x80\xac"
#define RLO	"\xe2\x80\xae"
#define LRI	"\xe2\x81\xa6"
#define PDI	"\xe2\x81\xa9"
#define SALAM	"\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85"	/* سلام */

struct norm_case {
	const char	*in;
	const char	*out;
};

/* The digits of the three scripts, and the code points around them. */
static void
test_value(void **state)
{
	uint32_t d;

	(void)state;
	for (d = 0; d < 10; d++) {
		assert_int_equal(digits_value('0' + d), (int)d);
		assert_int_equal(digits_value(0x06F0 + d), (int)d);	/* ۰..۹ */
		assert_int_equal(digits_value(0x0660 + d), (int)d);	/* ٠..٩ */
	}
	assert_int_equal(digits_value('0' - 1), -1);
	assert_int_equal(digits_value('9' + 1), -1);
	assert_int_equal(digits_value(0x06EF), -1);
	assert_int_equal(digits_value(0x06FA), -1);
	assert_int_equal(digits_value(0x065F), -1);
	assert_int_equal(digits_value(0x066A), -1);	/* Arabic percent sign */
	assert_int_equal(digits_value(0x0966), -1);	/* Devanagari zero: not ours */
	assert_int_equal(digits_value(0xFF10), -1);	/* fullwidth zero */
}

static void
test_normalize(void **state)
{
	static const struct norm_case cases[] = {
		{ "", "" },
		{ "0123456789", "0123456789" },
		{ FA_0_9, "0123456789" },
		{ AR_0_9, "0123456789" },
		/* ۰9١2 mixed scripts */
		{ "\xdb\xb0" "9\xd9\xa1" "2", "0912" },
		/* ۰۹۱۲ ۱۲۳-۴۵۶۷ */
		{ "\xdb\xb0\xdb\xb9\xdb\xb1\xdb\xb2 \xdb\xb1\xdb\xb2\xdb\xb3-"
		  "\xdb\xb4\xdb\xb5\xdb\xb6\xdb\xb7", "09121234567" },
		{ LRM "123" RLM, "123" },
		{ "1" ALM "2" ZWNJ "3" ZWJ "4" BOM "5", "12345" },
		{ "1" NBSP "2" THINSP "3" NNBSP "4\t5\n", "12345" },
		{ LRE "1" PDF RLO "2" PDF LRI "3" PDI, "123" },
		{ "(021) 1234.5678_9/0", "0211234567890" },
		{ "ab" "\xdb\xb1", "ab1" },
		{ SALAM "\xdb\xb1", SALAM "1" },
		{ "+98", "+98" },
		{ "x,y", "x,y" },
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(out, 'X', sizeof out);
		assert_int_equal(digits_normalize(cases[i].in, out, sizeof out),
		    strlen(cases[i].out));
		assert_string_equal(out, cases[i].out);
	}
}

static void
test_normalize_errors(void **state)
{
	char out[16];

	(void)state;
	/* Exactly enough room, and one byte less. */
	assert_int_equal(digits_normalize("\xdb\xb1\xdb\xb2\xdb\xb3", out, 4), 3);
	assert_string_equal(out, "123");
	memset(out, 'X', sizeof out);
	assert_int_equal(digits_normalize("1234", out, 4), -1);
	assert_int_equal(out[0], '\0');
	assert_int_equal(digits_normalize("", out, 0), -1);
	assert_int_equal(digits_normalize(SALAM, out, 8), -1);
	assert_int_equal(digits_normalize(SALAM, out, 9), 8);
	/* Invalid UTF-8 anywhere. */
	assert_int_equal(digits_normalize("12\xff", out, sizeof out), -1);
	assert_int_equal(digits_normalize("\xc0\xb1", out, sizeof out), -1);
	assert_int_equal(digits_normalize("\xdb", out, sizeof out), -1);
	assert_int_equal(digits_normalize("\xed\xa0\x80", out, sizeof out), -1);
	assert_int_equal(out[0], '\0');
}

static void
test_parse_ok(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(digits_parse_u64("0", 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(digits_parse_u64("42", 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(digits_parse_u64("007", 100, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(digits_parse_u64(FA_0_9, UINT64_MAX, &v), 0);
	assert_int_equal(v, 123456789);
	assert_int_equal(digits_parse_u64(AR_0_9, UINT64_MAX, &v), 0);
	assert_int_equal(v, 123456789);
	/* ۱2٣ */
	assert_int_equal(digits_parse_u64("\xdb\xb1" "2\xd9\xa3", 1000, &v), 0);
	assert_int_equal(v, 123);
	assert_int_equal(digits_parse_u64(" " RLM "\xdb\xb4\xdb\xb2" LRM "\t",
	    1000, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(digits_parse_u64(NBSP ALM "17" BOM, 1000, &v), 0);
	assert_int_equal(v, 17);
	assert_int_equal(digits_parse_u64("18446744073709551615", UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	/* The bound is inclusive. */
	assert_int_equal(digits_parse_u64("100", 100, &v), 0);
	assert_int_equal(v, 100);
}

static void
test_parse_bad(void **state)
{
	static const char *const bad[] = {
		"", "   ", RLM,
		"18446744073709551616",		/* UINT64_MAX + 1 */
		"99999999999999999999",
		"000000000000000000000018446744073709551616",
		"+5", "-5", "5-", "1 2", "1-2", "1.5", "1,000",
		"12a", "a12", "0x10",
		"\xdb\xb1\xdb\xb2" "a",			/* ۱۲a */
		SALAM,
		"1\xff", "\xff" "1", "\xdb",
	};
	uint64_t v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = 777;
		assert_int_equal(digits_parse_u64(bad[i], UINT64_MAX, &v), -1);
		assert_int_equal(v, 777);		/* untouched */
	}
	v = 777;
	assert_int_equal(digits_parse_u64("101", 100, &v), -1);
	assert_int_equal(digits_parse_u64("1", 0, &v), -1);
	assert_int_equal(v, 777);
	/* Leading zeros do not count against the bound. */
	assert_int_equal(digits_parse_u64("0000000000000000000000000100", 100, &v), 0);
	assert_int_equal(v, 100);
}

static void
test_code(void **state)
{
	char out[16];

	(void)state;
	/* Login codes: 6 digits. ۱۲۳ ۴۵۶ */
	assert_int_equal(digits_code("\xdb\xb1\xdb\xb2\xdb\xb3 \xdb\xb4\xdb\xb5\xdb\xb6",
	    out, sizeof out, 6, 6), 6);
	assert_string_equal(out, "123456");
	assert_int_equal(digits_code(RLM "000042" LRM, out, sizeof out, 6, 6), 6);
	assert_string_equal(out, "000042");
	/* Tracking numbers: 7 digits. ۱۲۳-۴۵۶۷ */
	assert_int_equal(digits_code("\xdb\xb1\xdb\xb2\xdb\xb3-\xdb\xb4\xdb\xb5\xdb\xb6\xdb\xb7",
	    out, sizeof out, 7, 7), 7);
	assert_string_equal(out, "1234567");
	/* Captcha answers: 1..4 digits. ٤٢ */
	assert_int_equal(digits_code("\xd9\xa4\xd9\xa2", out, sizeof out, 1, 4), 2);
	assert_string_equal(out, "42");

	memset(out, 'X', sizeof out);
	assert_int_equal(digits_code("12345", out, sizeof out, 6, 6), -1);
	assert_string_equal(out, "");
	memset(out, 'X', sizeof out);
	assert_int_equal(digits_code("1234567", out, sizeof out, 6, 6), -1);
	assert_string_equal(out, "");
	assert_int_equal(digits_code("12a456", out, sizeof out, 6, 6), -1);
	assert_string_equal(out, "");
	assert_int_equal(digits_code("+12345", out, sizeof out, 6, 6), -1);
	assert_int_equal(digits_code("", out, sizeof out, 1, 4), -1);
	assert_int_equal(digits_code("   ", out, sizeof out, 1, 4), -1);
	assert_int_equal(digits_code("123\xff", out, sizeof out, 1, 8), -1);
	/* Output buffer too small for the code. */
	assert_int_equal(digits_code("123456", out, 6, 6, 6), -1);
	assert_int_equal(digits_code("123456", out, 7, 6, 6), 6);
	assert_string_equal(out, "123456");
}

static void
test_to_fa(void **state)
{
	char out[64], back[64];

	(void)state;
	assert_int_equal(digits_to_fa("0123456789", out, sizeof out), 20);
	assert_string_equal(out, FA_0_9);
	assert_int_equal(digits_to_fa("1401/02/05", out, sizeof out), 18);
	assert_string_equal(out, "\xdb\xb1\xdb\xb4\xdb\xb0\xdb\xb1/\xdb\xb0\xdb\xb2/"
	    "\xdb\xb0\xdb\xb5");
	assert_int_equal(digits_to_fa("", out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(digits_to_fa("abc", out, sizeof out), 3);
	assert_string_equal(out, "abc");
	assert_int_equal(digits_to_fa(SALAM " 7", out, sizeof out), 11);
	assert_string_equal(out, SALAM " \xdb\xb7");
	/* Already Persian digits pass through. */
	assert_int_equal(digits_to_fa(FA_0_9, out, sizeof out), 20);
	assert_string_equal(out, FA_0_9);
	/* Round trip through digits_normalize. */
	assert_int_equal(digits_to_fa("9876543210", out, sizeof out), 20);
	assert_int_equal(digits_normalize(out, back, sizeof back), 10);
	assert_string_equal(back, "9876543210");
}

static void
test_to_fa_errors(void **state)
{
	char out[8];

	(void)state;
	/* "12" becomes 4 bytes: needs 5 with the NUL. */
	assert_int_equal(digits_to_fa("12", out, 5), 4);
	assert_string_equal(out, "\xdb\xb1\xdb\xb2");
	memset(out, 'X', sizeof out);
	assert_int_equal(digits_to_fa("12", out, 4), -1);
	assert_int_equal(out[0], '\0');
	assert_int_equal(digits_to_fa("1", out, 2), -1);
	assert_int_equal(digits_to_fa("a", out, 1), -1);
	assert_int_equal(digits_to_fa("", out, 0), -1);
	assert_int_equal(digits_to_fa("1\xff", out, sizeof out), -1);
	assert_int_equal(digits_to_fa("\xc0\xaf", out, sizeof out), -1);
	assert_int_equal(out[0], '\0');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_normalize_errors),
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_to_fa),
		cmocka_unit_test(test_to_fa_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
