/*
 * ctl_sms.c — pishkhanctl sms: the worker that empties the outbox
 * (`sms run`), and the administrator's look at it (list, show, retry,
 * stats, test).
 *
 * The worker connects as sms.db_user (pishkhan_sms).  It claims a batch of
 * due messages with sms_claim() (FOR UPDATE SKIP LOCKED, committed at once),
 * the highest priority first (login codes, then decisions) and no more than
 * the provider's token bucket holds at sms.rate (shared by every worker
 * through the database); it sends them through the driver a round of
 * sms.concurrency at a time, renewing its claim with sms_renew() before each
 * round and sending only what it still holds (never a login code that has
 * expired), and reports the outcomes with sms_mark_batch(); the database
 * decides retry, failure and expiry.  A batch goes in the order of its
 * claim; a notification of a message that outranks some of the batch (a
 * login code queued during a drain of decisions), read with the renewal
 * before a round, puts those back, unsent, for the next claim.  A gateway
 * that answers 429 (or 503 with Retry-After) pauses the provider
 * for every worker (sms_pause); the refused messages, and those held back,
 * go back without the attempt (sms_defer).  When a renewal fails (the
 * database went away) the rest of the batch is not sent.  Outcomes that cannot be reported are kept and
 * reported once the database is back: housekeeping gives every worker a
 * lease after its own reconnection first, so an outage of PostgreSQL, however
 * long, neither loses nor repeats a message.  It wakes
 * on NOTIFY pishkhan_sms, or when the next retry is due, or every
 * sms.poll_interval.  SIGTERM or SIGINT: the batch in flight is finished
 * and reported, then it stops.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "ctl.h"
#include "ctl_sms.h"
#include "log.h"
#include "phone.h"
#include "sms.h"
#include "xmalloc.h"

static volatile sig_atomic_t sms_stop;

static void
on_signal(int sig)
{
	(void)sig;
	sms_stop = 1;
}

/* The strings a claimed message's sms_msg borrows. */
struct item {
	char		*event, *to, *text;
	int		 priority;	/* 2 login code, 1 decision, 0 the rest */
	int		 skip;		/* not to be sent: see renew() */
};

struct worker {
	struct ctl		*c;
	struct db		*db;
	struct sms_driver	*drv;
	struct receipts		*rcpt;		/* NULL: no delivery receipts */
	char			 id[160];
	char			 limit[16], lease[16], max_attempts[16], max_age[16];
	char			 bmin[16], bmax[16];
	char			 provider[201], rate[24], burst[24], want[24];
	long long		 rate_n, pause_max;	/* msg/s; ms (max_age) */
	long long		 paused_until;	/* CLOCK_MONOTONIC ms: the gateway asked */
	long long		 poll_ms;
	long long		 db_backoff_max;	/* ms; a quarter of the lease, at most 5 s */
	int			 listening;
	int			 idle;		/* the last claim found nothing */
	long long		 next_housekeep;	/* CLOCK_MONOTONIC ms */
	sigset_t		 waitmask;	/* the mask while waiting */
	struct sms_msg		*msgs;		/* the batch, claimed and maybe sent */
	struct item		*items;		/* its strings */
	size_t			 nitems;
	size_t			 concurrency;	/* a round of requests */
	int			 unreported;	/* the batch is sent, not yet reported */
	int			 claim_lost;	/* a claim's outcome unknown */
	long long		 nsent, nfailed;
};

static void
batch_free(struct worker *w)
{
	size_t i;

	for (i = 0; i < w->nitems; i++) {
		sms_msg_clear(&w->msgs[i]);
		free(w->items[i].event);
		free(w->items[i].to);
		free(w->items[i].text);
	}
	free(w->items);
	free(w->msgs);
	w->items = NULL;
	w->msgs = NULL;
	w->nitems = 0;
	w->unreported = 0;
}

/* Sleep up to ms, waking early on a notification or a signal. */
static void
wait_for(struct worker *w, long long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	PGconn *conn = db_ok(w->db) ? db_conn(w->db) : NULL;
	PGnotify *n;
	fd_set rd;
	int fd = conn != NULL ? PQsocket(conn) : -1;

	/* A notification read during the last query is already queued. */
	if (conn != NULL && PQconsumeInput(conn) && (n = PQnotifies(conn)) != NULL) {
		do
			PQfreemem(n);
		while ((n = PQnotifies(conn)) != NULL);
		return;
	}
	FD_ZERO(&rd);
	if (fd >= 0)
		FD_SET(fd, &rd);
	if (sms_stop)
		return;
	if (pselect(fd + 1, &rd, NULL, NULL, &ts, &w->waitmask) > 0 && conn != NULL)
		(void)PQconsumeInput(conn);
	while (conn != NULL && (n = PQnotifies(conn)) != NULL)
		PQfreemem(n);
}

/* The connection, (re)opened and listening; 0 or -1. */
static int
ensure_db(struct worker *w)
{
	static const char listen_sql[] = "LISTEN pishkhan_sms";

	if (db_ok(w->db) && w->listening)
		return 0;
	w->listening = 0;
	if (db_ensure(w->db) == -1)
		return -1;
	if (db_exec(w->db, listen_sql, 0, NULL) == -1 ||
	    receipts_session(w->rcpt, w->db) == -1)
		return -1;
	w->listening = 1;
	log_info("connected to the database; listening for messages");
	return 0;
}

