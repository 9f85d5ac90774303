/* core/export.c: CSV quoting, JSON types, sanitising for terminals, every
 * kind runnable, write errors reported. */
#include <cjson/cJSON.h>

#include "tests/unit/testutil.h"

#include "core/export.h"
#include "core/uid.h"
#include "core/utf8.h"

#define STAMP "2025-01-02T03:04:05Z"
#define ESTATE_NAME "Résidence Les Érables"
#define ESTATE_ADDR "3, rue \"Haute\"\nBât. B"

struct fx {
	char *dir;
	struct db *db;
	char user[UID_SIZE];  /* a gardien, who looks after sector */
	char ghost[UID_SIZE]; /* an updated_by that names no user */
	char agency[UID_SIZE], sector[UID_SIZE];
};

/* Whom most tests export as: everything, amounts included. */
static const struct user admin = {.role = (char *)"admin"};

#define RUN(db, sql, types, ...) do { \
	struct err e_; \
	if (db_run((db), &e_, (sql), (types), __VA_ARGS__) != 0) \
		fail_msg("%s: %s", (sql), e_.msg); \
} while (0)

static void
fx_dwelling(struct fx *f, const char *entrance, const char *ref, const char *sql_rest,
    const char *by)
{
	char id[UID_SIZE], *sql;

	uid_new(id);
	sql = xasprintf("INSERT INTO dwelling(id, entrance_id, reference, updated_at, "
	    "updated_by, rpls_id, floor, door, type, rooms, area_m2, dpe_energy, dpe_ghg, "
	    "dpe_date, heating) VALUES (?, ?, ?, ?, ?, %s)", sql_rest);
	RUN(f->db, sql, "ttttt", id, entrance, ref, STAMP, by);
	free(sql);
}

/* The patrimoine: one estate with awkward text, three dwellings, a
 * contractor, works, a claim on an entrance, a work order, a logbook line. */
