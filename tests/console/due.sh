#!/bin/sh
# tests/console/due.sh — service levels in the console (sql/027_console_due.sql):
# the clerk's queue shows each letter's working days waited and its due
# state in words and colour (late, due today, on time), sorts by due (o)
# and shows the late letters alone (l); a unit member's list does the same
# for responses; the clerk's letter screen lists the same citizen's
# similar letters to the same unit, with what became of them, and opens one.
# Expected windows: tests/console/screens/due-*.txt (screen_is).
. "${PK_SRCDIR:-.}/tests/lib/tap.sh"
. "${PK_SRCDIR:-.}/tests/console/console.lib"
trap tm_cleanup EXIT

DB=$(new_db)
setup_org
# Arrival order C, B, A (oldest first); due order A (late), B (today), C.
C=$(mk_letter +989121234567 156301 'letter C on time')
B=$(mk_letter +989121234567 156301 'letter B due today')
A=$(mk_letter +989121234567 156301 'letter A late')
D=$(mk_letter +989351112233 156101 'letter D late too')
wd_letter "$C" 4; due_letter "$C" on_time
wd_letter "$B" 3; due_letter "$B" today
wd_letter "$A" 2; due_letter "$A" late
wd_letter "$D" 1; due_letter "$D" late

# --- the clerk's queue ---------------------------------------------------
console_start daemon
see 'Letters: Under review — 4 letters' 'the queue opens'
row() { screen | sed -n "$1p"; }
like "$(row 2)" '^Days Due +Date' 'the first columns: working days waited, then the due state'
like "$(row 3)" '^ +4 on time .*letter C' 'oldest first: C, 4 working days, on time'
like "$(row 4)" '^ +3 due today .*letter B' 'B, 3 working days, due today'
like "$(row 5)" '^ +2 late .*letter A' 'A, 2 working days, late'
like "$(row 6)" '^ +1 late .*letter D' 'D, 1 working day, late'
screen_is queue 'the queue with due states'
# The word in its colour: red late, amber due today, green on time
# (capture-pane -e; the selected row 3 is reversed, so C is read below).
keys j
sleep 0.5
like "$(attr_line 3)" '\[[0-9;]*32m *on time' 'on time is green'
like "$(attr_line 5)" '\[[0-9;]*31m *late' 'late is red'
keys k
sleep 0.5
like "$(attr_line 4)" '\[[0-9;]*33m *due today' 'due today is amber'

# o: by due, soonest first.
keys o
see 'by due' 'o sorts by due, and the title says so'
like "$(row 3)" 'letter A' 'the late letters first: A (due an hour ago) ...'
like "$(row 4)" 'letter D' '... D (as late, a later id)'
like "$(row 5)" 'letter B' 'then B, due today'
like "$(row 6)" 'letter C' 'then C, on time'
screen_is by-due 'the queue by due'
# Keyset paging by due: j past the last row asks for the next by key.
keys G
see '^ +4 on time .*letter C' 'End reaches the last by due'

# l: the late letters only.
keys l
see 'Under review — 2 letters — late only — by due' 'l leaves the late letters, and the title says so'
gone 'letter B' 'the letter due today is not late'
gone 'letter C' 'nor the one on time'
see 'letter A' 'A is late'
see 'letter D' 'D is late'
screen_is late 'the late letters by due'
keys o
see '2 letters — late only —' 'o again: by arrival, still late only'
gone 'by due' 'the title no longer says by due'
like "$(row 3)" 'letter A' 'A came before D'
keys c
see 'Under review — 4 letters —' 'c clears the filters, the late filter too'
keys s s
see 'Letters: Rejected' 'the rejected letters'
keys l
see 'Rejected letters have nothing due' 'l on the rejected letters says there is nothing due'
keys l s
see 'Letters: Under review — 4 letters' 'back to the letters under review'

# The help lists the two keys.
keys '?'
see 'sort by due, or by arrival' 'the help lists o'
see 'late letters only' 'and l'
keys q Q
see 'console-exited-0' 'Q quits'

