#!/bin/sh
# tests/web/dates.sh — every date a citizen sees is the office's day, not
# the UTC day of the web's session (issue 13 item 1; sql/019 and
# common/db.c's connect_now set each session's zone from the time_zone
# setting).  Tehran is UTC+03:30: 20:45 UTC on 2025-03-20 is 00:15 on
# Nowruz 1404 in the office, and 21:00 UTC on 2024-10-21 is 00:30 on
# 1403/08/01; a minute before midnight stays on the day before.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

DB=$(new_db)
setup_org
M='+989121237700'
A=$(mk_letter "$M" 156301 'نامهٔ نوروز')
B=$(mk_letter "$M" 156301 'نامهٔ شب عید')
C=$(mk_letter "$M" 156301 'نامهٔ مهر')
R=$(q "$PGUSER" "SELECT id FROM pishkhan.rejection_reasons ORDER BY id LIMIT 1")
q daemon "SELECT pishkhan.letter_reject($C, NULL, $R)" >/dev/null
# Moments a test cannot wait for: written as the owner, triggers off.
q "$PGUSER" "SET session_replication_role = replica;
    UPDATE pishkhan.letters SET created_at = '2025-03-20 20:45:00+00' WHERE id = $A;
    UPDATE pishkhan.letters SET created_at = '2025-03-20 20:29:00+00' WHERE id = $B;
    UPDATE pishkhan.letters SET created_at = '2024-10-21 20:29:00+00',
        decided_at = '2024-10-21 21:00:00+00' WHERE id = $C" >/dev/null

start_web 'code_wait = 0'
J="$PK_TMP/dates.$$.jar"
login "$J" "$M"

page=$(web "$J" "$URL/letter/$A")
like "$page" '۱۴۰۴/۰۱/۰۱' 'registered 00:15 on Nowruz (20:45 UTC the day before): ۱۴۰۴/۰۱/۰۱'
unlike "$page" '۱۴۰۳/۱۲/۳۰' 'not the UTC day, ۱۴۰۳/۱۲/۳۰'
page=$(web "$J" "$URL/letter/$B")
like "$page" '۱۴۰۳/۱۲/۳۰' 'registered 23:59 the evening before Nowruz: ۱۴۰۳/۱۲/۳۰'
page=$(web "$J" "$URL/letter/$C")
like "$page" 'ثبت[^<]*</dt><dd>۱۴۰۳/۰۷/۳۰' 'registered 23:59 on 30 Mehr: ۱۴۰۳/۰۷/۳۰'
like "$page" '۱۴۰۳/۰۸/۰۱' 'rejected 00:30 on 1 Aban (21:00 UTC the day before): ۱۴۰۳/۰۸/۰۱'
list=$(web "$J" "$URL/letters")
like "$list" '۱۴۰۴/۰۱/۰۱' 'the list shows the office day too'

# The zone is the setting's, read when a session starts: in UTC the same
# letters show the UTC days.
stop_web
q "$PGUSER" "UPDATE pishkhan.settings SET value = 'UTC' WHERE key = 'time_zone'" >/dev/null
start_web 'code_wait = 0'
page=$(web "$J" "$URL/letter/$A")
like "$page" '۱۴۰۳/۱۲/۳۰' 'with time_zone = UTC: the UTC day, ۱۴۰۳/۱۲/۳۰'
page=$(web "$J" "$URL/letter/$C")
like "$page" '۱۴۰۳/۰۷/۳۰' 'with time_zone = UTC: rejected on ۱۴۰۳/۰۷/۳۰'
unlike "$page" '۱۴۰۳/۰۸/۰۱' 'with time_zone = UTC: not 1 Aban'

# A session opened before the schema exists keeps the server's zone and
# still works: pishkhanctl db migrate connects to an empty database.
E="t_dates_empty_$$"
createdb "$E" || bail "createdb $E"
printf '[database]\nconninfo = dbname=%s\nsql_dir = %s/sql\n' "$E" "$PK_SRCDIR" >"$PK_TMP/dates.$$.conf"
out=$(ctl -c "$PK_TMP/dates.$$.conf" db migrate 2>&1)
ok $? "db migrate into an empty database still connects ($(printf '%s' "$out" | tail -n 1))"
done_testing
