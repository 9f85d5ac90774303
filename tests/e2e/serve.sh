# loge serve with OpenSSH's real client on loopback: the TUI for the user
# of the key, with his role, resized with the client's window; a wrong
# key, a disabled user, a password, a command, another subsystem, -L, -R
# and -A refused; the loge-sync subsystem by hand and through loge sync;
# the log lines; SIGHUP ends the session of a disabled user, SIGTERM ends
# the sessions and the server; hand-made clients (serve_attack.py): a
# forged authentication success (CVE-2018-10933), key B offered but key A
# signing, a probe only, a password, a user name with escapes.
# As root, loge serve runs sessions as the database's owner: the hub, and
# a copy of the binary, belong to a system user of the test.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_serve.sh"
serve_setup "loge serve over OpenSSH"
as_srv "$S/loge" demo --db "$HUB" --dwellings 60 --seed 7 >/dev/null 2>&1 || not_ok "demo hub"
for k in agent1 gardien1 superviseur1 technicien1 other; do
	ssh-keygen -q -t ed25519 -N '' -C "$k@e2e" -f "$D/$k"
	[ $k = other ] || as_srv "$S/loge" --db "$HUB" user key add $k "$D/$k.pub" >/dev/null 2>&1 ||
	    not_ok "key for $k"
done
as_srv "$S/loge" --db "$HUB" user disable technicien1 >/dev/null 2>&1 || not_ok "disable technicien1"
fp() { ssh-keygen -lf "$D/$1.pub" | awk '{print $2}' | sed 's/[+.]/\\&/g'; }	# as a regex

AGENT_PID=
cleanup() {
	stop_server
	[ -n "$AGENT_PID" ] && kill "$AGENT_PID" 2>/dev/null
	e2e_cleanup
}
trap cleanup EXIT

start_server --stop-grace 1 --login-grace 10 || { not_ok "server starts"; exit 0; }
grep -q "empreinte de la clé d'hôte : SHA256:" "$LOG" && [ "$(stat -c %a "$HOSTKEY")" = 600 ] &&
    ok "host key made (0600), fingerprint printed" || not_ok "host key made (0600), fingerprint printed"
SSHO="-F /dev/null -o UserKnownHostsFile=$D/kh -o StrictHostKeyChecking=accept-new \
-o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=5 -p $PORT"

# 1, 4, 5. The TUI of agent1, his name and role; the window follows the
# client's; the log has his key's fingerprint.
NAME_A=$(hq "SELECT display_name FROM user_account WHERE login = 'agent1'")
log_mark
tui_start 80 24 xterm-256color C.UTF-8 ssh -tt -i "$D/agent1" $SSHO agent1@127.0.0.1
expect_screen "agent1: the TUI greets him" "Bonjour $NAME_A"
expect_screen "agent1: status line shows his name and role" "$NAME_A (Agent d'agence)"
expect_no_screen "80 columns: no room for the y key" "y Synchro"
expect_log "log: connect" "event=connect from=127\.0\.0\.1:[0-9]+ child=[0-9]+"
expect_log "log: auth ok with agent1's key fingerprint" \
    "event=auth result=ok from=127\.0\.0\.1:[0-9]+ user=agent1 role=agent key=$(fp agent1)\$"
expect_log "log: tui with TERM and size" "event=tui .*user=agent1 term=xterm-256color size=80x24"
tui_resize 100 30
expect_screen "resized to 100 columns: the key bar has y Synchro" "y Synchro"
tui_screen | sed -n 29p | grep -q "(Agent d'agence) | poste :" && tui_screen | sed -n 30p | grep -q "y Synchro" &&
    ok "resized: status line and key bar on rows 29-30, wider" ||
    not_ok "resized: status line and key bar on rows 29-30, wider" "$(tui_screen)"
tui_resize 80 24
expect_no_screen "back to 80 columns: y Synchro gone" "y Synchro"
tui_keys Q
expect_screen "Q quits and ssh exits 0" "[exit 0]"
expect_log "log: end of agent1's tui session, status 0" \
    "event=end from=127\.0\.0\.1:[0-9]+ user=agent1 mode=tui status=0 seconds=[0-9]+"

NAME_G=$(hq "SELECT display_name FROM user_account WHERE login = 'gardien1'")
tui_start 80 24 vt100 C ssh -tt -i "$D/gardien1" $SSHO gardien1@127.0.0.1
expect_screen "gardien1: his own name and role" "$NAME_G (Gardien)"
expect_no_screen "gardien1: not agent1's session" "$NAME_A"
tui_keys q
expect_screen "q quits, ssh exits 0" "[exit 0]"

