-- 018_staff_list.sql — the staff list (every login, name, duty and unit)
-- is an administrator's view.  Clerks and unit members read nothing of the
-- staff table: what the console needs of it (who is at the keyboard, their
-- duties and unit) comes through console_me(), staff_can() and my_unit(),
-- and who decided a letter is in the letter and its events.  Admins read
-- it through staff_list(), which refuses anyone else with PK403; it is
-- executable by every staff group so that the refusal says why rather than
-- "permission denied for function".

SET LOCAL search_path = pishkhan, pg_catalog;

REVOKE SELECT ON staff FROM pishkhan_clerk, pishkhan_unit, pishkhan_admin;

CREATE FUNCTION staff_list(p_all boolean)
RETURNS TABLE (login text, display_name text, duties text, unit_code text, state text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
BEGIN
	PERFORM require_admin();
	RETURN QUERY
	SELECT s.login, s.display_name,
	    concat_ws(',', CASE WHEN s.is_clerk THEN 'clerk' END,
		CASE WHEN s.is_unit THEN 'unit' END, CASE WHEN s.is_admin THEN 'admin' END),
	    coalesce(u.code, ''), CASE WHEN s.active THEN 'active' ELSE 'disabled' END
	FROM staff s LEFT JOIN units u ON u.id = s.unit_id
	WHERE s.active OR p_all
	ORDER BY s.login;
END
$$;

REVOKE EXECUTE ON FUNCTION staff_list(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION staff_list(boolean)
    TO pishkhan_clerk, pishkhan_unit, pishkhan_admin;
