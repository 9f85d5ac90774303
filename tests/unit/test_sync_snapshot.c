/* What the hub sends a node (sync/hub_pull.c). The snapshot of sectors
 * walks down from the rows of the parents in scope instead of testing
 * every row of the hub, and must send exactly the rows a full scan with
 * each table's sector expression finds, in the same order and the same
 * batches, including the rows that expressions place by a rule of their
 * own (a tenant by their latest lease, a logbook entry about no place by
 * its author's first sector, equipment through a common area). A pull
 * leaves out the node's own changes that the hub kept as they were sent,
 * and only those: the node must still end with every value the hub put
 * in place of its own (a stamp, a merge). */
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "testutil.h"
#include "sync_harness.h"

#include "core/uid.h"
#include "core/user.h"
#include "sync/hub_internal.h"
#include "sync/json.h"
#include "sync/link.h"
#include "sync/node.h"
#include "sync/proto.h"
#include "sync/tables.h"

static char *dir, *hub_path, *node_path;

/* A link that keeps what the hub writes. */
struct keep {
	struct link l;
	struct buf out;
};

static ssize_t
keep_read(struct link *l, void *p, size_t n, struct err *e)
{
	return err_set(e, "lecture");
}

static int
keep_write(struct link *l, const void *p, size_t n, struct err *e)
{
	buf_add(&((struct keep *)l)->out, p, n);
	return 0;
}

static void
keep_close(struct link *l)
{
	buf_free(&((struct keep *)l)->out);
	link_release(l);
	free(l);
}

/* The hub's side for login on its own connection; free with hub_done. */
static struct hub *
hub_for(const char *login)
{
	struct hub *h = xcalloc(1, sizeof *h);
	struct keep *k = xcalloc(1, sizeof *k);
	struct user *u = xcalloc(1, sizeof *u);
	struct err e;

	link_init(&k->l);
	k->l.read = keep_read;
	k->l.write = keep_write;
	k->l.close = keep_close;
	buf_init(&k->out);
	if (db_open(&h->db, hub_path, 0, &e) != 0 || user_find(h->db, login, u, &e) != 1)
		fail_msg("%s: %s", login, e.msg);
	h->who = u;
	h->l = &k->l;
	if ((h->scope = hub_scope_load(h->db, u, &e)) == NULL)
		fail_msg("scope: %s", e.msg);
	return h;
}

static void
hub_done(struct hub *h)
{
	user_clear((struct user *)h->who);
	free((struct user *)h->who);
	link_close(h->l);
	cJSON_Delete(h->scope);
	db_close(h->db);
	free(h);
}

/* One snapshot frame from (table, after) (NULL: the start): appends
 * "table row" lines to out, returns the row count; *table and *after get
 * where to go on (NULL at the end; the caller frees). */
static int
one_batch(struct hub *h, char **table, char **after, struct buf *out)
{
	struct keep *k = (struct keep *)h->l;
	cJSON *f = proto_frame("snapshot"), *reply;
	const cJSON *x;
	struct err e;
	int n = 0;

	cJSON_AddItemToObject(f, "sectors", cJSON_Duplicate(h->scope, 1));
	if (*table != NULL) {
		proto_add_str(f, "table", *table);
		proto_add_str(f, "after", *after);
	}
	free(*table);
	free(*after);
	k->out.len = 0;
	if (hub_snapshot(h, f, table, after, &e) != 0)
		fail_msg("hub_snapshot: %s", e.msg);
	cJSON_Delete(f);
	assert_true(k->out.len > 0 && k->out.data[k->out.len - 1] == '\n');
	if (json_parse(k->out.data, k->out.len - 1, &reply, &e) != 0)
		fail_msg("frame: %s", e.msg);
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(reply, "rows")) {
		buf_printf(out, "%s %s\n", json_str(x, "table"), json_str(x, "row"));
		assert_string_equal(json_str(x, "kind"), "upsert");
		n++;
	}
	cJSON_Delete(reply);
	return n;
}

