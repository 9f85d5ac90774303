/* The open-data export (kind "opendata" of core/export.c, SELECT in
 * core/opendata.c): its columns, one row per dwelling, and the leak test:
 * no tenant name, phone or e-mail, no staff name and no free text of the
 * demo database in the file, even when a code field is misused. */
#include "tests/unit/testutil.h"

#include "core/export.h"

#define DATE "2025-03-14"
#define HEADER \
	"IDENT_REP,IDENT_INT,DEPCOM,CODEPOSTAL,RESIDENCE,BAT,ENTREE,ETAGE,TYPOLOGIE," \
	"NBPIECE,SURFHAB,CONSTRUCT,FINAN,QPV,ASCENSEUR,CHAUFFAGE,DPEDATE,DPEENERGIE," \
	"DPESERRE\n"
#define NFIELDS 19

struct fx {
	char *dir;
	struct db *db;
};

/* Open data is made by a role whose scope is the whole patrimoine. */
static const struct user od_admin = {.role = (char *)"admin"};

static int
group_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->db = tu_demo_db(f->dir, "demo.db", 300, 11, DATE);
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

/* The whole CSV export; the caller frees it. */
static char *
export_csv(struct db *db)
{
	char *data = NULL;
	size_t size = 0;
	struct err e;
	FILE *out = open_memstream(&data, &size);
	long n;

	assert_non_null(out);
	n = export_write(db, &od_admin, out, "opendata", EXPORT_CSV, 0, &e);
	if (n < 0)
		fail_msg("export: %s", e.msg);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(n, tu_long(db, "SELECT count(*) FROM dwelling", NULL, NULL, NULL));
	return data;
}

/* Field i (from 0) of a CSV line without quotes, copied into out. */
static void
field(const char *line, int i, char *out, size_t size)
{
	const char *end;

	while (i-- > 0)
		line = strchr(line, ',') + 1;
	end = line + strcspn(line, ",\n");
	assert_true((size_t)(end - line) < size);
	memcpy(out, line, (size_t)(end - line));
	out[end - line] = '\0';
}

static void
test_columns_one_row_per_dwelling(void **state)
{
	struct fx *f = *state;
	char *csv = export_csv(f->db), *line, ref[64], type[8];
	long rows = 0, commas;
	const char *p;

	assert_int_equal(strncmp(csv, HEADER, strlen(HEADER)), 0);
	/* Codes and numbers only: nothing to quote. */
	assert_null(strchr(csv, '"'));
	for (line = csv + strlen(HEADER); *line; line = strchr(line, '\n') + 1) {
		for (commas = 0, p = line; *p != '\n'; p++)
			commas += *p == ',';
		assert_int_equal(commas, NFIELDS - 1);
		field(line, 1, ref, sizeof ref);
		field(line, 8, type, sizeof type);
		/* Each row is one dwelling, with its own type and no other's. */
		assert_int_equal(tu_long(f->db, "SELECT count(*) FROM dwelling WHERE reference = ? "
		    "AND type = ?", ref, type, NULL), 1);
		rows++;
	}
	assert_int_equal(rows, tu_long(f->db, "SELECT count(DISTINCT reference) FROM dwelling",
	    NULL, NULL, NULL));
	assert_true(rows >= 300);
	free(csv);
}

/* Fails if any value of the first column of sql (texts of more than
 * min_len bytes) appears in csv; returns how many values were checked. */
static long
assert_absent(struct db *db, const char *csv, const char *sql, size_t min_len)
{
	struct db_stmt *st;
	const char *s;
	struct err e;
	long n = 0;
	int rc;

	if ((st = db_stmt(db, &e, sql)) == NULL)
		fail_msg("%s: %s", sql, e.msg);
	while ((rc = db_step(st, &e)) == 1) {
		if ((s = db_col_text(st, 0)) == NULL || strlen(s) <= min_len)
			continue;
		if (strstr(csv, s) != NULL)
			fail_msg("« %s » (from %s) is in the open data", s, sql);
		n++;
	}
	assert_int_equal(rc, 0);
	return n;
}

