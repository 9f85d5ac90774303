/* The home screen per role: a gardien sees exactly their sectors and what
 * awaits them there (claims oldest first, overdue ones flagged,
 * inspections, amendment windows of recent entries, leases ending and
 * starting), agency staff their agency, the admin every agency. The demo
 * has one agency; rounds due show, a round done within its frequency
 * does not. The demo a second one is added by hand so that "their agency"
 * and "all" differ. */
#include "tests/unit/testutil.h"

#include "core/datetime.h"
#include "core/demo.h"
#include "core/home.h"
#include "core/logbook.h"
#include "core/round.h"
#include "core/user.h"

#define DATE "2026-01-15"
#define AHEAD "2026-02-14" /* DATE + HOME_AHEAD_DAYS */
#define STAMP "2026-01-01T08:00:00Z"

struct fx {
	char *dir;
	struct db *db;
	char other_claim[UID_SIZE]; /* the oldest claim, in the other agency */
};

/* Where a claim is: the sector of its place, by walking it up. */
#define CLAIM_SECTOR \
	"(SELECT es.sector_id FROM claim c LEFT JOIN dwelling d ON d.id = c.dwelling_id " \
	" LEFT JOIN common_area ca ON ca.id = c.common_area_id " \
	" LEFT JOIN entrance en ON en.id = coalesce(c.entrance_id, d.entrance_id) " \
	" LEFT JOIN building b ON b.id = coalesce(c.building_id, en.building_id, ca.building_id) " \
	" JOIN estate es ON es.id = coalesce(b.estate_id, ca.estate_id) WHERE c.id = x.id)"

#define DWELLING_SECTOR(col) \
	"(SELECT es.sector_id FROM dwelling d, entrance en, building b, estate es " \
	" WHERE d.id = " col " AND en.id = d.entrance_id AND b.id = en.building_id " \
	" AND es.id = b.estate_id)"

static void
run(struct db *db, const char *sql, const char *a, const char *b)
{
	struct err e;
	int rc;

	rc = b ? db_run(db, &e, sql, "tt", a, b) : a ? db_run(db, &e, sql, "t", a) :
	    db_run(db, &e, sql, "");
	if (rc != 0)
		fail_msg("%s: %s", sql, e.msg);
}

/* A second agency with one sector, its gardien, one dwelling, the
 * oldest open claim of the database, an inspection and a lease ending. */
static void
add_other_agency(struct fx *f)
{
	static const char *const rows[] = {
		"INSERT INTO agency (id, organisation_id, code, name, updated_at, updated_by) "
		"SELECT ?1 || '0001', id, 'AG9', 'Agence Autre', '" STAMP "', ?1 || '0000' "
		"FROM organisation",
		"INSERT INTO sector VALUES (?1 || '0002', ?1 || '0001', 'S9', 'Secteur Autre', "
		"'" STAMP "', ?1 || '0000')",
		"INSERT INTO user_account (id, login, display_name, role, agency_id, updated_at, "
		"updated_by) VALUES (?1 || '0003', 'gardien9', 'Gardien Autre', 'gardien', "
		"?1 || '0001', '" STAMP "', ?1 || '0000')",
		"INSERT INTO user_sector VALUES (?1 || '0004', ?1 || '0003', ?1 || '0002', "
		"'" STAMP "', ?1 || '0000')",
		"INSERT INTO estate (id, sector_id, code, name, town, updated_at, updated_by) "
		"VALUES (?1 || '0005', ?1 || '0002', 'G9', 'Résidence Autre', 'Ailleurs', "
		"'" STAMP "', ?1 || '0000')",
		"INSERT INTO building (id, estate_id, code, updated_at, updated_by) VALUES "
		"(?1 || '0006', ?1 || '0005', 'A', '" STAMP "', ?1 || '0000')",
		"INSERT INTO entrance (id, building_id, code, updated_at, updated_by) VALUES "
		"(?1 || '0007', ?1 || '0006', '1', '" STAMP "', ?1 || '0000')",
		"INSERT INTO dwelling (id, entrance_id, reference, type, updated_at, updated_by) "
		"VALUES (?1 || '0008', ?1 || '0007', 'G9-A1-001', 'T2', '" STAMP "', ?1 || '0000')",
		"INSERT INTO claim (id, number, dwelling_id, category, urgency, channel, "
		"description, status, opened_at, due_at, updated_at, updated_by) VALUES "
		"(?1 || '0009', 'R1999-000001', ?1 || '0008', 'plumbing', 'normal', 'lodge', "
		"'Fuite', 'new', '1980-01-01T08:00:00Z', '1980-01-20T08:00:00Z', '" STAMP "', "
		"?1 || '0000')",
		"INSERT INTO inspection (id, dwelling_id, kind, state, planned_date, updated_at, "
		"updated_by) VALUES (?1 || '0010', ?1 || '0008', 'move_out', 'draft', '" DATE "', "
		"'" STAMP "', ?1 || '0000')",
		"INSERT INTO lease (id, dwelling_id, start_date, end_date, updated_at, updated_by) "
		"VALUES (?1 || '0011', ?1 || '0008', '2020-01-01', '" DATE "', '" STAMP "', "
		"?1 || '0000')",
	};
	const char *prefix = "01900000-0000-7000-8000-00000000";
	struct err e;
	size_t i;

	assert_int_equal(db_begin(f->db, &e), 0);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		run(f->db, rows[i], prefix, NULL);
	assert_int_equal(db_commit(f->db, &e), 0);
	snprintf(f->other_claim, sizeof f->other_claim, "%s0009", prefix);
}