/* Add one element to a PostgreSQL array literal being built in b. */
static void
array_add(struct buf *b, const char *s)
{
	buf_addc(b, b->len == 0 ? '{' : ',');
	if (s == NULL) {
		buf_adds(b, "NULL");
		return;
	}
	buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

static void
log_outcome(struct worker *w, const struct sms_msg *m, const char *st)
{
	if (st == NULL)
		log_warnx("message #%lld: no longer ours to report (held past "
		    "sms.lease?)", m->id);
	else if (strcmp(st, "sent") == 0)
		log_debug("message #%lld (%s): sent", m->id, m->event);
	else if (m->deferred && m->error == NULL)
		log_debug("message #%lld (%s): put back for a message of higher "
		    "priority", m->id, m->event);
	else
		log_warnx("message #%lld (%s): %s: %s", m->id, m->event, st,
		    m->error != NULL ? m->error : "");
	if (st != NULL && strcmp(st, "sent") == 0)
		w->nsent++;
	else if (st != NULL && strcmp(st, "pending") != 0)
		w->nfailed++;
}

/* Report the batch's outcomes in one statement: the messages the gateway
 * deferred (or that were held back for its pause) with sms_defer, the
 * others with sms_mark_batch.  0 or -1 (kept for later). */
static int
report(struct worker *w)
{
	struct buf a[7] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT,
	    BUF_INIT, BUF_INIT };
	const char *p[13];
	char id[24], pause[24];
	PGresult *res = NULL;
	long long pause_ms = 0, rid;
	size_t i, k;
	int r, rc = -1;

	for (i = 0; i < w->nitems; i++) {
		struct sms_msg *m = &w->msgs[i];

		snprintf(id, sizeof id, "%lld", m->id);
		if (m->deferred) {
			array_add(&a[5], id);
			array_add(&a[6], m->error);
			if (m->pause_ms > pause_ms)
				pause_ms = m->pause_ms;
			continue;
		}
		array_add(&a[0], id);
		array_add(&a[1], m->ok ? "t" : "f");
		array_add(&a[2], m->transient ? "t" : "f");
		array_add(&a[3], m->gateway_id);
		array_add(&a[4], m->error);
	}
	if (pause_ms > w->pause_max)
		pause_ms = w->pause_max;
	snprintf(pause, sizeof pause, "%lld", pause_ms);
	p[0] = w->id;
	for (k = 0; k < 7; k++) {
		if (a[k].len == 0)
			buf_addc(&a[k], '{');
		buf_addc(&a[k], '}');
	}
	for (k = 0; k < 5; k++)
		p[k + 1] = a[k].data;
	p[6] = w->max_attempts;
	p[7] = w->max_age;
	p[8] = w->bmin;
	p[9] = w->bmax;
	p[10] = a[5].data;
	p[11] = a[6].data;
	p[12] = pause;
	res = db_query(w->db, "WITH m AS (SELECT * FROM sms_mark_batch($1, $2, $3, $4, "
	    "$5, $6, $7, $8, $9, $10)), d AS (SELECT * FROM sms_defer($1, $11, $12, "
	    "$13, $8)) SELECT id, status FROM m UNION ALL SELECT id, status FROM d",
	    13, p);
	if (res == NULL) {
		log_warnx("cannot record the outcome of %zu message(s) yet: %s",
		    w->nitems, db_error(w->db));
		goto fail;
	}
	for (r = 0; r < PQntuples(res); r++) {
		rid = strtoll(PQgetvalue(res, r, 0), NULL, 10);
		for (i = 0; i < w->nitems; i++)
			if (w->msgs[i].id == rid) {
				log_outcome(w, &w->msgs[i], PQgetisnull(res, r, 1) ?
				    NULL : PQgetvalue(res, r, 1));
				break;
			}
	}
	batch_free(w);
	rc = 0;
fail:
	PQclear(res);
	for (k = 0; k < 7; k++)
		buf_free(&a[k]);
	return rc;
}

/*
 * After a claim whose outcome is unknown: whatever this worker holds in
 * 'sending' it never received, so never sent (it holds no batch between
 * claims); back to pending now, without the attempt the claim counted
 * (sms_defer), rather than after sms.lease.  0 or -1.
 */
static int
release_lost(struct worker *w)
{
	const char *p[2] = { w->id, w->max_age };
	long long n;

	n = db_changed(w->db, "SELECT FROM sms_defer($1, ARRAY(SELECT o.id FROM sms_outbox o "
	    "WHERE o.status = 'sending' AND o.claimed_by = $1), NULL::text[], 0, "
	    "$2::integer)", 2, p);
	if (n == -1)
		return -1;
	if (n > 0)
		log_info("put back %lld message(s) of a claim whose answer was lost", n);
	w->claim_lost = 0;
	return 0;
}

/* Claim a batch; the number claimed, or -1.  Expired login codes and rows
 * held past the lease are seen to first, when the worker was idle or a
 * second has passed. */
