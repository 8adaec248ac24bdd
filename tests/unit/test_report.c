/*
 * test_report.c — the periods people type for the service report
 * (common/report.c: report_period, over report_jdate): dates, months,
 * backwards, any digits, and what is not a period.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "report.h"

/* "FROM TO" as report_period made it, or "bad". */
static const char *
period(const char *s)
{
	static char out[40];
	char f[16], t[16];

	if (report_period(s, f, t, sizeof f) == -1)
		return "bad";
	snprintf(out, sizeof out, "%s %s", f, t);
	return out;
}

static void
test_days(void **state)
{
	(void)state;
	/* 1405/07/01 is 2026-09-23; 1405/07/30 2026-10-22 */
	assert_string_equal(period("1405/07/01 1405/07/30"), "2026-09-23 2026-10-22");
	assert_string_equal(period("1405/07/01"), "2026-09-23 2026-09-23");
	assert_string_equal(period("  1405/07/30\t 1405/07/01  "), "2026-09-23 2026-10-22");
	assert_string_equal(period("\xdb\xb1\xdb\xb4\xdb\xb0\xdb\xb5/\xdb\xb0\xdb\xb7/\xdb\xb0\xdb\xb1"),
	    "2026-09-23 2026-09-23");	/* ۱۴۰۵/۰۷/۰۱ */
	assert_string_equal(period("1405-7-1 1405.7.30"), "2026-09-23 2026-10-22");
	/* Arabic-Indic digits: ١٤٠٥/٠٧ */
	assert_string_equal(period("\xd9\xa1\xd9\xa4\xd9\xa0\xd9\xa5/\xd9\xa0\xd9\xa7"),
	    "2026-09-23 2026-10-22");
}

static void
test_months(void **state)
{
	(void)state;
	/* Mehr has 30 days, Esfand 1403 (a leap year) 30, 1404's 29 */
	assert_string_equal(period("1405/07"), "2026-09-23 2026-10-22");
	assert_string_equal(period("1405/07 1405/09"), "2026-09-23 2026-12-21");
	/* backwards: Mehr to Azar still, not 07/30 to 09/01 */
	assert_string_equal(period("1405/09 1405/07"), "2026-09-23 2026-12-21");
	assert_string_equal(period("1403/12"), "2025-02-19 2025-03-20");
	assert_string_equal(period("1404/12"), "2026-02-20 2026-03-20");
	/* a month and a day */
	assert_string_equal(period("1405/07 1405/08/05"), "2026-09-23 2026-10-27");
	assert_string_equal(period("1405/08/05 1405/07"), "2026-09-23 2026-10-27");
}

static void
test_empty(void **state)
{
	char f[16] = "x", t[16] = "y";

	(void)state;
	assert_int_equal(report_period("", f, t, sizeof f), 0);
	assert_string_equal(f, "");
	assert_string_equal(t, "");
	assert_int_equal(report_period(" \t ", f, t, sizeof f), 0);
	assert_string_equal(f, "");
}

static void
test_bad(void **state)
{
	char f[16] = "kept", t[16] = "kept";

	(void)state;
	assert_string_equal(period("1405/07/01 1405/07/30 1405/08/01"), "bad");
	assert_string_equal(period("1404/12/30"), "bad");	/* 1404 is not leap */
	assert_string_equal(period("1405/13"), "bad");
	assert_string_equal(period("1405"), "bad");
	assert_string_equal(period("1405/07/01 tomorrow"), "bad");
	assert_string_equal(period("1405//07"), "bad");
	assert_string_equal(period("\xff\xfe"), "bad");
	assert_string_equal(period("\xb1\xb4\xb0\xb5/\xb0\xb7"), "bad");	/* Latin-1 bytes */
	/* cut short, repeated */
	assert_string_equal(period("1405/0"), "bad");
	assert_string_equal(period("1405/07/"), "bad");
	assert_string_equal(period("1405/07/01/01"), "bad");
	assert_string_equal(period("1405/07 1405/07 1405/07 1405/07"), "bad");
	/* a failure leaves what was there */
	assert_int_equal(report_period("1405/07/32", f, t, sizeof f), -1);
	assert_string_equal(f, "kept");
	assert_string_equal(t, "kept");
	/* huge: a megabyte of digits, and of spaces around a date */
	{
		size_t n = 1 << 20;
		char *h = malloc(n + 16);

		assert_non_null(h);
		memset(h, '1', n);
		h[n] = '\0';
		assert_string_equal(period(h), "bad");
		memset(h, ' ', n);
		memcpy(h + n / 2, "1405/07", 7);
		assert_string_equal(period(h), "2026-09-23 2026-10-22");
		free(h);
	}
	/* too small a place for a date */
	assert_int_equal(report_period("1405/07/01", f, t, 8), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
