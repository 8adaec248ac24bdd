/*
 * cfg.c — configuration: iniparser underneath, our key table on top.
 *
 * iniparser is only the reader.  Numbers are parsed here, never with
 * iniparser_getint (which reads "042" as octal), and every key in the file
 * must be one we know.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <iniparser.h>

#include "buf.h"
#include "cfg.h"
#include "digits.h"
#include "netaddr.h"
#include "phone.h"
#include "xmalloc.h"

static const struct cfg_key keys[CFG__COUNT] = {
#define CFG_KEY(id, s, k, t, d, mn, mx, ch, doc) \
	[CFG_##id] = { s, k, CFG_T_##t, d, mn, mx, ch, doc },
#include "cfg_keys.h"
#undef CFG_KEY
};

struct cfg {
	char		*file;
	char		*val[CFG__COUNT];	/* NULL: default */
	long long	 num[CFG__COUNT];
};

const struct cfg_key *
cfg_key(enum cfg_id id)
{
	return (unsigned)id < CFG__COUNT ? &keys[id] : NULL;
}

const char *
cfg_type_name(enum cfg_type t)
{
	static const char *names[] = {
		[CFG_T_STR] = "string", [CFG_T_INT] = "integer",
		[CFG_T_BOOL] = "boolean", [CFG_T_ENUM] = "choice",
		[CFG_T_DURATION] = "duration", [CFG_T_SIZE] = "size",
		[CFG_T_COUNTRIES] = "country codes", [CFG_T_NETS] = "addresses",
	};
	return names[t];
}

