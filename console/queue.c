/*
 * queue.c — keyset pages of pishkhan.console_letters.
 *
 * Parameters: $1 status, $2 unit id, $3 from, $4 to (ISO dates), $5 search,
 * $6 late only ("t" or "f"), $7 key (the sort key), $8 id, $9 limit.
 * Empty strings mean "no filter".  The sort key is created_at (by arrival)
 * or next_due (by due); each has its own statements, so each reaches its
 * index (sql/007, sql/027).
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "queue.h"
#include "vocab.h"
#include "xmalloc.h"

#define Q_COLS(KEY) \
	"SELECT q.id, q." KEY ", extract(epoch FROM q.created_at)::bigint, " \
	"pishkhan.console_when(q.created_at), q.sender_name, q.mobile, " \
	"q.unit_code, q.subject, coalesce(q.letter_no, ''), " \
	"coalesce(q.tracking_no, ''), coalesce(q.waited::text, ''), " \
	"coalesce(q.due_state, '') "
#define Q_FROM \
	"FROM pishkhan.console_letters($1::pishkhan.letter_status, " \
	"nullif($2, '')::integer, nullif($3, '')::date, nullif($4, '')::date, " \
	"nullif(btrim($5), ''), $6::boolean) q "
#define Q_KEY(KEY)	"(q." KEY ", q.id)"
#define Q_AT		"($7::timestamptz, $8::bigint) "
#define Q_UP(KEY)	"ORDER BY q." KEY ", q.id LIMIT $9::integer"
#define Q_DOWN(KEY)	"ORDER BY q." KEY " DESC, q.id DESC LIMIT $9::integer) s "

#define Q_SQLS(KEY) { \
	[QUEUE_FIRST] = Q_COLS(KEY) Q_FROM \
	    "WHERE $7::text IS NULL AND $8::text IS NULL " Q_UP(KEY), \
	[QUEUE_AFTER] = Q_COLS(KEY) Q_FROM \
	    "WHERE " Q_KEY(KEY) " > " Q_AT Q_UP(KEY), \
	[QUEUE_FROM] = Q_COLS(KEY) Q_FROM \
	    "WHERE " Q_KEY(KEY) " >= " Q_AT Q_UP(KEY), \
	[QUEUE_BEFORE] = "SELECT * FROM (" Q_COLS(KEY) Q_FROM \
	    "WHERE " Q_KEY(KEY) " < " Q_AT Q_DOWN(KEY) "ORDER BY 2, 1", \
	[QUEUE_LAST] = "SELECT * FROM (" Q_COLS(KEY) Q_FROM \
	    "WHERE $7::text IS NULL AND $8::text IS NULL " Q_DOWN(KEY) \
	    "ORDER BY 2, 1", \
}

/* [0]: by arrival, [1]: by due. */
static const char *const queue_sqls[2][QUEUE_LAST + 1] = {
	Q_SQLS("created_at"),
	Q_SQLS("next_due"),
};

static const char queue_count_sql[] = "SELECT count(*) " Q_FROM;

const char *
queue_sql(enum queue_dir d, int by_due)
{
	return queue_sqls[by_due != 0][d];
}

int
queue_has_due(const struct queue_filter *f)
{
	return vocab_status(f->status) != LETTER_REJECTED;
}

int
queue_fetch(struct db *db, const struct queue_filter *f, enum queue_dir dir,
    const char *key, const char *id, int limit, struct queue_row **rows,
    size_t *n)
{
	char lim[16];
	const char *p[9];
	PGresult *r;
	struct queue_row *out;
	int i, keyed = dir == QUEUE_AFTER || dir == QUEUE_FROM || dir == QUEUE_BEFORE;

	snprintf(lim, sizeof lim, "%d", limit);
	p[0] = f->status;
	p[1] = f->unit_id;
	p[2] = f->from;
	p[3] = f->to;
	p[4] = f->search != NULL ? f->search : "";
	p[5] = f->late && queue_has_due(f) ? "t" : "f";
	p[6] = keyed ? key : NULL;
	p[7] = keyed ? id : NULL;
	p[8] = lim;
	*rows = NULL;
	*n = 0;
	if ((r = db_query(db, queue_sql(dir, f->by_due && queue_has_due(f)), 9, p)) == NULL)
		return -1;
	out = xcalloc((size_t)PQntuples(r) + 1, sizeof *out);
	for (i = 0; i < PQntuples(r); i++) {
		out[i].id = xstrdup(PQgetvalue(r, i, 0));
		out[i].key = xstrdup(PQgetvalue(r, i, 1));
		out[i].created = strtoll(PQgetvalue(r, i, 2), NULL, 10);
		out[i].date = xstrdup(PQgetvalue(r, i, 3));
		out[i].sender = xstrdup(PQgetvalue(r, i, 4));
		out[i].mobile = xstrdup(PQgetvalue(r, i, 5));
		out[i].unit = xstrdup(PQgetvalue(r, i, 6));
		out[i].subject = xstrdup(PQgetvalue(r, i, 7));
		out[i].letter_no = xstrdup(PQgetvalue(r, i, 8));
		out[i].tracking_no = xstrdup(PQgetvalue(r, i, 9));
		out[i].waited = xstrdup(PQgetvalue(r, i, 10));
		out[i].due_state = xstrdup(PQgetvalue(r, i, 11));
	}
	*n = (size_t)PQntuples(r);
	*rows = out;
	PQclear(r);
	return 0;
}

int
queue_count(struct db *db, const struct queue_filter *f, long long *count)
{
	const char *p[6] = { f->status, f->unit_id, f->from, f->to,
	    f->search != NULL ? f->search : "",
	    f->late && queue_has_due(f) ? "t" : "f" };
	PGresult *r;

	if ((r = db_query(db, queue_count_sql, 6, p)) == NULL)
		return -1;
	*count = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

void
queue_row_clear(struct queue_row *r)
{
	free(r->id);
	free(r->key);
	free(r->date);
	free(r->sender);
	free(r->mobile);
	free(r->unit);
	free(r->subject);
	free(r->letter_no);
	free(r->tracking_no);
	free(r->waited);
	free(r->due_state);
	memset(r, 0, sizeof *r);
}

void
queue_rows_free(struct queue_row *rows, size_t n)
{
	size_t i;

	for (i = 0; rows != NULL && i < n; i++)
		queue_row_clear(&rows[i]);
	free(rows);
}
