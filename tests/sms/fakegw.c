/*
 * fakegw.c — a fake SMS gateway on loopback for the tests and the benchmark.
 *
 *   fakegw [-p PORT] [-P PORTFILE] [-o RECORD] [-t TIMES] [-f N] [-s STATUS]
 *          [-a SECS [-A]] [-R N] [-d MS] [-D N] [-l MS] [-r BODY] [-S SCRIPT]
 *
 *   -p PORT      port on 127.0.0.1 (0: any; the port is written to PORTFILE)
 *   -o RECORD    append one line per request: "CODE<TAB>METHOD<TAB>URL<TAB>BODY"
 *                (tabs, newlines and backslashes in URL and BODY as \t \n \\);
 *                CODE is the status answered, or T for a request answered
 *                only after -d (the client has likely given up on it)
 *   -t TIMES     append one line per request: "MS<TAB>CODE<TAB>BODY", MS the
 *                time it arrived (milliseconds since the epoch, CLOCK_REALTIME)
 *   -f N         answer the first N requests with STATUS (-s, default 500)
 *   -a SECS      with Retry-After: SECS on those answers and on -R's 429s
 *   -A           write that Retry-After as an HTTP date (now + SECS)
 *   -R N         accept N requests a second (a bucket of N, refilled at N a
 *                second); answer 429 beyond, with Retry-After (-a, or 1)
 *   -d MS -D N   hold the first N requests MS milliseconds before answering
 *   -l MS        answer every request after MS milliseconds (a slow gateway)
 *   -r BODY      the success response (default a Kavenegar-like JSON with a
 *                message id counting from 1000)
 *   -S SCRIPT    how the status API (GET /status?messageid=ID, Kavenegar's
 *                status.json) answers the k-th question about one id: the
 *                k-th word of SCRIPT, separated by commas, the last one
 *                repeating: delivered (status 10), failed (11), pending (4),
 *                malformed (cut-off JSON), empty (no entries), 503 (an HTTP
 *                503, its body as if delivered).  Default: delivered.
 *
 * Runs until SIGTERM or SIGINT.  One thread per connection, so a delayed
 * request does not hold up the others.
 */
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static FILE *record;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long nreq, fail_n, delay_n, delay_ms, latency_ms, next_id = 1000;
static int fail_status = 500, retry_date;
static const char *ok_body;
static const char *status_script = "delivered";
#define STATUS_IDS 100000
static unsigned char status_asked[STATUS_IDS];	/* questions per id - 1000 */
static FILE *times;
static long retry_after = -1, rate;
static double bucket;
static struct timespec bucket_at;

/* One of the -R bucket's tokens, or 0 when it is empty (under lock). */
static int
take_token(void)
{
	struct timespec now;
	double dt;

	clock_gettime(CLOCK_MONOTONIC, &now);
	dt = (double)(now.tv_sec - bucket_at.tv_sec) +
	    (double)(now.tv_nsec - bucket_at.tv_nsec) / 1e9;
	bucket_at = now;
	bucket += dt * (double)rate;
	if (bucket > (double)rate)
		bucket = (double)rate;
	if (bucket < 1.0)
		return 0;
	bucket -= 1.0;
	return 1;
}

struct req {
	char	*body;
	size_t	 len;
};

static void
put_escaped(FILE *fp, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\t': fputs("\\t", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\\': fputs("\\\\", fp); break;
		default: fputc(s[i], fp);
		}
	}
}

static enum MHD_Result
add_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *val)
{
	FILE *fp = cls;

	(void)kind;
	fputc(ftell(fp) == 0 ? '?' : '&', fp);
	fputs(key, fp);
	if (val != NULL) {
		fputc('=', fp);
		fputs(val, fp);
	}
	return MHD_YES;
}

