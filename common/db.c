/*
 * db.c — libpq with recorded errors and reconnection.
 */
#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "clock.h"
#include "db.h"
#include "log.h"
#include "url.h"
#include "xmalloc.h"

struct db {
	PGconn	*conn;
	char	*conninfo;
	char	*appname;
	char	 timeout[16];
	char	 err[512];
	char	 detail[512];
	char	 hint[256];
	char	 state[6];
	char	 constraint[64];
	int	 position;
	int	 down;
	int	 reconnect;	/* db_set_reconnect() */
	int	 in_tx;		/* the server last said: inside a transaction */
	int	 ended;		/* the server ended the session (a FATAL notice) */
	int	 unknown;	/* db_outcome_unknown() */
	int	 hosts;		/* several hosts to try (several_hosts()) */
	long long gone_at;	/* ms: the first failed reconnect of an outage */
	char	 ended_state[6];
	char	 ended_msg[256];
	int	 was_up;	/* a session was open once: the next is a reconnect */
};

/* db_stats(): the whole process's, every connection's. */
static atomic_ullong n_connects, n_reconnects, n_connect_errors, n_lost, n_errors;

static void
count(atomic_ullong *n)
{
	atomic_fetch_add_explicit(n, 1, memory_order_relaxed);
}

void
db_stats(struct db_stats *st)
{
	st->connects = atomic_load_explicit(&n_connects, memory_order_relaxed);
	st->reconnects = atomic_load_explicit(&n_reconnects, memory_order_relaxed);
	st->connect_errors = atomic_load_explicit(&n_connect_errors, memory_order_relaxed);
	st->lost = atomic_load_explicit(&n_lost, memory_order_relaxed);
	st->errors = atomic_load_explicit(&n_errors, memory_order_relaxed);
}

static void
set_err(struct db *db, const char *state, const char *msg)
{
	size_t n;

	snprintf(db->err, sizeof db->err, "%s", msg != NULL ? msg : "");
	/* libpq messages end with newlines and may hold DETAIL lines. */
	n = strcspn(db->err, "\n");
	db->err[n] = '\0';
	if (strncmp(db->err, "ERROR:  ", 8) == 0)
		memmove(db->err, db->err + 8, strlen(db->err + 8) + 1);
	snprintf(db->state, sizeof db->state, "%s", state != NULL ? state : "");
	db->detail[0] = db->hint[0] = db->constraint[0] = '\0';
	db->position = 0;
}

/*
 * Every notice of a connection comes here, and goes to the log (not to
 * libpq's default, which writes "NOTICE:  ..." to stderr past our logger),
 * at the level its severity maps to: what the server says (a RAISE NOTICE,
 * a WARNING at connection such as a collation version mismatch) and what
 * libpq itself notes.  A message the server sends while the connection is
 * idle is one too; a FATAL one is the server ending the session (a
 * restart, pg_terminate_backend): the socket may still look fine, so
 * remember it.
 */
static const struct {
	const char	*severity;
	enum log_level	 level;
} notice_levels[] = {
	{ "DEBUG", LOG_LVL_DEBUG }, { "LOG", LOG_LVL_INFO }, { "INFO", LOG_LVL_INFO },
	{ "NOTICE", LOG_LVL_INFO }, { "WARNING", LOG_LVL_WARN },
	{ "ERROR", LOG_LVL_ERROR }, { "FATAL", LOG_LVL_ERROR }, { "PANIC", LOG_LVL_ERROR },
};

static void
notice_rx(void *arg, const PGresult *res)
{
	struct db *db = arg;
	const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
	enum log_level level = LOG_LVL_WARN;
	size_t i;

	if (sev == NULL)
		sev = "NOTICE";
	for (i = 0; i < sizeof notice_levels / sizeof notice_levels[0]; i++)
		if (strncmp(sev, notice_levels[i].severity,
		    strlen(notice_levels[i].severity)) == 0)	/* DEBUG1..5 */
			level = notice_levels[i].level;
	if (msg == NULL)	/* libpq's own: only the whole text */
		msg = PQresultErrorMessage(res);
	log_at(level, "PostgreSQL %s%s%s: %s%s%s%s", sev, state != NULL ? " " : "",
	    state != NULL ? state : "", msg, detail != NULL ? " (" : "",
	    detail != NULL ? detail : "", detail != NULL ? ")" : "");
	if (strcmp(sev, "FATAL") != 0 && strcmp(sev, "PANIC") != 0)
		return;
	db->ended = 1;
	snprintf(db->ended_state, sizeof db->ended_state, "%s", state != NULL ? state : "08006");
	snprintf(db->ended_msg, sizeof db->ended_msg, "%s", msg);
}

