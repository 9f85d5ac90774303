#!/bin/sh
# États des lieux at the keyboard, through a real pseudo-terminal (80x24,
# xterm-256color, C.UTF-8), on a copy of a demo database:
#   - a complete exit inspection of a T3, scripted as gardien1 does it from
#     the dwelling's sheet: plan it (prefilled from the entry), three items
#     changed (one priced to the tenant), every meter read, every key
#     counted, a check refused for the missing new address, the address,
#     ready to sign, each party's signature, closed: step by step, the time
#     of its main screens; then on another T3 with every key sent at once,
#     Loge's own time for the whole inspection, from `i` on the sheet to
#     the closing, and the keys pressed (commands apart from text typed);
#   - an inspection of 200 items (10 rooms of 20, made with sqlite3):
#     Enter on it in the list to the editor drawn, j from line to line, a
#     state key (saved, then the next item), its check list;
#   - `loge inspection export --format pdf` of both.
# Usage: sh tests/bench/bench_inspection.sh DB
# PTYDRIVE, RUNSTAT and LOGE name other binaries (default build/bench/ptydrive,
# build/bench/runstat and ./loge). The database is only read: the
# inspections are written in a copy, in build/bench/inspection, removed at
# the end. Timings as in bench_tui.sh: each one ends at the last byte of
# the screen update, as read from the pty; the keys are sent as fast as the
# program takes them, so the inspection's time is Loge's own, not a
# person's.
set -eu
src=$1
ptydrive=${PTYDRIVE:-build/bench/ptydrive}
run=${RUNSTAT:-build/bench/runstat}
loge=${LOGE:-./loge}
work=build/bench/inspection
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT INT TERM
db=$work/demo.db
cp "$src" "$db"
[ ! -f "$src-wal" ] || cp "$src-wal" "$db-wal"
sql() { sqlite3 -cmd '.timeout 10000' "$db" "$1"; }

n=$(sql "SELECT count(*) FROM dwelling")
prefix="EDL $((n / 1000))k, "
user=gardien1

# run SCRIPT: runs loge on the pty along SCRIPT, output in SCRIPT.out;
# stops the bench with the output shown when a step fails.
run() {
	if ! "$ptydrive" --prefix "$prefix" "$1" -- "$loge" --db "$db" --user "$user" \
	    >"$1.out" 2>&1; then
		cat "$1.out" >&2
		exit 1
	fi
}

# An older database is migrated by its first read-write open, outside the
# figures (bench_tui.sh has done it already on the same demo in `make bench`).
have=$(sql "PRAGMA user_version")
want=$("$loge" --version | sed -n 's/.*schéma de base \([0-9]*\).*/\1/p')
if [ "$have" -lt "${want:-0}" ]; then
	printf 'timeout 7200\nlabel first open, migration from schema %s\nlap start Aide\nkeys Q\n' \
	    "$have" >"$work/migrate"
	run "$work/migrate"
fi

