/* What the hub sends back: the rows of the node's scope changed since
 * its cursor (each with its full current values, or as a delete), and
 * the scope itself; a sector's whole content is hub_snapshot.c's. */
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "core/datetime.h"
#include "core/db.h"
#include "core/patrimoine.h"
#include "core/schema.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "hub_internal.h"
#include "json.h"
#include "proto.h"
#include "row.h"
#include "tables.h"

int
hub_touch(struct hub *h, const char *table, const char *row, struct err *e)
{
	char now[DT_STAMP_SIZE];

	dt_now(now);
	if (db_run(h->db, e, "UPDATE sync_state SET seq = seq + 1, hlc = max(hlc + 1, ?)", "i",
	    hlc_from_ms(hlc_wall_ms())) != 0)
		return -1;
	return db_run(h->db, e, "INSERT INTO op (seq, tbl, row_id, kind, fields, base, hlc, "
	    "schema, at, state) SELECT seq, ?, ?, 'update', '{}', cursor, hlc, ?, ?, 'hub' "
	    "FROM sync_state", "ttdt", table, row, schema_latest(), now);
}

cJSON *
hub_scope_load(struct db *db, const struct user *who, struct err *e)
{
	struct db_stmt *st;
	struct scope sc;
	char *cond, *sql;
	cJSON *scope;
	int rc;

	if (db_script(db, e, "CREATE TEMP TABLE IF NOT EXISTS sync_scope "
	    "(sector_id TEXT PRIMARY KEY); DELETE FROM temp.sync_scope;") != 0)
		return NULL;
	patrimoine_scope(who, &sc);
	cond = patrimoine_scope_sql(&sc, "id");
	sql = xasprintf("INSERT INTO temp.sync_scope SELECT id FROM sector WHERE %s", cond);
	rc = db_run(db, e, sql, "t", sc.arg);
	free(sql);
	free(cond);
	if (rc != 0 || (st = db_stmt(db, e, "SELECT sector_id FROM temp.sync_scope "
	    "ORDER BY sector_id")) == NULL)
		return NULL;
	scope = cJSON_CreateArray();
	while ((rc = db_step(st, e)) == 1)
		cJSON_AddItemToArray(scope, cJSON_CreateString(db_col_text(st, 0)));
	if (rc < 0) {
		cJSON_Delete(scope);
		return NULL;
	}
	return scope;
}

int
hub_scope_has(const cJSON *sectors, const char *sector)
{
	const cJSON *s;

	if (sector == NULL)
		return 0;
	cJSON_ArrayForEach(s, sectors)
		if (strcmp(s->valuestring, sector) == 0)
			return 1;
	return 0;
}

/* A row seen in the scanned range of the log. */
struct seen {
	char *table, *row;
	int64_t first;
	int scoped; /* an operation of the range put it in the node's scope */
	int news;   /* a change of the range the node does not hold yet */
};

struct scan {
	struct seen *v;
	size_t n, cap;
};

static struct seen *
scan_find(struct scan *s, const char *table, const char *row)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].row, row) == 0 && strcmp(s->v[i].table, table) == 0)
			return &s->v[i];
	return NULL;
}

static void
scan_free(struct scan *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].table);
		free(s->v[i].row);
	}
	free(s->v);
}

/* Reads the log after cursor until PROTO_BATCH_OPS distinct rows; *to is
 * the last sequence number whose rows are all in the scan. */
static int
scan_log(struct hub *h, const cJSON *scope, int64_t cursor, int64_t head, struct scan *s,
    int64_t *to, struct err *e)
{
	struct db_stmt *st;
	struct seen *x;
	int rc;

	*to = head;
	/* A change the node made itself and the hub kept as it was sent
	 * (hub_apply.c marks it 'applied') is no news to it. */
	st = db_stmt(h->db, e, "SELECT seq, tbl, row_id, sector, old_sector, "
	    "coalesce(origin = ?3 AND state = 'applied', 0) FROM op "
	    "WHERE seq > ?1 AND seq <= ?2 ORDER BY seq");
	if (st == NULL || db_bind(st, e, "iit", cursor, head, h->node) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		x = scan_find(s, db_col_text(st, 1), db_col_text(st, 2));
		if (x == NULL) {
			if (s->n == PROTO_BATCH_OPS) {
				*to = db_col_int(st, 0) - 1;
				db_step(st, e); /* not to the end: reset below */
				break;
			}
			if (s->n == s->cap) {
				s->cap = s->cap ? 2 * s->cap : 64;
				s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
			}
			x = &s->v[s->n++];
			x->table = db_col_dup(st, 1);
			x->row = db_col_dup(st, 2);
			x->first = db_col_int(st, 0);
			x->scoped = x->news = 0;
		}
		x->news |= !db_col_int(st, 5);
		x->scoped |= hub_scope_has(scope, db_col_text(st, 3)) ||
		    hub_scope_has(scope, db_col_text(st, 4));
	}
	if (rc == 1)
		rc = 0;
	return rc < 0 ? -1 : 0;
}