static const char *const conn_kw[] = { "dbname", "fallback_application_name",
    "connect_timeout", "client_encoding", NULL };
/* The same, and a target_session_attrs that overrides the conninfo's. */
static const char *const probe_kw[] = { "dbname", "fallback_application_name",
    "connect_timeout", "client_encoding", "target_session_attrs", NULL };

/*
 * Whether the connection string (or PGHOST, PGHOSTADDR) names several
 * hosts: when one does not answer in time, libpq's own wait moves on to
 * the next (a standby after a failover), which a non-blocking connection
 * cannot ask of it.
 */
static int
several_hosts(const char *conninfo)
{
	PQconninfoOption *opts = PQconninfoParse(conninfo, NULL), *o;
	const char *host = NULL, *addr = NULL;
	int several;

	for (o = opts; o != NULL && o->keyword != NULL; o++)
		if (strcmp(o->keyword, "host") == 0)
			host = o->val;
		else if (strcmp(o->keyword, "hostaddr") == 0)
			addr = o->val;
	if (host == NULL)
		host = getenv("PGHOST");
	if (addr == NULL)
		addr = getenv("PGHOSTADDR");
	several = (host != NULL && strchr(host, ',') != NULL) ||
	    (addr != NULL && strchr(addr, ',') != NULL);
	PQconninfoFree(opts);
	return several;
}

/*
 * PQconnectdbParams, with our notice receiver in place before the server
 * says anything (a WARNING at start-up goes to the log too).  Waits, as
 * libpq's own does, up to the connect timeout; *timed_out says it ran out.
 * With several hosts, libpq's own wait, and the receiver once connected.
 */
static PGconn *
connect_start(struct db *db, const char *const *val, int *timed_out)
{
	PGconn *c;
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;
	long long end = clock_ms() + strtoll(db->timeout, NULL, 10) * 1000, left;
	struct pollfd pfd;
	int n;

	*timed_out = 0;
	if (db->hosts) {
		c = PQconnectdbParams(conn_kw, val, 1);
		if (c != NULL)
			PQsetNoticeReceiver(c, notice_rx, db);
		return c;
	}
	c = PQconnectStartParams(conn_kw, val, 1);
	if (c == NULL || PQstatus(c) == CONNECTION_BAD)
		return c;
	PQsetNoticeReceiver(c, notice_rx, db);
	while (st != PGRES_POLLING_OK && st != PGRES_POLLING_FAILED) {
		pfd.fd = PQsocket(c);
		pfd.events = st == PGRES_POLLING_READING ? POLLIN : POLLOUT;
		pfd.revents = 0;
		if ((left = end - clock_ms()) <= 0 ||
		    ((n = poll(&pfd, 1, left > 60000 ? 60000 : (int)left)) == 0 &&
		    clock_ms() >= end)) {
			*timed_out = 1;
			break;
		}
		if (n < 0 && errno != EINTR) {
			*timed_out = 1;		/* cannot wait: as if it ran out */
			break;
		}
		if (n > 0)
			st = PQconnectPoll(c);
	}
	return c;
}

