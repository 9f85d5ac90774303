# What the administrator sets for claims and rounds, at the keyboard.
# As admin: z 4 shows the urgencies; the "urgent" target becomes 10 hours
# on the calendar, and a claim taken next (urgent) is due 10 hours after
# it was opened. From that dwelling's sheet, z R + proposes its building
# for a new round template: named, weekly, two lines added. As gardien1:
# the urgencies are read-only (said, and Entrée refused); the new round
# is done (one OK, one anomaly) and H lists it in its history, Entrée
# shows it read-only. Then the urgencies on a vt100 in the C locale.
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
TODAY=$(date -u +%F)
"$LOGE" demo --db "$DB" --dwellings 300 --seed 7 --date "$TODAY" 2>/dev/null || not_ok "demo database"

ADMIN=$(sql "SELECT id FROM user_account WHERE login = 'admin'")
# A dwelling of gardien1's sectors (the first by reference) and its building.
REF=$(sql "SELECT d.reference FROM dwelling d
  JOIN entrance en ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id
  JOIN estate es ON es.id = b.estate_id JOIN user_sector us ON us.sector_id = es.sector_id
  JOIN user_account u ON u.id = us.user_id AND u.login = 'gardien1'
  ORDER BY d.reference LIMIT 1")
[ -n "$REF" ] || { not_ok "gardien1 has a dwelling"; exit 1; }
BLD=$(sql "SELECT en.building_id FROM dwelling d JOIN entrance en ON en.id = d.entrance_id
  WHERE d.reference = '$REF'")
PLACE=$(sql "SELECT es.name || ' — bâtiment ' || b.code FROM building b
  JOIN estate es ON es.id = b.estate_id WHERE b.id = '$BLD'")
NAME="Ronde du soir (essai)"
URGENT="SELECT target_hours || '|' || working_days FROM claim_urgency WHERE code = 'urgent'"
BEFORE=$(sql "$URGENT")

# ---- The administrator sets the urgent target ----
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user admin
expect_screen "admin: home screen" "Bonjour"
tui_keys z
expect_screen "admin: z opens the referentials" "Grille de vétusté"
tui_keys 4
expect_screen "admin: 4 shows the urgencies" "Jours ouvrés"
expect_screen "admin: ... editable" "Entrée : modifier (libellé, délai, jours ouvrés)"
tui_keys Down Right Enter
expect_screen "admin: Entrée asks the urgent target" "Délai cible (heures, 1 à 8760) : 48"
tui_keys C-u "0" Enter
expect_screen "admin: 0 hours refused" "un nombre d'heures de 1 à 8760"
same "admin: ... nothing written" "$(sql "$URGENT")" "$BEFORE"
tui_keys Enter C-u "10" Enter
expect_screen "admin: saved" "Délai cible : enregistré"
expect_screen "admin: shown" "10 h"
tui_keys Right Enter
expect_screen "admin: then the working days are asked" "Jours ouvrés (oui, non) : oui"
tui_keys C-u "non" Enter
expect_screen "admin: saved" "Jours ouvrés : enregistré"
db_wait "admin: the urgent target is 10 calendar hours" "$URGENT" "10|0"
same "admin: ... signed by the administrator" \
    "$(sql "SELECT updated_by FROM claim_urgency WHERE code = 'urgent'")" "$ADMIN"
same "admin: ... captured for sync" \
    "$(sql "SELECT count(*) > 0 FROM op WHERE tbl = 'claim_urgency'
      AND row_id = (SELECT id FROM claim_urgency WHERE code = 'urgent')")" 1

# ---- A claim taken next follows it ----
tui_keys q
tui_keys /
expect_screen "admin: search opens" "Rechercher"
tui_keys -l "$REF"
expect_screen "admin: the dwelling is found" "$REF"
tui_keys Enter
expect_screen "admin: the dwelling sheet" "Bail et locataire"
CLAIMS=$(sql "SELECT count(*) FROM claim")
tui_keys c
expect_screen "admin: c opens the claim form" "p  Plomberie"
tui_keys p g
expect_screen "admin: urgent chosen, then the description" "Description"
tui_keys -l "Fuite sur la colonne d'eau"
tui_keys Enter
expect_screen "admin: the claim is recorded" "enregistrée"
db_wait "admin: one more claim" "SELECT count(*) FROM claim" $((CLAIMS + 1))
same "admin: the new urgent claim is due 10 hours after it was opened" \
    "$(sql "SELECT urgency || '|' || CAST(round((julianday(due_at) - julianday(opened_at)) * 24)
      AS INTEGER) FROM claim WHERE description = 'Fuite sur la colonne d''eau'")" "urgent|10"

# ---- A round template on that dwelling's building ----
tui_keys z
expect_screen "admin: back to the referentials" "Grille de vétusté"
tui_keys R
expect_screen "admin: R lists the round templates" "Modèles de ronde"
tui_keys +
expect_screen "admin: + proposes the building of the screen it came from" \
    "Lieu (Tab : résidences, bâtiments) : $PLACE"
tui_keys Enter
expect_screen "admin: then the name" "Nom de la ronde :"
tui_keys -l "$NAME"
tui_keys Enter
expect_screen "admin: then the frequency, weekly proposed" "Fréquence (jours, 1 à 366) : 7"
tui_keys Enter
expect_screen "admin: the template is added and opened" "Ronde ajoutée"
expect_screen "admin: ... no line yet" "Aucun point"
tui_keys +
expect_screen "admin: + asks a line" "Point à vérifier (Tab : points courants)"
tui_keys -l "Éclairage du h"
tui_keys Tab
expect_screen "admin: Tab completes a usual one" "Éclairage du hall"
tui_keys Enter
expect_screen "admin: the line is added" "1.   Éclairage du hall"
tui_keys +
tui_keys -l "Local poubelles"
tui_keys Enter
expect_screen "admin: a second line" "2.   Local poubelles"
TPL=$(sql "SELECT id FROM round_template WHERE name = '$NAME'")
same "admin: the template is on the building, weekly" \
    "$(sql "SELECT building_id || '|' || coalesce(estate_id, '') || '|' || frequency_days
      || '|' || updated_by FROM round_template WHERE id = '$TPL'")" "$BLD||7|$ADMIN"
same "admin: with its two lines in order" \
    "$(sql "SELECT group_concat(label, ',') FROM (SELECT label FROM round_template_item
      WHERE template_id = '$TPL' ORDER BY position)")" "Éclairage du hall,Local poubelles"
tui_keys Q
expect_screen "admin: Q quits" "[exit 0]"

# ---- The gardien: urgencies read-only, the round done, its history ----
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "gardien: home screen" "Bonjour"
tui_keys z 4
expect_screen "gardien: the urgencies are shown" "10 h"
expect_screen "gardien: ... read-only, it says" "Délais des urgences : réservé à l'administrateur"
tui_keys Down Right Enter
expect_screen "gardien: Entrée is refused" "Modification refusée : réservé à l'administrateur"
same "gardien: ... nothing changed" "$(sql "$URGENT")" "10|0"
tui_keys q
tui_keys d
expect_screen "gardien: d lists the rounds" "Échéance"
expect_screen "gardien: the new round is there" "$NAME"
select_row 3 "$NAME"
tui_keys Enter
expect_screen "gardien: Entrée starts it" "Ronde commencée"
tui_keys o
expect_screen "gardien: o, the first line OK" "1/2 ligne faite"
tui_keys a
expect_screen "gardien: a asks the anomaly" "Anomalie (Tab : phrases)"
tui_keys -l "Poubelles débordantes"
tui_keys Enter
expect_screen "gardien: the anomaly is saved" "1 anomalie"
tui_keys F
expect_screen "gardien: F finishes" "Ronde terminée"
RUN=$(sql "SELECT id FROM round_run WHERE template_id = '$TPL' AND finished_at IS NOT NULL")
[ -n "$RUN" ] && ok "gardien: the run is finished in the database" ||
	not_ok "gardien: the run is finished in the database"
expect_screen "gardien: back on the rounds" "Échéance"
select_row 3 "$NAME"
tui_keys H
expect_screen "gardien: H shows the history" "Historique de la ronde"
DAY=$(date -u +%d/%m/%Y)
LINE=$(tui_screen | grep -F -- "$DAY")
case $LINE in
*"$DAY"*" 1 "*" 1 "*" 0 "*" 0"*) ok "gardien: today's run, by the gardien, 1 OK, 1 anomaly" ;;
*) not_ok "gardien: today's run, by the gardien, 1 OK, 1 anomaly" "$(tui_screen)" ;;
esac
GNAME=$(sql "SELECT coalesce(display_name, login) FROM user_account WHERE login = 'gardien1'")
expect_screen "gardien: ... with who did it" "$GNAME"
tui_keys Enter
expect_screen "gardien: Entrée shows the run read-only" "lecture seule"
expect_screen "gardien: ... its anomaly" "Poubelles débordantes"
tui_keys o
expect_screen "gardien: a finished run does not change" "Ronde terminée : lecture seule"
same "gardien: ... nothing written" \
    "$(sql "SELECT group_concat(result, ',') FROM (SELECT r.result FROM round_result r
      JOIN round_template_item i ON i.id = r.item_id WHERE r.round_id = '$RUN'
      ORDER BY i.position)")" "ok,anomaly"
tui_keys Q
expect_screen "gardien: Q quits" "[exit 0]"

# ---- vt100, C locale ----
tui_start 80 24 vt100 C "$LOGE" --db "$DB" --user gardien1
expect_screen "vt100/C: home screen" "Bonjour"
tui_keys z 4
expect_screen "vt100/C: the urgencies, in ASCII" "Jours ouvres"
expect_screen "vt100/C: read-only" "Delais des urgences : reserve a l'administrateur"
tui_keys Q
expect_screen "vt100/C: Q quits" "[exit 0]"

echo "1..$E2E_N"
