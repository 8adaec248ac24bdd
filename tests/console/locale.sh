#!/bin/sh
# tests/console/locale.sh — with no locale at all (a `su -` login, cron,
# systemd), the console still draws Persian: it takes C.UTF-8 for itself.
# Expected windows: tests/console/screens/locale-*.txt (screen_is).
. "${PK_SRCDIR:-.}/tests/lib/tap.sh"
. "${PK_SRCDIR:-.}/tests/console/console.lib"
trap tm_cleanup EXIT

DB=$(new_db)
setup_org
L1=$(mk_letter +989121234567 156301 'درخواست ایمیل با نیم‌فاصله')
age_letter "$L1" '-10 minutes'	# 0m on the screen, however slow the run

# Like console_start, but every locale variable removed from the console's
# environment (the tmux client itself is told to speak UTF-8 with -u).
start_bare() {
	_conf="$PK_TMP/$DB.locale.conf"
	cp "$CONF" "$_conf"
	printf '[console]\nlang = %s\nbidi = off\n' "$1" >>"$_conf"
	tm_cleanup
	tm -u new-session -d -x 100 -y 30 \
	    "env -u LC_ALL -u LANG -u LC_CTYPE -u LANGUAGE -u LC_MESSAGES TERM=xterm-256color PGUSER=daemon $PK_BUILD/console/pishkhan-console -c $_conf 2>$PK_TMP/console.$$.err; echo console-exited-\$?; sleep 30"
}

start_bare fa
see 'نامه‌ها: در حال بررسی' 'no locale: the Persian title is drawn as Persian'
see 'درخواست ایمیل با نیم‌فاصله' 'and the letter subject, with its ZWNJ'
screen_is queue-fa 'the Persian queue with no locale'
unlike "$(screen)" 'M-|\?\?\?' 'no escaped or replaced bytes on the screen'
keys q
see 'console-exited-0' 'q quits with status 0'
is "$(cat "$PK_TMP/console.$$.err")" "" 'and nothing on stderr'

# pishkhanctl too: a Persian name read and written back unchanged.
out=$(env -u LC_ALL -u LANG -u LC_CTYPE -u LANGUAGE "$PK_BUILD/console/pishkhanctl" -c "$CONF" units list)
like "$out" '^156301	واحد آمار و فناوری اطلاعات	' 'pishkhanctl with no locale lists Persian names intact'
rm -f "$PK_TMP/console.$$.err"
done_testing
