/* Claims as screens read them: lists of who's scope, one claim with its
 * events and work orders, the reference lists of the form. */
#include "claim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "claim_internal.h"
#include "db.h"
#include "perm.h"
#include "user.h"
#include "work_order.h"
#include "xalloc.h"

#define OPEN_STATUSES "('new', 'forwarded', 'in_progress', 'solved', 'informed')"

/* A gardien's claims, found from their sectors down the indexes rather
 * than among every claim of the organisation. */
static const char claim_down[] =
    "WITH es0 AS (SELECT id FROM estate WHERE sector_id IN "
    "  (SELECT sector_id FROM user_sector WHERE user_id = ?1)), "
    " bl AS (SELECT b.id FROM es0 JOIN building b ON b.estate_id = es0.id), "
    " cl AS (SELECT c.rowid AS r FROM bl JOIN entrance en ON en.building_id = bl.id "
    "  JOIN dwelling d ON d.entrance_id = en.id JOIN claim c ON c.dwelling_id = d.id "
    " UNION ALL SELECT c.rowid FROM bl JOIN entrance en ON en.building_id = bl.id "
    "  JOIN claim c ON c.entrance_id = en.id "
    " UNION ALL SELECT c.rowid FROM bl JOIN claim c ON c.building_id = bl.id "
    " UNION ALL SELECT c.rowid FROM bl JOIN common_area ca ON ca.building_id = bl.id "
    "  JOIN claim c ON c.common_area_id = ca.id "
    " UNION ALL SELECT c.rowid FROM es0 JOIN common_area ca ON ca.estate_id = es0.id "
    "  JOIN claim c ON c.common_area_id = ca.id) ";

/* The columns of a claim_row, in claim_fill_row's order. */
#define CLAIM_ROW_COLS \
	"c.id, c.number, c.status, c.category, coalesce(cc.label, c.category), c.urgency, " \
	"c.dwelling_id, c.entrance_id, c.building_id, c.common_area_id, " \
	CLAIM_PLACE_LABEL_SQL " AS place, es.name, c.opened_at, c.due_at, " \
	"c.tenant_id IS NOT NULL "
#define CLAIM_NROW_COLS 15

/* Filled with a WITH clause (or nothing), the rows to start from, the
 * conditions and the order. */
static const char claim_list_sql[] =
    "%sSELECT " CLAIM_ROW_COLS "FROM %s " CLAIM_PLACE_JOINS("c")
    "LEFT JOIN claim_category cc ON cc.code = c.category WHERE %s ORDER BY %s";

static const char *const claim_orders[] = {
	[CLAIM_SORT_AGE] = "c.opened_at, c.number",
	[CLAIM_SORT_URGENCY] = ("CASE c.urgency WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1 "
	    "ELSE 2 END, c.opened_at, c.number"),
	[CLAIM_SORT_PLACE] = "es.name, coalesce(b.code, ''), place, c.opened_at, c.number",
	[CLAIM_SORT_DUE] = "c.due_at IS NULL, c.due_at, c.opened_at, c.number",
};

/* ?1 the scope argument, ?2 the claim. */
static const char claim_load_sql[] =
    "SELECT " CLAIM_ROW_COLS ", es.sector_id, c.channel, c.tenant_id, "
    " t.last_name || coalesce(' ' || t.first_name, ''), t.phone, c.description, c.closed_at, %s "
    "FROM claim c " CLAIM_PLACE_JOINS("c")
    "LEFT JOIN claim_category cc ON cc.code = c.category "
    "LEFT JOIN tenant t ON t.id = c.tenant_id AND t.anonymised = 0 WHERE c.id = ?2";

static const char claim_events_sql[] =
    "SELECT v.id, v.at, v.user_id, coalesce(ua.display_name, v.user_id), v.from_status, "
    " v.to_status, v.comment FROM claim_event v "
    "LEFT JOIN user_account ua ON ua.id = v.user_id WHERE v.claim_id = ?1 ORDER BY v.at, v.id";

static char *claim_list_prepare_sql(const struct claim_filter *f, const struct scope *s);
static int claim_list_bind(struct db_stmt *st, const struct claim_filter *f,
    const struct scope *s, struct err *e);
static void claim_fill_row(struct claim_row *r, struct db_stmt *st, int64_t now_secs,
    const char *now);
static void claim_row_clear(struct claim_row *r);
static int claim_load_events(struct db *db, const struct user *who, struct claim *c,
    struct err *e);
static int claim_choices(struct db *db, const char *sql, int urgencies,
    struct claim_choice **rows, size_t *n, struct err *e);

