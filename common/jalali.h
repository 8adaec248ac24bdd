/*
 * jalali.h — the Solar Hijri (Jalali) calendar, as Iran officially keeps it.
 *
 * Leap years follow the astronomical calendar (Nowruz is the day of the March
 * equinox if it falls before noon Tehran time, else the day after), computed
 * with Borkowski's break-year algorithm (as in jalaali-js);
 * tests/unit/test_jalali.c checks it against ICU's Persian calendar for
 * 1300-1500 AP.  It is NOT the 2820-year cycle (libjalali), which is wrong
 * for real years: 1403 is a leap year, so 20 March 2025 is 1403/12/30 and
 * 21 March 2025 1404/01/01.
 *
 * Supported range: Jalali 0001/01/01 .. 3177/12/29, that is Gregorian
 * (proleptic) 622-03-22 .. 3799-03-19; dates outside it, and dates that do
 * not exist, give -1.  On -1 the output arguments are left untouched.
 */
#ifndef PK_JALALI_H
#define PK_JALALI_H

#include <stddef.h>
#include <time.h>

int jalali_from_gregorian(int gy, int gm, int gd, int *jy, int *jm, int *jd);
int gregorian_from_jalali(int jy, int jm, int jd, int *gy, int *gm, int *gd);

/* 1 if Jalali year jy has 366 days (Esfand has 30), 0 if not, -1 out of range. */
int jalali_is_leap(int jy);

/* Days in Jalali month jm (1..12) of year jy, or -1. */
int jalali_month_days(int jy, int jm);

/*
 * Month names: jalali_month_name(1, 1) = "فروردین", (1, 0) = "Farvardin".
 * NULL if jm is not 1..12.
 */
const char *jalali_month_name(int jm, int persian);

/*
 * Format as "1401/02/05" (persian = 0) or "۱۴۰۱/۰۲/۰۵" (persian = 1) into
 * buf (11 and 19 bytes needed; 32 is always enough).  Returns 0, or -1 with
 * buf set to "" for an invalid date or a buffer too small.
 */
int jalali_format(int jy, int jm, int jd, int persian, char *buf, size_t bufsz);

/*
 * Parse "1401/02/05", "1401-2-5", "1401.2.5": a 4-digit year, 1-2 digit
 * month and day, both separators the same ('/', '-' or '.'), with ASCII,
 * Persian or Arabic-Indic digits.  Surrounding blanks are allowed, and bidi
 * marks anywhere.  Returns 0 for an existing date, -1 otherwise.
 */
int jalali_parse(const char *s, int *jy, int *jm, int *jd);

/* The Jalali date of time t in the local time zone (localtime_r). 0 or -1. */
int jalali_from_time(time_t t, int *jy, int *jm, int *jd);

#endif
