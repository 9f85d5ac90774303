/* The demo generator: the same seed and date give the same rows, another
 * seed or date other rows; exact counts, a user for every role, a lease
 * history for every dwelling, and the schema's own checks (foreign keys,
 * CHECK constraints) hold on what it writes. Its inspections: signed ones
 * carry the digest of their content, entries have amendments (pending in
 * every sector), exits their charges, and every sector a refusal to sign
 * and a signature awaited on paper. Five years of claims and orders; the
 * dwellings shared among a chosen number of agencies. */
#include "tests/unit/testutil.h"

#include "core/demo.h"
#include "core/inspection.h"
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


/* ---- Inspections ---- */

/* The sector of an inspection's dwelling. */
#define INSPECTION_SECTOR \
	"(SELECT es.sector_id FROM dwelling d JOIN entrance en ON en.id = d.entrance_id " \
	" JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id " \
	" WHERE d.id = i.dwelling_id)"

/* Every signed inspection's stored digest is that of its content, as
 * inspection_verify recomputes it; and a change to the content shows.
 * Counts those with rooms and those without (too old for details). */
static void
check_digests(struct db *db, long *rooms, long *bare)
{
	struct db_stmt *st;
	struct inspection *in;
	struct err e;
	char **ids = NULL;
	size_t nids = 0, i;
	int rc;

	st = db_stmt(db, &e, "SELECT id FROM inspection WHERE state = 'signed' ORDER BY id");
	assert_non_null(st);
	while ((rc = db_step(st, &e)) == 1) {
		ids = xreallocarray(ids, nids + 1, sizeof *ids);
		ids[nids++] = db_col_dup(st, 0);
	}
	assert_int_equal(rc, 0);
	for (i = 0; i < nids; i++) {
		if (inspection_load(db, NULL, ids[i], &in, &e) != 0)
			fail_msg("inspection_load %s: %s", ids[i], e.msg);
		if (inspection_verify(in) != 1)
			fail_msg("inspection %s (%s, %zu rooms): digest does not verify", ids[i],
			    in->kind, in->nrooms);
		*rooms += in->nrooms > 0;
		*bare += in->nrooms == 0;
		if (i == 0 || (i == nids - 1 && in->nparties > 0)) {
			/* The digest covers the content: any change shows. */
			free(in->observations);
			in->observations = xstrdup("Ajout après signature.");
			assert_int_equal(inspection_verify(in), 0);
		}
		inspection_free(in);
		free(ids[i]);
	}
	free(ids);
}

static void
test_digests(void **state)
{
	struct fx *f = *state;
	struct db *db = build(f->dir, "sha.db", 200, 7, DATE);
	long rooms = 0, bare = 0;

	check_digests(db, &rooms, &bare);
	assert_true(rooms > 10);
	assert_true(bare > 100);
	/* Capture was suspended while they were written: none is in the
	 * change log, and the freezing triggers are in place again. */
	assert_int_equal(count(db, "SELECT count(*) FROM op"), 0);
	assert_int_not_equal(db_script(db, &(struct err){0}, "UPDATE inspection SET "
	    "observations = 'x' WHERE id = (SELECT id FROM inspection WHERE state = 'signed' "
	    "LIMIT 1)"), 0);
	db_close(db);
}

/* One amendment: it completes a signed entry of the same dwelling and
 * lease, within its deadline; its rooms and items are the entry's (the
 * radiators only for heating). */
