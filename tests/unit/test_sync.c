/* Sync between a hub and laptops, through the real protocol: each session
 * runs the hub in a child process on one end of a socket pair and the node
 * in this process on the other, each with its own database file, as over
 * SSH. A simulation with fixed seeds drives three laptops and the hub with
 * concurrent edits, deletes, random session order, connections cut at
 * random bytes and either side killed at random times, then checks that
 * everyone converged and that no local change went missing. */
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "testutil.h"
#include "sync_harness.h"
#include "inspection_harness.h"

#include "core/attach.h"
#include "core/claim.h"
#include "core/datetime.h"
#include "core/numbering.h"
#include "core/schema.h"
#include "core/user.h"
#include "core/work_order.h"
#include "sync/proto.h"
#include "sync/capture.h"
#include "sync/compact.h"
#include "sync/hub.h"
#include "sync/json.h"
#include "sync/link.h"
#include "sync/node.h"
#include "sync/tables.h"

/* A 700-dwelling demo hub (two sectors) and gardien1's laptop synced
 * with it, made once and copied for each test. */
static char *demo_path, *node_path;

struct env {
	char *dir, *hub;
};

/* A link that fails after `left` bytes either way, like a cable pulled
 * out: the socket is shut so that the hub sees the cut too. */
struct cut {
	struct link l;
	int fd;
	long left;
};

static ssize_t
cut_read(struct link *l, void *p, size_t n, struct err *e)
{
	struct cut *c = (struct cut *)l;
	ssize_t got;

	if (c->left <= 0) {
		shutdown(c->fd, SHUT_RDWR);
		return err_set(e, "coupure simulée");
	}
	got = read(c->fd, p, n < (size_t)c->left ? n : (size_t)c->left);
	if (got > 0)
		c->left -= got;
	return got < 0 ? err_set(e, "lecture") : got;
}

static int
cut_write(struct link *l, const void *p, size_t n, struct err *e)
{
	struct cut *c = (struct cut *)l;
	size_t k = n < (size_t)(c->left > 0 ? c->left : 0) ? n : (size_t)(c->left > 0 ? c->left : 0);

	if (k > 0 && write(c->fd, p, k) != (ssize_t)k)
		return err_set(e, "écriture");
	c->left -= (long)k;
	if (k < n) {
		shutdown(c->fd, SHUT_RDWR);
		return err_set(e, "coupure simulée");
	}
	return 0;
}

static void
cut_close(struct link *l)
{
	link_release(l);
	free(l);
}

static struct link *
cut_new(int fd, long left)
{
	struct cut *c = xcalloc(1, sizeof *c);

	link_init(&c->l);
	c->l.read = cut_read;
	c->l.write = cut_write;
	c->l.close = cut_close;
	c->fd = fd;
	c->left = left;
	return &c->l;
}

/* One session of the node at node (created if missing) with the hub as
 * login; cut > 0 cuts the connection after that many bytes. Returns the
 * node's status; msg (if not NULL) receives its error. */
static int
session(struct env *v, const char *login, const char *node, long cut, struct sync_counts *n,
    char *msg)
{
	struct node_opts o = {"test", NULL, NULL, NULL};
	struct sync_counts local;
	struct db *db;
	struct link *l;
	struct err e;
	int sv[2], status, rc;
	pid_t pid;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(sv[0]);
		harness_hub_child(v->hub, login, "test", sv[1]);
	}
	close(sv[1]);
	if (db_open(&db, node, DB_CREATE, &e) != 0)
		fail_msg("%s: %s", node, e.msg);
	l = cut > 0 ? cut_new(sv[0], cut) : link_fd_new(sv[0], sv[0]);
	rc = node_sync(db, l, &o, n ? n : &local, &e);
	link_close(l);
	close(sv[0]);
	db_close(db);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (msg != NULL)
		snprintf(msg, 1024, "%s", rc ? e.msg : "");
	return rc;
}

/* A session where one side is killed (SIGKILL) after delay_us: the node
 * (node_side) or the hub, as a laptop switched off or a hub that
 * crashes, at whatever point of a write that falls on. */
static void
session_killed(struct env *v, const char *login, const char *node, long delay_us,
    int node_side)
{
	struct node_opts o = {"test", NULL, NULL, NULL};
	struct sync_counts n;
	struct db *db;
	struct link *l;
	struct err e;
	int sv[2], status;
	pid_t hub, me;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	if ((hub = fork()) == 0) {
		close(sv[0]);
		harness_hub_child(v->hub, login, "test", sv[1]);
	}
	if ((me = fork()) == 0) {
		close(sv[1]);
		if (db_open(&db, node, DB_CREATE, &e) != 0)
			_exit(1);
		l = link_fd_new(sv[0], sv[0]);
		node_sync(db, l, &o, &n, &e);
		link_close(l);
		db_close(db);
		_exit(0);
	}
	close(sv[0]);
	close(sv[1]);
	usleep((useconds_t)delay_us);
	kill(node_side ? me : hub, SIGKILL);
	assert_int_equal(waitpid(me, &status, 0), me);
	assert_int_equal(waitpid(hub, &status, 0), hub);
}

static void
must_sync(struct env *v, const char *login, const char *node, struct sync_counts *n)
{
	char msg[1024];

	if (session(v, login, node, 0, n, msg) != 0)
		fail_msg("sync %s %s: %s", login, node, msg);
}

static int
setup(void **state)
{
	struct env *v = xcalloc(1, sizeof *v);
	char *cmd;

	v->dir = tu_tmpdir();
	v->hub = tu_path(v->dir, "hub.db");
	cmd = xasprintf("cp '%s' '%s' && cp '%s' '%s/g1.db'", demo_path, v->hub, node_path, v->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	*state = v;
	return 0;
}

static int
teardown(void **state)
{
	struct env *v = *state;

	free(v->hub);
	tu_rmdir(v->dir);
	free(v);
	return 0;
}

static struct db *
open_db(const char *path)
{
	struct db *db;
	struct err e;

	if (db_open(&db, path, 0, &e) != 0)
		fail_msg("%s: %s", path, e.msg);
	return db;
}

static void
run_sql(const char *path, const char *sql)
{
	struct db *db = open_db(path);
	struct err e;

	if (db_script(db, &e, sql) != 0)
		fail_msg("%s: %s", sql, e.msg);
	db_close(db);
}

static long
one(const char *path, const char *sql, const char *a)
{
	struct db *db = open_db(path);
	long v = tu_long(db, sql, a, NULL, NULL);

	db_close(db);
	return v;
}

#define GARDIEN_DWELLINGS \
	"SELECT count(*) FROM dwelling d JOIN entrance en ON en.id = d.entrance_id " \
	"JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id " \
	"WHERE es.sector_id IN (SELECT us.sector_id FROM user_sector us JOIN user_account u " \
	"ON u.id = us.user_id WHERE u.login = ?)"

/* A new laptop receives its gardien's sector, and only it. */
static void
test_first_sync_gets_own_sector(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g2.db");
	struct sync_counts n;
	long mine = one(v->hub, GARDIEN_DWELLINGS, "gardien2");

	assert_true(mine > 0 && mine < one(v->hub, "SELECT count(*) FROM dwelling", NULL));
	must_sync(v, "gardien2", node, &n);
	assert_int_equal(one(node, "SELECT count(*) FROM dwelling", NULL), mine);
	assert_int_equal(one(node, "SELECT count(*) FROM user_account", NULL),
	    one(v->hub, "SELECT count(*) FROM user_account", NULL));
	assert_true(n.pulled > mine);
	/* Only tenants of the sector's leases. */
	assert_true(one(node, "SELECT count(*) FROM tenant", NULL) <
	    one(v->hub, "SELECT count(*) FROM tenant", NULL));
	/* Nothing more to get. */
	must_sync(v, "gardien2", node, &n);
	assert_int_equal(n.pulled, 0);
	free(node);
}

#define CLAIM_OF(login) \
	"(SELECT c.id FROM claim c JOIN dwelling d ON d.id = c.dwelling_id JOIN entrance en " \
	"ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id JOIN estate es " \
	"ON es.id = b.estate_id JOIN user_sector us ON us.sector_id = es.sector_id " \
	"JOIN user_account u ON u.id = us.user_id WHERE u.login = '" login "' ORDER BY c.id LIMIT 1)"

/* Same value on both sides: no conflict; different columns: both kept. */
static void
test_no_false_conflicts(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g1.db");
	struct sync_counts n;

	must_sync(v, "gardien1", node, NULL);
	run_sql(node, "UPDATE claim SET description = 'Même texte', due_at = '2030-01-01T00:00:00Z' "
	    "WHERE id = " CLAIM_OF("gardien1"));
	run_sql(v->hub, "UPDATE claim SET description = 'Même texte', channel = 'letter' "
	    "WHERE id = " CLAIM_OF("gardien1"));
	must_sync(v, "gardien1", node, &n);
	assert_int_equal(n.sent, 1);
	assert_int_equal(n.conflicts, 0);
	assert_int_equal(n.merged, 1);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM sync_conflict", NULL), 0);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM claim WHERE description = 'Même texte' "
	    "AND due_at = '2030-01-01T00:00:00Z' AND channel = 'letter'", NULL), 1);
	assert_int_equal(one(node, "SELECT count(*) FROM claim WHERE description = 'Même texte' "
	    "AND due_at = '2030-01-01T00:00:00Z' AND channel = 'letter'", NULL), 1);
	free(node);
}

