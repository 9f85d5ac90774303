#include "user.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "datetime.h"
#include "db.h"
#include "perm.h"
#include "sha256.h"
#include "utf8.h"
#include "xalloc.h"

int
user_find(struct db *db, const char *login, struct user *out, struct err *e)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	st = db_stmt(db, e, "SELECT id, login, display_name, role, agency_id, disabled "
	    "FROM user_account WHERE login = ?");
	if (st == NULL || db_bind(st, e, "t", login) != 0)
		return -1;
	rc = db_step(st, e);
	if (rc != 1)
		return rc;
	snprintf(out->id, sizeof out->id, "%s", db_col_text(st, 0));
	out->login = db_col_dup(st, 1);
	out->display_name = db_col_dup(st, 2);
	out->role = db_col_dup(st, 3);
	out->agency_id = db_col_dup(st, 4);
	out->disabled = (int)db_col_int(st, 5);
	while (db_step(st, e) == 1)
		;
	return 1;
}

int
user_resolve(struct db *db, const char *login, struct user *out,
    const char **how, struct err *e)
{
	char *node_user = NULL, *demo_admin = NULL;
	int rc;

	*how = "";
	if (login == NULL) {
		node_user = db_meta_get(db, "node_user");
		demo_admin = db_meta_get(db, "demo_admin");
		if (node_user) {
			login = node_user;
			*how = "utilisateur du poste";
		} else if (demo_admin) {
			login = demo_admin;
			*how = "base de démonstration : administrateur de démonstration";
		} else {
			return err_set(e, "aucun utilisateur de poste dans cette base : "
			    "indiquez --user LOGIN");
		}
	}
	rc = user_find(db, login, out, e);
	if (rc == 0)
		err_set(e, "utilisateur inconnu : %s", login);
	else if (rc == 1 && out->disabled) {
		err_set(e, "utilisateur désactivé : %s", login);
		user_clear(out);
		rc = 0;
	}
	free(node_user);
	free(demo_admin);
	return rc == 1 ? 0 : -1;
}

void
user_clear(struct user *u)
{
	free(u->login);
	free(u->display_name);
	free(u->role);
	free(u->agency_id);
	memset(u, 0, sizeof *u);
}

const char *
user_role_label(const char *role)
{
	static const char *const map[][2] = {
		{"gardien", "Gardien"}, {"agent", "Agent d'agence"},
		{"technicien", "Technicien"}, {"superviseur", "Superviseur"},
		{"admin", "Administrateur"}, {"auditeur", "Auditeur"},
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (role && strcmp(map[i][0], role) == 0)
			return map[i][1];
	return role ? role : "?";
}

/* ---- Logins, roles, names ---- */

/* The roles of user_account's CHECK (core/schema.c). */
static const char *const user_roles[] = {
	"gardien", "agent", "technicien", "superviseur", "admin", "auditeur",
};

#define USER_LOGIN_MAX 32
#define USER_NAME_MAX 100
#define USER_COMMENT_MAX 255
#define USER_KEY_FILE_MAX (64 * 1024)
#define USER_RSA_MIN_BITS 2048
#define USER_RSA_MAX_BITS 16384

int
user_login_valid(const char *login)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz0123456789._-";
	size_t i, n = login ? strlen(login) : 0;

	/* Stricter than the schema on the first character, so that a login
	 * never reads as an option on a command line. */
	if (n < 1 || n > USER_LOGIN_MAX || strchr("._-", login[0]) != NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr(ok, login[i]) == NULL)
			return 0;
	return 1;
}

int
user_role_valid(const char *role)
{
	size_t i;

	for (i = 0; i < sizeof user_roles / sizeof user_roles[0]; i++)
		if (role && strcmp(user_roles[i], role) == 0)
			return 1;
	return 0;
}

/* Text that terminals and logs will show: valid UTF-8, at most max
 * bytes, no control character. what names it in the message. */
static int
user_text_check(const char *what, const char *s, size_t len, size_t max, struct err *e)
{
	size_t i;

	if (len > max)
		return err_set(e, "%s trop long (%zu octets, %zu au plus)", what, len, max);
	if (!utf8_valid(s, len))
		return err_set(e, "%s : texte invalide (UTF-8) à l'octet %zu", what,
		    utf8_invalid_at(s, len) + 1);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return err_set(e, "%s : caractère de contrôle interdit (octet %zu)",
			    what, i + 1);
	return 0;
}

