#!/bin/sh
# tests/web/login_guard.sh — login codes against abuse (issue 9, items 6, 8,
# 9): a stranger cannot kill the owner's next code, guesses are bounded per
# code, per address and per number (a captcha, not a refusal), "wrong" and
# "expired" read the same, per-address limits group IPv6 networks and count
# days, the captcha picture is limited, the SMS budget warns at 80%, a GET
# changes nothing stored, the CSRF token changes at login, and the HMAC key
# is loaded before the server serves.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

DB=$(new_db)
tries() { q "$PGUSER" "SELECT tries FROM pishkhan.web_login_codes WHERE mobile = '$1' ORDER BY id DESC LIMIT 1"; }

# verify JAR MOBILE CODE — press "تایید کد" on the form in $PAGE, answering
# its captcha when it shows one; the answer in $PAGE, its status in $ST.
verify() {
	_c=$(printf '%s' "$PAGE" | csrf_of)
	_t=$(printf '%s' "$PAGE" | captcha_of)
	_a=
	[ -n "$_t" ] && _a=$(captcha_answer "$_t")
	ST=$(web "$1" -o "$PK_TMP/v.$$" -w '%{http_code}' --data-urlencode "csrf=$_c" \
	    --data-urlencode "mobile=$2" --data-urlencode "code=$3" \
	    --data-urlencode "captcha=$_t" --data-urlencode "answer=$_a" "$URL/login/verify")
	PAGE=$(cat "$PK_TMP/v.$$")
}
# strip — a page without its tokens and numbers, to compare two answers
strip() { sed 's/value="[0-9a-f]*"//g; s/captcha\/[0-9a-f]*\.png//g; s/[۰۱۲۳۴۵۶۷۸۹+0-9]*//g'; }
WRONG='کد تایید درست نیست یا دیگر معتبر نیست'

start_web 'code_wait = 0'

# Item 9: the key is the database's, fetched before the first connection.
log=$(cat "$WEBLOG")
like "$log" "the login-code key is the database's" 'the HMAC key is loaded at start'
kl=$(grep -n "login-code key" "$WEBLOG" | head -1 | cut -d: -f1)
ll=$(grep -n "listening on" "$WEBLOG" | head -1 | cut -d: -f1)
ok "$([ -n "$kl" ] && [ -n "$ll" ] && [ "$kl" -lt "$ll" ]; echo $?)" 'the key is loaded before the server listens'

# Item 6: a stranger who knows only the number guesses at the owner's code.
M='+989121110001'
JO="$PK_TMP/owner.$$.jar" JA="$PK_TMP/attacker.$$.jar"
send_code "$JO" 09121110001
code=$(last_code "$M")
wrong=$(wrong_code "$code")
# the stranger's own form (its CSRF cookie), without the login captcha
PAGE=$(web "$JA" "$URL/" | sed 's/name="captcha"//')
for i in 1 2 3; do verify "$JA" "$M" "$wrong"; done
is "$ST" 422 'a wrong code: 422'
like "$PAGE" "$WRONG" 'a wrong code: the message'
like "$PAGE" 'name="captcha"' 'after 3 wrong codes for the number, the form asks for a captcha'
# without the captcha: asked for it, and nothing is counted
c=$(printf '%s' "$PAGE" | csrf_of)
out=$(web "$JA" --data-urlencode "csrf=$c" --data-urlencode "mobile=$M" \
    --data-urlencode "code=$wrong" "$URL/login/verify")
like "$out" 'عددهای تصویر را هم' 'a try without the captcha: asked for the captcha, in Persian'
like "$out" 'id="answer-err"' 'the message is next to the captcha field'
is "$(tries "$M")" 3 'a try without the captcha is not counted'
# the stranger solves captchas: still 5 tries for this code, no more
for i in 4 5 6 7; do verify "$JA" "$M" "$wrong"; done
is "$(tries "$M")" 5 'a code takes 5 tries at most'
verify "$JA" "$M" "$code"
is "$ST" 422 'after 5 wrong tries even the right code is refused'
like "$PAGE" "$WRONG" '... with the same answer as a wrong code'
# The owner asks for a new code: it starts with no tries, and works.
send_code "$JO" 09121110001
is "$(tries "$M")" 0 'a new code starts with no tries'
like "$PAGE" 'name="captcha"' 'the code form after the send asks for a captcha (number under attack)'
code=$(last_code "$M")
verify "$JO" "$M" "$code"
is "$ST" 303 'the owner logs in with the new code (with a captcha)'
like "$(web "$JO" "$URL/")" 'خروج' 'the owner is logged in'

