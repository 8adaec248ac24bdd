#!/bin/sh
# The Jalali calendar in SQL agrees with the official one (ICU's Persian
# calendar, tests/unit/data/nowruz.tsv) and with itself on every day of
# 1300-1500 AP, as common/jalali.c does in tests/unit/test_jalali.c.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
data="$PK_SRCDIR/tests/unit/data/nowruz.tsv"

BAD=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -U "$PGUSER" -d "$DB" <<SQL
CREATE TEMP TABLE ref (jy int, nowruz date);
\copy ref FROM '$data'
SELECT count(*) || ' years, ' || count(*) FILTER (WHERE pishkhan.gregorian_from_jalali(jy, 1, 1) <> nowruz
    OR pishkhan.jalali(nowruz) <> lpad(jy::text, 4, '0') || '/01/01') || ' wrong' FROM ref;
SQL
)
is "$BAD" "201 years, 0 wrong" "Nowruz of every year 1300-1500 matches the official calendar"

# Every day of 1300-1499 against the reference alone: the day's year is the
# last Nowruz on or before it, months of 31 (1-6), 30 (7-11) and the rest;
# each year is leap exactly when it has 366 days, and 12/30 exists exactly
# then.  (A wrong leap flag for one year in 33 survives the round trip
# below: both directions read the same flag.)
BAD=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -U "$PGUSER" -d "$DB" <<SQL
CREATE TEMP TABLE ref (jy int, nowruz date);
\copy ref FROM '$data'
CREATE TEMP TABLE yr AS SELECT jy, nowruz, lead(nowruz) OVER (ORDER BY jy) - nowruz AS len FROM ref;
DELETE FROM yr WHERE len IS NULL;
CREATE TEMP TABLE days AS SELECT y.jy, k, y.nowruz + k AS d,
    CASE WHEN k < 186 THEN 1 + k / 31 ELSE 7 + (k - 186) / 30 END AS jm,
    CASE WHEN k < 186 THEN 1 + k % 31 ELSE 1 + (k - 186) % 30 END AS jd
    FROM yr y, generate_series(0, y.len - 1) k;
CREATE FUNCTION pg_temp.exists_(y int, m int, d int) RETURNS boolean LANGUAGE plpgsql AS \$\$
BEGIN
	PERFORM pishkhan.gregorian_from_jalali(y, m, d);
	RETURN true;
EXCEPTION WHEN sqlstate '22008' THEN
	RETURN false;
END \$\$;
SELECT (SELECT count(*) FROM yr) || ' years, '
    || (SELECT count(*) FROM days) || ' days, '
    || (SELECT count(*) FROM days WHERE (pishkhan.jalali_parts(d)).jy <> jy
	OR (pishkhan.jalali_parts(d)).jm <> jm OR (pishkhan.jalali_parts(d)).jd <> jd
	OR pishkhan.gregorian_from_jalali(jy, jm, jd) <> d) || ' wrong days, '
    || (SELECT count(*) FROM yr WHERE pishkhan.jalali_is_leap(jy) <> (len = 366)
	OR pg_temp.exists_(jy, 12, 30) <> (len = 366)) || ' wrong leap flags';
SQL
)
is "$BAD" "200 years, 73049 days, 0 wrong days, 0 wrong leap flags" \
    "every day of 1300-1499 and every leap flag match the official calendar"
is "$(q "$PGUSER" "SELECT string_agg(jy::text, ',' ORDER BY jy) FROM generate_series(1300, 1500) jy
    WHERE pishkhan.jalali_is_leap(jy) AND jy IN (1308, 1341, 1374, 1407, 1440, 1473, 1309, 1342, 1375, 1408, 1441, 1474, 1500)")" \
    "1309,1342,1375,1408,1441,1474" "leap years at the 33-year cycle's end: 1309, 1342, ... not 1308, 1341, ... (1500 is not)"

is "$(q "$PGUSER" "SELECT count(*) FROM generate_series(pishkhan.gregorian_from_jalali(1300, 1, 1), pishkhan.gregorian_from_jalali(1500, 12, 29), '1 day') d
    WHERE pishkhan.gregorian_from_jalali((pishkhan.jalali_parts(d::date)).jy, (pishkhan.jalali_parts(d::date)).jm, (pishkhan.jalali_parts(d::date)).jd) <> d::date")" 0 \
    "every day of 1300-1500 converts to Jalali and back"
is "$(q "$PGUSER" "SELECT count(*) FROM (SELECT pishkhan.jalali(d::date) AS j, lag(pishkhan.jalali(d::date)) OVER (ORDER BY d) AS p
    FROM generate_series(date '1921-03-21', date '2122-03-21', '1 day') d) s WHERE p IS NOT NULL AND j <= p")" 0 \
    "Jalali dates strictly increase day by day"
is "$(q "$PGUSER" "SELECT pishkhan.jalali('2025-03-20') || ' ' || pishkhan.jalali('2025-03-21') || ' ' || pishkhan.jalali('2022-04-25')")" \
    "1403/12/30 1404/01/01 1401/02/05" "1403's leap day, Nowruz 1404 and the seed's date"
is "$(qerr "$PGUSER" "SELECT pishkhan.gregorian_from_jalali(1404, 12, 30)")" 22008 "1404/12/30 does not exist"
is "$(q "$PGUSER" "SELECT pishkhan.persian_digits(pishkhan.jalali('2022-04-25'))")" "۱۴۰۱/۰۲/۰۵" "Persian digits"
# Every digit, both ways: Persian (U+06F0-06F9) and Arabic-Indic (U+0660-0669).
is "$(q "$PGUSER" "SELECT pishkhan.persian_digits('0123456789')")" "۰۱۲۳۴۵۶۷۸۹" "all ten digits to Persian"
is "$(q "$PGUSER" "SELECT pishkhan.ascii_digits('۰۱۲۳۴۵۶۷۸۹')")" "0123456789" "all ten Persian digits to ASCII"
is "$(q "$PGUSER" "SELECT pishkhan.ascii_digits('٠١٢٣٤٥٦٧٨٩')")" "0123456789" "all ten Arabic-Indic digits to ASCII"
is "$(q "$PGUSER" "SELECT pishkhan.ascii_digits('a۹٩9 ۰٠0')")" "a999 000" "other text is kept"
done_testing
