#!/bin/sh
# tests/web/due.sh — the citizen's letter page says by when an answer is
# expected (a Jalali date: the decision's while under review, the
# response's once approved and until it comes), and says so again, in
# another sentence, when it is late; the list has a short note
# (sql/026 web_letter_due, issue 14 item 3).
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

DB=$(new_db)
setup_org
M='+989121237711'
ON=$(mk_letter "$M" 156301 'نامهٔ در مهلت')
TODAY=$(mk_letter "$M" 156301 'نامهٔ مهلت امروز')
LATE=$(mk_letter "$M" 156301 'نامهٔ دیر')
APP=$(mk_letter "$M" 156301 'نامهٔ تایید شده')
APPLATE=$(mk_letter "$M" 156301 'نامهٔ بی‌پاسخ')
DONE=$(mk_letter "$M" 156301 'نامهٔ پاسخ داده')
REJ=$(mk_letter "$M" 156301 'نامهٔ رد شده')
OTHER=$(mk_letter +989121237712 156301 'نامهٔ دیگری')
for l in $APP $APPLATE $DONE; do q daemon "SELECT pishkhan.letter_approve($l)" >/dev/null; done
R=$(q "$PGUSER" "SELECT id FROM pishkhan.rejection_reasons ORDER BY id LIMIT 1")
q daemon "SELECT pishkhan.letter_reject($REJ, NULL, $R)" >/dev/null
q bin "SELECT pishkhan.letter_add_response($DONE, 'پاسخ.pdf', 'application/pdf', '\x255044462d312e340a')" >/dev/null
# The dues are the database's, set once; a test cannot wait for them, so
# they are written as the owner with the triggers off.
q "$PGUSER" "SET session_replication_role = replica;
    UPDATE pishkhan.letters SET decision_due = now() + interval '10 days' WHERE id = $ON;
    UPDATE pishkhan.letters SET decision_due = pishkhan.working_days_after(now(), 0) WHERE id = $TODAY;
    UPDATE pishkhan.letters SET decision_due = now() - interval '3 days' WHERE id = $LATE;
    UPDATE pishkhan.letters SET response_due = now() + interval '12 days' WHERE id = $APP;
    UPDATE pishkhan.letters SET response_due = now() - interval '2 days' WHERE id = $APPLATE" >/dev/null
# Each letter's due date as the page writes it: Jalali, Persian digits.
fa_due() {	# fa_due ID decision|response
	q "$PGUSER" "SELECT translate(pishkhan.jalali(pishkhan.due_date($2_due)), '0123456789', '۰۱۲۳۴۵۶۷۸۹') FROM pishkhan.letters WHERE id = $1"
}
en_due() { q "$PGUSER" "SELECT pishkhan.jalali(pishkhan.due_date($2_due)) FROM pishkhan.letters WHERE id = $1"; }

# The database's answer: what waits, for whom.
cit=$(q pishkhan_web "SELECT web_citizen('$M')")
is "$(q pishkhan_web "SELECT kind || ' ' || state FROM web_letter_due($cit, $LATE)")" 'decision late' 'under review and past its due: decision late'
is "$(q pishkhan_web "SELECT kind || ' ' || state FROM web_letter_due($cit, $TODAY)")" 'decision due_today' 'due at the end of today: due_today'
is "$(q pishkhan_web "SELECT kind || ' ' || state FROM web_letter_due($cit, $APP)")" 'response on_time' 'approved: the response, on time'
is "$(q pishkhan_web "SELECT count(*) FROM web_letter_due($cit, $DONE)")" 0 'answered: nothing waits'
is "$(q pishkhan_web "SELECT count(*) FROM web_letter_due($cit, $REJ)")" 0 'rejected: nothing waits'
is "$(q pishkhan_web "SELECT count(*) FROM web_letter_due($cit, $OTHER)")" 0 "another citizen's letter: nothing"
is "$(qerr daemon "SELECT * FROM pishkhan.web_letter_due($cit, $ON)")" 42501 'the web role only'
# The list's (sql/031): all of a page's letters at once, each as the letter
# page's web_letter_due says it, under any zone.
ALL="ARRAY[$ON, $TODAY, $LATE, $APP, $APPLATE, $DONE, $REJ, $OTHER]::bigint[]"
for z in Asia/Tehran Pacific/Kiritimati; do
	q "$PGUSER" "UPDATE pishkhan.settings SET value = '$z' WHERE key = 'time_zone'" >/dev/null
	is "$(q pishkhan_web "SELECT string_agg(format('%s %s %s %s', d.id, d.kind, d.due, d.state), ', ' ORDER BY d.id)
	    FROM web_letter_dues($cit, $ALL) d")" \
	    "$(q pishkhan_web "SELECT string_agg(format('%s %s %s %s', i, d.kind, d.due, d.state), ', ' ORDER BY i)
		FROM unnest($ALL) i, LATERAL web_letter_due($cit, i) d")" \
	    "the list's dues, all at once, are the letter page's, one by one ($z)"
