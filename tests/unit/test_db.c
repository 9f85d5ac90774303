/* The SQL layer and the schema: migrations, refusal of newer or foreign
 * files, pragmas, constraint violations and invalid text as errors. */
#include <sys/stat.h>

#include "tests/unit/testutil.h"

#include "core/schema.h"
#include "core/uid.h"

struct fx {
	char *dir;
	struct db *db;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->db = tu_db(f->dir, "t.db");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static void
test_fresh_database_is_current(void **state)
{
	struct fx *f = *state;
	int64_t v = 0;
	char *mode, *node;
	struct err e;

	assert_int_equal(db_schema_version(f->db), schema_latest());
	mode = db_text(f->db, &e, "PRAGMA journal_mode", "");
	assert_string_equal(mode, "wal");
	assert_int_equal(db_int(f->db, &e, &v, "PRAGMA foreign_keys", ""), 1);
	assert_int_equal(v, 1);
	assert_int_equal(db_int(f->db, &e, &v, "PRAGMA synchronous", ""), 1);
	assert_int_equal(v, 2); /* FULL */
	node = db_meta_get(f->db, "node_id");
	assert_true(uid_valid(node));
	free(node);
	free(mode);
}

static void
test_reopen_keeps_node_and_schema(void **state)
{
	struct fx *f = *state;
	char *path = tu_path(f->dir, "t.db"), *a, *b;
	struct db *db2;
	struct err e;

	a = db_meta_get(f->db, "node_id");
	assert_int_equal(db_open(&db2, path, 0, &e), 0);
	b = db_meta_get(db2, "node_id");
	assert_string_equal(a, b);
	assert_int_equal(db_schema_version(db2), schema_latest());
	db_close(db2);
	free(a);
	free(b);
	free(path);
}

static void
test_file_is_private(void **state)
{
	struct fx *f = *state;
	char *path = tu_path(f->dir, "t.db");
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 077, 0);
	free(path);
}

static int
file_bytes(const char *path, char **out, long *len)
{
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		return -1;
	fseek(fp, 0, SEEK_END);
	*len = ftell(fp);
	rewind(fp);
	*out = xmalloc((size_t)*len + 1);
	assert_int_equal(fread(*out, 1, (size_t)*len, fp), (size_t)*len);
	fclose(fp);
	return 0;
}

static void
test_newer_schema_refused_untouched(void **state)
{
	struct fx *f = *state;
	char *path = tu_path(f->dir, "t.db"), *before, *after, *wal;
	long n1, n2;
	struct db *db2 = NULL;
	struct err e;

	assert_int_equal(db_script(f->db, &e, "PRAGMA user_version = 999"), 0);
	db_close(f->db);
	f->db = NULL;
	/* Closing the last connection checkpoints the WAL away. */
	wal = xasprintf("%s-wal", path);
	assert_int_not_equal(access(wal, F_OK), 0);
	assert_int_equal(file_bytes(path, &before, &n1), 0);
	assert_int_equal(db_open(&db2, path, 0, &e), -1);
	assert_null(db2);
	assert_non_null(strstr(e.msg, "plus récente"));
	assert_non_null(strstr(e.msg, "999"));
	assert_int_equal(file_bytes(path, &after, &n2), 0);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, (size_t)n1);
	assert_int_not_equal(access(wal, F_OK), 0);
	f->db = tu_db(f->dir, "other.db");
	free(before);
	free(after);
	free(wal);
	free(path);
}

static void
test_foreign_files_refused(void **state)
{
	struct fx *f = *state;
	char *junk = tu_path(f->dir, "junk.db"), *other = tu_path(f->dir, "other.db"), *cmd;
	struct db *db2 = NULL;
	struct err e;

	tu_write(junk, "hello, not a database\n", 22);
	assert_int_equal(chmod(junk, 0600), 0); /* else the mode check answers first */
	assert_int_equal(db_open(&db2, junk, 0, &e), -1);
	assert_non_null(strstr(e.msg, "junk.db"));
	cmd = xasprintf("sqlite3 '%s' 'CREATE TABLE x(a)'", other);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(chmod(other, 0600), 0);
	assert_int_equal(db_open(&db2, other, 0, &e), -1);
	assert_non_null(strstr(e.msg, "pas une base Loge"));
	assert_int_equal(db_open(&db2, "/nonexistent/dir/x.db", 0, &e), -1);
	assert_non_null(strstr(e.msg, "introuvable"));
	free(cmd);
	free(junk);
	free(other);
}

