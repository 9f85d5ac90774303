#include "sheet.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "field.h"
#include "patrimoine.h"
#include "perm.h"
#include "user.h"
#include "utf8.h"
#include "xalloc.h"

/* One block being loaded, and the newest change seen among its rows. */
struct sheet_ctx {
	struct db *db;
	const char *role;
	const char *today;
	struct sheet *s;
	struct sheet_block *b;
	char at[DT_STAMP_SIZE];
	char by[UID_SIZE];
};

typedef int (*sheet_block_fn)(struct sheet_ctx *, struct err *);

static int sheet_technical(struct sheet_ctx *, struct err *);
static int sheet_equipment(struct sheet_ctx *, struct err *);
static int sheet_lease(struct sheet_ctx *, struct err *);
static int sheet_works(struct sheet_ctx *, struct err *);
static int sheet_inspection(struct sheet_ctx *, struct err *);
static int sheet_claims(struct sheet_ctx *, struct err *);
static int sheet_notes(struct sheet_ctx *, struct err *);

/* A role sees a block with group, or with alt (PG_COUNT: no alternative):
 * the tenant's name without the lease, for maintenance staff. */
static const struct sheet_block_def {
	const char *title;
	enum perm_group group;
	enum perm_group alt;
	sheet_block_fn load;
} sheet_blocks[SB_COUNT] = {
	[SB_TECHNICAL] = {"Caractéristiques techniques", PG_TECHNICAL, PG_COUNT, sheet_technical},
	[SB_EQUIPMENT] = {"Équipements", PG_EQUIPMENT, PG_COUNT, sheet_equipment},
	[SB_LEASE] = {"Bail et locataire", PG_LEASES, PG_TENANT_IDENTITY, sheet_lease},
	[SB_WORKS] = {"Travaux", PG_EQUIPMENT, PG_COUNT, sheet_works},
	[SB_INSPECTION] = {"Dernier état des lieux", PG_INSPECTIONS, PG_COUNT, sheet_inspection},
	[SB_CLAIMS] = {"Réclamations en cours", PG_CLAIMS, PG_COUNT, sheet_claims},
	[SB_NOTES] = {"Notes du gardien", PG_LOGBOOK, PG_COUNT, sheet_notes},
};

static const char *const sheet_services[][2] = {
	{"gardien", "Proximité"},
	{"agent", "Gestion locative"},
	{"technicien", "Patrimoine"},
	{"superviseur", "Encadrement"},
	{"admin", "Administration"},
	{"auditeur", "Audit"},
};

static const struct {
	enum sheet_vocab v;
	const char *code;
	const char *label;
} sheet_vocabulary[] = {
	{SV_EQUIPMENT, "boiler", "Chaudière"},
	{SV_EQUIPMENT, "water_heater", "Chauffe-eau"},
	{SV_EQUIPMENT, "vmc", "VMC"},
	{SV_EQUIPMENT, "radiators", "Radiateurs"},
	{SV_EQUIPMENT, "kitchen_sink", "Évier"},
	{SV_EQUIPMENT, "smoke_detector", "Détecteur de fumée"},
	{SV_EQUIPMENT, "lift", "Ascenseur"},
	{SV_EQUIPMENT, "intercom", "Interphone"},
	{SV_EQUIPMENT, "door_entry", "Contrôle d'accès"},
	{SV_EQUIPMENT, "lighting", "Éclairage"},
	{SV_EQUIPMENT, "extinguisher", "Extincteur"},
	{SV_WORKS, "refurbishment", "Remise en état"},
	{SV_WORKS, "boiler_replacement", "Remplacement de chaudière"},
	{SV_WORKS, "bathroom", "Réfection de salle de bains"},
	{SV_WORKS, "electrical_upgrade", "Mise en sécurité électrique"},
	{SV_WORKS, "facade", "Ravalement de façade"},
	{SV_WORKS, "roofing", "Réfection de toiture"},
	{SV_WORKS, "lift_modernisation", "Modernisation d'ascenseur"},
	{SV_WORKS, "windows", "Remplacement des menuiseries"},
	{SV_WORKS, "common_areas_paint", "Peinture des parties communes"},
	{SV_WORKS, "access_control", "Contrôle d'accès"},
	{SV_WORKS, "insulation", "Isolation thermique"},
	{SV_WORKS, "green_spaces", "Espaces verts"},
	{SV_WORKS, "residentialisation", "Résidentialisation"},
	{SV_WORKS, "repair", "Réparation"},
	{SV_CLAIM_STATUS, "new", "nouvelle"},
	{SV_CLAIM_STATUS, "forwarded", "transmise"},
	{SV_CLAIM_STATUS, "in_progress", "en cours"},
	{SV_CLAIM_STATUS, "solved", "résolue"},
	{SV_CLAIM_STATUS, "informed", "locataire informé"},
	{SV_CLAIM_STATUS, "closed", "close"},
	{SV_WORK_ORDER_STATUS, "ordered", "commandée"},
	{SV_WORK_ORDER_STATUS, "scheduled", "planifiée"},
	{SV_WORK_ORDER_STATUS, "done", "réalisée"},
	{SV_WORK_ORDER_STATUS, "checked", "contrôlée"},
	{SV_WORK_ORDER_STATUS, "invoiced", "facturée"},
	{SV_INSPECTION_KIND, "move_in", "État des lieux d'entrée"},
	{SV_INSPECTION_KIND, "move_out", "État des lieux de sortie"},
	{SV_INSPECTION_KIND, "pre_exit", "Pré-état des lieux (visite-conseil)"},
	{SV_INSPECTION_KIND, "bailiff", "État des lieux par commissaire de justice"},
	{SV_INSPECTION_STATE, "draft", "en préparation"},
	{SV_INSPECTION_STATE, "ready", "prêt à signer"},
	{SV_INSPECTION_STATE, "signed", "signé"},
	{SV_AMENDMENT, "ten_day", "complément demandé sous 10 jours"},
	{SV_AMENDMENT, "heating", "complément sur le chauffage"},
};

