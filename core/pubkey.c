/* OpenSSH public keys (see pubkey.h): the wire format of RFC 4251 read
 * just enough to check a key is what it says, and its fingerprint. */
#include "pubkey.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "sha256.h"
#include "utf8.h"
#include "xalloc.h"

#define PUBKEY_COMMENT_MAX 255
#define PUBKEY_FILE_MAX (64 * 1024)
#define PUBKEY_RSA_MIN_BITS 2048
#define PUBKEY_RSA_MAX_BITS 16384

/* Reads the SSH wire format (RFC 4251): strings after a uint32
 * big-endian length. */
struct pubkey_ssh_reader {
	const uint8_t *p;
	size_t n;
};

static int
pubkey_ssh_string(struct pubkey_ssh_reader *r, const uint8_t **s, size_t *len)
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

struct pubkey_type {
	const char *name;
	/* Reads what follows the type name in the blob; NULL: refused. */
	int (*check)(struct pubkey_ssh_reader *, const struct pubkey_type *, struct err *);
	const char *curve; /* ECDSA: the curve the blob names */
	size_t point_len;  /* ECDSA: length of the uncompressed point */
	const char *refusal;
};

static int
pubkey_ed25519(struct pubkey_ssh_reader *r, const struct pubkey_type *t, struct err *e)
{
	const uint8_t *pk;
	size_t n;

	if (pubkey_ssh_string(r, &pk, &n) != 0 || n != 32)
		return err_set(e, "clé %s mal formée (32 octets de clé attendus)", t->name);
	return 0;
}

static int
pubkey_ecdsa(struct pubkey_ssh_reader *r, const struct pubkey_type *t, struct err *e)
{
	const uint8_t *curve, *q;
	size_t ncurve, nq;

	if (pubkey_ssh_string(r, &curve, &ncurve) != 0 || ncurve != strlen(t->curve) ||
	    memcmp(curve, t->curve, ncurve) != 0)
		return err_set(e, "clé %s mal formée (courbe %s attendue)", t->name, t->curve);
	if (pubkey_ssh_string(r, &q, &nq) != 0 || nq != t->point_len || q[0] != 4)
		return err_set(e, "clé %s mal formée (point de %zu octets attendu)", t->name,
		    t->point_len);
	return 0;
}

/* The bits of a positive mpint (RFC 4251: two's complement, big-endian,
 * no superfluous leading zero), or -1 if it is negative or not minimal:
 * a key's blob has one form only, the one libssh will show the server. */
static long
pubkey_mpint_bits(const uint8_t *v, size_t n)
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
pubkey_rsa(struct pubkey_ssh_reader *r, const struct pubkey_type *t, struct err *e)
{
	const uint8_t *ex, *mod;
	size_t nex, nmod;
	long ebits, bits;

	if (pubkey_ssh_string(r, &ex, &nex) != 0 || pubkey_ssh_string(r, &mod, &nmod) != 0 ||
	    (ebits = pubkey_mpint_bits(ex, nex)) < 2 || (ex[nex - 1] & 1) == 0 ||
	    (bits = pubkey_mpint_bits(mod, nmod)) < 0)
		return err_set(e, "clé ssh-rsa mal formée (exposant et module attendus)");
	if (bits < PUBKEY_RSA_MIN_BITS)
		return err_set(e, "clé RSA de %ld bits : %d au moins (ou mieux, une clé "
		    "ed25519 : ssh-keygen -t ed25519)", bits, PUBKEY_RSA_MIN_BITS);
	if (bits > PUBKEY_RSA_MAX_BITS)
		return err_set(e, "clé RSA de %ld bits : %d au plus", bits, PUBKEY_RSA_MAX_BITS);
	return 0;
}

#define PUBKEY_ADVICE "créez une clé avec « ssh-keygen -t ed25519 »"

