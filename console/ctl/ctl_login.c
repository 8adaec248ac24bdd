/*
 * ctl_login.c — pishkhanctl login: how the public web's login is used and
 * guarded today, so an admin sees the SMS budget running out before it
 * does (pishkhan-web(8), LOGIN).
 */
#include <stdio.h>

#include "ctl.h"

static int
login_stats(struct ctl *c, const struct ctl_args *a)
{
	char budget[32];
	const char *p[1];

	(void)a;
	snprintf(budget, sizeof budget, "%lld", cfg_int(c->cfg, CFG_WEB_SMS_BUDGET));
	p[0] = budget;
	return ctl_print_query(c, "SELECT t.k, t.v FROM web_login_stats() s, LATERAL "
	    "(VALUES ('codes_today', s.codes_today::text), ('budget', $1::integer::text), "
	    "('budget_used', floor(100.0 * s.codes_today / $1::integer)::text || '%'), "
	    "('warned_at', coalesce(to_char(s.warned_at, 'YYYY-MM-DD HH24:MI:SSOF'), '')), "
	    "('wrong_codes_hour', s.wrong_codes_hour::text), "
	    "('captchas_hour', s.captchas_hour::text), "
	    "('busiest_address', coalesce(abbrev(s.busiest_ip), '')), "
	    "('busiest_address_codes', coalesce(s.busiest_ip_codes, 0)::text)) "
	    "AS t(k, v)", 1, p);
}

static const struct ctl_verb verbs[] = {
	{ "stats", "", "today's login codes against web.sms_budget, and the "
	    "guards' traffic of the last hour", NULL, login_stats, .flags = CTL_DB },
	{ .name = NULL }
};

const struct ctl_noun ctl_noun_login = {
	"login", "The public web's login codes and their limits.", verbs
};
