#!/bin/sh
# tests/web/throttle.sh — too many sends (the doubling wait, per number, per
# address, the daily budget), session timeouts, English pages and SMS.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

DB=$(new_db)
ncodes() { q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox WHERE event = 'login_code'"; }

# The wait after a send (default 60 s, doubling).
start_web
J="$PK_TMP/t1.$$.jar"
send_code "$J" 09125550001
like "$PAGE" 'کد تایید' 'first code sent'
send_code "$J" 09125550001
like "$PAGE" 'کد تازه را ([۰۱۲۳۴۵۶۷۸۹]+ ثانیهٔ|۱ دقیقهٔ) دیگر' 'second send at once: wait message with the time left'
is "$(ncodes)" 1 'no second SMS during the wait'
q "$PGUSER" "UPDATE pishkhan.web_login_codes SET created_at = now() - interval '61 s'" >/dev/null
send_code "$J" 09125550001
is "$(ncodes)" 2 'after 60 s a new code is sent'
q "$PGUSER" "UPDATE pishkhan.web_login_codes SET created_at = created_at - interval '61 s'" >/dev/null
send_code "$J" 09125550001
like "$PAGE" 'کد تازه را' 'the wait doubled: 61 s is not enough after the second send'
is "$(ncodes)" 2 'still two codes'

# Right after logging out, logging in again must wait; the code of the
# last login is used, so no code field is shown (it could not succeed),
# only the login form with the number and the real time left.
J2="$PK_TMP/t1b.$$.jar"
login "$J2" +989125550002
page=$(web "$J2" "$URL/")
like "$page" 'id="letter-form"' 'logged in'
web "$J2" -o /dev/null --data-urlencode "csrf=$(printf '%s' "$page" | csrf_of)" "$URL/logout"
q "$PGUSER" "UPDATE pishkhan.web_login_codes SET created_at = now() - interval '20 s'
    WHERE mobile = '+989125550002'" >/dev/null
send_code "$J2" 09125550002
is "$(ncodes)" 3 'after logout, a new code at once: none sent (the wait)'
unlike "$PAGE" 'name="code"' 'after logout: no code field (the last code is used)'
like "$PAGE" 'name="mobile" type="tel" [^>]*value="09125550002"' 'after logout: the login form, the number kept'
like "$PAGE" 'name="captcha" value="[0-9a-f]{64}"' 'after logout: with a new captcha'
like "$PAGE" 'کد تازه را (۳۹|۴۰) ثانیهٔ دیگر می‌توانید بخواهید' 'after logout: the real time left, Persian digits'
unlike "$PAGE" 'کد قبلی را' 'after logout: not told to type the last code'
# A browser that was sent a code and has not used it still gets the field.
J3="$PK_TMP/t1c.$$.jar"
send_code "$J3" 09125550003
send_code "$J3" 09125550003
like "$PAGE" 'name="code"' 'a live code of this browser: the code field stays'
like "$PAGE" 'کد قبلی را اگر رسیده است وارد کنید' 'and says to type the last code'
like "$PAGE" 'کد تازه را (۵۹ ثانیهٔ|۱ دقیقهٔ) دیگر' 'with the time left'
# Minutes and seconds when the wait is longer than a minute; English digits in English.
q "$PGUSER" "UPDATE pishkhan.web_login_codes SET created_at = now() - interval '2 s'" >/dev/null
q "$PGUSER" "INSERT INTO pishkhan.web_login_codes (mobile, code_hmac, expires_at, tries, created_at)
    SELECT mobile, code_hmac, expires_at, tries, now() - interval '1 h' FROM pishkhan.web_login_codes
    WHERE mobile = '+989125550003' LIMIT 1" >/dev/null
send_code "$J3" 09125550003
like "$PAGE" 'کد تازه را ۱ دقیقه و (۵۶|۵۷|۵۸) ثانیهٔ دیگر' 'a wait over a minute: minutes and seconds'
web "$J3" -o /dev/null "$URL/lang/en"
send_code "$J3" 09125550003
like "$PAGE" 'You can ask for a new code in 1 min (5[5-8]) s\. If the last code arrived' 'in English: English digits'
stop_web

# At most N per number an hour, and per address an hour.
start_web 'code_wait = 0
codes_per_hour = 2
codes_per_ip = 4'
J="$PK_TMP/t2.$$.jar"
# The first part's codes came from this address too: without them, the
# third code below is refused by the number's limit alone, not the address's.
q "$PGUSER" "DELETE FROM pishkhan.web_login_codes" >/dev/null
send_code "$J" 09125550002; send_code "$J" 09125550002
send_code "$J" 09125550002
like "$PAGE" 'بیش از حد مجاز کد خواسته شده' 'third code in an hour: refused'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.web_login_codes WHERE mobile = '+989125550002'")" 2 'two codes for the number'
send_code "$J" 09125550003
send_code "$J" 09125550004
like "$PAGE" 'کد تایید' 'fourth code from one address in an hour: sent'
send_code "$J" 09125550005
like "$PAGE" 'بیش از حد مجاز کد خواسته شده' 'fifth code from one address in an hour: refused'
stop_web

# The daily budget of the whole site.
DB=$(new_db budget)
start_web 'code_wait = 0
sms_budget = 1'
J="$PK_TMP/t3.$$.jar"
send_code "$J" 09125550005
like "$PAGE" 'کد تایید' 'within the budget: sent'
send_code "$J" 09125550006
like "$PAGE" 'امروز ممکن نیست' 'budget spent: message'
like "$(cat "$WEBLOG")" 'error: the daily SMS budget' 'budget spent: logged loudly'
stop_web

# Sessions end when idle and after the maximum; English pages and SMS.
DB=$(new_db session)
start_web
J="$PK_TMP/t4.$$.jar"
hdr=$(curl -s -D - -o /dev/null -b "$J" -c "$J" "$URL/lang/en")
like "$hdr" 'Set-Cookie: pk_lang=en' 'language switch cookie'
page=$(web "$J" "$URL/")
like "$page" '<html lang="en" dir="ltr">' 'English page, left to right'
like "$page" 'Mobile phone number' 'English label'
like "$page" 'Send code' 'English button'
login "$J" '+989125550009'
like "$(q "$PGUSER" "SELECT body FROM pishkhan.sms_outbox ORDER BY id DESC LIMIT 1")" '^Pishkhan verification code' 'SMS in English'
page=$(web "$J" "$URL/")
like "$page" 'Register a new letter' 'logged in, English main page'
like "$page" 'Accepted formats: PNG, DOCX, DOC, PDF, JPG and TIFF; at most 10 MB per file.' 'limits in English'
# A GET switches the page only; the stored language (for SMS) needs the
# header's form, a POST with the CSRF token.
curl -s -o /dev/null -b "$J" -c "$J" "$URL/lang/fa"
like "$(web "$J" "$URL/")" '<html lang="fa"' 'GET /lang/fa: a Persian page'
is "$(q "$PGUSER" "SELECT lang FROM pishkhan.citizens WHERE mobile = '+989125550009'")" en 'GET /lang/fa: the stored language is unchanged'
csrf=$(web "$J" "$URL/" | csrf_of)
is "$(status "$J" --data-urlencode "csrf=$csrf" "$URL/lang/fa")" 303 'POST /lang/fa with the CSRF token'
is "$(q "$PGUSER" "SELECT lang FROM pishkhan.citizens WHERE mobile = '+989125550009'")" fa 'POST /lang/fa: stored'
curl -s -o /dev/null -b "$J" -c "$J" "$URL/lang/en"
q "$PGUSER" "UPDATE pishkhan.web_sessions SET last_seen_at = now() - interval '31 min'" >/dev/null
like "$(web "$J" "$URL/")" 'Send code' 'idle 31 minutes: logged out'
login "$J" '+989125550009' 2>/dev/null
q "$PGUSER" "UPDATE pishkhan.web_login_codes SET created_at = now() - interval '2 h'" >/dev/null
login "$J" '+989125550009'
like "$(web "$J" "$URL/")" 'Register a new letter' 'logged in again'
q "$PGUSER" "UPDATE pishkhan.web_sessions SET expires_at = now() - interval '1 s'" >/dev/null
like "$(web "$J" "$URL/")" 'Send code' 'after 12 hours: logged out'

# https base URL: __Host- cookies, Secure.
stop_web
start_web 'base_url = https://pishkhan.example/'
hdr=$(curl -s -D - -o /dev/null "$URL/")
like "$hdr" 'Set-Cookie: __Host-pk_csrf=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Lax; Secure' 'https: __Host- prefix and Secure'
is "$(curl -s "$URL/healthz")" ok 'healthz ok'
is "$(curl -s -o /dev/null -w '%{http_code}' "$URL/nope")" 404 'unknown path: 404'
is "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$URL/")" 405 'wrong method: 405'
stop_web
done_testing
