#!/bin/sh
# pishkhanctl holidays: the holidays an administrator imports each year
# (sql/024_calendar.sql), the file format, and every way a line is refused
# with its line number, nothing imported.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
setup_org
f="$PK_TMP/holidays.$$"
mkdir -p "$f"
err="$f/err"
imported() { q "$PGUSER" "SELECT count(*) FROM pishkhan.holidays"; }
working() {	# working JY JM JD: is that day a working day now?
	q "$PGUSER" "SELECT pishkhan.is_working_day(pishkhan.gregorian_from_jalali($1, $2, $3))"
}

# --help names the verbs and the file format.
like "$(ctl --help)" "holidays +import" "pishkhanctl --help lists holidays"
out=$(ctl holidays --help); ok $? "holidays --help succeeds"
like "$out" "holidays import FILE\|-" "and names import"
like "$(ctl holidays import --help)" "JDATE NAME" "import --help says what a line is"

# The lunar holidays of 1405 as announced, in Persian digits, with a
# comment, a blank line, a CRLF line, a tab and the ZWNJ of نیمه‌شعبان.
printf '%s\n' \
    '# تعطیلات رسمی مذهبی سال ۱۴۰۵ (قمری)' \
    '' \
    '۱۴۰۵/۰۱/۲۵ شهادت امام جعفر صادق (ع)' \
    '۱۴۰۵/۰۳/۰۶ عید سعید قربان' \
    '۱۴۰۵/۰۳/۱۴	عید سعید غدیر خم' \
    '۱۴۰۵/۰۴/۰۴ تاسوعای حسینی' \
    '۱۴۰۵/۰۴/۰۵ عاشورای حسینی' \
    '۱۴۰۵/۰۵/۱۳ اربعین حسینی' \
    '۱۴۰۵/۰۵/۲۱ رحلت رسول اکرم (ص) و شهادت امام حسن مجتبی (ع)' \
    '۱۴۰۵/۰۵/۲۳ شهادت امام رضا (ع)' \
    '  # نیمهٔ دوم سال' \
    '۱۴۰۵/۰۵/۳۰ شهادت امام حسن عسکری (ع)' \
    '۱۴۰۵/۰۶/۰۸ میلاد رسول اکرم (ص) و امام جعفر صادق (ع)' \
    '۱۴۰۵/۰۸/۲۳ شهادت حضرت فاطمه زهرا (س)' \
    '۱۴۰۵/۱۰/۰۳ ولادت امام علی (ع) و روز پدر' \
    '۱۴۰۵/۱۰/۱۷ مبعث رسول اکرم (ص)' \
    '۱۴۰۵/۱۱/۰۴ ولادت حضرت قائم (عج) و جشن نیمه‌شعبان' \
    '۱۴۰۵/۱۲/۱۰ شهادت حضرت علی (ع)' \
    '۱۴۰۵/۱۲/۱۸ عید سعید فطر' >"$f/1405.txt"
printf '۱۴۰۵/۱۲/۱۹ تعطیل به مناسبت عید سعید فطر\r\n' >>"$f/1405.txt"

is "$(working 1405 4 4)" t '1405/04/04 is a working day before the import'
out=$(ctl -c "$CONF" holidays import "$f/1405.txt" 2>"$err"); ok $? "holidays import FILE"
is "$out" "added	17
renamed	0
unchanged	0" "17 added"
is "$(imported)" 17 "17 rows"
is "$(working 1405 4 4)" f 'and Tasua no longer works'
is "$(q "$PGUSER" "SELECT name FROM pishkhan.holidays WHERE day = pishkhan.gregorian_from_jalali(1405, 11, 4)")" \
    'ولادت حضرت قائم (عج) و جشن نیمه‌شعبان' 'a name keeps its ZWNJ'
is "$(q "$PGUSER" "SELECT name FROM pishkhan.holidays WHERE day = pishkhan.gregorian_from_jalali(1405, 12, 19)")" \
    'تعطیل به مناسبت عید سعید فطر' 'a CRLF line loses its CR'

# Idempotent: the same file again changes nothing.
out=$(ctl -c "$CONF" holidays import "$f/1405.txt" 2>"$err"); ok $? "the same file again"
is "$out" "added	0
renamed	0
unchanged	17" "0 added, 0 renamed"
is "$(imported)" 17 "still 17"
# A corrected name renames that day only.
sed 's/عید سعید قربان/عید سعید قربان (عید اضحی)/' "$f/1405.txt" >"$f/1405b.txt"
is "$(ctl -c "$CONF" holidays import "$f/1405b.txt" | tr '\n' ' ')" "added	0 renamed	1 unchanged	16 " \
    "a corrected name: 1 renamed"

