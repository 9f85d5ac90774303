/* Users and their SSH keys: .pub lines made by ssh-keygen parse to the
 * fingerprints ssh-keygen prints; private keys, options, several keys,
 * broken or mismatched blobs and weak or unsupported types are refused
 * with a clear message; users are added with their sectors (captured
 * for sync), disabled and enabled, listed with their keys; a key belongs
 * to one user only; a disabled user's key finds no one. */
#include "tests/unit/testutil.h"

#include "core/base64.h"
#include "core/datetime.h"
#include "core/user.h"

/* Public keys made once by OpenSSH 9.2's ssh-keygen, and what
 * `ssh-keygen -lf` printed for them. */
static const struct {
	const char *line, *type, *comment, *fingerprint;
} keys[] = {
	{"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH7dUNzOE9qJRlBWsBXwyLuUsusoR4pWF2KIRcwrS2Px "
	    "gardien@loge\n", "ssh-ed25519", "gardien@loge",
	    "SHA256:Rykf8iJQA2DXyZi1xf+r2Mb8Lakxq+u635yGhL/vdIA"},
	{"ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBBbLIByvAUff"
	    "y1quUy3BeZhiYiyOSH1RAiOkIvmeH3o3qVGCWQJuEuct/00/iK32wq36DyLl0T4CZsbNhHK4m0E= ec256\n",
	    "ecdsa-sha2-nistp256", "ec256", "SHA256:sFJlVk8w6M0nkCql0yG95LLjsu2/5ziXan3WpFqi7Q0"},
	{"ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBO3viTVbUpW2"
	    "GXVJ8H4PRP2LPedJCOxaVIAj77iDPhJNZGwGEpiV5MnUQ4ifz+fKQ7hS94Uc36fay2BOyCWc/GcDVd/Ron0N"
	    "hzRGZTu2kSAbJSkl/5Z6xQImdMtcP7BwuA== ec384\n", "ecdsa-sha2-nistp384", "ec384",
	    "SHA256:pkedTXq4GdYUAvHXufUdEqQn20gn93HVKoSexAsXtns"},
	{"ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAGSWBlFUj2k"
	    "62xlWEVMdjV44pRHTHuWzudiigftJ9fytfTzmB99Iw2gGJFdQ5DL3ibMAP+YD1D1YA1J44VYdsxRZgFvGxCM"
	    "2jPg1Vk5lP8B9x6e/20b7tmf0e1xOtb09m1b886GSN62Whnc+zDrCYuIc9ICGluoMOwlR3Eswq/m+A64pA== "
	    "ec521\n", "ecdsa-sha2-nistp521", "ec521",
	    "SHA256:HiisNCRgMpLav/31MJrcedv31u3ubzpcB7M8L9IFjFQ"},
	{"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC21vSI8dZfGdCN/mpA4g5z+ZLFm80slL9eZaDonlrC7Fdt"
	    "qaowQiNDfz9C+OwfTOR5EiJLNt4df2b+3xBIGC4wrh0tIgLXiINFW7cqwnqNifeEfOcm7pCBTlDPQArN6htw"
	    "0oxXQrz+pAAGtHUvtR/+GbprCoJG5xb1JjpjrfnxHubm7g+TuLg4pBAkdZ8DkFr+rGJsQ3zUoRTX6yauHVr4"
	    "stiHf0JSsP6DHVhigPe/5g2O92ZfRI4cVlyLNUR87f5hfIVvCxjGmHlDkMu47r7aqMEeB/BvxqqZzSDEWG9s"
	    "MOdjeWNH4ZDHtHGjCgLXfPyENmWIL1kfMonWJgtDNFFJ rsa2048\n", "ssh-rsa", "rsa2048",
	    "SHA256:3NN6Zet0mrAFBFZ7WR04jt/qeHfbYeLNuuNie486jVQ"},
};

#define NKEYS (sizeof keys / sizeof keys[0])
#define ED25519_B64 "AAAAC3NzaC1lZDI1NTE5AAAAIH7dUNzOE9qJRlBWsBXwyLuUsusoR4pWF2KIRcwrS2Px"
#define RSA1024 "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDTOdAkvkrY/d8XfIfnPt/YaYSLDHTQXSVIYc+79" \
	"enMn9A9QqJ0PYG9pKqAssa82kXxHNgGeBuOPyo0Yx6sNQG/yYFKQToeqowlgQt5Q5UYOkk941+8QlvVQ6l" \
	"jzvazdxjHJb7QZRx9FUhmXAvI+5cEs3Ibpta9TJ/ZKEzQzo1wzQ== rsa1024\n"

