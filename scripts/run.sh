#!/bin/sh
# scripts/run.sh — `make run`: the demo system on a private PostgreSQL under
# ./var, in the foreground until Ctrl-C.  Data survives to the next run.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/pg.sh

# PK_VAR and PK_WEB_PORT let the test suite run a second demo beside yours.
var="${PK_VAR:-$top/var}"
mkdir -p "$var"
pgdir="$var/pg"
# PK_BUILD: where the programs were built (the tree itself for `make run`;
# the test suite runs the demo on the build it tests, build/san).
pkbin="$top${PK_BUILD:+/$PK_BUILD}"
case ${PK_BUILD:-} in /*) pkbin=$PK_BUILD ;; esac
CTL="$pkbin/console/pishkhanctl"

# As root the server runs as "postgres", which must reach ./var.  When a
# parent directory is private (a clone under /root), keep the cluster in
# /var/tmp and leave a symbolic link in ./var.
if [ "$(id -u)" = 0 ] && [ ! -e "$pgdir" ]; then
	chmod 755 "$var"
	if ! runuser -u postgres -- test -x "$var"; then
		alt="/var/tmp/pishkhan-demo-$(printf '%s' "$top" | cksum | cut -d' ' -f1)"
		mkdir -p "$alt"
		ln -s "$alt" "$pgdir"
		echo "run: $var is not reachable by the postgres user; the cluster is in $alt"
	fi
fi

# The server only ever sees the real path (it may not be allowed the link's).
[ -L "$pgdir" ] && pgdir=$(readlink -f "$pgdir")

# The demo is what people try for real: its cluster keeps every letter it
# has acknowledged (fsync and synchronous_commit on, PostgreSQL's defaults),
# through a power cut or a kill -9.
if [ ! -f "$pgdir/data/PG_VERSION" ]; then
	echo "run: creating a private PostgreSQL cluster in $pgdir"
	pg_init "$pgdir"
fi
pg_durable "$pgdir"
# A second local clerk can try the console beside you: the socket is open to
# every local user, who is their own role (refused unless staff).
pg_shared "$pgdir"
if ! pg_as "$(pg_bindir)/pg_ctl" -D "$pgdir/data" status >/dev/null 2>&1; then
	pg_start "$pgdir"
fi
PGHOST=$(cd "$pgdir" && pwd -P)
export PGHOST PGPORT=5432 PGUSER="$(pg_super)" PGDATABASE=pishkhan

conf="$var/pishkhan.conf"
if [ ! -f "$conf" ]; then
	cat >"$conf" <<CONF
; The demo's configuration, written by 'make run' (see pishkhan.conf(5)).
[database]
conninfo = host=$PGHOST port=5432 dbname=pishkhan
sql_dir = $top/sql

[web]
listen = 127.0.0.1
port = ${PK_WEB_PORT:-8080}

[sms]
driver = file
file = $var/sms.txt
CONF
fi

# PK_WEB_PORT, when given, is the port of this run, whatever the file says.
if [ -n "${PK_WEB_PORT:-}" ]; then
	sed -i "s/^port *=.*/port = $PK_WEB_PORT/" "$conf"
fi

psql -X -q -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'pishkhan'" |
    grep -q 1 || createdb pishkhan
"$CTL" -c "$conf" db migrate >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -f sql/demo.sql >/dev/null

me=$(id -un)
if ! "$CTL" -c "$conf" staff list | cut -f1 | grep -qx "$me"; then
	"$CTL" -c "$conf" staff add --clerk --unit 156301 --admin "$me"
fi

port=$(sed -n 's/^port *= *//p' "$conf" | head -1)
listen=$(sed -n 's/^listen *= *//p' "$conf" | head -1)
sms=$(sed -n 's/^file *= *//p' "$conf" | head -1)
pids=""
stop() {
	trap - INT TERM EXIT
	for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	pg_stop "$pgdir"
	echo
	echo "run: stopped; the data stays in $pgdir for the next run"
}
trap stop EXIT
trap 'exit 0' INT TERM

"$pkbin/webfront/pishkhan-web" -c "$conf" & web=$!
pids="$pids $web"
# The site answers, or the web has died (its error is above: a port in
# use, say); only then is anything said to be running.
i=0
until curl -sf -m 1 -o /dev/null "http://${listen:-127.0.0.1}:${port:-8080}/healthz"; do
	if ! kill -0 "$web" 2>/dev/null || [ $i -ge 50 ]; then
		echo "run: the web did not start (see above; web.port is in $conf)" >&2
		exit 1
	fi
	sleep 0.1
	i=$((i + 1))
done
"$CTL" -c "$conf" sms run & pids="$pids $!"

cat <<MSG

Pishkhan is running (Ctrl-C stops it).
  Citizens' site:   http://${listen:-127.0.0.1}:${port:-8080}/
  Demo SMS go to:   ${sms}   (the login codes are there: tail -f ${sms})
  Staff:            you ($me) are a clerk, a member of unit 156301 and an admin
  Staff console:    make console   (in another terminal)
  Another clerk:    any local user you make staff (pishkhanctl staff add --clerk LOGIN)
                    runs: PGHOST=$PGHOST PGDATABASE=pishkhan $pkbin/console/pishkhan-console
  Admin CLI:        console/pishkhanctl -c $conf --help
  Database:         psql -h $PGHOST pishkhan
MSG
wait
