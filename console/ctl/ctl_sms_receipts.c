/*
 * ctl_sms_receipts.c — the worker's delivery receipts: which of the
 * messages its provider accepted reached the phone.
 *
 * A message sent with the provider's id by a worker that asks for receipts
 * waits for one (sql/023_sms_receipts.sql).  Each round claims up to
 * sms.concurrency of this provider's messages not asked about for
 * sms.status_interval (SKIP LOCKED: every worker may poll), asks the status
 * API about each at once (sms_receipts_check), and records the answers in
 * one statement.  The database gives up on a message, as 'unknown', once
 * sms.status_window has passed since it was sent.  A reply that cannot be
 * read (the gateway down, a 5xx, malformed JSON) leaves the message waiting,
 * to be asked again an interval later.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ctl_sms.h"
#include "log.h"
#include "xmalloc.h"

struct receipts {
	struct sms_driver	*drv;
	char			*provider;
	char			 limit[16], interval[16], window[16];
	long long		 interval_ms;
	size_t			 nasked, ndelivered, nundelivered;
};

struct receipts *
receipts_new(const struct cfg *cfg, struct sms_driver *drv, const char *provider)
{
	struct receipts *r;

	if (!sms_driver_receipts(drv))
		return NULL;
	r = xcalloc(1, sizeof *r);
	r->drv = drv;
	r->provider = xstrdup(provider);
	snprintf(r->limit, sizeof r->limit, "%lld", cfg_int(cfg, CFG_SMS_CONCURRENCY));
	snprintf(r->interval, sizeof r->interval, "%lld",
	    cfg_int(cfg, CFG_SMS_STATUS_INTERVAL));
	snprintf(r->window, sizeof r->window, "%lld", cfg_int(cfg, CFG_SMS_STATUS_WINDOW));
	r->interval_ms = cfg_int(cfg, CFG_SMS_STATUS_INTERVAL) * 1000;
	return r;
}

void
receipts_free(struct receipts *r)
{
	if (r == NULL)
		return;
	log_info("receipts: %zu asked, %zu delivered, %zu not delivered",
	    r->nasked, r->ndelivered, r->nundelivered);
	free(r->provider);
	free(r);
}

int
receipts_session(const struct receipts *r, struct db *db)
{
	const char *p[1] = { r != NULL ? "t" : "f" };

	return db_exec(db, "SELECT sms_worker_session($1)", 1, p);
}

/* Append one element to a PostgreSQL array literal being built in b. */
static void
array_add(struct buf *b, const char *s)
{
	buf_addc(b, b->len == 0 ? '{' : ',');
	buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

static const char *const state_names[] = {
	[SMS_DLV_WAITING] = "waiting",
	[SMS_DLV_DELIVERED] = "delivered",
	[SMS_DLV_UNDELIVERED] = "undelivered",
};

/* Record the answers of a round in one statement; 0 or -1. */
static int
record(struct receipts *rc, struct db *db, struct sms_receipt *rs, size_t n)
{
	struct buf a[3] = { BUF_INIT, BUF_INIT, BUF_INIT };
	const char *p[3];
	char id[24];
	size_t i, k;
	int rv;

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "%lld", rs[i].id);
		array_add(&a[0], id);
		array_add(&a[1], state_names[rs[i].state]);
		array_add(&a[2], rs[i].note != NULL ? rs[i].note : "");
		if (rs[i].error)
			log_warnx("message #%lld: no delivery receipt yet: %s", rs[i].id,
			    rs[i].note != NULL ? rs[i].note : "");
		else
			log_debug("message #%lld: %s (%s)", rs[i].id,
			    state_names[rs[i].state], rs[i].note);
		rc->ndelivered += rs[i].state == SMS_DLV_DELIVERED;
		rc->nundelivered += rs[i].state == SMS_DLV_UNDELIVERED;
	}
	for (k = 0; k < 3; k++) {
		buf_addc(&a[k], '}');
		p[k] = a[k].data;
	}
	rv = db_exec(db, "SELECT sms_receipt_mark($1, $2, $3)", 3, p);
	if (rv == -1)
		log_warnx("cannot record %zu delivery receipt(s): %s; they are asked "
		    "for again", n, db_error(db));
	for (k = 0; k < 3; k++)
		buf_free(&a[k]);
	return rv;
}

int
receipts_round(struct receipts *rc, struct db *db)
{
	const char *p[4] = { rc->provider, rc->limit, rc->interval, rc->window };
	struct sms_receipt *rs;
	char **ids;
	PGresult *res;
	int i, n, rv;

	res = db_query(db, "SELECT id, gateway_id FROM sms_receipt_claim($1, $2, $3, $4)",
	    4, p);
	if (res == NULL)
		return -1;
	if ((n = PQntuples(res)) == 0) {
		PQclear(res);
		return 0;
	}
	rs = xcalloc((size_t)n, sizeof *rs);
	ids = xcalloc((size_t)n, sizeof *ids);
	for (i = 0; i < n; i++) {
		rs[i].id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
		rs[i].gateway_id = ids[i] = xstrdup(PQgetvalue(res, i, 1));
	}
	PQclear(res);
	sms_receipts_check(rc->drv, rs, (size_t)n);
	rc->nasked += (size_t)n;
	rv = record(rc, db, rs, (size_t)n) == -1 ? -1 : n;
	for (i = 0; i < n; i++) {
		sms_receipt_clear(&rs[i]);
		free(ids[i]);
	}
	free(rs);
	free(ids);
	return rv;
}

long long
receipts_next_due(struct receipts *rc, struct db *db)
{
	const char *p[2] = { rc->provider, rc->interval };
	PGresult *res = db_query(db, "SELECT sms_receipt_next_due($1, $2)", 2, p);
	long long ms = -1;

	if (res == NULL)
		return rc->interval_ms;
	if (!PQgetisnull(res, 0, 0))
		ms = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return ms;
}
