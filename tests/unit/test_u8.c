/*
 * test_u8.c — UTF-8 validation, decoding, widths and cutting (common/u8.c).
 *
 * The decoder is checked against the malformed sequences of Unicode Table
 * 3-7 and by an encode/decode round trip of every scalar value; the widths
 * against Persian text with ZWNJ and harakat, CJK, emoji, and under the "C"
 * locale (where wcwidth(3) would give -1), and u8_fit at every column count.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "buf.h"
#include "u8.h"

#define FA_SALAM	"\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85"	/* سلام */
/* می‌خواهم: mim, ye, ZWNJ, khe, vav, alef, he, mim */
#define FA_MIKHAHAM	"\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xae\xd9\x88\xd8\xa7\xd9\x87\xd9\x85"
/* بَت: beh, fatha, teh */
#define FA_BAT		"\xd8\xa8\xd9\x8e\xd8\xaa"
#define CJK_HANZI	"\xe6\xbc\xa2\xe5\xad\x97"		/* 漢字 */
#define EMOJI_THUMBS	"\xf0\x9f\x91\x8d"			/* 👍 U+1F44D */
#define EMOJI_ROCKET	"\xf0\x9f\x9a\x80"			/* 🚀 U+1F680 */
#define EMOJI_WATCH	"\xe2\x8c\x9a"			/* ⌚ U+231A */

