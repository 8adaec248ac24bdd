/*
 * screen_stats.c — `R` from the queue: the service report (sql/028,
 * common/report.h) as bar charts, a block of three lines a unit and one
 * for every unit: the letters received (against every unit's: a full bar), the
 * share decided within the level and the share answered within it (0 to
 * 100%), each with its number and, beside, the counts or the working
 * days' median and 90th percentile.  Over every letter, as
 * `pishkhanctl report` with no dates prints its totals, or over the
 * letters that arrived in a period (d: days or months, as --from and --to
 * take them; c: every letter again), said in the title.
 *
 * Columns run from the reading start (the right edge in Persian), as on
 * every screen; the bars themselves fill from the left in either language
 * (ui_bar).  Clerks and admins only: the database refuses others.
 */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "console.h"
#include "digits.h"
#include "report.h"
#include "table.h"
#include "ui.h"
#include "xmalloc.h"

struct sview {
	struct report	 r;
	const struct report_row **rows;	/* each unit's total, then the whole */
	size_t		 n;
	long long	 max;		/* every unit's letters: the full bar */
	int		 top;		/* the first block shown */
	int		 shown;		/* blocks on the screen */
	int		 loaded;
	char		 from[16], to[16];	/* ISO, "" for every letter */
	struct buf	 title;
};

/* A number in the reader's digits. */
static const char *
num(const struct con *c, const char *ascii, char *out, size_t outsz)
{
	if (c->lang != LANG_FA || digits_to_fa(ascii, out, outsz) < 0)
		snprintf(out, outsz, "%s", ascii);
	return out;
}

static const char *
count(const struct con *c, long long v, char *out, size_t outsz)
{
	char a[32];

	snprintf(a, sizeof a, "%lld", v);
	return num(c, a, out, outsz);
}

static const char *
days(const struct con *c, int v, char *out, size_t outsz)
{
	char a[16];

	if (v < 0)
		return "–";
	snprintf(a, sizeof a, "%d", v);
	return num(c, a, out, outsz);
}

/* "87.5%" ("۸۷٫۵٪"), or a dash when nothing counted. */
static const char *
share(const struct con *c, double s, char *out, size_t outsz)
{
	char a[32], f[48];

	if (s < 0)
		return "–";
	snprintf(a, sizeof a, "%.1f", s);
	if (c->lang != LANG_FA) {
		snprintf(out, outsz, "%s%%", a);
		return out;
	}
	num(c, a, f, sizeof f);
	/* the Persian decimal separator and percent sign */
	{
		struct buf b = BUF_INIT;
		const char *p;

		for (p = f; *p != '\0'; p++)
			if (*p == '.')
				buf_adds(&b, "\xd9\xab");
			else
				buf_addc(&b, *p);
		buf_adds(&b, "\xd9\xaa");
		snprintf(out, outsz, "%s", buf_str(&b));
		buf_free(&b);
	}
	return out;
}

static void
stats_load(struct con *c, struct sview *v)
{
	size_t i;

	report_free(&v->r);
	free(v->rows);
	v->rows = NULL;
	v->n = 0;
	v->max = 1;
	v->loaded = 0;
	if (report_fetch(c->db, v->from[0] != '\0' ? v->from : NULL,
	    v->to[0] != '\0' ? v->to : NULL, NULL, &v->r) == -1) {
		con_db_fail(c);
		return;
	}
	v->loaded = 1;
	v->rows = xcalloc(v->r.n + 1, sizeof *v->rows);
	for (i = 0; i < v->r.n; i++) {
		const struct report_row *w = &v->r.rows[i];

		if (w->jy != 0)
			continue;
		v->rows[v->n++] = w;	/* units' totals, then the whole */
		if (w->unit[0] == '\0' && w->received > 0)
			v->max = w->received;
	}
	if (v->top >= (int)v->n)
		v->top = 0;
}

