/* Writing reference data: one transaction per change, signed with who
 * and when, refused to all but the administrator; the checks that need
 * the database (unique codes, known kinds, rows still in use) are here. */
#include "referential.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "referential_internal.h"
#include "user.h"
#include "xalloc.h"

/* ---- Writing ---- */

int
ref_write_init(struct ref_write *w, struct db *db, const struct user *who,
    enum referential_table t, struct err *e)
{
	memset(w, 0, sizeof *w);
	w->db = db;
	w->who = who;
	w->t = t;
	w->e = e;
	dt_now(w->now);
	if (!referential_can_write(who))
		return err_set(e, "Modification refusée : le rôle %s ne peut pas modifier les "
		    "référentiels des états des lieux (réservé à l'administrateur)",
		    user_role_label(who ? who->role : NULL));
	return 0;
}

static int
ref_is_int(const struct referential_col *c)
{
	return c->type == RC_INT || c->type == RC_PERCENT || c->type == RC_EUROS ||
	    c->type == RC_FLAG;
}

/* The SQL expression of a bound value for a column: STRICT tables take a
 * number only as a number. */
static const char *
ref_cast(const struct referential_col *c, int i)
{
	static char out[40];

	snprintf(out, sizeof out, ref_is_int(c) ? "CAST(?%d AS INTEGER)" : "?%d", i);
	return out;
}

/* Why row_id may not be deleted or have its key changed; NULL if it may
 * (e->msg then empty) or on error (e->msg set). The caller frees. */
static char *
ref_guard(struct ref_write *w, const char *row_id)
{
	const char *sql = ref_table(w->t)->guard;

	err_clear(w->e);
	return sql ? db_text(w->db, w->e, sql, "t", row_id) : NULL;
}

static int
ref_unique(struct ref_write *w, const struct referential_col *c, const char *row_id,
    const char *value)
{
	char *sql = xasprintf("SELECT 1 FROM %s WHERE %s = ?1 AND id IS NOT ?2",
	    ref_table(w->t)->table, c->column);
	int64_t one;
	int rc = db_int(w->db, w->e, &one, sql, "tt", value, row_id);

	free(sql);
	if (rc == 1)
		return err_set(w->e, "%s « %s » : déjà pris par une autre ligne (%s)", c->label,
		    value, ref_table(w->t)->label);
	return rc < 0 ? -1 : 0;
}

static int
ref_kind_known(struct ref_write *w, const struct referential_col *c, const char *value)
{
	int64_t one;
	int rc;

	if ((c->flags & RCF_OTHER) && strcmp(value, "other") == 0)
		return 0;
	rc = db_int(w->db, w->e, &one, "SELECT 1 FROM wear_grid WHERE item_kind = ?", "t", value);
	if (rc == 0)
		return err_set(w->e, "%s « %s » absente de la grille de vétusté (%s)", c->label,
		    value, c->flags & RCF_OTHER ? "ou « other » : sans vétusté" :
		    "ou vide : sans vétusté");
	return rc < 0 ? -1 : 0;
}

/* What needs the database to check value for column i of row_id (NULL: a
 * new row). */
static int
ref_db_check(struct ref_write *w, const char *row_id, size_t i, const char *value)
{
	const struct referential_col *c = &ref_table(w->t)->cols[i];
	char *why;

	if (value != NULL && (c->flags & RCF_UNIQUE) && ref_unique(w, c, row_id, value) != 0)
		return -1;
	if (value != NULL && c->type == RC_KIND && ref_kind_known(w, c, value) != 0)
		return -1;
	if (row_id != NULL && (c->flags & RCF_GUARDED)) {
		why = ref_guard(w, row_id);
		if (why != NULL) {
			err_set(w->e, "%s non modifiable : %s", c->label, why);
			free(why);
			return -1;
		}
		if (w->e->msg[0] != '\0')
			return -1;
	}
	return 0;
}

