/* Work orders: ordering work from a claim, a defect, an anomaly or
 * directly; the steps up to the invoice, which writes the works record. */
#include "work_order.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim_internal.h"
#include "codes.h"
#include "db.h"
#include "numbering.h"
#include "perm.h"
#include "user.h"
#include "xalloc.h"

static const char *const work_order_statuses[WORK_ORDER_STATUS_COUNT][2] = {
	[WORK_ORDER_ORDERED] = {"ordered", "Commandé"},
	[WORK_ORDER_SCHEDULED] = {"scheduled", "Planifié"},
	[WORK_ORDER_DONE] = {"done", "Réalisé"},
	[WORK_ORDER_CHECKED] = {"checked", "Contrôlé"},
	[WORK_ORDER_INVOICED] = {"invoiced", "Facturé"},
};

/* Every allowed step; anything not listed is refused (see
 * work_order.h). */
static const struct work_order_edge {
	enum work_order_status from, to;
	int on_site;      /* only who checks work on site (perm_may_check_work) */
	int money;        /* also needs PG_MONEY write */
} work_order_edges[] = {
	{WORK_ORDER_ORDERED, WORK_ORDER_SCHEDULED, 0, 0},
	{WORK_ORDER_ORDERED, WORK_ORDER_DONE, 0, 0},
	{WORK_ORDER_SCHEDULED, WORK_ORDER_DONE, 0, 0},
	{WORK_ORDER_DONE, WORK_ORDER_CHECKED, 1, 0},
	{WORK_ORDER_CHECKED, WORK_ORDER_INVOICED, 0, 1},
};

#define NEDGES (sizeof work_order_edges / sizeof work_order_edges[0])

/* Where an order comes from, and what it says by default. */
struct wo_origin {
	enum claim_place kind;
	char place_id[UID_SIZE];
	char *text;             /* the default description */
	int claim_status;       /* -1 when not from a claim */
	char claim_number[CLAIM_NUMBER_SIZE];
};

static const char wo_claim_sql[] =
    "SELECT dwelling_id, entrance_id, building_id, common_area_id, status, description, "
    " number FROM claim WHERE id = ?";

static const char wo_item_sql[] =
    "SELECT i.dwelling_id, r.name, it.name, it.comment, "
    " (SELECT number FROM work_order WHERE inspection_item_id = it.id ORDER BY number LIMIT 1) "
    "FROM inspection_item it JOIN inspection_room r ON r.id = it.room_id "
    "JOIN inspection i ON i.id = r.inspection_id WHERE it.id = ?";

static const char wo_round_sql[] =
    "SELECT t.building_id, ti.label, rr.comment, rr.result FROM round_result rr "
    "JOIN round_run rn ON rn.id = rr.round_id JOIN round_template t ON t.id = rn.template_id "
    "JOIN round_template_item ti ON ti.id = rr.item_id WHERE rr.id = ?";

static const char wo_insert_sql[] =
    "INSERT INTO work_order (id, number, claim_id, inspection_item_id, round_result_id, "
    " contractor_id, contract_id, dwelling_id, entrance_id, building_id, common_area_id, "
    " description, planned_date, status, ordered_at, updated_at, updated_by) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ordered', ?, ?, ?)";

/* An order as a step needs it; ?1 the scope argument, ?2 the order. */
static const char wo_state_sql[] =
    "SELECT w.status, w.number, w.planned_date, w.inspection_item_id IS NOT NULL, "
    " w.dwelling_id, b.id, w.common_area_id, w.contractor_id, w.description, "
    " %s FROM work_order w " CLAIM_PLACE_JOINS("w") "WHERE w.id = ?2";

struct wo_state {
	enum work_order_status status;
	char number[WORK_ORDER_NUMBER_SIZE];
	char planned[DT_DATE_SIZE];
	int from_item;
	/* The works row's place: the dwelling, else the building (of an
	 * entrance too), else the common area. */
	char dwelling[UID_SIZE], building[UID_SIZE], common_area[UID_SIZE];
	char contractor[UID_SIZE];
	char *description;
};

