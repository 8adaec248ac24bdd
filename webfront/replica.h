/*
 * replica.h — the citizen's history and letter pages read from a streaming
 * standby (web.read_conninfo) when that is safe, else from the primary.
 *
 * Safe means two things, both decided from WAL positions (LSNs), never
 * from clocks:
 *   - the standby has replayed everything the primary had written
 *     web.read_max_lag seconds ago (a thread of its own samples the
 *     primary's insert position with the standby's replay position every
 *     REPLICA_CHECK_MS, 100 ms);
 *   - it has replayed this citizen's own last write: after a submission
 *     the web puts the primary's insert position in a signed cookie
 *     (web.cookie_wrote), and a standby behind it is not used for them.
 * A standby that fails (down, a query cancelled by recovery) costs the
 * request nothing: the same query runs on the primary.
 */
#ifndef PK_REPLICA_H
#define PK_REPLICA_H

#include <stdint.h>

struct req;
struct pg_result;

/* From web.cfg, before the daemon starts; exits on a bad read_conninfo. */
void		 replica_init(void);
/* The checker's thread (after the signals are blocked); stopped by
 * replica_close_all(). */
void		 replica_start(void);
void		 replica_close_all(void);
/*
 * A read for the history and letter pages: on the standby when it is
 * usable for this citizen, else (or when it fails there) on the primary,
 * r->db, which req_session() has opened; with `latest`, on the primary
 * (counted as its read).  The result (PQclear it), or NULL with the
 * primary's error recorded.
 */
struct pg_result *replica_query(struct req *, int latest, const char *sql, int n,
		    const char *const *params);
/*
 * The citizen wrote (a letter and its files, committed on r->db): remember
 * the primary's WAL position in a cookie, so that their next pages wait
 * for a standby that has it.  Nothing when no standby is configured.
 */
void		 replica_wrote(struct req *);
/* Its figures, for the metrics (metrics.c); relaxed atomics underneath. */
struct replica_stats {
	int			 configured;	/* web.read_conninfo is set */
	int			 usable;	/* at the last check */
	long long		 lag_bytes;	/* primary's position - replayed; -1 unknown */
	unsigned long long	 standby;	/* reads answered by the standby */
	unsigned long long	 primary;	/* reads that went to the primary */
};
void		 replica_stats(struct replica_stats *);

#endif
