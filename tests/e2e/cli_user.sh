# loge user: users and their SSH keys through the real binary. A user is
# added with a key made by ssh-keygen and listed with it, under the
# fingerprint `ssh-keygen -lf` prints; keys are added, refused and
# removed; disable and enable; only the administrator writes; usage
# errors exit 2.
. "$(dirname "$0")/lib.sh"

D="$E2E_TMP"
DB="$D/hub.db"
"$LOGE" demo --db "$DB" --dwellings 60 --seed 7 >/dev/null 2>&1
SECTOR=$(sqlite3 "$DB" "SELECT code FROM sector ORDER BY code LIMIT 1")
ssh-keygen -q -t ed25519 -N '' -C 'lucie@portable' -f "$D/lucie"
ssh-keygen -q -t ecdsa -b 384 -N '' -C 'lucie@bureau' -f "$D/lucie2"
ssh-keygen -q -t rsa -b 1024 -N '' -f "$D/weak"
FP=$(ssh-keygen -lf "$D/lucie.pub" | awk '{print $2}')
FP2=$(ssh-keygen -lf "$D/lucie2.pub" | awk '{print $2}')

# Adding a gardien with a sector and a key.
expect_status "user add with a key" 0 --db "$DB" user add lucie.m --role gardien \
    --name "Lucie Martin-Lefèvre" --sector "$SECTOR" --key "$D/lucie.pub"
grep -q "$FP" "$E2E_TMP/out" && ok "add prints the key's fingerprint" ||
    not_ok "add prints the key's fingerprint" "$(cat "$E2E_TMP/out")"
[ "$(sqlite3 "$DB" "SELECT fingerprint FROM user_key k JOIN user_account u ON u.id = k.user_id \
    WHERE u.login = 'lucie.m'")" = "$FP" ] && ok "stored fingerprint is ssh-keygen's" ||
    not_ok "stored fingerprint is ssh-keygen's"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM user_account u JOIN user_sector us ON us.user_id = u.id \
    JOIN user_account a ON a.id = u.updated_by WHERE u.login = 'lucie.m' AND a.login = 'admin'")" = 1 ] &&
    ok "account and sector signed by the administrator" || not_ok "account and sector signed by the administrator"

expect_status "user list" 0 --db "$DB" user list
line=$(grep '^lucie.m ' "$E2E_TMP/out")
echo "$line" | grep -q 'gardien' && echo "$line" | grep -q 'actif' &&
    echo "$line" | grep -q "Lucie Martin-Lefèvre" && echo "$line" | grep -q "$SECTOR" &&
    echo "$line" | awk '{exit !($4 == 1)}' && ok "list shows role, state, one key, name, sector" ||
    not_ok "list shows role, state, one key, name, sector" "$(cat "$E2E_TMP/out")"
grep -q '^admin ' "$E2E_TMP/out" && ok "list shows the other users" || not_ok "list shows the other users"

# Keys: a second one, listed; the same key again or for someone else refused.
expect_status "key add" 0 --db "$DB" user key add lucie.m "$D/lucie2.pub"
expect_status "key list" 0 --db "$DB" user key list lucie.m
grep -q "$FP .*ssh-ed25519.*admin.*lucie@portable" "$E2E_TMP/out" &&
    grep -q "$FP2 .*ecdsa-sha2-nistp384" "$E2E_TMP/out" && ok "key list matches ssh-keygen -lf" ||
    not_ok "key list matches ssh-keygen -lf" "$(cat "$E2E_TMP/out")"
expect_status "a key registered already is refused" 1 --db "$DB" user key add gardien1 "$D/lucie.pub"
grep -q 'lucie.m' "$E2E_TMP/err" && ok "the refusal names who has the key" ||
    not_ok "the refusal names who has the key" "$(cat "$E2E_TMP/err")"
expect_status "a private key is refused" 1 --db "$DB" user key add gardien1 "$D/lucie"
grep -q "clé privée : donnez le fichier .pub" "$E2E_TMP/err" && ok "private key: says to give the .pub" ||
    not_ok "private key: says to give the .pub" "$(cat "$E2E_TMP/err")"
