/*
 * sms.h — the SMS drivers: how a message leaves the outbox.
 *
 * The outbox itself is in the database (sql/003, sql/006); the worker
 * (console/ctl/ctl_sms.c) claims rows and hands them here.  Two drivers:
 *
 *   file  appends one readable record per message to sms.file (the demo's);
 *   http  one HTTP request per message on libcurl, several at once, built
 *         from sms.url, sms.method, sms.headers, sms.content_type and
 *         sms.body, whose ${name} placeholders are escaped for where they
 *         stand: percent-encoding in the URL, form encoding in a form body,
 *         JSON string escaping in a JSON body.
 *
 * Placeholders: ${to} ${text} ${sender} ${secret} ${id} ${event}.  The secret
 * comes from sms.secret_env or sms.secret_file and never appears in what
 * this module reports (URLs and errors are redacted).  TLS certificates are
 * always verified.
 *
 * The http driver may also ask the provider's status API (sms.status_url,
 * with ${gateway_id} ${id} ${secret} ${sender}) whether a message it sent
 * reached the phone: sms_receipts_check(), on the same libcurl multi handle.
 */
#ifndef PK_SMS_H
#define PK_SMS_H

#include <stddef.h>

#include "buf.h"
#include "cfg.h"

/* One message to send, and what became of it. */
struct sms_msg {
	long long	 id;
	const char	*event;		/* borrowed */
	const char	*to;		/* borrowed; E.164 */
	const char	*text;		/* borrowed */
	/* Set by sms_send(); freed by sms_msg_clear(). */
	int		 ok;		/* the gateway accepted it */
	int		 transient;	/* not accepted, and trying again may help */
	char		*gateway_id;	/* the gateway's id for it, or NULL */
	char		*error;		/* why not, one line; NULL when ok */
	/* The gateway refused it for now and said how long to wait: HTTP
	 * 429, or 503 with Retry-After.  Not an attempt: the worker pauses
	 * the provider for pause_ms and puts the message back. */
	int		 deferred;
	long long	 pause_ms;
};
void	 sms_msg_clear(struct sms_msg *);

/* Where a placeholder's value stands. */
enum sms_esc {
	SMS_ESC_NONE,		/* as is */
	SMS_ESC_URL,		/* RFC 3986 percent-encoding (all but unreserved) */
	SMS_ESC_FORM,		/* application/x-www-form-urlencoded */
	SMS_ESC_JSON,		/* inside a JSON string: \" \\ \n \uXXXX */
	SMS_ESC_HEADER,		/* a header line: CR, LF and NUL become spaces */
};

struct sms_var {
	const char	*name;
	const char	*value;
};

/* Append `s` to `b`, escaped for `esc`. */
void	 sms_escape(struct buf *b, const char *s, enum sms_esc esc);

/*
 * Append `tmpl` to `b` with each ${name} replaced by its escaped value from
 * `vars`.  "$$" is a literal "$".  Returns 0, or -1 when a placeholder is not
 * in `vars` or is not closed; then *bad (if not NULL) points at it in tmpl.
 */
int	 sms_expand(struct buf *b, const char *tmpl, enum sms_esc esc,
	    const struct sms_var *vars, size_t nvars, const char **bad);

/* The escaping a body of this content type gets: JSON, FORM or NONE. */
enum sms_esc sms_body_esc(const char *content_type);

/*
 * Write the E.164 number `e164` in `fmt` ("e164", "local" or "digits") to
 * `out`.  "local" writes Iranian numbers with a trunk 0 (09121234567) and
 * leaves others in E.164.  0, or -1 when it does not fit or fmt is unknown.
 */
int	 sms_recipient(const char *e164, const char *fmt, char *out, size_t outsz);

/*
 * The value at a dotted path ("return.status", "entries.0.messageid") in a
 * JSON text, read by jansson: strings decoded, numbers, literals, objects
 * and arrays as compact JSON (1.50 as 1.5).  0 with the value appended to
 * `out`, or -1 when the path is not there or the text is not JSON as
 * RFC 8259 has it: a \u0000, a lone surrogate, invalid UTF-8 or bytes after
 * the value make the whole reply unreadable.
 */
