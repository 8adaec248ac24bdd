-- 026_due_for_citizens.sql — what a citizen is told of the service levels
-- (025): by when the letter's answer is expected, and that it is late when
-- it is.  The citizen's letter page and list ask web_letter_due (new); the
-- approval SMS may say the response's due date with {due}
-- (sms_placeholders and letter_sms_params, as 003 and 016 last wrote them,
-- each with 'due' added).
--
-- And 024's work_calendar_build, which lost the calendar's last day
-- (1450/12/29) when it ran in the office's zone: its series of timestamps
-- with time zone met a midnight that Tehran's old daylight saving skipped
-- and went on at 01:00, past the last day's midnight.  Days are counted as
-- dates now.

SET LOCAL search_path = pishkhan, pg_catalog;

-- 024: work the calendar out again from the rest days, the fixed holidays
-- and the holidays table; the days as dates, in any session's time zone.
CREATE OR REPLACE FUNCTION work_calendar_build() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	rest integer[] := rest_isodows();
	first date := gregorian_from_jalali(1380, 1, 1);
	last date := gregorian_from_jalali(1450, 12, 29);
BEGIN
	IF array_length(rest, 1) >= 7 THEN
		RAISE EXCEPTION 'every day of the week is a rest day'
		    USING ERRCODE = '23514';
	END IF;
	LOCK TABLE work_calendar IN EXCLUSIVE MODE;
	DELETE FROM work_calendar;
	INSERT INTO work_calendar (day, working, n)
	SELECT d, w, sum(w::integer) OVER (ORDER BY d)
	FROM (SELECT g.d,
		NOT (extract(isodow FROM g.d)::integer = ANY (rest)
		    OR EXISTS (SELECT 1 FROM holidays h WHERE h.day = g.d)
		    OR EXISTS (SELECT 1 FROM fixed_holidays() f, jalali_parts(g.d) p
			WHERE f.jm = p.jm AND f.jd = p.jd)) AS w
	    FROM generate_series(0, last - first) i,
		LATERAL (SELECT first + i AS d) g) days;
END
$$;

SELECT work_calendar_build();

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
