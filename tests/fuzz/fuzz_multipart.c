/*
 * fuzz_multipart.c — form bodies as pishkhan-web reads them: a whole HTTP
 * request through libmicrohttpd's parser and MHD_PostProcessor into
 * webfront/upload.c and the page, in process.
 *
 * webfront/main.c is compiled in (its main() renamed) so that the access
 * handler and the completion callback are the server's own; every other
 * webfront object is linked as it is.  The daemon has no listening socket
 * and no thread: each input is one connection over a socketpair, added
 * with MHD_add_connection and run with MHD_run until the server closes it.
 * There is no database (its socket does not exist), so pages that need one
 * answer 503, as they would during an outage.
 *
 * Input: the Content-Type header's value, a line feed, then the body of
 * "POST /login/send" (a form that needs no session; upload.c treats every
 * form alike) with a valid CSRF cookie.
 */
#include <sys/socket.h>

#include <fcntl.h>
#include <netinet/in.h>

#include "fuzz.h"

#define main pishkhan_web_main
int pishkhan_web_main(int, char **);
#include "../../webfront/main.c"
#undef main

#define CSRF "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static struct MHD_Daemon *daemon_;

static void
fuzz_setup(void)
{
	log_init("fuzz_multipart");
	log_set_level(LOG_LVL_ERROR);
	web.cfg = cfg_defaults();
	web.conninfo = xstrdup("host=/nonexistent/pishkhan-fuzz dbname=none "
	    "user=pishkhan_web connect_timeout=1");
	web.cookie_session = "pk_session";
	web.cookie_csrf = "pk_csrf";
	web.max_file = 64 * 1024;	/* small, so the cap is reached too */
	web.max_body = 1024 * 1024;
	web.req_timeout = 3600;		/* never the clock's doing */
	/* files spool as the server's do (unlinked at once) */
	web.spool_dir = getenv("TMPDIR") != NULL && *getenv("TMPDIR") != '\0' ?
	    getenv("TMPDIR") : "/tmp";
	buf_adds(&web.css, "body{}");
	buf_adds(&web.js, "");
	signal(SIGPIPE, SIG_IGN);
	daemon_ = MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL, handle, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, 0u,
	    MHD_OPTION_END);
	if (daemon_ == NULL)
		abort();
}

static unsigned
connections(void)
{
	const union MHD_DaemonInfo *i =
	    MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);

	return i != NULL ? i->num_connections : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t ctlen = nl != NULL ? (size_t)(nl - data) : size;
	size_t blen = nl != NULL ? size - ctlen - 1 : 0, off = 0;
	struct sockaddr_in sa = { .sin_family = AF_INET,
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK), .sin_port = htons(40000) };
	struct buf req = BUF_INIT;
	char sink[16384];
	ssize_t n;
	int sv[2], eof = 0, shut = 0;
	long spins;

	if (daemon_ == NULL)
		fuzz_setup();
	buf_adds(&req, "POST /login/send HTTP/1.1\r\nHost: pishkhan.test\r\n"
	    "Cookie: pk_csrf=" CSRF "; pk_lang=en\r\nContent-Type: ");
	buf_add(&req, data, ctlen);
	buf_addf(&req, "\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", blen);
	if (blen > 0)
		buf_add(&req, nl + 1, blen);

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		abort();
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	if (MHD_add_connection(daemon_, sv[0], (struct sockaddr *)&sa, sizeof sa) != MHD_YES)
		abort();
	/* The client: write what fits, read what comes, until the server
	 * hangs up; the server runs between, on this thread. */
	for (spins = 0; !eof; spins++) {
		FUZZ_ASSERT(spins < 1000000);	/* a request that never ends */
		if (off < req.len) {
			n = write(sv[1], req.data + off, req.len - off);
			if (n > 0)
				off += (size_t)n;
			else if (n == -1 && errno != EAGAIN)
				off = req.len;	/* the server hung up first */
		} else if (!shut) {
			shutdown(sv[1], SHUT_WR);
			shut = 1;
		}
		if (MHD_run(daemon_) != MHD_YES)
			abort();
		while ((n = read(sv[1], sink, sizeof sink)) > 0)
			;
		if (n == 0 || (n == -1 && errno != EAGAIN))
			eof = 1;
	}
	close(sv[1]);
	for (spins = 0; connections() > 0; spins++) {
		FUZZ_ASSERT(spins < 1000000);
		MHD_run(daemon_);
	}
	buf_free(&req);
	return 0;
}
