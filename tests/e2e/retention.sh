# Retention and the right of access with the real binary: on a demo made
# three years ago, `loge retention` lists as many former tenants as SQL
# finds, --apply anonymises exactly those and keeps their leases, a second
# --apply changes nothing, others than the administrator and laptops are
# refused; `loge tenant export` writes a complete JSON and a text file.
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/old.db"
demo_date=$(date -u -d '3 years ago' +%Y-%m-%d)
today=$(date -u +%Y-%m-%d)
cutoff="$(($(echo "$today" | cut -c1-4) - 5))$(echo "$today" | cut -c5-)"
case $cutoff in *-02-29) cutoff=$(echo "$cutoff" | sed 's/29$/28/') ;; esac
# Due: not anonymised, with a lease, none running or ended on or after the cutoff.
DUE="FROM tenant t WHERE t.anonymised = 0 AND EXISTS (SELECT 1 FROM lease_tenant x WHERE
 x.tenant_id = t.id) AND NOT EXISTS (SELECT 1 FROM lease_tenant x JOIN lease l ON l.id = x.lease_id
 WHERE x.tenant_id = t.id AND (l.end_date IS NULL OR l.end_date >= '$cutoff'))"

expect_status "demo three years old" 0 demo --db "$DB" --dwellings 150 --seed 4 --date "$demo_date"
due=$(sql "SELECT count(*) $DUE")
[ "$due" -gt 0 ] && ok "some former tenants are due ($due)" || not_ok "some former tenants are due"
anon=$(sql "SELECT count(*) FROM tenant WHERE anonymised = 1")
leases=$(sql "SELECT count(*) FROM lease_tenant")

expect_status "retention --help" 0 retention --help
grep -q 'anonymis' "$E2E_TMP/out" && ok "help in French" || not_ok "help in French"
expect_status "--apply with --dry-run is a usage error" 2 --db "$DB" retention --apply --dry-run
expect_status "--years 0 is a usage error" 2 --db "$DB" retention --years 0
expect_status "an agent may not list" 1 --db "$DB" --user agent1 retention --dry-run
grep -q "réservé à l'administrateur" "$E2E_TMP/err" && ok "refusal says who may" ||
	not_ok "refusal says who may" "$(cat "$E2E_TMP/err")"

expect_status "dry run" 0 --db "$DB" --user admin retention --dry-run
grep -q "^$due locataires* à anonymiser" "$E2E_TMP/out" && ok "dry run counts as SQL" ||
	not_ok "dry run counts as SQL" "$(head -3 "$E2E_TMP/out") / $due"
n=$(grep -c '^[0-9a-f]\{8\}-' "$E2E_TMP/out")
[ "$n" = "$due" ] && ok "dry run lists one line per tenant" || not_ok "dry run lists one line per tenant" "$n"
first=$(grep '^[0-9a-f]\{8\}-' "$E2E_TMP/out" | head -1 | cut -d' ' -f1)
name=$(sql "SELECT last_name FROM tenant WHERE id = '$first'")
grep -qF "$name" "$E2E_TMP/out" && not_ok "dry run names nobody" || ok "dry run names nobody"
[ "$(sql "SELECT count(*) FROM tenant WHERE anonymised = 1")" = "$anon" ] &&
	ok "dry run changes nothing" || not_ok "dry run changes nothing"

expect_status "a longer stored period" 0 --db "$DB" --user admin retention --set-years 8
expect_status "dry run with the stored period" 0 --db "$DB" --user admin retention
grep -q '^Conservation : 8 ans' "$E2E_TMP/out" && ok "stored period used" || not_ok "stored period used"
expect_status "back to five years" 0 --db "$DB" --user admin retention --set-years 5

