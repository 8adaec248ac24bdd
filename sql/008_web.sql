-- 008_web.sql — the public web's login: captchas, login codes with their
-- throttles, sessions; and one letter of a citizen by id.
--
-- Design (see pishkhan-web(8)):
--   * Tokens (captcha, session) are 32 random bytes made by the web with
--     getrandom(); the browser holds them in hex, the database only their
--     SHA-256.
--   * A login code (6 digits, made by the web with getrandom()) is stored
--     only as HMAC-SHA256(key, mobile || ':' || code), computed by the web.
--     The key is web.secret_file when set; otherwise web_hmac_key() below
--     gives a random key made once in this database.  The web compares
--     HMACs itself in constant time after web_code_take() has counted the
--     try, so every guess counts even if the connection drops.
--   * Every function returns an outcome instead of raising, so what it
--     used up (a captcha, a try) is committed even when the answer is no.
--   * The limits come from the web's configuration as arguments.

SET LOCAL search_path = pishkhan, pg_catalog;

CREATE TABLE web_keys (
	id	integer PRIMARY KEY CHECK (id = 1),
	key	bytea NOT NULL CHECK (octet_length(key) >= 32)
);
INSERT INTO web_keys (id, key)
VALUES (1, sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text
    || gen_random_uuid()::text || clock_timestamp()::text, 'UTF8')));
REVOKE ALL ON web_keys FROM PUBLIC;

CREATE FUNCTION web_hmac_key() RETURNS bytea
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT key FROM web_keys WHERE id = 1
$$;

