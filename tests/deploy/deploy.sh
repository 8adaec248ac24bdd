#!/bin/sh
# tests/deploy/deploy.sh — an installation by the documents, as root, step
# by step: README's Operation section, pishkhan(7), pishkhanctl(8) and the
# files of dist/.  Run by `make check-deploy` (and .ci/run), not by
# `make check`: it changes the machine (users, a PostgreSQL cluster).
#
#   make install      into a staging prefix /tmp/pk-deploy.PID (programs,
#                     config, units, sysusers.d), which makes the service
#                     users with systemd-sysusers, as on a real system
#   a cluster         pg_createcluster VERSION pkdPID on a port of its own;
#                     libpq's PGPORT points every program at it (on a real
#                     system the default cluster needs none)
#   pg_hba/pg_ident   the lines of pishkhan(7), cut out of man/pishkhan.7
#   README's block    its Operation commands, line by line: `sudo -u
#                     postgres` ones as root, the others as maryam, an OS
#                     user the superuser made admin and clerk
#   the services      the User=, Group= and ExecStart= of the installed
#                     units, run with setpriv in systemd's environment
#                     (systemd is not PID 1 in a container); the worker
#                     first with the installed config (file driver) in the
#                     directory StateDirectory= names
#   the clerk         approves a citizen's letter in pishkhan-console
#                     (tmux) as her OS user
#   a restart         of PostgreSQL under the running services
#   the SMS           the worker hands the login code and the approval to a
#                     fake gateway (tests/sms/fakegw)
#   backup, restore   pishkhan(7)'s commands, cut out of the man page, onto a
#                     second cluster (the "new server"); the data (pg_dump
#                     --data-only) and the roles (pg_dumpall --roles-only)
#                     of both compared byte for byte
#   upgrade           make install again (the config is kept) and a second
#                     db migrate: nothing applied, exit 0
#
# Every command a document shows is also looked up in that document
# (`doc_has`), so a document that changes without the test fails here.
#
# Leaves the machine as it found it: the clusters are dropped, the staff's
# users removed, the service users and group removed unless they existed
# before (systemd-sysusers would not touch them then either), and
# /var/lib/pishkhan made and removed only when it was not there.
# `1..0 # SKIP` when not root or without postgresql-common and systemd.

top=${PK_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PK_SRCDIR=$top
. "$top/tests/lib/tap.sh"

skip() { echo "1..0 # SKIP $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "not root"
for t in pg_createcluster pg_dropcluster systemd-sysusers runuser setpriv useradd tmux curl python3; do
	command -v "$t" >/dev/null 2>&1 || skip "no $t"
done
V=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
[ -n "$V" ] || skip "no PostgreSQL server in /usr/lib/postgresql"
GW=${PK_FAKEGW:-$top/build/deploy/tests/sms/fakegw}
[ -x "$GW" ] || bail "no $GW (make check-deploy builds it)"

. "$top/tests/lib/web.sh"	# login, send_code, csrf_of (LC_ALL=C.UTF-8)

T=/tmp/pk-deploy.$$
PREFIX=$T/usr
ETC=$T/etc
UNITDIR=$T/lib/systemd/system
SYSUSERSDIR=$T/usr/lib/sysusers.d
CONFFILE=$ETC/pishkhan/pishkhan.conf
BK=$T/backups
CL=pkd$$		# the cluster
CLB=pkd$$b	# the "new server" of the restore
CLERK=pkclerk$$
MEMBER=pkunit$$
PK_TMP=$T/tmp
DB=pishkhan
TM_SOCK=pkd$$
. "$top/tests/lib/tmux.sh"	# tm, screen, wait_for, see

had_users=
getent passwd pishkhan-web >/dev/null && had_users="$had_users pishkhan-web"
getent passwd pishkhan-sms >/dev/null && had_users="$had_users pishkhan-sms"
getent group pishkhan >/dev/null && had_users="$had_users group"

WEB_PID='' SMS_PID='' GW_PID=''
cleanup() {
	for p in $WEB_PID $SMS_PID $GW_PID; do kill -TERM "$p" 2>/dev/null; done
	wait 2>/dev/null
	tm kill-server 2>/dev/null
	[ -n "${made_sd:-}" ] && rm -rf "$made_sd"
	pg_dropcluster --stop "$V" "$CL" 2>/dev/null
	pg_dropcluster --stop "$V" "$CLB" 2>/dev/null
	for u in "$CLERK" "$MEMBER"; do getent passwd "$u" >/dev/null && userdel "$u"; done
	case "$had_users" in *pishkhan-web*) ;; *) getent passwd pishkhan-web >/dev/null && userdel pishkhan-web ;; esac
	case "$had_users" in *pishkhan-sms*) ;; *) getent passwd pishkhan-sms >/dev/null && userdel pishkhan-sms ;; esac
	case "$had_users" in *group*) ;; *) getent group pishkhan >/dev/null && groupdel pishkhan ;; esac
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$PK_TMP" "$BK" || bail "cannot make $T"
chmod 755 "$T"		# postgres, the services and the clerk read the install
chmod 700 "$BK"		# like /var/backups for postgres: it may not write here

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# doc_has FILE TEXT — the document (man source or README) shows TEXT.
doc_has() {
	if sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\e/\\/g' "$top/$1" | grep -qF -- "$2"; then ok 0 "$1 shows: $2"; else
		ok 1 "$1 shows: $2"
		echo "#   the test runs a command the document no longer shows"
	fi
}

