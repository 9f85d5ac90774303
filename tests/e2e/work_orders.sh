# Work orders at the keyboard. The gardien orders work directly from a
# dwelling's sheet (W): the plumber by Tab, its second contract in force
# (Tab cycles), the text, a planned date; the list (p) shows it. Agency
# staff plan it (P) and mark it done (E), but may not check it (the
# core's refusal is shown); the gardien checks it on site (V); the
# technicien invoices it ($ 1234,50). The amount shows in the dwelling's
# history (h) for the technicien and not for the gardien. An anomaly of
# a round becomes an order too (W on its line), found in the list
# filtered by contractor (E). The database has every step.
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
TODAY=$(date -u +%F)
"$LOGE" demo --db "$DB" --dwellings 300 --seed 7 --date "$TODAY" 2>/dev/null || not_ok "demo database"

# A dwelling of gardien1's sectors; the plumber gets a second contract in
# force for the agency, after the demo's one by label.
REF=$(sql "SELECT d.reference FROM dwelling d
  JOIN entrance en ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id
  JOIN estate es ON es.id = b.estate_id JOIN user_sector us ON us.sector_id = es.sector_id
  JOIN user_account u ON u.id = us.user_id AND u.login = 'gardien1'
  ORDER BY d.reference LIMIT 1 OFFSET 3")
[ -n "$REF" ] || { not_ok "gardien1 has a dwelling"; exit 1; }
DW=$(sql "SELECT id FROM dwelling WHERE reference = '$REF'")
ADMIN=$(sql "SELECT id FROM user_account WHERE login = 'admin'")
AGENCY=$(sql "SELECT agency_id FROM user_account WHERE login = 'gardien1'")
PLUMBER=$(sql "SELECT id FROM contractor WHERE name = 'Plomberie Simon'")
SECOND=01900000-0000-7000-8e2e-0000000000c2
STAMP="${TODAY}T06:00:00Z"
sql "INSERT INTO contract (id, contractor_id, agency_id, label, trade, response_hours,
  start_date, end_date, updated_at, updated_by) VALUES ('$SECOND', '$PLUMBER', '$AGENCY',
  'Contrat Plomberie – astreinte', 'plumbing', 4, '2020-01-01', NULL, '$STAMP', '$ADMIN')" ||
	not_ok "the second contract is added"
FIRST=$(sql "SELECT id FROM contract WHERE contractor_id = '$PLUMBER' AND id <> '$SECOND'")

