/*
 * viewer.c — showing a file on the terminal, as mutt shows attachments.
 *
 * When a mailcap file ($MAILCAPS, or ~/.mailcap, /etc/mailcap, …, as
 * run-mailcap reads them) has a view rule for the type whose test passes,
 * run-mailcap (or see) runs it, and "press a key to return" follows, so a
 * viewer that prints and exits is not drawn over at once.  Debian's
 * mailcap has no rule for PDF or images, so without one the console uses
 * its own: pdftotext -layout, docx2txt or catdoc into the pager ($PAGER,
 * or less), and chafa for images, followed by the key.  A missing tool or a
 * failed one is said on the status line, with its exit status and the
 * first line it wrote to stderr.
 */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "bidi.h"
#include "buf.h"
#include "console.h"
#include "ui.h"
#include "viewer.h"
#include "xmalloc.h"

/* Runners of mailcap rules, in order of preference (Debian's mailcap). */
static const char *const viewer_runners[] = { "run-mailcap", "see" };

/*
 * The console's own viewers when no mailcap rule fits: the program, the
 * Debian package it comes in, and how it shows (into the pager, or on the
 * terminal followed by a key).
 */
enum vshow { V_PAGER, V_TERM };
static const struct {
	const char	*mime;
	const char	*prog;
	const char	*pkg;
	enum vshow	 show;
} viewer_fallbacks[] = {
	{ "application/pdf", "pdftotext", "poppler-utils", V_PAGER },
	{ "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	    "docx2txt", "docx2txt", V_PAGER },
	{ "application/msword", "catdoc", "catdoc", V_PAGER },
	{ "image/png", "chafa", "chafa", V_TERM },
	{ "image/jpeg", "chafa", "chafa", V_TERM },
	{ "image/tiff", "chafa", "chafa", V_TERM },
};

/* 1 if `prog` is an executable in PATH. */
static int
viewer_which(const char *prog)
{
	const char *d = getenv("PATH");
	int ok = 0;

	if (d == NULL)
		d = "/usr/bin:/bin";
	while (!ok && *d != '\0') {
		size_t n = strcspn(d, ":");
		char *full = xasprintf("%.*s/%s", (int)n, n > 0 ? d : ".", prog);

		ok = access(full, X_OK) == 0;
		free(full);
		d += n;
		if (*d == ':')
			d++;
	}
	return ok;
}

/* 1 if the shell command exits 0 (a mailcap rule's test=). */
static int
viewer_test(const char *cmd)
{
	pid_t pid;
	int st, fd;

	if ((pid = fork()) == 0) {
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	if (pid == -1)
		return 0;
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return 0;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/*
 * 1 if the mailcap line (continuations joined) is a view rule for `mime`
 * ("type/sub", "type/ *" or "type") whose test passes.
 */
static int
viewer_rule(char *line, const char *mime)
{
	size_t tn = strcspn(line, ";"), mn = strcspn(mime, "/");
	char *f, *t;

	if (line[tn] == '\0')
		return 0;
	line[tn] = '\0';
	for (t = line + tn; t > line && (t[-1] == ' ' || t[-1] == '\t'); t--)
		t[-1] = '\0';
	for (t = line; *t == ' ' || *t == '\t'; t++)
		;
	if (strcasecmp(t, mime) != 0 && !(strncasecmp(t, mime, mn) == 0 &&
	    (strcmp(t + mn, "/*") == 0 || t[mn] == '\0')))
		return 0;
	/* The fields after the command: test=…, print=…, needsterminal, … */
	for (f = line + tn + 1; (f = strchr(f, ';')) != NULL; ) {
		f++;
		f += strspn(f, " \t");
		if (strncasecmp(f, "test", 4) == 0 && f[4 + strspn(f + 4, " \t")] == '=') {
			char *cmd = xstrdup(strchr(f, '=') + 1);
			int ok;

			cmd[strcspn(cmd, ";")] = '\0';
			ok = viewer_test(cmd);
			free(cmd);
			if (!ok)
				return 0;
		}
	}
	return 1;
}

/* 1 if a mailcap file has a view rule for `mime` that passes its test. */
static int
viewer_mailcap(const char *mime)
{
	const char *list = getenv("MAILCAPS"), *home = getenv("HOME"), *p;
	char *def = NULL, *path;
	struct buf line = BUF_INIT;
	int found = 0, ch;
	FILE *fp;

	if (list == NULL || *list == '\0')
		list = def = xasprintf("%s/.mailcap:/etc/mailcap:/usr/local/etc/mailcap:"
		    "/usr/share/etc/mailcap:/usr/etc/mailcap", home != NULL ? home : "");
	for (p = list; !found && *p != '\0'; p += *p == ':') {
		size_t n = strcspn(p, ":");

		path = xasprintf("%.*s", (int)n, p);
		p += n;
		if ((fp = fopen(path, "r")) == NULL) {
			free(path);
			continue;
		}
		while (!found) {
			buf_reset(&line);
			while ((ch = getc(fp)) != EOF && ch != '\n') {
				if (ch == '\\') {	/* "\\\n" continues the line */
					if ((ch = getc(fp)) == '\n' || ch == EOF)
						continue;
					buf_addc(&line, '\\');
				}
				buf_addc(&line, (char)ch);
			}
			if (buf_str(&line)[0] != '#' &&
			    viewer_rule((char *)buf_str(&line), mime))
				found = 1;
			if (ch == EOF)
				break;
		}
		fclose(fp);
		free(path);
	}
	buf_free(&line);
	free(def);
	return found;
}

/*
 * Run argv with stdin from `in`, stdout to `out` (-1: the terminal's) and
 * stderr to `err` (-1: the terminal's).  The child's pid, or -1.
 */
static pid_t
viewer_spawn(const char *const *argv, int in, int out, int err, int closefd)
{
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		if (in != -1)
			dup2(in, 0);
		if (out != -1)
			dup2(out, 1);
		if (err != -1)
			dup2(err, 2);
		if (closefd != -1)
			close(closefd);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	return pid;
}

static int
viewer_wait(pid_t pid)
{
	int st;

	if (pid == -1)
		return -1;
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	return st;
}

/* "press a key to return" under what the program left; waits for a key. */
static void
viewer_key(struct con *c)
{
	struct termios t, raw;
	char *s = c->bidi ? bidi_visual(con_t(c, MSG_CON_PRESS_KEY)) :
	    xstrdup(con_t(c, MSG_CON_PRESS_KEY));
	int have = tcgetattr(0, &t) == 0;
	unsigned char ch;

	printf("\n%s ", s);
	fflush(stdout);
	free(s);
	if (have) {
		raw = t;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		tcsetattr(0, TCSANOW, &raw);
	}
	while (read(0, &ch, 1) == -1 && errno == EINTR)
		;
	/* the rest of an arrow key's sequence is not the console's key */
	usleep(50000);
	tcflush(0, TCIFLUSH);
	if (have)
		tcsetattr(0, TCSANOW, &t);
}

/* The first line of the file `path` (stderr kept), or "". */
static void
viewer_first_line(const char *path, char *out, size_t size)
{
	FILE *fp = fopen(path, "r");

	out[0] = '\0';
	if (fp == NULL)
		return;
	if (fgets(out, (int)size, fp) == NULL)
		out[0] = '\0';
	out[strcspn(out, "\r\n")] = '\0';
	fclose(fp);
}

/* The status line after `prog` ended with wait status `st`: 0 when it did well. */
static int
viewer_status(struct con *c, const char *prog, int st, const char *errpath)
{
	char line[256];
	int code;

	if (st == -1) {
		con_msg(c, 1, con_t(c, MSG_CON_FILE_OPEN), prog, strerror(errno));
		return -1;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	/* the pager closed before the text was all read: not a failure */
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE)
		return 0;
	code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	viewer_first_line(errpath, line, sizeof line);
	con_msg(c, 1, con_t(c, MSG_CON_VIEW_FAILED), prog, code, line);
	return -1;
}

/* prog FILE (with its arguments) into the pager. */
static int
viewer_paged(struct con *c, const char *prog, const char *path, const char *errpath)
{
	const char *pager = getenv("PAGER");
	const char *conv[5] = { prog, NULL, NULL, NULL, NULL };
	const char *sh[4] = { "/bin/sh", "-c", NULL, NULL };
	struct buf cmd = BUF_INIT;
	int p[2], err, st, rc;
	pid_t cp, pp;

	if (strcmp(prog, "pdftotext") == 0) {
		conv[1] = "-layout", conv[2] = path, conv[3] = "-";
	} else if (strcmp(prog, "docx2txt") == 0) {
		conv[1] = path, conv[2] = "-";
	} else
		conv[1] = path;
	if (pager == NULL || *pager == '\0')
		pager = "less";
	/* pdftotext ends each page with a form feed, which a pager shows
	 * as ^L: a page break is a line break. */
	buf_addf(&cmd, "%s%s", strcmp(prog, "pdftotext") == 0 ?
	    "tr '\\014' '\\n' | " : "", pager);
	sh[2] = buf_str(&cmd);
	if ((err = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    pipe(p) == -1) {
		con_msg(c, 1, con_t(c, MSG_CON_FILE_OPEN), errpath, strerror(errno));
		if (err != -1)
			close(err);
		buf_free(&cmd);
		return -1;
	}
	ui_suspend();
	cp = viewer_spawn(conv, -1, p[1], err, p[0]);
	pp = viewer_spawn(sh, p[0], -1, -1, p[1]);
	close(p[0]);
	close(p[1]);
	close(err);
	st = viewer_wait(cp);
	viewer_wait(pp);
	ui_resume();
	buf_free(&cmd);
	rc = viewer_status(c, prog, st, errpath);
	return rc;
}

/* prog FILE on the terminal, then a key. */
static int
viewer_term(struct con *c, const char *const *argv, const char *errpath)
{
	int err, st;

	if ((err = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1) {
		con_msg(c, 1, con_t(c, MSG_CON_FILE_OPEN), errpath, strerror(errno));
		return -1;
	}
	ui_suspend();
	st = viewer_wait(viewer_spawn(argv, -1, -1, err, -1));
	close(err);
	viewer_key(c);
	ui_resume();
	return viewer_status(c, argv[0], st, errpath);
}

int
viewer_show(struct con *c, const char *mime, const char *path, const char *dir)
{
	char *err = xasprintf("%s/stderr", dir), *arg = NULL, *size = NULL;
	const char *argv[5];
	size_t i, r;
	int rc = -1;

	for (r = 0; r < sizeof viewer_runners / sizeof viewer_runners[0]; r++)
		if (viewer_which(viewer_runners[r]))
			break;
	if (r < sizeof viewer_runners / sizeof viewer_runners[0] && viewer_mailcap(mime)) {
		arg = xasprintf("%s:%s", mime, path);
		argv[0] = viewer_runners[r], argv[1] = "--action=view";
		argv[2] = arg, argv[3] = NULL;
		rc = viewer_term(c, argv, err);
		goto done;
	}
	for (i = 0; i < sizeof viewer_fallbacks / sizeof viewer_fallbacks[0]; i++)
		if (strcmp(viewer_fallbacks[i].mime, mime) == 0)
			break;
	if (i == sizeof viewer_fallbacks / sizeof viewer_fallbacks[0]) {
		con_msg(c, 1, con_t(c, MSG_CON_NO_VIEWER), mime);
		goto done;
	}
	if (!viewer_which(viewer_fallbacks[i].prog)) {
		con_msg(c, 1, con_t(c, MSG_CON_VIEW_MISSING), viewer_fallbacks[i].prog,
		    viewer_fallbacks[i].pkg);
		goto done;
	}
	if (viewer_fallbacks[i].show == V_PAGER) {
		rc = viewer_paged(c, viewer_fallbacks[i].prog, path, err);
		goto done;
	}
	/* The image in the window, less a line for the key's message. */
	size = xasprintf("%dx%d", COLS > 1 ? COLS : 80, LINES > 3 ? LINES - 2 : 22);
	argv[0] = viewer_fallbacks[i].prog, argv[1] = "--size", argv[2] = size;
	argv[3] = path, argv[4] = NULL;
	rc = viewer_term(c, argv, err);
done:
	unlink(err);
	free(err);
	free(arg);
	free(size);
	return rc;
}