/* After a write: the row must still make sense as a whole. */
static int
ref_row_check(struct ref_write *w, const char *row_id)
{
	const char *sql = ref_table(w->t)->check;
	char *why;

	if (sql == NULL)
		return 0;
	err_clear(w->e);
	why = db_text(w->db, w->e, sql, "t", row_id);
	if (why != NULL) {
		err_set(w->e, "Modification refusée : %s", why);
		free(why);
		return -1;
	}
	return w->e->msg[0] != '\0' ? -1 : 0;
}

/* 1 if column i of row id already holds value, 0 if not, -1 error. */
static int
ref_same(struct ref_write *w, const char *id, size_t i, const char *value)
{
	const struct referential_col *c = &ref_table(w->t)->cols[i];
	char *sql = xasprintf("SELECT %s IS %s FROM %s WHERE id = ?2", c->column, ref_cast(c, 1),
	    ref_table(w->t)->table);
	int64_t same = 0;
	int rc = db_int(w->db, w->e, &same, sql, "tt", value, id);

	free(sql);
	if (rc == 0)
		return err_set(w->e, "Ligne introuvable (%s) : supprimée entre-temps ?",
		    ref_table(w->t)->label);
	return rc < 0 ? -1 : same != 0;
}

static int
ref_set_col(struct ref_write *w, const char *id, size_t i, const char *value)
{
	const struct referential_col *c = &ref_table(w->t)->cols[i];
	char *sql;
	int rc;

	if (ref_db_check(w, id, i, value) != 0)
		return -1;
	sql = xasprintf("UPDATE %s SET %s = %s, updated_at = ?2, updated_by = ?3 WHERE id = ?4",
	    ref_table(w->t)->table, c->column, ref_cast(c, 1));
	rc = db_run(w->db, w->e, sql, "tttt", value, w->now, w->who->id, id);
	free(sql);
	return rc;
}

int
ref_update(struct ref_write *w, const char *id, char **vals, unsigned mask, unsigned *changed)
{
	const struct rtable *t = ref_table(w->t);
	unsigned done = 0;
	size_t i;
	int same;

	for (i = 0; i < t->ncols; i++) {
		if (!(mask & (1u << i)))
			continue;
		if ((same = ref_same(w, id, i, vals[i])) < 0)
			return -1;
		if (same)
			continue;
		if (ref_set_col(w, id, i, vals[i]) != 0)
			return -1;
		done |= 1u << i;
	}
	if (changed != NULL)
		*changed = done;
	return done ? ref_row_check(w, id) : 0;
}

/* Says which column a message is about, unless it already does. */
static void
ref_name_column(const struct referential_col *c, struct err *e)
{
	char *quoted = xasprintf("« %s »", c->label);

	if (strncmp(e->msg, c->label, strlen(c->label)) != 0 && strstr(e->msg, quoted) == NULL)
		err_prefix(e, "%s : ", c->label);
	free(quoted);
}

int
ref_validate(enum referential_table t, const char *const *inputs, char **vals, struct err *e)
{
	const struct rtable *rt = ref_table(t);
	size_t i;

	for (i = 0; i < rt->ncols; i++) {
		if (referential_check(&rt->cols[i], inputs[i], &vals[i], e) != 0) {
			ref_vals_free(vals, i);
			ref_name_column(&rt->cols[i], e);
			return -1;
		}
	}
	return 0;
}

void
ref_vals_free(char **vals, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(vals[i]);
		vals[i] = NULL;
	}
}

/* Where a new child of parent_id goes: after the last, unless given. */
static int
ref_position(struct ref_write *w, const char *parent_id, long *position)
{
	const struct rtable *t = ref_table(w->t);
	char *sql;
	int64_t v = 0;
	int rc;

	sql = xasprintf("SELECT 1 FROM %s WHERE id = ?", ref_table(t->parent_t)->table);
	rc = db_int(w->db, w->e, &v, sql, "t", parent_id);
	free(sql);
	if (rc == 0)
		return err_set(w->e, "%s introuvable : supprimé(e) entre-temps ?",
		    ref_table(t->parent_t)->label);
	if (rc < 0 || *position > 0)
		return rc < 0 ? -1 : 0;
	sql = xasprintf("SELECT coalesce(max(position), 0) + 1 FROM %s WHERE %s = ?", t->table,
	    t->parent);
	rc = db_int(w->db, w->e, &v, sql, "t", parent_id);
	free(sql);
	*position = (long)v;
	return rc < 0 ? -1 : 0;
}

