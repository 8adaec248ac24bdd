/*
 * keymap.h — keys to actions, in the habits of mutt and less.
 */
#ifndef PK_KEYMAP_H
#define PK_KEYMAP_H

#include <wchar.h>

#include "action.h"
#include "i18n.h"

struct keymap_entry {
	int		 keycode;	/* 1: `key` is a KEY_* code, 0: a character */
	wint_t		 key;
	enum action	 action;
	const char	*name;		/* as the help screen shows it */
};

/* The action bound to what get_wch returned (rc = OK or KEY_CODE_YES). */
enum action	 keymap_lookup(int rc, wint_t key);
/* The bindings, for the help screen; *n gets their number. */
const struct keymap_entry *keymap_table(size_t *n);
/* What the action does, in `lang`. */
const char	*keymap_help(enum lang, enum action);

#endif
