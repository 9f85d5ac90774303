/* Work orders as screens read them: one order with its events, the
 * orders of a claim or of who's scope, the contractors and their
 * contracts. Amounts only for roles that may read PG_MONEY. */
#include "work_order.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim_internal.h"
#include "db.h"
#include "perm.h"
#include "user.h"
#include "xalloc.h"

#define OPEN_STATUSES "('ordered', 'scheduled', 'done', 'checked')"

/* The columns of a work_order_row, in wo_fill_row's order, then the
 * scope flag; filled with the WITH clause (or nothing), the rows to
 * start from, the scope and the other conditions. */
static const char wo_rows_sql[] =
    "%sSELECT w.id, w.number, w.status, w.contractor_id, k.name, w.contract_id, ct.label, "
    " ct.response_hours, w.dwelling_id, w.entrance_id, w.building_id, w.common_area_id, "
    " " CLAIM_PLACE_LABEL_SQL ", w.description, w.planned_date, w.ordered_at, w.amount_cents, "
    " w.claim_id, cl.number, w.inspection_item_id, w.round_result_id, %s "
    "FROM %s " CLAIM_PLACE_JOINS("w")
    "LEFT JOIN contractor k ON k.id = w.contractor_id "
    "LEFT JOIN contract ct ON ct.id = w.contract_id "
    "LEFT JOIN claim cl ON cl.id = w.claim_id WHERE %s ORDER BY w.ordered_at, w.number";

#define WO_SCOPE_COL 21

/* A gardien's orders, from their sectors down the place indexes. */
static const char wo_down[] =
    "WITH es0 AS (SELECT id FROM estate WHERE sector_id IN "
    "  (SELECT sector_id FROM user_sector WHERE user_id = ?1)), "
    " bl AS (SELECT b.id FROM es0 JOIN building b ON b.estate_id = es0.id), "
    " wl AS (SELECT w.rowid AS r FROM bl JOIN entrance en ON en.building_id = bl.id "
    "  JOIN dwelling d ON d.entrance_id = en.id JOIN work_order w ON w.dwelling_id = d.id "
    " UNION ALL SELECT w.rowid FROM bl JOIN entrance en ON en.building_id = bl.id "
    "  JOIN work_order w ON w.entrance_id = en.id "
    " UNION ALL SELECT w.rowid FROM bl JOIN work_order w ON w.building_id = bl.id "
    " UNION ALL SELECT w.rowid FROM bl JOIN common_area ca ON ca.building_id = bl.id "
    "  JOIN work_order w ON w.common_area_id = ca.id "
    " UNION ALL SELECT w.rowid FROM es0 JOIN common_area ca ON ca.estate_id = es0.id "
    "  JOIN work_order w ON w.common_area_id = ca.id) ";

static const char wo_events_sql[] =
    "SELECT v.id, v.at, v.user_id, coalesce(ua.display_name, v.user_id), v.from_status, "
    " v.to_status, v.comment FROM work_order_event v "
    "LEFT JOIN user_account ua ON ua.id = v.user_id "
    "WHERE v.work_order_id = ?1 ORDER BY v.at, v.id";

static const char wo_contractors_sql[] =
    "SELECT k.id, k.name, k.trade, k.phone, ct.id, ct.label, ct.trade, ct.agency_id, "
    " ct.response_hours, ct.start_date, ct.end_date, "
    " (ct.start_date IS NULL OR ct.start_date <= ?2) AND (ct.end_date IS NULL OR "
    "  ct.end_date >= ?2) "
    "FROM contractor k LEFT JOIN contract ct ON ct.contractor_id = k.id "
    " AND (?1 IS NULL OR ct.agency_id IS NULL OR ct.agency_id = ?1) "
    "ORDER BY k.name, k.id, ct.label, ct.id";

/* How a query meets who's scope: one order, flagged when out of scope;
 * orders filtered by scope; a gardien's found from their sectors. */
enum wo_reach { WO_ONE, WO_SCOPED, WO_DOWN };

static struct db_stmt *wo_prepare(struct db *db, const struct user *who, enum wo_reach how,
    const char *cond, struct scope *s, struct err *e);
static int wo_collect(struct db_stmt *st, const struct user *who, int visible_only,
    size_t offset, size_t limit, struct work_order_row **rows, size_t *n, size_t *total,
    struct err *e);
