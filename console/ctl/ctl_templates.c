/*
 * ctl_templates.c — pishkhanctl templates: the SMS texts, per event and
 * language, with their {placeholders}.  The database refuses a template
 * with a placeholder its event does not have (sms_templates_check, PK422)
 * when it is saved, so a bad one never reaches a citizen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ctl.h"
#include "vocab.h"

/* ARRAY['login_code', …, 'test', NULL]: the SMS events in their order, for
 * ORDER BY array_position (the NULL only ends the list). */
#define EVENT_SQL(name)	"'" name "', "
#define EVENT_ORDER	"ARRAY[" SMS_EVENTS(EVENT_SQL) "NULL]"

static const char *const langs[] = { "fa", "en", NULL };

static int
in_list(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* EVENT LANG from argv[first..]; 0 or -1 after a usage error. */
static int
event_lang(char **argv, int first)
{
	if (!in_list(argv[first], vocab_sms_events)) {
		struct buf all = BUF_INIT;
		size_t i;

		for (i = 0; vocab_sms_events[i] != NULL; i++)
			buf_addf(&all, "%s%s", i > 0 ? ", " : "", vocab_sms_events[i]);
		ctl_usage("event '%s' is not one of %s", argv[first], buf_str(&all));
		buf_free(&all);
		return -1;
	}
	if (!in_list(argv[first + 1], langs)) {
		ctl_usage("language '%s' is not fa or en", argv[first + 1]);
		return -1;
	}
	return 0;
}

static int
templates_list(struct ctl *c, const struct ctl_args *a)
{
	PGresult *res;

	(void)a;
	res = db_query(c->db, "SELECT event, lang, body, "
	    "'{' || array_to_string(sms_placeholders(event), '} {') || '}', "
	    "updated_by, to_char(updated_at, 'YYYY-MM-DD HH24:MI') "
	    "FROM sms_templates ORDER BY array_position(" EVENT_ORDER ", event), lang DESC",
	    0, NULL);
	if (res == NULL)
		return ctl_db_error(c, NULL);
	ctl_print_tsv(res);
	PQclear(res);
	return CTL_OK;
}

static int
templates_show(struct ctl *c, const struct ctl_args *a)
{
	const char *p[2];
	PGresult *res;

	if (event_lang(a->argv, 0) == -1)
		return CTL_USAGE;
	if (ctl_db(c) == NULL)
		return CTL_DOWN;
	p[0] = a->argv[0];
	p[1] = a->argv[1];
	res = db_query(c->db, "SELECT body FROM sms_templates "
	    "WHERE event = $1 AND lang = $2", 2, p);
	if (res == NULL)
		return ctl_db_error(c, NULL);
	if (PQntuples(res) == 0) {
		PQclear(res);
		return ctl_error("no %s template in '%s'", p[0], p[1]);
	}
	printf("%s\n", PQgetvalue(res, 0, 0));
	PQclear(res);
	return CTL_OK;
}

static int
templates_set(struct ctl *c, const struct ctl_args *a)
{
	struct buf text = BUF_INIT;
	const char *p[3];
	char chunk[4096];
	size_t n;
	int rc = CTL_OK;

	if (event_lang(a->argv, 0) == -1)
		return CTL_USAGE;
	if (strcmp(a->argv[2], "-") == 0) {
		while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
			buf_add(&text, chunk, n);
		while (text.len > 0 && text.data[text.len - 1] == '\n')
			text.data[--text.len] = '\0';
	} else
		buf_adds(&text, a->argv[2]);
	if (ctl_db(c) == NULL) {
		rc = CTL_DOWN;
		goto out;
	}
	p[0] = a->argv[0];
	p[1] = a->argv[1];
	p[2] = buf_str(&text);
	if (db_exec(c->db, "INSERT INTO sms_templates (event, lang, body) "
	    "VALUES ($1, $2, $3) ON CONFLICT (event, lang) DO UPDATE "
	    "SET body = EXCLUDED.body", 3, p) == -1) {
		if (db_is(c->db, DB_PK_STATE))
			rc = ctl_error("%s; %s", db_error(c->db), db_hint(c->db));
		else if (db_is(c->db, DB_CHECK) || db_is(c->db, DB_NOT_NULL))
			rc = ctl_error("a template needs 1 to 1000 characters");
		else if (db_is(c->db, "22021"))
			rc = ctl_error("the text is not valid UTF-8");
		else
			rc = ctl_db_error(c, NULL);
	}
out:
	buf_free(&text);
	return rc;
}

static const struct ctl_verb verbs[] = {
	{ "list", "", "every template: event, language, text, placeholders, "
	    "changed by, changed at", NULL, templates_list, .flags = CTL_DB },
	{ "show", "EVENT LANG", "the text of one template", NULL, templates_show,
	    .operands = { 2, 2, "expected an event and a language" } },
	{ "set", "EVENT LANG TEXT|-",
	    "change a template; an unknown {placeholder} is refused",
	    "  EVENT       login_code, approved, rejected, update, response or test\n"
	    "  LANG        fa or en\n"
	    "  TEXT        the new text, or - to read it from standard input\n",
	    templates_set, .operands = { 3, 3, "expected an event, a language and the "
	    "text (- reads it from standard input)" } },
	{ .name = NULL }
};

const struct ctl_noun ctl_noun_templates = {
	"templates", "The SMS texts per event and language.", verbs
};
