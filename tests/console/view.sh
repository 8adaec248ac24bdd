#!/bin/sh
# tests/console/view.sh — viewing a letter's files with the real tools, as
# on a stock Debian whose mailcap has no rule for PDF or images: the PDF's
# text in the pager (pdftotext -layout), q back to the redrawn letter; a
# PNG through chafa that stays until a key; a tool that is missing or
# fails said on the status line, in English and Persian; a mailcap rule
# that prints and exits followed by "press a key".
. "${PK_SRCDIR:-.}/tests/lib/tap.sh"
. "${PK_SRCDIR:-.}/tests/console/console.lib"
trap tm_cleanup EXIT

for t in pdftotext chafa less; do
	command -v "$t" >/dev/null 2>&1 || bail "$t is not installed (scripts/deps.sh)"
done

DB=$(new_db)
setup_org
dir="$PK_TMP/view.$$"
mkdir -p "$dir/nobin"
python3 "$PK_SRCDIR/tests/console/mkfile.py" pdf 'Hello from the PDF 1404' 'The second page' >"$dir/a.pdf"
python3 "$PK_SRCDIR/tests/console/mkfile.py" png >"$dir/a.png"
hex() { od -An -tx1 "$1" | tr -d ' \n'; }
tok=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
L1=$(q pishkhan_web "
    SELECT l.letter_id FROM web_citizen('+989121234567') c(id),
        LATERAL web_letter_submit(c.id, 'شرکت عصر ارتباط', $(unit_id 156301), 'with a PDF and a scan', '$tok') l,
        LATERAL web_letter_add_file(c.id, l.letter_id, 'main', 'نامه.pdf',
            'application/pdf', '\\x$(hex "$dir/a.pdf")') f,
        LATERAL web_letter_add_file(c.id, l.letter_id, 'attachment', 'scan.png',
            'image/png', '\\x$(hex "$dir/a.png")') g")
[ -n "$L1" ] || bail 'cannot make the letter'
chmod -R a+rX "$dir"

# No mailcap rule for anything (the stock Debian case), the pager less.
: >"$dir/mailcap"
MAILCAPS="$dir/mailcap" PAGER=less LESS=
export MAILCAPS PAGER LESS

console_start daemon
see 'Letters: Under review' 'the queue opens'
keys Enter
see 'Files \(2\)' 'the letter opens with its two files'
# The main PDF is listed first and selected.
keys v
see 'Hello from the PDF 1404' 'v on the PDF shows its text in the pager'
see 'The second page' 'its second page too'
unlike "$(screen)" '\^L' 'a page break is a line, not the ^L of a form feed'
gone 'Files \(2\)' 'the pager has the whole window'
keys q
see 'Files \(2\)' 'q in the pager returns to the letter'
see 'Letter [0-9]+' 'the console is redrawn, title and all'
gone 'Hello from the PDF' 'nothing of the pager is left on the screen'

keys Down
keys v
see 'Press a key to return to the console' 'v on the PNG draws it with chafa and asks for a key'
sleep 1
see 'Press a key to return' 'the image stays on the screen until a key'
gone 'Files \(2\)' 'the letter is not drawn over the image'
keys x
see 'Files \(2\)' 'a key returns to the letter'
gone 'Press a key' 'and the console is redrawn'

# Tools that are not installed: PATH without them.
CONSOLE_PATH="$dir/nobin"
console_start daemon
see 'Letters: Under review' 'the queue opens without the viewers in PATH'
keys Enter
see 'Files \(2\)' 'the letter opens'
keys v
see 'pdftotext is not installed: apt install poppler-utils' 'a missing pdftotext is named with its package'
keys Down v
see 'chafa is not installed: apt install chafa' 'a missing chafa is named with its package'
console_start daemon fa
see 'نامه' 'the queue opens in Persian'
keys Enter
see 'scan\.png' 'the letter opens in Persian'
keys v
see 'برنامهٔ pdftotext نصب نیست؛ نصبش کنید: apt install poppler-utils' 'the message in Persian'
CONSOLE_PATH=

# A PDF that pdftotext cannot read: its exit status and first error.
L2=$(mk_letter +989121234567 156301 'a broken PDF')
console_start daemon
see 'Letters: Under review' 'the queue opens'
keys Down Enter
see 'a broken PDF' 'the letter with the broken PDF opens'
keys v
keys q
see "pdftotext failed \\(exit status 1\\): .*(Syntax|Error|xref|trailer)" \
    'a viewer that fails is said with its exit status and its stderr'

# A mailcap rule wins; its viewer prints and exits, and stays on the screen.
cat >"$dir/mailcap" <<'MC'
# a comment; image/png; false
application/pdf; false %s; test=false
image/png; echo PRINTED-AND-EXITED %s; \
	needsterminal
MC
console_start daemon
see 'Letters: Under review' 'the queue opens'
keys Enter
see 'Files \(2\)' 'the letter opens'
keys Down v
see 'PRINTED-AND-EXITED .*/pishkhan-[^/]*/file-[^/]*\.png' 'the mailcap rule runs, through run-mailcap, on the temporary file'
sleep 1
see 'Press a key to return' 'what it printed is not drawn over at once'
keys Space
see 'Files \(2\)' 'a key returns to the letter'
keys Up v
see 'Hello from the PDF 1404' 'a rule whose test fails is passed over: the PDF in the pager'
keys q
see 'Files \(2\)' 'back on the letter'
# A path on the status line keeps its order in Persian with bidi on.
MAILCAPS="$dir/mailcap"
mkdir -p "$dir/out"
chmod 777 "$dir/out"
CONSOLE_BIDI=on console_start daemon fa
keys Enter
sleep 1
keys S C-u
type_text "$dir/out"
keys Enter
_n=50
while [ $_n -gt 0 ] && [ ! -s "$dir/out/نامه.pdf" ]; do sleep 0.1; _n=$((_n - 1)); done
[ -s "$dir/out/نامه.pdf" ]
ok $? 'the file is saved'
see "$dir/out/" 'the saved path reads from left to right in a right-to-left line (isolated)'
line=$(screen | tail -n 1)
like "$line" "^ *$dir/out/.*pdf" 'the path is whole, at its side of the sentence'
rm -rf "$dir"
done_testing
