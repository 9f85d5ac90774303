/* core/history.c: a dwelling's events newest first with their French
 * lines (leases in and out, inspections, claims and work orders with each
 * status change, works, equipment, logbook, notes), the kind filter, what
 * each role may see (no leases for maintenance, no amounts for the
 * gardien), and the building and estate scopes holding their own events
 * and their dwellings'. */
#include "tests/unit/testutil.h"

#include "core/demo.h"
#include "core/history.h"
#include "core/sheet.h"
#include "core/uid.h"

#define TODAY "2026-01-15"
#define STAMP "2025-01-02T03:04:05Z"

struct fx {
	char *dir;
	struct db *db;
	char gardien[UID_SIZE], agent[UID_SIZE], tech[UID_SIZE];
	char *gardien_short, *agent_short, *tech_short;
	char entrance[UID_SIZE], building[UID_SIZE], estate[UID_SIZE];
	char *entrance_code, *building_code, *estate_name, *contractor_name;
	char contractor[UID_SIZE];
	/* Our dwelling and its rows. */
	char dw[UID_SIZE], lease1[UID_SIZE], lease2[UID_SIZE], tenant1[UID_SIZE];
	char claim[UID_SIZE], order[UID_SIZE], works[UID_SIZE];
};

#define RUN(db, sql, types, ...) do { \
	struct err e_; \
	if (db_run((db), &e_, (sql), (types), __VA_ARGS__) != 0) \
		fail_msg("%s: %s", (sql), e_.msg); \
} while (0)

static char *
fx_text(struct fx *f, const char *sql, const char *arg)
{
	struct err e;
	char *v = db_text(f->db, &e, sql, "t", arg);

	if (v == NULL)
		fail_msg("%s (%s): no value", sql, arg);
	return v;
}

static void
fx_copy(char out[UID_SIZE], char *v)
{
	snprintf(out, UID_SIZE, "%s", v);
	free(v);
}

static void
fx_user(struct fx *f, const char *login, char id[UID_SIZE], char **shortname)
{
	char *name;

	fx_copy(id, fx_text(f, "SELECT id FROM user_account WHERE login = ?", login));
	name = fx_text(f, "SELECT display_name FROM user_account WHERE id = ?", id);
	*shortname = sheet_short_name(name);
	free(name);
}

static void
fx_tenant(struct fx *f, const char *lease, const char *last, const char *first,
    char tenant[UID_SIZE])
{
	char lt[UID_SIZE];

	uid_new(tenant);
	uid_new(lt);
	RUN(f->db, "INSERT INTO tenant (id, last_name, first_name, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?)", "ttttt", tenant, last, first, STAMP, f->agent);
	RUN(f->db, "INSERT INTO lease_tenant (id, lease_id, tenant_id, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?)", "ttttt", lt, lease, tenant, STAMP, f->agent);
}

static void
fx_event(struct fx *f, const char *table, const char *parent_col, const char *parent,
    const char *at, const char *by, const char *from, const char *to)
{
	char id[UID_SIZE], *sql;

	uid_new(id);
	sql = xasprintf("INSERT INTO %s (id, %s, at, user_id, from_status, to_status, comment, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, 'ok', ?, ?)", table, parent_col);
	RUN(f->db, sql, "tttttttt", id, parent, at, by, from, to, at, by);
	free(sql);
}

