# The first screen of the TUI, on the cheapest and on a modern terminal,
# in UTF-8 and in the C locale; a gardien's planning on it.
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
"$LOGE" demo --db "$DB" --dwellings 60 --seed 3 2>/dev/null || not_ok "demo database"

for combo in "vt100 C" "xterm-256color C.UTF-8" "vt100 C.UTF-8" "xterm-256color C"; do
	set -- $combo
	term=$1 lang=$2
	tui_start 80 24 "$term" "$lang" "$LOGE" --db "$DB"
	expect_screen "$term/$lang: home screen shows" "Bonjour"
	expect_screen "$term/$lang: agencies listed with counts" "logements"
	expect_screen "$term/$lang: status line shows the role" "Administrateur"
	if [ "$lang" = C ]; then
		expect_screen "$term/$lang: ASCII breadcrumb" "Loge > Accueil"
		expect_no_screen "$term/$lang: no raw UTF-8 in C locale" "résidences"
		expect_screen "$term/$lang: accents folded to ASCII" "residences"
	else
		expect_screen "$term/$lang: accents shown" "résidences"
	fi
	tui_keys '?'
	expect_screen "$term/$lang: ? shows the keys" "Touches de cet"
	tui_keys x
	tui_keys q
	expect_screen "$term/$lang: q leaves" "[exit 0]"
done

# A gardien's planning: inspections planned, the amendment under way that
# the demo plans in every sector (with its deadline), entries and exits to
# plan; Enter on the amendment's line opens the amendment itself.
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "gardien: planned inspections" "États des lieux prévus"
expect_screen "gardien: pending amendment planned" "avenant (10 jours) · prévu le"
expect_screen "gardien: amendment windows" "Avenants d'entrée possibles ("
expect_screen "gardien: the amendment's deadline" "Avenant en cours · délai le"
# The list's first row is selected, on the screen's fourth line: move down
# to the amendment's line.
row=$(tui_screen | grep -n -F "Avenant en cours" | head -1 | cut -d: -f1)
ref=$(tui_screen | grep -F "Avenant en cours" | head -1 | awk '{print $1}')
if [ -n "$row" ] && [ "$row" -gt 4 ]; then
	i=4
	while [ "$i" -lt "$row" ]; do tui_keys Down; i=$((i + 1)); done
	tui_keys Enter
	expect_screen "gardien: Enter on the amendment's line opens the amendment" "Avenant · brouillon"
	expect_screen "gardien: ... of the right dwelling" "$ref"
	tui_keys q
	expect_screen "gardien: q comes back home" "Avenants d'entrée possibles"
else
	not_ok "gardien: amendment's line on the first screen" "$(tui_screen)"
fi
# Further down (a page at most, in this small demo).
tui_keys PageDown
expect_screen "gardien: entries to plan" "Entrées à prévoir (30 jours)"
expect_screen "gardien: exits to plan" "Sorties à prévoir (30 jours)"
tui_keys Q
expect_screen "gardien: Q quits" "[exit 0]"

# Too small a window says so; growing it redraws.
tui_start 60 20 xterm-256color C.UTF-8 "$LOGE" --db "$DB"
expect_screen "small window: message" "80x24 au minimum"
tui_resize 80 24
expect_screen "resize to 80x24 redraws the screen" "Bonjour"
tui_keys Q
expect_screen "Q quits" "[exit 0]"
