/*
 * test_db.c — what db.c does without a server: the service connection
 * strings, and a clear error when the server is not there.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "db.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conninfo_as),
		cmocka_unit_test(test_down),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