# The documents say `sudo -u USER CMD`; runuser is the same for root and
# needs no sudo package.  PATH is kept, as sudo's secure_path would find
# $PREFIX/bin on a real install.
sudo() {
	[ "$1" = -u ] || bail "sudo $*: only sudo -u USER is used"
	_u=$2; shift 2
	runuser -u "$_u" -- env PATH="$PATH" "$@"
}
# as USER CMD... — an OS user running a command in their own shell.
as() { _u=$1; shift; runuser -u "$_u" -- env PATH="$PATH" "$@"; }

# q USER SQL — SQL as the superuser in database $DB (web.sh's helpers).
q() {
	shift
	runuser -u postgres -- psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" -c "$*"
}

NMIG=$(find "$top/sql" -name '[0-9][0-9][0-9]_*.sql' | wc -l)

# --- make install ------------------------------------------------------

doc_has README.md 'make install PREFIX=/usr/local'
echo "# make install PREFIX=$PREFIX (build in $T/build)"
make -C "$top" --no-print-directory -j2 B="$T/build" PREFIX="$PREFIX" SYSCONFDIR="$ETC" \
    UNITDIR="$UNITDIR" SYSUSERSDIR="$SYSUSERSDIR" install >"$T/install.log" 2>&1
rc=$?
ok $rc 'make install into a staging prefix'
[ $rc -eq 0 ] || { sed 's/^/#   /' "$T/install.log" | tail -30; bail "make install failed"; }
export PATH="$PREFIX/bin:$PREFIX/sbin:$PATH"

for f in "$PREFIX/bin/pishkhanctl" "$PREFIX/bin/pishkhan-console" "$PREFIX/sbin/pishkhan-web"; do
	[ -x "$f" ]; ok $? "installed: ${f#"$T"/}"
