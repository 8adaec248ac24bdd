/*
 * ui.c — ncursesw: set-up, the get_wch loop, SIGWINCH, colours, the title
 * and status lines, "need more room", prompts and dialogs.
 */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "bidi.h"
#include "buf.h"
#include "console.h"
#include "keymap.h"
#include "table.h"
#include "u8.h"
#include "ui.h"
#include "vocab.h"
#include "xmalloc.h"

#define UI_FKEY	0x100000	/* added to KEY_* codes returned by ui_dialog */

static const struct {
	enum ui_color	 id;
	short		 fg, bg;
	attr_t		 mono;		/* the attribute with or without colour */
} ui_colors[] = {
	{ UI_TITLE,	COLOR_WHITE,	COLOR_BLUE,	A_BOLD },
	{ UI_GOOD,	COLOR_GREEN,	-1,		A_BOLD },
	{ UI_BAD,	COLOR_RED,	-1,		A_BOLD },
	{ UI_SELECT,	COLOR_WHITE,	COLOR_BLUE,	A_REVERSE },
	{ UI_DIM,	COLOR_BLUE,	-1,		0 },
	{ UI_WARN,	COLOR_YELLOW,	-1,		A_BOLD },
};

enum ui_color
ui_status_color(enum letter_status s)
{
	static const enum ui_color colors[LETTER__COUNT] = {
#define UI_STATUS(id, name, msg, already, tone, icon, con) [LETTER_##id] = UI_##con,
		LETTER_STATUSES(UI_STATUS)
#undef UI_STATUS
	};

	return s < LETTER__COUNT ? colors[s] : UI_PLAIN;
}

static attr_t
ui_attr(struct con *c, enum ui_color col)
{
	size_t i;

	for (i = 0; i < sizeof ui_colors / sizeof ui_colors[0]; i++) {
		if (ui_colors[i].id != col)
			continue;
		if (!c->color)
			return ui_colors[i].mono;
		return COLOR_PAIR(col) | (col == UI_SELECT ? A_BOLD : ui_colors[i].mono);
	}
	return A_NORMAL;
}

void
ui_init(struct con *c)
{
	size_t i;
	const char *nc = getenv("NO_COLOR");

	initscr();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	c->color = (nc == NULL || *nc == '\0') && has_colors();
	if (c->color) {
		start_color();
		use_default_colors();
		for (i = 0; i < sizeof ui_colors / sizeof ui_colors[0]; i++)
			init_pair((short)ui_colors[i].id, ui_colors[i].fg, ui_colors[i].bg);
	}
}

void
ui_end(void)
{
	if (!isendwin())
		endwin();
}

void
ui_suspend(void)
{
	def_prog_mode();
	endwin();
}

void
ui_resume(void)
{
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
}

/*
 * Text in `cols` columns from x: cut on a character boundary, control
 * characters as spaces, reordered for the terminal when the bidi setting
 * says so (in the language's direction), at the left of its columns or
 * (end) at their right.
 */
static int
ui_put(struct con *c, int y, int x, int cols, const char *s, enum ui_color col,
    int pad, int end)
{
	size_t width = 0, n;
	char *cut, *vis;
	attr_t a = ui_attr(c, col);

	if (cols <= 0)
		return 0;
	n = u8_fit(s, (size_t)cols, &width);
	cut = xstrndup(s, n);
	/* Control characters would move the cursor: show them as spaces. */
	for (vis = cut; *vis != '\0'; vis++)
		if ((unsigned char)*vis < 0x20 || *vis == 0x7f)
			*vis = ' ';
	vis = c->bidi ? bidi_visual_in(cut, ui_rtl(c)) : xstrdup(cut);
	attron(a);
	if (pad)
		mvhline(y, x, ' ' | a, cols);
	mvaddstr(y, end ? x + cols - (int)width : x, vis);
	attroff(a);
	free(cut);
	free(vis);
	return pad ? cols : (int)width;
}

