# loge inspection and loge attach through the real binary: the document of
# a signed exit with charges in its three formats, read back with
# pdftotext and python3 (accents, every mandatory mention, items, total,
# hash, 80 columns); the hash check, before and after the database is
# edited behind Loge's back; drafts and pre-exit estimates; photos, and
# their refusal in a session served by the hub; clear refusals.
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
OUT="$E2E_TMP/out"
expect_status "demo database" 0 demo --db "$DB" --dwellings 300 --seed 7 --date 2026-01-15

# A signed exit with a priced tenant repair, preferably one whose entry
# inspection has its rooms (then the "state at entry" column is filled).
ID=$(sqlite3 "$DB" "SELECT i.id FROM inspection i WHERE i.kind = 'move_out'
  AND i.state = 'signed' AND EXISTS (SELECT 1 FROM inspection_room r
  JOIN inspection_item it ON it.room_id = r.id WHERE r.inspection_id = i.id
  AND it.charge = 'tenant' AND it.quantity > 0 AND it.price_code IS NOT NULL)
  ORDER BY EXISTS (SELECT 1 FROM inspection_room r
  WHERE r.inspection_id = i.entry_inspection_id) DESC, i.id LIMIT 1")
[ -n "$ID" ] && ok "demo has a signed exit with charges" || not_ok "demo has a signed exit with charges"
SHA=$(sqlite3 "$DB" "SELECT content_sha256 FROM inspection WHERE id = '$ID'")
REF=$(sqlite3 "$DB" "SELECT d.reference FROM dwelling d JOIN inspection i ON i.dwelling_id = d.id WHERE i.id = '$ID'")
sqlite3 "$DB" "SELECT DISTINCT r.name FROM inspection_room r WHERE r.inspection_id = '$ID'" >"$E2E_TMP/rooms"
NITEMS=$(sqlite3 "$DB" "SELECT count(*) FROM inspection_room r JOIN inspection_item it ON it.room_id = r.id WHERE r.inspection_id = '$ID'")

# What every copy must say, whatever its format.
cat >"$E2E_TMP/mentions" <<'EOF'
État des lieux de sortie
Nature de l'état des lieux
Date
Logement
Parties
Adresse du bailleur
Locataire
Représentant du bailleur
Mandataires
Relevés des compteurs
Clés et moyens d'accès
Description des pièces
État à l'entrée
Mentions propres à la sortie
Nouvelle adresse du locataire
Date de l'état des lieux d'entrée
Réparations locatives à la charge du locataire
Total à la charge du locataire
Dépôt de garantie
Restitution du dépôt
Montants arrondis au centime
Signatures
Empreinte du document
EOF

# check_doc DESCRIPTION TEXTFILE JSONFILE: the mentions, the rooms, the
# hash and the total of charges (from the JSON) are in the text; lines
# are joined so that wrapped text reads whole.
cat >"$E2E_TMP/check_doc.py" <<'EOF'
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
flat = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
want = [l for l in open(sys.argv[3], encoding="utf-8").read().split("\n") if l]
want += [l for l in open(sys.argv[4], encoding="utf-8").read().split("\n") if l]
want.append(sys.argv[5])
cents = doc["charges"]["total_share_cents"]
euros = "{:,}".format(cents // 100).replace(",", " ")
want.append("%s,%02d €" % (euros, cents % 100))
missing = [w for w in want if re.sub(r"\s+", " ", w) not in flat]
if missing:
    print("missing:", missing)
    sys.exit(1)
EOF

# The text version.
expect_status "export txt" 0 --db "$DB" inspection export "$ID" --format txt -o "$E2E_TMP/edl.txt"
[ -f "$E2E_TMP/edl.txt" ] && [ ! -e "$E2E_TMP/edl.txt.tmp" ] && ok "txt written, no temporary file left" || not_ok "txt written, no temporary file left"
cat >"$E2E_TMP/width.py" <<'EOF'
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
text = open(sys.argv[1], encoding="utf-8").read()
bad = [l for l in text.split("\n") if width(l) > 80]
ctl = [c for c in text if ord(c) < 32 and c != "\n"]
if bad or ctl or not text.endswith("\n"):
    print("too wide:", bad[:3], "controls:", ctl[:3])
    sys.exit(1)
EOF
check "txt: every line at most 80 columns, no control character" python3 "$E2E_TMP/width.py" "$E2E_TMP/edl.txt"

# JSON.
expect_status "export json" 0 --db "$DB" inspection export "$ID" --format json -o "$E2E_TMP/edl.json"
check "json parses" python3 -m json.tool "$E2E_TMP/edl.json"
check "json has every item, the charges and a matching digest" python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
n = sum(len(r["items"]) for r in d["rooms"])
assert n == int(sys.argv[2]), (n, sys.argv[2])
assert d["id"] == sys.argv[3] and d["kind"] == "move_out"
assert d["content_sha256"] == sys.argv[4] and d["digest_matches"] is True
assert len(d["charges"]["lines"]) > 0 and d["charges"]["total_share_cents"] > 0
assert all("entry_state" in it for r in d["rooms"] for it in r["items"])
' "$E2E_TMP/edl.json" "$NITEMS" "$ID" "$SHA"
check "txt: mentions, rooms, hash and total" python3 "$E2E_TMP/check_doc.py" "$E2E_TMP/edl.txt" \
    "$E2E_TMP/edl.json" "$E2E_TMP/mentions" "$E2E_TMP/rooms" "$SHA"

# The PDF, read back by poppler.
expect_status "export pdf" 0 --db "$DB" inspection export "$ID" --format pdf -o "$E2E_TMP/edl.pdf"
head -c 5 "$E2E_TMP/edl.pdf" | grep -q '%PDF-' && ok "pdf starts with %PDF-" || not_ok "pdf starts with %PDF-"
pdfinfo "$E2E_TMP/edl.pdf" >"$E2E_TMP/pdfinfo" 2>&1
grep -q 'Page size: *595 x 842' "$E2E_TMP/pdfinfo" && ok "pdf is A4" || not_ok "pdf is A4" "$(cat "$E2E_TMP/pdfinfo")"
pdftotext -enc UTF-8 "$E2E_TMP/edl.pdf" "$E2E_TMP/pdf.txt"
check "pdf: accents intact, mentions, rooms, hash and total" python3 "$E2E_TMP/check_doc.py" \
    "$E2E_TMP/pdf.txt" "$E2E_TMP/edl.json" "$E2E_TMP/mentions" "$E2E_TMP/rooms" "$SHA"
pages=$(sed -n 's/^Pages: *//p' "$E2E_TMP/pdfinfo")
grep -q "page 1/$pages" "$E2E_TMP/pdf.txt" && grep -q "page $pages/$pages" "$E2E_TMP/pdf.txt" \
    && ok "pdf pages numbered N/$pages" || not_ok "pdf pages numbered N/M" "pages: $pages"
n=$(grep -c "Empreinte SHA-256 : $SHA" "$E2E_TMP/pdf.txt")
[ "$n" -eq "$pages" ] && ok "pdf: the hash in every page's footer" || not_ok "pdf: the hash in every page's footer" "$n of $pages"
n=$(grep -c 'Loge Habitat' "$E2E_TMP/pdf.txt")
[ "$n" -ge "$pages" ] && ok "pdf: the landlord's header on every page" || not_ok "pdf: the landlord's header on every page" "$n of $pages"

# An export replaces a file only whole; a failed one leaves it as it was.
echo ancien >"$E2E_TMP/keep.txt"
expect_status "export of a missing inspection fails" 1 --db "$DB" inspection export \
    01a2008d-792a-7254-b22e-000000000000 --format txt -o "$E2E_TMP/keep.txt"
grep -q introuvable "$E2E_TMP/err" && ok "missing inspection: clear message" || not_ok "missing inspection: clear message" "$(cat "$E2E_TMP/err")"
[ "$(cat "$E2E_TMP/keep.txt")" = ancien ] && [ ! -e "$E2E_TMP/keep.txt.tmp" ] && ok "failed export leaves the file unchanged" || not_ok "failed export leaves the file unchanged"
expect_status "export into a missing folder fails" 1 --db "$DB" inspection export "$ID" -o "$E2E_TMP/none/edl.pdf"

# show, list, stdout.
expect_status "show" 0 --db "$DB" inspection show "$ID"
grep -q "Représentant du bailleur" "$OUT" && ok "show prints the document" || not_ok "show prints the document"
expect_status "export txt to stdout" 0 --db "$DB" inspection export "$ID" --format txt -o -
cmp -s "$OUT" "$E2E_TMP/edl.txt" && ok "stdout and file copies are the same" || not_ok "stdout and file copies are the same"
expect_status "list by dwelling reference" 0 --db "$DB" inspection list "$REF"
grep -q "^$ID .*État des lieux de sortie (signé)" "$OUT" && ok "list shows the inspection" || not_ok "list shows the inspection" "$(head -5 "$OUT")"
expect_status "list of an unknown dwelling" 1 --db "$DB" inspection list NULLE-PART

# Usage errors and malformed ids.
expect_status "pdf to stdout is a usage error" 2 --db "$DB" inspection export "$ID" -o -
expect_status "unknown format is a usage error" 2 --db "$DB" inspection export "$ID" --format docx -o "$E2E_TMP/x"
grep -q 'format inconnu' "$E2E_TMP/err" && ok "unknown format named" || not_ok "unknown format named"
expect_status "missing -o is a usage error" 2 --db "$DB" inspection export "$ID" --format pdf
grep -q -- '-o FICHIER manquant' "$E2E_TMP/err" && ok "missing -o: clear message" || not_ok "missing -o: clear message" "$(cat "$E2E_TMP/err")"
expect_status "unknown action is a usage error" 2 --db "$DB" inspection print "$ID"
expect_status "malformed id: exit 1" 1 --db "$DB" inspection export 12345 --format txt -o "$E2E_TMP/x"
grep -q 'mal formé' "$E2E_TMP/err" && ok "malformed id: clear message" || not_ok "malformed id: clear message" "$(cat "$E2E_TMP/err")"
[ ! -e "$E2E_TMP/x" ] && ok "malformed id: nothing written" || not_ok "malformed id: nothing written"

# The hash.
expect_status "verify a signed inspection" 0 --db "$DB" inspection verify "$ID"
grep -q "^empreinte conforme : $SHA" "$OUT" && ok "verify says it matches" || not_ok "verify says it matches" "$(cat "$OUT")"
cp "$DB" "$E2E_TMP/edited.db"
# Edited behind Loge's back: its triggers, which refuse this, dropped first.
sqlite3 "$E2E_TMP/edited.db" "SELECT 'DROP TRIGGER \"' || name || '\";' FROM sqlite_master
  WHERE type = 'trigger' AND tbl_name LIKE 'inspection%'" | sqlite3 "$E2E_TMP/edited.db"
sqlite3 "$E2E_TMP/edited.db" "UPDATE inspection_item SET comment = 'retouché'
  WHERE id = (SELECT it.id FROM inspection_room r JOIN inspection_item it ON it.room_id = r.id
  WHERE r.inspection_id = '$ID' ORDER BY it.id LIMIT 1)"
expect_status "verify an edited inspection: exit 1" 1 --db "$E2E_TMP/edited.db" inspection verify "$ID"
grep -q 'non conforme' "$E2E_TMP/err" && ok "verify says it does not match" || not_ok "verify says it does not match" "$(cat "$E2E_TMP/err")"
expect_status "the edited document still exports" 0 --db "$E2E_TMP/edited.db" inspection export "$ID" --format txt -o -
tr '\n' ' ' <"$OUT" | grep -q 'ne correspond plus à cette empreinte' && ok "the edited document says so" || not_ok "the edited document says so"

# A draft: no hash to check, the document says it is not signed.
DRAFT=$(sqlite3 "$DB" "SELECT i.id FROM inspection i WHERE i.state = 'draft' AND EXISTS
  (SELECT 1 FROM inspection_room r JOIN inspection_item it ON it.room_id = r.id
  WHERE r.inspection_id = i.id) ORDER BY i.id LIMIT 1")
expect_status "export a draft" 0 --db "$DB" inspection export "$DRAFT" --format txt -o -
grep -q 'Document non signé — brouillon' "$OUT" && ok "a draft says it is not signed" || not_ok "a draft says it is not signed"
expect_status "verify a draft: exit 1" 1 --db "$DB" inspection verify "$DRAFT"
grep -q 'non signé' "$E2E_TMP/err" && ok "verify of a draft: clear message" || not_ok "verify of a draft: clear message"
PRE=$(sqlite3 "$DB" "SELECT id FROM inspection WHERE kind = 'pre_exit' ORDER BY id LIMIT 1")
expect_status "export a pre-exit visit" 0 --db "$DB" inspection export "$PRE" --format txt -o -
grep -q 'Estimation des réparations locatives' "$OUT" && ok "a pre-exit visit gives an estimate" || not_ok "a pre-exit visit gives an estimate"

# Photos.
printf 'photo de test %s\n' "$$" >"$E2E_TMP/photo.jpg"
PSHA=$(sha256sum "$E2E_TMP/photo.jpg" | cut -d' ' -f1)
LOGE_REMOTE=1 "$LOGE" --db "$DB" attach "$E2E_TMP/photo.jpg" >"$OUT" 2>"$E2E_TMP/err"
[ $? -eq 1 ] && ok "attach refused in a session served by the hub" || not_ok "attach refused in a session served by the hub"
grep -q 'hub' "$E2E_TMP/err" && ok "attach refusal says why" || not_ok "attach refusal says why" "$(cat "$E2E_TMP/err")"
[ ! -e "$DB.attachments/${PSHA%"${PSHA#??}"}/$PSHA" ] && ok "refused attach stores nothing" || not_ok "refused attach stores nothing"
expect_status "attach a file" 0 --db "$DB" attach "$E2E_TMP/photo.jpg"
[ "$(cat "$OUT")" = "$PSHA  $E2E_TMP/photo.jpg" ] && ok "attach prints the SHA-256 and the name" || not_ok "attach prints the SHA-256 and the name" "$(cat "$OUT")"
cmp -s "$E2E_TMP/photo.jpg" "$DB.attachments/${PSHA%"${PSHA#??}"}/$PSHA" && ok "the file is in the store under its SHA-256" || not_ok "the file is in the store under its SHA-256"
expect_status "attach a missing file: exit 1" 1 --db "$DB" attach "$E2E_TMP/none.jpg"
expect_status "attach without a file is a usage error" 2 --db "$DB" attach
ITEM=$(sqlite3 "$DB" "SELECT it.id FROM inspection_room r JOIN inspection_item it ON it.room_id = r.id
  WHERE r.inspection_id = '$DRAFT' ORDER BY r.position, it.position LIMIT 1")
expect_status "attach to an item of a draft" 0 --db "$DB" --user gardien1 attach --item "$ITEM" "$E2E_TMP/photo.jpg"
expect_status "the draft's document" 0 --db "$DB" inspection export "$DRAFT" --format json -o -
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert any(sys.argv[2] in it["photos"] for r in d["rooms"] for it in r["items"])' "$OUT" "$PSHA" \
    && ok "the photo is listed on the item" || not_ok "the photo is listed on the item"
"$LOGE" --db "$DB" inspection export "$DRAFT" --format txt -o - 2>/dev/null | grep -q "Photos : $(echo "$PSHA" | cut -c1-12)" \
    && ok "the text shows the photo's short SHA-256" || not_ok "the text shows the photo's short SHA-256"
ITEM2=$(sqlite3 "$DB" "SELECT it.id FROM inspection_room r JOIN inspection_item it ON it.room_id = r.id
  WHERE r.inspection_id = '$ID' LIMIT 1")
expect_status "attach to an item of a signed inspection: refused" 1 --db "$DB" --user gardien1 attach --item "$ITEM2" "$E2E_TMP/photo.jpg"
