#!/bin/sh
# tests/run.sh — every suite, against a throwaway PostgreSQL, through prove.
#
# Started by `make check` after the sanitizer build (PK_BUILD=build/san).
# The cluster lives in a temporary directory and is removed at the end.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
. scripts/pg.sh

PK_BUILD=${PK_BUILD:-.}
export PK_BUILD PK_SRCDIR="$top"

tmp=$(mktemp -d /tmp/pishkhan-test.XXXXXX) || exit 1
chmod 755 "$tmp"
cleanup() {
	pg_stop "$tmp/pg"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "# starting a throwaway PostgreSQL in $tmp/pg"
pg_init "$tmp/pg" throwaway && pg_start "$tmp/pg" || { echo "Bail out! cannot start PostgreSQL"; exit 1; }
export PGHOST="$tmp/pg" PGPORT=5432 PGUSER="$(pg_super)" PGDATABASE=postgres
export PK_PGDIR="$tmp/pg" PK_TMP="$tmp"

# A template with the migrations applied; each suite copies it.
export PK_TEMPLATE=pishkhan_template
cat >"$tmp/test.conf" <<CONF
[database]
sql_dir = $top/sql
conninfo = dbname=$PK_TEMPLATE
CONF
export PK_TEST_CONF="$tmp/test.conf"
createdb "$PK_TEMPLATE" && "$PK_BUILD/console/pishkhanctl" -c "$tmp/test.conf" db migrate >"$tmp/migrate.log" 2>&1 || {
	cat "$tmp/migrate.log"
	echo "Bail out! migrations failed"
	exit 1
}

# ASan: report leaks; UBSan: stop at the first finding.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export CMOCKA_MESSAGE_OUTPUT=TAP

suites="$*"	# `tests/run.sh SUITE...` (or make check TESTS=...) runs only those
[ -n "$suites" ] || for t in "$PK_BUILD"/tests/unit/test_*; do
	case "$t" in *.d|*.o) continue ;; esac
	[ -x "$t" ] && suites="$suites $t"
done
[ -n "$*" ] || for t in tests/*/*.sh; do
	# tests/deploy/: make check-deploy, as root (it changes the machine);
	# tests/ha/: make check-ha (a formation of its own, minutes).
	case "$t" in tests/lib/*|tests/bench/*|tests/mutate/*|tests/deploy/*|tests/ha/*) continue ;; esac
	[ -f "$t" ] && suites="$suites $t"
done

# Suites that measure time (a backoff's length) say "# run: alone" on a
# line of their own: two suites at a time on a busy machine would move what
# they measure, so they run after the others, one at a time.
together= alone=
for t in $suites; do
	case "$t" in
	*.sh) if grep -qx '# run: alone' "$t"; then alone="$alone $t"; continue; fi ;;
	esac
	together="$together $t"
done
rc=0
# shellcheck disable=SC2086
[ -z "$together" ] || prove -j2 --timer ${PROVE_FLAGS:-} --exec '' $together || rc=1
# shellcheck disable=SC2086
[ -z "$alone" ] || prove --timer ${PROVE_FLAGS:-} --exec '' $alone || rc=1
exit $rc
