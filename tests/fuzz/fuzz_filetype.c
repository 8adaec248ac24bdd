/*
 * fuzz_filetype.c — what an uploaded file really is (common/filetype.c):
 * the magic numbers, the OLE2 walker for DOC and the OOXML checks on
 * libzip for DOCX.  The input is the file; the same bytes also stand for
 * the name it came with.
 */
#include "fuzz.h"

#include "filetype.h"
#include "u8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = "unset";
	enum filetype t = filetype_detect(data, size, &why);
	char *given, *name;

	if (t == FT_UNKNOWN)
		FUZZ_ASSERT(why != NULL && *why != '\0');
	else {
		FUZZ_ASSERT(filetype_mime(t) != NULL && filetype_ext(t) != NULL);
		FUZZ_ASSERT(filetype_from_mime(filetype_mime(t)) == t);
	}
	given = fuzz_str(data, size < 1024 ? size : 1024);
	name = filetype_name(given, "letter", t == FT_UNKNOWN ? FT_PDF : t);
	FUZZ_ASSERT(name != NULL && *name != '\0' && strlen(name) <= FILETYPE_NAME_MAX);
	FUZZ_ASSERT(u8_valid(name, strlen(name)));
	FUZZ_ASSERT(strchr(name, '/') == NULL && strchr(name, '\\') == NULL);
	free(name);
	free(given);
	return 0;
}
