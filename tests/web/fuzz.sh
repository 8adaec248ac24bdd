#!/bin/sh
# tests/web/fuzz.sh — a few thousand seeded mutations of real requests
# (login, a new letter with its files, downloads, pages) against the
# sanitizer build of pishkhan-web.  After each batch: the process lives,
# /healthz answers, its log holds no sanitizer report, and the database
# holds no letter without its main file and no file without its letter.
# The mutations come from tests/lib/httpfuzz.pl with fixed seeds, so the
# requests are the same every run (PK_HTTPFUZZ_SEED=N for others;
# PK_HTTPFUZZ_N requests a batch; PK_HTTPFUZZ_KEEP=DIR keeps the requests
# that wedged a connection or got a 500 or 503).  Requests cut short are
# closed by the server's own short timeouts, set below.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

BATCHES=10
PER=${PK_HTTPFUZZ_N:-300}
SEED=${PK_HTTPFUZZ_SEED:-1403}

DB=$(new_db)
setup_org
# Thousands of requests from one citizen: the per-citizen letter limits
# (tests/web/limits.sh) would answer most of them 429 before any parser.
q "$PGUSER" "UPDATE pishkhan.settings SET value = '0' WHERE key IN
    ('letters_per_hour', 'letters_per_day', 'bytes_per_hour', 'bytes_per_day')" >/dev/null
web_conf='code_wait = 0
codes_per_hour = 1000
codes_per_day = 10000
codes_per_ip = 100000
max_file_size = 64k
max_body = 200k
request_timeout = 3
header_timeout = 1
idle_timeout = 2
max_per_ip = 1000'
start_web "$web_conf"
mk_files
J="$PK_TMP/fuzz.$$.jar"
M='+989121234567'
login "$J" "$M"
U=$(unit_id 156301)
cookie() { awk -v n="$1" '$6 == n { v = $7 } END { print v }' "$J"; }
SESS=$(cookie pk_session)
CSRF=$(cookie pk_csrf)
[ -n "$SESS" ] && [ -n "$CSRF" ] || bail "no session after login"

# One real letter to download and look at.
PDF="$PK_SRCDIR/tests/fuzz/corpus/filetype/letter.pdf"
PNG="$PK_SRCDIR/tests/fuzz/corpus/filetype/small.png"
curl -s -o /dev/null -b "$J" --form-string "csrf=$CSRF" \
    --form-string "token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
    --form-string 'name=علی‌رضا' --form-string "unit=$U" --form-string 'subject=seed' \
    -F "letter=@$PDF;filename=نامه.pdf" -F "attach=@$PNG" "$URL/letters/new"
L=$(q "$PGUSER" "SELECT id FROM pishkhan.letters WHERE subject = 'seed'")
F=$(q "$PGUSER" "SELECT min(f.id) FROM pishkhan.files f WHERE f.letter_id = '$L'")
[ -n "$L" ] && [ -n "$F" ] || bail "the seed letter was not saved"

# The seeds: requests as the site's own forms and links make them.
S="$PK_TMP/fuzzseeds.$$"
mkdir -p "$S"
CK="Cookie: pk_session=$SESS; pk_csrf=$CSRF"
H="Host: 127.0.0.1\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0\r\nAccept-Language: fa-IR,fa;q=0.9"
get() {	# get NAME PATH
	printf "GET %s HTTP/1.1\r\n$H\r\n%s\r\nConnection: close\r\n\r\n" "$2" "$CK" >"$S/$1"
}
form() {	# form NAME PATH BODY
	printf "POST %s HTTP/1.1\r\n$H\r\n%s\r\nOrigin: http://127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s" \
	    "$2" "$CK" "${#3}" "$3" >"$S/$1"
}
get main /
get letters '/letters?q=%D8%B3%D9%84%D8%A7%D9%85&before=99'
get letter "/letter/$L?latest=1"
get download "/file/$F"
get track '/track?no=%DB%B1%DB%B2%DB%B3'
get captcha "/captcha/$(printf '%064d' 0).png"
get lang /lang/en
form send /login/send "csrf=$CSRF&mobile=%DB%B0%DB%B9%DB%B1%DB%B2+123+4567&captcha=$(printf '%064d' 0)&answer=12345"
form verify /login/verify "csrf=$CSRF&mobile=%2B989121234567&code=123456"
B='----WebKitFormBoundaryPk7MA4YWxkTrZu0gW'
part() {	# part NAME VALUE
	printf -- '--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' "$B" "$1" "$2"
}
filepart() {	# filepart NAME FILENAME TYPE PATH
	printf -- '--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\nContent-Type: %s\r\n\r\n' \
	    "$B" "$1" "$2" "$3"
	cat "$4"
	printf '\r\n'
}
letter() {	# letter NAME [file parts...]
	_n=$1; shift
	{
		part csrf "$CSRF"; part token '@TOKEN@'; part name 'شرکت عصر ارتباط'
		part unit "$U"; part subject 'درخواست‌ گواهی'
		"$@"
		printf -- '--%s--\r\n' "$B"
	} >"$S/body"
	printf "POST /letters/new HTTP/1.1\r\n$H\r\n%s\r\nOrigin: http://127.0.0.1\r\nContent-Type: multipart/form-data; boundary=%s\r\nContent-Length: %s\r\nConnection: close\r\n\r\n" \
	    "$CK" "$B" "$(wc -c <"$S/body")" >"$S/$_n"
	cat "$S/body" >>"$S/$_n"
	rm -f "$S/body"
}
both() { filepart letter 'نامه.pdf' application/pdf "$PDF"; filepart attach scan.png image/png "$PNG"; }
onlymain() { filepart letter letter.docx application/octet-stream "$PK_SRCDIR/tests/fuzz/corpus/filetype/letter.docx"; }
letter submit both
letter submit-docx onlymain