int
ui_text(struct con *c, int y, int x, int cols, const char *s, enum ui_color col,
    int pad)
{
	return ui_put(c, y, x, cols, s, col, pad, 0);
}

int
ui_rtl(const struct con *c)
{
	return c->lang == LANG_FA;
}

int
ui_cell(struct con *c, int y, int x, int cols, const char *s, enum ui_color col,
    int pad)
{
	return ui_put(c, y, x, cols, s, col, pad, ui_rtl(c));
}

int
ui_num(struct con *c, int y, int x, int cols, const char *s, enum ui_color col)
{
	return ui_put(c, y, x, cols, s, col, 0, 1);
}

int
ui_bar(struct con *c, int y, int x, int cols, double frac, enum ui_color col)
{
	/* U+258F..U+2588: one to eight eighths of a cell, filled from the left */
	static const char *const eighths[8] = {
		"\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d", "\xe2\x96\x8c",
		"\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89", "\xe2\x96\x88",
	};
	attr_t a = ui_attr(c, col);
	long n;
	int i;

	if (cols <= 0)
		return 0;
	if (!(frac > 0))	/* and NaN */
		frac = 0;
	if (frac > 1)
		frac = 1;
	n = (long)(frac * cols * 8 + 0.5);
	mvhline(y, x, ' ', cols);
	move(y, x);
	attron(a);
	for (i = 0; i < (int)(n / 8); i++)
		addstr(eighths[7]);
	if (n % 8 > 0)
		addstr(eighths[n % 8 - 1]);
	attroff(a);
	return (int)((n + 7) / 8);
}

static void
ui_pop(struct con *c)
{
	struct screen *s = c->top;

	c->top = s->prev;
	s->ops->done(s);
	free(s);
}

static void
ui_status(struct con *c, int rows, int cols)
{
	/* The keys of what this person may do: a clerk decides, a unit
	 * member posts updates and responses, others only read. */
	enum msg_id hints = c->me.clerk ? MSG_CON_HINTS : c->me.unit ?
	    MSG_CON_HINTS_UNIT : MSG_CON_HINTS_READ;
	const char *text = c->msg[0] != '\0' ? c->msg : con_t(c, hints);

	ui_cell(c, rows - 1, 0, cols, text, c->msg[0] != '\0' && c->msg_bad ?
	    UI_BAD : UI_DIM, 1);
}

static void
ui_draw(struct con *c)
{
	int rows, cols;
	struct buf t = BUF_INIT;
	const char *title;

	getmaxyx(stdscr, rows, cols);
	erase();
	if (cols < UI_MIN_COLS || rows < UI_MIN_ROWS) {
		/* Too small: say so, and how big it must be, in what room there is. */
		ui_cell(c, 0, 0, cols, con_t(c, MSG_CON_TOO_SMALL), UI_BAD, 0);
		if (rows > 1) {
			buf_addf(&t, "%dx%d < %dx%d", cols, rows, UI_MIN_COLS, UI_MIN_ROWS);
			ui_cell(c, 1, 0, cols, buf_str(&t), UI_PLAIN, 0);
		}
		buf_free(&t);
		refresh();
		return;
	}
	/* The title as the room allows: whole, then without who is logged
	 * in, then the screen's own title alone, so that a narrow terminal
	 * loses words, not the end of one. */
	title = c->top->ops->title(c, c->top);
	buf_addf(&t, " %s \xe2\x80\x94 %s \xe2\x80\x94 %s (%s) ", con_t(c, MSG_CON_TITLE),
	    title, c->me.name, c->me.login);
	if (u8_width(buf_str(&t)) > (size_t)cols) {
		buf_reset(&t);
		buf_addf(&t, " %s \xe2\x80\x94 %s ", con_t(c, MSG_CON_TITLE), title);
	}
	if (u8_width(buf_str(&t)) > (size_t)cols) {
		buf_reset(&t);
		buf_addf(&t, " %s ", title);
	}
	ui_cell(c, 0, 0, cols, buf_str(&t), UI_TITLE, 1);
	buf_free(&t);
	c->top->ops->draw(c, c->top, rows, cols);
	ui_status(c, rows, cols);
	refresh();
}

