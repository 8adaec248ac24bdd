/*
 * phone.h — mobile numbers to E.164.
 */
#ifndef PK_PHONE_H
#define PK_PHONE_H

#include <stddef.h>

/* E.164 is at most 15 digits: '+' + 15 + NUL. */
#define PHONE_E164_MAX 17

enum phone_error {
	PHONE_OK = 0,
	PHONE_EMPTY,		/* nothing but blanks */
	PHONE_BAD_CHARS,	/* letters or other junk after normalization */
	PHONE_BAD_LENGTH,	/* too short or too long for the country */
	PHONE_NOT_MOBILE,	/* an Iranian number that is not a mobile (not 9xx) */
	PHONE_COUNTRY,		/* country code not in the allow-list */
};

/*
 * Normalize a typed mobile number to E.164 ("+989121234567").
 *
 * Accepts, for Iran (country code 98): 09121234567, 9121234567,
 * +989121234567, 00989121234567, 989121234567, and the common slip of a
 * trunk 0 after the country code (+9809121234567, 9809121234567); digits in
 * ASCII, Persian or Arabic-Indic; anywhere, the separators digits_normalize
 * removes (spaces, dashes, dots, parentheses, ZWNJ, bidi marks).
 * An Iranian number must be a mobile: 10 national digits starting with 9.
 * A number without "+" or "00" is always Iranian.
 *
 * `countries` is the allow-list of country calling codes, separated by
 * commas or spaces ("98" by default, NULL means "98"; a malformed list
 * allows nothing and gives PHONE_COUNTRY).  Numbers of other allowed
 * countries must be written with "+" or "00"; their total length must be
 * 8 to 15 digits, and they are kept as typed (no trunk 0 is removed).
 * The longest matching country code wins.
 *
 * Writes the E.164 form to `out` and returns PHONE_OK, or an error code with
 * `out` set to "".  `outsz` must be at least PHONE_E164_MAX, or the result is
 * PHONE_BAD_LENGTH.  Invalid UTF-8 is PHONE_BAD_CHARS.
 */
enum phone_error phone_normalize(const char *in, const char *countries,
    char *out, size_t outsz);

/*
 * The number as people in Iran write it, for display: an Iranian E.164
 * number ("+989121234567") becomes "09121234567"; any other is copied as
 * it is.  `out` gets at most outsz - 1 bytes.  With no leading '+', no
 * right-to-left text can move the sign to the number's far end.
 */
void phone_national(const char *e164, char *out, size_t outsz);

/* A short English description of an error, for logs and the CLI. */
const char *phone_strerror(enum phone_error e);

/*
 * Check that `countries` is a valid allow-list (1-3 digit ASCII codes, not
 * starting with 0, separated by commas, spaces or tabs, at least one and at
 * most 64).  0 or -1; NULL is -1.
 */
int phone_countries_valid(const char *countries);

#endif
