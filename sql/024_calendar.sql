-- 024_calendar.sql — the office's working days (issue 14): weekly rest
-- days (a setting), the fixed solar holidays of the official calendar
-- (built in), the lunar and other holidays an administrator imports (they
-- move every year and are announced officially), and the two functions a
-- service level needs: the working days between two instants and the
-- instant N working days after another, both in the office's time zone.
--
-- The days are kept worked out in work_calendar: one row a day from
-- 1380/01/01 to 1450/12/29 with whether it is a working day and how many
-- working days the table holds up to and including it.  A count of working
-- days is then a subtraction, and a report over a million letters a join,
-- not a loop a letter.  The table is rebuilt (about 25 thousand rows) when
-- a holiday or the rest days change; outside its years the functions
-- return NULL.
--
-- The meaning, which the console, the web and the reports share:
--   * a working day is one that is neither a rest day nor a holiday;
--   * working_days_between(a, b) counts the working days after a's office
--     date up to and including b's: a letter that came on Saturday has
--     waited 0 working days that Saturday and 1 on Sunday;
--   * working_days_after(t, n) is the end (the next midnight, office time)
--     of the n-th working day after t's office date: a letter that came on
--     Saturday with a level of 2 is due by the end of Monday; one that came
--     on a Friday (a rest day), by the end of Sunday.  n = 0: the end of
--     t's own day.

SET LOCAL search_path = pishkhan, pg_catalog;

INSERT INTO settings (key, value, doc) VALUES
('rest_days', 'fri',
    'the weekly rest days, comma-separated: sat, sun, mon, tue, wed, thu, fri '
    '(such as fri, or thu,fri); at least one day of the week must be a working day')
ON CONFLICT (key) DO NOTHING;

ALTER TABLE settings ADD CONSTRAINT settings_rest_days CHECK (
    key <> 'rest_days'
    OR value ~ '^(sat|sun|mon|tue|wed|thu|fri)(,(sat|sun|mon|tue|wed|thu|fri)){0,5}$');

