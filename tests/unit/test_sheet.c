/* core/sheet.c: the dwelling sheet's blocks as each role sees them (a
 * hidden part says why in one line), provenance of each block (who, which
 * service, when), equipment past its lifetime, vacancy, open claims, the
 * formatting helpers; and every demo dwelling loads for every role. */
#include "tests/unit/testutil.h"

#include "core/demo.h"
#include "core/sheet.h"
#include "core/uid.h"

#define TODAY "2026-01-15"
#define STAMP "2025-01-02T03:04:05Z"

struct fx {
	char *dir;
	struct db *db;
	char gardien[UID_SIZE], agent[UID_SIZE], tech[UID_SIZE], admin[UID_SIZE];
	char *gardien_name, *agent_name, *tech_name, *admin_name;
	char entrance[UID_SIZE];
};

#define RUN(db, sql, types, ...) do { \
	struct err e_; \
	if (db_run((db), &e_, (sql), (types), __VA_ARGS__) != 0) \
		fail_msg("%s: %s", (sql), e_.msg); \
} while (0)

static char *
fx_text(struct db *db, const char *sql, const char *arg)
{
	struct err e;
	char *v = db_text(db, &e, sql, "t", arg);

	if (v == NULL)
		fail_msg("%s (%s): no value", sql, arg);
	return v;
}

static void
fx_user(struct fx *f, const char *login, char id[UID_SIZE], char **name)
{
	char *v = fx_text(f->db, "SELECT id FROM user_account WHERE login = ?", login);

	snprintf(id, UID_SIZE, "%s", v);
	free(v);
	*name = fx_text(f->db, "SELECT display_name FROM user_account WHERE login = ?", login);
}

static int
fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct err e;
	char *v;

	f->dir = tu_tmpdir();
	f->db = tu_demo_db(f->dir, "sheet.db", 200, 1, TODAY);
	fx_user(f, "gardien1", f->gardien, &f->gardien_name);
	fx_user(f, "agent1", f->agent, &f->agent_name);
	fx_user(f, "technicien1", f->tech, &f->tech_name);
	fx_user(f, "admin", f->admin, &f->admin_name);
	/* In gardien1's sectors, so that every role may open its sheets. */
	v = db_text(f->db, &e, "SELECT en.id FROM entrance en JOIN building b ON b.id = "
	    "en.building_id JOIN estate es ON es.id = b.estate_id JOIN user_sector us ON "
	    "us.sector_id = es.sector_id WHERE us.user_id = ? ORDER BY en.id LIMIT 1", "t",
	    f->gardien);
	assert_non_null(v);
	snprintf(f->entrance, sizeof f->entrance, "%s", v);
	free(v);
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->db);
	tu_rmdir(f->dir);
	free(f->gardien_name);
	free(f->agent_name);
	free(f->tech_name);
	free(f->admin_name);
	free(f);
	return 0;
}

/* A dwelling of our own, last changed by the technician at STAMP. */
static void
fx_dwelling(struct fx *f, const char *ref, char id[UID_SIZE])
{
	uid_new(id);
	RUN(f->db, "INSERT INTO dwelling (id, entrance_id, reference, floor, door, type, rooms, "
	    "area_m2, dpe_energy, heating, updated_at, updated_by) "
	    "VALUES (?, ?, ?, 2, '21', 'T3', 3, 54.5, 'D', 'gas_individual', ?, ?)",
	    "ttttt", id, f->entrance, ref, STAMP, f->tech);
}

/* A lease with one tenant; returns the tenant's id in tenant. */
static void
fx_lease(struct fx *f, const char *dw, const char *start, const char *end, const char *last,
    const char *first, const char *stamp, const char *by, char tenant[UID_SIZE])
{
	char lease[UID_SIZE], lt[UID_SIZE];

	uid_new(lease);
	uid_new(tenant);
	uid_new(lt);
	RUN(f->db, "INSERT INTO tenant (id, last_name, first_name, phone, email, updated_at, "
	    "updated_by) VALUES (?, ?, ?, '06 11 22 33 44', 'x@example.net', ?, ?)", "ttttt",
	    tenant, last, first, stamp, by);
	RUN(f->db, "INSERT INTO lease (id, dwelling_id, reference, start_date, end_date, "
	    "updated_at, updated_by) VALUES (?, ?, 'B-1', ?, ?, ?, ?)", "tttttt", lease, dw,
	    start, end, stamp, by);
	RUN(f->db, "INSERT INTO lease_tenant (id, lease_id, tenant_id, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?)", "ttttt", lt, lease, tenant, stamp, by);
}

