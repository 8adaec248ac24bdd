#!/bin/sh
# tests/fuzz/replay.sh — every fuzz target's corpus and regression inputs,
# replayed through the target's code under the sanitizer build.
#
# For each tests/fuzz/fuzz_<name>.c: corpus/<name>/ in one run, then each
# file of regress/<name>/ (crashes the fuzzers found, minimised) in its own.
# A regression input with a sibling <input>.todo is a finding not fixed on
# this branch: its test is marked TODO, with the .todo file's first line.
. "$PK_SRCDIR/tests/lib/tap.sh"

top=$PK_SRCDIR/tests/fuzz
log="$PK_TMP/fuzz-replay.$$.log"

for src in "$top"/fuzz_*.c; do
	name=${src##*/fuzz_}
	name=${name%.c}
	bin="$PK_BUILD/tests/fuzz/replay_$name"
	if [ ! -x "$bin" ]; then
		ok 1 "$name: $bin is built"
		continue
	fi
	if [ -d "$top/corpus/$name" ]; then
		n=$(find "$top/corpus/$name" -type f | wc -l)
		"$bin" "$top/corpus/$name" >"$log" 2>&1
		rc=$?
		ok $rc "$name: $n corpus inputs replay clean"
		[ $rc -eq 0 ] || tail -n 30 "$log" | sed 's/^/#   /'
	else
		ok 1 "$name: tests/fuzz/corpus/$name/ has seeds"
	fi
	[ -d "$top/regress/$name" ] || continue
	for f in "$top/regress/$name"/*; do
		case "$f" in *.todo|*/\*) continue ;; esac
		"$bin" "$f" >"$log" 2>&1
		rc=$?
		if [ -f "$f.todo" ]; then
			_tap_n=$((_tap_n + 1))
			if [ $rc -eq 0 ]; then
				echo "ok $_tap_n - $name: regress/${f##*/} # TODO $(head -n 1 "$f.todo")"
			else
				echo "not ok $_tap_n - $name: regress/${f##*/} # TODO $(head -n 1 "$f.todo")"
			fi
		else
			ok $rc "$name: regress/${f##*/} replays clean"
			[ $rc -eq 0 ] || tail -n 30 "$log" | sed 's/^/#   /'
		fi
	done
done
rm -f "$log"
done_testing
