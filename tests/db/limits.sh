#!/bin/sh
# tests/db/limits.sh — a citizen's submission limits, kept by the database
# (sql/012_citizen_limits.sql, issue 9 item 4): letters and bytes in any
# hour and any 24 hours, a refusal (PK429) saying when again, two
# submissions at once, lifts (admin only, recorded), and clean_line.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
setup_org
U=$(unit_id 156301)
set_limit() { q "$PGUSER" "UPDATE pishkhan.settings SET value = '$2' WHERE key = '$1'" >/dev/null; }
cid() { q "$PGUSER" "SELECT id FROM pishkhan.citizens WHERE mobile = '$1'"; }
nlet() { q "$PGUSER" "SELECT count(*) FROM pishkhan.letters l JOIN pishkhan.citizens c ON c.id = l.citizen_id WHERE c.mobile = '$1'"; }
submit() {	# submit MOBILE TOKEN: a letter and its file as the web does; "ID:t" made, "ID:f" found
	q pishkhan_web "SELECT l.letter_id || ':' || CASE WHEN l.created THEN 't' ELSE 'f' END
	    FROM web_citizen('$1') c(id),
	    LATERAL web_letter_submit(c.id, 'Ali', $U, 'limit', '$2') l
	    LEFT JOIN LATERAL (SELECT web_letter_add_file(c.id, l.letter_id, 'main', 'x.pdf',
		'application/pdf', '\x255044462d312e340a') WHERE l.created) f ON true"
}

is "$(q "$PGUSER" "SELECT string_agg(key || '=' || value, ' ' ORDER BY key) FROM pishkhan.settings WHERE key ~ '_per_'")" \
    'bytes_per_day=314572800 bytes_per_hour=104857600 letters_per_day=30 letters_per_hour=10' \
    'the limits have defaults'
is "$(qerr "$PGUSER" "UPDATE pishkhan.settings SET value = 'ten' WHERE key = 'letters_per_hour'")" 23514 \
    'a limit that is not a number is refused'
is "$(qerr "$PGUSER" "UPDATE pishkhan.settings SET value = '-1' WHERE key = 'bytes_per_day'")" 23514 \
    'a negative limit is refused'

# Letters per hour.
set_limit letters_per_hour 2
A=+989121111111
mk_letter $A 156301 'one' >/dev/null && mk_letter $A 156301 'two' >/dev/null
is "$(nlet $A)" 2 'two letters under a limit of two an hour'
is "$(qerr pishkhan_web "SELECT web_letter_submit(web_citizen('$A'), 'Ali', $U, 'three', 'third-token-0123456789')")" PK429 \
    'the third in the hour: PK429'
is "$(nlet $A)" 2 'and not saved'
want=$(q "$PGUSER" "SELECT to_char((min(created_at) + interval '1 hour') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM pishkhan.letters")
got=$(q pishkhan_web "SELECT web_letter_submit(web_citizen('$A'), 'Ali', $U, 'three', 'third-token-0123456789')" 2>&1 | sed -n 's/^DETAIL:  //p')
is "$got" "$want" 'the DETAIL says when: an hour after the first letter'
tok=$(q "$PGUSER" "SELECT submit_token FROM pishkhan.letters ORDER BY id DESC LIMIT 1")
like "$(submit $A "$tok")" ':f$' 'the same form again (its token): the letter it made, not a refusal'
is "$(q pishkhan_web "SELECT web_letter_limit($(cid $A), 0, '$tok') IS NULL")" t \
    "web_letter_limit: NULL for a form whose letter was made (a double click at the limit)"
like "$(q pishkhan_web "SELECT web_letter_limit($(cid $A), 0, 'another-form')")" '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$' \
    'web_letter_limit: when, in the office time zone'
is "$(q pishkhan_web "SELECT web_letter_limit(web_citizen('+989129999999'), 9, 'a-form') IS NULL")" t \
    'web_letter_limit: NULL for a citizen under every limit'
# Letters an hour old no longer count (moved back as the superuser).
q "$PGUSER" "SET session_replication_role = replica;
    UPDATE pishkhan.letters SET created_at = created_at - interval '61 minutes'" >/dev/null
like "$(submit $A third-token-0123456789)" ':t$' 'an hour later: the third letter is taken'

# Letters per day: the two moved back still count.
set_limit letters_per_day 3
is "$(qerr pishkhan_web "SELECT web_letter_submit(web_citizen('$A'), 'Ali', $U, 'four', 'fourth-token-0123456789')")" PK429 \
    'three in 24 hours under a limit of three a day: PK429'
set_limit letters_per_hour 0
set_limit letters_per_day 0
like "$(submit $A fourth-token-0123456789)" ':t$' '0: no limit'

# Bytes: counted as the files arrive, in the same transaction.
set_limit bytes_per_hour 20
B=+989122222222
mk_letter $B 156301 'nine bytes' >/dev/null && mk_letter $B 156301 'nine more' >/dev/null
is "$(nlet $B)" 2 'two letters of 9 bytes under 20 bytes an hour'
is "$(qerr pishkhan_web "SELECT f FROM web_citizen('$B') c(id),
    LATERAL web_letter_submit(c.id, 'Ali', $U, 'too big', 'bytes-token-0123456789') l,
    LATERAL web_letter_add_file(c.id, l.letter_id, 'main', 'x.pdf', 'application/pdf', '\x255044462d312e340a') f")" PK429 \
    'the file that goes past the bytes limit: PK429'
is "$(nlet $B)" 2 'and its letter is not saved either'
is "$(q pishkhan_web "SELECT web_letter_limit($(cid $B), 100, 'a-form')")" never \
    'files bigger than the limit itself: never'
