#!/bin/sh
# tests/web/limits_race.sh — two submissions of one citizen at once, at the
# limit: the early check lets both through, the database takes one and
# refuses the other inside its transaction; the refused one gets the same
# 429 and message as the early check gives, not "temporarily unavailable".
. "$(dirname "$0")/../lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

DB=$(new_db)
setup_org
start_web 'code_wait = 0'
mk_files
J="$PK_TMP/lr.$$.jar"
M='+989121234111'
login "$J" "$M"
U=$(unit_id 156301)
q "$PGUSER" "UPDATE pishkhan.settings SET value = '1' WHERE key = 'letters_per_hour'" >/dev/null
CIT=$(q "$PGUSER" "SELECT id FROM pishkhan.citizens WHERE mobile = '$M'")
HTOK=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')

# The other submission: in a transaction that holds the citizen's row (as
# web_letter_submit does) until the web's one is waiting for it.
psql -X -q -A -t -v ON_ERROR_STOP=1 -U pishkhan_web -d "$DB" >"$PK_TMP/lr.hold.$$" 2>&1 <<SQL &
BEGIN;
SELECT l.letter_id FROM web_letter_submit($CIT, 'نفر دیگر', $U, 'همزمان', '$HTOK') l,
    LATERAL web_letter_add_file($CIT, l.letter_id, 'main', 'نامه.pdf', 'application/pdf',
	'\x255044462d312e340a') f;
DO \$\$ BEGIN
	FOR i IN 1..1200 LOOP	-- at most a minute
		PERFORM pg_stat_clear_snapshot();
		EXIT WHEN EXISTS (SELECT 1 FROM pg_stat_activity
		    WHERE usename = 'pishkhan_web' AND wait_event_type = 'Lock'
		    AND datname = current_database());
		PERFORM pg_sleep(0.05);
	END LOOP;
END \$\$;
COMMIT;
SQL
hold=$!
i=0	# the holder has taken the row
while [ "$(q "$PGUSER" "SELECT count(*) FROM pg_stat_activity WHERE usename = 'pishkhan_web' AND state = 'active' AND query LIKE 'DO%'")" != 1 ] && [ $i -lt 300 ]; do
	sleep 0.1; i=$((i + 1))
done
c=$(web "$J" "$URL/" | csrf_of)
out=$(curl -s -b "$J" -c "$J" -w '\n%{http_code}' --form-string "csrf=$c" \
    --form-string "token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
    --form-string "name=علی رضایی" --form-string "unit=$U" --form-string "subject=دومی" \
    -F "letter=@$FILES/letter.pdf" "$URL/letters/new")
wait $hold
unlike "$(cat "$PK_TMP/lr.hold.$$")" 'ERROR' 'the other submission committed'
like "$(cat "$PK_TMP/lr.hold.$$")" '^[0-9]+$' '  and made its letter'
is "$(printf '%s\n' "$out" | tail -n 1)" 429 'the one refused inside its transaction: 429, not 503'
like "$out" 'role="alert"><p>به سقف نامه‌هایی که هر نفر' 'with the limit message'
like "$out" 'value="دومی"' 'and the typed subject kept'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.letters WHERE citizen_id = $CIT")" 1 'one letter saved, not two'
is "$(q "$PGUSER" "SELECT subject FROM pishkhan.letters WHERE citizen_id = $CIT")" 'همزمان' 'the one that got the row first'
unlike "$(cat "$WEBLOG")" 'letter not saved' 'no "not saved" outage in the log'
rm -f "$PK_TMP/lr.hold.$$" "$J"
done_testing