/* The dwelling's life, one row of each kind at a known moment. */
static void
fx_dwelling_life(struct fx *f)
{
	char id[UID_SIZE], tenant2[UID_SIZE];

	uid_new(f->dw);
	RUN(f->db, "INSERT INTO dwelling (id, entrance_id, reference, type, updated_at, "
	    "updated_by) VALUES (?, ?, 'H-001', 'T3', ?, ?)", "tttt", f->dw, f->entrance, STAMP,
	    f->tech);
	uid_new(f->lease1);
	RUN(f->db, "INSERT INTO lease (id, dwelling_id, start_date, end_date, updated_at, "
	    "updated_by) VALUES (?, ?, '2015-01-01', '2019-02-28', ?, ?)", "tttt", f->lease1,
	    f->dw, STAMP, f->agent);
	fx_tenant(f, f->lease1, "Dupont", "Hélène", f->tenant1);
	uid_new(f->lease2);
	RUN(f->db, "INSERT INTO lease (id, dwelling_id, start_date, updated_at, updated_by) "
	    "VALUES (?, ?, '2019-03-01', ?, ?)", "tttt", f->lease2, f->dw, STAMP, f->agent);
	fx_tenant(f, f->lease2, "Martin", "Paul", tenant2);
	uid_new(id);
	RUN(f->db, "INSERT INTO inspection (id, dwelling_id, lease_id, kind, state, done_at, "
	    "signed_at, updated_at, updated_by) VALUES (?, ?, ?, 'move_out', 'signed', "
	    "'2019-02-28T10:00:00Z', '2019-02-28T10:30:00Z', ?, ?)", "ttttt", id, f->dw,
	    f->lease1, STAMP, f->gardien);
	uid_new(f->claim);
	RUN(f->db, "INSERT INTO claim (id, number, dwelling_id, category, urgency, channel, "
	    "description, status, opened_at, updated_at, updated_by) VALUES (?, 'R-HIST-1', ?, "
	    "'plumbing', 'normal', 'lodge', 'Fuite sous l''évier\nurgent', 'forwarded', "
	    "'2025-01-10T09:00:00Z', ?, ?)", "tttt", f->claim, f->dw, STAMP, f->agent);
	fx_event(f, "claim_event", "claim_id", f->claim, "2025-01-10T09:00:00Z", f->gardien, NULL,
	    "new");
	fx_event(f, "claim_event", "claim_id", f->claim, "2025-01-11T10:00:00Z", f->agent, "new",
	    "forwarded");
	/* A comment alone is not a status change. */
	fx_event(f, "claim_event", "claim_id", f->claim, "2025-01-11T12:00:00Z", f->agent, NULL,
	    NULL);
	uid_new(f->order);
	RUN(f->db, "INSERT INTO work_order (id, number, claim_id, contractor_id, dwelling_id, "
	    "description, status, ordered_at, updated_at, updated_by) VALUES (?, 'BT-HIST-1', ?, "
	    "?, ?, 'Réparer la fuite', 'scheduled', '2025-01-11T11:00:00Z', ?, ?)", "tttttt",
	    f->order, f->claim, f->contractor, f->dw, STAMP, f->tech);
	fx_event(f, "work_order_event", "work_order_id", f->order, "2025-01-11T11:00:00Z", f->tech,
	    NULL, "ordered");
	fx_event(f, "work_order_event", "work_order_id", f->order, "2025-01-12T08:00:00Z", f->tech,
	    "ordered", "scheduled");
	uid_new(f->works);
	RUN(f->db, "INSERT INTO works (id, dwelling_id, date, kind, description, amount_cents, "
	    "updated_at, updated_by) VALUES (?, ?, '2024-06-01', 'boiler_replacement', "
	    "'Remplacement de la chaudière individuelle', 245000, ?, ?)", "tttt", f->works, f->dw,
	    STAMP, f->tech);
	uid_new(id);
	RUN(f->db, "INSERT INTO equipment (id, dwelling_id, kind, make, install_date, "
	    "lifetime_years, updated_at, updated_by) VALUES (?, ?, 'boiler', 'Saunier Duval', "
	    "'2024-06-02', 15, ?, ?)", "tttt", id, f->dw, STAMP, f->tech);
	uid_new(id);
	RUN(f->db, "INSERT INTO logbook_entry (id, at, author_id, text, dwelling_id, updated_at, "
	    "updated_by) VALUES (?, '2025-02-01T08:00:00Z', ?, 'Passage du plombier\nRAS', ?, ?, ?)",
	    "ttttt", id, f->gardien, f->dw, STAMP, f->gardien);
	uid_new(id);
	RUN(f->db, "INSERT INTO note (id, dwelling_id, author_id, at, text, updated_at, "
	    "updated_by) VALUES (?, ?, ?, '2025-03-01T08:00:00Z', 'Chien', ?, ?)", "ttttt", id,
	    f->dw, f->gardien, STAMP, f->gardien);
}

/* Events of the places above: the building, the entrance, the estate. */
static void
fx_places_life(struct fx *f)
{
	char id[UID_SIZE];

	uid_new(id);
	RUN(f->db, "INSERT INTO logbook_entry (id, at, author_id, text, building_id, updated_at, "
	    "updated_by) VALUES (?, '2025-04-01T08:00:00Z', ?, 'Ascenseur réparé', ?, ?, ?)",
	    "ttttt", id, f->gardien, f->building, STAMP, f->gardien);
	uid_new(id);
	RUN(f->db, "INSERT INTO claim (id, number, entrance_id, category, urgency, channel, "
	    "description, opened_at, updated_at, updated_by) VALUES (?, 'R-HIST-2', ?, "
	    "'intercom', 'normal', 'lodge', 'Interphone muet', '2025-05-01T08:00:00Z', ?, ?)",
	    "tttt", id, f->entrance, STAMP, f->gardien);
	uid_new(id);
	RUN(f->db, "INSERT INTO note (id, estate_id, author_id, at, text, updated_at, "
	    "updated_by) VALUES (?, ?, ?, '2025-06-01T08:00:00Z', 'Réunion des locataires', ?, ?)",
	    "ttttt", id, f->estate, f->gardien, STAMP, f->gardien);
}

