/*
 * page_misc.c — /healthz, the static files and the language switch.
 */
#include <string.h>

#include "db.h"
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
	return req_send(r, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
	    "database unreachable\n", 21, 1);
}

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

	for (i = 0; i < sizeof files / sizeof files[0]; i++)
		if (strcmp(arg, files[i].name) == 0)
			return req_send(r, MHD_HTTP_OK, files[i].ctype,
			    buf_str(files[i].data), files[i].data->len, 0);
	return req_error(r, MHD_HTTP_NOT_FOUND, MSG_WEB_PAGE_NOT_FOUND);
}

/* /lang/fa, /lang/en: remembered in a cookie (and for a logged-in
 * citizen, in the database, so SMS come in that language). */
enum MHD_Result
page_lang(struct req *r, const char *arg)
{
	int l = i18n_lang_parse(arg);
	char id[32];
	const char *p[2];

	if (l < 0 || strlen(arg) != 2)
		return req_error(r, MHD_HTTP_NOT_FOUND, MSG_WEB_PAGE_NOT_FOUND);
	r->lang = (enum lang)l;
	req_cookie(r, "pk_lang", arg, 365LL * 86400);
	if (req_session(r) == 1) {
		snprintf(id, sizeof id, "%lld", r->citizen);
		p[0] = id;
		p[1] = arg;
		(void)db_exec(r->db, "SELECT web_set_lang($1, $2)", 2, p);
	}
	return req_redirect(r, "/");
}
