/*
 * url.h — percent-encoding (RFC 3986 section 2.1), the one encoder of the
 * tree: SMS gateway URLs and form bodies, the web's links and download
 * file names, connection URIs.
 */
#ifndef PK_URL_H
#define PK_URL_H

#include "buf.h"

/* What is kept as it is besides ASCII letters and digits. */
#define URL_UNRESERVED	"-._~"		/* RFC 3986 2.3: any URI component */
#define URL_ATTR_CHAR	"!#$&+-.^_`|~"	/* RFC 8187 3.2.1: filename*= */

/*
 * Append `s` (NUL-terminated; NULL appends nothing) to `b` with ASCII
 * letters, digits and the characters of `keep` as they are and every other
 * byte as %XX (upper-case hex).
 */
void	url_encode(struct buf *b, const char *s, const char *keep);
/* The same for application/x-www-form-urlencoded: URL_UNRESERVED kept, a
 * space as '+'. */
void	url_encode_form(struct buf *b, const char *s);

#endif
