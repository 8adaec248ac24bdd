/*
 * page.c — the layout every page shares, and small formatting helpers.
 *
 * Persian pages are lang="fa" dir="rtl" with Persian digits; English pages
 * are lang="en" dir="ltr".  No inline script or style: the CSP forbids it.
 */
#include <stdarg.h>
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

/* Text a citizen or clerk wrote (a name, subject, reason, note, file name,
 * unit name), escaped and isolated from the page's direction: Latin in the
 * Persian page and Persian in the English page read in their own. */
void
page_user(struct buf *b, const char *text)
{
	buf_adds(b, "<bdi>");
	html_esc(b, text);
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
page_t(struct buf *b, const struct req *r, enum msg_id id)
{
	html_esc(b, req_t(r, id));
}

void
page_msg(struct buf *b, const char *kind, const char *text)
{
	buf_addf(b, "<div class=\"msg %s\" role=\"%s\"><p>", kind,
	    strcmp(kind, "err") == 0 ? "alert" : "status");
	html_esc(b, text);
	buf_adds(b, "</p></div>");
}

void
page_form(struct buf *b, struct req *r, const char *method, const char *action,
    const char *attrs)
{
	buf_addf(b, "<form method=\"%s\" action=\"", method);
	html_esc(b, action);
	buf_addf(b, "\"%s%s>", attrs != NULL ? " " : "", attrs != NULL ? attrs : "");
	if (strcmp(method, "post") == 0)
		page_csrf_field(b, r);
}

void
page_attr(struct buf *b, const char *name, const char *text)
{
	buf_addf(b, " %s=\"", name);
	html_esc(b, text);
	buf_adds(b, "\"");
}

void
page_hidden(struct buf *b, const char *name, const char *value)
{
	buf_addf(b, "<input type=\"hidden\" name=\"%s\" value=\"", name);
	html_esc(b, value);
	buf_adds(b, "\">");
}

void
page_submit_button(struct buf *b, const struct req *r, enum msg_id id)
{
	buf_adds(b, "<button type=\"submit\">");
	page_t(b, r, id);
	buf_adds(b, "</button>");
}

void
page_field(struct buf *b, const struct req *r, const struct page_field *f)
{
	const char *more = f->describedby;

	buf_addf(b, "<div class=\"field%s\"><label for=\"%s\">",
	    f->err != NULL && f->err_class ? " has-err" : "", f->id);
	page_t(b, r, f->label);
	if (f->mark) {
		buf_adds(b, " <span class=\"req\">");
		page_t(b, r, MSG_WEB_REQUIRED);
		buf_adds(b, "</span>");
	}
	if (f->label_html != NULL)
		buf_adds(b, f->label_html);
	buf_adds(b, "</label>");
	if (f->type != NULL)
		buf_addf(b, "<input id=\"%s\" name=\"%s\" type=\"%s\" %s", f->id, f->id,
		    f->type, f->attrs);
	else
		buf_addf(b, "<select id=\"%s\" name=\"%s\" %s", f->id, f->id, f->attrs);
	if (f->err != NULL)
		buf_addf(b, " aria-invalid=\"true\" aria-describedby=\"%s-err%s%s\"", f->id,
		    more != NULL ? " " : "", more != NULL ? more : "");
	else if (more != NULL)
		buf_addf(b, " aria-describedby=\"%s\"", more);
	if (f->attrs_late != NULL)
		buf_addf(b, " %s", f->attrs_late);
	if (f->value != NULL) {
		buf_adds(b, " value=\"");
		html_esc(b, f->value);
		buf_adds(b, "\"");
	}
	buf_adds(b, ">");
	if (f->type == NULL)
		buf_addf(b, "%s</select>", f->options);
	if (f->after != NULL)
		buf_adds(b, f->after);
	if (f->hint != 0) {
		buf_adds(b, "<p class=\"hint\">");
		page_t(b, r, f->hint);
		buf_adds(b, "</p>");
	}
	if (f->err != NULL) {
		char id[48];

		snprintf(id, sizeof id, "%s-err", f->id);
		page_error_msg(b, id, f->err);
	}
	buf_adds(b, "</div>");
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
	page_t(b, r, MSG_APP_NAME);
	buf_adds(b, "</title><link rel=\"stylesheet\" href=\"/static/style.css\">"
	    "<script src=\"/static/app.js\" defer></script></head><body>"
	    "<a class=\"skip\" href=\"#main\">");
	page_t(b, r, MSG_WEB_SKIP);
	/* a phone shows a logged-in header in one row: the site's name is in
	 * the menu's first link, and the number is read out, not shown */
	buf_addf(b, "</a><header%s><p class=\"app\"><a href=\"/\">",
	    r->citizen >= 0 ? " class=\"in\"" : "");
	page_t(b, r, MSG_APP_NAME);
	buf_adds(b, "</a></p><nav aria-label=\"menu\"><ul>");
	if (r->citizen >= 0) {
		buf_adds(b, "<li><a href=\"/\">");
		page_t(b, r, MSG_WEB_HOME);
		buf_adds(b, "</a></li><li><a href=\"/letters\">");
		page_t(b, r, MSG_WEB_HISTORY);
		buf_adds(b, "</a></li>");
	}
	if (r->citizen >= 0) {
		/* logged in: the choice is stored for SMS too, so a form (POST) */
		buf_adds(b, "<li>");
		page_form(b, r, "post", fa ? "/lang/en" : "/lang/fa", "class=\"inline\"");
		buf_addf(b, "<button type=\"submit\" class=\"link\" lang=\"%s\">",
		    fa ? "en" : "fa");
		page_t(b, r, MSG_WEB_OTHER_LANG);
		buf_adds(b, "</button></form></li>");
	} else {
		buf_addf(b, "<li><a href=\"/lang/%s\" lang=\"%s\" hreflang=\"%s\">",
		    fa ? "en" : "fa", fa ? "en" : "fa", fa ? "en" : "fa");
		page_t(b, r, MSG_WEB_OTHER_LANG);
		buf_adds(b, "</a></li>");
	}
	if (r->citizen >= 0) {
		buf_adds(b, "<li>");
		page_form(b, r, "post", "/logout", "class=\"inline\"");
		buf_adds(b, "<span class=\"who\">");
		page_t(b, r, MSG_WEB_LOGGED_IN_AS);
		buf_adds(b, " ");
		page_mobile(b, r, r->mobile);
		buf_adds(b, "</span> <button type=\"submit\">");
		page_t(b, r, MSG_WEB_LOGOUT);
		buf_adds(b, "</button></form></li>");
	}
	/* a letter's page is titled by its subject */
	buf_adds(b, "</ul></nav></header><main id=\"main\"><h1>");
	page_user(b, title);
	buf_adds(b, "</h1>");
}

void
page_end(struct buf *b, struct req *r)
{
	buf_adds(b, "</main><footer><p>");
	page_t(b, r, MSG_WEB_TITLE);
	buf_adds(b, "</p></footer></body></html>\n");
}

enum MHD_Result
page_error(struct req *r, unsigned status, enum msg_id id)
{
	struct buf b = BUF_INIT;

	page_begin(&b, r, req_t(r, id));
	buf_adds(&b, "<div class=\"msg err\" role=\"alert\"><p>");
	page_t(&b, r, id);
	buf_adds(&b, "</p><p><a href=\"/\">");
	page_t(&b, r, MSG_WEB_BACK);
	buf_adds(&b, "</a></p></div>");
	page_end(&b, r);
	return req_page(r, status, &b);
}

void
page_log_unavailable(struct req *r, const char *why, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, why);
	buf_vaddf(&b, why, ap);
	va_end(ap);
	log_warnx("503 %s %s: %s", r->method, r->url, buf_str(&b));
	buf_free(&b);
}

enum MHD_Result
page_unavailable(struct req *r, enum msg_id id, const char *why, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, why);
	buf_vaddf(&b, why, ap);
	va_end(ap);
	page_log_unavailable(r, "%s", buf_str(&b));
	buf_free(&b);
	return page_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, id);
}

enum MHD_Result
page_db_down(struct req *r)
{
	return page_unavailable(r, MSG_DB_DOWN, "database unreachable: %s", req_db_error(r));
}

enum MHD_Result
page_db_error(struct req *r)
{
	if (r->db == NULL || db_is_down(r->db))
		return page_db_down(r);
	log_warnx("%s %s: %s (SQLSTATE %s)", r->method, r->url, db_error(r->db),
	    db_sqlstate(r->db));
	return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, MSG_WEB_SERVER_ERROR);
}