done
for m in "$top"/man/*.[1-9]; do
	[ -f "$PREFIX/share/man/man${m##*.}/${m##*/}" ]; ok $? "installed: the man page ${m##*/}"
done
is "$(find "$PREFIX/share/pishkhan/sql" -name '[0-9][0-9][0-9]_*.sql' | wc -l)" "$NMIG" 'installed: every migration'
doc_has man/pishkhanctl.8 'conninfo = dbname=pishkhan'
like "$(cat "$CONFFILE" 2>&1)" '^conninfo = dbname=pishkhan$' 'the installed config names the database, as pishkhanctl(8) shows'
like "$(cat "$CONFFILE" 2>&1)" "^sql_dir = $PREFIX/share/pishkhan/sql\$" 'and the installed migrations'
doc_has man/pishkhan.7 'systemd-sysusers'
is "$(getent passwd pishkhan-web | cut -d: -f6,7)" '/nonexistent:/usr/sbin/nologin' 'sysusers: the user pishkhan-web, who cannot log in'
is "$(getent passwd pishkhan-sms | cut -d: -f6,7)" '/nonexistent:/usr/sbin/nologin' 'sysusers: the user pishkhan-sms'
is "$(id -gn pishkhan-web 2>&1) $(id -gn pishkhan-sms 2>&1)" 'pishkhan pishkhan' 'both in the group pishkhan'

# unit_key UNIT KEY — the value of KEY= in the installed unit.
unit_key() { sed -n "s/^$2=//p" "$UNITDIR/pishkhan-$1.service"; }
for u in web sms; do
	e=$(unit_key "$u" ExecStart)
	like "$e" "^$PREFIX/s?bin/" "pishkhan-$u.service: ExecStart= names the installed program"
	is "$(unit_key "$u" User):$(unit_key "$u" Group)" "pishkhan-$u:pishkhan" "pishkhan-$u.service: runs as pishkhan-$u, group pishkhan"
done

# --- the database --------------------------------------------------------

# As Debian's postgresql package makes its cluster on a machine with no
# locale (a fresh container): SQL_ASCII, C.  The createdb of the documents
# must still make a UTF-8 database.
PORT=$(free_port)
env -u LANG -u LC_ALL -u LANGUAGE pg_createcluster "$V" "$CL" -p "$PORT" --start >"$T/cluster.log" 2>&1
ok $? "pg_createcluster $V $CL -p $PORT"
export PGPORT="$PORT"
unset PGHOST PGUSER PGDATABASE
HBA=/etc/postgresql/$V/$CL/pg_hba.conf
IDENT=/etc/postgresql/$V/$CL/pg_ident.conf

doc_has man/pishkhanctl.8 '# chmod 644 /etc/pishkhan/pishkhan.conf'
chmod 644 "$CONFFILE"
is "$(pishkhanctl config check 2>&1)" "$CONFFILE: ok" 'pishkhanctl config check: ok'

# --- pg_hba.conf and pg_ident.conf, as pishkhan(7) shows them ----------

# The literal block after "In pg_hba.conf" and after "and in pg_ident.conf".
man_block() {
	sed -n "/$1/,/^\\.Ed/p" "$top/man/pishkhan.7" | sed -n '/^\.Bd/,/^\.Ed/p' |
	    grep -v -e '^\.' -e '^#' | sed 's/\\-/-/g'
}
man_block '^\.Pa pg_hba\.conf ,$' >"$T/hba.lines"
man_block '^\.Pa pg_ident\.conf :$' >"$T/ident.lines"
is "$(wc -l <"$T/hba.lines")" 2 'pishkhan(7): two pg_hba.conf lines'
is "$(wc -l <"$T/ident.lines")" 2 'pishkhan(7): two pg_ident.conf lines'
# "before any other line for the database pishkhan": at the top.
{ cat "$T/hba.lines"; cat "$HBA"; } >"$T/hba.new" && cat "$T/hba.new" >"$HBA"
cat "$T/ident.lines" >>"$IDENT"
doc_has man/pishkhan.7 "# sudo -u postgres psql -c 'SELECT pg_reload_conf()'"
is "$(sudo -u postgres psql -X -A -t -c 'SELECT pg_reload_conf()')" t 'reload the server'
is "$(sudo -u postgres psql -X -A -t -c 'SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL')" 0 \
    'pg_hba.conf has no line PostgreSQL refuses'

# --- README's Operation section, line by line ----------------------------

# Its first block, without `make install` (done above, into the staging
# prefix) and the comments; maryam and reza are OS users of this machine.
useradd -M -s /bin/sh "$CLERK" || bail "useradd $CLERK"
useradd -M -s /bin/sh "$MEMBER" || bail "useradd $MEMBER"
sed -n '/^## Operation/,/^## /p' "$top/README.md" | sed -n '/^```sh/,/^```/p' |
    grep -v -e '^```' -e '^make install' | sed -e 's/  *# .*//' \
    -e "s/maryam/$CLERK/g" -e "s/reza/$MEMBER/g" >"$T/readme.cmds"
like "$(head -1 "$T/readme.cmds")" '^sudo -u postgres createdb ' 'README: the block goes on with createdb'
# Up to db status before the services; the citizens' lines once there is one.
n=$(grep -n '^pishkhanctl db status' "$T/readme.cmds" | cut -d: -f1)
like "$n" '^[0-9]+$' 'README: the block has db status'
head -"$n" "$T/readme.cmds" >"$T/readme.1"
tail -n +"$((n + 1))" "$T/readme.cmds" >"$T/readme.2"

# readme FILE — each line as README says: `sudo -u postgres ...` as root,
# the others as maryam (the admin $CLERK), in her own shell and in a
# directory of her own, where the files README's lines name are: the
# year's holidays (1405.txt), which she imports, and report.html, which
# she writes.
HOMEDIR=$T/home.$CLERK
mkdir -p "$HOMEDIR" || bail "mkdir $HOMEDIR"
cat >"$HOMEDIR/1405.txt" <<'HOLIDAYS'
# The lunar holidays of 1405, as announced
۱۴۰۵/۰۴/۰۴ تاسوعای حسینی
۱۴۰۵/۰۴/۰۵ عاشورای حسینی
HOLIDAYS
chown -R "$CLERK" "$HOMEDIR"
readme() {
	_i=0
	while IFS= read -r _l; do
		_i=$((_i + 1))
		case $_l in
		sudo\ *) (eval "$_l") >"$T/readme.$_i.out" 2>"$T/readme.$_i.err" </dev/null ;;
		*) (cd "$HOMEDIR" && as "$CLERK" sh -c "$_l") >"$T/readme.$_i.out" 2>"$T/readme.$_i.err" </dev/null ;;
		esac
		_rc=$?
		ok $_rc "README: $_l"
		[ $_rc -eq 0 ] || sed 's/^/#   /' "$T/readme.$_i.err"
		case $_l in
		*"db migrate"*) cp "$T/readme.$_i.out" "$T/migrate.out"; cp "$T/readme.$_i.err" "$T/migrate.err" ;;
		*"citizens show"*) cp "$T/readme.$_i.out" "$T/citizen.out" ;;
		esac
	done <"$1"
}
readme "$T/readme.1"

