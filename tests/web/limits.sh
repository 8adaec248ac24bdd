#!/bin/sh
# tests/web/limits.sh — a citizen over the submission limit (issue 9 item
# 4): the form again with a 429, the top message saying from when (a Jalali
# date and time in the office's time zone), what was typed kept, nothing
# saved; and again after an admin lifts the limit.
. "$(dirname "$0")/../lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

DB=$(new_db)
setup_org
start_web 'code_wait = 0
max_file_size = 64k
max_body = 200k'
mk_files
J="$PK_TMP/l.$$.jar"
M='+989121234000'
login "$J" "$M"
U=$(unit_id 156301)
set_limit() { q "$PGUSER" "UPDATE pishkhan.settings SET value = '$2' WHERE key = '$1'" >/dev/null; }
nletters() { q "$PGUSER" "SELECT count(*) FROM pishkhan.letters"; }
tok() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
submit() {	# submit NAME SUBJECT [curl -F args...]: body; status in $PK_TMP/lst
	_n=$1; _s=$2; shift 2
	_c=$(web "$J" "$URL/" | csrf_of)
	TOK=${FORMTOK:-$(tok)}
	curl -s -L -b "$J" -c "$J" -w '\n%{http_code}' --form-string "csrf=$_c" \
	    --form-string "token=$TOK" --form-string "name=$_n" --form-string "unit=$U" \
	    --form-string "subject=$_s" "$@" "$URL/letters/new" >"$PK_TMP/lresp.$$"
	tail -n 1 "$PK_TMP/lresp.$$" >"$PK_TMP/lst.$$"
	sed '$d' "$PK_TMP/lresp.$$"
	LASTTOK=$TOK	# (kept only when not called in a subshell)
}
st() { cat "$PK_TMP/lst.$$"; }

set_limit letters_per_hour 2
for i in 1 2; do
	submit 'علی رضایی' "نامهٔ $i" -F "letter=@$FILES/letter.pdf" >/dev/null
	is "$(st)" 200 "letter $i of 2 an hour: taken"
done
# The second letter's form again (a double click at the limit): its letter.
out=$(FORMTOK=$LASTTOK submit 'علی رضایی' 'نامهٔ 2' -F "letter=@$FILES/letter.pdf")
is "$(st)" 200 'the same form again at the limit: the history, not a refusal'
like "$out" 'نامهٔ 2' 'with its letter'
out=$(submit 'علی رضایی' 'نامهٔ سوم' -F "letter=@$FILES/letter.pdf")
is "$(st)" 429 'the third in the hour: 429'
is "$(nletters)" 2 'and nothing saved'
# When: an hour after the first letter, rounded up to the minute, in Tehran.
want=$(q "$PGUSER" "SELECT pishkhan.persian_digits(pishkhan.jalali(t::date) || ' ' || to_char(t, 'HH24:MI'))
    FROM (SELECT date_trunc('minute', (min(created_at) + interval '1 hour 59.999999 seconds')
	AT TIME ZONE 'Asia/Tehran') t FROM pishkhan.letters) s")
like "$out" 'role="alert"><p>به سقف نامه‌هایی که هر نفر' 'the top message says the limit is reached, in Persian'
like "$out" "از $want می‌توانید دوباره نامه ثبت کنید" "and from when: $want (Jalali, Tehran time)"
like "$out" 'value="علی رضایی"' 'the typed name is kept'
like "$out" 'value="نامهٔ سوم"' 'the typed subject is kept'
like "$out" 'id="letter-err"[^>]*>فایل‌ها را دوباره انتخاب کنید' 'the file field asks for the file again'
web "$J" -o /dev/null "$URL/lang/en"
out=$(submit 'Ali' 'third' -F "letter=@$FILES/letter.pdf")
like "$out" 'You have reached the number of letters one person may submit' 'in English too'
like "$out" 'You can submit again from [0-9]{4}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}\.' 'with the date in ASCII digits'
web "$J" -o /dev/null "$URL/lang/fa"

# An admin lifts the limit: the citizen may submit at once.
ctl -c "$CONF" citizens lift 09121234000 >/dev/null
ok $? 'pishkhanctl citizens lift'
submit 'علی رضایی' 'نامهٔ سوم' -F "letter=@$FILES/letter.pdf" >/dev/null
is "$(st)" 200 'after the lift: taken'
is "$(nletters)" 3 'and saved'

# Bytes: files that alone are over the limit.
set_limit letters_per_hour 0
set_limit bytes_per_hour 40
out=$(submit 'علی رضایی' 'حجیم' -F "letter=@$FILES/letter.pdf" -F "attach=@$FILES/letter.pdf")
is "$(st)" 429 'files over the bytes limit: 429'
like "$out" 'حجم فایل‌های این نامه از سقفی که هر نفر می‌تواند ثبت کند بیشتر است' 'the message says the files are too big'
is "$(nletters)" 3 'nothing saved'

stop_web
done_testing
