# A round done at the keyboard, as the gardien does it: the home screen
# lists it as due; `d` lists the rounds; Entrée starts it; one key per
# line (o OK, a anomaly with its comment completed by Tab, n not
# checked), each saved at once; C makes the anomaly a claim (its number
# shown); F finishes (the line left becomes "not checked"). The database
# has the run, its results and the claim (category guessed from the
# line, description "label : comment"); the list then shows the round
# done and no longer due. Then once on a vt100 in the C locale.
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
TODAY=$(date -u +%F)
"$LOGE" demo --db "$DB" --dwellings 300 --seed 7 --date "$TODAY" 2>/dev/null || not_ok "demo database"


# The demo's weekly rounds may all have been done this week: the
# administrator adds one never done (so due today) to the first building
# of gardien1's sector, with four lines.
NAME="Ronde du hall (essai)"
TPL=01900000-0000-7000-8e2e-000000000001
GARDIEN=$(sql "SELECT id FROM user_account WHERE login = 'gardien1'")
ADMIN=$(sql "SELECT id FROM user_account WHERE login = 'admin'")
BLD=$(sql "SELECT b.id FROM building b JOIN estate es ON es.id = b.estate_id
  WHERE es.sector_id IN (SELECT sector_id FROM user_sector WHERE user_id = '$GARDIEN')
  ORDER BY es.code, b.code LIMIT 1")
STAMP="${TODAY}T06:00:00Z"
sql "INSERT INTO round_template (id, building_id, name, frequency_days, updated_at, updated_by)
  VALUES ('$TPL', '$BLD', '$NAME', 7, '$STAMP', '$ADMIN');
INSERT INTO round_template_item (id, template_id, position, label, updated_at, updated_by) VALUES
  ('01900000-0000-7000-8e2e-000000000011', '$TPL', 1, 'Éclairage du hall', '$STAMP', '$ADMIN'),
  ('01900000-0000-7000-8e2e-000000000012', '$TPL', 2, 'Ascenseur', '$STAMP', '$ADMIN'),
  ('01900000-0000-7000-8e2e-000000000013', '$TPL', 3, 'Portes coupe-feu', '$STAMP', '$ADMIN'),
  ('01900000-0000-7000-8e2e-000000000014', '$TPL', 4, 'Local poubelles', '$STAMP', '$ADMIN');" ||
	not_ok "the test round is added"


tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "home screen" "Bonjour"
expect_screen "the home has a section of rounds to do" "Rondes à faire ("
expect_screen "the test round is listed as due" "$NAME"

# ---- The rounds list ----
tui_keys d
expect_screen "d lists the rounds" "Échéance"
expect_screen "the test round is among them" "$NAME"
LINE=$(tui_screen | grep -F -- "$NAME")
case $LINE in *jamais*"aujourd'hui"*) ok "never done, due today" ;;
*) not_ok "never done, due today" "$(tui_screen)" ;; esac
select_row 3 "$NAME"
tui_keys Enter
expect_screen "Entrée starts the round" "Ronde commencée"
expect_screen "its lines are listed" "Local poubelles"
expect_screen "nothing done yet" "0/4 ligne faite"
RUN=$(sql "SELECT id FROM round_run WHERE template_id = '$TPL' AND finished_at IS NULL")
same "the run is recorded at once" "$(sql "SELECT count(*) FROM round_run WHERE template_id = '$TPL'")" 1

# ---- One key per line, saved at once ----
tui_keys o
expect_screen "o marks the first line OK" "1/4 ligne faite"
same "... saved at once" "$(sql "SELECT r.result FROM round_result r JOIN round_template_item i
  ON i.id = r.item_id WHERE r.round_id = '$RUN' AND i.position = 1")" ok
tui_keys a
expect_screen "a asks for the anomaly at once" "Anomalie (Tab : phrases)"
tui_keys -l "Asc"
tui_keys Tab
expect_screen "Tab completes a common phrase" "Ascenseur en panne"
tui_keys -l " au 3e"
tui_keys Enter
expect_screen "the anomaly is saved" "1 anomalie"
same "... with its comment" "$(sql "SELECT r.result || '|' || r.comment FROM round_result r
  JOIN round_template_item i ON i.id = r.item_id WHERE r.round_id = '$RUN' AND i.position = 2")" \
	"anomaly|Ascenseur en panne au 3e"
