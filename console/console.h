/*
 * console.h — pishkhan-console's shared state and its screens.
 *
 * Screens are a stack (queue → letter → help); each is a struct
 * screen_ops (as tig's view_ops).  Everything the staff member may see or
 * do is decided by PostgreSQL for their own role; the console asks.
 */
#ifndef PK_CONSOLE_H
#define PK_CONSOLE_H

#include <libpq-fe.h>
#include <stddef.h>

#include "action.h"
#include "i18n.h"

struct cfg;
struct db;
struct con;
struct screen;

struct screen_ops {
	int		 flags;		/* SCREEN_HELP */
	/* Draw into rows 1..rows-2 (row 0 is the title, the last the status). */
	void		(*draw)(struct con *, struct screen *, int rows, int cols);
	/* The screen's title (borrowed until the next call). */
	const char	*(*title)(struct con *, struct screen *);
	/* Handle an action; SCREEN_POP closes the screen. */
	int		(*act)(struct con *, struct screen *, enum action);
	void		(*done)(struct screen *);
};

#define SCREEN_POP	1

/* The key list: `?` there goes to its act (which closes it), not to con.help. */
#define SCREEN_HELP	0x1

struct screen {
	const struct screen_ops	*ops;
	void			*data;
	struct screen		*prev;
};

struct me {
	char	*login;
	char	*name;
	int	 clerk, unit, admin;
	char	*unit_id;		/* "" when not a unit member */
	char	*unit_code;
};

struct con {
	struct cfg	*cfg;
	struct db	*db;
	enum lang	 lang;
	struct me	 me;
	int		 bidi;		/* 1: reorder RTL runs ourselves */
	int		 color;		/* 0 with NO_COLOR or no colours */
	long long	 max_response;	/* bytes */
	struct screen	*top;
	void		(*help)(struct con *);	/* opens the key list on `?` */
	char		 msg[768];	/* status-line message, "" for hints */
	int		 msg_bad;
	int		 quit;
};

/* Messages and database errors on the status line, queries (con.c). */
void	con_msg(struct con *, int bad, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* After a failed query: the reason in the user's language.  Returns -1. */
int	con_db_fail(struct con *);
const char *con_t(const struct con *, enum msg_id);

/*
 * A query with one reconnect and retry when the link was lost (reads only,
 * and statements that the database makes safe to repeat).  PQclear it.
 */
PGresult *con_query(struct con *, const char *sql, int n, const char *const *p);

/* Push a new screen on top (ui_run closes them). */
void	con_push(struct con *, const struct screen_ops *, void *data);

/* The screens. */
void	screen_queue_open(struct con *);
void	screen_letter_open(struct con *, const char *letter_id);
void	screen_help_open(struct con *);
void	screen_stats_open(struct con *);

/* period.c: the period typed with d (report_period's forms), the prompt
 * starting with the one in force; 1 when from and to (ISO, "" for none)
 * changed, 0 when kept (Esc, or no such period: the clerk is told).  And
 * " — from … to …" for a screen's title (nothing for no period). */
struct buf;
int	con_ask_period(struct con *, char *from, char *to, size_t sz);
void	con_period_title(const struct con *, struct buf *title, const char *from,
	    const char *to);

#endif