static void
fx_equipment(struct fx *f, const char *dw, const char *kind, const char *installed, int life,
    const char *stamp, const char *by)
{
	char id[UID_SIZE];

	uid_new(id);
	RUN(f->db, "INSERT INTO equipment (id, dwelling_id, kind, make, model, install_date, "
	    "lifetime_years, updated_at, updated_by) VALUES (?, ?, ?, 'Saunier Duval', "
	    "'Chaudière murale', ?, ?, ?, ?)", "ttttdtt", id, dw, kind, installed, life, stamp, by);
}

static void
fx_works(struct fx *f, const char *dw, const char *date, int64_t cents)
{
	char id[UID_SIZE];

	uid_new(id);
	RUN(f->db, "INSERT INTO works (id, dwelling_id, date, kind, description, amount_cents, "
	    "updated_at, updated_by) VALUES (?, ?, ?, 'boiler_replacement', "
	    "'Remplacement de la chaudière', ?, ?, ?)", "tttitt", id, dw, date, cents, STAMP,
	    f->tech);
}

static void
fx_claim(struct fx *f, const char *dw, const char *number, const char *status,
    const char *opened, const char *due)
{
	char id[UID_SIZE];

	uid_new(id);
	RUN(f->db, "INSERT INTO claim (id, number, dwelling_id, category, urgency, channel, "
	    "description, status, opened_at, due_at, updated_at, updated_by) VALUES (?, ?, ?, "
	    "'plumbing', 'normal', 'lodge', 'Fuite sous l''évier\nDepuis hier', ?, ?, ?, ?, ?)",
	    "tttttttt", id, number, dw, status, opened, due, opened, f->gardien);
}

static void
fx_note(struct fx *f, const char *dw, const char *at, const char *text, const char *by)
{
	char id[UID_SIZE];

	uid_new(id);
	RUN(f->db, "INSERT INTO note (id, dwelling_id, author_id, at, text, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)", "ttttttt", id, dw, by, at, text, at, by);
}

/* A user of role: the demo's gardien1 for a gardien (scope: his
 * sectors), else one attached to no agency (scope: everything). */
static struct user
as(struct fx *f, const char *role)
{
	struct user u;

	memset(&u, 0, sizeof u);
	memcpy(u.id, strcmp(role, "gardien") == 0 ? f->gardien : f->admin, UID_SIZE);
	u.role = (char *)role;
	return u;
}

static struct sheet *
load_as(struct fx *f, const struct user *u, const char *dw)
{
	struct sheet *s = NULL;
	struct err e;

	if (sheet_load(f->db, u, dw, TODAY, &s, &e) != 0)
		fail_msg("sheet_load(%s): %s", u->role, e.msg);
	assert_non_null(s);
	return s;
}

static struct sheet *
load(struct fx *f, const char *role, const char *dw)
{
	struct user u = as(f, role);

	return load_as(f, &u, dw);
}

/* The first line of block k whose label (or, label NULL, value) is text. */
static const struct sheet_line *
find(const struct sheet *s, enum sheet_block_kind k, const char *label, const char *value)
{
	const struct sheet_block *b = &s->blocks[k];
	size_t i;

	for (i = 0; i < b->nlines; i++) {
		const struct sheet_line *l = &b->lines[i];
		if (label != NULL && (l->label == NULL || strcmp(l->label, label) != 0))
			continue;
		if (value != NULL && strcmp(l->value, value) != 0)
			continue;
		return l;
	}
	return NULL;
}

static int
any_value_has(const struct sheet *s, enum sheet_block_kind k, const char *needle)
{
	const struct sheet_block *b = &s->blocks[k];
	size_t i;

	for (i = 0; i < b->nlines; i++)
		if (strstr(b->lines[i].value, needle) != NULL)
			return 1;
	return 0;
}

