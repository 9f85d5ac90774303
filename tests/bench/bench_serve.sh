#!/bin/sh
# loge serve against the reference it has to beat, OpenSSH's sshd running
# loge by ForceCommand, in the same run, on copies of the same hub, through
# OpenSSH's real client on loopback (80x24, xterm-256color, C.UTF-8):
#   - session start: from the fork of `ssh -tt` to the end of the first
#     full screen, sessions one after the other, and 50 at once (one every
#     50 ms); session end: from Q to the exit of the client;
#   - keystroke round trip with 50 sessions active: each session moves
#     the selection of its home screen down and up (a key that changes the
#     screen), one key every 100 to 300 ms; the time from the key's write
#     to the last byte of the screen's update;
#   - memory per session, with those 50 sessions open after their keys:
#     the PSS, private memory (USS) and RSS of every process the server
#     runs for them (from /proc/PID/smaps_rollup), divided by 50.
# Sessions are driven by tests/bench/sshdrive.c.
# Usage: sh tests/bench/bench_serve.sh [DB]   (default: a 2,000-dwelling demo)
# BENCH_SERVE_SESSIONS (50), BENCH_SERVE_STARTS (20) and BENCH_SERVE_KEYS
# (40 a session) change the counts; SSHDRIVE and LOGE name other binaries
# (default build/bench/sshdrive, ./loge). Needs root: loge serve, started
# as root, runs sessions as the database's owner (the system user
# loge-load), and sshd runs as root; sshd's sessions run as the system
# user loge-sshref (a login shell is needed for ForceCommand).
set -eu
sessions=${BENCH_SERVE_SESSIONS:-50}
starts=${BENCH_SERVE_STARTS:-20}
keys=${BENCH_SERVE_KEYS:-40}
loge=$(realpath "${LOGE:-./loge}")
sshdrive=${SSHDRIVE:-build/bench/sshdrive}
sshd=/usr/sbin/sshd

if [ "$(id -u)" -ne 0 ] || [ ! -x "$sshd" ] || ! command -v ssh >/dev/null; then
	echo "bench_serve: skipped (needs root, ssh and $sshd)"
	exit 0
fi
if [ ! -x "$sshdrive" ]; then
	mkdir -p build/bench
	cc -std=c11 -D_DEFAULT_SOURCE -O2 -o build/bench/sshdrive tests/bench/sshdrive.c -lutil
	sshdrive=build/bench/sshdrive
