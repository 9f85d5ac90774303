# Helpers for end-to-end tests: each test file sources this, drives the real
# loge binary (in tmux for the TUI) and prints TAP lines ("ok N - ...").
# The binary is $LOGE (set by tests/run.sh), else ./loge.
set -u
LOGE=${LOGE:-$(pwd)/loge}
E2E_TMP=$(mktemp -d /tmp/loge-e2e-XXXXXX)
E2E_SOCK="loge-e2e-$$-0"
E2E_SESSIONS=0
E2E_N=0
E2E_FAILED=0

e2e_cleanup() {
	i=1
	while [ $i -le $E2E_SESSIONS ]; do
		tmux -L "loge-e2e-$$-$i" kill-server 2>/dev/null
		i=$((i + 1))
	done
	if [ "$E2E_FAILED" -eq 0 ]; then rm -rf "$E2E_TMP"; else echo "# logs kept in $E2E_TMP"; fi
}
trap e2e_cleanup EXIT

ok() {	# ok DESCRIPTION
	E2E_N=$((E2E_N + 1))
	echo "ok $E2E_N - $1"
}

not_ok() {	# not_ok DESCRIPTION [DETAIL]
	E2E_N=$((E2E_N + 1))
	E2E_FAILED=1
	echo "not ok $E2E_N - $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/#   /'
	return 0
}

check() {	# check DESCRIPTION COMMAND...: ok when the command succeeds
	d=$1
	shift
	if "$@" >"$E2E_TMP/check.out" 2>&1; then ok "$d"; else not_ok "$d" "$(tail -20 "$E2E_TMP/check.out")"; fi
}

# Runs loge and checks its exit status: expect_status DESCRIPTION STATUS ARGS...
expect_status() {
	d=$1
	want=$2
	shift 2
	"$LOGE" "$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$d"; else
		not_ok "$d" "status $got, expected $want; stderr: $(head -5 "$E2E_TMP/err")"
	fi
}

# Starts a command in a detached tmux window of the given size, on a tmux
# server of its own (the previous one is killed).
# tui_start COLS ROWS TERM LANG COMMAND...
tui_start() {
	cols=$1 rows=$2 term=$3 lang=$4
	shift 4
	tmux -L "$E2E_SOCK" kill-server 2>/dev/null
	E2E_SESSIONS=$((E2E_SESSIONS + 1))
	E2E_SOCK="loge-e2e-$$-$E2E_SESSIONS"
	tmux -L "$E2E_SOCK" -f /dev/null new-session -d -s t -x "$cols" -y "$rows" \
	    "env TERM=$term LANG=$lang LC_ALL=$lang $* ; echo \"[exit \$?]\"; sleep 30"
}

tui_screen() {
	tmux -L "$E2E_SOCK" capture-pane -p -t t
}

tui_keys() {
	tmux -L "$E2E_SOCK" send-keys -t t "$@"
}

tui_resize() {	# tui_resize COLS ROWS
	tmux -L "$E2E_SOCK" resize-window -t t -x "$1" -y "$2"
}

# Waits (up to 10 s) until the screen contains TEXT (fixed string).
tui_wait() {
	i=0
	while [ $i -lt 100 ]; do
		if tui_screen | grep -qF -- "$1"; then return 0; fi
		sleep 0.1
		i=$((i + 1))
	done
	tui_screen >"$E2E_TMP/last-screen.txt"
	return 1
}

# expect_screen DESCRIPTION TEXT: waits for TEXT and reports.
expect_screen() {
	if tui_wait "$2"; then ok "$1"; else not_ok "$1" "$(cat "$E2E_TMP/last-screen.txt")"; fi
}

# expect_no_screen DESCRIPTION TEXT: the current screen must not contain TEXT.
# The text must be gone once the last key has taken effect: retried for up
# to 3 s, as a redraw may still be on its way.
expect_no_screen() {
	_i=0
	while tui_screen | grep -qF -- "$2"; do
		_i=$((_i + 1))
		if [ "$_i" -ge 30 ]; then not_ok "$1" "$(tui_screen)"; return; fi
		sleep 0.1
	done
	ok "$1"
}

# ---- Helpers on the test's database ($DB) and lists ----
sql() { sqlite3 -cmd '.timeout 5000' "$DB" "$1"; }

same() {	# same DESCRIPTION GOT WANT
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got « $2 », expected « $3 »"; fi
}

db_wait() {	# db_wait DESCRIPTION QUERY WANT (polls 10 s)
	_i=0
	while [ "$(sql "$2")" != "$3" ]; do
		_i=$((_i + 1))
		if [ $_i -ge 100 ]; then not_ok "$1" "got « $(sql "$2") », expected « $3 »"; return; fi
		sleep 0.1
	done
	ok "$1"
}

# ascii_only DESCRIPTION: nothing but ASCII on the screen (retried for up
# to 3 s, as a redraw may still be on its way).
ascii_only() {
	_i=0
	while tui_screen | LC_ALL=C grep -q '[^ -~]'; do
		_i=$((_i + 1))
		if [ $_i -ge 30 ]; then not_ok "$1" "$(tui_screen | LC_ALL=C grep '[^ -~]')"; return; fi
		sleep 0.1
	done
	ok "$1"
}

# screen_row TEXT: the screen line (1-based) that first shows TEXT.
screen_row() { tui_screen | grep -n -F -- "$1" | head -1 | cut -d: -f1; }

# select_row FIRST TEXT: moves a list's cursor from its first row (screen
# line FIRST) down to the row that shows TEXT.
select_row() {
	_row=$(screen_row "$2")
	_i=$1
	while [ -n "$_row" ] && [ "$_i" -lt "$_row" ]; do tui_keys Down; _i=$((_i + 1)); done
}
