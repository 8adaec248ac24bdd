# tests/lib/tap.sh — TAP for shell tests, and helpers for the database and
# the CLI (sourced by tests/db/*.sh and tests/cli/*.sh).
#
# The harness (tests/run.sh) exports PGHOST, PGUSER (the superuser), PK_BUILD
# (where the sanitizer build is) and PK_TEMPLATE (a migrated template
# database).

_tap_n=0
_tap_fail=0

ok() {	# ok CONDITION-EXIT-STATUS DESCRIPTION
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		# As Test::More: a failure is told on stderr too, which prove
		# shows even when it runs suites in parallel and quietly (CI).
		echo "#   Failed test $_tap_n in $(basename "$0"): $2" >&2
		_tap_fail=$((_tap_fail + 1))
	fi
}

is() {	# is GOT EXPECTED DESCRIPTION
	if [ "$1" = "$2" ]; then ok 0 "$3"; else
		ok 1 "$3"
		printf '#   got:      %s\n#   expected: %s\n' "$1" "$2" >&2
	fi
}

like() {	# like GOT PATTERN(grep -E) DESCRIPTION
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then ok 0 "$3"; else
		ok 1 "$3"
		printf '#   got:      %s\n#   pattern:  %s\n' "$1" "$2" | head -20 >&2
	fi
}

unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"
		printf '#   got:      %s\n#   must not match: %s\n' "$1" "$2" | head -20 >&2
	else ok 0 "$3"; fi
}

done_testing() {
	echo "1..$_tap_n"
	[ "$_tap_fail" -eq 0 ]
	exit $?
}

# bail_log FILE MESSAGE: bail with the end of FILE in the message itself;
# prove -j shows a bail's one line, not the suite's other output.
bail_log() {
	_f=$1; shift
	bail "$* (the end of $_f: $(tail -n 4 "$_f" 2>/dev/null | tr '\n' '|'))"
}

bail() {
	echo "Bail out! $*"
	exit 255
}

# new_db [SUFFIX] — a fresh database, copied from the migrated template;
# its name is printed.  A suite that needs a second one names it.
new_db() {
	_db="t_$(basename "$0" .sh | tr -c 'a-z0-9\n' '_')_$$${1:+_$1}"
	createdb -U "$PGUSER" -T "$PK_TEMPLATE" "$_db" >/dev/null || bail "createdb $_db"
	echo "$_db"
}

# sql_sandbox NAME — an empty database and a private copy of sql/ that the
# suite may change; sets DB, sqldir and conf (a configuration for both).
sql_sandbox() {
	DB="t_$1_$$"
	createdb "$DB" || bail "createdb $DB"
	sqldir="$PK_TMP/$1_sql.$$"
	mkdir -p "$sqldir"
	cp "$PK_SRCDIR"/sql/[0-9]*.sql "$sqldir/"
	conf="$PK_TMP/$1.$$.conf"
	printf '[database]\nconninfo = dbname=%s\nsql_dir = %s\n' "$DB" "$sqldir" >"$conf"
}

# q USER SQL... — run SQL as USER in $DB; stdout is the unaligned result,
# stderr holds "ERROR:  SQLSTATE: message" on failure.
q() {
	_u=$1; shift
	psql -X -q -A -t -v ON_ERROR_STOP=1 -v VERBOSITY=verbose \
	    -U "$_u" -d "$DB" -c "$*"
}

# qerr USER SQL — the SQLSTATE of the error SQL raises as USER, or "ok".
qerr() {
	_out=$(q "$@" 2>&1) && { echo ok; return; }
	printf '%s\n' "$_out" | sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p' | head -1
}

ctl() {	# pishkhanctl from the build under test
	"$PK_BUILD/console/pishkhanctl" "$@"
}

# setup_org — units, staff and reasons of a small organisation in $DB, made
# through pishkhanctl as the superuser.  OS users present on every Debian
# system stand in for staff: daemon (clerk), bin (unit 156301), sys (unit
# 156101), games (admin).  Roles belong to the cluster, shared by suites
# running in parallel: a suite that disables or changes a staff member uses
# an OS user no other suite uses (security.sh: mail; ctl.sh: nobody, lp;
# settings.sh: irc; staff_edit.sh: news, uucp, backup).
setup_org() {
	_conf="$PK_TMP/$DB.conf"
	printf '[database]\nconninfo = dbname=%s\nsql_dir = %s/sql\n' "$DB" "$PK_SRCDIR" >"$_conf"
	CONF=$_conf
	# Roles belong to the cluster, which suites running in parallel share.
	exec 9>"$PK_TMP/setup_org.lock"
	flock 9
	ctl -c "$CONF" units add 156301 'واحد آمار و فناوری اطلاعات' 'Statistics and IT Unit' &&
	ctl -c "$CONF" units add 156101 'حوزه ریاست' 'Office of the President' &&
	ctl -c "$CONF" staff add --clerk --name 'کارمند دبیرخانه' daemon &&
	ctl -c "$CONF" staff add --unit 156301 bin &&
	ctl -c "$CONF" staff add --unit 156101 sys &&
	ctl -c "$CONF" staff add --admin games || bail "setup_org failed"
	flock -u 9
	exec 9>&-
}

unit_id() {	# unit_id CODE
	q "$PGUSER" "SELECT id FROM pishkhan.units WHERE code = '$1'"
}

# mk_letter MOBILE UNIT_CODE SUBJECT — a letter with its PDF, submitted
# through the web role's functions exactly as the site does; prints its id.
mk_letter() {
	_u=$(unit_id "$2")
	_tok=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
	q pishkhan_web "
	    SELECT l.letter_id FROM web_citizen('$1') c(id),
	        LATERAL web_letter_submit(c.id, 'شرکت عصر ارتباط', $_u, '$3', '$_tok') l,
	        LATERAL web_letter_add_file(c.id, l.letter_id, 'main', 'نامه.pdf',
	            'application/pdf', '\x255044462d312e340a') f"
}