static void
fx_fill(struct fx *f)
{
	char org[UID_SIZE], ag[UID_SIZE], sec[UID_SIZE], est[UID_SIZE], bld[UID_SIZE];
	char ent[UID_SIZE], k[UID_SIZE], id[UID_SIZE];
	struct err e;
	char *d1;

	uid_new(org);
	uid_new(ag);
	uid_new(sec);
	uid_new(est);
	uid_new(bld);
	uid_new(ent);
	uid_new(k);
	uid_new(f->user);
	uid_new(f->ghost);
	memcpy(f->agency, ag, UID_SIZE);
	memcpy(f->sector, sec, UID_SIZE);
	assert_int_equal(db_begin(f->db, &e), 0);
	RUN(f->db, "INSERT INTO user_account(id, login, display_name, role, updated_at, "
	    "updated_by) VALUES (?, 'marie', 'Marie Dupont', 'gardien', ?, ?)", "ttt",
	    f->user, STAMP, f->user);
	RUN(f->db, "INSERT INTO organisation(id, name, updated_at, updated_by) "
	    "VALUES (?, 'Office Test', ?, ?)", "ttt", org, STAMP, f->user);
	RUN(f->db, "INSERT INTO agency(id, organisation_id, code, name, updated_at, updated_by) "
	    "VALUES (?, ?, 'AG1', 'Agence Nord', ?, ?)", "tttt", ag, org, STAMP, f->user);
	RUN(f->db, "INSERT INTO sector(id, agency_id, code, name, updated_at, updated_by) "
	    "VALUES (?, ?, 'S01', 'Secteur 1', ?, ?)", "tttt", sec, ag, STAMP, f->user);
	uid_new(id);
	RUN(f->db, "INSERT INTO user_sector(id, user_id, sector_id, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?)", "ttttt", id, f->user, sec, STAMP, f->user);
	RUN(f->db, "INSERT INTO estate(id, sector_id, code, name, address, postcode, town, "
	    "updated_at, updated_by) VALUES (?, ?, 'E1', ?, ?, '69001', 'Lyon', ?, ?)",
	    "tttttt", est, sec, ESTATE_NAME, ESTATE_ADDR, STAMP, f->user);
	RUN(f->db, "INSERT INTO building(id, estate_id, code, floors, lift, updated_at, "
	    "updated_by) VALUES (?, ?, 'B1', 4, 1, ?, ?)", "tttt", bld, est, STAMP, f->user);
	RUN(f->db, "INSERT INTO entrance(id, building_id, code, updated_at, updated_by) "
	    "VALUES (?, ?, '1', ?, ?)", "tttt", ent, bld, STAMP, f->user);
	/* Inserted out of order: the export sorts by reference. */
	fx_dwelling(f, ent, "D003", "NULL, -1, 'a,b', 'T1', 1, 25.0, NULL, NULL, NULL, "
	    "'electric'", f->ghost);
	fx_dwelling(f, ent, "D001", "'RPLS000001', 2, '21', 'T3', 3, 65.5, 'C', 'D', "
	    "'2024-05-01', 'gas_collective'", f->user);
	fx_dwelling(f, ent, "D002", "NULL, 0, char(27) || '[31mrouge', 'T2', NULL, NULL, "
	    "NULL, NULL, NULL, NULL", f->user);
	d1 = db_text(f->db, &e, "SELECT id FROM dwelling WHERE reference = 'D001'", "");
	assert_non_null(d1);
	RUN(f->db, "INSERT INTO contractor(id, name, trade, updated_at, updated_by) "
	    "VALUES (?, 'Plomberie Martin', 'plomberie' || char(10) || 'chauffage', ?, ?)", "ttt", k, STAMP, f->user);
	uid_new(id);
	RUN(f->db, "INSERT INTO works(id, dwelling_id, date, kind, description, amount_cents, "
	    "contractor_id, updated_at, updated_by) VALUES (?, ?, '2025-01-10', 'plomberie', "
	    "'Fuite, remplacement \"joint\"', 12345, ?, ?, ?)", "ttttt", id, d1, k, STAMP,
	    f->user);
	uid_new(id);
	RUN(f->db, "INSERT INTO claim_category(id, code, label, updated_at, updated_by) "
	    "VALUES (?, 'plumbing', 'Plomberie', ?, ?)", "ttt", id, STAMP, f->user);
	uid_new(id);
	RUN(f->db, "INSERT INTO claim_urgency(id, code, label, target_hours, updated_at, "
	    "updated_by) VALUES (?, 'normal', 'Normale', 72, ?, ?)", "ttt", id, STAMP, f->user);
	uid_new(id);
	RUN(f->db, "INSERT INTO claim(id, number, entrance_id, category, urgency, channel, "
	    "description, opened_at, updated_at, updated_by) VALUES (?, 'R-0001', ?, "
	    "'plumbing', 'normal', 'lodge', 'Fuite dans l''escalier', ?, ?, ?)", "ttttt",
	    id, ent, STAMP, STAMP, f->user);
	uid_new(id);
	RUN(f->db, "INSERT INTO work_order(id, number, contractor_id, dwelling_id, "
	    "description, ordered_at, updated_at, updated_by) VALUES (?, 'BT-0001', ?, ?, "
	    "'Changer le joint', ?, ?, ?)", "tttttt", id, k, d1, STAMP, STAMP, f->user);
	uid_new(id);
	RUN(f->db, "INSERT INTO logbook_entry(id, at, author_id, text, updated_at, updated_by) "
	    "VALUES (?, ?, ?, 'Tag \u202eliam\u202c dans le hall', ?, ?)", "ttttt", id,
	    STAMP, f->user, STAMP, f->user);
	assert_int_equal(db_commit(f->db, &e), 0);
	free(d1);
}

static int
fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->db = tu_db(f->dir, "test.db");
	fx_fill(f);
	*state = f;
	return 0;
}