static int
connect_now(struct db *db)
{
	const char *val[] = { db->conninfo, db->appname, db->timeout, "UTF8", NULL };
	PGresult *res;
	int timed_out;

	if (db->conn != NULL) {
		/* a session found gone between statements (alive()) */
		if (!db->down)
			count(&n_lost);
		PQfinish(db->conn);
	}
	db->in_tx = db->ended = 0;
	db->conn = connect_start(db, val, &timed_out);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		char msg[600];

		snprintf(msg, sizeof msg, "cannot connect to the database: %s",
		    timed_out ? "timeout expired" : PQerrorMessage(db->conn));
		set_err(db, "08006", msg);
		db->down = 1;
		count(&n_connect_errors);
		return -1;
	}
	/*
	 * Our objects live in their own schema; pg_temp last, as in SECURITY
	 * DEFINER functions.  Dates and times are the office's (sql/019): a
	 * moment read back is the office's day.  Before the schema is
	 * migrated there is no zone to take, and without the time_zone row
	 * the office functions say so themselves; either way the session
	 * keeps the server's zone, so an admin can still connect to put
	 * things right.  One round trip; a session either statement fails in
	 * is not one to use.
	 */
	res = PQexec(db->conn,
	    "SELECT pg_catalog.set_config('search_path', 'pishkhan, pg_catalog, pg_temp', false);"
	    "DO $$BEGIN PERFORM pg_catalog.set_config('TimeZone', pishkhan.session_zone(), false);"
	    " EXCEPTION WHEN undefined_function OR invalid_schema_name OR insufficient_privilege"
	    " OR no_data_found THEN NULL; END$$");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		set_err(db, PQresultErrorField(res, PG_DIAG_SQLSTATE),
		    PQresultErrorMessage(res));
		PQclear(res);
		PQfinish(db->conn);
		db->conn = NULL;
		db->down = 1;
		count(&n_connect_errors);
		return -1;
	}
	PQclear(res);
	db->down = 0;
	count(&n_connects);
	if (db->was_up)
		count(&n_reconnects);
	db->was_up = 1;
	return 0;
}

/*
 * After a failed connection to several hosts: does one of them take us,
 * only not for writing (target_session_attrs=read-write found standbys
 * only)?  Then a failover is under way, and a primary is worth waiting
 * for.  PQping cannot tell: a standby answers it as a primary does.
 */
static int
standbys_only(struct db *db)
{
	const char *val[] = { db->conninfo, db->appname, db->timeout, "UTF8", "any", NULL };
	PGconn *c;
	int up;

	if (!db->hosts)
		return 0;
	c = PQconnectdbParams(probe_kw, val, 1);
	up = c != NULL && PQstatus(c) == CONNECTION_OK;
	PQfinish(c);
	return up;
}

/*
 * Reconnect; with db_set_reconnect() on, a server that is restarting (it
 * does not answer, or answers that it is starting up or shutting down) is
 * tried again, for up to the connect timeout from the first failure of
 * this outage: a restart then costs the request a wait, not an error.  So
 * is a failover: with several hosts, none of which takes writes yet, until
 * the high-availability engine has promoted a standby.  Once that time has
 * passed, one attempt each until it is back.
 */
static int
connect_wait(struct db *db)
{
	const char *val[] = { db->conninfo, db->appname, db->timeout, "UTF8", NULL };
	long long limit = strtoll(db->timeout, NULL, 10) * 1000, t;
	long pause = 25;

	for (;;) {
		if (connect_now(db) == 0) {
			db->gone_at = 0;
			return 0;
		}
		if (!db->reconnect)
			return -1;
		t = clock_ms();
		if (db->gone_at == 0)
			db->gone_at = t;
		if (t - db->gone_at >= limit)
			return -1;
		switch (PQpingParams(conn_kw, val, 1)) {
		case PQPING_REJECT:		/* starting up, shutting down */
		case PQPING_NO_RESPONSE:	/* not (yet) there */
			break;
		default:	/* up, and it refused us: no use waiting */
			if (!standbys_only(db))
				return -1;
			break;		/* up, but no primary yet */
		}
		pause = pause * 2 < 500 ? pause * 2 : 500;
		if (pause > limit - (clock_ms() - db->gone_at))
			pause = (long)(limit - (clock_ms() - db->gone_at));
		if (pause > 0) {
			struct timespec ts = { pause / 1000, (pause % 1000) * 1000000L };

			while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
				;
		}
	}
}

struct db *
db_open(const char *conninfo, const char *appname, int timeout)
{
	struct db *db = xcalloc(1, sizeof *db);

	db->conninfo = xstrdup(conninfo != NULL ? conninfo : "");
	db->hosts = several_hosts(db->conninfo);
	db->appname = xstrdup(appname != NULL ? appname : "pishkhan");
	snprintf(db->timeout, sizeof db->timeout, "%d", timeout > 0 ? timeout : 5);
	(void)connect_now(db);
	return db;
}

