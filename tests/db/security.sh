#!/bin/sh
# Least privilege: each role is refused what it must not do, by PostgreSQL.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
setup_org

L1=$(mk_letter +989121111111 156301 'درخواست یک')
L2=$(mk_letter +989122222222 156101 'درخواست دو')
like "$L1" '^[0-9]+$' "the web role submits a letter through its functions"

# --- the public web
is "$(qerr pishkhan_web "UPDATE pishkhan.letters SET status = 'approved' WHERE id = $L1")" 42501 \
    "web: cannot change a letter's status directly"
is "$(qerr pishkhan_web "SELECT pishkhan.letter_approve($L1)")" 42501 \
    "web: cannot call the clerk's approve function"
is "$(qerr pishkhan_web "SELECT pishkhan.letter_reject($L1, 'x')")" 42501 \
    "web: cannot reject"
is "$(qerr pishkhan_web "SELECT * FROM pishkhan.letters")" 42501 \
    "web: cannot read the letters table"
is "$(qerr pishkhan_web "SELECT * FROM pishkhan.staff")" 42501 \
    "web: cannot read staff data"
is "$(qerr pishkhan_web "SELECT * FROM pishkhan.citizens")" 42501 \
    "web: cannot read the citizens table"
is "$(qerr pishkhan_web "SELECT * FROM pishkhan.sms_outbox")" 42501 \
    "web: cannot read the SMS outbox"
is "$(qerr pishkhan_web "INSERT INTO pishkhan.letter_events (letter_id, kind, status_after) VALUES ($L1, 'approved', 'approved')")" 42501 \
    "web: cannot write the audit log"
C1=$(q "$PGUSER" "SELECT citizen_id FROM pishkhan.letters WHERE id = $L1")
C2=$(q "$PGUSER" "SELECT citizen_id FROM pishkhan.letters WHERE id = $L2")
is "$(q pishkhan_web "SELECT count(*) FROM pishkhan.web_letters($C1)")" 1 \
    "web: a citizen's history holds their own letter"
is "$(q pishkhan_web "SELECT count(*) FROM pishkhan.web_letters($C1) WHERE id = $L2")" 0 \
    "web: and not another citizen's"
F2=$(q "$PGUSER" "SELECT id FROM pishkhan.files WHERE letter_id = $L2")
is "$(q pishkhan_web "SELECT count(*) FROM pishkhan.web_file($C1, $F2)")" 0 \
    "web: another citizen's file id gives nothing"
is "$(q pishkhan_web "SELECT count(*) FROM pishkhan.web_file($C2, $F2)")" 1 \
    "web: the owner gets the file"
is "$(qerr pishkhan_web "SELECT pishkhan.web_letter_add_file($C1, $L2, 'attachment', 'x.pdf', 'application/pdf', '\x25504446')")" PK422 \
    "web: cannot add a file to another citizen's letter"
is "$(qerr pishkhan_web "SELECT pishkhan.web_letter_add_file($C1, $L1, 'attachment', 'x.pdf', 'application/pdf', '\x25504446')")" PK422 \
    "web: cannot add a file to its own letter after the submitting transaction"
is "$(qerr pishkhan_web "SELECT pishkhan.staff_add('x', 'x', true, NULL, false)")" 42501 \
    "web: cannot make staff"

# --- a unit member
is "$(q bin "SELECT count(*) FROM pishkhan.letters")" 0 \
    "unit: letters under review are not the unit's yet"
q daemon "SELECT * FROM pishkhan.letter_approve($L1)" >/dev/null
q daemon "SELECT * FROM pishkhan.letter_approve($L2)" >/dev/null
is "$(q bin "SELECT string_agg(id::text, ',') FROM pishkhan.letters")" "$L1" \
    "unit: sees its own unit's approved letter only"
is "$(q bin "SELECT count(*) FROM pishkhan.letters WHERE id = $L2")" 0 \
    "unit: cannot read another unit's letter"
is "$(q bin "SELECT count(*) FROM pishkhan.files WHERE letter_id = $L2")" 0 \
    "unit: cannot read another unit's files"
is "$(q bin "SELECT count(*) FROM pishkhan.letter_events WHERE letter_id = $L2")" 0 \
    "unit: cannot read another unit's audit events"
is "$(q bin "SELECT count(*) FROM pishkhan.citizens WHERE id = $C2")" 0 \
    "unit: cannot read another unit's citizens"
is "$(qerr bin "SELECT pishkhan.letter_post_update($L2, 'done')")" PK404 \
    "unit: cannot post an update on another unit's letter (as if it did not exist)"