static int
fx_setup_empty(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->db = tu_db(f->dir, "empty.db");
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* Runs an export as who into memory; returns the text (caller frees). */
static char *
run_export_as(struct db *db, const struct user *who, const char *what,
    enum export_format fmt, int flags, long *rows)
{
	char *text = NULL;
	size_t len = 0;
	struct err e;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	err_clear(&e);
	*rows = export_write(db, who, out, what, fmt, flags, &e);
	if (*rows < 0)
		fail_msg("export %s: %s", what, e.msg);
	assert_int_equal(fclose(out), 0);
	assert_true(utf8_valid(text, len));
	assert_int_equal(strlen(text), len);
	return text;
}

static char *
run_export(struct db *db, const char *what, enum export_format fmt, int flags, long *rows)
{
	return run_export_as(db, &admin, what, fmt, flags, rows);
}

static void
test_csv_dwellings(void **state)
{
	struct fx *f = *state;
	long rows;
	char *text = run_export(f->db, "dwellings", EXPORT_CSV, 0, &rows);
	char *want = xasprintf(
	    "sector_code,estate_name,estate_address,postcode,town,building_code,"
	    "entrance_code,reference,rpls_id,floor,door,type,rooms,area_m2,dpe_energy,"
	    "dpe_ghg,dpe_date,heating,updated_at,updated_by\n"
	    "S01," ESTATE_NAME ",\"3, rue \"\"Haute\"\"\nBât. B\",69001,Lyon,B1,1,"
	    "D001,RPLS000001,2,21,T3,3,65.5,C,D,2024-05-01,gas_collective," STAMP
	    ",Marie Dupont\n"
	    "S01," ESTATE_NAME ",\"3, rue \"\"Haute\"\"\nBât. B\",69001,Lyon,B1,1,"
	    "D002,,0,\x1b[31mrouge,T2,,,,,,," STAMP ",Marie Dupont\n"
	    "S01," ESTATE_NAME ",\"3, rue \"\"Haute\"\"\nBât. B\",69001,Lyon,B1,1,"
	    "D003,,-1,\"a,b\",T1,1,25.0,,,,electric," STAMP ",%s\n", f->ghost);

	assert_int_equal(rows, 3);
	assert_string_equal(text, want);
	free(want);
	free(text);
}

static const char *
json_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsString(v))
		fail_msg("%s is not a string", key);
	return v->valuestring;
}

static double
json_num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNumber(v))
		fail_msg("%s is not a number", key);
	return v->valuedouble;
}

static void
json_null(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNull(v))
		fail_msg("%s is not null", key);
}

static void
test_json_dwellings(void **state)
{
	struct fx *f = *state;
	long rows;
	char *text = run_export(f->db, "dwellings", EXPORT_JSON, 0, &rows);
	cJSON *arr = cJSON_Parse(text), *d;

	assert_int_equal(rows, 3);
	assert_true(cJSON_IsArray(arr));
	assert_int_equal(cJSON_GetArraySize(arr), 3);
	/* Framing: "[" rows joined by ",\n" "]\n"; integers without a point. */
	assert_memory_equal(text, "[{\"sector_code\":\"S01\",", 22);
	assert_string_equal(text + strlen(text) - 4, "\"}]\n");
	assert_non_null(strstr(text, "},\n{"));
	assert_non_null(strstr(text, "\"floor\":2,"));
	assert_non_null(strstr(text, "\"area_m2\":65.5,"));

	d = cJSON_GetArrayItem(arr, 0);
	assert_string_equal(json_str(d, "reference"), "D001");
	assert_string_equal(json_str(d, "estate_name"), ESTATE_NAME);
	assert_string_equal(json_str(d, "estate_address"), ESTATE_ADDR);
	assert_string_equal(json_str(d, "updated_by"), "Marie Dupont");
	assert_string_equal(json_str(d, "door"), "21");
	assert_true(json_num(d, "floor") == 2);
	assert_true(json_num(d, "rooms") == 3);
	assert_true(json_num(d, "area_m2") == 65.5);
	assert_string_equal(cJSON_GetArrayItem(d, 0)->string, "sector_code");
	assert_int_equal(cJSON_GetArraySize(d), 20);

	d = cJSON_GetArrayItem(arr, 1);
	assert_string_equal(json_str(d, "reference"), "D002");
	assert_string_equal(json_str(d, "door"), "\x1b[31mrouge");
	json_null(d, "rpls_id");
	json_null(d, "rooms");
	json_null(d, "area_m2");
	assert_true(json_num(d, "floor") == 0);

	d = cJSON_GetArrayItem(arr, 2);
	assert_string_equal(json_str(d, "door"), "a,b");
	assert_true(json_num(d, "floor") == -1);
	assert_true(json_num(d, "area_m2") == 25);
	assert_string_equal(json_str(d, "updated_by"), f->ghost);
	cJSON_Delete(arr);
	free(text);
}

