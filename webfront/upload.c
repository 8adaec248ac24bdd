/*
 * upload.c — form bodies through MHD_PostProcessor, streamed.
 *
 * Text fields are kept in memory, capped at WEB_FIELD_MAX bytes.  A file's
 * bytes go, as they arrive, to an unlinked file in web.spool_dir (O_TMPFILE,
 * else mkstemp and unlink): memory does not grow with the file, and nothing
 * is left on disk whatever happens to the request or the process.  Files
 * are capped at web.max_file_size: beyond that a field is marked too big
 * and its spool is closed.  The CSRF token comes before the file fields in
 * our forms; the first file field checks it, and a bad token stops the
 * processor before any file byte is kept.  The whole body is capped at web.max_body (413 from the
 * Content-Length before anything is read; the connection is closed when a
 * chunked body passes it), and a body still arriving after
 * web.request_timeout is cut off (slow clients).  A letter's form sent
 * after its session ended (r->draft_only, route.c) keeps its text fields
 * only: its files are dropped as they arrive.
 *
 * A malformed body (a part without a name, a nested multipart, bytes the
 * processor cannot parse) or one that does not end with its closing
 * delimiter (cut off, even when Content-Length matches the cut) is
 * answered 400 before any page runs: nothing of it is kept.  The post
 * processor does not report a missing closing delimiter, so the last bytes
 * of the raw body are kept and checked against "--BOUNDARY--".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "upload.h"
#include "web.h"
#include "xmalloc.h"

static struct web_field *
field_for(struct req *r, const char *key, const char *filename, uint64_t off)
{
	size_t i;
	struct web_field *f;

	for (i = r->nfields; i-- > 0;)
		if (strcmp(r->fields[i].name, key) == 0) {
			if (off > 0)
				return &r->fields[i];
			/* a name twice: our forms never repeat one; a nested
			 * multipart/mixed part reaches here so */
			log_info("form refused: the part '%.32s' twice", key);
			r->body_bad = 1;
			return NULL;
		}
	if (r->nfields >= WEB_MAX_FIELDS || strlen(key) >= sizeof f->name)
		return NULL;
	f = &r->fields[r->nfields++];
	memcpy(f->name, key, strlen(key) + 1);
	f->fd = -1;
	if (filename != NULL)
		f->filename = xstrndup(filename, 255);
	return f;
}