static int
fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct err e;

	f->dir = tu_tmpdir();
	f->db = tu_demo_db(f->dir, "history.db", 200, 1, TODAY);
	fx_user(f, "gardien1", f->gardien, &f->gardien_short);
	fx_user(f, "agent1", f->agent, &f->agent_short);
	fx_user(f, "technicien1", f->tech, &f->tech_short);
	fx_copy(f->entrance, db_text(f->db, &e, "SELECT id FROM entrance ORDER BY id LIMIT 1", ""));
	f->entrance_code = fx_text(f, "SELECT code FROM entrance WHERE id = ?", f->entrance);
	fx_copy(f->building, fx_text(f, "SELECT building_id FROM entrance WHERE id = ?",
	    f->entrance));
	f->building_code = fx_text(f, "SELECT code FROM building WHERE id = ?", f->building);
	fx_copy(f->estate, fx_text(f, "SELECT estate_id FROM building WHERE id = ?", f->building));
	f->estate_name = fx_text(f, "SELECT name FROM estate WHERE id = ?", f->estate);
	fx_copy(f->contractor, db_text(f->db, &e, "SELECT id FROM contractor ORDER BY id LIMIT 1",
	    ""));
	f->contractor_name = fx_text(f, "SELECT name FROM contractor WHERE id = ?", f->contractor);
	fx_dwelling_life(f);
	fx_places_life(f);
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->db);
	tu_rmdir(f->dir);
	free(f->gardien_short);
	free(f->agent_short);
	free(f->tech_short);
	free(f->entrance_code);
	free(f->building_code);
	free(f->estate_name);
	free(f->contractor_name);
	free(f);
	return 0;
}

struct hist {
	struct history_event *ev;
	size_t n;
};

static struct hist
load(struct fx *f, const char *role, enum history_scope scope, const char *id, unsigned mask)
{
	struct hist h;
	struct err e;
	size_t i;

	if (history_load(f->db, role, scope, id, mask, &h.ev, &h.n, &e) != 0)
		fail_msg("history_load(%s): %s", role, e.msg);
	for (i = 0; i + 1 < h.n; i++)
		if (strcmp(h.ev[i].at, h.ev[i + 1].at) < 0)
			fail_msg("not newest first at %zu: %s < %s", i, h.ev[i].at, h.ev[i + 1].at);
	return h;
}

static void
unload(struct hist *h)
{
	history_free(h->ev, h->n);
}

static const struct history_event *
find(const struct hist *h, const char *summary)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->ev[i].summary, summary) == 0)
			return &h->ev[i];
	return NULL;
}

/* Checks event i's kind, moment and line. */
static void
is(const struct hist *h, size_t i, enum history_kind k, const char *at, const char *summary)
{
	assert_true(i < h->n);
	assert_int_equal(h->ev[i].kind, k);
	assert_string_equal(h->ev[i].at, at);
	assert_string_equal(h->ev[i].summary, summary);
}

static void
test_dwelling_agent(void **state)
{
	struct fx *f = *state;
	struct hist h = load(f, "agent", HISTORY_DWELLING, f->dw, HISTORY_ALL);
	char *s;

	assert_int_equal(h.n, 12);
	s = xasprintf("Note : Chien (%s)", f->gardien_short);
	is(&h, 0, H_NOTE, "2025-03-01T08:00:00Z", s);
	free(s);
	s = xasprintf("Passage du plombier (%s)", f->gardien_short);
	is(&h, 1, H_LOGBOOK, "2025-02-01T08:00:00Z", s);
	free(s);
	s = xasprintf("Intervention BT-HIST-1 : commandée → planifiée (par %s)", f->tech_short);
	is(&h, 2, H_WORK_ORDER, "2025-01-12T08:00:00Z", s);
	free(s);
	s = xasprintf("Intervention BT-HIST-1 commandée à %s : Réparer la fuite",
	    f->contractor_name);
	is(&h, 3, H_WORK_ORDER, "2025-01-11T11:00:00Z", s);
	free(s);
	s = xasprintf("Réclamation R-HIST-1 plomberie : nouvelle → transmise (par %s)",
	    f->agent_short);
	is(&h, 4, H_CLAIM, "2025-01-11T10:00:00Z", s);
	free(s);
	s = xasprintf("Réclamation R-HIST-1 plomberie ouverte : Fuite sous l'évier (par %s)",
	    f->gardien_short);
	is(&h, 5, H_CLAIM, "2025-01-10T09:00:00Z", s);
	free(s);
	is(&h, 6, H_EQUIPMENT, "2024-06-02", "Équipement installé : chaudière Saunier Duval");
	is(&h, 7, H_WORKS, "2024-06-01",
	    "Travaux : remplacement de la chaudière individuelle — 2 450,00 €");
	is(&h, 8, H_LEASE, "2019-03-01", "Entrée de MARTIN Paul (bail du 2019-03-01)");
	is(&h, 9, H_INSPECTION, "2019-02-28T10:00:00Z", "État des lieux de sortie — signé");
	is(&h, 10, H_LEASE, "2019-02-28", "Sortie de DUPONT Hélène (bail du 2015-01-01)");
	is(&h, 11, H_LEASE, "2015-01-01", "Entrée de DUPONT Hélène (bail du 2015-01-01)");

	/* What Enter opens: the claim, not its status change; the dwelling. */
	assert_string_equal(h.ev[4].table, "claim");
	assert_string_equal(h.ev[4].row_id, f->claim);
	assert_string_equal(h.ev[4].dwelling_id, f->dw);
	assert_string_equal(h.ev[4].place, "H-001");
	assert_string_equal(h.ev[2].table, "work_order");
	assert_string_equal(h.ev[2].row_id, f->order);
	assert_string_equal(h.ev[7].table, "works");
	assert_string_equal(h.ev[7].row_id, f->works);
	assert_string_equal(h.ev[10].table, "lease");
	assert_string_equal(h.ev[10].row_id, f->lease1);
	assert_string_equal(h.ev[0].table, "note");
	assert_string_equal(h.ev[1].table, "logbook_entry");
	unload(&h);
}