static void
test_sanitize(void **state)
{
	struct fx *f = *state;
	long rows;
	char *raw = run_export(f->db, "dwellings", EXPORT_CSV, 0, &rows);
	char *safe = run_export(f->db, "dwellings", EXPORT_CSV, EXPORT_SANITIZE, &rows);
	char *json = run_export(f->db, "dwellings", EXPORT_JSON, EXPORT_SANITIZE, &rows);
	char *log_raw = run_export(f->db, "logbook", EXPORT_JSON, 0, &rows);
	char *log_safe = run_export(f->db, "logbook", EXPORT_JSON, EXPORT_SANITIZE, &rows);

	assert_non_null(strstr(raw, "\x1b[31mrouge"));
	assert_null(strchr(safe, '\x1b'));
	assert_non_null(strstr(safe, ",^[[31mrouge,"));
	/* Newlines inside fields stay (quoted); accents stay. */
	assert_non_null(strstr(safe, "\"3, rue \"\"Haute\"\"\nBât. B\""));
	assert_null(strchr(json, '\x1b'));
	assert_null(strstr(json, "\\u001b"));
	assert_non_null(strstr(json, "\"door\":\"^[[31mrouge\""));
	assert_non_null(strstr(log_raw, "Tag \u202eliam"));
	assert_null(strstr(log_safe, "\u202e"));
	assert_non_null(strstr(log_safe, "Tag <U+202E>liam<U+202C> dans le hall"));
	free(raw);
	free(safe);
	free(json);
	free(log_raw);
	free(log_safe);
}

static void
test_context_joins(void **state)
{
	struct fx *f = *state;
	long rows;
	char *works = run_export(f->db, "works", EXPORT_JSON, 0, &rows);
	char *claims = run_export(f->db, "claims", EXPORT_JSON, 0, &rows);
	char *csv = run_export(f->db, "works", EXPORT_CSV, 0, &rows);
	char *kcsv = run_export(f->db, "contractors", EXPORT_CSV, 0, &rows);
	cJSON *w = cJSON_Parse(works), *c = cJSON_Parse(claims), *o;

	o = cJSON_GetArrayItem(w, 0);
	assert_non_null(o);
	assert_true(json_num(o, "amount_cents") == 12345);
	assert_string_equal(json_str(o, "dwelling_reference"), "D001");
	assert_string_equal(json_str(o, "entrance_code"), "1");
	assert_string_equal(json_str(o, "building_code"), "B1");
	assert_string_equal(json_str(o, "estate_name"), ESTATE_NAME);
	assert_string_equal(json_str(o, "sector_code"), "S01");
	assert_string_equal(json_str(o, "contractor"), "Plomberie Martin");
	json_null(o, "work_order_number");
	assert_non_null(strstr(csv, ",\"Fuite, remplacement \"\"joint\"\"\",12345,"));
	/* A newline alone is enough to quote a field. */
	assert_non_null(strstr(kcsv, "\nPlomberie Martin,\"plomberie\nchauffage\",,,,"));

	o = cJSON_GetArrayItem(c, 0);
	assert_non_null(o);
	assert_string_equal(json_str(o, "number"), "R-0001");
	assert_string_equal(json_str(o, "category_label"), "Plomberie");
	assert_string_equal(json_str(o, "entrance_code"), "1");
	assert_string_equal(json_str(o, "building_code"), "B1");
	assert_string_equal(json_str(o, "estate_code"), "E1");
	json_null(o, "dwelling_reference");
	json_null(o, "common_area");
	cJSON_Delete(w);
	cJSON_Delete(c);
	free(works);
	free(claims);
	free(csv);
	free(kcsv);
}

