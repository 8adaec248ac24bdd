#!/bin/sh
# tests/bench/report.sh — the service report and the queue's due states
# over 1,000,000 letters (issue 14, item 6; reported, not pass/fail):
#   1. the letters, made by tests/bench/report_gen.sql (in bulk, triggers
#      off: see there) over six units and more than two Jalali years;
#   2. `pishkhanctl report` over all of them (aim: under 2 s), against a
#      reference measured in the same run: a plain count per unit and
#      month of the same table; and what its cells (sql/029) cost: a
#      rebuild, and a response's settling with and without their trigger;
#   3. the clerk's queue page with due states (console_letters, called by
#      name: whatever columns its latest migration gives it) plus each
#      letter's due state and working days waited, against the bare page
#      query on the table (aim: within 2x), as pgbench runs them.
# Knobs: BENCH_LETTERS (1000000), BENCH_RUNS (3: the best run counts).
# Needs `make all`.
set -u
. "$(dirname "$0")/lib.sh"
N=${BENCH_LETTERS:-1000000}
RUNS=${BENCH_RUNS:-3}
[ -x "$CTL" ] || { echo "bench: run make first"; exit 1; }
PGBENCH="$(pg_bindir)/pgbench"

bench_db_up report
C="$CTL -c $tmp/ctl.conf"
$C units add 156301 'واحد آمار و فناوری اطلاعات' 'Statistics and IT Unit' >/dev/null &&
$C units add 156101 'حوزه ریاست' 'Office of the President' >/dev/null &&
$C units add 156201 'امور مالی' 'Finance' >/dev/null &&
$C units add 156401 'امور حقوقی' 'Legal Affairs' >/dev/null &&
$C units add 156501 'منابع انسانی' 'Human Resources' >/dev/null &&
$C units add 156601 'روابط عمومی' 'Public Relations' >/dev/null &&
$C staff add --clerk --name 'کارمند دبیرخانه' daemon >/dev/null ||
    { echo "bench: units or staff failed"; exit 1; }
# Levels of 1-3 working days for the decision, 5-14 for the response.
psql -X -q -c "UPDATE pishkhan.units SET decision_days = 1 + id % 3,
    response_days = 5 + 3 * (id % 4)" >/dev/null

# Milliseconds since the epoch.
ms() { date +%s%3N; }

echo "# generating $N letters (tests/bench/report_gen.sql)"
t0=$(ms)
psql -X -q -v ON_ERROR_STOP=1 -v n="$N" -f tests/bench/report_gen.sql >/dev/null ||
    { echo "bench: the generator failed"; exit 1; }
t1=$(ms)
echo "  generate_ms $((t1 - t0))"
psql -X -A -t -F ' ' -c "SELECT '  letters', count(*), 'review', count(*) FILTER (WHERE status = 'review'),
    'months', count(DISTINCT date_trunc('month', created_at)) FROM pishkhan.letters"

# best CMD...: the best wall time of $RUNS runs, in ms.
best() {
	_b=
	for _i in $(seq "$RUNS"); do
		_t0=$(ms)
		"$@" >/dev/null || { echo "bench: '$*' failed" >&2; return 1; }
		_t=$(( $(ms) - _t0 ))
		[ -z "$_b" ] || [ "$_t" -lt "$_b" ] && _b=$_t
	done
	echo "$_b"
}