struct fx {
	char *dir;
	struct db *db;
	struct user admin, superviseur, gardien;
};

static void
find_user(struct db *db, const char *login, struct user *u)
{
	struct err e;

	if (user_find(db, login, u, &e) != 1)
		fail_msg("user %s: %s", login, e.msg);
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->db = tu_demo_db(f->dir, "demo.db", 60, 7, "2026-01-15");
	find_user(f->db, "admin", &f->admin);
	find_user(f->db, "superviseur1", &f->superviseur);
	find_user(f->db, "gardien1", &f->gardien);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	user_clear(&f->admin);
	user_clear(&f->superviseur);
	user_clear(&f->gardien);
	db_close(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* Parses text; fails the test unless it works. */
static void
parse_ok(const char *text, struct pubkey *k)
{
	struct err e;

	if (pubkey_parse(text, strlen(text), "k.pub", k, &e) != 0)
		fail_msg("%s: %s", text, e.msg);
}

/* Parsing text fails with a message holding want. */
static void
parse_refused(const char *text, const char *want)
{
	struct pubkey k;
	struct err e;

	e.msg[0] = '\0';
	if (pubkey_parse(text, strlen(text), "k.pub", &k, &e) == 0)
		fail_msg("accepted: %s", text);
	if (strstr(e.msg, want) == NULL)
		fail_msg("for %s: message \"%s\" lacks \"%s\"", text, e.msg, want);
	assert_null(k.type);
	assert_null(k.blob);
}

static void
test_parse_openssh_keys(void **state)
{
	char fp[PUBKEY_FP_SIZE];
	struct pubkey k;
	struct err e;
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		parse_ok(keys[i].line, &k);
		assert_string_equal(k.type, keys[i].type);
		assert_string_equal(k.comment, keys[i].comment);
		assert_string_equal(k.fingerprint, keys[i].fingerprint);
		assert_int_equal(strlen(k.fingerprint), PUBKEY_FP_SIZE - 1);
		/* What the server computes from libssh's type and base64. */
		assert_int_equal(pubkey_fingerprint(k.type, k.blob, fp, &e), 0);
		assert_string_equal(fp, keys[i].fingerprint);
		pubkey_clear(&k);
	}
	/* No comment; CRLF; comments and blank lines around the key. */
	parse_ok("ssh-ed25519 " ED25519_B64, &k);
	assert_null(k.comment);
	assert_string_equal(k.blob, ED25519_B64);
	assert_string_equal(k.fingerprint, keys[0].fingerprint);
	pubkey_clear(&k);
	parse_ok("# clé de Lucie\r\n\r\n  ssh-ed25519\t" ED25519_B64 "  Lucie Martin \r\n\n", &k);
	assert_string_equal(k.comment, "Lucie Martin");
	pubkey_clear(&k);
	/* pubkey_fingerprint checks like the parser. */
	assert_int_equal(pubkey_fingerprint("ssh-rsa", ED25519_B64, fp, &e), -1);
	assert_non_null(strstr(e.msg, "n'est pas celui de la clé (ssh-ed25519)"));
	assert_int_equal(pubkey_fingerprint("ssh-ed25519", "AAAA", fp, &e), -1);
}

/* The ed25519 blob with extra bytes at the end, in base64; the caller
 * frees. */
static char *
blob_with_tail(void)
{
	struct buf raw, b64;

	buf_init(&raw);
	buf_init(&b64);
	assert_int_equal(base64_decode(ED25519_B64, strlen(ED25519_B64), &raw), 0);
	buf_add(&raw, "\0\0\0\1x", 5);
	base64_encode(raw.data, raw.len, &b64);
	buf_free(&raw);
	return buf_steal(&b64);
}

static void
test_parse_refusals(void **state)
{
	char *tail = blob_with_tail(), *line = xasprintf("ssh-ed25519 %s x\n", tail);

	parse_refused("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUA\n"
	    "-----END OPENSSH PRIVATE KEY-----\n", "c'est une clé privée : donnez le fichier .pub");
	parse_refused("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n", "clé privée");
	parse_refused("PuTTY-User-Key-File-3: ssh-ed25519\n", "clé privée");
	parse_refused("---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n", "ssh-keygen -i");
	/* Truncated: a character less is not base64; a quartet less is a
	 * blob cut short. */
	parse_refused("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH7dUNzOE9qJRlBWsBXwyLuUsusoR4pWF2KIRcwrS2P\n",
	    "k.pub:1 : clé tronquée ou abîmée : base64 invalide");
	parse_refused("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH7dUNzOE9qJRlBWsBXwyLuUsusoR4pWF2KI\n",
	    "mal formée");
	parse_refused(line, "octets en trop");
	parse_refused("ssh-rsa " ED25519_B64 " x\n",
	    "le type annoncé (ssh-rsa) n'est pas celui de la clé (ssh-ed25519)");
	parse_refused("ssh-ed25519 " ED25519_B64 " a\nssh-ed25519 " ED25519_B64 " b\n",
	    "k.pub:2 : une seconde clé (la première est ligne 1)");
	parse_refused("from=\"10.0.0.1\",no-pty ssh-ed25519 " ED25519_B64 " a\n",
	    "options authorized_keys");
	parse_refused("command=\"echo a b\" ssh-ed25519 " ED25519_B64 "\n", "options");
	parse_refused("ssh-ed25519 " ED25519_B64 " a\033[2Jb\n", "caractère de contrôle");
	parse_refused("ssh-ed25519 " ED25519_B64 " \xff\n", "UTF-8");
	parse_refused("ssh-ed25519\n", "le base64 manque");
	parse_refused("ssh-dss AAAAB3NzaC1kc3M= x\n", "DSA");
	parse_refused("sk-ssh-ed25519@openssh.com AAAA x\n", "FIDO");
	parse_refused("ssh-ed25519-cert-v01@openssh.com AAAA x\n", "certificat");
	parse_refused("rsa-sha2-512 AAAA x\n", "type de clé inconnu « rsa-sha2-512 »");
	parse_refused(RSA1024, "clé RSA de 1024 bits : 2048 au moins");
	parse_refused("# rien\n\n", "aucune clé");
	parse_refused("", "aucune clé");
	free(line);
	free(tail);
	{
		static const char bin[] = "ssh-ed25519 AAAA\0x";
		struct pubkey k;
		struct err e;

		assert_int_equal(pubkey_parse(bin, sizeof bin - 1, "b.pub", &k, &e), -1);
		assert_non_null(strstr(e.msg, "binaire"));
	}
}

static void
test_read_file(void **state)
{
	struct fx *f = *state;
	char *path = tu_path(f->dir, "id.pub"), *missing = tu_path(f->dir, "none.pub");
	struct pubkey k;
	struct err e;

	tu_write(path, keys[1].line, strlen(keys[1].line));
	assert_int_equal(pubkey_read(path, &k, &e), 0);
	assert_string_equal(k.fingerprint, keys[1].fingerprint);
	pubkey_clear(&k);
	assert_int_equal(pubkey_read(missing, &k, &e), -1);
	assert_non_null(strstr(e.msg, "none.pub"));
	tu_write(path, "ssh-ed25519 AAAA", 16);
	assert_int_equal(pubkey_read(path, &k, &e), -1);
	assert_non_null(strstr(e.msg, "id.pub:1 : "));
	free(path);
	free(missing);
}

static void
key_of(size_t i, struct pubkey *k)
{
	parse_ok(keys[i].line, k);
}

static void
test_add_and_list(void **state)
{
	struct fx *f = *state;
	char id[UID_SIZE], *code, *sector_id, *agency;
	const char *sectors[3];
	struct user_new u = {0};
	struct pubkey k;
	struct user_row *rows;
	struct user found;
	size_t n, i;
	long ops;
	struct err e;

	code = db_text(f->db, &e, "SELECT code FROM sector ORDER BY code LIMIT 1", "");
	sector_id = db_text(f->db, &e, "SELECT id FROM sector WHERE code = ?", "t", code);
	agency = db_text(f->db, &e, "SELECT agency_id FROM sector WHERE code = ?", "t", code);
	assert_non_null(agency);
	/* The same sector by code and by id: one row. */
	sectors[0] = code;
	sectors[1] = sector_id;
	key_of(0, &k);
	u.login = "lucie.m";
	u.role = "gardien";
	u.display_name = "Lucie Martin-Lefèvre";
	u.sectors = sectors;
	u.nsectors = 2;
	u.key = &k;
	ops = tu_long(f->db, "SELECT count(*) FROM op WHERE tbl IN ('user_account', 'user_sector')",
	    NULL, NULL, NULL);
	if (user_add(f->db, &f->admin, &u, id, &e) != 0)
		fail_msg("user_add: %s", e.msg);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM user_account WHERE id = ? AND "
	    "updated_by = ? AND agency_id = ? AND disabled = 0", id, f->admin.id, agency), 1);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM user_sector WHERE user_id = ? AND "
	    "sector_id = ? AND updated_by = ?", id, sector_id, f->admin.id), 1);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM user_key WHERE user_id = ? AND "
	    "added_by = ? AND fingerprint = ?", id, f->admin.id, keys[0].fingerprint), 1);
	/* Captured for the laptops: the account and its sector. */
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM op WHERE tbl IN ('user_account', "
	    "'user_sector')", NULL, NULL, NULL), ops + 2);
	assert_int_equal(user_by_key(f->db, k.type, k.blob, &found, &e), 1);
	assert_string_equal(found.login, "lucie.m");
	assert_string_equal(found.role, "gardien");
	user_clear(&found);

	assert_int_equal(user_list(f->db, &f->admin, &rows, &n, &e), 0);
	assert_true(n > 5);
	for (i = 0; i < n && strcmp(rows[i].u.login, "lucie.m") != 0; i++)
		assert_true(i == 0 || strcmp(rows[i - 1].u.login, rows[i].u.login) < 0);
	assert_true(i < n);
	assert_string_equal(rows[i].u.display_name, "Lucie Martin-Lefèvre");
	assert_string_equal(rows[i].sectors, code);
	assert_int_equal(rows[i].nkeys, 1);
	assert_int_equal(rows[i].u.disabled, 0);
	assert_non_null(rows[i].agency_code);
	user_rows_free(rows, n);

	/* An agent with no sector and no agency: organisation-wide. */
	memset(&u, 0, sizeof u);
	u.login = "agent.siege";
	u.role = "agent";
	assert_int_equal(user_add(f->db, &f->admin, &u, NULL, &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM user_account WHERE login = ? AND "
	    "agency_id IS NULL AND display_name = login", "agent.siege", NULL, NULL), 1);
	/* The auditeur may list, not add; a gardien may not even list. */
	find_user(f->db, "auditeur", &found);
	assert_int_equal(user_list(f->db, &found, &rows, &n, &e), 0);
	user_rows_free(rows, n);
	u.login = "agent.bis";
	assert_int_equal(user_add(f->db, &found, &u, NULL, &e), -1);
	user_clear(&found);
	assert_int_equal(user_list(f->db, &f->gardien, &rows, &n, &e), -1);
	assert_null(rows);
	pubkey_clear(&k);
	free(code);
	free(sector_id);
	free(agency);
}