/* A dwelling with something in every block. */
static void
fx_full(struct fx *f, const char *ref, char dw[UID_SIZE], char tenant[UID_SIZE])
{
	char *number;

	fx_dwelling(f, ref, dw);
	fx_lease(f, dw, "2019-03-01", NULL, "Dupont", "Hélène", STAMP, f->agent, tenant);
	fx_equipment(f, dw, "boiler", "2020-05-01", 15, STAMP, f->tech);
	fx_works(f, dw, "2020-04-30", 245000);
	number = xasprintf("R-%s", ref);
	fx_claim(f, dw, number, "forwarded", "2026-01-05T09:00:00Z", "2026-02-05T09:00:00Z");
	free(number);
	fx_note(f, dw, "2025-12-01T10:00:00Z", "Chien dans le logement", f->gardien);
}

static void
test_technicien(void **state)
{
	struct fx *f = *state;
	char dw[UID_SIZE], tenant[UID_SIZE];
	const struct sheet_line *l;
	struct sheet *s;

	fx_full(f, "T-TECH", dw, tenant);
	s = load(f, "technicien", dw);
	/* The name of the occupant, not the lease, not the contact. */
	assert_true(s->blocks[SB_LEASE].visible);
	assert_non_null(find(s, SB_LEASE, "Locataire", "DUPONT Hélène"));
	assert_null(find(s, SB_LEASE, "Téléphone", NULL));
	assert_null(find(s, SB_LEASE, "Bail en cours", NULL));
	l = find(s, SB_LEASE, NULL, "Coordonnées du locataire : réservé à l'agence");
	assert_non_null(l);
	assert_true(l->flags & SL_NOTICE);
	assert_non_null(find(s, SB_LEASE, NULL, "Baux : réservé à l'agence"));
	/* Technical fields are the technician's to edit. */
	l = find(s, SB_TECHNICAL, "Étage", "2");
	assert_non_null(l);
	assert_string_equal(l->field, "dwelling.floor");
	assert_string_equal(l->table, "dwelling");
	assert_string_equal(l->row_id, dw);
	assert_true(l->flags & SL_EDITABLE);
	assert_non_null(find(s, SB_TECHNICAL, "Surface habitable", "54,5 m²"));
	assert_non_null(find(s, SB_TECHNICAL, "Chauffage", "Gaz individuel"));
	l = find(s, SB_TECHNICAL, "Date du DPE", "non renseigné");
	assert_non_null(l);
	assert_true(l->flags & SL_EMPTY);
	/* Amounts: the technician's service. */
	assert_non_null(find(s, SB_WORKS, "2020-04-30",
	    "Remplacement de la chaudière — 2 450,00 €"));
	assert_non_null(find(s, SB_WORKS, "Total", "2 450,00 €"));
	sheet_free(s);
}

static void
test_gardien(void **state)
{
	struct fx *f = *state;
	char dw[UID_SIZE], tenant[UID_SIZE];
	const struct sheet_line *l;
	struct sheet *s;

	fx_full(f, "T-GARD", dw, tenant);
	s = load(f, "gardien", dw);
	assert_true(s->blocks[SB_WORKS].visible);
	assert_non_null(find(s, SB_WORKS, "2020-04-30", "Remplacement de la chaudière"));
	assert_false(any_value_has(s, SB_WORKS, "€"));
	assert_null(find(s, SB_WORKS, "Total", NULL));
	l = find(s, SB_WORKS, NULL, "Montants des travaux : réservé au service patrimoine");
	assert_non_null(l);
	assert_true(l->flags & SL_NOTICE);
	/* The gardien reads the contact but does not change it. */
	l = find(s, SB_LEASE, "Téléphone", "06 11 22 33 44");
	assert_non_null(l);
	assert_string_equal(l->field, "tenant.phone");
	assert_string_equal(l->row_id, tenant);
	assert_false(l->flags & SL_EDITABLE);
	assert_non_null(find(s, SB_LEASE, "Bail en cours", "depuis le 2019-03-01 (réf. B-1)"));
	/* Nor the technical data; notes are the gardien's. */
	assert_false(find(s, SB_TECHNICAL, "Étage", NULL)->flags & SL_EDITABLE);
	l = find(s, SB_NOTES, "2025-12-01", NULL);
	assert_non_null(l);
	assert_string_equal(l->field, "note.text");
	assert_true(l->flags & SL_EDITABLE);
	assert_non_null(strstr(l->value, "Chien dans le logement"));
	sheet_free(s);
}

