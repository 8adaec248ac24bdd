#!/bin/sh
# tests/mutate/run.sh — `make mutate`: does every rule have a test that fails
# when the rule breaks?  Each mutation of tests/mutate/mutations.tsv (one
# small change that breaks one documented rule) is applied on its own to a
# scratch copy of the tree, the copy is built (make check's sanitizer build,
# incremental) and only the suites that own the rule are run.  A mutation
# is KILLED when a suite fails, SURVIVED when they all pass; a mutation whose
# text is no longer found exactly once is STALE, one whose build fails is
# BROKEN (both errors: fix the table).  Mutations documented as equivalent
# (no test can tell them apart) are listed apart and not counted.
#
#   make mutate [ONLY=regex] [MUTATE_DIR=dir] [MUTATE_MIN=95]
#
# The scratch copy (sources only: no build/, var/ or node_modules) and its
# build directory are kept in MUTATE_DIR between mutations and between runs;
# each mutated file is restored before the next.  Logs: MUTATE_DIR/logs.
# Exit 0 when nothing is stale or broken and the kill rate is at least
# MUTATE_MIN percent; 1 otherwise.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
table="$top/tests/mutate/mutations.tsv"
apply="python3 $top/tests/mutate/apply.py"
dir=${MUTATE_DIR:-${TMPDIR:-/tmp}/pishkhan-mutate.$(id -u)}
tree="$dir/tree"
logs="$dir/logs"
only=${ONLY:-}
min=${MUTATE_MIN:-95}
per=${MUTATE_TIMEOUT:-900}

start=$(date +%s)
mkdir -p "$tree" "$logs" || exit 1
rm -f "$logs"/*.log

# The sources as they are in the working tree (committed or not), copied
# over the last run's where they differ: files that did not change keep
# their times, so the build is incremental.  A file a stopped run left
# mutated is put back first; files gone from the tree go.
echo "mutate: copying the sources to $tree"
find "$tree" -name '*.mutate-orig' | while read -r o; do mv -f "$o" "${o%.mutate-orig}"; touch "${o%.mutate-orig}"; done
(cd "$top" && git ls-files --cached --others --exclude-standard) |
    grep -v -e '^build/' -e '^var/' -e '/node_modules/' >"$dir/files" || exit 1
while read -r f; do
	[ -f "$top/$f" ] || continue
	cmp -s "$top/$f" "$tree/$f" && continue
	mkdir -p "$tree/$(dirname "$f")" && cp -p "$top/$f" "$tree/$f" && touch "$tree/$f" || exit 1
done <"$dir/files"
(cd "$tree" && find . -path ./build -prune -o -type f -print) | sed 's|^\./||' | sort >"$dir/have"
sort "$dir/files" | comm -23 "$dir/have" - | while read -r f; do rm -f "$tree/$f"; done

# Every mutation's text must be found exactly once: stale ones are errors.
stale=$($apply check "$table" "$tree")
[ -n "$stale" ] && printf '%s\n' "$stale"

echo "mutate: building $tree (make check's sanitizer build)"
if ! (cd "$tree" && make -s B=build/san SANITIZE=address,undefined WERROR=1 all unit-tests test-tools) \
    >"$logs/build.log" 2>&1; then
	tail -n 30 "$logs/build.log"
	echo "mutate: the unmutated tree does not build"
	exit 1
fi

$apply list "$table" "$only" >"$dir/list" || exit 1
[ -s "$dir/list" ] || { echo "mutate: no mutation matches '$only'"; exit 1; }
echo "mutate: $(wc -l <"$dir/list" | tr -d ' ') mutations${only:+ matching '$only'}"

# The owning suites must pass on the unmutated tree, or KILLED means nothing.
suites=$(cut -d "$(printf '\037')" -f5 "$dir/list" | tr ' ' '\n' | sort -u | tr '\n' ' ')
if [ "${MUTATE_BASELINE:-1}" = 1 ]; then
	echo "mutate: baseline: $suites"
	if ! (cd "$tree" && make -s check TESTS="$suites") >"$logs/baseline.log" 2>&1; then
		grep -E '^(not ok|Failed|tests/|build/)' "$logs/baseline.log" | head -20
		echo "mutate: the owning suites fail without any mutation (see $logs/baseline.log)"
		exit 1
	fi
fi

# Interrupted: put the mutated file back (a run stopped harder leaves
# FILE.mutate-orig, which the next run restores).
cur=""
trap '[ -n "$cur" ] && $apply restore "$table" "$cur" "$tree"; exit 130' INT TERM
killed=0 survived=0 equiv=0 errors=0
survivors="" equivs=""
us=$(printf '\037')
while IFS="$us" read -r id kind file rule owners; do
	if [ "$kind" = equivalent ]; then
		equiv=$((equiv + 1))
		equivs="$equivs
  $id  $file  ($rule)"
		continue
	fi
	t0=$(date +%s)
	log="$logs/$id.log"
	cur=$id
	if ! $apply apply "$table" "$id" "$tree" 2>"$log"; then
		res=STALE
	elif ! (cd "$tree" && make -s B=build/san SANITIZE=address,undefined WERROR=1 all unit-tests) >>"$log" 2>&1; then
		res=BROKEN
	elif (cd "$tree" && timeout "$per" make -s check TESTS="$owners") >>"$log" 2>&1 </dev/null; then
		res=SURVIVED
	else
		res=KILLED
	fi
	$apply restore "$table" "$id" "$tree"
	cur=""
	case $res in
	KILLED) killed=$((killed + 1)) ;;
	SURVIVED) survived=$((survived + 1)); survivors="$survivors
  $id  $file  ($rule)  [$owners]" ;;
	*) errors=$((errors + 1)) ;;
	esac
	# Which suite caught it: prove's summary names the suite and the tests.
	how=""
	[ "$res" = KILLED ] && how=$(sed -n '/(Wstat: /{s/ *(Wstat:.*//;h;n;s/^ *Failed tests*: */: /;H;x;s/\n//;p;q;}' "$log" | cut -c1-70)
	[ "$res" = KILLED ] && [ -z "$how" ] && how="timeout or harness failure"
	[ "$res" = KILLED ] && how="by $how"
	printf '%-8s %-22s %-28s %4ss  %s\n' "$res" "$id" "$file" "$(( $(date +%s) - t0 ))" "${how:-$rule}"
done <"$dir/list"

n=$((killed + survived))
rate=$([ "$n" -gt 0 ] && echo $((killed * 1000 / n)) || echo 0)
rate="$((rate / 10)).$((rate % 10))"
[ -n "$survivors" ] && echo "mutate: survivors:$survivors"
[ -n "$equivs" ] && echo "mutate: equivalent (not counted):$equivs"
el=$(( $(date +%s) - start ))
echo "mutate: $killed killed, $survived survived, $equiv equivalent, $errors stale or broken; kill rate $rate% of $n; $((el / 60)) min $((el % 60)) s"
[ -z "$stale" ] && [ "$errors" -eq 0 ] && [ "$n" -gt 0 ] && [ $((killed * 100)) -ge $((min * n)) ]
