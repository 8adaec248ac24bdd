#!/bin/sh
# tests/console/rtl.sh — Persian runs right to left: the queue's columns,
# their headers and the selection bar from the right edge, cells aligned to
# the right and cut by columns; the letter's fields, files and history and
# the help's keys likewise; English still from the left; 40x10 and 200x50;
# and every one of 15 rejection reasons can be chosen, at 40x10 too.
# Positions are read from capture-pane with bidi off (text in logical order
# in the cells where the console put it).
# Expected windows: tests/console/screens/rtl-*.txt (screen_is).
. "${PK_SRCDIR:-.}/tests/lib/tap.sh"
. "${PK_SRCDIR:-.}/tests/console/console.lib"
trap tm_cleanup EXIT

DB=$(new_db)
setup_org
L1=$(mk_letter +989121234567 156301 'درخواست ایمیل')
L2=$(mk_letter +989351112233 156101 'نامه‌ای با نیم‌فاصله و ۱۲۳ و موضوعی بسیار بلند که در پنجرهٔ کوچک بریده می‌شود')
L3=$(mk_letter +989351112233 156101 'letter three')
wd_letter "$L1" 2		# 2 working days, and late
due_letter "$L1" late
# Seven more reasons after the eight of the defaults: fifteen.
i=9
while [ $i -le 15 ]; do
	R=$(ctl -c "$CONF" reasons add "دلیل شمارهٔ $i: نامه‌ها" "reason number $i") || bail "reasons add"
	i=$((i + 1))
done
R15=$R
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.rejection_reasons WHERE active")" 15 'fifteen active reasons'

# --- Persian, 100x30 ----------------------------------------------------
CONSOLE_NO_COLOR=1 console_start daemon fa
see 'نامه‌ها: در حال بررسی' 'the queue opens in Persian'
see 'درخواست ایمیل' 'with its letters'
screen_is queue-fa 'the Persian queue at 100x30'
hdr=$(screen | sed -n 2p)
is "$(col_end "$hdr" 'روز')" 100 'the first column (working days) has its header at the right edge'
a=$(col_at "$hdr" 'موضوع'); u=$(col_at "$hdr" 'واحد'); s=$(col_at "$hdr" 'فرستنده')
d=$(col_at "$hdr" 'تاریخ'); m=$(col_at "$hdr" 'مهلت'); w=$(col_at "$hdr" 'روز')
[ "$a" -ge 0 ] && [ "$a" -lt "$u" ] && [ "$u" -lt "$s" ] && [ "$s" -lt "$d" ] && [ "$d" -lt "$m" ] && [ "$m" -lt "$w" ]
ok $? "the headers run right to left: days, due, date, sender, unit, subject ($w $m $d $s $u $a)"

row=$(screen | sed -n 3p)
like "$row" ' دیرکرد +2$' 'the oldest letter is on the first row, its working days at the right, then its due state in Persian words'
is "$(cols_of "$row")" 100 'the first column value ends at the right edge, as its header'
is "$(col_end "$row" 'دیرکرد')" "$(col_end "$hdr" 'مهلت')" 'the due state under its header'
is "$(col_end "$row" 'شرکت عصر ارتباط')" "$(col_end "$hdr" 'فرستنده')" \
    'the sender is aligned to the right of its column, under its header'
is "$(col_end "$row" 'درخواست ایمیل')" "$(col_end "$hdr" 'موضوع')" \
    'the subject is aligned to the right of its column, under its header'
[ "$(col_at "$row" 'درخواست ایمیل')" -lt "$(col_at "$row" 'شرکت عصر ارتباط')" ]
ok $? 'the subject is to the left of the sender'
is "$(col_end "$row" '156301')" "$(col_end "$hdr" 'واحد')" 'the unit under its header'

# The selection bar spans the row, its left end too.
like "$(attr_line 3)" '^.\[[0-9;]*7m  ' 'the selected row is reversed from the left edge'
unlike "$(attr_line 4)" '\[[0-9;]*7m' 'the next row is not'
keys j
_n=30
while [ $_n -gt 0 ] && ! attr_line 4 | grep -q '^.\[[0-9;]*7m'; do sleep 0.1; _n=$((_n - 1)); done
like "$(attr_line 4)" '^.\[[0-9;]*7m' 'j moves the bar down a row'
unlike "$(attr_line 3)" '\[[0-9;]*7m' 'and off the first'
keys k

