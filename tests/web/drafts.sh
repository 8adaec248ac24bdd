#!/bin/sh
# tests/web/drafts.sh — a letter written while its session ends (issue 13,
# item 5): the login page says the session ended and the letter was not
# registered; after login the typed fields come back, to the same citizen
# in the same browser only, once, before they expire; no one can plant
# them in another person's form; hostile sizes are cut.  And the page says
# when the session ends, and POST /session/alive keeps it.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

DB=$(new_db)
setup_org
start_web 'code_wait = 0
codes_per_hour = 100
codes_per_day = 100
session_idle = 10m
draft_ttl = 20m
max_file_size = 64k
max_body = 200k'
mk_files
A='+989121234567'
B='+989127654321'
JA="$PK_TMP/a.$$.jar"
U=$(unit_id 156301)
tok() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
ndrafts() { q "$PGUSER" "SELECT count(*) FROM pishkhan.web_drafts"; }
nletters() { q "$PGUSER" "SELECT count(*) FROM pishkhan.letters"; }
# end_session MOBILE — the citizen's sessions are left idle past web.session_idle
end_session() {
	q "$PGUSER" "UPDATE pishkhan.web_sessions s SET last_seen_at = now() - interval '11 min'
	    FROM pishkhan.citizens c WHERE c.id = s.citizen_id AND c.mobile = '$1'" >/dev/null
}
# post JAR NAME UNIT SUBJECT [curl args...] — the letter form as a browser
# sends it (the CSRF token of the page shown while logged in, in $CSRF);
# the body to stdout, the status to $PK_TMP/st.$$, headers to $PK_TMP/hd.$$
post() {
	_j=$1; _n=$2; _u=$3; _s=$4; shift 4
	curl -s -D "$PK_TMP/hd.$$" -b "$_j" -c "$_j" -w '\n%{http_code}' --form-string "csrf=$CSRF" \
	    --form-string "token=$(tok)" --form-string "name=$_n" --form-string "unit=$_u" \
	    --form-string "subject=$_s" "$@" "$URL/letters/new" >"$PK_TMP/resp.$$"
	tail -n 1 "$PK_TMP/resp.$$" >"$PK_TMP/st.$$"
	sed '$d' "$PK_TMP/resp.$$"
}
st() { cat "$PK_TMP/st.$$"; }
draft_cookie() { awk '$6 ~ /pk_draft$/ { print $7 }' "$1"; }

# Logged in, the form says when the session ends, with no JavaScript too.
login "$JA" "$A"
page=$(web "$JA" "$URL/")
CSRF=$(printf '%s' "$page" | csrf_of)
like "$page" 'id="session-end" data-left="(59[0-9]|600)"' 'the form knows the seconds left (web.session_idle)'
hm=$(q "$PGUSER" "SELECT to_char((now() + interval '10 min') AT TIME ZONE pishkhan.office_zone(), 'HH24:MI')" | sed 'y/0123456789/۰۱۲۳۴۵۶۷۸۹/')
hm2=$(q "$PGUSER" "SELECT to_char((now() + interval '9 min 59 s') AT TIME ZONE pishkhan.office_zone(), 'HH24:MI')" | sed 'y/0123456789/۰۱۲۳۴۵۶۷۸۹/')
if printf '%s' "$page" | grep -q "تا ساعت $hm " || printf '%s' "$page" | grep -q "تا ساعت $hm2 "; then
	ok 0 "the page says when the session ends, office time, Persian digits ($hm)"
else
	ok 1 "the page says when the session ends, office time, Persian digits ($hm)"
fi
like "$page" 'id="idle" class="msg warn idle" role="alert" hidden' 'the warning before the end is in the page, hidden until app.js shows it'
like "$page" 'تمدید نشست' 'the warning has a button that keeps the session'

# POST /session/alive keeps the session: CSRF needed, a session needed.
q "$PGUSER" "UPDATE pishkhan.web_sessions SET last_seen_at = now() - interval '9 min'" >/dev/null
out=$(web "$JA" --data-urlencode "csrf=$CSRF" "$URL/session/alive")
like "$out" '^\{"left":(59[0-9]|600),"at":"[^"0-9]+:[^"0-9]+"\}$' 'keep-alive: the session is kept, for the full idle time again'
is "$(status "$JA" --data-urlencode "csrf=$(printf '%064d' 0)" "$URL/session/alive")" 403 'keep-alive without the CSRF token: refused'
is "$(status "$JA" -H 'Origin: http://evil.example' --data-urlencode "csrf=$CSRF" "$URL/session/alive")" 403 'keep-alive from another site: refused'
is "$(curl -s -o /dev/null -w '%{http_code}' -c "$PK_TMP/anon.$$" -d x=1 "$URL/session/alive")" 403 'keep-alive without a session: refused'