static int
claim(struct worker *w)
{
	const char *p[5] = { w->id, w->limit, w->provider, w->rate, w->burst };
	PGresult *res;
	int i, n;

	if (w->idle || clock_ms() >= w->next_housekeep) {
		if (db_exec(w->db, "SELECT sms_housekeep($1)", 1,
		    (const char *[]){ w->lease }) == -1)
			return -1;
		w->next_housekeep = clock_ms() + 1000;
	}
	if (w->claim_lost && release_lost(w) == -1)
		return -1;
	res = db_query(w->db, "SELECT id, event, to_number, coalesce(body, ''), priority "
	    "FROM sms_claim($1, $2, $3, $4, $5)", 5, p);
	if (res == NULL) {
		/* The connection went with the claim on its way (a failover):
		 * it may have been committed, and its messages would wait for
		 * the lease.  They are this worker's, unsent: put back first
		 * thing on the next connection. */
		w->claim_lost = db_outcome_unknown(w->db);
		return -1;
	}
	n = PQntuples(res);
	w->items = xcalloc((size_t)n + 1, sizeof *w->items);
	w->msgs = xcalloc((size_t)n + 1, sizeof *w->msgs);
	w->nitems = (size_t)n;
	for (i = 0; i < n; i++) {
		struct item *it = &w->items[i];
		struct sms_msg *m = &w->msgs[i];

		m->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
		m->event = it->event = xstrdup(PQgetvalue(res, i, 1));
		m->to = it->to = xstrdup(PQgetvalue(res, i, 2));
		m->text = it->text = xstrdup(PQgetvalue(res, i, 3));
		it->priority = (int)strtol(PQgetvalue(res, i, 4), NULL, 10);
	}
	PQclear(res);
	w->idle = n == 0;
	return n;
}

/*
 * Renew the claim on the whole batch and mark each unsent message from
 * index `from` on that is no longer ours or is a login code that has
 * expired, so that it is not sent.  The number of messages still to send
 * from `from` on, or -1 when the database cannot be reached: then every
 * unsent message is marked unsent, to go back to the queue once reported.
 */
static int
renew(struct worker *w, size_t from)
{
	struct buf ids = BUF_INIT;
	char id[24];
	const char *p[2];
	PGresult *res;
	unsigned char *mine = NULL, *expired = NULL;
	size_t i;
	int n = 0;

	for (i = 0; i < w->nitems; i++) {
		snprintf(id, sizeof id, "%lld", w->msgs[i].id);
		array_add(&ids, id);
	}
	buf_addc(&ids, '}');
	p[0] = w->id;
	p[1] = ids.data;
	res = db_query(w->db, "SELECT id, held, expired FROM sms_renew($1, $2)", 2, p);
	buf_free(&ids);
	if (res == NULL || (size_t)PQntuples(res) != w->nitems || PQnfields(res) != 3) {
		log_warnx("cannot renew the claim on %zu message(s): %s; not sending "
		    "the rest of the batch", w->nitems, res == NULL ?
		    db_error(w->db) : "sms_renew answered with the wrong rows");
		PQclear(res);
		for (i = from; i < w->nitems; i++)
			if (!w->items[i].skip) {
				w->items[i].skip = 1;
				w->msgs[i].transient = 1;
				w->msgs[i].error = xstrdup("not sent: the claim could "
				    "not be renewed (database unreachable)");
			}
		return -1;
	}
	mine = xcalloc(w->nitems, 1);
	expired = xcalloc(w->nitems, 1);
	for (i = 0; i < w->nitems; i++) {
		mine[i] = PQgetvalue(res, (int)i, 1)[0] == 't';
		expired[i] = PQgetvalue(res, (int)i, 2)[0] == 't';
	}
	PQclear(res);
	for (i = from; i < w->nitems; i++) {
		struct sms_msg *m = &w->msgs[i];

		if (w->items[i].skip)
			continue;
		if (!mine[i]) {
			w->items[i].skip = 1;
			m->transient = 1;
			m->error = xstrdup("not sent: the claim was lost");
		} else if (expired[i]) {
			w->items[i].skip = 1;
			m->transient = 1;
			m->error = xstrdup("not sent: the login code expired first");
		} else
			n++;
	}
	free(mine);
	free(expired);
	return n;
}

/* Hold back the unsent message i, to go back to the queue due in `ms`
 * without the attempt (why NULL: for a message that outranks it). */
static void
hold_one(struct worker *w, size_t i, long long ms, const char *why)
{
	w->items[i].skip = 1;
	w->msgs[i].deferred = 1;
	w->msgs[i].pause_ms = ms;
	w->msgs[i].error = why != NULL ? xstrdup(why) : NULL;
}

/* Hold back this worker's unsent messages from `from` on. */
static void
hold_back(struct worker *w, size_t from, long long ms, const char *why)
{
	size_t i;

	for (i = from; i < w->nitems; i++)
		if (!w->items[i].skip)
			hold_one(w, i, ms, why);
}

/*
 * The highest priority that notifications of new messages name (their
 * payload, sql/020), or -1 when there are none.  Only what libpq has read
 * already, with the renewal before the round: reading the socket here would
 * also take a FATAL notice of a restart, which the next statement must see.
 * The worker claims again at once after the batch, so no notification is
 * lost to wait_for().
 */
