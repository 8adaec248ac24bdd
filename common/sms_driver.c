/*
 * sms_driver.c — the SMS drivers: `file` (append a readable record) and
 * `http` (libcurl, one request per message, a batch at once on one multi
 * handle so connections are reused).  See sms.h.
 */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cfg.h"
#include "sms.h"
#include "u8.h"
#include "xmalloc.h"

#define SMS_RESPONSE_MAX	(64 * 1024)
#define SMS_SNIPPET		160

enum sms_kind { SMS_FILE, SMS_HTTP };

struct sms_driver {
	enum sms_kind	 kind;
	int		 check_only;	/* sms_driver_check: no secret, no libcurl */
	char		*file;
	/* http */
	char		*url, *method, *body, *ctype, *sender, *secret;
	char		*ok_http, *transient_http, *ok_json_path, *ok_json_value;
	char		*id_json, *recipient_format;
	char		**headers;	/* templates, NULL-terminated */
	/* delivery receipts: status_url empty when none are asked for */
	char		*status_url, *status_json, *status_delivered, *status_failed;
	regex_t		 ok_re;
	int		 has_re;
	enum sms_esc	 body_esc;
	long		 connect_timeout, timeout;
	size_t		 concurrency;	/* requests in flight at once */
	CURLM		*multi;
	char		*describe;
};

static const char *const var_names[] = {
	"to", "text", "sender", "secret", "id", "event"
};
#define NVARS (sizeof var_names / sizeof var_names[0])

/* The status API's placeholders. */
static const char *const status_var_names[] = {
	"gateway_id", "id", "secret", "sender"
};
#define NSVARS (sizeof status_var_names / sizeof status_var_names[0])

static void
set_vars(struct sms_var *v, const char *to, const char *text,
    const char *sender, const char *secret, const char *id, const char *event)
{
	const char *vals[NVARS] = { to, text, sender, secret, id, event };
	size_t i;

	for (i = 0; i < NVARS; i++) {
		v[i].name = var_names[i];
		v[i].value = vals[i];
	}
}

/* Replace every occurrence of the secret in s with "***". */
static char *
redact(const char *s, const char *secret)
{
	struct buf b = BUF_INIT;
	const char *p;
	size_t n;

	if (secret == NULL || *secret == '\0')
		return xstrdup(s);
	n = strlen(secret);
	while ((p = strstr(s, secret)) != NULL) {
		buf_add(&b, s, (size_t)(p - s));
		buf_adds(&b, "***");
		s = p + n;
	}
	buf_adds(&b, s);
	return buf_detach(&b);
}

static char *
read_secret(const char *path, char **err)
{
	char line[4096];
	FILE *fp;
	size_t n;

	if ((fp = fopen(path, "r")) == NULL) {
		*err = xasprintf("sms.secret_file: cannot read '%s': %s", path,
		    strerror(errno));
		return NULL;
	}
	if (fgets(line, sizeof line, fp) == NULL)
		line[0] = '\0';
	fclose(fp);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	if (n == 0) {
		*err = xasprintf("sms.secret_file: '%s' is empty", path);
		return NULL;
	}
	return xstrdup(line);
}

/* Check that a template expands with our placeholders only. */
static int
check_tmpl(const char *key, const char *tmpl, char **err)
{
	struct sms_var v[NVARS];
	struct buf b = BUF_INIT;
	const char *bad = NULL;
	int rc;

	set_vars(v, "", "", "", "", "", "");
	rc = sms_expand(&b, tmpl, SMS_ESC_NONE, v, NVARS, &bad);
	buf_free(&b);
	if (rc == -1)
		*err = xasprintf("sms.%s: unknown or unclosed placeholder at '%.*s' "
		    "(known: ${to} ${text} ${sender} ${secret} ${id} ${event})",
		    key, (int)strcspn(bad, "}") + 1, bad);
	return rc;
}

static int
load_secret(struct sms_driver *d, const struct cfg *cfg, char **err)
{
	const char *env = cfg_str(cfg, CFG_SMS_SECRET_ENV);
	const char *file = cfg_str(cfg, CFG_SMS_SECRET_FILE);
	const char *v;

	if (*env != '\0' && *file != '\0') {
		*err = xstrdup("sms: set secret_env or secret_file, not both");
		return -1;
	}
	if (*env != '\0') {
		if ((v = getenv(env)) == NULL || *v == '\0') {
			*err = xasprintf("sms.secret_env: the environment variable '%s' "
			    "is not set", env);
			return -1;
		}
		d->secret = xstrdup(v);
	} else if (*file != '\0') {
		if ((d->secret = read_secret(file, err)) == NULL)
			return -1;
	}
	return 0;
}

