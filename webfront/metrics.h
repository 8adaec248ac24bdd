/*
 * metrics.h — the site's health in the Prometheus text format, on a
 * listener of its own (web.metrics_listen, web.metrics_port; off when the
 * port is 0), never on the public port (metrics.c).
 *
 * The process's own counters (requests by route and status, their latency,
 * the database's connections and failures, login-code requests) are
 * atomics that any worker thread adds to; the database's gauges
 * (metrics_gauges(), sql/021) are read at each scrape, with a timeout, on
 * a connection of the listener's own.  With no listener nothing is
 * counted.  The metrics are listed in pishkhan(7), MONITORING.
 */
#ifndef PK_METRICS_H
#define PK_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "cfg.h"

/* Make the counters; then start the listener if the configuration asks
 * for one (exits with a message if it cannot listen). */
void	 metrics_init(const struct cfg *);
void	 metrics_stop(void);

/* One request began (in flight) / was answered with `status` after `us`
 * microseconds on route `route` (route_index(); route_count(): none). */
void	 metrics_begin(void);
void	 metrics_end(size_t route, unsigned status, int64_t us);
/* The answer of web_code_send (page_login.c): "sent", "wait", ... */
void	 metrics_login_code(const char *outcome);

#endif
