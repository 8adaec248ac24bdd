/*
 * replay.c — run a fuzz target over files, without libFuzzer.
 *
 *	replay_<name> FILE|DIR...
 *
 * Feeds each file (each file of each directory, in name order) to the
 * target's LLVMFuzzerTestOneInput once, printing its name first, so a
 * sanitizer report or a broken promise names the input.  Exit 0 when every
 * input went through; a finding aborts the program.
 */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include "fuzz.h"

static int
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *data = NULL, *grown;
	size_t len = 0, cap = 0, n;

	if (fp == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((grown = realloc(data, cap)) == NULL)
				abort();
			data = grown;
		}
		if ((n = fread(data + len, 1, cap - len, fp)) == 0)
			break;
		len += n;
	}
	fclose(fp);
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	/* An exact-size copy, so an overread past the input is caught. */
	grown = malloc(len ? len : 1);
	if (grown == NULL)
		abort();
	memcpy(grown, data, len);
	free(data);
	LLVMFuzzerTestOneInput(grown, len);
	free(grown);
	return 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
run_path(const char *path)
{
	struct stat st;
	struct dirent **ents;
	char *sub;
	size_t len;
	int i, n, rc = 0;

	if (stat(path, &st) == -1) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	if ((n = scandir(path, &ents, NULL, by_name)) == -1) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.') {
			len = strlen(path) + strlen(ents[i]->d_name) + 2;
			if ((sub = malloc(len)) == NULL)
				abort();
			snprintf(sub, len, "%s/%s", path, ents[i]->d_name);
			if (run_path(sub) == -1)
				rc = -1;
			free(sub);
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

int
main(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++)
		if (run_path(argv[i]) == -1)
			rc = 1;
	return rc;
}
