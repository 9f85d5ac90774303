/* Change capture (see capture.h). */
#include "capture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/db.h"
#include "core/schema.h"
#include "core/xalloc.h"
#include "tables.h"

/* Node-local tables: never replicated. */
static const char capture_ddl[] =
    /* One row: capture on or off, the last node sequence number, the
     * clock, the last hub sequence applied (the cursor), and whether this
     * database is the hub (its op log is then the hub's sequence). */
    "CREATE TABLE sync_state (id INTEGER PRIMARY KEY CHECK (id = 1), "
    "  capture INTEGER NOT NULL DEFAULT 1 CHECK (capture IN (0, 1)), "
    "  hub INTEGER NOT NULL DEFAULT 1 CHECK (hub IN (0, 1)), "
    "  seq INTEGER NOT NULL DEFAULT 0, hlc INTEGER NOT NULL DEFAULT 0, "
    "  cursor INTEGER NOT NULL DEFAULT 0) STRICT;\n"
    "INSERT INTO sync_state (id) VALUES (1);\n"
    /* On a node: its own writes, pending until the hub answers. On the
     * hub: every change in hub order, with the node it came from, and the
     * row's sector after and before it (for the pull's scope filter; a
     * node leaves them NULL). The checks are OR chains, not IN lists:
     * SQLite builds a temporary index for an IN list at every insert,
     * which made a third of the cost of capturing a change. */
    "CREATE TABLE op (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id TEXT NOT NULL, "
    "  kind TEXT NOT NULL CHECK (kind = 'insert' OR kind = 'update' OR kind = 'delete'), "
    "  fields TEXT NOT NULL, base INTEGER NOT NULL, hlc INTEGER NOT NULL, "
    "  schema INTEGER NOT NULL, user_id TEXT, sector TEXT, old_sector TEXT, "
    "  at TEXT NOT NULL, origin TEXT, origin_seq INTEGER, "
    "  state TEXT NOT NULL CHECK (state = 'hub' OR state = 'pending' OR state = 'sent' OR "
    "    state = 'applied' OR state = 'merged' OR state = 'conflict' OR state = 'refused'), "
    "  code TEXT, message TEXT, result_at TEXT) STRICT;\n"
    "CREATE INDEX op_row ON op(tbl, row_id, seq);\n"
    "CREATE INDEX op_state ON op(state, seq) WHERE state <> 'hub';\n"
    /* Hub: the nodes it knows. token changes at every session, so that a
     * cloned laptop (two nodes, one id) shows itself; the previous token
     * stays good while nothing came under the new one (token_seq: last_seq
     * when it was given), for a node that lost the welcome to a cut. */
    "CREATE TABLE sync_node (node_id TEXT PRIMARY KEY NOT NULL, user_id TEXT, "
    "  token TEXT, prev_token TEXT, token_seq INTEGER NOT NULL DEFAULT 0, "
    "  last_seq INTEGER NOT NULL DEFAULT 0, "
    "  cursor INTEGER NOT NULL DEFAULT 0, scope TEXT, skew_ms INTEGER, "
    "  first_seen TEXT NOT NULL, last_seen TEXT NOT NULL) STRICT;\n"
    /* Hub: every operation received, with its result, for replays. */
    "CREATE TABLE sync_received (node_id TEXT NOT NULL, seq INTEGER NOT NULL, "
    "  body_sha256 TEXT NOT NULL, result TEXT NOT NULL, code TEXT, message TEXT, "
    "  tbl TEXT, row_id TEXT, session_id TEXT, hub_seq INTEGER, "
    "  at TEXT NOT NULL, PRIMARY KEY (node_id, seq)) STRICT, WITHOUT ROWID;\n"
    "CREATE INDEX sync_received_session ON sync_received(session_id);\n"
    /* Hub: the conflict ledger. Values are JSON scalars; losing values
     * are kept here for ever, but for an anonymised tenant's personal
     * values (sync/scrub.c). */
    "CREATE TABLE sync_conflict (id TEXT PRIMARY KEY NOT NULL, at TEXT NOT NULL, "
    "  session_id TEXT, tbl TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT, "
    "  rule TEXT NOT NULL, base_value TEXT, win_value TEXT, lose_value TEXT, "
    "  win_user TEXT, win_node TEXT, win_hlc INTEGER, win_at TEXT, "
    "  lose_user TEXT, lose_node TEXT, lose_hlc INTEGER, lose_at TEXT, lose_seq INTEGER, "
    "  skew_ms INTEGER, sector TEXT, "
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','acknowledged','overridden')), "
    "  settled_by TEXT, settled_at TEXT) STRICT;\n"
    "CREATE INDEX sync_conflict_status ON sync_conflict(status, at);\n"
    "CREATE INDEX sync_conflict_session ON sync_conflict(session_id);\n"
    /* Both sides: one row per session. */
    "CREATE TABLE sync_session (id TEXT PRIMARY KEY NOT NULL, "
    "  side TEXT NOT NULL CHECK (side IN ('hub','node')), peer TEXT, node_id TEXT, "
    "  user_id TEXT, started_at TEXT NOT NULL, ended_at TEXT, "
    "  sent INTEGER NOT NULL DEFAULT 0, received INTEGER NOT NULL DEFAULT 0, "
    "  applied INTEGER NOT NULL DEFAULT 0, merged INTEGER NOT NULL DEFAULT 0, "
    "  conflicts INTEGER NOT NULL DEFAULT 0, refused INTEGER NOT NULL DEFAULT 0, "
    "  pulled INTEGER NOT NULL DEFAULT 0, bytes_in INTEGER NOT NULL DEFAULT 0, "
    "  bytes_out INTEGER NOT NULL DEFAULT 0, skew_ms INTEGER, "
    "  outcome TEXT NOT NULL DEFAULT 'running' CHECK (outcome IN ('running','ok','error','cut')), "
    "  error TEXT) STRICT;\n"
    "CREATE INDEX sync_session_started ON sync_session(started_at);\n";