static void
test_agent_and_others(void **state)
{
	struct fx *f = *state;
	char dw[UID_SIZE], tenant[UID_SIZE];
	const struct sheet_line *l;
	struct sheet *s;
	struct user u;
	struct err e;
	int k;

	fx_full(f, "T-AGENT", dw, tenant);
	s = load(f, "agent", dw);
	for (k = 0; k < SB_COUNT; k++) {
		assert_true(s->blocks[k].visible);
		assert_null(s->blocks[k].reason);
		assert_true(s->blocks[k].nlines > 0);
	}
	l = find(s, SB_LEASE, "Courriel", "x@example.net");
	assert_non_null(l);
	assert_true(l->flags & SL_EDITABLE);
	assert_non_null(find(s, SB_WORKS, "Total", "2 450,00 €"));
	assert_string_equal(s->place.reference, "T-AGENT");
	assert_string_equal(s->place.dwelling_id, dw);
	assert_string_equal(s->place.entrance_id, f->entrance);
	assert_non_null(s->place.agency);
	assert_non_null(s->place.estate);
	assert_non_null(s->place.building);
	sheet_free(s);

	/* The auditor reads leases but never a tenant's contact. */
	s = load(f, "auditeur", dw);
	assert_non_null(find(s, SB_LEASE, "Bail en cours", NULL));
	assert_null(find(s, SB_LEASE, "Téléphone", NULL));
	assert_non_null(find(s, SB_LEASE, NULL, "Coordonnées du locataire : réservé à l'agence"));
	sheet_free(s);

	/* A role the table does not know has no part of the patrimoine. */
	u = as(f, "stagiaire");
	s = (struct sheet *)1;
	assert_int_equal(sheet_load(f->db, &u, dw, TODAY, &s, &e), -1);
	assert_null(s);
	assert_non_null(strstr(e.msg, "n'est pas dans votre périmètre"));
}

static void
test_provenance(void **state)
{
	struct fx *f = *state;
	char dw[UID_SIZE], tenant[UID_SIZE];
	struct sheet *s;

	fx_dwelling(f, "T-PROV", dw);
	fx_lease(f, dw, "2020-01-01", NULL, "Martin", "Paul", "2024-01-01T08:00:00Z", f->agent,
	    tenant);
	/* The tenant's phone changed later, at the lodge. */
	RUN(f->db, "UPDATE tenant SET updated_at = '2025-03-03T09:30:00Z', updated_by = ? "
	    "WHERE id = ?", "tt", f->gardien, tenant);
	fx_equipment(f, dw, "boiler", "2020-05-01", 15, "2024-01-01T08:00:00Z", f->tech);
	fx_equipment(f, dw, "vmc", "2021-05-01", 20, "2025-06-01T12:00:00Z", f->admin);
	fx_note(f, dw, "2025-09-09T07:00:00Z", "Première note", f->agent);
	fx_note(f, dw, "2025-10-10T07:00:00Z", "Deuxième note", f->gardien);
	s = load(f, "admin", dw);

	assert_string_equal(s->blocks[SB_TECHNICAL].source.user, f->tech_name);
	assert_string_equal(s->blocks[SB_TECHNICAL].source.service, "Patrimoine");
	assert_string_equal(s->blocks[SB_TECHNICAL].source.at, STAMP);
	assert_string_equal(s->blocks[SB_EQUIPMENT].source.user, f->admin_name);
	assert_string_equal(s->blocks[SB_EQUIPMENT].source.service, "Administration");
	assert_string_equal(s->blocks[SB_EQUIPMENT].source.at, "2025-06-01T12:00:00Z");
	assert_string_equal(s->blocks[SB_LEASE].source.user, f->gardien_name);
	assert_string_equal(s->blocks[SB_LEASE].source.service, "Proximité");
	assert_string_equal(s->blocks[SB_LEASE].source.at, "2025-03-03T09:30:00Z");
	assert_string_equal(s->blocks[SB_NOTES].source.user, f->gardien_name);
	assert_string_equal(s->blocks[SB_NOTES].source.at, "2025-10-10T07:00:00Z");
	/* Nothing recorded, nobody to name. */
	assert_null(s->blocks[SB_WORKS].source.user);
	assert_null(s->blocks[SB_WORKS].source.service);
	assert_string_equal(s->blocks[SB_WORKS].source.at, "");
	assert_non_null(find(s, SB_WORKS, NULL, "Aucuns travaux enregistrés"));
	sheet_free(s);

	/* A note written by the agent now is the newest. */
	fx_note(f, dw, "2025-11-11T07:00:00Z", "Troisième note", f->agent);
	s = load(f, "gardien", dw);
	assert_string_equal(s->blocks[SB_NOTES].source.user, f->agent_name);
	assert_string_equal(s->blocks[SB_NOTES].source.service, "Gestion locative");
	assert_string_equal(s->blocks[SB_NOTES].lines[0].label, "2025-11-11");
	sheet_free(s);
}