# A round never done on the first building of gardien1's sector.
TPL=01900000-0000-7000-8e2e-0000000000a1
ITEM=01900000-0000-7000-8e2e-0000000000a2
BLD=$(sql "SELECT b.id FROM building b JOIN estate es ON es.id = b.estate_id
  WHERE es.sector_id IN (SELECT sector_id FROM user_sector us JOIN user_account u
  ON u.id = us.user_id AND u.login = 'gardien1') ORDER BY es.code, b.code LIMIT 1")
ROUND="Ronde des interventions (essai)"
sql "INSERT INTO round_template (id, building_id, name, frequency_days, updated_at, updated_by)
  VALUES ('$TPL', '$BLD', '$ROUND', 7, '$STAMP', '$ADMIN');
INSERT INTO round_template_item (id, template_id, position, label, updated_at, updated_by) VALUES
  ('$ITEM', '$TPL', 1, 'Éclairage du hall', '$STAMP', '$ADMIN'),
  ('01900000-0000-7000-8e2e-0000000000a3', '$TPL', 2, 'Local poubelles', '$STAMP', '$ADMIN');" ||
	not_ok "the test round is added"

# ---- The gardien orders work directly on the dwelling ----
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "home screen" "Bonjour"
expect_screen "the home key bar offers the work orders" "p Interventions"
tui_keys W
expect_screen "W from the home screen asks for the place first" "Cherchez d'abord le lieu"
tui_keys /
tui_keys -l "$REF"
expect_screen "the dwelling is found" "$REF"
tui_keys Enter
expect_screen "the dwelling sheet" "$REF"
tui_keys W
expect_screen "W opens the order form, direct" "Commande directe"
expect_screen "the contractors with their response time" "24 h · Contrat Plomberie"
tui_keys -l "Plomberie S"
tui_keys Tab
expect_screen "Tab completes the contractor" "Plomberie Simon"
tui_keys Enter
expect_screen "its contracts in force are listed" "Contrat Plomberie – astreinte · Plomberie · 4 h"
expect_screen "Tab cycles them" "Tab : suivant"
tui_keys Tab
tui_keys Enter
expect_screen "the chosen contract is kept" "astreinte"
expect_screen "what to do is asked" "Travaux :"
tui_keys Enter
expect_screen "a direct order needs a text" "Décrivez les travaux"
tui_keys -l "Remplacer le mitigeur de la cuisine"
tui_keys Enter
expect_screen "the planned date is asked" "Date prévue (AAAA-MM-JJ"
tui_keys -l "2099-13-40"
tui_keys Enter
expect_screen "a wrong date: the core's refusal" "date prévue invalide"
tui_keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
tui_keys -l "$TODAY"
tui_keys Enter
expect_screen "the order is made" "commandée à Plomberie Simon"
WID=$(sql "SELECT id FROM work_order WHERE dwelling_id = '$DW' AND description = 'Remplacer le mitigeur de la cuisine'")
WON=$(sql "SELECT number FROM work_order WHERE id = '$WID'")
[ -n "$WID" ] || not_ok "the order is in the database"
same "ordered, the second contract, planned today, no origin" \
    "$(sql "SELECT status, contract_id = '$SECOND', planned_date, claim_id IS NULL AND
      round_result_id IS NULL FROM work_order WHERE id = '$WID'")" "ordered|1|$TODAY|1"
expect_screen "the message gives its number" "$WON"

tui_keys p
expect_screen "p lists the work orders" "interventions ouvertes"
expect_screen "the new one is listed" "$WON"
expect_screen "a gardien's list has no amounts" "montants réservés"
select_row 4 "$WON"
tui_keys Enter
expect_screen "Entrée opens it" "$WON · Commandé"
expect_screen "its contract and response time" "sous 4 h · Contrat Plomberie – astreinte"
expect_screen "its origin" "Commande directe"
expect_screen "the amount is not the gardien's" "Montants des travaux : réservé au service patrimoine"
expect_screen "its first event, signed" "Commandé · "
tui_keys V
expect_screen "V before it is done: the core refuses" "passage de « Commandé » à « Contrôlé »"
tui_keys Q

# ---- Agency staff plan it and mark it done ----
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user agent1
expect_screen "home screen (agent)" "Bonjour"
tui_keys p
expect_screen "the agent's list" "$WON"
LATE=$(sql "SELECT count(*) FROM work_order w JOIN contract c ON c.id = w.contract_id
  WHERE w.status IN ('ordered', 'scheduled') AND c.response_hours > 0
  AND unixepoch(w.ordered_at) + c.response_hours * 3600 < unixepoch('now')")
expect_screen "the orders past their contract's response time are counted" \
    "ouvertes, $LATE en retard sur le contrat"
# Every row shown is marked "!" exactly when the database says it is late.
WRONG=$(tui_screen | grep '^[! ]BT' | while read -r _line; do
	_num=$(printf '%s\n' "$_line" | sed 's/^!*\(BT[0-9A-Z-]*\).*/\1/')
	_late=$(sql "SELECT count(*) FROM work_order w JOIN contract c ON c.id = w.contract_id
	  WHERE w.number = '$_num' AND w.status IN ('ordered', 'scheduled') AND
	  c.response_hours > 0 AND unixepoch(w.ordered_at) + c.response_hours * 3600 <
	  unixepoch('now')")
	case $_line in "!"*) [ "$_late" = 1 ] || echo "$_num marked" ;;
	*) [ "$_late" = 0 ] || echo "$_num not marked" ;; esac
done)
same "late orders, and only they, are marked" "$WRONG" ""
if [ "$LATE" -eq 0 ] || tui_screen | grep -q '^!BT'; then ok "late rows are shown marked"; else
	not_ok "late rows are shown marked" "$(tui_screen)"; fi
select_row 4 "$WON"
tui_keys Enter
expect_screen "the order opens for the agent" "$WON · Commandé"
expect_screen "not invoiced yet" "pas encore facturée"
tui_keys P
expect_screen "P asks the date, the planned one proposed" "Date prévue (AAAA-MM-JJ) : $TODAY"
tui_keys Enter
expect_screen "planned" "$WON · Planifié"
tui_keys E
expect_screen "E: done" "$WON · Réalisé"
tui_keys V
expect_screen "V is the gardien's: the core's refusal is shown" "gardien"
tui_keys '$'
expect_screen "the agent may not invoice" "Facturation : réservée"
tui_keys +
tui_keys -l "Entreprise passée à 10 h"
tui_keys Enter
expect_screen "+ adds a comment" "Entreprise passée à 10 h"
db_wait "scheduled then done, by agent1" \
    "SELECT group_concat(coalesce(e.to_status, '-') || ':' || u.login, ' ') FROM (SELECT * FROM
      work_order_event WHERE work_order_id = '$WID' AND from_status IS NOT NULL OR
      (work_order_id = '$WID' AND to_status IS NULL) ORDER BY at, rowid) e
      JOIN user_account u ON u.id = e.user_id" "scheduled:agent1 done:agent1 -:agent1"
