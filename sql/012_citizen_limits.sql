-- 012_citizen_limits.sql — how much one citizen may submit: letters and
-- bytes of files in any hour and in any 24 hours (issue 9, item 4), and an
-- administrator's way to see and lift a citizen's limit.
--
-- One logged-in citizen could submit hundreds of letters a minute, each
-- with two large files, and letters are never deleted.  The limits are
-- settings (0: no limit); the rule is kept here, in the submitting
-- transaction: web_letter_submit counts letters with the citizen's row
-- locked, so two submissions at once cannot both slip past, and a trigger
-- on files counts bytes however the files arrive.  A refusal is SQLSTATE
-- PK429 with the moment the citizen may submit again in its DETAIL.

SET LOCAL search_path = pishkhan, pg_catalog;

-- A person writes a few letters a day; an office writing for its clients
-- perhaps a few dozen.  Ten an hour and thirty a day leave room for both;
-- a letter's two files are at most 2 x max_file_size (10 MiB by default),
-- and a scan is usually far smaller: 100 MiB an hour and 300 MiB a day.
-- The worst a citizen can store is then 300 MiB a day, not hundreds of
-- gigabytes an hour.
INSERT INTO settings (key, value, doc) VALUES
('letters_per_hour', '10',
    'letters one citizen may submit in any hour; 0: no limit'),
('letters_per_day', '30',
    'letters one citizen may submit in any 24 hours; 0: no limit'),
('bytes_per_hour', '104857600',
    'bytes of files one citizen may submit in any hour (104857600 = 100 MiB); 0: no limit'),
('bytes_per_day', '314572800',
    'bytes of files one citizen may submit in any 24 hours (314572800 = 300 MiB); 0: no limit')
ON CONFLICT (key) DO NOTHING;

ALTER TABLE settings ADD CONSTRAINT settings_limits CHECK (
    key NOT IN ('letters_per_hour', 'letters_per_day', 'bytes_per_hour', 'bytes_per_day')
    OR value ~ '^(0|[1-9][0-9]{0,14})$');

-- Lifting a citizen's limit, by an administrator: counting starts afresh at
-- `at` (what was submitted before no longer counts), and with `until`
-- there is no limit at all until then.  Kept for good: the rows are the
-- record of who lifted whose limit, when and why.
CREATE TABLE citizen_limit_lifts (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	citizen_id	bigint NOT NULL REFERENCES citizens,
	at		timestamptz NOT NULL DEFAULT now(),
	until		timestamptz,
	lifted_by	text NOT NULL DEFAULT session_user,
	note		text CHECK (length(note) <= 500),
	CONSTRAINT citizen_limit_lifts_until CHECK (until IS NULL OR until > at)
);
CREATE INDEX citizen_limit_lifts_citizen ON citizen_limit_lifts (citizen_id, at DESC);

CREATE FUNCTION citizen_limit_lifts_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'citizen_limit_lifts is an append-only record'
	    USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER citizen_limit_lifts_no_change BEFORE UPDATE OR DELETE ON citizen_limit_lifts
    FOR EACH ROW EXECUTE FUNCTION citizen_limit_lifts_append_only();
CREATE TRIGGER citizen_limit_lifts_no_truncate BEFORE TRUNCATE ON citizen_limit_lifts
    FOR EACH STATEMENT EXECUTE FUNCTION citizen_limit_lifts_append_only();

