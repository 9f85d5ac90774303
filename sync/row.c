/* Rows as JSON objects (see row.h). */
#include "row.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "json.h"

/* More columns than any replicated table has. */
#define ROW_MAX_COLS 64

static void
add_cols(struct buf *b, const struct sync_table *t, const char *prefix)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		buf_printf(b, "%s%s%s", i ? ", " : "", prefix, t->cols[i].name);
}

/* The SQL of each kind of statement for each table, made once: the
 * statement cache of core/db.c finds statements by their text, and
 * building it again for every row of a pull cost as much as running it.
 * Kept for the life of the process (a few kilobytes). */
enum row_sql { RS_READ, RS_UPSERT, RS_DELETE, RS_SECTOR, RS_COUNT };

#define ROW_MAX_TABLES 64

static char *row_sql_text[ROW_MAX_TABLES][RS_COUNT];

static char *
row_sql_make(const struct sync_table *t, enum row_sql k)
{
	struct buf b;
	char *expr;
	size_t i, n;

	buf_init(&b);
	switch (k) {
	case RS_READ:
		buf_adds(&b, "SELECT ");
		add_cols(&b, t, "");
		buf_printf(&b, " FROM %s WHERE id = ?", t->name);
		break;
	case RS_UPSERT:
		buf_printf(&b, "INSERT INTO %s (", t->name);
		add_cols(&b, t, "");
		buf_adds(&b, ") VALUES (");
		for (i = 0; i < t->ncols; i++)
			buf_adds(&b, i ? ", ?" : "?");
		buf_adds(&b, ") ON CONFLICT (id) DO ");
		for (i = 0, n = 0; i < t->ncols; i++)
			if (strcmp(t->cols[i].name, "id") != 0)
				buf_printf(&b, "%s%s = excluded.%s", n++ ? ", " : "UPDATE SET ",
				    t->cols[i].name, t->cols[i].name);
		if (n == 0)
			buf_adds(&b, "NOTHING");
		break;
	case RS_DELETE:
		buf_printf(&b, "DELETE FROM %s WHERE id = ?", t->name);
		break;
	case RS_SECTOR:
		expr = sync_sector_sql(t, "t");
		buf_printf(&b, "SELECT %s FROM %s t WHERE t.id = ?", expr ? expr : "NULL", t->name);
		free(expr);
		break;
	default:
		break;
	}
	return buf_steal(&b);
}

/* The statement of kind k for t, reset; NULL with e set on error. */
static struct db_stmt *
row_stmt(struct db *db, const struct sync_table *t, enum row_sql k, struct err *e)
{
	const struct sync_table *all;
	struct db_stmt *st;
	size_t i, n;
	char *sql;

	all = sync_tables(&n);
	for (i = 0; i < n && i < ROW_MAX_TABLES && &all[i] != t; i++)
		;
	if (i == n || i == ROW_MAX_TABLES) {	/* not from the table: no cache */
		sql = row_sql_make(t, k);
		st = db_stmt(db, e, sql);
		free(sql);
		return st;
	}
	if (row_sql_text[i][k] == NULL)
		row_sql_text[i][k] = row_sql_make(t, k);
	return db_stmt(db, e, row_sql_text[i][k]);
}

/* The member of values for column i, looked for first where the
 * column order puts it (rows read by row_read, pulled rows and inserts
 * list the columns in table order): *next walks along. */
