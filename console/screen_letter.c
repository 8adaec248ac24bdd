/*
 * screen_letter.c — one letter: every field, the citizen's number, the
 * files with type and size, and its history from letter_events.  Files
 * open as mutt opens attachments (files.c); the decisions are in decide.c.
 * The fields are label: value lines from the reading start; the files and
 * the history are tables (table.h), from the right edge in Persian.  Under
 * the history, the letter's SMS messages (when it has any) with what became
 * of each: queued, not sent, handed to the gateway, and the provider's
 * delivery report (sql/023_sms_receipts.sql), in the history's columns.
 * For a clerk, under the fields: the same citizen's letters to the same
 * unit of the 30 days before, with like subjects (sql/027_console_due.sql,
 * letter_similar), each with what became of it, so like letters are
 * decided alike; the selection bar moves on from the files to them, and
 * Enter opens one.
 */
#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "console.h"
#include "db.h"
#include "decide.h"
#include "files.h"
#include "phone.h"
#include "table.h"
#include "ui.h"
#include "vocab.h"
#include "xmalloc.h"

/* A line: a label: value text, or a row of the files' or history's table. */
enum lkind { L_TEXT, L_FILE, L_EVENT };

/* The tables' columns, in reading order. */
enum { LF_KIND, LF_NAME, LF_TYPE, LF_SIZE, LF__COUNT };
enum { LE_WHEN, LE_WHO, LE_WHAT, LE__COUNT };
#define L_CELLS	LF__COUNT

struct lline {
	enum lkind	 kind;
	char		*cell[L_CELLS];	/* L_TEXT: the text; others: the cells */
	enum ui_color	 color;
	int		 file;		/* what the bar selects: a file (an index
					   into files), a similar letter (nfiles
					   + its index), or -1 */
};

struct lview {
	char		*id;
	struct lline	*lines;
	size_t		 n;
	struct lfile	*files;
	size_t		 nfiles;
	char		**similar;	/* the similar letters' ids */
	size_t		 nsimilar;
	int		 sel;		/* selected file or similar letter */
	int		 top;		/* first line shown */
	int		 page;
	struct buf	 title;
};

