# The role walk: every demo user walks the screens a person reaches and
# runs the commands, and what was shown or allowed is compared with the
# matrix printed by `loge roles --format csv` (the one table in core/perm.c).
# What a role may not read must be named ("Coordonnées du locataire :
# réservé à l'agence"), never silently missing.
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
TODAY=$(date -u +%F)
# Two agencies (one sector each): the scopes have something to leave out.
"$LOGE" demo --db "$DB" --dwellings 300 --agencies 2 --seed 7 --date "$TODAY" 2>/dev/null ||
    not_ok "demo database"

# ---- The matrix ----
MATRIX="$E2E_TMP/roles.csv"
expect_status "loge roles --format csv" 0 roles --format csv
cp "$E2E_TMP/out" "$MATRIX"
expect_status "loge roles prints the table" 0 roles
if grep -q "^Coordonnées du locataire .*L+É" "$E2E_TMP/out" &&
    grep -q "gardien *ses secteurs" "$E2E_TMP/out"; then ok "loge roles: French labels, cells and scopes"
else not_ok "loge roles: French labels, cells and scopes" "$(cat "$E2E_TMP/out")"; fi
expect_status "loge roles: an unknown format is a usage error" 2 roles --format xml
expect_status "loge roles --help" 0 roles --help

# right ROLE GROUP: rw, r or - from the matrix.
right() {
	awk -F';' -v r="$1" -v g="$2" \
	    'NR == 1 { for (i = 3; i <= NF; i++) if ($i == r) c = i } $1 == g { print $c }' "$MATRIX"
}
reads() { case $(right "$1" "$2") in r | rw) return 0 ;; *) return 1 ;; esac; }
same "the matrix: 6 roles, cells rw, r or -, then the scopes" \
    "$(awk -F';' 'NR == 1 { h = $0 } NR > 1 && $1 != "scope" &&
	$1 != "check_work" { for (i = 3; i <= NF; i++) if ($i !~ /^(rw|r|-)$/) bad++ }
	END { print h "|" NF "|" bad + 0 "|" $1 }' "$MATRIX")" \
    "group;label;gardien;agent;technicien;superviseur;admin;auditeur|8|0|scope"

# The named refusals, as field_reserved() words them.
R_CONTACT="Coordonnées du locataire : réservé à l'agence"
R_LEASES="Baux : réservé à l'agence"
R_MONEY="Montants des travaux : réservé au service patrimoine"
R_SYNCLOG="Journaux de synchronisation : réservé au superviseur"

