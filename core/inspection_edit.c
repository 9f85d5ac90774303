/* Planning an inspection (from a template, or prefilled from the entry
 * one), amendments, and the structural edits of rooms, items, photos,
 * meters, keys and parties. Each call is one transaction. */
#include "inspection.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "charge.h"
#include "db.h"
#include "inspection_internal.h"
#include "perm.h"
#include "user.h"
#include "utf8.h"
#include "xalloc.h"

#define NAME_MAX_CHARS 80

int
insp_writable(struct insp_ctx *c, struct db *db, const struct user *who,
    const char *inspection_id, struct err *e)
{
	char *state;

	c->db = db;
	c->who = who;
	dt_now(c->now);
	if (!perm_can_write(who->role, PG_INSPECTIONS))
		return err_set(e, "%s : modification réservée à %s",
		    perm_group_label(PG_INSPECTIONS), perm_group_owner(PG_INSPECTIONS));
	err_clear(e);
	state = db_text(db, e, "SELECT state FROM inspection WHERE id = ?", "t", inspection_id);
	if (state == NULL)
		return e->msg[0] ? -1 : err_set(e, "état des lieux introuvable");
	if (strcmp(state, "signed") == 0) {
		free(state);
		return err_set(e, INSPECTION_FROZEN_MSG);
	}
	/* What the parties sign must not move under them. */
	if (strcmp(state, "ready") == 0) {
		free(state);
		return err_set(e, INSPECTION_READY_MSG);
	}
	free(state);
	return 0;
}

static const struct {
	const char *table, *sql;
} owners[] = {
	{"inspection_room", "SELECT inspection_id FROM inspection_room WHERE id = ?"},
	{"inspection_item", "SELECT r.inspection_id FROM inspection_item it "
	    "JOIN inspection_room r ON r.id = it.room_id WHERE it.id = ?"},
	{"inspection_meter", "SELECT inspection_id FROM inspection_meter WHERE id = ?"},
	{"inspection_key", "SELECT inspection_id FROM inspection_key WHERE id = ?"},
	{"inspection_party", "SELECT inspection_id FROM inspection_party WHERE id = ?"},
};

int
insp_of(struct db *db, const char *table, const char *id, char out[UID_SIZE], struct err *e)
{
	char *s;
	size_t i;

	for (i = 0; i < sizeof owners / sizeof owners[0]; i++) {
		if (strcmp(owners[i].table, table) != 0)
			continue;
		err_clear(e);
		if ((s = db_text(db, e, owners[i].sql, "t", id)) == NULL)
			return e->msg[0] ? -1 : err_set(e, "ligne introuvable dans l'état des lieux");
		snprintf(out, UID_SIZE, "%s", s);
		free(s);
		return 0;
	}
	return err_set(e, "table inconnue : %s", table);
}

/* Opens a transaction on a writable inspection found from a row. */
static int
begin_on(struct insp_ctx *c, struct db *db, const struct user *who, const char *table,
    const char *id, char insp[UID_SIZE], struct err *e)
{
	char own[UID_SIZE];

	if (insp == NULL)
		insp = own;
	if (insp_of(db, table, id, insp, e) != 0 || insp_writable(c, db, who, insp, e) != 0)
		return -1;
	return db_begin(db, e);
}

int
insp_finish(struct db *db, int rc, struct err *e)
{
	if (rc != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, e);
}

/* insp_finish() for a write that made a row: out_id (may be NULL) gets id. */
static int
finish_new(struct db *db, int rc, const char id[UID_SIZE], char out_id[UID_SIZE],
    struct err *e)
{
	if (insp_finish(db, rc, e) != 0)
		return -1;
	if (out_id)
		memcpy(out_id, id, UID_SIZE);
	return 0;
}

static int
check_name(const char *what, const char *name, struct err *e)
{
	size_t n;

	if (name == NULL || !utf8_valid(name, strlen(name)))
		return err_set(e, "%s : texte invalide", what);
	while (*name == ' ')
		name++;
	n = utf8_length(name);
	if (n == 0)
		return err_set(e, "%s : ne peut pas être vide", what);
	if (n > NAME_MAX_CHARS)
		return err_set(e, "%s : %d caractères au plus", what, NAME_MAX_CHARS);
	if (strpbrk(name, "\n\r\t") != NULL)
		return err_set(e, "%s : une seule ligne", what);
	return 0;
}

/* ---- Planning ---- */