static void
letter_add(struct lview *v, enum ui_color col, int file, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
letter_add(struct lview *v, enum ui_color col, int file, const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	v->lines = xreallocarray(v->lines, v->n + 1, sizeof *v->lines);
	memset(&v->lines[v->n], 0, sizeof v->lines[v->n]);
	v->lines[v->n].kind = L_TEXT;
	v->lines[v->n].cell[0] = buf_detach(&b);
	v->lines[v->n].color = col;
	v->lines[v->n].file = file;
	v->n++;
}

/* A row of the files' or the history's table (the cells are copied). */
static void
letter_row(struct lview *v, enum lkind kind, int file, const char *const *cells,
    size_t n)
{
	size_t i;

	v->lines = xreallocarray(v->lines, v->n + 1, sizeof *v->lines);
	memset(&v->lines[v->n], 0, sizeof v->lines[v->n]);
	v->lines[v->n].kind = kind;
	for (i = 0; i < n && i < L_CELLS; i++)
		v->lines[v->n].cell[i] = xstrdup(cells[i]);
	v->lines[v->n].color = UI_PLAIN;
	v->lines[v->n].file = file;
	v->n++;
}

static void
letter_clear(struct lview *v)
{
	size_t i, j;

	for (i = 0; i < v->n; i++)
		for (j = 0; j < L_CELLS; j++)
			free(v->lines[i].cell[j]);
	free(v->lines);
	v->lines = NULL;
	v->n = 0;
	files_free(v->files, v->nfiles);
	v->files = NULL;
	v->nfiles = 0;
	for (i = 0; i < v->nsimilar; i++)
		free(v->similar[i]);
	free(v->similar);
	v->similar = NULL;
	v->nsimilar = 0;
}

static const char letter_sql[] =
	"SELECT l.status, l.subject, l.sender_name, c.mobile, "
	"ru.code || ' ' || CASE $2 WHEN 'en' THEN ru.name_en ELSE ru.name_fa END, "
	"u.code || ' ' || CASE $2 WHEN 'en' THEN u.name_en ELSE u.name_fa END, "
	"pishkhan.console_when(l.created_at), coalesce(l.letter_no, ''), "
	"coalesce(l.tracking_no, ''), coalesce(pishkhan.jalali(l.letter_date), ''), "
	"coalesce(l.rejection_reason, ''), coalesce(l.decided_by, ''), "
	"coalesce(pishkhan.console_when(l.decided_at), ''), l.id "
	"FROM pishkhan.letters l JOIN pishkhan.citizens c ON c.id = l.citizen_id "
	"JOIN pishkhan.units u ON u.id = l.unit_id "
	"JOIN pishkhan.units ru ON ru.id = l.requested_unit_id WHERE l.id = $1::bigint";

static const char letter_events_sql[] =
	"SELECT pishkhan.console_when(e.at), e.actor, e.kind, coalesce(e.note, ''), "
	"e.notified FROM pishkhan.letter_events e WHERE e.letter_id = $1::bigint "
	"ORDER BY e.at, e.id";

static const char letter_similar_sql[] =
	"SELECT s.id, pishkhan.console_when(s.created_at), s.status, "
	"coalesce(s.letter_no, ''), coalesce(s.decision, ''), "
	"coalesce(pishkhan.console_when(s.decided_at), ''), s.subject "
	"FROM pishkhan.letter_similar($1::bigint) s";

static const char letter_sms_sql[] =
	"SELECT pishkhan.console_when(coalesce(s.delivery_at, s.sent_at, s.created_at)), "
	"'#' || s.id, s.event, s.status, coalesce(s.delivery::text, '') "
	"FROM pishkhan.letter_sms($1::bigint) s";

/* What became of a message: by its outbox status and, once sent, its
 * delivery state ("" when no report is expected). */
static const struct {
	const char	*status, *delivery;
	enum msg_id	 msg;
	enum ui_color	 color;
} sms_fates[] = {
	{ "pending", "", MSG_CON_DLV_QUEUED, UI_PLAIN },
	{ "sending", "", MSG_CON_DLV_QUEUED, UI_PLAIN },
	{ "failed", "", MSG_CON_DLV_NOT_SENT, UI_BAD },
	{ "expired", "", MSG_CON_DLV_NOT_SENT, UI_BAD },
	{ "sent", "", MSG_CON_DLV_SENT, UI_PLAIN },
	{ "sent", "waiting", MSG_CON_DLV_WAITING, UI_PLAIN },
	{ "sent", "delivered", MSG_CON_DLV_DELIVERED, UI_GOOD },
	{ "sent", "undelivered", MSG_CON_DLV_UNDELIVERED, UI_BAD },
	{ "sent", "unknown", MSG_CON_DLV_UNKNOWN, UI_PLAIN },
};

static const char *
letter_event_name(struct con *c, const char *kind)
{
	enum msg_id m = vocab_event(kind);

	return m != MSG__COUNT ? con_t(c, m) : kind;
}

/* The fields as label: value lines, skipping empty values. */
static void
letter_fields(struct con *c, struct lview *v, PGresult *r)
{
	/* A field with `show` is shown through it: the mobile number as
	 * "0912…", with no '+' for right-to-left text to move. */
	static const struct {
		int		 col;
		enum msg_id	 label;
		void		(*show)(const char *, char *, size_t);
	} fields[] = {
		{ 13, MSG_CON_F_ID, NULL }, { 1, MSG_CON_COL_SUBJECT, NULL },
		{ 2, MSG_CON_COL_SENDER, NULL }, { 3, MSG_CON_F_MOBILE, phone_national },
		{ 4, MSG_CON_F_REQUESTED, NULL }, { 5, MSG_CON_COL_UNIT, NULL },
		{ 6, MSG_CON_F_SUBMITTED, NULL }, { 7, MSG_CON_LETTER_NO, NULL },
		{ 8, MSG_CON_F_TRACKING, NULL }, { 9, MSG_CON_LETTER_DATE, NULL },
		{ 10, MSG_CON_REASON, NULL }, { 11, MSG_CON_F_DECIDED_BY, NULL },
		{ 12, MSG_CON_F_DECIDED_AT, NULL },
	};
	enum letter_status s = vocab_status(PQgetvalue(r, 0, 0));
	const char *val;
	char shown[256];
	size_t i;

	if (s < LETTER__COUNT)
		letter_add(v, ui_status_color(s), -1, "%s: %s",
		    con_t(c, MSG_CON_F_STATUS), con_t(c, vocab_statuses[s].msg));
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		val = PQgetvalue(r, 0, fields[i].col);
		if (*val == '\0')
			continue;
		if (fields[i].show != NULL) {
			fields[i].show(val, shown, sizeof shown);
			val = shown;
		}
		letter_add(v, UI_PLAIN, -1, "%s: %s", con_t(c, fields[i].label), val);
	}
}