static void
test_equipment_lifetime(void **state)
{
	struct fx *f = *state;
	const struct sheet_block *b;
	char dw[UID_SIZE];
	struct sheet *s;

	fx_dwelling(f, "T-EQUIP", dw);
	/* 15 years on 2025-01-10: past; 14 years on the day before 2026-01-16. */
	fx_equipment(f, dw, "boiler", "2010-01-10", 15, STAMP, f->tech);
	fx_equipment(f, dw, "vmc", "2012-01-16", 14, STAMP, f->tech);
	fx_equipment(f, dw, "water_heater", "2025-12-01", 12, STAMP, f->tech);
	s = load(f, "gardien", dw);
	b = &s->blocks[SB_EQUIPMENT];
	assert_int_equal(b->nlines, 3);
	assert_string_equal(b->lines[0].label, "Chaudière");
	assert_string_equal(b->lines[0].value, "Saunier Duval, Chaudière murale — posée le "
	    "2010-01-10, 16 ans sur 15 — durée de vie dépassée");
	assert_true(b->lines[0].flags & SL_HIGHLIGHT);
	assert_string_equal(b->lines[0].table, "equipment");
	/* By kind code: boiler, vmc, water_heater. */
	assert_string_equal(b->lines[1].label, "VMC");
	assert_string_equal(b->lines[1].value, "Saunier Duval, Chaudière murale — posée le "
	    "2012-01-16, 13 ans sur 14");
	assert_false(b->lines[1].flags & SL_HIGHLIGHT);
	assert_string_equal(b->lines[2].label, "Chauffe-eau");
	assert_non_null(strstr(b->lines[2].value, "moins d'un an sur 12"));
	assert_false(b->lines[2].flags & SL_HIGHLIGHT);
	sheet_free(s);
}

static void
test_vacant_and_empty(void **state)
{
	struct fx *f = *state;
	char dw[UID_SIZE], tenant[UID_SIZE];
	struct sheet *s;

	fx_dwelling(f, "T-VACANT", dw);
	s = load(f, "agent", dw);
	assert_non_null(find(s, SB_LEASE, "Occupation", "Logement vacant (aucun bail enregistré)"));
	assert_non_null(find(s, SB_EQUIPMENT, NULL, "Aucun équipement enregistré"));
	assert_non_null(find(s, SB_INSPECTION, NULL, "Aucun état des lieux enregistré"));
	assert_non_null(find(s, SB_CLAIMS, NULL, "Aucune réclamation en cours"));
	assert_non_null(find(s, SB_NOTES, NULL, "Aucune note"));
	sheet_free(s);

	fx_lease(f, dw, "2015-01-01", "2018-12-31", "Ancien", "Locataire", STAMP, f->agent, tenant);
	fx_lease(f, dw, "2019-01-01", "2025-06-30", "Dupont", "Hélène", STAMP, f->agent, tenant);
	s = load(f, "agent", dw);
	assert_non_null(find(s, SB_LEASE, "Occupation", "Logement vacant depuis le 2025-06-30"));
	assert_null(find(s, SB_LEASE, "Locataire", NULL));
	sheet_free(s);
	s = load(f, "technicien", dw);
	assert_non_null(find(s, SB_LEASE, "Occupation", "Aucun locataire en place"));
	sheet_free(s);
}

