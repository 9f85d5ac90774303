/* What a node writes from a session: pulled rows, results of its pushed
 * operations, purges (see node.h). Always with capture suspended: these
 * are the hub's changes, not the node's. */
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "core/datetime.h"
#include "core/db.h"
#include "core/xalloc.h"
#include "json.h"
#include "node.h"
#include "row.h"
#include "tables.h"

/* Columns of the row that wait in a pending local operation (an array of
 * names, the caller frees); *deleted when a local delete waits. */
static cJSON *
pending_cols(struct db *db, const char *table, const char *row, int *busy, int *deleted,
    struct err *e)
{
	struct db_stmt *st;
	cJSON *cols = cJSON_CreateArray(), *f;
	const cJSON *x;
	const char *text;
	int rc;

	*busy = *deleted = 0;
	st = db_stmt(db, e, "SELECT kind, fields FROM op WHERE tbl = ? AND row_id = ? "
	    "AND state IN ('pending','sent')");
	if (st == NULL || db_bind(st, e, "tt", table, row) != 0)
		goto fail;
	while ((rc = db_step(st, e)) == 1) {
		*busy = 1;
		if (strcmp(db_col_text(st, 0), "delete") == 0)
			*deleted = 1;
		text = db_col_text(st, 1);
		if (json_parse(text, strlen(text), &f, e) != 0)
			goto fail_st;
		cJSON_ArrayForEach(x, f)
			cJSON_AddItemToArray(cols, cJSON_CreateString(x->string));
		cJSON_Delete(f);
	}
	if (rc == 0)
		return cols;
	goto fail;
fail_st:
	db_step(st, NULL); /* finish and reset the statement */
fail:
	cJSON_Delete(cols);
	return NULL;
}

/* The hub sends the columns in table order: each is looked for first
 * where the previous one was found. */
static int
check_values(const struct sync_table *t, const cJSON *values, struct err *e)
{
	const cJSON *v;
	const struct sync_column *c;
	size_t i = 0;

	if (!cJSON_IsObject(values))
		return err_set(e, "ligne reçue sans valeurs (%s)", t->name);
	cJSON_ArrayForEach(v, values) {
		if (i < t->ncols && strcmp(t->cols[i].name, v->string) == 0)
			c = &t->cols[i];
		else if ((c = sync_column_find(t, v->string)) == NULL)
			return err_set(e, "colonne reçue inconnue %s.%.40s", t->name, v->string);
		i = (size_t)(c - t->cols) + 1;
		if (row_check_value(c, v, e) != NULL)
			return -1;
	}
	return 0;
}

/* pending: whether the node has local operations waiting at all (when it
 * has none, as in a first sync, no row needs looking up). */
static int
apply_row(struct db *db, const cJSON *x, int pending, struct err *e)
{
	const char *table = json_str(x, "table"), *row = json_str(x, "row");
	const char *kind = json_str(x, "kind");
	const cJSON *values = cJSON_GetObjectItemCaseSensitive(x, "values");
	const struct sync_table *t;
	cJSON *keep;
	int busy, deleted, rc = 0;

	if (table == NULL || row == NULL || kind == NULL || (t = sync_table_find(table)) == NULL)
		return err_set(e, "ligne reçue mal formée ou de table inconnue");
	if (!pending) {
		keep = NULL;
		busy = deleted = 0;
	} else if ((keep = pending_cols(db, table, row, &busy, &deleted, e)) == NULL) {
		return -1;
	}
	if (strcmp(kind, "upsert") == 0) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(values, "id");
		if (check_values(t, values, e) != 0 || !cJSON_IsString(id) ||
		    strcmp(id->valuestring, row) != 0)
			rc = e->msg[0] ? -1 : err_set(e, "ligne reçue d'identifiant incohérent");
		else if (!deleted)
			rc = row_upsert(db, t, values, keep, e);
	} else if (strcmp(kind, "delete") == 0) {
		if (!busy)
			rc = row_delete(db, t, row, e);
	} else {
		rc = err_set(e, "ligne reçue de nature inconnue « %.20s »", kind);
	}
	cJSON_Delete(keep);
	return rc;
}

int
node_apply_rows(struct db *db, const cJSON *rows, struct err *e)
{
	const cJSON *x;
	int64_t pending = 1;

	if (capture_suspend(db, e) != 0 || db_int(db, e, &pending, "SELECT EXISTS (SELECT 1 "
	    "FROM op WHERE state IN ('pending','sent'))", "") < 0)
		return -1;
	cJSON_ArrayForEach(x, rows)
		if (apply_row(db, x, pending != 0, e) != 0)
			return err_prefix(e, "application des changements du hub : ");
	return capture_resume(db, e);
}

/* Puts back what a refused operation changed, where nothing newer
 * changed it since: the hub's state returns, the operation stays in the
 * refused list with its values. */
