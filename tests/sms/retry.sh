#!/bin/sh
# tests/sms/retry.sh — decisions reach citizens after a gateway outage of
# any length within the retry window (sms.max_age), at scaled times: a
# backoff of 50 ms doubling to 400 ms, so that the old limit of 10 attempts
# gave up after some 2.8 s as it gave up after some 17 minutes at the
# defaults.  A permanent answer fails at once; a login code that expired or
# was superseded is never sent; `sms retry` takes several ids, or --failed
# --since WHEN, and says what is wrong with bad input.
# Under a second suite's load the order and the times it checks move:
# run: alone
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/sms/sms.inc"
# Persian digits in sed's y/// need a UTF-8 locale, whatever the caller's
# (make check passes with LANG and LC_ALL unset).
LC_ALL=C.UTF-8
export LC_ALL

DB=$(new_db)
reset() {
	q "$PGUSER" "DELETE FROM pishkhan.sms_outbox" >/dev/null
	: >"$W/gw.rec"
	: >"$W/worker.log"
}
# decisions N — N approval and rejection messages, as the clerks' decisions queue them.
decisions() {
	q "$PGUSER" "INSERT INTO pishkhan.sms_outbox (event, to_number, body)
	    SELECT CASE WHEN i % 2 = 0 THEN 'approved' ELSE 'rejected' END,
	    '+98912' || lpad(i::text, 7, '0'), 'decision-' || i
	    FROM generate_series(1, $1) i" >/dev/null
}
settled="SELECT count(*) FROM pishkhan.sms_outbox WHERE status IN ('pending', 'sending')"
delivered_twice() {
	grep '^200	' "$W/gw.rec" | sed 's/.*"text":"\([^"]*\)".*/\1/' | sort | uniq -d | wc -l | tr -d ' '
}

# 1. The gateway is down (connection refused) for 6 s, more than twice the
# time the old 10 attempts lasted, then back: every decision is delivered.
gw_start; gw_stop	# a free port, left closed
sms_conf "backoff_min_ms = 50" "backoff_max_ms = 400"
decisions 40
worker_start "$W/worker.log"
sleep 6
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox WHERE status IN ('sent', 'failed')")" 0 \
    "after 6 s of outage nothing is sent and nothing has failed"
a=$(q "$PGUSER" "SELECT min(attempts) FROM pishkhan.sms_outbox")
ok "$([ "$a" -gt 10 ]; echo $?)" "every message has been tried more than the old 10 times ($a at least)"
gw_start
wait_sql "$settled" 0 30; ok $? "once the gateway is back the outbox settles"
workers_stop
is "$(outbox_summary)" "sent=40" "every decision was delivered, none failed"
is "$(gw_count 200) $(delivered_twice)" "40 0" "the gateway got each once"
b=$(q "$PGUSER" "SELECT max(extract(epoch FROM sent_at - created_at))::int FROM pishkhan.sms_outbox")
ok "$([ "$b" -le 10 ]; echo $?)" "the last went out within the capped backoff of the return (${b} s after queueing)"

# The same outage with the old limit: the window is what makes the difference.
gw_stop; reset
sms_conf "backoff_min_ms = 50" "backoff_max_ms = 400" "max_attempts = 10"
decisions 40
worker_start "$W/worker.log"
sleep 6
gw_start
sleep 1
workers_stop
is "$(outbox_summary)" "failed=40" "with max_attempts = 10 all 40 had failed before the gateway came back"
like "$(cat "$W/worker.log")" "sms.max_attempts = 10 gives up on a message after about 3 s of failures" \
    "and the worker warned at start that max_attempts gives up long before max_age"

# 2. The window itself: max_age ends the retries, with the last error kept.
gw_stop; reset
sms_conf "backoff_min_ms = 50" "backoff_max_ms = 200" "max_age = 2"
decisions 2
worker_start "$W/worker.log"
wait_sql "$settled" 0 20; ok $? "with the gateway down, the outbox settles after max_age"
workers_stop
is "$(outbox_summary)" "failed=2" "past the window the messages fail"
like "$(q "$PGUSER" "SELECT DISTINCT last_error FROM pishkhan.sms_outbox")" "Couldn't connect|Connection refused" \
    "with the transport error kept"
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox WHERE failed_at IS NOT NULL")" 2 \
    "and the time they failed"

# 3. Permanent answers fail at once; 408 and 429 are passing.
for st in 400 403 404 408 429; do
	gw_stop; reset; gw_start -f 1 -s $st
	sms_conf "backoff_min_ms = 50" "backoff_max_ms = 200"
	decisions 1
	worker_start "$W/worker.log"
	wait_sql "$settled" 0 20
	workers_stop
	case $st in
	408) want="sent 2" ;;
	429) want="sent 1" ;;	# deferred: not an attempt
	*) want="failed 1" ;;
	esac
	is "$(q "$PGUSER" "SELECT status || ' ' || attempts FROM pishkhan.sms_outbox")" "$want" "HTTP $st: $want"
