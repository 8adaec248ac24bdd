/*
 * url.c — percent-encoding (see url.h).
 */
#include <string.h>

#include "buf.h"
#include "url.h"

static void
encode(struct buf *b, const char *s, const char *keep, int space_plus)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *c;

	if (s == NULL)
		return;
	for (c = (const unsigned char *)s; *c != '\0'; c++) {
		if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		    (*c >= '0' && *c <= '9') || strchr(keep, *c) != NULL)
			buf_addc(b, (char)*c);
		else if (*c == ' ' && space_plus)
			buf_addc(b, '+');
		else {
			char pct[3] = { '%', hex[*c >> 4], hex[*c & 15] };

			buf_add(b, pct, 3);
		}
	}
}

void
url_encode(struct buf *b, const char *s, const char *keep)
{
	encode(b, s, keep, 0);
}

void
url_encode_form(struct buf *b, const char *s)
{
	encode(b, s, URL_UNRESERVED, 1);
}