static void wo_fill_row(struct work_order_row *r, struct db_stmt *st, int hide_money);
static void wo_row_clear(struct work_order_row *r);

static void
wo_copy(char *out, size_t size, struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);

	snprintf(out, size, "%s", s ? s : "");
}

static void
wo_fill_row(struct work_order_row *r, struct db_stmt *st, int hide_money)
{
	int status;

	memset(r, 0, sizeof *r);
	wo_copy(r->id, sizeof r->id, st, 0);
	wo_copy(r->number, sizeof r->number, st, 1);
	status = work_order_status_parse(db_col_text(st, 2));
	r->status = status < 0 ? WORK_ORDER_ORDERED : (enum work_order_status)status;
	wo_copy(r->contractor_id, sizeof r->contractor_id, st, 3);
	r->contractor = db_col_dup(st, 4);
	wo_copy(r->contract_id, sizeof r->contract_id, st, 5);
	r->contract = db_col_dup(st, 6);
	r->response_hours = (int)db_col_int(st, 7);
	claim_place_fill(st, 8, &r->place_kind, r->place_id);
	r->place = db_col_dup(st, 12);
	r->description = db_col_dup(st, 13);
	wo_copy(r->planned_date, sizeof r->planned_date, st, 14);
	wo_copy(r->ordered_at, sizeof r->ordered_at, st, 15);
	r->amount_hidden = hide_money;
	r->has_amount = !hide_money && !db_col_is_null(st, 16);
	r->amount_cents = r->has_amount ? db_col_int(st, 16) : 0;
	wo_copy(r->claim_id, sizeof r->claim_id, st, 17);
	wo_copy(r->claim_number, sizeof r->claim_number, st, 18);
	wo_copy(r->inspection_item_id, sizeof r->inspection_item_id, st, 19);
	wo_copy(r->round_result_id, sizeof r->round_result_id, st, 20);
}

static void
wo_row_clear(struct work_order_row *r)
{
	free(r->contractor);
	free(r->contract);
	free(r->place);
	free(r->description);
}

void
work_order_rows_free(struct work_order_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		wo_row_clear(&rows[i]);
	free(rows);
}

/* The statement for who's scope and extra conditions; ?1 bound to the
 * scope argument. */
static struct db_stmt *
wo_prepare(struct db *db, const struct user *who, enum wo_reach how, const char *cond,
    struct scope *s, struct err *e)
{
	char *scope, *where, *sql;
	struct db_stmt *st;

	if (!perm_can_read(who->role, PG_CLAIMS)) {
		err_set(e, "bons de travaux : votre rôle (%s) ne permet pas de les lire",
		    user_role_label(who->role));
		return NULL;
	}
	patrimoine_scope(who, s);
	scope = patrimoine_scope_sql(s, "es.sector_id");
	where = how == WO_ONE ? xasprintf("1%s", cond) : xasprintf("%s%s", scope, cond);
	if (how == WO_DOWN && s->kind == SCOPE_SECTORS)
		sql = xasprintf(wo_rows_sql, wo_down, scope,
		    "wl CROSS JOIN work_order w ON w.rowid = wl.r", where);
	else
		sql = xasprintf(wo_rows_sql, "", scope, "work_order w", where);
	st = db_stmt(db, e, sql);
	free(sql);
	free(where);
	free(scope);
	if (st != NULL && db_bind_at(st, e, 1, 't', s->arg) != 0)
		return NULL;
	return st;
}

/* Steps through st, keeping the rows of [offset, offset + limit) (limit
 * 0: all); visible_only: rows out of scope are an error (one order),
 * else they are skipped by the query already. */