struct plan {
	struct insp_ctx c;
	const char *dwelling_id;
	const char *kind;
	char planned[DT_DATE_SIZE];
	char id[UID_SIZE];
	char *lease_id;      /* NULL */
	char *entry_id;      /* the entry inspection to compare with, NULL */
	int entry_detailed;  /* it has its rooms: the exit starts as a copy */
	char *source_id;     /* where rooms come from when there is no entry */
	char *template_id;
};

static const char lease_sql[] =
    "SELECT id FROM lease WHERE dwelling_id = ?1 AND start_date <= date(?2, '+60 days') "
    "AND (end_date IS NULL OR end_date >= date(?2, '-90 days')) "
    "ORDER BY CASE WHEN ?3 = 'move_in' THEN start_date END DESC, "
    " CASE WHEN ?3 <> 'move_in' AND start_date <= ?2 THEN start_date END DESC, start_date LIMIT 1";

static int
has_rooms(struct db *db, const char *inspection_id, struct err *e)
{
	int64_t one;

	return db_int(db, e, &one, "SELECT 1 FROM inspection_room WHERE inspection_id = ? LIMIT 1",
	    "t", inspection_id) == 1;
}

static int
plan_sources(struct plan *p, struct err *e)
{
	struct db *db = p->c.db;

	err_clear(e);
	if (p->lease_id == NULL)
		p->lease_id = db_text(db, e, lease_sql, "ttt", p->dwelling_id, p->planned, p->kind);
	if (e->msg[0])
		return -1;
	if (strcmp(p->kind, "move_in") != 0 && p->lease_id) {
		/* "+state": the (state, planned_date) index would read every
		 * signed inspection of the organisation. */
		p->entry_id = db_text(db, e, "SELECT id FROM inspection WHERE dwelling_id = ?1 "
		    "AND lease_id = ?2 AND +kind = 'move_in' AND +state = 'signed' AND amends_id IS NULL "
		    "ORDER BY coalesce(done_at, signed_at) DESC LIMIT 1", "tt", p->dwelling_id,
		    p->lease_id);
		if (e->msg[0])
			return -1;
	}
	/* Without a detailed entry to copy, the dwelling's last detailed
	 * signed inspection gives its real rooms (a balcony, a second WC). */
	p->entry_detailed = p->entry_id != NULL && has_rooms(db, p->entry_id, e);
	if (!p->entry_detailed) {
		p->source_id = db_text(db, e, "SELECT i.id FROM inspection i WHERE i.dwelling_id = ? "
		    "AND +i.state = 'signed' AND EXISTS (SELECT 1 FROM inspection_room r "
		    "WHERE r.inspection_id = i.id) ORDER BY coalesce(i.done_at, i.signed_at) DESC "
		    "LIMIT 1", "t", p->dwelling_id);
		if (e->msg[0])
			return -1;
	}
	p->template_id = db_text(db, e, "SELECT t.id FROM inspection_template t "
	    "JOIN dwelling d ON d.type = t.dwelling_type WHERE d.id = ? "
	    "ORDER BY t.balcony, t.name LIMIT 1", "t", p->dwelling_id);
	if (p->template_id == NULL && !e->msg[0])
		p->template_id = db_text(db, e, "SELECT id FROM inspection_template "
		    "ORDER BY dwelling_type IS NULL DESC, name LIMIT 1", "");
	return e->msg[0] ? -1 : 0;
}

static int
plan_head(struct plan *p, struct err *e)
{
	return db_run(p->c.db, e, "INSERT INTO inspection (id, dwelling_id, lease_id, kind, state, "
	    " planned_date, entry_inspection_id, template_id, agent_id, landlord_name, "
	    " landlord_address, updated_at, updated_by) "
	    "SELECT ?1, ?2, ?3, ?4, 'draft', ?5, ?6, ?7, ?8, o.name, o.address, ?9, ?8 "
	    "FROM (SELECT 1) LEFT JOIN (SELECT name, address FROM organisation "
	    " ORDER BY rowid LIMIT 1) o", "ttttttttt", p->id, p->dwelling_id, p->lease_id, p->kind,
	    p->planned, p->entry_id, p->template_id, p->c.who->id, p->c.now);
}

/* Copies the rooms and items of inspection `from` (states and comments
 * too when with_states), or of a template; only items of kind `only`
 * when it is set. */
