#!/bin/sh
# tests/web/login.sh — getting in: captcha, SMS code, sessions, logout, and
# every way of getting it wrong (HTTP level, against the real server).
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

DB=$(new_db)
start_web 'code_wait = 0'
J="$PK_TMP/login.$$.jar"
M='+989121111111'

# The login page: Persian, RTL, the seed's words, security headers.
hdr=$(curl -s -D - -o "$PK_TMP/page.$$" -c "$J" "$URL/")
page=$(cat "$PK_TMP/page.$$")
like "$page" '<html lang="fa" dir="rtl">' 'login page is Persian, right to left'
like "$page" 'شماره تلفن همراه' 'label: mobile number'
like "$page" 'کد امنیتی' 'label: security code'
like "$page" 'ارسال کد' 'button: send code'
like "$hdr" "Content-Security-Policy: default-src 'none'" 'CSP default-src none'
like "$hdr" "frame-ancestors 'none'" 'CSP frame-ancestors none'
like "$hdr" 'X-Content-Type-Options: nosniff' 'nosniff'
like "$hdr" 'Referrer-Policy: same-origin' 'Referrer-Policy'
like "$hdr" 'Cache-Control: no-store' 'no-store'
like "$hdr" 'Set-Cookie: pk_csrf=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Lax' 'CSRF cookie HttpOnly, SameSite=Lax'
unlike "$page" '<script>' 'no inline script'

# The captcha image is a PNG, and only for a live captcha.
tok=$(printf '%s' "$page" | captcha_of)
ct=$(curl -s -o "$PK_TMP/cap.$$.png" -w '%{content_type}' "$URL/captcha/$tok.png")
is "$ct" 'image/png' 'captcha is a PNG'
like "$(head -c 8 "$PK_TMP/cap.$$.png" | od -An -c | tr -d ' ')" 'PNG' 'captcha has PNG magic'
ans=$(captcha_answer "$tok")
like "$ans" '^[234579]{5}$' 'captcha answer: 5 digits without look-alikes'
is "$(captcha_answer "$tok")" "$ans" 'the same picture again: the same answer'
is "$(status "$J" "$URL/captcha/xyz.png")" 404 'malformed captcha token: 404'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.web_captchas WHERE answer = '$ans' AND expires_at BETWEEN now() + interval '4 min' AND now() + interval '5 min'")" 1 'captcha expires in about 5 minutes'

# Without a CSRF token: refused, nothing sent.
csrf=$(printf '%s' "$page" | csrf_of)
out=$(web "$J" --data-urlencode "mobile=09121111111" --data-urlencode "captcha=$tok" \
    --data-urlencode "answer=$ans" "$URL/login/send")
like "$out" 'فرم منقضی شده است' 'POST without CSRF token: refused with a message'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox")" 0 'no SMS without CSRF'
# A token that is not this browser's: refused.
out=$(web "$J" --data-urlencode "csrf=$(printf '%064d' 0)" --data-urlencode "mobile=09121111111" \
    --data-urlencode "captcha=$tok" --data-urlencode "answer=$ans" "$URL/login/send")
like "$out" 'فرم منقضی شده است' 'POST with a wrong CSRF token: refused'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox")" 0 'no SMS with a wrong token'
page=$(web "$J" "$URL/")
csrf=$(printf '%s' "$page" | csrf_of)
out=$(web "$J" --data-urlencode "csrf=${csrf}00" --data-urlencode "mobile=09121111111" "$URL/login/send")
like "$out" 'فرم منقضی شده است' 'POST with the token and more: refused'
# A cross-site POST with the right token: refused too.
out=$(web "$J" -H 'Sec-Fetch-Site: cross-site' --data-urlencode "csrf=$csrf" \
    --data-urlencode "mobile=09121111111" "$URL/login/send")
like "$out" 'فرم منقضی شده است' 'cross-site POST refused'
out=$(web "$J" -H 'Origin: http://evil.example' --data-urlencode "csrf=$csrf" \
    --data-urlencode "mobile=09121111111" "$URL/login/send")
like "$out" 'فرم منقضی شده است' 'foreign Origin refused'