static void
test_claims_and_inspection(void **state)
{
	struct fx *f = *state;
	const struct sheet_block *b;
	char dw[UID_SIZE], id[UID_SIZE];
	struct sheet *s;

	fx_dwelling(f, "T-CLAIMS", dw);
	fx_claim(f, dw, "R-OLD", "closed", "2025-01-05T09:00:00Z", "2025-02-05T09:00:00Z");
	fx_claim(f, dw, "R-LATE", "in_progress", "2025-12-01T09:00:00Z", "2025-12-10T09:00:00Z");
	fx_claim(f, dw, "R-NEW", "new", "2026-01-15T08:00:00Z", "2026-01-20T09:00:00Z");
	uid_new(id);
	RUN(f->db, "INSERT INTO inspection (id, dwelling_id, kind, state, planned_date, done_at, "
	    "signed_at, updated_at, updated_by) VALUES (?, ?, 'move_out', 'signed', '2025-06-30', "
	    "'2025-06-30T09:00:00Z', '2025-06-30T10:00:00Z', '2025-06-30T10:00:00Z', ?)", "ttt",
	    id, dw, f->gardien);
	uid_new(id);
	RUN(f->db, "INSERT INTO inspection (id, dwelling_id, kind, state, planned_date, "
	    "updated_at, updated_by) VALUES (?, ?, 'move_in', 'draft', '2026-02-01', "
	    "'2026-01-10T10:00:00Z', ?)", "ttt", id, dw, f->agent);
	s = load(f, "gardien", dw);
	b = &s->blocks[SB_CLAIMS];
	assert_int_equal(b->nlines, 2);
	assert_string_equal(b->lines[0].label, "R-NEW");
	assert_string_equal(b->lines[0].value,
	    "Plomberie — nouvelle — ouverte aujourd'hui — Fuite sous l'évier");
	assert_false(b->lines[0].flags & SL_HIGHLIGHT);
	assert_string_equal(b->lines[1].label, "R-LATE");
	assert_string_equal(b->lines[1].value,
	    "Plomberie — en cours — depuis 45 jours, délai dépassé — Fuite sous l'évier");
	assert_true(b->lines[1].flags & SL_HIGHLIGHT);
	assert_string_equal(b->lines[1].table, "claim");
	/* The last inspection done, not the one only planned. */
	assert_non_null(find(s, SB_INSPECTION, "Nature", "État des lieux de sortie"));
	assert_non_null(find(s, SB_INSPECTION, "Date", "2025-06-30"));
	assert_non_null(find(s, SB_INSPECTION, "État", "signé"));
	assert_string_equal(s->blocks[SB_INSPECTION].source.user, f->gardien_name);
	sheet_free(s);
}

static void
test_notes_newest_few(void **state)
{
	struct fx *f = *state;
	const struct sheet_block *b;
	char dw[UID_SIZE], at[DT_STAMP_SIZE], id[UID_SIZE];
	struct sheet *s;
	int i;

	fx_dwelling(f, "T-NOTES", dw);
	for (i = 1; i <= 6; i++) {
		snprintf(at, sizeof at, "2025-0%c-01T08:00:00Z", (char)('0' + i));
		fx_note(f, dw, at, "Note\nsuite", f->gardien);
	}
	uid_new(id);
	RUN(f->db, "INSERT INTO logbook_entry (id, at, author_id, text, dwelling_id, updated_at, "
	    "updated_by) VALUES (?, '2025-07-01T08:00:00Z', ?, 'Passage du plombier', ?, "
	    "'2025-07-01T08:00:00Z', ?)", "tttt", id, f->gardien, dw, f->gardien);
	s = load(f, "agent", dw);
	b = &s->blocks[SB_NOTES];
	assert_int_equal(b->nlines, 5);
	assert_string_equal(b->lines[0].label, "2025-07-01");
	assert_string_equal(b->lines[0].table, "logbook_entry");
	assert_null(b->lines[0].field);
	assert_non_null(strstr(b->lines[0].value, "(main courante)"));
	assert_string_equal(b->lines[1].label, "2025-06-01");
	assert_string_equal(b->lines[4].label, "2025-03-01");
	/* The first line of a note, and who wrote it, shortened. */
	{
		char *who = sheet_short_name(f->gardien_name), *want;
		want = xasprintf("Note — %s", who);
		assert_string_equal(b->lines[1].value, want);
		free(want);
		free(who);
	}
	/* The agent reads notes but does not write them. */
	assert_false(b->lines[1].flags & SL_EDITABLE);
	sheet_free(s);
}

