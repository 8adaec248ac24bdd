#!/bin/sh
# pishkhanctl db migrate and db status: in order, once, in transactions.
. "$(dirname "$0")/../lib/tap.sh"
sql_sandbox migrate
n=$(ls "$sqldir" | wc -l)

out=$(ctl -c "$conf" db status 2>&1)
is "$(printf '%s\n' "$out" | grep -c 'pending$')" "$n" "before: every migration is pending"
ctl -c "$conf" db migrate >"$PK_TMP/m1.$$" 2>&1
ok $? "migrate applies them"
is "$(grep -c '^applied' "$PK_TMP/m1.$$")" "$n" "each one is reported"
out=$(ctl -c "$conf" db migrate 2>&1)
ok $? "running it again succeeds"
like "$out" "0 migrations applied, $n in all" "and applies nothing"
is "$(ctl -c "$conf" db status | cut -f2 | sort -u)" "applied" "status: all applied"

# A broken migration is rolled back whole and stops the run.
cat >"$sqldir/900_broken.sql" <<SQL
CREATE TABLE pishkhan.half_done (id int);
SELECT no_such_function();
SQL
printf 'CREATE TABLE pishkhan.after_broken (id int);\n' >"$sqldir/901_after.sql"
out=$(ctl -c "$conf" db migrate 2>&1); rc=$?
is "$rc" 1 "a failing migration exits 1"
like "$out" "900_broken.sql, line 2: function no_such_function\(\) does not exist" \
    "the error names the file and line"
is "$(q "$PGUSER" "SELECT count(*) FROM pg_tables WHERE tablename IN ('half_done', 'after_broken')")" 0 \
    "nothing of it, nor of what follows, is applied"
like "$(ctl -c "$conf" db status)" "900_broken.sql	pending" "and it is still pending"
rm "$sqldir/900_broken.sql" "$sqldir/901_after.sql"

# Two administrators at once: each file applied exactly once.
printf 'CREATE TABLE pishkhan.once (id int);\n' >"$sqldir/902_once.sql"
ctl -c "$conf" db migrate >/dev/null 2>&1 & ctl -c "$conf" db migrate >/dev/null 2>&1 & wait
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.schema_migrations WHERE version = '902_once.sql'")" 1 \
    "two concurrent runs apply a migration once"

# A migration changed after it was applied is reported.
printf -- '-- edited\n' >>"$sqldir/902_once.sql"
out=$(ctl -c "$conf" db status 2>&1)
like "$out" "902_once.sql	changed" "status notices an applied file that changed"

# The database unreachable: exit 3 and a clear message.
printf '[database]\nconninfo = host=%s/nowhere dbname=x\nsql_dir = %s\n' "$PK_TMP" "$sqldir" >"$conf.down"
out=$(ctl -c "$conf.down" db migrate 2>&1); rc=$?
is "$rc" 3 "no database server: exit status 3"
like "$out" "^pishkhanctl: cannot connect to the database" "with a clear message"
printf '[database]\nsql_dir = %s/none\n' "$PK_TMP" >"$conf.nodir"
out=$(ctl -c "$conf.nodir" db migrate 2>&1); rc=$?
is "$rc" 1 "a missing migrations directory fails"
like "$out" "cannot read the migrations in '.*/none'" "and says where it looked"
dropdb "$DB"
rm -rf "$sqldir" "$conf" "$conf.down" "$conf.nodir" "$PK_TMP/m1.$$"
done_testing
