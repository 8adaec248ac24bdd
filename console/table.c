/*
 * table.c — columns on a line: which are shown, how wide, and from which
 * edge (see table.h).  No drawing here.
 */
#include <stddef.h>

#include "table.h"
#include "u8.h"

static int
table_min(const struct table_col *col)
{
	return col->min > 0 && col->min < col->width ? col->min : col->width;
}

/* The columns the shown cells and the gaps between them take. */
static int
table_used(const int *w, size_t n)
{
	int used = 0, shown = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] > 0) {
			used += w[i];
			shown++;
		}
	return shown > 1 ? used + shown - 1 : used;
}

/* The columns the shown cells take at their least widths, gaps included. */
static int
table_least(const struct table_col *col, size_t n, const int *w)
{
	int used = 0, shown = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] > 0) {
			used += table_min(&col[i]);
			shown++;
		}
	return shown > 1 ? used + shown - 1 : used;
}

/* Drop columns, highest `drop` first, until the least widths fit. */
static void
table_drop(const struct table_col *col, size_t n, int room, int *w)
{
	int worst;
	size_t i, pick;

	while (table_least(col, n, w) > room) {
		worst = 0;
		pick = n;
		for (i = 0; i < n; i++)
			if (w[i] > 0 && col[i].drop > worst) {
				worst = col[i].drop;
				pick = i;
			}
		if (pick == n)
			return;
		w[pick] = 0;
	}
}

/* Narrow the widest cells (first down to their least width) until they fit. */
static void
table_shrink(const struct table_col *col, size_t n, int room, int *w)
{
	int used = table_used(w, n), best, over;
	size_t i, pick;

	while (used > room) {
		pick = n;
		best = 0;
		for (i = 0; i < n; i++)
			if (w[i] > 0 && (over = w[i] - table_min(&col[i])) > best) {
				best = over;
				pick = i;
			}
		if (pick == n)		/* all at their least: the widest */
			for (i = 0; i < n; i++)
				if (w[i] > 1 && (pick == n || w[i] > w[pick]))
					pick = i;
		if (pick == n)
			return;
		w[pick]--;
		used--;
	}
}

/* Share what is left among the growing columns, by their `grow`. */
static void
table_grow(const struct table_col *col, size_t n, int room, int *w)
{
	int extra = room - table_used(w, n), shares, given, add;
	size_t i, pick;

	while (extra > 0) {
		shares = 0;
		pick = n;
		for (i = 0; i < n; i++)
			if (w[i] > 0 && col[i].grow > 0 &&
			    (col[i].max == 0 || w[i] < col[i].max)) {
				shares += col[i].grow;
				if (pick == n || col[i].grow > col[pick].grow)
					pick = i;
			}
		if (shares == 0)
			return;
		given = 0;
		for (i = 0; i < n; i++) {
			if (w[i] == 0 || col[i].grow == 0 ||
			    (col[i].max > 0 && w[i] >= col[i].max))
				continue;
			add = extra * col[i].grow / shares;
			if (col[i].max > 0 && w[i] + add > col[i].max)
				add = col[i].max - w[i];
			w[i] += add;
			given += add;
		}
		if (given == 0) {	/* less than a column each: to the largest share */
			w[pick]++;
			given = 1;
		}
		extra -= given;
	}
}

void
table_layout(const struct table_col *col, size_t n, int rtl, int x0, int width,
    int lead, int *x, int *w)
{
	int room = width - lead, at = lead;
	size_t i;

	for (i = 0; i < n; i++) {
		w[i] = col[i].width > 0 ? col[i].width : 1;
		x[i] = x0;
	}
	if (room < 1) {
		for (i = 0; i < n; i++)
			w[i] = 0;
		return;
	}
	table_drop(col, n, room, w);
	table_shrink(col, n, room, w);
	table_grow(col, n, room, w);
	for (i = 0; i < n; i++) {
		if (w[i] == 0)
			continue;
		x[i] = rtl ? x0 + width - at - w[i] : x0 + at;
		at += w[i] + 1;
	}
}

void
table_fit(struct table_col *col, const char *s)
{
	int sw = (int)u8_width(s);

	if (sw > col->width)
		col->width = sw;
}
