#!/bin/sh
# tests/web/hygiene.sh — what a citizen types is cleaned before it is kept
# (common/u8.c u8_clean_line, issue 9 item 7): a name or subject of only
# blanks or invisible characters is a field error, not a 503; controls and
# bidi overrides are removed from names, subjects and file names; a file is
# kept under a name whose extension is its detected type's.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

DB=$(new_db)
setup_org
start_web 'code_wait = 0
max_file_size = 64k
max_body = 200k'
mk_files
J="$PK_TMP/h.$$.jar"
login "$J" '+989121230000'
U=$(unit_id 156301)

submit() {	# submit TOKEN NAME SUBJECT [curl -F args...]: body; status in $PK_TMP/hst
	_tok=$1; _n=$2; _s=$3; shift 3
	_c=$(web "$J" "$URL/" | csrf_of)
	curl -s -L -b "$J" -c "$J" -w '\n%{http_code}' --form-string "csrf=$_c" \
	    --form-string "token=$_tok" --form-string "name=$_n" --form-string "unit=$U" \
	    --form-string "subject=$_s" "$@" "$URL/letters/new" >"$PK_TMP/hresp.$$"
	tail -n 1 "$PK_TMP/hresp.$$" >"$PK_TMP/hst.$$"
	sed '$d' "$PK_TMP/hresp.$$"
}
st() { cat "$PK_TMP/hst.$$"; }
tok() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
nletters() { q "$PGUSER" "SELECT count(*) FROM pishkhan.letters"; }
u() { printf "$1"; }	# u '\342\200\256' — bytes by octal escapes

NBSP=$(u '\302\240'); IDSP=$(u '\343\200\200'); EMSP=$(u '\342\200\203')
ZWNJ=$(u '\342\200\214'); ZWSP=$(u '\342\200\213'); RLO=$(u '\342\200\256')
LRI=$(u '\342\201\246'); PDI=$(u '\342\201\251'); CSI=$(u '\302\233')

# Names of only blanks or invisible characters: the name's own message.
for v in "$NBSP" "$IDSP" "$EMSP" "$NBSP$IDSP$EMSP" "$ZWNJ" "$ZWSP$ZWNJ" "$RLO$PDI"; do
	hex=$(printf '%s' "$v" | od -An -tx1 | tr -d ' \n')
	out=$(submit "$(tok)" "$v" 'موضوع' -F "letter=@$FILES/letter.pdf")
	is "$(st)" 422 "name of only U+... ($hex): 422, not 503"
	like "$out" 'id="name-err"[^>]*>نام و نام خانوادگی' "name ($hex): message at the name field"
	unlike "$out" 'موقتاً در دسترس نیست' "name ($hex): not 'temporarily unavailable'"
done
for v in "$NBSP" "$IDSP" "$EMSP" "$ZWNJ $ZWNJ"; do
	hex=$(printf '%s' "$v" | od -An -tx1 | tr -d ' \n')
	out=$(submit "$(tok)" 'علی رضایی' "$v" -F "letter=@$FILES/letter.pdf")
	is "$(st)" 422 "subject of only ($hex): 422"
	like "$out" 'id="subject-err"' "subject ($hex): message at the subject field"
	like "$out" 'value="علی رضایی"' "subject ($hex): the typed name kept"
done
is "$(nletters)" 0 'no blank submission saved anything'

# Controls and bidi controls go; ZWNJ inside a Persian word stays.
out=$(submit "$(tok)" "${NBSP}علی${RLO} رضایی${CSI}$(u '\033')[31m" \
    "درخواست${ZWNJ}ها ${LRI}abc${PDI}$(u '\001')" \
    -F "letter=@$FILES/letter.pdf;filename=invoice${RLO}fdp.exe" \
    -F "attach=@$FILES/letter.pdf;filename=report.html")
is "$(st)" 200 'a letter with controls in every field: saved'
is "$(q "$PGUSER" "SELECT sender_name FROM pishkhan.letters")" 'علی رضایی[31m' 'name: spaces trimmed, RLO, CSI and ESC removed'
is "$(q "$PGUSER" "SELECT subject FROM pishkhan.letters")" "درخواست${ZWNJ}ها abc" 'subject: ZWNJ kept, isolates and controls removed'
is "$(q "$PGUSER" "SELECT string_agg(original_name, ',' ORDER BY kind) FROM pishkhan.files")" \
    'invoicefdp.exe.pdf,report.html.pdf' 'file names: RLO removed, the extension is the detected type'
FID=$(q "$PGUSER" "SELECT id FROM pishkhan.files WHERE kind = 'attachment'")
hdr=$(curl -s -D - -o /dev/null -b "$J" "$URL/file/$FID")
like "$hdr" 'filename="report.html.pdf"' 'download: served as .pdf, never .html'
# A file name of only invisible characters: the letter's own name.
out=$(submit "$(tok)" 'Ali' 'subject' -F "letter=@$FILES/letter.pdf;filename=${ZWSP}${RLO}${IDSP}")
is "$(q "$PGUSER" "SELECT original_name FROM pishkhan.files ORDER BY id DESC LIMIT 1")" 'letter.pdf' \
    'file name of only invisible characters: letter.pdf'

stop_web
done_testing
