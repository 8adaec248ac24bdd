#!/bin/sh
# tests/cli/report.sh — the service report (sql/028_report.sql,
# pishkhanctl report) against a data set counted by hand: letters with
# known arrival, decision and response times and due instants, loaded as
# the superuser with the triggers off for the one transaction (the due
# instants are set here, so the shares below follow from the rows alone;
# a real letter's come from 025's trigger).
#
# The calendar: Friday rests, no imported holidays; Mehr and Aban have no
# fixed holiday.  1405/07/01 is a Wednesday, so in Mehr the Fridays are
# 07/03, 10, 17, 24 and in Aban 08/01, 08, 15, 22, 29.  Office time is
# Asia/Tehran (UTC+3:30).
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
setup_org
s() { q "$PGUSER" "SET search_path = pishkhan; $*"; }
err="$PK_TMP/report.$$.err"

is "$(s "SELECT extract(isodow FROM gregorian_from_jalali(1405, 7, 1))")" 3 '1405/07/01 is a Wednesday'

psql -X -q -v ON_ERROR_STOP=1 -U "$PGUSER" -d "$DB" -f "$PK_SRCDIR/tests/lib/report_letters.sql" >/dev/null ||
    bail "loading the letters failed"
is "$(s "SELECT count(*) FROM letters")" 14 'the 14 letters are in'
# The working days the report counts are working_days_between's.
is "$(s "SELECT string_agg(subject || '=' || working_days_between(created_at, decided_at), ' ' ORDER BY subject) FROM letters WHERE decided_at IS NOT NULL AND decided_at < now() - interval '1 hour'")" \
    'A1=1 A2=2 A3=0 A4=2 A6=1 A7=1 A8=4 B1=1 B2=6 B3=1 B4=4' 'decision days as counted by hand'

CUR=$(s "SELECT substr(jalali(office_today()), 1, 7)")
H='unit	month	received	approved	rejected	open	decision_median	decision_p90	response_median	response_p90	decided_within	decided_counted	decided_share	answered_within	answered_counted	answered_share'

# The whole report, by hand (units in code order):
# 156301 Mehr (A1-A6): 6 received, approved A1 A2 A4, rejected A3 A6, open
#   A5.  Decision days 0 1 1 2 2: median (3rd of 5) 1, p90 (5th) 2.
#   Response days 3 12: median (1st of 2) 3, p90 (2nd) 12.  Decided within:
#   A1 A3 A4 of A1-A6 (A5 counts: its due passed) = 3/6.  Answered within:
#   A1 of A1 A2 A4 = 1/3.
# 156301 Aban (A7 A8): days 1 4 → median 1, p90 4; response 1 1; decided
#   1/2, answered 2/2.
# 156301 this month (A9 A10): 2 received, 1 approved, 1 open; days 0;
#   decided 1/1 (A9 not yet due); answered 0/0 (A10 not yet due): empty.
# 156301 all: days 0 0 1 1 1 2 2 4: median (4th of 8) 1, p90 (8th) 4;
#   response 1 1 3 12: median (2nd) 1, p90 (4th) 12; decided 5/9, answered
#   3/5.
# 156101 Mehr (B1-B4): days 1 1 4 6: median (2nd) 1, p90 (4th) 6; response
#   1 7 18: median (2nd) 7, p90 (3rd) 18; decided B1 B3 = 2/4; answered B1
#   B2 = 2/3.
# every unit, Mehr: days 0 1 1 1 1 2 2 4 6: median (5th of 9) 1, p90 (9th)
#   6; response 1 3 7 12 18: median (3rd) 7, p90 (5th) 18; decided 5/10,
#   answered 3/6.
# the whole: days 0 0 1 1 1 1 1 2 2 4 4 6: median (6th of 12) 1, p90 (11th)
#   4; response 1 1 1 3 7 12 18: median (4th of 7) 3, p90 (7th) 18;
#   decided 7/13 = 53.8%, answered 5/8 = 62.5%.
out=$(ctl -c "$CONF" report 2>"$err"); is $? 0 'pishkhanctl report: exit 0'
is "$out" "$H
156101	1405/07	4	3	1	0	1	6	7	18	2	4	50.0	2	3	66.7
156101	all	4	3	1	0	1	6	7	18	2	4	50.0	2	3	66.7
156301	1405/07	6	3	2	1	1	2	3	12	3	6	50.0	1	3	33.3
156301	1405/08	2	2	0	0	1	4	1	1	1	2	50.0	2	2	100.0
156301	$CUR	2	1	0	1	0	0			1	1	100.0	0	0	
156301	all	10	6	2	2	1	4	1	12	5	9	55.6	3	5	60.0
all	1405/07	10	6	3	1	1	6	7	18	5	10	50.0	3	6	50.0
all	1405/08	2	2	0	0	1	4	1	1	1	2	50.0	2	2	100.0
all	$CUR	2	1	0	1	0	0			1	1	100.0	0	0	
all	all	14	9	3	2	1	4	3	18	7	13	53.8	5	8	62.5" 'the whole report, exactly as counted by hand'

