/* The detail of one event (history_detail_load): the row behind a line of
 * the history, read in full for the screen Enter opens. The list itself
 * is in history.c. */
#include "history_internal.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "field.h"
#include "sheet.h"
#include "xalloc.h"

struct hd_ctx {
	struct db *db;
	const char *today;
	int names; /* tenants' names allowed */
	int money; /* amounts allowed */
	struct history_detail *d;
	size_t cap;
};

typedef int (*hd_loader_fn)(struct hd_ctx *, const char *id, struct err *);

static int hd_lease(struct hd_ctx *, const char *, struct err *);
static int hd_inspection(struct hd_ctx *, const char *, struct err *);
static int hd_claim(struct hd_ctx *, const char *, struct err *);
static int hd_work_order(struct hd_ctx *, const char *, struct err *);
static int hd_works(struct hd_ctx *, const char *, struct err *);
static int hd_equipment(struct hd_ctx *, const char *, struct err *);
static int hd_logbook(struct hd_ctx *, const char *, struct err *);
static int hd_note(struct hd_ctx *, const char *, struct err *);

/* Per kind (its table and reading right come from history_kinds and
 * history_kind_group): the loader, and what a missing row is called. */
static const struct {
	hd_loader_fn load;
	const char *name;
} hd_loaders[H_KIND_COUNT] = {
	[H_LEASE] = {hd_lease, "bail"},
	[H_INSPECTION] = {hd_inspection, "état des lieux"},
	[H_CLAIM] = {hd_claim, "réclamation"},
	[H_WORK_ORDER] = {hd_work_order, "intervention"},
	[H_WORKS] = {hd_works, "travaux"},
	[H_EQUIPMENT] = {hd_equipment, "équipement"},
	[H_LOGBOOK] = {hd_logbook, "entrée de main courante"},
	[H_NOTE] = {hd_note, "note"},
};

struct hd_code {
	const char *code;
	const char *label;
};

static const struct hd_code hd_channels[] = {
	{"lodge", "loge du gardien"},
	{"phone", "téléphone"},
	{"letter", "courrier"},
	{"counter", "accueil de l'agence"},
	{"online", "en ligne"},
};

static const struct hd_code hd_party_roles[] = {
	{"tenant", "Locataire"},
	{"landlord_agent", "Représentant du bailleur"},
	{"mandatary", "Mandataire"},
	{"bailiff", "Commissaire de justice"},
};

static const struct hd_code hd_item_states[] = {
	{"n", "Neuf"},
	{"b", "Bon état"},
	{"u", "État d'usage"},
	{"m", "Mauvais état"},
	{"x", "Hors service ou absent"},
	{"v", "Non vérifié"},
};

#define HD_LOOKUP(tab, code) hd_lookup((tab), sizeof (tab) / sizeof (tab)[0], (code))

/* Where a row is, from whichever place columns its table has: each
 * table's query aliases itself x. */
#define P_DW "(SELECT reference FROM dwelling WHERE id = x.dwelling_id)"
#define P_EN "(SELECT 'Bât. ' || b.code || ', entrée ' || e.code FROM entrance e " \
	" JOIN building b ON b.id = e.building_id WHERE e.id = x.entrance_id)"
#define P_BL "(SELECT 'Bât. ' || code FROM building WHERE id = x.building_id)"
#define P_CA "(SELECT name FROM common_area WHERE id = x.common_area_id)"
#define P_ES "(SELECT name FROM estate WHERE id = x.estate_id)"

