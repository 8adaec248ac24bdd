#!/bin/sh
# tests/bench/sizing.sh — the figures behind pishkhan(7)'s SIZING table
# (issue 15, item 3; reported, not pass/fail), measured on this machine
# with PostgreSQL's safe defaults (fsync, synchronous_commit and
# full_page_writes on; a CHECKPOINT before each batch, so that every page
# first touched writes its full image, as after each checkpoint):
#   1. letters submitted through pishkhan-web, each with a letter file and
#      an attachment of random (incompressible, as PDFs and scans are)
#      bytes: letters/s, CPU (the web's and PostgreSQL's) per letter, WAL
#      per letter (pg_current_wal_lsn around the batch), bytes stored per
#      letter (every table of the schema, indexes and TOAST included) and,
#      of those, what is not the files' bytes (rows and indexes: the part
#      that should stay in memory);
#   2. a clerk's approval of each: CPU and WAL per letter (the decision,
#      its event and its SMS queued);
#   3. citizens' history pages (10 letters each): CPU and WAL per page (the
#      session's touch is a write);
#   4. the projection for 10 thousand, 1 million and 100 million letters a
#      year from these figures and the assumptions it prints.
# Needs wrk (`sh scripts/deps.sh bench`) and `make all`.
# Knobs: BENCH_SECS (10), BENCH_FILE_KB (200), BENCH_ATTACH_KB (300),
# BENCH_CONNS (4: submissions in flight), BENCH_VIEWS (10: page views per
# letter), BENCH_PEAK (3: the peak hour over the working hours' mean).
set -u
. "$(dirname "$0")/lib.sh"
SECS=${BENCH_SECS:-10}
FKB=${BENCH_FILE_KB:-200}
AKB=${BENCH_ATTACH_KB:-300}
CONNS=${BENCH_CONNS:-4}
VIEWS=${BENCH_VIEWS:-10}
PEAK=${BENCH_PEAK:-3}
command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is missing (sh scripts/deps.sh bench)"; exit 1; }
[ -x "$CTL" ] || { echo "bench: run make first"; exit 1; }

bench_db_up sizing
pg_durable "$tmp/pg" >/dev/null
$CTL -c "$tmp/ctl.conf" units add 156301 'واحد آمار و فناوری اطلاعات' 'Statistics and IT Unit' >/dev/null
CLERK=daemon
$CTL -c "$tmp/ctl.conf" staff add --clerk "$CLERK" >/dev/null || { echo "bench: staff add failed"; exit 1; }
# 1000 citizens with a session each (made as the superuser: the harness's
# own setup); the first 50 have 10 small letters for the history pages.
CSRF=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || { echo "bench: setup failed"; exit 1; }
SET search_path = pishkhan;
UPDATE settings SET value = '0'
WHERE key IN ('letters_per_hour', 'letters_per_day', 'bytes_per_hour', 'bytes_per_day');
SELECT web_citizen('+98912' || lpad(g::text, 7, '0')) FROM generate_series(1, 1000) g;
INSERT INTO web_sessions (id, citizen_id, expires_at)
SELECT sha256(decode(md5(g::text) || md5(g::text), 'hex')), g, now() + interval '1 day'
FROM generate_series(1, 1000) g;
SELECT web_letter_add_file(c, l.letter_id, 'main', 'letter.pdf', 'application/pdf',
    '\x255044462d312e340a')
FROM generate_series(1, 50) c, generate_series(1, 10) g,
    LATERAL web_letter_submit(c, 'شرکت عصر ارتباط', 1, 'درخواست شمارهٔ ' || g,
	md5(c || ':' || g)) l;
