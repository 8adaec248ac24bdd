-- 028_report.sql — the service report (issue 14, item 4): per unit and per
-- Jalali month, how many letters came, how they were decided, how long the
-- decision and the response took in working days (024), and how many were
-- decided and answered within their levels (025).  pishkhanctl report,
-- its HTML page and the console's statistics screen all print this one
-- function's rows, so the three never disagree.
--
-- The definitions (pishkhanctl(8), REPORT, says the same):
--   * A letter belongs to the Jalali month of its arrival (created_at's
--     office date, in the office's time zone) and to the unit it is with
--     (letters.unit_id: the unit it was approved or forwarded to).
--   * p_from and p_to are office dates, both inclusive, of arrival; NULL is
--     open-ended.  p_unit is a unit code (NULL: every unit).
--   * The report looks at the letters as they stood at its end, "as of":
--     the end of p_to (office midnight), or now when p_to is NULL or not
--     yet over.  A decision or response after it has not happened yet for
--     the report, so a report of a past period reads the same tomorrow.
--   * received: letters that arrived.  approved, rejected: of those, the
--     ones decided so by "as of".  open: the rest (still in review then);
--     received = approved + rejected + open.
--   * decision days: working_days_between(created_at, decided_at) of each
--     decided letter; response days: working_days_between(decided_at,
--     responded_at) of each answered approved letter.  Median and 90th
--     percentile are percentile_disc (working days are whole numbers: the
--     smallest value that at least half, or 90%, of the letters do not
--     exceed; of an even count the median is the lower middle value).
--     Empty (NULL) when no letter counts.
--   * decided within the level: of the letters whose decision counts (those
--     decided by "as of", and those still undecided then whose
--     decision_due had passed: they are late whatever happens), the ones
--     with decided_at < decision_due.  Undecided letters not yet due are
--     left out: nobody knows yet.
--   * answered within the level: the same for responses, over the letters
--     approved by "as of": answered before response_due counts as within;
--     answered at or after it, or unanswered with response_due passed,
--     as not within; unanswered and not yet due is left out.
--   * A share is within / counted (the function gives both counts; the
--     programs print the share in percent, empty when nothing counted).
--   * Rows: one per unit and month, one per unit (every month: month
--     NULL), one per month (every unit: unit NULL) and one for the whole
--     (both NULL).  Medians of a total are over its letters, not of the
--     months' medians.
--
-- The query joins the calendar directly (a hash of its days, looked up
-- three times a letter) rather than calling working_days_between and
-- jalali_parts per letter (jalali_parts is PL/pgSQL; the office zone is
-- read once, not once a row), and reads the letters once, into a
-- histogram per unit, month and number of days: the medians and 90th
-- percentiles are percentile_disc's, worked out from it (as PostgreSQL's
-- own does: the value of row ceil(p * n) in order; tests/cli/report.sh
-- checks the two agree), because percentile_disc itself over four
-- grouping sets sorted the million rows again and again (16 s against
-- 6 s, measured on a loaded machine).  Over a million letters the report
-- takes 2.7 to 4 times a plain count per unit and month of the same table
-- (tests/bench/report.sh prints both).

SET LOCAL search_path = pishkhan, pg_catalog;

-- Each day of the working calendar's years with its Jalali year and
-- month.  The calendar itself never changes, so this table is filled once.
CREATE TABLE jalali_days (
	day		date PRIMARY KEY,
	jy		smallint NOT NULL,
	jm		smallint NOT NULL CHECK (jm BETWEEN 1 AND 12)
);
INSERT INTO jalali_days (day, jy, jm)
SELECT g::date, p.jy, p.jm
FROM generate_series(gregorian_from_jalali(1380, 1, 1),
    gregorian_from_jalali(1450, 12, 29), interval '1 day') g,
    LATERAL jalali_parts(g::date) p;
REVOKE ALL ON jalali_days FROM PUBLIC;
GRANT SELECT ON jalali_days TO pishkhan_clerk, pishkhan_unit, pishkhan_admin;

