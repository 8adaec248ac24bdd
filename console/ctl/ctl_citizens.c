/*
 * ctl_citizens.c — pishkhanctl citizens: a citizen's submission limit.
 *
 * A citizen may submit so many letters and so many bytes of files in any
 * hour and in any 24 hours (the settings letters_per_hour, letters_per_day,
 * bytes_per_hour, bytes_per_day; sql/012_citizen_limits.sql keeps the
 * rule).  `citizens show` says what a citizen used against each limit and
 * when they may submit again; `citizens lift` lets them submit again now
 * (counting starts afresh), and with --until, without limit until then.
 * The database checks the caller is an admin and records every lift: who,
 * when, until when and why.  The mobile may be typed as people write it,
 * in any digit script (phone_normalize).
 */
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "phone.h"

/* The typed mobile in E.164, or a usage error. */
static int
mobile_arg(struct ctl *c, const char *typed, char *out, size_t outsz)
{
	enum phone_error e = phone_normalize(typed, cfg_str(c->cfg, CFG_PHONE_COUNTRIES),
	    out, outsz);

	if (e != PHONE_OK) {
		ctl_usage("'%s' is not a mobile number: %s", typed, phone_strerror(e));
		return -1;
	}
	return 0;
}

/* A refusal the database explains, or the usual report. */
static int
refused(struct ctl *c, const char *mobile)
{
	if (db_is(c->db, DB_PK_NOT_FOUND))
		return ctl_error("no citizen with mobile '%s' (they have never logged in)",
		    mobile);
	return ctl_db_error(c, NULL);
}

static int
citizens_show(struct ctl *c, const struct ctl_args *a)
{
	static const char *const names[] = {
		"letters_last_hour", "letters_last_day", "bytes_last_hour", "bytes_last_day"
	};
	char mobile[PHONE_E164_MAX];
	const char *p[1];
	PGresult *res;
	int i;

	if (mobile_arg(c, a->argv[0], mobile, sizeof mobile) != 0)
		return CTL_USAGE;
	if (ctl_db(c) == NULL)
		return CTL_DOWN;
	p[0] = mobile;
	/* Times in the office's time zone, as the clerks read them. */
	res = db_query(c->db, "SELECT mobile, letters_hour, letters_per_hour, "
	    "letters_day, letters_per_day, bytes_hour, bytes_per_hour, bytes_day, "
	    "bytes_per_day, "
	    "to_char(counted_since AT TIME ZONE z, 'YYYY-MM-DD HH24:MI:SS'), "
	    "to_char(exempt_until AT TIME ZONE z, 'YYYY-MM-DD HH24:MI:SS'), "
	    "CASE WHEN next_allowed IS NULL THEN 'now' "
	    "WHEN next_allowed = 'infinity' THEN 'never' "
	    "ELSE to_char(next_allowed AT TIME ZONE z, 'YYYY-MM-DD HH24:MI:SS') END "
	    "FROM citizen_limits($1), "
	    "coalesce(setting('time_zone'), 'Asia/Tehran') z", 1, p);
	if (res == NULL)
		return refused(c, mobile);
	printf("mobile\t%s\n", PQgetvalue(res, 0, 0));
	for (i = 0; i < 4; i++)		/* used, limit (0: none) */
		printf("%s\t%s\t%s\n", names[i], PQgetvalue(res, 0, 1 + 2 * i),
		    PQgetvalue(res, 0, 2 + 2 * i));
	printf("counted_since\t%s\n", PQgetvalue(res, 0, 9));
	printf("no_limit_until\t%s\n", PQgetvalue(res, 0, 10));
	printf("next_allowed\t%s\n", PQgetvalue(res, 0, 11));
	PQclear(res);
	return CTL_OK;
}

struct lift_opts {
	const char *until, *note;
};

static const struct option lift_options[] = {
	{ "until", required_argument, NULL, 'u' },
	{ "note", required_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 }
};

static int
lift_opt(int ch, const char *arg, void *ctx)
{
	struct lift_opts *o = ctx;

	switch (ch) {
	case 'u': o->until = arg; return 0;
	case 'n': o->note = arg; return 0;
	}
	return -1;
}

static int
citizens_lift(struct ctl *c, const struct ctl_args *a)
{
	const struct lift_opts *o = a->opts;
	char mobile[PHONE_E164_MAX];
	const char *p[3];
	PGresult *res;

	if (mobile_arg(c, a->argv[0], mobile, sizeof mobile) != 0)
		return CTL_USAGE;
	if (ctl_db(c) == NULL)
		return CTL_DOWN;
	p[0] = mobile;
	p[1] = o->until;
	p[2] = o->note;
	res = db_query(c->db, "SELECT to_char(u AT TIME ZONE "
	    "coalesce(setting('time_zone'), 'Asia/Tehran'), 'YYYY-MM-DD HH24:MI:SS') "
	    "FROM citizen_limit_lift($1, $2, $3) u", 3, p);
	if (res == NULL) {
		if (db_is(c->db, DB_BAD_DATETIME))
			return ctl_error("cannot read '%s' as a duration or a time; give a "
			    "duration such as '2 days' or a time such as '2026-12-01 08:00'",
			    o->until);
		return refused(c, mobile);
	}
	if (PQgetisnull(res, 0, 0))
		printf("%s may submit again now\n", mobile);
	else
		printf("%s may submit without limit until %s\n", mobile,
		    PQgetvalue(res, 0, 0));
	PQclear(res);
	return CTL_OK;
}

static const struct ctl_verb verbs[] = {
	{ "show", "MOBILE", "what a citizen submitted in the last hour and day "
	    "against the limits, and when they may submit again", NULL, citizens_show,
	    .operands = { 1, 1, "expected one mobile number" } },
	{ "lift", "[--until WHEN] [--note TEXT] MOBILE", "let a citizen submit again "
	    "now (what they submitted before no longer counts); recorded",
	    "  --until WHEN   and no limit at all until then: a duration ('2 days',\n"
	    "                 '12 hours') or a time in the office's time zone\n"
	    "                 ('2026-12-01 08:00'); digits may be Persian\n"
	    "  --note TEXT    why, kept with the record\n"
	    "  MOBILE         as typed: 09121234567, +989121234567, Persian digits\n",
	    citizens_lift, .operands = { 1, 1, "expected one mobile number" },
	    .opts = { lift_options, lift_opt, sizeof(struct lift_opts), NULL } },
	{ .name = NULL }
};

const struct ctl_noun ctl_noun_citizens = {
	"citizens", "A citizen's submission limits: see them, lift them.", verbs
};