cJSON *
hub_row_entry(const char *table, const char *row, const char *kind, cJSON *values)
{
	cJSON *x = cJSON_CreateObject();

	proto_add_str(x, "table", table);
	proto_add_str(x, "row", row);
	proto_add_str(x, "kind", kind);
	if (values != NULL)
		cJSON_AddItemToObject(x, "values", values);
	return x;
}

/* The entry for one row, or NULL if the node must not see it. */
static int
entry_for(struct hub *h, const cJSON *scope, const struct seen *x, cJSON **out,
    struct err *e)
{
	const struct sync_table *t = sync_table_find(x->table);
	cJSON *values;
	char *sector;

	*out = NULL;
	if (t == NULL)
		return 0;
	values = row_read(h->db, t, x->row, e);
	if (values == NULL) {
		if (e->msg[0])
			return -1;
		if (t->sector == NULL || x->scoped)
			*out = hub_row_entry(x->table, x->row, "delete", NULL);
		return 0;
	}
	if (row_sector(h->db, t, x->row, &sector, e) != 0) {
		cJSON_Delete(values);
		return -1;
	}
	if (t->sector == NULL || hub_scope_has(scope, sector))
		*out = hub_row_entry(x->table, x->row, "upsert", values);
	else if (x->scoped)
		*out = hub_row_entry(x->table, x->row, "delete", NULL), cJSON_Delete(values);
	else
		cJSON_Delete(values);
	free(sector);
	return 0;
}

cJSON *
hub_changes_frame(int64_t from, int64_t to, int64_t head, cJSON *rows, int snapshot,
    const char *table, const char *after)
{
	cJSON *f = proto_frame("changes");
	char sum[65];

	proto_digest(rows, sum);
	proto_add_int(f, "from", from);
	proto_add_int(f, "to", to);
	proto_add_int(f, "head", head);
	proto_add_str(f, "sum", sum);
	cJSON_AddItemToObject(f, "rows", rows);
	if (snapshot)
		proto_add_int(f, "snapshot", 1);
	if (table != NULL) {
		proto_add_str(f, "table", table);
		proto_add_str(f, "after", after);
	}
	return f;
}

int
hub_send_changes(struct hub *h, int64_t from, int64_t to, int64_t head, cJSON *rows,
    int snapshot, const char *table, const char *after, struct err *e)
{
	h->n.pulled += cJSON_GetArraySize(rows);
	return proto_send(h->l, hub_changes_frame(from, to, head, rows, snapshot, table, after),
	    e);
}

int
hub_pull(struct hub *h, const cJSON *frame, int64_t *next, struct err *e)
{
	const cJSON *scope = h->scope;
	struct scan s = {NULL, 0, 0};
	int64_t cursor = 0, head = 0, to;
	cJSON *rows, *x;
	size_t i;
	int rc = -1;

	json_get_int(frame, "cursor", &cursor);
	if (db_int(h->db, e, &head, "SELECT seq FROM sync_state", "") < 0)
		return -1;
	if (cursor < 0 || cursor > head)
		return err_set(e, "le poste annonce avoir vu l'opération %lld du hub, qui n'en a "
		    "que %lld : la base du hub a-t-elle été restaurée ?", (long long)cursor,
		    (long long)head);
	if (scan_log(h, scope, cursor, head, &s, &to, e) != 0)
		goto out;
	rows = cJSON_CreateArray();
	for (i = 0; i < s.n; i++) {
		if (!s.v[i].news)
			continue;
		if (entry_for(h, scope, &s.v[i], &x, e) != 0) {
			cJSON_Delete(rows);
			goto out;
		}
		if (x != NULL)
			cJSON_AddItemToArray(rows, x);
	}
	rc = hub_send_changes(h, cursor, to, head, rows, 0, NULL, NULL, e);
	if (rc == 0 && next != NULL)
		*next = to;
out:
	scan_free(&s);
	return rc;
}
