/* The demo generator: the same seed and date give the same rows, another
 * seed or date other rows; exact counts, a user for every role, a lease
 * history for every dwelling, and the schema's own checks (foreign keys,
 * CHECK constraints) hold on what it writes. */
#include "tests/unit/testutil.h"

#include "core/demo.h"
#include "core/uid.h"

#define DATE "2025-03-14"
#define MAX_TABLES 96

struct fx {
	char *dir;
};

/* One FNV-1a digest per table, tables by name. */
struct digest {
	size_t n;
	char *name[MAX_TABLES];
	uint64_t hash[MAX_TABLES];
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static struct db *
build(const char *dir, const char *name, long n, uint64_t seed, const char *date)
{
	struct demo_opts o = {n, seed, date};
	struct db *db = tu_db(dir, name);
	struct err e;

	if (demo_build(db, &o, &e) != 0)
		fail_msg("demo_build(%ld, %llu, %s): %s", n, (unsigned long long)seed, date,
		    e.msg);
	return db;
}

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n-- > 0)
		h = (h ^ *b++) * 0x100000001b3ULL;
	return h;
}

static uint64_t
table_digest(struct db *db, const char *table)
{
	char *sql = xasprintf("SELECT * FROM \"%s\" ORDER BY id", table);
	uint64_t h = 0xcbf29ce484222325ULL;
	struct db_stmt *st;
	const char *v;
	struct err e;
	int c, rc;

	st = db_stmt(db, &e, sql);
	assert_non_null(st);
	while ((rc = db_step(st, &e)) == 1) {
		for (c = 0; c < db_col_count(st); c++) {
			v = db_col_text(st, c);
			h = v ? fnv(h, v, strlen(v) + 1) : fnv(h, "\xff", 1);
		}
	}
	assert_int_equal(rc, 0);
	free(sql);
	return h;
}

static void
digest(struct db *db, struct digest *out)
{
	struct db_stmt *st;
	struct err e;
	size_t i;
	int rc;

	memset(out, 0, sizeof *out);
	/* The domain tables; the search index (search_*) is derived from
	 * them and has no id to order by; the sync tables are the node's own
	 * (and empty after a demo build: asserted elsewhere). */
	st = db_stmt(db, &e, "SELECT name FROM sqlite_schema WHERE type = 'table' "
	    "AND name NOT IN ('meta', 'op') AND name NOT LIKE 'search\\_%' ESCAPE '\\' "
	    "AND name NOT LIKE 'sync\\_%' ESCAPE '\\' ORDER BY name");
	assert_non_null(st);
	while ((rc = db_step(st, &e)) == 1) {
		assert_true(out->n < MAX_TABLES);
		out->name[out->n++] = db_col_dup(st, 0);
	}
	assert_int_equal(rc, 0);
	for (i = 0; i < out->n; i++)
		out->hash[i] = table_digest(db, out->name[i]);
}

static void
digest_free(struct digest *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->name[i]);
}

static int64_t
count(struct db *db, const char *sql)
{
	int64_t v = -1;
	struct err e;

	if (db_int(db, &e, &v, sql, "") != 1)
		fail_msg("%s: %s", sql, e.msg);
	return v;
}

static void
assert_meta(struct db *db, const char *key, const char *want)
{
	char *v = db_meta_get(db, key);

	assert_non_null(v);
	assert_string_equal(v, want);
	free(v);
}

static void
test_same_seed_same_content(void **state)
{
	struct fx *f = *state;
	struct db *a = build(f->dir, "a.db", 200, 42, DATE);
	struct db *b = build(f->dir, "b.db", 200, 42, DATE);
	struct digest da, dbb;
	size_t i;

	digest(a, &da);
	digest(b, &dbb);
	assert_int_equal(da.n, dbb.n);
	assert_true(da.n > 30);
	for (i = 0; i < da.n; i++) {
		assert_string_equal(da.name[i], dbb.name[i]);
		if (da.hash[i] != dbb.hash[i])
			fail_msg("table %s differs between two builds", da.name[i]);
	}
	digest_free(&da);
	digest_free(&dbb);
	db_close(a);
	db_close(b);
}

