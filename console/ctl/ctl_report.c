/*
 * ctl_report.c — pishkhanctl report: the service report (sql/028), per
 * unit and per Jalali month of arrival.  Tab-separated with a header line
 * by default, for scripts; --html FILE writes one self-contained Persian
 * page (inline CSS and SVG, nothing fetched) with bar charts per unit and
 * the monthly trend, laid out to print on A4.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "ctl.h"
#include "digits.h"
#include "html.h"
#include "i18n.h"
#include "jalali.h"
#include "report.h"

struct report_opts {
	char		 from[16], to[16];	/* Gregorian YYYY-MM-DD, or "" */
	char		 fromj[64], toj[64];	/* as typed, for the page */
	char		 unit[24];
	const char	*html;
};

static const struct option report_options[] = {
	{ "from", required_argument, NULL, 'f' },
	{ "to", required_argument, NULL, 't' },
	{ "unit", required_argument, NULL, 'u' },
	{ "html", required_argument, NULL, 'H' },
	{ NULL, 0, NULL, 0 }
};

static int
on_opt(int ch, const char *arg, void *ctx)
{
	struct report_opts *o = ctx;

	switch (ch) {
	case 'f':
	case 't':
		if (report_jdate(arg, ch == 't', ch == 'f' ? o->from : o->to,
		    sizeof o->from) == -1) {
			ctl_usage("'%s' is not a Jalali date (YYYY/MM/DD) or month "
			    "(YYYY/MM)", arg);
			return -1;
		}
		snprintf(ch == 'f' ? o->fromj : o->toj, sizeof o->fromj, "%s", arg);
		return 0;
	case 'u':
		return ctl_unit_code(arg, o->unit, sizeof o->unit);
	case 'H':
		o->html = arg;
		return 0;
	}
	return -1;
}

/* ------------------------------------------------------------------ */
/* TSV */

static void
tsv_count(long long v)
{
	printf("\t%lld", v);
}

static void
tsv_days(int v)
{
	if (v >= 0)
		printf("\t%d", v);
	else
		fputs("\t", stdout);
}

static void
tsv_share(long long within, long long counted)
{
	double s = report_share(within, counted);

	tsv_count(within);
	tsv_count(counted);
	if (s >= 0)
		printf("\t%.1f", s);
	else
		fputs("\t", stdout);
}

static void
print_tsv(const struct report *r)
{
	size_t i;

	puts("unit\tmonth\treceived\tapproved\trejected\topen"
	    "\tdecision_median\tdecision_p90\tresponse_median\tresponse_p90"
	    "\tdecided_within\tdecided_counted\tdecided_share"
	    "\tanswered_within\tanswered_counted\tanswered_share");
	for (i = 0; i < r->n; i++) {
		const struct report_row *w = &r->rows[i];

		fputs(w->unit[0] != '\0' ? w->unit : "all", stdout);
		if (w->jy > 0)
			printf("\t%04d/%02d", w->jy, w->jm);
		else
			fputs("\tall", stdout);
		tsv_count(w->received);
		tsv_count(w->approved);
		tsv_count(w->rejected);
		tsv_count(w->open);
		tsv_days(w->dmed);
		tsv_days(w->d90);
		tsv_days(w->rmed);
		tsv_days(w->r90);
		tsv_share(w->dwin, w->dcnt);
		tsv_share(w->rwin, w->rcnt);
		putchar('\n');
	}
}

/* ------------------------------------------------------------------ */
/* HTML */

#define FA(id)	i18n(LANG_FA, MSG_##id)

/* Append ASCII text with its digits made Persian. */
static void
fa_add(struct buf *b, const char *ascii)
{
	char out[256];

	if (digits_to_fa(ascii, out, sizeof out) < 0)
		html_esc(b, ascii);
	else
		html_esc(b, out);
}

static void
fa_num(struct buf *b, long long v)
{
	char s[32];

	snprintf(s, sizeof s, "%lld", v);
	fa_add(b, s);
}

static void
fa_days(struct buf *b, int v)
{
	if (v < 0)
		buf_adds(b, "–");
	else
		fa_num(b, v);
}

