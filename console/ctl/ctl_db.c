/*
 * ctl_db.c — pishkhanctl db: apply and list the schema migrations.
 *
 * Migrations are sql/NNN_name.sql, applied in order, each in its own
 * transaction together with its row in pishkhan.schema_migrations, under an
 * advisory lock so two administrators running migrate at once apply each
 * file once.  A file already applied is never run again; if it has changed
 * since, `db status` says so.  `db status` exits 1 when anything is pending
 * or changed, so monitoring can run it as it is.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cfg_check.h"
#include "ctl.h"
#include "xmalloc.h"

static const char bootstrap[] =
    "CREATE SCHEMA IF NOT EXISTS pishkhan;"
    "CREATE TABLE IF NOT EXISTS pishkhan.schema_migrations ("
    " version text PRIMARY KEY,"
    " checksum text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now(),"
    " applied_by text NOT NULL DEFAULT session_user)";

static int
is_migration(const struct dirent *d)
{
	return cfg_is_migration(d->d_name);
}

/* The migration files in order; *n gets the count.  NULL on error. */
static struct dirent **
list_files(const char *dir, int *n)
{
	struct dirent **names;

	*n = scandir(dir, &names, is_migration, alphasort);
	if (*n == -1) {
		ctl_error("cannot read the migrations in '%s': %s (set database.sql_dir)",
		    dir, strerror(errno));
		return NULL;
	}
	return names;
}

static void
free_list(struct dirent **names, int n)
{
	while (n > 0)
		free(names[--n]);
	free(names);
}

static int
read_file(const char *path, struct buf *b)
{
	char chunk[8192];
	size_t got;
	FILE *fp = fopen(path, "r");

	if (fp == NULL)
		return -1;
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(b, chunk, got);
	if (ferror(fp)) {
		fclose(fp);
		return -1;
	}
	fclose(fp);
	return 0;
}

/* Line number of character position pos (1-based) in text. */
static int
line_of(const char *text, int pos)
{
	int line = 1, chars = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p != '\0' && chars < pos - 1; p++) {
		if ((*p & 0xc0) != 0x80)
			chars++;
		if (*p == '\n')
			line++;
	}
	return line;
}

/* A refusal of db migrate: only the owner of the schema applies them. */
static int
migrate_refused(struct ctl *c, const char *what)
{
	if (!db_is(c->db, DB_DENIED))
		return ctl_db_error(c, what);
	ctl_error("%s: %s", what, db_error(c->db));
	fputs("hint: migrations are applied by the PostgreSQL superuser "
	    "(sudo -u postgres pishkhanctl db migrate)\n", stderr);
	return CTL_FAIL;
}

static int
apply_one(struct ctl *c, const char *dir, const char *name, int *applied)
{
	struct buf path = BUF_INIT, sql = BUF_INIT;
	const char *params[2];
	PGresult *res = NULL;
	int rc = CTL_FAIL;

	buf_addf(&path, "%s/%s", dir, name);
	if (read_file(path.data, &sql) == -1) {
		rc = ctl_error("%s: %s", path.data, strerror(errno));
		goto fail;
	}
	params[0] = name;
	params[1] = sql.data;
	if (db_exec(c->db, "BEGIN", 0, NULL) == -1 ||
	    db_exec(c->db, "SELECT pg_advisory_xact_lock(hashtext('pishkhan migrate'))",
	    0, NULL) == -1 ||
	    (res = db_query(c->db, "SELECT 1 FROM pishkhan.schema_migrations "
	    "WHERE version = $1", 1, params)) == NULL) {
		rc = migrate_refused(c, name);
		goto fail;
	}
	if (PQntuples(res) > 0) {
		/* Another run applied it while we waited for the lock. */
		db_exec(c->db, "ROLLBACK", 0, NULL);
		rc = CTL_OK;
		goto fail;
	}
	if (db_script(c->db, sql.data) == -1) {
		int pos = db_position(c->db);

		if (pos > 0)
			ctl_error("%s, line %d: %s", path.data, line_of(sql.data, pos),
			    db_error(c->db));
		else
			ctl_error("%s: %s", path.data, db_error(c->db));
		rc = db_is_down(c->db) ? CTL_DOWN : CTL_FAIL;
		db_exec(c->db, "ROLLBACK", 0, NULL);
		goto fail;
	}
	if (db_exec(c->db, "INSERT INTO pishkhan.schema_migrations (version, checksum) "
	    "VALUES ($1, encode(sha256(convert_to($2, 'UTF8')), 'hex'))", 2, params) == -1 ||
	    db_exec(c->db, "COMMIT", 0, NULL) == -1) {
		rc = ctl_db_error(c, name);
		db_exec(c->db, "ROLLBACK", 0, NULL);
		goto fail;
	}
	printf("applied\t%s\n", name);
	fflush(stdout);
	(*applied)++;
	rc = CTL_OK;
fail:
	PQclear(res);
	buf_free(&path);
	buf_free(&sql);
	return rc;
}

