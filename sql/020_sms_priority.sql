-- 020_sms_priority.sql — a login code never waits behind a day's decisions,
-- and the workers together keep to the gateway's rate (issue 12 item 15).
--
-- Priority: each message's priority follows from its event, in the row
-- itself (a generated column, so every way into the outbox gets it):
-- login codes 2, decisions (approved, rejected) 1, the rest 0.  Claims take
-- the highest priority first, then the longest due.  The notification of
-- new messages says the highest priority among them, so that a worker in
-- the middle of a batch of decisions puts the rest back when a login code
-- is queued, and claims again: the code is in its next round.
--
-- Pacing: one row per provider (the gateway account, sms.provider) in
-- sms_pacing holds a token bucket: sms_claim refills it at the worker's
-- sms.rate up to sms.burst and claims no more messages than it holds, under
-- the row's lock, so every worker of every host shares one rate.  The price
-- is one hot row: paced claims of one provider are serialised for the few
-- milliseconds a claim takes (a worker claims at most about ten times a
-- second when paced), and each writes the row; unpaced claims (sms.rate 0)
-- only read it, for a pause.  The rate itself is the workers'
-- configuration; workers of one provider must agree on it.  (The other
-- way, each worker pacing itself at its share, needs every worker to know
-- how many there are, and is wrong whenever one starts or dies.)
--
-- Pausing: a gateway that answers 429 (or 503 with Retry-After) pauses the
-- provider until the time it asked for (sms_pause); no worker claims for it
-- meanwhile.  The messages so refused, and those a worker held back because
-- of the pause, go back to the queue with sms_defer, without the attempt
-- they did not make, due when the pause ends; a login code that would
-- expire first expires instead, unsent.

SET LOCAL search_path = pishkhan, pg_catalog;

ALTER TABLE sms_outbox
    ADD COLUMN priority smallint NOT NULL GENERATED ALWAYS AS (CASE
	WHEN event = 'login_code' THEN 2
	WHEN event IN ('approved', 'rejected') THEN 1
	ELSE 0 END) STORED,
    -- the provider the last claim was for (sms.provider)
    ADD COLUMN provider text;
GRANT UPDATE (provider) ON sms_outbox TO pishkhan_sms;

