/*
 * decide.c — approve, reject, post an update, attach a response.
 *
 * The dialogs gather the decision; the database makes it, in one call of
 * its own function (sql/003_functions.sql): the letter, the audit event and
 * the SMS in the outbox commit together or not at all.  PK409 means another
 * clerk was first: we read the letter again and say who and when.
 */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "console.h"
#include "db.h"
#include "decide.h"
#include "digits.h"
#include "filetype.h"
#include "u8.h"
#include "ui.h"
#include "xmalloc.h"

/* A written reason's length, in characters (sql/001: letters' CHECK). */
#define REASON_MAX	1000

/*
 * The letter's status; when it is no longer under review, the status line
 * says who decided it and when.  Returns 1 (under review), 0 (decided) or
 * -1 (error).
 */
static int
decide_check(struct con *c, const char *id)
{
	const char *p[1] = { id };
	PGresult *r;
	enum letter_status st;
	int rc;

	r = con_query(c, "SELECT status, coalesce(decided_by, ''), "
	    "coalesce(pishkhan.console_when(decided_at), '') "
	    "FROM pishkhan.letters WHERE id = $1::bigint", 1, p);
	if (r == NULL)
		return con_db_fail(c);
	if (PQntuples(r) == 0) {
		con_msg(c, 1, "%s", con_t(c, MSG_CON_NO_LETTER));
		PQclear(r);
		return -1;
	}
	st = vocab_status(PQgetvalue(r, 0, 0));
	rc = st == LETTER_REVIEW;
	if (!rc && st < LETTER__COUNT)
		con_msg(c, 1, con_t(c, vocab_statuses[st].already),
		    PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2));
	else if (!rc)	/* a status this console does not know */
		con_msg(c, 1, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return rc;
}

/*
 * After a failed decision: who was first, or the reason.  When the
 * connection went with the decision on its way (a failover), nobody can
 * say whether it was saved: look again, on a new connection, and say what
 * the letter is now; the clerk decides again only if it was not.
 */
static int
decide_fail(struct con *c, const char *id)
{
	char seen[sizeof c->msg];
	int st;

	if (db_is(c->db, DB_PK_DECIDED)) {
		decide_check(c, id);
		return -1;
	}
	if (!db_outcome_unknown(c->db))
		return con_db_fail(c);
	if ((st = decide_check(c, id)) == 1)
		con_msg(c, 1, "%s", con_t(c, MSG_CON_INFLIGHT_NOT));
	else if (st == 0) {
		snprintf(seen, sizeof seen, "%s", c->msg);
		con_msg(c, 0, con_t(c, MSG_CON_INFLIGHT_DONE), seen);
	} else
		con_msg(c, 1, "%s", con_t(c, MSG_CON_OUTCOME_UNKNOWN));
	return -1;
}

/*
 * The unit to send the letter to: picked from the list of active units
 * (codes and names; the bar starts on the current one, Enter chooses), or
 * typed: a digit key opens a prompt for the code, starting with it.
 * `id` and `label` are the current unit, replaced when one is chosen.
 * 0 or -1 (cancelled, or an unknown code: the status line says so).
 */
