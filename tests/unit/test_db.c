/*
 * test_db.c — what db.c does without a server: the service connection
 * strings, and a clear error when the server is not there; and with the
 * test cluster (PGHOST from tests/run.sh): a session the server ended is
 * replaced between statements, never inside a transaction.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <fcntl.h>
#include <time.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "db.h"
#include "log.h"

static void
check_as(const char *conninfo, const char *user, const char *want)
{
	char *got = db_conninfo_as(conninfo, user);

	assert_string_equal(got, want);
	free(got);
}

static void
test_conninfo_as(void **state)
{
	(void)state;
	check_as("", "pishkhan_web", "user='pishkhan_web'");
	check_as("host=/run/postgresql dbname=pishkhan user=root",
	    "pishkhan_web", "host=/run/postgresql dbname=pishkhan user=root user='pishkhan_web'");
	check_as("postgresql://db.example/pishkhan", "pishkhan_sms",
	    "postgresql://db.example/pishkhan?user=pishkhan_sms");
	check_as("postgres://db/p?sslmode=require", "a b&c", "postgres://db/p?sslmode=require&user=a%20b%26c");
	check_as("dbname=x", "o'brien", "dbname=x user='o\\'brien'");
}

static void
test_down(void **state)
{
	struct db *db = db_open("host=/nonexistent-pishkhan dbname=x", "test", 1);

	(void)state;
	assert_false(db_ok(db));
	assert_true(db_is_down(db));
	assert_non_null(strstr(db_error(db), "cannot connect to the database"));
	assert_null(db_query(db, "SELECT 1", 0, NULL));
	assert_true(db_is_down(db));
	db_close(db);
	db_close(NULL);
}

/* The server ends the session of `db` (as a restart does) and says so. */
static void
end_session(struct db *db)
{
	struct db *admin = db_open("dbname=postgres", "test_db admin", 5);
	char pid[16];
	const char *p[1] = { pid };
	PGresult *res;

	snprintf(pid, sizeof pid, "%d", PQbackendPID(db_conn(db)));
	res = db_query(admin, "SELECT pg_terminate_backend($1::int, 10000)", 1, p);
	assert_non_null(res);
	assert_string_equal(PQgetvalue(res, 0, 0), "t");
	PQclear(res);
	db_close(admin);
}

static struct db *
server_db(int reconnect)
{
	struct db *db;

	if (getenv("PGHOST") == NULL)
		skip();
	db = db_open("dbname=postgres", "test_db", 5);
	assert_true(db_ok(db));
	db_set_reconnect(db, reconnect);
	return db;
}

static void
test_ended_idle(void **state)
{
	struct db *db = server_db(0);
	int pid = PQbackendPID(db_conn(db));
	PGresult *res;

	(void)state;
	end_session(db);
	/* libpq still says CONNECTION_OK; db_ensure notices all the same. */
	assert_int_equal(db_ensure(db), 0);
	assert_int_not_equal(PQbackendPID(db_conn(db)), pid);
	res = db_query(db, "SELECT 1", 0, NULL);
	assert_non_null(res);
	PQclear(res);
	db_close(db);
}

static void
test_reconnect(void **state)
{
	struct db *db = server_db(1);
	int pid = PQbackendPID(db_conn(db)), i;
	PGresult *res;

	(void)state;
	/* Outside a transaction: the statement runs in a new session. */
	for (i = 0; i < 3; i++) {
		end_session(db);
		res = db_query(db, "SELECT pg_backend_pid()", 0, NULL);
		assert_non_null(res);
		assert_int_not_equal((int)strtol(PQgetvalue(res, 0, 0), NULL, 10), pid);
		pid = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
		assert_false(db_outcome_unknown(db));
	}
	/* BEGIN too: it changes nothing by itself. */
	end_session(db);
	assert_int_equal(db_exec(db, "BEGIN", 0, NULL), 0);
	assert_int_equal(db_exec(db, "ROLLBACK", 0, NULL), 0);
	db_close(db);
}

/*
 * A server that takes no writes (25006: a primary demoted to a standby;
 * here the session's own default_transaction_read_only stands in for it):
 * the session is dropped as a lost one, and the write, which did nothing,
 * runs again on a new session, even though it is not idempotent; never
 * inside a transaction, where it only ends the session.
 */