-- Claims read this index in order and stop at the limit, however many
-- messages wait (sms_outbox_due stays, for sms_next_due's min()).
CREATE INDEX sms_outbox_claim ON sms_outbox (priority DESC, next_attempt_at, id)
    WHERE status = 'pending';

-- Wake the workers with the highest priority queued (a statement's rows).
CREATE OR REPLACE FUNCTION sms_outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('pishkhan_sms', coalesce((SELECT max(n.priority)::text
	    FROM new_rows n), ''));
	RETURN NULL;
END
$$;
DROP TRIGGER sms_outbox_notify ON sms_outbox;
CREATE TRIGGER sms_outbox_notify AFTER INSERT ON sms_outbox
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sms_outbox_notify();

CREATE TABLE sms_pacing (
	provider	text PRIMARY KEY CHECK (length(provider) BETWEEN 1 AND 200),
	tokens		double precision NOT NULL,	-- messages that may go now
	filled_at	timestamptz NOT NULL,		-- when tokens was true
	paused_until	timestamptz,			-- the gateway asked to wait
	pause_reason	text
);
GRANT SELECT, INSERT, UPDATE ON sms_pacing TO pishkhan_sms;
GRANT SELECT ON sms_pacing TO pishkhan_admin;

-- Claim up to p_limit due messages for worker p_worker, the highest
-- priority first (never an expired login code).  With a provider: nothing
-- while it is paused, and with p_rate > 0 (messages a second) no more than
-- its bucket holds, refilled at p_rate up to p_burst.  Without one (the
-- defaults): as many as are due.
DROP FUNCTION sms_claim(text, integer);
CREATE FUNCTION sms_claim(p_worker text, p_limit integer, p_provider text DEFAULT NULL,
    p_rate integer DEFAULT 0, p_burst integer DEFAULT 1)
RETURNS TABLE (id bigint, event text, to_number text, body text, attempts integer,
    priority smallint)
LANGUAGE plpgsql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	p sms_pacing;
	v_now timestamptz;
	v_tokens double precision;
	v_n integer := p_limit;
	v_got integer := 0;
BEGIN
	IF p_provider IS NOT NULL AND p_rate > 0 THEN
		INSERT INTO sms_pacing AS s (provider, tokens, filled_at)
		VALUES (p_provider, greatest(p_burst, 1), clock_timestamp())
		ON CONFLICT (provider) DO NOTHING;
		SELECT * INTO p FROM sms_pacing s WHERE s.provider = p_provider FOR UPDATE;
	ELSIF p_provider IS NOT NULL THEN
		-- unpaced: only a pause matters, and nothing is written
		SELECT * INTO p FROM sms_pacing s WHERE s.provider = p_provider;
	END IF;
	-- after the lock: the time the last claim of another worker wrote
	v_now := clock_timestamp();
	IF p.paused_until > v_now THEN
		RETURN;
	END IF;
	IF p_provider IS NOT NULL AND p_rate > 0 THEN
		v_tokens := least(greatest(p_burst, 1)::double precision, p.tokens
		    + p_rate * greatest(0, extract(epoch FROM v_now - p.filled_at)));
		v_n := least(v_n, floor(v_tokens)::integer);
	END IF;
	IF v_n > 0 THEN
		RETURN QUERY
		UPDATE sms_outbox o SET status = 'sending', claimed_by = p_worker,
		    claimed_at = now(), attempts = o.attempts + 1, provider = p_provider
		FROM (SELECT s.id FROM sms_outbox s
		    WHERE s.status = 'pending' AND s.next_attempt_at <= now()
		    AND (s.expires_at IS NULL OR s.expires_at > now())
		    ORDER BY s.priority DESC, s.next_attempt_at, s.id
		    LIMIT v_n FOR UPDATE SKIP LOCKED) c
		WHERE o.id = c.id
		RETURNING o.id, o.event, o.to_number, o.body, o.attempts, o.priority;
		GET DIAGNOSTICS v_got = ROW_COUNT;
	END IF;
	IF p_provider IS NOT NULL AND p_rate > 0 THEN
		UPDATE sms_pacing s SET tokens = v_tokens - v_got, filled_at = v_now
		WHERE s.provider = p_provider;
	END IF;
END
$$;

-- The gateway of provider p_provider asked to wait p_ms milliseconds
-- (Retry-After): no worker claims for it until then, and its bucket starts
-- empty then, so the first second after the pause is no burst.  A shorter
-- pause never cuts a longer one short.  Returns when the pause ends.
CREATE FUNCTION sms_pause(p_provider text, p_ms bigint, p_reason text)
RETURNS timestamptz
LANGUAGE sql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	INSERT INTO sms_pacing AS s (provider, tokens, filled_at, paused_until, pause_reason)
	VALUES (p_provider, 0, clock_timestamp() + make_interval(secs => p_ms / 1000.0),
	    clock_timestamp() + make_interval(secs => p_ms / 1000.0), left(p_reason, 500))
	ON CONFLICT (provider) DO UPDATE SET
	    paused_until = greatest(s.paused_until, excluded.paused_until),
	    filled_at = greatest(s.paused_until, excluded.paused_until),
	    tokens = 0, pause_reason = excluded.pause_reason
	RETURNING s.paused_until
$$;

-- Put back messages worker p_worker claimed but did not really send: the
-- gateway refused them for now (429) or the worker held them back during a
-- pause, or put back for a message that outranks them (p_errors NULL: the
-- last error stays).  Each goes back to pending without the attempt its claim counted,
-- due in p_ms milliseconds; a login code that would expire by then expires
-- now, unsent and wiped; a message past the retry window (p_max_age
-- seconds, as sms_mark_batch counts it) fails.  Returns each id, in order,
-- with its new status (NULL: not this worker's).
CREATE FUNCTION sms_defer(p_worker text, p_ids bigint[], p_errors text[],
    p_ms bigint, p_max_age integer)
RETURNS TABLE (id bigint, status sms_status)
LANGUAGE sql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	WITH u AS (
		SELECT * FROM unnest(p_ids, p_errors) WITH ORDINALITY AS u(id, err, n)
	), s AS (
		SELECT u.id, u.err, CASE
		    WHEN o.expires_at IS NOT NULL AND o.expires_at
			<= now() + make_interval(secs => p_ms / 1000.0) THEN 'expired'
		    WHEN greatest(o.created_at, o.retried_at)
			<= now() - make_interval(secs => p_max_age) THEN 'failed'
		    ELSE 'pending' END::sms_status AS st
		FROM u JOIN sms_outbox o ON o.id = u.id
		WHERE o.status = 'sending' AND o.claimed_by = p_worker
		FOR UPDATE OF o
	), up AS (
		UPDATE sms_outbox o SET status = s.st,
		    attempts = greatest(o.attempts - 1, 0),
		    last_error = coalesce(left(s.err, 500), o.last_error),
		    failed_at = CASE WHEN s.st = 'failed' THEN now() ELSE o.failed_at END,
		    next_attempt_at = CASE WHEN s.st = 'pending'
			THEN now() + make_interval(secs => p_ms / 1000.0)
			ELSE o.next_attempt_at END,
		    claimed_by = CASE WHEN s.st = 'pending' THEN NULL ELSE o.claimed_by END,
		    body = CASE WHEN o.event = 'login_code' AND s.st <> 'pending' THEN NULL
			ELSE o.body END
		FROM s WHERE o.id = s.id
		RETURNING o.id, o.status
	)
	SELECT u.id, up.status FROM u LEFT JOIN up ON up.id = u.id ORDER BY u.n
$$;

-- Milliseconds until a claim for provider p_provider can take something
-- (0: now): a message is due, the provider is not paused and, at p_rate
-- messages a second, its bucket holds p_want; NULL when nothing is pending.
CREATE FUNCTION sms_next_due(p_provider text, p_rate integer, p_want integer)
RETURNS bigint
LANGUAGE sql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT CASE WHEN d.due IS NOT NULL THEN greatest(0,
	    ceil(extract(epoch FROM d.due - clock_timestamp()) * 1000),
	    ceil(extract(epoch FROM p.paused_until - clock_timestamp()) * 1000),
	    CASE WHEN p_rate > 0 AND p.tokens IS NOT NULL THEN ceil((p_want - p.tokens
		- p_rate * greatest(0, extract(epoch FROM clock_timestamp() - p.filled_at)))
		* 1000.0 / p_rate) END)::bigint END
	FROM (SELECT min(o.next_attempt_at) AS due FROM sms_outbox o
	    WHERE o.status = 'pending') d
	LEFT JOIN sms_pacing p ON p.provider = p_provider
$$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sms_claim(text, integer, text, integer, integer),
    sms_pause(text, bigint, text),
    sms_defer(text, bigint[], text[], bigint, integer),
    sms_next_due(text, integer, integer)
    TO pishkhan_sms;