static long
notified(struct worker *w)
{
	PGconn *conn = db_ok(w->db) ? db_conn(w->db) : NULL;
	PGnotify *n;
	long top = -1;

	while (conn != NULL && (n = PQnotifies(conn)) != NULL) {
		if (n->extra[0] >= '0' && n->extra[0] <= '9' &&
		    strtol(n->extra, NULL, 10) > top)
			top = strtol(n->extra, NULL, 10);
		PQfreemem(n);
	}
	return top;
}

/*
 * A message of priority `top` was queued: hold back the unsent messages
 * from `from` on that it outranks, for the next claim, which takes it
 * first.  The batch is in priority order (sms_claim, sql/030), so these are
 * its tail; what is as urgent as the new message, and older, still goes.
 * The number held back.
 */
static size_t
outranked(struct worker *w, size_t from, long top)
{
	size_t i, n = 0;

	for (i = from; i < w->nitems; i++)
		if (!w->items[i].skip && w->items[i].priority < top) {
			hold_one(w, i, 0, NULL);
			n++;
		}
	return n;
}

/*
 * The gateway asked to wait (HTTP 429, or 503 with Retry-After): pause the
 * provider for every worker, as long as the longest wait asked in the round
 * (at most sms.max_age), and hold back what this worker has not sent.
 * The pause is kept here too, should the database not take it.
 */
static void
pause_provider(struct worker *w, const struct sms_msg *round, size_t k, size_t from)
{
	const char *p[3], *why = "";
	char ms_s[24];
	long long ms = 0;
	size_t i;

	for (i = 0; i < k; i++)
		if (round[i].deferred && round[i].pause_ms >= ms) {
			ms = round[i].pause_ms;
			why = round[i].error != NULL ? round[i].error : "";
		}
	if (ms > w->pause_max)
		ms = w->pause_max;
	if (clock_ms() + ms > w->paused_until)
		w->paused_until = clock_ms() + ms;
	log_warnx("provider '%s' asked to wait %lld ms (%s); every worker holds its "
	    "messages until then", w->provider, ms, why);
	snprintf(ms_s, sizeof ms_s, "%lld", ms);
	p[0] = w->provider;
	p[1] = ms_s;
	p[2] = why;
	if (db_exec(w->db, "SELECT sms_pause($1, $2, $3)", 3, p) == -1)
		log_warnx("cannot record the pause for the other workers: %s",
		    db_error(w->db));
	hold_back(w, from, ms, "not sent: the gateway asked to wait");
}

/*
 * Send the claimed batch, in its order, a round of sms.concurrency at a
 * time, each round after a renewal of the claim; stops at the first renewal
 * that fails, or when the gateway asks to wait.  A message queued since the
 * claim that outranks some of the batch (a login code during a drain of
 * decisions) is known by the renewal before the next round: those go back
 * unsent, and the next claim takes it first.
 */
static void
send_batch(struct worker *w)
{
	struct sms_msg *round = xcalloc(w->concurrency, sizeof *round);
	size_t from = 0, i, k, n, idx[256];
	long top;
	int deferred;

	/* A pause the database did not take: hold everything back. */
	if (clock_ms() < w->paused_until)
		hold_back(w, 0, w->paused_until - clock_ms(),
		    "not sent: the gateway asked to wait");
	while (from < w->nitems && renew(w, from) != -1) {
		if ((top = notified(w)) >= 0 && (n = outranked(w, from, top)) > 0)
			log_debug("a message of priority %ld was queued; %zu of the "
			    "batch go back for the next claim", top, n);
		for (k = 0, i = from; i < w->nitems && k < w->concurrency; i++)
			if (!w->items[i].skip) {
				idx[k] = i;
				round[k++] = w->msgs[i];
			}
		from = i;
		if (k == 0)
			break;
		sms_send(w->drv, round, k);
		for (i = 0, deferred = 0; i < k; i++) {
			w->msgs[idx[i]] = round[i];
			deferred |= round[i].deferred;
		}
		if (deferred) {
			pause_provider(w, round, k, from);
			break;
		}
	}
	free(round);
}

/* Milliseconds until the next retry or receipt is due, at most the poll
 * interval; `paced`: until a claim can take something, the provider's
 * pause and rate considered. */
static long long
next_due(struct worker *w, int paced)
{
	const char *p[3] = { w->provider, w->rate, w->want };
	PGresult *res = paced ? db_query(w->db, "SELECT sms_next_due($1, $2, $3)", 3, p) :
	    db_query(w->db, "SELECT sms_next_due()", 0, NULL);
	long long ms = -1, now = clock_ms(), r;

	if (res == NULL)
		return w->poll_ms;
	if (!PQgetisnull(res, 0, 0))
		ms = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	if (paced && ms >= 0 && w->paused_until > now + ms)
		ms = w->paused_until - now;
	if (w->rcpt != NULL && (r = receipts_next_due(w->rcpt, w->db)) >= 0 &&
	    (ms < 0 || r < ms))
		ms = r;
	return ms < 0 || ms > w->poll_ms ? w->poll_ms : ms;
}

