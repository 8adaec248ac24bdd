#!/bin/sh
# tests/web/logs.sh — the web's log (issue 12, item 13): every line through
# the logger in one format ("2026-12-01T03:50:12.345Z pishkhan-web[1234]:
# level: text", or "<N>pishkhan-web: level: text" under journald), the
# server's FATAL that ends an idle session among them; every 503 says why,
# with its route.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

TS='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z'
LINE="^$TS pishkhan-web\\[[0-9]+\\]: (debug|info|warning|error): "
# every line of the log in the format (prints those that are not)
stray() { grep -Ev "$1" "$WEBLOG"; }

DB=$(new_db)
setup_org
SPOOL="$PK_TMP/logs-spool.$$"
mkdir -p "$SPOOL"
unset JOURNAL_STREAM
start_web "code_wait = 0
spool_dir = $SPOOL"
curl -s -o /dev/null "$URL/healthz"
like "$(head -n 1 "$WEBLOG")" "$LINE" 'not under journald: a time stamp (UTC, ms) and the pid'

# The server ends the web's idle sessions (pg_terminate_backend, as a
# restart does): the FATAL it sends reaches the log through the logger.
backends() {
	psql -X -At -U "$PGUSER" -d postgres -c "SELECT $1 FROM pg_stat_activity
	    WHERE datname = '$DB' AND application_name = 'pishkhan-web'"
}
i=0
while [ "$(backends 'count(*)')" -lt 2 ] && [ $i -lt 200 ]; do
	curl -s -o /dev/null "$URL/healthz"; i=$((i + 1))
done
backends 'pg_terminate_backend(pid)' >/dev/null
i=0
while ! grep -q 'FATAL' "$WEBLOG" && [ $i -lt 100 ]; do
	curl -s -o /dev/null "$URL/healthz"; sleep 0.05; i=$((i + 1))
done
like "$(cat "$WEBLOG")" "${LINE#^}PostgreSQL FATAL 57P01: terminating connection due to administrator command" \
    "the server's FATAL is a line of the log, in its format"
unlike "$(cat "$WEBLOG")" '^(FATAL|ERROR|WARNING|NOTICE): ' "no line of libpq's own (\"FATAL:  ...\")"
is "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" 200 '  and the next request is answered'

# An upload that cannot be spooled: 503, and the log says why and where.
J="$PK_TMP/logs.$$.jar"
login "$J" '+989121230077'
c=$(web "$J" "$URL/" | csrf_of)
rm -rf "$SPOOL"
printf '%%PDF-1.4\n%%%%EOF\n' >"$PK_TMP/logs.$$.pdf"
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$J" --form-string "csrf=$c" \
    --form-string "token=0123456789abcdef0123456789abcdef" --form-string 'name=علی' \
    --form-string "unit=$(unit_id 156301)" --form-string 'subject=x' \
    -F "letter=@$PK_TMP/logs.$$.pdf;filename=a.pdf" "$URL/letters/new")
is "$st" 503 'the spool directory is gone: 503'
like "$(cat "$WEBLOG")" "${LINE#^}503 POST /letters/new: an upload could not be spooled in '$SPOOL' \\(web.spool_dir\\)" \
    '  and one line says why, with the route'
stop_web

# The database cannot be reached: every 503 names the route and libpq's error.
DB_SAVED=$DB
DB="pishkhan_nosuch_$$"
start_web "[database]
connect_timeout = 1"
is "$(curl -s -o /dev/null -w '%{http_code}' -b "$J" "$URL/letters")" 503 \
    'no database: /letters (with a session) answers 503'
is "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" 503 '  and /healthz too'
like "$(cat "$WEBLOG")" "${LINE#^}503 GET /letters: database unreachable: cannot connect to the database: .*pishkhan_nosuch_$$" \
    '  the log says why, with the route'
like "$(cat "$WEBLOG")" "${LINE#^}503 GET /healthz: database unreachable: " '  for /healthz too'
is "$(stray "$LINE")" '' 'every line of the log is in the format'
stop_web
DB=$DB_SAVED

# Under journald (JOURNAL_STREAM names our stderr): journald stamps the
# time; the line carries the syslog priority instead.
# (start_web empties $WEBLOG, the same file: the same device and inode)
JOURNAL_STREAM="$(stat -c '%d:%i' "$PK_TMP/$DB.web.log")"
export JOURNAL_STREAM
start_web
curl -s -o /dev/null "$URL/healthz"
is "$(stray '^<[0-7]>pishkhan-web: (debug|info|warning|error): ')" '' \
    'JOURNAL_STREAM matches stderr: "<N>pishkhan-web: level: text", no time stamp'
like "$(head -n 1 "$WEBLOG")" '^<6>pishkhan-web: info: ' '  info is priority 6'
stop_web
JOURNAL_STREAM="1:1"
start_web
is "$(stray "$LINE")" '' 'JOURNAL_STREAM of another stream (inherited): time stamps'
stop_web
unset JOURNAL_STREAM

# Every 503 the web answers goes through page_unavailable (which logs it).
is "$(grep -n 'MHD_HTTP_SERVICE_UNAVAILABLE' "$PK_SRCDIR"/webfront/*.c | grep -v 'webfront/page.c:' |
    grep -v 'page_misc.c:.*req_send(r, MHD_HTTP_SERVICE_UNAVAILABLE')" '' \
    'no 503 answered past page_unavailable (/healthz logs its own)'
done_testing
