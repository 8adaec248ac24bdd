-- 027_console_due.sql — the console's side of the service levels (issue
-- 14, 024 and 025): the queue shows how many working days each letter has
-- waited and where it stands against its due instant, can be sorted by
-- due and filtered to the late ones; and the clerk is shown the same
-- citizen's similar letters to the same unit of the last 30 days, with
-- what became of them, so that like letters are decided alike.
--
-- What a letter waits for depends on its status:
--   review:   the clerk's decision, due at decision_due, waited since it came;
--   approved: the unit's response, due at response_due, waited since it
--             was approved, done when the first response came (responded_at);
--   rejected: nothing.

SET LOCAL search_path = pishkhan, pg_catalog;

-- What the letter waits for now is due at next_due: its decision's due
-- while under review, its response's while approved and unanswered;
-- 'infinity' when it waits for nothing (rejected, answered) or no due was
-- recorded (letters loaded with the triggers off), so it is never NULL for
-- the keyset's row comparison and such letters come last.  The queue sorts
-- by it and the late filter is next_due <= now().
--
-- A stored column, not an expression index: under row-level security a
-- condition is an index condition only when it is leakproof, and an
-- expression (COALESCE, CASE) is not, so a keyset page deep in the list
-- would filter every row before it.  On a plain column the comparison is
-- leakproof.  The status is told by the columns 001's letters_decision
-- ties to it (decided_at NULL: under review; letter_no set: approved), as
-- a generated column's expression must be immutable.  Partial indexes, one
-- a status: the status test itself (enum equality) is not leakproof, but
-- it proves an index's WHERE (as 001's letters_queue).
ALTER TABLE letters ADD COLUMN next_due timestamptz
    GENERATED ALWAYS AS (CASE
	WHEN decided_at IS NULL THEN coalesce(decision_due, 'infinity'::timestamptz)
	WHEN letter_no IS NOT NULL AND responded_at IS NULL
	    THEN coalesce(response_due, 'infinity'::timestamptz)
	ELSE 'infinity'::timestamptz END) STORED;
CREATE INDEX letters_review_next_due ON letters (next_due, id)
    WHERE status = 'review';
CREATE INDEX letters_approved_next_due ON letters (next_due, id)
    WHERE status = 'approved';
CREATE INDEX letters_approved_unit_next_due ON letters (unit_id, next_due, id)
    WHERE status = 'approved';

