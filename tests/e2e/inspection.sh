# An exit inspection done at the keyboard, as the gardien does it: plan it
# from a dwelling's sheet (prefilled from the signed entry of the running
# lease), change three items (one priced to the tenant), read the meters,
# count the keys returned, try to sign while a mention is missing (refused,
# and the check list names it), complete it, have every party sign, close
# it; the PDF has every mandatory mention, the changed items and the charge
# total of the $ screen; `loge inspection verify` finds the digest intact;
# after a restart nothing of it can change. Then the editor and the check
# list on a vt100 in the C locale (ASCII only).
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
TODAY=$(date -u +%F)
"$LOGE" demo --db "$DB" --dwellings 300 --seed 7 --date "$TODAY" 2>/dev/null || not_ok "demo database"

# tui_wait_re / expect_re: as tui_wait / expect_screen, with an extended
# regular expression.
tui_wait_re() {
	_i=0
	while [ $_i -lt 100 ]; do
		if tui_screen | grep -qE -- "$1"; then return 0; fi
		sleep 0.1
		_i=$((_i + 1))
	done
	tui_screen >"$E2E_TMP/last-screen.txt"
	return 1
}
expect_re() {
	if tui_wait_re "$2"; then ok "$1"; else not_ok "$1" "$(cat "$E2E_TMP/last-screen.txt")"; fi
}
# db_wait DESCRIPTION QUERY WANT: polls the database (10 s) until the
# query gives WANT; a key's write may still be on its way.
label() {	# the French label of an item state
	case $1 in n) echo neuf ;; b) echo bon ;; u) echo "usage normal" ;; m) echo mauvais ;;
	x) echo "hors service" ;; *) echo "non vérifié" ;; esac
}

# Dwellings with a running lease whose entry is signed and detailed
# (rooms, meters with their numbers, keys), nothing else open on them, and
# a first room whose first two items are plain (neither defect nor note,
# so that m and x ask for the defect), its first key given at least once,
# T3 first.
CANDIDATES=$(sql "WITH cand AS (
  SELECT d.reference AS ref, d.type AS type,
    (SELECT e.id FROM inspection e WHERE e.lease_id = l.id AND e.kind = 'move_in'
       AND e.state = 'signed' AND e.amends_id IS NULL
       ORDER BY coalesce(e.done_at, e.signed_at) DESC LIMIT 1) AS eid
  FROM dwelling d JOIN lease l ON l.dwelling_id = d.id
  JOIN entrance en ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id
  JOIN estate es ON es.id = b.estate_id
  WHERE l.end_date IS NULL AND l.start_date <= '$TODAY'
    AND coalesce(en.address, b.address, es.address) IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM lease l2 WHERE l2.dwelling_id = d.id
      AND l2.start_date > l.start_date)
    AND NOT EXISTS (SELECT 1 FROM inspection o WHERE o.dwelling_id = d.id AND o.state <> 'signed')
), rooms AS (
  SELECT c.*,
    (SELECT id FROM inspection_room WHERE inspection_id = c.eid ORDER BY position LIMIT 1) AS r1,
    (SELECT id FROM inspection_room WHERE inspection_id = c.eid ORDER BY position
      LIMIT 1 OFFSET 1) AS r2
  FROM cand c WHERE c.eid IS NOT NULL
)
SELECT ref || '|' || eid FROM rooms
WHERE r2 IS NOT NULL AND (SELECT count(*) FROM inspection_item WHERE room_id = r1) >= 3
  AND NOT EXISTS (SELECT 1 FROM (SELECT state, comment FROM inspection_item WHERE room_id = r1
    ORDER BY position LIMIT 2) WHERE comment IS NOT NULL OR state IS NULL OR state IN ('m', 'x'))
  AND EXISTS (SELECT 1 FROM inspection_item WHERE room_id = r2)
  AND EXISTS (SELECT 1 FROM inspection_meter WHERE inspection_id = eid)
  AND NOT EXISTS (SELECT 1 FROM inspection_meter WHERE inspection_id = eid AND serial IS NULL)
  AND (SELECT given FROM inspection_key WHERE inspection_id = eid ORDER BY rowid LIMIT 1) >= 1
ORDER BY type = 'T3' DESC, ref LIMIT 2")
REF=$(echo "$CANDIDATES" | sed -n '1s/|.*//p')
EID=$(echo "$CANDIDATES" | sed -n '1s/.*|//p')
REF2=$(echo "$CANDIDATES" | sed -n '2s/|.*//p')
if [ -z "$REF" ] || [ -z "$REF2" ]; then
	not_ok "the demo has dwellings with a detailed signed entry" "$CANDIDATES"
	exit 1