# One answer for a wrong code, an expired one, a used one, and a number
# that never had a code.
J1="$PK_TMP/one.$$.jar"
send_code "$J1" 09121110002
code2=$(last_code '+989121110002')
verify "$J1" '+989121110002' "$(wrong_code "$code2")"
a=$(printf '%s' "$PAGE" | strip); sa=$ST
q "$PGUSER" "UPDATE pishkhan.web_login_codes SET expires_at = now() - interval '1 s' WHERE mobile = '+989121110002'" >/dev/null
verify "$J1" '+989121110002' "$code2"
b=$(printf '%s' "$PAGE" | strip); sb=$ST
verify "$J1" '+989121110003' 123456
c=$(printf '%s' "$PAGE" | strip); sc=$ST
login "$PK_TMP/used.$$.jar" '+989121110004'
PAGE=$(web "$J1" "$URL/" | sed 's/name="captcha"//')
verify "$J1" '+989121110004' "$(last_code '+989121110004')"
d=$(printf '%s' "$PAGE" | strip); sd=$ST
like "$a" "$WRONG" 'wrong code: the message'
is "$b" "$a" 'an expired code: the same page as a wrong code'
is "$c" "$a" 'a number without a code: the same page as a wrong code'
is "$d" "$a" 'a used code: the same page as a wrong code'
is "$sb $sc $sd" "$sa $sa $sa" 'and the same status'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.web_code_guesses WHERE mobile = '+989121110003'")" 1 'a try at a number without a code counts too'
stop_web

# Per address: wrong codes from one address are bounded (an hour here);
# another address, or another IPv6 /64, is not held.
DB=$(new_db peraddr)
start_web 'code_wait = 0
guesses_per_ip = 4'
J="$PK_TMP/pa.$$.jar"
WEB_HEADER='X-Forwarded-For: 2001:db8:7:1::1'
send_code "$J" 09121110010
for n in 1 2 3 4; do
	WEB_HEADER="X-Forwarded-For: 2001:db8:7:1::$n"
	verify "$J" "+98912111002$n" 111111
done
is "$ST" 422 'four wrong codes from one /64: answered'
WEB_HEADER='X-Forwarded-For: 2001:db8:7:1:ffff::9'
verify "$J" '+989121110010' "$(last_code '+989121110010')"
is "$ST" 429 'the fifth try from the same /64 is refused (429), even with the right code'
like "$PAGE" 'از این نشانی اینترنتی بیش از حد مجاز کد نادرست' 'with a message in Persian'
WEB_HEADER='X-Forwarded-For: 2001:db8:7:2::1'
verify "$J" '+989121110010' "$(last_code '+989121110010')"
is "$ST" 303 'from another /64: the right code logs in'
is "$(q "$PGUSER" "SELECT DISTINCT ip FROM pishkhan.web_code_guesses")" '2001:db8:7:1::/64' 'tries are counted per /64'
WEB_HEADER=
stop_web

# Codes per address: IPv6 grouped by web.ipv6_prefix, and a daily bound.
DB=$(new_db codes)
start_web 'code_wait = 0
codes_per_ip = 3
codes_per_ip_day = 4'
J="$PK_TMP/cp.$$.jar"
for n in 1 2 3; do
	WEB_HEADER="X-Forwarded-For: 2001:db8:5:6::$n"
	send_code "$J" "0912111003$n"