fi
sshdrive=$(realpath "$sshdrive")
work=$(mktemp -d /tmp/loge-bench-serve-XXXXXX)
spid=
cleanup() {
	[ -z "$spid" ] || kill "$spid" 2>/dev/null || :
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
chmod 755 "$work"
id loge-load >/dev/null 2>&1 || useradd -r -M -d /nonexistent -s /usr/sbin/nologin loge-load
# '*': no password, but not a locked account, which sshd without PAM refuses.
id loge-sshref >/dev/null 2>&1 || useradd -r -M -d / -s /bin/sh -p '*' loge-sshref

# One hub, agent1's key on it, copied for each server; every first open
# (migration, search index) done here, as root, before the chown.
mkdir -p "$work/serve" "$work/sshd"
if [ $# -ge 1 ]; then
	cp "$1" "$work/hub.db"
	[ ! -f "$1-wal" ] || cp "$1-wal" "$work/hub.db-wal"
else
	"$loge" demo --db "$work/hub.db" --dwellings 2000 --seed 1 >/dev/null 2>&1
fi
ssh-keygen -q -t ed25519 -N '' -C bench -f "$work/key"
ssh-keygen -q -t ed25519 -N '' -C sshd -f "$work/sshd/host_key"
"$loge" --db "$work/hub.db" --user admin user key add agent1 "$work/key.pub" >/dev/null 2>&1
sqlite3 "$work/hub.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$work/hub.db" "$work/serve/hub.db"
cp "$work/hub.db" "$work/sshd/hub.db"
cp "$loge" "$work/serve/loge"
cp "$work/key.pub" "$work/authorized_keys"
chown -R loge-load: "$work/serve"
chown -R loge-sshref: "$work/sshd"
chown root: "$work/sshd/host_key"
chmod 755 "$work/serve" "$work/sshd"

port1=$((30000 + $$ % 15000))
port2=$((port1 + 1))
cat >"$work/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $port2
HostKey $work/sshd/host_key
PidFile none
AuthorizedKeysFile $work/authorized_keys
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
AllowUsers loge-sshref
PermitRootLogin no
AllowTcpForwarding no
AllowAgentForwarding no
X11Forwarding no
PermitTTY yes
PermitUserRC no
PrintMotd no
PrintLastLog no
AcceptEnv LANG LC_ALL
MaxStartups 200
Match User loge-sshref
	ForceCommand env LOGE_REMOTE=1 LOGE_IDLE=1800 $work/serve/loge --db $work/sshd/hub.db --user agent1
EOF

# The memory of the processes below a pid, in kB: a line "total N RSS PSS
# USS", then one a depth and command: "DEPTH COMMAND N RSS PSS USS".
cat >"$work/mem.sh" <<'EOF'
ps -e -o pid=,ppid=,comm= | awk -v r="$1" '{ up[$1] = $2; comm[$1] = $3 }
END {
	for (p in up) {
		q = p; d = 0
		while ((q in up) && q != r && d < 64) { q = up[q]; d++ }
		if (q != r || p == r)
			continue
		f = "/proc/" p "/smaps_rollup"; rss = pss = uss = 0
		while ((getline l < f) > 0) {
			split(l, a, " ")
			if (a[1] == "Rss:") rss = a[2]
			else if (a[1] == "Pss:") pss = a[2]
			else if (a[1] ~ /^Private_(Clean|Dirty):$/) uss += a[2]
		}
		close(f)
		k = d " " comm[p]; n[k]++; R[k] += rss; P[k] += pss; U[k] += uss
		tn++; tr += rss; tp += pss; tu += uss
	}
	print "total", tn + 0, tr + 0, tp + 0, tu + 0
	for (k in n) print k, n[k], R[k], P[k], U[k]
}' | sort >"$2"
EOF

# start_server NAME: loge serve or sshd in the foreground, pid in spid.
start_server() {
	if [ "$1" = serve ]; then
		"$work/serve/loge" serve --db "$work/serve/hub.db" --listen "127.0.0.1:$port1" \
		    --max-startups 200 2>"$work/serve.log" &
		spid=$!
		port=$port1 login=agent1 ready='event=listen' log=$work/serve.log
	else
		mkdir -p /run/sshd
		"$sshd" -D -f "$work/sshd_config" -E "$work/sshd.log" &
		spid=$!
		port=$port2 login=loge-sshref ready='Server listening' log=$work/sshd.log
	fi
	i=0
	while ! grep -q "$ready" "$log" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q "$ready" "$log" || { echo "bench_serve: $1 did not start:" >&2; cat "$log" >&2; exit 1; }
}
stop_server() {
	kill "$spid"
	wait "$spid" || :
	spid=
}

# The scripts: one session's start; 50 sessions, their keys, their memory.
printf 'label start\nlap start Aide\nquiet 100\nlabel quit\nmark q\nkeys Q\nend q\n' >"$work/start"
moves=
i=0
while [ $i -lt "$keys" ]; do
	if [ $((i % 2)) -eq 0 ]; then moves="$moves\\eOB"; else moves="$moves\\eOA"; fi
	i=$((i + 1))
done
cat >"$work/active" <<EOF
timeout 60
label start, all at once
lap start Aide
barrier
pace 200
label keys
type $moves
barrier sh $work/mem.sh SPID $work/MEMOUT
keys Q
end
EOF

# run NAME: the figures of one server in $work/NAME.*
run() {
	start_server "$1"
	ssh="-F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
	  -o BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=ERROR -o SendEnv=LANG -o SendEnv=LC_ALL
	  -i $work/key -p $port $login@127.0.0.1"
	# What the client and this server agree on, from a session without a terminal.
	# shellcheck disable=SC2086
	timeout 5 ssh -v -T $ssh </dev/null 2>&1 |
	    sed -n 's/.*kex: algorithm: \(.*\)/\1/p; s/.*kex: server->client cipher: \([^ ]*\).*/\1/p' |
	    paste -sd' ' >"$work/$1.algo" || :
	ssh="ssh -tt $ssh"
	sleep 0.5
	awk '/^VmRSS:/ { print $2 }' "/proc/$spid/status" >"$work/$1.rest"
	# shellcheck disable=SC2086
	"$sshdrive" --serial --sessions "$starts" "$work/start" -- $ssh >"$work/$1.start" 2>&1 ||
	    { cat "$work/$1.start" >&2; exit 1; }
	sed "s|SPID|$spid|; s|MEMOUT|$1.mem|" "$work/active" >"$work/$1.active"
	# shellcheck disable=SC2086
	"$sshdrive" --sessions "$sessions" --stagger 50 --seed 7 "$work/$1.active" -- $ssh \
	    >"$work/$1.keys" 2>&1 || { cat "$work/$1.keys" >&2; exit 1; }
	stop_server
}
run serve
run sshd

# fig FILE LABEL FIELD: a figure of sshdrive's output (2 median, 3 p90,
# 4 p99, 5 max), in ms.
fig() {
	sed -n "s/^$2  *\([0-9.]*\) ms  (median; p90 \([0-9.]*\), p99 \([0-9.]*\), max \([0-9.]*\);.*/x \1 \2 \3 \4/p" "$1" |
	    awk -v f="$3" '{ print $f }'
}
# per FILE FIELD: a memory figure (3 rss, 4 pss, 5 uss) per session, in MB.
per() {
	awk -v f="$2" -v s="$sessions" '$1 == "total" { printf "%.2f", $f / s / 1024 }' "$1"
}
# parts FILE: the PSS and USS per session of each kind of process.
parts() {
	awk -v s="$sessions" '$1 != "total" { printf "%s%s at depth %d %.2f/%.2f MB", sep, $2, $1,
	    $5 / s / 1024, $6 / s / 1024; sep = ", " }' "$1"
}
row() {	# row LABEL VALUE1 VALUE2 UNIT
	printf '%-44s %12s %12s  %s\n' "$1" "$2" "$3" "$4"
}
echo "== loge serve and OpenSSH sshd + ForceCommand ($(nproc) cores, $sessions sessions, $(sqlite3 "$work/hub.db" "SELECT count(*) FROM dwelling") dwellings)"
row "" "loge serve" "sshd" ""
row "session start, median ($starts one after another)" "$(fig "$work/serve.start" start 2)" "$(fig "$work/sshd.start" start 2)" ms
row "session start, p90" "$(fig "$work/serve.start" start 3)" "$(fig "$work/sshd.start" start 3)" ms
row "session start, median ($sessions at once)" "$(fig "$work/serve.keys" 'start, all at once' 2)" \
    "$(fig "$work/sshd.keys" 'start, all at once' 2)" ms
row "keystroke round trip, median ($sessions active)" "$(fig "$work/serve.keys" keys 2)" "$(fig "$work/sshd.keys" keys 2)" ms
row "keystroke round trip, p99 ($sessions active)" "$(fig "$work/serve.keys" keys 4)" "$(fig "$work/sshd.keys" keys 4)" ms
row "keystroke round trip, max" "$(fig "$work/serve.keys" keys 5)" "$(fig "$work/sshd.keys" keys 5)" ms
row "session end, median (Q to the client's exit)" "$(fig "$work/serve.start" quit 2)" "$(fig "$work/sshd.start" quit 2)" ms
row "memory per session, PSS" "$(per "$work/serve.mem" 4)" "$(per "$work/sshd.mem" 4)" MB
row "memory per session, private (USS)" "$(per "$work/serve.mem" 5)" "$(per "$work/sshd.mem" 5)" MB
row "memory per session, RSS" "$(per "$work/serve.mem" 3)" "$(per "$work/sshd.mem" 3)" MB
row "processes per session" "$(awk -v s="$sessions" '$1 == "total" { print $2 / s }' "$work/serve.mem")" \
    "$(awk -v s="$sessions" '$1 == "total" { print $2 / s }' "$work/sshd.mem")" ""
row "server process at rest, RSS" "$(awk '{ printf "%.1f", $1 / 1024 }' "$work/serve.rest")" \
    "$(awk '{ printf "%.1f", $1 / 1024 }' "$work/sshd.rest")" MB
echo "(per session, PSS/USS: loge serve $(parts "$work/serve.mem"); sshd $(parts "$work/sshd.mem"))"
echo "(key exchange and cipher: loge serve $(cat "$work/serve.algo"); sshd $(cat "$work/sshd.algo"))"
