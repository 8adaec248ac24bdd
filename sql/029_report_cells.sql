-- 029_report_cells.sql — the service report (028) kept as it is made, so
-- that it reads a few tens of thousands of rows, not every letter (issue
-- 14, item 6: a million letters in under 2 s).
--
-- A letter's figures stop changing once it is settled: rejected (at its
-- decision), approved and answered (at its first response), or approved
-- and unanswered past its response's due (from then on it counts as not
-- answered within the level whenever the report looks, until an answer
-- settles it again).  From then on it is one of few kinds: its unit, the
-- Jalali month it arrived in, the month it was settled in, approved or
-- rejected, its working days to decision and to response and whether each
-- was within its level.  report_cells counts the settled letters of each
-- kind, kept by triggers on letters (a decision, a response: one row
-- each; a submission touches no cell); the report adds the counts of the
-- cells to what it works out, letter by letter, for the letters it cannot
-- take from them:
--   * letters not settled (in review, or approved, unanswered and not yet
--     due): what they count for depends on when the report looks;
--   * letters settled in the month of the report's "as of" or later: a
--     report of a past period must not count what happened after its end,
--     and a cell knows its month of settling, not the day;
--   * letters that arrived in a month the period only partly covers
--     (--from or --to in the middle of a month): a cell knows its month of
--     arrival, not the day.
-- Those letters are found by three indexes (letters_settled, on the
-- instant of settling; letters_unsettled, of the letters never settled,
-- with the columns the report reads; 001's letters_status_created, for
-- the months in part).  The
-- report's figures are 028's exactly: tests/db/report_cells.sh compares
-- the two ways over random letters and periods, and the cells with a
-- rebuild after every change.
--
-- The working days of a settled letter change when the calendar does (a
-- holiday imported late, the rest days, the office's time zone): the
-- cells are then worked out again from the letters, in the same
-- transaction (report_cells_rebuild; a few seconds over a million
-- letters).  A bulk load with the triggers off (tests, benchmarks) calls
-- it too.

SET LOCAL search_path = pishkhan, pg_catalog;

-- Each day's month, by the month's first day: a cell's key.
ALTER TABLE jalali_days ADD COLUMN first date;
UPDATE jalali_days j SET first = m.first
FROM (SELECT jy, jm, min(day) AS first FROM jalali_days GROUP BY jy, jm) m
WHERE m.jy = j.jy AND m.jm = j.jm;
ALTER TABLE jalali_days ALTER COLUMN first SET NOT NULL;

-- The instant a letter was settled (see the top); NULL while it is not.
-- IMMUTABLE and inlined: the index below and the report's query say the
-- same.
CREATE FUNCTION letter_settled_at(s letter_status, decided timestamptz,
    responded timestamptz, response_due timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE s WHEN 'rejected' THEN decided
	    WHEN 'approved' THEN coalesce(responded, CASE
		WHEN response_due IS NOT NULL THEN greatest(decided, response_due) END)
	END
$$;
CREATE INDEX letters_settled ON letters
    (letter_settled_at(status, decided_at, responded_at, response_due));
-- The letters never settled (in review, nearly all) are read from this
-- index alone: they lie all over the table (a letter forgotten for a
-- year), and the few columns the report needs are here.
CREATE INDEX letters_unsettled ON letters (created_at)
    INCLUDE (unit_id, status, decided_at, responded_at, decision_due, response_due)
    WHERE letter_settled_at(status, decided_at, responded_at, response_due) IS NULL;

CREATE TABLE report_cells (
	unit_id		integer NOT NULL,
	month		date NOT NULL,		-- arrival: its month's first day
	settled		date NOT NULL,		-- settling: its month's first day
	approved	boolean NOT NULL,	-- else rejected
	dwd		integer,		-- working days to decision
	rwd		integer,		-- to response (NULL: rejected)
	dwin		boolean,		-- decided before decision_due
	rwin		boolean,		-- answered before response_due
	n		bigint NOT NULL,
	UNIQUE NULLS NOT DISTINCT (unit_id, month, settled, approved, dwd, rwd,
	    dwin, rwin)
);
REVOKE ALL ON report_cells FROM PUBLIC;

-- Add k (1 or -1) to the cell of letter l, if it is settled and arrived
-- and settled within the calendar's years.  The same joins as the
-- rebuild's, written twice on purpose: one SQL function for both, called
-- LATERAL from the rebuild, is inlined but joins the calendar by index
-- letter by letter (its joins stay lateral), and made the rebuild of a
-- million letters 6 to 8 s instead of 3.3 s.
CREATE FUNCTION report_cells_add(l letters, k integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	z text := office_zone();
BEGIN
	IF letter_settled_at(l.status, l.decided_at, l.responded_at, l.response_due) IS NULL THEN
		RETURN;
	END IF;
	INSERT INTO report_cells AS c (unit_id, month, settled, approved, dwd,
	    rwd, dwin, rwin, n)
	SELECT l.unit_id, j.first, s.first, l.status = 'approved', dd.n - dc.n,
	    dr.n - dd.n, l.decided_at < l.decision_due,
	    CASE WHEN l.status = 'approved' THEN l.responded_at < l.response_due END,
	    k
	FROM jalali_days j
	JOIN work_calendar dc ON dc.day = j.day
	JOIN jalali_days s ON s.day = (letter_settled_at(l.status, l.decided_at,
	    l.responded_at, l.response_due) AT TIME ZONE z)::date
	LEFT JOIN work_calendar dd ON dd.day = (l.decided_at AT TIME ZONE z)::date
	LEFT JOIN work_calendar dr ON dr.day = (l.responded_at AT TIME ZONE z)::date
	    AND l.status = 'approved'
	WHERE j.day = (l.created_at AT TIME ZONE z)::date
	ON CONFLICT (unit_id, month, settled, approved, dwd, rwd, dwin, rwin)
	DO UPDATE SET n = c.n + excluded.n;
END
$$;

CREATE FUNCTION report_cells_follow() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		PERFORM report_cells_add(OLD, -1);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		PERFORM report_cells_add(NEW, 1);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER letters_report_insert AFTER INSERT ON letters FOR EACH ROW
    WHEN (letter_settled_at(NEW.status, NEW.decided_at, NEW.responded_at,
	    NEW.response_due) IS NOT NULL)
    EXECUTE FUNCTION report_cells_follow();
-- Only what a cell is made of; a decision or a response settles a letter.
CREATE TRIGGER letters_report_update AFTER UPDATE OF status, decided_at,
    responded_at, unit_id, created_at, decision_due, response_due ON letters
    FOR EACH ROW
    WHEN ((letter_settled_at(OLD.status, OLD.decided_at, OLD.responded_at,
	    OLD.response_due) IS NOT NULL
	OR letter_settled_at(NEW.status, NEW.decided_at, NEW.responded_at,
	    NEW.response_due) IS NOT NULL)
	AND (OLD.status, OLD.decided_at, OLD.responded_at, OLD.unit_id,
	    OLD.created_at, OLD.decision_due, OLD.response_due)
	IS DISTINCT FROM (NEW.status, NEW.decided_at, NEW.responded_at,
	    NEW.unit_id, NEW.created_at, NEW.decision_due, NEW.response_due))
    EXECUTE FUNCTION report_cells_follow();
-- letters_no_delete refuses a delete; one that gets past it (the triggers
-- off) is still taken out.
CREATE TRIGGER letters_report_delete AFTER DELETE ON letters FOR EACH ROW
    WHEN (letter_settled_at(OLD.status, OLD.decided_at, OLD.responded_at,
	    OLD.response_due) IS NOT NULL)
    EXECUTE FUNCTION report_cells_follow();

-- Every cell again from the letters; returns how many letters they count.
-- The lock waits for the transactions that have changed a cell and keeps
-- new ones out until this one ends: none is counted twice or lost.
CREATE FUNCTION report_cells_rebuild() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pishkhan, pg_catalog, pg_temp
SET jit = off AS $$
DECLARE
	z text := office_zone();
	total bigint;
BEGIN
	LOCK TABLE report_cells IN EXCLUSIVE MODE;
	DELETE FROM report_cells;
	INSERT INTO report_cells (unit_id, month, settled, approved, dwd, rwd,
	    dwin, rwin, n)
	SELECT l.unit_id, j.first, s.first, l.status = 'approved', dd.n - dc.n,
	    dr.n - dd.n, l.decided_at < l.decision_due,
	    CASE WHEN l.status = 'approved' THEN l.responded_at < l.response_due END,
	    count(*)
	FROM letters l
	JOIN jalali_days j ON j.day = (l.created_at AT TIME ZONE z)::date
	JOIN work_calendar dc ON dc.day = j.day
	JOIN jalali_days s ON s.day = (letter_settled_at(l.status, l.decided_at,
	    l.responded_at, l.response_due) AT TIME ZONE z)::date
	LEFT JOIN work_calendar dd ON dd.day = (l.decided_at AT TIME ZONE z)::date
	LEFT JOIN work_calendar dr ON dr.day = (l.responded_at AT TIME ZONE z)::date
	    AND l.status = 'approved'
	WHERE letter_settled_at(l.status, l.decided_at, l.responded_at, l.response_due) IS NOT NULL
	GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
	SELECT coalesce(sum(c.n), 0) INTO total FROM report_cells c;
	RETURN total;
END
$$;

-- The calendar's triggers (024) rebuild the cells after the calendar; the
-- office's time zone moves every letter's dates.
CREATE OR REPLACE FUNCTION work_calendar_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	PERFORM work_calendar_build();
	PERFORM report_cells_rebuild();
	RETURN NULL;
END
$$;
CREATE FUNCTION report_cells_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	PERFORM report_cells_rebuild();
	RETURN NULL;
END
$$;
CREATE TRIGGER time_zone_changed AFTER UPDATE OF value ON settings
    FOR EACH ROW WHEN (NEW.key = 'time_zone' AND NEW.value IS DISTINCT FROM OLD.value)
    EXECUTE FUNCTION report_cells_changed();

SELECT report_cells_rebuild();
ANALYZE report_cells;

-- 028's report, the same rows, from the cells and the few letters they
-- cannot stand for (see the top).
CREATE OR REPLACE FUNCTION service_report(p_from date, p_to date, p_unit text)
RETURNS TABLE (unit_code text, unit_fa text, unit_en text, jy integer,
    jm integer, received bigint, approved bigint, rejected bigint, open bigint,
    decision_median integer, decision_p90 integer, response_median integer,
    response_p90 integer, decided_within bigint, decided_counted bigint,
    answered_within bigint, answered_counted bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pishkhan, pg_catalog, pg_temp
-- The planner cannot know that each letter meets one calendar day, and
-- would spend seconds compiling the query for billions of rows.  The
-- letters it reads one by one are a few scattered pages: workers in
-- parallel only contend for them (measured slower on two cores).  The
-- cells sort in memory.
SET jit = off
SET max_parallel_workers_per_gather = 0
SET work_mem = '64MB' AS $$
#variable_conflict use_column
DECLARE
	z text := office_zone();
	t0 timestamptz;
	t1 timestamptz;
	as_of timestamptz;
	uid integer;
	f0 date;	-- the first month the period covers whole (its first day)
	f1 date;	-- the first day after the last one
	tf0 timestamptz;
	tf1 timestamptz;
	m0 date;	-- the first day of "as of"'s month
	tm0 timestamptz;
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

	-- The months wholly inside the period; none: f0 = f1.
	SELECT min(j.day) INTO f0 FROM jalali_days j
	WHERE j.day = j.first AND j.day >= coalesce(p_from, '-infinity');
	SELECT max(j.day) + 1 INTO f1 FROM jalali_days j
	WHERE j.day >= f0 AND j.day <= coalesce(p_to, 'infinity')
	AND NOT EXISTS (SELECT 1 FROM jalali_days k WHERE k.day = j.day + 1
	    AND k.first = j.first);
	IF f0 IS NULL OR f1 IS NULL OR f1 <= f0 THEN
		f0 := NULL;
		f1 := NULL;
		tf0 := t0;
		tf1 := t0;
	ELSE
		tf0 := f0::timestamp AT TIME ZONE z;
		tf1 := f1::timestamp AT TIME ZONE z;
	END IF;
	-- Cells settled before "as of"'s month are settled before "as of".
	-- Past the calendar's years every cell is; before them none.
	SELECT j.first INTO m0 FROM jalali_days j
	WHERE j.day = (as_of AT TIME ZONE z)::date;
	IF m0 IS NULL THEN
		m0 := CASE WHEN as_of < '2001-03-21' THEN '2001-03-21'::date
		    ELSE (SELECT max(j.day) + 1 FROM jalali_days j) END;
	END IF;
	tm0 := m0::timestamp AT TIME ZONE z;

	RETURN QUERY
	-- The letters the cells do not stand for: arrived in a month the
	-- period covers in part (before the first whole month, after the
	-- last: every status named, so that letters_status_created serves
	-- the range), or not settled before "as of"'s month.
	WITH live AS (
		SELECT l.created_at, l.unit_id, l.status, l.decided_at,
		    l.responded_at, l.decision_due, l.response_due
		FROM letters l
		WHERE l.created_at >= t0 AND l.created_at < tf0
		AND l.status = ANY (enum_range(NULL::letter_status))
		AND (uid IS NULL OR l.unit_id = uid)
		UNION ALL
		SELECT l.created_at, l.unit_id, l.status, l.decided_at,
		    l.responded_at, l.decision_due, l.response_due
		FROM letters l
		WHERE l.created_at >= tf1 AND l.created_at < t1
		AND l.status = ANY (enum_range(NULL::letter_status))
		AND (uid IS NULL OR l.unit_id = uid)
		UNION ALL
		SELECT l.created_at, l.unit_id, l.status, l.decided_at,
		    l.responded_at, l.decision_due, l.response_due
		FROM letters l
		WHERE l.created_at >= tf0 AND l.created_at < tf1
		AND letter_settled_at(l.status, l.decided_at, l.responded_at, l.response_due) IS NULL
		AND (uid IS NULL OR l.unit_id = uid)
		UNION ALL
		SELECT l.created_at, l.unit_id, l.status, l.decided_at,
		    l.responded_at, l.decision_due, l.response_due
		FROM letters l
		WHERE l.created_at >= tf0 AND l.created_at < tf1
		AND letter_settled_at(l.status, l.decided_at, l.responded_at, l.response_due) >= tm0
		AND (uid IS NULL OR l.unit_id = uid)),
	-- Into a histogram: per unit, month and pair of (decision, response)
	-- working days, the counts; the cells' counts beside them.  The rest
	-- works on these few thousand rows.
	base AS (
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
		FROM live l
		JOIN jalali_days j ON j.day = (l.created_at AT TIME ZONE z)::date
		JOIN work_calendar dc ON dc.day = j.day
		LEFT JOIN work_calendar dd ON dd.day = (l.decided_at AT TIME ZONE z)::date
		    AND l.decided_at < as_of
		LEFT JOIN work_calendar dr ON dr.day = (l.responded_at AT TIME ZONE z)::date
		    AND l.responded_at < as_of AND l.status = 'approved'
		GROUP BY 1, 2, 3, 4, 5
		UNION ALL
		SELECT rc.unit_id, j.jy, j.jm, rc.dwd, rc.rwd,
		    sum(rc.n)::bigint,
		    (sum(rc.n) FILTER (WHERE rc.approved))::bigint,
		    (sum(rc.n) FILTER (WHERE NOT rc.approved))::bigint,
		    0::bigint,
		    (sum(rc.n) FILTER (WHERE rc.dwin))::bigint,
		    sum(rc.n)::bigint,
		    (sum(rc.n) FILTER (WHERE rc.approved AND rc.rwin))::bigint,
		    (sum(rc.n) FILTER (WHERE rc.approved))::bigint
		FROM report_cells rc
		JOIN jalali_days j ON j.day = rc.month
		WHERE rc.month >= f0 AND rc.month < f1 AND rc.settled < m0
		AND (uid IS NULL OR rc.unit_id = uid)
		GROUP BY 1, 2, 3, 4, 5),
	-- The counts of each row of the report: 0 stands for "every".
	c AS (
		SELECT coalesce(b.unit_id, 0) AS u, coalesce(b.jy, 0) AS y,
		    coalesce(b.jm, 0) AS m, grouping(b.unit_id) AS gu,
		    grouping(b.jy, b.jm) AS gm,
		    sum(b.received)::bigint AS received,
		    coalesce(sum(b.approved), 0)::bigint AS approved,
		    coalesce(sum(b.rejected), 0)::bigint AS rejected,
		    sum(b.open)::bigint AS open,
		    coalesce(sum(b.dwin), 0)::bigint AS dwin,
		    sum(b.dcnt)::bigint AS dcnt,
		    coalesce(sum(b.rwin), 0)::bigint AS rwin,
		    coalesce(sum(b.rcnt), 0)::bigint AS rcnt
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
