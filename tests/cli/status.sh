#!/bin/sh
# pishkhanctl status (issue 12, item 14): the health at a glance, one check
# a line, ok, WARN or FAIL by the thresholds of pishkhan(7)'s alert rules;
# exit 1 when a check fails, 3 when the database cannot be reached; in
# Persian unless English is asked for.
. "$(dirname "$0")/../lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"
DB=$(new_db)
setup_org
start_web
WPORT=${URL##*:}

# conf [EXTRA-INI] — a configuration for status in $SC
SC="$PK_TMP/status.$$.conf"
conf() {
	printf '[database]\nconninfo = dbname=%s\nsql_dir = %s/sql\n[web]\nport = %s\n%s\n' \
	    "$DB" "$PK_SRCDIR" "$WPORT" "${1:-}" >"$SC"
}
# st [EXTRA-INI] — status in English as the admin games: $out, $rc
st() {
	conf "${1:-}
[console]
lang = en"
	out=$(PGUSER=${AS:-games} ctl -c "$SC" status 2>&1); rc=$?
}
check() {	# check NAME — the line of check NAME
	printf '%s\n' "$out" | grep -E "^(ok|WARN|FAIL) +$1  "
}
level() { check "$1" | cut -d' ' -f1; }

worker_on() {	# a session as the SMS worker's would be
	PGAPPNAME=pishkhan-sms psql -X -q -U "$PGUSER" -d "$DB" -c 'SELECT pg_sleep(120)' \
	    >/dev/null 2>&1 &
	SLEEPER=$!
	_i=0
	while [ "$(q "$PGUSER" "SELECT count(*) FROM pg_stat_activity
	    WHERE application_name = 'pishkhan-sms' AND datname = '$DB'")" != 1 ] &&
	    [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
}
worker_off() {
	q "$PGUSER" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
	    WHERE application_name = 'pishkhan-sms' AND datname = '$DB'" >/dev/null
	wait "$SLEEPER" 2>/dev/null
	SLEEPER=
}
trap 'stop_web; [ -n "${SLEEPER:-}" ] && kill "$SLEEPER" 2>/dev/null' EXIT

out=$(ctl status --help); ok $? 'status --help succeeds'
like "$out" '^usage: pishkhanctl status$' '  with its usage'
out=$(ctl status extra 2>&1); is $? 2 'an operand: exit 2'

# --- all well
worker_on
st
is "$rc" 0 'all well: exit 0'
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 7 'seven checks'
is "$(printf '%s\n' "$out" | cut -d' ' -f1 | sort -u)" ok '  every one ok'
like "$(check database)" 'reachable; all [0-9]+ migrations applied' 'the database: reachable, migrations applied'
like "$(check web)" "http://127.0.0.1:$WPORT/healthz answered" 'the web answered /healthz'
like "$(check 'SMS worker')" '1 connected' 'one SMS worker connected'
like "$(check 'SMS queue')" 'nothing waiting' 'the queue is empty'
like "$(check 'SMS budget')" '0 login codes today of 5000 \(0%\)' 'the budget: none used'
like "$(check letters)" 'none waiting' 'no letter waiting'

# --- Persian by default (no console.lang, a locale that is not English)
conf
out=$(PGUSER=games LANG= LC_ALL= LANGUAGE= LC_MESSAGES= ctl -c "$SC" status 2>&1)
like "$out" '^ok +پایگاه داده  ' 'Persian when nothing asks for English'
like "$out" 'کارگزار پیامک +۱ کارگزار' '  with Persian digits'
out=$(PGUSER=games LC_ALL= LANGUAGE= LANG=en_US.UTF-8 ctl -c "$SC" status 2>&1)
like "$out" '^ok +database  ' 'English when the locale is'

# --- the web down
WPORT=1 st
is "$(level web)" FAIL 'no web at web.port: FAIL'
like "$(check web)" 'http://127.0.0.1:1/healthz did not answer right: ' '  saying where it asked'
is "$rc" 1 '  exit 1'

# --- no worker
worker_off
st
is "$(level 'SMS worker')" FAIL 'no SMS worker connected: FAIL'
like "$(check 'SMS worker')" 'none connected: start pishkhanctl sms run' '  saying what to do'
is "$rc" 1 '  exit 1'
worker_on

# --- the queue ages: WARN from 5 minutes, FAIL from 30
q "$PGUSER" "INSERT INTO pishkhan.sms_outbox (event, to_number, body, created_at)
    VALUES ('test', '+989120000001', 'x', now() - interval '6 minutes')" >/dev/null
st
is "$(level 'SMS queue')" WARN 'a message waiting 6 minutes: WARN'
like "$(check 'SMS queue')" '1 waiting; the oldest for 6 min' '  with its age'
is "$rc" 0 '  WARN alone: exit 0'
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET created_at = now() - interval '31 minutes'" >/dev/null
st
is "$(level 'SMS queue')" FAIL '31 minutes: FAIL'
is "$rc" 1 '  exit 1'
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET created_at = now() - interval '4 minutes'" >/dev/null
st
is "$(level 'SMS queue')" ok '4 minutes: ok'

# --- the gateway: refused and retried for 10 minutes is down
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET attempts = 3, created_at = now() - interval '9 minutes'" >/dev/null
st
is "$(level 'SMS gateway')" ok 'retried for 9 minutes: ok'
like "$(check 'SMS gateway')" '0 failed in the last hour; 1 being retried' '  and counted'
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET created_at = now() - interval '11 minutes'" >/dev/null
st
is "$(level 'SMS gateway')" FAIL 'retried for 11 minutes: FAIL'
like "$(check 'SMS gateway')" 'refusing for 11 min; 1 being retried' '  saying so'
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET status = 'failed', failed_at = now()" >/dev/null
st
is "$(level 'SMS gateway')" WARN 'given up on in the last hour: WARN'
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET failed_at = now() - interval '61 minutes'" >/dev/null
st
is "$(level 'SMS gateway')" ok '  not in the last hour: ok'

# --- the budget: WARN from 80%, FAIL when spent
q "$PGUSER" "INSERT INTO pishkhan.web_login_codes (mobile, code_hmac, expires_at)
    SELECT '+98912000000' || g, '\\x00', now() FROM generate_series(1, 4) g" >/dev/null
st "sms_budget = 6"
is "$(level 'SMS budget')" ok '4 of 6 codes: ok'
st "sms_budget = 5"
is "$(level 'SMS budget')" WARN '4 of 5 (80%): WARN'
like "$(check 'SMS budget')" '4 login codes today of 5 \(80%\)' '  with the numbers'
st "sms_budget = 4"
is "$(level 'SMS budget')" FAIL '4 of 4: FAIL'

# --- letters waiting longer than console.overdue
L=$(mk_letter '+989121234567' 156301 'نامه‌ای در انتظار')
st
is "$(level letters)" ok 'a letter just sent: ok'
like "$(check letters)" '1 waiting for a decision' '  counted'
q "$PGUSER" "SET session_replication_role = replica;
    UPDATE pishkhan.letters SET created_at = now() - interval '3 days' WHERE id = $L" >/dev/null
st
is "$(level letters)" WARN 'waiting 3 days, over console.overdue: WARN'
like "$(check letters)" 'the oldest for 3 d' '  with its age'

# --- a migration pending
mkdir -p "$PK_TMP/status_sql.$$"
cp "$PK_SRCDIR"/sql/[0-9]*.sql "$PK_TMP/status_sql.$$/"
printf 'SELECT 1;\n' >"$PK_TMP/status_sql.$$/999_next.sql"
conf "[database]
sql_dir = $PK_TMP/status_sql.$$
[console]
lang = en"
out=$(PGUSER=games ctl -c "$SC" status 2>&1)
is "$(level database)" WARN 'a migration pending: WARN'
like "$(check database)" '1 of [0-9]+ migrations pending: run pishkhanctl db migrate' '  saying what to do'
rm -rf "$PK_TMP/status_sql.$$"

# --- who may look: the admin, pishkhan_monitor, nobody else
R="pk_mon_$$"
q "$PGUSER" "CREATE ROLE $R LOGIN" >/dev/null
AS=$R st
like "$(check 'SMS worker')" '^FAIL .*run as an admin or a member of pishkhan_monitor' \
    'a role of no duty: the gauges cannot be read, and it says who may'
is "$rc" 1 '  exit 1'
q "$PGUSER" "GRANT pishkhan_monitor TO $R" >/dev/null
AS=$R st
like "$(check database)" '^ok .*all [0-9]+ migrations applied' 'a member of pishkhan_monitor reads the migrations'
like "$(check 'SMS worker')" '^ok .*1 connected' '  and the gauges'
q "$PGUSER" "DROP ROLE $R" >/dev/null

# --- the database unreachable
worker_off
conf "[database]
conninfo = host=$PK_TMP/nowhere.$$ dbname=$DB
[console]
lang = en"
out=$(PGUSER=games ctl -c "$SC" status 2>&1); rc=$?
is "$rc" 3 'the database unreachable: exit 3'
like "$(check database)" '^FAIL +database +unreachable: ' '  the database FAIL, with why'
is "$(printf '%s\n' "$out" | grep -c '^FAIL .*unknown: the database is unreachable')" 5 \
    '  and the five checks that need it unknown'
is "$(level web)" ok '  the web answers still'
done_testing
