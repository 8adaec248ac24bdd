/*
 * ctl_sms.h — the SMS worker's parts that live in files of their own.
 */
#ifndef PK_CTL_SMS_H
#define PK_CTL_SMS_H

#include "cfg.h"
#include "db.h"
#include "sms.h"

/*
 * Delivery receipts (ctl_sms_receipts.c): the worker asks its provider's
 * status API about the messages it sent, a round at a time, between its
 * batches of sending, so that a receipt never holds up a login code for
 * longer than one round of requests.
 */
struct receipts;

/* The receipts of the driver `drv` (borrowed) for the messages of
 * `provider` (sms.provider, as the worker names it), or NULL when the
 * driver asks for none. */
struct receipts	*receipts_new(const struct cfg *, struct sms_driver *drv,
		    const char *provider);
void		 receipts_free(struct receipts *);
/* The worker's session: whether it asks for receipts (`r` not NULL), once
 * a connection.  0 or -1. */
int		 receipts_session(const struct receipts *r, struct db *);
/* One round: claim up to sms.concurrency due receipts, ask, record.  The
 * number asked (0: none due), or -1 when the database failed. */
int		 receipts_round(struct receipts *, struct db *);
/* Milliseconds until the next receipt is due; -1: none waits. */
long long	 receipts_next_due(struct receipts *, struct db *);

#endif
