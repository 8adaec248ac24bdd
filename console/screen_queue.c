/*
 * screen_queue.c — the queue: letters of one status, oldest first or
 * soonest due first, with the working days each has waited and its due
 * state (a word in its colour: on time, due today, late), sender, unit and
 * subject; filters by status, unit, Jalali dates and lateness; `/` and `n`
 * find the next match.  Paging is by key, a row or a screen at a time, so
 * 100,000 letters scroll as fast as ten.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "console.h"
#include "db.h"
#include "decide.h"
#include "digits.h"
#include "queue.h"
#include "table.h"
#include "u8.h"
#include "ui.h"
#include "xmalloc.h"

struct qview {
	struct queue_filter	 f;
	struct queue_row	*rows;
	size_t			 n;
	int			 cur;
	int			 page;		/* data rows on the screen */
	long long		 count;
	char			*find;		/* the last `/` text */
	struct buf		 title;
};


static int
queue_page(struct qview *v)
{
	return v->page > 0 ? v->page : 10;
}

/* Fetch, reconnecting once if the link was lost. */
static int
queue_get(struct con *c, const struct queue_filter *f, enum queue_dir dir,
    const struct queue_row *at, int limit, struct queue_row **rows, size_t *n)
{
	const char *key = at != NULL ? at->key : NULL, *id = at != NULL ? at->id : NULL;

	if (db_ensure(c->db) == 0 &&
	    queue_fetch(c->db, f, dir, key, id, limit, rows, n) == 0)
		return 0;
	if (db_is_down(c->db) && db_ensure(c->db) == 0 &&
	    queue_fetch(c->db, f, dir, key, id, limit, rows, n) == 0)
		return 0;
	return con_db_fail(c);
}

static void
queue_replace(struct qview *v, struct queue_row *rows, size_t n)
{
	queue_rows_free(v->rows, v->n);
	v->rows = rows;
	v->n = n;
	if (v->cur >= (int)n)
		v->cur = n > 0 ? (int)n - 1 : 0;
}

static int
queue_recount(struct con *c, struct qview *v)
{
	if (db_ensure(c->db) == 0 && queue_count(c->db, &v->f, &v->count) == 0)
		return 0;
	if (db_is_down(c->db) && db_ensure(c->db) == 0 &&
	    queue_count(c->db, &v->f, &v->count) == 0)
		return 0;
	return con_db_fail(c);
}

/* Load a page in `dir` from `at`; keep what is shown when nothing comes. */
static int
queue_load(struct con *c, struct qview *v, enum queue_dir dir,
    const struct queue_row *at)
{
	struct queue_row *rows;
	size_t n;

	if (queue_get(c, &v->f, dir, at, queue_page(v), &rows, &n) == -1)
		return -1;
	if (n == 0 && (dir == QUEUE_AFTER || dir == QUEUE_BEFORE)) {
		queue_rows_free(rows, n);
		return 1;
	}
	queue_replace(v, rows, n);
	return 0;
}

static int
queue_reload(struct con *c, struct qview *v)
{
	struct queue_row *first = NULL;
	int rc;

	v->cur = 0;
	if (queue_recount(c, v) == -1)
		return -1;
	if (v->n > 0) {
		/* Stay where we were: from the first row shown (a copy). */
		first = xcalloc(1, sizeof *first);
		first->key = xstrdup(v->rows[0].key);
		first->id = xstrdup(v->rows[0].id);
	}
	rc = queue_load(c, v, first != NULL ? QUEUE_FROM : QUEUE_FIRST, first);
	if (rc == 0 && v->n == 0 && first != NULL)
		rc = queue_load(c, v, QUEUE_FIRST, NULL);
	queue_rows_free(first, 1);
	return rc;
}

static int
queue_restart(struct con *c, struct qview *v)
{
	v->cur = 0;
	if (queue_recount(c, v) == -1)
		return -1;
	return queue_load(c, v, QUEUE_FIRST, NULL);
}