done
like "$PAGE" 'کد تایید' 'three codes from three addresses of one /64: sent'
WEB_HEADER='X-Forwarded-For: 2001:db8:5:6:abcd::4'
send_code "$J" 09121110034
like "$PAGE" 'بیش از حد مجاز کد خواسته شده' 'a fourth from the same /64 in the hour: refused'
WEB_HEADER='X-Forwarded-For: 2001:db8:5:7::1'
send_code "$J" 09121110035
like "$PAGE" 'کد تایید' 'from the next /64: sent'
is "$(q "$PGUSER" "SELECT count(DISTINCT ip) FROM pishkhan.web_login_codes WHERE ip <<= '2001:db8:5:6::/64'")" 1 'the codes of one /64 share one address group'
WEB_HEADER='X-Forwarded-For: 198.51.100.7'
q "$PGUSER" "UPDATE pishkhan.web_login_codes SET created_at = now() - interval '2 h'" >/dev/null
for n in 6 7 8 9; do send_code "$J" "0912111003$n"; done
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.web_login_codes WHERE ip = '198.51.100.7'")" 3 'IPv4: three an hour from one address'
q "$PGUSER" "UPDATE pishkhan.web_login_codes SET created_at = now() - interval '2 h'" >/dev/null
send_code "$J" 09121110040
like "$PAGE" 'کد تایید' 'the next hour: sent (4 today)'
q "$PGUSER" "UPDATE pishkhan.web_login_codes SET created_at = now() - interval '2 h'" >/dev/null
send_code "$J" 09121110041
like "$PAGE" 'بیش از حد مجاز کد خواسته شده' 'the fifth of the day from one address: refused'
WEB_HEADER=
stop_web

# The SMS budget: a warning once, at 80%; the figure for admins.
DB=$(new_db budget)
start_web 'code_wait = 0
sms_budget = 5'
J="$PK_TMP/b.$$.jar"
for n in 1 2 3; do send_code "$J" "0912111005$n"; done
unlike "$(cat "$WEBLOG")" '80%' 'at 60% of the budget: no warning'
send_code "$J" 09121110054
like "$(cat "$WEBLOG")" 'warning: 4 login codes sent today: 80% of the daily SMS budget' 'at 80%: a warning'
send_code "$J" 09121110055
is "$(grep -c '80% of the daily SMS budget' "$WEBLOG")" 1 'the warning is given once'
is "$(q "$PGUSER" "SELECT codes_today, warned_at IS NOT NULL FROM pishkhan.web_login_stats()")" '5|t' 'web_login_stats(): codes today and the warning'
out=$(ctl -c "$WEBCONF" login stats)
like "$out" '^codes_today	5$' 'pishkhanctl login stats: codes today'
like "$out" '^budget	5$' '... the budget from the configuration'
like "$out" '^budget_used	100%$' '... the share used'
like "$out" '^warned_at	[0-9]{4}-[0-9]{2}-[0-9]{2} ' '... when the warning was given'
like "$out" '^busiest_address	127\.0\.0\.1$' '... the busiest address'
stop_web

# The budget's day is the office's (sessions run in the time_zone setting):
# a code of 23:59:59 yesterday, office time, does not count today; one of
# 00:00:01 does.  A UTC day would count both or neither, whatever the hour.
DB=$(new_db budgetday)
start_web 'code_wait = 0
sms_budget = 2'
midnight="date_trunc('day', now() AT TIME ZONE pishkhan.setting('time_zone')) AT TIME ZONE pishkhan.setting('time_zone')"
q "$PGUSER" "INSERT INTO pishkhan.web_login_codes (mobile, code_hmac, created_at, expires_at)
    SELECT '+98912111007' || n, '\\x00', $midnight + s * interval '1 s', $midnight + s * interval '1 s'
    FROM (VALUES (1, -1), (2, 1)) AS v(n, s)" >/dev/null
J="$PK_TMP/bd.$$.jar"
send_code "$J" 09121110073
like "$PAGE" 'کد تایید' "the office's day: yesterday's last code is not counted, a send is left"
send_code "$J" 09121110074
like "$PAGE" 'ارسال پیامک امروز ممکن نیست' "... and today's first is: the next send is over the budget"
stop_web

# The captcha picture: new ones per address an hour.
DB=$(new_db captcha)
start_web 'captchas_per_ip = 3'
J="$PK_TMP/c.$$.jar"
for n in 1 2 3; do
	t=$(printf '%064x' "$n")
	s=$(status "$J" "$URL/captcha/$t.png")
done
is "$s" 200 'three new captchas: drawn'
is "$(status "$J" "$URL/captcha/$(printf '%064x' 4).png")" 429 'the fourth new one in the hour: 429'
is "$(status "$J" "$URL/captcha/$(printf '%064x' 1).png")" 200 'an existing one is drawn again'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.web_captchas")" 3 'nothing stored for the refused one'
like "$(curl -s "$URL/captcha/$(printf '%064x' 5).png")" 'تصویرهای امنیتی زیادی' 'the refusal says why, in Persian'
is "$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 203.0.113.9' "$URL/captcha/$(printf '%064x' 6).png")" 200 'another address: drawn'
stop_web

