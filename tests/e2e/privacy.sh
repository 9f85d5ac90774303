# Personal data on the gardien's laptop. A logbook entry that looks like it
# holds health data is saved and warned about (not blocked); a clean one is
# not. The database is made private (0600) whatever the umask, and loge
# refuses to open one that other users may read, saying how to fix it.
. "$(dirname "$0")/lib.sh"

DB="$E2E_TMP/demo.db"
(umask 000 && "$LOGE" demo --db "$DB" --dwellings 300 --seed 5 --date 2026-06-15 >/dev/null 2>&1) ||
    not_ok "demo database"
same "a new database is 0600 even with umask 000" "$(stat -c %a "$DB")" 600

for combo in "vt100 C" "xterm-256color C.UTF-8"; do
	set -- $combo
	term=$1 lang=$2
	tui_start 80 24 "$term" "$lang" "$LOGE" --db "$DB" --user gardien1
	expect_screen "$term/$lang: gardien home" "Vos secteurs"
	tui_keys l
	expect_screen "$term/$lang: l opens a logbook entry" "Nouvelle entr"
	# The C locale types no accent: the word is found without it too.
	if [ "$lang" = C ]; then word=hospitalisee clean="Ampoule changee hall B $term"; else
		word=hospitalisée clean="Ampoule changée hall B $term"; fi
	tui_keys -l "Mme $word, repasser lundi $term"
	tui_keys Enter
	expect_screen "$term/$lang: saved, with the warning" "Enregistr"
	if [ "$lang" = C ]; then want="Attention : \" hospitalisee \" ressemble a une donnee de sante"; else
		want="Attention : « hospitalisée » ressemble à une donnée de santé"; fi
	expect_screen "$term/$lang: the warning names the word and what it looks like" "$want"
	db_wait "$term/$lang: the entry is in the database all the same" \
	    "SELECT count(*) FROM logbook_entry WHERE text = 'Mme $word, repasser lundi $term'" 1
	tui_keys l
	expect_screen "$term/$lang: another entry" "Nouvelle entr"
	tui_keys -l "$clean"
	tui_keys Enter
	expect_screen "$term/$lang: a clean entry is just saved" "ajout"
	expect_no_screen "$term/$lang: without a warning" "Attention"
	db_wait "$term/$lang: the clean entry is saved" \
	    "SELECT count(*) FROM logbook_entry WHERE text = '$clean'" 1
	# SQLite gives its -wal and -shm files the database's own mode.
	for f in "$DB-wal" "$DB-shm"; do
		[ -e "$f" ] && same "$term/$lang: $(basename "$f") is 0600" "$(stat -c %a "$f")" 600
	done
	tui_keys Q
	expect_screen "$term/$lang: quits" "[exit 0]"
done

# The mode check, for the CLI and for the TUI.
chmod 644 "$DB"
expect_status "a database readable by others is refused (exit 1)" 1 --db "$DB" --user admin export
grep -qF "mode 0644" "$E2E_TMP/err" && grep -qF "chmod 600 $DB" "$E2E_TMP/err" &&
    grep -qF "$DB" "$E2E_TMP/err" && ok "the message names the file, its mode and the fix" ||
    not_ok "the message names the file, its mode and the fix" "$(cat "$E2E_TMP/err")"
chmod 640 "$DB"
expect_status "group-readable is refused too" 1 --db "$DB" --user admin export
chmod 602 "$DB"
expect_status "writable by others is refused too" 1 --db "$DB" --user admin export
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "the TUI does not start either" "[exit 1]"
chmod 600 "$DB"
expect_status "after chmod 600 the CLI works" 0 --db "$DB" --user admin export
tui_start 80 24 xterm-256color C.UTF-8 "$LOGE" --db "$DB" --user gardien1
expect_screen "after chmod 600 the TUI starts" "Vos secteurs"
tui_keys Q
expect_screen "and quits" "[exit 0]"

echo "1..$E2E_N"
