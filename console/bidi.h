/*
 * bidi.h — visual reordering of right-to-left text for terminals that do
 * not do it themselves (GNU FriBidi).
 */
#ifndef PK_BIDI_H
#define PK_BIDI_H

enum bidi_mode { BIDI_AUTO, BIDI_ON, BIDI_OFF };

/* "auto", "on", "off" → mode; -1 otherwise. */
int	 bidi_mode_parse(const char *);
/*
 * 1 if the console should reorder: ON, or AUTO on a terminal not known to
 * do bidi itself (VTE 0.58+ as in GNOME Terminal, Konsole, mlterm).
 */
int	 bidi_wanted(enum bidi_mode);
/*
 * One line of logical UTF-8 text in visual order (left to right on the
 * screen); the paragraph direction comes from its first strong character.
 * Returns a new string owned by the caller (a copy when nothing is
 * right-to-left or the text is not valid UTF-8).
 */
char	*bidi_visual(const char *);
/*
 * The same in a context of direction `rtl` (1: right to left): text with
 * no strong character of its own (a number, "1.", a date and time) runs in
 * that direction; other text takes its first strong character's.
 */
char	*bidi_visual_in(const char *, int rtl);

#endif