/* One row down or up, scrolling by key at the edges. */
static void
queue_step(struct con *c, struct qview *v, int down)
{
	struct queue_row *rows;
	size_t n;

	if (v->n == 0)
		return;
	if (down && v->cur + 1 < (int)v->n) {
		v->cur++;
		return;
	}
	if (!down && v->cur > 0) {
		v->cur--;
		return;
	}
	if (queue_get(c, &v->f, down ? QUEUE_AFTER : QUEUE_BEFORE,
	    down ? &v->rows[v->n - 1] : &v->rows[0], 1, &rows, &n) == -1)
		return;
	if (n == 1) {
		if (v->n >= (size_t)queue_page(v)) {
			/* Drop the row that scrolls off. */
			queue_row_clear(&v->rows[down ? 0 : v->n - 1]);
			if (down)
				memmove(v->rows, v->rows + 1, (v->n - 1) * sizeof *v->rows);
			v->n--;
		}
		v->rows = xreallocarray(v->rows, v->n + 1, sizeof *v->rows);
		if (down) {
			v->rows[v->n] = rows[0];
			v->cur = (int)v->n;
		} else {
			memmove(v->rows + 1, v->rows, v->n * sizeof *v->rows);
			v->rows[0] = rows[0];
			v->cur = 0;
		}
		v->n++;
		free(rows);
		return;
	}
	queue_rows_free(rows, n);
	con_msg(c, 0, "%s", con_t(c, down ? MSG_CON_END : MSG_CON_START));
}

/* `/` (from the cursor's letter on) and `n` (after it): the next letter
 * that matches, then the page from it. */
static void
queue_find(struct con *c, struct qview *v, int here)
{
	struct queue_filter f = v->f;
	struct queue_row *rows;
	size_t n;
	int rc;

	if (v->find == NULL || *v->find == '\0') {
		con_msg(c, 0, "%s", con_t(c, MSG_CON_FIND_NONE));
		return;
	}
	f.search = v->find;
	rc = v->n > 0 ? queue_get(c, &f, here ? QUEUE_FROM : QUEUE_AFTER,
	    &v->rows[v->cur], 1, &rows, &n)
	    : queue_get(c, &f, QUEUE_FIRST, NULL, 1, &rows, &n);
	if (rc == -1)
		return;
	if (n == 0) {
		queue_rows_free(rows, n);
		con_msg(c, 1, con_t(c, MSG_CON_NOT_FOUND), v->find);
		return;
	}
	if (queue_load(c, v, QUEUE_FROM, &rows[0]) == 0)
		v->cur = 0;
	queue_rows_free(rows, n);
}

static void
queue_set_unit(struct con *c, struct qview *v)
{
	char *s = ui_prompt_sel(c, con_t(c, MSG_CON_ASK_UNIT), v->f.unit_code);
	char code[16];
	const char *p[1];
	PGresult *r;

	if (s == NULL)
		return;
	if (*s == '\0') {
		v->f.unit_id[0] = v->f.unit_code[0] = '\0';
		goto done;
	}
	if (digits_code(s, code, sizeof code, 1, 12) == -1) {
		con_msg(c, 1, con_t(c, MSG_CON_BAD_UNIT), s);
		free(s);
		return;
	}
	p[0] = code;
	if ((r = con_query(c, "SELECT id FROM pishkhan.units WHERE code = $1", 1, p)) == NULL) {
		con_db_fail(c);
		free(s);
		return;
	}
	if (PQntuples(r) == 0) {
		con_msg(c, 1, con_t(c, MSG_CON_BAD_UNIT), s);
		PQclear(r);
		free(s);
		return;
	}
	snprintf(v->f.unit_id, sizeof v->f.unit_id, "%s", PQgetvalue(r, 0, 0));
	snprintf(v->f.unit_code, sizeof v->f.unit_code, "%s", code);
	PQclear(r);
done:
	free(s);
	queue_restart(c, v);
}

