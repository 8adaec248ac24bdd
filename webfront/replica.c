/*
 * replica.c — reads off the primary: see replica.h.
 *
 * The standby's state is shared by every worker thread: whether it is
 * usable and the position it has replayed, as relaxed atomics (a stale
 * value is an older, smaller position: it can only send a request to the
 * primary that the standby could have answered).  A thread of its own, the
 * checker, brings it up to date every REPLICA_CHECK_MS on two connections
 * of its own, so that no request waits for it and the primary's positions
 * are sampled whether or not citizens are reading.  Each worker thread has
 * its own connection to the standby, as to the primary.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nettle/memops.h>

#include "clock.h"
#include "db.h"
#include "log.h"
#include "replica.h"
#include "req.h"
#include "web.h"
#include "xmalloc.h"

#define REPLICA_CHECK_MS	100	/* positions compared at most this often */
#define REPLICA_RETRY_MS	1000	/* a standby that failed: asked again after */
#define REPLICA_CONNECT_S	2	/* libpq's shortest connect_timeout */
#define REPLICA_SAMPLES		64	/* the primary's positions, over 2 * max lag */
#define REPLICA_MAC_HEX		32	/* the cookie's MAC: 16 bytes in hex */

static struct {
	char		*conninfo;	/* NULL: no standby */
	int64_t		 max_lag_ms;
	atomic_int	 usable;
	atomic_ullong	 replay;	/* the standby's replayed position */
	atomic_llong	 lag_bytes;	/* -1: not known */
	atomic_ullong	 n_standby, n_primary;
	/* the checker's */
	pthread_t	 thread;
	atomic_int	 stop;
	int		 started;
	struct db	*primary, *standby;
	struct {
		int64_t		 at;
		uint64_t	 lsn;
	}		 ring[REPLICA_SAMPLES];
	size_t		 head, n;
	int64_t		 last_sample;
	int		 said;		/* the state last logged: -1 none */
} rp = { .lag_bytes = -1, .said = -1 };

/* One standby connection per worker thread; all of them, to close at exit. */
static _Thread_local struct db *thread_rdb;
static pthread_mutex_t rdbs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db **rdbs;
static size_t nrdbs;

void
replica_init(void)
{
	const char *ci = cfg_str(web.cfg, CFG_WEB_READ_CONNINFO);
	PQconninfoOption *opts;
	char *err = NULL;

	if (ci[0] == '\0')
		return;
	if ((opts = PQconninfoParse(ci, &err)) == NULL)
		fatalx("web.read_conninfo: %s", err != NULL ? err : "out of memory");
	PQconninfoFree(opts);
	rp.conninfo = db_conninfo_as(ci, cfg_str(web.cfg, CFG_WEB_DB_USER));
	rp.max_lag_ms = cfg_int(web.cfg, CFG_WEB_READ_MAX_LAG) * 1000;
	log_info("the history and letter pages read from the standby when it is "
	    "at most %llds behind (web.read_conninfo)",
	    (long long)cfg_int(web.cfg, CFG_WEB_READ_MAX_LAG));
}

static void *checker(void *);

void
replica_start(void)
{
	int rc;

	if (rp.conninfo == NULL)
		return;
	if ((rc = pthread_create(&rp.thread, NULL, checker, NULL)) != 0) {
		errno = rc;
		fatal("cannot start the standby's checker");
	}
	rp.started = 1;
}

void
replica_close_all(void)
{
	size_t i;

	if (rp.started) {
		atomic_store(&rp.stop, 1);
		pthread_join(rp.thread, NULL);
	}
	pthread_mutex_lock(&rdbs_lock);
	for (i = 0; i < nrdbs; i++)
		db_close(rdbs[i]);
	free(rdbs);
	rdbs = NULL;
	nrdbs = 0;
	pthread_mutex_unlock(&rdbs_lock);
	db_close(rp.primary);
	db_close(rp.standby);
	free(rp.conninfo);
	rp.conninfo = NULL;
}

/* This thread's standby connection, open; NULL (the error in it) if not. */
static struct db *
read_db(void)
{
	if (thread_rdb == NULL) {
		/* no db_set_reconnect: one attempt, never a wait for a server
		 * that is not there — the primary answers meanwhile */
		thread_rdb = db_open(rp.conninfo, "pishkhan-web-read", REPLICA_CONNECT_S);
		pthread_mutex_lock(&rdbs_lock);
		rdbs = xreallocarray(rdbs, nrdbs + 1, sizeof *rdbs);
		rdbs[nrdbs++] = thread_rdb;
		pthread_mutex_unlock(&rdbs_lock);
	}
	return db_ensure(thread_rdb) == 0 ? thread_rdb : NULL;
}

