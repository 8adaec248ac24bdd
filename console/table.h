/*
 * table.h — where a table's columns go on a line of the screen.
 *
 * Columns are given in reading order (the first is what a reader looks at
 * first); the layout places them from the reading start, which is the left
 * edge in English and the right edge in Persian (ui_rtl), one blank column
 * apart.  When the line is short of room, columns go in their `drop` order,
 * then the widest ones narrow; room left over goes to the growing ones.
 * Cells are drawn with ui_cell, which aligns them to the same side.
 */
#ifndef PK_TABLE_H
#define PK_TABLE_H

#include <stddef.h>

struct table_col {
	int	width;	/* the columns it wants */
	int	min;	/* the least it is useful in (0: `width`) */
	int	grow;	/* its share of the room left over (0: none) */
	int	max;	/* the most a growing column takes (0: no limit) */
	int	drop;	/* 0: always shown; others go first when room is short,
			   the highest number first */
};

/*
 * Lay out n columns on the part of a line from screen column x0, `width`
 * columns wide, with `lead` blank columns at its reading start (an indent):
 * the right edge when rtl (ui_rtl), else the left.
 * x[i] gets the screen column of cell i's left edge, w[i] its width (0 for
 * a dropped column).
 */
void	table_layout(const struct table_col *, size_t n, int rtl, int x0,
	    int width, int lead, int *x, int *w);
/* Make col->width at least the display width of s (to size by content). */
void	table_fit(struct table_col *, const char *s);

#endif