static const struct pubkey_type pubkey_types[] = {
	{"ssh-ed25519", pubkey_ed25519, NULL, 0, NULL},
	{"ecdsa-sha2-nistp256", pubkey_ecdsa, "nistp256", 65, NULL},
	{"ecdsa-sha2-nistp384", pubkey_ecdsa, "nistp384", 97, NULL},
	{"ecdsa-sha2-nistp521", pubkey_ecdsa, "nistp521", 133, NULL},
	{"ssh-rsa", pubkey_rsa, NULL, 0, NULL},
	{"ssh-dss", NULL, NULL, 0, "les clés DSA (ssh-dss) ne sont plus acceptées : "
	    PUBKEY_ADVICE},
	{"sk-ssh-ed25519@openssh.com", NULL, NULL, 0, "les clés de sécurité FIDO "
	    "(sk-ssh-ed25519) ne sont pas prises en charge : " PUBKEY_ADVICE},
	{"sk-ecdsa-sha2-nistp256@openssh.com", NULL, NULL, 0, "les clés de sécurité FIDO "
	    "(sk-ecdsa-sha2-nistp256) ne sont pas prises en charge : " PUBKEY_ADVICE},
};

#define PUBKEY_NTYPES (sizeof pubkey_types / sizeof pubkey_types[0])
#define PUBKEY_CERT_SUFFIX "-cert-v01@openssh.com"

static const struct pubkey_type *
pubkey_type_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < PUBKEY_NTYPES; i++)
		if (strlen(pubkey_types[i].name) == len &&
		    memcmp(pubkey_types[i].name, name, len) == 0)
			return &pubkey_types[i];
	return NULL;
}

static int
pubkey_is_cert(const char *name, size_t len)
{
	size_t n = strlen(PUBKEY_CERT_SUFFIX);

	return len > n && memcmp(name + len - n, PUBKEY_CERT_SUFFIX, n) == 0;
}

/* The type taken by the server named by name (len bytes), or NULL with
 * the reason in e. */
static const struct pubkey_type *
pubkey_type_get(const char *name, size_t len, struct err *e)
{
	const struct pubkey_type *t = pubkey_type_find(name, len);

	if (t != NULL && t->check == NULL)
		err_set(e, "%s", t->refusal);
	else if (t == NULL && pubkey_is_cert(name, len))
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
pubkey_digest(const void *blob, size_t n, char out[PUBKEY_FP_SIZE])
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
	snprintf(out, PUBKEY_FP_SIZE, "SHA256:%.*s", (int)b.len, b.data);
	buf_free(&b);
}

/* Checks that b64 (n characters) is the canonical base64 of a well-formed
 * key of type t, and computes its fingerprint. */
static int
pubkey_blob_check(const struct pubkey_type *t, const char *b64, size_t n,
    char fp[PUBKEY_FP_SIZE], struct err *e)
{
	struct pubkey_ssh_reader r;
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
	if (pubkey_ssh_string(&r, &name, &nname) != 0) {
		err_set(e, "clé tronquée ou abîmée : pas de type au début de la clé");
		goto out;
	}
	if (nname != strlen(t->name) || memcmp(name, t->name, nname) != 0) {
		err_set(e, "le type annoncé (%s) n'est pas celui de la clé (%s)", t->name,
		    pubkey_type_find((const char *)name, nname) ?
		    pubkey_type_find((const char *)name, nname)->name : "inconnu");
		goto out;
	}
	if (t->check(&r, t, e) != 0)
		goto out;
	if (r.n != 0) {
		err_set(e, "clé %s mal formée (%zu octets en trop)", t->name, r.n);
		goto out;
	}
	pubkey_digest(blob.data, blob.len, fp);
	rc = 0;
out:
	buf_free(&blob);
	return rc;
}

int
pubkey_fingerprint(const char *type, const char *blob_b64, char out[PUBKEY_FP_SIZE],
    struct err *e)
{
	const struct pubkey_type *t;

	if (type == NULL || blob_b64 == NULL)
		return err_set(e, "clé absente");
	if ((t = pubkey_type_get(type, strlen(type), e)) == NULL)
		return -1;
	return pubkey_blob_check(t, blob_b64, strlen(blob_b64), out, e);
}

static int
pubkey_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* 1 if a blank-separated word of s (n bytes) after the first names a
 * key type: the line starts with authorized_keys options. */
static int
pubkey_has_options(const char *s, size_t n)
{
	size_t i = 0, w;

	while (i < n && !pubkey_is_blank(s[i]))
		i++;
	while (i < n) {
		while (i < n && pubkey_is_blank(s[i]))
			i++;
		for (w = i; i < n && !pubkey_is_blank(s[i]); i++)
			;
		if (i > w && (pubkey_type_find(s + w, i - w) || pubkey_is_cert(s + w, i - w)))
			return 1;
	}
	return 0;
}

