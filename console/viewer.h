/*
 * viewer.h — a file shown on the terminal: by its mailcap rule through
 * run-mailcap (or see), else by the console's own viewers (pdftotext,
 * docx2txt, catdoc into the pager; chafa for images), as mutt does.
 */
#ifndef PK_VIEWER_H
#define PK_VIEWER_H

struct con;

/*
 * Show the file `path` of type `mime`; `dir` is a private directory for
 * the viewer's stderr.  0, or -1 with the reason on the status line (a
 * tool not installed and its package, or a viewer's exit status and the
 * first line of its stderr).
 */
int	 viewer_show(struct con *, const char *mime, const char *path, const char *dir);

#endif
