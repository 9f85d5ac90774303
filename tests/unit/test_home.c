/* The home screen per role: a gardien sees exactly their sectors and what
 * awaits them there (claims oldest first, overdue ones flagged,
 * inspections, leases ending), agency staff their agency, the admin every
 * agency. The demo has one agency; a second one is added by hand so that
 * "their agency" and "all" differ. */
#include "tests/unit/testutil.h"

#include "core/datetime.h"
#include "core/demo.h"
#include "core/home.h"
#include "core/logbook.h"
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
		assert_string_equal(in->kind_label, home_inspection_kind_label(in->kind));
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
		cmocka_unit_test(test_technicien_hidden),
		cmocka_unit_test(test_logbook_today),
		cmocka_unit_test(test_labels_and_errors),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
