/* Rows as JSON objects (see row.h). */
#include "row.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "json.h"

static void
add_cols(struct buf *b, const struct sync_table *t, const char *prefix)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		buf_printf(b, "%s%s%s", i ? ", " : "", prefix, t->cols[i].name);
}

static cJSON *
col_value(struct db_stmt *st, int col)
{
	switch (db_col_kind(st, col)) {
	case 'i':
		return json_new_int(db_col_int(st, col));
	case 'f':
		return json_new_real(db_col_double(st, col));
	case 'n':
		return cJSON_CreateNull();
	default:
		return cJSON_CreateString(db_col_text(st, col));
	}
}

cJSON *
row_read(struct db *db, const struct sync_table *t, const char *id, struct err *e)
{
	struct db_stmt *st;
	struct buf sql;
	cJSON *o = NULL;
	size_t i;
	int rc;

	err_clear(e);
	buf_init(&sql);
	buf_adds(&sql, "SELECT ");
	add_cols(&sql, t, "");
	buf_printf(&sql, " FROM %s WHERE id = ?", t->name);
	st = db_stmt(db, e, sql.data);
	buf_free(&sql);
	if (st == NULL || db_bind(st, e, "t", id) != 0)
		return NULL;
	rc = db_step(st, e);
	if (rc == 1) {
		o = cJSON_CreateObject();
		for (i = 0; i < t->ncols; i++)
			cJSON_AddItemToObject(o, t->cols[i].name, col_value(st, (int)i));
		db_step(st, e);
		err_clear(e);
	}
	return o;
}

int
row_values_equal(const cJSON *a, const cJSON *b)
{
	int64_t x, y;
	double u, v;

	if (a == NULL || b == NULL)
		return a == b;
	if (cJSON_IsNull(a) || cJSON_IsNull(b))
		return cJSON_IsNull(a) && cJSON_IsNull(b);
	if (cJSON_IsString(a) && cJSON_IsString(b))
		return strcmp(a->valuestring, b->valuestring) == 0;
	if (json_int(a, &x) == 0 && json_int(b, &y) == 0)
		return x == y;
	if (json_real(a, &u) == 0 && json_real(b, &v) == 0)
		return u == v;
	return 0;
}

const char *
row_check_value(const struct sync_column *c, const cJSON *v, struct err *e)
{
	size_t max = c->max_len ? c->max_len : 65536;
	int64_t i;
	double d;

	if (v == NULL || cJSON_IsNull(v)) {
		if (c->not_null) {
			err_set(e, "colonne %s : valeur obligatoire", c->name);
			return "type";
		}
		return NULL;
	}
	switch (c->type) {
	case ST_TEXT:
		if (!cJSON_IsString(v))
			break;
		if (strlen(v->valuestring) > max) {
			err_set(e, "colonne %s : texte trop long (%zu octets au plus)", c->name, max);
			return "length";
		}
		if (!utf8_valid(v->valuestring, strlen(v->valuestring))) {
			err_set(e, "colonne %s : texte invalide (UTF-8)", c->name);
			return "utf8";
		}
		return NULL;
	case ST_INT:
		if (json_int(v, &i) == 0)
			return NULL;
		break;
	case ST_REAL:
		if (json_real(v, &d) == 0 && isfinite(d))
			return NULL;
		break;
	}
	err_set(e, "colonne %s : valeur du mauvais type", c->name);
	return "type";
}

/* Binds v at i as the column's type; row_check_value has passed. */
static int
bind_value(struct db_stmt *st, struct err *e, int i, const struct sync_column *c,
    const cJSON *v)
{
	int64_t n;
	double d;

	if (v == NULL || cJSON_IsNull(v))
		return db_bind_at(st, e, i, 'n');
	switch (c->type) {
	case ST_TEXT:
		if (!cJSON_IsString(v))
			return err_set(e, "colonne %s : texte attendu", c->name);
		return db_bind_at(st, e, i, 't', v->valuestring);
	case ST_INT:
		if (json_int(v, &n) != 0)
			return err_set(e, "colonne %s : entier attendu", c->name);
		return db_bind_at(st, e, i, 'i', n);
	case ST_REAL:
		if (json_real(v, &d) != 0)
			return err_set(e, "colonne %s : nombre attendu", c->name);
		return db_bind_at(st, e, i, 'f', d);
	}
	return -1;
}

