-- 023_sms_receipts.sql — delivery receipts: did the message reach the phone?
--
-- A gateway that accepted a message ('sent') may still fail to deliver it:
-- the phone is off, the number blocks advertising lines, the operator drops
-- it.  Providers that report this answer a status request per message id.
-- The worker that sent a message asks (pishkhanctl sms run, sms.status_url)
-- until the provider gives a final answer or the window ends:
--
--   delivery   NULL         no receipt is expected (no status API, no id)
--              waiting      sent with the provider's id; being asked
--              delivered    the provider says it reached the phone
--              undelivered  the provider says it will not
--              unknown      no final answer within sms.status_window
--
-- A worker says in its session whether it asks for receipts
-- (sms_worker_session); a trigger marks a message it sent with the
-- provider's id as waiting for one when the row leaves 'sending' for
-- 'sent', so that sms_mark_batch, whoever else changes it, need not know.
-- A worker asks only about its own provider's messages (sms_outbox.provider,
-- recorded by the claim since 020): an id means nothing elsewhere.
--
-- Polling is claimed like sending: sms_receipt_claim takes due rows FOR
-- UPDATE SKIP LOCKED and moves their next question a status_interval on,
-- which is the claim itself: a worker that dies while asking leaves rows
-- that are simply asked again an interval later.

SET LOCAL search_path = pishkhan, pg_catalog;

CREATE TYPE sms_delivery AS ENUM ('waiting', 'delivered', 'undelivered', 'unknown');

ALTER TABLE sms_outbox
    ADD COLUMN delivery sms_delivery,
    ADD COLUMN delivery_at timestamptz,		-- when the final state was learnt
    ADD COLUMN delivery_note text,		-- the provider's last word, or why none
    ADD COLUMN receipt_checks integer NOT NULL DEFAULT 0,
    ADD COLUMN receipt_asked_at timestamptz,	-- the last question (first: sent_at)
    ADD CONSTRAINT sms_outbox_delivery CHECK (delivery IS NULL OR status = 'sent'),
    ADD CONSTRAINT sms_outbox_delivery_at CHECK ((delivery_at IS NOT NULL)
	= (delivery IS NOT NULL AND delivery <> 'waiting'));
CREATE INDEX sms_outbox_receipts ON sms_outbox (provider, receipt_asked_at)
    WHERE delivery = 'waiting';
CREATE INDEX sms_outbox_letter ON sms_outbox (letter_id) WHERE letter_id IS NOT NULL;

GRANT UPDATE (delivery, delivery_at, delivery_note, receipt_checks, receipt_asked_at)
    ON sms_outbox TO pishkhan_sms;

-- The worker's session: whether it asks its provider for receipts.
-- Called once a connection.
CREATE FUNCTION sms_worker_session(p_receipts boolean) RETURNS void
LANGUAGE plpgsql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	PERFORM set_config('pishkhan.sms_receipts', CASE WHEN p_receipts THEN 'on' ELSE 'off' END,
	    false);
END
$$;

