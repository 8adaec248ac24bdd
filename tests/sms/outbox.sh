#!/bin/sh
# tests/sms/outbox.sh — the outbox and the file driver: messages exist only
# when their transaction commits, in the citizen's language and the seed's
# words; login codes are wiped once sent and never sent once expired;
# per-event switches; templates; the administrator's commands.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/sms/sms.inc"

DB=$(new_db)
setup_org >/dev/null
SMS="$W/sms.txt"
sms_conf "driver = file" "file = $SMS"
count() { q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox $*"; }
drain() {
	worker_start "$W/worker.log"
	wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE status IN ('pending', 'sending')" 0 20
	_r=$?
	workers_stop
	return $_r
}

# A rolled back approval sends nothing; a committed one sends the seed's text.
L=$(mk_letter +989121111111 156301 'درخواست گواهی')
q daemon "BEGIN; SELECT letter_approve($L); ROLLBACK;" >/dev/null
is "$(count)" 0 "a rolled back approval leaves no message"
q daemon "BEGIN; SELECT letter_reject($L, 'خوانا نبودن نامه'); ROLLBACK;" >/dev/null
is "$(count)" 0 "a rolled back rejection leaves no message"
row=$(q daemon "SELECT letter_no || '|' || tracking_no || '|' || jalali(letter_date) FROM letter_approve($L)")
no=${row%%|*}; rest=${row#*|}; tr=${rest%%|*}; dt=${rest#*|}
is "$(count)" 1 "a committed approval leaves one message"
is "$(q "$PGUSER" "SELECT body FROM pishkhan.sms_outbox")" \
    "درخواست شما با شماره نامه $no و شماره پیگیری $tr و تاریخ نامه $dt ثبت شده است." \
    "in the seed's words, with letter number, tracking number and Jalali date"
drain; ok $? "the worker sends it"
like "$(cat "$SMS")" "^--- [0-9T:-]+Z  to \\+989121111111  approved  #[0-9]+\$" "the file driver writes a header line"
like "$(cat "$SMS")" "شماره پیگیری $tr" "and the text"

# Rejection, in English for an English-speaking citizen.
L2=$(mk_letter +989122222222 156101 'Request')
q "$PGUSER" "UPDATE pishkhan.citizens SET lang = 'en' WHERE mobile = '+989122222222'" >/dev/null
q daemon "SELECT letter_reject($L2, 'the letter is not legible')" >/dev/null
like "$(q "$PGUSER" "SELECT body FROM pishkhan.sms_outbox WHERE letter_id = $L2")" \
    '^Your request is not approved because the letter is not legible\. Rejected on 1[0-9]{3}/[0-9]{2}/[0-9]{2} \([0-9-]+\)\.$' \
    "a rejection goes out in the citizen's language with the reason and the date"
L3=$(mk_letter +989121111111 156101 'دیگر')
q daemon "SELECT letter_reject($L3, 'خوانا نبودن نامه')" >/dev/null
like "$(q "$PGUSER" "SELECT body FROM pishkhan.sms_outbox WHERE letter_id = $L3")" \
    '^درخواست شما به دلیل خوانا نبودن نامه مورد تایید نمی باشد\. در تاریخ 1[0-9]{3}/[0-9]{2}/[0-9]{2} رد شد\.$' \
    "a Persian rejection in the seed's words"

# Status updates: sent when staff ask, unless switched off for the event.
q bin "SELECT letter_post_update($L, 'در حال بررسی', true)" >/dev/null
is "$(count "WHERE event = 'update'")" 1 "an update marked notify queues a message"
q "$PGUSER" "UPDATE pishkhan.settings SET value = 'no' WHERE key = 'sms_update'" >/dev/null
q bin "SELECT letter_post_update($L, 'هنوز در حال بررسی', true)" >/dev/null
is "$(count "WHERE event = 'update'")" 1 "with sms_update = no, updates send nothing"
is "$(qerr "$PGUSER" "UPDATE pishkhan.settings SET value = 'maybe' WHERE key = 'sms_update'")" 23514 \
    "sms_update takes yes or no only"
drain

# Login codes: an expired one is never sent, a sent one loses its text.
C=$(q pishkhan_web "SELECT web_citizen('+989123333333')")
q "$PGUSER" "SELECT pishkhan.sms_enqueue('login_code', $C, NULL,
    '{\"code\": \"481516\", \"minutes\": 5}', now() - interval '1 second')" >/dev/null
q "$PGUSER" "SELECT pishkhan.sms_enqueue('login_code', $C, NULL,
    '{\"code\": \"234200\", \"minutes\": 5}', now() + interval '5 minutes')" >/dev/null
