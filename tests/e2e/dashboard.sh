# The dashboard (t) at 80x24 on a monochrome vt100: agency staff narrow it
# to one estate (L and its code), and every figure read off the screen —
# open claims by category, overdue ones, the claims received in the
# busiest month and in this one, work orders by contractor, vacant
# dwellings — is checked against SQL run here on the same database,
# written up from each claim's place rather than down from the estates as
# core/report.c does. Then the period keys, block bars in UTF-8 and ASCII
# bars in the C locale.
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
TODAY=$(date -u +%F)
"$LOGE" demo --db "$DB" --dwellings 300 --seed 5 --date "$TODAY" 2>/dev/null || not_ok "demo database"
FROM=$(date -u -d "$TODAY - 364 days" +%F)
FROM5=$(date -u -d "$TODAY - 1825 days" +%F)

# The estate of each claim and work order, up from its place.
up() {	# up TABLE: a CTE "x" of TABLE's rows with their estate's code
	echo "WITH x AS (SELECT c.*, es.code AS es_code FROM $1 c
	  LEFT JOIN dwelling d ON d.id = c.dwelling_id
	  LEFT JOIN common_area ca ON ca.id = c.common_area_id
	  LEFT JOIN entrance en ON en.id = coalesce(c.entrance_id, d.entrance_id)
	  LEFT JOIN building b ON b.id = coalesce(c.building_id, en.building_id, ca.building_id)
	  JOIN estate es ON es.id = coalesce(b.estate_id, ca.estate_id))"
}