is "$(q postgres "SELECT pg_encoding_to_char(encoding) || ' ' || daticulocale FROM pg_database WHERE datname = 'pishkhan'")" \
    'UTF8 fa' 'createdb: the database is UTF-8 with the ICU locale fa'
is "$(q postgres "SELECT datctype FROM pg_database WHERE datname = 'pishkhan'")" 'C.UTF-8' \
    'and a UTF-8 LC_CTYPE'
is "$(tail -1 "$T/migrate.err")" "pishkhanctl: $NMIG migrations applied, $NMIG in all" "db migrate: $NMIG applied"
is "$(grep -c '^applied	' "$T/migrate.out")" "$NMIG" 'one line per migration applied'
is "$(q postgres "SELECT count(*) FROM pishkhan.schema_migrations")" "$NMIG" 'the schema is in the database pishkhan'
is "$(DB=postgres q postgres "SELECT count(*) FROM pg_namespace WHERE nspname = 'pishkhan'")" 0 'and not in postgres'
is "$(q postgres "SELECT name_fa FROM pishkhan.units WHERE code = '156301'")" 'واحد آمار و فناوری اطلاعات' \
    'units add: the Persian name is stored as typed'
staff=$(as "$CLERK" pishkhanctl staff list 2>&1)
like "$staff" "^$CLERK	.*clerk,admin	" 'staff list: maryam is clerk and admin'
like "$staff" "^$MEMBER	.*clerk		" 'and reza, added to the unit by her, is now a clerk of no unit'
is "$(q postgres "SELECT value FROM pishkhan.settings WHERE key = 'letter_number_format'")" '{unit_code}/{year}/{seq}' \
    'the letter number format is set'
like "$(as nobody pishkhanctl reasons list 2>&1; echo "rc=$?")" 'rc=[13]$' 'an OS user who is not staff gets nothing'

# --- the services, as systemd would start them ---------------------------

