/* Signing at the terminal: each party present types their name, refuses
 * with a reason, or signs on paper; then the record is frozen with the
 * SHA-256 of its content. */
#include "inspection.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "inspection_internal.h"
#include "perm.h"
#include "sanitize.h"
#include "user.h"
#include "utf8.h"
#include "xalloc.h"

/* A party's row, on a ready inspection that who may write. */
struct party_ctx {
	char now[DT_STAMP_SIZE];
	char insp[UID_SIZE];
	char *name;
	int present, paper, done;
};

static int
party_open(struct db *db, const struct user *who, const char *party_id, struct party_ctx *p,
    struct err *e)
{
	struct db_stmt *st;
	int rc;

	memset(p, 0, sizeof *p);
	dt_now(p->now);
	if (!perm_can_write(who->role, PG_INSPECTIONS))
		return err_set(e, "%s : modification réservée à %s",
		    perm_group_label(PG_INSPECTIONS), perm_group_owner(PG_INSPECTIONS));
	st = db_stmt(db, e, "SELECT p.inspection_id, p.name, p.present, p.paper, "
	    " p.signed_at IS NOT NULL OR p.refusal_reason IS NOT NULL, i.state "
	    "FROM inspection_party p JOIN inspection i ON i.id = p.inspection_id WHERE p.id = ?");
	if (st == NULL || db_bind(st, e, "t", party_id) != 0)
		return -1;
	if ((rc = db_step(st, e)) <= 0)
		return rc < 0 ? -1 : err_set(e, "partie introuvable");
	snprintf(p->insp, sizeof p->insp, "%s", db_col_text(st, 0));
	p->present = (int)db_col_int(st, 2);
	p->paper = (int)db_col_int(st, 3);
	p->done = (int)db_col_int(st, 4);
	if (strcmp(db_col_text(st, 5), "ready") != 0) {
		rc = strcmp(db_col_text(st, 5), "signed") == 0 ? err_set(e, INSPECTION_FROZEN_MSG) :
		    err_set(e, "vérifiez d'abord l'état des lieux (prêt à signer) avant les signatures");
		db_reset(st);
		return rc;
	}
	p->name = db_col_dup(st, 1);
	db_reset(st);
	if (!p->present) {
		rc = err_set(e, "%s n'est pas présent(e) : pas de signature", p->name);
		free(p->name);
		return rc;
	}
	if (p->done) {
		rc = err_set(e, "%s a déjà signé ou refusé (repassez en brouillon pour recommencer)",
		    p->name);
		free(p->name);
		return rc;
	}
	return 0;
}

/* Lower-case ASCII words separated by one space: "Mme Évelyne  N'Diaye"
 * gives "mme evelyne n diaye". */
