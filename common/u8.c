/*
 * u8.c — UTF-8 validation, decoding, display width and safe cutting.
 *
 * Everything that shows or truncates Persian text goes through here, so it
 * must be strict (the decoder follows Unicode Table 3-7: no overlongs, no
 * surrogates, nothing above U+10FFFF) and independent of the process locale:
 * the width function is a small range table of our own instead of
 * wcwidth(3), whose answer depends on setlocale() and on the C library.
 */
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "u8.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct range {
	uint32_t	lo, hi;
};

/* Zero-width code points: combining marks, joiners, bidi and format controls. */
static const struct range zero_width[] = {
	{ 0x0300, 0x036F },	/* combining diacritical marks */
	{ 0x0610, 0x061A },	/* Arabic signs above/below */
	{ 0x064B, 0x065F },	/* Arabic harakat (fatha, kasra, shadda, …) */
	{ 0x0670, 0x0670 },	/* Arabic superscript alef */
	{ 0x06D6, 0x06ED },	/* Arabic Quranic marks */
	{ 0x1AB0, 0x1AFF },	/* combining diacritical marks extended */
	{ 0x1DC0, 0x1DFF },	/* combining diacritical marks supplement */
	{ 0x200B, 0x200F },	/* ZWSP, ZWNJ, ZWJ, LRM, RLM */
	{ 0x2028, 0x202E },	/* line/paragraph separators, bidi embeddings */
	{ 0x2060, 0x206F },	/* word joiner, bidi isolates, … */
	{ 0x20D0, 0x20FF },	/* combining marks for symbols */
	{ 0xFE00, 0xFE0F },	/* variation selectors */
	{ 0xFE20, 0xFE2F },	/* combining half marks */
	{ 0xFEFF, 0xFEFF },	/* BOM / ZWNBSP */
};

/* East Asian wide and fullwidth code points (2 columns). */
static const struct range wide[] = {
	{ 0x1100, 0x115F },	/* Hangul Jamo initials */
	{ 0x2E80, 0xA4CF },	/* CJK radicals … Yi */
	{ 0xAC00, 0xD7A3 },	/* Hangul syllables */
	{ 0xF900, 0xFAFF },	/* CJK compatibility ideographs */
	{ 0xFE30, 0xFE4F },	/* CJK compatibility forms */
	{ 0xFF00, 0xFF60 },	/* fullwidth forms */
	{ 0xFFE0, 0xFFE6 },	/* fullwidth signs */
	{ 0x1F300, 0x1F64F },	/* pictographs, emoticons */
	{ 0x1F900, 0x1F9FF },	/* supplemental symbols and pictographs */
	{ 0x20000, 0x3FFFD },	/* CJK extension B and beyond */
};

/* Strong right-to-left characters (bidi class R or AL), by block. */
static const struct range rtl[] = {
	{ 0x05BE, 0x05BE }, { 0x05C0, 0x05C0 }, { 0x05C3, 0x05C3 },
	{ 0x05C6, 0x05C6 },
	{ 0x05D0, 0x05FF },	/* Hebrew letters and punctuation */
	{ 0x0608, 0x0608 }, { 0x060B, 0x060B }, { 0x060D, 0x060D },
	{ 0x061B, 0x064A },	/* Arabic letters (incl. ALM, tatweel) */
	{ 0x066D, 0x066F },
	{ 0x0671, 0x06D5 },	/* Arabic/Persian letters: پ چ ژ گ ک ی … */
	{ 0x06E5, 0x06E6 },
	{ 0x06EE, 0x06EF },
	{ 0x06FA, 0x070D },	/* Arabic extended letters, Syriac punctuation */
	{ 0x070F, 0x0710 },
	{ 0x0712, 0x072F },	/* Syriac letters */
	{ 0x074D, 0x07A5 },	/* Syriac supplement, Arabic supplement, Thaana */
	{ 0x07B1, 0x07B1 },
	{ 0x07C0, 0x07EA },	/* NKo */
	{ 0x0800, 0x0815 },	/* Samaritan */
	{ 0x0840, 0x0858 },	/* Mandaic */
	{ 0x0860, 0x086A },	/* Syriac supplement */
	{ 0x08A0, 0x08C9 },	/* Arabic extended-A */
	{ 0xFB1D, 0xFB1D },
	{ 0xFB1F, 0xFB28 },
	{ 0xFB2A, 0xFB4F },	/* Hebrew presentation forms */
	{ 0xFB50, 0xFD3D },	/* Arabic presentation forms-A */
	{ 0xFD50, 0xFDC7 },
	{ 0xFDF0, 0xFDFC },
	{ 0xFE70, 0xFEFC },	/* Arabic presentation forms-B */
	{ 0x10800, 0x10FFF },	/* historic RTL scripts, Hanifi Rohingya, … */
	{ 0x1E800, 0x1EFFF },	/* Mende Kikakui, Adlam, Arabic math */
};

static int
in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	if (n == 0 || cp < r[0].lo || cp > r[n - 1].hi)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}


int
u8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c, min2_lo = 0x80, min2_hi = 0xBF;
	size_t n, i;

	if (len == 0)
		return 0;
	c = p[0];
	if (c < 0x80) {
		if (cp != NULL)
			*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			min2_lo = 0xA0;		/* no overlongs */
		else if (c == 0xED)
			min2_hi = 0x9F;		/* no surrogates */
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			min2_lo = 0x90;		/* no overlongs */
		else if (c == 0xF4)
			min2_hi = 0x8F;		/* nothing above U+10FFFF */
		c &= 0x07;
	} else
		goto bad;			/* C0, C1, F5..FF, stray 80..BF */
	if (len < n)
		goto bad;
	if (p[1] < min2_lo || p[1] > min2_hi)
		goto bad;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (cp != NULL)
		*cp = c;
	return (int)n;