# service UNIT — start it as the unit says: its User= and Group=, its
# ExecStart=, in the environment systemd gives a service (PATH, and HOME,
# USER, LOGNAME, SHELL for User=) and PGPORT.  setpriv execs the program,
# so $! is the service's own process, which gets the signals.
service() {
	_u=$(unit_key "$1" User)
	# shellcheck disable=SC2046 # ExecStart= split into words, as systemd does
	env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	    HOME="$(getent passwd "$_u" | cut -d: -f6)" USER="$_u" LOGNAME="$_u" \
	    SHELL="$(getent passwd "$_u" | cut -d: -f7)" PGPORT="$PGPORT" \
	    setpriv --reuid="$_u" --regid="$(unit_key "$1" Group)" --init-groups -- \
	    $(unit_key "$1" ExecStart) 2>"$T/$1.log" &
}
# The SMS worker with the installed configuration: the file driver, into
# /var/lib/pishkhan/sms.txt, the directory its unit's StateDirectory= has
# systemd make.  Made here as systemd would, if this machine has none.
SD=/var/lib/$(unit_key sms StateDirectory)
made_sd=''
if [ -e "$SD" ]; then
	ok 0 "# SKIP $SD exists on this machine"
else
	made_sd=$SD
	install -d -o "$(unit_key sms User)" -g "$(unit_key sms Group)" -m "$(unit_key sms StateDirectoryMode)" "$SD"
	service sms
	SMS_PID=$!
	doc_has man/pishkhan.conf.5 'file = /var/lib/pishkhan/sms.txt'
	FID=$(as "$CLERK" pishkhanctl sms test 09121234567 2>&1)
	i=0
	while [ $i -lt 100 ] && [ "$(as "$CLERK" pishkhanctl sms show "$FID" 2>/dev/null | sed -n 's/^status	//p')" != sent ]; do
		sleep 0.1; i=$((i + 1))
	done
	like "$(cat "$SD/sms.txt" 2>&1)" '09121234567|\+989121234567' "the worker, as pishkhan-sms, wrote the message to $SD/sms.txt"
	kill -TERM "$SMS_PID"; wait "$SMS_PID"
	ok $? 'and stopped with 0 on SIGTERM'
	SMS_PID=''
	rm -rf "$SD"; made_sd=''
fi

