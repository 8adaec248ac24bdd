/*
 * i18n.h — Persian (the default) and English messages.
 */
#ifndef PK_I18N_H
#define PK_I18N_H

enum lang { LANG_FA = 0, LANG_EN = 1 };

enum msg_id {
#define MSG(id, fa, en) MSG_##id,
#include "i18n_msgs.h"
#undef MSG
	MSG__COUNT
};

/* The message in `lang` (a static string). */
const char	*i18n(enum lang, enum msg_id);
/* The letter statuses' names (vocab.h), in the order of the database's
 * enum, NULL-ended. */
extern const char *const i18n_statuses[];
/* The words for a letter status (vocab.h); MSG__COUNT (whose text is "")
 * for anything else. */
enum msg_id	 i18n_status(const char *status);
/* "fa"/"en" (also "fa-IR", "en_US.UTF-8", …) → lang; -1 when neither. */
int		 i18n_lang_parse(const char *);
/* "fa" or "en". */
const char	*i18n_lang_code(enum lang);
/* The language from LANGUAGE/LC_ALL/LC_MESSAGES/LANG: English if the
 * first set one says English, Persian otherwise. */
enum lang	 i18n_lang_from_env(void);
/* setlocale(LC_ALL, "") and, when that is not UTF-8 (no locale set, or a
 * legacy one), LC_CTYPE = C.UTF-8.  -1 when no UTF-8 locale exists. */
int		 i18n_utf8_locale(void);

#endif