/* The arrival dates (con_ask_period); "" clears. */
static void
queue_set_dates(struct con *c, struct qview *v)
{
	if (con_ask_period(c, v->f.from, v->f.to, sizeof v->f.from))
		queue_restart(c, v);
}

static void
queue_next_status(struct con *c, struct qview *v)
{
	enum letter_status s = vocab_status(v->f.status);

	v->f.status = vocab_statuses[s + 1 < LETTER__COUNT ? s + 1 : 0].name;
	queue_restart(c, v);
}

/*
 * The due states (sql/024_calendar.sql, due_state): their words and colours.
 * The word is always there; the colour only repeats it.
 */
static const struct {
	const char	*state;
	enum msg_id	 msg;
	enum ui_color	 color;
} queue_dues[] = {
	{ "on_time",	MSG_DUE_ON_TIME,	UI_GOOD },
	{ "due_today",	MSG_DUE_TODAY,		UI_WARN },
	{ "late",	MSG_DUE_LATE,		UI_BAD },
	{ "done",	MSG_DUE_DONE,		UI_PLAIN },
	{ "done_late",	MSG_DUE_DONE_LATE,	UI_PLAIN },
};

static const char *
queue_due_word(struct con *c, const char *state, enum ui_color *col)
{
	size_t i;

	for (i = 0; i < sizeof queue_dues / sizeof queue_dues[0]; i++)
		if (strcmp(queue_dues[i].state, state) == 0) {
			*col = queue_dues[i].color;
			return con_t(c, queue_dues[i].msg);
		}
	*col = UI_PLAIN;
	return state;
}

/*
 * The columns in reading order: the letter number (of decided letters),
 * the working days waited and the due state (of letters something is due
 * for), then the sent date, the sender, the unit and the subject.  The
 * first is at the left edge in English, at the right edge in Persian.  The
 * sent date goes first, the unit next and the sender last when the window
 * is narrow (a due word is never cut); the sender and the subject share
 * the rest.
 */
enum { Q_NO, Q_WAITED, Q_DUE, Q_DATE, Q_SENDER, Q_UNIT, Q_SUBJECT, Q__COUNT };

static const struct table_col queue_cols[Q__COUNT] = {
	[Q_NO] =	{ .width = 13, .min = 9 },
	[Q_WAITED] =	{ .width = 4 },
	[Q_DUE] =	{ .width = 10, .min = 10 },
	[Q_DATE] =	{ .width = 16, .drop = 3 },
	[Q_SENDER] =	{ .width = 8, .grow = 1, .max = 24, .drop = 1 },
	[Q_UNIT] =	{ .width = 6, .drop = 2 },
	[Q_SUBJECT] =	{ .width = 10, .grow = 2 },
};

static const enum msg_id queue_heads[Q__COUNT] = {
	[Q_NO] = MSG_CON_LETTER_NO, [Q_WAITED] = MSG_CON_COL_WAITED,
	[Q_DUE] = MSG_CON_COL_DUE, [Q_DATE] = MSG_CON_COL_DATE,
	[Q_SENDER] = MSG_CON_COL_SENDER, [Q_UNIT] = MSG_CON_COL_UNIT,
	[Q_SUBJECT] = MSG_CON_COL_SUBJECT,
};

