/*
 * main.c — pishkhan-web: start-up, the libmicrohttpd daemon, graceful stop.
 *
 *	pishkhan-web [-c FILE]
 *
 * Reads the configuration, loads the static files and the HMAC key, starts
 * libmicrohttpd's thread pool on epoll (with conn.c's limits and header
 * deadline around it) and waits for SIGTERM or SIGINT; then
 * stops accepting, lets running requests finish (up to 10 s) and exits.
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cfg.h"
#include "clock.h"
#include "cfg_check.h"
#include "conn.h"
#include "db.h"
#include "log.h"
#include "metrics.h"
#include "page.h"
#include "replica.h"
#include "req.h"
#include "route.h"
#include "upload.h"
#include "web.h"
#include "xmalloc.h"

struct web web;

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: pishkhan-web [-c FILE]\n"
	    "       pishkhan-web --help | --version\n\n"
	    "The public web site of Pishkhan: citizens log in with their mobile\n"
	    "number and send and follow letters.  Runs in the foreground until\n"
	    "SIGTERM or SIGINT.\n\n"
	    "  -c FILE        configuration file (default " CFG_DEFAULT_FILE ")\n"
	    "  -h, --help     this text\n"
	    "  -V, --version  the version\n\n"
	    "See pishkhan-web(8) and pishkhan.conf(5).\n");
	exit(status);
}

/* Read a whole small file into b; 0 or -1. */
static int
slurp(const char *path, struct buf *b, size_t max)
{
	char chunk[8192];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd == -1)
		return -1;
	buf_reset(b);
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		buf_add(b, chunk, (size_t)n);
		if (b->len > max)
			break;
	}
	close(fd);
	return n < 0 || b->len > max ? -1 : 0;
}

static int
try_static(const char *dir)
{
	char *css = xasprintf("%s/style.css", dir), *js = xasprintf("%s/app.js", dir);
	int rc = (slurp(css, &web.css, 1 << 20) == 0 &&
	    slurp(js, &web.js, 1 << 20) == 0) ? 0 : -1;
	size_t i;

	for (i = 0; rc == 0 && i < WEB_NFONTS; i++) {
		char *f = xasprintf("%s/fonts/%s", dir, web_fonts[i]);

		rc = slurp(f, &web.fonts[i], 1 << 20);
		if (rc != 0)
			log_warnx("%s: cannot be read", f);
		free(f);
	}

	if (rc == 0)
		log_debug("static files from %s", dir);
	free(css);
	free(js);
	return rc;
}

/* web.static_dir; else DATADIR/web; else beside the program (the tree). */
static void
load_static(const char *argv0)
{
	const char *dir = cfg_str(web.cfg, CFG_WEB_STATIC_DIR);
	char exe[PATH_MAX], *d, *alt;
	ssize_t n;
	int ok;

	if (dir[0] != '\0') {
		if (try_static(dir) != 0)
			fatal("cannot read style.css, app.js and fonts/ in '%s' (web.static_dir)", dir);
		return;
	}
	if (try_static(PK_DATADIR "/web") == 0)
		return;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0) {
		(void)argv0;
		fatalx("cannot find the static files; set web.static_dir");
	}
	exe[n] = '\0';
	d = dirname(exe);
	alt = xasprintf("%s/static", d);
	ok = try_static(alt) == 0;
	free(alt);
	if (!ok) {
		/* build/san/webfront/pishkhan-web → the source tree's webfront/static */
		alt = xasprintf("%s/../../../webfront/static", d);
		ok = try_static(alt) == 0;
		free(alt);
	}
	if (!ok)
		fatalx("cannot find style.css and app.js; set web.static_dir");
}

/*
 * The login-code key, before any thread serves: web.secret_file, or the
 * database's.  A database that is down now does not stop the start (the
 * site answers "try again" meanwhile); the first login fetches the key
 * then, once, under a lock (req.c).
 */
