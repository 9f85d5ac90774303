# Load on loge serve (issue 5), with OpenSSH's real client on loopback:
# SERVE_LOAD_SESSIONS (default 100) TUI sessions at once over `ssh -tt`,
# twenty users of them, each on a pseudo-terminal of its own and each
# finding its user's home, searching a dwelling, opening its sheet and
# history, the logbook, then quitting; and, while they are all open,
# SERVE_LOAD_SYNCS (default 20) first syncs of new laptops. No session and
# no sync may fail; afterwards the server has no child left and its memory
# is back to its baseline. The sessions are driven by tests/bench/sshdrive.c
# (SSHDRIVE names a built one; else build/bench/sshdrive if up to date,
# else it is compiled here).
. "$(dirname "$0")/lib.sh"

N=${SERVE_LOAD_SESSIONS:-100}
M=${SERVE_LOAD_SYNCS:-20}
if [ "$(id -u)" -ne 0 ] || ! command -v ssh >/dev/null || ! command -v cc >/dev/null; then
	ok "serve under load # SKIP needs root, ssh and cc"
	exit 0
fi
K="$E2E_TMP"
HUB=$(mktemp -d /tmp/loge-load-XXXXXX)
SPID=
stop_server() {
	[ -n "$SPID" ] && kill -KILL "$SPID" 2>/dev/null
	SPID=
}
trap 'stop_server; [ "$E2E_FAILED" -eq 0 ] && rm -rf "$HUB"; e2e_cleanup' EXIT

# As root, loge serve runs each session as the database's owner.
id loge-load >/dev/null 2>&1 ||
    useradd -r -M -d /nonexistent -s /usr/sbin/nologin loge-load 2>/dev/null || id loge-load >/dev/null ||
    { not_ok "system user loge-load"; exit 1; }
