# Shared by the end-to-end tests of loge serve (sourced after lib.sh):
# as root, loge serve runs sessions as the database's owner, so the hub
# and a copy of the binary belong to a system user of the test, and every
# change to the hub is made as that user (WAL files written by root would
# lock the sessions out).
#   serve_setup NAME  skips the script unless root, ssh and setpriv are
#                     there; makes $S (owned by $SU), $HUB's path, $LOG
#   as_srv CMD...     runs CMD as the test's system user
#   hq SQL            runs SQL on the hub as that user
#   start_server OPTIONS...  on a free port ($PORT) in 20000-29999
#   stop_server
#   log_mark; log_since; wait_log REGEX [TENTHS]; expect_log DESC REGEX [TENTHS]

SU=loge-e2e
PY=/usr/bin/python3
SRV_PID=

serve_setup() {
	if [ "$(id -u)" -ne 0 ] || ! command -v ssh >/dev/null || ! command -v setpriv >/dev/null; then
		ok "$1 # SKIP needs root, ssh and setpriv"
		exit 0
	fi
	if ! $PY -c 'import paramiko' 2>/dev/null; then
		sh "$(dirname "$0")/../../tools/deps.sh" check >&2
	fi
	id "$SU" >/dev/null 2>&1 || useradd -r -M -d /nonexistent -s /usr/sbin/nologin "$SU"
	D="$E2E_TMP"
	S="$D/srv"
	chmod 755 "$D"
	mkdir "$S"
	cp "$LOGE" "$S/loge"
	chown -R "$SU:" "$S"
	chmod 755 "$S"
	HUB="$S/hub.db"
	HOSTKEY="$S/host_key"
	LOG="$D/serve.log"
	: >"$LOG"
}

as_srv() { setpriv --reuid="$(id -u $SU)" --regid="$(id -g $SU)" --clear-groups "$@"; }
hq() { as_srv sqlite3 "$HUB" "$1"; }

start_server() {
	for _try in 1 2 3 4 5; do
		PORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 10000))
		"$S/loge" serve --db "$HUB" --listen "127.0.0.1:$PORT" --host-key "$HOSTKEY" "$@" \
		    2>>"$LOG" &
		SRV_PID=$!
		for _ in $(seq 50); do
			grep -q "event=listen .*port=$PORT " "$LOG" && return 0
			kill -0 $SRV_PID 2>/dev/null || break
			sleep 0.1
		done
		kill $SRV_PID 2>/dev/null
		wait $SRV_PID 2>/dev/null
	done
	return 1
}
stop_server() {
	[ -n "$SRV_PID" ] && kill $SRV_PID 2>/dev/null && wait $SRV_PID 2>/dev/null
	SRV_PID=
}

log_mark() { MARK=$(wc -l <"$LOG"); }
log_since() { tail -n +$((MARK + 1)) "$LOG"; }
wait_log() {
	for _ in $(seq "${2:-50}"); do
		log_since | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
expect_log() {
	if wait_log "$2" "${3:-50}"; then ok "$1"; else not_ok "$1" "$(log_since | tail -8)"; fi
}
