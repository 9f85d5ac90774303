/* core/audit.c: every display of a tenant's identity or contact is logged
 * once per window, with who, node, tenant and screen; the log refuses
 * changes; who may read it, within which scope; and sync: a laptop's
 * entries reach the hub, never come down, and the hub refuses a change. */
#include <signal.h>

#include "testutil.h"
#include "sync_harness.h"

#include "core/audit.h"
#include "core/claim.h"
#include "core/datetime.h"
#include "core/perm.h"
#include "core/search.h"
#include "core/sheet.h"
#include "sync/hub.h"
#include "sync/link.h"
#include "sync/node.h"

#define TODAY "2026-01-15"

struct fx {
	char *dir;
	struct db *db;
	struct user gardien, tech, sup, admin;
	char *dwelling; /* in gardien1's sector, with a current lease */
	char *tenant;   /* one of its tenants */
	long ntenants;  /* tenants of that lease */
};

/* A dwelling of login's sectors whose current lease has tenants. */
#define DWELLING_WITH_TENANT \
	"SELECT d.id FROM dwelling d JOIN entrance en ON en.id = d.entrance_id " \
	"JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id " \
	"JOIN lease l ON l.dwelling_id = d.id AND l.start_date <= '" TODAY "' " \
	"AND (l.end_date IS NULL OR l.end_date >= '" TODAY "') " \
	"JOIN lease_tenant lt ON lt.lease_id = l.id JOIN tenant t ON t.id = lt.tenant_id " \
	"AND t.anonymised = 0 WHERE es.sector_id IN (SELECT us.sector_id FROM user_sector us " \
	"JOIN user_account u ON u.id = us.user_id WHERE u.login = ?) ORDER BY d.id LIMIT 1"
#define CUR_TENANTS \
	"SELECT count(*) FROM lease l JOIN lease_tenant lt ON lt.lease_id = l.id " \
	"WHERE l.dwelling_id = ? AND l.start_date <= '" TODAY "' " \
	"AND (l.end_date IS NULL OR l.end_date >= '" TODAY "')"

