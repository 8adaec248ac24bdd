/*
 * period.c — the period a clerk types with `d`, in the queue (the letters'
 * arrival) and in the statistics (the report's months): "FROM TO", one
 * date, or months ("1405/07": the whole of Mehr), any digits, as
 * report_period (common/report.c) reads them; and how a screen's title
 * says it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "console.h"
#include "jalali.h"
#include "report.h"
#include "ui.h"

/* An ISO date's Jalali text in the reader's digits. */
static void
jalali_of_iso(const struct con *c, const char *iso, char *out, size_t outsz)
{
	int gy, gm, gd, jy, jm, jd;

	out[0] = '\0';
	if (sscanf(iso, "%d-%d-%d", &gy, &gm, &gd) == 3 &&
	    jalali_from_gregorian(gy, gm, gd, &jy, &jm, &jd) == 0)
		jalali_format(jy, jm, jd, c->lang == LANG_FA, out, outsz);
}

int
con_ask_period(struct con *c, char *from, char *to, size_t sz)
{
	char cur[80] = "", a[32], b[32], f[16], t[16];
	char *s;

	if (from[0] != '\0') {
		jalali_of_iso(c, from, a, sizeof a);
		jalali_of_iso(c, to, b, sizeof b);
		snprintf(cur, sizeof cur, "%s %s", a, b);
	}
	if ((s = ui_prompt_sel(c, con_t(c, MSG_CON_ASK_DATES), cur)) == NULL)
		return 0;
	if (report_period(s, f, t, sizeof f) == -1) {
		con_msg(c, 1, "%s", con_t(c, MSG_CON_BAD_DATES));
		free(s);
		return 0;
	}
	free(s);
	snprintf(from, sz, "%s", f);
	snprintf(to, sz, "%s", t);
	return 1;
}

void
con_period_title(const struct con *c, struct buf *title, const char *from,
    const char *to)
{
	char a[32], b[32];

	if (from[0] == '\0')
		return;
	/* Jalali, in the language's digits, in words: "from … to …" reads
	 * in order in either direction, each date isolated. */
	jalali_of_iso(c, from, a, sizeof a);
	jalali_of_iso(c, to, b, sizeof b);
	buf_adds(title, " \xe2\x80\x94 ");
	if (strcmp(a, b) == 0)
		buf_addf(title, con_t(c, MSG_CON_DATE_ONE), a);
	else
		buf_addf(title, con_t(c, MSG_CON_DATE_RANGE), a, b);
}
