/*
 * page_letters.c — the citizen's history (search, paging), one letter with
 * "گرفتن آخرین وضعیت", and file downloads.
 *
 * Status is shown by colour, an icon and words together, as common/vocab.h
 * gives them; an approved letter adds its letter number, tracking number
 * and letter date, a rejected one its reason and date.  Every query is scoped to the session's
 * citizen by the database functions: another citizen's id gives the same
 * "not found" as an id that does not exist.
 *
 * The history and a letter's page read from the standby when one is
 * configured and safe to read (replica.h); "the latest status", the
 * updates and the files, from the primary.
 *
 * A letter that waits — for the clerk's decision, or for the unit's
 * response once approved — says by when (a Jalali date, the last day of
 * the unit's service level), and says it is late in another sentence when
 * it is, with the due state's word beside its colour.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "digits.h"
#include "filetype.h"
#include "log.h"
#include "page.h"
#include "pages.h"
#include "replica.h"
#include "req.h"
#include "u8.h"
#include "url.h"
#include "vocab.h"
#include "web.h"
#include "xmalloc.h"

/* The status named by the database; an unknown name shows as under review. */
static enum letter_status
status_of(const char *name)
{
	enum letter_status s = vocab_status(name);

	return s < LETTER__COUNT ? s : LETTER_REVIEW;
}

/* A number as a string in the page's digits (a borrowed static buffer is
 * not used: the caller's buf gets it). */
static void
description(struct buf *b, struct req *r, enum letter_status st, const char *letter_no,
    const char *tracking, const char *date, const char *reason, const char *decided)
{
	struct buf d = BUF_INIT, n = BUF_INIT, t = BUF_INIT, m = BUF_INIT;

	switch (st) {
	case LETTER_APPROVED:
		page_digits(&n, r, letter_no);
		page_digits(&t, r, tracking);
		page_date(&d, r, date);
		/* the pieces are escaped already; the template is ours */
		buf_addf(&m, req_t(r, MSG_WEB_APPROVED_TEXT), buf_str(&n), buf_str(&t),
		    buf_str(&d));
		buf_adds(b, buf_str(&m));
		break;
	case LETTER_REJECTED: {
		struct buf er = BUF_INIT;

		page_user(&er, reason);
		page_date(&d, r, decided);
		buf_addf(&m, req_t(r, MSG_WEB_REJECTED_TEXT), buf_str(&er), buf_str(&d));
		buf_adds(b, buf_str(&m));
		buf_free(&er);
		break;
	}
	default:	/* the status's words say it all */
		page_t(b, r, vocab_statuses[st].msg);
		break;
	}
	buf_free(&d);
	buf_free(&n);
	buf_free(&t);
	buf_free(&m);
}

/* The due states of sql/024's due_state that a waiting letter can be in,
 * with their words (the console's and the reports' too). */
static const struct {
	const char	*name;
	enum msg_id	 word;
} due_states[] = {
	{ "on_time", MSG_DUE_ON_TIME },
	{ "due_today", MSG_DUE_TODAY },
	{ "late", MSG_DUE_LATE },
};

/*
 * What a letter waits for and by when, from web_letter_due (sql/026): kind
 * 'decision' or 'response', the due date (ISO), the state.  In full on the
 * letter's page, a short note in the list; nothing when it waits for
 * nothing (kind empty).
 */
static void
due_note(struct buf *b, struct req *r, const char *kind, const char *due,
    const char *state, int brief)
{
	struct buf d = BUF_INIT, m = BUF_INIT;
	size_t i;
	int response, late;
	enum msg_id id;

	if (kind == NULL || kind[0] == '\0')
		return;
	for (i = 0; i < sizeof due_states / sizeof due_states[0]; i++)
		if (strcmp(state, due_states[i].name) == 0)
			break;
	if (i == sizeof due_states / sizeof due_states[0])
		return;
	response = strcmp(kind, "response") == 0;
	late = strcmp(state, "late") == 0;
	if (brief)
		id = response ? MSG_WEB_DUE_SHORT_RESPONSE : MSG_WEB_DUE_SHORT_DECISION;
	else if (late)
		id = response ? MSG_WEB_DUE_RESPONSE_LATE : MSG_WEB_DUE_DECISION_LATE;
	else
		id = response ? MSG_WEB_DUE_RESPONSE : MSG_WEB_DUE_DECISION;
	page_date(&d, r, due);
	/* the date is escaped already; the template is ours */
	buf_addf(&m, req_t(r, id), buf_str(&d));
	buf_addf(b, "<p class=\"due\" data-due=\"%s\"><strong>", due_states[i].name);
	page_t(b, r, due_states[i].word);
	buf_adds(b, "</strong> — ");
	buf_adds(b, buf_str(&m));
	buf_adds(b, "</p>");
	buf_free(&d);
	buf_free(&m);
}

