/*
 * cfg_check.h — what the programs check at start of the files and
 * directories a configuration names, beyond its syntax (cfg.h), so that
 * `pishkhanctl config check` says ok only to a file the programs accept.
 *
 * Each returns 0, or -1 with *err (owned by the caller) a one-line
 * message naming the key.  They look at what any user can see (that a file
 * exists, its size); reading a secret is left to the service it belongs to.
 */
#ifndef PK_CFG_CHECK_H
#define PK_CFG_CHECK_H

#include "cfg.h"

/* "NNN_name.sql": a migration's file name. */
int	 cfg_is_migration(const char *name);
/* database.sql_dir: a directory holding at least one migration. */
int	 cfg_check_sql_dir(const struct cfg *, char **err);
/* web.secret_file (32 bytes or more), web.static_dir (style.css and
 * app.js) and web.spool_dir (a directory), when set. */
int	 cfg_check_web(const struct cfg *, char **err);

#endif
