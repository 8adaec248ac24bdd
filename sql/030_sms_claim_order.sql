-- 030_sms_claim_order.sql — a claim's messages come back in the order they
-- were claimed: the highest priority first, then the longest due.
--
-- sms_claim (020) chose the right messages but returned them in the order
-- its UPDATE met them, which the plan decides: a nested loop over the
-- claim index gives the claim's order, but once the outbox has statistics
-- (autovacuum's ANALYZE, at any moment) a hash join reads the table in its
-- physical order, where a login code queued last comes last.  The worker
-- sends a batch in the order it gets it, so decisions went to the gateway
-- ahead of the login code claimed with them.  The claim now orders what
-- it returns; the sort is of the claimed rows alone (sms.concurrency times
-- a few rounds), the index is still read in order and stops at the limit.
--
-- Otherwise as 020: the same signature, so the grants stay.

SET LOCAL search_path = pishkhan, pg_catalog;

-- Claim up to p_limit due messages for worker p_worker, the highest
-- priority first (never an expired login code), and return them in that
-- order: the order to send them in.  With a provider: nothing while it is
-- paused, and with p_rate > 0 (messages a second) no more than its bucket
-- holds, refilled at p_rate up to p_burst.  Without one (the defaults): as
-- many as are due.
CREATE OR REPLACE FUNCTION sms_claim(p_worker text, p_limit integer, p_provider text DEFAULT NULL,
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
		WITH c AS (
			SELECT s.id FROM sms_outbox s
			WHERE s.status = 'pending' AND s.next_attempt_at <= now()
			AND (s.expires_at IS NULL OR s.expires_at > now())
			ORDER BY s.priority DESC, s.next_attempt_at, s.id
			LIMIT v_n FOR UPDATE SKIP LOCKED
		), u AS (
			UPDATE sms_outbox o SET status = 'sending', claimed_by = p_worker,
			    claimed_at = now(), attempts = o.attempts + 1,
			    provider = p_provider
			FROM c WHERE o.id = c.id
			RETURNING o.id, o.event, o.to_number, o.body, o.attempts,
			    o.priority, o.next_attempt_at
		)
		-- the UPDATE returns its rows in the plan's order, not the claim's
		SELECT u.id, u.event, u.to_number, u.body, u.attempts, u.priority
		FROM u ORDER BY u.priority DESC, u.next_attempt_at, u.id;
		GET DIAGNOSTICS v_got = ROW_COUNT;
	END IF;
	IF p_provider IS NOT NULL AND p_rate > 0 THEN
		UPDATE sms_pacing s SET tokens = v_tokens - v_got, filled_at = v_now
		WHERE s.provider = p_provider;
	END IF;
END
$$;
