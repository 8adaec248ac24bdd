#!/bin/sh
# tests/console/clerk.sh — the clerk's console end to end through tmux:
# the queue, approve and reject (database row, audit row, outbox row), a
# written reason in Persian, an empty reason refused, the second clerk on a
# decided letter, help, search, resizing to 40x10, below and back, Persian
# labels.
# Expected windows: tests/console/screens/clerk-*.txt (screen_is).
. "${PK_SRCDIR:-.}/tests/lib/tap.sh"
. "${PK_SRCDIR:-.}/tests/console/console.lib"
trap tm_cleanup EXIT

DB=$(new_db)
setup_org
L1=$(mk_letter +989121234567 156301 'درخواست ایمیل')
L2=$(mk_letter +989121234567 156301 'تست حجم پیوست')
L3=$(mk_letter +989351112233 156101 'نامه‌ای با نیم‌فاصله و ۱۲۳')
L4=$(mk_letter +989351112233 156101 'letter four')
L5=$(mk_letter +989351112233 156301 'to be sent on')
wd_letter "$L1" 2		# 2 working days, and late
due_letter "$L1" late

console_start daemon
see 'Letters: Under review' 'the queue opens for the clerk'
see '5 letters' 'it counts the letters under review'
see '^ +2 late ' 'a late letter says so in words, with the working days it waited'
like "$(screen | grep -n 'درخواست ایمیل' | cut -d: -f1)" '^3$' 'oldest first: the first letter is on the first row'
screen_is queue 'the queue at 100x30'

# Help lists every key.
keys '?'
see 'approve the letter' 'the help screen lists the keys'
screen_is help 'the help screen'
keys q
see 'Letters: Under review' 'q leaves the help'

# Open the first letter: fields, file, history.
keys Enter
see 'Mobile: 09121234567' 'the letter screen shows the citizen number as people write it'
see 'نامه.pdf' 'and its file'
see 'submitted' 'and its history'
screen_is letter 'the letter screen'
keys q

# Approve the first letter.
keys a
see 'Approve the letter' 'a asks for confirmation'
see 'Letter number: 156301/1' 'showing the letter number that will be given'
screen_is approve 'the approval dialog'
keys y
see 'Approved: letter number 156301/1, tracking number [1-9][0-9]{6}' 'approved'
screen_is approved 'the queue after an approval'
is "$(q "$PGUSER" "SELECT status, letter_no, tracking_no ~ '^[1-9][0-9]{6}\$', decided_by, letter_date = pishkhan.office_today() FROM pishkhan.letters WHERE id = $L1")" \
    'approved|156301/1|t|daemon|t' 'the letter is approved in the database, by the clerk'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.letter_events WHERE letter_id = $L1 AND kind = 'approved' AND actor = 'daemon'")" 1 \
    'one approval in the audit log, naming the clerk'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox WHERE letter_id = $L1 AND event = 'approved' AND body LIKE '%156301/1%'")" 1 \
    'the approval SMS is in the outbox'
see '4 letters' 'the queue has one letter less'

# Reject the next one with a canned reason.
keys r
see 'Reject the letter' 'r shows the reasons'
see '2\. the letter is not legible' 'the canned reasons are numbered'
screen_is reasons 'the list of reasons'
keys 2
see 'Reason: the letter is not legible' 'the chosen reason is confirmed'
screen_is reject-confirm 'the rejection confirmation'
keys y
see 'Rejected on' 'rejected'
is "$(q "$PGUSER" "SELECT status, rejection_reason, decided_by FROM pishkhan.letters WHERE id = $L2")" \
    'rejected|خوانا نبودن نامه|daemon' 'rejected with the reason in the citizen language'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox WHERE letter_id = $L2 AND event = 'rejected' AND body LIKE '%خوانا نبودن نامه%'")" 1 \
    'the rejection SMS gives the reason'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.letter_events WHERE letter_id = $L2 AND kind = 'rejected'")" 1 \
    'one rejection in the audit log'

# An empty written reason is refused and changes nothing.
keys r
see 'Reject the letter' 'r again'
keys 0
see 'Reason for rejection:' 'asks for a written reason'
keys Enter
see 'cannot be empty' 'an empty reason is refused with a message'
screen_is reason-empty 'the refused empty reason'
is "$(q "$PGUSER" "SELECT status FROM pishkhan.letters WHERE id = $L3")" review 'and the letter is still under review'

# Esc cancels.
keys a
see 'Approve the letter' 'a on the third letter'
keys Escape
see 'Cancelled; nothing was changed' 'Esc cancels'
is "$(q "$PGUSER" "SELECT status FROM pishkhan.letters WHERE id = $L3")" review 'nothing changed'

