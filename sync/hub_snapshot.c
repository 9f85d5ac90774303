/* The hub's snapshot: the rows of sectors that joined a node's scope (all
 * of them for a new node), table by table in id order, resumable at
 * (table, after). See hub_internal.h. */
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/xalloc.h"
#include "hub_internal.h"
#include "json.h"
#include "proto.h"
#include "row.h"
#include "tables.h"

/* How a snapshot finds the rows of some sectors without testing every
 * row of the hub: from the rows of the parents already found, down the
 * references that each table's sector expression (sync/tables.c) follows.
 * One entry per "$.column" of the expression, parents before children;
 * parent NULL: the column holds the sector itself; sql: candidates found
 * another way (?1: the sectors, a JSON array). A link only proposes
 * candidates: the table's own expression then keeps exactly the rows a
 * full scan would, testing the candidates alone. A table whose expression
 * uses a column not listed here is scanned whole (slow, never wrong). */
static const struct snap_link {
	const char *table, *column, *parent, *sql;
} snap_links[] = {
	{"estate", "sector_id", NULL, NULL},
	{"building", "estate_id", "estate", NULL},
	{"entrance", "building_id", "building", NULL},
	{"dwelling", "entrance_id", "entrance", NULL},
	{"common_area", "building_id", "building", NULL},
	{"common_area", "estate_id", "estate", NULL},
	{"equipment", "dwelling_id", "dwelling", NULL},
	{"equipment", "building_id", "building", NULL},
	{"equipment", "common_area_id", "common_area", NULL},
	{"lease", "dwelling_id", "dwelling", NULL},
	{"lease_tenant", "lease_id", "lease", NULL},
	/* A tenant goes where one of their leases is. */
	{"tenant", "id", "lease_tenant", "SELECT tenant_id FROM lease_tenant WHERE id IN "
	    "(SELECT id FROM temp.sync_snap WHERE tbl = 'lease_tenant')"},
	{"inspection", "dwelling_id", "dwelling", NULL},
	{"inspection_room", "inspection_id", "inspection", NULL},
	{"inspection_item", "room_id", "inspection_room", NULL},
	{"inspection_photo", "item_id", "inspection_item", NULL},
	{"inspection_meter", "inspection_id", "inspection", NULL},
	{"inspection_key", "inspection_id", "inspection", NULL},
	{"inspection_party", "inspection_id", "inspection", NULL},
	{"claim", "dwelling_id", "dwelling", NULL},
	{"claim", "entrance_id", "entrance", NULL},
	{"claim", "building_id", "building", NULL},
	{"claim", "common_area_id", "common_area", NULL},
	{"claim_event", "claim_id", "claim", NULL},
	{"round_template", "building_id", "building", NULL},
	{"round_template", "estate_id", "estate", NULL},
	{"round_template_item", "template_id", "round_template", NULL},
	{"round_run", "template_id", "round_template", NULL},
	{"round_result", "round_id", "round_run", NULL},
	{"work_order", "dwelling_id", "dwelling", NULL},
	{"work_order", "entrance_id", "entrance", NULL},
	{"work_order", "building_id", "building", NULL},
	{"work_order", "common_area_id", "common_area", NULL},
	{"work_order_event", "work_order_id", "work_order", NULL},
	{"works", "dwelling_id", "dwelling", NULL},
	{"works", "building_id", "building", NULL},
	{"works", "estate_id", "estate", NULL},
	{"works", "common_area_id", "common_area", NULL},
	{"logbook_entry", "dwelling_id", "dwelling", NULL},
	{"logbook_entry", "entrance_id", "entrance", NULL},
	{"logbook_entry", "building_id", "building", NULL},
	/* An entry about no place: its author's sectors. */
	{"logbook_entry", "author_id", NULL, "SELECT id FROM logbook_entry WHERE author_id IN "
	    "(SELECT user_id FROM user_sector WHERE sector_id IN (SELECT value FROM json_each(?1)))"},
	{"note", "dwelling_id", "dwelling", NULL},
	{"note", "building_id", "building", NULL},
	{"note", "estate_id", "estate", NULL},
};

#define NSNAP_LINKS (sizeof snap_links / sizeof snap_links[0])

/* Whether the links of table name a column (the len bytes at column). */
static int
snap_listed(const char *table, const char *column, size_t len)
{
	size_t i;

	for (i = 0; i < NSNAP_LINKS; i++)
		if (strcmp(snap_links[i].table, table) == 0 &&
		    strncmp(snap_links[i].column, column, len) == 0 &&
		    snap_links[i].column[len] == '\0')
			return 1;
	return 0;
}

static int
snap_done(const char *const *done, size_t ndone, const char *table)
{
	size_t i;

	for (i = 0; i < ndone; i++)
		if (strcmp(done[i], table) == 0)
			return 1;
	return 0;
}

