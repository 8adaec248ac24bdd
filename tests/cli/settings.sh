#!/bin/sh
# pishkhanctl settings: list, show and set, and every way a value is refused.
# OS user of its own: irc (a clerk who is a member of pishkhan_admin without
# being an admin here).
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
setup_org

val() { q "$PGUSER" "SELECT value FROM pishkhan.settings WHERE key = '$1'"; }

# --help and usage errors.
out=$(ctl settings --help); ok $? "settings --help succeeds"
like "$out" "settings set KEY VALUE" "and names the verbs"
out=$(ctl settings set --help); ok $? "settings set --help succeeds"
like "$out" "^usage: pishkhanctl settings set KEY VALUE" "and shows the usage"
like "$out" "tracking_digits" "and the keys"
out=$(ctl -c "$CONF" settings set tracking_digits 2>&1); is $? 2 "set without a value: exit 2"
like "$out" "usage: pishkhanctl settings set KEY VALUE" "with the usage line"
out=$(ctl -c "$CONF" settings show 2>&1); is $? 2 "show without a key: exit 2"
out=$(ctl -c "$CONF" settings list extra 2>&1); is $? 2 "list with an operand: exit 2"

# list and show.
out=$(ctl -c "$CONF" settings list); ok $? "settings list"
is "$(printf '%s\n' "$out" | wc -l)" 13 "lists the thirteen settings"
is "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" \
    "bytes_per_day bytes_per_hour duplicate_similarity letter_number_format letter_sequence letter_sequence_yearly letters_per_day letters_per_hour rest_days sms_response sms_update time_zone tracking_digits " \
    "by key"
like "$out" "^tracking_digits	7	length of the random tracking numbers \(5 to 12\)$" \
    "key, value and doc, tab-separated"
like "$out" "^letter_number_format	\{unit_code\}/\{seq\}	.*\{seq\} is required" \
    "the format's doc says what it needs"
is "$(PGUSER=daemon ctl -c "$CONF" settings list | wc -l)" 13 "a clerk may read the settings"
is "$(ctl -c "$CONF" settings show tracking_digits)" 7 "show prints the value alone"
out=$(ctl -c "$CONF" settings show no_such_key 2>&1); is $? 1 "show of an unknown key: exit 1"
is "$out" "pishkhanctl: setting 'no_such_key' not found" "and says so"

# set: ASCII, Persian and Arabic-Indic digits.
ctl -c "$CONF" settings set tracking_digits 9; ok $? "set tracking_digits 9"
is "$(val tracking_digits)" 9 "is stored"
ctl -c "$CONF" settings set tracking_digits ۸; ok $? "set tracking_digits to a Persian ۸"
is "$(val tracking_digits)" 8 "is stored as ASCII 8"
is "$(ctl -c "$CONF" settings show tracking_digits)" 8 "and shown so"
ctl -c "$CONF" settings set tracking_digits '١٠'; ok $? "Arabic-Indic ١٠"
is "$(val tracking_digits)" 10 "is stored as 10"
ctl -c "$CONF" settings set tracking_digits "$(printf '\342\200\217۱۱\342\200\216 ')"
ok $? "Persian digits with bidi marks and a blank around them"
is "$(val tracking_digits)" 11 "are stored as 11"
ctl -c "$CONF" settings set letter_number_format '{unit_code}/۱۴/{seq}'
ok $? "a format with Persian digits in it"
is "$(val letter_number_format)" "{unit_code}/14/{seq}" "keeps its text, digits in ASCII"
ctl -c "$CONF" settings set letter_sequence global; ok $? "set letter_sequence global"
ctl -c "$CONF" settings set sms_update no; ok $? "set sms_update no"
is "$(val letter_sequence),$(val sms_update)" "global,no" "are stored"

# Values the database refuses: exit 1, one line with the key, the value
# and what is allowed, nothing changed.
out=$(ctl -c "$CONF" settings set tracking_digits 4 2>&1); is $? 1 "tracking_digits 4: exit 1"
is "$out" "pishkhanctl: setting 'tracking_digits' cannot be '4'; allowed: length of the random tracking numbers (5 to 12)" \
    "names the key, the value and what is allowed"
