/*
 * ctl.c — pishkhanctl: global options, the table of nouns, dispatch (each
 * verb's options and operands parsed as its entry says), and the helpers
 * every noun uses.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "digits.h"
#include "i18n.h"
#include "log.h"
#include "xmalloc.h"

static const struct ctl_noun *const nouns[] = {
	&ctl_noun_db, &ctl_noun_units, &ctl_noun_staff, &ctl_noun_reasons,
	&ctl_noun_settings, &ctl_noun_holidays, &ctl_noun_config, &ctl_noun_sms,
	&ctl_noun_templates,
	&ctl_noun_citizens, &ctl_noun_login, &ctl_noun_status, &ctl_noun_report, NULL
};

const struct ctl_noun *ctl_cur_noun;
const struct ctl_verb *ctl_cur_verb;

/* "pishkhanctl: " and the message, a line on the standard error. */
static void
say(const char *fmt, va_list ap)
{
	fputs("pishkhanctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int
ctl_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
	return CTL_FAIL;
}

static void
verb_usage(FILE *fp, const struct ctl_noun *n, const struct ctl_verb *v)
{
	fprintf(fp, "usage: pishkhanctl %s%s%s%s%s\n", n->name, v->name[0] != '\0' ?
	    " " : "", v->name, v->args[0] != '\0' ? " " : "", v->args);
}

int
ctl_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
	if (ctl_cur_noun != NULL && ctl_cur_verb != NULL)
		verb_usage(stderr, ctl_cur_noun, ctl_cur_verb);
	return CTL_USAGE;
}

int
ctl_db_error(struct ctl *c, const char *what)
{
	const char *hint = db_hint(c->db);

	if (db_is_down(c->db)) {
		ctl_error("%s", db_error(c->db));
		if (!db_ok(c->db) && db_server_answers(c->db)) {
			/* up, and it would not have us: not a matter of waiting */
			fputs("hint: PostgreSQL is running but refused this login; "
			    "pishkhanctl connects as your own role, which an "
			    "administrator makes with 'pishkhanctl staff add', and "
			    "pg_hba.conf must let it in to the database named in "
			    "database.conninfo\n", stderr);
			c->refused = 1;
			return CTL_FAIL;
		}
		fputs("hint: is PostgreSQL running? Check database.conninfo in the "
		    "configuration, or PGHOST and PGDATABASE\n", stderr);
		return CTL_DOWN;
	}
	if (what != NULL)
		ctl_error("%s: %s", what, db_error(c->db));
	else
		ctl_error("%s", db_error(c->db));
	if (hint[0] != '\0')
		fprintf(stderr, "hint: %s\n", hint);
	else if (db_is(c->db, DB_DENIED) || db_is(c->db, DB_PK_NOT_STAFF))
		fputs("hint: run pishkhanctl as a PostgreSQL superuser or an active "
		    "admin (pishkhanctl staff add --admin LOGIN)\n", stderr);
	return CTL_FAIL;
}

struct db *
ctl_db(struct ctl *c)
{
	if (c->db == NULL)
		c->db = db_open(cfg_str(c->cfg, CFG_DB_CONNINFO), "pishkhanctl",
		    (int)cfg_int(c->cfg, CFG_DB_CONNECT_TIMEOUT));
	if (!db_ok(c->db)) {
		(void)ctl_db_error(c, NULL);
		return NULL;
	}
	return c->db;
}

static void
verb_help(const struct ctl_noun *n, const struct ctl_verb *v)
{
	verb_usage(stdout, n, v);
	printf("\n%s\n", v->summary);
	if (v->help != NULL)
		printf("\n%s", v->help);
	printf("\nSee pishkhanctl(8).\n");
}

/*
 * Parse a verb's options into o, as its entry says.  Returns the index in
 * argv of the first operand (they run to argc; argv[0] is the verb), or -1
 * after a usage error, or -2 when help was printed.
 */
