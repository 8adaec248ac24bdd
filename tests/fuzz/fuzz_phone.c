/*
 * fuzz_phone.c — mobile numbers typed by citizens (common/phone.c).
 *
 * The input is the typed number, normalized against Iran alone and against
 * a longer allow-list; a number that comes out must be E.164 that
 * normalizes to itself.  The input is also tried as an allow-list
 * (phone.countries).
 */
#include "fuzz.h"

#include "phone.h"

static void
check(const char *in, const char *countries)
{
	char out[PHONE_E164_MAX], again[PHONE_E164_MAX], nat[PHONE_E164_MAX + 4], tiny[4];
	enum phone_error e;
	size_t i, len;

	e = phone_normalize(in, countries, out, sizeof out);
	FUZZ_ASSERT(phone_strerror(e) != NULL);
	if (e != PHONE_OK) {
		FUZZ_ASSERT(out[0] == '\0');
		return;
	}
	len = strlen(out);
	FUZZ_ASSERT(out[0] == '+' && len >= 9 && len <= 16);
	for (i = 1; i < len; i++)
		FUZZ_ASSERT(out[i] >= '0' && out[i] <= '9');
	FUZZ_ASSERT(phone_normalize(out, countries, again, sizeof again) == PHONE_OK);
	FUZZ_ASSERT(strcmp(out, again) == 0);
	phone_national(out, nat, sizeof nat);
	FUZZ_ASSERT(strlen(nat) < sizeof nat);
	phone_national(out, tiny, sizeof tiny);
	FUZZ_ASSERT(strlen(tiny) < sizeof tiny);
	FUZZ_ASSERT(phone_normalize(in, countries, tiny, sizeof tiny) == PHONE_BAD_LENGTH);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_str(data, size);

	check(in, NULL);
	check(in, "98");
	check(in, "98, 1 44,971 7");
	if (phone_countries_valid(in) == 0) {
		char out[PHONE_E164_MAX];

		(void)phone_normalize("+989121234567", in, out, sizeof out);
	}
	free(in);
	return 0;
}
