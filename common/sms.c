/*
 * sms.c — the text side of the SMS drivers: escaping, ${name} expansion,
 * recipient formats, HTTP status lists and a small JSON path reader.
 * No I/O here (the drivers are in sms_driver.c), so the unit tests link
 * this without libcurl.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sms.h"
#include "xmalloc.h"

void
sms_msg_clear(struct sms_msg *m)
{
	free(m->gateway_id);
	free(m->error);
	m->gateway_id = m->error = NULL;
	m->ok = m->transient = 0;
}

static const char hexdig[] = "0123456789ABCDEF";

static void
add_pct(struct buf *b, unsigned char c)
{
	char h[3] = { '%', hexdig[c >> 4], hexdig[c & 15] };

	buf_add(b, h, 3);
}

static int
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

static void
esc_url(struct buf *b, const unsigned char *s)
{
	for (; *s != '\0'; s++) {
		if (unreserved(*s))
			buf_addc(b, (char)*s);
		else
			add_pct(b, *s);
	}
}

static void
esc_form(struct buf *b, const unsigned char *s)
{
	for (; *s != '\0'; s++) {
		if (unreserved(*s))
			buf_addc(b, (char)*s);
		else if (*s == ' ')
			buf_addc(b, '+');
		else
			add_pct(b, *s);
	}
}

static void
esc_json(struct buf *b, const unsigned char *s)
{
	static const char *const named[32] = {
		['\b'] = "\\b", ['\f'] = "\\f", ['\n'] = "\\n",
		['\r'] = "\\r", ['\t'] = "\\t",
	};

	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_adds(b, "\\\"");
		else if (*s == '\\')
			buf_adds(b, "\\\\");
		else if (*s < 0x20 && named[*s] != NULL)
			buf_adds(b, named[*s]);
		else if (*s < 0x20 || *s == 0x7f)
			buf_addf(b, "\\u%04x", *s);
		else
			buf_addc(b, (char)*s);	/* UTF-8 passes as is */
	}
}

static void
esc_header(struct buf *b, const unsigned char *s)
{
	for (; *s != '\0'; s++)
		buf_addc(b, *s == '\r' || *s == '\n' ? ' ' : (char)*s);
}

static void
esc_none(struct buf *b, const unsigned char *s)
{
	buf_adds(b, (const char *)s);
}

static void (*const escapers[])(struct buf *, const unsigned char *) = {
	[SMS_ESC_NONE] = esc_none,
	[SMS_ESC_URL] = esc_url,
	[SMS_ESC_FORM] = esc_form,
	[SMS_ESC_JSON] = esc_json,
	[SMS_ESC_HEADER] = esc_header,
};

void
sms_escape(struct buf *b, const char *s, enum sms_esc esc)
{
	escapers[esc](b, (const unsigned char *)(s != NULL ? s : ""));
}

int
sms_expand(struct buf *b, const char *tmpl, enum sms_esc esc,
    const struct sms_var *vars, size_t nvars, const char **bad)
{
	const char *p = tmpl, *end;
	size_t i, len;

	while (*p != '\0') {
		if (p[0] == '$' && p[1] == '$') {
			buf_addc(b, '$');
			p += 2;
			continue;
		}
		if (p[0] != '$' || p[1] != '{') {
			len = strcspn(p, "$");
			if (len == 0)
				len = 1;
			buf_add(b, p, len);
			p += len;
			continue;
		}
		if ((end = strchr(p + 2, '}')) == NULL)
			goto fail;
		len = (size_t)(end - (p + 2));
		for (i = 0; i < nvars; i++)
			if (strlen(vars[i].name) == len &&
			    strncmp(vars[i].name, p + 2, len) == 0)
				break;
		if (i == nvars)
			goto fail;
		sms_escape(b, vars[i].value, esc);
		p = end + 1;
	}
	return 0;
fail:
	if (bad != NULL)
		*bad = p;
	return -1;
}

enum sms_esc
sms_body_esc(const char *ct)
{
	static const struct { const char *sub; enum sms_esc esc; } kinds[] = {
		{ "json", SMS_ESC_JSON },
		{ "x-www-form-urlencoded", SMS_ESC_FORM },
	};
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (ct != NULL && strcasestr(ct, kinds[i].sub) != NULL)
			return kinds[i].esc;
	return SMS_ESC_NONE;
}

int
sms_recipient(const char *e164, const char *fmt, char *out, size_t outsz)
{
	struct buf b = BUF_INIT;
	int rc = -1;

	if (e164[0] != '+')
		goto fail;
	if (strcmp(fmt, "e164") == 0)
		buf_adds(&b, e164);
	else if (strcmp(fmt, "digits") == 0)
		buf_adds(&b, e164 + 1);
	else if (strcmp(fmt, "local") == 0) {
		if (strncmp(e164, "+98", 3) == 0)
			buf_addf(&b, "0%s", e164 + 3);
		else
			buf_adds(&b, e164);
	} else
		goto fail;
	if (b.len + 1 > outsz)
		goto fail;
	memcpy(out, b.data, b.len + 1);
	rc = 0;
fail:
	buf_free(&b);
	return rc;
}