/* The demo's claims on entrances and on estates' own common areas are
 * all closed: open one per estate, so that every road to a claim is
 * taken. */
static void
open_more_claims(struct fx *f)
{
	struct err e;

	assert_int_equal(db_begin(f->db, &e), 0);
	run(f->db, "INSERT INTO claim (id, number, entrance_id, category, urgency, channel, "
	    "description, status, opened_at, updated_at, updated_by) "
	    "SELECT '01900000-0000-7000-8001-' || printf('%012d', min(en.rowid)), "
	    "'R1999-E' || min(en.rowid), min(en.id), 'intercom', 'normal', 'lodge', "
	    "'Interphone HS', 'new', ?1, ?1, 'test' "
	    "FROM entrance en JOIN building b ON b.id = en.building_id GROUP BY b.estate_id",
	    "2026-01-10T08:00:00Z", NULL);
	run(f->db, "INSERT INTO claim (id, number, common_area_id, category, urgency, channel, "
	    "description, status, opened_at, updated_at, updated_by) "
	    "SELECT '01900000-0000-7000-8002-' || printf('%012d', rowid), 'R1999-C' || rowid, id, "
	    "'cleanliness', 'normal', 'lodge', 'Encombrants', 'forwarded', ?1, ?1, 'test' "
	    "FROM common_area WHERE estate_id IS NOT NULL", "2026-01-11T08:00:00Z", NULL);
	assert_int_equal(db_commit(f->db, &e), 0);
}

static int
group_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->db = tu_demo_db(f->dir, "demo.db", 1000, 1, DATE);
	add_other_agency(f);
	open_more_claims(f);
	*state = f;
	return 0;
}

static int
group_teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static struct home *
load(struct fx *f, const char *login, struct user *u, const char *today)
{
	struct home *h;
	struct err e;

	if (user_find(f->db, login, u, &e) != 1)
		fail_msg("user %s", login);
	if (home_load(f->db, u, today, &h, &e) != 0)
		fail_msg("home_load %s: %s", login, e.msg);
	return h;
}

static void
test_gardien_sectors(void **state)
{
	struct fx *f = *state;
	struct user u;
	struct home *h = load(f, "gardien1", &u, DATE);
	size_t i;

	assert_int_equal(h->scope, SCOPE_SECTORS);
	assert_string_equal(h->title, "Vos secteurs");
	assert_int_equal(h->nagencies, 0);
	assert_int_equal(h->nsectors, tu_long(f->db, "SELECT count(*) FROM user_sector "
	    "WHERE user_id = ?", u.id, NULL, NULL));
	assert_true(h->nsectors >= 1);
	assert_true(tu_long(f->db, "SELECT count(*) FROM sector WHERE ?1 IS NOT NULL", "", NULL,
	    NULL) > (long)h->nsectors);
	for (i = 0; i < h->nsectors; i++)
		assert_int_equal(tu_long(f->db, "SELECT count(*) FROM user_sector WHERE user_id = ? "
		    "AND sector_id = ?", u.id, h->sectors[i].id, NULL), 1);
	home_free(h);
	user_clear(&u);
}

/* Claims: only from the scope, all counted, oldest first, labelled. */
static void
check_claims(struct fx *f, const struct home *h, const char *scope_sql, const char *arg)
{
	char *sql;
	size_t i;

	sql = xasprintf("SELECT count(*) FROM claim x WHERE x.status <> 'closed' AND "
	    CLAIM_SECTOR " IN (%s)", scope_sql);
	assert_int_equal(h->claims_total, tu_long(f->db, sql, arg, NULL, NULL));
	free(sql);
	assert_true(h->claims_total > 0);
	assert_int_equal(h->nclaims, h->claims_total < HOME_LIST_MAX ? h->claims_total :
	    HOME_LIST_MAX);
	sql = xasprintf("SELECT count(*) FROM claim x WHERE x.id = ?2 AND " CLAIM_SECTOR
	    " IN (%s)", scope_sql);
	for (i = 0; i < h->nclaims; i++) {
		assert_int_equal(tu_long(f->db, sql, arg, h->claims[i].id, NULL), 1);
		if (i > 0)
			assert_true(strcmp(h->claims[i - 1].opened_at,
			    h->claims[i].opened_at) <= 0);
		assert_int_equal(tu_long(f->db, "SELECT count(*) FROM claim c, claim_category cc "
		    "WHERE c.id = ? AND cc.code = c.category AND cc.label = ?", h->claims[i].id,
		    h->claims[i].category, NULL), 1);
		assert_string_equal(h->claims[i].status_label,
		    home_claim_status_label(h->claims[i].status));
		assert_string_not_equal(h->claims[i].status_label, h->claims[i].status);
		assert_non_null(h->claims[i].place);
		assert_non_null(h->claims[i].number);
	}
	free(sql);
}