tui_keys Q

# ---- The gardien checks it on site ----
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "home screen (gardien again)" "Bonjour"
tui_keys p
expect_screen "the list again" "$WON"
select_row 4 "$WON"
tui_keys Enter
expect_screen "the order, done" "$WON · Réalisé"
expect_screen "the gardien is offered the check" "V Contrôlé"
tui_keys V
expect_screen "V: checked" "$WON · Contrôlé"
tui_keys '$'
expect_screen "the gardien may not invoice" "Facturation : réservée"
db_wait "checked by gardien1" "SELECT w.status || '|' || u.login FROM work_order w
  JOIN work_order_event e ON e.work_order_id = w.id AND e.to_status = 'checked'
  JOIN user_account u ON u.id = e.user_id WHERE w.id = '$WID'" "checked|gardien1"

# ---- ... and orders work from a round anomaly ----
tui_keys q q d
expect_screen "d lists the rounds" "Ronde des interventions"
select_row 3 "Ronde des interventions"
tui_keys Enter
expect_screen "the round starts" "Éclairage du hall"
tui_keys a
tui_keys -l "Ampoule grillée"
tui_keys Enter
expect_screen "the anomaly is recorded" "1 anomalie"
tui_keys k
tui_keys W
expect_screen "W on the anomaly opens the form" "Anomalie de ronde"
expect_screen "its text is the anomaly's" "Éclairage du hall : Ampoule grillée"
BCODE=$(sql "SELECT code FROM building WHERE id = '$BLD'")
case $(tui_screen | grep "Lieu ") in *"Bâtiment $BCODE") ok "the place is the round's building" ;;
*) not_ok "the place is the round's building" "$(tui_screen | grep "Lieu ")" ;; esac
tui_keys -l "Schneider"
tui_keys Tab Enter
expect_screen "the electrician's contract" "Contrat (Entrée : celui-ci)"
tui_keys Enter
expect_screen "the anomaly's text proposed" "Travaux : Éclairage du hall : Ampoule grillée"
tui_keys Enter Enter
expect_screen "the order is made from the round" "commandée à Schneider"
RID=$(sql "SELECT rr.id FROM round_result rr JOIN round_run rn ON rn.id = rr.round_id
  WHERE rn.template_id = '$TPL' AND rr.item_id = '$ITEM'")
RWID=$(sql "SELECT id FROM work_order WHERE round_result_id = '$RID'")
RWON=$(sql "SELECT number FROM work_order WHERE id = '$RWID'")
same "the order is the anomaly's, on the round's building" \
    "$(sql "SELECT w.building_id = '$BLD', w.description, k.name, w.contract_id IS NOT NULL
      FROM work_order w JOIN contractor k ON k.id = w.contractor_id WHERE w.id = '$RWID'")" \
    "1|Éclairage du hall : Ampoule grillée|Schneider Électricité|1"
tui_keys p
expect_screen "p from the round lists the orders" "interventions ouvertes"
tui_keys E
tui_keys -l "Schn"
tui_keys Tab Enter
expect_screen "E filters by contractor" "ouvertes, 0 en retard sur le contrat · Schneider"
expect_screen "the round's order is listed" "$RWON"
expect_no_screen "the plumber's is not" "$WON"
select_row 4 "$RWON"
tui_keys Enter
expect_screen "it opens" "$RWON · Commandé"
expect_screen "its origin is the round" "Anomalie de ronde"
tui_keys q E Enter
expect_screen "E, empty: every contractor again" "$WON"
expect_no_screen "no contractor named in the heading" "· Schneider"
tui_keys S v
expect_screen "S v: the checked ones" "Contrôlé, 0 en retard"
expect_screen "the checked plumber's order among them" "$WON"
expect_no_screen "not the round's, only ordered" "$RWON"
tui_keys Q

# ---- The technicien invoices it; the amount goes to the works record ----
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user technicien1
expect_screen "home screen (technicien)" "Bonjour"
tui_keys p
expect_screen "the technicien's list" "$WON"
select_row 4 "$WON"
tui_keys Enter
expect_screen "the order, checked" "$WON · Contrôlé"
expect_screen "invoicing is offered" "\$ Facturé"
tui_keys '$'
tui_keys -l "abc"
tui_keys Enter
expect_screen "an unreadable amount is refused" "Montant illisible"
tui_keys '$'
tui_keys -l "1234,50"
tui_keys Enter
expect_screen "invoiced" "$WON · Facturé"
expect_screen "the amount is shown" "1 234,50 €"
db_wait "the amount and the dwelling's works record" \
    "SELECT w.status || '|' || w.amount_cents || '|' || (SELECT group_concat(k.amount_cents ||
      '|' || k.dwelling_id, ';') FROM works k WHERE k.work_order_id = w.id)
      FROM work_order w WHERE w.id = '$WID'" "invoiced|123450|123450|$DW"
