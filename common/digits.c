/*
 * digits.c — read numbers the way people type them, show them in Persian.
 *
 * Phones and Persian keyboards produce Persian (U+06F0..) or Arabic-Indic
 * (U+0660..) digits, grouping spaces and dashes, and invisible bidi marks.
 * Comparing or storing such input byte for byte fails in ways users cannot
 * see, so every number, code and phone number is folded to plain ASCII digits
 * here first.  Strict UTF-8 decoding comes from u8.c.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "digits.h"
#include "u8.h"

int
digits_value(uint32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return (int)(cp - '0');
	if (cp >= 0x06F0 && cp <= 0x06F9)	/* Persian ۰..۹ */
		return (int)(cp - 0x06F0);
	if (cp >= 0x0660 && cp <= 0x0669)	/* Arabic-Indic ٠..٩ */
		return (int)(cp - 0x0660);
	return -1;
}

/* Blanks: white space and invisible marks, allowed around a number. */
static int
is_blank(uint32_t cp)
{
	switch (cp) {
	case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
	case 0x00A0:		/* NBSP */
	case 0x061C:		/* ARABIC LETTER MARK */
	case 0x1680:		/* OGHAM SPACE MARK */
	case 0x202F:		/* NARROW NBSP */
	case 0x205F:		/* MEDIUM MATHEMATICAL SPACE */
	case 0x3000:		/* IDEOGRAPHIC SPACE */
	case 0xFEFF:		/* BOM / ZWNBSP */
		return 1;
	}
	if (cp >= 0x2000 && cp <= 0x200F)	/* en quad … thin, ZWSP, ZWNJ, ZWJ, LRM, RLM */
		return 1;
	if (cp >= 0x202A && cp <= 0x202E)	/* LRE RLE PDF LRO RLO */
		return 1;
	if (cp >= 0x2066 && cp <= 0x2069)	/* LRI RLI FSI PDI */
		return 1;
	return 0;
}

/* Separators removed by digits_normalize: blanks plus typed punctuation. */
static int
is_separator(uint32_t cp)
{
	switch (cp) {
	case '-': case '_': case '.': case '(': case ')': case '/':
		return 1;
	}
	if (cp >= 0x2010 && cp <= 0x2015)	/* Unicode hyphens and dashes */
		return 1;
	return is_blank(cp);
}

int
digits_normalize(const char *in, char *out, size_t outsz)
{
	size_t i = 0, len = strlen(in), o = 0;

	while (i < len) {
		uint32_t cp;
		int n = u8_decode(in + i, len - i, &cp);
		int d;

		if (n <= 0)
			goto fail;
		if ((d = digits_value(cp)) >= 0) {
			if (o + 1 >= outsz)
				goto fail;
			out[o++] = (char)('0' + d);
		} else if (!is_separator(cp)) {
			if ((size_t)n >= outsz - o)
				goto fail;
			memcpy(out + o, in + i, (size_t)n);
			o += (size_t)n;
		}
		i += (size_t)n;
	}
	if (o >= outsz || o > INT_MAX)
		goto fail;
	out[o] = '\0';
	return (int)o;
fail:
	if (outsz > 0)
		out[0] = '\0';
	return -1;
}

int
digits_parse_u64(const char *in, uint64_t max, uint64_t *val)
{
	size_t i = 0, len = strlen(in), ndigits = 0;
	uint64_t v = 0;
	uint32_t cp;
	int n, d;

	/* Leading blanks. */
	while (i < len) {
		if ((n = u8_decode(in + i, len - i, &cp)) <= 0)
			return -1;
		if (!is_blank(cp))
			break;
		i += (size_t)n;
	}
	/* Digits. */
	while (i < len) {
		if ((n = u8_decode(in + i, len - i, &cp)) <= 0)
			return -1;
		if ((d = digits_value(cp)) < 0)
			break;
		if (v > (UINT64_MAX - (uint64_t)d) / 10)
			return -1;		/* overflow */
		v = v * 10 + (uint64_t)d;
		ndigits++;
		i += (size_t)n;
	}
	if (ndigits == 0)
		return -1;
	/* Trailing blanks, then nothing. */
	while (i < len) {
		if ((n = u8_decode(in + i, len - i, &cp)) <= 0)
			return -1;
		if (!is_blank(cp))
			return -1;
		i += (size_t)n;
	}
	if (v > max)
		return -1;
	*val = v;
	return 0;
}

int
digits_code(const char *in, char *out, size_t outsz, size_t minlen, size_t maxlen)
{
	int n = digits_normalize(in, out, outsz);
	int i;

	if (n < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (out[i] < '0' || out[i] > '9')
			goto fail;
	if ((size_t)n < minlen || (size_t)n > maxlen)
		goto fail;
	return n;
fail:
	out[0] = '\0';
	return -1;
}

int
digits_to_fa(const char *in, char *out, size_t outsz)
{
	size_t i = 0, len = strlen(in), o = 0;

	while (i < len) {
		int n = u8_decode(in + i, len - i, NULL);

		if (n <= 0)
			goto fail;
		if (in[i] >= '0' && in[i] <= '9') {
			/* U+06F0 + d is 0xDB 0xB0+d in UTF-8. */
			if (2 >= outsz - o)
				goto fail;
			out[o++] = (char)0xDB;
			out[o++] = (char)(0xB0 + (in[i] - '0'));
		} else {
			if ((size_t)n >= outsz - o)
				goto fail;
			memcpy(out + o, in + i, (size_t)n);
			o += (size_t)n;
		}
		i += (size_t)n;
	}
	if (o >= outsz || o > INT_MAX)
		goto fail;
	out[o] = '\0';
	return (int)o;
fail:
	if (outsz > 0)
		out[0] = '\0';
	return -1;
}
