#!/bin/sh
# pishkhanctl db migrate: never into a maintenance database, and an applied
# migration edited since is a failure that says what to do.
. "$(dirname "$0")/../lib/tap.sh"
sql_sandbox db_migrate
err="$PK_TMP/db_migrate.$$.err"

# A configuration that names no database (or the wrong one) reaches the
# server's maintenance databases: refuse them by name, before any DDL.
for sys in postgres template1; do
	printf '[database]\nconninfo = dbname=%s\nsql_dir = %s\n' "$sys" "$sqldir" >"$conf.$sys"
	out=$(ctl -c "$conf.$sys" db migrate 2>"$err"); rc=$?
	is "$rc" 1 "migrate into '$sys': exit 1"
	is "$(head -n 1 "$err")" "pishkhanctl: refusing to install the schema into the database '$sys'" \
	    "the refusal names '$sys'"
	like "$(cat "$err")" "^hint: name Pishkhan's database .*dbname=pishkhan" "and says how to name one"
	is "$(psql -X -A -t -d "$sys" -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'pishkhan'")" 0 \
	    "no schema was made in '$sys'"
	rm -f "$conf.$sys"
done
# With no dbname at all, libpq's environment decides; PGDATABASE=postgres is
# the superuser's usual default.
printf '[database]\nsql_dir = %s\n' "$sqldir" >"$conf.none"
out=$(PGDATABASE=postgres ctl -c "$conf.none" db migrate 2>"$err"); rc=$?
is "$rc" 1 "no dbname, PGDATABASE=postgres: exit 1"
like "$(cat "$err")" "refusing to install the schema into the database 'postgres'" "refused too"
rm -f "$conf.none"

# A database that is not UTF-8 (createdb on a cluster made without a locale
# gives SQL_ASCII) would keep Persian names as bytes: refused before any DDL.
A="t_db_migrate_ascii_$$"
createdb -T template0 -E SQL_ASCII --locale-provider=libc --locale=C "$A" || bail "createdb $A"
printf '[database]\nconninfo = dbname=%s\nsql_dir = %s\n' "$A" "$sqldir" >"$conf.ascii"
out=$(ctl -c "$conf.ascii" db migrate 2>"$err"); rc=$?
is "$rc" 1 "migrate into a SQL_ASCII database: exit 1"
is "$(head -n 1 "$err")" "pishkhanctl: refusing to install the schema into the database '$A': its encoding is SQL_ASCII, not UTF8" \
    "the refusal names the database and its encoding"
like "$(cat "$err")" "^hint: .*createdb -T template0 -E UTF8 .*$A" "and says how to make it again"
is "$(psql -X -A -t -d "$A" -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'pishkhan'")" 0 \
    "no schema was made in it"
rm -f "$conf.ascii"

# The named database: applied, and a second run is a quiet no-op.
ctl -c "$conf" db migrate >/dev/null 2>"$err"; is $? 0 "migrate into '$DB': exit 0"
n=$(ls "$sqldir" | wc -l)
is "$(cat "$err")" "pishkhanctl: $n migrations applied, $n in all" "every file applied"
ctl -c "$conf" db migrate >/dev/null 2>"$err"; is $? 0 "again: exit 0"
is "$(cat "$err")" "pishkhanctl: 0 migrations applied, $n in all" "nothing applied twice"

# An applied file edited since: its change is not applied, and migrate fails
# with the same advice as db status.
printf -- '-- edited after it was applied\n' >>"$sqldir/002_jalali.sql"
out=$(ctl -c "$conf" db migrate 2>"$err"); rc=$?
is "$rc" 1 "migrate over an edited, applied file: exit 1"
is "$(tail -n 1 "$err")" "pishkhanctl: 1 applied migration changed since (002_jalali.sql): the change was not applied; restore it and put the change in a new migration" \
    "one line names the file and the remedy"
# A new file beside it is still applied: the edit stops nothing else.
printf 'CREATE TABLE pishkhan.migrate_new (id int);\n' >"$sqldir/900_new.sql"
out=$(ctl -c "$conf" db migrate 2>"$err"); rc=$?
is "$rc" 1 "a pending file and an edited one: exit 1"
like "$out" "^applied	900_new.sql$" "the pending one was applied"
is "$(q "$PGUSER" "SELECT to_regclass('pishkhan.migrate_new') IS NOT NULL")" t "its table exists"
cp "$PK_SRCDIR/sql/002_jalali.sql" "$sqldir/"
ctl -c "$conf" db migrate >/dev/null 2>"$err"; is $? 0 "restored: exit 0 again"

# An active admin reads the migrations (monitoring runs db status as one),
# and is told who applies them.
exec 9>"$PK_TMP/setup_org.lock"; flock 9
ctl -c "$conf" staff add --admin games >/dev/null || bail "staff add games"
flock -u 9; exec 9>&-
out=$(PGUSER=games ctl -c "$conf" db status 2>"$err"); rc=$?
is "$rc" 0 "db status as an active admin: exit 0"
is "$(printf '%s\n' "$out" | cut -f2 | sort -u)" applied "lists every migration as applied"
is "$(cat "$err")" "" "and no hint to become what they are"
printf 'CREATE TABLE pishkhan.migrate_admin (id int);\n' >"$sqldir/901_admin.sql"
out=$(PGUSER=games ctl -c "$conf" db migrate 2>"$err"); rc=$?
is "$rc" 1 "db migrate as an admin: exit 1"
like "$(cat "$err")" "^hint: migrations are applied by the PostgreSQL superuser" "the hint names the superuser"
unlike "$(cat "$err")" "or an active admin" "not an active admin"

dropdb "$DB"
rm -rf "$sqldir" "$conf" "$err"
done_testing
