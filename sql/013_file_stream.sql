-- 013_file_stream.sql — files read in pieces, for the web's downloads.
--
-- web_file (003) returns a file's whole bytes in one value: the web held a
-- 10 MiB file (and libpq's copy of it) for as long as a slow reader took.
-- The web now asks for the name, type and size first, then for the bytes
-- in pieces of at most 1 MiB.  files.data is STORAGE EXTERNAL (001): a
-- substring of it reads only the TOAST chunks it covers.  Each piece checks
-- again that the file is one of this citizen's (and, for a response, that
-- the letter is approved), exactly as web_file does.

SET LOCAL search_path = pishkhan, pg_catalog;

CREATE FUNCTION web_file_meta(p_citizen bigint, p_file bigint)
RETURNS TABLE (name text, content_type text, size bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT f.original_name, f.content_type, f.size
	FROM files f JOIN letters l ON l.id = f.letter_id
	WHERE f.id = p_file AND l.citizen_id = p_citizen
	AND (f.kind <> 'response' OR l.status = 'approved')
$$;

-- Bytes [p_off, p_off + p_len) of the file (0-based); NULL when the file
-- is not the citizen's, empty past its end.
CREATE FUNCTION web_file_chunk(p_citizen bigint, p_file bigint, p_off bigint,
    p_len integer) RETURNS bytea
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pishkhan, pg_catalog, pg_temp AS $$
	SELECT substring(f.data FROM (p_off + 1)::integer FOR p_len)
	FROM files f JOIN letters l ON l.id = f.letter_id
	WHERE f.id = p_file AND l.citizen_id = p_citizen
	AND (f.kind <> 'response' OR l.status = 'approved')
	AND p_off BETWEEN 0 AND 2147483646 AND p_len BETWEEN 1 AND 1048576
$$;

GRANT EXECUTE ON FUNCTION web_file_meta(bigint, bigint),
    web_file_chunk(bigint, bigint, bigint, integer) TO pishkhan_web;

-- Uploads pass through a temporary table of the web's own session (COPY
-- in 64 KiB pieces, then web_letter_add_file): PostgreSQL grants TEMPORARY
-- to PUBLIC by default; say it explicitly for the web, when we may.
DO $$
BEGIN
	IF has_database_privilege(current_user, current_database(),
	    'TEMPORARY WITH GRANT OPTION') THEN
		EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO pishkhan_web',
		    current_database());
	ELSE
		RAISE NOTICE 'pishkhan_web needs TEMPORARY on database %; '
		    'grant it as the database owner', current_database();
	END IF;
END
$$;

-- As 009_lockdown.sql: nothing here is executable by PUBLIC.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pishkhan FROM PUBLIC;
