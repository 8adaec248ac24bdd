/*
 * page_main.c — the main page (as in the seed, two parts): following a
 * letter up by its tracking number, and registering a new letter.
 *
 * A bad submission is answered with the form again, what was typed kept
 * and the message next to its field.  The form carries a one-time token:
 * a double click or a reload after "ثبت" finds the letter already made
 * (web_letter_submit) instead of making another.  The letter and its files
 * are saved in one transaction: all or nothing.  The form is drawn for a
 * phone first (issue 13 item 8); what it says of the session's end, and a
 * letter kept when the session ended, are page_session.c's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "digits.h"
#include "filetype.h"
#include "jalali.h"
#include "log.h"
#include "page.h"
#include "pages.h"
#include "replica.h"
#include "req.h"
#include "u8.h"
#include "web.h"
#include "xmalloc.h"

struct letter_form {
	const char	*name, *unit, *subject, *token, *tracking;
	const char	*err_name, *err_unit, *err_subject, *err_main, *err_attach;
	const char	*err_tracking, *top;
	const char	*note;		/* above the form: the fields given back */
};

/* The form's one-time token: 32 to 128 hex digits. */
static int
token_ok(const char *t)
{
	size_t n = t != NULL ? strlen(t) : 0;

	return n >= 32 && n <= 128 && strspn(t, "0123456789abcdef") == n;
}

/* The units as <option>s; -1 when the database is down. */
static int
unit_options(struct buf *b, struct req *r, const char *chosen)
{
	PGresult *res = db_query(r->db, "SELECT id, name_fa, name_en FROM web_units()",
	    0, NULL);
	int i;

	if (res == NULL)
		return -1;
	buf_adds(b, "<option value=\"\">");
	page_t(b, r, MSG_WEB_UNIT_CHOOSE);
	buf_adds(b, "</option>");
	for (i = 0; i < PQntuples(res); i++) {
		const char *id = PQgetvalue(res, i, 0);

		/* an <option> holds no <bdi>: it reads in its own direction */
		buf_addf(b, "<option value=\"%s\" dir=\"auto\"%s>", id,
		    chosen != NULL && strcmp(chosen, id) == 0 ? " selected" : "");
		html_esc(b, PQgetvalue(res, i, r->lang == LANG_FA ? 1 : 2));
		buf_adds(b, "</option>");
	}
	PQclear(res);
	return 0;
}

/*
 * A file field's own control: the native input, which app.js hides
 * (visually only: it keeps the focus and the keyboard) behind its label's
 * «انتخاب فایل» drawn as a button, and the chosen file's name and size
 * below it.  Without JavaScript the browser's own input shows.
 */
static void
file_control(struct buf *pick, struct buf *after, const struct req *r, const char *id)
{
	buf_adds(pick, " <span class=\"pick\">");
	page_t(pick, r, MSG_WEB_FILE_PICK);
	buf_adds(pick, "</span>");
	buf_addf(after, "<p class=\"chosen\" id=\"%s-chosen\" aria-live=\"polite\" hidden", id);
	page_attr(after, "data-none", req_t(r, MSG_WEB_FILE_NONE));
	buf_adds(after, "></p>");
}

