#!/bin/sh
# tests/sms/http.sh — the http driver against the fake gateway: success,
# 500 then success, 429, a timeout, permanent refusals, ok_json, escaping
# of Persian text in JSON, form and URL, secrets kept out of the logs, and
# bad configurations refused at start.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/sms/sms.inc"

DB=$(new_db)
gw_start

# Run a worker until the outbox has nothing pending or sending, then stop it.
drain() {
	worker_start "$W/worker.log"
	wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE status IN ('pending', 'sending')" 0 ${1:-20}
	_r=$?
	workers_stop
	return $_r
}
reset() {
	q "$PGUSER" "DELETE FROM pishkhan.sms_outbox" >/dev/null
	: >"$W/gw.rec"
	: >"$W/worker.log"
}

# 1. Success: delivered once, the gateway's id kept.
sms_conf
enqueue 1 ok
drain; ok $? "one message is sent"
is "$(gw_count 200)" 1 "the gateway got it once"
is "$(q "$PGUSER" "SELECT status || ' ' || attempts || ' ' || gateway_id FROM pishkhan.sms_outbox")" \
    "sent 1 1000" "sent on the first attempt; the gateway's message id is kept"
like "$(cat "$W/gw.rec")" '"to":"\+989120000001","text":"ok-1"' "the JSON body carries the number and the text"

# 2. A 500 and then success: delivered once, on the second attempt.
gw_stop; reset; gw_start -f 1 -s 500
enqueue 1
drain; ok $? "a message after a 500 is sent"
is "$(gw_count 500) $(gw_count 200)" "1 1" "one 500, then one success"
is "$(q "$PGUSER" "SELECT status || ' ' || attempts FROM pishkhan.sms_outbox")" "sent 2" "two attempts"

# 3. 429 twice is transient too.
gw_stop; reset; gw_start -f 2 -s 429
enqueue 1
drain; ok $? "a message after two 429s is sent"
is "$(gw_count 429) $(gw_count 200)" "2 1" "two 429s, then one success"

# 4. A 400 is permanent: failed at once, the error kept.
gw_stop; reset; gw_start -f 1 -s 400
enqueue 1
drain; ok $? "a refused message is settled"
is "$(q "$PGUSER" "SELECT status || ' ' || attempts FROM pishkhan.sms_outbox")" "failed 1" \
    "a 400 is not retried"
like "$(q "$PGUSER" "SELECT last_error FROM pishkhan.sms_outbox")" '^HTTP 400: .*fake failure' \
    "the last error is kept"
id=$(q "$PGUSER" "SELECT id FROM pishkhan.sms_outbox")
like "$(ctl -c "$CONF" sms list --status=failed)" "^$id	failed	test" "sms list --status=failed shows it"
ctl -c "$CONF" sms retry "$id" >/dev/null; ok $? "sms retry puts it back"
drain; ok $? "the retried message is sent"
is "$(q "$PGUSER" "SELECT status FROM pishkhan.sms_outbox")" "sent" "sent after the retry"
err=$(ctl -c "$CONF" sms retry "$id" 2>&1); is "$?" 1 "a sent message is not retried"
like "$err" "is sent; only failed messages" "and says why"

# 5. Always 500: failed after max_attempts, with the last error.
gw_stop; reset; gw_start -f 1000 -s 503
sms_conf "max_attempts = 3"
enqueue 1
drain; ok $? "a message the gateway keeps refusing is settled"
is "$(q "$PGUSER" "SELECT status || ' ' || attempts FROM pishkhan.sms_outbox")" "failed 3" \
    "failed after max_attempts"
is "$(gw_count 503)" 3 "three requests"
like "$(q "$PGUSER" "SELECT last_error FROM pishkhan.sms_outbox")" '^HTTP 503' "the last error is kept"

# 6. A timeout: the first request is held past sms.timeout, the retry succeeds.
gw_stop; reset; gw_start -d 3000 -D 1
sms_conf "timeout = 1"
enqueue 1
drain; ok $? "a message after a timeout is sent"
is "$(q "$PGUSER" "SELECT status || ' ' || attempts FROM pishkhan.sms_outbox")" "sent 2" \
    "sent on the second attempt"
is "$(gw_count 200)" 1 "one answered request"
like "$(cat "$W/worker.log")" 'Timeout' "the timeout is logged"

# 7. ok_json: HTTP 200 with a refusal in the JSON is a failure.
gw_stop; reset; gw_start -r '{"return":{"status":418,"message":"credit"}}'
sms_conf "ok_json = return.status=200"
enqueue 1
drain; ok $? "settled"
like "$(q "$PGUSER" "SELECT status || ' ' || last_error FROM pishkhan.sms_outbox")" \
    '^failed HTTP 200 but return.status is not 200' "ok_json decides"
gw_stop; reset; gw_start
enqueue 1
drain
is "$(q "$PGUSER" "SELECT status FROM pishkhan.sms_outbox")" "sent" "ok_json passes on a good response"
sms_conf "ok_regex = \"status\":200" "ok_json = return.message=تایید شد"
enqueue 1
drain
is "$(q "$PGUSER" "SELECT status FROM pishkhan.sms_outbox WHERE status <> 'sent'")" "" \
    "ok_regex and a Persian ok_json value (decoded from \\u escapes) pass"

# 7b. A reply whose JSON holds \u0000 or a lone surrogate is unreadable: a
# status "200\u0000…" is not 200, and such an id is no id.
sms_conf "ok_json = return.status=200"
for status in '200\u0000 refused' '200\ud800'; do
	gw_stop; reset; gw_start -r "{\"return\":{\"status\":\"$status\"}}"
	enqueue 1
	drain
	like "$(q "$PGUSER" "SELECT status || ' ' || last_error FROM pishkhan.sms_outbox")" \
	    '^failed HTTP 200 but return.status is not 200' "a status \"$status\" is unreadable, not 200"