/* The whole snapshot of login's scope: every batch but the last full. */
static char *
snapshot_of(const char *login)
{
	struct hub *h = hub_for(login);
	char *table = NULL, *after = NULL;
	struct buf out;
	int n;

	buf_init(&out);
	do {
		n = one_batch(h, &table, &after, &out);
		if (table != NULL)
			assert_int_equal(n, PROTO_BATCH_OPS);
	} while (table != NULL);
	hub_done(h);
	return buf_steal(&out);
}

/* What a full scan finds: every table in order, its rows in id order,
 * those of reference data all, the others where the sector expression
 * gives a sector of login's scope. */
static char *
full_scan(const char *login)
{
	struct hub *h = hub_for(login);
	const struct sync_table *t = NULL;
	struct db_stmt *st;
	struct buf out, sectors;
	struct err e;
	size_t i, n;
	char *expr, *sql;

	buf_init(&out);
	buf_init(&sectors);
	json_write(&sectors, h->scope);
	t = sync_tables(&n);
	for (i = 0; i < n; i++) {
		expr = sync_sector_sql(&t[i], "t");
		sql = xasprintf("SELECT t.id FROM %s t WHERE %s IN (SELECT value FROM json_each(?)) "
		    "ORDER BY t.id", t[i].name, expr ? expr : "'-'");
		if (expr == NULL) {
			free(sql);
			sql = xasprintf("SELECT t.id FROM %s t WHERE ? IS NOT NULL ORDER BY t.id",
			    t[i].name);
		}
		st = db_stmt(h->db, &e, sql);
		assert_non_null(st);
		assert_int_equal(db_bind(st, &e, "t", sectors.data), 0);
		while (db_step(st, &e) == 1)
			buf_printf(&out, "%s %s\n", t[i].name, db_col_text(st, 0));
		free(sql);
		free(expr);
	}
	buf_free(&sectors);
	hub_done(h);
	return buf_steal(&out);
}

static void
run_sql_on(const char *path, const char *sql)
{
	struct db *db;
	struct err e;

	if (db_open(&db, path, 0, &e) != 0 || db_script(db, &e, sql) != 0)
		fail_msg("%s: %s", sql, e.msg);
	db_close(db);
}

static void
run_sql(const char *sql)
{
	run_sql_on(hub_path, sql);
}

/* One session of the node at path with the hub, as gardien1, the hub in
 * a child process as over SSH; n gets the counts. */
static void
sync_node(const char *path, struct sync_counts *n)
{
	struct node_opts o = {"test", NULL, NULL, NULL};
	struct db *db;
	struct link *l;
	struct err e;
	int sv[2], status, rc;
	pid_t pid;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	if ((pid = fork()) == 0) {
		close(sv[0]);
		harness_hub_child(hub_path, "gardien1", "test", sv[1]);
	}
	assert_true(pid > 0);
	close(sv[1]);
	if (db_open(&db, path, DB_CREATE, &e) != 0)
		fail_msg("%s: %s", path, e.msg);
	l = link_fd_new(sv[0], sv[0]);
	memset(n, 0, sizeof *n);
	rc = node_sync(db, l, &o, n, &e);
	link_close(l);
	close(sv[0]);
	db_close(db);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (rc != 0)
		fail_msg("sync: %s", e.msg);
}

/* The row of table with id, every column, as one text. */
static char *
row_text(const char *path, const char *table, const char *id)
{
	const struct sync_table *t = sync_table_find(table);
	struct buf cols;
	struct db *db;
	struct err e;
	char *sql, *text;
	size_t i;

	buf_init(&cols);
	for (i = 0; i < t->ncols; i++)
		buf_printf(&cols, "%s%s", i ? ", " : "", t->cols[i].name);
	sql = xasprintf("SELECT json_array(%s) FROM %s WHERE id = ?", cols.data, table);
	if (db_open(&db, path, 0, &e) != 0)
		fail_msg("%s: %s", path, e.msg);
	err_clear(&e);
	text = db_text(db, &e, sql, "t", id);
	if (text == NULL)
		fail_msg("%s %s: %s", table, id, e.msg[0] ? e.msg : "no such row");
	db_close(db);
	free(sql);
	buf_free(&cols);
	return text;
}