fi
DW=$(sql "SELECT id FROM dwelling WHERE reference = '$REF'")

# ---- Planning the exit ----
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "home screen" "Bonjour"
tui_keys /
expect_screen "search opens" "Rechercher"
tui_keys -l "$REF"
expect_screen "the dwelling is found" "Logement    $REF"
tui_keys Enter
expect_screen "Enter opens the dwelling sheet" "Bail et locataire"
tui_keys i
expect_screen "i lists the dwelling's inspections" "État des lieux d'entrée"
tui_keys n
expect_screen "n asks which kind" "Nouvel état des lieux : e entrée, s sortie"
tui_keys s
expect_screen "s plans an exit and opens the editor" "Entrée        Sortie"
expect_screen "it says it is prefilled from the entry" "prérempli depuis l'entrée"
expect_screen "the editor's head: a draft of today" "brouillon · du $TODAY"

XID=$(sql "SELECT id FROM inspection WHERE dwelling_id = '$DW' AND kind = 'move_out'
  AND state = 'draft'")
same "the exit is prefilled from the signed entry" \
    "$(sql "SELECT entry_inspection_id FROM inspection WHERE id = '$XID'")" "$EID"
same "every room and item of the entry is copied with its state" \
    "$(sql "SELECT count(*) || '/' || count(state) FROM inspection_item it
      JOIN inspection_room r ON r.id = it.room_id WHERE r.inspection_id = '$XID'")" \
    "$(sql "SELECT count(*) || '/' || count(*) FROM inspection_item it
      JOIN inspection_room r ON r.id = it.room_id WHERE r.inspection_id = '$EID'")"

# The first room's first two items and the second room's first item,
# as they stand in the exit (name, kind, entry state).
item() {	# item ROOM_OFFSET ITEM_OFFSET COLUMN
	sql "SELECT it.$3 FROM inspection_item it JOIN inspection_room r ON r.id = it.room_id
	  WHERE r.inspection_id = '$XID' AND r.id = (SELECT id FROM inspection_room
	  WHERE inspection_id = '$XID' ORDER BY position LIMIT 1 OFFSET $1)
	  ORDER BY it.position LIMIT 1 OFFSET $2"
}
I1=$(item 0 0 id); I2=$(item 0 1 id); I3=$(item 1 0 id)
N1=$(sql "SELECT count(*) FROM inspection_item WHERE room_id = (SELECT id FROM inspection_room
  WHERE inspection_id = '$XID' ORDER BY position LIMIT 1)")
I3_ENTRY=$(item 1 0 state)
if [ "$I3_ENTRY" = u ]; then S3=b L3="bon"; else S3=u L3="usage normal"; fi
PRICE=$(sql "SELECT coalesce((SELECT code FROM price_list WHERE item_kind =
  (SELECT kind FROM inspection_item WHERE id = '$I1') ORDER BY code LIMIT 1), 'PEINT-MUR')")

tui_keys '?'
expect_screen "? shows the editor's keys" "Touches de cet écran"
expect_re "? lists the quantity and price keys" "^ +Q P +"
tui_keys x
expect_screen "the help closes" "Entrée        Sortie"

# ---- Three items changed ----
# The cursor starts on the first item; m asks for the defect at once.
tui_keys m
expect_screen "m (mauvais) asks for the defect" "Décrivez le défaut"
tui_keys -l "Trous chevilles"
tui_keys Enter
expect_screen "the defect is saved and shown" "Obs. : Trous chevilles"
expect_screen "the head counts one changed item" "· 1 changé"
tui_keys i
expect_screen "i asks who pays" "À la charge de : l locataire"
tui_keys l
expect_screen "l charges the tenant" "Imputation : réparation locative"
tui_keys Q
expect_screen "Q asks the quantity" "Quantité (m², ml, unités, heures)"
tui_keys -l 3
tui_keys Enter
db_wait "the quantity is saved" "SELECT quantity FROM inspection_item WHERE id = '$I1'" 3.0
tui_keys P
expect_screen "P asks the price code" "Prix, code du bordereau"
tui_keys -l "$PRICE"
tui_keys Enter
expect_screen "the price code is saved" "· 3 × $PRICE"

