/* The sync log (see synclog.h): written by both sides of a session, read
 * by `loge synclog` and the TUI. */
#include "synclog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capture.h"
#include "core/datetime.h"
#include "core/db.h"
#include "core/field.h"
#include "core/perm.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "json.h"
#include "row.h"
#include "tables.h"

int
synclog_start(struct db *db, const char *side, const char *peer, const char *node,
    const char *user_id, char id[UID_SIZE], struct err *e)
{
	char now[DT_STAMP_SIZE];

	uid_new(id);
	dt_now(now);
	return db_run(db, e, "INSERT INTO sync_session (id, side, peer, node_id, user_id, "
	    "started_at) VALUES (?, ?, ?, ?, ?, ?)", "tttttt", id, side, peer, node, user_id, now);
}

int
synclog_finish(struct db *db, const char *id, const char *node, const char *user_id,
    const struct sync_counts *n, uint64_t bytes_in, uint64_t bytes_out,
    const char *outcome, const char *error)
{
	char now[DT_STAMP_SIZE];
	struct err e;

	if (db_in_transaction(db))
		db_rollback(db);
	dt_now(now);
	return db_run(db, &e, "UPDATE sync_session SET ended_at = ?, node_id = coalesce(?, node_id), "
	    "user_id = coalesce(?, user_id), sent = ?, received = ?, applied = ?, merged = ?, "
	    "conflicts = ?, refused = ?, pulled = ?, bytes_in = ?, bytes_out = ?, skew_ms = ?, "
	    "outcome = ?, error = ? WHERE id = ?", "tttiiiiiiiiiitt" "t", now, node, user_id,
	    n->sent, n->received, n->applied, n->merged, n->conflicts, n->refused, n->pulled,
	    (int64_t)bytes_in, (int64_t)bytes_out, n->skew_ms, outcome, error, id);
}

/* ---- Sessions ---- */

#define SESSION_COLS \
	"s.id, s.side, s.peer, s.node_id, s.user_id, u.login, u.display_name, s.started_at, " \
	"s.ended_at, s.sent, s.received, s.applied, s.merged, s.conflicts, s.refused, s.pulled, " \
	"s.bytes_in, s.bytes_out, s.skew_ms, s.outcome, s.error, (SELECT count(*) FROM " \
	"sync_conflict c WHERE c.session_id = s.id AND c.status = 'open') " \
	"FROM sync_session s LEFT JOIN user_account u ON u.id = s.user_id "

static void
session_read(struct db_stmt *st, struct synclog_session *s)
{
	int64_t *counts[] = {&s->sent, &s->received, &s->applied, &s->merged, &s->conflicts,
	    &s->refused, &s->pulled, &s->bytes_in, &s->bytes_out};
	size_t i;

	memset(s, 0, sizeof *s);
	s->id = db_col_dup(st, 0);
	s->side = db_col_dup(st, 1);
	s->peer = db_col_dup(st, 2);
	s->node_id = db_col_dup(st, 3);
	s->user_id = db_col_dup(st, 4);
	s->user_login = db_col_dup(st, 5);
	s->user_name = db_col_dup(st, 6);
	s->started_at = db_col_dup(st, 7);
	s->ended_at = db_col_dup(st, 8);
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++)
		*counts[i] = db_col_int(st, 9 + (int)i);
	s->skew_known = !db_col_is_null(st, 18);
	s->skew_ms = db_col_int(st, 18);
	s->outcome = db_col_dup(st, 19);
	s->error = db_col_dup(st, 20);
	s->open = db_col_int(st, 21);
}

void
synclog_session_clear(struct synclog_session *s)
{
	char **texts[] = {&s->id, &s->side, &s->peer, &s->node_id, &s->user_id,
	    &s->user_login, &s->user_name, &s->started_at, &s->ended_at, &s->outcome, &s->error};
	size_t i;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		free(*texts[i]);
		*texts[i] = NULL;
	}
}

void
synclog_sessions_free(struct synclog_session *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		synclog_session_clear(&s[i]);
	free(s);
}