tui_keys n
expect_screen "n marks the third line not checked" "3/4 lignes faites"
# Back up to the anomaly and make it a claim.
tui_keys k k
expect_screen "the anomaly's line offers a claim" "C : en faire une réclamation"
tui_keys C
expect_screen "C makes a claim and shows its number" "créée"
NUMBER=$(tui_screen | grep -o 'Réclamation R[0-9]\{4\}-[0-9]\{6\} créée' | grep -o 'R[0-9]\{4\}-[0-9]\{6\}')
if [ -n "$NUMBER" ]; then ok "the claim's number is shown ($NUMBER)"; else
	not_ok "the claim's number is shown" "$(tui_screen)"; fi
expect_screen "the number stands on the line" "$NUMBER · Ascenseur"
tui_keys C
expect_screen "a second C says it was done" "Déjà la réclamation $NUMBER"

# ---- Finishing ----
tui_keys F
expect_screen "F with a line left asks first" "Terminer ? Les lignes restantes"
tui_keys o
expect_screen "o finishes and returns to the list" "Ronde terminée (1 ligne non vérifiée)"
expect_screen "... the rounds list" "Échéance"

same "the run is finished" "$(sql "SELECT finished_at IS NOT NULL AND user_id = '$GARDIEN'
  FROM round_run WHERE id = '$RUN'")" 1
same "its four results" "$(sql "SELECT group_concat(result, ',') FROM (SELECT r.result
  FROM round_result r JOIN round_template_item i ON i.id = r.item_id
  WHERE r.round_id = '$RUN' ORDER BY i.position)")" "ok,anomaly,unchecked,unchecked"
same "the claim, on the building, from the lodge" "$(sql "SELECT (c.building_id = '$BLD') || '|' ||
  c.channel || '|' || c.status FROM claim c WHERE c.number = '$NUMBER'")" "1|lodge|new"
same "its category guessed from the line (lift, urgent)" "$(sql "SELECT category || '|' ||
  urgency FROM claim WHERE number = '$NUMBER'")" "lift|urgent"
same "its description: label and comment" "$(sql "SELECT description FROM claim
  WHERE number = '$NUMBER'")" "Ascenseur : Ascenseur en panne au 3e"
same "the anomaly's line points to it" "$(sql "SELECT count(*) FROM round_result r
  JOIN claim c ON c.id = r.claim_id WHERE r.round_id = '$RUN' AND c.number = '$NUMBER'")" 1

# Done today, due again in a week: no longer due, in the list and at home.
NEXT=$(date -u -d "$TODAY + 7 days" +%d/%m/%y)
LINE=$(tui_screen | grep -F -- "$NAME")
case $LINE in *"$(date -u +%d/%m/%y)"*"$NEXT"*) ok "the list shows it done today, due in a week" ;;
*) not_ok "the list shows it done today, due in a week" "$(tui_screen)" ;; esac
tui_keys q
expect_screen "back home" "Rondes à faire ("
tui_wait "$NAME"
same "the home no longer lists it as due" "$?" 1
tui_keys Q
expect_screen "Q leaves" "[exit 0]"

# ---- A vt100 in the C locale ----
tui_start 80 24 vt100 C "$LOGE" --db "$DB" --user gardien1
expect_screen "vt100/C: home screen" "Bonjour"
expect_screen "vt100/C: the section, in ASCII" "Rondes a faire ("
tui_keys d
expect_screen "vt100/C: the rounds list, in ASCII" "Echeance"
expect_screen "vt100/C: the foot line" "Entree : commencer la ronde"
tui_keys Enter
expect_screen "vt100/C: a round started" "Ronde commencee"
expect_screen "vt100/C: its head, in ASCII" "En cours . 0/"
expect_screen "vt100/C: its lines, in ASCII" "A faire"
tui_keys o
expect_screen "vt100/C: o saves the first line" "En cours . 1/"
tui_keys a
expect_screen "vt100/C: the anomaly prompt" "Anomalie (Tab : phrases)"
tui_keys Escape
expect_no_screen "vt100/C: Escape gives up" "Anomalie (Tab : phrases)"
if tui_screen | LC_ALL=C grep -q '[^ -~]'; then
	not_ok "vt100/C: nothing but ASCII" "$(tui_screen | LC_ALL=C grep '[^ -~]')"
else
	ok "vt100/C: nothing but ASCII"
fi
tui_keys Q
expect_screen "vt100/C: Q leaves" "[exit 0]"
