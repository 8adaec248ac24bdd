#!/bin/sh
# tests/web/bidi.sh — text a citizen or clerk wrote is isolated from the
# page's direction (<bdi>): a Latin subject and name in the Persian page,
# a Persian reason, unit and note in the English page, read right.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

DB=$(new_db)
setup_org
start_web 'code_wait = 0'
J="$PK_TMP/bidi.$$.jar"
M='+989121234500'
login "$J" "$M"
U=$(unit_id 156301)
tok() { od -An -N12 -tx1 /dev/urandom | tr -d ' \n'; }
# A letter with a Latin subject and sender, rejected with a Persian reason
# that holds Latin; one approved with an update and a response file.
L1=$(q pishkhan_web "SELECT l.letter_id FROM web_citizen('$M') c(id),
    LATERAL web_letter_submit(c.id, 'Asr Ertebat Co.', $U, 'Request 12 (urgent)', '$(tok)') l,
    LATERAL web_letter_add_file(c.id, l.letter_id, 'main', 'scan-1.pdf',
        'application/pdf', '\x255044462d312e340a') f")
q daemon "SELECT pishkhan.letter_reject($L1, 'فایل PDF خوانا نیست')" >/dev/null
L2=$(q pishkhan_web "SELECT l.letter_id FROM web_citizen('$M') c(id),
    LATERAL web_letter_submit(c.id, 'شرکت عصر ارتباط', $U, 'درخواست گواهی ISO', '$(tok)') l,
    LATERAL web_letter_add_file(c.id, l.letter_id, 'main', 'نامه.pdf',
        'application/pdf', '\x255044462d312e340a') f")
q daemon "SELECT pishkhan.letter_approve($L2)" >/dev/null
q bin "SELECT pishkhan.letter_post_update($L2, 'Sent to HR واحد')" >/dev/null
q bin "SELECT pishkhan.letter_add_response($L2, 'reply v2.pdf', 'application/pdf', '\x255044462d312e340a', 'پاسخ')" >/dev/null
UNIT_FA=$(q "$PGUSER" "SELECT name_fa FROM pishkhan.units WHERE id = $U")
UNIT_EN=$(q "$PGUSER" "SELECT name_en FROM pishkhan.units WHERE id = $U")

for lang in fa en; do
	web "$J" -o /dev/null "$URL/lang/$lang"
	list=$(web "$J" "$URL/letters")
	like "$list" "<html lang=\"$lang\"" "$lang: the letter list in $lang"
	like "$list" '<bdi>Request 12 \(urgent\)</bdi>' "$lang list: a subject is isolated"
	like "$list" '<bdi>درخواست گواهی ISO</bdi>' "$lang list: a subject of the other kind is isolated"
	if [ $lang = fa ]; then unit=$UNIT_FA; else unit=$UNIT_EN; fi
	like "$list" "<bdi>$unit</bdi>" "$lang list: the unit name is isolated"
	like "$list" '<bdi>فایل PDF خوانا نیست</bdi>' "$lang list: the rejection reason is isolated"
	one=$(web "$J" "$URL/letter/$L1")
	like "$one" '<h1><bdi>Request 12 \(urgent\)</bdi></h1>' "$lang letter: the subject heading is isolated"
	like "$one" '<dd><bdi>Asr Ertebat Co.</bdi></dd>' "$lang letter: the sender name is isolated"
	like "$one" "<dd><bdi>$unit</bdi></dd>" "$lang letter: the unit name is isolated"
	like "$one" '<bdi>فایل PDF خوانا نیست</bdi>' "$lang letter: the rejection reason is isolated"
	like "$one" '<bdi>scan-1.pdf</bdi>' "$lang letter: a file name is isolated"
	two=$(web "$J" "$URL/letter/$L2?latest=1")
	like "$two" '<bdi>Sent to HR واحد</bdi>' "$lang letter: an update note is isolated"
	like "$two" '<bdi>reply v2.pdf</bdi>' "$lang letter: a response file name is isolated"
	main=$(web "$J" "$URL/")
	like "$main" "<option value=\"$U\" dir=\"auto\">$unit</option>" "$lang form: unit names in the list read in their own direction"
	# every value above, and nothing the citizen wrote left bare
	unlike "$(printf '%s' "$list$one$two" | sed 's|<bdi>[^<]*</bdi>||g; s|<title>[^<]*</title>||g')" \
	    'Request 12|Asr Ertebat|خوانا نیست|Sent to HR|scan-1|reply v2' "$lang: no user text outside <bdi>"
done

stop_web
done_testing
