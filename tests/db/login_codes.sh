#!/bin/sh
# A login code opens one session: two tabs that sent the right code at the
# same moment both get a try (sql/011 web_code_try), and only the first to
# enter (web_code_enter) is let in.
. "$(dirname "$0")/../lib/tap.sh"
DB=$(new_db)
M='+989121239876'
q "$PGUSER" "SELECT pishkhan.web_citizen('$M')" >/dev/null || bail "web_citizen"
q "$PGUSER" "INSERT INTO pishkhan.web_login_codes (mobile, code_hmac, ip, expires_at)
    VALUES ('$M', '\\x00', '127.0.0.1', now() + interval '5 minutes')" >/dev/null || bail "insert code"
try() { q pishkhan_web "SELECT outcome || ' ' || guess_id FROM web_code_try('$M', '127.0.0.1', NULL, NULL, '{}')"; }
t1=$(try); t2=$(try)
like "$t1" '^try [0-9]+$' 'the first tab gets a try'
like "$t2" '^try [0-9]+$' 'so does the second'
s1=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n'); s2=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
e1=$(q pishkhan_web "SELECT web_code_enter(${t1#try }, '$s1', 3600)")
e2=$(q pishkhan_web "SELECT web_code_enter(${t2#try }, '$s2', 3600)")
like "$e1" '^[0-9]+$' 'the first to enter is let in'
is "$e2" '' 'the second, with the same code, is not'
is "$(q "$PGUSER" "SELECT count(*) FROM pishkhan.web_sessions")" 1 'one session, not two'
dropdb "$DB"
done_testing
