/* The patrimoine browser's lists: every count agrees with a plain SQL
 * count written differently, tenants show only to roles that may read
 * them, and every place has its breadcrumb. A 1,000-dwelling demo gives
 * two sectors, so that "the sector's" and "all" differ. */
#include "tests/unit/testutil.h"

#include "core/demo.h"
#include "core/patrimoine.h"
#include "core/user.h"

#define DATE "2026-01-15"

struct fx {
	char *dir;
	struct db *db;
};

static int
group_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->db = tu_demo_db(f->dir, "demo.db", 1000, 1, DATE);
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

static char *
qtext(struct db *db, const char *sql, const char *a)
{
	struct err e;

	e.msg[0] = '\0';
	return db_text(db, &e, sql, a ? "t" : "", a);
}

static void
test_sectors(void **state)
{
	struct fx *f = *state;
	struct sector_row *r;
	struct err e;
	char *agency = qtext(f->db, "SELECT id FROM agency", NULL), *g;
	size_t n, i;

	assert_int_equal(patrimoine_sectors(f->db, agency, &r, &n, &e), 0);
	assert_int_equal(n, tu_long(f->db, "SELECT count(*) FROM sector WHERE agency_id = ?", agency,
	    NULL, NULL));
	assert_true(n >= 2);
	for (i = 0; i < n; i++) {
		assert_int_equal(r[i].estates, tu_long(f->db, "SELECT count(*) FROM estate "
		    "WHERE sector_id = ?", r[i].id, NULL, NULL));
		assert_int_equal(r[i].dwellings, tu_long(f->db, "SELECT count(*) FROM dwelling d, "
		    "entrance en, building b, estate es WHERE d.entrance_id = en.id AND "
		    "en.building_id = b.id AND b.estate_id = es.id AND es.sector_id = ?",
		    r[i].id, NULL, NULL));
		g = qtext(f->db, "SELECT ua.display_name FROM user_sector us, user_account ua "
		    "WHERE ua.id = us.user_id AND us.sector_id = ?", r[i].id);
		assert_non_null(g);
		assert_string_equal(r[i].gardiens, g);
		assert_non_null(strstr(r[i].summary, g));
		assert_non_null(strstr(r[i].summary, " logements"));
		free(g);
		if (i > 0)
			assert_true(strcmp(r[i - 1].name, r[i].name) <= 0);
	}
	patrimoine_sectors_free(r, n);
	free(agency);
}

static void
test_user_sectors(void **state)
{
	struct fx *f = *state;
	struct sector_row *r;
	struct user u;
	struct err e;
	size_t n, i;

	assert_int_equal(user_find(f->db, "gardien2", &u, &e), 1);
	assert_int_equal(patrimoine_user_sectors(f->db, u.id, &r, &n, &e), 0);
	assert_int_equal(n, tu_long(f->db, "SELECT count(*) FROM user_sector WHERE user_id = ?", u.id,
	    NULL, NULL));
	assert_true(n >= 1);
	for (i = 0; i < n; i++)
		assert_int_equal(tu_long(f->db, "SELECT count(*) FROM user_sector WHERE user_id = ? "
		    "AND sector_id = ?", u.id, r[i].id, NULL), 1);
	patrimoine_sectors_free(r, n);
	user_clear(&u);
}

/* Every claim not closed whose place lies in the estate, by another road:
 * walking each claim up rather than each estate down. */
static long
open_claims_of_estate(struct db *db, const char *estate)
{
	return tu_long(db, "SELECT count(*) FROM claim c "
	    "LEFT JOIN dwelling d ON d.id = c.dwelling_id "
	    "LEFT JOIN common_area ca ON ca.id = c.common_area_id "
	    "LEFT JOIN entrance en ON en.id = coalesce(c.entrance_id, d.entrance_id) "
	    "LEFT JOIN building b "
	    " ON b.id = coalesce(c.building_id, en.building_id, ca.building_id) "
	    "WHERE coalesce(b.estate_id, ca.estate_id) = ? AND c.status <> 'closed'",
	    estate, NULL, NULL);
}