static void
test_unknown_kind(void **state)
{
	struct fx *f = *state;
	struct err e;
	FILE *out = tmpfile();

	assert_non_null(out);
	err_clear(&e);
	assert_int_equal(export_write(f->db, &admin, out, "tenants", EXPORT_CSV, 0, &e), -1);
	assert_non_null(strstr(e.msg, "inconnu"));
	assert_non_null(strstr(e.msg, "tenants"));
	err_clear(&e);
	assert_int_equal(export_write(f->db, &admin, out, "dwellings", (enum export_format)7, 0,
	    &e), -1);
	assert_non_null(strstr(e.msg, "format"));
	assert_int_equal(ftell(out), 0);
	fclose(out);
}

/* Every kind runs, in both formats; CSV always has its header, JSON is
 * an array with one object per row. */
static void
test_all_kinds(void **state)
{
	struct fx *f = *state;
	const char *const *k;
	char *csv, *json;
	long rows, jrows;
	cJSON *arr;
	int n = 0;

	for (k = export_kinds(); *k != NULL; k++, n++) {
		csv = run_export(f->db, *k, EXPORT_CSV, 0, &rows);
		json = run_export(f->db, *k, EXPORT_JSON, 0, &jrows);
		assert_int_equal(rows, jrows);
		/* opendata names no user (core/opendata.h). */
		if (strcmp(*k, "opendata") != 0)
			assert_non_null(strstr(csv, "updated_at,updated_by\n"));
		assert_true(strlen(csv) > strlen("updated_at,updated_by\n"));
		arr = cJSON_Parse(json);
		if (!cJSON_IsArray(arr))
			fail_msg("%s: JSON is not an array", *k);
		assert_int_equal(cJSON_GetArraySize(arr), rows);
		if (rows == 0) {
			assert_string_equal(json, "[]\n");
			assert_string_equal(strchr(csv, '\n'), "\n");
		}
		cJSON_Delete(arr);
		free(csv);
		free(json);
	}
	assert_int_equal(n, 14);
}

static void
test_default_kind(void **state)
{
	struct fx *f = *state;
	long a, b;
	char *x = run_export(f->db, NULL, EXPORT_CSV, 0, &a);
	char *y = run_export(f->db, "dwellings", EXPORT_CSV, 0, &b);

	assert_string_equal(x, y);
	free(x);
	free(y);
}

/* A database touched by another program may hold invalid UTF-8: the
 * output must stay valid (run_export checks it). */