#define GARDIEN_SCOPE "SELECT sector_id FROM user_sector WHERE user_id = ?1"
#define AGENCY_SCOPE "SELECT id FROM sector WHERE agency_id = ?1"

static void
test_gardien_claims(void **state)
{
	struct fx *f = *state;
	struct user u;
	struct home *h = load(f, "gardien1", &u, DATE);
	char opened[DT_DATE_SIZE];
	size_t i;

	check_claims(f, h, GARDIEN_SCOPE, u.id);
	for (i = 0; i < h->nclaims; i++) {
		assert_string_not_equal(h->claims[i].id, f->other_claim);
		snprintf(opened, sizeof opened, "%.10s", h->claims[i].opened_at);
		assert_int_equal(h->claims[i].age_days, dt_days(DATE) - dt_days(opened));
	}
	home_free(h);
	user_clear(&u);
}

/* Overdue: due before now and not solved yet. Three claims of gardien1's
 * sectors are set up to say so, or not. */
static void
test_overdue(void **state)
{
	static const struct {
		const char *status, *opened, *due;
		int overdue;
	} cases[] = {
		{"new", "1990-01-01T08:00:00Z", "1990-01-02T08:00:00Z", 1},
		{"solved", "1990-01-01T09:00:00Z", "1990-01-02T08:00:00Z", 0},
		{"in_progress", "1990-01-01T10:00:00Z", "2999-01-01T08:00:00Z", 0},
	};
	struct fx *f = *state;
	struct user u;
	struct home *h;
	struct err e;
	char *ids[3], *sql;
	size_t i;

	assert_int_equal(user_find(f->db, "gardien1", &u, &e), 1);
	assert_int_equal(db_begin(f->db, &e), 0);
	for (i = 0; i < 3; i++) {
		sql = xasprintf("SELECT x.id FROM claim x WHERE x.status <> 'closed' AND "
		    "x.opened_at > '2000' AND " CLAIM_SECTOR " IN (" GARDIEN_SCOPE ") "
		    "ORDER BY x.opened_at LIMIT 1");
		ids[i] = db_text(f->db, &e, sql, "t", u.id);
		free(sql);
		assert_non_null(ids[i]);
		assert_int_equal(db_run(f->db, &e, "UPDATE claim SET status = ?, opened_at = ?, "
		    "due_at = ?, updated_at = ?, updated_by = ? WHERE id = ?", "tttttt",
		    cases[i].status, cases[i].opened, cases[i].due, STAMP, u.id, ids[i]), 0);
	}
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(home_load(f->db, &u, DATE, &h, &e), 0);
	/* The oldest come first. */
	for (i = 0; i < 3; i++) {
		assert_string_equal(h->claims[i].id, ids[i]);
		assert_int_equal(h->claims[i].overdue, cases[i].overdue);
		free(ids[i]);
	}
	assert_int_equal(h->claims[0].age_days, dt_days(DATE) - dt_days("1990-01-01"));
	assert_memory_equal(h->now, DATE "T", 11);
	sql = xasprintf("SELECT count(*) FROM claim x WHERE x.status IN ('new', 'forwarded', "
	    "'in_progress') AND x.due_at < ?2 AND " CLAIM_SECTOR " IN (" GARDIEN_SCOPE ")");
	assert_int_equal(h->claims_overdue, tu_long(f->db, sql, u.id, h->now, NULL));
	assert_true(h->claims_overdue >= 1);
	free(sql);
	home_free(h);
	user_clear(&u);
}

