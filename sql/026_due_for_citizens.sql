-- 026_due_for_citizens.sql — what a citizen is told of the service levels
-- (025): by when the letter's answer is expected, and that it is late when
-- it is.  The citizen's letter page and list ask web_letter_due (new); the
-- approval SMS may say the response's due date with {due}
-- (sms_placeholders and letter_sms_params, as 003 and 016 last wrote them,
-- each with 'due' added).

SET LOCAL search_path = pishkhan, pg_catalog;

-- What this citizen's letter waits for, if anything: the clerk's decision
-- while it is under review, the unit's response once it is approved and
-- until the first response.  due is the last office date on which it is
-- not late (due_date); state is due_state's: 'on_time', 'due_today' or
-- 'late'.  No row for a rejected or answered letter, nor for anyone
-- else's.
CREATE FUNCTION web_letter_due(p_citizen bigint, p_letter bigint,
    OUT kind text, OUT due date, OUT state text)
RETURNS SETOF record
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT w.kind, due_date(w.at), due_state(w.at)
	FROM letters l,
	    LATERAL (SELECT CASE l.status WHEN 'review' THEN 'decision'
		ELSE 'response' END AS kind,
		CASE l.status WHEN 'review' THEN l.decision_due
		ELSE l.response_due END AS at) w
	WHERE l.id = p_letter AND l.citizen_id = p_citizen
	AND (l.status = 'review'
	    OR (l.status = 'approved' AND l.responded_at IS NULL))
	AND w.at IS NOT NULL
$$;

-- 003: the placeholders each event's template may use; the approval's
-- gains {due}, the response's due date.
CREATE OR REPLACE FUNCTION sms_placeholders(p_event text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE p_event
	WHEN 'login_code' THEN ARRAY['code', 'minutes']
	WHEN 'approved' THEN ARRAY['letter_no', 'tracking_no', 'date', 'subject', 'unit', 'due']
	WHEN 'rejected' THEN ARRAY['reason', 'date', 'subject', 'unit']
	WHEN 'update' THEN ARRAY['note', 'letter_no', 'tracking_no', 'date', 'subject', 'unit']
	WHEN 'response' THEN ARRAY['note', 'letter_no', 'tracking_no', 'date', 'subject', 'unit']
	WHEN 'test' THEN ARRAY['text']
	ELSE ARRAY[]::text[] END;

-- 016: the placeholders of a letter, in the citizen's language; 'due' is
-- the last office date of the response's level (025 sets response_due when
-- the letter is approved, so letter_approve's row has it), written as
-- 'date' is.
CREATE OR REPLACE FUNCTION letter_sms_params(l letters) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT jsonb_build_object(
	    'letter_no', l.letter_no,
	    'tracking_no', l.tracking_no,
	    'subject', l.subject,
	    'unit', CASE c.lang WHEN 'en' THEN u.name_en ELSE u.name_fa END,
	    'date', CASE c.lang
		WHEN 'en' THEN jalali(d) || ' (' || to_char(d, 'YYYY-MM-DD') || ')'
		ELSE jalali(d) END,
	    'due', CASE c.lang
		WHEN 'en' THEN jalali(dd.due) || ' (' || to_char(dd.due, 'YYYY-MM-DD') || ')'
		ELSE jalali(dd.due) END)
	FROM citizens c, units u,
	    LATERAL (SELECT coalesce(l.letter_date,
		(coalesce(l.decided_at, now()) AT TIME ZONE office_zone())::date) AS d,
		due_date(l.response_due) AS due) dd
	WHERE c.id = l.citizen_id AND u.id = l.unit_id
$$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
GRANT EXECUTE ON FUNCTION web_letter_due(bigint, bigint) TO pishkhan_web;