/* ---- SSH public keys ---- */

/* Reads the SSH wire format (RFC 4251): strings after a uint32
 * big-endian length. */
struct user_ssh_reader {
	const uint8_t *p;
	size_t n;
};

static int
user_ssh_string(struct user_ssh_reader *r, const uint8_t **s, size_t *len)
{
	uint32_t l;

	if (r->n < 4)
		return -1;
	l = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 | r->p[3];
	if (l > r->n - 4)
		return -1;
	*s = r->p + 4;
	*len = l;
	r->p += 4 + (size_t)l;
	r->n -= 4 + (size_t)l;
	return 0;
}

struct user_key_type {
	const char *name;
	/* Reads what follows the type name in the blob; NULL: refused. */
	int (*check)(struct user_ssh_reader *, const struct user_key_type *, struct err *);
	const char *curve; /* ECDSA: the curve the blob names */
	size_t point_len;  /* ECDSA: length of the uncompressed point */
	const char *refusal;
};

static int
user_key_ed25519(struct user_ssh_reader *r, const struct user_key_type *t, struct err *e)
{
	const uint8_t *pk;
	size_t n;

	if (user_ssh_string(r, &pk, &n) != 0 || n != 32)
		return err_set(e, "clé %s mal formée (32 octets de clé attendus)", t->name);
	return 0;
}

static int
user_key_ecdsa(struct user_ssh_reader *r, const struct user_key_type *t, struct err *e)
{
	const uint8_t *curve, *q;
	size_t ncurve, nq;

	if (user_ssh_string(r, &curve, &ncurve) != 0 || ncurve != strlen(t->curve) ||
	    memcmp(curve, t->curve, ncurve) != 0)
		return err_set(e, "clé %s mal formée (courbe %s attendue)", t->name, t->curve);
	if (user_ssh_string(r, &q, &nq) != 0 || nq != t->point_len || q[0] != 4)
		return err_set(e, "clé %s mal formée (point de %zu octets attendu)", t->name,
		    t->point_len);
	return 0;
}

/* The bits of a positive mpint (RFC 4251: two's complement, big-endian,
 * no superfluous leading zero), or -1 if it is negative or not minimal:
 * a key's blob has one form only, the one libssh will show the server. */
static long
user_mpint_bits(const uint8_t *v, size_t n)
{
	unsigned int top;
	long bits;

	if (n > 0 && (v[0] & 0x80) != 0)
		return -1;
	if (n > 0 && v[0] == 0) {
		if (n == 1 || (v[1] & 0x80) == 0)
			return -1;
		v++;
		n--;
	}
	if (n == 0)
		return 0;
	bits = (long)(n - 1) * 8;
	for (top = v[0]; top != 0; top >>= 1)
		bits++;
	return bits;
}

static int
user_key_rsa(struct user_ssh_reader *r, const struct user_key_type *t, struct err *e)
{
	const uint8_t *ex, *mod;
	size_t nex, nmod;
	long ebits, bits;

	if (user_ssh_string(r, &ex, &nex) != 0 || user_ssh_string(r, &mod, &nmod) != 0 ||
	    (ebits = user_mpint_bits(ex, nex)) < 2 || (ex[nex - 1] & 1) == 0 ||
	    (bits = user_mpint_bits(mod, nmod)) < 0)
		return err_set(e, "clé ssh-rsa mal formée (exposant et module attendus)");
	if (bits < USER_RSA_MIN_BITS)
		return err_set(e, "clé RSA de %ld bits : %d au moins (ou mieux, une clé "
		    "ed25519 : ssh-keygen -t ed25519)", bits, USER_RSA_MIN_BITS);
	if (bits > USER_RSA_MAX_BITS)
		return err_set(e, "clé RSA de %ld bits : %d au plus", bits, USER_RSA_MAX_BITS);
	return 0;
}

#define USER_KEY_ADVICE "créez une clé avec « ssh-keygen -t ed25519 »"

