-- tests/bench/report_gen.sql — :n letters (psql -v n=1000000) for the
-- report's benchmark (tests/bench/report.sh), made in bulk as the superuser:
--
--   * arrivals spread evenly over the days from 1403/01/01 to today (more
--     than two Jalali years), in office hours, office time;
--   * over the units there are (the first ones busier: a unit is picked
--     with weights falling as its position rises);
--   * the clerk's decision after an exponential wait (a day and a half
--     on average; each unit its own pace), then approved (82%) or
--     rejected; a decision that would be in the future leaves the letter
--     in review, as do 2% that were forgotten;
--   * 92% of the approved letters answered, after an exponential wait of
--     about a week (each unit its own pace), if that is already past;
--   * the due instants computed in bulk exactly as 025's trigger would
--     (working_days_after, by joining work_calendar), from each unit's
--     levels.
--
-- Triggers are off (session_replication_role = replica): the due trigger
-- (its work is done here in bulk), the guard, the report's cells (counted
-- at the end) and the deferred check that a letter has its main file,
-- which would need a million file rows the report never reads.
-- Deterministic: setseed.
\set ON_ERROR_STOP 1
SET search_path = pishkhan, pg_catalog;
SET session_replication_role = replica;
SET synchronous_commit = off;
SELECT setseed(0.14) \gset

INSERT INTO citizens (mobile)
SELECT '+98935' || lpad(g::text, 7, '0') FROM generate_series(1, 20000) g;

CREATE TEMP TABLE u AS
SELECT row_number() OVER (ORDER BY id) AS k, id, decision_days, response_days
FROM units;
SELECT count(*) AS nunits FROM u \gset

-- The zone and the span as constants: computed once, not once a row.
SELECT office_zone() AS z, gregorian_from_jalali(1403, 1, 1) AS d0,
    office_today() - gregorian_from_jalali(1403, 1, 1) AS span \gset
-- One statement: no table in between, no pass over a million rows but
-- the insert itself (the random draws are in subqueries, which PostgreSQL
-- keeps apart because random() is volatile: one draw a letter).
INSERT INTO letters (citizen_id, sender_name, requested_unit_id, unit_id,
    subject, status, letter_no, tracking_no, letter_date, rejection_reason,
    decided_by, decided_at, created_at, updated_at, decision_due,
    response_due, responded_at)
SELECT 1 + g.g % 20000, 'شرکت شمارهٔ ' || g.g % 97, g.unit_id, g.unit_id,
    'درخواست شمارهٔ ' || g.g,
    g.status,
    CASE WHEN g.status = 'approved' THEN 'B-' || g.g END,
    CASE WHEN g.status = 'approved' THEN (100000000 + g.g)::text END,
    CASE WHEN g.status = 'approved' THEN (g.decided_at AT TIME ZONE :'z')::date END,
    CASE WHEN g.status = 'rejected' THEN 'مدارک ناقص است' END,
    CASE WHEN g.status <> 'review' THEN 'daemon' END,
    g.decided_at, g.created_at, coalesce(g.responded_at, g.decided_at, g.created_at),
    (dd.day + 1)::timestamp AT TIME ZONE :'z',
    (rd.day + 1)::timestamp AT TIME ZONE :'z',
    g.responded_at
FROM (
	-- the decision and the response as they turned out
	SELECT c.g, c.unit_id, c.decision_days, c.response_days, c.created_at,
	    c.status,
	    CASE WHEN c.status <> 'review' THEN c.decided END AS decided_at,
	    CASE WHEN c.status = 'approved' AND c.rt < 0.92 AND c.responded < now()
		THEN c.responded END AS responded_at
	FROM (
		SELECT b.*,
		    CASE WHEN b.decided >= now() OR b.rs < 0.02 THEN 'review'
			WHEN b.rs < 0.84 THEN 'approved'
			ELSE 'rejected' END::letter_status AS status,
		    b.decided + (-ln(1 - b.rr) * (4 + b.k)) * interval '1 day' AS responded
		FROM (
			-- when it came, and when the clerk would decide
			SELECT a.g, u.id AS unit_id, u.k, u.decision_days, u.response_days,
			    a.created_at, a.rs, a.rr, a.rt,
			    a.created_at + (-ln(1 - a.rw) * (20 + 8 * u.k)) * interval '1 hour'
				AS decided
			FROM (SELECT g, 1 + floor(power(random(), 1.6) * :nunits)::integer AS k,
				((:'d0'::date + floor(random() * (:span + 1))::integer)
				    + time '08:00' + random() * interval '7 hours')
				    AT TIME ZONE :'z' AS created_at,
				random() AS rw, random() AS rs, random() AS rr, random() AS rt
			    FROM generate_series(1, :n) g) a
			JOIN u ON u.k = a.k) b) c) g
JOIN work_calendar wc ON wc.day = (g.created_at AT TIME ZONE :'z')::date
JOIN work_calendar dd ON dd.working AND dd.n = wc.n + g.decision_days
LEFT JOIN work_calendar wa ON wa.day = (g.decided_at AT TIME ZONE :'z')::date
    AND g.status = 'approved'
LEFT JOIN work_calendar rd ON rd.working AND rd.n = wa.n + g.response_days
ORDER BY g.created_at;

ANALYZE citizens;
-- The triggers were off: the report's cells (029) are counted from the
-- letters, as after any bulk load; then the table is vacuumed, as
-- autovacuum would have done it by the time anyone reads a report.
SELECT report_cells_rebuild();
VACUUM ANALYZE letters;
ANALYZE report_cells;
