/*
 * ctl.h — pishkhanctl, the administrator's command line.
 *
 * Git-style: `pishkhanctl NOUN VERB [options] [args]`.  Each noun is a file
 * (ctl_<noun>.c) holding a table of verbs; each verb's options and operands
 * are in its entry, and ctl.c parses them.  Output is tab-separated, one
 * record a line, for scripts; messages go to stderr as
 * "pishkhanctl: what went wrong".
 */
#ifndef PK_CTL_H
#define PK_CTL_H

#include <getopt.h>
#include <libpq-fe.h>

#include "cfg.h"
#include "db.h"

/* Exit statuses (documented in pishkhanctl(8)). */
enum {
	CTL_OK = 0,		/* success */
	CTL_FAIL = 1,		/* refused or failed; nothing changed */
	CTL_USAGE = 2,		/* bad command line */
	CTL_DOWN = 3,		/* the database could not be reached */
};

struct ctl {
	const char	*cfgpath;	/* -c, or NULL for the default */
	struct cfg	*cfg;
	struct db	*db;
	int		 refused;	/* the server answered, and refused the login */
};

/*
 * What a verb takes, parsed by the dispatcher before the verb runs (as
 * tmux's cmd_entry template): -h/--help, the options of `longopts` (their
 * values are the short options; options may come after operands), each
 * handed to `on_opt` with the verb's option struct, then the operands.
 */
struct ctl_opts {
	const struct option	*longopts;	/* NULL: none but --help */
	/* One option into `o`: 0, or -1 after a usage error of its own. */
	int			(*on_opt)(int ch, const char *arg, void *o);
	size_t			 size;		/* of the verb's option struct */
	const void		*init;		/* its starting values; NULL: zeros */
};

struct ctl_operands {
	int		 min, max;
	const char	*expected;	/* the usage error when there are too few or
					   too many; "unexpected argument" when max is 0 */
};

/* Flags of a verb. */
#define CTL_DB		0x1	/* connect before run (verbs that check their
				   operands first call ctl_db after, themselves,
				   so a typo is a usage error with the database down) */
#define CTL_CFG_GENTLY	0x2	/* run without a readable configuration (c->cfg
				   NULL): the verb reports that itself */

/* What the verb gets: its operands and its option struct (NULL if none). */
struct ctl_args {
	int		 argc;
	char		**argv;
	void		*opts;
};

struct ctl_verb {
	const char	*name;
	const char	*args;		/* usage after "NOUN VERB" */
	const char	*summary;
	const char	*help;		/* options, one per line, or NULL */
	int		(*run)(struct ctl *, const struct ctl_args *);
	struct ctl_operands	 operands;
	struct ctl_opts		 opts;
	int			 flags;
};

struct ctl_noun {
	const char		*name;
	const char		*summary;
	const struct ctl_verb	*verbs;	/* ends with { NULL }; a first verb named ""
					   makes the noun a command by itself
					   (`pishkhanctl status`) */
};

extern const struct ctl_noun ctl_noun_db, ctl_noun_units, ctl_noun_staff,
    ctl_noun_reasons, ctl_noun_settings, ctl_noun_config;
extern const struct ctl_noun ctl_noun_sms, ctl_noun_templates, ctl_noun_citizens;
extern const struct ctl_noun ctl_noun_login, ctl_noun_status, ctl_noun_report;
extern const struct ctl_noun ctl_noun_holidays;

/* Print "pishkhanctl: ..." to stderr.  Returns CTL_FAIL. */
int	 ctl_error(const char *, ...) __attribute__((format(printf, 1, 2)));
/* Print a usage error and the verb's usage line.  Returns CTL_USAGE. */
int	 ctl_usage(const char *, ...) __attribute__((format(printf, 1, 2)));
/*
 * Report the connection's last error, with `what` in front when not NULL.
 * Returns CTL_DOWN when the server is unreachable, CTL_FAIL otherwise.
 */
int	 ctl_db_error(struct ctl *, const char *what);

/* The database connection, opened on first use; NULL (and the error
 * printed) when it cannot be reached. */
struct db *ctl_db(struct ctl *);

/* The current verb, for usage messages (set by the dispatcher). */
extern const struct ctl_noun *ctl_cur_noun;
extern const struct ctl_verb *ctl_cur_verb;

/* Print a result as tab-separated lines; tabs, newlines and backslashes
 * inside values are written as \t, \n and \\. */
void	 ctl_print_tsv(PGresult *);

/* Run a query and print its rows with ctl_print_tsv; on failure report it
 * with ctl_db_error.  Returns the exit status. */
int	 ctl_print_query(struct ctl *, const char *sql, int nparams,
	    const char *const *params);

/* A unit code, a count or an id typed in any digit script → ASCII digits
 * in out (size outsz).  0, or -1 after a usage error naming `what`. */
int	 ctl_number(const char *in, const char *what, char *out, size_t outsz);
/* A unit code: ctl_number, without leading zeros; -1 after a usage error. */
int	 ctl_unit_code(const char *in, char *out, size_t outsz);

#endif
