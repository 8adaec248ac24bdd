/*
 * log.c — stderr logging with levels, journald-aware.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void
log_init(const char *progname)
{
	const char *slash = strrchr(progname, '/');

	log_prog = slash != NULL ? slash + 1 : progname;
	log_journal = getenv("JOURNAL_STREAM") != NULL;
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

	if (l < log_min)
		return;
	if (log_journal == -1)
		log_journal = getenv("JOURNAL_STREAM") != NULL;
	if (log_journal)
		buf_addf(&b, "<%d>", levels[l].syslog);
	buf_addf(&b, "%s: %s: ", log_prog, levels[l].name);
	buf_vaddf(&b, fmt, ap);
	if (with_errno)
		buf_addf(&b, ": %s", strerror(saved));
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