CREATE FUNCTION web_token_hash(p_token text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT CASE WHEN p_token ~ '^[0-9a-f]{64}$'
	    THEN sha256(decode(p_token, 'hex')) END
$$;

-- The captcha of a token, made on first sight: the login page only picks a
-- random token (no database work for a page view); the first request for
-- its picture stores the answer the web drew, later ones get the same
-- answer back, until it is used or expires.  NULL then.
CREATE FUNCTION web_captcha(p_token text, p_answer text, p_ttl integer)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	h bytea := web_token_hash(p_token);
	a text;
BEGIN
	IF h IS NULL THEN
		RETURN NULL;
	END IF;
	INSERT INTO web_captchas (id, answer, expires_at)
	VALUES (h, p_answer, now() + make_interval(secs => least(greatest(p_ttl, 30), 3600)))
	ON CONFLICT (id) DO NOTHING;
	SELECT answer INTO a FROM web_captchas
	WHERE id = h AND used_at IS NULL AND expires_at > now();
	-- Old ones go as new ones come (cheap: an index on expires_at).
	DELETE FROM web_captchas WHERE expires_at < now() - interval '1 hour';
	RETURN a;
END
$$;

-- Send a login code.  Outcomes:
--   sent      the code is queued for the number
--   captcha   the captcha was wrong, used or expired (it is used up now)
--   wait      too soon after the last code; wait_s says how long
--   limit     this number's hourly or daily limit, or this address's
--   budget    the site's daily SMS budget is spent
-- The same outcomes and the same statements whether or not the number has
-- been seen before: the citizen row is made (or found) in both cases.
CREATE FUNCTION web_code_send(p_mobile text, p_ip text, p_captcha text,
    p_answer text, p_code text, p_hmac bytea, p_lang text, p_limits jsonb,
    OUT outcome text, OUT wait_s integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	v_answer text;
	v_ttl integer := least(greatest(coalesce((p_limits->>'ttl')::integer, 300), 60), 600);
	v_wait integer := coalesce((p_limits->>'wait')::integer, 60);
	v_wait_max integer := coalesce((p_limits->>'wait_max')::integer, 1800);
	v_hour integer := coalesce((p_limits->>'per_hour')::integer, 5);
	v_day integer := coalesce((p_limits->>'per_day')::integer, 10);
	v_ip integer := coalesce((p_limits->>'per_ip')::integer, 10);
	v_budget integer := coalesce((p_limits->>'budget')::integer, 5000);
	v_ipaddr inet := CASE WHEN p_ip IS NULL OR p_ip = '' THEN NULL ELSE p_ip::inet END;
	n_hour integer;
	n_day integer;
	last_at timestamptz;
	v_tries integer;
	need interval;
	cit bigint;
BEGIN
	wait_s := 0;
	UPDATE web_captchas SET used_at = now()
	WHERE id = web_token_hash(p_captcha) AND used_at IS NULL AND expires_at > now()
	RETURNING answer INTO v_answer;
	IF v_answer IS NULL OR v_answer <> coalesce(ascii_digits(btrim(p_answer)), '') THEN
		outcome := 'captcha';
		RETURN;
	END IF;
	IF p_code !~ '^[0-9]{6}$' OR octet_length(p_hmac) <> 32 THEN
		RAISE EXCEPTION 'bad login code or HMAC' USING ERRCODE = 'PK422';
	END IF;
	-- One sender at a time per number, so two quick requests cannot both pass.
	PERFORM pg_advisory_xact_lock(hashtext('pishkhan login ' || p_mobile));

	SELECT count(*) FILTER (WHERE created_at > now() - interval '1 hour'),
	    count(*), max(created_at)
	INTO n_hour, n_day, last_at
	FROM web_login_codes
	WHERE mobile = p_mobile AND created_at > now() - interval '1 day';
	IF last_at IS NOT NULL THEN
		need := make_interval(secs => least(v_wait::double precision
		    * power(2, greatest(n_day - 1, 0)), v_wait_max));
		IF last_at + need > now() THEN
			outcome := 'wait';
			wait_s := ceil(extract(epoch FROM last_at + need - now()))::integer;
			RETURN;
		END IF;
	END IF;
	IF n_hour >= v_hour OR n_day >= v_day THEN
		outcome := 'limit';
		RETURN;
	END IF;
	IF v_ipaddr IS NOT NULL AND (SELECT count(*) FROM web_login_codes
	    WHERE ip = v_ipaddr AND created_at > now() - interval '1 hour') >= v_ip THEN
		outcome := 'limit';
		RETURN;
	END IF;
	IF (SELECT count(*) FROM web_login_codes
	    WHERE created_at >= date_trunc('day', now())) >= v_budget THEN
		outcome := 'budget';
		RETURN;
	END IF;

	-- A new code does not wipe out the wrong tries of the last hour.
	SELECT tries INTO v_tries FROM web_login_codes
	WHERE mobile = p_mobile AND used_at IS NULL
	AND created_at > now() - interval '1 hour'
	ORDER BY created_at DESC, id DESC LIMIT 1;
	-- Older unused codes stop working once a new one is sent.
	UPDATE web_login_codes SET expires_at = least(expires_at, now())
	WHERE mobile = p_mobile AND used_at IS NULL AND expires_at > now();

	cit := web_citizen(p_mobile, NULL);
	IF p_lang IN ('fa', 'en') THEN
		UPDATE citizens SET lang = p_lang WHERE id = cit;
	END IF;
	INSERT INTO web_login_codes (mobile, code_hmac, ip, expires_at, tries)
	VALUES (p_mobile, p_hmac, v_ipaddr, now() + make_interval(secs => v_ttl),
	    coalesce(v_tries, 0));
	PERFORM sms_enqueue('login_code', cit, NULL,
	    jsonb_build_object('code', p_code, 'minutes', ceil(v_ttl / 60.0)::integer),
	    now() + make_interval(secs => v_ttl));
	outcome := 'sent';
END
$$;

-- Count one try at the newest code of the number and give its HMAC to
-- compare.  Outcomes: ok (code_id, code_hmac set), expired (no live code),
-- exhausted (too many wrong tries).
CREATE FUNCTION web_code_take(p_mobile text, p_max_tries integer,
    OUT outcome text, OUT code_id bigint, OUT code_hmac bytea)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	c web_login_codes;
BEGIN
	SELECT * INTO c FROM web_login_codes
	WHERE mobile = p_mobile AND used_at IS NULL
	ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE;
	IF NOT FOUND OR c.expires_at <= now() THEN
		outcome := 'expired';
		RETURN;
	END IF;
	IF c.tries >= p_max_tries THEN
		outcome := 'exhausted';
		RETURN;
	END IF;
	UPDATE web_login_codes SET tries = tries + 1 WHERE id = c.id;
	outcome := 'ok';
	code_id := c.id;
	code_hmac := c.code_hmac;
END
$$;

-- The code matched: use it up and open a session.  NULL when the code was
-- used meanwhile (a second tab).
CREATE FUNCTION web_code_login(p_code_id bigint, p_session text, p_max integer)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	m text;
	cit bigint;
BEGIN
	UPDATE web_login_codes SET used_at = now(), tries = 0
	WHERE id = p_code_id AND used_at IS NULL AND expires_at > now()
	RETURNING mobile INTO m;
	IF m IS NULL THEN
		RETURN NULL;
	END IF;
	SELECT id INTO cit FROM citizens WHERE mobile = m;
	UPDATE citizens SET last_login_at = now() WHERE id = cit;
	DELETE FROM web_sessions WHERE expires_at < now();
	INSERT INTO web_sessions (id, citizen_id, expires_at)
	VALUES (web_token_hash(p_session), cit,
	    now() + make_interval(secs => least(greatest(p_max, 60), 604800)));
	RETURN cit;
END
$$;

-- The citizen of a live session, which is touched; nothing otherwise.
CREATE FUNCTION web_session(p_session text, p_idle integer,
    OUT citizen_id bigint, OUT mobile text, OUT lang text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	UPDATE web_sessions s SET last_seen_at = now()
	FROM citizens c
	WHERE s.id = web_token_hash(p_session) AND c.id = s.citizen_id
	AND s.expires_at > now()
	AND s.last_seen_at > now() - make_interval(secs => p_idle)
	RETURNING c.id, c.mobile, c.lang INTO citizen_id, mobile, lang;
END
$$;

CREATE FUNCTION web_logout(p_session text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	DELETE FROM web_sessions WHERE id = web_token_hash(p_session)
$$;

CREATE FUNCTION web_set_lang(p_citizen bigint, p_lang text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	UPDATE citizens SET lang = p_lang WHERE id = p_citizen AND p_lang IN ('fa', 'en')
$$;

-- One letter of this citizen, with its files; nothing for anyone else's.
CREATE FUNCTION web_letter(p_citizen bigint, p_letter bigint)
RETURNS TABLE (id bigint, subject text, sender_name text, unit_fa text,
    unit_en text, status letter_status, letter_no text, tracking_no text,
    letter_date date, rejection_reason text, decided_at timestamptz,
    created_at timestamptz, files jsonb)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT l.id, l.subject, l.sender_name, u.name_fa, u.name_en, l.status,
	    l.letter_no, l.tracking_no, l.letter_date, l.rejection_reason,
	    l.decided_at, l.created_at,
	    coalesce((SELECT jsonb_agg(jsonb_build_array(f.id, f.kind, f.original_name,
		f.size) ORDER BY f.id) FROM files f
		WHERE f.letter_id = l.id AND f.kind <> 'response'), '[]')
	FROM letters l JOIN units u ON u.id = l.unit_id
	WHERE l.id = p_letter AND l.citizen_id = p_citizen
$$;

REVOKE ALL ON FUNCTION web_hmac_key(), web_token_hash(text),
    web_captcha(text, text, integer),
    web_code_send(text, text, text, text, text, bytea, text, jsonb),
    web_code_take(text, integer), web_code_login(bigint, text, integer),
    web_session(text, integer), web_logout(text), web_set_lang(bigint, text),
    web_letter(bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION web_hmac_key(), web_token_hash(text),
    web_captcha(text, text, integer),
    web_code_send(text, text, text, text, text, bytea, text, jsonb),
    web_code_take(text, integer), web_code_login(bigint, text, integer),
    web_session(text, integer), web_logout(text), web_set_lang(bigint, text),
    web_letter(bigint, bigint) TO pishkhan_web;
