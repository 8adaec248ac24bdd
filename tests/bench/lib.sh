# tests/bench/lib.sh — what every benchmark starts with (sourced).
#
#   bench_db_up NAME   a throwaway directory $tmp and a private PostgreSQL in
#                      it with the database "bench" migrated; exports PGHOST,
#                      PGPORT, PGUSER, PGDATABASE; writes $tmp/ctl.conf.
#                      Everything is removed on exit; a benchmark that starts
#                      programs of its own stops them in bench_stop(), which
#                      it defines after sourcing this.  BENCH_KEEP=1 keeps
#                      the directory.
#   bench_web_up [INI-LINES]
#                      pishkhan-web on a free port against "bench", with
#                      the [web] lines given; sets WPID, port and URL.  It
#                      is stopped with everything else.
#   cpu_pg DIR         CPU seconds the cluster in DIR has used so far: its
#                      postmaster and every process under it, ended ones too
#   cpu_pid PID        CPU seconds one process has used so far
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
. scripts/pg.sh
CTL=./console/pishkhanctl

bench_stop() { :; }

WPID=
bench_cleanup() {
	[ -n "$WPID" ] && kill "$WPID" 2>/dev/null
	bench_stop
	wait 2>/dev/null
	pg_stop "$tmp/pg" >/dev/null 2>&1
	[ -n "${BENCH_KEEP:-}" ] || rm -rf "$tmp"
}

bench_db_up() {
	tmp=$(mktemp -d "/tmp/pishkhan-bench-$1.XXXXXX") || exit 1
	chmod 755 "$tmp"
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM
	pg_init "$tmp/pg" throwaway && pg_start "$tmp/pg" >/dev/null ||
	    { echo "bench: no PostgreSQL"; exit 1; }
	export PGHOST="$tmp/pg" PGPORT=5432 PGUSER="$(pg_super)" PGDATABASE=bench
	createdb bench
	printf '[database]\nconninfo = dbname=bench\nsql_dir = %s/sql\n' "$top" >"$tmp/ctl.conf"
	$CTL -c "$tmp/ctl.conf" db migrate >/dev/null 2>&1 || { echo "bench: migrate failed"; exit 1; }
}

bench_web_up() {
	[ -x ./webfront/pishkhan-web ] || { echo "bench: run make first"; exit 1; }
	printf '[database]\nconninfo = dbname=bench\n[web]\nport = 0\nstatic_dir = %s/webfront/static\n%s\n' \
	    "$top" "${1:-}" >"$tmp/web.conf"
	./webfront/pishkhan-web -c "$tmp/web.conf" 2>"$tmp/web.log" &
	WPID=$!
	port=
	for _i in $(seq 50); do
		port=$(sed -n 's/.*listening on .* port \([0-9]*\).*/\1/p' "$tmp/web.log")
		[ -n "$port" ] && break
		sleep 0.1
	done
	[ -n "$port" ] || { cat "$tmp/web.log"; exit 1; }
	URL="http://127.0.0.1:$port"
}

# /proc/PID/stat after "PID (comm) ": $12 utime, $13 stime, $14 cutime,
# $15 cstime, in clock ticks.
cpu_pg() {
	_pm=$(head -n 1 "$1/data/postmaster.pid")
	{
		cat "/proc/$_pm/stat"
		for _c in $(cat /proc/"$_pm"/task/*/children 2>/dev/null); do
			cat "/proc/$_c/stat" 2>/dev/null
		done
	} | awk -v tk="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); s += $12 + $13
	    if (NR == 1) s += $14 + $15 } END { printf "%.2f", s / tk }'
}

cpu_pid() {
	awk -v tk="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / tk }' \
	    "/proc/$1/stat"
}