-- The holidays that are not fixed: the lunar ones (Tasua, Ashura, Eid
-- al-Fitr, ...) and any the government declares.  One row a day; a day
-- that is already a fixed holiday or a rest day may be listed as well
-- (it changes nothing, but the list reads as the official one).
CREATE TABLE holidays (
	day		date PRIMARY KEY,
	name		text NOT NULL
			    CHECK (length(btrim(name)) BETWEEN 1 AND 200
				AND name !~ '[\x01-\x1f]'),
	added_by	text NOT NULL DEFAULT session_user,
	added_at	timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON holidays FROM PUBLIC;

-- The fixed solar holidays, by Jalali month and day, with their names.
CREATE FUNCTION fixed_holidays(OUT jm integer, OUT jd integer,
    OUT name_fa text, OUT name_en text)
RETURNS SETOF record
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	VALUES (1, 1, 'عید نوروز', 'Nowruz'),
	    (1, 2, 'عید نوروز', 'Nowruz'),
	    (1, 3, 'عید نوروز', 'Nowruz'),
	    (1, 4, 'عید نوروز', 'Nowruz'),
	    (1, 12, 'روز جمهوری اسلامی', 'Islamic Republic Day'),
	    (1, 13, 'روز طبیعت', 'Nature Day'),
	    (3, 14, 'رحلت امام خمینی', 'Death of Imam Khomeini'),
	    (3, 15, 'قیام ۱۵ خرداد', 'Revolt of 15 Khordad'),
	    (11, 22, 'پیروزی انقلاب اسلامی', 'Victory of the Islamic Revolution'),
	    (12, 29, 'ملی شدن صنعت نفت', 'Nationalisation of the oil industry')
$$;

-- The rest days as ISO weekdays (1 Monday .. 7 Sunday).
CREATE FUNCTION rest_isodows() RETURNS integer[]
LANGUAGE sql STABLE AS $$
	SELECT coalesce(array_agg(CASE d WHEN 'mon' THEN 1 WHEN 'tue' THEN 2
	    WHEN 'wed' THEN 3 WHEN 'thu' THEN 4 WHEN 'fri' THEN 5
	    WHEN 'sat' THEN 6 WHEN 'sun' THEN 7 END), '{}')
	FROM regexp_split_to_table(coalesce(pishkhan.setting('rest_days'), 'fri'), ',') d
$$;

CREATE TABLE work_calendar (
	day		date PRIMARY KEY,
	working		boolean NOT NULL,
	-- working days in the table up to and including this day
	n		integer NOT NULL
);
-- The n-th working day: working_days_after's lookup.
CREATE UNIQUE INDEX work_calendar_nth ON work_calendar (n) WHERE working;
REVOKE ALL ON work_calendar FROM PUBLIC;

-- Work the calendar out again from the rest days, the fixed holidays and
-- the holidays table.  Called by the triggers below; one rebuild at a time.
-- The days are counted as dates: a series of timestamps with time zone, in
-- a session in Tehran's zone, met a midnight its old daylight saving
-- skipped, went on at 01:00 and lost the last day.
CREATE FUNCTION work_calendar_build() RETURNS void
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

CREATE FUNCTION work_calendar_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	PERFORM work_calendar_build();
	RETURN NULL;
END
$$;
CREATE TRIGGER holidays_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON holidays FOR EACH STATEMENT EXECUTE FUNCTION work_calendar_changed();
CREATE TRIGGER rest_days_changed AFTER UPDATE OF value ON settings
    FOR EACH ROW WHEN (NEW.key = 'rest_days' AND NEW.value IS DISTINCT FROM OLD.value)
    EXECUTE FUNCTION work_calendar_changed();

SELECT work_calendar_build();

-- An instant's date in the office's time zone.
CREATE FUNCTION office_date(t timestamptz) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
RETURN (t AT TIME ZONE pishkhan.office_zone())::date;

-- Whether a date is a working day (NULL outside the calendar's years).
CREATE FUNCTION is_working_day(d date) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN (SELECT w.working FROM pishkhan.work_calendar w WHERE w.day = d);

-- The working days after a's office date up to and including b's;
-- negative when b is before a.  Plain SQL, so a query's planner inlines it.
CREATE FUNCTION working_days_between(a timestamptz, b timestamptz)
RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE AS $$
	SELECT (SELECT w.n FROM pishkhan.work_calendar w
		WHERE w.day = pishkhan.office_date(b))
	    - (SELECT w.n FROM pishkhan.work_calendar w
		WHERE w.day = pishkhan.office_date(a))
$$;

-- The end (the next office midnight) of the n-th working day after t's
-- office date; of t's own day for n = 0.
CREATE FUNCTION working_days_after(t timestamptz, days integer)
RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
	SELECT ((CASE WHEN days <= 0 THEN pishkhan.office_date(t)
	    ELSE (SELECT x.day FROM pishkhan.work_calendar x
		WHERE x.working AND x.n = (SELECT w.n FROM pishkhan.work_calendar w
		    WHERE w.day = pishkhan.office_date(t)) + days) END)
	    + 1)::timestamp AT TIME ZONE pishkhan.office_zone()
$$;

-- A due instant's office date: the last day on which it is not yet late.
CREATE FUNCTION due_date(due timestamptz) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
RETURN pishkhan.office_date(due - interval '1 microsecond');

-- Where something due at `due` stands at `at`: 'done' (at done, in time),
-- 'done_late', 'on_time', 'due_today' (its last day is today) or 'late'.
CREATE FUNCTION due_state(due timestamptz, done timestamptz DEFAULT NULL,
    at timestamptz DEFAULT now())
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
	SELECT CASE
	    WHEN due IS NULL THEN NULL
	    WHEN done IS NOT NULL THEN
		CASE WHEN done < due THEN 'done' ELSE 'done_late' END
	    WHEN at >= due THEN 'late'
	    WHEN pishkhan.office_date(at) >= pishkhan.due_date(due) THEN 'due_today'
	    ELSE 'on_time' END
$$;

-- The holidays of a Jalali year (NULL: this year, office time): the fixed
-- ones and the imported ones, in order, with whether the day is a rest day
-- anyway.
CREATE FUNCTION holidays_of(p_jy integer)
RETURNS TABLE (day date, jalali text, name text, fixed boolean, rest_day boolean)
LANGUAGE sql STABLE SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	WITH y AS (SELECT coalesce(p_jy, (jalali_parts(office_today())).jy) AS jy),
	a AS (SELECT gregorian_from_jalali(y.jy, f.jm, f.jd) AS day,
		f.name_fa AS name, true AS fixed
	    FROM y, fixed_holidays() f
	    UNION ALL
	    SELECT h.day, h.name, false FROM holidays h, y
	    WHERE (jalali_parts(h.day)).jy = y.jy)
	SELECT a.day, jalali(a.day), a.name, a.fixed,
	    extract(isodow FROM a.day)::integer = ANY (rest_isodows())
	FROM a ORDER BY a.day, a.fixed DESC
$$;

-- Add or rename a holiday (an admin's); true when it was new.
CREATE FUNCTION holiday_add(p_day date, p_name text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	fresh boolean;
BEGIN
	PERFORM require_admin();
	IF is_working_day(p_day) IS NULL THEN
		RAISE EXCEPTION 'the calendar covers 1380/01/01 to 1450/12/29 only'
		    USING ERRCODE = '22008';
	END IF;
	INSERT INTO holidays AS h (day, name) VALUES (p_day, btrim(p_name))
	ON CONFLICT (day) DO UPDATE SET name = EXCLUDED.name
	    WHERE h.name IS DISTINCT FROM EXCLUDED.name
	RETURNING (xmax = 0) INTO fresh;
	RETURN coalesce(fresh, false);
END
$$;

-- Many at once, in one statement (so the calendar is worked out once):
-- days and names as two arrays.  Returns how many were new and how many
-- renamed; a day already listed with the same name changes nothing.
CREATE FUNCTION holidays_import(p_days date[], p_names text[],
    OUT added integer, OUT renamed integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	PERFORM require_admin();
	IF cardinality(p_days) IS DISTINCT FROM cardinality(p_names) THEN
		RAISE EXCEPTION 'as many names as days are needed' USING ERRCODE = '22023';
	END IF;
	IF EXISTS (SELECT 1 FROM unnest(p_days) d WHERE is_working_day(d) IS NULL) THEN
		RAISE EXCEPTION 'the calendar covers 1380/01/01 to 1450/12/29 only'
		    USING ERRCODE = '22008';
	END IF;
	WITH i AS (
		INSERT INTO holidays AS h (day, name)
		SELECT DISTINCT ON (d) d, btrim(n) FROM unnest(p_days, p_names) u(d, n)
		ORDER BY d
		ON CONFLICT (day) DO UPDATE SET name = EXCLUDED.name
		    WHERE h.name IS DISTINCT FROM EXCLUDED.name
		RETURNING (xmax = 0) AS fresh)
	SELECT count(*) FILTER (WHERE fresh), count(*) FILTER (WHERE NOT fresh)
	INTO added, renamed FROM i;
END
$$;

-- Remove an imported holiday; false when there was none that day.  The
-- fixed ones cannot be removed.
CREATE FUNCTION holiday_remove(p_day date) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	PERFORM require_admin();
	DELETE FROM holidays WHERE day = p_day;
	RETURN FOUND;
END
$$;

GRANT SELECT ON work_calendar, holidays
    TO pishkhan_clerk, pishkhan_unit, pishkhan_admin;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
GRANT EXECUTE ON FUNCTION office_date(timestamptz), is_working_day(date),
    working_days_between(timestamptz, timestamptz),
    working_days_after(timestamptz, integer), due_date(timestamptz),
    due_state(timestamptz, timestamptz, timestamptz), rest_isodows(),
    fixed_holidays(), holidays_of(integer)
    TO pishkhan_clerk, pishkhan_unit, pishkhan_admin;
GRANT EXECUTE ON FUNCTION holiday_add(date, text), holidays_import(date[], text[]),
    holiday_remove(date)
    TO pishkhan_admin;
