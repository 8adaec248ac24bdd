-- 003_functions.sql — the rules: who is who, the letter state machine, the
-- audit log, the SMS outbox, and the only ways the public web reads data.
--
-- Every state change is one of these functions.  Each checks the caller and
-- the transition, writes letter_events and queues the SMS in the caller's
-- transaction, so no client can skip the audit or make an illegal move.
-- They are SECURITY DEFINER (the migration owner) with a fixed search_path;
-- roles get EXECUTE on exactly the ones they need (004_security.sql).
--
-- Errors raised here use our own SQLSTATEs (see pishkhan(7)):
--   PK403 not active staff with that role   PK404 no such letter/unit/file
--   PK409 already decided                    PK422 not allowed in this state

SET LOCAL search_path = pishkhan, pg_catalog;

------------------------------------------------------------------------
-- Who is calling.  session_user is the login, whatever SET ROLE says.

CREATE FUNCTION staff_can(p_role text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp
AS $$
	SELECT EXISTS (SELECT 1 FROM staff s
	    WHERE s.login = session_user AND s.active
	    AND CASE p_role WHEN 'clerk' THEN s.is_clerk
		WHEN 'unit' THEN s.is_unit WHEN 'admin' THEN s.is_admin
		ELSE false END)
$$;

CREATE FUNCTION my_unit() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp
AS $$
	SELECT s.unit_id FROM staff s
	WHERE s.login = session_user AND s.active AND s.is_unit
$$;

-- A superuser (how the first admin is made) or an active admin.
CREATE FUNCTION is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp
AS $$
	SELECT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false)
	    OR pishkhan.staff_can('admin')
$$;