/* "۸۷٫۵٪", or a dash when nothing counted. */
static void
fa_share(struct buf *b, long long within, long long counted)
{
	double s = report_share(within, counted);
	char a[32], *dot;

	if (s < 0) {
		buf_adds(b, "–");
		return;
	}
	snprintf(a, sizeof a, "%.1f", s);
	if ((dot = strchr(a, '.')) != NULL) {
		*dot = '\0';
		fa_add(b, a);
		buf_adds(b, "٫");	/* U+066B, the Persian decimal separator */
		fa_add(b, dot + 1);
	} else
		fa_add(b, a);
	buf_adds(b, "٪");
}

/* "مهر ۱۴۰۵" */
static void
fa_month(struct buf *b, int jy, int jm)
{
	buf_adds(b, jalali_month_name(jm, 1));
	buf_addc(b, ' ');
	fa_num(b, jy);
}

static void
fa_unit(struct buf *b, const struct report_row *w)
{
	if (w->unit_fa != NULL)
		html_esc(b, w->unit_fa);
	else
		buf_adds(b, FA(RPT_ALL_UNITS));
}

static const char CSS[] =
    "@page{size:A4;margin:14mm 12mm}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "body{font-family:Vazirmatn,'Noto Sans Arabic','DejaVu Sans',Tahoma,sans-serif;"
    "color:#1a1a1a;background:#fff;margin:0 auto;max-width:186mm;line-height:1.5;font-size:11pt}"
    "h1{font-size:17pt;margin:0 0 2mm}h2{font-size:13pt;margin:6mm 0 2mm;"
    "border-bottom:1px solid #999;padding-bottom:1mm}"
    "p.sub{margin:0 0 4mm;color:#444}"
    "section{break-inside:avoid;page-break-inside:avoid}"
    "section.long{break-inside:auto;page-break-inside:auto}"
    "svg{display:block;width:100%;height:auto;direction:ltr}"
    "svg text{font-family:inherit;font-size:11px;fill:#1a1a1a}"
    "table{border-collapse:collapse;width:100%;font-size:9pt}"
    "th,td{border:1px solid #bbb;padding:1mm 1.5mm;text-align:center}"
    "th{background:#eef1f5}td.n{text-align:right}"
    "tr{break-inside:avoid;page-break-inside:avoid}"
    "tr.total td{font-weight:bold;background:#f6f6f6}"
    "thead{display:table-header-group}"
    ".legend span{display:inline-block;margin-left:5mm}"
    ".sw{display:inline-block;width:3mm;height:3mm;margin-left:1.5mm;"
    "vertical-align:middle;border:1px solid #555}"
    "dl{font-size:9pt}dt{font-weight:bold}dd{margin:0 4mm 1.5mm 0}"
    "@media print{body{max-width:none}}";

/* The colours of the charts (with words beside them: never colour alone). */
#define C_APPROVED	"#2e7d32"
#define C_REJECTED	"#c62828"
#define C_OPEN		"#9e9e9e"
#define C_DECIDED	"#1565c0"
#define C_ANSWERED	"#00897b"

static void
swatch(struct buf *b, const char *colour, const char *label)
{
	buf_addf(b, "<span><i class=\"sw\" style=\"background:%s\"></i>", colour);
	buf_adds(b, label);
	buf_adds(b, "</span>");
}

/* The rows of every unit's total (month 0), in order. */
static size_t
unit_totals(const struct report *r, const struct report_row **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < r->n && n < max; i++)
		if (r->rows[i].unit[0] != '\0' && r->rows[i].jy == 0)
			out[n++] = &r->rows[i];
	return n;
}

#define W	680	/* the charts' width in user units (A4's text width) */
#define LABEL_W	190	/* the units' names, at the right */

