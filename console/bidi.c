/*
 * bidi.c — FriBidi's Unicode bidirectional algorithm, one line at a time.
 *
 * No Arabic shaping: terminals shape (or not) by themselves; we only put
 * the characters in the order they must appear from left to right, with
 * brackets mirrored.
 */
#include <fribidi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bidi.h"
#include "u8.h"
#include "xmalloc.h"

static const struct {
	const char	*name;
	enum bidi_mode	 mode;
} bidi_modes[] = {
	{ "auto", BIDI_AUTO }, { "on", BIDI_ON }, { "off", BIDI_OFF },
};

int
bidi_mode_parse(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < sizeof bidi_modes / sizeof bidi_modes[0]; i++)
		if (strcmp(s, bidi_modes[i].name) == 0)
			return (int)bidi_modes[i].mode;
	return -1;
}

/* Terminals that reorder by themselves: an environment variable each. */
static int
bidi_terminal_does_it(void)
{
	const char *v;

	if ((v = getenv("VTE_VERSION")) != NULL && strtol(v, NULL, 10) >= 5800)
		return 1;
	if (getenv("KONSOLE_VERSION") != NULL || getenv("MLTERM") != NULL)
		return 1;
	return 0;
}

int
bidi_wanted(enum bidi_mode m)
{
	if (m == BIDI_AUTO)
		return !bidi_terminal_does_it();
	return m == BIDI_ON;
}

/* 1 if cp is a strong right-to-left character (bidi class R or AL: Hebrew,
 * Arabic, Persian, Syriac, Thaana, …, and RLM, ALM); 0 for digits (Persian
 * and Arabic-Indic ones too), marks, the embeddings and everything else. */
static int
bidi_is_rtl(uint32_t cp)
{
	FriBidiCharType t = fribidi_get_bidi_type((FriBidiChar)cp);

	return t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL;
}

/* LRE RLE PDF LRO RLO, LRI RLI FSI PDI: directional formatting marks. */
static int
bidi_is_mark(FriBidiChar c)
{
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

static int
bidi_has_rtl(const char *s)
{
	size_t len = strlen(s);
	uint32_t cp;
	int n;

	while (len > 0) {
		if ((n = u8_decode(s, len, &cp)) <= 0)
			return 0;
		if (bidi_is_rtl(cp))
			return 1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

char *
bidi_visual(const char *s)
{
	return bidi_visual_in(s, 0);
}

char *
bidi_visual_in(const char *s, int rtl)
{
	size_t bytes = strlen(s);
	FriBidiChar *u = NULL;
	FriBidiCharType *types = NULL;
	FriBidiBracketType *brackets = NULL;
	FriBidiLevel *levels = NULL;
	FriBidiParType base = rtl ? FRIBIDI_PAR_WRTL : FRIBIDI_PAR_ON;
	FriBidiStrIndex len;
	char *out = NULL;

	/* Nothing to move: no right-to-left letter, and no right-to-left
	 * context for the rest. */
	if (bytes == 0 || !u8_valid(s, bytes) || (!rtl && !bidi_has_rtl(s)))
		return xstrdup(s);
	u = xreallocarray(NULL, bytes + 1, sizeof *u);
	len = fribidi_charset_to_unicode(FRIBIDI_CHAR_SET_UTF8, s,
	    (FriBidiStrIndex)bytes, u);
	types = xreallocarray(NULL, (size_t)len + 1, sizeof *types);
	brackets = xreallocarray(NULL, (size_t)len + 1, sizeof *brackets);
	levels = xreallocarray(NULL, (size_t)len + 1, sizeof *levels);
	fribidi_get_bidi_types(u, len, types);
	fribidi_get_bracket_types(u, len, types, brackets);
	if (fribidi_get_par_embedding_levels_ex(types, brackets, len, &base,
	    levels) == 0)
		goto fail;
	fribidi_shape_mirroring(levels, len, u);
	if (fribidi_reorder_line(FRIBIDI_FLAGS_DEFAULT, types, len, 0, base,
	    levels, u, NULL) == 0)
		goto fail;
	/* The isolates and embeddings have done their work: a terminal that
	 * is shown the visual order has no use for them. */
	{
		FriBidiStrIndex i, j;

		for (i = j = 0; i < len; i++)
			if (!bidi_is_mark(u[i]))
				u[j++] = u[i];
		len = j;
	}
	out = xmalloc((size_t)len * 4 + 1);
	fribidi_unicode_to_charset(FRIBIDI_CHAR_SET_UTF8, u, len, out);
fail:
	free(u);
	free(types);
	free(brackets);
	free(levels);
	return out != NULL ? out : xstrdup(s);
}
