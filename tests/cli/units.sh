#!/bin/sh
# pishkhanctl units: a code is a number, and a refused name says why.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
CONF="$PK_TMP/units.$$.conf"
printf '[database]\nconninfo = dbname=%s\nsql_dir = %s/sql\n' "$DB" "$PK_SRCDIR" >"$CONF"
err="$PK_TMP/units.$$.err"

ctl -c "$CONF" units add 4321 'واحد نمونه' 'Sample Unit' || bail "units add"
# Leading zeros, in ASCII and in Persian digits, name the same unit.
out=$(ctl -c "$CONF" units add 04321 'واحد دیگر' 'Other' 2>"$err"); is $? 1 "0-prefixed code of an existing unit: exit 1"
is "$(cat "$err")" "pishkhanctl: unit code '4321' already exists" "the code is read as the number it is"
ctl -c "$CONF" units edit --en 'Sample' '۰۴۳۲۱' 2>"$err"; ok $? "units edit with a Persian 0-prefixed code"
like "$(ctl -c "$CONF" units list)" "^4321	واحد نمونه	Sample	active" "reaches unit 4321"
ctl -c "$CONF" units add 00077 'هفتاد و هفت' 'Seventy-seven' 2>"$err"; ok $? "a new unit given as 00077"
like "$(ctl -c "$CONF" units list)" "^77	هفتاد و هفت	" "is stored as 77"
out=$(ctl -c "$CONF" units add 000 'صفر' 'Zero' 2>"$err"); is $? 2 "code 0: a usage error"
is "$(head -n 1 "$err")" "pishkhanctl: unit code '000' is not a unit's number" "and says so"

# An empty name, in any of its forms, is a sentence, not a raw constraint.
for name in '' '   '; do
	out=$(ctl -c "$CONF" units add 555 "$name" 'Name' 2>"$err"); is $? 1 "Persian name '$name': exit 1"
	is "$(cat "$err")" "pishkhanctl: unit names must have 1 to 200 characters and codes 1 to 12 digits" \
	    "says what a name must be"
	out=$(ctl -c "$CONF" units add 556 'نام' "$name" 2>"$err"); is $? 1 "English name '$name': exit 1"
	unlike "$(cat "$err")" "null value|violates" "no raw database error"
done
is "$(ctl -c "$CONF" units list | grep -c '^55[56]	')" 0 "nothing was added"
out=$(ctl -c "$CONF" units edit --fa '' 4321 2>"$err"); is $? 1 "edit to an empty name: exit 1"
unlike "$(cat "$err")" "null value|violates" "no raw database error either"

dropdb "$DB"
rm -f "$CONF" "$err"
done_testing
