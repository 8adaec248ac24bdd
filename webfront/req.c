/*
 * req.c — per-request state, the thread's database connection, cookies,
 * sessions, CSRF and responses with the security headers.
 */
#include <sys/random.h>

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/hmac.h>
#include <nettle/memops.h>

#include "buf.h"
#include "clock.h"
#include "db.h"
#include "log.h"
#include "req.h"
#include "web.h"
#include "xmalloc.h"

#define CSP_PAGE "default-src 'none'; script-src 'self'; style-src 'self'; " \
	"img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; " \
	"frame-ancestors 'none'; base-uri 'none'"

/* One connection per worker thread; all of them, to close at exit. */
static _Thread_local struct db *thread_db;
static pthread_mutex_t dbs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db **dbs;
static size_t ndbs;
static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;

void
req_init(struct req *r, struct MHD_Connection *c, const char *method,
    const char *url)
{
	const char *l;
	int lang;

	r->conn = c;
	r->method = method;
	r->url = url;
	r->started = time(NULL);
	r->started_us = clock_us();
	r->citizen = -1;
	l = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "pk_lang");
	lang = l != NULL ? i18n_lang_parse(l) : -1;
	r->lang = lang == LANG_EN ? LANG_EN : LANG_FA;
	l = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, web.cookie_csrf);
	if (l != NULL && strlen(l) == WEB_TOKEN_HEX &&
	    strspn(l, "0123456789abcdef") == WEB_TOKEN_HEX)
		memcpy(r->csrf, l, WEB_TOKEN_HEX + 1);
	else {
		web_random_hex(r->csrf, 32);
		r->new_csrf = 1;
	}
}

void
req_free(struct req *r)
{
	size_t i;

	for (i = 0; i < r->ncookies; i++)
		free(r->cookies[i]);
	explicit_bzero(r->session, sizeof r->session);
}

struct db *
req_db(struct req *r)
{
	if (r->db != NULL)
		return r->db;
	if (thread_db == NULL) {
		thread_db = db_open(web.conninfo, "pishkhan-web",
		    (int)cfg_int(web.cfg, CFG_DB_CONNECT_TIMEOUT));
		/* The web keeps no session state: a restart of PostgreSQL
		 * costs a reconnect, not the request (db_set_reconnect). */
		db_set_reconnect(thread_db, 1);
		pthread_mutex_lock(&dbs_lock);
		dbs = xreallocarray(dbs, ndbs + 1, sizeof *dbs);
		dbs[ndbs++] = thread_db;
		pthread_mutex_unlock(&dbs_lock);
	}
	/* A session the server ended while this thread was idle is noticed
	 * here, and replaced before the request's first statement. */
	if (db_ensure(thread_db) != 0) {
		/* the caller's answer (a 503) logs it, with the route */
		log_debug("database: %s", db_error(thread_db));
		return NULL;
	}
	r->db = thread_db;
	return r->db;
}

const char *
req_db_error(const struct req *r)
{
	const struct db *db = r->db != NULL ? r->db : thread_db;

	if (db == NULL)
		return "no connection";
	return db_error(db)[0] != '\0' ? db_error(db) : "the connection was lost";
}

/*
 * A statement that may run twice without harm: run once more on a new
 * connection if the old one was lost (outside a transaction).
 */
PGresult *
req_query(struct req *r, const char *sql, int n, const char *const *p)
{
	if (req_db(r) == NULL)
		return NULL;
	return db_query_idem(r->db, sql, n, p);
}

void
req_db_close_all(void)
{
	size_t i;

	pthread_mutex_lock(&dbs_lock);
	for (i = 0; i < ndbs; i++)
		db_close(dbs[i]);
	free(dbs);
	dbs = NULL;
	ndbs = 0;
	pthread_mutex_unlock(&dbs_lock);
}

const char *
req_token_cookie(struct req *r, const char *name)
{
	const char *tok = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);

	if (tok == NULL || strlen(tok) != WEB_TOKEN_HEX ||
	    strspn(tok, "0123456789abcdef") != WEB_TOKEN_HEX)
		return NULL;
	return tok;
}

