#!/bin/sh
# tests/console/restart.sh — the database goes away mid-session and comes
# back: the console says so in words, loses nothing, and carries on.
# Expected windows: tests/console/screens/restart-*.txt (screen_is).
. "${PK_SRCDIR:-.}/tests/lib/tap.sh"
. "${PK_SRCDIR:-.}/tests/console/console.lib"
. "$PK_SRCDIR/scripts/pg.sh"

# A cluster of our own: stopping the shared one would fail the suites that
# prove runs next to this one.
PGDIR="$PK_TMP/restart.$$"
trap 'tm_cleanup; pg_stop "$PGDIR"; rm -rf "$PGDIR"' EXIT
pg_init "$PGDIR" throwaway && pg_start "$PGDIR" || bail "cannot start a private PostgreSQL"
export PGHOST="$PGDIR"
printf '[database]\nconninfo = dbname=%s\nsql_dir = %s/sql\n' "$PK_TEMPLATE" "$PK_SRCDIR" \
    >"$PK_TMP/restart.$$.conf"
createdb -U "$PGUSER" "$PK_TEMPLATE" &&
    ctl -c "$PK_TMP/restart.$$.conf" db migrate >/dev/null 2>&1 || bail "cannot migrate"

DB=$(new_db)
setup_org
L1=$(mk_letter +989121234567 156301 'before the restart')
age_letter "$L1" '-10 minutes'	# 0m on the screens, however slow the run

console_start daemon
see 'Letters: Under review' 'the queue opens'
see 'before the restart' 'with the letter'

pg_stop "$PGDIR"
keys C-l
see 'temporarily unavailable' 'with the database gone, the status line says so'
keys a
see 'temporarily unavailable' 'approving while it is gone: the same message'
see 'before the restart' 'the queue is still on the screen'
screen_is db-gone 'the queue while the database is away'

pg_start "$PGDIR" || bail "cannot restart PostgreSQL"
keys C-l
see '\? help' 'after the restart the next key reconnects'
keys a
see 'Approve the letter' 'and the clerk carries on'
screen_is db-back 'the approval dialog after the restart'
keys y
see 'Approved: letter number 156301/1' 'approving works again'
is "$(q "$PGUSER" "SELECT status FROM pishkhan.letters WHERE id = $L1")" approved 'the letter is approved'
keys Q
done_testing
