/*
 * test_i18n.c — the catalog: both languages for every message, with the
 * same printf conversions in the same order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "i18n.h"
#include "u8.h"

/* The conversion characters of a format, in order: "%s %d" → "sd". */
static void
conversions(const char *fmt, char *out, size_t outsz)
{
	size_t n = 0;

	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%')
			continue;
		fmt++;
		if (*fmt == '%')
			continue;
		while (*fmt != '\0' && strchr("0123456789.-+ #lzh$'", *fmt) != NULL)
			fmt++;
		if (*fmt != '\0' && n + 1 < outsz)
			out[n++] = *fmt;
		if (*fmt == '\0')
			break;
	}
	out[n] = '\0';
}

static void
test_catalog(void **state)
{
	char a[32], b[32];
	int i;

	(void)state;
	for (i = 0; i < MSG__COUNT; i++) {
		const char *fa = i18n(LANG_FA, (enum msg_id)i);
		const char *en = i18n(LANG_EN, (enum msg_id)i);

		assert_true(fa[0] != '\0');
		assert_true(en[0] != '\0');
		assert_true(u8_valid(fa, strlen(fa)));
		assert_string_not_equal(fa, en);
		conversions(fa, a, sizeof a);
		conversions(en, b, sizeof b);
		assert_string_equal(a, b);
	}
	assert_string_equal(i18n(LANG_FA, MSG_STATUS_REVIEW), "در حال بررسی");
	assert_string_equal(i18n(LANG_EN, MSG_STATUS_REVIEW), "Under review");
	assert_string_equal(i18n(LANG_FA, MSG__COUNT), "");
}

static void
test_status(void **state)
{
	(void)state;
	assert_int_equal(i18n_status("review"), MSG_STATUS_REVIEW);
	assert_int_equal(i18n_status("approved"), MSG_STATUS_APPROVED);
	assert_int_equal(i18n_status("rejected"), MSG_STATUS_REJECTED);
	assert_int_equal(i18n_status("lost"), MSG__COUNT);
	assert_string_equal(i18n(LANG_FA, i18n_status("rejected")), "رد شده");
	assert_string_equal(i18n_statuses[0], "review");
	assert_null(i18n_statuses[3]);
}

static void
test_lang(void **state)
{
	(void)state;
	assert_int_equal(i18n_lang_parse("fa"), LANG_FA);
	assert_int_equal(i18n_lang_parse("fa_IR.UTF-8"), LANG_FA);
	assert_int_equal(i18n_lang_parse("en-US"), LANG_EN);
	assert_int_equal(i18n_lang_parse("english"), -1);
	assert_int_equal(i18n_lang_parse("de"), -1);
	assert_int_equal(i18n_lang_parse(NULL), -1);
	assert_string_equal(i18n_lang_code(LANG_EN), "en");
	setenv("LANGUAGE", "", 1);
	setenv("LC_ALL", "en_GB.UTF-8", 1);
	assert_int_equal(i18n_lang_from_env(), LANG_EN);
	setenv("LC_ALL", "C.UTF-8", 1);
	assert_int_equal(i18n_lang_from_env(), LANG_FA);	/* Persian first */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_lang),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
