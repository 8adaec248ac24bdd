-- 014_admin_reads.sql — administrators may see which migrations are
-- applied (`pishkhanctl db status`, for monitoring); applying them stays
-- the superuser's, who owns the schema.

SET LOCAL search_path = pishkhan, pg_catalog;

GRANT SELECT ON schema_migrations TO pishkhan_admin;
