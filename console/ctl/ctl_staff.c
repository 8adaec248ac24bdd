/*
 * ctl_staff.c — pishkhanctl staff: clerks, unit members and admins.
 *
 * A staff member is an operating-system user who logs in over SSH and
 * reaches PostgreSQL as the role of the same name (peer authentication).
 * `staff add` checks the OS user exists here, then asks the database
 * (staff_add() in sql/003_functions.sql) to make the role and grant it the
 * group roles of the duties given.  `staff edit` changes the duties of an
 * active member through staff_edit() (sql/010_admin_edit.sql), which moves
 * the grants with them and keeps the last active admin an admin.
 */
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "ctl.h"

struct staff_opts {
	const char *name;
	char	 unit[24];
	int	 clerk, admin, all;
};

static const struct option add_options[] = {
	{ "name", required_argument, NULL, 'n' },
	{ "clerk", no_argument, NULL, 'C' },
	{ "unit", required_argument, NULL, 'u' },
	{ "admin", no_argument, NULL, 'A' },
	{ NULL, 0, NULL, 0 }
};

static const struct option list_options[] = {
	{ "all", no_argument, NULL, 'a' },
	{ NULL, 0, NULL, 0 }
};

static int
on_opt(int ch, const char *arg, void *ctx)
{
	struct staff_opts *o = ctx;

	switch (ch) {
	case 'n': o->name = arg; return 0;
	case 'C': o->clerk = 1; return 0;
	case 'u': return ctl_unit_code(arg, o->unit, sizeof o->unit);
	case 'A': o->admin = 1; return 0;
	case 'a': o->all = 1; return 0;
	}
	return -1;
}

static int
staff_add(struct ctl *c, const struct ctl_args *a)
{
	const struct staff_opts *o = a->opts;
	struct buf name = BUF_INIT;
	struct passwd *pw;
	const char *login = a->argv[0], *p[5];
	int rc = CTL_OK;

	if (!o->clerk && !o->admin && o->unit[0] == '\0')
		return ctl_usage("give at least one duty: --clerk, --unit CODE or --admin");
	if ((pw = getpwnam(login)) == NULL)
		return ctl_error("no operating-system user '%s' on this machine; "
		    "create it first (adduser %s)", login, login);
	if (o->name != NULL)
		buf_adds(&name, o->name);
	else	/* the GECOS full name, or the login */
		buf_add(&name, pw->pw_gecos, strcspn(pw->pw_gecos, ","));
	if (name.len == 0)
		buf_adds(&name, login);
	if (ctl_db(c) == NULL) {
		buf_free(&name);
		return CTL_DOWN;
	}
	p[0] = login;
	p[1] = name.data;
	p[2] = o->clerk ? "t" : "f";
	p[3] = o->unit[0] != '\0' ? o->unit : NULL;
	p[4] = o->admin ? "t" : "f";
	if (db_exec(c->db, "SELECT staff_add($1, $2, $3, $4, $5)", 5, p) == -1) {
		if (db_is(c->db, DB_CHECK))
			rc = ctl_error("'%s' cannot be a staff login (lower-case letters, "
			    "digits, '_', '-' and '.'; at most 63)", login);
		else if (db_is(c->db, DB_UNIQUE) || db_is(c->db, DB_PK_NOT_FOUND))
			rc = ctl_error("%s", db_error(c->db));
		else
			rc = ctl_db_error(c, NULL);
	}
	buf_free(&name);
	return rc;
}

/* staff edit: each duty is -1 (unchanged), 0 (taken away) or 1 (given). */
struct edit_opts {
	const char *name;
	char	 unit[24];
	int	 clerk, admin, unit_set;
};

enum { OPT_NO_CLERK = 256, OPT_NO_ADMIN, OPT_NO_UNIT };

static const struct option edit_options[] = {
	{ "name", required_argument, NULL, 'n' },
	{ "clerk", no_argument, NULL, 'C' },
	{ "no-clerk", no_argument, NULL, OPT_NO_CLERK },
	{ "unit", required_argument, NULL, 'u' },
	{ "no-unit", no_argument, NULL, OPT_NO_UNIT },
	{ "admin", no_argument, NULL, 'A' },
	{ "no-admin", no_argument, NULL, OPT_NO_ADMIN },
	{ NULL, 0, NULL, 0 }
};

/* Set a duty once; --clerk --no-clerk together is a usage error. */
static int
set_duty(int *duty, int to, const char *name)
{
	if (*duty != -1 && *duty != to) {
		ctl_usage("--%s and --no-%s contradict each other", name, name);
		return -1;
	}
	*duty = to;
	return 0;
}