int
req_session_end(struct req *r, char at[8], long *left)
{
	const char *tok = req_token_cookie(r, web.cookie_session), *p[2];
	char idle[32];
	PGresult *res;
	int rc = 0;

	at[0] = '\0';
	*left = 0;
	if (tok == NULL)
		return 0;
	snprintf(idle, sizeof idle, "%lld", cfg_int(web.cfg, CFG_WEB_SESSION_IDLE));
	p[0] = tok;
	p[1] = idle;
	if ((res = req_query(r, "SELECT at_hm, left_s FROM web_session_end($1, $2)",
	    2, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)) {
		snprintf(at, 8, "%s", PQgetvalue(res, 0, 0));
		*left = strtol(PQgetvalue(res, 0, 1), NULL, 10);
		rc = 1;
	}
	PQclear(res);
	return rc;
}

int
req_session(struct req *r)
{
	const char *tok = req_token_cookie(r, web.cookie_session);
	char idle[32];
	const char *p[2];
	struct db *db;
	PGresult *res;
	int rc = 0;

	if (r->citizen >= 0)
		return 1;
	if (tok == NULL)
		return 0;
	if ((db = req_db(r)) == NULL)
		return -1;
	snprintf(idle, sizeof idle, "%lld", cfg_int(web.cfg, CFG_WEB_SESSION_IDLE));
	p[0] = tok;
	p[1] = idle;
	res = req_query(r, "SELECT citizen_id, mobile, lang FROM web_session($1, $2)",
	    2, p);
	if (res == NULL)
		return db_is_down(db) ? -1 : 0;
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)) {
		r->citizen = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		snprintf(r->citizen_id, sizeof r->citizen_id, "%lld", r->citizen);
		snprintf(r->mobile, sizeof r->mobile, "%s", PQgetvalue(res, 0, 1));
		memcpy(r->session, tok, WEB_TOKEN_HEX + 1);
		rc = 1;
	}
	PQclear(res);
	return rc;
}

const char *
req_arg(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *
req_field(const struct req *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nfields; i++)
		if (r->fields[i].filename == NULL &&
		    strcmp(r->fields[i].name, name) == 0)
			return buf_str(&r->fields[i].val);
	return NULL;
}

const struct web_field *
req_file(const struct req *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nfields; i++)
		if (r->fields[i].filename != NULL &&
		    strcmp(r->fields[i].name, name) == 0)
			return &r->fields[i];
	return NULL;
}

void
req_cookie(struct req *r, const char *name, const char *value, long long max_age)
{
	struct buf b = BUF_INIT;

	if (r->ncookies >= WEB_MAX_COOKIES)
		return;
	buf_addf(&b, "%s=%s; Path=/; HttpOnly; SameSite=Lax", name, value);
	if (max_age >= 0)
		buf_addf(&b, "; Max-Age=%lld", max_age);
	if (web.secure)
		buf_adds(&b, "; Secure");
	r->cookies[r->ncookies++] = buf_detach(&b);
}

/* Sec-Fetch-Site, when sent, must say the form came from this site; an
 * Origin, when sent, must name this host. */
int
req_origin_ok(struct req *r)
{
	const char *sfs = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    "Sec-Fetch-Site");
	const char *origin = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    "Origin");
	const char *host = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    "Host");
	const char *base = cfg_str(web.cfg, CFG_WEB_BASE_URL), *o;
	size_t bl;

	if (sfs != NULL && strcmp(sfs, "same-origin") != 0 && strcmp(sfs, "none") != 0)
		return 0;
	if (origin == NULL)
		return 1;
	if (base[0] != '\0') {
		bl = strlen(base);
		while (bl > 0 && base[bl - 1] == '/')
			bl--;
		return strlen(origin) == bl && strncmp(origin, base, bl) == 0;
	}
	if ((o = strstr(origin, "://")) == NULL || host == NULL)
		return 0;
	return strcmp(o + 3, host) == 0;
}

