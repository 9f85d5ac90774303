/* The sync log's read side and the settling of conflicts, on a small demo
 * hub with sessions, ledger lines, received operations and local
 * operations written directly: the lists and their filters, values
 * withheld from roles that may not read them, refusals tied to their
 * session, the status line's figures, and a supervisor who acknowledges
 * or restores (the value written back, and a new operation in the log),
 * or is refused. */
#include "tests/unit/testutil.h"

#include <time.h>

#include "core/user.h"
#include "sync/settle.h"
#include "sync/synclog.h"

#define DATE "2026-01-15"
#define NODE "11111111-1111-7111-8111-111111111111"
#define NODE_B "22222222-2222-7222-8222-222222222222"
#define AGENCY_B "33333333-3333-7333-8333-333333333333"
#define SECTOR_B "44444444-4444-7444-8444-444444444444"
#define SUPER_B "55555555-5555-7555-8555-555555555555"
#define GARDIEN_B "66666666-6666-7666-8666-666666666666"
#define S1 "a0000000-0000-7000-8000-000000000001"
#define S2 "a0000000-0000-7000-8000-000000000002"
#define S3 "a0000000-0000-7000-8000-000000000003"
#define S4 "a0000000-0000-7000-8000-000000000004"
#define C_LWW "c0000000-0000-7000-8000-000000000001"
#define C_DEL "c0000000-0000-7000-8000-000000000002"
#define C_APP "c0000000-0000-7000-8000-000000000003"
#define C_PHONE "c0000000-0000-7000-8000-000000000004"
#define C_GONE "c0000000-0000-7000-8000-000000000005"
#define C_SAME "c0000000-0000-7000-8000-000000000006"
#define GONE_ROW "dddddddd-dddd-7ddd-8ddd-dddddddddddd"

struct fx {
	char *dir;
	struct db *db;
	struct user super, admin, gardien, agent, auditor, super_b;
	char dwelling[37], sector[37], tenant[37], entry[37];
};

static void
run(struct db *db, const char *sql)
{
	struct err e;

	if (db_script(db, &e, sql) != 0)
		fail_msg("%s: %s", sql, e.msg);
}

static void
find_user(struct db *db, const char *login, struct user *u)
{
	struct err e;

	if (user_find(db, login, u, &e) != 1)
		fail_msg("user %s", login);
}

static void
text_into(struct db *db, const char *sql, char out[37])
{
	struct err e;
	char *s = db_text(db, &e, sql, "");

	assert_non_null(s);
	snprintf(out, 37, "%s", s);
	free(s);
}

/* A second agency with its supervisor and gardien. */
static void
other_agency(struct fx *f)
{
	char *sql = xasprintf(
	    "INSERT INTO agency (id, organisation_id, code, name, updated_at, updated_by) "
	    "SELECT '" AGENCY_B "', organisation_id, 'B', 'Agence B', '" DATE "T00:00:00Z', id "
	    "FROM agency LIMIT 1;"
	    "INSERT INTO sector (id, agency_id, code, name, updated_at, updated_by) VALUES "
	    "('" SECTOR_B "', '" AGENCY_B "', 'SB', 'Secteur B', '" DATE "T00:00:00Z', '%s');"
	    "INSERT INTO user_account (id, login, display_name, role, agency_id, disabled, "
	    "updated_at, updated_by) VALUES ('" SUPER_B "', 'superb', 'Sup B', 'superviseur', "
	    "'" AGENCY_B "', 0, '" DATE "T00:00:00Z', '%s'), ('" GARDIEN_B "', 'gardienb', "
	    "'Gardien B', 'gardien', '" AGENCY_B "', 0, '" DATE "T00:00:00Z', '%s');",
	    f->admin.id, f->admin.id, f->admin.id);

	run(f->db, sql);
	free(sql);
}

/* Four sessions: gardien1's with a conflict and a refusal, gardien1's
 * quiet one, agency B's gardien's, and a node's own. */