# «تصویر دیگر» (another picture) keeps the typed number: it is a submit
# button of the form (no JavaScript needed), after the send button so that
# Enter still sends the code; its answer is a new captcha and the number.
page=$(web "$J" "$URL/")
csrf=$(printf '%s' "$page" | csrf_of); tok=$(printf '%s' "$page" | captcha_of)
like "$page" '<button type="submit" class="another" formaction="/login/captcha" formnovalidate>تصویر دیگر</button>' \
    'another picture: a submit button to /login/captcha'
like "$(printf '%s' "$page" | tr -d '\n')" 'ارسال کد</button>.*formaction="/login/captcha"' \
    'another picture comes after the send button (Enter sends the code)'
out=$(web "$J" --data-urlencode "csrf=$csrf" --data-urlencode "mobile=۰۹۱۲ ۱۱۱ ۱۱۱۱" \
    --data-urlencode "captcha=$tok" --data-urlencode "answer=" "$URL/login/captcha")
like "$out" 'name="mobile" type="tel" [^>]*value="۰۹۱۲ ۱۱۱ ۱۱۱۱"' 'another picture: the typed number is kept'
tok2=$(printf '%s' "$out" | captcha_of)
like "$tok2" '^[0-9a-f]{64}$' 'another picture: a new captcha'
[ "$tok2" != "$tok" ]; ok $? "another picture: not the same captcha"
unlike "$out" 'field-err' 'another picture: no error shown'
out=$(web "$J" --data-urlencode "mobile=09121111111" "$URL/login/captcha")
like "$out" 'فرم منقضی شده است' 'another picture without CSRF token: refused'
like "$out" 'value="09121111111"' 'refused, the number still kept'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox")" 0 'another picture sends no SMS'

# Bad mobile numbers: a message next to the field, what was typed kept.
for bad in '' '12345' '02188888888' '<script>x</script>'; do
	page=$(web "$J" "$URL/")
	csrf=$(printf '%s' "$page" | csrf_of)
	out=$(web "$J" --data-urlencode "csrf=$csrf" --data-urlencode "mobile=$bad" "$URL/login/send")
	like "$out" 'id="mobile-err"' "bad mobile '$bad': message next to the field"
done
unlike "$out" '<script>x' 'typed script is escaped'
like "$out" '&lt;script&gt;x&lt;/script&gt;' 'typed value kept, escaped'

# Wrong captcha answer: refused, and the captcha is used up.
page=$(web "$J" "$URL/")
csrf=$(printf '%s' "$page" | csrf_of); tok=$(printf '%s' "$page" | captcha_of)
curl -s -o /dev/null "$URL/captcha/$tok.png"
out=$(web "$J" --data-urlencode "csrf=$csrf" --data-urlencode "mobile=09121111111" \
    --data-urlencode "captcha=$tok" --data-urlencode "answer=00000" "$URL/login/send")
like "$out" 'کد امنیتی درست نیست' 'wrong captcha: message'
ans=$(q "$PGUSER" "SELECT answer FROM pishkhan.web_captchas WHERE id = sha256(decode('$tok','hex'))")
like "$ans" '^[0-9]{5}$' 'the captcha had been drawn'
is "$(status "$J" "$URL/captcha/$tok.png")" 404 'a used captcha has no picture any more'
csrf=$(printf '%s' "$out" | csrf_of)
out=$(web "$J" --data-urlencode "csrf=$csrf" --data-urlencode "mobile=09121111111" \
    --data-urlencode "captcha=$tok" --data-urlencode "answer=$ans" "$URL/login/send")
like "$out" 'کد امنیتی درست نیست' 'captcha is single-use (right answer after a wrong one)'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox")" 0 'no SMS for wrong captchas'