static void
check_estate(struct db *db, const struct estate_row *r)
{
	assert_int_equal(r->buildings, tu_long(db, "SELECT count(*) FROM building WHERE estate_id = ?",
	    r->id, NULL, NULL));
	assert_int_equal(r->dwellings, tu_long(db, "SELECT count(*) FROM dwelling d, entrance en, "
	    "building b WHERE d.entrance_id = en.id AND en.building_id = b.id "
	    "AND b.estate_id = ?", r->id, NULL, NULL));
	assert_int_equal(r->vacant, tu_long(db, "SELECT count(*) FROM dwelling d, entrance en, "
	    "building b WHERE d.entrance_id = en.id AND en.building_id = b.id "
	    "AND b.estate_id = ?1 AND d.id NOT IN (SELECT dwelling_id FROM lease "
	    "WHERE start_date <= ?2 AND coalesce(end_date, '9999') >= ?2)", r->id, DATE, NULL));
	assert_int_equal(r->open_claims, open_claims_of_estate(db, r->id));
	assert_non_null(r->town);
	assert_non_null(strstr(r->summary, r->town));
}

/* The demo's claims on entrances and on an estate's own common areas
 * are all closed: open one of each, so that these roads are counted too. */
static void
open_more_claims(struct db *db)
{
	static const char *const sql[] = {
		"INSERT INTO claim (id, number, entrance_id, category, urgency, channel, "
		"description, status, opened_at, updated_at, updated_by) "
		"SELECT '01900000-0000-7000-8000-000000000001', 'R1999-000001', id, 'intercom', "
		"'normal', 'lodge', 'Interphone HS', 'new', ?1, ?1, 'test' "
		"FROM entrance ORDER BY id LIMIT 1",
		"INSERT INTO claim (id, number, common_area_id, category, urgency, channel, "
		"description, status, opened_at, updated_at, updated_by) "
		"SELECT '01900000-0000-7000-8000-000000000002', 'R1999-000002', id, "
		"'cleanliness', 'normal', 'lodge', 'Encombrants', 'new', ?1, ?1, 'test' "
		"FROM common_area WHERE estate_id IS NOT NULL ORDER BY id LIMIT 1",
	};
	struct err e;
	size_t i;

	assert_int_equal(db_begin(db, &e), 0);
	for (i = 0; i < 2; i++) {
		if (db_run(db, &e, sql[i], "t", "2026-01-10T08:00:00Z") != 0)
			fail_msg("%s", e.msg);
		assert_int_equal(db_changes(db), 1);
	}
	assert_int_equal(db_commit(db, &e), 0);
}

static void
test_estates(void **state)
{
	struct fx *f = *state;
	struct sector_row *sectors;
	struct estate_row *r;
	struct err e;
	char *agency = qtext(f->db, "SELECT id FROM agency", NULL);
	size_t ns, n, i, k;
	long claims = 0, vacant = 0;

	open_more_claims(f->db);
	assert_int_equal(patrimoine_sectors(f->db, agency, &sectors, &ns, &e), 0);
	for (k = 0; k < ns; k++) {
		assert_int_equal(patrimoine_estates(f->db, sectors[k].id, DATE, &r, &n, &e), 0);
		assert_int_equal(n, sectors[k].estates);
		for (i = 0; i < n; i++) {
			check_estate(f->db, &r[i]);
			claims += r[i].open_claims;
			vacant += r[i].vacant;
		}
		patrimoine_estates_free(r, n);
	}
	/* Every open claim is in one estate; and the demo has vacant
	 * dwellings: the counts are not all zero by accident. */
	assert_int_equal(claims, tu_long(f->db, "SELECT count(*) FROM claim WHERE status <> ?",
	    "closed", NULL, NULL));
	assert_true(vacant > 0);
	patrimoine_sectors_free(sectors, ns);
	free(agency);
}

