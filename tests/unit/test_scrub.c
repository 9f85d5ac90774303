/* Scrub of anonymised tenants' traces (sync/scrub.c): a tenant's name,
 * phone and e-mail sit in the hub's log, a laptop's log and the hub's
 * conflict ledger; once retention anonymises the tenant, none of those
 * strings is anywhere in the hub's database, nor in the laptop's after it
 * syncs, nor in a laptop that had not synced since before it all; and
 * sync goes on working both ways. */
#include <ctype.h>
#include <signal.h>

#include "testutil.h"
#include "sync_harness.h"

#include "core/retention.h"
#include "sync/link.h"
#include "sync/node.h"
#include "sync/scrub.h"

#define DEMO_DATE "2023-06-01"
#define TODAY "2026-06-01"
#define YEARS 4

static char *dir, *hub_path, *agent_path, *late_path;
static struct db *hub;

/* What the tenant was called and reached at, hub and laptop edits
 * included: none may survive. */
static const char *const secrets[] = {
	"Zyxwvutsky", "Qwertine", "06 98 76 54 32", "zyx.qwertine@exemple.fr",
	"06 11 22 33 44", "06 55 66 77 88",
};

#define NSECRETS (sizeof secrets / sizeof secrets[0])

/* One session of the laptop at path with the hub as login. */
static void
sync_as(const char *login, const char *path)
{
	struct sync_counts n;
	struct err e;
	int child;

	if (harness_sync(hub_path, login, path, &n, &child, &e) != 0)
		fail_msg("sync: %s", e.msg);
	assert_int_equal(child, 0);
}

static void
write_sql(struct db *db, const char *sql, const char *a)
{
	struct err e;

	if (db_begin(db, &e) != 0 || db_run(db, &e, sql, "t", a) != 0 ||
	    db_commit(db, &e) != 0)
		fail_msg("%s: %s", sql, e.msg);
}

static void
write_at(const char *path, const char *sql, const char *a)
{
	struct db *db;
	struct err e;

	if (db_open(&db, path, 0, &e) != 0)
		fail_msg("%s: %s", path, e.msg);
	write_sql(db, sql, a);
	db_close(db);
}

/* Where needle (as typed, or lowercased as a full-text index keeps it)
 * occurs in the database: "table.column", or NULL. Every table of the
 * file, shadow tables of the indexes included, every column read as
 * bytes. The caller frees. */