static void
test_other_seed_or_date_differs(void **state)
{
	struct fx *f = *state;
	struct db *a = build(f->dir, "a.db", 200, 42, DATE);
	struct db *b = build(f->dir, "b.db", 200, 43, DATE);
	struct db *c = build(f->dir, "c.db", 200, 42, "2024-11-02");
	struct digest da, dbb, dc;
	size_t i;

	digest(a, &da);
	digest(b, &dbb);
	digest(c, &dc);
	for (i = 0; i < da.n; i++) {
		/* Reference tables hold the same codes; the patrimoine not. */
		if (strcmp(da.name[i], "dwelling") == 0 || strcmp(da.name[i], "tenant") == 0 ||
		    strcmp(da.name[i], "lease") == 0) {
			assert_true(da.hash[i] != dbb.hash[i]);
			assert_true(da.hash[i] != dc.hash[i]);
		}
	}
	assert_int_equal(count(c, "SELECT count(*) FROM lease "
	    "WHERE start_date > '2024-12-02'"), 0);
	digest_free(&da);
	digest_free(&dbb);
	digest_free(&dc);
	db_close(a);
	db_close(b);
	db_close(c);
}

static void
test_users_for_every_role(void **state)
{
	struct fx *f = *state;
	struct db *db = build(f->dir, "u.db", 200, 7, DATE);

	assert_int_equal(count(db, "SELECT count(DISTINCT role) FROM user_account"), 6);
	assert_int_equal(count(db, "SELECT count(*) FROM user_account WHERE "
	    "(login = 'admin' AND role = 'admin') "
	    "OR (login = 'auditeur' AND role = 'auditeur') "
	    "OR (login = 'agent1' AND role = 'agent' AND agency_id IS NOT NULL) "
	    "OR (login = 'technicien1' AND role = 'technicien' AND agency_id IS NOT NULL) "
	    "OR (login = 'superviseur1' AND role = 'superviseur' "
	    "AND agency_id IS NOT NULL)"), 5);
	assert_int_equal(count(db, "SELECT count(*) FROM user_account u "
	    "JOIN user_sector us ON us.user_id = u.id JOIN sector s ON s.id = us.sector_id "
	    "WHERE u.login = 'gardien1' AND u.role = 'gardien'"), 1);
	/* One gardien per sector, each with its sector. */
	assert_int_equal(count(db, "SELECT count(*) FROM sector s WHERE NOT EXISTS "
	    "(SELECT 1 FROM user_sector us WHERE us.sector_id = s.id)"), 0);
	assert_meta(db, "demo", "1");
	assert_meta(db, "demo_admin", "admin");
	assert_meta(db, "demo_seed", "7");
	assert_meta(db, "demo_date", DATE);
	assert_meta(db, "demo_dwellings", "200");
	db_close(db);
}

