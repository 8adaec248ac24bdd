-- 019_session_zone.sql — every program's database session runs in the
-- office's time zone, so a moment it reads (a letter's registration, a
-- decision, an update) is the office's day and hour, as the citizen and
-- the clerk live it (issue 13 item 1: a letter of 1404/01/01 00:15 showed
-- ۱۴۰۳/۱۲/۳۰ on the web, whose session ran in UTC).  common/db.c calls
-- session_zone() once a connection, right after it sets the search path.

SET LOCAL search_path = pishkhan, pg_catalog;

-- The office's time zone, for any of our roles: the web and the SMS worker
-- may not read the settings themselves.
CREATE FUNCTION session_zone() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp
AS $$ SELECT office_zone() $$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
GRANT EXECUTE ON FUNCTION session_zone()
    TO pishkhan_web, pishkhan_sms, pishkhan_clerk, pishkhan_unit, pishkhan_admin;