# A laptop (it synced as a node) applies nothing.
cp "$DB" "$E2E_TMP/laptop.db"
sqlite3 "$E2E_TMP/laptop.db" "UPDATE sync_state SET hub = 0"
expect_status "apply refused on a laptop" 1 --db "$E2E_TMP/laptop.db" --user admin retention --apply
grep -q 'serveur central' "$E2E_TMP/err" && ok "laptop refusal says where it runs" ||
	not_ok "laptop refusal says where it runs" "$(cat "$E2E_TMP/err")"

expect_status "apply" 0 --db "$DB" --user admin retention --apply
grep -q "^$due locataires* anonymisé" "$E2E_TMP/out" && ok "apply counts as SQL" ||
	not_ok "apply counts as SQL" "$(head -3 "$E2E_TMP/out")"
same "anonymised count grew by the due" "$(sql "SELECT count(*) FROM tenant WHERE anonymised = 1")" \
	"$((anon + due))"
same "none due any more" "$(sql "SELECT count(*) $DUE")" 0
same "contacts gone" "$(sql "SELECT count(*) FROM tenant WHERE anonymised = 1 AND
 (phone IS NOT NULL OR email IS NOT NULL OR first_name IS NOT NULL OR last_name <> 'Anonymisé')")" 0
same "the tenant listed first is anonymised" \
	"$(sql "SELECT anonymised || '|' || coalesce(phone, '-') FROM tenant WHERE id = '$first'")" "1|-"
same "leases kept" "$(sql "SELECT count(*) FROM lease_tenant")" "$leases"
same "changes captured for sync" "$(sql "SELECT count(*) FROM op WHERE tbl = 'tenant' AND
 row_id = '$first' AND kind = 'update'")" 1
expect_status "second apply" 0 --db "$DB" --user admin retention --apply
grep -q "^Aucun locataire à anonymiser" "$E2E_TMP/out" && ok "second apply does nothing" ||
	not_ok "second apply does nothing" "$(cat "$E2E_TMP/out")"

# Right of access.
T=$(sql "SELECT t.id FROM tenant t WHERE t.anonymised = 0 AND t.email IS NOT NULL AND
 EXISTS (SELECT 1 FROM claim c WHERE c.tenant_id = t.id) ORDER BY t.id LIMIT 1")
expect_status "tenant export --help" 0 tenant --help
expect_status "tenant without action is a usage error" 2 --db "$DB" tenant
expect_status "unknown format is a usage error" 2 --db "$DB" tenant export "$T" --format xml
expect_status "a gardien may not export" 1 --db "$DB" --user gardien1 tenant export "$T"
expect_status "unknown tenant" 1 --db "$DB" --user admin tenant export 01900000-0000-7000-8000-000000000000
expect_status "export JSON to a file" 0 --db "$DB" --user admin tenant export "$T" -o "$E2E_TMP/t.json"
mode=$(stat -c %a "$E2E_TMP/t.json")
same "export file private" "$mode" 600
got=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d["tenant"]["id"], d["tenant"]["email"], len(d["leases"]), len(d["claims"]),
      len(d["inspections"]), sorted(c["number"] for c in d["claims"])[0])' "$E2E_TMP/t.json")
want=$(sql "SELECT '$T', (SELECT email FROM tenant WHERE id = '$T'),
 (SELECT count(*) FROM lease_tenant WHERE tenant_id = '$T'),
 (SELECT count(*) FROM claim WHERE tenant_id = '$T'),
 (SELECT count(*) FROM inspection_party WHERE tenant_id = '$T'),
 (SELECT min(number) FROM claim WHERE tenant_id = '$T')" | tr '|' ' ')
same "JSON export matches SQL" "$got" "$want"
expect_status "export text" 0 --db "$DB" --user agent1 tenant export "$T" --format txt
grep -q '^== Réclamations ==' "$E2E_TMP/out" && ok "text export has the claims" ||
	not_ok "text export has the claims"
[ "$(sql "SELECT count(*) FROM audit_log WHERE tenant_id = '$T' AND screen = 'loge tenant export'")" -gt 0 ] &&
	ok "the export is logged" || not_ok "the export is logged"

echo "1..$E2E_N"
exit $E2E_FAILED
