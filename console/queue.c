/*
 * queue.c — keyset pages of pishkhan.console_letters.
 *
 * Parameters: $1 status, $2 unit id, $3 from, $4 to (ISO dates), $5 search,
 * $6 key (created_at), $7 id, $8 limit.  Empty strings mean "no filter".
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "queue.h"
#include "xmalloc.h"

#define Q_COLS \
	"SELECT q.id, q.created_at, extract(epoch FROM q.created_at)::bigint, " \
	"pishkhan.console_when(q.created_at), q.sender_name, q.mobile, " \
	"q.unit_code, q.subject, coalesce(q.letter_no, ''), " \
	"coalesce(q.tracking_no, '') "
#define Q_FROM \
	"FROM pishkhan.console_letters($1::pishkhan.letter_status, " \
	"nullif($2, '')::integer, nullif($3, '')::date, nullif($4, '')::date, " \
	"nullif(btrim($5), '')) q "

static const char *const queue_sqls[] = {
	[QUEUE_FIRST] = Q_COLS Q_FROM
	    "WHERE $6::text IS NULL AND $7::text IS NULL "
	    "ORDER BY q.created_at, q.id LIMIT $8::integer",
	[QUEUE_AFTER] = Q_COLS Q_FROM
	    "WHERE (q.created_at, q.id) > ($6::timestamptz, $7::bigint) "
	    "ORDER BY q.created_at, q.id LIMIT $8::integer",
	[QUEUE_FROM] = Q_COLS Q_FROM
	    "WHERE (q.created_at, q.id) >= ($6::timestamptz, $7::bigint) "
	    "ORDER BY q.created_at, q.id LIMIT $8::integer",
	[QUEUE_BEFORE] = "SELECT * FROM (" Q_COLS Q_FROM
	    "WHERE (q.created_at, q.id) < ($6::timestamptz, $7::bigint) "
	    "ORDER BY q.created_at DESC, q.id DESC LIMIT $8::integer) s "
	    "ORDER BY 2, 1",
	[QUEUE_LAST] = "SELECT * FROM (" Q_COLS Q_FROM
	    "WHERE $6::text IS NULL AND $7::text IS NULL "
	    "ORDER BY q.created_at DESC, q.id DESC LIMIT $8::integer) s "
	    "ORDER BY 2, 1",
};

static const char queue_count_sql[] = "SELECT count(*) " Q_FROM;

const char *
queue_sql(enum queue_dir d)
{
	return queue_sqls[d];
}

int
queue_fetch(struct db *db, const struct queue_filter *f, enum queue_dir dir,
    const char *key, const char *id, int limit, struct queue_row **rows,
    size_t *n)
{
	char lim[16];
	const char *p[8];
	PGresult *r;
	struct queue_row *out;
	int i, keyed = dir == QUEUE_AFTER || dir == QUEUE_FROM || dir == QUEUE_BEFORE;

	snprintf(lim, sizeof lim, "%d", limit);
	p[0] = f->status;
	p[1] = f->unit_id;
	p[2] = f->from;
	p[3] = f->to;
	p[4] = f->search != NULL ? f->search : "";
	p[5] = keyed ? key : NULL;
	p[6] = keyed ? id : NULL;
	p[7] = lim;
	*rows = NULL;
	*n = 0;
	if ((r = db_query(db, queue_sqls[dir], 8, p)) == NULL)
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
	}
	*n = (size_t)PQntuples(r);
	*rows = out;
	PQclear(r);
	return 0;
}

int
queue_count(struct db *db, const struct queue_filter *f, long long *count)
{
	const char *p[5] = { f->status, f->unit_id, f->from, f->to,
	    f->search != NULL ? f->search : "" };
	PGresult *r;

	if ((r = db_query(db, queue_count_sql, 5, p)) == NULL)
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
