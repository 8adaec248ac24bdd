#!/bin/sh
# tests/web/restart.sh — PostgreSQL restarted under a running site: every
# worker thread's connection is dead, and still no citizen's request is
# lost (issue 9, item 10): login codes, the captcha, the letters pages.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"
. "$PK_SRCDIR/scripts/pg.sh"

# A cluster of our own: restarting the shared one would fail the suites
# that prove runs next to this one.
PGDIR="$PK_TMP/webrestart.$$"
trap 'stop_web; pg_stop "$PGDIR"; rm -rf "$PGDIR"' EXIT
pg_init "$PGDIR" throwaway && pg_start "$PGDIR" || bail "cannot start a private PostgreSQL"
PGHOST=$(cd "$PGDIR" && pwd -P); export PGHOST
printf '[database]\nconninfo = dbname=%s\nsql_dir = %s/sql\n' "$PK_TEMPLATE" "$PK_SRCDIR" \
    >"$PK_TMP/webrestart.$$.conf"
createdb -U "$PGUSER" "$PK_TEMPLATE" &&
    ctl -c "$PK_TMP/webrestart.$$.conf" db migrate >/dev/null 2>&1 || bail "cannot migrate"

DB=$(new_db)
setup_org
THREADS=2
start_web "code_wait = 0
codes_per_ip = 1000
[database]
connect_timeout = 120"
trap 'stop_web; pg_stop "$PGDIR"; rm -rf "$PGDIR"' EXIT
M='+989121234567'
J="$PK_TMP/restart.$$.jar"
login "$J" "$M"
L=$(mk_letter "$M" 156301 'نامه‌ای پیش از راه‌اندازی دوباره')
is "$(status "$J" "$URL/letter/$L")" 200 'before the restart: the letter page'

# Six citizens who have the login page open, each with a captcha read off
# the picture, about to press "ارسال کد" (the requests that failed).
N=6
i=1
while [ $i -le $N ]; do
	_p=$(web "$PK_TMP/c$i.$$.jar" "$URL/")
	_t=$(printf '%s' "$_p" | captcha_of)
	printf '%s %s %s\n' "$(printf '%s' "$_p" | csrf_of)" "$_t" "$(captcha_answer "$_t")" \
	    >"$PK_TMP/c$i.$$.form"
	i=$((i + 1))
done

# Every worker thread holds a connection (requests go to whichever thread
# accepts them: ask until each has connected).
backends() {
	psql -X -At -U "$PGUSER" -d postgres -c "SELECT count(*) FROM pg_stat_activity
	    WHERE datname = '$DB' AND application_name = 'pishkhan-web'"
}
i=0
while [ "$(backends)" -lt $THREADS ] && [ $i -lt 200 ]; do
	curl -s -o /dev/null "$URL/healthz"
	i=$((i + 1))
done
is "$(backends)" $THREADS "each of the $THREADS worker threads holds a connection"

pg_as "$(pg_bindir)/pg_ctl" -D "$PGDIR/data" -m fast -w restart >/dev/null 2>&1
ok $? 'PostgreSQL restarted (fast)'
is "$(backends)" 0 'no connection of the web survived it'

# The next requests, more than there are threads, each first on its thread
# or not: every one is answered as if nothing had happened.
i=1
while [ $i -le $N ]; do
	read -r _c _t _a <"$PK_TMP/c$i.$$.form"
	_m="+98912555000$i"
	_st=$(curl -s -o "$PK_TMP/send.$$" -w '%{http_code}' -b "$PK_TMP/c$i.$$.jar" \
	    --data-urlencode "csrf=$_c" --data-urlencode "mobile=$_m" \
	    --data-urlencode "captcha=$_t" --data-urlencode "answer=$_a" "$URL/login/send")
	is "$_st" 200 "after the restart: login code request $i of $N answered"
	like "$(cat "$PK_TMP/send.$$")" 'پیامکی با کد تایید' "  and it says the code is on its way"
	like "$(last_code "$_m")" '^[0-9]{6}$' "  and the code is in the SMS outbox"
	i=$((i + 1))
done
page=$(curl -s -w '\n%{http_code}' -b "$J" "$URL/letter/$L")
is "$(printf '%s' "$page" | tail -n 1)" 200 'after the restart: the letter page'
like "$page" 'نامه‌ای پیش از راه‌اندازی دوباره' '  with the letter on it'
is "$(status "$J" "$URL/letters")" 200 'after the restart: the letters page'
is "$(status "$J" "$URL/")" 200 'after the restart: the main page'
is "$(curl -s "$URL/healthz" -o /dev/null -w '%{http_code}')" 200 'after the restart: healthz'
unlike "$(cat "$WEBLOG")" 'database:|not saved|web_code_send' 'the log shows no failed request'

# A whole login after the restart, and then another restart: the session
# is in PostgreSQL and survives it too.
J2="$PK_TMP/restart2.$$.jar"
login "$J2" '+989127777777'
is "$(status "$J2" "$URL/letters")" 200 'a citizen logs in after the restart'
pg_as "$(pg_bindir)/pg_ctl" -D "$PGDIR/data" -m fast -w restart >/dev/null 2>&1
is "$(status "$J2" "$URL/letters")" 200 'a second restart: still logged in'
is "$(status "$J" "$URL/letter/$L")" 200 '  and the letter page answers'

# PostgreSQL down for a while (a slow restart): a request that comes
# meanwhile waits for it (up to database.connect_timeout) and is answered.
# The wait is long here so that a slow start on a loaded machine still
# falls inside it; the short one is tried below.
stop_web
start_web "[database]
connect_timeout = 120"
trap 'stop_web; pg_stop "$PGDIR"; rm -rf "$PGDIR"' EXIT
pg_stop "$PGDIR"
curl -s -o /dev/null -w '%{http_code}' -b "$J" "$URL/letters" >"$PK_TMP/during.$$" &
cpid=$!
i=0	# until the request is in the server
while [ -z "$(ss -Htn state established "( sport = :${URL##*:} )")" ] && [ $i -lt 200 ]; do
	sleep 0.1; i=$((i + 1))
done
pg_start "$PGDIR" || bail "cannot start PostgreSQL again"
wait $cpid
is "$(cat "$PK_TMP/during.$$")" 200 'a request while PostgreSQL was stopped waits for it and is answered'
is "$(status "$J" "$URL/letter/$L")" 200 '  and so is the next'

# Down for longer than database.connect_timeout: the page says so in
# Persian (503), nothing is pretended; once it is back, the next request
# is answered.
stop_web
start_web "[database]
connect_timeout = 1"
trap 'stop_web; pg_stop "$PGDIR"; rm -rf "$PGDIR"' EXIT
pg_stop "$PGDIR"
page=$(curl -s -w '\n%{http_code}' -b "$J" "$URL/letters")
is "$(printf '%s' "$page" | tail -n 1)" 503 'PostgreSQL stopped for longer: 503'
like "$page" 'سامانه موقتاً در دسترس نیست' '  with the Persian message first'
like "$(cat "$WEBLOG")" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3}Z pishkhan-web\[[0-9]+\]: warning: 503 GET /letters: database unreachable: .+' \
    '  and one log line, in the format, says why, with the route'
pg_start "$PGDIR" || bail "cannot start PostgreSQL again"
is "$(status "$J" "$URL/letters")" 200 'started again: the next request is answered'
done_testing
