-- tests/lib/report_letters.sql — 14 letters whose service figures are
-- counted by hand in tests/cli/report.sh (and shown by the console's
-- statistics screen, tests/console/stats.sh).  Loaded as the superuser
-- with the triggers off for the one transaction: the due instants are set
-- here, so the shares follow from these rows alone.  The triggers being
-- off, the report's cells are then counted from the letters
-- (report_cells_rebuild), as after any bulk load.
--
-- Each letter: unit, arrival, status, decision, response, decision due,
-- response due ('YYYY/MM/DD HH:MM' office time; 'now-2m' and the like are
-- relative to now).  dwd/rwd: working days to decision/response.
BEGIN;
SET LOCAL search_path = pishkhan;
SET LOCAL session_replication_role = replica;
CREATE FUNCTION pg_temp.j(t text) RETURNS timestamptz LANGUAGE sql AS $$
	SELECT CASE WHEN t IS NULL THEN NULL
	    WHEN t LIKE 'now%' THEN now() + substr(t, 4)::interval
	    ELSE (gregorian_from_jalali(split_part(t, '/', 1)::integer,
		split_part(t, '/', 2)::integer,
		split_part(split_part(t, '/', 3), ' ', 1)::integer)
		+ split_part(t, ' ', 2)::time) AT TIME ZONE office_zone() END
$$;
INSERT INTO citizens (mobile) VALUES ('+989121110000');
INSERT INTO letters (citizen_id, sender_name, requested_unit_id, unit_id,
    subject, status, letter_no, tracking_no, letter_date, rejection_reason,
    decided_by, decided_at, created_at, responded_at, decision_due, response_due)
SELECT (SELECT id FROM citizens WHERE mobile = '+989121110000'), 'شرکت آزمون',
    u.id, u.id, v.tag, v.st::letter_status,
    CASE WHEN v.st = 'approved' THEN 'T-' || v.tag END,
    CASE WHEN v.st = 'approved' THEN (10000 + row_number() OVER ())::text END,
    CASE WHEN v.st = 'approved' THEN (pg_temp.j(v.d) AT TIME ZONE office_zone())::date END,
    CASE WHEN v.st = 'rejected' THEN 'ناقص' END,
    CASE WHEN v.st <> 'review' THEN 'daemon' END,
    pg_temp.j(v.d), pg_temp.j(v.c), pg_temp.j(v.r), pg_temp.j(v.dd), pg_temp.j(v.rd)
FROM (VALUES
-- unit 156301, Mehr
--  tag  unit      arrival             status      decision            response            decision due        response due
  ('A1', '156301', '1405/07/04 10:00', 'approved', '1405/07/05 09:00', '1405/07/08 11:00', '1405/07/07 00:00', '1405/07/17 00:00'),
	-- dwd 1 within; rwd 3 within
  ('A2', '156301', '1405/07/08 10:00', 'approved', '1405/07/11 10:00', '1405/07/25 11:00', '1405/07/11 00:00', '1405/07/20 00:00'),
	-- dwd 2 (Thu, Sat) late; rwd 12 (14 days less Fri 17, 24) late
  ('A3', '156301', '1405/07/09 09:00', 'rejected', '1405/07/09 15:00', NULL, '1405/07/12 00:00', NULL),
	-- dwd 0 within
  ('A4', '156301', '1405/07/20 10:00', 'approved', '1405/07/22 10:00', NULL, '1405/07/23 00:00', '1405/08/05 00:00'),
	-- dwd 2 within; unanswered past due: not within
  ('A5', '156301', '1405/07/29 10:00', 'review', NULL, NULL, '1405/07/30 00:00', NULL),
	-- open, its decision late
  ('A6', '156301', '1405/07/30 23:30', 'rejected', '1405/08/02 08:00', NULL, '1405/08/02 00:00', NULL),
	-- Mehr's last half hour; dwd 1 (Fri 08/01 rests) late
-- unit 156301, Aban
  ('A7', '156301', '1405/08/01 00:10', 'approved', '1405/08/02 09:00', '1405/08/03 10:00', '1405/08/04 00:00', '1405/08/17 00:00'),
	-- Aban's first ten minutes (a Friday); dwd 1 within; rwd 1 within
  ('A8', '156301', '1405/08/04 10:00', 'approved', '1405/08/09 10:00', '1405/08/10 10:00', '1405/08/07 00:00', '1405/08/23 00:00'),
	-- dwd 4 (Tue, Wed, Thu, Sat) late; rwd 1 within
-- unit 156301, this month
  ('A9', '156301', 'now-2m', 'review', NULL, NULL, 'now+2 days', NULL),
	-- open, not yet due: left out of the decision share
  ('A10', '156301', 'now-2m', 'approved', 'now-1m', NULL, 'now+1 day', 'now+5 days'),
	-- dwd 0 within; unanswered, not yet due: left out of the response share
-- unit 156101, Mehr
  ('B1', '156101', '1405/07/05 10:00', 'approved', '1405/07/06 10:00', '1405/07/14 10:00', '1405/07/08 00:00', '1405/07/20 00:00'),
	-- dwd 1 within; rwd 7 (07..14 less Fri 10) within
  ('B2', '156101', '1405/07/06 10:00', 'approved', '1405/07/13 10:00', '1405/07/14 10:00', '1405/07/09 00:00', '1405/07/28 00:00'),
	-- dwd 6 late; rwd 1 within
  ('B3', '156101', '1405/07/07 10:00', 'approved', '1405/07/08 10:00', '1405/07/29 10:00', '1405/07/10 00:00', '1405/07/22 00:00'),
	-- dwd 1 within; rwd 18 (09..29 less Fri 10, 17, 24) late
  ('B4', '156101', '1405/07/07 11:00', 'rejected', '1405/07/12 10:00', NULL, '1405/07/10 00:00', NULL)
	-- dwd 4 (Wed, Thu, Sat, Sun) late
) v(tag, unit, c, st, d, r, dd, rd)
JOIN units u ON u.code = v.unit;
-- The triggers were off: the report's cells (029) are counted again.
SELECT report_cells_rebuild();
COMMIT;
