/*
 * ctl_holidays.c — pishkhanctl holidays: the office's holidays that are
 * not fixed (the lunar ones, and any the government declares), which move
 * every year and are announced officially, so an administrator imports
 * them.  The fixed solar holidays and the weekly rest days (the setting
 * rest_days) are the database's (sql/024_calendar.sql).
 *
 * A date is Jalali, YYYY/MM/DD (or with '-' or '.'), its digits in any
 * script.  An import file holds a holiday a line, "JDATE NAME"; it is read
 * and checked whole before anything is sent, and then sent as one
 * statement (holidays_import), so a bad line changes nothing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ctl.h"
#include "digits.h"
#include "jalali.h"
#include "u8.h"
#include "xmalloc.h"

/* The years work_calendar covers (sql/024_calendar.sql). */
#define CAL_FIRST	1380
#define CAL_LAST	1450

/* The three numbers in s, whatever separates them; 0, or -1 when there are
 * not exactly three.  For saying why a date was refused. */
static int
loose_fields(const char *s, long f[3])
{
	size_t len = strlen(s);
	uint32_t cp;
	int n = 0, in = 0, k;

	while (len > 0 && (k = u8_decode(s, len, &cp)) > 0) {
		int v = digits_value(cp);

		if (v >= 0) {
			if (!in && n++ == 3)
				return -1;
			if (!in)
				f[n - 1] = 0;
			if (f[n - 1] < 100000)
				f[n - 1] = f[n - 1] * 10 + v;
			in = 1;
		} else
			in = 0;
		s += k;
		len -= (size_t)k;
	}
	return n == 3 && len == 0 ? 0 : -1;
}

/*
 * A Jalali date of the calendar's years into *jy, *jm, *jd and "YYYY-MM-DD"
 * (Gregorian, for PostgreSQL) into iso (11 bytes).  0, or -1 with why
 * (size whysz) saying what is wrong, after the date in quotes.
 */
static int
jdate(const char *s, int *jy, int *jm, int *jd, char iso[11], char *why, size_t whysz)
{
	int gy, gm, gd;
	long f[3];

	if (jalali_parse(s, jy, jm, jd) == -1) {
		if (loose_fields(s, f) == 0 && f[0] >= CAL_FIRST && f[0] <= CAL_LAST &&
		    f[1] >= 1 && f[1] <= 12 && f[2] >= 1 && f[2] <= 31)
			snprintf(why, whysz, "does not exist: %s %ld has %d days",
			    jalali_month_name((int)f[1], 0), f[0],
			    jalali_month_days((int)f[0], (int)f[1]));
		else
			snprintf(why, whysz, "is not a Jalali date of the form YYYY/MM/DD");
		return -1;
	}
	if (*jy < CAL_FIRST || *jy > CAL_LAST || (*jy == CAL_LAST && *jm == 12 && *jd == 30)) {
		snprintf(why, whysz, "is outside the calendar, %d/01/01 to %d/12/29",
		    CAL_FIRST, CAL_LAST);
		return -1;
	}
	if (gregorian_from_jalali(*jy, *jm, *jd, &gy, &gm, &gd) == -1) {
		snprintf(why, whysz, "is not a Jalali date of the form YYYY/MM/DD");
		return -1;
	}
	snprintf(iso, 11, "%04d-%02d-%02d", gy, gm, gd);
	return 0;
}

/* A date operand: 0, or -1 after a usage error. */
static int
jdate_arg(const char *s, char iso[11], int *jy, int *jm, int *jd)
{
	char why[128];

	if (jdate(s, jy, jm, jd, iso, why, sizeof why) == -1) {
		ctl_usage("date '%s' %s", s, why);
		return -1;
	}
	return 0;
}

struct holiday_opts {
	char	 year[16];
};

static const struct option holiday_options[] = {
	{ "year", required_argument, NULL, 'y' },
	{ NULL, 0, NULL, 0 }
};