static void
same_row(const char *node, const char *table, const char *id)
{
	char *a = row_text(hub_path, table, id), *b = row_text(node, table, id);

	assert_string_equal(b, a);
	free(a);
	free(b);
}

/* A dwelling and logbook entries of the node's sector. */
#define NODE_DWELLING "(SELECT id FROM dwelling ORDER BY id LIMIT 1 OFFSET 3)"
#define NODE_ENTRY(k) "(SELECT id FROM logbook_entry ORDER BY id LIMIT 1 OFFSET " #k ")"

/* A new laptop from a copy of the synced one: its own node id, so that
 * the hub does not take it for a clone. The caller frees. */
static char *
copy_node(const char *name)
{
	char *path = tu_path(dir, name), *cmd;

	cmd = xasprintf("cp '%s' '%s'", node_path, path);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	run_sql_on(path, "DELETE FROM meta WHERE key IN ('node_id', 'sync_token')");
	return path;
}

static char *
node_id_of(const char *path, const char *sql)
{
	struct db *db;
	struct err e;
	char *id;

	if (db_open(&db, path, 0, &e) != 0)
		fail_msg("%s: %s", path, e.msg);
	id = db_text(db, &e, sql, "");
	assert_non_null(id);
	db_close(db);
	return id;
}

/* Edits that leave provenance to the hub (the sqlite3 shell, a script):
 * the hub stamps the change with the session's user and the time, and
 * the node must get those back, also when the same row changes twice in
 * one second, where the node's own clock stamp would not change. */
static void
test_pull_brings_back_what_the_hub_stamped(void **state)
{
	char *node = copy_node("stamp.db"), *a, *b;
	struct sync_counts n;

	a = node_id_of(node, "SELECT id FROM logbook_entry ORDER BY id LIMIT 1 OFFSET 2");
	b = node_id_of(node, "SELECT id FROM logbook_entry ORDER BY id LIMIT 1 OFFSET 3");
	run_sql_on(node, "UPDATE logbook_entry SET text = text || ' (0)' WHERE id = "
	    NODE_ENTRY(2) "; UPDATE logbook_entry SET text = text || ' (1)', updated_at = "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = " NODE_ENTRY(3) "; "
	    "UPDATE logbook_entry SET text = text || ' (2)' WHERE id = " NODE_ENTRY(3));
	sync_node(node, &n);
	assert_int_equal(n.applied + n.merged, 3);
	same_row(node, "logbook_entry", a);
	same_row(node, "logbook_entry", b);
	free(a);
	free(b);
	free(node);
}

/* The node's own new rows, stamped by the person who syncs: the hub
 * keeps them as they were sent. When the hub marks such changes
 * (sync/hub_apply.c), they are not sent back; the rows agree either way. */
static void
test_own_rows_not_sent_back(void **state)
{
	char *node = copy_node("own.db"), *sql, id[UID_SIZE];
	struct sync_counts n;
	struct db *db;
	struct err e;
	int i, marked;

	sync_node(node, &n);	/* what the other tests changed */
	for (i = 0; i < 20; i++) {
		uid_new(id);
		sql = xasprintf("INSERT INTO logbook_entry (id, at, author_id, text, dwelling_id, "
		    "updated_at, updated_by) SELECT '%s', '2026-11-20T09:00:00Z', u.id, 'Ronde %d', "
		    NODE_DWELLING ", '2026-11-20T09:00:00Z', u.id FROM user_account u "
		    "WHERE u.login = 'gardien1'", id, i);
		run_sql_on(node, sql);
		free(sql);
	}
	sync_node(node, &n);
	assert_int_equal(n.applied, 20);
	same_row(node, "logbook_entry", id);
	if (db_open(&db, hub_path, 0, &e) != 0)
		fail_msg("%s", e.msg);
	marked = (int)tu_long(db, "SELECT count(*) FROM op WHERE state = 'applied'", NULL, NULL,
	    NULL);
	db_close(db);
	if (marked > 0)
		assert_int_equal(n.pulled, 0);
	free(node);
}