static int
wo_collect(struct db_stmt *st, const struct user *who, int visible_only, size_t offset,
    size_t limit, struct work_order_row **rows, size_t *n, size_t *total, struct err *e)
{
	int hide = !perm_can_read(who->role, PG_MONEY), rc;
	size_t cap = 0, seen = 0;

	*rows = NULL;
	*n = 0;
	while ((rc = db_step(st, e)) == 1) {
		if (visible_only && db_col_int(st, WO_SCOPE_COL) == 0) {
			err_set(e, "le bon de travaux %s n'est pas dans votre périmètre",
			    db_col_text(st, 1));
			db_reset(st);
			rc = -1;
			break;
		}
		if (seen++ < offset || (limit > 0 && *n >= limit))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		wo_fill_row(&(*rows)[(*n)++], st, hide);
	}
	if (total != NULL)
		*total = seen;
	if (rc < 0) {
		work_order_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

int
work_order_load(struct db *db, const struct user *who, const char *work_order_id,
    struct work_order **out, struct err *e)
{
	struct work_order_row *rows;
	struct work_order *w;
	struct db_stmt *st;
	struct scope s;
	size_t n;

	*out = NULL;
	if ((st = wo_prepare(db, who, WO_ONE, " AND w.id = ?2", &s, e)) == NULL ||
	    db_bind_at(st, e, 2, 't', work_order_id) != 0 ||
	    wo_collect(st, who, 1, 0, 0, &rows, &n, NULL, e) != 0)
		return err_prefix(e, "bon de travaux : ");
	if (n == 0)
		return err_set(e, "bon de travaux introuvable : %s",
		    work_order_id ? work_order_id : "(aucun)");
	w = xcalloc(1, sizeof *w);
	w->row = rows[0];
	free(rows);
	if (claim_events_read(db, wo_events_sql, w->row.id, &w->events, &w->nevents, e) != 0) {
		work_order_free(w);
		return err_prefix(e, "bon de travaux : ");
	}
	*out = w;
	return 0;
}

void
work_order_free(struct work_order *w)
{
	if (w == NULL)
		return;
	wo_row_clear(&w->row);
	claim_events_free(w->events, w->nevents);
	free(w);
}

int
work_order_of_claim(struct db *db, const struct user *who, const char *claim_id,
    struct work_order_row **rows, size_t *n, struct err *e)
{
	struct db_stmt *st;
	struct scope s;

	*rows = NULL;
	*n = 0;
	if ((st = wo_prepare(db, who, WO_SCOPED, " AND w.claim_id = ?2", &s, e)) == NULL ||
	    db_bind_at(st, e, 2, 't', claim_id) != 0)
		return -1;
	return wo_collect(st, who, 0, 0, 0, rows, n, NULL, e);
}

int
work_order_list(struct db *db, const struct user *who, const struct work_order_filter *f,
    struct work_order_row **rows, size_t *n, size_t *total, struct err *e)
{
	struct db_stmt *st;
	struct scope s;
	struct buf cond;

	*rows = NULL;
	*n = 0;
	if (f->status >= WORK_ORDER_STATUS_COUNT)
		return err_set(e, "bons de travaux : filtre invalide");
	buf_init(&cond);
	buf_adds(&cond, "");
	if (f->status >= 0)
		buf_adds(&cond, " AND w.status = ?2");
	else if (f->open_only)
		buf_adds(&cond, " AND w.status IN " OPEN_STATUSES);
	if (f->contractor_id != NULL)
		buf_adds(&cond, " AND w.contractor_id = ?3");
	st = wo_prepare(db, who, WO_DOWN, cond.data, &s, e);
	buf_free(&cond);
	if (st == NULL || (f->status >= 0 && db_bind_at(st, e, 2, 't',
	    work_order_status_code((enum work_order_status)f->status)) != 0) ||
	    (f->contractor_id != NULL && db_bind_at(st, e, 3, 't', f->contractor_id) != 0))
		return -1;
	return wo_collect(st, who, 0, f->offset, f->limit, rows, n, total, e);
}

/* ---- Contractors ---- */

static void
wo_fill_contract(struct work_order_contract *c, struct db_stmt *st)
{
	memset(c, 0, sizeof *c);
	wo_copy(c->id, sizeof c->id, st, 4);
	c->label = db_col_dup(st, 5);
	c->trade = db_col_dup(st, 6);
	wo_copy(c->agency_id, sizeof c->agency_id, st, 7);
	c->response_hours = (int)db_col_int(st, 8);
	wo_copy(c->start_date, sizeof c->start_date, st, 9);
	wo_copy(c->end_date, sizeof c->end_date, st, 10);
	c->in_force = (int)db_col_int(st, 11);
}

/* Adds the current row: a new contractor when its id changes, its
 * contract if any. */
static void
wo_add_contractor(struct work_order_contractor **rows, size_t *n, size_t *cap,
    struct db_stmt *st)
{
	struct work_order_contractor *k = *n ? &(*rows)[*n - 1] : NULL;

	if (k == NULL || strcmp(k->id, db_col_text(st, 0)) != 0) {
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*rows = xreallocarray(*rows, *cap, sizeof **rows);
		}
		k = &(*rows)[(*n)++];
		memset(k, 0, sizeof *k);
		wo_copy(k->id, sizeof k->id, st, 0);
		k->name = db_col_dup(st, 1);
		k->trade = db_col_dup(st, 2);
		k->phone = db_col_dup(st, 3);
	}
	if (db_col_is_null(st, 4))
		return;
	k->contracts = xreallocarray(k->contracts, k->ncontracts + 1, sizeof *k->contracts);
	wo_fill_contract(&k->contracts[k->ncontracts++], st);
}

int
work_order_contractors(struct db *db, const struct user *who, const char *agency_id,
    const char *today, struct work_order_contractor **rows, size_t *n, struct err *e)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if (!perm_can_read(who->role, PG_CLAIMS))
		return err_set(e, "entreprises : votre rôle (%s) ne permet pas de les lire",
		    user_role_label(who->role));
	if (today == NULL || !dt_date_valid(today))
		return err_set(e, "entreprises : date invalide : %s", today ? today : "(nulle)");
	if ((st = db_stmt(db, e, wo_contractors_sql)) == NULL ||
	    db_bind(st, e, "tt", agency_id, today) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1)
		wo_add_contractor(rows, n, &cap, st);
	if (rc < 0) {
		work_order_contractors_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

void
work_order_contractors_free(struct work_order_contractor *rows, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < rows[i].ncontracts; j++) {
			free(rows[i].contracts[j].label);
			free(rows[i].contracts[j].trade);
		}
		free(rows[i].contracts);
		free(rows[i].name);
		free(rows[i].trade);
		free(rows[i].phone);
	}
	free(rows);
}

