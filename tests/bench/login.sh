#!/bin/sh
# tests/bench/login.sh — "ارسال کد" for a number never seen before against
# one seen before: the answer must be the same and take the same time, or
# the timing tells who uses the service.  Interleaved trials through the
# real server; prints both distributions and the ratio of their medians
# (reported, not pass/fail).  Knob: BENCH_LOGIN_N (200 of each).
set -u
. "$(dirname "$0")/lib.sh"
N=${BENCH_LOGIN_N:-200}
[ -x "$CTL" ] || { echo "bench: run make first"; exit 1; }
bench_db_up login

# The known numbers: citizens who logged in two days ago (a code then).
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<SQL || { echo "bench: setup failed"; exit 1; }
SET search_path = pishkhan;
SELECT web_citizen('+98912' || lpad(g::text, 7, '0'), NULL) FROM generate_series(1, $N) g;
INSERT INTO web_login_codes (mobile, code_hmac, created_at, expires_at, used_at)
SELECT '+98912' || lpad(g::text, 7, '0'), sha256(g::text::bytea),
    now() - interval '2 days', now() - interval '2 days' + interval '5 min',
    now() - interval '2 days' + interval '1 min'
FROM generate_series(1, $N) g;
SQL

bench_web_up 'threads = 2
code_wait = 0
codes_per_ip = 100000
codes_per_ip_day = 100000
captchas_per_ip = 100000
sms_budget = 100000'
J="$tmp/jar"

# A captcha per trial, drawn as a browser would; answers read at once.
curl -s -c "$J" -o /dev/null "$URL/"
csrf=$(awk '$6 == "pk_csrf" { print $7 }' "$J")
: >"$tmp/tokens"
i=0
while [ $i -lt $((2 * N)) ]; do
	tok=$(curl -s -b "$J" "$URL/login" | sed -n 's/.*name="captcha" value="\([0-9a-f]*\)".*/\1/p')
	curl -s -o /dev/null "$URL/captcha/$tok.png"
	echo "$tok" >>"$tmp/tokens"
	i=$((i + 1))
done
psql -X -q -A -t -F " " -c "CREATE TEMP TABLE t (tok text);" \
    -c "\\copy t FROM '$tmp/tokens'" \
    -c "SELECT t.tok, c.answer FROM t JOIN pishkhan.web_captchas c
	ON c.id = sha256(decode(t.tok, 'hex'))" >"$tmp/answers"

# Interleaved: new, known, new, known…, so drift hits both alike.
i=0
: >"$tmp/new"; : >"$tmp/known"
while read -r tok ans; do
	n=$((i / 2 + 1))
	if [ $((i % 2)) -eq 0 ]; then
		mobile="0935$(printf '%07d' "$n")" kind=new
	else
		mobile="0912$(printf '%07d' "$n")" kind=known
	fi
	curl -s -b "$J" -o "$tmp/page" -w '%{time_total}\n' \
	    --data-urlencode "csrf=$csrf" --data-urlencode "mobile=$mobile" \
	    --data-urlencode "captcha=$tok" --data-urlencode "answer=$ans" \
	    "$URL/login/send" >>"$tmp/$kind"
	grep -q 'name="code"' "$tmp/page" || { echo "bench: no code page for $mobile"; exit 1; }
	# the page without the number itself, for the "same answer" check
	sed 's/<bdi dir="ltr">[^<]*<\/bdi>//; s/name="mobile" value="[^"]*"//' "$tmp/page" |
	    md5sum >>"$tmp/$kind.sum"
	i=$((i + 1))
done <"$tmp/answers"

stats() {	# stats FILE — p50 p90 in ms
	sort -n "$1" | awk '{ v[NR] = $1 * 1000 }
	    END { printf "%.2f %.2f", v[int(NR * 0.5 + 0.5)], v[int(NR * 0.9 + 0.5)] }'
}
set -- $(stats "$tmp/new")
new50=$1 new90=$2
set -- $(stats "$tmp/known")
kn50=$1 kn90=$2
same=no
[ "$(sort -u "$tmp/new.sum" "$tmp/known.sum" | wc -l)" -eq 1 ] && same=yes
sent=$(psql -X -A -t -c "SELECT count(*) FROM pishkhan.sms_outbox WHERE event = 'login_code'")
echo "# login code requests: $N new and $N known numbers, interleaved, one at a time"
echo "new numbers:       p50 $new50 ms, p90 $new90 ms"
echo "known numbers:     p50 $kn50 ms, p90 $kn90 ms"
echo "ratio known/new:   p50 $(awk -v a="$kn50" -v b="$new50" 'BEGIN { printf "%.2f", a / b }'), p90 $(awk -v a="$kn90" -v b="$new90" 'BEGIN { printf "%.2f", a / b }') (aim: 1.00 within noise)"
echo "same answer:       $same (the page less the number itself); $sent codes queued"