# The letter: label: value lines end at the right edge (one column in).
keys Enter
see 'موضوع: درخواست ایمیل' 'the letter opens'
screen_is letter-fa 'the Persian letter screen'
is "$(col_end "$(line_with 'موضوع: ')" 'درخواست ایمیل')" 99 'its fields end at the right edge'
like "$(line_with 'موضوع: ')" '^ +موضوع: ' 'and start from there: nothing at the left'
is "$(cols_of "$(line_with 'تلفن همراه: ')")" 99 'the mobile number line too'
f=$(line_with 'نامه.pdf' | sed 's/ *$//')	# the bar's blanks kept by tmux
like "$f" 'B +pdf +نامه\.pdf +نامه$' 'the file list runs right to left: kind, name, type, size'
is "$(cols_of "$f")" 97 'indented two columns from the right edge'
h=$(line_with 'ارسال شد')
like "$h" 'ارسال شد +pishkhan_web +1[34][0-9]{2}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}$' \
    'the history runs right to left: when, who, what'
is "$(cols_of "$h")" 97 'indented as the files'
keys q

# The keys, right to left.
keys '?'
see 'راهنمای کلیدها' 'the help opens'
screen_is help-fa 'the Persian help screen'
l=$(line_with 'بازگشت (در فهرست: خروج)')
like "$l" 'خروج\) +q$' 'the key column is at the right, its text to the left'
is "$(cols_of "$l")" 99 'ending at the right edge'
like "$(line_with '0-9')" 'در فهرست دلیل‌های رد.* +0-9$' 'the number keys of the reasons list are in the help'
keys q
see 'نامه‌ها: در حال بررسی' 'back to the queue'

# 200x50: the same, wider.
tm resize-window -x 200 -y 50
sleep 0.5
see '^.{150}' 'the window is 200 wide'
screen_is queue-fa-200x50 'the Persian queue at 200x50'
hdr=$(screen | sed -n 2p)
is "$(col_end "$hdr" 'روز')" 200 'at 200x50 the first header is at the right edge'
row=$(screen | sed -n 3p)
is "$(cols_of "$row")" 200 'and the first value'
is "$(col_end "$row" 'درخواست ایمیل')" "$(col_end "$hdr" 'موضوع')" 'the subject under its header'

# 40x10: readable, the date gives way, cut by columns.
tm resize-window -x 40 -y 10
gone 'کوچک است' 'at 40x10 the queue is drawn, not "too small"'
see 'روز$' 'the headers are there'
screen_is queue-fa-40x10 'the Persian queue at 40x10'
hdr=$(screen | sed -n 2p)
is "$(col_end "$hdr" 'روز')" 40 'the first header at the right edge of 40 columns'
unlike "$hdr" 'تاریخ' 'the sent date gives way in a narrow window'
unlike "$hdr" 'واحد' 'and the unit'
like "$hdr" '^ *موضوع +فرستنده +مهلت +روز$' 'subject, sender, due and working days remain, right to left'
row=$(line_with 'نامه‌ای با')
like "$row" '^نامه‌ای با نیم‌ف شرکت' 'the long subject is cut by columns into its 15 (ZWNJ takes none: one column to spare)'
is "$(cols_of "$row")" 40 'and the row still ends at the right edge'
like "$(attr_line 3)" '^.\[[0-9;]*7m' 'the selection bar is there at 40x10'

# Every reason can be chosen: the fifteenth with the arrow keys, at 40x10.
keys g r
see 'رد نامه \(1/16\)' 'r lists the reasons, with where the bar is of how many'
see ' 1\.( |$)' 'numbered from the right'
gone 'دلیل شمارهٔ 15' 'the fifteenth is not in view yet'
screen_is reasons-fa-40x10 'the Persian reasons at 40x10'
i=0
while [ $i -lt 14 ]; do keys Down; i=$((i + 1)); done
see 'رد نامه \(15/16\)' 'the arrow keys move the bar down the list'
screen_is reasons-fa-15 'the Persian reasons scrolled to the fifteenth'
sel=$(tm capture-pane -p -e | grep -F "$(printf '\033[7m')" | grep -F 'دلیل شمارهٔ 15')
like "$sel" '15\.' 'the fifteenth reason is in view and selected'
keys Enter
see 'دلیل: دلیل شمارهٔ 15' 'Enter chooses it: the confirmation names it'
screen_is reject-confirm-fa 'the Persian rejection confirmation at 40x10'
keys y
see 'رد شد در' 'rejected'
is "$(q "$PGUSER" "SELECT status, rejection_reason_id, rejection_reason FROM pishkhan.letters WHERE id = $L1")" \
    "rejected|$R15|دلیل شمارهٔ 15: نامه‌ها" 'the letter is rejected with exactly the fifteenth reason'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.letter_events WHERE letter_id = $L1 AND kind = 'rejected'")" 1 \
    'one rejection in the audit log'