SRC="$(dirname "$0")/../bench/sshdrive.c"
SSHDRIVE=${SSHDRIVE:-}
[ -n "$SSHDRIVE" ] ||
    [ -z "$(find build/bench/sshdrive -newer "$SRC" -newer "${SRC%/*}/drive.h" 2>/dev/null)" ] ||
    SSHDRIVE=build/bench/sshdrive
if [ -z "$SSHDRIVE" ]; then
	SSHDRIVE="$K/sshdrive"
	cc -std=c11 -D_DEFAULT_SOURCE -O2 -o "$SSHDRIVE" "$SRC" -lutil || { not_ok "sshdrive builds"; exit 1; }
fi

# The hub: a small demo (the load is on the server, not the database),
# twenty agents for the sessions and a gardien per laptop, each with a key.
chmod 755 "$HUB"
cp "$LOGE" "$HUB/loge"
"$LOGE" demo --db "$HUB/hub.db" --dwellings 100 --seed 3 >/dev/null 2>&1 || not_ok "demo database"
A=$((N < 20 ? N : 20))
refs=$(sqlite3 "$HUB/hub.db" "SELECT reference FROM dwelling ORDER BY reference LIMIT $A")
: >"$K/table"
i=1
for ref in $refs; do
	nn=$(printf %02d $i)
	ssh-keygen -q -t ed25519 -N '' -C "charge$nn" -f "$K/a$i"
	"$LOGE" --db "$HUB/hub.db" --user admin user add "charge$nn" --role agent \
	    --name "Agent Charge $nn" --sector S0001 --key "$K/a$i.pub" >/dev/null 2>&1 ||
	    not_ok "user charge$nn"
	printf 'charge%s\tAgent Charge %s\t%s\t%s\n' "$nn" "$nn" "$ref" "$K/a$i" >>"$K/table"
	i=$((i + 1))
done
i=1
while [ $i -le "$M" ]; do
	ssh-keygen -q -t ed25519 -N '' -C "laptop$i" -f "$K/g$i"
	"$LOGE" --db "$HUB/hub.db" --user admin user add "portable$i" --role gardien \
	    --sector S0001 --key "$K/g$i.pub" >/dev/null 2>&1 || not_ok "user portable$i"
	i=$((i + 1))
done
chown -R loge-load: "$HUB"

# The server, with room for every connection at once: the load is what is
# tested here, the limits are tested elsewhere.
PORT=$((30000 + $$ % 20000))
: >"$K/serve.log"
"$HUB/loge" serve --db "$HUB/hub.db" --listen "127.0.0.1:$PORT" --max-startups $((N + M)) \
    --max-sessions $((N + M + 10)) 2>"$K/serve.log" &
SPID=$!
i=0
while ! grep -q 'event=listen' "$K/serve.log" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if grep -q 'event=listen' "$K/serve.log"; then ok "server listens on $PORT"; else
	not_ok "server listens on $PORT" "$(cat "$K/serve.log")"
	exit 1
fi

# kids: the server's children; rss: its resident set in kB; strays: loge
# processes other than the server (a TUI left behind by its connection).
kids() { ps -o pid= --ppid "$SPID" | wc -l; }
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$SPID/status"; }
strays() {
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/exe" 2>/dev/null)" = "$HUB/loge" ] && [ "${p#/proc/}" != "$SPID" ] &&
		    echo "${p#/proc/}"
	done | wc -l
}
settle() {	# waits (up to 20 s) until the server has no child and no stray
	i=0
	while { [ "$(kids)" -ne 0 ] || [ "$(strays)" -ne 0 ]; } && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

SSH="ssh -tt -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
  -o BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=ERROR -o SendEnv=LANG -o SendEnv=LC_ALL
  -p $PORT -i %4 %1@127.0.0.1"

# The first connection and the first sync touch pages the parent keeps:
# the baseline is taken after one of each.
printf 'lap start Aide\nkeys Q\n' >"$K/warm"
# shellcheck disable=SC2086
"$SSHDRIVE" --table "$K/table" "$K/warm" -- $SSH >"$K/warm.out" 2>&1 || not_ok "warm-up session" "$(cat "$K/warm.out")"
"$LOGE" sync --db "$K/warm.db" --identity "$K/g1" --known-hosts "$K/warm.kh" --accept-new \
    "portable1@127.0.0.1:$PORT" >"$K/warm-sync.out" 2>&1 || not_ok "warm-up sync" "$(cat "$K/warm-sync.out")"
settle
base=$(rss)

# The syncs start once every session is on its home screen; the sessions
# stay open until the syncs are over.
cat >"$K/syncs.sh" <<EOF
: >"$K/syncs.started"
i=1
while [ \$i -le $M ]; do
	( "$LOGE" sync --db "$K/laptop\$i.db" --identity "$K/g\$i" --known-hosts "$K/kh\$i" \\
	    --accept-new "portable\$i@127.0.0.1:$PORT" >"$K/sync\$i.out" 2>&1
	  echo \$? >"$K/sync\$i.rc" ) </dev/null >/dev/null 2>&1 &
	i=\$((i + 1))
done
EOF
# syncs_done: how many syncs have ended.
syncs_done() {
	set -- "$K"/sync*.rc
	if [ -e "$1" ]; then echo $#; else echo 0; fi
}
cat >"$K/peak.sh" <<EOF
i=0
while [ "\$(find "$K" -name 'sync*.rc' | wc -l)" -lt $M ] && [ \$i -lt 900 ]; do sleep 0.2; i=\$((i + 1)); done
echo "# at the peak: \$(ps -o pid= --ppid $SPID | wc -l) connection processes, parent RSS \$(awk '/^VmRSS:/ { print \$2 }' /proc/$SPID/status) kB"
EOF
cat >"$K/day" <<'EOF'
timeout 90
label session start (ssh to first screen)
lap start Aide
wait Bonjour %2
barrier sh SYNCS
keys /
wait Rechercher
pace 120
label keystroke, search
type %3
keys \r
wait Caract
wait source :
keys h
wait Historique
label keystroke, history
type \eOB\eOB\eOB\eOA
keys q
wait source :
keys q
wait Rechercher
keys \e
wait Bonjour %2
keys m
wait Main courante
keys q
wait Bonjour %2
barrier sh PEAK
keys Q
end
EOF
sed -i "s|SYNCS|$K/syncs.sh|; s|PEAK|$K/peak.sh|" "$K/day"
t0=$(date +%s)
# shellcheck disable=SC2086
"$SSHDRIVE" --sessions "$N" --stagger 25 --table "$K/table" "$K/day" -- $SSH >"$K/day.out" 2>"$K/day.err"
rc=$?
grep '^#' "$K/day.out"
sed -n 's/^\([a-z].*ms\) .*(median; p90 \([0-9.]*\), p99 \([0-9.]*\), max \([0-9.]*\); \(.*\))/# \1 median, p90 \2, p99 \3, max \4 (\5)/p' "$K/day.out"
if [ $rc -eq 0 ] && grep -q "sessions *$N ok, 0 failed" "$K/day.out"; then
	ok "$N sessions at once: each saw its user's home, searched, opened the sheet, history, logbook, and exited 0"
else
	not_ok "$N sessions at once: each saw its user's home, searched, opened the sheet, history, logbook, and exited 0" \
	    "$(grep sessions "$K/day.out"; head -60 "$K/day.err")"
fi
echo "# $N sessions and $M syncs in $(($(date +%s) - t0)) s"

# Sessions that all failed before their first barrier never started the
# syncs: they run now, alone. They end on their own in any case.
[ -f "$K/syncs.started" ] || sh "$K/syncs.sh"
i=0
while [ "$(syncs_done)" -lt "$M" ] && [ $i -lt 600 ]; do sleep 0.2; i=$((i + 1)); done
bad=
i=1
while [ $i -le "$M" ]; do
	if [ "$(cat "$K/sync$i.rc" 2>/dev/null)" != 0 ]; then bad="$bad $i"
	elif [ "$(sqlite3 "$K/laptop$i.db" "SELECT count(*) FROM dwelling")" -lt 1 ]; then bad="$bad $i(empty)"
	fi
	i=$((i + 1))
done
if [ -z "$bad" ]; then ok "$M concurrent first syncs exit 0, each laptop has its dwellings"; else
	first=${bad# }
	first=${first%% *}
	not_ok "$M concurrent first syncs exit 0, each laptop has its dwellings" \
	    "failed:$bad; laptop ${first%(*}: $(head -5 "$K/sync${first%(*}.out" 2>/dev/null)"
fi

settle
n_kids=$(kids)
n_strays=$(strays)
[ "$n_kids" -eq 0 ] && ok "no connection process left" || not_ok "no connection process left" \
    "$(ps -o pid,stat,etime,args --ppid "$SPID")"
[ "$n_strays" -eq 0 ] && ok "no TUI process left" || not_ok "no TUI process left" "$n_strays loge processes"
after=$(rss)
echo "# server parent RSS: $base kB before, $after kB after"
# The margin is for the kernel's accounting of shared pages, not for a leak:
# a byte kept per session would already be 100 pages.
if [ "$after" -le $((base + 256)) ]; then ok "server memory back to its baseline"; else
	not_ok "server memory back to its baseline" "$base kB before, $after kB after"
fi

# The log says the same: every session and sync ended well, nothing crashed
# or was refused.
tui_ok=$(grep -c 'event=end .*mode=tui status=0' "$K/serve.log")
sync_ok=$(grep -c 'event=sync .*result=ok' "$K/serve.log")
[ "$tui_ok" -eq $((N + 1)) ] && [ "$sync_ok" -eq $((M + 1)) ] &&
    ok "server log: every session and sync ended well" ||
    not_ok "server log: every session and sync ended well" "tui ok $tui_ok of $((N + 1)), sync ok $sync_ok of $((M + 1))"
if grep -E 'event=(crash|error|refuse|timeout|kex)' "$K/serve.log" >"$K/bad.log"; then
	not_ok "no crash, error, refusal or timeout logged" "$(head -10 "$K/bad.log")"
else
	ok "no crash, error, refusal or timeout logged"
fi

kill -TERM "$SPID"
i=0
while kill -0 "$SPID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$SPID" 2>/dev/null; then not_ok "server stops on SIGTERM"; else
	wait "$SPID"
	st=$?
	SPID=
	[ "$st" -eq 0 ] && ok "server stops on SIGTERM with status 0" || not_ok "server stops on SIGTERM with status 0" "status $st"
fi