char *
db_conninfo_as(const char *conninfo, const char *user)
{
	struct buf b = BUF_INIT;
	const char *p;

	if (strncmp(conninfo, "postgresql://", 13) == 0 ||
	    strncmp(conninfo, "postgres://", 11) == 0) {
		buf_addf(&b, "%s%cuser=", conninfo, strchr(conninfo, '?') != NULL ? '&' : '?');
		url_encode(&b, user, URL_UNRESERVED);
		return buf_detach(&b);
	}
	buf_addf(&b, "%s%suser='", conninfo, conninfo[0] != '\0' ? " " : "");
	for (p = user; *p != '\0'; p++) {
		if (*p == '\'' || *p == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *p);
	}
	buf_addc(&b, '\'');
	return buf_detach(&b);
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->conn != NULL)
		PQfinish(db->conn);
	free(db->conninfo);
	free(db->appname);
	free(db);
}

int
db_ok(const struct db *db)
{
	return db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK && !db->ended;
}

PGconn *
db_conn(struct db *db)
{
	return db->conn;
}

void
db_set_reconnect(struct db *db, int on)
{
	db->reconnect = on;
}

/*
 * Is the connection still there, as far as can be told without a round
 * trip?  What the server sent while we were idle is read now: a FATAL
 * notice or the end of the stream says it has gone (a restart); a
 * notification stays queued for PQnotifies().
 */
static int
alive(struct db *db)
{
	struct pollfd pfd;
	int i;

	if (!db_ok(db))
		return 0;
	pfd.fd = PQsocket(db->conn);
	pfd.events = POLLIN;
	/* Bounded, so that a busy LISTEN channel cannot keep us here. */
	for (i = 0; i < 8 && db_ok(db) && poll(&pfd, 1, 0) > 0; i++) {
		if (!PQconsumeInput(db->conn))
			break;
		(void)PQisBusy(db->conn);	/* parses what came */
	}
	return db_ok(db);
}

/* The connection is gone: say so, in the server's words if it sent any. */
static void
set_lost(struct db *db, const PGresult *res)
{
	const char *state = NULL, *why = NULL;
	char msg[600];

	if (db->ended) {
		state = db->ended_state;
		why = db->ended_msg;
	} else if (res != NULL) {
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		why = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	}
	if (why == NULL || why[0] == '\0')
		why = db->conn != NULL ? PQerrorMessage(db->conn) : "";
	if (state != NULL && strcmp(state, DB_READ_ONLY) == 0)
		snprintf(msg, sizeof msg, "the database server no longer takes "
		    "writes (a standby now?): %s", why);
	else
		snprintf(msg, sizeof msg, "lost the connection to the database: %s", why);
	set_err(db, state != NULL && state[0] != '\0' ? state : "08006", msg);
	if (!db->down)
		count(&n_lost);
	db->down = 1;
}

int
db_ensure(struct db *db)
{
	if (alive(db))
		return 0;
	if (db->in_tx && db->conn != NULL) {
		/* The transaction went with the session.  Say so once, rather
		 * than let the caller's next statements run in a new session
		 * as if it were still open; the next call reconnects. */
		db->in_tx = 0;
		set_lost(db, NULL);
		return -1;
	}
	return connect_wait(db);
}

static int
check(struct db *db, PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	const char *state, *f;

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		db->err[0] = db->state[0] = '\0';
		db->in_tx = PQtransactionStatus(db->conn) != PQTRANS_IDLE;
		return 0;
	}
	if (res == NULL || PQstatus(db->conn) != CONNECTION_OK || db->ended) {
		set_lost(db, res);
		db->in_tx = 0;
		return -1;
	}
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	f = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	if (state != NULL && strcmp(state, DB_READ_ONLY) == 0) {
		/* Pishkhan opens no read-only transaction of its own: the
		 * server takes no writes (a primary demoted to a standby, or a
		 * conninfo that reached one).  Done with this session, as if
		 * the server had ended it; the next one looks for the primary
		 * (target_session_attrs=read-write). */
		db->ended = 1;
		snprintf(db->ended_state, sizeof db->ended_state, "%s", state);
		snprintf(db->ended_msg, sizeof db->ended_msg, "%s", f != NULL ? f : "");
		set_lost(db, res);
		db->in_tx = 0;
		return -1;
	}
	set_err(db, state, f != NULL ? f : PQresultErrorMessage(res));
	if ((f = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL)) != NULL)
		snprintf(db->detail, sizeof db->detail, "%s", f);
	if ((f = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT)) != NULL)
		snprintf(db->hint, sizeof db->hint, "%s", f);
	if ((f = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME)) != NULL)
		snprintf(db->constraint, sizeof db->constraint, "%s", f);
	if ((f = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION)) != NULL)
		db->position = (int)strtol(f, NULL, 10);
	db->down = state != NULL && strncmp(state, "08", 2) == 0;
	db->in_tx = PQtransactionStatus(db->conn) != PQTRANS_IDLE;
	count(db->down ? &n_lost : &n_errors);
	return -1;
}

