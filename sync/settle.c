/* Settling the conflict ledger (see settle.h). */
#include "settle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/datetime.h"
#include "core/db.h"
#include "core/field.h"
#include "core/perm.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "row.h"
#include "synclog.h"
#include "tables.h"

/* What settling needs of a ledger line. */
struct line {
	char *tbl, *row_id, *col, *rule, *lose_value, *status, *agency, *settled_by,
	    *settled_at;
};

/* Rules whose losing value may be written back; why not, for the others. */
static const struct {
	const char *rule;
	const char *why_not; /* NULL: restorable */
} restorable[] = {
	{"lww", NULL},
	{"hub", NULL},
	{"append", "les deux textes sont déjà dans la ligne : acquittez le conflit"},
	{"delete", "conflit entre une modification et une suppression : la ligne est "
	    "restée entière, le conflit ne peut qu'être acquitté"},
};

#define NRESTORABLE (sizeof restorable / sizeof restorable[0])

static const char *
why_not_restorable(const char *rule)
{
	size_t i;

	for (i = 0; rule != NULL && i < NRESTORABLE; i++)
		if (strcmp(restorable[i].rule, rule) == 0)
			return restorable[i].why_not;
	return "règle de conflit inconnue : le conflit ne peut qu'être acquitté";
}

int
settle_can_restore(const char *rule)
{
	return why_not_restorable(rule) == NULL;
}

static void
line_clear(struct line *l)
{
	free(l->tbl);
	free(l->row_id);
	free(l->col);
	free(l->rule);
	free(l->lose_value);
	free(l->status);
	free(l->agency);
	free(l->settled_by);
	free(l->settled_at);
}

/* 1 found, 0 no such line, -1 error. */
static int
line_load(struct db *db, const char *id, struct line *l, struct err *e)
{
	struct db_stmt *st;
	int rc;

	memset(l, 0, sizeof *l);
	st = db_stmt(db, e, "SELECT c.tbl, c.row_id, c.col, c.rule, c.lose_value, c.status, "
	    "s.agency_id, coalesce(u.display_name, c.settled_by), c.settled_at "
	    "FROM sync_conflict c LEFT JOIN sector s ON s.id = c.sector "
	    "LEFT JOIN user_account u ON u.id = c.settled_by WHERE c.id = ?");
	if (st == NULL || db_bind(st, e, "t", id) != 0)
		return -1;
	if ((rc = db_step(st, e)) != 1)
		return rc;
	l->tbl = db_col_dup(st, 0);
	l->row_id = db_col_dup(st, 1);
	l->col = db_col_dup(st, 2);
	l->rule = db_col_dup(st, 3);
	l->lose_value = db_col_dup(st, 4);
	l->status = db_col_dup(st, 5);
	l->agency = db_col_dup(st, 6);
	l->settled_by = db_col_dup(st, 7);
	l->settled_at = db_col_dup(st, 8);
	return db_step(st, e) < 0 ? -1 : 1;
}

/* Who may settle this line, and whether it is still open. */
static int
line_check(const struct user *who, const struct line *l, struct err *e)
{
	char when[32];

	if (strcmp(l->status, "open") != 0) {
		synclog_when(l->settled_at, 1, when, sizeof when);
		return err_set(e, "Conflit déjà %s par %s le %s", synclog_status_text(l->status),
		    l->settled_by ? l->settled_by : "?", when);
	}
	if (who->agency_id != NULL && l->agency != NULL && strcmp(who->agency_id, l->agency) != 0)
		return err_set(e, "Ce conflit concerne un secteur d'une autre agence : "
		    "il revient à son superviseur");
	return 0;
}

