# tests/lib/web.sh — helpers for the HTTP tests of pishkhan-web
# (sourced by tests/web/*.sh after tests/lib/tap.sh).
#
# The server under test is the real one, started on a free port (port 0)
# against the suite's own database.  Tests read the captcha answer from the
# database and the login code from the SMS outbox, as a person would read
# the picture and the SMS: there is no back door in the server.

# Persian in sed and grep patterns needs a UTF-8 locale.
LC_ALL=C.UTF-8
export LC_ALL

# start_web [EXTRA-INI-LINES] — start pishkhan-web for $DB; sets WEB_PID,
# URL, WEBLOG and WEBCONF.
start_web() {
	WEBCONF="$PK_TMP/$DB.web.conf"
	WEBLOG="$PK_TMP/$DB.web.log"
	{
		printf '[database]\nconninfo = dbname=%s\nsql_dir = %s/sql\n' "$DB" "$PK_SRCDIR"
		printf '[web]\nport = 0\nstatic_dir = %s/webfront/static\nthreads = 2\n' "$PK_SRCDIR"
		printf '%s\n' "${1:-}"
	} >"$WEBCONF"
	: >"$WEBLOG"
	"$PK_BUILD/webfront/pishkhan-web" -c "$WEBCONF" 2>"$WEBLOG" &
	WEB_PID=$!
	_i=0
	while [ $_i -lt 100 ]; do
		_port=$(sed -n 's/.*listening on .* port \([0-9]*\).*/\1/p' "$WEBLOG")
		[ -n "$_port" ] && break
		kill -0 "$WEB_PID" 2>/dev/null || break
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -n "$_port" ] || bail_log "$WEBLOG" "pishkhan-web did not start"
	URL="http://127.0.0.1:$_port"
	trap stop_web EXIT
}

stop_web() {
	if [ -n "${WEB_PID:-}" ]; then
		kill -TERM "$WEB_PID" 2>/dev/null
		wait "$WEB_PID" 2>/dev/null
		WEB_RC=$?
		WEB_PID=
	fi
}

# web JAR ARGS... — curl with a cookie jar; prints the body.  $WEB_HEADER,
# when set, is sent too (a proxy's X-Forwarded-For, say).
web() {
	_jar=$1; shift
	curl -s ${WEB_HEADER:+-H "$WEB_HEADER"} -b "$_jar" -c "$_jar" "$@"
}

# status JAR ARGS... — only the HTTP status.
status() {
	_jar=$1; shift
	curl -s -o /dev/null -w '%{http_code}' -b "$_jar" -c "$_jar" "$@"
}

# The hidden CSRF token / captcha token of a page on stdin.
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1; }
captcha_of() { sed -n 's/.*name="captcha" value="\([0-9a-f]*\)".*/\1/p' | head -1; }
token_of() { sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' | head -1; }

captcha_answer() {	# captcha_answer TOKEN — look at the picture, read the answer
	curl -s -o /dev/null "$URL/captcha/$1.png"
	q "$PGUSER" "SELECT answer FROM pishkhan.web_captchas
	    WHERE id = sha256(decode('$1', 'hex'))"
}

last_code() {	# last_code +98MOBILE — from the newest SMS to the number
	q "$PGUSER" "SELECT body FROM pishkhan.sms_outbox WHERE to_number = '$1'
	    AND event = 'login_code' ORDER BY id DESC LIMIT 1" | grep -o '[0-9]\{6\}' | head -1
}

# gw_code FILE +98MOBILE — the login code of the newest SMS to the number
# that the fake gateway recorded in FILE (tests/sms/fakegw -o), as the
# citizen reads it on the phone, in any digits; waits up to 20 s for it.
gw_code() {
	_i=0
	while [ $_i -lt 200 ]; do
		_c=$(grep "\"to\":\"$2\"" "$1" 2>/dev/null | tail -1 |
		    sed 's/.*"text":"\([^"]*\)".*/\1/' | sed 'y/۰۱۲۳۴۵۶۷۸۹/0123456789/' |
		    grep -o '[0-9]\{6\}' | head -1)
		[ -n "$_c" ] && { echo "$_c"; return; }
		sleep 0.1; _i=$((_i + 1))
	done
}

wrong_code() {	# wrong_code CODE — the same code with its last digit changed
	printf '%s' "$1" | sed 's/0$/X/; s/[1-9]$/0/; s/X$/1/'
}

# send_code JAR MOBILE-AS-TYPED — GET the login page, answer its captcha,
# press "ارسال کد"; the page is left in $PAGE.
send_code() {
	_p=$(web "$1" "$URL/")
	_c=$(printf '%s' "$_p" | csrf_of)
	_t=$(printf '%s' "$_p" | captcha_of)
	_a=$(captcha_answer "$_t")
	PAGE=$(web "$1" --data-urlencode "csrf=$_c" --data-urlencode "mobile=$2" \
	    --data-urlencode "captcha=$_t" --data-urlencode "answer=$_a" "$URL/login/send")
}

# login JAR MOBILE(+98…) — the whole way in.
login() {
	send_code "$1" "$2"
	_c=$(printf '%s' "$PAGE" | csrf_of)
	_code=$(last_code "$2")
	web "$1" -o /dev/null --data-urlencode "csrf=$_c" --data-urlencode "mobile=$2" \
	    --data-urlencode "code=$_code" "$URL/login/verify"
}

# A small real PDF, PNG, etc. in $PK_TMP.
mk_files() {
	FILES="$PK_TMP/files.$$"
	mkdir -p "$FILES"
	printf '%%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%%%EOF\n' >"$FILES/letter.pdf"
	printf '\211PNG\r\n\032\n\000\000\000\rIHDR' >"$FILES/scan.png"
	printf 'MZ\220\000\003\000\000\000this program cannot be run in DOS mode' >"$FILES/evil.pdf"
	printf 'PK\003\004junk' >"$FILES/fake.docx"
}