static int
starts(const char *sql, const char *word)
{
	size_t n = strlen(word);

	sql += strspn(sql, " \t\n");
	return strncasecmp(sql, word, n) == 0 &&
	    (sql[n] == '\0' || strchr(" \t\n;", sql[n]) != NULL);
}

/* A statement that opens a transaction: it changes nothing by itself. */
static int
opens_tx(const char *sql)
{
	return starts(sql, "BEGIN") || starts(sql, "START");
}

/* A statement that ends one: meaningless in a new session. */
static int
ends_tx(const char *sql)
{
	return starts(sql, "COMMIT") || starts(sql, "END") ||
	    starts(sql, "ROLLBACK") || starts(sql, "ABORT");
}

/*
 * A statement that failed with the connection lost certainly did not take
 * effect when libpq could not send it, or when the server ended the session
 * with it (its transaction rolled back): 57P01 admin_shutdown (a fast
 * restart, pg_terminate_backend), 57P02 crash_shutdown, 57P03
 * cannot_connect_now, class 08; or when a server that takes no writes
 * refused it (25006, before it changed anything).  Otherwise the server
 * may have committed it before the connection went.
 */
static int
not_run(const PGresult *res)
{
	const char *s;

	if (res == NULL)
		return 1;
	s = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	return s != NULL && (strncmp(s, "08", 2) == 0 || strcmp(s, "57P01") == 0 ||
	    strcmp(s, "57P02") == 0 || strcmp(s, "57P03") == 0 ||
	    strcmp(s, DB_READ_ONLY) == 0);
}

/* The parameters of one statement, as PQexecParams takes them. */
struct stmt {
	const char		*sql;
	int			 nparams;
	const char *const	*params;
	const int		*lengths;	/* NULL: all text */
	const int		*formats;
	int			 binary;	/* the result in binary format */
};

static PGresult *
run(struct db *db, const struct stmt *st, int idem)
{
	const char *sql = st->sql;
	PGresult *res;
	int idle, tries;

	db->unknown = 0;
	/* Between statements, outside a transaction: a new session is as
	 * good as the old one. */
	if (db->reconnect && !db->in_tx && !ends_tx(sql) && !alive(db) &&
	    connect_wait(db) != 0)
		return NULL;
	for (tries = 0;; tries++) {
		if (!db_ok(db)) {
			if (db->in_tx)
				set_lost(db, NULL);
			/* Keep the connect error if there is one: it says more. */
			else if (!db->down || db->err[0] == '\0')
				set_err(db, "08006", "not connected to the database");
			db->down = 1;
			db->in_tx = 0;
			return NULL;
		}
		idle = !db->in_tx;
		res = PQexecParams(db->conn, sql, st->nparams, NULL, st->params,
		    st->lengths, st->formats, st->binary);
		if (check(db, res) == 0)
			return res;
		if (db_ok(db)) {		/* the server said no */
			PQclear(res);
			return NULL;
		}
		/* The connection went.  Run it once more in a new session when
		 * that is safe: outside a transaction, and certainly not run,
		 * or harmless to run twice. */
		if (db->reconnect && tries == 0 && idle &&
		    (not_run(res) || idem || opens_tx(sql))) {
			PQclear(res);
			if (connect_wait(db) != 0)
				return NULL;
			continue;
		}
		db->unknown = !not_run(res) && (idle ? !opens_tx(sql) :
		    starts(sql, "COMMIT") || starts(sql, "END"));
		PQclear(res);
		return NULL;
	}
}

PGresult *
db_query(struct db *db, const char *sql, int nparams, const char *const *params)
{
	const struct stmt st = { sql, nparams, params, NULL, NULL, 0 };

	return run(db, &st, 0);
}

PGresult *
db_query_idem(struct db *db, const char *sql, int nparams,
    const char *const *params)
{
	const struct stmt st = { sql, nparams, params, NULL, NULL, 0 };

	return run(db, &st, 1);
}

int
db_outcome_unknown(const struct db *db)
{
	return db->unknown;
}