static int
ctl_getopt(const struct ctl_verb *v, int argc, char **argv, void *o)
{
	const struct option *opts = v->opts.longopts;
	struct option all[32];
	char shortopts[64] = "h";
	size_t n = 0, sl = 1;
	int ch;

	/* Short options come from the long table's values. */
	for (; opts != NULL && opts[n].name != NULL && n < 30; n++) {
		all[n] = opts[n];
		if (opts[n].flag == NULL && opts[n].val > ' ' && opts[n].val < 127 &&
		    sl + 3 < sizeof shortopts) {
			shortopts[sl++] = (char)opts[n].val;
			if (opts[n].has_arg == required_argument)
				shortopts[sl++] = ':';
		}
	}
	shortopts[sl] = '\0';
	all[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	all[n] = (struct option){ NULL, 0, NULL, 0 };

	/* glibc permutes: options may follow operands.  optind = 0 resets it;
	 * argv[0] is the verb. */
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shortopts, all, NULL)) != -1) {
		if (ch == 'h') {
			verb_help(ctl_cur_noun, v);
			return -2;
		}
		if (ch == '?' || ch == ':') {
			ctl_usage("option '%s' is not known here or needs a value",
			    argv[optind - 1]);
			return -1;
		}
		if (v->opts.on_opt == NULL || v->opts.on_opt(ch, optarg, o) == -1) {
			if (v->opts.on_opt == NULL)
				ctl_usage("unexpected option");
			return -1;
		}
	}
	return optind;
}

/*
 * Run a verb on argv (argv[0] is the verb): its options, its operands,
 * the connection when it needs one, then the verb.  Returns the exit status.
 */
static int
ctl_run(struct ctl *c, const struct ctl_verb *v, int argc, char **argv)
{
	struct ctl_args a = { 0 };
	int first, rc;

	if (v->opts.size > 0) {
		a.opts = xcalloc(1, v->opts.size);
		if (v->opts.init != NULL)
			memcpy(a.opts, v->opts.init, v->opts.size);
	}
	if ((first = ctl_getopt(v, argc, argv, a.opts)) < 0) {
		rc = first == -2 ? CTL_OK : CTL_USAGE;
		goto done;
	}
	a.argc = argc - first;
	a.argv = argv + first;
	if (a.argc < v->operands.min || a.argc > v->operands.max) {
		if (v->operands.max == 0)
			rc = ctl_usage("unexpected argument '%s'", argv[first]);
		else
			rc = ctl_usage("%s", v->operands.expected);
		goto done;
	}
	if ((v->flags & CTL_DB) && ctl_db(c) == NULL) {
		rc = CTL_DOWN;
		goto done;
	}
	rc = v->run(c, &a);
done:
	free(a.opts);
	return rc;
}

void
ctl_print_tsv(PGresult *res)
{
	int r, f, nr = PQntuples(res), nf = PQnfields(res);

	for (r = 0; r < nr; r++) {
		for (f = 0; f < nf; f++) {
			const char *s = PQgetisnull(res, r, f) ? "" : PQgetvalue(res, r, f);

			if (f > 0)
				putchar('\t');
			for (; *s != '\0'; s++) {
				switch (*s) {
				case '\t': fputs("\\t", stdout); break;
				case '\n': fputs("\\n", stdout); break;
				case '\r': fputs("\\r", stdout); break;
				case '\\': fputs("\\\\", stdout); break;
				default: putchar(*s);
				}
			}
		}
		putchar('\n');
	}
}

int
ctl_print_query(struct ctl *c, const char *sql, int nparams,
    const char *const *params)
{
	PGresult *res = db_query(c->db, sql, nparams, params);

	if (res == NULL)
		return ctl_db_error(c, NULL);
	ctl_print_tsv(res);
	PQclear(res);
	return CTL_OK;
}

int
ctl_number(const char *in, const char *what, char *out, size_t outsz)
{
	uint64_t v;

	if (digits_parse_u64(in, UINT64_MAX, &v) == -1 ||
	    digits_normalize(in, out, outsz) == -1) {
		ctl_usage("%s '%s' is not a number", what, in);
		return -1;
	}
	return 0;
}

int
ctl_unit_code(const char *in, char *out, size_t outsz)
{
	const char *p;

	if (ctl_number(in, "unit code", out, outsz) == -1)
		return -1;
	/* A code is a number: 0123 is unit 123, not a second unit. */
	for (p = out; *p == '0' && p[1] != '\0'; p++)
		;
	memmove(out, p, strlen(p) + 1);
	if (strcmp(out, "0") == 0) {
		ctl_usage("unit code '%s' is not a unit's number", in);
		return -1;
	}
	return 0;
}

