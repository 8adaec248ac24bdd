/*
 * ctl_reasons.c — pishkhanctl reasons: the canned rejection reasons a clerk
 * picks from, in Persian and English.
 */
#include <getopt.h>
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
reasons_add(struct ctl *c, int argc, char **argv)
{
	struct reason_opts o = { .order = "" };
	const char *p[3];
	PGresult *res;
	int first;

	if ((first = ctl_getopt(argc, argv, reason_options, on_opt, &o)) < 0)
		return first == -2 ? CTL_OK : CTL_USAGE;
	if (argc - first != 2)
		return ctl_usage("expected the reason in Persian and in English");
	if (ctl_db(c) == NULL)
		return CTL_DOWN;
	p[0] = argv[first];
	p[1] = argv[first + 1];
	p[2] = o.order[0] != '\0' ? o.order : NULL;
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
reasons_list(struct ctl *c, int argc, char **argv)
{
	struct reason_opts o = { .order = "" };
	const char *p[1];
	int first;

	if ((first = ctl_getopt(argc, argv, reason_options, on_opt, &o)) < 0)
		return first == -2 ? CTL_OK : CTL_USAGE;
	if (first < argc)
		return ctl_usage("unexpected argument '%s'", argv[first]);
	if (ctl_db(c) == NULL)
		return CTL_DOWN;
	p[0] = o.all ? "t" : "f";
	return ctl_print_query(c, "SELECT id, text_fa, text_en, "
	    "CASE WHEN active THEN 'active' ELSE 'disabled' END, sort_order "
	    "FROM rejection_reasons WHERE active OR $1 ORDER BY sort_order, id", 1, p);
}

static int
reasons_disable(struct ctl *c, int argc, char **argv)
{
	char id[24];
	const char *p[1];
	long long n;
	int first, st;

	if ((st = ctl_operands(argc, argv, 1, 1, "expected one reason id",
	    &first)) != CTL_GO)
		return st;
	if (ctl_number(argv[first], "reason id", id, sizeof id) == -1)
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
	    "  --order N   position in the clerk's list (default: last)\n", reasons_add },
	{ "list", "[--all]", "list the active reasons (all with --all): "
	    "id, Persian, English, state, order",
	    "  --all       include disabled reasons\n", reasons_list },
	{ "disable", "ID", "stop offering a reason (letters rejected with it keep it)",
	    NULL, reasons_disable },
	{ NULL, NULL, NULL, NULL, NULL }
};

const struct ctl_noun ctl_noun_reasons = {
	"reasons", "Canned rejection reasons, in Persian and English.", verbs
};
