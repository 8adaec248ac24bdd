/*
 * ctl_status.c — pishkhanctl status: the counter's health at a glance, for
 * an admin on SSH or a cron job.  One check a line, each ok, WARN or FAIL:
 * the database and its migrations, the web's /healthz, the SMS workers,
 * the SMS queue, the gateway, the day's SMS budget, the letters waiting.
 *
 * The numbers are the metrics' (metrics_gauges(), sql/021), and the
 * thresholds below are those of the alert rules in pishkhan(7),
 * MONITORING: what pages the admin pages this screen red too.  Exit 0 when
 * nothing is FAIL, 1 when something is, 3 when the database cannot be
 * reached.  Persian unless console.lang or the locale says English, as
 * the console.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "buf.h"
#include "cfg_check.h"
#include "ctl.h"
#include "digits.h"
#include "i18n.h"
#include "u8.h"

/* The alert rules' thresholds (pishkhan(7), MONITORING), in seconds. */
#define QUEUE_WARN_S	300	/* SmsQueueAging */
#define QUEUE_FAIL_S	1800	/* SmsQueueStuck */
#define GATEWAY_FAIL_S	600	/* SmsGatewayDown */
#define BUDGET_WARN	0.8	/* SmsBudgetNearlySpent (the web's own warning) */
#define BUDGET_FAIL	1.0	/* SmsBudgetSpent */
#define HEALTHZ_TIMEOUT	5L

enum level { LVL_OK, LVL_WARN, LVL_FAIL };

struct status {
	struct ctl	*c;
	enum lang	 lang;
	enum level	 worst;
	PGresult	*gauges;	/* metric, labels, value */
	size_t		 width;		/* of the widest check's name */
};

static const enum msg_id names[] = {
	MSG_CTL_ST_DATABASE, MSG_CTL_ST_WEB, MSG_CTL_ST_WORKERS, MSG_CTL_ST_QUEUE,
	MSG_CTL_ST_GATEWAY, MSG_CTL_ST_BUDGET, MSG_CTL_ST_LETTERS,
};

static const char *
t(const struct status *s, enum msg_id id)
{
	return i18n(s->lang, id);
}

static void
line(struct status *s, enum level lvl, enum msg_id name, const char *detail)
{
	static const char *const words[] = { "ok", "WARN", "FAIL" };
	const char *n = t(s, name);
	size_t w = u8_width(n);

	printf("%-4s  %s%*s  %s\n", words[lvl], n, (int)(s->width > w ? s->width - w : 0),
	    "", detail);
	if (lvl > s->worst)
		s->worst = lvl;
}

/* A whole number in the reader's digits. */
static const char *
num(const struct status *s, long long v, char *out, size_t outsz)
{
	char ascii[32];

	snprintf(ascii, sizeof ascii, "%lld", v);
	if (s->lang != LANG_FA || digits_to_fa(ascii, out, outsz) < 0)
		snprintf(out, outsz, "%s", ascii);
	return out;
}

/* A duration in its largest whole unit: "25 min", "3 h". */
static const char *
age(const struct status *s, double secs, char *out, size_t outsz)
{
	char n[32];
	long long v = secs > 0 ? (long long)secs : 0;
	enum msg_id unit = MSG_CTL_ST_SECONDS;

	if (v >= 86400) {
		v /= 86400;
		unit = MSG_CTL_ST_DAYS;
	} else if (v >= 3600) {
		v /= 3600;
		unit = MSG_CTL_ST_HOURS;
	} else if (v >= 60) {
		v /= 60;
		unit = MSG_CTL_ST_MINUTES;
	}
	snprintf(out, outsz, t(s, unit), num(s, v, n, sizeof n));
	return out;
}

/* The gauge's value, or NAN when the function gave no such row. */
static double
gauge(const struct status *s, const char *metric, const char *labels)
{
	int i;

	for (i = 0; s->gauges != NULL && i < PQntuples(s->gauges); i++)
		if (strcmp(PQgetvalue(s->gauges, i, 0), metric) == 0 &&
		    strcmp(PQgetvalue(s->gauges, i, 1), labels) == 0)
			return strtod(PQgetvalue(s->gauges, i, 2), NULL);
	return NAN;
}

static int
is_migration(const struct dirent *d)
{
	return cfg_is_migration(d->d_name);
}

