#!/bin/sh
# tests/db/report_cells.sh — the report's cells (sql/029_report_cells.sql):
# the report read from the cells and the few letters they cannot stand
# for gives 028's figures exactly, and the cells kept by the triggers are
# what a count from the letters gives.
#
# 028's service_report, which reads every letter, is loaded beside 029's
# as service_report_028 (taken from sql/028_report.sql itself), and the two
# are compared row for row over random letters of the last ten months
# (some arriving at 23:40, near a day's and a month's end), over periods
# that cover months whole and in part, end in the past, today or the
# future, per unit and for all; after every kind of change: decisions,
# responses, a response after the due, letters forwarded after they were
# settled, two clerks at once, a holiday, the rest days, the time zone.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
setup_org
s() { q "$PGUSER" "SET search_path = pishkhan; $*"; }

# 028's report, as 028 wrote it.
{
	echo 'SET search_path = pishkhan, pg_catalog;'
	sed -n '/^CREATE FUNCTION service_report(/,/^\$\$;/p' "$PK_SRCDIR/sql/028_report.sql" |
	    sed 's/^CREATE FUNCTION service_report(/CREATE FUNCTION service_report_028(/'
} >"$PK_TMP/report_028.$$.sql"
grep -q 'FROM letters l' "$PK_TMP/report_028.$$.sql" || bail "028's service_report not found"
psql -X -q -v ON_ERROR_STOP=1 -U "$PGUSER" -d "$DB" -f "$PK_TMP/report_028.$$.sql" >/dev/null ||
    bail "loading 028's report failed"

# The periods compared, from the months before today's (m0 this month's
# first day, m1 the month before's, ...): name, from, to, unit.
s "CREATE FUNCTION report_periods() RETURNS TABLE (name text, p_from date,
    p_to date, p_unit text) LANGUAGE sql AS \$\$
	WITH m AS (SELECT first, row_number() OVER (ORDER BY first DESC) - 1 AS k
	    FROM (SELECT DISTINCT j.first FROM jalali_days j
		WHERE j.day <= office_today()) f),
	mk AS (SELECT array_agg(first ORDER BY k) AS a FROM m),
	-- a day with letters: the first one's of five months back
	o AS (SELECT (min(l.created_at) AT TIME ZONE office_zone())::date AS day
	    FROM letters l, mk WHERE l.created_at >= mk.a[5]::timestamp AT TIME ZONE office_zone())
	SELECT v.* FROM mk, o, LATERAL (VALUES
	    ('all', NULL::date, NULL::date, NULL::text),
	    ('all, one unit', NULL, NULL, '156301'),
	    ('from a month', a[6], NULL, NULL),
	    ('mid-month to mid-month', a[7] + 9, a[3] + 19, NULL),
	    ('mid-month to mid-month, one unit', a[7] + 9, a[3] + 19, '156101'),
	    ('to a month''s end', NULL, a[2] - 1, NULL),
	    ('last month', a[2], a[1] - 1, NULL),
	    ('a month four back', a[5], a[4] - 1, '156301'),
	    ('one day', o.day, o.day, NULL),
	    ('to the future', a[4], office_today() + 40, NULL),
	    ('to today', NULL, office_today(), NULL),
	    ('to yesterday', a[9] + 1, office_today() - 1, NULL),
	    ('before the letters', a[12], a[11] - 1, NULL)) v
