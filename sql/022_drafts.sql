-- 022_drafts.sql — a letter being written when its session ended (issue 13
-- item 5).  Its form still goes to the web, which finds the session ended:
-- the letter is not registered, but what was typed in it (the name, the
-- recipient, the subject; never files) is kept here for a while, keyed by
-- a random token that only that browser holds (a cookie, as its SHA-256
-- here), and given back once, after login, to the same citizen in the same
-- browser.  The web keeps a draft only for a form that passed its CSRF
-- check and came with the ended session's own token, so no one can put
-- words into another person's form.
--
--   * one draft per citizen: a newer one replaces the older;
--   * the fields are as bounded as a letter's (200 and 500 characters);
--   * a draft lives web.draft_ttl at most; the expired ones go whenever a
--     draft is kept or taken.

SET LOCAL search_path = pishkhan, pg_catalog;

CREATE TABLE web_drafts (
	id		bytea PRIMARY KEY CHECK (octet_length(id) = 32),
	citizen_id	bigint NOT NULL UNIQUE REFERENCES citizens ON DELETE CASCADE,
	sender_name	text NOT NULL CHECK (char_length(sender_name) <= 200),
	unit_id		integer CHECK (unit_id > 0),
	subject		text NOT NULL CHECK (char_length(subject) <= 500),
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL
);
CREATE INDEX web_drafts_expiry ON web_drafts (expires_at);
REVOKE ALL ON web_drafts FROM PUBLIC;

-- Keep the fields of a form sent with the ended session `p_session` under
-- the browser's new token `p_draft`, for `p_ttl` seconds.  False when the
-- session is unknown (never was, or gone): nothing is kept, since no one
-- could be sure to get it back.
CREATE FUNCTION web_draft_keep(p_session text, p_draft text, p_name text,
    p_unit integer, p_subject text, p_ttl integer)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	cit bigint;
BEGIN
	DELETE FROM web_drafts WHERE expires_at < now();
	SELECT citizen_id INTO cit FROM web_sessions WHERE id = web_token_hash(p_session);
	IF cit IS NULL OR web_token_hash(p_draft) IS NULL THEN
		RETURN false;
	END IF;
	INSERT INTO web_drafts (id, citizen_id, sender_name, unit_id, subject, expires_at)
	VALUES (web_token_hash(p_draft), cit, left(coalesce(p_name, ''), 200),
	    CASE WHEN p_unit > 0 THEN p_unit END, left(coalesce(p_subject, ''), 500),
	    now() + make_interval(secs => least(greatest(p_ttl, 60), 86400)))
	ON CONFLICT (citizen_id) DO UPDATE SET id = EXCLUDED.id,
	    sender_name = EXCLUDED.sender_name, unit_id = EXCLUDED.unit_id,
	    subject = EXCLUDED.subject, created_at = now(),
	    expires_at = EXCLUDED.expires_at;
	RETURN true;
END
$$;

-- The draft under the browser's token `p_draft`, if it is this citizen's
-- and not expired: given once (it is gone after).
CREATE FUNCTION web_draft_take(p_draft text, p_citizen bigint)
RETURNS TABLE (sender_name text, unit_id integer, subject text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	DELETE FROM web_drafts d WHERE d.expires_at < now();
	RETURN QUERY
	DELETE FROM web_drafts d WHERE d.id = web_token_hash(p_draft)
	    AND d.citizen_id = p_citizen
	RETURNING d.sender_name, d.unit_id, d.subject;
END
$$;

-- When the session of `p_session` ends, if nothing is done: the office's
-- hour and minute, and the seconds left (the idle limit `p_idle`, or the
-- session's own end, whichever comes first).  Nothing for no session.
CREATE FUNCTION web_session_end(p_session text, p_idle integer,
    OUT at_hm text, OUT left_s integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT to_char(e, 'HH24:MI'), greatest(0, ceil(extract(epoch FROM e - now())))::integer
	FROM (SELECT least(last_seen_at + make_interval(secs => p_idle), expires_at) AS e
	    FROM web_sessions WHERE id = web_token_hash(p_session)) s
$$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    web_draft_keep(text, text, text, integer, text, integer),
    web_draft_take(text, bigint), web_session_end(text, integer)
    TO pishkhan_web;