static int
decide_unit(struct con *c, char *id, size_t idsz, struct buf *label)
{
	const char *p[2] = { i18n_lang_code(c->lang), NULL };
	const char **labels = NULL, **items = NULL;
	char code[16], first[8] = "", *s = NULL;
	PGresult *r;
	size_t sel = 0;
	int i, n, key, rc = -1;

	r = con_query(c, "SELECT id, code, CASE $1 WHEN 'en' THEN name_en "
	    "ELSE name_fa END FROM pishkhan.units WHERE active ORDER BY code", 1, p);
	if (r == NULL)
		return con_db_fail(c);
	n = PQntuples(r);
	labels = xcalloc((size_t)n + 1, sizeof *labels);
	items = xcalloc((size_t)n + 1, sizeof *items);
	for (i = 0; i < n; i++) {
		labels[i] = PQgetvalue(r, i, 1);
		items[i] = PQgetvalue(r, i, 2);
		if (strcmp(PQgetvalue(r, i, 0), id) == 0)
			sel = (size_t)i;
	}
	key = ui_menu(c, con_t(c, MSG_CON_UNIT_TITLE), labels, items, (size_t)n,
	    con_t(c, MSG_CON_UNIT_HINT), &sel);
	switch (ui_action(key)) {
	case ACT_OPEN:
		if (n == 0)
			goto fail;
		i = (int)sel;
		break;
	case ACT_NUMBER:	/* any digits: the key table maps them */
		/* a code typed from memory, starting with the digit pressed */
		if ((i = u8_encode((uint32_t)key, first)) > 0)
			first[i] = '\0';
		if ((s = ui_prompt(c, con_t(c, MSG_CON_ASK_UNIT_TO), first)) == NULL)
			goto fail;
		if (digits_code(s, code, sizeof code, 1, 12) == -1) {
			con_msg(c, 1, con_t(c, MSG_CON_BAD_UNIT), s);
			goto fail;
		}
		for (i = 0; i < n; i++)
			if (strcmp(PQgetvalue(r, i, 1), code) == 0)
				break;
		if (i == n) {
			con_msg(c, 1, con_t(c, MSG_CON_BAD_UNIT), s);
			goto fail;
		}
		break;
	default:
		goto fail;
	}
	snprintf(id, idsz, "%s", PQgetvalue(r, i, 0));
	buf_reset(label);
	buf_addf(label, "%s %s", PQgetvalue(r, i, 1), PQgetvalue(r, i, 2));
	c->msg[0] = '\0';	/* an earlier wrong code is no longer the news */
	rc = 0;
fail:
	free(s);
	free(labels);
	free(items);
	PQclear(r);
	return rc;
}

int
decide_approve(struct con *c, const char *id)
{
	const char *p[3] = { id, i18n_lang_code(c->lang), NULL };
	char unit[16];
	struct buf l1 = BUF_INIT, l2 = BUF_INIT, l3 = BUF_INIT, unitname = BUF_INIT;
	const char *lines[4];
	PGresult *r;
	int key, rc = -1;

	if (!c->me.clerk) {
		con_msg(c, 1, "%s", con_t(c, MSG_CON_CLERKS_ONLY));
		return -1;
	}
	if (decide_check(c, id) != 1)
		return -1;
	r = con_query(c, "SELECT l.unit_id, u.code || ' ' || CASE $2 WHEN 'en' "
	    "THEN u.name_en ELSE u.name_fa END FROM pishkhan.letters l "
	    "JOIN pishkhan.units u ON u.id = l.unit_id WHERE l.id = $1::bigint", 2, p);
	if (r == NULL || PQntuples(r) == 0) {
		PQclear(r);
		return decide_fail(c, id);
	}
	snprintf(unit, sizeof unit, "%s", PQgetvalue(r, 0, 0));
	buf_adds(&unitname, PQgetvalue(r, 0, 1));
	PQclear(r);
	for (;;) {
		p[0] = unit;
		r = con_query(c, "SELECT pishkhan.letter_number_preview($1::integer), "
		    "pishkhan.jalali(pishkhan.office_today())", 1, p);
		if (r == NULL) {
			decide_fail(c, id);
			goto done;
		}
		buf_reset(&l1);
		buf_reset(&l2);
		buf_reset(&l3);
		buf_addf(&l1, "%s: %s", con_t(c, MSG_CON_LETTER_NO), PQgetvalue(r, 0, 0));
		buf_addf(&l2, "%s: %s", con_t(c, MSG_CON_LETTER_DATE), PQgetvalue(r, 0, 1));
		buf_addf(&l3, "%s: %s", con_t(c, MSG_CON_COL_UNIT), buf_str(&unitname));
		PQclear(r);
		lines[0] = buf_str(&l1);
		lines[1] = buf_str(&l2);
		lines[2] = buf_str(&l3);
		lines[3] = con_t(c, MSG_CON_APPROVE_NOTE);
		key = ui_dialog(c, con_t(c, MSG_CON_APPROVE_TITLE), lines, 4,
		    con_t(c, MSG_CON_APPROVE_HINT));
		if (ui_is_yes(key))
			break;
		if (key == 'u' || key == 'U') {
			decide_unit(c, unit, sizeof unit, &unitname);
			continue;
		}
		con_msg(c, 0, "%s", con_t(c, MSG_CON_CANCELLED));
		goto done;
	}
	p[0] = id;
	p[1] = unit;
	r = con_query(c, "SELECT a.letter_no, a.tracking_no, pishkhan.jalali(a.letter_date) "
	    "FROM pishkhan.letter_approve($1::bigint, $2::integer, NULL) a", 2, p);
	if (r == NULL) {
		decide_fail(c, id);
		goto done;
	}
	con_msg(c, 0, con_t(c, MSG_CON_APPROVED), PQgetvalue(r, 0, 0),
	    PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2));
	PQclear(r);
	rc = 0;