static void
claim_copy(char *out, size_t size, struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);

	snprintf(out, size, "%s", s ? s : "");
}

void
claim_place_fill(struct db_stmt *st, int col, enum claim_place *kind, char id[UID_SIZE])
{
	int i;

	*kind = CLAIM_PLACE_DWELLING;
	id[0] = '\0';
	for (i = 0; i < CLAIM_PLACE_COUNT; i++) {
		if (db_col_is_null(st, col + i))
			continue;
		*kind = (enum claim_place)i;
		claim_copy(id, UID_SIZE, st, col + i);
		return;
	}
}

static void
claim_fill_row(struct claim_row *r, struct db_stmt *st, int64_t now_secs, const char *now)
{
	int64_t opened = now_secs;
	int status;

	memset(r, 0, sizeof *r);
	claim_copy(r->id, sizeof r->id, st, 0);
	claim_copy(r->number, sizeof r->number, st, 1);
	status = claim_status_parse(db_col_text(st, 2));
	r->status = status < 0 ? CLAIM_NEW : (enum claim_status)status;
	r->category = db_col_dup(st, 3);
	r->category_label = db_col_dup(st, 4);
	claim_copy(r->urgency, sizeof r->urgency, st, 5);
	claim_place_fill(st, 6, &r->place_kind, r->place_id);
	r->place = db_col_dup(st, 10);
	r->estate = db_col_dup(st, 11);
	claim_copy(r->opened_at, sizeof r->opened_at, st, 12);
	claim_copy(r->due_at, sizeof r->due_at, st, 13);
	r->has_tenant = (int)db_col_int(st, 14);
	if (claim_stamp_secs(r->opened_at, &opened) == 0 && now_secs > opened)
		r->age_hours = (now_secs - opened) / 3600;
	r->overdue = claim_overdue(db_col_text(st, 2), r->due_at, now);
}

static void
claim_row_clear(struct claim_row *r)
{
	free(r->category);
	free(r->category_label);
	free(r->place);
	free(r->estate);
}

/* ---- Lists ---- */

/* Each condition names its own parameter: ?2 category, ?3 status, ?4
 * sector; only those used are bound. The caller frees. */
static char *
claim_list_prepare_sql(const struct claim_filter *f, const struct scope *s)
{
	char *scope = patrimoine_scope_sql(s, "es.sector_id"), *sql;
	struct buf w;

	buf_init(&w);
	buf_adds(&w, scope);
	if (f->category != NULL)
		buf_adds(&w, " AND c.category = ?2");
	if (f->status >= 0)
		buf_adds(&w, " AND c.status = ?3");
	else if (f->open_only)
		buf_adds(&w, " AND c.status IN " OPEN_STATUSES);
	if (f->sector_id != NULL)
		buf_adds(&w, " AND es.sector_id = ?4");
	if (s->kind == SCOPE_SECTORS)
		sql = xasprintf(claim_list_sql, claim_down, "cl CROSS JOIN claim c ON c.rowid = cl.r",
		    w.data, claim_orders[f->sort]);
	else
		sql = xasprintf(claim_list_sql, "", "claim c", w.data, claim_orders[f->sort]);
	buf_free(&w);
	free(scope);
	return sql;
}

static int
claim_list_bind(struct db_stmt *st, const struct claim_filter *f, const struct scope *s,
    struct err *e)
{
	if (db_bind_at(st, e, 1, 't', s->arg) != 0 ||
	    (f->category != NULL && db_bind_at(st, e, 2, 't', f->category) != 0) ||
	    (f->status >= 0 && db_bind_at(st, e, 3, 't',
		claim_status_code((enum claim_status)f->status)) != 0) ||
	    (f->sector_id != NULL && db_bind_at(st, e, 4, 't', f->sector_id) != 0))
		return -1;
	return 0;
}

int
claim_list(struct db *db, const struct user *who, const struct claim_filter *f,
    const char *now, struct claim_page *out, struct err *e)
{
	char at[DT_STAMP_SIZE], *sql;
	struct claim_row row;
	struct db_stmt *st;
	struct scope s;
	int64_t now_secs = 0;
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!perm_can_read(who->role, PG_CLAIMS))
		return err_set(e, "réclamations : votre rôle (%s) ne permet pas de les lire",
		    user_role_label(who->role));
	if (f->status >= CLAIM_STATUS_COUNT || f->sort > CLAIM_SORT_DUE)
		return err_set(e, "réclamations : filtre invalide");
	if (claim_now(now, at, e) != 0)
		return err_prefix(e, "réclamations : ");
	claim_stamp_secs(at, &now_secs);
	patrimoine_scope(who, &s);
	sql = claim_list_prepare_sql(f, &s);
	st = db_stmt(db, e, sql);
	free(sql);
	if (st == NULL || claim_list_bind(st, f, &s, e) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		claim_fill_row(&row, st, now_secs, at);
		out->total++;
		out->overdue += row.overdue != 0;
		if (out->total <= f->offset || (f->limit > 0 && out->n >= f->limit)) {
			claim_row_clear(&row);
			continue;
		}
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->rows = xreallocarray(out->rows, cap, sizeof *out->rows);
		}
		out->rows[out->n++] = row;
	}
	if (rc < 0)
		claim_page_free(out);
	return rc;
}