void
ui_run(struct con *c)
{
	wint_t key;
	int rc, rows, cols;
	enum action a;

	while (c->top != NULL && !c->quit) {
		ui_draw(c);
		rc = get_wch(&key);
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES && key == KEY_RESIZE)
			continue;
		getmaxyx(stdscr, rows, cols);
		if (cols < UI_MIN_COLS || rows < UI_MIN_ROWS) {
			if (keymap_lookup(rc, key) == ACT_QUIT)
				break;
			continue;
		}
		a = keymap_lookup(rc, key);
		c->msg[0] = '\0';
		if (a == ACT_NONE)
			continue;
		if (a == ACT_QUIT)
			break;
		if (a == ACT_HELP && !(c->top->ops->flags & SCREEN_HELP)) {
			c->help(c);
			continue;
		}
		if (c->top->ops->act(c, c->top, a) == SCREEN_POP)
			ui_pop(c);
	}
	while (c->top != NULL)
		ui_pop(c);
}

/* The wide characters typed so far, as UTF-8. */
static char *
ui_wcs_utf8(const wchar_t *w, size_t n)
{
	struct buf b = BUF_INIT;
	char out[8];
	size_t i;
	int k;

	for (i = 0; i < n; i++)
		if ((k = u8_encode((uint32_t)w[i], out)) > 0)
			buf_add(&b, out, (size_t)k);
	buf_addc(&b, '\0');
	b.len--;
	return buf_detach(&b);
}

/* ui_prompt, and ui_prompt_sel when `sel`: `init` selected until a key. */
static char *
ui_prompt_x(struct con *c, const char *label, const char *init, int sel)
{
	wchar_t *w = NULL;
	size_t n = 0, cap = 0, from, tw;
	wint_t key;
	int rc, rows, cols, lw, draw = 1;
	char *s;
	const char *p = init != NULL ? init : "";
	uint32_t cp;

	/* Start from `init`. */
	while (*p != '\0') {
		if ((rc = u8_decode(p, strlen(p), &cp)) <= 0)
			break;
		if (n + 1 >= cap)
			w = xreallocarray(w, cap = cap * 2 + 16, sizeof *w);
		w[n++] = (wchar_t)cp;
		p += rc;
	}
	curs_set(1);
	for (;;) {
		/*
		 * Drawn when no key is waiting: a paste of thousands of
		 * characters is taken in whole, then drawn once.  Only the
		 * end of a long answer is shown, measured from its end, so a
		 * draw costs what fits on the row, not the answer's length.
		 */
		if (draw) {
			ui_draw(c);
			getmaxyx(stdscr, rows, cols);
			move(rows - 1, 0);
			clrtoeol();
			lw = ui_text(c, rows - 1, 0, cols / 2, label, UI_GOOD, 0);
			lw += ui_text(c, rows - 1, lw, 1, " ", UI_PLAIN, 0);
			for (from = n, tw = 0; from > 0; from--) {
				int cw = u8_cpwidth((uint32_t)w[from - 1]);

				if (tw + (size_t)(cw > 0 ? cw : 0) >= (size_t)(cols - lw - 1))
					break;
				tw += (size_t)(cw > 0 ? cw : 0);
			}
			s = ui_wcs_utf8(w + from, n - from);
			lw += ui_text(c, rows - 1, lw, cols - lw - 1, s,
			    sel && n > 0 ? UI_SELECT : UI_PLAIN, 0);
			free(s);
			move(rows - 1, lw < cols ? lw : cols - 1);
			refresh();
		}
		rc = get_wch(&key);
		if (rc == ERR) {
			if (!draw) {	/* nothing more waiting: draw, then wait */
				timeout(-1);
				draw = 1;
			}
			continue;
		}
		timeout(0);	/* take what else is waiting before drawing */
		draw = 0;
		if (sel) {
			/* The selected text: a character or a deletion replaces
			 * it, Enter keeps it, a movement keeps it to edit. */
			sel = 0;
			if ((rc != KEY_CODE_YES && key >= 0x20 && key != 127) ||
			    (rc != KEY_CODE_YES && (key == 127 || key == 8)) ||
			    (rc == KEY_CODE_YES && key == KEY_BACKSPACE)) {
				n = 0;
				if (rc == KEY_CODE_YES || key < 0x20 || key == 127)
					continue;
			}
		}
		if (rc == KEY_CODE_YES) {
			if (key == KEY_ENTER)
				break;
			if (key == KEY_BACKSPACE && n > 0)
				n--;
			continue;
		}
		if (key == 27) {		/* Esc */
			timeout(-1);
			free(w);
			curs_set(0);
			return NULL;
		}
		if (key == '\n' || key == '\r')
			break;
		if (key == 127 || key == 8) {
			if (n > 0)
				n--;
			continue;
		}
		if (key == 21) {		/* Ctrl-U */
			n = 0;
			continue;
		}
		if (key < 0x20)
			continue;
		if (n + 1 >= cap)
			w = xreallocarray(w, cap = cap * 2 + 16, sizeof *w);
		w[n++] = (wchar_t)key;
	}
	timeout(-1);
	curs_set(0);
	s = ui_wcs_utf8(w, n);
	free(w);
	return s;
}

