# Browsing the patrimoine from the top, as an administrator: agencies ›
# sectors › estates › buildings › entrances › dwellings › sheet, the long
# list of every dwelling, and `?` on each kind of screen.
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
"$LOGE" demo --db "$DB" --dwellings 1200 --seed 11 --date 2026-06-15 2>/dev/null || not_ok "demo database"
agency=$(sqlite3 "$DB" "SELECT name FROM agency ORDER BY name LIMIT 1")
total=$(sqlite3 "$DB" "SELECT count(*) FROM dwelling")

tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user admin
expect_screen "admin home lists agencies" "Agences"
expect_screen "the agency is listed" "$agency"
tui_keys Enter
expect_screen "agency opens its sectors" " Secteur"
expect_screen "title names the agency" "Loge › $agency"
tui_keys '?'
expect_screen "? on a list shows its keys" "Tous les logements de ce secteur"
tui_keys x
tui_keys a
expect_screen "a lists every dwelling of the agency" "Tous les logements ($total)"
tui_keys G
expect_screen "G goes to the last of $total rows" "Porte"
tui_keys q
tui_keys Enter
expect_screen "sector opens its estates" " Résidence"
tui_keys Enter
expect_screen "estate opens its buildings" " Bâtiment"
tui_keys h
expect_screen "h on an estate opens its history" "Historique"
tui_keys q
tui_keys Enter
expect_screen "building opens its entrances" " Entrée"
tui_keys Enter
expect_screen "entrance opens its dwellings" " Logement"
expect_screen "dwelling rows have a summary" "Porte"
tui_keys Enter
expect_screen "dwelling opens its sheet" "Caractéristiques techniques"
expect_screen "the sheet shows the lease block" "Bail et locataire"
expect_screen "title is the full path down to the dwelling" "Entrée"
tui_keys '?'
expect_screen "? on the sheet lists its keys" "Modifier le champ choisi"
tui_keys x q q q q q q
expect_screen "q goes back up to the home screen" "Agences"
tui_keys q
expect_screen "q on the home screen leaves Loge" "[exit 0]"