static char *
fold(const char *s)
{
	struct buf b;
	uint32_t cp;
	const char *a;
	char c;
	int n;

	buf_init(&b);
	while (*s) {
		n = utf8_decode(s, strlen(s), &cp);
		s += n > 0 ? n : 1;
		a = n <= 0 ? "" : cp < 128 ? NULL : sanitize_ascii(cp);
		do {
			c = a ? *a : (char)cp;
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				buf_addc(&b, c);
			else if (b.len && b.data[b.len - 1] != ' ')
				buf_addc(&b, ' ');
		} while (a && *a && *++a);
	}
	while (b.len && b.data[b.len - 1] == ' ')
		b.len--;
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

/* The typed name is the recorded one, or its last words (people sign
 * with their name, not always with the title or first name recorded);
 * case, accents and punctuation aside. */
static int
name_matches(const char *recorded, const char *typed)
{
	char *r = fold(recorded), *t = fold(typed);
	size_t rl = strlen(r), tl = strlen(t);
	int ok = tl >= 2 && tl <= rl && strcmp(r + rl - tl, t) == 0 &&
	    (tl == rl || r[rl - tl - 1] == ' ');

	free(r);
	free(t);
	return ok;
}

static int
party_update(struct db *db, struct err *e, const char *sql, const char *a, const char *b,
    const char *c, const char *d)
{
	int rc;

	if (db_begin(db, e) != 0)
		return -1;
	rc = db_run(db, e, sql, "tttt", a, b, c, d);
	return insp_finish(db, rc, e);
}

int
inspection_party_sign(struct db *db, const struct user *who, const char *party_id,
    const char *typed_name, struct err *e)
{
	struct party_ctx p;
	int rc;

	if (typed_name == NULL || !utf8_valid(typed_name, strlen(typed_name)))
		return err_set(e, "nom invalide");
	if (party_open(db, who, party_id, &p, e) != 0)
		return -1;
	if (!name_matches(p.name, typed_name)) {
		rc = err_set(e, "le nom tapé ne correspond pas à « %s »", p.name);
		free(p.name);
		return rc;
	}
	free(p.name);
	return party_update(db, e, "UPDATE inspection_party SET signature_name = ?1, signed_at = ?2, "
	    "updated_at = ?2, updated_by = ?3 WHERE id = ?4", typed_name, p.now, who->id, party_id);
}

int
inspection_party_refuse(struct db *db, const struct user *who, const char *party_id,
    const char *reason, struct err *e)
{
	struct party_ctx p;
	const char *s = reason;

	while (s && (*s == ' ' || *s == '\t'))
		s++;
	if (s == NULL || !*s || !utf8_valid(s, strlen(s)))
		return err_set(e, "refus de signer : le motif est obligatoire");
	if (utf8_length(s) > 500)
		return err_set(e, "motif : 500 caractères au plus");
	if (party_open(db, who, party_id, &p, e) != 0)
		return -1;
	free(p.name);
	return party_update(db, e, "UPDATE inspection_party SET refusal_reason = ?1, "
	    "updated_at = ?2, updated_by = ?3 WHERE id = ?4", s, p.now, who->id, party_id);
}

int
inspection_party_paper(struct db *db, const struct user *who, const char *party_id,
    struct err *e)
{
	struct party_ctx p;

	if (party_open(db, who, party_id, &p, e) != 0)
		return -1;
	free(p.name);
	if (p.paper)
		return err_set(e, "déjà marqué « à signer sur papier »");
	return party_update(db, e, "UPDATE inspection_party SET paper = 1, updated_at = ?2, "
	    "updated_by = ?3 WHERE id = ?4 AND ?1 IS NULL", NULL, p.now, who->id, party_id);
}

int
inspection_party_paper_signed(struct db *db, const struct user *who, const char *party_id,
    struct err *e)
{
	struct party_ctx p;

	if (party_open(db, who, party_id, &p, e) != 0)
		return -1;
	free(p.name);
	if (!p.paper)
		return err_set(e, "cette partie ne signe pas sur papier (marquez-la d'abord)");
	return party_update(db, e, "UPDATE inspection_party SET signed_at = ?2, updated_at = ?2, "
	    "updated_by = ?3 WHERE id = ?4 AND ?1 IS NULL", NULL, p.now, who->id, party_id);
}

/* Every party present has signed or refused; the landlord's agent (or
 * the bailiff, for a bailiff's record) has signed. */
static int
signatures_complete(const struct inspection *in, struct err *e)
{
	int bailiff = strcmp(in->kind, "bailiff") == 0, official = 0;
	size_t i;

	for (i = 0; i < in->nparties; i++) {
		const struct inspection_party *p = &in->parties[i];
		if (!p->present)
			continue;
		if (p->paper && !p->signed_at[0] && !p->refusal_reason)
			return err_set(e, "signature sur papier de %s à enregistrer", p->name);
		if (!p->signed_at[0] && !p->refusal_reason)
			return err_set(e, "%s (%s) n'a ni signé ni refusé de signer", p->name,
			    inspection_party_label(p->role));
		if (p->signed_at[0] && strcmp(p->role, bailiff ? "bailiff" : "landlord_agent") == 0)
			official = 1;
	}
	if (!official)
		return err_set(e, bailiff ? "le commissaire de justice doit signer le constat" :
		    "le représentant du bailleur doit signer");
	return 0;
}

int
inspection_sign(struct db *db, const struct user *who, const char *id, struct err *e)
{
	struct inspection_missing *m;
	struct inspection *in = NULL;
	char now[DT_STAMP_SIZE], sha[65];
	size_t n;
	int rc;

	if (!perm_can_write(who->role, PG_INSPECTIONS))
		return err_set(e, "%s : modification réservée à %s",
		    perm_group_label(PG_INSPECTIONS), perm_group_owner(PG_INSPECTIONS));
	dt_now(now);
	if (db_begin(db, e) != 0)
		return -1;
	rc = inspection_load(db, who, id, &in, e);
	if (rc == 0 && strcmp(in->state, "ready") != 0)
		rc = err_set(e, strcmp(in->state, "signed") == 0 ? "état des lieux déjà signé" :
		    "état des lieux en brouillon : vérifiez-le d'abord (prêt à signer)");
	if (rc == 0) {
		inspection_check(in, &m, &n);
		rc = n ? err_set(e, "incomplet : %s", m[0].text) : signatures_complete(in, e);
		inspection_missing_free(m, n);
	}
	/* The digest covers the signing moment and the inspection's date. */
	if (rc == 0) {
		snprintf(in->signed_at, sizeof in->signed_at, "%s", now);
		if (!in->done_at[0])
			snprintf(in->done_at, sizeof in->done_at, "%s", now);
		inspection_digest(in, sha);
		rc = db_run(db, e, "UPDATE inspection SET state = 'signed', signed_at = ?1, "
		    "done_at = ?2, content_sha256 = ?3, updated_at = ?1, updated_by = ?4 WHERE id = ?5",
		    "ttttt", now, in->done_at, sha, who->id, id);
	}
	inspection_free(in);
	return insp_finish(db, rc, e);
}