static int
run_built(struct db *db, struct err *e, const char *sql, const struct sync_table *t,
    const cJSON *values, const char *id)
{
	struct db_stmt *st = db_stmt(db, e, sql);
	size_t i;
	int n = 0;

	if (st == NULL)
		return -1;
	for (i = 0; i < t->ncols; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(values, t->cols[i].name);
		if (v == NULL && id != NULL)
			continue;
		if (bind_value(st, e, ++n, &t->cols[i], v) != 0)
			return -1;
	}
	if (id != NULL && db_bind_at(st, e, ++n, 't', id) != 0)
		return -1;
	return db_step(st, e) < 0 ? -1 : 0;
}

int
row_insert(struct db *db, const struct sync_table *t, const cJSON *values, struct err *e)
{
	return row_upsert(db, t, values, NULL, e);
}

int
row_update(struct db *db, const struct sync_table *t, const char *id,
    const cJSON *changes, struct err *e)
{
	struct buf sql;
	size_t i;
	int n = 0, rc;

	buf_init(&sql);
	buf_printf(&sql, "UPDATE %s SET ", t->name);
	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, "id") != 0 &&
		    cJSON_GetObjectItemCaseSensitive(changes, t->cols[i].name) != NULL)
			buf_printf(&sql, "%s%s = ?", n++ ? ", " : "", t->cols[i].name);
	buf_adds(&sql, " WHERE id = ?");
	rc = n == 0 ? 0 : run_built(db, e, sql.data, t, changes, id);
	buf_free(&sql);
	return rc;
}

static int
name_listed(const cJSON *list, const char *name)
{
	const cJSON *x;

	cJSON_ArrayForEach(x, list)
		if (cJSON_IsString(x) && strcmp(x->valuestring, name) == 0)
			return 1;
	return 0;
}

int
row_upsert(struct db *db, const struct sync_table *t, const cJSON *values,
    const cJSON *keep, struct err *e)
{
	struct buf sql;
	size_t i;
	int n = 0, rc;

	buf_init(&sql);
	buf_printf(&sql, "INSERT INTO %s (", t->name);
	add_cols(&sql, t, "");
	buf_adds(&sql, ") VALUES (");
	for (i = 0; i < t->ncols; i++)
		buf_adds(&sql, i ? ", ?" : "?");
	buf_adds(&sql, ") ON CONFLICT (id) DO ");
	for (i = 0; i < t->ncols; i++) {
		if (strcmp(t->cols[i].name, "id") == 0 ||
		    (keep != NULL && name_listed(keep, t->cols[i].name)))
			continue;
		buf_printf(&sql, "%s%s = excluded.%s", n++ ? ", " : "UPDATE SET ",
		    t->cols[i].name, t->cols[i].name);
	}
	if (n == 0)
		buf_adds(&sql, "NOTHING");
	rc = run_built(db, e, sql.data, t, values, NULL);
	buf_free(&sql);
	return rc;
}

int
row_delete(struct db *db, const struct sync_table *t, const char *id, struct err *e)
{
	char *sql = xasprintf("DELETE FROM %s WHERE id = ?", t->name);
	int rc = db_run(db, e, sql, "t", id);

	free(sql);
	return rc;
}

int
row_sector(struct db *db, const struct sync_table *t, const char *id, char **sector,
    struct err *e)
{
	char *expr = sync_sector_sql(t, "t"), *sql;

	*sector = NULL;
	if (expr == NULL)
		return 0;
	sql = xasprintf("SELECT %s FROM %s t WHERE t.id = ?", expr, t->name);
	err_clear(e);
	*sector = db_text(db, e, sql, "t", id);
	free(sql);
	free(expr);
	return e->msg[0] ? -1 : 0;
}