/* The delivery receipts' settings: all or none. */
static int
status_new(struct sms_driver *d, const struct cfg *cfg, char **err)
{
	const char *url = cfg_str(cfg, CFG_SMS_STATUS_URL);
	struct sms_var v[NSVARS];
	struct buf b = BUF_INIT;
	const char *bad = NULL;
	size_t i;
	int rc;

	if (*url == '\0')
		return 0;
	if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0) {
		*err = xstrdup("sms.status_url: an http:// or https:// URL, or empty");
		return -1;
	}
	for (i = 0; i < NSVARS; i++) {
		v[i].name = status_var_names[i];
		v[i].value = "";
	}
	rc = sms_expand(&b, url, SMS_ESC_NONE, v, NSVARS, &bad);
	buf_free(&b);
	if (rc == -1) {
		*err = xasprintf("sms.status_url: unknown or unclosed placeholder at "
		    "'%.*s' (known: ${gateway_id} ${id} ${secret} ${sender})",
		    (int)strcspn(bad, "}") + 1, bad);
		return -1;
	}
	if (*d->id_json == '\0') {
		*err = xstrdup("sms.status_url: needs sms.id_json, where the provider "
		    "names its id for each message it accepts");
		return -1;
	}
	if (*cfg_str(cfg, CFG_SMS_STATUS_JSON) == '\0' ||
	    *cfg_str(cfg, CFG_SMS_STATUS_DELIVERED) == '\0') {
		*err = xstrdup("sms.status_url: needs sms.status_json and "
		    "sms.status_delivered, to read the provider's answer");
		return -1;
	}
	d->status_url = xstrdup(url);
	d->status_json = xstrdup(cfg_str(cfg, CFG_SMS_STATUS_JSON));
	d->status_delivered = xstrdup(cfg_str(cfg, CFG_SMS_STATUS_DELIVERED));
	d->status_failed = xstrdup(cfg_str(cfg, CFG_SMS_STATUS_FAILED));
	return 0;
}