int	 sms_json_get(const char *json, const char *path, struct buf *out);

/* 1 if `status` is in `list` ("200,201"), else 0.  -1 if the list is bad. */
int	 sms_status_in(int status, const char *list);

/* 1 if `value` is one of the comma-separated `list` ("6,11, 13"; spaces
 * around each item do not count), else 0. */
int	 sms_value_in(const char *value, const char *list);

/*
 * Delivery receipts.  A provider's status API (sms.status_url, asked once
 * per message with its id) says whether a message it accepted reached the
 * phone: the value at sms.status_json is one of sms.status_delivered, one
 * of sms.status_failed, or anything else (not final yet).
 */
enum sms_delivery {
	SMS_DLV_WAITING,	/* not final, or no readable answer: ask again */
	SMS_DLV_DELIVERED,
	SMS_DLV_UNDELIVERED,
};

struct sms_receipt {
	long long	 id;
	const char	*gateway_id;	/* borrowed; the provider's id */
	/* Set by sms_receipts_check(); freed by sms_receipt_clear(). */
	enum sms_delivery state;
	int		 error;		/* no readable answer (network, HTTP, JSON) */
	char		*note;		/* the provider's value, or why none; one line */
};
void	 sms_receipt_clear(struct sms_receipt *);

struct sms_driver;

/*
 * A driver from the [sms] section of `cfg`, checked as a whole: unknown
 * placeholders, a missing secret, a bad regular expression, an unwritable
 * file.  NULL with *err (owned by the caller) set to a one-line message
 * naming the key.
 */
struct sms_driver *sms_driver_new(const struct cfg *cfg, char **err);
/* What sms_driver_new checks of the configuration, as any user can: the
 * templates, statuses and patterns; not the secret's value (the service's
 * own) nor whether the file driver's file can be written.  0, or -1 with
 * *err (owned by the caller). */
int	 sms_driver_check(const struct cfg *cfg, char **err);
void	 sms_driver_free(struct sms_driver *);
/*
 * What the http driver makes of a gateway's reply: HTTP `status` and the
 * body `resp` against sms.ok_http, ok_json, ok_regex and transient_http.
 * Sets m->ok and m->gateway_id (sms.id_json), or m->transient and
 * m->error (with the start of the reply, on one line, secret redacted).
 * sms_send() calls it for each answered request; exposed for the fuzzer.
 */
void	 sms_reply(const struct sms_driver *, long status, const char *resp,
	    struct sms_msg *m);
/* "file /path" or "http POST https://host/…" with the secret redacted. */
const char *sms_driver_describe(const struct sms_driver *);
/* 1 when the driver asks its provider for delivery receipts. */
int	 sms_driver_receipts(const struct sms_driver *);
/*
 * What the status API's reply says of one message: HTTP `status` and the
 * body `resp` against sms.ok_http, status_json, status_delivered and
 * status_failed.  Sets r->state, r->error and r->note (secret redacted).
 * sms_receipts_check() calls it for each answered request; exposed for the
 * fuzzer.
 */
void	 sms_status_reply(const struct sms_driver *, long status, const char *resp,
	    struct sms_receipt *r);
/* Ask the status API about `n` messages, concurrently, and set each one's
 * state; a message with no answer stays SMS_DLV_WAITING with an error. */
void	 sms_receipts_check(struct sms_driver *, struct sms_receipt *rs, size_t n);

/*
 * Send `n` messages (the http driver runs them concurrently) and set each
 * one's outcome.  Never fails as a whole: every message gets its own.
 * A 429 is deferred for its Retry-After (seconds or an HTTP date; a second
 * when it has none), a 503 only when it has one.
 */
void	 sms_send(struct sms_driver *, struct sms_msg *msgs, size_t n);

#endif