tui_keys j x
expect_screen "x (hors service) on the second item asks for the defect" "Décrivez le défaut"
tui_keys -l Tach
tui_keys Tab
expect_re "Tab completes a common phrase" "Décrivez le défaut \\(Tab : phrases\\) : Tach.+"
tui_keys Enter
expect_screen "the head counts two changed items" "· 2 changés"
C2=$(sql "SELECT comment FROM inspection_item WHERE id = '$I2'")
case $C2 in Tach?*) ok "the completed phrase is saved" ;;
*) not_ok "the completed phrase is saved" "comment: $C2" ;; esac

# To the second room's first item: j over the rest of the first room and
# the second room's header.
j=0
while [ $j -lt "$N1" ]; do tui_keys j; j=$((j + 1)); done
tui_keys c
expect_screen "c asks the observations" "Observations (Tab : phrases)"
tui_keys -l "Joints noircis"
tui_keys Enter
expect_screen "the observation is saved" "Obs. : Joints noircis"
tui_keys "$S3"
expect_screen "a third item changed: the head counts three" "· 3 changés"

same "the three items changed, in the database" \
    "$(sql "SELECT group_concat(state || ':' || coalesce(comment, ''), '|') FROM (SELECT state,
      comment FROM inspection_item WHERE id IN ('$I1', '$I2', '$I3') ORDER BY id = '$I3',
      id = '$I2')")" "m:Trous chevilles|x:$C2|$S3:Joints noircis"
same "the first item is charged to the tenant, priced" \
    "$(sql "SELECT charge || ' ' || quantity || ' ' || price_code FROM inspection_item
      WHERE id = '$I1'")" "tenant 3.0 $PRICE"
same "exactly three items differ from the entry" \
    "$(sql "SELECT count(*) FROM inspection_item x JOIN inspection_room xr ON xr.id = x.room_id
      JOIN inspection_room er ON er.inspection_id = '$EID' AND er.name = xr.name
      JOIN inspection_item e ON e.room_id = er.id AND e.name = x.name
      WHERE xr.inspection_id = '$XID' AND x.state IS NOT e.state")" 3

# ---- The charges ----
tui_keys '$'
expect_screen "\$ shows the tenant's charges" "Total à la charge du locataire :"
charge_total() {	# the total of the $ screen, digits and comma only
	tui_screen | sed -n 's/.*Total à la charge du locataire : \([^(]*\) (avant.*/\1/p' |
	    tr -cd '0-9,'
}
TOTAL1=$(charge_total)
case $TOTAL1 in ''|0,00) not_ok "the defect priced to the tenant is charged" "total: $TOTAL1" ;;
*) ok "the defect priced to the tenant is charged ($TOTAL1 €)" ;; esac
expect_screen "the charged item's line shows its defect" "Défaut : Trous chevilles"
tui_keys q
expect_screen "q goes back to the editor" "Entrée        Sortie"

# ---- Meters and keys ----
NM=$(sql "SELECT count(*) FROM inspection_meter WHERE inspection_id = '$XID'")
NK=$(sql "SELECT count(*) FROM inspection_key WHERE inspection_id = '$XID'")
tui_keys C
expect_screen "C opens the meters, keys and parties" "Compteurs (numéro, index)"
tui_keys j j j j j j
m=1
while [ $m -le "$NM" ]; do
	tui_keys Enter
	expect_screen "meter $m: Enter asks the reading" "Index relevé :"
	tui_keys -l "${m}234,5"
	tui_keys Enter
	expect_re "meter $m: the reading is shown" "index ${m}234[,.]50"
	tui_keys j
	m=$((m + 1))
done
# Keys in the order shown (rowid): the first one comes back short of one.
GIVEN=$(sql "SELECT group_concat(given, ' ') FROM (SELECT given FROM inspection_key
  WHERE inspection_id = '$XID' ORDER BY rowid)")
k=1
for g in $GIVEN; do
	r=$g
	[ $k -eq 1 ] && [ "$g" -gt 0 ] && r=$((g - 1))
	tui_keys j Enter
	expect_screen "key $k: Enter asks how many came back" "Nombre rendu :"
	tui_keys C-u
	tui_keys -l "$r"
	tui_keys Enter
	expect_re "key $k: $g given, $r returned" " $g remis · $r rendus?( |\$)"
	[ $k -eq 1 ] && KEY1=$(tui_screen | grep -E " $g remis · $r rendus?( |\$)" | head -1 |
	    sed 's/^  \(.*[^ ]\)  *[0-9][0-9]* remis.*/\1/') KEY1_G=$g KEY1_R=$r
	k=$((k + 1))
