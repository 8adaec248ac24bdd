#!/bin/sh
# tests/web/letters.sh — the main page, new letters with files, history,
# follow-up, latest status and downloads; every bad input (HTTP level).
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

DB=$(new_db)
setup_org
start_web 'code_wait = 0
max_file_size = 64k
max_body = 200k
request_timeout = 3
page_size = 3'
mk_files
J="$PK_TMP/a.$$.jar"
M='+989121234567'
login "$J" "$M"
U=$(unit_id 156301)

page=$(web "$J" "$URL/")
like "$page" 'نام و نام خانوادگی' 'label: full name'
like "$page" 'مخاطب/گیرنده نامه' 'label: recipient'
like "$page" 'موضوع نامه' 'label: subject'
like "$page" 'فایل متن' 'label: letter file'
like "$page" 'فایل پیوست' 'label: attachment'
like "$page" 'شماره پیگیری خود را وارد نمایید' 'follow-up: enter your tracking number'
like "$page" 'حقیقی' 'guidance for natural persons'
like "$page" 'حقوقی' 'guidance for legal persons'
like "$page" 'حداکثر ۶۴ KB' 'file size limit shown'
like "$page" 'واحد آمار و فناوری اطلاعات' 'active units listed'

# submit JAR TOKEN NAME UNIT SUBJECT [curl -F args...] — prints the body
# after following the redirect; the status goes to $PK_TMP/st.
submit() {
	_j=$1; _tok=$2; _n=$3; _u=$4; _s=$5; shift 5
	_c=$(web "$_j" "$URL/" | csrf_of)
	curl -s -L -b "$_j" -c "$_j" -w '\n%{http_code}' --form-string "csrf=$_c" --form-string "token=$_tok" \
	    --form-string "name=$_n" --form-string "unit=$_u" --form-string "subject=$_s" "$@" "$URL/letters/new" >"$PK_TMP/resp.$$"
	tail -n 1 "$PK_TMP/resp.$$" >"$PK_TMP/st.$$"
	sed '$d' "$PK_TMP/resp.$$"
}
nletters() { q "$PGUSER" "SELECT count(*) FROM pishkhan.letters"; }
tok() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }

# A good letter, with a PDF and a PNG attachment.
T1=$(tok)
out=$(submit "$J" "$T1" 'شرکت عصر ارتباط' "$U" 'درخواست‌ نامه' -F "letter=@$FILES/letter.pdf" -F "attach=@$FILES/scan.png;filename=پیوست.png")
is "$(cat "$PK_TMP/st.$$")" 200 'submit: redirected to the history'
like "$out" 'در حال بررسی' 'history: under review'
like "$out" 'st-review' 'history: blue (review class)'
is "$(nletters)" 1 'one letter saved'
is "$(q "$PGUSER" "SELECT string_agg(kind || ':' || content_type, ',' ORDER BY id) FROM pishkhan.files")" \
    'main:application/pdf,attachment:image/png' 'files saved with detected types'
# The same form again (double click, reload): still one letter.
out=$(submit "$J" "$T1" 'شرکت عصر ارتباط' "$U" 'درخواست‌ نامه' -F "letter=@$FILES/letter.pdf")
is "$(nletters)" 1 'same token again: still one letter'

# Two identical submissions at the same moment (a double click): one letter.
T2=$(tok)
c=$(web "$J" "$URL/" | csrf_of)
pids=
for i in 1 2; do
	curl -s -o /dev/null -b "$J" --form-string "csrf=$c" --form-string "token=$T2" \
	    --form-string 'name=Ali' --form-string "unit=$U" --form-string 'subject=double' \
	    -F "letter=@$FILES/letter.pdf" "$URL/letters/new" &
	pids="$pids $!"
done
wait $pids
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.letters WHERE subject = 'double'")" 1 'two identical submissions at once: one letter'

# A real DOCX (OOXML word document) is accepted as such.
python3 - "$FILES/real.docx" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)
z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
z.writestr('word/document.xml', '<w:document/>')
z.close()
PY
out=$(submit "$J" "$(tok)" 'Ali' "$U" 'docx' -F "letter=@$FILES/real.docx;filename=نامه.docx")
is "$(q "$PGUSER" "SELECT content_type FROM pishkhan.files f JOIN pishkhan.letters l ON l.id = f.letter_id WHERE l.subject = 'docx'")" \
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document' 'a real DOCX is accepted and typed by its content'