done
gw_stop; reset; gw_start -r '{"entries":[{"messageid":"id\udc00"}]}'
sms_conf
enqueue 1
drain
is "$(q "$PGUSER" "SELECT status || ' ' || coalesce(gateway_id, '(none)') FROM pishkhan.sms_outbox")" \
    "sent (none)" "an id with a lone surrogate is not kept"
gw_stop; reset; gw_start

# 8. Escaping: Persian text with quotes, ampersands, newlines, ZWNJ.
text='سلام "دنیا" & می‌خواهم a+b=c
خط دوم ۱۲۳ \ end'
reset
q "$PGUSER" "INSERT INTO pishkhan.sms_outbox (event, to_number, body)
    VALUES ('test', '+989121234567', \$t\$$text\$t\$)" >/dev/null
sms_conf 'body = {"receptor":"${to}","message":"${text}"}' "sender = 3000"
drain
json='{"receptor":"+989121234567","message":"سلام \"دنیا\" & می‌خواهم a+b=c\nخط دوم ۱۲۳ \\ end"}'
exp=$(printf '%s' "$json" | sed 's/\\/\\\\/g')
is "$(cut -f4 "$W/gw.rec")" "$exp" "JSON body: quotes, backslash and newline escaped, Persian as UTF-8"

urlenc() {	# urlenc STRING [form] — percent-encoding as the driver does it
	printf '%s' "$1" | perl -e 'local $/; $_ = <STDIN>;
	    s/([^A-Za-z0-9\-._~ ])/sprintf("%%%02X", ord $1)/ge;
	    if ($ARGV[0]) { s/ /+/g } else { s/ /%20/g } print' "${2:-}"
}
reset
q "$PGUSER" "INSERT INTO pishkhan.sms_outbox (event, to_number, body)
    VALUES ('test', '+989121234567', \$t\$$text\$t\$)" >/dev/null
sms_conf 'body = To=${to}&From=${sender}&Body=${text}' \
    'content_type = application/x-www-form-urlencoded' "sender = 3000" "recipient_format = local"
worker_start "$W/worker.log"
wait_sql "SELECT status FROM pishkhan.sms_outbox" sent 20; ok $? "form body sent"
workers_stop
is "$(cut -f4 "$W/gw.rec")" "To=09121234567&From=3000&Body=$(urlenc "$text" form)" \
    "form body: application/x-www-form-urlencoded, the local number format"

# GET with everything in the URL (Kavenegar's style); the secret from the
# environment never reaches the log.
reset
SMS_TEST_KEY='k3y-S3cret/+=' ; export SMS_TEST_KEY
sms_conf "url = http://127.0.0.1:$GW_PORT/v1/\${secret}/sms/send.json?receptor=\${to}&message=\${text}" \
    "method = GET" "body = " "secret_env = SMS_TEST_KEY" "recipient_format = digits" \
    "max_attempts = 1"
gw_stop; gw_start -f 1 -s 401
q "$PGUSER" "INSERT INTO pishkhan.sms_outbox (event, to_number, body)
    VALUES ('test', '+989121234567', \$t\$$text\$t\$)" >/dev/null
drain
is "$(cut -f1,2 "$W/gw.rec")" "401	GET" "GET request"
like "$(cut -f3 "$W/gw.rec")" "^/v1/k3y-S3cret/\\+=/sms/send.json\\?receptor=989121234567&message=سلام \"دنیا\" & می‌خواهم a\\+b=c\\\\nخط دوم" \
    "URL placeholders percent-encoded (the gateway decodes them back)"
unlike "$(cat "$W/worker.log") $(q "$PGUSER" "SELECT last_error FROM pishkhan.sms_outbox")" 'k3y-S3cret' \
    "the secret is in neither the log nor the outbox"
like "$(cat "$W/worker.log")" 'GET http://127.0.0.1:[0-9]+/v1/\$\{secret\}/sms' \
    "the log shows the URL's template, not its secret"

# 9. Bad configurations: a clear error at start, exit 1, nothing sent.
bad() {	# bad PATTERN DESCRIPTION LINES...
	_pat=$1 _desc=$2; shift 2
	sms_conf "$@"
	_out=$(ctl -c "$CONF" sms run 2>&1); _rc=$?
	is "$_rc" 1 "refused at start: $_desc"
	like "$_out" "$_pat" "  and says so: $_desc"
}
bad 'sms.url: unknown or unclosed placeholder at .\$\{phone\}' "unknown placeholder" \
    'url = http://127.0.0.1:1/${phone}'
bad 'sms.body: unknown or unclosed placeholder' "unclosed placeholder" 'body = {"t":"${text"}'
bad "sms.secret_env: the environment variable 'NO_SUCH_VAR_X' is not set" "missing secret" \
    'secret_env = NO_SUCH_VAR_X'
bad 'is used but neither secret_env nor secret_file' "a secret placeholder without a secret" \
    'url = http://127.0.0.1:1/${secret}'
bad "sms.ok_http: '2xx' is not a list" "bad ok_http" 'ok_http = 2xx'
bad 'sms.ok_regex: ' "bad regex" 'ok_regex = ([a'
bad 'sms.url: the http driver needs an http' "no URL" 'url = ftp://example.org/'
bad "sms.recipient_format: not one of the allowed choices" "bad recipient format" \
    'recipient_format = intl'
bad "sms.secret_file: cannot read '/nonexistent/key'" "unreadable secret file" \
    'secret_file = /nonexistent/key'
bad "sms.file: cannot write to '/nonexistent/dir/sms.txt'" "unwritable file" \
    'driver = file' 'file = /nonexistent/dir/sms.txt'

done_testing