static void
queue_draw(struct con *c, struct screen *s, int rows, int cols)
{
	struct qview *v = s->data;
	int y, i, j, k, off, x[Q__COUNT], w[Q__COUNT];
	struct table_col tc[Q__COUNT];
	int shown[Q__COUNT], ns = 0;
	const char *cell[Q__COUNT];
	enum ui_color col, due_col;
	enum letter_status st = vocab_status(v->f.status);
	int review = st == LETTER_REVIEW, due = queue_has_due(&v->f);

	/* The columns of this status: no letter number before a decision,
	 * no due once nothing is pending. */
	for (j = 0; j < Q__COUNT; j++) {
		if ((j == Q_NO && review) || ((j == Q_WAITED || j == Q_DUE) && !due))
			continue;
		tc[ns] = queue_cols[j];
		shown[ns++] = j;
	}
	table_layout(tc, (size_t)ns, ui_rtl(c), 0, cols, 0, x, w);
	v->page = rows - 3;
	/* After the window shrank, more rows are held than shown. */
	off = v->cur >= v->page ? v->cur - v->page + 1 : 0;
	for (k = 0; k < ns; k++) {
		j = shown[k];
		if (j == Q_WAITED)
			ui_num(c, 1, x[k], w[k], con_t(c, queue_heads[j]), UI_DIM);
		else
			ui_cell(c, 1, x[k], w[k], con_t(c, queue_heads[j]), UI_DIM, 1);
	}
	if (v->n == 0)
		ui_cell(c, 3, 2, cols - 4, con_t(c, v->f.late && due ? MSG_CON_EMPTY_LATE :
		    MSG_CON_EMPTY), UI_PLAIN, 0);
	for (i = 0; off + i < (int)v->n && i < v->page; i++) {
		const struct queue_row *r = &v->rows[off + i];
		int sel = off + i == v->cur;

		y = 2 + i;
		col = sel ? UI_SELECT : UI_PLAIN;
		cell[Q_NO] = r->letter_no[0] != '\0' ? r->letter_no :
		    con_t(c, i18n_status(v->f.status));
		cell[Q_WAITED] = r->waited;
		cell[Q_DUE] = queue_due_word(c, r->due_state, &due_col);
		cell[Q_DATE] = r->date;
		cell[Q_SENDER] = r->sender;
		cell[Q_UNIT] = r->unit;
		cell[Q_SUBJECT] = r->subject;
		/* The selection bar across the row, gaps included. */
		ui_text(c, y, 0, cols, "", col, 1);
		for (k = 0; k < ns; k++) {
			j = shown[k];
			if (j == Q_WAITED)	/* a number: on its last digit */
				ui_num(c, y, x[k], w[k], cell[j], col);
			else
				ui_cell(c, y, x[k], w[k], cell[j], sel ? col :
				    j == Q_DUE ? due_col :
				    j == Q_NO ? ui_status_color(st) : col, 1);
		}
	}
}

static const char *
queue_title(struct con *c, struct screen *s)
{
	struct qview *v = s->data;

	buf_reset(&v->title);
	buf_addf(&v->title, "%s: %s \xe2\x80\x94 ", con_t(c, MSG_CON_QUEUE),
	    con_t(c, i18n_status(v->f.status)));
	buf_addf(&v->title, con_t(c, v->count == 1 ? MSG_CON_COUNT_ONE : MSG_CON_COUNT), v->count);
	if (queue_has_due(&v->f) && v->f.late)
		buf_addf(&v->title, " \xe2\x80\x94 %s", con_t(c, MSG_CON_LATE_ONLY));
	if (queue_has_due(&v->f) && v->f.by_due)
		buf_addf(&v->title, " \xe2\x80\x94 %s", con_t(c, MSG_CON_BY_DUE));
	if (v->f.unit_code[0] != '\0')
		buf_addf(&v->title, " \xe2\x80\x94 %s %s", con_t(c, MSG_CON_COL_UNIT),
		    v->f.unit_code);
	con_period_title(c, &v->title, v->f.from, v->f.to);
	return buf_str(&v->title);
}