static int
copy_rooms(struct insp_ctx *c, const char *to, const char *from, int template,
    int with_states, const char *only, struct err *e)
{
	struct db_stmt *rooms, *items, *ins;
	char room_id[UID_SIZE], item_id[UID_SIZE];
	int rc, irc, n;

	rooms = db_stmt(c->db, e, template ?
	    "SELECT id, position, name FROM template_room WHERE template_id = ? ORDER BY position" :
	    "SELECT id, position, name FROM inspection_room WHERE inspection_id = ? ORDER BY position");
	if (rooms == NULL || db_bind(rooms, e, "t", from) != 0)
		return -1;
	while ((rc = db_step(rooms, e)) == 1) {
		uid_new(room_id);
		items = db_stmt(c->db, e, template ?
		    "SELECT name, kind, nature, NULL, NULL, position FROM template_item "
		    "WHERE room_id = ?1 AND (?2 IS NULL OR kind = ?2) ORDER BY position" :
		    "SELECT name, kind, nature, state, comment, position FROM inspection_item "
		    "WHERE room_id = ?1 AND (?2 IS NULL OR kind = ?2) ORDER BY position");
		if (items == NULL || db_bind(items, e, "tt", db_col_text(rooms, 0), only) != 0)
			return -1;
		n = 0;
		while ((irc = db_step(items, e)) == 1) {
			if (n++ == 0 && db_run(c->db, e, "INSERT INTO inspection_room (id, inspection_id, "
			    "position, name, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)", "ttitt" "t",
			    room_id, to, db_col_int(rooms, 1), db_col_text(rooms, 2), c->now,
			    c->who->id) != 0)
				return -1;
			uid_new(item_id);
			ins = db_stmt(c->db, e, "INSERT INTO inspection_item (id, room_id, position, name, "
			    "kind, nature, state, comment, updated_at, updated_by) "
			    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
			if (ins == NULL || db_bind(ins, e, "ttittttttt", item_id, room_id,
			    db_col_int(items, 5), db_col_text(items, 0), db_col_text(items, 1),
			    db_col_text(items, 2), with_states ? db_col_text(items, 3) : NULL,
			    with_states ? db_col_text(items, 4) : NULL, c->now, c->who->id) != 0 ||
			    db_step(ins, e) < 0)
				return -1;
		}
		if (irc < 0)
			return -1;
	}
	return rc < 0 ? -1 : 0;
}

/* Meters with their serials and keys with their counts, from the entry
 * (or the dwelling's last inspection); a door and a mailbox key else. */
static int
copy_lines(struct insp_ctx *c, const char *to, const char *from, struct err *e)
{
	static const char *const meters =
	    "INSERT INTO inspection_meter (id, inspection_id, kind, serial, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?, ?)";
	struct db_stmt *st;
	char id[UID_SIZE];
	int rc, nkeys = 0;

	if (from != NULL) {
		st = db_stmt(c->db, e, "SELECT kind, serial FROM inspection_meter "
		    "WHERE inspection_id = ? ORDER BY rowid");
		if (st == NULL || db_bind(st, e, "t", from) != 0)
			return -1;
		while ((rc = db_step(st, e)) == 1) {
			uid_new(id);
			if (db_run(c->db, e, meters, "tttttt", id, to, db_col_text(st, 0),
			    db_col_text(st, 1), c->now, c->who->id) != 0)
				return -1;
		}
		if (rc < 0)
			return -1;
		st = db_stmt(c->db, e, "SELECT kind, given FROM inspection_key "
		    "WHERE inspection_id = ? ORDER BY rowid");
		if (st == NULL || db_bind(st, e, "t", from) != 0)
			return -1;
		while ((rc = db_step(st, e)) == 1) {
			nkeys++;
			if (inspection_key_add(c->db, c->who, to, db_col_text(st, 0),
			    (long)db_col_int(st, 1), id, e) != 0)
				return -1;
		}
		if (rc < 0)
			return -1;
	}
	if (nkeys == 0 && (inspection_key_add(c->db, c->who, to, "door", 2, id, e) != 0 ||
	    inspection_key_add(c->db, c->who, to, "mailbox", 1, id, e) != 0))
		return -1;
	return 0;
}

/* The lease's tenants, and who as the landlord's agent. */
static int
add_parties(struct insp_ctx *c, const char *to, const char *lease_id, struct err *e)
{
	struct db_stmt *st;
	char id[UID_SIZE];
	int rc;

	if (lease_id != NULL) {
		st = db_stmt(c->db, e, "SELECT t.id, trim(coalesce(t.first_name || ' ', '') || "
		    "t.last_name) FROM lease_tenant lt JOIN tenant t ON t.id = lt.tenant_id "
		    "WHERE lt.lease_id = ? ORDER BY lt.rowid");
		if (st == NULL || db_bind(st, e, "t", lease_id) != 0)
			return -1;
		while ((rc = db_step(st, e)) == 1) {
			uid_new(id);
			if (db_run(c->db, e, "INSERT INTO inspection_party (id, inspection_id, role, name, "
			    "tenant_id, present, updated_at, updated_by) VALUES (?, ?, 'tenant', ?, ?, 1, "
			    "?, ?)", "tttttt", id, to, db_col_text(st, 1), db_col_text(st, 0), c->now,
			    c->who->id) != 0)
				return -1;
		}
		if (rc < 0)
			return -1;
	}
	uid_new(id);
	return db_run(c->db, e, "INSERT INTO inspection_party (id, inspection_id, role, name, "
	    "present, updated_at, updated_by) VALUES (?, ?, 'landlord_agent', ?, 1, ?, ?)", "ttttt",
	    id, to, c->who->display_name, c->now, c->who->id);
}

/* Rooms, meters, keys and parties of the new inspection p->id: from the
 * entry when it has its details (states are then copied, for the exit to
 * show only what changed), else from another source. */
static int
plan_fill(struct plan *p, struct err *e)
{
	const char *from = p->entry_detailed ? p->entry_id : p->source_id;

	if (from != NULL && copy_rooms(&p->c, p->id, from, 0, from == p->entry_id, NULL, e) != 0)
		return -1;
	if (from == NULL && p->template_id != NULL &&
	    copy_rooms(&p->c, p->id, p->template_id, 1, 0, NULL, e) != 0)
		return -1;
	if (copy_lines(&p->c, p->id, from, e) != 0)
		return -1;
	return add_parties(&p->c, p->id, p->lease_id, e);
}

static int
plan_write(struct plan *p, struct err *e)
{
	return plan_head(p, e) != 0 ? -1 : plan_fill(p, e);
}

static int
kind_valid(const char *kind)
{
	return kind && (strcmp(kind, "move_in") == 0 || strcmp(kind, "move_out") == 0 ||
	    strcmp(kind, "pre_exit") == 0 || strcmp(kind, "bailiff") == 0);
}

int
inspection_create(struct db *db, const struct user *who, const char *dwelling_id,
    const char *kind, const char *planned, char out_id[UID_SIZE], struct err *e)
{
	struct plan p;
	int64_t exists;
	int rc;

	memset(&p, 0, sizeof p);
	p.c.db = db;
	p.c.who = who;
	p.dwelling_id = dwelling_id;
	p.kind = kind;
	dt_now(p.c.now);
	if (!perm_can_write(who->role, PG_INSPECTIONS))
		return err_set(e, "%s : modification réservée à %s",
		    perm_group_label(PG_INSPECTIONS), perm_group_owner(PG_INSPECTIONS));
	if (!kind_valid(kind))
		return err_set(e, "type d'état des lieux inconnu : %.20s", kind ? kind : "");
	if (planned && !dt_date_valid(planned))
		return err_set(e, "date prévue invalide (AAAA-MM-JJ attendu)");
	if (planned)
		snprintf(p.planned, sizeof p.planned, "%s", planned);
	else
		dt_today(p.planned);
	if ((rc = db_int(db, e, &exists, "SELECT 1 FROM dwelling WHERE id = ?", "t",
	    dwelling_id)) <= 0)
		return rc < 0 ? -1 : err_set(e, "logement introuvable");
	uid_new(p.id);
	if (db_begin(db, e) != 0)
		return -1;
	rc = plan_sources(&p, e) != 0 || plan_write(&p, e) != 0 ? -1 : 0;
	free(p.lease_id);
	free(p.entry_id);
	free(p.source_id);
	free(p.template_id);
	return finish_new(db, rc, p.id, out_id, e);
}

/* A draft planned without its content (planned from the agency, or
 * before Loge filled drafts in): it gets what inspection_create gives. */
int
inspection_prefill(struct db *db, const struct user *who, const char *id, struct err *e)
{
	struct db_stmt *st;
	struct plan p;
	int rc;

	memset(&p, 0, sizeof p);
	if (insp_writable(&p.c, db, who, id, e) != 0)
		return -1;
	if (has_rooms(db, id, e))
		return err_set(e, "cet état des lieux a déjà ses pièces");
	st = db_stmt(db, e, "SELECT dwelling_id, kind, coalesce(planned_date, date('now')), lease_id, "
	    "(SELECT count(*) FROM inspection_party WHERE inspection_id = i.id) FROM inspection i "
	    "WHERE id = ?");
	if (st == NULL || db_bind(st, e, "t", id) != 0 || (rc = db_step(st, e)) <= 0)
		return -1;
	snprintf(p.id, sizeof p.id, "%s", id);
	p.dwelling_id = xstrdup(db_col_text(st, 0));
	p.kind = xstrdup(db_col_text(st, 1));
	snprintf(p.planned, sizeof p.planned, "%.10s", db_col_text(st, 2));
	p.lease_id = db_col_dup(st, 3);
	rc = db_col_int(st, 4) > 0;
	db_reset(st);
	if (rc) {
		rc = err_set(e, "les parties sont déjà là : ajoutez les pièces une à une (R)");
	} else if ((rc = db_begin(db, e)) == 0) {
		rc = plan_sources(&p, e) != 0 || plan_fill(&p, e) != 0 ||
		    db_run(db, e, "UPDATE inspection SET lease_id = coalesce(lease_id, ?1), "
		    "entry_inspection_id = coalesce(entry_inspection_id, ?2), "
		    "template_id = coalesce(template_id, ?3), updated_at = ?4, updated_by = ?5 "
		    "WHERE id = ?6", "tttttt", p.lease_id, p.entry_id, p.template_id, p.c.now, who->id,
		    id) != 0 ? -1 : 0;
		rc = insp_finish(db, rc, e);
	}
	free((char *)p.dwelling_id);
	free((char *)p.kind);
	free(p.lease_id);
	free(p.entry_id);
	free(p.source_id);
	free(p.template_id);
	return rc;
}

/* ---- Amendments ---- */

static int
amend_window(struct db *db, const char *signed_id, const char *akind, char lease[UID_SIZE],
    char dwelling[UID_SIZE], struct err *e)
{
	char today[DT_DATE_SIZE], ten[DT_DATE_SIZE], hf[DT_DATE_SIZE], ht[DT_DATE_SIZE];
	struct db_stmt *st = db_stmt(db, e, "SELECT kind, state, coalesce(done_at, signed_at), "
	    "coalesce(lease_id, ''), dwelling_id, amends_id FROM inspection WHERE id = ?");
	int rc;

	if (st == NULL || db_bind(st, e, "t", signed_id) != 0)
		return -1;
	if ((rc = db_step(st, e)) <= 0)
		return rc < 0 ? -1 : err_set(e, "état des lieux introuvable");
	if (strcmp(db_col_text(st, 0), "move_in") != 0 || strcmp(db_col_text(st, 1), "signed") != 0 ||
	    !db_col_is_null(st, 5)) {
		db_reset(st);
		return err_set(e, "seul un état des lieux d'entrée signé peut être complété");
	}
	inspection_deadlines(db_col_text(st, 2), ten, hf, ht);
	snprintf(lease, UID_SIZE, "%s", db_col_text(st, 3));
	snprintf(dwelling, UID_SIZE, "%s", db_col_text(st, 4));
	db_reset(st);
	dt_today(today);
	if (strcmp(akind, "ten_day") == 0 && strcmp(today, ten) > 0)
		return err_set(e, "délai de 10 jours dépassé (jusqu'au %s)", ten);
	if (strcmp(akind, "heating") == 0 && (!hf[0] || strcmp(today, hf) < 0 ||
	    strcmp(today, ht) > 0))
		return err_set(e, hf[0] ? "la demande sur le chauffage se fait du %s au %s" :
		    "entrée pendant la période de chauffe : pas de complément de chauffage%s%s",
		    hf, ht);
	return 0;
}

int
inspection_amend(struct db *db, const struct user *who, const char *signed_id,
    const char *amendment_kind, char out_id[UID_SIZE], struct err *e)
{
	char lease[UID_SIZE], dwelling[UID_SIZE], id[UID_SIZE];
	struct insp_ctx c = {db, who, ""};
	int heating, rc;

	dt_now(c.now);
	if (!perm_can_write(who->role, PG_INSPECTIONS))
		return err_set(e, "%s : modification réservée à %s",
		    perm_group_label(PG_INSPECTIONS), perm_group_owner(PG_INSPECTIONS));
	if (amendment_kind == NULL || (strcmp(amendment_kind, "ten_day") != 0 &&
	    strcmp(amendment_kind, "heating") != 0))
		return err_set(e, "avenant inconnu (ten_day ou heating)");
	heating = strcmp(amendment_kind, "heating") == 0;
	if (amend_window(db, signed_id, amendment_kind, lease, dwelling, e) != 0)
		return -1;
	uid_new(id);
	if (db_begin(db, e) != 0)
		return -1;
	rc = db_run(db, e, "INSERT INTO inspection (id, dwelling_id, lease_id, kind, state, "
	    " planned_date, amends_id, amendment_kind, template_id, agent_id, landlord_name, "
	    " landlord_address, updated_at, updated_by) SELECT ?1, dwelling_id, lease_id, kind, "
	    " 'draft', date(?4), id, ?2, template_id, ?3, landlord_name, landlord_address, ?4, ?3 "
	    "FROM inspection WHERE id = ?5", "ttttt", id, amendment_kind, who->id, c.now,
	    signed_id);
	if (rc == 0)
		rc = copy_rooms(&c, id, signed_id, 0, 1, heating ? "heating" : NULL, e);
	if (rc == 0)
		rc = add_parties(&c, id, lease[0] ? lease : NULL, e);
	return finish_new(db, rc, id, out_id, e);
}

int
inspection_start(struct db *db, const struct user *who, const char *id, struct err *e)
{
	struct insp_ctx c;

	if (insp_writable(&c, db, who, id, e) != 0 || db_begin(db, e) != 0)
		return -1;
	return insp_finish(db, db_run(db, e, "UPDATE inspection SET done_at = ?1, updated_at = ?1, "
	    "updated_by = ?2 WHERE id = ?3 AND done_at IS NULL", "ttt", c.now, who->id, id), e);
}

/* ---- Rooms and items ---- */

int
inspection_room_add(struct db *db, const struct user *who, const char *inspection_id,
    int after, const char *name, char out_id[UID_SIZE], struct err *e)
{
	struct insp_ctx c;
	char id[UID_SIZE];
	int rc;

	if (check_name("Nom de la pièce", name, e) != 0 ||
	    insp_writable(&c, db, who, inspection_id, e) != 0 || db_begin(db, e) != 0)
		return -1;
	uid_new(id);
	rc = db_run(db, e, "UPDATE inspection_room SET position = position + 1, updated_at = ?1, "
	    "updated_by = ?2 WHERE inspection_id = ?3 AND position > ?4", "tttd", c.now, who->id,
	    inspection_id, after);
	if (rc == 0)
		rc = db_run(db, e, "INSERT INTO inspection_room (id, inspection_id, position, name, "
		    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)", "ttdttt", id, inspection_id,
		    after + 1, name, c.now, who->id);
	return finish_new(db, rc, id, out_id, e);
}