/* ?1 id, then ?2 parent and ?3 position for rooms and items, the
 * columns, updated_at and updated_by. */
static char *
ref_insert_sql(const struct rtable *t)
{
	struct buf b;
	size_t i;
	int k = t->parent ? 4 : 2;

	buf_init(&b);
	buf_printf(&b, "INSERT INTO %s (id, ", t->table);
	if (t->parent)
		buf_printf(&b, "%s, position, ", t->parent);
	for (i = 0; i < t->ncols; i++)
		buf_printf(&b, "%s, ", t->cols[i].column);
	buf_adds(&b, "updated_at, updated_by) VALUES (?1");
	if (t->parent)
		buf_adds(&b, ", ?2, ?3");
	for (i = 0; i < t->ncols; i++)
		buf_printf(&b, ", %s", ref_cast(&t->cols[i], k++));
	buf_printf(&b, ", ?%d, ?%d)", k, k + 1);
	return buf_steal(&b);
}

int
ref_insert(struct ref_write *w, const char *parent_id, long position, char **vals,
    char out_id[UID_SIZE])
{
	const struct rtable *t = ref_table(w->t);
	char id[UID_SIZE], *sql;
	struct db_stmt *st;
	size_t i;
	int k = 1, rc;

	for (i = 0; i < t->ncols; i++)
		if (ref_db_check(w, NULL, i, vals[i]) != 0)
			return -1;
	if (t->parent && ref_position(w, parent_id, &position) != 0)
		return -1;
	uid_new(id);
	sql = ref_insert_sql(t);
	st = db_stmt(w->db, w->e, sql);
	free(sql);
	if (st == NULL || db_bind_at(st, w->e, k++, 't', id) != 0)
		return -1;
	if (t->parent && (db_bind_at(st, w->e, k++, 't', parent_id) != 0 ||
	    db_bind_at(st, w->e, k++, 'i', (int64_t)position) != 0))
		return -1;
	for (i = 0; i < t->ncols; i++)
		if (db_bind_at(st, w->e, k++, 't', vals[i]) != 0)
			return -1;
	if (db_bind_at(st, w->e, k++, 't', w->now) != 0 ||
	    db_bind_at(st, w->e, k, 't', w->who->id) != 0)
		return -1;
	while ((rc = db_step(st, w->e)) == 1)
		;
	if (rc < 0 || ref_row_check(w, id) != 0)
		return -1;
	if (out_id != NULL)
		memcpy(out_id, id, UID_SIZE);
	return 0;
}

char *
ref_find(struct ref_write *w, const char *column, const char *value, const char *parent_id)
{
	const struct rtable *t = ref_table(w->t);
	char *sql, *id;

	err_clear(w->e);
	if (parent_id != NULL) {
		sql = xasprintf("SELECT id FROM %s WHERE %s = ?1 AND position = CAST(?2 AS INTEGER) "
		    "ORDER BY rowid LIMIT 1", t->table, t->parent);
		id = db_text(w->db, w->e, sql, "tt", parent_id, value);
	} else {
		sql = xasprintf("SELECT id FROM %s WHERE %s = ?1 ORDER BY rowid LIMIT 1", t->table,
		    column);
		id = db_text(w->db, w->e, sql, "t", value);
	}
	free(sql);
	return id;
}

int
ref_load(struct ref_write *w, const char *id, char **vals)
{
	const struct rtable *t = ref_table(w->t);
	struct db_stmt *st;
	struct buf b;
	size_t i;
	int rc;

	buf_init(&b);
	buf_adds(&b, "SELECT id");
	for (i = 0; i < t->ncols; i++)
		buf_printf(&b, ", %s", t->cols[i].column);
	buf_printf(&b, " FROM %s WHERE id = ?", t->table);
	st = db_stmt(w->db, w->e, b.data);
	buf_free(&b);
	if (st == NULL || db_bind(st, w->e, "t", id) != 0)
		return -1;
	rc = db_step(st, w->e);
	for (i = 0; rc == 1 && i < t->ncols; i++)
		vals[i] = db_col_dup(st, 1 + (int)i);
	if (rc == 1)
		db_reset(st);
	if (rc == 0)
		return err_set(w->e, "Ligne introuvable (%s)", t->label);
	return rc < 0 ? -1 : 0;
}