VACUUM ANALYZE;
SQL
# the 1000 sessions' tokens, as a Lua list
SESSIONS=$(psql -X -A -t -c "SELECT string_agg('\"' || md5(g::text) || md5(g::text) || '\"', ',' ORDER BY g)
    FROM generate_series(1, 1000) g")

bench_web_up "threads = 2
max_connections = 2000
session_idle = 1d
request_timeout = 600
spool_dir = $tmp"

{ printf '%%PDF-1.4\n'; head -c $((FKB * 1024 - 9)) /dev/urandom; } >"$tmp/letter.pdf"
{ printf '\211PNG\r\n\032\n'; head -c $((AKB * 1024 - 8)) /dev/urandom; } >"$tmp/scan.png"
FILEBYTES=$((FKB * 1024 + AKB * 1024))
cat >"$tmp/submit.lua" <<LUA
local function slurp(p) local f = io.open(p, "rb"); local d = f:read("*a"); f:close(); return d end
local pdf, png = slurp("$tmp/letter.pdf"), slurp("$tmp/scan.png")
local B = "----pishkhanbench"
local function part(name, value)
	return "--" .. B .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" .. value .. "\r\n"
end
local head = part("csrf", "$CSRF") .. part("name", "شرکت عصر ارتباط") .. part("unit", "1") ..
	part("subject", "درخواست صدور گواهی اشتغال به تحصیل")
local tail = "--" .. B .. "\r\nContent-Disposition: form-data; name=\"letter\"; filename=\"a.pdf\"\r\n" ..
	"Content-Type: application/pdf\r\n\r\n" .. pdf .. "\r\n" ..
	"--" .. B .. "\r\nContent-Disposition: form-data; name=\"attach\"; filename=\"b.png\"\r\n" ..
	"Content-Type: image/png\r\n\r\n" .. png .. "\r\n--" .. B .. "--\r\n"
local sessions = { $SESSIONS }
local n, tid, threads = 0, 0, 0
setup = function(thread) threads = threads + 1; thread:set("tid", threads) end
request = function()
	n = n + 1
	local tok = string.format("%08x%08x%08x%08x", tid, n, math.random(0, 0x7fffffff), os.time())
	return wrk.format("POST", "/letters/new", {
		["Content-Type"] = "multipart/form-data; boundary=" .. B,
		["Cookie"] = "pk_session=" .. sessions[(n * 2 + tid) % 1000 + 1] .. "; pk_csrf=$CSRF" },
		head .. part("token", tok) .. tail)
end
LUA
cat >"$tmp/history.lua" <<LUA
local sessions = { $SESSIONS }
local n, tid, threads = 0, 0, 0
setup = function(thread) threads = threads + 1; thread:set("tid", threads) end
request = function()
	n = n + 1
	return wrk.format("GET", "/letters", { ["Cookie"] = "pk_session=" .. sessions[(n * 2 + tid) % 50 + 1] })
end
LUA

sql() { psql -X -A -t -c "$1"; }
wal() { sql "SELECT pg_current_wal_lsn() - '0/0'"; }
stored() { sql "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'pishkhan' AND c.relkind = 'r'"; }
toast() { sql "SELECT pg_total_relation_size(reltoastrelid) FROM pg_class WHERE oid = 'pishkhan.files'::regclass"; }
letters() { sql "SELECT count(*) FROM pishkhan.letters"; }
cpu() { awk -v a="$(cpu_pg "$tmp/pg")" -v b="$(cpu_pid "$WPID")" 'BEGIN { printf "%.2f", a + b }'; }
div() { awk -v a="$1" -v b="$2" -v m="${3:-1}" 'BEGIN { if (b > 0) printf "%.0f", a * m / b; else print 0 }'; }
calc() { awk "BEGIN { printf \"%.${2:-0}f\", $1 }"; }

echo "# sizing figures: $(nproc) CPUs ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), PostgreSQL $(sql 'SHOW server_version'), fsync/synchronous_commit/full_page_writes on"

# 1. submissions
wrk -t1 -c1 -d2s -s "$tmp/submit.lua" "$URL/" >/dev/null 2>&1	# warm up
sql CHECKPOINT >/dev/null
l0=$(letters); w0=$(wal); s0=$(stored); t0=$(toast); c0=$(cpu)
wrk -t2 -c"$CONNS" -d"${SECS}s" -s "$tmp/submit.lua" "$URL/" >"$tmp/wrk.out" 2>&1
l1=$(letters); w1=$(wal); s1=$(stored); t1=$(toast); c1=$(cpu)
NL=$((l1 - l0))
[ "$NL" -gt 0 ] || { echo "bench: no letter was saved"; cat "$tmp/wrk.out" "$tmp/web.log" | tail -5; exit 1; }
RATE=$(calc "$NL / $SECS" 1)
CPU_L=$(calc "($c1 - $c0) * 1000 / $NL" 1)	# ms
WAL_L=$(div "$((w1 - w0))" "$NL")
STORE_L=$(div "$((s1 - s0))" "$NL")
META_L=$(div "$((s1 - s0 - (t1 - t0)))" "$NL")
echo "letters:           $NL in ${SECS}s with $CONNS in flight: $RATE letters/s; CPU $CPU_L ms per letter (web and PostgreSQL): $(calc "1000 / $CPU_L" 1) letters/s per core"
echo "stored per letter: $STORE_L bytes with files of $FILEBYTES bytes (x$(calc "$STORE_L / $FILEBYTES" 3)); rows and indexes (not the files' bytes) $META_L bytes"
echo "WAL per letter:    $WAL_L bytes (x$(calc "$WAL_L / $FILEBYTES" 3) the files' bytes)"

# 2. approvals, one transaction each, as the clerk
sql "SELECT 'SELECT pishkhan.letter_approve(' || id || ');' FROM pishkhan.letters
    WHERE status = 'review' ORDER BY id" >"$tmp/approve.sql"
NA=$(wc -l <"$tmp/approve.sql")
sql CHECKPOINT >/dev/null
w0=$(wal); c0=$(cpu_pg "$tmp/pg")
psql -X -q -U "$CLERK" -f "$tmp/approve.sql" >/dev/null 2>"$tmp/approve.err"
w1=$(wal); c1=$(cpu_pg "$tmp/pg")
NA2=$(sql "SELECT count(*) FROM pishkhan.letters WHERE status = 'approved'")
WAL_A=$(div "$((w1 - w0))" "$NA2")
CPU_A=$(calc "($c1 - $c0) * 1000 / ($NA2 > 0 ? $NA2 : 1)" 2)
echo "approvals:         $NA2 of $NA: WAL $WAL_A bytes, PostgreSQL CPU $CPU_A ms per letter (its event and SMS queued)"

# 3. history pages
wrk -t2 -c8 -d2s -s "$tmp/history.lua" "$URL/" >/dev/null 2>&1
sql CHECKPOINT >/dev/null
w0=$(wal); c0=$(cpu)
wrk -t2 -c8 -d"${SECS}s" -s "$tmp/history.lua" "$URL/" >"$tmp/wrk.out" 2>&1
w1=$(wal); c1=$(cpu)
NP=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$tmp/wrk.out")
CPU_P=$(calc "($c1 - $c0) * 1000 / $NP" 2)
WAL_P=$(div "$((w1 - w0))" "$NP")
echo "history pages:     $NP in ${SECS}s: $(calc "$NP / $SECS" 0) pages/s; CPU $CPU_P ms per page: $(calc "1000 / $CPU_P" 0) pages/s per core; WAL $WAL_P bytes per page (the session's touch)"
echo "web memory:        peak RSS (VmHWM) $(awk '/^VmHWM/ { printf "%.0f MiB", $2 / 1024 }' /proc/$WPID/status)"

# 4. the projection
echo "# projection: 250 working days of 8 hours; the peak hour $PEAK x their mean; $VIEWS history pages per letter; cores (web and PostgreSQL) for the peak at 50% busy, at least 2; memory 1 GB and a year of rows and indexes, in a power of 2, at least 2 GB; WAL = letters' + approvals' + pages'"
printf '%-10s %8s %5s %6s %9s %9s %9s %11s %12s\n' 'letters/yr' 'peak l/s' 'cores' 'memory' 'rows/yr' 'disk/yr' 'WAL/yr' 'WAL mean' 'WAL peak'
for Y in 10000 1000000 100000000; do
	awk -v y="$Y" -v peak="$PEAK" -v views="$VIEWS" -v cl="$CPU_L" -v ca="$CPU_A" -v cp="$CPU_P" \
	    -v wl="$WAL_L" -v wa="$WAL_A" -v wp="$WAL_P" -v st="$STORE_L" -v me="$META_L" '
	function h(b) { if (b >= 1e12) return sprintf("%.1f TB", b / 1e12); if (b >= 1e9) return sprintf("%.1f GB", b / 1e9);
	    return sprintf("%.0f MB", b / 1e6) }
	function bw(b) { if (b * 8 >= 1e6) return sprintf("%.1f Mbit/s", b * 8 / 1e6); return sprintf("%.0f kbit/s", b * 8 / 1e3) }
	BEGIN {
		secs = 250 * 8 * 3600; mean = y / secs; p = mean * peak
		cores = p * (cl + ca + views * cp) / 1000 / 0.5; if (cores < 2) cores = 2
		for (mem = 2; mem < 1 + y * me / 1e9; mem *= 2)
			;
		w = wl + wa + views * wp
		printf "%-10d %8.3f %5d %6s %9s %9s %9s %11s %12s\n", y, p, int(cores) + (cores > int(cores)),
		    mem " GB", h(y * me), h(y * st), h(y * w), bw(mean * w), bw(p * w)
	}'
done
