/*
 * upload.c — form bodies through MHD_PostProcessor, streamed.
 *
 * Text fields are capped at WEB_FIELD_MAX bytes and files at
 * web.max_file_size: beyond that a field is marked too big and its bytes
 * are dropped, so one upload never holds more than the limit.  The CSRF
 * token comes before the file fields in our forms; the first file field
 * checks it, and a bad token stops the processor before any file byte is
 * kept.  The whole body is capped at web.max_body (413 from the
 * Content-Length before anything is read; the connection is closed when a
 * chunked body passes it), and a body still arriving after
 * web.request_timeout is cut off (slow clients).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "web.h"
#include "xmalloc.h"

static struct web_field *
field_for(struct req *r, const char *key, const char *filename, uint64_t off)
{
	size_t i;
	struct web_field *f;

	if (off > 0)
		for (i = r->nfields; i-- > 0;)
			if (strcmp(r->fields[i].name, key) == 0)
				return &r->fields[i];
	if (r->nfields >= WEB_MAX_FIELDS || strlen(key) >= sizeof f->name)
		return NULL;
	f = &r->fields[r->nfields++];
	memcpy(f->name, key, strlen(key) + 1);
	if (filename != NULL)
		f->filename = xstrndup(filename, 255);
	return f;
}

static enum MHD_Result
iterate(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
    const char *content_type, const char *transfer_encoding, const char *data,
    uint64_t off, size_t size)
{
	struct req *r = cls;
	struct web_field *f;
	size_t cap;

	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (filename != NULL && !r->csrf_checked) {
		r->csrf_checked = 1;
		r->csrf_ok = req_csrf_ok(r);
		if (!r->csrf_ok) {
			log_info("form refused: CSRF token missing or wrong before a file");
			return MHD_NO;
		}
	}
	if ((f = field_for(r, key, filename, off)) == NULL)
		return MHD_YES;
	cap = f->filename != NULL ? (size_t)web.max_file : WEB_FIELD_MAX;
	if (f->too_big)
		return MHD_YES;
	if (f->val.len + size > cap) {
		f->too_big = 1;
		buf_free(&f->val);
		return MHD_YES;
	}
	buf_add(&f->val, data, size);
	return MHD_YES;
}

enum MHD_Result
upload_begin(struct req *r)
{
	const char *cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	unsigned long long n;

	if (cl != NULL) {
		n = strtoull(cl, &end, 10);
		if (*end == '\0' && n > (unsigned long long)web.max_body) {
			r->body_too_big = 1;
			return req_error(r, MHD_HTTP_CONTENT_TOO_LARGE, MSG_WEB_TOO_LARGE);
		}
	}
	/* Nobody's body is kept before we know it can be used: a letter needs
	 * a session, and every form needs the CSRF cookie. */
	if (r->new_csrf)
		return req_error(r, MHD_HTTP_FORBIDDEN, MSG_WEB_CSRF);
	if (strcmp(r->url, "/letters/new") == 0) {
		int s = req_session(r);

		if (s < 0)
			return req_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, MSG_DB_DOWN);
		if (s == 0)
			return page_login_form(r, NULL, NULL, req_t(r, MSG_WEB_LOGIN_FIRST));
	}
	r->pp = MHD_create_post_processor(r->conn, 64 * 1024, iterate, r);
	if (r->pp == NULL)
		return req_error(r, MHD_HTTP_BAD_REQUEST, MSG_WEB_CSRF);
	return MHD_YES;
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
	if (r->pp != NULL && MHD_post_process(r->pp, data, *size) != MHD_YES) {
		/* a refused token or a malformed body: the rest is dropped and
		 * the handler answers at the end */
		MHD_destroy_post_processor(r->pp);
		r->pp = NULL;
	}
	*size = 0;
	return MHD_YES;
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
	}
	r->nfields = 0;
}
