/*
 * route.c — method and path to handler, as a table, and what each route
 * needs: a form body, its CSRF token, a citizen's session.  The dispatcher
 * enforces the needs once, so that no handler repeats them: a form body is
 * refused before it is read when it cannot be used (no CSRF cookie, no
 * session), and the handler runs only when every need is met.
 *
 * A letter's form sent after its session ended (ROUTE_DRAFT) is read all
 * the same when the browser's session cookie names a session the database
 * still knows: the letter is not registered, its files are dropped unread
 * (upload.c), and what was typed is kept for that citizen's next login in
 * this browser (page_submit_ended), once its CSRF token is good.
 *
 * A pattern ending in '*' matches any path with that prefix, and the rest
 * is passed to the handler as its argument.
 */
#include <string.h>

#include "page.h"
#include "pages.h"
#include "req.h"
#include "route.h"
#include "upload.h"

#define ROUTE_BODY	0x1	/* a form body, read (upload.c) before the handler */
#define ROUTE_CSRF	0x2	/* its CSRF token and origin checked */
#define ROUTE_SESSION	0x4	/* a citizen's session: the login form otherwise */
#define ROUTE_DRAFT	0x8	/* sent after its session ended: its text kept */
#define ROUTE_FORM	(ROUTE_BODY | ROUTE_CSRF)

/* The answer to a refused form (NULL: a 403 page with the message). */
typedef enum MHD_Result (*route_refusal)(struct req *, enum msg_id);

struct route {
	const char	*method;
	const char	*path;
	web_handler	 fn;
	int		 needs;
	route_refusal	 refused;
};

