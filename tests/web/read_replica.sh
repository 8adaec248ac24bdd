#!/bin/sh
# tests/web/read_replica.sh — the history and letter pages read from a
# streaming standby (web.read_conninfo; issue 15, item 4): a real one, made
# with pg_basebackup -R from a primary of this suite's own.  Which server
# answered is read from pishkhan_web_reads_total and the standby's
# pg_stat_activity, and seen in what the pages show while the standby's
# replay is paused: a citizen always sees the letter they have just sent
# (read-your-writes), others may see the standby's older rows only within
# web.read_max_lag; past it, or with the standby stopped, the primary answers.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"
. "$PK_SRCDIR/scripts/pg.sh"

# A primary and a standby of our own: the shared cluster is not replicated.
PDIR="$PK_TMP/rprimary.$$"
SDIR="$PK_TMP/rstandby.$$"
cleanup() {
	stop_web
	pg_stop "$SDIR"
	pg_stop "$PDIR"
	rm -rf "$PDIR" "$SDIR"
}
trap cleanup EXIT
pg_init "$PDIR" throwaway && pg_start "$PDIR" || bail "cannot start a private PostgreSQL"
PGHOST=$(cd "$PDIR" && pwd -P); export PGHOST
printf '[database]\nconninfo = dbname=%s\nsql_dir = %s/sql\n' "$PK_TEMPLATE" "$PK_SRCDIR" \
    >"$PK_TMP/rprimary.$$.conf"
createdb -U "$PGUSER" "$PK_TEMPLATE" &&
    ctl -c "$PK_TMP/rprimary.$$.conf" db migrate >/dev/null 2>&1 || bail "cannot migrate"
DB=$(new_db)
setup_org

# The standby: a base backup with its recovery settings (-R), its own socket.
mkdir -p "$SDIR" && chmod 700 "$SDIR"
[ "$(id -u)" = 0 ] && chown postgres: "$SDIR"
pg_as "$(pg_bindir)/pg_basebackup" -h "$PGHOST" -U "$PGUSER" -D "$SDIR/data" -R \
    -X stream -c fast >"$SDIR.log" 2>&1 || bail_log "$SDIR.log" "pg_basebackup failed"
printf "unix_socket_directories = '%s'\n" "$SDIR" | pg_as tee -a "$SDIR/data/postgresql.conf" >/dev/null
pg_start "$SDIR" || bail "the standby did not start"
SHOST=$(cd "$SDIR" && pwd -P)
sq() { psql -X -q -A -t -h "$SHOST" -U "$PGUSER" -d "$DB" -c "$*"; }	# on the standby
is "$(sq 'SELECT pg_is_in_recovery()')" t 'the standby is in recovery (a physical replica)'
is "$(q "$PGUSER" "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" 1 \
    '  streaming from the primary'