# 2. Refusals.
sshx() {	# sshx ARGS...: ssh without a terminal, output in ssh.out/ssh.err
	timeout 20 ssh $SSHO "$@" </dev/null >"$D/ssh.out" 2>"$D/ssh.err"
	RC=$?
}
refused() {	# refused DESCRIPTION TEXT: RC non-zero and TEXT in ssh.err
	if [ "$RC" -ne 0 ] && [ "$RC" -ne 124 ] && grep -qF -- "$2" "$D/ssh.err"; then ok "$1"; else
		not_ok "$1" "status $RC; $(cat "$D/ssh.err")"
	fi
}
log_mark
sshx -i "$D/other" agent1@127.0.0.1 true
refused "unregistered key refused" "Permission denied (publickey)"
expect_log "log: auth fail with the key's fingerprint" \
    "event=auth result=fail from=127\.0\.0\.1:[0-9]+ user=agent1 key=$(fp other) try=1"
sshx -i "$D/technicien1" technicien1@127.0.0.1 true
refused "disabled user refused" "Permission denied (publickey)"
expect_log "log: auth fail for the disabled user" \
    "event=auth result=fail from=127\.0\.0\.1:[0-9]+ user=technicien1 key=$(fp technicien1) try=1"
sshx -i "$D/other" nobody@127.0.0.1 true
refused "unknown user: the same answer" "Permission denied (publickey)"
sshx -o PreferredAuthentications=password,keyboard-interactive agent1@127.0.0.1 true
refused "password / keyboard-interactive refused" "Permission denied (publickey)"
log_mark
sshx -i "$D/agent1" agent1@127.0.0.1 some-command --arg
refused "exec refused" "exec request failed"
expect_log "log: exec refused" "event=refuse from=.* user=agent1 what=exec detail=some-command"
sshx -i "$D/agent1" -s agent1@127.0.0.1 sftp
refused "sftp subsystem refused" "subsystem request failed"
expect_log "log: sftp refused" "event=refuse from=.* user=agent1 what=subsystem detail=sftp"

# -L: a connection through the tunnel to the server itself would read its
# SSH banner; it must read nothing.
LPORT=$((PORT + 1))
[ $LPORT -gt 29999 ] && LPORT=$((PORT - 1))
log_mark
ssh $SSHO -i "$D/agent1" -N -o ExitOnForwardFailure=yes -L "127.0.0.1:$LPORT:127.0.0.1:$PORT" \
    agent1@127.0.0.1 </dev/null >/dev/null 2>"$D/ssh-L.err" &
SSH_L=$!
wait_log "event=auth result=ok" && sleep 0.3
got=$($PY -c "
import socket, sys
s = socket.create_connection(('127.0.0.1', $LPORT), timeout=3)
try:
    print(repr(s.recv(64)))
except Exception as e:
    print('error', e)
" 2>&1)
case "$got" in
"b''") ok "-L: nothing comes through the tunnel" ;;
*) not_ok "-L: nothing comes through the tunnel" "$got" ;;
esac
grep -q "administratively prohibited" "$D/ssh-L.err" && ok "-L: the channel is refused" ||
    not_ok "-L: the channel is refused" "$(cat "$D/ssh-L.err")"
expect_log "log: -L refused (event=refuse what=channel)" "event=refuse .*what=channel"
kill $SSH_L 2>/dev/null
wait $SSH_L 2>/dev/null
log_mark
sshx -i "$D/agent1" -N -o ExitOnForwardFailure=yes -R "127.0.0.1:$LPORT:127.0.0.1:22" agent1@127.0.0.1
refused "-R refused" "remote port forwarding failed"
expect_log "log: -R refused (event=refuse)" "event=refuse "

# -A, with an agent of the test's own.
eval "$(ssh-agent -s)" >/dev/null
AGENT_PID=$SSH_AGENT_PID
ssh-add -q "$D/agent1" 2>/dev/null
log_mark
sshx -A -i "$D/agent1" agent1@127.0.0.1 true
expect_log "log: agent forwarding refused" "event=refuse from=.* user=agent1 what=agent-forwarding"
kill "$AGENT_PID" 2>/dev/null
AGENT_PID=
unset SSH_AUTH_SOCK SSH_AGENT_PID

# 3. The loge-sync subsystem by hand, then loge sync.
CLOCK=$(($(date +%s) * 1000 * 65536))
log_mark
printf '{"t":"hello","v":1,"node":"01900000-0000-7000-8000-0000000000e2","schema":%s,"seq":0,"cursor":0,"clock":%s}\n' \
    "$(hq 'PRAGMA user_version')" "$CLOCK" |
    timeout 20 ssh $SSHO -i "$D/gardien1" -s gardien1@127.0.0.1 loge-sync 2>"$D/ssh.err" | head -1 >"$D/welcome"
