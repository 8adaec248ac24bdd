/*
 * phone.c — turn a typed mobile number into E.164 ("+989121234567").
 *
 * A citizen's mobile number is their identity at the counter, so the many
 * ways of typing one (national 09…, bare 9…, +98, 0098, Persian digits,
 * spaces and invisible bidi marks pasted from a phone) must all give the same
 * key, and anything that is not a mobile number must be refused with a reason.
 * Iran is the default; other countries only through the allow-list.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "digits.h"
#include "phone.h"

#define IRAN		98
#define IRAN_NSN	10		/* national significant number length */
#define MAX_COUNTRIES	64
#define NORM_MAX	256		/* longest input we look at, in bytes */

/*
 * Parse an allow-list into codes[] (at most MAX_COUNTRIES).  Returns the
 * number of codes, or -1 if the list is malformed or empty.
 */
static int
parse_countries(const char *s, int *codes)
{
	int n = 0;

	while (*s != '\0') {
		int code = 0, len = 0;

		if (*s == ',' || *s == ' ' || *s == '\t') {
			s++;
			continue;
		}
		if (*s < '1' || *s > '9')
			return -1;
		while (*s >= '0' && *s <= '9') {
			if (++len > 3)
				return -1;
			code = code * 10 + (*s - '0');
			s++;
		}
		if (*s != '\0' && *s != ',' && *s != ' ' && *s != '\t')
			return -1;
		if (n == MAX_COUNTRIES)
			return -1;
		codes[n++] = code;
	}
	return n > 0 ? n : -1;
}

int
phone_countries_valid(const char *countries)
{
	int codes[MAX_COUNTRIES];

	if (countries == NULL)
		return -1;
	return parse_countries(countries, codes) > 0 ? 0 : -1;
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int
allowed(int code, const int *codes, int ncodes)
{
	int i;

	for (i = 0; i < ncodes; i++)
		if (codes[i] == code)
			return 1;
	return 0;
}

/*
 * Check an Iranian national number (a trunk '0' already removed once) and
 * write "+98" and it to out.
 */
static enum phone_error
iran(const char *nsn, char *out, size_t outsz)
{
	if (strlen(nsn) != IRAN_NSN)
		return PHONE_BAD_LENGTH;
	if (nsn[0] != '9')
		return PHONE_NOT_MOBILE;
	if (outsz < 4 + IRAN_NSN)
		return PHONE_BAD_LENGTH;
	memcpy(out, "+98", 3);
	memcpy(out + 3, nsn, IRAN_NSN + 1);
	return PHONE_OK;
}

static enum phone_error
normalize(const char *in, const char *countries, char *out, size_t outsz)
{
	char buf[NORM_MAX];
	int codes[MAX_COUNTRIES];
	int ncodes, intl = 0, best = -1, i;
	const char *p;
	size_t len, cclen = 0;

	if (countries == NULL)
		countries = "98";
	if ((ncodes = parse_countries(countries, codes)) < 0)
		return PHONE_COUNTRY;
	/* The normal form is never longer than the input. */
	if (strlen(in) >= sizeof buf)
		return PHONE_BAD_LENGTH;
	if (digits_normalize(in, buf, sizeof buf) < 0)
		return PHONE_BAD_CHARS;		/* invalid UTF-8 */
	if (buf[0] == '\0')
		return PHONE_EMPTY;

	p = buf;
	if (p[0] == '+') {
		intl = 1;
		p++;
	} else if (p[0] == '0' && p[1] == '0') {
		intl = 1;
		p += 2;
	}
	if (*p == '\0')
		return PHONE_BAD_LENGTH;
	if (!all_digits(p))
		return PHONE_BAD_CHARS;
	len = strlen(p);

	if (!intl) {
		/* Without '+' or "00" a number is Iranian. */
		if (!allowed(IRAN, codes, ncodes))
			return PHONE_COUNTRY;
		if (p[0] == '0')
			p++;			/* 09121234567 */
		else if (len == 12 && p[0] == '9' && p[1] == '8')
			p += 2;			/* 989121234567 */
		else if (len == 13 && p[0] == '9' && p[1] == '8' && p[2] == '0')
			p += 3;			/* 9809121234567 */
		return iran(p, out, outsz);
	}

	/* The longest allowed country code that prefixes the number wins. */
	for (i = 0; i < ncodes; i++) {
		int code = codes[i], digits = code >= 100 ? 3 : code >= 10 ? 2 : 1;
		int v = 0, k;

		if ((size_t)digits > len || (size_t)digits <= cclen)
			continue;
		for (k = 0; k < digits; k++)
			v = v * 10 + (p[k] - '0');
		if (v == code) {
			best = code;
			cclen = (size_t)digits;
		}
	}
	if (best < 0)
		return PHONE_COUNTRY;
	if (best == IRAN) {
		p += 2;
		if (p[0] == '0')
			p++;			/* +98 0912…: a common slip */
		return iran(p, out, outsz);
	}
	if (len < 8 || len > 15)
		return PHONE_BAD_LENGTH;
	if (outsz < len + 2)
		return PHONE_BAD_LENGTH;
	out[0] = '+';
	memcpy(out + 1, p, len + 1);
	return PHONE_OK;
}

enum phone_error
phone_normalize(const char *in, const char *countries, char *out, size_t outsz)
{
	enum phone_error e;

	if (out == NULL || outsz < PHONE_E164_MAX) {
		if (out != NULL && outsz > 0)
			out[0] = '\0';
		return PHONE_BAD_LENGTH;
	}
	out[0] = '\0';
	if (in == NULL)
		return PHONE_EMPTY;
	e = normalize(in, countries, out, outsz);
	if (e != PHONE_OK)
		out[0] = '\0';
	return e;
}

void
phone_national(const char *e164, char *out, size_t outsz)
{
	if (outsz == 0)
		return;
	if (strncmp(e164, "+98", 3) == 0 && strlen(e164) == 13)
		snprintf(out, outsz, "0%s", e164 + 3);
	else
		snprintf(out, outsz, "%s", e164);
}

const char *
phone_strerror(enum phone_error e)
{
	switch (e) {
	case PHONE_OK:
		return "ok";
	case PHONE_EMPTY:
		return "empty phone number";
	case PHONE_BAD_CHARS:
		return "invalid characters in phone number";
	case PHONE_BAD_LENGTH:
		return "wrong number of digits";
	case PHONE_NOT_MOBILE:
		return "not a mobile number";
	case PHONE_COUNTRY:
		return "country not allowed";
	}
	return "unknown phone error";
}
