#!/bin/sh
# tests/bench/read_replica.sh — the history page with and without a
# streaming standby (issue 15, item 4; reported, not pass/fail).  200
# citizens with 20 letters each, every request another citizen's logged-in
# history page, the same wrk run against:
#   1. pishkhan-web with every read on the primary (the reference);
#   2. the same with web.read_conninfo naming a standby made with
#      pg_basebackup -R from the primary.
# For each: pages/s, and the CPU seconds per 1,000 pages of the primary's
# processes, the standby's and the web's.  The reads counted by
# pishkhan_web_reads_total say where the pages went.  On one machine the
# two servers share its cores, so the rate says little about a standby on
# its own host; the primary's CPU per page is what the standby takes off it.
# Needs wrk (`sh scripts/deps.sh bench`) and `make all`.
# Knobs: BENCH_SECS (10), BENCH_CONNS (50).
set -u
. "$(dirname "$0")/lib.sh"
SECS=${BENCH_SECS:-10}
CONNS=${BENCH_CONNS:-50}
command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is missing (sh scripts/deps.sh bench)"; exit 1; }
[ -x "$CTL" ] || { echo "bench: run make first"; exit 1; }

bench_stop() { pg_stop "$tmp/pgs" >/dev/null 2>&1; }
bench_db_up read_replica
$CTL -c "$tmp/ctl.conf" units add 156301 'واحد آمار و فناوری اطلاعات' 'Statistics and IT Unit' >/dev/null

# 200 citizens, 20 letters each, a session each (made here as the
# superuser: the harness's own setup).  Session i is md5(i) || md5(i).
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || { echo "bench: setup failed"; exit 1; }
SET search_path = pishkhan;
UPDATE settings SET value = '0'
WHERE key IN ('letters_per_hour', 'letters_per_day', 'bytes_per_hour', 'bytes_per_day');
SELECT web_citizen('+98912' || lpad(g::text, 7, '0')) FROM generate_series(1, 200) g;
SELECT web_letter_add_file(c, l.letter_id, 'main', 'letter.pdf', 'application/pdf',
    '\x255044462d312e340a')
FROM generate_series(1, 200) c, generate_series(1, 20) g,
    LATERAL web_letter_submit(c, 'شرکت عصر ارتباط', 1, 'درخواست شمارهٔ ' || g,
	md5(c || ':' || g)) l;
INSERT INTO web_sessions (id, citizen_id, expires_at)
SELECT sha256(decode(md5(g::text) || md5(g::text), 'hex')), g, now() + interval '1 day'
FROM generate_series(1, 200) g;
VACUUM ANALYZE;
SQL
cat >"$tmp/history.lua" <<LUA
local sessions = { $(psql -X -A -t -c "SELECT string_agg('\"' || md5(g::text) || md5(g::text) || '\"', ',' ORDER BY g)
    FROM generate_series(1, 200) g") }
local n = 0
local tid = 0
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("tid", threads) end
request = function()
	n = n + 1
	return wrk.format("GET", "/letters", { ["Cookie"] = "pk_session=" .. sessions[(n * 2 + tid) % 200 + 1] })
end
LUA

# The standby, on its own socket directory.
mkdir -p "$tmp/pgs" && chmod 700 "$tmp/pgs"
[ "$(id -u)" = 0 ] && chown postgres: "$tmp/pgs"
pg_as "$(pg_bindir)/pg_basebackup" -h "$PGHOST" -U "$PGUSER" -D "$tmp/pgs/data" -R -X stream \
    -c fast >"$tmp/basebackup.log" 2>&1 || { cat "$tmp/basebackup.log"; exit 1; }
printf "unix_socket_directories = '%s'\n" "$tmp/pgs" | pg_as tee -a "$tmp/pgs/data/postgresql.conf" >/dev/null
pg_start "$tmp/pgs" || { echo "bench: the standby did not start"; exit 1; }

mport=$(perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(Listen => 1,
    LocalAddr => "127.0.0.1", LocalPort => 0)->sockport')
reads() { curl -s "http://127.0.0.1:$mport/metrics" |
    awk -v k="pishkhan_web_reads_total{server=\"$1\"}" '$1 == k { print $2 }'; }
per1k() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { if (n > 0) printf "%.2f", (b - a) * 1000 / n; else print "n/a" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# run LABEL [INI-LINES] — a fresh web, warmed up, then one measured wrk run;
# sets RATE, N (pages), CP, CS, CW (CPU s per 1,000 pages), RS, RP (reads)
run() {
	[ -n "$WPID" ] && { kill "$WPID"; wait "$WPID" 2>/dev/null; WPID=; }
	bench_web_up "threads = 2
max_connections = 2000
session_idle = 1d
metrics_port = $mport
${2:-}"
	wrk -t2 -c"$CONNS" -d2s -s "$tmp/history.lua" "$URL/" >/dev/null 2>&1
	p0=$(cpu_pg "$tmp/pg"); s0=$(cpu_pg "$tmp/pgs"); w0=$(cpu_pid "$WPID")
	rs0=$(reads standby); rp0=$(reads primary)
	wrk -t2 -c"$CONNS" -d"${SECS}s" -s "$tmp/history.lua" "$URL/" >"$tmp/wrk.out" 2>&1
	p1=$(cpu_pg "$tmp/pg"); s1=$(cpu_pg "$tmp/pgs"); w1=$(cpu_pid "$WPID")
	RS=$(($(reads standby) - rs0)); RP=$(($(reads primary) - rp0))
	RATE=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$tmp/wrk.out")
	N=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$tmp/wrk.out")
	CP=$(per1k "$p0" "$p1" "$N"); CS=$(per1k "$s0" "$s1" "$N"); CW=$(per1k "$w0" "$w1" "$N")
	echo "$1: $RATE pages/s; CPU s per 1000 pages: primary $CP, standby $CS, web $CW; reads: standby $RS, primary $RP"
}

echo "# history page with and without a standby: ${SECS}s per run, $CONNS connections, $(nproc) CPUs ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1))"
run "primary only        "
r0=$RATE c0=$CP
run "with the standby    " "read_conninfo = host=$tmp/pgs dbname=bench
read_max_lag = 2"
echo "history page:      with the standby $(ratio "$RATE" "$r0") x the rate of the primary alone; the primary's CPU per page $(ratio "$CP" "$c0") x (what remains: the session's check and touch, which is a write)"