void
synclog_filter_for(const struct user *who, struct synclog_filter *f)
{
	enum perm_scope s = perm_scope(who->role);

	f->agency_id = NULL;
	f->user_id = NULL;
	/* Whoever is not given more sees his own sessions only. */
	if (s == PERM_SCOPE_SECTORS || s == PERM_SCOPE_NONE)
		f->user_id = who->id;
	else if (s == PERM_SCOPE_AGENCY && who->agency_id != NULL)
		f->agency_id = who->agency_id;
}

int
synclog_sessions(struct db *db, const struct synclog_filter *f,
    struct synclog_session **out, size_t *n, struct err *e)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_stmt(db, e, "SELECT " SESSION_COLS "WHERE (?1 IS NULL OR s.started_at >= ?1) "
	    "AND (?2 = 0 OR s.conflicts > 0 OR s.refused > 0) "
	    "AND (?3 IS NULL OR s.user_id IN (SELECT id FROM user_account WHERE agency_id = ?3)) "
	    "AND (?4 IS NULL OR s.user_id IS NULL OR s.user_id = ?4) "
	    "ORDER BY s.started_at DESC, s.id DESC LIMIT ?5");
	if (st == NULL || db_bind(st, e, "tdtti", f->since, f->problems, f->agency_id,
	    f->user_id, f->limit > 0 ? f->limit : (int64_t)-1) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		session_read(st, &(*out)[(*n)++]);
	}
	if (rc < 0) {
		synclog_sessions_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int
synclog_session_find(struct db *db, const char *id, struct synclog_session *out,
    struct err *e)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	st = db_stmt(db, e, "SELECT " SESSION_COLS "WHERE s.id = ?");
	if (st == NULL || db_bind(st, e, "t", id) != 0)
		return -1;
	if ((rc = db_step(st, e)) == 1) {
		session_read(st, out);
		if (db_step(st, e) < 0) {
			synclog_session_clear(out);
			return -1;
		}
	}
	return rc;
}

/* ---- Rows as people name them ---- */

static const struct {
	const char *table, *label;
	const char *name_sql; /* the row's short name, or NULL */
} tables[] = {
	{"organisation", "Organisme", "SELECT name FROM organisation WHERE id = ?"},
	{"agency", "Agence", "SELECT name FROM agency WHERE id = ?"},
	{"sector", "Secteur", "SELECT name FROM sector WHERE id = ?"},
	{"user_account", "Utilisateur", "SELECT login FROM user_account WHERE id = ?"},
	{"user_sector", "Secteur d'un utilisateur", NULL},
	{"contractor", "Entreprise", "SELECT name FROM contractor WHERE id = ?"},
	{"contract", "Contrat", "SELECT label FROM contract WHERE id = ?"},
	{"inspection_template", "Modèle d'état des lieux", NULL},
	{"template_room", "Pièce de modèle", NULL},
	{"template_item", "Élément de modèle", NULL},
	{"wear_grid", "Grille de vétusté", NULL},
	{"price_list", "Bordereau de prix", NULL},
	{"claim_category", "Catégorie de réclamation", NULL},
	{"claim_urgency", "Urgence de réclamation", NULL},
	{"estate", "Résidence", "SELECT name FROM estate WHERE id = ?"},
	{"building", "Bâtiment", "SELECT code FROM building WHERE id = ?"},
	{"entrance", "Entrée", "SELECT code FROM entrance WHERE id = ?"},
	{"dwelling", "Logement", "SELECT reference FROM dwelling WHERE id = ?"},
	{"common_area", "Partie commune", "SELECT name FROM common_area WHERE id = ?"},
	{"equipment", "Équipement", "SELECT kind FROM equipment WHERE id = ?"},
	{"tenant", "Locataire", NULL},
	{"lease", "Bail", "SELECT reference FROM lease WHERE id = ?"},
	{"lease_tenant", "Locataire d'un bail", NULL},
	{"inspection", "État des lieux", NULL},
	{"inspection_room", "Pièce d'état des lieux", NULL},
	{"inspection_item", "Élément d'état des lieux", NULL},
	{"inspection_photo", "Photo d'état des lieux", NULL},
	{"inspection_meter", "Compteur d'état des lieux", NULL},
	{"inspection_key", "Clé d'état des lieux", NULL},
	{"inspection_party", "Partie à l'état des lieux", NULL},
	{"claim", "Réclamation", "SELECT number FROM claim WHERE id = ?"},
	{"claim_event", "Suivi de réclamation", NULL},
	{"round_template", "Tournée", NULL},
	{"round_template_item", "Point de tournée", NULL},
	{"round_run", "Passage de tournée", NULL},
	{"round_result", "Constat de tournée", NULL},
	{"work_order", "Bon de travaux", "SELECT number FROM work_order WHERE id = ?"},
	{"work_order_event", "Suivi de bon de travaux", NULL},
	{"works", "Travaux", NULL},
	{"logbook_entry", "Main courante", NULL},
	{"note", "Note", NULL},
};

