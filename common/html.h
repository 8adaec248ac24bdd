/*
 * html.h — HTML escaping and a tiny page-building helper.
 *
 * Every value that reaches a page goes through html_esc (& < > " ' are
 * all escaped, so the result is safe in text and in quoted attributes).
 */
#ifndef PK_HTML_H
#define PK_HTML_H

#include <stddef.h>

#include "buf.h"

/* Append `s` (NUL-terminated; NULL appends nothing) escaped. */
void	html_esc(struct buf *, const char *s);
/* Append the first `n` bytes of `s` escaped. */
void	html_escn(struct buf *, const char *s, size_t n);
/* A newly allocated escaped copy, owned by the caller. */
char	*html_escape(const char *s);

#endif