static int
on_edit_opt(int ch, const char *arg, void *ctx)
{
	struct edit_opts *o = ctx;

	switch (ch) {
	case 'n': o->name = arg; return 0;
	case 'C': return set_duty(&o->clerk, 1, "clerk");
	case OPT_NO_CLERK: return set_duty(&o->clerk, 0, "clerk");
	case 'A': return set_duty(&o->admin, 1, "admin");
	case OPT_NO_ADMIN: return set_duty(&o->admin, 0, "admin");
	case 'u':
		if (set_duty(&o->unit_set, 1, "unit") == -1)
			return -1;
		return ctl_unit_code(arg, o->unit, sizeof o->unit);
	case OPT_NO_UNIT: return set_duty(&o->unit_set, 0, "unit");
	}
	return -1;
}

static const struct edit_opts edit_init = { .clerk = -1, .admin = -1, .unit_set = -1 };

static int
staff_edit(struct ctl *c, const struct ctl_args *a)
{
	const struct edit_opts *o = a->opts;
	const char *login = a->argv[0], *p[5];

	if (o->name == NULL && o->clerk == -1 && o->admin == -1 && o->unit_set == -1)
		return ctl_usage("nothing to change");
	if (ctl_db(c) == NULL)
		return CTL_DOWN;
	p[0] = login;
	p[1] = o->name;
	p[2] = o->clerk == -1 ? NULL : o->clerk ? "t" : "f";
	p[3] = o->unit_set == -1 ? NULL : o->unit_set ? o->unit : "";
	p[4] = o->admin == -1 ? NULL : o->admin ? "t" : "f";
	if (db_exec(c->db, "SELECT staff_edit($1, $2, $3, $4, $5)", 5, p) == 0)
		return CTL_OK;
	if (db_is(c->db, DB_PK_NOT_FOUND))
		return ctl_error("%s", db_error(c->db));
	if (db_is(c->db, DB_PK_STATE))
		return ctl_error("%s; %s", db_error(c->db), db_hint(c->db));
	if (db_is(c->db, DB_CHECK) &&
	    strcmp(db_constraint(c->db), "staff_some_role") == 0)
		return ctl_error("staff member '%s' would have no duty left; "
		    "'pishkhanctl staff disable %s' takes away all access", login, login);
	if (db_is(c->db, DB_CHECK) || db_is(c->db, DB_NOT_NULL))
		return ctl_error("a display name needs 1 to 200 characters");
	return ctl_db_error(c, NULL);
}

static int
staff_list(struct ctl *c, const struct ctl_args *a)
{
	const struct staff_opts *o = a->opts;
	const char *p[1];

	p[0] = o->all ? "t" : "f";
	/* an admin's view: staff_list() (sql/018_staff_list.sql) refuses
	 * anyone else with PK403 */
	return ctl_print_query(c, "SELECT * FROM staff_list($1)", 1, p);
}

static int
staff_disable(struct ctl *c, const struct ctl_args *a)
{
	const char *p[1];

	p[0] = a->argv[0];
	if (db_exec(c->db, "SELECT staff_disable($1)", 1, p) == -1) {
		if (db_is(c->db, DB_PK_NOT_FOUND))
			return ctl_error("staff member '%s' not found or already disabled",
			    a->argv[0]);
		return ctl_db_error(c, NULL);
	}
	return CTL_OK;
}

static const struct ctl_verb verbs[] = {
	{ "add", "[--clerk] [--unit CODE] [--admin] [--name NAME] LOGIN",
	    "make an operating-system user a staff member (or re-enable one)",
	    "  --clerk       request approver: approves and rejects letters\n"
	    "  --unit CODE   member of that unit: updates and responses\n"
	    "  --admin       administrator\n"
	    "  --name NAME   display name (default: the user's full name)\n",
	    staff_add, .operands = { 1, 1, "expected one login" },
	    .opts = { add_options, on_opt, sizeof(struct staff_opts), NULL } },
	{ "list", "[--all]", "list active staff (all with --all): "
	    "login, name, duties, unit code, state",
	    "  --all         include disabled staff\n", staff_list,
	    .opts = { list_options, on_opt, sizeof(struct staff_opts), NULL },
	    .flags = CTL_DB },
	{ "edit", "[--[no-]clerk] [--unit CODE|--no-unit] [--[no-]admin] [--name NAME] LOGIN",
	    "change an active staff member's duties or name",
	    "  --clerk       make them a request approver\n"
	    "  --no-clerk    no longer a request approver\n"
	    "  --unit CODE   move them to that unit (or make them a unit member)\n"
	    "  --no-unit     take them out of their unit\n"
	    "  --admin       make them an administrator\n"
	    "  --no-admin    no longer an administrator (not the last active one)\n"
	    "  --name NAME   the display name\n", staff_edit,
	    .operands = { 1, 1, "expected one login" },
	    .opts = { edit_options, on_edit_opt, sizeof(struct edit_opts), &edit_init } },
	{ "disable", "LOGIN", "take away a staff member's access (the audit log "
	    "keeps their name)", NULL, staff_disable,
	    .operands = { 1, 1, "expected one login" }, .flags = CTL_DB },
	{ .name = NULL }
};

const struct ctl_noun ctl_noun_staff = {
	"staff", "Staff: operating-system users who log in as their own "
	    "PostgreSQL role.", verbs
};