static void
test_valid(void **state)
{
	static const char *const good[] = {
		"", "abc", FA_SALAM, FA_MIKHAHAM, CJK_HANZI,
		"\xe2\x82\xac",			/* U+20AC € */
		"\xf0\x9f\x98\x80",		/* U+1F600 */
		"\xf4\x8f\xbf\xbf",		/* U+10FFFF */
		"\xed\x9f\xbf",			/* U+D7FF, last before surrogates */
		"\xee\x80\x80",			/* U+E000, first after */
		"\xc2\x80",			/* U+0080 */
		"\xef\xbf\xbf",			/* U+FFFF */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_equal(u8_valid(good[i], strlen(good[i])), 1);
	/* An embedded NUL is a valid character when len covers it. */
	assert_int_equal(u8_valid("a\0b", 3), 1);
}

static void
test_invalid(void **state)
{
	/* The first character itself is malformed. */
	static const char *const bad[] = {
		"\xc0\xaf",			/* overlong '/' */
		"\xc1\xbf",			/* overlong */
		"\xe0\x80\xaf",			/* overlong 3-byte */
		"\xe0\x9f\xbf",			/* overlong 3-byte, upper edge */
		"\xf0\x80\x80\xaf",		/* overlong 4-byte */
		"\xf0\x8f\xbf\xbf",		/* overlong 4-byte, upper edge */
		"\xed\xa0\x80",			/* surrogate U+D800 */
		"\xed\xbf\xbf",			/* surrogate U+DFFF */
		"\xf4\x90\x80\x80",		/* U+110000 */
		"\xf5\x80\x80\x80",		/* F5 lead */
		"\xff", "\xfe",
		"\x80",				/* stray continuation */
		"\xd8",				/* truncated 2-byte */
		"\xe2\x82",			/* truncated 3-byte */
		"\xf0\x9f\x98",			/* truncated 4-byte */
		"\xe2\x28\xa1",			/* bad continuation */
	};
	/* Valid at first, broken later. */
	static const char *const bad_later[] = {
		"a\xbf" "b",
		"\xd8\xb3\xd9",			/* sin, then a cut lam */
		FA_SALAM "\xc0\xaf",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint32_t cp = 0;

		assert_int_equal(u8_valid(bad[i], strlen(bad[i])), 0);
		assert_int_equal(u8_decode(bad[i], strlen(bad[i]), &cp), -1);
		assert_int_equal(cp, 0xFFFD);
	}
	for (i = 0; i < sizeof bad_later / sizeof bad_later[0]; i++)
		assert_int_equal(u8_valid(bad_later[i], strlen(bad_later[i])), 0);
	/* A valid string cut inside a character by len. */
	assert_int_equal(u8_valid(FA_SALAM, 3), 0);
	assert_int_equal(u8_valid(FA_SALAM, 4), 1);
}

static void
test_decode(void **state)
{
	uint32_t cp = 12345;

	(void)state;
	assert_int_equal(u8_decode("x", 0, &cp), 0);
	assert_int_equal(u8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(u8_decode(FA_SALAM, 8, &cp), 2);
	assert_int_equal(cp, 0x0633);			/* س */
	assert_int_equal(u8_decode("\xe2\x80\x8c", 3, &cp), 3);
	assert_int_equal(cp, 0x200C);			/* ZWNJ */
	assert_int_equal(u8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	/* Truncated by len even though the bytes are there. */
	assert_int_equal(u8_decode("\xf0\x9f\x98\x80", 3, &cp), -1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(u8_decode("\xc0\xaf", 2, &cp), -1);
	assert_int_equal(cp, 0xFFFD);
}

static void
test_roundtrip(void **state)
{
	uint32_t cp, back;
	char buf[8];
	int n, want;

	(void)state;
	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF) {
			assert_int_equal(u8_encode(cp, buf), -1);
			continue;
		}
		want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		n = u8_encode(cp, buf);
		assert_int_equal(n, want);
		assert_int_equal(u8_valid(buf, (size_t)n), 1);
		back = 0xFFFFFFFF;
		assert_int_equal(u8_decode(buf, (size_t)n, &back), n);
		assert_int_equal(back, cp);
	}
	assert_int_equal(u8_encode(0x110000, buf), -1);
	assert_int_equal(u8_encode(0xFFFFFFFF, buf), -1);
	/* Known byte sequences. */
	assert_int_equal(u8_encode(0x06F1, buf), 2);		/* ۱ */
	assert_memory_equal(buf, "\xdb\xb1", 2);
	assert_int_equal(u8_encode(0x20AC, buf), 3);
	assert_memory_equal(buf, "\xe2\x82\xac", 3);
	assert_int_equal(u8_encode(0x10FFFF, buf), 4);
	assert_memory_equal(buf, "\xf4\x8f\xbf\xbf", 4);
}

static void
test_chars(void **state)
{
	(void)state;
	assert_int_equal(u8_chars(""), 0);
	assert_int_equal(u8_chars("abc"), 3);
	assert_int_equal(u8_chars(FA_SALAM), 4);
	assert_int_equal(u8_chars(FA_MIKHAHAM), 8);
	assert_int_equal(u8_chars(CJK_HANZI), 2);
	assert_int_equal(u8_chars("\xf0\x9f\x98\x80!"), 2);
}

static void
test_cpwidth(void **state)
{
	(void)state;
	assert_int_equal(u8_cpwidth('A'), 1);
	assert_int_equal(u8_cpwidth(' '), 1);
	assert_int_equal(u8_cpwidth(0x0633), 1);	/* س */
	assert_int_equal(u8_cpwidth(0x06F1), 1);	/* ۱ */
	assert_int_equal(u8_cpwidth(0), 0);
	assert_int_equal(u8_cpwidth('\n'), 0);
	assert_int_equal(u8_cpwidth('\t'), 0);
	assert_int_equal(u8_cpwidth(0x7F), 0);
	assert_int_equal(u8_cpwidth(0x85), 0);
	assert_int_equal(u8_cpwidth(0x064E), 0);	/* fatha */
	assert_int_equal(u8_cpwidth(0x0651), 0);	/* shadda */
	assert_int_equal(u8_cpwidth(0x0670), 0);	/* superscript alef */
	assert_int_equal(u8_cpwidth(0x0301), 0);	/* combining acute */
	assert_int_equal(u8_cpwidth(0x200C), 0);	/* ZWNJ */
	assert_int_equal(u8_cpwidth(0x200F), 0);	/* RLM */
	assert_int_equal(u8_cpwidth(0x202B), 0);	/* RLE */
	assert_int_equal(u8_cpwidth(0x2067), 0);	/* RLI */
	assert_int_equal(u8_cpwidth(0xFE0F), 0);	/* VS16 */
	assert_int_equal(u8_cpwidth(0xFEFF), 0);
	assert_int_equal(u8_cpwidth(0x1100), 2);	/* Hangul jamo */
	assert_int_equal(u8_cpwidth(0x4E2D), 2);	/* 中 */
	assert_int_equal(u8_cpwidth(0x3042), 2);	/* あ */
	assert_int_equal(u8_cpwidth(0xAC00), 2);	/* 가 */
	assert_int_equal(u8_cpwidth(0xFF21), 2);	/* fullwidth A */
	assert_int_equal(u8_cpwidth(0x1F600), 2);	/* 😀 */
	assert_int_equal(u8_cpwidth(0x1F680), 2);	/* 🚀 */
	assert_int_equal(u8_cpwidth(0x1F91D), 2);	/* 🤝 */
	assert_int_equal(u8_cpwidth(0x231A), 2);	/* ⌚ */
	assert_int_equal(u8_cpwidth(0x26A1), 2);	/* ⚡ */
	assert_int_equal(u8_cpwidth(0x1F44D), 2);	/* 👍 */
	assert_int_equal(u8_cpwidth(0x2764), 1);	/* ❤ (text presentation) */
	assert_int_equal(u8_cpwidth(0x1F3FB), 2);	/* skin tone modifier */
	assert_int_equal(u8_cpwidth(0x200D), 0);	/* ZWJ */
	assert_int_equal(u8_cpwidth(0x0654), 0);	/* hamza above */
	assert_int_equal(u8_cpwidth(0x3000), 2);	/* ideographic space */
	assert_int_equal(u8_cpwidth(0x2F800), 2);	/* CJK compatibility supplement */
	assert_int_equal(u8_cpwidth(0xD800), 0);	/* a surrogate is no character */
	assert_int_equal(u8_cpwidth(0x110000), 0);
	assert_int_equal(u8_cpwidth(0x20000), 2);
	assert_int_equal(u8_cpwidth(0xFF61), 1);	/* halfwidth 。 */
	assert_int_equal(u8_cpwidth(0x2E7F), 1);
	assert_int_equal(u8_cpwidth(0xFB50), 1);	/* Arabic presentation */
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(u8_width(""), 0);
	assert_int_equal(u8_width("hello"), 5);
	assert_int_equal(u8_width(FA_SALAM), 4);
	assert_int_equal(u8_width(FA_MIKHAHAM), 7);
	assert_int_equal(u8_width(FA_BAT), 2);
	assert_int_equal(u8_width(CJK_HANZI), 4);
	assert_int_equal(u8_width("a" CJK_HANZI "b"), 6);
	assert_int_equal(u8_width("\xe2\x80\x8f" FA_SALAM "\xe2\x80\x8e"), 4);
	/* emoji are two columns, as terminals draw them */
	assert_int_equal(u8_width(EMOJI_THUMBS EMOJI_ROCKET), 4);
	assert_int_equal(u8_width("a" EMOJI_WATCH "b"), 4);
	assert_int_equal(u8_width(FA_SALAM " " EMOJI_THUMBS), 7);
	/* CJK wide, combining marks, ZWNJ */
	assert_int_equal(u8_width(CJK_HANZI "\xe3\x80\x82"), 6);	/* 漢字。 */
	assert_int_equal(u8_width("e\xcc\x81"), 1);			/* e + acute */
	assert_int_equal(u8_width("\xe2\x80\x8c"), 0);			/* ZWNJ alone */
	assert_int_equal(u8_fit(EMOJI_THUMBS EMOJI_ROCKET, 3, NULL), 4);	/* one fits */
}

/* Widths must not depend on the locale: wcwidth(3) in "C" gives -1 for CJK. */
static void
test_width_locale(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_ALL, "C"));
	assert_int_equal(u8_cpwidth(0x4E2D), 2);
	assert_int_equal(u8_cpwidth(0x0633), 1);
	assert_int_equal(u8_cpwidth(0x200C), 0);
	assert_int_equal(u8_width(FA_MIKHAHAM), 7);
	assert_int_equal(u8_width(CJK_HANZI), 4);
	assert_int_equal(u8_width(EMOJI_ROCKET), 2);
}