/* Deletes the items whose `column` (id or room_id) is id, with their
 * photos; a work order made from one stays, unlinked. */
static int
delete_items(struct insp_ctx *c, const char *column, const char *id, struct err *e)
{
	char *items = xasprintf("SELECT id FROM inspection_item WHERE %s = ?", column);
	char *sql[3];
	int rc = 0, i;

	sql[0] = xasprintf("DELETE FROM inspection_photo WHERE item_id IN (%s)", items);
	sql[1] = xasprintf("UPDATE work_order SET inspection_item_id = NULL, updated_at = '%s', "
	    "updated_by = '%s' WHERE inspection_item_id IN (%s)", c->now, c->who->id, items);
	sql[2] = xasprintf("DELETE FROM inspection_item WHERE %s = ?", column);
	for (i = 0; i < 3; i++) {
		if (rc == 0)
			rc = db_run(c->db, e, sql[i], "t", id);
		free(sql[i]);
	}
	free(items);
	return rc;
}

int
inspection_room_delete(struct db *db, const struct user *who, const char *room_id,
    struct err *e)
{
	struct insp_ctx c;
	int rc;

	if (begin_on(&c, db, who, "inspection_room", room_id, NULL, e) != 0)
		return -1;
	rc = delete_items(&c, "room_id", room_id, e);
	if (rc == 0)
		rc = db_run(db, e, "DELETE FROM inspection_room WHERE id = ?", "t", room_id);
	return insp_finish(db, rc, e);
}

