#!/bin/sh
# tests/console/paging.sh — the queue over more letters than a screen: key
# paging a row and a screen at a time, the ends, filters by unit and Jalali
# dates, search by subject and by mobile number, and the next match.
# Expected windows: tests/console/screens/paging-*.txt (screen_is).
. "${PK_SRCDIR:-.}/tests/lib/tap.sh"
. "${PK_SRCDIR:-.}/tests/console/console.lib"
trap tm_cleanup EXIT

DB=$(new_db)
setup_org
L1=$(mk_letter +989121234567 156301 'first letter')
age_letter "$L1" '-1 hour'	# 0m on the screens, however slow the run
# 79 more, made as the superuser with triggers off (the harness's set-up),
# one a minute apart after it, every third one for unit 156101 from
# another number.
q "$PGUSER" "SET session_replication_role = replica;
    INSERT INTO pishkhan.citizens (mobile) VALUES ('+989351112233');
    INSERT INTO pishkhan.letters (citizen_id, sender_name, requested_unit_id, unit_id, subject, created_at)
    SELECT CASE WHEN g % 3 = 0 THEN 2 ELSE 1 END, 'sender ' || g,
        u.id, u.id, 'letter ' || lpad(g::text, 3, '0'), now() + interval '1 hour' + g * interval '1 minute'
    FROM generate_series(2, 80) g
    JOIN pishkhan.units u ON u.code = CASE WHEN g % 3 = 0 THEN '156101' ELSE '156301' END" >/dev/null

console_start daemon
see '80 letters' 'the queue counts 80 letters'
see 'first letter' 'the first screen starts with the oldest'
gone 'letter 040' 'and does not hold the 40th'
screen_is first 'the first screen of 80 letters'

keys G
see 'letter 080' 'G goes to the last letter'
gone 'first letter' 'away from the first'
screen_is last 'the last screen'
keys g
see 'first letter' 'g goes back to the first'

# 30 rows: title, header, status: 27 letters a screen.
keys Space
see 'letter 028' 'a screen down starts after the last row shown'
gone 'letter 027 ' 'and leaves the previous screen'
keys b
see 'first letter' 'a screen up comes back'

# j past the bottom scrolls by one row.
i=0
while [ $i -lt 27 ]; do keys j; i=$((i + 1)); done
see 'letter 028' 'j past the last row brings the next letter'
gone 'first letter' 'and the first one scrolls away'
keys k
see 'letter 028' 'k keeps the rows'
keys Enter
see 'Subject: letter 027' 'Enter opens the letter under the cursor'
keys q

# Filters.
keys f
type_text '۱۵۶۱۰۱'
keys Enter
see '26 letters' 'f filters by unit (code in Persian digits)'
see 'Unit 156101' 'the title names the filter'
screen_is unit-filter 'the list filtered by unit'
keys f C-u
type_text '999999'
keys Enter
see "There is no unit with code '999999'" 'an unknown unit is refused in words'
screen_is unit-unknown 'an unknown unit refused'
keys c
see '80 letters' 'c clears the filters'
keys d
type_text '1300/01/01 1300/12/29'
keys Enter
see 'No letters' 'a date range with no letters'
keys d
type_text '1400/13/01'
keys Enter
see 'not a valid date' 'a date that does not exist is refused in words'
keys d
JTODAY=$(q "$PGUSER" "SELECT pishkhan.jalali(pishkhan.office_today())")
JTOMORROW=$(q "$PGUSER" "SELECT pishkhan.jalali(pishkhan.office_today() + 1)")
type_text "$JTODAY $JTOMORROW"
keys Enter
see '80 letters' 'today and tomorrow hold every letter'
see "— from $JTODAY to $JTOMORROW" 'the title shows the range in Jalali dates, in words, in order'
keys d
see "^Dates .* $JTODAY $JTOMORROW *\$" 'the date prompt starts with the range in force'
type_text "$JTOMORROW $JTODAY"
keys Enter
see "— from $JTODAY to $JTOMORROW" 'a range typed backwards is put in order'
see '80 letters' 'and filters the same letters'
keys d
type_text "$(echo "$JTODAY" | sed 'y/0123456789/۰۱۲۳۴۵۶۷۸۹/')"
keys Enter
see "— on $JTODAY" 'one day typed in Persian digits'
keys d C-u
JMONTH=${JTODAY%/*}
JFIRST=$(q "$PGUSER" "SELECT pishkhan.jalali(j.first) FROM pishkhan.jalali_days j WHERE j.day = pishkhan.office_today()")
JLAST=$(q "$PGUSER" "SELECT pishkhan.jalali(max(j.day)) FROM pishkhan.jalali_days j, pishkhan.jalali_days t
    WHERE t.day = pishkhan.office_today() AND j.first = t.first")
type_text "$(echo "$JMONTH" | sed 'y/0123456789/۰۱۲۳۴۵۶۷۸۹/')"
keys Enter
see "— from $JFIRST to $JLAST" 'a month alone (Persian digits) is the whole month'
see '80 letters' 'and holds every letter of today'
keys c
gone '— from ' 'c clears the date filter'
CONSOLE_BIDI=on console_start daemon fa
see '۸۰ نامه|80' 'the Persian console with bidi on'
keys d
type_text "۱۴۰۴/۰۹/۰۱ ۱۴۰۴/۰۹/۱۰"
keys Enter
# Bidi on: the screen holds the visual order, Persian words reversed; read
# from the right it is «از ۱۴۰۴/۰۹/۰۱ تا ۱۴۰۴/۰۹/۱۰».
see '۱۴۰۴/۰۹/۱۰ ات ۱۴۰۴/۰۹/۰۱ زا' 'in Persian with bidi on the range reads from the first date to the last'
line=$(screen | head -n 1)
unlike "$line" '[0-9]{4}-[0-9]{2}' 'no Gregorian date in the title'
console_start daemon
see '80 letters' 'the English console again'

# Search and next match.
keys /
type_text 'letter 05'
keys Enter
# The sender's column starts after the waiting time (11) and date (16).
see '^.{16}.{17}sender 50' 'the search moves to the first match'
keys n
see '^.{16}.{17}sender 51' 'n moves to the next'
screen_is search-next 'the next match of a search'
keys g /
see '^/ letter 05' 'the search prompt starts with the last term'
# selected, so what is typed replaces it (no Ctrl-U needed)
type_text '09351112233'
see '^/ 09351112233 *$' 'typing replaces the last term, not appended to it'
keys Enter
keys Enter
see 'Mobile: 09351112233' 'search by mobile number as people type it'
keys q
keys /
type_text 'nothing like'
keys Enter
keys / Right
type_text ' this'
keys Enter
see "No letter from here on matches 'nothing like this'" 'a movement key keeps the last term to add to'
keys Q
see 'console-exited-0' 'Q quits with status 0'
unlike "$(cat "$PK_TMP/console.$$.err" 2>/dev/null)" 'ERROR|runtime error|Sanitizer' 'no sanitizer reports'
done_testing