tui_keys h
expect_screen "h: the dwelling's history has the works with the amount" \
    "Travaux : remplacer le mitigeur de la cuisine — 1 23"
select_row 3 "Travaux : remplacer le mitigeur"
tui_keys Enter
expect_screen "the works line opens with the whole amount" "1 234,50 €"
tui_keys q q q S f
expect_screen "S f: the invoiced ones" "interventions Facturé"
tui_keys G
expect_screen "the invoiced order, last" "$WON"
LINE=$(tui_screen | grep -F -- "$WON")
case $LINE in *"$TODAY"*"1234,50"*) ok "the technicien's list shows the amount" ;;
*) not_ok "the technicien's list shows the amount" "$LINE" ;; esac
tui_keys Q

# ---- The gardien sees the works, not the amount ----
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "home screen (gardien, last)" "Bonjour"
tui_keys /
tui_keys -l "$REF"
tui_keys Enter
expect_screen "the sheet" "$REF"
tui_keys h
expect_screen "the gardien's history has the works" "Travaux : remplacer le mitigeur de la cuisine"
expect_no_screen "without the amount" "1 234,50"
tui_keys q p S f
expect_screen "the gardien's list of invoiced orders" "interventions Facturé"
tui_keys G
expect_screen "the invoiced order in the gardien's list" "$WON"
LINE=$(tui_screen | grep -F -- "$WON")
case $LINE in *"$TODAY"*[0-9],[0-9][0-9]*) not_ok "with no amount" "$LINE" ;;
*"$TODAY"*) ok "with no amount" ;;
*) not_ok "with no amount" "$LINE" ;; esac
tui_keys Q

# ---- vt100, C locale: ASCII only ----
tui_start 80 24 vt100 C "$LOGE" --db "$DB" --user agent1
expect_screen "vt100/C: home screen" "Bonjour"
tui_keys p
expect_screen "vt100/C: the list" "interventions ouvertes"
ascii_only "vt100/C: the list is ASCII only"
tui_keys Enter
expect_screen "vt100/C: an order" "Origine"
ascii_only "vt100/C: the order is ASCII only"
tui_keys q q /
tui_keys -l "$REF"
tui_keys Enter
expect_screen "vt100/C: the sheet" "$REF"
tui_keys W
expect_screen "vt100/C: the form" "Commande directe"
ascii_only "vt100/C: the form is ASCII only"
tui_keys Escape
expect_no_screen "vt100/C: Escape leaves the form" "Commande directe"
tui_keys Q

echo "1..$E2E_N"
exit $E2E_FAILED