static void
worker_loop(struct worker *w, int once)
{
	long long wait_ms = 100, failing_since = 0, due;
	int n, fail;

	while (!sms_stop || w->unreported) {
		fail = ensure_db(w) == -1 || (w->unreported && report(w) == -1);
		if (!fail && !sms_stop) {
			batch_free(w);
			if ((n = claim(w)) > 0) {
				send_batch(w);
				w->unreported = 1;
				wait_ms = 100;
				failing_since = 0;
				continue;
			}
			/* Nothing to send: a round of receipts, if any is due. */
			if (n == 0 && w->rcpt != NULL &&
			    (n = receipts_round(w->rcpt, w->db)) > 0)
				continue;
			fail = n == -1;
		}
		if (fail) {
			/* Down, or refusing: try again, backing off to 5 s or a
			 * quarter of the lease, so that a live worker is back to
			 * record its outcomes well within the lease that
			 * housekeeping gives it after an outage. */
			if (failing_since == 0)
				failing_since = clock_ms();
			if (wait_ms == 100 || wait_ms >= w->db_backoff_max)
				log_warnx("database: %s; trying again", db_error(w->db));
			if (sms_stop && clock_ms() - failing_since > 10000) {
				log_errorx("stopping with %zu message(s) sent but not "
				    "recorded; they will be sent again after sms.lease",
				    w->nitems);
				return;
			}
			if (sms_stop)
				usleep((useconds_t)wait_ms * 1000);
			else
				wait_for(w, wait_ms);
			wait_ms = wait_ms * 2 > w->db_backoff_max ? w->db_backoff_max :
			    wait_ms * 2;
			continue;
		}
		wait_ms = 100;
		failing_since = 0;
		if (sms_stop)
			break;
		if (once && next_due(w, 0) != 0)
			break;
		due = next_due(w, 1);
		/* Due now but not claimable: another worker holds it. */
		wait_for(w, due < 20 ? 20 : due);
	}
}

static const struct option run_options[] = {
	{ "once", no_argument, NULL, 'o' }, { NULL, 0, NULL, 0 }
};

static int
run_opt(int ch, const char *arg, void *ctx)
{
	(void)arg;
	if (ch != 'o')
		return -1;
	*(int *)ctx = 1;
	return 0;
}

/* The provider the workers pace and pause together: sms.provider, or the
 * host (and port) of sms.url without any user or password, or "file". */
static void
provider_name(const struct cfg *cfg, char *out, size_t sz)
{
	const char *url = cfg_str(cfg, CFG_SMS_URL), *h, *at;
	size_t n;

	if (*cfg_str(cfg, CFG_SMS_PROVIDER) != '\0') {
		snprintf(out, sz, "%s", cfg_str(cfg, CFG_SMS_PROVIDER));
		return;
	}
	if (strcmp(cfg_str(cfg, CFG_SMS_DRIVER), "file") == 0 ||
	    (h = strstr(url, "://")) == NULL) {
		snprintf(out, sz, "file");
		return;
	}
	h += 3;
	n = strcspn(h, "/?#");
	while ((at = memchr(h, '@', n)) != NULL) {
		n -= (size_t)(at + 1 - h);
		h = at + 1;
	}
	snprintf(out, sz, "%.*s", (int)n, h);
}

/* A max_attempts that gives up on a passing outage well within max_age
 * (the old default of 10 did after some 17 minutes) is worth a warning. */
static void
warn_attempts(const struct cfg *cfg)
{
	long long n = cfg_int(cfg, CFG_SMS_MAX_ATTEMPTS), k, d, total = 0;
	long long bmin = cfg_int(cfg, CFG_SMS_BACKOFF_MIN_MS);
	long long bmax = cfg_int(cfg, CFG_SMS_BACKOFF_MAX_MS);
	long long age = cfg_int(cfg, CFG_SMS_MAX_AGE) * 1000;

	if (n == 0)
		return;
	for (k = 0, d = bmin; k < n - 1 && total < age; k++) {
		total += d < bmax ? d : bmax;
		d = d > bmax ? bmax : d * 2;
	}
	if (total < age / 2)
		log_warnx("sms.max_attempts = %lld gives up on a message after about "
		    "%lld s of failures, long before sms.max_age (%lld s); "
		    "0 retries for the whole window", n, (total + 500) / 1000, age / 1000);
}