# Bad inputs: a message next to the field, what was typed kept, nothing saved.
out=$(submit "$J" "$(tok)" 'Ali' "$U" 'x' -F "letter=@$FILES/evil.pdf")
is "$(cat "$PK_TMP/st.$$")" 422 '.exe renamed to .pdf: 422'
like "$out" 'id="letter-err"[^>]*>این فایل PNG' '.exe renamed to .pdf: message at the file field'
like "$out" 'value="Ali"' 'typed name kept'
out=$(submit "$J" "$(tok)" 'Ali' "$U" 'x' -F "letter=@$FILES/fake.docx")
like "$out" 'id="letter-err"[^>]*>این فایل PNG' 'ZIP junk renamed to .docx refused'
python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w'); z.writestr('a.txt','hello'); z.close()" "$FILES/plain.docx"
out=$(submit "$J" "$(tok)" 'Ali' "$U" 'x' -F "letter=@$FILES/letter.pdf" -F "attach=@$FILES/plain.docx")
like "$out" 'id="attach-err"[^>]*>این فایل PNG' 'a real ZIP renamed to .docx refused (attachment)'
head -c 70000 /dev/zero | sed 's/^/%PDF-/' >"$FILES/big.pdf"
out=$(submit "$J" "$(tok)" 'Ali' "$U" 'x' -F "letter=@$FILES/big.pdf")
like "$out" 'بزرگ‌تر از ۶۴ KB' 'oversized file: message with the limit'
out=$(submit "$J" "$(tok)" '' "$U" 'x' -F "letter=@$FILES/letter.pdf")
like "$out" 'id="name-err"' 'missing name: message at the field'
out=$(submit "$J" "$(tok)" 'Ali' '' 'x' -F "letter=@$FILES/letter.pdf")
like "$out" 'id="unit-err"' 'missing unit: message'
out=$(submit "$J" "$(tok)" 'Ali' '999999' 'x' -F "letter=@$FILES/letter.pdf")
like "$out" 'id="unit-err"' 'unknown unit: message'
out=$(submit "$J" "$(tok)" 'Ali' "$U" '   ' -F "letter=@$FILES/letter.pdf")
like "$out" 'id="subject-err"' 'blank subject: message'
out=$(submit "$J" "$(tok)" 'Ali' "$U" 'x')
like "$out" 'id="letter-err"[^>]*>فایل متن نامه را انتخاب' 'missing letter file: message'
is "$(nletters)" 3 'no bad submission saved anything'

# Without a CSRF token: refused before any file byte is kept.
curl -s -b "$J" -o "$PK_TMP/resp.$$" -w '%{http_code}' -F "token=$(tok)" -F 'name=A' -F "unit=$U" \
    -F 'subject=s' -F "letter=@$FILES/letter.pdf" "$URL/letters/new" >"$PK_TMP/st.$$"
is "$(cat "$PK_TMP/st.$$")" 403 'POST without CSRF token: 403'
like "$(cat "$PK_TMP/resp.$$")" 'فرم منقضی شده است' 'POST without CSRF token: message'
is "$(nletters)" 3 'nothing saved without CSRF'
# The same without a file (upload.c checks the token only before a file).
st=$(curl -s -b "$J" -o "$PK_TMP/resp.$$" -w '%{http_code}' --form-string "token=$(tok)" --form-string 'name=A' \
    --form-string "unit=$U" --form-string 'subject=s' "$URL/letters/new")
is "$st" 403 'POST without CSRF token and without a file: 403'
like "$(cat "$PK_TMP/resp.$$")" 'فرم منقضی شده است' 'and the message'