/* The same field on both sides: the later clock wins, the ledger keeps
 * both; a workflow field keeps the hub's value for a supervisor. */
static void
test_conflicts_go_to_the_ledger(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g1.db");
	struct sync_counts n;

	must_sync(v, "gardien1", node, NULL);
	run_sql(v->hub, "UPDATE claim SET description = 'Version du hub', status = 'informed' "
	    "WHERE id = " CLAIM_OF("gardien1"));
	usleep(5000);
	run_sql(node, "UPDATE claim SET description = 'Version du gardien', status = 'forwarded' "
	    "WHERE id = " CLAIM_OF("gardien1"));
	must_sync(v, "gardien1", node, &n);
	assert_int_equal(n.conflicts, 1);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM sync_conflict WHERE col = 'description' "
	    "AND rule = 'lww' AND win_value = '\"Version du gardien\"' "
	    "AND lose_value = '\"Version du hub\"' AND status = 'open'", NULL), 1);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM sync_conflict WHERE col = 'status' "
	    "AND rule = 'hub' AND win_value = '\"informed\"' AND lose_value = '\"forwarded\"'",
	    NULL), 1);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM claim WHERE description = "
	    "'Version du gardien' AND status = 'informed'", NULL), 1);
	/* The node gets the hub's status back. */
	assert_int_equal(one(node, "SELECT count(*) FROM claim WHERE description = "
	    "'Version du gardien' AND status = 'informed'", NULL), 1);
	free(node);
}

/* A refused change is undone on the node and stays in the refused list;
 * its values are kept. */
static void
test_refused_is_kept_and_undone(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g1.db");
	struct sync_counts n;
	long before;

	must_sync(v, "gardien1", node, NULL);
	before = one(node, "SELECT floor FROM dwelling ORDER BY id LIMIT 1", NULL);
	run_sql(node, "UPDATE dwelling SET floor = 42 WHERE id = (SELECT id FROM dwelling "
	    "ORDER BY id LIMIT 1)");
	must_sync(v, "gardien1", node, &n);
	assert_int_equal(n.refused, 1);
	assert_int_equal(one(node, "SELECT count(*) FROM op WHERE state = 'refused' AND "
	    "code = 'permission' AND fields LIKE '%42%'", NULL), 1);
	assert_int_equal(one(node, "SELECT floor FROM dwelling ORDER BY id LIMIT 1", NULL), before);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM dwelling WHERE floor = 42", NULL), 0);
	/* Not retried. */
	must_sync(v, "gardien1", node, &n);
	assert_int_equal(n.sent, 0);
	free(node);
}

/* A laptop restored from an old backup, and a cloned laptop, are refused
 * with a message that says what to do. */
static void
test_restored_and_cloned_nodes(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g1.db"), *copy = tu_path(v->dir, "copy.db");
	char *cmd = xasprintf("cp '%s' '%s'", node, copy), msg[1024];

	must_sync(v, "gardien1", node, NULL);
	free(cmd);
	cmd = xasprintf("cp '%s' '%s'", node, copy);
	assert_int_equal(system(cmd), 0);
	run_sql(node, "UPDATE claim SET description = 'a' WHERE id = " CLAIM_OF("gardien1"));
	run_sql(node, "UPDATE claim SET description = 'b' WHERE id = " CLAIM_OF("gardien1"));
	must_sync(v, "gardien1", node, NULL);
	/* The copy (old backup) made one change since: seq 1 < 2. */
	run_sql(copy, "UPDATE claim SET description = 'c' WHERE id = " CLAIM_OF("gardien1"));
	if (session(v, "gardien1", copy, 0, NULL, msg) == 0)
		fail_msg("a restored node was accepted");
	if (strstr(msg, "ancienne sauvegarde") == NULL)
		fail_msg("%s", msg);
	/* A clone that went further: its token is stale. */
	run_sql(copy, "UPDATE claim SET description = 'd' WHERE id = " CLAIM_OF("gardien1") ";"
	    "UPDATE claim SET description = 'e' WHERE id = " CLAIM_OF("gardien1"));
	assert_int_not_equal(session(v, "gardien1", copy, 0, NULL, msg), 0);
	assert_non_null(strstr(msg, "même identifiant"));
	assert_int_equal(one(v->hub, "SELECT count(*) FROM claim WHERE description IN ('c','d','e')",
	    NULL), 0);
	free(cmd);
	free(copy);
	free(node);
}

/* A signed inspection is frozen on the node (and its rows too). */
static void
test_signed_inspection_is_immutable(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g1.db");
	struct db *db;
	struct err e;

	must_sync(v, "gardien1", node, NULL);
	db = open_db(node);
	assert_int_not_equal(db_script(db, &e, "UPDATE inspection SET observations = 'x' "
	    "WHERE id = (SELECT id FROM inspection WHERE state = 'signed' LIMIT 1)"), 0);
	assert_non_null(strstr(e.msg, "signé"));
	assert_int_not_equal(db_script(db, &e, "UPDATE inspection_item SET comment = 'x' "
	    "WHERE room_id IN (SELECT r.id FROM inspection_room r JOIN inspection i ON "
	    "i.id = r.inspection_id WHERE i.state = 'signed')"), 0);
	db_close(db);
	free(node);
}

/* One laptop signs an exit inspection; another, still holding the draft,
 * edits an item offline: the hub keeps the signed text, refuses the late
 * edit, and the signed digest still verifies everywhere. */
static void
test_late_edit_of_signed_inspection_refused(void **state)
{
	struct env *v = *state;
	char *n1 = tu_path(v->dir, "g1.db"), *n2 = tu_path(v->dir, "g2.db");
	char id[UID_SIZE], item[UID_SIZE], *s;
	struct sync_counts c;
	struct inspection *in;
	struct user g;
	struct db *db;
	struct err e;

	db = open_db(n1);
	assert_int_equal(user_find(db, "gardien1", &g, &e), 1);
	s = db_text(db, &e, "SELECT i.dwelling_id FROM inspection i JOIN lease l ON l.id = i.lease_id "
	    "WHERE i.kind = 'move_in' AND i.state = 'signed' AND l.end_date IS NULL "
	    "AND EXISTS (SELECT 1 FROM inspection_room r WHERE r.inspection_id = i.id) "
	    "ORDER BY i.id LIMIT 1", "");
	assert_non_null(s);
	if (inspection_create(db, &g, s, "move_out", NULL, id, &e) != 0)
		fail_msg("create: %s", e.msg);
	free(s);
	in = ih_load(db, id);
	memcpy(item, in->items[0].id, UID_SIZE);
	inspection_free(in);
	db_close(db);
	must_sync(v, "gardien1", n1, NULL);
	must_sync(v, "gardien1", n2, NULL);
	db = open_db(n2);
	ih_save(db, &g, "inspection_item.comment", item, "Modifié hors ligne");
	db_close(db);
	db = open_db(n1);
	ih_complete_exit(db, &g, id);
	ih_sign_all(db, &g, id);
	db_close(db);
	must_sync(v, "gardien1", n1, NULL);
	must_sync(v, "gardien1", n2, &c);
	assert_int_equal(c.refused, 1);
	db = open_db(v->hub);
	in = ih_load(db, id);
	assert_string_equal(in->state, "signed");
	assert_int_equal(inspection_verify(in), 1);
	assert_string_not_equal(in->items[0].comment ? in->items[0].comment : "",
	    "Modifié hors ligne");
	inspection_free(in);
	db_close(db);
	db = open_db(n2);
	in = ih_load(db, id);
	assert_int_equal(inspection_verify(in), 1);
	inspection_free(in);
	db_close(db);
	user_clear(&g);
	free(n1);
	free(n2);
}

/* A sector taken from a gardien leaves the laptop (after its pending
 * changes went up); a sector given arrives whole. */
static void
test_scope_change_purges_and_fills(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g1.db");
	long other = one(v->hub, GARDIEN_DWELLINGS, "gardien2");
	long mine = one(v->hub, GARDIEN_DWELLINGS, "gardien1");
	struct sync_counts n;

	must_sync(v, "gardien1", node, NULL);
	run_sql(node, "INSERT INTO logbook_entry (id, at, author_id, text, updated_at, updated_by) "
	    "SELECT '01900000-0000-7000-8000-000000000001', '2026-11-22T08:00:00Z', id, "
	    "'Avant le changement', '2026-11-22T08:00:00Z', id FROM user_account "
	    "WHERE login = 'gardien1'");
	run_sql(v->hub, "UPDATE user_sector SET sector_id = (SELECT us.sector_id FROM user_sector us "
	    "JOIN user_account u ON u.id = us.user_id WHERE u.login = 'gardien2') WHERE user_id = "
	    "(SELECT id FROM user_account WHERE login = 'gardien1')");
	must_sync(v, "gardien1", node, &n);
	assert_int_equal(n.applied, 1);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM logbook_entry WHERE text = "
	    "'Avant le changement'", NULL), 1);
	assert_int_equal(one(node, "SELECT count(*) FROM dwelling", NULL), other);
	assert_int_not_equal(other, 0);
	(void)mine;
	free(node);
}