char *
ui_prompt(struct con *c, const char *label, const char *init)
{
	return ui_prompt_x(c, label, init, 0);
}

char *
ui_prompt_sel(struct con *c, const char *label, const char *init)
{
	return ui_prompt_x(c, label, init, 1);
}

/*
 * Where a box of `n` lines goes (its title and hint rows included, and two
 * blank rows when there is room).  -1 when the window is too small.
 */
static int
ui_box(int n, int *y0, int *x0, int *h, int *w)
{
	int rows, cols;

	getmaxyx(stdscr, rows, cols);
	if (cols < UI_MIN_COLS || rows < UI_MIN_ROWS)
		return -1;
	*w = cols - 4 < 76 ? cols - 4 : 76;
	/* Margins of a column or two would show bits of the screen behind
	 * as stray letters: a narrow terminal's box takes the whole width. */
	if ((cols - *w) / 2 < 4)
		*w = cols;
	*h = n + 4 < rows - 2 ? n + 4 : rows - 2;
	*y0 = (rows - *h) / 2;
	*x0 = (cols - *w) / 2;
	return 0;
}

/* One row of a box: filled in `col`, the text a column in from its edges. */
static void
ui_box_line(struct con *c, int y, int x0, int w, const char *s, enum ui_color col)
{
	ui_text(c, y, x0, w, "", col, 1);
	ui_cell(c, y, x0 + 1, w - 2, s, col, 0);
}

/* The next key for a dialog (as ui_dialog returns it); -1 to draw again. */
static int
ui_key(void)
{
	wint_t key;
	int rc = get_wch(&key);

	if (rc == ERR || (rc == KEY_CODE_YES && key == KEY_RESIZE))
		return -1;
	return rc == KEY_CODE_YES ? (int)key + UI_FKEY : (int)key;
}

enum action
ui_action(int key)
{
	if (key >= UI_FKEY)
		return keymap_lookup(KEY_CODE_YES, (wint_t)(key - UI_FKEY));
	return key >= 0 ? keymap_lookup(OK, (wint_t)key) : ACT_NONE;
}