static void
test_buildings_entrances(void **state)
{
	struct fx *f = *state;
	struct building_row *b;
	struct entrance_row *en;
	struct err e;
	char *estate = qtext(f->db, "SELECT estate_id FROM building GROUP BY estate_id "
	    "ORDER BY count(*) DESC LIMIT 1", NULL);
	size_t nb, nen, i, j;

	assert_int_equal(patrimoine_buildings(f->db, estate, &b, &nb, &e), 0);
	assert_int_equal(nb, tu_long(f->db, "SELECT count(*) FROM building WHERE estate_id = ?",
	    estate, NULL, NULL));
	assert_true(nb >= 2);
	for (i = 0; i < nb; i++) {
		assert_int_equal(b[i].entrances, tu_long(f->db, "SELECT count(*) FROM entrance "
		    "WHERE building_id = ?", b[i].id, NULL, NULL));
		assert_int_equal(b[i].dwellings, tu_long(f->db, "SELECT count(*) FROM dwelling d, "
		    "entrance en WHERE d.entrance_id = en.id AND en.building_id = ?", b[i].id,
		    NULL, NULL));
		assert_int_equal(b[i].floors, tu_long(f->db, "SELECT coalesce(floors, -1) FROM building "
		    "WHERE id = ?", b[i].id, NULL, NULL));
		assert_true(strncmp(b[i].label, "Bâtiment ", strlen("Bâtiment ")) == 0);
		assert_string_equal(b[i].label + strlen("Bâtiment "), b[i].code);
		if (i > 0)
			assert_true(strcmp(b[i - 1].code, b[i].code) < 0);
		assert_int_equal(patrimoine_entrances(f->db, b[i].id, &en, &nen, &e), 0);
		assert_int_equal(nen, b[i].entrances);
		for (j = 0; j < nen; j++) {
			assert_int_equal(en[j].dwellings, tu_long(f->db, "SELECT count(*) FROM dwelling "
			    "WHERE entrance_id = ?", en[j].id, NULL, NULL));
			assert_non_null(strstr(en[j].summary, "logement"));
		}
		patrimoine_entrances_free(en, nen);
	}
	patrimoine_buildings_free(b, nb);
	free(estate);
}

/* The tenants of the lease running on DATE, as the list names them. */
static char *
tenant_of(struct db *db, const char *dwelling)
{
	struct err e;

	e.msg[0] = '\0';
	return db_text(db, &e, "SELECT min(t.last_name || coalesce(' ' || t.first_name, '')) "
	    "FROM lease l, lease_tenant lt, tenant t WHERE lt.lease_id = l.id "
	    "AND t.id = lt.tenant_id AND l.dwelling_id = ?1 AND l.start_date <= ?2 "
	    "AND (l.end_date IS NULL OR l.end_date >= ?2)", "tt", dwelling, DATE);
}

static void
test_entrance_dwellings(void **state)
{
	struct fx *f = *state;
	struct dwelling_row *r;
	struct err e;
	char *entrance = qtext(f->db, "SELECT entrance_id FROM dwelling GROUP BY entrance_id "
	    "ORDER BY count(*) DESC LIMIT 1", NULL), *t, line[PATRIMOINE_SUMMARY_SIZE];
	size_t n, i, occupied = 0;

	assert_int_equal(patrimoine_entrance_dwellings(f->db, entrance, DATE, "gardien", &r, &n,
	    &e), 0);
	assert_int_equal(n, tu_long(f->db, "SELECT count(*) FROM dwelling WHERE entrance_id = ?",
	    entrance, NULL, NULL));
	for (i = 0; i < n; i++) {
		t = tenant_of(f->db, r[i].id);
		if (t) {
			assert_non_null(r[i].tenant);
			assert_string_equal(r[i].tenant, t);
			occupied++;
		} else {
			assert_null(r[i].tenant);
		}
		assert_int_equal(r[i].vacant, t == NULL);
		assert_false(r[i].tenant_hidden);
		assert_false(r[i].tenant_pending);
		assert_int_equal(r[i].open_claims, tu_long(f->db, "SELECT count(*) FROM claim WHERE "
		    "dwelling_id = ? AND status <> 'closed'", r[i].id, NULL, NULL));
		patrimoine_dwelling_summary(&r[i], line, sizeof line);
		assert_non_null(strstr(line, r[i].type));
		assert_non_null(strstr(line, t ? t : "vacant"));
		free(t);
		if (i > 0)
			assert_true(r[i - 1].floor < r[i].floor || (r[i - 1].floor == r[i].floor &&
			    strcmp(r[i - 1].door, r[i].door) < 0));
	}
	assert_true(occupied > 0);
	patrimoine_dwellings_free(r, n);
	free(entrance);
}

