# The audit log of personal-data displays: gardien1 opens a dwelling's
# sheet with its tenant in the TUI; `loge audit --tenant ID` then shows who
# saw it, on which screen; a gardien may not read the log; the
# supervisor's screen (u) lists the entry and narrows it to the tenant (L).
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
TODAY=$(date -u +%F)
"$LOGE" demo --db "$DB" --dwellings 300 --seed 7 --date "$TODAY" 2>/dev/null || not_ok "demo database"

# A dwelling of gardien1's sectors with a running lease and a named tenant.
REF=$(sql "SELECT d.reference FROM dwelling d JOIN lease l ON l.dwelling_id = d.id
  JOIN lease_tenant lt ON lt.lease_id = l.id JOIN tenant t ON t.id = lt.tenant_id
  JOIN entrance en ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id
  JOIN estate es ON es.id = b.estate_id
  JOIN user_sector us ON us.sector_id = es.sector_id
  JOIN user_account u ON u.id = us.user_id AND u.login = 'gardien1'
  WHERE l.start_date <= '$TODAY' AND (l.end_date IS NULL OR l.end_date >= '$TODAY')
  AND t.anonymised = 0 ORDER BY d.reference LIMIT 1")
[ -n "$REF" ] || { not_ok "gardien1 has a let dwelling"; exit 1; }
TENANT=$(sql "SELECT lt.tenant_id FROM dwelling d JOIN lease l ON l.dwelling_id = d.id
  JOIN lease_tenant lt ON lt.lease_id = l.id WHERE d.reference = '$REF'
  AND l.start_date <= '$TODAY' AND (l.end_date IS NULL OR l.end_date >= '$TODAY')
  ORDER BY lt.tenant_id LIMIT 1")
LAST=$(sql "SELECT last_name FROM tenant WHERE id = '$TENANT'")
same "no audit entry yet" "$(sql "SELECT count(*) FROM audit_log")" 0

tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "home screen" "Bonjour"
tui_keys /
expect_screen "search opens" "Rechercher"
tui_keys -l "$REF"
expect_screen "the dwelling is found" "$REF"
tui_keys Enter
expect_screen "the dwelling sheet shows the tenant" "Locataire"
Q="SELECT count(*) FROM audit_log a JOIN user_account u ON u.id = a.user_id
  WHERE u.login = 'gardien1' AND a.tenant_id = '$TENANT' AND a.screen = 'Fiche logement'"
db_wait "the sheet's display is logged: identity and contact" "$Q" 2
same "the node is the laptop's" "$(sql "SELECT count(DISTINCT node) FROM audit_log WHERE node = (SELECT value FROM meta WHERE key = 'node_id')")" 1
tui_keys u
expect_screen "a gardien may not read the log (u)" "Journal des consultations : réservé"
tui_keys q
expect_screen "q goes back to the search" "Rechercher"
tui_keys Enter
expect_screen "the sheet again" "Locataire"
sleep 0.5
same "a second display within the window is not logged again" "$(sql "$Q")" 2
tui_keys Q

# ---- loge audit ----
"$LOGE" --db "$DB" --user superviseur1 audit --tenant "$TENANT" >"$E2E_TMP/audit.txt" 2>"$E2E_TMP/audit.err"
same "loge audit as the supervisor succeeds" "$?" 0
check "it names the user, the screen and the tenant" \
    sh -c "grep -F gardien1 '$E2E_TMP/audit.txt' | grep -F 'Fiche logement' | grep -qiF '$LAST'"
check "identity and contact" sh -c "grep -qF identité '$E2E_TMP/audit.txt' && grep -qF coordonnées '$E2E_TMP/audit.txt'"
"$LOGE" --db "$DB" --user admin audit --user gardien1 --since "$TODAY" --format csv >"$E2E_TMP/audit.csv" 2>/dev/null
check "CSV with a header, filtered by user and date" \
    sh -c "head -1 '$E2E_TMP/audit.csv' | grep -qx 'at,user,node,tenant_id,tenant,screen,what' && test \$(grep -c ',gardien1,' '$E2E_TMP/audit.csv') -ge 2"
"$LOGE" --db "$DB" --user admin audit --user agent1 --format csv >"$E2E_TMP/none.csv" 2>/dev/null
same "no entry for another user" "$(wc -l <"$E2E_TMP/none.csv" | tr -d ' ')" 1
expect_status "a gardien may not read the log" 1 --db "$DB" --user gardien1 audit
check "with a French message" grep -qF "réservé" "$E2E_TMP/err"
expect_status "a bad date is a usage error" 2 --db "$DB" --user admin audit --since 2026-13-45
check "the log refuses a change" sh -c "! sqlite3 '$DB' \"UPDATE audit_log SET screen = 'x'\" 2>/dev/null"
check "and a deletion" sh -c "! sqlite3 '$DB' 'DELETE FROM audit_log' 2>/dev/null"

# ---- An export with tenants: the état des lieux' document ----
INSP=$(sql "SELECT i.id FROM inspection i JOIN inspection_party p ON p.inspection_id = i.id
  AND p.role = 'tenant' AND p.tenant_id IS NOT NULL
  JOIN dwelling d ON d.id = i.dwelling_id JOIN entrance en ON en.id = d.entrance_id
  JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id
  JOIN user_sector us ON us.sector_id = es.sector_id
  JOIN user_account u ON u.id = us.user_id AND u.login = 'gardien1'
  WHERE i.state = 'signed' ORDER BY i.id LIMIT 1")
PARTY=$(sql "SELECT tenant_id FROM inspection_party WHERE inspection_id = '$INSP' AND role = 'tenant' AND tenant_id IS NOT NULL LIMIT 1")
expect_status "the inspection's document is exported" 0 --db "$DB" --user gardien1 \
    inspection export "$INSP" --format txt -o "$E2E_TMP/edl.txt"
same "the export is logged under its command" "$(sql "SELECT count(*) FROM audit_log
  WHERE tenant_id = '$PARTY' AND screen = 'loge inspection' AND what = 'identity'")" 1
"$LOGE" --db "$DB" --user superviseur1 audit --tenant "$PARTY" >"$E2E_TMP/audit2.txt" 2>/dev/null
check "loge audit shows the export" grep -qF "loge inspection" "$E2E_TMP/audit2.txt"

# ---- The supervisor's screen ----
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user superviseur1
expect_screen "supervisor's home" "Bonjour"
tui_keys u
expect_screen "u opens the log" "Journal des consultations"
expect_screen "the gardien's display is listed" "gardien1"
expect_screen "with the screen's name" "Fiche logement"
tui_keys L
expect_screen "L narrows to the tenant" "un locataire"
tui_keys '?'
expect_screen "? lists the screen's keys" "Seulement les consultations du locataire"
tui_keys q
tui_keys Q

tui_start 80 24 vt100 C "$LOGE" --db "$DB" --user superviseur1
expect_screen "vt100, C locale: home" "Bonjour"
tui_keys u
expect_screen "the log in ASCII" "Journal des consultations"
tui_keys Q
echo "1..$E2E_N"
