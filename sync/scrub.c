/* Scrub of anonymised tenants' traces in the sync tables (see scrub.h). */
#include "scrub.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/db.h"
#include "core/retention.h"
#include "core/xalloc.h"
#include "json.h"

/* The tenant's personal columns; named: the one that becomes
 * RETENTION_NAME (NOT NULL), the others become null. */
static const struct {
	const char *col;
	int named;
} scrub_cols[] = {
	{"last_name", 1},
	{"first_name", 0},
	{"phone", 0},
	{"email", 0},
};

#define NSCRUB (sizeof scrub_cols / sizeof scrub_cols[0])

#define SCRUB_ANONYMISED "row_id IN (SELECT id FROM tenant WHERE anonymised = 1)"
#define SCRUB_ONE "row_id = ?1"
/* Only log entries that carry a personal column are read. */
#define SCRUB_OP_SQL(rows) \
	"SELECT seq, fields FROM op WHERE tbl = 'tenant' AND " rows " AND (" \
	"json_type(fields, '$.last_name') IS NOT NULL OR " \
	"json_type(fields, '$.first_name') IS NOT NULL OR " \
	"json_type(fields, '$.phone') IS NOT NULL OR " \
	"json_type(fields, '$.email') IS NOT NULL)"
/* A ledger line about one column holds that column's values; one about
 * the whole row (col NULL: a delete) holds whole rows. */
#define SCRUB_CONFLICT_SQL(rows) \
	"SELECT id, col, base_value, win_value, lose_value FROM sync_conflict " \
	"WHERE tbl = 'tenant' AND " rows " AND (col IS NULL OR " \
	"col IN ('last_name', 'first_name', 'phone', 'email'))"

static cJSON *
scrub_value(int named)
{
	return named ? cJSON_CreateString(RETENTION_NAME) : cJSON_CreateNull();
}

/* Null stays null: it says "no value" and names no one. */
static int
scrub_needed(const cJSON *v, int named)
{
	if (cJSON_IsNull(v))
		return 0;
	return !named || !cJSON_IsString(v) || strcmp(v->valuestring, RETENTION_NAME) != 0;
}

/* One column of an object of values ({"c": v}) or of changes
 * ({"c": [old, new]}); the number of values replaced. */
static int
scrub_column(cJSON *obj, const char *col, int named)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, col);
	int i, n = 0;

	if (v == NULL)
		return 0;
	if (!cJSON_IsArray(v)) {
		if (!scrub_needed(v, named))
			return 0;
		cJSON_ReplaceItemInObjectCaseSensitive(obj, col, scrub_value(named));
		return 1;
	}
	for (i = 0; i < cJSON_GetArraySize(v); i++)
		if (scrub_needed(cJSON_GetArrayItem(v, i), named)) {
			cJSON_ReplaceItemInArray(v, i, scrub_value(named));
			n++;
		}
	return n;
}

/* The number of values replaced in an object of columns. */
static int
scrub_object(cJSON *obj)
{
	size_t i;
	int n = 0;

	for (i = 0; i < NSCRUB; i++)
		n += scrub_column(obj, scrub_cols[i].col, scrub_cols[i].named);
	return n;
}

/* The scrubbed text of a stored JSON value, or NULL (e clear) when
 * nothing in it names the tenant. col: the column a scalar value is of
 * (it is read as the object {col: value}); NULL for an object of
 * columns. The caller frees. */
static char *
scrub_text(const char *text, const char *col, struct err *e)
{
	struct buf b;
	cJSON *v;
	char *obj;
	int rc;

	err_clear(e);
	if (text == NULL)
		return NULL;
	obj = col ? xasprintf("{\"%s\":%s}", col, text) : xstrdup(text);
	rc = json_parse(obj, strlen(obj), &v, e);
	free(obj);
	if (rc != 0)
		return NULL;
	if (scrub_object(v) == 0) {
		cJSON_Delete(v);
		return NULL;
	}
	buf_init(&b);
	json_write(&b, col ? cJSON_GetObjectItemCaseSensitive(v, col) : v);
	cJSON_Delete(v);
	return buf_steal(&b);
}

/* Rewrites, after reading them all (the statement is not written to
 * while it runs), the log entries st finds. */