static void
sessions(struct fx *f)
{
	char *sql = xasprintf(
	    "INSERT INTO sync_session (id, side, peer, node_id, user_id, started_at, ended_at, "
	    "sent, received, applied, merged, conflicts, refused, pulled, bytes_in, bytes_out, "
	    "skew_ms, outcome, error) VALUES "
	    "('" S1 "', 'hub', 'ssh 192.0.2.1', '" NODE "', '%s', '2026-01-10T08:00:00Z', "
	    "'2026-01-10T08:01:00Z', 0, 5, 2, 1, 1, 1, 0, 900, 4000, 120, 'ok', NULL), "
	    "('" S2 "', 'hub', 'ssh 192.0.2.1', '" NODE "', '%s', '2026-01-12T09:00:00Z', "
	    "'2026-01-12T09:00:05Z', 0, 2, 2, 0, 0, 0, 0, 300, 800, NULL, 'ok', NULL), "
	    "('" S3 "', 'hub', 'stdin', '" NODE_B "', '" GARDIEN_B "', '2026-01-11T10:00:00Z', "
	    "'2026-01-11T10:00:09Z', 0, 3, 1, 0, 0, 2, 0, 500, 900, 10, 'error', 'coupure'), "
	    "('" S4 "', 'node', 'hub.example:22', '" NODE "', NULL, '2026-01-13T07:00:00Z', "
	    "'2026-01-13T07:00:03Z', 4, 0, 3, 0, 0, 1, 7, 800, 300, NULL, 'ok', NULL);",
	    f->gardien.id, f->gardien.id);

	run(f->db, sql);
	free(sql);
}

static void
conflict(struct fx *f, const char *id, const char *tbl, const char *row, const char *col,
    const char *rule, const char *base, const char *win, const char *lose)
{
	struct err e;

	if (db_run(f->db, &e, "INSERT INTO sync_conflict (id, at, session_id, tbl, row_id, col, "
	    "rule, base_value, win_value, lose_value, win_user, win_node, win_at, lose_user, "
	    "lose_node, lose_at, lose_seq, sector) VALUES (?, '2026-01-10T08:00:30Z', '" S1 "', "
	    "?, ?, ?, ?, ?, ?, ?, ?, (SELECT value FROM meta WHERE key = 'node_id'), "
	    "'2026-01-10T07:55:00Z', ?, '" NODE "', "
	    "'2026-01-10T07:50:00Z', 3, ?)", "ttttttttttt", id, tbl, row, col, rule, base, win,
	    lose, f->super.id, f->gardien.id, f->sector) != 0)
		fail_msg("conflict %s: %s", id, e.msg);
}

