/*
 * jalali.c — Solar Hijri (Jalali) dates, as Iran officially keeps them.
 *
 * Leap years come from Kazimierz Borkowski's break-year algorithm ("The
 * Persian calendar for 3000 years", Earth, Moon and Planets 74, 1996), the
 * one jalaali-js uses: between consecutive "break" years the leap years
 * follow a 33-year pattern, and the breaks absorb the drift of the real
 * equinox.  It gives 1403 as a leap year, as the official calendar does; the
 * 2820-year cycle (libjalali) does not, so it is not used.  The Gregorian
 * side goes through the Julian Day Number (Fliegel & Van Flandern).
 */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L		/* localtime_r */
#endif

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "digits.h"
#include "jalali.h"
#include "u8.h"

#define JY_MIN	1
#define JY_MAX	3177

static const int breaks[] = {
	-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060,
	2097, 2192, 2262, 2324, 2394, 2456, 3178
};
#define NBREAKS	((int)(sizeof(breaks) / sizeof(breaks[0])))

static const char *const names_fa[12] = {
	"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
	"مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
};

static const char *const names_en[12] = {
	"Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
	"Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
};

/*
 * Borkowski's jalCal for JY_MIN <= jy <= JY_MAX: sets *march to the day of
 * March (Gregorian year jy + 621) on which Farvardin 1 falls, and *leap to
 * the number of years since the last leap year (0: jy is a leap year).
 * All quantities are non-negative here, so C's truncating division is the
 * floor the algorithm asks for.
 */
static void
jal_cal(int jy, int *march, int *leap)
{
	int gy = jy + 621, leap_j = -14, jp = breaks[0], jump = 0, n, i;
	int leap_g, l;

	for (i = 1; i < NBREAKS; i++) {
		int jm = breaks[i];

		jump = jm - jp;
		if (jy < jm)
			break;
		leap_j += jump / 33 * 8 + jump % 33 / 4;
		jp = jm;
	}
	n = jy - jp;

	/* Leap days from AD 621 to Farvardin 1 of jy, Persian calendar … */
	leap_j += n / 33 * 8 + (n % 33 + 3) / 4;
	if (jump % 33 == 4 && jump - n == 4)
		leap_j++;
	/* … and Gregorian calendar. */
	leap_g = gy / 4 - (gy / 100 + 1) * 3 / 4 - 150;
	*march = 20 + leap_j - leap_g;

	/* Years since the last leap year. */
	if (jump - n < 6)
		n = n - jump + (jump + 4) / 33 * 33;
	l = ((n + 1) % 33 - 1) % 4;
	*leap = l == -1 ? 4 : l;
}

static int
greg_leap(int gy)
{
	return (gy % 4 == 0 && gy % 100 != 0) || gy % 400 == 0;
}

static int
greg_month_days(int gy, int gm)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return gm == 2 && greg_leap(gy) ? 29 : mdays[gm - 1];
}

/* Julian Day Number of a proleptic Gregorian date (gy >= -4713). */
static long
g2jdn(int gy, int gm, int gd)
{
	long a = (14 - gm) / 12;
	long y = (long)gy + 4800 - a;
	long m = gm + 12 * a - 3;

	return gd + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 -
	    32045;
}

static void
jdn2g(long jdn, int *gy, int *gm, int *gd)
{
	long a = jdn + 32044;
	long b = (4 * a + 3) / 146097;
	long c = a - 146097 * b / 4;
	long d = (4 * c + 3) / 1461;
	long e = c - 1461 * d / 4;
	long m = (5 * e + 2) / 153;

	*gd = (int)(e - (153 * m + 2) / 5 + 1);
	*gm = (int)(m + 3 - 12 * (m / 10));
	*gy = (int)(100 * b + d - 4800 + m / 10);
}

/* JDN of Farvardin 1 of jy (JY_MIN <= jy <= JY_MAX). */
static long
nowruz(int jy)
{
	int march, leap;

	jal_cal(jy, &march, &leap);
	return g2jdn(jy + 621, 3, march);
}

int
jalali_is_leap(int jy)
{
	int march, leap;

	if (jy < JY_MIN || jy > JY_MAX)
		return -1;
	jal_cal(jy, &march, &leap);
	return leap == 0;
}

int
jalali_month_days(int jy, int jm)
{
	if (jy < JY_MIN || jy > JY_MAX || jm < 1 || jm > 12)
		return -1;
	if (jm <= 6)
		return 31;
	if (jm <= 11)
		return 30;
	return jalali_is_leap(jy) ? 30 : 29;
}

static int
jalali_valid(int jy, int jm, int jd)
{
	int md = jalali_month_days(jy, jm);

	return md > 0 && jd >= 1 && jd <= md;
}

int
gregorian_from_jalali(int jy, int jm, int jd, int *gy, int *gm, int *gd)
{
	long jdn;

	if (!jalali_valid(jy, jm, jd) || gy == NULL || gm == NULL || gd == NULL)
		return -1;
	jdn = nowruz(jy) + (jm <= 7 ? (jm - 1) * 31 : 186 + (jm - 7) * 30) +
	    jd - 1;
	jdn2g(jdn, gy, gm, gd);
	return 0;
}

