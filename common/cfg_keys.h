/*
 * cfg_keys.h — every configuration key, once.
 *
 * CFG_KEY(id, section, key, type, default, min, max, choices, doc)
 *
 * This table is the single source of pishkhan.conf: cfg.c validates files
 * against it, `pishkhanctl config show` prints it, and the test suite checks
 * that pishkhan.conf(5) and pishkhan.conf.example document every key with
 * this default.  Types: STR, INT, BOOL, ENUM (choices "a|b"), DURATION
 * (seconds; suffixes s m h d), SIZE (bytes; suffixes k M G), COUNTRIES
 * (calling codes).  min/max bound INT, DURATION and SIZE.
 */
CFG_KEY(DB_CONNINFO, "database", "conninfo", STR, "", 0, 0, NULL,
    "libpq connection string; empty: libpq's environment (PGHOST, PGDATABASE, ...)")
CFG_KEY(DB_SQL_DIR, "database", "sql_dir", STR, PK_DATADIR "/sql", 0, 0, NULL,
    "directory of the numbered migration files")
CFG_KEY(DB_CONNECT_TIMEOUT, "database", "connect_timeout", DURATION, "5", 1, 300, NULL,
    "how long to wait for the server when connecting")
CFG_KEY(LOG_LEVEL, "log", "level", ENUM, "info", 0, 0, "debug|info|warning|error",
    "least severe message logged")
CFG_KEY(PHONE_COUNTRIES, "phone", "countries", COUNTRIES, "98", 0, 0, NULL,
    "country calling codes accepted for mobile numbers")
CFG_KEY(WEB_LISTEN, "web", "listen", STR, "127.0.0.1", 0, 0, NULL,
    "address the public web server listens on")
CFG_KEY(WEB_PORT, "web", "port", INT, "8080", 0, 65535, NULL,
    "TCP port of the public web server")
CFG_KEY(WEB_BASE_URL, "web", "base_url", STR, "", 0, 0, NULL,
    "public address of the site; empty: http://LISTEN:PORT/")
CFG_KEY(SMS_DRIVER, "sms", "driver", ENUM, "file", 0, 0, "http|file",
    "how messages leave the outbox")
CFG_KEY(SMS_FILE, "sms", "file", STR, "/var/lib/pishkhan/sms.txt", 0, 0, NULL,
    "file the file driver appends messages to")
