/*
 * ctl_reasons.c — pishkhanctl reasons: the canned rejection reasons a clerk
 * picks from, in Persian and English.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

struct reason_opts {
	char	 order[24];
	int	 all;
};

static const struct option reason_options[] = {
	{ "order", required_argument, NULL, 'o' },
	{ "all", no_argument, NULL, 'a' },
	{ NULL, 0, NULL, 0 }
};

static int
on_opt(int ch, const char *arg, void *ctx)
{
	struct reason_opts *o = ctx;

	switch (ch) {
	case 'o': return ctl_number(arg, "order", o->order, sizeof o->order);
	case 'a': o->all = 1; return 0;
	}
	return -1;
}

static int
reasons_add(struct ctl *c, const struct ctl_args *a)
{
	const struct reason_opts *o = a->opts;
	const char *p[3];
	PGresult *res;

	p[0] = a->argv[0];
	p[1] = a->argv[1];
	p[2] = o->order[0] != '\0' ? o->order : NULL;
	res = db_query(c->db, "INSERT INTO rejection_reasons (text_fa, text_en, sort_order) "
	    "VALUES (clean_line($1), clean_line($2), coalesce($3::integer, "
	    "(SELECT coalesce(max(sort_order), 0) + 10 FROM rejection_reasons))) "
	    "RETURNING id", 3, p);
	if (res == NULL) {
		if (db_is(c->db, DB_UNIQUE))
			return ctl_error("that reason already exists; see 'pishkhanctl "
			    "reasons list --all'");
		if (db_is(c->db, DB_CHECK) || db_is(c->db, DB_NOT_NULL))
			return ctl_error("a reason needs 1 to 500 characters in each language");
		return ctl_db_error(c, NULL);
	}
	ctl_print_tsv(res);
	PQclear(res);
	return CTL_OK;
}

static int
reasons_list(struct ctl *c, const struct ctl_args *a)
{
	const struct reason_opts *o = a->opts;
	const char *p[1];

	p[0] = o->all ? "t" : "f";
	return ctl_print_query(c, "SELECT id, text_fa, text_en, "
	    "CASE WHEN active THEN 'active' ELSE 'disabled' END, sort_order "
	    "FROM rejection_reasons WHERE active OR $1 ORDER BY sort_order, id", 1, p);
}

static int
reasons_disable(struct ctl *c, const struct ctl_args *a)
{
	char id[24];
	const char *p[1];
	long long n;

	if (ctl_number(a->argv[0], "reason id", id, sizeof id) == -1)
		return CTL_USAGE;
	if (ctl_db(c) == NULL)
		return CTL_DOWN;
	p[0] = id;
	if ((n = db_changed(c->db, "UPDATE rejection_reasons SET active = false "
	    "WHERE id = $1::integer", 1, p)) == -1) {
		if (db_is(c->db, "22003"))
			return ctl_error("reason '%s' not found", id);
		return ctl_db_error(c, NULL);
	}
	if (n == 0)
		return ctl_error("reason '%s' not found", id);
	return CTL_OK;
}

static const struct ctl_verb verbs[] = {
	{ "add", "[--order N] TEXT_FA TEXT_EN",
	    "add a canned rejection reason; prints its id",
	    "  --order N   position in the clerk's list (default: last)\n", reasons_add,
	    .operands = { 2, 2, "expected the reason in Persian and in English" },
	    .opts = { reason_options, on_opt, sizeof(struct reason_opts), NULL },
	    .flags = CTL_DB },
	{ "list", "[--all]", "list the active reasons (all with --all): "
	    "id, Persian, English, state, order",
	    "  --all       include disabled reasons\n", reasons_list,
	    .opts = { reason_options, on_opt, sizeof(struct reason_opts), NULL },
	    .flags = CTL_DB },
	{ "disable", "ID", "stop offering a reason (letters rejected with it keep it)",
	    NULL, reasons_disable, .operands = { 1, 1, "expected one reason id" } },
	{ .name = NULL }
};

const struct ctl_noun ctl_noun_reasons = {
	"reasons", "Canned rejection reasons, in Persian and English.", verbs
};
