#!/bin/sh
# tests/console/stats.sh — the statistics screen (R from the queue): the
# service report's totals per unit as bar charts, for a clerk, in Persian
# (columns from the right edge, Persian digits) and in English, over the
# 14 letters counted by hand in tests/cli/report.sh, then over a period
# (d: a month, two months backwards in Persian digits; c: all again); a
# unit member is told it is not for them.
# Expected windows: tests/console/screens/stats-*.txt (screen_is).
. "${PK_SRCDIR:-.}/tests/lib/tap.sh"
. "${PK_SRCDIR:-.}/tests/console/console.lib"
trap tm_cleanup EXIT

DB=$(new_db)
setup_org
psql -X -q -v ON_ERROR_STOP=1 -U "$PGUSER" -d "$DB" -f "$PK_SRCDIR/tests/lib/report_letters.sql" >/dev/null ||
    bail "loading the letters failed"

console_start daemon en
see 'Under review' 'the clerk sees the queue'
keys R
see 'Service report' 'R opens the statistics'
# 156301: 10 of the 14 received, 55.6% decided and 60.0% answered within
# the level; the whole: 14 (a full bar), 53.8% and 62.5%.
see 'received +14 +████████████████ ' "every unit's letters are a full bar"
see 'received +10 +███████████▍ ' "156301's 10 of 14 are 5/7 of it"
see 'decided in level +55\.6%' "156301's share decided within the level"
see 'answered in level +62\.5%' "every unit's share answered within the level"
see 'median 3, p90 18 working days' "every unit's response median and p90"
screen_is en 'the statistics in English, whole'
# d: a period, as pishkhanctl report --from/--to reads it; Mehr alone.
MEHR=$(ctl -c "$CONF" report --from 1405/07 --to 1405/07 |
    awk -F '\t' '$1 == "all" && $2 == "all" { print $3 "|" $13 "|" $16 }')
keys d
see '^Dates \(1401/02/01 1401/02/31 or 1401/02\): *$' 'd asks for the dates, a month too'
type_text '1405/07'
keys Enter
see 'Service report — from 1405/07/01 to 1405/07/30' 'a month alone is the whole month, said in the title'
see "received +${MEHR%%|*} +████████████████ " "Mehr's letters, as pishkhanctl report counts them (${MEHR%%|*})"
M2=${MEHR#*|}
see "decided in level +${M2%|*}%" "Mehr's share decided within the level (${M2%|*}%)"
see "answered in level +${M2#*|}%" "and answered (${M2#*|}%)"
screen_is en-mehr 'the statistics of Mehr'
keys d
see '^Dates .* 1405/07/01 1405/07/30 *$' 'the prompt starts with the period in force'
type_text '1405/13'
keys Enter
see 'That is not a valid date' 'a month that does not exist is refused in words'
see 'Service report — from 1405/07/01 to 1405/07/30' 'and the period stays'
keys d
type_text '1405/08'
keys Enter
see 'Service report — from 1405/08/01 to 1405/08/30' 'Aban alone'
see 'received +2 +████████████████ ' "Aban's 2 letters, none of Mehr's before it"
keys c
see 'received +14 +████████████████ ' 'c: every letter again'
gone 'Service report — from' 'the title says no period'
keys q
see 'Under review' 'q goes back to the queue'

console_start daemon fa
see 'در حال بررسی' 'the clerk in Persian'
keys R
see 'گزارش خدمت‌رسانی' 'R opens the statistics in Persian'
see '۵۳٫۸٪' 'shares in Persian digits with the Persian decimal separator'
screen_is fa 'the statistics in Persian, whole'
keys d
type_text '۱۴۰۵/۰۸ ۱۴۰۵/۰۷'
keys Enter
see 'از .?۱۴۰۵/۰۷/۰۱.? تا .?۱۴۰۵/۰۸/۳۰' 'two months typed backwards in Persian digits: Mehr to Aban, in order'
see '۱۲ +دریافتی +همهٔ واحدها' 'the 12 letters of Mehr and Aban'
keys q

console_start bin en
see 'Approved' 'a unit member sees their queue'
keys R
see 'Only clerks and admins see the statistics' 'and is told the statistics are not for them'
tm_cleanup
done_testing