static int
on_opt(int ch, const char *arg, void *ctx)
{
	struct holiday_opts *o = ctx;
	uint64_t v;

	if (ch != 'y')
		return -1;
	if (digits_parse_u64(arg, 9999, &v) == -1 || v < CAL_FIRST || v > CAL_LAST) {
		ctl_usage("year '%s' is not a Jalali year of the calendar, %d to %d",
		    arg, CAL_FIRST, CAL_LAST);
		return -1;
	}
	snprintf(o->year, sizeof o->year, "%u", (unsigned)v);
	return 0;
}

/* Say a refusal of the database in the administrator's terms. */
static int
refused(struct ctl *c)
{
	if (db_is(c->db, DB_CHECK) || db_is(c->db, DB_NOT_NULL))
		return ctl_error("a holiday's name must have 1 to 200 characters "
		    "and no control characters");
	if (db_is(c->db, "22008"))
		return ctl_error("the calendar covers %d/01/01 to %d/12/29 only",
		    CAL_FIRST, CAL_LAST);
	return ctl_db_error(c, NULL);
}

static int
holidays_list(struct ctl *c, const struct ctl_args *a)
{
	const struct holiday_opts *o = a->opts;
	const char *p[1];

	p[0] = o->year[0] != '\0' ? o->year : NULL;
	return ctl_print_query(c, "SELECT jalali, (ARRAY['دوشنبه', 'سه‌شنبه', "
	    "'چهارشنبه', 'پنجشنبه', 'جمعه', 'شنبه', 'یکشنبه'])"
	    "[extract(isodow FROM day)::integer], name, "
	    "CASE WHEN fixed THEN 'fixed' ELSE 'imported' END, "
	    "CASE WHEN rest_day THEN 'rest_day' ELSE '-' END "
	    "FROM holidays_of($1::integer)", 1, p);
}

static int
holidays_add(struct ctl *c, const struct ctl_args *a)
{
	struct buf name = BUF_INIT;
	char iso[11], jdt[32];
	const char *p[2];
	PGresult *res;
	int jy, jm, jd, rc;

	if (jdate_arg(a->argv[0], iso, &jy, &jm, &jd) == -1)
		return CTL_USAGE;
	(void)jalali_format(jy, jm, jd, 0, jdt, sizeof jdt);
	if (u8_clean_line(a->argv[1], strlen(a->argv[1]), &name) == -1 || name.len == 0) {
		buf_free(&name);
		return ctl_usage("a holiday needs a name (UTF-8, 1 to 200 characters)");
	}
	if (ctl_db(c) == NULL) {
		buf_free(&name);
		return CTL_DOWN;
	}
	p[0] = iso;
	p[1] = buf_str(&name);
	/* The old name in the statement's snapshot, which the function's own
	 * change does not reach. */
	res = db_query(c->db, "SELECT (SELECT name FROM holidays WHERE day = $1::date), "
	    "holiday_add($1::date, $2)", 2, p);
	if (res == NULL) {
		rc = refused(c);
		goto out;
	}
	if (PQgetisnull(res, 0, 0))
		printf("added\t%s\n", jdt);
	else if (strcmp(PQgetvalue(res, 0, 0), p[1]) != 0)
		printf("renamed\t%s\n", jdt);
	else
		printf("unchanged\t%s\n", jdt);
	PQclear(res);
	rc = CTL_OK;
out:
	buf_free(&name);
	return rc;
}

static int
holidays_remove(struct ctl *c, const struct ctl_args *a)
{
	char iso[11], m[4], d[4];
	const char *p[3];
	PGresult *res;
	int jy, jm, jd;

	if (jdate_arg(a->argv[0], iso, &jy, &jm, &jd) == -1)
		return CTL_USAGE;
	if (ctl_db(c) == NULL)
		return CTL_DOWN;
	snprintf(m, sizeof m, "%d", jm);
	snprintf(d, sizeof d, "%d", jd);
	p[0] = iso;
	p[1] = m;
	p[2] = d;
	if ((res = db_query(c->db, "SELECT holiday_remove($1::date), "
	    "(SELECT f.name_en FROM fixed_holidays() f "
	    "WHERE f.jm = $2::integer AND f.jd = $3::integer)", 3, p)) == NULL)
		return refused(c);
	if (strcmp(PQgetvalue(res, 0, 0), "t") == 0) {
		PQclear(res);
		return CTL_OK;
	}
	if (!PQgetisnull(res, 0, 1))
		ctl_error("'%s' is a fixed holiday (%s), which cannot be removed",
		    a->argv[0], PQgetvalue(res, 0, 1));
	else
		ctl_error("no imported holiday on '%s'", a->argv[0]);
	PQclear(res);
	return CTL_FAIL;
}

