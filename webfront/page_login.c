/*
 * page_login.c — getting in: mobile + captcha → "ارسال کد" → the SMS code
 * → "تایید کد" → a session; and logout.
 *
 * The answer is the same whether or not the number was seen before (the
 * database makes or finds the citizen on the same path), and whether or
 * not it has a live code (without one the database hands out a random HMAC
 * to compare against).  Codes come from getrandom(), are kept only as an
 * HMAC, compared in constant time here after the database has counted the
 * try, and never logged.  The limits are the database's (011_login_guard):
 * this file passes the configuration and the client's address group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/memops.h>
#include <nettle/sha2.h>

#include "conn.h"
#include "db.h"
#include "digits.h"
#include "log.h"
#include "metrics.h"
#include "page.h"
#include "pages.h"
#include "phone.h"
#include "req.h"
#include "u8.h"
#include "web.h"

struct phone_msg {
	enum phone_error	 err;
	enum msg_id		 msg;
};

static const struct phone_msg phone_msgs[] = {
	{ PHONE_EMPTY, MSG_PHONE_EMPTY },
	{ PHONE_BAD_CHARS, MSG_PHONE_INVALID },
	{ PHONE_BAD_LENGTH, MSG_PHONE_INVALID },
	{ PHONE_NOT_MOBILE, MSG_PHONE_NOT_MOBILE },
	{ PHONE_COUNTRY, MSG_PHONE_COUNTRY },
};

static enum msg_id
phone_msg(enum phone_error e)
{
	size_t i;

	for (i = 0; i < sizeof phone_msgs / sizeof phone_msgs[0]; i++)
		if (phone_msgs[i].err == e)
			return phone_msgs[i].msg;
	return MSG_PHONE_INVALID;
}

/* A new captcha: its token, its picture and the answer field.  Its answer
 * is drawn with its picture (captcha.c).  Another picture is asked for with
 * another_button(). */
static void
captcha_fields(struct buf *b, struct req *r, const char *err)
{
	char tok[WEB_TOKEN_HEX + 1];

	const struct page_field answer = { .id = "answer", .label = MSG_WEB_CAPTCHA,
	    .type = "text", .attrs = "required", .attrs_late = "dir=\"ltr\" "
	    "inputmode=\"numeric\" autocomplete=\"off\" maxlength=\"20\"", .value = "",
	    .err = err, .err_class = 1 };

	web_random_hex(tok, 32);
	page_hidden(b, "captcha", tok);
	buf_addf(b, "<div class=\"captcha\"><img src=\"/captcha/%s.png\" width=\"180\" "
	    "height=\"64\" alt=\"", tok);
	page_t(b, r, MSG_WEB_CAPTCHA_ALT);
	buf_adds(b, "\"></div>");
	page_field(b, r, &answer);
}

/* The client's address as the limits count it: an IPv4 address, or the
 * IPv6 network of web.ipv6_prefix bits; "" when unknown. */
void
web_client_group(struct req *r, char out[NETADDR_NETLEN])
{
	char ip[NETADDR_STRLEN];
	struct netaddr n;

	out[0] = '\0';
	conn_client_ip(r->conn, ip);
	if (ip[0] == '\0' || netaddr_parse(ip, &n) != 0)
		return;
	netaddr_group(&n, (unsigned)cfg_int(web.cfg, CFG_WEB_IPV6_PREFIX));
	netaddr_format_net(&n, out);
}

/* «تصویر دیگر»: a submit button of the login form, so that the typed number
 * goes with it (with or without JavaScript) and comes back in the form with
 * a new captcha.  It follows the send button: Enter in a field presses the
 * form's first submit button, which must stay "send the code". */
static void
another_button(struct buf *b, struct req *r)
{
	buf_adds(b, " <button type=\"submit\" class=\"another\" "
	    "formaction=\"/login/captcha\" formnovalidate>");
	page_t(b, r, MSG_WEB_CAPTCHA_NEW);
	buf_adds(b, "</button>");
}