/* Ends the transaction of a write whose status is rc: kept if 0. */
static int
ref_txn(struct ref_write *w, int rc)
{
	if (rc != 0) {
		db_rollback(w->db);
		return -1;
	}
	return db_commit(w->db, w->e);
}

int
referential_set(struct db *db, const struct user *who, enum referential_table t,
    const char *row_id, const char *column, const char *input, struct err *e)
{
	const struct referential_col *c = referential_col(t, column);
	char *vals[32] = {0};
	struct ref_write w;
	size_t i;
	int rc;

	if (ref_write_init(&w, db, who, t, e) != 0)
		return -1;
	if (c == NULL)
		return err_set(e, "Colonne inconnue « %s » (%s)", column ? column : "",
		    ref_table(t)->label);
	i = (size_t)(c - ref_table(t)->cols);
	if (referential_check(c, input, &vals[i], e) != 0)
		return -1;
	if (db_begin(db, e) != 0) {
		free(vals[i]);
		return -1;
	}
	rc = ref_txn(&w, ref_update(&w, row_id, vals, 1u << i, NULL));
	free(vals[i]);
	return rc;
}

int
referential_add(struct db *db, const struct user *who, enum referential_table t,
    const char *parent_id, const char *const *inputs, char out_id[UID_SIZE], struct err *e)
{
	char *vals[32] = {0};
	struct ref_write w;
	int rc;

	if (ref_write_init(&w, db, who, t, e) != 0)
		return -1;
	if (ref_table(t)->parent && parent_id == NULL)
		return err_set(e, "%s : à qui l'ajouter ?", ref_table(t)->label);
	if (ref_validate(t, inputs, vals, e) != 0)
		return -1;
	if (db_begin(db, e) != 0)
		rc = -1;
	else
		rc = ref_txn(&w, ref_insert(&w, parent_id, 0, vals, out_id));
	ref_vals_free(vals, ref_table(t)->ncols);
	return rc;
}

/* The parent and position of a room or item; 0, or -1 (e set). */
static int
ref_place(struct ref_write *w, const char *row_id, char **parent, long *position)
{
	const struct rtable *t = ref_table(w->t);
	char *sql = xasprintf("SELECT %s, position FROM %s WHERE id = ?", t->parent, t->table);
	struct db_stmt *st = db_stmt(w->db, w->e, sql);
	int rc;

	free(sql);
	*parent = NULL;
	if (st == NULL || db_bind(st, w->e, "t", row_id) != 0)
		return -1;
	rc = db_step(st, w->e);
	if (rc == 1) {
		*parent = db_col_dup(st, 0);
		*position = (long)db_col_int(st, 1);
		db_reset(st);
	}
	if (rc == 0)
		return err_set(w->e, "%s introuvable : supprimé(e) entre-temps ?", t->label);
	return rc < 0 ? -1 : 0;
}

/* The rows after position move up one place. */
static int
ref_close_gap(struct ref_write *w, const char *parent, long position)
{
	const struct rtable *t = ref_table(w->t);
	char *sql = xasprintf("UPDATE %s SET position = position - 1, updated_at = ?1, "
	    "updated_by = ?2 WHERE %s = ?3 AND position > ?4", t->table, t->parent);
	int rc = db_run(w->db, w->e, sql, "ttti", w->now, w->who->id, parent, (int64_t)position);

	free(sql);
	return rc;
}

