#!/bin/sh
# tests/sms/receipts.sh — delivery receipts: the worker asks the fake
# gateway's status API (Kavenegar's status.json, as fakegw -S plays it)
# about each message it sent with the provider's id, and records the final
# state: delivered, undelivered, or unknown once the window has passed.
# Pending answers, an unreachable gateway, a 503 and malformed replies keep
# it asking; a message without an id is never asked about; two workers ask
# about each message once; `sms show` and `sms list --delivery` show it.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/sms/sms.inc"

DB=$(new_db)
reset() {
	q "$PGUSER" "DELETE FROM pishkhan.sms_outbox" >/dev/null
	: >"$W/gw.rec"
	: >"$W/worker.log"
}
# rconf [LINES] — the worker's configuration with receipts from the fake
# gateway's status API, asked every second; extra lines override.
rconf() {
	sms_conf "status_url = http://127.0.0.1:$GW_PORT/status?messageid=\${gateway_id}" \
	    "status_json = entries.0.status" "status_delivered = 10" \
	    "status_failed = 6,11,13,14" "status_interval = 1" "$@"
}
# The status requests the gateway answered, and the messages it was sent.
asked() { grep -c '	/status' "$W/gw.rec"; }
sends() { grep -c '	/send' "$W/gw.rec"; }
dlv() {	# delivery states, in id order
	q "$PGUSER" "SELECT string_agg(coalesce(delivery::text, '-'), ',' ORDER BY id)
	    FROM pishkhan.sms_outbox"
}
final="SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'sent' AND delivery IS DISTINCT FROM 'waiting'"

# 1. Delivered: each message asked about once, recorded with its time and
# the provider (by default the host of sms.url).
gw_start -S delivered
rconf
enqueue 2 d
worker_start
wait_sql "$final" 2 30; ok $? "two messages sent and their receipts in"
# Without the first receipts every later case would only wait for its timeout.
[ "$(q "$PGUSER" "$final")" = 2 ] ||
    bail_log "$W/worker.log" "no receipts came in: $(dlv)"
workers_stop
is "$(dlv)" "delivered,delivered" "both delivered"
is "$(sends) $(asked)" "2 2" "two sent, each asked about once"
like "$(cat "$W/gw.rec")" '/status\?messageid=1000	' "asked by the provider's id (id_json)"
is "$(q "$PGUSER" "SELECT DISTINCT provider || ' ' || receipt_checks || ' ' || (delivery_at >= sent_at)
    FROM pishkhan.sms_outbox")" "127.0.0.1:$GW_PORT 1 true" \
    "the provider is the URL's host and port; one check; delivered after it was sent"
id=$(q "$PGUSER" "SELECT min(id) FROM pishkhan.sms_outbox")
out=$(ctl -c "$CONF" sms show "$id")
like "$out" "delivery	delivered" "sms show prints the delivery state"
like "$out" "delivery_at	[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}
" "and its time, as the other times"
like "$out" "delivery_note	entries.0.status = 10" "and the provider's word"
like "$out" "provider	127.0.0.1:$GW_PORT" "and the provider"
like "$(cat "$W/worker.log")" "provider 127.0.0.1:$GW_PORT, with delivery receipts" \
    "the worker says at start whom it asks"

# 2. Failed: status 11 is final, undelivered.
gw_stop; reset; gw_start -S failed
rconf "provider = kavenegar-main"
enqueue 1 f
worker_start
wait_sql "$final" 1 30; ok $? "an undelivered message is settled"
workers_stop
is "$(dlv)" "undelivered" "status 11 is undelivered"
is "$(q "$PGUSER" "SELECT provider FROM pishkhan.sms_outbox")" "kavenegar-main" \
    "sms.provider names the provider"
like "$(ctl -c "$CONF" sms list --delivery=undelivered)" "	sent	test	" \
    "sms list --delivery=undelivered lists it"
is "$(ctl -c "$CONF" sms list --delivery=delivered)" "" "and --delivery=delivered does not"
out=$(ctl -c "$CONF" sms list --delivery=lost 2>&1); is $? 2 "an unknown state is a usage error"
like "$out" "delivery 'lost' is not one of waiting, delivered, undelivered, unknown" "and says so"

# 3. Pending twice, then delivered: asked until final, an interval apart.
gw_stop; reset; gw_start -S pending,pending,delivered
rconf
enqueue 1 p
worker_start
wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE receipt_checks >= 1 AND delivery = 'waiting'" 1 30
ok $? "a pending answer leaves it waiting"
is "$(q "$PGUSER" "SELECT delivery_note FROM pishkhan.sms_outbox")" "entries.0.status = 4" \
    "with the provider's word kept"
