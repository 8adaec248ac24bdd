/*
 * fuzz_u8.c — UTF-8 from outside (common/u8.c): validation, decoding,
 * widths and cuts must agree with each other on any bytes.
 */
#include "fuzz.h"

#include "u8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *z = fuzz_str(data, size), enc[4];
	size_t off = 0, chars = 0, cut, w;
	uint32_t cp;
	int n, valid = 1;

	while (off < size) {
		n = u8_decode(s + off, size - off, &cp);
		FUZZ_ASSERT(n != 0);
		if (n < 0) {
			valid = 0;
			FUZZ_ASSERT(cp == 0xFFFD);
			off++;
			continue;
		}
		FUZZ_ASSERT(u8_encode(cp, enc) == n && memcmp(enc, s + off, (size_t)n) == 0);
		FUZZ_ASSERT(u8_cpwidth(cp) >= 0 && u8_cpwidth(cp) <= 2);
		off += (size_t)n;
		chars++;
	}
	FUZZ_ASSERT(u8_valid(s, size) == valid);
	if (valid && memchr(s, '\0', size) == NULL) {
		FUZZ_ASSERT(u8_chars(z) == chars);
		cut = u8_cut(z, size, size / 2);
		FUZZ_ASSERT(cut <= size / 2 && u8_valid(z, cut));
	}
	(void)u8_width(z);
	for (n = 0; n < 4; n++) {
		size_t cols = (size_t)n * 7;

		cut = u8_fit(z, cols, &w);
		FUZZ_ASSERT(cut <= strlen(z) && w <= cols);
	}
	free(z);
	return 0;
}