nletters() { q "$PGUSER" "SELECT count(*) FROM pishkhan.letters"; }
before=$(nletters)
sanitizer='ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:'
b=1
while [ $b -le $BATCHES ]; do
	out=$(PK_HTTPFUZZ_KEEP=${PK_HTTPFUZZ_KEEP:-} perl "$PK_SRCDIR/tests/lib/httpfuzz.pl" "${URL##*:}" "$S" $((SEED + b)) "$PER")
	echo "# batch $b: $out"
	alive=0
	kill -0 "$WEB_PID" 2>/dev/null || alive=1
	health=$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")
	ok $alive "batch $b: the server process lives"
	is "$health" 200 "batch $b: /healthz answers"
	if grep -Eq "$sanitizer" "$WEBLOG"; then
		ok 1 "batch $b: no sanitizer report in the log"
		grep -E -A 12 "$sanitizer" "$WEBLOG" | head -n 30 | sed 's/^/#   /'
	else
		ok 0 "batch $b: no sanitizer report in the log"
	fi
	is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.letters l WHERE NOT EXISTS
	    (SELECT 1 FROM pishkhan.files f WHERE f.letter_id = l.id AND f.kind = 'main')")" 0 \
	    "batch $b: no letter without its main file"
	is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.files f WHERE NOT EXISTS
	    (SELECT 1 FROM pishkhan.letters l WHERE l.id = f.letter_id)")" 0 \
	    "batch $b: no file without its letter"
	b=$((b + 1))
done
echo "# letters saved from mutated requests: $(( $(nletters) - before ))"

# What the mutations found, kept as plain checks.
# A search whose bytes are not UTF-8 went to PostgreSQL as they were, and
# its refusal was shown as "the system is unavailable" (503).
out=$(curl -s -w '\n%{http_code}' -b "$J" "$URL/letters?q=%D8%B3%D9%8")
is "$(printf '%s' "$out" | tail -n 1)" 400 'a search that is not UTF-8: 400, not 503'
like "$out" 'متن جستجو خوانا نیست' 'a search that is not UTF-8: said so, in Persian'

# A captcha answer or token that is not UTF-8 is a wrong answer, not a
# server error (PostgreSQL refused the bytes: 500).
bad_send() {	# bad_send WHAT FIELDS
	out=$(curl -s -w '\n%{http_code}' -b "$J" --data "csrf=$CSRF&mobile=09121234567&$2" \
	    "$URL/login/send")
	like "$out" 'id="answer-err"' "login send, $1: the captcha answer is wrong"
	unlike "$(printf '%s' "$out" | tail -n 1)" '^5' "login send, $1: no server error"
}
bad_send 'an answer not UTF-8' "captcha=$(printf '%064d' 0)&answer=%FF%FE"
bad_send 'a captcha token not UTF-8' 'captcha=%C0%AF&answer=12345'

# The real requests still work after all that.
is "$(status "$J" "$URL/file/$F")" 200 'the seed letter still downloads'
is "$(curl -s -o /dev/null -w '%{http_code}' -b "$J" --form-string "csrf=$CSRF" \
    --form-string "token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
    --form-string 'name=Ali' --form-string "unit=$U" --form-string 'subject=after' \
    -F "letter=@$PDF" "$URL/letters/new")" 303 'a real letter is still accepted'
stop_web
is "$WEB_RC" 0 'the server stops cleanly'
if grep -Eq "$sanitizer" "$WEBLOG"; then
	ok 1 'no sanitizer report at exit (leaks)'
	grep -E -A 12 "$sanitizer" "$WEBLOG" | head -n 30 | sed 's/^/#   /'
else
	ok 0 'no sanitizer report at exit (leaks)'
fi
done_testing