static void
test_roles(void **state)
{
	struct fx *f = *state;
	struct hist h;
	size_t i;

	/* The gardien sees works, without their amounts. */
	h = load(f, "gardien", HISTORY_DWELLING, f->dw, HISTORY_ALL);
	assert_int_equal(h.n, 12);
	assert_non_null(find(&h, "Travaux : remplacement de la chaudière individuelle"));
	for (i = 0; i < h.n; i++)
		assert_null(strstr(h.ev[i].summary, "€"));
	unload(&h);

	/* Maintenance staff: no leases at all. */
	assert_false(history_kinds_readable("technicien") & HISTORY_BIT(H_LEASE));
	h = load(f, "technicien", HISTORY_DWELLING, f->dw, HISTORY_ALL);
	assert_int_equal(h.n, 9);
	for (i = 0; i < h.n; i++)
		assert_int_not_equal(h.ev[i].kind, H_LEASE);
	assert_non_null(find(&h, "Travaux : remplacement de la chaudière individuelle — "
	    "2 450,00 €"));
	unload(&h);

	/* An unknown role: nothing, and no error. */
	assert_int_equal(history_kinds_readable("stagiaire"), 0);
	h = load(f, "stagiaire", HISTORY_DWELLING, f->dw, HISTORY_ALL);
	assert_int_equal(h.n, 0);
	unload(&h);
	assert_int_equal(history_kinds_readable("admin"), HISTORY_ALL);

	/* An anonymised tenant is no longer named. */
	RUN(f->db, "UPDATE tenant SET anonymised = 1 WHERE id = ?", "t", f->tenant1);
	h = load(f, "agent", HISTORY_DWELLING, f->dw, HISTORY_BIT(H_LEASE));
	assert_non_null(find(&h, "Sortie d'un locataire anonymisé (bail du 2015-01-01)"));
	assert_non_null(find(&h, "Entrée de MARTIN Paul (bail du 2019-03-01)"));
	unload(&h);
	RUN(f->db, "UPDATE tenant SET anonymised = 0 WHERE id = ?", "t", f->tenant1);
}

static void
test_filter(void **state)
{
	struct fx *f = *state;
	struct hist h;
	size_t i;

	h = load(f, "agent", HISTORY_DWELLING, f->dw, HISTORY_BIT(H_LEASE));
	assert_int_equal(h.n, 3);
	for (i = 0; i < h.n; i++)
		assert_int_equal(h.ev[i].kind, H_LEASE);
	unload(&h);
	h = load(f, "agent", HISTORY_DWELLING, f->dw,
	    HISTORY_BIT(H_CLAIM) | HISTORY_BIT(H_WORK_ORDER));
	assert_int_equal(h.n, 4);
	assert_int_equal(h.ev[0].kind, H_WORK_ORDER);
	assert_int_equal(h.ev[3].kind, H_CLAIM);
	unload(&h);
	h = load(f, "agent", HISTORY_DWELLING, f->dw, HISTORY_ALL & ~HISTORY_BIT(H_NOTE));
	assert_int_equal(h.n, 11);
	assert_int_equal(h.ev[0].kind, H_LOGBOOK);
	unload(&h);
	h = load(f, "agent", HISTORY_DWELLING, f->dw, 0);
	assert_int_equal(h.n, 0);
	unload(&h);
}

/* One tenant leaves and the next comes in on the same day: the entry is
 * the newer event. */
