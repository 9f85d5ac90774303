# Référentiels (z): the administrator changes a rate of the wear grid in
# place and the database holds it, signed; a gardien reads the same screen
# and the same keys say it is reserved, changing nothing; the screen holds
# at 80x24 in the C locale; `loge referentiel` exports and reads back
# without change, says what a changed file would do, refuses a gardien.
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
"$LOGE" demo --db "$DB" --dwellings 60 --seed 3 >/dev/null 2>&1 || not_ok "demo database"
rate() {
	sqlite3 "$DB" "SELECT yearly_rate_bp || ' ' || u.login FROM wear_grid w
	    JOIN user_account u ON u.id = w.updated_by WHERE item_kind = 'paint'"
}

# The administrator: z, the fifth column of the first row, a new rate.
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user admin
expect_screen "admin: home screen" "Bonjour"
tui_keys z
expect_screen "admin: z opens the wear grid" "Revêtements de sol souples"
expect_screen "admin: rates shown as percentages" "12,85 %"
tui_keys Right Right Right Right Enter
expect_screen "admin: Enter asks for the cell's value" "Taux annuel : 15"
tui_keys C-u "12,5" Enter
expect_screen "admin: saved" "Taux annuel : enregistré"
expect_screen "admin: new rate shown" "12,5 %"
[ "$(rate)" = "1250 admin" ] && ok "admin: rate stored in basis points, signed by admin" ||
    not_ok "admin: rate stored in basis points, signed by admin" "$(rate)"
tui_keys e C-u "101" Enter
expect_screen "admin: out of range refused in place" "entre 0 et 100"
tui_keys Escape
expect_screen "admin: Escape gives up" "rien n'a été modifié"
[ "$(rate)" = "1250 admin" ] && ok "admin: refused value not stored" ||
    not_ok "admin: refused value not stored" "$(rate)"
tui_keys '?'
expect_screen "admin: ? lists the screen's keys" "Partie : vétusté, prix, modèles"
tui_keys x 3
expect_screen "admin: 3 shows the templates" "État des lieux T3 avec balcon"
tui_keys Enter
expect_screen "admin: Enter opens a template's rooms" "1. Entrée"
expect_screen "admin: ... and items" "Prises et interrupteurs"
tui_keys Q
expect_screen "admin: Q quits" "[exit 0]"

# A gardien: the same screen, read only, the same keys refused.
tui_start 80 24 vt100 C "$LOGE" --db "$DB" --user gardien1
expect_screen "gardien: home screen" "Bonjour"
tui_keys z
expect_screen "gardien: ASCII screen in the C locale" "Grille de vetuste"
expect_screen "gardien: says edits are reserved" "reserve a l'administrateur"
tui_keys Right Right Right Right Enter
expect_screen "gardien: Enter is refused" "Modification refusee : reserve a l'administrateur"
tui_keys 9 9 Enter + -
expect_no_screen "gardien: no prompt opened" "Taux annuel :"
[ "$(rate)" = "1250 admin" ] && ok "gardien: nothing written" ||
    not_ok "gardien: nothing written" "$(rate)"
tui_keys Q
expect_screen "gardien: Q quits" "[exit 0]"

# CLI: export, read back, a changed price, a gardien.
CSV="$E2E_TMP/prix.csv"
expect_status "export prix" 0 --db "$DB" referentiel export --table prix -o "$CSV"
head -1 "$CSV" | grep -qx 'code;libelle;unite;prix_unitaire;categorie' &&
    ok "export: header line" || not_ok "export: header line" "$(head -2 "$CSV")"
expect_status "import of the export" 0 --db "$DB" referentiel import --table prix "$CSV"
grep -q "0 ajout, 0 modification" "$E2E_TMP/out" && ok "import of the export changes nothing" ||
    not_ok "import of the export changes nothing" "$(cat "$E2E_TMP/out")"
sed -i 's/^PEINT-MUR;\(.*\);24,50;/PEINT-MUR;\1;26,00;/' "$CSV"
expect_status "dry run" 0 --db "$DB" referentiel import --table prix "$CSV" --dry-run
grep -q "PEINT-MUR.*24,50.*26,00" "$E2E_TMP/out" && ok "dry run says what would change" ||
    not_ok "dry run says what would change" "$(cat "$E2E_TMP/out")"
[ "$(sqlite3 "$DB" "SELECT unit_price_cents FROM price_list WHERE code = 'PEINT-MUR'")" = 2450 ] &&
    ok "dry run writes nothing" || not_ok "dry run writes nothing"
expect_status "gardien import refused" 1 --db "$DB" --user gardien1 referentiel import \
    --table prix "$CSV"
grep -q "réservé à l'administrateur" "$E2E_TMP/err" && ok "gardien told it is reserved" ||
    not_ok "gardien told it is reserved" "$(cat "$E2E_TMP/err")"
expect_status "import" 0 --db "$DB" referentiel import --table prix "$CSV"
[ "$(sqlite3 "$DB" "SELECT unit_price_cents FROM price_list WHERE code = 'PEINT-MUR'")" = 2600 ] &&
    ok "import writes the new price" || not_ok "import writes the new price"
printf 'code;libelle;unite;prix_unitaire;categorie\nX;Essai;litre;1;\n' >"$E2E_TMP/bad.csv"
expect_status "bad line refused" 1 --db "$DB" referentiel import --table prix "$E2E_TMP/bad.csv"
grep -q "ligne 2 : Unité" "$E2E_TMP/err" && ok "bad line named by its number" ||
    not_ok "bad line named by its number" "$(cat "$E2E_TMP/err")"
expect_status "unknown table" 2 --db "$DB" referentiel export --table meubles