static char *
find_anywhere(struct db *db, const char *needle)
{
	struct db_stmt *st;
	struct err e;
	char **tables = NULL, *where = NULL, *sql, *low = xstrdup(needle), *p;
	size_t n = 0, i;
	int64_t hit;
	int rc;

	for (p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	st = db_stmt(db, &e, "SELECT name FROM sqlite_master WHERE type = 'table' AND "
	    "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
	assert_non_null(st);
	while ((rc = db_step(st, &e)) == 1) {
		tables = xreallocarray(tables, n + 1, sizeof *tables);
		tables[n++] = db_col_dup(st, 0);
	}
	assert_int_equal(rc, 0);
	for (i = 0; i < n; i++) {
		sql = xasprintf("SELECT name FROM pragma_table_info('%s')", tables[i]);
		st = db_stmt(db, &e, sql);
		free(sql);
		assert_non_null(st);
		while (where == NULL && (rc = db_step(st, &e)) == 1) {
			char *col = db_col_dup(st, 0), *q;
			q = xasprintf("SELECT EXISTS (SELECT 1 FROM \"%s\" WHERE "
			    "instr(CAST(\"%s\" AS BLOB), CAST(?1 AS BLOB)) > 0 OR "
			    "instr(CAST(\"%s\" AS BLOB), CAST(?2 AS BLOB)) > 0)", tables[i], col, col);
			if (db_int(db, &e, &hit, q, "tt", needle, low) != 1)
				fail_msg("%s: %s", q, e.msg);
			if (hit)
				where = xasprintf("%s.%s", tables[i], col);
			free(q);
			free(col);
		}
		if (where != NULL)
			db_reset(st);
	}
	for (i = 0; i < n; i++)
		free(tables[i]);
	free(tables);
	free(low);
	return where;
}

static void
assert_forgotten(struct db *db, const char *who)
{
	size_t i;
	char *where;

	for (i = 0; i < NSECRETS; i++)
		if ((where = find_anywhere(db, secrets[i])) != NULL)
			fail_msg("%s: « %s » still in %s", who, secrets[i], where);
}

/* The check itself finds what is there. */
static void
test_find_anywhere(void **state)
{
	char *where, *name = tu_text(hub, "SELECT last_name FROM tenant WHERE anonymised = 0 "
	    "ORDER BY id LIMIT 1", NULL);

	where = find_anywhere(hub, name);
	assert_non_null(where);
	free(where);
	assert_null(find_anywhere(hub, "Zz-no-such-string-zZ"));
	free(name);
}

/* A tenant due after YEARS who lives in both laptops' sectors, with a
 * phone on the hub. */
static char *
tenant_due(void)
{
	struct retention_plan p;
	struct user admin;
	struct db *a, *g;
	struct err e;
	char *id = NULL;
	size_t i;
	int64_t one;

	assert_int_equal(db_open(&a, agent_path, 0, &e), 0);
	assert_int_equal(db_open(&g, late_path, 0, &e), 0);
	tu_user(hub, "admin", &admin);
	assert_int_equal(retention_plan(hub, &admin, YEARS, TODAY, &p, &e), 0);
	for (i = 0; i < p.n && id == NULL; i++)
		if (db_int(a, &e, &one, "SELECT 1 FROM tenant WHERE id = ?", "t", p.rows[i].id) == 1 &&
		    db_int(g, &e, &one, "SELECT 1 FROM tenant WHERE id = ?", "t", p.rows[i].id) == 1)
			id = xstrdup(p.rows[i].id);
	retention_plan_free(&p);
	user_clear(&admin);
	db_close(a);
	db_close(g);
	assert_non_null(id);
	return id;
}

static void
test_scrub_hub_and_laptops(void **state)
{
	struct retention_plan p;
	struct user admin;
	struct db *laptop;
	struct err e;
	char *id = tenant_due(), *where;
	long ops, conflicts, changes;

	/* The hub names the tenant and the laptop gets it. */
	write_sql(hub, "UPDATE tenant SET last_name = 'Zyxwvutsky', first_name = 'Qwertine', "
	    "phone = '06 98 76 54 32', email = 'zyx.qwertine@exemple.fr', "
	    "updated_at = '2026-05-01T08:00:00Z' WHERE id = ?", id);
	sync_as("agent1", agent_path);
	/* Both change the phone: the laptop's own log holds its old and new
	 * phone, and the hub's ledger the one that lost. */
	write_at(agent_path, "UPDATE tenant SET phone = '06 11 22 33 44', "
	    "updated_at = '2026-05-02T08:00:00Z' WHERE id = ?", id);
	write_sql(hub, "UPDATE tenant SET phone = '06 55 66 77 88', "
	    "updated_at = '2026-05-03T08:00:00Z' WHERE id = ?", id);
	sync_as("agent1", agent_path);
	assert_int_equal(tu_long(hub, "SELECT count(*) FROM sync_conflict WHERE tbl = 'tenant' "
	    "AND row_id = ? AND col = 'phone' AND instr(lose_value || win_value, '06 11') > 0",
	    id, NULL, NULL), 1);
	where = find_anywhere(hub, "06 11 22 33 44");
	assert_non_null(where);
	free(where);
	assert_int_equal(db_open(&laptop, agent_path, 0, &e), 0);
	assert_true(tu_long(laptop, "SELECT count(*) FROM op WHERE tbl = 'tenant' AND row_id = ? "
	    "AND instr(fields, '06 98 76 54 32') > 0", id, NULL, NULL) > 0);
	db_close(laptop);
	ops = tu_long(hub, "SELECT count(*) FROM op WHERE tbl = 'tenant' AND row_id = ?", id,
	    NULL, NULL);
	conflicts = tu_long(hub, "SELECT count(*) FROM sync_conflict", NULL, NULL, NULL);

	tu_user(hub, "admin", &admin);
	if (scrub_retention_apply(hub, &admin, YEARS, TODAY, &p, &e) != 0)
		fail_msg("retention: %s", e.msg);
	assert_true(p.n > 0);
	retention_plan_free(&p);
	user_clear(&admin);
	assert_forgotten(hub, "hub");
	/* The log and the ledger keep their lines: only the values went. */
	assert_int_equal(tu_long(hub, "SELECT count(*) FROM op WHERE tbl = 'tenant' AND "
	    "row_id = ?", id, NULL, NULL), ops + 1);
	assert_int_equal(tu_long(hub, "SELECT count(*) FROM sync_conflict", NULL, NULL, NULL),
	    conflicts);
	assert_int_equal(tu_long(hub, "SELECT count(*) FROM sync_conflict WHERE tbl = 'tenant' "
	    "AND row_id = ? AND col = 'phone' AND lose_value = 'null' AND win_value = 'null'",
	    id, NULL, NULL), 1);
	assert_int_equal(tu_long(hub, "SELECT count(*) FROM op WHERE tbl = 'tenant' AND "
	    "row_id = ? AND json_extract(fields, '$.last_name[1]') = ?", id, RETENTION_NAME, NULL),
	    2);
	/* Again: nothing to do. */
	changes = tu_long(hub, "SELECT total_changes()", NULL, NULL, NULL);
	assert_int_equal(db_begin(hub, &e), 0);
	assert_int_equal(scrub_tenants(hub, &e), 0);
	assert_int_equal(db_commit(hub, &e), 0);
	assert_int_equal(tu_long(hub, "SELECT total_changes()", NULL, NULL, NULL), changes);

	/* The laptop scrubs its own log as it gets the anonymised row; the
	 * one that had not synced since the beginning gets it too. */
	sync_as("agent1", agent_path);
	sync_as("agent1", late_path);
	assert_int_equal(db_open(&laptop, agent_path, 0, &e), 0);
	assert_int_equal(tu_long(laptop, "SELECT count(*) FROM tenant WHERE id = ? AND "
	    "anonymised = 1 AND last_name = ? AND phone IS NULL", id, RETENTION_NAME, NULL), 1);
	assert_true(tu_long(laptop, "SELECT count(*) FROM op WHERE tbl = 'tenant' AND "
	    "row_id = ?", id, NULL, NULL) > 0);
	assert_forgotten(laptop, "laptop");
	db_close(laptop);
	assert_int_equal(db_open(&laptop, late_path, 0, &e), 0);
	assert_int_equal(tu_long(laptop, "SELECT count(*) FROM tenant WHERE id = ? AND "
	    "anonymised = 1 AND last_name = ? AND email IS NULL", id, RETENTION_NAME, NULL), 1);
	assert_forgotten(laptop, "late laptop");
	db_close(laptop);
	free(id);
}

/* After the scrub, a change still goes up from a laptop and down to
 * another. */
static void
test_sync_goes_on(void **state)
{
	struct db *laptop;
	struct err e;
	char *id;

	assert_int_equal(db_open(&laptop, agent_path, 0, &e), 0);
	id = tu_text(laptop, "SELECT id FROM tenant WHERE anonymised = 0 ORDER BY id LIMIT 1", NULL);
	db_close(laptop);
	write_at(agent_path, "UPDATE tenant SET phone = '01 02 03 04 05', "
	    "updated_at = '2026-06-01T09:00:00Z' WHERE id = ?", id);
	sync_as("agent1", agent_path);
	assert_int_equal(tu_long(hub, "SELECT count(*) FROM tenant WHERE id = ? AND "
	    "phone = '01 02 03 04 05'", id, NULL, NULL), 1);
	write_sql(hub, "UPDATE tenant SET email = 'nouveau@exemple.fr', "
	    "updated_at = '2026-06-01T10:00:00Z' WHERE id = ?", id);
	sync_as("agent1", late_path);
	sync_as("agent1", agent_path);
	assert_int_equal(db_open(&laptop, late_path, 0, &e), 0);
	assert_int_equal(tu_long(laptop, "SELECT count(*) FROM tenant WHERE id = ? AND "
	    "phone = '01 02 03 04 05' AND email = 'nouveau@exemple.fr'", id, NULL, NULL), 1);
	db_close(laptop);
	assert_int_equal(db_open(&laptop, agent_path, 0, &e), 0);
	assert_int_equal(tu_long(laptop, "SELECT count(*) FROM tenant WHERE id = ? AND "
	    "email = 'nouveau@exemple.fr'", id, NULL, NULL), 1);
	assert_int_equal(tu_long(laptop, "SELECT count(*) FROM op WHERE state IN "
	    "('pending', 'sent', 'refused')", NULL, NULL, NULL), 0);
	db_close(laptop);
	free(id);
}

/* A laptop changed a phone offline after the hub anonymised the tenant;
 * it syncs: the phone is nowhere, on the hub or on the laptop. */
static void
test_edit_after_retention(void **state)
{
	struct retention_plan p;
	struct user admin;
	struct db *laptop;
	struct err e;
	char *id;

	assert_int_equal(db_open(&laptop, agent_path, 0, &e), 0);
	id = tu_text(laptop, "SELECT t.id FROM tenant t WHERE anonymised = 0 AND NOT EXISTS "
	    "(SELECT 1 FROM lease_tenant x JOIN lease l ON l.id = x.lease_id WHERE "
	    "x.tenant_id = t.id AND (l.end_date IS NULL OR l.end_date >= '2023-06-01')) "
	    "AND EXISTS (SELECT 1 FROM lease_tenant x WHERE x.tenant_id = t.id) ORDER BY id LIMIT 1",
	    NULL);
	db_close(laptop);
	write_at(agent_path, "UPDATE tenant SET phone = '06 11 22 33 44', "
	    "updated_at = '2026-06-01T12:00:00Z' WHERE id = ?", id);
	tu_user(hub, "admin", &admin);
	if (scrub_retention_apply(hub, &admin, 3, TODAY, &p, &e) != 0)
		fail_msg("retention: %s", e.msg);
	assert_true(p.n > 0);
	retention_plan_free(&p);
	user_clear(&admin);
	sync_as("agent1", agent_path);
	assert_int_equal(tu_long(hub, "SELECT count(*) FROM tenant WHERE id = ? AND anonymised = 1",
	    id, NULL, NULL), 1);
	assert_forgotten(hub, "hub");
	assert_int_equal(db_open(&laptop, agent_path, 0, &e), 0);
	assert_forgotten(laptop, "laptop");
	db_close(laptop);
	free(id);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_anywhere),
		cmocka_unit_test(test_scrub_hub_and_laptops),
		cmocka_unit_test(test_sync_goes_on),
		cmocka_unit_test(test_edit_after_retention),
	};
	int rc;

	signal(SIGPIPE, SIG_IGN);
	dir = tu_tmpdir();
	hub_path = tu_path(dir, "hub.db");
	agent_path = tu_path(dir, "agent.db");
	late_path = tu_path(dir, "late.db");
	hub = tu_demo_db(dir, "hub.db", 120, 5, DEMO_DATE);
	sync_as("agent1", agent_path);
	sync_as("agent1", late_path);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	db_close(hub);
	free(late_path);
	free(agent_path);
	free(hub_path);
	tu_rmdir(dir);
	return rc;
}