static enum MHD_Result
render(struct req *r, const struct letter_form *f, unsigned status)
{
	struct buf b = BUF_INIT, lim = BUF_INIT, sz = BUF_INIT, opts = BUF_INIT;
	struct buf accept = BUF_INIT, required = BUF_INIT, form = BUF_INIT;
	struct buf a_name = BUF_INIT, a_unit = BUF_INIT, a_subj = BUF_INIT;
	struct buf pick1 = BUF_INIT, pick2 = BUF_INIT, after1 = BUF_INIT, after2 = BUF_INIT;
	struct buf toobig = BUF_INIT;
	char tok[129];
	struct page_field no = { .id = "no", .label = MSG_WEB_TRACKING_ENTER,
	    .type = "text", .attrs = "dir=\"ltr\" inputmode=\"numeric\" "
	    "maxlength=\"40\" required", .value = f->tracking != NULL ? f->tracking : "",
	    .err = f->err_tracking };
	struct page_field name = { .id = "name", .label = MSG_WEB_FULLNAME, .mark = 1,
	    .type = "text", .value = f->name != NULL ? f->name : "",
	    .hint = MSG_WEB_FULLNAME_HINT, .err = f->err_name };
	struct page_field unit = { .id = "unit", .label = MSG_WEB_UNIT, .mark = 1,
	    .err = f->err_unit };
	struct page_field subject = { .id = "subject", .label = MSG_WEB_SUBJECT,
	    .mark = 1, .type = "text", .value = f->subject != NULL ? f->subject : "",
	    .err = f->err_subject };
	struct page_field letter = { .id = "letter", .label = MSG_WEB_MAIN_FILE,
	    .mark = 1, .type = "file", .describedby = "limits", .err = f->err_main };
	struct page_field attach = { .id = "attach", .label = MSG_WEB_ATTACH_FILE,
	    .type = "file", .describedby = "limits", .err = f->err_attach };

	if (unit_options(&opts, r, f->unit) != 0) {
		buf_free(&opts);
		return page_db_error(r);
	}
	unit.options = buf_str(&opts);
	/* each field's own message, for app.js to say before sending (so
	 * the chosen files are not lost to an error the server would find) */
	buf_adds(&a_name, "maxlength=\"200\" autocomplete=\"name\" required");
	page_attr(&a_name, "data-err", req_t(r, MSG_WEB_ERR_FULLNAME));
	name.attrs = buf_str(&a_name);
	buf_adds(&a_unit, "required");
	page_attr(&a_unit, "data-err", req_t(r, MSG_WEB_ERR_UNIT));
	unit.attrs = buf_str(&a_unit);
	buf_adds(&a_subj, "maxlength=\"500\" required");
	page_attr(&a_subj, "data-err", req_t(r, MSG_WEB_ERR_SUBJECT));
	subject.attrs = buf_str(&a_subj);
	/* the file inputs offer what filetype.c accepts */
	buf_adds(&accept, "accept=\"");
	filetype_accept(&accept);
	buf_adds(&accept, "\"");
	buf_addf(&required, "required %s", buf_str(&accept));
	page_attr(&required, "data-err", req_t(r, MSG_WEB_ERR_FILE_MISSING));
	letter.attrs = buf_str(&required);
	attach.attrs = buf_str(&accept);
	file_control(&pick1, &after1, r, "letter");
	file_control(&pick2, &after2, r, "attach");
	letter.label_html = buf_str(&pick1);
	letter.after = buf_str(&after1);
	attach.label_html = buf_str(&pick2);
	attach.after = buf_str(&after2);

	page_begin(&b, r, req_t(r, MSG_WEB_TITLE));
	if (f->top != NULL)
		page_msg(&b, "err", f->top);
	/* Part one: follow-up. */
	buf_adds(&b, "<section class=\"card\" aria-labelledby=\"fu-h\"><h2 id=\"fu-h\">");
	page_t(&b, r, MSG_WEB_FOLLOWUP);
	buf_adds(&b, "</h2>");
	page_form(&b, r, "get", "/track", "class=\"track\"");
	page_field(&b, r, &no);
	page_submit_button(&b, r, MSG_WEB_FOLLOWUP_BTN);
	buf_adds(&b, " <a href=\"/letters\">");
	page_t(&b, r, MSG_WEB_FOLLOWUP_OLD);
	buf_adds(&b, "</a></form></section>");

	/* Part two: a new letter; its guidance folded (app.js opens it on a
	 * wide screen), so that the first field is in sight on a phone. */
	buf_adds(&b, "<section class=\"card\" aria-labelledby=\"nl-h\"><h2 id=\"nl-h\">");
	page_t(&b, r, MSG_WEB_NEW_LETTER);
	buf_adds(&b, "</h2>");
	if (f->note != NULL)
		page_msg(&b, "info", f->note);
	buf_adds(&b, "<details class=\"guide\" id=\"guide\"><summary>");
	page_t(&b, r, MSG_WEB_GUIDE_TITLE);
	buf_adds(&b, "</summary><p>");
	page_t(&b, r, MSG_WEB_GUIDE_PERSON);
	buf_adds(&b, "</p><p>");
	page_t(&b, r, MSG_WEB_GUIDE_COMPANY);
	buf_adds(&b, "</p><p>");
	page_t(&b, r, MSG_WEB_GUIDE_REJECT);
	buf_adds(&b, "</p></details>");
	page_size(&sz, r, web.max_file);
	buf_addf(&toobig, req_t(r, MSG_WEB_ERR_FILE_SIZE), buf_str(&sz));
	buf_addf(&form, "enctype=\"multipart/form-data\" id=\"letter-form\" "
	    "data-max=\"%lld\" novalidate", web.max_file);
	page_attr(&form, "data-err-form", req_t(r, MSG_WEB_ERR_FORM));
	page_attr(&form, "data-err-size", buf_str(&toobig));
	/* The file fields whose files were good, when the form comes back
	 * for another field: the browser dropped them, app.js may put them
	 * back (the files it sent) where the browser allows. */
	if (f->err_main == req_t(r, MSG_WEB_ERR_FILE_AGAIN))
		buf_addf(&form, " data-again=\"letter%s\"", f->err_attach == NULL ?
		    " attach" : "");
	else if (f->err_main != NULL && f->err_attach == NULL)
		buf_adds(&form, " data-again=\"attach\"");
	page_form(&b, r, "post", "/letters/new", buf_str(&form));
	if (token_ok(f->token))
		snprintf(tok, sizeof tok, "%s", f->token);
	else
		web_random_hex(tok, 32);
	page_hidden(&b, "token", tok);
	page_field(&b, r, &name);
	page_field(&b, r, &unit);
	page_field(&b, r, &subject);
	buf_addf(&lim, req_t(r, MSG_WEB_FILE_LIMITS), buf_str(&sz));
	buf_adds(&b, "<p class=\"hint\" id=\"limits\">");
	html_esc(&b, buf_str(&lim));
	buf_adds(&b, "</p>");
	page_field(&b, r, &letter);
	page_field(&b, r, &attach);
	/* shown by app.js while the form is sent: how much, in words, and
	 * what comes next; its templates in the page's language */
	buf_adds(&b, "<div id=\"sending\" class=\"sending\" hidden><progress id=\"progress\" "
	    "max=\"100\" value=\"0\" aria-labelledby=\"sent\"></progress>"
	    "<p id=\"sent\" role=\"status\" data-fmt=\"");
	html_esc(&b, req_t(r, MSG_WEB_SENDING));
	buf_adds(&b, "\" data-done=\"");
	html_esc(&b, req_t(r, MSG_WEB_SENT_WAIT));
	buf_addf(&b, "\" data-digits=\"%s\"></p><p class=\"note\">", r->lang == LANG_FA ? "fa" : "en");
	page_t(&b, r, MSG_WEB_SENDING_NEXT);
	buf_adds(&b, "</p></div>");
	page_submit_button(&b, r, MSG_WEB_SUBMIT);
	page_session_end(&b, r);
	buf_adds(&b, "</form></section>");
	page_end(&b, r);
	buf_free(&lim);
	buf_free(&sz);
	buf_free(&opts);
	buf_free(&accept);
	buf_free(&required);
	buf_free(&form);
	buf_free(&a_name);
	buf_free(&a_unit);
	buf_free(&a_subj);
	buf_free(&pick1);
	buf_free(&pick2);
	buf_free(&after1);
	buf_free(&after2);
	buf_free(&toobig);
	return req_page(r, status, &b);
}