static int
http_new(struct sms_driver *d, const struct cfg *cfg, char **err)
{
	const char *url = cfg_str(cfg, CFG_SMS_URL), *okj = cfg_str(cfg, CFG_SMS_OK_JSON);
	const char *re = cfg_str(cfg, CFG_SMS_OK_REGEX), *h = cfg_str(cfg, CFG_SMS_HEADERS);
	const char *eq;
	size_t n = 0, len;
	struct buf b = BUF_INIT;
	char *red;
	int rc;

	/* A round of requests, sent after a renewal of the claim, ends within
	 * the lease that renewal began. */
	if (cfg_int(cfg, CFG_SMS_LEASE) < 2 * cfg_int(cfg, CFG_SMS_TIMEOUT)) {
		*err = xasprintf("sms.lease: %lld s is less than twice sms.timeout "
		    "(%lld s); a request could outlive the worker's claim",
		    cfg_int(cfg, CFG_SMS_LEASE), cfg_int(cfg, CFG_SMS_TIMEOUT));
		return -1;
	}
	if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0) {
		*err = xstrdup("sms.url: the http driver needs an http:// or https:// URL");
		return -1;
	}
	d->url = xstrdup(url);
	d->method = xstrdup(cfg_str(cfg, CFG_SMS_METHOD));
	d->body = xstrdup(cfg_str(cfg, CFG_SMS_BODY));
	d->ctype = xstrdup(cfg_str(cfg, CFG_SMS_CONTENT_TYPE));
	d->body_esc = sms_body_esc(d->ctype);
	d->sender = xstrdup(cfg_str(cfg, CFG_SMS_SENDER));
	d->recipient_format = xstrdup(cfg_str(cfg, CFG_SMS_RECIPIENT_FORMAT));
	d->ok_http = xstrdup(cfg_str(cfg, CFG_SMS_OK_HTTP));
	d->transient_http = xstrdup(cfg_str(cfg, CFG_SMS_TRANSIENT_HTTP));
	d->id_json = xstrdup(cfg_str(cfg, CFG_SMS_ID_JSON));
	d->connect_timeout = (long)cfg_int(cfg, CFG_SMS_CONNECT_TIMEOUT);
	d->timeout = (long)cfg_int(cfg, CFG_SMS_TIMEOUT);
	if (sms_status_in(200, d->ok_http) == -1) {
		*err = xasprintf("sms.ok_http: '%s' is not a list of HTTP statuses "
		    "(like 200 or 200,201)", d->ok_http);
		return -1;
	}
	if (*d->transient_http != '\0' && sms_status_in(500, d->transient_http) == -1) {
		*err = xasprintf("sms.transient_http: '%s' is not a list of HTTP statuses",
		    d->transient_http);
		return -1;
	}
	if (*okj != '\0') {
		if ((eq = strchr(okj, '=')) == NULL || eq == okj) {
			*err = xasprintf("sms.ok_json: '%s' is not PATH=VALUE "
			    "(like return.status=200)", okj);
			return -1;
		}
		d->ok_json_path = xstrndup(okj, (size_t)(eq - okj));
		d->ok_json_value = xstrdup(eq + 1);
	}
	if (*re != '\0') {
		if ((rc = regcomp(&d->ok_re, re, REG_EXTENDED | REG_NOSUB)) != 0) {
			char msg[200];

			regerror(rc, &d->ok_re, msg, sizeof msg);
			*err = xasprintf("sms.ok_regex: %s", msg);
			return -1;
		}
		d->has_re = 1;
	}
	d->headers = xcalloc(strlen(h) + 2, sizeof *d->headers);
	while (*(h += strspn(h, " \t")) != '\0') {
		len = strcspn(h, "|");
		while (len > 0 && (h[len - 1] == ' ' || h[len - 1] == '\t'))
			len--;
		if (len > 0) {
			d->headers[n] = xstrndup(h, len);
			if (strchr(d->headers[n], ':') == NULL) {
				*err = xasprintf("sms.headers: '%s' is not NAME: VALUE",
				    d->headers[n]);
				return -1;
			}
			if (check_tmpl("headers", d->headers[n++], err) == -1)
				return -1;
		}
		h += strcspn(h, "|");
		h += *h == '|';
	}
	if (check_tmpl("url", d->url, err) == -1 || check_tmpl("body", d->body, err) == -1)
		return -1;
	if (status_new(d, cfg, err) == -1)
		return -1;
	if (d->check_only) {
		/* the secret is the service's, not whoever checks the file */
		if (*cfg_str(cfg, CFG_SMS_SECRET_ENV) != '\0' &&
		    *cfg_str(cfg, CFG_SMS_SECRET_FILE) != '\0') {
			*err = xstrdup("sms: set secret_env or secret_file, not both");
			return -1;
		}
		if (*cfg_str(cfg, CFG_SMS_SECRET_ENV) != '\0' ||
		    *cfg_str(cfg, CFG_SMS_SECRET_FILE) != '\0')
			d->secret = xstrdup("");
	} else if (load_secret(d, cfg, err) == -1)
		return -1;
	if (d->secret == NULL && (strstr(d->url, "${secret}") != NULL ||
	    strstr(d->body, "${secret}") != NULL ||
	    strstr(cfg_str(cfg, CFG_SMS_HEADERS), "${secret}") != NULL ||
	    (d->status_url != NULL && strstr(d->status_url, "${secret}") != NULL))) {
		*err = xstrdup("sms: ${secret} is used but neither secret_env nor "
		    "secret_file is set");
		return -1;
	}
	if (d->check_only)
		return 0;
	if ((d->multi = curl_multi_init()) == NULL) {
		*err = xstrdup("sms: cannot start libcurl");
		return -1;
	}
	/* A batch may hold more messages than this; http_send queues the rest. */
	d->concurrency = (size_t)cfg_int(cfg, CFG_SMS_CONCURRENCY);
	red = redact(d->url, d->secret);
	buf_addf(&b, "http %s %s", d->method, red);
	free(red);
	d->describe = buf_detach(&b);
	return 0;
}