static int
undo(struct db *db, const char *table, const char *row, const char *kind,
    const char *fields, struct err *e)
{
	const struct sync_table *t = sync_table_find(table);
	cJSON *f = NULL, *cur = NULL, *back = NULL;
	const cJSON *x;
	int rc = -1;

	if (t == NULL || json_parse(fields, strlen(fields), &f, e) != 0)
		return t == NULL ? 0 : -1;
	cur = row_read(db, t, row, e);
	if (cur == NULL && e->msg[0])
		goto out;
	back = cJSON_CreateObject();
	if (strcmp(kind, "insert") == 0) {
		rc = cur ? row_delete(db, t, row, e) : 0;
	} else if (strcmp(kind, "delete") == 0) {
		cJSON_ArrayForEach(x, f)
			cJSON_AddItemToObject(back, x->string,
			    cJSON_Duplicate(cJSON_GetArrayItem(x, 0), 1));
		rc = cur ? 0 : row_insert(db, t, back, e);
	} else {
		cJSON_ArrayForEach(x, f)
			if (cur && row_values_equal(cJSON_GetObjectItemCaseSensitive(cur, x->string),
			    cJSON_GetArrayItem(x, 1)))
				cJSON_AddItemToObject(back, x->string,
				    cJSON_Duplicate(cJSON_GetArrayItem(x, 0), 1));
		rc = cur ? row_update(db, t, row, back, e) : 0;
	}
out:
	cJSON_Delete(f);
	cJSON_Delete(cur);
	cJSON_Delete(back);
	return rc;
}

static int
apply_result(struct db *db, const cJSON *r, struct sync_counts *n, const char *now,
    struct err *e)
{
	const char *res = json_str(r, "r"), *code = json_str(r, "code");
	const char *msg = json_str(r, "message");
	char *table = NULL, *row = NULL, *kind = NULL, *fields = NULL;
	struct db_stmt *st;
	int64_t seq;
	int rc;

	if (json_get_int(r, "seq", &seq) != 0 || res == NULL ||
	    (strcmp(res, "applied") != 0 && strcmp(res, "merged") != 0 &&
	    strcmp(res, "conflict") != 0 && strcmp(res, "refused") != 0))
		return err_set(e, "résultat mal formé");
	if (db_run(db, e, "UPDATE op SET state = ?, code = ?, message = ?, result_at = ? "
	    "WHERE seq = ?", "tttti", res, code, msg, now, seq) != 0)
		return -1;
	n->applied += strcmp(res, "applied") == 0;
	n->merged += strcmp(res, "merged") == 0;
	n->conflicts += strcmp(res, "conflict") == 0;
	if (strcmp(res, "refused") != 0)
		return 0;
	n->refused++;
	st = db_stmt(db, e, "SELECT tbl, row_id, kind, fields FROM op WHERE seq = ?");
	if (st == NULL || db_bind(st, e, "i", seq) != 0)
		return -1;
	if ((rc = db_step(st, e)) == 1) {
		table = db_col_dup(st, 0);
		row = db_col_dup(st, 1);
		kind = db_col_dup(st, 2);
		fields = db_col_dup(st, 3);
		rc = db_step(st, e);
	}
	if (rc == 0 && table != NULL)
		rc = undo(db, table, row, kind, fields, e);
	free(table);
	free(row);
	free(kind);
	free(fields);
	return rc;
}

int
node_apply_results(struct db *db, const cJSON *results, struct sync_counts *n,
    struct err *e)
{
	const cJSON *r;
	char now[DT_STAMP_SIZE];

	dt_now(now);
	if (capture_suspend(db, e) != 0)
		return -1;
	cJSON_ArrayForEach(r, results)
		if (apply_result(db, r, n, now, e) != 0)
			return -1;
	return capture_resume(db, e);
}

/* Collects the ids first, then deletes children before parents: a row's
 * sector is found through its parents (a tenant's through its leases). */
int
node_purge(struct db *db, const cJSON *sectors, struct err *e)
{
	const struct sync_table *t;
	struct buf list;
	char *expr, *sql;
	size_t i, n;
	int rc = 0;

	if (cJSON_GetArraySize(sectors) == 0)
		return 0;
	buf_init(&list);
	json_write(&list, sectors);
	t = sync_tables(&n);
	if (capture_suspend(db, e) != 0 || db_script(db, e, "CREATE TEMP TABLE IF NOT EXISTS "
	    "sync_purge (tbl TEXT, id TEXT); DELETE FROM temp.sync_purge;") != 0)
		rc = -1;
	for (i = 0; i < n && rc == 0; i++) {
		if ((expr = sync_sector_sql(&t[i], "t")) == NULL)
			continue;
		sql = xasprintf("INSERT INTO temp.sync_purge SELECT '%s', id FROM %s t WHERE %s "
		    "IN (SELECT value FROM json_each(?))", t[i].name, t[i].name, expr);
		rc = db_run(db, e, sql, "t", list.data);
		free(sql);
		free(expr);
	}
	for (i = n; i-- > 0 && rc == 0;) {
		if (t[i].sector == NULL)
			continue;
		sql = xasprintf("DELETE FROM %s WHERE id IN (SELECT id FROM temp.sync_purge "
		    "WHERE tbl = '%s')", t[i].name, t[i].name);
		rc = db_script(db, e, sql);
		free(sql);
	}
	buf_free(&list);
	return rc == 0 ? capture_resume(db, e) : -1;
}
