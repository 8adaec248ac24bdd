#!/bin/sh
# `make run` as a newcomer meets it: a private cluster, the migrations, the
# demo data, the current user as staff; Ctrl-C stops it and the data stays.
. "$(dirname "$0")/../lib/tap.sh"
cd "$PK_SRCDIR" || bail "no source dir"
# The demo runs the programs of the build under test (scripts/run.sh reads
# PK_BUILD), as every other suite does: never a stale build of the tree.
[ -x "$PK_BUILD/console/pishkhanctl" ] && [ -x "$PK_BUILD/webfront/pishkhan-web" ] ||
    bail "no programs in $PK_BUILD"

export PK_VAR="$PK_TMP/run.$$" PK_WEB_PORT=$((20000 + $$ % 20000))
# The demo's own cluster, not the test harness's.
unset PGHOST PGPORT PGUSER PGDATABASE

# wait_out PATTERN [TENTHS] — until the demo's output holds PATTERN.
wait_out() {
	_i=0
	until grep -q -- "$1" "$PK_VAR.out" 2>/dev/null || [ $_i -ge "${2:-600}" ]; do
		sleep 0.1; _i=$((_i + 1))
	done
}
# The output file is emptied here, before run.sh starts: emptied by the
# background job's redirection, it could still hold the last run's banner
# when the loop below first reads it.
start() {
	: >"$PK_VAR.out"
	sh scripts/run.sh >>"$PK_VAR.out" 2>&1 &
	runpid=$!
	i=0
	while ! grep -q 'Pishkhan is running' "$PK_VAR.out" 2>/dev/null && [ $i -lt 120 ]; do
		kill -0 $runpid 2>/dev/null || break
		sleep 0.5; i=$((i + 1))
	done
}
# A terminal's Ctrl-C sends SIGINT to the foreground group; a background job
# of a script ignores SIGINT, so the test sends the SIGTERM that run.sh
# handles the same way.
stop() {
	kill -TERM $runpid 2>/dev/null
	i=0
	while kill -0 $runpid 2>/dev/null && [ $i -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
}
trap 'kill -TERM $runpid 2>/dev/null; wait; . scripts/pg.sh; pg_stop "$PK_VAR/pg"' EXIT

start
out=$(cat "$PK_VAR.out")
like "$out" "Pishkhan is running" "make run starts and says so"
like "$out" "http://127.0.0.1:$PK_WEB_PORT/" "it prints the address to open"
like "$out" "Demo SMS go to: +$PK_VAR/sms.txt" "and where the demo SMS messages go"
i=0
until curl -sf "http://127.0.0.1:$PK_WEB_PORT/healthz" >/dev/null || [ $i -ge 40 ]; do
	sleep 0.25; i=$((i + 1))
done
is "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PK_WEB_PORT/")" 200 \
    "the citizens' site answers at that address"
# The worker starts after the banner: wait for its first words.
wait_out "sending through file"
like "$(cat "$PK_VAR.out")" "Z pishkhanctl\\[[0-9]+\\]: info: worker .*: sending through file $PK_VAR/sms.txt" "the SMS worker is running with the file driver (its log line time-stamped)"
host=$(cd "$PK_VAR/pg" && pwd -P)
me=$(id -un)
ctlr() { "$PK_BUILD/console/pishkhanctl" -c "$PK_VAR/pishkhan.conf" "$@"; }
is "$(PGUSER=$(. scripts/pg.sh; pg_super) ctlr units list | wc -l)" 6 "the seed's six units are loaded"
like "$(PGUSER=$(. scripts/pg.sh; pg_super) ctlr staff list)" "^$me	.*	clerk,unit,admin	156301	active" \
    "the current OS user is a clerk, a unit member and an admin"
is "$(psql -X -At -h "$host" -U "$me" -d pishkhan -c "SELECT string_agg(letter_no, ',' ORDER BY id) FROM pishkhan.letters")" \
    "156301/843,156301/956" "the seed's letters are there, seen by the user as a clerk"