# agent1's estate with the most open claims.
ES=$(sql "$(up claim) SELECT x.es_code FROM x JOIN estate e ON e.code = x.es_code
  JOIN sector s ON s.id = e.sector_id
  JOIN user_account u ON u.agency_id = s.agency_id AND u.login = 'agent1'
  WHERE x.status <> 'closed' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
[ -n "$ES" ] || { not_ok "agent1 has an estate with open claims"; exit 1; }
ES_NAME=$(sql "SELECT name FROM estate WHERE code = '$ES'")

# The figures of a row: the screen line that starts with LABEL, without
# it and its bar. row LABEL
row() {
	tui_screen | grep -F -- " $1 " | head -1 | sed "s/^ $1 *//; s/[#█▏▎▍▌▋▊▉].*//"
}
# expect_row DESCRIPTION LABEL FIELD WANT: the FIELD-th figure of the row.
expect_row() {
	_got=$(row "$2" | awk -v f="$3" '{print $f}')
	if [ "$_got" = "$4" ]; then ok "$1"; else
		not_ok "$1" "got « $_got », expected « $4 »; screen:
$(tui_screen)"
	fi
}

tui_start 80 24 vt100 C.UTF-8 "$LOGE" --db "$DB" --user agent1
expect_screen "home screen" "Bonjour"
expect_screen "t is on the home key bar" "t Chiffres"
tui_keys t
expect_screen "t opens the dashboard on open claims" "1/6  Réclamations ouvertes par catégorie"
expect_screen "over the user's own scope" "Lieu : tout votre périmètre"
tui_keys L
expect_screen "L asks for a place" "Lieu (code ; vide : tout)"
tui_keys -l "$ES"
tui_keys Enter
expect_screen "narrowed to the estate" "Lieu : $ES_NAME"

# ---- Open claims by category: total and overdue ----
NOW=$(date -u +%FT%TZ)
sql "$(up claim) SELECT coalesce(cc.label, x.category), count(*),
  sum(x.status IN ('new', 'forwarded', 'in_progress') AND x.due_at < '$NOW')
  FROM x LEFT JOIN claim_category cc ON cc.code = x.category
  WHERE x.es_code = '$ES' AND x.status <> 'closed' GROUP BY 1 ORDER BY 1" >"$E2E_TMP/open.txt"
[ -s "$E2E_TMP/open.txt" ] || not_ok "open claims in the estate"
while IFS='|' read -r label total late; do
	expect_row "open claims, $label: total $total" "$label" 5 "$total"
	expect_row "open claims, $label: $late overdue" "$label" 4 "$late"
done <"$E2E_TMP/open.txt"
ROWS=$(tui_screen | sed -n '/^ Catégorie /,/^ *$/p' | sed 1d | grep -c '[0-9]')
check "one row per category with open claims ($ROWS)" test "$ROWS" -eq "$(wc -l <"$E2E_TMP/open.txt")"

# ---- The trend: claims received per month over the last 12 months ----
MAX=$(sql "$(up claim) SELECT max(n) FROM (SELECT count(*) AS n FROM x WHERE x.es_code = '$ES'
  AND x.opened_at >= '$FROM' GROUP BY substr(x.opened_at, 1, 7))")
LAST=$(sql "$(up claim) SELECT count(*) FROM x WHERE x.es_code = '$ES'
  AND substr(x.opened_at, 1, 7) = substr('$TODAY', 1, 7)")
expect_screen "the trend is claims received per month" "Réclamations reçues, par mois"
expect_screen "the trend's max ($MAX) and this month ($LAST) are SQL's" "max $MAX · dernier $LAST"

# ---- Work orders by contractor, ordered in the period ----
tui_keys 3
expect_screen "3 goes to work orders" "3/6  Bons de travaux par entreprise"
sql "$(up work_order) SELECT k.name, count(*) FROM x JOIN contractor k ON k.id = x.contractor_id
  WHERE x.es_code = '$ES' AND x.ordered_at >= '$FROM' GROUP BY 1 ORDER BY 1" >"$E2E_TMP/wo.txt"
[ -s "$E2E_TMP/wo.txt" ] || not_ok "work orders in the estate"
while IFS='|' read -r name total; do
	expect_row "work orders of $name: $total" "$name" 6 "$total"
done <"$E2E_TMP/wo.txt"

# ---- Vacant dwellings of the estate today ----
tui_keys n n
expect_screen "n n goes to vacancy" "5/6  Logements vacants"
VAC=$(sql "SELECT count(*) FROM dwelling d JOIN entrance en ON en.id = d.entrance_id
  JOIN building b ON b.id = en.building_id JOIN estate e ON e.id = b.estate_id
  WHERE e.code = '$ES' AND NOT EXISTS (SELECT 1 FROM lease l WHERE l.dwelling_id = d.id
  AND l.start_date <= '$TODAY' AND (l.end_date IS NULL OR l.end_date >= '$TODAY'))")
if [ "$VAC" -gt 0 ]; then
	expect_row "vacant dwellings of the estate: $VAC" "$ES $ES_NAME" 1 "$VAC"
else
	expect_screen "no vacant dwelling in the estate" "Aucune donnée"
fi
tui_keys N N N N
expect_screen "N goes back round to open claims" "1/6  Réclamations ouvertes"

# ---- Periods ----
tui_keys p
expect_screen "p: five years" "Période : du $FROM5 au $TODAY"
tui_keys P
expect_screen "P asks for dates" "Période (du au)"
tui_keys -l "2026-01-01 2026-02-10"
tui_keys Enter
expect_screen "a typed period of 6 weeks" "Période : du 2026-01-01 au 2026-02-10"
expect_screen "goes by weeks" "Réclamations reçues, par semaine"
tui_keys P
tui_keys -l "2026-03-01 2026-01-01"
tui_keys Enter
expect_screen "a period ending before it starts is refused" "Période invalide"
tui_keys L
tui_keys -l "NOPE"
tui_keys Enter
expect_screen "an unknown place is named" "aucune agence, aucun secteur ni aucune résidence"
expect_screen "and the estate stays" "Lieu : $ES_NAME"
tui_keys ?
expect_screen "? lists the dashboard's keys" "Agence, secteur ou résidence par son code"
tui_keys q

# ---- Bars: blocks in UTF-8, '#' and ASCII only in the C locale ----
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user agent1
expect_screen "UTF-8: home" "Bonjour"
tui_keys t
expect_screen "UTF-8: bars are blocks" "█"
tui_start 80 24 vt100 C "$LOGE" --db "$DB" --user agent1
expect_screen "C locale: home" "Bonjour"
tui_keys t
expect_screen "C locale: bars are #" "#"
if tui_screen | LC_ALL=C grep -q '[^ -~]'; then
	not_ok "C locale: ASCII only" "$(tui_screen | LC_ALL=C grep '[^ -~]')"
else
	ok "C locale: ASCII only"
fi

# ---- A gardien sees the sectors' figures ----
tui_start 80 24 vt100 C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "gardien: home" "Bonjour"
tui_keys t
GTOTAL=$(sql "$(up claim) SELECT count(*) FROM x JOIN estate e ON e.code = x.es_code
  JOIN user_sector us ON us.sector_id = e.sector_id
  JOIN user_account u ON u.id = us.user_id AND u.login = 'gardien1'
  WHERE x.status <> 'closed'")
SHOWN=$(tui_screen | sed -n '/^ Catégorie /,/^ *$/p' | sed 's/[#█▏▎▍▌▋▊▉].*//' |
  awk 'NR > 1 && NF { s += $NF } END { print s + 0 }')
check "gardien: the open claims add up to the sectors' ($SHOWN = $GTOTAL)" test "$SHOWN" -eq "$GTOTAL"