static int
scrub_ops(struct db *db, struct db_stmt *st, struct err *e)
{
	int64_t *seqs = NULL;
	char **texts = NULL, *t;
	size_t n = 0, i;
	int rc;

	while ((rc = db_step(st, e)) == 1) {
		if ((t = scrub_text(db_col_text(st, 1), NULL, e)) == NULL) {
			if (!e->msg[0])
				continue;
			db_reset(st);
			rc = -1;
			break;
		}
		seqs = xreallocarray(seqs, n + 1, sizeof *seqs);
		texts = xreallocarray(texts, n + 1, sizeof *texts);
		seqs[n] = db_col_int(st, 0);
		texts[n++] = t;
	}
	for (i = 0; i < n; i++) {
		if (rc == 0)
			rc = db_run(db, e, "UPDATE op SET fields = ? WHERE seq = ?", "ti", texts[i],
			    seqs[i]);
		free(texts[i]);
	}
	free(texts);
	free(seqs);
	return rc < 0 ? -1 : 0;
}

/* One ledger line's new values; NULL where one is unchanged. */
struct scrub_line {
	char *id, *v[3];
};

static void
scrub_line_free(struct scrub_line *l)
{
	int k;

	free(l->id);
	for (k = 0; k < 3; k++)
		free(l->v[k]);
}

/* 1 with l filled when the current line of st needs a change, 0 not,
 * -1 on error. */
static int
scrub_line_read(struct db_stmt *st, struct scrub_line *l, struct err *e)
{
	const char *col = db_col_text(st, 1);
	int k, any = 0;

	memset(l, 0, sizeof *l);
	for (k = 0; k < 3; k++) {
		l->v[k] = scrub_text(db_col_text(st, 2 + k), col, e);
		if (e->msg[0]) {
			scrub_line_free(l);
			return -1;
		}
		any |= l->v[k] != NULL;
	}
	if (any)
		l->id = db_col_dup(st, 0);
	return any;
}

static int
scrub_conflicts(struct db *db, struct db_stmt *st, struct err *e)
{
	struct scrub_line *lines = NULL, l;
	size_t n = 0, i;
	int rc;

	while ((rc = db_step(st, e)) == 1) {
		if ((rc = scrub_line_read(st, &l, e)) < 0) {
			db_reset(st);
			break;
		}
		if (rc == 0)
			continue;
		lines = xreallocarray(lines, n + 1, sizeof *lines);
		lines[n++] = l;
	}
	for (i = 0; i < n; i++) {
		if (rc == 0)
			rc = db_run(db, e, "UPDATE sync_conflict SET base_value = coalesce(?, base_value), "
			    "win_value = coalesce(?, win_value), lose_value = coalesce(?, lose_value) "
			    "WHERE id = ?", "tttt", lines[i].v[0], lines[i].v[1], lines[i].v[2],
			    lines[i].id);
		scrub_line_free(&lines[i]);
	}
	free(lines);
	return rc < 0 ? -1 : 0;
}

/* id NULL: every anonymised tenant. */
static int
scrub_run(struct db *db, const char *id, struct err *e)
{
	struct db_stmt *st;

	if (!db_in_transaction(db))
		return err_set(e, "effacement des traces des locataires anonymisés hors transaction");
	st = db_stmt(db, e, id ? SCRUB_OP_SQL(SCRUB_ONE) : SCRUB_OP_SQL(SCRUB_ANONYMISED));
	if (st == NULL || (id && db_bind(st, e, "t", id) != 0) || scrub_ops(db, st, e) != 0)
		return -1;
	st = db_stmt(db, e, id ? SCRUB_CONFLICT_SQL(SCRUB_ONE) :
	    SCRUB_CONFLICT_SQL(SCRUB_ANONYMISED));
	if (st == NULL || (id && db_bind(st, e, "t", id) != 0) || scrub_conflicts(db, st, e) != 0)
		return -1;
	return 0;
}

int
scrub_tenants(struct db *db, struct err *e)
{
	return scrub_run(db, NULL, e) == 0 ? 0 : err_prefix(e, "effacement des traces des "
	    "locataires anonymisés : ");
}

int
scrub_tenant(struct db *db, const char *id, struct err *e)
{
	if (scrub_run(db, id, e) != 0 || db_run(db, e, "UPDATE tenant SET last_name = ?1, "
	    "first_name = NULL, phone = NULL, email = NULL WHERE id = ?2 AND (last_name IS NOT ?1 "
	    "OR first_name IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL)", "tt",
	    RETENTION_NAME, id) != 0)
		return err_prefix(e, "effacement des traces du locataire anonymisé %s : ", id);
	return 0;
}

int
scrub_retention_apply(struct db *db, const struct user *who, int years, const char *today,
    struct retention_plan *p, struct err *e)
{
	if (db_begin(db, e) != 0)
		return -1;
	if (retention_apply(db, who, years, today, p, e) != 0) {
		db_rollback(db);
		return -1;
	}
	if (scrub_tenants(db, e) == 0 && db_commit(db, e) == 0)
		return 0;
	db_rollback(db);
	retention_plan_free(p);
	return -1;
}