/* A WAL position as bytes from 0/0 ("pg_lsn - '0/0'", a numeric's text). */
static int
lsn_of(PGresult *res, uint64_t *lsn)
{
	const char *v;
	char *end;
	unsigned long long n;

	if (PQntuples(res) != 1 || PQgetisnull(res, 0, 0))
		return -1;
	v = PQgetvalue(res, 0, 0);
	errno = 0;
	n = strtoull(v, &end, 10);
	if (end == v || *end != '\0' || errno != 0)
		return -1;
	*lsn = n;
	return 0;
}

/* One position, by a statement that gives it; -1 with *why set. */
static int
position(struct db *db, const char *sql, uint64_t *lsn, const char **why)
{
	PGresult *res = db_query(db, sql, 0, NULL);
	int rc;

	if (res == NULL) {
		*why = db_error(db);
		return -1;
	}
	rc = lsn_of(res, lsn);
	PQclear(res);
	if (rc != 0)
		*why = "it is not a standby (not in recovery)";
	return rc;
}

static void
set_state(int usable, const char *why)
{
	atomic_store_explicit(&rp.usable, usable, memory_order_relaxed);
	if (usable == rp.said)
		return;
	if (usable)
		log_info("standby: the history and letter pages read from it");
	else
		log_warnx("standby: not used for reads: %s", why);
	rp.said = usable;
}

/* An open connection of the checker's; NULL (the error in it) if not. */
static struct db *
checker_db(struct db **db, const char *conninfo)
{
	if (*db == NULL)
		*db = db_open(conninfo, "pishkhan-web-check", REPLICA_CONNECT_S);
	return db_ensure(*db) == 0 ? *db : NULL;
}

/*
 * The standby's replay position against the primary's insert position as
 * it was web.read_max_lag ago: the smallest of the samples since then and
 * now's.  Timestamps of replayed commits would mislead when the primary is
 * idle (nothing to replay, yet an old timestamp); positions do not.  The
 * milliseconds until the next check.
 */
static int64_t
check(void)
{
	struct db *sdb, *pdb;
	uint64_t replay, now_lsn, need;
	int64_t now = clock_ms(), period;
	const char *why = NULL;
	size_t i;

	if ((sdb = checker_db(&rp.standby, rp.conninfo)) == NULL) {
		set_state(0, db_error(rp.standby));
		return REPLICA_RETRY_MS;
	}
	if (position(sdb, "SELECT (pg_last_wal_replay_lsn() - '0/0')::text",
	    &replay, &why) != 0) {
		set_state(0, why);
		return REPLICA_RETRY_MS;
	}
	if ((pdb = checker_db(&rp.primary, web.conninfo)) == NULL) {
		set_state(0, db_error(rp.primary));
		return REPLICA_RETRY_MS;
	}
	if (position(pdb, "SELECT (pg_current_wal_insert_lsn() - '0/0')::text",
	    &now_lsn, &why) != 0) {
		set_state(0, why);	/* a primary that is not one, say */
		return REPLICA_RETRY_MS;
	}
	need = now_lsn;
	for (i = 0; i < rp.n; i++)
		if (rp.ring[i].at >= now - rp.max_lag_ms && rp.ring[i].lsn < need)
			need = rp.ring[i].lsn;
	period = rp.max_lag_ms / (REPLICA_SAMPLES / 2);
	if (now - rp.last_sample >= (period > REPLICA_CHECK_MS ? period : REPLICA_CHECK_MS)) {
		rp.ring[rp.head].at = now;
		rp.ring[rp.head].lsn = now_lsn;
		rp.head = (rp.head + 1) % REPLICA_SAMPLES;
		if (rp.n < REPLICA_SAMPLES)
			rp.n++;
		rp.last_sample = now;
	}
	atomic_store_explicit(&rp.replay, replay, memory_order_relaxed);
	atomic_store_explicit(&rp.lag_bytes, now_lsn > replay ?
	    (long long)(now_lsn - replay) : 0, memory_order_relaxed);
	set_state(replay >= need, "it is further behind than web.read_max_lag");
	return REPLICA_CHECK_MS;
}