GW_PORT=$(free_port)
"$GW" -p "$GW_PORT" -o "$T/gw.rec" 2>"$T/gw.err" &
GW_PID=$!
WEB_PORT=$(free_port)
# set_key SECTION KEY VALUE — uncomment and set a key of the example config.
set_key() {
	awk -v s="[$1]" -v k="$2" -v v="$3" '
	    /^\[/ { sec = $0 }
	    sec == s && !done && ($0 ~ "^; " k " =" || $0 ~ "^" k " =") { print k " = " v; done = 1; next }
	    { print }' "$CONFFILE" >"$CONFFILE.new" && cat "$CONFFILE.new" >"$CONFFILE" && rm -f "$CONFFILE.new"
}
set_key web port "$WEB_PORT"
set_key sms driver http
set_key sms url "http://127.0.0.1:$GW_PORT/send"
set_key sms content_type application/json
set_key sms body "'{\"to\":\"\${to}\",\"text\":\"\${text}\",\"id\":\"\${id}\"}'"
set_key sms id_json entries.0.messageid
is "$(pishkhanctl config check 2>&1)" "$CONFFILE: ok" 'the config with the port and the gateway: ok'

service web
WEB_PID=$!
service sms
SMS_PID=$!
URL="http://127.0.0.1:$WEB_PORT"
i=0
while [ $i -lt 100 ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" != 200 ]; do
	kill -0 "$WEB_PID" 2>/dev/null || break
	sleep 0.1; i=$((i + 1))
done
is "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" 200 'pishkhan-web answers /healthz'
[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" = 200 ] || { sed 's/^/#   /' "$T/web.log"; bail "pishkhan-web did not start"; }
is "$(curl -s "$URL/healthz")" ok '/healthz says ok'
like "$(curl -s "$URL/")" 'ارسال کد' 'the Persian login page'
like "$(q postgres "SELECT string_agg(DISTINCT usename, ',') FROM pg_stat_activity WHERE datname = 'pishkhan'")" \
    'pishkhan_web' 'the web is connected as pishkhan_web (ident map)'
i=0
while [ $i -lt 50 ] && [ -z "$(q postgres "SELECT 1 FROM pg_stat_activity WHERE usename = 'pishkhan_sms'")" ]; do
	sleep 0.1; i=$((i + 1))
done
is "$(q postgres "SELECT count(*) > 0 FROM pg_stat_activity WHERE usename = 'pishkhan_sms'")" t \
    'the SMS worker is connected as pishkhan_sms (ident map)'
is "$(ps -o user:20=,group:20= -p "$WEB_PID" | tr -s ' ')" 'pishkhan-web pishkhan' 'pishkhan-web runs as its user and group'
is "$(ps -o user:20=,group:20= -p "$SMS_PID" | tr -s ' ')" 'pishkhan-sms pishkhan' 'the SMS worker runs as its user and group'

# --- a citizen's letter ---------------------------------------------------

# The login code, as the citizen reads it on the phone: the gateway's record.
last_code() { gw_code "$T/gw.rec" "$1"; }
J=$T/citizen.jar
M='+989121234567'
login "$J" "$M"
page=$(web "$J" "$URL/")
like "$page" 'نام و نام خانوادگی' 'the citizen logged in with the code the worker sent to the gateway'

mk_files
U=$(q postgres "SELECT id FROM pishkhan.units WHERE code = '156301'")
c=$(printf '%s' "$page" | csrf_of)
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$J" -c "$J" --form-string "csrf=$c" \
    --form-string "token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
    --form-string 'name=مریم احمدی' --form-string "unit=$U" --form-string 'subject=درخواست گواهی' \
    -F "letter=@$FILES/letter.pdf" "$URL/letters/new")
like "$st" '^30[0-9]$' 'the letter is sent (redirect to the history)'
is "$(q postgres "SELECT status FROM pishkhan.letters WHERE subject = 'درخواست گواهی'")" review 'the letter is under review'
LID=$(q postgres "SELECT id FROM pishkhan.letters WHERE subject = 'درخواست گواهی'")

# The rest of README's block, now that 09121234567 is a citizen.
readme "$T/readme.2"
is "$(q postgres "SELECT count(*) FROM pishkhan.holidays")" 2 'holidays import: the two holidays of 1405.txt'
like "$(head -c 300 "$HOMEDIR/report.html" 2>&1)" 'dir="rtl"' 'report --html: report.html is a right-to-left page'
like "$(cat "$T/citizen.out")" '^letters_last_hour	1	10$' 'citizens show: one letter in the last hour, of 10'
like "$(cat "$T/citizen.out")" '^letters_last_day	1	50$' 'of 50 a day, as README set it'
is "$(q postgres "SELECT count(*) FROM pishkhan.citizen_limit_lifts")" 1 'citizens lift: the lift is kept'

# --- the clerk approves it in the console, as herself ----------------------

tm new-session -d -x 100 -y 30 \
    "env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin TERM=xterm-256color LANG=C.UTF-8 LANGUAGE=en PGPORT=$PGPORT runuser -u $CLERK -- $PREFIX/bin/pishkhan-console 2>$T/console.err; echo console-exited-\$?; sleep 30"
TM_ERR=$T/console.err
see 'Letters: Under review' "pishkhan-console opens the queue for $CLERK"
see '1 letter' 'the letter is in the queue'
tm send-keys a
see 'Approve the letter' 'a asks for confirmation'
tm send-keys y
see 'Approved: letter number 156301/1[34][0-9]{2}/1,' 'approved, numbered in the format README set'
like "$(q postgres "SELECT status, letter_no, decided_by FROM pishkhan.letters WHERE id = $LID")" \
    "^approved\|156301/1[34][0-9]{2}/1\|$CLERK\$" 'the letter is approved, by the clerk'
is "$(q postgres "SELECT count(*) FROM pishkhan.letter_events WHERE letter_id = $LID AND kind = 'approved' AND actor = '$CLERK'")" 1 \
    'the audit log names the clerk'
tm send-keys q
wait_for 'console-exited-' 5
like "$(screen)" 'console-exited-0' 'the console quits with 0'

# --- the SMS worker delivers the approval ----------------------------------

SID=$(q postgres "SELECT id FROM pishkhan.sms_outbox WHERE letter_id = $LID AND event = 'approved'")
i=0
while [ $i -lt 100 ] && [ "$(q postgres "SELECT status FROM pishkhan.sms_outbox WHERE id = ${SID:-0}")" != sent ]; do
	sleep 0.1; i=$((i + 1))
done
is "$(q postgres "SELECT status FROM pishkhan.sms_outbox WHERE id = ${SID:-0}")" sent 'the approval SMS is sent'
is "$(grep -c "\"to\":\"+989121234567\".*\"id\":\"$SID\"" "$T/gw.rec")" 1 'the gateway got it once, for the citizen'

# PostgreSQL restarts under the services (an upgrade of the server, say):
# pishkhan-web(8) says /healthz is 503 while it is down and ok once it is
# back; the worker reconnects and sends what was queued meanwhile.
pg_ctlcluster "$V" "$CL" stop -m fast
ok $? 'PostgreSQL stops under the services'
is "$(curl -s -o /dev/null -m 30 -w '%{http_code}' "$URL/healthz")" 503 '/healthz: 503 while the database is down'
pg_ctlcluster "$V" "$CL" start
ok $? 'PostgreSQL starts again'
is "$(curl -s -m 30 "$URL/healthz")" ok '/healthz: ok again, the web reconnected'
doc_has man/pishkhanctl.8 '$ pishkhanctl sms test 09121234567'
TID=$(as "$CLERK" pishkhanctl sms test 09121234567 2>&1)
like "$TID" '^[0-9]+$' 'sms test, as the admin: the id of the message'
i=0
while [ $i -lt 150 ] && ! grep -q "\"id\":\"$TID\"" "$T/gw.rec"; do sleep 0.1; i=$((i + 1)); done
is "$(grep -c "\"id\":\"$TID\"" "$T/gw.rec")" 1 'the worker, reconnected, sent it to the gateway'
like "$(as "$CLERK" pishkhanctl sms show "$TID" 2>&1)" '^status	sent$' 'sms show: sent'