int
jalali_from_gregorian(int gy, int gm, int gd, int *jy, int *jm, int *jd)
{
	long jdn, k;
	int y;

	if (jy == NULL || jm == NULL || jd == NULL)
		return -1;
	/* Cheap bounds first, so nothing below can overflow. */
	if (gy < JY_MIN + 620 || gy > JY_MAX + 622 || gm < 1 || gm > 12 ||
	    gd < 1 || gd > greg_month_days(gy, gm))
		return -1;
	jdn = g2jdn(gy, gm, gd);

	/* Farvardin 1 falls in March of gy, so jy is gy - 621 or gy - 622. */
	y = gy - 621;
	if (y > JY_MAX || (y >= JY_MIN && jdn < nowruz(y)))
		y--;
	if (y < JY_MIN || y > JY_MAX)
		return -1;
	k = jdn - nowruz(y);
	if (k < 0 || k >= 365 + jalali_is_leap(y))
		return -1;
	*jy = y;
	if (k < 186) {
		*jm = (int)(k / 31) + 1;
		*jd = (int)(k % 31) + 1;
	} else {
		k -= 186;
		*jm = (int)(k / 30) + 7;
		*jd = (int)(k % 30) + 1;
	}
	return 0;
}

const char *
jalali_month_name(int jm, int persian)
{
	if (jm < 1 || jm > 12)
		return NULL;
	return persian ? names_fa[jm - 1] : names_en[jm - 1];
}

int
jalali_format(int jy, int jm, int jd, int persian, char *buf, size_t bufsz)
{
	char tmp[16];
	int n;

	if (buf == NULL || bufsz == 0)
		return -1;
	buf[0] = '\0';
	if (!jalali_valid(jy, jm, jd))
		return -1;
	n = snprintf(tmp, sizeof tmp, "%04d/%02d/%02d", jy, jm, jd);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return -1;
	if (persian)
		return digits_to_fa(tmp, buf, bufsz) < 0 ? -1 : 0;
	if ((size_t)n >= bufsz)
		return -1;
	memcpy(buf, tmp, (size_t)n + 1);
	return 0;
}

/* Invisible marks that pasted dates carry: ignored anywhere. */
static int
is_mark(uint32_t cp)
{
	return cp == 0x061C || cp == 0xFEFF || (cp >= 0x200B && cp <= 0x200F) ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static int
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == 0x00A0 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A);
}

/*
 * Fold s to ASCII: digits of any script become '0'..'9', separators stay,
 * blanks become ' ', bidi marks vanish.  Anything else fails.  Returns the
 * length, or -1.
 */
static int
fold(const char *s, char *out, size_t outsz)
{
	size_t i = 0, len = strlen(s), o = 0;

	while (i < len) {
		uint32_t cp;
		int n = u8_decode(s + i, len - i, &cp), d;
		char c;

		if (n <= 0)
			return -1;
		i += (size_t)n;
		if (is_mark(cp))
			continue;
		if ((d = digits_value(cp)) >= 0)
			c = (char)('0' + d);
		else if (cp == '/' || cp == '-' || cp == '.')
			c = (char)cp;
		else if (is_space(cp))
			c = ' ';
		else
			return -1;
		if (o + 1 >= outsz)
			return -1;
		out[o++] = c;
	}
	out[o] = '\0';
	return (int)o;
}

/* Read 'min'..'max' ASCII digits at *p into *v, advancing *p.  0 or -1. */
static int
number(const char **p, int min, int max, int *v)
{
	int n = 0, x = 0;

	while (**p >= '0' && **p <= '9') {
		if (++n > max)
			return -1;
		x = x * 10 + (**p - '0');
		(*p)++;
	}
	if (n < min)
		return -1;
	*v = x;
	return 0;
}

int
jalali_parse(const char *s, int *jy, int *jm, int *jd)
{
	char buf[64];
	const char *p = buf;
	int y, m, d;
	char sep;

	if (s == NULL || jy == NULL || jm == NULL || jd == NULL)
		return -1;
	if (fold(s, buf, sizeof buf) < 0)
		return -1;
	while (*p == ' ')
		p++;
	if (number(&p, 4, 4, &y) < 0)
		return -1;
	sep = *p;
	if (sep != '/' && sep != '-' && sep != '.')
		return -1;
	p++;
	if (number(&p, 1, 2, &m) < 0 || *p++ != sep)
		return -1;
	if (number(&p, 1, 2, &d) < 0)
		return -1;
	while (*p == ' ')
		p++;
	if (*p != '\0' || !jalali_valid(y, m, d))
		return -1;
	*jy = y;
	*jm = m;
	*jd = d;
	return 0;
}

int
jalali_from_time(time_t t, int *jy, int *jm, int *jd)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return -1;
	return jalali_from_gregorian(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, jy, jm, jd);
}