/* The attributes of a letter's element: its status's class and tone. */
static void
status_attrs(struct buf *b, enum letter_status st)
{
	buf_addf(b, " class=\"letter st-%s\" data-tone=\"%s\"", vocab_statuses[st].name,
	    vocab_statuses[st].tone);
}

static void
status_badge(struct buf *b, struct req *r, enum letter_status st)
{
	buf_addf(b, "<p class=\"status\"><span class=\"icon\" aria-hidden=\"true\">%s</span> ",
	    vocab_statuses[st].icon);
	page_t(b, r, MSG_WEB_STATUS);
	buf_adds(b, ": <strong>");
	page_t(b, r, vocab_statuses[st].msg);
	buf_adds(b, "</strong></p>");
}

enum MHD_Result
page_letters(struct req *r, const char *arg)
{
	const char *q = req_arg(r, "q"), *before = req_arg(r, "before");
	const char *isnew = req_arg(r, "new"), *p[4];
	char lim[16], bef[32];
	uint64_t bv;
	struct buf b = BUF_INIT;
	PGresult *res;
	int i, n, page = (int)cfg_int(web.cfg, CFG_WEB_PAGE_SIZE);

	(void)arg;
	/* PostgreSQL refuses text that is not UTF-8: say so, not "unavailable" */
	if (q != NULL && !u8_valid(q, strlen(q)))
		return page_error(r, MHD_HTTP_BAD_REQUEST, MSG_WEB_SEARCH_BAD);
	snprintf(lim, sizeof lim, "%d", page + 1);
	p[0] = r->citizen_id;
	p[1] = q != NULL && q[0] != '\0' ? q : NULL;
	p[2] = NULL;
	if (before != NULL && digits_parse_u64(before, INT64_MAX, &bv) == 0) {
		snprintf(bef, sizeof bef, "%llu", (unsigned long long)bv);
		p[2] = bef;
	}
	p[3] = lim;
	/* the dues of the page's letters in one call (sql/031) */
	if ((res = replica_query(r, 0, "WITH w AS (SELECT * FROM web_letters($1, $2, $3, $4)) "
	    "SELECT w.id, subject, unit_fa, unit_en, status, "
	    "letter_no, tracking_no, letter_date, rejection_reason, decided_at, "
	    "created_at, d.kind, d.due, d.state FROM w "
	    "LEFT JOIN web_letter_dues($1, ARRAY(SELECT w.id FROM w)) d ON d.id = w.id "
	    "ORDER BY w.id DESC", 4, p)) == NULL)
		return page_db_error(r);
	page_begin(&b, r, req_t(r, MSG_WEB_HISTORY));
	if (isnew != NULL)
		page_msg(&b, "ok", req_t(r, MSG_WEB_SUBMITTED));
	page_form(&b, r, "get", "/letters", "class=\"search\" role=\"search\"");
	buf_adds(&b, "<label for=\"q\">");
	page_t(&b, r, MSG_WEB_SEARCH);
	buf_adds(&b, "</label> <input id=\"q\" name=\"q\" type=\"search\" maxlength=\"200\" value=\"");
	html_esc(&b, q);
	buf_adds(&b, "\"> ");
	page_submit_button(&b, r, MSG_WEB_SEARCH_BTN);
	buf_adds(&b, "</form>");
	n = PQntuples(res);
	if (n == 0) {
		buf_adds(&b, "<p>");
		page_t(&b, r, MSG_WEB_NO_LETTERS);
		buf_adds(&b, "</p>");
	} else
		buf_adds(&b, "<ol class=\"letters\">");
	for (i = 0; i < n && i < page; i++) {
		enum letter_status st = status_of(PQgetvalue(res, i, 4));

		buf_adds(&b, "<li");
		status_attrs(&b, st);
		buf_addf(&b, "><h2><a href=\"/letter/%s\">", PQgetvalue(res, i, 0));
		page_user(&b, PQgetvalue(res, i, 1));
		buf_adds(&b, "</a></h2><p>");
		page_t(&b, r, MSG_WEB_UNIT_LABEL);
		buf_adds(&b, ": ");
		page_user(&b, PQgetvalue(res, i, r->lang == LANG_FA ? 2 : 3));
		buf_adds(&b, " — ");
		page_t(&b, r, MSG_WEB_SUBMITTED_ON);
		buf_adds(&b, ": ");
		page_date(&b, r, PQgetvalue(res, i, 10));
		buf_adds(&b, "</p>");
		status_badge(&b, r, st);
		due_note(&b, r, PQgetvalue(res, i, 11), PQgetvalue(res, i, 12),
		    PQgetvalue(res, i, 13), 1);
		buf_adds(&b, "<p>");
		page_t(&b, r, MSG_WEB_DESCRIPTION);
		buf_adds(&b, ": ");
		description(&b, r, st, PQgetvalue(res, i, 5), PQgetvalue(res, i, 6),
		    PQgetvalue(res, i, 7), PQgetvalue(res, i, 8), PQgetvalue(res, i, 9));
		buf_adds(&b, "</p>");
		if (st == LETTER_APPROVED) {
			buf_addf(&b, "<p><a class=\"button\" href=\"/letter/%s?latest=1#updates\">",
			    PQgetvalue(res, i, 0));
			page_t(&b, r, MSG_WEB_LATEST);
			buf_adds(&b, "</a></p>");
		}
		buf_adds(&b, "</li>");
	}
	if (n > 0)
		buf_adds(&b, "</ol>");
	buf_adds(&b, "<nav class=\"pages\" aria-label=\"pages\">");
	if (p[2] != NULL) {
		buf_adds(&b, "<a href=\"/letters?q=");
		url_encode(&b, p[1], URL_UNRESERVED);
		buf_adds(&b, "\">");
		page_t(&b, r, MSG_WEB_NEWEST);
		buf_adds(&b, "</a> ");
	}
	if (n > page) {
		buf_addf(&b, "<a href=\"/letters?before=%s&amp;q=", PQgetvalue(res, page - 1, 0));
		url_encode(&b, p[1], URL_UNRESERVED);
		buf_adds(&b, "\" rel=\"next\">");
		page_t(&b, r, MSG_WEB_OLDER);
		buf_adds(&b, "</a>");
	}
	buf_adds(&b, "</nav>");
	PQclear(res);
	page_end(&b, r);
	return req_page(r, MHD_HTTP_OK, &b);
}

