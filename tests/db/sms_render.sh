#!/bin/sh
# A template is expanded once: values are text, whatever braces they hold.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
r() { q "$PGUSER" "SELECT pishkhan.sms_render(\$t\$$1\$t\$, \$j\$$2\$j\$::jsonb)"; }

is "$(r 'نامه {letter_no} با پیگیری {tracking_no}' '{"letter_no":"156301/843","tracking_no":"1234567"}')" \
    'نامه 156301/843 با پیگیری 1234567' 'placeholders become their values'
is "$(r 'موضوع: {subject} — پیگیری {tracking_no}' '{"subject":"Subject with {tracking_no}","tracking_no":"7654321"}')" \
    'موضوع: Subject with {tracking_no} — پیگیری 7654321' 'a subject holding {tracking_no} is not expanded again'
is "$(r 'دلیل: {reason} ({letter_no})' '{"reason":"بدون {letter_no}","letter_no":"X"}')" \
    'دلیل: بدون {letter_no} (X)' 'nor a reason holding {letter_no}'
is "$(r '{note}' '{"note":"{unit}","unit":"واحد آمار"}')" '{unit}' 'a note "{unit}" stays "{unit}"'
is "$(r '{note}{note}' '{"note":"{note}"}')" '{note}{note}' 'a value naming its own placeholder'
is "$(r 'a { b {code} c } {{code}} {' '{"code":"12345"}')" 'a { b 12345 c } {12345} {' 'lone braces stay as they are'
is "$(r 'کد {code} و {minutes}' '{"code":"12345"}')" 'کد 12345 و {minutes}' 'a placeholder with no value stays'
is "$(r '{code}' '{"code":null}')" '' 'a null value is empty'
is "$(r '' '{"code":"1"}')" '' 'an empty template'
is "$(r 'متن ساده' '{}')" 'متن ساده' 'no placeholders'

# Through a real decision: the citizen's SMS quotes the subject as typed.
setup_org
L=$(mk_letter +989121234567 156301 'درخواست {tracking_no} و {letter_no}')
q daemon "SELECT pishkhan.letter_approve($L)" >/dev/null || bail "approve"
tr=$(q "$PGUSER" "SELECT tracking_no FROM pishkhan.letters WHERE id = $L")
body=$(q "$PGUSER" "SELECT body FROM pishkhan.sms_outbox WHERE letter_id = $L AND event = 'approved'")
like "$body" "$tr" 'the approval SMS carries the tracking number'
q "$PGUSER" "UPDATE pishkhan.sms_templates SET body = 'نامه «{subject}» ثبت شد؛ پیگیری {tracking_no}' WHERE event = 'approved' AND lang = 'fa'" >/dev/null
L2=$(mk_letter +989121234567 156301 'درخواست {tracking_no} و {letter_no}')
q daemon "SELECT pishkhan.letter_approve($L2)" >/dev/null || bail "approve"
tr2=$(q "$PGUSER" "SELECT tracking_no FROM pishkhan.letters WHERE id = $L2")
body=$(q "$PGUSER" "SELECT body FROM pishkhan.sms_outbox WHERE letter_id = $L2 AND event = 'approved'")
is "$body" "نامه «درخواست {tracking_no} و {letter_no}» ثبت شد؛ پیگیری $tr2" 'the subject arrives as the citizen wrote it'
# {due} (sql/026): the approval may say by when the unit is to answer,
# the last day of its response level, written as {date} is.
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_templates WHERE body LIKE '%{due}%'")" 0 \
    'no default template uses {due}: it is optional'
out=$(ctl -c "$CONF" templates set approved fa 'نامه {letter_no} ثبت شد؛ پاسخ تا پایان {due}' 2>&1); ok $? \
    'an approval template with {due} is saved'
like "$(ctl -c "$CONF" templates list)" '^approved	fa	.*	\{letter_no\} \{tracking_no\} \{date\} \{subject\} \{unit\} \{due\}	' \
    'templates list names {due} among the approval placeholders'
q games "UPDATE pishkhan.units SET response_days = 4 WHERE code = '156301'" >/dev/null
L3=$(mk_letter +989121234567 156301 'درخواست مهلت‌دار')
q daemon "SELECT pishkhan.letter_approve($L3)" >/dev/null || bail "approve"
lno=$(q "$PGUSER" "SELECT letter_no FROM pishkhan.letters WHERE id = $L3")
due=$(q "$PGUSER" "SELECT pishkhan.jalali(pishkhan.due_date(pishkhan.working_days_after(decided_at, 4))) FROM pishkhan.letters WHERE id = $L3")
like "$due" '^14[0-9][0-9]/[01][0-9]/[0-3][0-9]$' 'the response is due on a Jalali date'
is "$(q "$PGUSER" "SELECT body FROM pishkhan.sms_outbox WHERE letter_id = $L3 AND event = 'approved'")" \
    "نامه $lno ثبت شد؛ پاسخ تا پایان $due" "{due} is the last day of the unit's 4 working days"
ctl -c "$CONF" templates set approved en 'Letter {letter_no}: an answer by {due}.' || bail 'template en'
L4=$(mk_letter +989121234599 156301 'Due in English')
q "$PGUSER" "UPDATE pishkhan.citizens SET lang = 'en' WHERE mobile = '+989121234599'" >/dev/null
q daemon "SELECT pishkhan.letter_approve($L4)" >/dev/null || bail "approve"
lno=$(q "$PGUSER" "SELECT letter_no FROM pishkhan.letters WHERE id = $L4")
due=$(q "$PGUSER" "SELECT pishkhan.jalali(d) || ' (' || to_char(d, 'YYYY-MM-DD') || ')' FROM pishkhan.letters, LATERAL pishkhan.due_date(response_due) d WHERE id = $L4")
is "$(q "$PGUSER" "SELECT body FROM pishkhan.sms_outbox WHERE letter_id = $L4 AND event = 'approved'")" \
    "Letter $lno: an answer by $due." 'in English, the Jalali date and the Gregorian one, as {date}'
out=$(ctl -c "$CONF" templates set rejected fa 'نامه رد شد؛ {due}' 2>&1); is $? 1 '{due} in the rejection template: exit 1'
like "$out" '^pishkhanctl: unknown placeholder \{due\} in the rejected template' 'a rejected letter has no due'
dropdb "$DB"
done_testing
