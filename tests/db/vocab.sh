#!/bin/sh
# tests/db/vocab.sh — common/vocab.h names a letter's statuses, its
# history's kinds and the SMS events exactly as the database keeps them
# (the enums letter_status and event_kind, sms_templates' CHECK on event
# and the default templates), in the same order.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
dump="$PK_BUILD/tests/db/vocab_dump"
[ -x "$dump" ] || bail "no $dump (make test-tools)"
c() { "$dump" | sed -n "s/^$1 //p"; }

is "$(c letter_status)" "$(q "$PGUSER" "SELECT array_to_string(enum_range(NULL::pishkhan.letter_status), ' ')")" \
    'the statuses: vocab.h = enum letter_status'
is "$(c event_kind)" "$(q "$PGUSER" "SELECT array_to_string(enum_range(NULL::pishkhan.event_kind), ' ')")" \
    'the history kinds: vocab.h = enum event_kind'
# The event's CHECK, however PostgreSQL spells it: the names it quotes.
is "$(c sms_event)" "$(q "$PGUSER" "SELECT string_agg(m[1], ' ') FROM pg_constraint k,
    regexp_matches(pg_get_constraintdef(k.oid), '''([a-z_]+)''', 'g') m
    WHERE k.conrelid = 'pishkhan.sms_templates'::regclass AND k.contype = 'c'
    AND pg_get_constraintdef(k.oid) ~ '\\mevent\\M'")" \
    'the SMS events: vocab.h = the CHECK on sms_templates.event'
is "$(c sms_event | tr ' ' '\n' | sort | tr '\n' ' ')" \
    "$(q "$PGUSER" "SELECT string_agg(DISTINCT event, ' ' ORDER BY event) || ' ' FROM pishkhan.sms_templates")" \
    'and each has its default templates'

# pishkhanctl takes its list from vocab.h: the order it lists the
# templates in, and the events its usage error names.
CONF="$PK_TMP/vocab.$$.conf"
printf '[database]\nconninfo = dbname=%s\nsql_dir = %s/sql\n' "$DB" "$PK_SRCDIR" >"$CONF"
is "$(ctl -c "$CONF" templates list | cut -f1 | uniq | tr '\n' ' ')" "$(c sms_event) " \
    'templates list: the events in vocab.h'"'"'s order'
out=$(ctl -c "$CONF" templates show nope fa 2>&1); is $? 2 'an unknown event: exit 2'
like "$out" "event 'nope' is not one of $(c sms_event | sed 's/ /, /g')\$" 'and the usage error names every event'
rm -f "$CONF"
dropdb "$DB"
done_testing
