# A day's work in the TUI, as a person does it, on the cheapest and on a
# modern terminal, in UTF-8 and in the C locale: search a tenant without
# accents, open the dwelling sheet and its history, add a logbook entry and
# find it after a restart, edit a field and see its source change, resize,
# and never let an escape sequence stored in a name reach the terminal.
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
"$LOGE" demo --db "$DB" --dwellings 300 --seed 5 --date 2026-06-15 2>/dev/null || not_ok "demo database"

# A tenant with an accent, currently in a dwelling, and one whose name holds
# terminal escape sequences (OSC title change, CSI colour, C1 CSI).
row=$(sqlite3 "$DB" "SELECT t.id, d.reference FROM tenant t JOIN lease_tenant lt ON lt.tenant_id = t.id
  JOIN lease l ON l.id = lt.lease_id JOIN dwelling d ON d.id = l.dwelling_id
  WHERE l.end_date IS NULL AND t.anonymised = 0 ORDER BY d.reference LIMIT 1")
tid=${row%%|*}
ref=${row#*|}
sqlite3 "$DB" "UPDATE tenant SET last_name = 'Lefèvre', first_name = 'Hélène' WHERE id = '$tid'"
row2=$(sqlite3 "$DB" "SELECT t.id FROM tenant t JOIN lease_tenant lt ON lt.tenant_id = t.id
  JOIN lease l ON l.id = lt.lease_id WHERE l.end_date IS NULL AND t.anonymised = 0 AND t.id <> '$tid'
  ORDER BY t.id LIMIT 1")
sqlite3 "$DB" "UPDATE tenant SET last_name = 'Zorglub' || char(27) || ']0;pwned' || char(7) || char(27) || '[31m' || char(155) || 'x' WHERE id = '$row2'"

for combo in "vt100 C" "xterm-256color C.UTF-8"; do
	set -- $combo
	term=$1 lang=$2
	tui_start 80 24 "$term" "$lang" "$LOGE" --db "$DB" --user gardien1
	expect_screen "$term/$lang: gardien home" "Vos secteurs"
	tui_keys /
	expect_screen "$term/$lang: search opens" "Rechercher"
	tui_keys -l "helene lef"
	if [ "$lang" = C ]; then want="LEFEVRE Helene"; else want="LEFÈVRE Hélène"; fi
	expect_screen "$term/$lang: tenant found without accents" "$want"
	tui_keys Enter
	expect_screen "$term/$lang: Enter opens the tenant's dwelling" "$ref"
	expect_screen "$term/$lang: sheet shows technical block" "Caract"
	expect_screen "$term/$lang: sheet block sources" "source :"
	tui_keys h
	expect_screen "$term/$lang: history opens" "Historique"
	expect_screen "$term/$lang: history shows the lease" "Entr"
	tui_keys B
	expect_no_screen "$term/$lang: filter B leaves only leases" "quipement install"
	tui_keys Enter
	expect_screen "$term/$lang: Enter opens the lease event in full" "Bail"
	expect_screen "$term/$lang: the lease detail names its start" "2"
	tui_keys q
	expect_screen "$term/$lang: back to the history" "Historique"
	tui_keys q
	expect_screen "$term/$lang: q goes back to the sheet" "source :"
	tui_keys l
	expect_screen "$term/$lang: l opens a logbook entry" "Nouvelle entr"
	expect_screen "$term/$lang: the entry is linked to the dwelling" "$ref"
	tui_keys -l "Fuite au robinet $term"
	tui_keys Enter
	expect_screen "$term/$lang: entry saved" "ajout"
	tui_keys Q
	expect_screen "$term/$lang: quits" "[exit 0]"
	# After a restart the entry is in the logbook, linked to the dwelling.
	tui_start 80 24 "$term" "$lang" "$LOGE" --db "$DB" --user gardien1
	expect_screen "$term/$lang: restart" "Vos secteurs"
	tui_keys m
	expect_screen "$term/$lang: logbook keeps the entry after restart" "Fuite au robinet $term"
	tui_keys c
	tui_keys -l "ROBINET $term"
	tui_keys Enter
	expect_screen "$term/$lang: logbook search finds it" "$ref"
	tui_keys Q
done

# Editing a field as the technician: the value and the block's source change.
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user technicien1
expect_screen "technicien home" "Bonjour"
tui_keys /
tui_keys -l "$ref"
expect_screen "search by dwelling reference" "$ref"
tui_keys Enter
expect_screen "sheet opens" "Caractéristiques"
tui_keys j j j j j
tui_keys e
expect_screen "e opens the form for the floor" "Nombre entier"
tui_keys C-u
tui_keys -l "99"
tui_keys Enter
expect_screen "invalid value refused in place" "Nombre entier attendu"
tui_keys C-u
tui_keys -l "7"
tui_keys Enter
expect_screen "saved" "Enregistré"
today=$(date -u +%Y-%m-%d)
first=$(sqlite3 "$DB" "SELECT display_name FROM user_account WHERE login = 'technicien1'" | cut -d' ' -f1)
expect_screen "the block's source names the technician" "Patrimoine · $first"
tui_screen | grep -q "$today" && ok "source date is today" || not_ok "source date is today" "$(tui_screen)"
[ "$(sqlite3 "$DB" "SELECT floor FROM dwelling WHERE reference = '$ref'")" = 7 ] && ok "value stored" || not_ok "value stored"

# The gardien may not edit technical data: said, not silently ignored.
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
tui_keys /
tui_keys -l "$ref"
tui_keys Enter
expect_screen "gardien opens the sheet" "Caractéristiques"
tui_keys j j j j j e
expect_screen "gardien: edit refused with a reason" "ne permet pas"
tui_keys Q

# Escape sequences stored in a name never reach the terminal raw.
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
tmux -L "$E2E_SOCK" pipe-pane -o -t t "cat >> $E2E_TMP/raw.out"
expect_screen "home before search" "Vos secteurs"
tui_keys /
tui_keys -l "zorglub"
expect_screen "OSC sequence shown visibly" "^[]0;"
expect_screen "C1 CSI shown visibly" "<U+009B>"
sleep 0.3
grep -q 'U+009B' "$E2E_TMP/raw.out" && ok "terminal output was captured" || not_ok "terminal output was captured"
if grep -qi "$(printf '\033]0;pwned')" "$E2E_TMP/raw.out" || grep -q "$(printf '\302\233')" "$E2E_TMP/raw.out"; then
	not_ok "no raw escape sequence written to the terminal"
else
	ok "no raw escape sequence written to the terminal"
fi
tui_keys Escape Q

# Resizing: smaller than 80x24 says so, back to size redraws at once.
tui_start 100 30 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "100x30 start" "Vos secteurs"
tui_resize 70 20
expect_screen "shrinking below 80x24 says so" "80x24 au minimum"
tui_resize 80 24
expect_screen "growing back redraws" "Vos secteurs"
tui_keys Q
