# The Synchronisation screens (key y), on the cheapest and on a modern
# terminal, in UTF-8 and in the C locale: a supervisor opens the sessions
# of his agency, opens the one with a conflict (written into a demo hub
# with sqlite3), restores the value that lost, and the dwelling has it
# again, as a new operation of the hub's log; a gardien on a laptop sees
# his refused change with the reason in words; the status line counts the
# local changes waiting after a logbook entry; an agent is told whom to
# ask. Also `loge synclog` on the same log.
. "$(dirname "$0")/lib.sh"

BASE="$E2E_TMP/base.db"
"$LOGE" demo --db "$BASE" --dwellings 60 --seed 3 --date 2026-06-15 2>/dev/null || not_ok "demo database"
NODE=11111111-1111-7111-8111-111111111111
SESSION=a0000000-0000-7000-8000-000000000001
CONFLICT=c0000000-0000-7000-8000-000000000001
q() { sqlite3 "$1" "$2"; }
G=$(q "$BASE" "SELECT id FROM user_account WHERE login = 'gardien1'")
SUP=$(q "$BASE" "SELECT id FROM user_account WHERE login = 'superviseur1'")
D=$(q "$BASE" "SELECT id FROM dwelling ORDER BY reference LIMIT 1")
REF=$(q "$BASE" "SELECT reference FROM dwelling ORDER BY reference LIMIT 1")
D2=$(q "$BASE" "SELECT id FROM dwelling ORDER BY reference LIMIT 1 OFFSET 1")
REF2=$(q "$BASE" "SELECT reference FROM dwelling ORDER BY reference LIMIT 1 OFFSET 1")
SEC=$(q "$BASE" "SELECT id FROM sector LIMIT 1")

# The hub: gardien1's session of this morning, where his floor 4 lost to
# the supervisor's 3 and one operation was refused; an older cut session.
q "$BASE" "UPDATE dwelling SET floor = 3 WHERE id = '$D';
INSERT INTO sync_session (id, side, peer, node_id, user_id, started_at, ended_at, received,
  applied, conflicts, refused, bytes_in, bytes_out, skew_ms, outcome) VALUES ('$SESSION', 'hub',
  'ssh 192.0.2.7', '$NODE', '$G', '2026-06-15T08:00:00Z', '2026-06-15T08:00:07Z', 5, 3, 1, 1,
  900, 4000, 120, 'ok');
INSERT INTO sync_session (id, side, peer, node_id, user_id, started_at, ended_at, received,
  applied, outcome, error) VALUES ('a0000000-0000-7000-8000-000000000002', 'hub', 'ssh 192.0.2.7',
  '$NODE', '$G', '2026-06-14T08:00:00Z', '2026-06-14T08:00:02Z', 2, 2, 'cut', 'connexion perdue');
INSERT INTO sync_conflict (id, at, session_id, tbl, row_id, col, rule, base_value, win_value,
  lose_value, win_user, win_node, win_at, lose_user, lose_node, lose_at, lose_seq, sector) VALUES
  ('$CONFLICT', '2026-06-15T08:00:03Z', '$SESSION', 'dwelling', '$D', 'floor', 'lww', '2', '3',
  '4', '$SUP', 'hub', '2026-06-15T07:30:00Z', '$G', '$NODE', '2026-06-15T07:20:00Z', 4, '$SEC');
INSERT INTO sync_received (node_id, seq, body_sha256, result, code, hub_seq, at) VALUES
  ('$NODE', 5, 'x', 'refused', 'permission', 0, '2026-06-15T08:00:04Z');"

# gardien1's laptop: a node whose area change the hub refused.
LAPTOP="$E2E_TMP/laptop.db"
cp "$BASE" "$LAPTOP"
q "$LAPTOP" "UPDATE sync_state SET hub = 0;
INSERT INTO sync_session (id, side, peer, node_id, started_at, ended_at, sent, refused, outcome)
  VALUES ('b0000000-0000-7000-8000-000000000001', 'node', 'hub.example:22', '$NODE',
  '2026-06-16T07:00:00Z', '2026-06-16T07:00:04Z', 1, 1, 'ok');
INSERT INTO op (seq, tbl, row_id, kind, fields, base, hlc, schema, at, state, code, result_at)
  VALUES (100000, 'dwelling', '$D2', 'update', '{\"area_m2\":[54.5,60.0]}', 0, 0, 4,
  '2026-06-16T06:00:00Z', 'refused', 'permission', '2026-06-16T07:00:02Z');"