static void
test_same_day(void **state)
{
	struct fx *f = *state;
	char dw[UID_SIZE], a[UID_SIZE], b[UID_SIZE], t[UID_SIZE];
	struct hist h;

	uid_new(dw);
	RUN(f->db, "INSERT INTO dwelling (id, entrance_id, reference, type, updated_at, "
	    "updated_by) VALUES (?, ?, 'H-002', 'T2', ?, ?)", "tttt", dw, f->entrance, STAMP,
	    f->tech);
	uid_new(a);
	uid_new(b);
	RUN(f->db, "INSERT INTO lease (id, dwelling_id, start_date, end_date, updated_at, "
	    "updated_by) VALUES (?, ?, '2018-01-01', '2020-06-30', ?, ?)", "tttt", a, dw, STAMP,
	    f->agent);
	RUN(f->db, "INSERT INTO lease (id, dwelling_id, start_date, updated_at, updated_by) "
	    "VALUES (?, ?, '2020-06-30', ?, ?)", "tttt", b, dw, STAMP, f->agent);
	fx_tenant(f, a, "Avant", "Anne", t);
	fx_tenant(f, b, "Après", "Bruno", t);
	h = load(f, "gardien", HISTORY_DWELLING, dw, HISTORY_ALL);
	assert_int_equal(h.n, 3);
	is(&h, 0, H_LEASE, "2020-06-30", "Entrée de APRÈS Bruno (bail du 2020-06-30)");
	is(&h, 1, H_LEASE, "2020-06-30", "Sortie de AVANT Anne (bail du 2018-01-01)");
	is(&h, 2, H_LEASE, "2018-01-01", "Entrée de AVANT Anne (bail du 2018-01-01)");
	assert_string_equal(h.ev[0].row_id, b);
	assert_string_equal(h.ev[1].row_id, a);
	unload(&h);
}

static void
test_keys(void **state)
{
	int k, j;

	assert_int_equal(history_kind_from_key('B'), H_LEASE);
	assert_int_equal(history_kind_from_key('b'), H_LEASE);
	assert_int_equal(history_kind_from_key('E'), H_INSPECTION);
	assert_int_equal(history_kind_from_key('R'), H_CLAIM);
	assert_int_equal(history_kind_from_key('I'), H_WORK_ORDER);
	assert_int_equal(history_kind_from_key('T'), H_WORKS);
	assert_int_equal(history_kind_from_key('U'), H_EQUIPMENT);
	/* 'Q' quits Loge everywhere: no filter takes it. */
	assert_int_equal(history_kind_from_key('Q'), -1);
	assert_int_equal(history_kind_from_key('m'), H_LOGBOOK);
	assert_int_equal(history_kind_from_key('N'), H_NOTE);
	/* 'A' stays free for "all kinds", G for "last line". */
	assert_int_equal(history_kind_from_key('G'), -1);
	assert_int_equal(history_kind_from_key('A'), -1);
	assert_int_equal(history_kind_from_key('z'), -1);
	for (k = 0; k < H_KIND_COUNT; k++) {
		assert_int_equal(history_kind_from_key(history_kind_key(k)), k);
		assert_true(strlen(history_kind_label(k)) > 0);
		for (j = 0; j < k; j++)
			assert_int_not_equal(history_kind_key(j), history_kind_key(k));
	}
	assert_string_equal(history_kind_label(H_CLAIM), "Réclamations");
}

/* Whether ev holds the dwelling's event for row_id. */
static int
has_row(const struct hist *h, const char *row_id, const char *dwelling_id)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->ev[i].row_id, row_id) == 0 &&
		    strcmp(h->ev[i].dwelling_id, dwelling_id) == 0)
			return 1;
	return 0;
}

static void
test_building(void **state)
{
	struct fx *f = *state;
	const struct history_event *ev;
	struct hist h;
	char *s, *place;
	size_t i, ours = 0;

	h = load(f, "agent", HISTORY_BUILDING, f->building, HISTORY_ALL);
	for (i = 0; i < h.n; i++)
		ours += strcmp(h.ev[i].dwelling_id, f->dw) == 0;
	assert_int_equal(ours, 12);
	assert_true(has_row(&h, f->lease2, f->dw));
	assert_true(has_row(&h, f->works, f->dw));
	/* The building's own logbook, the entrance's claim. */
	s = xasprintf("Ascenseur réparé (%s)", f->gardien_short);
	ev = find(&h, s);
	free(s);
	assert_non_null(ev);
	place = xasprintf("Bât. %s", f->building_code);
	assert_string_equal(ev->place, place);
	free(place);
	assert_string_equal(ev->dwelling_id, "");
	assert_int_equal(ev->kind, H_LOGBOOK);
	s = xasprintf("Réclamation R-HIST-2 interphone ouverte : Interphone muet");
	ev = find(&h, s);
	free(s);
	assert_non_null(ev);
	place = xasprintf("Bât. %s, entrée %s", f->building_code, f->entrance_code);
	assert_string_equal(ev->place, place);
	free(place);
	/* Not the estate's note. */
	for (i = 0; i < h.n; i++)
		assert_null(strstr(h.ev[i].summary, "Réunion des locataires"));
	unload(&h);
}

/* The estate's history: its own events, its buildings', and exactly the
 * events of each of its dwellings. */