void
claim_page_free(struct claim_page *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		claim_row_clear(&p->rows[i]);
	free(p->rows);
	memset(p, 0, sizeof *p);
}

/* ---- One claim ---- */

int
claim_events_read(struct db *db, const char *sql, const char *parent,
    struct claim_event_row **rows, size_t *n, struct err *e)
{
	struct claim_event_row *v;
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if ((st = db_stmt(db, e, sql)) == NULL || db_bind(st, e, "t", parent) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		v = &(*rows)[(*n)++];
		memset(v, 0, sizeof *v);
		claim_copy(v->id, sizeof v->id, st, 0);
		claim_copy(v->at, sizeof v->at, st, 1);
		claim_copy(v->user_id, sizeof v->user_id, st, 2);
		v->user = db_col_dup(st, 3);
		claim_copy(v->from, sizeof v->from, st, 4);
		claim_copy(v->to, sizeof v->to, st, 5);
		v->comment = db_col_dup(st, 6);
		v->reopen = claim_status_parse(v->from) >= CLAIM_SOLVED &&
		    claim_status_parse(v->to) == CLAIM_IN_PROGRESS;
	}
	if (rc < 0) {
		claim_events_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

void
claim_events_free(struct claim_event_row *ev, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(ev[i].user);
		free(ev[i].comment);
	}
	free(ev);
}

static int
claim_load_events(struct db *db, const struct user *who, struct claim *c, struct err *e)
{
	if (claim_events_read(db, claim_events_sql, c->row.id, &c->events, &c->nevents, e) != 0)
		return -1;
	return work_order_of_claim(db, who, c->row.id, &c->orders, &c->norders, e);
}

/* Fills the columns after the row's from the current row of st;
 * returns 0 if who may see the claim. */
static int
claim_fill_detail(struct claim *c, struct db_stmt *st, const struct user *who)
{
	int col = CLAIM_NROW_COLS;

	claim_copy(c->sector_id, sizeof c->sector_id, st, col);
	claim_copy(c->channel, sizeof c->channel, st, col + 1);
	claim_copy(c->tenant_id, sizeof c->tenant_id, st, col + 2);
	c->tenant_hidden = c->tenant_id[0] != '\0' &&
	    !perm_can_read(who->role, PG_TENANT_IDENTITY);
	if (!c->tenant_hidden)
		c->tenant = db_col_dup(st, col + 3);
	if (!c->tenant_hidden && perm_can_read(who->role, PG_TENANT_CONTACT))
		c->tenant_phone = db_col_dup(st, col + 4);
	c->description = db_col_dup(st, col + 5);
	claim_copy(c->closed_at, sizeof c->closed_at, st, col + 6);
	return db_col_int(st, col + 7) != 0 ? 0 : -1;
}

int
claim_load(struct db *db, const struct user *who, const char *claim_id, const char *now,
    struct claim **out, struct err *e)
{
	char at[DT_STAMP_SIZE], *cond, *sql;
	struct db_stmt *st;
	struct claim *c;
	struct scope s;
	int64_t now_secs = 0;
	int rc, visible;

