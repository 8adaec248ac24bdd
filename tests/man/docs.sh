#!/bin/sh
# The documentation moves with the code: the man pages lint clean, every
# configuration key is documented with its default in pishkhan.conf(5) and
# pishkhan.conf.example, and every pishkhanctl command is in pishkhanctl(8).
. "$(dirname "$0")/../lib/tap.sh"
cd "$PK_SRCDIR" || bail "no source dir"

for page in man/*.[1-9]; do
	out=$(mandoc -Tlint -Wwarning "$page" 2>&1)
	is "$out" "" "mandoc -Tlint finds nothing in $page"
done

conf5=$(mandoc -Tutf8 man/pishkhan.conf.5 2>/dev/null | sed 's/.\x08//g')
ctl -c /dev/null config show >"$PK_TMP/keys.$$" || bail "config show failed"
# Not `IFS=tab read`: tab is white space to the shell, and empty defaults
# (two tabs in a row) would shift the fields.
while IFS= read -r line; do
	name=${line%%	*}; rest=${line#*	}; def=${rest%%	*}
	sec=${name%%.*}; key=${name#*.}
	printf '%s\n' "$conf5" | grep -q -- "$key" ; ok $? "pishkhan.conf(5) documents $name"
	if [ -n "$def" ]; then
		# sql_dir's default follows the install prefix; the page shows the default prefix's.
		printf '%s\n' "$conf5" | grep -qF -- "$def"; ok $? "pishkhan.conf(5) gives $name's default '$def'"
	fi
	got=$(awk -v s="[$sec]" -v k="$key" '
	    /^\[/ { cur = $0; next }
	    cur == s && $0 ~ "^; *" k " *=" { sub("^; *" k " *= *", ""); print; exit }' pishkhan.conf.example)
	is "$got" "$def" "pishkhan.conf.example lists $name with its default"
done <"$PK_TMP/keys.$$"
rm -f "$PK_TMP/keys.$$"

# The example, uncommented, is a valid configuration.
# (sql_dir is where the tree keeps the migrations, as an installed one would)
sed -e 's/^; *\([a-z_]* *=\)/\1/' -e "s|^sql_dir = .*|sql_dir = $PK_SRCDIR/sql|" \
    pishkhan.conf.example >"$PK_TMP/example.$$.conf"
out=$(ctl config check "$PK_TMP/example.$$.conf" 2>&1)
is "$out" "$PK_TMP/example.$$.conf: ok" "pishkhan.conf.example with every key uncommented is valid"
rm -f "$PK_TMP/example.$$.conf"

ctl8=$(mandoc -Tutf8 man/pishkhanctl.8 2>/dev/null | sed 's/.\x08//g')
# The installation example shows the migrations as they are.
n=$(ls sql/[0-9][0-9][0-9]_*.sql | wc -l)
last=$(ls sql/[0-9][0-9][0-9]_*.sql | tail -n 1); last=${last#sql/}
like "$ctl8" "pishkhanctl: $n migrations applied, $n in all" "pishkhanctl(8)'s example counts the $n migrations"
like "$ctl8" "applied +$last" "and ends with the last one, $last"
# The verbs' column starts where the first command's verb does; a noun that
# is a command by itself (status) has none.
ctl --help | awk '/^Commands:/ { on = 1; next } on && /^$/ { exit }
    on { if (!col) col = index($0, " " $2 " ") + 1; v = substr($0, col);
	sub(/ .*/, "", v); print $1, v }' >"$PK_TMP/cmds.$$"
while read -r noun verb; do
	if [ -n "$verb" ]; then pat="$noun +$verb"; else pat="\\[-c file\\] +$noun( |\$)"; fi
	printf '%s\n' "$ctl8" | grep -Eq -- "$pat"
	ok $? "pishkhanctl(8) documents '$noun${verb:+ $verb}'"
done <"$PK_TMP/cmds.$$"
rm -f "$PK_TMP/cmds.$$"

# Every program answers --help and --version, and refuses what it does not know.
for prog in console/pishkhanctl console/pishkhan-console webfront/pishkhan-web; do
	name=${prog#*/}
	out=$("$PK_BUILD/$prog" --help 2>&1); is $? 0 "$name --help succeeds"
	like "$out" "^usage: $name" "$name --help shows its usage"
	like "$("$PK_BUILD/$prog" --version)" "^$name [0-9]" "$name --version"
	"$PK_BUILD/$prog" --no-such-option >/dev/null 2>&1; is $? 2 "$name: an unknown option exits 2"
done
done_testing