-- A row sent with the provider's id by a worker that asks for receipts
-- waits for one.  A row sent again (an admin's retry of a failed message)
-- starts afresh.
CREATE FUNCTION sms_outbox_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	IF OLD.status = 'sending' AND NEW.status = 'sent' THEN
		NEW.delivery := CASE WHEN NEW.gateway_id IS NOT NULL
		    AND current_setting('pishkhan.sms_receipts', true) = 'on'
		    THEN 'waiting' END::sms_delivery;
		NEW.delivery_at := NULL;
		NEW.delivery_note := NULL;
		NEW.receipt_checks := 0;
		NEW.receipt_asked_at := coalesce(NEW.sent_at, now());
	ELSIF NEW.status <> 'sent' THEN
		NEW.delivery := NULL;
		NEW.delivery_at := NULL;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER sms_outbox_stamp BEFORE UPDATE OF status ON sms_outbox
    FOR EACH ROW EXECUTE FUNCTION sms_outbox_stamp();

-- Claim up to p_limit of provider p_provider's messages whose receipt is
-- due (not asked for p_interval seconds) for worker p_worker: each is next
-- due an interval from now.  First, those sent more than p_window seconds
-- ago without a final answer are given up: 'unknown'.
CREATE FUNCTION sms_receipt_claim(p_provider text, p_limit integer,
    p_interval integer, p_window integer)
RETURNS TABLE (id bigint, gateway_id text, checks integer)
LANGUAGE plpgsql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	UPDATE sms_outbox o SET delivery = 'unknown', delivery_at = now(),
	    delivery_note = coalesce(o.delivery_note || '; ', '')
		|| 'no final answer within the window'
	WHERE o.id IN (SELECT s.id FROM sms_outbox s
	    WHERE s.delivery = 'waiting' AND s.provider = p_provider
	    AND s.sent_at <= now() - make_interval(secs => p_window)
	    FOR UPDATE SKIP LOCKED);
	RETURN QUERY
	UPDATE sms_outbox o SET receipt_asked_at = now(),
	    receipt_checks = o.receipt_checks + 1
	FROM (SELECT s.id FROM sms_outbox s
	    WHERE s.delivery = 'waiting' AND s.provider = p_provider
	    AND s.receipt_asked_at <= now() - make_interval(secs => p_interval)
	    ORDER BY s.receipt_asked_at, s.id
	    LIMIT p_limit FOR UPDATE SKIP LOCKED) c
	WHERE o.id = c.id
	RETURNING o.id, o.gateway_id, o.receipt_checks;
END
$$;

-- Milliseconds until provider p_provider's next receipt is due, or NULL
-- when none is waiting.
CREATE FUNCTION sms_receipt_next_due(p_provider text, p_interval integer) RETURNS bigint
LANGUAGE sql STABLE SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT CASE WHEN min(receipt_asked_at) IS NOT NULL THEN greatest(0,
	    ceil(extract(epoch FROM min(receipt_asked_at)
		+ make_interval(secs => p_interval) - now()) * 1000))::bigint END
	FROM sms_outbox WHERE delivery = 'waiting' AND provider = p_provider
$$;

-- Record the answers (the arrays run in parallel): p_states 'delivered',
-- 'undelivered', or 'waiting' (not final yet, or no readable answer), with
-- the provider's word or why there was none.  Only a waiting row changes.
CREATE FUNCTION sms_receipt_mark(p_ids bigint[], p_states sms_delivery[], p_notes text[])
RETURNS integer
LANGUAGE sql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	WITH u AS (
		SELECT * FROM unnest(p_ids, p_states, p_notes) AS u(id, st, note)
	), up AS (
		UPDATE sms_outbox o SET delivery = CASE WHEN u.st IN ('delivered', 'undelivered')
			THEN u.st ELSE o.delivery END,
		    delivery_at = CASE WHEN u.st IN ('delivered', 'undelivered') THEN now() END,
		    delivery_note = left(u.note, 200)
		FROM u WHERE o.id = u.id AND o.delivery = 'waiting'
		RETURNING o.id
	)
	SELECT count(*)::integer FROM up
$$;

-- A letter's messages, for whoever may see the letter (as the letters'
-- row-level security has it): no text, no number, only what became of them.
CREATE FUNCTION letter_sms(p_letter bigint)
RETURNS TABLE (id bigint, event text, status sms_status, delivery sms_delivery,
    created_at timestamptz, sent_at timestamptz, delivery_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT o.id, o.event, o.status, o.delivery, o.created_at, o.sent_at, o.delivery_at
	FROM sms_outbox o JOIN letters l ON l.id = o.letter_id
	WHERE o.letter_id = p_letter
	AND (staff_can('clerk') OR staff_can('admin') OR is_admin()
	    OR (l.status = 'approved' AND l.unit_id = my_unit()))
	ORDER BY o.id
$$;

-- Deliveries and failures by provider, for pishkhanctl sms stats and the
-- metrics: each provider's messages by outbox status and delivery state.
CREATE FUNCTION sms_delivery_counts()
RETURNS TABLE (provider text, status sms_status, delivery sms_delivery, n bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT o.provider, o.status, o.delivery, count(*)
	FROM sms_outbox o WHERE o.provider IS NOT NULL
	GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
$$;

-- The metrics (021) gain the deliveries by provider, the row 021 left for
-- them; the function is otherwise as 021 wrote it.
CREATE OR REPLACE FUNCTION metrics_gauges()
RETURNS TABLE (metric text, kind text, help text, labels text, value double precision)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT 'pishkhan_letters', 'gauge', 'Letters by status.',
	    metrics_label('status', s::text), count(l.id)::double precision
	FROM unnest(enum_range(NULL::letter_status)) AS s
	LEFT JOIN letters l ON l.status = s GROUP BY s
	UNION ALL
	SELECT 'pishkhan_letters_review_oldest_seconds', 'gauge',
	    'Age of the oldest letter waiting for a decision (0: none waits).', '',
	    coalesce(extract(epoch FROM now() - min(created_at)), 0)::double precision
	FROM letters WHERE status = 'review'
	UNION ALL
	SELECT 'pishkhan_sms_outbox_messages', 'gauge', 'SMS outbox messages by status.',
	    metrics_label('status', s::text), count(o.id)::double precision
	FROM unnest(enum_range(NULL::sms_status)) AS s
	LEFT JOIN sms_outbox o ON o.status = s GROUP BY s
	UNION ALL
	SELECT 'pishkhan_sms_outbox_oldest_pending_seconds', 'gauge',
	    'Age of the oldest message not yet sent (pending or sending), from its '
	    'queueing or its admin retry (0: none waits).', '',
	    coalesce(extract(epoch FROM now() - min(greatest(created_at, retried_at))),
		0)::double precision
	FROM sms_outbox WHERE status IN ('pending', 'sending')
	UNION ALL
	SELECT 'pishkhan_sms_login_code_oldest_pending_seconds', 'gauge',
	    'Age of the oldest login code not yet sent: a citizen is waiting for it '
	    '(0: none waits).', '',
	    coalesce(extract(epoch FROM now() - min(created_at)), 0)::double precision
	FROM sms_outbox WHERE event = 'login_code' AND status IN ('pending', 'sending')
	UNION ALL
	SELECT 'pishkhan_sms_outbox_retrying', 'gauge',
	    'Pending messages the gateway has refused at least once, waiting to be tried again.',
	    '', count(*)::double precision
	FROM sms_outbox WHERE status = 'pending' AND attempts > 0
	UNION ALL
	SELECT 'pishkhan_sms_outbox_retrying_oldest_seconds', 'gauge',
	    'Age of the oldest message being retried: about how long the gateway has '
	    'been refusing (0: none).', '',
	    coalesce(extract(epoch FROM now() - min(greatest(created_at, retried_at))),
		0)::double precision
	FROM sms_outbox WHERE status = 'pending' AND attempts > 0
	UNION ALL
	SELECT 'pishkhan_sms_failed_last_hour', 'gauge',
	    'Messages given up on (failed) in the last hour.', '', count(*)::double precision
	FROM sms_outbox WHERE status = 'failed' AND failed_at > now() - interval '1 hour'
	UNION ALL
	SELECT * FROM (SELECT 'pishkhan_sms_deliveries', 'gauge',
	    'Sent messages by provider and delivery state (waiting for the '
	    'provider''s report, delivered, undelivered, unknown).',
	    metrics_label('provider', provider) || ',' || metrics_label('state', delivery::text),
	    count(*)::double precision
	FROM sms_outbox WHERE delivery IS NOT NULL
	GROUP BY provider, delivery ORDER BY provider, delivery) d
	UNION ALL
	SELECT 'pishkhan_sms_workers', 'gauge',
	    'SMS workers (pishkhanctl sms run) connected to the database now.', '',
	    count(*)::double precision
	FROM pg_stat_activity a
	WHERE a.datname = current_database() AND a.application_name = 'pishkhan-sms'
	UNION ALL
	SELECT 'pishkhan_login_codes_today', 'gauge',
	    'Login codes sent today (the office''s day), against web.sms_budget.', '',
	    count(*)::double precision
	FROM web_login_codes WHERE created_at >= date_trunc('day', now())
$$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sms_worker_session(boolean),
    sms_receipt_claim(text, integer, integer, integer),
    sms_receipt_next_due(text, integer),
    sms_receipt_mark(bigint[], sms_delivery[], text[])
    TO pishkhan_sms;
GRANT EXECUTE ON FUNCTION letter_sms(bigint)
    TO pishkhan_clerk, pishkhan_unit, pishkhan_admin;
GRANT EXECUTE ON FUNCTION sms_delivery_counts() TO pishkhan_admin;
