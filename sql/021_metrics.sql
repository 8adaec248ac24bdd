-- 021_metrics.sql — the counter's health as numbers, in one cheap call
-- (issue 12, item 14): letters by status, the SMS outbox by status and the
-- age of what waits in it, the SMS workers connected, today's login codes.
--
-- pishkhan-web's metrics listener prints these rows at each scrape, after
-- its own process counters, in the Prometheus text format; `pishkhanctl
-- status` reads the same rows and judges them by the same thresholds as
-- the alert rules of pishkhan(7), MONITORING.  Every row says its metric,
-- type and help, so a new gauge is one more SELECT here and nothing in C.
--
-- Sizes: the counts by status scan the indexes on letters(status, ...) and
-- the outbox; the callers bound the call with a statement timeout.

SET LOCAL search_path = pishkhan, pg_catalog;

-- A label as the exposition format writes it: name="value", the value's
-- backslashes, double quotes and newlines escaped.
CREATE FUNCTION metrics_label(p_name text, p_value text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT p_name || '="' || replace(replace(replace(coalesce(p_value, ''),
	    E'\\', E'\\\\'), '"', E'\\"'), E'\n', E'\\n') || '"'
$$;

-- One row a sample; rows of one metric together, in order.  labels is ""
-- or name="value",... (metrics_label); value a plain number.
CREATE FUNCTION metrics_gauges()
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
	-- Deliveries by provider (issue 12, items 12 and 15), once sms_outbox
	-- has them, is one more row:
	--   UNION ALL SELECT 'pishkhan_sms_deliveries', 'gauge', 'Messages by provider and delivery state.', metrics_label('provider', provider) || ',' || metrics_label('state', delivery::text), count(*) FROM sms_outbox WHERE delivery IS NOT NULL GROUP BY provider, delivery
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

-- A role to watch with and nothing more: a monitoring system's login is
-- made a member (GRANT pishkhan_monitor TO nagios) and may run
-- `pishkhanctl status`.
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pishkhan_monitor') THEN
		CREATE ROLE pishkhan_monitor NOLOGIN;
	END IF;
END
$$;
GRANT USAGE ON SCHEMA pishkhan TO pishkhan_monitor;
GRANT SELECT ON schema_migrations TO pishkhan_monitor;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
GRANT EXECUTE ON FUNCTION metrics_gauges()
    TO pishkhan_web, pishkhan_admin, pishkhan_monitor;
