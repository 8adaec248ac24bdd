#!/bin/sh
# pishkhanctl as an administrator meets it: output, errors, exit statuses.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
setup_org

# --help everywhere; usage errors exit 2.
out=$(ctl --help); ok $? "--help succeeds"
like "$out" "units +add" "--help lists the commands"
for n in db units staff reasons config; do
	ctl "$n" --help >/dev/null; ok $? "$n --help succeeds"
done
out=$(ctl units add --help); like "$out" "^usage: pishkhanctl units add" "a verb's --help shows its usage"
ctl >/dev/null 2>&1; is $? 2 "no command: exit 2"
out=$(ctl frobnicate 2>&1); is $? 2 "an unknown command: exit 2"
like "$out" "^pishkhanctl: 'frobnicate' is not a pishkhanctl command" "and says so"
out=$(ctl units frob 2>&1); is $? 2 "an unknown verb: exit 2"
out=$(ctl -c "$CONF" units add 12 2>&1); is $? 2 "missing arguments: exit 2"
like "$out" "usage: pishkhanctl units add" "with the usage line"
out=$(ctl -c "$CONF" units list --bogus 2>&1); is $? 2 "an unknown option: exit 2"

# Units: Persian digits, duplicates, malformed codes, not found.
ctl -c "$CONF" units add --order ۵ '۱۵۶۲۰۱' 'معاونت آموزشی' 'Deputy for Education'
ok $? "a unit added with a code in Persian digits"
like "$(ctl -c "$CONF" units list)" "^156201	معاونت آموزشی	Deputy for Education	active	5	2	10$" \
    "is listed tab-separated, code in ASCII digits, with the default service levels"
out=$(ctl -c "$CONF" units add 156201 'واحد دیگر' 'Other' 2>&1); is $? 1 "a duplicate code: exit 1"
is "$out" "pishkhanctl: unit code '156201' already exists" "with a one-line message"
out=$(ctl -c "$CONF" units add 12x 'الف' 'A' 2>&1); is $? 2 "a malformed code: exit 2"
is "$out" "pishkhanctl: unit code '12x' is not a number
usage: pishkhanctl units add [--order N] [--inactive] CODE NAME_FA NAME_EN" "and says so"
out=$(ctl -c "$CONF" units add 1234567890123 'الف' 'A' 2>&1); is $? 1 "a code longer than 12 digits is refused"
out=$(ctl -c "$CONF" units add 55 '  ' 'A' 2>&1); is $? 1 "an empty name is refused"
is "$(ctl -c "$CONF" units list | grep -c '^55	')" 0 "and nothing was added"
out=$(ctl -c "$CONF" units disable 12 2>&1); is $? 1 "disabling an unknown unit: exit 1"
is "$out" "pishkhanctl: unit '12' not found" "unit '12' not found"
ctl -c "$CONF" units edit --en 'Education' --order 7 156201; ok $? "units edit"
like "$(ctl -c "$CONF" units list)" "156201	معاونت آموزشی	Education	active	7" "changes only what was given"
ctl -c "$CONF" units disable 156201; ok $? "units disable"
is "$(ctl -c "$CONF" units list | grep -c '^156201')" 0 "a disabled unit leaves the list"
like "$(ctl -c "$CONF" units list --all)" "156201	.*	disabled	" "but --all shows it"
out=$(ctl -c "$CONF" units edit 156201 2>&1); is $? 2 "edit with nothing to change: exit 2"