done
gw_stop; reset; gw_start -r '{"return":{"status":418}}'
sms_conf "ok_json = return.status=200"
decisions 1
worker_start "$W/worker.log"; wait_sql "$settled" 0 20; workers_stop
is "$(q "$PGUSER" "SELECT status || ' ' || attempts FROM pishkhan.sms_outbox")" "failed 1" \
    "an accepted status whose body fails ok_json is the gateway's permanent answer"

# 4. Login codes.  One that expires while the gateway is down is marked
# expired, with the reason, and never sent; one superseded by a newer code
# for the same number is never sent either, though it has not expired.
gw_stop; reset
sms_conf "backoff_min_ms = 50" "backoff_max_ms = 200"
cit=$(q "$PGUSER" "SELECT pishkhan.web_citizen('+989121110001', 'fa')")
q "$PGUSER" "INSERT INTO pishkhan.sms_outbox (event, to_number, body, expires_at)
    VALUES ('login_code', '+989121110002', 'code 111111', now() + interval '2 s')" >/dev/null
old=$(q "$PGUSER" "SELECT pishkhan.sms_enqueue('login_code', $cit, NULL,
    '{\"code\": \"222222\", \"minutes\": 5}', now() + interval '5 min')")
new=$(q "$PGUSER" "SELECT pishkhan.sms_enqueue('login_code', $cit, NULL,
    '{\"code\": \"333333\", \"minutes\": 5}', now() + interval '5 min')")
worker_start "$W/worker.log"
sleep 3
gw_start
wait_sql "$settled" 0 20; ok $? "the codes are settled"
workers_stop
is "$(q "$PGUSER" "SELECT string_agg(status || ':' || (body IS NULL), ',' ORDER BY id) FROM pishkhan.sms_outbox")" \
    "expired:true,expired:true,sent:true" "the expired and the superseded codes expired, wiped; the newest was sent"
is "$(q "$PGUSER" "SELECT last_error FROM pishkhan.sms_outbox WHERE id = $old")" \
    "superseded by a newer login code; expired before it could be sent" "the superseded code says why"
rec=$(cat "$W/gw.rec")
unlike "$rec" "111111" "the gateway never got the code that expired"
unlike "$rec" "222222" "nor the superseded one"
like "$rec" "333333" "it got the newest"
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET status = 'failed', expires_at = now() - interval '1 s' WHERE id = $old" >/dev/null
out=$(ctl -c "$CONF" sms retry "$old" 2>&1); is $? 1 "sms retry refuses an expired login code"
like "$out" "message '$old' is a login code that has expired; the citizen asks for a new one" "and says why"

# A code that expires while its batch is in flight: the claim is renewed
# before each round, and the expired code is not sent in the next.  (The
# slow first message is a login code too: a decision would go after it.)
gw_stop; reset; gw_start -l 1500
sms_conf "concurrency = 1" "timeout = 3"
q "$PGUSER" "INSERT INTO pishkhan.sms_outbox (event, to_number, body, expires_at) VALUES
    ('login_code', '+989121110003', 'slow code 333000', now() + interval '5 min'),
    ('login_code', '+989121110004', 'code 444444', now() + interval '1 s')" >/dev/null
worker_start "$W/worker.log"
wait_sql "$settled" 0 20; ok $? "a batch with a code that expires in flight is settled"
workers_stop
is "$(q "$PGUSER" "SELECT string_agg(status::text, ',' ORDER BY id) FROM pishkhan.sms_outbox")" "sent,expired" \
    "the first code was sent, the second expired before its round"
unlike "$(cat "$W/gw.rec")" "444444" "the gateway never got the expired code"
is "$(q "$PGUSER" "SELECT last_error FROM pishkhan.sms_outbox WHERE body IS NULL AND status = 'expired'")" \
    "not sent: the login code expired first" "with the reason"

# 5. sms retry: several ids at once, Persian digits, --failed --since.
gw_stop; reset
q "$PGUSER" "INSERT INTO pishkhan.sms_outbox (event, to_number, body, status, attempts, failed_at) VALUES
    ('approved', '+989121110011', 'r1', 'failed', 10, now() - interval '3 hours'),
    ('approved', '+989121110012', 'r2', 'failed', 10, now() - interval '30 minutes'),
    ('approved', '+989121110013', 'r3', 'failed', 10, now() - interval '10 minutes'),
    ('approved', '+989121110014', 'r4', 'sent', 1, NULL)" >/dev/null
r1=$(q "$PGUSER" "SELECT id FROM pishkhan.sms_outbox WHERE body = 'r1'")
r4=$((r1 + 3))
fa=$(printf '%s' "$r1" | sed 'y/0123456789/۰۱۲۳۴۵۶۷۸۹/')
out=$(ctl -c "$CONF" sms retry "$fa" 2>&1); is $? 0 "sms retry takes an id in Persian digits"
is "$out" "1 message(s) put back in the queue" "and says how many it put back"
is "$(q "$PGUSER" "SELECT status || ' ' || attempts || ' ' || (retried_at IS NOT NULL) FROM pishkhan.sms_outbox WHERE id = $r1")" \
    "pending 0 true" "the message is pending, its attempts reset, its window new"
