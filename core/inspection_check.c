/* The legal completeness of an inspection (décret 2016-382 art. 2, and
 * at exit art. 3), and the draft <-> ready steps that depend on it. */
#include "inspection.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "inspection_internal.h"
#include "perm.h"
#include "user.h"
#include "xalloc.h"

struct missing_list {
	struct inspection_missing *m;
	size_t n, cap;
};

static void
miss(struct missing_list *l, const char *mention, enum inspection_target target,
    const char *target_id, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
miss(struct missing_list *l, const char *mention, enum inspection_target target,
    const char *target_id, const char *fmt, ...)
{
	struct inspection_missing *m;
	va_list ap;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->m = xreallocarray(l->m, l->cap, sizeof *l->m);
	}
	m = &l->m[l->n++];
	m->mention = mention;
	m->target = target;
	snprintf(m->target_id, sizeof m->target_id, "%s", target_id ? target_id : "");
	va_start(ap, fmt);
	m->text = xvasprintf(fmt, ap);
	va_end(ap);
}

static int
blank(const char *s)
{
	if (s == NULL)
		return 1;
	while (*s == ' ' || *s == '\n' || *s == '\t')
		s++;
	return *s == '\0';
}

/* (b) date, (c) location, (d) landlord: the head of the document. */
static void
check_head(const struct inspection *in, struct missing_list *l)
{
	if (!in->done_at[0])
		miss(l, "art. 2 b", IT_HEADER, "done_at", "Date : l'état des lieux n'est pas daté");
	if (blank(in->address))
		miss(l, "art. 2 c", IT_HEADER, "", "Adresse du logement inconnue "
		    "(à compléter sur la fiche de la résidence)");
	if (blank(in->landlord_name))
		miss(l, "art. 2 d", IT_HEADER, "inspection.landlord_name", "Nom du bailleur manquant");
	if (blank(in->landlord_address))
		miss(l, "art. 2 d", IT_HEADER, "inspection.landlord_address",
		    "Adresse du bailleur manquante");
}

static int
has_role(const struct inspection *in, const char *role)
{
	size_t i;

	for (i = 0; i < in->nparties; i++)
		if (strcmp(in->parties[i].role, role) == 0)
			return 1;
	return 0;
}

/* (d) names of the parties, (e) mandataries. */
static void
check_parties(const struct inspection *in, struct missing_list *l)
{
	int bailiff = strcmp(in->kind, "bailiff") == 0;
	size_t i;

	if (!has_role(in, "tenant"))
		miss(l, "art. 2 d", IT_PARTIES, "", "Aucun locataire parmi les parties");
	if (!has_role(in, "landlord_agent"))
		miss(l, "art. 2 d", IT_PARTIES, "", "Représentant du bailleur absent des parties");
	if (bailiff && !has_role(in, "bailiff"))
		miss(l, "art. 2 d", IT_PARTIES, "", "Constat : le commissaire de justice n'est pas "
		    "parmi les parties");
	for (i = 0; i < in->nparties; i++) {
		const struct inspection_party *p = &in->parties[i];
		if (strcmp(p->role, "mandatary") == 0 && blank(p->mandate))
			miss(l, "art. 2 e", IT_PARTIES, p->id, "Mandat de %s non décrit", p->name);
		if (strcmp(p->role, "tenant") == 0 && !p->present && !bailiff &&
		    !has_role(in, "mandatary"))
			miss(l, "art. 2 e", IT_PARTIES, p->id, "%s absent(e) et non représenté(e) : "
			    "ajoutez son mandataire, ou marquez-le présent", p->name);
	}
}

/* (f) meters, (g) keys. */
static void
check_lines(const struct inspection *in, int exit, struct missing_list *l)
{
	size_t i;

	if (in->nmeters == 0)
		miss(l, "art. 2 f", IT_METERS, "", "Aucun relevé de compteur (l'électricité au moins)");
	for (i = 0; i < in->nmeters; i++) {
		const struct inspection_meter *m = &in->meters[i];
		if (m->reading < 0)
			miss(l, "art. 2 f", IT_METERS, m->id, "Relevé manquant : %s",
			    inspection_meter_label(m->kind));
		if (blank(m->serial))
			miss(l, "art. 2 f", IT_METERS, m->id, "Numéro du compteur manquant : %s",
			    inspection_meter_label(m->kind));
	}
	if (in->nkeys == 0)
		miss(l, "art. 2 g", IT_KEYS, "", "Aucune clé ni moyen d'accès décrit");
	for (i = 0; exit && i < in->nkeys; i++)
		if (in->keys[i].returned < 0)
			miss(l, "art. 2 g", IT_KEYS, in->keys[i].id, "Clés rendues non comptées : %s",
			    inspection_key_label(in->keys[i].kind));
}

