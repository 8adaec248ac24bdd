#!/bin/sh
# tests/bench/web.sh — pishkhan-web against references measured in the same
# run (reported, not pass/fail):
#   1. the login page vs nginx serving the same bytes as a static file;
#   2. the logged-in history page (20 letters) vs pgbench running that
#      page's SQL at the same concurrency;
#   3. letters submitted per second with a 1 MB PDF;
#   4. the server's memory: peak RSS, RSS after 50 connections and after
#      each of three runs at 200 (flat: no growth from run to run);
#   5. the metrics' cost: /healthz and the login page with web.metrics_port
#      set and /metrics scraped every second, against a server without,
#      the two in turn, twice.
# Needs wrk, nginx and pgbench (`sh scripts/deps.sh bench`) and `make all`.
# Knobs: BENCH_SECS (10), BENCH_CONNS (50).
set -u
. "$(dirname "$0")/lib.sh"
SECS=${BENCH_SECS:-10}
CONNS=${BENCH_CONNS:-50}
for t in wrk nginx; do
	command -v $t >/dev/null 2>&1 || [ -x /usr/sbin/$t ] ||
	    { echo "bench: $t is missing (sh scripts/deps.sh bench)"; exit 1; }
done
PGBENCH="$(pg_bindir)/pgbench"
[ -x "$CTL" ] || { echo "bench: run make first"; exit 1; }

NPID=
bench_stop() { [ -n "$NPID" ] && kill "$NPID" 2>/dev/null; }
bench_db_up web
$CTL -c "$tmp/ctl.conf" units add 156301 'واحد آمار و فناوری اطلاعات' 'Statistics and IT Unit' >/dev/null

# A citizen with 20 letters and a session (made here as the superuser: the
# harness's own setup, not a way into the server).
SESS=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
CSRF=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<SQL || { echo "bench: setup failed"; exit 1; }
SET search_path = pishkhan;
-- 20 letters at once are over a citizen's hourly limit: no limits here.
UPDATE settings SET value = '0'
WHERE key IN ('letters_per_hour', 'letters_per_day', 'bytes_per_hour', 'bytes_per_day');
SELECT web_citizen('+989120000001');
BEGIN;
SELECT web_letter_add_file(1, l.letter_id, 'main', 'letter.pdf', 'application/pdf',
    '\x255044462d312e340a')
FROM generate_series(1, 20) g,
    LATERAL web_letter_submit(1, 'شرکت عصر ارتباط', 1, 'درخواست شمارهٔ ' || g,
	md5(g::text)) l;
COMMIT;
INSERT INTO web_sessions (id, citizen_id, expires_at)
VALUES (sha256(decode('$SESS', 'hex')), 1, now() + interval '1 day');
SQL

bench_web_up 'threads = 2
max_connections = 2000
session_idle = 1d'

# nginx with the login page's bytes as a static file.
mkdir -p "$tmp/www" "$tmp/nginx"
curl -s "$URL/" >"$tmp/www/index.html"
nport=$((port + 1))
cat >"$tmp/nginx.conf" <<CONF
daemon off;
worker_processes 2;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path $tmp/nginx;
	proxy_temp_path $tmp/nginx;
	fastcgi_temp_path $tmp/nginx;
	uwsgi_temp_path $tmp/nginx;
	scgi_temp_path $tmp/nginx;
	server { listen 127.0.0.1:$nport; root $tmp/www; index index.html;
		default_type text/html; }
}
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp/nginx" 2>"$tmp/nginx/start.log" &
NPID=$!
sleep 0.5

