/* An inspection read whole, its labels, the list of a dwelling's
 * inspections, and the canonical text its signature covers. */
#include "inspection.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "patrimoine.h"
#include "perm.h"
#include "sha256.h"
#include "user.h"
#include "xalloc.h"

/* ---- Labels ---- */

struct label {
	const char *code, *label;
};

static const char *
label_find(const struct label *l, size_t n, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < n; i++)
		if (strcmp(l[i].code, code) == 0)
			return l[i].label;
	return code ? code : "";
}

#define LABEL(table, code) label_find((table), sizeof(table) / sizeof((table)[0]), (code))

static const struct label kinds[] = {
	{"move_in", "État des lieux d'entrée"},
	{"move_out", "État des lieux de sortie"},
	{"pre_exit", "Pré-état des lieux (visite-conseil)"},
	{"bailiff", "Constat de commissaire de justice"},
};

static const struct label states[] = {
	{"draft", "brouillon"}, {"ready", "prêt à signer"}, {"signed", "signé"},
};

static const struct label item_states[] = {
	{"n", "neuf"}, {"b", "bon"}, {"u", "usage normal"}, {"m", "mauvais"},
	{"x", "hors service / absent"}, {"v", "non vérifié"},
};

static const struct label meters[] = {
	{"water_cold", "Eau froide"}, {"water_hot", "Eau chaude"},
	{"elec_peak", "Électricité heures pleines"}, {"elec_offpeak", "Électricité heures creuses"},
	{"elec_single", "Électricité base"}, {"gas", "Gaz"}, {"heat", "Chaleur"},
};

static const struct label keys[] = {
	{"door", "Porte palière"}, {"mailbox", "Boîte aux lettres"}, {"cellar", "Cave"},
	{"badge", "Badge d'accès"}, {"garage_remote", "Télécommande de parking"},
	{"bike_room", "Local vélos"}, {"bins_room", "Local poubelles"}, {"other", "Autre accès"},
};

static const struct label parties[] = {
	{"tenant", "Locataire"}, {"landlord_agent", "Représentant du bailleur"},
	{"mandatary", "Mandataire"}, {"bailiff", "Commissaire de justice"},
};

static const struct label charges[] = {
	{"tenant", "réparation locative"}, {"wear", "vétusté"}, {"landlord", "bailleur"},
	{"none", "non imputable"},
};

const char *
inspection_kind_label(const char *kind)
{
	return LABEL(kinds, kind);
}

const char *
inspection_state_label(const char *state)
{
	return LABEL(states, state);
}

const char *
inspection_item_state_label(char state)
{
	size_t i;

	for (i = 0; i < sizeof item_states / sizeof item_states[0]; i++)
		if (item_states[i].code[0] == state)
			return item_states[i].label;
	return "à renseigner";
}

const char *
inspection_meter_label(const char *kind)
{
	return LABEL(meters, kind);
}

const char *
inspection_key_label(const char *kind)
{
	return LABEL(keys, kind);
}

const char *
inspection_party_label(const char *role)
{
	return LABEL(parties, role);
}

const char *
inspection_charge_label(const char *charge)
{
	return charge && charge[0] ? LABEL(charges, charge) : "";
}

static const char *const phrases[] = {
	"Bon état général", "Traces d'usage normales", "Rayures légères", "Rayures profondes",
	"Trous de chevilles", "Taches", "Tache d'humidité", "Moisissures", "Fissure",
	"Éclat", "Brûlure", "Peinture écaillée", "Peinture à refaire", "Papier peint décollé",
	"Papier peint déchiré", "Joint noirci", "Joint à refaire", "Calcaire", "Fuite",
	"Goutte à goutte", "Ne fonctionne pas", "Manquant", "Cassé", "Poignée cassée",
	"Vitre fêlée", "Lame abîmée", "Sol poinçonné", "Carreau fêlé", "Sale, à nettoyer",
	"Entartré", "Grille encrassée", "Volet bloqué", "Sangle usée", "Cache manquant",
	"Ampoule manquante", "Serrure dure", "Porte frotte", "Non testé (pas d'alimentation)",
};

