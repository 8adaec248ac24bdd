/*
 * test_cfg.c — the configuration file: known keys only, values checked,
 * numbers decimal, errors as "FILE: section.key: what is wrong".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cfg.h"

static char path[64];

static struct cfg *
load(const char *text, char **err)
{
	FILE *fp;
	int fd;

	snprintf(path, sizeof path, "/tmp/pk-cfg-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fputs(text, fp);
	fclose(fp);
	return cfg_load(path, err);
}

static void
expect_error(const char *text, const char *tail)
{
	char *err = NULL, want[256];
	struct cfg *c = load(text, &err);

	assert_null(c);
	assert_non_null(err);
	snprintf(want, sizeof want, "%s: %s", path, tail);
	assert_string_equal(err, want);
	free(err);
	unlink(path);
}

static void
test_defaults(void **state)
{
	struct cfg *c = cfg_defaults();

	(void)state;
	assert_string_equal(cfg_str(c, CFG_DB_CONNINFO), "");
	assert_int_equal(cfg_int(c, CFG_WEB_PORT), 8080);
	assert_string_equal(cfg_str(c, CFG_PHONE_COUNTRIES), "98");
	assert_false(cfg_is_set(c, CFG_WEB_PORT));
	assert_null(cfg_file(c));
	cfg_free(c);
}

static void
test_values(void **state)
{
	char *err = NULL;
	struct cfg *c = load("; comment\n# another\n[database]\nconninfo = \"host=/x dbname=y\"\n"
	    "connect_timeout = 2m\n[WEB]\nPort = 042\n[log]\nlevel = debug\n", &err);

	(void)state;
	assert_non_null(c);
	assert_string_equal(cfg_str(c, CFG_DB_CONNINFO), "host=/x dbname=y");
	assert_int_equal(cfg_int(c, CFG_DB_CONNECT_TIMEOUT), 120);
	assert_int_equal(cfg_int(c, CFG_WEB_PORT), 42);	/* not octal */
	assert_true(cfg_is_set(c, CFG_WEB_PORT));
	assert_string_equal(cfg_str(c, CFG_LOG_LEVEL), "debug");
	assert_string_equal(cfg_file(c), path);
	cfg_free(c);
	unlink(path);
}

static void
test_errors(void **state)
{
	(void)state;
	expect_error("[database]\ncolour = blue\n", "database.colour: unknown key");
	expect_error("[nowhere]\n", "[nowhere]: unknown section");
	expect_error("stray = 1\n", "stray: key outside a section");
	expect_error("[web]\nport = 65536\n", "web.port: out of range: '65536'");
	expect_error("[web]\nport = 80x\n", "web.port: not a whole number: '80x'");
	expect_error("[web]\nport = -1\n", "web.port: not a whole number: '-1'");
	expect_error("[log]\nlevel = loud\n", "log.level: not one of the allowed choices: 'loud'");
	expect_error("[database]\nconnect_timeout = 5y\n",
	    "database.connect_timeout: not a duration (a number of seconds, or with s, m, h or d): '5y'");
	expect_error("[database]\nconnect_timeout = 0\n", "database.connect_timeout: out of range: '0'");
	expect_error("[phone]\ncountries = 98,x\n",
	    "phone.countries: not a list of country calling codes (like 98 or 98,1): '98,x'");
	expect_error("[web]\ntrusted_proxies = 127.0.0.1 nginx\n",
	    "web.trusted_proxies: not a list of IP addresses or networks (like 127.0.0.1 ::1 10.0.0.0/8): '127.0.0.1 nginx'");
	expect_error("[web]\ntrusted_proxies = 10.0.0.0/33\n",
	    "web.trusted_proxies: not a list of IP addresses or networks (like 127.0.0.1 ::1 10.0.0.0/8): '10.0.0.0/33'");
	expect_error("[web]\nport = 1\nthis is not a key line\n",
	    "line 3: not a [section] or key = value: 'this is not a key line'");
	expect_error("[web\n", "line 1: not a [section] or key = value: '[web'");
	/* a '(' in the line once hid its number (found by tests/fuzz/fuzz_cfg.c) */
	expect_error("[web]\nfrom (the old file\n",
	    "line 2: not a [section] or key = value: 'from (the old file'");
	expect_error("[sms]\ndriver = carrier-pigeon\n",
	    "sms.driver: not one of the allowed choices: 'carrier-pigeon'");
}

static void
test_persian_digits(void **state)
{
	char *err = NULL;
	struct cfg *c = load("[web]\nport = ۸۰۸۱\n", &err);

	(void)state;
	assert_non_null(c);
	assert_int_equal(cfg_int(c, CFG_WEB_PORT), 8081);
	cfg_free(c);
	unlink(path);
}

static void
test_missing(void **state)
{
	char *err = NULL;

	(void)state;
	assert_null(cfg_load("/nonexistent/pishkhan.conf", &err));
	assert_string_equal(err, "/nonexistent/pishkhan.conf: No such file or directory");
	free(err);
}

static void
test_table(void **state)
{
	size_t i;
	long long n;
	const char *why;

	(void)state;
	/* Every default in the table is valid for its own type. */
	for (i = 0; i < CFG__COUNT; i++) {
		const struct cfg_key *k = cfg_key((enum cfg_id)i);

		assert_non_null(k->doc);
		assert_int_equal(cfg_parse_value(k, k->def, &n, &why), 0);
	}
	assert_null(cfg_key(CFG__COUNT));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_persian_digits),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