/*
 * The similar letters (clerks and admins: letter_similar refuses others),
 * a row each in the history's columns: when it came, its id, and what
 * became of it: "Approved 156301/12 (1404/09/01 10:00) — subject",
 * "Rejected: the reason (1404/09/01 10:00) — subject", or "Under review —
 * subject".
 */
static int
letter_similar(struct con *c, struct lview *v, struct buf *what)
{
	const char *p[1] = { v->id }, *cells[L_CELLS];
	enum letter_status s;
	PGresult *r;
	int j;

	if (!c->me.clerk && !c->me.admin)
		return 0;
	if ((r = con_query(c, letter_similar_sql, 1, p)) == NULL)
		return con_db_fail(c);
	if (PQntuples(r) > 0) {
		letter_add(v, UI_DIM, -1, "%s", "");
		letter_add(v, UI_BAD, -1, con_t(c, MSG_CON_SIMILAR), PQntuples(r));
		v->similar = xcalloc((size_t)PQntuples(r), sizeof *v->similar);
	}
	for (j = 0; j < PQntuples(r); j++) {
		s = vocab_status(PQgetvalue(r, j, 2));
		buf_reset(what);
		buf_adds(what, s < LETTER__COUNT ? con_t(c, vocab_statuses[s].msg) :
		    PQgetvalue(r, j, 2));
		if (*PQgetvalue(r, j, 3) != '\0')
			buf_addf(what, " %s", PQgetvalue(r, j, 3));
		if (*PQgetvalue(r, j, 4) != '\0')
			buf_addf(what, ": %s", PQgetvalue(r, j, 4));
		if (*PQgetvalue(r, j, 5) != '\0')
			buf_addf(what, " (%s)", PQgetvalue(r, j, 5));
		buf_addf(what, " \xe2\x80\x94 %s", PQgetvalue(r, j, 6));
		v->similar[j] = xstrdup(PQgetvalue(r, j, 0));
		cells[LE_WHEN] = PQgetvalue(r, j, 1);
		cells[LE_WHO] = PQgetvalue(r, j, 0);
		cells[LE_WHAT] = buf_str(what);
		letter_row(v, L_EVENT, (int)(v->nfiles + (size_t)j), cells, LE__COUNT);
		v->lines[v->n - 1].color = s < LETTER__COUNT ? ui_status_color(s) : UI_PLAIN;
		v->nsimilar++;
	}
	PQclear(r);
	return 0;
}

/* The letter's SMS messages, a row each in the history's columns. */
static int
letter_sms(struct con *c, struct lview *v, const char *const *p, struct buf *what)
{
	const char *cells[L_CELLS];
	PGresult *r;
	size_t k;
	int j;

	if ((r = con_query(c, letter_sms_sql, 1, p)) == NULL)
		return con_db_fail(c);
	if (PQntuples(r) > 0) {
		letter_add(v, UI_DIM, -1, "%s", "");
		letter_add(v, UI_DIM, -1, "%s (%d)", con_t(c, MSG_CON_SMS_LIST),
		    PQntuples(r));
	}
	for (j = 0; j < PQntuples(r); j++) {
		for (k = 0; k < sizeof sms_fates / sizeof sms_fates[0]; k++)
			if (strcmp(sms_fates[k].status, PQgetvalue(r, j, 3)) == 0 &&
			    strcmp(sms_fates[k].delivery, PQgetvalue(r, j, 4)) == 0)
				break;
		buf_reset(what);
		buf_addf(what, "%s: %s", letter_event_name(c, PQgetvalue(r, j, 2)),
		    k < sizeof sms_fates / sizeof sms_fates[0] ?
		    con_t(c, sms_fates[k].msg) : PQgetvalue(r, j, 3));
		cells[LE_WHEN] = PQgetvalue(r, j, 0);
		cells[LE_WHO] = PQgetvalue(r, j, 1);
		cells[LE_WHAT] = buf_str(what);
		letter_row(v, L_EVENT, -1, cells, LE__COUNT);
		if (k < sizeof sms_fates / sizeof sms_fates[0])
			v->lines[v->n - 1].color = sms_fates[k].color;
	}
	PQclear(r);
	return 0;
}

