/*
 * metrics.c — the metrics listener and the counters behind it; see
 * metrics.h.  The exposition follows the Prometheus text format 0.0.4:
 * each family once, its HELP and TYPE first; counters end in _total; a
 * histogram's buckets are cumulative, with le="+Inf" equal to _count.
 *
 * Counters are relaxed atomics, written by the worker threads and read by
 * the listener's one thread; a scrape may see a request in its count and
 * not yet in its sum, which Prometheus tolerates.  The listener's thread
 * alone uses its database connection.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "buf.h"
#include "clock.h"
#include "conn.h"
#include "db.h"
#include "log.h"
#include "metrics.h"
#include "replica.h"
#include "route.h"
#include "web.h"
#include "xmalloc.h"

#define CODE_MIN	100
#define CODE_MAX	599
#define NCODES		(CODE_MAX - CODE_MIN + 1)

/* The latency histogram's upper bounds, in microseconds. */
static const int64_t bounds_us[] = {
	5000, 10000, 25000, 50000, 100000, 250000, 500000,
	1000000, 2500000, 5000000, 10000000,
};
#define NBOUNDS	(sizeof bounds_us / sizeof bounds_us[0])

/* One route's (or, last, the unmatched requests') counters. */
struct route_stats {
	atomic_ullong	 codes[NCODES];		/* by HTTP status */
	atomic_ullong	 buckets[NBOUNDS + 1];	/* not cumulative; last: above all */
	atomic_ullong	 sum_us;
};

/* web_code_send's outcomes (sql/011); anything else is "other". */
static const char *const code_outcomes[] = {
	"sent", "wait", "limit", "captcha", "budget", "other"
};
#define NOUTCOMES	(sizeof code_outcomes / sizeof code_outcomes[0])

/* The scrape's statement timeout and connection wait, at most. */
#define GAUGES_TIMEOUT_MS	"2000"
#define GAUGES_CONNECT_S	3

static struct {
	struct route_stats	*routes;	/* route_count() + 1 */
	size_t			 nroutes;
	atomic_llong		 in_flight;
	atomic_ullong		 codes_sent[NOUTCOMES];
	time_t			 started;
	struct MHD_Daemon	*d;
	struct db		*db;		/* the listener thread's */
} m;

/* With no listener nothing is counted: off is free. */
void
metrics_begin(void)
{
	if (m.d != NULL)
		atomic_fetch_add_explicit(&m.in_flight, 1, memory_order_relaxed);
}

