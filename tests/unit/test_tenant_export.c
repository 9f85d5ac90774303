/* A tenant's right of access (core/tenant_export.c): on a demo patrimoine
 * of two agencies, the export of a tenant who shares a lease holds their
 * identity, contact, leases, claims and their events, inspections and
 * audit entries, exactly as SQL counts them, and nothing of the
 * co-tenant; it is itself logged; only the agency (in its own agency) and
 * the administrator may make it. */
#include "testutil.h"

#include <cjson/cJSON.h>

#include "core/audit.h"
#include "core/tenant_export.h"

static char *dir;
static struct db *db;
static char *tenant, *cotenant;

#define NOW "2026-11-22T10:00:00Z"

static long
n_for(const char *sql)
{
	return tu_long(db, sql, tenant, NULL, NULL);
}

static cJSON *
load_as(const char *login)
{
	struct user u;
	struct err e;
	cJSON *doc;

	tu_user(db, login, &u);
	doc = tenant_export_load(db, &u, tenant, NOW, &e);
	if (doc == NULL)
		fail_msg("%s: %s", login, e.msg);
	user_clear(&u);
	return doc;
}

static const cJSON *
get(const cJSON *o, const char *k)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);

	assert_non_null(x);
	return x;
}

/* The text of a column for the tenant, "" for NULL. */
static char *
col(const char *sql, const char *id)
{
	struct err e;
	char *s;

	e.msg[0] = '\0';
	s = db_text(db, &e, sql, "t", id);
	assert_string_equal(e.msg, "");
	return s ? s : xstrdup("");
}

static void
check_str(const cJSON *o, const char *k, const char *sql)
{
	char *want = col(sql, tenant);
	const cJSON *x = get(o, k);

	assert_string_equal(cJSON_IsString(x) ? x->valuestring : "", want);
	free(want);
}

/* Every value of key k in array a is in SQL's list for the tenant, and
 * there are as many. */
static void
check_ids(const cJSON *a, const char *k, const char *sql_count, const char *sql_has)
{
	const cJSON *row;

	assert_int_equal(cJSON_GetArraySize(a), n_for(sql_count));
	cJSON_ArrayForEach(row, a)
		assert_int_equal(tu_long(db, sql_has, tenant, get(row, k)->valuestring, NULL), 1);
}

static void
test_everything_and_nothing_else(void **state)
{
	cJSON *doc = load_as("admin");
	const cJSON *t = get(doc, "tenant");
	char *json = cJSON_PrintUnformatted(doc), *s;

	check_str(t, "last_name", "SELECT last_name FROM tenant WHERE id = ?");
	check_str(t, "first_name", "SELECT first_name FROM tenant WHERE id = ?");
	check_str(t, "phone", "SELECT phone FROM tenant WHERE id = ?");
	check_str(t, "email", "SELECT email FROM tenant WHERE id = ?");
	assert_string_equal(get(t, "id")->valuestring, tenant);
	check_ids(get(doc, "leases"), "lease_id",
	    "SELECT count(*) FROM lease_tenant WHERE tenant_id = ?",
	    "SELECT count(*) FROM lease_tenant WHERE tenant_id = ? AND lease_id = ?");
	check_ids(get(doc, "claims"), "number",
	    "SELECT count(*) FROM claim WHERE tenant_id = ?",
	    "SELECT count(*) FROM claim WHERE tenant_id = ? AND number = ?");
	check_ids(get(doc, "claim_events"), "claim",
	    "SELECT count(*) FROM claim_event ev JOIN claim c ON c.id = ev.claim_id "
	    "WHERE c.tenant_id = ?",
	    "SELECT count(*) FROM claim WHERE tenant_id = ? AND number = ?");
	check_ids(get(doc, "inspections"), "inspection_id",
	    "SELECT count(*) FROM inspection_party WHERE tenant_id = ?",
	    "SELECT count(*) FROM inspection_party WHERE tenant_id = ? AND inspection_id = ?");
	assert_true(cJSON_GetArraySize(get(doc, "claims")) > 0);
	assert_true(cJSON_GetArraySize(get(doc, "inspections")) > 0);
	assert_true(cJSON_IsArray(get(doc, "audit")));
	assert_int_equal(cJSON_GetArraySize(get(doc, "audit")),
	    n_for("SELECT count(*) FROM audit_log WHERE tenant_id = ?"));

	/* Nothing of the co-tenant: not their id, not their contact. */
	assert_null(strstr(json, cotenant));
	s = col("SELECT phone FROM tenant WHERE id = ?", cotenant);
	assert_true(*s == '\0' || strstr(json, s) == NULL);
	free(s);
	s = col("SELECT email FROM tenant WHERE id = ?", cotenant);
	assert_true(*s == '\0' || strstr(json, s) == NULL);
	free(s);
	s = col("SELECT first_name FROM tenant WHERE id = ?", cotenant);
	assert_null(strstr(json, s));
	free(s);
	cJSON_free(json);
	cJSON_Delete(doc);
}

static char *
render(const cJSON *doc, int txt)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	assert_int_equal(txt ? tenant_export_write_txt(doc, f) : tenant_export_write_json(doc, f),
	    0);
	assert_int_equal(fclose(f), 0);
	return out;
}