LB=$(q "$PGUSER" "SELECT min(l.id) FROM pishkhan.letters l JOIN pishkhan.citizens c ON c.id = l.citizen_id WHERE c.mobile = '$B'")
q daemon "SELECT pishkhan.letter_approve($LB)" >/dev/null
is "$(qerr bin "SELECT pishkhan.letter_add_response($LB, 'r.pdf', 'application/pdf', '\x255044462d312e340a', NULL, false)")" ok \
    "the staff's responses do not count against the citizen"
set_limit bytes_per_hour 0

# Two submissions at once with room for one: the second waits for the
# first (the citizen's row is locked) and is then refused.
set_limit letters_per_hour 1
C=+989123333333
CID=$(q pishkhan_web "SELECT web_citizen('$C')")
fifo="$PK_TMP/limits_fifo.$$"
mkfifo "$fifo"
PGAPPNAME=limits_first psql -X -q -A -t -U pishkhan_web -d "$DB" <"$fifo" >"$PK_TMP/first.$$" 2>&1 &
first=$!
exec 7>"$fifo"
echo "BEGIN; SELECT pishkhan.web_letter_add_file($CID, letter_id, 'main', 'x.pdf', 'application/pdf', '\x255044462d312e340a') FROM pishkhan.web_letter_submit($CID, 'Ali', $U, 'first', 'race-token-1-0123456789');" >&7
wait_for() {	# wait_for SQL: until it prints t (at most 30 s)
	_n=300
	while [ $_n -gt 0 ]; do
		[ "$(q "$PGUSER" "$1")" = t ] && return 0
		sleep 0.1; _n=$((_n - 1))
	done
	return 1
}
wait_for "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'limits_first' AND state = 'idle in transaction')"
ok $? 'the first submission is in its transaction'
PGAPPNAME=limits_second psql -X -q -A -t -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -U pishkhan_web -d "$DB" \
    -c "SELECT pishkhan.web_letter_add_file($CID, letter_id, 'main', 'x.pdf', 'application/pdf', '\x255044462d312e340a') FROM pishkhan.web_letter_submit($CID, 'Ali', $U, 'second', 'race-token-2-0123456789')" \
    >"$PK_TMP/second.$$" 2>&1 &
second=$!
wait_for "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'limits_second' AND wait_event_type = 'Lock')"
ok $? 'the second waits for the first'
echo "COMMIT;" >&7
exec 7>&-
wait $first $second
like "$(cat "$PK_TMP/second.$$")" 'PK429' 'and is refused once the first is committed'
is "$(nlet $C)" 1 'one letter, not two'
rm -f "$fifo" "$PK_TMP/first.$$" "$PK_TMP/second.$$"

# Lifts: admin only, recorded, append-only.
is "$(qerr pishkhan_web "SELECT pishkhan.citizen_limit_lift('$C', NULL, NULL)")" 42501 'the web cannot lift a limit'
is "$(qerr daemon "SELECT pishkhan.citizen_limit_lift('$C', NULL, NULL)")" 42501 'nor can a clerk'
is "$(qerr pishkhan_web "SELECT * FROM pishkhan.citizen_limit_lifts")" 42501 'the web cannot read the lifts'
is "$(qerr games "SELECT pishkhan.citizen_limit_lift('+989120000000', NULL, NULL)")" PK404 'an unknown citizen: PK404'
is "$(q games "SELECT pishkhan.citizen_limit_lift('$C', NULL, 'called the office') IS NULL")" t 'an admin lifts the limit'
like "$(submit $C race-token-3-0123456789)" ':t$' 'and the citizen may submit again at once'
is "$(qerr pishkhan_web "SELECT web_letter_submit($CID, 'Ali', $U, 'x', 'race-token-4-0123456789')")" PK429 \
    'then the limit counts again from the lift'
is "$(qerr games "SELECT pishkhan.citizen_limit_lift('$C', 'soon', NULL)")" 22007 'an until that is neither a time nor a duration: 22007'
is "$(qerr games "SELECT pishkhan.citizen_limit_lift('$C', '2001-01-01', NULL)")" 22007 'an until in the past: 22007'
is "$(q games "SELECT u - now() BETWEEN interval '47 hours' AND interval '49 hours' FROM pishkhan.citizen_limit_lift('$C', '۲ days', NULL) u")" t \
    'until as a duration, in Persian digits'
for i in 4 5 6; do submit $C "race-token-$i-0123456789" >/dev/null; done
is "$(nlet $C)" 5 'no limit until then'
is "$(q "$PGUSER" "SELECT string_agg(lifted_by || ':' || coalesce(note, '-') || ':' || (until IS NOT NULL), ',' ORDER BY id) FROM pishkhan.citizen_limit_lifts")" \
    'games:called the office:false,games:-:true' 'each lift is recorded: who, why, until'
is "$(qerr "$PGUSER" "DELETE FROM pishkhan.citizen_limit_lifts")" 42501 'the record is append-only'

# clean_line, for every caller: the same cleaning as the programs'.
is "$(q "$PGUSER" "SELECT pishkhan.clean_line(E'\u00a0') IS NULL AND pishkhan.clean_line(E'\u3000') IS NULL AND pishkhan.clean_line(E'\u2003') IS NULL")" t \
    'clean_line: only U+00A0, U+3000 or U+2003 is NULL'
is "$(q "$PGUSER" "SELECT pishkhan.clean_line(E'\u200c \u200b\u202e') IS NULL")" t 'clean_line: only invisible characters is NULL'
is "$(q "$PGUSER" "SELECT pishkhan.clean_line(E' a\u202eb\u2066c\u0007\u0085d\u00a0 e\u200cf ')")" "$(printf 'abc d e\342\200\214f')" \
    'clean_line: controls and bidi controls removed, spaces collapsed, ZWNJ kept'
done_testing
