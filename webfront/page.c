/*
 * page.c — the layout every page shares, and small formatting helpers.
 *
 * Persian pages are lang="fa" dir="rtl" with Persian digits; English pages
 * are lang="en" dir="ltr".  No inline script or style: the CSP forbids it.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "digits.h"
#include "jalali.h"
#include "log.h"
#include "page.h"
#include "phone.h"
#include "xmalloc.h"

void
page_digits(struct buf *b, const struct req *r, const char *s)
{
	char tmp[1024];

	if (s == NULL)
		return;
	if (r->lang == LANG_FA && strlen(s) * 2 < sizeof tmp &&
	    digits_to_fa(s, tmp, sizeof tmp) >= 0)
		html_esc(b, tmp);
	else
		html_esc(b, s);
}

/* A mobile number as people write it, left to right in any page. */
void
page_mobile(struct buf *b, const struct req *r, const char *e164)
{
	char national[PHONE_E164_MAX];

	phone_national(e164, national, sizeof national);
	buf_adds(b, "<bdi dir=\"ltr\">");
	page_digits(b, r, national);
	buf_adds(b, "</bdi>");
}

/* "2022-04-25..." → "1401/02/05" in the page's digits. */
void
page_date(struct buf *b, const struct req *r, const char *iso)
{
	int y, m, d, jy, jm, jd;
	char out[32];

	if (iso == NULL || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    jalali_from_gregorian(y, m, d, &jy, &jm, &jd) != 0 ||
	    jalali_format(jy, jm, jd, 0, out, sizeof out) < 0) {
		html_esc(b, iso);
		return;
	}
	page_digits(b, r, out);
}

void
page_size(struct buf *b, const struct req *r, long long bytes)
{
	char s[32];

	if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
		snprintf(s, sizeof s, "%lld MB", bytes / (1024 * 1024));
	else if (bytes >= 1024 * 1024)
		snprintf(s, sizeof s, "%.1f MB", (double)bytes / (1024 * 1024));
	else
		snprintf(s, sizeof s, "%lld KB", (bytes + 1023) / 1024);
	page_digits(b, r, s);
}

void
page_csrf_field(struct buf *b, struct req *r)
{
	buf_adds(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	buf_adds(b, r->csrf);
	buf_adds(b, "\">");
}

void
page_error_msg(struct buf *b, const char *id, const char *msg)
{
	buf_adds(b, "<p class=\"field-err\" id=\"");
	html_esc(b, id);
	buf_adds(b, "\">");
	html_esc(b, msg);
	buf_adds(b, "</p>");
}

void
page_begin(struct buf *b, struct req *r, const char *title)
{
	int fa = r->lang == LANG_FA;

	buf_addf(b, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\"><head>"
	    "<meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	    "<title>", fa ? "fa" : "en", fa ? "rtl" : "ltr");
	html_esc(b, title);
	buf_adds(b, " — ");
	html_esc(b, req_t(r, MSG_APP_NAME));
	buf_adds(b, "</title><link rel=\"stylesheet\" href=\"/static/style.css\">"
	    "<script src=\"/static/app.js\" defer></script></head><body>"
	    "<a class=\"skip\" href=\"#main\">");
	html_esc(b, req_t(r, MSG_WEB_SKIP));
	buf_adds(b, "</a><header><p class=\"app\"><a href=\"/\">");
	html_esc(b, req_t(r, MSG_APP_NAME));
	buf_adds(b, "</a></p><nav aria-label=\"menu\"><ul>");
	if (r->citizen >= 0) {
		buf_adds(b, "<li><a href=\"/\">");
		html_esc(b, req_t(r, MSG_WEB_HOME));
		buf_adds(b, "</a></li><li><a href=\"/letters\">");
		html_esc(b, req_t(r, MSG_WEB_HISTORY));
		buf_adds(b, "</a></li>");
	}
	if (r->citizen >= 0) {
		/* logged in: the choice is stored for SMS too, so a form (POST) */
		buf_addf(b, "<li><form method=\"post\" action=\"/lang/%s\" "
		    "class=\"inline\">", fa ? "en" : "fa");
		page_csrf_field(b, r);
		buf_addf(b, "<button type=\"submit\" class=\"link\" lang=\"%s\">",
		    fa ? "en" : "fa");
		html_esc(b, req_t(r, MSG_WEB_OTHER_LANG));
		buf_adds(b, "</button></form></li>");
	} else {
		buf_addf(b, "<li><a href=\"/lang/%s\" lang=\"%s\" hreflang=\"%s\">",
		    fa ? "en" : "fa", fa ? "en" : "fa", fa ? "en" : "fa");
		html_esc(b, req_t(r, MSG_WEB_OTHER_LANG));
		buf_adds(b, "</a></li>");
	}
	if (r->citizen >= 0) {
		buf_adds(b, "<li><form method=\"post\" action=\"/logout\" class=\"inline\">");
		page_csrf_field(b, r);
		buf_adds(b, "<span class=\"who\">");
		html_esc(b, req_t(r, MSG_WEB_LOGGED_IN_AS));
		buf_adds(b, " ");
		page_mobile(b, r, r->mobile);
		buf_adds(b, "</span> <button type=\"submit\">");
		html_esc(b, req_t(r, MSG_WEB_LOGOUT));
		buf_adds(b, "</button></form></li>");
	}
	buf_adds(b, "</ul></nav></header><main id=\"main\"><h1>");
	html_esc(b, title);
	buf_adds(b, "</h1>");
}

void
page_end(struct buf *b, struct req *r)
{
	buf_adds(b, "</main><footer><p>");
	html_esc(b, req_t(r, MSG_WEB_TITLE));
	buf_adds(b, "</p></footer></body></html>\n");
}

enum MHD_Result
page_error(struct req *r, unsigned status, enum msg_id id)
{
	struct buf b = BUF_INIT;

	page_begin(&b, r, req_t(r, id));
	buf_adds(&b, "<div class=\"msg err\" role=\"alert\"><p>");
	html_esc(&b, req_t(r, id));
	buf_adds(&b, "</p><p><a href=\"/\">");
	html_esc(&b, req_t(r, MSG_WEB_BACK));
	buf_adds(&b, "</a></p></div>");
	page_end(&b, r);
	return req_page(r, status, &b);
}

enum MHD_Result
page_db_error(struct req *r)
{
	if (r->db == NULL || db_is_down(r->db))
		return page_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, MSG_DB_DOWN);
	log_warnx("%s %s: %s (SQLSTATE %s)", r->method, r->url, db_error(r->db),
	    db_sqlstate(r->db));
	return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, MSG_WEB_SERVER_ERROR);
}
