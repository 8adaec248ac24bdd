#!/bin/sh
# tests/bench/run.sh — `make bench`: every benchmark in tests/bench, one
# after the other (each makes its own throwaway cluster and prints its
# numbers and ratios; they are reports, not pass/fail tests).
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
sh scripts/deps.sh bench || exit 1	# wrk and nginx, the references
rc=0
for b in tests/bench/*.sh; do
	case "$b" in tests/bench/run.sh|tests/bench/lib.sh) continue ;; esac
	echo "== $b"
	sh "$b" || rc=1
done
exit $rc