/* The login form; `err` next to `err_field` (or above the form when that is
 * NULL), `note` above the form. */
static enum MHD_Result
login_form(struct req *r, const char *mobile, const char *err_field,
    const char *err, const char *note, unsigned status)
{
	struct buf b = BUF_INIT;
	const struct page_field f = { .id = "mobile", .label = MSG_WEB_MOBILE,
	    .type = "tel", .attrs = "required", .attrs_late = "dir=\"ltr\" "
	    "inputmode=\"tel\" autocomplete=\"tel\" maxlength=\"40\" "
	    "placeholder=\"09121234567\"", .value = mobile != NULL ? mobile : "",
	    .err = err_field && strcmp(err_field, "mobile") == 0 ? err : NULL,
	    .err_class = 1 };

	page_begin(&b, r, req_t(r, MSG_WEB_TITLE));
	if (err != NULL && err_field == NULL)
		page_msg(&b, "err", err);
	if (note != NULL)
		page_msg(&b, "info", note);
	page_form(&b, r, "post", "/login/send", "class=\"card\" novalidate");
	page_field(&b, r, &f);
	captcha_fields(&b, r, err_field && strcmp(err_field, "answer") == 0 ? err : NULL);
	buf_adds(&b, "<p class=\"note\">");
	page_t(&b, r, MSG_WEB_LOGIN_NOTE);
	buf_adds(&b, "</p>");
	page_submit_button(&b, r, MSG_WEB_SEND_CODE);
	another_button(&b, r);
	buf_adds(&b, "</form>");
	page_end(&b, r);
	return req_page(r, status, &b);
}

enum MHD_Result
page_login_form(struct req *r, const char *mobile, const char *err_field,
    const char *err)
{
	return login_form(r, mobile, err_field, err, NULL,
	    err != NULL ? MHD_HTTP_UNPROCESSABLE_CONTENT : MHD_HTTP_OK);
}

enum MHD_Result
page_login_first(struct req *r, enum msg_id why)
{
	return page_login_form(r, NULL, NULL, req_t(r, why));
}

enum MHD_Result
page_login_note(struct req *r, enum msg_id why)
{
	return login_form(r, NULL, NULL, NULL, req_t(r, why), MHD_HTTP_OK);
}

enum MHD_Result
page_login_refused(struct req *r, enum msg_id why)
{
	return page_login_form(r, req_field(r, "mobile"), NULL, req_t(r, why));
}

/* Whether a try for this number must come with a captcha now; when the
 * database cannot say, it must. */
static int
code_needs_captcha(struct req *r, const char *mobile)
{
	char after[32];
	const char *p[2];
	PGresult *res;
	int need = 1;

	snprintf(after, sizeof after, "%lld", cfg_int(web.cfg, CFG_WEB_CODE_CAPTCHA_AFTER));
	p[0] = mobile;
	p[1] = after;
	if ((res = req_query(r, "SELECT web_code_captcha_needed($1, $2)", 2, p)) == NULL) {
		log_warnx("%s %s: a captcha is asked for: database: %s", r->method,
		    r->url, req_db_error(r));
		return 1;
	}
	if (PQntuples(res) == 1)
		need = strcmp(PQgetvalue(res, 0, 0), "f") != 0;
	PQclear(res);
	return need;
}

/* The code form, with a captcha when the number needs one; `err` goes
 * next to the code field, or next to the captcha's when `captcha_err`. */