static const char *const natures[] = {
	"peinture", "papier peint", "toile de verre", "crépi", "carrelage", "faïence",
	"parquet", "stratifié", "revêtement PVC", "moquette", "béton", "bois", "bois peint",
	"PVC", "aluminium", "double vitrage", "simple vitrage", "inox", "grès", "émail",
	"acrylique", "acier", "fonte", "mitigeur", "robinet mélangeur", "volet roulant PVC",
	"volet battant bois", "appareillage encastré", "point lumineux", "bouche d'extraction",
	"portes coulissantes", "portes battantes",
};

const char *const *
inspection_phrases(size_t *n)
{
	*n = sizeof phrases / sizeof phrases[0];
	return phrases;
}

const char *const *
inspection_natures(size_t *n)
{
	*n = sizeof natures / sizeof natures[0];
	return natures;
}

int
inspection_is_exit(const char *kind)
{
	return strcmp(kind, "move_out") == 0 || strcmp(kind, "pre_exit") == 0;
}

/* ---- Loading ---- */

static void
copy_col(char *out, size_t size, struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);

	snprintf(out, size, "%s", s ? s : "");
}

static const char head_sql[] =
    "SELECT i.id, i.dwelling_id, i.lease_id, i.kind, i.state, i.planned_date, i.done_at, "
    " i.entry_inspection_id, i.amends_id, i.amendment_kind, i.signed_at, i.content_sha256, "
    " i.landlord_name, i.landlord_address, i.tenant_new_address, i.observations, "
    " u.display_name, d.reference, d.type, "
    " coalesce(en.address, b.address, es.address) || coalesce(', ' || es.postcode, '') "
    "  || coalesce(' ' || es.town, ''), "
    " es.name, b.code, en.code, d.floor, d.door, l.start_date, l.end_date, l.deposit_cents, "
    " coalesce(substr(coalesce(ei.done_at, ei.signed_at), 1, 10), l.start_date), i.updated_at, "
    " coalesce(uu.display_name, i.updated_by) "
    "FROM inspection i JOIN dwelling d ON d.id = i.dwelling_id "
    "LEFT JOIN entrance en ON en.id = d.entrance_id LEFT JOIN building b ON b.id = en.building_id "
    "LEFT JOIN estate es ON es.id = b.estate_id LEFT JOIN lease l ON l.id = i.lease_id "
    "LEFT JOIN user_account u ON u.id = i.agent_id "
    "LEFT JOIN user_account uu ON uu.id = i.updated_by "
    "LEFT JOIN inspection ei ON ei.id = i.entry_inspection_id WHERE i.id = ?";

/* "Résidence X, bâtiment A, entrée 1, 3e étage, porte 31". */
static char *
location_of(struct db_stmt *st)
{
	char floor[PATRIMOINE_FLOOR_SIZE];
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "%s", db_col_text(st, 20) ? db_col_text(st, 20) : "");
	if (db_col_text(st, 21))
		buf_printf(&b, ", bâtiment %s", db_col_text(st, 21));
	if (db_col_text(st, 22))
		buf_printf(&b, ", entrée %s", db_col_text(st, 22));
	if (!db_col_is_null(st, 23)) {
		patrimoine_floor_label((int)db_col_int(st, 23), floor);
		buf_printf(&b, ", %s%s", floor, strcmp(floor, "RDC") == 0 ? "" : " étage");
	}
	if (db_col_text(st, 24))
		buf_printf(&b, ", porte %s", db_col_text(st, 24));
	return buf_steal(&b);
}