bad:
	if (cp != NULL)
		*cp = 0xFFFD;
	return -1;
}

int
u8_valid(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		int n = u8_decode(s + i, len - i, NULL);

		if (n <= 0)
			return 0;
		i += (size_t)n;
	}
	return 1;
}

int
u8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return -1;
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		o[0] = (unsigned char)(0xF0 | (cp >> 18));
		o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (unsigned char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return -1;
}

/*
 * Step over one character of the NUL-terminated string at s: an invalid
 * byte counts as one character (shown as U+FFFD).  Returns the byte length.
 */
static size_t
step(const char *s, uint32_t *cp)
{
	size_t avail = 0;
	int n;

	/* Look at most 4 bytes ahead, never past the NUL. */
	while (avail < 4 && s[avail] != '\0')
		avail++;
	n = u8_decode(s, avail, cp);
	return n > 0 ? (size_t)n : 1;
}

size_t
u8_chars(const char *s)
{
	size_t n = 0;
	uint32_t cp;

	while (*s != '\0') {
		s += step(s, &cp);
		n++;
	}
	return n;
}

int
u8_cpwidth(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	if (cp < 0x0300)
		return 1;
	if (in_ranges(cp, zero_width, NELEM(zero_width)))
		return 0;
	if (in_ranges(cp, wide, NELEM(wide)))
		return 2;
	return 1;
}

size_t
u8_width(const char *s)
{
	size_t w = 0;
	uint32_t cp;

	while (*s != '\0') {
		s += step(s, &cp);
		w += (size_t)u8_cpwidth(cp);
	}
	return w;
}

size_t
u8_fit(const char *s, size_t cols, size_t *width)
{
	size_t len = 0, w = 0;
	uint32_t cp;

	while (s[len] != '\0') {
		size_t n = step(s + len, &cp);
		size_t cw = (size_t)u8_cpwidth(cp);

		/*
		 * A zero-width mark always fits, so it stays with the base
		 * before it; the first character that does not fit ends the
		 * prefix, and the marks after it go with it.
		 */
		if (cw > cols - w)
			break;
		w += cw;
		len += n;
	}
	if (width != NULL)
		*width = w;
	return len;
}

size_t
u8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	len = max;
	while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	return len;
}

int
u8_is_rtl(uint32_t cp)
{
	if (cp < 0x0590)
		return 0;
	return in_ranges(cp, rtl, NELEM(rtl));
}

/* What u8_clean_line does with a code point. */
enum clean { KEEP, SPACE, DROP, JOINER };

static enum clean
clean_class(uint32_t cp)
{
	static const struct range spaces[] = {
		{ 0x0009, 0x000D }, { 0x0020, 0x0020 }, { 0x0085, 0x0085 },
		{ 0x00A0, 0x00A0 }, { 0x1680, 0x1680 }, { 0x2000, 0x200A },
		{ 0x2028, 0x2029 }, { 0x202F, 0x202F }, { 0x205F, 0x205F },
		{ 0x3000, 0x3000 },
	};
	static const struct range drop[] = {
		{ 0x0000, 0x001F },	/* C0 (the spaces among them are above) */
		{ 0x007F, 0x009F },	/* DEL, C1 */
		{ 0x061C, 0x061C },	/* ALM */
		{ 0x200B, 0x200B },	/* ZWSP */
		{ 0x200E, 0x200F },	/* LRM, RLM */
		{ 0x202A, 0x202E },	/* LRE, RLE, PDF, LRO, RLO */
		{ 0x2060, 0x2069 },	/* WJ, invisible operators, LRI, RLI, FSI, PDI */
		{ 0x206A, 0x206F },	/* deprecated format characters */
		{ 0xFEFF, 0xFEFF },	/* BOM, ZWNBSP */
		{ 0xFFF9, 0xFFFB },	/* interlinear annotation */
	};

	if (in_ranges(cp, spaces, NELEM(spaces)))
		return SPACE;
	if (in_ranges(cp, drop, NELEM(drop)))
		return DROP;
	if (cp == 0x200C || cp == 0x200D)
		return JOINER;
	return KEEP;
}

int
u8_clean_line(const char *s, size_t len, struct buf *out)
{
	size_t i = 0, mark = 0;		/* out->len after the last visible char */
	int n, space = 0, visible = 0;
	uint32_t cp;

	buf_reset(out);
	if (!u8_valid(s, len))
		return -1;
	while (i < len && (n = u8_decode(s + i, len - i, &cp)) > 0) {
		enum clean cl = clean_class(cp);

		switch (cl) {
		case SPACE:
			space = out->len > 0;
			break;
		case DROP:
			break;
		case JOINER:
		case KEEP:
			if (out->len == 0 && cl == JOINER)
				break;		/* never at the start */
			if (space)
				buf_addc(out, ' ');
			space = 0;
			buf_add(out, s + i, (size_t)n);
			if (cl == JOINER)
				break;
			mark = out->len;
			if (u8_cpwidth(cp) > 0)
				visible = 1;
			break;
		}
		i += (size_t)n;
	}
	out->len = visible ? mark : 0;	/* no joiner or space at the end */
	buf_addc(out, '\0');
	out->len--;
	return 0;
}