/* Whether the links cover every column t's sector expression reads, and
 * every parent they name was walked before. */
static int
snap_walkable(const struct sync_table *t, const char *const *done, size_t ndone)
{
	const char *p;
	size_t i, len;

	for (p = t->sector; (p = strstr(p, "$.")) != NULL; p += len) {
		p += 2;
		len = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
		if (!snap_listed(t->name, p, len))
			return 0;
	}
	for (i = 0; i < NSNAP_LINKS; i++)
		if (strcmp(snap_links[i].table, t->name) == 0 && snap_links[i].parent != NULL &&
		    !snap_done(done, ndone, snap_links[i].parent))
			return 0;
	return 1;
}

/* The candidates of t from its links, into temp.sync_cand. */
static int
snap_candidates(struct hub *h, const struct sync_table *t, const char *sectors,
    struct err *e)
{
	const struct snap_link *k;
	char *sql;
	size_t i;
	int rc = db_script(h->db, e, "DELETE FROM temp.sync_cand");

	for (i = 0; i < NSNAP_LINKS && rc == 0; i++) {
		k = &snap_links[i];
		if (strcmp(k->table, t->name) != 0)
			continue;
		if (k->sql != NULL)
			sql = xasprintf("INSERT OR IGNORE INTO temp.sync_cand %s", k->sql);
		else if (k->parent == NULL)
			sql = xasprintf("INSERT OR IGNORE INTO temp.sync_cand SELECT id FROM %s "
			    "WHERE %s IN (SELECT value FROM json_each(?1))", k->table, k->column);
		else
			sql = xasprintf("INSERT OR IGNORE INTO temp.sync_cand SELECT id FROM %s "
			    "WHERE %s IN (SELECT id FROM temp.sync_snap WHERE tbl = '%s')",
			    k->table, k->column, k->parent);
		rc = strstr(sql, "?1") ? db_run(h->db, e, sql, "t", sectors) :
		    db_run(h->db, e, sql, "");
		free(sql);
	}
	return rc;
}

/* The rows of t in the sectors, into temp.sync_snap: the candidates its
 * links give (walk), else every row of t, kept by t's sector expression. */
static int
snap_fill(struct hub *h, const struct sync_table *t, const char *sectors, int walk,
    struct err *e)
{
	char *expr = sync_sector_sql(t, "t"), *sql;
	int rc = 0;

	if (walk && (rc = snap_candidates(h, t, sectors, e)) != 0)
		goto out;
	sql = xasprintf("INSERT INTO temp.sync_snap SELECT '%s', t.id FROM %s%s t%s WHERE "
	    "%s IN (SELECT value FROM json_each(?))", t->name, walk ? "temp.sync_cand c "
	    "CROSS JOIN " : "", t->name, walk ? " ON t.id = c.id" : "", expr);
	rc = db_run(h->db, e, sql, "t", sectors);
	free(sql);
out:
	free(expr);
	return rc;
}

/* Finds, once per set of sectors and connection, the rows of the
 * sectors: temp.sync_snap (table, id), which the batches then page
 * through. A snapshot that starts again (no table) finds them anew. */
static int
snap_build(struct hub *h, const char *sectors, int restart, struct err *e)
{
	const struct sync_table *t, *x;
	const char *done[64];
	char *have;
	size_t i, k, n, ndone = 0;
	int rc;

	if (db_script(h->db, e, "CREATE TEMP TABLE IF NOT EXISTS sync_snap (tbl TEXT, id TEXT, "
	    "PRIMARY KEY (tbl, id)) WITHOUT ROWID; CREATE TEMP TABLE IF NOT EXISTS sync_cand "
	    "(id TEXT PRIMARY KEY) WITHOUT ROWID; CREATE TEMP TABLE IF NOT EXISTS "
	    "sync_snap_for (sectors TEXT)") != 0)
		return -1;
	err_clear(e);
	have = db_text(h->db, e, "SELECT sectors FROM temp.sync_snap_for", "");
	rc = e->msg[0] ? -1 : !restart && have != NULL && strcmp(have, sectors) == 0 ? 1 : 0;
	free(have);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (db_script(h->db, e, "DELETE FROM temp.sync_snap; DELETE FROM temp.sync_snap_for") != 0)
		return -1;
	t = sync_tables(&n);
	/* In the links' order (parents first), then what they do not cover. */
	for (k = 0; k < NSNAP_LINKS && rc == 0; k++) {
		x = sync_table_find(snap_links[k].table);
		if (x == NULL || x->sector == NULL || snap_done(done, ndone, x->name) ||
		    ndone == sizeof done / sizeof done[0] || !snap_walkable(x, done, ndone))
			continue;
		rc = snap_fill(h, x, sectors, 1, e);
		done[ndone++] = x->name;
	}
	for (i = 0; i < n && rc == 0; i++)
		if (t[i].sector != NULL && !snap_done(done, ndone, t[i].name))
			rc = snap_fill(h, &t[i], sectors, 0, e);
	if (rc == 0)
		rc = db_run(h->db, e, "INSERT INTO temp.sync_snap_for VALUES (?)", "t", sectors);
	return rc;
}

