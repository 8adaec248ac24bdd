-- 010_admin_edit.sql — what `pishkhanctl settings set` and `pishkhanctl
-- staff edit` need from the database: a time zone PostgreSQL knows, an
-- admin check on every change of a setting, and a way to change a staff
-- member's duties that keeps their role memberships in step.

SET LOCAL search_path = pishkhan, pg_catalog;

-- The docs say what is allowed; pishkhanctl shows them when it refuses a
-- value.  Only texts still as 005 wrote them are replaced.
UPDATE settings SET doc = 'letter numbers: {unit_code}, {seq} and {year} (Jalali) '
    'are replaced; {seq} is required; at most 40 characters'
    WHERE key = 'letter_number_format'
    AND doc = 'letter numbers: {unit_code}, {seq} and {year} (Jalali) are replaced';
UPDATE settings SET doc = 'the office''s time zone, for letter dates: a name '
    'PostgreSQL knows (pg_timezone_names), such as Asia/Tehran'
    WHERE key = 'time_zone' AND doc = 'the office''s time zone, for letter dates';

-- settings_valid (005) checks the form of each value; this adds what a
-- CHECK cannot: the time zone must be one PostgreSQL knows (stored as
-- pg_timezone_names spells it), and only an active admin or a superuser
-- may change a setting.  UPDATE (value) is granted to pishkhan_admin, but
-- membership of a group role is not enough (see pishkhan(7)).
CREATE FUNCTION settings_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	z text;
BEGIN
	IF TG_OP = 'UPDATE' AND NOT is_admin() THEN
		RAISE EXCEPTION 'permission denied for table settings'
		    USING ERRCODE = '42501';
	END IF;
	IF NEW.key = 'time_zone' THEN
		SELECT name INTO z FROM pg_timezone_names
		WHERE lower(name) = lower(NEW.value) ORDER BY name = NEW.value DESC LIMIT 1;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'time zone "%" is not known to PostgreSQL', NEW.value
			    USING ERRCODE = '23514', CONSTRAINT = 'settings_time_zone',
			    TABLE = 'settings', SCHEMA = 'pishkhan';
		END IF;
		NEW.value := z;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER settings_check BEFORE INSERT OR UPDATE OF value ON settings
    FOR EACH ROW EXECUTE FUNCTION settings_check();

-- Change an active staff member's name or duties.  NULL leaves a field as
-- it is; p_unit_code '' takes the member out of their unit.  The group
-- roles follow the new duties exactly as in staff_add.  The last active
-- admin keeps the admin duty, so the organisation is never left without
-- one (a superuser could still make one).
CREATE FUNCTION staff_edit(p_login text, p_name text, p_clerk boolean,
    p_unit_code text, p_admin boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
DECLARE
	s staff;
	u integer;
BEGIN
	PERFORM require_admin();
	-- The active admins first, always in the same order, then the row: two
	-- admins taking the duty from each other at once cannot both succeed.
	PERFORM 1 FROM staff WHERE active AND is_admin ORDER BY login FOR UPDATE;
	SELECT * INTO s FROM staff WHERE login = p_login FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'staff member ''%'' not found', p_login USING ERRCODE = 'PK404';
	END IF;
	IF NOT s.active THEN
		RAISE EXCEPTION 'staff member ''%'' is disabled', p_login
		    USING ERRCODE = 'PK422',
		    HINT = 'staff add enables a disabled member again, with the duties given';
	END IF;
	u := s.unit_id;
	IF p_unit_code = '' THEN
		u := NULL;
	ELSIF p_unit_code IS NOT NULL THEN
		SELECT id INTO u FROM units WHERE code = ascii_digits(p_unit_code);
		IF NOT FOUND THEN
			RAISE EXCEPTION 'unit ''%'' not found', p_unit_code USING ERRCODE = 'PK404';
		END IF;
	END IF;
	IF s.is_admin AND NOT coalesce(p_admin, true) AND NOT EXISTS (SELECT 1 FROM staff
	    WHERE active AND is_admin AND login <> p_login) THEN
		RAISE EXCEPTION 'staff member ''%'' is the last active admin', p_login
		    USING ERRCODE = 'PK422',
		    HINT = 'make another staff member an admin first';
	END IF;
	UPDATE staff SET
	    display_name = coalesce(clean_line(p_name),
		CASE WHEN p_name IS NULL THEN display_name END),
	    is_clerk = coalesce(p_clerk, is_clerk),
	    is_unit = u IS NOT NULL, unit_id = u,
	    is_admin = coalesce(p_admin, is_admin)
	WHERE login = p_login
	RETURNING * INTO s;
	PERFORM staff_grant(p_login, 'pishkhan_clerk', s.is_clerk);
	PERFORM staff_grant(p_login, 'pishkhan_unit', s.is_unit);
	PERFORM staff_grant(p_login, 'pishkhan_admin', s.is_admin);
END
$$;

GRANT EXECUTE ON FUNCTION staff_edit(text, text, boolean, text, boolean)
    TO pishkhan_admin;

-- As 009_lockdown.sql: nothing here is executable by PUBLIC.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