done
same "the readings are in the database" \
    "$(sql "SELECT count(*) FROM inspection_meter WHERE inspection_id = '$XID'
      AND reading IS NOT NULL AND reading - CAST(reading AS INTEGER) = 0.5")" "$NM"
same "the keys returned are in the database" \
    "$(sql "SELECT (sum(given) - sum(returned)) || '/' || count(returned) FROM inspection_key
      WHERE inspection_id = '$XID'")" "$(sql "SELECT CASE WHEN given > 0 THEN 1 ELSE 0 END
      FROM inspection_key WHERE inspection_id = '$XID' ORDER BY rowid LIMIT 1")/$NK"

# A key short: its copy is charged too.
tui_keys q
expect_screen "q goes back to the editor" "Entrée        Sortie"
tui_keys '$'
expect_screen "\$ again" "Total à la charge du locataire :"
TOTAL=$(charge_total)
if [ "$(echo "$TOTAL" | tr -d ,)" -gt "$(echo "$TOTAL1" | tr -d ,)" ]; then
	ok "the key not returned adds to the charges ($TOTAL €)"
else
	not_ok "the key not returned adds to the charges" "before $TOTAL1, after $TOTAL"
fi
tui_keys q
expect_screen "q goes back to the editor" "Entrée        Sortie"
tui_keys C
expect_screen "C again" "Compteurs (numéro, index)"

# ---- Signing while a mention is missing ----
tui_keys S
expect_screen "S on a draft is refused" "état des lieux en brouillon : vérifiez-le d'abord"
tui_keys V
expect_screen "V: one mention missing, signing impossible" \
    "1 mention manque : impossible de signer"
expect_screen "the check list names it (exit a)" "sortie a   Nouvelle adresse du locataire manquante"
tui_keys P
expect_screen "P (ready to sign) is refused and says why" \
    "incomplet, 1 mention manque : Nouvelle adresse du locataire manquante"
same "the inspection is still a draft" "$(sql "SELECT state FROM inspection WHERE id = '$XID'")" \
    draft
tui_keys Enter
expect_screen "Enter on the missing mention goes where it is filled in" "En-tête"
tui_keys Enter
expect_screen "Enter asks the tenant's new address" "Nouvelle adresse du locataire :"
tui_keys -l "12 rue des Lilas, 93100 Montreuil"
tui_keys Enter
expect_screen "the new address is saved" "12 rue des Lilas, 93100 Montreuil"
tui_keys V
expect_screen "V: nothing missing any more" "Toutes les mentions obligatoires sont présentes."
tui_keys P
expect_screen "P marks it ready and opens the signatures" "Prêt à signer : chaque partie"
same "the inspection is ready to sign" "$(sql "SELECT state FROM inspection WHERE id = '$XID'")" \
    ready

