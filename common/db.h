/*
 * db.h — one PostgreSQL connection (libpq), parameterised queries only.
 *
 * Every statement is constant SQL text with $1..$n; values travel as
 * parameters, never pasted into the text.  On failure the connection object
 * keeps a one-line message and the SQLSTATE; nothing is printed.  A lost
 * connection is re-established by the next db_ensure() (between
 * statements, never inside a transaction), or by db_query() itself when
 * db_set_reconnect() is on.
 */
#ifndef PK_DB_H
#define PK_DB_H

#include <libpq-fe.h>

struct db;

/*
 * Connect with `conninfo` ("" or NULL: libpq's environment).  Always returns
 * an object; check db_ok().  The search_path is set to the pishkhan schema.
 * `appname` becomes application_name unless the conninfo sets one.
 */
struct db	*db_open(const char *conninfo, const char *appname, int timeout);
void		 db_close(struct db *);
/*
 * The connection string of a service that must connect as `user` (the web
 * as pishkhan_web, the SMS worker as pishkhan_sms): `conninfo` with the user
 * added last, so it wins over one set there; a URI gets it as a query
 * parameter.  Owned by the caller.
 */
char		*db_conninfo_as(const char *conninfo, const char *user);

int		 db_ok(const struct db *);
/*
 * Reconnect if the connection was lost, noticing a server that has ended
 * an idle session (a restart) before a statement fails on it.  0, or -1
 * (db_error says why).  A session lost inside a transaction gives -1 once,
 * so that the caller learns the transaction is gone; the next call
 * reconnects.
 */
int		 db_ensure(struct db *);
PGconn		*db_conn(struct db *);
/*
 * Let db_query() reconnect by itself (off by default): before a statement
 * outside a transaction when the server has ended the session since the
 * last one, and once after a statement outside a transaction that failed
 * with the connection lost before it could take effect (libpq could not
 * send it, or the server ended the session with 57P01/57P02/57P03 or a
 * class 08 error, or a server that takes no writes refused it with 25006,
 * which also drops the session, as a demoted primary's must be).  BEGIN
 * counts as outside.  Never inside a transaction,
 * never a COMMIT or ROLLBACK.  A server that is restarting (not answering,
 * or starting up) is waited for, up to the connect timeout from the first
 * failure of the outage; after that each reconnect is one attempt.  So is
 * a failover: with several hosts and target_session_attrs=read-write in
 * the conninfo, while they answer but none takes writes yet.
 * Session state (LISTEN, SET) is not carried over: for programs that keep
 * none, such as the web.
 */
void		 db_set_reconnect(struct db *, int on);

/*
 * Run one statement.  Returns the result (PQclear it), or NULL with the
 * error recorded.  Both PGRES_COMMAND_OK and PGRES_TUPLES_OK are success.
 */
PGresult	*db_query(struct db *, const char *sql, int nparams,
		    const char *const *params);
/*
 * The same, for a statement that may run twice without harm (a read, a
 * session's last-seen time): with db_set_reconnect() on, it is run once
 * more on a new connection whenever the connection was lost outside a
 * transaction, even when the server may have run it.
 */
PGresult	*db_query_idem(struct db *, const char *sql, int nparams,
		    const char *const *params);
/*
 * 1 if the last statement failed with the connection lost after it was
 * sent, so that it may or may not have taken effect: a COMMIT, or a
 * statement outside a transaction that was not run again.  Nobody can tell
 * the caller which; say so rather than guess.
 */
int		 db_outcome_unknown(const struct db *);
/* The same as db_query, for statements whose result is not needed.  0 or -1. */
int		 db_exec(struct db *, const char *sql, int nparams,
		    const char *const *params);
/* The same, for an INSERT, UPDATE or DELETE: the rows it changed, or -1. */
long long	 db_changed(struct db *, const char *sql, int nparams,
		    const char *const *params);
/*
 * db_query and db_query_idem for bytes: parameter i is sent as `lengths[i]`
 * bytes in binary format when that is >= 0, as text when it is -1
 * (`lengths` NULL: all text; at most 16 parameters otherwise); with
 * `binary_result`, every column comes back in binary format (bytea as its
 * bytes, PQgetlength long; text as its UTF-8; cast numbers to text).  No
 * hex on the way in or out.  The result or NULL; errors, SQLSTATE and
 * reconnection as db_query's.
 */
PGresult	*db_query_bin(struct db *, const char *sql, int nparams,
		    const char *const *params, const int *lengths, int binary_result);
PGresult	*db_query_bin_idem(struct db *, const char *sql, int nparams,
		    const char *const *params, const int *lengths, int binary_result);
/*
 * Run a COPY ... FROM STDIN and stream its data: `fill` is called with a
 * buffer of `cap` bytes and returns how many it wrote, 0 at the end, or -1
 * to abort the COPY (libpq never holds more than one buffer).  0, or -1
 * with the error recorded.
 */
typedef long	(*db_copy_fill)(void *cls, char *buf, size_t cap);
int		 db_copy_in(struct db *, const char *sql, db_copy_fill fill,
		    void *cls);
/* Run a script of several statements (simple query protocol, no params). */
int		 db_script(struct db *, const char *sql);

/* The last error: a one-line message, and its SQLSTATE ("" if none). */
const char	*db_error(const struct db *);
const char	*db_sqlstate(const struct db *);
/* The DETAIL and HINT of the last server error ("" if none). */
const char	*db_detail(const struct db *);
const char	*db_hint(const struct db *);
/* The constraint named by the last error ("" if none). */
const char	*db_constraint(const struct db *);
/* 1-based character position in the statement of the last error, or 0. */
int		 db_position(const struct db *);
/* 1 if the last failure was the server being unreachable or the link lost. */
int		 db_is_down(const struct db *);
/* After a failed connection: whether the server is up and accepting
 * connections (so it refused this one: the role, the database, pg_hba). */
int		 db_server_answers(const struct db *);
/* 1 if the last error has this SQLSTATE. */
int		 db_is(const struct db *, const char *sqlstate);

/*
 * What every connection of the process has done since it started, for the
 * metrics (pishkhan(7), MONITORING): connections made, connections made
 * again after one was lost or refused, and failures.  Counted with relaxed
 * atomics, so any thread may read them at any time.
 */
struct db_stats {
	unsigned long long	 connects;	/* sessions opened */
	unsigned long long	 reconnects;	/* of those, after a session had gone */
	unsigned long long	 connect_errors;	/* attempts that failed */
	unsigned long long	 lost;		/* sessions the server ended or the
						   network cut under us */
	unsigned long long	 errors;	/* statements the server refused */
};
void		 db_stats(struct db_stats *);

/* SQLSTATEs we branch on. */
#define DB_UNIQUE	"23505"
#define DB_FOREIGN_KEY	"23503"
#define DB_CHECK	"23514"
#define DB_NOT_NULL	"23502"
#define DB_SERIALIZE	"40001"
#define DB_DENIED	"42501"
#define DB_RAISE	"P0001"
#define DB_BAD_DATETIME	"22007"
#define DB_READ_ONLY	"25006"	/* the server takes no writes: reconnect */
/* Raised by Pishkhan's SQL functions (sql/): see man/pishkhan.7. */
#define DB_PK_NOT_FOUND	"PK404"
#define DB_PK_DECIDED	"PK409"
#define DB_PK_STATE	"PK422"
#define DB_PK_NOT_STAFF	"PK403"
#define DB_PK_LIMIT	"PK429"	/* a citizen's submission limit; DETAIL: when again */

#endif
