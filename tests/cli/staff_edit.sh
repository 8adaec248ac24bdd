#!/bin/sh
# pishkhanctl staff edit: duties and names change in place, the group roles
# follow, the last active admin stays one.  Its own organisation and OS
# users (news, uucp, backup), not setup_org's: roles belong to the cluster,
# and taking the admin duty from setup_org's admin would reach other suites.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
CONF="$PK_TMP/$DB.conf"
printf '[database]\nconninfo = dbname=%s\nsql_dir = %s/sql\n' "$DB" "$PK_SRCDIR" >"$CONF"
ctl -c "$CONF" units add 156301 'واحد آمار و فناوری اطلاعات' 'Statistics and IT Unit' &&
ctl -c "$CONF" units add 156101 'حوزه ریاست' 'Office of the President' &&
ctl -c "$CONF" staff add --admin news &&
ctl -c "$CONF" staff add --clerk uucp || bail "set-up failed"

member() {	# member LOGIN GROUP → t or f
	q "$PGUSER" "SELECT pg_has_role('$1', 'pishkhan_$2', 'MEMBER')"
}
roles() {	# roles LOGIN → clerk,unit,admin memberships as t/f
	echo "$(member "$1" clerk),$(member "$1" unit),$(member "$1" admin)"
}
row() { ctl -c "$CONF" staff list --all | grep "^$1	"; }

# --help and usage errors.
out=$(ctl staff edit --help); ok $? "staff edit --help succeeds"
like "$out" "^usage: pishkhanctl staff edit " "and shows the usage"
like "$out" "--no-admin" "and the options"
out=$(ctl -c "$CONF" staff edit uucp 2>&1); is $? 2 "nothing to change: exit 2"
like "$out" "^pishkhanctl: nothing to change" "and says so"
out=$(ctl -c "$CONF" staff edit --clerk 2>&1); is $? 2 "no login: exit 2"
out=$(ctl -c "$CONF" staff edit --clerk uucp news 2>&1); is $? 2 "two logins: exit 2"
out=$(ctl -c "$CONF" staff edit --clerk --no-clerk uucp 2>&1); is $? 2 "--clerk with --no-clerk: exit 2"
like "$out" "^pishkhanctl: --clerk and --no-clerk contradict each other" "and says so"
out=$(ctl -c "$CONF" staff edit --unit 156301 --no-unit uucp 2>&1); is $? 2 "--unit with --no-unit: exit 2"
out=$(ctl -c "$CONF" staff edit --unit 12x uucp 2>&1); is $? 2 "a unit code that is not a number: exit 2"
out=$(ctl -c "$CONF" staff edit --bogus uucp 2>&1); is $? 2 "an unknown option: exit 2"
is "$(row uucp)" "uucp	uucp	clerk		active" "none of them changed anything"

# Unknown login, unknown unit.
out=$(ctl -c "$CONF" staff edit --clerk nosuch 2>&1); is $? 1 "an unknown login: exit 1"
is "$out" "pishkhanctl: staff member 'nosuch' not found" "staff member 'nosuch' not found"
out=$(ctl -c "$CONF" staff edit --unit 999 uucp 2>&1); is $? 1 "an unknown unit: exit 1"
is "$out" "pishkhanctl: unit '999' not found" "unit '999' not found"
is "$(row uucp)" "uucp	uucp	clerk		active" "and nothing changed"

# Duties change in place; the roles follow.
is "$(roles uucp)" "t,f,f" "before: uucp is a clerk only"
ctl -c "$CONF" staff edit --unit ۱۵۶۳۰۱ uucp; ok $? "--unit with Persian digits"
is "$(row uucp)" "uucp	uucp	clerk,unit	156301	active" "adds the unit, keeps the clerk"
is "$(roles uucp)" "t,t,f" "and grants pishkhan_unit"
ctl -c "$CONF" staff edit --no-clerk --unit 156101 uucp; ok $? "--no-clerk --unit: another unit"
is "$(row uucp)" "uucp	uucp	unit	156101	active" "moves the member"
is "$(roles uucp)" "f,t,f" "and revokes pishkhan_clerk"
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.staff WHERE login = 'uucp' AND unit_id =
    (SELECT id FROM pishkhan.units WHERE code = '156101')")" 1 "unit_id is the new unit's"
out=$(ctl -c "$CONF" staff edit --no-unit uucp 2>&1); is $? 1 "taking the only duty away: exit 1"
is "$out" "pishkhanctl: staff member 'uucp' would have no duty left; 'pishkhanctl staff disable uucp' takes away all access" \
    "and points to staff disable"