done
q "$PGUSER" "UPDATE pishkhan.settings SET value = 'Asia/Tehran' WHERE key = 'time_zone'" >/dev/null
is "$(q pishkhan_web "SELECT count(*) FROM web_letter_dues($cit, $ALL)")" 5 'five of them wait: not the answered, the rejected, or another citizen'\''s'
is "$(qerr daemon "SELECT * FROM pishkhan.web_letter_dues($cit, ARRAY[$ON])")" 42501 'the web role only, for the list too'

start_web 'code_wait = 0'
J="$PK_TMP/due.$$.jar"
login "$J" "$M"

page=$(web "$J" "$URL/letter/$ON")
like "$page" "data-due=\"on_time\"><strong>در مهلت</strong> — نتیجهٔ بررسی این نامه تا پایان روز $(fa_due $ON decision) اعلام می‌شود\." \
    'under review: the decision is expected by the end of its Jalali due date, on time'
unlike "$page" 'گذشته است' 'and nothing is said to be late'
page=$(web "$J" "$URL/letter/$TODAY")
like "$page" "data-due=\"due_today\"><strong>مهلت امروز</strong> — نتیجهٔ بررسی این نامه تا پایان روز $(fa_due $TODAY decision) اعلام می‌شود\." \
    'due today: its word'
page=$(web "$J" "$URL/letter/$LATE")
like "$page" "data-due=\"late\"><strong>دیرکرد</strong> — مهلت بررسی این نامه پایان روز $(fa_due $LATE decision) بود و گذشته است\." \
    'late: another sentence says the decision is late, with its date'
unlike "$page" 'اعلام می‌شود\.' 'not the on-time sentence'
page=$(web "$J" "$URL/letter/$APP")
like "$page" "data-due=\"on_time\"><strong>در مهلت</strong> — پاسخ این نامه تا پایان روز $(fa_due $APP response) انتظار می‌رود\." \
    'approved: the response is expected by the end of its due date'
page=$(web "$J" "$URL/letter/$APPLATE")
like "$page" "data-due=\"late\"><strong>دیرکرد</strong> — مهلت پاسخ این نامه پایان روز $(fa_due $APPLATE response) بود و گذشته است\. واحد هنوز پاسخی نداده است\." \
    'approved and unanswered past its due: the response is late'
page=$(web "$J" "$URL/letter/$DONE")
unlike "$page" 'data-due=' 'answered: no due'
page=$(web "$J" "$URL/letter/$REJ")
unlike "$page" 'data-due=' 'rejected: no due'

# The list: a short note for each waiting letter.
web "$J" -o /dev/null "$URL/lang/fa"
list=$(web "$J" "$URL/letters")
is "$(printf '%s' "$list" | grep -o 'data-due="[a-z_]*"' | sort | uniq -c | tr -s ' ' | tr '\n' '|')" \
    ' 1 data-due="due_today"| 2 data-due="late"| 2 data-due="on_time"|' 'the list notes the five waiting letters'
like "$list" "<strong>دیرکرد</strong> — مهلت پاسخ: $(fa_due $APPLATE response)<" 'a late response, briefly'
like "$list" "<strong>در مهلت</strong> — مهلت بررسی: $(fa_due $ON decision)<" 'a decision on time, briefly'

# In English, the same, with ASCII digits.
web "$J" -o /dev/null "$URL/lang/en"
page=$(web "$J" "$URL/letter/$APPLATE")
like "$page" "data-due=\"late\"><strong>late</strong> — The answer to this letter was due by the end of $(en_due $APPLATE response) and is late\." \
    'English: the late response'
page=$(web "$J" "$URL/letter/$ON")
like "$page" "<strong>on time</strong> — A decision on this letter is expected by the end of $(en_due $ON decision)\." \
    'English: the decision expected'
list=$(web "$J" "$URL/letters")
like "$list" "<strong>due today</strong> — Decision due: $(en_due $TODAY decision)<" 'English list: due today'

stop_web
dropdb "$DB"
done_testing