static void
main_usage(FILE *fp)
{
	size_t i, nw = 0, vw = 0;

	fputs("usage: pishkhanctl [-c FILE] NOUN VERB [options] [arguments]\n"
	    "       pishkhanctl NOUN --help | NOUN VERB --help\n\n"
	    "Administer Pishkhan, the clients' electronic counter.\n\n"
	    "Options:\n"
	    "  -c FILE    configuration file (default " CFG_DEFAULT_FILE ")\n"
	    "  -h, --help this text\n"
	    "  -V, --version\n\n"
	    "Commands:\n", fp);
	/* Columns as wide as the longest noun and verb. */
	for (i = 0; nouns[i] != NULL; i++) {
		const struct ctl_verb *v;

		if (strlen(nouns[i]->name) > nw)
			nw = strlen(nouns[i]->name);
		for (v = nouns[i]->verbs; v->name != NULL; v++)
			if (strlen(v->name) > vw)
				vw = strlen(v->name);
	}
	for (i = 0; nouns[i] != NULL; i++) {
		const struct ctl_verb *v;

		for (v = nouns[i]->verbs; v->name != NULL; v++)
			fprintf(fp, "  %-*s %-*s  %s\n", (int)nw, nouns[i]->name,
			    (int)vw, v->name, v->summary);
	}
	fputs("\nExit status: 0 success, 1 failure (nothing changed), 2 usage,\n"
	    "3 the database could not be reached.  See pishkhanctl(8).\n", fp);
}

static void
noun_usage(FILE *fp, const struct ctl_noun *n)
{
	const struct ctl_verb *v;

	fprintf(fp, "usage: pishkhanctl %s VERB [options] [arguments]\n\n%s\n\n",
	    n->name, n->summary);
	for (v = n->verbs; v->name != NULL; v++)
		fprintf(fp, "  %s %s%s%s\n      %s\n", n->name, v->name,
		    v->args[0] != '\0' ? " " : "", v->args, v->summary);
	fprintf(fp, "\nSee pishkhanctl(8).\n");
}

int
main(int argc, char **argv)
{
	struct ctl c = { 0 };
	const struct ctl_noun *n = NULL;
	const struct ctl_verb *v = NULL;
	char *err = NULL;
	int ch, rc, i, at = 1;	/* argv[at] is the verb, or the noun that is one */
	static const struct option gopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};

	(void)i18n_utf8_locale();	/* widths of Persian in tables */
	log_init("pishkhanctl");
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+c:hV", gopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			c.cfgpath = optarg;
			break;
		case 'h':
			main_usage(stdout);
			return CTL_OK;
		case 'V':
			printf("pishkhanctl %s\n", PK_VERSION);
			return CTL_OK;
		default:
			ctl_error("option '%s' is not known or needs a value", argv[optind - 1]);
			main_usage(stderr);
			return CTL_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		main_usage(stderr);
		return CTL_USAGE;
	}
	for (i = 0; nouns[i] != NULL; i++)
		if (strcmp(nouns[i]->name, argv[0]) == 0)
			n = nouns[i];
	if (n == NULL) {
		if (strcmp(argv[0], "help") == 0) {
			main_usage(stdout);
			return CTL_OK;
		}
		ctl_error("'%s' is not a pishkhanctl command; see 'pishkhanctl --help'", argv[0]);
		return CTL_USAGE;
	}
	if (n->verbs[0].name[0] == '\0') {
		/* a noun that is a command: its options follow it */
		v = &n->verbs[0];
		at = 0;
	} else if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		noun_usage(argc < 2 ? stderr : stdout, n);
		return argc < 2 ? CTL_USAGE : CTL_OK;
	} else
		for (v = n->verbs; v->name != NULL; v++)
			if (strcmp(v->name, argv[1]) == 0)
				break;
	if (v->name == NULL) {
		ctl_error("'%s %s' is not a pishkhanctl command; see 'pishkhanctl %s --help'",
		    n->name, argv[1], n->name);
		return CTL_USAGE;
	}
	ctl_cur_noun = n;
	ctl_cur_verb = v;

	if ((c.cfg = cfg_load(c.cfgpath, &err)) == NULL) {
		if (v->flags & CTL_CFG_GENTLY) {
			c.cfg = NULL;
		} else {
			ctl_error("%s", err);
			free(err);
			return CTL_FAIL;
		}
	}
	if (c.cfg != NULL) {
		int lvl = log_level_parse(cfg_str(c.cfg, CFG_LOG_LEVEL));

		if (lvl >= 0)
			log_set_level((enum log_level)lvl);
	}
	free(err);
	rc = ctl_run(&c, v, argc - at, argv + at);
	if (rc == CTL_DOWN && c.refused)	/* reached, and refused: not 3 */
		rc = CTL_FAIL;
	db_close(c.db);
	cfg_free(c.cfg);
	return rc;
}
