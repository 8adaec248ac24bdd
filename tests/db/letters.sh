#!/bin/sh
# The letter state machine, in the database: transitions, numbers, the audit
# log and the SMS outbox, each in one transaction.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
setup_org

L1=$(mk_letter +989121111111 156301 'درخواست فعال سازی دوره')
is "$(q "$PGUSER" "SELECT status FROM pishkhan.letters WHERE id = $L1")" review \
    "a new letter is under review"
is "$(q "$PGUSER" "SELECT kind || ':' || actor FROM pishkhan.letter_events WHERE letter_id = $L1")" \
    "submitted:pishkhan_web" "its submission is in the audit log"

# A letter without its letter file never commits.
U=$(unit_id 156301)
is "$(qerr pishkhan_web "SELECT * FROM pishkhan.web_letter_submit(pishkhan.web_citizen('+989121111111'), 'x', $U, 'y', 'token-without-a-file-00')")" 23514 \
    "a letter without its letter file is refused at commit"
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.letters WHERE subject = 'y'")" 0 \
    "and nothing of it is kept"

# A double click: the same form token gives the same letter.
C=$(q "$PGUSER" "SELECT id FROM pishkhan.citizens WHERE mobile = '+989121111111'")
TWICE="SELECT l.letter_id || ':' || l.created FROM pishkhan.web_letter_submit($C, 'x', $U, 'double click', 'same-token-0123456789') l,
    LATERAL (SELECT CASE WHEN l.created THEN pishkhan.web_letter_add_file($C, l.letter_id, 'main', 'a.pdf', 'application/pdf', '\x25504446') END) f"
A=$(q pishkhan_web "$TWICE")
B=$(q pishkhan_web "$TWICE")
is "${B#*:}" "false" "the second submission with the same token creates nothing"
is "${A%%:*}" "${B%%:*}" "and returns the first letter"

# Only clerks decide.
is "$(qerr bin "SELECT pishkhan.letter_approve($L1)")" 42501 "a unit member cannot approve"

PREVIEW=$(q daemon "SELECT pishkhan.letter_number_preview($U)")
is "$PREVIEW" "156301/1" "the clerk's confirmation shows the number to be given"
ROW=$(q daemon "SELECT letter_no || ' ' || tracking_no || ' ' || pishkhan.jalali(letter_date) FROM pishkhan.letter_approve($L1)")
like "$ROW" '^156301/1 [1-9][0-9]{6} 1[0-9]{3}/[0-9]{2}/[0-9]{2}$' \
    "approve gives letter number, 7-digit tracking number and Jalali date"
is "$(q "$PGUSER" "SELECT pishkhan.jalali(pishkhan.office_today())")" "$(echo "$ROW" | cut -d' ' -f3)" \
    "the letter date is today in the office's time zone"
is "$(q "$PGUSER" "SELECT status || ' ' || decided_by FROM pishkhan.letters WHERE id = $L1")" "approved daemon" \
    "the letter is approved, by the clerk's own login"
is "$(q "$PGUSER" "SELECT string_agg(kind || ':' || coalesce(status_before::text, '-') || '>' || status_after || ':' || actor, ' ' ORDER BY id) FROM pishkhan.letter_events WHERE letter_id = $L1")" \
    "submitted:->review:pishkhan_web approved:review>approved:daemon" \
    "the audit log has the decision with the status before and after"
TRK=$(echo "$ROW" | cut -d' ' -f2)
SMS=$(q "$PGUSER" "SELECT to_number || '|' || event || '|' || body FROM pishkhan.sms_outbox WHERE letter_id = $L1")
like "$SMS" "^\+989121111111\|approved\|درخواست شما با شماره نامه 156301/1 و شماره پیگیری $TRK و تاریخ نامه 1[0-9]{3}/[0-9]{2}/[0-9]{2} ثبت شده است\.$" \
    "the approval SMS is in the outbox, in the seed's words"

# Decisions are final; the second clerk learns who decided.
ERR=$(q daemon "SELECT pishkhan.letter_reject($L1, 'late')" 2>&1)
like "$ERR" 'PK409: letter [0-9]+ was already approved by daemon' \
    "a decided letter cannot be decided again, and the error names who decided"
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox WHERE letter_id = $L1")" 1 \
    "and no second SMS is queued"