int
ui_dialog(struct con *c, const char *title, const char *const *lines, size_t n,
    const char *hint)
{
	int key, w, h, y0, x0, i;

	for (;;) {
		ui_draw(c);
		if (ui_box((int)n, &y0, &x0, &h, &w) == -1) {
			/* No room to show the question: a key cancels it. */
			if (ui_key() == -1)
				continue;
			return 27;
		}
		ui_box_line(c, y0, x0, w, title, UI_TITLE);
		for (i = 0; i < h - 2; i++)
			ui_box_line(c, y0 + 1 + i, x0, w, (size_t)i < n ? lines[i] : "",
			    UI_PLAIN);
		ui_box_line(c, y0 + h - 1, x0, w, hint, UI_SELECT);
		refresh();
		if ((key = ui_key()) != -1)
			return key;
	}
}

/* Keep *sel within the list and on the `page` rows shown from *top. */
static void
ui_menu_scroll(size_t n, size_t page, size_t *sel, size_t *top)
{
	if (*sel >= n)
		*sel = n > 0 ? n - 1 : 0;
	if (*sel < *top)
		*top = *sel;
	if (*sel >= *top + page)
		*top = *sel - page + 1;
	if (*top + page > n)
		*top = n > page ? n - page : 0;
}

int
ui_menu(struct con *c, const char *title, const char *const *labels,
    const char *const *items, size_t n, const char *hint, size_t *sel)
{
	/* The labels as wide as the widest; the texts take the rest. */
	struct table_col col[2] = { { .width = 1 }, { .width = 1, .grow = 1 } };
	struct buf t = BUF_INIT;
	int key, w, h, y0, x0, i, shown, x[2], cw[2];
	size_t top = 0, k, page;

	for (k = 0; k < n; k++)
		table_fit(&col[0], labels[k]);
	for (;;) {
		ui_draw(c);
		if (ui_box((int)n, &y0, &x0, &h, &w) == -1) {
			if (ui_key() == -1)
				continue;
			key = 27;
			break;
		}
		shown = h - 2;
		page = shown > 1 ? (size_t)shown : 1;
		ui_menu_scroll(n, page, sel, &top);
		buf_reset(&t);
		buf_adds(&t, title);
		if (n > (size_t)shown)		/* where we are in a list that scrolls */
			buf_addf(&t, " (%zu/%zu)", *sel + 1, n);
		ui_box_line(c, y0, x0, w, buf_str(&t), UI_TITLE);
		table_layout(col, 2, ui_rtl(c), x0 + 1, w - 2, 0, x, cw);
		for (i = 0; i < shown; i++) {
			enum ui_color cl = top + (size_t)i == *sel ? UI_SELECT : UI_PLAIN;

			k = top + (size_t)i;
			ui_text(c, y0 + 1 + i, x0, w, "", k < n ? cl : UI_PLAIN, 1);
			if (k >= n)
				continue;
			ui_num(c, y0 + 1 + i, x[0], cw[0], labels[k], cl);
			ui_cell(c, y0 + 1 + i, x[1], cw[1], items[k], cl, 0);
		}
		ui_box_line(c, y0 + h - 1, x0, w, hint, UI_SELECT);
		refresh();
		if ((key = ui_key()) == -1)
			continue;
		switch (ui_action(key)) {
		case ACT_UP:
			*sel -= *sel > 0;
			continue;
		case ACT_DOWN:
			*sel += *sel + 1 < n;
			continue;
		case ACT_PAGE_UP:
			*sel = *sel > page ? *sel - page : 0;
			continue;
		case ACT_PAGE_DOWN:
			*sel = *sel + page < n ? *sel + page : n > 0 ? n - 1 : 0;
			continue;
		case ACT_HOME:
			*sel = 0;
			continue;
		case ACT_END:
			*sel = n > 0 ? n - 1 : 0;
			continue;
		default:
			break;
		}
		break;
	}
	buf_free(&t);
	return key;
}

int
ui_is_yes(int key)
{
	return key == 'y' || key == 'Y' || key == '\n' || key == '\r' ||
	    key == 0x628 /* ب */ || key == KEY_ENTER + UI_FKEY;
}
