/*
 * fuzz_jalali.c — Jalali dates typed by people (common/jalali.c).
 *
 * A date that parses must exist, format back to the same date in both
 * scripts, and survive the trip through the Gregorian calendar.
 */
#include "fuzz.h"

#include "jalali.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_str(data, size), fa[32], en[32], small[11];
	int jy, jm, jd, y2, m2, d2, gy, gm, gd;

	if (jalali_parse(in, &jy, &jm, &jd) == 0) {
		FUZZ_ASSERT(jm >= 1 && jm <= 12 && jd >= 1);
		FUZZ_ASSERT(jd <= jalali_month_days(jy, jm));
		FUZZ_ASSERT(jalali_month_name(jm, 1) != NULL);
		FUZZ_ASSERT(jalali_format(jy, jm, jd, 0, en, sizeof en) == 0);
		FUZZ_ASSERT(jalali_format(jy, jm, jd, 1, fa, sizeof fa) == 0);
		FUZZ_ASSERT(jalali_format(jy, jm, jd, 1, small, sizeof small) == -1 &&
		    small[0] == '\0');
		FUZZ_ASSERT(jalali_parse(en, &y2, &m2, &d2) == 0 &&
		    y2 == jy && m2 == jm && d2 == jd);
		FUZZ_ASSERT(jalali_parse(fa, &y2, &m2, &d2) == 0 &&
		    y2 == jy && m2 == jm && d2 == jd);
		FUZZ_ASSERT(gregorian_from_jalali(jy, jm, jd, &gy, &gm, &gd) == 0);
		FUZZ_ASSERT(jalali_from_gregorian(gy, gm, gd, &y2, &m2, &d2) == 0 &&
		    y2 == jy && m2 == jm && d2 == jd);
	}
	/* The numbers themselves, as a program might pass them. */
	if (size >= 6) {
		int y = (int)(data[0] | data[1] << 8 | (data[2] & 0x7f) << 16);
		int m = (int)(int8_t)data[3], d = (int)(int8_t)data[4];

		if (gregorian_from_jalali(y, m, d, &gy, &gm, &gd) == 0)
			FUZZ_ASSERT(jalali_from_gregorian(gy, gm, gd, &y2, &m2, &d2) == 0 &&
			    y2 == y && m2 == m && d2 == d);
		if (jalali_from_gregorian(y, m, d, &jy, &jm, &jd) == 0)
			FUZZ_ASSERT(gregorian_from_jalali(jy, jm, jd, &y2, &m2, &d2) == 0 &&
			    y2 == y && m2 == m && d2 == d);
		(void)jalali_is_leap(y);
		(void)jalali_month_days(y, m);
		(void)jalali_format(y, m, d, data[5] & 1, fa, sizeof fa);
	}
	free(in);
	return 0;
}