grep -q '^{"t":"welcome","v":1,' "$D/welcome" && grep -q '"user":"gardien1"' "$D/welcome" &&
    ok "loge-sync subsystem answers hello with welcome" ||
    not_ok "loge-sync subsystem answers hello with welcome" "$(head -c 300 "$D/welcome"; cat "$D/ssh.err")"
SECTOR=$(hq "SELECT s.sector_id FROM user_sector s JOIN user_account u ON u.id = s.user_id WHERE u.login = 'gardien1'")
grep -q "\"scope\":\[\"$SECTOR\"\]" "$D/welcome" && ok "welcome: gardien1's sector as scope" ||
    not_ok "welcome: gardien1's sector as scope" "$SECTOR; $(head -c 300 "$D/welcome")"
expect_log "log: sync line for gardien1" "event=sync from=.* user=gardien1 result="

LAPTOP="$D/laptop.db"
SYNC="sync --identity $D/gardien1 --known-hosts $D/loge_known_hosts gardien1@127.0.0.1:$PORT"
# shellcheck disable=SC2086
expect_status "loge sync: first sync creates the laptop" 0 --db "$LAPTOP" $SYNC --accept-new
SCOPE="SELECT count(*) FROM dwelling d JOIN entrance en ON en.id = d.entrance_id
    JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id
    JOIN user_sector us ON us.sector_id = es.sector_id JOIN user_account u ON u.id = us.user_id
    WHERE u.login = 'gardien1'"
n_hub=$(hq "$SCOPE")
n_laptop=$(sqlite3 "$LAPTOP" "SELECT count(*) FROM dwelling")
[ "$n_laptop" -gt 0 ] && [ "$n_laptop" = "$n_hub" ] && ok "laptop has gardien1's dwellings ($n_laptop)" ||
    not_ok "laptop has gardien1's dwellings" "laptop $n_laptop, hub scope $n_hub"
sqlite3 "$LAPTOP" "INSERT INTO logbook_entry (id, at, author_id, text, updated_at, updated_by) \
    SELECT '01900000-0000-7000-8000-00000000e2e5', '2026-11-22T08:00:00Z', id, 'Fuite cage B (serve)', \
    '2026-11-22T08:00:00Z', id FROM user_account WHERE login = 'gardien1'"
# shellcheck disable=SC2086
expect_status "loge sync: second sync" 0 --db "$LAPTOP" $SYNC
grep -q 'envoyées : 1 (appliquées 1' "$E2E_TMP/out" && ok "the entry is sent and applied" ||
    not_ok "the entry is sent and applied" "$(cat "$E2E_TMP/out" "$E2E_TMP/err")"
[ "$(hq "SELECT count(*) FROM logbook_entry e JOIN user_account u ON u.id = e.updated_by
    WHERE e.text = 'Fuite cage B (serve)' AND u.login = 'gardien1'")" = 1 ] &&
    ok "the entry is on the hub, by gardien1" || not_ok "the entry is on the hub, by gardien1"
expect_log "log: sync summary with one applied" "event=sync .*user=gardien1 result=ok received=1 applied=1"

# 7. Hand-made clients, at once.
A="$(dirname "$0")/serve_attack.py"
log_mark
$PY "$A" $PORT cve agent1 >"$D/a-cve" 2>&1 &
P1=$!
$PY "$A" $PORT mixsig agent1 "$D/agent1.pub" "$D/other" "$D/agent1" >"$D/a-mix1" 2>&1 &
P2=$!
$PY "$A" $PORT mixsig agent1 "$D/agent1.pub" "$D/gardien1" "$D/agent1" >"$D/a-mix2" 2>&1 &
P3=$!
$PY "$A" $PORT probe agent1 "$D/agent1.pub" >"$D/a-probe" 2>&1 &
P4=$!
$PY "$A" $PORT password agent1 >"$D/a-pw" 2>&1 &
P5=$!
$PY "$A" $PORT badname "$D/other" >"$D/a-name" 2>&1 &
P6=$!
attack() {	# attack DESCRIPTION PID OUTPUT
	if wait "$2"; then ok "$1"; else not_ok "$1" "$(cat "$3")"; fi
}
attack "CVE-2018-10933: forged USERAUTH_SUCCESS gives no session" $P1 "$D/a-cve"
attack "key B offered, signed by an unregistered key A: refused" $P2 "$D/a-mix1"
attack "key B offered, signed by gardien1's key: refused" $P3 "$D/a-mix2"
attack "a probe (no signature) gives no session" $P4 "$D/a-probe"
attack "a password is refused, only publickey offered" $P5 "$D/a-pw"
attack "user name with escapes and 300 bytes refused" $P6 "$D/a-name"
sleep 0.5
cport=$(sed -n 's/^port=//p' "$D/a-cve")
log_since | grep "from=127.0.0.1:$cport " | grep -qE "event=(auth result=ok|tui|sync)" &&
    not_ok "CVE connection: no auth, TUI or sync in the log" "$(log_since | grep "from=127.0.0.1:$cport ")" ||
    ok "CVE connection: no auth, TUI or sync in the log"