static int
state_valid(char state, struct err *e)
{
	if (state == 0 || strchr(INSPECTION_STATES, state) == NULL)
		return err_set(e, "état inconnu (n, b, u, m, x ou v)");
	return 0;
}

int
inspection_room_set_state(struct db *db, const struct user *who, const char *room_id,
    char state, struct err *e)
{
	char s[2] = {state, '\0'};
	struct insp_ctx c;
	int64_t n;

	if (state_valid(state, e) != 0 ||
	    begin_on(&c, db, who, "inspection_room", room_id, NULL, e) != 0)
		return -1;
	if (insp_finish(db, db_run(db, e, "UPDATE inspection_item SET state = ?1, updated_at = ?2, "
	    "updated_by = ?3 WHERE room_id = ?4 AND state IS NOT ?1", "tttt", s, c.now, who->id,
	    room_id), e) != 0)
		return -1;
	n = db_changes(db);
	return (int)n;
}

int
inspection_item_add(struct db *db, const struct user *who, const char *room_id,
    const char *name, const char *kind, char out_id[UID_SIZE], struct err *e)
{
	struct insp_ctx c;
	char id[UID_SIZE];
	int rc;

	if (check_name("Nom de l'élément", name, e) != 0 ||
	    begin_on(&c, db, who, "inspection_room", room_id, NULL, e) != 0)
		return -1;
	uid_new(id);
	rc = db_run(db, e, "INSERT INTO inspection_item (id, room_id, position, name, kind, "
	    "updated_at, updated_by) SELECT ?1, ?2, coalesce(max(position), 0) + 1, ?3, ?4, ?5, ?6 "
	    "FROM inspection_item WHERE room_id = ?2", "tttttt", id, room_id, name,
	    kind && kind[0] ? kind : "other", c.now, who->id);
	return finish_new(db, rc, id, out_id, e);
}