# Stop the services as systemd would (SIGTERM); both exit 0.
kill -TERM "$WEB_PID" "$SMS_PID"
wait "$WEB_PID"; rc_web=$?
wait "$SMS_PID"; rc_sms=$?
WEB_PID='' SMS_PID=''
is "$rc_web:$rc_sms" 0:0 'SIGTERM stops the web and the worker with 0'

# --- backup and restore, with pishkhan(7)'s commands -----------------------

# The commands of BACKUPS, as the page shows them, /var/backups -> $BK.
sed -n '/^\.Sh BACKUPS/,/^\.Sh /p' "$top/man/pishkhan.7" | sed -n 's/^# //p' |
    sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" >"$T/backup.cmds"
is "$(wc -l <"$T/backup.cmds")" 6 'pishkhan(7): three commands to back up, three to restore'
sed "s|/var/backups|$BK|g" "$T/backup.cmds" >"$T/backup.sh"
head -3 "$T/backup.sh" >"$T/backup.1"
tail -3 "$T/backup.sh" >"$T/backup.2"
sed 's/^/# backup: /' "$T/backup.1"
(. "$T/backup.1") 2>"$T/backup.err"
ok $? 'backup: the commands of pishkhan(7) succeed'
[ -s "$T/backup.err" ] && sed 's/^/#   /' "$T/backup.err"
is "$(stat -c %a "$BK/pishkhan.dump" "$BK/pishkhan-roles.sql" 2>&1 | tr '\n' ' ')" '600 600 ' 'the backups are readable by root only'

PORTB=$(free_port)
env -u LANG -u LC_ALL -u LANGUAGE pg_createcluster "$V" "$CLB" -p "$PORTB" --start >>"$T/cluster.log" 2>&1
ok $? "a new server: pg_createcluster $V $CLB -p $PORTB"
sed 's/^/# restore: /' "$T/backup.2"
out=$(PGPORT=$PORTB; export PGPORT; . "$T/backup.2" 2>&1)
ok $? 'restore: the commands of pishkhan(7) succeed'
printf '%s\n' "$out" | sed 's/^/#   /'
like "$(printf '%s\n' "$out" | tail -$((NMIG)) | cut -f2 | sort -u)" '^applied$' 'db status on the new server: every migration applied'
is "$(PGPORT=$PORTB q postgres "SELECT pg_encoding_to_char(encoding) || ' ' || daticulocale FROM pg_database WHERE datname = 'pishkhan'")" \
    'UTF8 fa' 'pg_restore -C made the database UTF-8 with the ICU locale fa'