/* A counter, not max(tag): a tag is never given twice, even if its node's
 * row went. */
const char capture_tag_ddl[] =
    "ALTER TABLE sync_node ADD COLUMN tag TEXT;\n"
    "CREATE UNIQUE INDEX sync_node_tag ON sync_node(tag);\n"
    "ALTER TABLE sync_state ADD COLUMN tags INTEGER NOT NULL DEFAULT 0;\n";

/* A signed inspection and what hangs from it are frozen (an amendment is
 * a new inspection). Enforced while capture is on: pulling a signed
 * inspection's rows from the hub must still work. */
#define FROZEN_MSG "'état des lieux signé : il ne peut plus être modifié (faites un avenant)'"
#define CAPTURING "(SELECT capture FROM sync_state)"

static const struct {
	const char *table;
	const char *inspection; /* the inspection id, "$" for the row */
} frozen[] = {
	{"inspection_room", "$.inspection_id"},
	{"inspection_meter", "$.inspection_id"},
	{"inspection_key", "$.inspection_id"},
	{"inspection_party", "$.inspection_id"},
	{"inspection_item", "(SELECT inspection_id FROM inspection_room WHERE id = $.room_id)"},
	{"inspection_photo", "(SELECT r.inspection_id FROM inspection_item i JOIN inspection_room r "
	    "ON r.id = i.room_id WHERE i.id = $.item_id)"},
};

#define NFROZEN (sizeof frozen / sizeof frozen[0])

/* s with every "$." replaced by alias. */
static void
add_aliased(struct buf *b, const char *s, const char *alias)
{
	for (; *s; s++) {
		if (s[0] == '$' && s[1] == '.') {
			buf_adds(b, alias);
			s++;
			continue;
		}
		buf_addc(b, *s);
	}
}

static void
frozen_triggers(struct buf *b)
{
	static const char *const events[] = {"INSERT", "UPDATE", "DELETE"};
	size_t i, k;

	buf_printf(b, "CREATE TRIGGER frozen_inspection_u BEFORE UPDATE ON inspection "
	    "WHEN old.state = 'signed' AND %s BEGIN SELECT RAISE(ABORT, %s); END;\n",
	    CAPTURING, FROZEN_MSG);
	buf_printf(b, "CREATE TRIGGER frozen_inspection_d BEFORE DELETE ON inspection "
	    "WHEN old.state = 'signed' AND %s BEGIN SELECT RAISE(ABORT, %s); END;\n",
	    CAPTURING, FROZEN_MSG);
	for (i = 0; i < NFROZEN; i++)
		for (k = 0; k < 3; k++) {
			buf_printf(b, "CREATE TRIGGER frozen_%s_%c BEFORE %s ON %s WHEN %s AND (",
			    frozen[i].table, "iud"[k], events[k], frozen[i].table, CAPTURING);
			if (k > 0) {
				buf_adds(b, "(SELECT state FROM inspection WHERE id = ");
				add_aliased(b, frozen[i].inspection, "old.");
				buf_adds(b, ") = 'signed'");
			}
			if (k == 1)
				buf_adds(b, " OR ");
			if (k < 2) {
				buf_adds(b, "(SELECT state FROM inspection WHERE id = ");
				add_aliased(b, frozen[i].inspection, "new.");
				buf_adds(b, ") = 'signed'");
			}
			buf_printf(b, ") BEGIN SELECT RAISE(ABORT, %s); END;\n", FROZEN_MSG);
		}
}