# A T3 of gardien1's sectors (the last ones of the database), with a
# running lease whose entry is signed and detailed, nothing open on it,
# the first room's first two items plain (m and x then ask the defect).
pick() {	# pick TYPE OFFSET: "reference|entry id|lease id"
	sql "SELECT d.reference || '|' || e.id || '|' || l.id
	  FROM user_account u JOIN user_sector us ON us.user_id = u.id
	  JOIN estate es ON es.sector_id = us.sector_id JOIN building b ON b.estate_id = es.id
	  JOIN entrance en ON en.building_id = b.id JOIN dwelling d ON d.entrance_id = en.id
	  JOIN lease l ON l.dwelling_id = d.id AND l.end_date IS NULL AND l.start_date <= date('now')
	  JOIN inspection e ON e.dwelling_id = d.id AND e.lease_id = l.id AND e.kind = 'move_in'
	    AND e.state = 'signed' AND e.amends_id IS NULL
	  WHERE u.login = '$user' AND d.type = '$1'
	    AND coalesce(en.address, b.address, es.address) IS NOT NULL
	    AND NOT EXISTS (SELECT 1 FROM lease l2 WHERE l2.dwelling_id = d.id
	      AND l2.start_date > l.start_date)
	    AND NOT EXISTS (SELECT 1 FROM inspection o WHERE o.dwelling_id = d.id
	      AND (o.state <> 'signed' OR coalesce(o.done_at, o.signed_at) >
	      coalesce(e.done_at, e.signed_at) OR o.planned_date > date('now')))
	    AND (SELECT count(*) FROM inspection_item WHERE room_id = (SELECT id
	      FROM inspection_room WHERE inspection_id = e.id ORDER BY position LIMIT 1)) >= 3
	    AND EXISTS (SELECT 1 FROM inspection_room WHERE inspection_id = e.id
	      ORDER BY position LIMIT 1 OFFSET 1)
	    AND NOT EXISTS (SELECT 1 FROM (SELECT state, comment FROM inspection_item
	      WHERE room_id = (SELECT id FROM inspection_room WHERE inspection_id = e.id
	      ORDER BY position LIMIT 1) ORDER BY position LIMIT 2)
	      WHERE comment IS NOT NULL OR state IS NULL OR state IN ('m', 'x'))
	    AND EXISTS (SELECT 1 FROM inspection_meter WHERE inspection_id = e.id)
	    AND NOT EXISTS (SELECT 1 FROM inspection_meter WHERE inspection_id = e.id
	      AND serial IS NULL)
	    AND EXISTS (SELECT 1 FROM inspection_key WHERE inspection_id = e.id)
	  ORDER BY d.rowid DESC LIMIT 1 OFFSET $2"
}
# inspection_steps "REFERENCE|ENTRY|LEASE" FILE: the steps of the exit
# inspection of that dwelling, from `i` on its sheet to S, into FILE: keys,
# and the waits that keep a step-by-step run in step with the screens (a
# run with every key at once keeps only the keys). Sets ref, eid, nkeys
# (commands) and ntext (characters of text typed).
inspection_steps() {
	ref=${1%%|*}
	_rest=${1#*|}
	eid=${_rest%%|*}
	_lid=${_rest#*|}
	_out=$2
	nkeys=0
	ntext=0
	: >"$_out"
	_room1=$(sql "SELECT id FROM inspection_room WHERE inspection_id = '$eid'
	  ORDER BY position LIMIT 1")
	_n1=$(sql "SELECT count(*) FROM inspection_item WHERE room_id = '$_room1'")
	_nm=$(sql "SELECT count(*) FROM inspection_meter WHERE inspection_id = '$eid'")
	_given=$(sql "SELECT group_concat(given, ' ') FROM (SELECT given FROM inspection_key
	  WHERE inspection_id = '$eid' ORDER BY rowid)")
	_s3=$(sql "SELECT CASE state WHEN 'u' THEN 'b' ELSE 'u' END FROM inspection_item
	  WHERE room_id = (SELECT id FROM inspection_room WHERE inspection_id = '$eid'
	  ORDER BY position LIMIT 1 OFFSET 1) ORDER BY position LIMIT 1")
	_price=$(sql "SELECT coalesce((SELECT code FROM price_list WHERE item_kind = (SELECT kind
	  FROM inspection_item WHERE room_id = '$_room1' ORDER BY position LIMIT 1) ORDER BY code
	  LIMIT 1), 'PEINT-MUR')")
	# The parties from the bottom of the list up: the landlord's agent,
	# then the lease's tenants from the last.
	sql "SELECT display_name FROM user_account WHERE login = '$user'" >"$work/parties"
	sql "SELECT trim(coalesce(t.first_name || ' ', '') || t.last_name)
	  FROM lease_tenant lt JOIN tenant t ON t.id = lt.tenant_id WHERE lt.lease_id = '$_lid'
	  ORDER BY lt.rowid DESC" >>"$work/parties"

	step "mark list"
	press i
	step "label the dwelling's inspections (i)"
	step "lap list Éléments"
	step "mark plan"
	press n
	step "wait Nouvel"
	press s
	step "label plan exit (n s), editor shown"
	step "lap plan Observations"
	# Item 1: mauvais, its defect, charged to the tenant, quantity, price.
	press m
	step "wait Décrivez"
	text "Trous chevilles"
	press '\r'
	press i
	step "wait charge de"
	press l
	press Q
	step "wait Quantit"
	text 3
	press '\r'
	press P
	step "wait bordereau"
	text "$_price"
	press '\r'
	# Item 2: hors service, its defect completed with Tab.
	press j
	press x
	step "wait Décrivez"
	text Tach
	press '\t'
	press '\r'
	# Item 3, the second room's first: an observation, a state.
	_j=0
	while [ $_j -lt "$_n1" ]; do press j; _j=$((_j + 1)); done
	press c
	step "wait Observations ("
	text "Joints noircis"
	press '\r'
	step "wait noircis"
	press "$_s3"
	step "quiet 50"
	step "mark charges"
	press '$'
	step "label charges statement (\$)"
	step "lap charges Total"
	press q
	step "wait Observations"
	# Every meter read, every key counted.
	press C
	step "wait Compteurs"
	press jjjjjj
	_m=1
	while [ $_m -le "$_nm" ]; do
		press '\r'
		step "wait Index"
		text "${_m}234,5"
		press '\r'
		press j
		_m=$((_m + 1))
	done
	for _g in $_given; do
		press j
		press '\r'
		step "wait Nombre rendu"
		press '\x15'
		text "$_g"
		press '\r'
	done
	# Refused for the new address; the address; ready; signatures; S.
	step "mark check"
	press V
	step "label check list (V), 1 missing"
	step "lap check manque"
	press P
	step "wait incomplet"
	press '\r'
	step "wait En-t"
	press '\r'
	step "wait Nouvelle adresse du locataire :"
	text "12 rue des Lilas, 93100 Montreuil"
	press '\r'
	step "wait Montreuil"
	press V
	step "wait Toutes les mentions"
	step "mark ready"
	press P
	step "label ready to sign (P): parties"
	step "lap ready chaque partie"
	press G
	_first=1
	while IFS= read -r _name; do
		[ $_first -eq 1 ] || press k
		_first=0
		press s
		step "wait Pour signer"
		text "$_name"
		press '\r'
		step "wait enregistr"
	done <"$work/parties"
	step "mark sign"
	press S
	step "label sign and freeze (S)"
	step "lap sign empreinte"
}
step() { printf '%s\n' "$*" >>"$_out"; }
count() { printf '%s' "$1" | sed 's/\\x[0-9a-fA-F][0-9a-fA-F]/X/g; s/\\[rnte\\]/X/g' |
    LC_ALL=C.UTF-8 wc -m; }
press() { step "keys $1"; nkeys=$((nkeys + $(count "$1"))); }
text() { step "keys $1"; ntext=$((ntext + $(count "$1"))); }

# The way to a dwelling's sheet, outside the figures.
to_sheet() {	# to_sheet REFERENCE FILE
	printf 'wait Aide\nkeys /\nwait Rechercher\nkeys %s\nquiet 200\nkeys \\r\nwait Bail et locataire\n' \
	    "$1" >"$2"
}
# The exit signed, with its three items changed, else the bench stops.
signed_exit() {	# signed_exit REFERENCE ENTRY: prints the exit's id
	_x=$(sql "SELECT i.id FROM inspection i JOIN dwelling d ON d.id = i.dwelling_id
	  WHERE d.reference = '$1' AND i.kind = 'move_out' AND i.state = 'signed'
	  AND i.entry_inspection_id = '$2'")
	_c=$(sql "SELECT count(*) FROM inspection_item x JOIN inspection_room xr ON xr.id = x.room_id
	  JOIN inspection_room er ON er.inspection_id = '$2' AND er.name = xr.name
	  JOIN inspection_item e ON e.room_id = er.id AND e.name = x.name
	  WHERE xr.inspection_id = '$_x' AND x.state IS NOT e.state")
	if [ -z "$_x" ] || [ "$_c" != 3 ]; then
		echo "bench_inspection: the scripted exit of $1 is not signed with 3 items changed" >&2
		exit 1
	fi
	echo "$_x"
}

# Step by step: the time of each screen.
t3=$(pick T3 0)
if [ -z "$t3" ]; then
	echo "bench_inspection: no T3 of $user with a detailed signed entry in $src" >&2
	exit 1
fi
inspection_steps "$t3" "$work/steps"
# Once unmeasured to the dwelling's inspections: the figures are those of
# a new process on a warm page cache (as in bench_tui.sh).
to_sheet "$ref" "$work/warm"
printf 'keys i\nwait Éléments\nkeys Q\n' >>"$work/warm"
run "$work/warm"
to_sheet "$ref" "$work/t3"
cat "$work/steps" >>"$work/t3"
printf 'keys Q\n' >>"$work/t3"
run "$work/t3"
grep -v 'output to the terminal\|peak RSS' "$work/t3.out"
xid=$(signed_exit "$ref" "$eid")

# Every key of the inspection at once, on another T3: Loge's own time for
# the whole of it, the keys pressed.
t3b=$(pick T3 1)
if [ -z "$t3b" ]; then
	echo "bench_inspection: no second T3 of $user with a detailed signed entry" >&2
	exit 1
fi
inspection_steps "$t3b" "$work/steps"
to_sheet "$ref" "$work/t3b"
{
	echo "mark burst"
	printf 'keys '
	sed -n 's/^keys //p' "$work/steps" | tr -d '\n'
	echo
	echo "label T3 exit, all keys at once"
	echo "lap burst empreinte"
	echo "keys Q"
} >>"$work/t3b"
run "$work/t3b"
cat "$work/t3b.out"
signed_exit "$ref" "$eid" >/dev/null
printf '%-44s %10d keys  (%d commands, %d characters of text)\n' \
    "${prefix}keys pressed, T3 exit" $((nkeys + ntext)) "$nkeys" "$ntext"

# ---- An inspection of 200 items ----
bref=$(sql "SELECT d.reference FROM user_account u JOIN user_sector us ON us.user_id = u.id
  JOIN estate es ON es.sector_id = us.sector_id JOIN building b ON b.estate_id = es.id
  JOIN entrance en ON en.building_id = b.id JOIN dwelling d ON d.entrance_id = en.id
  WHERE u.login = '$user' AND d.reference <> '$ref'
    AND NOT EXISTS (SELECT 1 FROM inspection o WHERE o.dwelling_id = d.id
      AND (o.state <> 'signed' OR o.planned_date >= date('now')))
  ORDER BY d.rowid DESC LIMIT 1 OFFSET 2")
[ -n "$bref" ] || { echo "bench_inspection: no second dwelling" >&2; exit 1; }
bid=0b200000-0000-7000-8000-000000000200
sql "BEGIN;
INSERT INTO inspection (id, dwelling_id, kind, state, planned_date, agent_id, landlord_name,
  landlord_address, updated_at, updated_by)
SELECT '$bid', d.id, 'move_in', 'draft', date('now'), u.id, o.name, o.address,
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), u.id
FROM dwelling d, user_account u, (SELECT name, address FROM organisation LIMIT 1) o
WHERE d.reference = '$bref' AND u.login = '$user';
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10)
INSERT INTO inspection_room (id, inspection_id, position, name, updated_at, updated_by)
SELECT printf('0b200000-0000-7000-8001-%012x', n), '$bid', n, 'Pièce ' || n,
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), (SELECT id FROM user_account WHERE login = '$user')
FROM r;
WITH RECURSIVE r(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r WHERE n < 199)
INSERT INTO inspection_item (id, room_id, position, name, kind, nature, state, comment,
  updated_at, updated_by)
SELECT printf('0b200000-0000-7000-8002-%012x', n), printf('0b200000-0000-7000-8001-%012x',
  n / 20 + 1), n % 20 + 1, 'Élément ' || (n % 20 + 1), 'paint', 'peinture',
  CASE WHEN n % 10 = 9 THEN 'm' ELSE 'b' END,
  CASE WHEN n % 10 = 9 THEN 'Peinture écaillée sur un mètre carré' END,
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), (SELECT id FROM user_account WHERE login = '$user')
FROM r;
COMMIT;"
script=$work/big
cat >"$script" <<EOF
wait Aide
keys /
wait Rechercher
keys $bref
quiet 200
keys \r
wait Bail et locataire
keys i
wait Éléments
mark open
keys \r
label open 200-item inspection (Enter)
lap open Pièce 1
label j in the 200 items, per key
type jjjjjjjjjjjjjjjjjjjjjjjjjjjjjj
label state key (saved), per key
type bubububububububububu
mark check
keys V
label check list (V) of 200 items
lap check manquent
keys q
wait Observations
keys qQ
EOF
run "$script"
cat "$script.out"

# ---- PDF export ----
$run "${prefix}PDF export, T3 exit" "$loge" --db "$db" inspection export "$xid" \
    -o "$work/t3.pdf" 2>/dev/null
$run "${prefix}PDF export, 200 items" "$loge" --db "$db" inspection export "$bid" \
    -o "$work/big.pdf" 2>/dev/null
for f in t3 big; do
	printf '%-44s %10d bytes  (%s pages)\n' "${prefix}PDF size, $([ $f = t3 ] &&
	    echo 'T3 exit' || echo '200 items')" "$(stat -c %s "$work/$f.pdf")" \
	    "$(pdfinfo "$work/$f.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')"
done