static void
ledger(struct fx *f)
{
	struct err e;

	assert_int_equal(db_run(f->db, &e, "UPDATE dwelling SET floor = 3 WHERE id = ?", "t",
	    f->dwelling), 0);
	conflict(f, C_LWW, "dwelling", f->dwelling, "floor", "lww", "2", "3", "4");
	conflict(f, C_DEL, "dwelling", f->dwelling, NULL, "delete", NULL, "{\"floor\":3}",
	    "{\"floor\":[3,null]}");
	conflict(f, C_APP, "logbook_entry", f->entry, "text", "append", "\"a\"", "\"a\\nb\"",
	    "\"b\"");
	conflict(f, C_PHONE, "tenant", f->tenant, "phone", "lww", "\"0102030405\"",
	    "\"0600000000\"", "\"0611111111\"");
	conflict(f, C_GONE, "dwelling", GONE_ROW, "floor", "lww", "1", "2", "5");
	conflict(f, C_SAME, "dwelling", f->dwelling, "floor", "hub", "2", "4", "3");
	/* Node N's operations as the hub received them: 5 refused in S1, 6
	 * applied, 7 refused two days later (in no listed session). */
	run(f->db, "INSERT INTO sync_received (node_id, seq, body_sha256, result, code, hub_seq, at) "
	    "VALUES ('" NODE "', 5, 'x', 'refused', 'permission', 0, '2026-01-10T08:00:40Z'), "
	    "('" NODE "', 6, 'y', 'applied', NULL, 0, '2026-01-10T08:00:41Z'), "
	    "('" NODE "', 7, 'z', 'refused', 'scope', 0, '2026-01-12T12:00:00Z'), "
	    "('" NODE_B "', 1, 'w', 'refused', 'type', 0, '2026-01-11T10:00:01Z');"
	    "INSERT INTO sync_node (node_id, user_id, first_seen, last_seen) SELECT '" NODE "', "
	    "id, '2026-01-01T00:00:00Z', '2026-01-12T00:00:00Z' FROM user_account "
	    "WHERE login = 'gardien1';");
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->db = tu_demo_db(f->dir, "hub.db", 40, 7, DATE);
	find_user(f->db, "superviseur1", &f->super);
	find_user(f->db, "admin", &f->admin);
	find_user(f->db, "gardien1", &f->gardien);
	find_user(f->db, "agent1", &f->agent);
	find_user(f->db, "auditeur", &f->auditor);
	text_into(f->db, "SELECT id FROM dwelling ORDER BY reference LIMIT 1", f->dwelling);
	text_into(f->db, "SELECT id FROM sector LIMIT 1", f->sector);
	text_into(f->db, "SELECT id FROM tenant ORDER BY id LIMIT 1", f->tenant);
	text_into(f->db, "SELECT id FROM logbook_entry ORDER BY id LIMIT 1", f->entry);
	other_agency(f);
	find_user(f->db, "superb", &f->super_b);
	sessions(f);
	ledger(f);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	user_clear(&f->super);
	user_clear(&f->admin);
	user_clear(&f->gardien);
	user_clear(&f->agent);
	user_clear(&f->auditor);
	user_clear(&f->super_b);
	db_close(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static size_t
list(struct fx *f, const struct synclog_filter *flt, char ids[8][37])
{
	struct synclog_session *s;
	struct err e;
	size_t n, i;

	if (synclog_sessions(f->db, flt, &s, &n, &e) != 0)
		fail_msg("synclog_sessions: %s", e.msg);
	for (i = 0; i < n && i < 8; i++)
		snprintf(ids[i], 37, "%s", s[i].id);
	synclog_sessions_free(s, n);
	return n;
}

static void
test_sessions_filters(void **state)
{
	struct fx *f = *state;
	struct synclog_filter flt = {0};
	char ids[8][37];

	/* Everything, newest first. */
	assert_int_equal(list(f, &flt, ids), 4);
	assert_string_equal(ids[0], S4);
	assert_string_equal(ids[1], S2);
	assert_string_equal(ids[2], S3);
	assert_string_equal(ids[3], S1);
	flt.limit = 2;
	assert_int_equal(list(f, &flt, ids), 2);
	flt.limit = 0;
	flt.since = "2026-01-12";
	assert_int_equal(list(f, &flt, ids), 2);
	flt.since = NULL;
	flt.problems = 1;
	assert_int_equal(list(f, &flt, ids), 3);
	assert_string_equal(ids[0], S4);
	assert_string_equal(ids[2], S1);
	flt.problems = 0;
	/* A supervisor sees the sessions of his agency's users only. */
	synclog_filter_for(&f->super, &flt);
	assert_int_equal(list(f, &flt, ids), 2);
	assert_string_equal(ids[0], S2);
	assert_string_equal(ids[1], S1);
	synclog_filter_for(&f->super_b, &flt);
	assert_int_equal(list(f, &flt, ids), 1);
	assert_string_equal(ids[0], S3);
	/* A gardien his own, and the node's own log; the admin all. */
	synclog_filter_for(&f->gardien, &flt);
	assert_int_equal(list(f, &flt, ids), 3);
	synclog_filter_for(&f->admin, &flt);
	assert_int_equal(list(f, &flt, ids), 4);
}

static void
test_session_fields(void **state)
{
	struct fx *f = *state;
	struct synclog_session s;
	struct err e;

	assert_int_equal(synclog_session_find(f->db, S1, &s, &e), 1);
	assert_string_equal(s.side, "hub");
	assert_string_equal(s.user_login, "gardien1");
	assert_string_equal(s.user_name, f->gardien.display_name);
	assert_string_equal(s.node_id, NODE);
	assert_int_equal(s.received, 5);
	assert_int_equal(s.conflicts, 1);
	assert_int_equal(s.bytes_out, 4000);
	assert_int_equal(s.skew_known, 1);
	assert_int_equal(s.skew_ms, 120);
	assert_int_equal(s.open, 6);
	assert_string_equal(s.outcome, "ok");
	synclog_session_clear(&s);
	assert_int_equal(synclog_session_find(f->db, S2, &s, &e), 1);
	assert_int_equal(s.skew_known, 0);
	assert_int_equal(s.open, 0);
	synclog_session_clear(&s);
	assert_int_equal(synclog_session_find(f->db, "nope", &s, &e), 0);
}

static const struct synclog_conflict *
by_id(const struct synclog_conflict *c, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(c[i].id, id) == 0)
			return &c[i];
	fail_msg("conflict %s missing", id);
	return NULL;
}

static void
test_conflicts(void **state)
{
	struct fx *f = *state;
	struct synclog_conflict *c;
	const struct synclog_conflict *x;
	struct err e;
	char *label, *ref;
	size_t n;

	assert_int_equal(synclog_conflicts(f->db, "superviseur", S1, &c, &n, &e), 0);
	assert_int_equal(n, 6);
	x = by_id(c, n, C_LWW);
	ref = db_text(f->db, &e, "SELECT reference FROM dwelling WHERE id = ?", "t", f->dwelling);
	label = xasprintf("Logement %s", ref);
	assert_string_equal(x->row_label, label);
	assert_string_equal(x->base_value, "2");
	assert_string_equal(x->win_value, "3");
	assert_string_equal(x->lose_value, "4");
	assert_string_equal(x->cur_value, "3");
	assert_string_equal(x->win_user, f->super.display_name);
	assert_string_equal(x->lose_user, f->gardien.display_name);
	assert_string_equal(x->win_node, "hub");
	assert_string_equal(x->lose_node, NODE);
	assert_string_equal(x->status, "open");
	assert_int_equal(x->hidden, 0);
	assert_int_equal(x->row_gone, 0);
	assert_int_equal(by_id(c, n, C_GONE)->row_gone, 1);
	/* The supervisor reads tenants' phones; the auditor may not. */
	assert_string_equal(by_id(c, n, C_PHONE)->lose_value, "\"0611111111\"");
	synclog_conflicts_free(c, n);
	assert_int_equal(synclog_conflicts(f->db, "auditeur", S1, &c, &n, &e), 0);
	x = by_id(c, n, C_PHONE);
	assert_int_equal(x->hidden, 1);
	assert_null(x->lose_value);
	assert_null(x->win_value);
	assert_null(x->cur_value);
	assert_string_equal(by_id(c, n, C_LWW)->lose_value, "4");
	synclog_conflicts_free(c, n);
	assert_int_equal(synclog_conflicts(f->db, "superviseur", S2, &c, &n, &e), 0);
	assert_int_equal(n, 0);
	free(label);
	free(ref);
}

static void
test_session_refusals(void **state)
{
	struct fx *f = *state;
	struct synclog_session s;
	struct synclog_refusal *r;
	struct err e;
	size_t n;

	assert_int_equal(synclog_session_find(f->db, S1, &s, &e), 1);
	assert_int_equal(synclog_session_refusals(f->db, &s, &r, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].seq, 5);
	assert_string_equal(r[0].code, "permission");
	assert_string_equal(r[0].node_id, NODE);
	synclog_refusals_free(r, n);
	synclog_session_clear(&s);
	assert_int_equal(synclog_session_find(f->db, S3, &s, &e), 1);
	assert_int_equal(synclog_session_refusals(f->db, &s, &r, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].code, "type");
	synclog_refusals_free(r, n);
	synclog_session_clear(&s);
	/* The gardien's own refusals on the hub: both of his node's. */
	assert_int_equal(synclog_refused(f->db, &f->gardien, &r, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].seq, 7);
	assert_int_equal(r[1].seq, 5);
	synclog_refusals_free(r, n);
}

/* The same database seen as a node: its refused and pending operations,
 * and its last good session, for the status line. */
static void
test_node_side(void **state)
{
	struct fx *f = *state;
	struct synclog_status st;
	struct synclog_refusal *r;
	struct synclog_session s;
	struct err e;
	char *text;
	size_t n;

	assert_int_equal(synclog_status(f->db, &st, &e), 0);
	assert_int_equal(st.hub, 1);
	assert_string_equal(st.last, "2026-01-12T09:00:05Z");
	run(f->db, "UPDATE sync_state SET hub = 0;"
	    "INSERT INTO op (seq, tbl, row_id, kind, fields, base, hlc, schema, at, state, code, "
	    "result_at) VALUES (900001, 'dwelling', (SELECT id FROM dwelling ORDER BY reference "
	    "LIMIT 1), 'update', '{\"floor\":[2,7],\"updated_at\":[\"a\",\"b\"]}', 0, 0, 4, "
	    "'2026-01-13T06:00:00Z', 'refused', 'permission', '2026-01-13T07:00:02Z'), "
	    "(900002, 'dwelling', 'x', 'update', '{}', 0, 0, 4, '2026-01-13T08:00:00Z', "
	    "'pending', NULL, NULL), (900003, 'dwelling', 'x', 'update', '{}', 0, 0, 4, "
	    "'2026-01-13T08:00:00Z', 'sent', NULL, NULL);");
	assert_int_equal(synclog_is_hub(f->db, &e), 0);
	assert_int_equal(synclog_status(f->db, &st, &e), 0);
	assert_int_equal(st.hub, 0);
	assert_int_equal(st.pending, 2);
	assert_int_equal(st.refused, 1);
	assert_string_equal(st.last, "2026-01-13T07:00:03Z");
	assert_int_equal(synclog_refused(f->db, &f->gardien, &r, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].seq, 900001);
	assert_null(r[0].node_id);
	assert_string_equal(r[0].code, "permission");
	text = synclog_fields_text(r[0].tbl, r[0].fields);
	assert_string_equal(text, "Étage : 2 \xe2\x86\x92 7");
	free(text);
	synclog_refusals_free(r, n);
	/* The node's session holds that refusal. */
	assert_int_equal(synclog_session_find(f->db, S4, &s, &e), 1);
	assert_int_equal(synclog_session_refusals(f->db, &s, &r, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].seq, 900001);
	synclog_refusals_free(r, n);
	synclog_session_clear(&s);
}

static long
op_count(struct fx *f)
{
	return tu_long(f->db, "SELECT count(*) FROM op", NULL, NULL, NULL);
}

static void
test_acknowledge(void **state)
{
	struct fx *f = *state;
	struct err e;
	long ops = op_count(f);

	assert_int_equal(settle_conflict(f->db, &f->super, C_LWW, SETTLE_ACKNOWLEDGE, &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT status = 'acknowledged' AND settled_by = ? AND "
	    "settled_at IS NOT NULL FROM sync_conflict WHERE id = '" C_LWW "'", f->super.id,
	    NULL, NULL), 1);
	assert_int_equal(tu_long(f->db, "SELECT floor FROM dwelling WHERE id = ?", f->dwelling,
	    NULL, NULL), 3);
	assert_int_equal(op_count(f), ops);
	/* Twice: already settled, says by whom. */
	assert_int_equal(settle_conflict(f->db, &f->super, C_LWW, SETTLE_RESTORE, &e), -1);
	assert_non_null(strstr(e.msg, "déjà acquitté"));
	assert_non_null(strstr(e.msg, f->super.display_name));
	assert_int_equal(tu_long(f->db, "SELECT floor FROM dwelling WHERE id = ?", f->dwelling,
	    NULL, NULL), 3);
}

static void
test_restore(void **state)
{
	struct fx *f = *state;
	struct err e;
	long ops = op_count(f);
	int64_t seq = tu_long(f->db, "SELECT seq FROM sync_state", NULL, NULL, NULL);

	assert_int_equal(settle_conflict(f->db, &f->super, C_LWW, SETTLE_RESTORE, &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT floor FROM dwelling WHERE id = ?", f->dwelling,
	    NULL, NULL), 4);
	assert_int_equal(tu_long(f->db, "SELECT updated_by = ? FROM dwelling WHERE id = ?",
	    f->super.id, f->dwelling, NULL), 1);
	assert_int_equal(tu_long(f->db, "SELECT status = 'overridden' AND settled_by = ? "
	    "FROM sync_conflict WHERE id = '" C_LWW "'", f->super.id, NULL, NULL), 1);
	/* One new operation of the hub's log, with the value, by the supervisor. */
	assert_int_equal(op_count(f), ops + 1);
	assert_int_equal(tu_long(f->db, "SELECT json_extract(fields, '$.floor[1]') FROM op "
	    "WHERE seq = (SELECT max(seq) FROM op) AND tbl = 'dwelling' AND row_id = ? AND "
	    "kind = 'update' AND state = 'hub' AND user_id = ?", f->dwelling, f->super.id, NULL),
	    4);
	assert_int_equal(tu_long(f->db, "SELECT json_extract(fields, '$.floor[0]') FROM op "
	    "WHERE seq = (SELECT max(seq) FROM op)", NULL, NULL, NULL), 3);
	assert_true(tu_long(f->db, "SELECT seq FROM sync_state", NULL, NULL, NULL) > seq);
}

static void
expect_refused(struct fx *f, const struct user *who, const char *id, enum settle_how how,
    const char *why)
{
	struct err e;
	long ops = op_count(f);
	char *before = db_text(f->db, &e, "SELECT status FROM sync_conflict WHERE id = ?", "t", id);

	assert_int_equal(settle_conflict(f->db, who, id, how, &e), -1);
	if (strstr(e.msg, why) == NULL)
		fail_msg("expected « %s » in « %s »", why, e.msg);
	assert_int_equal(op_count(f), ops);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM sync_conflict WHERE id = ? AND "
	    "status IS ?", id, before, NULL), before ? 1 : 0);
	free(before);
}

