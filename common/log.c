/*
 * log.c — stderr logging with levels, journald-aware.
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"

static const char *log_prog = "pishkhan";
static enum log_level log_min = LOG_LVL_INFO;
static int log_journal = -1;

static const struct {
	const char	*name;
	int		 syslog;	/* priority for journald */
} levels[] = {
	[LOG_LVL_DEBUG] = { "debug", 7 },
	[LOG_LVL_INFO] = { "info", 6 },
	[LOG_LVL_WARN] = { "warning", 4 },
	[LOG_LVL_ERROR] = { "error", 3 },
};

/*
 * systemd sets JOURNAL_STREAM to "DEVICE:INODE" of the stream it connects
 * to stdout and stderr; a child whose stderr was redirected elsewhere
 * inherits the variable, so it counts only when it names our stderr.
 */
static int
journal_detect(void)
{
	const char *v = getenv("JOURNAL_STREAM");
	uintmax_t dev, ino;
	struct stat st;
	int n = 0;

	if (v == NULL || sscanf(v, "%ju:%ju%n", &dev, &ino, &n) != 2 ||
	    v[n] != '\0' || fstat(STDERR_FILENO, &st) != 0)
		return 0;
	return (uintmax_t)st.st_dev == dev && (uintmax_t)st.st_ino == ino;
}

void
log_init(const char *progname)
{
	const char *slash = strrchr(progname, '/');

	log_prog = slash != NULL ? slash + 1 : progname;
	log_journal = journal_detect();
}

int
log_to_journal(void)
{
	if (log_journal == -1)
		log_journal = journal_detect();
	return log_journal;
}

void
log_set_level(enum log_level l)
{
	log_min = l;
}

int
log_level_parse(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof levels / sizeof levels[0]; i++)
		if (strcmp(s, levels[i].name) == 0)
			return (int)i;
	return -1;
}

static void
vlog(enum log_level l, int with_errno, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	int saved = errno;
	size_t start, i;

	if (l < log_min || l >= LOG_LVL_OFF)
		return;
	if (log_to_journal())
		buf_addf(&b, "<%d>%s: %s: ", levels[l].syslog, log_prog, levels[l].name);
	else {
		struct timespec ts;
		struct tm tm;
		char when[32];

		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
		buf_addf(&b, "%s.%03ldZ %s[%ld]: %s: ", when, ts.tv_nsec / 1000000,
		    log_prog, (long)getpid(), levels[l].name);
	}
	start = b.len;
	buf_vaddf(&b, fmt, ap);
	if (with_errno)
		buf_addf(&b, ": %s", strerror(saved));
	/* One message, one line: libpq's texts end with newlines and may
	 * hold more lines (DETAIL, "\tThis probably means..."); a path from
	 * a request may hold any byte.  No control character gets through. */
	while (b.len > start && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' '))
		b.data[--b.len] = '\0';
	for (i = start; i < b.len; i++)
		if ((unsigned char)b.data[i] < 0x20 || b.data[i] == 0x7f)
			b.data[i] = b.data[i] == '\n' || b.data[i] == '\t' ? ' ' : '?';
	buf_addc(&b, '\n');
	fputs(b.data, stderr);
	fflush(stderr);
	buf_free(&b);
	errno = saved;
}

#define LOGFN(name, level, witherr)				\
void								\
name(const char *fmt, ...)					\
{								\
	va_list ap;						\
	va_start(ap, fmt);					\
	vlog(level, witherr, fmt, ap);				\
	va_end(ap);						\
}

LOGFN(log_debug, LOG_LVL_DEBUG, 0)
LOGFN(log_info, LOG_LVL_INFO, 0)
LOGFN(log_warn, LOG_LVL_WARN, 1)
LOGFN(log_warnx, LOG_LVL_WARN, 0)
LOGFN(log_error, LOG_LVL_ERROR, 1)
LOGFN(log_errorx, LOG_LVL_ERROR, 0)

void
log_at(enum log_level l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(l, 0, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_LVL_ERROR, 1, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_LVL_ERROR, 0, fmt, ap);
	va_end(ap);
	exit(1);
}
