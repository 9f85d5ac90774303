# loge serve under faults, with OpenSSH's client on loopback: a client
# killed in the middle of a TUI session (what was saved stays, the TUI
# process goes) and in the middle of a first sync (the next sync
# completes); connections that never authenticate (closed after
# --login-grace); a flood of connections over --max-startups while a TUI
# session keeps working; after all that the server still serves, has no
# child left, logged no crash, and the hub passes PRAGMA integrity_check.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_serve.sh"
serve_setup "loge serve faults"
# 200 dwellings: a first sync of about 2 s, long enough to be cut.
as_srv "$S/loge" demo --db "$HUB" --dwellings 200 --seed 7 >/dev/null 2>&1 || not_ok "demo hub"
for k in agent1 gardien1; do
	ssh-keygen -q -t ed25519 -N '' -f "$D/$k"
	as_srv "$S/loge" --db "$HUB" user key add $k "$D/$k.pub" >/dev/null 2>&1 || not_ok "key for $k"
done

cleanup() {
	stop_server
	e2e_cleanup
}
trap cleanup EXIT

gone() {	# gone PID [TENTHS]: waits until the process is no more
	for _ in $(seq "${2:-50}"); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

start_server --login-grace 3 --max-startups 5 --stop-grace 1 || { not_ok "server starts"; exit 0; }
SSHO="-F /dev/null -o UserKnownHostsFile=$D/kh -o StrictHostKeyChecking=accept-new \
-o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=5 -p $PORT"
# The TUI through ssh in tmux, ssh's pid in $D/ssh.pid.
tui_ssh() {	# tui_ssh LOGIN
	printf '#!/bin/sh\necho $$ >%s/ssh.pid\nexec ssh -tt -i %s/%s %s %s@127.0.0.1\n' \
	    "$D" "$D" "$1" "$SSHO" "$1" >"$D/tui-ssh.sh"
	tui_start 80 24 xterm-256color C.UTF-8 sh "$D/tui-ssh.sh"
}
conn_child() {	# the connection process of the last connect since log_mark
	log_since | sed -n 's/.*event=connect .* child=\([0-9]*\)$/\1/p' | tail -1
}

# A client killed in the middle of a TUI session: the entry it saved is
# on the hub, the one it was typing is not, and its TUI process goes.
log_mark
tui_ssh gardien1
expect_screen "gardien1's TUI over ssh" "Bonjour"
CHILD=$(conn_child)
TUI=$(ps -o pid= --ppid "$CHILD" | tr -d ' ')
tui_keys l
expect_screen "logbook form" "Nouvelle entrée de main courante"
tui_keys -l "Ascenseur bloqué, hall A"
tui_keys Enter
expect_screen "entry saved" "Entrée ajoutée à la main courante"
tui_keys l
expect_screen "a second entry begun" "Nouvelle entrée de main courante"
tui_keys -l "Brouillon jamais enregistré"
sleep 0.3
kill -9 "$(cat "$D/ssh.pid")"
expect_log "ssh killed: tui-end why=client-gone" "event=tui-end .*user=gardien1 why=client-gone"
expect_log "ssh killed: end of the connection" "event=end .*user=gardien1 mode=tui"
[ -n "$TUI" ] && gone "$TUI" && gone "$CHILD" && ok "the TUI ($TUI) and connection ($CHILD) processes are gone" ||
    not_ok "the TUI and connection processes are gone" "tui=$TUI child=$CHILD; $(ps -o pid,ppid,user,args --ppid "$CHILD")"
[ "$(hq "SELECT count(*) FROM logbook_entry WHERE text = 'Ascenseur bloqué, hall A'")" = 1 ] &&
    ok "the saved entry is on the hub" || not_ok "the saved entry is on the hub"
[ "$(hq "SELECT count(*) FROM logbook_entry WHERE text LIKE 'Brouillon%'")" = 0 ] &&
    ok "the unsaved one is not" || not_ok "the unsaved one is not"

# A first sync killed after about half a second, then done again.
LAPTOP="$D/laptop.db"
SYNC="sync --identity $D/gardien1 --known-hosts $D/loge_known_hosts --accept-new gardien1@127.0.0.1:$PORT"
log_mark
t0=$(date +%s%N)
# shellcheck disable=SC2086
"$LOGE" --db "$LAPTOP" $SYNC >"$D/sync1.out" 2>&1 &
SP=$!
wait_log "event=auth result=ok .*user=gardien1" 50
# Killed once rows have arrived, not after a fixed time: a first sync of
# this demo may be over in less than half a second.
for _ in $(seq 500); do
	# -readonly: never create the file under loge's feet.
	[ -f "$LAPTOP" ] && [ "$(sqlite3 -readonly -cmd '.timeout 100' "$LAPTOP" \
	    "SELECT count(*) FROM dwelling" 2>/dev/null || echo 0)" -gt 0 ] 2>/dev/null && break
	sleep 0.01
done
kill -9 $SP
wait $SP 2>/dev/null
rc=$?
t1=$(date +%s%N)
[ $rc -eq 137 ] && ok "loge sync killed in the middle ($(((t1 - t0) / 1000000)) ms)" ||
    not_ok "loge sync killed in the middle" "status $rc (it ended before the kill?) $(cat "$D/sync1.out")"
expect_log "hub: the cut sync is logged as an error" "event=sync .*user=gardien1 result=error"
expect_log "hub: its connection ends" "event=end .*user=gardien1 mode=sync"
t0=$(date +%s%N)
# shellcheck disable=SC2086
expect_status "the next sync completes" 0 --db "$LAPTOP" $SYNC
t1=$(date +%s%N)
SCOPE="SELECT count(*) FROM dwelling d JOIN entrance en ON en.id = d.entrance_id
    JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id
    JOIN user_sector us ON us.sector_id = es.sector_id JOIN user_account u ON u.id = us.user_id
    WHERE u.login = 'gardien1'"
n_hub=$(hq "$SCOPE")
n_laptop=$(sqlite3 "$LAPTOP" "SELECT count(*) FROM dwelling")
[ "$n_laptop" -gt 0 ] && [ "$n_laptop" = "$n_hub" ] &&
    ok "laptop has gardien1's $n_laptop dwellings ($(((t1 - t0) / 1000000)) ms)" ||
    not_ok "laptop has gardien1's dwellings" "laptop $n_laptop, hub scope $n_hub"
[ "$(sqlite3 "$LAPTOP" "SELECT count(*) FROM logbook_entry WHERE text = 'Ascenseur bloqué, hall A'")" = 1 ] &&
    ok "laptop has the entry saved over ssh" || not_ok "laptop has the entry saved over ssh"
[ "$(sqlite3 "$LAPTOP" "PRAGMA integrity_check")" = ok ] && ok "laptop: integrity_check ok" ||
    not_ok "laptop: integrity_check ok"

# Never authenticating: a client that says nothing, and one that does the
# key exchange and then nothing; both closed after --login-grace 3.
log_mark
$PY - "$PORT" >"$D/silent.out" 2>&1 <<'EOF' &
import socket, sys, time
import paramiko
port = int(sys.argv[1])
s = socket.create_connection(("127.0.0.1", port), timeout=20)
t = paramiko.Transport(socket.create_connection(("127.0.0.1", port), timeout=20))
t.start_client(timeout=10)
t0 = time.time()
s.settimeout(20)
try:
    while s.recv(4096):
        pass
    print("silent closed %.1f" % (time.time() - t0))
except Exception as e:
    print("silent error %s" % e)
while t.is_active() and time.time() - t0 < 20:
    time.sleep(0.1)
print("kex-only closed %.1f" % (time.time() - t0))
EOF
NP=$!
wait $NP
cat "$D/silent.out" | while read -r what _ secs; do
	awk -v s="$secs" 'BEGIN { exit !(s >= 2 && s <= 10) }' &&
	    echo "ok $what" || echo "not ok $what $secs"
done >"$D/silent.res"
grep -q "^ok silent$" "$D/silent.res" && ok "a silent connection is closed within 2-10 s" ||
    not_ok "a silent connection is closed within 2-10 s" "$(cat "$D/silent.out")"
grep -q "^ok kex-only$" "$D/silent.res" && ok "a connection that never authenticates is closed within 2-10 s" ||
    not_ok "a connection that never authenticates is closed within 2-10 s" "$(cat "$D/silent.out")"
expect_log "log: timeout at the authentication stage" "event=timeout .*stage=auth tries=0" 10
# The silent one too: it is a login grace timeout, not a failed key exchange.
n=$(log_since | grep -c "event=timeout")
[ "$n" -ge 2 ] && ok "log: the silent connection is logged as event=timeout too" ||
    not_ok "log: the silent connection is logged as event=timeout too" "$(log_since)"

# A flood: 50 connections at once, held 3 s, with --max-startups 5, while
# a TUI session keeps answering; a sync right after succeeds.
tui_ssh agent1
expect_screen "agent1's TUI before the flood" "(Agent d'agence)"
log_mark
$PY - "$PORT" >"$D/flood.out" 2>&1 <<'EOF' &
import socket, sys, time
port = int(sys.argv[1])
socks, failed = [], 0
for i in range(50):
    try:
        socks.append(socket.create_connection(("127.0.0.1", port), timeout=5))
    except OSError:
        failed += 1
time.sleep(3)
for s in socks:
    s.close()
print("opened", len(socks), "failed", failed)
EOF
FP=$!
wait_log "reason=max-startups" 30
tui_keys '?'
expect_screen "during the flood: the TUI answers a key" "Touches de cet"
tui_keys x
expect_no_screen "during the flood: and the next" "Touches de cet"
wait $FP
n_ref=$(log_since | grep -c "event=refuse .*reason=max-startups")
n_acc=$(log_since | grep -c "event=connect ")
[ "$n_ref" -ge 40 ] && [ "$n_acc" -le 10 ] && ok "flood: $n_ref refused over max-startups, $n_acc let in" ||
    not_ok "flood: over max-startups refused" "refused $n_ref, connected $n_acc; $(cat "$D/flood.out")"
# The flood's own children end once their clients are gone.
for _ in $(seq 50); do
	[ "$(log_since | grep -c "event=\(kex\|timeout\)")" -ge "$n_acc" ] && break
	sleep 0.1
done
sqlite3 "$LAPTOP" "INSERT INTO logbook_entry (id, at, author_id, text, updated_at, updated_by) \
    SELECT '01900000-0000-7000-8000-00000000fa17', '2026-11-22T08:00:00Z', id, 'Après la vague', \
    '2026-11-22T08:00:00Z', id FROM user_account WHERE login = 'gardien1'"
# shellcheck disable=SC2086
expect_status "a sync right after the flood succeeds" 0 --db "$LAPTOP" $SYNC
[ "$(hq "SELECT count(*) FROM logbook_entry WHERE text = 'Après la vague'")" = 1 ] &&
    ok "its entry is on the hub" || not_ok "its entry is on the hub" "$(cat "$E2E_TMP/out" "$E2E_TMP/err")"
tui_keys Q
expect_screen "agent1's TUI quits normally after the flood" "[exit 0]"

# Still serving, nothing left over, nothing lost.
tui_ssh agent1
expect_screen "a new session after all that" "(Agent d'agence)"
tui_keys Q
expect_screen "and it quits" "[exit 0]"
sleep 0.5
left=$(ps -o pid=,user=,args= --ppid "$SRV_PID")
[ -z "$left" ] && ok "no connection process left" || not_ok "no connection process left" "$left"
grep -q "event=crash" "$LOG" && not_ok "no crash logged" "$(grep "event=crash" "$LOG")" ||
    ok "no crash logged"
[ "$(hq "PRAGMA integrity_check")" = ok ] && ok "hub: integrity_check ok" || not_ok "hub: integrity_check ok"
[ "$(hq "SELECT count(*) FROM dwelling")" = 200 ] && ok "hub: its 200 dwellings" || not_ok "hub: its 200 dwellings"
kill -TERM $SRV_PID
wait $SRV_PID
rc=$?
SRV_PID=
[ $rc -eq 0 ] && ok "the server stops with status 0" || not_ok "the server stops with status 0" "status $rc"