static void
file_link(struct buf *b, struct req *r, const char *id, const char *name)
{
	buf_addf(b, "<a href=\"/file/%s\" download>", id);
	page_t(b, r, MSG_WEB_DOWNLOAD);
	buf_adds(b, ": ");
	page_user(b, name);
	buf_adds(b, "</a>");
}

static int
updates(struct buf *b, struct req *r, const char *cit, const char *id)
{
	const char *p[2] = { cit, id };
	PGresult *res = db_query(r->db, "SELECT at, kind, note, file_id, file_name "
	    "FROM web_letter_updates($1, $2)", 2, p);
	int i;

	if (res == NULL)
		return -1;
	buf_adds(b, "<section id=\"updates\" aria-labelledby=\"up-h\"><h2 id=\"up-h\">");
	page_t(b, r, MSG_WEB_UPDATES);
	buf_adds(b, "</h2>");
	if (PQntuples(res) == 0) {
		buf_adds(b, "<p>");
		page_t(b, r, MSG_WEB_NO_UPDATES);
		buf_adds(b, "</p>");
	} else
		buf_adds(b, "<ul class=\"updates\">");
	for (i = 0; i < PQntuples(res); i++) {
		buf_adds(b, "<li><span class=\"date\">");
		page_date(b, r, PQgetvalue(res, i, 0));
		buf_adds(b, "</span> ");
		page_user(b, PQgetvalue(res, i, 2));
		if (!PQgetisnull(res, i, 3)) {
			buf_adds(b, " ");
			file_link(b, r, PQgetvalue(res, i, 3), PQgetvalue(res, i, 4));
		}
		buf_adds(b, "</li>");
	}
	if (PQntuples(res) > 0)
		buf_adds(b, "</ul>");
	buf_adds(b, "</section>");
	PQclear(res);
	return 0;
}