static void *
checker(void *arg)
{
	int64_t wait, end;

	(void)arg;
	while (!atomic_load(&rp.stop)) {
		wait = check();
		for (end = clock_ms() + wait; !atomic_load(&rp.stop) && clock_ms() < end;) {
			struct timespec ts = { 0, 20 * 1000000L };

			nanosleep(&ts, NULL);
		}
	}
	return NULL;
}

/* The MAC of a position for this citizen: HMAC(key, "wrote:CITIZEN:LSN"). */
static int
wrote_mac(struct req *r, const char *lsn_hex, char out[REPLICA_MAC_HEX + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char mac[32];
	char msg[64];
	int i;

	snprintf(msg, sizeof msg, "%s:%s", r->citizen_id, lsn_hex);
	if (web_hmac(r, "wrote", msg, mac) != 0)
		return -1;
	for (i = 0; i < REPLICA_MAC_HEX / 2; i++) {
		out[i * 2] = hex[mac[i] >> 4];
		out[i * 2 + 1] = hex[mac[i] & 15];
	}
	out[REPLICA_MAC_HEX] = '\0';
	return 0;
}

/*
 * The position of this citizen's last write, from the cookie: 16 hex
 * digits, "-", the MAC.  0 when there is none, or it is not theirs or not
 * ours: at worst a citizen who forges one reads their own letters from a
 * standby within web.read_max_lag, as anyone without a cookie does.
 */
static uint64_t
wrote_lsn(struct req *r)
{
	const char *c = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
	    web.cookie_wrote);
	char lsn[17], mac[REPLICA_MAC_HEX + 1];

	if (c == NULL || strlen(c) != 16 + 1 + REPLICA_MAC_HEX || c[16] != '-' ||
	    strspn(c, "0123456789abcdef") != 16 ||
	    strspn(c + 17, "0123456789abcdef") != REPLICA_MAC_HEX)
		return 0;
	memcpy(lsn, c, 16);
	lsn[16] = '\0';
	if (wrote_mac(r, lsn, mac) != 0 || !memeql_sec(mac, c + 17, REPLICA_MAC_HEX))
		return 0;
	return strtoull(lsn, NULL, 16);
}

void
replica_wrote(struct req *r)
{
	uint64_t lsn;
	const char *why = NULL;
	char hex[17], mac[REPLICA_MAC_HEX + 1], val[16 + 1 + REPLICA_MAC_HEX + 1];

	if (rp.conninfo == NULL)
		return;
	/* After the COMMIT, on its connection: the insert position is past
	 * the commit record even when it is not yet flushed. */
	if (position(r->db, "SELECT (pg_current_wal_insert_lsn() - '0/0')::text",
	    &lsn, &why) != 0) {
		/* without it the letter may take web.read_max_lag to show */
		log_warnx("standby: the position of citizen %s's letter: %s",
		    r->citizen_id, why);
		return;
	}
	snprintf(hex, sizeof hex, "%016llx", (unsigned long long)lsn);
	if (wrote_mac(r, hex, mac) != 0)
		return;
	snprintf(val, sizeof val, "%s-%s", hex, mac);
	req_cookie(r, web.cookie_wrote, val, cfg_int(web.cfg, CFG_WEB_SESSION_MAX));
}

PGresult *
replica_query(struct req *r, int latest, const char *sql, int n,
    const char *const *p)
{
	struct db *rdb;
	PGresult *res;

	if (rp.conninfo != NULL && !latest &&
	    atomic_load_explicit(&rp.usable, memory_order_relaxed) &&
	    atomic_load_explicit(&rp.replay, memory_order_relaxed) >= wrote_lsn(r)) {
		if ((rdb = read_db()) != NULL &&
		    (res = db_query(rdb, sql, n, p)) != NULL) {
			atomic_fetch_add_explicit(&rp.n_standby, 1, memory_order_relaxed);
			return res;
		}
		/* down (the checker will say so), or a query that recovery
		 * cancelled: the primary answers this one */
		log_info("standby: %s; read from the primary", db_error(thread_rdb));
	}
	atomic_fetch_add_explicit(&rp.n_primary, 1, memory_order_relaxed);
	return db_query_idem(r->db, sql, n, p);
}

void
replica_stats(struct replica_stats *st)
{
	st->configured = rp.conninfo != NULL;
	st->usable = atomic_load_explicit(&rp.usable, memory_order_relaxed);
	st->lag_bytes = atomic_load_explicit(&rp.lag_bytes, memory_order_relaxed);
	st->standby = atomic_load_explicit(&rp.n_standby, memory_order_relaxed);
	st->primary = atomic_load_explicit(&rp.n_primary, memory_order_relaxed);
}
