/*
 * cfg.h — the configuration file (INI, read with iniparser).
 *
 * Every key is declared in cfg_keys.h with its type, range and default.  A
 * file with an unknown section or key, or a value of the wrong shape, is
 * refused as a whole with "FILE: section.key: what is wrong".
 */
#ifndef PK_CFG_H
#define PK_CFG_H

#include <stddef.h>

enum cfg_id {
#define CFG_KEY(id, s, k, t, d, mn, mx, ch, doc) CFG_##id,
#include "cfg_keys.h"
#undef CFG_KEY
	CFG__COUNT
};

enum cfg_type {
	CFG_T_STR, CFG_T_INT, CFG_T_BOOL, CFG_T_ENUM, CFG_T_DURATION,
	CFG_T_SIZE, CFG_T_COUNTRIES, CFG_T_NETS
};

struct cfg_key {
	const char	*section;
	const char	*key;
	enum cfg_type	 type;
	const char	*def;
	long long	 min, max;
	const char	*choices;
	const char	*doc;
};

struct cfg;

/* The default file, /etc/pishkhan/pishkhan.conf under the build's SYSCONFDIR. */
#define CFG_DEFAULT_FILE PK_SYSCONFDIR "/pishkhan/pishkhan.conf"

/*
 * Load `path`.  When `path` is NULL the default file is read if it exists
 * and the built-in defaults are used if it does not; a path given by the
 * user must exist.  Returns NULL and sets *err (owned by the caller) to a
 * one-line message when the file is unreadable or invalid.
 */
struct cfg	*cfg_load(const char *path, char **err);
/* Only the built-in defaults (for tests). */
struct cfg	*cfg_defaults(void);
void		 cfg_free(struct cfg *);

/* The value as written (or the default).  Borrowed from the cfg. */
const char	*cfg_str(const struct cfg *, enum cfg_id);
/* INT, BOOL (0/1), DURATION (seconds), SIZE (bytes). */
long long	 cfg_int(const struct cfg *, enum cfg_id);
/* The file the values came from, or NULL for built-in defaults. */
const char	*cfg_file(const struct cfg *);
/* 1 if the key was set in the file. */
int		 cfg_is_set(const struct cfg *, enum cfg_id);

const struct cfg_key *cfg_key(enum cfg_id);
const char	*cfg_type_name(enum cfg_type);

/*
 * Check one value against its key's declaration; 0, or -1 with *why set to
 * a static description.  *out (for numeric types) gets the parsed value.
 */
int		 cfg_parse_value(const struct cfg_key *, const char *val,
		    long long *out, const char **why);

#endif
