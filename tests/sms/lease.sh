#!/bin/sh
# tests/sms/lease.sh — a live worker keeps its claim through an outage of
# PostgreSQL longer than sms.lease: two workers, 400 messages, a slow
# gateway that records every delivery, a lease scaled down to 4 s and the
# database stopped for 9 s while batches are in flight.  No message is
# delivered twice and none is lost.  (Before workers renewed their claim
# and waited a lease after their own reconnection, the first worker back
# released the other's batch, already sent, and it went out again: 16 of
# the 400 were delivered twice in this test.)
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/sms/sms.inc"
private_cluster sms_lease

gw_start -l 300
# Batches of 16 (two rounds of 8: as many as a timeout of 1 s allows in
# half the lease).
sms_conf "lease = 4" "timeout = 1" "connect_timeout = 1" "concurrency = 8"
out=$(ctl -c "$CONF" config check 2>&1); is "$out" "$CONF: ok" "a lease of 4 s with a timeout of 1 s is accepted"
sms_conf "lease = 3" "timeout = 2"
out=$(ctl -c "$CONF" config check 2>&1); is $? 1 "a lease shorter than twice the timeout is refused"
like "$out" "sms.lease: 3 s is less than twice sms.timeout \(2 s\)" "naming both keys"
sms_conf "lease = 4" "timeout = 1" "connect_timeout = 1" "concurrency = 8"
enqueue 400 lease
worker_start "$W/worker1.log"
worker_start "$W/worker2.log"
wait_sql "SELECT count(*) >= 20 FROM pishkhan.sms_outbox WHERE status = 'sent'" t 30
ok $? "both workers are sending"
pg_stop "$PGD" >/dev/null 2>&1
sleep 9		# more than twice the lease
pg_start "$PGD" >/dev/null 2>&1; ok $? "PostgreSQL is back after 9 s, more than twice sms.lease"
wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE status <> 'sent'" 0 90
ok $? "every message is sent in the end"
workers_stop; ok $? "both workers stop cleanly"
d=$(deliveries); echo "# $d"
is "$d" "400 delivered, 400 distinct, 0 more than once" "the gateway got each of the 400 exactly once"
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox WHERE last_error LIKE '%released%'")" 0 \
    "no live worker's message was released"
logs=$(cat "$W/worker1.log" "$W/worker2.log")
like "$logs" "cannot record the outcome|cannot renew the claim" \
    "the outage came while messages were in flight (outcomes kept, or the rest of a batch held back)"
is "$(q "$PGUSER" "SELECT count(DISTINCT claimed_by) FROM pishkhan.sms_outbox")" 2 "both workers sent some"

# A worker that really died: its messages are released after the lease by
# a worker that has been connected for a lease, and sent once.
q "$PGUSER" "DELETE FROM pishkhan.sms_outbox" >/dev/null
: >"$W/gw.rec"
enqueue 3 dead
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET status = 'sending', claimed_by = 'gone:1',
    claimed_at = now(), attempts = 1" >/dev/null
worker_start "$W/worker3.log"
sleep 2
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'sending'")" 3 \
    "within the lease a dead worker's messages stay with it"
wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'sent'" 3 30
ok $? "after the lease they are released and sent"
workers_stop
is "$(deliveries)" "3 delivered, 3 distinct, 0 more than once" "each once"

done_testing
