/*
 * ctl_units.c — pishkhanctl units: the organisation's units, the letters'
 * addressees.  A unit is named by its numeric code (Persian digits accepted).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "digits.h"

struct unit_opts {
	char	 order[24];
	char	 code[24];
	const char *fa, *en;
	int	 active;	/* -1 unchanged, 0 disable, 1 enable */
	int	 all;
	char	 decision[8], response[8];	/* service levels, working days */
};

static const struct option unit_options[] = {
	{ "order", required_argument, NULL, 'o' },
	{ "code", required_argument, NULL, 'C' },
	{ "fa", required_argument, NULL, 'f' },
	{ "en", required_argument, NULL, 'e' },
	{ "enable", no_argument, NULL, 'E' },
	{ "disable", no_argument, NULL, 'D' },
	{ "inactive", no_argument, NULL, 'I' },
	{ "all", no_argument, NULL, 'a' },
	{ "decision-days", required_argument, NULL, 'd' },
	{ "response-days", required_argument, NULL, 'r' },
	{ NULL, 0, NULL, 0 }
};

/* A service level: 1 to 365 working days, in any digits; 0, or -1 after a
 * usage error. */
static int
level(const char *arg, const char *opt, char *out, size_t outsz)
{
	uint64_t v;

	if (digits_parse_u64(arg, UINT64_MAX, &v) == -1 || v < 1 || v > 365) {
		ctl_usage("%s '%s' is not a number of working days from 1 to 365",
		    opt, arg);
		return -1;
	}
	snprintf(out, outsz, "%u", (unsigned)v);
	return 0;
}

static int
on_opt(int ch, const char *arg, void *ctx)
{
	struct unit_opts *o = ctx;

	switch (ch) {
	case 'o':
		return ctl_number(arg, "order", o->order, sizeof o->order);
	case 'C':
		return ctl_unit_code(arg, o->code, sizeof o->code);
	case 'f': o->fa = arg; return 0;
	case 'e': o->en = arg; return 0;
	case 'E': o->active = 1; return 0;
	case 'D': case 'I': o->active = 0; return 0;
	case 'a': o->all = 1; return 0;
	case 'd':
		return level(arg, "--decision-days", o->decision, sizeof o->decision);
	case 'r':
		return level(arg, "--response-days", o->response, sizeof o->response);
	}
	return -1;
}

/* Explain a refused change in the administrator's terms. */
static int
unit_refused(struct ctl *c, const char *code)
{
	if (db_is(c->db, DB_UNIQUE)) {
		if (strcmp(db_constraint(c->db), "units_name_fa_key") == 0)
			return ctl_error("a unit with that Persian name already exists");
		return ctl_error("unit code '%s' already exists", code);
	}
	if (db_is(c->db, DB_CHECK) || db_is(c->db, DB_NOT_NULL))
		return ctl_error("unit names must have 1 to 200 characters and codes "
		    "1 to 12 digits");
	return ctl_db_error(c, NULL);
}

static const struct unit_opts add_init = { .order = "0", .active = 1 };
static const struct unit_opts edit_init = { .active = -1 };	/* as it is */

static int
units_add(struct ctl *c, const struct ctl_args *a)
{
	const struct unit_opts *o = a->opts;
	char code[24];
	const char *p[5];

	if (ctl_unit_code(a->argv[0], code, sizeof code) == -1)
		return CTL_USAGE;
	if (ctl_db(c) == NULL)
		return CTL_DOWN;
	p[0] = code;
	p[1] = a->argv[1];
	p[2] = a->argv[2];
	p[3] = o->order;
	p[4] = o->active ? "t" : "f";
	if (db_exec(c->db, "INSERT INTO units (code, name_fa, name_en, sort_order, active) "
	    "VALUES ($1, clean_line($2), clean_line($3), $4, $5)", 5, p) == -1)
		return unit_refused(c, code);
	return CTL_OK;
}

static int
units_list(struct ctl *c, const struct ctl_args *a)
{
	const struct unit_opts *o = a->opts;
	const char *p[1];

	p[0] = o->all ? "t" : "f";
	return ctl_print_query(c, "SELECT code, name_fa, name_en, "
	    "CASE WHEN active THEN 'active' ELSE 'disabled' END, sort_order, "
	    "decision_days, response_days FROM units WHERE active OR $1 ORDER BY sort_order, code", 1, p);
}

