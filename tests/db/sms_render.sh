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
dropdb "$DB"
done_testing