static void
test_refused(void **state)
{
	struct fx *f = *state;

	expect_refused(f, &f->agent, C_LWW, SETTLE_ACKNOWLEDGE, "réservé au superviseur");
	expect_refused(f, &f->gardien, C_LWW, SETTLE_RESTORE, "Règlement refusé");
	expect_refused(f, &f->auditor, C_LWW, SETTLE_ACKNOWLEDGE, "Auditeur");
	expect_refused(f, &f->super, C_DEL, SETTLE_RESTORE, "ne peut qu'être acquitté");
	expect_refused(f, &f->super, C_APP, SETTLE_RESTORE, "acquittez");
	expect_refused(f, &f->super, C_GONE, SETTLE_RESTORE, "n'existe plus");
	/* Floor is 3 and the losing value 3: nothing to restore. */
	expect_refused(f, &f->super, C_SAME, SETTLE_RESTORE, "déjà la valeur en place");
	expect_refused(f, &f->super_b, C_PHONE, SETTLE_ACKNOWLEDGE, "autre agence");
	expect_refused(f, &f->super, "c0000000-0000-7000-8000-0000000000ff", SETTLE_ACKNOWLEDGE,
	    "introuvable");
	/* What may only be acknowledged can be. */
	assert_int_equal(settle_can_restore("delete"), 0);
	assert_int_equal(settle_can_restore("lww"), 1);
	{
		struct err e;
		assert_int_equal(settle_conflict(f->db, &f->admin, C_DEL, SETTLE_ACKNOWLEDGE, &e), 0);
	}
}