# Reject with a canned reason, in the citizen's language.
L2=$(mk_letter +989122222222 156101 'تست حجم پیوست')
q "$PGUSER" "UPDATE pishkhan.citizens SET lang = 'en' WHERE mobile = '+989122222222'" >/dev/null
is "$(qerr daemon "SELECT pishkhan.letter_reject($L2, '   ')")" PK422 "a rejection needs a reason"
R=$(q "$PGUSER" "SELECT id FROM pishkhan.rejection_reasons WHERE text_en LIKE 'the documents%'")
q daemon "SELECT pishkhan.letter_reject($L2, NULL, $R)" >/dev/null
is "$(q "$PGUSER" "SELECT status || '|' || rejection_reason || '|' || coalesce(letter_no, '-') FROM pishkhan.letters WHERE id = $L2")" \
    "rejected|the documents related to your request were not sent|-" \
    "the letter is rejected with the reason and gets no number"
like "$(q "$PGUSER" "SELECT body FROM pishkhan.sms_outbox WHERE letter_id = $L2")" \
    '^Your request is not approved because the documents related to your request were not sent\. Rejected on 1[0-9]{3}/[0-9]{2}/[0-9]{2} \([0-9]{4}-[0-9]{2}-[0-9]{2}\)\.$' \
    "the rejection SMS is in the citizen's language, with the date"

# And the other way: approving a rejected letter names who rejected it.
ERR=$(q daemon "SELECT * FROM pishkhan.letter_approve($L2)" 2>&1)
like "$ERR" 'PK409: letter [0-9]+ was already rejected by daemon at [0-9]{4}-' \
    "a rejected letter cannot be approved, and the error names who rejected it and when"
like "$ERR" '"decided_by" ?: ?"daemon"' "the detail carries who decided, for the console"
is "$(q "$PGUSER" "SELECT status || ':' || coalesce(letter_no, '-') || ':' || (SELECT count(*) FROM pishkhan.sms_outbox WHERE letter_id = $L2) FROM pishkhan.letters WHERE id = $L2")" \
    "rejected:-:1" "the letter stays rejected, with no number and no second SMS"

# A rolled-back approval leaves nothing: no number, no event, no SMS.
L3=$(mk_letter +989123333333 156301 'rollback')
q daemon "BEGIN; SELECT * FROM pishkhan.letter_approve($L3); ROLLBACK;" >/dev/null
is "$(q "$PGUSER" "SELECT status || ':' || (SELECT count(*) FROM pishkhan.sms_outbox WHERE letter_id = $L3) || ':' || (SELECT count(*) FROM pishkhan.letter_events WHERE letter_id = $L3) FROM pishkhan.letters WHERE id = $L3")" \
    "review:0:1" "a rolled-back approval leaves no trace"

# Sent on to another unit: both are kept.
U2=$(unit_id 156101)
q daemon "SELECT * FROM pishkhan.letter_approve($L3, $U2)" >/dev/null
is "$(q "$PGUSER" "SELECT (SELECT code FROM pishkhan.units WHERE id = requested_unit_id) || '>' || (SELECT code FROM pishkhan.units WHERE id = unit_id) || ' ' || letter_no FROM pishkhan.letters WHERE id = $L3")" \
    "156301>156101 156101/1" "approving for another unit keeps both and numbers it in the new unit"
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.letter_events WHERE letter_id = $L3 AND kind = 'forwarded'")" 1 \
    "the forwarding is in the audit log"

# The unit: updates and responses on its own approved letters.
is "$(qerr bin "SELECT pishkhan.letter_post_update($L1, '')")" PK422 "an empty update is refused"
q bin "SELECT pishkhan.letter_post_update($L1, 'در دست اقدام است', true)" >/dev/null
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox WHERE letter_id = $L1 AND event = 'update'")" 1 \
    "an update with notification queues an SMS"
q bin "SELECT pishkhan.letter_add_response($L1, 'پاسخ.pdf', 'application/pdf', '\x255044462d', 'پاسخ نهایی', false)" >/dev/null
is "$(q pishkhan_web "SELECT string_agg(kind || ':' || coalesce(file_name, '-'), ' ') FROM pishkhan.web_letter_updates($C, $L1)")" \
    "response:پاسخ.pdf update:-" "the citizen sees the update and the response file, newest first"
is "$(qerr bin "SELECT pishkhan.letter_add_response($L1, 'x.exe', 'application/x-msdownload', '\x4d5a', NULL, false)")" 23514 \
    "a response of a type we do not accept is refused"
