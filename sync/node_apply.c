/* What a node writes from a session: pulled rows, results of its pushed
 * operations, purges (see node.h). Always with capture suspended: these
 * are the hub's changes, not the node's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "core/datetime.h"
#include "core/db.h"
#include "core/xalloc.h"
#include "json.h"
#include "node.h"
#include "row.h"
#include "scrub.h"
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

/* A tenant the hub anonymised: this node's own log and ledger must
 * forget them too, even when a pending local delete keeps the row out. */
static int
anonymised(const char *table, const cJSON *values)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(values, "anonymised");
	int64_t v;

	return strcmp(table, "tenant") == 0 && json_int(a, &v) == 0 && v == 1;
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
		if (rc == 0 && anonymised(table, values))
			rc = scrub_tenant(db, row, e);
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

/* The operations refused by one answer of the hub, their dependants
 * included: every one is undone once, newest first. */
struct refused {
	int64_t *seq;
	size_t n, cap;
};

static int
refused_has(const struct refused *r, int64_t seq)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->seq[i] == seq)
			return 1;
	return 0;
}

static void
refused_add(struct refused *r, int64_t seq)
{
	if (refused_has(r, seq))
		return;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->seq = xreallocarray(r->seq, r->cap, sizeof *r->seq);
	}
	r->seq[r->n++] = seq;
}

static int
apply_result(struct db *db, const cJSON *r, struct sync_counts *n, const char *now,
    struct refused *list, struct err *e)
{
	const char *res = json_str(r, "r"), *code = json_str(r, "code");
	const char *msg = json_str(r, "message");
	int64_t seq;

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
	if (strcmp(res, "refused") == 0) {
		n->refused++;
		refused_add(list, seq);
	}
	return 0;
}

/* One refused operation, as the log keeps it. */
struct op_row {
	int64_t seq;
	char *table, *row, *kind, *fields, *message;
};

static void
op_row_clear(struct op_row *o)
{
	free(o->table);
	free(o->row);
	free(o->kind);
	free(o->fields);
	free(o->message);
}

/* 1 with *o filled, 0 if the operation is gone, -1 on error. */
static int
op_row_load(struct db *db, int64_t seq, struct op_row *o, struct err *e)
{
	struct db_stmt *st;
	int rc;

	memset(o, 0, sizeof *o);
	o->seq = seq;
	st = db_stmt(db, e, "SELECT tbl, row_id, kind, fields, message FROM op WHERE seq = ?");
	if (st == NULL || db_bind(st, e, "i", seq) != 0)
		return -1;
	if ((rc = db_step(st, e)) != 1)
		return rc;
	o->table = db_col_dup(st, 0);
	o->row = db_col_dup(st, 1);
	o->kind = db_col_dup(st, 2);
	o->fields = db_col_dup(st, 3);
	o->message = db_col_dup(st, 4);
	if (db_step(st, e) < 0) {
		op_row_clear(o);
		return -1;
	}
	return 1;
}

#define DEPENDS_PREFIX "dépend d'une modification refusée : "

/* A later operation that cannot stand without a refused new row: the hub
 * refuses it too (or would, had it been sent), so it is refused here
 * with the reason of the row it follows and undone with it. A refusal of
 * the hub for a reason of its own keeps that reason. */
static int
depends_mark(struct db *db, int64_t seq, const char *why, const char *now,
    struct refused *list, struct sync_counts *n, struct err *e)
{
	char *state;
	int fresh, rc = 0;

	err_clear(e);
	state = db_text(db, e, "SELECT state || '/' || coalesce(code, '') FROM op WHERE seq = ?",
	    "i", seq);
	if (state == NULL)
		return e->msg[0] ? -1 : 0;
	fresh = strncmp(state, "pending/", 8) == 0 || strncmp(state, "sent/", 5) == 0;
	if (fresh || strcmp(state, "refused/rule") == 0 || strcmp(state, "refused/depends") == 0) {
		rc = db_run(db, e, "UPDATE op SET state = 'refused', code = 'depends', message = ?, "
		    "result_at = ? WHERE seq = ?", "tti", why, now, seq);
		n->refused += fresh;
		refused_add(list, seq);
	}
	free(state);
	return rc;
}

/* Marks the operations st (bound) finds, once it is done with. */
static int
depends_mark_all(struct db *db, struct db_stmt *st, const char *why, const char *now,
    struct refused *list, struct sync_counts *n, struct err *e)
{
	int64_t *seqs = NULL;
	size_t k = 0, i;
	int rc;

	while ((rc = db_step(st, e)) == 1) {
		seqs = xreallocarray(seqs, k + 1, sizeof *seqs);
		seqs[k++] = db_col_int(st, 0);
	}
	for (i = 0; i < k && rc == 0; i++)
		rc = depends_mark(db, seqs[i], why, now, list, n, e);
	free(seqs);
	return rc;
}

/* The columns that point to rows of table, as pairs (table, column) in
 * *refs (the caller frees); -1 on error. */