expect_status "a 1024-bit RSA key is refused" 1 --db "$DB" user key add gardien1 "$D/weak.pub"
cat "$D/lucie.pub" "$D/lucie2.pub" >"$D/two.pub"
expect_status "a file with two keys is refused" 1 --db "$DB" user key add gardien1 "$D/two.pub"
printf 'from="10.0.0.1" %s\n' "$(cat "$D/lucie.pub")" >"$D/opts.pub"
expect_status "an authorized_keys line with options is refused" 1 --db "$DB" user key add gardien1 "$D/opts.pub"
expect_status "a missing key file is refused" 1 --db "$DB" user key add gardien1 "$D/none.pub"
expect_status "key remove by fingerprint" 0 --db "$DB" user key remove lucie.m "$FP2"
expect_status "key remove again fails" 1 --db "$DB" user key remove lucie.m "$FP2"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM user_key")" = 1 ] && ok "one key left" || not_ok "one key left"

# Disable and enable.
expect_status "disable" 0 --db "$DB" user disable lucie.m
[ "$(sqlite3 "$DB" "SELECT disabled FROM user_account WHERE login = 'lucie.m'")" = 1 ] &&
    ok "disabled in the database" || not_ok "disabled in the database"
expect_status "list after disable" 0 --db "$DB" user list
grep '^lucie.m ' "$E2E_TMP/out" | grep -q 'désactivé' && ok "list shows disabled" ||
    not_ok "list shows disabled" "$(cat "$E2E_TMP/out")"
expect_status "a disabled user cannot act" 1 --db "$DB" --user lucie.m export --what estates
expect_status "disable twice is not an error" 0 --db "$DB" user disable lucie.m
expect_status "one cannot disable oneself" 1 --db "$DB" --user admin user disable admin
expect_status "enable" 0 --db "$DB" user enable lucie.m
[ "$(sqlite3 "$DB" "SELECT disabled FROM user_account WHERE login = 'lucie.m'")" = 0 ] &&
    ok "enabled in the database" || not_ok "enabled in the database"
expect_status "unknown user" 1 --db "$DB" user disable personne

# Only the administrator writes; superviseur and auditeur may read.
sum=$(sqlite3 "$DB" "SELECT count(*), sum(disabled) FROM user_account")
expect_status "a superviseur may not add" 1 --db "$DB" --user superviseur1 user add bob --role agent
grep -q 'refusé' "$E2E_TMP/err" && ok "the refusal says why" || not_ok "the refusal says why" "$(cat "$E2E_TMP/err")"
expect_status "a gardien may not disable" 1 --db "$DB" --user gardien1 user disable lucie.m
expect_status "a gardien may not add a key" 1 --db "$DB" --user gardien1 user key add gardien1 "$D/lucie2.pub"
expect_status "a gardien may not list" 1 --db "$DB" --user gardien1 user list
[ "$sum" = "$(sqlite3 "$DB" "SELECT count(*), sum(disabled) FROM user_account")" ] &&
    ok "refusals changed nothing" || not_ok "refusals changed nothing"
expect_status "an auditeur may list" 0 --db "$DB" --user auditeur user list
expect_status "an auditeur may list keys" 0 --db "$DB" --user auditeur user key list lucie.m

# Refusals that are the database's answer exit 1.
expect_status "existing login" 1 --db "$DB" user add lucie.m --role agent
expect_status "unknown sector" 1 --db "$DB" user add bob --role gardien --sector NULLE-PART
[ "$(sqlite3 "$DB" "SELECT count(*) FROM user_account WHERE login = 'bob'")" = 0 ] &&
    ok "a refused add writes nothing" || not_ok "a refused add writes nothing"

# Usage errors exit 2, before the database is opened.
expect_status "no action" 2 --db "$DB" user
expect_status "unknown action" 2 --db "$DB" user frob
expect_status "key without action" 2 --db "$DB" user key
expect_status "add without --role" 2 --db "$DB" user add bob
expect_status "add with an unknown role" 2 --db "$DB" user add bob --role chef
expect_status "add with an invalid login" 2 --db "$DB" user add "Bob Dupont" --role agent
expect_status "--role with list" 2 --db "$DB" user list --role admin
expect_status "missing argument" 2 --db "$DB" user key add lucie.m
expect_status "extra argument" 2 --db "$DB" user disable lucie.m gardien1
expect_status "unknown option" 2 --db "$DB" user list --frob
expect_status "loge user --help" 0 user --help
grep -q 'key remove' "$E2E_TMP/out" && ok "help lists every action" || not_ok "help lists every action"
