# scripts/pg.sh — a private PostgreSQL cluster in a directory (sourced).
#
#   pg_init DIR [throwaway]
#                   initdb into DIR/data, sockets in DIR, no TCP; a
#                   "throwaway" cluster (the tests') runs without fsync and
#                   synchronous commit: fast, and a crash loses what it
#                   acknowledged, so never for data anyone keeps (the demo)
#   pg_durable DIR  a cluster made by an older pg_init with fsync off: on
#                   again (reloaded if it is running)
#   pg_shared DIR   the demo's cluster for every local user: the socket
#                   directory open to all, and peer authentication, so each
#                   user is their own PostgreSQL role (refused unless staff)
#                   and only the cluster's owner may also be the superuser
#                   and the services' roles (pishkhan_web, pishkhan_sms)
#                   (reloaded if it is running)
#   pg_start DIR    start it (log in DIR/log); waits until it accepts
#   pg_stop DIR     fast shutdown
#   pg_super        the cluster's superuser name
#
# PostgreSQL refuses to run as root, so as root the server runs as the
# "postgres" user (made by Debian's postgresql-common) and DIR belongs to it.

pg_bindir() {
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
	echo "pg.sh: initdb not found; install the postgresql package" >&2
	return 1
}

pg_super() {
	if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi
}

# Run a server-side command as the user the server runs as.
pg_as() {
	if [ "$(id -u)" = 0 ]; then
		(cd / && runuser -u postgres -- "$@")	# paths are absolute
	else
		"$@"
	fi
}

pg_init() {
	dir=$1
	bin=$(pg_bindir) || return 1
	mkdir -p "$dir" || return 1
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$dir" || return 1
		if ! runuser -u postgres -- test -w "$dir"; then
			echo "pg.sh: the postgres user cannot write to $dir (a parent directory is private)" >&2
			return 1
		fi
	fi
	chmod 700 "$dir"
	# ICU collation so Persian names sort as Persian readers expect.
	pg_as "$bin/initdb" -D "$dir/data" -U "$(pg_super)" --auth=trust -E UTF8 \
	    --locale=C.UTF-8 --locale-provider=icu --icu-locale=fa >"$dir/initdb.log" 2>&1 ||
	pg_as "$bin/initdb" -D "$dir/data" -U "$(pg_super)" --auth=trust -E UTF8 \
	    --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		return 1
	}
	cat >>"$dir/data/postgresql.conf" <<CONF
# pishkhan: private cluster on a Unix socket only
listen_addresses = ''
unix_socket_directories = '$dir'
unix_socket_permissions = 0777
max_connections = 200
logging_collector = off
CONF
	[ "${2:-}" = throwaway ] || return 0
	cat >>"$dir/data/postgresql.conf" <<CONF
# pishkhan: a throwaway cluster for tests; a crash loses acknowledged commits
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
}

# The lines an older pg_init wrote for every cluster, the demo's too: away
# with them, so that PostgreSQL's safe defaults apply.
pg_durable() {
	dir=$1
	_pgconf="$dir/data/postgresql.conf"
	grep -Eqx 'fsync = off|synchronous_commit = off|full_page_writes = off' "$_pgconf" ||
	    return 0
	pg_as sed -i -E '/^(fsync|synchronous_commit|full_page_writes) = off$/d' "$_pgconf" ||
	    return 1
	echo "pg.sh: $dir now keeps what it acknowledges (fsync and synchronous_commit on)"
	[ -f "$dir/data/postmaster.pid" ] || return 0
	bin=$(pg_bindir) || return 1
	if pg_as "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		pg_as "$bin/pg_ctl" -D "$dir/data" reload >/dev/null
	fi
}

pg_shared() {
	dir=$1
	_owner=$(id -un)
	_hba="$dir/data/pg_hba.conf"
	_ident="$dir/data/pg_ident.conf"
	# The data directory stays the server's alone; its parent holds the socket.
	chmod 711 "$dir" || return 1
	if ! grep -qx 'local all all peer map=pishkhan' "$_hba" ||
	    ! grep -q "^pishkhan	$_owner	pishkhan_sms\$" "$_ident"; then
		printf '%s\n' '# pishkhan demo (scripts/pg.sh pg_shared): each local user is their own' \
		    '# role; the owner may also be the superuser and the services.' \
		    'local all all peer map=pishkhan' | pg_as tee "$_hba" >/dev/null || return 1
		{
			printf 'pishkhan\t/^(.*)$\t\\1\n'
			for _r in "$(pg_super)" pishkhan_web pishkhan_sms; do
				printf 'pishkhan\t%s\t%s\n' "$_owner" "$_r"
			done
		} | pg_as tee "$_ident" >/dev/null || return 1
		echo "pg.sh: $dir now lets other local users connect as themselves (peer)"
	fi
	[ -f "$dir/data/postmaster.pid" ] || return 0
	bin=$(pg_bindir) || return 1
	if pg_as "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		pg_as "$bin/pg_ctl" -D "$dir/data" reload >/dev/null
	fi
}

pg_start() {
	dir=$1
	bin=$(pg_bindir) || return 1
	pg_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 start >/dev/null || {
		tail -20 "$dir/log" >&2
		return 1
	}
}

pg_stop() {
	dir=$1
	bin=$(pg_bindir) || return 1
	[ -f "$dir/data/postmaster.pid" ] || return 0
	pg_as "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
}