is "$(qerr bin "SELECT pishkhan.letter_approve($L1)")" 42501 \
    "unit: cannot approve"
is "$(qerr bin "SELECT count(*) FROM pishkhan.sms_outbox")" 42501 \
    "unit: cannot read the SMS outbox (login codes)"

# --- a clerk
is "$(qerr daemon "UPDATE pishkhan.letter_events SET note = 'x'")" 42501 \
    "clerk: cannot edit the audit log"
is "$(qerr daemon "DELETE FROM pishkhan.letter_events")" 42501 \
    "clerk: cannot delete from the audit log"
is "$(qerr daemon "UPDATE pishkhan.letters SET subject = 'x' WHERE id = $L1")" 42501 \
    "clerk: cannot edit a letter directly"
is "$(qerr daemon "SELECT pishkhan.letter_post_update($L1, 'x')")" 42501 \
    "clerk: cannot post unit updates"
is "$(qerr daemon "SELECT pishkhan.staff_add('x', 'x', true, NULL, false)")" 42501 \
    "clerk: cannot make staff"
is "$(qerr daemon "INSERT INTO pishkhan.units (code, name_fa, name_en) VALUES ('9', 'x', 'x')")" 42501 \
    "clerk: cannot add units"

# --- even the owner cannot rewrite history
is "$(qerr "$PGUSER" "UPDATE pishkhan.letter_events SET note = 'x'")" 42501 \
    "superuser: the audit log is append-only even for the owner"
is "$(qerr "$PGUSER" "TRUNCATE pishkhan.letter_events")" 42501 \
    "superuser: and cannot be truncated"
is "$(qerr "$PGUSER" "DELETE FROM pishkhan.letters WHERE id = $L2")" 42501 \
    "superuser: letters are never deleted"
is "$(qerr "$PGUSER" "UPDATE pishkhan.letters SET status = 'rejected', rejection_reason = 'x', letter_no = NULL, tracking_no = NULL WHERE id = $L1")" PK409 \
    "superuser: a decided letter stays decided"

# --- disabled staff lose access at once (roles are cluster-wide: this
# suite alone uses "mail")
ctl -c "$CONF" staff add --clerk mail
is "$(q mail "SELECT count(*) > 0 FROM pishkhan.letters")" t "a clerk reads letters"
ctl -c "$CONF" staff disable mail
is "$(qerr mail "SELECT count(*) FROM pishkhan.letters")" 42501 \
    "once disabled, they cannot"
is "$(q "$PGUSER" "SELECT active FROM pishkhan.staff WHERE login = 'mail'")" f \
    "and stay in the staff table for the audit log"
# Granted the group role again (another database of the cluster may do so),
# a disabled staff member is still refused: the staff row decides.
q "$PGUSER" "GRANT pishkhan_clerk TO mail" >/dev/null
is "$(qerr mail "SELECT pishkhan.letter_reject($L2, 'x')")" PK403 \
    "a disabled clerk still in pishkhan_clerk cannot decide (PK403)"
is "$(q mail "SELECT count(*) FROM pishkhan.letters")" 0 "nor read letters"
q "$PGUSER" "REVOKE pishkhan_clerk FROM mail" >/dev/null

# --- membership of a group role is not enough (pishkhan(7)): group roles
# belong to the cluster, so a role may be in pishkhan_clerk with no active
# staff row in this database.  It is refused (PK403) and sees nothing.
GHOST=pk_ghost_$$
q "$PGUSER" "CREATE ROLE $GHOST LOGIN IN ROLE pishkhan_clerk, pishkhan_admin" >/dev/null
L3=$(mk_letter +989123333333 156301 'درخواست سه')
is "$(qerr $GHOST "SELECT pishkhan.letter_approve($L3)")" PK403 \
    "a member of pishkhan_clerk without a staff row cannot approve (PK403)"
is "$(qerr $GHOST "SELECT pishkhan.letter_reject($L3, 'x')")" PK403 \
    "nor reject (PK403)"
is "$(qerr $GHOST "SELECT pishkhan.letter_number_preview($(unit_id 156301))")" PK403 \
    "nor see the number a letter would get (PK403)"
is "$(q $GHOST "SELECT count(*) FROM pishkhan.letters")" 0 \
    "and reads no letter (the letters_clerk and letters_admin policies)"
is "$(q $GHOST "SELECT count(*) FROM pishkhan.citizens")" 0 "nor any citizen"
is "$(q $GHOST "SELECT (SELECT count(*) FROM pishkhan.files) + (SELECT count(*) FROM pishkhan.letter_events)")" 0 \
    "nor any file or audit event"