enum MHD_Result
page_main(struct req *r, const char *arg)
{
	struct letter_form f = { 0 };
	PGresult *res;
	enum MHD_Result ret;

	(void)arg;
	switch (page_draft_take(r, &f.name, &f.unit, &f.subject, &res)) {
	case -1:
		return page_db_error(r);
	case 1:
		f.note = req_t(r, MSG_WEB_DRAFT_BACK);
		break;
	}
	ret = render(r, &f, MHD_HTTP_OK);
	PQclear(res);
	return ret;
}

enum MHD_Result
page_track(struct req *r, const char *arg)
{
	struct letter_form f = { 0 };
	const char *no = req_arg(r, "no"), *p[2];
	char ascii[32], loc[64];
	PGresult *res;

	(void)arg;
	f.tracking = no;
	if (no == NULL || digits_code(no, ascii, sizeof ascii, 5, 12) < 0) {
		f.err_tracking = req_t(r, MSG_WEB_NOT_FOUND);
		return render(r, &f, MHD_HTTP_NOT_FOUND);
	}
	p[0] = r->citizen_id;
	p[1] = ascii;
	if ((res = db_query(r->db, "SELECT web_letter_by_tracking($1, $2)", 2, p)) == NULL)
		return page_db_error(r);
	if (PQntuples(res) != 1 || PQgetisnull(res, 0, 0)) {
		PQclear(res);
		f.err_tracking = req_t(r, MSG_WEB_NOT_FOUND);
		return render(r, &f, MHD_HTTP_NOT_FOUND);
	}
	snprintf(loc, sizeof loc, "/letter/%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return req_redirect(r, loc);
}

/* A text field: valid UTF-8, cleaned by u8_clean_line (no controls, bidi
 * overrides or invisible-only values), 1..max characters. */
static const char *
text_ok(struct req *r, const char *name, size_t max, struct buf *out)
{
	const char *v = req_field(r, name);
	size_t i;
	const struct web_field *wf = NULL;

	for (i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].name, name) == 0)
			wf = &r->fields[i];
	if (v == NULL || (wf != NULL && wf->too_big))
		return NULL;
	if (u8_clean_line(v, strlen(v), out) != 0 || out->len == 0 ||
	    u8_chars(buf_str(out)) > max)
		return NULL;
	return buf_str(out);
}