static void
test_formats(void **state)
{
	cJSON *doc = load_as("admin"), *back;
	char *json = render(doc, 0), *txt = render(doc, 1), *email, *number;

	back = cJSON_Parse(json);
	assert_non_null(back);
	assert_true(cJSON_Compare(doc, back, 1));
	email = col("SELECT email FROM tenant WHERE id = ?", tenant);
	number = col("SELECT number FROM claim WHERE tenant_id = ? ORDER BY number LIMIT 1",
	    tenant);
	assert_non_null(strstr(txt, "Données détenues par Loge sur le locataire"));
	assert_non_null(strstr(txt, tenant));
	assert_non_null(strstr(txt, email));
	assert_non_null(strstr(txt, number));
	assert_non_null(strstr(txt, "== Réclamations =="));
	assert_non_null(strstr(txt, "== États des lieux =="));
	assert_null(strstr(txt, cotenant));
	free(number);
	free(email);
	free(txt);
	free(json);
	cJSON_Delete(back);
	cJSON_Delete(doc);
}

/* The export is a display of the tenant's data: logged, and the next
 * export shows it. */
static void
test_logged(void **state)
{
	long before = n_for("SELECT count(*) FROM audit_log WHERE tenant_id = ?");
	struct user admin;
	cJSON *doc;

	tu_user(db, "admin", &admin);
	audit_set_actor(admin.id);
	audit_set_screen("loge tenant export");
	cJSON_Delete(load_as("admin"));
	assert_true(n_for("SELECT count(*) FROM audit_log WHERE tenant_id = ?") > before);
	assert_int_equal(tu_long(db, "SELECT count(*) FROM audit_log WHERE tenant_id = ? AND "
	    "user_id = ? AND screen = 'loge tenant export'", tenant, admin.id, NULL), 2);
	audit_set_actor(NULL);
	doc = load_as("admin");
	assert_int_equal(cJSON_GetArraySize(get(doc, "audit")),
	    n_for("SELECT count(*) FROM audit_log WHERE tenant_id = ?"));
	assert_string_equal(get(cJSON_GetArrayItem(get(doc, "audit"), 0), "viewer_role")
	    ->valuestring, "admin");
	cJSON_Delete(doc);
	user_clear(&admin);
}

static void
refused(const char *login, const char *id, const char *why)
{
	struct user u;
	struct err e;

	tu_user(db, login, &u);
	assert_null(tenant_export_load(db, &u, id, NOW, &e));
	if (strstr(e.msg, why) == NULL)
		fail_msg("%s: « %s » lacks « %s »", login, e.msg, why);
	user_clear(&u);
}

static void
test_who_may(void **state)
{
	char *agent = col("SELECT u.login FROM user_account u WHERE u.role = 'agent' AND "
	    "u.agency_id = (SELECT s.agency_id FROM lease_tenant lt JOIN lease l ON "
	    "l.id = lt.lease_id JOIN dwelling d ON d.id = l.dwelling_id JOIN entrance en ON "
	    "en.id = d.entrance_id JOIN building b ON b.id = en.building_id JOIN estate es ON "
	    "es.id = b.estate_id JOIN sector s ON s.id = es.sector_id WHERE lt.tenant_id = ?) "
	    "ORDER BY u.login LIMIT 1", tenant);
	char *other = col("SELECT u.login FROM user_account u WHERE u.role = 'agent' AND "
	    "u.login <> (SELECT login FROM user_account WHERE login = ?) ORDER BY u.login "
	    "LIMIT 1", agent);

	assert_string_not_equal(agent, "");
	assert_string_not_equal(other, "");
	cJSON_Delete(load_as(agent));
	refused(other, tenant, "périmètre");
	refused("gardien1", tenant, "réservé à l'agence");
	refused("technicien1", tenant, "réservé à l'agence");
	refused("superviseur1", tenant, "réservé à l'agence");
	refused("auditeur", tenant, "réservé à l'agence");
	refused("admin", "01900000-0000-7000-8000-000000000000", "inconnu");
	free(other);
	free(agent);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_everything_and_nothing_else),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_logged),
		cmocka_unit_test(test_who_may),
	};
	struct demo_opts o = {200, 11, "2026-11-20"};
	struct err e;
	int rc;

	dir = tu_tmpdir();
	db = tu_db(dir, "t.db");
	if (demo_build_agencies(db, &o, 2, &e) != 0)
		fail_msg("demo: %s", e.msg);
	/* A tenant with claims and inspections who shares a lease. */
	tenant = tu_text(db, "SELECT t.id FROM tenant t JOIN lease_tenant a ON a.tenant_id = t.id "
	    "JOIN lease_tenant b ON b.lease_id = a.lease_id AND b.tenant_id <> t.id "
	    "WHERE t.anonymised = 0 AND t.email IS NOT NULL "
	    "AND EXISTS (SELECT 1 FROM claim c WHERE c.tenant_id = t.id) "
	    "AND EXISTS (SELECT 1 FROM inspection_party p WHERE p.tenant_id = t.id) "
	    "ORDER BY t.id LIMIT 1", NULL);
	cotenant = tu_text(db, "SELECT b.tenant_id FROM lease_tenant a JOIN lease_tenant b ON "
	    "b.lease_id = a.lease_id AND b.tenant_id <> a.tenant_id WHERE a.tenant_id = ? LIMIT 1",
	    tenant);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(cotenant);
	free(tenant);
	db_close(db);
	tu_rmdir(dir);
	return rc;
}
