/*
 * sms.c — the text side of the SMS drivers: escaping, ${name} expansion,
 * recipient formats, HTTP status lists and a JSON path on jansson.
 * No I/O here (the drivers are in sms_driver.c), so the unit tests link
 * this without libcurl.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sms.h"
#include "url.h"
#include "xmalloc.h"

void
sms_msg_clear(struct sms_msg *m)
{
	free(m->gateway_id);
	free(m->error);
	m->gateway_id = m->error = NULL;
	m->ok = m->transient = m->deferred = 0;
	m->pause_ms = 0;
}

static void
esc_url(struct buf *b, const unsigned char *s)
{
	url_encode(b, (const char *)s, URL_UNRESERVED);
}

static void
esc_form(struct buf *b, const unsigned char *s)
{
	url_encode_form(b, (const char *)s);
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

int
sms_value_in(const char *value, const char *list)
{
	const char *p = list, *end;
	size_t len, vlen = strlen(value);

	while (*p != '\0') {
		p += strspn(p, " \t");
		len = strcspn(p, ",");
		end = p + len;
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == vlen && len > 0 && strncmp(p, value, len) == 0)
			return 1;
		p = *end == ',' ? end + 1 : end;
	}
	return 0;
}

void
sms_receipt_clear(struct sms_receipt *r)
{
	free(r->note);
	r->note = NULL;
	r->state = SMS_DLV_WAITING;
	r->error = 0;
}

/* In the array or object v, the value named by the path segment seg (len
 * bytes): an index of decimal digits in an array, a key in an object. */
static json_t *
json_member(json_t *v, const char *seg, size_t len)
{
	size_t i, idx = 0;

	if (json_is_object(v))
		return json_object_getn(v, seg, len);
	if (!json_is_array(v) || len == 0)
		return NULL;
	for (i = 0; i < len; i++) {
		if (seg[i] < '0' || seg[i] > '9' || idx > json_array_size(v))
			return NULL;
		idx = idx * 10 + (size_t)(seg[i] - '0');
	}
	return json_array_get(v, idx);
}

int
sms_json_get(const char *json, const char *path, struct buf *out)
{
	json_error_t jerr;
	json_t *root, *v;
	const char *seg;
	char *text;
	size_t len;
	int rc = -1;

	/* Jansson refuses \u0000 (without JSON_ALLOW_NUL), lone surrogates,
	 * invalid UTF-8 and anything after the value. */
	if ((root = json_loads(json, 0, &jerr)) == NULL)
		return -1;
	for (v = root, seg = path; v != NULL && *seg != '\0';
	    seg += len + (seg[len] == '.')) {
		len = strcspn(seg, ".");
		v = json_member(v, seg, len);
	}
	if (v == NULL)
		goto fail;
	if (json_is_string(v))
		buf_add(out, json_string_value(v), json_string_length(v));
	else {
		if ((text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT)) == NULL)
			goto fail;
		buf_adds(out, text);
		free(text);
	}
	rc = 0;
fail:
	json_decref(root);
	return rc;
}
