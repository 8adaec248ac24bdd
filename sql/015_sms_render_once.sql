-- 015_sms_render_once.sql — a template is expanded once: a value that
-- holds "{tracking_no}" (a subject, a reason, a unit's note) arrives as
-- the citizen wrote it, not expanded again by the next placeholder.

SET LOCAL search_path = pishkhan, pg_catalog;

-- The template is cut into placeholders ({name}, no braces inside, as
-- sms_templates_check reads them), runs of other text and lone '{'; each
-- placeholder with a value becomes that value, the rest stays as it is.
CREATE OR REPLACE FUNCTION sms_render(p_body text, p_params jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT coalesce(string_agg(CASE
	    WHEN t.m[1] ~ '^\{[^{}]*\}$' AND p_params ? substr(t.m[1], 2, length(t.m[1]) - 2)
	    THEN coalesce(p_params ->> substr(t.m[1], 2, length(t.m[1]) - 2), '')
	    ELSE t.m[1] END, '' ORDER BY t.n), '')
	FROM regexp_matches(p_body, '\{[^{}]*\}|[^{]+|\{', 'g') WITH ORDINALITY AS t(m, n)
$$;