int
sms_status_in(int status, const char *list)
{
	const char *p = list;
	char *end;
	long v;
	int found = 0, n = 0;

	for (;;) {
		p += strspn(p, " \t");
		if (*p < '0' || *p > '9')
			return -1;
		v = strtol(p, &end, 10);
		if (v < 100 || v > 599)
			return -1;
		found |= v == status;
		n++;
		p = end + strspn(end, " \t");
		if (*p == '\0')
			break;
		if (*p++ != ',')
			return -1;
	}
	return n > 0 ? found : -1;
}

/* A small reader for JSON responses: enough to follow a path. */

#define JSON_MAX_DEPTH 64

static const char *
json_ws(const char *p)
{
	return p + strspn(p, " \t\r\n");
}

static void
json_add_cp(struct buf *b, unsigned long cp)
{
	char u[4];

	if (cp < 0x80) {
		buf_addc(b, (char)cp);
		return;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 2);
		return;
	}
	if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 3);
		return;
	}
	u[0] = (char)(0xf0 | (cp >> 18));
	u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	u[3] = (char)(0x80 | (cp & 0x3f));
	buf_add(b, u, 4);
}

static int
json_hex4(const char *p, unsigned long *out)
{
	unsigned long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		const char *h = strchr("0123456789abcdef", p[i] | 0x20);

		if (p[i] == '\0' || h == NULL || *h == '\0')
			return -1;
		v = v * 16 + (unsigned long)(h - "0123456789abcdef");
	}
	*out = v;
	return 0;
}

/* A string at p (which is '"'): decoded into out when not NULL.  Returns
 * the position after it, or NULL. */
static const char *
json_string(const char *p, struct buf *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	unsigned long cp, lo;
	const char *e;

	for (p++; *p != '"'; p++) {
		if (*p == '\0')
			return NULL;
		if (*p != '\\') {
			if (out != NULL)
				buf_addc(out, *p);
			continue;
		}
		p++;
		if (*p == 'u') {
			if (json_hex4(p + 1, &cp) == -1)
				return NULL;
			p += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && p[1] == '\\' && p[2] == 'u' &&
			    json_hex4(p + 3, &lo) == 0 && lo >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			if (out != NULL)
				json_add_cp(out, cp);
			continue;
		}
		if (*p == '\0' || (e = strchr(from, *p)) == NULL)
			return NULL;
		if (out != NULL)
			buf_addc(out, to[e - from]);
	}
	return p + 1;
}

/* Skip the value at p; the position after it, or NULL. */
static const char *
json_skip(const char *p, int depth)
{
	char close;

	p = json_ws(p);
	if (depth > JSON_MAX_DEPTH)
		return NULL;
	if (*p == '"')
		return json_string(p, NULL);
	if (*p != '{' && *p != '[') {
		size_t n = strcspn(p, ",}] \t\r\n");

		return n > 0 ? p + n : NULL;
	}
	close = *p == '{' ? '}' : ']';
	p = json_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			if (*p != '"' || (p = json_string(p, NULL)) == NULL)
				return NULL;
			p = json_ws(p);
			if (*p++ != ':')
				return NULL;
		}
		if ((p = json_skip(p, depth + 1)) == NULL)
			return NULL;
		p = json_ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
		p = json_ws(p);
	}
}

/* In the object or array at p, the value named by the segment seg (len). */
static const char *
json_member(const char *p, const char *seg, size_t len)
{
	struct buf key = BUF_INIT;
	const char *found = NULL;
	char *end;
	long idx;

	p = json_ws(p);
	if (*p == '[') {
		idx = strtol(seg, &end, 10);
		if (len == 0 || (size_t)(end - seg) != len || idx < 0)
			return NULL;
		p = json_ws(p + 1);
		while (idx-- > 0) {
			if ((p = json_skip(p, 0)) == NULL)
				return NULL;
			p = json_ws(p);
			if (*p++ != ',')
				return NULL;
		}
		p = json_ws(p);
		return *p == ']' ? NULL : p;
	}
	if (*p != '{')
		return NULL;
	p = json_ws(p + 1);
	while (*p == '"') {
		buf_reset(&key);
		if ((p = json_string(p, &key)) == NULL)
			break;
		p = json_ws(p);
		if (*p++ != ':')
			break;
		p = json_ws(p);
		if (key.len == len && memcmp(key.data, seg, len) == 0) {
			found = p;
			break;
		}
		if ((p = json_skip(p, 0)) == NULL)
			break;
		p = json_ws(p);
		if (*p != ',')
			break;
		p = json_ws(p + 1);
	}
	buf_free(&key);
	return found;
}

int
sms_json_get(const char *json, const char *path, struct buf *out)
{
	const char *p = json, *seg = path, *end;
	size_t len;

	while (*seg != '\0') {
		len = strcspn(seg, ".");
		if ((p = json_member(p, seg, len)) == NULL)
			return -1;
		seg += len + (seg[len] == '.');
	}
	p = json_ws(p);
	if (*p == '"')
		return json_string(p, out) == NULL ? -1 : 0;
	if ((end = json_skip(p, 0)) == NULL)
		return -1;
	buf_add(out, p, (size_t)(end - p));
	return 0;
}
