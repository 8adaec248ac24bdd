#!/bin/sh
# tests/web/metrics.sh — /metrics (issue 12, item 14): on its own listener
# and never the public port, in the Prometheus text format (every scrape
# parsed whole, strictly: tests/lib/promcheck.pl), its counters moved by
# exactly the requests made, the database's gauges as the rows are, and,
# with PostgreSQL stopped, still answered: pishkhan_db_up 0.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"
. "$PK_SRCDIR/scripts/pg.sh"

# A cluster of our own: it is stopped below.
PGDIR="$PK_TMP/webmetrics.$$"
cleanup() {
	stop_web
	[ -n "${SLEEPER:-}" ] && kill "$SLEEPER" 2>/dev/null
	pg_stop "$PGDIR"
	rm -rf "$PGDIR"
}
trap cleanup EXIT
pg_init "$PGDIR" throwaway && pg_start "$PGDIR" || bail "cannot start a private PostgreSQL"
PGHOST=$(cd "$PGDIR" && pwd -P); export PGHOST
printf '[database]\nconninfo = dbname=%s\nsql_dir = %s/sql\n' "$PK_TEMPLATE" "$PK_SRCDIR" \
    >"$PK_TMP/webmetrics.$$.conf"
createdb -U "$PGUSER" "$PK_TEMPLATE" &&
    ctl -c "$PK_TMP/webmetrics.$$.conf" db migrate >/dev/null 2>&1 || bail "cannot migrate"
DB=$(new_db)
setup_org

CHECK="perl $PK_SRCDIR/tests/lib/promcheck.pl"

# --- the checker itself refuses what the format forbids
bad() {	# bad DESCRIPTION TEXT — the checker must refuse TEXT
	printf '%b' "$2" >"$PK_TMP/bad.$$"
	$CHECK "$PK_TMP/bad.$$" >/dev/null; is $? 1 "the checker refuses $1"
}
bad 'a counter without _total' '# HELP a_count x\n# TYPE a_count counter\na_count 1\n'
bad 'a sample with no TYPE' '# HELP a x\na 1\n'
bad 'a family split in two' '# HELP a x\n# TYPE a gauge\na{k="1"} 1\n# HELP b x\n# TYPE b gauge\nb 1\na{k="2"} 1\n'
bad 'a bad escape in a label' '# HELP a x\n# TYPE a gauge\na{k="\\x"} 1\n'
bad 'a series twice' '# HELP a x\n# TYPE a gauge\na{k="1"} 1\na{k="1"} 2\n'
bad 'buckets that fall' '# HELP h x\n# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n'
bad 'a histogram without +Inf' '# HELP h x\n# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'
bad '_count that is not the +Inf bucket' '# HELP h x\n# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n'
bad 'a value that is not a number' '# HELP a x\n# TYPE a gauge\na one\n'
bad 'no newline at the end' '# HELP a x\n# TYPE a gauge\na 1'

# --- the listener
MPORT=$(perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(Listen => 1,
    LocalAddr => "127.0.0.1", LocalPort => 0)->sockport')
start_web "metrics_port = $MPORT
code_wait = 60"
MURL="http://127.0.0.1:$MPORT"
like "$(cat "$WEBLOG")" "info: metrics on 127.0.0.1 port $MPORT, at /metrics" \
    'the log says where the metrics are'
is "$(curl -s -o /dev/null -w '%{http_code}' "$URL/metrics")" 404 \
    'the public port has no /metrics'
is "$(curl -s -o /dev/null -w '%{http_code}' "$MURL/")" 404 \
    'the metrics listener answers only /metrics'
is "$(curl -s -o /dev/null -w '%{http_code}' -d x=1 "$MURL/metrics")" 405 '  and only GET'

N=0
scrape() {	# scrape NAME — /metrics into $PK_TMP/NAME.$$, checked whole
	S="$PK_TMP/$1.$$"
	_h=$(curl -s -D - -o "$S" -w '%{http_code}' "$MURL/metrics" | tr -d '\r')
	N=$((N + 1))
	is "$(printf '%s' "$_h" | tail -n 1)" 200 "scrape $N ($1): 200"
	like "$_h" '^Content-Type: text/plain; version=0\.0\.4; charset=utf-8$' \
	    '  in the text format 0.0.4'
	_c=$($CHECK "$S")
	is "$_c" ok '  the whole scrape passes the strict check'
	if command -v promtool >/dev/null 2>&1; then
		promtool check metrics <"$S" >/dev/null 2>&1; ok $? '  and promtool check metrics'
	fi
}
# val SCRAPE SERIES — the value of SERIES (name{labels} as printed), or "absent"
val() {
	awk -v k="$2" '!/^#/ { n = split($0, a, " ");
	    if (substr($0, 1, length($0) - length(a[n]) - 1) == k) { print a[n]; f = 1 } }
	    END { if (!f) print "absent" }' "$PK_TMP/$1.$$"
}
# delta SERIES — its value in scrape b minus scrape a (absent: 0)
delta() {
	_a=$(val a "$1"); _b=$(val b "$1")
	[ "$_a" = absent ] && _a=0
	[ "$_b" = absent ] && _b=0
	echo $((_b - _a))
}
total() {	# the sum of every pishkhan_http_requests_total in scrape $1
	awk '/^pishkhan_http_requests_total\{/ { s += $NF } END { print s + 0 }' "$PK_TMP/$1.$$"
}