int
req_csrf_ok(struct req *r)
{
	const char *f = req_field(r, "csrf");

	if (r->new_csrf || f == NULL || strlen(f) != WEB_TOKEN_HEX ||
	    !memeql_sec(f, r->csrf, WEB_TOKEN_HEX)) {
		log_info("form refused: CSRF token missing or wrong");
		return 0;
	}
	if (!req_origin_ok(r)) {
		log_info("form refused: Origin or Sec-Fetch-Site of another site");
		return 0;
	}
	return 1;
}

void
req_csrf_rotate(struct req *r)
{
	web_random_hex(r->csrf, 32);
	req_cookie(r, web.cookie_csrf, r->csrf, -1);
	r->new_csrf = 0;
}

static void
sec_headers(struct MHD_Response *resp, int is_page)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	/* same-origin, not no-referrer: with no-referrer Chromium sends
	 * "Origin: null" on our own forms, and the Origin check needs it */
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	if (is_page) {
		MHD_add_response_header(resp, "Content-Security-Policy", CSP_PAGE);
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	}
}

static enum MHD_Result
queue(struct req *r, unsigned status, struct MHD_Response *resp)
{
	enum MHD_Result ret;
	size_t i;

	for (i = 0; i < r->ncookies; i++)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->cookies[i]);
	ret = MHD_queue_response(r->conn, status, resp);
	MHD_destroy_response(resp);
	r->responded = 1;
	if (ret == MHD_YES)
		r->status = status;
	return ret;
}

enum MHD_Result
req_send(struct req *r, unsigned status, const char *ctype, const void *body,
    size_t len, int is_page)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(len,
	    (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);

	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	sec_headers(resp, is_page);
	if (!is_page)
		MHD_add_response_header(resp, "Cache-Control", "public, max-age=3600");
	return queue(r, status, resp);
}

/* A static file whose name changes with its content (a font named with its
 * version): 200, cached for a year and never asked for again. */
enum MHD_Result
req_send_immutable(struct req *r, const char *ctype, const void *body, size_t len)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(len,
	    (void *)(uintptr_t)body, MHD_RESPMEM_PERSISTENT);

	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	sec_headers(resp, 0);
	MHD_add_response_header(resp, "Cache-Control", "public, max-age=31536000, immutable");
	return queue(r, MHD_HTTP_OK, resp);
}

static enum MHD_Result download(struct req *, const char *, const char *,
    struct MHD_Response *);

/* A download: the detected type, attachment, a sandbox CSP. */
enum MHD_Result
req_download(struct req *r, const char *ctype, const char *disposition,
    const void *body, size_t len)
{
	return download(r, ctype, disposition, MHD_create_response_from_buffer(len,
	    (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY));
}

enum MHD_Result
req_download_cb(struct req *r, const char *ctype, const char *disposition,
    uint64_t size, size_t block, MHD_ContentReaderCallback reader, void *cls,
    MHD_ContentReaderFreeCallback done)
{
	struct MHD_Response *resp = MHD_create_response_from_callback(size, block,
	    reader, cls, done);

	if (resp == NULL) {
		done(cls);
		return MHD_NO;
	}
	return download(r, ctype, disposition, resp);
}

static enum MHD_Result
download(struct req *r, const char *ctype, const char *disposition,
    struct MHD_Response *resp)
{
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	MHD_add_response_header(resp, "Content-Disposition", disposition);
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'none'; sandbox");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	sec_headers(resp, 0);
	return queue(r, MHD_HTTP_OK, resp);
}

enum MHD_Result
req_page(struct req *r, unsigned status, struct buf *b)
{
	enum MHD_Result ret;

	if (r->new_csrf) {
		req_cookie(r, web.cookie_csrf, r->csrf, -1);
		r->new_csrf = 0;
	}
	ret = req_send(r, status, "text/html; charset=utf-8", buf_str(b), b->len, 1);
	buf_free(b);
	return ret;
}

enum MHD_Result
req_redirect(struct req *r, const char *to)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"",
	    MHD_RESPMEM_PERSISTENT);

	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, to);
	sec_headers(resp, 1);
	return queue(r, MHD_HTTP_SEE_OTHER, resp);
}