-- 016's console_letters (the last definition, 007's with the office's
-- zone), with four more columns and a filter; the return type changes, so
-- it is dropped and made again.  Still plain SQL with no SET clause, so
-- PostgreSQL inlines it into the console's query (see 007):
--   waited     working days waited for the pending step (024's
--              working_days_between): since the letter came (review),
--              since it was approved, up to its response (approved);
--              never below 0 (a clock a little ahead of the server's);
--   due        when the pending step is due (NULL: nothing pending);
--   due_state  024's due_state: on_time, due_today, late; done or
--              done_late for an approved letter already answered;
--   next_due   the sort key above;
-- p_late: only the late ones (next_due passed: what due_state calls late).
-- The CASEs are on p_status, which the planner knows (the console sends it
-- as a parameter of an unnamed statement), so they fold to one arm.
DROP FUNCTION console_letters(letter_status, integer, date, date, text);
CREATE FUNCTION console_letters(p_status letter_status, p_unit integer,
    p_from date, p_to date, p_search text, p_late boolean DEFAULT false)
RETURNS TABLE (id bigint, created_at timestamptz, sender_name text,
    mobile text, unit_code text, subject text, status letter_status,
    letter_no text, tracking_no text, waited integer, due timestamptz,
    due_state text, next_due timestamptz)
LANGUAGE sql STABLE AS $$
	SELECT l.id, l.created_at, l.sender_name, c.mobile, u.code, l.subject,
	    l.status, l.letter_no, l.tracking_no,
	    greatest(CASE p_status
		WHEN 'review' THEN pishkhan.working_days_between(l.created_at, now())
		WHEN 'approved' THEN pishkhan.working_days_between(l.decided_at,
		    coalesce(l.responded_at, now())) END, 0),
	    CASE p_status WHEN 'review' THEN l.decision_due
		WHEN 'approved' THEN l.response_due END,
	    CASE p_status
		WHEN 'review' THEN pishkhan.due_state(l.decision_due)
		WHEN 'approved' THEN pishkhan.due_state(l.response_due,
		    l.responded_at) END,
	    l.next_due
	FROM pishkhan.letters l
	LEFT JOIN pishkhan.units u ON u.id = l.unit_id
	LEFT JOIN pishkhan.citizens c ON c.id = l.citizen_id
	WHERE l.status = p_status
	AND (p_unit IS NULL OR l.unit_id = p_unit)
	AND (p_from IS NULL OR l.created_at >= (p_from::timestamp AT TIME ZONE
	    pishkhan.office_zone()))
	AND (p_to IS NULL OR l.created_at < ((p_to + 1)::timestamp AT TIME ZONE
	    pishkhan.office_zone()))
	AND (p_late IS NOT TRUE OR l.next_due <= now())
	AND (p_search IS NULL
	    OR l.subject ILIKE '%' || replace(replace(replace(p_search,
		'\', '\\'), '%', '\%'), '_', '\_') || '%'
	    OR l.sender_name ILIKE '%' || replace(replace(replace(p_search,
		'\', '\\'), '%', '\%'), '_', '\_') || '%'
	    OR l.tracking_no = pishkhan.ascii_digits(p_search)
	    OR l.letter_no = pishkhan.ascii_digits(p_search)
	    OR (pishkhan.ascii_digits(p_search) ~ '^[0-9]{4,}$'
		AND c.mobile LIKE '%' || ltrim(pishkhan.ascii_digits(p_search), '0')))
$$;

------------------------------------------------------------------------
-- Similar letters (issue 14, item 5): PostgreSQL's pg_trgm, in this schema
-- (its functions then fall under the schema's grants and REVOKEs like
-- ours).  It is in Debian's postgresql-contrib, which in Debian 12 is the
-- postgresql-15 package itself.

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA pishkhan;
DO $$
BEGIN
	IF to_regprocedure('pishkhan.similarity(text,text)') IS NULL THEN
		RAISE EXCEPTION 'pg_trgm is installed in another schema than pishkhan'
		    USING ERRCODE = '42883',
		    HINT = 'move it: ALTER EXTENSION pg_trgm SET SCHEMA pishkhan';
	END IF;
	-- pg_trgm tells letters from other characters by the database's
	-- LC_CTYPE: under C (or POSIX) no Persian letter is one, and no two
	-- Persian subjects are alike.
	IF pishkhan.similarity('نامه', 'نامه') = 0 THEN
		RAISE WARNING 'this database''s LC_CTYPE (%) hides Persian letters from pg_trgm: the console will show no similar letters',
		    (SELECT datctype FROM pg_database WHERE datname = current_database())
		    USING HINT = 'make the database with a UTF-8 LC_CTYPE, such as createdb --lc-ctype=C.UTF-8, and restore into it';
	END IF;
END
$$;

INSERT INTO settings (key, value, doc) VALUES
('duplicate_similarity', '0.4',
    'how alike two subjects must be (pg_trgm similarity, 0 to 1) for the clerk '
    'to be shown the same citizen''s earlier letter to the same unit; 1: only the same words')
ON CONFLICT (key) DO NOTHING;

ALTER TABLE settings ADD CONSTRAINT settings_duplicate_similarity CHECK (
    key <> 'duplicate_similarity'
    OR value ~ '^(0(\.[0-9]{1,6})?|1(\.0{1,6})?|\.[0-9]{1,6})$');

-- A subject as the comparison reads it: Arabic yeh and kaf as the Persian
-- ones (ي ى → ی, ك → ک), teh marbuta and heh with yeh above as heh, ZWNJ
-- as a space, digits of any script as ASCII, and lower case.  Keyboards
-- differ in which of the look-alike letters they type.
CREATE FUNCTION subject_norm(s text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN lower(pishkhan.ascii_digits(translate(s,
    'يىكةۀ' || U&'\200C', 'ییکهه ')));

-- The same citizen's letters to the same unit (the one the citizen chose)
-- in the 30 days before this one, whose subjects are at least
-- duplicate_similarity alike, the most alike first: what became of each
-- (status, letter number, the reason of a rejection).  Clerks and admins.
-- A citizen sends at most letters_per_day a day, so the 30 days hold a few
-- hundred letters at most: the citizen's index (letters_citizen) finds
-- them and the similarity is computed for those alone.
CREATE FUNCTION letter_similar(p_letter bigint)
RETURNS TABLE (id bigint, created_at timestamptz, subject text,
    status letter_status, letter_no text, decision text, decided_at timestamptz,
    similarity real)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	IF NOT (staff_can('clerk') OR is_admin()) THEN
		RAISE EXCEPTION '"%" is neither a clerk nor an admin', session_user
		    USING ERRCODE = 'PK403';
	END IF;
	RETURN QUERY
	SELECT o.id, o.created_at, o.subject, o.status, o.letter_no,
	    o.rejection_reason, o.decided_at, s.sim
	FROM letters l
	JOIN letters o ON o.citizen_id = l.citizen_id
	    AND o.requested_unit_id = l.requested_unit_id
	    AND o.created_at >= l.created_at - interval '30 days'
	    AND (o.created_at, o.id) < (l.created_at, l.id),
	LATERAL (SELECT pishkhan.similarity(subject_norm(o.subject),
	    subject_norm(l.subject)) AS sim) s
	WHERE l.id = p_letter
	AND s.sim >= coalesce(setting('duplicate_similarity')::real, 0.4)
	ORDER BY s.sim DESC, o.created_at DESC, o.id DESC
	LIMIT 20;
END
$$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
GRANT EXECUTE ON FUNCTION console_letters(letter_status, integer, date, date,
    text, boolean)
    TO pishkhan_clerk, pishkhan_unit, pishkhan_admin;
GRANT EXECUTE ON FUNCTION letter_similar(bigint), subject_norm(text)
    TO pishkhan_clerk, pishkhan_admin;