/* Stacked bars per unit: approved, rejected, open; the count beside. */
static void
chart_units(struct buf *b, const struct report_row *const *u, size_t n)
{
	long long max = 1;
	size_t i;
	int h = 26, top = 6, bar = LABEL_W + 10, len = W - bar - 60;

	for (i = 0; i < n; i++)
		if (u[i]->received > max)
			max = u[i]->received;
	buf_addf(b, "<svg viewBox=\"0 0 %d %zu\" role=\"img\" aria-label=\"", W,
	    (size_t)top + n * (size_t)h + 4);
	buf_adds(b, FA(RPT_RECEIVED));
	buf_adds(b, "\">");
	for (i = 0; i < n; i++) {
		const struct report_row *w = u[i];
		long long part[3] = { w->approved, w->rejected, w->open };
		const char *col[3] = { C_APPROVED, C_REJECTED, C_OPEN };
		double x = W - bar;	/* bars grow leftwards, as the page reads */
		int y = top + (int)i * h, k;

		buf_addf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		    W - 2, y + 15);
		fa_unit(b, w);
		buf_adds(b, "</text>");
		for (k = 0; k < 3; k++) {
			double wd = (double)len * (double)part[k] / (double)max;

			if (part[k] == 0)
				continue;
			x -= wd;
			buf_addf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" "
			    "fill=\"%s\"><title>", x, y + 2, wd, col[k]);
			fa_num(b, part[k]);
			buf_adds(b, "</title></rect>");
		}
		buf_addf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\">", x - 4, y + 15);
		fa_num(b, w->received);
		buf_adds(b, "</text>");
	}
	buf_adds(b, "</svg>");
}

/* Two percentage bars per unit: decided and answered within the level. */
static void
chart_shares(struct buf *b, const struct report_row *const *u, size_t n)
{
	size_t i;
	int h = 40, top = 16, bar = LABEL_W + 10, len = W - bar - 70, k;

	buf_addf(b, "<svg viewBox=\"0 0 %d %zu\" role=\"img\" aria-label=\"", W,
	    (size_t)top + n * (size_t)h + 4);
	buf_adds(b, FA(RPT_RESP_SHARE));
	buf_adds(b, "\">");
	/* the scale: 0, 50 and 100 percent */
	for (k = 0; k <= 100; k += 50) {
		double x = W - bar - (double)len * k / 100.0;

		buf_addf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%zu\" "
		    "stroke=\"#ccc\"/><text x=\"%.1f\" y=\"11\" text-anchor=\"middle\">",
		    x, top, x, (size_t)top + n * (size_t)h, x);
		fa_num(b, k);
		buf_adds(b, "٪</text>");
	}
	for (i = 0; i < n; i++) {
		const struct report_row *w = u[i];
		long long win[2] = { w->dwin, w->rwin }, cnt[2] = { w->dcnt, w->rcnt };
		const char *col[2] = { C_DECIDED, C_ANSWERED };
		int y = top + (int)i * h;

		buf_addf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		    W - 2, y + 24);
		fa_unit(b, w);
		buf_adds(b, "</text>");
		for (k = 0; k < 2; k++) {
			double s = report_share(win[k], cnt[k]);
			double wd = s < 0 ? 0 : (double)len * s / 100.0;
			double x = W - bar - wd;

			buf_addf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"14\" "
			    "fill=\"%s\"/>", x, y + 4 + k * 16, wd, col[k]);
			buf_addf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\">",
			    x - 4, y + 15 + k * 16);
			fa_share(b, win[k], cnt[k]);
			buf_adds(b, "</text>");
		}
	}
	buf_adds(b, "</svg>");
}

/*
 * The monthly trend over every unit: a bar a month of letters received
 * (the oldest at the right, as the page reads) and the share answered
 * within the level as a line, on its own scale of 0-100%.
 */
static void
chart_trend(struct buf *b, const struct report_row *const *m, size_t n)
{
	long long max = 1;
	size_t i;
	int left = 40, right = 40, top = 14, ch = 180, base = top + ch;
	double step;
	struct buf line = BUF_INIT;

	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		if (m[i]->received > max)
			max = m[i]->received;
	step = (double)(W - left - right) / (double)n;
	buf_addf(b, "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", W, base + 70);
	buf_adds(b, FA(RPT_RECEIVED));
	buf_adds(b, "\">");
	/* scales: letters at the right, percent at the left */
	buf_addf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
	    left, base, W - right, base);
	buf_addf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"start\">", W - right + 4, top + 4);
	fa_num(b, max);
	buf_addf(b, "</text><text x=\"%d\" y=\"%d\" text-anchor=\"start\">",
	    W - right + 4, base);
	fa_num(b, 0);
	buf_addf(b, "</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 4, top + 4);
	fa_num(b, 100);
	buf_addf(b, "٪</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 4, base);
	fa_num(b, 0);
	buf_adds(b, "٪</text>");
	for (i = 0; i < n; i++) {
		const struct report_row *w = m[i];
		double cx = W - right - step * ((double)i + 0.5);
		double hgt = (double)ch * (double)w->received / (double)max;
		double s = report_share(w->rwin, w->rcnt);

		buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		    "fill=\"%s\"><title>", cx - step * 0.35, base - hgt, step * 0.7,
		    hgt, C_OPEN);
		fa_month(b, w->jy, w->jm);
		buf_adds(b, ": ");
		fa_num(b, w->received);
		buf_adds(b, "</title></rect>");
		buf_addf(b, "<text transform=\"translate(%.1f %d) rotate(-60)\" "
		    "text-anchor=\"end\" font-size=\"9\">", cx + 3, base + 8);
		fa_month(b, w->jy, w->jm);
		buf_adds(b, "</text>");
		if (s >= 0)
			buf_addf(&line, "%s%.1f,%.1f", line.len > 0 ? " " : "", cx,
			    base - (double)ch * s / 100.0);
	}
	if (line.len > 0)
		buf_addf(b, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" "
		    "stroke-width=\"2.5\"/>", buf_str(&line), C_ANSWERED);
	buf_free(&line);
	buf_adds(b, "</svg>");
}

