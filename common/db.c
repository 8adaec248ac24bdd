/*
 * db.c — libpq with recorded errors and reconnection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
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
};

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

static int
connect_now(struct db *db)
{
	const char *kw[] = { "dbname", "fallback_application_name",
	    "connect_timeout", "client_encoding", NULL };
	const char *val[] = { db->conninfo, db->appname, db->timeout, "UTF8", NULL };
	PGresult *res;

	if (db->conn != NULL)
		PQfinish(db->conn);
	db->conn = PQconnectdbParams(kw, val, 1);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		char msg[600];

		snprintf(msg, sizeof msg, "cannot connect to the database: %s",
		    PQerrorMessage(db->conn));
		set_err(db, "08006", msg);
		db->down = 1;
		return -1;
	}
	/* Our objects live in their own schema; pg_temp last, as in
	 * SECURITY DEFINER functions. */
	res = PQexec(db->conn,
	    "SELECT pg_catalog.set_config('search_path', 'pishkhan, pg_catalog, pg_temp', false)");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		set_err(db, PQresultErrorField(res, PG_DIAG_SQLSTATE),
		    PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	db->down = 0;
	return 0;
}

struct db *
db_open(const char *conninfo, const char *appname, int timeout)
{
	struct db *db = xcalloc(1, sizeof *db);

	db->conninfo = xstrdup(conninfo != NULL ? conninfo : "");
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
		for (p = user; *p != '\0'; p++) {
			if (strchr("&=#%?/ '\"", *p) != NULL)
				buf_addf(&b, "%%%02X", (unsigned char)*p);
			else
				buf_addc(&b, *p);
		}
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
	return db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK;
}

PGconn *
db_conn(struct db *db)
{
	return db->conn;
}

int
db_ensure(struct db *db)
{
	if (db_ok(db))
		return 0;
	return connect_now(db);
}

static int
check(struct db *db, PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	const char *state, *f;

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		db->err[0] = db->state[0] = '\0';
		return 0;
	}
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (res == NULL || PQstatus(db->conn) != CONNECTION_OK) {
		char msg[600];

		snprintf(msg, sizeof msg, "lost the connection to the database: %s",
		    PQerrorMessage(db->conn));
		set_err(db, state != NULL ? state : "08006", msg);
		db->down = 1;
		return -1;
	}
	f = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
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
	return -1;
}

PGresult *
db_query(struct db *db, const char *sql, int nparams, const char *const *params)
{
	PGresult *res;

	if (!db_ok(db)) {
		/* Keep the connect error if there is one: it says more. */
		if (!db->down || db->err[0] == '\0')
			set_err(db, "08006", "not connected to the database");
		db->down = 1;
		return NULL;
	}
	res = PQexecParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0);
	if (check(db, res) == -1) {
		PQclear(res);
		return NULL;
	}
	return res;
}

PGresult *
db_query_bin(struct db *db, const char *sql, int nparams, const char *const *params,
    const int *lengths, const int *formats, int binary_result)
{
	PGresult *res;

	if (!db_ok(db)) {
		if (!db->down || db->err[0] == '\0')
			set_err(db, "08006", "not connected to the database");
		db->down = 1;
		return NULL;
	}
	res = PQexecParams(db->conn, sql, nparams, NULL, params, lengths, formats,
	    binary_result ? 1 : 0);
	if (check(db, res) == -1) {
		PQclear(res);
		return NULL;
	}
	return res;
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
db_is_down(const struct db *db)
{
	return db->down || !db_ok(db);
}

int
db_is(const struct db *db, const char *sqlstate)
{
	return strcmp(db->state, sqlstate) == 0;
}