# A dwelling of gardien1's sectors, let, whose tenant has a phone, whose
# latest works cost less than 1 000 € (no digit grouping to match).
REF=$(sql "SELECT d.reference FROM dwelling d
  JOIN lease l ON l.dwelling_id = d.id AND l.start_date <= '$TODAY'
   AND (l.end_date IS NULL OR l.end_date >= '$TODAY')
  JOIN lease_tenant lt ON lt.lease_id = l.id JOIN tenant t ON t.id = lt.tenant_id
   AND t.phone IS NOT NULL
  JOIN entrance en ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id
  JOIN estate es ON es.id = b.estate_id
  JOIN user_sector us ON us.sector_id = es.sector_id
  JOIN user_account u ON u.id = us.user_id AND u.login = 'gardien1'
  WHERE (SELECT amount_cents FROM works w WHERE w.dwelling_id = d.id
         ORDER BY date DESC, id DESC LIMIT 1) BETWEEN 100 AND 99999
  ORDER BY d.reference LIMIT 1")
[ -n "$REF" ] || { not_ok "a let dwelling with works in gardien1's sectors"; exit 1; }
AMOUNT=$(sql "SELECT (amount_cents / 100) || ',' || printf('%02d', amount_cents % 100) || ' €'
  FROM works WHERE dwelling_id = (SELECT id FROM dwelling WHERE reference = '$REF')
  ORDER BY date DESC, id DESC LIMIT 1")
# Work orders of gardien1's sectors, one done, one checked.
G1_ORDERS="FROM work_order wo JOIN dwelling d ON d.id = wo.dwelling_id
  JOIN entrance en ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id
  JOIN estate es ON es.id = b.estate_id JOIN user_sector us ON us.sector_id = es.sector_id
  JOIN user_account u ON u.id = us.user_id AND u.login = 'gardien1'"
WO_DONE=$(sql "SELECT wo.number $G1_ORDERS WHERE wo.status = 'done' ORDER BY 1 LIMIT 1")
WO_CHECKED=$(sql "SELECT wo.number $G1_ORDERS WHERE wo.status = 'checked' ORDER BY 1 LIMIT 1")
if [ -z "$WO_DONE" ] || [ -z "$WO_CHECKED" ]; then
	not_ok "done and checked orders in gardien1's sectors"
fi
# A dwelling of the other agency: outside every scope but "all".
OTHER=$(sql "SELECT d.reference FROM dwelling d JOIN entrance en ON en.id = d.entrance_id
  JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id
  JOIN sector s ON s.id = es.sector_id
  WHERE s.agency_id IS NOT (SELECT agency_id FROM user_account WHERE login = 'gardien1')
  ORDER BY d.reference LIMIT 1")
[ -n "$OTHER" ] || not_ok "a dwelling of another agency"
# in_scope LOGIN: how many dwellings the user's scope (from the matrix) holds.
in_scope() {
	case $(right "$(sql "SELECT role FROM user_account WHERE login = '$1'")" scope) in
	sectors) _where="es.sector_id IN (SELECT sector_id FROM user_sector us
	    JOIN user_account u ON u.id = us.user_id AND u.login = '$1')" ;;
	agency) _where="es.sector_id IN (SELECT s.id FROM sector s JOIN user_account u
	    ON u.agency_id = s.agency_id AND u.login = '$1')" ;;
	all) _where=1 ;;
	*) _where=0 ;;
	esac
	sql "SELECT count(*) FROM dwelling d JOIN entrance en ON en.id = d.entrance_id
	  JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id
	  WHERE $_where"
}
INSP=$(sql "SELECT i.id FROM inspection i JOIN dwelling d ON d.id = i.dwelling_id
  WHERE d.reference = '$REF' ORDER BY i.id LIMIT 1")

# shows_or_names DESC ROLE GROUP SHOWN RESERVED: the screen shows SHOWN
# when the role reads GROUP, else names RESERVED and does not show SHOWN.
shows_or_names() {
	if reads "$2" "$3"; then
		expect_screen "$1: shown ($2 reads $3)" "$4"
		[ -n "$5" ] && expect_no_screen "$1: not named reserved ($2)" "$5"
	else
		expect_screen "$1: named reserved ($2 may not read $3)" "$5"
		expect_no_screen "$1: not shown ($2)" "$4"
	fi
}

# ---- The screens ----
# steps DESC STEP yes|no: the work order's "Étapes :" line (the steps
# offered; the key bar lists every key whoever looks) offers STEP or not.
steps() {
	_i=0
	while ! _line=$(tui_screen | grep -E "^ *(Étapes :|Plus d'étape)") && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	case $_line in *"$2"*) _got=yes ;; *) _got=no ;; esac
	same "$1" "$_got" "$3"
}

home() {	# home ROLE: q back to the home screen (at most 6 screens deep)
	_n=0
	while ! tui_screen | grep -qF "Bonjour" && [ $_n -lt 30 ]; do
		[ $((_n % 5)) -eq 0 ] && tui_keys Escape
		sleep 0.1
		_n=$((_n + 1))
	done
	expect_screen "$1: home again" "Bonjour"
}