static const cJSON *
col_member(const cJSON *values, const struct sync_table *t, size_t i, const cJSON **next)
{
	const cJSON *v = *next;

	if (v != NULL && v->string != NULL && strcmp(v->string, t->cols[i].name) == 0) {
		*next = v->next;
		return v;
	}
	return cJSON_GetObjectItemCaseSensitive(values, t->cols[i].name);
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
	cJSON *o = NULL;
	size_t i;
	int rc;

	err_clear(e);
	st = row_stmt(db, t, RS_READ, e);
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

/* Binds the columns of t flagged in set (every column if set is NULL),
 * those missing from values as NULL, then id if not NULL, and runs st. */
static int
run_built(struct db_stmt *st, struct err *e, const struct sync_table *t,
    const cJSON *values, const char *set, const char *id)
{
	const cJSON *next = values ? values->child : NULL, *v;
	size_t i;
	int n = 0;

	if (st == NULL)
		return -1;
	for (i = 0; i < t->ncols; i++) {
		v = col_member(values, t, i, &next);
		if (set != NULL && !set[i])
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
	return run_built(row_stmt(db, t, RS_UPSERT, e), e, t, values, NULL, NULL);
}

/* UPDATE of the columns flagged in set (never id). */
static int
update_cols(struct db *db, const struct sync_table *t, const char *id, const cJSON *values,
    char *set, struct err *e)
{
	struct buf sql;
	size_t i;
	int n = 0, rc;

	buf_init(&sql);
	buf_printf(&sql, "UPDATE %s SET ", t->name);
	for (i = 0; i < t->ncols; i++) {
		set[i] = set[i] && strcmp(t->cols[i].name, "id") != 0;
		if (set[i])
			buf_printf(&sql, "%s%s = ?", n++ ? ", " : "", t->cols[i].name);
	}
	buf_adds(&sql, " WHERE id = ?");
	rc = n == 0 ? 0 : run_built(db_stmt(db, e, sql.data), e, t, values, set, id);
	buf_free(&sql);
	return rc;
}

int
row_update(struct db *db, const struct sync_table *t, const char *id,
    const cJSON *changes, struct err *e)
{
	const cJSON *next = changes ? changes->child : NULL;
	char set[ROW_MAX_COLS];
	size_t i;

	if (t->ncols > ROW_MAX_COLS)
		return err_set(e, "table %s : trop de colonnes", t->name);
	for (i = 0; i < t->ncols; i++)
		set[i] = col_member(changes, t, i, &next) != NULL;
	return update_cols(db, t, id, changes, set, e);
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

/* Whether column col of the current row of st holds v (as row_read would
 * read it back: 1.0 equals 1 in a REAL column). */
static int
col_holds(struct db_stmt *st, int col, const cJSON *v)
{
	int64_t i;
	double d;

	switch (db_col_kind(st, col)) {
	case 'n':
		return v == NULL || cJSON_IsNull(v);
	case 'i':
		return json_int(v, &i) == 0 && i == db_col_int(st, col);
	case 'f':
		return json_real(v, &d) == 0 && d == db_col_double(st, col);
	default:
		return cJSON_IsString(v) && strcmp(v->valuestring, db_col_text(st, col)) == 0;
	}
}

/* The row is read first: a new one is inserted, an existing one gets
 * only the columns that differ (none: no write at all). Rewriting every
 * column made SQLite rewrite every index of the row and fire every
 * column's triggers, for rows that mostly came back unchanged. */
int
row_upsert(struct db *db, const struct sync_table *t, const cJSON *values,
    const cJSON *keep, struct err *e)
{
	const cJSON *next = values ? values->child : NULL, *v, *id;
	struct db_stmt *st;
	char set[ROW_MAX_COLS];
	size_t i;
	int rc;

	id = cJSON_GetObjectItemCaseSensitive(values, "id");
	if (t->ncols > ROW_MAX_COLS || !cJSON_IsString(id))
		return err_set(e, "ligne de %s sans identifiant ou de trop de colonnes", t->name);
	if ((st = row_stmt(db, t, RS_READ, e)) == NULL || db_bind(st, e, "t", id->valuestring) != 0)
		return -1;
	if ((rc = db_step(st, e)) <= 0)
		return rc < 0 ? -1 : row_insert(db, t, values, e);
	for (i = 0; i < t->ncols; i++) {
		v = col_member(values, t, i, &next);
		set[i] = !col_holds(st, (int)i, v) &&
		    (keep == NULL || !name_listed(keep, t->cols[i].name));
	}
	db_reset(st);
	return update_cols(db, t, id->valuestring, values, set, e);
}

int
row_delete(struct db *db, const struct sync_table *t, const char *id, struct err *e)
{
	struct db_stmt *st = row_stmt(db, t, RS_DELETE, e);

	if (st == NULL || db_bind(st, e, "t", id) != 0)
		return -1;
	return db_step(st, e) < 0 ? -1 : 0;
}

int
row_sector(struct db *db, const struct sync_table *t, const char *id, char **sector,
    struct err *e)
{
	struct db_stmt *st;
	int rc;

	*sector = NULL;
	if (t->sector == NULL)
		return 0;
	err_clear(e);
	if ((st = row_stmt(db, t, RS_SECTOR, e)) == NULL || db_bind(st, e, "t", id) != 0)
		return -1;
	if ((rc = db_step(st, e)) == 1) {
		*sector = db_col_is_null(st, 0) ? NULL : db_col_dup(st, 0);
		rc = db_step(st, e);
	}
	return rc < 0 ? -1 : 0;
}