/* GET /letter/ID[?latest=1] */
enum MHD_Result
page_letter(struct req *r, const char *arg)
{
	char id[32];
	const char *p[2];
	uint64_t v;
	struct buf b = BUF_INIT;
	PGresult *res;
	enum letter_status st;
	int latest;

	if (digits_parse_u64(arg, INT64_MAX, &v) != 0)
		return page_error(r, MHD_HTTP_NOT_FOUND, MSG_WEB_NOT_FOUND);
	snprintf(id, sizeof id, "%llu", (unsigned long long)v);
	p[0] = r->citizen_id;
	p[1] = id;
	/* "the latest status" is asked of the primary: the button says so */
	latest = req_arg(r, "latest") != NULL;
	if ((res = replica_query(r, latest, "SELECT subject, sender_name, "
	    "unit_fa, unit_en, status, letter_no, tracking_no, letter_date, "
	    "rejection_reason, decided_at, created_at, f.value->>0, f.value->>2, "
	    "d.kind, d.due, d.state "
	    "FROM web_letter($1, $2) LEFT JOIN LATERAL jsonb_array_elements(files) f "
	    "ON true LEFT JOIN LATERAL web_letter_due($1, $2) d ON true", 2, p)) == NULL)
		return page_db_error(r);
	if (PQntuples(res) == 0) {
		PQclear(res);
		return page_error(r, MHD_HTTP_NOT_FOUND, MSG_WEB_NOT_FOUND);
	}
	st = status_of(PQgetvalue(res, 0, 4));
	page_begin(&b, r, PQgetvalue(res, 0, 0));
	buf_adds(&b, "<article");
	status_attrs(&b, st);
	buf_adds(&b, ">");
	status_badge(&b, r, st);
	if (!PQgetisnull(res, 0, 13))
		due_note(&b, r, PQgetvalue(res, 0, 13), PQgetvalue(res, 0, 14),
		    PQgetvalue(res, 0, 15), 0);
	buf_adds(&b, "<dl><dt>");
	page_t(&b, r, MSG_WEB_SENDER);
	buf_adds(&b, "</dt><dd>");
	page_user(&b, PQgetvalue(res, 0, 1));
	buf_adds(&b, "</dd><dt>");
	page_t(&b, r, MSG_WEB_UNIT_LABEL);
	buf_adds(&b, "</dt><dd>");
	page_user(&b, PQgetvalue(res, 0, r->lang == LANG_FA ? 2 : 3));
	buf_adds(&b, "</dd><dt>");
	page_t(&b, r, MSG_WEB_SUBMITTED_ON);
	buf_adds(&b, "</dt><dd>");
	page_date(&b, r, PQgetvalue(res, 0, 10));
	buf_adds(&b, "</dd><dt>");
	page_t(&b, r, MSG_WEB_DESCRIPTION);
	buf_adds(&b, "</dt><dd>");
	description(&b, r, st, PQgetvalue(res, 0, 5), PQgetvalue(res, 0, 6),
	    PQgetvalue(res, 0, 7), PQgetvalue(res, 0, 8), PQgetvalue(res, 0, 9));
	buf_adds(&b, "</dd></dl>");
	if (!PQgetisnull(res, 0, 11)) {
		int i;

		buf_adds(&b, "<h2>");
		page_t(&b, r, MSG_WEB_FILES);
		buf_adds(&b, "</h2><ul class=\"files\">");
		for (i = 0; i < PQntuples(res); i++) {
			buf_adds(&b, "<li>");
			file_link(&b, r, PQgetvalue(res, i, 11), PQgetvalue(res, i, 12));
			buf_adds(&b, "</li>");
		}
		buf_adds(&b, "</ul>");
	}
	PQclear(res);
	if (st == LETTER_APPROVED) {
		if (latest) {
			if (updates(&b, r, r->citizen_id, id) != 0) {
				buf_free(&b);
				return page_db_error(r);
			}
		} else {
			buf_addf(&b, "<p><a class=\"button\" href=\"/letter/%s?latest=1#updates\">",
			    id);
			page_t(&b, r, MSG_WEB_LATEST);
			buf_adds(&b, "</a></p>");
		}
	}
	buf_adds(&b, "</article><p><a href=\"/letters\">");
	page_t(&b, r, MSG_WEB_HISTORY);
	buf_adds(&b, "</a></p>");
	page_end(&b, r);
	return req_page(r, MHD_HTTP_OK, &b);
}