/* Sessions cut at any byte lose nothing and apply nothing twice. */
static void
test_cut_sessions_resume(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g1.db");
	struct sync_counts n;
	long cut;
	int i;

	must_sync(v, "gardien1", node, NULL);
	for (i = 0; i < 40; i++) {
		char *sql = xasprintf("INSERT INTO logbook_entry (id, at, author_id, text, updated_at, "
		    "updated_by) SELECT '01900000-0000-7000-8000-%012d', '2026-11-22T08:00:00Z', id, "
		    "'Entrée %d', '2026-11-22T08:00:00Z', id FROM user_account WHERE login = "
		    "'gardien1'", i, i);
		run_sql(node, sql);
		free(sql);
	}
	for (cut = 7; cut < 60000; cut = cut * 3 + 11)
		session(v, "gardien1", node, cut, NULL, NULL);
	must_sync(v, "gardien1", node, &n);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM logbook_entry WHERE text LIKE 'Entrée %'",
	    NULL), 40);
	assert_int_equal(one(node, "SELECT count(*) FROM op WHERE state <> 'applied'", NULL), 0);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM sync_received", NULL), 40);
	free(node);
}


/* A row saved without a change, only its provenance moved: the hub keeps
 * its own and the node takes it back, so that both agree. */
static void
test_unchanged_save_converges(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g1.db"), *a, *b;
	struct db *db;

	must_sync(v, "gardien1", node, NULL);
	run_sql(node, "UPDATE claim SET status = status, updated_at = '2026-11-22T10:00:00Z', "
	    "updated_by = (SELECT id FROM user_account WHERE login = 'gardien1') WHERE id = "
	    CLAIM_OF("gardien1"));
	assert_int_equal(one(node, "SELECT count(*) FROM op WHERE state = 'pending'", NULL), 1);
	must_sync(v, "gardien1", node, NULL);
	db = open_db(node);
	a = db_text(db, NULL, "SELECT updated_at || updated_by FROM claim WHERE id = "
	    CLAIM_OF("gardien1"), "");
	db_close(db);
	db = open_db(v->hub);
	b = db_text(db, NULL, "SELECT updated_at || updated_by FROM claim WHERE id = "
	    CLAIM_OF("gardien1"), "");
	db_close(db);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	assert_null(strstr(b, "2026-11-22T10:00:00Z"));
	free(a);
	free(b);
	free(node);
}

/* A new laptop whose first session is cut before the welcome is a node
 * all the same: what is written on it waits to be pushed. */
static void
test_new_laptop_cut_early(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "new.db");

	assert_int_not_equal(session(v, "gardien1", node, 5, NULL, NULL), 0);
	assert_int_equal(one(node, "SELECT hub FROM sync_state", NULL), 0);
	run_sql(node, "INSERT INTO user_account (id, login, display_name, role, disabled, "
	    "updated_at, updated_by) VALUES ('01900000-0000-7000-8000-0000000000e1', 'tmp', 'Tmp', "
	    "'gardien', 0, '2026-11-22T08:00:00Z', '01900000-0000-7000-8000-0000000000e1')");
	assert_int_equal(one(node, "SELECT count(*) FROM op WHERE state = 'pending'", NULL), 1);
	free(node);
}

/* ---- Bundles (a USB stick between laptop and hub) ---- */

static int
bundle_node(const char *node, const char *path, int export, struct sync_counts *n, char *msg)
{
	struct node_opts o = {"bundle", NULL, NULL, NULL};
	struct db *db;
	struct link *l;
	struct err e;
	int fd, rc;

	if (db_open(&db, node, DB_CREATE, &e) != 0)
		fail_msg("%s: %s", node, e.msg);
	fd = export ? open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600) : open(path, O_RDONLY);
	assert_true(fd >= 0);
	l = export ? link_fd_new(-1, fd) : link_fd_new(fd, -1);
	rc = export ? node_export_bundle(db, l, &o, n, &e) : node_import_bundle(db, l, &o, n, &e);
	link_close(l);
	close(fd);
	db_close(db);
	if (msg != NULL)
		snprintf(msg, 1024, "%s", rc ? e.msg : "");
	return rc;
}

static int
bundle_hub(struct env *v, const char *login, const char *in, const char *out, char *msg)
{
	struct db *db = open_db(v->hub);
	struct user who;
	struct link *l;
	struct err e;
	int rfd = open(in, O_RDONLY), wfd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600), rc;

	assert_true(rfd >= 0 && wfd >= 0);
	memset(&who, 0, sizeof who);
	assert_int_equal(user_find(db, login, &who, &e), 1);
	l = link_fd_new(rfd, wfd);
	rc = hub_bundle(db, &who, l, in, NULL, &e);
	link_close(l);
	close(rfd);
	close(wfd);
	user_clear(&who);
	db_close(db);
	if (msg != NULL)
		snprintf(msg, 1024, "%s", rc ? e.msg : "");
	return rc;
}

/* A new laptop by USB stick, a change carried back, replies imported
 * twice, and a truncated reply. */
static void
test_bundles(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "usb.db"), *b1 = tu_path(v->dir, "b1"), *r1 = tu_path(v->dir, "r1");
	char *b2 = tu_path(v->dir, "b2"), *r2 = tu_path(v->dir, "r2"), *cut = tu_path(v->dir, "cut");
	char msg[1024], *cmd;
	struct sync_counts n;

	assert_int_equal(bundle_node(node, b1, 1, &n, msg), 0);
	assert_int_equal(bundle_hub(v, "gardien2", b1, r1, msg), 0);
	assert_int_equal(bundle_node(node, r1, 0, &n, msg), 0);
	assert_int_equal(one(node, "SELECT count(*) FROM dwelling", NULL),
	    one(v->hub, GARDIEN_DWELLINGS, "gardien2"));
	/* A laptop made by USB stick numbers in its own series too. */
	assert_int_equal(one(node, "SELECT count(*) FROM meta WHERE key = 'sync_tag' AND "
	    "value = 'B'", NULL), 1);
	run_sql(node, "INSERT INTO logbook_entry (id, at, author_id, text, updated_at, updated_by) "
	    "SELECT '01900000-0000-7000-8000-0000000000b1', '2026-11-22T08:00:00Z', id, "
	    "'Par la clé', '2026-11-22T08:00:00Z', id FROM user_account WHERE login = 'gardien2'");
	run_sql(v->hub, "UPDATE claim SET description = 'Vu au hub' WHERE id = " CLAIM_OF("gardien2"));
	assert_int_equal(bundle_node(node, b2, 1, &n, msg), 0);
	assert_int_equal(n.sent, 1);
	/* The same bundle twice at the hub: one entry. */
	assert_int_equal(bundle_hub(v, "gardien2", b2, r2, msg), 0);
	assert_int_equal(bundle_hub(v, "gardien2", b2, r2, msg), 0);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM logbook_entry WHERE text = 'Par la clé'",
	    NULL), 1);
	/* A truncated reply applies what it holds and says so. */
	cmd = xasprintf("head -c 300 '%s' > '%s'", r2, cut);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	assert_int_not_equal(bundle_node(node, cut, 0, &n, msg), 0);
	assert_int_equal(bundle_node(node, r2, 0, &n, msg), 0);
	assert_int_equal(bundle_node(node, r2, 0, &n, msg), 0);
	assert_int_equal(one(node, "SELECT count(*) FROM op WHERE state = 'applied'", NULL), 1);
	assert_int_equal(one(node, "SELECT count(*) FROM claim WHERE description = 'Vu au hub'",
	    NULL), 1);
	/* An old reply brings nothing back. */
	run_sql(v->hub, "UPDATE claim SET description = 'Plus récent' WHERE id = " CLAIM_OF("gardien2"));
	must_sync(v, "gardien2", node, NULL);
	assert_int_equal(bundle_node(node, r1, 0, &n, msg), 0);
	assert_int_equal(one(node, "SELECT count(*) FROM claim WHERE description = 'Plus récent'",
	    NULL), 1);
	free(node);
	free(b1);
	free(r1);
	free(b2);
	free(r2);
	free(cut);
}

/* ---- Photos ---- */

#define DRAFT_INSPECTION(login) \
	"(SELECT i.id FROM inspection i JOIN dwelling d ON d.id = i.dwelling_id " \
	"JOIN entrance en ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id " \
	"JOIN estate es ON es.id = b.estate_id JOIN user_sector us ON us.sector_id = es.sector_id " \
	"JOIN user_account u ON u.id = us.user_id WHERE i.state = 'draft' AND u.login = '" \
	login "' ORDER BY i.id LIMIT 1)"

/* A photo of size bytes (from seed) taken on node by login, attached to
 * an item of a draft inspection; sha gets its name. */