/* "inconnu" is no role: it may not read tenants' identity. */
static void
test_tenant_hidden(void **state)
{
	struct fx *f = *state;
	struct dwelling_row *shown, *hidden;
	struct err e;
	char *estate = qtext(f->db, "SELECT id FROM estate ORDER BY code", NULL);
	char line[PATRIMOINE_SUMMARY_SIZE];
	size_t n, m, i;

	assert_int_equal(patrimoine_dwellings(f->db, PLACE_ESTATE, estate, DATE, "agent", 0,
	    &shown, &n, &e), 0);
	assert_int_equal(patrimoine_dwellings(f->db, PLACE_ESTATE, estate, DATE, "inconnu", 0,
	    &hidden, &m, &e), 0);
	assert_int_equal(n, m);
	for (i = 0; i < n; i++) {
		assert_string_equal(shown[i].id, hidden[i].id);
		assert_null(hidden[i].tenant);
		assert_true(hidden[i].tenant_hidden);
		assert_false(shown[i].tenant_hidden);
		assert_int_equal(hidden[i].vacant, shown[i].vacant);
		patrimoine_dwelling_summary(&hidden[i], line, sizeof line);
		assert_non_null(strstr(line, hidden[i].vacant ? "vacant" : "occupé"));
		if (shown[i].tenant)
			assert_null(strstr(line, shown[i].tenant));
	}
	patrimoine_dwellings_free(shown, n);
	patrimoine_dwellings_free(hidden, m);
	free(estate);
}

static void
test_dwellings_levels(void **state)
{
	static const struct {
		enum place_kind kind;
		const char *pick, *count;
	} levels[] = {
		{PLACE_AGENCY, "SELECT id FROM agency", "SELECT count(*) FROM dwelling"},
		{PLACE_SECTOR, "SELECT id FROM sector ORDER BY code DESC",
		    "SELECT count(*) FROM dwelling d, entrance en, building b, estate es WHERE "
		    "d.entrance_id = en.id AND en.building_id = b.id AND b.estate_id = es.id "
		    "AND es.sector_id = ?"},
		{PLACE_ESTATE, "SELECT id FROM estate ORDER BY code DESC",
		    "SELECT count(*) FROM dwelling d, entrance en, building b WHERE "
		    "d.entrance_id = en.id AND en.building_id = b.id AND b.estate_id = ?"},
		{PLACE_BUILDING, "SELECT id FROM building ORDER BY id",
		    "SELECT count(*) FROM dwelling d, entrance en WHERE "
		    "d.entrance_id = en.id AND en.building_id = ?"},
	};
	struct fx *f = *state;
	struct dwelling_row *r;
	struct err e;
	char *id;
	size_t n, i;

	for (i = 0; i < sizeof levels / sizeof levels[0]; i++) {
		id = qtext(f->db, levels[i].pick, NULL);
		assert_int_equal(patrimoine_dwellings(f->db, levels[i].kind, id, DATE, "admin", 0,
		    &r, &n, &e), 0);
		assert_int_equal(n, tu_long(f->db, levels[i].count,
		    levels[i].kind == PLACE_AGENCY ? NULL : id, NULL, NULL));
		assert_true(n > 0);
		patrimoine_dwellings_free(r, n);
		free(id);
	}
	assert_int_equal(patrimoine_dwellings(f->db, PLACE_DWELLING, "x", DATE, "admin", 0, &r,
	    &n, &e), -1);
	assert_non_null(strstr(e.msg, "logement"));
	assert_null(r);
	assert_int_equal(n, 0);
}

