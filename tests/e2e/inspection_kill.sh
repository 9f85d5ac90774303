# loge killed (SIGKILL) in the middle of an exit inspection: every field
# left before the kill (states, a defect, an observation, a reading, keys
# returned) is still there when it is reopened, the text typed in the
# prompt that was open is not, the database is sound, and the inspection
# goes on. Then kills right after a key, while its write may be under way:
# the item has its old state or its new one, and the database stays sound.
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
TODAY=$(date -u +%F)
"$LOGE" demo --db "$DB" --dwellings 300 --seed 9 --date "$TODAY" 2>/dev/null || not_ok "demo database"
# The pid of loge in the tmux pane (a child of the pane's shell).
loge_pid() {
	pgrep -P "$(tmux -L "$E2E_SOCK" list-panes -t t -F '#{pane_pid}')" -x loge
}
# The pane's shell reports the kill ("Killed ... [exit 137]"), but on a
# line that wraps wherever the binary's path ends: wait for the process
# to be gone instead, for up to 10 s.
loge_gone() {	# loge_gone DESCRIPTION
	_i=0
	while [ -n "$(loge_pid)" ]; do
		_i=$((_i + 1))
		if [ "$_i" -ge 100 ]; then not_ok "$1" "$(tui_screen)"; return; fi
		sleep 0.1
	done
	ok "$1"
}
kill_loge() {	# kill_loge DESCRIPTION
	_pid=$(loge_pid)
	if [ -n "$_pid" ] && kill -9 "$_pid"; then
		loge_gone "$1"
	else
		not_ok "$1" "no loge process in the pane"
	fi
}
sound() {	# sound DESCRIPTION: the database passes integrity_check
	same "$1" "$(sql "PRAGMA integrity_check")" ok
}