static int
fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->db = tu_demo_db(f->dir, "audit.db", 200, 3, TODAY);
	tu_user(f->db, "gardien1", &f->gardien);
	tu_user(f->db, "technicien1", &f->tech);
	tu_user(f->db, "superviseur1", &f->sup);
	tu_user(f->db, "admin", &f->admin);
	f->dwelling = tu_text(f->db, DWELLING_WITH_TENANT, "gardien1");
	f->tenant = tu_text(f->db, "SELECT lt.tenant_id FROM lease l JOIN lease_tenant lt ON "
	    "lt.lease_id = l.id WHERE l.dwelling_id = ? AND l.start_date <= '" TODAY "' AND "
	    "(l.end_date IS NULL OR l.end_date >= '" TODAY "') ORDER BY lt.tenant_id LIMIT 1",
	    f->dwelling);
	f->ntenants = tu_long(f->db, CUR_TENANTS, f->dwelling, NULL, NULL);
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	audit_set_actor(NULL);
	audit_discard();
	user_clear(&f->gardien);
	user_clear(&f->tech);
	user_clear(&f->sup);
	user_clear(&f->admin);
	free(f->dwelling);
	free(f->tenant);
	db_close(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static void
load_sheet(struct fx *f, const struct user *u, const char *role, const char *screen)
{
	struct user as = *u;
	struct sheet *s;
	struct err e;

	as.role = (char *)role;
	audit_set_actor(u->id);
	audit_set_screen(screen);
	if (sheet_load(f->db, &as, f->dwelling, TODAY, &s, &e) != 0)
		fail_msg("sheet_load: %s", e.msg);
	sheet_free(s);
}

static long
count(struct fx *f, const char *where, const char *a, const char *b)
{
	char *sql = xasprintf("SELECT count(*) FROM audit_log WHERE %s", where);
	long n = tu_long(f->db, sql, a, b, NULL);

	free(sql);
	return n;
}

/* A gardien opening the sheet: identity and contact of each tenant, with
 * his id, the node, the screen. */
static void
test_sheet_logged(void **state)
{
	struct fx *f = *state;
	char *node = db_meta_get(f->db, "node_id");

	assert_int_equal(count(f, "1", NULL, NULL), 0);
	load_sheet(f, &f->gardien, "gardien", "Fiche logement");
	assert_int_equal(count(f, "user_id = ? AND what = 'identity'", f->gardien.id, NULL),
	    f->ntenants);
	assert_int_equal(count(f, "user_id = ? AND what = 'contact'", f->gardien.id, NULL),
	    f->ntenants);
	assert_int_equal(count(f, "tenant_id = ? AND screen = 'Fiche logement' AND "
	    "what = 'identity'", f->tenant, NULL), 1);
	assert_non_null(node);
	assert_int_equal(count(f, "node = ? AND updated_by = user_id", node, NULL),
	    2 * f->ntenants);
	free(node);
}

/* What a role may not see is not logged as seen: no contact for the
 * technicien, nothing for an unknown role, nothing without an actor. */
static void
test_rights_and_actor(void **state)
{
	struct fx *f = *state;
	struct user unknown;
	struct sheet *s;
	struct err e;

	load_sheet(f, &f->tech, "technicien", "Fiche logement");
	assert_int_equal(count(f, "user_id = ? AND what = 'contact'", f->tech.id, NULL), 0);
	assert_int_equal(count(f, "user_id = ? AND what = 'identity'", f->tech.id, NULL),
	    perm_can_read("technicien", PG_TENANT_IDENTITY) ? f->ntenants : 0);
	/* An unknown role has no part of the patrimoine: no sheet, no log. */
	unknown = f->admin;
	unknown.role = "inconnu";
	audit_set_actor(f->admin.id);
	assert_int_equal(sheet_load(f->db, &unknown, f->dwelling, TODAY, &s, &e), -1);
	assert_null(s);
	assert_int_equal(count(f, "user_id = ?", f->admin.id, NULL), 0);
	audit_set_actor(NULL);
	assert_int_equal(sheet_load(f->db, &f->gardien, f->dwelling, TODAY, &s, &e), 0);
	sheet_free(s);
	assert_int_equal(count(f, "user_id = ?", f->gardien.id, NULL), 0);
}

/* A redraw within the window is not a new display; another screen is;
 * an entry older than the window does not hide a new one. */
static void
test_dedup_window(void **state)
{
	struct fx *f = *state;
	char old[DT_STAMP_SIZE], id[UID_SIZE];
	int64_t secs = (int64_t)dt_now_ms() / 1000 - AUDIT_DEDUP_SECONDS - 60;
	struct err e;

	load_sheet(f, &f->gardien, "gardien", "Fiche logement");
	load_sheet(f, &f->gardien, "gardien", "Fiche logement");
	assert_int_equal(count(f, "user_id = ?", f->gardien.id, NULL), 2 * f->ntenants);
	load_sheet(f, &f->gardien, "gardien", "Historique");
	assert_int_equal(count(f, "user_id = ?", f->gardien.id, NULL), 4 * f->ntenants);

	dt_stamp(secs / 86400, (int)(secs % 86400), old);
	uid_new(id);
	assert_int_equal(db_begin(f->db, &e), 0);
	assert_int_equal(db_run(f->db, &e, "INSERT INTO audit_log (id, at, user_id, node, "
	    "tenant_id, screen, what, updated_at, updated_by) VALUES (?, ?, ?, 'n', ?, 'Vieux', "
	    "'identity', ?, ?)", "tttttt", id, old, f->sup.id, f->tenant, old, f->sup.id), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	load_sheet(f, &f->sup, "superviseur", "Vieux");
	assert_int_equal(count(f, "user_id = ? AND screen = 'Vieux' AND tenant_id = ? AND "
	    "what = 'identity'", f->sup.id, f->tenant), 2);
}

/* Append-only: no update, no delete, whatever the caller. */
static void
test_append_only(void **state)
{
	struct fx *f = *state;
	struct err e;

	load_sheet(f, &f->gardien, "gardien", "Fiche logement");
	assert_int_equal(db_begin(f->db, &e), 0);
	assert_int_not_equal(db_run(f->db, &e, "UPDATE audit_log SET screen = 'x'", ""), 0);
	assert_true(db_last_was_constraint(f->db));
	assert_non_null(strstr(e.msg, "journal des consultations"));
	assert_int_not_equal(db_run(f->db, &e, "DELETE FROM audit_log", ""), 0);
	assert_true(db_last_was_constraint(f->db));
	db_rollback(f->db);
	assert_int_equal(count(f, "screen = 'Fiche logement'", NULL, NULL), 2 * f->ntenants);
}

/* Inside the caller's transaction nothing is written (a rollback of the
 * caller cannot take the log with it): the next flush outside does. */
static void
test_not_inside_transaction(void **state)
{
	struct fx *f = *state;
	struct err e;

	audit_set_actor(f->gardien.id);
	audit_set_screen("Saisie");
	assert_int_equal(db_begin(f->db, &e), 0);
	audit_note(f->tenant, AUDIT_IDENTITY);
	assert_int_equal(audit_flush(f->db, &e), 0);
	db_rollback(f->db);
	assert_int_equal(count(f, "screen = 'Saisie'", NULL, NULL), 0);
	assert_int_equal(audit_flush(f->db, &e), 0);
	assert_int_equal(count(f, "screen = 'Saisie'", NULL, NULL), 1);
}

/* Claims and search log what they show. */
static void
test_claim_and_search(void **state)
{
	struct fx *f = *state;
	char *claim, *tenant, *last;
	struct search_hit *hits;
	struct claim *c;
	char now[DT_STAMP_SIZE];
	struct err e;
	size_t n, i;
	long tenants = 0;

	claim = tu_text(f->db, "SELECT c.id FROM claim c JOIN tenant t ON t.id = c.tenant_id "
	    "AND t.anonymised = 0 ORDER BY c.id LIMIT 1", NULL);
	tenant = tu_text(f->db, "SELECT tenant_id FROM claim WHERE id = ?", claim);
	audit_set_actor(f->admin.id);
	audit_set_screen("Réclamation");
	dt_now(now);
	if (claim_load(f->db, &f->admin, claim, now, &c, &e) != 0)
		fail_msg("claim_load: %s", e.msg);
	claim_free(c);
	assert_int_equal(count(f, "tenant_id = ? AND screen = 'Réclamation'", tenant, NULL), 2);

	last = tu_text(f->db, "SELECT last_name FROM tenant WHERE id = ?", f->tenant);
	audit_set_screen("Recherche");
	assert_int_equal(search_run(f->db, &f->admin, last, 20, &hits, &n, &e), 0);
	for (i = 0; i < n; i++)
		tenants += hits[i].kind == SEARCH_TENANT;
	search_hits_free(hits, n);
	assert_true(tenants > 0);
	assert_int_equal(count(f, "screen = 'Recherche' AND what = 'identity'", NULL, NULL),
	    tenants);
	free(last);
	free(claim);
	free(tenant);
}

/* loge audit's rows: refused to a gardien; a supervisor sees his
 * agency's tenants; filters by tenant, login and date. */
static void
test_list(void **state)
{
	struct fx *f = *state;
	struct audit_filter all = {NULL, NULL, NULL, 0}, by = {NULL, "gardien1", NULL, 0};
	struct audit_row *rows;
	size_t n, i;
	struct err e;

	load_sheet(f, &f->gardien, "gardien", "Fiche logement");
	assert_int_equal(audit_list(f->db, &f->gardien, &all, &rows, &n, &e), -1);
	assert_non_null(strstr(e.msg, "Journal des consultations"));
	assert_int_equal(audit_list(f->db, &f->admin, &all, &rows, &n, &e), 0);
	assert_int_equal(n, (size_t)(2 * f->ntenants));
	for (i = 0; i < n; i++) {
		assert_string_equal(rows[i].login, "gardien1");
		assert_string_equal(rows[i].screen, "Fiche logement");
	}
	audit_rows_free(rows, n);
	all.tenant_id = f->tenant;
	assert_int_equal(audit_list(f->db, &f->sup, &all, &rows, &n, &e), 0);
	/* gardien1's sector is in superviseur1's agency in the demo. */
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].tenant_id, f->tenant);
	audit_rows_free(rows, n);
	assert_int_equal(audit_list(f->db, &f->admin, &by, &rows, &n, &e), 0);
	assert_int_equal(n, (size_t)(2 * f->ntenants));
	audit_rows_free(rows, n);
	by.login = "agent1";
	assert_int_equal(audit_list(f->db, &f->admin, &by, &rows, &n, &e), 0);
	assert_int_equal(n, 0);
	audit_rows_free(rows, n);
	by.login = NULL;
	by.since = "2999-01-01";
	assert_int_equal(audit_list(f->db, &f->admin, &by, &rows, &n, &e), 0);
	assert_int_equal(n, 0);
	audit_rows_free(rows, n);
}

