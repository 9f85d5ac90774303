# The loge command: help, version, exit statuses, every subcommand of
# `loge --help` answering --help, refusals with clear messages.
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
expect_status "loge --version exits 0" 0 --version
grep -q '^loge [0-9]' "$E2E_TMP/out" && ok "--version prints the version" || not_ok "--version prints the version"
expect_status "loge --help exits 0" 0 --help
expect_status "unknown command is a usage error (2)" 2 frobnicate
grep -q 'commande inconnue' "$E2E_TMP/err" && ok "unknown command is named on stderr" || not_ok "unknown command is named on stderr"
expect_status "unknown option is a usage error (2)" 2 --frob

# Every subcommand listed by --help has a working --help.
"$LOGE" --help | sed -n '/^Commandes/,/^$/p' | sed 1d | awk 'NF>1 {print $1}' >"$E2E_TMP/cmds"
[ -s "$E2E_TMP/cmds" ] && ok "--help lists subcommands" || not_ok "--help lists subcommands"
while read -r c; do
	expect_status "loge $c --help exits 0" 0 "$c" --help
done <"$E2E_TMP/cmds"

expect_status "missing database: exit 1" 1 --db "$E2E_TMP/none.db"
grep -q 'loge demo' "$E2E_TMP/err" && ok "missing database says how to make one" || not_ok "missing database says how to make one" "$(cat "$E2E_TMP/err")"

expect_status "demo with too few dwellings is a usage error" 2 demo --db "$E2E_TMP/x.db" --dwellings 3
expect_status "demo builds a database" 0 demo --db "$DB" --dwellings 60 --seed 7
expect_status "demo refuses to overwrite" 1 demo --db "$DB" --dwellings 60
expect_status "--db after the subcommand's arguments" 0 export --format csv --what estates --db "$DB"
grep -q '^id,' "$E2E_TMP/out" || grep -q ',' "$E2E_TMP/out" && ok "export prints CSV" || not_ok "export prints CSV"
expect_status "--db before the subcommand" 0 --db "$DB" export --format json --what sectors
expect_status "unknown export kind is a usage error" 2 --db "$DB" export --what nothing

# A database made by a newer Loge is refused and left untouched.
cp "$DB" "$E2E_TMP/new.db"
sqlite3 "$E2E_TMP/new.db" 'PRAGMA user_version = 999'
sum1=$(md5sum <"$E2E_TMP/new.db")
expect_status "newer schema refused" 1 --db "$E2E_TMP/new.db" export --what estates
grep -q 'plus récente' "$E2E_TMP/err" && ok "newer schema: clear message" || not_ok "newer schema: clear message" "$(cat "$E2E_TMP/err")"
[ "$sum1" = "$(md5sum <"$E2E_TMP/new.db")" ] && ok "newer schema: file unchanged" || not_ok "newer schema: file unchanged"

# Unknown user.
expect_status "unknown --user refused" 1 --db "$DB" --user personne export --what estates

# Every man page renders without warnings, in the C and a UTF-8 locale.
for page in "$(dirname "$0")"/../../man/*.[1-8]; do
	name=$(basename "$page")
	if groff -ww -z -man "$page" 2>"$E2E_TMP/groff" && [ ! -s "$E2E_TMP/groff" ]; then
		ok "$name renders without groff warnings"
	else
		not_ok "$name renders without groff warnings" "$(cat "$E2E_TMP/groff")"
	fi
	for l in C C.UTF-8; do
		LC_ALL=$l MANWIDTH=80 man -l "$page" >"$E2E_TMP/man.out" 2>"$E2E_TMP/man"
		if [ -s "$E2E_TMP/man.out" ] && [ ! -s "$E2E_TMP/man" ]; then
			ok "man -l $name ($l)"
		else
			not_ok "man -l $name ($l)" "$(cat "$E2E_TMP/man")"
		fi
	done
done
MANWIDTH=80 man -l "$(dirname "$0")/../../man/loge.1" 2>/dev/null | grep -q 'loge demo' && ok "loge.1 documents loge demo" || not_ok "loge.1 documents loge demo"

# install honours PREFIX and DESTDIR.
make -s -f build.mk install PREFIX=/usr DESTDIR="$E2E_TMP/root" >/dev/null 2>&1
[ -x "$E2E_TMP/root/usr/bin/loge" ] && [ -f "$E2E_TMP/root/usr/share/man/man1/loge.1" ] && ok "make install with DESTDIR and PREFIX" || not_ok "make install with DESTDIR and PREFIX"

# Import of an RPLS extract through the real command: good rows in, bad rows
# reported with their line, re-import updates.
cat >"$E2E_TMP/rpls.csv" <<'CSV'
DEPCOM;CODEPOSTAL;LIBCOM;NUMVOIE;TYPVOIE;NOMVOIE;BAT;ESC;ETAGE;NUMAPPT;NBPIECE;SURFHAB;CONSTRUCT;DPEENERGIE;DPESERRE;DPEDATE;IDENT_REP
69266;69100;Villeurbanne;12;RUE;des Cèdres;A;1;2;21;3;64,5;1972;D;E;03/2021;0000000001
69266;69100;Villeurbanne;12;RUE;des Cèdres;A;1;3;31;4;78;1972;D;E;03/2021;0000000002
69266;69100;Villeurbanne;12;RUE;des Cèdres;A;1;3;32;2;abc;1972;D;E;03/2021;0000000003
CSV
expect_status "import with a bad row exits 1" 1 --db "$DB" import rpls "$E2E_TMP/rpls.csv"
grep -q 'rpls.csv:4' "$E2E_TMP/err" && grep -q 'SURFHAB' "$E2E_TMP/err" && ok "bad row reported with line and column" || not_ok "bad row reported with line and column" "$(cat "$E2E_TMP/err")"
n=$(sqlite3 "$DB" "SELECT count(*) FROM dwelling WHERE rpls_id IN ('0000000001','0000000002')")
[ "$n" = 2 ] && ok "good rows imported" || not_ok "good rows imported" "count $n"
expect_status "re-import exits 1 again (same bad row)" 1 --db "$DB" import rpls "$E2E_TMP/rpls.csv"
n=$(sqlite3 "$DB" "SELECT count(*) FROM dwelling WHERE rpls_id LIKE '000000000%'")
[ "$n" = 2 ] && ok "re-import does not duplicate" || not_ok "re-import does not duplicate" "count $n"
expect_status "a gardien may not import the patrimoine" 1 --db "$DB" --user gardien1 import rpls "$E2E_TMP/rpls.csv"
grep -q 'refusé' "$E2E_TMP/err" && ok "the refusal says why" || not_ok "the refusal says why" "$(cat "$E2E_TMP/err")"
expect_status "unreadable file changes nothing" 1 --db "$DB" import rpls "$E2E_TMP/missing.csv"
expect_status "unknown import kind is a usage error" 2 --db "$DB" import foo "$E2E_TMP/rpls.csv"

# Export to a file is valid JSON with every dwelling.
expect_status "export JSON to a file" 0 --db "$DB" export --format json --what dwellings -o "$E2E_TMP/d.json"
v=$(sqlite3 :memory: "SELECT json_valid(readfile('$E2E_TMP/d.json')), json_array_length(readfile('$E2E_TMP/d.json'))")
want=$(sqlite3 "$DB" "SELECT count(*) FROM dwelling")
[ "$v" = "1|$want" ] && ok "exported JSON is valid and complete" || not_ok "exported JSON is valid and complete" "$v vs $want"
