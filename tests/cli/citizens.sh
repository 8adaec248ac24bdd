#!/bin/sh
# pishkhanctl citizens show and lift: a citizen's submission limits
# (sql/012_citizen_limits.sql).  Uses the admin games and the clerk daemon
# of setup_org, changing neither.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
setup_org
M=+989121112233
mk_letter $M 156301 'یک' >/dev/null && mk_letter $M 156301 'دو' >/dev/null
q "$PGUSER" "UPDATE pishkhan.settings SET value = '2' WHERE key = 'letters_per_hour'" >/dev/null

# --help and usage errors.
out=$(ctl citizens --help); ok $? 'citizens --help succeeds'
like "$out" 'citizens lift' 'and names the verbs'
out=$(ctl citizens lift --help); ok $? 'citizens lift --help succeeds'
like "$out" '^usage: pishkhanctl citizens lift \[--until WHEN\] \[--note TEXT\] MOBILE' 'and shows the usage'
out=$(ctl -c "$CONF" citizens show 2>&1); is $? 2 'show without a mobile: exit 2'
like "$out" 'usage: pishkhanctl citizens show MOBILE' 'with the usage line'
out=$(ctl -c "$CONF" citizens show 12ab 2>&1); is $? 2 'a mobile that is not one: exit 2'
like "$out" "^pishkhanctl: '12ab' is not a mobile number" 'and says so'
out=$(ctl -c "$CONF" citizens lift --bogus $M 2>&1); is $? 2 'an unknown option: exit 2'

# show: used against the limits, and when again.
out=$(ctl -c "$CONF" citizens show ۰۹۱۲۱۱۱۲۲۳۳); ok $? 'show, the mobile in Persian digits'
like "$out" "^mobile	\\$M$" 'the mobile in E.164'
like "$out" '^letters_last_hour	2	2$' 'letters in the last hour against the limit'
like "$out" '^letters_last_day	2	30$' 'letters in the last day against the limit'
like "$out" '^bytes_last_hour	18	104857600$' 'bytes in the last hour against the limit'
like "$out" '^counted_since	$' 'counted since: never lifted'
like "$out" '^next_allowed	[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$' 'next allowed: a time'
out=$(ctl -c "$CONF" citizens show 09120000000 2>&1); is $? 1 'an unknown citizen: exit 1'
is "$out" "pishkhanctl: no citizen with mobile '+989120000000' (they have never logged in)" 'and says so'
out=$(PGUSER=daemon ctl -c "$CONF" citizens show $M 2>&1); is $? 1 'a clerk may not: exit 1'
like "$out" 'hint: run pishkhanctl as a PostgreSQL superuser or an active admin' 'with the hint'

# lift: now, and with --until; recorded with who and why.
out=$(PGUSER=daemon ctl -c "$CONF" citizens lift $M 2>&1); is $? 1 'a clerk may not lift: exit 1'
out=$(PGUSER=games ctl -c "$CONF" citizens lift --note 'called the office' 09121112233); ok $? 'an admin lifts'
is "$out" "$M may submit again now" 'and is told so'
out=$(ctl -c "$CONF" citizens show $M)
like "$out" '^letters_last_hour	0	2$' 'what came before no longer counts'
like "$out" '^next_allowed	now$' 'next allowed: now'
like "$out" '^counted_since	[0-9]{4}-' 'counted since the lift'
out=$(ctl -c "$CONF" citizens lift --until tomorrow-ish $M 2>&1); is $? 1 'an --until that cannot be read: exit 1'
like "$out" "cannot read 'tomorrow-ish' as a duration or a time" 'and says what it wants'
out=$(ctl -c "$CONF" citizens lift --until '۳ days' $M); ok $? 'lift --until 3 days (Persian digit)'
like "$out" "may submit without limit until [0-9]{4}-" 'and says until when'
like "$(ctl -c "$CONF" citizens show $M)" '^no_limit_until	[0-9]{4}-' 'show: no limit until then'
is "$(q "$PGUSER" "SELECT string_agg(lifted_by || ':' || coalesce(note, '-'), ',' ORDER BY id) FROM pishkhan.citizen_limit_lifts")" \
    "games:called the office,$PGUSER:-" 'each lift is recorded with who and why'
out=$(ctl -c "$CONF" citizens lift 09120000000 2>&1); is $? 1 'lift for an unknown citizen: exit 1'
done_testing