like "$(ctl -c "$CONF" sms show "$r1")" "retried_at	[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}" "sms show says when it was retried"
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET status = 'failed' WHERE id = $r1" >/dev/null
out=$(ctl -c "$CONF" sms retry "$r1" "$((r1 + 1))" 999999 "$r4" 2>&1); is $? 1 "several ids: some cannot be retried"
like "$out" "message '999999' not found" "an unknown id is named"
like "$out" "message '$r4' is sent; only failed messages are retried" "so is a sent one"
like "$out" "2 message\\(s\\) put back in the queue" "the others are retried"
is "$(q "$PGUSER" "SELECT string_agg(status::text, ',' ORDER BY id) FROM pishkhan.sms_outbox")" \
    "pending,pending,failed,sent" "exactly those two"
out=$(ctl -c "$CONF" sms retry "$r1" 12x 2>&1); is $? 2 "an unreadable id is a usage error"
like "$out" "message id '12x' is not a number" "and named"
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET status = 'failed' WHERE status = 'pending'" >/dev/null
out=$(ctl -c "$CONF" sms retry --failed --since '1 hour' 2>&1); is $? 0 "--failed --since '1 hour'"
is "$out" "2 message(s) put back in the queue" "puts back the two that failed within the hour"
is "$(q "$PGUSER" "SELECT string_agg(status::text, ',' ORDER BY id) FROM pishkhan.sms_outbox")" \
    "failed,pending,pending,sent" "and not the one that failed three hours ago"
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET status = 'failed' WHERE status = 'pending'" >/dev/null
since=$(q "$PGUSER" "SELECT to_char((now() - interval '20 minutes') AT TIME ZONE pishkhan.office_zone(), 'YYYY-MM-DD HH24:MI:SS')")
since_fa=$(printf '%s' "$since" | sed 'y/0123456789/۰۱۲۳۴۵۶۷۸۹/')
out=$(ctl -c "$CONF" sms retry --failed --since "$since_fa" 2>&1); is $? 0 "--since a time in the office's zone, in Persian digits"
is "$out" "1 message(s) put back in the queue" "puts back the one that failed since"
jsince=$(q "$PGUSER" "SELECT j.jy || '-' || j.jm || '-' || j.jd FROM pishkhan.jalali_parts((now() AT TIME ZONE pishkhan.office_zone())::date - 1) j")
out=$(ctl -c "$CONF" sms retry --failed --since "$jsince" 2>&1); is $? 0 "--since a Jalali date ($jsince)"
is "$out" "2 message(s) put back in the queue" "puts back the other two (all failed since yesterday)"
out=$(ctl -c "$CONF" sms retry --failed --since 'last tuesday-ish' 2>&1); is $? 1 "a bad --since fails"
like "$out" "--since: cannot read 'last tuesday-ish' as a duration or a time" "and says so"
like "$out" "hint: give a duration such as '2 hours'" "with a hint"
out=$(ctl -c "$CONF" sms retry --failed --since '2999-01-01' 2>&1); is $? 1 "a --since in the future fails"
like "$out" "'2999-01-01' is in the future" "and says so"
out=$(ctl -c "$CONF" sms retry --since '1 hour' 2>&1); is $? 2 "--since without --failed is a usage error"
like "$out" "since goes with --failed" "and says so"
out=$(ctl -c "$CONF" sms retry --failed "$r1" 2>&1); is $? 2 "ids and --failed together are a usage error"
out=$(ctl -c "$CONF" sms retry 2>&1); is $? 2 "nothing to retry is a usage error"
like "$out" "expected message ids, or --failed" "and says so"
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET status = 'failed' WHERE status = 'pending'" >/dev/null
out=$(ctl -c "$CONF" sms retry --failed 2>&1); is $? 0 "--failed alone"
is "$out" "3 message(s) put back in the queue" "puts back every failed message"

# As an administrator's own role, not the superuser: the same; a clerk is refused.
# (setup_org: roles belong to the cluster, which suites running in parallel share)
conf=$CONF; setup_org >/dev/null; CONF=$conf
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET status = 'failed', failed_at = now() WHERE status = 'pending'" >/dev/null
out=$(PGUSER=games ctl -c "$CONF" sms retry --failed --since '۱ hour' 2>&1); is $? 0 "an admin runs sms retry --failed --since '۱ hour'"
is "$out" "3 message(s) put back in the queue" "and puts back the three"
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET status = 'failed' WHERE id = $r1" >/dev/null
out=$(PGUSER=games ctl -c "$CONF" sms retry "$r1" 999999 2>&1); is $? 1 "an admin retries ids"
like "$out" "message '999999' not found" "and is told which are unknown"
out=$(PGUSER=daemon ctl -c "$CONF" sms retry --failed 2>&1); is $? 1 "a clerk cannot retry messages"
like "$out" "permission denied" "and is told so"
is "$(q "$PGUSER" "SELECT string_agg(status::text, ',' ORDER BY id) FROM pishkhan.sms_outbox")" \
    "pending,pending,pending,sent" "the clerk changed nothing"

done_testing