#define NTABLES (sizeof tables / sizeof tables[0])

static size_t
table_index(const char *table)
{
	size_t i;

	for (i = 0; table != NULL && i < NTABLES; i++)
		if (strcmp(tables[i].table, table) == 0)
			return i;
	return NTABLES;
}

const char *
synclog_table_label(const char *table)
{
	size_t i = table_index(table);

	return i < NTABLES ? tables[i].label : table ? table : "?";
}

/* "Logement 0012", else the table's label and the id's first characters;
 * the caller frees. */
static char *
row_label(struct db *db, const char *table, const char *row)
{
	size_t i = table_index(table);
	struct err e;
	char *name = NULL, *label;

	if (table == NULL || row == NULL)
		return NULL;
	if (i < NTABLES && tables[i].name_sql != NULL)
		name = db_text(db, &e, tables[i].name_sql, "t", row);
	if (name != NULL)
		label = xasprintf("%s %s", synclog_table_label(table), name);
	else
		label = xasprintf("%s %.8s", synclog_table_label(table), row);
	free(name);
	return label;
}

/* Columns no form edits, by name, whatever their table. */
static const struct {
	const char *col, *label;
} columns[] = {
	{"text", "Texte"}, {"status", "Statut"}, {"state", "État"}, {"name", "Nom"},
	{"description", "Description"}, {"label", "Libellé"}, {"address", "Adresse"},
	{"at", "Date"}, {"date", "Date"}, {"observations", "Observations"},
	{"priority", "Priorité"}, {"due_date", "Échéance"}, {"closed_at", "Clôture"},
	{"phone", "Téléphone"}, {"email", "Courriel"}, {"comment", "Commentaire"},
	{"reference", "Référence"}, {"kind", "Nature"}, {"condition", "État"},
	{"start_date", "Début"}, {"end_date", "Fin"},
};

char *
synclog_field_label(const char *table, const char *col)
{
	char *id = xasprintf("%s.%s", table ? table : "", col ? col : "");
	const struct field *f = field_find(id);
	size_t i;

	free(id);
	if (f != NULL)
		return xstrdup(f->label);
	for (i = 0; col != NULL && i < sizeof columns / sizeof columns[0]; i++)
		if (strcmp(columns[i].col, col) == 0)
			return xstrdup(columns[i].label);
	return xstrdup(col ? col : "ligne entière");
}

/* json_parse takes objects only: the value goes in one. */
cJSON *
synclog_scalar(const char *json)
{
	char *wrapped;
	cJSON *o = NULL, *v = NULL;
	struct err e;

	if (json == NULL)
		return NULL;
	wrapped = xasprintf("{\"v\":%s}", json);
	if (json_parse(wrapped, strlen(wrapped), &o, &e) == 0)
		v = cJSON_DetachItemFromObjectCaseSensitive(o, "v");
	cJSON_Delete(o);
	free(wrapped);
	return v;
}

/* A value node as a person reads it; the caller frees. */
static char *
value_node_text(const char *table, const char *col, const cJSON *v)
{
	char *id, *raw, *shown;
	const struct field *f;

	if (v == NULL || cJSON_IsNull(v))
		return xstrdup("(vide)");
	if (cJSON_IsObject(v) || cJSON_IsArray(v))
		return xstrdup("(ligne entière)");
	if (cJSON_IsBool(v))
		return xstrdup(cJSON_IsTrue(v) ? "oui" : "non");
	raw = v->valuestring ? v->valuestring : "";
	id = xasprintf("%s.%s", table ? table : "", col ? col : "");
	f = field_find(id);
	free(id);
	shown = f != NULL ? field_display(f, raw) : NULL;
	return shown ? shown : xstrdup(raw);
}