static int
references_to(struct db *db, const char *table, char ***refs, size_t *k, struct err *e)
{
	struct db_stmt *st;
	int rc;

	*refs = NULL;
	*k = 0;
	st = db_stmt(db, e, "SELECT m.name, f.\"from\" FROM sqlite_master m, "
	    "pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f.\"table\" = ?");
	if (st == NULL || db_bind(st, e, "t", table) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		*refs = xreallocarray(*refs, *k + 2, sizeof **refs);
		(*refs)[(*k)++] = db_col_dup(st, 0);
		(*refs)[(*k)++] = db_col_dup(st, 1);
	}
	return rc;
}

/* What follows a refused insert: the later operations of its row, and
 * those that set a reference to it (a new claim's events, its work
 * order), found through the schema's foreign keys. The reason given is
 * the first refused row's, however deep the chain. */
static int
depends_find(struct db *db, const struct op_row *o, const char *now, struct refused *list,
    struct sync_counts *n, struct err *e)
{
	struct db_stmt *st;
	char *why, path[80], **refs = NULL;
	size_t k = 0, i;
	int rc = -1;

	if (o->message != NULL && strncmp(o->message, DEPENDS_PREFIX, strlen(DEPENDS_PREFIX)) == 0)
		why = xstrdup(o->message);
	else
		why = xasprintf(DEPENDS_PREFIX "%s", o->message ? o->message : "refus sans motif");
	st = db_stmt(db, e, "SELECT seq FROM op WHERE tbl = ? AND row_id = ? AND seq > ? "
	    "ORDER BY seq");
	if (st != NULL && db_bind(st, e, "tti", o->table, o->row, o->seq) == 0 &&
	    depends_mark_all(db, st, why, now, list, n, e) == 0)
		rc = references_to(db, o->table, &refs, &k, e);
	for (i = 0; i < k && rc == 0; i += 2) {
		snprintf(path, sizeof path, "$.\"%s\"[1]", refs[i + 1]);
		st = db_stmt(db, e, "SELECT seq FROM op WHERE tbl = ? AND seq > ? AND "
		    "kind <> 'delete' AND json_extract(fields, ?) = ? ORDER BY seq");
		if (st == NULL || db_bind(st, e, "titt", refs[i], o->seq, path, o->row) != 0)
			rc = -1;
		else
			rc = depends_mark_all(db, st, why, now, list, n, e);
	}
	for (i = 0; i < k; i++)
		free(refs[i]);
	free(refs);
	free(why);
	return rc;
}

static int
seq_desc(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* Each undo in a savepoint: one the foreign keys forbid (a new row that
 * rows the hub accepted point to) leaves that row as the laptop has it;
 * the hub sent the row back if it has it (a refusal touches it). */
static int
undo_one(struct db *db, const struct op_row *o, struct err *e)
{
	if (db_begin(db, e) != 0)
		return -1;
	if (undo(db, o->table, o->row, o->kind, o->fields, e) == 0)
		return db_commit(db, e);
	if (!db_last_was_constraint(db)) {
		db_rollback(db);
		return -1;
	}
	db_rollback(db);
	err_clear(e);
	return 0;
}

/* Dependants first (the list grows as they are found), then every undo
 * newest first: children go before their parents, deleted parents come
 * back before their children, and two refused edits of one field end on
 * the value before the first. */
static int
undo_all(struct db *db, struct refused *list, const char *now, struct sync_counts *n,
    struct err *e)
{
	struct op_row o;
	size_t i;
	int rc = 0;

	if (list->n == 0)
		return 0;
	for (i = 0; i < list->n && rc == 0; i++) {
		if ((rc = op_row_load(db, list->seq[i], &o, e)) <= 0)
			continue;
		rc = strcmp(o.kind, "insert") == 0 ? depends_find(db, &o, now, list, n, e) : 0;
		op_row_clear(&o);
	}
	if (rc < 0)
		return -1;
	qsort(list->seq, list->n, sizeof *list->seq, seq_desc);
	for (i = 0; i < list->n && rc == 0; i++) {
		if ((rc = op_row_load(db, list->seq[i], &o, e)) <= 0)
			continue;
		rc = undo_one(db, &o, e);
		op_row_clear(&o);
	}
	return rc < 0 ? -1 : 0;
}

int
node_apply_results(struct db *db, const cJSON *results, struct sync_counts *n,
    struct err *e)
{
	const cJSON *r;
	char now[DT_STAMP_SIZE];
	struct refused list = {NULL, 0, 0};
	int rc = 0;

	dt_now(now);
	if (capture_suspend(db, e) != 0)
		return -1;
	cJSON_ArrayForEach(r, results)
		if ((rc = apply_result(db, r, n, now, &list, e)) != 0)
			break;
	if (rc == 0)
		rc = undo_all(db, &list, now, n, e);
	free(list.seq);
	return rc == 0 ? capture_resume(db, e) : -1;
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
