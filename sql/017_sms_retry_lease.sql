-- 017_sms_retry_lease.sql — decisions reach citizens after any passing
-- outage, and a live worker keeps its claim.
--
-- Retries: a message refused for a passing reason is tried again for the
-- whole window (sms.max_age, from its queueing or from an admin's retry),
-- not only for sms.max_attempts attempts, which now defaults to 0: no limit.
-- A failed message records when it failed (failed_at), so an admin can put
-- back everything that failed since an outage began; a retried one when it
-- was put back (retried_at), from which its window counts again.
--
-- Leases: a worker renews its claim (sms_renew) before each round of
-- requests, and sends only what it still holds.  Housekeeping releases a
-- message only when the worker that runs it has itself been connected for
-- a whole lease: after an outage of the database, every live worker has a
-- lease's time to come back and record what it sent before anyone takes it
-- from them.  A login code that a newer one supersedes is never sent.
-- sms_mark_batch and sms_enqueue are otherwise as 006 and 003 wrote them;
-- sms_housekeep takes the caller's connection time (by default its own).

SET LOCAL search_path = pishkhan, pg_catalog;

ALTER TABLE sms_outbox ADD COLUMN failed_at timestamptz,
    ADD COLUMN retried_at timestamptz;
CREATE INDEX sms_outbox_failed ON sms_outbox (failed_at) WHERE status = 'failed';
GRANT UPDATE (failed_at) ON sms_outbox TO pishkhan_sms;
GRANT UPDATE (retried_at) ON sms_outbox TO pishkhan_admin;

-- Housekeeping, run by the workers every second or so: login codes past
-- their expiry are marked expired (and wiped), and rows whose worker has
-- not renewed its claim for p_lease seconds (it died) are released, but
-- only by a caller connected since p_since at least p_lease ago (NULL: the
-- caller's own session start).  A database that was down or unreachable
-- for longer than the lease so releases nothing until each live worker has
-- had a lease to reconnect and record its outcomes.
DROP FUNCTION sms_housekeep(integer);
CREATE FUNCTION sms_housekeep(p_lease integer, p_since timestamptz DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	v_since timestamptz := coalesce(p_since,
	    (SELECT a.backend_start FROM pg_stat_activity a WHERE a.pid = pg_backend_pid()),
	    now());
BEGIN
	UPDATE sms_outbox o SET status = 'expired',
	    body = CASE WHEN o.event = 'login_code' THEN NULL ELSE o.body END,
	    last_error = coalesce(o.last_error || '; ', '') || 'expired before it could be sent'
	WHERE o.id IN (SELECT s.id FROM sms_outbox s
	    WHERE s.status = 'pending' AND s.expires_at <= now()
	    FOR UPDATE SKIP LOCKED);
	IF v_since > now() - make_interval(secs => p_lease) THEN
		RETURN;
	END IF;
	UPDATE sms_outbox o SET status = 'pending', claimed_by = NULL,
	    last_error = coalesce(o.last_error || '; ', '') || 'released: worker '
		|| coalesce(o.claimed_by, '?') || ' held it past the lease'
	WHERE o.id IN (SELECT s.id FROM sms_outbox s
	    WHERE s.status = 'sending'
	    AND s.claimed_at < now() - make_interval(secs => p_lease)
	    FOR UPDATE SKIP LOCKED);
END
$$;

-- Renew worker p_worker's claim on the messages p_ids.  For each id, in
-- order: whether the worker still holds it (if not, it must not send it)
-- and whether it is a login code that has expired (not to be sent either).
CREATE FUNCTION sms_renew(p_worker text, p_ids bigint[])
RETURNS TABLE (id bigint, held boolean, expired boolean)
LANGUAGE sql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	WITH r AS (
		UPDATE sms_outbox o SET claimed_at = now()
		WHERE o.id = ANY (p_ids) AND o.status = 'sending'
		AND o.claimed_by = p_worker
		RETURNING o.id, o.expires_at IS NOT NULL AND o.expires_at <= now() AS expired
	)
	SELECT u.id, r.id IS NOT NULL, coalesce(r.expired, false)
	FROM unnest(p_ids) WITH ORDINALITY AS u(id, n) LEFT JOIN r ON r.id = u.id
	ORDER BY u.n
$$;

-- Record what happened to the messages worker p_worker sent, a batch in one
-- statement (the arrays run in parallel).  p_ok: delivered to the gateway.
-- Otherwise p_transient says whether trying again may help; it is tried
-- again after an exponential backoff with jitter while it is younger than
-- p_max_age (counted from its queueing, or from an admin's retry) and has
-- attempts left (p_max_attempts; 0: no limit).  Returns each id, in order,
-- with its new status (NULL: not, or no longer, this worker's to report).
CREATE OR REPLACE FUNCTION sms_mark_batch(p_worker text, p_ids bigint[], p_ok boolean[],
    p_transient boolean[], p_gateway_ids text[], p_errors text[],
    p_max_attempts integer, p_max_age integer,
    p_backoff_min integer, p_backoff_max integer)
RETURNS TABLE (id bigint, status sms_status)
LANGUAGE sql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	WITH u AS (
		SELECT * FROM unnest(p_ids, p_ok, p_transient, p_gateway_ids, p_errors)
		    WITH ORDINALITY AS u(id, ok, tr, gw, err, n)
	), d AS (
		SELECT u.id, u.ok, u.tr, u.gw, u.err, o.event, o.expires_at,
		    (p_max_attempts = 0 OR o.attempts < p_max_attempts)
			AND greatest(o.created_at, o.retried_at)
			    > now() - make_interval(secs => p_max_age) AS more,
		    make_interval(secs => least(p_backoff_max::double precision,
			p_backoff_min * power(2::double precision, least(o.attempts - 1, 30)))
			* (0.5 + random() / 2) / 1000) AS delay
		FROM u JOIN sms_outbox o ON o.id = u.id
		WHERE o.status = 'sending' AND o.claimed_by = p_worker
		FOR UPDATE OF o
	), s AS (
		SELECT d.*, CASE
		    WHEN d.ok THEN 'sent'
		    WHEN d.expires_at IS NOT NULL AND d.expires_at <= now() + d.delay THEN 'expired'
		    WHEN d.tr AND d.more THEN 'pending'
		    ELSE 'failed' END::sms_status AS st
		FROM d
	), up AS (
		UPDATE sms_outbox o SET status = s.st,
		    sent_at = CASE WHEN s.ok THEN now() END,
		    failed_at = CASE WHEN s.st = 'failed' THEN now() ELSE o.failed_at END,
		    gateway_id = CASE WHEN s.ok THEN s.gw ELSE o.gateway_id END,
		    last_error = CASE WHEN s.ok THEN o.last_error ELSE left(s.err, 500) END,
		    next_attempt_at = CASE WHEN s.st = 'pending' THEN now() + s.delay
			ELSE o.next_attempt_at END,
		    claimed_by = CASE WHEN s.st = 'pending' THEN NULL ELSE o.claimed_by END,
		    body = CASE WHEN o.event = 'login_code' AND s.st <> 'pending' THEN NULL
			ELSE o.body END
		FROM s WHERE o.id = s.id
		RETURNING o.id, o.status
	)
	SELECT u.id, up.status FROM u LEFT JOIN up ON up.id = u.id ORDER BY u.n
$$;

-- Queue the message for `p_event` to the citizen, in their language.
-- Updates and responses can be switched off (settings sms_update and
-- sms_response): then nothing is queued and the result is NULL.  A new
-- login code supersedes the codes still queued for the same number: they
-- no longer work (web_login_code_request expires them), so they expire
-- unsent.
CREATE OR REPLACE FUNCTION sms_enqueue(p_event text, p_citizen bigint, p_letter bigint,
    p_params jsonb, p_expires timestamptz DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	c citizens;
	t text;
	id bigint;
BEGIN
	IF p_event IN ('update', 'response')
	    AND coalesce(setting('sms_' || p_event), 'yes') = 'no' THEN
		RETURN NULL;
	END IF;
	SELECT * INTO c FROM citizens WHERE citizens.id = p_citizen;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no citizen %', p_citizen USING ERRCODE = 'PK404';
	END IF;
	SELECT body INTO t FROM sms_templates WHERE event = p_event AND lang = c.lang;
	IF NOT FOUND THEN
		SELECT body INTO t FROM sms_templates WHERE event = p_event AND lang = 'fa';
	END IF;
	IF t IS NULL THEN
		RAISE EXCEPTION 'no SMS template for %', p_event USING ERRCODE = 'PK404';
	END IF;
	IF p_event = 'login_code' THEN
		UPDATE sms_outbox o SET expires_at = least(o.expires_at, now()),
		    last_error = coalesce(o.last_error || '; ', '')
			|| 'superseded by a newer login code'
		WHERE o.event = 'login_code' AND o.to_number = c.mobile
		AND o.status IN ('pending', 'sending')
		AND (o.expires_at IS NULL OR o.expires_at > now());
	END IF;
	INSERT INTO sms_outbox (event, to_number, body, citizen_id, letter_id, expires_at)
	VALUES (p_event, c.mobile, sms_render(t, p_params), c.id, p_letter, p_expires)
	RETURNING sms_outbox.id INTO id;
	RETURN id;
END
$$;

REVOKE ALL ON FUNCTION sms_housekeep(integer, timestamptz), sms_renew(text, bigint[])
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sms_housekeep(integer, timestamptz), sms_renew(text, bigint[])
    TO pishkhan_sms;

-- A moment typed by an admin: a duration ago ('2 hours', '1 day'), or a
-- date and time in the office's time zone, Gregorian ('2026-12-01 08:00')
-- or Jalali ('1405-09-10 08:00', a year before 1700); digits in any
-- script.  SQLSTATE 22007 when it is none of these or in the future.
-- As its owner, so that it needs no grant on the helpers it calls.
CREATE FUNCTION sms_moment(p_when text) RETURNS timestamptz
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	w text := btrim(ascii_digits(p_when));
	m text[];
	u timestamptz;
BEGIN
	BEGIN
		u := now() - w::interval;
	EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow
	    OR interval_field_overflow THEN
		BEGIN
			m := regexp_match(w, '^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(.*)$');
			IF m IS NOT NULL AND m[1]::integer < 1700 THEN
				w := gregorian_from_jalali(m[1]::integer, m[2]::integer,
				    m[3]::integer)::text || m[4];
			END IF;
			u := w::timestamp AT TIME ZONE office_zone();
		EXCEPTION WHEN OTHERS THEN
			RAISE EXCEPTION 'cannot read ''%'' as a duration or a time', p_when
			    USING ERRCODE = '22007',
			    HINT = 'give a duration such as ''2 hours'' or a time such as '
				'''2026-12-01 08:00'' or ''1405-09-10 08:00'' (the office''s time zone)';
		END;
	END;
	IF u > now() THEN
		RAISE EXCEPTION '''%'' is in the future', p_when USING ERRCODE = '22007',
		    HINT = 'give a time that has passed, or a duration: ''2 hours'' is two hours ago';
	END IF;
	RETURN u;
END
$$;

-- Put failed messages back in the queue, due now, with their attempts
-- reset and a new retry window: the messages p_ids, or (p_ids NULL) every
-- message that failed since p_since (sms_moment; NULL: ever).  For each
-- message named or put back, its id and what became of it: 'retried', or
-- why not ('not found', 'sent', 'pending', 'sending', 'expired' (its
-- status), or 'code expired': a login code past its expiry, or wiped).
-- As the invoker: an admin, through row-level security.
CREATE FUNCTION sms_retry(p_ids bigint[], p_since text DEFAULT NULL)
RETURNS TABLE (id bigint, outcome text)
LANGUAGE plpgsql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	v_since timestamptz := CASE WHEN p_since IS NOT NULL THEN sms_moment(p_since) END;
BEGIN
	RETURN QUERY
	WITH c AS (
		SELECT o.id, o.status, o.body IS NULL
		    OR (o.expires_at IS NOT NULL AND o.expires_at <= now()) AS dead
		FROM sms_outbox o
		WHERE CASE WHEN p_ids IS NOT NULL THEN o.id = ANY (p_ids)
		    ELSE o.status = 'failed' AND (v_since IS NULL
			OR coalesce(o.failed_at, o.next_attempt_at) >= v_since) END
		FOR UPDATE OF o
	), up AS (
		UPDATE sms_outbox o SET status = 'pending', attempts = 0,
		    next_attempt_at = now(), retried_at = now()
		FROM c WHERE o.id = c.id AND c.status = 'failed' AND NOT c.dead
		RETURNING o.id
	), r AS (
		SELECT c.id, CASE WHEN up.id IS NOT NULL THEN 'retried'
		    WHEN c.status = 'failed' THEN 'code expired'
		    ELSE c.status::text END AS outcome
		FROM c LEFT JOIN up ON up.id = c.id
	)
	SELECT u.id, coalesce(r.outcome, 'not found')
	FROM unnest(p_ids) WITH ORDINALITY AS u(id, n) LEFT JOIN r ON r.id = u.id
	WHERE p_ids IS NOT NULL
	UNION ALL
	SELECT r.id, r.outcome FROM r WHERE p_ids IS NULL
	ORDER BY 1;
	PERFORM pg_notify('pishkhan_sms', '');
END
$$;

REVOKE ALL ON FUNCTION sms_retry(bigint[], text), sms_moment(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sms_retry(bigint[], text), sms_moment(text) TO pishkhan_admin;
