# Where a claim can be taken: from the home screen, c opens the search
# and the tenant found by name gives the place (their dwelling, the
# tenant proposed); from an estate's list of buildings, the claim is about
# one of its common areas, chosen with Ctrl-P; from a building's list of
# entrances, the building itself or, with Ctrl-P, its own common areas
# first. Each claim is checked in the database: its place column, its
# category, its tenant.
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
TODAY=$(date -u +%F)
"$LOGE" demo --db "$DB" --dwellings 300 --seed 7 --date "$TODAY" 2>/dev/null || not_ok "demo database"
last_claim() {	# the newest claim's columns, as asked
	sql "SELECT $1 FROM claim ORDER BY number DESC LIMIT 1"
}

GARDIEN=$(sql "SELECT id FROM user_account WHERE login = 'gardien1'")
# A tenant of gardien1's sectors with a running lease, by a last name
# no other tenant has.
TENANT=$(sql "SELECT t.id FROM tenant t JOIN lease_tenant lt ON lt.tenant_id = t.id
  JOIN lease l ON l.id = lt.lease_id JOIN dwelling d ON d.id = l.dwelling_id
  JOIN entrance en ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id
  JOIN estate es ON es.id = b.estate_id
  WHERE es.sector_id IN (SELECT sector_id FROM user_sector WHERE user_id = '$GARDIEN')
  AND l.start_date <= '$TODAY' AND (l.end_date IS NULL OR l.end_date >= '$TODAY')
  AND (SELECT count(*) FROM tenant t2 WHERE t2.last_name = t.last_name) = 1
  ORDER BY t.last_name LIMIT 1")
[ -n "$TENANT" ] || { not_ok "a tenant of gardien1 with a name of their own"; exit 1; }
LAST=$(sql "SELECT last_name FROM tenant WHERE id = '$TENANT'")
FIRSTNAME=$(sql "SELECT first_name FROM tenant WHERE id = '$TENANT'")
TDW=$(sql "SELECT l.dwelling_id FROM lease l JOIN lease_tenant lt ON lt.lease_id = l.id
  WHERE lt.tenant_id = '$TENANT' AND l.start_date <= '$TODAY'
  AND (l.end_date IS NULL OR l.end_date >= '$TODAY')")
TREF=$(sql "SELECT reference FROM dwelling WHERE id = '$TDW'")
# gardien1's estate with estate-level common areas, and its first one.
ES=$(sql "SELECT e.id FROM estate e WHERE e.sector_id IN
  (SELECT sector_id FROM user_sector WHERE user_id = '$GARDIEN')
  AND EXISTS (SELECT 1 FROM common_area ca WHERE ca.estate_id = e.id) ORDER BY e.code LIMIT 1")
ES_NAME=$(sql "SELECT name FROM estate WHERE id = '$ES'")
AREA1=$(sql "SELECT name FROM common_area WHERE estate_id = '$ES' ORDER BY name LIMIT 1")
AREA2=$(sql "SELECT name FROM common_area WHERE estate_id = '$ES' ORDER BY name LIMIT 1 OFFSET 1")
[ -n "$ES" ] && [ -n "$AREA1" ] || { not_ok "an estate of gardien1 with common areas"; exit 1; }

tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "home screen" "Bonjour"

# ---- From home: c, the tenant's name, Entrée ----
tui_keys c
expect_screen "c from home asks where" "Le lieu de la réclamation"
tui_keys -l "$LAST"
expect_screen "the tenant is found" "$FIRSTNAME"
tui_keys Enter
expect_screen "the claim form is about the tenant's dwelling" "$TREF"
if tui_screen | grep "Locataire  " | grep -qF -- "$FIRSTNAME"; then
	ok "the tenant found is proposed, not the lease's first"
else
	not_ok "the tenant found is proposed, not the lease's first" "$(tui_screen)"
fi
tui_keys p
tui_keys Enter
tui_keys -l "Fuite sous l'évier (pris depuis l'accueil)"
tui_keys Enter
expect_screen "saved" "enregistrée"
same "the claim is about the tenant's dwelling" "$(last_claim "dwelling_id || '|' || tenant_id || '|' || category")" "$TDW|$TENANT|plumbing"

# ---- From an estate: its common areas, Ctrl-P goes to the next ----
# On a vt100 the chosen line is in reverse video (as is the title line,
# left out): down to the one wanted.
select_line() {	# select_line TEXT: moves the cursor to the line holding TEXT
	_n=0
	while [ $_n -lt 40 ]; do
		tmux -L "$E2E_SOCK" capture-pane -p -e -t t | sed 1d |
		    grep "$(printf '\033')\[[0-9;]*7m" | grep -qF -- "$1" && return 0
		tui_keys Down
		sleep 0.05
		_n=$((_n + 1))
	done
	not_ok "select $1" "$(tui_screen)"
}
tui_start 80 24 vt100 C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "home again" "Bonjour"
tui_keys Enter
expect_screen "the sector's estates" "$ES_NAME"
select_line "$ES_NAME"
tui_keys Enter
expect_screen "the estate's buildings" "Bâtiment"
tui_keys c
expect_screen "an estate's claim starts on a common area" "Partie commune : "
FIRST=$(tui_screen | sed -n 's/.*Partie commune : \(.*\) — .*/\1/p' | head -1)
tui_keys C-p
expect_screen "Ctrl-P: the next common area" "Partie commune : "
SECOND=$(tui_screen | sed -n 's/.*Partie commune : \(.*\) — .*/\1/p' | head -1)
if [ -n "$AREA2" ]; then
	check "Ctrl-P changed the area ($FIRST, then $SECOND)" test "$FIRST" != "$SECOND"
else
	same "one area only: Ctrl-P stays on it" "$SECOND" "$FIRST"
fi
tui_keys r
tui_keys Enter
tui_keys -l "Sacs déposés devant la porte"
tui_keys Enter
expect_screen "the estate's claim is saved" "enregistrée"
same "the claim is about that common area of the estate" \
  "$(last_claim "(SELECT name || '|' || estate_id FROM common_area WHERE id = common_area_id) || '|' || (dwelling_id IS NULL AND building_id IS NULL AND entrance_id IS NULL)")" \
  "$SECOND|$ES|1"

# ---- From a building: the building itself first, then its areas ----
BLD_AREA=$(sql "SELECT b.id FROM building b JOIN estate e ON e.id = b.estate_id
  WHERE e.id = '$ES' AND EXISTS (SELECT 1 FROM common_area ca WHERE ca.building_id = b.id)
  ORDER BY b.code LIMIT 1")
if [ -n "$BLD_AREA" ]; then
	BCODE=$(sql "SELECT code FROM building WHERE id = '$BLD_AREA'")
	BAREA=$(sql "SELECT name FROM common_area WHERE building_id = '$BLD_AREA' ORDER BY name LIMIT 1")
	tui_keys g
	select_line "Bâtiment $BCODE "
	tui_keys Enter
	expect_screen "the building's entrances" "Entrée"
	tui_keys c
	expect_screen "the building itself first" "Bâtiment $BCODE"
	expect_no_screen "not a common area yet" "Partie commune : "
	tui_keys C-p
	expect_screen "then its own first common area" "Partie commune : $BAREA — Bâtiment $BCODE"
	tui_keys e
	tui_keys Enter
	tui_keys -l "Éclairage en panne"
	tui_keys Enter
	expect_screen "the building's claim is saved" "enregistrée"
	same "the claim is about the building's area" \
	  "$(last_claim "(SELECT name || '|' || building_id FROM common_area WHERE id = common_area_id) || '|' || category")" \
	  "$BAREA|$BLD_AREA|electricity"
else
	ok "# SKIP no building of the estate has common areas of its own"
fi