# PostgreSQL's own percentile_disc over the same letters agrees.
is "$(s "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY working_days_between(created_at, decided_at)) || ' ' || percentile_disc(0.9) WITHIN GROUP (ORDER BY working_days_between(created_at, decided_at)) FROM letters WHERE decided_at IS NOT NULL")" \
    '1 4' "percentile_disc itself: decision median 1, p90 4"
is "$(s "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY working_days_between(decided_at, responded_at)) || ' ' || percentile_disc(0.9) WITHIN GROUP (ORDER BY working_days_between(decided_at, responded_at)) FROM letters WHERE responded_at IS NOT NULL")" \
    '3 18' "percentile_disc itself: response median 3, p90 18"

# One unit (Persian digits): only its rows, and the totals are its own.
is "$(ctl -c "$CONF" report --unit ۱۵۶۱۰۱)" "$H
156101	1405/07	4	3	1	0	1	6	7	18	2	4	50.0	2	3	66.7
156101	all	4	3	1	0	1	6	7	18	2	4	50.0	2	3	66.7
all	1405/07	4	3	1	0	1	6	7	18	2	4	50.0	2	3	66.7
all	all	4	3	1	0	1	6	7	18	2	4	50.0	2	3	66.7" '--unit 156101 (in Persian digits)'

# Aban alone: A6 came half an hour before Aban began (Tehran time), A7 ten
# minutes after; a month typed as YYYY/MM is its first to its last day.
is "$(ctl -c "$CONF" report --from 1405/08 --to ۱۴۰۵/۰۸ | cut -f1-6)" "unit	month	received	approved	rejected	open
156301	1405/08	2	2	0	0
156301	all	2	2	0	0
all	1405/08	2	2	0	0
all	all	2	2	0	0" 'Aban 1405 only: the month begins at Tehran midnight'
is "$(ctl -c "$CONF" report -f 1405/07/30 -t 1405/08/01 | sed -n 2p | cut -f1-3)" "156301	1405/07	1" \
    'from 1405/07/30 to 1405/08/01: A6 in Mehr'
is "$(ctl -c "$CONF" report -f 1405/07/30 -t 1405/08/01 | sed -n 3p | cut -f1-3)" "156301	1405/08	1" \
    '... and A7 in Aban'

# Mehr as it stood at its end (1405/08/01 00:00): A6 was still open (decided
# 08/02) and not yet due (08/02 00:00), so left out of the decision share;
# A4's response was not yet due (08/05): left out of the response share.
# 156301: received 6, approved 3, rejected 1 (A3), open 2 (A5 A6); days
# 0 1 2 2: median 1, p90 2; response 3 12; decided A1 A3 A4 of A1-A5 = 3/5;
# answered A1 of A1 A2 = 1/2.
is "$(ctl -c "$CONF" report --to 1405/07 --unit 156301 | sed -n 2p)" \
    "156301	1405/07	6	3	1	2	1	2	3	12	3	5	60.0	1	2	50.0" \
    'Mehr as of its end: what was decided and answered after it had not happened yet'

