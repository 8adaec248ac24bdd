/*
 * screen_help.c — `?`: every key, from the key table and the actions'
 * catalog texts (action.h), so the list cannot drift from the bindings.
 * Two columns, keys first: from the right edge in Persian.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "console.h"
#include "keymap.h"
#include "table.h"
#include "ui.h"
#include "xmalloc.h"

struct hview {
	int	top;
	int	page;
};

static void
help_draw(struct con *c, struct screen *s, int rows, int cols)
{
	struct hview *v = s->data;
	size_t nk, i;
	const struct keymap_entry *k = keymap_table(&nk);
	struct buf keys = BUF_INIT;
	int a, y = 1, line = 0, x[2], w[2];
	static const struct table_col cols2[2] = {
		{ .width = 16, .min = 8 }, { .width = 10, .grow = 1 },
	};

	table_layout(cols2, 2, ui_rtl(c), 1, cols - 2, 0, x, w);
	v->page = rows - 2;
	for (a = ACT_NONE + 1; a < ACT__COUNT; a++, line++) {
		buf_reset(&keys);
		for (i = 0; i < nk; i++)
			if (k[i].action == (enum action)a && k[i].name != NULL)
				buf_addf(&keys, "%s%s", keys.len > 0 ? " " : "", k[i].name);
		if (line < v->top || y >= rows - 1)
			continue;
		ui_cell(c, y, x[0], w[0], buf_str(&keys), UI_GOOD, 1);
		ui_cell(c, y, x[1], w[1], keymap_help(c->lang, (enum action)a),
		    UI_PLAIN, 0);
		y++;
	}
	buf_free(&keys);
}

static const char *
help_title(struct con *c, struct screen *s)
{
	(void)s;
	return con_t(c, MSG_CON_HELP);
}

static int
help_act(struct con *c, struct screen *s, enum action a)
{
	struct hview *v = s->data;

	(void)c;
	switch (a) {
	case ACT_DOWN:
	case ACT_PAGE_DOWN:
		if (v->top + v->page < ACT__COUNT - 1)
			v->top++;
		return 0;
	case ACT_UP:
	case ACT_PAGE_UP:
		if (v->top > 0)
			v->top--;
		return 0;
	default:
		return SCREEN_POP;
	}
}

static void
help_done(struct screen *s)
{
	free(s->data);
}

static const struct screen_ops help_ops = {
	SCREEN_HELP, help_draw, help_title, help_act, help_done
};

void
screen_help_open(struct con *c)
{
	con_push(c, &help_ops, xcalloc(1, sizeof(struct hview)));
}
