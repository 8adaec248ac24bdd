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
-- (its work is done here in bulk), the guard, and the deferred check that
-- a letter has its main file, which would need a million file rows the
-- report never reads.  Deterministic: setseed.
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
CREATE TEMP TABLE gen AS
SELECT g.g, u.id AS unit_id, u.k, u.decision_days, u.response_days,
    :'z'::text AS z,
    ((:'d0'::date + floor(random() * (:span + 1))::integer) + time '08:00'
	+ random() * interval '7 hours') AT TIME ZONE :'z' AS created_at,
    random() AS rw, random() AS rs, random() AS rr, random() AS rt
FROM (SELECT g, 1 + floor(power(random(), 1.6) * :nunits)::integer AS k
    FROM generate_series(1, :n) g) g
JOIN u ON u.k = g.k;

ALTER TABLE gen ADD COLUMN decided_at timestamptz, ADD COLUMN status letter_status,
    ADD COLUMN responded_at timestamptz;
UPDATE gen SET decided_at = created_at
    + (-ln(1 - rw) * (20 + 8 * k)) * interval '1 hour';
UPDATE gen SET status = CASE
	WHEN decided_at >= now() OR rs < 0.02 THEN 'review'
	WHEN rs < 0.84 THEN 'approved' ELSE 'rejected' END::letter_status;
UPDATE gen SET decided_at = NULL WHERE status = 'review';
UPDATE gen SET responded_at = decided_at
    + (-ln(1 - rr) * (4 + k)) * interval '1 day'
WHERE status = 'approved' AND rt < 0.92;
UPDATE gen SET responded_at = NULL WHERE responded_at >= now();

INSERT INTO letters (citizen_id, sender_name, requested_unit_id, unit_id,
    subject, status, letter_no, tracking_no, letter_date, rejection_reason,
    decided_by, decided_at, created_at, updated_at, decision_due,
    response_due, responded_at)
SELECT 1 + g.g % 20000, 'شرکت شمارهٔ ' || g.g % 97, g.unit_id, g.unit_id,
    'درخواست شمارهٔ ' || g.g,
    g.status,
    CASE WHEN g.status = 'approved' THEN 'B-' || g.g END,
    CASE WHEN g.status = 'approved' THEN (100000000 + g.g)::text END,
    CASE WHEN g.status = 'approved' THEN (g.decided_at AT TIME ZONE g.z)::date END,
    CASE WHEN g.status = 'rejected' THEN 'مدارک ناقص است' END,
    CASE WHEN g.status <> 'review' THEN 'daemon' END,
    g.decided_at, g.created_at, coalesce(g.responded_at, g.decided_at, g.created_at),
    (dd.day + 1)::timestamp AT TIME ZONE g.z,
    (rd.day + 1)::timestamp AT TIME ZONE g.z,
    g.responded_at
FROM gen g
JOIN work_calendar wc ON wc.day = (g.created_at AT TIME ZONE g.z)::date
JOIN work_calendar dd ON dd.working AND dd.n = wc.n + g.decision_days
LEFT JOIN work_calendar wa ON wa.day = (g.decided_at AT TIME ZONE g.z)::date
    AND g.status = 'approved'
LEFT JOIN work_calendar rd ON rd.working AND rd.n = wa.n + g.response_days
ORDER BY g.created_at;

DROP TABLE gen;
ANALYZE citizens;
ANALYZE letters;
