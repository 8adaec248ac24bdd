#!/bin/sh
# tests/sms/workers.sh — two, then four workers at once over 1,000 messages
# each: SKIP LOCKED gives every message to exactly one of them.
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/sms/sms.inc"

DB=$(new_db)
gw_start

for n in 2 4; do
	q "$PGUSER" "DELETE FROM pishkhan.sms_outbox" >/dev/null
	: >"$W/gw.rec"
	sms_conf "concurrency = 4"
	i=0
	while [ $i -lt $n ]; do worker_start "$W/worker$n.log"; i=$((i + 1)); done
	sleep 0.5
	enqueue 1000 "w$n"
	wait_sql "SELECT count(*) FROM pishkhan.sms_outbox WHERE status = 'sent'" 1000 120
	ok $? "$n workers: all 1000 messages sent"
	workers_stop; ok $? "$n workers stop cleanly"
	texts=$(grep '^200	' "$W/gw.rec" | sed 's/.*"text":"\([^"]*\)".*/\1/' | sort)
	is "$(printf '%s\n' "$texts" | grep -c .)" 1000 "$n workers: the gateway got 1000 requests"
	is "$(printf '%s\n' "$texts" | uniq | grep -c "^w$n-")" 1000 "$n workers: 1000 distinct messages, none missing"
	is "$(printf '%s\n' "$texts" | uniq -d | wc -l | tr -d ' ')" 0 "$n workers: no duplicate"
	shares=$(q "$PGUSER" "SELECT count(DISTINCT claimed_by) FROM pishkhan.sms_outbox")
	ok "$([ "$shares" -ge 2 ]; echo $?)" "$n workers: the work was shared ($shares of them sent some)"
done

done_testing