scrape a
# exactly these requests on the public port
for i in 1 2 3; do curl -s -o /dev/null "$URL/healthz"; done
curl -s -o /dev/null "$URL/no/such/page"
curl -s -o /dev/null "$URL/metrics"
curl -s -o /dev/null -X POST "$URL/healthz"
curl -s -o /dev/null "$URL/static/style.css"
scrape b
is "$(delta 'pishkhan_http_requests_total{method="GET",route="/healthz",code="200"}')" 3 \
    'three GET /healthz: 200 counted three times on its route'
is "$(delta 'pishkhan_http_requests_total{method="",route="unmatched",code="404"}')" 2 \
    'two unknown paths (/metrics among them): 404 on route "unmatched"'
is "$(delta 'pishkhan_http_requests_total{method="",route="unmatched",code="405"}')" 1 \
    'POST /healthz: 405 on route "unmatched"'
is "$(delta 'pishkhan_http_requests_total{method="GET",route="/static/*",code="200"}')" 1 \
    'a static file: on the route of its pattern'
is $(($(total b) - $(total a))) 7 '  and nothing else was counted (scrapes are not)'
is "$(delta 'pishkhan_http_request_duration_seconds_count{method="GET",route="/healthz"}')" 3 \
    'the latency histogram counted the three /healthz'
is "$(delta 'pishkhan_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="+Inf"}')" 3 \
    '  in its +Inf bucket too'
like "$(val b 'pishkhan_http_request_duration_seconds_sum{method="GET",route="/healthz"}')" \
    '^[0-9.e+-]+$' '  with a sum of seconds'
is "$(val b pishkhan_http_requests_in_flight)" 0 'none in flight between requests'
is "$(val b pishkhan_db_up)" 1 'pishkhan_db_up 1'
is "$(val b pishkhan_login_code_budget)" 5000 'the budget is web.sms_budget'

# --- the database's gauges, from the rows as they are
M='+989121234567'
J="$PK_TMP/metrics.$$.jar"
send_code "$J" "$M"
like "$PAGE" 'پیامکی با کد تایید' 'a login code is sent'
send_code "$J" "$M"
L=$(mk_letter "$M" 156301 'نامه‌ای برای شمارش')
q "$PGUSER" "INSERT INTO pishkhan.sms_outbox (event, to_number, body, status, attempts, failed_at)
    VALUES ('test', '+989120000001', 'x', 'failed', 3, now());
    INSERT INTO pishkhan.sms_outbox (event, to_number, body, attempts, created_at)
    VALUES ('test', '+989120000002', 'y', 2, now() - interval '20 minutes')" >/dev/null
PGAPPNAME=pishkhan-sms psql -X -q -U "$PGUSER" -d "$DB" -c 'SELECT pg_sleep(60)' >/dev/null 2>&1 &
SLEEPER=$!
i=0
while [ "$(q "$PGUSER" "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pishkhan-sms'")" != 1 ] &&
    [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
scrape c
is "$(val c 'pishkhan_login_code_requests_total{outcome="sent"}')" 1 'one login code request sent'
is "$(val c 'pishkhan_login_code_requests_total{outcome="wait"}')" 1 '  and one told to wait'
is "$(val c pishkhan_login_codes_today)" 1 'pishkhan_login_codes_today 1'
is "$(val c 'pishkhan_letters{status="review"}')" 1 'a letter under review'
is "$(val c 'pishkhan_letters{status="approved"}')" 0 '  none approved'
like "$(val c pishkhan_letters_review_oldest_seconds)" '^[0-9.e+-]+$' '  and its age'
is "$(val c 'pishkhan_sms_outbox_messages{status="pending"}')" 2 \
    'the outbox: the login code and the message being retried are pending'
is "$(val c 'pishkhan_sms_outbox_messages{status="failed"}')" 1 '  one failed'
is "$(val c pishkhan_sms_failed_last_hour)" 1 '  in the last hour'
is "$(val c pishkhan_sms_outbox_retrying)" 1 'one message being retried'
ok "$(val c pishkhan_sms_outbox_retrying_oldest_seconds | awk '{ print !($1 >= 1200 && $1 < 1300) }')" \
    '  for some 20 minutes'
ok "$(val c pishkhan_sms_outbox_oldest_pending_seconds | awk '{ print !($1 >= 1200 && $1 < 1300) }')" \
    'the oldest pending message: 20 minutes'
is "$(val c pishkhan_sms_workers)" 1 'one SMS worker connected'
ok "$(val c pishkhan_sms_login_code_oldest_pending_seconds | awk '{ print !($1 >= 0 && $1 < 600) }')" \
    'the login code waits: its age, not the older message'"'"'s'
kill "$SLEEPER" 2>/dev/null; wait "$SLEEPER" 2>/dev/null; SLEEPER=

# --- PostgreSQL stopped: the scrape still answers, with pishkhan_db_up 0
pg_stop "$PGDIR"
is "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" 503 'PostgreSQL stopped: /healthz 503'
scrape d
is "$(val d pishkhan_db_up)" 0 'pishkhan_db_up 0'
is "$(val d 'pishkhan_letters{status="review"}')" absent '  and no database gauge'
is "$(val d 'pishkhan_http_requests_total{method="GET",route="/healthz",code="503"}')" 1 \
    '  the process metrics are there: the 503 counted'
like "$(cat "$WEBLOG")" 'warning: metrics: the database.s gauges: ' '  and the log says why'
R=$(val d pishkhan_db_reconnects_total)
pg_start "$PGDIR" || bail "cannot start PostgreSQL again"
is "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" 200 'started again: /healthz 200'
scrape e
is "$(val e pishkhan_db_up)" 1 'pishkhan_db_up 1 again'
ok "$([ "$(val e pishkhan_db_reconnects_total)" -gt "$R" ]; echo $?)" \
    'the reconnections are counted'
ok "$([ $(( $(val e 'pishkhan_db_errors_total{kind="lost"}') + \
    $(val e 'pishkhan_db_errors_total{kind="connect"}') )) -gt 0 ]; echo $?)" \
    '  and the lost sessions or failed connections'
stop_web

# --- the configuration
printf '[database]\nsql_dir = %s/sql\n[web]\nport = 8080\nmetrics_port = 8080\n' "$PK_SRCDIR" \
    >"$PK_TMP/m1.$$.conf"
like "$(ctl config check "$PK_TMP/m1.$$.conf" 2>&1)" 'web.metrics_port: 8080 is web.port' \
    'config check: the metrics may not share the public port'
printf '[database]\nsql_dir = %s/sql\n[web]\nmetrics_port = 9464\nmetrics_listen = localhost\n' \
    "$PK_SRCDIR" >"$PK_TMP/m2.$$.conf"
like "$(ctl config check "$PK_TMP/m2.$$.conf" 2>&1)" "web.metrics_listen: 'localhost' is not an IPv4 or IPv6 address" \
    '  and listen on an address'
rm -f "$PK_TMP"/[a-e].$$ "$PK_TMP"/m[12].$$.conf "$PK_TMP/bad.$$"
done_testing
