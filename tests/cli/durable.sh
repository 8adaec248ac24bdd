#!/bin/sh
# tests/cli/durable.sh — the demo of `make run` keeps every letter it has
# acknowledged: PostgreSQL stopped in immediate mode, or its postmaster
# killed, loses nothing (issue 9, item 11).  A demo cluster made by an
# older `make run` (fsync off) is made safe on the next run.
. "$(dirname "$0")/../lib/tap.sh"
cd "$PK_SRCDIR" || bail "no source dir"
[ -x console/pishkhanctl ] && [ -x webfront/pishkhan-web ] ||
    make -s all >/dev/null 2>&1 || bail "make all failed"
. scripts/pg.sh

export PK_VAR="$PK_TMP/durable.$$" PK_WEB_PORT=$((20000 + ($$ + 7919) % 20000))
# The demo's own cluster, not the test harness's.
unset PGHOST PGPORT PGUSER PGDATABASE
SUPER=$(pg_super)
DATA="$PK_VAR/pg/data"

start() {
	# Emptied here, not by the background shell's redirection, which may
	# come after the first look below and leave the last run's banner.
	: >"$PK_VAR.out"
	sh scripts/run.sh >>"$PK_VAR.out" 2>&1 &
	runpid=$!
	i=0
	while ! grep -q 'Pishkhan is running' "$PK_VAR.out" 2>/dev/null && [ $i -lt 120 ]; do
		kill -0 $runpid 2>/dev/null || break
		sleep 0.5; i=$((i + 1))
	done
	grep -q 'Pishkhan is running' "$PK_VAR.out" || bail_log "$PK_VAR.out" "make run did not start"
}
stop() {
	kill -TERM $runpid 2>/dev/null
	i=0
	while kill -0 $runpid 2>/dev/null && [ $i -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
}
trap 'kill -TERM $runpid 2>/dev/null; wait; pg_stop "$PK_VAR/pg"; rm -rf "$PK_VAR" "$PK_VAR.out"' EXIT

# The processes of the cluster, the orphans of a killed postmaster too:
# each works in the data directory.
pg_procs() {
	_d=$(cd "$DATA" && pwd -P)
	for _p in /proc/[0-9]*; do
		[ "$(readlink "$_p/cwd" 2>/dev/null)" = "$_d" ] && echo "${_p#/proc/}"
	done
}

# The demo's database, as the web and as the superuser (tap.sh's q and
# mk_letter, pointed at it).
demo() { PGHOST=$(cd "$PK_VAR/pg" && pwd -P) PGUSER=$SUPER DB=pishkhan "$@"; }
show() { demo q "$SUPER" "SHOW $1"; }

# Five letters through the web role's functions, one transaction each, as
# fast as they come; their ids in $PK_VAR.ids.
letters() {
	: >"$PK_VAR.ids"
	for _n in 1 2 3 4 5; do
		demo mk_letter +989121234567 156301 "نامه‌ی $1 شماره $_n" >>"$PK_VAR.ids" ||
		    bail "cannot submit a letter"
	done
}
kept() {
	demo q "$SUPER" "SELECT count(*) FROM pishkhan.letters
	    WHERE id IN ($(paste -sd, "$PK_VAR.ids"))"
}

# A demo made by an older `make run`: its cluster has fsync off, and it is
# still running (a run that ended without stopping it).
mkdir -p "$PK_VAR"
pg_init "$PK_VAR/pg" throwaway && pg_start "$PK_VAR/pg" || bail "cannot make an old demo cluster"
is "$(demo psql -X -At -d postgres -c 'SHOW fsync')" off 'an old demo cluster runs with fsync off'
start
like "$(cat "$PK_VAR.out")" 'now keeps what it acknowledges' 'make run makes it safe, and says so'
is "$(show fsync)" on 'the demo runs with fsync on'
is "$(show synchronous_commit)" on 'and with synchronous_commit on'
is "$(show full_page_writes)" on 'and with full_page_writes on'

# 1. pg_ctl stop -m immediate, right after the letters were acknowledged.
letters immediate
pg_as "$(pg_bindir)/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1
ok $? 'PostgreSQL stopped in immediate mode'
is "$(wc -l <"$PK_VAR.ids" | tr -d ' ')" 5 'five letters were acknowledged before it'
stop
start
is "$(kept)" 5 'after an immediate stop and a new run: all five letters are there'

# 2. The postmaster killed (kill -9) right after the letters.
letters killed
pg_as kill -KILL "$(head -1 "$DATA/postmaster.pid")"
ok $? 'the postmaster is killed'
stop
i=0
while [ -n "$(pg_procs)" ] && [ $i -lt 120 ]; do sleep 0.5; i=$((i + 1)); done
is "$(pg_procs)" '' 'its orphans have gone'
start
is "$(kept)" 5 'after kill -9 and a new run: all five letters are there'
unlike "$(cat "$PK_VAR.out")" 'now keeps what it acknowledges' 'a safe cluster is left as it is'
is "$(show fsync)" on 'fsync is still on'
stop

# A new demo is safe from the start.
rm -rf "$PK_VAR"
start
is "$(show fsync),$(show synchronous_commit)" on,on 'a new demo cluster: fsync and synchronous_commit on'
unlike "$(cat "$PK_VAR/pg/data/postgresql.conf")" '^(fsync|synchronous_commit|full_page_writes) = off' \
    'its postgresql.conf turns nothing off'
stop
done_testing