static void
test_estate(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st;
	struct hist h, d;
	char **ids = NULL, *s;
	size_t n = 0, i, j, dwelling_events = 0, sum = 0;
	struct err e;

	h = load(f, "agent", HISTORY_ESTATE, f->estate, HISTORY_ALL);
	s = xasprintf("Note : Réunion des locataires (%s)", f->gardien_short);
	assert_non_null(find(&h, s));
	assert_string_equal(find(&h, s)->place, f->estate_name);
	free(s);
	s = xasprintf("Ascenseur réparé (%s)", f->gardien_short);
	assert_non_null(find(&h, s));
	free(s);
	assert_true(has_row(&h, f->claim, f->dw));

	st = db_stmt(f->db, &e, "SELECT d.id FROM building b JOIN entrance en "
	    "ON en.building_id = b.id JOIN dwelling d ON d.entrance_id = en.id "
	    "WHERE b.estate_id = ?");
	assert_non_null(st);
	assert_int_equal(db_bind(st, &e, "t", f->estate), 0);
	while (db_step(st, &e) == 1) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = db_col_dup(st, 0);
	}
	assert_true(n > 1);
	for (i = 0; i < h.n; i++) {
		if (h.ev[i].dwelling_id[0] == '\0')
			continue;
		dwelling_events++;
		for (j = 0; j < n && strcmp(ids[j], h.ev[i].dwelling_id) != 0; j++)
			;
		assert_true(j < n);
	}
	for (j = 0; j < n; j++) {
		d = load(f, "agent", HISTORY_DWELLING, ids[j], HISTORY_ALL);
		sum += d.n;
		unload(&d);
		free(ids[j]);
	}
	free(ids);
	assert_int_equal(dwelling_events, sum);
	assert_true(sum > 12);
	unload(&h);
}

static void
test_missing(void **state)
{
	struct fx *f = *state;
	struct history_event *ev = (struct history_event *)1;
	char id[UID_SIZE];
	size_t n = 1;
	struct err e;

	uid_new(id);
	assert_int_equal(history_load(f->db, "admin", HISTORY_BUILDING, id, HISTORY_ALL, &ev, &n,
	    &e), -1);
	assert_null(ev);
	assert_int_equal(n, 0);
	assert_non_null(strstr(e.msg, "bâtiment introuvable"));
	/* A dwelling id is not a building. */
	assert_int_equal(history_load(f->db, "admin", HISTORY_BUILDING, f->dw, HISTORY_ALL, &ev,
	    &n, &e), -1);
	assert_int_equal(history_load(f->db, "admin", HISTORY_ESTATE, f->dw, HISTORY_ALL, &ev,
	    &n, &e), -1);
	assert_non_null(strstr(e.msg, "résidence introuvable"));
}

/* ---- The detail of one event ---- */

static struct history_detail *
detail(struct fx *f, const char *role, const char *table, const char *id)
{
	struct history_detail *d = NULL;
	struct err e;

	if (history_detail_load(f->db, role, table, id, TODAY, &d, &e) != 0)
		fail_msg("history_detail_load(%s, %s): %s", role, table, e.msg);
	assert_non_null(d);
	assert_non_null(d->title);
	return d;
}

/* The value beside label, or NULL. */
static const char *
dvalue(const struct history_detail *d, const char *label)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->lines[i].label && strcmp(d->lines[i].label, label) == 0)
			return d->lines[i].value;
	return NULL;
}

/* The index of the line of text value, or -1. */
static long
dtext(const struct history_detail *d, const char *value)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->lines[i].label == NULL && strcmp(d->lines[i].value, value) == 0)
			return (long)i;
	return -1;
}

static int
dhas(const struct history_detail *d, const char *needle)
{
	size_t i;

	if (strstr(d->title, needle))
		return 1;
	for (i = 0; i < d->n; i++)
		if (strstr(d->lines[i].value, needle) ||
		    (d->lines[i].label && strstr(d->lines[i].label, needle)))
			return 1;
	return 0;
}

/* Every event of the dwelling opens, for every role that sees it. */
static void
test_detail_every_event(void **state)
{
	static const char *const roles[] = {"gardien", "agent", "technicien", "admin"};
	struct fx *f = *state;
	struct history_detail *d;
	struct hist h;
	size_t r, i, j;

	for (r = 0; r < sizeof roles / sizeof roles[0]; r++) {
		h = load(f, roles[r], HISTORY_BUILDING, f->building, HISTORY_ALL);
		assert_true(h.n > 12);
		for (i = 0; i < h.n; i++) {
			d = detail(f, roles[r], h.ev[i].table, h.ev[i].row_id);
			assert_true(strlen(d->title) > 5);
			assert_true(d->n >= 3);
			for (j = 0; j < d->n; j++)
				assert_non_null(d->lines[j].value);
			/* No amounts for the gardien. */
			if (strcmp(roles[r], "gardien") == 0)
				assert_false(dhas(d, "€"));
			history_detail_free(d);
		}
		unload(&h);
	}
}