static void
test_words(void **state)
{
	char *s, when[32];

	(void)state;
	assert_string_equal(synclog_table_label("dwelling"), "Logement");
	assert_string_equal(synclog_table_label("zzz"), "zzz");
	s = synclog_value_text("dwelling", "area_m2", "54.5");
	assert_string_equal(s, "54,5 m²");
	free(s);
	s = synclog_value_text("dwelling", "floor", "null");
	assert_string_equal(s, "(vide)");
	free(s);
	s = synclog_value_text("tenant", "phone", "\"06 01\"");
	assert_string_equal(s, "06 01");
	free(s);
	s = synclog_value_text("x", "y", NULL);
	assert_string_equal(s, "(aucune)");
	free(s);
	s = synclog_field_label("dwelling", "floor");
	assert_string_equal(s, "Étage");
	free(s);
	s = synclog_fields_text("logbook_entry", "{\"id\":[null,\"x\"],\"text\":[null,\"Fuite\"],"
	    "\"dwelling_id\":[null,\"y\"],\"at\":[null,null]}");
	assert_string_equal(s, "Texte : Fuite");
	free(s);
	assert_non_null(strstr(synclog_code_text("quarantine"), "horloge"));
	assert_non_null(strstr(synclog_code_text("scope"), "secteurs"));
	assert_string_equal(synclog_code_text("nouveau"), "nouveau");
	assert_string_equal(synclog_status_text("overridden"), "rétabli");
	assert_string_equal(synclog_outcome_text("cut"), "coupée");
	setenv("TZ", "UTC", 1);
	tzset();
	synclog_when("2026-11-22T08:15:00Z", 0, when, sizeof when);
	assert_string_equal(when, "22/11 à 08:15");
	synclog_when("2026-11-22T08:15:00Z", 1, when, sizeof when);
	assert_string_equal(when, "22/11/2026 08:15");
	synclog_when("bad", 0, when, sizeof when);
	assert_string_equal(when, "?");
}

/* The status line's query at every redraw must stay cheap. */
static void
test_status_cost(void **state)
{
	struct fx *f = *state;
	struct synclog_status st;
	struct timespec a, b;
	struct err e;
	double us;
	int i;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < 1000; i++)
		assert_int_equal(synclog_status(f->db, &st, &e), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	us = ((double)(b.tv_sec - a.tv_sec) * 1e6 + (double)(b.tv_nsec - a.tv_nsec) / 1e3) / 1000;
	print_message("# synclog_status: %.1f us per call\n", us);
	assert_true(us < 2000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sessions_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_node_side, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acknowledge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test(test_words),
		cmocka_unit_test_setup_teardown(test_status_cost, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