-- clean_line (003) collapsed blanks but kept controls, bidi overrides and
-- isolates, and any space but U+00A0 and ASCII ones: the same cleaning as
-- the programs' u8_clean_line (common/u8.h), for every caller.  A value
-- with nothing visible (spaces, joiners, format characters, marks) is NULL.
CREATE OR REPLACE FUNCTION clean_line(s text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
	r text;
BEGIN
	-- controls, LRM/RLM/ALM, embeddings, overrides, isolates, invisibles
	r := regexp_replace(s, '[\u0001-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f'
	    '\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]', '', 'g');
	-- every kind of space: one U+0020; no space or joiner at either end
	r := regexp_replace(r, '[\u0009-\u000d\u0020\u0085\u00a0\u1680'
	    '\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g');
	r := regexp_replace(r, '^[\u200c\u200d ]+|[\u200c\u200d ]+$', '', 'g');
	-- nothing visible left (joiners and marks alone)
	IF r !~ '[^\u200c\u200d\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]' THEN
		RETURN NULL;
	END IF;
	RETURN r;
END
$$;

CREATE FUNCTION setting_count(p_key text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp
AS $$ SELECT coalesce((SELECT value::bigint FROM settings WHERE key = p_key), 0) $$;

-- Where counting starts for a citizen: the last lift, or never.
CREATE FUNCTION citizen_limit_since(p_citizen bigint) RETURNS timestamptz
LANGUAGE sql STABLE SET search_path = pishkhan, pg_catalog, pg_temp
AS $$ SELECT coalesce(max(at), '-infinity') FROM citizen_limit_lifts
    WHERE citizen_id = p_citizen $$;

-- What one citizen submitted after p_from: letters, or bytes of their own
-- files (main and attachment; not the staff's responses), one row a
-- letter, oldest first.
CREATE FUNCTION citizen_submitted(p_citizen bigint, p_from timestamptz,
    p_bytes boolean) RETURNS TABLE (at timestamptz, id bigint, amount bigint)
LANGUAGE sql STABLE SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT l.created_at, l.id, CASE WHEN p_bytes THEN coalesce((SELECT sum(f.size)
	    FROM files f WHERE f.letter_id = l.id AND f.kind IN ('main', 'attachment')), 0)
	    ELSE 1 END
	FROM letters l
	WHERE l.citizen_id = p_citizen
	AND l.created_at > greatest(p_from, (SELECT citizen_limit_since(p_citizen)))
	ORDER BY l.created_at, l.id
$$;

-- NULL when the citizen may submit p_letters more letters holding p_bytes
-- more bytes now; else the earliest moment they may, when enough of what
-- was counted has left each window ('infinity': never, the files alone
-- are over a limit).  No limit while a lift's `until` is ahead.  PL/pgSQL
-- so that its plans are kept between calls: it runs for every letter and
-- every file.
CREATE FUNCTION citizen_limit_next(p_citizen bigint, p_letters bigint,
    p_bytes bigint) RETURNS timestamptz
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	since timestamptz;
	lim bigint;
	more bigint;
	n timestamptz;
	worst timestamptz;
	w record;
BEGIN
	IF EXISTS (SELECT 1 FROM citizen_limit_lifts
	    WHERE citizen_id = p_citizen AND until > now()) THEN
		RETURN NULL;
	END IF;
	SELECT coalesce(max(at), '-infinity') INTO since FROM citizen_limit_lifts
	WHERE citizen_id = p_citizen;
	FOR w IN SELECT v.win, v.bytes, coalesce(s.value::bigint, 0) AS lim
	    FROM (VALUES ('letters_per_hour', interval '1 hour', false),
		('letters_per_day', interval '1 day', false),
		('bytes_per_hour', interval '1 hour', true),
		('bytes_per_day', interval '1 day', true)) v(key, win, bytes)
	    LEFT JOIN settings s ON s.key = v.key LOOP
		lim := w.lim;
		more := CASE WHEN w.bytes THEN p_bytes ELSE p_letters END;
		CONTINUE WHEN lim <= 0 OR more <= 0;
		IF more > lim THEN
			RETURN 'infinity';
		END IF;
		-- Oldest first, with a running sum: the first one whose leaving
		-- makes room says when.
		SELECT CASE WHEN coalesce(max(c.total), 0) + more <= lim THEN NULL
		    ELSE min(c.at) FILTER (WHERE c.total - c.cum + more <= lim) + w.win END
		INTO n
		FROM (SELECT x.at, sum(x.amount) OVER (ORDER BY x.at, x.id) AS cum,
			sum(x.amount) OVER () AS total
		    FROM (SELECT l.created_at AS at, l.id,
			    CASE WHEN w.bytes THEN coalesce((SELECT sum(f.size) FROM files f
				WHERE f.letter_id = l.id AND f.kind IN ('main', 'attachment')), 0)
			    ELSE 1 END AS amount
			FROM letters l
			WHERE l.citizen_id = p_citizen
			AND l.created_at > greatest(now() - w.win, since)) x) c;
		IF n IS NOT NULL AND (worst IS NULL OR n > worst) THEN
			worst := n;
		END IF;
	END LOOP;
	RETURN worst;
END
$$;

CREATE FUNCTION citizen_limit_refuse(p_next timestamptz) RETURNS void
LANGUAGE plpgsql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	RAISE EXCEPTION 'the citizen''s submission limit is reached'
	    USING ERRCODE = 'PK429',
	    DETAIL = CASE WHEN p_next = 'infinity' THEN 'infinity'
		ELSE to_char(p_next AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END,
	    HINT = 'pishkhanctl citizens show MOBILE says when; citizens lift lifts it';
END
$$;

-- For the web, before it takes a letter: NULL when this citizen may submit
-- a letter whose files hold p_bytes bytes, or already made the letter of
-- this form (p_token: a double click at the limit finds its letter); else
-- when they may, in the office's time zone and rounded up to the minute
-- ('YYYY-MM-DD HH24:MI'), or 'never' when the files alone are over a limit.
CREATE FUNCTION web_letter_limit(p_citizen bigint, p_bytes bigint, p_token text)
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT CASE WHEN n = 'infinity' THEN 'never'
	    ELSE to_char(date_trunc('minute', (n + interval '59.999999 seconds')
		AT TIME ZONE coalesce(setting('time_zone'), 'Asia/Tehran')),
		'YYYY-MM-DD HH24:MI') END
	FROM citizen_limit_next(p_citizen, 1, greatest(p_bytes, 0)) n
	WHERE NOT EXISTS (SELECT 1 FROM letters
	    WHERE citizen_id = p_citizen AND submit_token = p_token)
$$;

-- As in 003, and the limit: the citizen's row is locked first, so a second
-- submission waits for the first to end and then counts its letter.
CREATE OR REPLACE FUNCTION web_letter_submit(p_citizen bigint, p_sender text,
    p_unit_id integer, p_subject text, p_token text,
    OUT letter_id bigint, OUT created boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	next timestamptz;
BEGIN
	PERFORM 1 FROM citizens WHERE id = p_citizen FOR NO KEY UPDATE;
	SELECT id INTO letter_id FROM letters
	WHERE citizen_id = p_citizen AND submit_token = p_token;
	IF FOUND THEN
		created := false;
		RETURN;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM units WHERE id = p_unit_id AND active) THEN
		RAISE EXCEPTION 'no active unit %', p_unit_id USING ERRCODE = 'PK404';
	END IF;
	next := citizen_limit_next(p_citizen, 1, 0);
	IF next IS NOT NULL THEN
		PERFORM citizen_limit_refuse(next);
	END IF;
	INSERT INTO letters (citizen_id, sender_name, requested_unit_id, unit_id,
	    subject, submit_token)
	VALUES (p_citizen, clean_line(p_sender), p_unit_id, p_unit_id,
	    clean_line(p_subject), p_token)
	RETURNING id INTO letter_id;
	INSERT INTO letter_events (letter_id, kind, status_after, unit_id)
	VALUES (letter_id, 'submitted', 'review', p_unit_id);
	created := true;
END
$$;

-- The bytes: a citizen's file (main or attachment) is counted as it is
-- stored, and refused past the limit, whichever function stores it.  The
-- citizen's row is locked as in web_letter_submit.
CREATE FUNCTION files_citizen_limit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	c bigint;
	more bigint := octet_length(NEW.data);
	next timestamptz;
BEGIN
	IF TG_OP = 'UPDATE' THEN
		more := more - OLD.size;
	END IF;
	IF more <= 0 THEN
		RETURN NEW;
	END IF;
	SELECT citizen_id INTO c FROM letters WHERE id = NEW.letter_id;
	PERFORM 1 FROM citizens WHERE id = c FOR NO KEY UPDATE;
	next := citizen_limit_next(c, 0, more);
	IF next IS NOT NULL THEN
		PERFORM citizen_limit_refuse(next);
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER files_citizen_limit BEFORE INSERT OR UPDATE OF data ON files
    FOR EACH ROW WHEN (NEW.kind IN ('main', 'attachment'))
    EXECUTE FUNCTION files_citizen_limit();

-- For pishkhanctl citizens show: what a citizen submitted in the last hour
-- and day against the limits, since when it counts, any lift in force, and
-- when the next letter (with at least one byte) is allowed: NULL now.
CREATE FUNCTION citizen_limits(p_mobile text, OUT mobile text,
    OUT letters_hour bigint, OUT letters_per_hour bigint,
    OUT letters_day bigint, OUT letters_per_day bigint,
    OUT bytes_hour bigint, OUT bytes_per_hour bigint,
    OUT bytes_day bigint, OUT bytes_per_day bigint,
    OUT counted_since timestamptz, OUT exempt_until timestamptz,
    OUT next_allowed timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	c bigint;
BEGIN
	PERFORM require_admin();
	SELECT id, citizens.mobile INTO c, mobile FROM citizens
	WHERE citizens.mobile = p_mobile;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'citizen ''%'' not found', p_mobile USING ERRCODE = 'PK404';
	END IF;
	SELECT count(*), coalesce(sum(amount), 0)::bigint INTO letters_hour, bytes_hour
	FROM (SELECT b.amount FROM citizen_submitted(c, now() - interval '1 hour', true) b) s;
	SELECT count(*), coalesce(sum(amount), 0)::bigint INTO letters_day, bytes_day
	FROM (SELECT b.amount FROM citizen_submitted(c, now() - interval '1 day', true) b) s;
	letters_per_hour := setting_count('letters_per_hour');
	letters_per_day := setting_count('letters_per_day');
	bytes_per_hour := setting_count('bytes_per_hour');
	bytes_per_day := setting_count('bytes_per_day');
	counted_since := nullif(citizen_limit_since(c), '-infinity');
	SELECT max(until) INTO exempt_until FROM citizen_limit_lifts
	WHERE citizen_id = c AND until > now();
	next_allowed := citizen_limit_next(c, 1, 1);
END
$$;

-- Lift a citizen's limit: counting starts afresh now, and with p_until (a
-- duration such as '2 days', or a date and time in the office's time zone)
-- there is no limit until then.  Returns the lift's `until`.
CREATE FUNCTION citizen_limit_lift(p_mobile text, p_until text, p_note text)
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
				u := w::timestamp AT TIME ZONE
				    coalesce(setting('time_zone'), 'Asia/Tehran');
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

GRANT EXECUTE ON FUNCTION web_letter_limit(bigint, bigint, text) TO pishkhan_web;
GRANT EXECUTE ON FUNCTION citizen_limits(text), citizen_limit_lift(text, text, text)
    TO pishkhan_admin;
GRANT SELECT ON citizen_limit_lifts TO pishkhan_admin;

-- As 009_lockdown.sql: nothing here is executable by PUBLIC.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA pishkhan FROM PUBLIC;