static enum MHD_Result
code_form_captcha(struct req *r, const char *mobile, const char *note,
    const char *err, int captcha_err, unsigned status)
{
	struct buf b = BUF_INIT;
	const struct page_field f = { .id = "code", .label = MSG_WEB_CODE,
	    .type = "text", .attrs = "required", .attrs_late = "dir=\"ltr\" "
	    "inputmode=\"numeric\" autocomplete=\"one-time-code\" maxlength=\"40\" "
	    "autofocus", .value = "", .err = captcha_err ? NULL : err, .err_class = 1 };

	page_begin(&b, r, req_t(r, MSG_WEB_CODE));
	if (note != NULL)
		page_msg(&b, "info", note);
	page_form(&b, r, "post", "/login/verify", "class=\"card\" novalidate");
	page_hidden(&b, "mobile", mobile);
	buf_adds(&b, "<p>");
	page_t(&b, r, MSG_WEB_MOBILE);
	buf_adds(&b, ": ");
	page_mobile(&b, r, mobile);
	buf_adds(&b, "</p>");
	page_field(&b, r, &f);
	if (captcha_err || code_needs_captcha(r, mobile))
		captcha_fields(&b, r, captcha_err ? err : NULL);
	page_submit_button(&b, r, MSG_WEB_VERIFY_CODE);
	buf_adds(&b, " <a href=\"/login\">");
	page_t(&b, r, MSG_WEB_SEND_CODE);
	buf_adds(&b, "</a></form>");
	page_end(&b, r);
	return req_page(r, status, &b);
}

static enum MHD_Result
code_form(struct req *r, const char *mobile, const char *note, const char *err,
    unsigned status)
{
	return code_form_captcha(r, mobile, note, err, 0, status);
}

enum MHD_Result
page_login(struct req *r, const char *arg)
{
	int s = req_session(r);

	(void)arg;
	if (s < 0)
		return page_db_down(r);
	if (s == 1)
		return req_redirect(r, "/");
	return page_login_form(r, NULL, NULL, NULL);
}

/* POST /login/captcha: the login form again, with the number typed and a
 * new captcha; nothing is checked or sent. */
enum MHD_Result
page_login_captcha(struct req *r, const char *arg)
{
	(void)arg;
	return page_login_form(r, req_field(r, "mobile"), NULL, NULL);
}

/* This browser's mark for a code sent to `mobile` (E.164): the hex SHA-256
 * of the number, kept in a cookie that lives as long as the code. */