static void
test_detail_claim(void **state)
{
	struct fx *f = *state;
	struct history_detail *d = detail(f, "agent", "claim", f->claim);
	char *s;
	long ev;

	assert_string_equal(d->title, "Réclamation R-HIST-1");
	assert_string_equal(dvalue(d, "Numéro"), "R-HIST-1");
	assert_string_equal(dvalue(d, "Lieu"), "H-001");
	assert_string_equal(dvalue(d, "Canal"), "loge du gardien");
	assert_string_equal(dvalue(d, "Statut"), "transmise");
	assert_string_equal(dvalue(d, "Ouverte le"), "2025-01-10 09:00");
	assert_string_equal(dvalue(d, "Description"), "Fuite sous l'évier");
	assert_true(dtext(d, "urgent") >= 0);
	assert_null(dvalue(d, "Close le"));
	/* Its events, oldest first, the comment alone included. */
	ev = dtext(d, "Suivi");
	assert_true(ev > 0);
	assert_true((size_t)ev + 3 < d->n);
	s = xasprintf("2025-01-10 09:00 · nouvelle · par %s · ok", f->gardien_short);
	assert_string_equal(d->lines[ev + 1].value, s);
	free(s);
	s = xasprintf("2025-01-11 10:00 · nouvelle → transmise · par %s · ok", f->agent_short);
	assert_string_equal(d->lines[ev + 2].value, s);
	free(s);
	s = xasprintf("2025-01-11 12:00 · par %s · ok", f->agent_short);
	assert_string_equal(d->lines[ev + 3].value, s);
	free(s);
	/* Its work order. */
	assert_true(dtext(d, "Interventions") > ev);
	s = xasprintf("%s — planifiée", f->contractor_name);
	assert_string_equal(dvalue(d, "BT-HIST-1"), s);
	free(s);
	history_detail_free(d);

	/* The claim's tenant, named for those who may. */
	RUN(f->db, "UPDATE claim SET tenant_id = ? WHERE id = ?", "tt", f->tenant1, f->claim);
	d = detail(f, "gardien", "claim", f->claim);
	assert_string_equal(dvalue(d, "Locataire"), "DUPONT Hélène");
	history_detail_free(d);
	RUN(f->db, "UPDATE claim SET tenant_id = NULL WHERE id = ?", "t", f->claim);
}

static void
test_detail_kinds(void **state)
{
	struct fx *f = *state;
	struct history_detail *d;
	struct hist h;
	char *s;
	size_t i;

	d = detail(f, "agent", "work_order", f->order);
	assert_string_equal(d->title, "Intervention BT-HIST-1");
	assert_string_equal(dvalue(d, "Entreprise"), f->contractor_name);
	assert_string_equal(dvalue(d, "Réclamation"), "R-HIST-1");
	assert_string_equal(dvalue(d, "Statut"), "planifiée");
	assert_string_equal(dvalue(d, "Montant"), "non renseigné");
	s = xasprintf("2025-01-12 08:00 · commandée → planifiée · par %s · ok", f->tech_short);
	assert_true(dtext(d, s) > dtext(d, "Suivi"));
	free(s);
	history_detail_free(d);

	d = detail(f, "agent", "works", f->works);
	assert_string_equal(d->title, "Travaux du 2024-06-01");
	assert_string_equal(dvalue(d, "Nature"), "Remplacement de chaudière");
	assert_string_equal(dvalue(d, "Montant"), "2 450,00 €");
	history_detail_free(d);
	/* Hidden, but named: the gardien knows there is an amount. */
	d = detail(f, "gardien", "works", f->works);
	assert_string_equal(dvalue(d, "Montant"),
	    "Montants des travaux : réservé au service patrimoine");
	assert_false(dhas(d, "€"));
	history_detail_free(d);

	d = detail(f, "agent", "lease", f->lease1);
	assert_string_equal(d->title, "Bail du 2015-01-01");
	assert_string_equal(dvalue(d, "Fin"), "2019-02-28");
	assert_string_equal(dvalue(d, "Locataire"), "DUPONT Hélène");
	history_detail_free(d);

	h = load(f, "agent", HISTORY_DWELLING, f->dw, HISTORY_ALL);
	for (i = 0; i < h.n; i++) {
		d = detail(f, "agent", h.ev[i].table, h.ev[i].row_id);
		switch (h.ev[i].kind) {
		case H_INSPECTION:
			assert_string_equal(d->title, "État des lieux de sortie du 2019-02-28");
			assert_string_equal(dvalue(d, "État"), "signé");
			assert_string_equal(dvalue(d, "Signé le"), "2019-02-28 10:30");
			assert_string_equal(dvalue(d, "Pièces"), "0");
			assert_string_equal(dvalue(d, "Bon état"), "0 élément(s)");
			break;
		case H_EQUIPMENT:
			assert_string_equal(d->title, "Équipement : chaudière");
			assert_string_equal(dvalue(d, "Marque"), "Saunier Duval");
			assert_string_equal(dvalue(d, "Durée de vie"), "15 ans");
			assert_string_equal(dvalue(d, "Âge"), "1 an");
			break;
		case H_LOGBOOK:
			assert_string_equal(d->title, "Main courante du 2025-02-01 08:00");
			assert_true(dtext(d, "Passage du plombier") >= 0);
			assert_true(dtext(d, "RAS") > dtext(d, "Passage du plombier"));
			break;
		case H_NOTE:
			assert_string_equal(d->title, "Note du 2025-03-01 08:00");
			assert_true(dtext(d, "Chien") >= 0);
			break;
		default:
			break;
		}
		history_detail_free(d);
	}
	unload(&h);
}