# Persian: the same words as the web and the reports.
CONSOLE_NO_COLOR=1 console_start daemon fa
see 'نامه‌ها: در حال بررسی' 'the Persian queue'
see 'در مهلت +4$' 'on time: در مهلت'
see 'مهلت امروز +3$' 'due today: مهلت امروز'
see 'دیرکرد +2$' 'late: دیرکرد'
screen_is queue-fa 'the Persian queue with due states'
keys Q
see 'console-exited-0' 'Q quits'

# --- a unit member's list: responses ---------------------------------------
for l in "$C" "$B" "$A"; do
	q daemon "SELECT letter_no FROM pishkhan.letter_approve($l, NULL, NULL)" >/dev/null
done
due_letter "$A" late response
due_letter "$B" today response
due_letter "$C" on_time response
E=$(mk_letter +989121234567 156301 'letter E answered')
q daemon "SELECT letter_no FROM pishkhan.letter_approve($E, NULL, NULL)" >/dev/null
q "$PGUSER" "SET session_replication_role = replica;
    UPDATE pishkhan.letters SET responded_at = now(), response_due = now() + interval '1 day'
    WHERE id = $E" >/dev/null
console_start bin
see 'Letters: Approved — 4 letters' "the unit's approved letters"
see '^156301/1 +0 on time .*letter C' 'C: approved today, 0 working days, on time for its response'
see '^156301/2 +0 due today .*letter B' 'B: due today'
see '^156301/3 +0 late .*letter A' 'A: late'
see '^156301/4 +0 answered .*letter E' 'E: answered in time'
screen_is unit 'the unit list with due states'
keys o
see 'by due' 'o: by due'
like "$(row 3)" 'letter A' 'the late response first'
like "$(row 4)" 'letter B' 'then the one due today'
like "$(row 5)" 'letter C' 'then the one on time'
like "$(row 6)" 'letter E' 'the answered one last'
keys l
see 'Approved — 1 letter — late only' 'l: the late one alone'
gone 'letter B' 'not B'
gone 'letter E' 'not the answered one'
screen_is unit-late 'the unit list, late only'
keys Q
see 'console-exited-0' 'Q quits'

# --- similar letters on the clerk's letter screen -----------------------------
S1=$(mk_letter +989121234567 156301 'درخواست گواهی اشتغال به کار')
S2=$(mk_letter +989121234567 156301 'درخواست گواهی اشتغال بکار برای بانک')
N=$(mk_letter +989121234567 156301 'درخواست گواهي اشتغال بكار')	# Arabic yeh and kaf
q daemon "SELECT pishkhan.letter_reject($S1, 'نامه خوانا نیست')" >/dev/null
q daemon "SELECT letter_no FROM pishkhan.letter_approve($S2, NULL, NULL)" >/dev/null
q "$PGUSER" "SET session_replication_role = replica;
    UPDATE pishkhan.letters SET created_at = now() - interval '2 days' WHERE id = $S1;
    UPDATE pishkhan.letters SET created_at = now() - interval '1 day' WHERE id = $S2" >/dev/null
console_start daemon
see 'Letters: Under review — 2 letters' 'the queue'
keys G Enter
see "Letter $N" 'the new letter opens'
see 'Similar letters from this citizen to this unit in the 30 days before this one \(2\)' \
    'its similar letters are listed'
see "Rejected: نامه خوانا نیست \\(1[34][0-9]{2}/" 'the rejected one with its reason and the date of the decision'
see "Approved 156301/5 \\(1[34][0-9]{2}/[^)]*\\) — درخواست گواهی اشتغال بکار" \
    'the approved one with its letter number'
screen_is letter-similar 'the letter screen with its similar letters'
keys j j Enter
see "Letter ($S1|$S2)" 'the bar moves from the file to the similar letters; Enter opens one'
keys q
see "Letter $N" 'q returns to the new letter'
keys q Q
see 'console-exited-0' 'Q quits'
unlike "$(cat "$PK_TMP/console.$$.err" 2>/dev/null)" 'ERROR|runtime error|Sanitizer' 'no sanitizer reports'

done_testing
