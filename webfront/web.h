/*
 * web.h — pishkhan-web: the public site's shared state and helpers.
 *
 * One process, libmicrohttpd's thread pool; each worker thread keeps its
 * own database connection (as role web.db_user).  Nothing about a visitor
 * lives in memory between requests: captchas, codes and sessions are in
 * PostgreSQL, so several instances can share one database.
 */
#ifndef PK_WEB_H
#define PK_WEB_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <microhttpd.h>

#include "netaddr.h"

#include "buf.h"
#include "cfg.h"
#include "html.h"
#include "i18n.h"

#define WEB_TOKEN_HEX	64	/* 32 random bytes in hex */
#define WEB_FIELD_MAX	4096	/* a text field's bytes at most */
#define WEB_MAX_COOKIES	4

/* The program's settings, fixed after start-up. */
struct web {
	struct cfg	*cfg;
	char		*conninfo;	/* "user=… " + database.conninfo */
	unsigned char	 key[64];	/* HMAC key for login codes (req.c) */
	size_t		 keylen;	/* read only after web_key_set() */
	int		 secure;	/* base URL is https: Secure, __Host- */
	const char	*cookie_session;
	const char	*cookie_csrf;
	struct buf	 css, js;	/* webfront/static */
	long long	 max_file, max_body, req_timeout;
	char		*spool_dir;	/* uploaded files wait here, unlinked */
};
extern struct web web;

/*
 * One uploaded file or text field of a POST.  A text field's bytes are in
 * `val`; a file's are in an unlinked file in web.spool_dir (`fd`, -1 when
 * none was written), never in memory.
 */
struct web_field {
	char		 name[32];
	struct buf	 val;
	char		*filename;	/* NULL for text fields */
	int		 fd;		/* a file's spool, or -1 */
	int		 spooled;	/* counted in nspooled */
	uint64_t	 size;		/* a file's bytes */
	int		 too_big;
};

#define WEB_MAX_FIELDS	16
#define WEB_MAX_FILES	4	/* file fields of one body with bytes, at most */

/* Per-request state: made on the first call, freed when MHD completes. */
struct req {
	struct MHD_Connection	*conn;
	const char		*method, *url;
	enum lang		 lang;
	struct db		*db;
	time_t			 started;
	/* the session, when logged in */
	long long		 citizen;
	char			 citizen_id[24];	/* the same, as text */
	char			 mobile[24];
	char			 session[WEB_TOKEN_HEX + 1];
	char			 csrf[WEB_TOKEN_HEX + 1];
	int			 new_csrf;	/* the cookie must be set */
	/* POST bodies */
	struct MHD_PostProcessor *pp;
	struct web_field	 fields[WEB_MAX_FIELDS];
	size_t			 nfields;
	uint64_t		 body_len;
	int			 body_too_big;
	int			 csrf_checked, csrf_ok;
	int			 body_bad;	/* malformed or cut off */
	int			 spool_err;	/* a file could not be spooled */
	int			 nspooled;	/* file fields with bytes */
	char			 boundary[80];	/* multipart: "--" + boundary */
	char			 tail[96];	/* the body's last bytes */
	size_t			 tail_len;
	int			 responded;
	/* the response */
	char			*cookies[WEB_MAX_COOKIES];
	size_t			 ncookies;
};

/* A page handler: queue a response and return MHD_YES, or MHD_NO. */
typedef enum MHD_Result (*web_handler)(struct req *, const char *arg);

/* conn.c — per-address limits, the header deadline, the client's address */
void		 conn_init(const struct cfg *);	/* starts the watchdog */
void		 conn_stop(void);
enum MHD_Result	 conn_accept(void *, const struct sockaddr *, socklen_t);
void		 conn_notify(void *, struct MHD_Connection *, void **socket_context,
		    enum MHD_ConnectionNotificationCode);
void		 conn_request_begins(struct MHD_Connection *);	/* headers are in */
void		 conn_request_ends(struct MHD_Connection *);	/* answered */
/* The client's address as text (NETADDR_STRLEN bytes; "" if unknown). */
void		 conn_client_ip(struct MHD_Connection *, char *out);

/* route.c */
enum MHD_Result	 route_dispatch(struct req *);
int		 route_wants_body(const char *method, const char *url);

/* req.c */
void		 req_init(struct req *, struct MHD_Connection *, const char *method,
		    const char *url);
void		 req_free(struct req *);
struct db	*req_db(struct req *);	/* the thread's connection, or NULL */
/* db_query_idem on the thread's connection: for statements that may run
 * twice (reads), retried on a new connection if the old one was lost. */