/* json_object('c', json_array(OLD, NEW), ...) for every column. */
static void
fields_json(struct buf *b, const struct sync_table *t, const char *oldp, const char *newp)
{
	size_t i;

	buf_adds(b, "json_object(");
	for (i = 0; i < t->ncols; i++)
		buf_printf(b, "%s'%s', json_array(%s%s, %s%s)", i ? ", " : "", t->cols[i].name,
		    oldp ? oldp : "NULL", oldp ? t->cols[i].name : "",
		    newp ? newp : "NULL", newp ? t->cols[i].name : "");
	buf_addc(b, ')');
}

/* Only the columns that changed, in table order. (A UNION ALL, not a
 * VALUES list: SQLite cannot name VALUES columns that refer to old/new.) */
static void
changed_json(struct buf *b, const struct sync_table *t)
{
	size_t i;

	buf_adds(b, "(SELECT json_group_object(c, json_array(o, n)) FROM (");
	for (i = 0; i < t->ncols; i++)
		buf_printf(b, "%sSELECT '%s' AS c, old.%s AS o, new.%s AS n", i ? " UNION ALL " : "",
		    t->cols[i].name, t->cols[i].name, t->cols[i].name);
	buf_adds(b, ") WHERE o IS NOT n)");
}

/* The row's sector, on the hub only: the pull's scope filter reads it
 * there, and nothing reads it on a node, where working it out (twice for
 * an update) was more than a quarter of the cost of capturing a change. */
static void
sector_expr(struct buf *b, const struct sync_table *t, const char *alias)
{
	char *s = sync_sector_sql(t, alias);

	if (s != NULL)
		buf_printf(b, "CASE WHEN hub THEN %s END", s);
	else
		buf_adds(b, "NULL");
	free(s);
}

/* The statements every capture trigger starts with: the next sequence
 * number and a clock stamp past both the wall clock and the last one. */
#define CAPTURE_TICK \
	"UPDATE sync_state SET seq = seq + 1, hlc = max(hlc + 1, " \
	"CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536); " \
	"INSERT INTO op (seq, tbl, row_id, kind, fields, base, hlc, schema, user_id, sector, " \
	"old_sector, at, state) SELECT seq, "
/* What follows the fields in every capture trigger: base, clock, schema,
 * who, the row's sector (row: "new" or "old") and its sector before
 * (before: "old", or NULL for an insert), when, and the state. */
static void
capture_tail(struct buf *b, const struct sync_table *t, const char *row, const char *before)
{
	buf_printf(b, ", cursor, hlc, %d, %s.updated_by, ", schema_latest(), row);
	sector_expr(b, t, row);
	buf_adds(b, ", ");
	if (before != NULL)
		sector_expr(b, t, before);
	else
		buf_adds(b, "NULL");
	buf_adds(b, ", strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
	    "CASE WHEN hub THEN 'hub' ELSE 'pending' END FROM sync_state; END;\n");
}

static void
capture_triggers(struct buf *b, const struct sync_table *t)
{
	size_t i;

	buf_printf(b, "DROP TRIGGER IF EXISTS capture_%s_i; DROP TRIGGER IF EXISTS capture_%s_u; "
	    "DROP TRIGGER IF EXISTS capture_%s_d;\n", t->name, t->name, t->name);
	buf_printf(b, "CREATE TRIGGER capture_%s_i AFTER INSERT ON %s WHEN %s BEGIN "
	    CAPTURE_TICK "'%s', new.id, 'insert', ", t->name, t->name, CAPTURING, t->name);
	fields_json(b, t, NULL, "new.");
	capture_tail(b, t, "new", NULL);

	buf_printf(b, "CREATE TRIGGER capture_%s_u AFTER UPDATE ON %s WHEN %s AND (",
	    t->name, t->name, CAPTURING);
	for (i = 0; i < t->ncols; i++)
		buf_printf(b, "%sold.%s IS NOT new.%s", i ? " OR " : "", t->cols[i].name,
		    t->cols[i].name);
	buf_printf(b, ") BEGIN " CAPTURE_TICK "'%s', new.id, 'update', ", t->name);
	changed_json(b, t);
	capture_tail(b, t, "new", "old");

	/* A tombstone keeps the row's last values: an edit that wins over
	 * the delete brings the row back from them. */
	buf_printf(b, "CREATE TRIGGER capture_%s_d AFTER DELETE ON %s WHEN %s BEGIN "
	    CAPTURE_TICK "'%s', old.id, 'delete', ", t->name, t->name, CAPTURING, t->name);
	fields_json(b, t, "old.", NULL);
	capture_tail(b, t, "old", "old");
}