static void
test_read_only(void **state)
{
	struct db *db = server_db(1);
	int pid = PQbackendPID(db_conn(db));
	PGresult *res;

	(void)state;
	assert_int_equal(db_exec(db, "SET default_transaction_read_only = on", 0, NULL), 0);
	res = db_query(db, "CREATE TEMP TABLE t_ro AS SELECT pg_backend_pid() AS pid", 0, NULL);
	assert_non_null(res);
	PQclear(res);
	assert_int_not_equal(PQbackendPID(db_conn(db)), pid);
	assert_false(db_outcome_unknown(db));
	pid = PQbackendPID(db_conn(db));
	assert_int_equal(db_exec(db, "BEGIN", 0, NULL), 0);
	assert_int_equal(db_exec(db, "SET TRANSACTION READ ONLY", 0, NULL), 0);
	assert_int_equal(db_exec(db, "CREATE TEMP TABLE t_ro2 (x int)", 0, NULL), -1);
	assert_true(db_is(db, DB_READ_ONLY));
	assert_true(db_is_down(db));
	assert_int_equal(db_ensure(db), 0);
	assert_int_not_equal(PQbackendPID(db_conn(db)), pid);
	db_close(db);
}

/*
 * Bytes both ways, with NULs and high bytes, no hex; a refusal on that path
 * keeps its SQLSTATE (it is not "down"); and a read is run again on a new
 * session as db_query_idem's.
 */
static void
test_binary(void **state)
{
	struct db *db = server_db(1);
	static const char bytes[] = { 'a', 0, (char)0xff, '\\', 'x', 0 };
	const char *p[2] = { bytes, "text" };
	const int len[2] = { (int)sizeof bytes, -1 };
	int pid = PQbackendPID(db_conn(db));
	PGresult *res;

	(void)state;
	res = db_query_bin(db, "SELECT $1::bytea, octet_length($1::bytea)::text, $2::text",
	    2, p, len, 1);
	assert_non_null(res);
	assert_int_equal(PQgetlength(res, 0, 0), sizeof bytes);
	assert_memory_equal(PQgetvalue(res, 0, 0), bytes, sizeof bytes);
	assert_string_equal(PQgetvalue(res, 0, 1), "6");
	assert_string_equal(PQgetvalue(res, 0, 2), "text");
	PQclear(res);
	assert_null(db_query_bin(db, "SELECT 1 / octet_length($1::bytea)", 1, p,
	    (const int[]){ 0 }, 1));
	assert_string_equal(db_sqlstate(db), "22012");
	assert_false(db_is_down(db));
	end_session(db);
	res = db_query_bin_idem(db, "SELECT pg_backend_pid()::text, $1::bytea", 1, p, len, 1);
	assert_non_null(res);
	assert_int_not_equal((int)strtol(PQgetvalue(res, 0, 0), NULL, 10), pid);
	PQclear(res);
	db_close(db);
}

static void
test_lost_in_tx(void **state)
{
	struct db *db = server_db(1);
	PGresult *res;

	(void)state;
	/* Inside a transaction: the statement fails, nothing runs in a new
	 * session as if the transaction were still open. */
	assert_int_equal(db_exec(db, "BEGIN", 0, NULL), 0);
	assert_int_equal(db_exec(db, "CREATE TEMP TABLE t (x int)", 0, NULL), 0);
	end_session(db);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (1)", 0, NULL), -1);
	assert_true(db_is_down(db));
	assert_non_null(strstr(db_error(db), "lost the connection to the database"));
	/* The server ended it, so it certainly did not commit. */
	assert_false(db_outcome_unknown(db));
	/* Told once; the next statement gets a new session. */
	res = db_query(db, "SELECT to_regclass('pg_temp.t') IS NULL", 0, NULL);
	assert_non_null(res);
	assert_string_equal(PQgetvalue(res, 0, 0), "t");
	PQclear(res);

	/* A COMMIT whose session is gone is not run again elsewhere. */
	assert_int_equal(db_exec(db, "BEGIN", 0, NULL), 0);
	end_session(db);
	assert_int_equal(db_exec(db, "COMMIT", 0, NULL), -1);
	assert_false(db_ok(db));

	/* db_ensure inside a transaction: -1 once, then a new session. */
	assert_int_equal(db_ensure(db), 0);
	assert_int_equal(db_exec(db, "BEGIN", 0, NULL), 0);
	end_session(db);
	assert_int_equal(db_ensure(db), -1);
	assert_true(db_is_down(db));
	assert_int_equal(db_ensure(db), 0);
	assert_true(db_ok(db));
	db_close(db);
}

