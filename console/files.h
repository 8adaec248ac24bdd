/*
 * files.h — a letter's files: listed, shown through the system's mailcap
 * (run-mailcap or see, as mutt does), or saved to a chosen directory.
 */
#ifndef PK_FILES_H
#define PK_FILES_H

#include <stddef.h>

struct con;

struct lfile {
	char	*id;
	char	*kind;		/* main, attachment, response */
	char	*name;		/* the name it came with (never used as a path) */
	char	*mime;
	char	*type_name;	/* "pdf", "png", … (the MIME type when unknown) */
	char	*size;		/* "12.3 KB" */
};

/* The files of a letter.  0, or -1 (status line says why). */
int	 files_list(struct con *, const char *letter_id, struct lfile **, size_t *);
void	 files_free(struct lfile *, size_t);
const char *files_kind_name(struct con *, const char *kind);
/* Write to a private temporary file, run the viewer, remove it.  0 or -1. */
int	 files_view(struct con *, const struct lfile *);
/* Save to a directory the user types (default [console] save_dir). */
int	 files_save(struct con *, const struct lfile *);
/* The file's name made safe as one path component (owned by the caller). */
char	*files_safe_name(const char *name, const char *ext);

#endif