done:
	buf_free(&l1);
	buf_free(&l2);
	buf_free(&l3);
	buf_free(&unitname);
	return rc;
}

/* The reason number a key stands for (ASCII, Persian or Arabic digit). */
static int
decide_digit(int key)
{
	char s[8];
	int n;
	uint64_t v;

	if (key < 0x30 || key > 0x10ffff || (n = u8_encode((uint32_t)key, s)) <= 0)
		return -1;
	s[n] = '\0';
	if (digits_parse_u64(s, 9, &v) == -1)
		return -1;
	return (int)v;
}

/*
 * The clerk picks a canned reason from every active one, in their order,
 * or 0 to write one: Enter on the selected row (the list scrolls when it
 * is longer than the window), or a number key for the first nine.
 * Returns the reason's row in r, n for "write one", or -1 (cancelled).
 */
static int
decide_pick(struct con *c, PGresult *r)
{
	int i, n = PQntuples(r), k = -1, key;
	struct buf *lb = xcalloc((size_t)n + 1, sizeof *lb);
	const char **labels = xcalloc((size_t)n + 1, sizeof *labels);
	const char **items = xcalloc((size_t)n + 1, sizeof *items);
	size_t sel = 0;

	for (i = 0; i <= n; i++) {
		buf_addf(&lb[i], "%d.", i < n ? i + 1 : 0);
		labels[i] = buf_str(&lb[i]);
		items[i] = i < n ? PQgetvalue(r, i, 1) : con_t(c, MSG_CON_REASON_OWN);
	}
	key = ui_menu(c, con_t(c, MSG_CON_REJECT_TITLE), labels, items,
	    (size_t)n + 1, con_t(c, MSG_CON_REJECT_HINT), &sel);
	switch (ui_action(key)) {
	case ACT_OPEN:
		k = (int)sel;
		break;
	case ACT_NUMBER:
		/* 1..9 the reasons of those numbers, 0 the written one. */
		k = decide_digit(key);
		k = k == 0 ? n : k >= 1 && k <= n ? k - 1 : -1;
		break;
	default:
		break;
	}
	for (i = 0; i <= n; i++)
		buf_free(&lb[i]);
	free(lb);
	free(labels);
	free(items);
	return k;
}