# The session ends while the letter is written; the letter is sent.
end_session "$A"
out=$(web "$JA" --data-urlencode "csrf=$CSRF" "$URL/session/alive")
unlike "$out" '"left"' 'keep-alive after the session ended: it stays ended'
like "$out" 'name="mobile"' '... and the login form says so'
out=$(post "$JA" 'شرکت عصر ارتباط' "$U" 'درخواست‌ گواهی' -F "letter=@$FILES/letter.pdf")
is "$(st)" 422 'a letter sent after its session ended: the login page'
like "$out" 'نشست شما پیش از فرستادن نامه به پایان رسیده بود و نامه ثبت نشد' 'it says the session ended and the letter was not registered'
like "$out" 'فایل‌ها را باید دوباره انتخاب کنید' 'and that the files must be chosen again'
unlike "$out" 'ابتدا وارد شوید' 'not the bare "log in first"'
like "$out" 'name="mobile"' 'with the login form'
is "$(nletters)" 0 'no letter registered'
is "$(ndrafts)" 1 'the typed fields are kept'
is "$(q "$PGUSER" "SELECT d.sender_name || '|' || d.subject || '|' || (d.unit_id = $U) FROM pishkhan.web_drafts d JOIN pishkhan.citizens c ON c.id = d.citizen_id WHERE c.mobile = '$A'")" \
    'شرکت عصر ارتباط|درخواست‌ گواهی|true' 'kept for the session'"'"'s citizen, as typed (ZWNJ too)'
like "$(grep -i '^Set-Cookie: pk_draft=' "$PK_TMP/hd.$$")" 'pk_draft=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Lax; Max-Age=1200' 'the browser holds its token: HttpOnly, for web.draft_ttl'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.web_drafts WHERE expires_at BETWEEN now() + interval '19 min' AND now() + interval '20 min'")" 1 'the draft expires after web.draft_ttl'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.files")" 0 'no file kept'
D1=$(draft_cookie "$JA")
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.web_drafts WHERE id = sha256(decode('$D1', 'hex'))")" 1 'only the token'"'"'s hash is in the database'

# A page asked for after the session ended says so.
out=$(web "$JA" "$URL/")
like "$out" 'نشست شما به پایان رسیده است. دوباره وارد شوید.' 'a page after the session ended: "your session has ended"'

# Another citizen logs in in the same browser: nothing of A's.
login "$JA" "$B"
out=$(web "$JA" "$URL/")
unlike "$out" 'عصر ارتباط' 'another citizen in the same browser does not see the typed name'
unlike "$out" 'درخواست‌ گواهی' '... nor the subject'
unlike "$out" 'نوشته بودید برگشت' '... nor the note'
is "$(ndrafts)" 1 'the draft stays for its own citizen'
web "$JA" -o /dev/null --data-urlencode "csrf=$(printf '%s' "$out" | csrf_of)" "$URL/logout"

# A in another browser, which holds a draft token of its own: nothing
# (the draft is the first browser's).
JA2="$PK_TMP/a2.$$.jar"
printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tpk_draft\t%s\n' "$(tok)$(tok)" >"$JA2"
login "$JA2" "$A"
out=$(web "$JA2" "$URL/")
unlike "$out" 'عصر ارتباط' 'the same citizen in another browser does not get it'
is "$(ndrafts)" 1 'the draft stays for its own browser'

# A again in the first browser: back to the form, the fields filled, once.
send_code "$JA" "$A"
c=$(printf '%s' "$PAGE" | csrf_of)
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$JA" -c "$JA" --data-urlencode "csrf=$c" \
    --data-urlencode "mobile=$A" --data-urlencode "code=$(last_code "$A")" "$URL/login/verify")
like "$loc" '/#nl-h$' 'after login, straight to the new-letter form'
out=$(web "$JA" "$URL/")
like "$out" 'id="name" name="name" type="text"[^>]*value="شرکت عصر ارتباط"' 'the name is back'
like "$out" 'id="subject" name="subject" type="text"[^>]*value="درخواست‌ گواهی"' 'the subject is back'
like "$out" "<option value=\"$U\" dir=\"auto\" selected>" 'the recipient is chosen again'
like "$out" 'آنچه پیش از پایان نشست نوشته بودید برگشت. نامه هنوز ثبت نشده است: فایل‌ها را دوباره انتخاب کنید' 'a note: the letter is not registered yet, choose the files again'
is "$(ndrafts)" 0 'given once: the draft is gone'
out=$(web "$JA" "$URL/")
unlike "$out" 'عصر ارتباط' 'the next visit shows an empty form'

# Expired drafts are never given, and are cleaned.
CSRF=$(printf '%s' "$out" | csrf_of)
end_session "$A"
post "$JA" 'Old draft' "$U" 'old' >/dev/null
is "$(ndrafts)" 1 'another draft'
q "$PGUSER" "UPDATE pishkhan.web_drafts SET expires_at = now() - interval '1 s'" >/dev/null
login "$JA" "$A"
out=$(web "$JA" "$URL/")
unlike "$out" 'Old draft' 'an expired draft is not given back'
is "$(ndrafts)" 0 'and is removed'

