/*
 * test_phone.c — mobile numbers to E.164 (common/phone.c).
 *
 * Every way people type the same Iranian mobile must give "+989121234567";
 * landlines, wrong lengths, junk and disallowed countries must be refused with
 * the right reason and an empty output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "phone.h"

#define WANT	"+989121234567"

/* ۰۹۱۲۱۲۳۴۵۶۷ and ٠٩١٢١٢٣٤٥٦٧ */
#define FA_0912	"\xdb\xb0\xdb\xb9\xdb\xb1\xdb\xb2\xdb\xb1\xdb\xb2\xdb\xb3\xdb\xb4\xdb\xb5\xdb\xb6\xdb\xb7"
#define AR_0912	"\xd9\xa0\xd9\xa9\xd9\xa1\xd9\xa2\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xa5\xd9\xa6\xd9\xa7"
#define FA_98	"\xdb\xb9\xdb\xb8"
#define FA_912	"\xdb\xb9\xdb\xb1\xdb\xb2"
#define FA_123	"\xdb\xb1\xdb\xb2\xdb\xb3"
#define FA_4567	"\xdb\xb4\xdb\xb5\xdb\xb6\xdb\xb7"
#define LRM	"\xe2\x80\x8e"
#define RLM	"\xe2\x80\x8f"
#define ALM	"\xd8\x9c"
#define ZWNJ	"\xe2\x80\x8c"
#define NBSP	"\xc2\xa0"
#define LRE	"\xe2\x80\xaa"
#define PDF	"\xe2\x80\xac"
#define RLO	"\xe2\x80\xae"
#define LRI	"\xe2\x81\xa6"
#define PDI	"\xe2\x81\xa9"

static void
expect(const char *in, const char *countries, enum phone_error want,
    const char *want_out)
{
	char out[PHONE_E164_MAX];
	enum phone_error e;

	memset(out, 'X', sizeof out);
	e = phone_normalize(in, countries, out, sizeof out);
	if (e != want)
		print_error("input \"%s\" (countries %s): got %d, want %d\n",
		    in, countries != NULL ? countries : "NULL", (int)e, (int)want);
	assert_int_equal(e, want);
	assert_string_equal(out, want_out);
}

static void
test_iran_forms(void **state)
{
	static const char *const ok[] = {
		"09121234567",
		"9121234567",
		"+989121234567",
		"00989121234567",
		"989121234567",
		/* A trunk 0 after the country code: a common slip. */
		"+980912 123 4567",
		"00980 912 123 4567",
		"9809121234567",
		/* Digits in other scripts, and mixed. */
		FA_0912,
		AR_0912,
		"+" FA_98 " " FA_912 " " FA_123 " " FA_4567,
		"\xdb\xb0" "9\xd9\xa1" "2 123 " FA_4567,
		/* Separators. */
		"0912 123 4567",
		"0912-123-4567",
		"0912.123.4567",
		"(0912) 123-45-67",
		"+98 (912) 123 4567",
		"  09121234567\t",
		"0912" NBSP "123" NBSP "4567",
		/* Invisible marks from phones and copy and paste. */
		LRM "+98 912 123 4567" RLM,
		LRE FA_0912 PDF,
		RLO "09121234567" PDF,
		LRI "+989121234567" PDI,
		ALM FA_0912,
		"0912" ZWNJ FA_123 ZWNJ FA_4567,
		RLM "\xdb\xb0" FA_912 LRM "-" FA_123 "-" FA_4567 RLM,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		expect(ok[i], NULL, PHONE_OK, WANT);
		expect(ok[i], "98", PHONE_OK, WANT);
	}
	/* Other prefixes come out as typed. */
	expect("09351112233", NULL, PHONE_OK, "+989351112233");
	expect("+98 990 000 0000", NULL, PHONE_OK, "+989900000000");
}