static void
test_integrity(void **state)
{
	struct fx *f = *state;
	struct db *db = build(f->dir, "i.db", 200, 7, DATE);
	char *ok;
	struct err e;

	/* The build skips per-row checks for speed: prove they all hold. */
	ok = db_text(db, &e, "PRAGMA quick_check", "");
	assert_non_null(ok);
	assert_string_equal(ok, "ok");
	free(ok);
	assert_int_equal(count(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	assert_int_equal(count(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(count(db, "PRAGMA ignore_check_constraints"), 0);
	ok = db_text(db, &e, "PRAGMA journal_mode", "");
	assert_string_equal(ok, "wal");
	free(ok);
	/* Every row's provenance names a user, and no moment is after the
	 * anchor day (the future holds plans only). */
	assert_int_equal(count(db, "SELECT count(*) FROM dwelling WHERE updated_by NOT IN "
	    "(SELECT id FROM user_account) OR updated_at >= '" DATE "'"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM inspection_item WHERE "
	    "updated_by NOT IN (SELECT id FROM user_account) "
	    "OR updated_at >= '" DATE "'"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM claim_event WHERE user_id NOT IN "
	    "(SELECT id FROM user_account) OR at >= '" DATE "'"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM inspection WHERE "
	    "(state = 'draft') <> (planned_date >= '" DATE "')"), 0);
	db_close(db);
}

static void
test_patrimoine_and_history(void **state)
{
	struct fx *f = *state;
	struct db *db = build(f->dir, "p.db", 200, 7, DATE);

	assert_int_equal(count(db, "SELECT count(*) FROM dwelling"), 200);
	assert_int_equal(count(db, "SELECT count(*) FROM dwelling d WHERE NOT EXISTS "
	    "(SELECT 1 FROM lease l WHERE l.dwelling_id = d.id)"), 0);
	assert_true(count(db, "SELECT count(*) FROM lease") > 300);
	/* Leases of a dwelling follow one another. */
	assert_int_equal(count(db, "SELECT count(*) FROM lease a JOIN lease b "
	    "ON a.dwelling_id = b.dwelling_id AND a.id <> b.id "
	    "AND a.start_date <= b.start_date "
	    "AND (a.end_date IS NULL OR a.end_date >= b.start_date)"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM lease l WHERE NOT EXISTS "
	    "(SELECT 1 FROM lease_tenant lt WHERE lt.lease_id = l.id)"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM dwelling WHERE NOT ("
	    "(type = 'T1' AND area_m2 BETWEEN 25 AND 35) "
	    "OR (type = 'T2' AND area_m2 BETWEEN 40 AND 50) "
	    "OR (type = 'T3' AND area_m2 BETWEEN 60 AND 70) "
	    "OR (type = 'T4' AND area_m2 BETWEEN 75 AND 85) "
	    "OR (type = 'T5' AND area_m2 BETWEEN 90 AND 100) "
	    "OR (type = 'T6' AND area_m2 BETWEEN 105 AND 120))"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM building "
	    "WHERE floors NOT BETWEEN 1 AND 15"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM estate WHERE depcom NOT GLOB "
	    "'[0-9][0-9][0-9][0-9][0-9]' OR postcode NOT GLOB '[0-9][0-9][0-9][0-9][0-9]'"), 0);
	/* Rooms and items only for the inspections of the last two years. */
	assert_true(count(db, "SELECT count(*) FROM inspection_item") > 100);
	assert_int_equal(count(db, "SELECT count(*) FROM inspection_room r JOIN inspection i "
	    "ON i.id = r.inspection_id WHERE i.done_at < date('" DATE "', '-731 days')"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM inspection WHERE state = 'signed' AND "
	    "(signed_at IS NULL OR length(content_sha256) <> 64)"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM inspection WHERE kind = 'move_out' "
	    "AND entry_inspection_id IS NULL"), 0);
	/* Claims: numbered by year, each status reached through its events. */
	assert_int_equal(count(db, "SELECT count(*) FROM claim WHERE number NOT GLOB "
	    "'R[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]'"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM claim c WHERE NOT EXISTS (SELECT 1 "
	    "FROM claim_event e WHERE e.claim_id = c.id AND e.to_status = c.status)"), 0);
	assert_true(count(db, "SELECT count(DISTINCT status) FROM claim") >= 4);
	assert_true(count(db, "SELECT count(*) FROM round_result "
	    "WHERE result = 'anomaly'") > 0);
	assert_int_equal(count(db, "SELECT count(*) FROM claim_category"), 12);
	assert_int_equal(count(db, "SELECT count(*) FROM claim_urgency"), 3);
	assert_int_equal(count(db, "SELECT count(*) FROM inspection_template"), 12);
	db_close(db);
}

static void
test_ten_dwellings(void **state)
{
	struct fx *f = *state;
	struct db *db = build(f->dir, "ten.db", 10, 1, DATE);
	char *ok;
	struct err e;

	assert_int_equal(count(db, "SELECT count(*) FROM agency"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM sector"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM estate"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM dwelling"), 10);
	assert_int_equal(count(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	ok = db_text(db, &e, "PRAGMA quick_check", "");
	assert_string_equal(ok, "ok");
	free(ok);
	db_close(db);
}

static void
test_refusals(void **state)
{
	struct fx *f = *state;
	struct db *db = build(f->dir, "r.db", 10, 1, DATE);
	struct demo_opts again = {10, 1, DATE}, small = {9, 1, DATE};
	struct demo_opts bad = {10, 1, "2025-02-30"};
	struct err e;

	assert_int_equal(demo_build(db, &again, &e), -1);
	assert_non_null(strstr(e.msg, "pas vide"));
	db_close(db);
	db = tu_db(f->dir, "empty.db");
	assert_int_equal(demo_build(db, &small, &e), -1);
	assert_non_null(strstr(e.msg, "logements"));
	assert_int_equal(demo_build(db, &bad, &e), -1);
	assert_non_null(strstr(e.msg, "date"));
	assert_int_equal(count(db, "SELECT count(*) FROM dwelling"), 0);
	db_close(db);
}

static void
test_ids_are_uuidv7(void **state)
{
	struct fx *f = *state;
	struct db *db = build(f->dir, "id.db", 10, 3, DATE);
	struct db_stmt *st;
	struct err e;
	int rc, n = 0;

	st = db_stmt(db, &e, "SELECT id FROM dwelling UNION ALL SELECT id FROM claim "
	    "UNION ALL SELECT id FROM inspection_item");
	assert_non_null(st);
	while ((rc = db_step(st, &e)) == 1) {
		assert_true(uid_valid(db_col_text(st, 0)));
		n++;
	}
	assert_int_equal(rc, 0);
	assert_true(n > 10);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_seed_same_content, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_seed_or_date_differs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_users_for_every_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_integrity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_patrimoine_and_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ten_dwellings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ids_are_uuidv7, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