out=$(ctl -c "$CONF" settings set tracking_digits ۱۳ 2>&1); is $? 1 "tracking_digits ۱۳: exit 1"
like "$out" "^pishkhanctl: setting 'tracking_digits' cannot be '۱۳'; allowed: " "the value as typed"
out=$(ctl -c "$CONF" settings set tracking_digits seven 2>&1); is $? 1 "tracking_digits seven: exit 1"
is "$(val tracking_digits)" 11 "tracking_digits is unchanged"
out=$(ctl -c "$CONF" settings set letter_sequence weekly 2>&1); is $? 1 "letter_sequence weekly: exit 1"
is "$out" "pishkhanctl: setting 'letter_sequence' cannot be 'weekly'; allowed: the {seq} counter: per unit, or global" \
    "says unit or global"
out=$(ctl -c "$CONF" settings set letter_number_format '{unit}/{seq}' 2>&1); is $? 1 "a format with an unknown placeholder: exit 1"
like "$out" "^pishkhanctl: setting 'letter_number_format' cannot be '\{unit\}/\{seq\}'; allowed: letter numbers: " \
    "names it"
out=$(ctl -c "$CONF" settings set letter_number_format '{unit_code}' 2>&1); is $? 1 "a format without {seq}: exit 1"
is "$(val letter_number_format)" "{unit_code}/14/{seq}" "the format is unchanged"
out=$(ctl -c "$CONF" settings set sms_response '' 2>&1); is $? 1 "an empty value: exit 1"
out=$(ctl -c "$CONF" settings set sms_response maybe 2>&1); is $? 1 "sms_response maybe: exit 1"
is "$(val sms_response)" yes "sms_response is unchanged"
test "$(printf '%s\n' "$out" | wc -l)" -eq 1; ok $? "each refusal is one line"

# Unknown keys.
out=$(ctl -c "$CONF" settings set no_such_key 1 2>&1); is $? 1 "set of an unknown key: exit 1"
is "$out" "pishkhanctl: setting 'no_such_key' not found" "and says so"
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.settings")" 13 "and adds nothing"

# The time zone: one PostgreSQL knows, spelled as pg_timezone_names does.
ctl -c "$CONF" settings set time_zone Europe/Paris; ok $? "time_zone Europe/Paris"
is "$(val time_zone)" Europe/Paris "is stored"
ctl -c "$CONF" settings set time_zone asia/tehran; ok $? "time_zone in lower case"
is "$(val time_zone)" Asia/Tehran "is stored as PostgreSQL spells it"
out=$(ctl -c "$CONF" settings set time_zone Mars/Olympus_Mons 2>&1); is $? 1 "a zone PostgreSQL does not know: exit 1"
is "$out" "pishkhanctl: setting 'time_zone' cannot be 'Mars/Olympus_Mons'; allowed: the office's time zone, for letter dates: a name PostgreSQL knows (pg_timezone_names), such as Asia/Tehran" \
    "says what a time zone must be"
out=$(ctl -c "$CONF" settings set time_zone 'IRST' 2>&1); is $? 1 "an abbreviation is not a zone name: exit 1"
out=$(ctl -c "$CONF" settings set time_zone "Asia/Tehran'; --" 2>&1); is $? 1 "a zone with other characters: exit 1"
is "$(val time_zone)" Asia/Tehran "time_zone is unchanged"
is "$(qerr "$PGUSER" "UPDATE pishkhan.settings SET value = 'Nowhere/City' WHERE key = 'time_zone'")" 23514 \
    "psql cannot set an unknown zone either"
ctl -c "$CONF" settings set time_zone Pacific/Kiritimati; ok $? "time_zone Pacific/Kiritimati"
is "$(q "$PGUSER" "SELECT pishkhan.office_today() = (now() AT TIME ZONE 'Pacific/Kiritimati')::date")" t \
    "letter dates follow the zone set"