CREATE FUNCTION service_report(p_from date, p_to date, p_unit text)
RETURNS TABLE (unit_code text, unit_fa text, unit_en text, jy integer,
    jm integer, received bigint, approved bigint, rejected bigint, open bigint,
    decision_median integer, decision_p90 integer, response_median integer,
    response_p90 integer, decided_within bigint, decided_counted bigint,
    answered_within bigint, answered_counted bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pishkhan, pg_catalog, pg_temp
-- The planner cannot know that each letter meets one calendar day, and
-- would spend seconds compiling the query for billions of rows.
SET jit = off AS $$
#variable_conflict use_column
DECLARE
	z text := office_zone();
	t0 timestamptz;
	t1 timestamptz;
	as_of timestamptz;
	uid integer;
BEGIN
	IF NOT (is_admin() OR staff_can('clerk')) THEN
		RAISE EXCEPTION '"%" is neither a clerk nor an admin', session_user
		    USING ERRCODE = 'PK403';
	END IF;
	IF p_from > p_to THEN
		RAISE EXCEPTION 'the report would begin after it ends'
		    USING ERRCODE = '22023';
	END IF;
	IF p_unit IS NOT NULL THEN
		SELECT u.id INTO uid FROM units u WHERE u.code = ascii_digits(p_unit);
		IF uid IS NULL THEN
			RAISE EXCEPTION 'no unit %', p_unit USING ERRCODE = 'PK404';
		END IF;
	END IF;
	t0 := coalesce(p_from::timestamp AT TIME ZONE z, '-infinity');
	t1 := coalesce((p_to + 1)::timestamp AT TIME ZONE z, 'infinity');
	as_of := least(now(), t1);

	RETURN QUERY
	-- One pass over the letters, into a histogram: per unit, month and
	-- pair of (decision, response) working days, the counts.  The rest
	-- works on its few thousand rows.
	WITH base AS (
		SELECT l.unit_id, j.jy, j.jm, dd.n - dc.n AS dwd, dr.n - dd.n AS rwd,
		    count(*) AS received,
		    count(*) FILTER (WHERE l.decided_at < as_of
			AND l.status = 'approved') AS approved,
		    count(*) FILTER (WHERE l.decided_at < as_of
			AND l.status = 'rejected') AS rejected,
		    count(*) FILTER (WHERE l.decided_at IS NULL
			OR l.decided_at >= as_of) AS open,
		    count(*) FILTER (WHERE l.decided_at < as_of
			AND l.decided_at < l.decision_due) AS dwin,
		    count(*) FILTER (WHERE l.decided_at < as_of
			OR l.decision_due <= as_of) AS dcnt,
		    count(*) FILTER (WHERE l.status = 'approved'
			AND l.decided_at < as_of AND l.responded_at < as_of
			AND l.responded_at < l.response_due) AS rwin,
		    count(*) FILTER (WHERE l.status = 'approved'
			AND l.decided_at < as_of AND (l.responded_at < as_of
			    OR l.response_due <= as_of)) AS rcnt
		FROM letters l
		JOIN jalali_days j ON j.day = (l.created_at AT TIME ZONE z)::date
		JOIN work_calendar dc ON dc.day = j.day
		LEFT JOIN work_calendar dd ON dd.day = (l.decided_at AT TIME ZONE z)::date
		    AND l.decided_at < as_of
		LEFT JOIN work_calendar dr ON dr.day = (l.responded_at AT TIME ZONE z)::date
		    AND l.responded_at < as_of AND l.status = 'approved'
		WHERE l.created_at >= t0 AND l.created_at < t1
		AND (uid IS NULL OR l.unit_id = uid)
		GROUP BY 1, 2, 3, 4, 5),
	-- The counts of each row of the report: 0 stands for "every".
	c AS (
		SELECT coalesce(b.unit_id, 0) AS u, coalesce(b.jy, 0) AS y,
		    coalesce(b.jm, 0) AS m, grouping(b.unit_id) AS gu,
		    grouping(b.jy, b.jm) AS gm,
		    sum(b.received)::bigint AS received,
		    sum(b.approved)::bigint AS approved,
		    sum(b.rejected)::bigint AS rejected,
		    sum(b.open)::bigint AS open,
		    sum(b.dwin)::bigint AS dwin, sum(b.dcnt)::bigint AS dcnt,
		    sum(b.rwin)::bigint AS rwin, sum(b.rcnt)::bigint AS rcnt
		FROM base b
		GROUP BY GROUPING SETS ((b.unit_id, b.jy, b.jm), (b.unit_id),
		    (b.jy, b.jm), ())),
	-- The working days' distributions of each row: 'd' decision, 'r'
	-- response; v the days, k how many letters.
	h AS (
		SELECT 'd' AS w, coalesce(b.unit_id, 0) AS u, coalesce(b.jy, 0) AS y,
		    coalesce(b.jm, 0) AS m, b.dwd AS v, sum(b.received) AS k
		FROM base b WHERE b.dwd IS NOT NULL
		GROUP BY GROUPING SETS ((b.unit_id, b.jy, b.jm, b.dwd),
		    (b.unit_id, b.dwd), (b.jy, b.jm, b.dwd), (b.dwd))
		UNION ALL
		SELECT 'r', coalesce(b.unit_id, 0), coalesce(b.jy, 0),
		    coalesce(b.jm, 0), b.rwd, sum(b.received)
		FROM base b WHERE b.rwd IS NOT NULL
		GROUP BY GROUPING SETS ((b.unit_id, b.jy, b.jm, b.rwd),
		    (b.unit_id, b.rwd), (b.jy, b.jm, b.rwd), (b.rwd))),
	hc AS (
		SELECT h.w, h.u, h.y, h.m, h.v,
		    sum(h.k) OVER (PARTITION BY h.w, h.u, h.y, h.m ORDER BY h.v) AS cum,
		    sum(h.k) OVER (PARTITION BY h.w, h.u, h.y, h.m) AS tot
		FROM h),
	-- percentile_disc over a histogram, as PostgreSQL's own does it: the
	-- value of row ceil(p * count) (at least the first) in order.
	p AS (
		SELECT hc.w, hc.u, hc.y, hc.m,
		    min(hc.v) FILTER (WHERE hc.cum >=
			greatest(1, ceil(0.5::float8 * hc.tot::float8))) AS med,
		    min(hc.v) FILTER (WHERE hc.cum >=
			greatest(1, ceil(0.9::float8 * hc.tot::float8))) AS p90
		FROM hc GROUP BY hc.w, hc.u, hc.y, hc.m)
	SELECT un.code, un.name_fa, un.name_en, nullif(c.y, 0), nullif(c.m, 0),
	    c.received, c.approved, c.rejected, c.open,
	    pd.med, pd.p90, pr.med, pr.p90, c.dwin, c.dcnt, c.rwin, c.rcnt
	FROM c
	LEFT JOIN units un ON un.id = c.u
	LEFT JOIN p pd ON pd.w = 'd' AND pd.u = c.u AND pd.y = c.y AND pd.m = c.m
	LEFT JOIN p pr ON pr.w = 'r' AND pr.u = c.u AND pr.y = c.y AND pr.m = c.m
	WHERE c.received > 0	-- no letters: no rows, not a total of nothing
	ORDER BY c.gu, un.sort_order, un.code, c.gm, c.y, c.m;
END
$$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
GRANT EXECUTE ON FUNCTION service_report(date, date, text)
    TO pishkhan_clerk, pishkhan_admin;