char *
synclog_value_text(const char *table, const char *col, const char *json)
{
	cJSON *v;
	char *s;

	if (json == NULL)
		return xstrdup("(aucune)");
	if ((v = synclog_scalar(json)) == NULL)
		return xstrdup(json);
	s = value_node_text(table, col, v);
	cJSON_Delete(v);
	return s;
}

/* Columns a person does not need to see in an operation's summary. */
static int
field_skipped(const char *col, int inserting)
{
	size_t n = strlen(col);

	if (strcmp(col, "id") == 0 || strcmp(col, "updated_at") == 0 ||
	    strcmp(col, "updated_by") == 0)
		return 1;
	return inserting && n > 3 && strcmp(col + n - 3, "_id") == 0;
}

static void
field_add(struct buf *b, const char *table, const cJSON *f, int inserting)
{
	char *label = synclog_field_label(table, f->string);
	char *o = value_node_text(table, f->string, cJSON_GetArrayItem(f, 0));
	char *n = value_node_text(table, f->string, cJSON_GetArrayItem(f, 1));

	if (b->len)
		buf_adds(b, " ; ");
	if (inserting)
		buf_printf(b, "%s : %s", label, n);
	else
		buf_printf(b, "%s : %s \xe2\x86\x92 %s", label, o, n);
	free(label);
	free(o);
	free(n);
}

char *
synclog_fields_text(const char *table, const char *fields)
{
	cJSON *o = NULL;
	const cJSON *f;
	struct buf b;
	struct err e;
	int inserting = 1;

	if (fields == NULL || json_parse(fields, strlen(fields), &o, &e) != 0)
		return xstrdup("");
	cJSON_ArrayForEach(f, o)
		if (!cJSON_IsNull(cJSON_GetArrayItem(f, 0)))
			inserting = 0;
	buf_init(&b);
	cJSON_ArrayForEach(f, o) {
		if (!cJSON_IsArray(f) || cJSON_GetArraySize(f) != 2 ||
		    field_skipped(f->string, inserting) ||
		    (inserting && cJSON_IsNull(cJSON_GetArrayItem(f, 1))))
			continue;
		field_add(&b, table, f, inserting);
	}
	cJSON_Delete(o);
	return b.len ? buf_steal(&b) : xstrdup("");
}

/* ---- Conflicts ---- */

static void
conflict_read(struct db_stmt *st, struct synclog_conflict *c)
{
	char **texts[] = {&c->id, &c->at, &c->session_id, &c->tbl, &c->row_id, &c->col,
	    &c->rule, &c->base_value, &c->win_value, &c->lose_value, &c->win_user,
	    &c->win_node, &c->win_at, &c->lose_user, &c->lose_node, &c->lose_at};
	size_t i;

	memset(c, 0, sizeof *c);
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
		*texts[i] = db_col_dup(st, (int)i);
	c->win_hlc = db_col_int(st, 16);
	c->lose_hlc = db_col_int(st, 17);
	c->lose_seq = db_col_int(st, 18);
	c->skew_ms = db_col_int(st, 19);
	c->sector = db_col_dup(st, 20);
	c->status = db_col_dup(st, 21);
	c->settled_by = db_col_dup(st, 22);
	c->settled_at = db_col_dup(st, 23);
}

static void
conflict_clear(struct synclog_conflict *c)
{
	char **texts[] = {&c->id, &c->at, &c->session_id, &c->tbl, &c->row_id, &c->col,
	    &c->rule, &c->row_label, &c->base_value, &c->win_value, &c->lose_value,
	    &c->cur_value, &c->win_user, &c->win_node, &c->win_at, &c->lose_user,
	    &c->lose_node, &c->lose_at, &c->sector, &c->status, &c->settled_by,
	    &c->settled_at};
	size_t i;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
		free(*texts[i]);
}