static void
test_missing(void **state)
{
	struct fx *f = *state;
	struct sheet *s = (struct sheet *)1;
	char id[UID_SIZE];
	struct user u;
	struct err e;

	uid_new(id);
	u = as(f, "admin");
	assert_int_equal(sheet_load(f->db, &u, id, TODAY, &s, &e), -1);
	assert_null(s);
	assert_non_null(strstr(e.msg, "logement introuvable"));
	sheet_free(NULL);
}

/* Out of scope: the message says why, and no block is read. */
static void
test_scope(void **state)
{
	struct fx *f = *state;
	struct user u;
	struct sheet *s = NULL;
	struct err e;
	char other[UID_SIZE], sector[UID_SIZE], estate[UID_SIZE], building[UID_SIZE];
	char entrance[UID_SIZE], *agency;

	/* A sector nobody looks after, in the demo's agency. */
	agency = tu_text(f->db, "SELECT id FROM agency WHERE id IS NOT ? ORDER BY id LIMIT 1",
	    NULL);
	uid_new(sector);
	uid_new(estate);
	uid_new(building);
	uid_new(entrance);
	uid_new(other);
	RUN(f->db, "INSERT INTO sector (id, agency_id, code, name, updated_at, updated_by) "
	    "VALUES (?, ?, 'S-HORS', 'Secteur Lointain', ?, ?)", "tttt", sector, agency, STAMP,
	    f->admin);
	RUN(f->db, "INSERT INTO estate (id, sector_id, code, name, updated_at, updated_by) "
	    "VALUES (?, ?, 'G-HORS', 'Résidence Lointaine', ?, ?)", "tttt", estate, sector,
	    STAMP, f->admin);
	RUN(f->db, "INSERT INTO building (id, estate_id, code, updated_at, updated_by) "
	    "VALUES (?, ?, 'Z', ?, ?)", "tttt", building, estate, STAMP, f->admin);
	RUN(f->db, "INSERT INTO entrance (id, building_id, code, updated_at, updated_by) "
	    "VALUES (?, ?, '9', ?, ?)", "tttt", entrance, building, STAMP, f->admin);
	RUN(f->db, "INSERT INTO dwelling (id, entrance_id, reference, type, updated_at, "
	    "updated_by) VALUES (?, ?, 'T-HORS', 'T2', ?, ?)", "tttt", other, entrance, STAMP,
	    f->admin);
	u = as(f, "gardien");
	assert_int_equal(sheet_load(f->db, &u, other, TODAY, &s, &e), -1);
	assert_null(s);
	assert_non_null(strstr(e.msg, "n'est pas dans votre périmètre"));
	assert_non_null(strstr(e.msg, "T-HORS"));
	assert_non_null(strstr(e.msg, "Secteur Lointain"));
	/* Agency staff: their agency's dwellings, not another's. */
	u = as(f, "agent");
	u.agency_id = agency;
	s = load_as(f, &u, other);
	sheet_free(s);
	u.agency_id = "00000000-0000-7000-8000-000000000000";
	assert_int_equal(sheet_load(f->db, &u, other, TODAY, &s, &e), -1);
	assert_null(s);
	assert_non_null(strstr(e.msg, "pas de la vôtre"));
	u = as(f, "admin");
	s = load_as(f, &u, other);
	sheet_free(s);
	free(agency);
}

