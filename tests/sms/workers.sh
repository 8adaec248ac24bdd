#!/bin/sh
# tests/sms/workers.sh — two, then four workers at once over 1,000 messages
# each: every message goes to exactly one of them.  Then SKIP LOCKED itself:
# a claim passes over a message another worker has locked, at once (all the
# checks above would also hold if claims waited for each other).
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/sms/sms.inc"

DB=$(new_db)
gw_start

for n in 2 4; do
	q "$PGUSER" "DELETE FROM pishkhan.sms_outbox" >/dev/null
	: >"$W/gw.rec"
	sms_conf "concurrency = 4"
	i=0
	while [ $i -lt $n ]; do worker_start "$W/worker$n.log"; i=$((i + 1)); done
	sleep 0.5
	enqueue 1000 "w$n"
	wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'sent'" 1000 120
	ok $? "$n workers: all 1000 messages sent"
	workers_stop; ok $? "$n workers stop cleanly"
	texts=$(grep '^200	' "$W/gw.rec" | sed 's/.*"text":"\([^"]*\)".*/\1/' | sort)
	is "$(printf '%s\n' "$texts" | grep -c .)" 1000 "$n workers: the gateway got 1000 requests"
	is "$(printf '%s\n' "$texts" | uniq | grep -c "^w$n-")" 1000 "$n workers: 1000 distinct messages, none missing"
	is "$(printf '%s\n' "$texts" | uniq -d | wc -l | tr -d ' ')" 0 "$n workers: no duplicate"
	shares=$(q "$PGUSER" "SELECT count(DISTINCT claimed_by) FROM pishkhan.sms_outbox")
	ok "$([ "$shares" -ge 2 ]; echo $?)" "$n workers: the work was shared ($shares of them sent some)"
done

# SKIP LOCKED: another session holds the first message's row lock (as a
# worker does between its claim's SELECT and its commit); a claim meanwhile
# takes the others at once instead of waiting.  lock_timeout only bounds the
# failure: with SKIP LOCKED nothing waits at all.
q "$PGUSER" "DELETE FROM pishkhan.sms_outbox" >/dev/null
enqueue 3 skip
first=$(q "$PGUSER" "SELECT min(id) FROM pishkhan.sms_outbox")
mkfifo "$W/hold.fifo"
psql -X -q -A -t -v ON_ERROR_STOP=1 -U "$PGUSER" -d "$DB" <"$W/hold.fifo" >"$W/hold.out" 2>&1 &
hold=$!
exec 8>"$W/hold.fifo"
printf "SET application_name = 'pk_hold_%s';\nBEGIN;\nSELECT id FROM pishkhan.sms_outbox WHERE id = %s FOR UPDATE;\n" $$ "$first" >&8
wait_sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pk_hold_$$'
    AND state = 'idle in transaction' AND query LIKE '%FOR UPDATE%'" 1 60
ok $? "another session holds the first message's row lock"
got=$(q "$PGUSER" "SET lock_timeout = '5s'; SELECT string_agg(id::text, ',' ORDER BY id) FROM pishkhan.sms_claim('w-skip', 10)" 2>&1)
is "$got" "$((first + 1)),$((first + 2))" "a claim passes over the locked message and takes the others at once"
printf 'COMMIT;\n' >&8
exec 8>&-
wait "$hold"
is "$(q "$PGUSER" "SELECT string_agg(status || ':' || coalesce(claimed_by, '-'), ',' ORDER BY id) FROM pishkhan.sms_outbox")" \
    "pending:-,sending:w-skip,sending:w-skip" "the locked message is still pending, for the next claim"

# What a claim takes, what a report may change and what housekeeping
# releases, straight through the worker's functions (the workers above would
# mostly not notice: housekeeping expires codes before a claim sees them).
q "$PGUSER" "DELETE FROM pishkhan.sms_outbox" >/dev/null
q "$PGUSER" "INSERT INTO pishkhan.sms_outbox (event, to_number, body, expires_at, next_attempt_at) VALUES
    ('login_code', '+989120000001', 'expired code', now() - interval '1 s', now()),
    ('test', '+989120000002', 'backing off', NULL, now() + interval '1 hour'),
    ('test', '+989120000003', 'due', NULL, now())" >/dev/null
is "$(q "$PGUSER" "SELECT string_agg(body, ',') FROM pishkhan.sms_claim('w-a', 10)")" "due" \
    "a claim takes neither an expired login code nor a message backing off"
due=$(q "$PGUSER" "SELECT id FROM pishkhan.sms_outbox WHERE body = 'due'")
is "$(q "$PGUSER" "SELECT coalesce(status::text, 'NULL') FROM pishkhan.sms_mark_batch('w-b', ARRAY[$due], ARRAY[true], ARRAY[false],
    ARRAY['gw-1'], ARRAY[''], 5, 3600, 50, 300)")" "NULL" "a worker cannot report another worker's message"
is "$(q "$PGUSER" "SELECT status || ':' || claimed_by FROM pishkhan.sms_outbox WHERE id = $due")" "sending:w-a" \
    "which stays with its worker"
q "$PGUSER" "SELECT pishkhan.sms_housekeep(60)" >/dev/null
is "$(q "$PGUSER" "SELECT status FROM pishkhan.sms_outbox WHERE id = $due")" "sending" \
    "housekeeping leaves a message its worker holds within the lease"
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET claimed_at = now() - interval '61 s' WHERE id = $due" >/dev/null
q "$PGUSER" "SELECT pishkhan.sms_housekeep(60)" >/dev/null
is "$(q "$PGUSER" "SELECT status FROM pishkhan.sms_outbox WHERE id = $due")" "sending" \
    "a housekeeper connected for less than the lease releases nothing (after an outage, live workers come back first)"
q "$PGUSER" "SELECT pishkhan.sms_housekeep(60, now() - interval '59 s')" >/dev/null
is "$(q "$PGUSER" "SELECT status FROM pishkhan.sms_outbox WHERE id = $due")" "sending" \
    "nor one connected 59 s of a 60 s lease"
is "$(q "$PGUSER" "SELECT string_agg(id || ':' || held || ':' || expired, ',') FROM pishkhan.sms_renew('w-b', ARRAY[$due])")" "$due:false:false" \
    "another worker cannot renew the claim"
q "$PGUSER" "SELECT pishkhan.sms_housekeep(60, now() - interval '61 s')" >/dev/null
is "$(q "$PGUSER" "SELECT status || ':' || coalesce(claimed_by, '-') FROM pishkhan.sms_outbox WHERE id = $due")" "pending:-" \
    "and releases it once its worker held it past the lease (the worker died)"
is "$(q "$PGUSER" "SELECT string_agg(id || ':' || held, ',') FROM pishkhan.sms_renew('w-a', ARRAY[$due])")" "$due:false" \
    "its old worker's renewal says it no longer holds it"

done_testing