# Script and SQL payloads in every text field: saved as typed, shown escaped.
XSS='<script>alert(1)</script>'
SQLI="x'); DROP TABLE pishkhan.letters; --"
out=$(submit "$J" "$(tok)" "$XSS" "$U" "$SQLI $XSS" -F "letter=@$FILES/letter.pdf")
is "$(nletters)" 4 'payload letter saved (and the table is still there)'
unlike "$out" '<script>alert' 'script never reaches the page unescaped'
like "$out" '&lt;script&gt;alert\(1\)&lt;/script&gt;' 'script shown escaped'
is "$(q "$PGUSER" "SELECT subject FROM pishkhan.letters ORDER BY id DESC LIMIT 1")" "$SQLI $XSS" 'subject stored exactly as typed'
out=$(web "$J" -G --data-urlencode "q=$SQLI" "$URL/letters")
like "$out" 'DROP TABLE' 'search with SQL payload finds the letter by subject'
out=$(web "$J" -G --data-urlencode "no=$XSS" "$URL/track")
like "$out" 'نامه‌ای با این شماره پیگیری پیدا نشد' 'script as tracking number: not found'
unlike "$out" '<script>alert' 'tracking payload escaped'

# Approve the first letter (the clerk), then follow it up by its tracking
# number typed in Persian digits.
L1=$(q "$PGUSER" "SELECT min(id) FROM pishkhan.letters")
TR=$(q daemon "SELECT tracking_no FROM pishkhan.letter_approve($L1)")
TRFA=$(printf '%s' "$TR" | sed 'y/0123456789/۰۱۲۳۴۵۶۷۸۹/')
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$J" -G --data-urlencode "no=$TRFA" "$URL/track")
is "$loc" "$URL/letter/$L1" 'tracking number in Persian digits opens the letter'
out=$(web "$J" -G --data-urlencode "q=$TRFA" "$URL/letters")
is "$(printf '%s' "$out" | grep -o '<li class="letter' | wc -l)" 1 'search by tracking number (Persian digits): one letter'
like "$out" 'st-approved' 'approved: green'
like "$out" "$(printf '%s' "$TR" | sed 'y/0123456789/۰۱۲۳۴۵۶۷۸۹/')" 'tracking number shown in Persian digits'
like "$out" 'گرفتن آخرین وضعیت' 'approved letter: get the latest status'
out=$(web "$J" -G --data-urlencode "q=$TR" "$URL/letters")
like "$out" "/letter/$L1\"" 'search by tracking number'

# The unit posts an update and a response file.
q bin "SELECT pishkhan.letter_post_update($L1, 'در دست اقدام')" >/dev/null
RF=$(q bin "SELECT pishkhan.letter_add_response($L1, 'پاسخ نامه.pdf', 'application/pdf', '\x255044462d312e340a', 'پاسخ')")
RFILE=$(q "$PGUSER" "SELECT file_id FROM pishkhan.letter_events WHERE id = $RF" 2>/dev/null || true)
out=$(web "$J" "$URL/letter/$L1?latest=1")
like "$out" 'در دست اقدام' 'latest status: the update'
FID=$(printf '%s' "$out" | grep -o 'href="/file/[0-9]*"' | tail -1 | grep -o '[0-9]*')
hdr=$(curl -s -D - -o "$PK_TMP/dl.$$" -b "$J" "$URL/file/$FID")
like "$hdr" 'Content-Type: application/pdf' 'download: detected type'
like "$hdr" "Content-Disposition: attachment; filename=\"file.pdf\"; filename\\*=UTF-8''%D9%BE" 'download: RFC 6266 name with filename*'
like "$hdr" "Content-Security-Policy: default-src 'none'; sandbox" 'download: sandbox CSP'
like "$hdr" 'X-Content-Type-Options: nosniff' 'download: nosniff'
is "$(head -c 5 "$PK_TMP/dl.$$")" '%PDF-' 'download: the bytes'