int
inspection_item_delete(struct db *db, const struct user *who, const char *item_id,
    struct err *e)
{
	struct insp_ctx c;

	if (begin_on(&c, db, who, "inspection_item", item_id, NULL, e) != 0)
		return -1;
	return insp_finish(db, delete_items(&c, "id", item_id, e), e);
}

/* n b u m x from best to worst; v (not checked) compares with nothing. */
static int
state_rank(char s)
{
	const char *p = s && s != 'v' ? strchr("nbumx", s) : NULL;

	return p ? (int)(p - "nbumx") : -1;
}

int
inspection_item_set_state(struct db *db, const struct user *who, const char *item_id,
    char state, struct err *e)
{
	char s[2] = {state, '\0'}, insp[UID_SIZE], *kind = NULL, *entry = NULL, *charge = NULL;
	const char *proposed = NULL;
	struct insp_ctx c;
	int rc;

	if (state_valid(state, e) != 0 ||
	    begin_on(&c, db, who, "inspection_item", item_id, insp, e) != 0)
		return -1;
	/* At exit, a line worse than at entry gets the charge its kind
	 * usually bears, for the gardien to confirm or change. */
	err_clear(e);
	charge = db_text(db, e, "SELECT coalesce(charge, '') FROM inspection_item WHERE id = ?",
	    "t", item_id);
	entry = db_text(db, e, "SELECT ei.state FROM inspection_item it "
	    "JOIN inspection_room r ON r.id = it.room_id JOIN inspection i ON i.id = r.inspection_id "
	    "JOIN inspection_room er ON er.inspection_id = i.entry_inspection_id AND er.name = r.name "
	    "JOIN inspection_item ei ON ei.room_id = er.id AND ei.name = it.name "
	    "WHERE it.id = ? AND +i.kind IN ('move_out', 'pre_exit', 'bailiff') LIMIT 1", "t",
	    item_id);
	kind = db_text(db, e, "SELECT kind FROM inspection_item WHERE id = ?", "t", item_id);
	if (charge && !charge[0] && entry && state_rank(state) > state_rank(entry[0]) &&
	    state_rank(entry[0]) >= 0)
		proposed = charge_default(kind, state);
	rc = e->msg[0] ? -1 : db_run(db, e, "UPDATE inspection_item SET state = ?1, "
	    "charge = coalesce(?2, charge), updated_at = ?3, updated_by = ?4 WHERE id = ?5",
	    "ttttt", s, proposed && strcmp(proposed, "none") != 0 ? proposed : NULL, c.now, who->id,
	    item_id);
	free(kind);
	free(entry);
	free(charge);
	return insp_finish(db, rc, e);
}