# list: the year's fixed and imported holidays, with the weekday; a
# holiday on a Friday is marked, and the fixed one of a day comes first.
out=$(ctl -c "$CONF" holidays list --year ۱۴۰۵); ok $? "holidays list --year ۱۴۰۵"
is "$(printf '%s\n' "$out" | wc -l)" 27 "10 fixed and 17 imported"
like "$out" "^1405/01/01	شنبه	عید نوروز	fixed	-$" "Nowruz, a Saturday in 1405"
like "$out" "^1405/04/05	جمعه	عاشورای حسینی	imported	rest_day$" "Ashura 1405 is on a Friday: marked"
is "$(printf '%s\n' "$out" | grep '^1405/03/14' | cut -f3,4 | tr '\n' '|')" \
    "رحلت امام خمینی	fixed|عید سعید غدیر خم	imported|" "a day both fixed and imported: both, fixed first"
is "$(ctl -c "$CONF" holidays list --year 1404 | wc -l)" 10 "1404 has only the fixed ones"
jy=$(q "$PGUSER" "SELECT (pishkhan.jalali_parts(pishkhan.office_today())).jy")
is "$(ctl -c "$CONF" holidays list)" "$(ctl -c "$CONF" holidays list --year "$jy")" "--year defaults to this Jalali year"
out=$(ctl -c "$CONF" holidays list --year 1379 2>"$err"); is $? 2 "--year 1379: exit 2"
is "$(head -n 1 "$err")" "pishkhanctl: year '1379' is not a Jalali year of the calendar, 1380 to 1450" "and says why"
is "$(PGUSER=daemon ctl -c "$CONF" holidays list --year 1405 | wc -l)" 27 "a clerk may read the list"

# Bad lines: nothing is imported, and the error names FILE:LINE and what
# is wrong.  Each file has a good new holiday on line 1.
badfile() {	# badfile NAME LINE...: a file whose line 1 is good, then LINEs
	printf '1405/07/01 تعطیل خوب\n' >"$f/$1"
	shift_name=$1; shift
	printf '%s\n' "$@" >>"$f/$shift_name"
}
try() {	# try FILE EXPECTED-ERROR DESCRIPTION
	out=$(ctl -c "$CONF" holidays import "$f/$1" 2>"$err"); rc=$?
	is "$rc" 1 "$3: exit 1"
	is "$(head -n 1 "$err")" "pishkhanctl: $f/$1:$2" "$3: FILE:LINE and why"
	is "$(tail -n 1 "$err")" "pishkhanctl: $f/$1: 1 bad line; nothing was imported" "$3: nothing imported"
	is "$(imported)" 17 "$3: no row added"
}
badfile date '' 'عید فطر ۱۴۰۵/۱۲/۱۸'
try date "3: date 'عید' is not a Jalali date of the form YYYY/MM/DD" 'a name before its date'
badfile nosuchday '# پایان سال' '۱۴۰۴/۱۲/۳۰ روز آخر'
try nosuchday "3: date '۱۴۰۴/۱۲/۳۰' does not exist: Esfand 1404 has 29 days" 'a day that does not exist'
badfile month '1405/13/01 ماه سیزدهم'
try month "2: date '1405/13/01' is not a Jalali date of the form YYYY/MM/DD" 'a thirteenth month'
badfile noname '1405/07/02' 
try noname "2: no name after the date '1405/07/02' (a line is: JDATE NAME)" 'a date without a name'
badfile blankname '1405/07/02   ‌ '
try blankname "2: no name after the date '1405/07/02' (a line is: JDATE NAME)" 'a name of blanks and a ZWNJ'
printf '1405/07/01 تعطیل خوب\n1405/07/02 \377\376 نام\n' >"$f/latin1"
try latin1 "2: not UTF-8 text (save the file as UTF-8)" 'a line that is not UTF-8'
badfile early '1379/12/29 پیش از تقویم'
try early "2: date '1379/12/29' is outside the calendar, 1380/01/01 to 1450/12/29" 'a year before 1380'
badfile late '1451/01/01 پس از تقویم'
try late "2: date '1451/01/01' is outside the calendar, 1380/01/01 to 1450/12/29" 'a year after 1450'
badfile dup '1405/07/03 تعطیل' '1405/7/1 تعطیل دیگر'
try dup "3: '1405/7/1' is on line 1 as well, with another name" 'a date twice with two names'
badfile long "1405/07/02 $(printf 'ن%.0s' $(seq 201))"
try long "2: the name has more than 200 characters" 'a name of 201 characters'
# Every bad line is reported, not only the first.
printf '1405/07/01 خوب\nfoo\n1404/12/30 x\n1405/07/02\n' >"$f/many"
out=$(ctl -c "$CONF" holidays import "$f/many" 2>"$err"); is $? 1 "three bad lines: exit 1"
is "$(cut -d: -f3 "$err" | tr '\n' ' ')" "2 3 4  3 bad lines; nothing was imported " "each named by its line"
# The same holiday twice, same name: once is enough.
printf '1405/07/01 تعطیل خوب\n۱۴۰۵/۰۷/۰۱ تعطیل خوب\n' >"$f/twice"
is "$(ctl -c "$CONF" holidays import "$f/twice" | head -n 1)" "added	1" "a line repeated imports once"