/* "30", "30s", "5m", "2h", "1d" → seconds; "10M", "512k", "1G" → bytes. */
static int
parse_scaled(const char *val, int size, long long *out)
{
	char num[32];
	size_t n = strlen(val);
	uint64_t v, mult = 1;
	char suffix;

	while (n > 0 && (val[n - 1] == ' ' || val[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= sizeof num)
		return -1;
	suffix = val[n - 1];
	if (suffix < '0' || suffix > '9') {
		switch (size ? suffix : suffix | 0x20) {
		case 's': if (!size) mult = 1; else return -1; break;
		case 'm': if (!size) mult = 60; else return -1; break;
		case 'h': if (!size) mult = 3600; else return -1; break;
		case 'd': if (!size) mult = 86400; else return -1; break;
		case 'k': case 'K': if (size) mult = 1024; else return -1; break;
		case 'M': if (size) mult = 1024 * 1024; else return -1; break;
		case 'G': if (size) mult = 1024 * 1024 * 1024; else return -1; break;
		default: return -1;
		}
		n--;
	}
	memcpy(num, val, n);
	num[n] = '\0';
	if (digits_parse_u64(num, INT64_MAX / mult, &v) == -1)
		return -1;
	*out = (long long)(v * mult);
	return 0;
}

int
cfg_parse_value(const struct cfg_key *k, const char *val, long long *out,
    const char **why)
{
	long long n = 0;
	uint64_t u;
	const char *p;
	size_t len;
	struct netaddr nets[NETADDR_LIST_MAX];

	switch (k->type) {
	case CFG_T_STR:
		break;
	case CFG_T_INT:
		if (digits_parse_u64(val, INT64_MAX, &u) == -1) {
			*why = "not a whole number";
			return -1;
		}
		n = (long long)u;
		break;
	case CFG_T_BOOL:
		if (strcmp(val, "yes") == 0 || strcmp(val, "true") == 0 ||
		    strcmp(val, "on") == 0 || strcmp(val, "1") == 0)
			n = 1;
		else if (strcmp(val, "no") == 0 || strcmp(val, "false") == 0 ||
		    strcmp(val, "off") == 0 || strcmp(val, "0") == 0)
			n = 0;
		else {
			*why = "not a boolean (yes or no)";
			return -1;
		}
		break;
	case CFG_T_ENUM:
		len = strlen(val);
		for (p = k->choices; *p != '\0'; p += strcspn(p, "|") + (p[strcspn(p, "|")] == '|')) {
			if (strcspn(p, "|") == len && strncmp(p, val, len) == 0 && len > 0)
				goto ok;
		}
		*why = "not one of the allowed choices";
		return -1;
	case CFG_T_DURATION:
	case CFG_T_SIZE:
		if (parse_scaled(val, k->type == CFG_T_SIZE, &n) == -1) {
			*why = k->type == CFG_T_SIZE ?
			    "not a size (a number, optionally followed by k, M or G)" :
			    "not a duration (a number of seconds, or with s, m, h or d)";
			return -1;
		}
		break;
	case CFG_T_NETS:
		if (netaddr_list_parse(val, nets, NETADDR_LIST_MAX) == -1) {
			*why = "not a list of IP addresses or networks (like 127.0.0.1 ::1 10.0.0.0/8)";
			return -1;
		}
		break;
	case CFG_T_COUNTRIES:
		if (phone_countries_valid(val) == -1) {
			*why = "not a list of country calling codes (like 98 or 98,1)";
			return -1;
		}
		break;
	}
	if (k->type == CFG_T_INT || k->type == CFG_T_DURATION || k->type == CFG_T_SIZE) {
		if (n < k->min || n > k->max) {
			*why = "out of range";
			return -1;
		}
	}
ok:
	if (out != NULL)
		*out = n;
	return 0;
}

static struct cfg *
cfg_new(void)
{
	struct cfg *c = xcalloc(1, sizeof *c);
	const char *why;
	size_t i;

	for (i = 0; i < CFG__COUNT; i++)
		if (cfg_parse_value(&keys[i], keys[i].def, &c->num[i], &why) == -1)
			abort();	/* a bad default is a programming error */
	return c;
}

struct cfg *
cfg_defaults(void)
{
	return cfg_new();
}

static struct buf ini_errors = BUF_INIT;

static int
ini_error(const char *fmt, ...)
{
	va_list ap;

	if (ini_errors.len > 0)
		return 0;
	va_start(ap, fmt);
	buf_vaddf(&ini_errors, fmt, ap);
	va_end(ap);
	while (ini_errors.len > 0 && ini_errors.data[ini_errors.len - 1] == '\n')
		ini_errors.data[--ini_errors.len] = '\0';
	return 0;
}

static int
find_key(const char *sec, const char *key)
{
	size_t i;

	for (i = 0; i < CFG__COUNT; i++)
		if (strcmp(keys[i].section, sec) == 0 && strcmp(keys[i].key, key) == 0)
			return (int)i;
	return -1;
}

static int
known_section(const char *sec)
{
	size_t i;

	for (i = 0; i < CFG__COUNT; i++)
		if (strcmp(keys[i].section, sec) == 0)
			return 1;
	return 0;
}

struct cfg *
cfg_load(const char *path, char **err)
{
	dictionary *d = NULL;
	struct cfg *c = NULL;
	const char *file = path != NULL ? path : CFG_DEFAULT_FILE;
	const char *why;
	ssize_t i;
	FILE *fp;

	*err = NULL;
	if (path == NULL && access(file, F_OK) == -1 && errno == ENOENT)
		return cfg_new();
	/* iniparser_load does not say why a file cannot be read. */
	if ((fp = fopen(file, "r")) == NULL) {
		*err = xasprintf("%s: %s", file, strerror(errno));
		return NULL;
	}
	fclose(fp);

	buf_reset(&ini_errors);
	iniparser_set_error_callback(ini_error);
	d = iniparser_load(file);
	iniparser_set_error_callback(NULL);
	if (d == NULL || ini_errors.len > 0) {
		/* iniparser says "iniparser: syntax error in FILE (N):\n-> TEXT";
		 * say it our way, on one line. */
		const char *msg = buf_str(&ini_errors);
		const char *text = strstr(msg, "\n-> ");
		/* the "(N)" before the text: the text itself may hold '(' */
		const char *open = text != NULL ? memrchr(msg, '(', (size_t)(text - msg)) : NULL;
		long line = open != NULL ? strtol(open + 1, NULL, 10) : 0;
		size_t j;

		if (line > 0 && text != NULL)
			*err = xasprintf("%s: line %ld: not a [section] or key = value: '%s'",
			    file, line, text + 4);
		else
			*err = xasprintf("%s: %s", file, ini_errors.len > 0 ?
			    msg : "cannot parse the file");
		for (j = 0; (*err)[j] != '\0'; j++)	/* one line, whatever it says */
			if ((*err)[j] == '\n')
				(*err)[j] = ' ';
		goto fail;
	}

	c = cfg_new();
	c->file = xstrdup(file);
	/* Walk the dictionary itself: iniparser's section API skips keys that
	 * stand before any section. Section entries have no value. */
	for (i = 0; i < d->size; i++) {
		const char *full = d->key[i], *val = d->val[i], *colon;
		char sec[64];
		int id;

		if (full == NULL)
			continue;
		colon = strchr(full, ':');
		if (val == NULL && colon == NULL) {
			if (!known_section(full)) {
				*err = xasprintf("%s: [%s]: unknown section", file, full);
				goto fail;
			}
			continue;
		}
		if (colon == NULL || colon == full) {
			*err = xasprintf("%s: %s: key outside a section", file,
			    colon != NULL ? colon + 1 : full);
			goto fail;
		}
		if ((size_t)(colon - full) >= sizeof sec) {
			*err = xasprintf("%s: %s: unknown key", file, full);
			goto fail;
		}
		memcpy(sec, full, (size_t)(colon - full));
		sec[colon - full] = '\0';
		if ((id = find_key(sec, colon + 1)) == -1) {
			*err = xasprintf("%s: %s.%s: unknown key", file, sec, colon + 1);
			goto fail;
		}
		if (val == NULL)
			val = "";
		if (cfg_parse_value(&keys[id], val, &c->num[id], &why) == -1) {
			*err = xasprintf("%s: %s.%s: %s: '%s'", file, sec, colon + 1, why, val);
			goto fail;
		}
		free(c->val[id]);
		c->val[id] = xstrdup(val);
	}
	iniparser_freedict(d);
	return c;

fail:
	if (d != NULL)
		iniparser_freedict(d);
	cfg_free(c);
	return NULL;
}

void
cfg_free(struct cfg *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < CFG__COUNT; i++)
		free(c->val[i]);
	free(c->file);
	free(c);
}

const char *
cfg_str(const struct cfg *c, enum cfg_id id)
{
	return c->val[id] != NULL ? c->val[id] : keys[id].def;
}

long long
cfg_int(const struct cfg *c, enum cfg_id id)
{
	return c->num[id];
}

const char *
cfg_file(const struct cfg *c)
{
	return c->file;
}

int
cfg_is_set(const struct cfg *c, enum cfg_id id)
{
	return c->val[id] != NULL;
}