static void
test_tenants_later(void **state)
{
	struct fx *f = *state;
	struct dwelling_row *now, *later;
	struct err e;
	char *sector = qtext(f->db, "SELECT id FROM sector ORDER BY code", NULL);
	size_t n, m, i, pending = 0;

	assert_int_equal(patrimoine_dwellings(f->db, PLACE_SECTOR, sector, DATE, "agent", 0,
	    &now, &n, &e), 0);
	assert_int_equal(patrimoine_dwellings(f->db, PLACE_SECTOR, sector, DATE, "agent",
	    PATRIMOINE_TENANTS_LATER, &later, &m, &e), 0);
	assert_int_equal(n, m);
	for (i = 0; i < m; i++) {
		assert_null(later[i].tenant);
		assert_int_equal(later[i].tenant_pending, !later[i].vacant);
		assert_string_equal(later[i].lease_id, now[i].lease_id);
		pending += later[i].tenant_pending;
	}
	assert_true(pending > 0);
	/* A screen reads the rows it shows, here in two windows. */
	assert_int_equal(patrimoine_dwellings_tenants(f->db, later, m / 2, &e), 0);
	assert_int_equal(patrimoine_dwellings_tenants(f->db, later + m / 2, m - m / 2, &e), 0);
	for (i = 0; i < m; i++) {
		assert_false(later[i].tenant_pending);
		if (now[i].tenant)
			assert_string_equal(later[i].tenant, now[i].tenant);
		else
			assert_null(later[i].tenant);
	}
	patrimoine_dwellings_free(now, n);
	patrimoine_dwellings_free(later, m);
	free(sector);
}

/* The older entry point keeps its behaviour (tenants shown). */
static void
test_estate_dwellings(void **state)
{
	struct fx *f = *state;
	struct dwelling_row *a, *b;
	struct err e;
	char *estate = qtext(f->db, "SELECT id FROM estate ORDER BY code", NULL);
	size_t n, m, i;

	assert_int_equal(patrimoine_estate_dwellings(f->db, estate, DATE, &a, &n, &e), 0);
	assert_int_equal(patrimoine_dwellings(f->db, PLACE_ESTATE, estate, DATE, "admin", 0,
	    &b, &m, &e), 0);
	assert_int_equal(n, m);
	for (i = 0; i < n; i++) {
		assert_string_equal(a[i].reference, b[i].reference);
		if (b[i].tenant)
			assert_string_equal(a[i].tenant, b[i].tenant);
	}
	patrimoine_dwellings_free(a, n);
	patrimoine_dwellings_free(b, m);
	free(estate);
}

