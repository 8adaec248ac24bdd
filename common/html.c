/*
 * html.c — HTML escaping and a tiny page-building helper (see html.h).
 */
#include <string.h>

#include "buf.h"
#include "html.h"

void
html_escn(struct buf *b, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\0': rep = "\xef\xbf\xbd"; break;
		default: continue;
		}
		buf_add(b, s + run, i - run);
		buf_adds(b, rep);
		run = i + 1;
	}
	buf_add(b, s + run, n - run);
}

void
html_esc(struct buf *b, const char *s)
{
	if (s == NULL) {
		buf_add(b, "", 0);
		return;
	}
	html_escn(b, s, strlen(s));
}

char *
html_escape(const char *s)
{
	struct buf b = BUF_INIT;

	html_esc(&b, s);
	return buf_detach(&b);
}
