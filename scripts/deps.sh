#!/bin/sh
# scripts/deps.sh — install the Debian packages Pishkhan needs, when missing.
# A no-op when everything is there; apt-get through sudo when not root.
set -e
# postgresql-contrib: pg_trgm, for the clerk's list of similar letters
# (sql/027).  In Debian 12 the server package postgresql-15 already holds
# the contrib extensions (ls /usr/share/postgresql/15/extension/pg_trgm*)
# and postgresql-contrib is a small package that depends on it; it is
# listed all the same, so the need is written where packages are.

PKGS="gcc make pkg-config libc6-dev
libncurses-dev libpq-dev libmicrohttpd-dev libcurl4-openssl-dev libiniparser-dev
libfribidi-dev libgd-dev libzip-dev libjansson-dev libutf8proc-dev
postgresql postgresql-client postgresql-common postgresql-contrib
libcmocka-dev perl tmux mandoc fonts-dejavu-core"
# The console's viewers of letters' files when mailcap has no rule (and
# run-mailcap itself): PDF text, images in the terminal, Word files.
PKGS="$PKGS mailcap less poppler-utils chafa docx2txt catdoc"
# The public web: HMAC (nettle); its HTTP tests (curl, python3); its browser
# tests (Chromium; Node and npm unless some Node is installed already).
PKGS="$PKGS nettle-dev curl python3 chromium"
command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
# `deps.sh bench`: the benchmark's references too.
[ "${1:-}" = bench ] && PKGS="$PKGS wrk nginx-light"
# `deps.sh deploy`: systemd-sysusers, which `make install` runs to make the
# services' users (`make check-deploy` only; a container may lack systemd).
[ "${1:-}" = deploy ] && PKGS="$PKGS systemd"
# `deps.sh ha`: pg_auto_failover (the monitor's extension and pg_autoctl),
# nginx in front of the webs, openssl for its test certificate
# (`make check-ha` only).
[ "${1:-}" = ha ] && PKGS="$PKGS postgresql-15-auto-failover pg-auto-failover-cli nginx-light openssl"
# `deps.sh fuzz`: clang and its libFuzzer runtime (`make fuzz` only).
[ "${1:-}" = fuzz ] && PKGS="$PKGS clang libclang-rt-14-dev"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing" >&2
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
# Debian starts a system cluster on install; Pishkhan uses its own.