static void
photo_add(const char *node, const char *login, size_t size, unsigned seed, char sha[65])
{
	char *dir = tu_tmpdir(), *src = tu_path(dir, "photo.jpg"), *sql;
	char *data = xmalloc(size);
	struct attach_store st;
	struct err e;
	size_t i;

	for (i = 0; i < size; i++)
		data[i] = (char)((seed = seed * 1103515245u + 12345u) >> 16);
	tu_write(src, data, size);
	attach_open(&st, node);
	if (attach_add_file(&st, src, sha, &e) != 0)
		fail_msg("%s", e.msg);
	attach_close(&st);
	/* The gardien starts filling in a planned inspection: a room, an
	 * item, its photo. */
	sql = xasprintf("INSERT OR IGNORE INTO inspection_room (id, inspection_id, position, name, "
	    "updated_at, updated_by) SELECT '01900000-0000-7000-8000-00000000a001', "
	    DRAFT_INSPECTION("%s") ", 1, 'Séjour', '2026-11-22T08:00:00Z', id FROM user_account "
	    "WHERE login = '%s';"
	    "INSERT OR IGNORE INTO inspection_item (id, room_id, position, name, kind, updated_at, "
	    "updated_by) SELECT '01900000-0000-7000-8000-00000000a002', "
	    "'01900000-0000-7000-8000-00000000a001', 1, 'Plafond', 'ceiling', "
	    "'2026-11-22T08:00:00Z', id FROM user_account WHERE login = '%s';"
	    "INSERT INTO inspection_photo (id, item_id, sha256, caption, updated_at, updated_by) "
	    "SELECT '01900000-0000-7000-8000-%012u', '01900000-0000-7000-8000-00000000a002', '%s', "
	    "'Tache au plafond', '2026-11-22T08:00:00Z', id FROM user_account WHERE login = '%s'",
	    login, login, login, seed % 1000000, sha, login);
	run_sql(node, sql);
	free(sql);
	free(data);
	free(src);
	tu_rmdir(dir);
}

static int
has_photo(const char *db, const char *sha)
{
	struct attach_store st;
	int rc;

	attach_open(&st, db);
	rc = attach_has(&st, sha);
	attach_close(&st);
	return rc;
}

static long
partial_photo(const char *db, const char *sha)
{
	struct attach_store st;
	long n;

	attach_open(&st, db);
	n = (long)attach_partial(&st, sha);
	attach_close(&st);
	return n;
}

/* A photo goes up in chunks through cut sessions, resuming, then down to
 * another laptop of the sector; the hub confirms it once. */
static void
test_photos_travel(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g1.db"), *other = tu_path(v->dir, "g1b.db");
	struct sync_counts n;
	char sha[65];
	long cut, partial = 0;

	photo_add(node, "gardien1", 700000, 1, sha);
	for (cut = 2000; cut < 2000000 && !has_photo(v->hub, sha); cut = cut * 2 + 7777) {
		session(v, "gardien1", node, cut, NULL, NULL);
		if (partial_photo(v->hub, sha) > 0)
			partial = partial_photo(v->hub, sha);
	}
	/* Some session stopped half-way through the file. */
	assert_true(partial > 0 && partial < 700000);
	must_sync(v, "gardien1", node, &n);
	assert_true(has_photo(v->hub, sha));
	assert_int_equal(partial_photo(v->hub, sha), 0);
	assert_int_equal(one(node, "SELECT count(*) FROM sync_blob_sent", NULL), 1);
	/* Confirmed: not offered again. */
	must_sync(v, "gardien1", node, &n);
	assert_int_equal(n.files_sent, 0);
	/* Another laptop of the sector gets it with the rows. */
	must_sync(v, "gardien1", other, &n);
	assert_int_equal(n.files_received, 1);
	assert_true(has_photo(other, sha));
	must_sync(v, "gardien1", other, &n);
	assert_int_equal(n.files_received + n.files_sent, 0);
	free(node);
	free(other);
}

/* A session with the hub as login, frames written by hand: the hello of
 * a new node with that clock has been sent. */
struct raw {
	struct link *l;
	int fd;
	pid_t pid;
};

/* A session opened by hand: hello from node at protocol version, with
 * token (may be NULL). */
static void
raw_open_as(struct env *v, const char *login, const char *node, int version,
    const char *token, int64_t clock, struct raw *r)
{
	struct err e;
	cJSON *f;
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	if ((r->pid = fork()) == 0) {
		close(sv[0]);
		harness_hub_child(v->hub, login, "test", sv[1]);
	}
	close(sv[1]);
	r->fd = sv[0];
	r->l = link_fd_new(sv[0], sv[0]);
	f = proto_frame("hello");
	proto_add_int(f, "v", version);
	proto_add_str(f, "node", node);
	/* An older protocol is an older Loge: a laptop one schema behind
	 * (a real version 1 node is at schema 6), which the hub serves. */
	proto_add_int(f, "schema", version < PROTO_VERSION ? schema_latest() - 1 :
	    schema_latest());
	proto_add_int(f, "seq", 0);
	proto_add_int(f, "cursor", 0);
	proto_add_int(f, "clock", clock);
	if (token != NULL)
		proto_add_str(f, "token", token);
	assert_int_equal(proto_send(r->l, f, &e), 0);
}

static void
raw_open(struct env *v, const char *login, int64_t clock, struct raw *r)
{
	raw_open_as(v, login, "01900000-0000-7000-8000-00000000fee1", PROTO_VERSION, NULL, clock,
	    r);
}

static void
raw_close(struct raw *r)
{
	int status;

	link_close(r->l);
	close(r->fd);
	assert_int_equal(waitpid(r->pid, &status, 0), r->pid);
}

#define NODE_OLD "01900000-0000-7000-8000-0000000001d1"
#define NODE_NEW "01900000-0000-7000-8000-0000000001d2"

/* The welcome to a hello of version: checked as its node would, with
 * its protocol version and its tag ("" without), and its token. */
static void
raw_welcome(struct env *v, const char *node, int version, const char *token,
    char tag[8], char out_token[UID_SIZE])
{
	struct raw r;
	struct err e;
	int64_t got = 0;
	cJSON *f = NULL;

	raw_open_as(v, "gardien1", node, version, token, hlc_from_ms(hlc_wall_ms()), &r);
	if (proto_recv(r.l, "welcome", &f, &e) != 1)
		fail_msg("welcome: %s", e.msg);
	assert_int_equal(json_get_int(f, "v", &got), 0);
	assert_int_equal(got, version);
	snprintf(tag, 8, "%s", json_str(f, "tag") ? json_str(f, "tag") : "");
	snprintf(out_token, UID_SIZE, "%s", json_str(f, "token"));
	cJSON_Delete(f);
	raw_close(&r);
}

/* A node of protocol 1 still syncs: served at version 1, without the
 * tag its frame checks would refuse. A node of this version gets a tag
 * of its own, the same at every session. */
static void
test_tags_and_old_nodes(void **state)
{
	struct env *v = *state;
	char tag[8], again[8], token[UID_SIZE], token2[UID_SIZE];

	raw_welcome(v, NODE_OLD, 1, NULL, tag, token);
	assert_string_equal(tag, "");
	assert_int_equal(one(v->hub, "SELECT count(*) FROM sync_node WHERE node_id = ? AND "
	    "tag IS NULL", NODE_OLD), 1);
	raw_welcome(v, NODE_NEW, PROTO_VERSION, NULL, tag, token);
	assert_true(numbering_tag_ok(tag));
	raw_welcome(v, NODE_NEW, PROTO_VERSION, token, again, token2);
	assert_string_equal(again, tag);
	/* The laptop made once for every test already has A. */
	assert_string_equal(tag, "B");
	assert_int_equal(one(v->hub, "SELECT count(DISTINCT tag) FROM sync_node", NULL),
	    one(v->hub, "SELECT count(*) FROM sync_node WHERE tag IS NOT NULL", NULL));
	/* A version the hub does not speak is refused with what to do. */
	{
		struct raw r;
		struct err e;
		cJSON *f = NULL;

		raw_open_as(v, "gardien1", NODE_OLD, PROTO_VERSION + 1, NULL,
		    hlc_from_ms(hlc_wall_ms()), &r);
		assert_int_equal(proto_recv(r.l, "welcome", &f, &e), -1);
		assert_non_null(strstr(e.msg, "mettez Loge à jour"));
		raw_close(&r);
	}
}

/* A node's clock near the end of time would make every later stamp of
 * the hub overflow: the session is refused, the hub writes on. */
static void
test_hostile_clock_refused(void **state)
{
	struct env *v = *state;
	struct raw r;
	struct err e;
	cJSON *f = NULL;

	raw_open(v, "gardien1", INT64_MAX, &r);
	assert_int_equal(proto_recv(r.l, "welcome", &f, &e), -1);
	assert_non_null(strstr(e.msg, "horloge"));
	raw_close(&r);
	run_sql(v->hub, "UPDATE claim SET description = 'Encore possible' WHERE id = "
	    CLAIM_OF("gardien1"));
	assert_true(one(v->hub, "SELECT hlc FROM sync_state", NULL) < (1L << 62));
}

/* The hub gives a photo only to a node whose scope holds a row naming
 * it, and takes one only if a row names it. */