static int
ref_delete_rows(struct ref_write *w, const char *row_id)
{
	struct db *db = w->db;
	struct err *e = w->e;
	char *sql;
	int rc = 0;

	if (w->t == RT_TEMPLATE)
		rc = db_run(db, e, "DELETE FROM template_item WHERE room_id IN "
		    "(SELECT id FROM template_room WHERE template_id = ?)", "t", row_id);
	if (rc == 0 && w->t == RT_TEMPLATE)
		rc = db_run(db, e, "DELETE FROM template_room WHERE template_id = ?", "t", row_id);
	if (rc == 0 && w->t == RT_ROOM)
		rc = db_run(db, e, "DELETE FROM template_item WHERE room_id = ?", "t", row_id);
	if (rc != 0)
		return -1;
	sql = xasprintf("DELETE FROM %s WHERE id = ?", ref_table(w->t)->table);
	rc = db_run(db, e, sql, "t", row_id);
	free(sql);
	if (rc == 0 && db_changes(db) == 0)
		return err_set(e, "%s introuvable : supprimé(e) entre-temps ?", ref_table(w->t)->label);
	return rc;
}

static int
ref_delete(struct ref_write *w, const char *row_id)
{
	char *why = ref_guard(w, row_id), *parent = NULL;
	long position = 0;
	int rc;

	if (why != NULL) {
		err_set(w->e, "Suppression refusée : %s", why);
		free(why);
		return -1;
	}
	if (w->e->msg[0] != '\0')
		return -1;
	if (ref_table(w->t)->parent && ref_place(w, row_id, &parent, &position) != 0)
		return -1;
	rc = ref_delete_rows(w, row_id);
	if (rc == 0 && parent != NULL)
		rc = ref_close_gap(w, parent, position);
	free(parent);
	return rc;
}

int
referential_delete(struct db *db, const struct user *who, enum referential_table t,
    const char *row_id, struct err *e)
{
	struct ref_write w;

	if (ref_write_init(&w, db, who, t, e) != 0 || db_begin(db, e) != 0)
		return -1;
	return ref_txn(&w, ref_delete(&w, row_id));
}

/* The sibling before (delta < 0) or after row_id: 1 found, 0 none. */
static int
ref_neighbour(struct ref_write *w, const char *parent, long position, int delta,
    char **other, long *other_pos)
{
	const struct rtable *t = ref_table(w->t);
	char *sql = xasprintf("SELECT id, position FROM %s WHERE %s = ?1 AND position %s ?2 "
	    "ORDER BY position %s LIMIT 1", t->table, t->parent, delta < 0 ? "<" : ">",
	    delta < 0 ? "DESC" : "ASC");
	struct db_stmt *st = db_stmt(w->db, w->e, sql);
	int rc;

	free(sql);
	if (st == NULL || db_bind(st, w->e, "ti", parent, (int64_t)position) != 0)
		return -1;
	rc = db_step(st, w->e);
	if (rc == 1) {
		*other = db_col_dup(st, 0);
		*other_pos = (long)db_col_int(st, 1);
		db_reset(st);
	}
	return rc;
}

static int
ref_swap(struct ref_write *w, const char *row_id, int delta)
{
	const struct rtable *t = ref_table(w->t);
	char *parent = NULL, *other = NULL, *sql;
	long position = 0, other_pos = 0;
	int rc;

	if (ref_place(w, row_id, &parent, &position) != 0)
		return -1;
	rc = ref_neighbour(w, parent, position, delta, &other, &other_pos);
	if (rc == 1) {
		sql = xasprintf("UPDATE %s SET position = ?1, updated_at = ?2, updated_by = ?3 "
		    "WHERE id = ?4", t->table);
		if (db_run(w->db, w->e, sql, "ittt", (int64_t)other_pos, w->now, w->who->id,
		    row_id) != 0 || db_run(w->db, w->e, sql, "ittt", (int64_t)position, w->now,
		    w->who->id, other) != 0)
			rc = -1;
		free(sql);
	}
	free(parent);
	free(other);
	return rc;
}

int
referential_move(struct db *db, const struct user *who, enum referential_table t,
    const char *row_id, int delta, struct err *e)
{
	struct ref_write w;
	int rc;

	if (ref_write_init(&w, db, who, t, e) != 0)
		return -1;
	if (ref_table(t)->parent == NULL)
		return err_set(e, "%s : pas d'ordre à changer", ref_table(t)->label);
	if (db_begin(db, e) != 0)
		return -1;
	rc = ref_swap(&w, row_id, delta);
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, e) != 0 ? -1 : rc;
}