static void
test_migration_from_nothing_is_stepwise(void **state)
{
	struct fx *f = *state;
	struct db *db2;
	struct err e;
	char *path = tu_path(f->dir, "t.db");

	/* Re-running migrations on a current database is a no-op. */
	assert_int_equal(schema_migrate(f->db, &e), 0);
	assert_int_equal(schema_migrate_to(f->db, 0, &e), 0);
	assert_int_equal(db_schema_version(f->db), schema_latest());
	assert_int_equal(db_open(&db2, path, DB_READONLY, &e), 0);
	db_close(db2);
	free(path);
}

static void
insert_org(struct db *db, const char *id)
{
	struct err e;

	if (db_run(db, &e, "INSERT INTO organisation(id, name, updated_at, updated_by) "
	    "VALUES (?, 'Org', '2025-01-01T00:00:00Z', 'x')", "t", id) != 0)
		fail_msg("%s", e.msg);
}

static void
test_constraints_are_errors(void **state)
{
	struct fx *f = *state;
	char org[UID_SIZE], ag[UID_SIZE];
	struct err e;

	uid_new(org);
	uid_new(ag);
	insert_org(f->db, org);
	/* Duplicate primary key. */
	assert_int_equal(db_run(f->db, &e, "INSERT INTO organisation(id, name, updated_at, "
	    "updated_by) VALUES (?, 'B', '2025-01-01T00:00:00Z', 'x')", "t", org), -1);
	assert_non_null(strstr(e.msg, "déjà existante"));
	/* Foreign key to a missing row. */
	assert_int_equal(db_run(f->db, &e, "INSERT INTO agency(id, organisation_id, code, name, "
	    "updated_at, updated_by) VALUES (?, 'nope', 'A', 'A', '2025-01-01T00:00:00Z', 'x')",
	    "t", ag), -1);
	assert_non_null(strstr(e.msg, "référence"));
	/* CHECK: an impossible date, a bad timestamp, a NOT NULL. */
	assert_int_equal(db_run(f->db, &e, "UPDATE organisation SET updated_at = "
	    "'2025-02-30T00:00:00Z' WHERE id = ?", "t", org), -1);
	assert_non_null(strstr(e.msg, "valeurs permises"));
	assert_int_equal(db_run(f->db, &e, "UPDATE organisation SET name = NULL WHERE id = ?",
	    "t", org), -1);
	assert_non_null(strstr(e.msg, "obligatoire"));
	/* STRICT: text in an integer column. */
	assert_int_equal(db_run(f->db, &e, "INSERT INTO agency(id, organisation_id, code, name, "
	    "updated_at, updated_by) VALUES (?, ?, 'A', 'A', '2025-01-01T00:00:00Z', 'x')",
	    "tt", ag, org), 0);
	assert_int_equal(db_run(f->db, &e, "INSERT INTO sector(id, agency_id, code, name, "
	    "updated_at, updated_by) VALUES (?, ?, 'S', 'S', 12, 'x')", "tt", org, ag), -1);
}

static void
test_invalid_utf8_refused_at_bind(void **state)
{
	struct fx *f = *state;
	char org[UID_SIZE];
	struct err e;
	int64_t n = -1;

	uid_new(org);
	assert_int_equal(db_run(f->db, &e, "INSERT INTO organisation(id, name, updated_at, "
	    "updated_by) VALUES (?, ?, '2025-01-01T00:00:00Z', 'x')", "tt", org,
	    "Caf\xe9"), -1);
	assert_non_null(strstr(e.msg, "UTF-8"));
	assert_int_equal(db_int(f->db, &e, &n, "SELECT count(*) FROM organisation", ""), 1);
	assert_int_equal(n, 0);
}

