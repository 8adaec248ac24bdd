#!/bin/sh
# tests/db/calendar.sh — working days (sql/024_calendar.sql): rest days,
# the fixed solar holidays, imported holidays, and the two functions a
# service level is made of, in the office's time zone.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
setup_org
s() { q "$PGUSER" "SET search_path = pishkhan; $*"; }
g() { s "SELECT gregorian_from_jalali($1, $2, $3)"; }	# g JY JM JD
# At noon, office time, on Jalali date JY/JM/JD.
at() { echo "(gregorian_from_jalali($1, $2, $3) + time '12:00') AT TIME ZONE office_zone()"; }
between() { s "SELECT working_days_between($(at $1 $2 $3), $(at $4 $5 $6))"; }
after() { s "SELECT jalali(due_date(working_days_after($(at $1 $2 $3), $4)))"; }

# 1405/09/07 is a Saturday; 1405/09/13 a Friday.
is "$(s "SELECT extract(isodow FROM gregorian_from_jalali(1405, 9, 7))")" 6 '1405/09/07 is a Saturday'
is "$(between 1405 9 7 1405 9 7)" 0 'the same day: 0 working days'
is "$(between 1405 9 7 1405 9 8)" 1 'Saturday to Sunday: 1'
is "$(between 1405 9 7 1405 9 14)" 6 'Saturday to the next Saturday: 6 (Friday rests)'
is "$(between 1405 9 14 1405 9 7)" -6 'backwards: negative'
is "$(after 1405 9 7 2)" 1405/09/09 'Saturday + 2 working days: due by the end of Monday'
is "$(after 1405 9 12 1)" 1405/09/14 'Thursday + 1: Saturday (Friday rests)'
is "$(after 1405 9 13 2)" 1405/09/15 'a letter on Friday (a rest day) + 2: Sunday'
is "$(s "SELECT working_days_after($(at 1405 9 7), 2) AT TIME ZONE office_zone()")" \
    '2026-12-01 00:00:00' 'the due instant is the office midnight that ends the day'

# Nowruz: 1405/01/01-04 and 12-13 are holidays, as is 1404/12/29.
is "$(between 1404 12 27 1405 1 5)" 2 '1404/12/27 to 1405/01/05: 12/28 and 01/05 work (29, a Friday, and Nowruz rest)'
is "$(after 1404 12 26 3)" 1405/01/05 'Esfand 26 + 3 working days crosses Nowruz'
# 1403 is a leap year: 1403/12/30 exists and is a working day (a Wednesday).
is "$(s "SELECT is_working_day(gregorian_from_jalali(1403, 12, 30))")" t '1403/12/30 (leap day) is a working day'
is "$(s "SELECT is_working_day(gregorian_from_jalali(1403, 12, 29))")" f '1403/12/29 is a holiday'
is "$(after 1403 12 28 2)" 1404/01/05 '1403/12/28 + 2 working days: 12/30 and 1404/01/05'

# A holiday on a rest day: 22 Bahman 1400 was a Friday.
is "$(s "SELECT extract(isodow FROM gregorian_from_jalali(1400, 11, 22))")" 5 '22 Bahman 1400 was a Friday'
is "$(between 1400 11 21 1400 11 23)" 1 'Thursday 21 to Saturday 23 Bahman 1400: 1 working day'

# Imported holidays and rest days change the counts at once.
is "$(q games "SELECT pishkhan.holiday_add(pishkhan.gregorian_from_jalali(1405, 9, 8), 'تعطیل آزمایشی')")" t 'an admin adds a holiday'
is "$(between 1405 9 7 1405 9 9)" 1 'and Sunday no longer counts'
is "$(qerr daemon "SELECT pishkhan.holiday_add(pishkhan.gregorian_from_jalali(1405, 9, 8), 'x')")" 42501 'a clerk may not'
q games "UPDATE pishkhan.settings SET value = 'thu,fri' WHERE key = 'rest_days'" >/dev/null
is "$(between 1405 9 7 1405 9 14)" 4 'with Thursday and Friday resting (and the holiday): 4'
is "$(qerr games "UPDATE pishkhan.settings SET value = 'fri,xyz' WHERE key = 'rest_days'")" 23514 'a rest day that is no weekday is refused'
is "$(q games "SELECT pishkhan.holiday_remove(pishkhan.gregorian_from_jalali(1405, 9, 8))")" t 'the holiday is removed'
is "$(between 1405 9 7 1405 9 9)" 2 'and Sunday counts again'