/* ---- Vocabulary and formatting ---- */

const char *
sheet_label(enum sheet_vocab v, const char *code)
{
	size_t i;

	if (code == NULL)
		return "";
	for (i = 0; i < sizeof sheet_vocabulary / sizeof sheet_vocabulary[0]; i++)
		if (sheet_vocabulary[i].v == v && strcmp(sheet_vocabulary[i].code, code) == 0)
			return sheet_vocabulary[i].label;
	return code;
}

const char *
sheet_service(const char *role)
{
	size_t i;

	for (i = 0; role != NULL && i < sizeof sheet_services / sizeof sheet_services[0]; i++)
		if (strcmp(sheet_services[i][0], role) == 0)
			return sheet_services[i][1];
	return "service inconnu";
}

/* Case mapping of the letters French names use (Latin-1 and œ). */
static uint32_t
sheet_upper_cp(uint32_t cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 0xe0 && cp <= 0xfe && cp != 0xf7))
		return cp - 0x20;
	if (cp == 0xff)
		return 0x178;
	if (cp == 0x153)
		return 0x152;
	return cp;
}

static uint32_t
sheet_lower_cp(uint32_t cp)
{
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde && cp != 0xd7))
		return cp + 0x20;
	if (cp == 0x178)
		return 0xff;
	if (cp == 0x152)
		return 0x153;
	return cp;
}

/* Appends s to b with map applied to its first n code points (all when n
 * is (size_t)-1). Invalid bytes are copied as they are. */
static void
sheet_map(struct buf *b, const char *s, uint32_t (*map)(uint32_t), size_t n)
{
	size_t len = strlen(s), i = 0;
	char enc[4];
	uint32_t cp;
	int k;

	while (i < len) {
		k = utf8_decode(s + i, len - i, &cp);
		if (k == 0 || n == 0) {
			buf_add(b, s + i, k ? (size_t)k : 1);
			i += k ? (size_t)k : 1;
			continue;
		}
		buf_add(b, enc, (size_t)utf8_encode(map(cp), enc));
		i += (size_t)k;
		if (n != (size_t)-1)
			n--;
	}
}

char *
sheet_person(const char *last, const char *first, int anonymised)
{
	struct buf b;

	if (anonymised || last == NULL)
		return xstrdup("locataire anonymisé");
	buf_init(&b);
	sheet_map(&b, last, sheet_upper_cp, (size_t)-1);
	if (first != NULL && *first != '\0')
		buf_printf(&b, " %s", first);
	return buf_steal(&b);
}

char *
sheet_short_name(const char *name)
{
	const char *sp;
	uint32_t cp;
	int k;

	if (name == NULL)
		return xstrdup("utilisateur inconnu");
	sp = strrchr(name, ' ');
	if (sp == NULL || sp[1] == '\0')
		return xstrdup(name);
	k = utf8_decode(sp + 1, strlen(sp + 1), &cp);
	return xasprintf("%.*s %.*s.", (int)(sp - name), name, k ? k : 1, sp + 1);
}

char *
sheet_money(long long cents)
{
	char digits[32], out[64];
	size_t n, i, o = 0;
	long long a = cents < 0 ? -cents : cents;

	n = (size_t)snprintf(digits, sizeof digits, "%lld", a / 100);
	if (cents < 0)
		out[o++] = '-';
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ' ';
		out[o++] = digits[i];
	}
	snprintf(out + o, sizeof out - o, ",%02lld €", a % 100);
	return xstrdup(out);
}

char *
sheet_first_line(const char *text)
{
	const char *nl;

	if (text == NULL)
		return xstrdup("");
	nl = strchr(text, '\n');
	return nl ? xstrndup(text, (size_t)(nl - text)) : xstrdup(text);
}