struct sms_driver *
sms_driver_new(const struct cfg *cfg, char **err)
{
	struct sms_driver *d = xcalloc(1, sizeof *d);
	const char *drv = cfg_str(cfg, CFG_SMS_DRIVER);
	int fd;

	*err = NULL;
	if (strcmp(drv, "file") == 0) {
		d->kind = SMS_FILE;
		d->file = xstrdup(cfg_str(cfg, CFG_SMS_FILE));
		if (*d->file == '\0') {
			*err = xstrdup("sms.file: the file driver needs a file");
			goto fail;
		}
		if ((fd = open(d->file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640)) == -1) {
			*err = xasprintf("sms.file: cannot write to '%s': %s", d->file,
			    strerror(errno));
			goto fail;
		}
		close(fd);
		d->describe = xasprintf("file %s", d->file);
		return d;
	}
	d->kind = SMS_HTTP;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		*err = xstrdup("sms: cannot start libcurl");
		goto fail;
	}
	if (http_new(d, cfg, err) == -1)
		goto fail;
	return d;
fail:
	sms_driver_free(d);
	return NULL;
}

int
sms_driver_check(const struct cfg *cfg, char **err)
{
	struct sms_driver *d;
	int rc;

	*err = NULL;
	if (strcmp(cfg_str(cfg, CFG_SMS_DRIVER), "file") == 0) {
		/* whether the worker may write there only the worker can tell */
		if (*cfg_str(cfg, CFG_SMS_FILE) == '\0') {
			*err = xstrdup("sms.file: the file driver needs a file");
			return -1;
		}
		return 0;
	}
	d = xcalloc(1, sizeof *d);
	d->kind = SMS_HTTP;
	d->check_only = 1;
	rc = http_new(d, cfg, err) == -1 ? -1 : 0;
	sms_driver_free(d);
	return rc;
}

void
sms_driver_free(struct sms_driver *d)
{
	size_t i;

	if (d == NULL)
		return;
	if (d->multi != NULL)
		curl_multi_cleanup(d->multi);
	if (d->has_re)
		regfree(&d->ok_re);
	for (i = 0; d->headers != NULL && d->headers[i] != NULL; i++)
		free(d->headers[i]);
	free(d->headers);
	free(d->file);
	free(d->url);
	free(d->method);
	free(d->body);
	free(d->ctype);
	free(d->sender);
	if (d->secret != NULL)
		explicit_bzero(d->secret, strlen(d->secret));
	free(d->secret);
	free(d->ok_http);
	free(d->transient_http);
	free(d->ok_json_path);
	free(d->ok_json_value);
	free(d->id_json);
	free(d->recipient_format);
	free(d->status_url);
	free(d->status_json);
	free(d->status_delivered);
	free(d->status_failed);
	free(d->describe);
	free(d);
}

const char *
sms_driver_describe(const struct sms_driver *d)
{
	return d->describe;
}

int
sms_driver_receipts(const struct sms_driver *d)
{
	return d->kind == SMS_HTTP && d->status_url != NULL;
}

/* The file driver: one record per message, written with one write(2) on
 * an O_APPEND descriptor so workers never interleave. */