static void
table_head(struct buf *b, enum msg_id first)
{
	static const enum msg_id cols[] = {
		MSG_RPT_RECEIVED, MSG_RPT_APPROVED, MSG_RPT_REJECTED, MSG_RPT_OPEN,
		MSG_RPT_DEC_MEDIAN, MSG_RPT_DEC_P90, MSG_RPT_RESP_MEDIAN,
		MSG_RPT_RESP_P90, MSG_RPT_DEC_SHARE, MSG_RPT_RESP_SHARE,
	};
	size_t i;

	buf_adds(b, "<table><thead><tr><th>");
	buf_adds(b, i18n(LANG_FA, first));
	buf_adds(b, "</th>");
	for (i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		buf_adds(b, "<th>");
		buf_adds(b, i18n(LANG_FA, cols[i]));
		buf_adds(b, "</th>");
	}
	buf_adds(b, "</tr></thead><tbody>");
}

static void
table_row(struct buf *b, const struct report_row *w, int by_month)
{
	buf_adds(b, (by_month ? w->jy == 0 : w->unit[0] == '\0') ?
	    "<tr class=\"total\"><td class=\"n\">" : "<tr><td class=\"n\">");
	if (by_month) {
		if (w->jy > 0)
			fa_month(b, w->jy, w->jm);
		else
			buf_adds(b, FA(RPT_ALL_MONTHS));
	} else
		fa_unit(b, w);
	buf_adds(b, "</td><td>");
	fa_num(b, w->received);
	buf_adds(b, "</td><td>");
	fa_num(b, w->approved);
	buf_adds(b, "</td><td>");
	fa_num(b, w->rejected);
	buf_adds(b, "</td><td>");
	fa_num(b, w->open);
	buf_adds(b, "</td><td>");
	fa_days(b, w->dmed);
	buf_adds(b, "</td><td>");
	fa_days(b, w->d90);
	buf_adds(b, "</td><td>");
	fa_days(b, w->rmed);
	buf_adds(b, "</td><td>");
	fa_days(b, w->r90);
	buf_adds(b, "</td><td>");
	fa_share(b, w->dwin, w->dcnt);
	buf_adds(b, "</td><td>");
	fa_share(b, w->rwin, w->rcnt);
	buf_adds(b, "</td></tr>");
}

/* "از ۱۴۰۵/۰۱/۰۱ تا ۱۴۰۵/۰۹/۳۰", from what was typed (normalised). */
static void
period(struct buf *b, const struct report_opts *o)
{
	char s[64];
	int jy, jm, jd, gy, gm, gd;

	if (o->from[0] != '\0' && sscanf(o->from, "%d-%d-%d", &gy, &gm, &gd) == 3 &&
	    jalali_from_gregorian(gy, gm, gd, &jy, &jm, &jd) == 0 &&
	    jalali_format(jy, jm, jd, 1, s, sizeof s) == 0)
		buf_addf(b, "از %s ", s);
	if (o->to[0] != '\0' && sscanf(o->to, "%d-%d-%d", &gy, &gm, &gd) == 3 &&
	    jalali_from_gregorian(gy, gm, gd, &jy, &jm, &jd) == 0 &&
	    jalali_format(jy, jm, jd, 1, s, sizeof s) == 0)
		buf_addf(b, "تا %s ", s);
}