for combo in "vt100 C" "xterm-256color C.UTF-8" "vt100 C.UTF-8" "xterm-256color C"; do
	set -- $combo
	term=$1 lang=$2
	DB="$E2E_TMP/hub-$term-$lang.db"
	cp "$BASE" "$DB"
	ops=$(q "$DB" "SELECT count(*) FROM op")

	tui_start 80 24 "$term" "$lang" "$LOGE" --db "$DB" --user superviseur1
	expect_screen "$term/$lang: supervisor home" "Bonjour"
	expect_screen "$term/$lang: status line says the hub's last session" "synchro : hub"
	tui_keys y
	expect_screen "$term/$lang: y opens the sessions" "Synchronisation"
	expect_screen "$term/$lang: the session with a conflict is listed" "1 *"
	expect_screen "$term/$lang: the cut session is listed" "coup"
	tui_keys '?'
	expect_screen "$term/$lang: ? lists the screen's keys" "Ouvrir la ligne choisie"
	tui_keys x
	tui_keys c
	expect_screen "$term/$lang: c keeps sessions with conflicts" "Avec conflits ou refus"
	expect_no_screen "$term/$lang: the quiet session is hidden" "coup"
	tui_keys Enter
	expect_screen "$term/$lang: the session opens on its conflict" "Conflit"
	expect_screen "$term/$lang: the conflict names the dwelling" "Logement $REF"
	expect_screen "$term/$lang: both values and their authors" "cart"
	expect_screen "$term/$lang: the refusal is listed" "permission"
	tui_keys r
	expect_screen "$term/$lang: restore asks first" "o : oui"
	tui_keys n
	expect_screen "$term/$lang: n changes nothing" "Rien n"
	check "$term/$lang: floor unchanged after n" test "$(q "$DB" "SELECT floor FROM dwelling WHERE id = '$D'")" = 3
	tui_keys r
	expect_screen "$term/$lang: restore asks again" "o : oui"
	tui_keys o
	expect_screen "$term/$lang: restored, on the status line" "partira vers les postes"
	expect_screen "$term/$lang: the conflict is settled" "tablie par"
	check "$term/$lang: the dwelling has the restored floor" test "$(q "$DB" "SELECT floor FROM dwelling WHERE id = '$D'")" = 4
	check "$term/$lang: the ledger says overridden" test "$(q "$DB" "SELECT status FROM sync_conflict WHERE id = '$CONFLICT'")" = overridden
	check "$term/$lang: a new operation carries the value" test "$(q "$DB" "SELECT count(*) - $ops FROM op WHERE 1")" = 1 -a \
	    "$(q "$DB" "SELECT json_extract(fields, '\$.floor[1]') FROM op ORDER BY seq DESC LIMIT 1")" = 4
	tui_keys r
	expect_screen "$term/$lang: a settled conflict is not settled twice" "Conflit d"
	expect_screen "$term/$lang: ... and says by whom" "par "
	tui_keys Q
	expect_screen "$term/$lang: quits" "[exit 0]"

	# The gardien on his laptop: the refused change, in words.
	cp "$LAPTOP" "$E2E_TMP/laptop-run.db"
	tui_start 80 24 "$term" "$lang" "$LOGE" --db "$E2E_TMP/laptop-run.db" --user gardien1
	expect_screen "$term/$lang: gardien home" "Vos secteurs"
	expect_screen "$term/$lang: status line: up to date, one refused" "synchro : "
	expect_screen "$term/$lang: status line counts the refused change" "1 refus"
	tui_keys y
	expect_screen "$term/$lang: y opens the refused changes" "Mes modifications refus"
	expect_screen "$term/$lang: the refused dwelling" "Logement $REF2"
	expect_screen "$term/$lang: what was changed" "Surface habitable"
	expect_screen "$term/$lang: why, in words" "permet pas cette modification"
	tui_keys q
	# A local edit: one change waits to be sent.
	tui_keys l
	expect_screen "$term/$lang: l opens a logbook entry" "Nouvelle entr"
	tui_keys -l "Ampoule hall $term"
	tui_keys Enter
	expect_screen "$term/$lang: entry saved" "ajout"
	tui_keys j
	expect_screen "$term/$lang: status line shows one change waiting" "synchro : 1 en attente"
	tui_keys Q
	expect_screen "$term/$lang: gardien quits" "[exit 0]"
done

# A role without the sync log is told whom to ask.
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$BASE" --user agent1
expect_screen "agent home" "Bonjour"
tui_keys y
expect_screen "agent: y says the log is the supervisor's" "Journaux de synchronisation : réservé au superviseur"
tui_keys Q

# The same log on the command line.
expect_status "synclog lists the sessions" 0 synclog --db "$BASE" --user superviseur1
check "synclog: French headers and the session" grep -q "Utilisateur.*Issue" "$E2E_TMP/out"
check "synclog: the cut session with its error" grep -q "connexion perdue" "$E2E_TMP/out"
expect_status "synclog --conflicts" 0 synclog --db "$BASE" --user superviseur1 --conflicts
check "synclog --conflicts: the conflict under its session" grep -q "conflit  Logement $REF" "$E2E_TMP/out"
check "synclog --conflicts: the refusal explained" grep -q "refus .*permission" "$E2E_TMP/out"
check "synclog --conflicts: only the session with conflicts" test "$(grep -c "^[0-9]" "$E2E_TMP/out")" = 1
expect_status "synclog --json" 0 synclog --db "$BASE" --user admin --json --conflicts
cp "$E2E_TMP/out" "$E2E_TMP/log.json"
v=$(sqlite3 :memory: "SELECT json_valid(readfile('$E2E_TMP/log.json')),
  json_array_length(readfile('$E2E_TMP/log.json')),
  json_extract(readfile('$E2E_TMP/log.json'), '\$[0].conflict_details[0].lose'),
  json_extract(readfile('$E2E_TMP/log.json'), '\$[0].refusal_details[0].code')")
check "synclog --json: an array with the ledger's values and the refusal" test "$v" = "1|1|4|permission"
expect_status "synclog refused to an agent" 1 synclog --db "$BASE" --user agent1
check "synclog: the refusal says whom to ask" grep -q "superviseur" "$E2E_TMP/err"
expect_status "synclog: a bad date is a usage error" 2 synclog --db "$BASE" --since 15/06/2026