static void
load_key(void)
{
	const char *path = cfg_str(web.cfg, CFG_WEB_SECRET_FILE);
	struct buf b = BUF_INIT;
	struct db *db;

	if (path[0] == '\0') {
		db = db_open(web.conninfo, "pishkhan-web",
		    (int)cfg_int(web.cfg, CFG_DB_CONNECT_TIMEOUT));
		if (!db_ok(db))
			log_warnx("database: %s; the login-code key is fetched when it "
			    "answers", db_error(db));
		else if (web_key_from_db(db) == 0)
			log_info("the login-code key is the database's");
		db_close(db);
		return;
	}
	if (slurp(path, &b, 4096) != 0)
		fatal("cannot read the key file '%s' (web.secret_file)", path);
	if (b.len < 32)
		fatalx("the key file '%s' holds fewer than 32 bytes (web.secret_file)",
		    path);
	web_key_set((const unsigned char *)b.data, b.len);
	explicit_bzero(b.data, b.len);
	buf_free(&b);
	log_info("the login-code key is from '%s'", path);
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct req *r = *con_cls;

	(void)cls;
	(void)toe;
	conn_request_ends(c);
	if (r != NULL) {
		metrics_end(route_index(r->route), r->status, clock_us() - r->started_us);
		upload_free(r);
		req_free(r);
		free(r);
		*con_cls = NULL;
	}
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *data, size_t *size, void **con_cls)
{
	struct req *r = *con_cls;

	(void)cls;
	(void)version;
	if (r == NULL) {
		conn_request_begins(c);
		metrics_begin();
		r = xcalloc(1, sizeof *r);
		req_init(r, c, method, url);
		*con_cls = r;
		return route_begin(r);
	}
	if (r->responded) {
		*size = 0;		/* a refused body: read and dropped */
		return MHD_YES;
	}
	if (*size != 0)
		return upload_feed(r, data, size);
	/* a malformed or cut-off body: 400, and no page sees any of it */
	switch (upload_end(r)) {
	case 0:
		break;
	case -2:
		return page_unavailable(r, MSG_DB_DOWN, "an upload could not be "
		    "spooled in '%s' (web.spool_dir)", web.spool_dir);
	default:
		return page_error(r, MHD_HTTP_BAD_REQUEST, MSG_WEB_BAD_BODY);
	}
	return route_dispatch(r);
}

/* web.spool_dir, else $TMPDIR, else /var/tmp: a directory we can write. */
static void
spool_setup(void)
{
	const char *dir = cfg_str(web.cfg, CFG_WEB_SPOOL_DIR), *tmp = getenv("TMPDIR");

	if (dir[0] == '\0')
		dir = tmp != NULL && tmp[0] != '\0' ? tmp : "/var/tmp";
	if (access(dir, W_OK | X_OK) != 0)
		fatal("cannot write in '%s' (web.spool_dir)", dir);
	web.spool_dir = xstrdup(dir);
}

static void
setup(const char *conf)
{
	char *err = NULL;
	const char *ci, *base;

	if ((web.cfg = cfg_load(conf, &err)) == NULL)
		fatalx("%s", err);
	log_set_level((enum log_level)log_level_parse(cfg_str(web.cfg, CFG_LOG_LEVEL)));
	ci = cfg_str(web.cfg, CFG_DB_CONNINFO);
	web.conninfo = db_conninfo_as(ci, cfg_str(web.cfg, CFG_WEB_DB_USER));
	base = cfg_str(web.cfg, CFG_WEB_BASE_URL);
	web.secure = strncmp(base, "https://", 8) == 0;
	web.cookie_session = web.secure ? "__Host-pk_session" : "pk_session";
	web.cookie_csrf = web.secure ? "__Host-pk_csrf" : "pk_csrf";
	web.cookie_code = web.secure ? "__Host-pk_code" : "pk_code";
	web.cookie_draft = web.secure ? "__Host-pk_draft" : "pk_draft";
	web.cookie_wrote = web.secure ? "__Host-pk_wrote" : "pk_wrote";
	web.max_file = cfg_int(web.cfg, CFG_WEB_MAX_FILE_SIZE);
	web.max_body = cfg_int(web.cfg, CFG_WEB_MAX_BODY);
	web.req_timeout = cfg_int(web.cfg, CFG_WEB_REQUEST_TIMEOUT);
	if (cfg_check_web(web.cfg, &err) == -1)	/* as `pishkhanctl config check` */
		fatalx("%s", err);
	spool_setup();
	replica_init();
}

