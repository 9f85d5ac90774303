#!/bin/sh
# The TUI as a person meets it, through a real pseudo-terminal (80x24,
# xterm-256color, C.UTF-8), on a demo database: start to first screen,
# search latency per keystroke typing a tenant's name and a dwelling
# reference, Enter to the dwelling sheet, h to its history, the bytes
# written to the terminal for the whole navigation and the peak RSS.
# Usage: sh tests/bench/bench_tui.sh DB
# PTYDRIVE and LOGE name other binaries (default build/bench/ptydrive and
# ./loge). Timings are from tests/bench/ptydrive.c: each one ends at the
# last byte of the screen update, as read from the pty.
set -eu
db=$1
ptydrive=${PTYDRIVE:-build/bench/ptydrive}
loge=${LOGE:-./loge}
tmp=$(mktemp -d /tmp/loge-bench-tui-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

n=$(sqlite3 "$db" "SELECT count(*) FROM dwelling")
prefix="TUI $((n / 1000))k, "
user=gardien1

# A current tenant with a plain ASCII name, typed in lower case as people
# do, and a dwelling, both from the middle of the database, not the first
# rows every cache already holds.
tenant=$(sqlite3 "$db" "SELECT lower(t.first_name) || ' ' || lower(t.last_name)
  FROM lease l JOIN lease_tenant lt ON lt.lease_id = l.id JOIN tenant t ON t.id = lt.tenant_id
  WHERE l.rowid >= (SELECT max(rowid) / 2 FROM lease) AND l.end_date IS NULL
  AND t.anonymised = 0 AND t.first_name NOT GLOB '*[^A-Za-z]*'
  AND t.last_name NOT GLOB '*[^A-Za-z]*' ORDER BY l.rowid LIMIT 1")
ref=$(sqlite3 "$db" "SELECT reference FROM dwelling
  WHERE rowid >= (SELECT max(rowid) * 2 / 3 FROM dwelling) ORDER BY rowid LIMIT 1")
if [ -z "$tenant" ] || [ -z "$ref" ]; then
	echo "bench_tui: no current tenant or dwelling in $db" >&2
	exit 1
fi

# Texts waited for are ones the new screen draws afresh: curses writes only
# the cells that change, so a text already on screen may never be sent.
cat >"$tmp/day" <<EOF
label start to first screen
lap start Aide
label output, first screen
bytes first
keys /
wait Rechercher
label search per key, tenant name
type $tenant
mark sheet
keys \r
label Enter on a tenant: sheet
lap sheet source :
mark history
keys h
label h on the sheet: history
lap history Historique
keys q
wait source :
keys q
wait Rechercher
keys \e
wait Bonjour
keys /
wait Rechercher
label search per key, dwelling reference
type $ref
mark sheet2
keys \r
label Enter on a reference: sheet
lap sheet2 source :
keys Q
EOF
# run SCRIPT: runs loge on the pty along SCRIPT, output in SCRIPT.out;
# stops the bench with the output shown when a step fails.
run() {
	if ! "$ptydrive" --prefix "$prefix" "$1" -- "$loge" --db "$db" --user "$user" \
	    >"$1.out" 2>&1; then
		cat "$1.out" >&2
		exit 1
	fi
}

# The first read-write open migrates an older database and builds its
# search index: done here, once, outside the figures. Then the whole
# navigation runs once unmeasured, so that the figures are those of a new
# process on a warm page cache, whatever ran before (`make bench` measures
# the cold open apart).
have=$(sqlite3 "$db" "PRAGMA user_version")
want=$("$loge" --version | sed -n 's/.*schéma de base \([0-9]*\).*/\1/p')
if [ "$have" -lt "${want:-0}" ]; then
	printf 'timeout 7200\nlabel first open, migration from schema %s\nlap start Aide\nkeys Q\n' \
	    "$have" >"$tmp/migrate"
	run "$tmp/migrate"
	grep 'migration' "$tmp/migrate.out"
fi
run "$tmp/day"
run "$tmp/day"
# The whole run is the navigation above, from the start to the exit.
cat "$tmp/day.out"