static void
test_place(void **state)
{
	struct fx *f = *state;
	struct place p;
	struct err e;
	char *dwelling = qtext(f->db, "SELECT id FROM dwelling ORDER BY reference DESC", NULL);
	char *want, *title, *ag, *se, *es, *bc, *ec, *ref;
	const char *sql = "SELECT %s FROM dwelling d, entrance en, building b, estate es, "
	    "sector s, agency a WHERE d.entrance_id = en.id AND en.building_id = b.id AND "
	    "b.estate_id = es.id AND es.sector_id = s.id AND s.agency_id = a.id AND d.id = ?";
	const char *cols[] = {"a.name", "s.name", "es.name", "b.code", "en.code", "d.reference"};
	char *names[6];
	int k;

	for (k = 0; k < 6; k++) {
		want = xasprintf(sql, cols[k]);
		names[k] = qtext(f->db, want, dwelling);
		assert_non_null(names[k]);
		free(want);
	}
	assert_int_equal(patrimoine_place(f->db, PLACE_DWELLING, dwelling, &p, &e), 0);
	assert_int_equal(p.kind, PLACE_DWELLING);
	for (k = PLACE_AGENCY; k <= PLACE_DWELLING; k++)
		assert_string_equal(p.name[k], names[k - PLACE_AGENCY]);
	assert_string_equal(p.id[PLACE_DWELLING], dwelling);
	ag = names[0], se = names[1], es = names[2], bc = names[3], ec = names[4], ref = names[5];
	want = xasprintf("%s › %s › %s › Bâtiment %s › Entrée %s › %s", ag, se, es, bc, ec, ref);
	title = patrimoine_place_title(&p);
	assert_string_equal(title, want);
	free(title);
	free(want);

	/* From an entrance: nothing below it. */
	want = xstrdup(p.id[PLACE_ENTRANCE]);
	patrimoine_place_clear(&p);
	assert_int_equal(patrimoine_place(f->db, PLACE_ENTRANCE, want, &p, &e), 0);
	free(want);
	assert_null(p.name[PLACE_DWELLING]);
	assert_string_equal(p.id[PLACE_DWELLING], "");
	want = xasprintf("%s › %s › %s › Bâtiment %s › Entrée %s", ag, se, es, bc, ec);
	title = patrimoine_place_title(&p);
	assert_string_equal(title, want);
	free(title);
	free(want);
	patrimoine_place_clear(&p);

	assert_int_equal(patrimoine_place(f->db, PLACE_DWELLING, "nope", &p, &e), -1);
	assert_non_null(strstr(e.msg, "logement introuvable"));
	assert_int_equal(patrimoine_place(f->db, PLACE_NONE, dwelling, &p, &e), -1);
	for (k = 0; k < 6; k++)
		free(names[k]);
	free(dwelling);
}

static void
test_floor_label(void **state)
{
	char out[PATRIMOINE_FLOOR_SIZE];

	patrimoine_floor_label(0, out);
	assert_string_equal(out, "RDC");
	patrimoine_floor_label(1, out);
	assert_string_equal(out, "1er");
	patrimoine_floor_label(12, out);
	assert_string_equal(out, "12e");
	patrimoine_floor_label(-2, out);
	assert_string_equal(out, "sous-sol 2");
}

static void
test_scope(void **state)
{
	struct user u = {.id = "u", .agency_id = "a"};
	struct scope s;
	char *sql;

	u.role = "gardien";
	patrimoine_scope(&u, &s);
	assert_int_equal(s.kind, SCOPE_SECTORS);
	assert_string_equal(s.arg, "u");
	u.role = "technicien";
	patrimoine_scope(&u, &s);
	assert_int_equal(s.kind, SCOPE_AGENCY);
	assert_string_equal(s.arg, "a");
	u.role = "auditeur";
	patrimoine_scope(&u, &s);
	assert_int_equal(s.kind, SCOPE_ALL);
	u.role = "inconnu";
	patrimoine_scope(&u, &s);
	assert_int_equal(s.kind, SCOPE_NONE);
	u.role = "agent";
	u.agency_id = NULL;
	patrimoine_scope(&u, &s);
	assert_int_equal(s.kind, SCOPE_ALL);
	s.kind = SCOPE_AGENCY;
	sql = patrimoine_scope_sql(&s, "es.sector_id");
	assert_string_equal(sql, "es.sector_id IN (SELECT id FROM sector WHERE agency_id = ?1)");
	free(sql);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sectors),
		cmocka_unit_test(test_user_sectors),
		cmocka_unit_test(test_estates),
		cmocka_unit_test(test_buildings_entrances),
		cmocka_unit_test(test_entrance_dwellings),
		cmocka_unit_test(test_tenant_hidden),
		cmocka_unit_test(test_dwellings_levels),
		cmocka_unit_test(test_tenants_later),
		cmocka_unit_test(test_estate_dwellings),
		cmocka_unit_test(test_place),
		cmocka_unit_test(test_floor_label),
		cmocka_unit_test(test_scope),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