/* Items per state of an inspection, with its rooms, meters, keys and
 * parties. */
static void
test_detail_inspection(void **state)
{
	struct fx *f = *state;
	struct history_detail *d;
	char insp[UID_SIZE], room[UID_SIZE], id[UID_SIZE];
	static const char states[] = "nbbum";
	size_t i;

	uid_new(insp);
	RUN(f->db, "INSERT INTO inspection (id, dwelling_id, kind, state, planned_date, "
	    "updated_at, updated_by) VALUES (?, ?, 'move_in', 'draft', '2026-02-01', ?, ?)",
	    "tttt", insp, f->dw, STAMP, f->gardien);
	uid_new(room);
	RUN(f->db, "INSERT INTO inspection_room (id, inspection_id, position, name, updated_at, "
	    "updated_by) VALUES (?, ?, 1, 'Séjour', ?, ?)", "tttt", room, insp, STAMP, f->gardien);
	for (i = 0; i < sizeof states - 1; i++) {
		char st[2] = {states[i], '\0'};

		uid_new(id);
		RUN(f->db, "INSERT INTO inspection_item (id, room_id, position, name, kind, state, "
		    "updated_at, updated_by) VALUES (?, ?, 1, 'Mur', 'wall', ?, ?, ?)", "ttttt", id,
		    room, st, STAMP, f->gardien);
	}
	uid_new(id);
	RUN(f->db, "INSERT INTO inspection_key (id, inspection_id, kind, given, updated_at, "
	    "updated_by) VALUES (?, ?, 'door', 3, ?, ?)", "tttt", id, insp, STAMP, f->gardien);
	uid_new(id);
	RUN(f->db, "INSERT INTO inspection_party (id, inspection_id, role, name, tenant_id, "
	    "present, updated_at, updated_by) VALUES (?, ?, 'tenant', 'DUPONT Hélène', ?, 1, ?, ?)",
	    "ttttt", id, insp, f->tenant1, STAMP, f->gardien);
	d = detail(f, "gardien", "inspection", insp);
	assert_string_equal(d->title, "État des lieux d'entrée du 2026-02-01");
	assert_string_equal(dvalue(d, "État"), "en préparation");
	assert_string_equal(dvalue(d, "Pièces"), "1");
	assert_string_equal(dvalue(d, "Éléments"), "5");
	assert_string_equal(dvalue(d, "Neuf"), "1 élément(s)");
	assert_string_equal(dvalue(d, "Bon état"), "2 élément(s)");
	assert_string_equal(dvalue(d, "Mauvais état"), "1 élément(s)");
	assert_string_equal(dvalue(d, "Non vérifié"), "0 élément(s)");
	assert_string_equal(dvalue(d, "Clés remises"), "3");
	assert_string_equal(dvalue(d, "Compteurs relevés"), "0");
	assert_string_equal(dvalue(d, "Locataire"), "DUPONT Hélène — présent");
	assert_null(dvalue(d, "Empreinte SHA-256"));
	history_detail_free(d);
}

static void
test_detail_refused(void **state)
{
	struct fx *f = *state;
	struct history_detail *d = (struct history_detail *)1;
	struct hist h;
	struct err e;
	size_t i;
	char id[UID_SIZE];

	/* A role with no rights reads no kind at all. */
	h = load(f, "admin", HISTORY_DWELLING, f->dw, HISTORY_ALL);
	for (i = 0; i < h.n; i++) {
		assert_int_equal(history_detail_load(f->db, "inconnu", h.ev[i].table,
		    h.ev[i].row_id, TODAY, &d, &e), -1);
		assert_null(d);
		assert_non_null(strstr(e.msg, "accès refusé"));
	}
	unload(&h);
	/* Maintenance staff do not read leases. */
	assert_int_equal(history_detail_load(f->db, "technicien", "lease", f->lease1, TODAY, &d,
	    &e), -1);
	assert_non_null(strstr(e.msg, "Baux"));
	assert_int_equal(history_detail_load(f->db, "admin", "tenant", f->tenant1, TODAY, &d,
	    &e), -1);
	assert_non_null(strstr(e.msg, "type d'événement inconnu (tenant)"));
	assert_int_equal(history_detail_load(f->db, "admin", NULL, f->tenant1, TODAY, &d, &e), -1);
	uid_new(id);
	assert_int_equal(history_detail_load(f->db, "admin", "claim", id, TODAY, &d, &e), -1);
	assert_non_null(strstr(e.msg, "réclamation introuvable"));
	assert_null(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dwelling_agent),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_same_day),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_building),
		cmocka_unit_test(test_estate),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_detail_every_event),
		cmocka_unit_test(test_detail_claim),
		cmocka_unit_test(test_detail_kinds),
		cmocka_unit_test(test_detail_inspection),
		cmocka_unit_test(test_detail_refused),
	};

	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