drain
unlike "$(cat "$SMS")" 481516 "an expired login code is not sent"
like "$(cat "$SMS")" "کد تایید پیشخوان: 234200" "a live login code is sent"
is "$(q "$PGUSER" "SELECT string_agg(status || ':' || coalesce(body, 'NULL'), ' ' ORDER BY id)
    FROM pishkhan.sms_outbox WHERE event = 'login_code'")" "expired:NULL sent:NULL" \
    "both login codes' texts are wiped (expired, sent)"
q "$PGUSER" "INSERT INTO pishkhan.sms_outbox (event, to_number, body, expires_at)
    VALUES ('test', '+989123333333', 'too late', now() - interval '1 second')" >/dev/null
drain
is "$(q "$PGUSER" "SELECT status || ':' || body FROM pishkhan.sms_outbox WHERE body = 'too late'")" \
    "expired:too late" "any expired message is not sent; only login codes lose their text"
# Expiring while the gateway refuses: never sent later.
C4=$(q pishkhan_web "SELECT web_citizen('+989124444444')")
gw_start -f 1000 -s 503
sms_conf "max_attempts = 100" "backoff_min_ms = 300"
q "$PGUSER" "SELECT pishkhan.sms_enqueue('login_code', $C4, NULL,
    '{\"code\": \"999111\", \"minutes\": 1}', now() + interval '1 second')" >/dev/null
drain
is "$(q "$PGUSER" "SELECT status || ':' || coalesce(body, 'NULL') FROM pishkhan.sms_outbox
    WHERE to_number = '+989124444444'")" "expired:NULL" \
    "a login code that expires while the gateway is failing is marked expired and wiped"
gw_stop
sms_conf "driver = file" "file = $SMS"

# Templates.
like "$(ctl -c "$CONF" templates list)" '^approved	fa	درخواست شما با شماره نامه \{letter_no\}' \
    "templates list shows the defaults"
out=$(ctl -c "$CONF" templates set approved fa 'نامه {letter_no} با کد {foo} ثبت شد' 2>&1); rc=$?
is "$rc" 1 "a template with an unknown placeholder is refused"
like "$out" '^pishkhanctl: unknown placeholder \{foo\} in the approved template; allowed: \{letter_no\}' \
    "  on one line, naming it and the allowed ones"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 1 "  one line"
ctl -c "$CONF" templates set approved fa 'نامه {letter_no} ثبت شد؛ پیگیری: {tracking_no}'
ok $? "a good template is saved"
is "$(ctl -c "$CONF" templates show approved fa)" 'نامه {letter_no} ثبت شد؛ پیگیری: {tracking_no}' \
    "templates show prints it"
L5=$(mk_letter +989121111111 156301 'سوم')
tr5=$(q daemon "SELECT tracking_no FROM letter_approve($L5)")
like "$(q "$PGUSER" "SELECT body FROM pishkhan.sms_outbox WHERE letter_id = $L5")" "پیگیری: $tr5\$" \
    "the next approval uses the new template"
printf 'Code {code}\nfor {minutes} min\n' | ctl -c "$CONF" templates set login_code en -
ok $? "templates set reads - from standard input"
is "$(ctl -c "$CONF" templates show login_code en)" "Code {code}
for {minutes} min" "  keeping its newline"
out=$(ctl -c "$CONF" templates set approved de 'x' 2>&1); is "$?" 2 "an unknown language is a usage error"
like "$out" "language 'de' is not fa or en" "  and says so"
out=$(ctl -c "$CONF" templates set stamped fa 'x' 2>&1); is "$?" 2 "an unknown event is a usage error"
out=$(ctl -c "$CONF" templates set approved fa '   ' 2>&1); is "$?" 1 "an empty template is refused"
like "$out" "1 to 1000 characters" "  and says so"

