/*
 * report.h — the service report (sql/028_report.sql's service_report):
 * per unit and per Jalali month of arrival, letters received, decided and
 * open, working days to decision and to response, and the shares decided
 * and answered within the levels.  pishkhanctl report and the console's
 * statistics screen read it through here, so they print the same rows.
 */
#ifndef PK_REPORT_H
#define PK_REPORT_H

#include <stddef.h>

#include "db.h"

struct report_row {
	char		 unit[16];	/* the unit's code; "" for every unit */
	char		*unit_fa;	/* its names; NULL for every unit */
	char		*unit_en;
	int		 jy, jm;	/* the Jalali month; 0, 0 for every month */
	long long	 received, approved, rejected, open;
	/* working days (percentile_disc); -1 when no letter counts */
	int		 dmed, d90, rmed, r90;
	long long	 dwin, dcnt;	/* decided within the level / counted */
	long long	 rwin, rcnt;	/* answered within the level / counted */
};

struct report {
	struct report_row	*rows;	/* units' rows first (each unit's months,
					   then its total), then every unit's
					   months, then the whole */
	size_t			 n;
};

/*
 * Fill r from service_report($from, $to, $unit): from and to Gregorian
 * "YYYY-MM-DD" (office dates of arrival, inclusive) or NULL; unit a code
 * or NULL.  0, or -1 with the error in db.  r is the caller's to free.
 */
int	 report_fetch(struct db *, const char *from, const char *to,
	    const char *unit, struct report *r);
void	 report_free(struct report *);

/* within / counted in percent, or -1 when nothing counted. */
double	 report_share(long long within, long long counted);

/*
 * A Jalali date typed as YYYY/MM/DD, or YYYY/MM for a whole month (its
 * first day, or its last when `end`), with '/', '-' or '.' and digits in
 * any script → the Gregorian "YYYY-MM-DD" in out (11 bytes or more).
 * 0, or -1 for something that is no such date.
 */
int	 report_jdate(const char *s, int end, char *out, size_t outsz);

/*
 * A period typed by a person: "FROM TO" or one date alone, each a Jalali
 * date or a month as report_jdate takes them ("1405/07" alone: the whole
 * of Mehr; "1405/07 1405/09": Mehr to Azar), any digits, spaces or tabs
 * between.  A period typed backwards is put in order.  from and to get
 * the Gregorian first and last days, "YYYY-MM-DD" (11 bytes or more), or
 * both "" for an empty text (no period: everything).  0, or -1 for
 * anything else (a date that does not exist, a third word).
 */
int	 report_period(const char *s, char *from, char *to, size_t sz);

#endif