wait_sql "$final" 1 30; ok $? "then its receipt comes in"
workers_stop
is "$(dlv) $(q "$PGUSER" "SELECT receipt_checks FROM pishkhan.sms_outbox") $(asked)" \
    "delivered 3 3" "delivered on the third question"
gaps=$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox
    WHERE delivery_at - sent_at >= interval '1.9 s'")
is "$gaps" 1 "the questions were an interval (1 s) apart"

# 4. The gateway goes away while the worker waits for a receipt, and comes
# back: the worker keeps asking, and records the answer once it can.
gw_stop; reset; gw_start -S delivered
rconf "status_interval = 2"
enqueue 1 g
worker_start
wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'sent'" 1 30
gw_stop
wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE receipt_checks >= 2" 1 30
ok $? "it is asked about again while the gateway is down"
is "$(dlv)" "waiting" "still waiting"
like "$(q "$PGUSER" "SELECT delivery_note FROM pishkhan.sms_outbox")" "Couldn't connect|Connection refused" \
    "the note says why there is no answer"
like "$(cat "$W/worker.log")" "no delivery receipt yet: .*(Couldn't connect|Connection refused)" \
    "and so does the log"
gw_start -S delivered
wait_sql "$final" 1 30; ok $? "once the gateway is back the receipt comes in"
workers_stop; rc=$?
is "$(dlv)" "delivered" "delivered"
is "$rc" 0 "the worker stopped cleanly"

# 5. Malformed JSON, a 503, a reply without the entry: never a crash, the
# worker keeps asking, and a good answer later counts.
gw_stop; reset; gw_start -S malformed,503,empty,delivered
rconf
enqueue 1 m
worker_start
wait_sql "$final" 1 40; ok $? "after unreadable replies the receipt comes in"
workers_stop; rc=$?
is "$rc" 0 "the worker never crashed"
is "$(dlv) $(q "$PGUSER" "SELECT receipt_checks FROM pishkhan.sms_outbox")" "delivered 4" \
    "delivered on the fourth question"
log=$(cat "$W/worker.log")
like "$log" "no delivery receipt yet: HTTP 200 but no entries.0.status in the reply: .*\"status\":" \
    "a cut-off reply is logged, with its start"
like "$log" "no delivery receipt yet: HTTP 503: " "so is a 503"

# 6. No provider id: never asked about.  The first message is sent where
# id_json finds nothing; then one with an id is sent and its receipt comes
# in: by then the first would have been asked about too.
gw_stop; reset; gw_start -S delivered
rconf "id_json = entries.0.nosuchfield"
enqueue 1 noid
worker_start
wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'sent'" 1 30
workers_stop
rconf
enqueue 1 withid
worker_start
wait_sql "$final" 2 30; ok $? "both settled"
workers_stop
is "$(dlv)" "-,delivered" "the message without an id has no delivery state; the other is delivered"
is "$(asked)" 1 "only the one with an id was asked about"
is "$(q "$PGUSER" "SELECT receipt_checks FROM pishkhan.sms_outbox WHERE gateway_id IS NULL")" 0 \
    "never checked"

# 6b. A worker asks only about its own provider's messages: another
# account's id means nothing to it.
gw_stop; reset; gw_start -S delivered
q "$PGUSER" "INSERT INTO pishkhan.sms_outbox (event, to_number, body, status, sent_at,
    gateway_id, provider, delivery, receipt_asked_at) VALUES ('test', '+989121110001',
    'other', 'sent', now() - interval '1 min', '5000', 'other-account', 'waiting',
    now() - interval '1 min')" >/dev/null
rconf
enqueue 1 own
worker_start
wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE delivery = 'delivered'" 1 30
ok $? "its own message's receipt comes in"
workers_stop
is "$(dlv)" "waiting,delivered" "the other provider's message is left waiting"
is "$(asked)" 1 "and was never asked about"

# 7. No final answer within sms.status_window: unknown, and no more questions.
gw_stop; reset; gw_start -S pending
rconf "status_window = 3"
enqueue 1 w
worker_start
wait_sql "$final" 1 30; ok $? "the window ends"
n=$(asked)
is "$(dlv)" "unknown" "the delivery is unknown"
like "$(q "$PGUSER" "SELECT delivery_note FROM pishkhan.sms_outbox")" \
    "entries.0.status = 4; no final answer within the window" "and the note says why"
ok "$([ "$n" -ge 2 ]; echo $?)" "it was asked about until then ($n times)"
id=$(q "$PGUSER" "SELECT id FROM pishkhan.sms_outbox")
is "$(q pishkhan_sms "SELECT pishkhan.sms_receipt_mark(ARRAY[$id], '{delivered}', '{late}')")" 0 \
    "an answer that comes after the window changes nothing"
