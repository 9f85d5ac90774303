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
"$LOGE" --help | sed -n '/^Commandes/,/^$/p' | awk 'NF>1 {print $1}' >"$E2E_TMP/cmds"
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

# The man page renders without warnings.
if groff -ww -z -man "$(dirname "$0")/../../man/loge.1" 2>"$E2E_TMP/groff"; then
	[ -s "$E2E_TMP/groff" ] && not_ok "man page renders without warnings" "$(cat "$E2E_TMP/groff")" || ok "man page renders without warnings"
else
	not_ok "man page renders" "$(cat "$E2E_TMP/groff")"
fi
MANWIDTH=80 man -l "$(dirname "$0")/../../man/loge.1" 2>"$E2E_TMP/man" | grep -q 'loge demo' && [ ! -s "$E2E_TMP/man" ] && ok "man -l renders" || not_ok "man -l renders" "$(cat "$E2E_TMP/man")"

# install honours PREFIX and DESTDIR.
make -s -f build.mk install PREFIX=/usr DESTDIR="$E2E_TMP/root" >/dev/null 2>&1
[ -x "$E2E_TMP/root/usr/bin/loge" ] && [ -f "$E2E_TMP/root/usr/share/man/man1/loge.1" ] && ok "make install with DESTDIR and PREFIX" || not_ok "make install with DESTDIR and PREFIX"
