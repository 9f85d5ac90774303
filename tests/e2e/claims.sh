# A claim taken at the keyboard, as the gardien does it at the lodge: from
# a dwelling's sheet, c, the category letter, Entrée (urgency normal), the
# text, Entrée — counted, at most 10 keys besides the text; then it shows
# in the list (w), is forwarded as a work order to a contractor chosen by
# Tab, the order is planned, done and checked, the claim solved, the
# tenant informed, the claim closed; the dwelling's history (h) shows the
# claim and the order, and the database has every step. Then the list and
# the claim on a vt100 in the C locale (ASCII only).
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
TODAY=$(date -u +%F)
"$LOGE" demo --db "$DB" --dwellings 300 --seed 7 --date "$TODAY" 2>/dev/null || not_ok "demo database"

# A dwelling of gardien1's sectors with a running lease and a named tenant.
REF=$(sql "SELECT d.reference FROM dwelling d JOIN lease l ON l.dwelling_id = d.id
  JOIN lease_tenant lt ON lt.lease_id = l.id
  JOIN entrance en ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id
  JOIN estate es ON es.id = b.estate_id
  JOIN user_sector us ON us.sector_id = es.sector_id
  JOIN user_account u ON u.id = us.user_id AND u.login = 'gardien1'
  WHERE l.start_date <= '$TODAY' AND (l.end_date IS NULL OR l.end_date >= '$TODAY')
  ORDER BY d.reference LIMIT 1")
[ -n "$REF" ] || { not_ok "gardien1 has a let dwelling"; exit 1; }
DW=$(sql "SELECT id FROM dwelling WHERE reference = '$REF'")
CONTRACTOR="Plomberie Simon"
BEFORE=$(sql "SELECT count(*) FROM claim")

tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "home screen" "Bonjour"
tui_keys c
expect_screen "c from the home screen searches for the place first" "Le lieu de la réclamation"
tui_keys Escape
expect_screen "Échap goes back home" "Bonjour"
tui_keys /
expect_screen "search opens" "Rechercher"
tui_keys -l "$REF"
expect_screen "the dwelling is found" "$REF"
tui_keys Enter
expect_screen "the dwelling sheet" "Bail et locataire"

# ---- Taking the claim: every key but the text is counted ----
KEYS=0
key() { tui_keys "$@"; KEYS=$((KEYS + 1)); }
key c
expect_screen "c opens the claim form with the categories" "p  Plomberie"
expect_screen "the channel is the lodge by default" "Loge"
key p
expect_screen "p chooses plumbing, then the urgency is asked" "u urgence"
key Enter
expect_screen "Entrée keeps normal, then the description" "Description"
tui_keys -l "Fuite sous l'évier de la cuisine"
key Enter
expect_screen "the claim is recorded" "enregistrée"
if [ $KEYS -le 10 ]; then ok "the claim took $KEYS keys besides the text (<= 10)"; else
	not_ok "the claim took $KEYS keys besides the text"; fi
db_wait "one more claim in the database" "SELECT count(*) FROM claim" $((BEFORE + 1))
CID=$(sql "SELECT id FROM claim WHERE dwelling_id = '$DW' AND description LIKE 'Fuite sous%'")
NUM=$(sql "SELECT number FROM claim WHERE id = '$CID'")
same "it is new, plumbing, normal, at the lodge" \
    "$(sql "SELECT status, category, urgency, channel FROM claim WHERE id = '$CID'")" \
    "new|plumbing|normal|lodge"
same "the tenant of the running lease is concerned" \
    "$(sql "SELECT count(*) FROM claim c JOIN lease_tenant lt ON lt.tenant_id = c.tenant_id
      JOIN lease l ON l.id = lt.lease_id AND l.dwelling_id = c.dwelling_id WHERE c.id = '$CID'")" 1

# ---- The list, the claim, the work order ----
tui_keys w
expect_screen "w lists the claims" "réclamations ouvertes"
tui_keys G
expect_screen "the new one is last by age" "$NUM"
tui_keys t t
expect_screen "t cycles the order (place)" "tri : lieu"
tui_keys S n
expect_screen "S n keeps the new ones" "réclamations Nouvelle"
expect_screen "the new claim is still listed" "$NUM"
tui_keys S '*'
tui_keys g
# Move down until the selected row is ours (the claim screen says its number).
i=0
while [ $i -lt 200 ]; do
	tui_keys Enter
	if tui_wait "Réclamation R" && tui_screen | grep -q "^ *$NUM ·"; then break; fi
	tui_keys q j
	i=$((i + 1))
done
expect_screen "Entrée opens the claim" "Fuite sous l'évier"
expect_screen "only allowed steps are offered" "t Transmettre"
tui_keys W
expect_screen "W lists the contractors" "$CONTRACTOR"
expect_screen "with their contract and response time" "24 h · Contrat Plomberie"
tui_keys -l "Plomberie S"
tui_keys Tab
expect_screen "Tab completes the name" "$CONTRACTOR"
tui_keys Enter
expect_screen "then its contract in force, the first proposed" "Contrat (Entrée : celui-ci)"
tui_keys Enter
expect_screen "what to do is the claim's text by default" "Travaux : Fuite sous l'évier"
tui_keys Enter
expect_screen "a planned date is asked" "Date prévue"
tui_keys Enter
expect_screen "the work order is made" "commandée à $CONTRACTOR"
db_wait "the claim is forwarded with the order" \
    "SELECT c.status || '|' || w.status FROM claim c JOIN work_order w ON w.claim_id = c.id WHERE c.id = '$CID'" \
    "forwarded|ordered"
WON=$(sql "SELECT number FROM work_order WHERE claim_id = '$CID'")
tui_keys P
expect_screen "P asks the planned date" "Date prévue"
tui_keys -l "$TODAY"
tui_keys Enter
expect_screen "the order is scheduled" ": Planifié"
tui_keys E
expect_screen "E: done" ": Réalisé"
tui_keys V
expect_screen "V: checked on site by the gardien" ": Contrôlé"
db_wait "the order is checked" "SELECT status || '|' || planned_date FROM work_order WHERE claim_id = '$CID'" \
    "checked|$TODAY"
tui_keys '$'
expect_screen "invoicing is not the gardien's" "Facturation : réservée"
tui_keys R
expect_screen "R: solved" "Réclamation : Résolue"
tui_keys I
expect_screen "I: tenant informed" "Réclamation : Locataire informé"
tui_keys X
expect_screen "X: closed" "Réclamation : Clôturée"
tui_keys +
tui_keys -l "Locataire satisfait"
tui_keys Enter
expect_screen "+ adds a comment" "Commentaire ajouté"
db_wait "the claim is closed" "SELECT status, closed_at IS NOT NULL FROM claim WHERE id = '$CID'" "closed|1"
same "its events: creation, forward, solve, inform, close and the comment" \
    "$(sql "SELECT group_concat(coalesce(from_status, '-') || '>' || coalesce(to_status, '-'), ' ')
      FROM (SELECT * FROM claim_event WHERE claim_id = '$CID' ORDER BY at, rowid)")" \
    "->new new>forwarded forwarded>solved solved>informed informed>closed ->-"
same "the order's events: ordered, scheduled, done, checked" \
    "$(sql "SELECT group_concat(coalesce(from_status, '-') || '>' || coalesce(to_status, '-'), ' ')
      FROM (SELECT e.* FROM work_order_event e JOIN work_order w ON w.id = e.work_order_id
      WHERE w.claim_id = '$CID' ORDER BY e.at, e.rowid)")" \
    "->ordered ordered>scheduled scheduled>done done>checked"
same "every step is signed by gardien1" \
    "$(sql "SELECT count(DISTINCT u.login) || u.login FROM claim_event e JOIN user_account u ON u.id = e.user_id WHERE e.claim_id = '$CID'")" \
    "1gardien1"

# ---- The dwelling's history ----
tui_keys q q
expect_screen "back on the sheet" "Bail et locataire"
tui_keys h
expect_screen "h shows the dwelling's history with the claim" "Réclamation $NUM"
expect_screen "and the work order" "Intervention $WON"
tui_keys Q

# ---- Reopened: the tenant says it still leaks ----
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "home screen again" "Bonjour"
tui_keys w
expect_screen "the list again" "réclamations ouvertes"
tui_keys S f
expect_screen "S f shows the closed ones" "Clôturée"
tui_keys G Enter
expect_screen "the closed claim opens" "$NUM · Clôturée"
tui_keys O
expect_screen "O asks what the tenant says" "Rouverte"
tui_keys Enter
expect_screen "reopening without a comment is refused" "demande un commentaire"
tui_keys O
tui_keys -l "Toujours une fuite"
tui_keys Enter
expect_screen "O reopens the claim" "Réclamation : En cours"
db_wait "it is in progress again, closed_at cleared" \
    "SELECT status, closed_at IS NULL FROM claim WHERE id = '$CID'" "in_progress|1"
same "the reopening event keeps the tenant's words" \
    "$(sql "SELECT from_status || '>' || to_status || '|' || comment FROM claim_event
      WHERE claim_id = '$CID' ORDER BY at DESC, rowid DESC LIMIT 1")" \
    "closed>in_progress|Rouverte : Toujours une fuite"
tui_keys Q

# ---- Invoiced by the technicien, who may see amounts ----
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user technicien1
expect_screen "home screen (technicien)" "Bonjour"
tui_keys w
expect_screen "the technicien's list" "réclamations ouvertes"
tui_keys G Enter
expect_screen "the claim opens for the technicien" "$NUM"
expect_screen "invoicing is offered" "\$ Facturé"
tui_keys '$'
expect_screen "the amount is asked" "Montant factur"
tui_keys -l "1234,5"
tui_keys Enter
expect_screen "the order is invoiced" ": Facturé"
db_wait "the amount and the works record" \
    "SELECT w.status || '|' || w.amount_cents || '|' || (SELECT count(*) FROM works k
      WHERE k.work_order_id = w.id AND k.dwelling_id = '$DW') FROM work_order w WHERE w.claim_id = '$CID'" \
    "invoiced|123450|1"
tui_keys Q

# ---- vt100, C locale ----
tui_start 80 24 vt100 C "$LOGE" --db "$DB" --user gardien1
expect_screen "home screen (vt100)" "Bonjour"
tui_keys w
expect_screen "w lists the claims (vt100)" "reclamation"
ascii_only "the list is ASCII only"
tui_keys Enter
expect_screen "a claim opens (vt100)" "Lieu :"
ascii_only "the claim is ASCII only"
tui_keys Q

echo "1..$E2E_N"
exit $E2E_FAILED
