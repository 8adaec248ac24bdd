/*
 * route.c — method and path to handler, as a table.
 *
 * A pattern ending in '*' matches any path with that prefix, and the rest
 * is passed to the handler as its argument.  Routes marked `body` take a
 * form body (read through upload.c before the handler runs).
 */
#include <string.h>

#include "web.h"

struct route {
	const char	*method;
	const char	*path;
	web_handler	 fn;
	int		 body;
};

static const struct route routes[] = {
	{ "GET", "/", page_main, 0 },
	{ "GET", "/healthz", page_healthz, 0 },
	{ "GET", "/static/*", page_static, 0 },
	{ "GET", "/captcha/*", page_captcha, 0 },
	{ "GET", "/lang/*", page_lang, 0 },
	{ "POST", "/lang/*", page_lang_save, 1 },
	{ "GET", "/login", page_login, 0 },
	{ "POST", "/login/send", page_login_send, 1 },
	{ "POST", "/login/verify", page_login_verify, 1 },
	{ "POST", "/logout", page_logout, 1 },
	{ "GET", "/track", page_track, 0 },
	{ "POST", "/letters/new", page_submit, 1 },
	{ "GET", "/letters", page_letters, 0 },
	{ "GET", "/letter/*", page_letter, 0 },
	{ "GET", "/file/*", page_file, 0 },
};

static const struct route *
route_find(const char *method, const char *url, const char **arg, int *path_found)
{
	size_t i, n;

	*path_found = 0;
	for (i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		const struct route *rt = &routes[i];

		n = strlen(rt->path);
		if (rt->path[n - 1] == '*') {
			if (strncmp(url, rt->path, n - 1) != 0)
				continue;
			*arg = url + n - 1;
		} else {
			if (strcmp(url, rt->path) != 0)
				continue;
			*arg = "";
		}
		*path_found = 1;
		if (strcmp(method, rt->method) == 0 ||
		    (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0))
			return rt;
	}
	return NULL;
}

int
route_wants_body(const char *method, const char *url)
{
	const char *arg;
	int found;
	const struct route *rt = route_find(method, url, &arg, &found);

	return rt != NULL && rt->body;
}

enum MHD_Result
route_dispatch(struct req *r)
{
	const char *arg;
	int found;
	const struct route *rt = route_find(r->method, r->url, &arg, &found);

	if (rt == NULL)
		return req_error(r, found ? MHD_HTTP_METHOD_NOT_ALLOWED :
		    MHD_HTTP_NOT_FOUND, found ? MSG_WEB_METHOD : MSG_WEB_PAGE_NOT_FOUND);
	return rt->fn(r, arg);
}