/* A file field: NULL when good (or absent and optional), else the error. */
static const char *
file_ok(struct req *r, const char *name, int required, enum filetype *t,
    struct buf *msgbuf)
{
	const struct web_field *f = req_file(r, name);
	const char *why = NULL;
	struct buf sz = BUF_INIT;

	*t = FT_UNKNOWN;
	if (f == NULL || ((f->size == 0 || f->fd < 0) && !f->too_big))
		return required ? req_t(r, MSG_WEB_ERR_FILE_MISSING) : NULL;
	if (f->too_big) {
		page_size(&sz, r, web.max_file);
		buf_addf(msgbuf, req_t(r, MSG_WEB_ERR_FILE_SIZE), buf_str(&sz));
		buf_free(&sz);
		return buf_str(msgbuf);
	}
	if ((*t = filetype_detect_fd(f->fd, &why)) == FT_UNKNOWN) {
		log_info("upload refused: %s", why);
		return req_t(r, MSG_WEB_ERR_FILE_TYPE);
	}
	return NULL;
}

/* The database failed mid-way: nothing was kept (rolled back or never
 * committed); say so. */
static enum MHD_Result
not_saved(struct req *r)
{
	log_warnx("letter not saved: %s", db_error(r->db));
	return page_db_error(r);
}

static int
tx(struct db *db, const char *sql)
{
	return db_exec(db, sql, 0, NULL);
}

/*
 * A spooled file as COPY's binary format: the header, one row of one
 * bytea field, the trailer; read in pieces, so that neither we nor libpq
 * ever hold the whole file.
 */
struct copy_src {
	int		 fd;
	uint64_t	 size, off;	/* the file's bytes; read so far */
	int		 stage;		/* 0 header, 1 data, 2 trailer, 3 done */
};

