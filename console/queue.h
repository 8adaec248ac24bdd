/*
 * queue.h — the letters of the queue, a page at a time, keyset paging on
 * (created_at, id), or (next_due, id) when sorted by due, through
 * pishkhan.console_letters (sql/027_console_due.sql).
 * No curses here: `pishkhan-console --bench` uses it too.
 */
#ifndef PK_QUEUE_H
#define PK_QUEUE_H

#include <stddef.h>

struct db;

struct queue_filter {
	const char	*status;	/* a status's name (vocab.h) */
	char		 unit_id[16];	/* "" for every unit */
	char		 unit_code[16];
	char		 from[16], to[16];	/* ISO dates, "" for open ends */
	char		*search;	/* owned; NULL for none */
	int		 late;		/* 1: only the late letters */
	int		 by_due;	/* 1: sorted by due, not by arrival */
};

struct queue_row {
	char		*id;
	char		*key;		/* the sort key (created_at or next_due)
					   as the server printed it */
	long long	 created;	/* epoch seconds */
	char		*date;		/* Jalali "1401/02/05 10:00" */
	char		*sender;
	char		*mobile;
	char		*unit;
	char		*subject;
	char		*letter_no;
	char		*tracking_no;
	char		*waited;	/* working days waited, "" when nothing
					   is pending (rejected) */
	char		*due_state;	/* on_time, due_today, late, done,
					   done_late; "" for none */
};

enum queue_dir {
	QUEUE_FIRST,		/* from the start */
	QUEUE_AFTER,		/* after the key */
	QUEUE_FROM,		/* from the key, itself included */
	QUEUE_BEFORE,		/* the rows just before the key (in order) */
	QUEUE_LAST		/* the last rows */
};

/*
 * Fetch at most `limit` rows in direction `dir` from (key, id) into *rows
 * (*n of them; free with queue_rows_free).  The search is applied as a
 * filter when `search` is set.  0, or -1 with the error in the db.
 */
int	 queue_fetch(struct db *, const struct queue_filter *, enum queue_dir,
	    const char *key, const char *id, int limit,
	    struct queue_row **rows, size_t *n);
/* How many letters the filter matches.  0 or -1. */
int	 queue_count(struct db *, const struct queue_filter *, long long *);
void	 queue_rows_free(struct queue_row *, size_t);
/* The strings of one row (not the row itself). */
void	 queue_row_clear(struct queue_row *);
/* The SQL text of a direction, for the benchmark to run it in psql. */
const char *queue_sql(enum queue_dir, int by_due);
/* Whether the filter's list has anything due (rejected letters do not):
 * sorting by due and the late filter apply to it. */
int	 queue_has_due(const struct queue_filter *);

#endif