is "$(qerr sys "SELECT pishkhan.letter_post_update($L2, 'x')")" PK422 \
    "a rejected letter takes no updates, even in its own unit"
is "$(qerr bin "SELECT pishkhan.letter_post_update($L2, 'x')")" PK404 \
    "another unit's letter is not there for the unit"

# Numbers: per-unit sequences, unique random tracking numbers.
for i in 1 2 3 4 5 6 7 8; do
	L=$(mk_letter +98912444444$i 156301 "bulk $i")
	q daemon "SELECT * FROM pishkhan.letter_approve($L)" >/dev/null
done
is "$(q "$PGUSER" "SELECT string_agg(letter_no, ',' ORDER BY decided_at) FROM pishkhan.letters WHERE unit_id = $U AND status = 'approved'")" \
    "156301/1,156301/2,156301/3,156301/4,156301/5,156301/6,156301/7,156301/8,156301/9" \
    "letter numbers follow the unit's sequence"
is "$(q "$PGUSER" "SELECT count(DISTINCT tracking_no) = count(*) AND bool_and(length(tracking_no) = 7) FROM pishkhan.letters WHERE tracking_no IS NOT NULL")" t \
    "tracking numbers are unique and 7 digits long"
is "$(q "$PGUSER" "SELECT count(*) FROM (SELECT tracking_no::bigint - lag(tracking_no::bigint) OVER (ORDER BY decided_at) AS d FROM pishkhan.letters WHERE tracking_no IS NOT NULL) s WHERE d = 1")" 0 \
    "tracking numbers are not sequential"
ctl -c "$CONF" units edit --code 156302 156301
L=$(mk_letter +989124444449 156302 'after a new code')
is "$(q daemon "SELECT letter_no FROM pishkhan.letter_approve($L)")" "156302/10" \
    "a unit whose code changed keeps counting"
ctl -c "$CONF" units edit --code 156301 156302
is "$(qerr "$PGUSER" "UPDATE pishkhan.letters SET letter_no = '156301/1' WHERE id = $L3")" PK409 \
    "a decided letter's number cannot be changed"

# Settings: a global yearly sequence with the year in the number.
q "$PGUSER" "UPDATE pishkhan.settings SET value = '{year}-{seq}' WHERE key = 'letter_number_format'; UPDATE pishkhan.settings SET value = 'global' WHERE key = 'letter_sequence'; UPDATE pishkhan.settings SET value = 'yes' WHERE key = 'letter_sequence_yearly'; UPDATE pishkhan.settings SET value = '9' WHERE key = 'tracking_digits'" >/dev/null
L=$(mk_letter +989125555555 156101 'format')
like "$(q daemon "SELECT letter_no || ' ' || tracking_no FROM pishkhan.letter_approve($L)")" \
    '^1[0-9]{3}-1 [1-9][0-9]{8}$' "the number format, scope and tracking length follow the settings"
is "$(qerr "$PGUSER" "UPDATE pishkhan.settings SET value = '{unit}/{seq}' WHERE key = 'letter_number_format'")" 23514 \
    "a number format with an unknown placeholder is refused"
is "$(qerr "$PGUSER" "UPDATE pishkhan.settings SET value = '3' WHERE key = 'tracking_digits'")" 23514 \
    "too short tracking numbers are refused"

# Concurrency: two clerks at once on one letter; exactly one wins.
L=$(mk_letter +989126666666 156301 'race')
q daemon "SELECT * FROM pishkhan.letter_approve($L)" >"$PK_TMP/race1.$$" 2>&1 &
q daemon "SELECT pishkhan.letter_reject($L, 'other clerk')" >"$PK_TMP/race2.$$" 2>&1 &
wait
is "$(cat "$PK_TMP/race1.$$" "$PK_TMP/race2.$$" | grep -c PK409)" 1 "two decisions at once: one is refused"
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.letter_events WHERE letter_id = $L AND kind IN ('approved', 'rejected')")" 1 \
    "and exactly one decision is recorded"
rm -f "$PK_TMP/race1.$$" "$PK_TMP/race2.$$"

# SMS templates: an unknown placeholder is refused when saved.
is "$(qerr games "UPDATE pishkhan.sms_templates SET body = 'code {kode}' WHERE event = 'login_code' AND lang = 'fa'")" PK422 \
    "a template with an unknown placeholder is refused"
done_testing