static const struct user_key_type user_key_types[] = {
	{"ssh-ed25519", user_key_ed25519, NULL, 0, NULL},
	{"ecdsa-sha2-nistp256", user_key_ecdsa, "nistp256", 65, NULL},
	{"ecdsa-sha2-nistp384", user_key_ecdsa, "nistp384", 97, NULL},
	{"ecdsa-sha2-nistp521", user_key_ecdsa, "nistp521", 133, NULL},
	{"ssh-rsa", user_key_rsa, NULL, 0, NULL},
	{"ssh-dss", NULL, NULL, 0, "les clés DSA (ssh-dss) ne sont plus acceptées : "
	    USER_KEY_ADVICE},
	{"sk-ssh-ed25519@openssh.com", NULL, NULL, 0, "les clés de sécurité FIDO "
	    "(sk-ssh-ed25519) ne sont pas prises en charge : " USER_KEY_ADVICE},
	{"sk-ecdsa-sha2-nistp256@openssh.com", NULL, NULL, 0, "les clés de sécurité FIDO "
	    "(sk-ecdsa-sha2-nistp256) ne sont pas prises en charge : " USER_KEY_ADVICE},
};

#define USER_NKEY_TYPES (sizeof user_key_types / sizeof user_key_types[0])
#define USER_CERT_SUFFIX "-cert-v01@openssh.com"

static const struct user_key_type *
user_key_type_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < USER_NKEY_TYPES; i++)
		if (strlen(user_key_types[i].name) == len &&
		    memcmp(user_key_types[i].name, name, len) == 0)
			return &user_key_types[i];
	return NULL;
}

static int
user_key_is_cert(const char *name, size_t len)
{
	size_t n = strlen(USER_CERT_SUFFIX);

	return len > n && memcmp(name + len - n, USER_CERT_SUFFIX, n) == 0;
}

/* The type taken by the server named by name (len bytes), or NULL with
 * the reason in e. */
static const struct user_key_type *
user_key_type_get(const char *name, size_t len, struct err *e)
{
	const struct user_key_type *t = user_key_type_find(name, len);

	if (t != NULL && t->check == NULL)
		err_set(e, "%s", t->refusal);
	else if (t == NULL && user_key_is_cert(name, len))
		err_set(e, "c'est un certificat SSH (%.*s) : donnez la clé publique "
		    "elle-même", (int)len, name);
	else if (t == NULL)
		err_set(e, "type de clé inconnu « %.*s » (ssh-ed25519, "
		    "ecdsa-sha2-nistp256/384/521 ou ssh-rsa attendus)", (int)(len > 64 ? 64 : len),
		    name);
	return t != NULL && t->check != NULL ? t : NULL;
}

/* "SHA256:" and the unpadded base64 of the blob's digest, as OpenSSH. */
static void
user_key_digest(const void *blob, size_t n, char out[USER_FP_SIZE])
{
	struct sha256 s;
	uint8_t d[32];
	struct buf b;

	sha256_init(&s);
	sha256_update(&s, blob, n);
	sha256_final(&s, d);
	buf_init(&b);
	base64_encode(d, sizeof d, &b);
	while (b.len > 0 && b.data[b.len - 1] == '=')
		b.len--;
	snprintf(out, USER_FP_SIZE, "SHA256:%.*s", (int)b.len, b.data);
	buf_free(&b);
}

/* Checks that b64 (n characters) is the canonical base64 of a well-formed
 * key of type t, and computes its fingerprint. */
static int
user_key_blob_check(const struct user_key_type *t, const char *b64, size_t n,
    char fp[USER_FP_SIZE], struct err *e)
{
	struct user_ssh_reader r;
	const uint8_t *name;
	struct buf blob;
	size_t nname;
	int rc = -1;

	buf_init(&blob);
	if (n == 0 || base64_decode(b64, n, &blob) != 0) {
		err_set(e, "clé tronquée ou abîmée : base64 invalide");
		goto out;
	}
	r.p = (const uint8_t *)blob.data;
	r.n = blob.len;
	if (user_ssh_string(&r, &name, &nname) != 0) {
		err_set(e, "clé tronquée ou abîmée : pas de type au début de la clé");
		goto out;
	}
	if (nname != strlen(t->name) || memcmp(name, t->name, nname) != 0) {
		err_set(e, "le type annoncé (%s) n'est pas celui de la clé (%s)", t->name,
		    user_key_type_find((const char *)name, nname) ?
		    user_key_type_find((const char *)name, nname)->name : "inconnu");
		goto out;
	}
	if (t->check(&r, t, e) != 0)
		goto out;
	if (r.n != 0) {
		err_set(e, "clé %s mal formée (%zu octets en trop)", t->name, r.n);
		goto out;
	}
	user_key_digest(blob.data, blob.len, fp);
	rc = 0;
out:
	buf_free(&blob);
	return rc;
}

