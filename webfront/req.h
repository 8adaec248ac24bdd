/*
 * req.h — one request (req.c): its query, fields and files, the citizen's
 * session, cookies and CSRF token, the thread's database connection, and
 * the responses that send bytes.  Pages are drawn above it (page.h).
 */
#ifndef PK_REQ_H
#define PK_REQ_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <microhttpd.h>

#include "buf.h"
#include "i18n.h"
#include "web.h"

struct db;
struct route;

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
	int64_t			 started_us;	/* clock_us(): the latency's start */
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
	int			 csrf_checked, csrf_ok;
	int			 body_bad;	/* malformed or cut off */
	int			 spool_err;	/* a file could not be spooled */
	int			 nspooled;	/* file fields with bytes */
	int			 draft_only;	/* sent after its session ended: the
						   text kept (a draft), files dropped */
	char			 boundary[80];	/* multipart: "--" + boundary */
	char			 tail[96];	/* the body's last bytes */
	size_t			 tail_len;
	int			 responded;
	/* its route (route.c) */
	const struct route	*route;
	const char		*route_arg;
	int			 route_path;	/* the path is known (405, not 404) */
	/* the response */
	unsigned		 status;	/* queued: its HTTP status (metrics) */
	char			*cookies[WEB_MAX_COOKIES];
	size_t			 ncookies;
};

void		 req_init(struct req *, struct MHD_Connection *, const char *method,
		    const char *url);
void		 req_free(struct req *);
struct db	*req_db(struct req *);	/* the thread's connection, or NULL */
/* Why the thread's connection failed last (for the log). */
const char	*req_db_error(const struct req *);
/* db_query_idem on the thread's connection: for statements that may run
 * twice (reads), retried on a new connection if the old one was lost. */
struct pg_result *req_query(struct req *, const char *sql, int n,
		    const char *const *params);
void		 req_db_close_all(void);
int		 req_session(struct req *);	/* 1 logged in, 0 not, -1 db down */
/* The browser's token in cookie `name` (64 hex digits), or NULL. */
const char	*req_token_cookie(struct req *, const char *name);
/*
 * When the session of this browser ends if nothing is done: `at` the
 * office's "HH:MM", *left its seconds (0: ended).  1, or 0 when the
 * database knows no such session (never was, or gone), -1 when down.
 * An ended session is still known until its own end (web.session_max).
 */
int		 req_session_end(struct req *, char at[8], long *left);
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
/* `body` is kept by the caller for the life of the program */
enum MHD_Result	 req_send_immutable(struct req *, const char *ctype,
		    const void *body, size_t len);
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

#endif