static void
test_fit_examples(void **state)
{
	size_t w = 99;

	(void)state;
	assert_int_equal(u8_fit(FA_SALAM, 0, &w), 0);
	assert_int_equal(w, 0);
	assert_int_equal(u8_fit(FA_SALAM, 2, &w), 4);
	assert_int_equal(w, 2);
	assert_int_equal(u8_fit(FA_SALAM, 4, &w), 8);
	assert_int_equal(w, 4);
	assert_int_equal(u8_fit(FA_SALAM, 100, &w), 8);
	assert_int_equal(w, 4);
	/* A wide character is never cut in half. */
	assert_int_equal(u8_fit(CJK_HANZI, 1, &w), 0);
	assert_int_equal(w, 0);
	assert_int_equal(u8_fit(CJK_HANZI, 3, &w), 3);
	assert_int_equal(w, 2);
	/* The fatha stays with its beh. */
	assert_int_equal(u8_fit(FA_BAT, 1, &w), 4);
	assert_int_equal(w, 1);
	/* ZWNJ (0 wide) goes with the character before it. */
	assert_int_equal(u8_fit(FA_MIKHAHAM, 2, &w), 7);
	assert_int_equal(w, 2);
	assert_int_equal(u8_fit(FA_MIKHAHAM, 3, &w), 9);
	assert_int_equal(w, 3);
	/* width may be NULL. */
	assert_int_equal(u8_fit("abc", 2, NULL), 2);
}

