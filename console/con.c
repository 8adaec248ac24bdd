/*
 * con.c — the console's shared state beside the terminal: status-line
 * messages, catalog texts, queries to PostgreSQL and what their failures
 * say, and the stack of screens.
 */
#include <stdarg.h>
#include <stdio.h>

#include "console.h"
#include "db.h"
#include "xmalloc.h"

void
con_msg(struct con *c, int bad, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof c->msg, fmt, ap);
	va_end(ap);
	c->msg_bad = bad;
}

const char *
con_t(const struct con *c, enum msg_id id)
{
	return i18n(c->lang, id);
}

int
con_db_fail(struct con *c)
{
	if (db_outcome_unknown(c->db))
		con_msg(c, 1, "%s", con_t(c, MSG_CON_OUTCOME_UNKNOWN));
	else if (db_is_down(c->db))
		con_msg(c, 1, "%s", con_t(c, MSG_DB_DOWN));
	else if (db_is(c->db, DB_PK_NOT_STAFF) || db_is(c->db, DB_DENIED))
		con_msg(c, 1, con_t(c, MSG_CON_DENIED), c->me.login);
	else
		con_msg(c, 1, con_t(c, MSG_CON_DB_ERROR), db_error(c->db));
	return -1;
}

/*
 * A statement on a connection that may have gone while the clerk looked
 * at the screen (a restart, a failover to the standby): reconnected before
 * it, and run again on a new connection only when it certainly did not
 * take effect the first time.  A decision that may have been saved is not
 * sent twice: db_outcome_unknown() stays set for con_db_fail().
 */
PGresult *
con_query(struct con *c, const char *sql, int n, const char *const *p)
{
	PGresult *r;

	if (db_ensure(c->db) == -1)
		return NULL;
	if ((r = db_query(c->db, sql, n, p)) == NULL && db_is_down(c->db) &&
	    !db_outcome_unknown(c->db) && db_ensure(c->db) == 0)
		r = db_query(c->db, sql, n, p);
	return r;
}

void
con_push(struct con *c, const struct screen_ops *ops, void *data)
{
	struct screen *s = xcalloc(1, sizeof *s);

	s->ops = ops;
	s->data = data;
	s->prev = c->top;
	c->top = s;
}
