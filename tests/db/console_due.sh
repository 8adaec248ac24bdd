#!/bin/sh
# tests/db/console_due.sh — the console's side of the service levels
# (sql/027_console_due.sql): console_letters' working days waited, due
# state, next_due and late filter, for the clerk's decisions and a unit's
# responses; and letter_similar, the same citizen's like letters to the
# same unit of the 30 days before (pg_trgm), with who may ask.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
setup_org
su() { q "$PGUSER" "SET session_replication_role = replica; SET search_path = pishkhan; $*" >/dev/null; }
# The N-th working day before today at 10:00, office time.
wd() { echo "(SELECT (w.day + time '10:00') AT TIME ZONE pishkhan.office_zone()
    FROM pishkhan.work_calendar w WHERE w.working AND w.n = (SELECT t.n
    FROM pishkhan.work_calendar t WHERE t.day = pishkhan.office_today()) - $1)"; }
TONIGHT="(pishkhan.office_today() + 1)::timestamp AT TIME ZONE pishkhan.office_zone()"
cl() {	# cl STATUS LATE SORT-KEY [USER]: id:waited:due_state, in order
	q "${4:-daemon}" "SELECT string_agg(id || ':' || waited || ':' || coalesce(due_state, ''), ' '
	    ORDER BY $3, id) FROM pishkhan.console_letters('$1', NULL, NULL, NULL, NULL, $2)"
}

# --- decisions -------------------------------------------------------------
A=$(mk_letter +989121234567 156301 'a: late')
B=$(mk_letter +989121234567 156301 'b: due today')
C=$(mk_letter +989121234567 156301 'c: on time')
N=$(mk_letter +989121234567 156301 'n: no due recorded')
su "UPDATE letters SET created_at = $(wd 3), decision_due = now() - interval '1 minute' WHERE id = $A;
    UPDATE letters SET created_at = $(wd 2), decision_due = $TONIGHT WHERE id = $B;
    UPDATE letters SET created_at = $(wd 5), decision_due = now() + interval '3 days' WHERE id = $C;
    UPDATE letters SET created_at = $(wd 1), decision_due = NULL WHERE id = $N"
is "$(cl review false created_at)" "$C:5:on_time $A:3:late $B:2:due_today $N:1:" \
    'by arrival: working days waited and due state of each letter under review'
is "$(cl review false next_due)" "$A:3:late $B:2:due_today $C:5:on_time $N:1:" \
    'by next_due: the soonest due first, a letter with no due recorded last'
is "$(cl review true created_at)" "$A:3:late" 'the late filter: only the late one'
is "$(q daemon "SELECT next_due FROM pishkhan.console_letters('review', NULL, NULL, NULL, NULL) WHERE id = $N")" \
    infinity 'no due recorded: next_due is infinity, never NULL'
# Stamped on the next working day (a clock ahead, near midnight):
# working_days_between is -1 there; the queue shows 0.
su "UPDATE letters SET created_at = (SELECT (min(w.day) + time '10:00') AT TIME ZONE office_zone()
    FROM work_calendar w WHERE w.working AND w.day > office_today()) WHERE id = $N"
is "$(q daemon "SELECT waited FROM pishkhan.console_letters('review', NULL, NULL, NULL, NULL) WHERE id = $N")" \
    0 'a letter stamped a little ahead (the next working day) has waited 0, not -1'

# --- responses ---------------------------------------------------------------
for l in $A $B $C; do q daemon "SELECT pishkhan.letter_approve($l, NULL, NULL)" >/dev/null; done
D=$(mk_letter +989351112233 156301 'd: answered late')
q daemon "SELECT pishkhan.letter_approve($D, NULL, NULL)" >/dev/null
su "UPDATE letters SET decided_at = $(wd 4), response_due = now() - interval '1 day' WHERE id = $A;
    UPDATE letters SET decided_at = $(wd 1), response_due = $TONIGHT WHERE id = $B;
    UPDATE letters SET decided_at = $(wd 0), response_due = now() + interval '9 days' WHERE id = $C;
    UPDATE letters SET decided_at = $(wd 6), response_due = $(wd 4), responded_at = $(wd 2) WHERE id = $D"
is "$(cl approved false next_due bin)" "$A:4:late $B:1:due_today $C:0:on_time $D:4:done_late" \
    "a unit member's list by due: days since approval, the answered one last, its days up to its response"
is "$(cl approved true next_due bin)" "$A:4:late" 'late responses only: the answered one is not late'
is "$(q sys "SELECT count(*) FROM pishkhan.console_letters('approved', NULL, NULL, NULL, NULL, false)")" 0 \
    "another unit's member sees none of them"
is "$(q bin "SELECT count(*) FROM pishkhan.console_letters('review', NULL, NULL, NULL, NULL, true)")" 0 \
    'nor does a unit member see the letters under review, late or not'
is "$(q daemon "SELECT count(*) FROM pishkhan.console_letters('rejected', NULL, NULL, NULL, NULL, true)")" 0 \
    'nothing is late among rejected letters'
