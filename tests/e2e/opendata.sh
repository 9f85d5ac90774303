# loge export opendata: the real binary on a demo database writes one row
# per dwelling in RPLS-like columns, privately and atomically, and no
# tenant's name, phone or e-mail nor any free text of the database can be
# found in the file.
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
OUT="$E2E_TMP/patrimoine.csv"
"$LOGE" demo --db "$DB" --dwellings 300 --seed 8 --date 2026-06-15 >/dev/null 2>&1 || not_ok "demo database"

expect_status "export opendata -o FILE exits 0" 0 --db "$DB" --user admin export opendata -o "$OUT"
same "the file is private (0600)" "$(stat -c %a "$OUT")" 600
same "no temporary file left" "$(ls "$E2E_TMP" | grep -c '\.tmp$')" 0
same "RPLS-like header" "$(head -1 "$OUT")" \
    "IDENT_REP,IDENT_INT,DEPCOM,CODEPOSTAL,RESIDENCE,BAT,ENTREE,ETAGE,TYPOLOGIE,NBPIECE,SURFHAB,CONSTRUCT,FINAN,QPV,ASCENSEUR,CHAUFFAGE,DPEDATE,DPEENERGIE,DPESERRE"
same "one row per dwelling" "$(($(wc -l <"$OUT") - 1))" "$(sql "SELECT count(*) FROM dwelling")"
same "each dwelling once" "$(tail -n +2 "$OUT" | cut -d, -f2 | sort -u | wc -l)" \
    "$(sql "SELECT count(*) FROM dwelling")"
same "every row has 19 fields" "$(tail -n +2 "$OUT" | awk -F, 'NF != 19' | wc -l)" 0
expect_status "--what opendata is the same kind" 0 --db "$DB" --user admin export --what opendata
same "stdout and file agree" "$(cat "$E2E_TMP/out")" "$(cat "$OUT")"

# The leak test: every tenant's names, phone (as stored and as digits) and
# e-mail, the people named in inspections, the staff, and every free text.
leaks() {	# leaks DESCRIPTION SQL: no value of SQL is found in the file
	sql "$2" | grep -v '^$' >"$E2E_TMP/pats"
	n=$(wc -l <"$E2E_TMP/pats")
	found=$(grep -F -o -f "$E2E_TMP/pats" "$OUT" | sort -u | head -5)
	if [ "$n" -gt 0 ] && [ -z "$found" ]; then ok "$1 ($n checked)"; else
		not_ok "$1" "checked $n; found: $found"
	fi
}
leaks "no tenant last name" "SELECT last_name FROM tenant WHERE NOT anonymised"
leaks "no tenant first name" "SELECT first_name FROM tenant WHERE NOT anonymised"
leaks "no tenant phone" "SELECT phone FROM tenant UNION SELECT replace(phone, ' ', '') FROM tenant"
leaks "no tenant e-mail" "SELECT email FROM tenant"
leaks "no party or staff name" "SELECT name FROM inspection_party UNION SELECT display_name FROM user_account"
leaks "no free text (claims, logbook, inspections, rounds, works)" \
    "SELECT substr(t, 1, 20) FROM (SELECT description AS t FROM claim UNION SELECT comment FROM claim_event
     UNION SELECT description FROM work_order UNION SELECT comment FROM work_order_event
     UNION SELECT text FROM logbook_entry UNION SELECT observations FROM inspection
     UNION SELECT comment FROM inspection_item UNION SELECT comment FROM round_result
     UNION SELECT description FROM works) WHERE length(t) > 12"
# And the check itself finds what is there: a grep that cannot fail proves nothing.
sql "SELECT reference FROM dwelling LIMIT 3" >"$E2E_TMP/pats"
same "the leak check does find present values" "$(grep -F -c -f "$E2E_TMP/pats" "$OUT")" 3

# A failed export leaves the previous file untouched (here the temporary
# file cannot be made: a directory is in its way).
cp "$OUT" "$E2E_TMP/before.csv"
mkdir "$OUT.tmp"
expect_status "a failed export exits 1" 1 --db "$DB" --user admin export opendata -o "$OUT"
check "the earlier file is unchanged" cmp "$OUT" "$E2E_TMP/before.csv"

echo "1..$E2E_N"