int
user_key_fingerprint(const char *type, const char *blob_b64, char out[USER_FP_SIZE],
    struct err *e)
{
	const struct user_key_type *t;

	if (type == NULL || blob_b64 == NULL)
		return err_set(e, "clé absente");
	if ((t = user_key_type_get(type, strlen(type), e)) == NULL)
		return -1;
	return user_key_blob_check(t, blob_b64, strlen(blob_b64), out, e);
}

static int
user_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* 1 if a blank-separated word of s (n bytes) after the first names a
 * key type: the line starts with authorized_keys options. */
static int
user_key_has_options(const char *s, size_t n)
{
	size_t i = 0, w;

	while (i < n && !user_is_blank(s[i]))
		i++;
	while (i < n) {
		while (i < n && user_is_blank(s[i]))
			i++;
		for (w = i; i < n && !user_is_blank(s[i]); i++)
			;
		if (i > w && (user_key_type_find(s + w, i - w) || user_key_is_cert(s + w, i - w)))
			return 1;
	}
	return 0;
}

/* One key line (n bytes, no newline): type, base64, optional comment. */
static int
user_pubkey_line(const char *s, size_t n, struct user_pubkey *out, struct err *e)
{
	const struct user_key_type *t;
	size_t i = 0, b, c;

	while (n > 0 && (user_is_blank(s[n - 1]) || s[n - 1] == '\r'))
		n--;
	while (n > 0 && user_is_blank(s[0])) {
		s++;
		n--;
	}
	while (i < n && !user_is_blank(s[i]))
		i++;
	if (user_key_type_find(s, i) == NULL && !user_key_is_cert(s, i) &&
	    user_key_has_options(s, n))
		return err_set(e, "la ligne commence par des options authorized_keys "
		    "(« %.*s ») : donnez seulement la clé (type, base64, commentaire)",
		    (int)(i > 40 ? 40 : i), s);
	if ((t = user_key_type_get(s, i, e)) == NULL)
		return -1;
	while (i < n && user_is_blank(s[i]))
		i++;
	for (b = i; i < n && !user_is_blank(s[i]); i++)
		;
	if (i == b)
		return err_set(e, "clé incomplète : le base64 manque après %s", t->name);
	if (user_key_blob_check(t, s + b, i - b, out->fingerprint, e) != 0)
		return -1;
	for (c = i; c < n && user_is_blank(s[c]); c++)
		;
	if (user_text_check("commentaire de la clé", s + c, n - c, USER_COMMENT_MAX, e) != 0)
		return -1;
	out->type = xstrdup(t->name);
	out->blob = xstrndup(s + b, i - b);
	out->comment = c < n ? xstrndup(s + c, n - c) : NULL;
	return 0;
}

/* 1 if s (n bytes) contains word. */
static int
user_contains(const char *s, size_t n, const char *word)
{
	size_t i, w = strlen(word);

	for (i = 0; i + w <= n; i++)
		if (memcmp(s + i, word, w) == 0)
			return 1;
	return 0;
}

/* What kind of line s (n bytes, no newline) is: 0 blank or comment, 1 a
 * key line, -1 a line of a file that is not a public key (e says why). */
static int
user_pubkey_kind(const char *s, size_t n, struct err *e)
{
	static const char *const armours[] = {"-----BEGIN ", "---- BEGIN ", "PuTTY-User-Key-File-"};
	size_t i = 0, k;

	while (i < n && (user_is_blank(s[i]) || s[i] == '\r'))
		i++;
	if (i == n || s[i] == '#')
		return 0;
	for (k = 0; k < sizeof armours / sizeof armours[0]; k++) {
		if (n - i < strlen(armours[k]) || memcmp(s + i, armours[k], strlen(armours[k])) != 0)
			continue;
		if (k == 2 || user_contains(s + i, n - i, "PRIVATE KEY"))
			return err_set(e, "c'est une clé privée : donnez le fichier .pub");
		return err_set(e, "clé au format PEM ou RFC 4716 : convertissez-la avec "
		    "« ssh-keygen -i -f FICHIER » et donnez la ligne obtenue");
	}
	return 1;
}