is "$(roles uucp)" "f,t,f" "and nothing changed"
ctl -c "$CONF" staff edit --admin --no-unit uucp; ok $? "--admin --no-unit"
is "$(row uucp)" "uucp	uucp	admin		active" "an admin, in no unit"
is "$(roles uucp)" "f,f,t" "grants pishkhan_admin, revokes pishkhan_unit"
is "$(q "$PGUSER" "SELECT is_unit::text || coalesce(unit_id::text, '-') FROM pishkhan.staff WHERE login = 'uucp'")" \
    "false-" "is_unit and unit_id are cleared together"
PGUSER=uucp ctl -c "$CONF" units add 156601 'معاونت غذا و دارو' 'Deputy for Food and Drug'
ok $? "the new admin can administer at once"

# Names.
ctl -c "$CONF" staff edit --name '  زهرا   کریمی‌زاده ' uucp; ok $? "--name with a ZWNJ and extra blanks"
is "$(row uucp)" "uucp	زهرا کریمی‌زاده	admin		active" "the name is cleaned, the duties kept"
out=$(ctl -c "$CONF" staff edit --name '   ' uucp 2>&1); is $? 1 "a blank name: exit 1"
is "$out" "pishkhanctl: a display name needs 1 to 200 characters" "and says what a name needs"
long=$(printf 'ن%.0s' $(seq 201))
out=$(ctl -c "$CONF" staff edit --name "$long" uucp 2>&1); is $? 1 "a name of 201 characters: exit 1"
is "$(row uucp)" "uucp	زهرا کریمی‌زاده	admin		active" "and nothing changed"

# The last active admin.
ctl -c "$CONF" staff edit --clerk --no-admin news; ok $? "an admin who is not the last may stop being one"
is "$(roles news)" "t,f,f" "and loses pishkhan_admin"
out=$(PGUSER=news ctl -c "$CONF" units add 1 'الف' 'A' 2>&1); is $? 1 "and can no longer administer"
out=$(PGUSER=uucp ctl -c "$CONF" staff edit --no-admin --clerk uucp 2>&1); is $? 1 "the last active admin cannot drop the duty: exit 1"
is "$out" "pishkhanctl: staff member 'uucp' is the last active admin; make another staff member an admin first" \
    "and is told what to do"
out=$(ctl -c "$CONF" staff edit --no-admin --clerk uucp 2>&1); is $? 1 "not even by the superuser"
is "$(row uucp)" "uucp	زهرا کریمی‌زاده	admin		active" "the row is unchanged"
is "$(roles uucp)" "f,f,t" "and so are the roles"
ctl -c "$CONF" staff add --admin backup && ctl -c "$CONF" staff disable backup
out=$(ctl -c "$CONF" staff edit --no-admin --clerk uucp 2>&1); is $? 1 "a disabled admin does not count"

# Two admins taking the duty from each other at once: one of them wins.
ctl -c "$CONF" staff edit --admin news; ok $? "news is an admin again"
q "$PGUSER" "BEGIN; SELECT pishkhan.staff_edit('news', NULL, NULL, NULL, false);
    SELECT pg_sleep(1.5); COMMIT" >/dev/null 2>&1 &
sleep 0.5
out=$(ctl -c "$CONF" staff edit --no-admin --clerk uucp 2>&1); rc=$?
wait
is "$rc" 1 "the second of two concurrent removals waits and is refused"
like "$out" "'uucp' is the last active admin" "because the first left uucp the last"
is "$(q "$PGUSER" "SELECT string_agg(login, ',') FROM pishkhan.staff WHERE active AND is_admin")" uucp \
    "one active admin remains"

# A disabled member is not edited; a non-admin may not edit.
out=$(ctl -c "$CONF" staff edit --clerk backup 2>&1); is $? 1 "a disabled member: exit 1"
like "$out" "^pishkhanctl: staff member 'backup' is disabled; staff add enables" "and says how to enable them"
is "$(roles backup)" "f,f,f" "and grants nothing"
out=$(PGUSER=news ctl -c "$CONF" staff edit --admin news 2>&1); is $? 1 "a clerk cannot edit staff: exit 1"
like "$out" "^hint: run pishkhanctl as a PostgreSQL superuser or an active admin" "and is told who can"
is "$(roles news)" "t,f,f" "and nothing changed"
PGUSER=uucp ctl -c "$CONF" staff edit --unit 156301 news; ok $? "an admin can"
is "$(roles news)" "t,t,f" "and the roles follow"
done_testing
