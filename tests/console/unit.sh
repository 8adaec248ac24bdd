#!/bin/sh
# tests/console/unit.sh — a unit member's console through tmux: only their
# unit's approved letters, a status update and a response file (checked by
# content and size) that the web's latest-status view then shows.
# Expected windows: tests/console/screens/unit-*.txt (screen_is).
. "${PK_SRCDIR:-.}/tests/lib/tap.sh"
. "${PK_SRCDIR:-.}/tests/console/console.lib"
trap tm_cleanup EXIT

DB=$(new_db)
setup_org
L1=$(mk_letter +989121234567 156301 'درخواست ایمیل')
L2=$(mk_letter +989121234567 156101 'for the president')
L3=$(mk_letter +989121234567 156301 'still under review')
q daemon "SELECT 1 FROM pishkhan.letter_approve($L1, NULL, NULL)" >/dev/null
q daemon "SELECT 1 FROM pishkhan.letter_approve($L2, NULL, NULL)" >/dev/null
CID=$(q "$PGUSER" "SELECT citizen_id FROM pishkhan.letters WHERE id = $L1")

dir="$PK_TMP/unit.$$"
mkdir -p "$dir"
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' >"$dir/پاسخ نامه.pdf"
printf 'just text, not a PDF\n' >"$dir/notes.txt"
head -c 3000 /dev/zero | sed 's/^/%PDF-1.4 /' >"$dir/big.pdf"
# The system's viewer as run-mailcap would run it: here a stand-in that
# records what it was given.
mkdir -p "$dir/bin"
cat >"$dir/bin/run-mailcap" <<SH
#!/bin/sh
f=\${2#*:}
echo "\$1 \${2%%:*} \$f" >"$dir/view.args"
stat -c %a "\$f" >"$dir/view.mode"
stat -c %a "\${f%/*}" >"$dir/view.dirmode"
cp "\$f" "$dir/viewed"
echo VIEWER-RAN
SH
chmod 755 "$dir/bin/run-mailcap"
# run-mailcap is used when a mailcap file has a rule for the type.
printf 'application/pdf; true %%s\n' >"$dir/mailcap"
MAILCAPS="$dir/mailcap"
export MAILCAPS
chmod -R a+rX "$dir"
CONSOLE_PATH="$dir/bin:$PATH"

CONSOLE_EXTRA='max_response_size = 2k
'
console_start bin
see 'Letters: Approved' 'a unit member starts with the approved letters'
see '— 1 letter —' 'only their own unit (one letter, in the singular)'
see 'درخواست ایمیل' 'the letter of unit 156301'
gone 'for the president' 'not the letter of another unit'
screen_is approved 'the list a unit member sees'
keys s s
see 'Letters: Under review' 'under review'
see 'No letters' 'none of the letters under review are visible to a unit'
screen_is review-none 'an empty list'
keys s
see 'Letters: Approved' 'back to approved'

keys Enter
see 'Letter number: 156301/1' 'the letter opens'
screen_is letter 'the letter as its unit sees it'
see 'Enter open \(then u update, A response\)' 'a unit member sees the keys of a unit member'
gone 'a approve' "not the clerk's"
keys a
see 'Only clerks \(request approvers\) approve or reject letters' 'a unit member pressing a is told only clerks decide'
gone 'already approved' 'not that the letter is already approved'
keys r
see 'Only clerks' 'and the same for r'

# A status update, with an SMS.
keys u
see 'Status update:' 'u asks for the update'
screen_is update-ask 'asking for a status update'
keys Enter
see 'cannot be empty' 'an empty update is refused'
keys u
type_text 'در دست بررسی است'
keys Enter
see 'Send the citizen an SMS' 'asks whether to notify'
keys y
see 'The update was posted' 'posted'
see 'update: در دست بررسی است \(SMS\)' 'the history shows it'
screen_is update-posted 'the letter after a status update'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox WHERE letter_id = $L1 AND event = 'update'")" 1 \
    'the update SMS is in the outbox'

# Response files: a text file and a file too large are refused.
keys A
see 'Path of the response file' 'A asks for a path'
type_text "$dir/notes.txt"
keys Enter
see 'not one of the accepted types' 'a file that is not an accepted type is refused'
keys A
type_text "$dir/big.pdf"
keys Enter
see 'larger than 2 KB' 'a file over max_response_size is refused'
keys A
type_text "$dir/nothing-here.pdf"
keys Enter
see 'Cannot open' 'a missing file is reported'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.files WHERE letter_id = $L1 AND kind = 'response'")" 0 \
    'nothing was attached by the refused files'

keys A
type_text "$dir/پاسخ نامه.pdf"
keys Enter
see 'Note \(optional\)' 'asks for a note'
screen_is response-note 'asking for a note on the response'
type_text 'پاسخ نهایی'
keys Enter
see 'Send the citizen an SMS' 'asks whether to notify'
keys n
see "The response 'پاسخ نامه.pdf' was attached" 'the response is attached'
is "$(q "$PGUSER" "SELECT original_name, content_type, created_by FROM pishkhan.files WHERE letter_id = $L1 AND kind = 'response'")" \
    'پاسخ نامه.pdf|application/pdf|bin' 'stored with its name, its detected type and who attached it'
is "$(q "$PGUSER" "SELECT md5(data) FROM pishkhan.files WHERE letter_id = $L1 AND kind = 'response'")" \
    "$(md5sum <"$dir/پاسخ نامه.pdf" | cut -d' ' -f1)" 'with the bytes of the file, as they are'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.sms_outbox WHERE letter_id = $L1 AND event = 'response'")" 0 \
    'no SMS when the member said no'
see 'response +پاسخ نامه.pdf +pdf' 'the file list shows the response'
screen_is response-attached 'the letter with its response'

# What the web shows under the latest status.
is "$(q pishkhan_web "SELECT string_agg(kind || ':' || coalesce(note, '') || ':' || coalesce(file_name, ''), ',' ORDER BY at) FROM pishkhan.web_letter_updates($CID, $L1)")" \
    'update:در دست بررسی است:,response:پاسخ نهایی:پاسخ نامه.pdf' 'the web latest-status view shows the update and the response'

# Viewing a file: through run-mailcap, from a private file removed after.
keys k k k
keys v
# The letter is on the screen before the viewer runs too: wait for what
# the viewer leaves, and for the console to remove its file after it.
_n=50
while [ $_n -gt 0 ] && [ ! -s "$dir/viewed" ]; do sleep 0.1; _n=$((_n - 1)); done
see 'VIEWER-RAN' 'what the viewer printed stays on the screen'
see 'Press a key to return' 'until a key is pressed'
keys Space
see 'Letter number: 156301/1' 'back on the letter after the viewer'
set -- $(cat "$dir/view.args" 2>/dev/null)
_n=50
while [ $_n -gt 0 ] && [ -n "${3:-}" ] && [ -e "$3" ]; do sleep 0.1; _n=$((_n - 1)); done
is "$1 $2" '--action=view application/pdf' 'the viewer is run-mailcap with the MIME type'
like "${3:-}" '/pishkhan-[^/]*/file-[^/]*\.pdf$' 'on a temporary file with the type extension'
is "$(cat "$dir/view.mode" 2>/dev/null) $(cat "$dir/view.dirmode" 2>/dev/null)" '600 700' 'readable only by the staff member'
is "$(od -An -tx1 "$dir/viewed" | tr -d ' \n')" '255044462d312e340a' 'with the bytes of the file'
[ -n "${3:-}" ] && [ ! -e "$3" ] && [ ! -e "${3%/*}" ]
ok $? 'the temporary file and its directory are removed afterwards'

# Saving a file: the citizen's name is cleaned, never overwritten.
keys S
see 'Save in directory' 'S asks for a directory'
keys C-u
type_text "$dir"
keys Enter
see 'Saved: ' 'saved'
ls "$dir" | grep -q '^نامه.pdf$'
ok $? 'the letter file is saved under its own name'
keys S C-u
type_text "$dir"
keys Enter
see 'Saved: .*\(1\) نامه.pdf' 'a second save does not overwrite'
keys Q
see 'console-exited-0' 'Q quits with status 0'
unlike "$(cat "$PK_TMP/console.$$.err" 2>/dev/null)" 'ERROR|runtime error|Sanitizer' 'no sanitizer reports'
rm -rf "$dir"

done_testing