\$\$"
# diff: a line per period, name:rows differing:rows (029's).
diff() {
	s "SELECT string_agg(name || ':' || (SELECT count(*) FROM (
		(SELECT * FROM service_report(p_from, p_to, p_unit)
		 EXCEPT ALL SELECT * FROM service_report_028(p_from, p_to, p_unit))
		UNION ALL
		(SELECT * FROM service_report_028(p_from, p_to, p_unit)
		 EXCEPT ALL SELECT * FROM service_report(p_from, p_to, p_unit))) x)
	    || ':' || (SELECT count(*) FROM service_report(p_from, p_to, p_unit)), E'\\n')
	FROM report_periods()"
}
# same DESCRIPTION: every period's rows as 028's, and rows to compare.
same() {
	_d=$(diff)
	_bad=$(printf '%s\n' "$_d" | awk -F: '$2 != 0')
	is "$_bad" "" "$1: the report as 028's, every period"
	_empty=$(printf '%s\n' "$_d" | awk -F: '$3 == 0')
	is "$_empty" "before the letters:0:0" "$1: every period but the one before the letters has rows"
}
# cells_kept DESCRIPTION: the cells as a count from the letters makes them.
cells_kept() {
	s "SET client_min_messages = warning; DROP TABLE IF EXISTS kept; CREATE TABLE kept AS
	    SELECT unit_id, month, settled, approved, dwd, rwd, dwin, rwin, n
	    FROM report_cells WHERE n <> 0" >/dev/null
	s "SELECT report_cells_rebuild()" >/dev/null
	is "$(s "SELECT count(*) FROM ((TABLE kept EXCEPT ALL
	    SELECT unit_id, month, settled, approved, dwd, rwd, dwin, rwin, n
	    FROM report_cells WHERE n <> 0) UNION ALL (SELECT unit_id, month,
	    settled, approved, dwd, rwd, dwin, rwin, n FROM report_cells
	    WHERE n <> 0 EXCEPT ALL TABLE kept)) x")" 0 "$1: the cells the triggers kept are the letters' count"
}

# --- the letters ----------------------------------------------------------
# 700 letters over the 300 days before now, one in six at 23:40 office
# time; the dues by 025's trigger (the letters go in as 025 would make
# them, triggers off for the insert only: no letter file is needed).
psql -X -q -v ON_ERROR_STOP=1 -U "$PGUSER" -d "$DB" >/dev/null <<'EOF' || bail "the letters failed"
SET search_path = pishkhan;
SELECT setseed(0.29);
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO citizens (mobile) VALUES ('+989121119900');
INSERT INTO letters (citizen_id, sender_name, requested_unit_id, unit_id,
    subject, created_at, decision_due)
SELECT c.id, 'شرکت آزمون', u.id, u.id, 'نامهٔ ' || g.i, g.at,
    working_days_after(g.at, u.decision_days)
FROM (SELECT i, CASE WHEN i % 6 = 0
	THEN ((office_today() - 1 - floor(random() * 300)::integer) + time '23:40')
	    AT TIME ZONE office_zone()
	ELSE now() - random() * interval '300 days' END AS at,
	CASE WHEN random() < 0.6 THEN '156301' ELSE '156101' END AS code
    FROM generate_series(1, 700) i) g
JOIN units u ON u.code = g.code, citizens c WHERE c.mobile = '+989121119900';
COMMIT;
EOF
is "$(s "SELECT count(*) FROM letters WHERE decision_due IS NOT NULL")" 700 'the 700 letters are in, with their decision dues'
is "$(s "SELECT count(*) FROM report_cells WHERE n <> 0")" 0 'letters in review fill no cell'
same 'all in review'

# Decisions (triggers on): 85% decided after an exponential wait of two
# days on average if that has passed, 80% of them approved.
psql -X -q -v ON_ERROR_STOP=1 -U "$PGUSER" -d "$DB" >/dev/null <<'EOF' || bail "the decisions failed"
SET search_path = pishkhan;
SELECT setseed(0.31);
CREATE TEMP TABLE d AS SELECT id, created_at - ln(1 - random()) * interval '2 days' AS at,
    random() < 0.8 AS ok FROM letters WHERE random() < 0.85;
UPDATE letters l SET status = 'approved', decided_at = d.at, decided_by = 'daemon',
    letter_no = 'R-' || l.id, tracking_no = (100000 + l.id)::text,
    letter_date = (d.at AT TIME ZONE office_zone())::date
FROM d WHERE d.id = l.id AND d.ok AND d.at < now();
UPDATE letters l SET status = 'rejected', decided_at = d.at, decided_by = 'daemon',
    rejection_reason = 'مدارک ناقص است'
FROM d WHERE d.id = l.id AND NOT d.ok AND d.at < now();
EOF
is "$(s "SELECT count(*) > 300 AND count(*) FILTER (WHERE status = 'rejected') > 50
    AND count(*) FILTER (WHERE response_due IS NOT NULL) = count(*) FILTER (WHERE status = 'approved')
    FROM letters WHERE status <> 'review'")" t 'hundreds decided; every approved one has its response due'