# Staff.
out=$(ctl -c "$CONF" staff add --clerk no_such_user_xyz 2>&1); is $? 1 "a login with no OS user: exit 1"
like "$out" "^pishkhanctl: no operating-system user 'no_such_user_xyz'" "and says so"
is "$(q "$PGUSER" "SELECT count(*) FROM pg_roles WHERE rolname = 'no_such_user_xyz'")" 0 "and no role was made"
out=$(ctl -c "$CONF" staff add nobody 2>&1); is $? 2 "staff add without a duty: exit 2"
out=$(ctl -c "$CONF" staff add --unit 999 nobody 2>&1); is $? 1 "an unknown unit: exit 1"
like "$out" "unit '999' not found" "and says which"
out=$(ctl -c "$CONF" staff add --clerk daemon 2>&1); is $? 1 "adding an active staff member again: exit 1"
like "$out" "staff member 'daemon' already exists" "and says so"
like "$(ctl -c "$CONF" staff list)" "^bin	bin	unit	156301	active$" "staff list: login, name, duties, unit, state"
out=$(ctl -c "$CONF" staff list --clerk 2>&1); rc=$?
is "$rc" 2 "staff list --clerk: a usage error, not a filter silently ignored"
like "$out" "option '--clerk' is not known here" "staff list --clerk: says so"
ctl -c "$CONF" staff add --clerk --name 'مریم رضایی' nobody; ok $? "a clerk with a Persian name"
is "$(q "$PGUSER" "SELECT pg_has_role('nobody', 'pishkhan_clerk', 'MEMBER')")" t "gets the clerk role in PostgreSQL"
ctl -c "$CONF" staff disable nobody; ok $? "staff disable"
is "$(q "$PGUSER" "SELECT pg_has_role('nobody', 'pishkhan_clerk', 'MEMBER')")" f "takes the role away"
out=$(ctl -c "$CONF" staff disable nobody 2>&1); is $? 1 "disabling twice: exit 1"
ctl -c "$CONF" staff add --unit 156101 nobody; ok $? "a disabled member can be added back"
like "$(ctl -c "$CONF" staff list)" "nobody	nobody	unit	156101	active" "with the new duties (and the OS full name)"
out=$(PGUSER=daemon ctl -c "$CONF" staff add --clerk lp 2>&1); is $? 1 "a clerk cannot make staff"
like "$out" "^hint: run pishkhanctl as a PostgreSQL superuser or an active admin" "and is told what to do"
PGUSER=games ctl -c "$CONF" staff add --clerk lp; ok $? "an admin can"

# Rejection reasons.
id=$(ctl -c "$CONF" reasons add 'فرم ناقص است' 'the form is incomplete'); ok $? "reasons add"
like "$id" '^[0-9]+$' "prints the new id"
like "$(ctl -c "$CONF" reasons list)" "^$id	فرم ناقص است	the form is incomplete	active	" "and lists it"
out=$(ctl -c "$CONF" reasons add 'فرم ناقص است' 'dup' 2>&1); is $? 1 "a duplicate reason: exit 1"
ctl -c "$CONF" reasons disable "$id"; ok $? "reasons disable"
out=$(ctl -c "$CONF" reasons disable 99999999999 2>&1); is $? 1 "an unknown reason: exit 1"
is "$out" "pishkhanctl: reason '99999999999' not found" "and says so"

# Configuration.
good="$PK_TMP/good.$$.conf"; bad="$PK_TMP/bad.$$.conf"
printf '[database]\nconninfo = dbname=x\nsql_dir = %s/sql\n[phone]\ncountries = 98, 1\n' "$PK_SRCDIR" >"$good"
is "$(ctl config check "$good")" "$good: ok" "config check: a good file"
printf '[database]\nconninfo = x\ncolour = blue\n' >"$bad"
out=$(ctl config check "$bad" 2>&1); is $? 1 "an unknown key: exit 1"
is "$out" "pishkhanctl: $bad: database.colour: unknown key" "FILE: section.key: what is wrong"
printf '[web]\nport = 99999\n' >"$bad"
is "$(ctl config check "$bad" 2>&1)" "pishkhanctl: $bad: web.port: out of range: '99999'" "a value out of range"
printf '[web]\nport = 042\n' >"$bad"
like "$(ctl -c "$bad" config show)" "^web.port	042	set" "042 is read as decimal 42, not octal"
printf '[nowhere]\nx = 1\n' >"$bad"
is "$(ctl config check "$bad" 2>&1)" "pishkhanctl: $bad: [nowhere]: unknown section" "an unknown section"
printf 'x = 1\n' >"$bad"
is "$(ctl config check "$bad" 2>&1)" "pishkhanctl: $bad: x: key outside a section" "a key outside any section"
out=$(ctl -c "$bad" units list 2>&1); is $? 1 "every command refuses a bad file"
out=$(ctl -c "$PK_TMP/none.conf" units list 2>&1); is $? 1 "a named file that does not exist"
like "$out" "none.conf: No such file or directory" "is an error"
rm -f "$good" "$bad"

# TSV escaping.
ctl -c "$CONF" units add 77 'با	تب' 'with\back'
like "$(ctl -c "$CONF" units list | grep '^77')" '^77	با تب	with\\\\back	active	0	2	10$' \
    "tabs in names are folded by the database and backslashes escaped in output"
done_testing