# The standard input, and a file that is not there.
out=$(printf '1405-07-08 تعطیل از ورودی\n' | ctl -c "$CONF" holidays import - 2>"$err"); ok $? "import - reads the standard input"
is "$(printf '%s' "$out" | head -n 1)" "added	1" "and adds"
out=$(printf '1405-07-09\n' | ctl -c "$CONF" holidays import - 2>"$err"); is $? 1 "a bad line on stdin: exit 1"
is "$(head -n 1 "$err")" "pishkhanctl: stdin:1: no name after the date '1405-07-09' (a line is: JDATE NAME)" "named stdin:LINE"
out=$(ctl -c "$CONF" holidays import "$f/none" 2>"$err"); is $? 1 "a missing file: exit 1"
is "$(cat "$err")" "pishkhanctl: $f/none: No such file or directory" "says so"
out=$(ctl -c "$CONF" holidays import 2>"$err"); is $? 2 "import without a file: exit 2"

# add and remove, one day.
is "$(ctl -c "$CONF" holidays add '۱۴۰۵/۰۹/۰۸' 'تعطیل اضطراری')" "added	1405/09/08" "holidays add (Persian digits)"
is "$(working 1405 9 8)" f "the day rests"
is "$(ctl -c "$CONF" holidays add 1405/9/8 'تعطیل اضطراری (آلودگی هوا)')" "renamed	1405/09/08" "add on the same day renames"
is "$(ctl -c "$CONF" holidays add 1405/09/08 'تعطیل اضطراری (آلودگی هوا)')" "unchanged	1405/09/08" "and again changes nothing"
out=$(ctl -c "$CONF" holidays add 1404/12/30 x 2>"$err"); is $? 2 "add on a day that does not exist: exit 2"
is "$(head -n 1 "$err")" "pishkhanctl: date '1404/12/30' does not exist: Esfand 1404 has 29 days" "and says so"
out=$(ctl -c "$CONF" holidays add 1405/09/09 '  ' 2>"$err"); is $? 2 "add without a name: exit 2"
ctl -c "$CONF" holidays remove ۱۴۰۵/۰۹/۰۸; ok $? "holidays remove"
is "$(working 1405 9 8)" t "the day works again"
out=$(ctl -c "$CONF" holidays remove 1405/09/08 2>"$err"); is $? 1 "remove it again: exit 1"
is "$(cat "$err")" "pishkhanctl: no imported holiday on '1405/09/08'" "says there is none"
out=$(ctl -c "$CONF" holidays remove 1405/01/01 2>"$err"); is $? 1 "remove Nowruz: exit 1"
is "$(cat "$err")" "pishkhanctl: '1405/01/01' is a fixed holiday (Nowruz), which cannot be removed" "the fixed ones stay"

# Only an administrator changes the calendar.
n=$(imported)
out=$(PGUSER=daemon ctl -c "$CONF" holidays import "$f/1405b.txt" 2>"$err"); is $? 1 "a clerk may not import: exit 1"
like "$(head -n 1 "$err")" "permission denied" "permission denied"
out=$(PGUSER=bin ctl -c "$CONF" holidays add 1405/09/10 x 2>"$err"); is $? 1 "a unit member may not add"
is "$(imported)" "$n" "nothing changed"
PGUSER=games ctl -c "$CONF" holidays remove 1405/07/08; ok $? "an admin may remove"

dropdb "$DB"
rm -rf "$f"
done_testing
