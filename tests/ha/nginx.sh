#!/bin/sh
# tests/ha/nginx.sh — dist/nginx/pishkhan.conf is one nginx takes
# (`nginx -t`), with only what a site must change changed, and says what
# pishkhan.conf(5) must agree with: the body size of web.max_body, the
# X-Forwarded-For that web.trusted_proxies believes, TLS, the passive
# health handling of its upstream.  Part of make check-ha.
top=${PK_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top/tests/lib/tap.sh"
. "$top/tests/ha/ha.lib"

command -v nginx >/dev/null 2>&1 || { echo "1..0 # SKIP no nginx (scripts/deps.sh ha)"; exit 0; }
command -v openssl >/dev/null 2>&1 || { echo "1..0 # SKIP no openssl"; exit 0; }
T=$(mktemp -d /tmp/pk-nginx.XXXXXX) || bail "mktemp"
trap 'rm -rf "$T"' EXIT
C="$top/dist/nginx/pishkhan.conf"

conf=$(nginx_conf "$T" "$(free_port)" "$(free_port)" 18080 18081) || bail "cannot make the test's nginx.conf"
out=$(nginx -t -c "$conf" -p "$T" 2>&1)
ok $? 'nginx -t: dist/nginx/pishkhan.conf is valid'
like "$out" 'syntax is ok' 'nginx says: syntax is ok'
[ $? -eq 0 ] || printf '%s\n' "$out" | sed 's/^/#   /'

# What pishkhan.conf(5) says the file must agree with.
max_body=$(sed -n 's/^; *max_body = \([0-9]*\)M.*/\1/p' "$top/pishkhan.conf.example")
is "$(sed -n 's/^[ \t]*client_max_body_size \([0-9]*\)m;.*/\1/p' "$C")" "$max_body" \
    'client_max_body_size is web.max_body'
like "$(cat "$C")" 'proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;' \
    'X-Forwarded-For is added, for web.trusted_proxies'
like "$(cat "$C")" 'listen 443 ssl' 'TLS on 443'
like "$(cat "$C")" 'return 301 https://' 'plain HTTP is sent to HTTPS'
is "$(grep -c '^[[:space:]]*server 127\.0\.0\.1:[0-9]* max_fails=[0-9]* fail_timeout=' "$C")" 2 \
    'two web instances, each with passive health (max_fails, fail_timeout)'
like "$(cat "$C")" 'no active health checks' 'the file says open-source nginx has no active health checks'
unlike "$(grep proxy_next_upstream "$C")" 'http_503|non_idempotent' \
    'a 503 (database unreachable) takes no web out, and no POST is sent twice'
like "$(cat "$C")" 'location = /healthz' '/healthz is passed on for a monitor'
done_testing
