/*
 * test_log.c — the logger's one format: a UTC time stamp to the
 * millisecond and the pid when not under journald; the syslog priority and
 * no time stamp when JOURNAL_STREAM names our stderr (and only then); one
 * line per message, whatever it holds; levels.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "log.h"

static char path[64];
static int saved_fd = -1;

/* stderr into a fresh file, until captured() */
static void
capture(void)
{
	int fd;

	snprintf(path, sizeof path, "/tmp/test_log.%ld", (long)getpid());
	fflush(stderr);
	saved_fd = dup(STDERR_FILENO);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	close(fd);
}

/* what was written since capture(); the caller frees it */
static char *
captured(void)
{
	FILE *f;
	char *s = calloc(1, 4096);
	size_t n;

	fflush(stderr);
	dup2(saved_fd, STDERR_FILENO);
	close(saved_fd);
	assert_non_null(f = fopen(path, "r"));
	n = fread(s, 1, 4095, f);
	s[n] = '\0';
	fclose(f);
	unlink(path);
	return s;
}

static void
assert_match(const char *s, const char *re)
{
	regex_t r;

	assert_int_equal(regcomp(&r, re, REG_EXTENDED | REG_NOSUB), 0);
	if (regexec(&r, s, 0, NULL, 0) != 0)
		fail_msg("'%s' does not match '%s'", s, re);
	regfree(&r);
}

/* JOURNAL_STREAM as systemd would set it for the captured stderr */
static void
journal_is_stderr(void)
{
	struct stat st;
	char v[64];

	assert_int_equal(fstat(STDERR_FILENO, &st), 0);
	snprintf(v, sizeof v, "%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
	setenv("JOURNAL_STREAM", v, 1);
}

static void
test_plain(void **state)
{
	char re[256], *s;

	(void)state;
	unsetenv("JOURNAL_STREAM");
	capture();
	log_init("/usr/sbin/test-prog");
	log_set_level(LOG_LVL_INFO);
	log_warnx("hello %d", 5);
	log_at(LOG_LVL_ERROR, "from %s", "a server");
	s = captured();
	snprintf(re, sizeof re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
	    "\\.[0-9]{3}Z test-prog\\[%ld\\]: warning: hello 5\n"
	    "[-0-9T:.]{23}Z test-prog\\[%ld\\]: error: from a server\n$",
	    (long)getpid(), (long)getpid());
	assert_match(s, re);
	free(s);
}

static void
test_journal(void **state)
{
	char *s;

	(void)state;
	capture();
	journal_is_stderr();
	log_init("test-prog");
	log_info("started");
	log_warnx("careful");
	log_errorx("broken");
	s = captured();
	assert_string_equal(s, "<6>test-prog: info: started\n<4>test-prog: warning: careful\n"
	    "<3>test-prog: error: broken\n");
	free(s);
	unsetenv("JOURNAL_STREAM");
}

/* Inherited from a parent under systemd, with stderr redirected: not ours. */
static void
test_journal_other(void **state)
{
	static const char *const vals[] = { "1:1", "", "x", "65024:", "1:2:3" };
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		capture();
		setenv("JOURNAL_STREAM", vals[i], 1);
		log_init("test-prog");
		assert_false(log_to_journal());
		log_info("x");
		s = captured();
		assert_match(s, "^[-0-9T:.]{23}Z test-prog\\[[0-9]+\\]: info: x\n$");
		free(s);
	}
	unsetenv("JOURNAL_STREAM");
}

/* libpq's texts end with newlines and hold more lines; a URL any byte. */
static void
test_one_line(void **state)
{
	char *s;

	(void)state;
	capture();
	journal_is_stderr();
	log_init("t");
	log_warnx("server closed the connection unexpectedly\n\tThis probably means\n");
	log_warnx("503 GET /a\r\nb\x1b[2J: x");
	s = captured();
	assert_string_equal(s, "<4>t: warning: server closed the connection unexpectedly "
	    " This probably means\n<4>t: warning: 503 GET /a? b?[2J: x\n");
	free(s);
	unsetenv("JOURNAL_STREAM");
}

static void
test_levels(void **state)
{
	char *s;

	(void)state;
	capture();
	journal_is_stderr();
	log_init("t");
	log_set_level(LOG_LVL_WARN);
	log_info("not shown");
	log_debug("not shown");
	errno = ENOENT;
	log_warn("shown");
	assert_int_equal(errno, ENOENT);
	log_set_level(LOG_LVL_OFF);	/* the console's screen */
	log_errorx("not shown");
	log_at(LOG_LVL_ERROR, "not shown");
	log_set_level(LOG_LVL_INFO);
	s = captured();
	assert_string_equal(s, "<4>t: warning: shown: No such file or directory\n");
	free(s);
	assert_int_equal(log_level_parse("warning"), LOG_LVL_WARN);
	assert_int_equal(log_level_parse("off"), -1);
	unsetenv("JOURNAL_STREAM");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_journal),
		cmocka_unit_test(test_journal_other),
		cmocka_unit_test(test_one_line),
		cmocka_unit_test(test_levels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
