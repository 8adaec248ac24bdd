/*
 * action.h — every action of pishkhan-console, once.
 *
 * A(id, help) yields enum action (ACT_id) and the help screen's text
 * (MSG_CON_HELP_id in the catalog); keymap.c binds keys to the ids.  The
 * `?` screen is built from these two tables, so it cannot drift from them.
 */
#ifndef PK_ACTION_H
#define PK_ACTION_H

#define PK_ACTIONS(A) \
	A(UP) \
	A(DOWN) \
	A(PAGE_UP) \
	A(PAGE_DOWN) \
	A(HOME) \
	A(END) \
	A(OPEN) \
	A(BACK) \
	A(QUIT) \
	A(HELP) \
	A(SEARCH) \
	A(NEXT) \
	A(STATUS) \
	A(UNIT) \
	A(DATES) \
	A(LATE) \
	A(SORT) \
	A(CLEAR) \
	A(REFRESH) \
	A(APPROVE) \
	A(REJECT) \
	A(VIEW) \
	A(SAVE) \
	A(UPDATE) \
	A(RESPOND) \
	A(NUMBER) \
	A(STATS)

enum action {
	ACT_NONE = 0,
#define A(id) ACT_##id,
	PK_ACTIONS(A)
#undef A
	ACT__COUNT
};

#endif