void
synclog_conflicts_free(struct synclog_conflict *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		conflict_clear(&c[i]);
	free(c);
}

/* 1 if role may read what the ledger line shows: its column, or for a
 * whole row (a delete) every column of the table. */
static int
conflict_readable(const char *role, const struct sync_table *t, const char *col)
{
	const struct sync_column *c;
	size_t i;

	if (t == NULL)
		return perm_can_read(role, PG_SYNCLOG);
	if (col != NULL && (c = sync_column_find(t, col)) != NULL)
		return perm_can_read(role, sync_column_group(t, c));
	for (i = 0; i < t->ncols; i++)
		if (!perm_can_read(role, sync_column_group(t, &t->cols[i])))
			return 0;
	return 1;
}

static void
conflict_hide(struct synclog_conflict *c)
{
	free(c->base_value);
	free(c->win_value);
	free(c->lose_value);
	free(c->cur_value);
	c->base_value = c->win_value = c->lose_value = c->cur_value = NULL;
	c->hidden = 1;
}

/* The ledger names the hub by its node id; people call it "hub". */
static void
name_hub(char **node, const char *self)
{
	if (*node != NULL && self != NULL && strcmp(*node, self) == 0) {
		free(*node);
		*node = xstrdup("hub");
	}
}

/* The row's label and its value now, and what the role may not see. */
static int
conflict_enrich(struct db *db, const char *role, const char *self,
    struct synclog_conflict *c, struct err *e)
{
	const struct sync_table *t = sync_table_find(c->tbl);
	const cJSON *v;
	cJSON *row;
	struct buf b;

	name_hub(&c->win_node, self);
	name_hub(&c->lose_node, self);
	c->row_label = row_label(db, c->tbl, c->row_id);
	if (t != NULL) {
		if ((row = row_read(db, t, c->row_id, e)) == NULL && e->msg[0])
			return -1;
		c->row_gone = row == NULL;
		if (row != NULL && c->col != NULL &&
		    (v = cJSON_GetObjectItemCaseSensitive(row, c->col)) != NULL) {
			buf_init(&b);
			json_write(&b, v);
			c->cur_value = buf_steal(&b);
		}
		cJSON_Delete(row);
	}
	if (!conflict_readable(role, t, c->col))
		conflict_hide(c);
	return 0;
}