/* At every column count the cut is valid, fits, is maximal, keeps marks. */
static void
test_fit_all_cuts(void **state)
{
	static const char *const s[] = {
		FA_SALAM, FA_MIKHAHAM, FA_BAT, CJK_HANZI,
		"a\xcc\x81" "b\xe6\xbc\xa2\xd9\x8e\xd9\x91" "c",
		"\xe2\x80\x8f" "\xd8\xa8\xd9\x8e\xd9\x91" "\xf0\x9f\x98\x80x",
	};
	size_t i, cols;

	(void)state;
	for (i = 0; i < sizeof s / sizeof s[0]; i++) {
		size_t total = u8_width(s[i]), len = strlen(s[i]);

		for (cols = 0; cols <= total + 1; cols++) {
			char prefix[64];
			size_t w = 999, n = u8_fit(s[i], cols, &w);
			uint32_t next;

			assert_true(n <= len);
			assert_true(u8_valid(s[i], n));
			memcpy(prefix, s[i], n);
			prefix[n] = '\0';
			assert_int_equal(u8_width(prefix), w);
			assert_true(w <= cols);
			if (n == len) {
				assert_int_equal(w, total);
				continue;
			}
			assert_true(u8_decode(s[i] + n, len - n, &next) > 0);
			/* The next character is not a mark and does not fit. */
			assert_int_not_equal(u8_cpwidth(next), 0);
			assert_true(w + (size_t)u8_cpwidth(next) > cols);
		}
	}
}

static void
test_cut(void **state)
{
	(void)state;
	/* سلام is 8 bytes, 2 a letter: every limit cuts between letters */
	assert_int_equal(u8_cut(FA_SALAM, 8, 100), 8);
	assert_int_equal(u8_cut(FA_SALAM, 8, 8), 8);
	assert_int_equal(u8_cut(FA_SALAM, 8, 7), 6);
	assert_int_equal(u8_cut(FA_SALAM, 8, 6), 6);
	assert_int_equal(u8_cut(FA_SALAM, 8, 1), 0);
	assert_int_equal(u8_cut(FA_SALAM, 8, 0), 0);
	assert_int_equal(u8_cut("abc", 3, 2), 2);
	/* a 4-byte character is kept whole or not at all */
	assert_int_equal(u8_cut("a\xf0\x9f\x98\x80", 5, 4), 1);
	assert_int_equal(u8_cut("a\xf0\x9f\x98\x80", 5, 5), 5);
}

/* u8_clean_line: what a name, a subject or a file name becomes. */
static void
expect_clean(const char *in, const char *want)
{
	struct buf b = BUF_INIT;

	assert_int_equal(u8_clean_line(in, strlen(in), &b), 0);
	assert_string_equal(buf_str(&b), want);
	assert_int_equal(strlen(buf_str(&b)), b.len);
	buf_free(&b);
}

