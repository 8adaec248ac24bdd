#!/bin/sh
# tests/web/fonts.sh — the site serves its Persian font itself: Vazirmatn
# (OFL, from @fontsource/vazirmatn) as woff2 subsets, named with their
# version and cached for a year; the CSS asks for them with swap and
# unicode-range; `make install` installs them.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

DB=$(new_db)
start_web
css=$(curl -s "$URL/static/style.css")
fonts=$(printf '%s' "$css" | grep -o '/static/fonts/vazirmatn-[0-9.]*-[a-z]*-[0-9]*\.woff2' | sort -u)
is "$(printf '%s\n' "$fonts" | grep -c .)" 4 'the CSS names four font files (arabic and latin, 400 and 700)'
like "$(printf '%s' "$css" | tr '\n' ' ')" '@font-face *\{[^}]*font-family: *"?Vazirmatn"?;[^}]*font-display: *swap;' '@font-face with font-display: swap'
is "$(printf '%s' "$css" | grep -c 'unicode-range:')" 4 'each face has its unicode-range'
like "$css" 'font-family: *Vazirmatn,' 'the page font is Vazirmatn'
for f in $fonts; do
	hdr=$(curl -s -D - -o "$PK_TMP/font.$$" "$URL$f")
	like "$hdr" '^HTTP/1.1 200' "GET $f: 200"
	like "$hdr" 'Content-Type: font/woff2' "$f: font/woff2"
	like "$hdr" 'Cache-Control: public, max-age=31536000, immutable' "$f: cached for a year, immutable"
	is "$(head -c 4 "$PK_TMP/font.$$")" 'wOF2' "$f: a woff2 file"
	cmp -s "$PK_TMP/font.$$" "$PK_SRCDIR/webfront/static${f#/static}"; ok $? "$f: the file in webfront/static"
done
is "$(status /dev/null "$URL/static/fonts/nope.woff2")" 404 'an unknown font: 404'
like "$(curl -s -D - -o /dev/null "$URL/static/style.css")" 'Cache-Control: public, max-age=3600' \
    'the CSS (no version in its name) is not cached for long'
like "$(curl -s -D - -o /dev/null "$URL/")" "font-src 'self'" 'the CSP lets the page load its fonts'
ok "$([ -s "$PK_SRCDIR/webfront/static/fonts/OFL.txt" ] && grep -q 'SIL Open Font License' \
    "$PK_SRCDIR/webfront/static/fonts/OFL.txt"; echo $?)" 'the OFL licence is beside the fonts'

# make install (its install-static part) puts them where pishkhan-web reads them.
D="$PK_TMP/inst.$$"
make -s -C "$PK_SRCDIR" install-static DESTDIR="$D" PREFIX=/usr >/dev/null 2>&1
for f in $fonts OFL.txt; do
	[ -s "$D/usr/share/pishkhan/web/fonts/${f##*/}" ]; ok $? "make install: ${f##*/}"
done
rm -rf "$D"
stop_web
done_testing