static void
test_iran_rejects(void **state)
{
	(void)state;
	/* Landlines. */
	expect("02112345678", NULL, PHONE_NOT_MOBILE, "");
	expect("+982112345678", NULL, PHONE_NOT_MOBILE, "");
	expect("00985112345678", NULL, PHONE_NOT_MOBILE, "");
	expect("2112345678", NULL, PHONE_NOT_MOBILE, "");
	/* Too short, too long. */
	expect("091212345", NULL, PHONE_BAD_LENGTH, "");
	expect("091212345678", NULL, PHONE_BAD_LENGTH, "");
	expect("912123456", NULL, PHONE_BAD_LENGTH, "");
	expect("+98912123456", NULL, PHONE_BAD_LENGTH, "");
	expect("+9891212345678", NULL, PHONE_BAD_LENGTH, "");
	expect("0", NULL, PHONE_BAD_LENGTH, "");
	expect("+", NULL, PHONE_BAD_LENGTH, "");
	expect("00", NULL, PHONE_BAD_LENGTH, "");
	expect("+98", NULL, PHONE_BAD_LENGTH, "");
	expect("0000000000000000000000000000000000000000000000000009121234567",
	    NULL, PHONE_COUNTRY, "");
	/* Letters and junk. */
	expect("0912abc4567", NULL, PHONE_BAD_CHARS, "");
	expect("abc", NULL, PHONE_BAD_CHARS, "");
	expect("tel:09121234567", NULL, PHONE_BAD_CHARS, "");
	expect("0912+1234567", NULL, PHONE_BAD_CHARS, "");
	expect("++989121234567", NULL, PHONE_BAD_CHARS, "");
	expect("09121234567#", NULL, PHONE_BAD_CHARS, "");
	expect("\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85", NULL, PHONE_BAD_CHARS, "");
	expect("0912\xff" "1234567", NULL, PHONE_BAD_CHARS, "");
	expect("\xc0\xb0" "9121234567", NULL, PHONE_BAD_CHARS, "");
	/* Nothing at all. */
	expect("", NULL, PHONE_EMPTY, "");
	expect("   ", NULL, PHONE_EMPTY, "");
	expect(" \t" NBSP LRM RLM ZWNJ " ", NULL, PHONE_EMPTY, "");
	expect("--()..", NULL, PHONE_EMPTY, "");
	/* Other countries are not allowed by default. */
	expect("+33612345678", NULL, PHONE_COUNTRY, "");
	expect("+14155550123", NULL, PHONE_COUNTRY, "");
	expect("0033612345678", "98", PHONE_COUNTRY, "");
}

static void
test_allow_list(void **state)
{
	(void)state;
	expect("+14155550123", "98,1,44", PHONE_OK, "+14155550123");
	expect("+1 (415) 555-0123", "98,1,44", PHONE_OK, "+14155550123");
	expect("+447700900123", "98,1,44", PHONE_OK, "+447700900123");
	expect("0044 7700 900123", "98,1,44", PHONE_OK, "+447700900123");
	expect("+" "\xdb\xb4\xdb\xb4" "7700900123", "98 44", PHONE_OK, "+447700900123");
	expect("+33612345678", "98,1,44", PHONE_COUNTRY, "");
	expect("+33612345678", "98,1,44,33", PHONE_OK, "+33612345678");
	/* Iran still works and is still checked. */
	expect("+989121234567", "98,1,44", PHONE_OK, WANT);
	expect("09121234567", "98,1,44", PHONE_OK, WANT);
	expect("+982112345678", "98,1,44", PHONE_NOT_MOBILE, "");
	/* Without 98 in the list, Iranian numbers are refused. */
	expect("09121234567", "1,44", PHONE_COUNTRY, "");
	expect("+989121234567", "1,44", PHONE_COUNTRY, "");
	/* Without '+' or "00", a number is Iranian, never American. */
	expect("14155550123", "98,1", PHONE_BAD_LENGTH, "");
	/* E.164 length: 8 to 15 digits in all. */
	expect("+1415555", "1", PHONE_BAD_LENGTH, "");
	expect("+14155550", "1", PHONE_OK, "+14155550");
	expect("+141555501234567", "1", PHONE_OK, "+141555501234567");
	expect("+1415555012345678", "1", PHONE_BAD_LENGTH, "");
	expect("+1", "1", PHONE_BAD_LENGTH, "");
	/* The longest matching code wins: +98… with "9,98" is Iranian. */
	expect("+982112345678", "9,98", PHONE_NOT_MOBILE, "");
	expect("+982112345678", "98,9", PHONE_NOT_MOBILE, "");
	expect("+9809121234567", "9,98", PHONE_OK, WANT);
	expect("+912345678", "9,98", PHONE_OK, "+912345678");
	/* Three-digit codes. */
	expect("+971501234567", "98,971", PHONE_OK, "+971501234567");
	expect("+971501234567", "98,97", PHONE_OK, "+971501234567");
	expect("+971501234567", "98,972", PHONE_COUNTRY, "");
	/* A broken allow-list lets nothing through. */
	expect("09121234567", "98,x", PHONE_COUNTRY, "");
	expect("09121234567", "", PHONE_COUNTRY, "");
}