static int
load_head(struct db *db, struct inspection *in, const char *id, struct err *e)
{
	struct db_stmt *st = db_stmt(db, e, head_sql);
	int rc;

	if (st == NULL || db_bind(st, e, "t", id) != 0)
		return -1;
	if ((rc = db_step(st, e)) <= 0)
		return rc < 0 ? -1 : err_set(e, "état des lieux introuvable : %.40s", id);
	copy_col(in->id, sizeof in->id, st, 0);
	copy_col(in->dwelling_id, sizeof in->dwelling_id, st, 1);
	copy_col(in->lease_id, sizeof in->lease_id, st, 2);
	copy_col(in->kind, sizeof in->kind, st, 3);
	copy_col(in->state, sizeof in->state, st, 4);
	copy_col(in->planned_date, sizeof in->planned_date, st, 5);
	copy_col(in->done_at, sizeof in->done_at, st, 6);
	copy_col(in->entry_inspection_id, sizeof in->entry_inspection_id, st, 7);
	copy_col(in->amends_id, sizeof in->amends_id, st, 8);
	copy_col(in->amendment_kind, sizeof in->amendment_kind, st, 9);
	copy_col(in->signed_at, sizeof in->signed_at, st, 10);
	copy_col(in->content_sha256, sizeof in->content_sha256, st, 11);
	in->landlord_name = db_col_dup(st, 12);
	in->landlord_address = db_col_dup(st, 13);
	in->tenant_new_address = db_col_dup(st, 14);
	in->observations = db_col_dup(st, 15);
	in->agent_name = db_col_dup(st, 16);
	in->dwelling_ref = db_col_dup(st, 17);
	copy_col(in->dwelling_type, sizeof in->dwelling_type, st, 18);
	in->address = db_col_dup(st, 19);
	in->location = location_of(st);
	copy_col(in->lease_start, sizeof in->lease_start, st, 25);
	copy_col(in->lease_end, sizeof in->lease_end, st, 26);
	in->deposit_cents = db_col_is_null(st, 27) ? -1 : db_col_int(st, 27);
	copy_col(in->entry_date, sizeof in->entry_date, st, 28);
	in->updated_at = db_col_dup(st, 29);
	in->updated_by = db_col_dup(st, 30);
	db_reset(st);
	return 0;
}

static const char items_sql[] =
    "SELECT r.id, r.position, r.name, it.id, it.position, it.name, it.kind, it.nature, "
    " it.state, it.comment, it.charge, it.quantity, it.price_code "
    "FROM inspection_room r LEFT JOIN inspection_item it ON it.room_id = r.id "
    "WHERE r.inspection_id = ? ORDER BY r.position, r.id, it.position, it.id";

static void
item_fill(struct inspection_item *it, struct db_stmt *st)
{
	const char *s;

	copy_col(it->id, sizeof it->id, st, 3);
	it->position = (int)db_col_int(st, 4);
	it->name = db_col_dup(st, 5);
	it->kind = db_col_dup(st, 6);
	it->nature = db_col_dup(st, 7);
	it->state = (s = db_col_text(st, 8)) ? s[0] : 0;
	it->comment = db_col_dup(st, 9);
	copy_col(it->charge, sizeof it->charge, st, 10);
	it->quantity = db_col_is_null(st, 11) ? -1 : db_col_double(st, 11);
	it->price_code = db_col_dup(st, 12);
}

