-- 016_office_zone.sql — the office's time zone is read from its setting
-- (005's time_zone row) and nowhere else: office_zone() says it, and every
-- function that turned a moment into an office date or time with a zone of
-- its own to fall back on asks it instead.  Each is otherwise as its last
-- definition (003, 007, 012) wrote it.

SET LOCAL search_path = pishkhan, pg_catalog;

-- The office's time zone.  The row cannot be deleted but by the schema's
-- owner; without it no office date can be right, so it is an error rather
-- than a guess.  No SET clause and qualified names: console_letters and
-- console_when call it once a row.
CREATE FUNCTION office_zone() RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
	z text := pishkhan.setting('time_zone');
BEGIN
	IF z IS NULL THEN
		RAISE EXCEPTION 'the setting time_zone is missing' USING ERRCODE = 'P0002',
		    HINT = 'insert it again: see sql/005_defaults.sql';
	END IF;
	RETURN z;
END
$$;

-- 003: today in the office's time zone.
CREATE OR REPLACE FUNCTION office_today() RETURNS date
LANGUAGE sql STABLE SET search_path = pishkhan, pg_catalog, pg_temp
AS $$ SELECT (now() AT TIME ZONE office_zone())::date $$;

-- 003: the placeholders of a letter, in the citizen's language.
CREATE OR REPLACE FUNCTION letter_sms_params(l letters) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT jsonb_build_object(
	    'letter_no', l.letter_no,
	    'tracking_no', l.tracking_no,
	    'subject', l.subject,
	    'unit', CASE c.lang WHEN 'en' THEN u.name_en ELSE u.name_fa END,
	    'date', CASE c.lang
		WHEN 'en' THEN jalali(d) || ' (' || to_char(d, 'YYYY-MM-DD') || ')'
		ELSE jalali(d) END)
	FROM citizens c, units u,
	    LATERAL (SELECT coalesce(l.letter_date,
		(coalesce(l.decided_at, now()) AT TIME ZONE office_zone())::date) AS d) dd
	WHERE c.id = l.citizen_id AND u.id = l.unit_id
$$;

-- 003: a decided letter cannot be decided again; the error says by whom
-- and when (the Jalali date in the office's time zone).
CREATE OR REPLACE FUNCTION letter_require_review(l letters) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	IF l.status <> 'review' THEN
		RAISE EXCEPTION 'letter % was already % by % at %', l.id, l.status,
		    l.decided_by, to_char(l.decided_at, 'YYYY-MM-DD HH24:MI:SS OF')
		    USING ERRCODE = 'PK409',
		    DETAIL = json_build_object('status', l.status,
			'decided_by', l.decided_by, 'decided_at', l.decided_at,
			'jalali', jalali((l.decided_at AT TIME ZONE office_zone())::date))::text;
	END IF;
END
$$;

-- 007: the console's queue.  Still plain SQL with no SET clause, so it is
-- inlined into the console's query (see 007).
CREATE OR REPLACE FUNCTION console_letters(p_status letter_status, p_unit integer,
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
	    pishkhan.office_zone()))
	AND (p_to IS NULL OR l.created_at < ((p_to + 1)::timestamp AT TIME ZONE
	    pishkhan.office_zone()))
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

-- 007: a moment as the office reads it, "1401/02/05 10:00".
CREATE OR REPLACE FUNCTION console_when(t timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT pishkhan.jalali((t AT TIME ZONE tz)::date) || ' '
	    || to_char(t AT TIME ZONE tz, 'HH24:MI')
	FROM pishkhan.office_zone() tz
$$;

-- 012: when a citizen may submit again, in the office's time zone.
CREATE OR REPLACE FUNCTION web_letter_limit(p_citizen bigint, p_bytes bigint, p_token text)
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT CASE WHEN n = 'infinity' THEN 'never'
	    ELSE to_char(date_trunc('minute', (n + interval '59.999999 seconds')
		AT TIME ZONE office_zone()),
		'YYYY-MM-DD HH24:MI') END
	FROM citizen_limit_next(p_citizen, 1, greatest(p_bytes, 0)) n
	WHERE NOT EXISTS (SELECT 1 FROM letters
	    WHERE citizen_id = p_citizen AND submit_token = p_token)
$$;

-- 012: lift a citizen's limit; a time is read in the office's time zone.
CREATE OR REPLACE FUNCTION citizen_limit_lift(p_mobile text, p_until text, p_note text)
RETURNS timestamptz
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	c bigint;
	u timestamptz;
	w text := btrim(ascii_digits(p_until));
BEGIN
	PERFORM require_admin();
	SELECT id INTO c FROM citizens WHERE mobile = p_mobile;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'citizen ''%'' not found', p_mobile USING ERRCODE = 'PK404';
	END IF;
	IF w IS NOT NULL THEN
		BEGIN
			u := now() + w::interval;
		EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow
		    OR interval_field_overflow THEN
			BEGIN
				u := w::timestamp AT TIME ZONE office_zone();
			EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
				RAISE EXCEPTION 'cannot read ''%'' as a duration or a time', p_until
				    USING ERRCODE = '22007',
				    HINT = 'give a duration such as ''2 days'' or a time such as '
					'''2026-12-01 08:00'' (the office''s time zone)';
			END;
		END;
		IF u <= now() THEN
			RAISE EXCEPTION '''%'' is not in the future', p_until
			    USING ERRCODE = '22007';
		END IF;
	END IF;
	INSERT INTO citizen_limit_lifts (citizen_id, until, note)
	VALUES (c, u, clean_line(p_note));
	RETURN u;
END
$$;

-- Whoever may call setting() may call office_zone(); the web's and the SMS
-- daemon's functions reach it as their definer.
GRANT EXECUTE ON FUNCTION office_zone() TO pishkhan_clerk, pishkhan_unit, pishkhan_admin;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
