/*
 * files.c — viewing and saving a letter's files.
 *
 * Viewing is mutt's way: the bytes go to a file of mode 0600 in a fresh
 * 0700 directory, named with the extension of the type detected at upload;
 * viewer.c shows it (a mailcap rule, or the console's own viewers), and
 * the file and directory are removed when it returns.  Saving never uses
 * the citizen's file name as a path without cleaning it first.
 */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "cfg.h"
#include "console.h"
#include "db.h"
#include "filetype.h"
#include "files.h"
#include "u8.h"
#include "ui.h"
#include "viewer.h"
#include "xmalloc.h"

static const struct {
	const char	*kind;
	enum msg_id	 name;
} files_kinds[] = {
	{ "main", MSG_CON_FILE_MAIN },
	{ "attachment", MSG_CON_FILE_ATTACHMENT },
	{ "response", MSG_CON_FILE_RESPONSE },
};

const char *
files_kind_name(struct con *c, const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof files_kinds / sizeof files_kinds[0]; i++)
		if (strcmp(files_kinds[i].kind, kind) == 0)
			return con_t(c, files_kinds[i].name);
	return kind;
}

static char *
files_size(long long n)
{
	if (n < 1024)
		return xasprintf("%lld B", n);
	if (n < 1024 * 1024)
		return xasprintf("%.1f KB", (double)n / 1024);
	return xasprintf("%.1f MB", (double)n / (1024 * 1024));
}

int
files_list(struct con *c, const char *letter_id, struct lfile **out, size_t *n)
{
	const char *p[1] = { letter_id };
	PGresult *r;
	struct lfile *f;
	const char *ext;
	int i;

	*out = NULL;
	*n = 0;
	r = con_query(c, "SELECT id, kind, original_name, content_type, size "
	    "FROM pishkhan.files WHERE letter_id = $1::bigint ORDER BY kind, id", 1, p);
	if (r == NULL)
		return con_db_fail(c);
	f = xcalloc((size_t)PQntuples(r) + 1, sizeof *f);
	for (i = 0; i < PQntuples(r); i++) {
		f[i].id = xstrdup(PQgetvalue(r, i, 0));
		f[i].kind = xstrdup(PQgetvalue(r, i, 1));
		f[i].name = xstrdup(PQgetvalue(r, i, 2));
		f[i].mime = xstrdup(PQgetvalue(r, i, 3));
		ext = filetype_ext(filetype_from_mime(f[i].mime));
		f[i].type_name = xstrdup(ext != NULL ? ext : f[i].mime);
		f[i].size = files_size(strtoll(PQgetvalue(r, i, 4), NULL, 10));
	}
	*out = f;
	*n = (size_t)PQntuples(r);
	PQclear(r);
	return 0;
}

void
files_free(struct lfile *f, size_t n)
{
	size_t i;

	for (i = 0; f != NULL && i < n; i++) {
		free(f[i].id);
		free(f[i].kind);
		free(f[i].name);
		free(f[i].mime);
		free(f[i].type_name);
		free(f[i].size);
	}
	free(f);
}

char *
files_safe_name(const char *name, const char *ext)
{
	char *s = xstrdup(name), *p;

	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == '/' || *p == '\\' || *p == 0x7f)
			*p = '_';
	if (s[0] == '.' || s[0] == '\0' || s[0] == '-') {
		char *t = xasprintf("file%s%s", s[0] == '\0' ? "." : "_",
		    s[0] == '\0' ? ext : s);

		free(s);
		s = t;
	}
	/* room for "(99) " within NAME_MAX */
	s[u8_cut(s, strlen(s), FILETYPE_NAME_MAX)] = '\0';
	return s;
}

/* The bytes of one file.  0 or -1. */
static int
files_fetch(struct con *c, const struct lfile *f, unsigned char **data, size_t *len)
{
	const char *p[1] = { f->id };
	PGresult *r;

	/* the bytes as they are: the result in binary format, no hex */
	if (db_ensure(c->db) == -1 || (r = db_query_bin(c->db,
	    "SELECT data FROM pishkhan.files WHERE id = $1::bigint", 1, p, NULL, 1)) == NULL)
		return con_db_fail(c);
	if (PQntuples(r) == 0) {
		PQclear(r);
		con_msg(c, 1, "%s", con_t(c, MSG_CON_NO_LETTER));
		return -1;
	}
	*len = (size_t)PQgetlength(r, 0, 0);
	*data = xmalloc(*len + 1);
	memcpy(*data, PQgetvalue(r, 0, 0), *len);
	PQclear(r);
	return 0;
}

static int
files_write(int fd, const unsigned char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, data, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int
files_view(struct con *c, const struct lfile *f)
{
	const char *tmp = getenv("TMPDIR");
	const char *ext = filetype_ext(filetype_from_mime(f->mime));
	char *dir = NULL, *path = NULL;
	unsigned char *data = NULL;
	size_t len;
	int fd = -1, rc = -1;

	if (files_fetch(c, f, &data, &len) == -1)
		return -1;
	dir = xasprintf("%s/pishkhan-XXXXXX", tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		con_msg(c, 1, con_t(c, MSG_CON_FILE_OPEN), dir, strerror(errno));
		free(dir);
		dir = NULL;
		goto fail;
	}
	path = xasprintf("%s/file-XXXXXX.%s", dir, ext != NULL ? ext : "bin");
	if ((fd = mkstemps(path, (int)strlen(ext != NULL ? ext : "bin") + 1)) == -1 ||
	    files_write(fd, data, len) == -1) {
		con_msg(c, 1, con_t(c, MSG_CON_FILE_OPEN), path, strerror(errno));
		goto fail;
	}
	close(fd);
	fd = -1;
	rc = viewer_show(c, f->mime, path, dir);
fail:
	if (fd != -1)
		close(fd);
	if (path != NULL)
		unlink(path);
	if (dir != NULL)
		rmdir(dir);
	free(dir);
	free(path);
	free(data);
	return rc;
}

int
files_save(struct con *c, const struct lfile *f)
{
	const char *def = cfg_str(c->cfg, CFG_CONSOLE_SAVE_DIR);
	const char *ext = filetype_ext(filetype_from_mime(f->mime));
	char *dir = ui_prompt(c, con_t(c, MSG_CON_ASK_SAVE_DIR), *def != '\0' ? def : ".");
	char *name = NULL, *path = NULL;
	unsigned char *data = NULL;
	size_t len;
	int fd = -1, rc = -1, i;

	if (dir == NULL || *dir == '\0') {
		con_msg(c, 0, "%s", con_t(c, MSG_CON_CANCELLED));
		goto fail;
	}
	if (files_fetch(c, f, &data, &len) == -1)
		goto fail;
	name = files_safe_name(f->name, ext != NULL ? ext : "bin");
	/* Never overwrite: "name", then "(1) name", … */
	for (i = 0; i < 100; i++) {
		free(path);
		path = i == 0 ? xasprintf("%s/%s", dir, name) :
		    xasprintf("%s/(%d) %s", dir, i, name);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
		if (fd != -1 || errno != EEXIST)
			break;
	}
	if (fd == -1 || files_write(fd, data, len) == -1) {
		con_msg(c, 1, con_t(c, MSG_CON_FILE_OPEN), path, strerror(errno));
		if (fd != -1)
			unlink(path);
		goto fail;
	}
	con_msg(c, 0, con_t(c, MSG_CON_SAVED), path);
	rc = 0;
fail:
	if (fd != -1)
		close(fd);
	free(dir);
	free(name);
	free(path);
	free(data);
	return rc;
}
