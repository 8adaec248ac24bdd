#!/bin/sh
# tests/web/bigfile.sh — large files through the web (issue 9, item 5):
# a 10 MiB upload comes back byte for byte (sha256), spooled on disk and
# streamed to and from PostgreSQL; a client killed mid-upload leaves no
# letter, no spool file and no open descriptor behind.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

DB=$(new_db)
setup_org
SPOOL="$PK_TMP/spool.$$"
mkdir -p "$SPOOL"
# ASan keeps freed blocks in a quarantine (256 MB): keep it small here, so
# that the server's RSS says what it holds.
ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=1"
export ASAN_OPTIONS
start_web "code_wait = 0
max_file_size = 11M
max_body = 25M
spool_dir = $SPOOL"
J="$PK_TMP/big.$$.jar"
login "$J" '+989121230002'
U=$(unit_id 156301)
tok() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
nletters() { q "$PGUSER" "SELECT count(*) FROM pishkhan.letters"; }
# spooled — how many of the server's descriptors are files in $SPOOL
spooled() { ls -l "/proc/$WEB_PID/fd" 2>/dev/null | grep -c -- "$SPOOL/"; }
# wait_for CMD EXPECTED — until CMD prints EXPECTED (a condition, at most 60 s)
wait_for() {
	_i=0
	while [ "$($1)" != "$2" ] && [ $_i -lt 600 ]; do sleep 0.1; _i=$((_i + 1)); done
}

# A 10 MiB PDF whose size is not a multiple of any block size.
BIG="$PK_TMP/big.$$.pdf"
{ printf '%%PDF-1.4\n'; head -c $((10 * 1048576 - 1234)) /dev/urandom; } >"$BIG"
SUM=$(sha256sum <"$BIG" | cut -d' ' -f1)
hwm() { awk '$1 == "VmHWM:" { print $2 }' "/proc/$WEB_PID/status"; }
c=$(web "$J" "$URL/" | csrf_of)
HWM0=$(hwm)
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$J" --form-string "csrf=$c" \
    --form-string "token=$(tok)" --form-string 'name=علی' --form-string "unit=$U" \
    --form-string 'subject=بزرگ' -F "letter=@$BIG;filename=نامهٔ بزرگ.pdf" \
    -F "attach=@$BIG;filename=پیوست.pdf" "$URL/letters/new")
is "$st" 303 'two 10 MiB files: registered'
is "$(q "$PGUSER" "SELECT string_agg(size || ':' || encode(sha256, 'hex'), ',' ORDER BY id)
    FROM pishkhan.files")" "$(wc -c <"$BIG"):$SUM,$(wc -c <"$BIG"):$SUM" \
    'both stored whole: the size and SHA-256 the database computed'
F=$(q "$PGUSER" "SELECT min(id) FROM pishkhan.files")
got=$(curl -s -b "$J" -D "$PK_TMP/hdr.$$" "$URL/file/$F" | sha256sum | cut -d' ' -f1)
is "$got" "$SUM" 'the download is the upload, byte for byte'
# Memory does not grow with the file: the peak RSS after two 10 MiB files in
# and one out grew by less than one file (it was 20 MB a file in memory).
HWM1=$(hwm)
ok "$([ $((HWM1 - HWM0)) -lt 8192 ] && echo 0 || echo 1)" \
    "peak RSS grew by less than 8 MiB with 30 MiB through ($((HWM1 - HWM0)) kB)"
like "$(tr -d '\r' <"$PK_TMP/hdr.$$")" "Content-Length: $(wc -c <"$BIG")" 'the download has its Content-Length'
like "$(cat "$PK_TMP/hdr.$$")" 'Content-Type: application/pdf' 'and its detected type'
# Several downloads at once, one of them slow: each whole.
pids=
for i in 1 2 3; do
	rate=; [ "$i" = 1 ] && rate='--limit-rate 4M'
	# shellcheck disable=SC2086
	curl -s -b "$J" $rate "$URL/file/$F" | sha256sum | cut -d' ' -f1 >"$PK_TMP/dl.$i" &
	pids="$pids $!"
done
wait $pids
is "$(cat "$PK_TMP/dl.1" "$PK_TMP/dl.2" "$PK_TMP/dl.3" | sort -u)" "$SUM" \
    'three downloads at once (one slow): each the upload'
# Another citizen's file is not found, block by block or at all.
J2="$PK_TMP/big2.$$.jar"
login "$J2" '+989121230003'
is "$(status "$J2" "$URL/file/$F")" 404 "another citizen's file: 404"
is "$(q pishkhan_web "SELECT pishkhan.web_file_chunk(
    (SELECT id FROM pishkhan.web_citizen('+989121230003') c(id)), $F, 0, 10) IS NULL")" t \
    "web_file_chunk gives another citizen nothing"
is "$(spooled)" 0 'no spool file left open after the uploads'

# A client killed in the middle of a 10 MiB upload.
n=$(nletters)
c=$(web "$J" "$URL/" | csrf_of)
curl -s -o /dev/null -b "$J" --limit-rate 1M --form-string "csrf=$c" \
    --form-string "token=$(tok)" --form-string 'name=علی' --form-string "unit=$U" \
    --form-string 'subject=killed' -F "letter=@$BIG" "$URL/letters/new" &
CURL=$!
wait_for spooled 1
is "$(spooled)" 1 'mid-upload: the file is spooled (one descriptor in spool_dir)'
kill "$CURL"
wait "$CURL" 2>/dev/null
wait_for spooled 0
is "$(spooled)" 0 'killed client: the spool file is closed'
is "$(ls -A "$SPOOL" | wc -l)" 0 'killed client: nothing left in spool_dir'
is "$(nletters)" "$n" 'killed client: no letter stored'
is "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" 200 'the server still answers'

# A spool directory the server cannot use: it says so at start-up.
out=$("$PK_BUILD/webfront/pishkhan-web" -c /dev/stdin 2>&1 <<CONF
[database]
conninfo = dbname=$DB
[web]
port = 0
spool_dir = $PK_TMP/no/such/dir
CONF
)
like "$out" "web.spool_dir: '$PK_TMP/no/such/dir' is not a directory" 'a bad spool_dir is refused at start-up (as config check refuses it)'

stop_web
is "$WEB_RC" 0 'the server stops cleanly (no sanitizer report)'
done_testing