int
user_pubkey_parse(const char *text, size_t len, const char *name, struct user_pubkey *out,
    struct err *e)
{
	size_t i, eol, key_at = 0, key_len = 0;
	int line, key_line = 0, kind;

	memset(out, 0, sizeof *out);
	if (memchr(text, '\0', len) != NULL)
		return err_set(e, "%s : fichier binaire, pas une clé publique", name);
	for (i = 0, line = 1; i < len; i = eol + 1, line++) {
		for (eol = i; eol < len && text[eol] != '\n'; eol++)
			;
		if ((kind = user_pubkey_kind(text + i, eol - i, e)) < 0)
			return err_prefix(e, "%s:%d : ", name, line);
		if (kind == 0)
			continue;
		if (key_line != 0)
			return err_set(e, "%s:%d : une seconde clé (la première est ligne %d) : "
			    "une seule clé par fichier", name, line, key_line);
		key_line = line;
		key_at = i;
		key_len = eol - i;
	}
	if (key_line == 0)
		return err_set(e, "%s : aucune clé dans le fichier", name);
	if (user_pubkey_line(text + key_at, key_len, out, e) != 0) {
		user_pubkey_clear(out);
		return err_prefix(e, "%s:%d : ", name, key_line);
	}
	return 0;
}

int
user_pubkey_read(const char *path, struct user_pubkey *out, struct err *e)
{
	char *data = xmalloc(USER_KEY_FILE_MAX + 1);
	size_t n;
	FILE *f;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if ((f = fopen(path, "rb")) == NULL) {
		err_set(e, "%s : %s", path, strerror(errno));
		goto out;
	}
	n = fread(data, 1, USER_KEY_FILE_MAX + 1, f);
	if (ferror(f))
		err_set(e, "%s : lecture impossible : %s", path, strerror(errno));
	else if (n > USER_KEY_FILE_MAX)
		err_set(e, "%s : trop gros pour une clé publique (%d octets au plus)", path,
		    USER_KEY_FILE_MAX);
	else
		rc = user_pubkey_parse(data, n, path, out, e);
	fclose(f);
out:
	free(data);
	return rc;
}

void
user_pubkey_clear(struct user_pubkey *k)
{
	free(k->type);
	free(k->blob);
	free(k->comment);
	memset(k, 0, sizeof *k);
}

/* ---- Administration ---- */

static int
user_may(const struct user *who, int right, struct err *e)
{
	if ((perm_rights(who->role, PG_USERS) & right) == right)
		return 0;
	if (right == PERM_READ)
		return err_set(e, "liste des utilisateurs refusée au rôle « %s »",
		    who->role ? who->role : "?");
	return err_set(e, "gestion des utilisateurs refusée au rôle « %s » (%s : réservé à %s)",
	    who->role ? who->role : "?", perm_group_label(PG_USERS),
	    perm_group_owner(PG_USERS));
}

/* Fills out from columns id, login, display_name, role, agency_id,
 * disabled starting at col. */
static void
user_fill(struct db_stmt *st, int col, struct user *out)
{
	snprintf(out->id, sizeof out->id, "%s", db_col_text(st, col));
	out->login = db_col_dup(st, col + 1);
	out->display_name = db_col_dup(st, col + 2);
	out->role = db_col_dup(st, col + 3);
	out->agency_id = db_col_dup(st, col + 4);
	out->disabled = (int)db_col_int(st, col + 5);
}

/* Like user_find, but a missing login is an error. */
static int
user_get(struct db *db, const char *login, struct user *out, struct err *e)
{
	int rc = user_find(db, login, out, e);

	if (rc == 0)
		err_set(e, "utilisateur inconnu : %s", login);
	return rc == 1 ? 0 : -1;
}

static int
user_new_check(const struct user_new *u, struct err *e)
{
	const char *name = u->display_name ? u->display_name : u->login;

	if (!user_login_valid(u->login))
		return err_set(e, "identifiant invalide « %s » : 1 à %d caractères parmi a-z, "
		    "0-9, « . », « _ », « - », en commençant par une lettre ou un chiffre",
		    u->login ? u->login : "", USER_LOGIN_MAX);
	if (!user_role_valid(u->role))
		return err_set(e, "rôle inconnu « %s » (gardien, agent, technicien, superviseur, "
		    "admin ou auditeur)", u->role ? u->role : "");
	if (*name == '\0')
		return err_set(e, "le nom affiché est vide");
	return user_text_check("nom affiché", name, strlen(name), USER_NAME_MAX, e);
}

