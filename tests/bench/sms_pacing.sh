#!/bin/sh
# tests/bench/sms_pacing.sh — priority and pacing (issue 12 item 15), reported,
# not pass/fail: 10,000 decision messages queued at once, a fake gateway
# that accepts 50 a second and answers 429 (Retry-After: 1) beyond, workers
# paced at sms.rate = 50, and login codes queued at a steady rate during
# the drain, each for its own number.  Prints:
#   1. login-code latency, from the enqueuing transaction to the request's
#      arrival at the gateway (its own record), p50 and p99;
#      aim: p99 under 2 s;
#   2. decisions accepted by the gateway a second over the window, against
#      its limit of 50 (ratio; aim: ≥ 0.9 with the codes' share counted),
#      and the 429s it answered (aim: none).
# Needs `make all test-tools`.  Knobs: BENCH_PACING_N (10000 decisions),
# BENCH_PACING_SECS (30 s of login codes), BENCH_PACING_EVERY (0.5 s between
# codes), BENCH_PACING_WORKERS (2), BENCH_PACING_RATE (50, the gateway's
# limit and the workers' sms.rate), BENCH_KEEP (keep the directory).
set -u
. "$(dirname "$0")/lib.sh"
N=${BENCH_PACING_N:-10000}
SECS=${BENCH_PACING_SECS:-30}
EVERY=${BENCH_PACING_EVERY:-0.5}
WORKERS=${BENCH_PACING_WORKERS:-2}
RATE=${BENCH_PACING_RATE:-50}
GW=./tests/sms/fakegw
[ -x "$CTL" ] && [ -x "$GW" ] || { echo "bench: run make all test-tools first"; exit 1; }

GPID= WPIDS=
bench_stop() {
	for p in $WPIDS $GPID; do kill "$p" 2>/dev/null; done
}
bench_db_up pacing
sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -c "$*"; }

"$GW" -p 0 -P "$tmp/gw.port" -o "$tmp/gw.rec" -t "$tmp/gw.times" -R "$RATE" &
GPID=$!
while [ ! -s "$tmp/gw.port" ]; do sleep 0.05; done
PORT=$(cat "$tmp/gw.port")
cat >"$tmp/sms.conf" <<CONF
[database]
conninfo = dbname=bench
[log]
level = warning
[sms]
driver = http
url = http://127.0.0.1:$PORT/send
content_type = application/json
body = {"to":"\${to}","text":"\${text}","id":"\${id}"}
id_json = entries.0.messageid
rate = $RATE
burst = 10
CONF

sql "INSERT INTO pishkhan.sms_outbox (event, to_number, body)
    SELECT CASE WHEN i % 2 = 0 THEN 'approved' ELSE 'rejected' END,
	'+98912' || lpad(i::text, 7, '0'), 'bench decision ' || i || ' نامهٔ شما تأیید شد'
    FROM generate_series(1, $N) i" >/dev/null
CODES=$(awk "BEGIN { printf \"%d\", $SECS / $EVERY }")
sql "SELECT count(pishkhan.web_citizen('+98935' || lpad(i::text, 7, '0'), 'fa'))
    FROM generate_series(1, $CODES) i" >/dev/null
i=0
while [ $i -lt "$WORKERS" ]; do
	$CTL -c "$tmp/sms.conf" sms run 2>>"$tmp/worker.log" &
	WPIDS="$WPIDS $!"
	i=$((i + 1))
done
sleep 2	# the drain is under way
# Login codes, each committed on its own, every EVERY seconds (the sleep
# in a transaction of its own: created_at is the enqueuing one's start).
sql "DO \$\$ DECLARE c bigint; BEGIN FOR i IN 1..$CODES LOOP
	PERFORM pg_sleep($EVERY);
	COMMIT;
	SELECT id INTO c FROM pishkhan.citizens WHERE mobile = '+98935' || lpad(i::text, 7, '0');
	PERFORM pishkhan.sms_enqueue('login_code', c, NULL,
	    jsonb_build_object('code', lpad(i::text, 6, '0'), 'minutes', 5),
	    now() + interval '5 minutes');
	COMMIT;
    END LOOP; END \$\$" >/dev/null
_n=0
while [ "$(sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE event = 'login_code' AND status <> 'sent'")" != 0 ]; do
	_n=$((_n + 1))
	[ $_n -gt 200 ] && { echo "sms: login codes not all sent"; break; }
	sleep 0.05
done
for p in $WPIDS; do kill -TERM "$p"; done
wait $WPIDS 2>/dev/null
WPIDS=

# The gateway's record: arrival (ms since the epoch), status, outbox id.
sed -n 's/^\([0-9]*\)	\([0-9]*\)	.*"id":"\([0-9]*\)".*/\1,\2,\3/p' "$tmp/gw.times" >"$tmp/arrivals.csv"
psql -X -q -A -t -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE a (ms bigint, code int, id bigint);
\\copy a FROM '$tmp/arrivals.csv' WITH (FORMAT csv)
SELECT 'sms: login code, enqueue → gateway, ' || count(*) || ' codes during a drain of $N decisions, '
    || '$WORKERS worker(s) at sms.rate = $RATE: p50 '
    || round((percentile_cont(0.5) WITHIN GROUP (ORDER BY l))::numeric) || ' ms, p99 '
    || round((percentile_cont(0.99) WITHIN GROUP (ORDER BY l))::numeric) || ' ms, max '
    || round(max(l)::numeric) || ' ms (aim: p99 < 2000 ms)'
FROM (SELECT a.ms - extract(epoch FROM o.created_at) * 1000 AS l
    FROM a JOIN pishkhan.sms_outbox o ON o.id = a.id
    WHERE a.code = 200 AND o.event = 'login_code') s;
WITH w AS (SELECT min(a.ms) t0, max(a.ms) t1 FROM a)
SELECT 'sms: decisions accepted by the gateway: ' || count(*) FILTER (WHERE o.event <> 'login_code')
    || ' in ' || round((w.t1 - w.t0) / 1000.0, 1) || ' s = '
    || round(count(*) FILTER (WHERE o.event <> 'login_code') * 1000.0 / greatest(w.t1 - w.t0, 1), 1)
    || ' msg/s, ' || round(count(*) * 1000.0 / greatest(w.t1 - w.t0, 1) / $RATE, 2)
    || ' of the gateway''s $RATE/s with the codes (aim ≥ 0.9); 429 answers: '
    || (SELECT count(*) FROM a WHERE code = 429) || ' (aim: 0)'
FROM a JOIN pishkhan.sms_outbox o ON o.id = a.id, w
WHERE a.code = 200 GROUP BY w.t0, w.t1;
SQL
