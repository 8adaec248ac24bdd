#!/bin/sh
# tests/bench/console.sh — the clerk's queue over 100,000 letters under
# review (reported, not pass/fail):
#   1. `pishkhan-console --bench`: open the queue (count + first screen),
#      then page through all of it, 20 letters a screen, by key;
#   2. the same page query run by pgbench as the same clerk, once from the
#      start and once from the middle of the queue, as the reference.
# Aim: a screen within 2x of the query itself, well under 50 ms.
# Knobs: BENCH_LETTERS (100000).  Needs `make all`.
set -u
. "$(dirname "$0")/lib.sh"
N=${BENCH_LETTERS:-100000}
CON=./console/pishkhan-console
[ -x "$CON" ] && [ -x "$CTL" ] || { echo "bench: run make first"; exit 1; }
PGBENCH="$(pg_bindir)/pgbench"

bench_db_up console
$CTL -c "$tmp/ctl.conf" units add 156301 'واحد آمار و فناوری اطلاعات' 'Statistics and IT Unit' >/dev/null
$CTL -c "$tmp/ctl.conf" units add 156101 'حوزه ریاست' 'Office of the President' >/dev/null
$CTL -c "$tmp/ctl.conf" staff add --clerk --name 'کارمند دبیرخانه' daemon >/dev/null ||
    { echo "bench: staff add failed"; exit 1; }

# $N letters under review from 1,000 citizens, loaded as the superuser with
# triggers off (the harness's own set-up; the web would take hours).
echo "# loading $N letters"
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<SQL || { echo "bench: setup failed"; exit 1; }
SET search_path = pishkhan;
SET session_replication_role = replica;
INSERT INTO citizens (mobile) SELECT '+98912' || lpad(g::text, 7, '0')
FROM generate_series(1, 1000) g;
INSERT INTO letters (citizen_id, sender_name, requested_unit_id, unit_id, subject, created_at)
SELECT 1 + g % 1000, 'شرکت شمارهٔ ' || g % 97, 1 + g % 2, 1 + g % 2,
    'درخواست شمارهٔ ' || g || ' برای پیگیری', now() - (g || ' minutes')::interval
FROM generate_series(1, $N) g;
ANALYZE;
SQL

echo "# pishkhan-console --bench (as the clerk daemon)"
PGUSER=daemon $CON --bench -c "$tmp/ctl.conf" | tee "$tmp/con.out" | sed 's/^/  /'

# The same page query as queue.c sends it (QUEUE_FIRST, QUEUE_AFTER).
COLS="SELECT q.id, q.created_at, extract(epoch FROM q.created_at)::bigint,
    pishkhan.console_when(q.created_at), q.sender_name, q.mobile, q.unit_code,
    q.subject, coalesce(q.letter_no, ''), coalesce(q.tracking_no, '')
    FROM pishkhan.console_letters('review', NULL, NULL, NULL, NULL) q"
MID=$(psql -X -A -t -c "SELECT created_at || '|' || id FROM pishkhan.letters ORDER BY created_at, id OFFSET $((N / 2)) LIMIT 1")
printf '%s ORDER BY q.created_at, q.id LIMIT 20;\n' "$COLS" >"$tmp/first.sql"
printf "%s WHERE (q.created_at, q.id) > ('%s'::timestamptz, %s) ORDER BY q.created_at, q.id LIMIT 20;\n" \
    "$COLS" "${MID%|*}" "${MID#*|}" >"$tmp/after.sql"
chmod 644 "$tmp"/*.sql
for s in first after; do
	lat=$(PGUSER=daemon "$PGBENCH" -n -t 200 -f "$tmp/$s.sql" bench 2>/dev/null |
	    sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')
	echo "  psql_${s}_page_ms ${lat:-?}"
done
per=$(sed -n 's/^per_screen_ms //p' "$tmp/con.out")
echo "# console per screen: ${per:-?} ms (aim: within 2x of the query, under 50 ms)"