pport=$(sed -n 's/^port=//p' "$D/a-probe")
log_since | grep "from=127.0.0.1:$pport " | grep -qE "event=(auth result=ok|tui|sync)" &&
    not_ok "probe connection: no auth, TUI or sync in the log" ||
    ok "probe connection: no auth, TUI or sync in the log"
ESC=$(printf '\033')
BEL=$(printf '\007')
if grep -q "[$ESC$BEL]" "$LOG"; then not_ok "log: no raw escape from the user name"; else
	ok "log: no raw escape from the user name"
fi
grep -q 'event=auth result=fail .*user=?\[31mevil?\[0m?user??2026-01-01T00:00:00 key=' "$LOG" &&
    ok "log: the odd user name sanitised on one field" ||
    not_ok "log: the odd user name sanitised on one field" "$(grep evil "$LOG" | cat -A)"
bad=$(grep -vcE "^(20[0-9-]{8}T[0-9:]{8}Z pid=[0-9]+ event=[a-z-]+ |loge serve : )" "$LOG")
[ "$bad" = 0 ] && ok "log: every line has the date, pid, event form" ||
    not_ok "log: every line has the date, pid, event form" "$(grep -vE "^(20[0-9-]{8}T|loge serve)" "$LOG" | cat -A | head -5)"

# 6. SIGHUP after the user is disabled ends his open TUI.
NAME_S=$(hq "SELECT display_name FROM user_account WHERE login = 'superviseur1'")
tui_start 80 24 xterm-256color C.UTF-8 ssh -tt -i "$D/superviseur1" $SSHO superviseur1@127.0.0.1
expect_screen "superviseur1's TUI open" "$NAME_S (Superviseur)"
log_mark
kill -HUP $SRV_PID
expect_log "SIGHUP: reload logged" "event=reload sessions=[1-9]"
sleep 0.5
expect_screen "SIGHUP alone: an active user's session goes on" "$NAME_S (Superviseur)"
as_srv "$S/loge" --db "$HUB" user disable superviseur1 >/dev/null 2>&1
kill -HUP $SRV_PID
expect_screen "SIGHUP after disable: the client reads why" "accès a été retiré"
expect_screen "SIGHUP after disable: ssh ends" "[exit"
expect_log "log: tui-end why=access-withdrawn" "event=tui-end .*user=superviseur1 why=access-withdrawn"

# SIGTERM with --stop-grace 1: the open session is told, the server exits 0.
tui_start 80 24 xterm-256color C.UTF-8 ssh -tt -i "$D/agent1" $SSHO agent1@127.0.0.1
expect_screen "agent1's TUI open again" "$NAME_A (Agent d'agence)"
log_mark
t0=$(date +%s)
kill -TERM $SRV_PID
expect_screen "SIGTERM: the client reads that the server stops" "le serveur s'arrête"
wait $SRV_PID
rc=$?
t1=$(date +%s)
SRV_PID=
[ $rc -eq 0 ] && ok "SIGTERM: the server exits 0 ($((t1 - t0)) s)" || not_ok "SIGTERM: the server exits 0" "status $rc"
log_since | grep -q "event=stop sessions=1 grace=1" && log_since | grep -q "event=tui-end .*why=server-stop" &&
    log_since | grep -q "event=stopped" && ok "log: stop, tui-end server-stop, stopped" ||
    not_ok "log: stop, tui-end server-stop, stopped" "$(log_since)"
sshx -i "$D/agent1" agent1@127.0.0.1 true
[ $RC -eq 255 ] && grep -q "refused" "$D/ssh.err" && ok "after the stop, nobody listens" ||
    not_ok "after the stop, nobody listens" "$RC $(cat "$D/ssh.err")"

# 3 (end). Another host key on the same address: loge sync refuses it.
HOSTKEY="$S/host_key2"
start_server || not_ok "server starts again"
SYNC="sync --identity $D/gardien1 --known-hosts $D/loge_known_hosts gardien1@127.0.0.1:$PORT"
sed "s/^\[127\.0\.0\.1\]:[0-9]* /[127.0.0.1]:$PORT /" "$D/loge_known_hosts" >"$D/kh2" && mv "$D/kh2" "$D/loge_known_hosts"
# shellcheck disable=SC2086
expect_status "loge sync: a changed host key is refused" 1 --db "$LAPTOP" $SYNC --accept-new
grep -q 'a changé' "$E2E_TMP/err" && grep -q 'loge_known_hosts' "$E2E_TMP/err" &&
    ok "changed key: says so and which file to edit" ||
    not_ok "changed key: says so and which file to edit" "$(cat "$E2E_TMP/err")"
stop_server