static int
letter_load(struct con *c, struct lview *v)
{
	const char *p[2] = { v->id, i18n_lang_code(c->lang) };
	PGresult *r;
	struct buf what = BUF_INIT;
	const char *cells[L_CELLS];
	size_t i;
	int j;

	letter_clear(v);
	if ((r = con_query(c, letter_sql, 2, p)) == NULL)
		return con_db_fail(c);
	if (PQntuples(r) == 0) {
		PQclear(r);
		con_msg(c, 1, "%s", con_t(c, MSG_CON_NO_LETTER));
		return -1;
	}
	letter_fields(c, v, r);
	PQclear(r);
	if (files_list(c, v->id, &v->files, &v->nfiles) == -1)
		return -1;
	if (letter_similar(c, v, &what) == -1) {
		buf_free(&what);
		return -1;
	}
	letter_add(v, UI_DIM, -1, "%s", "");
	letter_add(v, UI_DIM, -1, "%s (%zu)", con_t(c, MSG_CON_FILES), v->nfiles);
	for (i = 0; i < v->nfiles; i++) {
		cells[LF_KIND] = files_kind_name(c, v->files[i].kind);
		cells[LF_NAME] = v->files[i].name;
		cells[LF_TYPE] = v->files[i].type_name;
		cells[LF_SIZE] = v->files[i].size;
		letter_row(v, L_FILE, (int)i, cells, LF__COUNT);
	}
	if ((r = con_query(c, letter_events_sql, 1, p)) == NULL)
		return con_db_fail(c);
	letter_add(v, UI_DIM, -1, "%s", "");
	letter_add(v, UI_DIM, -1, "%s", con_t(c, MSG_CON_HISTORY));
	for (j = 0; j < PQntuples(r); j++) {
		buf_reset(&what);
		buf_addf(&what, "%s%s%s%s", letter_event_name(c, PQgetvalue(r, j, 2)),
		    *PQgetvalue(r, j, 3) != '\0' ? ": " : "", PQgetvalue(r, j, 3),
		    *PQgetvalue(r, j, 4) == 't' ? con_t(c, MSG_CON_SMS_SENT) : "");
		cells[LE_WHEN] = PQgetvalue(r, j, 0);
		cells[LE_WHO] = PQgetvalue(r, j, 1);
		cells[LE_WHAT] = buf_str(&what);
		letter_row(v, L_EVENT, -1, cells, LE__COUNT);
	}
	PQclear(r);
	if (letter_sms(c, v, p, &what) == -1) {
		buf_free(&what);
		return -1;
	}
	buf_free(&what);
	if (v->sel >= (int)(v->nfiles + v->nsimilar))
		v->sel = 0;
	return 0;
}

/*
 * The tables' columns, as wide as their widest cell: when the line is
 * short, the files' type goes, then their size, and the names narrow; the
 * history's actor goes before its text narrows.
 */
static void
letter_layout(struct con *c, const struct lview *v, enum lkind kind, int cols,
    int *x, int *w)
{
	struct table_col fc[LF__COUNT] = {
		[LF_KIND] = { .width = 1 },
		[LF_NAME] = { .width = 1, .min = 8 },
		[LF_TYPE] = { .width = 1, .drop = 2 },
		[LF_SIZE] = { .width = 1, .drop = 1 },
	};
	struct table_col ec[LE__COUNT] = {
		[LE_WHEN] = { .width = 1 },
		[LE_WHO] = { .width = 1, .min = 4, .drop = 1 },
		[LE_WHAT] = { .width = 1, .min = 10 },
	};
	struct table_col *tc = kind == L_FILE ? fc : ec;
	size_t i, j, n = kind == L_FILE ? LF__COUNT : LE__COUNT;

	for (i = 0; i < v->n; i++)
		if (v->lines[i].kind == kind)
			for (j = 0; j < n; j++)
				table_fit(&tc[j], v->lines[i].cell[j]);
	/* Indented by two columns at the reading start, as under a heading. */
	table_layout(tc, n, ui_rtl(c), 1, cols - 2, 2, x, w);
}

