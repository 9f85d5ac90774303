/* Retention (core/retention.c): on a demo patrimoine made three years ago
 * and looked at today, the tenants gone for more than five years are
 * exactly those an independent query finds; applying anonymises them and
 * nothing else, keeps their leases, claims and inspections, leaves the
 * dwelling's history saying "locataire anonymisé", does nothing the second
 * time, is refused to all but the administrator and on a laptop, and
 * reaches a laptop by the next sync, where an offline change made before
 * does not bring the phone back. */
#include <signal.h>

#include "testutil.h"
#include "sync_harness.h"

#include "core/history.h"
#include "core/retention.h"
#include "core/uid.h"
#include "sync/link.h"
#include "sync/node.h"

#define DEMO_DATE "2023-06-01"
#define TODAY "2026-06-01"
#define CUTOFF "2021-06-01"

static char *dir, *hub_path, *node_path, *agent_path;
static struct db *hub;

/* Tenants due, written apart from core/retention.c: not anonymised, with
 * a lease, and no lease running, to come, or ended on or after ?1. */
#define DUE_WHERE \
	" t.anonymised = 0 AND EXISTS (SELECT 1 FROM lease_tenant x WHERE x.tenant_id = t.id) " \
	"AND NOT EXISTS (SELECT 1 FROM lease_tenant x JOIN lease l ON l.id = x.lease_id " \
	" WHERE x.tenant_id = t.id AND (l.end_date IS NULL OR l.end_date >= ?))"

static long
count(const char *sql)
{
	return tu_long(hub, sql, NULL, NULL, NULL);
}

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

/* The gardien's laptop. */
static void
sync_laptop(void)
{
	sync_as("gardien1", node_path);
}

static void
test_cutoff(void **state)
{
	char out[DT_DATE_SIZE];

	retention_cutoff("2026-11-22", 5, out);
	assert_string_equal(out, "2021-11-22");
	retention_cutoff("2024-02-29", 5, out);
	assert_string_equal(out, "2019-02-28");
	retention_cutoff("2024-02-29", 4, out);
	assert_string_equal(out, "2020-02-29");
	retention_cutoff(TODAY, 5, out);
	assert_string_equal(out, CUTOFF);
}

static void
test_years_setting(void **state)
{
	struct user admin, agent;
	struct err e;
	int y = 0;

	tu_user(hub, "admin", &admin);
	tu_user(hub, "agent1", &agent);
	assert_int_equal(retention_years(hub, &y, &e), 0);
	assert_int_equal(y, RETENTION_DEFAULT_YEARS);
	assert_int_equal(retention_set_years(hub, &agent, 7, &e), -1);
	assert_non_null(strstr(e.msg, "administrateur"));
	assert_int_equal(retention_set_years(hub, &admin, 0, &e), -1);
	assert_int_equal(retention_set_years(hub, &admin, 101, &e), -1);
	assert_int_equal(retention_set_years(hub, &admin, 7, &e), 0);
	assert_int_equal(retention_years(hub, &y, &e), 0);
	assert_int_equal(y, 7);
	assert_int_equal(db_meta_set(hub, &e, RETENTION_META_KEY, "7 ans"), 0);
	assert_int_equal(retention_years(hub, &y, &e), -1);
	assert_non_null(strstr(e.msg, "7 ans"));
	assert_int_equal(retention_set_years(hub, &admin, 5, &e), 0);
	assert_int_equal(retention_years(hub, &y, &e), 0);
	assert_int_equal(y, 5);
	user_clear(&admin);
	user_clear(&agent);
}

/* The first tenant due moves to another dwelling in 2020, lease still
 * running: their old lease is long over, but they are a tenant today. */
static char *
move_one_tenant(struct user *admin)
{
	char *tenant = tu_text(hub, "SELECT t.id FROM tenant t WHERE" DUE_WHERE " ORDER BY t.id "
	    "LIMIT 1", CUTOFF);
	char *dw = tu_text(hub, "SELECT id FROM dwelling ORDER BY reference DESC LIMIT 1", NULL);
	char lease[UID_SIZE], link[UID_SIZE];
	struct err e;

	uid_new(lease);
	uid_new(link);
	if (db_begin(hub, &e) != 0 || db_run(hub, &e, "INSERT INTO lease (id, dwelling_id, "
	    "reference, start_date, updated_at, updated_by) VALUES (?, ?, 'TEST', '2020-03-01', "
	    "'2020-02-20T10:00:00Z', ?)", "ttt", lease, dw, admin->id) != 0 ||
	    db_run(hub, &e, "INSERT INTO lease_tenant (id, lease_id, tenant_id, updated_at, "
	    "updated_by) VALUES (?, ?, ?, '2020-02-20T10:00:00Z', ?)", "tttt", link, lease, tenant,
	    admin->id) != 0 || db_commit(hub, &e) != 0)
		fail_msg("move: %s", e.msg);
	free(dw);
	return tenant;
}

