/*
 * test_jalali.c — the Jalali calendar (common/jalali.c).
 *
 * The reference is tests/unit/data/nowruz.tsv, the Gregorian date of Nowruz
 * for 1300..1500 taken from ICU's Persian calendar (see data/README), so the
 * leap years are checked against an independent implementation.  Around it:
 * a day-by-day walk with our own Gregorian arithmetic, the whole supported
 * range, documented dates, impossible dates, formatting and parsing.
 *
 * nowruz.tsv is found under $PK_SRCDIR if set, else the current directory.
 */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L		/* setenv, tzset */
#endif

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jalali.h"

#define TABLE		"tests/unit/data/nowruz.tsv"
#define TABLE_FIRST	1300
#define TABLE_LAST	1500
#define TABLE_ROWS	(TABLE_LAST - TABLE_FIRST + 1)

struct gdate {
	int	y, m, d;
};

static struct gdate nowruz_table[TABLE_ROWS];
static int table_loaded;

/* --- Gregorian arithmetic of our own, independent of jalali.c. --- */

static int
g_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
g_mdays(int y, int m)
{
	static const int md[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && g_leap(y) ? 29 : md[m - 1];
}

static void
g_next(struct gdate *g)
{
	if (++g->d > g_mdays(g->y, g->m)) {
		g->d = 1;
		if (++g->m > 12) {
			g->m = 1;
			g->y++;
		}
	}
}

static void
g_prev(struct gdate *g)
{
	if (--g->d < 1) {
		if (--g->m < 1) {
			g->m = 12;
			g->y--;
		}
		g->d = g_mdays(g->y, g->m);
	}
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil), y > 0. */
static long
g_days(const struct gdate *g)
{
	long y = g->y - (g->m <= 2);
	long era = y / 400;
	long yoe = y - era * 400;
	long doy = (153L * (g->m + (g->m > 2 ? -3 : 9)) + 2) / 5 + g->d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* Jalali month length by the rule (1-6: 31, 7-11: 30, 12: 29/30). */
static int
j_mdays(int jy, int jm)
{
	if (jm <= 6)
		return 31;
	if (jm <= 11)
		return 30;
	return 29 + jalali_is_leap(jy);
}

static void
j_next(int *jy, int *jm, int *jd)
{
	if (++*jd > j_mdays(*jy, *jm)) {
		*jd = 1;
		if (++*jm > 12) {
			*jm = 1;
			++*jy;
		}
	}
}

/* --- The reference table. --- */

/* Read exactly n ASCII digits at *p. */
static int
read_num(const char **p, int n, int *v)
{
	int x = 0;

	while (n-- > 0) {
		if (**p < '0' || **p > '9')
			return -1;
		x = x * 10 + (**p - '0');
		(*p)++;
	}
	*v = x;
	return 0;
}

static void
load_table(void)
{
	char path[4096], line[128];
	const char *dir = getenv("PK_SRCDIR");
	FILE *fp;
	int n = 0;

	if (table_loaded)
		return;
	if (dir != NULL && *dir != '\0')
		assert_true(snprintf(path, sizeof path, "%s/%s", dir, TABLE) <
		    (int)sizeof path);
	else
		assert_true(snprintf(path, sizeof path, "%s", TABLE) <
		    (int)sizeof path);
	fp = fopen(path, "r");
	if (fp == NULL)
		print_error("cannot open %s (set PK_SRCDIR or run from the "
		    "project root)\n", path);
	assert_non_null(fp);
	while (fgets(line, sizeof line, fp) != NULL) {
		const char *p = line;
		int jy;
		struct gdate g;

		assert_true(n < TABLE_ROWS);
		assert_int_equal(read_num(&p, 4, &jy), 0);
		assert_int_equal(*p++, '\t');
		assert_int_equal(read_num(&p, 4, &g.y), 0);
		assert_int_equal(*p++, '-');
		assert_int_equal(read_num(&p, 2, &g.m), 0);
		assert_int_equal(*p++, '-');
		assert_int_equal(read_num(&p, 2, &g.d), 0);
		assert_true(*p == '\n' || *p == '\0');
		assert_int_equal(jy, TABLE_FIRST + n);
		nowruz_table[n++] = g;
	}
	fclose(fp);
	assert_int_equal(n, TABLE_ROWS);
	table_loaded = 1;
}

static void
check_j2g(int jy, int jm, int jd, int gy, int gm, int gd)
{
	int y = 0, m = 0, d = 0;

	assert_int_equal(gregorian_from_jalali(jy, jm, jd, &y, &m, &d), 0);
	if (y != gy || m != gm || d != gd)
		print_error("%04d/%02d/%02d -> %04d-%02d-%02d, want "
		    "%04d-%02d-%02d\n", jy, jm, jd, y, m, d, gy, gm, gd);
	assert_int_equal(y, gy);
	assert_int_equal(m, gm);
	assert_int_equal(d, gd);
}

static void
check_g2j(int gy, int gm, int gd, int jy, int jm, int jd)
{
	int y = 0, m = 0, d = 0;

	assert_int_equal(jalali_from_gregorian(gy, gm, gd, &y, &m, &d), 0);
	if (y != jy || m != jm || d != jd)
		print_error("%04d-%02d-%02d -> %04d/%02d/%02d, want "
		    "%04d/%02d/%02d\n", gy, gm, gd, y, m, d, jy, jm, jd);
	assert_int_equal(y, jy);
	assert_int_equal(m, jm);
	assert_int_equal(d, jd);
}

/* (1) Nowruz 1300..1500 and the last day of each year before it. */
static void
test_nowruz_table(void **state)
{
	int i;

	(void)state;
	load_table();
	for (i = 0; i < TABLE_ROWS; i++) {
		int jy = TABLE_FIRST + i, leap = jalali_is_leap(jy - 1);
		struct gdate g = nowruz_table[i], eve = g;

		check_j2g(jy, 1, 1, g.y, g.m, g.d);
		check_g2j(g.y, g.m, g.d, jy, 1, 1);
		assert_true(leap == 0 || leap == 1);
		assert_int_equal(jalali_month_days(jy - 1, 12), 29 + leap);
		g_prev(&eve);
		check_g2j(eve.y, eve.m, eve.d, jy - 1, 12, 29 + leap);
		check_j2g(jy - 1, 12, 29 + leap, eve.y, eve.m, eve.d);
		/* The reference's own year length agrees with our leap rule. */
		if (i > 0)
			assert_int_equal(g_days(&g) - g_days(&nowruz_table[i - 1]),
			    365 + leap);
	}
}

/* (2) Every day 1300/01/01 .. 1500/12/end, both ways, contiguous. */
static void
test_every_day_1300_1500(void **state)
{
	struct gdate g;
	int jy = TABLE_FIRST, jm = 1, jd = 1;
	long days = 0;

	(void)state;
	load_table();
	g = nowruz_table[0];
	while (jy <= TABLE_LAST) {
		if (jm == 1 && jd == 1) {
			const struct gdate *want = &nowruz_table[jy - TABLE_FIRST];

			assert_int_equal(g.y, want->y);
			assert_int_equal(g.m, want->m);
			assert_int_equal(g.d, want->d);
		}
		check_g2j(g.y, g.m, g.d, jy, jm, jd);
		check_j2g(jy, jm, jd, g.y, g.m, g.d);
		g_next(&g);
		j_next(&jy, &jm, &jd);
		days++;
	}
	assert_int_equal(days, g_days(&nowruz_table[TABLE_ROWS - 1]) -
	    g_days(&nowruz_table[0]) + 365 + jalali_is_leap(TABLE_LAST));
	/* The walk stopped on Farvardin 1 after the table. */
	assert_int_equal(jy, TABLE_LAST + 1);
	assert_int_equal(jm, 1);
	assert_int_equal(jd, 1);
}

/* The whole supported range, 1/1/1 (22 March 622) to 3177/12/end. */
static void
test_full_range(void **state)
{
	struct gdate g = { 622, 3, 22 }, before = { 622, 3, 21 };
	int jy = 1, jm = 1, jd = 1, y, m, d, len = 0;

	(void)state;
	assert_int_equal(jalali_from_gregorian(before.y, before.m, before.d,
	    &y, &m, &d), -1);
	while (jy <= 3177) {
		int ry, rm, rd, sy, sm, sd;

		assert_int_equal(jalali_from_gregorian(g.y, g.m, g.d, &ry, &rm, &rd), 0);
		assert_int_equal(gregorian_from_jalali(jy, jm, jd, &sy, &sm, &sd), 0);
		if (ry != jy || rm != jm || rd != jd || sy != g.y || sm != g.m ||
		    sd != g.d)
			print_error("%04d-%02d-%02d <-> %04d/%02d/%02d: got "
			    "%04d/%02d/%02d and %04d-%02d-%02d\n", g.y, g.m, g.d,
			    jy, jm, jd, ry, rm, rd, sy, sm, sd);
		assert_int_equal(ry, jy);
		assert_int_equal(rm, jm);
		assert_int_equal(rd, jd);
		assert_int_equal(sy, g.y);
		assert_int_equal(sm, g.m);
		assert_int_equal(sd, g.d);
		/* Nowruz always falls in March; years are 365 or 366 days. */
		if (jm == 1 && jd == 1) {
			assert_int_equal(g.m, 3);
			if (jy > 1) {
				assert_true(len == 365 || len == 366);
				assert_int_equal(len, 365 + jalali_is_leap(jy - 1));
			}
			len = 0;
		}
		len++;
		g_next(&g);
		j_next(&jy, &jm, &jd);
	}
	/* One day past the end is out of range. */
	assert_int_equal(jalali_from_gregorian(g.y, g.m, g.d, &y, &m, &d), -1);
	assert_int_equal(g.y, 3799);
	assert_int_equal(jalali_is_leap(0), -1);
	assert_int_equal(jalali_is_leap(3178), -1);
	assert_int_equal(gregorian_from_jalali(0, 12, 29, &y, &m, &d), -1);
	assert_int_equal(gregorian_from_jalali(3178, 1, 1, &y, &m, &d), -1);
	assert_int_equal(jalali_from_gregorian(1, 1, 1, &y, &m, &d), -1);
	assert_int_equal(jalali_from_gregorian(9999, 12, 31, &y, &m, &d), -1);
	assert_int_equal(jalali_from_gregorian(-5000, 1, 1, &y, &m, &d), -1);
	assert_int_equal(jalali_from_gregorian(2147483647, 1, 1, &y, &m, &d), -1);
}

/* (3) Documented facts. */
static void
test_known_dates(void **state)
{
	static const char *const fa[12] = {
		"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
		"مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
	};
	static const char *const en[12] = {
		"Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad",
		"Shahrivar", "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
	};
	int i;

	(void)state;
	check_g2j(2025, 3, 20, 1403, 12, 30);
	check_j2g(1403, 12, 30, 2025, 3, 20);
	check_g2j(2025, 3, 21, 1404, 1, 1);
	check_j2g(1404, 1, 1, 2025, 3, 21);
	check_g2j(2022, 4, 25, 1401, 2, 5);	/* the seed document */
	check_j2g(1401, 2, 5, 2022, 4, 25);
	check_g2j(2024, 2, 29, 1402, 12, 10);
	check_g2j(2021, 3, 20, 1399, 12, 30);
	check_g2j(2021, 3, 21, 1400, 1, 1);
	check_g2j(1979, 2, 11, 1357, 11, 22);
	check_g2j(2000, 1, 1, 1378, 10, 11);
	check_g2j(2024, 9, 22, 1403, 7, 1);	/* first day of Mehr */
	check_g2j(2024, 9, 21, 1403, 6, 31);
	assert_int_equal(jalali_is_leap(1403), 1);
	assert_int_equal(jalali_is_leap(1404), 0);
	assert_int_equal(jalali_is_leap(1399), 1);
	assert_int_equal(jalali_is_leap(1400), 0);
	assert_int_equal(jalali_is_leap(1407), 0);
	assert_int_equal(jalali_is_leap(1408), 1);
	assert_int_equal(jalali_month_days(1404, 1), 31);
	assert_int_equal(jalali_month_days(1404, 6), 31);
	assert_int_equal(jalali_month_days(1404, 7), 30);
	assert_int_equal(jalali_month_days(1404, 11), 30);
	assert_int_equal(jalali_month_days(1404, 12), 29);
	assert_int_equal(jalali_month_days(1403, 12), 30);
	assert_int_equal(jalali_month_days(1404, 0), -1);
	assert_int_equal(jalali_month_days(1404, 13), -1);
	for (i = 0; i < 12; i++) {
		assert_string_equal(jalali_month_name(i + 1, 1), fa[i]);
		assert_string_equal(jalali_month_name(i + 1, 0), en[i]);
	}
	assert_null(jalali_month_name(0, 0));
	assert_null(jalali_month_name(13, 1));
}

/* (4) Dates that do not exist. */
static void
test_invalid_dates(void **state)
{
	int y = 7, m = 7, d = 7;

	(void)state;
	assert_int_equal(gregorian_from_jalali(1404, 12, 30, &y, &m, &d), -1);
	assert_int_equal(gregorian_from_jalali(1402, 13, 1, &y, &m, &d), -1);
	assert_int_equal(gregorian_from_jalali(1402, 0, 10, &y, &m, &d), -1);
	assert_int_equal(gregorian_from_jalali(1402, 7, 31, &y, &m, &d), -1);
	assert_int_equal(gregorian_from_jalali(1402, 11, 31, &y, &m, &d), -1);
	assert_int_equal(gregorian_from_jalali(1402, 6, 32, &y, &m, &d), -1);
	assert_int_equal(gregorian_from_jalali(1402, 1, 0, &y, &m, &d), -1);
	assert_int_equal(gregorian_from_jalali(1402, 1, -1, &y, &m, &d), -1);
	assert_int_equal(jalali_from_gregorian(2023, 2, 29, &y, &m, &d), -1);
	assert_int_equal(jalali_from_gregorian(2024, 2, 30, &y, &m, &d), -1);
	assert_int_equal(jalali_from_gregorian(1900, 2, 29, &y, &m, &d), -1);
	assert_int_equal(jalali_from_gregorian(2023, 4, 31, &y, &m, &d), -1);
	assert_int_equal(jalali_from_gregorian(2023, 13, 1, &y, &m, &d), -1);
	assert_int_equal(jalali_from_gregorian(2023, 0, 10, &y, &m, &d), -1);
	assert_int_equal(jalali_from_gregorian(2023, 1, 0, &y, &m, &d), -1);
	assert_int_equal(jalali_from_gregorian(2023, 1, 32, &y, &m, &d), -1);
	/* Outputs are untouched on failure. */
	assert_int_equal(y, 7);
	assert_int_equal(m, 7);
	assert_int_equal(d, 7);
	/* The valid neighbours. */
	check_j2g(1402, 6, 31, 2023, 9, 22);
	check_g2j(2000, 2, 29, 1378, 12, 10);
	assert_int_equal(jalali_from_gregorian(2024, 2, 29, &y, &m, &d), 0);
}

/* (5) Formatting and parsing. */
static void
test_format(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(jalali_format(1401, 2, 5, 0, buf, sizeof buf), 0);
	assert_string_equal(buf, "1401/02/05");
	assert_int_equal(jalali_format(1401, 2, 5, 1, buf, sizeof buf), 0);
	assert_string_equal(buf, "۱۴۰۱/۰۲/۰۵");
	assert_int_equal(jalali_format(1403, 12, 30, 1, buf, sizeof buf), 0);
	assert_string_equal(buf, "۱۴۰۳/۱۲/۳۰");
	assert_int_equal(jalali_format(99, 10, 1, 0, buf, sizeof buf), 0);
	assert_string_equal(buf, "0099/10/01");
	/* Invalid dates, and buffers too small by one. */
	memset(buf, 'X', sizeof buf);
	assert_int_equal(jalali_format(1404, 12, 30, 0, buf, sizeof buf), -1);
	assert_string_equal(buf, "");
	assert_int_equal(jalali_format(1402, 13, 1, 1, buf, sizeof buf), -1);
	assert_int_equal(jalali_format(0, 1, 1, 0, buf, sizeof buf), -1);
	assert_int_equal(jalali_format(1401, 2, 5, 0, buf, 10), -1);
	assert_int_equal(jalali_format(1401, 2, 5, 0, buf, 11), 0);
	assert_string_equal(buf, "1401/02/05");
	assert_int_equal(jalali_format(1401, 2, 5, 1, buf, 18), -1);
	assert_int_equal(jalali_format(1401, 2, 5, 1, buf, 19), 0);
	assert_string_equal(buf, "۱۴۰۱/۰۲/۰۵");
	assert_int_equal(jalali_format(1401, 2, 5, 1, buf, 0), -1);
}

static void
check_parse(const char *s, int jy, int jm, int jd)
{
	int y = 0, m = 0, d = 0;

	if (jalali_parse(s, &y, &m, &d) != 0)
		print_error("jalali_parse(\"%s\") failed\n", s);
	assert_int_equal(jalali_parse(s, &y, &m, &d), 0);
	assert_int_equal(y, jy);
	assert_int_equal(m, jm);
	assert_int_equal(d, jd);
}

static void
test_parse(void **state)
{
	static const char *const bad[] = {
		"1401/02", "abc", "1401/02/05x", "1404/12/30", "",
		"   ", "1401/02-05", "1401//02", "1401/02/05/",
		"14010/02/05", "401/02/05", "1401/002/05", "1401/02/005",
		"1401 /02/05", "1401/ 02/05", "+1401/02/05", "1401/02/5.",
		"1401,02,05", "1401/13/01", "1401/00/01", "1401/07/31",
		"1401/01/00", "0000/01/01", "9999/01/01",
		"۱۴۰۱/۰۲",				/* ۱۴۰۱/۰۲ */
		"1401\xff/02/05", "\xc0\xaf",
	};
	size_t i;

	(void)state;
	check_parse("1401/02/05", 1401, 2, 5);
	check_parse("1401-2-5", 1401, 2, 5);
	check_parse("1401.02.05", 1401, 2, 5);
	check_parse("۱۴۰۱/۰۲/۰۵", 1401, 2, 5);
	check_parse("١٤٠١-٢-٥", 1401, 2, 5);
	check_parse("۱۴0١/02/۵", 1401, 2, 5);
	check_parse("  1401/02/05\t", 1401, 2, 5);
	check_parse("\u200f۱۴۰۱/۰۲/۰۵\u200e", 1401, 2, 5);
	check_parse("\u2067۱۴۰۱\u200e/\u200e۰۲\u200e/\u200e۰۵\u2069", 1401, 2, 5);
	check_parse("1403/12/30", 1403, 12, 30);
	check_parse("0001/01/01", 1, 1, 1);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int y = 7, m = 7, d = 7;

		if (jalali_parse(bad[i], &y, &m, &d) != -1)
			print_error("jalali_parse accepted \"%s\"\n", bad[i]);
		assert_int_equal(jalali_parse(bad[i], &y, &m, &d), -1);
		assert_int_equal(y, 7);
		assert_int_equal(m, 7);
		assert_int_equal(d, 7);
	}
}

/* Format and parse are inverses for every day of a few years. */
static void
test_format_parse_roundtrip(void **state)
{
	int jy, jm, jd, persian;

	(void)state;
	for (jy = 1399; jy <= 1405; jy++)
		for (jm = 1; jm <= 12; jm++)
			for (jd = 1; jd <= jalali_month_days(jy, jm); jd++)
				for (persian = 0; persian <= 1; persian++) {
					char buf[32];
					int y, m, d;

					assert_int_equal(jalali_format(jy, jm, jd,
					    persian, buf, sizeof buf), 0);
					assert_int_equal(jalali_parse(buf, &y, &m, &d), 0);
					assert_int_equal(y, jy);
					assert_int_equal(m, jm);
					assert_int_equal(d, jd);
				}
}

static void
test_from_time(void **state)
{
	const time_t nowruz1404 = 1742515200;	/* 2025-03-21 00:00:00 UTC */
	int y, m, d;

	(void)state;
	assert_int_equal(setenv("TZ", "UTC0", 1), 0);
	tzset();
	assert_int_equal(jalali_from_time(nowruz1404, &y, &m, &d), 0);
	assert_int_equal(y, 1404);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
	assert_int_equal(jalali_from_time(nowruz1404 - 1, &y, &m, &d), 0);
	assert_int_equal(y, 1403);
	assert_int_equal(m, 12);
	assert_int_equal(d, 30);
	/* Tehran (UTC+3:30, a POSIX TZ string: no tzdata needed). */
	assert_int_equal(setenv("TZ", "<+0330>-3:30", 1), 0);
	tzset();
	assert_int_equal(jalali_from_time(nowruz1404 - 3 * 3600, &y, &m, &d), 0);
	assert_int_equal(y, 1404);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
	assert_int_equal(jalali_from_time(nowruz1404 - 4 * 3600, &y, &m, &d), 0);
	assert_int_equal(y, 1403);
	assert_int_equal(m, 12);
	assert_int_equal(d, 30);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nowruz_table),
		cmocka_unit_test(test_every_day_1300_1500),
		cmocka_unit_test(test_full_range),
		cmocka_unit_test(test_known_dates),
		cmocka_unit_test(test_invalid_dates),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_format_parse_roundtrip),
		cmocka_unit_test(test_from_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
