# The first screen of the TUI, on the cheapest and on a modern terminal,
# in UTF-8 and in the C locale.
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

# Too small a window says so; growing it redraws.
tui_start 60 20 xterm-256color C.UTF-8 "$LOGE" --db "$DB"
expect_screen "small window: message" "80x24 au minimum"
tui_resize 80 24
expect_screen "resize to 80x24 redraws the screen" "Bonjour"
tui_keys Q
expect_screen "Q quits" "[exit 0]"