# A paste of 10,000 characters is taken in whole (it froze the console: each
# key measured the whole answer again, 10,000 never finished); too long for
# the database (1000), it is asked for again with the text kept.
long=$(printf 'دلیل%.0s' $(seq 2500))
keys r
see 'Reject the letter' 'r, to paste a long reason'
keys 0
see 'Reason for rejection:' 'the written reason is asked for'
# As a terminal pastes it (tmux's send-keys takes at most about 16 KB).
printf '%s' "${long}پایان" >"$PK_TMP/paste.$$"
tm load-buffer "$PK_TMP/paste.$$" && tm paste-buffer -d
see 'پایان$' 'a paste of 10,005 characters is taken in, its end shown'
keys Enter
see 'Reason [(]at most 1000 characters, now 10005[)]:' 'too long: asked again, saying how long it is'
see 'پایان$' 'with the pasted text kept to shorten'
keys Escape
see 'Cancelled; nothing was changed' 'Esc still cancels'
is "$(q "$PGUSER" "SELECT status FROM pishkhan.letters WHERE id = $L3")" review 'nothing changed'

# The limit counts what the database keeps, spaces at the ends dropped:
# 1,001 characters between spaces are asked for again; 1,000 are taken.
keys r
see 'Reject the letter' 'r, for the length limit'
keys 0
see 'Reason for rejection:' 'a written reason, at the limit'
{ printf '   '; printf 'ب%.0s' $(seq 1001); printf '   '; } >"$PK_TMP/paste.$$"
tm load-buffer "$PK_TMP/paste.$$" && tm paste-buffer -d
rm -f "$PK_TMP/paste.$$"
keys Enter
see 'Reason [(]at most 1000 characters, now 1001[)]:' '1,001 characters between spaces: asked again, the spaces not counted'
keys Right BSpace BSpace BSpace BSpace
keys Enter
see 'Reason: +ببب' '1,000 characters after spaces: taken, and confirmed'
keys n
see 'Cancelled; nothing was changed' 'n cancels the confirmation'
is "$(q "$PGUSER" "SELECT status FROM pishkhan.letters WHERE id = $L3")" review 'nothing changed'

# A reason typed in Persian, with Persian digits and ZWNJ.
keys r
see 'Reject the letter' 'r on the third letter'
keys 0
see 'Reason for rejection:' 'a written reason'
type_text 'امضای نامه‌ خوانا نیست ۱۲'
see 'امضای نامه‌ خوانا نیست ۱۲' 'Persian typing shows as typed'
screen_is reason-typed 'a written reason being typed'
keys Enter
see 'Reason: امضای نامه' 'the written reason is confirmed'
keys y
see 'Rejected on' 'rejected with a written reason'
is "$(q "$PGUSER" "SELECT rejection_reason, rejection_reason_id IS NULL FROM pishkhan.letters WHERE id = $L3")" \
    'امضای نامه‌ خوانا نیست ۱۲|t' 'the Persian reason is stored exactly'

# Another clerk decides the last letter while it is on our screen.
see '2 letters' 'two letters left'
keys a
see 'Approve the letter' 'our clerk opens the approval of the letter'
q daemon "SELECT letter_no FROM pishkhan.letter_approve($L4, NULL, NULL)" >/dev/null
keys y
see 'already approved, by daemon on 1[34][0-9]{2}/[01][0-9]/[0-3][0-9] [0-2][0-9]:[0-5][0-9]' \
    'confirming after another clerk decided: told who decided it and when'
screen_is already-decided 'the letter another clerk decided'
see '1 letter —' 'the queue is refreshed at once, without Ctrl-L'
gone 'letter four' 'the letter another clerk decided has left it'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.letter_events WHERE letter_id = $L4 AND kind IN ('approved', 'rejected')")" 1 \
    'the letter was decided once'

# Sent on to another unit than the one the citizen chose.
keys C-l j
keys a
see 'Unit: 156301' 'the approval dialog shows the chosen unit'
keys u
see 'Send to unit' 'u offers the list of units'
see '156101 +Office of the President' 'with their codes and names'
like "$(line_with 'Statistics and IT Unit')" '156301' 'the current unit is in the list'
screen_is approve-unit 'the list of units'
bar_on() { tm capture-pane -p -e | grep -F "$1" | grep -Eq '\[[0-9;]*(7|44)m'; }
bar_on 'Statistics and IT Unit'
ok $? 'the bar starts on the current unit'
! bar_on 'Office of the President'
ok $? 'and only there'
# A code typed from memory: a digit opens the prompt with it (Persian digits).
type_text '۱'
see 'Code of the unit to send the letter to: ۱' 'a digit asks for the code, starting with it'
type_text '۵۶۱۰۹'
keys Enter
see 'There is no unit with code .۱۵۶۱۰۹.' 'an unknown code is refused'
see 'Unit: 156301' 'and the unit is unchanged'
keys u
type_text '۱۵۶۱۰۱'
keys Enter
see 'Unit: 156101' 'a typed code chooses the unit'
keys u
see 'Send to unit' 'the list again'
keys Down Enter
see 'Unit: 156301 ' 'the arrow keys and Enter choose from the list'
keys u
keys Up Enter
see 'Letter number: 156101/2' 'the number follows the new unit'
screen_is approve-other-unit 'the approval dialog for another unit'
keys y
see 'Approved: letter number 156101/2' 'approved for the other unit'
is "$(q "$PGUSER" "SELECT u.code, r.code FROM pishkhan.letters l JOIN pishkhan.units u ON u.id = l.unit_id JOIN pishkhan.units r ON r.id = l.requested_unit_id WHERE l.id = $L5")" \
    '156101|156301' 'the letter goes to the new unit and keeps the requested one'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.letter_events WHERE letter_id = $L5 AND kind = 'forwarded'")" 1 \
    'the audit log records the forwarding'