static void
test_nested_transactions(void **state)
{
	struct fx *f = *state;
	char a[UID_SIZE], b[UID_SIZE];
	struct err e;
	int64_t n = 0;

	uid_new(a);
	uid_new(b);
	assert_int_equal(db_begin(f->db, &e), 0);
	insert_org(f->db, a);
	assert_int_equal(db_begin(f->db, &e), 0);
	insert_org(f->db, b);
	db_rollback(f->db); /* only b goes */
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_false(db_in_transaction(f->db));
	assert_int_equal(db_int(f->db, &e, &n, "SELECT count(*) FROM organisation", ""), 1);
	assert_int_equal(n, 1);
	assert_int_equal(db_int(f->db, &e, &n, "SELECT count(*) FROM organisation WHERE id = ?",
	    "t", a), 1);
	assert_int_equal(n, 1);
	assert_int_equal(db_commit(f->db, &e), -1);
}

/* A database other users may read or write is refused, whatever the
 * flags, untouched, with a message naming the file, its mode and the fix;
 * execute bits do not matter. */
static void
test_shared_file_refused(void **state)
{
	static const mode_t refused[] = {0644, 0640, 0604, 0660, 0620, 0602, 0666};
	static const int flags[] = {0, DB_READONLY, DB_CREATE};
	struct fx *f = *state;
	char *path = tu_path(f->dir, "t.db"), *before, *after, want[16];
	long nbefore, nafter;
	struct db *db2 = NULL;
	struct err e;
	size_t i, k;

	db_close(f->db);
	f->db = NULL;
	assert_int_equal(file_bytes(path, &before, &nbefore), 0);
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		assert_int_equal(chmod(path, refused[i]), 0);
		snprintf(want, sizeof want, "mode %04o", (unsigned)refused[i]);
		for (k = 0; k < sizeof flags / sizeof flags[0]; k++) {
			assert_int_equal(db_open(&db2, path, flags[k], &e), -1);
			assert_null(db2);
			assert_non_null(strstr(e.msg, path));
			assert_non_null(strstr(e.msg, want));
			assert_non_null(strstr(e.msg, "chmod 600 "));
		}
	}
	assert_int_equal(file_bytes(path, &after, &nafter), 0);
	assert_int_equal(nbefore, nafter);
	assert_memory_equal(before, after, (size_t)nbefore);
	assert_int_equal(chmod(path, 0700), 0);
	if (db_open(&f->db, path, 0, &e) != 0)
		fail_msg("0700: %s", e.msg);
	db_close(f->db);
	assert_int_equal(chmod(path, 0600), 0);
	if (db_open(&f->db, path, 0, &e) != 0)
		fail_msg("0600: %s", e.msg);
	free(before);
	free(after);
	free(path);
}

/* Created private whatever the umask, and SQLite's -wal and -shm files
 * follow the database's mode. */
static void
test_private_whatever_the_umask(void **state)
{
	struct fx *f = *state;
	char *path = tu_path(f->dir, "open.db"), *wal = tu_path(f->dir, "open.db-wal");
	char *shm = tu_path(f->dir, "open.db-shm");
	struct db *db2 = NULL;
	struct stat st;
	struct err e;
	mode_t old = umask(0);

	if (db_open(&db2, path, DB_CREATE, &e) != 0)
		fail_msg("create: %s", e.msg);
	umask(old);
	assert_int_equal(db_run(db2, &e, "CREATE TABLE t(a)", ""), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(wal, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(shm, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	db_close(db2);
	free(path);
	free(wal);
	free(shm);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fresh_database_is_current, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen_keeps_node_and_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_is_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_files_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_from_nothing_is_stepwise, setup, teardown),
		cmocka_unit_test_setup_teardown(test_constraints_are_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8_refused_at_bind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_file_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_private_whatever_the_umask, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