static void
check_amendment(struct db *db, const char *today, struct db_stmt *st, long *pending)
{
	char ten[DT_DATE_SIZE], from[DT_DATE_SIZE], to[DT_DATE_SIZE], day[DT_DATE_SIZE];
	const char *kind = db_col_text(st, 1), *state = db_col_text(st, 2);
	const char *id = db_col_text(st, 0);
	int heating = strcmp(kind, "heating") == 0;

	inspection_deadlines(db_col_text(st, 4), ten, from, to);
	snprintf(day, sizeof day, "%.10s", db_col_text(st, 3));
	if (heating) {
		assert_true(from[0] != '\0');
		assert_true(strcmp(day, from) >= 0 && strcmp(day, to) <= 0);
	} else {
		assert_string_equal(kind, "ten_day");
		assert_true(strcmp(day, db_col_text(st, 4)) > 0 && strcmp(day, ten) <= 0);
	}
	if (strcmp(state, "draft") == 0) {
		assert_true(strcmp(day, today) >= 0);
		(*pending)++;
	} else {
		assert_string_equal(state, "signed");
		assert_true(strcmp(day, today) < 0);
	}
	/* Items the entry does not have, or not at that place. */
	assert_int_equal(tu_long(db, "SELECT count(*) FROM inspection_room r "
	    "JOIN inspection_item it ON it.room_id = r.id WHERE r.inspection_id = ?1 "
	    "AND NOT EXISTS (SELECT 1 FROM inspection_room er JOIN inspection_item eit "
	    " ON eit.room_id = er.id WHERE er.inspection_id = ?2 AND er.name = r.name "
	    " AND er.position = r.position AND eit.name = it.name "
	    " AND eit.position = it.position AND eit.kind = it.kind "
	    " AND eit.nature IS it.nature)", id, db_col_text(st, 5), NULL), 0);
	if (heating)
		assert_int_equal(tu_long(db, "SELECT count(*) FROM inspection_room r "
		    "JOIN inspection_item it ON it.room_id = r.id WHERE r.inspection_id = ? "
		    "AND it.kind <> 'heating'", id, NULL, NULL), 0);
	else if (tu_long(db, "SELECT count(*) FROM inspection_room WHERE inspection_id = ?", id,
	    NULL, NULL) > 0)
		assert_int_equal(tu_long(db, "SELECT (SELECT count(*) FROM inspection_room r "
		    "JOIN inspection_item it ON it.room_id = r.id WHERE r.inspection_id = ?1) - "
		    "(SELECT count(*) FROM inspection_room r JOIN inspection_item it "
		    "ON it.room_id = r.id WHERE r.inspection_id = ?2)", id, db_col_text(st, 5),
		    NULL), 0);
}

/* Every amendment; returns how many are pending. */
static long
check_amendments(struct db *db, const char *today)
{
	struct db_stmt *st;
	struct err e;
	long n = 0, pending = 0;
	int rc;

	assert_int_equal(count(db, "SELECT count(*) FROM inspection a "
	    "LEFT JOIN inspection i ON i.id = a.amends_id WHERE a.amends_id IS NOT NULL "
	    "AND (a.kind <> 'move_in' OR i.kind IS NOT 'move_in' OR i.state IS NOT 'signed' "
	    " OR i.amends_id IS NOT NULL OR a.dwelling_id <> i.dwelling_id "
	    " OR a.lease_id IS NOT i.lease_id OR a.amendment_kind IS NULL "
	    " OR a.template_id IS NOT i.template_id)"), 0);
	st = db_stmt(db, &e, "SELECT a.id, a.amendment_kind, a.state, "
	    " coalesce(a.done_at, a.planned_date), i.done_at, i.id "
	    "FROM inspection a JOIN inspection i ON i.id = a.amends_id ORDER BY a.id");
	assert_non_null(st);
	while ((rc = db_step(st, &e)) == 1) {
		check_amendment(db, today, st, &pending);
		n++;
	}
	assert_int_equal(rc, 0);
	assert_true(n >= pending);
	/* A pending one has its rooms to complete and its parties to sign. */
	assert_int_equal(count(db, "SELECT count(*) FROM inspection a "
	    "WHERE a.amends_id IS NOT NULL AND a.state = 'draft' AND (NOT EXISTS (SELECT 1 "
	    " FROM inspection_room r WHERE r.inspection_id = a.id) OR NOT EXISTS (SELECT 1 "
	    " FROM inspection_party p WHERE p.inspection_id = a.id AND p.role = 'tenant') "
	    " OR EXISTS (SELECT 1 FROM inspection_party p WHERE p.inspection_id = a.id "
	    " AND p.signed_at IS NOT NULL))"), 0);
	return pending;
}

/* What every gardien finds in their sectors: a pending amendment of an
 * entry of the last ten days, a refusal to sign, a ready inspection
 * awaiting a signature on paper (the other parties present have
 * signed). */