static void
file_send(struct sms_driver *d, struct sms_msg *msgs, size_t n)
{
	struct buf b = BUF_INIT;
	char when[40];
	struct tm tm;
	time_t now;
	size_t i;
	ssize_t w;
	int fd;

	fd = open(d->file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	for (i = 0; i < n; i++) {
		struct sms_msg *m = &msgs[i];

		sms_msg_clear(m);
		if (fd == -1) {
			m->transient = 1;
			m->error = xasprintf("cannot open '%s': %s", d->file, strerror(errno));
			continue;
		}
		now = time(NULL);
		gmtime_r(&now, &tm);
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
		buf_reset(&b);
		buf_addf(&b, "--- %s  to %s  %s  #%lld\n%s\n", when, m->to, m->event,
		    m->id, m->text);
		w = write(fd, b.data, b.len);
		if (w == (ssize_t)b.len) {
			m->ok = 1;
			m->gateway_id = xasprintf("file:%lld", m->id);
		} else {
			m->transient = 1;
			m->error = xasprintf("cannot write to '%s': %s", d->file,
			    w == -1 ? strerror(errno) : "short write");
		}
	}
	if (fd != -1)
		close(fd);
	buf_free(&b);
}

/* One request: a message to send (m), or a receipt to ask for (r). */
struct xfer {
	CURL			*e;
	struct curl_slist	*hdrs;
	struct buf		 resp;
	struct sms_msg		*m;
	struct sms_receipt	*r;
	char			 errbuf[CURL_ERROR_SIZE];
};

static size_t
on_data(char *p, size_t sz, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = sz * n;

	if (x->resp.len < SMS_RESPONSE_MAX)
		buf_add(&x->resp, p, len < SMS_RESPONSE_MAX - x->resp.len ?
		    len : SMS_RESPONSE_MAX - x->resp.len);
	return len;
}

static void	xfer_easy(struct sms_driver *, struct xfer *, const char *);

static int
xfer_start(struct sms_driver *d, struct xfer *x)
{
	struct sms_var v[NVARS];
	struct buf url = BUF_INIT, body = BUF_INIT, h = BUF_INIT;
	char to[32], id[24];
	size_t i;

	if (sms_recipient(x->m->to, d->recipient_format, to, sizeof to) == -1) {
		x->m->error = xasprintf("cannot write '%s' as %s", x->m->to,
		    d->recipient_format);
		return -1;
	}
	snprintf(id, sizeof id, "%lld", x->m->id);
	set_vars(v, to, x->m->text, d->sender, d->secret != NULL ? d->secret : "",
	    id, x->m->event);
	/* The templates were checked when the driver was made. */
	(void)sms_expand(&url, d->url, SMS_ESC_URL, v, NVARS, NULL);
	(void)sms_expand(&body, d->body, d->body_esc, v, NVARS, NULL);
	for (i = 0; d->headers[i] != NULL; i++) {
		buf_reset(&h);
		(void)sms_expand(&h, d->headers[i], SMS_ESC_HEADER, v, NVARS, NULL);
		x->hdrs = curl_slist_append(x->hdrs, h.data);
	}
	if (*d->body != '\0') {
		buf_reset(&h);
		buf_addf(&h, "Content-Type: %s", d->ctype);
		x->hdrs = curl_slist_append(x->hdrs, h.data);
	}
	x->hdrs = curl_slist_append(x->hdrs, "Expect:");
	xfer_easy(d, x, url.data);
	if (*d->body != '\0' || strcmp(d->method, "GET") != 0) {
		curl_easy_setopt(x->e, CURLOPT_POSTFIELDSIZE, (long)body.len);
		curl_easy_setopt(x->e, CURLOPT_COPYPOSTFIELDS, buf_str(&body));
	}
	if (strcmp(d->method, "POST") != 0)
		curl_easy_setopt(x->e, CURLOPT_CUSTOMREQUEST, d->method);
	if (strcmp(d->method, "GET") == 0 && *d->body == '\0')
		curl_easy_setopt(x->e, CURLOPT_HTTPGET, 1L);
	buf_free(&url);
	buf_free(&body);
	buf_free(&h);
	curl_multi_add_handle(d->multi, x->e);
	return 0;
}

/* A status request: GET status_url, with sms.headers. */
static int
status_start(struct sms_driver *d, struct xfer *x)
{
	struct sms_var sv[NSVARS], v[NVARS];
	struct buf url = BUF_INIT, h = BUF_INIT;
	const char *secret = d->secret != NULL ? d->secret : "";
	char id[24];
	size_t i;

	snprintf(id, sizeof id, "%lld", x->r->id);
	for (i = 0; i < NSVARS; i++)
		sv[i].name = status_var_names[i];
	sv[0].value = x->r->gateway_id;
	sv[1].value = id;
	sv[2].value = secret;
	sv[3].value = d->sender;
	(void)sms_expand(&url, d->status_url, SMS_ESC_URL, sv, NSVARS, NULL);
	set_vars(v, "", "", d->sender, secret, id, "");
	for (i = 0; d->headers[i] != NULL; i++) {
		buf_reset(&h);
		(void)sms_expand(&h, d->headers[i], SMS_ESC_HEADER, v, NVARS, NULL);
		x->hdrs = curl_slist_append(x->hdrs, h.data);
	}
	xfer_easy(d, x, url.data);
	curl_easy_setopt(x->e, CURLOPT_HTTPGET, 1L);
	buf_free(&url);
	buf_free(&h);
	curl_multi_add_handle(d->multi, x->e);
	return 0;
}

/* The easy handle for x, to url, with what every request shares. */
static void
xfer_easy(struct sms_driver *d, struct xfer *x, const char *url)
{
	x->e = curl_easy_init();
	curl_easy_setopt(x->e, CURLOPT_URL, url);
	curl_easy_setopt(x->e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(x->e, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(x->e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->e, CURLOPT_CONNECTTIMEOUT, d->connect_timeout);
	curl_easy_setopt(x->e, CURLOPT_TIMEOUT, d->timeout);
	curl_easy_setopt(x->e, CURLOPT_USERAGENT, "pishkhan-sms/1");
	curl_easy_setopt(x->e, CURLOPT_HTTPHEADER, x->hdrs);
	curl_easy_setopt(x->e, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(x->e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(x->e, CURLOPT_PRIVATE, x);
}

/* The start of a response, on one line, cut on a character boundary. */
static void
snippet(struct buf *b, const char *s)
{
	size_t n = u8_valid(s, strlen(s)) ? u8_fit(s, SMS_SNIPPET, NULL) : 0, i;

	for (i = 0; i < n; i++)
		buf_addc(b, s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i]);
	if (n < strlen(s))
		buf_adds(b, "…");
}

void
sms_reply(const struct sms_driver *d, long status, const char *resp, struct sms_msg *m)
{
	struct buf e = BUF_INIT, got = BUF_INIT;

	if (sms_status_in((int)status, d->ok_http) != 1) {
		m->transient = status >= 500 || status == 429 || status == 408 ||
		    (*d->transient_http != '\0' &&
		    sms_status_in((int)status, d->transient_http) == 1);
		buf_addf(&e, "HTTP %ld: ", status);
		snippet(&e, resp);
		goto out;
	}
	if (d->ok_json_path != NULL &&
	    (sms_json_get(resp, d->ok_json_path, &got) == -1 ||
	    strcmp(buf_str(&got), d->ok_json_value) != 0)) {
		buf_addf(&e, "HTTP %ld but %s is not %s: ", status, d->ok_json_path,
		    d->ok_json_value);
		snippet(&e, resp);
		goto out;
	}
	if (d->has_re && regexec(&d->ok_re, resp, 0, NULL, 0) != 0) {
		buf_addf(&e, "HTTP %ld but the response does not match ok_regex: ", status);
		snippet(&e, resp);
		goto out;
	}
	m->ok = 1;
	buf_reset(&got);
	/* at most 100 bytes, cut on a character boundary */
	if (*d->id_json != '\0' && sms_json_get(resp, d->id_json, &got) == 0)
		m->gateway_id = xstrndup(buf_str(&got), u8_cut(buf_str(&got), got.len, 100));
out:
	if (!m->ok)
		m->error = redact(buf_str(&e), d->secret);
	buf_free(&e);
	buf_free(&got);
}

void
sms_status_reply(const struct sms_driver *d, long status, const char *resp,
    struct sms_receipt *r)
{
	struct buf e = BUF_INIT, got = BUF_INIT;

	sms_receipt_clear(r);
	if (sms_status_in((int)status, d->ok_http) != 1) {
		r->error = 1;
		buf_addf(&e, "HTTP %ld: ", status);
		snippet(&e, resp);
	} else if (sms_json_get(resp, d->status_json, &got) == -1) {
		r->error = 1;
		buf_addf(&e, "HTTP %ld but no %s in the reply: ", status, d->status_json);
		snippet(&e, resp);
	} else {
		if (sms_value_in(buf_str(&got), d->status_delivered))
			r->state = SMS_DLV_DELIVERED;
		else if (sms_value_in(buf_str(&got), d->status_failed))
			r->state = SMS_DLV_UNDELIVERED;
		buf_adds(&e, d->status_json);
		buf_adds(&e, " = ");
		snippet(&e, buf_str(&got));
	}
	r->note = redact(buf_str(&e), d->secret);
	buf_free(&e);
	buf_free(&got);
}

static void
xfer_done(struct sms_driver *d, struct xfer *x, CURLcode rc)
{
	struct sms_msg *m = x->m;
	struct buf e = BUF_INIT;
	curl_off_t ra = 0;
	long status = 0;

	if (x->r != NULL) {
		if (rc != CURLE_OK) {
			sms_receipt_clear(x->r);
			x->r->error = 1;
			buf_addf(&e, "%s%s%s", curl_easy_strerror(rc),
			    x->errbuf[0] != '\0' ? ": " : "", x->errbuf);
			x->r->note = redact(buf_str(&e), d->secret);
			buf_free(&e);
			return;
		}
		curl_easy_getinfo(x->e, CURLINFO_RESPONSE_CODE, &status);
		sms_status_reply(d, status, buf_str(&x->resp), x->r);
		return;
	}
	if (rc != CURLE_OK) {
		m->transient = 1;
		buf_addf(&e, "%s%s%s", curl_easy_strerror(rc),
		    x->errbuf[0] != '\0' ? ": " : "", x->errbuf);
		m->error = redact(buf_str(&e), d->secret);
		buf_free(&e);
		return;
	}
	curl_easy_getinfo(x->e, CURLINFO_RESPONSE_CODE, &status);
	sms_reply(d, status, buf_str(&x->resp), m);
	/* "Not now": the gateway's limit, not a failed attempt.  libcurl reads
	 * Retry-After as seconds or as an HTTP date (0: none, or passed). */
	if (!m->ok && (status == 429 || status == 503) &&
	    curl_easy_getinfo(x->e, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK &&
	    (ra > 0 || status == 429)) {
		m->deferred = 1;
		m->pause_ms = ra > 0 ? (long long)ra * 1000 : 1000;
	}
}

/* Run the n requests, `concurrency` at a time: start the next as one ends. */
static void
run_xfers(struct sms_driver *d, struct xfer *xs, size_t n)
{
	struct xfer *x;
	CURLMsg *cm;
	size_t next = 0, active = 0;
	int running = 0, left;

	for (;;) {
		while (active < d->concurrency && next < n) {
			x = &xs[next++];
			if ((x->r != NULL ? status_start(d, x) : xfer_start(d, x)) == 0)
				active++;
		}
		if (active == 0)
			break;
		if (curl_multi_perform(d->multi, &running) != CURLM_OK)
			break;
		while ((cm = curl_multi_info_read(d->multi, &left)) != NULL) {
			if (cm->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(cm->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			xfer_done(d, x, cm->data.result);
			curl_multi_remove_handle(d->multi, x->e);
			curl_easy_cleanup(x->e);
			x->e = NULL;
			active--;
		}
		if (running > 0 && active > 0)
			(void)curl_multi_poll(d->multi, NULL, 0, 1000, NULL);
	}
}

/* Release the requests' handles. */
static void
xfers_end(struct sms_driver *d, struct xfer *x)
{
	if (x->e != NULL) {
		curl_multi_remove_handle(d->multi, x->e);
		curl_easy_cleanup(x->e);
		x->e = NULL;
	}
	curl_slist_free_all(x->hdrs);
	x->hdrs = NULL;
	buf_free(&x->resp);
}

static void
http_send(struct sms_driver *d, struct sms_msg *msgs, size_t n)
{
	struct xfer *xs = xcalloc(n, sizeof *xs);
	struct xfer *x;
	size_t i;

	for (i = 0; i < n; i++) {
		sms_msg_clear(&msgs[i]);
		xs[i].m = &msgs[i];
	}
	run_xfers(d, xs, n);
	for (i = 0; i < n; i++) {
		x = &xs[i];
		xfers_end(d, x);
		if (!x->m->ok && x->m->error == NULL) {
			x->m->transient = 1;
			x->m->error = xstrdup("the transfer did not finish");
		}
	}
	free(xs);
}

void
sms_receipts_check(struct sms_driver *d, struct sms_receipt *rs, size_t n)
{
	struct xfer *xs;
	size_t i;

	if (n == 0 || !sms_driver_receipts(d))
		return;
	xs = xcalloc(n, sizeof *xs);
	for (i = 0; i < n; i++) {
		sms_receipt_clear(&rs[i]);
		xs[i].r = &rs[i];
	}
	run_xfers(d, xs, n);
	for (i = 0; i < n; i++) {
		xfers_end(d, &xs[i]);
		if (rs[i].note == NULL) {
			rs[i].error = 1;
			rs[i].note = xstrdup("the transfer did not finish");
		}
	}
	free(xs);
}

void
sms_send(struct sms_driver *d, struct sms_msg *msgs, size_t n)
{
	if (n == 0)
		return;
	if (d->kind == SMS_FILE)
		file_send(d, msgs, n);
	else
		http_send(d, msgs, n);
}
