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
done_testing
