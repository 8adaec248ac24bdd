#!/bin/sh
# tests/web/malformed.sh — malformed and cut-off form bodies (issue 9,
# items 1 and 2): each gets a 400 with the catalog's message in Persian,
# nothing of it is stored, and the server lives on for everyone else.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

DB=$(new_db)
setup_org
start_web 'code_wait = 0'
mk_files
J="$PK_TMP/malformed.$$.jar"
M='+989121230001'
login "$J" "$M"
U=$(unit_id 156301)
CSRF=$(web "$J" "$URL/" | csrf_of)
ANY=$(printf '%064d' 7)		# any well-formed pk_csrf cookie will do
B='pkbnd7MA4YWxkTrZu0gW'
BAD='فرم ناقص یا خراب رسید و چیزی از آن ثبت نشد'
counts() {
	q "$PGUSER" "SELECT (SELECT count(*) FROM pishkhan.letters) || '/' ||
	    (SELECT count(*) FROM pishkhan.files) || '/' ||
	    (SELECT count(*) FROM pishkhan.web_login_codes)"
}
alive() { curl -s -o /dev/null -w '%{http_code}' -m 10 "$URL/healthz"; }
# post URL FILE [curl args...] — the raw body of FILE as multipart with
# boundary $B; the status in $PK_TMP/st, the body on stdout.
post() {
	_u=$1; _f=$2; shift 2
	curl -s -m 20 -o "$PK_TMP/resp" -w '%{http_code}' \
	    -H "Content-Type: multipart/form-data; boundary=$B" \
	    --data-binary "@$_f" "$@" "$_u" >"$PK_TMP/st"
	cat "$PK_TMP/resp"
}
# part NAME-HEADER CONTENT — one part of the body
crlf() { printf '%s\r\n' "$@"; }
before=$(counts)

# 1. One anonymous request used to kill the server: a part with no name,
# an unquoted name, a part with no Content-Disposition, a nested
# multipart/mixed part.
{ crlf "--$B" 'Content-Disposition: form-data' '' 'x' "--$B--"; } >"$PK_TMP/noname"
{ crlf "--$B" 'Content-Disposition: form-data; name=letter; filename=a.pdf' \
    'Content-Type: application/pdf' '' '%PDF-1.4' "--$B--"; } >"$PK_TMP/unquoted"
{ crlf "--$B" 'Content-Type: text/plain' '' 'x' "--$B--"; } >"$PK_TMP/nocd"
{ crlf "--$B" "Content-Disposition: form-data; name=\"csrf\"" '' "$ANY" \
    "--$B" 'Content-Disposition: form-data; name="files"' \
    'Content-Type: multipart/mixed; boundary=inner' '' \
    '--inner' 'Content-Disposition: file; filename="a.pdf"' 'Content-Type: application/pdf' \
    '' '%PDF-1.4' '--inner' 'Content-Disposition: file; filename="b.pdf"' \
    'Content-Type: application/pdf' '' '%PDF-1.4' '--inner--' "--$B--"; } >"$PK_TMP/nested"
for k in noname unquoted nocd nested; do
	out=$(post "$URL/login/send" "$PK_TMP/$k" -b "pk_csrf=$ANY")
	is "$(cat "$PK_TMP/st")" 400 "login/send, $k part: 400"
	like "$out" "$BAD" "login/send, $k part: the message in Persian"
	is "$(alive)" 200 "login/send, $k part: the server still answers /healthz"
done
# The same on the letter form, logged in, with a good token.
{ crlf "--$B" 'Content-Disposition: form-data; name="csrf"' '' "$CSRF" \
    "--$B" 'Content-Disposition: form-data' '' 'x' "--$B--"; } >"$PK_TMP/noname2"
out=$(post "$URL/letters/new" "$PK_TMP/noname2" -b "$J")
is "$(cat "$PK_TMP/st")" 400 'letters/new, a part with no name: 400'
is "$(alive)" 200 'letters/new, a part with no name: the server lives'
# More files than any form of ours sends (each would hold a descriptor).
{ crlf "--$B" 'Content-Disposition: form-data; name="csrf"' '' "$CSRF"
  for i in 1 2 3 4 5; do
	crlf "--$B" "Content-Disposition: form-data; name=\"f$i\"; filename=\"$i.pdf\"" '' '%PDF-1.4'
  done
  crlf "--$B--"; } >"$PK_TMP/fivefiles"