static int wo_can_write(const struct user *who, struct err *e);
static int wo_origin_of(struct db *db, const struct work_order_new *w, struct wo_origin *o,
    struct err *e);
static int wo_check_contractor(struct db *db, const struct work_order_new *w,
    const char *today, char **name, struct err *e);
static int wo_insert(struct db *db, const struct user *who, const struct work_order_new *w,
    const char *now, char id[UID_SIZE], char number[WORK_ORDER_NUMBER_SIZE], struct err *e);
static int wo_read_state(struct db *db, const struct user *who, const char *id,
    struct wo_state *s, struct err *e);
static int wo_check_step(const struct user *who, const struct wo_state *s,
    const struct work_order_step *step, struct err *e);
static int wo_apply(struct db *db, const struct user *who, const char *id,
    const struct work_order_step *step, const char *comment, const char *now,
    struct err *e);
static int wo_works(struct db *db, const struct user *who, const char *id,
    const struct wo_state *s, int64_t cents, const char *now, struct err *e);

const char *
work_order_status_code(enum work_order_status s)
{
	return s < WORK_ORDER_STATUS_COUNT ? work_order_statuses[s][0] : "?";
}

const char *
work_order_status_label(enum work_order_status s)
{
	return s < WORK_ORDER_STATUS_COUNT ? work_order_statuses[s][1] : "?";
}

int
work_order_status_parse(const char *code)
{
	return codes_find(work_order_statuses, WORK_ORDER_STATUS_COUNT, code);
}

static const struct work_order_edge *
wo_edge(enum work_order_status from, enum work_order_status to)
{
	size_t i;

	for (i = 0; i < NEDGES; i++)
		if (work_order_edges[i].from == from && work_order_edges[i].to == to)
			return &work_order_edges[i];
	return NULL;
}

int
work_order_can(enum work_order_status from, enum work_order_status to)
{
	return wo_edge(from, to) != NULL;
}

static int
wo_can_write(const struct user *who, struct err *e)
{
	if (!perm_can_write(who->role, PG_CLAIMS))
		return err_set(e, "votre rôle (%s) ne permet pas de commander ni de suivre "
		    "des travaux", user_role_label(who->role));
	return 0;
}

int
work_order_number_next(struct db *db, const char *at, char out[WORK_ORDER_NUMBER_SIZE],
    struct err *e)
{
	return numbering_next(db, "work_order", "BT", at, out, WORK_ORDER_NUMBER_SIZE, e);
}

/* ---- Ordering ---- */

static void
wo_copy(char *out, size_t size, struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);

	snprintf(out, size, "%s", s ? s : "");
}