/* An infinite real (9e999 typed in the sqlite3 shell) could not travel
 * in a frame: it is refused at the door, like any invalid value. */
static void
finite_triggers(struct buf *b, const struct sync_table *t)
{
	static const char *const events[] = {"INSERT", "UPDATE"};
	size_t i, k;

	for (i = 0; i < t->ncols; i++) {
		if (t->cols[i].type != ST_REAL)
			continue;
		for (k = 0; k < 2; k++)
			buf_printf(b, "CREATE TRIGGER finite_%s_%s_%c BEFORE %s ON %s "
			    "WHEN abs(new.%s) > 1.7976931348623157e308 BEGIN SELECT RAISE(ABORT, "
			    "'%s.%s : nombre infini refusé'); END;\n", t->name, t->cols[i].name,
			    "iu"[k], events[k], t->name, t->cols[i].name, t->name, t->cols[i].name);
	}
}

int
capture_install(struct db *db, struct err *e)
{
	const struct sync_table *t;
	struct buf b;
	size_t i, n;
	int rc;

	buf_init(&b);
	buf_adds(&b, capture_ddl);
	t = sync_tables(&n);
	for (i = 0; i < n; i++) {
		/* A table a later version creates gets its triggers there
		 * (capture_install_table). */
		if (strcmp(t[i].name, "audit_log") == 0)
			continue;
		capture_triggers(&b, &t[i]);
		finite_triggers(&b, &t[i]);
	}
	frozen_triggers(&b);
	rc = db_script(db, e, b.data);
	buf_free(&b);
	return rc;
}

int
capture_install_table(struct db *db, const char *table, struct err *e)
{
	const struct sync_table *t = sync_table_find(table);
	struct buf b;
	int rc;

	if (t == NULL)
		return err_set(e, "table %s non répliquée", table);
	buf_init(&b);
	capture_triggers(&b, t);
	finite_triggers(&b, t);
	rc = db_script(db, e, b.data);
	buf_free(&b);
	return rc;
}

static int
capture_set(struct db *db, int on, struct err *e)
{
	if (!db_in_transaction(db))
		return err_set(e, "suspension de la capture hors transaction");
	return db_run(db, e, "UPDATE sync_state SET capture = ?", "d", on);
}

int
capture_suspend(struct db *db, struct err *e)
{
	return capture_set(db, 0, e);
}

int
capture_resume(struct db *db, struct err *e)
{
	return capture_set(db, 1, e);
}

int64_t
hlc_from_ms(int64_t ms)
{
	return (int64_t)((uint64_t)ms << 16);
}

int64_t
hlc_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
capture_merge_clock(struct db *db, int64_t remote, struct err *e)
{
	/* Past 2^62 (the year 4000) the next stamps would overflow. */
	if (remote < 0 || remote > INT64_C(1) << 62)
		return err_set(e, "horloge de l'autre côté invalide (%lld)", (long long)remote);
	return db_run(db, e, "UPDATE sync_state SET hlc = max(hlc, ?)", "i", remote);
}

int64_t
capture_clock(struct db *db)
{
	int64_t h = 0;

	if (db_int(db, NULL, &h, "SELECT hlc FROM sync_state", "") != 1)
		return 0;
	return h > hlc_from_ms(hlc_wall_ms()) ? h : hlc_from_ms(hlc_wall_ms());
}

int64_t
capture_pending(struct db *db)
{
	int64_t n = 0;

	if (db_int(db, NULL, &n, "SELECT count(*) FROM op WHERE state IN ('pending','sent')",
	    "") < 0)
		return -1;
	return n;
}

int64_t
capture_refused(struct db *db)
{
	int64_t n = 0;

	if (db_int(db, NULL, &n, "SELECT count(*) FROM op WHERE state = 'refused'", "") < 0)
		return -1;
	return n;
}