/* The database: reachable, and every migration file applied. */
static int
check_db(struct status *s)
{
	struct ctl *c = s->c;
	const char *dir = cfg_str(c->cfg, CFG_DB_SQL_DIR);
	struct dirent **files = NULL;
	struct buf b = BUF_INIT;
	PGresult *res;
	char a[32], n[32];
	int nfiles, i, r, pending = 0;

	c->db = db_open(cfg_str(c->cfg, CFG_DB_CONNINFO), "pishkhanctl",
	    (int)cfg_int(c->cfg, CFG_DB_CONNECT_TIMEOUT));
	if (!db_ok(c->db)) {
		buf_addf(&b, t(s, MSG_CTL_ST_DB_DOWN), db_error(c->db));
		line(s, LVL_FAIL, MSG_CTL_ST_DATABASE, buf_str(&b));
		buf_free(&b);
		return -1;
	}
	nfiles = scandir(dir, &files, is_migration, alphasort);
	res = db_query(c->db, "SELECT version FROM schema_migrations", 0, NULL);
	if (nfiles < 0 || res == NULL) {
		buf_addf(&b, t(s, MSG_CTL_ST_DB_NO_LIST), nfiles < 0 ?
		    "database.sql_dir" : db_error(c->db));
		line(s, LVL_WARN, MSG_CTL_ST_DATABASE, buf_str(&b));
	} else {
		for (i = 0; i < nfiles; i++) {
			for (r = 0; r < PQntuples(res); r++)
				if (strcmp(PQgetvalue(res, r, 0), files[i]->d_name) == 0)
					break;
			pending += r == PQntuples(res);
		}
		if (pending > 0)
			buf_addf(&b, t(s, MSG_CTL_ST_DB_PENDING),
			    num(s, pending, a, sizeof a), num(s, nfiles, n, sizeof n));
		else
			buf_addf(&b, t(s, MSG_CTL_ST_DB_OK), num(s, nfiles, n, sizeof n));
		line(s, pending > 0 ? LVL_WARN : LVL_OK, MSG_CTL_ST_DATABASE, buf_str(&b));
	}
	PQclear(res);
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	buf_free(&b);
	return 0;
}

static size_t
discard(char *p, size_t size, size_t n, void *cls)
{
	(void)p;
	(void)cls;
	return size * n;
}

/* The web's /healthz on this machine, where web.listen and web.port say. */
static void
check_web(struct status *s)
{
	const char *host = cfg_str(s->c->cfg, CFG_WEB_LISTEN);
	long long port = cfg_int(s->c->cfg, CFG_WEB_PORT);
	struct buf url = BUF_INIT, b = BUF_INIT;
	CURL *h;
	CURLcode rc;
	long code = 0;

	if (port == 0) {
		line(s, LVL_WARN, MSG_CTL_ST_WEB, t(s, MSG_CTL_ST_WEB_NO_PORT));
		return;
	}
	/* a listener on every address answers on the loopback */
	if (strcmp(host, "0.0.0.0") == 0 || host[0] == '\0')
		host = "127.0.0.1";
	else if (strcmp(host, "::") == 0)
		host = "::1";
	buf_addf(&url, strchr(host, ':') != NULL ? "http://[%s]:%lld/healthz" :
	    "http://%s:%lld/healthz", host, port);
	if ((h = curl_easy_init()) == NULL) {
		buf_addf(&b, t(s, MSG_CTL_ST_WEB_FAIL), buf_str(&url), "libcurl");
		line(s, LVL_FAIL, MSG_CTL_ST_WEB, buf_str(&b));
		goto done;
	}
	curl_easy_setopt(h, CURLOPT_URL, buf_str(&url));
	curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, HEALTHZ_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	rc = curl_easy_perform(h);
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(h);
	if (rc == CURLE_OK && code == 200) {
		buf_addf(&b, t(s, MSG_CTL_ST_WEB_OK), buf_str(&url));
		line(s, LVL_OK, MSG_CTL_ST_WEB, buf_str(&b));
	} else {
		char why[64];

		if (rc == CURLE_OK)
			snprintf(why, sizeof why, "HTTP %ld", code);
		else
			snprintf(why, sizeof why, "%s", curl_easy_strerror(rc));
		buf_addf(&b, t(s, MSG_CTL_ST_WEB_FAIL), buf_str(&url), why);
		line(s, LVL_FAIL, MSG_CTL_ST_WEB, buf_str(&b));
	}
done:
	buf_free(&url);
	buf_free(&b);
}

