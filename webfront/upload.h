/*
 * upload.h — a form's body (upload.c): url-encoded or multipart, read
 * through MHD_PostProcessor into the request's fields; files spooled to
 * web.spool_dir, never held in memory.  Every form alike: a file part is
 * spooled only after the form's CSRF token was found good.
 */
#ifndef PK_UPLOAD_H
#define PK_UPLOAD_H

#include <stddef.h>

#include "req.h"

/* 1 when the declared Content-Length is over web.max_body (413). */
int		 upload_too_big(struct req *);
/* Start reading: 0, or -1 when it is not a form body (400). */
int		 upload_begin(struct req *);
enum MHD_Result	 upload_feed(struct req *, const char *data, size_t *size);
/* The body is in: 0 if it was whole and well formed, -1 if not (400),
 * -2 if a file could not be spooled (503). */
int		 upload_end(struct req *);
void		 upload_free(struct req *);

#endif
