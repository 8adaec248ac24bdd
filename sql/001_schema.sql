-- 001_schema.sql — the model: units, staff, citizens, letters, files, the
-- audit log, rejection reasons, SMS templates and outbox, the web's tables.
--
-- Everything lives in the schema "pishkhan".  Rules that must always hold are
-- constraints here, not code in the programs.

CREATE SCHEMA IF NOT EXISTS pishkhan;
SET LOCAL search_path = pishkhan, pg_catalog;

CREATE TYPE letter_status AS ENUM ('review', 'approved', 'rejected');
CREATE TYPE file_kind AS ENUM ('main', 'attachment', 'response');
CREATE TYPE event_kind AS ENUM ('submitted', 'approved', 'rejected',
    'forwarded', 'update', 'response');
CREATE TYPE sms_status AS ENUM ('pending', 'sending', 'sent', 'failed', 'expired');

-- Settings the database itself needs to keep its rules (letter numbers,
-- tracking numbers, the office's time zone).  Edited with pishkhanctl.
CREATE TABLE settings (
	key		text PRIMARY KEY,
	value		text NOT NULL,
	doc		text NOT NULL
);

CREATE TABLE units (
	id		integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	code		text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{1,12}$'),
	name_fa		text NOT NULL UNIQUE
			    CHECK (length(btrim(name_fa)) BETWEEN 1 AND 200),
	name_en		text NOT NULL
			    CHECK (length(btrim(name_en)) BETWEEN 1 AND 200),
	active		boolean NOT NULL DEFAULT true,
	sort_order	integer NOT NULL DEFAULT 0,
	created_at	timestamptz NOT NULL DEFAULT now()
);

-- Staff are operating-system users who connect as the PostgreSQL role of the
-- same name; no passwords are kept here.
CREATE TABLE staff (
	login		text PRIMARY KEY
			    CHECK (login ~ '^[a-z_][a-z0-9_.-]{0,62}$'),
	display_name	text NOT NULL
			    CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
	is_clerk	boolean NOT NULL DEFAULT false,
	is_unit		boolean NOT NULL DEFAULT false,
	is_admin	boolean NOT NULL DEFAULT false,
	unit_id		integer REFERENCES units,
	active		boolean NOT NULL DEFAULT true,
	created_at	timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT staff_unit_member CHECK (is_unit = (unit_id IS NOT NULL)),
	CONSTRAINT staff_some_role CHECK (is_clerk OR is_unit OR is_admin)
);

CREATE TABLE citizens (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	mobile		text NOT NULL UNIQUE
			    CHECK (mobile ~ '^\+[1-9][0-9]{7,14}$'),
	lang		text NOT NULL DEFAULT 'fa' CHECK (lang IN ('fa', 'en')),
	created_at	timestamptz NOT NULL DEFAULT now(),
	last_login_at	timestamptz
);

CREATE TABLE rejection_reasons (
	id		integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	text_fa		text NOT NULL UNIQUE
			    CHECK (length(btrim(text_fa)) BETWEEN 1 AND 500),
	text_en		text NOT NULL
			    CHECK (length(btrim(text_en)) BETWEEN 1 AND 500),
	active		boolean NOT NULL DEFAULT true,
	sort_order	integer NOT NULL DEFAULT 0
);

CREATE TABLE letters (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	citizen_id	bigint NOT NULL REFERENCES citizens,
	sender_name	text NOT NULL
			    CHECK (length(btrim(sender_name)) BETWEEN 1 AND 200),
	requested_unit_id integer NOT NULL REFERENCES units,
	unit_id		integer NOT NULL REFERENCES units,
	subject		text NOT NULL
			    CHECK (length(btrim(subject)) BETWEEN 1 AND 500),
	status		letter_status NOT NULL DEFAULT 'review',
	letter_no	text UNIQUE,
	tracking_no	text UNIQUE CHECK (tracking_no ~ '^[1-9][0-9]{4,11}$'),
	letter_date	date,
	rejection_reason text
			    CHECK (length(btrim(rejection_reason)) BETWEEN 1 AND 1000),
	rejection_reason_id integer REFERENCES rejection_reasons,
	decided_by	text,
	decided_at	timestamptz,
	-- The form's one-time token: a double click or a reload after "ثبت"
	-- finds the letter it already made instead of making another.
	submit_token	text CHECK (length(submit_token) BETWEEN 16 AND 128),
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (citizen_id, submit_token),
	CONSTRAINT letters_decision CHECK (
	    (status = 'review' AND decided_at IS NULL AND decided_by IS NULL
		AND letter_no IS NULL AND tracking_no IS NULL
		AND letter_date IS NULL AND rejection_reason IS NULL)
	    OR (status = 'approved' AND decided_at IS NOT NULL
		AND decided_by IS NOT NULL AND letter_no IS NOT NULL
		AND tracking_no IS NOT NULL AND letter_date IS NOT NULL
		AND rejection_reason IS NULL)
	    OR (status = 'rejected' AND decided_at IS NOT NULL
		AND decided_by IS NOT NULL AND rejection_reason IS NOT NULL
		AND letter_no IS NULL AND tracking_no IS NULL))
);
CREATE INDEX letters_queue ON letters (created_at, id) WHERE status = 'review';
CREATE INDEX letters_status_created ON letters (status, created_at, id);
CREATE INDEX letters_citizen ON letters (citizen_id, created_at DESC, id DESC);
CREATE INDEX letters_unit ON letters (unit_id, decided_at DESC, id DESC)
    WHERE status = 'approved';

-- Files live in the database: one backup and one transaction cover a letter
-- and its files.  Size and SHA-256 are computed by the server from the bytes.
CREATE TABLE files (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	letter_id	bigint NOT NULL REFERENCES letters,
	kind		file_kind NOT NULL,
	original_name	text NOT NULL
			    CHECK (length(original_name) BETWEEN 1 AND 255
				AND original_name !~ '[\x01-\x1f/\\]'),
	content_type	text NOT NULL CHECK (content_type IN (
			    'application/pdf', 'image/png', 'image/jpeg',
			    'image/tiff', 'application/msword',
			    'application/vnd.openxmlformats-officedocument.wordprocessingml.document')),
	size		bigint GENERATED ALWAYS AS (octet_length(data)) STORED,
	sha256		bytea GENERATED ALWAYS AS (sha256(data)) STORED,
	data		bytea NOT NULL CHECK (octet_length(data) > 0),
	created_by	text NOT NULL DEFAULT session_user,
	created_at	timestamptz NOT NULL DEFAULT now()
);
-- Scans and PDFs are already compressed: do not try again.
ALTER TABLE files ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE UNIQUE INDEX files_one_per_kind ON files (letter_id, kind)
    WHERE kind IN ('main', 'attachment');
CREATE INDEX files_letter ON files (letter_id);

-- The audit log: append-only (see the triggers in 003_functions.sql).
CREATE TABLE letter_events (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	letter_id	bigint NOT NULL REFERENCES letters,
	at		timestamptz NOT NULL DEFAULT clock_timestamp(),
	actor		text NOT NULL DEFAULT session_user,
	kind		event_kind NOT NULL,
	status_before	letter_status,
	status_after	letter_status NOT NULL,
	unit_id		integer REFERENCES units,
	file_id		bigint REFERENCES files,
	note		text CHECK (length(note) <= 4000),
	notified	boolean NOT NULL DEFAULT false
);
CREATE INDEX letter_events_letter ON letter_events (letter_id, at, id);

CREATE TABLE letter_counters (
	scope		text PRIMARY KEY,
	last		bigint NOT NULL DEFAULT 0
);

-- SMS: message texts per event and language, and the transactional outbox.
CREATE TABLE sms_templates (
	event		text NOT NULL CHECK (event IN ('login_code', 'approved',
			    'rejected', 'update', 'response', 'test')),
	lang		text NOT NULL CHECK (lang IN ('fa', 'en')),
	body		text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 1000),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	updated_by	text NOT NULL DEFAULT session_user,
	PRIMARY KEY (event, lang)
);