/* The id of the row of table (agency or sector) whose id or code is ref;
 * for a sector, *agency receives its agency. The caller frees. */
static char *
user_place_id(struct db *db, const char *table, const char *ref, char **agency,
    struct err *e)
{
	struct db_stmt *st;
	char *sql, *id = NULL;
	int rc;

	sql = xasprintf("SELECT id, %s FROM %s WHERE id = ?1 OR code = ?1 "
	    "ORDER BY id = ?1 DESC LIMIT 1", agency ? "agency_id" : "NULL", table);
	st = db_stmt(db, e, sql);
	free(sql);
	if (st == NULL || db_bind(st, e, "t", ref) != 0)
		return NULL;
	if ((rc = db_step(st, e)) == 0)
		err_set(e, "%s : %s", agency ? "secteur inconnu" : "agence inconnue", ref);
	if (rc == 1) {
		id = db_col_dup(st, 0);
		if (agency)
			*agency = db_col_dup(st, 1);
		db_reset(st);
	}
	return id;
}

/* The agency and sectors of a new user, as ids. */
struct user_places {
	char *agency; /* NULL: none */
	char **sectors;
	size_t n;
};

static void
user_places_free(struct user_places *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->sectors[i]);
	free(p->sectors);
	free(p->agency);
	memset(p, 0, sizeof *p);
}

/* Adds sector (an id) to p unless it is there already. Takes sector. */
static void
user_places_add(struct user_places *p, char *sector)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->sectors[i], sector) == 0) {
			free(sector);
			return;
		}
	p->sectors = xreallocarray(p->sectors, p->n + 1, sizeof *p->sectors);
	p->sectors[p->n++] = sector;
}

/* Finds u's agency and sectors: the agency given, else the sectors' own
 * when they share one. A sector outside the agency given is refused. */
static int
user_places_resolve(struct db *db, const struct user_new *u, struct user_places *p,
    struct err *e)
{
	char *sector, *agency = NULL, *common = NULL;
	size_t i;
	int shared = 1;

	memset(p, 0, sizeof *p);
	if (u->agency && (p->agency = user_place_id(db, "agency", u->agency, NULL, e)) == NULL)
		return -1;
	for (i = 0; i < u->nsectors; i++) {
		if ((sector = user_place_id(db, "sector", u->sectors[i], &agency, e)) == NULL)
			goto fail;
		user_places_add(p, sector);
		if (p->agency && strcmp(p->agency, agency) != 0) {
			err_set(e, "le secteur %s n'est pas dans l'agence %s", u->sectors[i],
			    u->agency);
			goto fail;
		}
		shared = shared && (common == NULL || strcmp(common, agency) == 0);
		if (common == NULL)
			common = agency;
		else
			free(agency);
		agency = NULL;
	}
	if (p->agency == NULL && shared) {
		p->agency = common;
		common = NULL;
	}
	free(common);
	return 0;
fail:
	free(agency);
	free(common);
	user_places_free(p);
	return -1;
}

/* Inserts key for user_id, unless it is registered already. */
static int
user_key_insert(struct db *db, const struct user *who, const char *user_id,
    const struct user_pubkey *key, const char *now, struct err *e)
{
	char id[UID_SIZE], *owner;
	struct err le;

	err_clear(&le);
	owner = db_text(db, &le, "SELECT coalesce(u.login, k.user_id) FROM user_key k "
	    "LEFT JOIN user_account u ON u.id = k.user_id WHERE k.blob = ? OR k.fingerprint = ?",
	    "tt", key->blob, key->fingerprint);
	if (owner != NULL) {
		err_set(e, "la clé %s est déjà enregistrée pour « %s »", key->fingerprint, owner);
		free(owner);
		return -1;
	}
	if (le.msg[0] != '\0')
		return err_set(e, "%s", le.msg);
	uid_new(id);
	return db_run(db, e, "INSERT INTO user_key (id, user_id, type, blob, fingerprint, "
	    "comment, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "tttttttt", id,
	    user_id, key->type, key->blob, key->fingerprint, key->comment, now, who->id);
}