/* The whole of a file, or of the standard input for "-"; -1 (errno set). */
static int
slurp(const char *path, struct buf *b)
{
	char chunk[8192];
	size_t got;
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	int err;

	if (fp == NULL)
		return -1;
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(b, chunk, got);
	err = ferror(fp) ? errno : 0;
	if (fp != stdin)
		fclose(fp);
	if (err != 0) {
		errno = err;
		return -1;
	}
	return 0;
}

/* One holiday read from a file. */
struct entry {
	char	 iso[11];
	int	 line;
	char	*name;
};

#define MAX_ERRORS	20

/* Bad lines so far; the first MAX_ERRORS are reported. */
static int bad_lines;

static void
bad(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
bad(const char *file, int line, const char *fmt, ...)
{
	struct buf m = BUF_INIT;
	va_list ap;

	if (++bad_lines > MAX_ERRORS)
		return;
	va_start(ap, fmt);
	buf_vaddf(&m, fmt, ap);
	va_end(ap);
	ctl_error("%s:%d: %s", file, line, buf_str(&m));
	buf_free(&m);
}

static int
is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\v' || ch == '\f';
}

/*
 * Read the lines of text (len bytes) into ents (*n of them, the caller
 * frees the names).  Bad lines are reported as "FILE:LINE: why"; returns
 * how many there were.
 */
static int
read_lines(const char *file, char *text, size_t len, struct entry **ents, size_t *n)
{
	size_t at = 0, cap = 0, i;
	int line = 0;
	struct buf name = BUF_INIT;

	bad_lines = 0;
	*ents = NULL;
	*n = 0;
	/* A byte-order mark, as Windows' Notepad writes, is not text. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		at = 3;
	while (at < len) {
		char *s = text + at, *end = memchr(s, '\n', len - at), *e, *sp;
		size_t l = end != NULL ? (size_t)(end - s) : len - at;
		char iso[11], why[128], *date;
		int jy, jm, jd;

		at += l + 1;
		line++;
		if (l > 0 && s[l - 1] == '\r')	/* CRLF */
			l--;
		s[l] = '\0';
		if (!u8_valid(s, l) || memchr(s, '\0', l) != NULL) {
			bad(file, line, "not UTF-8 text (save the file as UTF-8)");
			continue;
		}
		while (is_blank(*s))
			s++;
		if (*s == '\0' || *s == '#')
			continue;
		for (sp = s; *sp != '\0' && !is_blank(*sp); sp++)
			;
		e = sp;
		while (is_blank(*sp))
			sp++;
		date = s;
		*e = '\0';
		if (jdate(date, &jy, &jm, &jd, iso, why, sizeof why) == -1) {
			bad(file, line, "date '%s' %s", date, why);
			continue;
		}
		(void)u8_clean_line(sp, strlen(sp), &name);
		if (name.len == 0) {
			bad(file, line, "no name after the date '%s' (a line is: "
			    "JDATE NAME)", date);
			continue;
		}
		if (u8_chars(buf_str(&name)) > 200) {
			bad(file, line, "the name has more than 200 characters");
			continue;
		}
		for (i = 0; i < *n; i++)
			if (strcmp((*ents)[i].iso, iso) == 0)
				break;
		if (i < *n) {
			if (strcmp((*ents)[i].name, buf_str(&name)) != 0)
				bad(file, line, "'%s' is on line %d as well, with another "
				    "name", date, (*ents)[i].line);
			continue;	/* the same holiday twice: once is enough */
		}
		if (*n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			*ents = xreallocarray(*ents, cap, sizeof **ents);
		}
		memcpy((*ents)[*n].iso, iso, sizeof iso);
		(*ents)[*n].line = line;
		(*ents)[*n].name = buf_detach(&name);
		(*n)++;
	}
	buf_free(&name);
	if (bad_lines > MAX_ERRORS)
		ctl_error("%s: %d more bad lines", file, bad_lines - MAX_ERRORS);
	return bad_lines;
}