static void
test_dry_run_counts(void **state)
{
	struct retention_plan p;
	struct user admin;
	struct err e;
	long due, anon = count("SELECT count(*) FROM tenant WHERE anonymised = 1");
	char *moved;
	size_t i;

	tu_user(hub, "admin", &admin);
	moved = move_one_tenant(&admin);
	due = tu_long(hub, "SELECT count(*) FROM tenant t WHERE" DUE_WHERE, CUTOFF, NULL, NULL);
	/* The demo anonymised those gone five years before its own date:
	 * some remain due three years later, others are not due yet. */
	assert_true(due > 5);
	assert_true(anon > 0);
	assert_true(tu_long(hub, "SELECT count(*) FROM tenant t WHERE t.anonymised = 0 AND "
	    "NOT (" DUE_WHERE ")", CUTOFF, NULL, NULL) > due);
	assert_int_equal(retention_plan(hub, &admin, 5, TODAY, &p, &e), 0);
	assert_int_equal(p.years, 5);
	assert_string_equal(p.cutoff, CUTOFF);
	assert_int_equal((long)p.n, due);
	for (i = 0; i < p.n; i++) {
		assert_string_not_equal(p.rows[i].id, moved);
		char *end = tu_text(hub, "SELECT max(l.end_date) FROM lease_tenant x JOIN lease l "
		    "ON l.id = x.lease_id WHERE x.tenant_id = ?", p.rows[i].id);
		assert_string_equal(p.rows[i].last_end, end);
		assert_true(strcmp(end, CUTOFF) < 0);
		/* The dwelling is one of a lease of theirs that ended that day. */
		assert_int_equal(tu_long(hub, "SELECT count(*) FROM lease_tenant x JOIN lease l ON "
		    "l.id = x.lease_id JOIN dwelling d ON d.id = l.dwelling_id WHERE x.tenant_id = ? "
		    "AND d.reference = ? AND l.end_date = ?", p.rows[i].id, p.rows[i].dwelling, end),
		    1);
		free(end);
	}
	retention_plan_free(&p);
	/* Ten years: fewer; one year: more. */
	assert_int_equal(retention_plan(hub, &admin, 10, TODAY, &p, &e), 0);
	assert_int_equal((long)p.n, tu_long(hub, "SELECT count(*) FROM tenant t WHERE" DUE_WHERE,
	    "2016-06-01", NULL, NULL));
	assert_true((long)p.n < due);
	retention_plan_free(&p);
	assert_int_equal(retention_plan(hub, &admin, 1, TODAY, &p, &e), 0);
	assert_true((long)p.n > due);
	retention_plan_free(&p);
	/* A dry run changes nothing. */
	assert_int_equal(count("SELECT count(*) FROM tenant WHERE anonymised = 1"), anon);
	free(moved);
	user_clear(&admin);
}

static void
test_refused_to_others(void **state)
{
	static const char *const logins[] = {"agent1", "gardien1", "superviseur1", "auditeur",
	    "technicien1"};
	long anon = count("SELECT count(*) FROM tenant WHERE anonymised = 1");
	long ops = count("SELECT count(*) FROM op");
	struct retention_plan p;
	struct user u;
	struct err e;
	size_t i;

	for (i = 0; i < sizeof logins / sizeof logins[0]; i++) {
		tu_user(hub, logins[i], &u);
		assert_int_equal(retention_plan(hub, &u, 5, TODAY, &p, &e), -1);
		assert_int_equal(p.n, 0);
		assert_int_equal(retention_apply(hub, &u, 5, TODAY, &p, &e), -1);
		assert_non_null(strstr(e.msg, "réservé à l'administrateur"));
		assert_int_equal(p.n, 0);
		user_clear(&u);
	}
	assert_int_equal(retention_apply(hub, NULL, 5, TODAY, &p, &e), -1);
	assert_int_equal(count("SELECT count(*) FROM tenant WHERE anonymised = 1"), anon);
	assert_int_equal(count("SELECT count(*) FROM op"), ops);
}

