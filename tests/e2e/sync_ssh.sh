# loge sync against OpenSSH's real sshd on loopback, with the hub's side
# run as `loge sync-server` by ForceCommand: first contact pins the hub's
# key, a laptop database is created with its gardien's sector, a change
# made offline reaches the hub, and a hub whose key changed is refused.
. "$(dirname "$0")/lib.sh"

SSHD=/usr/sbin/sshd
if [ "$(id -u)" -ne 0 ] || [ ! -x "$SSHD" ]; then
	ok "sync over OpenSSH # SKIP needs root and openssh-server"
	exit 0
fi
D="$E2E_TMP"
PORT=$((20000 + $$ % 20000))
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$D/hostkey"
ssh-keygen -q -t ed25519 -N '' -f "$D/client"
cp "$D/client.pub" "$D/authorized_keys"
"$LOGE" demo --db "$D/hub.db" --dwellings 60 --seed 7 >/dev/null 2>&1

start_sshd() {
	cat >"$D/sshd_config" <<EOT
ListenAddress 127.0.0.1
HostKey $D/hostkey
PidFile $D/sshd.pid
AuthorizedKeysFile $D/authorized_keys
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
AllowTcpForwarding no
X11Forwarding no
PermitTTY no
Subsystem loge-sync /bin/false
ForceCommand $LOGE sync-server --db $D/hub.db --user gardien1
EOT
	"$SSHD" -f "$D/sshd_config" -p "$PORT" -E "$D/sshd.log"
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		[ -s "$D/sshd.pid" ] && break
		sleep 0.1
	done
}
stop_sshd() {
	[ -s "$D/sshd.pid" ] && kill "$(cat "$D/sshd.pid")" 2>/dev/null
	rm -f "$D/sshd.pid"
	sleep 0.2
}
trap "stop_sshd; e2e_cleanup" EXIT
start_sshd

SYNC="sync --identity $D/client --known-hosts $D/known_hosts root@127.0.0.1:$PORT"
# shellcheck disable=SC2086
expect_status "unknown hub refused without a terminal" 1 --db "$D/laptop.db" $SYNC </dev/null
grep -q 'inconnu' "$E2E_TMP/err" && grep -q 'SHA256:' "$E2E_TMP/err" &&
    ok "unknown hub: its fingerprint is shown" || not_ok "unknown hub: its fingerprint is shown" "$(cat "$E2E_TMP/err")"
# shellcheck disable=SC2086
expect_status "first sync with --accept-new" 0 --db "$D/laptop.db" $SYNC --accept-new
grep -q 'reçues' "$E2E_TMP/out" && ok "summary printed" || not_ok "summary printed" "$(cat "$E2E_TMP/out")"
grep -q "127.0.0.1\]:$PORT ssh-ed25519" "$D/known_hosts" && ok "hub key pinned in Loge's file" ||
    not_ok "hub key pinned in Loge's file"
n_hub=$(sqlite3 "$D/hub.db" "SELECT count(*) FROM dwelling")
n_node=$(sqlite3 "$D/laptop.db" "SELECT count(*) FROM dwelling")
[ "$n_node" -gt 0 ] && [ "$n_node" -le "$n_hub" ] && ok "laptop has its dwellings ($n_node)" ||
    not_ok "laptop has its dwellings" "$n_node of $n_hub"

# An entry written offline reaches the hub, with the user of the SSH session.
sqlite3 "$D/laptop.db" "INSERT INTO logbook_entry (id, at, author_id, text, updated_at, updated_by) \
    SELECT '01900000-0000-7000-8000-00000000e2e1', '2026-11-22T08:00:00Z', id, 'Porte du hall forcée', \
    '2026-11-22T08:00:00Z', id FROM user_account WHERE login = 'gardien1'"
# shellcheck disable=SC2086
expect_status "second sync" 0 --db "$D/laptop.db" $SYNC
grep -q 'envoyées : 1 (appliquées 1' "$E2E_TMP/out" && ok "one change sent and applied" ||
    not_ok "one change sent and applied" "$(cat "$E2E_TMP/out")"
[ "$(sqlite3 "$D/hub.db" "SELECT count(*) FROM logbook_entry WHERE text = 'Porte du hall forcée'")" = 1 ] &&
    ok "the entry is on the hub" || not_ok "the entry is on the hub"
[ "$(sqlite3 "$D/hub.db" "SELECT count(*) FROM sync_session WHERE side = 'hub' AND outcome = 'ok'")" -ge 2 ] &&
    ok "hub's sync log has the sessions" || not_ok "hub's sync log has the sessions"

# The hub's key changes: refused, whatever --accept-new says.
stop_sshd
rm -f "$D/hostkey" "$D/hostkey.pub"
ssh-keygen -q -t ed25519 -N '' -f "$D/hostkey"
start_sshd
# shellcheck disable=SC2086
expect_status "changed hub key refused" 1 --db "$D/laptop.db" $SYNC --accept-new
grep -q 'a changé' "$E2E_TMP/err" && grep -q 'known_hosts' "$E2E_TMP/err" &&
    ok "changed key: says which file to edit" || not_ok "changed key: says which file to edit" "$(cat "$E2E_TMP/err")"

# A wrong key is refused by sshd.
ssh-keygen -q -t ed25519 -N '' -f "$D/other"
sed -i '/127.0.0.1/d' "$D/known_hosts"
# shellcheck disable=SC2086
expect_status "unknown client key refused" 1 --db "$D/laptop.db" sync --identity "$D/other" \
    --known-hosts "$D/known_hosts" --accept-new "root@127.0.0.1:$PORT"