# A dwelling with a running lease, its entry signed and detailed (at least
# four items in the first room, the first three plain and not new,
# two meters, a key given twice).
REF=$(sql "SELECT d.reference FROM dwelling d JOIN lease l ON l.dwelling_id = d.id
  JOIN inspection e ON e.lease_id = l.id AND e.kind = 'move_in' AND e.state = 'signed'
  WHERE l.end_date IS NULL AND l.start_date <= '$TODAY'
    AND NOT EXISTS (SELECT 1 FROM lease l2 WHERE l2.dwelling_id = d.id
      AND l2.start_date > l.start_date)
    AND NOT EXISTS (SELECT 1 FROM inspection o WHERE o.dwelling_id = d.id AND o.state <> 'signed')
    AND NOT EXISTS (SELECT 1 FROM inspection e2 WHERE e2.lease_id = l.id AND e2.kind = 'move_in'
      AND e2.state = 'signed' AND coalesce(e2.done_at, e2.signed_at) >
      coalesce(e.done_at, e.signed_at))
    AND (SELECT count(*) FROM inspection_item WHERE room_id = (SELECT id FROM inspection_room
      WHERE inspection_id = e.id ORDER BY position LIMIT 1)) >= 4
    AND NOT EXISTS (SELECT 1 FROM (SELECT state, comment FROM inspection_item
      WHERE room_id = (SELECT id FROM inspection_room WHERE inspection_id = e.id
      ORDER BY position LIMIT 1) ORDER BY position LIMIT 3)
      WHERE comment IS NOT NULL OR state IS NULL OR state IN ('m', 'x', 'n'))
    AND (SELECT count(*) FROM inspection_meter WHERE inspection_id = e.id) >= 2
    AND EXISTS (SELECT 1 FROM inspection_key WHERE inspection_id = e.id AND given >= 2)
  ORDER BY d.reference LIMIT 1")
if [ -z "$REF" ]; then
	not_ok "the demo has a dwelling with a detailed signed entry"
	exit 1
fi
DW=$(sql "SELECT id FROM dwelling WHERE reference = '$REF'")

open_inspections() {	# from the start to the dwelling's inspections
	tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
	expect_screen "$1: home screen" "Bonjour"
	tui_keys /
	expect_screen "$1: search" "Rechercher"
	tui_keys -l "$REF"
	expect_screen "$1: the dwelling is found" "Logement    $REF"
	tui_keys Enter
	expect_screen "$1: the sheet" "Bail et locataire"
	tui_keys i
	expect_screen "$1: its inspections" "État des lieux d'entrée"
}

# ---- Filling in, then the kill with a prompt open ----
open_inspections "first run"
tui_keys n s
expect_screen "an exit is planned and opened" "Entrée        Sortie"
XID=$(sql "SELECT id FROM inspection WHERE dwelling_id = '$DW' AND kind = 'move_out'
  AND state = 'draft'")
item() {	# item OFFSET: the id of an item of the first room
	sql "SELECT it.id FROM inspection_item it WHERE it.room_id = (SELECT id FROM inspection_room
	  WHERE inspection_id = '$XID' ORDER BY position LIMIT 1) ORDER BY it.position
	  LIMIT 1 OFFSET $1"
}
I1=$(item 0); I2=$(item 1); I3=$(item 2); I4=$(item 3)
M1=$(sql "SELECT id FROM inspection_meter WHERE inspection_id = '$XID' ORDER BY
  CASE kind WHEN 'water_cold' THEN 1 WHEN 'water_hot' THEN 2 WHEN 'elec_single' THEN 3
  WHEN 'elec_peak' THEN 4 WHEN 'elec_offpeak' THEN 5 WHEN 'gas' THEN 6 ELSE 7 END, rowid")
M2=$(echo "$M1" | sed -n 2p)
M1=$(echo "$M1" | sed -n 1p)
K1=$(sql "SELECT id FROM inspection_key WHERE inspection_id = '$XID' ORDER BY rowid LIMIT 1")
K1_GIVEN=$(sql "SELECT given FROM inspection_key WHERE id = '$K1'")
E1=$(sql "SELECT state FROM inspection_item WHERE id = '$I1'")

tui_keys m
expect_screen "m asks for the defect" "Décrivez le défaut"
tui_keys -l "Fissure en diagonale"
tui_keys Enter
expect_screen "the defect is saved" "Obs. : Fissure en diagonale"
tui_keys j x
expect_screen "x asks for the defect" "Décrivez le défaut"
tui_keys Escape
expect_screen "Escape leaves the state, without a defect" "· 2 changés"
# The third item: n (neuf) moves on to the fourth.
tui_keys j n
expect_screen "n on a third item" "· 3 changés"
tui_keys c
expect_screen "c asks the observations" "Observations (Tab : phrases)"
tui_keys -l "Peinture écaillée"
tui_keys Enter
expect_screen "the observation on the fourth item is saved" "Obs. : Peinture écaillée"
tui_keys C
expect_screen "C opens the meters and keys" "Compteurs (numéro, index)"
tui_keys j j j j j j Enter
expect_screen "Enter on the first meter asks the reading" "Index relevé :"
tui_keys -l "4321,5"
tui_keys Enter
expect_screen "the reading is saved" "index 4321"
NM=$(sql "SELECT count(*) FROM inspection_meter WHERE inspection_id = '$XID'")
j=0
while [ $j -lt "$NM" ]; do tui_keys j; j=$((j + 1)); done
tui_keys j Enter
expect_screen "Enter on the first key asks how many came back" "Nombre rendu :"
tui_keys C-u
tui_keys -l 1
tui_keys Enter
expect_screen "the keys returned are saved" "$K1_GIVEN remis · 1 rendu"
# A prompt left open with text in it, on the second meter.
tui_keys g j j j j j j j j Enter
expect_screen "Enter on the second meter asks the reading" "Index relevé :"
tui_keys -l "98765"
expect_screen "the text is typed, not saved" "Index relevé : 98765"
kill_loge "loge killed (SIGKILL) with the prompt open"

sound "the database is sound after the kill"
same "the states are there" "$(sql "SELECT group_concat(state, '') FROM (SELECT state
  FROM inspection_item WHERE id IN ('$I1', '$I2', '$I3') ORDER BY id = '$I3', id = '$I2')")" mxn
same "the defect is there" "$(sql "SELECT comment FROM inspection_item WHERE id = '$I1'")" \
    "Fissure en diagonale"
same "the observation is there" "$(sql "SELECT comment FROM inspection_item WHERE id = '$I4'")" \
    "Peinture écaillée"
same "the reading is there" "$(sql "SELECT reading FROM inspection_meter WHERE id = '$M1'")" \
    4321.5
same "the keys returned are there" \
    "$(sql "SELECT returned FROM inspection_key WHERE id = '$K1'")" 1
same "the text of the open prompt was not saved" \
    "$(sql "SELECT coalesce(reading, 'NULL') FROM inspection_meter WHERE id = '$M2'")" NULL
same "each item saved is in the change log, for the sync" \
    "$(sql "SELECT count(DISTINCT row_id) FROM op WHERE tbl = 'inspection_item'
      AND row_id IN ('$I1', '$I2', '$I3', '$I4') AND kind = 'update'")" 4

# ---- Reopened: everything is on screen, and it goes on ----
open_inspections "reopened"
expect_screen "the draft exit is listed" "brouillon"
tui_keys Enter
expect_screen "it opens" "Entrée        Sortie"
expect_screen "three items changed" "· 3 changés"
expect_screen "the defect on screen" "Fissure en diagonale"
expect_screen "the second item is hors service" "hors service"
tui_keys C
expect_screen "the reading on screen" "index 4321"
expect_screen "the keys returned on screen" "$K1_GIVEN remis · 1 rendu"
tui_keys q
expect_screen "back to the editor" "Entrée        Sortie"
tui_keys j j j
expect_screen "the observation on screen" "Obs. : Peinture écaillée"
# Back to its entry state: no longer counted as changed.
tui_keys k k k "$E1"
expect_screen "the inspection can still be edited" "· 2 changés"
same "the new state is saved" "$(sql "SELECT state FROM inspection_item WHERE id = '$I1'")" "$E1"
# Back up to the search, Escape, and out (Q is the quantity in the editor).
tui_keys q q q
expect_screen "q back up to the search" "Rechercher"
tui_keys Escape
expect_screen "Escape back to the home screen" "Bonjour"
tui_keys q
expect_screen "q leaves" "[exit 0]"

# ---- Killed right after a key ----
# The first item goes from one state to another with the kill on its
# heels: either state is right, never anything else.
for round in 1 2 3; do
	open_inspections "kill $round"
	tui_keys Enter
	expect_screen "kill $round: the exit opens" "Entrée        Sortie"
	old=$(sql "SELECT state FROM inspection_item WHERE id = '$I1'")
	if [ "$old" = u ]; then new=b; else new=u; fi
	tui_keys "$new"
	kill -9 "$(loge_pid)" 2>/dev/null
	loge_gone "kill $round: loge killed right after the key"
	sound "kill $round: the database is sound"
	got=$(sql "SELECT state FROM inspection_item WHERE id = '$I1'")
	case $got in
	"$old"|"$new") ok "kill $round: the item has its old or its new state ($got)" ;;
	*) not_ok "kill $round: the item has its old or its new state" "got « $got »" ;;
	esac
done
same "the inspection is still a draft with all its items" \
    "$(sql "SELECT state || ' ' || (SELECT count(*) FROM inspection_item it JOIN inspection_room r
      ON r.id = it.room_id WHERE r.inspection_id = i.id) FROM inspection i WHERE id = '$XID'")" \
    "draft $(sql "SELECT count(*) FROM inspection_item it JOIN inspection_room r
      ON r.id = it.room_id WHERE r.inspection_id = (SELECT entry_inspection_id FROM inspection
      WHERE id = '$XID')")"
