/*
 * ui.h — the terminal: ncursesw set-up, the key loop, SIGWINCH, colours
 * (blue, green, red as the web; none with NO_COLOR), text cut to columns,
 * the status line, prompts, dialogs and lists to choose from.
 */
#ifndef PK_UI_H
#define PK_UI_H

#include <stddef.h>

#include "action.h"
#include "vocab.h"

struct con;

/* The smallest window the screens are drawn in. */
#define UI_MIN_COLS	40
#define UI_MIN_ROWS	10

/* UI_WARN: amber, for what is due today (the queue's due states). */
enum ui_color { UI_PLAIN, UI_TITLE, UI_GOOD, UI_BAD, UI_SELECT, UI_DIM, UI_WARN };
/* A letter status's colour (common/vocab.h); UI_PLAIN for LETTER__COUNT. */
enum ui_color	ui_status_color(enum letter_status);

void	ui_init(struct con *);
void	ui_end(void);
/* The key loop, until the last screen is closed or Q. */
void	ui_run(struct con *);

/*
 * Draw UTF-8 text at (y, x) in at most `cols` columns, cut on character
 * boundaries, reordered when the bidi setting says so, padded to `cols`
 * with spaces when pad is set.  Returns the columns used.
 */
int	ui_text(struct con *, int y, int x, int cols, const char *s,
	    enum ui_color, int pad);
/*
 * 1 when the console's language is written right to left (Persian).  The
 * one place that decides the direction: lines start, and tables run, from
 * the right edge then; from the left in English.
 */
int	ui_rtl(const struct con *);
/*
 * As ui_text, but aligned to the reading start of its `cols` columns: to
 * the left in English, to the right in Persian.  Returns the columns used.
 */
int	ui_cell(struct con *, int y, int x, int cols, const char *s,
	    enum ui_color, int pad);
/*
 * As ui_cell, but at the right of its columns in either direction: for
 * numbers, which line up on their last digit.
 */
int	ui_num(struct con *, int y, int x, int cols, const char *s, enum ui_color);

/*
 * A bar of `frac` (0..1) of `cols` columns from x, in eighths of a cell
 * (the block characters U+258F..U+2588), the rest blank.  Drawn from the
 * left in either language: the partial blocks fill from the left, and a
 * bar is not text to reorder.  Returns the columns it covers.
 */
int	ui_bar(struct con *, int y, int x, int cols, double frac, enum ui_color);

/*
 * Read a line at the bottom; `init` is its starting text.  Returns a new
 * string (owned by the caller, maybe empty) or NULL when cancelled (Esc).
 */
char	*ui_prompt(struct con *, const char *label, const char *init);
/*
 * As ui_prompt, but `init` (the last search, say) starts selected, as in a
 * browser's address bar: typing or Backspace replaces it, Enter keeps it,
 * and a movement key keeps it to edit at its end.
 */
char	*ui_prompt_sel(struct con *, const char *label, const char *init);
/*
 * A box in the middle with `n` lines and a hint; returns the key pressed
 * (a wide character, or KEY_* + 0x100000 for function keys; Esc = 27).
 */
int	ui_dialog(struct con *, const char *title, const char *const *lines,
	    size_t n, const char *hint);
/*
 * A list to choose from, in a box in the middle: n rows of a short label
 * (a number) and a text, and a selection bar on row *sel that the key
 * table's movements (up, down, screens, first, last) move, scrolling when
 * the list is longer than the box.  Returns the first other key, as
 * ui_dialog does (Enter among them: see ui_action), with *sel the row
 * selected.
 */
int	ui_menu(struct con *, const char *title, const char *const *labels,
	    const char *const *items, size_t n, const char *hint, size_t *sel);
/* The key table's action for a key that ui_dialog or ui_menu returned. */
enum action ui_action(int key);
/* 1 if the key means yes (y, Persian ب for بله, Enter), 0 otherwise. */
int	ui_is_yes(int key);
/* Leave and restore curses around an external program. */
void	ui_suspend(void);
void	ui_resume(void);

#endif