static void
code_mark(const char *mobile, char out[2 * SHA256_DIGEST_SIZE + 1])
{
	struct sha256_ctx ctx;
	unsigned char d[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_init(&ctx);
	sha256_update(&ctx, strlen(mobile), (const uint8_t *)mobile);
	sha256_digest(&ctx, sizeof d, d);
	for (i = 0; i < sizeof d; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* Whether this browser was sent a code for `mobile` that may still be live:
 * only then can a code field succeed (the codes of other browsers are not
 * told, and a used one is forgotten at login). */
static int
code_marked(struct req *r, const char *mobile)
{
	char mark[2 * SHA256_DIGEST_SIZE + 1];
	const char *c = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
	    web.cookie_code);

	code_mark(mobile, mark);
	return c != NULL && strcmp(c, mark) == 0;
}

/* A wait of `secs` seconds in words: "۱ دقیقه و ۵۸ ثانیهٔ", "1 min 58 s";
 * Persian digits on the Persian page. */
static void
wait_words(struct buf *out, struct req *r, long secs)
{
	char m[64], s[64], fa[64];

	if (secs < 1)
		secs = 1;
	snprintf(m, sizeof m, "%ld", secs / 60);
	snprintf(s, sizeof s, "%ld", secs % 60);
	if (r->lang == LANG_FA) {
		if (digits_to_fa(m, fa, sizeof fa) >= 0)
			snprintf(m, sizeof m, "%s", fa);
		if (digits_to_fa(s, fa, sizeof fa) >= 0)
			snprintf(s, sizeof s, "%s", fa);
	}
	if (secs < 60)
		buf_addf(out, req_t(r, MSG_WEB_WAIT_S), s);
	else if (secs % 60 == 0)
		buf_addf(out, req_t(r, MSG_WEB_WAIT_M), m);
	else
		buf_addf(out, req_t(r, MSG_WEB_WAIT_MS), m, s);
}

enum MHD_Result
page_login_send(struct req *r, const char *arg)
{
	const char *mobile_in = req_field(r, "mobile");
	char mobile[PHONE_E164_MAX + 8], code[8], ip[NETADDR_NETLEN], limits[320];
	unsigned char mac[32];
	enum phone_error pe;
	const char *p[8], *outcome;
	struct db *db;
	PGresult *res;
	enum MHD_Result ret;
	char wait[80];
	int i;
	/* $6, the code's HMAC, as its 32 bytes; the rest as text */
	static const int send_lengths[8] = { -1, -1, -1, -1, -1, 32, -1, -1 };

	(void)arg;
	pe = phone_normalize(mobile_in != NULL ? mobile_in : "",
	    cfg_str(web.cfg, CFG_PHONE_COUNTRIES), mobile, sizeof mobile);
	if (pe != PHONE_OK)
		return page_login_form(r, mobile_in, "mobile", req_t(r, phone_msg(pe)));
	if ((db = req_db(r)) == NULL)
		return page_db_down(r);
	snprintf(code, sizeof code, "%06u", (unsigned)web_random_u32(1000000));
	if (web_hmac(r, mobile, code, mac) != 0)
		return page_unavailable(r, MSG_DB_DOWN, "the login-code key "
		    "could not be read from the database: %s", req_db_error(r));
	web_client_group(r, ip);
	snprintf(limits, sizeof limits, "{\"ttl\":%lld,\"wait\":%lld,\"wait_max\":%lld,"
	    "\"per_hour\":%lld,\"per_day\":%lld,\"per_ip\":%lld,\"per_ip_day\":%lld,"
	    "\"budget\":%lld}",
	    cfg_int(web.cfg, CFG_WEB_CODE_TTL), cfg_int(web.cfg, CFG_WEB_CODE_WAIT),
	    cfg_int(web.cfg, CFG_WEB_CODE_WAIT_MAX),
	    cfg_int(web.cfg, CFG_WEB_CODES_PER_HOUR),
	    cfg_int(web.cfg, CFG_WEB_CODES_PER_DAY), cfg_int(web.cfg, CFG_WEB_CODES_PER_IP),
	    cfg_int(web.cfg, CFG_WEB_CODES_PER_IP_DAY), cfg_int(web.cfg, CFG_WEB_SMS_BUDGET));
	p[0] = mobile;
	p[1] = ip[0] != '\0' ? ip : NULL;
	p[2] = req_field(r, "captcha");
	p[3] = req_field(r, "answer");
	/* bytes PostgreSQL would refuse (not UTF-8) are a wrong answer */
	for (i = 2; i <= 3; i++)
		if (p[i] != NULL && !u8_valid(p[i], strlen(p[i])))
			p[i] = "";
	p[4] = code;
	p[5] = (const char *)mac;
	p[6] = i18n_lang_code(r->lang);
	p[7] = limits;
	res = db_query_bin(db, "SELECT outcome, wait_s, budget_used, budget_warn FROM "
	    "web_code_send($1, $2, $3, $4, $5, $6, $7, $8)", 8, p, send_lengths, 0);
	explicit_bzero(code, sizeof code);
	explicit_bzero(mac, sizeof mac);
	if (res == NULL) {
		log_warnx("web_code_send: %s", db_error(db));
		return page_db_error(r);
	}
	outcome = PQgetvalue(res, 0, 0);
	metrics_login_code(outcome);
	snprintf(wait, sizeof wait, "%s", PQgetvalue(res, 0, 1));
	if (strcmp(PQgetvalue(res, 0, 3), "t") == 0)
		log_warnx("%s login codes sent today: 80%% of the daily SMS budget "
		    "(web.sms_budget = %lld) is used", PQgetvalue(res, 0, 2),
		    cfg_int(web.cfg, CFG_WEB_SMS_BUDGET));
	if (strcmp(outcome, "sent") == 0) {
		char mark[2 * SHA256_DIGEST_SIZE + 1];

		code_mark(mobile, mark);
		req_cookie(r, web.cookie_code, mark, cfg_int(web.cfg, CFG_WEB_CODE_TTL));
		ret = code_form(r, mobile, req_t(r, MSG_WEB_CODE_SENT), NULL, MHD_HTTP_OK);
	} else if (strcmp(outcome, "wait") == 0) {
		/* The code field only where a code of this browser may be live;
		 * elsewhere (after logging out, say) the login form again. */
		struct buf w = BUF_INIT, m = BUF_INIT;
		int live = code_marked(r, mobile);

		wait_words(&w, r, strtol(wait, NULL, 10));
		buf_addf(&m, req_t(r, live ? MSG_WEB_CODE_WAIT : MSG_WEB_CODE_WAIT_NEW),
		    buf_str(&w));
		ret = live ? code_form(r, mobile, buf_str(&m), NULL, MHD_HTTP_TOO_MANY_REQUESTS) :
		    login_form(r, mobile_in, NULL, NULL, buf_str(&m), MHD_HTTP_TOO_MANY_REQUESTS);
		buf_free(&w);
		buf_free(&m);
	} else if (strcmp(outcome, "captcha") == 0)
		ret = page_login_form(r, mobile_in, "answer", req_t(r, MSG_WEB_CAPTCHA_WRONG));
	else if (strcmp(outcome, "budget") == 0) {
		log_errorx("the daily SMS budget (web.sms_budget = %lld) is spent: "
		    "no login codes are sent until tomorrow",
		    cfg_int(web.cfg, CFG_WEB_SMS_BUDGET));
		ret = page_login_form(r, mobile_in, NULL, req_t(r, MSG_WEB_CODE_BUDGET));
	} else
		ret = page_login_form(r, mobile_in, NULL, req_t(r, MSG_WEB_CODE_LIMIT));
	PQclear(res);
	return ret;
}

enum MHD_Result
page_login_verify(struct req *r, const char *arg)
{
	const char *mobile_in = req_field(r, "mobile"), *code_in = req_field(r, "code");
	char mobile[PHONE_E164_MAX + 8], code[16], tok[WEB_TOKEN_HEX + 1];
	char ip[NETADDR_NETLEN], limits[160], maxs[32], guess[32];
	unsigned char mac[32];
	const char *p[5], *outcome;
	struct db *db;
	PGresult *res;
	int match;

	(void)arg;
	if (phone_normalize(mobile_in != NULL ? mobile_in : "",
	    cfg_str(web.cfg, CFG_PHONE_COUNTRIES), mobile, sizeof mobile) != PHONE_OK)
		return page_login_form(r, mobile_in, "mobile", req_t(r, MSG_PHONE_INVALID));
	if (digits_code(code_in != NULL ? code_in : "", code, sizeof code, 6, 6) < 0)
		return code_form(r, mobile, NULL, req_t(r, MSG_WEB_CODE_FORMAT),
		    MHD_HTTP_UNPROCESSABLE_CONTENT);
	if ((db = req_db(r)) == NULL)
		return page_db_down(r);
	web_client_group(r, ip);
	snprintf(limits, sizeof limits, "{\"tries\":%lld,\"per_ip\":%lld,"
	    "\"per_ip_day\":%lld,\"captcha_after\":%lld}",
	    cfg_int(web.cfg, CFG_WEB_CODE_TRIES), cfg_int(web.cfg, CFG_WEB_GUESSES_PER_IP),
	    cfg_int(web.cfg, CFG_WEB_GUESSES_PER_IP_DAY),
	    cfg_int(web.cfg, CFG_WEB_CODE_CAPTCHA_AFTER));
	p[0] = mobile;
	p[1] = ip[0] != '\0' ? ip : NULL;
	p[2] = req_field(r, "captcha");
	p[3] = req_field(r, "answer");
	p[4] = limits;
	/* the HMAC as its 32 bytes: the result in binary format */
	if ((res = db_query_bin(db, "SELECT outcome, guess_id::text, code_hmac FROM "
	    "web_code_try($1, $2, $3, $4, $5)", 5, p, NULL, 1)) == NULL) {
		log_warnx("web_code_try: %s", db_error(db));
		return page_db_error(r);
	}
	outcome = PQgetvalue(res, 0, 0);
	if (strcmp(outcome, "limit") == 0) {
		PQclear(res);
		log_debug("login code tries refused: too many wrong codes from %s", ip);
		return code_form(r, mobile, NULL, req_t(r, MSG_WEB_CODE_GUESS_LIMIT),
		    MHD_HTTP_TOO_MANY_REQUESTS);
	}
	if (strcmp(outcome, "captcha") == 0) {
		PQclear(res);
		return code_form_captcha(r, mobile, NULL, req_t(r, MSG_WEB_CODE_CAPTCHA), 1,
		    MHD_HTTP_UNPROCESSABLE_CONTENT);
	}
	/* "try": a live code's HMAC, or a random one; the same work either way */
	snprintf(guess, sizeof guess, "%s", PQgetvalue(res, 0, 1));
	match = web_hmac(r, mobile, code, mac) == 0 && !PQgetisnull(res, 0, 2) &&
	    PQgetlength(res, 0, 2) == 32 && memeql_sec(mac, PQgetvalue(res, 0, 2), 32);
	PQclear(res);
	explicit_bzero(code, sizeof code);
	explicit_bzero(mac, sizeof mac);
	if (!match)
		return code_form(r, mobile, NULL, req_t(r, MSG_WEB_CODE_WRONG),
		    MHD_HTTP_UNPROCESSABLE_CONTENT);
	web_random_hex(tok, 32);
	snprintf(maxs, sizeof maxs, "%lld", cfg_int(web.cfg, CFG_WEB_SESSION_MAX));
	p[0] = guess;
	p[1] = tok;
	p[2] = maxs;
	if ((res = db_query(db, "SELECT web_code_enter($1, $2, $3)", 3, p)) == NULL)
		return page_db_error(r);
	if (PQgetisnull(res, 0, 0)) {
		PQclear(res);
		return code_form(r, mobile, NULL, req_t(r, MSG_WEB_CODE_EXPIRED),
		    MHD_HTTP_UNPROCESSABLE_CONTENT);
	}
	PQclear(res);
	/* its code is used: a value that marks no number (not an expired
	 * cookie, which some clients keep) */
	req_cookie(r, web.cookie_code, "used", cfg_int(web.cfg, CFG_WEB_CODE_TTL));
	req_cookie(r, web.cookie_session, tok, cfg_int(web.cfg, CFG_WEB_SESSION_MAX));
	explicit_bzero(tok, sizeof tok);
	/* A new CSRF token with the new session: one planted or read before
	 * login is worth nothing after it. */
	req_csrf_rotate(r);
	/* a letter's typed fields kept when its session ended: to the form */
	return req_redirect(r, req_token_cookie(r, web.cookie_draft) != NULL ?
	    "/#nl-h" : "/");
}

enum MHD_Result
page_logout(struct req *r, const char *arg)
{
	const char *p[1];
	int s;

	(void)arg;
	s = req_session(r);
	if (s < 0)
		return page_db_down(r);
	if (s == 1) {
		p[0] = r->session;
		if (db_exec(r->db, "SELECT web_logout($1)", 1, p) != 0)
			return page_db_error(r);
	}
	req_cookie(r, web.cookie_session, "", 0);
	req_csrf_rotate(r);
	return req_redirect(r, "/");
}
