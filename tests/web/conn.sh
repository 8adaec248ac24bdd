#!/bin/sh
# tests/web/conn.sh — connections: keep-alive, the per-address limit, the
# deadline for a request's headers, and the client's address behind a
# reverse proxy (X-Forwarded-For from web.trusted_proxies only).
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

DB=$(new_db)
J="$PK_TMP/conn.$$.jar"
code_ip() {	# code_ip +98MOBILE — the address a code was asked from
	q "$PGUSER" "SELECT host(ip) FROM pishkhan.web_login_codes WHERE mobile = '$1'"
}
# hold SECONDS — a connection that sends nothing, kept open in the
# background; held() waits for all of them to end.
HELD=
hold() {
	{ sleep "$1"; } | curl -s -m "$(($1 + 2))" "telnet://127.0.0.1:${URL##*:}" >/dev/null 2>&1 &
	HELD="$HELD $!"
}
held() { for _p in $HELD; do wait "$_p"; done; HELD=; }

# Keep-alive: a page, and a form answered after its whole body, leave the
# connection open for the next request.
start_web 'code_wait = 0
codes_per_ip = 1'
page=$(web "$J" "$URL/")
ka=$(curl -sv -o /dev/null -o /dev/null "$URL/" "$URL/static/style.css" 2>&1)
like "$ka" 'Re-using existing connection' 'keep-alive: two pages on one connection'
unlike "$ka" '< Connection: close' 'keep-alive: the server does not close'
ka=$(curl -sv -b "$J" -o /dev/null --data-urlencode "csrf=$(printf '%s' "$page" | csrf_of)" \
    --data-urlencode 'mobile=12' "$URL/login/send" --next -b "$J" -o /dev/null "$URL/" 2>&1)
like "$ka" 'Re-using existing connection' 'keep-alive: a form, then a page, on one connection'

# Behind a proxy on this host (trusted by default): the client's address
# comes from X-Forwarded-For, and the per-address code limit counts it.
WEB_HEADER='X-Forwarded-For: 203.0.113.1'
send_code "$J" 09127770001
like "$PAGE" 'کد تایید' 'through the proxy: code sent'
is "$(code_ip +989127770001)" 203.0.113.1 'the code is counted against the forwarded address'
WEB_HEADER='X-Forwarded-For: 203.0.113.2'
send_code "$J" 09127770002
like "$PAGE" 'کد تایید' 'another client behind the same proxy: not limited by the first'
WEB_HEADER='X-Forwarded-For: 203.0.113.1'
send_code "$J" 09127770003
like "$PAGE" 'بیش از حد مجاز کد خواسته شده' 'the first client again: over its own limit'
# A chain: the proxies of ours on the right are skipped, the client is
# the nearest address that is not one; what the client wrote further left
# is not believed.
WEB_HEADER='X-Forwarded-For: 10.9.9.9, 198.51.100.7, 127.0.0.1, ::1'
send_code "$J" 09127770004
is "$(code_ip +989127770004)" 198.51.100.7 'a chain: the nearest untrusted hop'
WEB_HEADER='X-Forwarded-For: 2001:db8::5'
send_code "$J" 09127770005
is "$(q "$PGUSER" "SELECT ip FROM pishkhan.web_login_codes WHERE mobile = '+989127770005'")" 2001:db8::/64 'an IPv6 client, counted by its /64 (web.ipv6_prefix)'
# A chain longer than the server keeps (4 KB): its right end still counts.
long=$(i=0; while [ $i -lt 300 ]; do printf '192.0.2.%d, ' $((i % 250)); i=$((i + 1)); done)
WEB_HEADER="X-Forwarded-For: ${long}198.51.100.8"
send_code "$J" 09127770008
is "$(code_ip +989127770008)" 198.51.100.8 'a 4 KB chain: the nearest hop is still read'
WEB_HEADER='X-Forwarded-For: 1.2.3.4, <script>'
send_code "$J" 09127770006
is "$(code_ip +989127770006)" 127.0.0.1 'a hop that is not an address: the proxy itself'
WEB_HEADER=
stop_web

# From an address that is not a trusted proxy, X-Forwarded-For is ignored.
DB=$(new_db untrusted)
start_web 'code_wait = 0
trusted_proxies ='
WEB_HEADER='X-Forwarded-For: 203.0.113.9'
send_code "$J" 09127770007
is "$(code_ip +989127770007)" 127.0.0.1 'untrusted peer: its X-Forwarded-For is ignored'
WEB_HEADER=
stop_web

# The per-address connection limit: a third connection from one address
# is refused; a trusted proxy is not limited.
start_web 'max_per_ip = 2
trusted_proxies ='
hold 4; hold 4
sleep 1
is "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" 000 'max_per_ip = 2: a third connection is refused'
like "$(cat "$WEBLOG")" 'connection from 127.0.0.1 refused: 2 open already \(web.max_per_ip\)' 'the refusal is logged'
held
is "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" 200 'the held connections closed: served again'
stop_web
start_web 'max_per_ip = 2'
hold 4; hold 4
sleep 1
is "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" 200 'a trusted proxy is not held to max_per_ip'
held
stop_web

# Headers sent one byte a second: cut off at header_timeout, although
# every byte restarts the idle timeout.
start_web 'header_timeout = 2
idle_timeout = 60'
start=$(date +%s)
{ printf 'GET / HTTP/1.1\r\nHost: x\r\n'
  i=0; while [ $i -lt 15 ]; do printf 'X'; sleep 1; i=$((i + 1)); done; } |
    curl -s -m 15 "telnet://127.0.0.1:${URL##*:}" >/dev/null 2>&1
el=$(( $(date +%s) - start ))
[ "$el" -lt 10 ]; ok $? "slow headers: connection closed after ${el}s (header_timeout 2 s, idle_timeout 60 s)"
like "$(cat "$WEBLOG")" 'no complete request from 127.0.0.1 within web.header_timeout' 'slow headers: logged'
# A whole request arriving in time is answered, however slowly it came.
out=$({ printf 'GET /healthz HTTP/1.1\r\nHost: x\r\n'; sleep 1; printf 'Connection: close\r\n\r\n'; sleep 1; } |
    curl -s -m 10 "telnet://127.0.0.1:${URL##*:}" 2>/dev/null)
like "$out" '^HTTP/1.1 200' 'headers within the deadline: answered'
stop_web

done_testing