CREATE FUNCTION require_staff(p_role text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	IF NOT staff_can(p_role) THEN
		RAISE EXCEPTION '"%" is not active staff with the % role', session_user, p_role
		    USING ERRCODE = 'PK403';
	END IF;
END
$$;

CREATE FUNCTION setting(p_key text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp
AS $$ SELECT value FROM settings WHERE key = p_key $$;

-- Today in the office's time zone.
CREATE FUNCTION office_today() RETURNS date
LANGUAGE sql STABLE SET search_path = pishkhan, pg_catalog, pg_temp
AS $$ SELECT (now() AT TIME ZONE coalesce(setting('time_zone'), 'Asia/Tehran'))::date $$;

-- Collapse runs of blanks and trim: what people type into one-line fields.
CREATE FUNCTION clean_line(s text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN nullif(btrim(regexp_replace(s, '[\s\u00a0]+', ' ', 'g')), '');

------------------------------------------------------------------------
-- The audit log is append-only, for everyone, owners included.

CREATE FUNCTION letter_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'letter_events is an append-only audit log'
	    USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER letter_events_no_update BEFORE UPDATE OR DELETE ON letter_events
    FOR EACH ROW EXECUTE FUNCTION letter_events_append_only();
CREATE TRIGGER letter_events_no_truncate BEFORE TRUNCATE ON letter_events
    FOR EACH STATEMENT EXECUTE FUNCTION letter_events_append_only();

-- Decisions are final: whatever updates a letter, a decided letter keeps
-- its status, numbers and reason.
CREATE FUNCTION letters_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.status <> 'review' AND (NEW.status IS DISTINCT FROM OLD.status
	    OR NEW.letter_no IS DISTINCT FROM OLD.letter_no
	    OR NEW.tracking_no IS DISTINCT FROM OLD.tracking_no
	    OR NEW.letter_date IS DISTINCT FROM OLD.letter_date
	    OR NEW.rejection_reason IS DISTINCT FROM OLD.rejection_reason
	    OR NEW.decided_by IS DISTINCT FROM OLD.decided_by
	    OR NEW.decided_at IS DISTINCT FROM OLD.decided_at) THEN
		RAISE EXCEPTION 'letter % was already %', OLD.id, OLD.status
		    USING ERRCODE = 'PK409';
	END IF;
	IF NEW.citizen_id <> OLD.citizen_id OR NEW.created_at <> OLD.created_at
	    OR NEW.sender_name <> OLD.sender_name OR NEW.subject <> OLD.subject THEN
		RAISE EXCEPTION 'what the citizen sent cannot be changed'
		    USING ERRCODE = 'PK422';
	END IF;
	NEW.updated_at := now();
	RETURN NEW;
END
$$;
CREATE TRIGGER letters_guard BEFORE UPDATE ON letters
    FOR EACH ROW EXECUTE FUNCTION letters_guard();
CREATE FUNCTION letters_no_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'letters are never deleted' USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER letters_no_delete BEFORE DELETE ON letters
    FOR EACH ROW EXECUTE FUNCTION letters_no_delete();

-- A letter is committed with its letter file or not at all.
CREATE FUNCTION letters_have_main_file() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pishkhan.files f
	    WHERE f.letter_id = NEW.id AND f.kind = 'main') THEN
		RAISE EXCEPTION 'letter % has no letter file', NEW.id
		    USING ERRCODE = '23514';
	END IF;
	RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER letters_main_file AFTER INSERT ON letters
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION letters_have_main_file();

------------------------------------------------------------------------
-- SMS: templates, rendering, the outbox.

-- The placeholders each event's template may use.
CREATE FUNCTION sms_placeholders(p_event text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE p_event
	WHEN 'login_code' THEN ARRAY['code', 'minutes']
	WHEN 'approved' THEN ARRAY['letter_no', 'tracking_no', 'date', 'subject', 'unit']
	WHEN 'rejected' THEN ARRAY['reason', 'date', 'subject', 'unit']
	WHEN 'update' THEN ARRAY['note', 'letter_no', 'tracking_no', 'date', 'subject', 'unit']
	WHEN 'response' THEN ARRAY['note', 'letter_no', 'tracking_no', 'date', 'subject', 'unit']
	WHEN 'test' THEN ARRAY['text']
	ELSE ARRAY[]::text[] END;

-- A template with an unknown placeholder is refused when it is saved.
CREATE FUNCTION sms_templates_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	m text[];
BEGIN
	FOR m IN SELECT regexp_matches(NEW.body, '\{([^{}]*)\}', 'g') LOOP
		IF NOT m[1] = ANY (pishkhan.sms_placeholders(NEW.event)) THEN
			RAISE EXCEPTION 'unknown placeholder {%} in the % template', m[1], NEW.event
			    USING ERRCODE = 'PK422',
			    HINT = 'allowed: {' || array_to_string(pishkhan.sms_placeholders(NEW.event), '}, {') || '}';
		END IF;
	END LOOP;
	NEW.updated_at := now();
	NEW.updated_by := session_user;
	RETURN NEW;
END
$$;
CREATE TRIGGER sms_templates_check BEFORE INSERT OR UPDATE ON sms_templates
    FOR EACH ROW EXECUTE FUNCTION sms_templates_check();

CREATE FUNCTION sms_render(p_body text, p_params jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
	k text;
	v text;
	r text := p_body;
BEGIN
	FOR k, v IN SELECT key, value FROM jsonb_each_text(p_params) LOOP
		r := replace(r, '{' || k || '}', coalesce(v, ''));
	END LOOP;
	RETURN r;
END
$$;

-- Wake the SMS workers when a message is committed.
CREATE FUNCTION sms_outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('pishkhan_sms', '');
	RETURN NULL;
END
$$;
CREATE TRIGGER sms_outbox_notify AFTER INSERT ON sms_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION sms_outbox_notify();

-- Queue the message for `p_event` to the citizen, in their language.
-- Updates and responses can be switched off (settings sms_update and
-- sms_response): then nothing is queued and the result is NULL.
CREATE FUNCTION sms_enqueue(p_event text, p_citizen bigint, p_letter bigint,
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
	INSERT INTO sms_outbox (event, to_number, body, citizen_id, letter_id, expires_at)
	VALUES (p_event, c.mobile, sms_render(t, p_params), c.id, p_letter, p_expires)
	RETURNING sms_outbox.id INTO id;
	RETURN id;
END
$$;

-- The placeholders of a letter, in the citizen's language.
CREATE FUNCTION letter_sms_params(l letters) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT jsonb_build_object(
	    'letter_no', l.letter_no,
	    'tracking_no', l.tracking_no,
	    'subject', l.subject,
	    'unit', CASE c.lang WHEN 'en' THEN u.name_en ELSE u.name_fa END,
	    'date', CASE c.lang
		WHEN 'en' THEN jalali(d) || ' (' || to_char(d, 'YYYY-MM-DD') || ')'
		ELSE jalali(d) END)
	FROM citizens c, units u,
	    LATERAL (SELECT coalesce(l.letter_date,
		(coalesce(l.decided_at, now()) AT TIME ZONE
		    coalesce(setting('time_zone'), 'Asia/Tehran'))::date) AS d) dd
	WHERE c.id = l.citizen_id AND u.id = l.unit_id
$$;

------------------------------------------------------------------------
-- Letter numbers and tracking numbers.

-- The counter scope and format for a unit, per the settings.  Counters are
-- kept by the unit's id, so a unit whose code changes keeps counting.
CREATE FUNCTION letter_number_scope(p_unit units) RETURNS text
LANGUAGE sql STABLE SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT CASE coalesce(setting('letter_sequence'), 'unit')
		WHEN 'global' THEN 'global' ELSE 'unit:' || p_unit.id END
	    || CASE WHEN coalesce(setting('letter_sequence_yearly'), 'no') = 'yes'
		THEN ':' || (jalali_parts(office_today())).jy ELSE '' END
$$;

CREATE FUNCTION letter_number_format(p_unit units, p_seq bigint) RETURNS text
LANGUAGE sql STABLE SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT replace(replace(replace(
	    coalesce(setting('letter_number_format'), '{unit_code}/{seq}'),
	    '{unit_code}', p_unit.code),
	    '{year}', (jalali_parts(office_today())).jy::text),
	    '{seq}', p_seq::text)
$$;

-- What the next letter number of this unit will be (for the clerk's
-- confirmation; another clerk may take it first).
CREATE FUNCTION letter_number_preview(p_unit_id integer) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	u units;
BEGIN
	PERFORM require_staff('clerk');
	SELECT * INTO u FROM units WHERE id = p_unit_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no unit %', p_unit_id USING ERRCODE = 'PK404';
	END IF;
	RETURN letter_number_format(u, coalesce((SELECT last FROM letter_counters
	    WHERE scope = letter_number_scope(u)), 0) + 1);
END
$$;

CREATE FUNCTION letter_number_next(p_unit units) RETURNS text
LANGUAGE plpgsql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	seq bigint;
BEGIN
	INSERT INTO letter_counters AS c (scope, last)
	VALUES (letter_number_scope(p_unit), 1)
	ON CONFLICT (scope) DO UPDATE SET last = c.last + 1
	RETURNING last INTO seq;
	RETURN letter_number_format(p_unit, seq);
END
$$;

-- A random tracking number of `tracking_digits` digits (first one not 0),
-- from the server's strong random source (gen_random_uuid).
CREATE FUNCTION tracking_number_new() RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	n integer := coalesce(setting('tracking_digits'), '7')::integer;
	r bigint;
	t text;
BEGIN
	LOOP
		r := ('x' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 15))::bit(60)::bigint;
		t := ((10::bigint ^ (n - 1))::bigint + r % (9 * (10::bigint ^ (n - 1))::bigint))::text;
		EXIT WHEN NOT EXISTS (SELECT 1 FROM letters WHERE tracking_no = t);
	END LOOP;
	RETURN t;
END
$$;

------------------------------------------------------------------------
-- The state machine.

CREATE FUNCTION letter_lock(p_letter bigint) RETURNS letters
LANGUAGE plpgsql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	l letters;
BEGIN
	SELECT * INTO l FROM letters WHERE id = p_letter FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no letter %', p_letter USING ERRCODE = 'PK404';
	END IF;
	RETURN l;
END
$$;

CREATE FUNCTION letter_require_review(l letters) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	IF l.status <> 'review' THEN
		RAISE EXCEPTION 'letter % was already % by % at %', l.id, l.status,
		    l.decided_by, to_char(l.decided_at, 'YYYY-MM-DD HH24:MI:SS OF')
		    USING ERRCODE = 'PK409',
		    DETAIL = json_build_object('status', l.status,
			'decided_by', l.decided_by, 'decided_at', l.decided_at,
			'jalali', jalali((l.decided_at AT TIME ZONE
			    coalesce(setting('time_zone'), 'Asia/Tehran'))::date))::text;
	END IF;
END
$$;

-- Approve: letter number, tracking number and date; optionally send it on to
-- another unit than the one the citizen chose; audit and SMS, all at once.
CREATE FUNCTION letter_approve(p_letter bigint, p_unit_id integer DEFAULT NULL,
    p_note text DEFAULT NULL)
RETURNS TABLE (letter_no text, tracking_no text, letter_date date)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	l letters;
	u units;
BEGIN
	PERFORM require_staff('clerk');
	l := letter_lock(p_letter);
	PERFORM letter_require_review(l);
	SELECT * INTO u FROM units WHERE id = coalesce(p_unit_id, l.unit_id);
	IF NOT FOUND OR NOT u.active THEN
		RAISE EXCEPTION 'unit % does not exist or is disabled',
		    coalesce(p_unit_id, l.unit_id) USING ERRCODE = 'PK404';
	END IF;
	IF u.id <> l.unit_id THEN
		INSERT INTO letter_events (letter_id, kind, status_before, status_after, unit_id, note)
		VALUES (l.id, 'forwarded', 'review', 'review', u.id,
		    'requested unit ' || (SELECT code FROM units WHERE id = l.unit_id)
		    || ', sent on to ' || u.code);
	END IF;
	UPDATE letters SET status = 'approved', unit_id = u.id,
	    letter_no = letter_number_next(u), tracking_no = tracking_number_new(),
	    letter_date = office_today(), decided_by = session_user, decided_at = now()
	WHERE id = l.id RETURNING * INTO l;
	INSERT INTO letter_events (letter_id, kind, status_before, status_after, unit_id, note, notified)
	VALUES (l.id, 'approved', 'review', 'approved', u.id, clean_line(p_note), true);
	PERFORM sms_enqueue('approved', l.citizen_id, l.id, letter_sms_params(l));
	RETURN QUERY SELECT l.letter_no, l.tracking_no, l.letter_date;
END
$$;

-- Reject with a canned reason (p_reason_id) or one written by the clerk.
CREATE FUNCTION letter_reject(p_letter bigint, p_reason text,
    p_reason_id integer DEFAULT NULL) RETURNS timestamptz
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	l letters;
	r rejection_reasons;
	c citizens;
	why text := clean_line(p_reason);
BEGIN
	PERFORM require_staff('clerk');
	l := letter_lock(p_letter);
	PERFORM letter_require_review(l);
	SELECT * INTO c FROM citizens WHERE id = l.citizen_id;
	IF p_reason_id IS NOT NULL THEN
		SELECT * INTO r FROM rejection_reasons WHERE id = p_reason_id AND active;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'no active rejection reason %', p_reason_id
			    USING ERRCODE = 'PK404';
		END IF;
		why := CASE c.lang WHEN 'en' THEN r.text_en ELSE r.text_fa END;
	END IF;
	IF why IS NULL THEN
		RAISE EXCEPTION 'a rejection needs a reason' USING ERRCODE = 'PK422';
	END IF;
	UPDATE letters SET status = 'rejected', rejection_reason = why,
	    rejection_reason_id = r.id, decided_by = session_user, decided_at = now()
	WHERE id = l.id RETURNING * INTO l;
	INSERT INTO letter_events (letter_id, kind, status_before, status_after, note, notified)
	VALUES (l.id, 'rejected', 'review', 'rejected', why, true);
	PERFORM sms_enqueue('rejected', l.citizen_id, l.id,
	    letter_sms_params(l) || jsonb_build_object('reason', why));
	RETURN l.decided_at;
END
$$;

-- The unit's side: only on approved letters of the caller's own unit.
CREATE FUNCTION letter_require_my_unit(l letters) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	PERFORM require_staff('unit');
	IF l.unit_id IS DISTINCT FROM my_unit() THEN
		-- Indistinguishable from a letter that does not exist.
		RAISE EXCEPTION 'no letter %', l.id USING ERRCODE = 'PK404';
	END IF;
	IF l.status <> 'approved' THEN
		RAISE EXCEPTION 'letter % is % and takes no updates', l.id, l.status
		    USING ERRCODE = 'PK422';
	END IF;
END
$$;

CREATE FUNCTION letter_post_update(p_letter bigint, p_note text,
    p_notify boolean DEFAULT false) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	l letters;
	note text := btrim(p_note);
	ev bigint;
BEGIN
	l := letter_lock(p_letter);
	PERFORM letter_require_my_unit(l);
	IF note IS NULL OR note = '' THEN
		RAISE EXCEPTION 'a status update needs text' USING ERRCODE = 'PK422';
	END IF;
	INSERT INTO letter_events (letter_id, kind, status_before, status_after, unit_id, note, notified)
	VALUES (l.id, 'update', l.status, l.status, l.unit_id, note, p_notify)
	RETURNING id INTO ev;
	UPDATE letters SET updated_at = now() WHERE id = l.id;
	IF p_notify THEN
		PERFORM sms_enqueue('update', l.citizen_id, l.id,
		    letter_sms_params(l) || jsonb_build_object('note', note));
	END IF;
	RETURN ev;
END
$$;

CREATE FUNCTION letter_add_response(p_letter bigint, p_name text, p_type text,
    p_data bytea, p_note text DEFAULT NULL, p_notify boolean DEFAULT false)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	l letters;
	f bigint;
BEGIN
	l := letter_lock(p_letter);
	PERFORM letter_require_my_unit(l);
	INSERT INTO files (letter_id, kind, original_name, content_type, data)
	VALUES (l.id, 'response', p_name, p_type, p_data) RETURNING id INTO f;
	INSERT INTO letter_events (letter_id, kind, status_before, status_after, unit_id, file_id, note, notified)
	VALUES (l.id, 'response', l.status, l.status, l.unit_id, f, nullif(btrim(p_note), ''), p_notify);
	UPDATE letters SET updated_at = now() WHERE id = l.id;
	IF p_notify THEN
		PERFORM sms_enqueue('response', l.citizen_id, l.id,
		    letter_sms_params(l) || jsonb_build_object('note', coalesce(btrim(p_note), '')));
	END IF;
	RETURN f;
END
$$;

------------------------------------------------------------------------
-- The public web.  It has no table privileges at all: it creates citizens,
-- letters and files and reads through these functions, each scoped to the
-- one citizen whose session it holds.

CREATE FUNCTION web_citizen(p_mobile text, p_lang text DEFAULT 'fa') RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	INSERT INTO citizens AS c (mobile, lang) VALUES (p_mobile, coalesce(p_lang, 'fa'))
	ON CONFLICT (mobile) DO UPDATE SET lang = coalesce(p_lang, c.lang)
	RETURNING id
$$;

CREATE FUNCTION web_units(OUT id integer, OUT code text, OUT name_fa text,
    OUT name_en text)
RETURNS SETOF record
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT id, code, name_fa, name_en FROM units WHERE active
	ORDER BY sort_order, name_fa
$$;

-- A new letter, under review.  The same p_token twice returns the first
-- letter with created = false: a double click makes one letter.
CREATE FUNCTION web_letter_submit(p_citizen bigint, p_sender text,
    p_unit_id integer, p_subject text, p_token text,
    OUT letter_id bigint, OUT created boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	SELECT id INTO letter_id FROM letters
	WHERE citizen_id = p_citizen AND submit_token = p_token;
	IF FOUND THEN
		created := false;
		RETURN;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM units WHERE id = p_unit_id AND active) THEN
		RAISE EXCEPTION 'no active unit %', p_unit_id USING ERRCODE = 'PK404';
	END IF;
	INSERT INTO letters (citizen_id, sender_name, requested_unit_id, unit_id,
	    subject, submit_token)
	VALUES (p_citizen, clean_line(p_sender), p_unit_id, p_unit_id,
	    clean_line(p_subject), p_token)
	RETURNING id INTO letter_id;
	INSERT INTO letter_events (letter_id, kind, status_after, unit_id)
	VALUES (letter_id, 'submitted', 'review', p_unit_id);
	created := true;
END
$$;

-- Files of a letter made in this same transaction, by its citizen.
CREATE FUNCTION web_letter_add_file(p_citizen bigint, p_letter bigint,
    p_kind file_kind, p_name text, p_type text, p_data bytea) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	f bigint;
BEGIN
	IF p_kind NOT IN ('main', 'attachment') OR NOT EXISTS (SELECT 1 FROM letters
	    WHERE id = p_letter AND citizen_id = p_citizen AND created_at = now()
	    AND status = 'review') THEN
		RAISE EXCEPTION 'files can be added only to a letter being submitted'
		    USING ERRCODE = 'PK422';
	END IF;
	INSERT INTO files (letter_id, kind, original_name, content_type, data)
	VALUES (p_letter, p_kind, p_name, p_type, p_data) RETURNING id INTO f;
	RETURN f;
END
$$;

-- The citizen's letters, newest first, with an optional search over
-- subject, tracking number and letter number; keyset paging by id.
CREATE FUNCTION web_letters(p_citizen bigint, p_search text DEFAULT NULL,
    p_before bigint DEFAULT NULL, p_limit integer DEFAULT 20)
RETURNS TABLE (id bigint, subject text, sender_name text, unit_fa text,
    unit_en text, status letter_status, letter_no text, tracking_no text,
    letter_date date, rejection_reason text, rejection_reason_id integer,
    decided_at timestamptz, created_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT l.id, l.subject, l.sender_name, u.name_fa, u.name_en, l.status,
	    l.letter_no, l.tracking_no, l.letter_date, l.rejection_reason,
	    l.rejection_reason_id, l.decided_at, l.created_at
	FROM letters l JOIN units u ON u.id = l.unit_id
	WHERE l.citizen_id = p_citizen
	AND (p_before IS NULL OR l.id < p_before)
	AND (p_search IS NULL OR btrim(p_search) = ''
	    OR l.subject ILIKE '%' || replace(replace(replace(btrim(p_search),
		'\', '\\'), '%', '\%'), '_', '\_') || '%'
	    OR l.tracking_no = ascii_digits(btrim(p_search))
	    OR l.letter_no = ascii_digits(btrim(p_search)))
	ORDER BY l.id DESC
	LIMIT least(greatest(p_limit, 1), 100)
$$;

-- One letter by tracking number, only if it is this citizen's.
CREATE FUNCTION web_letter_by_tracking(p_citizen bigint, p_tracking text)
RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT id FROM letters
	WHERE tracking_no = ascii_digits(btrim(p_tracking)) AND citizen_id = p_citizen
$$;

-- What the unit has said on an approved letter of this citizen.
CREATE FUNCTION web_letter_updates(p_citizen bigint, p_letter bigint)
RETURNS TABLE (at timestamptz, kind event_kind, note text, file_id bigint,
    file_name text, file_type text, file_size bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT e.at, e.kind, e.note, f.id, f.original_name, f.content_type, f.size
	FROM letters l JOIN letter_events e ON e.letter_id = l.id
	LEFT JOIN files f ON f.id = e.file_id
	WHERE l.id = p_letter AND l.citizen_id = p_citizen AND l.status = 'approved'
	AND e.kind IN ('update', 'response')
	ORDER BY e.at DESC, e.id DESC
$$;

-- A file of one of this citizen's letters; nothing for anyone else's.
CREATE FUNCTION web_file(p_citizen bigint, p_file bigint)
RETURNS TABLE (name text, content_type text, size bigint, sha256 bytea, data bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT f.original_name, f.content_type, f.size, f.sha256, f.data
	FROM files f JOIN letters l ON l.id = f.letter_id
	WHERE f.id = p_file AND l.citizen_id = p_citizen
	AND (f.kind <> 'response' OR l.status = 'approved')
$$;

------------------------------------------------------------------------
-- Administration: staff are PostgreSQL roles; only these functions make them.

CREATE FUNCTION require_admin() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	IF NOT is_admin() THEN
		RAISE EXCEPTION '"%" is neither a superuser nor an active admin', session_user
		    USING ERRCODE = 'PK403';
	END IF;
END
$$;

-- Grant or revoke one group role, quietly when there is nothing to do.
CREATE FUNCTION staff_grant(p_login text, p_group text, p_member boolean)
RETURNS void
LANGUAGE plpgsql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	is_member boolean := EXISTS (SELECT 1 FROM pg_auth_members m
	    JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
	    WHERE g.rolname = p_group AND r.rolname = p_login);
BEGIN
	IF p_member AND NOT is_member THEN
		BEGIN	-- roles are cluster-wide: another database may grant it now
			EXECUTE format('GRANT %I TO %I', p_group, p_login);
		EXCEPTION WHEN unique_violation THEN
			NULL;
		END;
	ELSIF NOT p_member AND is_member THEN
		EXECUTE format('REVOKE %I FROM %I', p_group, p_login);
	END IF;
END
$$;

-- Make (or re-activate) a staff member and the PostgreSQL role they log in
-- as, granted exactly the group roles of their duties.
CREATE FUNCTION staff_add(p_login text, p_name text, p_clerk boolean,
    p_unit_code text, p_admin boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	u integer;
	s staff;
BEGIN
	PERFORM require_admin();
	IF p_unit_code IS NOT NULL THEN
		SELECT id INTO u FROM units WHERE code = ascii_digits(p_unit_code);
		IF NOT FOUND THEN
			RAISE EXCEPTION 'unit ''%'' not found', p_unit_code USING ERRCODE = 'PK404';
		END IF;
	END IF;
	SELECT * INTO s FROM staff WHERE login = p_login;
	IF FOUND AND s.active THEN
		RAISE EXCEPTION 'staff member ''%'' already exists', p_login
		    USING ERRCODE = '23505';
	END IF;
	INSERT INTO staff AS t (login, display_name, is_clerk, is_unit, is_admin, unit_id)
	VALUES (p_login, clean_line(p_name), coalesce(p_clerk, false), u IS NOT NULL,
	    coalesce(p_admin, false), u)
	ON CONFLICT (login) DO UPDATE SET display_name = excluded.display_name,
	    is_clerk = excluded.is_clerk, is_unit = excluded.is_unit,
	    is_admin = excluded.is_admin, unit_id = excluded.unit_id, active = true;
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
		BEGIN	-- another session (or database of the cluster) may make it now
			EXECUTE format('CREATE ROLE %I LOGIN', p_login);
			EXECUTE format('ALTER ROLE %I SET search_path = pishkhan, pg_catalog', p_login);
		EXCEPTION WHEN duplicate_object OR unique_violation THEN
			NULL;
		END;
	END IF;
	PERFORM staff_grant(p_login, 'pishkhan_clerk', coalesce(p_clerk, false));
	PERFORM staff_grant(p_login, 'pishkhan_unit', u IS NOT NULL);
	PERFORM staff_grant(p_login, 'pishkhan_admin', coalesce(p_admin, false));
END
$$;

-- Disable: the row stays (the audit log names them), the grants go.  The
-- role itself is kept; it may own nothing and log in to nothing of ours.
CREATE FUNCTION staff_disable(p_login text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	PERFORM require_admin();
	UPDATE staff SET active = false WHERE login = p_login AND active;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no active staff member ''%''', p_login USING ERRCODE = 'PK404';
	END IF;
	PERFORM staff_grant(p_login, g, false)
	FROM unnest(ARRAY['pishkhan_clerk', 'pishkhan_unit', 'pishkhan_admin']) g;
END
$$;
