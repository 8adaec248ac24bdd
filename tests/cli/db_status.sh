#!/bin/sh
# pishkhanctl db status: exit 0 only when every migration is applied and
# unchanged; otherwise exit 1 and one line on stderr after the table.
. "$(dirname "$0")/../lib/tap.sh"
sql_sandbox db_status
n=$(ls "$sqldir" | wc -l)
err="$PK_TMP/db_status.$$.err"
status() {	# status → stdout in $out, stderr in $err, exit status in $rc
	out=$(ctl -c "$conf" db status 2>"$err"); rc=$?
}

out=$(ctl db status --help); ok $? "db status --help succeeds"
like "$out" "exit 1 unless all are applied and unchanged" "and says when it fails"
out=$(ctl -c "$conf" db status extra 2>&1); is $? 2 "an operand: exit 2"

# Before the first migrate: everything pending.
status
is "$rc" 1 "nothing applied: exit 1"
is "$(printf '%s\n' "$out" | grep -c '	pending$')" "$n" "every file is listed as pending"
is "$(cat "$err")" "pishkhanctl: $n pending; run 'pishkhanctl db migrate'" "one line says so"
both=$(ctl -c "$conf" db status 2>&1)
is "$(printf '%s\n' "$both" | tail -n 1)" "pishkhanctl: $n pending; run 'pishkhanctl db migrate'" \
    "after the table"

ctl -c "$conf" db migrate >/dev/null 2>&1 || bail "migrate"
status
is "$rc" 0 "all applied and unchanged: exit 0"
is "$(printf '%s\n' "$out" | cut -f2 | sort -u)" applied "every file applied"
is "$(cat "$err")" "" "and nothing on stderr"

# A new file: pending.
printf 'CREATE TABLE pishkhan.status_a (id int);\n' >"$sqldir/900_a.sql"
status
is "$rc" 1 "one pending migration: exit 1"
like "$out" "900_a.sql	pending" "listed as pending"
is "$(cat "$err")" "pishkhanctl: 1 pending; run 'pishkhanctl db migrate'" "and counted on one line"
ctl -c "$conf" db migrate >/dev/null 2>&1 || bail "migrate 900"
status
is "$rc" 0 "applied: exit 0 again"

# An applied file changed.
printf -- '-- edited\n' >>"$sqldir/900_a.sql"
status
is "$rc" 1 "an applied file changed: exit 1"
like "$out" "^900_a.sql	changed	[0-9-]+ [0-9:]+	$PGUSER$" "listed as changed"
is "$(cat "$err")" "pishkhanctl: 1 changed since applied (900_a.sql); restore it and put the change in a new migration" \
    "one line names it"
both=$(ctl -c "$conf" db status 2>&1)
is "$(printf '%s\n' "$both" | tail -n 1)" "$(cat "$err")" "after the table"
is "$(printf '%s\n' "$both" | grep -c '^pishkhanctl:')" 1 "and only that line"

# Changed and pending at once.
printf 'CREATE TABLE pishkhan.status_b (id int);\n' >"$sqldir/901_b.sql"
printf -- '-- edited too\n' >>"$sqldir/001_schema.sql"
status
is "$rc" 1 "changed and pending: exit 1"
is "$(cat "$err")" "pishkhanctl: 1 pending, 2 changed since applied (001_schema.sql, 900_a.sql); run 'pishkhanctl db migrate', and put changes in a new migration" \
    "one line for both"
cp "$PK_SRCDIR/sql/001_schema.sql" "$sqldir/"
sed -i '$d' "$sqldir/900_a.sql"
rm "$sqldir/901_b.sql"
status
is "$rc" 0 "restored: exit 0"

# A row for a file that is not in the directory (an older sql_dir): listed,
# and not a failure, since every file there is applied.
q "$PGUSER" "INSERT INTO pishkhan.schema_migrations (version, checksum) VALUES ('999_newer.sql', 'x')" >/dev/null
status
is "$rc" 0 "a row without its file: exit 0"
like "$(printf '%s\n' "$out" | tail -n 1)" "^999_newer.sql	unknown	" "listed as unknown, last"

# The database unreachable: exit 3.
printf '[database]\nconninfo = host=%s/nowhere dbname=x\nsql_dir = %s\n' "$PK_TMP" "$sqldir" >"$conf.down"
out=$(ctl -c "$conf.down" db status 2>&1); is $? 3 "no database server: exit 3"
dropdb "$DB"
rm -rf "$sqldir" "$conf" "$conf.down" "$err"
done_testing
