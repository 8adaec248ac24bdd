/*
 * report.c — the service report's rows, as service_report() gives them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jalali.h"
#include "report.h"
#include "xmalloc.h"

static const char REPORT_SQL[] =
    "SELECT coalesce(unit_code, ''), unit_fa, unit_en, coalesce(jy, 0),"
    " coalesce(jm, 0), received, approved, rejected, open,"
    " coalesce(decision_median, -1), coalesce(decision_p90, -1),"
    " coalesce(response_median, -1), coalesce(response_p90, -1),"
    " decided_within, decided_counted, answered_within, answered_counted"
    " FROM pishkhan.service_report($1::date, $2::date, $3)";

static long long
ll(PGresult *res, int r, int f)
{
	return strtoll(PQgetvalue(res, r, f), NULL, 10);
}

int
report_fetch(struct db *db, const char *from, const char *to,
    const char *unit, struct report *r)
{
	const char *params[3] = { from, to, unit };
	PGresult *res;
	size_t i;

	memset(r, 0, sizeof *r);
	if ((res = db_query(db, REPORT_SQL, 3, params)) == NULL)
		return -1;
	r->n = (size_t)PQntuples(res);
	r->rows = xcalloc(r->n > 0 ? r->n : 1, sizeof *r->rows);
	for (i = 0; i < r->n; i++) {
		struct report_row *w = &r->rows[i];
		int k = (int)i;

		snprintf(w->unit, sizeof w->unit, "%s", PQgetvalue(res, k, 0));
		if (!PQgetisnull(res, k, 1)) {
			w->unit_fa = xstrdup(PQgetvalue(res, k, 1));
			w->unit_en = xstrdup(PQgetvalue(res, k, 2));
		}
		w->jy = (int)ll(res, k, 3);
		w->jm = (int)ll(res, k, 4);
		w->received = ll(res, k, 5);
		w->approved = ll(res, k, 6);
		w->rejected = ll(res, k, 7);
		w->open = ll(res, k, 8);
		w->dmed = (int)ll(res, k, 9);
		w->d90 = (int)ll(res, k, 10);
		w->rmed = (int)ll(res, k, 11);
		w->r90 = (int)ll(res, k, 12);
		w->dwin = ll(res, k, 13);
		w->dcnt = ll(res, k, 14);
		w->rwin = ll(res, k, 15);
		w->rcnt = ll(res, k, 16);
	}
	PQclear(res);
	return 0;
}

void
report_free(struct report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->rows[i].unit_fa);
		free(r->rows[i].unit_en);
	}
	free(r->rows);
	r->rows = NULL;
	r->n = 0;
}

double
report_share(long long within, long long counted)
{
	return counted > 0 ? 100.0 * (double)within / (double)counted : -1;
}

int
report_jdate(const char *s, int end, char *out, size_t outsz)
{
	struct buf b = BUF_INIT;
	const char *p;
	char sep = 0;
	int jy, jm, jd, gy, gm, gd, rc = -1;

	if (jalali_parse(s, &jy, &jm, &jd) == -1) {
		/* YYYY/MM: the month's first day, with the same separator */
		for (p = s; *p != '\0'; p++)
			if (*p == '/' || *p == '-' || *p == '.') {
				if (sep != 0)
					goto done;	/* a whole date, and wrong */
				sep = *p;
			}
		if (sep == 0)
			goto done;
		buf_adds(&b, s);
		buf_addc(&b, sep);
		buf_addc(&b, '1');
		if (jalali_parse(buf_str(&b), &jy, &jm, &jd) == -1)
			goto done;
		if (end)
			jd = jalali_month_days(jy, jm);
	}
	if (gregorian_from_jalali(jy, jm, jd, &gy, &gm, &gd) == -1)
		goto done;
	if (snprintf(out, outsz, "%04d-%02d-%02d", gy, gm, gd) >= (int)outsz)
		goto done;
	rc = 0;
done:
	buf_free(&b);
	return rc;
}

int
report_period(const char *s, char *from, char *to, size_t sz)
{
	struct buf w[3] = { BUF_INIT, BUF_INIT, BUF_INIT };
	const char *p = s;
	char f[16], t[16];
	int n = 0, i, rc = -1;

	/* up to three words: a third makes it wrong */
	while (n < 3) {
		p += strspn(p, " \t");
		if (*p == '\0')
			break;
		buf_add(&w[n++], p, strcspn(p, " \t"));
		p += strcspn(p, " \t");
	}
	if (n == 3 || sz < sizeof f)
		goto done;
	if (n == 0) {
		from[0] = to[0] = '\0';
		rc = 0;
		goto done;
	}
	if (n == 1)
		buf_adds(&w[1], buf_str(&w[0]));
	if (report_jdate(buf_str(&w[0]), 0, f, sizeof f) == -1 ||
	    report_jdate(buf_str(&w[1]), 1, t, sizeof t) == -1)
		goto done;
	/* backwards: the later word ends it (ISO dates compare as text) */
	if (strcmp(f, t) > 0 &&
	    (report_jdate(buf_str(&w[1]), 0, f, sizeof f) == -1 ||
	    report_jdate(buf_str(&w[0]), 1, t, sizeof t) == -1))
		goto done;
	snprintf(from, sz, "%s", f);
	snprintf(to, sz, "%s", t);
	rc = 0;
done:
	for (i = 0; i < 3; i++)
		buf_free(&w[i]);
	return rc;
}
