-- 009_lockdown.sql — nothing in the schema is executable by PUBLIC.
--
-- PostgreSQL grants EXECUTE on every new function to PUBLIC; 004 revokes
-- that by default for the migrating role, and this file makes sure of it for
-- everything made by 006-008 whoever made it.  Roles get EXECUTE only by the
-- explicit grants of each migration.  A later migration that adds functions
-- ends with the same statement.

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA pishkhan FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA pishkhan FROM PUBLIC;