# until CONDITION... — wait up to 10 s for the shell condition
until_() {
	_i=0
	while ! eval "$*" && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
	eval "$*"
}
# The standby has replayed all the primary has written so far.
caught_up() {
	_want=$(q "$PGUSER" "SELECT pg_current_wal_insert_lsn()")
	until_ "[ \"\$(sq \"SELECT pg_last_wal_replay_lsn() >= '$_want'\")\" = t ]"
}
MPORT=$(perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(Listen => 1,
    LocalAddr => "127.0.0.1", LocalPort => 0)->sockport')
MURL="http://127.0.0.1:$MPORT"
met() { curl -s "$MURL/metrics" | awk -v k="$1" '$1 == k { print $2 }'; }
reads() { met "pishkhan_web_reads_total{server=\"$1\"}"; }
usable() { [ "$(met pishkhan_web_standby_usable)" = "$1" ]; }
# counted CMD... — run CMD (its output in $PK_TMP/out.$$); sets DS and DP,
# the reads it added on the standby and on the primary
counted() {
	_s=$(reads standby); _p=$(reads primary)
	"$@" >"$PK_TMP/out.$$"
	DS=$(($(reads standby) - _s)); DP=$(($(reads primary) - _p))
}
web_on() {	# web_on MAX-LAG — (re)start the web with the standby
	stop_web
	start_web "code_wait = 0
codes_per_ip = 1000
metrics_port = $MPORT
read_conninfo = host=$SHOST dbname=$DB
read_max_lag = $1"
}
get() { web "$1" -o "$PK_TMP/page.$$" -w '%{http_code}' "$URL$2"; }
page() { cat "$PK_TMP/page.$$"; }

web_on 30
like "$(cat "$WEBLOG")" 'read from the standby when it is at most 30s behind' \
    'the log says the standby is configured, with its bound'
A='+989121234567'
B='+989121234568'
JA="$PK_TMP/ra.$$.jar"
JB="$PK_TMP/rb.$$.jar"
login "$JA" "$A"
login "$JB" "$B"
L1=$(mk_letter "$A" 156301 'نامهٔ نخست')
caught_up
until_ usable 1
ok $? 'the standby is usable once it has caught up (pishkhan_web_standby_usable 1)'

# --- the pages from the standby
counted get "$JA" /letters
is "$(page | grep -c 'نامهٔ نخست')" 1 'history: the letter is listed'
is "$DS/$DP" 1/0 '  read from the standby, not the primary'
is "$(sq "SELECT count(*) > 0 FROM pg_stat_activity WHERE application_name = 'pishkhan-web-read'
    AND datname = '$DB'")" t "  the standby's pg_stat_activity shows the web's read connection"
counted get "$JA" "/letter/$L1"
like "$(page)" 'نامهٔ نخست' "a letter's page"
is "$DS/$DP" 1/0 '  from the standby'
counted get "$JA" "/letter/$L1?latest=1"
is "$DS/$DP" 0/1 '"the latest status" (?latest=1) is asked of the primary'
counted get "$JB" "/letter/$L1"
is "$(page | grep -c 'نامهٔ نخست')" 0 "another citizen's letter is not found on the standby either"

# --- read-your-writes: the standby's replay paused, within the 30 s bound
sq 'SELECT pg_wal_replay_pause()' >/dev/null
until_ "[ \"\$(sq 'SELECT pg_get_wal_replay_pause_state()')\" = paused ]"
ok $? "the standby's replay is paused"
# submit JAR SUBJECT — the form, as letters.sh sends it; the history it
# is redirected to is the page (counted: both requests)
submit() {
	_c=$(web "$1" "$URL/" | csrf_of)
	web "$1" -L -o "$PK_TMP/page.$$" --form-string "csrf=$_c" \
	    --form-string "token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
	    --form-string 'name=شرکت عصر ارتباط' --form-string "unit=$(unit_id 156301)" \
	    --form-string "subject=$2" -F "letter=@$FILES/letter.pdf" "$URL/letters/new"
}
mk_files
counted submit "$JA" 'نامهٔ تازه'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.letters WHERE subject = 'نامهٔ تازه'")" 1 \
    'a letter submitted through the site'
is "$(sq "SELECT count(*) FROM pishkhan.letters WHERE subject = 'نامهٔ تازه'")" 0 \
    '  which the paused standby does not have'
like "$(page)" 'نامهٔ تازه' '  and the history it leads to shows it (read-your-writes)'
is "$DS/$DP" 0/1 '  read from the primary'
like "$(grep 'pk_wrote' "$JA")" 'pk_wrote	[0-9a-f]{16}-[0-9a-f]{32}$' \
    '  the cookie holds the WAL position of the write, signed'
counted get "$JA" /letters
like "$(page)" 'نامهٔ تازه' 'the next visit shows it too'
is "$DS/$DP" 0/1 '  from the primary, while the standby has not replayed it'
is "$(met pishkhan_web_standby_usable)" 1 '  the standby, 30 s bound, still usable for others'
counted get "$JB" /letters
is "$DS/$DP" 1/0 '  and another citizen reads from it'
# The same browser without the cookie: the standby's view (older, within
# the bound); with a forged one: the same.
grep -v pk_wrote "$JA" >"$JA.nocookie"
counted get "$JA.nocookie" /letters
is "$(page | grep -c 'نامهٔ تازه')/$DS" 0/1 \
    'without the cookie the standby answers, and does not have the letter yet'
SA=$(awk '$6 == "pk_session" { print $7 }' "$JA")
counted curl -s -o "$PK_TMP/page.$$" \
    -H "Cookie: pk_session=$SA; pk_wrote=ffffffffffffffff-00000000000000000000000000000000" \
    "$URL/letters"
is "$DS/$DP" 1/0 'a forged cookie is ignored (its MAC is wrong)'

# --- the bound: 1 s.  Caught up, then paused with the primary writing.
web_on 1
sq 'SELECT pg_wal_replay_resume()' >/dev/null
caught_up
until_ usable 1
ok $? 'a web with read_max_lag = 1: the standby, caught up, is usable'
sq 'SELECT pg_wal_replay_pause()' >/dev/null
mk_letter "$B" 156301 'نامه‌ای در غیاب بازپخش' >/dev/null
until_ usable 0
ok $? 'paused past web.read_max_lag with the primary writing: not usable (pishkhan_web_standby_usable 0)'
like "$(cat "$WEBLOG")" 'standby: not used for reads: it is further behind than web.read_max_lag' \
    '  the log says why'
like "$(met pishkhan_web_standby_lag_bytes)" '^[1-9][0-9]*$' '  pishkhan_web_standby_lag_bytes shows how far'
counted get "$JB" /letters
like "$(page)" 'نامه‌ای در غیاب بازپخش' "  the history is the primary's, with the newest letter"
is "$DS/$DP" 0/1 '  read from the primary'
sq 'SELECT pg_wal_replay_resume()' >/dev/null
caught_up
until_ usable 1
ok $? 'replay resumed: usable again'
like "$(cat "$WEBLOG")" 'standby: the history and letter pages read from it' '  the log says so'
counted get "$JB" /letters
is "$(page | grep -c 'نامه‌ای در غیاب بازپخش')/$DS" 1/1 '  and the standby has the newest letter now'

# An idle primary: a paused standby that has everything is as good as any,
# past the bound too (positions, not the time of the last replayed commit).
# Something may write WAL meanwhile (a checkpoint, a snapshot for standbys):
# then try again.
idle=no
for try in 1 2 3; do
	caught_up
	sq 'SELECT pg_wal_replay_pause()' >/dev/null
	until_ "[ \"\$(sq 'SELECT pg_get_wal_replay_pause_state()')\" = paused ]"
	sleep 2
	u=$(met pishkhan_web_standby_usable)
	if [ "$(sq "SELECT pg_last_wal_replay_lsn() >= '$(q "$PGUSER" \
	    "SELECT pg_current_wal_insert_lsn()")'")" = t ]; then
		idle=yes
		break
	fi
	sq 'SELECT pg_wal_replay_resume()' >/dev/null
done
is "$idle/$u" yes/1 'an idle primary, the standby paused 2 s with all of it: still usable'
sq 'SELECT pg_wal_replay_resume()' >/dev/null

# --- a read that fails on the standby runs on the primary.  The web's
# read connections there are ended, and new ones refused (the standby's
# own pg_hba.conf, which is not replicated, rejects the web's role); the
# checker's session, already open, still finds the standby usable, so the
# request tries it and fails over by itself.
pg_as sed -i '1i local all pishkhan_web reject' "$SDIR/data/pg_hba.conf"
sq 'SELECT pg_reload_conf()' >/dev/null
sleep 0.5
sq "SELECT count(pg_terminate_backend(pid)) >= 0 FROM pg_stat_activity
    WHERE application_name = 'pishkhan-web-read'" >/dev/null
until_ "[ \"\$(sq \"SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pishkhan-web-read'\")\" = 0 ]"
is "$(met pishkhan_web_standby_usable)" 1 'the standby refuses new sessions; the checker still finds it usable'
counted get "$JA.nocookie" /letters
is "$(cat "$PK_TMP/out.$$")" 200 '  a history page that the standby cannot answer: 200'
like "$(page)" 'نامهٔ نخست' '  with the letters'
is "$DS/$DP" 0/1 '  read from the primary instead'
like "$(cat "$WEBLOG")" 'standby: .*; read from the primary' '  and the log says so'
pg_as sed -i '1d' "$SDIR/data/pg_hba.conf"
sq 'SELECT pg_reload_conf()' >/dev/null

# --- the standby stopped: every page from the primary, nothing lost
pg_stop "$SDIR"
counted get "$JA" /letters
is "$(cat "$PK_TMP/out.$$")" 200 'the standby stopped: the history still answers'
like "$(page)" 'نامهٔ نخست' '  with the letters'
is "$DS" 0 '  not from the standby'
counted get "$JA" "/letter/$L1"
like "$(page)" 'نامهٔ نخست' "  a letter's page too"
until_ usable 0
ok $? '  the standby is not usable (pishkhan_web_standby_usable 0)'
i=0
while [ $i -lt 5 ]; do
	st=$(get "$JB" /letters)
	[ "$st" = 200 ] || break
	i=$((i + 1))
done
is "$i" 5 '  five more history pages: all 200'
pg_start "$SDIR" || bail "the standby did not start again"
caught_up
until_ usable 1
ok $? 'the standby back: usable again'
counted get "$JA.nocookie" /letters
is "$DS/$DP" 1/0 '  and read from again (a new connection)'
curl -s "$MURL/metrics" >"$PK_TMP/scrape.$$"
is "$(perl "$PK_SRCDIR/tests/lib/promcheck.pl" "$PK_TMP/scrape.$$")" ok \
    'the metrics with the standby pass the strict check'

stop_web
is "$WEB_RC" 0 'the web stops cleanly (the checker thread joined)'
done_testing