static void
test_out_buffer(void **state)
{
	char out[PHONE_E164_MAX];

	(void)state;
	memset(out, 'X', sizeof out);
	assert_int_equal(phone_normalize("09121234567", NULL, out, sizeof out - 1),
	    PHONE_BAD_LENGTH);
	assert_int_equal(out[0], '\0');
	assert_int_equal(phone_normalize("09121234567", NULL, out, sizeof out),
	    PHONE_OK);
	assert_string_equal(out, WANT);
	/* The longest E.164 number fills the buffer exactly. */
	assert_int_equal(phone_normalize("+141555501234567", "1", out, sizeof out),
	    PHONE_OK);
	assert_int_equal(strlen(out), PHONE_E164_MAX - 1);
	/* 16 digits are refused by the E.164 rule, not by the buffer size. */
	{
		char roomy[64];

		assert_int_equal(phone_normalize("+1415555012345678", "1", roomy,
		    sizeof roomy), PHONE_BAD_LENGTH);
		assert_string_equal(roomy, "");
	}
	/* Very long input is refused without overrunning anything. */
	{
		char big[600];

		memset(big, '1', sizeof big - 1);
		big[sizeof big - 1] = '\0';
		assert_int_equal(phone_normalize(big, NULL, out, sizeof out),
		    PHONE_BAD_LENGTH);
		assert_string_equal(out, "");
		memset(big, ' ', sizeof big - 1);
		assert_int_not_equal(phone_normalize(big, NULL, out, sizeof out),
		    PHONE_OK);
	}
}

static void
test_strerror(void **state)
{
	static const enum phone_error all[] = {
		PHONE_OK, PHONE_EMPTY, PHONE_BAD_CHARS, PHONE_BAD_LENGTH,
		PHONE_NOT_MOBILE, PHONE_COUNTRY,
	};
	size_t i, j;

	(void)state;
	assert_string_equal(phone_strerror(PHONE_OK), "ok");
	assert_string_equal(phone_strerror(PHONE_NOT_MOBILE), "not a mobile number");
	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		const char *s = phone_strerror(all[i]);

		assert_non_null(s);
		assert_true(strlen(s) > 0);
		for (j = 0; s[j] != '\0'; j++)
			assert_false(s[j] >= 'A' && s[j] <= 'Z');
		for (j = 0; j < i; j++)
			assert_string_not_equal(s, phone_strerror(all[j]));
	}
	assert_non_null(phone_strerror((enum phone_error)99));
}

static void
test_countries_valid(void **state)
{
	static const char *const good[] = {
		"98", "1", "98,1", "98 44", "98,1,44", "98, 1, 44", " 98 ",
		"98,1,44,971", "999",
	};
	static const char *const bad[] = {
		"", " ", ",", "0", "098", "98,0", "1234", "98,1234", "9x",
		"x", "98;1", "+98", "98,-1", "\xdb\xb9\xdb\xb8",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_equal(phone_countries_valid(good[i]), 0);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (phone_countries_valid(bad[i]) != -1)
			print_error("accepted \"%s\"\n", bad[i]);
		assert_int_equal(phone_countries_valid(bad[i]), -1);
	}
	assert_int_equal(phone_countries_valid(NULL), -1);
}

static void
test_national(void **state)
{
	char out[PHONE_E164_MAX];
	char tiny[5];

	(void)state;
	phone_national("+989121234567", out, sizeof out);
	assert_string_equal(out, "09121234567");
	phone_national("+14155550123", out, sizeof out);
	assert_string_equal(out, "+14155550123");	/* not Iranian: as it is */
	phone_national("+98912123456", out, sizeof out);
	assert_string_equal(out, "+98912123456");	/* not a whole Iranian mobile */
	phone_national("+989121234567", tiny, sizeof tiny);
	assert_string_equal(tiny, "0912");		/* cut, terminated */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iran_forms),
		cmocka_unit_test(test_iran_rejects),
		cmocka_unit_test(test_allow_list),
		cmocka_unit_test(test_out_buffer),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_countries_valid),
		cmocka_unit_test(test_national),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