/*
 * What the server says besides results — a NOTICE, a WARNING, the FATAL
 * that ends an idle session — goes to the log in its format, never as
 * libpq's own "WARNING:  ..." on stderr.
 */
static void
test_notices(void **state)
{
	struct db *db = server_db(0);
	char path[64], out[2048];
	int fd, saved;
	ssize_t n;

	(void)state;
	snprintf(path, sizeof path, "/tmp/test_db.%ld", (long)getpid());
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_true((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) >= 0);
	dup2(fd, STDERR_FILENO);
	unsetenv("JOURNAL_STREAM");
	log_init("test_db");
	log_set_level(LOG_LVL_INFO);
	assert_int_equal(db_exec(db, "SET client_min_messages = notice", 0, NULL), 0);
	assert_int_equal(db_exec(db, "DO $$BEGIN RAISE NOTICE 'a note'; "
	    "RAISE WARNING 'careful' USING DETAIL = 'two\nlines'; END$$", 0, NULL), 0);
	end_session(db);
	assert_int_equal(db_ensure(db), 0);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	n = pread(fd, out, sizeof out - 1, 0);
	close(fd);
	unlink(path);
	assert_true(n > 0);
	out[n] = '\0';
	assert_non_null(strstr(out, "]: info: PostgreSQL NOTICE 00000: a note\n"));
	assert_non_null(strstr(out, "]: warning: PostgreSQL WARNING 01000: careful (two lines)\n"));
	assert_non_null(strstr(out, "]: error: PostgreSQL FATAL 57P01: terminating "
	    "connection due to administrator command\n"));
	assert_null(strstr(out, "NOTICE:  "));
	assert_null(strstr(out, "WARNING:  "));
	assert_null(strstr(out, "FATAL:  "));
	db_close(db);
}

/* A TCP port on 127.0.0.1 that takes connections and never answers (a
 * host that hangs); its socket, and the port in *port. */
static int
silent_port(int *port)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * A host that does not answer: given up after the connect timeout; and
 * with several hosts (a failover pair), the next one is tried, as libpq's
 * own wait does.
 */
static void
test_connect_timeout(void **state)
{
	const char *pgport = getenv("PGPORT");
	char ci[512];
	struct db *db;
	long long t0;
	int port, fd;

	(void)state;
	if (getenv("PGHOST") == NULL)
		skip();
	fd = silent_port(&port);
	snprintf(ci, sizeof ci, "host=127.0.0.1 port=%d dbname=postgres", port);
	t0 = mono_ms();
	db = db_open(ci, "test_db", 1);
	assert_false(db_ok(db));
	assert_string_equal(db_error(db), "cannot connect to the database: timeout expired");
	assert_true(mono_ms() - t0 >= 900 && mono_ms() - t0 < 5000);
	db_close(db);
	snprintf(ci, sizeof ci, "host=127.0.0.1,%s port=%d,%s dbname=postgres",
	    getenv("PGHOST"), port, pgport != NULL ? pgport : "5432");
	db = db_open(ci, "test_db", 2);
	assert_true(db_ok(db));
	db_close(db);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conninfo_as),
		cmocka_unit_test(test_down),
		cmocka_unit_test(test_ended_idle),
		cmocka_unit_test(test_reconnect),
		cmocka_unit_test(test_read_only),
		cmocka_unit_test(test_lost_in_tx),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_notices),
		cmocka_unit_test(test_connect_timeout),
	};
	/* the FATALs of the sessions ended here are no news on the test's
	 * output; test_notices turns the log on to read it */
	log_set_level(LOG_LVL_OFF);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
