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
 * (calling codes), NETS (IP addresses and networks).  min/max bound INT, DURATION and SIZE.
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
CFG_KEY(WEB_METRICS_LISTEN, "web", "metrics_listen", STR, "127.0.0.1", 0, 0, NULL,
    "address of the metrics listener (Prometheus text format at /metrics)")
CFG_KEY(WEB_METRICS_PORT, "web", "metrics_port", INT, "0", 0, 65535, NULL,
    "TCP port of the metrics listener, never the public one; 0: no metrics listener")
/* [web] — the public site (pishkhan-web(8)). */
CFG_KEY(WEB_DB_USER, "web", "db_user", STR, "pishkhan_web", 0, 0, NULL,
    "PostgreSQL role the web connects as (prepended to the conninfo as user=)")
CFG_KEY(WEB_THREADS, "web", "threads", INT, "4", 1, 256, NULL,
    "worker threads (each with its own database connection)")
CFG_KEY(WEB_MAX_CONNECTIONS, "web", "max_connections", INT, "1000", 1, 100000, NULL,
    "open client connections at most")
CFG_KEY(WEB_MAX_PER_IP, "web", "max_per_ip", INT, "50", 1, 100000, NULL,
    "open client connections from one address at most")
CFG_KEY(WEB_HEADER_TIMEOUT, "web", "header_timeout", DURATION, "20", 1, 3600, NULL,
    "a request's headers must arrive within this time of the connection opening or of the previous answer")
CFG_KEY(WEB_TRUSTED_PROXIES, "web", "trusted_proxies", NETS, "127.0.0.1 ::1", 0, 0, NULL,
    "reverse proxies: their X-Forwarded-For names the client, and max_per_ip does not count them")
CFG_KEY(WEB_IDLE_TIMEOUT, "web", "idle_timeout", DURATION, "30", 1, 3600, NULL,
    "a connection silent this long is closed")
CFG_KEY(WEB_REQUEST_TIMEOUT, "web", "request_timeout", DURATION, "300", 1, 7200, NULL,
    "a request body not received within this time is refused (slow clients)")
CFG_KEY(WEB_MAX_BODY, "web", "max_body", SIZE, "21M", 1024, 1073741824, NULL,
    "largest request body (a letter with its attachment)")
CFG_KEY(WEB_MAX_FILE_SIZE, "web", "max_file_size", SIZE, "10M", 1024, 1073741824, NULL,
    "largest letter file or attachment")
CFG_KEY(WEB_SPOOL_DIR, "web", "spool_dir", STR, "", 0, 0, NULL,
    "directory where uploaded files wait, unlinked, until saved; empty: $TMPDIR, else /var/tmp")
CFG_KEY(WEB_SECRET_FILE, "web", "secret_file", STR, "", 0, 0, NULL,
    "file holding the key for login-code HMACs (at least 32 bytes); empty: a key kept in the database")
CFG_KEY(WEB_STATIC_DIR, "web", "static_dir", STR, "", 0, 0, NULL,
    "directory of style.css and app.js; empty: DATADIR/web, then next to the program")
CFG_KEY(WEB_CAPTCHA_TTL, "web", "captcha_ttl", DURATION, "5m", 30, 3600, NULL,
    "how long a captcha may be answered (once)")
CFG_KEY(WEB_CODE_TTL, "web", "code_ttl", DURATION, "5m", 60, 600, NULL,
    "how long a login code is valid (at most 10 minutes)")
CFG_KEY(WEB_CODE_TRIES, "web", "code_tries", INT, "5", 1, 20, NULL,
    "tries allowed per login code (a new code starts with none)")
CFG_KEY(WEB_CODE_WAIT, "web", "code_wait", DURATION, "60", 0, 3600, NULL,
    "wait before another code may be sent to a number; doubles after each send")
CFG_KEY(WEB_CODE_WAIT_MAX, "web", "code_wait_max", DURATION, "30m", 0, 86400, NULL,
    "the longest wait between two codes to one number")
CFG_KEY(WEB_CODES_PER_HOUR, "web", "codes_per_hour", INT, "5", 1, 1000, NULL,
    "login codes sent to one number in an hour at most")
CFG_KEY(WEB_CODES_PER_DAY, "web", "codes_per_day", INT, "10", 1, 10000, NULL,
    "login codes sent to one number in a day at most")
CFG_KEY(WEB_CODES_PER_IP, "web", "codes_per_ip", INT, "10", 1, 100000, NULL,
    "login codes requested from one address in an hour at most")
CFG_KEY(WEB_CODES_PER_IP_DAY, "web", "codes_per_ip_day", INT, "30", 1, 1000000, NULL,
    "login codes requested from one address in a day at most")
CFG_KEY(WEB_GUESSES_PER_IP, "web", "guesses_per_ip", INT, "30", 1, 1000000, NULL,
    "wrong login codes from one address in an hour at most")