/* The status API: the script's word for this question about this id. */
static enum MHD_Result
status(struct MHD_Connection *conn, const char *url, const char *method)
{
	static const struct {
		const char	*word;
		int		 code;
		const char	*fmt;
	} replies[] = {
		{ "delivered", 200, "{\"return\":{\"status\":200,\"message\":\"ok\"},"
		    "\"entries\":[{\"messageid\":%ld,\"status\":10,"
		    "\"statustext\":\"\\u0631\\u0633\\u06cc\\u062f\\u0647\"}]}" },
		{ "failed", 200, "{\"return\":{\"status\":200,\"message\":\"ok\"},"
		    "\"entries\":[{\"messageid\":%ld,\"status\":11}]}" },
		{ "pending", 200, "{\"return\":{\"status\":200,\"message\":\"ok\"},"
		    "\"entries\":[{\"messageid\":%ld,\"status\":4}]}" },
		{ "malformed", 200, "{\"return\":{\"status\":200},\"entries\":[{\"messageid\":%ld,"
		    "\"status\":" },
		{ "empty", 200, "{\"return\":{\"status\":200},\"entries\":[]}" },
		/* a 503 whose body reads like an answer is no answer */
		{ "503", 503, "{\"return\":{\"status\":503,\"message\":\"busy\"},"
		    "\"entries\":[{\"messageid\":%ld,\"status\":10}]}" },
	};
	struct MHD_Response *resp;
	const char *q = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "messageid");
	const char *w = status_script, *next;
	char out[512];
	long id = q != NULL ? strtol(q, NULL, 10) : 0;
	size_t i, k = 0, len;
	enum MHD_Result ret;

	pthread_mutex_lock(&lock);
	if (id >= 1000 && id < 1000 + STATUS_IDS) {
		k = status_asked[id - 1000];
		if (status_asked[id - 1000] < 255)
			status_asked[id - 1000]++;
	}
	/* the k-th word, or the last */
	for (; k > 0 && (next = strchr(w, ',')) != NULL; k--)
		w = next + 1;
	len = strcspn(w, ",");
	for (i = 0; i < sizeof replies / sizeof replies[0]; i++)
		if (strlen(replies[i].word) == len && strncmp(w, replies[i].word, len) == 0)
			break;
	if (i == sizeof replies / sizeof replies[0])
		i = 0;
	if (record != NULL) {
		fprintf(record, "%d\t%s\t", replies[i].code, method);
		put_escaped(record, url, strlen(url));
		fprintf(record, "?messageid=%s\t\n", q != NULL ? q : "");
		fflush(record);
	}
	pthread_mutex_unlock(&lock);
	snprintf(out, sizeof out, replies[i].fmt, id);
	resp = MHD_create_response_from_buffer(strlen(out), out, MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(resp, "Content-Type", "application/json");
	ret = MHD_queue_response(conn, (unsigned)replies[i].code, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct req *r = *con_cls;
	struct MHD_Response *resp;
	char out[256], *q = NULL;
	size_t qlen = 0;
	FILE *qf;
	long n, id = 0;
	int code, delayed;
	enum MHD_Result ret;

	(void)cls;
	(void)version;
	if (r == NULL) {
		*con_cls = calloc(1, sizeof *r);
		return *con_cls != NULL ? MHD_YES : MHD_NO;
	}
	if (*upload_size > 0) {
		char *nb = realloc(r->body, r->len + *upload_size + 1);

		if (nb == NULL)
			return MHD_NO;
		r->body = nb;
		memcpy(r->body + r->len, upload, *upload_size);
		r->len += *upload_size;
		r->body[r->len] = '\0';
		*upload_size = 0;
		return MHD_YES;
	}
	if (strncmp(url, "/status", 7) == 0)
		return status(conn, url, method);
	pthread_mutex_lock(&lock);
	n = ++nreq;
	pthread_mutex_unlock(&lock);
	delayed = n <= delay_n;
	if (delayed)
		usleep((useconds_t)delay_ms * 1000);
	else if (latency_ms > 0)
		usleep((useconds_t)latency_ms * 1000);
	code = n <= fail_n ? fail_status : 200;
	pthread_mutex_lock(&lock);
	if (code == 200 && rate > 0 && !take_token())
		code = 429;
	if (times != NULL) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		fprintf(times, "%lld\t%d\t", (long long)ts.tv_sec * 1000 +
		    ts.tv_nsec / 1000000, code);
		if (r->body != NULL)
			put_escaped(times, r->body, r->len);
		fputc('\n', times);
		fflush(times);
	}
	if (code == 200)
		id = next_id++;
	/* The query string as received (libmicrohttpd decodes it). */
	if ((qf = open_memstream(&q, &qlen)) != NULL) {
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_query, qf);
		fclose(qf);
	}
	if (record != NULL) {
		if (delayed)
			fputc('T', record);
		else
			fprintf(record, "%d", code);
		fprintf(record, "\t%s\t", method);
		put_escaped(record, url, strlen(url));
		if (q != NULL)
			put_escaped(record, q, qlen);
		fputc('\t', record);
		if (r->body != NULL)
			put_escaped(record, r->body, r->len);
		fputc('\n', record);
		fflush(record);
	}
	pthread_mutex_unlock(&lock);
	free(q);
	if (code == 200 && ok_body != NULL)
		snprintf(out, sizeof out, "%s", ok_body);
	else if (code == 200)
		snprintf(out, sizeof out, "{\"return\":{\"status\":200,\"message\":"
		    "\"\\u062a\\u0627\\u06cc\\u06cc\\u062f \\u0634\\u062f\"},"
		    "\"entries\":[{\"messageid\":%ld,\"status\":1}]}", id);
	else
		snprintf(out, sizeof out, "{\"return\":{\"status\":%d,\"message\":"
		    "\"fake failure\"},\"entries\":null}", code);
	resp = MHD_create_response_from_buffer(strlen(out), out, MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(resp, "Content-Type", "application/json");
	if (code != 200 && (retry_after >= 0 || code == 429)) {
		long secs = retry_after >= 0 ? retry_after : 1;
		char ra[64];

		if (retry_date) {
			time_t t = time(NULL) + secs;
			struct tm tm;

			gmtime_r(&t, &tm);
			strftime(ra, sizeof ra, "%a, %d %b %Y %H:%M:%S GMT", &tm);
		} else
			snprintf(ra, sizeof ra, "%ld", secs);
		MHD_add_response_header(resp, "Retry-After", ra);
	}
	ret = MHD_queue_response(conn, (unsigned)code, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void
done(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode why)
{
	struct req *r = *con_cls;

	(void)cls;
	(void)conn;
	(void)why;
	if (r != NULL) {
		free(r->body);
		free(r);
		*con_cls = NULL;
	}
}

int
main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	const char *portfile = NULL;
	sigset_t set;
	FILE *fp;
	int ch, port = 0, sig;

	while ((ch = getopt(argc, argv, "p:P:o:t:f:s:a:AR:d:D:l:r:S:")) != -1) {
		switch (ch) {
		case 'p': port = (int)strtol(optarg, NULL, 10); break;
		case 'P': portfile = optarg; break;
		case 'o':
			if ((record = fopen(optarg, "a")) == NULL) {
				fprintf(stderr, "fakegw: %s: %s\n", optarg, strerror(errno));
				return 1;
			}
			break;
		case 't':
			if ((times = fopen(optarg, "a")) == NULL) {
				fprintf(stderr, "fakegw: %s: %s\n", optarg, strerror(errno));
				return 1;
			}
			break;
		case 'a': retry_after = strtol(optarg, NULL, 10); break;
		case 'A': retry_date = 1; break;
		case 'R': rate = strtol(optarg, NULL, 10); break;
		case 'f': fail_n = strtol(optarg, NULL, 10); break;
		case 's': fail_status = (int)strtol(optarg, NULL, 10); break;
		case 'd': delay_ms = strtol(optarg, NULL, 10); break;
		case 'D': delay_n = strtol(optarg, NULL, 10); break;
		case 'l': latency_ms = strtol(optarg, NULL, 10); break;
		case 'r': ok_body = optarg; break;
		case 'S': status_script = optarg; break;
		default:
			fprintf(stderr, "usage: fakegw [-p PORT] [-P PORTFILE] [-o RECORD] "
			    "[-t TIMES] [-f N] [-s STATUS] [-a SECS [-A]] [-R N] [-d MS] "
			    "[-D N] [-l MS] [-r BODY] [-S SCRIPT]\n");
			return 2;
		}
	}
	bucket = (double)rate;
	clock_gettime(CLOCK_MONOTONIC, &bucket_at);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	{
		struct sockaddr_in sa;

		memset(&sa, 0, sizeof sa);
		sa.sin_family = AF_INET;
		sa.sin_port = htons((uint16_t)port);
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
		    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, (uint16_t)port,
		    NULL, NULL, handle, NULL,
		    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		    MHD_OPTION_NOTIFY_COMPLETED, done, NULL,
		    MHD_OPTION_CONNECTION_TIMEOUT, 30u,
		    MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
		    MHD_OPTION_END);
	}
	if (d == NULL) {
		fprintf(stderr, "fakegw: cannot listen on 127.0.0.1:%d\n", port);
		return 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (portfile != NULL) {
		char tmp[4096];

		snprintf(tmp, sizeof tmp, "%s.tmp", portfile);
		if ((fp = fopen(tmp, "w")) == NULL) {
			fprintf(stderr, "fakegw: %s: %s\n", tmp, strerror(errno));
			return 1;
		}
		fprintf(fp, "%u\n", info != NULL ? info->port : (unsigned)port);
		fclose(fp);
		rename(tmp, portfile);
	}
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	if (record != NULL)
		fclose(record);
	if (times != NULL)
		fclose(times);
	return 0;
}