is "$(q $GHOST "SELECT count(*) FROM pishkhan.sms_outbox")" 0 \
    "nor the SMS outbox (login codes)"
is "$(qerr $GHOST "SELECT pishkhan.staff_add('x', 'x', true, NULL, false)")" PK403 \
    "nor make staff (PK403)"
is "$(q "$PGUSER" "SELECT status FROM pishkhan.letters WHERE id = $L3")" review \
    "the letter is still under review"
q "$PGUSER" "CREATE ROLE ${GHOST}_u LOGIN IN ROLE pishkhan_unit" >/dev/null
is "$(qerr ${GHOST}_u "SELECT pishkhan.letter_post_update($L1, 'x')")" PK403 \
    "a member of pishkhan_unit without a staff row cannot post updates (PK403)"
is "$(q ${GHOST}_u "SELECT count(*) FROM pishkhan.letters")" 0 "and reads no letter"
q "$PGUSER" "DROP ROLE $GHOST; DROP ROLE ${GHOST}_u" >/dev/null

# --- the admin
is "$(qerr games "UPDATE pishkhan.letters SET subject = 'x'")" 42501 \
    "admin: cannot edit letters"
is "$(qerr games "SELECT pishkhan.letter_approve($L1)")" 42501 \
    "admin: is not a clerk"
is "$(qerr games "INSERT INTO pishkhan.units (code, name_fa, name_en) VALUES ('77', 'واحد', 'Unit')")" ok \
    "admin: may add units"
# --- the staff list is an admin's view (issue 12, item 6)
for who in daemon:clerk bin:unit; do
	is "$(qerr "${who%:*}" "SELECT * FROM pishkhan.staff")" 42501 \
	    "${who#*:} (${who%:*}): cannot read the staff table"
	is "$(qerr "${who%:*}" "SELECT * FROM pishkhan.staff_list(true)")" PK403 \
	    "  nor list the staff: refused with PK403"
done
is "$(q daemon "SELECT login || ' ' || is_clerk FROM pishkhan.console_me()")" 'daemon true' \
    "clerk: the console still learns who is at the keyboard"
is "$(q bin "SELECT login || ' ' || unit_code FROM pishkhan.console_me()")" 'bin 156301' \
    "unit member: and their unit"
is "$(q bin "SELECT decided_by FROM pishkhan.letters WHERE id = $L1")" daemon \
    "unit member: who approved a letter is on the letter"
is "$(q bin "SELECT string_agg(DISTINCT actor, ',') FROM pishkhan.letter_events
    WHERE letter_id = $L1 AND kind = 'approved'")" daemon "  and in its history"
is "$(q daemon "SELECT decided_by FROM pishkhan.letters WHERE id = $L1")" daemon \
    "clerk: who approved a letter is on the letter"
is "$(q games "SELECT string_agg(login || ':' || duties || ':' || unit_code || ':' || state, ' ')
    FROM pishkhan.staff_list(false) WHERE login IN ('daemon', 'bin', 'games')")" \
    'bin:unit:156301:active daemon:clerk::active games:admin::active' \
    "admin: lists the staff, with duties, units and states"
is "$(qerr games "SELECT * FROM pishkhan.staff")" 42501 \
    "admin: reads the staff through staff_list() only"
is "$(q games "SELECT count(*) FROM pishkhan.staff_list(true) WHERE state = 'disabled'")" \
    "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.staff WHERE NOT active")" \
    "admin: --all adds the disabled"
is "$(q games "SELECT count(*) FROM pishkhan.staff_list(false) WHERE state = 'disabled'")" 0 \
    "  and without it they are left out"
# --- nothing is left to PUBLIC
# A count, not an empty list: an empty answer is also what a failing query
# gives.
is "$(q "$PGUSER" "SELECT count(*) FILTER (WHERE has_function_privilege('public', p.oid, 'EXECUTE'))
    || ' of ' || (count(*) > 50) || ': ' || coalesce(string_agg(p.oid::regprocedure::text, ', ')
	FILTER (WHERE has_function_privilege('public', p.oid, 'EXECUTE')), '')
    FROM pg_proc p WHERE p.pronamespace = 'pishkhan'::regnamespace")" "0 of true: " \
    "no function of the schema is executable by PUBLIC"
q "$PGUSER" "CREATE ROLE pk_nobody_$$ LOGIN" >/dev/null
is "$(qerr pk_nobody_$$ "SELECT pishkhan.web_units()")" 42501 "a role of no duty cannot use the schema"
q "$PGUSER" "DROP ROLE pk_nobody_$$" >/dev/null
done_testing