CFG_KEY(WEB_GUESSES_PER_IP_DAY, "web", "guesses_per_ip_day", INT, "100", 1, 10000000, NULL,
    "wrong login codes from one address in a day at most")
CFG_KEY(WEB_CODE_CAPTCHA_AFTER, "web", "code_captcha_after", INT, "3", 0, 1000, NULL,
    "wrong login codes for one number in a day after which every try needs a fresh captcha; 0: always")
CFG_KEY(WEB_CAPTCHAS_PER_IP, "web", "captchas_per_ip", INT, "300", 1, 1000000, NULL,
    "new captcha pictures for one address in an hour at most")
CFG_KEY(WEB_IPV6_PREFIX, "web", "ipv6_prefix", INT, "64", 16, 128, NULL,
    "IPv6 clients are counted per network of this many bits for the per-address limits")
CFG_KEY(WEB_SMS_BUDGET, "web", "sms_budget", INT, "5000", 1, 100000000, NULL,
    "login codes sent by the whole site in a day at most; a warning is logged at 80%, an error when spent")
CFG_KEY(WEB_SESSION_IDLE, "web", "session_idle", DURATION, "30m", 60, 86400, NULL,
    "a session unused this long ends")
CFG_KEY(WEB_SESSION_MAX, "web", "session_max", DURATION, "12h", 60, 604800, NULL,
    "a session ends this long after login whatever happens")
CFG_KEY(WEB_DRAFT_TTL, "web", "draft_ttl", DURATION, "1h", 60, 86400, NULL,
    "what was typed in a letter sent after its session ended is kept this long for the citizen's next login")
CFG_KEY(WEB_PAGE_SIZE, "web", "page_size", INT, "20", 1, 100, NULL,
    "letters per page of the history")
CFG_KEY(WEB_READ_CONNINFO, "web", "read_conninfo", STR, "", 0, 0, NULL,
    "libpq connection string of a streaming standby for the history and letter pages; empty: all reads from the primary")
CFG_KEY(WEB_READ_MAX_LAG, "web", "read_max_lag", DURATION, "2", 0, 3600, NULL,
    "how far behind the primary the standby may be for those pages (else they read from the primary)")
CFG_KEY(SMS_DRIVER, "sms", "driver", ENUM, "file", 0, 0, "http|file",
    "how messages leave the outbox")
CFG_KEY(SMS_FILE, "sms", "file", STR, "/var/lib/pishkhan/sms.txt", 0, 0, NULL,
    "file the file driver appends messages to")
/* [sms]: the SMS worker (pishkhanctl sms run) and its drivers; see sms.h. */
CFG_KEY(SMS_DB_USER, "sms", "db_user", STR, "pishkhan_sms", 0, 0, NULL,
    "PostgreSQL role the SMS worker connects as")
CFG_KEY(SMS_URL, "sms", "url", STR, "", 0, 0, NULL,
    "http driver: the gateway's URL, with ${to}, ${text}, ${sender}, ${secret}, ${id}, ${event} percent-encoded")
CFG_KEY(SMS_METHOD, "sms", "method", ENUM, "POST", 0, 0, "POST|GET|PUT",
    "http driver: the request method")
CFG_KEY(SMS_CONTENT_TYPE, "sms", "content_type", STR, "application/x-www-form-urlencoded", 0, 0, NULL,
    "http driver: type of the body; decides its escaping (JSON, form, or none)")
CFG_KEY(SMS_BODY, "sms", "body", STR, "", 0, 0, NULL,
    "http driver: the request body with placeholders; empty: no body")
CFG_KEY(SMS_HEADERS, "sms", "headers", STR, "", 0, 0, NULL,
    "http driver: extra request headers, separated by |")
CFG_KEY(SMS_SENDER, "sms", "sender", STR, "", 0, 0, NULL,
    "the sender number or name, for ${sender}")
CFG_KEY(SMS_RECIPIENT_FORMAT, "sms", "recipient_format", ENUM, "e164", 0, 0, "e164|local|digits",
    "how ${to} is written: +989121234567, 09121234567 or 989121234567")
CFG_KEY(SMS_OK_HTTP, "sms", "ok_http", STR, "200", 0, 0, NULL,
    "http driver: HTTP statuses that mean accepted, separated by commas")
CFG_KEY(SMS_OK_JSON, "sms", "ok_json", STR, "", 0, 0, NULL,
    "http driver: also require PATH=VALUE in the JSON response (dotted path, array indexes as numbers)")
CFG_KEY(SMS_OK_REGEX, "sms", "ok_regex", STR, "", 0, 0, NULL,
    "http driver: also require the response to match this extended regular expression")
CFG_KEY(SMS_ID_JSON, "sms", "id_json", STR, "", 0, 0, NULL,
    "http driver: dotted path of the gateway's message id in the JSON response")
CFG_KEY(SMS_TRANSIENT_HTTP, "sms", "transient_http", STR, "", 0, 0, NULL,
    "http driver: more HTTP statuses to retry, besides 5xx, 429 and 408 (commas)")