/* An unlinked file in web.spool_dir, or -1 (logged). */
static int
spool_open(void)
{
	char *path;
	int fd;

	fd = open(web.spool_dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	/* a file system without O_TMPFILE: a name, unlinked at once */
	path = xasprintf("%s/pishkhan-upload.XXXXXX", web.spool_dir);
	if ((fd = mkostemp(path, O_CLOEXEC)) >= 0)
		(void)unlink(path);
	else
		log_warn("cannot make a file in '%s' (web.spool_dir)", web.spool_dir);
	free(path);
	return fd;
}

/* Append to a file field's spool; 0, or -1 (logged). */
static int
spool_write(struct web_field *f, const char *data, size_t size)
{
	ssize_t n;

	if (f->fd < 0 && (f->fd = spool_open()) < 0)
		return -1;
	while (size > 0) {
		n = write(f->fd, data, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_warn("cannot write an upload to '%s' (web.spool_dir)",
			    web.spool_dir);
			return -1;
		}
		data += n;
		size -= (size_t)n;
		f->size += (uint64_t)n;
	}
	return 0;
}

static void
spool_close(struct web_field *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

static enum MHD_Result
iterate(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
    const char *content_type, const char *transfer_encoding, const char *data,
    uint64_t off, size_t size)
{
	struct req *r = cls;
	struct web_field *f;

	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (key == NULL || key[0] == '\0') {
		/* a part without a name (or an unquoted one, or a nested
		 * multipart): nothing we sent, so nothing we can use */
		log_info("form refused: a part without a name");
		r->body_bad = 1;
		return MHD_NO;
	}
	if (filename != NULL && !r->csrf_checked) {
		r->csrf_checked = 1;
		r->csrf_ok = req_csrf_ok(r);
		if (!r->csrf_ok) {
			log_info("form refused: CSRF token missing or wrong before a file");
			return MHD_NO;
		}
	}
	if (filename != NULL && r->draft_only)
		return MHD_YES;		/* its session ended: no file is kept */
	if ((f = field_for(r, key, filename, off)) == NULL)
		return r->body_bad ? MHD_NO : MHD_YES;
	if (f->too_big || size == 0)
		return MHD_YES;
	if (f->filename == NULL) {
		if (f->val.len + size > WEB_FIELD_MAX) {
			f->too_big = 1;
			buf_free(&f->val);
		} else
			buf_add(&f->val, data, size);
		return MHD_YES;
	}
	if (!f->spooled && ++r->nspooled > WEB_MAX_FILES) {
		/* our forms send two files at most: descriptors are not free */
		log_info("form refused: more than %d files", WEB_MAX_FILES);
		r->body_bad = 1;
		return MHD_NO;
	}
	f->spooled = 1;
	if (f->size + size > (uint64_t)web.max_file) {
		f->too_big = 1;
		spool_close(f);
		return MHD_YES;
	}
	if (spool_write(f, data, size) != 0) {
		r->spool_err = 1;
		spool_close(f);
		return MHD_NO;
	}
	return MHD_YES;
}

/*
 * The delimiter of a multipart body, as libmicrohttpd finds it (the rest of
 * the Content-Type after "boundary=", quotes removed), with "--" before it.
 * 0, or -1 when there is none or it is too long (RFC 2046: 70 characters).
 */
static int
boundary_of(struct req *r)
{
	const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	const char *b;
	size_t n;

	r->boundary[0] = '\0';
	if (ct == NULL || strncasecmp(ct, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA,
	    strlen(MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA)) != 0)
		return 0;	/* url-encoded: no delimiter */
	if ((b = strstr(ct, "boundary=")) == NULL)
		return -1;
	b += strlen("boundary=");
	n = strlen(b);
	if (n > 2 && b[0] == '"' && b[n - 1] == '"') {
		b++;
		n -= 2;
	}
	if (n == 0 || n > 70)
		return -1;
	snprintf(r->boundary, sizeof r->boundary, "--%.*s", (int)n, b);
	return 0;
}

int
upload_too_big(struct req *r)
{
	const char *cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	unsigned long long n;

	if (cl == NULL)
		return 0;
	n = strtoull(cl, &end, 10);
	return *end == '\0' && n > (unsigned long long)web.max_body;
}

int
upload_begin(struct req *r)
{
	if (boundary_of(r) != 0 ||
	    (r->pp = MHD_create_post_processor(r->conn, 64 * 1024, iterate, r)) == NULL) {
		log_info("form refused: not a form body (Content-Type)");
		return -1;
	}
	return 0;
}

/* Keep the last sizeof r->tail bytes of the raw body. */
static void
keep_tail(struct req *r, const char *data, size_t size)
{
	size_t cap = sizeof r->tail, keep;

	if (size >= cap) {
		memcpy(r->tail, data + size - cap, cap);
		r->tail_len = cap;
		return;
	}
	keep = r->tail_len + size > cap ? cap - size : r->tail_len;
	memmove(r->tail, r->tail + r->tail_len - keep, keep);
	memcpy(r->tail + keep, data, size);
	r->tail_len = keep + size;
}

enum MHD_Result
upload_feed(struct req *r, const char *data, size_t *size)
{
	r->body_len += *size;
	if (r->body_len > (uint64_t)web.max_body) {
		log_info("request body over web.max_body: connection closed");
		return MHD_NO;
	}
	if (time(NULL) - r->started > web.req_timeout) {
		log_info("request body too slow (web.request_timeout): connection closed");
		return MHD_NO;
	}
	keep_tail(r, data, *size);
	if (r->pp != NULL && MHD_post_process(r->pp, data, *size) != MHD_YES) {
		/* a refused token or a malformed body: the rest is dropped and
		 * the handler answers at the end */
		if (!(r->csrf_checked && !r->csrf_ok) && !r->spool_err)
			r->body_bad = 1;
		(void)MHD_destroy_post_processor(r->pp);
		r->pp = NULL;
	}
	*size = 0;
	return MHD_YES;
}

/* A multipart body ends with "--BOUNDARY--", maybe a line end after it. */
static int
ends_with_delimiter(const struct req *r)
{
	size_t n = r->tail_len, bl = strlen(r->boundary);

	if (n >= 2 && r->tail[n - 2] == '\r' && r->tail[n - 1] == '\n')
		n -= 2;
	else if (n >= 1 && r->tail[n - 1] == '\n')
		n -= 1;
	return n >= bl + 2 && memcmp(r->tail + n - 2, "--", 2) == 0 &&
	    memcmp(r->tail + n - 2 - bl, r->boundary, bl) == 0;
}

int
upload_end(struct req *r)
{
	if (r->pp != NULL) {
		/* flushes the last url-encoded field; MHD_NO when the body
		 * stopped in the middle of something */
		if (MHD_destroy_post_processor(r->pp) != MHD_YES &&
		    !(r->csrf_checked && !r->csrf_ok))
			r->body_bad = 1;
		r->pp = NULL;
		if (!r->body_bad && r->boundary[0] != '\0' && !ends_with_delimiter(r)) {
			log_info("form refused: the body does not end with its "
			    "closing delimiter (cut off)");
			r->body_bad = 1;
		}
	}
	if (r->spool_err)
		return -2;
	return r->body_bad ? -1 : 0;
}

void
upload_free(struct req *r)
{
	size_t i;

	if (r->pp != NULL)
		MHD_destroy_post_processor(r->pp);
	r->pp = NULL;
	for (i = 0; i < r->nfields; i++) {
		buf_free(&r->fields[i].val);
		free(r->fields[i].filename);
		spool_close(&r->fields[i]);
	}
	r->nfields = 0;
}