/* The checks read from the database's gauges. */
static void
check_gauges(struct status *s)
{
	struct buf b = BUF_INIT;
	char x[32], y[32], z[64];
	double workers = gauge(s, "pishkhan_sms_workers", "");
	double pending = gauge(s, "pishkhan_sms_outbox_messages", "status=\"pending\"") +
	    gauge(s, "pishkhan_sms_outbox_messages", "status=\"sending\"");
	double oldest = gauge(s, "pishkhan_sms_outbox_oldest_pending_seconds", "");
	double retrying = gauge(s, "pishkhan_sms_outbox_retrying", "");
	double refusing = gauge(s, "pishkhan_sms_outbox_retrying_oldest_seconds", "");
	double failed = gauge(s, "pishkhan_sms_failed_last_hour", "");
	double codes = gauge(s, "pishkhan_login_codes_today", "");
	double review = gauge(s, "pishkhan_letters", "status=\"review\"");
	double waited = gauge(s, "pishkhan_letters_review_oldest_seconds", "");
	long long budget = cfg_int(s->c->cfg, CFG_WEB_SMS_BUDGET);
	long long overdue = cfg_int(s->c->cfg, CFG_CONSOLE_OVERDUE);
	double used = isnan(codes) ? NAN : codes / (double)budget;

	if (workers >= 1) {
		buf_addf(&b, t(s, MSG_CTL_ST_WORKERS_N), num(s, (long long)workers, x, sizeof x));
		line(s, LVL_OK, MSG_CTL_ST_WORKERS, buf_str(&b));
	} else
		line(s, LVL_FAIL, MSG_CTL_ST_WORKERS, t(s, MSG_CTL_ST_WORKERS_NONE));

	buf_reset(&b);
	if (pending >= 1) {
		buf_addf(&b, t(s, MSG_CTL_ST_QUEUE_N), num(s, (long long)pending, x, sizeof x),
		    age(s, oldest, z, sizeof z));
		line(s, oldest >= QUEUE_FAIL_S ? LVL_FAIL : oldest >= QUEUE_WARN_S ?
		    LVL_WARN : LVL_OK, MSG_CTL_ST_QUEUE, buf_str(&b));
	} else
		line(s, LVL_OK, MSG_CTL_ST_QUEUE, t(s, MSG_CTL_ST_QUEUE_EMPTY));

	buf_reset(&b);
	if (retrying >= 1 && refusing >= GATEWAY_FAIL_S) {
		char f[32];

		buf_addf(&b, t(s, MSG_CTL_ST_GATEWAY_DOWN), age(s, refusing, z, sizeof z),
		    num(s, (long long)retrying, x, sizeof x), num(s, (long long)failed, f, sizeof f));
		line(s, LVL_FAIL, MSG_CTL_ST_GATEWAY, buf_str(&b));
	} else {
		buf_addf(&b, t(s, MSG_CTL_ST_GATEWAY_N), num(s, (long long)failed, x, sizeof x),
		    num(s, (long long)retrying, y, sizeof y));
		line(s, failed >= 1 ? LVL_WARN : LVL_OK, MSG_CTL_ST_GATEWAY, buf_str(&b));
	}

	buf_reset(&b);
	buf_addf(&b, t(s, MSG_CTL_ST_BUDGET_N), num(s, (long long)codes, x, sizeof x),
	    num(s, budget, y, sizeof y), num(s, isnan(used) ? 0 : (long long)(used * 100), z, sizeof z));
	line(s, used >= BUDGET_FAIL ? LVL_FAIL : used >= BUDGET_WARN ? LVL_WARN : LVL_OK,
	    MSG_CTL_ST_BUDGET, buf_str(&b));

	buf_reset(&b);
	if (review >= 1) {
		buf_addf(&b, t(s, MSG_CTL_ST_LETTERS_N), num(s, (long long)review, x, sizeof x),
		    age(s, waited, z, sizeof z));
		line(s, overdue > 0 && waited >= (double)overdue ? LVL_WARN : LVL_OK,
		    MSG_CTL_ST_LETTERS, buf_str(&b));
	} else
		line(s, LVL_OK, MSG_CTL_ST_LETTERS, t(s, MSG_CTL_ST_LETTERS_NONE));
	buf_free(&b);
}

static int
status_run(struct ctl *c, const struct ctl_args *a)
{
	struct status s = { .c = c };
	struct buf b = BUF_INIT;
	int lang = i18n_lang_parse(cfg_str(c->cfg, CFG_CONSOLE_LANG));
	size_t i;
	int up;

	(void)a;
	s.lang = lang >= 0 ? (enum lang)lang : i18n_lang_from_env();
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (u8_width(t(&s, names[i])) > s.width)
			s.width = u8_width(t(&s, names[i]));
	up = check_db(&s) == 0;
	check_web(&s);
	if (up && (s.gauges = db_query(c->db, "SELECT metric, labels, value "
	    "FROM metrics_gauges()", 0, NULL)) == NULL) {
		buf_addf(&b, t(&s, MSG_CTL_ST_NO_GAUGES), db_error(c->db));
		for (i = 2; i < sizeof names / sizeof names[0]; i++)
			line(&s, LVL_FAIL, names[i], buf_str(&b));
	} else if (up)
		check_gauges(&s);
	else
		for (i = 2; i < sizeof names / sizeof names[0]; i++)
			line(&s, LVL_FAIL, names[i], t(&s, MSG_CTL_ST_UNKNOWN));
	PQclear(s.gauges);
	buf_free(&b);
	if (!up)
		return CTL_DOWN;
	return s.worst == LVL_FAIL ? CTL_FAIL : CTL_OK;
}

static const struct ctl_verb verbs[] = {
	/* `pishkhanctl status`: the noun is the command */
	{ "", "", "the health at a glance: each check ok, WARN or FAIL; exit 1 "
	    "when one fails, 3 when the database cannot be reached",
	    NULL, status_run, .operands = { 0, 0, NULL } },
	{ .name = NULL }
};

const struct ctl_noun ctl_noun_status = {
	"status", "The counter's health at a glance.", verbs
};