walk_tui() {	# walk_tui LOGIN ROLE
	login=$1 role=$2
	tui_start 100 60 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user "$login"
	expect_screen "$role: home" "Bonjour"
	tui_keys /
	expect_screen "$role: search" "Rechercher"
	tui_keys -l "$OTHER"
	if [ "$(right "$role" scope)" = all ]; then
		expect_screen "$role: another agency's dwelling is found (scope all)" "Logement    $OTHER"
	else
		expect_screen "$role: another agency's dwelling is out of scope" "Aucun résultat"
	fi
	home "$role"
	tui_keys /
	expect_screen "$role: search" "Rechercher"
	tui_keys -l "$REF"
	expect_screen "$role: the dwelling is found" "Logement    $REF"
	tui_keys Enter
	expect_screen "$role: the sheet" "Caractéristiques techniques"
	expect_screen "$role: sheet, equipment" "Équipements"
	expect_screen "$role: sheet, tenant block" "Bail et locataire"
	shows_or_names "$role: sheet, tenant contact" "$role" tenant_contact "Téléphone" "$R_CONTACT"
	shows_or_names "$role: sheet, lease" "$role" leases "Bail en cours" "$R_LEASES"
	shows_or_names "$role: sheet, works amounts" "$role" money "$AMOUNT" "$R_MONEY"
	expect_screen "$role: sheet, last inspection" "Dernier état des lieux"
	expect_screen "$role: sheet, logbook" "Notes du gardien"
	tui_keys h
	expect_screen "$role: history" "› Historique"
	shows_or_names "$role: history, works amounts" "$role" money "$AMOUNT" "$R_MONEY"
	if reads "$role" leases; then expect_no_screen "$role: history, leases not reserved" "$R_LEASES"
	else expect_screen "$role: history, leases named reserved" "$R_LEASES"; fi
	select_row 3 "Travaux :"
	tui_keys Enter
	expect_screen "$role: the works event" "Montant"
	shows_or_names "$role: works event, amount" "$role" money "$AMOUNT" "$R_MONEY"
	tui_keys Escape
	expect_screen "$role: back on the history" "› Historique"
	tui_keys Escape
	expect_screen "$role: back on the sheet" "Caractéristiques techniques"
	tui_keys i
	expect_screen "$role: the dwelling's inspections" "État des lieux"
	tui_keys q
	tui_keys w
	expect_screen "$role: claims" "› Réclamations"
	tui_keys Enter
	expect_screen "$role: one claim" "Canal :"
	home "$role"
	tui_keys p
	expect_screen "$role: work orders" "interventions"
	if reads "$role" money; then expect_no_screen "$role: work orders, amounts shown" "montants réservés"
	else expect_screen "$role: work orders, amounts named reserved" "montants réservés"; fi
	# A done order: only who checks work on site is offered the check; a
	# checked one: only who writes amounts is offered the invoicing.
	select_row 4 "$WO_DONE"
	tui_keys Enter
	expect_screen "$role: one work order" "$WO_DONE · Réalisé"
	if reads "$role" money; then expect_no_screen "$role: work order, amount not reserved" "$R_MONEY"
	else expect_screen "$role: work order, amount named reserved" "$R_MONEY"; fi
	if [ "$(right "$role" check_work)" = yes ] && [ "$(right "$role" claims)" = rw ]; then
		steps "$role: the on-site check is offered" "V Contrôlé" yes
	else
		steps "$role: the on-site check is not offered" "V Contrôlé" no
	fi
	tui_keys Escape
	expect_screen "$role: back to the work orders" "interventions"
	tui_keys g
	select_row 4 "$WO_CHECKED"
	tui_keys Enter
	expect_screen "$role: a checked work order" "$WO_CHECKED · Contrôlé"
	if [ "$(right "$role" money)" = rw ]; then
		steps "$role: invoicing is offered" "\$ Facturé" yes
	else
		steps "$role: invoicing is not offered" "\$ Facturé" no
	fi
	home "$role"
	tui_keys d
	expect_screen "$role: rounds" "› Rondes"
	tui_keys q
	tui_keys t
	expect_screen "$role: dashboard" "› Tableau de bord"
	tui_keys q
	tui_keys z
	expect_screen "$role: référentiels" "› Référentiels"
	tui_keys q
	tui_keys y
	if ! reads "$role" synclog; then
		expect_screen "$role: synclog named reserved" "$R_SYNCLOG"
	elif [ "$(right "$role" scope)" = sectors ]; then
		expect_screen "$role: synclog, his own refused changes" "Mes modifications refusées"
	else
		expect_screen "$role: synclog, the sessions" "› Synchronisation"
	fi
	tui_keys Q
	expect_screen "$role: Q quits" "[exit 0]"
}