# PgDn/PgUp page through it; a Persian digit still picks by number.
keys r
see 'رد نامه \(1/16\)' 'r on the next letter'
keys NPage
see 'رد نامه \(7/16\)' 'PgDn moves the bar a box down'
keys NPage NPage
see 'رد نامه \(16/16\)' 'and stops at the last row'
see ' 0\.( |$)' 'which is the written reason'
screen_is reasons-fa-16 'the Persian reasons at the last row'
keys PPage
see 'رد نامه \(10/16\)' 'PgUp moves it back'
type_text '۳'
see 'دلیل: مشخص نبودن عنوان' 'the Persian digit 3 picks the third reason'
keys Escape
see 'انصراف داده شد' 'Esc cancels'
is "$(q "$PGUSER" "SELECT status FROM pishkhan.letters WHERE id = $L2")" review 'nothing changed'
keys Q
see 'console-exited-0' 'Q quits with status 0'
unlike "$(cat "$PK_TMP/console.$$.err" 2>/dev/null)" 'ERROR|runtime error|Sanitizer' 'no sanitizer reports'

# --- English, still left to right ----------------------------------------
CONSOLE_NO_COLOR=1 console_start daemon en
see 'Letters: Under review' 'the queue opens in English'
see 'letter three' 'with its letters'
screen_is queue-en 'the English queue at 100x30'
hdr=$(screen | sed -n 2p)
like "$hdr" '^Days Due +Date +Sender +Unit +Subject$' 'the headers run left to right'
row=$(line_with 'letter three')
is "$(col_at "$row" 'letter three')" "$(col_at "$hdr" 'Subject')" 'the subject starts under its header'
like "$row" '^ +[0-9]+ (on time|due today|late) ' 'the working days waited and the due state are at the left edge'
like "$(attr_line 3)" '^.\[[0-9;]*7m +[0-9]' 'the selection bar starts at the left edge'
keys Enter
see 'Subject: ' 'a letter'
screen_is letter-en 'the English letter screen'
like "$(line_with 'Subject: ')" '^ Subject: ' 'fields from the left, one column in'
like "$(line_with 'نامه.pdf')" '^   letter +نامه\.pdf +pdf +9 B' 'files left to right, indented'
keys q '?'
see 'Keys' 'the help'
screen_is help-en 'the English help screen'
like "$(line_with 'back (in the list')" '^ q +back' 'keys at the left'
like "$(line_with '0-9')" '^ 0-9 +in the list of reasons' 'the number keys are listed'
keys q
tm resize-window -x 40 -y 10
gone 'too small' 'at 40x10 the English queue is drawn'
see '^Days Due +Sender +Subject$' 'from the left, without the date and the unit'
screen_is queue-en-40x10 'the English queue at 40x10'
keys r
see 'Reject the letter \(1/16\)' 'the reasons list at 40x10'
keys G
see 'Reject the letter \(16/16\)' 'G (End) goes to the last row'
see ' 0\. write another reason' 'writing one'
screen_is reasons-en-16 'the English reasons at the last row, 40x10'
keys Escape
see 'Cancelled' 'Esc cancels'
tm resize-window -x 30 -y 8
see 'too small' 'below 40x10 it asks for more room'
screen_is too-small 'the window at 30x8'
keys Q
see 'console-exited-0' 'Q quits with status 0'
unlike "$(cat "$PK_TMP/console.$$.err" 2>/dev/null)" 'ERROR|runtime error|Sanitizer' 'no sanitizer reports'

# --- Another clerk was first ---------------------------------------------
# The letter on our screen is rejected by another clerk: the clerk is told
# so in one Persian sentence, not a status's words put into another one
# («رد شده شده»).
CONSOLE_NO_COLOR=1 console_start daemon fa
see 'نامه‌ها: در حال بررسی' 'the Persian queue again'
q daemon "SELECT pishkhan.letter_reject($L2, 'دیر رسید')" >/dev/null
keys a
see 'این نامه پیش‌تر رد شده است' 'a letter another clerk rejected: told in one Persian sentence'
unlike "$(screen)" 'شده شده' 'never «… شده شده»'
keys Q
see 'console-exited-0' 'Q quits with status 0'

done_testing
