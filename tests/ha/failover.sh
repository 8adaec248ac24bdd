#!/bin/sh
# tests/ha/failover.sh — the system of pishkhan(7), RUNNING AT SCALE, on this
# machine, through a failover and a switchover under load.  Part of
# `make check-ha`.
#
#   pg_auto_failover  a monitor and two PostgreSQL nodes (n1, n2), each on a
#                     port and in a directory of its own, as the postgres
#                     user when root; n2 the synchronous standby of n1
#   two webs          pishkhan-web on two ports, both with the multi-host
#                     conninfo (target_session_attrs=read-write)
#   nginx             dist/nginx/pishkhan.conf as shipped (TLS, the two webs
#                     upstream), ports and certificate changed only
#   two SMS workers   pishkhanctl sms run, against tests/sms/fakegw
#   citizens          CITIZENS load generators: each logs in through nginx
#                     (captcha, the code from the gateway), then submits
#                     letters one after another; a submission that fails
#                     is sent again with the same form token until it is
#                     acknowledged (a redirect to /letters?new=ID)
#   a clerk           pishkhan-console in tmux approves letters, one after
#                     another, all along (a, then y); each status line it
#                     ends with is a line of $T/clerk.log.  When the kill
#                     comes, one approval is in flight (waiting on a lock)
#   the failure       SIGKILL of the primary's keeper and PostgreSQL (the
#                     machine dies), then, with that node back as the
#                     standby, `pg_autoctl perform switchover`
#
# It reports (TAP, and a summary on stdout) and asserts: acknowledged letters
# lost (0) and doubled (0); SMS lost (0) and sent twice (counted; only the
# kinds pishkhanctl(8) allows); the seconds from the kill until the site
# took a letter again (< HA_MAX_DOWN, 15) and the requests that failed in
# that window; the console, both webs, both workers and nginx alive with the
# same pids, and doing work after the switchover.
top=${PK_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PK_SRCDIR=$top
. "$top/tests/lib/tap.sh"
. "$top/tests/ha/ha.lib"

skip() { echo "1..0 # SKIP $*"; exit 0; }
for t in pg_autoctl nginx tmux curl python3 openssl pgrep; do
	command -v "$t" >/dev/null 2>&1 || skip "no $t (scripts/deps.sh ha)"
done
if [ "$(id -u)" = 0 ]; then id postgres >/dev/null 2>&1 || skip "no postgres user"; fi
B=${PK_HA_BUILD:-$top/build/ha}
GW=$B/tests/sms/fakegw
for f in "$B/webfront/pishkhan-web" "$B/console/pishkhanctl" "$B/console/pishkhan-console" "$GW"; do
	[ -x "$f" ] || bail "no $f (make check-ha builds it)"
done
CITIZENS=${HA_CITIZENS:-4}
MAX_DOWN=${HA_MAX_DOWN:-15}

. "$top/tests/lib/web.sh"	# login, csrf_of, captcha_of (LC_ALL=C.UTF-8)

T=/tmp/pk-ha.$$
mkdir -p "$T" && chmod 755 "$T" || bail "cannot make $T"
TM_SOCK=pkha$$
. "$top/tests/lib/tmux.sh"	# tm, screen, wait_for
PIDS=''
cleanup() {
	touch "$T/stop"
	for p in $PIDS; do kill -TERM "$p" 2>/dev/null; done
	# shellcheck disable=SC2086
	wait $PIDS 2>/dev/null	# not the keepers: ha_stop stops them
	tm kill-server 2>/dev/null
	ha_stop
	if [ -n "${HA_KEEP:-}" ]; then echo "# kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ha_init "$T/pg" || bail "cannot make $T/pg"
PM=$(free_port) P1=$(free_port) P2=$(free_port)
W1=$(free_port) W2=$(free_port) NX=$(free_port) NXH=$(free_port)
CI="host=127.0.0.1,127.0.0.1 port=$P1,$P2 dbname=pishkhan target_session_attrs=read-write"
SU=$(pg_super)

# --- the formation -----------------------------------------------------------

t0=$(now_ms)
ha_monitor "$PM" || bail_log "$T/pg/monitor.create.log" "pg_autoctl create monitor failed"
ha_node n1 "$P1" || bail_log "$T/pg/n1.create.log" "pg_autoctl create postgres n1 failed"
ha_wait_states 'n1:single:single' 60 || bail "n1 did not become the single node ($(ha_state | tr '\n' ' '))"

printf '[database]\nconninfo = %s user=%s\nsql_dir = %s/sql\n' "$CI" "$SU" "$top" >"$T/su.conf"
ctl() { "$B/console/pishkhanctl" "$@"; }
ctl -c "$T/su.conf" db migrate >"$T/migrate.log" 2>&1 || bail_log "$T/migrate.log" "db migrate failed"
{
	ctl -c "$T/su.conf" units add 156301 'واحد آمار و فناوری اطلاعات' 'Statistics and IT Unit' &&
	ctl -c "$T/su.conf" staff add --clerk --name 'کارمند دبیرخانه' daemon &&
	for k in letters_per_hour letters_per_day bytes_per_hour bytes_per_day; do
		ctl -c "$T/su.conf" settings set "$k" 0 || exit 1
	done
} >"$T/setup.log" 2>&1 || bail_log "$T/setup.log" "units, staff or settings failed"

ha_node n2 "$P2" || bail_log "$T/pg/n2.create.log" "pg_autoctl create postgres n2 failed"
ha_wait_states 'n1:primary:primary n2:secondary:secondary' 120 ||
    bail "n2 did not become n1's standby ($(ha_state | tr '\n' ' '))"
ok 0 "pg_auto_failover: a monitor, n1 primary, n2 secondary ($(( ($(now_ms) - t0) / 1000 )) s)"

# q USER SQL — SQL on whichever node is the primary now (web.sh's helpers).
q() {
	shift
	psql -X -q -A -t -v ON_ERROR_STOP=1 "$CI user=$SU" -c "$*"
}
like "$(q "$SU" "SHOW synchronous_standby_names")" 'pgautofailover_standby' \
    'n1 commits synchronously to n2 (synchronous_standby_names)'

# --- the gateway, the webs, nginx, the workers ----------------------------------

"$GW" -p 0 -P "$T/gw.port" -o "$T/gw.rec" 2>"$T/gw.err" &
GW_PID=$!
PIDS="$PIDS $GW_PID"
i=0
while [ ! -s "$T/gw.port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
GW_PORT=$(cat "$T/gw.port")

for n in 1 2; do
	eval "port=\$W$n"
	cat >"$T/web$n.conf" <<CONF
[database]
conninfo = $CI
sql_dir = $top/sql
[web]
port = $port
static_dir = $top/webfront/static
threads = 4
CONF
	"$B/webfront/pishkhan-web" -c "$T/web$n.conf" 2>"$T/web$n.log" &
	eval "WEB${n}_PID=\$!"
	PIDS="$PIDS $!"
done
cat >"$T/sms.conf" <<CONF
[database]
conninfo = $CI
sql_dir = $top/sql
[sms]
driver = http
url = http://127.0.0.1:$GW_PORT/send
content_type = application/json
body = '{"to":"\${to}","text":"\${text}","id":"\${id}"}'
id_json = entries.0.messageid
poll_interval = 1
CONF
for n in 1 2; do
	"$B/console/pishkhanctl" -c "$T/sms.conf" sms run 2>"$T/sms$n.log" &
	eval "SMS${n}_PID=\$!"
	PIDS="$PIDS $!"
done
NGINX_CONF=$(nginx_conf "$T/nginx" "$NX" "$NXH" "$W1" "$W2") || bail "cannot make nginx.conf"
nginx -c "$NGINX_CONF" -p "$T/nginx" 2>"$T/nginx.err" &
NGINX_PID=$!
PIDS="$PIDS $NGINX_PID"

# Every curl of web.sh goes to nginx over TLS, its certificate self-signed.
mkdir -p "$T/curl" && printf 'insecure\n' >"$T/curl/.curlrc"
export CURL_HOME="$T/curl"
URL="https://127.0.0.1:$NX"
i=0
while [ $i -lt 100 ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" != 200 ]; do
	sleep 0.1; i=$((i + 1))
done
is "$(curl -s "$URL/healthz")" ok 'nginx answers /healthz over TLS from the webs'
for n in 1 2; do
	eval "port=\$W$n"
	is "$(curl -s "http://127.0.0.1:$port/healthz")" ok "web $n answers /healthz"
done
is "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NXH/")" 301 'plain HTTP is sent to HTTPS'

# --- the console ---------------------------------------------------------------------

cat >"$T/console.conf" <<CONF
[database]
conninfo = $CI user=daemon
[console]
lang = en
bidi = off
CONF
tm new-session -d -x 100 -y 30 \
    "env TERM=xterm-256color LANG=C.UTF-8 $B/console/pishkhan-console -c $T/console.conf 2>$T/console.err; echo console-exited-\$?; sleep 600"
wait_for 'Letters: Under review' 20 || { screen | sed 's/^/#   | /'; bail "the console did not open"; }
CON_PID=$(pgrep -P "$(tm list-panes -F '#{pane_pid}')" -f pishkhan-console)
[ -n "$CON_PID" ] || bail "no console pid"

# approve — the clerk approves the letter on top of the queue (a, then y
# for yes); prints the status line it ends with, once it has changed.
status_line() { screen | grep -v '^[[:space:]]*$' | tail -1; }
approve() {
	tm send-keys C-l	# the queue as it is now
	sleep 0.5
	_before=$(status_line)
	tm send-keys a
	if wait_for 'Approve the letter' 8; then
		tm send-keys y
		_n=200
		while [ $_n -gt 0 ]; do
			_now=$(status_line)
			[ "$_now" != "$_before" ] && printf '%s\n' "$_now" |
			    grep -Eq 'Approved: letter number|connection|unavailable|refused|already|saved' && break
			sleep 0.1; _n=$((_n - 1))
		done
	fi
	status_line
}

# clerk — approve, again and again, until $T/stop: "MS STATUS-LINE" lines.
# While $T/pause is there, the clerk waits ($T/paused says so).
clerk() {
	while [ ! -f "$T/stop" ]; do
		if [ -f "$T/pause" ]; then
			touch "$T/paused"; sleep 0.2; continue
		fi
		rm -f "$T/paused"
		_l=$(approve)
		echo "$(now_ms) $_l" >>"$T/clerk.log"
	done
}
# approved_after MS SECONDS — the clerk approves a letter after MS.
approved_after() {
	_n=$(( $2 * 5 ))
	while [ $_n -gt 0 ]; do
		awk -v t="$1" '$1 > t && /Approved: letter number/' "$T/clerk.log" 2>/dev/null |
		    grep -q . && return 0
		sleep 0.2; _n=$((_n - 1))
	done
	return 1
}

# --- citizens --------------------------------------------------------------------------

# The login code, as the citizen reads it on the phone: the gateway's record.
last_code() { gw_code "$T/gw.rec" "$1"; }
# The captcha's picture is fetched from the citizen's address too.
captcha_answer() {
	curl -s ${WEB_HEADER:+-H "$WEB_HEADER"} -o /dev/null "$URL/captcha/$1.png"
	q "$SU" "SELECT answer FROM pishkhan.web_captchas WHERE id = sha256(decode('$1', 'hex'))"
}
mk_files
UNIT=$(q "$SU" "SELECT id FROM pishkhan.units WHERE code = '156301'")

# citizen N — log in as 0912000000N from address 10.0.0.N (X-Forwarded-For,
# which nginx passes on and the web believes from it), then submit letters
# until $T/stop.  Each try is a line of $T/tries.N: "MS-START MS-END CODE
# TOKEN LETTER" (LETTER empty unless acknowledged).
citizen() {
	_n=$1 _jar=$T/jar.$1 _m="+98912000000$1"
	WEB_HEADER="X-Forwarded-For: 10.0.0.$_n"
	login "$_jar" "$_m"
	_csrf=$(web "$_jar" "$URL/" | csrf_of)
	[ -n "$_csrf" ] || { echo "citizen $_n: no session" >"$T/citizen.$_n.err"; return 1; }
	echo "$_n" >>"$T/ready"
	_k=0
	while [ ! -f "$T/stop" ]; do
		_k=$((_k + 1))
		_tok=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
		_letter=''
		while [ -z "$_letter" ]; do
			_s=$(now_ms)
			_out=$(curl -s -o /dev/null -m 30 -w '%{http_code} %{redirect_url}' \
			    -H "$WEB_HEADER" -b "$_jar" -c "$_jar" --form-string "csrf=$_csrf" \
			    --form-string "token=$_tok" --form-string "name=شهروند $_n" \
			    --form-string "unit=$UNIT" --form-string "subject=نامهٔ $_k از $_n" \
			    -F "letter=@$FILES/letter.pdf" "$URL/letters/new")
			_code=${_out%% *}
			case "$_out" in
			30[0-9]*new=[0-9]*) _letter=${_out##*new=} ;;
			esac
			echo "$_s $(now_ms) ${_code:-000} $_tok $_letter" >>"$T/tries.$_n"
			[ -n "$_letter" ] && break
			sleep 0.2
			# a form refused (403): the page's token, again
			[ "$_code" = 403 ] && _csrf=$(web "$_jar" "$URL/" | csrf_of)
		done
		sleep 0.1
	done
}

rm -f "$T/ready"
for n in $(seq 1 "$CITIZENS"); do
	citizen "$n" 2>"$T/citizen.$n.err" &
	PIDS="$PIDS $!"
done
i=0
while [ "$(cat "$T/ready" 2>/dev/null | wc -l)" -lt "$CITIZENS" ] && [ $i -lt 600 ]; do
	sleep 0.1; i=$((i + 1))
done
is "$(cat "$T/ready" 2>/dev/null | wc -l)" "$CITIZENS" "$CITIZENS citizens logged in through nginx with codes the workers sent"

# acks — letters acknowledged so far.
acks() { cat "$T"/tries.* 2>/dev/null | awk 'NF == 5' | wc -l; }
# wait_acks N SECONDS — until N more letters are acknowledged than now.
wait_acks() {
	_want=$(( $(acks) + $1 )) _n=$(( $2 * 10 ))
	while [ "$(acks)" -lt "$_want" ] && [ $_n -gt 0 ]; do sleep 0.1; _n=$((_n - 1)); done
	[ "$(acks)" -ge "$_want" ]
}
wait_acks 8 60
ok $? 'letters are being submitted through nginx'
clerk &
CLERK_PID=$!
PIDS="$PIDS $CLERK_PID"
approved_after 0 60
ok $? 'the clerk approves letters in the console'
is "$(q "$SU" "SELECT count(DISTINCT ip) FROM pishkhan.web_captchas WHERE ip << '10.0.0.0/24'")" "$CITIZENS" \
    'the web counted each citizen by the X-Forwarded-For nginx passed on'

# --- the failover ------------------------------------------------------------------------

OLD=$(ha_primary)
is "$OLD" n1 'n1 is the primary before the kill'

# A decision in flight when the primary dies: another transaction holds the
# letters under review (as a second clerk deciding them would), so the
# clerk's approval waits on the server when the kill comes.
touch "$T/pause"
i=0
while [ ! -f "$T/paused" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
psql -X -q "$CI user=$SU" -c "BEGIN; SELECT id FROM pishkhan.letters
    WHERE status = 'review' FOR UPDATE; SELECT pg_sleep(300)" >/dev/null 2>&1 &
LOCK_PID=$!
PIDS="$PIDS $LOCK_PID"
sleep 1
tm send-keys C-l; sleep 0.5; tm send-keys a
wait_for 'Approve the letter' 8 && tm send-keys y
i=0
while [ $i -lt 50 ] && [ "$(q "$SU" "SELECT count(*) FROM pg_stat_activity WHERE usename = 'daemon'
    AND wait_event_type = 'Lock' AND query ~ 'letter_approve'")" != 1 ]; do
	sleep 0.2; i=$((i + 1))
done
is "$(q "$SU" "SELECT count(*) FROM pg_stat_activity WHERE usename = 'daemon'
    AND wait_event_type = 'Lock' AND query ~ 'letter_approve'")" 1 'the clerk approves a letter: in flight, waiting on the server'
ha_kill_prepare "$OLD"
T_KILL=$(now_ms)
ha_kill
echo "# $(date -u +%T) SIGKILL: n1's keeper and PostgreSQL"
ha_wait_states 'n2:(wait_)?primary:(wait_)?primary' 60
ok $? "the monitor promoted n2 ($(( ($(now_ms) - T_KILL) / 1000 )) s after the kill)"
T_PROMOTED=$(now_ms)
wait_for 'connection to the database was lost' 30
ok $? "the console tells the clerk her decision in flight was cut off ($(status_line | cut -c1-80)...)"
rm -f "$T/pause"
wait_acks 4 60
ok $? 'letters are acknowledged again after the failover'
# The clerk's open console: the next action reconnects and works.
approved_after "$T_KILL" 60
ok $? 'the clerk approves again after the failover, in the same console'

# n1 comes back (its machine restarted) and rejoins as the standby.
ha_run n1
ha_wait_states 'n1:secondary:secondary n2:primary:primary' 120
ok $? 'n1 rejoins as the standby of n2'

# --- the switchover ----------------------------------------------------------------------

wait_acks 4 60
T_SWITCH=$(now_ms)
autoctl perform switchover --pgdata "$HA/monitor" >"$T/switchover.log" 2>&1
ok $? "pg_autoctl perform switchover ($(( ($(now_ms) - T_SWITCH) / 1000 )) s)"
is "$(ha_primary)" n1 'n1 is the primary again'
T_SWITCHED=$(now_ms)
wait_acks 4 60
ok $? 'letters are acknowledged after the switchover'
approved_after "$T_SWITCHED" 60
ok $? 'the clerk approves after the switchover, in the same console'

# Each web, asked directly, takes a letter after the switchover.
for n in 1 2; do
	eval "port=\$W$n"
	cp "$T/jar.1" "$T/jar.d$n"
	tok=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
	out=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "$T/jar.d$n" -c "$T/jar.d$n" \
	    --form-string "csrf=$(web "$T/jar.d$n" "$URL/" | csrf_of)" \
	    --form-string "token=$tok" \
	    --form-string "name=شهروند" --form-string "unit=$UNIT" --form-string "subject=مستقیم $n" \
	    -F "letter=@$FILES/letter.pdf" "http://127.0.0.1:$port/letters/new")
	like "$out" '^30[0-9] .*new=[0-9]+' "web $n takes a letter after the switchover"
	case "$out" in *new=[0-9]*) echo "0 0 303 $tok ${out##*new=}" >>"$T/tries.direct" ;; esac
done

# --- the end of the load: every citizen finishes the letter in hand ----------------------

touch "$T/stop"
wait "$CLERK_PID" 2>/dev/null
for n in $(seq 1 "$CITIZENS"); do
	i=0
	while [ $i -lt 300 ] && [ -n "$(tail -1 "$T/tries.$n" | awk 'NF != 5')" ]; do
		sleep 0.1; i=$((i + 1))
	done
done
sleep 0.5

# --- letters --------------------------------------------------------------------------------

cat "$T"/tries.* | awk 'NF == 5 { print $4, $5 }' | sort -u >"$T/acked"
N_ACK=$(wc -l <"$T/acked")
q "$SU" "SELECT l.submit_token || ' ' || l.id FROM pishkhan.letters l" | sort >"$T/db.letters"
LOST=$(join -v1 "$T/acked" "$T/db.letters" | wc -l)
N_DB=$(wc -l <"$T/db.letters")
is "$LOST" 0 "acknowledged letters lost: $LOST of $N_ACK"
is "$N_DB" "$N_ACK" "letters in the database ($N_DB) are the acknowledged ones ($N_ACK): none doubled, none left unanswered"

# The window: from the kill until the first letter PostgreSQL took after it
# (its transaction's start, on the new primary), and the tries that failed.
DOWN_MS=$(q "$SU" "SELECT ceil(extract(epoch FROM min(created_at)) * 1000 - $T_KILL)::bigint
    FROM pishkhan.letters WHERE created_at > to_timestamp($T_KILL / 1000.0)")
FAILED=$(cat "$T"/tries.[0-9]* | awk -v k="$T_KILL" -v e="$((T_KILL + ${DOWN_MS:-0}))" \
    '$2 >= k && $1 <= e && NF == 4' | wc -l)
FAILED_SW=$(cat "$T"/tries.[0-9]* | awk -v k="$T_SWITCH" -v e="$T_SWITCHED" \
    '$2 >= k && $1 <= e + 5000 && NF == 4' | wc -l)
CODES=$(cat "$T"/tries.[0-9]* | awk 'NF == 4 { print $3 }' | sort | uniq -c | awk '{ printf "%s×%s ", $1, $2 }')
[ -n "$DOWN_MS" ] && [ "$DOWN_MS" -lt $((MAX_DOWN * 1000)) ]
ok $? "the site took letters again $(awk "BEGIN { printf \"%.1f\", ${DOWN_MS:-0} / 1000 }") s after the kill (< $MAX_DOWN s)"

# --- SMS -------------------------------------------------------------------------------------

# Every message queued reaches the gateway: wait for the outbox to drain.
i=0
while [ $i -lt 300 ] && [ "$(q "$SU" "SELECT count(*) FROM pishkhan.sms_outbox WHERE status IN ('pending', 'sending')")" != 0 ]; do
	sleep 0.2; i=$((i + 1))
done
q "$SU" "SELECT id, status FROM pishkhan.sms_outbox ORDER BY id" >"$T/outbox"
N_SMS=$(wc -l <"$T/outbox")
sed -n 's/.*"id":"\([0-9]*\)".*/\1/p' "$T/gw.rec" | sort -n | uniq -c | awk '{ print $2, $1 }' >"$T/gw.ids"
SMS_LOST=$(awk -F'|' '{ print $1 }' "$T/outbox" | sort | join -v1 - "$(sort "$T/gw.ids" >"$T/gw.ids.s"; echo "$T/gw.ids.s")" | wc -l)
SMS_DUP=$(awk '$2 > 1' "$T/gw.ids" | wc -l)
SMS_DUP_IDS=$(awk '$2 > 1 { printf "%s ", $1 }' "$T/gw.ids")
is "$SMS_LOST" 0 "SMS lost: $SMS_LOST of $N_SMS (every message queued reached the gateway)"
is "$(awk -F'|' '$2 != "sent"' "$T/outbox" | wc -l)" 0 'every message is sent'
# pishkhanctl(8): a message goes twice only when its worker dies, or is cut
# off from the database alone for longer than sms.lease (10 minutes), after
# sending it.  Neither happens here: the database is what failed.
is "$SMS_DUP" 0 "SMS sent twice: $SMS_DUP ${SMS_DUP_IDS:+(ids $SMS_DUP_IDS)}"
APPROVED=$(q "$SU" "SELECT count(*) FROM pishkhan.letters WHERE status = 'approved' AND decided_by = 'daemon'")
is "$(q "$SU" "SELECT count(*) FROM (SELECT letter_id FROM pishkhan.letter_events
    WHERE kind IN ('approved', 'rejected') GROUP BY letter_id HAVING count(*) > 1) d")" 0 \
    'no letter was decided twice (the decision in flight included)'
is "$(q "$SU" "SELECT count(*) FROM pishkhan.sms_outbox WHERE event = 'approved'")" "$APPROVED" \
    "every approval ($APPROVED) queued its SMS once"

# --- nothing restarted -------------------------------------------------------------------

for p in "console:$CON_PID" "web 1:$WEB1_PID" "web 2:$WEB2_PID" "worker 1:$SMS1_PID" \
    "worker 2:$SMS2_PID" "nginx:$NGINX_PID"; do
	kill -0 "${p#*:}" 2>/dev/null
	ok $? "${p%%:*} is still pid ${p#*:}"
done
unlike "$(screen)" 'console-exited' 'the console never exited'
for n in 1 2; do
	eval "pid=\$SMS${n}_PID"
	c=$(grep -c 'connected to the database; listening' "$T/sms$n.log")
	[ "$c" -ge 3 ]
	ok $? "worker $n (pid $pid) reconnected after each change of primary ($c connections)"
done
is "$(q "$SU" "SELECT count(*) FROM pg_stat_activity WHERE usename = 'pishkhan_sms' AND query ~* 'listen|sms_'")" 2 \
    'both workers are on the final primary'
SENT_AFTER=$(q "$SU" "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'sent'
    AND sent_at > to_timestamp($T_SWITCHED / 1000.0)")
[ "${SENT_AFTER:-0}" -gt 0 ]
ok $? "the workers sent $SENT_AFTER message(s) after the switchover"

# What the clerk read when an approval did not go through (the database
# unreachable, a decision in flight looked up again), counted.
CLERK_OTHER=$(grep -v 'Approved: letter number' "$T/clerk.log" | cut -d' ' -f2- | grep -v '^? help' |
    sed 's/[0-9][0-9/,]*/N/g' | sort | uniq -c | awk '{ c = $1; $1 = ""; printf "%s×«%s» ", c, substr($0, 2) }')

# --- the summary -------------------------------------------------------------------------

cat <<SUMMARY
# ---------------------------------------------------------------------------
# make check-ha: $CITIZENS citizens through nginx, 2 webs, 2 SMS workers, a clerk
#   letters acknowledged        $N_ACK (in the database: $N_DB; lost: $LOST)
#   letters approved (console)  $APPROVED; the clerk's other status lines: ${CLERK_OTHER:-none}
#   failover (SIGKILL of n1)    site took letters again after $(awk "BEGIN { printf \"%.1f\", ${DOWN_MS:-0} / 1000 }") s; promoted after $(( (T_PROMOTED - T_KILL) / 1000 )) s
#   tries failed in that window $FAILED (then sent again, same form token)
#   switchover                  $(( (T_SWITCHED - T_SWITCH) / 1000 )) s; tries failed around it: $FAILED_SW
#   failed tries by HTTP status $CODES
#   SMS                         $N_SMS queued, lost $SMS_LOST, sent twice $SMS_DUP
# ---------------------------------------------------------------------------
SUMMARY
done_testing