like "$(s "SELECT sum(n) FILTER (WHERE NOT approved) || ' ' || sum(n) FILTER (WHERE approved) FROM report_cells")" \
    '^[1-9][0-9]+ [1-9][0-9]+$' 'the rejected letters and the approved ones past their response due are in cells'
same 'decided'
cells_kept 'decided'

# Responses: 80% of the approved, after about a week, if that has passed
# (some after their due, settled again: from "not answered" to "answered").
psql -X -q -v ON_ERROR_STOP=1 -U "$PGUSER" -d "$DB" >/dev/null <<'EOF' || bail "the responses failed"
SET search_path = pishkhan;
SELECT setseed(0.37);
UPDATE letters l SET responded_at = r.at
FROM (SELECT id, decided_at - ln(1 - random()) * interval '7 days' AS at
    FROM letters WHERE status = 'approved' AND random() < 0.8) r
WHERE r.id = l.id AND r.at < now();
EOF
is "$(s "SELECT count(*) > 100 AND count(*) FILTER (WHERE responded_at >= response_due) > 5
    FROM letters WHERE responded_at IS NOT NULL")" t 'hundreds answered, some after their due'
same 'answered'
cells_kept 'answered'

# A letter settled on a month's first midnight: approved, unanswered, its
# response due at the end of a month's last (working) day.  For a report
# to that day it is settled at the very end: the letter is read itself.
# dd: the working day, 156301's response level before a month's last day
# (a working one), at 10:00; the letter: one in review that came before.
DD="WITH e AS (SELECT j.first - 1 AS x FROM jalali_days j JOIN work_calendar w
	ON w.day = j.first - 1 AND w.working
	WHERE j.day = j.first AND j.first BETWEEN office_today() - 200 AND office_today() - 40
	ORDER BY j.first LIMIT 1)
    SELECT (w.day + time '10:00') AT TIME ZONE office_zone() AS at
    FROM e, work_calendar wx, work_calendar w, units u
    WHERE wx.day = e.x AND w.working AND w.n = wx.n - u.response_days AND u.code = '156301'"