# Persian digits in the mobile number; the code arrives by SMS.
send_code "$J" '۰۹۱۲۱۱۱۱۱۱۱'
like "$PAGE" 'کد تایید' 'code page after send'
like "$PAGE" '<bdi dir="ltr">۰۹۱۲۱۱۱۱۱۱۱</bdi>' 'the number as typed in Iran, Persian digits, isolated left to right'
code=$(last_code "$M")
like "$code" '^[0-9]{6}$' 'a 6-digit code in the outbox'
# Not stored in any form one can read back: not its digits as bytes, not
# its bare hash; 32 bytes of a keyed HMAC.
is "$(q "$PGUSER" "SELECT count(*) FILTER (WHERE octet_length(code_hmac) = 32
    AND position(convert_to('$code', 'UTF8') IN code_hmac) = 0
    AND code_hmac <> sha256(convert_to('$code', 'UTF8'))
    AND code_hmac <> sha256(convert_to('$M$code', 'UTF8'))) || '/' || count(*)
    FROM pishkhan.web_login_codes WHERE mobile = '$M'")" '1/1' 'the code itself is not stored'
# A new code lives web.code_ttl (5 minutes by default), as its SMS says.
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.web_login_codes WHERE mobile = '$M'
    AND expires_at > now() + interval '4 min' AND expires_at <= created_at + interval '5 min'")" 1 \
    'a new login code lives 5 minutes'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox WHERE to_number = '$M' AND event = 'login_code'
    AND expires_at > now() + interval '4 min' AND expires_at <= created_at + interval '5 min'
    AND body LIKE '%5 %'")" 1 'its SMS expires with it and says 5 minutes'
unlike "$(cat "$WEBLOG")" "$code" 'the code is never logged'

# Wrong code, then a code with junk, then the right one in Persian digits.
csrf=$(printf '%s' "$PAGE" | csrf_of)
wrong=$(wrong_code "$code")
out=$(web "$J" --data-urlencode "csrf=$csrf" --data-urlencode "mobile=$M" --data-urlencode "code=$wrong" "$URL/login/verify")
like "$out" 'کد تایید درست نیست' 'wrong code: message'
out=$(web "$J" --data-urlencode "csrf=$csrf" --data-urlencode "mobile=$M" --data-urlencode "code=12ab" "$URL/login/verify")
like "$out" 'کد تایید ۶ رقم است' 'malformed code: message'
# The right code without the CSRF token, or from another site: refused,
# no session (a login CSRF would log the victim into the attacker's account).
out=$(web "$J" --data-urlencode "mobile=$M" --data-urlencode "code=$code" "$URL/login/verify")
like "$out" 'فرم منقضی شده است' 'verify without CSRF token: refused with a message'
out=$(web "$J" -H 'Origin: http://evil.example' --data-urlencode "csrf=$csrf" \
    --data-urlencode "mobile=$M" --data-urlencode "code=$code" "$URL/login/verify")
like "$out" 'فرم منقضی شده است' 'verify from a foreign Origin: refused'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.web_sessions")" 0 'no session without CSRF'
fa=$(printf '%s' "$code" | sed 'y/0123456789/۰۱۲۳۴۵۶۷۸۹/')
hdr=$(curl -s -D - -o /dev/null -b "$J" -c "$J" --data-urlencode "csrf=$csrf" \
    --data-urlencode "mobile=$M" --data-urlencode "code=$fa" "$URL/login/verify")
like "$hdr" '^HTTP/1.1 303' 'right code (Persian digits): redirect'
like "$hdr" 'Set-Cookie: pk_session=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200' 'session cookie: HttpOnly, Lax, 12 h'
sess=$(grep pk_session "$J" | awk '{print $7}')
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.web_sessions WHERE id = sha256(decode('$sess','hex'))")" 1 'session stored only hashed'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.web_sessions WHERE id::text LIKE '%$sess%'")" 0 'raw session id not stored'
page=$(web "$J" "$URL/")
like "$page" 'ثبت نامه جدید' 'logged in: main page'
like "$page" 'class="who">[^<]*<bdi dir="ltr">۰۹۱۲۱۱۱۱۱۱۱</bdi>' 'logged in as: the number, no "+" to stray in right-to-left text'
like "$page" 'خروج' 'logout button'

# The code is single-use.
out=$(web "$PK_TMP/other.$$.jar" "$URL/")
c2=$(printf '%s' "$out" | csrf_of)
out=$(web "$PK_TMP/other.$$.jar" --data-urlencode "csrf=$c2" --data-urlencode "mobile=$M" --data-urlencode "code=$code" "$URL/login/verify")
like "$out" 'کد تایید درست نیست یا دیگر معتبر نیست' 'a used code does not work again'