/*
 * The maintenance databases are never Pishkhan's: a configuration without
 * dbname= connects to the one named after the user (postgres, for the
 * superuser), and the schema would land there.  A database that is not in
 * UTF-8 (createdb on a cluster made without a locale is SQL_ASCII) would
 * take the schema and then keep Persian names as bytes it cannot compare,
 * sort or check: refused too, before anything is applied.
 */
static int
refuse_system_db(struct ctl *c)
{
	PGresult *res = db_query(c->db, "SELECT current_database(), "
	    "pg_catalog.pg_encoding_to_char(encoding) FROM pg_catalog.pg_database "
	    "WHERE datname = current_database()", 0, NULL);
	char name[64], enc[32];

	if (res == NULL)
		return ctl_db_error(c, NULL);
	snprintf(name, sizeof name, "%s", PQgetvalue(res, 0, 0));
	snprintf(enc, sizeof enc, "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	if (strcmp(name, "postgres") == 0 || strcmp(name, "template1") == 0 ||
	    strcmp(name, "template0") == 0) {
		ctl_error("refusing to install the schema into the database '%s'", name);
		fputs("hint: name Pishkhan's database in the configuration "
		    "(database.conninfo = dbname=pishkhan) or in PGDATABASE\n", stderr);
		return CTL_FAIL;
	}
	if (strcmp(enc, "UTF8") != 0) {
		ctl_error("refusing to install the schema into the database '%s': its "
		    "encoding is %s, not UTF8", name, enc);
		fprintf(stderr, "hint: make it again in UTF-8: sudo -u postgres dropdb %s; "
		    "sudo -u postgres createdb -T template0 -E UTF8 --locale-provider=icu "
		    "--icu-locale=fa %s\n", name, name);
		return CTL_FAIL;
	}
	return CTL_OK;
}

static int is_changed(struct ctl *, const char *, const char *, const char *, int *);

/* After a migrate: an applied file that was edited since is an error. */
static int
report_changed(struct ctl *c, const char *dir, struct dirent **names, int n)
{
	struct buf which = BUF_INIT;
	const char *p[1];
	PGresult *res;
	int i, changed = 0, rc = CTL_OK, ch;

	for (i = 0; i < n && rc == CTL_OK; i++) {
		p[0] = names[i]->d_name;
		if ((res = db_query(c->db, "SELECT checksum FROM "
		    "pishkhan.schema_migrations WHERE version = $1", 1, p)) == NULL)
			return ctl_db_error(c, NULL);
		ch = PQntuples(res) == 1 ? is_changed(c, dir, p[0],
		    PQgetvalue(res, 0, 0), &rc) : 0;
		PQclear(res);
		if (ch == 1) {
			buf_addf(&which, "%s%s", changed > 0 ? ", " : "", p[0]);
			changed++;
		}
	}
	if (rc == CTL_OK && changed > 0)
		rc = ctl_error("%d applied migration%s changed since (%s): the change "
		    "was not applied; restore %s and put the change in a new migration",
		    changed, changed == 1 ? "" : "s", buf_str(&which),
		    changed == 1 ? "it" : "them");
	buf_free(&which);
	return rc;
}

static int
db_migrate(struct ctl *c, const struct ctl_args *a)
{
	const char *dir = cfg_str(c->cfg, CFG_DB_SQL_DIR);
	struct dirent **names = NULL;
	int i, n = 0, applied = 0, rc = CTL_OK;

	(void)a;
	if ((names = list_files(dir, &n)) == NULL)
		return CTL_FAIL;
	if (n == 0) {
		free_list(names, n);
		return ctl_error("no migrations in '%s' (set database.sql_dir)", dir);
	}
	if (ctl_db(c) == NULL) {
		free_list(names, n);
		return CTL_DOWN;
	}
	if ((rc = refuse_system_db(c)) != CTL_OK) {
		free_list(names, n);
		return rc;
	}
	/* Quiet the NOTICEs of IF NOT EXISTS. */
	db_exec(c->db, "SET client_min_messages = warning", 0, NULL);
	if (db_script(c->db, bootstrap) == -1) {
		free_list(names, n);
		return migrate_refused(c, "cannot create the migrations table");
	}
	for (i = 0; i < n && rc == CTL_OK; i++)
		rc = apply_one(c, dir, names[i]->d_name, &applied);
	if (rc == CTL_OK)
		fprintf(stderr, "pishkhanctl: %d migration%s applied, %d in all\n",
		    applied, applied == 1 ? "" : "s", n);
	if (rc == CTL_OK)
		rc = report_changed(c, dir, names, n);
	free_list(names, n);
	return rc;
}