rate() {	# rate WRK-ARGS... — requests/s from wrk
	wrk "$@" 2>/dev/null | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p'
}
rss() { awk -v k="$1:" '$1 == k { print $2 }' /proc/$WPID/status; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo "# pishkhan-web benchmark: ${SECS}s per run, $CONNS connections, $(nproc) CPUs"
login=$(rate -t2 -c"$CONNS" -d"${SECS}s" "$URL/")
ngx=$(rate -t2 -c"$CONNS" -d"${SECS}s" "http://127.0.0.1:$nport/")
echo "login page:        pishkhan-web $login req/s, nginx (same bytes) $ngx req/s, ratio $(ratio "$login" "$ngx") (aim >= 0.7)"
rss50=$(rss VmRSS)

hist=$(rate -t2 -c"$CONNS" -d"${SECS}s" -H "Cookie: pk_session=$SESS" "$URL/letters")
cat >"$tmp/history.sql" <<'SQL'
SELECT citizen_id, mobile, lang FROM pishkhan.web_session(:sess, 86400);
SELECT id, subject, unit_fa, unit_en, status, letter_no, tracking_no, letter_date, rejection_reason, decided_at, created_at FROM pishkhan.web_letters(1, NULL, NULL, 21);
SQL
pgb=$("$PGBENCH" -n -M prepared -U pishkhan_web -c "$CONNS" -j 2 -T "$SECS" -D sess="$SESS" \
    -f "$tmp/history.sql" bench 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
echo "history page:      pishkhan-web $hist req/s, pgbench (the page's SQL) $pgb tps, ratio $(ratio "$hist" "$pgb") (aim >= 0.5)"

# 1 MB PDF submissions, each with a fresh one-time token.
head -c 1048576 /dev/urandom | od -An -v -tx1 | tr -d ' \n' | head -c 1048000 >"$tmp/pdfbody"
cat >"$tmp/submit.lua" <<LUA
local f = io.open("$tmp/pdfbody", "rb"); local pdf = "%PDF-1.4\n" .. f:read("*a"); f:close()
local B = "----pishkhanbench"
local function part(name, value)
	return "--" .. B .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" .. value .. "\r\n"
end
local head = part("csrf", "$CSRF")
local tail = part("name", "شرکت عصر ارتباط") .. part("unit", "1") .. part("subject", "bench") ..
	"--" .. B .. "\r\nContent-Disposition: form-data; name=\"letter\"; filename=\"a.pdf\"\r\n" ..
	"Content-Type: application/pdf\r\n\r\n" .. pdf .. "\r\n--" .. B .. "--\r\n"
local n = 0
local threads = 0
setup = function(thread)
	threads = threads + 1
	thread:set("tid", threads)
end
request = function()
	n = n + 1
	local tok = string.format("%08x%08x%08x%08x", tid or 0, n, math.random(0, 0x7fffffff), os.time())
	return wrk.format("POST", "/letters/new", {
		["Content-Type"] = "multipart/form-data; boundary=" .. B,
		["Cookie"] = "pk_session=$SESS; pk_csrf=$CSRF" }, head .. part("token", tok) .. tail)
end
LUA
before=$(psql -X -A -t -c "SELECT count(*) FROM pishkhan.letters")
sub=$(rate -t2 -c8 -d"${SECS}s" -s "$tmp/submit.lua" "$URL/")
after=$(psql -X -A -t -c "SELECT count(*) FROM pishkhan.letters")
echo "submissions:       $sub req/s with a 1 MB PDF; $((after - before)) letters saved"

rss200=
for i in 1 2 3; do
	rate -t2 -c200 -d"${SECS}s" "$URL/" >/dev/null
	rss200="$rss200${rss200:+, }$(rss VmRSS)"
done
echo "memory:            RSS ${rss50} kB after $CONNS connections; after each of three runs at 200: $rss200 kB; peak (VmHWM) $(rss VmHWM) kB"

# The metrics' cost: a fresh server without and one with the metrics
# listener (scraped each second meanwhile), in turn, twice each.
mport=$(perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(Listen => 1,
    LocalAddr => "127.0.0.1", LocalPort => 0)->sockport')
METRICS_SECS=${BENCH_METRICS_SECS:-$SECS}
metrics_run() {	# metrics_run on|off — sets H and L, the rates of /healthz and /
	kill "$WPID" 2>/dev/null
	wait "$WPID" 2>/dev/null
	if [ "$1" = on ]; then
		bench_web_up "threads = 2
max_connections = 2000
metrics_port = $mport"
		( while kill -0 "$WPID" 2>/dev/null; do
			curl -s -o /dev/null "http://127.0.0.1:$mport/metrics"; sleep 1
		done ) &
	else
		bench_web_up 'threads = 2
max_connections = 2000'
	fi
	H=$(rate -t2 -c"$CONNS" -d"${METRICS_SECS}s" "$URL/healthz")
	L=$(rate -t2 -c"$CONNS" -d"${METRICS_SECS}s" "$URL/")
}
sum() { awk -v a="$1" -v b="$2" 'BEGIN { print a + b }'; }
h_off=0 h_on=0 l_off=0 l_on=0
for i in 1 2; do
	metrics_run off; h_off=$(sum "$h_off" "$H"); l_off=$(sum "$l_off" "$L")
	metrics_run on; h_on=$(sum "$h_on" "$H"); l_on=$(sum "$l_on" "$L")
done
echo "metrics:           /healthz $(ratio "$h_on" 2) req/s with metrics on, $(ratio "$h_off" 2) off, ratio $(ratio "$h_on" "$h_off"); login page $(ratio "$l_on" 2) on, $(ratio "$l_off" 2) off, ratio $(ratio "$l_on" "$l_off") (aim >= 0.97)"