/* user_add refuses u with a message holding want, and writes nothing. */
static void
add_refused(struct fx *f, const struct user *who, const struct user_new *u, const char *want)
{
	long before = tu_long(f->db, "SELECT (SELECT count(*) FROM user_account) + "
	    "(SELECT count(*) FROM user_sector) + (SELECT count(*) FROM user_key)", NULL, NULL, NULL);
	struct err e;

	e.msg[0] = '\0';
	if (user_add(f->db, who, u, NULL, &e) == 0)
		fail_msg("user %s added", u->login);
	if (strstr(e.msg, want) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, want);
	assert_int_equal(tu_long(f->db, "SELECT (SELECT count(*) FROM user_account) + "
	    "(SELECT count(*) FROM user_sector) + (SELECT count(*) FROM user_key)", NULL, NULL,
	    NULL), before);
	assert_false(db_in_transaction(f->db));
}

static void
test_add_refused(void **state)
{
	struct fx *f = *state;
	const char *sectors[2] = {NULL, NULL};
	struct user_new u = {0};
	struct pubkey k;
	struct err e;
	char *other_agency;

	u.login = "nouveau";
	u.role = "gardien";
	add_refused(f, &f->superviseur, &u, "refusée au rôle « superviseur »");
	add_refused(f, &f->gardien, &u, "réservé à l'administrateur");
	u.login = "Nouveau";
	add_refused(f, &f->admin, &u, "identifiant invalide « Nouveau »");
	u.login = "-rf";
	add_refused(f, &f->admin, &u, "identifiant invalide");
	u.login = "nouveau";
	u.role = "chef";
	add_refused(f, &f->admin, &u, "rôle inconnu « chef »");
	u.role = "gardien";
	u.display_name = "Jean\nDupont";
	add_refused(f, &f->admin, &u, "nom affiché : caractère de contrôle");
	u.display_name = NULL;
	u.login = "gardien1";
	add_refused(f, &f->admin, &u, "l'identifiant « gardien1 » existe déjà");
	u.login = "nouveau";
	sectors[0] = "PAS-UN-SECTEUR";
	u.sectors = sectors;
	u.nsectors = 1;
	add_refused(f, &f->admin, &u, "secteur inconnu : PAS-UN-SECTEUR");
	/* A sector outside the agency given. */
	sectors[0] = db_text(f->db, &e, "SELECT code FROM sector ORDER BY code LIMIT 1", "");
	other_agency = xstrdup("AUTRE");
	if (db_run(f->db, &e, "INSERT INTO agency (id, organisation_id, code, name, updated_at, "
	    "updated_by) SELECT '01900000-0000-7000-8000-0000000000a1', organisation_id, ?, "
	    "'Autre agence', updated_at, updated_by FROM agency LIMIT 1", "t", other_agency) != 0)
		fail_msg("%s", e.msg);
	u.agency = other_agency;
	add_refused(f, &f->admin, &u, "n'est pas dans l'agence");
	u.agency = "PAS-UNE-AGENCE";
	add_refused(f, &f->admin, &u, "agence inconnue");
	/* A key someone has already: the whole user is refused. */
	u.agency = NULL;
	key_of(2, &k);
	u.key = &k;
	assert_int_equal(user_key_add(f->db, &f->admin, "gardien1", &k, &e), 0);
	add_refused(f, &f->admin, &u, "est déjà enregistrée pour « gardien1 »");
	pubkey_clear(&k);
	free((char *)sectors[0]);
	free(other_agency);
}