static int
queue_act(struct con *c, struct screen *s, enum action a)
{
	struct qview *v = s->data;
	char *t;

	switch (a) {
	case ACT_UP:
	case ACT_DOWN:
		queue_step(c, v, a == ACT_DOWN);
		break;
	case ACT_PAGE_DOWN:
		if (v->n > 0 && queue_load(c, v, QUEUE_AFTER, &v->rows[v->n - 1]) == 1)
			v->cur = (int)v->n - 1;
		else
			v->cur = 0;
		break;
	case ACT_PAGE_UP:
		if (v->n > 0 && queue_load(c, v, QUEUE_BEFORE, &v->rows[0]) == 0 &&
		    (int)v->n < queue_page(v))
			queue_load(c, v, QUEUE_FIRST, NULL);
		v->cur = 0;
		break;
	case ACT_HOME:
		v->cur = 0;
		queue_load(c, v, QUEUE_FIRST, NULL);
		break;
	case ACT_END:
		if (queue_load(c, v, QUEUE_LAST, NULL) == 0)
			v->cur = v->n > 0 ? (int)v->n - 1 : 0;
		break;
	case ACT_OPEN:
		if (v->n > 0)
			screen_letter_open(c, v->rows[v->cur].id);
		break;
	case ACT_BACK:
		return SCREEN_POP;
	case ACT_SEARCH:
		if ((t = ui_prompt_sel(c, "/", v->find)) == NULL)
			break;
		free(v->find);
		v->find = t;
		queue_find(c, v, 1);
		break;
	case ACT_NEXT:
		queue_find(c, v, 0);
		break;
	case ACT_STATUS:
		queue_next_status(c, v);
		break;
	case ACT_UNIT:
		queue_set_unit(c, v);
		break;
	case ACT_DATES:
		queue_set_dates(c, v);
		break;
	case ACT_CLEAR:
		v->f.unit_id[0] = v->f.unit_code[0] = v->f.from[0] = v->f.to[0] = '\0';
		v->f.late = 0;
		queue_restart(c, v);
		break;
	case ACT_SORT:
	case ACT_LATE:
		/* Rejected letters wait for nothing: nothing to sort or
		 * filter by (and the setting waits for the next status). */
		if (a == ACT_SORT)
			v->f.by_due = !v->f.by_due;
		else
			v->f.late = !v->f.late;
		if (!queue_has_due(&v->f))
			con_msg(c, 0, "%s", con_t(c, MSG_CON_NO_DUE));
		queue_restart(c, v);
		break;
	case ACT_REFRESH:
		clearok(curscr, TRUE);
		queue_reload(c, v);
		break;
	case ACT_STATS:
		screen_stats_open(c);
		break;
	case ACT_APPROVE:
	case ACT_REJECT:
		if (v->n == 0)
			break;
		/* Reloaded whatever came of it: a letter another clerk
		 * decided meanwhile leaves the list now, not at Ctrl-L. */
		if (a == ACT_APPROVE)
			decide_approve(c, v->rows[v->cur].id);
		else
			decide_reject(c, v->rows[v->cur].id);
		{
			int cur = v->cur;

			queue_reload(c, v);
			v->cur = cur < (int)v->n ? cur : v->n > 0 ? (int)v->n - 1 : 0;
		}
		break;
	default:
		con_msg(c, 0, "%s", con_t(c, MSG_CON_NOT_HERE));
		break;
	}
	return 0;
}

static void
queue_done(struct screen *s)
{
	struct qview *v = s->data;

	queue_rows_free(v->rows, v->n);
	free(v->find);
	buf_free(&v->title);
	free(v);
}

static const struct screen_ops queue_ops = {
	0, queue_draw, queue_title, queue_act, queue_done
};

void
screen_queue_open(struct con *c)
{
	struct qview *v = xcalloc(1, sizeof *v);

	/* Clerks (and admins, who may read) start with what awaits review;
	 * unit members with their unit's approved letters (row-level security
	 * shows them only those). */
	v->f.status = vocab_statuses[c->me.clerk || !c->me.unit ? LETTER_REVIEW :
	    LETTER_APPROVED].name;
	v->page = LINES > 3 ? LINES - 3 : 10;
	con_push(c, &queue_ops, v);
	queue_restart(c, v);
}