# Logout without the CSRF token or from another site: refused, the session
# stays.
is "$(status "$J" --data-urlencode 'x=1' "$URL/logout")" 403 'logout without CSRF token: 403'
csrf=$(printf '%s' "$page" | csrf_of)
is "$(status "$J" -H 'Sec-Fetch-Site: cross-site' --data-urlencode "csrf=$csrf" "$URL/logout")" 403 \
    'cross-site logout: 403'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.web_sessions")" 1 'the session stays'
# Logout ends the session in the database.
is "$(status "$J" --data-urlencode "csrf=$csrf" "$URL/logout")" 303 'logout redirects'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.web_sessions")" 0 'session deleted'
curl -s -b "pk_session=$sess; pk_csrf=$csrf" "$URL/" >"$PK_TMP/after.$$"
like "$(cat "$PK_TMP/after.$$")" 'ارسال کد' 'old session cookie: login page'

# Too many wrong tries, and codes after them: tests/web/login_guard.sh.

# Expired code.
M3='+989123333333'
J3="$PK_TMP/l3.$$.jar"
send_code "$J3" 09123333333
code=$(last_code "$M3")
q "$PGUSER" "UPDATE pishkhan.web_login_codes SET expires_at = now() - interval '1 s' WHERE mobile = '$M3'" >/dev/null
csrf=$(printf '%s' "$PAGE" | csrf_of)
out=$(web "$J3" --data-urlencode "csrf=$csrf" --data-urlencode "mobile=$M3" --data-urlencode "code=$code" "$URL/login/verify")
like "$out" 'کد تایید درست نیست یا دیگر معتبر نیست' 'expired code refused, with the answer of a wrong code'

# A refusal that is not the database being down (here a missing grant, as
# a half-run migration leaves) is not answered "try again in a few
# minutes": the binary-result query keeps its SQLSTATE.
F='pishkhan.web_code_try(text, text, text, text, jsonb)'
q "$PGUSER" "REVOKE EXECUTE ON FUNCTION $F FROM pishkhan_web" >/dev/null
send_code "$J3" 09123333333
csrf=$(printf '%s' "$PAGE" | csrf_of)
st=$(curl -s -b "$J3" -c "$J3" -o "$PK_TMP/refused.$$" -w '%{http_code}' \
    --data-urlencode "csrf=$csrf" --data-urlencode "mobile=$M3" \
    --data-urlencode "code=123456" "$URL/login/verify")
is "$st" 500 'a refused statement on the binary path: 500, not 503'
like "$(cat "$PK_TMP/refused.$$")" 'خطایی رخ داد' 'and it says something went wrong'
unlike "$(cat "$PK_TMP/refused.$$")" 'موقتاً در دسترس نیست' 'not that the database is down'
like "$(cat "$WEBLOG")" 'SQLSTATE 42501' 'the SQLSTATE is logged'
q "$PGUSER" "GRANT EXECUTE ON FUNCTION $F TO pishkhan_web" >/dev/null

# Same answer for a number never seen before and one seen before.
J4="$PK_TMP/l4.$$.jar"
send_code "$J4" 09124444444
a=$(printf '%s' "$PAGE" | sed 's/value="[0-9a-f]*"//g; s/09124444444//g; s/+989124444444//g; s/۰۹۱۲۴۴۴۴۴۴۴//g; s/[۰۱۲۳۴۵۶۷۸۹+0-9]*//g')
send_code "$J4" 09121111111
b=$(printf '%s' "$PAGE" | sed 's/value="[0-9a-f]*"//g; s/09121111111//g; s/+989121111111//g; s/[۰۱۲۳۴۵۶۷۸۹+0-9]*//g')
like "$a" 'کد تایید' 'code page for a new number'
is "$a" "$b" 'same page for a new and a known number'

stop_web
is "$WEB_RC" 0 'SIGTERM: clean exit'
like "$(cat "$WEBLOG")" 'stopped' 'graceful stop logged'
done_testing
