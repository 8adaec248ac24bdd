/*
 * web.h — pishkhan-web: the program's settings, fixed after start-up.
 *
 * One process, libmicrohttpd's thread pool; each worker thread keeps its
 * own database connection (as role web.db_user).  Nothing about a visitor
 * lives in memory between requests: captchas, codes and sessions are in
 * PostgreSQL, so several instances can share one database.
 *
 * The headers are layered, each including only those below it:
 *   web.h     settings (main.c fills them)
 *   conn.h    connections: per-address limits, the client's address
 *   req.h     one request: its fields, session, cookies and responses
 *   upload.h  a form's body (MHD_PostProcessor, files spooled)
 *   page.h    the layout, form fields and error pages every page shares
 *   pages.h   the page handlers (page_*.c, captcha.c)
 *   route.h   the route table and its dispatcher (main.c's entry)
 */
#ifndef PK_WEB_H
#define PK_WEB_H

#include <stddef.h>

#include "buf.h"
#include "cfg.h"

#define WEB_TOKEN_HEX	64	/* 32 random bytes in hex */
#define WEB_FIELD_MAX	4096	/* a text field's bytes at most */
#define WEB_MAX_COOKIES	6

/* The web fonts, in webfront/static/fonts and served as /static/fonts/NAME;
 * a name carries its version, so a new font is a new name (page_misc.c). */
#define WEB_NFONTS	4
extern const char *const web_fonts[WEB_NFONTS];

/* The program's settings, fixed after start-up. */
struct web {
	struct cfg	*cfg;
	char		*conninfo;	/* "user=… " + database.conninfo */
	unsigned char	 key[64];	/* HMAC key for login codes (req.c) */
	size_t		 keylen;	/* read only after web_key_set() */
	int		 secure;	/* base URL is https: Secure, __Host- */
	const char	*cookie_session;
	const char	*cookie_csrf;
	const char	*cookie_code;	/* this browser was sent a code (page_login.c) */
	const char	*cookie_draft;	/* a letter's typed fields kept (page_main.c) */
	const char	*cookie_wrote;	/* the citizen's last write's WAL position (replica.c) */
	struct buf	 css, js;	/* webfront/static */
	struct buf	 fonts[WEB_NFONTS];	/* web_fonts[] */
	long long	 max_file, max_body, req_timeout;
	char		*spool_dir;	/* uploaded files wait here, unlinked */
};
extern struct web web;

#endif