# Who may, and what is refused.
is "$(qerr daemon "SELECT count(*) FROM pishkhan.service_report(NULL, NULL, NULL)")" ok 'a clerk may read the report'
is "$(qerr games "SELECT count(*) FROM pishkhan.service_report(NULL, NULL, NULL)")" ok 'an admin may'
is "$(qerr bin "SELECT count(*) FROM pishkhan.service_report(NULL, NULL, NULL)")" 42501 'a unit member may not'
out=$(ctl -c "$CONF" report --unit 999 2>"$err"); is $? 1 'an unknown unit: exit 1'
is "$(cat "$err")" "pishkhanctl: unit '999' not found" '... and says which'
out=$(ctl -c "$CONF" report --from 1405/08 --to 1405/07 2>"$err"); is $? 2 'from after to: a usage error'
like "$(head -n 1 "$err")" "would begin .* after it ends" '... that says so'
out=$(ctl -c "$CONF" report --from 1405/13 2>"$err"); is $? 2 'month 13: a usage error'
like "$(head -n 1 "$err")" "'1405/13' is not a Jalali date" '... naming the value'
out=$(ctl -c "$CONF" report --to 1404/12/30 2>"$err"); is $? 2 '1404/12/30 does not exist (1404 is not leap)'
is "$(ctl -c "$CONF" report --from 1403/12/30 --to 1403/12 | head -n 1 | cut -f1)" unit '1403/12/30 does (1403 is leap)'
# The date's other mutations: empty, cut short, repeated, huge, another
# encoding (Latin-1 bytes): each a usage error naming the value, no report.
for d in '' '1405/' '1405/08/01/01' '99999999999/01' '1405/08/0' "$(printf '\3311405/08')"; do
	out=$(ctl -c "$CONF" report --from "$d" 2>"$err"); rc=$?
	is "$rc $out" "2 " "--from '$d': a usage error, nothing printed"
	like "$(head -n 1 "$err")" "is not a Jalali date" "... that says so"
done
# A page that cannot be written: exit 1, the reason, and no file.
out=$(ctl -c "$CONF" report --html "$PK_TMP/no-such-dir.$$/r.html" 2>"$err"); is $? 1 '--html into a directory that does not exist: exit 1'
like "$(cat "$err")" 'No such file or directory' '... naming the reason'

# The page: one file, Persian, right to left, nothing fetched.
HTML="$PK_TMP/report.$$.html"
ctl -c "$CONF" report --html "$HTML" 2>"$err"; ok $? 'report --html FILE'
page=$(cat "$HTML")
like "$page" '<html lang="fa" dir="rtl">' 'lang=fa dir=rtl'
unlike "$page" 'https?:' 'no address in it'
unlike "$page" '(src|href)=' 'no src= or href='
unlike "$page" '@import|url\(' 'no @import or url() in its CSS'
like "$page" '<svg' 'the charts are inline SVG'
like "$page" '@page\{size:A4' 'laid out for A4'
like "$page" 'break-inside:avoid' 'sections do not break across pages'
like "$page" 'مهر ۱۴۰۵' 'Jalali month names with Persian digits'
like "$page" '۵۳٫۸٪' 'the whole share decided within the level, in Persian digits (53.8%)'
unlike "$(printf '%s' "$page" | sed 's/.*<\/style>//; s/<[^>]*>//g')" \
    '[0-9]' 'no ASCII digits in the text'
if command -v xmllint >/dev/null 2>&1; then
	# libxml2's HTML 4 parser knows neither <section> nor SVG: past
	# those, nothing (no unclosed or misnested tag, no bad entity).
	xmllint --html --noout "$HTML" 2>&1 | grep 'error' | grep -v 'Tag [a-z]* invalid' >"$err"
	is "$(cat "$err")" "" 'xmllint --html finds nothing wrong but HTML5 and SVG tags'
fi
is "$(ctl -c "$CONF" report --html - | head -c 15)" '<!DOCTYPE html>' '--html - writes to the standard output'

# Rendered in Chromium: nothing requested, A4 pages.
if [ -x /usr/bin/chromium ] && command -v node >/dev/null 2>&1 &&
    [ -d "$PK_SRCDIR/tests/browser/node_modules/playwright-core" ] && command -v pdfinfo >/dev/null 2>&1; then
	shot="$PK_TMP/report.$$"
	HOME="$PK_TMP/report-home.$$" setsid timeout -k 5 120 node "$PK_SRCDIR/tests/browser/report_page.mjs" \
	    "$HTML" "$shot" >"$err" 2>&1
	is "$(cat "$err")" done 'Chromium opened the page and requested nothing else'
	like "$(pdfinfo "$shot.pdf")" 'Page size: +59[45][.0-9]* x 84[12][.0-9]* pts \(A4\)' 'printed on A4'
	pages=$(pdfinfo "$shot.pdf" | sed -n 's/^Pages: *//p')
	ok "$([ "${pages:-0}" -ge 1 ] && [ "${pages:-0}" -le 4 ]; echo $?)" "on 1 to 4 pages ($pages)"
	like "$(pdftotext "$shot.pdf" - | tr -d '\n')" 'گزارش' 'its text is in the PDF'
	mkdir -p "$PK_SRCDIR/tests/browser/out" && cp "$shot.png" "$PK_SRCDIR/tests/browser/out/report.png" 2>/dev/null
else
	ok 0 "# SKIP chromium, playwright-core (tests/browser: npm ci) or poppler-utils missing"
fi

done_testing