static void
test_photos_stay_in_scope(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g1.db"), *g2 = tu_path(v->dir, "g2.db"), sha[65];
	struct link *l;
	struct raw r;
	struct err e;
	cJSON *f, *files, *x;

	photo_add(node, "gardien1", 1000, 2, sha);
	must_sync(v, "gardien1", node, NULL);
	assert_true(has_photo(v->hub, sha));
	must_sync(v, "gardien2", g2, NULL);
	/* gardien2's laptop asks for gardien1's photo by its name. */
	raw_open(v, "gardien2", 0, &r);
	l = r.l;
	assert_int_equal(proto_recv(l, "welcome", &f, &e), 1);
	cJSON_Delete(f);
	f = proto_frame("want");
	files = cJSON_AddArrayToObject(f, "files");
	x = cJSON_CreateObject();
	proto_add_str(x, "sha256", sha);
	proto_add_int(x, "offset", 0);
	cJSON_AddItemToArray(files, x);
	assert_int_equal(proto_send(l, f, &e), 0);
	if (proto_recv(l, "have", &f, &e) != 1)
		fail_msg("no have frame: %s", e.msg);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(f, "missing")), 1);
	cJSON_Delete(f);
	/* A file no row names is not kept. */
	f = proto_frame("blob");
	proto_add_str(f, "sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	proto_add_int(f, "size", 0);
	proto_add_int(f, "offset", 0);
	proto_add_str(f, "data", "");
	assert_int_equal(proto_send(l, f, &e), 0);
	f = proto_frame("offer");
	cJSON_AddArrayToObject(f, "files");
	assert_int_equal(proto_send(l, f, &e), 0);
	assert_int_equal(proto_recv(l, "need", &f, &e), 1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(f, "stored")), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(f, "bad")), 1);
	cJSON_Delete(f);
	assert_int_equal(proto_send(l, proto_frame("end"), &e), 0);
	assert_int_equal(proto_recv(l, "end", &f, &e), 1);
	cJSON_Delete(f);
	raw_close(&r);
	assert_false(has_photo(v->hub,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	free(node);
	free(g2);
}

/* Photos by USB stick: up in the node's bundle, confirmed by the reply;
 * down in the reply to the bundle that asked for them. */
static void
test_photos_by_bundle(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g1.db"), *usb = tu_path(v->dir, "usb.db");
	char *b = tu_path(v->dir, "b"), *r = tu_path(v->dir, "r"), msg[1024], sha[65];
	struct sync_counts n;

	photo_add(node, "gardien1", 300000, 3, sha);
	assert_int_equal(bundle_node(node, b, 1, &n, msg), 0);
	assert_int_equal(n.files_sent, 1);
	assert_int_equal(bundle_hub(v, "gardien1", b, r, msg), 0);
	assert_true(has_photo(v->hub, sha));
	assert_int_equal(bundle_node(node, r, 0, &n, msg), 0);
	assert_int_equal(one(node, "SELECT count(*) FROM sync_blob_sent", NULL), 1);
	/* A new laptop: its first reply brings the rows, the next the photo. */
	assert_int_equal(bundle_node(usb, b, 1, &n, msg), 0);
	assert_int_equal(bundle_hub(v, "gardien1", b, r, msg), 0);
	assert_int_equal(bundle_node(usb, r, 0, &n, msg), 0);
	assert_false(has_photo(usb, sha));
	assert_int_equal(bundle_node(usb, b, 1, &n, msg), 0);
	assert_int_equal(bundle_hub(v, "gardien1", b, r, msg), 0);
	assert_int_equal(bundle_node(usb, r, 0, &n, msg), 0);
	assert_int_equal(n.files_received, 1);
	assert_true(has_photo(usb, sha));
	free(node);
	free(usb);
	free(b);
	free(r);
}

/* ---- Compaction ---- */

#define G1_LOGBOOK \
	"(SELECT id FROM logbook_entry WHERE author_id = (SELECT id FROM user_account " \
	"WHERE login = 'gardien1') ORDER BY id LIMIT 1)"

/* The hub's log is cut below what the nodes have; a node away for more
 * than 90 days starts over, its old edit merged against the current
 * values; a node's answered operations go after 90 days. */
static void
test_compaction(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g1.db");
	int64_t later = (int64_t)dt_now_ms() + 100LL * 86400 * 1000;
	struct compact_stats cs;
	struct sync_counts n;
	struct db *db;
	struct err e;

	run_sql(v->hub, "UPDATE claim SET description = 'Premier passage' WHERE id = "
	    CLAIM_OF("gardien1"));
	must_sync(v, "gardien1", node, NULL);
	must_sync(v, "gardien1", node, NULL);
	/* Cut at the node's cursor as of its last pull. */
	assert_true(one(v->hub, "SELECT compacted FROM sync_state", NULL) > 0);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM op WHERE seq <= "
	    "(SELECT compacted FROM sync_state)", NULL), 0);
	assert_int_equal(one(node, "SELECT count(*) FROM logbook_entry WHERE id = " G1_LOGBOOK,
	    NULL), 1);
	/* The node edits, then goes away; the hub edits the same field later,
	 * deletes a row, and 100 days pass. */
	run_sql(node, "INSERT INTO logbook_entry (id, at, author_id, text, updated_at, "
	    "updated_by) SELECT '01900000-0000-7000-8000-0000000000c1', '2026-11-22T08:00:00Z', "
	    "id, 'Ronde faite', '2026-11-22T08:00:00Z', id FROM user_account WHERE login = "
	    "'gardien1'");
	run_sql(node, "UPDATE claim SET description = 'Vu par le gardien' WHERE id = "
	    CLAIM_OF("gardien1"));
	run_sql(v->hub, "UPDATE claim SET description = 'Vu à l''agence' WHERE id = "
	    CLAIM_OF("gardien1"));
	run_sql(v->hub, "DELETE FROM logbook_entry WHERE id = " G1_LOGBOOK);
	db = open_db(v->hub);
	if (compact_hub(db, later, &cs, &e) != 0)
		fail_msg("%s", e.msg);
	db_close(db);
	assert_int_equal(cs.horizon, one(v->hub, "SELECT seq FROM sync_state", NULL));
	assert_true(cs.ops >= 2);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM op", NULL), 0);
	/* Back: the edit is pushed, found in conflict with the compacted
	 * past, and the sectors arrive whole again. */
	must_sync(v, "gardien1", node, &n);
	assert_int_equal(n.conflicts, 1);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM sync_conflict WHERE rule = 'lww' AND "
	    "col = 'description' AND lose_value = '\"Vu par le gardien\"'", NULL), 1);
	assert_int_equal(one(node, "SELECT count(*) FROM claim WHERE description = "
	    "'Vu à l''agence'", NULL), 1);
	assert_int_equal(one(node, "SELECT count(*) FROM logbook_entry WHERE id = " G1_LOGBOOK,
	    NULL), one(v->hub, "SELECT count(*) FROM logbook_entry WHERE id = " G1_LOGBOOK, NULL));
	assert_int_equal(one(node, "SELECT count(*) FROM dwelling", NULL),
	    one(v->hub, GARDIEN_DWELLINGS, "gardien1"));
	must_sync(v, "gardien1", node, &n);
	assert_int_equal(n.pulled, 0);
	/* The node's answered operations go after 90 days; refused ones stay. */
	run_sql(node, "UPDATE op SET state = 'refused', code = 'rule' WHERE seq = "
	    "(SELECT min(seq) FROM op)");
	db = open_db(node);
	if (compact_node(db, later, &cs, &e) != 0)
		fail_msg("%s", e.msg);
	db_close(db);
	assert_int_equal(cs.ops, 1);
	assert_int_equal(one(node, "SELECT count(*) FROM op WHERE state = 'refused'", NULL), 1);
	assert_int_equal(one(node, "SELECT count(*) FROM op", NULL), 1);
	free(node);
}

/* ---- The simulation ---- */

static uint64_t rng_state;

static unsigned
rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

#define NNODES 3
static const char *const sim_users[NNODES] = {"gardien1", "gardien1b", "gardien1c"};

/* A laptop for another user, made from a copy of gardien1's: a new node
 * id, the same sector. */
static void
sim_clone_node(struct env *v, int i, char *path)
{
	char *cmd = xasprintf("cp '%s/g1.db' '%s'", v->dir, path), *sql;

	assert_int_equal(system(cmd), 0);
	free(cmd);
	sql = xasprintf("DELETE FROM meta WHERE key IN ('node_id', 'sync_token'); "
	    "UPDATE meta SET value = '%s' WHERE key = 'node_user'", sim_users[i]);
	run_sql(path, sql);
	free(sql);
}

static void
sim_add_users(struct env *v)
{
	int i;

	for (i = 1; i < NNODES; i++) {
		char *sql = xasprintf("INSERT INTO user_account (id, login, display_name, role, "
		    "agency_id, updated_at, updated_by) SELECT '0190aaaa-0000-7000-8000-00000000000%d', "
		    "'%s', 'Remplaçant %d', 'gardien', agency_id, updated_at, updated_by FROM "
		    "user_account WHERE login = 'gardien1'; INSERT INTO user_sector (id, user_id, "
		    "sector_id, updated_at, updated_by) SELECT '0190aaaa-0000-7000-8000-00000000010%d', "
		    "'0190aaaa-0000-7000-8000-00000000000%d', sector_id, updated_at, updated_by FROM "
		    "user_sector WHERE user_id = (SELECT id FROM user_account WHERE login = "
		    "'gardien1')", i, sim_users[i], i, i, i);
		run_sql(v->hub, sql);
		free(sql);
	}
}