static void
test_clean_line(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	/* Persian with ZWNJ, Persian digits and Latin: kept as typed. */
	expect_clean(FA_MIKHAHAM " \xdb\xb1\xdb\xb2\xdb\xb3 abc", FA_MIKHAHAM " \xdb\xb1\xdb\xb2\xdb\xb3 abc");
	expect_clean(FA_BAT, FA_BAT);
	/* Only spaces of any kind: empty (a missing field, not a 503). */
	expect_clean("\xc2\xa0", "");			/* U+00A0 */
	expect_clean("\xe3\x80\x80", "");		/* U+3000 */
	expect_clean("\xe2\x80\x83", "");		/* U+2003 */
	expect_clean(" \t\r\n\xe2\x80\xaf\xe2\x81\x9f\xe1\x9a\x80\xc2\x85", "");
	/* Only zero-width characters, or only marks: empty. */
	expect_clean("\xe2\x80\x8c", "");		/* ZWNJ */
	expect_clean("\xe2\x80\x8b\xe2\x80\x8d\xef\xbb\xbf\xe2\x81\xa0", "");
	expect_clean("\xe2\x80\x8c \xe2\x80\x8d \xc2\xa0", "");
	expect_clean("\xd9\x8e\xd9\x8b", "");		/* two harakat, no letter */
	expect_clean("\xe2\x80\xae\xe2\x80\xac", "");	/* RLO PDF */
	/* Spaces collapse to one U+0020 and are trimmed. */
	expect_clean("\xe3\x80\x80 Ali\xc2\xa0\xc2\xa0Rezaei\xe2\x80\x83", "Ali Rezaei");
	expect_clean("a\tb\nc", "a b c");
	/* C0 and C1 controls and DEL go. */
	expect_clean("a\x01" "b\x1b[31mc\x7f", "ab[31mc");
	expect_clean("x\xc2\x80y\xc2\x9b" "z", "xyz");	/* U+0080, U+009B CSI */
	/* Bidi embeddings, overrides, isolates, LRM/RLM/ALM go. */
	expect_clean("invoice\xe2\x80\xae" "fdp.exe", "invoicefdp.exe");
	expect_clean("\xe2\x80\xaa" "a\xe2\x80\xab" "b\xe2\x80\xac" "c\xe2\x80\xad" "d",
	    "abcd");
	expect_clean("\xe2\x81\xa6" "a\xe2\x81\xa7" "b\xe2\x81\xa8" "c\xe2\x81\xa9", "abc");
	expect_clean("\xe2\x80\x8e" "a\xe2\x80\x8f" "b\xd8\x9c" "c", "abc");
	/* ZWNJ and ZWJ: kept inside (as typed, next to a space too), never
	 * at an end. */
	expect_clean("\xe2\x80\x8c" FA_SALAM "\xe2\x80\x8c", FA_SALAM);
	expect_clean(" \xe2\x80\x8c" FA_SALAM " \xe2\x80\x8c ", FA_SALAM);
	expect_clean(FA_SALAM "\xe2\x80\x8c \xe2\x80\x8c" FA_SALAM,
	    FA_SALAM "\xe2\x80\x8c \xe2\x80\x8c" FA_SALAM);
	expect_clean("a\xe2\x80\x8d" "b", "a\xe2\x80\x8d" "b");
	/* NUL inside the given length goes too. */
	assert_int_equal(u8_clean_line("a\0b", 3, &b), 0);
	assert_string_equal(buf_str(&b), "ab");
	/* Not UTF-8: refused, nothing left. */
	assert_int_equal(u8_clean_line("ab\xff", 3, &b), -1);
	assert_int_equal(b.len, 0);
	assert_int_equal(u8_clean_line("\xed\xa0\x80", 3, &b), -1);	/* a surrogate */
	assert_int_equal(u8_clean_line("\xc0\xa0", 2, &b), -1);	/* an overlong space */
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_chars),
		cmocka_unit_test(test_cpwidth),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_width_locale),
		cmocka_unit_test(test_fit_examples),
		cmocka_unit_test(test_fit_all_cuts),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_clean_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
