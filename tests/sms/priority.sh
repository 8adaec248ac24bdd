#!/bin/sh
# tests/sms/priority.sh — priority and pacing (issue 12 item 15), the real
# worker against the fake gateway, which records when each request arrived
# (-t): login codes go before decisions and decisions before the rest; the
# workers together keep to sms.rate, measured at the gateway; a 429 or 503
# with Retry-After (seconds or an HTTP date) pauses every worker until
# then, without counting the attempt; a login code that the pause outlasts
# expires unsent.  The bounds are structural (what pacing allows at most),
# not timings of this machine: a gateway taking whatever comes would break
# them many times over.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/sms/sms.inc"

DB=$(new_db)
T="$W/gw.times"
reset() {
	q "$PGUSER" "DELETE FROM pishkhan.sms_outbox; DELETE FROM pishkhan.sms_pacing" >/dev/null
	: >"$W/gw.rec"
	: >"$T"
	: >"$W/worker.log"
}
# msgs EVENT N PREFIX — N messages of EVENT straight into the outbox.
msgs() {
	q "$PGUSER" "INSERT INTO pishkhan.sms_outbox (event, to_number, body)
	    SELECT '$1', '+98912' || lpad(i::text, 7, '0'), '$3-' || i
	    FROM generate_series(1, $2) i" >/dev/null
}
# The texts the gateway accepted, in the order they arrived.
accepted() { grep '^200	' "$W/gw.rec" | sed 's/.*"text":"\([^"]*\)".*/\1/'; }
# The most requests that arrived in any window of MS milliseconds.
max_in() {
	cut -f1 "$T" | sort -n | awk -v w="$1" '
	    { t[NR] = $1; while (t[NR] - t[lo + 1] >= w) lo++; if (NR - lo > m) m = NR - lo }
	    END { print m + 0 }'
}
# The arrival of the first request answered CODE, and of the first after it.
first_ms() { awk -F '\t' -v c="$1" '$2 == c { print $1; exit }' "$T"; }
next_ms() { awk -F '\t' -v t="$1" '$1 > t || (seen && $1 == t) { print $1; exit } $1 == t { seen = 1 }' "$T"; }
cit=$(q "$PGUSER" "SELECT pishkhan.web_citizen('+989121230001', 'fa')")
code() {	# code DIGITS [EXPIRES] — a login code, as the web queues it
	q "$PGUSER" "SELECT pishkhan.sms_enqueue('login_code', $cit, NULL,
	    '{\"code\": \"$1\", \"minutes\": 5}', now() + interval '${2:-5 min}')"
}

# 1. The priority follows from the event, however the row was queued.
q "$PGUSER" "INSERT INTO pishkhan.sms_outbox (event, to_number, body) VALUES
    ('approved', '+989120000001', 'a'), ('rejected', '+989120000001', 'r'),
    ('update', '+989120000001', 'u'), ('response', '+989120000001', 'p'),
    ('test', '+989120000001', 't')" >/dev/null
code 100001 >/dev/null
is "$(q "$PGUSER" "SELECT string_agg(event || ':' || priority, ' ' ORDER BY id) FROM pishkhan.sms_outbox")" \
    "approved:1 rejected:1 update:0 response:0 test:0 login_code:2" \
    "priority: login codes 2, decisions 1, the rest 0"
out=$(q "$PGUSER" "UPDATE pishkhan.sms_outbox SET priority = 0" 2>&1)
like "$out" "generated column" "nobody sets a priority by hand: it is the event's"

# 2. With everything queued at once, the gateway gets the login code first,
# then every decision, then the rest.
gw_start -t "$T"
reset
msgs update 20 upd
msgs approved 20 dec
c=$(code 222222)
# With statistics (autovacuum's, whenever it comes) the claim's UPDATE
# meets its rows in the table's order, where the code is last: the claim
# must return them in its own order all the same (sql/030).
q "$PGUSER" "ANALYZE pishkhan.sms_outbox" >/dev/null
# one request at a time: the requests of one round arrive in any order
sms_conf "rate = 20" "burst = 5" "concurrency = 1"
worker_start "$W/worker.log"
wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'sent'" 41 60
ok $? "all 41 are sent"
workers_stop
order=$(accepted | sed 's/.*222222.*/code/; s/-.*//' | uniq | tr '\n' ' ')
is "$order" "code dec upd " "the login code first, then the 20 decisions, then the 20 updates"
like "$(ctl -c "$CONF" sms show "$c")" "^priority	2" "sms show gives the priority"
like "$(ctl -c "$CONF" sms show "$c")" "^provider	127\\.0\\.0\\.1:$GW_PORT$" \
    "and the provider: the host of sms.url when sms.provider is empty"