X=$(s "SELECT l.id FROM letters l, units u, ($DD) dd WHERE u.code = '156301'
    AND l.unit_id = u.id AND l.status = 'review' AND l.created_at < dd.at ORDER BY l.id LIMIT 1")
s "UPDATE letters SET status = 'approved', decided_at = dd.at, decided_by = 'daemon',
	letter_no = 'X-1', tracking_no = '999991',
	letter_date = (dd.at AT TIME ZONE office_zone())::date
    FROM ($DD) dd WHERE id = $X" >/dev/null
XDUE=$(s "SELECT (response_due AT TIME ZONE office_zone())::text FROM letters WHERE id = $X")
like "$XDUE" '^[0-9-]+ 00:00:00$' "letter $X: its response due is a midnight ($XDUE)"
is "$(s "SELECT (j.first = (response_due AT TIME ZONE office_zone())::date)::text
    FROM letters l, jalali_days j WHERE l.id = $X AND j.day = (l.response_due AT TIME ZONE office_zone())::date")" \
    true "... a month's first"
XTO=$(s "SELECT (response_due AT TIME ZONE office_zone())::date - 1 FROM letters WHERE id = $X")
is "$(s "SELECT count(*) FROM (SELECT * FROM service_report(NULL, '$XTO', '156301')
    EXCEPT ALL SELECT * FROM service_report_028(NULL, '$XTO', '156301')) x")" 0 \
    "a report to the day before letter $X's due (its settling is that report's end) is 028's"
is "$(s "SELECT count(*) FROM (SELECT * FROM service_report(NULL, '$XTO'::date + 1, '156301')
    EXCEPT ALL SELECT * FROM service_report_028(NULL, '$XTO'::date + 1, '156301')) x")" 0 \
    "and a report to its due's day"

# Forwarded after they were settled: the cells follow the unit.
s "UPDATE letters SET unit_id = (SELECT id FROM units WHERE code = '156101')
    WHERE id IN (SELECT id FROM letters WHERE status = 'approved' AND responded_at IS NOT NULL
	AND unit_id = (SELECT id FROM units WHERE code = '156301') ORDER BY id LIMIT 15)" >/dev/null
same 'forwarded'
cells_kept 'forwarded'

# --- the real functions, two clerks at once ---------------------------------
# Letters as the site makes them, approved, rejected and answered by the
# clerk's and the unit's own functions; two sessions at once.
for i in 1 2 3 4 5 6 7 8; do
	eval "L$i=$(mk_letter +98912123400$i 156301 "نامهٔ همزمان $i")"
done
(q daemon "SELECT pishkhan.letter_approve($L1); SELECT pishkhan.letter_approve($L3);
    SELECT pishkhan.letter_reject($L5, 'ناخوانا'); SELECT pishkhan.letter_approve($L7)" >/dev/null) &
(q daemon "SELECT pishkhan.letter_approve($L2); SELECT pishkhan.letter_approve($L4);
    SELECT pishkhan.letter_reject($L6, 'ناخوانا'); SELECT pishkhan.letter_reject($L8, 'تکراری')" >/dev/null) &
wait
for l in $L1 $L2 $L3; do
	q bin "SELECT pishkhan.letter_add_response($l, 'پاسخ.pdf', 'application/pdf', '\x255044462d312e340a')" >/dev/null &
done
wait
is "$(s "SELECT count(*) FILTER (WHERE status = 'rejected') || ' ' || count(*) FILTER (WHERE responded_at IS NOT NULL)
    FROM letters WHERE id IN ($L1, $L2, $L3, $L4, $L5, $L6, $L7, $L8)")" '3 3' 'three rejected, three answered, at once'
same 'two clerks'
cells_kept 'two clerks'

# --- the cells are read ----------------------------------------------------
# One cell of a past month counted wrong shows in the report: the report
# does read the cells (and the comparisons above compare something).
s "UPDATE report_cells SET n = n + 1 WHERE ctid = (SELECT ctid FROM report_cells
    WHERE n > 0 AND settled < (SELECT first FROM jalali_days WHERE day = office_today() - 70)
    LIMIT 1)" >/dev/null
isnt_all=$(diff | awk -F: '$2 != 0' | wc -l)
[ "$isnt_all" -gt 0 ]
ok $? "a cell counted one too many changes the report ($isnt_all periods differ)"
is "$(s "SELECT report_cells_rebuild() = (SELECT count(*) FROM letters
    WHERE letter_settled_at(status, decided_at, responded_at, response_due) IS NOT NULL)")" t \
    'report_cells_rebuild counts every settled letter once'
same 'rebuilt'

# --- the calendar and the zone change the working days ---------------------
# A holiday on a past working day that letters waited over: the cells are
# counted again in the same transaction.
H=$(s "SELECT w.day FROM work_calendar w WHERE w.working
    AND w.day BETWEEN office_today() - 100 AND office_today() - 90 ORDER BY w.day LIMIT 1")
q games "SELECT pishkhan.holiday_add('$H', 'روز آزمون')" >/dev/null
same "a holiday added ($H)"
cells_kept "a holiday added"
q games "SELECT pishkhan.holiday_remove('$H')" >/dev/null
same 'the holiday removed'
ctl -c "$CONF" settings set rest_days thu,fri >/dev/null || bail "rest_days"
same 'Thursday rests too'
ctl -c "$CONF" settings set rest_days fri >/dev/null || bail "rest_days"
# A zone half an hour behind: the letters at 23:40 change day, and those
# on a month's last day, month.
ctl -c "$CONF" settings set time_zone Asia/Dubai >/dev/null || bail "time_zone"
same 'another time zone'
cells_kept 'another time zone'
ctl -c "$CONF" settings set time_zone Asia/Tehran >/dev/null || bail "time_zone"
same 'Tehran again'

# --- who may ---------------------------------------------------------------
is "$(qerr bin "SELECT * FROM pishkhan.report_cells")" 42501 'a unit member cannot read the cells'
is "$(qerr daemon "SELECT pishkhan.report_cells_rebuild()")" 42501 'nor a clerk rebuild them'
is "$(qerr daemon "UPDATE pishkhan.report_cells SET n = 0")" 42501 'nor change them'

done_testing