#define SIM_CLAIM(where) "(SELECT c.id FROM claim c " where " ORDER BY c.id LIMIT 1 OFFSET %u)"
#define SECTOR_A_CLAIMS \
	"JOIN dwelling d ON d.id = c.dwelling_id JOIN entrance en ON en.id = d.entrance_id " \
	"JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id " \
	"JOIN user_sector us ON us.sector_id = es.sector_id JOIN user_account u " \
	"ON u.id = us.user_id WHERE u.login = 'gardien1' AND c.dwelling_id IS NOT NULL"
#define USER_ID(login) "(SELECT id FROM user_account WHERE login = '" login "')"

/* One random write on a laptop (hub 0) or on the hub (hub 1). */
static void
sim_edit(const char *path, const char *user, int hub, int step)
{
	static const char *const statuses[] = {"new", "forwarded", "in_progress", "solved"};
	const char *claims = hub ? SECTOR_A_CLAIMS : "WHERE c.dwelling_id IS NOT NULL";
	char *sql = NULL, *who = xasprintf("(SELECT id FROM user_account WHERE login = '%s')", user);
	char *claim = xasprintf("(SELECT c.id FROM claim c %s ORDER BY c.id LIMIT 1 OFFSET %u)",
	    claims, rnd(3));
	char *entry = xasprintf("(SELECT id FROM logbook_entry ORDER BY id DESC LIMIT 1 OFFSET %u)",
	    rnd(4));
	const char *stamp = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

	switch (rnd(hub ? 4 : 6)) {
	case 0:
		sql = xasprintf("UPDATE claim SET description = 'Texte %d de %s', updated_at = %s, "
		    "updated_by = %s WHERE id = %s", step, user, stamp, who, claim);
		break;
	case 1:
		sql = xasprintf("UPDATE claim SET status = '%s', updated_at = %s, updated_by = %s "
		    "WHERE id = %s", statuses[rnd(4)], stamp, who, claim);
		break;
	case 2:
		sql = xasprintf("UPDATE logbook_entry SET text = text || ' +%d', updated_at = %s, "
		    "updated_by = %s WHERE id = %s", step, stamp, who, entry);
		break;
	case 3:
		sql = xasprintf("DELETE FROM logbook_entry WHERE id = %s", entry);
		break;
	case 4:
		sql = xasprintf("UPDATE dwelling SET floor = %u WHERE id = (SELECT id FROM dwelling "
		    "ORDER BY id LIMIT 1 OFFSET %u)", rnd(10), rnd(5));
		break;
	default: {
		char id[UID_SIZE];
		uid_new(id);
		sql = xasprintf("INSERT INTO logbook_entry (id, at, author_id, text, updated_at, "
		    "updated_by) VALUES ('%s', %s, %s, 'Note %d de %s', %s, %s)", id, stamp, who,
		    step, user, stamp, who);
		break;
	}
	}
	run_sql(path, sql);
	free(sql);
	free(who);
	free(claim);
	free(entry);
}

/* The rows of table t as one text: on the hub only those of the sector. */
static char *
sim_table_text(const char *path, const struct sync_table *t, const char *sector_of)
{
	struct db *db = open_db(path);
	char *expr = sync_sector_sql(t, "t"), *sql, *text;
	struct buf cols;
	struct err e;
	size_t i;

	buf_init(&cols);
	for (i = 0; i < t->ncols; i++)
		buf_printf(&cols, "%st.%s", i ? ", " : "", t->cols[i].name);
	sql = xasprintf("SELECT count(*) || ':' || coalesce(group_concat(x, '|'), '') FROM "
	    "(SELECT json_array(%s) AS x FROM %s t %s%s%s ORDER BY t.id)", cols.data, t->name,
	    expr && sector_of ? "WHERE " : "", expr && sector_of ? expr : "",
	    expr && sector_of ? " = (SELECT sector_id FROM user_sector WHERE user_id = "
	    "(SELECT id FROM user_account WHERE login = 'gardien1'))" : "");
	err_clear(&e);
	text = db_text(db, &e, sql, "");
	if (text == NULL)
		fail_msg("%s: %s", t->name, e.msg);
	free(sql);
	free(expr);
	buf_free(&cols);
	db_close(db);
	return text;
}

/* Every operation of the laptop has its answer on the hub, the same. */
static void
sim_check_answers(struct env *v, const char *node)
{
	struct db *db = open_db(node), *hub = open_db(v->hub);
	char *id = db_meta_get(db, "node_id"), *res;
	struct db_stmt *st;
	struct err e;

	st = db_stmt(db, &e, "SELECT seq, state, code FROM op ORDER BY seq");
	assert_non_null(st);
	while (db_step(st, &e) == 1) {
		const char *state = db_col_text(st, 1);
		if (strcmp(state, "pending") == 0 || strcmp(state, "sent") == 0)
			fail_msg("%s: operation %lld still %s", node, (long long)db_col_int(st, 0), state);
		if (strcmp(state, "refused") == 0 && db_col_is_null(st, 2))
			fail_msg("operation %lld refused without a reason", (long long)db_col_int(st, 0));
		err_clear(&e);
		res = db_text(hub, &e, "SELECT result FROM sync_received WHERE node_id = ? AND seq = ?",
		    "ti", id, db_col_int(st, 0));
		if (res == NULL || strcmp(res, state) != 0)
			fail_msg("operation %lld: node says %s, hub says %s", (long long)db_col_int(st, 0),
			    state, res ? res : "nothing");
		free(res);
	}
	free(id);
	db_close(hub);
	db_close(db);
}

static void
sim_check_same(struct env *v, const char *node)
{
	const struct sync_table *t = NULL;
	size_t i, n;
	char *a, *b;

	t = sync_tables(&n);
	for (i = 0; i < n; i++) {
		a = sim_table_text(v->hub, &t[i], "sector");
		b = sim_table_text(node, &t[i], NULL);
		if (strcmp(a, b) != 0) {
			size_t k = 0;

			/* Show the rows around the first difference. */
			while (a[k] == b[k])
				k++;
			k = k > 120 ? k - 120 : 0;
			fail_msg("%s: table %s differs from the hub's:\nhub:  %.400s\nnode: %.400s",
			    node, t[i].name, a + k, b + k);
		}
		free(a);
		free(b);
	}
}

static void
sim_run(struct env *v, uint64_t seed, int steps)
{
	char *nodes[NNODES];
	int i, k, tries;

	rng_state = seed * 2654435761u + 1;
	sim_add_users(v);
	for (i = 0; i < NNODES; i++) {
		nodes[i] = xasprintf("%s/sim%d.db", v->dir, i);
		if (i == 0) {
			char *cmd = xasprintf("cp '%s/g1.db' '%s'", v->dir, nodes[0]);
			assert_int_equal(system(cmd), 0);
			free(cmd);
		} else {
			sim_clone_node(v, i, nodes[i]);
		}
		must_sync(v, sim_users[i], nodes[i], NULL);
	}
	for (k = 0; k < steps; k++) {
		i = (int)rnd(NNODES);
		switch (rnd(7)) {
		case 0: case 1: case 2:
			sim_edit(nodes[i], sim_users[i], 0, k);
			break;
		case 3:
			sim_edit(v->hub, "agent1", 1, k);
			break;
		default:
			if (rnd(5) == 0)
				session_killed(v, sim_users[i], nodes[i], (long)rnd(200000),
				    (int)rnd(2));
			else
				session(v, sim_users[i], nodes[i],
				    rnd(3) == 0 ? 1 + (long)rnd(3000) : 0, NULL, NULL);
			break;
		}
	}
	/* Everyone syncs until it succeeds, twice round, then all agree. */
	for (k = 0; k < 2; k++)
		for (i = 0; i < NNODES; i++)
			for (tries = 0; session(v, sim_users[i], nodes[i], 0, NULL, NULL) != 0; tries++)
				if (tries > 3)
					fail_msg("seed %llu: %s cannot sync", (unsigned long long)seed, nodes[i]);
	if (getenv("LOGE_SIM_VERBOSE") != NULL)
		fprintf(stderr, "seed %llu: %ld ops received, %ld conflicts, %ld refused, %ld sessions "
		    "(%ld cut)\n", (unsigned long long)seed,
		    one(v->hub, "SELECT count(*) FROM sync_received", NULL),
		    one(v->hub, "SELECT count(*) FROM sync_conflict", NULL),
		    one(v->hub, "SELECT count(*) FROM sync_received WHERE result = 'refused'", NULL),
		    one(v->hub, "SELECT count(*) FROM sync_session", NULL),
		    one(v->hub, "SELECT count(*) FROM sync_session WHERE outcome <> 'ok'", NULL));
	for (i = 0; i < NNODES; i++) {
		sim_check_answers(v, nodes[i]);
		sim_check_same(v, nodes[i]);
		free(nodes[i]);
	}
}