/* ---- Sync ---- */

static int
sync_once(const char *hub, const char *login, const char *node, struct sync_counts *n,
    char *msg)
{
	struct err e;
	int child, rc = harness_sync(hub, login, node, n, &child, &e);

	snprintf(msg, 1024, "%s", rc ? e.msg : "");
	return rc;
}

static long
count_at(const char *path, const char *sql, const char *a)
{
	struct db *db;
	struct err e;
	long v;

	if (db_open(&db, path, 0, &e) != 0)
		fail_msg("%s: %s", path, e.msg);
	v = tu_long(db, sql, a, NULL, NULL);
	db_close(db);
	return v;
}

static void
script_at(const char *path, const char *sql)
{
	struct db *db;
	struct err e;

	if (db_open(&db, path, 0, &e) != 0)
		fail_msg("%s: %s", path, e.msg);
	if (db_script(db, &e, sql) != 0)
		fail_msg("%s: %s", sql, e.msg);
	db_close(db);
}

/* The laptop's entries go up; the hub's own (a supervisor's) do not come
 * down; a laptop that forces a change of an entry is refused. */
static void
test_sync(void **state)
{
	struct fx *f = *state;
	char *hub = tu_path(f->dir, "audit.db"), *node = tu_path(f->dir, "g1.db"), *sql;
	struct sync_counts n;
	char msg[1024], *one;
	struct sheet *s;
	struct db *ndb;
	struct err e;

	/* The supervisor reads on the hub, before the laptop's first sync. */
	load_sheet(f, &f->sup, "superviseur", "Fiche logement");
	db_close(f->db);
	f->db = NULL;
	if (sync_once(hub, "gardien1", node, &n, msg) != 0)
		fail_msg("first sync: %s", msg);
	assert_int_equal(count_at(node, "SELECT count(*) FROM audit_log", NULL), 0);

	if (db_open(&ndb, node, 0, &e) != 0)
		fail_msg("%s", e.msg);
	audit_set_actor(f->gardien.id);
	audit_set_screen("Fiche logement");
	if (sheet_load(ndb, &f->gardien, f->dwelling, TODAY, &s, &e) != 0)
		fail_msg("sheet on the laptop: %s", e.msg);
	sheet_free(s);
	db_close(ndb);
	assert_int_equal(count_at(node, "SELECT count(*) FROM audit_log", NULL), 2 * f->ntenants);

	if (sync_once(hub, "gardien1", node, &n, msg) != 0)
		fail_msg("second sync: %s", msg);
	assert_int_equal(n.refused, 0);
	assert_int_equal(count_at(hub, "SELECT count(*) FROM audit_log WHERE user_id = ?",
	    f->gardien.id), 2 * f->ntenants);
	assert_int_equal(count_at(node, "SELECT count(*) FROM audit_log WHERE user_id <> ?",
	    f->gardien.id), 0);

	/* A tampered laptop (trigger dropped) changes an entry: refused. */
	one = NULL;
	{
		struct db *x;
		if (db_open(&x, node, 0, &e) != 0)
			fail_msg("%s", e.msg);
		one = tu_text(x, "SELECT id FROM audit_log ORDER BY id LIMIT 1", NULL);
		db_close(x);
	}
	sql = xasprintf("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET screen = "
	    "'effacé' WHERE id = '%s';", one);
	script_at(node, sql);
	if (sync_once(hub, "gardien1", node, &n, msg) != 0)
		fail_msg("third sync: %s", msg);
	assert_int_equal(n.refused, 1);
	assert_int_equal(count_at(hub, "SELECT count(*) FROM audit_log WHERE id = ? AND "
	    "screen = 'Fiche logement'", one), 1);
	free(sql);
	free(one);
	free(hub);
	free(node);
	/* fx_teardown closes f->db: reopen it. */
	hub = tu_path(f->dir, "audit.db");
	if (db_open(&f->db, hub, 0, &e) != 0)
		fail_msg("%s", e.msg);
	free(hub);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sheet_logged, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_rights_and_actor, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_dedup_window, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_append_only, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_not_inside_transaction, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_claim_and_search, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_list, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_sync, fx_setup, fx_teardown),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
