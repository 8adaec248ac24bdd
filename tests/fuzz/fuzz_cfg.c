/*
 * fuzz_cfg.c — configuration files (common/cfg.c on iniparser).  The input
 * is a whole pishkhan.conf, read through a memfd's /proc path since
 * iniparser reads files; each line's value is also checked against every
 * key's declaration directly.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

#include "cfg.h"

static int fd = -1;
static char path[64];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg *c;
	char *err = NULL, *in;
	const char *why;
	long long v;
	size_t i;

	if (fd == -1) {
		if ((fd = memfd_create("fuzz_cfg", 0)) == -1)
			abort();
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) == -1 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	c = cfg_load(path, &err);
	FUZZ_ASSERT((c == NULL) == (err != NULL));
	if (c != NULL) {
		for (i = 0; i < CFG__COUNT; i++) {
			FUZZ_ASSERT(cfg_str(c, (enum cfg_id)i) != NULL);
			(void)cfg_int(c, (enum cfg_id)i);
		}
		cfg_free(c);
	} else
		FUZZ_ASSERT(strchr(err, '\n') == NULL);
	free(err);

	if (size <= 256) {
		in = fuzz_str(data, size);
		for (i = 0; i < CFG__COUNT; i++) {
			why = NULL;
			if (cfg_parse_value(cfg_key((enum cfg_id)i), in, &v, &why) == -1)
				FUZZ_ASSERT(why != NULL);
		}
		free(in);
	}
	return 0;
}
