/*
 * u8.c — UTF-8 validation, decoding, display width and safe cutting.
 *
 * Everything that shows or truncates Persian text goes through here, so it
 * must be strict (the decoder follows Unicode Table 3-7: no overlongs, no
 * surrogates, nothing above U+10FFFF) and independent of the process locale:
 * widths come from utf8proc's tables of the Unicode data (East Asian Width,
 * emoji presentation), not wcwidth(3), whose answer depends on setlocale()
 * (the web never sets one).
 */
#include <stddef.h>
#include <stdint.h>
#include <utf8proc.h>

#include "buf.h"
#include "u8.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct range {
	uint32_t	lo, hi;
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
	/* 0 for marks and format characters, 2 for East Asian wide ones and
	 * emoji drawn as emoji; never negative */
	return utf8proc_charwidth((utf8proc_int32_t)cp);
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