# 3. A login code queued while 200 decisions drain at 20 a second goes out
# in the next claim, not after them.
reset
msgs approved 200 dec
sms_conf "rate = 20" "burst = 5" "concurrency = 4"
worker_start "$W/worker.log"
wait_sql "SELECT count(*) >= 10 FROM pishkhan.sms_outbox WHERE status = 'sent'" t 30
ok $? "the decisions are draining"
code 333333 >/dev/null
wait_sql "SELECT status FROM pishkhan.sms_outbox WHERE event = 'login_code'" sent 30
ok $? "the login code queued during the drain is sent"
workers_stop
after=$(accepted | sed -n '/333333/,$p' | grep -c '^dec-')
left=$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'pending'")
ok "$([ "$((after + left))" -ge 150 ]; echo $?)" \
    "it went ahead of the decisions queued before it ($after sent after it, $left still queued, of 200)"

# A batch in flight is cut short for it too: unpaced, a worker claims 32
# rounds at once (here 64 decisions, 6 s at a slow gateway); the code's
# notification, read with the renewal before the next round, puts the rest
# back without the attempt, and the code goes first in the next claim (in
# the table's order it would come behind decisions: ANALYZE, as in 2).
gw_stop; reset; gw_start -t "$T" -l 200
sms_conf "concurrency = 2"
msgs approved 200 dec
q "$PGUSER" "ANALYZE pishkhan.sms_outbox" >/dev/null
worker_start "$W/worker.log"
wait_sql "SELECT count(*) >= 4 FROM pishkhan.sms_outbox WHERE status = 'sent'" t 30
before=$(gw_count 200)
code 555555 >/dev/null
wait_sql "SELECT status FROM pishkhan.sms_outbox WHERE event = 'login_code'" sent 30
ok $? "the login code queued during a batch is sent"
workers_stop
between=$(( $(accepted | sed -n '1,/555555/p' | grep -c '^dec-') - before ))
ok "$([ "$between" -le 12 ]; echo $?)" "it went within a few rounds of its queueing, not after the batch ($between decisions between)"
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'pending' AND attempts > 0")" 0 \
    "the decisions put back kept no attempt"

# 4. Two workers keep to one rate: 25 a second with a burst of 5 allows at
# most 30 requests in any second (the gateway would take 150 at once).
reset
msgs approved 150 dec
sms_conf "rate = 25" "burst = 5" "concurrency = 4"
worker_start "$W/worker1.log"
worker_start "$W/worker2.log"
wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'sent'" 150 60
ok $? "two paced workers send all 150"
workers_stop
is "$(q "$PGUSER" "SELECT count(DISTINCT claimed_by) FROM pishkhan.sms_outbox")" 2 "both workers sent some"
m=$(max_in 1000)
ok "$([ "$m" -le 33 ]; echo $?)" "at most rate + burst in any second at the gateway, with 3 to spare ($m)"
span=$(( $(cut -f1 "$T" | sort -n | tail -1) - $(cut -f1 "$T" | sort -n | head -1) ))
ok "$([ "$span" -ge 4600 ]; echo $?)" "150 at 25 a second after a burst of 5 take 5.8 s at least, less a margin ($span ms)"
is "$(gw_count 200)" 150 "each sent once"

# 5. Retry-After in seconds: a 429 pauses the provider; the next request
# comes no sooner, and the refused message keeps its one attempt.  (One
# request at a time, so that none is on its way with the refused one.)
gw_stop; reset; gw_start -t "$T" -f 1 -s 429 -a 2
msgs approved 5 ra
sms_conf "concurrency = 1"
worker_start "$W/worker.log"
wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'sent'" 5 30
ok $? "after a 429 with Retry-After: 2 all 5 are sent"
workers_stop
t0=$(first_ms 429); t1=$(next_ms "$t0")
ok "$([ $((t1 - t0)) -ge 1990 ]; echo $?)" "no request within the 2 s asked for ($((t1 - t0)) ms)"
is "$(q "$PGUSER" "SELECT string_agg(DISTINCT status || ' ' || attempts, ',') FROM pishkhan.sms_outbox")" "sent 1" \
    "every message sent at its first attempt: a 429 is not one"