/* Fails on the first line where two listings differ. */
static void
same_lines(const char *got, const char *want)
{
	size_t i, start = 0, line = 1;

	for (i = 0; got[i] != '\0' && got[i] == want[i]; i++)
		if (got[i] == '\n') {
			line++;
			start = i + 1;
		}
	if (got[i] != want[i])
		fail_msg("line %zu: got \"%.60s\", want \"%.60s\"", line, got + start,
		    want + start);
}

static void
check_same(const char *login)
{
	char *want = full_scan(login), *got = snapshot_of(login);

	assert_true(strlen(want) > 1000);
	same_lines(got, want);
	free(want);
	free(got);
}

static void
test_gardien_gets_what_a_full_scan_finds(void **state)
{
	check_same("gardien1");
	check_same("gardien2");
}

static void
test_agent_gets_what_a_full_scan_finds(void **state)
{
	check_same("agent1");
}

/* The rows each rule of its own places: they must be in the full scan of
 * the right gardien and not of the other, and the walk must agree. */
static void
test_rows_placed_by_rules(void **state)
{
	char *g1 = full_scan("gardien1"), *g2 = full_scan("gardien2");

	/* The tenant's latest lease is in gardien2's sector. */
	assert_non_null(strstr(g2, "tenant 0190bbbb-0000-7000-8000-000000000001"));
	assert_null(strstr(g1, "tenant 0190bbbb-0000-7000-8000-000000000001"));
	/* Equipment of a building's common area. */
	assert_non_null(strstr(g1, "common_area 0190bbbb-0000-7000-8000-000000000004"));
	assert_non_null(strstr(g1, "equipment 0190bbbb-0000-7000-8000-000000000005"));
	assert_null(strstr(g2, "equipment 0190bbbb-0000-7000-8000-000000000005"));
	/* An entry about no place: its author's sector. */
	assert_non_null(strstr(g1, "logbook_entry 0190bbbb-0000-7000-8000-000000000006"));
	assert_null(strstr(g2, "logbook_entry 0190bbbb-0000-7000-8000-000000000006"));
	free(g1);
	free(g2);
	check_same("gardien1");
	check_same("gardien2");
}

/* A cut session resumes on a new connection from (table, after), and a
 * row deleted between two batches is skipped without losing the next. */
static void
test_resume_and_rows_gone(void **state)
{
	char *want = full_scan("gardien1"), *table = NULL, *after = NULL, *gone, *p;
	struct hub *h = hub_for("gardien1");
	struct buf got;
	int n;

	buf_init(&got);
	n = one_batch(h, &table, &after, &got);
	assert_int_equal(n, PROTO_BATCH_OPS);
	n = one_batch(h, &table, &after, &got);
	assert_int_equal(n, PROTO_BATCH_OPS);
	hub_done(h);
	/* A logbook entry of the sector, far ahead, goes meanwhile. */
	p = strstr(want, "logbook_entry ");
	assert_non_null(p);
	gone = xstrndup(p, (size_t)(strchr(p, '\n') - p + 1));
	p = xasprintf("DELETE FROM logbook_entry WHERE id = '%.36s'", gone + strlen("logbook_entry "));
	run_sql(p);
	free(p);
	h = hub_for("gardien1");
	do
		one_batch(h, &table, &after, &got);
	while (table != NULL);
	hub_done(h);
	p = strstr(want, gone);
	memmove(p, p + strlen(gone), strlen(p + strlen(gone)) + 1);
	same_lines(got.data, want);
	free(gone);
	buf_free(&got);
	free(want);
}