/* A tenant due after years who lives in the laptop's sectors. */
static char *
due_on_laptop_after(struct db *laptop, int years)
{
	struct retention_plan p;
	struct user admin;
	struct err e;
	char *id = NULL;
	size_t i;
	int64_t one;

	tu_user(hub, "admin", &admin);
	assert_int_equal(retention_plan(hub, &admin, years, TODAY, &p, &e), 0);
	for (i = 0; i < p.n && id == NULL; i++)
		if (db_int(laptop, &e, &one, "SELECT 1 FROM tenant WHERE id = ? AND anonymised = 0 "
		    "AND last_name <> ?", "tt", p.rows[i].id, RETENTION_NAME) == 1)
			id = xstrdup(p.rows[i].id);
	retention_plan_free(&p);
	user_clear(&admin);
	assert_non_null(id);
	return id;
}

static char *
due_on_laptop(struct db *laptop)
{
	return due_on_laptop_after(laptop, 5);
}

static void
check_history(const char *tenant)
{
	char *dw = tu_text(hub, "SELECT l.dwelling_id FROM lease_tenant x JOIN lease l ON l.id = "
	    "x.lease_id WHERE x.tenant_id = ? ORDER BY l.end_date DESC LIMIT 1", tenant);
	struct history_event *ev;
	struct err e;
	size_t n, i;
	int anonymous = 0;

	assert_int_equal(history_load(hub, "agent", HISTORY_DWELLING, dw, HISTORY_BIT(H_LEASE),
	    &ev, &n, &e), 0);
	assert_true(n > 0);
	for (i = 0; i < n; i++)
		if (strstr(ev[i].summary, "locataire anonymisé"))
			anonymous++;
	assert_true(anonymous > 0);
	history_free(ev, n);
	free(dw);
}