static void
test_invalid_utf8(void **state)
{
	struct fx *f = *state;
	struct err e;
	long rows;
	char *text;

	assert_int_equal(db_begin(f->db, &e), 0);
	assert_int_equal(db_run(f->db, &e, "UPDATE dwelling SET door = "
	    "CAST(X'41FF42' AS TEXT) WHERE reference = 'D001'", ""), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	text = run_export(f->db, "dwellings", EXPORT_CSV, 0, &rows);
	assert_non_null(strstr(text, ",A\\xFFB,"));
	free(text);
	text = run_export(f->db, "dwellings", EXPORT_JSON, 0, &rows);
	assert_non_null(strstr(text, "\"door\":\"A\\\\xFFB\""));
	free(text);
}

static void
test_write_error(void **state)
{
	struct fx *f = *state;
	struct err e;
	FILE *out = fopen("/dev/full", "w");

	if (out == NULL)
		skip();
	err_clear(&e);
	assert_int_equal(export_write(f->db, &admin, out, "dwellings", EXPORT_JSON, 0, &e), -1);
	assert_non_null(strstr(e.msg, "écriture impossible"));
	fclose(out);
	/* The statement was reset: the next export works. */
	free(run_export(f->db, "dwellings", EXPORT_CSV, 0, &(long){0}));
}

/* A second agency: one sector, estate, dwelling D900 with works of 500 €
 * and a work order of 90 €. */
static void
fx_south(struct fx *f, char agency[UID_SIZE])
{
	char sec[UID_SIZE], est[UID_SIZE], bld[UID_SIZE], ent[UID_SIZE], id[UID_SIZE];
	char *org, *dw;
	struct err e;

	org = tu_text(f->db, "SELECT organisation_id FROM agency WHERE id = ?", f->agency);
	uid_new(agency);
	uid_new(sec);
	uid_new(est);
	uid_new(bld);
	uid_new(ent);
	assert_int_equal(db_begin(f->db, &e), 0);
	RUN(f->db, "INSERT INTO agency(id, organisation_id, code, name, updated_at, updated_by) "
	    "VALUES (?, ?, 'AG2', 'Agence Sud', ?, ?)", "tttt", agency, org, STAMP, f->user);
	RUN(f->db, "INSERT INTO sector(id, agency_id, code, name, updated_at, updated_by) "
	    "VALUES (?, ?, 'S09', 'Secteur 9', ?, ?)", "tttt", sec, agency, STAMP, f->user);
	RUN(f->db, "INSERT INTO estate(id, sector_id, code, name, updated_at, updated_by) "
	    "VALUES (?, ?, 'E9', 'Résidence Sud', ?, ?)", "tttt", est, sec, STAMP, f->user);
	RUN(f->db, "INSERT INTO building(id, estate_id, code, updated_at, updated_by) "
	    "VALUES (?, ?, 'B9', ?, ?)", "tttt", bld, est, STAMP, f->user);
	RUN(f->db, "INSERT INTO entrance(id, building_id, code, updated_at, updated_by) "
	    "VALUES (?, ?, '9', ?, ?)", "tttt", ent, bld, STAMP, f->user);
	fx_dwelling(f, ent, "D900", "NULL, 1, '11', 'T2', 2, 40.0, NULL, NULL, NULL, NULL",
	    f->user);
	dw = tu_text(f->db, "SELECT id FROM dwelling WHERE reference = ?", "D900");
	uid_new(id);
	RUN(f->db, "INSERT INTO works(id, dwelling_id, date, kind, description, amount_cents, "
	    "updated_at, updated_by) VALUES (?, ?, '2025-02-01', 'peinture', 'Cage', 50000, "
	    "?, ?)", "tttt", id, dw, STAMP, f->user);
	uid_new(id);
	RUN(f->db, "INSERT INTO work_order(id, number, contractor_id, dwelling_id, description, "
	    "amount_cents, ordered_at, updated_at, updated_by) VALUES (?, 'BT-0900', "
	    "(SELECT id FROM contractor LIMIT 1), ?, 'Volet', 9000, ?, ?, ?)", "ttttt", id, dw,
	    STAMP, STAMP, f->user);
	assert_int_equal(db_commit(f->db, &e), 0);
	free(dw);
	free(org);
}

/* Each user exports the rows of their scope only, and amounts only when
 * their role reads them. */
static void
test_scope_and_money(void **state)
{
	struct fx *f = *state;
	char south[UID_SIZE];
	struct user gardien, agent_south;
	char *t;
	long rows;

	fx_south(f, south);
	memset(&gardien, 0, sizeof gardien);
	memcpy(gardien.id, f->user, UID_SIZE);
	gardien.role = "gardien";
	agent_south = gardien;
	agent_south.role = "agent";
	agent_south.agency_id = south;

	t = run_export(f->db, "dwellings", EXPORT_CSV, 0, &rows);
	assert_int_equal(rows, 4);
	free(t);
	t = run_export_as(f->db, &gardien, "dwellings", EXPORT_CSV, 0, &rows);
	assert_int_equal(rows, 3);
	assert_null(strstr(t, "D900"));
	free(t);
	t = run_export_as(f->db, &agent_south, "dwellings", EXPORT_CSV, 0, &rows);
	assert_int_equal(rows, 1);
	assert_non_null(strstr(t, "D900"));
	free(t);
	t = run_export_as(f->db, &gardien, "agencies", EXPORT_CSV, 0, &rows);
	assert_int_equal(rows, 1);
	assert_null(strstr(t, "Agence Sud"));
	free(t);
	t = run_export_as(f->db, &agent_south, "sectors", EXPORT_CSV, 0, &rows);
	assert_int_equal(rows, 1);
	assert_non_null(strstr(t, "S09"));
	free(t);
	/* The logbook line names no place: its author still has it. */
	t = run_export_as(f->db, &gardien, "logbook", EXPORT_CSV, 0, &rows);
	assert_int_equal(rows, 1);
	free(t);
	t = run_export_as(f->db, &agent_south, "logbook", EXPORT_CSV, 0, &rows);
	assert_int_equal(rows, 0);
	free(t);

	/* The gardien may not read amounts: empty in CSV, null in JSON. */
	t = run_export_as(f->db, &gardien, "works", EXPORT_CSV, 0, &rows);
	assert_int_equal(rows, 1);
	assert_non_null(strstr(t, "amount_cents"));
	assert_null(strstr(t, "12345"));
	assert_null(strstr(t, "50000"));
	free(t);
	t = run_export_as(f->db, &gardien, "works", EXPORT_JSON, 0, &rows);
	assert_non_null(strstr(t, "\"amount_cents\":null"));
	assert_null(strstr(t, "12345"));
	free(t);
	t = run_export_as(f->db, &gardien, "work_orders", EXPORT_JSON, 0, &rows);
	assert_int_equal(rows, 1);
	assert_non_null(strstr(t, "\"amount_cents\":null"));
	free(t);
	/* Agency staff read them, in their agency. */
	t = run_export_as(f->db, &agent_south, "works", EXPORT_CSV, 0, &rows);
	assert_int_equal(rows, 1);
	assert_non_null(strstr(t, "50000"));
	assert_null(strstr(t, "12345"));
	free(t);
	t = run_export_as(f->db, &agent_south, "work_orders", EXPORT_JSON, 0, &rows);
	assert_non_null(strstr(t, "\"amount_cents\":9000"));
	free(t);
	t = run_export(f->db, "works", EXPORT_CSV, 0, &rows);
	assert_int_equal(rows, 2);
	assert_non_null(strstr(t, "12345"));
	assert_non_null(strstr(t, "50000"));
	free(t);
}

/* Kinds refused: a group the role does not read, the open data of a
 * narrower scope than the whole patrimoine. */
static void
test_refused(void **state)
{
	struct fx *f = *state;
	struct user u;
	char *text = NULL;
	size_t len = 0;
	struct err e;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	memset(&u, 0, sizeof u);
	memcpy(u.id, f->user, UID_SIZE);
	u.role = "stagiaire";
	assert_int_equal(export_write(f->db, &u, out, "dwellings", EXPORT_CSV, 0, &e), -1);
	assert_non_null(strstr(e.msg, "Caractéristiques techniques : réservé"));
	u.role = "gardien";
	assert_int_equal(export_write(f->db, &u, out, "opendata", EXPORT_CSV, 0, &e), -1);
	assert_non_null(strstr(e.msg, "tout le patrimoine"));
	u.role = "agent";
	assert_int_equal(export_write(f->db, &u, out, "opendata", EXPORT_CSV, 0, &e), -1);
	assert_int_equal(fclose(out), 0);
	/* Nothing written before the refusal. */
	assert_int_equal(len, 0);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_csv_dwellings, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_json_dwellings, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_sanitize, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_context_joins, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_kind, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_scope_and_money, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_all_kinds, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_all_kinds, fx_setup_empty, fx_teardown),
		cmocka_unit_test_setup_teardown(test_default_kind, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_write_error, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
