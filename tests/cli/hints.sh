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

# The staff list is an admin's view: a unit member and a clerk are refused
# by PostgreSQL (PK403), as other admin commands refuse them; an admin lists.
for who in bin daemon; do
	out=$(PGUSER=$who ctl -c "$CONF" staff list 2>"$err"); rc=$?
	is "$rc" 1 "staff list as $who (no admin): exit 1"
	is "$out" '' "  and no line of the list"
	is "$(head -n 1 "$err")" "pishkhanctl: \"$who\" is neither a superuser nor an active admin" \
	    "  the refusal names them"
	like "$(cat "$err")" '^hint: run pishkhanctl as a PostgreSQL superuser or an active admin' \
	    "  and says who may"
done
like "$(PGUSER=games ctl -c "$CONF" staff list)" "^daemon	.*	clerk		active$" \
    "staff list as an admin (games): the list"

dropdb "$DB"
rm -f "$err" "$PK_TMP/hints.$$.conf"
done_testing
