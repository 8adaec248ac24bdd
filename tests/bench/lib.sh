# tests/bench/lib.sh — what every benchmark starts with (sourced).
#
#   bench_db_up NAME   a throwaway directory $tmp and a private PostgreSQL in
#                      it with the database "bench" migrated; exports PGHOST,
#                      PGPORT, PGUSER, PGDATABASE; writes $tmp/ctl.conf.
#                      Everything is removed on exit; a benchmark that starts
#                      programs of its own stops them in bench_stop(), which
#                      it defines after sourcing this.  BENCH_KEEP=1 keeps
#                      the directory.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
. scripts/pg.sh
CTL=./console/pishkhanctl

bench_stop() { :; }

bench_cleanup() {
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
	pg_init "$tmp/pg" && pg_start "$tmp/pg" >/dev/null ||
	    { echo "bench: no PostgreSQL"; exit 1; }
	export PGHOST="$tmp/pg" PGPORT=5432 PGUSER="$(pg_super)" PGDATABASE=bench
	createdb bench
	printf '[database]\nconninfo = dbname=bench\nsql_dir = %s/sql\n' "$top" >"$tmp/ctl.conf"
	$CTL -c "$tmp/ctl.conf" db migrate >/dev/null 2>&1 || { echo "bench: migrate failed"; exit 1; }
}