/* Fixed seeds in `make check`; LOGE_SOAK_SEEDS=N runs N more (make soak). */
#define GARDIEN1_DWELLING \
	"SELECT d.id FROM dwelling d JOIN entrance en ON en.id = d.entrance_id JOIN building b " \
	"ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id JOIN user_sector us " \
	"ON us.sector_id = es.sector_id JOIN user_account u ON u.id = us.user_id " \
	"WHERE u.login = 'gardien1' ORDER BY d.id LIMIT 1"

static long
count_of(const char *path, const char *sql, const char *a, const char *b)
{
	struct db *db = open_db(path);
	long n = tu_long(db, sql, a, b, NULL);

	db_close(db);
	return n;
}

/* Claim and work order written offline on a laptop as gardien1, at
 * 2026-11-21: its numbers go to *claim_no and *order_no (the caller
 * frees). */
static void
offline_claim(const char *path, char **claim_no, char **order_no)
{
	struct db *db = open_db(path);
	struct user who;
	struct claim_new c = {CLAIM_PLACE_DWELLING, NULL, "plumbing", "urgent", "lodge", NULL,
	    "Fuite sous l'évier"};
	struct work_order_new w;
	char id[UID_SIZE], number[CLAIM_NUMBER_SIZE], oid[UID_SIZE];
	char onumber[WORK_ORDER_NUMBER_SIZE], *dwelling, *plumber;
	struct err e;

	tu_user(db, "gardien1", &who);
	dwelling = tu_text(db, GARDIEN1_DWELLING, NULL);
	plumber = tu_text(db, "SELECT id FROM contractor WHERE trade = 'plumbing' "
	    "ORDER BY id LIMIT 1", NULL);
	c.place_id = dwelling;
	if (claim_create(db, &who, &c, "2026-11-21T10:00:00Z", id, number, &e) != 0)
		fail_msg("claim_create: %s", e.msg);
	memset(&w, 0, sizeof w);
	w.claim_id = id;
	w.contractor_id = plumber;
	if (work_order_create(db, &who, &w, "2026-11-21T10:05:00Z", oid, onumber, &e) != 0)
		fail_msg("work_order_create: %s", e.msg);
	*claim_no = xstrdup(number);
	*order_no = xstrdup(onumber);
	free(dwelling);
	free(plumber);
	user_clear(&who);
	db_close(db);
}

/* Two laptops number offline: each has its own tag from the hub, so both
 * claims and both work orders reach the hub, and then both laptops. */
static void
test_two_laptops_number_offline(void **state)
{
	struct env *v = *state;
	char *a = tu_path(v->dir, "g1.db"), *b = tu_path(v->dir, "g1b.db");
	char *ca, *oa, *cb, *ob;
	struct sync_counts n;
	const char *sql;

	must_sync(v, "gardien1", a, NULL);
	must_sync(v, "gardien1", b, NULL);
	offline_claim(a, &ca, &oa);
	offline_claim(b, &cb, &ob);
	/* a is the laptop made once for every test, b a new one. */
	assert_string_equal(ca, "R2026-A-0001");
	assert_string_equal(oa, "BT2026-A-0001");
	assert_string_equal(cb, "R2026-B-0001");
	assert_string_equal(ob, "BT2026-B-0001");
	must_sync(v, "gardien1", a, &n);
	assert_int_equal(n.refused, 0);
	must_sync(v, "gardien1", b, &n);
	assert_int_equal(n.refused, 0);
	must_sync(v, "gardien1", a, &n);
	sql = "SELECT count(*) FROM claim WHERE number IN (?, ?)";
	assert_int_equal(count_of(v->hub, sql, ca, cb), 2);
	assert_int_equal(count_of(a, sql, ca, cb), 2);
	assert_int_equal(count_of(b, sql, ca, cb), 2);
	sql = "SELECT count(*) FROM work_order WHERE number IN (?, ?)";
	assert_int_equal(count_of(v->hub, sql, oa, ob), 2);
	assert_int_equal(count_of(a, sql, oa, ob), 2);
	assert_int_equal(count_of(b, sql, oa, ob), 2);
	free(ca);
	free(oa);
	free(cb);
	free(ob);
	free(a);
	free(b);
}

/* Refusals that carry others with them. */
#define DEPENDS_LIKE "dépend d''une modification refusée : %"
#define AFTER_CLAIM(tables) \
	"SELECT count(*) FROM op WHERE tbl IN " tables " AND seq >= (SELECT seq FROM op " \
	"WHERE tbl = 'claim' AND kind = 'insert' AND row_id = ?) "

static char *
text_of(const char *path, const char *sql, const char *a)
{
	struct db *db = open_db(path);
	char *s = tu_text(db, sql, a);

	db_close(db);
	return s;
}

/* The hub refuses a claim written offline (its estate went meanwhile to
 * another sector): the laptop undoes it with its events and its work
 * order, all in its refused list, the dependants saying whose refusal
 * they follow; the session ends well and the rest of what the laptop
 * did goes up. */
static void
test_refused_claim_takes_its_dependants(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g1.db"), *cno, *ono, *claim, *dwelling, *sql;
	struct sync_counts n;
	char msg[1024];

	must_sync(v, "gardien1", node, NULL);
	offline_claim(node, &cno, &ono);
	claim = text_of(node, "SELECT id FROM claim WHERE number = ?", cno);
	dwelling = text_of(node, "SELECT dwelling_id FROM claim WHERE id = ?", claim);
	assert_true(one(node, "SELECT count(*) FROM claim_event WHERE claim_id = ?", claim) > 0);
	assert_true(one(node, "SELECT count(*) FROM work_order_event e JOIN work_order w "
	    "ON w.id = e.work_order_id WHERE w.claim_id = ?", claim) > 0);
	run_sql(node, "INSERT INTO logbook_entry (id, at, author_id, text, updated_at, updated_by) "
	    "SELECT '01900000-0000-7000-8000-0000000000b2', '2026-11-21T11:00:00Z', id, "
	    "'Hors ligne', '2026-11-21T11:00:00Z', id FROM user_account WHERE login = 'gardien1'");
	/* Meanwhile on the hub the estate goes to another sector. */
	sql = xasprintf("UPDATE estate SET sector_id = (SELECT id FROM sector WHERE id NOT IN "
	    "(SELECT us.sector_id FROM user_sector us JOIN user_account u ON u.id = us.user_id "
	    "WHERE u.login = 'gardien1') ORDER BY id LIMIT 1) WHERE id = (SELECT b.estate_id "
	    "FROM dwelling d JOIN entrance en ON en.id = d.entrance_id JOIN building b "
	    "ON b.id = en.building_id WHERE d.id = '%s')", dwelling);
	run_sql(v->hub, sql);
	if (session(v, "gardien1", node, 0, &n, msg) != 0)
		fail_msg("sync after a refused claim: %s", msg);
	/* Undone, with everything that hangs from it. */
	assert_int_equal(one(node, "SELECT count(*) FROM claim WHERE id = ?", claim), 0);
	assert_int_equal(one(node, "SELECT count(*) FROM claim_event WHERE claim_id = ?", claim), 0);
	assert_int_equal(one(node, "SELECT count(*) FROM work_order WHERE claim_id = ?", claim), 0);
	assert_int_equal(one(node, "SELECT count(*) FROM work_order WHERE number = ?", ono), 0);
	/* All in the refused list: the claim for its own reason, the rest
	 * for the claim's. */
	assert_int_equal(one(node, "SELECT count(*) FROM op WHERE tbl = 'claim' AND row_id = ? "
	    "AND kind = 'insert' AND state = 'refused' AND code = 'scope'", claim), 1);
	assert_int_equal(one(node, AFTER_CLAIM("('claim', 'claim_event', 'work_order', "
	    "'work_order_event')") "AND state <> 'refused'", claim), 0);
	assert_int_equal(one(node, AFTER_CLAIM("('claim_event', 'work_order', 'work_order_event')")
	    "AND (code IS NOT 'depends' OR message NOT LIKE '" DEPENDS_LIKE "sortirait des "
	    "secteurs%')", claim), 0);
	assert_true(one(node, AFTER_CLAIM("('claim_event', 'work_order', 'work_order_event')"),
	    claim) >= 3);
	assert_int_equal(n.refused, one(node, "SELECT count(*) FROM op WHERE state = 'refused'",
	    NULL));
	/* The hub has none of it, and says why for the dependants it saw. */
	assert_int_equal(one(v->hub, "SELECT count(*) FROM claim WHERE id = ?", claim), 0);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM work_order WHERE number = ?", ono), 0);
	assert_true(one(v->hub, "SELECT count(*) FROM sync_received WHERE tbl = 'work_order' AND "
	    "result = 'refused' AND code = 'depends' AND message LIKE '" DEPENDS_LIKE "'", NULL) > 0);
	/* The rest went up. */
	assert_int_equal(one(v->hub, "SELECT count(*) FROM logbook_entry WHERE id = "
	    "'01900000-0000-7000-8000-0000000000b2'", NULL), 1);
	/* Nothing left to send, nothing broken. */
	must_sync(v, "gardien1", node, &n);
	assert_int_equal(n.sent, 0);
	assert_int_equal(n.refused, 0);
	free(sql);
	free(dwelling);
	free(claim);
	free(cno);
	free(ono);
	free(node);
}