	*out = NULL;
	if (!perm_can_read(who->role, PG_CLAIMS))
		return err_set(e, "réclamation : votre rôle (%s) ne permet pas de la lire",
		    user_role_label(who->role));
	if (claim_now(now, at, e) != 0)
		return err_prefix(e, "réclamation : ");
	claim_stamp_secs(at, &now_secs);
	patrimoine_scope(who, &s);
	cond = patrimoine_scope_sql(&s, "es.sector_id");
	sql = xasprintf(claim_load_sql, cond);
	st = db_stmt(db, e, sql);
	free(sql);
	free(cond);
	if (st == NULL || db_bind(st, e, "tt", s.arg, claim_id) != 0 || (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, "réclamation introuvable : %s", claim_id ? claim_id : "(aucune)");
	c = xcalloc(1, sizeof *c);
	claim_fill_row(&c->row, st, now_secs, at);
	visible = claim_fill_detail(c, st, who) == 0;
	db_reset(st);
	if (!visible) {
		err_set(e, "la réclamation %s n'est pas dans votre périmètre", c->row.number);
		claim_free(c);
		return -1;
	}
	if (claim_load_events(db, who, c, e) != 0) {
		claim_free(c);
		return err_prefix(e, "réclamation : ");
	}
	audit_note(c->tenant ? c->tenant_id : NULL, (c->tenant ? AUDIT_IDENTITY : 0) |
	    (c->tenant_phone ? AUDIT_CONTACT : 0));
	if (audit_flush(db, e) != 0) {
		claim_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

void
claim_free(struct claim *c)
{
	if (c == NULL)
		return;
	claim_row_clear(&c->row);
	free(c->tenant);
	free(c->tenant_phone);
	free(c->description);
	claim_events_free(c->events, c->nevents);
	work_order_rows_free(c->orders, c->norders);
	free(c);
}

/* ---- Reference lists ---- */

static int
claim_choices(struct db *db, const char *sql, int urgencies, struct claim_choice **rows,
    size_t *n, struct err *e)
{
	struct claim_choice *r;
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if ((st = db_stmt(db, e, sql)) == NULL)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		r = &(*rows)[(*n)++];
		memset(r, 0, sizeof *r);
		r->code = db_col_dup(st, 0);
		r->label = db_col_dup(st, 1);
		if (urgencies) {
			r->target_hours = (int)db_col_int(st, 2);
			r->working_days = (int)db_col_int(st, 3);
		}
	}
	if (rc < 0) {
		claim_choices_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

int
claim_categories(struct db *db, struct claim_choice **rows, size_t *n, struct err *e)
{
	return claim_choices(db, "SELECT code, label FROM claim_category "
	    "ORDER BY code = 'other', label, code", 0, rows, n, e);
}

int
claim_urgencies(struct db *db, struct claim_choice **rows, size_t *n, struct err *e)
{
	return claim_choices(db, "SELECT code, label, target_hours, working_days "
	    "FROM claim_urgency ORDER BY CASE code WHEN 'emergency' THEN 0 "
	    "WHEN 'urgent' THEN 1 ELSE 2 END", 1, rows, n, e);
}

int
claim_common_areas(struct db *db, enum place_kind kind, const char *place_id,
    struct claim_choice **rows, size_t *n, struct err *e)
{
	/* p: the building (none for an estate) and the estate of the place. */
	static const char sql[] =
	    "WITH p AS (SELECT b.id AS building_id, b.estate_id FROM building b "
	    "  WHERE ?1 = 'building' AND b.id = ?2 "
	    " UNION ALL SELECT b.id, b.estate_id FROM entrance en "
	    "  JOIN building b ON b.id = en.building_id WHERE ?1 = 'entrance' AND en.id = ?2 "
	    " UNION ALL SELECT NULL, e.id FROM estate e WHERE ?1 = 'estate' AND e.id = ?2) "
	    "SELECT ca.id, ca.name || coalesce(' — Bâtiment ' || b.code, ' — ' || es.name) "
	    "FROM p CROSS JOIN common_area ca LEFT JOIN building b ON b.id = ca.building_id "
	    "JOIN estate es ON es.id = coalesce(b.estate_id, ca.estate_id) "
	    "WHERE ca.building_id = p.building_id OR ca.estate_id = p.estate_id "
	    " OR (p.building_id IS NULL AND b.estate_id = p.estate_id) "
	    "ORDER BY ca.building_id IS NOT p.building_id, ca.estate_id IS NULL, b.code, ca.name";
	static const char *const kinds[PLACE_COUNT] = {
		[PLACE_ESTATE] = "estate", [PLACE_BUILDING] = "building",
		[PLACE_ENTRANCE] = "entrance",
	};
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if (kind <= PLACE_NONE || kind >= PLACE_COUNT || kinds[kind] == NULL)
		return 0;
	if ((st = db_stmt(db, e, sql)) == NULL || db_bind(st, e, "tt", kinds[kind], place_id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*rows = xrealloc(*rows, cap * sizeof **rows);
		}
		memset(&(*rows)[*n], 0, sizeof **rows);
		(*rows)[*n].code = db_col_dup(st, 0);
		(*rows)[(*n)++].label = db_col_dup(st, 1);
	}
	db_reset(st);
	if (rc < 0) {
		claim_choices_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
claim_choices_free(struct claim_choice *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].code);
		free(rows[i].label);
	}
	free(rows);
}
