/*
 * log.h — logging to stderr for daemons and tools.
 *
 * One line per message.  Under journald (JOURNAL_STREAM names the device
 * and inode of our stderr, as systemd sets it) journald adds the time and
 * the pid, and the line is "<N>prog: level: text", N the syslog priority.
 * Anywhere else (a terminal, a file, a pipe to another logger) the line is
 * "2026-12-01T03:50:12.345Z prog[1234]: level: text", UTC to the
 * millisecond.  log_warn/log_error/fatal append strerror(errno); the *x
 * variants do not (as OpenBSD's log.c).  fatal and fatalx are for start-up
 * only.
 */
#ifndef PK_LOG_H
#define PK_LOG_H

enum log_level { LOG_LVL_DEBUG, LOG_LVL_INFO, LOG_LVL_WARN, LOG_LVL_ERROR,
	LOG_LVL_OFF	/* log_set_level only: nothing (a curses screen) */ };

/* The program's name; looks at JOURNAL_STREAM and stderr again. */
void	log_init(const char *progname);
void	log_set_level(enum log_level);
/* "debug", "info", "warning", "error" → level; -1 when unknown. */
int	log_level_parse(const char *);
/* Whether lines go to journald (no time stamp, a <N> priority). */
int	log_to_journal(void);

void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_errorx(const char *, ...) __attribute__((format(printf, 1, 2)));
/* At a level chosen at run time (a server's notice), without strerror. */
void	log_at(enum log_level, const char *, ...) __attribute__((format(printf, 2, 3)));
void	fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