static void
check_sectors(struct db *db)
{
	assert_int_equal(count(db, "SELECT count(*) FROM sector s WHERE NOT EXISTS "
	    "(SELECT 1 FROM inspection i WHERE i.amends_id IS NOT NULL AND i.state = 'draft' "
	    " AND i.amendment_kind = 'ten_day' AND " INSPECTION_SECTOR " = s.id)"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM sector s WHERE NOT EXISTS "
	    "(SELECT 1 FROM inspection i JOIN inspection_party p ON p.inspection_id = i.id "
	    " WHERE i.state = 'signed' AND p.refusal_reason IS NOT NULL "
	    " AND p.signed_at IS NULL AND " INSPECTION_SECTOR " = s.id)"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM sector s WHERE NOT EXISTS "
	    "(SELECT 1 FROM inspection i JOIN inspection_party p ON p.inspection_id = i.id "
	    " WHERE i.state = 'ready' AND p.paper = 1 AND p.signed_at IS NULL "
	    " AND p.role IN ('tenant', 'mandatary') AND " INSPECTION_SECTOR " = s.id)"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM inspection i JOIN inspection_party p "
	    "ON p.inspection_id = i.id WHERE i.state = 'ready' AND p.present = 1 "
	    "AND p.signed_at IS NULL AND p.paper = 0 AND EXISTS (SELECT 1 FROM inspection_party q "
	    " WHERE q.inspection_id = i.id AND q.paper = 1 AND q.signed_at IS NULL)"), 0);
}

static void
test_amendments(void **state)
{
	struct fx *f = *state;
	struct db *db = build(f->dir, "am.db", 1000, 1, DATE);

	assert_true(count(db, "SELECT count(*) FROM sector") >= 2);
	assert_true(check_amendments(db, DATE) >= 2);
	assert_true(count(db, "SELECT count(*) FROM inspection WHERE amendment_kind = 'ten_day' "
	    "AND state = 'signed' AND EXISTS (SELECT 1 FROM inspection_room r "
	    "WHERE r.inspection_id = inspection.id)") > 0);
	assert_true(count(db, "SELECT count(*) FROM inspection WHERE amendment_kind = 'heating' "
	    "AND state = 'signed'") > 0);
	/* Signed ones record what the tenant reported. */
	assert_true(count(db, "SELECT count(*) FROM inspection a JOIN inspection_room r "
	    "ON r.inspection_id = a.id JOIN inspection_item it ON it.room_id = r.id "
	    "WHERE a.state = 'signed' AND a.amends_id IS NOT NULL AND it.state = 'm' "
	    "AND it.comment LIKE 'Signalé par le locataire : %'") > 0);
	check_sectors(db);
	db_close(db);
}

/* In October, the heating season's first month: entries of the summer
 * may still be completed about the heating. */
static void
test_heating_season(void **state)
{
	struct fx *f = *state;
	struct db *db = build(f->dir, "oct.db", 1000, 2, "2025-10-14");

	check_amendments(db, "2025-10-14");
	assert_true(count(db, "SELECT count(*) FROM inspection WHERE amendment_kind = 'heating' "
	    "AND state = 'draft' AND planned_date BETWEEN '2025-10-14' AND '2025-10-31'") > 0);
	assert_int_equal(count(db, "SELECT count(*) FROM inspection a JOIN inspection i "
	    "ON i.id = a.amends_id WHERE a.amendment_kind = 'heating' AND a.state = 'draft' "
	    "AND NOT (i.done_at BETWEEN '2025-05-01' AND '2025-09-31')"), 0);
	check_sectors(db);
	db_close(db);
}

/* The smallest demos: what chance would rarely give one sector of ten
 * dwellings is planned for it. */
static void
test_small_sectors_covered(void **state)
{
	struct fx *f = *state;
	struct db *db;
	char name[32];
	uint64_t seed;
	long rooms = 0, bare = 0;

	for (seed = 1; seed <= 6; seed++) {
		snprintf(name, sizeof name, "s%d.db", (int)seed);
		db = build(f->dir, name, 10, seed, seed % 2 ? DATE : "2026-07-03");
		check_sectors(db);
		check_amendments(db, seed % 2 ? DATE : "2026-07-03");
		check_digests(db, &rooms, &bare);
		db_close(db);
	}
}

