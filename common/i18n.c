/*
 * i18n.c — the catalog in i18n_msgs.h, looked up by id.
 */
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "vocab.h"

static const char *const catalog[MSG__COUNT][2] = {
#define MSG(id, fa, en) [MSG_##id] = { fa, en },
#include "i18n_msgs.h"
#undef MSG
};

const char *
i18n(enum lang l, enum msg_id id)
{
	if ((unsigned)id >= MSG__COUNT)
		return "";
	return catalog[id][l == LANG_EN ? 1 : 0];
}

const char *const i18n_statuses[] = {
#define I18N_STATUS(id, name, msg, already, tone, icon, con) name,
	LETTER_STATUSES(I18N_STATUS)
#undef I18N_STATUS
	NULL
};

enum msg_id
i18n_status(const char *status)
{
	enum letter_status s = vocab_status(status);

	return s < LETTER__COUNT ? vocab_statuses[s].msg : MSG__COUNT;
}

int
i18n_lang_parse(const char *s)
{
	if (s == NULL)
		return -1;
	if (strncmp(s, "fa", 2) == 0 && (s[2] == '\0' || strchr("-_.@", s[2]) != NULL))
		return LANG_FA;
	if (strncmp(s, "en", 2) == 0 && (s[2] == '\0' || strchr("-_.@", s[2]) != NULL))
		return LANG_EN;
	return -1;
}

const char *
i18n_lang_code(enum lang l)
{
	return l == LANG_EN ? "en" : "fa";
}

enum lang
i18n_lang_from_env(void)
{
	static const char *vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && *v != '\0')
			return i18n_lang_parse(v) == LANG_EN ? LANG_EN : LANG_FA;
	}
	return LANG_FA;
}

int
i18n_utf8_locale(void)
{
	(void)setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return 0;
	/* cron, `su -` and systemd set no locale; Persian still needs UTF-8
	 * for wide characters and their widths.  Messages stay as they were. */
	if (setlocale(LC_CTYPE, "C.UTF-8") != NULL &&
	    strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return 0;
	return -1;
}
