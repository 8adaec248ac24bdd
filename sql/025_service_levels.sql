-- 025_service_levels.sql — each unit's service levels, in working days
-- (024): how long a letter addressed to it may wait for the clerk's
-- decision, and how long an approved letter may wait for the unit's
-- response.  A letter records its due instants when they begin: the
-- decision's when it arrives, the response's when it is approved (with the
-- level of the unit it was approved to).  A later change of a level, or a
-- holiday imported afterwards, does not rewrite them: the record says what
-- was promised then.
--
-- responded_at is when the unit posted its first response (a file the
-- citizen downloads); status updates are not responses.

SET LOCAL search_path = pishkhan, pg_catalog;

ALTER TABLE units
    ADD COLUMN decision_days integer NOT NULL DEFAULT 2
	CONSTRAINT units_decision_days CHECK (decision_days BETWEEN 1 AND 365),
    ADD COLUMN response_days integer NOT NULL DEFAULT 10
	CONSTRAINT units_response_days CHECK (response_days BETWEEN 1 AND 365);

ALTER TABLE letters
    ADD COLUMN decision_due timestamptz,
    ADD COLUMN response_due timestamptz,
    ADD COLUMN responded_at timestamptz;

-- The due instants are the database's to set, once each.
CREATE FUNCTION letters_due() RETURNS trigger
LANGUAGE plpgsql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		NEW.decision_due := working_days_after(NEW.created_at,
		    (SELECT u.decision_days FROM units u WHERE u.id = NEW.unit_id));
		NEW.response_due := NULL;
		NEW.responded_at := NULL;
		RETURN NEW;
	END IF;
	NEW.decision_due := OLD.decision_due;
	IF OLD.status = 'review' AND NEW.status = 'approved' THEN
		NEW.response_due := working_days_after(NEW.decided_at,
		    (SELECT u.response_days FROM units u WHERE u.id = NEW.unit_id));
	ELSE
		NEW.response_due := OLD.response_due;
	END IF;
	-- The first response stays the first.
	NEW.responded_at := coalesce(OLD.responded_at, NEW.responded_at);
	RETURN NEW;
END
$$;
CREATE TRIGGER letters_due BEFORE INSERT OR UPDATE ON letters
    FOR EACH ROW EXECUTE FUNCTION letters_due();

-- A response event marks its letter answered (the first one counts).
CREATE FUNCTION letters_responded() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	UPDATE letters SET responded_at = NEW.at
	WHERE id = NEW.letter_id AND responded_at IS NULL;
	RETURN NULL;
END
$$;
CREATE TRIGGER letter_events_response AFTER INSERT ON letter_events
    FOR EACH ROW WHEN (NEW.kind = 'response')
    EXECUTE FUNCTION letters_responded();

-- The letters that came before: their dues as the levels (the defaults)
-- would have set them, and their first responses.  Without the guard's
-- trigger, which would stamp every letter as updated now.
ALTER TABLE letters DISABLE TRIGGER letters_guard;
ALTER TABLE letters DISABLE TRIGGER letters_due;
UPDATE letters l SET decision_due = working_days_after(l.created_at, u.decision_days)
FROM units u WHERE u.id = l.requested_unit_id;
UPDATE letters l SET response_due = working_days_after(l.decided_at, u.response_days)
FROM units u WHERE u.id = l.unit_id AND l.status = 'approved';
UPDATE letters l SET responded_at = e.first
FROM (SELECT letter_id, min(at) AS first FROM letter_events
    WHERE kind = 'response' GROUP BY letter_id) e
WHERE e.letter_id = l.id;
ALTER TABLE letters ENABLE TRIGGER letters_due;
ALTER TABLE letters ENABLE TRIGGER letters_guard;

-- The console's queue finds letters by due through 027's next_due and its
-- indexes; these columns need none of their own.

-- An admin changes a unit's levels with UPDATE units (004 grants it):
-- pishkhanctl units edit --decision-days, --response-days.
