#!/bin/sh
# pishkhanctl's hints fit the person: a login PostgreSQL refuses is not a
# server that is down.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
setup_org
err="$PK_TMP/hints.$$.err"

# A user with no role of their own: the server answered, and refused.
out=$(PGUSER="pk_nobody_$$" ctl -c "$CONF" units list 2>"$err"); rc=$?
is "$rc" 1 "a login with no role: exit 1, not 3"
like "$(head -n 1 "$err")" "pk_nobody_$$" "the error names the role"
like "$(cat "$err")" "^hint: PostgreSQL is running but refused this login" "the hint says the server refused it"
unlike "$(cat "$err")" "is PostgreSQL running" "and does not ask whether it runs"
# The database named does not exist: refused too.
printf '[database]\nconninfo = dbname=pk_none_%s\n' "$$" >"$PK_TMP/hints.$$.conf"
out=$(ctl -c "$PK_TMP/hints.$$.conf" units list 2>"$err"); rc=$?
is "$rc" 1 "a database that does not exist: exit 1"
like "$(cat "$err")" "^hint: PostgreSQL is running but refused" "refused, with the same hint"
# No server at all: exit 3, and the question.
printf '[database]\nconninfo = host=%s/nowhere dbname=x\n' "$PK_TMP" >"$PK_TMP/hints.$$.conf"
out=$(ctl -c "$PK_TMP/hints.$$.conf" units list 2>"$err"); rc=$?
is "$rc" 3 "no server: exit 3"
like "$(cat "$err")" "^hint: is PostgreSQL running\\?" "asks whether PostgreSQL runs"

dropdb "$DB"
rm -f "$err" "$PK_TMP/hints.$$.conf"
done_testing
