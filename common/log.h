/*
 * log.h — logging to stderr for daemons and tools.
 *
 * One line per message: "prog: level: text".  Under systemd (JOURNAL_STREAM
 * set) each line starts with the syslog priority "<N>" so journald keeps the
 * level.  log_warn/log_error/fatal append strerror(errno); the *x variants
 * do not (as OpenBSD's log.c).  fatal and fatalx are for start-up only.
 */
#ifndef PK_LOG_H
#define PK_LOG_H

enum log_level { LOG_LVL_DEBUG, LOG_LVL_INFO, LOG_LVL_WARN, LOG_LVL_ERROR };

void	log_init(const char *progname);
void	log_set_level(enum log_level);
/* "debug", "info", "warning", "error" → level; -1 when unknown. */
int	log_level_parse(const char *);

void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_errorx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