out=$(post "$URL/letters/new" "$PK_TMP/fivefiles" -b "$J")
is "$(cat "$PK_TMP/st")" 400 'five files in one body: 400'
like "$out" "$BAD" 'five files in one body: the message'
# English, for a visitor who chose it.
out=$(post "$URL/login/send" "$PK_TMP/noname" -b "pk_csrf=$ANY; pk_lang=en")
like "$out" 'The form arrived incomplete or damaged' 'the message in English too'

# 2. A letter cut off inside its file (Content-Length matching the cut),
# or missing only its closing delimiter: refused, nothing stored.
# form TOKEN — a whole, good letter form with $FILES/letter.pdf
form() {
	crlf "--$B" 'Content-Disposition: form-data; name="csrf"' '' "$CSRF"
	crlf "--$B" 'Content-Disposition: form-data; name="token"' '' "$1"
	crlf "--$B" 'Content-Disposition: form-data; name="name"' '' 'علی'
	crlf "--$B" 'Content-Disposition: form-data; name="unit"' '' "$U"
	crlf "--$B" 'Content-Disposition: form-data; name="subject"' '' 'بریده'
	crlf "--$B" 'Content-Disposition: form-data; name="letter"; filename="l.pdf"' \
	    'Content-Type: application/pdf' ''
	head -c 3000 /dev/urandom | od -An -v -tx1 | sed 's/^/%PDF-1.4 /'
	crlf '' "--$B--"
}
tok() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
form "$(tok)" >"$PK_TMP/whole"
size=$(wc -c <"$PK_TMP/whole")
head -c $((size / 2)) "$PK_TMP/whole" >"$PK_TMP/cut"
out=$(post "$URL/letters/new" "$PK_TMP/cut" -b "$J")
is "$(cat "$PK_TMP/st")" 400 'a body cut inside the file: 400'
like "$out" "$BAD" 'a body cut inside the file: the message in Persian'
unlike "$out" 'ثبت شد' 'a body cut inside the file: not told it was registered'
head -c $((size - ${#B} - 6)) "$PK_TMP/whole" >"$PK_TMP/noclose"
tail -c 2 "$PK_TMP/noclose" | od -c | grep -q '\\r  \\n' || bail 'noclose: expected CRLF before the closing delimiter'
out=$(post "$URL/letters/new" "$PK_TMP/noclose" -b "$J")
is "$(cat "$PK_TMP/st")" 400 'missing only the closing delimiter: 400'
like "$out" "$BAD" 'missing only the closing delimiter: the message'
# A closing delimiter of another boundary is no closing delimiter.
{ head -c $((size - ${#B} - 6)) "$PK_TMP/whole"; crlf "--${B}x--"; } >"$PK_TMP/otherclose"
post "$URL/letters/new" "$PK_TMP/otherclose" -b "$J" >/dev/null
is "$(cat "$PK_TMP/st")" 400 'another boundary at the end: 400'
is "$(counts)" "$before" 'nothing stored by any malformed or cut body'
is "$(alive)" 200 'the server still answers /healthz'

# The whole body, and the same without the final CRLF: a letter each.
post "$URL/letters/new" "$PK_TMP/whole" -b "$J" >/dev/null
is "$(cat "$PK_TMP/st")" 303 'the whole body: registered (303)'
form "$(tok)" | head -c $((size - 2)) >"$PK_TMP/nocrlf"
post "$URL/letters/new" "$PK_TMP/nocrlf" -b "$J" >/dev/null
is "$(cat "$PK_TMP/st")" 303 'the whole body without its last CRLF: registered'
n=$(form x | sed -n '/^%PDF/p' | wc -c)
is "$(q "$PGUSER" "SELECT string_agg(size::text, ',') FROM pishkhan.files")" "$n,$n" \
    'two letters, each with its whole file'

stop_web
is "$WEB_RC" 0 'the server stops cleanly (no sanitizer report)'
done_testing
