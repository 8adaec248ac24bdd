/*
 * main.c — pishkhan-console: the clerks' and unit members' console.
 *
 *	pishkhan-console [-c FILE]
 *	pishkhan-console --bench [-c FILE]	(page through the queue, timed)
 *
 * It connects as the staff member's own PostgreSQL role, learns from the
 * database who they are (console_me), and opens the queue.  Exit status: 0,
 * 1 (not staff, bad configuration), 2 (usage), 3 (database unreachable).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bidi.h"
#include "cfg.h"
#include "console.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "queue.h"
#include "ui.h"
#include "xmalloc.h"


static void
usage(FILE *f)
{
	fprintf(f, "usage: pishkhan-console [-c FILE]\n"
	    "       pishkhan-console --bench [-c FILE]\n"
	    "       pishkhan-console --help | --version\n"
	    "The staff console of Pishkhan: review, approve and reject letters,\n"
	    "post updates and responses.  Press ? inside for every key.\n");
}

/* Who is at the keyboard, from the database.  0, or -1 (not staff). */
static int
main_me(struct con *c)
{
	PGresult *r = db_query(c->db, "SELECT login, display_name, is_clerk, is_unit, "
	    "is_admin, coalesce(unit_id::text, ''), coalesce(unit_code, '') "
	    "FROM pishkhan.console_me()", 0, NULL);

	c->me.login = xstrdup(PQuser(db_conn(c->db)) != NULL ?
	    PQuser(db_conn(c->db)) : "?");
	if (r == NULL || PQntuples(r) == 0) {
		PQclear(r);
		return -1;
	}
	free(c->me.login);
	c->me.login = xstrdup(PQgetvalue(r, 0, 0));
	c->me.name = xstrdup(PQgetvalue(r, 0, 1));
	c->me.clerk = *PQgetvalue(r, 0, 2) == 't';
	c->me.unit = *PQgetvalue(r, 0, 3) == 't';
	c->me.admin = *PQgetvalue(r, 0, 4) == 't';
	c->me.unit_id = xstrdup(PQgetvalue(r, 0, 5));
	c->me.unit_code = xstrdup(PQgetvalue(r, 0, 6));
	PQclear(r);
	return 0;
}

static double
main_ms(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/*
 * --bench: open the queue (count + first page) and page forward to the
 * end, 20 rows a screen, printing the times as "key value" lines.
 */
static int
main_bench(struct con *c)
{
	struct queue_filter f = { .status = vocab_statuses[LETTER_REVIEW].name };
	struct queue_row *rows = NULL, *next;
	size_t n, nn;
	long long count, screens = 0;
	struct timespec t0, t1, t2;
	double worst = 0, ms;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (queue_count(c->db, &f, &count) == -1 ||
	    queue_fetch(c->db, &f, QUEUE_FIRST, NULL, NULL, 20, &rows, &n) == -1)
		goto fail;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("open_ms %.3f\nletters %lld\n", main_ms(&t0, &t1), count);
	while (n > 0) {
		clock_gettime(CLOCK_MONOTONIC, &t2);
		if (queue_fetch(c->db, &f, QUEUE_AFTER, rows[n - 1].key, rows[n - 1].id,
		    20, &next, &nn) == -1)
			goto fail;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = main_ms(&t2, &t1);
		worst = ms > worst ? ms : worst;
		queue_rows_free(rows, n);
		rows = next;
		n = nn;
		screens++;
	}
	clock_gettime(CLOCK_MONOTONIC, &t2);
	printf("screens %lld\nper_screen_ms %.3f\nworst_screen_ms %.3f\n", screens,
	    screens > 0 ? main_ms(&t0, &t2) / (double)screens : 0.0, worst);
	queue_rows_free(rows, n);
	return 0;
fail:
	queue_rows_free(rows, n);
	fprintf(stderr, "pishkhan-console: %s\n", db_error(c->db));
	return -1;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "bench", no_argument, NULL, 'B' },
		{ NULL, 0, NULL, 0 }
	};
	struct con c;
	const char *cfgpath = NULL;
	char *err = NULL;
	int ch, bench = 0, rc = 1, lang;

	memset(&c, 0, sizeof c);
	log_init("pishkhan-console");
	if (i18n_utf8_locale() != 0) {
		fputs("pishkhan-console: no UTF-8 locale (C.UTF-8 is missing): "
		    "Persian cannot be drawn; set LANG to a UTF-8 locale\n", stderr);
		return 1;
	}
	while ((ch = getopt_long(argc, argv, "c:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			cfgpath = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("pishkhan-console %s\n", PK_VERSION);
			return 0;
		case 'B':
			bench = 1;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if ((c.cfg = cfg_load(cfgpath, &err)) == NULL) {
		fprintf(stderr, "pishkhan-console: %s\n", err);
		free(err);
		return 1;
	}
	lang = i18n_lang_parse(cfg_str(c.cfg, CFG_CONSOLE_LANG));
	c.lang = lang >= 0 ? (enum lang)lang : i18n_lang_from_env();
	c.bidi = bidi_wanted((enum bidi_mode)bidi_mode_parse(cfg_str(c.cfg,
	    CFG_CONSOLE_BIDI)));
	c.max_response = cfg_int(c.cfg, CFG_CONSOLE_MAX_RESPONSE_SIZE);
	c.db = db_open(cfg_str(c.cfg, CFG_DB_CONNINFO), "pishkhan-console",
	    (int)cfg_int(c.cfg, CFG_DB_CONNECT_TIMEOUT));
	if (!db_ok(c.db)) {
		fprintf(stderr, "pishkhan-console: %s\n(%s)\n", i18n(c.lang, MSG_DB_DOWN),
		    db_error(c.db));
		rc = 3;
		goto done;
	}
	if (main_me(&c) == -1) {
		if (db_is_down(c.db)) {
			fprintf(stderr, "pishkhan-console: %s\n", i18n(c.lang, MSG_DB_DOWN));
			rc = 3;
		} else {
			fputs("pishkhan-console: ", stderr);
			fprintf(stderr, i18n(c.lang, MSG_NOT_STAFF), c.me.login);
			fputc('\n', stderr);
		}
		goto done;
	}
	if (bench) {
		rc = main_bench(&c) == 0 ? 0 : 1;
		goto done;
	}
	/* The screen is curses': a line on stderr (a server's notice, a
	 * restart's FATAL) would be drawn over it. */
	log_set_level(LOG_LVL_OFF);
	ui_init(&c);
	c.help = screen_help_open;
	screen_queue_open(&c);
	ui_run(&c);
	ui_end();
	log_set_level(LOG_LVL_INFO);
	rc = 0;
done:
	db_close(c.db);
	cfg_free(c.cfg);
	free(c.me.login);
	free(c.me.name);
	free(c.me.unit_id);
	free(c.me.unit_code);
	return rc;
}