# The response answers it: done in time.
su "UPDATE letters SET responded_at = now() WHERE id = $C"
is "$(q bin "SELECT due_state || ' ' || next_due FROM pishkhan.console_letters('approved', NULL, NULL, NULL, NULL) WHERE id = $C")" \
    'done infinity' 'answered in time: done, and nothing is due any more'

# --- the queries reach their indexes -----------------------------------------
like "$(q daemon "SET enable_seqscan = off; SET enable_bitmapscan = off; EXPLAIN (COSTS OFF) SELECT q.id FROM pishkhan.console_letters('review', NULL, NULL, NULL, NULL, true) q
    WHERE (q.next_due, q.id) > (now() - interval '1 year', 0::bigint) ORDER BY q.next_due, q.id LIMIT 20" | tr '\n' ' ')" \
    'Index Scan using letters_review_next_due .*Index Cond: \(\(next_due <= now\(\)\) AND \(ROW\(next_due, id\) >' \
    "the clerk's late letters by due: one index range, the keyset and the filter as its conditions"
like "$(q bin "SET enable_seqscan = off; SET enable_bitmapscan = off; EXPLAIN (COSTS OFF) SELECT q.id FROM pishkhan.console_letters('approved', NULL, NULL, NULL, NULL, false) q
    WHERE (q.next_due, q.id) > (now() - interval '1 year', 0::bigint) ORDER BY q.next_due, q.id LIMIT 20" | tr '\n' ' ')" \
    'Index Scan using letters_approved_(unit_)?next_due .*Index Cond: .*ROW\(next_due, id\) >' \
    "a unit member's list by due: ordered by an index, the keyset its condition"

# --- similar letters ------------------------------------------------------------
U=$(unit_id 156301)
sim() { q daemon "SELECT string_agg(id::text, ' ' ORDER BY id) FROM pishkhan.letter_similar($1)"; }
S1=$(mk_letter +989121234567 156301 'درخواست گواهی اشتغال به کار')
S2=$(mk_letter +989121234567 156301 'تمدید قرارداد پیمانکاری')
S3=$(mk_letter +989351112233 156301 'درخواست گواهی اشتغال به کار')
S4=$(mk_letter +989121234567 156101 'درخواست گواهی اشتغال به کار')
S5=$(mk_letter +989121234567 156301 'درخواست گواهی اشتغال به کار')
S6=$(mk_letter +989121234567 156301 'درخواست گواهي اشتغال به كار')
su "UPDATE letters SET created_at = now() - interval '31 days' WHERE id = $S5;
    UPDATE letters SET created_at = now() - interval '29 days' WHERE id = $S1"
q daemon "SELECT pishkhan.letter_reject($S1, 'مدارک ناقص است')" >/dev/null
is "$(sim "$S6")" "$S1" "the citizen's like letter to the same unit is found; not the unlike one, \
another citizen's, one to another unit, or one older than 30 days"
is "$(q daemon "SELECT status || '|' || decision || '|' || (similarity >= 0.99) FROM pishkhan.letter_similar($S6)")" \
    'rejected|مدارک ناقص است|true' 'with its outcome and reason; ي and ك read as ی and ک: the same subject'
is "$(sim "$S1")" "$S5" 'the 30 days are those before the letter itself: from S1 (29 days old), S5 (31) is \
listed, and none of the newer letters'
is "$(q "$PGUSER" "SELECT pishkhan.subject_norm('گواهي بكار ۱۲۳ نامه‌ای')")" 'گواهی بکار 123 نامه ای' \
    'subject_norm: Persian yeh and kaf, ASCII digits, ZWNJ as a space'
# The threshold is a setting, checked.
is "$(qerr "$PGUSER" "UPDATE pishkhan.settings SET value = '1.5' WHERE key = 'duplicate_similarity'")" 23514 \
    'duplicate_similarity above 1 is refused'
is "$(qerr "$PGUSER" "UPDATE pishkhan.settings SET value = 'x' WHERE key = 'duplicate_similarity'")" 23514 \
    'and a word'
S7=$(mk_letter +989121234567 156301 'درخواست گواهی اشتغال')
is "$(sim "$S7")" "$S1 $S6" 'a shorter subject of the same words is similar at 0.4'
q "$PGUSER" "UPDATE pishkhan.settings SET value = '0.9' WHERE key = 'duplicate_similarity'" >/dev/null
is "$(sim "$S7")" '' 'at 0.9 it is not'
q "$PGUSER" "UPDATE pishkhan.settings SET value = '0.4' WHERE key = 'duplicate_similarity'" >/dev/null
# Who may ask: clerks and admins, not a unit member.
is "$(qerr bin "SELECT * FROM pishkhan.letter_similar($S6)")" 42501 'a unit member may not call it'
is "$(qerr games "SELECT count(*) FROM pishkhan.letter_similar($S6)")" ok 'an admin may'
is "$(q "$PGUSER" "SELECT extnamespace::regnamespace FROM pg_extension WHERE extname = 'pg_trgm'")" pishkhan \
    "pg_trgm is in the schema, under its grants"
done_testing