struct pg_result *req_query(struct req *, const char *sql, int n,
		    const char *const *params);
void		 req_db_close_all(void);
int		 req_session(struct req *);	/* 1 logged in, 0 not, -1 db down */
const char	*req_arg(struct req *, const char *name);	/* query string */
const char	*req_field(const struct req *, const char *name);
const struct web_field *req_file(const struct req *, const char *name);
void		 req_cookie(struct req *, const char *name, const char *value,
		    long long max_age);
int		 req_csrf_ok(struct req *);
void		 req_csrf_rotate(struct req *);	/* a new token, sent as a cookie */
int		 req_origin_ok(struct req *);
enum MHD_Result	 req_send(struct req *, unsigned status, const char *ctype,
		    const void *body, size_t len, int is_page);
enum MHD_Result	 req_download(struct req *, const char *ctype,
		    const char *disposition, const void *body, size_t len);
/* The same, its `size` bytes read by `reader` (libmicrohttpd's content
 * reader callback) in blocks of at most `block` bytes; `done` frees cls. */
enum MHD_Result	 req_download_cb(struct req *, const char *ctype,
		    const char *disposition, uint64_t size, size_t block,
		    MHD_ContentReaderCallback reader, void *cls,
		    MHD_ContentReaderFreeCallback done);
enum MHD_Result	 req_page(struct req *, unsigned status, struct buf *);
enum MHD_Result	 req_redirect(struct req *, const char *to);
enum MHD_Result	 req_error(struct req *, unsigned status, enum msg_id);
const char	*req_t(const struct req *, enum msg_id);

/* util (req.c) */
void		 web_random_hex(char *out, size_t bytes);
uint32_t	 web_random_u32(uint32_t below);
int		 web_hmac(struct req *, const char *mobile, const char *code,
		    unsigned char out[32]);
/* The login-code key: set it (before the daemon starts, or under the
 * key lock), or fetch the database's with `db` (0, or -1 logged). */
void		 web_key_set(const unsigned char *, size_t);
int		 web_key_from_db(struct db *);

/* upload.c */
enum MHD_Result	 upload_begin(struct req *);
enum MHD_Result	 upload_feed(struct req *, const char *data, size_t *size);
/* The body is in: 0 if it was whole and well formed, -1 if not (400),
 * -2 if a file could not be spooled (503). */
int		 upload_end(struct req *);
void		 upload_free(struct req *);

/* page.c: the layout */
void		 page_begin(struct buf *, struct req *, const char *title);
void		 page_end(struct buf *, struct req *);
void		 page_csrf_field(struct buf *, struct req *);
void		 page_digits(struct buf *, const struct req *, const char *s);
void		 page_mobile(struct buf *, const struct req *, const char *e164);
void		 page_date(struct buf *, const struct req *, const char *iso);
void		 page_size(struct buf *, const struct req *, long long bytes);
void		 page_error_msg(struct buf *, const char *id, const char *msg);

/* captcha.c */
#define CAPTCHA_LEN	5
void		 captcha_answer(char out[CAPTCHA_LEN + 1]);
unsigned char	*captcha_png(const char *answer, int *size);
enum MHD_Result	 page_captcha(struct req *, const char *arg);

/* page_login.c */
enum MHD_Result	 page_login(struct req *, const char *arg);
enum MHD_Result	 page_login_send(struct req *, const char *arg);
enum MHD_Result	 page_login_verify(struct req *, const char *arg);
enum MHD_Result	 page_logout(struct req *, const char *arg);
enum MHD_Result	 page_login_form(struct req *, const char *mobile,
		    const char *err_field, const char *err);
void		 web_client_group(struct req *, char out[NETADDR_NETLEN]);

/* page_main.c */
enum MHD_Result	 page_main(struct req *, const char *arg);
enum MHD_Result	 page_track(struct req *, const char *arg);
enum MHD_Result	 page_submit(struct req *, const char *arg);

/* page_letters.c */
enum MHD_Result	 page_letters(struct req *, const char *arg);
enum MHD_Result	 page_letter(struct req *, const char *arg);
enum MHD_Result	 page_file(struct req *, const char *arg);

/* page_misc.c */
enum MHD_Result	 page_healthz(struct req *, const char *arg);
enum MHD_Result	 page_static(struct req *, const char *arg);
enum MHD_Result	 page_lang(struct req *, const char *arg);
enum MHD_Result	 page_lang_save(struct req *, const char *arg);

#endif