static void
test_disable_enable(void **state)
{
	struct fx *f = *state;
	struct pubkey k;
	struct user found;
	struct err e;

	key_of(3, &k);
	assert_int_equal(user_key_add(f->db, &f->admin, "gardien1", &k, &e), 0);
	assert_int_equal(user_by_key(f->db, k.type, k.blob, &found, &e), 1);
	user_clear(&found);
	assert_int_equal(user_set_disabled(f->db, &f->admin, "gardien1", 1, &e), 1);
	assert_int_equal(tu_long(f->db, "SELECT disabled FROM user_account WHERE login = ? AND "
	    "updated_by = ?", "gardien1", f->admin.id, NULL), 1);
	/* Disabled and unknown: the same answer. */
	assert_int_equal(user_by_key(f->db, k.type, k.blob, &found, &e), 0);
	assert_null(found.login);
	assert_int_equal(user_by_key(f->db, "ssh-ed25519", ED25519_B64 "x", &found, &e), 0);
	assert_int_equal(user_set_disabled(f->db, &f->admin, "gardien1", 1, &e), 0);
	assert_int_equal(user_set_disabled(f->db, &f->admin, "gardien1", 0, &e), 1);
	assert_int_equal(user_by_key(f->db, k.type, k.blob, &found, &e), 1);
	assert_string_equal(found.login, "gardien1");
	user_clear(&found);
	/* Not oneself, not an unknown login, not without the right. */
	assert_int_equal(user_set_disabled(f->db, &f->admin, "admin", 1, &e), -1);
	assert_non_null(strstr(e.msg, "votre propre compte"));
	assert_int_equal(user_set_disabled(f->db, &f->admin, "personne", 1, &e), -1);
	assert_non_null(strstr(e.msg, "utilisateur inconnu : personne"));
	assert_int_equal(user_set_disabled(f->db, &f->superviseur, "gardien1", 1, &e), -1);
	assert_int_equal(tu_long(f->db, "SELECT disabled FROM user_account WHERE login = ?",
	    "gardien1", NULL, NULL), 0);
	assert_false(db_in_transaction(f->db));
	pubkey_clear(&k);
}

