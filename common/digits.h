/*
 * digits.h — numbers as people type them.
 *
 * Citizens and clerks type digits in three scripts: ASCII (0-9), Persian
 * (U+06F0..U+06F9, ۰-۹) and Arabic-Indic (U+0660..U+0669, ٠-٩), often with
 * spaces, dashes and invisible bidi marks that phones insert.  Everything that
 * reads a number goes through here.
 */
#ifndef PK_DIGITS_H
#define PK_DIGITS_H

#include <stddef.h>
#include <stdint.h>

/*
 * The value (0..9) of a digit in any of the three scripts: ASCII, Persian
 * (U+06F0..) or Arabic-Indic (U+0660..); -1 for anything else.  The one
 * place that knows where those digits are.
 */
int digits_value(uint32_t cp);

/*
 * Copy the UTF-8 string `in` to `out` (size `outsz`, always NUL-terminated on
 * success) with Persian and Arabic-Indic digits turned into ASCII and every
 * separator removed: ASCII white space and Unicode spaces (NBSP, U+1680,
 * U+2000..U+200A incl. thin space, narrow NBSP U+202F, U+205F, U+3000),
 * '-', '_', '.', '(', ')', '/', the Unicode hyphens and dashes U+2010..U+2015,
 * ZWSP/ZWNJ/ZWJ (U+200B..U+200D), and the bidi controls (U+200E, U+200F,
 * U+061C, U+202A..U+202E, U+2066..U+2069, U+FEFF).
 * Other characters are copied unchanged.  Returns the length written, or -1
 * (with `out` set to "" if outsz > 0) when `in` is not valid UTF-8 or `out`
 * is too small.
 */
int digits_normalize(const char *in, char *out, size_t outsz);

/*
 * Parse a non-negative decimal integer typed in any of the three scripts,
 * surrounded by optional blanks: white space, Unicode spaces, ZWSP/ZWNJ/ZWJ
 * and bidi marks (no separators inside, no sign).  At least one digit, only
 * digits, no overflow, value <= max.  Returns 0 and sets *val, or -1 (with
 * *val untouched); invalid UTF-8 gives -1.
 */
int digits_parse_u64(const char *in, uint64_t max, uint64_t *val);

/*
 * Like digits_normalize, but for codes of a fixed shape (login codes,
 * captcha answers, tracking numbers): the result must be only ASCII digits,
 * between minlen and maxlen of them.  Returns the length, or -1 (with `out`
 * set to "" if outsz > 0).
 */
int digits_code(const char *in, char *out, size_t outsz, size_t minlen, size_t maxlen);

/*
 * Copy `in` to `out` replacing ASCII digits with Persian digits (each
 * becomes two bytes); everything else, Persian digits included, is copied
 * unchanged.  Returns the length written, or -1 (with `out` set to "" if
 * outsz > 0) if `out` is too small or `in` is not valid UTF-8.  Used to show
 * numbers and dates in Persian.
 */
int digits_to_fa(const char *in, char *out, size_t outsz);

#endif