/* A tenant and their lease links deleted on a laptop whose role may
 * not: all refused, all put back, the parent before its children. */
static void
test_refused_deletes_come_back_in_order(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g1.db"), *tenant, *sql;
	struct sync_counts n;
	long links;
	char msg[1024];

	must_sync(v, "gardien1", node, NULL);
	tenant = text_of(node, "SELECT t.id FROM tenant t WHERE EXISTS (SELECT 1 FROM lease_tenant "
	    "lt WHERE lt.tenant_id = t.id) AND NOT EXISTS (SELECT 1 FROM inspection_party p "
	    "WHERE p.tenant_id = t.id) AND NOT EXISTS (SELECT 1 FROM claim c WHERE "
	    "c.tenant_id = t.id) ORDER BY t.id LIMIT 1", NULL);
	links = one(node, "SELECT count(*) FROM lease_tenant WHERE tenant_id = ?", tenant);
	assert_true(links > 0);
	sql = xasprintf("DELETE FROM lease_tenant WHERE tenant_id = '%s'; "
	    "DELETE FROM tenant WHERE id = '%s';", tenant, tenant);
	run_sql(node, sql);
	if (session(v, "gardien1", node, 0, &n, msg) != 0)
		fail_msg("sync after refused deletes: %s", msg);
	assert_int_equal(n.refused, links + 1);
	assert_int_equal(one(node, "SELECT count(*) FROM tenant WHERE id = ?", tenant), 1);
	assert_int_equal(one(node, "SELECT count(*) FROM lease_tenant WHERE tenant_id = ?", tenant),
	    links);
	assert_int_equal(one(node, "SELECT count(*) FROM op WHERE kind = 'delete' AND "
	    "state = 'refused' AND code = 'permission'", NULL), links + 1);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM lease_tenant WHERE tenant_id = ?",
	    tenant), links);
	must_sync(v, "gardien1", node, &n);
	assert_int_equal(n.sent, 0);
	free(sql);
	free(tenant);
	free(node);
}

/* A dependant that would have gone in a later batch (500 other changes
 * come between): refused and undone on the laptop, never sent; the
 * changes in between all go up. */
static void
test_refused_claim_takes_unsent_dependants(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g1.db"), *cno, *ono, *claim, *dwelling, *sql;
	struct sync_counts n;
	char msg[1024];
	const char *event = "01900000-0000-7000-8000-0000000000c1";

	must_sync(v, "gardien1", node, NULL);
	offline_claim(node, &cno, &ono);
	claim = text_of(node, "SELECT id FROM claim WHERE number = ?", cno);
	dwelling = text_of(node, "SELECT dwelling_id FROM claim WHERE id = ?", claim);
	run_sql(node, "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k "
	    "WHERE i < 600) INSERT INTO logbook_entry (id, at, author_id, text, updated_at, "
	    "updated_by) SELECT printf('01900000-0000-7000-8001-%012d', i), "
	    "'2026-11-21T12:00:00Z', u.id, 'Ronde ' || i, '2026-11-21T12:00:00Z', u.id "
	    "FROM k, user_account u WHERE u.login = 'gardien1'");
	sql = xasprintf("INSERT INTO claim_event (id, claim_id, at, user_id, from_status, "
	    "to_status, comment, updated_at, updated_by) SELECT '%s', '%s', "
	    "'2026-11-21T13:00:00Z', id, 'new', 'new', 'Rappelé le locataire', "
	    "'2026-11-21T13:00:00Z', id FROM user_account WHERE login = 'gardien1'", event, claim);
	run_sql(node, sql);
	free(sql);
	sql = xasprintf("UPDATE estate SET sector_id = (SELECT id FROM sector WHERE id NOT IN "
	    "(SELECT us.sector_id FROM user_sector us JOIN user_account u ON u.id = us.user_id "
	    "WHERE u.login = 'gardien1') ORDER BY id LIMIT 1) WHERE id = (SELECT b.estate_id "
	    "FROM dwelling d JOIN entrance en ON en.id = d.entrance_id JOIN building b "
	    "ON b.id = en.building_id WHERE d.id = '%s')", dwelling);
	run_sql(v->hub, sql);
	if (session(v, "gardien1", node, 0, &n, msg) != 0)
		fail_msg("sync after a refused claim: %s", msg);
	assert_int_equal(one(node, "SELECT count(*) FROM claim_event WHERE id = ?", event), 0);
	assert_int_equal(one(node, "SELECT count(*) FROM op WHERE row_id = ? AND state = 'refused' "
	    "AND code = 'depends' AND message LIKE '" DEPENDS_LIKE "sortirait%'", event), 1);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM sync_received WHERE row_id = ?", event),
	    0);
	assert_int_equal(one(node, "SELECT count(*) FROM claim WHERE id = ?", claim), 0);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM logbook_entry WHERE text GLOB "
	    "'Ronde *'", NULL), 600);
	assert_int_equal(n.refused, one(node, "SELECT count(*) FROM op WHERE state = 'refused'",
	    NULL));
	must_sync(v, "gardien1", node, &n);
	assert_int_equal(n.sent, 0);
	free(sql);
	free(dwelling);
	free(claim);
	free(cno);
	free(ono);
	free(node);
}

/* A lease link moved to another tenant, then its old tenant deleted, on
 * a laptop whose role may do neither: undone newest first, the tenant
 * comes back before the link points to it again. */
static void
test_refused_update_points_back(void **state)
{
	struct env *v = *state;
	char *node = tu_path(v->dir, "g1.db"), *link, *from, *to, *sql;
	struct sync_counts n;
	char msg[1024];

	must_sync(v, "gardien1", node, NULL);
	from = text_of(node, "SELECT t.id FROM tenant t WHERE (SELECT count(*) FROM lease_tenant "
	    "lt WHERE lt.tenant_id = t.id) = 1 AND NOT EXISTS (SELECT 1 FROM inspection_party p "
	    "WHERE p.tenant_id = t.id) AND NOT EXISTS (SELECT 1 FROM claim c WHERE "
	    "c.tenant_id = t.id) ORDER BY t.id LIMIT 1", NULL);
	link = text_of(node, "SELECT id FROM lease_tenant WHERE tenant_id = ?", from);
	to = text_of(node, "SELECT id FROM tenant WHERE id NOT IN (SELECT tenant_id FROM "
	    "lease_tenant WHERE lease_id = (SELECT lease_id FROM lease_tenant WHERE id = ?)) "
	    "ORDER BY id LIMIT 1", link);
	sql = xasprintf("UPDATE lease_tenant SET tenant_id = '%s' WHERE id = '%s'; "
	    "DELETE FROM tenant WHERE id = '%s';", to, link, from);
	run_sql(node, sql);
	if (session(v, "gardien1", node, 0, &n, msg) != 0)
		fail_msg("sync after a refused update: %s", msg);
	assert_int_equal(n.refused, 2);
	assert_int_equal(one(node, "SELECT count(*) FROM tenant WHERE id = ?", from), 1);
	assert_int_equal(one(node, "SELECT count(*) FROM lease_tenant WHERE tenant_id = ?", from),
	    1);
	assert_int_equal(one(v->hub, "SELECT count(*) FROM lease_tenant WHERE tenant_id = ?",
	    from), 1);
	must_sync(v, "gardien1", node, &n);
	assert_int_equal(n.sent, 0);
	free(sql);
	free(to);
	free(from);
	free(link);
	free(node);
}

static void
test_simulation(void **state)
{
	struct env *v = *state;
	const char *soak = getenv("LOGE_SOAK_SEEDS"), *first = getenv("LOGE_SOAK_FIRST");
	int seeds = soak ? atoi(soak) : 2, from = first ? atoi(first) - 1 : 0, s;

	/* LOGE_SOAK_FIRST=N: replay from seed N (a failure's seed). */
	for (s = from; s < seeds; s++) {
		if (s > from) {
			teardown(state);
			setup(state);
			v = *state;
		}
		sim_run(v, (uint64_t)s + 1, soak ? 120 : 60);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_sync_gets_own_sector, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_false_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflicts_go_to_the_ledger, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_is_kept_and_undone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restored_and_cloned_nodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signed_inspection_is_immutable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_late_edit_of_signed_inspection_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_scope_change_purges_and_fills, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut_sessions_resume, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unchanged_save_converges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_laptop_cut_early, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bundles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_photos_travel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_photos_stay_in_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_clock_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_photos_by_bundle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_laptops_number_offline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tags_and_old_nodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_claim_takes_its_dependants, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refused_deletes_come_back_in_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refused_claim_takes_unsent_dependants, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refused_update_points_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_simulation, setup, teardown),
	};
	struct env base;
	char *dir = tu_tmpdir();
	struct db *db;
	int rc;

	signal(SIGPIPE, SIG_IGN);
	demo_path = tu_path(dir, "demo.db");
	node_path = tu_path(dir, "node.db");
	db = tu_demo_db(dir, "demo.db", 700, 7, "2026-11-20");
	db_close(db);
	base.dir = dir;
	base.hub = demo_path;
	must_sync(&base, "gardien1", node_path, NULL);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(node_path);
	free(demo_path);
	tu_rmdir(dir);
	return rc;
}
