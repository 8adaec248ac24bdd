/*
 * fuzz.h — what every fuzz target shares.
 *
 * Each tests/fuzz/fuzz_<name>.c defines LLVMFuzzerTestOneInput for one
 * parser that sees outside bytes.  `make fuzz` links it with libFuzzer
 * (clang); `make check` links it with replay.c, which feeds it the corpus
 * and the regression inputs under the normal compiler and sanitizers.  A
 * target returns 0 and reports a broken promise with abort(), so either
 * driver stops on it.
 */
#ifndef PK_FUZZ_H
#define PK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a C string of exactly size + 1 bytes (ASan sees overreads). */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A promise the code under test makes: abort with where, when broken. */
#define FUZZ_ASSERT(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: broken: %s\n", __FILE__, __LINE__, #cond); \
		abort();						\
	}								\
} while (0)

#endif
