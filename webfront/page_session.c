/*
 * page_session.c — a session's end, for the citizen writing a letter
 * (issue 13 item 5): the page says when it comes and app.js warns before
 * it (POST /session/alive keeps it); a letter sent after it is not
 * registered, but what was typed is kept as a draft (sql/022_drafts.sql)
 * under a token of this browser, and given back once after login to the
 * same citizen in the same browser.  route.c decides when a form is a
 * draft (ROUTE_DRAFT); this file keeps and gives it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "digits.h"
#include "log.h"
#include "page.h"
#include "pages.h"
#include "req.h"
#include "u8.h"
#include "web.h"

/*
 * When the session ends if nothing is done, for the citizen writing a
 * letter: said in the page (so without JavaScript too), and a warning
 * that app.js shows shortly before, with a button that keeps the session
 * (POST /session/alive).  Nothing when the database cannot say.
 */
void
page_session_end(struct buf *b, struct req *r)
{
	struct buf m = BUF_INIT;
	char at[8], atfa[32];
	long left;

	if (req_session_end(r, at, &left) != 1)
		return;
	if (r->lang != LANG_FA || digits_to_fa(at, atfa, sizeof atfa) < 0)
		snprintf(atfa, sizeof atfa, "%s", at);
	buf_addf(&m, req_t(r, MSG_WEB_SESSION_ENDS_AT), atfa);
	buf_addf(b, "<p class=\"note\" id=\"session-end\" data-left=\"%ld\"", left);
	page_attr(b, "data-at", atfa);
	page_attr(b, "data-fmt", req_t(r, MSG_WEB_SESSION_ENDS_AT));
	buf_adds(b, ">");
	html_esc(b, buf_str(&m));
	buf_adds(b, "</p><div id=\"idle\" class=\"msg warn idle\" role=\"alert\" hidden");
	page_attr(b, "data-soon", req_t(r, MSG_WEB_IDLE_SOON));
	page_attr(b, "data-kept", req_t(r, MSG_WEB_IDLE_KEPT));
	page_attr(b, "data-ended", req_t(r, MSG_WEB_IDLE_ENDED));
	buf_adds(b, "><p id=\"idle-text\"></p><button type=\"button\" id=\"idle-keep\">");
	page_t(b, r, MSG_WEB_IDLE_KEEP);
	buf_adds(b, "</button></div>");
	buf_free(&m);
}

int
page_draft_take(struct req *r, const char **name, const char **unit,
    const char **subject, PGresult **keep)
{
	const char *tok = req_token_cookie(r, web.cookie_draft), *p[2];
	PGresult *res;

	*keep = NULL;
	if (tok == NULL)
		return 0;
	p[0] = tok;
	p[1] = r->citizen_id;
	if ((res = db_query(r->db, "SELECT sender_name, unit_id, subject "
	    "FROM web_draft_take($1, $2)", 2, p)) == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return 0;
	}
	*name = PQgetvalue(res, 0, 0);
	*unit = PQgetvalue(res, 0, 1);
	*subject = PQgetvalue(res, 0, 2);
	req_cookie(r, web.cookie_draft, "", 0);
	log_info("citizen %s: a letter's typed fields given back after login",
	    r->citizen_id);
	*keep = res;
	return 1;
}

/* A typed line for a draft: cleaned as a letter's (u8_clean_line), cut to
 * `max` characters; "" when it cannot be read. */
static const char *
draft_text(struct req *r, const char *name, size_t max, struct buf *out)
{
	const char *v = req_field(r, name);
	size_t i, n = 0;
	uint32_t cp;
	int len;

	if (v == NULL || u8_clean_line(v, strlen(v), out) != 0 || out->len == 0) {
		buf_reset(out);
		return "";
	}
	for (i = 0; i < out->len && n < max; i += (size_t)len, n++)
		if ((len = u8_decode(out->data + i, out->len - i, &cp)) < 0)
			break;
	out->len = i;
	out->data[i] = '\0';
	return buf_str(out);
}

enum MHD_Result
page_submit_ended(struct req *r)
{
	struct buf name = BUF_INIT, subj = BUF_INIT;
	const char *p[6], *unit = req_field(r, "unit");
	char tok[WEB_TOKEN_HEX + 1], uid_s[32], ttl[32];
	uint64_t uid = 0;
	PGresult *res;
	int kept = 0;

	draft_text(r, "name", 200, &name);
	draft_text(r, "subject", 500, &subj);
	if (unit == NULL || digits_parse_u64(unit, INT32_MAX, &uid) != 0)
		uid = 0;
	snprintf(uid_s, sizeof uid_s, "%llu", (unsigned long long)uid);
	snprintf(ttl, sizeof ttl, "%lld", cfg_int(web.cfg, CFG_WEB_DRAFT_TTL));
	if (name.len > 0 || subj.len > 0 || uid > 0) {
		web_random_hex(tok, 32);
		p[0] = req_token_cookie(r, web.cookie_session);
		p[1] = tok;
		p[2] = buf_str(&name);
		p[3] = uid_s;
		p[4] = buf_str(&subj);
		p[5] = ttl;
		if ((res = db_query(r->db, "SELECT web_draft_keep($1, $2, $3, $4, $5, $6)",
		    6, p)) == NULL) {
			buf_free(&name);
			buf_free(&subj);
			return page_db_error(r);
		}
		kept = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
		PQclear(res);
		if (kept) {
			req_cookie(r, web.cookie_draft, tok, cfg_int(web.cfg, CFG_WEB_DRAFT_TTL));
			log_info("a letter sent after its session ended: not registered, "
			    "its typed fields kept for the next login");
		}
		explicit_bzero(tok, sizeof tok);
	}
	buf_free(&name);
	buf_free(&subj);
	return page_login_first(r, kept ? MSG_WEB_SESSION_ENDED_KEPT :
	    MSG_WEB_SESSION_ENDED_LOST);
}

enum MHD_Result
page_alive(struct req *r, const char *arg)
{
	char at[8], atfa[32], body[96];
	long left;
	int n;

	(void)arg;
	if ((n = req_session_end(r, at, &left)) < 0)
		return page_db_error(r);
	if (n == 0)
		return page_login_first(r, MSG_WEB_SESSION_ENDED);
	if (r->lang != LANG_FA || digits_to_fa(at, atfa, sizeof atfa) < 0)
		snprintf(atfa, sizeof atfa, "%s", at);
	n = snprintf(body, sizeof body, "{\"left\":%ld,\"at\":\"%s\"}", left, atfa);
	return req_send(r, MHD_HTTP_OK, "application/json", body, (size_t)n, 1);
}
