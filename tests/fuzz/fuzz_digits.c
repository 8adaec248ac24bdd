/*
 * fuzz_digits.c — numbers as people type them (common/digits.c): the input
 * is one typed string; every function gets it with a small and a roomy
 * output buffer.
 */
#include "fuzz.h"

#include "digits.h"
#include "u8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_str(data, size), small[8], *big;
	size_t bigsz = 3 * size + 8, i;
	uint64_t v = 0;
	int n;

	big = malloc(bigsz);
	if (big == NULL)
		abort();
	n = digits_normalize(in, big, bigsz);
	FUZZ_ASSERT(n == -1 ? big[0] == '\0' : (size_t)n == strlen(big));
	if (n >= 0)
		FUZZ_ASSERT(u8_valid(big, (size_t)n));
	n = digits_normalize(in, small, sizeof small);
	FUZZ_ASSERT(n == -1 ? small[0] == '\0' : (size_t)n < sizeof small);

	if (digits_parse_u64(in, UINT64_MAX, &v) == 0) {
		uint64_t w = 1;

		/* a value within a limit is within it */
		FUZZ_ASSERT(digits_parse_u64(in, v, &w) == 0 && w == v);
		if (v > 0)
			FUZZ_ASSERT(digits_parse_u64(in, v - 1, &w) == -1 && w == v);
	}

	n = digits_code(in, big, bigsz, 4, 12);
	if (n >= 0) {
		FUZZ_ASSERT(n >= 4 && n <= 12 && (size_t)n == strlen(big));
		for (i = 0; i < (size_t)n; i++)
			FUZZ_ASSERT(big[i] >= '0' && big[i] <= '9');
	} else
		FUZZ_ASSERT(big[0] == '\0');
	(void)digits_code(in, small, sizeof small, 0, 64);

	n = digits_to_fa(in, big, bigsz);
	if (n >= 0) {
		FUZZ_ASSERT((size_t)n == strlen(big));
		for (i = 0; i < (size_t)n; i++)
			FUZZ_ASSERT(big[i] < '0' || big[i] > '9');
	}
	(void)digits_to_fa(in, small, sizeof small);

	free(big);
	free(in);
	return 0;
}