/* Exits with charges: a tenant's repair is priced and measured, some
 * defects are the landlord's; and a lease to come may have no entry
 * planned yet. */
static void
test_exits_and_entries(void **state)
{
	struct fx *f = *state;
	struct db *db = build(f->dir, "x.db", 1000, 1, DATE);

	assert_true(count(db, "SELECT count(*) FROM inspection_item WHERE charge = 'tenant'") > 10);
	assert_int_equal(count(db, "SELECT count(*) FROM inspection_item WHERE charge = 'tenant' "
	    "AND (price_code IS NULL OR quantity IS NULL OR quantity <= 0 "
	    " OR price_code NOT IN (SELECT code FROM price_list))"), 0);
	assert_true(count(db, "SELECT count(*) FROM inspection_item "
	    "WHERE charge = 'landlord'") > 0);
	assert_true(count(db, "SELECT count(*) FROM inspection_item WHERE charge = 'wear'") > 0);
	assert_int_equal(count(db, "SELECT count(*) FROM inspection_item it "
	    "JOIN inspection_room r ON r.id = it.room_id "
	    "JOIN inspection i ON i.id = r.inspection_id "
	    "WHERE it.charge IS NOT NULL AND i.kind NOT IN ('move_out', 'bailiff')"), 0);
	assert_true(count(db, "SELECT count(*) FROM lease l WHERE l.start_date >= '" DATE "' "
	    "AND NOT EXISTS (SELECT 1 FROM inspection i WHERE i.lease_id = l.id)") > 0);
	db_close(db);
}

/* Five years of claims: the old ones closed but for a few forgotten,
 * the recent ones at every step, some overdue; orders alike, on the
 * contract in force when they were placed; half a year of rounds. */
static void
test_five_years(void **state)
{
	struct fx *f = *state;
	struct db *db = build(f->dir, "five.db", 1000, 1, DATE);
	int64_t old;

	assert_true(count(db, "SELECT count(*) FROM claim "
	    "WHERE opened_at < date('" DATE "', '-4 years')") > 100);
	assert_int_equal(count(db, "SELECT count(*) FROM claim "
	    "WHERE opened_at < date('" DATE "', '-1827 days')"), 0);
	assert_int_equal(count(db, "SELECT count(DISTINCT substr(opened_at, 1, 4)) FROM claim "
	    "WHERE opened_at < date('" DATE "', '-1 year')"), 5);
	old = count(db, "SELECT count(*) FROM claim WHERE opened_at < date('" DATE "', '-1 year')");
	assert_true(count(db, "SELECT count(*) FROM claim WHERE status = 'closed' "
	    "AND opened_at < date('" DATE "', '-1 year')") * 100 >= old * 98);
	assert_int_equal(count(db, "SELECT count(DISTINCT status) FROM claim "
	    "WHERE opened_at >= date('" DATE "', '-1 month')"), 6);
	assert_int_equal(count(db, "SELECT count(DISTINCT category) FROM claim"),
	    count(db, "SELECT count(*) FROM claim_category"));
	assert_int_equal(count(db, "SELECT count(DISTINCT urgency) FROM claim"), 3);
	assert_true(count(db, "SELECT count(*) FROM claim WHERE due_at < '" DATE "' "
	    "AND status IN ('new', 'forwarded', 'in_progress')") > 0);
	assert_int_equal(count(db, "SELECT count(*) FROM claim WHERE (status = 'closed') "
	    "<> (closed_at IS NOT NULL)"), 0);
	/* Heating is complained of in winter. */
	assert_true(count(db, "SELECT count(*) FROM claim WHERE category = 'heating' "
	    "AND substr(opened_at, 6, 2) IN ('11', '12', '01', '02')") > 2 *
	    count(db, "SELECT count(*) FROM claim WHERE category = 'heating' "
	    "AND substr(opened_at, 6, 2) IN ('05', '06', '07', '08')"));
	assert_true(count(db, "SELECT count(*) FROM work_order "
	    "WHERE ordered_at < date('" DATE "', '-4 years')") > 50);
	assert_int_equal(count(db, "SELECT count(*) FROM work_order WHERE status <> 'invoiced' "
	    "AND ordered_at < date('" DATE "', '-1 year')"), 0);
	assert_true(count(db, "SELECT count(DISTINCT status) FROM work_order") == 5);
	assert_int_equal(count(db, "SELECT count(*) FROM work_order w JOIN contract c "
	    "ON c.id = w.contract_id WHERE w.ordered_at < c.start_date "
	    "OR w.ordered_at > c.end_date OR c.contractor_id <> w.contractor_id"), 0);
	assert_true(count(db, "SELECT count(*) FROM work_order WHERE contract_id IS NULL") > 0);
	assert_true(count(db, "SELECT count(*) FROM work_order WHERE contract_id IS NOT NULL")
	    > 0);
	/* Weekly rounds for half a year, a few anomalies made claims. */
	assert_true(count(db, "SELECT count(*) FROM round_run "
	    "WHERE started_at < date('" DATE "', '-150 days')") > 0);
	assert_int_equal(count(db, "SELECT count(*) FROM round_run "
	    "WHERE started_at < date('" DATE "', '-190 days')"), 0);
	assert_true(count(db, "SELECT count(*) FROM round_result r JOIN claim c "
	    "ON c.id = r.claim_id WHERE r.result = 'anomaly' AND c.building_id IS NOT NULL") > 0);
	/* Every gardien has a round to do: none run for a week. */
	assert_int_equal(count(db, "SELECT count(*) FROM sector s WHERE NOT EXISTS (SELECT 1 "
	    "FROM estate es JOIN building b ON b.estate_id = es.id JOIN round_template t "
	    "ON t.building_id = b.id WHERE es.sector_id = s.id AND coalesce((SELECT "
	    "max(started_at) FROM round_run r WHERE r.template_id = t.id), '') "
	    "< date('" DATE "', '-6 days'))"), 0);
	db_close(db);
}