#define DB_MAX_PARAMS	16

/* db_query's run with some parameters binary (`lengths[i]` >= 0). */
static PGresult *
run_bin(struct db *db, const char *sql, int nparams, const char *const *params,
    const int *lengths, int binary_result, int idem)
{
	struct stmt st = { sql, nparams, params, NULL, NULL, binary_result ? 1 : 0 };
	int formats[DB_MAX_PARAMS], i;

	if (lengths != NULL) {
		if (nparams > DB_MAX_PARAMS) {
			set_err(db, "54023", "too many binary parameters");
			return NULL;
		}
		for (i = 0; i < nparams; i++)
			formats[i] = lengths[i] >= 0;
		st.lengths = lengths;
		st.formats = formats;
	}
	return run(db, &st, idem);
}

PGresult *
db_query_bin(struct db *db, const char *sql, int nparams, const char *const *params,
    const int *lengths, int binary_result)
{
	return run_bin(db, sql, nparams, params, lengths, binary_result, 0);
}

PGresult *
db_query_bin_idem(struct db *db, const char *sql, int nparams,
    const char *const *params, const int *lengths, int binary_result)
{
	return run_bin(db, sql, nparams, params, lengths, binary_result, 1);
}

#define DB_COPY_CHUNK	(64 * 1024)

int
db_copy_in(struct db *db, const char *sql, db_copy_fill fill, void *cls)
{
	PGresult *res;
	char *chunk = NULL;
	long n = 0;
	int rc;

	if (!db_ok(db)) {
		set_err(db, "08006", "not connected to the database");
		db->down = 1;
		return -1;
	}
	res = PQexec(db->conn, sql);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		if (check(db, res) == 0)
			set_err(db, "XX000", "COPY did not start");
		PQclear(res);
		return -1;
	}
	PQclear(res);
	chunk = xmalloc(DB_COPY_CHUNK);
	while ((n = fill(cls, chunk, DB_COPY_CHUNK)) > 0)
		if (PQputCopyData(db->conn, chunk, (int)n) != 1)
			break;
	free(chunk);
	/* the end, or an abort the server turns into an error */
	if (PQputCopyEnd(db->conn, n == 0 ? NULL : "the data could not be read") != 1) {
		set_err(db, "08006", PQerrorMessage(db->conn));
		db->down = 1;
	}
	rc = 0;
	while ((res = PQgetResult(db->conn)) != NULL) {
		if (rc == 0 && check(db, res) != 0)
			rc = -1;
		PQclear(res);
	}
	if (rc == 0 && n != 0) {
		set_err(db, "XX000", "COPY aborted: the data could not be read");
		rc = -1;
	}
	return rc;
}

int
db_exec(struct db *db, const char *sql, int nparams, const char *const *params)
{
	PGresult *res = db_query(db, sql, nparams, params);

	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

long long
db_changed(struct db *db, const char *sql, int nparams, const char *const *params)
{
	PGresult *res = db_query(db, sql, nparams, params);
	long long n;

	if (res == NULL)
		return -1;
	n = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return n;
}

int
db_script(struct db *db, const char *sql)
{
	PGresult *res;
	int rc;

	if (!db_ok(db)) {
		set_err(db, "08006", "not connected to the database");
		db->down = 1;
		return -1;
	}
	/* PQexec returns the last result; the first error stops the script. */
	res = PQexec(db->conn, sql);
	rc = check(db, res);
	PQclear(res);
	return rc;
}

const char *
db_error(const struct db *db)
{
	return db->err;
}

const char *
db_sqlstate(const struct db *db)
{
	return db->state;
}

const char *
db_detail(const struct db *db)
{
	return db->detail;
}

const char *
db_hint(const struct db *db)
{
	return db->hint;
}

const char *
db_constraint(const struct db *db)
{
	return db->constraint;
}

int
db_position(const struct db *db)
{
	return db->position;
}

int
db_server_answers(const struct db *db)
{
	const char *val[] = { db->conninfo, db->appname, db->timeout, "UTF8", NULL };

	return PQpingParams(conn_kw, val, 1) == PQPING_OK;
}

int
db_is_down(const struct db *db)
{
	return db->down || !db_ok(db);
}

int
db_is(const struct db *db, const char *sqlstate)
{
	return strcmp(db->state, sqlstate) == 0;
}