static void
test_inspections_exits(void **state)
{
	struct fx *f = *state;
	struct user u;
	struct home *h = load(f, "gardien2", &u, DATE);
	const struct home_inspection *in;
	const struct home_exit *x;
	size_t i;

	assert_int_equal(h->inspections_total, tu_long(f->db, "SELECT count(*) FROM inspection i "
	    "WHERE i.state IN ('draft', 'ready') AND i.planned_date <= ?2 AND "
	    DWELLING_SECTOR("i.dwelling_id") " IN (" GARDIEN_SCOPE ")", u.id, AHEAD, NULL));
	assert_true(h->inspections_total > 0);
	for (i = 0; i < h->ninspections; i++) {
		in = &h->inspections[i];
		assert_true(strcmp(in->planned, AHEAD) <= 0);
		assert_int_equal(in->overdue, strcmp(in->planned, DATE) < 0);
		assert_string_equal(in->kind_label, in->amendment_kind[0] ?
		    home_amendment_label(in->amendment_kind) :
		    home_inspection_kind_label(in->kind));
		assert_int_equal(tu_long(f->db, "SELECT count(*) FROM inspection WHERE id = ? "
		    "AND coalesce(amendment_kind, '') = ?", in->id, in->amendment_kind, NULL), 1);
		assert_string_not_equal(in->kind_label, in->kind);
		assert_int_equal(tu_long(f->db, "SELECT count(*) FROM dwelling WHERE id = ? AND "
		    "reference = ?", in->dwelling_id, in->dwelling, NULL), 1);
		if (i > 0)
			assert_true(strcmp(h->inspections[i - 1].planned, in->planned) <= 0);
	}
	assert_int_equal(h->exits_total, tu_long(f->db, "SELECT count(*) FROM lease l "
	    "WHERE l.end_date BETWEEN ?2 AND ?3 AND " DWELLING_SECTOR("l.dwelling_id")
	    " IN (" GARDIEN_SCOPE ")", u.id, DATE, AHEAD));
	assert_true(h->exits_total > 0);
	for (i = 0; i < h->nexits; i++) {
		x = &h->exits[i];
		assert_true(strcmp(x->end_date, DATE) >= 0 && strcmp(x->end_date, AHEAD) <= 0);
		assert_int_equal(x->exit_planned, tu_long(f->db, "SELECT count(*) > 0 FROM inspection "
		    "WHERE lease_id = ? AND kind = 'move_out'", x->lease_id, NULL, NULL));
	}
	home_free(h);
	user_clear(&u);
}

static void
test_agent_agency(void **state)
{
	struct fx *f = *state;
	struct user u;
	struct home *h = load(f, "agent1", &u, DATE);
	size_t i;

	assert_int_equal(h->scope, SCOPE_AGENCY);
	assert_int_equal(h->nagencies, 1);
	assert_string_equal(h->agencies[0].id, u.agency_id);
	assert_string_equal(h->title, h->agencies[0].name);
	assert_int_equal(h->nsectors, tu_long(f->db, "SELECT count(*) FROM sector WHERE agency_id = ?",
	    u.agency_id, NULL, NULL));
	assert_true(h->nsectors >= 2);
	check_claims(f, h, AGENCY_SCOPE, u.agency_id);
	for (i = 0; i < h->nclaims; i++)
		assert_string_not_equal(h->claims[i].id, f->other_claim);
	for (i = 0; i < h->ninspections; i++)
		assert_string_not_equal(h->inspections[i].dwelling, "G9-A1-001");
	for (i = 0; i < h->nexits; i++)
		assert_string_not_equal(h->exits[i].dwelling, "G9-A1-001");
	assert_false(h->exits_hidden);
	home_free(h);
	user_clear(&u);
}

static void
test_admin_all(void **state)
{
	struct fx *f = *state;
	struct user u;
	struct home *h = load(f, "admin", &u, DATE);
	size_t i;
	int other = 0;

	assert_int_equal(h->scope, SCOPE_ALL);
	assert_int_equal(h->nagencies, 2);
	assert_int_equal(h->nsectors, 0);
	assert_int_equal(h->claims_total, tu_long(f->db, "SELECT count(*) FROM claim WHERE "
	    "status <> ?", "closed", NULL, NULL));
	/* The other agency's claim is the oldest of all. */
	assert_string_equal(h->claims[0].id, f->other_claim);
	assert_true(h->claims[0].overdue);
	assert_string_equal(h->claims[0].category, "Plomberie");
	assert_string_equal(h->claims[0].place, "G9-A1-001");
	for (i = 0; i < h->ninspections; i++)
		other += strcmp(h->inspections[i].dwelling, "G9-A1-001") == 0;
	assert_int_equal(other, 1);
	home_free(h);
	user_clear(&u);
}

/* ---- Entries to plan, amendment windows ---- */

#define TEST_ID "01900000-0000-7000-8003-%012d"

/* A new dwelling (number n) in one of gardien1's entrances with a lease
 * from start; the dwelling's and the lease's ids. */