static int
is_sha(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

int
inspection_photo_add(struct db *db, const struct user *who, const char *item_id,
    const char *path_or_sha, char sha[65], struct err *e)
{
	struct attach_store store;
	struct insp_ctx c;
	char insp[UID_SIZE], got[65], id[UID_SIZE];
	int64_t dup;
	int rc;

	if (path_or_sha == NULL || !path_or_sha[0])
		return err_set(e, "photo : chemin du fichier ou empreinte attendu");
	if (insp_of(db, "inspection_item", item_id, insp, e) != 0 ||
	    insp_writable(&c, db, who, insp, e) != 0)
		return -1;
	attach_open(&store, db_path(db));
	if (is_sha(path_or_sha)) {
		snprintf(got, sizeof got, "%s", path_or_sha);
		rc = attach_has(&store, got) ? 0 :
		    err_set(e, "aucune photo de cette empreinte dans le dépôt");
	} else if (getenv("LOGE_REMOTE") && strcmp(getenv("LOGE_REMOTE"), "1") == 0) {
		rc = err_set(e, "photos : à joindre depuis un portable (loge attach), "
		    "pas depuis une session sur le serveur");
	} else {
		rc = attach_add_file(&store, path_or_sha, got, e);
	}
	attach_close(&store);
	if (rc != 0)
		return -1;
	if ((rc = db_int(db, e, &dup, "SELECT 1 FROM inspection_photo WHERE item_id = ? "
	    "AND sha256 = ?", "tt", item_id, got)) != 0)
		return rc < 0 ? -1 : err_set(e, "cette photo est déjà jointe à l'élément");
	uid_new(id);
	if (db_begin(db, e) != 0)
		return -1;
	if (insp_finish(db, db_run(db, e, "INSERT INTO inspection_photo (id, item_id, sha256, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?)", "ttttt", id, item_id, got, c.now,
	    who->id), e) != 0)
		return -1;
	if (sha)
		memcpy(sha, got, 65);
	return 0;
}

int
inspection_photo_delete(struct db *db, const struct user *who, const char *item_id,
    const char *sha, struct err *e)
{
	struct insp_ctx c;

	if (begin_on(&c, db, who, "inspection_item", item_id, NULL, e) != 0)
		return -1;
	return insp_finish(db, db_run(db, e, "DELETE FROM inspection_photo WHERE item_id = ? "
	    "AND sha256 = ?", "tt", item_id, sha), e);
}

/* ---- Meters, keys, parties ---- */

int
inspection_meter_add(struct db *db, const struct user *who, const char *inspection_id,
    const char *kind, char out_id[UID_SIZE], struct err *e)
{
	struct insp_ctx c;
	char id[UID_SIZE];

	if (insp_writable(&c, db, who, inspection_id, e) != 0 || db_begin(db, e) != 0)
		return -1;
	uid_new(id);
	return finish_new(db, db_run(db, e, "INSERT INTO inspection_meter (id, inspection_id, "
	    "kind, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)", "ttttt", id, inspection_id, kind,
	    c.now, who->id), id, out_id, e);
}

int
inspection_key_add(struct db *db, const struct user *who, const char *inspection_id,
    const char *kind, long given, char out_id[UID_SIZE], struct err *e)
{
	struct insp_ctx c;
	char id[UID_SIZE];

	if (given < 0 || given > 99)
		return err_set(e, "nombre de clés : de 0 à 99");
	if (insp_writable(&c, db, who, inspection_id, e) != 0 || db_begin(db, e) != 0)
		return -1;
	uid_new(id);
	return finish_new(db, db_run(db, e, "INSERT INTO inspection_key (id, inspection_id, kind, "
		    "given, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)", "tttitt", id, inspection_id,
	    kind, (int64_t)given, c.now, who->id), id, out_id, e);
}

int
inspection_party_add(struct db *db, const struct user *who, const char *inspection_id,
    const char *role, const char *name, char out_id[UID_SIZE], struct err *e)
{
	struct insp_ctx c;
	char id[UID_SIZE];

	if (check_name("Nom", name, e) != 0 || insp_writable(&c, db, who, inspection_id, e) != 0 ||
	    db_begin(db, e) != 0)
		return -1;
	uid_new(id);
	return finish_new(db, db_run(db, e, "INSERT INTO inspection_party (id, inspection_id, role, "
	    "name, present, updated_at, updated_by) VALUES (?, ?, ?, ?, 1, ?, ?)", "tttttt", id,
	    inspection_id, role, name, c.now, who->id), id, out_id, e);
}

int
inspection_line_delete(struct db *db, const struct user *who, const char *table,
    const char *id, struct err *e)
{
	struct insp_ctx c;
	char *sql;
	int rc;

	if (strcmp(table, "inspection_meter") != 0 && strcmp(table, "inspection_key") != 0 &&
	    strcmp(table, "inspection_party") != 0)
		return err_set(e, "ligne inconnue : %s", table);
	if (begin_on(&c, db, who, table, id, NULL, e) != 0)
		return -1;
	sql = xasprintf("DELETE FROM %s WHERE id = ?", table);
	rc = db_run(db, e, sql, "t", id);
	free(sql);
	return insp_finish(db, rc, e);
}