echo "# pishkhanctl report over every letter (TSV, and the HTML page)"
rep=$(best $C report) || exit 1
html=$(best $C report --html "$tmp/report.html") || exit 1
clerk=$(PGUSER=daemon best $C report) || exit 1
ref=$(best psql -X -q -c "SELECT unit_id, date_trunc('month', created_at), count(*)
    FROM pishkhan.letters GROUP BY 1, 2") || exit 1
$C report >"$tmp/report.tsv"
echo "  report_rows $(($(wc -l <"$tmp/report.tsv") - 1))"
echo "  report_ms $rep"
echo "  report_html_ms $html"
echo "  report_as_clerk_ms $clerk"
echo "  reference_ms $ref (count per unit and month)"
ratio=$(awk -v a="$rep" -v b="$ref" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
verdict=$( [ "$rep" -lt 2000 ] && echo "under 2 s: ok" || echo "OVER 2 s" )
echo "# report: $rep ms, ${ratio}x the plain count ($verdict)"

# What the cells cost: counting them all again (a holiday imported, the
# rest days or the zone changed), and a response's settling of a letter
# with the cells' trigger against the same without it (20,000 letters
# answered in one statement, rolled back; best of $RUNS).
rebuild=$(best psql -X -q -c "SELECT pishkhan.report_cells_rebuild()") || exit 1
echo "  cells_rebuild_ms $rebuild"
ANSWER="UPDATE pishkhan.letters SET responded_at = now() WHERE id IN (SELECT id
    FROM pishkhan.letters WHERE status = 'approved' AND responded_at IS NULL
    ORDER BY id LIMIT 20000)"
with=$(best psql -X -q -c "BEGIN" -c "$ANSWER" -c "ROLLBACK") || exit 1
without=$(best psql -X -q -c "BEGIN" -c "ALTER TABLE pishkhan.letters DISABLE TRIGGER letters_report_update" \
    -c "$ANSWER" -c "ROLLBACK") || exit 1
echo "  answer_20000_ms $with (cells kept), $without (trigger off)"
awk -v a="$with" -v b="$without" 'BEGIN {
	printf "# a letter settled: %.0f us with its cell kept, %.0f us without (%.2fx)\n",
	    a * 1000 / 20000, b * 1000 / 20000, (b > 0 ? a / b : 0) }'

# The queue: the page query as the console sends it (queue.c, the
# reference: console_letters with whatever columns main gives it), and the
# same with each letter's due state and working days waited.
MID=$(psql -X -A -t -c "SELECT created_at || '|' || id FROM pishkhan.letters
    WHERE status = 'review' ORDER BY created_at, id
    OFFSET (SELECT count(*) / 2 FROM pishkhan.letters WHERE status = 'review') LIMIT 1")
BARE="SELECT q.*, pishkhan.console_when(q.created_at)
    FROM pishkhan.console_letters('review', NULL, NULL, NULL, NULL) q"
DUE="SELECT q.*, pishkhan.console_when(q.created_at),
    pishkhan.due_state((SELECT l.decision_due FROM pishkhan.letters l WHERE l.id = q.id)),
    pishkhan.working_days_between(q.created_at, now())
    FROM pishkhan.console_letters('review', NULL, NULL, NULL, NULL) q"
printf '%s ORDER BY q.created_at, q.id LIMIT 20;\n' "$DUE" >"$tmp/due_first.sql"
printf '%s ORDER BY q.created_at, q.id LIMIT 20;\n' "$BARE" >"$tmp/bare_first.sql"
for k in due bare; do
	eval "sel=\$$(echo $k | tr a-z A-Z)"
	printf "%s WHERE (q.created_at, q.id) > ('%s'::timestamptz, %s) ORDER BY q.created_at, q.id LIMIT 20;\n" \
	    "$sel" "${MID%|*}" "${MID#*|}" >"$tmp/${k}_after.sql"
done
chmod 644 "$tmp"/*.sql
echo "# the queue's page as the clerk daemon (pgbench, 200 runs each)"
for s in first after; do
	for k in due bare; do
		lat=$(PGUSER=daemon "$PGBENCH" -n -t 200 -f "$tmp/${k}_$s.sql" bench 2>/dev/null |
		    sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')
		eval "${k}_$s=\${lat:-0}"
		echo "  ${k}_${s}_page_ms ${lat:-?}"
	done
done
for s in first after; do
	eval "d=\$due_$s b=\$bare_$s"
	awk -v d="$d" -v b="$b" -v s="$s" 'BEGIN {
		r = b > 0 ? d / b : 0
		printf "# queue %s page with due states: %.2fx the bare query (%s)\n", s, r,
		    r <= 2 ? "within 2x: ok" : "OVER 2x" }'
done