static const char *
hd_lookup(const struct hd_code *t, size_t n, const char *code)
{
	size_t i;

	if (code == NULL)
		return "";
	for (i = 0; i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return t[i].label;
	return code;
}

/* Adds a line, taking value (NULL reads "non renseigné"). */
static void
hd_take(struct hd_ctx *c, const char *label, char *value)
{
	struct history_detail *d = c->d;

	if (d->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		d->lines = xreallocarray(d->lines, c->cap, sizeof *d->lines);
	}
	d->lines[d->n].label = label ? xstrdup(label) : NULL;
	d->lines[d->n].value = value ? value : xstrdup("non renseigné");
	d->n++;
}

static void
hd_add(struct hd_ctx *c, const char *label, const char *value)
{
	hd_take(c, label, value ? xstrdup(value) : NULL);
}

/* A text of several lines: the first beside its label, the others as
 * lines of text below. */
static void
hd_text(struct hd_ctx *c, const char *label, const char *text)
{
	const char *p = text, *nl;

	if (text == NULL) {
		hd_add(c, label, NULL);
		return;
	}
	for (;;) {
		nl = strchr(p, '\n');
		hd_take(c, p == text ? label : NULL, nl ? xstrndup(p, (size_t)(nl - p)) :
		    xstrdup(p));
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

/* "2025-01-03T10:12:00Z" -> "2025-01-03 10:12" (UTC, as stored); a date
 * stays as it is; NULL for NULL. The caller frees. */
static char *
hd_moment(const char *stamp)
{
	if (stamp == NULL)
		return NULL;
	if (strlen(stamp) < 16 || stamp[10] != 'T')
		return xstrdup(stamp);
	return xasprintf("%.10s %.5s", stamp, stamp + 11);
}

static void
hd_add_moment(struct hd_ctx *c, const char *label, const char *stamp)
{
	hd_take(c, label, hd_moment(stamp));
}

static void
hd_add_money(struct hd_ctx *c, const char *label, struct db_stmt *st, int col)
{
	/* Named when hidden, so that the reader knows whom to ask. */
	if (c->money)
		hd_take(c, label, db_col_is_null(st, col) ? NULL :
		    sheet_money(db_col_int(st, col)));
	else
		hd_take(c, label, field_reserved(PG_MONEY));
}

/* The one row of sql (one parameter, the id): st on it, or NULL with e
 * set. The caller ends it with hd_end. */
static struct db_stmt *
hd_row(struct hd_ctx *c, const char *sql, const char *id, const char *name, struct err *e)
{
	struct db_stmt *st = db_stmt(c->db, e, sql);
	int rc;

	if (st == NULL || db_bind(st, e, "t", id) != 0)
		return NULL;
	rc = db_step(st, e);
	if (rc == 0)
		err_set(e, "%s introuvable (%s)", name, id);
	return rc == 1 ? st : NULL;
}

/* Steps past the last row, so that the statement is reset. */
static int
hd_end(struct db_stmt *st, struct err *e)
{
	int rc;

	while ((rc = db_step(st, e)) == 1)
		;
	return rc;
}

/* "2025-01-03 10:12 · nouvelle → transmise · par Martin L. · commentaire"
 * for each row of a claim_event or work_order_event query (at, from, to,
 * user, comment). */
static int
hd_events(struct hd_ctx *c, const char *sql, const char *id, enum sheet_vocab v,
    struct err *e)
{
	struct db_stmt *st = db_stmt(c->db, e, sql);
	const char *from, *to, *who, *comment;
	char *at, *name;
	struct buf b;
	int rc;

	if (st == NULL || db_bind(st, e, "t", id) != 0)
		return -1;
	hd_take(c, NULL, xstrdup("Suivi"));
	while ((rc = db_step(st, e)) == 1) {
		from = db_col_text(st, 1);
		to = db_col_text(st, 2);
		who = db_col_text(st, 3);
		comment = db_col_text(st, 4);
		at = hd_moment(db_col_text(st, 0));
		buf_init(&b);
		buf_adds(&b, at);
		if (to != NULL)
			buf_printf(&b, " · %s%s%s", from ? sheet_label(v, from) : "",
			    from ? " → " : "", sheet_label(v, to));
		if (who != NULL) {
			name = sheet_short_name(who);
			buf_printf(&b, " · par %s", name);
			free(name);
		}
		if (comment != NULL && *comment != '\0')
			buf_printf(&b, " · %s", comment);
		hd_take(c, NULL, buf_steal(&b));
		free(at);
	}
	return rc;
}

#define HD_EVENTS(table, parent) \
	"SELECT x.at, x.from_status, x.to_status, u.display_name, x.comment FROM " table " x " \
	"LEFT JOIN user_account u ON u.id = x.user_id WHERE x." parent " = ? " \
	"ORDER BY x.at, x.rowid"

/* ---- Claims and work orders ---- */

static void
hd_claim_lines(struct hd_ctx *c, struct db_stmt *st)
{
	c->d->title = xasprintf("Réclamation %s", db_col_text(st, 0));
	hd_add(c, "Numéro", db_col_text(st, 0));
	hd_add(c, "Lieu", db_col_text(st, 1));
	hd_add(c, "Catégorie", db_col_text(st, 2));
	hd_add(c, "Urgence", db_col_text(st, 3));
	hd_add(c, "Canal", HD_LOOKUP(hd_channels, db_col_text(st, 4)));
	hd_text(c, "Description", db_col_text(st, 5));
	hd_add(c, "Statut", sheet_label(SV_CLAIM_STATUS, db_col_text(st, 6)));
	hd_add_moment(c, "Ouverte le", db_col_text(st, 7));
	hd_add_moment(c, "Échéance", db_col_text(st, 8));
	if (!db_col_is_null(st, 9))
		hd_add_moment(c, "Close le", db_col_text(st, 9));
	if (c->names && !db_col_is_null(st, 10)) {
		hd_take(c, "Locataire", sheet_person(db_col_text(st, 10), db_col_text(st, 11),
		    (int)db_col_int(st, 12)));
		if (!db_col_int(st, 12))
			audit_note(db_col_text(st, 13), AUDIT_IDENTITY);
	}
}

static int
hd_claim(struct hd_ctx *c, const char *id, struct err *e)
{
	struct db_stmt *st;
	int rc, heading = 0;

	st = hd_row(c, "SELECT x.number, coalesce(" P_DW ", " P_EN ", " P_BL ", " P_CA "), "
	    "coalesce(cc.label, x.category), coalesce(cu.label, x.urgency), x.channel, "
	    "x.description, x.status, x.opened_at, x.due_at, x.closed_at, t.last_name, "
	    "t.first_name, t.anonymised, x.tenant_id FROM claim x "
	    "LEFT JOIN claim_category cc ON cc.code = x.category "
	    "LEFT JOIN claim_urgency cu ON cu.code = x.urgency "
	    "LEFT JOIN tenant t ON t.id = x.tenant_id WHERE x.id = ?", id, "réclamation", e);
	if (st == NULL)
		return -1;
	hd_claim_lines(c, st);
	if (hd_end(st, e) != 0 ||
	    hd_events(c, HD_EVENTS("claim_event", "claim_id"), id, SV_CLAIM_STATUS, e) != 0)
		return -1;
	st = db_stmt(c->db, e, "SELECT w.number, k.name, w.status FROM work_order w "
	    "LEFT JOIN contractor k ON k.id = w.contractor_id WHERE w.claim_id = ? "
	    "ORDER BY w.ordered_at, w.number");
	if (st == NULL || db_bind(st, e, "t", id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (heading++ == 0)
			hd_take(c, NULL, xstrdup("Interventions"));
		hd_take(c, db_col_text(st, 0), xasprintf("%s — %s",
		    db_col_text(st, 1) ? db_col_text(st, 1) : "entreprise inconnue",
		    sheet_label(SV_WORK_ORDER_STATUS, db_col_text(st, 2))));
	}
	return rc;
}

static int
hd_work_order(struct hd_ctx *c, const char *id, struct err *e)
{
	struct db_stmt *st;

	st = hd_row(c, "SELECT x.number, coalesce(" P_DW ", " P_EN ", " P_BL ", " P_CA "), "
	    "k.name, ct.label, x.description, x.planned_date, x.status, x.ordered_at, "
	    "x.amount_cents, cl.number FROM work_order x "
	    "LEFT JOIN contractor k ON k.id = x.contractor_id "
	    "LEFT JOIN contract ct ON ct.id = x.contract_id "
	    "LEFT JOIN claim cl ON cl.id = x.claim_id WHERE x.id = ?", id, "intervention", e);
	if (st == NULL)
		return -1;
	c->d->title = xasprintf("Intervention %s", db_col_text(st, 0));
	hd_add(c, "Numéro", db_col_text(st, 0));
	hd_add(c, "Lieu", db_col_text(st, 1));
	hd_add(c, "Entreprise", db_col_text(st, 2));
	hd_add(c, "Contrat", db_col_text(st, 3));
	if (!db_col_is_null(st, 9))
		hd_add(c, "Réclamation", db_col_text(st, 9));
	hd_text(c, "Description", db_col_text(st, 4));
	hd_add_moment(c, "Commandée le", db_col_text(st, 7));
	hd_add(c, "Date prévue", db_col_text(st, 5));
	hd_add(c, "Statut", sheet_label(SV_WORK_ORDER_STATUS, db_col_text(st, 6)));
	hd_add_money(c, "Montant", st, 8);
	if (hd_end(st, e) != 0)
		return -1;
	return hd_events(c, HD_EVENTS("work_order_event", "work_order_id"), id,
	    SV_WORK_ORDER_STATUS, e);
}

/* ---- Inspections ---- */

/* "présent, signé le 2019-02-28 10:30", "absent, refus : ..." */
static char *
hd_party_state(struct db_stmt *st)
{
	const char *refusal = db_col_text(st, 4);
	char *at = hd_moment(db_col_text(st, 3)), *v;

	if (at != NULL)
		v = xasprintf("%s, signé le %s", db_col_int(st, 2) ? "présent" : "absent", at);
	else if (refusal != NULL)
		v = xasprintf("%s, refus de signer : %s", db_col_int(st, 2) ? "présent" : "absent",
		    refusal);
	else
		v = xstrdup(db_col_int(st, 2) ? "présent" : "absent");
	free(at);
	return v;
}

/* One line per party: a tenant's name only with the right to it. */
static int
hd_parties(struct hd_ctx *c, const char *id, struct err *e)
{
	struct db_stmt *st = db_stmt(c->db, e, "SELECT role, name, present, signed_at, "
	    "refusal_reason, tenant_id FROM inspection_party WHERE inspection_id = ? "
	    "ORDER BY rowid");
	char *state;
	int rc;

	if (st == NULL || db_bind(st, e, "t", id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		state = hd_party_state(st);
		if (strcmp(db_col_text(st, 0), "tenant") == 0 && !c->names)
			hd_take(c, "Locataire", state);
		else {
			if (strcmp(db_col_text(st, 0), "tenant") == 0)
				audit_note(db_col_text(st, 5), AUDIT_IDENTITY);
			hd_take(c, HD_LOOKUP(hd_party_roles, db_col_text(st, 0)),
			    xasprintf("%s — %s", db_col_text(st, 1), state));
			free(state);
		}
	}
	return rc;
}

/* Rooms, items, meters and keys, then the items per state. */
static int
hd_counts(struct hd_ctx *c, const char *id, struct err *e)
{
	struct db_stmt *st = hd_row(c, "SELECT "
	    "(SELECT count(*) FROM inspection_room WHERE inspection_id = ?1), "
	    "(SELECT count(*) FROM inspection_room r JOIN inspection_item it "
	    " ON it.room_id = r.id WHERE r.inspection_id = ?1), "
	    "(SELECT count(*) FROM inspection_meter WHERE inspection_id = ?1), "
	    "(SELECT coalesce(sum(given), 0) FROM inspection_key WHERE inspection_id = ?1)",
	    id, "état des lieux", e);
	size_t i;

	if (st == NULL)
		return -1;
	hd_take(c, "Pièces", xasprintf("%lld", (long long)db_col_int(st, 0)));
	hd_take(c, "Éléments", xasprintf("%lld", (long long)db_col_int(st, 1)));
	hd_take(c, "Compteurs relevés", xasprintf("%lld", (long long)db_col_int(st, 2)));
	hd_take(c, "Clés remises", xasprintf("%lld", (long long)db_col_int(st, 3)));
	if (hd_end(st, e) != 0)
		return -1;
	st = db_stmt(c->db, e, "SELECT count(*) FROM inspection_room r JOIN inspection_item it "
	    "ON it.room_id = r.id WHERE r.inspection_id = ? AND it.state = ?");
	for (i = 0; st != NULL && i < sizeof hd_item_states / sizeof hd_item_states[0]; i++) {
		if (db_bind(st, e, "tt", id, hd_item_states[i].code) != 0 ||
		    db_step(st, e) != 1)
			return -1;
		hd_take(c, hd_item_states[i].label, xasprintf("%lld élément(s)",
		    (long long)db_col_int(st, 0)));
		if (hd_end(st, e) != 0)
			return -1;
	}
	return st == NULL ? -1 : 0;
}

static void
hd_inspection_lines(struct hd_ctx *c, struct db_stmt *st)
{
	const char *kind = sheet_label(SV_INSPECTION_KIND, db_col_text(st, 0));
	const char *day = db_col_text(st, 3) ? db_col_text(st, 3) :
	    db_col_text(st, 4) ? db_col_text(st, 4) : db_col_text(st, 2);

	c->d->title = day ? xasprintf("%s du %.10s", kind, day) : xstrdup(kind);
	hd_add(c, "Type", kind);
	if (!db_col_is_null(st, 6))
		hd_add(c, "Complément", sheet_label(SV_AMENDMENT, db_col_text(st, 6)));
	hd_add(c, "Logement", db_col_text(st, 9));
	hd_add(c, "État", sheet_label(SV_INSPECTION_STATE, db_col_text(st, 1)));
	hd_add(c, "Prévu le", db_col_text(st, 2));
	hd_add_moment(c, "Réalisé le", db_col_text(st, 3));
	hd_add_moment(c, "Signé le", db_col_text(st, 4));
	hd_add(c, "Agent", db_col_text(st, 5));
	if (!db_col_is_null(st, 8))
		hd_text(c, "Observations", db_col_text(st, 8));
	if (!db_col_is_null(st, 7))
		hd_add(c, "Empreinte SHA-256", db_col_text(st, 7));
}

static int
hd_inspection(struct hd_ctx *c, const char *id, struct err *e)
{
	struct db_stmt *st;

	st = hd_row(c, "SELECT x.kind, x.state, x.planned_date, x.done_at, x.signed_at, "
	    "u.display_name, x.amendment_kind, x.content_sha256, x.observations, " P_DW " "
	    "FROM inspection x LEFT JOIN user_account u ON u.id = x.agent_id WHERE x.id = ?",
	    id, "état des lieux", e);
	if (st == NULL)
		return -1;
	hd_inspection_lines(c, st);
	if (hd_end(st, e) != 0 || hd_parties(c, id, e) != 0)
		return -1;
	return hd_counts(c, id, e);
}

/* ---- Leases ---- */

static int
hd_lease(struct hd_ctx *c, const char *id, struct err *e)
{
	struct db_stmt *st;
	int rc;

	st = hd_row(c, "SELECT x.reference, " P_DW ", x.start_date, x.end_date, "
	    "x.deposit_cents FROM lease x WHERE x.id = ?", id, "bail", e);
	if (st == NULL)
		return -1;
	c->d->title = db_col_text(st, 0) ? xasprintf("Bail %s", db_col_text(st, 0)) :
	    xasprintf("Bail du %s", db_col_text(st, 2));
	hd_add(c, "Référence", db_col_text(st, 0));
	hd_add(c, "Logement", db_col_text(st, 1));
	hd_add(c, "Début", db_col_text(st, 2));
	hd_add(c, "Fin", db_col_text(st, 3) ? db_col_text(st, 3) : "en cours");
	hd_add_money(c, "Dépôt de garantie", st, 4);
	if (hd_end(st, e) != 0)
		return -1;
	if (!c->names)
		return 0;
	st = db_stmt(c->db, e, "SELECT t.last_name, t.first_name, t.anonymised, t.id "
	    "FROM lease_tenant lt JOIN tenant t ON t.id = lt.tenant_id WHERE lt.lease_id = ? "
	    "ORDER BY lt.rowid");
	if (st == NULL || db_bind(st, e, "t", id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		hd_take(c, "Locataire", sheet_person(db_col_text(st, 0), db_col_text(st, 1),
		    (int)db_col_int(st, 2)));
		if (!db_col_int(st, 2))
			audit_note(db_col_text(st, 3), AUDIT_IDENTITY);
	}
	return rc;
}

/* ---- Works and equipment ---- */

static int
hd_works(struct hd_ctx *c, const char *id, struct err *e)
{
	struct db_stmt *st;

	st = hd_row(c, "SELECT x.date, x.kind, x.description, x.amount_cents, k.name, "
	    "coalesce(" P_DW ", " P_BL ", " P_ES ", " P_CA "), wo.number FROM works x "
	    "LEFT JOIN contractor k ON k.id = x.contractor_id "
	    "LEFT JOIN work_order wo ON wo.id = x.work_order_id WHERE x.id = ?", id, "travaux", e);
	if (st == NULL)
		return -1;
	c->d->title = xasprintf("Travaux du %s", db_col_text(st, 0));
	hd_add(c, "Date", db_col_text(st, 0));
	hd_add(c, "Lieu", db_col_text(st, 5));
	hd_add(c, "Nature", sheet_label(SV_WORKS, db_col_text(st, 1)));
	hd_text(c, "Description", db_col_text(st, 2));
	hd_add_money(c, "Montant", st, 3);
	hd_add(c, "Entreprise", db_col_text(st, 4));
	if (!db_col_is_null(st, 6))
		hd_add(c, "Intervention", db_col_text(st, 6));
	return hd_end(st, e);
}

static void
hd_equipment_age(struct hd_ctx *c, struct db_stmt *st)
{
	long age, life = (long)db_col_int(st, 5);

	if (!db_col_is_null(st, 5))
		hd_take(c, "Durée de vie", xasprintf("%ld an%s", life, life > 1 ? "s" : ""));
	if (db_col_is_null(st, 4))
		return;
	age = sheet_years(db_col_text(st, 4), c->today);
	hd_take(c, "Âge", age == 0 ? xstrdup("moins d'un an") :
	    xasprintf("%ld an%s%s", age, age > 1 ? "s" : "",
	    !db_col_is_null(st, 5) && age >= life ? " — durée de vie dépassée" : ""));
}

static int
hd_equipment(struct hd_ctx *c, const char *id, struct err *e)
{
	struct db_stmt *st;
	char *kind;

	st = hd_row(c, "SELECT x.kind, x.make, x.model, x.serial, x.install_date, "
	    "x.lifetime_years, coalesce(" P_DW ", " P_BL ", " P_CA ") FROM equipment x "
	    "WHERE x.id = ?", id, "équipement", e);
	if (st == NULL)
		return -1;
	kind = sheet_lower_first(sheet_label(SV_EQUIPMENT, db_col_text(st, 0)));
	c->d->title = xasprintf("Équipement : %s", kind);
	free(kind);
	hd_add(c, "Type", sheet_label(SV_EQUIPMENT, db_col_text(st, 0)));
	hd_add(c, "Lieu", db_col_text(st, 6));
	hd_add(c, "Marque", db_col_text(st, 1));
	hd_add(c, "Modèle", db_col_text(st, 2));
	hd_add(c, "Numéro de série", db_col_text(st, 3));
	hd_add(c, "Posé le", db_col_text(st, 4));
	hd_equipment_age(c, st);
	return hd_end(st, e);
}

/* ---- Logbook and notes ---- */

static int
hd_writing(struct hd_ctx *c, const char *sql, const char *id, const char *what,
    const char *name, struct err *e)
{
	struct db_stmt *st = hd_row(c, sql, id, name, e);
	char *at;

	if (st == NULL)
		return -1;
	at = hd_moment(db_col_text(st, 0));
	c->d->title = xasprintf("%s du %s", what, at);
	hd_add(c, "Auteur", db_col_text(st, 1));
	hd_take(c, "Date", at);
	hd_add(c, "Lieu", db_col_text(st, 3) ? db_col_text(st, 3) : "tout le secteur");
	hd_take(c, NULL, xstrdup(""));
	hd_text(c, NULL, db_col_text(st, 2));
	return hd_end(st, e);
}

static int
hd_logbook(struct hd_ctx *c, const char *id, struct err *e)
{
	return hd_writing(c, "SELECT x.at, u.display_name, x.text, "
	    "coalesce(" P_DW ", " P_EN ", " P_BL ") FROM logbook_entry x "
	    "LEFT JOIN user_account u ON u.id = x.author_id WHERE x.id = ?", id,
	    "Main courante", "entrée de main courante", e);
}

static int
hd_note(struct hd_ctx *c, const char *id, struct err *e)
{
	return hd_writing(c, "SELECT x.at, u.display_name, x.text, "
	    "coalesce(" P_DW ", " P_BL ", " P_ES ") FROM note x "
	    "LEFT JOIN user_account u ON u.id = x.author_id WHERE x.id = ?", id,
	    "Note", "note", e);
}

/* ---- Entry point ---- */

int
history_detail_load(struct db *db, const char *role, const char *table, const char *row_id,
    const char *today, struct history_detail **out, struct err *e)
{
	struct hd_ctx c;
	int k;

	*out = NULL;
	for (k = 0; k < H_KIND_COUNT; k++)
		if (table != NULL && strcmp(history_kinds[k].table, table) == 0)
			break;
	if (k == H_KIND_COUNT)
		return err_set(e, "détail : type d'événement inconnu (%s)", table ? table : "");
	if (!perm_can_read(role, history_kind_group(k)))
		return err_set(e, "%s : accès refusé au rôle « %s »",
		    perm_group_label(history_kind_group(k)), role ? role : "");
	memset(&c, 0, sizeof c);
	c.db = db;
	c.today = today;
	c.names = perm_can_read(role, PG_TENANT_IDENTITY);
	c.money = perm_can_read(role, PG_MONEY);
	c.d = xcalloc(1, sizeof *c.d);
	if (hd_loaders[k].load(&c, row_id, e) != 0) {
		audit_discard();
		history_detail_free(c.d);
		return err_prefix(e, "détail : ");
	}
	if (audit_flush(db, e) != 0) {
		history_detail_free(c.d);
		return -1;
	}
	*out = c.d;
	return 0;
}

void
history_detail_free(struct history_detail *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->lines[i].label);
		free(d->lines[i].value);
	}
	free(d->lines);
	free(d->title);
	free(d);
}