# Item 8: GET /lang changes only the page; a POST with the CSRF token
# changes the stored language.  The CSRF token changes at login.
DB=$(new_db lang)
start_web 'code_wait = 0'
J="$PK_TMP/l.$$.jar"
web "$J" -o /dev/null "$URL/"
before=$(awk '$6 == "pk_csrf" { print $7 }' "$J")
send_code "$J" 09121110060
c=$(printf '%s' "$PAGE" | csrf_of)
hdr=$(curl -s -D - -o /dev/null -b "$J" -c "$J" --data-urlencode "csrf=$c" \
    --data-urlencode "mobile=+989121110060" --data-urlencode "code=$(last_code '+989121110060')" \
    "$URL/login/verify")
like "$hdr" '^HTTP/1.1 303' 'logged in'
like "$hdr" 'Set-Cookie: pk_csrf=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Lax' 'login sets a new CSRF cookie'
after=$(awk '$6 == "pk_csrf" { print $7 }' "$J")
ok "$([ -n "$after" ] && [ "$after" != "$before" ]; echo $?)" 'the CSRF token after login is not the one before'
page=$(web "$J" "$URL/")
is "$(printf '%s' "$page" | csrf_of)" "$after" 'pages carry the new token'
lang() { q "$PGUSER" "SELECT lang FROM pishkhan.citizens WHERE mobile = '+989121110060'"; }
is "$(lang)" fa 'stored language: fa'
hdr=$(curl -s -D - -o /dev/null -b "$J" -c "$J" "$URL/lang/en")
like "$hdr" 'Set-Cookie: pk_lang=en' 'GET /lang/en: the page language cookie'
is "$(lang)" fa 'GET /lang/en (a cross-site <img> can send one) changes nothing stored'
page=$(web "$J" "$URL/")
like "$page" '<html lang="en"' 'the page is English'
like "$page" '<form method="post" action="/lang/fa" class="inline"><input type="hidden" name="csrf"' 'logged in: the language switch is a form with the CSRF token'
is "$(status "$J" --data-urlencode "x=1" "$URL/lang/en")" 403 'POST /lang without the token: refused'
is "$(lang)" fa '... and nothing stored'
is "$(status "$J" --data-urlencode "csrf=$after" "$URL/lang/en")" 303 'POST /lang/en with the token'
is "$(lang)" en 'the stored language is en (SMS in English)'

# Logout makes a new CSRF token too.
hdr=$(curl -s -D - -o /dev/null -b "$J" -c "$J" --data-urlencode "csrf=$after" "$URL/logout")
like "$hdr" 'Set-Cookie: pk_csrf=[0-9a-f]{64}' 'logout sets a new CSRF cookie'
ok "$([ "$(awk '$6 == "pk_csrf" { print $7 }' "$J")" != "$after" ]; echo $?)" 'the token after logout is not the one before'
stop_web

# A database that is not there at start: the server starts, and the first
# login after it is there fetches the key.
DB="t_login_guard_$$_late"
start_web 'code_wait = 0'
like "$(cat "$WEBLOG")" 'the login-code key is fetched when it answers' 'database missing at start: said, and the server starts'
createdb -U "$PGUSER" -T "$PK_TEMPLATE" "$DB" >/dev/null || bail "createdb $DB"
J="$PK_TMP/late.$$.jar"
login "$J" '+989121110080'
like "$(web "$J" "$URL/")" 'خروج' 'the first login fetches the key and works'
stop_web

# A key file: loaded at start as well.
DB=$(new_db keyfile)
head -c 48 /dev/urandom >"$PK_TMP/key.$$"
start_web "secret_file = $PK_TMP/key.$$"
like "$(cat "$WEBLOG")" "the login-code key is from '$PK_TMP/key.$$'" 'the key file is read at start'
J="$PK_TMP/k.$$.jar"
login "$J" '+989121110070'
like "$(web "$J" "$URL/")" 'خروج' 'login with the file key'
stop_web
rm -f "$PK_TMP/key.$$" "$PK_TMP/v.$$"
done_testing
