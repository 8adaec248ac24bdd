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

dropdb "$DB"
done_testing
