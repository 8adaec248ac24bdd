/*
 * queue.h — the letters of the queue, a page at a time, keyset paging on
 * (created_at, id) through pishkhan.console_letters (sql/007_console.sql).
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
};

struct queue_row {
	char		*id;
	char		*key;		/* created_at as the server printed it */
	long long	 created;	/* epoch seconds */
	char		*date;		/* Jalali "1401/02/05 10:00" */
	char		*sender;
	char		*mobile;
	char		*unit;
	char		*subject;
	char		*letter_no;
	char		*tracking_no;
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
const char *queue_sql(enum queue_dir);

#endif
