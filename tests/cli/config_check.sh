#!/bin/sh
# pishkhanctl config check says ok only to a file the programs accept: the
# files and directories it names, and the SMS gateway's templates.
. "$(dirname "$0")/../lib/tap.sh"
f="$PK_TMP/cc.$$.conf"; err="$PK_TMP/cc.$$.err"
key="$PK_TMP/cc.$$.key"; static="$PK_TMP/cc.$$.static"
base() { printf '[database]\nsql_dir = %s\n' "${1:-$PK_SRCDIR/sql}"; }
check() { out=$(ctl config check "$f" 2>"$err"); rc=$?; }

base >"$f"; check
is "$rc" 0 "sql_dir with the migrations: ok"
is "$out" "$f: ok" "says ok"

# database.sql_dir
base "$PK_TMP/nowhere.$$" >"$f"; check
is "$rc" 1 "a missing sql_dir: exit 1"
is "$(cat "$err")" "pishkhanctl: $f: database.sql_dir: cannot read the migrations in '$PK_TMP/nowhere.$$': No such file or directory" \
    "names the key and the directory"
mkdir -p "$PK_TMP/empty.$$"; base "$PK_TMP/empty.$$" >"$f"; check
is "$rc" 1 "an sql_dir without migrations: exit 1"
is "$(cat "$err")" "pishkhanctl: $f: database.sql_dir: no migrations in '$PK_TMP/empty.$$'" "says so"

# web.secret_file and web.static_dir: the web refuses them at start, so does the check.
{ base; printf '[web]\nsecret_file = %s\n' "$key"; } >"$f"; check
is "$rc" 1 "a missing web.secret_file: exit 1"
like "$(cat "$err")" "web.secret_file: '$key': No such file or directory" "names it"
head -c 31 /dev/urandom >"$key"; check
is "$rc" 1 "a key of 31 bytes: exit 1"
like "$(cat "$err")" "web.secret_file: '$key' holds fewer than 32 bytes" "says it is too short"
head -c 32 /dev/urandom >"$key"; check
is "$rc" 0 "a key of 32 bytes: ok"
chmod 000 "$key"
check
is "$rc" 0 "a key the admin may not read is still ok (it is the service's)"
mkdir -p "$static"; : >"$static/style.css"
{ base; printf '[web]\nstatic_dir = %s\n' "$static"; } >"$f"; check
is "$rc" 1 "a static_dir without app.js: exit 1"
like "$(cat "$err")" "web.static_dir: '$static/style.css' holds fewer than 1 bytes|web.static_dir: '$static/app.js': No such file" \
    "names the file"
cp "$PK_SRCDIR/webfront/static/style.css" "$PK_SRCDIR/webfront/static/app.js" "$static/"; check
is "$rc" 0 "with both files: ok"

{ base; printf '[web]\nspool_dir = %s/nospool.%s\n' "$PK_TMP" "$$"; } >"$f"; check
is "$rc" 1 "a web.spool_dir that does not exist: exit 1"
like "$(cat "$err")" "web.spool_dir: '$PK_TMP/nospool.$$' is not a directory" "names it"

# The web itself refuses the same file with the same words.
{ base; printf '[web]\nport = 0\nsecret_file = %s/none\n' "$PK_TMP"; } >"$f"
out=$("$PK_BUILD/webfront/pishkhan-web" -c "$f" 2>&1); rc=$?
is "$rc" 1 "pishkhan-web refuses a missing secret_file"
like "$out" "web.secret_file: '$PK_TMP/none': No such file or directory" "with the message config check gives"

# [sms]: what the worker checks of the gateway's settings.
{ base; printf '[sms]\ndriver = http\nurl = "https://gw.example/send?to=${to}&x=${tracking}"\n'; } >"$f"; check
is "$rc" 1 "an unknown \${…} in sms.url: exit 1"
like "$(cat "$err")" "sms.url: unknown or unclosed placeholder at '\\\$\{tracking\}'" "names the placeholder"
{ base; printf '[sms]\ndriver = http\nurl = "https://gw.example/send?k=${secret}&to=${to}"\n'; } >"$f"; check
is "$rc" 1 "\${secret} with no secret configured: exit 1"
like "$(cat "$err")" 'sms: \$\{secret\} is used but neither secret_env nor secret_file is set' "says so"
{ base; printf '[sms]\ndriver = http\nurl = "https://gw.example/send?k=${secret}&to=${to}"\nsecret_env = PK_NOT_SET_HERE\n'; } >"$f"
check
is "$rc" 0 "secret_env that only the service has: ok"
{ base; printf '[sms]\ndriver = http\nurl = "https://gw.example/send?to=${to}"\nok_regex = "(["\n'; } >"$f"; check
is "$rc" 1 "a bad ok_regex: exit 1"
like "$(cat "$err")" "sms.ok_regex: " "names it"

chmod 600 "$key"
rm -rf "$f" "$err" "$key" "$static" "$PK_TMP/empty.$$"
done_testing