static int
holidays_import(struct ctl *c, const struct ctl_args *a)
{
	const char *path = a->argv[0];
	const char *file = strcmp(path, "-") == 0 ? "stdin" : path;
	struct buf text = BUF_INIT, days = BUF_INIT, names = BUF_INIT;
	struct entry *ents = NULL;
	const char *p[2];
	PGresult *res = NULL;
	size_t n = 0, i;
	int rc = CTL_FAIL, nbad;

	if (slurp(path, &text) == -1) {
		rc = ctl_error("%s: %s", file, strerror(errno));
		goto out;
	}
	if ((nbad = read_lines(file, text.data != NULL ? text.data : "", text.len,
	    &ents, &n)) > 0) {
		rc = ctl_error("%s: %d bad line%s; nothing was imported", file, nbad,
		    nbad == 1 ? "" : "s");
		goto out;
	}
	if (ctl_db(c) == NULL) {
		rc = CTL_DOWN;
		goto out;
	}
	/* Names hold no newline (u8_clean_line), dates no comma. */
	for (i = 0; i < n; i++) {
		buf_addf(&days, "%s%s", i > 0 ? "," : "", ents[i].iso);
		buf_addf(&names, "%s%s", i > 0 ? "\n" : "", ents[i].name);
	}
	p[0] = buf_str(&days);
	p[1] = buf_str(&names);
	if ((res = db_query(c->db, "SELECT added, renamed FROM holidays_import("
	    "string_to_array($1, ',')::date[], string_to_array($2, E'\\n'))",
	    2, p)) == NULL) {
		rc = refused(c);
		goto out;
	}
	printf("added\t%s\nrenamed\t%s\nunchanged\t%lld\n", PQgetvalue(res, 0, 0),
	    PQgetvalue(res, 0, 1), (long long)n - atoll(PQgetvalue(res, 0, 0)) -
	    atoll(PQgetvalue(res, 0, 1)));
	rc = CTL_OK;
out:
	PQclear(res);
	for (i = 0; i < n; i++)
		free(ents[i].name);
	free(ents);
	buf_free(&text);
	buf_free(&days);
	buf_free(&names);
	return rc;
}

static const struct ctl_verb verbs[] = {
	{ "list", "[--year JY]", "the holidays of a Jalali year: date, weekday, "
	    "name, fixed or imported, whether it is on a rest day anyway",
	    "  --year JY    the Jalali year, 1380 to 1450 (default: this year)\n",
	    holidays_list,
	    .opts = { holiday_options, on_opt, sizeof(struct holiday_opts), NULL },
	    .flags = CTL_DB },
	{ "add", "JDATE NAME", "add a holiday, or rename the one on that day",
	    "  JDATE       a Jalali date, YYYY/MM/DD (or YYYY-MM-DD); digits may be\n"
	    "              Persian or Arabic-Indic\n", holidays_add,
	    .operands = { 2, 2, "expected a Jalali date and a name" } },
	{ "remove", "JDATE", "remove an imported holiday (the fixed ones stay)",
	    NULL, holidays_remove, .operands = { 1, 1, "expected a Jalali date" } },
	{ "import", "FILE|-", "add or rename the holidays a file lists; "
	    "a bad line imports nothing",
	    "  FILE        one holiday a line: JDATE NAME, as 1405/01/14 عید فطر;\n"
	    "              blank lines and lines starting with # are skipped;\n"
	    "              UTF-8; - reads the standard input\n", holidays_import,
	    .operands = { 1, 1, "expected one file (- reads the standard input)" } },
	{ .name = NULL }
};

const struct ctl_noun ctl_noun_holidays = {
	"holidays", "The holidays that are not fixed, which an administrator "
	    "imports each year; the fixed solar holidays are built in.", verbs
};