static void
be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static long
copy_fill(void *cls, char *buf, size_t cap)
{
	static const char sig[11] = "PGCOPY\n\377\r\n";	/* and a NUL */
	struct copy_src *c = cls;
	unsigned char *p = (unsigned char *)buf;
	size_t want;
	ssize_t n;

	switch (c->stage) {
	case 0:		/* signature, flags, header extension; 1 field, its length */
		memcpy(p, sig, 11);
		be32(p + 11, 0);
		be32(p + 15, 0);
		p[19] = 0;
		p[20] = 1;
		be32(p + 21, (uint32_t)c->size);
		c->stage = 1;
		return 25;
	case 1:
		want = c->size - c->off < cap ? (size_t)(c->size - c->off) : cap;
		do
			n = pread(c->fd, buf, want, (off_t)c->off);
		while (n < 0 && errno == EINTR);
		if (n <= 0) {
			log_warn("cannot read an upload back from web.spool_dir");
			return -1;
		}
		c->off += (uint64_t)n;
		if (c->off == c->size)
			c->stage = 2;
		return n;
	case 2:		/* no more rows */
		p[0] = p[1] = 0xff;
		c->stage = 3;
		return 2;
	default:
		return 0;
	}
}

/* The temporary table files pass through, once per server connection. */
static _Thread_local int upload_table_pid;

/*
 * Save one file with the letter: its bytes streamed in 64 KiB pieces by
 * COPY into a temporary table of this connection, then handed to
 * web_letter_add_file() on the server side.  Inside save()'s transaction.
 */
static int
add_file(struct db *db, const char *cit, const char *letter, const char *kind,
    const struct web_field *f, enum filetype t)
{
	char *name = filetype_name(f->filename, "letter", t);
	const char *p[5] = { cit, letter, kind, name, filetype_mime(t) };
	struct copy_src src = { f->fd, f->size, 0, 0 };
	int rc = -1;

	if (f->size == 0 || f->size > INT32_MAX)
		goto fail;
	if (upload_table_pid != PQbackendPID(db_conn(db))) {
		/* until the transaction commits, it may vanish with it */
		upload_table_pid = 0;
		if (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS pk_upload "
		    "(data bytea NOT NULL) ON COMMIT DELETE ROWS", 0, NULL) != 0)
			goto fail;
	}
	if (db_exec(db, "DELETE FROM pg_temp.pk_upload", 0, NULL) != 0 ||
	    db_copy_in(db, "COPY pg_temp.pk_upload (data) FROM STDIN (FORMAT binary)",
	    copy_fill, &src) != 0 || src.stage != 3 ||
	    db_exec(db, "SELECT web_letter_add_file($1, $2, $3, $4, $5, "
	    "(SELECT data FROM pg_temp.pk_upload))", 5, p) != 0)
		goto fail;
	rc = 0;
fail:
	if (rc != 0)
		log_warnx("web_letter_add_file: %s", db_error(db));
	free(name);
	return rc;
}

static int over_limit(struct req *, struct letter_form *, struct buf *);

/*
 * The database refused the letter for the citizen's limit (PK429) inside
 * the saving transaction, now rolled back: another submission of theirs
 * got in between the early check and this one.  The same answer as the
 * early check gives.
 */
static enum MHD_Result
limit_reached(struct req *r, struct letter_form *f, struct buf *msg)
{
	if (over_limit(r, f, msg) != 1)		/* lifted meanwhile: say it anyway */
		f->top = req_t(r, MSG_WEB_LIMIT_FILES);
	f->err_main = req_t(r, MSG_WEB_ERR_FILE_AGAIN);
	return render(r, f, MHD_HTTP_TOO_MANY_REQUESTS);
}

/* BEGIN, the letter, its files, COMMIT: all or nothing. */
static enum MHD_Result
save(struct req *r, struct letter_form *f, const char *cit, const char *const *p,
    enum filetype tmain, enum filetype tatt, struct buf *msg)
{
	char letter[32], loc[64];
	PGresult *res;
	int created, unique, nounit, limit;