static int
sms_run(struct ctl *c, const struct ctl_args *a)
{
	struct worker w = { .c = c };
	struct sigaction sa;
	sigset_t block;
	struct buf ci = BUF_INIT;
	char *ci_as;
	const char *conninfo = cfg_str(c->cfg, CFG_DB_CONNINFO);
	char host[64], *err = NULL;
	long long rounds, want;
	int once = *(int *)a->opts;

	if ((w.drv = sms_driver_new(c->cfg, &err)) == NULL) {
		ctl_error("%s: %s", cfg_file(c->cfg) != NULL ? cfg_file(c->cfg) :
		    "built-in defaults", err);
		free(err);
		return CTL_FAIL;
	}
	/* The worker's own role, whatever user the conninfo names. */
	ci_as = db_conninfo_as(conninfo, cfg_str(c->cfg, CFG_SMS_DB_USER));
	buf_adds(&ci, ci_as);
	free(ci_as);
	gethostname(host, sizeof host);
	host[sizeof host - 1] = '\0';
	snprintf(w.id, sizeof w.id, "%s:%ld", host, (long)getpid());
	/*
	 * Claim several rounds' worth (the driver runs `concurrency` at once),
	 * but few enough that a batch of requests that all time out is still
	 * recorded well within the lease; with sms.rate, no more than the
	 * provider's bucket holds.  A message queued meanwhile that outranks
	 * some of the batch puts those back before the next round.  Waiting
	 * for the bucket, a worker claims when it holds a round, a burst or a
	 * tenth of a second's worth, whichever is least.
	 */
	rounds = cfg_int(c->cfg, CFG_SMS_LEASE) / (2 * cfg_int(c->cfg, CFG_SMS_TIMEOUT));
	rounds = rounds < 1 ? 1 : rounds > 32 ? 32 : rounds;
	snprintf(w.limit, sizeof w.limit, "%lld", cfg_int(c->cfg, CFG_SMS_CONCURRENCY) * rounds);
	provider_name(c->cfg, w.provider, sizeof w.provider);
	w.rate_n = cfg_int(c->cfg, CFG_SMS_RATE);
	snprintf(w.rate, sizeof w.rate, "%lld", w.rate_n);
	snprintf(w.burst, sizeof w.burst, "%lld", cfg_int(c->cfg, CFG_SMS_BURST));
	want = cfg_int(c->cfg, CFG_SMS_CONCURRENCY);
	if (want > cfg_int(c->cfg, CFG_SMS_BURST))
		want = cfg_int(c->cfg, CFG_SMS_BURST);
	if (want > (w.rate_n + 9) / 10)
		want = (w.rate_n + 9) / 10;
	snprintf(w.want, sizeof w.want, "%lld", want < 1 ? 1 : want);
	/* A wait past the retry window would only fail the messages. */
	w.pause_max = cfg_int(c->cfg, CFG_SMS_MAX_AGE) * 1000;
	snprintf(w.lease, sizeof w.lease, "%lld", cfg_int(c->cfg, CFG_SMS_LEASE));
	snprintf(w.max_attempts, sizeof w.max_attempts, "%lld",
	    cfg_int(c->cfg, CFG_SMS_MAX_ATTEMPTS));
	snprintf(w.max_age, sizeof w.max_age, "%lld", cfg_int(c->cfg, CFG_SMS_MAX_AGE));
	snprintf(w.bmin, sizeof w.bmin, "%lld", cfg_int(c->cfg, CFG_SMS_BACKOFF_MIN_MS));
	snprintf(w.bmax, sizeof w.bmax, "%lld", cfg_int(c->cfg, CFG_SMS_BACKOFF_MAX_MS));
	w.poll_ms = cfg_int(c->cfg, CFG_SMS_POLL_INTERVAL) * 1000;
	w.concurrency = (size_t)cfg_int(c->cfg, CFG_SMS_CONCURRENCY);
	w.db_backoff_max = cfg_int(c->cfg, CFG_SMS_LEASE) * 1000 / 4;
	if (w.db_backoff_max > 5000)
		w.db_backoff_max = 5000;
	if (w.db_backoff_max < 100)
		w.db_backoff_max = 100;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	/* Signals arrive only while waiting, so a batch is always finished. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &w.waitmask);
	sigdelset(&w.waitmask, SIGTERM);
	sigdelset(&w.waitmask, SIGINT);

	w.rcpt = receipts_new(c->cfg, w.drv, w.provider);
	log_info("worker %s: sending through %s (provider %s%s)", w.id,
	    sms_driver_describe(w.drv), w.provider,
	    w.rcpt != NULL ? ", with delivery receipts" : "");
	warn_attempts(c->cfg);
	w.db = db_open(ci.data, "pishkhan-sms", (int)cfg_int(c->cfg, CFG_DB_CONNECT_TIMEOUT));
	worker_loop(&w, once);
	log_info("worker %s: stopped; %lld sent, %lld failed", w.id, w.nsent, w.nfailed);
	batch_free(&w);
	receipts_free(w.rcpt);
	db_close(w.db);
	sms_driver_free(w.drv);
	buf_free(&ci);
	return CTL_OK;
}

/* The administrator's commands, as the invoking user. */

static const char *const statuses[] = {
	"pending", "sending", "sent", "failed", "expired", NULL
};

static const char *const deliveries[] = {
	"waiting", "delivered", "undelivered", "unknown", NULL
};

struct list_opts {
	const char	*status;
	const char	*delivery;
	char		 limit[24];
};

static int
list_opt(int ch, const char *arg, void *ctx)
{
	struct list_opts *o = ctx;
	size_t i;

	switch (ch) {
	case 's':
		for (i = 0; statuses[i] != NULL; i++)
			if (strcmp(arg, statuses[i]) == 0) {
				o->status = statuses[i];
				return 0;
			}
		ctl_usage("status '%s' is not one of pending, sending, sent, "
		    "failed, expired", arg);
		return -1;
	case 'd':
		for (i = 0; deliveries[i] != NULL; i++)
			if (strcmp(arg, deliveries[i]) == 0) {
				o->delivery = deliveries[i];
				return 0;
			}
		ctl_usage("delivery '%s' is not one of waiting, delivered, "
		    "undelivered, unknown", arg);
		return -1;
	case 'n':
		return ctl_number(arg, "limit", o->limit, sizeof o->limit);
	}
	return -1;
}

static const struct option list_options[] = {
	{ "status", required_argument, NULL, 's' },
	{ "delivery", required_argument, NULL, 'd' },
	{ "limit", required_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 }
};

static const struct list_opts list_init = { NULL, NULL, "50" };

static int
sms_list(struct ctl *c, const struct ctl_args *a)
{
	const struct list_opts *o = a->opts;
	const char *p[3];

	p[0] = o->status;
	p[1] = o->limit;
	p[2] = o->delivery;
	return ctl_print_query(c, "SELECT id, status, event, to_number, attempts, "
	    "to_char(created_at, 'YYYY-MM-DD HH24:MI:SS'), coalesce(last_error, '') "
	    "FROM sms_outbox WHERE ($1::sms_status IS NULL OR status = $1::sms_status) "
	    "AND ($3::sms_delivery IS NULL OR delivery = $3::sms_delivery) "
	    "ORDER BY id DESC LIMIT $2::bigint", 3, p);
}

static int
sms_show(struct ctl *c, const struct ctl_args *a)
{
	char id[24];
	const char *p[1] = { id };
	PGresult *res;
	int f;

	if (ctl_number(a->argv[0], "message id", id, sizeof id) == -1)
		return CTL_USAGE;
	if (ctl_db(c) == NULL)
		return CTL_DOWN;
	/* Times as the other listings write them, in the session's zone. */
#define T(col) "to_char(" col ", 'YYYY-MM-DD HH24:MI:SS') AS " col
	res = db_query(c->db, "SELECT id, status, event, to_number AS to, "
	    "coalesce(body, '(wiped)') AS text, attempts, priority, " T("created_at") ", "
	    T("next_attempt_at") ", " T("expires_at") ", " T("sent_at") ", "
	    T("failed_at") ", " T("retried_at") ", "
	    "claimed_by, provider, gateway_id, last_error, citizen_id, letter_id, "
	    "delivery, " T("delivery_at") ", delivery_note, "
	    "CASE WHEN delivery IS NOT NULL THEN receipt_checks END AS receipt_checks "
	    "FROM sms_outbox WHERE id = $1::numeric", 1, p);
#undef T
	if (res == NULL)
		return ctl_db_error(c, NULL);
	if (PQntuples(res) == 0) {
		PQclear(res);
		return ctl_error("message '%s' not found", id);
	}
	for (f = 0; f < PQnfields(res); f++) {
		const char *v = PQgetisnull(res, 0, f) ? "" : PQgetvalue(res, 0, f);

		printf("%s\t", PQfname(res, f));
		for (; *v != '\0'; v++) {
			switch (*v) {
			case '\n': fputs("\\n", stdout); break;
			case '\t': fputs("\\t", stdout); break;
			case '\\': fputs("\\\\", stdout); break;
			default: putchar(*v);
			}
		}
		putchar('\n');
	}
	PQclear(res);
	return CTL_OK;
}

struct retry_opts {
	int		 failed;
	const char	*since;
};

static const struct option retry_options[] = {
	{ "failed", no_argument, NULL, 'f' },
	{ "since", required_argument, NULL, 's' },
	{ NULL, 0, NULL, 0 }
};

static int
retry_opt(int ch, const char *arg, void *ctx)
{
	struct retry_opts *o = ctx;

	switch (ch) {
	case 'f': o->failed = 1; return 0;
	case 's': o->since = arg; return 0;
	}
	return -1;
}

/*
 * sms retry ID...: each named message, if failed, back in the queue; each
 * that is not is reported and the exit status is 1.  sms retry --failed
 * [--since WHEN]: every message that failed (since WHEN).  The database
 * decides (sms_retry); nothing is changed when an id or WHEN is unreadable.
 */
static int
sms_retry(struct ctl *c, const struct ctl_args *a)
{
	const struct retry_opts *o = a->opts;
	struct buf ids = BUF_INIT;
	char id[24];
	const char *p[2], *out;
	PGresult *res = NULL;
	long long retried = 0, left = 0;
	int i, rc = CTL_OK;

	if (o->since != NULL && !o->failed)
		return ctl_usage("--since goes with --failed");
	if (o->failed && a->argc > 0)
		return ctl_usage("give message ids or --failed, not both");
	if (!o->failed && a->argc == 0)
		return ctl_usage("expected message ids, or --failed");
	for (i = 0; i < a->argc; i++) {
		if (ctl_number(a->argv[i], "message id", id, sizeof id) == -1) {
			buf_free(&ids);
			return CTL_USAGE;
		}
		array_add(&ids, id);
	}
	if (ids.len > 0)
		buf_addc(&ids, '}');
	if (ctl_db(c) == NULL) {
		buf_free(&ids);
		return CTL_DOWN;
	}
	p[0] = ids.len > 0 ? ids.data : NULL;
	p[1] = o->since;
	res = db_query(c->db, "SELECT id, outcome FROM sms_retry($1, $2)", 2, p);
	if (res == NULL) {
		rc = ctl_db_error(c, db_is(c->db, DB_BAD_DATETIME) ? "--since" : NULL);
		goto done;
	}
	for (i = 0; i < PQntuples(res); i++) {
		out = PQgetvalue(res, i, 1);
		if (strcmp(out, "retried") == 0) {
			retried++;
			continue;
		}
		left++;
		if (o->failed)		/* expired login codes: counted below */
			continue;
		rc = CTL_FAIL;
		if (strcmp(out, "not found") == 0)
			ctl_error("message '%s' not found", PQgetvalue(res, i, 0));
		else if (strcmp(out, "code expired") == 0)
			ctl_error("message '%s' is a login code that has expired; "
			    "the citizen asks for a new one", PQgetvalue(res, i, 0));
		else
			ctl_error("message '%s' is %s; only failed messages are retried",
			    PQgetvalue(res, i, 0), out);
	}
	printf("%lld message(s) put back in the queue\n", retried);
	if (o->failed && left > 0)
		printf("%lld expired login code(s) left as they are\n", left);
done:
	PQclear(res);
	buf_free(&ids);
	return rc;
}

static int
sms_stats(struct ctl *c, const struct ctl_args *a)
{
	(void)a;
	return ctl_print_query(c, "SELECT s.st, count(o.id), "
	    "coalesce(to_char(min(o.created_at), 'YYYY-MM-DD HH24:MI:SS'), '') "
	    "FROM unnest(enum_range(NULL::sms_status)) s(st) "
	    "LEFT JOIN sms_outbox o ON o.status = s.st GROUP BY s.st ORDER BY s.st", 0, NULL);
}

static int
sms_test(struct ctl *c, const struct ctl_args *a)
{
	char to[PHONE_E164_MAX];
	const char *p[2];
	enum phone_error pe;
	PGresult *res;

	if ((pe = phone_normalize(a->argv[0], cfg_str(c->cfg, CFG_PHONE_COUNTRIES),
	    to, sizeof to)) != PHONE_OK)
		return ctl_usage("'%s' is not a mobile number: %s", a->argv[0],
		    phone_strerror(pe));
	if (ctl_db(c) == NULL)
		return CTL_DOWN;
	p[0] = to;
	p[1] = a->argc == 2 ? a->argv[1] :
	    "پیام آزمایشی پیشخوان / Pishkhan test message";
	res = db_query(c->db, "INSERT INTO sms_outbox (event, to_number, body) "
	    "VALUES ('test', $1, sms_render(coalesce((SELECT body FROM sms_templates "
	    "WHERE event = 'test' AND lang = 'fa'), '{text}'), "
	    "jsonb_build_object('text', $2::text))) RETURNING id", 2, p);
	if (res == NULL) {
		if (db_is(c->db, DB_CHECK))
			return ctl_error("the text is empty or the number is not E.164");
		return ctl_db_error(c, NULL);
	}
	ctl_print_tsv(res);
	PQclear(res);
	return CTL_OK;
}

static const struct ctl_verb verbs[] = {
	{ "run", "[--once]", "send the outbox's messages, in the foreground, until SIGTERM",
	    "  --once      stop when nothing is due instead of waiting\n", sms_run,
	    .opts = { run_options, run_opt, sizeof(int), NULL } },
	{ "list", "[--status=STATUS] [--delivery=STATE] [--limit=N]",
	    "the latest messages: id, status, event, to, attempts, created, last error",
	    "  --status S    pending, sending, sent, failed or expired\n"
	    "  --delivery D  only sent messages whose delivery receipt is waiting,\n"
	    "                delivered, undelivered or unknown\n"
	    "  --limit N     how many (default 50)\n", sms_list,
	    .opts = { list_options, list_opt, sizeof(struct list_opts), &list_init },
	    .flags = CTL_DB },
	{ "show", "ID", "one message, a field a line", NULL, sms_show,
	    .operands = { 1, 1, "expected one message id" } },
	{ "retry", "ID... | --failed [--since WHEN]",
	    "put failed messages back in the queue, due now, with a new retry window",
	    "  ID...         these messages (digits may be Persian)\n"
	    "  --failed      every failed message\n"
	    "  --since WHEN  only those that failed since WHEN: a duration ago\n"
	    "                ('2 hours'), or a time in the office's time zone,\n"
	    "                Gregorian ('2026-12-01 08:00') or Jalali ('1405-09-10')\n",
	    sms_retry, .operands = { 0, 1000, "expected message ids" },
	    .opts = { retry_options, retry_opt, sizeof(struct retry_opts), NULL } },
	{ "stats", "", "messages per status, with the oldest of each", NULL, sms_stats,
	    .flags = CTL_DB },
	{ "test", "NUMBER [TEXT]",
	    "queue a test message for the worker to send through the driver; prints its id",
	    NULL, sms_test,
	    .operands = { 1, 2, "expected a mobile number and, optionally, a text" } },
	{ .name = NULL }
};

const struct ctl_noun ctl_noun_sms = {
	"sms", "The SMS outbox and its worker.", verbs
};