# ---- The commands ----
# cli_right DESC LOGIN ROLE GROUP REFUSAL ARGS...: exit 0 when the role
# reads GROUP, else 1 with the group's French refusal on stderr.
cli_right() {
	d=$1 login=$2 role=$3 group=$4 refusal=$5
	shift 5
	if reads "$role" "$group"; then
		expect_status "$d ($role reads $group)" 0 --db "$DB" --user "$login" "$@"
	else
		expect_status "$d ($role may not read $group)" 1 --db "$DB" --user "$login" "$@"
		if grep -qF -- "$refusal" "$E2E_TMP/err"; then ok "$d: the refusal names the group"
		else not_ok "$d: the refusal names the group" "$(cat "$E2E_TMP/err")"; fi
	fi
}

walk_cli() {	# walk_cli LOGIN ROLE
	login=$1 role=$2
	cli_right "$role: loge export works" "$login" "$role" equipment "Équipements" \
	    export --what works -o "$E2E_TMP/works.csv"
	if [ -f "$E2E_TMP/works.csv" ]; then
		# JSON: a description may hold commas, which a CSV split on "," miscounts.
		amounts=$("$LOGE" --db "$DB" --user "$login" export --what works --format json |
		    grep -c '"amount_cents":[0-9]')
		if reads "$role" money; then
			if [ "$amounts" -gt 0 ]; then ok "$role: export works has amounts"
			else not_ok "$role: export works has amounts"; fi
		else
			same "$role: export works has no amount" "$amounts" 0
		fi
		rm -f "$E2E_TMP/works.csv"
	fi
	"$LOGE" --db "$DB" --user "$login" export --what dwellings 2>/dev/null >"$E2E_TMP/dw.csv"
	same "$role: loge export dwellings holds the scope's dwellings" \
	    "$(($(wc -l <"$E2E_TMP/dw.csv") - 1))" "$(in_scope "$login")"
	cli_right "$role: loge report vacancy" "$login" "$role" leases "$R_LEASES" \
	    report vacancy
	cli_right "$role: loge report claims-open" "$login" "$role" claims "Réclamations" \
	    report claims-open
	cli_right "$role: loge inspection list" "$login" "$role" inspections "États des lieux" \
	    inspection list "$REF"
	cli_right "$role: loge inspection show" "$login" "$role" inspections "États des lieux" \
	    inspection show "$INSP"
	cli_right "$role: loge synclog" "$login" "$role" synclog "$R_SYNCLOG" synclog
	cli_right "$role: loge user list" "$login" "$role" users "Utilisateurs : réservé" user list
	cli_right "$role: loge referentiel export" "$login" "$role" inspections "États des lieux" \
	    referentiel export --table vetuste -o "$E2E_TMP/ref.csv"
	rm -f "$E2E_TMP/ref.csv"
}

for who in gardien1:gardien agent1:agent technicien1:technicien superviseur1:superviseur \
    admin:admin auditeur:auditeur; do
	login=${who%%:*} role=${who#*:}
	same "$login is a $role" "$(sql "SELECT role FROM user_account WHERE login = '$login'")" "$role"
	walk_tui "$login" "$role"
	walk_cli "$login" "$role"
done

echo "1..$E2E_N"
exit $E2E_FAILED