	if (tx(r->db, "BEGIN") != 0)
		return not_saved(r);
	if ((res = db_query(r->db, "SELECT letter_id, created FROM "
	    "web_letter_submit($1, $2, $3, $4, $5)", 5, p)) == NULL) {
		unique = db_is(r->db, DB_UNIQUE);
		nounit = db_is(r->db, DB_PK_NOT_FOUND);
		limit = db_is(r->db, DB_PK_LIMIT);
		(void)tx(r->db, "ROLLBACK");
		if (unique) {		/* the same form, at the same moment */
			replica_wrote(r);	/* its COMMIT came first */
			return req_redirect(r, "/letters?new=1");
		}
		if (limit)
			return limit_reached(r, f, msg);
		if (!nounit)
			return not_saved(r);
		f->err_unit = req_t(r, MSG_WEB_ERR_UNIT);
		f->err_main = req_t(r, MSG_WEB_ERR_FILE_AGAIN);
		f->top = req_t(r, MSG_WEB_ERR_FORM);
		return render(r, f, MHD_HTTP_UNPROCESSABLE_CONTENT);
	}
	snprintf(letter, sizeof letter, "%s", PQgetvalue(res, 0, 0));
	created = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
	PQclear(res);
	if (created && (add_file(r->db, cit, letter, "main", req_file(r, "letter"),
	    tmain) != 0 || (tatt != FT_UNKNOWN && add_file(r->db, cit, letter,
	    "attachment", req_file(r, "attach"), tatt) != 0))) {
		limit = db_is(r->db, DB_PK_LIMIT);	/* the bytes' limit */
		(void)tx(r->db, "ROLLBACK");
		return limit ? limit_reached(r, f, msg) : not_saved(r);
	}
	if (tx(r->db, created ? "COMMIT" : "ROLLBACK") != 0) {
		if (!created || !db_outcome_unknown(r->db))
			return not_saved(r);
		/* the connection died with the COMMIT on its way: the letter
		 * may be in; the form's token makes sending it again safe */
		return page_unavailable(r, MSG_WEB_SAVE_UNKNOWN, "letter %s: the "
		    "COMMIT's outcome is unknown: %s", letter, db_error(r->db));
	}
	if (created)	/* the temporary table made in it is there to stay */
		upload_table_pid = PQbackendPID(db_conn(r->db));
	if (created)
		log_info("letter %s submitted", letter);
	replica_wrote(r);	/* the history shows it at once */
	snprintf(loc, sizeof loc, "/letters?new=%s", letter);
	return req_redirect(r, loc);
}

/* The bytes of an uploaded file (spooled); 0 when there is none. */
static uint64_t
file_bytes(const struct web_field *f)
{
	return f != NULL ? f->size : 0;
}

/*
 * The citizen's submission limit (sql/012_citizen_limits.sql), asked before
 * the letter is taken: 0 when it may be submitted (or this form's letter
 * was made already: save() finds it); 1 when not, with the
 * form's top message saying from when (a Jalali date and time in the
 * office's time zone) in `msg`; -1 when the database is down.  The rule
 * itself is kept again inside the saving transaction.
 */
static int
over_limit(struct req *r, struct letter_form *f, struct buf *msg)
{
	char bytes[32], date[32], hm[16], hmfa[32], when[80];
	const char *p[3], *v;
	PGresult *res;
	int y, mo, d, h, mi, jy, jm, jd, fa = r->lang == LANG_FA;

	snprintf(bytes, sizeof bytes, "%llu", (unsigned long long)
	    (file_bytes(req_file(r, "letter")) + file_bytes(req_file(r, "attach"))));
	p[0] = r->citizen_id;
	p[1] = bytes;
	p[2] = f->token;
	if ((res = db_query(r->db, "SELECT web_letter_limit($1, $2, $3)", 3, p)) == NULL)
		return -1;
	if (PQntuples(res) != 1 || PQgetisnull(res, 0, 0)) {
		PQclear(res);
		return 0;
	}
	v = PQgetvalue(res, 0, 0);
	if (strcmp(v, "never") == 0)
		f->top = req_t(r, MSG_WEB_LIMIT_FILES);
	else {
		snprintf(when, sizeof when, "%s", v);
		if (sscanf(v, "%4d-%2d-%2d %2d:%2d", &y, &mo, &d, &h, &mi) == 5 &&
		    jalali_from_gregorian(y, mo, d, &jy, &jm, &jd) == 0 &&
		    jalali_format(jy, jm, jd, fa, date, sizeof date) >= 0) {
			snprintf(hm, sizeof hm, "%02d:%02d", h, mi);
			if (!fa || digits_to_fa(hm, hmfa, sizeof hmfa) < 0)
				snprintf(hmfa, sizeof hmfa, "%s", hm);
			snprintf(when, sizeof when, "%s %s", date, hmfa);
		}
		buf_addf(msg, req_t(r, MSG_WEB_LIMIT), when);
		f->top = buf_str(msg);
	}
	log_info("citizen %s over the submission limit until %s", r->citizen_id, v);
	PQclear(res);
	return 1;
}