static void
add_leased_dwelling(struct fx *f, int n, const char *start, char dwelling[UID_SIZE],
    char lease[UID_SIZE])
{
	char ref[32];
	struct err e;

	snprintf(dwelling, UID_SIZE, TEST_ID, n * 10);
	snprintf(lease, UID_SIZE, TEST_ID, n * 10 + 1);
	snprintf(ref, sizeof ref, "TEST-%d", n);
	assert_int_equal(db_begin(f->db, &e), 0);
	run(f->db, "INSERT INTO dwelling (id, entrance_id, reference, type, updated_at, "
	    "updated_by) SELECT ?1, en.id, ?2, 'T3', '" STAMP "', 'test' FROM entrance en "
	    "JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id "
	    "WHERE es.sector_id IN (SELECT us.sector_id FROM user_sector us JOIN user_account u "
	    " ON u.id = us.user_id WHERE u.login = 'gardien1') ORDER BY en.id LIMIT 1",
	    dwelling, ref);
	assert_int_equal(db_run(f->db, &e, "INSERT INTO lease (id, dwelling_id, start_date, "
	    "updated_at, updated_by) VALUES (?, ?, ?, '" STAMP "', 'test')", "ttt", lease,
	    dwelling, start), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
}

/* An inspection of kind move_in (id number k) of the dwelling and lease
 * (lease NULL: none yet), in state, done on done (NULL: planned on
 * planned); amends and akind for an amendment. */
static void
add_entry(struct fx *f, int k, const char *dwelling, const char *lease, const char *state,
    const char *day, const char *amends, const char *akind, char id[UID_SIZE])
{
	char done[DT_STAMP_SIZE];
	int is_signed = strcmp(state, "signed") == 0;
	struct err e;

	snprintf(id, UID_SIZE, TEST_ID, k);
	snprintf(done, sizeof done, "%sT09:00:00Z", day);
	assert_int_equal(db_run(f->db, &e, "INSERT INTO inspection (id, dwelling_id, lease_id, "
	    "kind, state, planned_date, done_at, signed_at, amends_id, amendment_kind, "
	    "updated_at, updated_by) VALUES (?, ?, ?, 'move_in', ?, ?, ?, ?, ?, ?, "
	    "'" STAMP "', 'test')", "ttttttttt", id, dwelling, lease, state, day,
	    is_signed ? done : NULL, is_signed ? done : NULL, amends, akind), 0);
}

static const struct home_entry *
find_entry(const struct home *h, const char *lease)
{
	size_t i;

	for (i = 0; i < h->nentries; i++)
		if (strcmp(h->entries[i].lease_id, lease) == 0)
			return &h->entries[i];
	return NULL;
}

/* The window of that kind for the entry, or NULL. */
static const struct home_deadline *
find_deadline(const struct home *h, const char *entry, const char *kind)
{
	size_t i;

	assert_true(h->deadlines_total < HOME_LIST_MAX);
	for (i = 0; i < h->ndeadlines; i++)
		if (strcmp(h->deadlines[i].inspection_id, entry) == 0 &&
		    strcmp(h->deadlines[i].kind, kind) == 0)
			return &h->deadlines[i];
	return NULL;
}

/* A lease starting in five days without an entry inspection is to plan,
 * for its gardien and agency only; once one is planned (tied to the
 * lease, or to the dwelling only) it is not. */
static void
test_entries_to_plan(void **state)
{
	struct fx *f = *state;
	char dw[3][UID_SIZE], lease[3][UID_SIZE], id[UID_SIZE];
	const char *login[] = {"gardien1", "agent1", "admin", "gardien2", "technicien1"};
	const struct home_entry *x;
	struct user u;
	struct home *h;
	size_t i;

	add_leased_dwelling(f, 1, "2026-01-20", dw[0], lease[0]);
	add_leased_dwelling(f, 2, "2026-01-20", dw[1], lease[1]);
	add_leased_dwelling(f, 3, "2026-03-01", dw[2], lease[2]); /* beyond 30 days */
	for (i = 0; i < 5; i++) {
		h = load(f, login[i], &u, DATE);
		x = find_entry(h, lease[0]);
		if (i < 3) {
			assert_non_null(x);
			assert_string_equal(x->dwelling, "TEST-1");
			assert_string_equal(x->dwelling_id, dw[0]);
			assert_string_equal(x->start_date, "2026-01-20");
			assert_non_null(find_entry(h, lease[1]));
			assert_null(find_entry(h, lease[2]));
		} else {
			assert_null(x);
		}
		assert_int_equal(h->entries_hidden, i == 4);
		home_free(h);
		user_clear(&u);
	}
	add_entry(f, 101, dw[0], lease[0], "draft", "2026-01-20", NULL, NULL, id);
	add_entry(f, 102, dw[1], NULL, "draft", "2026-01-19", NULL, NULL, id);
	h = load(f, "gardien1", &u, DATE);
	assert_null(find_entry(h, lease[0]));
	assert_null(find_entry(h, lease[1]));
	/* The list: leases of the sector starting within 30 days with no
	 * entry inspection, nearest first. */
	assert_int_equal(h->entries_total, tu_long(f->db, "SELECT count(*) FROM lease l "
	    "WHERE l.start_date BETWEEN ?2 AND ?3 AND NOT EXISTS (SELECT 1 FROM inspection i "
	    "WHERE i.dwelling_id = l.dwelling_id AND i.kind = 'move_in' AND (i.lease_id = l.id "
	    "OR (i.lease_id IS NULL AND i.state <> 'signed'))) AND "
	    DWELLING_SECTOR("l.dwelling_id") " IN (" GARDIEN_SCOPE ")", u.id, DATE, AHEAD));
	for (i = 1; i < h->nentries; i++)
		assert_true(strcmp(h->entries[i - 1].start_date, h->entries[i].start_date) <= 0);
	home_free(h);
	user_clear(&u);
}

/* A signed entry done three days ago may be amended for seven more
 * days; one done twenty days ago no longer. An amendment under way shows
 * on its line and among the planned inspections; a signed one closes
 * the window. */
static void
test_ten_day_deadline(void **state)
{
	struct fx *f = *state;
	char dw[3][UID_SIZE], lease[3][UID_SIZE], recent[UID_SIZE], old[UID_SIZE];
	char other[UID_SIZE], am[UID_SIZE], id[UID_SIZE];
	const struct home_deadline *dl;
	struct user u;
	struct home *h;
	size_t i;
	int seen = 0;

	add_leased_dwelling(f, 4, "2026-01-12", dw[0], lease[0]);
	add_leased_dwelling(f, 5, "2025-12-26", dw[1], lease[1]);
	add_leased_dwelling(f, 6, "2026-01-09", dw[2], lease[2]);
	add_entry(f, 201, dw[0], lease[0], "signed", "2026-01-12", NULL, NULL, recent);
	add_entry(f, 202, dw[1], lease[1], "signed", "2025-12-26", NULL, NULL, old);
	add_entry(f, 203, dw[2], lease[2], "signed", "2026-01-09", NULL, NULL, other);
	h = load(f, "gardien1", &u, DATE);
	dl = find_deadline(h, recent, "ten_day");
	assert_non_null(dl);
	assert_string_equal(dl->until, "2026-01-22");
	assert_string_equal(dl->entry_date, "2026-01-12");
	assert_string_equal(dl->dwelling, "TEST-4");
	assert_string_equal(dl->dwelling_id, dw[0]);
	assert_string_equal(dl->amendment_id, "");
	assert_null(find_deadline(h, old, "ten_day"));
	assert_null(find_deadline(h, recent, "heating"));
	assert_non_null(find_deadline(h, other, "ten_day"));
	for (i = 1; i < h->ndeadlines; i++)
		assert_true(strcmp(h->deadlines[i - 1].until, h->deadlines[i].until) <= 0);
	/* The demo plans a pending amendment in every sector. */
	assert_true(h->deadlines_pending >= 1);
	home_free(h);
	user_clear(&u);

	add_entry(f, 204, dw[0], lease[0], "draft", "2026-01-19", recent, "ten_day", am);
	add_entry(f, 205, dw[2], lease[2], "signed", "2026-01-13", other, "ten_day", id);
	h = load(f, "gardien1", &u, DATE);
	dl = find_deadline(h, recent, "ten_day");
	assert_non_null(dl);
	assert_string_equal(dl->amendment_id, am);
	assert_string_equal(dl->amendment_state, "draft");
	assert_null(find_deadline(h, other, "ten_day"));
	/* Amendments are not entries of their own. */
	assert_null(find_deadline(h, id, "ten_day"));
	for (i = 0; i < h->ninspections; i++)
		if (strcmp(h->inspections[i].id, am) == 0) {
			assert_string_equal(h->inspections[i].amendment_kind, "ten_day");
			assert_string_equal(h->inspections[i].kind_label, "avenant (10 jours)");
			seen++;
		}
	assert_int_equal(seen, 1);
	home_free(h);
	user_clear(&u);
	/* Not for another gardien; for the agency, and its last day. */
	h = load(f, "gardien2", &u, DATE);
	assert_null(find_deadline(h, recent, "ten_day"));
	home_free(h);
	user_clear(&u);
	h = load(f, "agent1", &u, "2026-01-22");
	assert_non_null(find_deadline(h, recent, "ten_day"));
	home_free(h);
	user_clear(&u);
	h = load(f, "admin", &u, "2026-01-23");
	assert_null(find_deadline(h, recent, "ten_day"));
	home_free(h);
	user_clear(&u);
}

/* Every line of a gardien's list is an open window the SQL finds too. */
static void
test_deadlines_match_demo(void **state)
{
	struct fx *f = *state;
	struct user u;
	struct home *h = load(f, "gardien2", &u, DATE);

	/* In January only ten-day windows are open: signed entries of the
	 * last ten days, without a signed amendment, of a running lease. */
	assert_int_equal(h->deadlines_total, tu_long(f->db, "SELECT count(*) FROM inspection i "
	    "LEFT JOIN lease l ON l.id = i.lease_id WHERE i.kind = 'move_in' "
	    "AND i.state = 'signed' AND i.amends_id IS NULL AND i.done_at >= date(?2, '-10 days') "
	    "AND (l.end_date IS NULL OR l.end_date >= ?2) AND NOT EXISTS (SELECT 1 "
	    " FROM inspection a WHERE a.amends_id = i.id AND a.amendment_kind = 'ten_day' "
	    " AND a.state = 'signed') AND "
	    DWELLING_SECTOR("i.dwelling_id") " IN (" GARDIEN_SCOPE ")", u.id, DATE, NULL));
	assert_true(h->deadlines_total > 0);
	assert_true(h->deadlines_pending >= 1);
	assert_int_equal(h->deadlines_pending, tu_long(f->db, "SELECT count(*) FROM inspection a "
	    "JOIN inspection i ON i.id = a.amends_id WHERE a.state <> 'signed' "
	    "AND a.amendment_kind = 'ten_day' AND i.done_at >= date(?2, '-10 days') AND "
	    DWELLING_SECTOR("i.dwelling_id") " IN (" GARDIEN_SCOPE ")", u.id, DATE, NULL));
	home_free(h);
	user_clear(&u);
}

/* After an entry of the summer, the first month of the heating season;
 * an entry of late September has both windows open early in October. */
static void
test_heating_window(void **state)
{
	struct fx *f = *state;
	char dw[2][UID_SIZE], lease[2][UID_SIZE], july[UID_SIZE], sept[UID_SIZE];
	const struct home_deadline *dl;
	struct user u;
	struct home *h;

	add_leased_dwelling(f, 7, "2026-07-01", dw[0], lease[0]);
	add_leased_dwelling(f, 8, "2026-09-28", dw[1], lease[1]);
	add_entry(f, 301, dw[0], lease[0], "signed", "2026-07-01", NULL, NULL, july);
	add_entry(f, 302, dw[1], lease[1], "signed", "2026-09-28", NULL, NULL, sept);
	h = load(f, "gardien1", &u, "2026-09-30");
	assert_null(find_deadline(h, july, "heating"));
	assert_non_null(find_deadline(h, sept, "ten_day"));
	home_free(h);
	user_clear(&u);
	h = load(f, "gardien1", &u, "2026-10-03");
	dl = find_deadline(h, july, "heating");
	assert_non_null(dl);
	assert_string_equal(dl->until, "2026-10-31");
	assert_null(find_deadline(h, july, "ten_day"));
	assert_non_null(find_deadline(h, sept, "heating"));
	dl = find_deadline(h, sept, "ten_day");
	assert_non_null(dl);
	assert_string_equal(dl->until, "2026-10-08");
	/* The nearest deadline first. */
	assert_string_equal(h->deadlines[0].until, "2026-10-08");
	home_free(h);
	user_clear(&u);
	h = load(f, "gardien1", &u, "2026-11-01");
	assert_null(find_deadline(h, july, "heating"));
	assert_null(find_deadline(h, sept, "heating"));
	home_free(h);
	user_clear(&u);
}

/* A technicien reads claims but not leases. */
static void
test_technicien_hidden(void **state)
{
	struct fx *f = *state;
	struct user u;
	struct home *h = load(f, "technicien1", &u, DATE);

	assert_true(h->exits_hidden);
	assert_int_equal(h->nexits, 0);
	assert_int_equal(h->exits_total, 0);
	assert_true(h->entries_hidden);
	assert_int_equal(h->entries_total, 0);
	assert_false(h->deadlines_hidden);
	assert_true(h->deadlines_total > 0);
	assert_false(h->claims_hidden);
	assert_true(h->claims_total > 0);
	assert_false(h->logbook_hidden);
	home_free(h);
	user_clear(&u);
}

static void
test_logbook_today(void **state)
{
	struct fx *f = *state;
	struct user g1, g2;
	struct home *h;
	struct err e;
	char today[DT_DATE_SIZE], mine[UID_SIZE], theirs[UID_SIZE];
	size_t i;
	int seen_mine = 0, seen_theirs = 0;

	dt_today(today);
	assert_int_equal(user_find(f->db, "gardien1", &g1, &e), 1);
	assert_int_equal(user_find(f->db, "gardien2", &g2, &e), 1);
	assert_int_equal(logbook_add(f->db, &g1, "Colis à la loge.", PLACE_NONE, NULL, mine, &e),
	    0);
	assert_int_equal(logbook_add(f->db, &g2, "Tags au local vélos.", PLACE_NONE, NULL,
	    theirs, &e), 0);
	assert_int_equal(home_load(f->db, &g1, today, &h, &e), 0);
	assert_false(h->logbook_hidden);
	for (i = 0; i < h->nlogbook; i++) {
		assert_memory_equal(h->logbook[i].at, today, 10);
		seen_mine += strcmp(h->logbook[i].id, mine) == 0;
		seen_theirs += strcmp(h->logbook[i].id, theirs) == 0;
	}
	assert_int_equal(seen_mine, 1);
	assert_int_equal(seen_theirs, 0);
	home_free(h);
	user_clear(&g1);
	user_clear(&g2);
}

/* The index of a round template among a home's rounds due, or -1. */
static long
find_round(const struct home *h, const char *tpl)
{
	size_t i;

	for (i = 0; i < h->nrounds; i++)
		if (strcmp(h->rounds[i].id, tpl) == 0)
			return (long)i;
	return -1;
}

/* Two weekly rounds of a building of gardien1's: one never done is due
 * today, one done yesterday is not (due in six days); neither shows to
 * another gardien. */
static void
test_rounds_due(void **state)
{
	struct fx *f = *state;
	struct user admin, g, u;
	struct home *h;
	struct err e;
	char due[UID_SIZE], done[UID_SIZE], run[UID_SIZE], *building;
	long i;

	assert_int_equal(user_find(f->db, "admin", &admin, &e), 1);
	assert_int_equal(user_find(f->db, "gardien1", &g, &e), 1);
	building = db_text(f->db, &e, "SELECT b.id FROM building b JOIN estate es "
	    "ON es.id = b.estate_id WHERE es.sector_id IN (" GARDIEN_SCOPE ") ORDER BY b.id "
	    "LIMIT 1", "t", g.id);
	assert_non_null(building);
	assert_int_equal(round_template_add(f->db, &admin, PLACE_BUILDING, building,
	    "Ronde test à faire", 7, STAMP, due, &e), 0);
	assert_int_equal(round_item_add(f->db, &admin, due, "Éclairage du hall", STAMP, NULL, &e),
	    0);
	assert_int_equal(round_template_add(f->db, &admin, PLACE_BUILDING, building,
	    "Ronde test faite hier", 7, STAMP, done, &e), 0);
	assert_int_equal(round_item_add(f->db, &admin, done, "Ascenseur", STAMP, NULL, &e), 0);
	assert_int_equal(round_start(f->db, &g, done, "2026-01-14T08:00:00Z", run, &e), 0);
	assert_int_equal(round_finish(f->db, &g, run, "2026-01-14T08:30:00Z", NULL, &e), 0);
	user_clear(&g);

	h = load(f, "gardien1", &u, DATE);
	assert_false(h->rounds_hidden);
	i = find_round(h, due);
	assert_true(i >= 0);
	assert_string_equal(h->rounds[i].name, "Ronde test à faire");
	assert_string_equal(h->rounds[i].due, DATE);
	assert_string_equal(h->rounds[i].last_done, "");
	assert_int_equal(find_round(h, done), -1);
	assert_int_equal(h->rounds_total, (long)h->nrounds);
	for (i = 1; i < (long)h->nrounds; i++)
		assert_true(h->rounds[i - 1].days_late >= h->rounds[i].days_late);
	home_free(h);
	user_clear(&u);
	/* A week after it was done, it is due too. */
	h = load(f, "gardien1", &u, "2026-01-21");
	assert_true(find_round(h, done) >= 0);
	assert_true(find_round(h, due) >= 0);
	home_free(h);
	user_clear(&u);
	h = load(f, "gardien2", &u, DATE);
	assert_int_equal(find_round(h, due), -1);
	home_free(h);
	user_clear(&u);
	free(building);
	user_clear(&admin);
}

static void
test_labels_and_errors(void **state)
{
	struct fx *f = *state;
	struct user u;
	struct home *h = NULL;
	struct err e;

	assert_string_equal(home_claim_status_label("in_progress"), "En cours");
	assert_string_equal(home_claim_status_label("closed"), "Clôturée");
	assert_string_equal(home_claim_status_label("weird"), "weird");
	assert_string_equal(home_inspection_kind_label("move_in"), "entrée");
	assert_string_equal(home_inspection_kind_label("move_out"), "sortie");
	assert_string_equal(home_inspection_kind_label("pre_exit"), "pré-état des lieux");
	assert_string_equal(home_inspection_kind_label("bailiff"), "constat d'huissier");
	assert_string_equal(home_amendment_label("ten_day"), "avenant (10 jours)");
	assert_string_equal(home_amendment_label("heating"), "avenant (chauffage)");
	assert_int_equal(user_find(f->db, "gardien1", &u, &e), 1);
	assert_int_equal(home_load(f->db, &u, "15/01/2026", &h, &e), -1);
	assert_null(h);
	assert_non_null(strstr(e.msg, "date"));
	user_clear(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gardien_sectors),
		cmocka_unit_test(test_gardien_claims),
		cmocka_unit_test(test_overdue),
		cmocka_unit_test(test_inspections_exits),
		cmocka_unit_test(test_agent_agency),
		cmocka_unit_test(test_admin_all),
		cmocka_unit_test(test_entries_to_plan),
		cmocka_unit_test(test_ten_day_deadline),
		cmocka_unit_test(test_deadlines_match_demo),
		cmocka_unit_test(test_heating_window),
		cmocka_unit_test(test_technicien_hidden),
		cmocka_unit_test(test_logbook_today),
		cmocka_unit_test(test_labels_and_errors),
		cmocka_unit_test(test_rounds_due),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