int
synclog_conflicts(struct db *db, const char *role, const char *session_id,
    struct synclog_conflict **out, size_t *n, struct err *e)
{
	struct db_stmt *st;
	size_t cap = 0, i;
	char *self;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_stmt(db, e, "SELECT c.id, c.at, c.session_id, c.tbl, c.row_id, c.col, c.rule, "
	    "c.base_value, c.win_value, c.lose_value, coalesce(wu.display_name, c.win_user), "
	    "c.win_node, c.win_at, coalesce(lu.display_name, c.lose_user), c.lose_node, "
	    "c.lose_at, c.win_hlc, c.lose_hlc, c.lose_seq, c.skew_ms, c.sector, c.status, "
	    "coalesce(su.display_name, c.settled_by), c.settled_at FROM sync_conflict c "
	    "LEFT JOIN user_account wu ON wu.id = c.win_user "
	    "LEFT JOIN user_account lu ON lu.id = c.lose_user "
	    "LEFT JOIN user_account su ON su.id = c.settled_by "
	    "WHERE c.session_id = ? ORDER BY c.at, c.id");
	if (st == NULL || db_bind(st, e, "t", session_id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		conflict_read(st, &(*out)[(*n)++]);
	}
	self = db_meta_get(db, "node_id");
	for (i = 0; rc == 0 && i < *n; i++)
		rc = conflict_enrich(db, role, self, &(*out)[i], e);
	free(self);
	if (rc < 0) {
		synclog_conflicts_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* ---- Refusals ---- */

/* The hub's refusals: the row is known when the hub sent it back to the
 * node (its log entry then carries the node's id and sequence number, at
 * hub_seq). */
#define HUB_REFUSALS \
	"SELECT r.node_id, r.seq, o.tbl, o.row_id, NULL, NULL, r.code, r.at " \
	"FROM sync_received r LEFT JOIN op o ON o.seq = r.hub_seq AND o.origin = r.node_id " \
	"AND o.origin_seq = r.seq "
#define NODE_REFUSALS \
	"SELECT NULL, seq, tbl, row_id, kind, fields, code, result_at FROM op "

static void
refusal_clear(struct synclog_refusal *r)
{
	free(r->node_id);
	free(r->tbl);
	free(r->row_id);
	free(r->kind);
	free(r->fields);
	free(r->code);
	free(r->at);
	free(r->row_label);
}

void
synclog_refusals_free(struct synclog_refusal *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		refusal_clear(&r[i]);
	free(r);
}

/* Steps st (bound) to the end into *out; labels the rows after. */
static int
refusals_collect(struct db *db, struct db_stmt *st, struct synclog_refusal **out, size_t *n,
    struct err *e)
{
	struct synclog_refusal *r;
	size_t cap = 0, i;
	int rc;

	*out = NULL;
	*n = 0;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		r = &(*out)[(*n)++];
		r->node_id = db_col_dup(st, 0);
		r->seq = db_col_int(st, 1);
		r->tbl = db_col_dup(st, 2);
		r->row_id = db_col_dup(st, 3);
		r->kind = db_col_dup(st, 4);
		r->fields = db_col_dup(st, 5);
		r->code = db_col_dup(st, 6);
		r->at = db_col_dup(st, 7);
		r->row_label = NULL;
	}
	if (rc < 0) {
		synclog_refusals_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	for (i = 0; i < *n; i++)
		(*out)[i].row_label = row_label(db, (*out)[i].tbl, (*out)[i].row_id);
	return 0;
}

int
synclog_session_refusals(struct db *db, const struct synclog_session *s,
    struct synclog_refusal **out, size_t *n, struct err *e)
{
	struct db_stmt *st;
	int hub = s->side != NULL && strcmp(s->side, "hub") == 0;

	*out = NULL;
	*n = 0;
	if (hub && s->node_id == NULL)
		return 0;
	if (hub)
		st = db_stmt(db, e, HUB_REFUSALS "WHERE r.node_id = ?1 AND r.result = 'refused' "
		    "AND r.at >= ?2 AND r.at <= coalesce(?3, '9999') ORDER BY r.seq");
	else
		st = db_stmt(db, e, NODE_REFUSALS "WHERE state = 'refused' AND ?1 IS NOT NULL "
		    "AND result_at >= ?2 AND result_at <= coalesce(?3, '9999') ORDER BY seq");
	if (st == NULL || db_bind(st, e, "ttt", hub ? s->node_id : "", s->started_at,
	    s->ended_at) != 0)
		return -1;
	return refusals_collect(db, st, out, n, e);
}

int
synclog_refused(struct db *db, const struct user *who, struct synclog_refusal **out,
    size_t *n, struct err *e)
{
	struct db_stmt *st;
	int hub;

	*out = NULL;
	*n = 0;
	if ((hub = synclog_is_hub(db, e)) < 0)
		return -1;
	if (hub)
		st = db_stmt(db, e, HUB_REFUSALS "JOIN sync_node n ON n.node_id = r.node_id "
		    "WHERE n.user_id = ? AND r.result = 'refused' ORDER BY r.at DESC, r.seq DESC "
		    "LIMIT 1000");
	else
		st = db_stmt(db, e, NODE_REFUSALS "WHERE state = 'refused' AND ? IS NOT NULL "
		    "ORDER BY seq DESC");
	if (st == NULL || db_bind(st, e, "t", who->id) != 0)
		return -1;
	return refusals_collect(db, st, out, n, e);
}

/* ---- The status line ---- */

int
synclog_is_hub(struct db *db, struct err *e)
{
	int64_t hub = 1;

	if (db_int(db, e, &hub, "SELECT hub FROM sync_state", "") < 0)
		return -1;
	return hub != 0;
}

int
synclog_status(struct db *db, struct synclog_status *s, struct err *e)
{
	struct db_stmt *st;
	int rc;

	memset(s, 0, sizeof *s);
	/* The newest sessions first along sync_session_started: the first
	 * good one ends the scan. */
	st = db_stmt(db, e, "SELECT hub, (SELECT ended_at FROM sync_session WHERE "
	    "side = CASE WHEN hub THEN 'hub' ELSE 'node' END AND outcome = 'ok' "
	    "ORDER BY started_at DESC LIMIT 1) FROM sync_state");
	if (st == NULL)
		return -1;
	if ((rc = db_step(st, e)) == 1) {
		s->hub = db_col_int(st, 0) != 0;
		snprintf(s->last, sizeof s->last, "%s",
		    db_col_text(st, 1) ? db_col_text(st, 1) : "");
		rc = db_step(st, e);
	}
	if (rc < 0)
		return -1;
	if (s->hub)
		return 0;
	if ((s->pending = capture_pending(db)) < 0 || (s->refused = capture_refused(db)) < 0)
		return err_set(e, "lecture des modifications en attente impossible");
	return 0;
}

/* ---- Words ---- */

struct word {
	const char *code, *text;
};

static const char *
word_find(const struct word *w, size_t n, const char *code, const char *unknown)
{
	size_t i;

	for (i = 0; code != NULL && i < n; i++)
		if (strcmp(w[i].code, code) == 0)
			return w[i].text;
	return code ? code : unknown;
}

#define WORD(table, code, unknown) \
	word_find(table, sizeof table / sizeof table[0], code, unknown)

static const struct word codes[] = {
	{"permission", "votre rôle ne permet pas cette modification"},
	{"scope", "la ligne n'est pas (ou plus) dans vos secteurs"},
	{"type", "valeur ou colonne inattendue (versions de Loge différentes ?)"},
	{"length", "texte trop long"},
	{"utf8", "texte mal encodé (caractères invalides)"},
	{"rule", "règle de gestion non respectée (ligne inconnue du hub, valeur refusée)"},
	{"immutable", "état des lieux signé : il ne peut plus être modifié (faites un avenant)"},
	{"quarantine", "horloge du poste en avance de plus de 5 minutes : réglez l'heure et "
	    "refaites la modification"},
	{"tampered", "opération déjà reçue par le hub avec un autre contenu"},
	{"depends", "dépend d'une modification refusée, annulée avec elle"},
};

static const struct word rules[] = {
	{"lww", "la plus récente l'emporte"},
	{"hub", "la valeur du hub reste, un superviseur décide"},
	{"append", "les deux textes sont gardés, l'un après l'autre"},
	{"delete", "modification contre suppression : la modification l'emporte"},
};

static const struct word statuses[] = {
	{"open", "ouvert"},
	{"acknowledged", "acquitté"},
	{"overridden", "rétabli"},
};

static const struct word outcomes[] = {
	{"ok", "terminée"},
	{"error", "erreur"},
	{"cut", "coupée"},
	{"running", "en cours"},
};

const char *
synclog_code_text(const char *code)
{
	return WORD(codes, code, "refus sans motif");
}

const char *
synclog_rule_text(const char *rule)
{
	return WORD(rules, rule, "?");
}

const char *
synclog_status_text(const char *status)
{
	return WORD(statuses, status, "?");
}

const char *
synclog_outcome_text(const char *outcome)
{
	return WORD(outcomes, outcome, "?");
}

void
synclog_when(const char *stamp, int longer, char *out, size_t size)
{
	struct tm tm;
	time_t t;

	if (!dt_stamp_valid(stamp)) {
		snprintf(out, size, "?");
		return;
	}
	t = (time_t)(dt_days(stamp) * 86400 + atoi(stamp + 11) * 3600 +
	    atoi(stamp + 14) * 60 + atoi(stamp + 17));
	localtime_r(&t, &tm);
	if (longer)
		snprintf(out, size, "%02d/%02d/%04d %02d:%02d", tm.tm_mday, tm.tm_mon + 1,
		    tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
	else
		snprintf(out, size, "%02d/%02d à %02d:%02d", tm.tm_mday, tm.tm_mon + 1,
		    tm.tm_hour, tm.tm_min);
}
