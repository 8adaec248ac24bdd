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

# Service levels (sql/025): working days for the clerk's decision and for
# the unit's response, 1 to 365, in any digits; units list shows both.
like "$(ctl -c "$CONF" units list)" "^4321	واحد نمونه	Sample	active	0	2	10$" \
    "units list ends with the levels, 2 and 10 by default"
ctl -c "$CONF" units edit --decision-days ۳ --response-days '٢٠' 4321 2>"$err"; ok $? \
    "units edit --decision-days ۳ --response-days ٢٠ (Persian and Arabic-Indic digits)"
like "$(ctl -c "$CONF" units list)" "^4321	واحد نمونه	Sample	active	0	3	20$" "both are stored"
ctl -c "$CONF" units edit --response-days 365 4321 2>"$err"; ok $? "365 working days: the most"
like "$(ctl -c "$CONF" units list)" "^4321	.*	3	365$" "one level changes, the other stays"
for bad in 0 366 -1 x '۲ روز' ''; do
	out=$(ctl -c "$CONF" units edit --decision-days "$bad" 4321 2>"$err"); is $? 2 "--decision-days '$bad': exit 2"
	is "$(head -n 1 "$err")" "pishkhanctl: --decision-days '$bad' is not a number of working days from 1 to 365" \
	    "and says what a level is"
done
out=$(ctl -c "$CONF" units edit --response-days 0 4321 2>"$err"); is $? 2 "--response-days 0: exit 2"
like "$(head -n 1 "$err")" "^pishkhanctl: --response-days '0' is not a number of working days from 1 to 365$" \
    "names its option"
like "$(ctl -c "$CONF" units list)" "^4321	.*	3	365$" "nothing changed"
out=$(ctl -c "$CONF" units edit --decision-days 5 9999 2>"$err"); is $? 1 "a level for an unknown unit: exit 1"
is "$(cat "$err")" "pishkhanctl: unit '9999' not found" "and says so"
like "$(ctl units edit --help)" "--decision-days N +working days the clerk has" "units edit --help tells the levels"

dropdb "$DB"
rm -f "$CONF" "$err"
done_testing