# The administrator's commands.
id=$(ctl -c "$CONF" sms test '۰۹۱۲ ۵۵۵ ۶۶۶۶' 'آزمایش & "test"'); ok $? "sms test queues a message"
like "$id" '^[0-9]+$' "  and prints its id"
is "$(q "$PGUSER" "SELECT to_number || ' ' || event || ' ' || body FROM pishkhan.sms_outbox WHERE id = $id")" \
    '+989125556666 test آزمایش & "test"' "  to the normalized number, with the text"
out=$(ctl -c "$CONF" sms test 12345 2>&1); is "$?" 2 "sms test refuses a bad number"
like "$out" "'12345' is not a mobile number" "  and says so"
drain
like "$(ctl -c "$CONF" sms show "$id")" "status	sent" "sms show: the status"
like "$(ctl -c "$CONF" sms show "$id")" "gateway_id	file:$id" "sms show: the gateway id"
show=$(ctl -c "$CONF" sms show "$id")
like "$show" "^created_at	[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$" "sms show: times as sms list writes them"
like "$show" "^sent_at	[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$" "sent_at too (no fractions, no offset)"
out=$(ctl -c "$CONF" sms show 999999 2>&1); is "$?" 1 "sms show of a missing id fails"
like "$out" "message '999999' not found" "  and says so"
out=$(ctl -c "$CONF" sms list --status=lost 2>&1); is "$?" 2 "sms list --status checks the status"
like "$(ctl -c "$CONF" sms stats)" "^sent	[0-9]+	" "sms stats counts per status"
like "$(ctl -c "$CONF" sms list --limit 1)" "^$id	sent	test	\\+989125556666	1	" "sms list shows the latest"

# NOTIFY wakes the worker at once; polling finds what no notification announced.
sms_conf "driver = file" "file = $SMS" "poll_interval = 1h"
worker_start "$W/worker.log"; sleep 1
id=$(ctl -c "$CONF" sms test +989125556666 'notify')
wait_sql "SELECT status FROM pishkhan.sms_outbox WHERE id = $id" sent 3
ok $? "a new message wakes a waiting worker (poll_interval = 1h)"
workers_stop
q "$PGUSER" "ALTER TABLE pishkhan.sms_outbox DISABLE TRIGGER sms_outbox_notify" >/dev/null
sms_conf "driver = file" "file = $SMS" "poll_interval = 1"
worker_start "$W/worker.log"; sleep 1
id=$(ctl -c "$CONF" sms test +989125556666 'poll')
wait_sql "SELECT status FROM pishkhan.sms_outbox WHERE id = $id" sent 5
ok $? "without a notification, polling finds the message"
workers_stop
q "$PGUSER" "ALTER TABLE pishkhan.sms_outbox ENABLE TRIGGER sms_outbox_notify" >/dev/null

# A database that refuses the worker: logged, retried with a backoff (no
# busy loop), and SIGTERM still stops it.
q "$PGUSER" "REVOKE EXECUTE ON FUNCTION pishkhan.sms_claim(text, integer, text, integer, integer) FROM pishkhan_sms" >/dev/null
: >"$W/refused.log"
worker_start "$W/refused.log"; sleep 2
workers_stop; is "$?" 0 "a refused worker stops on SIGTERM"
like "$(cat "$W/refused.log")" "database: permission denied for function sms_claim; trying again" \
    "  after saying why it cannot work"
ok "$([ "$(grep -c 'trying again' "$W/refused.log")" -le 3 ]; echo $?)" "  and backing off, not spinning"
q "$PGUSER" "GRANT EXECUTE ON FUNCTION pishkhan.sms_claim(text, integer, text, integer, integer) TO pishkhan_sms" >/dev/null

# --once: send what is due, then exit.
id=$(ctl -c "$CONF" sms test +989125556666 'once')
timeout 60 "$PK_BUILD/console/pishkhanctl" -c "$CONF" sms run --once 2>>"$W/worker.log"
is "$?" 0 "sms run --once exits when nothing is due"
is "$(q "$PGUSER" "SELECT status FROM pishkhan.sms_outbox WHERE id = $id")" sent "  after sending what was"

# SIGTERM: the worker stops cleanly.
worker_start "$W/worker.log"; sleep 1
workers_stop; is "$?" 0 "the worker exits 0 on SIGTERM"
like "$(tail -1 "$W/worker.log")" "stopped; [0-9]+ sent" "  and says what it did"

done_testing