unlike "$(printf '%s\n' "$out" | grep ERROR | grep -v 'ERROR:  role "postgres" already exists')" 'ERROR' \
    'restore: the one error is the superuser that exists, as pishkhan(7) says'

# pg_dump's \restrict lines carry a random key (PostgreSQL 15.14), and a
# restored schema is deparsed anew (policies' roles in another order, CHECKs
# with other parentheses); the data and the roles must come back as they were.
nokey() { grep -v '^\\\(un\)\{0,1\}restrict '; }
sudo -u postgres pg_dump --data-only pishkhan | nokey >"$T/old.sql"
PGPORT=$PORTB sudo -u postgres pg_dump --data-only pishkhan | nokey >"$T/new.sql"
is "$(grep -c '^COPY pishkhan\.\(files\|letters\|letter_events\|sms_outbox\|staff\) ' "$T/old.sql")" 5 \
    'the dump holds the letters, their files and events, the outbox and the staff'
cmp -s "$T/old.sql" "$T/new.sql"
ok $? 'the restored database: its data dumps byte for byte as the original'
cmp -s "$T/old.sql" "$T/new.sql" || diff "$T/old.sql" "$T/new.sql" | head -20 | sed 's/^/#   /'
sudo -u postgres pg_dumpall --roles-only | nokey >"$T/old.roles"
PGPORT=$PORTB sudo -u postgres pg_dumpall --roles-only | nokey >"$T/new.roles"
like "$(cat "$T/old.roles")" "^CREATE ROLE $CLERK;" 'the roles hold the clerk'
cmp -s "$T/old.roles" "$T/new.roles"
ok $? 'the roles of the new server are those of the old, byte for byte'
cmp -s "$T/old.roles" "$T/new.roles" || diff "$T/old.roles" "$T/new.roles" | head -20 | sed 's/^/#   /'
# "To restore over an existing database, drop it first, with the services
# stopped": on the new server, over the database just restored.
doc_has man/pishkhan.7 'sudo -u postgres dropdb pishkhan'
(PGPORT=$PORTB; export PGPORT; sudo -u postgres dropdb pishkhan && sed -n 2p "$T/backup.2" | { read -r l; eval "$l"; }) 2>&1 |
    sed 's/^/#   /'
PGPORT=$PORTB sudo -u postgres pg_dump --data-only pishkhan | nokey >"$T/new2.sql"
cmp -s "$T/old.sql" "$T/new2.sql"
ok $? 'dropdb and pg_restore again: the same data, byte for byte'

files="SELECT string_agg(encode(sha256, 'hex'), ',' ORDER BY id) FROM pishkhan.files"
is "$(PGPORT=$PORTB q postgres "$files")" "$(sha256sum <"$FILES/letter.pdf" | cut -d' ' -f1)" \
    "the restored letter's file has the citizen's file's SHA-256"

# --- an upgrade: install again, migrate again ------------------------------

before=$(sha256sum "$CONFFILE")
make -C "$top" --no-print-directory -j2 B="$T/build" PREFIX="$PREFIX" SYSCONFDIR="$ETC" \
    UNITDIR="$UNITDIR" SYSUSERSDIR="$SYSUSERSDIR" install >"$T/install2.log" 2>&1
ok $? 'make install again (a new release)'
is "$(sha256sum "$CONFFILE")" "$before" 'the config is kept'
doc_has man/pishkhanctl.8 '# sudo -u postgres pishkhanctl db status'
sudo -u postgres pishkhanctl db status >/dev/null 2>&1
ok $? 'db status: nothing pending'
# shellcheck disable=SC2024 # root's shell writes, as the documents have it
sudo -u postgres pishkhanctl db migrate >"$T/migrate2.out" 2>"$T/migrate2.err"
ok $? 'a second db migrate exits 0'
is "$(cat "$T/migrate2.out")" '' 'and applies nothing'
is "$(cat "$T/migrate2.err")" "pishkhanctl: 0 migrations applied, $NMIG in all" 'and says so'

done_testing
