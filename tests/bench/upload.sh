#!/bin/sh
# tests/bench/upload.sh — large files through pishkhan-web (issue 9, item 5),
# against references measured in the same run (reported, not pass/fail):
#   1. memory: the web's RSS (VmRSS sampled, and VmHWM) while 40 clients
#      upload a 10 MiB letter each and 40 slow readers download a 10 MiB
#      file (aim: under 64 MiB);
#   2. letters submitted per second with a 1 MB PDF vs pgbench inserting a
#      1 MB bytea into a table like files, at the same concurrency (aim:
#      ratio >= 0.8).
# Needs wrk and pgbench (`sh scripts/deps.sh bench`) and `make all`.
# Knobs: BENCH_SECS (10), BENCH_UPLOADS (40), BENCH_READERS (40).
set -u
. "$(dirname "$0")/lib.sh"
SECS=${BENCH_SECS:-10}
NUP=${BENCH_UPLOADS:-40}
NRD=${BENCH_READERS:-40}
command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is missing (sh scripts/deps.sh bench)"; exit 1; }
PGBENCH="$(pg_bindir)/pgbench"
[ -x "$CTL" ] || { echo "bench: run make first"; exit 1; }

PIDS=
bench_stop() { for p in $PIDS; do kill "$p" 2>/dev/null; done; }
bench_db_up upload
$CTL -c "$tmp/ctl.conf" units add 156301 'واحد آمار و فناوری اطلاعات' 'Statistics and IT Unit' >/dev/null

# 1000 citizens, each with a session (made here as the superuser: the
# harness's own setup, not a way into the server); every one the same CSRF
# cookie.  Session i is sha256 of the 32 bytes md5(i) || md5(i).
CSRF=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || { echo "bench: setup failed"; exit 1; }
SET search_path = pishkhan;
SELECT web_citizen('+98912' || lpad(g::text, 7, '0')) FROM generate_series(1, 1000) g;
INSERT INTO web_sessions (id, citizen_id, expires_at)
SELECT sha256(decode(md5(g::text) || md5(g::text), 'hex')), g, now() + interval '1 day'
FROM generate_series(1, 1000) g;
SQL
sess() { printf '%s%s' "$(printf '%s' "$1" | md5sum | cut -c1-32)" "$(printf '%s' "$1" | md5sum | cut -c1-32)"; }