/*
 * Whether the applied migration `name` differs from its file: 1 changed,
 * 0 the same, -1 after reporting an error (the file unreadable, the query
 * failed: *rc gets the exit status).
 */
static int
is_changed(struct ctl *c, const char *dir, const char *name, const char *sum,
    int *rc)
{
	struct buf path = BUF_INIT, sql = BUF_INIT;
	const char *p[1];
	PGresult *res = NULL;
	int changed = -1;

	buf_addf(&path, "%s/%s", dir, name);
	if (read_file(path.data, &sql) == -1) {
		*rc = ctl_error("%s: %s", path.data, strerror(errno));
		goto fail;
	}
	p[0] = buf_str(&sql);
	if ((res = db_query(c->db, "SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')",
	    1, p)) == NULL) {
		*rc = ctl_db_error(c, name);
		goto fail;
	}
	changed = strcmp(PQgetvalue(res, 0, 0), sum) != 0;
fail:
	PQclear(res);
	buf_free(&path);
	buf_free(&sql);
	return changed;
}

static int
db_status(struct ctl *c, const struct ctl_args *a)
{
	const char *dir = cfg_str(c->cfg, CFG_DB_SQL_DIR);
	struct dirent **names = NULL;
	struct buf which = BUF_INIT;
	PGresult *res = NULL;
	int i, r, n = 0, pending = 0, changed = 0, rc = CTL_OK;

	(void)a;
	if ((names = list_files(dir, &n)) == NULL)
		return CTL_FAIL;
	if (ctl_db(c) == NULL) {
		free_list(names, n);
		return CTL_DOWN;
	}
	res = db_query(c->db, "SELECT version, checksum, "
	    "to_char(applied_at, 'YYYY-MM-DD HH24:MI:SS'), applied_by "
	    "FROM pishkhan.schema_migrations ORDER BY version", 0, NULL);
	if (res == NULL && !db_is(c->db, "42P01") && !db_is(c->db, "3F000")) {
		free_list(names, n);
		return ctl_db_error(c, NULL);
	}
	for (i = 0; i < n && rc == CTL_OK; i++) {
		const char *name = names[i]->d_name;
		int found = -1, ch;

		for (r = 0; res != NULL && r < PQntuples(res); r++)
			if (strcmp(PQgetvalue(res, r, 0), name) == 0)
				found = r;
		if (found == -1) {
			printf("%s\tpending\n", name);
			pending++;
			continue;
		}
		if ((ch = is_changed(c, dir, name, PQgetvalue(res, found, 1), &rc)) == -1)
			break;
		printf("%s\t%s\t%s\t%s\n", name, ch ? "changed" : "applied",
		    PQgetvalue(res, found, 2), PQgetvalue(res, found, 3));
		if (ch) {
			buf_addf(&which, "%s%s", changed > 0 ? ", " : "", name);
			changed++;
		}
	}
	for (r = 0; rc == CTL_OK && res != NULL && r < PQntuples(res); r++) {
		for (i = 0; i < n; i++)
			if (strcmp(PQgetvalue(res, r, 0), names[i]->d_name) == 0)
				break;
		if (i == n)
			printf("%s\tunknown\t%s\t%s\n", PQgetvalue(res, r, 0),
			    PQgetvalue(res, r, 2), PQgetvalue(res, r, 3));
	}
	/* One line after the table, and a failure status, for monitoring. */
	fflush(stdout);
	if (rc == CTL_OK && pending > 0 && changed > 0)
		rc = ctl_error("%d pending, %d changed since applied (%s); run "
		    "'pishkhanctl db migrate', and put changes in a new migration",
		    pending, changed, buf_str(&which));
	else if (rc == CTL_OK && pending > 0)
		rc = ctl_error("%d pending; run 'pishkhanctl db migrate'", pending);
	else if (rc == CTL_OK && changed > 0)
		rc = ctl_error("%d changed since applied (%s); restore %s and put the "
		    "change in a new migration", changed, buf_str(&which),
		    changed == 1 ? "it" : "them");
	PQclear(res);
	free_list(names, n);
	buf_free(&which);
	return rc;
}

static const struct ctl_verb verbs[] = {
	/* Both read database.sql_dir before they connect. */
	{ "migrate", "", "apply the pending schema migrations, in order", NULL, db_migrate,
	    .operands = { 0, 0, NULL } },
	{ "status", "", "list the migrations: applied, pending or changed; "
	    "exit 1 unless all are applied and unchanged", NULL, db_status,
	    .operands = { 0, 0, NULL } },
	{ .name = NULL }
};

const struct ctl_noun ctl_noun_db = {
	"db", "The database schema: migrations in " "database.sql_dir.", verbs
};
