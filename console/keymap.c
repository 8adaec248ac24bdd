/*
 * keymap.c — the key table (mutt and less habits) and the actions' help.
 */
#include <curses.h>
#include <stddef.h>

#include "digits.h"
#include "i18n.h"
#include "keymap.h"

#define CTRL(c) ((c) & 0x1f)

static const struct keymap_entry keymap[] = {
	{ 1, KEY_UP,	ACT_UP,		"\xe2\x86\x91" },
	{ 0, 'k',	ACT_UP,		"k" },
	{ 1, KEY_DOWN,	ACT_DOWN,	"\xe2\x86\x93" },
	{ 0, 'j',	ACT_DOWN,	"j" },
	{ 1, KEY_PPAGE,	ACT_PAGE_UP,	"PgUp" },
	{ 0, 'b',	ACT_PAGE_UP,	"b" },
	{ 1, KEY_NPAGE,	ACT_PAGE_DOWN,	"PgDn" },
	{ 0, ' ',	ACT_PAGE_DOWN,	"Space" },
	{ 1, KEY_HOME,	ACT_HOME,	"Home" },
	{ 0, 'g',	ACT_HOME,	"g" },
	{ 1, KEY_END,	ACT_END,	"End" },
	{ 0, 'G',	ACT_END,	"G" },
	{ 0, '\n',	ACT_OPEN,	"Enter" },
	{ 0, '\r',	ACT_OPEN,	NULL },
	{ 1, KEY_ENTER,	ACT_OPEN,	NULL },
	{ 0, 'q',	ACT_BACK,	"q" },
	{ 0, 'Q',	ACT_QUIT,	"Q" },
	{ 0, '?',	ACT_HELP,	"?" },
	{ 0, '/',	ACT_SEARCH,	"/" },
	{ 0, 'n',	ACT_NEXT,	"n" },
	{ 0, 's',	ACT_STATUS,	"s" },
	{ 0, 'f',	ACT_UNIT,	"f" },
	{ 0, 'd',	ACT_DATES,	"d" },
	{ 0, 'l',	ACT_LATE,	"l" },
	{ 0, 'o',	ACT_SORT,	"o" },
	{ 0, 'c',	ACT_CLEAR,	"c" },
	{ 0, CTRL('l'),	ACT_REFRESH,	"Ctrl-L" },
	{ 0, 'a',	ACT_APPROVE,	"a" },
	{ 0, 'r',	ACT_REJECT,	"r" },
	{ 0, 'v',	ACT_VIEW,	"v" },
	{ 0, 'S',	ACT_SAVE,	"S" },
	{ 0, 'u',	ACT_UPDATE,	"u" },
	{ 0, 'A',	ACT_RESPOND,	"A" },
	{ 0, 'R',	ACT_STATS,	"R" },
	/* A number in a list (the rejection reasons), in any digits. */
	{ 0, '0',	ACT_NUMBER,	"0-9" },
	{ 0, '1',	ACT_NUMBER,	NULL },
	{ 0, '2',	ACT_NUMBER,	NULL },
	{ 0, '3',	ACT_NUMBER,	NULL },
	{ 0, '4',	ACT_NUMBER,	NULL },
	{ 0, '5',	ACT_NUMBER,	NULL },
	{ 0, '6',	ACT_NUMBER,	NULL },
	{ 0, '7',	ACT_NUMBER,	NULL },
	{ 0, '8',	ACT_NUMBER,	NULL },
	{ 0, '9',	ACT_NUMBER,	NULL },
};

static const enum msg_id helps[ACT__COUNT] = {
#define A(id) [ACT_##id] = MSG_CON_HELP_##id,
	PK_ACTIONS(A)
#undef A
};

enum action
keymap_lookup(int rc, wint_t key)
{
	size_t i;
	int d;

	/* Persian and Arabic-Indic digits are 0-9. */
	if (rc != KEY_CODE_YES && (d = digits_value((uint32_t)key)) >= 0)
		key = (wint_t)('0' + d);

	for (i = 0; i < sizeof keymap / sizeof keymap[0]; i++)
		if (keymap[i].key == key && keymap[i].keycode == (rc == KEY_CODE_YES))
			return keymap[i].action;
	return ACT_NONE;
}

const struct keymap_entry *
keymap_table(size_t *n)
{
	*n = sizeof keymap / sizeof keymap[0];
	return keymap;
}

const char *
keymap_help(enum lang lang, enum action a)
{
	if (a <= ACT_NONE || a >= ACT__COUNT)
		return "";
	return i18n(lang, helps[a]);
}