int
main(int argc, char **argv)
{
	const char *conf = NULL;
	struct MHD_Daemon *d;
	struct sockaddr_in sa;
	struct sockaddr_in6 sa6;
	struct sockaddr *addr;
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ITC | MHD_USE_ERROR_LOG;
	const union MHD_DaemonInfo *info;
	sigset_t set;
	int opt, sig, i;
	static const struct option options[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};

	log_init("pishkhan-web");
	while ((opt = getopt_long(argc, argv, "c:hV", options, NULL)) != -1) {
		switch (opt) {
		case 'c': conf = optarg; break;
		case 'h': usage(stdout, 0); break;
		case 'V': printf("pishkhan-web %s\n", PK_VERSION); return 0;
		default: usage(stderr, 2);
		}
	}
	if (optind != argc)
		usage(stderr, 2);
	setup(conf);
	load_static(argv[0]);
	load_key();

	memset(&sa, 0, sizeof sa);
	memset(&sa6, 0, sizeof sa6);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)cfg_int(web.cfg, CFG_WEB_PORT));
	sa6.sin6_family = AF_INET6;
	sa6.sin6_port = sa.sin_port;
	if (inet_pton(AF_INET, cfg_str(web.cfg, CFG_WEB_LISTEN), &sa.sin_addr) == 1)
		addr = (struct sockaddr *)&sa;
	else if (inet_pton(AF_INET6, cfg_str(web.cfg, CFG_WEB_LISTEN), &sa6.sin6_addr) == 1) {
		addr = (struct sockaddr *)&sa6;
		flags |= MHD_USE_IPv6;
	} else
		fatalx("web.listen: '%s' is not an IPv4 or IPv6 address",
		    cfg_str(web.cfg, CFG_WEB_LISTEN));

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	conn_init(web.cfg);
	metrics_init(web.cfg);
	replica_start();
	d = MHD_start_daemon(flags, 0, conn_accept, NULL, handle, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, conn_mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, addr,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg_int(web.cfg, CFG_WEB_THREADS),
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg_int(web.cfg, CFG_WEB_MAX_CONNECTIONS),
	    MHD_OPTION_NOTIFY_CONNECTION, conn_notify, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg_int(web.cfg, CFG_WEB_IDLE_TIMEOUT),
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_END);
	if (d == NULL)
		fatal("cannot listen on %s port %lld", cfg_str(web.cfg, CFG_WEB_LISTEN),
		    cfg_int(web.cfg, CFG_WEB_PORT));
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	log_info("listening on %s port %u", cfg_str(web.cfg, CFG_WEB_LISTEN),
	    info != NULL ? (unsigned)info->port : 0);

	if (sigwait(&set, &sig) != 0)
		sig = SIGTERM;
	log_info("stopping (signal %d)", sig);
	MHD_quiesce_daemon(d);
	for (i = 0; i < 100; i++) {
		info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (info == NULL || info->num_connections == 0)
			break;
		usleep(100000);
	}
	MHD_stop_daemon(d);
	metrics_stop();
	conn_stop();
	req_db_close_all();
	replica_close_all();
	buf_free(&web.css);
	buf_free(&web.js);
	for (i = 0; i < WEB_NFONTS; i++)
		buf_free(&web.fonts[i]);
	free(web.conninfo);
	free(web.spool_dir);
	cfg_free(web.cfg);
	log_info("stopped");
	return 0;
}
