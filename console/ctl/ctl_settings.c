/*
 * ctl_settings.c — pishkhanctl settings: the rows of pishkhan.settings that
 * the database's own rules read (letter numbers, tracking numbers, the
 * office's time zone, whether updates and responses send an SMS).
 *
 * The database decides what a value may be: the CHECK settings_valid
 * (sql/005_defaults.sql) and the trigger settings_check (sql/010_admin_edit.sql),
 * which also wants a time zone PostgreSQL knows and an active admin.  This
 * file turns digits of any script into ASCII and explains a refusal with
 * the setting's own doc text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ctl.h"
#include "digits.h"
#include "u8.h"

static int
settings_list(struct ctl *c, const struct ctl_args *a)
{
	(void)a;
	return ctl_print_query(c, "SELECT key, value, doc FROM settings ORDER BY key",
	    0, NULL);
}

static int
settings_show(struct ctl *c, const struct ctl_args *a)
{
	const char *p[1];
	PGresult *res;

	p[0] = a->argv[0];
	if ((res = db_query(c->db, "SELECT value FROM settings WHERE key = $1",
	    1, p)) == NULL)
		return ctl_db_error(c, NULL);
	if (PQntuples(res) == 0) {
		PQclear(res);
		return ctl_error("setting '%s' not found", p[0]);
	}
	printf("%s\n", PQgetvalue(res, 0, 0));
	PQclear(res);
	return CTL_OK;
}

/* A value the database refused: say what the setting allows, in the words
 * of its doc text. */
static int
bad_value(struct ctl *c, const char *key, const char *typed)
{
	const char *p[1] = { key };
	PGresult *res;
	int rc;

	res = db_query(c->db, "SELECT doc FROM settings WHERE key = $1", 1, p);
	if (res != NULL && PQntuples(res) == 1)
		rc = ctl_error("setting '%s' cannot be '%s'; allowed: %s", key, typed,
		    PQgetvalue(res, 0, 0));
	else
		rc = ctl_error("setting '%s' cannot be '%s'", key, typed);
	PQclear(res);
	return rc;
}

/* The weekdays as rest_days spells them, and as people name them: in
 * English, and in Persian written without spaces or ZWNJ. */
static const struct {
	const char	*key, *en, *fa;
} weekdays[] = {
	{ "sat", "saturday", "شنبه" }, { "sun", "sunday", "یکشنبه" },
	{ "mon", "monday", "دوشنبه" }, { "tue", "tuesday", "سهشنبه" },
	{ "wed", "wednesday", "چهارشنبه" }, { "thu", "thursday", "پنجشنبه" },
	{ "fri", "friday", "جمعه" },
};

/*
 * rest_days as typed — "thu,fri", "Thu, Fri", "پنج‌شنبه، جمعه" — into the
 * setting's spelling ("thu,fri") in out.  0, or -1 when a day is not one
 * (the database then refuses the value as typed, with the setting's doc).
 */
static int
rest_days_value(const char *in, struct buf *out)
{
	struct buf day = BUF_INIT;
	size_t len = strlen(in), i;
	int k, rc = 0, n = 0;
	uint32_t cp;

	for (;;) {
		k = len > 0 ? u8_decode(in, len, &cp) : 0;
		if (k < 0) {
			rc = -1;
			break;
		}
		if (k == 0 || cp == ',' || cp == 0x060c) {	/* , or ، ends a day */
			if (day.len == 0 && k == 0 && n > 0)
				break;
			for (i = 0; i < sizeof weekdays / sizeof weekdays[0]; i++)
				if (strcmp(buf_str(&day), weekdays[i].key) == 0 ||
				    strcmp(buf_str(&day), weekdays[i].en) == 0 ||
				    strcmp(buf_str(&day), weekdays[i].fa) == 0)
					break;
			if (i == sizeof weekdays / sizeof weekdays[0]) {
				rc = -1;
				break;
			}
			buf_addf(out, "%s%s", n++ > 0 ? "," : "", weekdays[i].key);
			buf_reset(&day);
			if (k == 0)
				break;
		} else if (cp == 0x064a)		/* Arabic yeh: Persian yeh */
			buf_adds(&day, "ی");
		else if (cp == 0x0643)			/* Arabic kaf: Persian kaf */
			buf_adds(&day, "ک");
		else if (cp >= 'A' && cp <= 'Z')
			buf_addc(&day, (char)(cp - 'A' + 'a'));
		else if (cp != ' ' && cp != '\t' && cp != 0x200c && cp != 0x200d &&
		    cp != 0x00a0 && cp != 0x200e && cp != 0x200f)
			buf_add(&day, in, (size_t)k);
		in += k;
		len -= (size_t)k;
	}
	buf_free(&day);
	return rc;
}

static int
settings_set(struct ctl *c, const struct ctl_args *a)
{
	struct buf days = BUF_INIT;
	char num[64];
	uint64_t v;
	const char *key = a->argv[0], *value = a->argv[1], *p[2];
	long long n;

	/* A number alone, in any script and with the bidi marks a phone or an
	 * editor adds around it, becomes its ASCII digits; in other values the
	 * database turns Persian and Arabic-Indic digits into ASCII. */
	if (digits_parse_u64(value, UINT64_MAX, &v) == 0 &&
	    digits_normalize(value, num, sizeof num) > 0)
		value = num;
	/* Weekdays by any of their names, as the setting spells them. */
	if (strcmp(key, "rest_days") == 0 && rest_days_value(value, &days) == 0)
		value = buf_str(&days);
	p[0] = key;
	p[1] = value;
	n = db_changed(c->db, "UPDATE settings SET value = ascii_digits(btrim($2)) "
	    "WHERE key = $1", 2, p);
	buf_free(&days);
	if (n == -1) {
		if (db_is(c->db, DB_CHECK) || db_is(c->db, DB_NOT_NULL))
			return bad_value(c, key, a->argv[1]);
		if (db_is(c->db, DB_DENIED))
			return ctl_error("'%s' may not change settings: only an active "
			    "admin or a PostgreSQL superuser may", PQuser(db_conn(c->db)));
		return ctl_db_error(c, NULL);
	}
	if (n == 0)
		return ctl_error("setting '%s' not found", key);
	return CTL_OK;
}

static const struct ctl_verb verbs[] = {
	{ "list", "", "every setting: key, value, what it means and allows",
	    NULL, settings_list, .flags = CTL_DB },
	{ "show", "KEY", "the value of one setting", NULL, settings_show,
	    .operands = { 1, 1, "expected one setting's key" }, .flags = CTL_DB },
	{ "set", "KEY VALUE", "change a setting; a value of the wrong form is refused",
	    "  KEY         letter_number_format, letter_sequence, letter_sequence_yearly,\n"
	    "              tracking_digits, time_zone, sms_update, sms_response,\n"
	    "              letters_per_hour, letters_per_day, bytes_per_hour,\n"
	    "              bytes_per_day or rest_days\n"
	    "              (pishkhanctl settings list shows what each allows)\n"
	    "  VALUE       the new value; digits may be Persian or Arabic-Indic;\n"
	    "              rest_days names weekdays as sat..fri, in English or in\n"
	    "              Persian (thu,fri or پنجشنبه،جمعه)\n",
	    settings_set,
	    .operands = { 2, 2, "expected a setting's key and its new value" },
	    .flags = CTL_DB },
	{ .name = NULL }
};

const struct ctl_noun ctl_noun_settings = {
	"settings", "Settings the database's rules read: letter and tracking "
	    "numbers, the time zone, SMS for updates and responses, citizens' "
	    "submission limits, the weekly rest days.", verbs
};
