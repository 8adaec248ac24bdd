-- 007_console.sql — what pishkhan-console(1) reads: the queue of letters
-- with its filters and search, paged by key (created_at, id), never OFFSET.
--
-- console_letters is a plain SQL function (SECURITY INVOKER, no SET
-- clause), so PostgreSQL inlines it into the console's query: the filters
-- become constants, the keyset condition reaches the index, and row-level
-- security applies to the caller (a unit member sees only their unit's
-- approved letters, a clerk everything).

SET LOCAL search_path = pishkhan, pg_catalog;

-- The staff member at the keyboard: nothing for a login that is not active
-- staff.
CREATE FUNCTION console_me(OUT login text, OUT display_name text,
    OUT is_clerk boolean, OUT is_unit boolean, OUT is_admin boolean,
    OUT unit_id integer, OUT unit_code text, OUT unit_fa text, OUT unit_en text)
RETURNS SETOF record
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT s.login, s.display_name, s.is_clerk, s.is_unit, s.is_admin,
	    s.unit_id, u.code, u.name_fa, u.name_en
	FROM staff s LEFT JOIN units u ON u.id = s.unit_id
	WHERE s.login = session_user AND s.active
$$;

-- Letters of one status, filtered by unit, a date range (office dates,
-- inclusive) and a search over subject, sender, mobile number, tracking
-- number and letter number (digits in any script).  NULL filters match all.
CREATE FUNCTION console_letters(p_status letter_status, p_unit integer,
    p_from date, p_to date, p_search text)
RETURNS TABLE (id bigint, created_at timestamptz, sender_name text,
    mobile text, unit_code text, subject text, status letter_status,
    letter_no text, tracking_no text)
LANGUAGE sql STABLE AS $$
	SELECT l.id, l.created_at, l.sender_name, c.mobile, u.code, l.subject,
	    l.status, l.letter_no, l.tracking_no
	FROM pishkhan.letters l
	LEFT JOIN pishkhan.units u ON u.id = l.unit_id
	LEFT JOIN pishkhan.citizens c ON c.id = l.citizen_id
	WHERE l.status = p_status
	AND (p_unit IS NULL OR l.unit_id = p_unit)
	AND (p_from IS NULL OR l.created_at >= (p_from::timestamp AT TIME ZONE
	    coalesce(pishkhan.setting('time_zone'), 'Asia/Tehran')))
	AND (p_to IS NULL OR l.created_at < ((p_to + 1)::timestamp AT TIME ZONE
	    coalesce(pishkhan.setting('time_zone'), 'Asia/Tehran')))
	AND (p_search IS NULL
	    OR l.subject ILIKE '%' || replace(replace(replace(p_search,
		'\', '\\'), '%', '\%'), '_', '\_') || '%'
	    OR l.sender_name ILIKE '%' || replace(replace(replace(p_search,
		'\', '\\'), '%', '\%'), '_', '\_') || '%'
	    OR l.tracking_no = pishkhan.ascii_digits(p_search)
	    OR l.letter_no = pishkhan.ascii_digits(p_search)
	    OR (pishkhan.ascii_digits(p_search) ~ '^[0-9]{4,}$'
		AND c.mobile LIKE '%' || ltrim(pishkhan.ascii_digits(p_search), '0')))
$$;

-- The same keyset index serves every status, not only 'review'.
CREATE INDEX IF NOT EXISTS letters_console_unit
    ON letters (status, unit_id, created_at, id);

GRANT EXECUTE ON FUNCTION console_me(), console_letters(letter_status,
    integer, date, date, text)
    TO pishkhan_clerk, pishkhan_unit, pishkhan_admin;

-- A moment as the office reads it: Jalali date and time, "1401/02/05 10:00".
CREATE FUNCTION console_when(t timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT pishkhan.jalali((t AT TIME ZONE tz)::date) || ' '
	    || to_char(t AT TIME ZONE tz, 'HH24:MI')
	FROM coalesce(pishkhan.setting('time_zone'), 'Asia/Tehran') tz
$$;
GRANT EXECUTE ON FUNCTION console_when(timestamptz)
    TO pishkhan_clerk, pishkhan_unit, pishkhan_admin;
