/*
 * cfg_check.c — the start-up checks of what a configuration names; see
 * cfg_check.h.
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_check.h"
#include "xmalloc.h"

int
cfg_is_migration(const char *n)
{
	size_t len = strlen(n);

	return len > 8 && n[0] >= '0' && n[0] <= '9' && n[1] >= '0' &&
	    n[1] <= '9' && n[2] >= '0' && n[2] <= '9' && n[3] == '_' &&
	    strcmp(n + len - 4, ".sql") == 0;
}

int
cfg_check_sql_dir(const struct cfg *cfg, char **err)
{
	const char *dir = cfg_str(cfg, CFG_DB_SQL_DIR);
	struct dirent *e;
	DIR *d;
	int found = 0;

	*err = NULL;
	if ((d = opendir(dir)) == NULL) {
		*err = xasprintf("database.sql_dir: cannot read the migrations in "
		    "'%s': %s", dir, strerror(errno));
		return -1;
	}
	while (!found && (e = readdir(d)) != NULL)
		found = cfg_is_migration(e->d_name);
	closedir(d);
	if (!found) {
		*err = xasprintf("database.sql_dir: no migrations in '%s'", dir);
		return -1;
	}
	return 0;
}

/* path exists and is a regular file of at least min bytes. */
static int
file_ok(const char *key, const char *path, long long min, char **err)
{
	struct stat st;

	if (stat(path, &st) == -1) {
		*err = xasprintf("%s: '%s': %s", key, path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = xasprintf("%s: '%s' is not a file", key, path);
		return -1;
	}
	if (st.st_size < min) {
		*err = xasprintf("%s: '%s' holds fewer than %lld bytes", key, path, min);
		return -1;
	}
	return 0;
}

/* The metrics listener: an address of its own, not the public one. */
static int
cfg_check_metrics(const struct cfg *cfg, char **err)
{
	const char *addr = cfg_str(cfg, CFG_WEB_METRICS_LISTEN);
	long long port = cfg_int(cfg, CFG_WEB_METRICS_PORT);
	unsigned char a[sizeof(struct in6_addr)];

	if (port == 0)
		return 0;
	if (inet_pton(AF_INET, addr, a) != 1 && inet_pton(AF_INET6, addr, a) != 1) {
		*err = xasprintf("web.metrics_listen: '%s' is not an IPv4 or IPv6 address",
		    addr);
		return -1;
	}
	if (port == cfg_int(cfg, CFG_WEB_PORT)) {
		*err = xasprintf("web.metrics_port: %lld is web.port; the metrics have "
		    "a port of their own", port);
		return -1;
	}
	return 0;
}

int
cfg_check_web(const struct cfg *cfg, char **err)
{
	const char *key = cfg_str(cfg, CFG_WEB_SECRET_FILE);
	const char *dir = cfg_str(cfg, CFG_WEB_STATIC_DIR);
	const char *spool = cfg_str(cfg, CFG_WEB_SPOOL_DIR);
	struct stat st;
	static const char *const files[] = { "style.css", "app.js" };
	size_t i;
	char *path;
	int rc;

	*err = NULL;
	if (*key != '\0' && file_ok("web.secret_file", key, 32, err) == -1)
		return -1;
	if (cfg_check_metrics(cfg, err) == -1)
		return -1;
	if (*spool != '\0' && (stat(spool, &st) == -1 || !S_ISDIR(st.st_mode))) {
		/* whether the web's user may write there, the web checks */
		*err = xasprintf("web.spool_dir: '%s' is not a directory", spool);
		return -1;
	}
	for (i = 0; *dir != '\0' && i < sizeof files / sizeof files[0]; i++) {
		path = xasprintf("%s/%s", dir, files[i]);
		rc = file_ok("web.static_dir", path, 1, err);
		free(path);
		if (rc == -1)
			return -1;
	}
	return 0;
}