static int
user_insert(struct db *db, const struct user *who, const char *id, const struct user_new *u,
    const struct user_places *p, const char *now, struct err *e)
{
	char rowid[UID_SIZE];
	size_t i;

	if (db_run(db, e, "INSERT INTO user_account (id, login, display_name, role, agency_id, "
	    "disabled, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 0, ?, ?)", "ttttttt", id,
	    u->login, u->display_name ? u->display_name : u->login, u->role, p->agency, now,
	    who->id) != 0)
		return -1;
	for (i = 0; i < p->n; i++) {
		uid_new(rowid);
		if (db_run(db, e, "INSERT INTO user_sector (id, user_id, sector_id, updated_at, "
		    "updated_by) VALUES (?, ?, ?, ?, ?)", "ttttt", rowid, id, p->sectors[i], now,
		    who->id) != 0)
			return -1;
	}
	return u->key ? user_key_insert(db, who, id, u->key, now, e) : 0;
}

int
user_add(struct db *db, const struct user *who, const struct user_new *u,
    char out_id[UID_SIZE], struct err *e)
{
	char id[UID_SIZE], now[DT_STAMP_SIZE];
	struct user_places p;
	int64_t one;
	int rc;

	memset(&p, 0, sizeof p);
	if (user_may(who, PERM_WRITE, e) != 0 || user_new_check(u, e) != 0)
		return -1;
	uid_new(id);
	dt_now(now);
	if (db_begin(db, e) != 0)
		return -1;
	rc = db_int(db, e, &one, "SELECT 1 FROM user_account WHERE login = ?", "t", u->login);
	if (rc == 1)
		err_set(e, "l'identifiant « %s » existe déjà", u->login);
	if (rc != 0 || user_places_resolve(db, u, &p, e) != 0 ||
	    user_insert(db, who, id, u, &p, now, e) != 0 || db_commit(db, e) != 0) {
		db_rollback(db);
		user_places_free(&p);
		return -1;
	}
	user_places_free(&p);
	if (out_id)
		memcpy(out_id, id, UID_SIZE);
	return 0;
}

int
user_set_disabled(struct db *db, const struct user *who, const char *login, int disabled,
    struct err *e)
{
	char now[DT_STAMP_SIZE];
	struct user u;
	int rc = -1;

	memset(&u, 0, sizeof u);
	if (user_may(who, PERM_WRITE, e) != 0)
		return -1;
	if (db_begin(db, e) != 0)
		return -1;
	if (user_get(db, login, &u, e) != 0)
		goto out;
	if (disabled && strcmp(u.id, who->id) == 0) {
		err_set(e, "vous ne pouvez pas désactiver votre propre compte (%s)", login);
		goto out;
	}
	rc = 0;
	if (u.disabled == (disabled != 0))
		goto out;
	dt_now(now);
	rc = db_run(db, e, "UPDATE user_account SET disabled = ?, updated_at = ?, "
	    "updated_by = ? WHERE id = ?", "dttt", disabled != 0, now, who->id, u.id);
	if (rc == 0 && db_commit(db, e) == 0) {
		user_clear(&u);
		return 1;
	}
	rc = -1;
out:
	db_rollback(db);
	user_clear(&u);
	return rc;
}

int
user_list(struct db *db, const struct user *who, struct user_row **rows, size_t *n,
    struct err *e)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if (user_may(who, PERM_READ, e) != 0)
		return -1;
	st = db_stmt(db, e, "SELECT u.id, u.login, u.display_name, u.role, u.agency_id, "
	    "u.disabled, a.code, (SELECT coalesce(group_concat(code, ', '), '') FROM "
	    "(SELECT s.code FROM user_sector us JOIN sector s ON s.id = us.sector_id "
	    "WHERE us.user_id = u.id ORDER BY s.code)), "
	    "(SELECT count(*) FROM user_key k WHERE k.user_id = u.id) "
	    "FROM user_account u LEFT JOIN agency a ON a.id = u.agency_id ORDER BY u.login");
	if (st == NULL)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		memset(&(*rows)[*n], 0, sizeof **rows);
		user_fill(st, 0, &(*rows)[*n].u);
		(*rows)[*n].agency_code = db_col_dup(st, 6);
		(*rows)[*n].sectors = db_col_dup(st, 7);
		(*rows)[(*n)++].nkeys = (long)db_col_int(st, 8);
	}
	if (rc < 0) {
		user_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

void
user_rows_free(struct user_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		user_clear(&rows[i].u);
		free(rows[i].agency_code);
		free(rows[i].sectors);
	}
	free(rows);
}