static int
units_edit(struct ctl *c, const struct ctl_args *a)
{
	const struct unit_opts *o = a->opts;
	char code[24];
	const char *p[8];
	long long n;

	if (ctl_unit_code(a->argv[0], code, sizeof code) == -1)
		return CTL_USAGE;
	if (o->code[0] == '\0' && o->fa == NULL && o->en == NULL && o->order[0] == '\0' &&
	    o->active == -1 && o->decision[0] == '\0' && o->response[0] == '\0')
		return ctl_usage("nothing to change");
	if (ctl_db(c) == NULL)
		return CTL_DOWN;
	p[0] = code;
	p[1] = o->code[0] != '\0' ? o->code : NULL;
	p[2] = o->fa;
	p[3] = o->en;
	p[4] = o->order[0] != '\0' ? o->order : NULL;
	p[5] = o->active == -1 ? NULL : o->active ? "t" : "f";
	p[6] = o->decision[0] != '\0' ? o->decision : NULL;
	p[7] = o->response[0] != '\0' ? o->response : NULL;
	n = db_changed(c->db, "UPDATE units SET code = coalesce($2, code), "
	    "name_fa = coalesce(clean_line($3), CASE WHEN $3 IS NULL THEN name_fa END), "
	    "name_en = coalesce(clean_line($4), CASE WHEN $4 IS NULL THEN name_en END), "
	    "sort_order = coalesce($5::integer, sort_order), "
	    "active = coalesce($6::boolean, active), "
	    "decision_days = coalesce($7::integer, decision_days), "
	    "response_days = coalesce($8::integer, response_days) WHERE code = $1", 8, p);
	if (n == -1)
		return unit_refused(c, o->code[0] != '\0' ? o->code : code);
	if (n == 0)
		return ctl_error("unit '%s' not found", code);
	return CTL_OK;
}

static int
units_disable(struct ctl *c, const struct ctl_args *a)
{
	char code[24];
	const char *p[1];
	long long n;

	if (ctl_unit_code(a->argv[0], code, sizeof code) == -1)
		return CTL_USAGE;
	if (ctl_db(c) == NULL)
		return CTL_DOWN;
	p[0] = code;
	if ((n = db_changed(c->db, "UPDATE units SET active = false WHERE code = $1",
	    1, p)) == -1)
		return ctl_db_error(c, NULL);
	if (n == 0)
		return ctl_error("unit '%s' not found", code);
	return CTL_OK;
}

static const struct ctl_verb verbs[] = {
	{ "add", "[--order N] [--inactive] CODE NAME_FA NAME_EN",
	    "add a unit that citizens can address letters to",
	    "  --order N    position in the citizens' list (default 0, then by name)\n"
	    "  --inactive   add it disabled\n", units_add,
	    .operands = { 3, 3, "expected a code, a Persian name and an English name" },
	    .opts = { unit_options, on_opt, sizeof(struct unit_opts), &add_init } },
	{ "list", "[--all]", "list the active units (all with --all): "
	    "code, Persian name, English name, state, order, decision days, "
	    "response days",
	    "  --all        include disabled units\n", units_list,
	    .opts = { unit_options, on_opt, sizeof(struct unit_opts), NULL },
	    .flags = CTL_DB },
	{ "edit", "[--code NEW] [--fa NAME] [--en NAME] [--order N] [--enable|--disable] "
	    "[--decision-days N] [--response-days N] CODE",
	    "change a unit",
	    "  --code NEW          a new code\n"
	    "  --fa NAME           a new Persian name\n"
	    "  --en NAME           a new English name\n"
	    "  --order N           a new position in the citizens' list\n"
	    "  --enable            offer the unit to citizens again\n"
	    "  --disable           stop offering it (as units disable)\n"
	    "  --decision-days N   working days the clerk has to approve or reject\n"
	    "                      a letter addressed to it (1 to 365; default 2)\n"
	    "  --response-days N   working days the unit has to answer a letter\n"
	    "                      approved to it (1 to 365; default 10)\n"
	    "\nA new level applies to letters from then on; those already in keep\n"
	    "their due dates.\n", units_edit,
	    .operands = { 1, 1, "expected one unit code" },
	    .opts = { unit_options, on_opt, sizeof(struct unit_opts), &edit_init } },
	{ "disable", "CODE", "stop offering a unit to citizens (its letters stay)",
	    NULL, units_disable, .operands = { 1, 1, "expected one unit code" } },
	{ .name = NULL }
};

const struct ctl_noun ctl_noun_units = {
	"units", "The organisation's units, to which citizens address letters.", verbs
};