# Due states, now.
is "$(s "SELECT due_state(now() + interval '3 days', NULL, now())")" on_time 'due in three days: on time'
is "$(s "SELECT due_state(working_days_after(now(), 0))")" due_today 'due at the end of today: due today'
is "$(s "SELECT due_state(now() - interval '1 second')")" late 'due a second ago: late'
is "$(s "SELECT due_state(now(), now() - interval '1 hour')")" done 'answered before it was due: done'

# Service levels (sql/025_service_levels.sql): a letter records its due
# instants when it arrives and when it is approved.
q games "UPDATE pishkhan.units SET decision_days = 3, response_days = 5 WHERE code = '156301'" >/dev/null
L=$(mk_letter +989121234567 156301 'سطح خدمت')
is "$(s "SELECT decision_due = working_days_after(created_at, 3) FROM letters WHERE id = $L")" t \
    "a letter's decision is due 3 working days after it came (its unit's level)"
is "$(s "SELECT response_due IS NULL FROM letters WHERE id = $L")" t 'no response is due before approval'
q games "UPDATE pishkhan.units SET decision_days = 7 WHERE code = '156301'" >/dev/null
is "$(s "SELECT decision_due = working_days_after(created_at, 3) FROM letters WHERE id = $L")" t \
    'a later change of the level does not rewrite it'
q daemon "SELECT pishkhan.letter_approve($L)" >/dev/null
is "$(s "SELECT response_due = working_days_after(decided_at, 5) FROM letters WHERE id = $L")" t \
    'approval sets the response due 5 working days on'
is "$(qerr "$PGUSER" "UPDATE pishkhan.letters SET decision_due = now(), response_due = now() WHERE id = $L")" ok 'an update may name the dues'
is "$(s "SELECT decision_due = working_days_after(created_at, 3) AND response_due = working_days_after(decided_at, 5) FROM letters WHERE id = $L")" t \
    'but does not change them'
q bin "SELECT pishkhan.letter_post_update($L, 'در دست بررسی', false)" >/dev/null
is "$(s "SELECT responded_at IS NULL FROM letters WHERE id = $L")" t 'a status update is not a response'
q bin "SELECT pishkhan.letter_add_response($L, 'پاسخ.pdf', 'application/pdf', '\x255044462d312e340a')" >/dev/null
r1=$(s "SELECT responded_at FROM letters WHERE id = $L")
like "$r1" '^20' 'the first response marks the letter answered'
q bin "SELECT pishkhan.letter_add_response($L, 'پاسخ۲.pdf', 'application/pdf', '\x255044462d312e340a')" >/dev/null
is "$(s "SELECT responded_at FROM letters WHERE id = $L")" "$r1" 'a second one does not move it'
is "$(qerr games "UPDATE pishkhan.units SET response_days = 0 WHERE code = '156301'")" 23514 'a level of 0 working days is refused'

# Year ends and leap years (1403 and 1408 have an Esfand 30; 1404 and 1407
# have not), the calendar's own ends, with Friday alone resting.
q games "UPDATE pishkhan.settings SET value = 'fri' WHERE key = 'rest_days'" >/dev/null
is "$(s "SELECT jalali(gregorian_from_jalali(1403, 12, 30) + 1)")" 1404/01/01 '1403/12/30 is followed by 1404/01/01'
is "$(s "SELECT jalali(gregorian_from_jalali(1404, 12, 29) + 1)")" 1405/01/01 '1404 has no Esfand 30: 1404/12/29 is followed by 1405/01/01'
is "$(s "SELECT jalali(gregorian_from_jalali(1407, 12, 29) + 1)")" 1408/01/01 'nor has 1407'
is "$(s "SELECT jalali(gregorian_from_jalali(1408, 12, 29) + 1)")" 1408/12/30 '1408/12/30 exists'
is "$(s "SELECT extract(isodow FROM gregorian_from_jalali(1408, 12, 30))")" 3 'and is a Wednesday'
is "$(s "SELECT is_working_day(gregorian_from_jalali(1408, 12, 30))")" t '1408/12/30 is a working day'
is "$(s "SELECT is_working_day(gregorian_from_jalali(1408, 12, 29))")" f '1408/12/29 (the oil industry) is a holiday'
is "$(after 1408 12 28 1)" 1408/12/30 '1408/12/28 + 1 working day: the leap day'
is "$(after 1408 12 30 1)" 1409/01/05 '1408/12/30 + 1: over Nowruz (a Friday among it) to 1409/01/05'
is "$(between 1408 12 28 1409 1 6)" 3 '1408/12/28 to 1409/01/06: 12/30, 01/05 and 01/06'
is "$(after 1407 12 28 1)" 1408/01/05 '1407/12/28 + 1: 12/29, Nowruz, 01/05'
is "$(s "SELECT count(*) FILTER (WHERE NOT is_working_day(d)) FROM generate_series(0, 12) i, LATERAL (SELECT gregorian_from_jalali(1405, 1, 1) + i AS d) x")" 7 \
    'Nowruz 1405: 01/01-04, 01/07 (a Friday), 01/12 and 01/13 rest in the first 13 days'