mkdir -p "$tmp/spool"
bench_web_up "max_connections = 2000
session_idle = 1d
request_timeout = 600
spool_dir = $tmp/spool"
rss() { awk -v k="$1:" '$1 == k { print $2 }' /proc/$WPID/status; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
echo "# pishkhan-web upload benchmark: $NUP uploads and $NRD slow readers of 10 MiB; ${SECS}s rate runs; $(nproc) CPUs"

# post I FILE — a letter from citizen I with FILE as its main file; the status
post() {
	curl -s -o /dev/null -w '%{http_code}' -H "Cookie: pk_session=$(sess "$1"); pk_csrf=$CSRF" \
	    --form-string "csrf=$CSRF" --form-string "token=$(sess "t$1$$")" \
	    --form-string 'name=شرکت عصر ارتباط' --form-string 'unit=1' \
	    --form-string 'subject=bench' -F "letter=@$2;filename=a.pdf" "$URL/letters/new"
}

# 1. Memory.  A 10 MiB file to read back, stored first.
{ printf '%%PDF-1.4\n'; head -c $((10 * 1048576 - 9)) /dev/urandom; } >"$tmp/10m.pdf"
[ "$(post 1000 "$tmp/10m.pdf")" = 303 ] || { echo "bench: the first 10 MiB letter was refused"; exit 1; }
FID=$(psql -X -A -t -c "SELECT max(id) FROM pishkhan.files")
rss0=$(rss VmRSS)
: >"$tmp/rss"
( while kill -0 "$WPID" 2>/dev/null; do rss VmRSS >>"$tmp/rss"; sleep 0.2; done ) &
SAMPLER=$!
PIDS="$SAMPLER"
# Slow readers: 100 KiB/s each, cut off when the uploads are done.
i=0
while [ $i -lt "$NRD" ]; do
	curl -s -o /dev/null --limit-rate 100k -H "Cookie: pk_session=$(sess 1000)" \
	    "$URL/file/$FID" &
	PIDS="$PIDS $!"
	READERS="${READERS:-} $!"
	i=$((i + 1))
done
start=$(date +%s)
i=1
UPS=
while [ $i -le "$NUP" ]; do
	{ post "$i" "$tmp/10m.pdf"; echo; } >"$tmp/up.$i" &
	UPS="$UPS $!"
	i=$((i + 1))
done
wait $UPS
secs=$(( $(date +%s) - start ))
ok=$(cat "$tmp"/up.* | grep -c 303)
for p in $READERS; do kill "$p" 2>/dev/null; done
kill "$SAMPLER" 2>/dev/null
wait $READERS $SAMPLER 2>/dev/null
PIDS=
peak=$(sort -n "$tmp/rss" | tail -1)
hwm=$(rss VmHWM)
echo "memory:            $ok of $NUP 10 MiB letters saved in ${secs}s with $NRD slow readers; RSS $(mib "$rss0") MiB before, at most $(mib "$peak") MiB sampled, peak (VmHWM) $(mib "$hwm") MiB (aim < 64 MiB)"

# 2. 1 MB submissions vs pgbench inserting 1 MB into a table like files.
head -c 1048567 /dev/urandom >"$tmp/1m.raw"
{ printf '%%PDF-1.4\n'; cat "$tmp/1m.raw"; } >"$tmp/1m.pdf"
cat >"$tmp/submit.lua" <<LUA
local f = io.open("$tmp/1m.pdf", "rb"); local pdf = f:read("*a"); f:close()
local B = "----pishkhanbench"
local function part(name, value)
	return "--" .. B .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" .. value .. "\r\n"
end
local head = part("csrf", "$CSRF") .. part("name", "شرکت عصر ارتباط") .. part("unit", "1") .. part("subject", "bench")
local tail = "--" .. B .. "\r\nContent-Disposition: form-data; name=\"letter\"; filename=\"a.pdf\"\r\n" ..
	"Content-Type: application/pdf\r\n\r\n" .. pdf .. "\r\n--" .. B .. "--\r\n"
local sessions = { $(i=1; while [ $i -le 999 ]; do printf '"%s",' "$(sess $i)"; i=$((i + 1)); done) }
local n = 0
local threads = 0
setup = function(thread)
	threads = threads + 1
	thread:set("tid", threads)
end
request = function()
	n = n + 1
	local tok = string.format("%08x%08x%08x%08x", tid or 0, n, math.random(0, 0x7fffffff), os.time())
	local s = sessions[(n * 2 + (tid or 0)) % 999 + 1]
	return wrk.format("POST", "/letters/new", {
		["Content-Type"] = "multipart/form-data; boundary=" .. B,
		["Cookie"] = "pk_session=" .. s .. "; pk_csrf=$CSRF" }, head .. part("token", tok) .. tail)
end
LUA
before=$(psql -X -A -t -c "SELECT count(*) FROM pishkhan.letters")
sub=$(wrk -t2 -c8 -d"${SECS}s" -s "$tmp/submit.lua" "$URL/" 2>/dev/null |
    sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')
after=$(psql -X -A -t -c "SELECT count(*) FROM pishkhan.letters")

psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || { echo "bench: reference table failed"; exit 1; }
CREATE TABLE bench_files (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	letter_id bigint NOT NULL,
	kind text NOT NULL,
	original_name text NOT NULL,
	content_type text NOT NULL,
	size bigint GENERATED ALWAYS AS (octet_length(data)) STORED,
	sha256 bytea GENERATED ALWAYS AS (sha256(data)) STORED,
	data bytea NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE bench_files ALTER COLUMN data SET STORAGE EXTERNAL;
SQL
{
	printf "INSERT INTO bench_files (letter_id, kind, original_name, content_type, data) VALUES (1, 'main', 'a.pdf', 'application/pdf', '\\\\x"
	od -An -v -tx1 "$tmp/1m.pdf" | tr -d ' \n'
	printf "');\n"
} >"$tmp/insert.sql"
pgb=$("$PGBENCH" -n -c 8 -j 2 -T "$SECS" -f "$tmp/insert.sql" bench 2>/dev/null |
    sed -n 's/^tps = \([0-9.]*\).*/\1/p')
echo "submissions:       pishkhan-web $sub letters/s with a 1 MB PDF ($((after - before)) saved), pgbench (1 MB bytea insert) $pgb tps, ratio $(ratio "$sub" "$pgb") (aim >= 0.8)"