/* Content-Disposition (RFC 6266): an ASCII fallback and filename* in UTF-8. */
static char *
disposition(const char *name, const char *ext)
{
	struct buf b = BUF_INIT;
	const unsigned char *c;
	int ascii = 1;

	for (c = (const unsigned char *)name; *c != '\0'; c++)
		if (*c >= 0x80 || *c < 0x20 || *c == '"' || *c == '\\' || *c == ';')
			ascii = 0;
	buf_adds(&b, "attachment; filename=\"");
	if (ascii && name[0] != '\0')
		buf_adds(&b, name);
	else
		buf_addf(&b, "file.%s", ext);
	buf_adds(&b, "\"; filename*=UTF-8''");
	url_encode(&b, name, URL_ATTR_CHAR);
	return buf_detach(&b);
}

/* A download in progress: what to ask for next. */
struct file_read {
	struct db	*db;		/* the thread's connection */
	char		 citizen[24], file[32];
	uint64_t	 size;
};

#define FILE_BLOCK	(64 * 1024)

/*
 * libmicrohttpd asks for the next block when the client can take it: one
 * statement for each (never a transaction across calls, the connection
 * being the thread's), so a slow reader holds one block at most.
 */
static ssize_t
file_block(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct file_read *fr = cls;
	char off[32], len[16];
	const char *p[4] = { fr->citizen, fr->file, off, len };
	size_t want = max < FILE_BLOCK ? max : FILE_BLOCK, got;
	PGresult *res;

	if (pos >= fr->size)
		return MHD_CONTENT_READER_END_OF_STREAM;
	if (fr->size - pos < want)
		want = (size_t)(fr->size - pos);
	snprintf(off, sizeof off, "%llu", (unsigned long long)pos);
	snprintf(len, sizeof len, "%zu", want);
	/* a read: run again on a new connection if the old one went */
	if ((res = db_query_bin_idem(fr->db, "SELECT web_file_chunk($1, $2, $3, $4)",
	    4, p, NULL, 1)) == NULL) {
		log_warnx("download of file %s cut: %s", fr->file, db_error(fr->db));
		return MHD_CONTENT_READER_END_WITH_ERROR;
	}
	got = PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) ?
	    (size_t)PQgetlength(res, 0, 0) : 0;
	if (got == 0 || got > want) {
		log_warnx("download of file %s cut: no bytes at %s", fr->file, off);
		PQclear(res);
		return MHD_CONTENT_READER_END_WITH_ERROR;
	}
	memcpy(buf, PQgetvalue(res, 0, 0), got);
	PQclear(res);
	return (ssize_t)got;
}

/* GET /file/ID: only a file of one of this citizen's letters; its bytes
 * are read from the database block by block as the client takes them. */
enum MHD_Result
page_file(struct req *r, const char *arg)
{
	char id[32], *disp;
	const char *p[2], *ctype;
	uint64_t v;
	PGresult *res;
	enum MHD_Result ret;
	enum filetype t;
	struct file_read *fr;

	if (digits_parse_u64(arg, INT64_MAX, &v) != 0)
		return page_error(r, MHD_HTTP_NOT_FOUND, MSG_WEB_PAGE_NOT_FOUND);
	snprintf(id, sizeof id, "%llu", (unsigned long long)v);
	p[0] = r->citizen_id;
	p[1] = id;
	if ((res = db_query(r->db, "SELECT name, content_type, size FROM "
	    "web_file_meta($1, $2)", 2, p)) == NULL)
		return page_db_error(r);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return page_error(r, MHD_HTTP_NOT_FOUND, MSG_WEB_PAGE_NOT_FOUND);
	}
	t = filetype_from_mime(PQgetvalue(res, 0, 1));
	ctype = t != FT_UNKNOWN ? filetype_mime(t) : "application/octet-stream";
	disp = disposition(PQgetvalue(res, 0, 0), t != FT_UNKNOWN ? filetype_ext(t) : "bin");
	fr = xcalloc(1, sizeof *fr);
	fr->db = r->db;
	snprintf(fr->citizen, sizeof fr->citizen, "%s", r->citizen_id);
	snprintf(fr->file, sizeof fr->file, "%s", id);
	fr->size = strtoull(PQgetvalue(res, 0, 2), NULL, 10);
	PQclear(res);
	ret = req_download_cb(r, ctype, disp, fr->size, FILE_BLOCK, file_block, fr, free);
	free(disp);
	return ret;
}