/* The form's fields as they were sent, to draw it again. */
static void
form_sent(struct req *r, struct letter_form *f)
{
	f->name = req_field(r, "name");
	f->unit = req_field(r, "unit");
	f->subject = req_field(r, "subject");
	f->token = req_field(r, "token");
}

enum MHD_Result
page_submit_refused(struct req *r, enum msg_id why)
{
	struct letter_form f = { 0 };

	form_sent(r, &f);
	f.top = req_t(r, why);
	return render(r, &f, MHD_HTTP_FORBIDDEN);
}

enum MHD_Result
page_submit(struct req *r, const char *arg)
{
	struct letter_form f = { 0 };
	struct buf name = BUF_INIT, subj = BUF_INIT, m1 = BUF_INIT, m2 = BUF_INIT;
	struct buf lim = BUF_INIT;
	enum filetype tmain, tatt;
	const char *p[5], *tok = req_field(r, "token");
	char unit[32];
	uint64_t uid;
	enum MHD_Result ret;

	(void)arg;
	form_sent(r, &f);
	if (text_ok(r, "name", 200, &name) == NULL)
		f.err_name = req_t(r, MSG_WEB_ERR_FULLNAME);
	if (f.unit == NULL || digits_parse_u64(f.unit, INT32_MAX, &uid) != 0)
		f.err_unit = req_t(r, MSG_WEB_ERR_UNIT);
	if (text_ok(r, "subject", 500, &subj) == NULL)
		f.err_subject = req_t(r, MSG_WEB_ERR_SUBJECT);
	f.err_main = file_ok(r, "letter", 1, &tmain, &m1);
	f.err_attach = file_ok(r, "attach", 0, &tatt, &m2);
	if (!token_ok(tok))
		f.top = req_t(r, MSG_WEB_CSRF);
	if (f.err_name || f.err_unit || f.err_subject || f.err_main || f.err_attach ||
	    f.top) {
		if (f.top == NULL)
			f.top = req_t(r, MSG_WEB_ERR_FORM);
		/* browsers never keep a chosen file: say so where it was */
		if (f.err_main == NULL)
			f.err_main = req_t(r, MSG_WEB_ERR_FILE_AGAIN);
		ret = render(r, &f, MHD_HTTP_UNPROCESSABLE_CONTENT);
		goto out;
	}
	switch (over_limit(r, &f, &lim)) {
	case -1:
		ret = page_db_error(r);
		goto out;
	case 1:
		f.err_main = req_t(r, MSG_WEB_ERR_FILE_AGAIN);
		ret = render(r, &f, MHD_HTTP_TOO_MANY_REQUESTS);
		goto out;
	}
	snprintf(unit, sizeof unit, "%llu", (unsigned long long)uid);
	p[0] = r->citizen_id;
	p[1] = buf_str(&name);
	p[2] = unit;
	p[3] = buf_str(&subj);
	p[4] = tok;
	ret = save(r, &f, r->citizen_id, p, tmain, tatt, &lim);
out:
	buf_free(&name);
	buf_free(&subj);
	buf_free(&m1);
	buf_free(&m2);
	buf_free(&lim);
	return ret;
}