ctl -c "$CONF" settings set time_zone Asia/Tehran

# The weekly rest days (sql/024_calendar.sql): weekdays as the setting
# spells them, in English or in Persian, with any commas and blanks.
wd() { q "$PGUSER" "SELECT pishkhan.working_days_between(pishkhan.gregorian_from_jalali(1405, 9, 7), pishkhan.gregorian_from_jalali(1405, 9, 14))"; }
is "$(val rest_days)" fri "rest_days is fri by default"
is "$(wd)" 6 "Saturday to Saturday: 6 working days"
ctl -c "$CONF" settings set rest_days thu,fri; ok $? "rest_days thu,fri"
is "$(val rest_days)" thu,fri "is stored"
is "$(wd)" 5 "and Thursday rests at once: 5"
ctl -c "$CONF" settings set rest_days 'پنج‌شنبه، جمعه'; ok $? "rest_days in Persian: پنج‌شنبه، جمعه"
is "$(val rest_days)" thu,fri "is stored as thu,fri"
ctl -c "$CONF" settings set rest_days 'جمعه'; ok $? "rest_days جمعه"
is "$(val rest_days)" fri "is stored as fri"
ctl -c "$CONF" settings set rest_days 'Thursday , FRI'; ok $? "rest_days 'Thursday , FRI'"
is "$(val rest_days)" thu,fri "is stored as thu,fri"
ctl -c "$CONF" settings set rest_days 'سه شنبه,يكشنبه'; ok $? "a space for the ZWNJ, an Arabic yeh and kaf"
is "$(val rest_days)" tue,sun "are read as Persian"
out=$(ctl -c "$CONF" settings set rest_days 'thu,jom' 2>&1); is $? 1 "a day that is none: exit 1"
is "$out" "pishkhanctl: setting 'rest_days' cannot be 'thu,jom'; allowed: the weekly rest days, comma-separated: sat, sun, mon, tue, wed, thu, fri (such as fri, or thu,fri); at least one day of the week must be a working day" \
    "names the value as typed and what is allowed"
out=$(ctl -c "$CONF" settings set rest_days sat,sun,mon,tue,wed,thu,fri 2>&1); is $? 1 "every day resting: exit 1"
like "$out" "^pishkhanctl: setting 'rest_days' cannot be 'sat,sun,mon,tue,wed,thu,fri'; allowed: .*at least one day of the week must be a working day$" \
    "says one day must work"
is "$(val rest_days)" tue,sun "rest_days is unchanged"
ctl -c "$CONF" settings set rest_days fri

# Who may: an admin yes, a clerk no, and group membership alone is not enough.
PGUSER=games ctl -c "$CONF" settings set sms_update yes; ok $? "an admin may change a setting"
is "$(val sms_update)" yes "and it is changed"
out=$(PGUSER=daemon ctl -c "$CONF" settings set sms_update no 2>&1); is $? 1 "a clerk may not: exit 1"
is "$out" "pishkhanctl: 'daemon' may not change settings: only an active admin or a PostgreSQL superuser may" \
    "with a clear message"
is "$(val sms_update)" yes "and nothing changed"
out=$(PGUSER=daemon ctl -c "$CONF" settings set no_such_key 1 2>&1); is $? 1 "a clerk setting an unknown key: exit 1"
like "$out" "may not change settings" "is refused the same way"
ctl -c "$CONF" staff add --clerk irc || bail "staff add irc"
q "$PGUSER" "GRANT pishkhan_admin TO irc" >/dev/null
out=$(PGUSER=irc ctl -c "$CONF" settings set sms_update no 2>&1); is $? 1 \
    "a member of pishkhan_admin who is not an admin here may not"
is "$out" "pishkhanctl: 'irc' may not change settings: only an active admin or a PostgreSQL superuser may" \
    "and is told so"
is "$(val sms_update)" yes "and nothing changed"
q "$PGUSER" "REVOKE pishkhan_admin FROM irc" >/dev/null
ctl -c "$CONF" staff disable irc >/dev/null
done_testing