static void
test_keys(void **state)
{
	struct fx *f = *state;
	struct user_key_row *rows;
	struct pubkey k1, k2;
	struct user auditeur;
	struct err e;
	size_t n;

	find_user(f->db, "auditeur", &auditeur);
	key_of(0, &k1);
	key_of(4, &k2);
	assert_int_equal(user_key_add(f->db, &f->admin, "superviseur1", &k1, &e), 0);
	assert_int_equal(user_key_add(f->db, &f->admin, "superviseur1", &k2, &e), 0);
	/* Once only, whoever would get it. */
	assert_int_equal(user_key_add(f->db, &f->admin, "gardien1", &k1, &e), -1);
	assert_non_null(strstr(e.msg, "déjà enregistrée pour « superviseur1 »"));
	assert_int_equal(user_key_add(f->db, &f->admin, "superviseur1", &k1, &e), -1);
	assert_int_equal(user_key_add(f->db, &f->admin, "personne", &k1, &e), -1);
	assert_int_equal(user_key_add(f->db, &auditeur, "auditeur", &k1, &e), -1);

	assert_int_equal(user_key_list(f->db, &auditeur, "superviseur1", &rows, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].fingerprint, keys[0].fingerprint);
	assert_string_equal(rows[0].type, "ssh-ed25519");
	assert_string_equal(rows[0].comment, "gardien@loge");
	assert_string_equal(rows[0].added_by, "admin");
	assert_true(dt_stamp_valid(rows[0].added_at));
	assert_string_equal(rows[1].fingerprint, keys[4].fingerprint);
	user_key_rows_free(rows, n);
	assert_int_equal(user_key_list(f->db, &f->gardien, "superviseur1", &rows, &n, &e), -1);

	/* Removed by fingerprint, with or without "SHA256:". */
	assert_int_equal(user_key_remove(f->db, &f->admin, "superviseur1",
	    keys[0].fingerprint + 7, &e), 0);
	assert_int_equal(user_key_remove(f->db, &f->admin, "superviseur1",
	    keys[0].fingerprint, &e), -1);
	assert_non_null(strstr(e.msg, "n'a pas de clé"));
	assert_int_equal(user_key_remove(f->db, &f->admin, "gardien1", keys[4].fingerprint, &e), -1);
	assert_int_equal(user_key_remove(f->db, &f->superviseur, "superviseur1",
	    keys[4].fingerprint, &e), -1);
	assert_int_equal(user_key_remove(f->db, &f->admin, "superviseur1", keys[4].fingerprint,
	    &e), 0);
	assert_int_equal(user_key_list(f->db, &f->admin, "superviseur1", &rows, &n, &e), 0);
	assert_int_equal(n, 0);
	free(rows);
	{
		struct user found;

		assert_int_equal(user_by_key(f->db, k1.type, k1.blob, &found, &e), 0);
	}
	/* Keys are not replicated: no operation for them. */
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM op WHERE tbl = 'user_key'", NULL,
	    NULL, NULL), 0);
	pubkey_clear(&k1);
	pubkey_clear(&k2);
	user_clear(&auditeur);
}

static void
test_login_role(void **state)
{
	assert_true(user_login_valid("gardien1"));
	assert_true(user_login_valid("j.dupont-2_b"));
	assert_false(user_login_valid(""));
	assert_false(user_login_valid(NULL));
	assert_false(user_login_valid(".x"));
	assert_false(user_login_valid("a b"));
	assert_false(user_login_valid("é"));
	assert_true(user_login_valid("abcdefghijklmnopqrstuvwxyz012345"));
	assert_false(user_login_valid("abcdefghijklmnopqrstuvwxyz0123456"));
	assert_true(user_role_valid("auditeur"));
	assert_false(user_role_valid("Admin"));
	assert_false(user_role_valid(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_openssh_keys),
		cmocka_unit_test(test_parse_refusals),
		cmocka_unit_test(test_login_role),
		cmocka_unit_test_setup_teardown(test_read_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_and_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disable_enable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