/* One key line (n bytes, no newline): type, base64, optional comment. */
static int
pubkey_line(const char *s, size_t n, struct pubkey *out, struct err *e)
{
	const struct pubkey_type *t;
	size_t i = 0, b, c;

	while (n > 0 && (pubkey_is_blank(s[n - 1]) || s[n - 1] == '\r'))
		n--;
	while (n > 0 && pubkey_is_blank(s[0])) {
		s++;
		n--;
	}
	while (i < n && !pubkey_is_blank(s[i]))
		i++;
	if (pubkey_type_find(s, i) == NULL && !pubkey_is_cert(s, i) &&
	    pubkey_has_options(s, n))
		return err_set(e, "la ligne commence par des options authorized_keys "
		    "(« %.*s ») : donnez seulement la clé (type, base64, commentaire)",
		    (int)(i > 40 ? 40 : i), s);
	if ((t = pubkey_type_get(s, i, e)) == NULL)
		return -1;
	while (i < n && pubkey_is_blank(s[i]))
		i++;
	for (b = i; i < n && !pubkey_is_blank(s[i]); i++)
		;
	if (i == b)
		return err_set(e, "clé incomplète : le base64 manque après %s", t->name);
	if (pubkey_blob_check(t, s + b, i - b, out->fingerprint, e) != 0)
		return -1;
	for (c = i; c < n && pubkey_is_blank(s[c]); c++)
		;
	if (utf8_check_text("commentaire de la clé", s + c, n - c, PUBKEY_COMMENT_MAX, e) != 0)
		return -1;
	out->type = xstrdup(t->name);
	out->blob = xstrndup(s + b, i - b);
	out->comment = c < n ? xstrndup(s + c, n - c) : NULL;
	return 0;
}

/* 1 if s (n bytes) contains word. */
static int
pubkey_contains(const char *s, size_t n, const char *word)
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
pubkey_kind(const char *s, size_t n, struct err *e)
{
	static const char *const armours[] = {"-----BEGIN ", "---- BEGIN ", "PuTTY-User-Key-File-"};
	size_t i = 0, k;

	while (i < n && (pubkey_is_blank(s[i]) || s[i] == '\r'))
		i++;
	if (i == n || s[i] == '#')
		return 0;
	for (k = 0; k < sizeof armours / sizeof armours[0]; k++) {
		if (n - i < strlen(armours[k]) || memcmp(s + i, armours[k], strlen(armours[k])) != 0)
			continue;
		if (k == 2 || pubkey_contains(s + i, n - i, "PRIVATE KEY"))
			return err_set(e, "c'est une clé privée : donnez le fichier .pub");
		return err_set(e, "clé au format PEM ou RFC 4716 : convertissez-la avec "
		    "« ssh-keygen -i -f FICHIER » et donnez la ligne obtenue");
	}
	return 1;
}

int
pubkey_parse(const char *text, size_t len, const char *name, struct pubkey *out,
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
		if ((kind = pubkey_kind(text + i, eol - i, e)) < 0)
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
	if (pubkey_line(text + key_at, key_len, out, e) != 0) {
		pubkey_clear(out);
		return err_prefix(e, "%s:%d : ", name, key_line);
	}
	return 0;
}

int
pubkey_read(const char *path, struct pubkey *out, struct err *e)
{
	char *data = xmalloc(PUBKEY_FILE_MAX + 1);
	size_t n;
	FILE *f;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if ((f = fopen(path, "rb")) == NULL) {
		err_set(e, "%s : %s", path, strerror(errno));
		goto out;
	}
	n = fread(data, 1, PUBKEY_FILE_MAX + 1, f);
	if (ferror(f))
		err_set(e, "%s : lecture impossible : %s", path, strerror(errno));
	else if (n > PUBKEY_FILE_MAX)
		err_set(e, "%s : trop gros pour une clé publique (%d octets au plus)", path,
		    PUBKEY_FILE_MAX);
	else
		rc = pubkey_parse(data, n, path, out, e);
	fclose(f);
out:
	free(data);
	return rc;
}

void
pubkey_clear(struct pubkey *k)
{
	free(k->type);
	free(k->blob);
	free(k->comment);
	memset(k, 0, sizeof *k);
}