/* ---- SSH keys ---- */

int
user_key_add(struct db *db, const struct user *who, const char *login,
    const struct user_pubkey *key, struct err *e)
{
	char now[DT_STAMP_SIZE];
	struct user u;
	int rc = -1;

	memset(&u, 0, sizeof u);
	if (user_may(who, PERM_WRITE, e) != 0)
		return -1;
	dt_now(now);
	if (db_begin(db, e) != 0)
		return -1;
	if (user_get(db, login, &u, e) == 0 && user_key_insert(db, who, u.id, key, now, e) == 0)
		rc = db_commit(db, e);
	if (rc != 0)
		db_rollback(db);
	user_clear(&u);
	return rc;
}

int
user_key_remove(struct db *db, const struct user *who, const char *login,
    const char *fingerprint, struct err *e)
{
	struct user u;
	char *fp;
	int rc = -1;

	memset(&u, 0, sizeof u);
	if (user_may(who, PERM_WRITE, e) != 0)
		return -1;
	/* As `ssh-keygen -l` prints it, or without its "SHA256:". */
	fp = strncmp(fingerprint, "SHA256:", 7) == 0 ? xstrdup(fingerprint) :
	    xasprintf("SHA256:%s", fingerprint);
	if (db_begin(db, e) != 0) {
		free(fp);
		return -1;
	}
	if (user_get(db, login, &u, e) == 0 &&
	    db_run(db, e, "DELETE FROM user_key WHERE user_id = ? AND fingerprint = ?", "tt",
	    u.id, fp) == 0) {
		if (db_changes(db) == 0)
			err_set(e, "« %s » n'a pas de clé %s (loge user key list %s)", login, fp,
			    login);
		else
			rc = db_commit(db, e);
	}
	if (rc != 0)
		db_rollback(db);
	user_clear(&u);
	free(fp);
	return rc;
}

int
user_key_list(struct db *db, const struct user *who, const char *login,
    struct user_key_row **rows, size_t *n, struct err *e)
{
	struct user_key_row *r;
	struct db_stmt *st;
	struct user u;
	size_t cap = 0;
	int rc = -1;

	*rows = NULL;
	*n = 0;
	if (user_may(who, PERM_READ, e) != 0 || user_get(db, login, &u, e) != 0)
		return -1;
	st = db_stmt(db, e, "SELECT k.type, k.fingerprint, k.comment, k.added_at, a.login "
	    "FROM user_key k LEFT JOIN user_account a ON a.id = k.added_by "
	    "WHERE k.user_id = ? ORDER BY k.added_at, k.id");
	if (st != NULL && db_bind(st, e, "t", u.id) == 0) {
		while ((rc = db_step(st, e)) == 1) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 8;
				*rows = xreallocarray(*rows, cap, sizeof **rows);
			}
			r = &(*rows)[(*n)++];
			r->type = db_col_dup(st, 0);
			snprintf(r->fingerprint, sizeof r->fingerprint, "%s", db_col_text(st, 1));
			r->comment = db_col_dup(st, 2);
			r->added_at = db_col_dup(st, 3);
			r->added_by = db_col_dup(st, 4);
		}
	}
	if (rc < 0) {
		user_key_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	user_clear(&u);
	return rc;
}

void
user_key_rows_free(struct user_key_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].type);
		free(rows[i].comment);
		free(rows[i].added_at);
		free(rows[i].added_by);
	}
	free(rows);
}

int
user_by_key(struct db *db, const char *type, const char *blob_b64, struct user *out,
    struct err *e)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if (type == NULL || blob_b64 == NULL)
		return 0;
	/* A disabled user's key finds no one, like an unknown key: the
	 * server gives both the same answer. */
	st = db_stmt(db, e, "SELECT u.id, u.login, u.display_name, u.role, u.agency_id, "
	    "u.disabled FROM user_key k JOIN user_account u ON u.id = k.user_id "
	    "WHERE k.blob = ? AND k.type = ? AND u.disabled = 0");
	if (st == NULL || db_bind(st, e, "tt", blob_b64, type) != 0)
		return -1;
	if ((rc = db_step(st, e)) == 1) {
		user_fill(st, 0, out);
		db_reset(st);
	}
	return rc;
}