/* --agencies: the dwellings of the demo in that many agencies. */
static void
test_agencies(void **state)
{
	struct fx *f = *state;
	struct demo_opts o = {600, 1, DATE};
	struct db *db = tu_db(f->dir, "one.db");
	struct err e;

	if (demo_build_agencies(db, &o, 1, &e) != 0)
		fail_msg("demo_build_agencies: %s", e.msg);
	assert_int_equal(count(db, "SELECT count(*) FROM agency"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM sector"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM dwelling"), 600);
	db_close(db);
	db = tu_db(f->dir, "three.db");
	if (demo_build_agencies(db, &o, 3, &e) != 0)
		fail_msg("demo_build_agencies: %s", e.msg);
	assert_int_equal(count(db, "SELECT count(*) FROM agency"), 3);
	assert_int_equal(count(db, "SELECT count(*) FROM agency a WHERE (SELECT count(*) "
	    "FROM sector s JOIN estate es ON es.sector_id = s.id JOIN building b "
	    "ON b.estate_id = es.id JOIN entrance en ON en.building_id = b.id JOIN dwelling d "
	    "ON d.entrance_id = en.id WHERE s.agency_id = a.id) = 200"), 3);
	assert_int_equal(count(db, "SELECT count(*) FROM user_account WHERE login = 'agent3'"), 1);
	db_close(db);
	db = tu_db(f->dir, "bad.db");
	assert_int_equal(demo_build_agencies(db, &o, DEMO_MAX_AGENCIES + 1, &e), -1);
	assert_non_null(strstr(e.msg, "agences"));
	o.dwellings = 20;
	assert_int_equal(demo_build_agencies(db, &o, 3, &e), -1);
	assert_non_null(strstr(e.msg, "agence"));
	assert_int_equal(count(db, "SELECT count(*) FROM dwelling"), 0);
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
		cmocka_unit_test_setup_teardown(test_digests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_amendments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heating_season, setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_sectors_covered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exits_and_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_five_years, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agencies, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
