-- 006_sms.sql — the SMS worker's side of the outbox.
--
-- A message goes through pending → sending → sent (or back to pending for a
-- retry, or failed / expired).  Workers claim rows with FOR UPDATE SKIP
-- LOCKED and commit the claim before they talk to the gateway, so a message
-- in flight belongs to exactly one worker; the worker then reports the
-- outcomes with sms_mark_batch().  A row left in 'sending' by a worker that died is
-- handed out again after the lease (at least once is the price of a crash;
-- a database restart costs nothing, the worker keeps its outcomes until it
-- can report them).  Login codes lose their text once sent or expired.

SET LOCAL search_path = pishkhan, pg_catalog;

CREATE INDEX sms_outbox_sending ON sms_outbox (claimed_at) WHERE status = 'sending';
CREATE INDEX sms_outbox_expiring ON sms_outbox (expires_at)
    WHERE status = 'pending' AND expires_at IS NOT NULL;

-- Housekeeping, run by the workers every second or so: login codes past
-- their expiry are marked expired (and wiped), and rows whose worker has
-- held them longer than p_lease seconds (it died) are released.
CREATE FUNCTION sms_housekeep(p_lease integer) RETURNS void
LANGUAGE plpgsql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	UPDATE sms_outbox o SET status = 'expired',
	    body = CASE WHEN o.event = 'login_code' THEN NULL ELSE o.body END,
	    last_error = coalesce(o.last_error || '; ', '') || 'expired before it could be sent'
	WHERE o.id IN (SELECT s.id FROM sms_outbox s
	    WHERE s.status = 'pending' AND s.expires_at <= now()
	    FOR UPDATE SKIP LOCKED);
	UPDATE sms_outbox o SET status = 'pending', claimed_by = NULL,
	    last_error = coalesce(o.last_error || '; ', '') || 'released: worker '
		|| coalesce(o.claimed_by, '?') || ' held it past the lease'
	WHERE o.id IN (SELECT s.id FROM sms_outbox s
	    WHERE s.status = 'sending'
	    AND s.claimed_at < now() - make_interval(secs => p_lease)
	    FOR UPDATE SKIP LOCKED);
END
$$;

-- Claim up to p_limit due messages for worker p_worker (never an expired
-- login code).
CREATE FUNCTION sms_claim(p_worker text, p_limit integer)
RETURNS TABLE (id bigint, event text, to_number text, body text, attempts integer)
LANGUAGE sql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	UPDATE sms_outbox o SET status = 'sending', claimed_by = p_worker,
	    claimed_at = now(), attempts = o.attempts + 1
	FROM (SELECT s.id FROM sms_outbox s
	    WHERE s.status = 'pending' AND s.next_attempt_at <= now()
	    AND (s.expires_at IS NULL OR s.expires_at > now())
	    ORDER BY s.next_attempt_at, s.id
	    LIMIT p_limit FOR UPDATE SKIP LOCKED) c
	WHERE o.id = c.id
	RETURNING o.id, o.event, o.to_number, o.body, o.attempts
$$;

-- Milliseconds until the next pending message is due (0 if one is due now),
-- or NULL when nothing is pending.
CREATE FUNCTION sms_next_due() RETURNS bigint
LANGUAGE sql STABLE SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT CASE WHEN min(next_attempt_at) IS NOT NULL THEN greatest(0,
	    ceil(extract(epoch FROM min(next_attempt_at) - now()) * 1000))::bigint END
	FROM sms_outbox WHERE status = 'pending'
$$;

-- Record what happened to the messages worker p_worker sent, a batch in one
-- statement (the arrays run in parallel).  p_ok: delivered to the gateway.
-- Otherwise p_transient says whether trying again may help; it is tried
-- again after an exponential backoff with jitter while it has attempts and
-- age left.  Returns each id, in order, with its new status (NULL: not, or
-- no longer, this worker's to report).
CREATE FUNCTION sms_mark_batch(p_worker text, p_ids bigint[], p_ok boolean[],
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
		    o.attempts < p_max_attempts
			AND o.created_at > now() - make_interval(secs => p_max_age) AS more,
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

-- Functions are executable by PUBLIC when made; these are the worker's only.
REVOKE ALL ON FUNCTION sms_housekeep(integer), sms_claim(text, integer), sms_next_due(),
    sms_mark_batch(text, bigint[], boolean[], boolean[], text[], text[],
	integer, integer, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sms_mark_batch(text, bigint[], boolean[], boolean[],
    text[], text[], integer, integer, integer, integer) TO pishkhan_sms;
GRANT EXECUTE ON FUNCTION sms_claim(text, integer), sms_housekeep(integer), sms_next_due()
    TO pishkhan_sms;