# Another citizen sees none of it.
J2="$PK_TMP/b.$$.jar"
login "$J2" '+989351112222'
is "$(status "$J2" "$URL/letter/$L1")" 404 "another citizen's letter id: 404"
is "$(status "$J2" "$URL/file/$FID")" 404 "another citizen's file id: 404"
MAINF=$(q "$PGUSER" "SELECT min(id) FROM pishkhan.files")
is "$(status "$J2" "$URL/file/$MAINF")" 404 "another citizen's letter file: 404"
is "$(status "$J2" "$URL/file/999999")" 404 'a file id that does not exist: the same 404'
out=$(web "$J2" -G --data-urlencode "no=$TR" "$URL/track")
like "$out" 'نامه‌ای با این شماره پیگیری پیدا نشد' "another citizen's tracking number: not found"
out2=$(web "$J2" -G --data-urlencode "no=99999999" "$URL/track")
is "$(printf '%s' "$out" | sed 's/value="[^"]*"//g')" "$(printf '%s' "$out2" | sed 's/value="[^"]*"//g')" 'same page as for a number that does not exist'
out=$(web "$J2" "$URL/letters")
unlike "$out" '/letter/' "another citizen's history is empty"
like "$out" 'نامه‌ای پیدا نشد' 'no letters message'
# Not logged in: a submission is answered before its body is kept.
n0=$(nletters)
J3="$PK_TMP/c.$$.jar"
c=$(web "$J3" "$URL/" | csrf_of)
out=$(curl -s -b "$J3" --form-string "csrf=$c" --form-string "token=$(tok)" --form-string 'name=A' \
    --form-string "unit=$U" --form-string 'subject=s' -F "letter=@$FILES/letter.pdf" "$URL/letters/new")
like "$out" 'نامه ثبت نشد. دوباره وارد شوید و نامه را دوباره بفرستید' 'submission without a session: not registered, log in and send it again (tests/web/drafts.sh: a session that ended)'
is "$(curl -s -o /dev/null -w '%{http_code}' -F 'name=A' "$URL/letters/new")" 403 'POST without any cookie: 403'
is "$(nletters)" "$n0" 'nothing saved without a session'
# Not logged in: login page, no data.
out=$(curl -s "$URL/letter/$L1")
like "$out" 'ارسال کد' 'not logged in: login page'
is "$(curl -s -o /dev/null -w '%{http_code}' "$URL/file/$FID")" 200 'not logged in: a page, not the file'
unlike "$(curl -s "$URL/file/$FID")" '%PDF' 'not logged in: no file bytes'

# Rejected letter: red, with reason.
L2=$(q "$PGUSER" "SELECT max(id) FROM pishkhan.letters")
q daemon "SELECT pishkhan.letter_reject($L2, 'خوانا نبودن نامه')" >/dev/null
out=$(web "$J" "$URL/letters")
like "$out" 'st-rejected' 'rejected: red'
like "$out" 'خوانا نبودن نامه' 'rejected: the reason'

# Paging: newest first, three a page, "older letters" to the rest.
for i in 1 2 3; do mk_letter "$M" 156301 "صفحه $i" >/dev/null; done
out=$(web "$J" "$URL/letters")
is "$(printf '%s' "$out" | grep -o '<li class="letter' | wc -l)" 3 'history: a page of three'
like "$out" 'صفحه 3.*صفحه 2.*صفحه 1' 'history: newest first'
older=$(printf '%s' "$out" | grep -o 'href="/letters?before=[0-9]*&amp;q="' | sed 's/href="//; s/"$//; s/&amp;/\&/')
like "$older" '^/letters\?before=[0-9]+&q=$' 'history: a link to older letters'
out=$(web "$J" "$URL$older")
is "$(printf '%s' "$out" | grep -o '<li class="letter' | wc -l)" 3 'history: the second page holds the next three'
like "$out" 'st-rejected' 'second page: the rejected letter'

# The file limit to the byte: a file of exactly web.max_file_size (64 KB)
# is taken, one byte more is refused with the limit in the message.
{ printf '%%PDF-1.4\n'; head -c $((65536 - 9)) /dev/zero; } >"$FILES/exact.pdf"
{ printf '%%PDF-1.4\n'; head -c $((65536 - 8)) /dev/zero; } >"$FILES/over.pdf"
is "$(wc -c <"$FILES/exact.pdf" | tr -d ' ') $(wc -c <"$FILES/over.pdf" | tr -d ' ')" '65536 65537' \
    'test files of 64 KB and 64 KB + 1'
out=$(submit "$J" "$(tok)" 'Ali' "$U" 'exactly 64k' -F "letter=@$FILES/exact.pdf")
is "$(q "$PGUSER" "SELECT octet_length(f.data) FROM pishkhan.files f JOIN pishkhan.letters l ON l.id = f.letter_id WHERE l.subject = 'exactly 64k'")" \
    65536 'a file of exactly the limit is accepted, every byte kept'
out=$(submit "$J" "$(tok)" 'Ali' "$U" 'one byte over' -F "letter=@$FILES/over.pdf")
like "$out" 'بزرگ‌تر از ۶۴ KB' 'one byte over the limit: refused with the limit'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.letters WHERE subject = 'one byte over'")" 0 \
    'and nothing saved'

# A body over web.max_body: 413 before it is read.
head -c 300000 /dev/zero >"$FILES/huge.bin"
c=$(web "$J" "$URL/" | csrf_of)
st=$(curl -s -o "$PK_TMP/resp.$$" -w '%{http_code}' -b "$J" -F "csrf=$c" -F "letter=@$FILES/huge.bin" "$URL/letters/new")
is "$st" 413 'body over the limit: 413'
like "$(cat "$PK_TMP/resp.$$")" 'حجم فرم ارسالی بیش از حد مجاز' 'body over the limit: message'
# The same sent in chunks, with no Content-Length to refuse it by: cut off
# once web.max_body bytes have come, nothing kept.
c=$(web "$J" "$URL/" | csrf_of)
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$J" -H 'Transfer-Encoding: chunked' -F "csrf=$c" \
    -F "token=$(tok)" -F 'name=A' -F "unit=$U" -F 'subject=chunked' -F "letter=@$FILES/huge.bin;filename=a.pdf" "$URL/letters/new")
like "$(cat "$WEBLOG")" 'request body over web.max_body' 'chunked body over the limit: cut off and logged'
is "$st $(q "$PGUSER" "SELECT count(*) FROM pishkhan.letters WHERE subject = 'chunked'")" '000 0' \
    'chunked body over the limit: the connection is closed, nothing saved'

# A client sending one byte a second is cut off after request_timeout.
start=$(date +%s)
{ printf 'POST /login/send HTTP/1.1\r\nHost: x\r\nCookie: pk_csrf=%064d\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n' 0
  i=0; while [ $i -lt 10 ]; do printf 'a'; sleep 1; i=$((i + 1)); done; } |
    curl -s -m 15 "telnet://127.0.0.1:${URL##*:}" >/dev/null 2>&1
el=$(( $(date +%s) - start ))
like "$(cat "$WEBLOG")" 'too slow' 'slow client: cut off and logged'
[ "$el" -lt 10 ]; ok $? "slow client: connection closed after ${el}s (< 10 s)"

# Database down: a clear page, no crash; back when it is back.  Only this
# suite's database goes away (the cluster is shared with other suites):
# connections to it are refused and the server's are cut, as in a restart.
pgq() { psql -X -q -A -t -v ON_ERROR_STOP=1 -U "$PGUSER" -d postgres -c "$1"; }
pgq "ALTER DATABASE $DB ALLOW_CONNECTIONS false" >/dev/null
pgq "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$DB'" >/dev/null
st=$(curl -s -o "$PK_TMP/resp.$$" -w '%{http_code}' -b "$J" "$URL/letters")
is "$st" 503 'database down: 503'
like "$(cat "$PK_TMP/resp.$$")" 'سامانه موقتاً در دسترس نیست' 'database down: try-again page'
is "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" 503 'healthz: 503 while down'
c=$(web "$J" "$URL/letters" | csrf_of)
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$J" --form-string "csrf=$c" --form-string "token=$(tok)" \
    --form-string 'name=A' --form-string "unit=$U" --form-string 'subject=while down' \
    -F "letter=@$FILES/letter.pdf" "$URL/letters/new")
is "$st" 503 'submission while down: 503, not a crash'
pgq "ALTER DATABASE $DB ALLOW_CONNECTIONS true" >/dev/null
is "$(curl -s "$URL/healthz")" ok 'healthz: ok when the database is back (reconnected)'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.letters WHERE subject = 'while down'")" 0 'nothing half-saved'
# A restart cuts every connection: the next request must not fail.
pgq "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$DB' AND usename = 'pishkhan_web'" >/dev/null
sleep 0.2
out=$(web "$J" "$URL/letters")
like "$out" 'صفحه 3' 'history at once after the connections were cut (reconnected)'
is "$(curl -s "$URL/healthz")" ok 'healthz ok after the cut'

stop_web
is "$WEB_RC" 0 'clean exit'
done_testing
