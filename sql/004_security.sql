-- 004_security.sql — least-privilege roles, grants and row-level security.
--
--   pishkhan_web    the public site: EXECUTE on web_* only, no table access
--   pishkhan_sms    the SMS worker: the outbox and the templates
--   pishkhan_clerk  request approvers: read all letters, approve, reject
--   pishkhan_unit   unit members: read their own unit's approved letters,
--                   post updates and responses (row-level security)
--   pishkhan_admin  administrators: units, reasons, templates, settings, staff
--
-- Roles belong to the cluster, so they are made only when missing.  Staff log
-- in as their own role (made by staff_add), a member of the groups above.

SET LOCAL search_path = pishkhan, pg_catalog;

DO $$
DECLARE
	r text;
BEGIN
	FOREACH r IN ARRAY ARRAY['pishkhan_clerk', 'pishkhan_unit', 'pishkhan_admin'] LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
			EXECUTE format('CREATE ROLE %I NOLOGIN', r);
		END IF;
	END LOOP;
	-- The two service roles log in (by peer, ident map or password: the
	-- operator's pg_hba.conf decides); they have no password by default.
	FOREACH r IN ARRAY ARRAY['pishkhan_web', 'pishkhan_sms'] LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
			EXECUTE format('CREATE ROLE %I LOGIN', r);
		END IF;
		EXECUTE format('ALTER ROLE %I SET search_path = pishkhan, pg_catalog', r);
	END LOOP;
END
$$;

REVOKE ALL ON SCHEMA pishkhan FROM PUBLIC;
GRANT USAGE ON SCHEMA pishkhan TO pishkhan_web, pishkhan_sms, pishkhan_clerk,
    pishkhan_unit, pishkhan_admin;

-- Functions are executable by PUBLIC unless revoked; start from nothing.
REVOKE ALL ON ALL TABLES IN SCHEMA pishkhan FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
-- Per-schema default privileges can only add to the global ones, so the
-- PUBLIC grant on new functions is revoked globally for the role that runs
-- the migrations; 009_lockdown.sql revokes again after every later file.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- Pure helpers anyone of ours may call.
GRANT EXECUTE ON FUNCTION jalali_cal(integer), jalali_is_leap(integer),
    jalali_parts(date), gregorian_from_jalali(integer, integer, integer),
    jalali(date), persian_digits(text), ascii_digits(text), clean_line(text),
    sms_placeholders(text), sms_render(text, jsonb)
    TO pishkhan_web, pishkhan_sms, pishkhan_clerk, pishkhan_unit, pishkhan_admin;
-- Used by the row-level security policies, so needed by every staff role.
GRANT EXECUTE ON FUNCTION staff_can(text), my_unit(), is_admin(), setting(text),
    office_today()
    TO pishkhan_clerk, pishkhan_unit, pishkhan_admin;

-- The public web: functions only.
GRANT EXECUTE ON FUNCTION web_citizen(text, text), web_units(),
    web_letter_submit(bigint, text, integer, text, text),
    web_letter_add_file(bigint, bigint, file_kind, text, text, bytea),
    web_letters(bigint, text, bigint, integer),
    web_letter_by_tracking(bigint, text),
    web_letter_updates(bigint, bigint), web_file(bigint, bigint)
    TO pishkhan_web;

-- The SMS worker.
GRANT SELECT ON sms_templates, settings TO pishkhan_sms;
GRANT SELECT, UPDATE (status, attempts, next_attempt_at, claimed_by, claimed_at,
    gateway_id, last_error, sent_at, body) ON sms_outbox TO pishkhan_sms;

-- Staff: read what their duties need; change things only through functions.
GRANT SELECT ON units, staff, rejection_reasons, settings
    TO pishkhan_clerk, pishkhan_unit, pishkhan_admin;
GRANT SELECT ON letters, files, letter_events, citizens
    TO pishkhan_clerk, pishkhan_unit, pishkhan_admin;
GRANT EXECUTE ON FUNCTION letter_approve(bigint, integer, text),
    letter_reject(bigint, text, integer), letter_number_preview(integer)
    TO pishkhan_clerk;
GRANT EXECUTE ON FUNCTION letter_post_update(bigint, text, boolean),
    letter_add_response(bigint, text, text, bytea, text, boolean)
    TO pishkhan_unit;

-- Administrators.
GRANT INSERT, UPDATE ON units, rejection_reasons, sms_templates TO pishkhan_admin;
GRANT UPDATE (value) ON settings TO pishkhan_admin;
GRANT SELECT, UPDATE (status, next_attempt_at, attempts, last_error) ON sms_outbox
    TO pishkhan_admin;
GRANT INSERT (event, to_number, body) ON sms_outbox TO pishkhan_admin;
GRANT SELECT ON sms_templates, letter_counters TO pishkhan_admin;
GRANT EXECUTE ON FUNCTION staff_add(text, text, boolean, text, boolean),
    staff_disable(text) TO pishkhan_admin;

-- Row-level security.  The staff_can() calls are wrapped in a sub-select so
-- they run once per query, not once per row.
ALTER TABLE letters ENABLE ROW LEVEL SECURITY;
CREATE POLICY letters_clerk ON letters FOR SELECT TO pishkhan_clerk
    USING ((SELECT staff_can('clerk')));
CREATE POLICY letters_admin ON letters FOR SELECT TO pishkhan_admin
    USING ((SELECT staff_can('admin')));
CREATE POLICY letters_unit ON letters FOR SELECT TO pishkhan_unit
    USING (status = 'approved' AND unit_id = (SELECT my_unit()));

-- Files, events and citizens are visible through the letters one may see
-- (the sub-query on letters is itself filtered by the policies above).
ALTER TABLE files ENABLE ROW LEVEL SECURITY;
CREATE POLICY files_by_letter ON files FOR SELECT
    TO pishkhan_clerk, pishkhan_unit, pishkhan_admin
    USING (EXISTS (SELECT 1 FROM letters l WHERE l.id = files.letter_id));

ALTER TABLE letter_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY letter_events_by_letter ON letter_events FOR SELECT
    TO pishkhan_clerk, pishkhan_unit, pishkhan_admin
    USING (EXISTS (SELECT 1 FROM letters l WHERE l.id = letter_events.letter_id));

ALTER TABLE citizens ENABLE ROW LEVEL SECURITY;
CREATE POLICY citizens_clerk_admin ON citizens FOR SELECT
    TO pishkhan_clerk, pishkhan_admin
    USING ((SELECT staff_can('clerk') OR staff_can('admin')));
CREATE POLICY citizens_unit ON citizens FOR SELECT TO pishkhan_unit
    USING (EXISTS (SELECT 1 FROM letters l WHERE l.citizen_id = citizens.id));

-- The outbox holds login codes: only admins and the worker see it.
ALTER TABLE sms_outbox ENABLE ROW LEVEL SECURITY;
CREATE POLICY sms_outbox_worker ON sms_outbox TO pishkhan_sms USING (true);
CREATE POLICY sms_outbox_admin ON sms_outbox TO pishkhan_admin
    USING ((SELECT is_admin())) WITH CHECK ((SELECT is_admin()));