/* Rows that only a rule of their own puts in a sector (see the top). */
static void
add_rule_rows(void)
{
	char *sql = xasprintf(
	    "CREATE TEMP TABLE s AS SELECT (SELECT sector_id FROM user_sector us JOIN user_account u "
	    "ON u.id = us.user_id WHERE u.login = 'gardien1') AS a, (SELECT sector_id FROM "
	    "user_sector us JOIN user_account u ON u.id = us.user_id WHERE u.login = 'gardien2') AS b, "
	    "(SELECT id FROM user_account WHERE login = 'gardien1') AS g1;"
	    "CREATE TEMP TABLE dw AS SELECT (SELECT d.id FROM dwelling d JOIN entrance en ON en.id = "
	    "d.entrance_id JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = "
	    "b.estate_id WHERE es.sector_id = (SELECT a FROM s) ORDER BY d.id LIMIT 1) AS a, "
	    "(SELECT d.id FROM dwelling d JOIN entrance en ON en.id = d.entrance_id JOIN building b "
	    "ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id WHERE es.sector_id = "
	    "(SELECT b FROM s) ORDER BY d.id LIMIT 1) AS b, (SELECT b.id FROM building b JOIN estate "
	    "es ON es.id = b.estate_id WHERE es.sector_id = (SELECT a FROM s) ORDER BY b.id LIMIT 1) "
	    "AS building_a;"
	    "INSERT INTO tenant (id, last_name, anonymised, updated_at, updated_by) VALUES "
	    "('0190bbbb-0000-7000-8000-000000000001', 'Deux-Baux', 0, '%1$s', (SELECT g1 FROM s));"
	    "INSERT INTO lease (id, dwelling_id, start_date, updated_at, updated_by) VALUES "
	    "('0190bbbb-0000-7000-8000-000000000002', (SELECT a FROM dw), '2019-01-01', '%1$s', "
	    "(SELECT g1 FROM s)), ('0190bbbb-0000-7000-8000-000000000003', (SELECT b FROM dw), "
	    "'2024-01-01', '%1$s', (SELECT g1 FROM s));"
	    "INSERT INTO lease_tenant (id, lease_id, tenant_id, updated_at, updated_by) VALUES "
	    "('0190bbbb-0000-7000-8000-000000000007', '0190bbbb-0000-7000-8000-000000000002', "
	    "'0190bbbb-0000-7000-8000-000000000001', '%1$s', (SELECT g1 FROM s)), "
	    "('0190bbbb-0000-7000-8000-000000000008', '0190bbbb-0000-7000-8000-000000000003', "
	    "'0190bbbb-0000-7000-8000-000000000001', '%1$s', (SELECT g1 FROM s));"
	    "INSERT INTO common_area (id, building_id, estate_id, kind, name, updated_at, updated_by) "
	    "VALUES ('0190bbbb-0000-7000-8000-000000000004', (SELECT building_a FROM dw), NULL, "
	    "'cellar', 'Cave commune', '%1$s', (SELECT g1 FROM s));"
	    "INSERT INTO equipment (id, common_area_id, kind, updated_at, updated_by) VALUES "
	    "('0190bbbb-0000-7000-8000-000000000005', '0190bbbb-0000-7000-8000-000000000004', "
	    "'lighting', '%1$s', (SELECT g1 FROM s));"
	    "INSERT INTO logbook_entry (id, at, author_id, text, updated_at, updated_by) VALUES "
	    "('0190bbbb-0000-7000-8000-000000000006', '%1$s', (SELECT g1 FROM s), 'Réunion', '%1$s', "
	    "(SELECT g1 FROM s));"
	    "DROP TABLE temp.s; DROP TABLE temp.dw;", "2026-11-20T08:00:00Z");

	run_sql(sql);
	free(sql);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gardien_gets_what_a_full_scan_finds),
		cmocka_unit_test(test_agent_gets_what_a_full_scan_finds),
		cmocka_unit_test(test_rows_placed_by_rules),
		cmocka_unit_test(test_resume_and_rows_gone),
		cmocka_unit_test(test_pull_brings_back_what_the_hub_stamped),
		cmocka_unit_test(test_own_rows_not_sent_back),
	};
	struct sync_counts n;
	int rc;

	signal(SIGPIPE, SIG_IGN);
	dir = tu_tmpdir();
	hub_path = tu_path(dir, "hub.db");
	node_path = tu_path(dir, "node.db");
	db_close(tu_demo_db(dir, "hub.db", 700, 7, "2026-11-20"));
	add_rule_rows();
	sync_node(node_path, &n);
	assert_true(n.pulled > 1000);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(node_path);
	free(hub_path);
	tu_rmdir(dir);
	return rc;
}
