/*
 * page_misc.c — /healthz, the static files and the language switch.
 */
#include <string.h>

#include "db.h"
#include "page.h"
#include "pages.h"
#include "req.h"
#include "web.h"

/* 200 "ok" when the database answers, 503 otherwise. */
enum MHD_Result
page_healthz(struct req *r, const char *arg)
{
	PGresult *res;
	int up;

	(void)arg;
	up = (res = req_query(r, "SELECT 1", 0, NULL)) != NULL;
	PQclear(res);
	if (up)
		return req_send(r, MHD_HTTP_OK, "text/plain; charset=utf-8",
		    "ok\n", 3, 1);
	page_log_unavailable(r, "database unreachable: %s", req_db_error(r));
	return req_send(r, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
	    "database unreachable\n", 21, 1);
}

const char *const web_fonts[WEB_NFONTS] = {
	"vazirmatn-5.3.0-arabic-400.woff2", "vazirmatn-5.3.0-arabic-700.woff2",
	"vazirmatn-5.3.0-latin-400.woff2", "vazirmatn-5.3.0-latin-700.woff2",
};

struct static_file {
	const char	*name;
	const char	*ctype;
	const struct buf *data;
};

enum MHD_Result
page_static(struct req *r, const char *arg)
{
	const struct static_file files[] = {
		{ "style.css", "text/css; charset=utf-8", &web.css },
		{ "app.js", "text/javascript; charset=utf-8", &web.js },
	};
	size_t i;

	if (strncmp(arg, "fonts/", 6) == 0) {
		for (i = 0; i < WEB_NFONTS; i++)
			if (strcmp(arg + 6, web_fonts[i]) == 0)
				return req_send_immutable(r, "font/woff2",
				    buf_str(&web.fonts[i]), web.fonts[i].len);
		return page_error(r, MHD_HTTP_NOT_FOUND, MSG_WEB_PAGE_NOT_FOUND);
	}
	for (i = 0; i < sizeof files / sizeof files[0]; i++)
		if (strcmp(arg, files[i].name) == 0)
			return req_send(r, MHD_HTTP_OK, files[i].ctype,
			    buf_str(files[i].data), files[i].data->len, 0);
	return page_error(r, MHD_HTTP_NOT_FOUND, MSG_WEB_PAGE_NOT_FOUND);
}

/* GET /lang/fa, /lang/en: the page language, in a cookie only.  A GET
 * changes nothing stored: any site can make a browser send one (an <img>). */
enum MHD_Result
page_lang(struct req *r, const char *arg)
{
	int l = i18n_lang_parse(arg);

	if (l < 0 || strlen(arg) != 2)
		return page_error(r, MHD_HTTP_NOT_FOUND, MSG_WEB_PAGE_NOT_FOUND);
	r->lang = (enum lang)l;
	req_cookie(r, "pk_lang", arg, 365LL * 86400);
	return req_redirect(r, "/");
}

/* POST /lang/fa, /lang/en (a form with the CSRF token, as the header shows
 * a logged-in citizen): the cookie, and the citizen's language in the
 * database, so that SMS come in it too. */
enum MHD_Result
page_lang_save(struct req *r, const char *arg)
{
	int l = i18n_lang_parse(arg), s;
	const char *p[2];

	if (l < 0 || strlen(arg) != 2)
		return page_error(r, MHD_HTTP_NOT_FOUND, MSG_WEB_PAGE_NOT_FOUND);
	r->lang = (enum lang)l;
	req_cookie(r, "pk_lang", arg, 365LL * 86400);
	if ((s = req_session(r)) < 0)
		return page_db_down(r);
	if (s == 1) {
		p[0] = r->citizen_id;
		p[1] = arg;
		if (db_exec(r->db, "SELECT web_set_lang($1, $2)", 2, p) != 0)
			return page_db_error(r);
	}
	return req_redirect(r, "/");
}