/* Up to `want` ids of t after `after` in id order: every row of reference
 * data, the snapshot's rows of the rest. */
static struct db_stmt *
snap_page(struct hub *h, const struct sync_table *t, const char *after, size_t want,
    struct err *e)
{
	struct db_stmt *st;

	if (t->sector == NULL) {
		char *sql = xasprintf("SELECT id FROM %s WHERE id > ? ORDER BY id LIMIT ?", t->name);
		st = db_stmt(h->db, e, sql);
		free(sql);
		if (st != NULL && db_bind(st, e, "td", after ? after : "", (int)want) != 0)
			st = NULL;
		return st;
	}
	st = db_stmt(h->db, e, "SELECT id FROM temp.sync_snap WHERE tbl = ? AND id > ? "
	    "ORDER BY id LIMIT ?");
	if (st != NULL && db_bind(st, e, "ttd", t->name, after ? after : "", (int)want) != 0)
		st = NULL;
	return st;
}

/* Adds the rows of one page to rows; *seen gets how many ids the page
 * had (a row gone since the snapshot began is skipped: the pull that
 * follows sends its delete). */
static int
snap_rows(struct hub *h, const struct sync_table *t, struct db_stmt *st, cJSON *rows,
    size_t *got, size_t *seen, char **last, struct err *e)
{
	cJSON *v;
	int rc;

	*seen = 0;
	while ((rc = db_step(st, e)) == 1) {
		free(*last);
		*last = db_col_dup(st, 0);
		++*seen;
		if ((v = row_read(h->db, t, *last, e)) == NULL && e->msg[0])
			break;
		if (v != NULL) {
			cJSON_AddItemToArray(rows, hub_row_entry(t->name, *last, "upsert", v));
			++*got;
		}
	}
	return rc == 0 ? 0 : -1;
}

/* Up to PROTO_BATCH_OPS rows of the sectors asked for, table by table in
 * id order from (table, after). */
int
hub_snapshot(struct hub *h, const cJSON *frame, char **next_table, char **next_after,
    struct err *e)
{
	const cJSON *want = cJSON_GetObjectItemCaseSensitive(frame, "sectors"), *w;
	const char *table = json_str(frame, "table"), *after = json_str(frame, "after");
	const struct sync_table *t;
	struct db_stmt *st;
	struct buf b;
	cJSON *rows, *list;
	char *sectors, *last = NULL;
	size_t i, n, got = 0, seen, ask;
	int64_t head = 0;
	int rc = 0;

	cJSON_ArrayForEach(w, want)
		if (!cJSON_IsString(w) || !hub_scope_has(h->scope,
		    w->valuestring))
			return err_set(e, "instantané demandé pour un secteur hors du périmètre");
	if (db_int(h->db, e, &head, "SELECT seq FROM sync_state", "") < 0)
		return -1;
	list = cJSON_Duplicate(want, 1);
	buf_init(&b);
	json_write(&b, list);
	sectors = buf_steal(&b);
	cJSON_Delete(list);
	if (snap_build(h, sectors, table == NULL, e) != 0) {
		free(sectors);
		return -1;
	}
	rows = cJSON_CreateArray();
	t = sync_tables(&n);
	for (i = 0; i < n && table != NULL && strcmp(t[i].name, table) != 0; i++)
		;
	if (i == n)
		i = 0, after = NULL;
	for (; i < n && got < PROTO_BATCH_OPS && rc == 0; i++, after = NULL) {
		do {
			ask = PROTO_BATCH_OPS - got;
			if ((st = snap_page(h, &t[i], after, ask, e)) == NULL ||
			    snap_rows(h, &t[i], st, rows, &got, &seen, &last, e) != 0) {
				rc = -1;
				break;
			}
			after = last;
		} while (seen == ask && got < PROTO_BATCH_OPS);
		if (got == PROTO_BATCH_OPS)
			break;
	}
	/* The last batch: what the walk found is of no more use. */
	if (rc == 0 && i == n)
		rc = db_script(h->db, e, "DELETE FROM temp.sync_snap; DELETE FROM temp.sync_snap_for");
	if (rc == 0) {
		rc = hub_send_changes(h, head, head, head, rows, 1, i < n ? t[i].name : NULL, last, e);
		if (next_table != NULL) {
			*next_table = i < n ? xstrdup(t[i].name) : NULL;
			*next_after = i < n ? xstrdup(last) : NULL;
		}
	} else {
		cJSON_Delete(rows);
	}
	free(last);
	free(sectors);
	return rc;
}