static void
test_apply_and_propagate(void **state)
{
	long due = tu_long(hub, "SELECT count(*) FROM tenant t WHERE" DUE_WHERE, CUTOFF, NULL,
	    NULL);
	long anon = count("SELECT count(*) FROM tenant WHERE anonymised = 1");
	long leases = count("SELECT count(*) FROM lease"), links = count("SELECT count(*) FROM "
	    "lease_tenant"), claims = count("SELECT count(*) FROM claim WHERE tenant_id IS NOT NULL"),
	    parties = count("SELECT count(*) FROM inspection_party WHERE tenant_id IS NOT NULL"),
	    tenants = count("SELECT count(*) FROM tenant"), ops = count("SELECT count(*) FROM op");
	struct retention_plan p;
	struct db *laptop;
	struct user admin;
	struct err e;
	char *id, *last, *maxseq = tu_text(hub, "SELECT coalesce(max(seq), 0) FROM op", NULL);
	size_t i;

	/* The laptop holds the tenant's name and contact before. */
	assert_int_equal(db_open(&laptop, node_path, 0, &e), 0);
	id = due_on_laptop(laptop);
	last = tu_text(laptop, "SELECT last_name FROM tenant WHERE id = ?", id);
	db_close(laptop);

	tu_user(hub, "admin", &admin);
	assert_int_equal(retention_apply(hub, &admin, 5, TODAY, &p, &e), 0);
	assert_int_equal((long)p.n, due);
	assert_int_equal(count("SELECT count(*) FROM tenant WHERE anonymised = 1"), anon + due);
	assert_int_equal(tu_long(hub, "SELECT count(*) FROM tenant t WHERE" DUE_WHERE, CUTOFF,
	    NULL, NULL), 0);
	for (i = 0; i < p.n; i++) {
		assert_int_equal(tu_long(hub, "SELECT count(*) FROM tenant WHERE id = ? AND "
		    "anonymised = 1 AND last_name = ? AND first_name IS NULL AND phone IS NULL AND "
		    "email IS NULL AND updated_by = ? AND updated_at >= '2026'", p.rows[i].id,
		    RETENTION_NAME, admin.id), 1);
		/* One captured change per tenant, for the laptops. */
		assert_int_equal(tu_long(hub, "SELECT count(*) FROM op WHERE tbl = 'tenant' AND "
		    "row_id = ? AND kind = 'update' AND seq > CAST(? AS INTEGER)", p.rows[i].id,
		    maxseq, NULL), 1);
		assert_int_equal(tu_long(hub, "SELECT count(*) FROM search_tenant WHERE id = ?",
		    p.rows[i].id, NULL, NULL), 0);
	}
	assert_int_equal(count("SELECT count(*) FROM op") - ops, due);
	assert_int_equal(count("SELECT count(DISTINCT row_id) FROM op WHERE tbl = 'tenant' AND "
	    "kind = 'update' AND json_extract(fields, '$.anonymised[1]') = 1"), due);
	/* Nothing else changed: the history keeps its rows. */
	assert_int_equal(count("SELECT count(*) FROM tenant"), tenants);
	assert_int_equal(count("SELECT count(*) FROM lease"), leases);
	assert_int_equal(count("SELECT count(*) FROM lease_tenant"), links);
	assert_int_equal(count("SELECT count(*) FROM claim WHERE tenant_id IS NOT NULL"), claims);
	assert_int_equal(count("SELECT count(*) FROM inspection_party WHERE tenant_id IS NOT NULL"),
	    parties);
	check_history(id);
	retention_plan_free(&p);

	/* The second time, nothing is due and nothing is written. */
	ops = count("SELECT count(*) FROM op");
	assert_int_equal(retention_apply(hub, &admin, 5, TODAY, &p, &e), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(count("SELECT count(*) FROM op"), ops);
	retention_plan_free(&p);
	user_clear(&admin);

	/* The laptop gets it at its next sync, and may not apply itself. */
	sync_laptop();
	assert_int_equal(db_open(&laptop, node_path, 0, &e), 0);
	assert_int_equal(tu_long(laptop, "SELECT count(*) FROM tenant WHERE id = ? AND "
	    "anonymised = 1 AND last_name = ? AND first_name IS NULL AND phone IS NULL AND "
	    "email IS NULL", id, RETENTION_NAME, NULL), 1);
	assert_int_equal(tu_long(laptop, "SELECT count(*) FROM tenant WHERE last_name = ? AND "
	    "id = ?", last, id, NULL), 0);
	assert_int_equal(tu_long(laptop, "SELECT count(*) FROM lease_tenant WHERE tenant_id = ?",
	    id, NULL, NULL), tu_long(hub, "SELECT count(*) FROM lease_tenant WHERE tenant_id = ?",
	    id, NULL, NULL));
	assert_int_equal(retention_on_laptop(laptop, &e), 1);
	tu_user(laptop, "admin", &admin);
	assert_int_equal(retention_apply(laptop, &admin, 1, TODAY, &p, &e), -1);
	assert_non_null(strstr(e.msg, "serveur central"));
	user_clear(&admin);
	db_close(laptop);
	assert_int_equal(retention_on_laptop(hub, &e), 0);
	free(maxseq);
	free(last);
	free(id);
}

/* An agency laptop changed a phone offline; the hub anonymised the tenant
 * meanwhile: the late change does not bring the phone back, on the hub
 * or on the laptop. (The hub's conflict ledger keeps the losing value:
 * see sync_conflict.) */
static void
test_late_edit_from_laptop(void **state)
{
	struct retention_plan p;
	struct db *laptop;
	struct user admin;
	struct err e;
	char *id;

	assert_int_equal(db_open(&laptop, agent_path, 0, &e), 0);
	id = due_on_laptop_after(laptop, 4);
	assert_int_equal(db_begin(laptop, &e), 0);
	assert_int_equal(db_run(laptop, &e, "UPDATE tenant SET phone = '06 00 00 00 01', "
	    "updated_at = '2026-05-01T10:00:00Z' WHERE id = ?", "t", id), 0);
	assert_int_equal(db_commit(laptop, &e), 0);
	db_close(laptop);
	tu_user(hub, "admin", &admin);
	assert_int_equal(retention_apply(hub, &admin, 4, TODAY, &p, &e), 0);
	assert_true(p.n > 0);
	retention_plan_free(&p);
	user_clear(&admin);
	sync_as("agent1", agent_path);
	assert_int_equal(tu_long(hub, "SELECT count(*) FROM tenant WHERE id = ? AND anonymised = 1 "
	    "AND phone IS NULL", id, NULL, NULL), 1);
	assert_int_equal(db_open(&laptop, agent_path, 0, &e), 0);
	assert_int_equal(tu_long(laptop, "SELECT count(*) FROM tenant WHERE id = ? AND "
	    "anonymised = 1 AND phone IS NULL AND last_name = ?", id, RETENTION_NAME, NULL), 1);
	db_close(laptop);
	free(id);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cutoff),
		cmocka_unit_test(test_years_setting),
		cmocka_unit_test(test_dry_run_counts),
		cmocka_unit_test(test_refused_to_others),
		cmocka_unit_test(test_apply_and_propagate),
		cmocka_unit_test(test_late_edit_from_laptop),
	};
	int rc;

	signal(SIGPIPE, SIG_IGN);
	dir = tu_tmpdir();
	hub_path = tu_path(dir, "hub.db");
	node_path = tu_path(dir, "node.db");
	agent_path = tu_path(dir, "agent.db");
	hub = tu_demo_db(dir, "hub.db", 300, 3, DEMO_DATE);
	sync_laptop();
	sync_as("agent1", agent_path);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	db_close(hub);
	free(agent_path);
	free(node_path);
	free(hub_path);
	tu_rmdir(dir);
	return rc;
}
