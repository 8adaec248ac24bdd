-- 011_login_guard.sql — login codes that a stranger cannot kill or guess
-- at speed, and an SMS budget that a few addresses cannot spend.
--
-- What changes from 008 (see pishkhan-web(8), LOGIN):
--   * Every try of a code is a row of web_code_guesses (number, client
--     address group, code), made before the web compares: a try counts even
--     if the connection drops.  The row of the one right try is deleted when
--     the session opens, so the table holds the wrong ones.
--   * Guesses are bounded per code (web.code_tries), per address group an
--     hour and a day (web.guesses_per_ip, web.guesses_per_ip_day), and per
--     number a day: after web.code_captcha_after wrong codes for a number in
--     a day, every try for it needs a fresh captcha.  The owner is asked for
--     a captcha, never refused; a new code starts with no tries.
--   * A try against a number without a live code (none, expired, used, out
--     of tries) counts and is answered exactly like a wrong code: the web
--     compares against a random HMAC, so nobody learns whether a number has
--     a live code.
--   * Codes per address group a day (web.codes_per_ip_day) besides an hour,
--     and a warning once a day when the site passes 80% of its budget.
--   * New captchas per address group an hour (web.captchas_per_ip).
--   * "Address" is the client's address as the web groups it: an IPv4
--     address, or its IPv6 network of web.ipv6_prefix bits ("2001:db8::/64").
--     The web sends the group; these functions only compare.

SET LOCAL search_path = pishkhan, pg_catalog;

ALTER TABLE web_captchas ADD COLUMN ip inet;
CREATE INDEX web_captchas_ip ON web_captchas (ip, created_at DESC);