char *
sheet_lower_first(const char *text)
{
	size_t len;
	uint32_t cp, next = 0;
	struct buf b;
	int k;

	if (text == NULL)
		return xstrdup("");
	len = strlen(text);
	k = utf8_decode(text, len, &cp);
	if (k > 0 && (size_t)k < len)
		utf8_decode(text + k, len - (size_t)k, &next);
	/* "VMC", "DPE": an acronym keeps its capitals. */
	if (k == 0 || (sheet_upper_cp(next) == next && sheet_lower_cp(next) != next))
		return xstrdup(text);
	buf_init(&b);
	sheet_map(&b, text, sheet_lower_cp, 1);
	return buf_steal(&b);
}

/* ---- Lines and sources ---- */

/* Adds a line taking value (never NULL: a NULL value reads "non
 * renseigné"); returns it for the caller to fill in the rest. */
static struct sheet_line *
sheet_add(struct sheet_block *b, const char *label, char *value, int flags)
{
	struct sheet_line *l;

	b->lines = xreallocarray(b->lines, b->nlines + 1, sizeof *b->lines);
	l = &b->lines[b->nlines++];
	memset(l, 0, sizeof *l);
	l->label = xstrdup(label);
	if (value == NULL) {
		value = xstrdup("non renseigné");
		flags |= SL_EMPTY;
	}
	l->value = value;
	l->flags = flags;
	return l;
}

static void
sheet_notice(struct sheet_block *b, char *text)
{
	sheet_add(b, NULL, text, SL_NOTICE);
}

/* Points the line at the row behind it, and at a field of that row the
 * role may or may not write. */
static void
sheet_link(struct sheet_ctx *c, struct sheet_line *l, const char *table, const char *id,
    const char *field_id)
{
	const struct field *f = field_find(field_id);

	l->table = table;
	snprintf(l->row_id, sizeof l->row_id, "%s", id ? id : "");
	if (f != NULL) {
		l->field = f->id;
		if (perm_can_write(c->role, f->group))
			l->flags |= SL_EDITABLE;
	}
}

/* Notes one row's provenance: the block's source is its newest row. */
static void
sheet_touch(struct sheet_ctx *c, const char *at, const char *by)
{
	if (at == NULL || by == NULL || strcmp(at, c->at) <= 0)
		return;
	snprintf(c->at, sizeof c->at, "%s", at);
	snprintf(c->by, sizeof c->by, "%s", by);
}