static int
load_rooms(struct db *db, struct inspection *in, struct err *e)
{
	struct db_stmt *st = db_stmt(db, e, items_sql);
	size_t rcap = 0, icap = 0;
	struct inspection_room *r;
	int rc;

	if (st == NULL || db_bind(st, e, "t", in->id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (in->nrooms == 0 || strcmp(in->rooms[in->nrooms - 1].id, db_col_text(st, 0)) != 0) {
			if (in->nrooms == rcap) {
				rcap = rcap ? rcap * 2 : 16;
				in->rooms = xreallocarray(in->rooms, rcap, sizeof *in->rooms);
			}
			r = &in->rooms[in->nrooms++];
			memset(r, 0, sizeof *r);
			copy_col(r->id, sizeof r->id, st, 0);
			r->position = (int)db_col_int(st, 1);
			r->name = db_col_dup(st, 2);
			r->first = in->nitems;
		}
		if (db_col_is_null(st, 3))
			continue;
		if (in->nitems == icap) {
			icap = icap ? icap * 2 : 64;
			in->items = xreallocarray(in->items, icap, sizeof *in->items);
		}
		memset(&in->items[in->nitems], 0, sizeof *in->items);
		item_fill(&in->items[in->nitems], st);
		in->items[in->nitems].room = in->nrooms - 1;
		in->nitems++;
		in->rooms[in->nrooms - 1].count++;
	}
	return rc < 0 ? -1 : 0;
}

static struct inspection_item *
item_by_id(struct inspection *in, const char *id)
{
	size_t i;

	/* Photos come in item order: the last match is usually the same. */
	for (i = 0; i < in->nitems; i++)
		if (strcmp(in->items[i].id, id) == 0)
			return &in->items[i];
	return NULL;
}

static int
load_photos(struct db *db, struct inspection *in, struct err *e)
{
	struct db_stmt *st = db_stmt(db, e, "SELECT p.item_id, p.sha256 FROM inspection_room r "
	    "JOIN inspection_item it ON it.room_id = r.id JOIN inspection_photo p ON p.item_id = it.id "
	    "WHERE r.inspection_id = ? ORDER BY p.item_id, p.sha256");
	struct inspection_item *it = NULL;
	int rc;

	if (st == NULL || db_bind(st, e, "t", in->id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (it == NULL || strcmp(it->id, db_col_text(st, 0)) != 0)
			it = item_by_id(in, db_col_text(st, 0));
		if (it == NULL)
			continue;
		it->photos = xreallocarray(it->photos, it->nphotos + 1, sizeof *it->photos);
		copy_col(it->photos[it->nphotos++], 65, st, 1);
	}
	return rc < 0 ? -1 : 0;
}

static int
load_meters(struct db *db, struct inspection *in, struct err *e)
{
	struct db_stmt *st = db_stmt(db, e, "SELECT id, kind, serial, reading FROM inspection_meter "
	    "WHERE inspection_id = ? ORDER BY CASE kind WHEN 'water_cold' THEN 1 "
	    "WHEN 'water_hot' THEN 2 WHEN 'elec_single' THEN 3 WHEN 'elec_peak' THEN 4 "
	    "WHEN 'elec_offpeak' THEN 5 WHEN 'gas' THEN 6 ELSE 7 END, rowid");
	struct inspection_meter *m;
	int rc;

	if (st == NULL || db_bind(st, e, "t", in->id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		in->meters = xreallocarray(in->meters, in->nmeters + 1, sizeof *in->meters);
		m = &in->meters[in->nmeters++];
		copy_col(m->id, sizeof m->id, st, 0);
		copy_col(m->kind, sizeof m->kind, st, 1);
		m->serial = db_col_dup(st, 2);
		m->reading = db_col_is_null(st, 3) ? -1 : db_col_double(st, 3);
	}
	return rc < 0 ? -1 : 0;
}

static int
load_keys(struct db *db, struct inspection *in, struct err *e)
{
	struct db_stmt *st = db_stmt(db, e, "SELECT id, kind, given, returned FROM inspection_key "
	    "WHERE inspection_id = ? ORDER BY rowid");
	struct inspection_key *k;
	int rc;

	if (st == NULL || db_bind(st, e, "t", in->id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		in->keys = xreallocarray(in->keys, in->nkeys + 1, sizeof *in->keys);
		k = &in->keys[in->nkeys++];
		copy_col(k->id, sizeof k->id, st, 0);
		copy_col(k->kind, sizeof k->kind, st, 1);
		k->given = (long)db_col_int(st, 2);
		k->returned = db_col_is_null(st, 3) ? -1 : (long)db_col_int(st, 3);
	}
	return rc < 0 ? -1 : 0;
}

static int
load_parties(struct db *db, struct inspection *in, struct err *e)
{
	struct db_stmt *st = db_stmt(db, e, "SELECT id, role, name, tenant_id, present, mandate, "
	    "signature_name, signed_at, refusal_reason, paper FROM inspection_party "
	    "WHERE inspection_id = ? ORDER BY CASE role WHEN 'tenant' THEN 1 WHEN 'mandatary' THEN 2 "
	    "WHEN 'landlord_agent' THEN 3 ELSE 4 END, rowid");
	struct inspection_party *p;
	int rc;

	if (st == NULL || db_bind(st, e, "t", in->id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		in->parties = xreallocarray(in->parties, in->nparties + 1, sizeof *in->parties);
		p = &in->parties[in->nparties++];
		memset(p, 0, sizeof *p);
		copy_col(p->id, sizeof p->id, st, 0);
		copy_col(p->role, sizeof p->role, st, 1);
		p->name = db_col_dup(st, 2);
		copy_col(p->tenant_id, sizeof p->tenant_id, st, 3);
		p->present = (int)db_col_int(st, 4);
		p->mandate = db_col_dup(st, 5);
		p->signature_name = db_col_dup(st, 6);
		copy_col(p->signed_at, sizeof p->signed_at, st, 7);
		p->refusal_reason = db_col_dup(st, 8);
		p->paper = (int)db_col_int(st, 9);
	}
	return rc < 0 ? -1 : 0;
}

/* At exit, each item's state at entry: same room name and item name. */
static int
load_entry_states(struct db *db, struct inspection *in, struct err *e)
{
	struct db_stmt *st;
	size_t i;
	int rc;

	if (!in->entry_inspection_id[0] || in->nitems == 0)
		return 0;
	st = db_stmt(db, e, "SELECT r.name, it.name, it.state, it.comment FROM inspection_room r "
	    "JOIN inspection_item it ON it.room_id = r.id WHERE r.inspection_id = ? "
	    "ORDER BY r.position, it.position");
	if (st == NULL || db_bind(st, e, "t", in->entry_inspection_id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		for (i = 0; i < in->nitems; i++) {
			struct inspection_item *it = &in->items[i];
			if (it->entry_state || strcmp(it->name, db_col_text(st, 1)) != 0 ||
			    strcmp(in->rooms[it->room].name, db_col_text(st, 0)) != 0)
				continue;
			it->entry_state = db_col_text(st, 2) ? db_col_text(st, 2)[0] : 'v';
			it->entry_comment = db_col_dup(st, 3);
			break;
		}
	}
	return rc < 0 ? -1 : 0;
}

/* The parties name the tenants: a load for a user is a display. */
static int
inspection_audit(struct db *db, const struct inspection *in, struct err *e)
{
	size_t i;

	for (i = 0; i < in->nparties; i++)
		if (strcmp(in->parties[i].role, "tenant") == 0 && in->parties[i].tenant_id[0])
			audit_note(in->parties[i].tenant_id, AUDIT_IDENTITY);
	return audit_flush(db, e);
}

int
inspection_load(struct db *db, const struct user *who, const char *id, struct inspection **out,
    struct err *e)
{
	struct inspection *in;

	*out = NULL;
	if (who != NULL && !perm_can_read(who->role, PG_INSPECTIONS)) {
		char *why = xasprintf("%s : réservé à %s", perm_group_label(PG_INSPECTIONS),
		    perm_group_owner(PG_INSPECTIONS));
		err_set(e, "%s", why);
		free(why);
		return -1;
	}
	in = xcalloc(1, sizeof *in);
	if (load_head(db, in, id, e) != 0 || load_rooms(db, in, e) != 0 ||
	    load_photos(db, in, e) != 0 || load_meters(db, in, e) != 0 ||
	    load_keys(db, in, e) != 0 || load_parties(db, in, e) != 0 ||
	    load_entry_states(db, in, e) != 0 || (who != NULL && inspection_audit(db, in, e) != 0)) {
		inspection_free(in);
		return -1;
	}
	*out = in;
	return 0;
}

void
inspection_free(struct inspection *in)
{
	size_t i;

	if (in == NULL)
		return;
	for (i = 0; i < in->nrooms; i++)
		free(in->rooms[i].name);
	for (i = 0; i < in->nitems; i++) {
		struct inspection_item *it = &in->items[i];
		free(it->name);
		free(it->kind);
		free(it->nature);
		free(it->comment);
		free(it->price_code);
		free(it->photos);
		free(it->entry_comment);
	}
	for (i = 0; i < in->nmeters; i++)
		free(in->meters[i].serial);
	for (i = 0; i < in->nparties; i++) {
		free(in->parties[i].name);
		free(in->parties[i].mandate);
		free(in->parties[i].signature_name);
		free(in->parties[i].refusal_reason);
	}
	free(in->rooms);
	free(in->items);
	free(in->meters);
	free(in->keys);
	free(in->parties);
	free(in->landlord_name);
	free(in->landlord_address);
	free(in->tenant_new_address);
	free(in->observations);
	free(in->agent_name);
	free(in->dwelling_ref);
	free(in->address);
	free(in->location);
	free(in->updated_at);
	free(in->updated_by);
	free(in);
}

/* ---- A dwelling's inspections ---- */

int
inspection_list(struct db *db, const struct user *who, const char *dwelling_id,
    struct inspection_row **rows, size_t *n, struct err *e)
{
	struct db_stmt *st;
	struct inspection_row *r;
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if (who != NULL && !perm_can_read(who->role, PG_INSPECTIONS))
		return err_set(e, "%s : réservé à %s", perm_group_label(PG_INSPECTIONS),
		    perm_group_owner(PG_INSPECTIONS));
	st = db_stmt(db, e, "SELECT i.id, i.kind, i.state, i.planned_date, i.done_at, i.amends_id, "
	    " i.amendment_kind, (SELECT count(*) FROM inspection_room r JOIN inspection_item it "
	    "  ON it.room_id = r.id WHERE r.inspection_id = i.id), "
	    " (SELECT count(*) FROM inspection_room r JOIN inspection_item it "
	    "  ON it.room_id = r.id WHERE r.inspection_id = i.id AND it.state IN ('m','x')) "
	    "FROM inspection i WHERE i.dwelling_id = ? "
	    "ORDER BY coalesce(i.done_at, i.planned_date, i.updated_at) DESC, i.id DESC");
	if (st == NULL || db_bind(st, e, "t", dwelling_id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		r = &(*rows)[(*n)++];
		memset(r, 0, sizeof *r);
		copy_col(r->id, sizeof r->id, st, 0);
		copy_col(r->kind, sizeof r->kind, st, 1);
		copy_col(r->state, sizeof r->state, st, 2);
		copy_col(r->planned_date, sizeof r->planned_date, st, 3);
		copy_col(r->done_at, sizeof r->done_at, st, 4);
		copy_col(r->amends_id, sizeof r->amends_id, st, 5);
		copy_col(r->amendment_kind, sizeof r->amendment_kind, st, 6);
		r->nitems = (long)db_col_int(st, 7);
		r->ndegraded = (long)db_col_int(st, 8);
	}
	if (rc < 0) {
		free(*rows);
		*rows = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* ---- What the signature covers ---- */

/* One "name=value" line; values have their line feeds and backslashes
 * escaped so that the text parses back unambiguously. */
static void
canon(struct buf *b, const char *name, const char *value)
{
	const char *s = value ? value : "";
	size_t n;

	/* Spans between the bytes to escape: the demo seals 100,000 of
	 * these documents. */
	buf_adds(b, name);
	buf_addc(b, '=');
	for (;;) {
		n = strcspn(s, "\\\n");
		buf_add(b, s, n);
		s += n;
		if (*s == '\0')
			break;
		buf_adds(b, *s == '\\' ? "\\\\" : "\\n");
		s++;
	}
	buf_addc(b, '\n');
}

static void
canon_num(struct buf *b, const char *name, double v)
{
	char s[64];

	if (v < 0)
		s[0] = '\0';
	else
		snprintf(s, sizeof s, "%.3f", v);
	canon(b, name, s);
}

static void
canon_long(struct buf *b, const char *name, long v)
{
	char s[32];

	if (v < 0)
		s[0] = '\0';
	else
		snprintf(s, sizeof s, "%ld", v);
	canon(b, name, s);
}

static void
canon_head(struct buf *b, const struct inspection *in)
{
	canon(b, "loge-inspection", "1");
	canon(b, "id", in->id);
	canon(b, "kind", in->kind);
	/* Ids, not the dwelling's address: the patrimoine may be corrected
	 * after signing without touching what was signed. */
	canon(b, "dwelling", in->dwelling_id);
	canon(b, "lease", in->lease_id);
	canon(b, "done_at", in->done_at);
	canon(b, "entry_date", in->entry_date);
	canon(b, "amends", in->amends_id);
	canon(b, "amendment_kind", in->amendment_kind);
	canon(b, "landlord_name", in->landlord_name);
	canon(b, "landlord_address", in->landlord_address);
	canon(b, "tenant_new_address", in->tenant_new_address);
	canon(b, "observations", in->observations);
}

static void
canon_items(struct buf *b, const struct inspection *in)
{
	char st[2] = {0, 0};
	size_t r, i, p;

	for (r = 0; r < in->nrooms; r++) {
		canon(b, "room", in->rooms[r].name);
		for (i = in->rooms[r].first; i < in->rooms[r].first + in->rooms[r].count; i++) {
			const struct inspection_item *it = &in->items[i];
			st[0] = it->state;
			canon(b, "item", it->name);
			canon(b, "nature", it->nature);
			canon(b, "state", st);
			canon(b, "comment", it->comment);
			canon(b, "charge", it->charge);
			canon_num(b, "quantity", it->quantity);
			canon(b, "price", it->price_code);
			for (p = 0; p < it->nphotos; p++)
				canon(b, "photo", it->photos[p]);
		}
	}
}

static void
canon_lines(struct buf *b, const struct inspection *in)
{
	size_t i;

	for (i = 0; i < in->nmeters; i++) {
		canon(b, "meter", in->meters[i].kind);
		canon(b, "serial", in->meters[i].serial);
		canon_num(b, "reading", in->meters[i].reading);
	}
	for (i = 0; i < in->nkeys; i++) {
		canon(b, "key", in->keys[i].kind);
		canon_long(b, "given", in->keys[i].given);
		canon_long(b, "returned", in->keys[i].returned);
	}
	for (i = 0; i < in->nparties; i++) {
		const struct inspection_party *p = &in->parties[i];
		canon(b, "party", p->role);
		canon(b, "name", p->name);
		canon(b, "present", p->present ? "1" : "0");
		canon(b, "mandate", p->mandate);
		canon(b, "signature", p->signature_name);
		canon(b, "signed_at", p->signed_at);
		canon(b, "refusal", p->refusal_reason);
		canon(b, "paper", p->paper ? "1" : "0");
	}
}

char *
inspection_canonical(const struct inspection *in)
{
	struct buf b;

	buf_init(&b);
	canon_head(&b, in);
	canon_items(&b, in);
	canon_lines(&b, in);
	canon(&b, "signed_at", in->signed_at);
	return buf_steal(&b);
}

void
inspection_digest(const struct inspection *in, char out[65])
{
	char *text = inspection_canonical(in);

	sha256_hex(text, strlen(text), out);
	free(text);
}

int
inspection_verify(const struct inspection *in)
{
	char sha[65];

	if (strcmp(in->state, "signed") != 0 || !in->content_sha256[0])
		return -1;
	inspection_digest(in, sha);
	return strcmp(sha, in->content_sha256) == 0;
}

/* ---- Deadlines ---- */

void
inspection_deadlines(const char *done, char ten_day[DT_DATE_SIZE],
    char heating_from[DT_DATE_SIZE], char heating_to[DT_DATE_SIZE])
{
	char day[DT_DATE_SIZE];
	int month;

	ten_day[0] = heating_from[0] = heating_to[0] = '\0';
	snprintf(day, sizeof day, "%.10s", done ? done : "");
	if (!dt_date_valid(day))
		return;
	month = atoi(day + 5);
	dt_from_days(dt_days(day) + 10, ten_day);
	/* Entered out of the heating season (May to September): the first
	 * month of the next one. Within it, the tenant saw the heating work
	 * and the 10 days cover it. */
	if (month >= 5 && month <= 9) {
		snprintf(heating_from, DT_DATE_SIZE, "%.4s-10-01", day);
		snprintf(heating_to, DT_DATE_SIZE, "%.4s-10-31", day);
	}
}

/* ---- Price list ---- */

int
inspection_prices(struct db *db, struct price_row **rows, size_t *n, struct err *e)
{
	struct db_stmt *st = db_stmt(db, e, "SELECT code, label, unit, unit_price_cents "
	    "FROM price_list ORDER BY code");
	struct price_row *r;
	int rc;

	*rows = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		*rows = xreallocarray(*rows, *n + 1, sizeof **rows);
		r = &(*rows)[(*n)++];
		r->code = db_col_dup(st, 0);
		r->label = db_col_dup(st, 1);
		copy_col(r->unit, sizeof r->unit, st, 2);
		r->unit_price_cents = db_col_int(st, 3);
	}
	if (rc < 0) {
		inspection_prices_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
inspection_prices_free(struct price_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].code);
		free(rows[i].label);
	}
	free(rows);
}