static const struct route routes[] = {
	{ "GET", "/", page_main, ROUTE_SESSION, NULL },
	{ "GET", "/healthz", page_healthz, 0, NULL },
	{ "GET", "/static/*", page_static, 0, NULL },
	{ "GET", "/captcha/*", page_captcha, 0, NULL },
	{ "GET", "/lang/*", page_lang, 0, NULL },
	{ "POST", "/lang/*", page_lang_save, ROUTE_FORM, NULL },
	{ "GET", "/login", page_login, 0, NULL },
	{ "POST", "/login/captcha", page_login_captcha, ROUTE_FORM, page_login_refused },
	{ "POST", "/login/send", page_login_send, ROUTE_FORM, page_login_refused },
	{ "POST", "/login/verify", page_login_verify, ROUTE_FORM, page_login_first },
	{ "POST", "/logout", page_logout, ROUTE_FORM, NULL },
	{ "GET", "/track", page_track, ROUTE_SESSION, NULL },
	{ "POST", "/letters/new", page_submit, ROUTE_FORM | ROUTE_SESSION | ROUTE_DRAFT,
	    page_submit_refused },
	{ "POST", "/session/alive", page_alive, ROUTE_FORM | ROUTE_SESSION, NULL },
	{ "GET", "/letters", page_letters, ROUTE_SESSION, NULL },
	{ "GET", "/letter/*", page_letter, ROUTE_SESSION, NULL },
	{ "GET", "/file/*", page_file, ROUTE_SESSION, NULL },
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

/*
 * A letter's form whose session ended (ROUTE_DRAFT): before its body, it
 * is read (r->draft_only: text only) when the session cookie names a
 * session the database still knows; after it, with its CSRF token good,
 * what was typed is kept (page_submit_ended).  As needs_met().
 */
static int
ended_form(struct req *r, int before_body, enum MHD_Result *ret)
{
	char at[8];
	long left;
	int k;

	if (!before_body) {
		if (!r->draft_only)
			*ret = page_login_first(r, MSG_WEB_SESSION_ENDED_LOST);
		else if ((r->csrf_checked && !r->csrf_ok) || !req_csrf_ok(r))
			*ret = page_error(r, MHD_HTTP_FORBIDDEN, MSG_WEB_CSRF);
		else
			*ret = page_submit_ended(r);
		return 0;
	}
	if ((k = req_session_end(r, at, &left)) < 0) {
		*ret = page_db_down(r);
		return 0;
	}
	if (k == 0) {	/* no one to keep it for: the body is not read */
		*ret = page_login_first(r, MSG_WEB_SESSION_ENDED_LOST);
		return 0;
	}
	r->draft_only = 1;
	return 1;
}

/*
 * Whether the needs of the request's route are met: 1, or 0 with the answer
 * queued in *ret.  Before the body, only what does not need it: the CSRF
 * cookie of a form and the session.
 */
static int
needs_met(struct req *r, int before_body, enum MHD_Result *ret)
{
	const struct route *rt = r->route;
	int s;

	if (before_body && (rt->needs & ROUTE_CSRF) && r->new_csrf) {
		*ret = page_error(r, MHD_HTTP_FORBIDDEN, MSG_WEB_CSRF);
		return 0;
	}
	if (rt->needs & ROUTE_SESSION) {
		if ((s = req_session(r)) < 0) {
			*ret = page_db_down(r);
			return 0;
		}
		if (s == 0 && (rt->needs & ROUTE_DRAFT))
			return ended_form(r, before_body, ret);
		if (s == 0) {
			/* a form sent without one is lost: say why; a page
			 * asked for after its session ended says so */
			if (before_body)
				*ret = page_login_first(r, MSG_WEB_LOGIN_FIRST);
			else if (req_token_cookie(r, web.cookie_session) != NULL)
				*ret = page_login_note(r, MSG_WEB_SESSION_ENDED);
			else
				*ret = page_login_form(r, NULL, NULL, NULL);
			return 0;
		}
	}
	if (!before_body && (rt->needs & ROUTE_CSRF) &&
	    ((r->csrf_checked && !r->csrf_ok) || !req_csrf_ok(r))) {
		*ret = rt->refused != NULL ? rt->refused(r, MSG_WEB_CSRF) :
		    page_error(r, MHD_HTTP_FORBIDDEN, MSG_WEB_CSRF);
		return 0;
	}
	return 1;
}

enum MHD_Result
route_begin(struct req *r)
{
	enum MHD_Result ret;

	r->route = route_find(r->method, r->url, &r->route_arg, &r->route_path);
	/* A response queued before the request is complete makes
	 * libmicrohttpd close the connection: pages are answered on the
	 * last call, so keep-alive works; a form's body is refused early
	 * (and the connection closed) only when it cannot be used. */
	if (r->route == NULL || !(r->route->needs & ROUTE_BODY))
		return MHD_YES;
	if (upload_too_big(r))
		return page_error(r, MHD_HTTP_CONTENT_TOO_LARGE, MSG_WEB_TOO_LARGE);
	if (!needs_met(r, 1, &ret))
		return ret;
	if (upload_begin(r) != 0)
		return page_error(r, MHD_HTTP_BAD_REQUEST, MSG_WEB_BAD_BODY);
	return MHD_YES;
}

enum MHD_Result
route_dispatch(struct req *r)
{
	enum MHD_Result ret;

	if (r->route == NULL)
		return page_error(r, r->route_path ? MHD_HTTP_METHOD_NOT_ALLOWED :
		    MHD_HTTP_NOT_FOUND, r->route_path ? MSG_WEB_METHOD :
		    MSG_WEB_PAGE_NOT_FOUND);
	if (!needs_met(r, 0, &ret))
		return ret;
	return r->route->fn(r, r->route_arg);
}

size_t
route_count(void)
{
	return sizeof routes / sizeof routes[0];
}

const char *
route_method(size_t i)
{
	return routes[i].method;
}

const char *
route_pattern(size_t i)
{
	return routes[i].path;
}

size_t
route_index(const struct route *rt)
{
	return rt != NULL ? (size_t)(rt - routes) : route_count();
}