static int
sheet_source(struct sheet_ctx *c, struct err *e)
{
	struct sheet_source *src = &c->b->source;
	struct db_stmt *st;
	int rc;

	if (c->at[0] == '\0')
		return 0;
	memcpy(src->at, c->at, sizeof src->at);
	st = db_stmt(c->db, e, "SELECT display_name, role FROM user_account WHERE id = ?");
	if (st == NULL || db_bind(st, e, "t", c->by) != 0 || (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 1) {
		src->user = db_col_dup(st, 0);
		src->service = sheet_service(db_col_text(st, 1));
		while (db_step(st, e) == 1)
			;
	} else {
		/* A row written by a node whose users we do not hold. */
		src->user = xasprintf("utilisateur inconnu (%.8s)", c->by);
		src->service = "service inconnu";
	}
	return 0;
}

int
sheet_years(const char *from, const char *to)
{
	int fy, fm, fd, ty, tm, td, n;

	if (from == NULL || to == NULL ||
	    sscanf(from, "%4d-%2d-%2d", &fy, &fm, &fd) != 3 ||
	    sscanf(to, "%4d-%2d-%2d", &ty, &tm, &td) != 3)
		return 0;
	n = ty - fy - (tm * 100 + td < fm * 100 + fd);
	return n < 0 ? 0 : n;
}

static const char *
sheet_plural(long n)
{
	return n > 1 ? "s" : "";
}

/* ---- Place ---- */

/* Columns 4.. of the place query, in order. */
static const size_t sheet_place_cols[] = {
	offsetof(struct sheet_place, agency), offsetof(struct sheet_place, sector),
	offsetof(struct sheet_place, estate), offsetof(struct sheet_place, estate_address),
	offsetof(struct sheet_place, postcode), offsetof(struct sheet_place, town),
	offsetof(struct sheet_place, building), offsetof(struct sheet_place, entrance),
	offsetof(struct sheet_place, reference), offsetof(struct sheet_place, rpls_id),
	offsetof(struct sheet_place, floor), offsetof(struct sheet_place, door),
	offsetof(struct sheet_place, type), offsetof(struct sheet_place, rooms),
	offsetof(struct sheet_place, area_m2), offsetof(struct sheet_place, dpe_energy),
	offsetof(struct sheet_place, dpe_ghg), offsetof(struct sheet_place, dpe_date),
	offsetof(struct sheet_place, heating),
};

#define NPLACE_COLS (sizeof sheet_place_cols / sizeof sheet_place_cols[0])

static char **
sheet_place_col(struct sheet_place *p, size_t i)
{
	return (char **)(void *)((char *)p + sheet_place_cols[i]);
}

static int
sheet_place(struct db *db, const char *id, struct sheet_place *p, struct err *e)
{
	struct db_stmt *st;
	size_t i;
	int rc;

	st = db_stmt(db, e,
	    "SELECT d.id, en.id, b.id, es.id, ag.name, se.name, es.name, es.address, "
	    " es.postcode, es.town, b.code, en.code, d.reference, d.rpls_id, d.floor, d.door, "
	    " d.type, d.rooms, d.area_m2, d.dpe_energy, d.dpe_ghg, d.dpe_date, d.heating "
	    "FROM dwelling d JOIN entrance en ON en.id = d.entrance_id "
	    "JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id "
	    "JOIN sector se ON se.id = es.sector_id JOIN agency ag ON ag.id = se.agency_id "
	    "WHERE d.id = ?");
	if (st == NULL || db_bind(st, e, "t", id) != 0 || (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, "logement introuvable : %s", id);
	snprintf(p->dwelling_id, sizeof p->dwelling_id, "%s", db_col_text(st, 0));
	snprintf(p->entrance_id, sizeof p->entrance_id, "%s", db_col_text(st, 1));
	snprintf(p->building_id, sizeof p->building_id, "%s", db_col_text(st, 2));
	snprintf(p->estate_id, sizeof p->estate_id, "%s", db_col_text(st, 3));
	for (i = 0; i < NPLACE_COLS; i++)
		*sheet_place_col(p, i) = db_col_dup(st, (int)i + 4);
	while (db_step(st, e) == 1)
		;
	return 0;
}

/* ---- Caractéristiques techniques ---- */

static const struct {
	const char *label; /* NULL: the field's */
	const char *field;
	size_t off;
} sheet_tech[] = {
	{"Référence", NULL, offsetof(struct sheet_place, reference)},
	{"N° RPLS", NULL, offsetof(struct sheet_place, rpls_id)},
	{NULL, "dwelling.type", offsetof(struct sheet_place, type)},
	{NULL, "dwelling.rooms", offsetof(struct sheet_place, rooms)},
	{NULL, "dwelling.area_m2", offsetof(struct sheet_place, area_m2)},
	{NULL, "dwelling.floor", offsetof(struct sheet_place, floor)},
	{NULL, "dwelling.door", offsetof(struct sheet_place, door)},
	{NULL, "dwelling.dpe_energy", offsetof(struct sheet_place, dpe_energy)},
	{NULL, "dwelling.dpe_ghg", offsetof(struct sheet_place, dpe_ghg)},
	{NULL, "dwelling.dpe_date", offsetof(struct sheet_place, dpe_date)},
	{NULL, "dwelling.heating", offsetof(struct sheet_place, heating)},
};

static int
sheet_technical(struct sheet_ctx *c, struct err *e)
{
	struct sheet_place *p = &c->s->place;
	const struct field *f;
	struct sheet_line *l;
	struct db_stmt *st;
	const char *raw;
	size_t i;

	for (i = 0; i < sizeof sheet_tech / sizeof sheet_tech[0]; i++) {
		f = field_find(sheet_tech[i].field);
		raw = *(char **)(void *)((char *)p + sheet_tech[i].off);
		l = sheet_add(c->b, f ? f->label : sheet_tech[i].label,
		    f ? field_display(f, raw) : xstrdup(raw), 0);
		sheet_link(c, l, "dwelling", p->dwelling_id, sheet_tech[i].field);
	}
	st = db_stmt(c->db, e, "SELECT updated_at, updated_by FROM dwelling WHERE id = ?");
	if (st == NULL || db_bind(st, e, "t", p->dwelling_id) != 0)
		return -1;
	while (db_step(st, e) == 1)
		sheet_touch(c, db_col_text(st, 0), db_col_text(st, 1));
	return 0;
}

/* ---- Équipements ---- */

/* "Saunier Duval, Chaudière murale — posée le 2012-05-03, 13 ans sur 15". */
static char *
sheet_equipment_text(struct sheet_ctx *c, struct db_stmt *st, int *past)
{
	const char *make = db_col_text(st, 2), *model = db_col_text(st, 3);
	const char *installed = db_col_text(st, 4);
	long life = (long)db_col_int(st, 5), age;
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "%s%s%s", make ? make : "marque inconnue", model ? ", " : "",
	    model ? model : "");
	*past = 0;
	if (installed == NULL) {
		buf_adds(&b, " — date de pose inconnue");
		return buf_steal(&b);
	}
	age = sheet_years(installed, c->today);
	buf_printf(&b, " — posée le %s, ", installed);
	if (age == 0)
		buf_adds(&b, "moins d'un an");
	else
		buf_printf(&b, "%ld an%s", age, sheet_plural(age));
	if (!db_col_is_null(st, 5)) {
		buf_printf(&b, " sur %ld", life);
		if (age >= life) {
			buf_adds(&b, " — durée de vie dépassée");
			*past = 1;
		}
	}
	return buf_steal(&b);
}

static int
sheet_equipment(struct sheet_ctx *c, struct err *e)
{
	struct sheet_line *l;
	struct db_stmt *st;
	int rc, past;

	st = db_stmt(c->db, e,
	    "SELECT id, kind, make, model, install_date, lifetime_years, updated_at, updated_by "
	    "FROM equipment WHERE dwelling_id = ? ORDER BY kind, install_date, id");
	if (st == NULL || db_bind(st, e, "t", c->s->place.dwelling_id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		char *text = sheet_equipment_text(c, st, &past);
		l = sheet_add(c->b, sheet_label(SV_EQUIPMENT, db_col_text(st, 1)), text,
		    past ? SL_HIGHLIGHT : 0);
		sheet_link(c, l, "equipment", db_col_text(st, 0), NULL);
		sheet_touch(c, db_col_text(st, 6), db_col_text(st, 7));
	}
	if (rc == 0 && c->b->nlines == 0)
		sheet_notice(c->b, xstrdup("Aucun équipement enregistré"));
	return rc;
}

/* ---- Bail et locataire ---- */

struct sheet_lease_row {
	char id[UID_SIZE];
	char *reference, *start, *end;
	char at[DT_STAMP_SIZE], by[UID_SIZE];
};

static void
sheet_lease_clear(struct sheet_lease_row *r)
{
	free(r->reference);
	free(r->start);
	free(r->end);
	memset(r, 0, sizeof *r);
}

/* The lease running on today, else the last one that ended: 1 found, 0
 * none, -1 error. */
static int
sheet_lease_find(struct sheet_ctx *c, const char *sql, struct sheet_lease_row *r,
    struct err *e)
{
	struct db_stmt *st;
	int rc;

	memset(r, 0, sizeof *r);
	st = db_stmt(c->db, e, sql);
	if (st == NULL || db_bind(st, e, "tt", c->s->place.dwelling_id, c->today) != 0 ||
	    (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 0)
		return 0;
	snprintf(r->id, sizeof r->id, "%s", db_col_text(st, 0));
	r->reference = db_col_dup(st, 1);
	r->start = db_col_dup(st, 2);
	r->end = db_col_dup(st, 3);
	snprintf(r->at, sizeof r->at, "%s", db_col_text(st, 4));
	snprintf(r->by, sizeof r->by, "%s", db_col_text(st, 5));
	while (db_step(st, e) == 1)
		;
	return 1;
}

static void
sheet_lease_line(struct sheet_ctx *c, const struct sheet_lease_row *r, int current)
{
	struct sheet_line *l;
	char *v;

	if (!current && r->id[0] == '\0') {
		sheet_add(c->b, "Occupation",
		    xstrdup("Logement vacant (aucun bail enregistré)"), 0);
		return;
	}
	if (current)
		v = xasprintf("depuis le %s%s%s%s%s%s", r->start, r->reference ? " (réf. " : "",
		    r->reference ? r->reference : "", r->reference ? ")" : "",
		    r->end ? ", fin prévue le " : "", r->end ? r->end : "");
	else
		v = xasprintf("Logement vacant depuis le %s", r->end);
	l = sheet_add(c->b, current ? "Bail en cours" : "Occupation", v, 0);
	sheet_link(c, l, "lease", r->id, NULL);
	sheet_touch(c, r->at, r->by);
}

static void
sheet_tenant_lines(struct sheet_ctx *c, struct db_stmt *st, int ident, int contact)
{
	const char *id = db_col_text(st, 0);
	int anonymised = (int)db_col_int(st, 5);
	struct sheet_line *l;

	audit_note(id, (ident ? AUDIT_IDENTITY : 0) | (contact ? AUDIT_CONTACT : 0));
	if (ident) {
		l = sheet_add(c->b, "Locataire", sheet_person(db_col_text(st, 1),
		    db_col_text(st, 2), anonymised), 0);
		sheet_link(c, l, "tenant", id, NULL);
	}
	if (contact) {
		l = sheet_add(c->b, "Téléphone", db_col_dup(st, 3), 0);
		sheet_link(c, l, "tenant", id, "tenant.phone");
		if (anonymised)
			l->flags &= ~SL_EDITABLE;
		l = sheet_add(c->b, "Courriel", db_col_dup(st, 4), 0);
		sheet_link(c, l, "tenant", id, "tenant.email");
		if (anonymised)
			l->flags &= ~SL_EDITABLE;
	}
	sheet_touch(c, db_col_text(st, 6), db_col_text(st, 7));
	sheet_touch(c, db_col_text(st, 8), db_col_text(st, 9));
}

static int
sheet_tenants(struct sheet_ctx *c, const char *lease, struct err *e)
{
	int ident = perm_can_read(c->role, PG_TENANT_IDENTITY);
	int contact = perm_can_read(c->role, PG_TENANT_CONTACT);
	struct db_stmt *st;
	int rc;

	if (!ident && !contact)
		return 0;
	st = db_stmt(c->db, e,
	    "SELECT t.id, t.last_name, t.first_name, t.phone, t.email, t.anonymised, "
	    " t.updated_at, t.updated_by, lt.updated_at, lt.updated_by "
	    "FROM lease_tenant lt JOIN tenant t ON t.id = lt.tenant_id "
	    "WHERE lt.lease_id = ? ORDER BY t.last_name, t.first_name, t.id");
	if (st == NULL || db_bind(st, e, "t", lease) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1)
		sheet_tenant_lines(c, st, ident, contact);
	return rc;
}

static int
sheet_lease(struct sheet_ctx *c, struct err *e)
{
	int leases = perm_can_read(c->role, PG_LEASES), found, rc = -1;
	struct sheet_lease_row cur, last;

	memset(&last, 0, sizeof last);
	found = sheet_lease_find(c, "SELECT id, reference, start_date, end_date, updated_at, "
	    " updated_by FROM lease WHERE dwelling_id = ?1 AND start_date <= ?2 "
	    " AND (end_date IS NULL OR end_date >= ?2) ORDER BY start_date DESC LIMIT 1", &cur, e);
	if (found < 0)
		goto out;
	if (!leases) {
		sheet_notice(c->b, field_reserved(PG_LEASES));
		if (!found)
			sheet_add(c->b, "Occupation", xstrdup("Aucun locataire en place"), 0);
	} else if (found) {
		sheet_lease_line(c, &cur, 1);
	} else {
		if (sheet_lease_find(c, "SELECT id, reference, start_date, end_date, updated_at, "
		    " updated_by FROM lease WHERE dwelling_id = ?1 AND end_date < ?2 "
		    " ORDER BY end_date DESC LIMIT 1", &last, e) < 0)
			goto out;
		sheet_lease_line(c, &last, 0);
	}
	if (found && sheet_tenants(c, cur.id, e) != 0)
		goto out;
	if (!perm_can_read(c->role, PG_TENANT_IDENTITY))
		sheet_notice(c->b, field_reserved(PG_TENANT_IDENTITY));
	if (!perm_can_read(c->role, PG_TENANT_CONTACT))
		sheet_notice(c->b, field_reserved(PG_TENANT_CONTACT));
	rc = 0;
out:
	sheet_lease_clear(&cur);
	sheet_lease_clear(&last);
	return rc;
}

/* ---- Travaux ---- */

static int
sheet_works(struct sheet_ctx *c, struct err *e)
{
	int money = perm_can_read(c->role, PG_MONEY), rc;
	const char *what;
	long long total = 0;
	struct sheet_line *l;
	struct db_stmt *st;
	char *v, *amount;

	st = db_stmt(c->db, e,
	    "SELECT id, date, kind, description, amount_cents, updated_at, updated_by "
	    "FROM works WHERE dwelling_id = ? ORDER BY date DESC, id");
	if (st == NULL || db_bind(st, e, "t", c->s->place.dwelling_id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		what = db_col_text(st, 3);
		if (what == NULL)
			what = sheet_label(SV_WORKS, db_col_text(st, 2));
		if (money) {
			amount = sheet_money(db_col_int(st, 4));
			v = xasprintf("%s — %s", what, amount);
			free(amount);
			total += db_col_int(st, 4);
		} else {
			v = xstrdup(what);
		}
		l = sheet_add(c->b, db_col_text(st, 1), v, 0);
		sheet_link(c, l, "works", db_col_text(st, 0), NULL);
		sheet_touch(c, db_col_text(st, 5), db_col_text(st, 6));
	}
	if (rc < 0)
		return -1;
	if (c->b->nlines == 0)
		sheet_notice(c->b, xstrdup("Aucuns travaux enregistrés"));
	else if (money)
		sheet_add(c->b, "Total", sheet_money(total), 0);
	if (!money)
		sheet_notice(c->b, field_reserved(PG_MONEY));
	return 0;
}

/* ---- Dernier état des lieux ---- */

static void
sheet_inspection_lines(struct sheet_ctx *c, struct db_stmt *st)
{
	const char *id = db_col_text(st, 0), *done = db_col_text(st, 4);
	const char *amend = db_col_text(st, 6);
	struct sheet_line *l;
	char *v;

	if (amend != NULL)
		v = xasprintf("%s (%s)", sheet_label(SV_INSPECTION_KIND, db_col_text(st, 1)),
		    sheet_label(SV_AMENDMENT, amend));
	else
		v = xstrdup(sheet_label(SV_INSPECTION_KIND, db_col_text(st, 1)));
	l = sheet_add(c->b, "Nature", v, 0);
	sheet_link(c, l, "inspection", id, NULL);
	if (done != NULL)
		v = xstrndup(done, 10);
	else if (db_col_text(st, 3) != NULL)
		v = xasprintf("prévu le %s", db_col_text(st, 3));
	else
		v = NULL;
	l = sheet_add(c->b, "Date", v, 0);
	sheet_link(c, l, "inspection", id, NULL);
	l = sheet_add(c->b, "État", xstrdup(sheet_label(SV_INSPECTION_STATE,
	    db_col_text(st, 2))), 0);
	sheet_link(c, l, "inspection", id, NULL);
	sheet_touch(c, db_col_text(st, 7), db_col_text(st, 8));
}

static int
sheet_inspection(struct sheet_ctx *c, struct err *e)
{
	struct db_stmt *st;
	int rc;

	/* The last one done; a planned one only when none was ever done. */
	st = db_stmt(c->db, e,
	    "SELECT id, kind, state, planned_date, coalesce(done_at, signed_at), signed_at, "
	    " amendment_kind, updated_at, updated_by FROM inspection WHERE dwelling_id = ? "
	    "ORDER BY coalesce(done_at, signed_at) IS NULL, "
	    " coalesce(done_at, signed_at, planned_date) DESC, id DESC LIMIT 1");
	if (st == NULL || db_bind(st, e, "t", c->s->place.dwelling_id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1)
		sheet_inspection_lines(c, st);
	if (rc == 0 && c->b->nlines == 0)
		sheet_notice(c->b, xstrdup("Aucun état des lieux enregistré"));
	return rc;
}

/* ---- Réclamations en cours ---- */

/* "Plomberie — transmise — depuis 12 jours — Fuite sous l'évier". */
static char *
sheet_claim_text(struct sheet_ctx *c, struct db_stmt *st, int *late)
{
	const char *status = db_col_text(st, 3), *opened = db_col_text(st, 4);
	const char *due = db_col_text(st, 5);
	char day[DT_DATE_SIZE], *first, *v;
	int64_t age = 0;

	snprintf(day, sizeof day, "%s", opened ? opened : "");
	if (dt_date_valid(day) && dt_date_valid(c->today))
		age = dt_days(c->today) - dt_days(day);
	*late = due != NULL && strcmp(due, c->today) < 0 &&
	    (strcmp(status, "new") == 0 || strcmp(status, "forwarded") == 0 ||
		strcmp(status, "in_progress") == 0);
	first = sheet_first_line(db_col_text(st, 6));
	if (age <= 0)
		v = xasprintf("%s — %s — ouverte aujourd'hui%s — %s", db_col_text(st, 2),
		    sheet_label(SV_CLAIM_STATUS, status), *late ? ", délai dépassé" : "",
		    first);
	else
		v = xasprintf("%s — %s — depuis %lld jour%s%s — %s", db_col_text(st, 2),
		    sheet_label(SV_CLAIM_STATUS, status), (long long)age, sheet_plural((long)age),
		    *late ? ", délai dépassé" : "", first);
	free(first);
	return v;
}

static int
sheet_claims(struct sheet_ctx *c, struct err *e)
{
	struct sheet_line *l;
	struct db_stmt *st;
	int rc, late;

	st = db_stmt(c->db, e,
	    "SELECT c.id, c.number, coalesce(cc.label, c.category), c.status, c.opened_at, "
	    " c.due_at, c.description, c.updated_at, c.updated_by "
	    "FROM claim c LEFT JOIN claim_category cc ON cc.code = c.category "
	    "WHERE c.dwelling_id = ? AND c.status <> 'closed' ORDER BY c.opened_at DESC, c.id");
	if (st == NULL || db_bind(st, e, "t", c->s->place.dwelling_id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		char *text = sheet_claim_text(c, st, &late);
		l = sheet_add(c->b, db_col_text(st, 1), text, late ? SL_HIGHLIGHT : 0);
		sheet_link(c, l, "claim", db_col_text(st, 0), NULL);
		sheet_touch(c, db_col_text(st, 7), db_col_text(st, 8));
	}
	if (rc == 0 && c->b->nlines == 0)
		sheet_notice(c->b, xstrdup("Aucune réclamation en cours"));
	return rc;
}

/* ---- Notes du gardien ---- */

/* How many notes a sheet shows; the history has them all. */
#define SHEET_NOTES "5"

static int
sheet_notes(struct sheet_ctx *c, struct err *e)
{
	struct sheet_line *l;
	struct db_stmt *st;
	char *first, *who, date[DT_DATE_SIZE];
	int rc, is_note;

	st = db_stmt(c->db, e,
	    "SELECT 'note', n.id, n.at, n.text, u.display_name, n.updated_at, n.updated_by "
	    " FROM note n LEFT JOIN user_account u ON u.id = n.author_id WHERE n.dwelling_id = ?1 "
	    "UNION ALL "
	    "SELECT 'logbook_entry', g.id, g.at, g.text, u.display_name, g.updated_at, "
	    " g.updated_by FROM logbook_entry g LEFT JOIN user_account u ON u.id = g.author_id "
	    " WHERE g.dwelling_id = ?1 "
	    "ORDER BY 3 DESC, 2 DESC LIMIT " SHEET_NOTES);
	if (st == NULL || db_bind(st, e, "t", c->s->place.dwelling_id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		is_note = strcmp(db_col_text(st, 0), "note") == 0;
		first = sheet_first_line(db_col_text(st, 3));
		who = sheet_short_name(db_col_text(st, 4));
		snprintf(date, sizeof date, "%s", db_col_text(st, 2));
		l = sheet_add(c->b, date, xasprintf("%s — %s%s", first, who,
		    is_note ? "" : " (main courante)"), 0);
		sheet_link(c, l, is_note ? "note" : "logbook_entry", db_col_text(st, 1),
		    is_note ? "note.text" : NULL);
		sheet_touch(c, db_col_text(st, 5), db_col_text(st, 6));
		free(first);
		free(who);
	}
	if (rc == 0 && c->b->nlines == 0)
		sheet_notice(c->b, xstrdup("Aucune note"));
	return rc;
}

/* ---- Loading ---- */

static int
sheet_block(struct sheet_ctx *c, enum sheet_block_kind k, struct err *e)
{
	const struct sheet_block_def *d = &sheet_blocks[k];
	struct sheet_block *b = &c->s->blocks[k];

	b->kind = k;
	b->title = d->title;
	if (!perm_can_read(c->role, d->group) &&
	    (d->alt == PG_COUNT || !perm_can_read(c->role, d->alt))) {
		b->reason = field_reserved(d->group);
		return 0;
	}
	b->visible = 1;
	c->b = b;
	c->at[0] = '\0';
	c->by[0] = '\0';
	if (d->load(c, e) != 0 || sheet_source(c, e) != 0)
		return err_prefix(e, "fiche logement, bloc « %s » : ", d->title);
	return 0;
}

/* Refuses a dwelling outside who's part of the patrimoine, before any
 * block is read (and any tenant shown is logged). */
static int
sheet_in_scope(struct db *db, const struct user *who, const struct sheet_place *p,
    struct err *e)
{
	struct scope sc;
	char *cond, *sql;
	int64_t v = 0;
	int rc;

	patrimoine_scope(who, &sc);
	cond = patrimoine_scope_sql(&sc, "es.sector_id");
	sql = xasprintf("SELECT count(*) FROM estate es WHERE es.id = ?2 AND %s", cond);
	rc = db_int(db, e, &v, sql, "tt", sc.arg, p->estate_id);
	free(sql);
	free(cond);
	if (rc < 0)
		return -1;
	if (v > 0)
		return 0;
	if (sc.kind == SCOPE_SECTORS)
		return err_set(e, "le logement %s n'est pas dans votre périmètre : il est "
		    "dans le secteur %s, qui n'est pas l'un des vôtres", p->reference,
		    p->sector ? p->sector : "?");
	if (sc.kind == SCOPE_AGENCY)
		return err_set(e, "le logement %s n'est pas dans votre périmètre : il dépend "
		    "de l'agence %s, pas de la vôtre", p->reference, p->agency ? p->agency : "?");
	return err_set(e, "le logement %s n'est pas dans votre périmètre : votre rôle (%s) "
	    "n'en a aucun", p->reference, user_role_label(who->role));
}

int
sheet_load(struct db *db, const struct user *who, const char *dwelling_id, const char *today,
    struct sheet **out, struct err *e)
{
	struct sheet_ctx c;
	struct sheet *s;
	int k;

	*out = NULL;
	s = xcalloc(1, sizeof *s);
	memset(&c, 0, sizeof c);
	c.db = db;
	c.role = who->role;
	c.today = today;
	c.s = s;
	if (sheet_place(db, dwelling_id, &s->place, e) != 0 ||
	    sheet_in_scope(db, who, &s->place, e) != 0)
		goto fail;
	for (k = 0; k < SB_COUNT; k++)
		if (sheet_block(&c, (enum sheet_block_kind)k, e) != 0)
			goto fail;
	/* No tenant shown unless the display is logged. */
	if (audit_flush(db, e) != 0)
		goto fail;
	*out = s;
	return 0;
fail:
	audit_discard();
	sheet_free(s);
	return -1;
}

void
sheet_free(struct sheet *s)
{
	struct sheet_block *b;
	size_t i, j;

	if (s == NULL)
		return;
	for (i = 0; i < NPLACE_COLS; i++)
		free(*sheet_place_col(&s->place, i));
	for (i = 0; i < SB_COUNT; i++) {
		b = &s->blocks[i];
		for (j = 0; j < b->nlines; j++) {
			free(b->lines[j].label);
			free(b->lines[j].value);
		}
		free(b->lines);
		free(b->reason);
		free(b->source.user);
	}
	free(s);
}