like "$(PGUSER=$(. scripts/pg.sh; pg_super) ctlr db status | cut -f2 | sort -u)" "^applied$" "every migration is applied"
# A second local user reaches the demo's socket, and PostgreSQL decides by
# peer authentication: refused unless staff, and never the superuser.
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then
	super=$(. scripts/pg.sh; pg_super)
	ctlbin=$(cd "$PK_BUILD/console" && pwd)/pishkhanctl
	other=$(cd / && runuser -u nobody -- psql -X -At -h "$host" -d pishkhan -c 'SELECT 1' 2>&1)
	like "$other" 'role "nobody" does not exist' \
	    "a second local user who is not staff reaches PostgreSQL and is refused by it"
	PGUSER=$(. scripts/pg.sh; pg_super) ctlr staff add --clerk daemon >/dev/null
	is "$(cd / && runuser -u daemon -- psql -X -At -h "$host" -d pishkhan -c 'SELECT count(*) FROM pishkhan.letters' 2>&1)" 3 \
	    "a second local clerk sees the letters as a clerk"
	like "$(cd / && runuser -u daemon -- psql -X -At -h "$host" -U "$super" -d pishkhan -c 'SELECT 1' 2>&1)" \
	    'Peer authentication failed' "but may not connect as the superuser"
	# A clone in a private directory (/root) keeps its programs from other
	# users: then there is no way in to test.
	if (cd / && runuser -u daemon -- test -x "$ctlbin"); then
		like "$(cd / && runuser -u daemon -- env PGHOST="$host" PGDATABASE=pishkhan "$ctlbin" units list 2>&1)" \
		    '156301' "the banner's way in (PGHOST, PGDATABASE) reaches the demo as that clerk"
	else
		ok 0 "# SKIP $ctlbin is in a directory other users cannot reach"
	fi
else
	for t in 1 2 3 4; do ok 0 "# SKIP a second local user needs root (runuser)"; done
fi
stop
kill -0 $runpid 2>/dev/null; is $? 1 "Ctrl-C (SIGTERM here) stops it"
like "$(cat "$PK_VAR.out")" "data stays in" "and says the data stays"
. scripts/pg.sh
pg_as "$(pg_bindir)/pg_ctl" -D "$PK_VAR/pg/data" status >/dev/null 2>&1
is $? 3 "PostgreSQL is stopped with it"

PK_WEB_PORT=$((PK_WEB_PORT + 1))
start
like "$(cat "$PK_VAR.out")" "Pishkhan is running" "a second run starts on the same data"
like "$(cat "$PK_VAR.out")" "http://127.0.0.1:$PK_WEB_PORT/" "on the port PK_WEB_PORT now names"
is "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PK_WEB_PORT/")" 200 \
    "and the site answers there"
is "$(psql -X -At -h "$host" -U "$me" -d pishkhan -c "SELECT count(*) FROM pishkhan.letters")" 3 \
    "without loading the demo twice"
stop

# The port taken by another program: the web's error, no "running" banner,
# a failure status, and PostgreSQL stopped again.
# The squatter says when it listens (a fixed sleep could start run.sh first).
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen()
open(sys.argv[2], "w").close(); time.sleep(30)' \
    "$PK_WEB_PORT" "$PK_VAR.bound" &
squatter=$!
i=0
until [ -e "$PK_VAR.bound" ] || [ $i -ge 300 ]; do sleep 0.1; i=$((i + 1)); done
sh scripts/run.sh >"$PK_VAR.out" 2>&1
rc=$?
kill $squatter 2>/dev/null
out=$(cat "$PK_VAR.out")
is "$rc" 1 "port in use: make run fails"
like "$out" "cannot listen on 127.0.0.1 port $PK_WEB_PORT" "port in use: the web's own error is shown"
like "$out" "run: the web did not start" "port in use: and run says so"
unlike "$out" "Pishkhan is running" "port in use: nothing claims to be running"
pg_as "$(pg_bindir)/pg_ctl" -D "$PK_VAR/pg/data" status >/dev/null 2>&1
is $? 3 "port in use: PostgreSQL is stopped again"
rm -rf "$PK_VAR" "$PK_VAR.out" "$PK_VAR.bound"
done_testing