# One draft per citizen, the newest.
CSRF=$(printf '%s' "$out" | csrf_of)
end_session "$A"
post "$JA" 'first' "$U" 'first' >/dev/null
post "$JA" 'second' "$U" 'second' >/dev/null
is "$(q "$PGUSER" "SELECT string_agg(sender_name, ',') FROM pishkhan.web_drafts")" 'second' 'one draft per citizen: the newest'

# Planting: a form without this browser's CSRF token, or from another
# site, keeps nothing, even with the ended session's cookie.
q "$PGUSER" "DELETE FROM pishkhan.web_drafts" >/dev/null
good=$CSRF
CSRF=$(printf '%064d' 0)
post "$JA" 'planted' "$U" 'planted' >/dev/null
is "$(st)" 403 'planting with a wrong CSRF token: refused'
CSRF=$good
post "$JA" 'planted' "$U" 'planted' -H 'Origin: http://evil.example' >/dev/null
is "$(st)" 403 'planting from another site (Origin): refused'
post "$JA" 'planted' "$U" 'planted' -H 'Sec-Fetch-Site: cross-site' >/dev/null
is "$(st)" 403 'planting from another site (Sec-Fetch-Site): refused'
JX="$PK_TMP/x.$$.jar"
grep -v pk_csrf "$JA" >"$JX"
post "$JX" 'planted' "$U" 'planted' >/dev/null
is "$(st)" 403 'planting without the CSRF cookie: refused'
is "$(ndrafts)" 0 'nothing planted'

# No session cookie, or one the database never knew: nothing to keep, and
# the body is not read.
grep -v pk_session "$JA" >"$JX"
out=$(post "$JX" 'lost' "$U" 'lost')
like "$out" 'نامه ثبت نشد. دوباره وارد شوید و نامه را دوباره بفرستید' 'no session cookie: the letter was not registered, send it again'
sed "s/\(pk_session\t\)[0-9a-f]*/\1$(tok)$(tok)/" "$JA" >"$JX"
out=$(post "$JX" 'lost' "$U" 'lost')
like "$out" 'نامه ثبت نشد. دوباره وارد شوید و نامه را دوباره بفرستید' 'a session the database never knew: the same'
is "$(ndrafts)" 0 'nothing kept for an unknown session'

# Hostile sizes: each field cut to a letter's limit, on a character
# boundary; a field over WEB_FIELD_MAX is dropped; files are not kept.
long=$(python3 -c 'print("ب" * 2000, end="")')
huge=$(python3 -c 'print("x" * 5000, end="")')
out=$(post "$JA" "$huge" "99999999999999" "$long" -F "letter=@$FILES/letter.pdf" -F "attach=@$FILES/scan.png")
is "$(st)" 422 'hostile sizes: answered'
is "$(q "$PGUSER" "SELECT char_length(sender_name) || ',' || coalesce(unit_id::text, 'none') || ',' || char_length(subject) || ',' || (subject = repeat('ب', 500)) FROM pishkhan.web_drafts")" \
    '0,none,500,true' 'a name over 4 KB dropped, a unit out of range dropped, a 2,000-character subject cut to 500 characters'
dd if=/dev/zero bs=1k count=300 2>/dev/null >"$PK_TMP/big.$$"
is "$(post "$JA" a "$U" b -F "letter=@$PK_TMP/big.$$" >/dev/null; st)" 413 'a body over web.max_body: refused before it is read'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.files")" 0 'no file was ever kept'
is "$(nletters)" 0 'and no letter registered'

# The form back for another field: which file fields app.js may fill
# again with the files it sent (item 8).
login "$JA" "$A"
CSRF=$(web "$JA" "$URL/" | csrf_of)
out=$(post "$JA" "$(printf '\342\200\214')" "$U" 'zwnj' -F "letter=@$FILES/letter.pdf" -F "attach=@$FILES/scan.png")
is "$(st)" 422 'a name of nothing visible: the form again'
like "$out" 'id="letter-form"[^>]* data-again="letter attach"' '... marking both files as good, to be put back'
out=$(post "$JA" 'Ali' "$U" 'bad type' -F "letter=@$FILES/evil.pdf" -F "attach=@$FILES/scan.png")
like "$out" 'id="letter-form"[^>]* data-again="attach"' 'a main file of the wrong type: only the attachment is put back'

# The database's rules: the web role cannot read the drafts.
is "$(q "$PGUSER" "SELECT has_table_privilege('pishkhan_web', 'pishkhan.web_drafts', 'SELECT')")" f 'the web role reads no draft table'
like "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.web_drafts WHERE id IS NOT NULL")" '^[01]$' 'drafts keyed by hash'

stop_web
is "$WEB_RC" 0 'server stopped cleanly'
done_testing
