/*
 * conn.c — what libmicrohttpd does not do for us with connections.
 *
 *   - The per-address connection limit (web.max_per_ip), with the trusted
 *     proxies (web.trusted_proxies) exempt: behind a reverse proxy every
 *     client comes from the proxy, and the proxy must limit them.
 *   - A deadline for a request's headers (web.header_timeout), counted
 *     from the connection's start or from the previous answer.  The idle
 *     timeout alone lets a client that sends a byte a second hold a
 *     connection for hours; a watchdog thread shuts such sockets down, and
 *     libmicrohttpd closes them when it reads the end of the stream.
 *   - The client's address: the peer, or, when the peer is a trusted
 *     proxy, the nearest untrusted hop of X-Forwarded-For.
 *
 * Every open connection has a `struct conn` (its socket context), on a
 * list under one mutex; the list changes only when connections open and
 * close.  A request's start and end are two atomic stores.  The watchdog
 * shuts a socket down under the mutex, and libmicrohttpd reports the
 * close (which unlinks the entry) before it closes the descriptor, so
 * the descriptor shut down is never one reused by a newer connection.
 */
#include <sys/socket.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "clock.h"
#include "conn.h"
#include "log.h"
#include "netaddr.h"
#include "xmalloc.h"

#define BUCKETS		1024

struct conn {
	struct conn		*prev, *next;
	int			 fd;
	struct netaddr		 ip;
	struct per_ip		*counted;	/* NULL for a trusted proxy */
	_Atomic int64_t		 since_ms;	/* waiting for headers since */
	atomic_int		 busy;		/* a request is being answered */
	int			 cut;
};

/* Open connections from one address. */
struct per_ip {
	struct per_ip		*next;
	struct netaddr		 ip;
	unsigned		 n;
};

static struct {
	pthread_mutex_t		 mu;
	pthread_cond_t		 wake;
	pthread_t		 thread;
	int			 running, stopping;
	struct conn		*conns;
	struct per_ip		*buckets[BUCKETS];
	struct netaddr		 proxies[NETADDR_LIST_MAX];
	size_t			 nproxies;
	unsigned		 max_per_ip;
	int64_t			 header_ms;
	_Atomic int64_t		 last_refusal_log;
} g = { .mu = PTHREAD_MUTEX_INITIALIZER };

static unsigned
hash(const struct netaddr *ip)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < sizeof ip->a; i++)
		h = (h ^ ip->a[i]) * 16777619u;
	return h % BUCKETS;
}

/* The entry for ip; with `make`, created when missing.  Under g.mu. */
static struct per_ip *
per_ip(const struct netaddr *ip, int make)
{
	struct per_ip **b = &g.buckets[hash(ip)], *p;

	for (p = *b; p != NULL; p = p->next)
		if (memcmp(p->ip.a, ip->a, sizeof ip->a) == 0)
			return p;
	if (!make)
		return NULL;
	p = xcalloc(1, sizeof *p);
	p->ip = *ip;
	p->next = *b;
	*b = p;
	return p;
}

static void
per_ip_release(struct per_ip *e)
{
	struct per_ip **b;

	if (--e->n > 0)
		return;
	for (b = &g.buckets[hash(&e->ip)]; *b != e; b = &(*b)->next)
		;
	*b = e->next;
	free(e);
}

static int
trusted(const struct netaddr *ip)
{
	return netaddr_in(ip, g.proxies, g.nproxies);
}

enum MHD_Result
conn_accept(void *cls, const struct sockaddr *sa, socklen_t len)
{
	struct netaddr ip;
	struct per_ip *e;
	unsigned n;
	int64_t now, last;
	char s[NETADDR_STRLEN];

	(void)cls;
	(void)len;
	if (netaddr_from_sockaddr(sa, &ip) == -1 || trusted(&ip))
		return MHD_YES;
	pthread_mutex_lock(&g.mu);
	e = per_ip(&ip, 0);
	n = e != NULL ? e->n : 0;
	pthread_mutex_unlock(&g.mu);
	if (n < g.max_per_ip)
		return MHD_YES;
	/* at most one line a second, whatever the flood */
	now = clock_ms();
	last = atomic_load(&g.last_refusal_log);
	if (now - last >= 1000 &&
	    atomic_compare_exchange_strong(&g.last_refusal_log, &last, now)) {
		netaddr_format(&ip, s);
		log_info("connection from %s refused: %u open already (web.max_per_ip)",
		    s, n);
	}
	return MHD_NO;
}

void
conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	struct conn *k;
	const union MHD_ConnectionInfo *ci;

	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		k = xcalloc(1, sizeof *k);
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		k->fd = ci != NULL ? ci->connect_fd : -1;
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci == NULL || netaddr_from_sockaddr(ci->client_addr, &k->ip) == -1)
			memset(&k->ip, 0, sizeof k->ip);
		atomic_init(&k->since_ms, clock_ms());
		atomic_init(&k->busy, 0);
		pthread_mutex_lock(&g.mu);
		if (!trusted(&k->ip)) {
			k->counted = per_ip(&k->ip, 1);
			k->counted->n++;
		}
		k->next = g.conns;
		if (g.conns != NULL)
			g.conns->prev = k;
		g.conns = k;
		pthread_mutex_unlock(&g.mu);
		*socket_context = k;
		return;
	}
	if ((k = *socket_context) == NULL)
		return;
	pthread_mutex_lock(&g.mu);
	if (k->prev != NULL)
		k->prev->next = k->next;
	else
		g.conns = k->next;
	if (k->next != NULL)
		k->next->prev = k->prev;
	if (k->counted != NULL)
		per_ip_release(k->counted);
	pthread_mutex_unlock(&g.mu);
	free(k);
	*socket_context = NULL;
}