static int
wo_from_claim(struct db *db, const char *claim_id, struct wo_origin *o, struct err *e)
{
	struct db_stmt *st;
	int rc;

	if ((st = db_stmt(db, e, wo_claim_sql)) == NULL || db_bind(st, e, "t", claim_id) != 0 ||
	    (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, "réclamation introuvable : %s", claim_id);
	claim_place_fill(st, 0, &o->kind, o->place_id);
	o->claim_status = claim_status_parse(db_col_text(st, 4));
	o->text = db_col_dup(st, 5);
	snprintf(o->claim_number, sizeof o->claim_number, "%s", db_col_text(st, 6));
	db_reset(st);
	if (o->claim_status >= CLAIM_SOLVED)
		return err_set(e, "la réclamation %s est « %s » : rouvrez-la avant de commander "
		    "des travaux", o->claim_number,
		    claim_status_label((enum claim_status)o->claim_status));
	return 0;
}

static int
wo_from_item(struct db *db, const char *item_id, struct wo_origin *o, struct err *e)
{
	const char *comment;
	struct db_stmt *st;
	int rc;

	if ((st = db_stmt(db, e, wo_item_sql)) == NULL || db_bind(st, e, "t", item_id) != 0 ||
	    (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, "élément d'état des lieux introuvable : %s", item_id);
	if (!db_col_is_null(st, 4)) {
		err_set(e, "un bon de travaux existe déjà pour cet élément : %s",
		    db_col_text(st, 4));
		db_reset(st);
		return -1;
	}
	o->kind = CLAIM_PLACE_DWELLING;
	snprintf(o->place_id, sizeof o->place_id, "%s", db_col_text(st, 0));
	comment = db_col_text(st, 3);
	o->text = xasprintf("Remise en état : %s — %s%s%s", db_col_text(st, 1),
	    db_col_text(st, 2), comment && *comment ? " : " : "",
	    comment && *comment ? comment : "");
	db_reset(st);
	return 0;
}

static int
wo_from_round(struct db *db, const char *result_id, struct wo_origin *o, struct err *e)
{
	const char *comment;
	struct db_stmt *st;
	int rc;

	if ((st = db_stmt(db, e, wo_round_sql)) == NULL || db_bind(st, e, "t", result_id) != 0 ||
	    (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, "résultat de ronde introuvable : %s", result_id);
	if (strcmp(db_col_text(st, 3), "anomaly") != 0) {
		db_reset(st);
		return err_set(e, "seule une anomalie de ronde donne lieu à des travaux");
	}
	o->kind = CLAIM_PLACE_BUILDING;
	wo_copy(o->place_id, sizeof o->place_id, st, 0); /* "" for an estate's round */
	comment = db_col_text(st, 2);
	o->text = xasprintf("%s%s%s", db_col_text(st, 1), comment && *comment ? " : " : "",
	    comment && *comment ? comment : "");
	db_reset(st);
	return 0;
}

/* The origin's place and text; the place given by the caller wins. */
static int
wo_origin_of(struct db *db, const struct work_order_new *w, struct wo_origin *o,
    struct err *e)
{
	int rc = 0;

	memset(o, 0, sizeof *o);
	o->claim_status = -1;
	if ((w->claim_id != NULL) + (w->inspection_item_id != NULL) +
	    (w->round_result_id != NULL) > 1)
		return err_set(e, "un bon de travaux vient d'une seule origine");
	if (w->claim_id != NULL)
		rc = wo_from_claim(db, w->claim_id, o, e);
	else if (w->inspection_item_id != NULL)
		rc = wo_from_item(db, w->inspection_item_id, o, e);
	else if (w->round_result_id != NULL)
		rc = wo_from_round(db, w->round_result_id, o, e);
	if (rc != 0)
		return -1;
	if (w->place_id != NULL && *w->place_id != '\0') {
		if (w->place_kind >= CLAIM_PLACE_COUNT)
			return err_set(e, "lieu invalide");
		o->kind = w->place_kind;
		snprintf(o->place_id, sizeof o->place_id, "%s", w->place_id);
	}
	if (o->place_id[0] == '\0')
		return err_set(e, "le lieu des travaux (logement, entrée, bâtiment ou partie "
		    "commune) n'est pas indiqué");
	return 0;
}

static int
wo_check_contractor(struct db *db, const struct work_order_new *w, const char *today,
    char **name, struct err *e)
{
	struct db_stmt *st;
	int rc, ok;

	e->msg[0] = '\0';
	if (w->contractor_id == NULL || *w->contractor_id == '\0')
		return err_set(e, "l'entreprise n'est pas indiquée");
	*name = db_text(db, e, "SELECT name FROM contractor WHERE id = ?", "t", w->contractor_id);
	if (*name == NULL)
		return e->msg[0] ? -1 : err_set(e, "entreprise introuvable : %s", w->contractor_id);
	if (w->contract_id == NULL)
		return 0;
	if ((st = db_stmt(db, e, "SELECT contractor_id = ?2, "
	    "(start_date IS NULL OR start_date <= ?3) AND (end_date IS NULL OR end_date >= ?3), "
	    "label FROM contract WHERE id = ?1")) == NULL ||
	    db_bind(st, e, "ttt", w->contract_id, w->contractor_id, today) != 0 ||
	    (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, "contrat introuvable : %s", w->contract_id);
	ok = db_col_int(st, 0) ? (db_col_int(st, 1) ? 0 : 2) : 1;
	if (ok != 0)
		err_set(e, ok == 1 ? "le contrat « %s » n'est pas celui de cette entreprise" :
		    "le contrat « %s » n'est pas en vigueur", db_col_text(st, 2));
	db_reset(st);
	return ok == 0 ? 0 : -1;
}

/* Everything but the claim's forwarding, inside the transaction. */
static int
wo_insert(struct db *db, const struct user *who, const struct work_order_new *w,
    const char *now, char id[UID_SIZE], char number[WORK_ORDER_NUMBER_SIZE], struct err *e)
{
	const char *slot[CLAIM_PLACE_COUNT] = {NULL, NULL, NULL, NULL};
	char today[DT_DATE_SIZE], sector[UID_SIZE], *name = NULL, *text = NULL, *note = NULL;
	struct wo_origin o;
	int in_scope = 0, rc = -1;

	snprintf(today, sizeof today, "%.10s", now);
	if (wo_origin_of(db, w, &o, e) != 0 || wo_check_contractor(db, w, today, &name, e) != 0 ||
	    claim_text_clean("description", w->description, &text, e) != 0)
		goto out;
	if (text == NULL && (text = o.text) != NULL)
		o.text = NULL;
	if (text == NULL) {
		err_set(e, "la description des travaux est vide");
		goto out;
	}
	if (w->planned_date != NULL && !dt_date_valid(w->planned_date)) {
		err_set(e, "date prévue invalide : %s (AAAA-MM-JJ attendu)", w->planned_date);
		goto out;
	}
	switch (claim_place_sector(db, who, o.kind, o.place_id, sector, &in_scope, e)) {
	case 0:
		err_set(e, "%s introuvable : %s", claim_place_label(o.kind), o.place_id);
		/* FALLTHROUGH */
	case -1:
		goto out;
	}
	if (!in_scope) {
		err_set(e, "ce lieu (%s) n'est pas dans votre périmètre", claim_place_label(o.kind));
		goto out;
	}
	slot[o.kind] = o.place_id;
	uid_new(id);
	if (work_order_number_next(db, now, number, e) != 0 ||
	    db_run(db, e, wo_insert_sql, "tttttttttttttttt", id, number, w->claim_id,
		w->inspection_item_id, w->round_result_id, w->contractor_id, w->contract_id,
		slot[0], slot[1], slot[2], slot[3], text, w->planned_date, now, now, who->id) != 0 ||
	    claim_event_insert(db, "work_order_event", id, who, NULL, "ordered",
		"Bon de travaux émis.", now, e) != 0)
		goto out;
	note = xasprintf("Bon de travaux %s : %s", number, name);
	rc = o.claim_status == CLAIM_NEW ?
	    claim_step(db, who, w->claim_id, CLAIM_FORWARD, note, now, e) : 0;
out:
	free(note);
	free(name);
	free(text);
	free(o.text);
	return rc;
}

int
work_order_create(struct db *db, const struct user *who, const struct work_order_new *w,
    const char *now, char out_id[UID_SIZE], char out_number[WORK_ORDER_NUMBER_SIZE],
    struct err *e)
{
	char at[DT_STAMP_SIZE], id[UID_SIZE], number[WORK_ORDER_NUMBER_SIZE];

	if (wo_can_write(who, e) != 0 || claim_now(now, at, e) != 0 || db_begin(db, e) != 0)
		return err_prefix(e, "bon de travaux : ");
	if (wo_insert(db, who, w, at, id, number, e) != 0 || db_commit(db, e) != 0) {
		db_rollback(db);
		return err_prefix(e, "bon de travaux : ");
	}
	if (out_id != NULL)
		memcpy(out_id, id, UID_SIZE);
	if (out_number != NULL)
		memcpy(out_number, number, WORK_ORDER_NUMBER_SIZE);
	return 0;
}

/* ---- Steps ---- */

static int
wo_read_state(struct db *db, const struct user *who, const char *id, struct wo_state *s,
    struct err *e)
{
	struct db_stmt *st;
	struct scope sc;
	char *cond, *sql;
	int rc, status, in_scope;

	memset(s, 0, sizeof *s);
	patrimoine_scope(who, &sc);
	cond = patrimoine_scope_sql(&sc, "es.sector_id");
	sql = xasprintf(wo_state_sql, cond);
	st = db_stmt(db, e, sql);
	free(sql);
	free(cond);
	if (st == NULL || db_bind(st, e, "tt", sc.arg, id) != 0 || (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, "bon de travaux introuvable : %s", id ? id : "(aucun)");
	status = work_order_status_parse(db_col_text(st, 0));
	s->status = status < 0 ? WORK_ORDER_ORDERED : (enum work_order_status)status;
	wo_copy(s->number, sizeof s->number, st, 1);
	wo_copy(s->planned, sizeof s->planned, st, 2);
	s->from_item = (int)db_col_int(st, 3);
	wo_copy(s->dwelling, sizeof s->dwelling, st, 4);
	if (s->dwelling[0] == '\0' && db_col_is_null(st, 6))
		wo_copy(s->building, sizeof s->building, st, 5);
	wo_copy(s->common_area, sizeof s->common_area, st, 6);
	wo_copy(s->contractor, sizeof s->contractor, st, 7);
	s->description = db_col_dup(st, 8);
	in_scope = db_col_int(st, 9) != 0;
	db_reset(st);
	if (status < 0)
		return err_set(e, "statut inconnu pour le bon de travaux %s", s->number);
	if (!in_scope)
		return err_set(e, "le bon de travaux %s n'est pas dans votre périmètre", s->number);
	return 0;
}

static int
wo_check_step(const struct user *who, const struct wo_state *s,
    const struct work_order_step *step, struct err *e)
{
	const struct work_order_edge *edge = wo_edge(s->status, step->to);

	if (edge == NULL)
		return err_set(e, "%s : passage de « %s » à « %s » impossible", s->number,
		    work_order_status_label(s->status), work_order_status_label(step->to));
	if (edge->on_site && !perm_may_check_work(who->role))
		return err_set(e, "%s : « %s » est réservé au gardien, sur place", s->number,
		    work_order_status_label(step->to));
	if (edge->money && !perm_can_write(who->role, PG_MONEY))
		return err_set(e, "%s : votre rôle (%s) ne permet pas de saisir un montant",
		    s->number, user_role_label(who->role));
	if (edge->money && step->amount_cents < 0)
		return err_set(e, "%s : le montant facturé manque", s->number);
	if (step->to == WORK_ORDER_SCHEDULED && step->planned_date == NULL &&
	    s->planned[0] == '\0')
		return err_set(e, "%s : la date d'intervention n'est pas indiquée", s->number);
	if (step->to == WORK_ORDER_SCHEDULED && step->planned_date != NULL &&
	    !dt_date_valid(step->planned_date))
		return err_set(e, "%s : date d'intervention invalide : %s (AAAA-MM-JJ attendu)",
		    s->number, step->planned_date);
	return 0;
}

/* The works record of an invoiced order: its place, the day it was done
 * (else today), its amount. */
static int
wo_works(struct db *db, const struct user *who, const char *id, const struct wo_state *s,
    int64_t cents, const char *now, struct err *e)
{
	char wid[UID_SIZE], day[DT_DATE_SIZE], *done;

	e->msg[0] = '\0';
	done = db_text(db, e, "SELECT substr(max(at), 1, 10) FROM work_order_event "
	    "WHERE work_order_id = ? AND to_status = 'done'", "t", id);
	if (done == NULL && e->msg[0] != '\0')
		return -1;
	snprintf(day, sizeof day, "%.10s", done ? done : now);
	free(done);
	uid_new(wid);
	return db_run(db, e, "INSERT INTO works (id, dwelling_id, building_id, estate_id, "
	    "common_area_id, date, kind, description, amount_cents, contractor_id, work_order_id, "
	    "updated_at, updated_by) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "tttttttitttt", wid, s->dwelling[0] ? s->dwelling : NULL,
	    s->building[0] ? s->building : NULL, s->common_area[0] ? s->common_area : NULL, day,
	    s->from_item ? "refurbishment" : "repair", s->description, cents, s->contractor, id,
	    now, who->id);
}

static int
wo_apply(struct db *db, const struct user *who, const char *id,
    const struct work_order_step *step, const char *comment, const char *now, struct err *e)
{
	struct wo_state s;
	int rc = -1;

	if (wo_read_state(db, who, id, &s, e) != 0 || wo_check_step(who, &s, step, e) != 0)
		goto out;
	if (db_run(db, e, "UPDATE work_order SET status = ?, planned_date = coalesce(?, "
	    "planned_date), amount_cents = CASE WHEN ? THEN ? ELSE amount_cents END, "
	    "updated_at = ?, updated_by = ? WHERE id = ? AND status = ?", "ttditttt",
	    work_order_status_code(step->to),
	    step->to == WORK_ORDER_SCHEDULED ? step->planned_date : NULL,
	    step->to == WORK_ORDER_INVOICED, step->amount_cents, now, who->id, id,
	    work_order_status_code(s.status)) != 0 ||
	    claim_event_insert(db, "work_order_event", id, who, work_order_status_code(s.status),
		work_order_status_code(step->to), comment, now, e) != 0)
		goto out;
	rc = step->to == WORK_ORDER_INVOICED ?
	    wo_works(db, who, id, &s, step->amount_cents, now, e) : 0;
out:
	free(s.description);
	return rc;
}

int
work_order_transition(struct db *db, const struct user *who, const char *work_order_id,
    const struct work_order_step *step, const char *now, struct err *e)
{
	char at[DT_STAMP_SIZE], *text = NULL;
	int rc = -1;

	if (wo_can_write(who, e) != 0 || claim_now(now, at, e) != 0 ||
	    claim_text_clean("commentaire", step->comment, &text, e) != 0)
		goto out;
	if (step->to >= WORK_ORDER_STATUS_COUNT) {
		err_set(e, "statut inconnu");
		goto out;
	}
	if (db_begin(db, e) != 0)
		goto out;
	if (wo_apply(db, who, work_order_id, step, text, at, e) != 0 || db_commit(db, e) != 0) {
		db_rollback(db);
		goto out;
	}
	rc = 0;
out:
	free(text);
	return rc < 0 ? err_prefix(e, "bon de travaux : ") : 0;
}

int
work_order_comment(struct db *db, const struct user *who, const char *work_order_id,
    const char *comment, const char *now, struct err *e)
{
	char at[DT_STAMP_SIZE], *text = NULL;
	struct wo_state s;
	int rc = -1;

	memset(&s, 0, sizeof s);
	if (wo_can_write(who, e) != 0 || claim_now(now, at, e) != 0 ||
	    claim_text_clean("commentaire", comment, &text, e) != 0)
		goto out;
	if (text == NULL) {
		err_set(e, "le commentaire est vide");
		goto out;
	}
	if (db_begin(db, e) != 0)
		goto out;
	if (wo_read_state(db, who, work_order_id, &s, e) != 0 ||
	    claim_event_insert(db, "work_order_event", work_order_id, who, NULL, NULL, text, at,
		e) != 0 || db_commit(db, e) != 0) {
		db_rollback(db);
		goto out;
	}
	rc = 0;
out:
	free(s.description);
	free(text);
	return rc < 0 ? err_prefix(e, "bon de travaux : ") : 0;
}