static void
test_helpers(void **state)
{
	char *v;

	(void)state;
#define EQ(expr, want) do { v = (expr); assert_string_equal(v, want); free(v); } while (0)
	EQ(sheet_person("Dupont", "Hélène", 0), "DUPONT Hélène");
	EQ(sheet_person("Lefèvre-Œuvray", "Zoé", 0), "LEFÈVRE-ŒUVRAY Zoé");
	EQ(sheet_person("N'Diaye", NULL, 0), "N'DIAYE");
	EQ(sheet_person("Anonymisé", "", 1), "locataire anonymisé");
	EQ(sheet_money(245000), "2 450,00 €");
	EQ(sheet_money(5), "0,05 €");
	EQ(sheet_money(123456789), "1 234 567,89 €");
	EQ(sheet_money(100000), "1 000,00 €");
	EQ(sheet_short_name("Martin Leroy"), "Martin L.");
	EQ(sheet_short_name("Jean-Pierre Élie"), "Jean-Pierre É.");
	EQ(sheet_short_name("Admin"), "Admin");
	EQ(sheet_lower_first("Plomberie"), "plomberie");
	EQ(sheet_lower_first("Électricité"), "électricité");
	EQ(sheet_lower_first("VMC Aldes"), "VMC Aldes");
	EQ(sheet_lower_first(""), "");
	EQ(sheet_first_line("un\ndeux"), "un");
	assert_string_equal(sheet_service("gardien"), "Proximité");
	assert_string_equal(sheet_service("agent"), "Gestion locative");
	assert_string_equal(sheet_service("technicien"), "Patrimoine");
	assert_string_equal(sheet_service("superviseur"), "Encadrement");
	assert_string_equal(sheet_service("admin"), "Administration");
	assert_string_equal(sheet_label(SV_CLAIM_STATUS, "forwarded"), "transmise");
	assert_string_equal(sheet_label(SV_EQUIPMENT, "nouveau_code"), "nouveau_code");
	assert_string_equal(sheet_label(SV_EQUIPMENT, NULL), "");
#undef EQ
}

/* Every demo dwelling, every role: loads, and no line without a value. */
static void
test_demo_all(void **state)
{
	static const char *const roles[] = {
		"gardien", "agent", "technicien", "superviseur", "admin", "auditeur",
	};
	struct fx *f = *state;
	struct db_stmt *st;
	struct sheet *s;
	char **ids = NULL, *mine = NULL;
	size_t n = 0, i, r, j, refused = 0;
	struct user u;
	struct err e;
	int k, past = 0;

	/* And whether gardien1 looks after it. */
	st = db_stmt(f->db, &e, "SELECT d.id, es.sector_id IN (SELECT sector_id FROM "
	    "user_sector WHERE user_id = ?) FROM dwelling d JOIN entrance en ON en.id = "
	    "d.entrance_id JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = "
	    "b.estate_id WHERE d.reference NOT LIKE 'T-%'");
	assert_non_null(st);
	assert_int_equal(db_bind(st, &e, "t", f->gardien), 0);
	while (db_step(st, &e) == 1) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		mine = xreallocarray(mine, n + 1, 1);
		mine[n] = (char)db_col_int(st, 1);
		ids[n++] = db_col_dup(st, 0);
	}
	assert_int_equal(n, 200);
	for (i = 0; i < n; i++) {
		for (r = 0; r < sizeof roles / sizeof roles[0]; r++) {
			if (strcmp(roles[r], "gardien") == 0 && !mine[i]) {
				u = as(f, "gardien");
				assert_int_equal(sheet_load(f->db, &u, ids[i], TODAY, &s, &e), -1);
				assert_non_null(strstr(e.msg, "n'est pas dans votre périmètre"));
				refused++;
				continue;
			}
			s = load(f, roles[r], ids[i]);
			for (k = 0; k < SB_COUNT; k++) {
				assert_true(s->blocks[k].visible || s->blocks[k].reason != NULL);
				for (j = 0; j < s->blocks[k].nlines; j++) {
					assert_non_null(s->blocks[k].lines[j].value);
					past += (s->blocks[k].lines[j].flags & SL_HIGHLIGHT) &&
					    k == SB_EQUIPMENT;
				}
			}
			sheet_free(s);
		}
		free(ids[i]);
	}
	free(ids);
	free(mine);
	/* The demo keeps some equipment past its lifetime; gardien1 opens
	 * the sheets of his sectors. */
	assert_true(past > 0);
	assert_true(refused < n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_technicien),
		cmocka_unit_test(test_gardien),
		cmocka_unit_test(test_agent_and_others),
		cmocka_unit_test(test_provenance),
		cmocka_unit_test(test_equipment_lifetime),
		cmocka_unit_test(test_vacant_and_empty),
		cmocka_unit_test(test_claims_and_inspection),
		cmocka_unit_test(test_notes_newest_few),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_demo_all),
	};

	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