int
decide_reject(struct con *c, const char *id)
{
	const char *p[3] = { i18n_lang_code(c->lang), NULL, NULL }, *line;
	PGresult *r = NULL, *rr;
	struct buf confirm = BUF_INIT;
	char *why = NULL, reason_id[16] = "";
	int n, key, k, rc = -1;

	if (!c->me.clerk) {
		con_msg(c, 1, "%s", con_t(c, MSG_CON_CLERKS_ONLY));
		return -1;
	}
	if (decide_check(c, id) != 1)
		return -1;
	r = con_query(c, "SELECT id, CASE $1 WHEN 'en' THEN text_en ELSE text_fa END "
	    "FROM pishkhan.rejection_reasons WHERE active ORDER BY sort_order, id", 1, p);
	if (r == NULL)
		return con_db_fail(c);
	n = PQntuples(r);
	if ((k = decide_pick(c, r)) < 0) {
		con_msg(c, 0, "%s", con_t(c, MSG_CON_CANCELLED));
		goto done;
	}
	if (k == n) {
		/* A reason the database would refuse as too long is asked for
		 * again, the text kept for the clerk to shorten. */
		const char *ask = con_t(c, MSG_CON_ASK_REASON);
		struct buf label = BUF_INIT, clean = BUF_INIT;
		size_t len;
		int empty;

		for (;;) {
			char *again = ui_prompt(c, ask, why);

			free(why);
			why = again;
			/* Measured as the database keeps it: cleaned as
			 * clean_line() does, spaces at the ends dropped. */
			if (why == NULL || u8_clean_line(why, strlen(why), &clean) < 0 ||
			    (len = u8_chars(buf_str(&clean))) <= REASON_MAX)
				break;
			buf_reset(&label);
			buf_addf(&label, con_t(c, MSG_CON_ASK_REASON_LONG), len);
			ask = buf_str(&label);
		}
		buf_free(&label);
		if (why == NULL) {
			buf_free(&clean);
			con_msg(c, 0, "%s", con_t(c, MSG_CON_CANCELLED));
			goto done;
		}
		empty = buf_str(&clean)[0] == '\0';
		buf_free(&clean);
		if (empty) {
			con_msg(c, 1, "%s", con_t(c, MSG_CON_REASON_EMPTY));
			goto done;
		}
	} else {
		why = xstrdup(PQgetvalue(r, k, 1));
		snprintf(reason_id, sizeof reason_id, "%s", PQgetvalue(r, k, 0));
	}
	buf_addf(&confirm, "%s: %s", con_t(c, MSG_CON_REASON), why);
	line = buf_str(&confirm);
	key = ui_dialog(c, con_t(c, MSG_CON_REJECT_TITLE), &line, 1,
	    con_t(c, MSG_CON_CONFIRM_HINT));
	if (!ui_is_yes(key)) {
		con_msg(c, 0, "%s", con_t(c, MSG_CON_CANCELLED));
		goto done;
	}
	p[0] = id;
	p[1] = why;
	p[2] = reason_id;
	rr = con_query(c, "SELECT pishkhan.console_when(pishkhan.letter_reject("
	    "$1::bigint, $2, nullif($3, '')::integer))", 3, p);
	if (rr == NULL) {
		decide_fail(c, id);
		goto done;
	}
	con_msg(c, 0, con_t(c, MSG_CON_REJECTED), PQgetvalue(rr, 0, 0));
	PQclear(rr);
	rc = 0;
done:
	free(why);
	buf_free(&confirm);
	PQclear(r);
	return rc;
}

/* Ask whether to tell the citizen by SMS: "true", "false", or NULL (Esc). */
static const char *
decide_notify(struct con *c)
{
	const char *line = con_t(c, MSG_CON_ASK_NOTIFY);
	int key = ui_dialog(c, con_t(c, MSG_CON_NOTIFY_TITLE), &line, 1,
	    con_t(c, MSG_CON_NOTIFY_HINT));

	if (key == 27 || key == 'q')
		return NULL;
	return ui_is_yes(key) ? "true" : "false";
}