is "$(s "SELECT is_working_day(gregorian_from_jalali(1380, 1, 1)) IS NOT NULL")" t 'the calendar begins on 1380/01/01'
is "$(s "SELECT is_working_day(gregorian_from_jalali(1450, 12, 29)) IS NOT NULL")" t 'and holds its last day, 1450/12/29'
is "$(s "SELECT is_working_day(gregorian_from_jalali(1379, 12, 29)) IS NULL")" t 'before it: NULL'
is "$(s "SELECT working_days_after($(at 1450 12 20), 30) IS NULL")" t 'a due past its end: NULL, not a guess'
is "$(s "SELECT count(*) = max(day) - min(day) + 1 FROM work_calendar")" t 'a row for every day between'

# An imported holiday on a rest day changes nothing: 1405/09/13 is a Friday.
q games "SELECT pishkhan.holiday_add(pishkhan.gregorian_from_jalali(1405, 9, 13), 'تعطیل در جمعه')" >/dev/null
is "$(between 1405 9 12 1405 9 14)" 1 'Thursday to Saturday over a Friday holiday: still 1'
is "$(s "SELECT rest_day FROM holidays_of(1405) WHERE day = gregorian_from_jalali(1405, 9, 13)")" t \
    'holidays_of says it is on a rest day'
# Thursday and Friday resting: Thursday counts no more, nor at Nowruz.
q games "UPDATE pishkhan.settings SET value = 'thu,fri' WHERE key = 'rest_days'" >/dev/null
is "$(after 1405 9 11 1)" 1405/09/14 'with thu,fri: Wednesday + 1 is Saturday'
is "$(between 1405 9 7 1405 9 14)" 5 'Saturday to Saturday: 5'
is "$(after 1404 12 27 1)" 1405/01/05 '1404/12/27 (a Wednesday) + 1: 12/28 is a Thursday, 12/29 a Friday, then Nowruz'
q games "UPDATE pishkhan.settings SET value = 'fri' WHERE key = 'rest_days'" >/dev/null

# The office's time zone: 23:30 UTC on Saturday 2026-11-28 (1405/09/07) is
# 03:00 on Sunday in Tehran (UTC+03:30).
q games "UPDATE pishkhan.settings SET value = 'Asia/Tehran' WHERE key = 'time_zone'" >/dev/null
is "$(s "SELECT jalali(office_date('2026-11-28 23:30+00'))")" 1405/09/08 '23:30 UTC is the next day in Tehran'
is "$(s "SELECT jalali(office_date('2026-11-28 20:29+00'))")" 1405/09/07 '20:29 UTC is still the same day (23:59 in Tehran)'
is "$(s "SELECT working_days_between($(at 1405 9 7), '2026-11-28 23:30+00')")" 1 \
    'a letter of Saturday noon has waited 1 working day at 23:30 UTC the same (UTC) day'
is "$(s "SELECT jalali(due_date(working_days_after('2026-11-28 23:30+00', 1)))")" 1405/09/09 \
    'one that came at 23:30 UTC is due by the end of Monday, one working day after Sunday'
is "$(s "SELECT working_days_after('2026-11-28 20:29+00', 0) AT TIME ZONE 'UTC'")" '2026-11-28 20:30:00' \
    "the end of an office day is Tehran's midnight, 20:30 UTC"
is "$(s "SELECT due_state(working_days_after($(at 1405 9 7), 0), NULL, '2026-11-28 20:29+00')")" due_today \
    'due by the end of Saturday: due today at 20:29 UTC'
is "$(s "SELECT due_state(working_days_after($(at 1405 9 7), 0), NULL, '2026-11-28 23:30+00')")" late \
    'and late at 23:30 UTC, still Saturday in UTC'

dropdb "$DB"
done_testing