static void
letter_draw(struct con *c, struct screen *s, int rows, int cols)
{
	struct lview *v = s->data;
	int y, fx[LF__COUNT], fw[LF__COUNT], ex[LE__COUNT], ew[LE__COUNT], *x, *w;
	size_t i, j, n;
	enum ui_color col;

	v->page = rows - 2;
	if (v->top > (int)v->n - 1)
		v->top = v->n > 0 ? (int)v->n - 1 : 0;
	letter_layout(c, v, L_FILE, cols, fx, fw);
	letter_layout(c, v, L_EVENT, cols, ex, ew);
	for (y = 1, i = (size_t)v->top; i < v->n && y < rows - 1; i++, y++) {
		const struct lline *l = &v->lines[i];

		if (l->kind == L_TEXT) {
			ui_cell(c, y, 1, cols - 2, l->cell[0], l->color, 0);
			continue;
		}
		col = l->file >= 0 && l->file == v->sel ? UI_SELECT : l->color;
		if (l->kind == L_FILE)	/* the selection bar across the line */
			ui_text(c, y, 1, cols - 2, "", col, 1);
		x = l->kind == L_FILE ? fx : ex;
		w = l->kind == L_FILE ? fw : ew;
		n = l->kind == L_FILE ? LF__COUNT : LE__COUNT;
		for (j = 0; j < n; j++)
			ui_cell(c, y, x[j], w[j], l->cell[j], col, 0);
	}
}

static const char *
letter_title(struct con *c, struct screen *s)
{
	struct lview *v = s->data;

	buf_reset(&v->title);
	buf_addf(&v->title, "%s %s", con_t(c, MSG_CON_LETTER), v->id);
	return buf_str(&v->title);
}

/* Keep the selected file's line on the screen. */
static void
letter_show_sel(struct lview *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (v->lines[i].file == v->sel && v->lines[i].file >= 0) {
			if ((int)i < v->top)
				v->top = (int)i;
			else if ((int)i >= v->top + v->page)
				v->top = (int)i - v->page + 1;
		}
}

static int
letter_act(struct con *c, struct screen *s, enum action a)
{
	struct lview *v = s->data;
	int nsel = (int)(v->nfiles + v->nsimilar);

	switch (a) {
	case ACT_UP:
	case ACT_DOWN:
		if (nsel > 0) {
			v->sel += a == ACT_DOWN ? 1 : -1;
			v->sel = v->sel < 0 ? 0 : v->sel >= nsel ? nsel - 1 : v->sel;
			letter_show_sel(v);
		}
		break;
	case ACT_PAGE_DOWN:
		if (v->top + v->page < (int)v->n)
			v->top += v->page > 1 ? v->page - 1 : 1;
		break;
	case ACT_PAGE_UP:
		v->top -= v->page > 1 ? v->page - 1 : 1;
		if (v->top < 0)
			v->top = 0;
		break;
	case ACT_HOME:
		v->top = 0;
		break;
	case ACT_END:
		v->top = (int)v->n - v->page > 0 ? (int)v->n - v->page : 0;
		break;
	case ACT_BACK:
		return SCREEN_POP;
	case ACT_REFRESH:
		clearok(curscr, TRUE);
		letter_load(c, v);
		break;
	case ACT_OPEN:
		if (v->sel >= (int)v->nfiles && v->sel < nsel) {
			/* A similar letter, on a screen of its own. */
			screen_letter_open(c, v->similar[v->sel - (int)v->nfiles]);
			break;
		}
		/* FALLTHROUGH */
	case ACT_VIEW:
		if (v->sel < (int)v->nfiles)
			files_view(c, &v->files[v->sel]);
		break;
	case ACT_SAVE:
		if (v->sel < (int)v->nfiles)
			files_save(c, &v->files[v->sel]);
		break;
	case ACT_APPROVE:
		decide_approve(c, v->id);
		letter_load(c, v);
		break;
	case ACT_REJECT:
		decide_reject(c, v->id);
		letter_load(c, v);
		break;
	case ACT_UPDATE:
		if (decide_update(c, v->id) == 0)
			letter_load(c, v);
		break;
	case ACT_RESPOND:
		if (decide_respond(c, v->id) == 0)
			letter_load(c, v);
		break;
	default:
		con_msg(c, 0, "%s", con_t(c, MSG_CON_NOT_HERE));
		break;
	}
	return 0;
}

static void
letter_done(struct screen *s)
{
	struct lview *v = s->data;

	letter_clear(v);
	free(v->id);
	buf_free(&v->title);
	free(v);
}

static const struct screen_ops letter_ops = {
	0, letter_draw, letter_title, letter_act, letter_done
};

void
screen_letter_open(struct con *c, const char *id)
{
	struct lview *v = xcalloc(1, sizeof *v);

	v->id = xstrdup(id);
	v->page = LINES > 2 ? LINES - 2 : 10;
	con_push(c, &letter_ops, v);
	letter_load(c, v);
}