CREATE TABLE web_code_guesses (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	mobile		text NOT NULL,
	ip		inet,
	code_id		bigint REFERENCES web_login_codes ON DELETE CASCADE,
	at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX web_code_guesses_mobile ON web_code_guesses (mobile, at DESC);
CREATE INDEX web_code_guesses_ip ON web_code_guesses (ip, at DESC);
CREATE INDEX web_code_guesses_at ON web_code_guesses (at);

-- The days on which the 80% warning was given (once a day for all
-- instances of the web).
CREATE TABLE web_budget_warnings (
	day		date PRIMARY KEY,
	sent		integer NOT NULL,
	budget		integer NOT NULL,
	at		timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON web_code_guesses, web_budget_warnings FROM PUBLIC;

-- The captcha of a token, made on first sight (as in 008), but a client
-- address group gets at most per_ip new ones an hour.  Outcomes: ok (drawn
-- is the answer to draw), gone (used, expired or not a token), limit.
DROP FUNCTION web_captcha(text, text, integer);
CREATE FUNCTION web_captcha(p_token text, p_answer text, p_ip text,
    p_limits jsonb, OUT outcome text, OUT drawn text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	h bytea := web_token_hash(p_token);
	v_ttl integer := coalesce((p_limits->>'ttl')::integer, 300);
	v_max integer := coalesce((p_limits->>'per_ip')::integer, 300);
	v_ip inet := CASE WHEN p_ip IS NULL OR p_ip = '' THEN NULL ELSE p_ip::inet END;
	live boolean;
BEGIN
	outcome := 'gone';
	IF h IS NULL THEN
		RETURN;
	END IF;
	SELECT c.answer, c.used_at IS NULL AND c.expires_at > now()
	INTO drawn, live FROM web_captchas c WHERE c.id = h;
	IF FOUND THEN
		IF live THEN
			outcome := 'ok';
		ELSE
			drawn := NULL;
		END IF;
		RETURN;
	END IF;
	IF v_ip IS NOT NULL THEN
		-- one at a time per address, so the count is exact
		PERFORM pg_advisory_xact_lock(hashtext('pishkhan ip'), hashtext(v_ip::text));
	END IF;
	IF v_ip IS NOT NULL AND (SELECT count(*) FROM web_captchas
	    WHERE ip = v_ip AND created_at > now() - interval '1 hour') >= v_max THEN
		outcome := 'limit';
		RETURN;
	END IF;
	INSERT INTO web_captchas (id, answer, ip, expires_at)
	VALUES (h, p_answer, v_ip,
	    now() + make_interval(secs => least(greatest(v_ttl, 30), 3600)))
	ON CONFLICT (id) DO NOTHING;
	SELECT c.answer INTO drawn FROM web_captchas c
	WHERE c.id = h AND c.used_at IS NULL AND c.expires_at > now();
	IF drawn IS NOT NULL THEN
		outcome := 'ok';
	END IF;
	-- Old ones go as new ones come; kept an hour past expiry, so the
	-- hourly count above sees every one.
	DELETE FROM web_captchas WHERE expires_at < now() - interval '1 hour';
END
$$;

-- Send a login code: as in 008, with a daily limit per address group
-- (per_ip_day), a new code that starts with no tries, and budget_warn true
-- for the one send of the day that passes 80% of the budget.
DROP FUNCTION web_code_send(text, text, text, text, text, bytea, text, jsonb);
CREATE FUNCTION web_code_send(p_mobile text, p_ip text, p_captcha text,
    p_answer text, p_code text, p_hmac bytea, p_lang text, p_limits jsonb,
    OUT outcome text, OUT wait_s integer, OUT budget_used integer,
    OUT budget_warn boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	v_answer text;
	v_ttl integer := least(greatest(coalesce((p_limits->>'ttl')::integer, 300), 60), 600);
	v_wait integer := coalesce((p_limits->>'wait')::integer, 60);
	v_wait_max integer := coalesce((p_limits->>'wait_max')::integer, 1800);
	v_hour integer := coalesce((p_limits->>'per_hour')::integer, 5);
	v_day integer := coalesce((p_limits->>'per_day')::integer, 10);
	v_ip integer := coalesce((p_limits->>'per_ip')::integer, 10);
	v_ip_day integer := coalesce((p_limits->>'per_ip_day')::integer, 30);
	v_budget integer := coalesce((p_limits->>'budget')::integer, 5000);
	v_ipaddr inet := CASE WHEN p_ip IS NULL OR p_ip = '' THEN NULL ELSE p_ip::inet END;
	n_hour integer;
	n_day integer;
	last_at timestamptz;
	need interval;
	cit bigint;
BEGIN
	wait_s := 0;
	budget_used := 0;
	budget_warn := false;
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
	IF v_ipaddr IS NOT NULL THEN
		-- after the number's lock, as everywhere: no two orders, no deadlock
		PERFORM pg_advisory_xact_lock(hashtext('pishkhan ip'), hashtext(v_ipaddr::text));
		SELECT count(*) FILTER (WHERE created_at > now() - interval '1 hour'),
		    count(*)
		INTO n_hour, n_day
		FROM web_login_codes
		WHERE ip = v_ipaddr AND created_at > now() - interval '1 day';
		IF n_hour >= v_ip OR n_day >= v_ip_day THEN
			outcome := 'limit';
			RETURN;
		END IF;
	END IF;
	SELECT count(*) INTO budget_used FROM web_login_codes
	WHERE created_at >= date_trunc('day', now());
	IF budget_used >= v_budget THEN
		outcome := 'budget';
		RETURN;
	END IF;

	-- Older unused codes stop working once a new one is sent; the new one
	-- starts with no tries (the guesses of the day still count, per number).
	UPDATE web_login_codes SET expires_at = least(expires_at, now())
	WHERE mobile = p_mobile AND used_at IS NULL AND expires_at > now();

	cit := web_citizen(p_mobile, NULL);
	IF p_lang IN ('fa', 'en') THEN
		UPDATE citizens SET lang = p_lang WHERE id = cit;
	END IF;
	INSERT INTO web_login_codes (mobile, code_hmac, ip, expires_at, tries)
	VALUES (p_mobile, p_hmac, v_ipaddr, now() + make_interval(secs => v_ttl), 0);
	PERFORM sms_enqueue('login_code', cit, NULL,
	    jsonb_build_object('code', p_code, 'minutes', ceil(v_ttl / 60.0)::integer),
	    now() + make_interval(secs => v_ttl));
	budget_used := budget_used + 1;
	IF budget_used * 5 >= v_budget * 4 THEN
		INSERT INTO web_budget_warnings (day, sent, budget)
		VALUES (date_trunc('day', now())::date, budget_used, v_budget)
		ON CONFLICT (day) DO NOTHING;
		budget_warn := FOUND;
	END IF;
	outcome := 'sent';
END
$$;

-- Whether a try for this number needs a fresh captcha now.
CREATE FUNCTION web_code_captcha_needed(p_mobile text, p_after integer)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT count(*) >= greatest(p_after, 0) FROM web_code_guesses
	WHERE mobile = p_mobile AND at > now() - interval '1 day'
$$;

-- One try at the number's code.  Outcomes:
--   try      compare code_hmac; guess_id names this try for web_code_enter
--   captcha  the number is under attack and no fresh right captcha came
--            (nothing counted, the captcha is used up)
--   limit    this address group has had too many wrong codes
-- With no live code (none, expired, used, out of tries) the outcome is
-- "try" with a random HMAC, so the answer is the one of a wrong code.
CREATE FUNCTION web_code_try(p_mobile text, p_ip text, p_captcha text,
    p_answer text, p_limits jsonb,
    OUT outcome text, OUT guess_id bigint, OUT code_hmac bytea)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	v_tries integer := coalesce((p_limits->>'tries')::integer, 5);
	v_ip_hour integer := coalesce((p_limits->>'per_ip')::integer, 30);
	v_ip_day integer := coalesce((p_limits->>'per_ip_day')::integer, 100);
	v_after integer := coalesce((p_limits->>'captcha_after')::integer, 3);
	v_ip inet := CASE WHEN p_ip IS NULL OR p_ip = '' THEN NULL ELSE p_ip::inet END;
	v_answer text;
	n_hour integer;
	n_day integer;
	c web_login_codes;
BEGIN
	-- One try at a time per number and per address, so the counts below
	-- are exact; the number's lock first, as in web_code_send.
	PERFORM pg_advisory_xact_lock(hashtext('pishkhan login ' || p_mobile));
	IF v_ip IS NOT NULL THEN
		PERFORM pg_advisory_xact_lock(hashtext('pishkhan ip'), hashtext(v_ip::text));
		SELECT count(*) FILTER (WHERE at > now() - interval '1 hour'), count(*)
		INTO n_hour, n_day
		FROM web_code_guesses WHERE ip = v_ip AND at > now() - interval '1 day';
		IF n_hour >= v_ip_hour OR n_day >= v_ip_day THEN
			outcome := 'limit';
			RETURN;
		END IF;
	END IF;
	IF web_code_captcha_needed(p_mobile, v_after) THEN
		UPDATE web_captchas SET used_at = now()
		WHERE id = web_token_hash(p_captcha) AND used_at IS NULL
		AND expires_at > now()
		RETURNING answer INTO v_answer;
		IF v_answer IS NULL
		    OR v_answer <> coalesce(ascii_digits(btrim(p_answer)), '') THEN
			outcome := 'captcha';
			RETURN;
		END IF;
	END IF;

	SELECT * INTO c FROM web_login_codes
	WHERE mobile = p_mobile AND used_at IS NULL
	ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE;
	IF FOUND AND c.expires_at > now() AND c.tries < v_tries THEN
		UPDATE web_login_codes SET tries = tries + 1 WHERE id = c.id;
		code_hmac := c.code_hmac;
	ELSE
		c.id := NULL;
		code_hmac := sha256(convert_to(gen_random_uuid()::text
		    || clock_timestamp()::text, 'UTF8'));
	END IF;
	INSERT INTO web_code_guesses (mobile, ip, code_id)
	VALUES (p_mobile, v_ip, c.id)
	RETURNING id INTO guess_id;
	DELETE FROM web_code_guesses WHERE at < now() - interval '2 days';
	outcome := 'try';
END
$$;

-- The try matched: use the code up, forget the try (it was not wrong) and
-- open a session.  NULL when the code was used meanwhile (a second tab).
CREATE FUNCTION web_code_enter(p_guess bigint, p_session text, p_max integer)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	m text;
	cit bigint;
BEGIN
	UPDATE web_login_codes l SET used_at = now()
	FROM web_code_guesses g
	WHERE g.id = p_guess AND l.id = g.code_id
	AND l.used_at IS NULL AND l.expires_at > now()
	RETURNING l.mobile INTO m;
	IF m IS NULL THEN
		RETURN NULL;
	END IF;
	DELETE FROM web_code_guesses WHERE id = p_guess;
	SELECT id INTO cit FROM citizens WHERE mobile = m;
	UPDATE citizens SET last_login_at = now() WHERE id = cit;
	DELETE FROM web_sessions WHERE expires_at < now();
	INSERT INTO web_sessions (id, citizen_id, expires_at)
	VALUES (web_token_hash(p_session), cit,
	    now() + make_interval(secs => least(greatest(p_max, 60), 604800)));
	RETURN cit;
END
$$;

-- 008's way in without these bounds is gone.
DROP FUNCTION web_code_take(text, integer);
DROP FUNCTION web_code_login(bigint, text, integer);

-- For admins (pishkhanctl login stats): today's login codes against the
-- budget, and the traffic of the guards.
CREATE FUNCTION web_login_stats(OUT codes_today bigint, OUT warned_at timestamptz,
    OUT wrong_codes_hour bigint, OUT captchas_hour bigint,
    OUT busiest_ip inet, OUT busiest_ip_codes bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT (SELECT count(*) FROM web_login_codes
		WHERE created_at >= date_trunc('day', now())),
	    (SELECT at FROM web_budget_warnings
		WHERE day = date_trunc('day', now())::date),
	    (SELECT count(*) FROM web_code_guesses
		WHERE at > now() - interval '1 hour'),
	    (SELECT count(*) FROM web_captchas
		WHERE created_at > now() - interval '1 hour'),
	    b.ip, b.n
	FROM (SELECT NULL) AS one
	LEFT JOIN (SELECT ip, count(*) AS n FROM web_login_codes
		WHERE created_at >= date_trunc('day', now()) AND ip IS NOT NULL
		GROUP BY ip ORDER BY count(*) DESC, ip LIMIT 1) b ON true
$$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
GRANT EXECUTE ON FUNCTION web_captcha(text, text, text, jsonb),
    web_code_send(text, text, text, text, text, bytea, text, jsonb),
    web_code_captcha_needed(text, integer),
    web_code_try(text, text, text, text, jsonb),
    web_code_enter(bigint, text, integer) TO pishkhan_web;
GRANT EXECUTE ON FUNCTION web_login_stats() TO pishkhan_admin;
