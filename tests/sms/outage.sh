#!/bin/sh
# tests/sms/outage.sh — nothing lost, nothing doubled: the gateway down for
# a while and then back; PostgreSQL restarted while messages are in flight;
# SIGTERM while a batch is in flight.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/sms/sms.inc"
private_cluster sms_outage

reset() {
	q "$PGUSER" "DELETE FROM pishkhan.sms_outbox" >/dev/null
	: >"$W/gw.rec"
}
unsent="SELECT count(*) FROM pishkhan.sms_outbox WHERE status <> 'sent'"

# 1. The gateway is down (connection refused) for a while, then back.
gw_start; gw_stop	# learn a free port, then leave it closed
sms_conf "backoff_min_ms = 50" "backoff_max_ms = 400"
enqueue 200 down
worker_start "$W/worker.log"
sleep 2
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'sent'")" 0 \
    "nothing is sent while the gateway is down"
ok "$([ "$(q "$PGUSER" "SELECT max(attempts) FROM pishkhan.sms_outbox")" -gt 1 ]; echo $?)" \
    "messages are retried while it is down"
like "$(cat "$W/worker.log")" "Couldn't connect|Connection refused" "the transport error is logged"
gw_start
wait_sql "$unsent" 0 60; ok $? "once it is back, every message is sent"
workers_stop
is "$(deliveries)" "200 delivered, 200 distinct, 0 more than once" "the gateway got each of the 200 exactly once"

# 2. PostgreSQL restarted while a worker is sending (a slow gateway keeps
# batches in flight across the restart).
gw_stop; reset; gw_start -l 300
enqueue 120 pg
: >"$W/worker.log"
worker_start "$W/worker.log"
sleep 1
pg_stop "$PGD" >/dev/null 2>&1; sleep 1; pg_start "$PGD" >/dev/null 2>&1
ok $? "PostgreSQL restarted"
wait_sql "$unsent" 0 60; ok $? "after the restart every message is sent"
workers_stop
is "$(deliveries)" "120 delivered, 120 distinct, 0 more than once" "the gateway got each of the 120 exactly once"
like "$(cat "$W/worker.log")" "lost the connection" "the worker saw the connection go"
is "$(grep -c "connected to the database" "$W/worker.log")" 2 "and reconnected"
grep -q "cannot record the outcome" "$W/worker.log" &&
    echo "# the restart came while a batch was in flight; its outcomes were kept and recorded later"
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox WHERE claimed_by IS NULL OR sent_at IS NULL")" 0 \
    "every row records its worker and when it was sent"

# 3. SIGTERM while a batch is in flight: the batch is finished and recorded.
gw_stop; reset; gw_start -l 1500
enqueue 4 term
worker_start "$W/worker.log"
wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'sending'" 4 10
ok $? "four messages in flight"
workers_stop; is "$?" 0 "the worker stops on SIGTERM"
is "$(q "$PGUSER" "SELECT string_agg(DISTINCT status::text, ',') FROM pishkhan.sms_outbox")" sent \
    "the messages in flight were finished and recorded as sent"
is "$(deliveries)" "4 delivered, 4 distinct, 0 more than once" "each delivered once"

done_testing