/* The free texts of the demo: every text of more than 12 bytes, whole and
 * by its first 13 bytes (distinctive enough not to be a code). */
#define FREE_TEXT \
	"SELECT description AS t FROM claim UNION ALL SELECT comment FROM claim_event " \
	"UNION ALL SELECT description FROM work_order " \
	"UNION ALL SELECT comment FROM work_order_event " \
	"UNION ALL SELECT text FROM logbook_entry UNION ALL SELECT text FROM note " \
	"UNION ALL SELECT observations FROM inspection " \
	"UNION ALL SELECT comment FROM inspection_item " \
	"UNION ALL SELECT comment FROM round_result UNION ALL SELECT description FROM works"

static void
test_no_personal_data_no_free_text(void **state)
{
	struct fx *f = *state;
	char *csv = export_csv(f->db);
	long n;

	n = assert_absent(f->db, csv, "SELECT last_name FROM tenant WHERE NOT anonymised", 0);
	assert_true(n > 100);
	assert_absent(f->db, csv, "SELECT first_name FROM tenant WHERE NOT anonymised", 0);
	assert_true(assert_absent(f->db, csv, "SELECT phone FROM tenant", 0) > 100);
	assert_absent(f->db, csv, "SELECT replace(phone, ' ', '') FROM tenant", 0);
	assert_true(assert_absent(f->db, csv, "SELECT email FROM tenant", 0) > 10);
	assert_absent(f->db, csv, "SELECT name FROM inspection_party", 0);
	assert_absent(f->db, csv, "SELECT tenant_new_address FROM inspection", 0);
	assert_absent(f->db, csv, "SELECT display_name FROM user_account", 0);
	assert_absent(f->db, csv, "SELECT reference FROM lease", 0);
	assert_true(assert_absent(f->db, csv, FREE_TEXT, 12) > 100);
	assert_true(assert_absent(f->db, csv,
	    "SELECT substr(t, 1, 13) FROM (" FREE_TEXT ")", 12) > 100);
	free(csv);
}

/* A sentence typed into a code field, a name in the estate's name and
 * address: none of it reaches the file; the code comes out empty. */
static void
test_misused_fields_stay_out(void **state)
{
	struct fx *f = *state;
	const char *secret = "Chez Dupont hospitalisé";
	char *csv, *line, bat[64], fin[64];
	struct err e;

	if (db_run(f->db, &e, "UPDATE building SET code = ? WHERE id = (SELECT min(id) "
	    "FROM building)", "t", secret) != 0 ||
	    db_run(f->db, &e, "UPDATE estate SET name = ?, address = ?, financing = ?",
		"ttt", secret, secret, "voir Mme Durand") != 0)
		fail_msg("update: %s", e.msg);
	csv = export_csv(f->db);
	assert_null(strstr(csv, "Dupont"));
	assert_null(strstr(csv, "Durand"));
	line = strchr(csv, '\n') + 1;
	field(line, 12, fin, sizeof fin);
	assert_string_equal(fin, "");
	for (; *line; line = strchr(line, '\n') + 1) {
		field(line, 5, bat, sizeof bat);
		if (*bat == '\0')
			break;
	}
	assert_true(*line != '\0'); /* the misused building's dwellings are there */
	free(csv);
}

static void
test_json(void **state)
{
	struct fx *f = *state;
	char *data = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&data, &size);
	struct err e;

	assert_non_null(out);
	assert_true(export_write(f->db, &od_admin, out, "opendata", EXPORT_JSON, 0, &e) > 0);
	assert_int_equal(fclose(out), 0);
	assert_non_null(strstr(data, "\"TYPOLOGIE\":\"T"));
	assert_non_null(strstr(data, "\"SURFHAB\":"));
	free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns_one_row_per_dwelling),
		cmocka_unit_test(test_no_personal_data_no_free_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_misused_fields_stay_out), /* last: alters the data */
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