static struct conn *
conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
}

void
conn_request_begins(struct MHD_Connection *c)
{
	struct conn *k = conn_of(c);

	if (k != NULL)
		atomic_store(&k->busy, 1);
}

void
conn_request_ends(struct MHD_Connection *c)
{
	struct conn *k = conn_of(c);

	if (k != NULL) {
		atomic_store(&k->since_ms, clock_ms());
		atomic_store(&k->busy, 0);
	}
}

/* Shut down the sockets still waiting for headers past the deadline. */
static void
sweep(void)
{
	struct conn *k;
	int64_t now = clock_ms();
	char s[NETADDR_STRLEN];

	for (k = g.conns; k != NULL; k = k->next) {
		if (k->cut || k->fd < 0 || atomic_load(&k->busy) ||
		    now - atomic_load(&k->since_ms) <= g.header_ms)
			continue;
		k->cut = 1;
		shutdown(k->fd, SHUT_RDWR);
		netaddr_format(&k->ip, s);
		log_info("no complete request from %s within web.header_timeout: "
		    "connection closed", s);
	}
}

static void *
watchdog(void *arg)
{
	struct timespec ts;

	(void)arg;
	pthread_mutex_lock(&g.mu);
	while (!g.stopping) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += 250 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (pthread_cond_timedwait(&g.wake, &g.mu, &ts) == ETIMEDOUT)
			sweep();
	}
	pthread_mutex_unlock(&g.mu);
	return NULL;
}

void
conn_init(const struct cfg *cfg)
{
	pthread_condattr_t ca;
	int n = netaddr_list_parse(cfg_str(cfg, CFG_WEB_TRUSTED_PROXIES), g.proxies,
	    NETADDR_LIST_MAX);

	g.nproxies = n > 0 ? (size_t)n : 0;	/* validated by cfg_load */
	g.max_per_ip = (unsigned)cfg_int(cfg, CFG_WEB_MAX_PER_IP);
	g.header_ms = cfg_int(cfg, CFG_WEB_HEADER_TIMEOUT) * 1000;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g.wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&g.thread, NULL, watchdog, NULL) != 0)
		fatalx("cannot start the connection watchdog");
	g.running = 1;
}

void
conn_stop(void)
{
	if (!g.running)
		return;
	pthread_mutex_lock(&g.mu);
	g.stopping = 1;
	pthread_cond_signal(&g.wake);
	pthread_mutex_unlock(&g.mu);
	pthread_join(g.thread, NULL);
	g.running = 0;
}

struct xff {
	char	 buf[1024];
	size_t	 len;
};

/* Append, keeping the right end when the list outgrows the buffer: the
 * hops nearest to us are the ones read. */
static void
xff_append(struct xff *x, const char *s, size_t n)
{
	const size_t cap = sizeof x->buf - 1;
	size_t drop;

	if (n >= cap) {
		s += n - cap;
		n = cap;
		x->len = 0;
	} else if (x->len + n > cap) {
		drop = x->len + n - cap;
		memmove(x->buf, x->buf + drop, x->len - drop);
		x->len -= drop;
	}
	memcpy(x->buf + x->len, s, n);
	x->len += n;
	x->buf[x->len] = '\0';
}

/* Several X-Forwarded-For headers are one list, in order. */
static enum MHD_Result
xff_collect(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct xff *x = cls;

	(void)kind;
	if (strcasecmp(key, "X-Forwarded-For") == 0 && value != NULL) {
		if (x->len > 0)
			xff_append(x, ",", 1);
		xff_append(x, value, strlen(value));
	}
	return MHD_YES;
}

void
conn_client_ip(struct MHD_Connection *c, char *out)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	struct netaddr ip, hop;
	struct xff x = { .len = 0 };
	size_t end, start;

	out[0] = '\0';
	if (ci == NULL || netaddr_from_sockaddr(ci->client_addr, &ip) == -1)
		return;
	if (trusted(&ip)) {
		MHD_get_connection_values(c, MHD_HEADER_KIND, xff_collect, &x);
		/* From the right: our own proxies are skipped; the first hop
		 * that is not one is the client.  A hop we cannot read stops
		 * the walk at the last one a proxy of ours vouched for. */
		for (end = x.len; end > 0; end = start - 1) {
			for (start = end; start > 0 && x.buf[start - 1] != ','; start--)
				;
			if (netaddr_parse_hop(x.buf + start, end - start, &hop) == -1)
				break;
			ip = hop;
			if (!trusted(&hop) || start == 0)
				break;
		}
	}
	netaddr_format(&ip, out);
}

void
conn_mhd_log(void *prefix, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;

	buf_vaddf(&b, fmt, ap);
	while (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	log_warnx("%slibmicrohttpd: %s", prefix != NULL ? (const char *)prefix : "",
	    buf_str(&b));
	buf_free(&b);
}