# ---- Signatures, from the last party up ----
PARTIES=$(sql "SELECT name FROM inspection_party WHERE inspection_id = '$XID' ORDER BY
  CASE role WHEN 'tenant' THEN 1 WHEN 'mandatary' THEN 2 WHEN 'landlord_agent' THEN 3 ELSE 4 END,
  rowid")
NP=$(echo "$PARTIES" | wc -l)
tui_keys G s
expect_screen "s: the party types their name" "Pour signer, la partie tape son nom"
tui_keys -l "Personne Inconnue"
tui_keys Enter
expect_screen "a wrong name does not sign" "le nom tapé ne correspond pas"
p=0
echo "$PARTIES" | sed '1!G;h;$!d' >"$E2E_TMP/parties"	# from the bottom up
while IFS= read -r name; do
	[ $p -gt 0 ] && tui_keys k
	tui_keys s
	expect_screen "$name: asked to type the name" "Pour signer, la partie tape son nom"
	tui_keys -l "$name"
	tui_keys Enter
	expect_screen "$name signs" "Signature enregistrée"
	p=$((p + 1))
done <"$E2E_TMP/parties"
same "every party present signed" \
    "$(sql "SELECT count(*) FROM inspection_party WHERE inspection_id = '$XID'
      AND signed_at IS NOT NULL")" "$NP"
tui_keys S
expect_screen "S closes it: signed and frozen" "État des lieux signé : contenu figé, empreinte"
expect_screen "the screen says signed" "Signé : contenu figé"
same "signed in the database, with its digest" \
    "$(sql "SELECT state || ' ' || length(content_sha256) || ' ' || (signed_at IS NOT NULL)
      FROM inspection WHERE id = '$XID'")" "signed 64 1"
SHA=$(sql "SELECT content_sha256 FROM inspection WHERE id = '$XID'")
tui_keys Q
expect_screen "Q leaves" "[exit 0]"

# ---- The digest and the PDF ----
"$LOGE" --db "$DB" inspection verify "$XID" >"$E2E_TMP/verify" 2>&1
same "loge inspection verify: the digest matches (status 0)" "$?" 0
check "verify prints the stored digest" grep -qF "empreinte conforme : $SHA" "$E2E_TMP/verify"

PDF="$E2E_TMP/sortie.pdf"
expect_status "loge inspection export --format pdf" 0 --db "$DB" inspection export "$XID" \
    --format pdf -o "$PDF"
check "the PDF is a PDF" sh -c "head -c 5 '$PDF' | grep -q '%PDF-'"
pdftotext "$PDF" - | tr '\n' ' ' | tr -s ' ' >"$E2E_TMP/pdf.txt"
pdftotext -layout "$PDF" "$E2E_TMP/pdf-layout.txt"
in_pdf() {	# in_pdf DESCRIPTION TEXT
	if grep -qF -- "$2" "$E2E_TMP/pdf.txt"; then ok "PDF: $1"; else
		not_ok "PDF: $1" "« $2 » not in the text of the PDF"
	fi
}
dmy() { echo "$1" | sed 's/^\([0-9]*\)-\([0-9]*\)-\([0-9]*\).*/\3\/\2\/\1/'; }
in_pdf "kind (art. 2 a)" "État des lieux de sortie"
in_pdf "date (art. 2 b)" "Établi le $(dmy "$TODAY")"
in_pdf "the dwelling's address (art. 2 c)" "$(sql "SELECT coalesce(en.address, b.address,
  es.address) FROM dwelling d JOIN entrance en ON en.id = d.entrance_id JOIN building b
  ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id WHERE d.id = '$DW'")"
in_pdf "the landlord's name (art. 2 d)" "$(sql "SELECT landlord_name FROM inspection
  WHERE id = '$XID'")"
in_pdf "the landlord's address (art. 2 d)" "$(sql "SELECT landlord_address FROM inspection
  WHERE id = '$XID'")"
while IFS= read -r name; do in_pdf "party $name (art. 2 d)" "$name"; done <"$E2E_TMP/parties"
in_pdf "the mandataries (art. 2 e)" "Mandataires"
for s in $(sql "SELECT serial FROM inspection_meter WHERE inspection_id = '$XID'"); do
	in_pdf "meter n° $s (art. 2 f)" "$s"
done
m=1
while [ $m -le "$NM" ]; do
	check "PDF: reading ${m}234,5 (art. 2 f)" grep -qE "(^| )${m}234,50?( |\$)" "$E2E_TMP/pdf.txt"
	m=$((m + 1))
done
if grep -qE "^ *$KEY1 +$KEY1_G +$KEY1_R *\$" "$E2E_TMP/pdf-layout.txt"; then
	ok "PDF: $KEY1, $KEY1_G given and $KEY1_R returned (art. 2 g)"
else
	not_ok "PDF: $KEY1, $KEY1_G given and $KEY1_R returned (art. 2 g)" \
	    "$(grep -F "$KEY1" "$E2E_TMP/pdf-layout.txt")"
fi
sql "SELECT name FROM inspection_room WHERE inspection_id = '$XID' ORDER BY position" |
    sort -u >"$E2E_TMP/rooms"
while IFS= read -r room; do in_pdf "room $room (art. 2 h)" "$room"; done <"$E2E_TMP/rooms"
in_pdf "changed item 1: its defect" "Trous chevilles"
in_pdf "changed item 1: its state" "mauvais"
in_pdf "changed item 2: its defect" "$C2"
in_pdf "changed item 2: its state" "hors service"
in_pdf "changed item 3: its observation" "Joints noircis"
# Item 3's row: marked changed, its state (first word: cells wrap), the
# observation, the entry state.
E3=$(label "$I3_ENTRY")
check "PDF: changed item 3 marked, beside its entry state" grep -qE \
    "^\\* +$(item 1 0 name) .* ${L3%% *} +Joints noircis +${E3%% *}" "$E2E_TMP/pdf-layout.txt"
in_pdf "the tenant's new address (exit a)" "12 rue des Lilas, 93100 Montreuil"
in_pdf "the entry's date (exit b)" "$(dmy "$(sql "SELECT coalesce(done_at, signed_at)
  FROM inspection WHERE id = '$EID'")")"
in_pdf "the signatures (art. 2 i)" "signé le $(dmy "$TODAY")"
in_pdf "the digest" "$SHA"
PDF_TOTAL=$(grep -A1 -F "Total à la charge du locataire" "$E2E_TMP/pdf-layout.txt" |
    tr '\n' ' ' | grep -oE '[0-9][0-9  ]*,[0-9]{2}' | head -1 | tr -cd '0-9,')
same "PDF: the charge total is the one of the \$ screen" "$PDF_TOTAL" "$TOTAL"

# ---- After a restart, nothing of it changes ----
snapshot() {
	sql "SELECT * FROM inspection WHERE id = '$XID';
	  SELECT it.* FROM inspection_item it JOIN inspection_room r ON r.id = it.room_id
	    WHERE r.inspection_id = '$XID' ORDER BY it.id;
	  SELECT * FROM inspection_room WHERE inspection_id = '$XID' ORDER BY id;
	  SELECT * FROM inspection_meter WHERE inspection_id = '$XID' ORDER BY id;
	  SELECT * FROM inspection_key WHERE inspection_id = '$XID' ORDER BY id;
	  SELECT * FROM inspection_party WHERE inspection_id = '$XID' ORDER BY id;" | cksum
}
BEFORE=$(snapshot)
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "restart: home screen" "Bonjour"
tui_keys /
expect_screen "restart: search" "Rechercher"
tui_keys -l "$REF"
expect_screen "restart: the dwelling is found" "Logement    $REF"
tui_keys Enter
expect_screen "restart: the sheet" "Bail et locataire"
tui_keys i
expect_re "restart: the exit is listed first, signed" \
    "^ $TODAY  État des lieux de sortie +signé "
tui_keys Enter
expect_screen "restart: the signed exit opens" "signé · du $TODAY"
tui_keys b
expect_screen "a state key on a signed inspection is refused" \
    "état des lieux signé : il ne peut plus être modifié"
tui_keys k t
expect_screen "t asks a state for the whole room" "Toute la pièce : n b u m x v"
tui_keys b
expect_screen "a whole room's state is refused too" \
    "état des lieux signé : il ne peut plus être modifié"
tui_keys C
expect_screen "C on the signed inspection" "Signé : contenu figé"
tui_keys j j j j j j Enter
expect_screen "Enter on a meter asks the reading" "Index relevé :"
tui_keys C-u
tui_keys -l 1
tui_keys Enter
expect_screen "a new reading is refused" "signé : il ne peut plus être modifié"
tui_keys Q
expect_screen "Q leaves" "[exit 0]"
same "the signed inspection is unchanged in the database" "$(snapshot)" "$BEFORE"
"$LOGE" --db "$DB" inspection verify "$XID" >/dev/null 2>&1
same "its digest still matches" "$?" 0

# ---- A vt100 in the C locale: ASCII only ----
tui_start 80 24 vt100 C "$LOGE" --db "$DB" --user gardien1
expect_screen "vt100/C: home screen" "Bonjour"
tui_keys /
expect_screen "vt100/C: search" "Rechercher"
tui_keys -l "$REF2"
expect_screen "vt100/C: the dwelling is found" "$REF2"
tui_keys Enter
expect_screen "vt100/C: the sheet" "Bail et locataire"
tui_keys i
expect_screen "vt100/C: the inspections, folded to ASCII" "Etat des lieux d'entree"
tui_keys n s
expect_screen "vt100/C: the editor, entry beside exit" "Entree        Sortie"
expect_screen "vt100/C: the editor's head" "brouillon"
expect_screen "vt100/C: the breadcrumb in ASCII" "> Etat des lieux de sortie"
ascii_only "vt100/C: nothing but ASCII in the editor"
tui_keys V
expect_screen "vt100/C: the check list" "mentions manquent : impossible de signer"
expect_screen "vt100/C: a missing reading, in ASCII" "Releve manquant"
expect_screen "vt100/C: the exit's own mention" "Nouvelle adresse du locataire manquante"
ascii_only "vt100/C: nothing but ASCII in the check list"
tui_keys P
expect_screen "vt100/C: P refused while incomplete" "incomplet,"
tui_keys Q
expect_screen "vt100/C: Q leaves" "[exit 0]"
