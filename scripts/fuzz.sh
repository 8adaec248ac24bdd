#!/bin/sh
# scripts/fuzz.sh — run the libFuzzer targets built by `make fuzz`.
#
#	FUZZ_RUNS=N sh scripts/fuzz.sh [NAME...]
#
# Each target (all of tests/fuzz/fuzz_*.c by default) runs FUZZ_RUNS
# executions (1000000 by default) from its committed seeds
# (tests/fuzz/corpus/NAME) plus what earlier runs found (build/fuzz/corpus/
# NAME, where new inputs are kept).  A crash, a sanitizer report, a broken
# promise, a leak or an input slower than 25 s stops the target; the input
# is left in build/fuzz/crash/.  Minimise it (fuzz_NAME -minimize_crash=1
# -runs=10000 FILE), fix the bug and commit the input under
# tests/fuzz/regress/NAME/ so that `make check` replays it.
# Prints one line per target; exits 1 if any had a finding.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
runs=${FUZZ_RUNS:-1000000}
out=build/fuzz
mkdir -p "$out/crash" "$out/log"

names="$*"
[ -n "$names" ] || for s in tests/fuzz/fuzz_*.c; do
	n=${s#tests/fuzz/fuzz_}
	names="$names ${n%.c}"
done

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
fail=0
for n in $names; do
	bin="$out/tests/fuzz/fuzz_$n"
	[ -x "$bin" ] || { echo "fuzz $n: $bin is not built"; fail=1; continue; }
	mkdir -p "$out/corpus/$n"
	log="$out/log/$n.log"
	start=$(date +%s)
	"$bin" -runs="$runs" -timeout=25 -print_final_stats=1 \
	    -artifact_prefix="$out/crash/$n-" \
	    "$out/corpus/$n" "tests/fuzz/corpus/$n" >"$log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	if [ $rc -eq 0 ]; then
		echo "fuzz $n: ${execs:-?} executions in ${secs} s, coverage ${cov:-?}, no finding"
	else
		fail=1
		art=$(sed -n 's/.*Test unit written to \(.*\)/\1/p' "$log" | tail -n 1)
		echo "fuzz $n: FINDING after ${execs:-?} executions in ${secs} s: ${art:-see $log}"
		grep -m 3 -E 'ERROR: |runtime error|broken:' "$log" | sed 's/^/    /'
	fi
done
exit $fail
