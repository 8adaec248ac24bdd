#!/bin/sh
# tests/db/time_zone.sh — the office's time zone comes from its setting
# (time_zone) and nowhere else (sql/016_office_zone.sql): change the setting
# and every date and time the database computes follows it.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
setup_org
zone() { q "$PGUSER" "UPDATE pishkhan.settings SET value = '$1' WHERE key = 'time_zone'" >/dev/null; }
# Pacific/Kiritimati is UTC+14 and Pacific/Pago_Pago UTC-11: at any moment
# their dates differ.
EAST=Pacific/Kiritimati WEST=Pacific/Pago_Pago
at() { q "$PGUSER" "SELECT ($2 AT TIME ZONE '$1')"; }	# at ZONE EXPR-OF-A-MOMENT

is "$(q "$PGUSER" "SELECT string_agg(proname, ' ') FROM pg_proc
    WHERE pronamespace = 'pishkhan'::regnamespace AND prosrc ~ '[A-Z][a-z]+/[A-Z]'")" '' \
    'no function in the schema names a time zone of its own'
is "$(q "$PGUSER" "SELECT pishkhan.office_zone()")" Asia/Tehran 'office_zone() reads the setting (Asia/Tehran by default)'

zone $EAST
is "$(q "$PGUSER" "SELECT pishkhan.office_today()")" "$(at $EAST 'now()::timestamptz' | cut -c1-10)" \
    "office_today() is today in $EAST"
zone $WEST
is "$(q "$PGUSER" "SELECT pishkhan.office_today()")" "$(at $WEST 'now()::timestamptz' | cut -c1-10)" \
    "and today in $WEST after the setting changes"

T="'2026-01-01 00:00+00'::timestamptz"
zone Asia/Tehran
is "$(q daemon "SELECT pishkhan.console_when($T)")" '1404/10/11 03:30' 'console_when: Tehran time'
zone America/New_York
is "$(q daemon "SELECT pishkhan.console_when($T)")" '1404/10/10 19:00' 'console_when: New York time after the setting changes'

# The queue's date filter reads office dates.
L=$(mk_letter +989121234567 156301 'منطقه زمانی')
d=$(at $EAST 'now()::timestamptz' | cut -c1-10)
n() { q daemon "SELECT count(*) FROM pishkhan.console_letters('review', NULL, '$d', '$d', NULL) WHERE id = $L"; }
zone $EAST
is "$(n)" 1 "console_letters: the letter is of $EAST's today ($d) there"
zone $WEST
is "$(n)" 0 "and not of that date in $WEST"

# The SMS date of a letter not yet decided is today, in the office's zone.
sms_date() { q "$PGUSER" "SELECT pishkhan.letter_sms_params(l)->>'date' FROM pishkhan.letters l WHERE id = $L"; }
zone $EAST
is "$(sms_date)" "$(q "$PGUSER" "SELECT pishkhan.jalali((now() AT TIME ZONE '$EAST')::date)")" \
    "letter_sms_params: the date in $EAST"
zone $WEST
is "$(sms_date)" "$(q "$PGUSER" "SELECT pishkhan.jalali((now() AT TIME ZONE '$WEST')::date)")" \
    "and in $WEST"

# A decided letter's "already decided" error gives the Jalali date in the zone.
q daemon "SELECT pishkhan.letter_approve($L)" >/dev/null || bail "approve"
is "$(q "$PGUSER" "SELECT letter_date FROM pishkhan.letters WHERE id = $L")" \
    "$(at $WEST "(SELECT decided_at FROM pishkhan.letters WHERE id = $L)" | cut -c1-10)" \
    "the letter date is the day of approval in $WEST"
detail() { q daemon "SELECT pishkhan.letter_approve($L)" 2>&1 | sed -n 's/^DETAIL:.*"jalali" *: *"\([^"]*\)".*/\1/p'; }
for z in $EAST $WEST; do
	zone $z
	is "$(detail)" "$(q "$PGUSER" "SELECT pishkhan.jalali((decided_at AT TIME ZONE '$z')::date) FROM pishkhan.letters WHERE id = $L")" \
	    "letter_require_review: the decision's Jalali date in $z"
done

# A lift until a time: the time is read in the office's zone.
lift() { q games "SELECT to_char(pishkhan.citizen_limit_lift('+989121234567', '2030-01-01 08:00', 'tz') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')"; }
zone Asia/Tehran
is "$(lift)" '2030-01-01 04:30' 'citizen_limit_lift: 08:00 in Tehran is 04:30 UTC'
zone Europe/London
is "$(lift)" '2030-01-01 08:00' 'and 08:00 UTC in London'

# When a citizen may submit again, in the office's zone.
zone Asia/Tehran
q "$PGUSER" "UPDATE pishkhan.settings SET value = '1' WHERE key = 'letters_per_hour'" >/dev/null
M=+989127777777
mk_letter $M 156301 'one' >/dev/null || bail "letter"
c=$(q "$PGUSER" "SELECT id FROM pishkhan.citizens WHERE mobile = '$M'")
when() { q pishkhan_web "SELECT web_letter_limit($c, 0, 'a-form')"; }
t1=$(when)
zone UTC
t2=$(when)
is "$(q "$PGUSER" "SELECT ('$t1'::timestamp - '$t2'::timestamp)::text")" '03:30:00' \
    'web_letter_limit: the same moment, 3.5 hours later on the Tehran clock than in UTC'

# Without its row there is no office date: an error, not a guess.
q "$PGUSER" "DELETE FROM pishkhan.settings WHERE key = 'time_zone'" >/dev/null
is "$(qerr "$PGUSER" "SELECT pishkhan.office_today()")" P0002 'without the time_zone row: an error (P0002)'

dropdb "$DB"
done_testing