static void
page(struct buf *b, const struct report *r, const struct report_opts *o)
{
	const struct report_row *units[256], *months[1024], *all = NULL;
	size_t nu, nm = 0, i;
	time_t now = time(NULL);
	struct tm tm;
	char when[64];
	int jy, jm, jd;

	nu = unit_totals(r, units, sizeof units / sizeof units[0]);
	for (i = 0; i < r->n; i++) {
		if (r->rows[i].unit[0] != '\0')
			continue;
		if (r->rows[i].jy == 0)
			all = &r->rows[i];
		else if (nm < sizeof months / sizeof months[0])
			months[nm++] = &r->rows[i];
	}
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"fa\" dir=\"rtl\"><head>"
	    "<meta charset=\"utf-8\"><title>");
	buf_adds(b, FA(RPT_TITLE));
	buf_adds(b, "</title><style>");
	buf_adds(b, CSS);
	buf_adds(b, "</style></head><body><h1>");
	buf_adds(b, FA(RPT_TITLE));
	buf_adds(b, "</h1><p class=\"sub\">");
	period(b, o);
	if (o->unit[0] != '\0' && nu > 0) {
		buf_adds(b, "— ");
		fa_unit(b, units[0]);
		buf_adds(b, " ");
	}
	localtime_r(&now, &tm);
	if (jalali_from_time(now, &jy, &jm, &jd) == 0 &&
	    jalali_format(jy, jm, jd, 1, when, sizeof when) == 0) {
		char hm[16];

		buf_adds(b, "— تهیه‌شده در ");
		buf_adds(b, when);
		snprintf(hm, sizeof hm, " %02d:%02d", tm.tm_hour, tm.tm_min);
		fa_add(b, hm);
	}
	buf_adds(b, "</p>");
	if (all == NULL) {
		buf_adds(b, "<p>");
		buf_adds(b, FA(RPT_EMPTY));
		buf_adds(b, "</p></body></html>\n");
		return;
	}

	buf_adds(b, "<section><h2>خلاصه</h2>");
	table_head(b, MSG_RPT_UNIT);
	for (i = 0; i < nu; i++)
		table_row(b, units[i], 0);
	if (nu > 1)
		table_row(b, all, 0);
	buf_adds(b, "</tbody></table></section>");

	buf_adds(b, "<section><h2>نامه‌های دریافتی هر واحد</h2><p class=\"legend\">");
	swatch(b, C_APPROVED, FA(RPT_APPROVED));
	swatch(b, C_REJECTED, FA(RPT_REJECTED));
	swatch(b, C_OPEN, FA(RPT_OPEN));
	buf_adds(b, "</p>");
	chart_units(b, units, nu);
	buf_adds(b, "</section>");

	buf_adds(b, "<section><h2>تصمیم و پاسخ در مهلت، هر واحد</h2><p class=\"legend\">");
	swatch(b, C_DECIDED, FA(RPT_DEC_SHARE));
	swatch(b, C_ANSWERED, FA(RPT_RESP_SHARE));
	buf_adds(b, "</p>");
	chart_shares(b, units, nu);
	buf_adds(b, "</section>");

	buf_adds(b, "<section><h2>روند ماهانه</h2><p class=\"legend\">");
	swatch(b, C_OPEN, "نامه‌های دریافتی هر ماه (مقیاس راست)");
	swatch(b, C_ANSWERED, "پاسخ در مهلت (مقیاس چپ)");
	buf_adds(b, "</p>");
	chart_trend(b, months, nm);
	buf_adds(b, "</section>");

	buf_adds(b, "<section class=\"long\"><h2>ماه به ماه، همهٔ واحدها</h2>");
	table_head(b, MSG_RPT_MONTH);
	for (i = 0; i < nm; i++)
		table_row(b, months[i], 1);
	table_row(b, all, 1);
	buf_adds(b, "</tbody></table></section>");

	for (i = 0; i < r->n; i++) {
		const struct report_row *w = &r->rows[i];

		if (w->unit[0] == '\0')
			break;
		if (i == 0 || strcmp(r->rows[i - 1].unit, w->unit) != 0) {
			buf_adds(b, "<section class=\"long\"><h2>");
			fa_unit(b, w);
			buf_adds(b, "</h2>");
			table_head(b, MSG_RPT_MONTH);
		}
		table_row(b, w, 1);
		if (w->jy == 0)
			buf_adds(b, "</tbody></table></section>");
	}

	buf_adds(b, "<section><h2>تعریف‌ها</h2><dl>"
	    "<dt>ماه و واحد</dt><dd>هر نامه در ماه رسیدنش (به وقت اداره) و در "
	    "واحدی که اکنون نزد آن است شمرده می‌شود.</dd>"
	    "<dt>باز</dt><dd>نامه‌هایی که تا پایان بازهٔ گزارش (یا اکنون، اگر بازه "
	    "هنوز تمام نشده) تصمیمی نگرفته‌اند.</dd>"
	    "<dt>روز کاری</dt><dd>روزهای کاری پس از روز رسیدن تا روز تصمیم (یا از "
	    "روز تصمیم تا روز پاسخ)، بی تعطیلی‌ها و روزهای استراحت هفته. میانه و "
	    "صدک ۹۰ از نوع percentile_disc: کوچک‌ترین مقداری که نیمی (یا ۹۰٪) "
	    "از نامه‌ها از آن بیشتر نیستند.</dd>"
	    "<dt>در مهلت</dt><dd>تصمیم یا پاسخ پیش از مهلتی که هنگام رسیدن (یا "
	    "تایید) نامه ثبت شد. نامه‌ای که بی‌تصمیم یا بی‌پاسخ از مهلتش گذشته "
	    "است «خارج از مهلت» است؛ نامه‌ای که هنوز مهلت دارد شمرده نمی‌شود."
	    "</dd></dl></section>");
	buf_adds(b, "</body></html>\n");
}