CREATE TABLE sms_outbox (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	event		text NOT NULL,
	to_number	text NOT NULL CHECK (to_number ~ '^\+[1-9][0-9]{7,14}$'),
	-- NULL once a login code has been sent or has expired.
	body		text,
	citizen_id	bigint REFERENCES citizens,
	letter_id	bigint REFERENCES letters,
	status		sms_status NOT NULL DEFAULT 'pending',
	attempts	integer NOT NULL DEFAULT 0,
	next_attempt_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz,
	claimed_by	text,
	claimed_at	timestamptz,
	gateway_id	text,
	last_error	text,
	created_at	timestamptz NOT NULL DEFAULT now(),
	sent_at		timestamptz,
	CONSTRAINT sms_outbox_body CHECK (body IS NOT NULL
	    OR (event = 'login_code' AND status IN ('sent', 'expired', 'failed')))
);
CREATE INDEX sms_outbox_due ON sms_outbox (next_attempt_at, id)
    WHERE status = 'pending';

-- The public web's state: captchas, login codes, sessions.  Tokens are kept
-- only as SHA-256 hashes, codes only as an HMAC.
CREATE TABLE web_captchas (
	id		bytea PRIMARY KEY CHECK (octet_length(id) = 32),
	answer		text NOT NULL CHECK (answer ~ '^[0-9]{4,8}$'),
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL,
	used_at		timestamptz
);
CREATE INDEX web_captchas_expiry ON web_captchas (expires_at);

CREATE TABLE web_login_codes (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	mobile		text NOT NULL CHECK (mobile ~ '^\+[1-9][0-9]{7,14}$'),
	code_hmac	bytea NOT NULL,
	ip		inet,
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL,
	tries		integer NOT NULL DEFAULT 0,
	used_at		timestamptz
);
CREATE INDEX web_login_codes_mobile ON web_login_codes (mobile, created_at DESC);
CREATE INDEX web_login_codes_ip ON web_login_codes (ip, created_at DESC);

CREATE TABLE web_sessions (
	id		bytea PRIMARY KEY CHECK (octet_length(id) = 32),
	citizen_id	bigint NOT NULL REFERENCES citizens,
	created_at	timestamptz NOT NULL DEFAULT now(),
	last_seen_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL
);
CREATE INDEX web_sessions_citizen ON web_sessions (citizen_id);