const char *
req_t(const struct req *r, enum msg_id id)
{
	return i18n(r->lang, id);
}

void
web_random_hex(char *out, size_t bytes)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[64];
	size_t i, got = 0;

	if (bytes > sizeof raw)
		bytes = sizeof raw;
	while (got < bytes) {
		ssize_t n = getrandom(raw + got, bytes - got, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fatal("getrandom");
		}
		got += (size_t)n;
	}
	for (i = 0; i < bytes; i++) {
		out[i * 2] = hex[raw[i] >> 4];
		out[i * 2 + 1] = hex[raw[i] & 15];
	}
	out[bytes * 2] = '\0';
	explicit_bzero(raw, sizeof raw);
}

/* Uniform in [0, below), by rejection. */
uint32_t
web_random_u32(uint32_t below)
{
	uint32_t v, lim = UINT32_MAX - UINT32_MAX % below;

	do {
		while (getrandom(&v, sizeof v, 0) != (ssize_t)sizeof v)
			if (errno != EINTR)
				fatal("getrandom");
	} while (v >= lim);
	return v % below;
}

/*
 * The HMAC key.  main() sets it before the daemon starts (from
 * web.secret_file, or from the database when it answers then), so no
 * thread ever sees it change.  If the database was down at start, the
 * first request that needs the key fetches it under key_lock; the key
 * bytes are written first and key_ready is published last (release), and
 * readers test key_ready (acquire) before they read a byte: a thread sees
 * either no key or the whole key, never a length with half a key.
 */
static atomic_int key_ready;

void
web_key_set(const unsigned char *k, size_t n)
{
	web.keylen = n < sizeof web.key ? n : sizeof web.key;
	memcpy(web.key, k, web.keylen);
	atomic_store_explicit(&key_ready, 1, memory_order_release);
}

/* web_hmac_key() of `db` into web.key: 0, or -1 (logged). */
int
web_key_from_db(struct db *db)
{
	PGresult *res;
	char *k;
	int rc = -1, n;

	if ((res = db_query_bin(db, "SELECT web_hmac_key()", 0, NULL, NULL, 1)) == NULL) {
		log_warnx("the login-code key: %s", db_error(db));
		return -1;
	}
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) &&
	    (n = PQgetlength(res, 0, 0)) >= 32) {
		k = PQgetvalue(res, 0, 0);
		web_key_set((const unsigned char *)k, (size_t)n);
		explicit_bzero(k, (size_t)n);
		rc = 0;
	}
	PQclear(res);
	if (rc != 0)
		log_warnx("the login-code key from the database is shorter than 32 bytes");
	return rc;
}

/* The database's key, when main() could not fetch it: once, under the lock. */
static int
key_from_db(struct req *r)
{
	struct db *db;
	int rc = -1;

	pthread_mutex_lock(&key_lock);
	if (atomic_load_explicit(&key_ready, memory_order_acquire))
		rc = 0;
	else if ((db = req_db(r)) != NULL)
		rc = web_key_from_db(db);
	pthread_mutex_unlock(&key_lock);
	return rc;
}

int
web_hmac(struct req *r, const char *mobile, const char *code, unsigned char out[32])
{
	struct hmac_sha256_ctx ctx;

	if (!atomic_load_explicit(&key_ready, memory_order_acquire) &&
	    key_from_db(r) != 0)
		return -1;
	hmac_sha256_set_key(&ctx, web.keylen, web.key);
	hmac_sha256_update(&ctx, strlen(mobile), (const uint8_t *)mobile);
	hmac_sha256_update(&ctx, 1, (const uint8_t *)":");
	hmac_sha256_update(&ctx, strlen(code), (const uint8_t *)code);
	hmac_sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
	explicit_bzero(&ctx, sizeof ctx);
	return 0;
}