CFG_KEY(SMS_SECRET_ENV, "sms", "secret_env", STR, "", 0, 0, NULL,
    "environment variable holding the gateway's secret, for ${secret}")
CFG_KEY(SMS_SECRET_FILE, "sms", "secret_file", STR, "", 0, 0, NULL,
    "file holding the gateway's secret (first line), for ${secret}")
CFG_KEY(SMS_CONNECT_TIMEOUT, "sms", "connect_timeout", DURATION, "5", 1, 300, NULL,
    "http driver: how long to wait for the gateway's connection")
CFG_KEY(SMS_TIMEOUT, "sms", "timeout", DURATION, "20", 1, 600, NULL,
    "http driver: how long a whole request may take")
CFG_KEY(SMS_CONCURRENCY, "sms", "concurrency", INT, "8", 1, 256, NULL,
    "requests one worker has in flight at once (it claims as many at a time, the highest priority first)")
CFG_KEY(SMS_PROVIDER, "sms", "provider", STR, "", 0, 0, NULL,
    "name of the gateway account whose rate and pauses all workers share; empty: the host of url")
CFG_KEY(SMS_RATE, "sms", "rate", INT, "0", 0, 100000, NULL,
    "messages a second to the provider, all workers together; 0: no limit")
CFG_KEY(SMS_BURST, "sms", "burst", INT, "10", 1, 100000, NULL,
    "messages that may go at once after a quiet spell, within rate")
CFG_KEY(SMS_MAX_AGE, "sms", "max_age", DURATION, "1d", 1, 2592000, NULL,
    "the retry window: a passing failure is tried again until the message (or its admin retry) is this old")
CFG_KEY(SMS_MAX_ATTEMPTS, "sms", "max_attempts", INT, "0", 0, 1000000, NULL,
    "also stop retrying after this many attempts; 0: no limit, max_age alone decides")
CFG_KEY(SMS_BACKOFF_MIN_MS, "sms", "backoff_min_ms", INT, "2000", 1, 86400000, NULL,
    "first retry delay in milliseconds; doubles each attempt, with jitter")
CFG_KEY(SMS_BACKOFF_MAX_MS, "sms", "backoff_max_ms", INT, "600000", 1, 86400000, NULL,
    "longest retry delay in milliseconds")
CFG_KEY(SMS_POLL_INTERVAL, "sms", "poll_interval", DURATION, "10", 1, 3600, NULL,
    "how often the worker looks at the outbox when no notification wakes it")
CFG_KEY(SMS_LEASE, "sms", "lease", DURATION, "10m", 2, 86400, NULL,
    "a message whose worker has not renewed its claim this long (it died) is handed out again; at least twice timeout")
CFG_KEY(SMS_STATUS_URL, "sms", "status_url", STR, "", 0, 0, NULL,
    "http driver: the provider's status API, with ${gateway_id}, ${id}, ${secret}, ${sender}; empty: no delivery receipts")
CFG_KEY(SMS_STATUS_JSON, "sms", "status_json", STR, "", 0, 0, NULL,
    "dotted path of a message's delivery state in the status API's JSON response")
CFG_KEY(SMS_STATUS_DELIVERED, "sms", "status_delivered", STR, "", 0, 0, NULL,
    "values of status_json that mean delivered to the phone, separated by commas")
CFG_KEY(SMS_STATUS_FAILED, "sms", "status_failed", STR, "", 0, 0, NULL,
    "values of status_json that mean it will not be delivered, separated by commas")
CFG_KEY(SMS_STATUS_INTERVAL, "sms", "status_interval", DURATION, "1m", 1, 86400, NULL,
    "how long after sending, and then between questions, the provider is asked about a message")
CFG_KEY(SMS_STATUS_WINDOW, "sms", "status_window", DURATION, "1d", 1, 2592000, NULL,
    "how long after sending to keep asking; then the delivery is unknown")
/* [console]: the staff console (pishkhan-console(1)). */
CFG_KEY(CONSOLE_LANG, "console", "lang", ENUM, "auto", 0, 0, "auto|fa|en",
    "language of the console; auto: from LANGUAGE, LC_ALL, LC_MESSAGES, LANG (Persian unless English)")
CFG_KEY(CONSOLE_BIDI, "console", "bidi", ENUM, "auto", 0, 0, "auto|on|off",
    "reorder right-to-left text for the terminal: on, off, or auto (off on terminals that do bidi)")
CFG_KEY(CONSOLE_OVERDUE, "console", "overdue", DURATION, "2d", 0, 31536000, NULL,
    "the oldest letter waiting for review longer than this makes `pishkhanctl status` warn; 0: never")
CFG_KEY(CONSOLE_SAVE_DIR, "console", "save_dir", STR, ".", 0, 0, NULL,
    "directory offered when saving a file (. is the current directory)")
CFG_KEY(CONSOLE_MAX_RESPONSE_SIZE, "console", "max_response_size", SIZE, "10M", 1024, 1073741824, NULL,
    "largest response file a unit member may attach")