/* (h) each room and item described. */
static void
check_rooms(const struct inspection *in, struct missing_list *l)
{
	size_t r, i;

	if (in->nrooms == 0)
		miss(l, "art. 2 h", IT_HEADER, "", "Aucune pièce décrite");
	for (r = 0; r < in->nrooms; r++) {
		const struct inspection_room *room = &in->rooms[r];
		if (room->count == 0)
			miss(l, "art. 2 h", IT_ROOM, room->id, "%s : aucun élément décrit", room->name);
		for (i = room->first; i < room->first + room->count; i++) {
			const struct inspection_item *it = &in->items[i];
			if (it->state == 0)
				miss(l, "art. 2 h", IT_ITEM, it->id, "État non renseigné : %s — %s",
				    room->name, it->name);
			else if ((it->state == 'm' || it->state == 'x') && blank(it->comment))
				miss(l, "art. 2 h", IT_ITEM, it->id, "Description manquante (%s) : %s — %s",
				    inspection_item_state_label(it->state), room->name, it->name);
		}
	}
}

int
inspection_check(const struct inspection *in, struct inspection_missing **out, size_t *n)
{
	struct missing_list l = {NULL, 0, 0};
	int amendment = in->amends_id[0] != '\0';
	int exit = strcmp(in->kind, "move_out") == 0 ||
	    (strcmp(in->kind, "bailiff") == 0 && in->entry_inspection_id[0]);

	/* A pre-exit visit is advice, not the legal document: only its rooms
	 * matter. An amendment completes rooms of a signed record. */
	if (strcmp(in->kind, "pre_exit") != 0 && !amendment) {
		check_head(in, &l);
		check_parties(in, &l);
		check_lines(in, exit, &l);
	}
	check_rooms(in, &l);
	if (exit && !amendment) {
		if (blank(in->tenant_new_address))
			miss(&l, "sortie a", IT_HEADER, "inspection.tenant_new_address",
			    "Nouvelle adresse du locataire manquante");
		if (!in->entry_date[0])
			miss(&l, "sortie b", IT_HEADER, "", "Date de l'état des lieux d'entrée inconnue "
			    "(ni état des lieux d'entrée ni début de bail)");
	}
	*out = l.m;
	*n = l.n;
	return 0;
}

void
inspection_missing_free(struct inspection_missing *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(m[i].text);
	free(m);
}

/* "3 mentions manquent : a ; b ; c (et 4 autres)". */
static int
missing_err(struct err *e, const struct inspection_missing *m, size_t n)
{
	struct buf b;
	size_t i;
	int rc;

	buf_init(&b);
	buf_printf(&b, "incomplet, %zu mention%s manque%s : ", n, n > 1 ? "s" : "",
	    n > 1 ? "nt" : "");
	for (i = 0; i < n && i < 3; i++)
		buf_printf(&b, "%s%s", i ? " ; " : "", m[i].text);
	if (n > 3)
		buf_printf(&b, " (et %zu autre%s)", n - 3, n > 4 ? "s" : "");
	rc = err_set(e, "%s", b.data);
	buf_free(&b);
	return rc;
}

int
inspection_set_ready(struct db *db, const struct user *who, const char *id, struct err *e)
{
	struct inspection_missing *m;
	struct inspection *in;
	struct insp_ctx c;
	size_t n;
	int rc;

	if (insp_writable(&c, db, who, id, e) != 0 || inspection_load(db, who, id, &in, e) != 0)
		return -1;
	inspection_check(in, &m, &n);
	inspection_free(in);
	if (n > 0) {
		missing_err(e, m, n);
		inspection_missing_free(m, n);
		return -1;
	}
	inspection_missing_free(m, n);
	if (db_begin(db, e) != 0)
		return -1;
	rc = db_run(db, e, "UPDATE inspection SET state = 'ready', updated_at = ?, updated_by = ? "
	    "WHERE id = ?", "ttt", c.now, who->id, id);
	return insp_finish(db, rc, e);
}

int
inspection_set_draft(struct db *db, const struct user *who, const char *id, struct err *e)
{
	char now[DT_STAMP_SIZE];
	char *state;
	int rc;

	err_clear(e);
	if ((state = db_text(db, e, "SELECT state FROM inspection WHERE id = ?", "t", id)) == NULL)
		return e->msg[0] ? -1 : err_set(e, "état des lieux introuvable");
	rc = strcmp(state, "ready") == 0 ? 0 : err_set(e, strcmp(state, "signed") == 0 ?
	    INSPECTION_FROZEN_MSG : "état des lieux déjà en brouillon");
	free(state);
	if (rc != 0)
		return -1;
	if (!perm_can_write(who->role, PG_INSPECTIONS))
		return err_set(e, "%s : modification réservée à %s",
		    perm_group_label(PG_INSPECTIONS), perm_group_owner(PG_INSPECTIONS));
	dt_now(now);
	if (db_begin(db, e) != 0)
		return -1;
	/* Signatures collected on the ready text no longer hold. */
	rc = db_run(db, e, "UPDATE inspection_party SET signature_name = NULL, signed_at = NULL, "
	    "refusal_reason = NULL, updated_at = ?1, updated_by = ?2 WHERE inspection_id = ?3 "
	    "AND (signed_at IS NOT NULL OR refusal_reason IS NOT NULL)", "ttt", now, who->id, id);
	if (rc == 0)
		rc = db_run(db, e, "UPDATE inspection SET state = 'draft', updated_at = ?, "
		    "updated_by = ? WHERE id = ?", "ttt", now, who->id, id);
	return insp_finish(db, rc, e);
}