static int
report_run(struct ctl *c, const struct ctl_args *a)
{
	struct report_opts *o = a->opts;
	struct report r;
	int rc = CTL_OK;

	if (o->from[0] != '\0' && o->to[0] != '\0' && strcmp(o->from, o->to) > 0)
		return ctl_usage("the report would begin (%s) after it ends (%s)",
		    o->fromj, o->toj);
	if (ctl_db(c) == NULL)
		return CTL_DOWN;
	if (report_fetch(c->db, o->from[0] != '\0' ? o->from : NULL,
	    o->to[0] != '\0' ? o->to : NULL, o->unit[0] != '\0' ? o->unit : NULL,
	    &r) == -1) {
		if (db_is(c->db, "PK404"))
			return ctl_error("unit '%s' not found", o->unit);
		return ctl_db_error(c, NULL);
	}
	if (o->html == NULL)
		print_tsv(&r);
	else {
		struct buf b = BUF_INIT;
		FILE *fp = strcmp(o->html, "-") == 0 ? stdout : fopen(o->html, "w");

		page(&b, &r, o);
		if (fp == NULL)
			rc = ctl_error("cannot write '%s': %s", o->html, strerror(errno));
		else {
			if (fwrite(b.data, 1, b.len, fp) != b.len)
				rc = ctl_error("cannot write '%s': %s", o->html, strerror(errno));
			if (fp != stdout && fclose(fp) != 0)
				rc = ctl_error("cannot write '%s': %s", o->html, strerror(errno));
		}
		buf_free(&b);
	}
	report_free(&r);
	return rc;
}

static const struct ctl_verb verbs[] = {
	/* `pishkhanctl report`: the noun is the command */
	{ "", "[--from JDATE] [--to JDATE] [--unit CODE] [--html FILE]",
	    "the service report per unit and Jalali month: letters, working days, "
	    "shares within the levels",
	    "  -f, --from JDATE  letters that arrived on or after this Jalali date\n"
	    "                    (YYYY/MM/DD, or YYYY/MM: the month's first day)\n"
	    "  -t, --to JDATE    ... on or before it (YYYY/MM: the month's last day)\n"
	    "  -u, --unit CODE   one unit's letters only\n"
	    "  -H, --html FILE   write a Persian page with charts to FILE (- for\n"
	    "                    the standard output) instead of tab-separated lines\n",
	    report_run, .operands = { 0, 0, NULL },
	    .opts = { report_options, on_opt, sizeof(struct report_opts), NULL } },
	{ .name = NULL }
};

const struct ctl_noun ctl_noun_report = {
	"report", "The service report: letters and working days per unit and month.",
	verbs
};
