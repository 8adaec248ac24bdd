#!/bin/sh
# tests/browser/run.sh — the browser suite: starts pishkhan-web on a fresh
# database and runs web.test.mjs (TAP) in Debian's headless Chromium.
# playwright-core and axe-core come from npm (package-lock.json), installed
# into tests/browser/node_modules when missing; no browser is downloaded.
# Screenshots go to $PK_TMP/browser (and are copied to tests/browser/out/).
. "$PK_SRCDIR/tests/lib/tap.sh"
. "$PK_SRCDIR/tests/lib/web.sh"

dir="$PK_SRCDIR/tests/browser"
if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null 2>&1; then
	echo "1..0 # SKIP chromium or node is not installed (make deps)"
	exit 0
fi
if [ ! -d "$dir/node_modules/playwright-core" ] || [ ! -d "$dir/node_modules/axe-core" ]; then
	(cd "$dir" && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
	    bail "npm ci failed in tests/browser"
fi

DB=$(new_db)
setup_org
# A short idle time: the warning before the session ends comes after a
# minute (the page's clock is moved on, not waited for).
start_web 'code_wait = 0
session_idle = 2m'
OUT="$PK_TMP/browser"
mkdir -p "$OUT"
# Chromium as root in a temporary HOME of its own.
HOME="$PK_TMP/browser-home.$$"
mkdir -p "$HOME"
export HOME URL OUT DB PGUSER
# In a session of its own, so that whatever Chromium leaves behind is
# ended with it (by its group id) and never holds the TAP pipe open.
setsid timeout -k 5 240 node "$dir/web.test.mjs" >"$OUT/tap.log" 2>&1 &
npid=$!
wait "$npid"
rc=$?
kill -KILL -- "-$npid" 2>/dev/null
cat "$OUT/tap.log"
mkdir -p "$dir/out" && cp "$OUT"/*.png "$OUT/tap.log" "$dir/out/" 2>/dev/null
stop_web
exit $rc