# Status filter, search.
keys s
see 'Letters: Approved' 's shows the approved letters'
see '3 letters' 'three approved letters'
screen_is approved-list 'the list of approved letters'
keys s
see 'Letters: Rejected' 's again: the rejected ones'
screen_is rejected-list 'the list of rejected letters'
TR=$(q "$PGUSER" "SELECT tracking_no FROM pishkhan.letters WHERE id = $L1")
keys s s
see 'Letters: Approved' 'back to approved'
keys G /
type_text "$(printf '%s' "$TR" | sed 'y/0123456789/۰۱۲۳۴۵۶۷۸۹/')"
keys Enter
see "No letter from here on matches" 'searching from the last letter finds nothing'
screen_is search-none 'a search that finds nothing'
keys g / C-u
type_text "$(printf '%s' "$TR" | sed 'y/0123456789/۰۱۲۳۴۵۶۷۸۹/')"
keys Enter
keys Enter
see "Tracking number: $TR" 'search by tracking number typed in Persian digits finds the letter'
screen_is letter-approved 'an approved letter'
# Its SMS as the worker leaves it: sent and waiting for the provider's
# delivery report, then the report in (sql/023_sms_receipts.sql).
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET status = 'sent', sent_at = now(), gateway_id = '1000',
    provider = 'kavenegar', delivery = 'waiting', receipt_asked_at = now() WHERE letter_id = $L1" >/dev/null
keys C-l
see 'approved: sent; awaiting the delivery report' 'the letter screen says its SMS awaits the delivery report'
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET delivery = 'delivered', delivery_at = now() WHERE letter_id = $L1" >/dev/null
keys C-l
see ' [0-9:]+ +#[0-9]+ +approved: delivered to the phone$' 'and then that it reached the phone, and when'
q "$PGUSER" "UPDATE pishkhan.sms_outbox SET delivery = 'undelivered' WHERE letter_id = $L1" >/dev/null
keys C-l
see 'approved: not delivered to the phone' 'or that it did not'
keys q

# Resize to 40x10, below it, and back.
tm resize-window -x 40 -y 10
see '^Letter number Days Due +Subject' 'at 40x10 the queue is still drawn: the date, the unit and the sender give way'
screen_is small 'the list at 40x10'
tm resize-window -x 39 -y 10
see 'too small' 'a tiny window asks for more room'
screen_is too-small 'the window below 40x10'
tm resize-window -x 80 -y 24
see 'Letters: Approved' 'back at 80x24 the queue is drawn again'
screen_is approved-80x24 'the list at 80x24'
# Colours: blue title, unless NO_COLOR.
like "$(tm capture-pane -p -e | head -1)" '\[[0-9;]*44m' 'the title is drawn on blue'
keys Q
see 'console-exited-0' 'Q quits with status 0'
unlike "$(cat "$PK_TMP/console.$$.err" 2>/dev/null)" 'ERROR|runtime error|Sanitizer' 'no sanitizer reports'


# Persian labels; NO_COLOR; bidi on reverses Persian runs for the terminal.
CONSOLE_NO_COLOR=1 CONSOLE_BIDI=on console_start daemon fa
see 'یسررب لاح رد' 'in Persian the queue is titled in Persian'
unlike "$(tm capture-pane -p -e | head -1)" '\[[0-9;]*4[0-7]m' 'NO_COLOR: no colours'
see 'اه‌همان' 'bidi on: the Persian title is in visual order'
screen_is queue-fa-bidi 'the Persian queue in visual order'
keys Q

# An admin who is not a clerk may read the queue.
console_start games
see 'Letters: Under review' 'an admin opens the queue read-only'
screen_is queue-admin 'the queue as an admin sees it'
keys Q

# Not staff: a clear message, nothing else.
q "$PGUSER" "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lp') THEN CREATE ROLE lp LOGIN; END IF; END \$\$" >/dev/null
out=$(PGUSER=lp LANGUAGE=en LANG=C.UTF-8 "$PK_BUILD/console/pishkhan-console" -c "$CONF" 2>&1 </dev/null)
rc=$?
is "$rc" 1 'a login that is not staff exits with 1'
like "$out" "'lp' is not an active member" 'and is told so'

done_testing
