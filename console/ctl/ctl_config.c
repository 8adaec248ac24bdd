/*
 * ctl_config.c — pishkhanctl config: check a configuration file, show the
 * values in force.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cfg_check.h"
#include "ctl.h"
#include "sms.h"

static int
config_check(struct ctl *c, const struct ctl_args *a)
{
	struct cfg *cfg;
	char *err = NULL;

	/* `config check FILE` or the -c file or the default */
	cfg = cfg_load(a->argc == 1 ? a->argv[0] : c->cfgpath, &err);
	if (cfg == NULL) {
		ctl_error("%s", err);
		free(err);
		return CTL_FAIL;
	}
	/* What the programs check at start, beyond the syntax. */
	if (cfg_check_sql_dir(cfg, &err) == -1 || cfg_check_web(cfg, &err) == -1 ||
	    sms_driver_check(cfg, &err) == -1) {
		ctl_error("%s: %s", cfg_file(cfg) != NULL ? cfg_file(cfg) :
		    CFG_DEFAULT_FILE, err);
		free(err);
		cfg_free(cfg);
		return CTL_FAIL;
	}
	printf("%s: ok\n", cfg_file(cfg) != NULL ? cfg_file(cfg) :
	    CFG_DEFAULT_FILE " (absent: built-in defaults)");
	cfg_free(cfg);
	return CTL_OK;
}

static int
config_show(struct ctl *c, const struct ctl_args *a)
{
	size_t i;

	(void)a;
	if (c->cfg == NULL) {
		char *err = NULL;

		if ((c->cfg = cfg_load(c->cfgpath, &err)) == NULL) {
			ctl_error("%s", err);
			free(err);
			return CTL_FAIL;
		}
	}
	for (i = 0; i < CFG__COUNT; i++) {
		const struct cfg_key *k = cfg_key((enum cfg_id)i);

		printf("%s.%s\t%s\t%s\n", k->section, k->key, cfg_str(c->cfg, (enum cfg_id)i),
		    cfg_is_set(c->cfg, (enum cfg_id)i) ? "set" : "default");
	}
	return CTL_OK;
}

static const struct ctl_verb verbs[] = {
	{ "check", "[FILE]", "check a configuration file; every key known, "
	    "every value well formed, the files and directories it names there, "
	    "the SMS gateway's templates as the worker reads them", NULL, config_check,
	    .operands = { 0, 1, "expected at most one file" }, .flags = CTL_CFG_GENTLY },
	{ "show", "", "print every key: section.key, value, set or default",
	    NULL, config_show, .flags = CTL_CFG_GENTLY },
	{ .name = NULL }
};

const struct ctl_noun ctl_noun_config = {
	"config", "The configuration file, pishkhan.conf(5).", verbs
};