/* ---- Round anomalies ---- */

static const char wo_anomaly_sql[] =
    "SELECT rr.id, rr.result, ti.label, rr.comment, t.building_id FROM round_result rr "
    "JOIN round_template_item ti ON ti.id = rr.item_id "
    "JOIN round_template t ON t.id = ti.template_id "
    "WHERE rr.round_id = ?1 AND rr.item_id = ?2";

int
work_order_round_anomaly(struct db *db, const struct user *who, const char *run_id,
    const char *item_id, char out_id[UID_SIZE], char building_id[UID_SIZE], char **text,
    struct err *e)
{
	const char *comment;
	struct db_stmt *st;
	int rc;

	*text = NULL;
	out_id[0] = building_id[0] = '\0';
	if (!perm_can_read(who->role, PG_CLAIMS))
		return err_set(e, "bons de travaux : votre rôle (%s) ne permet pas de les lire",
		    user_role_label(who->role));
	if ((st = db_stmt(db, e, wo_anomaly_sql)) == NULL ||
	    db_bind(st, e, "tt", run_id, item_id) != 0 || (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 0 || strcmp(db_col_text(st, 1), "anomaly") != 0) {
		if (rc != 0)
			db_reset(st);
		return err_set(e, "seule une ligne en anomalie donne lieu à des travaux");
	}
	wo_copy(out_id, UID_SIZE, st, 0);
	wo_copy(building_id, UID_SIZE, st, 4);
	comment = db_col_text(st, 3);
	*text = xasprintf("%s%s%s", db_col_text(st, 2), comment && *comment ? " : " : "",
	    comment && *comment ? comment : "");
	db_reset(st);
	return 0;
}

/* ---- Trades ---- */

static const char *const wo_trades[][2] = {
	{"plumbing", "Plomberie"}, {"electricity", "Électricité"},
	{"heating", "Chauffage et eau chaude"}, {"lift", "Ascenseurs"},
	{"access", "Interphonie et contrôle d'accès"}, {"locksmith", "Serrurerie"},
	{"cleaning", "Nettoyage"}, {"pests", "Dératisation et désinsectisation"},
	{"painting", "Peinture et revêtements"}, {"green_spaces", "Espaces verts"},
	{"roofing", "Couverture et étanchéité"}, {"multi", "Multiservices"},
};

const char *
work_order_trade_label(const char *code)
{
	size_t i;

	if (code == NULL)
		return "";
	for (i = 0; i < sizeof wo_trades / sizeof wo_trades[0]; i++)
		if (strcmp(wo_trades[i][0], code) == 0)
			return wo_trades[i][1];
	return code;
}