int
decide_update(struct con *c, const char *id)
{
	char *note = ui_prompt(c, con_t(c, MSG_CON_ASK_UPDATE), NULL);
	const char *p[3] = { id, note, NULL };
	PGresult *r;
	int rc = -1;

	if (note == NULL)
		return -1;
	if (note[strspn(note, " \t")] == '\0') {
		con_msg(c, 1, "%s", con_t(c, MSG_CON_UPDATE_EMPTY));
		goto done;
	}
	if ((p[2] = decide_notify(c)) == NULL) {
		con_msg(c, 0, "%s", con_t(c, MSG_CON_CANCELLED));
		goto done;
	}
	r = con_query(c, "SELECT pishkhan.letter_post_update($1::bigint, $2, $3::boolean)",
	    3, p);
	if (r == NULL) {
		con_db_fail(c);
		goto done;
	}
	PQclear(r);
	con_msg(c, 0, "%s", con_t(c, MSG_CON_UPDATED));
	rc = 0;
done:
	free(note);
	return rc;
}

/* Read the file at `path`, checked as the web checks uploads.  0 or -1. */
static int
decide_read(struct con *c, const char *path, struct buf *data, enum filetype *t)
{
	struct stat st;
	int fd, rc = -1;
	ssize_t n;
	char chunk[65536];
	const char *why = NULL;

	if ((fd = open(path, O_RDONLY | O_NOCTTY)) == -1) {
		con_msg(c, 1, con_t(c, MSG_CON_FILE_OPEN), path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		con_msg(c, 1, con_t(c, MSG_CON_FILE_OPEN), path,
		    con_t(c, MSG_CON_NOT_REGULAR));
		goto fail;
	}
	if (st.st_size > c->max_response) {
		con_msg(c, 1, con_t(c, MSG_CON_FILE_BIG), path, c->max_response / 1024);
		goto fail;
	}
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		if (data->len + (size_t)n > (size_t)c->max_response) {
			con_msg(c, 1, con_t(c, MSG_CON_FILE_BIG), path,
			    c->max_response / 1024);
			goto fail;
		}
		buf_add(data, chunk, (size_t)n);
	}
	if (n == -1) {
		con_msg(c, 1, con_t(c, MSG_CON_FILE_OPEN), path, strerror(errno));
		goto fail;
	}
	if (data->len == 0 ||
	    (*t = filetype_detect(data->data, data->len, &why)) == FT_UNKNOWN) {
		con_msg(c, 1, con_t(c, MSG_CON_FILE_TYPE), path);
		goto fail;
	}
	rc = 0;
fail:
	close(fd);
	return rc;
}

int
decide_respond(struct con *c, const char *id)
{
	char *path = ui_prompt(c, con_t(c, MSG_CON_ASK_PATH), NULL);
	char *note = NULL, *name = NULL;
	struct buf data = BUF_INIT;
	enum filetype t = FT_UNKNOWN;
	const char *p[6];
	int len[6] = { -1, -1, -1, -1, -1, -1 };
	PGresult *r;
	int rc = -1;

	if (path == NULL || *path == '\0') {
		con_msg(c, 0, "%s", con_t(c, MSG_CON_CANCELLED));
		goto done;
	}
	if (decide_read(c, path, &data, &t) == -1)
		goto done;
	if ((note = ui_prompt(c, con_t(c, MSG_CON_ASK_NOTE), NULL)) == NULL ||
	    (p[5] = decide_notify(c)) == NULL) {
		con_msg(c, 0, "%s", con_t(c, MSG_CON_CANCELLED));
		goto done;
	}
	name = filetype_name(path, "response", t);
	p[0] = id;
	p[1] = name;
	p[2] = filetype_mime(t);
	p[3] = data.data != NULL ? data.data : "";
	p[4] = note;
	/* the file's bytes as they are ($4 binary), no hex */
	len[3] = (int)data.len;
	if (db_ensure(c->db) == -1 || (r = db_query_bin(c->db,
	    "SELECT pishkhan.letter_add_response($1::bigint, $2, $3, "
	    "$4::bytea, nullif(btrim($5), ''), $6::boolean)", 6, p, len, 0)) == NULL) {
		con_db_fail(c);
		goto done;
	}
	PQclear(r);
	con_msg(c, 0, con_t(c, MSG_CON_RESPONDED), name);
	rc = 0;
done:
	free(path);
	free(note);
	free(name);
	buf_free(&data);
	return rc;
}