is "$(dlv)" "unknown" "a final state stays as it is"
first=$(grep -c 'messageid=1000	' "$W/gw.rec")
enqueue 1 w2
wait_sql "$final" 2 30; ok $? "a later message is given up in its turn"
workers_stop
is "$(grep -c 'messageid=1000	' "$W/gw.rec")" "$first" "the first was not asked about again once given up"
ok "$([ "$(grep -c 'messageid=1001	' "$W/gw.rec")" -ge 2 ]; echo $?)" "while the later one was"

# 8. Two workers: each message is asked about once (SKIP LOCKED).
gw_stop; reset; gw_start -S delivered
rconf "concurrency = 2"
enqueue 30 two
worker_start "$W/worker.log"
worker_start "$W/worker2.log"
wait_sql "$final" 30 60; ok $? "thirty receipts in, with two workers"
workers_stop
is "$(dlv | tr ',' '\n' | sort | uniq -c | tr -s ' ' | sed 's/^ //')" "30 delivered" "all delivered"
is "$(asked) $(grep '	/status' "$W/gw.rec" | cut -f3 | sort | uniq -d | wc -l | tr -d ' ')" "30 0" \
    "thirty questions, none twice"
is "$(q "$PGUSER" "SELECT provider || ' ' || status || ' ' || delivery || ' ' || n
    FROM pishkhan.sms_delivery_counts()")" "127.0.0.1:$GW_PORT sent delivered 30" \
    "sms_delivery_counts() counts them by provider, for the metrics"
is "$(q "$PGUSER" "SELECT labels || ' ' || value FROM pishkhan.metrics_gauges()
    WHERE metric = 'pishkhan_sms_deliveries'")" "provider=\"127.0.0.1:$GW_PORT\",state=\"delivered\" 30" \
    "the metrics count them by provider and state"

# 9. The file driver asks nothing; a retried message starts afresh.
reset
sms_conf "driver = file" "file = $W/sms.txt"
enqueue 1 file
worker_start
wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'sent'" 1 30
workers_stop
is "$(q "$PGUSER" "SELECT provider || ' ' || coalesce(delivery::text, '-') FROM pishkhan.sms_outbox")" \
    "file -" "the file driver: provider file, no delivery state"

# 10. A letter's messages, for the console: whoever may see the letter sees
# what became of them (no text, no number); no one else.
reset
conf=$CONF; setup_org >/dev/null; CONF=$conf
L=$(mk_letter +989121234567 156301 'نامهٔ پیامک')
q daemon "SELECT 1 FROM pishkhan.letter_approve($L)" >/dev/null
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET status = 'sent', sent_at = now(), gateway_id = '7',
    delivery = 'delivered', delivery_at = now() WHERE letter_id = $L" >/dev/null
row="SELECT event || ' ' || status || ' ' || delivery FROM pishkhan.letter_sms($L)"
is "$(q daemon "$row")" "approved sent delivered" "a clerk sees the letter's message and its delivery"
is "$(q bin "$row")" "approved sent delivered" "so does a member of the letter's unit"
is "$(q sys "$row")" "" "a member of another unit sees nothing"
is "$(q games "$row")" "approved sent delivered" "an admin sees it"
is "$(qerr pishkhan_web "$row")" 42501 "the web may not ask"
is "$(qerr pishkhan_sms "$row")" 42501 "nor the worker"
is "$(q bin "SELECT count(*) FROM pishkhan.sms_outbox" 2>/dev/null)" "" "a unit member still cannot read the outbox"

# 11. Configurations that cannot work are refused at start and by config check.
bad() {	# bad PATTERN DESCRIPTION LINES...
	_pat=$1 _desc=$2; shift 2
	rconf "$@"
	_out=$(ctl -c "$CONF" sms run --once 2>&1); _rc=$?	# --once: a start that is not refused ends
	is "$_rc" 1 "refused at start: $_desc"
	like "$_out" "$_pat" "  and says so: $_desc"
	like "$(ctl config check "$CONF" 2>&1)" "$_pat" "  config check refuses it too"
}
bad "sms.status_url: needs sms.status_json and sms.status_delivered" "no status_json" \
    "status_json = "
bad "sms.status_url: unknown or unclosed placeholder at '\\\$\\{to\\}'" "a placeholder of the send" \
    "status_url = http://127.0.0.1:1/status?to=\${to}"
bad "sms.status_url: needs sms.id_json" "no id_json" "id_json = "
bad "sms.status_url: an http:// or https:// URL" "not a URL" "status_url = ftp://x/"

done_testing
