# tests/lib/tmux.sh — a program in a tmux window on a private socket, read
# as text (sourced after tests/lib/tap.sh, by tests/console/console.lib,
# tests/deploy/deploy.sh and tests/ha/failover.sh).
#
#   TM_SOCK          the socket's name (-L); set it before the first tm
#   tm ARGS...       tmux on that socket, with no configuration file
#   tm_cleanup       kill that server (and what runs in it)
#   screen           the window's text, wrapped lines joined
#   wait_for PATTERN [SECONDS]
#                    poll the screen until it matches (grep -E); 20 s
#   see PATTERN DESCRIPTION [SECONDS]
#                    a TAP test that the screen shows PATTERN; a failure
#                    shows the screen, and the file TM_ERR names if set
#                    (the program's standard error)

tm() { tmux -L "$TM_SOCK" -f /dev/null "$@"; }
tm_cleanup() { tm kill-server 2>/dev/null; }

screen() { tm capture-pane -p -J 2>/dev/null; }

wait_for() {
	_n=$(( ${2:-20} * 10 ))
	while [ "$_n" -gt 0 ]; do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

see() {
	if wait_for "$1" "${3:-20}"; then ok 0 "$2"; else
		ok 1 "$2"
		echo "# expected: $1"
		screen | sed 's/^/#   | /'
		[ -n "${TM_ERR:-}" ] && [ -s "$TM_ERR" ] && sed 's/^/#   ! /' "$TM_ERR"
	fi
	return 0
}
