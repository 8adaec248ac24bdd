/*
 * test_bidi.c — console/bidi.c: FriBidi's visual order for terminals
 * without bidi, and the bidi setting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "bidi.c"

#define SALAM	"\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85"	/* سلام */
#define MALAS	"\xd9\x85\xd8\xa7\xd9\x84\xd8\xb3"	/* the same, reversed */

static void
check(const char *in, const char *want)
{
	char *got = bidi_visual(in);

	assert_string_equal(got, want);
	free(got);
}

static void
test_latin_unchanged(void **state)
{
	(void)state;
	check("", "");
	check("hello, world (1)", "hello, world (1)");
}

static void
test_persian_reversed(void **state)
{
	(void)state;
	check(SALAM, MALAS);
}

static void
test_numbers_keep_order(void **state)
{
	(void)state;
	/* "سلام 123": the number stays left to right, placed at the left. */
	check(SALAM " 123", "123 " MALAS);
	/* Persian digits are numbers too (۱۲). */
	check(SALAM " \xdb\xb1\xdb\xb2", "\xdb\xb1\xdb\xb2 " MALAS);
}

static void
test_mixed_ltr_paragraph(void **state)
{
	(void)state;
	/* A left-to-right paragraph keeps its Latin order, the Persian run
	 * is reversed in place. */
	check("Subject: " SALAM " ok", "Subject: " MALAS " ok");
}

static void
test_mirroring(void **state)
{
	(void)state;
	/* "(سلام)" in a right-to-left paragraph: brackets are mirrored. */
	check("(" SALAM ")", "(" MALAS ")");
}

static void
test_zwnj_kept(void **state)
{
	char *got;

	(void)state;
	/* می‌خواهم keeps its ZWNJ (U+200C) and every byte. */
	got = bidi_visual("\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xae");
	assert_int_equal(strlen(got), 9);
	assert_non_null(strstr(got, "\xe2\x80\x8c"));
	free(got);
}

static void
test_invalid_utf8_copied(void **state)
{
	(void)state;
	check("\xff\xfe" SALAM, "\xff\xfe" SALAM);
}

static void
test_modes(void **state)
{
	(void)state;
	assert_int_equal(bidi_mode_parse("auto"), BIDI_AUTO);
	assert_int_equal(bidi_mode_parse("on"), BIDI_ON);
	assert_int_equal(bidi_mode_parse("off"), BIDI_OFF);
	assert_int_equal(bidi_mode_parse("yes"), -1);
	assert_int_equal(bidi_mode_parse(NULL), -1);
	assert_int_equal(bidi_wanted(BIDI_ON), 1);
	assert_int_equal(bidi_wanted(BIDI_OFF), 0);
	unsetenv("KONSOLE_VERSION");
	unsetenv("MLTERM");
	setenv("VTE_VERSION", "5202", 1);
	assert_int_equal(bidi_wanted(BIDI_AUTO), 1);
	setenv("VTE_VERSION", "7600", 1);
	assert_int_equal(bidi_wanted(BIDI_AUTO), 0);
	unsetenv("VTE_VERSION");
	setenv("KONSOLE_VERSION", "230805", 1);
	assert_int_equal(bidi_wanted(BIDI_AUTO), 0);
	unsetenv("KONSOLE_VERSION");
	assert_int_equal(bidi_wanted(BIDI_AUTO), 1);
}

/* The strong right-to-left letters, from FriBidi: Persian, Arabic, Hebrew. */
static void
test_is_rtl(void **state)
{
	static const uint32_t rtl[] = {
		0x0627, 0x0628, 0x0633, 0x0645,		/* ا ب س م */
		0x067E, 0x0686, 0x0698, 0x06AF,		/* پ چ ژ گ */
		0x06A9, 0x06CC,				/* ک ی */
		0x05D0, 0x05EA,				/* Hebrew */
		0x0710,					/* Syriac */
		0xFB8A, 0xFEFB,				/* presentation forms */
		0x200F, 0x061C,				/* RLM, ALM: classes R, AL */
	};
	static const uint32_t ltr[] = {
		'A', 'z', '0', '9', ' ', '/',
		0x06F0, 0x06F9,				/* Persian digits */
		0x0660, 0x0669,				/* Arabic-Indic digits */
		0x064E, 0x0670,				/* harakat */
		0x200C, 0x200E,				/* ZWNJ, LRM */
		0x202B, 0x202E, 0x2067,			/* RLE, RLO, RLI */
		0x060C,					/* Arabic comma */
		0x4E2D, 0x00E9, 0x0416,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rtl / sizeof rtl[0]; i++)
		assert_int_equal(bidi_is_rtl(rtl[i]), 1);
	for (i = 0; i < sizeof ltr / sizeof ltr[0]; i++)
		assert_int_equal(bidi_is_rtl(ltr[i]), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latin_unchanged),
		cmocka_unit_test(test_persian_reversed),
		cmocka_unit_test(test_numbers_keep_order),
		cmocka_unit_test(test_mixed_ltr_paragraph),
		cmocka_unit_test(test_mirroring),
		cmocka_unit_test(test_zwnj_kept),
		cmocka_unit_test(test_invalid_utf8_copied),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_is_rtl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