static void
stats_draw(struct con *c, struct screen *s, int rows, int cols)
{
	struct sview *v = s->data;
	/* unit, what, its number, the bar, the detail */
	struct table_col tc[5] = {
		{ .width = 24, .min = 12 }, { .width = 12, .min = 8 },
		{ .width = 7 }, { .width = 16, .min = 8, .grow = 1, .max = 50 },
		{ .width = 30, .min = 20, .drop = 1 },
	};
	int x[5], w[5], y = 2, k;
	size_t i;
	char n1[48], n2[48], n3[48];
	struct buf d = BUF_INIT;

	v->shown = 0;
	if (!v->loaded)
		return;
	if (v->n == 0) {
		ui_cell(c, 2, 1, cols - 2, con_t(c, MSG_RPT_EMPTY), UI_PLAIN, 0);
		return;
	}
	table_fit(&tc[1], con_t(c, MSG_RPT_RECEIVED));
	table_fit(&tc[1], con_t(c, MSG_RPT_DEC_SHARE));
	table_fit(&tc[1], con_t(c, MSG_RPT_RESP_SHARE));
	table_layout(tc, 5, ui_rtl(c), 1, cols - 2, 0, x, w);
	for (i = (size_t)v->top; i < v->n && y + 3 <= rows - 2; i++, y += 4) {
		const struct report_row *r = v->rows[i];
		double ds = report_share(r->dwin, r->dcnt);
		double rs = report_share(r->rwin, r->rcnt);

		ui_cell(c, y, x[0], w[0], r->unit[0] != '\0' ?
		    (c->lang == LANG_FA ? r->unit_fa : r->unit_en) :
		    con_t(c, MSG_RPT_ALL_UNITS), UI_TITLE, 0);
		/* the letters received: approved, rejected, open beside */
		ui_cell(c, y, x[1], w[1], con_t(c, MSG_RPT_RECEIVED), UI_PLAIN, 0);
		ui_num(c, y, x[2], w[2], count(c, r->received, n1, sizeof n1), UI_PLAIN);
		ui_bar(c, y, x[3], w[3], (double)r->received / (double)v->max,
		    r->unit[0] != '\0' ? UI_DIM : UI_PLAIN);
		buf_reset(&d);
		buf_addf(&d, con_t(c, MSG_RPT_DETAIL_COUNTS),
		    count(c, r->approved, n1, sizeof n1),
		    count(c, r->rejected, n2, sizeof n2), count(c, r->open, n3, sizeof n3));
		ui_cell(c, y, x[4], w[4], buf_str(&d), UI_PLAIN, 0);
		/* decided, then answered, within the level */
		for (k = 0; k < 2; k++) {
			double sh = k == 0 ? ds : rs;

			ui_cell(c, y + 1 + k, x[1], w[1], con_t(c, k == 0 ?
			    MSG_RPT_DEC_SHARE : MSG_RPT_RESP_SHARE), UI_PLAIN, 0);
			ui_num(c, y + 1 + k, x[2], w[2], share(c, sh, n1, sizeof n1),
			    sh >= 0 && sh < 50 ? UI_BAD : UI_PLAIN);
			ui_bar(c, y + 1 + k, x[3], w[3], sh < 0 ? 0 : sh / 100.0,
			    UI_GOOD);
			buf_reset(&d);
			buf_addf(&d, con_t(c, MSG_RPT_DETAIL_DAYS),
			    days(c, k == 0 ? r->dmed : r->rmed, n2, sizeof n2),
			    days(c, k == 0 ? r->d90 : r->r90, n3, sizeof n3));
			ui_cell(c, y + 1 + k, x[4], w[4], buf_str(&d), UI_PLAIN, 0);
		}
		v->shown++;
	}
	buf_free(&d);
	ui_cell(c, rows - 2, 1, cols - 2, con_t(c, MSG_RPT_HINTS), UI_DIM, 0);
}

static const char *
stats_title(struct con *c, struct screen *s)
{
	struct sview *v = s->data;

	buf_reset(&v->title);
	buf_adds(&v->title, con_t(c, MSG_RPT_TITLE));
	con_period_title(c, &v->title, v->from, v->to);
	return buf_str(&v->title);
}

static int
stats_act(struct con *c, struct screen *s, enum action a)
{
	struct sview *v = s->data;

	switch (a) {
	case ACT_DOWN:
	case ACT_PAGE_DOWN:
		if (v->top + v->shown < (int)v->n)
			v->top++;
		return 0;
	case ACT_UP:
	case ACT_PAGE_UP:
		if (v->top > 0)
			v->top--;
		return 0;
	case ACT_HOME:
		v->top = 0;
		return 0;
	case ACT_REFRESH:
		stats_load(c, v);
		return 0;
	case ACT_DATES:
		if (con_ask_period(c, v->from, v->to, sizeof v->from)) {
			v->top = 0;
			stats_load(c, v);
		}
		return 0;
	case ACT_CLEAR:
		v->from[0] = v->to[0] = '\0';
		v->top = 0;
		stats_load(c, v);
		return 0;
	case ACT_BACK:
	case ACT_STATS:
		return SCREEN_POP;
	default:
		con_msg(c, 0, "%s", con_t(c, MSG_CON_NOT_HERE));
		return 0;
	}
}

static void
stats_done(struct screen *s)
{
	struct sview *v = s->data;

	report_free(&v->r);
	free(v->rows);
	buf_free(&v->title);
	free(v);
}

static const struct screen_ops stats_ops = {
	0, stats_draw, stats_title, stats_act, stats_done
};

void
screen_stats_open(struct con *c)
{
	struct sview *v;

	if (!c->me.clerk && !c->me.admin) {
		con_msg(c, 1, "%s", con_t(c, MSG_RPT_CLERKS_ONLY));
		return;
	}
	v = xcalloc(1, sizeof *v);
	con_push(c, &stats_ops, v);
	stats_load(c, v);
}