like "$(q "$PGUSER" "SELECT pause_reason FROM pishkhan.sms_pacing")" "^HTTP 429" "the pause records why"
like "$(cat "$W/worker.log")" "provider '127\\.0\\.0\\.1:$GW_PORT' asked to wait 2000 ms" "the worker logs the pause"

# 6. Retry-After as an HTTP date, on a 503.
gw_stop; reset; gw_start -t "$T" -f 1 -s 503 -a 3 -A
msgs approved 3 date
worker_start "$W/worker.log"
wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'sent'" 3 30
ok $? "after a 503 with a Retry-After date all 3 are sent"
workers_stop
t0=$(first_ms 503); t1=$(next_ms "$t0")
ok "$([ $((t1 - t0)) -ge 1900 ]; echo $?)" "no request before the date (3 s ahead, to the second: $((t1 - t0)) ms)"
is "$(q "$PGUSER" "SELECT string_agg(DISTINCT attempts::text, ',') FROM pishkhan.sms_outbox")" 1 "no attempt counted"

# 7. Two workers: one meets the 429, both wait (one request already on its
# way may arrive within 300 ms of it).
gw_stop; reset; gw_start -t "$T" -f 1 -s 429 -a 3
msgs approved 20 two
sms_conf "rate = 10" "burst = 1" "concurrency = 1" "provider = fake account"
worker_start "$W/worker1.log"
worker_start "$W/worker2.log"
wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'sent'" 20 60
ok $? "two workers send all 20 after the pause"
workers_stop
t0=$(first_ms 429)
early=$(awk -F '\t' -v t="$t0" '$1 > t && $1 <= t + 300' "$T" | wc -l)
during=$(awk -F '\t' -v t="$t0" '$1 > t + 300 && $1 < t + 2990' "$T" | wc -l)
is "$during" 0 "no worker sends during the 3 s the gateway asked for"
ok "$([ "$early" -le 1 ]; echo $?)" "at most one request already on its way ($early)"
is "$(q "$PGUSER" "SELECT count(DISTINCT claimed_by) || ' ' || string_agg(DISTINCT provider, ',') FROM pishkhan.sms_outbox")" \
    "2 fake account" "both workers sent, for the provider named by sms.provider"

# 8. A login code that the pause outlasts expires, unsent and wiped.
gw_stop; reset; gw_start -t "$T" -f 1 -s 429 -a 4
sms_conf
c=$(code 444444 '2 s')
worker_start "$W/worker.log"
wait_sql "SELECT status FROM pishkhan.sms_outbox WHERE id = $c" expired 30
ok $? "the code refused with Retry-After: 4 expires (it had 2 s)"
sleep 4.5	# past the pause: nothing goes out
workers_stop
is "$(q "$PGUSER" "SELECT (body IS NULL) || ' ' || last_error FROM pishkhan.sms_outbox WHERE id = $c")" \
    "true HTTP 429: {\"return\":{\"status\":429,\"message\":\"fake failure\"},\"entries\":null}" \
    "wiped, with the gateway's answer"
is "$(grep -c 444444 "$T") $(gw_count 200)" "1 0" "the gateway saw it once, refused, and never again"

# 9. A user and password in sms.url are not the provider's name; the claim
# reads its index in order, however many messages wait.
reset
sms_conf "url = http://user:pw@127.0.0.1:$GW_PORT/send" "rate = 100"
msgs approved 1 userinfo
timeout 60 "$PK_BUILD/console/pishkhanctl" -c "$CONF" sms run --once 2>>"$W/worker.log"
is "$(q "$PGUSER" "SELECT string_agg(provider, ',') FROM pishkhan.sms_pacing")" "127.0.0.1:$GW_PORT" \
    "the provider of a URL with user and password is its host and port alone"
msgs approved 10000 many
q "$PGUSER" "ANALYZE pishkhan.sms_outbox" >/dev/null
plan=$(q "$PGUSER" "EXPLAIN SELECT s.id FROM pishkhan.sms_outbox s
    WHERE s.status = 'pending' AND s.next_attempt_at <= now()
    AND (s.expires_at IS NULL OR s.expires_at > now())
    ORDER BY s.priority DESC, s.next_attempt_at, s.id LIMIT 8 FOR UPDATE SKIP LOCKED")
like "$plan" "Index Scan using sms_outbox_claim" "with 10,000 waiting, a claim reads the claim index in order"
unlike "$plan" "Sort" "and sorts nothing"

done_testing