void
metrics_end(size_t route, unsigned status, int64_t us)
{
	struct route_stats *s;
	size_t b;

	if (m.d == NULL)
		return;
	atomic_fetch_sub_explicit(&m.in_flight, 1, memory_order_relaxed);
	if (status < CODE_MIN || status > CODE_MAX)
		return;		/* no answer was queued: the client went */
	s = &m.routes[route < m.nroutes ? route : m.nroutes];
	if (us < 0)
		us = 0;
	for (b = 0; b < NBOUNDS && us > bounds_us[b]; b++)
		;
	atomic_fetch_add_explicit(&s->codes[status - CODE_MIN], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->buckets[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->sum_us, (unsigned long long)us, memory_order_relaxed);
}

void
metrics_login_code(const char *outcome)
{
	size_t i;

	if (m.d == NULL)
		return;
	for (i = 0; i < NOUTCOMES - 1 && strcmp(outcome, code_outcomes[i]) != 0; i++)
		;
	atomic_fetch_add_explicit(&m.codes_sent[i], 1, memory_order_relaxed);
}

static unsigned long long
get(atomic_ullong *a)
{
	return atomic_load_explicit(a, memory_order_relaxed);
}

/* A HELP text: backslashes and newlines escaped. */
static void
family(struct buf *b, const char *name, const char *type, const char *help)
{
	buf_addf(b, "# HELP %s ", name);
	for (; *help != '\0'; help++) {
		if (*help == '\\')
			buf_adds(b, "\\\\");
		else if (*help == '\n')
			buf_adds(b, "\\n");
		else
			buf_addc(b, *help);
	}
	buf_addf(b, "\n# TYPE %s %s\n", name, type);
}

/* A label value: backslashes, double quotes and newlines escaped. */
static void
label(struct buf *b, const char *name, const char *value)
{
	buf_addf(b, "%s=\"", name);
	for (; *value != '\0'; value++) {
		if (*value == '\\' || *value == '"')
			buf_addc(b, '\\');
		if (*value == '\n')
			buf_adds(b, "\\n");
		else
			buf_addc(b, *value);
	}
	buf_addc(b, '"');
}

static void
value(struct buf *b, double v)
{
	if (isnan(v))
		buf_adds(b, " NaN\n");
	else if (isinf(v))
		buf_adds(b, v > 0 ? " +Inf\n" : " -Inf\n");
	else
		buf_addf(b, " %.15g\n", v);
}

/* The labels method="GET",route="PATTERN" of route i (the last: unmatched). */
static void
route_labels(struct buf *b, size_t i)
{
	label(b, "method", i < m.nroutes ? route_method(i) : "");
	buf_addc(b, ',');
	label(b, "route", i < m.nroutes ? route_pattern(i) : "unmatched");
}

static void
http_metrics(struct buf *b)
{
	unsigned long long n, cum;
	size_t i, c, k;

	family(b, "pishkhan_http_requests_in_flight", "gauge",
	    "Requests being answered now.");
	buf_addf(b, "pishkhan_http_requests_in_flight %lld\n",
	    (long long)atomic_load_explicit(&m.in_flight, memory_order_relaxed));

	family(b, "pishkhan_http_requests_total", "counter",
	    "Requests answered, by route (the route table's method and pattern; "
	    "route=\"unmatched\": none) and HTTP status.");
	for (i = 0; i <= m.nroutes; i++)
		for (c = 0; c < NCODES; c++) {
			if ((n = get(&m.routes[i].codes[c])) == 0)
				continue;
			buf_adds(b, "pishkhan_http_requests_total{");
			route_labels(b, i);
			buf_addf(b, ",code=\"%zu\"} %llu\n", c + CODE_MIN, n);
		}

	family(b, "pishkhan_http_request_duration_seconds", "histogram",
	    "Time from a request's headers to the end of its answer, by route.");
	for (i = 0; i <= m.nroutes; i++) {
		struct route_stats *s = &m.routes[i];

		for (cum = 0, k = 0; k <= NBOUNDS; k++) {
			cum += get(&s->buckets[k]);
			buf_adds(b, "pishkhan_http_request_duration_seconds_bucket{");
			route_labels(b, i);
			if (k < NBOUNDS)
				buf_addf(b, ",le=\"%g\"} %llu\n", (double)bounds_us[k] / 1e6, cum);
			else
				buf_addf(b, ",le=\"+Inf\"} %llu\n", cum);
		}
		buf_adds(b, "pishkhan_http_request_duration_seconds_sum{");
		route_labels(b, i);
		buf_adds(b, "}");
		value(b, (double)get(&s->sum_us) / 1e6);
		buf_adds(b, "pishkhan_http_request_duration_seconds_count{");
		route_labels(b, i);
		buf_addf(b, "} %llu\n", cum);
	}
}

static void
process_metrics(struct buf *b)
{
	struct db_stats st;
	struct replica_stats rs;
	size_t i;

	family(b, "pishkhan_build_info", "gauge", "The program's version (always 1).");
	buf_adds(b, "pishkhan_build_info{");
	label(b, "program", "pishkhan-web");
	buf_addc(b, ',');
	label(b, "version", PK_VERSION);
	buf_adds(b, "} 1\n");
	family(b, "pishkhan_start_time_seconds", "gauge",
	    "When the process started, in seconds since the Unix epoch.");
	buf_addf(b, "pishkhan_start_time_seconds %lld\n", (long long)m.started);

	db_stats(&st);
	family(b, "pishkhan_db_connections_total", "counter",
	    "Database sessions opened by this process.");
	buf_addf(b, "pishkhan_db_connections_total %llu\n", st.connects);
	family(b, "pishkhan_db_reconnects_total", "counter",
	    "Database sessions opened again after one was lost or could not be made.");
	buf_addf(b, "pishkhan_db_reconnects_total %llu\n", st.reconnects);
	family(b, "pishkhan_db_errors_total", "counter",
	    "Database failures: connections that could not be made (connect), "
	    "sessions lost (lost), statements the server refused (statement).");
	buf_addf(b, "pishkhan_db_errors_total{kind=\"connect\"} %llu\n", st.connect_errors);
	buf_addf(b, "pishkhan_db_errors_total{kind=\"lost\"} %llu\n", st.lost);
	buf_addf(b, "pishkhan_db_errors_total{kind=\"statement\"} %llu\n", st.errors);

	replica_stats(&rs);
	family(b, "pishkhan_web_reads_total", "counter",
	    "History and letter pages' reads, by the server that answered them: "
	    "the standby (web.read_conninfo) or the primary.");
	buf_addf(b, "pishkhan_web_reads_total{server=\"standby\"} %llu\n", rs.standby);
	buf_addf(b, "pishkhan_web_reads_total{server=\"primary\"} %llu\n", rs.primary);
	if (rs.configured) {
		family(b, "pishkhan_web_standby_usable", "gauge",
		    "1 when the standby was within web.read_max_lag and answering at "
		    "the last check, else 0.");
		buf_addf(b, "pishkhan_web_standby_usable %d\n", rs.usable);
		family(b, "pishkhan_web_standby_lag_bytes", "gauge",
		    "WAL the standby had still to replay at the last check (-1: not known).");
		buf_addf(b, "pishkhan_web_standby_lag_bytes %lld\n", rs.lag_bytes);
	}

	family(b, "pishkhan_login_code_requests_total", "counter",
	    "Login codes asked for, by the answer: sent, wait, limit, captcha, budget.");
	for (i = 0; i < NOUTCOMES; i++) {
		buf_adds(b, "pishkhan_login_code_requests_total{");
		label(b, "outcome", code_outcomes[i]);
		buf_addf(b, "} %llu\n", get(&m.codes_sent[i]));
	}
	family(b, "pishkhan_login_code_budget", "gauge",
	    "Login codes the whole site may send in a day (web.sms_budget).");
	buf_addf(b, "pishkhan_login_code_budget %lld\n", cfg_int(web.cfg, CFG_WEB_SMS_BUDGET));
}

/*
 * The database's gauges (metrics_gauges(), sql/021), each family's rows
 * together.  Whether the database answered goes in pishkhan_db_up; when it
 * does not, the rest of the scrape is still the process's.
 */
static void
db_metrics(struct buf *b)
{
	PGresult *res = NULL;
	const char *prev = NULL;
	int64_t t0 = clock_ms();
	int up, i;

	if (m.db == NULL)
		m.db = db_open(web.conninfo, "pishkhan-web-metrics", GAUGES_CONNECT_S);
	else
		(void)db_ensure(m.db);
	if (db_ok(m.db) && db_exec(m.db, "SET statement_timeout = "
	    GAUGES_TIMEOUT_MS, 0, NULL) == 0)
		res = db_query(m.db, "SELECT metric, kind, help, labels, value "
		    "FROM metrics_gauges() ORDER BY metric, labels", 0, NULL);
	if (res == NULL)
		log_warnx("metrics: the database's gauges: %s", db_error(m.db));
	up = res != NULL || !db_is_down(m.db);
	family(b, "pishkhan_db_up", "gauge",
	    "Whether the database answered this scrape (1) or not (0).");
	buf_addf(b, "pishkhan_db_up %d\n", up);
	family(b, "pishkhan_db_scrape_seconds", "gauge",
	    "How long this scrape's database gauges took.");
	buf_adds(b, "pishkhan_db_scrape_seconds");
	value(b, (double)(clock_ms() - t0) / 1e3);
	for (i = 0; res != NULL && i < PQntuples(res); i++) {
		const char *name = PQgetvalue(res, i, 0), *labels = PQgetvalue(res, i, 3);

		if (prev == NULL || strcmp(prev, name) != 0)
			family(b, name, PQgetvalue(res, i, 1), PQgetvalue(res, i, 2));
		prev = name;
		buf_addf(b, labels[0] != '\0' ? "%s{%s}" : "%s", name, labels);
		value(b, strtod(PQgetvalue(res, i, 4), NULL));
	}
	PQclear(res);
}

static enum MHD_Result
answer(struct MHD_Connection *c, unsigned status, const char *ctype, struct buf *body)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(body->len,
	    body->data != NULL ? body->data : (void *)"", MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	buf_free(body);
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *data, size_t *size, void **con_cls)
{
	struct buf b = BUF_INIT;

	(void)cls;
	(void)version;
	(void)data;
	if (*con_cls == NULL) {		/* the headers: wait for the end */
		*con_cls = c;
		return MHD_YES;
	}
	if (*size != 0) {		/* a body: not for us */
		*size = 0;
		return MHD_YES;
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		buf_adds(&b, "only GET\n");
		return answer(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", &b);
	}
	if (strcmp(url, "/metrics") != 0) {
		buf_adds(&b, "not found: the metrics are at /metrics\n");
		return answer(c, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8", &b);
	}
	process_metrics(&b);
	http_metrics(&b);
	db_metrics(&b);
	return answer(c, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", &b);
}

void
metrics_init(const struct cfg *cfg)
{
	const char *addr = cfg_str(cfg, CFG_WEB_METRICS_LISTEN);
	long long port = cfg_int(cfg, CFG_WEB_METRICS_PORT);
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	struct sockaddr_in sa;
	struct sockaddr_in6 sa6;
	struct sockaddr *sap;

	m.nroutes = route_count();
	m.routes = xcalloc(m.nroutes + 1, sizeof *m.routes);
	m.started = time(NULL);
	if (port == 0)
		return;
	memset(&sa, 0, sizeof sa);
	memset(&sa6, 0, sizeof sa6);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa6.sin6_family = AF_INET6;
	sa6.sin6_port = sa.sin_port;
	if (inet_pton(AF_INET, addr, &sa.sin_addr) == 1)
		sap = (struct sockaddr *)&sa;
	else if (inet_pton(AF_INET6, addr, &sa6.sin6_addr) == 1) {
		sap = (struct sockaddr *)&sa6;
		flags |= MHD_USE_IPv6;
	} else
		fatalx("web.metrics_listen: '%s' is not an IPv4 or IPv6 address", addr);
	/* One thread: scrapes are few, and its database connection is its own. */
	m.d = MHD_start_daemon(flags, 0, NULL, NULL, handle, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, conn_mhd_log, (void *)"metrics: ",
	    MHD_OPTION_SOCK_ADDR, sap,
	    MHD_OPTION_CONNECTION_LIMIT, 16u,
	    MHD_OPTION_CONNECTION_TIMEOUT, 30u,
	    MHD_OPTION_END);
	if (m.d == NULL)
		fatal("cannot listen on %s port %lld (web.metrics_listen, "
		    "web.metrics_port)", addr, port);
	log_info("metrics on %s port %lld, at /metrics", addr, port);
}

void
metrics_stop(void)
{
	if (m.d != NULL)
		MHD_stop_daemon(m.d);
	m.d = NULL;
	db_close(m.db);
	m.db = NULL;
	free(m.routes);
	m.routes = NULL;
}