/* The column's value now, the losing value parsed and checked. */
static int
restore_value(struct db *db, const struct sync_table *t, const struct sync_column *c,
    const struct line *l, cJSON **lose, struct err *e)
{
	cJSON *cur;
	char *shown;
	int same;

	if ((cur = row_read(db, t, l->row_id, e)) == NULL)
		return e->msg[0] ? -1 : err_set(e, "La ligne n'existe plus (supprimée depuis) : "
		    "le conflit ne peut qu'être acquitté");
	*lose = synclog_scalar(l->lose_value);
	same = *lose != NULL && row_values_equal(cJSON_GetObjectItemCaseSensitive(cur, c->name),
	    *lose);
	cJSON_Delete(cur);
	if (*lose == NULL)
		return err_set(e, "Valeur perdue illisible dans le journal des conflits");
	if (row_check_value(c, *lose, e) != NULL)
		return err_prefix(e, "Valeur perdue inutilisable : ");
	if (same) {
		shown = synclog_value_text(l->tbl, l->col, l->lose_value);
		err_set(e, "« %.200s » est déjà la valeur en place : acquittez le conflit", shown);
		free(shown);
		return -1;
	}
	return 0;
}

/* Writes the losing value back as who: the capture trigger makes it a
 * new operation of the hub's log. */
static int
restore(struct db *db, const struct user *who, const struct line *l, struct err *e)
{
	const struct sync_table *t = sync_table_find(l->tbl);
	const struct sync_column *c = t && l->col ? sync_column_find(t, l->col) : NULL;
	const char *why = why_not_restorable(l->rule);
	char now[DT_STAMP_SIZE];
	cJSON *lose = NULL, *changes;
	int rc;

	if (why != NULL || l->col == NULL)
		return err_set(e, "%s", why ? why : "conflit sur une ligne entière : il ne peut "
		    "qu'être acquitté");
	if (c == NULL)
		return err_set(e, "Colonne %s.%s inconnue : le conflit ne peut qu'être acquitté",
		    l->tbl, l->col);
	if (restore_value(db, t, c, l, &lose, e) != 0) {
		cJSON_Delete(lose);
		return -1;
	}
	dt_now(now);
	changes = cJSON_CreateObject();
	cJSON_AddItemToObject(changes, c->name, lose);
	cJSON_AddItemToObject(changes, "updated_at", cJSON_CreateString(now));
	cJSON_AddItemToObject(changes, "updated_by", cJSON_CreateString(who->id));
	rc = row_update(db, t, l->row_id, changes, e);
	cJSON_Delete(changes);
	return rc != 0 ? err_prefix(e, "Rétablissement impossible : ") : 0;
}

static int
mark(struct db *db, const struct user *who, const char *id, const char *status,
    struct err *e)
{
	char now[DT_STAMP_SIZE];

	dt_now(now);
	if (db_run(db, e, "UPDATE sync_conflict SET status = ?, settled_by = ?, settled_at = ? "
	    "WHERE id = ? AND status = 'open'", "tttt", status, who->id, now, id) != 0)
		return -1;
	return db_changes(db) == 1 ? 0 : err_set(e, "Conflit réglé entre-temps par quelqu'un "
	    "d'autre");
}

static int
refuse_role(const struct user *who, struct err *e)
{
	char *why = field_reserved(PG_SYNCLOG);

	err_set(e, "Règlement refusé : le rôle %s ne peut pas régler les conflits de "
	    "synchronisation (%s)", user_role_label(who->role), why);
	free(why);
	return -1;
}

int
settle_conflict(struct db *db, const struct user *who, const char *conflict_id,
    enum settle_how how, struct err *e)
{
	struct line l;
	int rc;

	if (!perm_can_write(who->role, PG_SYNCLOG))
		return refuse_role(who, e);
	if (db_begin(db, e) != 0)
		return -1;
	if ((rc = line_load(db, conflict_id, &l, e)) <= 0) {
		if (rc == 0)
			err_set(e, "Conflit %.36s introuvable dans le journal", conflict_id);
		goto fail;
	}
	if (line_check(who, &l, e) != 0 ||
	    (how == SETTLE_RESTORE && restore(db, who, &l, e) != 0) ||
	    mark(db, who, conflict_id, how == SETTLE_RESTORE ? "overridden" : "acknowledged",
	    e) != 0 || db_commit(db, e) != 0)
		goto fail;
	line_clear(&l);
	return 0;
fail:
	line_clear(&l);
	db_rollback(db);
	return -1;
}
