/* Claims: the workflow table, taking a claim, its steps and comments. */
#include "claim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim_internal.h"
#include "codes.h"
#include "db.h"
#include "numbering.h"
#include "perm.h"
#include "user.h"
#include "utf8.h"
#include "xalloc.h"

/* ---- Codes and labels ---- */

static const char *const claim_statuses[CLAIM_STATUS_COUNT][2] = {
	[CLAIM_NEW] = {"new", "Nouvelle"},
	[CLAIM_FORWARDED] = {"forwarded", "Transmise"},
	[CLAIM_IN_PROGRESS] = {"in_progress", "En cours"},
	[CLAIM_SOLVED] = {"solved", "Résolue"},
	[CLAIM_INFORMED] = {"informed", "Locataire informé"},
	[CLAIM_CLOSED] = {"closed", "Clôturée"},
};

static const char *const claim_action_names[CLAIM_ACTION_COUNT][2] = {
	[CLAIM_FORWARD] = {"forward", "Transmettre"},
	[CLAIM_START] = {"start", "Prendre en charge"},
	[CLAIM_SOLVE] = {"solve", "Résoudre"},
	[CLAIM_INFORM] = {"inform", "Informer le locataire"},
	[CLAIM_CLOSE] = {"close", "Clôturer"},
	[CLAIM_REOPEN] = {"reopen", "Rouvrir"},
};

static const char *const claim_urgency_names[][2] = {
	{"emergency", "Urgence"}, {"urgent", "Urgent"}, {"normal", "Normal"},
};

static const char *const claim_channels[CLAIM_NCHANNELS][2] = {
	{"lodge", "Loge"}, {"phone", "Téléphone"}, {"letter", "Courrier"},
	{"counter", "Accueil de l'agence"}, {"online", "En ligne"},
};

static const char *const claim_place_names[CLAIM_PLACE_COUNT] = {
	"logement", "entrée", "bâtiment", "partie commune",
};

const char *const claim_place_columns[CLAIM_PLACE_COUNT] = {
	"dwelling_id", "entrance_id", "building_id", "common_area_id",
};

/* ---- The workflow table ---- */

enum {
	EDGE_NO_TENANT = 1 << 0, /* only when no tenant is concerned */
	EDGE_COMMENT = 1 << 1,   /* a comment is required */
};

/* Every allowed step; anything not listed is refused (see claim.h). */
static const struct claim_edge {
	enum claim_action action;
	enum claim_status from, to;
	int flags;
} claim_edges[] = {
	{CLAIM_FORWARD, CLAIM_NEW, CLAIM_FORWARDED, 0},
	{CLAIM_START, CLAIM_NEW, CLAIM_IN_PROGRESS, 0},
	{CLAIM_START, CLAIM_FORWARDED, CLAIM_IN_PROGRESS, 0},
	{CLAIM_SOLVE, CLAIM_NEW, CLAIM_SOLVED, 0},
	{CLAIM_SOLVE, CLAIM_FORWARDED, CLAIM_SOLVED, 0},
	{CLAIM_SOLVE, CLAIM_IN_PROGRESS, CLAIM_SOLVED, 0},
	{CLAIM_INFORM, CLAIM_SOLVED, CLAIM_INFORMED, 0},
	{CLAIM_CLOSE, CLAIM_INFORMED, CLAIM_CLOSED, 0},
	{CLAIM_CLOSE, CLAIM_SOLVED, CLAIM_CLOSED, EDGE_NO_TENANT},
	{CLAIM_REOPEN, CLAIM_SOLVED, CLAIM_IN_PROGRESS, EDGE_COMMENT},
	{CLAIM_REOPEN, CLAIM_INFORMED, CLAIM_IN_PROGRESS, EDGE_COMMENT},
	{CLAIM_REOPEN, CLAIM_CLOSED, CLAIM_IN_PROGRESS, EDGE_COMMENT},
};

#define NEDGES (sizeof claim_edges / sizeof claim_edges[0])

static const char claim_insert_sql[] =
    "INSERT INTO claim (id, number, dwelling_id, entrance_id, building_id, common_area_id, "
    " category, urgency, channel, tenant_id, description, status, opened_at, due_at, "
    " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?)";

/* A claim as a step needs it; ?1 the scope argument, ?2 the claim. */
static const char claim_state_sql[] =
    "SELECT c.status, c.tenant_id IS NOT NULL, u.target_hours, u.working_days, %s, c.number "
    "FROM claim c " CLAIM_PLACE_JOINS("c")
    "LEFT JOIN claim_urgency u ON u.code = c.urgency WHERE c.id = ?2";

/* Filled with the scope on es.sector_id; ?2..?5 the place, one set. */
static const char claim_place_sql[] =
    "SELECT es.sector_id, %s FROM (SELECT ?2 AS dwelling_id, ?3 AS entrance_id, "
    " ?4 AS building_id, ?5 AS common_area_id) x " CLAIM_PLACE_JOINS("x");

struct claim_state {
	enum claim_status status;
	int has_tenant;
	int target_hours, working_days;
	char number[CLAIM_NUMBER_SIZE];
};

static int claim_check_new(struct db *db, const struct claim_new *c, int *hours, int *working,
    char **description, struct err *e);
static int claim_insert(struct db *db, const struct user *who, const struct claim_new *c,
    int hours, int working, const char *description, const char *now, char id[UID_SIZE],
    char number[CLAIM_NUMBER_SIZE], struct err *e);
static int claim_read_state(struct db *db, const struct user *who, const char *claim_id,
    struct claim_state *s, struct err *e);
static int claim_refuse(const struct claim_state *s, enum claim_action a, struct err *e);
static int claim_can_write(const struct user *who, struct err *e);

const char *
claim_status_code(enum claim_status s)
{
	return s < CLAIM_STATUS_COUNT ? claim_statuses[s][0] : "?";
}

const char *
claim_status_label(enum claim_status s)
{
	return s < CLAIM_STATUS_COUNT ? claim_statuses[s][1] : "?";
}

int
claim_status_parse(const char *code)
{
	return codes_find(claim_statuses, CLAIM_STATUS_COUNT, code);
}

const char *
claim_action_name(enum claim_action a)
{
	return a < CLAIM_ACTION_COUNT ? claim_action_names[a][0] : "?";
}

const char *
claim_action_label(enum claim_action a)
{
	return a < CLAIM_ACTION_COUNT ? claim_action_names[a][1] : "?";
}

int
claim_action_parse(const char *name)
{
	return codes_find(claim_action_names, CLAIM_ACTION_COUNT, name);
}

const char *
claim_urgency_label(const char *code)
{
	return codes_label(claim_urgency_names, CODES_N(claim_urgency_names), code, "?");
}

const char *
claim_channel_code(int i)
{
	return i >= 0 && i < CLAIM_NCHANNELS ? claim_channels[i][0] : NULL;
}

const char *
claim_channel_label(const char *code)
{
	return codes_label(claim_channels, CLAIM_NCHANNELS, code, "?");
}

const char *
claim_place_label(enum claim_place k)
{
	return k < CLAIM_PLACE_COUNT ? claim_place_names[k] : "?";
}

/* ---- Workflow rules ---- */

int
claim_next_status(enum claim_status from, int has_tenant, enum claim_action a)
{
	size_t i;

	for (i = 0; i < NEDGES; i++) {
		if (claim_edges[i].action != a || claim_edges[i].from != from)
			continue;
		if ((claim_edges[i].flags & EDGE_NO_TENANT) && has_tenant)
			continue;
		return (int)claim_edges[i].to;
	}
	return -1;
}

unsigned
claim_actions(enum claim_status from, int has_tenant)
{
	unsigned bits = 0;
	int a;

	for (a = 0; a < CLAIM_ACTION_COUNT; a++)
		if (claim_next_status(from, has_tenant, (enum claim_action)a) >= 0)
			bits |= 1u << a;
	return bits;
}

int
claim_action_needs_comment(enum claim_action a)
{
	size_t i;

	for (i = 0; i < NEDGES; i++)
		if (claim_edges[i].action == a && (claim_edges[i].flags & EDGE_COMMENT))
			return 1;
	return 0;
}

/* ---- Shared checks ---- */

int
claim_now(const char *now, char out[DT_STAMP_SIZE], struct err *e)
{
	if (now == NULL) {
		dt_now(out);
		return 0;
	}
	if (!dt_stamp_valid(now))
		return err_set(e, "moment invalide : %s (AAAA-MM-JJTHH:MM:SSZ attendu)", now);
	snprintf(out, DT_STAMP_SIZE, "%s", now);
	return 0;
}

int
claim_text_clean(const char *what, const char *text, char **out, struct err *e)
{
	size_t i, s = 0, n = text ? strlen(text) : 0;

	*out = NULL;
	while (s < n && strchr(" \t\r\n", text[s]) != NULL)
		s++;
	while (n > s && strchr(" \t\r\n", text[n - 1]) != NULL)
		n--;
	if (n == s)
		return 0;
	if (n - s > CLAIM_TEXT_MAX)
		return err_set(e, "%s trop long (%zu octets, %d au plus)", what, n - s,
		    CLAIM_TEXT_MAX);
	if (!utf8_valid(text + s, n - s))
		return err_set(e, "%s : texte invalide (UTF-8) à l'octet %zu", what,
		    utf8_invalid_at(text + s, n - s) + 1);
	for (i = s; i < n; i++)
		if (((unsigned char)text[i] < 0x20 && text[i] != '\n' && text[i] != '\t') ||
		    text[i] == 0x7f)
			return err_set(e, "%s : caractère de contrôle interdit (octet %zu)", what,
			    i - s + 1);
	*out = xstrndup(text + s, n - s);
	return 0;
}

int
claim_place_sector(struct db *db, const struct user *who, enum claim_place kind,
    const char *id, char sector[UID_SIZE], int *in_scope, struct err *e)
{
	const char *slot[CLAIM_PLACE_COUNT] = {NULL, NULL, NULL, NULL};
	struct db_stmt *st;
	struct scope s;
	char *cond, *sql;
	int rc;

	if (kind >= CLAIM_PLACE_COUNT || id == NULL || *id == '\0')
		return 0;
	slot[kind] = id;
	patrimoine_scope(who, &s);
	cond = patrimoine_scope_sql(&s, "es.sector_id");
	sql = xasprintf(claim_place_sql, cond);
	st = db_stmt(db, e, sql);
	free(sql);
	free(cond);
	if (st == NULL || db_bind(st, e, "ttttt", s.arg, slot[0], slot[1], slot[2], slot[3]) != 0 ||
	    (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 1) {
		snprintf(sector, UID_SIZE, "%s", db_col_text(st, 0));
		*in_scope = db_col_int(st, 1) != 0;
		db_reset(st);
	}
	return rc;
}

static int
claim_can_write(const struct user *who, struct err *e)
{
	if (!perm_can_write(who->role, PG_CLAIMS))
		return err_set(e, "votre rôle (%s) ne permet pas de modifier les réclamations",
		    user_role_label(who->role));
	return 0;
}

int
claim_event_insert(struct db *db, const char *table, const char *parent,
    const struct user *who, const char *from, const char *to, const char *comment,
    const char *now, struct err *e)
{
	char id[UID_SIZE], *sql;
	int rc;

	uid_new(id);
	sql = xasprintf("INSERT INTO %s (id, %s, at, user_id, from_status, to_status, comment, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", table,
	    strcmp(table, "claim_event") == 0 ? "claim_id" : "work_order_id");
	rc = db_run(db, e, sql, "ttttttttt", id, parent, now, who->id, from, to, comment, now,
	    who->id);
	free(sql);
	return rc;
}

/* ---- Taking a claim ---- */

static int
claim_check_new(struct db *db, const struct claim_new *c, int *hours, int *working,
    char **description, struct err *e)
{
	struct db_stmt *st;
	int64_t one;
	int rc;

	if (c->place_kind >= CLAIM_PLACE_COUNT || c->place_id == NULL || *c->place_id == '\0')
		return err_set(e, "le lieu (logement, entrée, bâtiment ou partie commune) "
		    "n'est pas indiqué");
	if (c->category == NULL ||
	    (rc = db_int(db, e, &one, "SELECT 1 FROM claim_category WHERE code = ?", "t",
		c->category)) == 0)
		return err_set(e, "catégorie inconnue : %s", c->category ? c->category : "(aucune)");
	if (rc < 0)
		return -1;
	if ((st = db_stmt(db, e, "SELECT target_hours, working_days FROM claim_urgency "
	    "WHERE code = ?")) == NULL || db_bind(st, e, "t", c->urgency) != 0 ||
	    (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, "urgence inconnue : %s", c->urgency ? c->urgency : "(aucune)");
	*hours = (int)db_col_int(st, 0);
	*working = (int)db_col_int(st, 1);
	db_reset(st);
	if (codes_find(claim_channels, CLAIM_NCHANNELS, c->channel) < 0)
		return err_set(e, "canal inconnu : %s (loge, téléphone, courrier, accueil de "
		    "l'agence ou en ligne)", c->channel ? c->channel : "(aucun)");
	if (c->tenant_id != NULL && (rc = db_int(db, e, &one, "SELECT 1 FROM tenant "
	    "WHERE id = ? AND anonymised = 0", "t", c->tenant_id)) <= 0)
		return rc < 0 ? -1 : err_set(e, "locataire introuvable : %s", c->tenant_id);
	if (claim_text_clean("description", c->description, description, e) != 0)
		return -1;
	if (*description == NULL)
		return err_set(e, "la description est vide");
	return 0;
}

int
claim_number_next(struct db *db, const char *at, char out[CLAIM_NUMBER_SIZE], struct err *e)
{
	return numbering_next(db, "claim", "R", at, out, CLAIM_NUMBER_SIZE, e);
}

static int
claim_insert(struct db *db, const struct user *who, const struct claim_new *c, int hours,
    int working, const char *description, const char *now, char id[UID_SIZE],
    char number[CLAIM_NUMBER_SIZE], struct err *e)
{
	const char *slot[CLAIM_PLACE_COUNT] = {NULL, NULL, NULL, NULL};
	char sector[UID_SIZE], due[DT_STAMP_SIZE];
	int in_scope = 0, rc;

	if ((rc = claim_place_sector(db, who, c->place_kind, c->place_id, sector, &in_scope,
	    e)) <= 0)
		return rc < 0 ? -1 : err_set(e, "%s introuvable : %s",
		    claim_place_label(c->place_kind), c->place_id);
	if (!in_scope)
		return err_set(e, "ce lieu (%s) n'est pas dans votre périmètre",
		    claim_place_label(c->place_kind));
	slot[c->place_kind] = c->place_id;
	uid_new(id);
	if (claim_due(now, hours, working, due) != 0 || claim_number_next(db, now, number, e) != 0)
		return -1;
	if (db_run(db, e, claim_insert_sql, "ttttttttttttttt", id, number, slot[0], slot[1],
	    slot[2], slot[3], c->category, c->urgency, c->channel, c->tenant_id, description,
	    now, due, now, who->id) != 0)
		return -1;
	return claim_event_insert(db, "claim_event", id, who, NULL, "new",
	    "Réclamation enregistrée.", now, e);
}

int
claim_create(struct db *db, const struct user *who, const struct claim_new *c,
    const char *now, char out_id[UID_SIZE], char out_number[CLAIM_NUMBER_SIZE],
    struct err *e)
{
	char at[DT_STAMP_SIZE], id[UID_SIZE], number[CLAIM_NUMBER_SIZE], *description = NULL;
	int hours = 0, working = 0, rc = -1;

	if (claim_can_write(who, e) != 0 || claim_now(now, at, e) != 0 ||
	    claim_check_new(db, c, &hours, &working, &description, e) != 0)
		goto out;
	if (db_begin(db, e) != 0)
		goto out;
	if (claim_insert(db, who, c, hours, working, description, at, id, number, e) != 0 ||
	    db_commit(db, e) != 0) {
		db_rollback(db);
		goto out;
	}
	if (out_id != NULL)
		memcpy(out_id, id, UID_SIZE);
	if (out_number != NULL)
		memcpy(out_number, number, CLAIM_NUMBER_SIZE);
	rc = 0;
out:
	free(description);
	return rc < 0 ? err_prefix(e, "réclamation : ") : 0;
}

/* ---- Steps ---- */

static int
claim_read_state(struct db *db, const struct user *who, const char *claim_id,
    struct claim_state *s, struct err *e)
{
	struct db_stmt *st;
	struct scope sc;
	char *cond, *sql;
	int rc, status, in_scope;

	patrimoine_scope(who, &sc);
	cond = patrimoine_scope_sql(&sc, "es.sector_id");
	sql = xasprintf(claim_state_sql, cond);
	st = db_stmt(db, e, sql);
	free(sql);
	free(cond);
	if (st == NULL || db_bind(st, e, "tt", sc.arg, claim_id) != 0 || (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, "réclamation introuvable : %s", claim_id ? claim_id : "(aucune)");
	status = claim_status_parse(db_col_text(st, 0));
	s->status = status < 0 ? CLAIM_NEW : (enum claim_status)status;
	s->has_tenant = (int)db_col_int(st, 1);
	s->target_hours = (int)db_col_int(st, 2);
	s->working_days = (int)db_col_int(st, 3);
	in_scope = db_col_int(st, 4) != 0;
	snprintf(s->number, sizeof s->number, "%s", db_col_text(st, 5));
	db_reset(st);
	if (status < 0)
		return err_set(e, "statut inconnu pour la réclamation %s", s->number);
	if (!in_scope)
		return err_set(e, "la réclamation %s n'est pas dans votre périmètre", s->number);
	return 0;
}

/* The French reason an action is refused, with what is possible. */
static int
claim_refuse(const struct claim_state *s, enum claim_action a, struct err *e)
{
	unsigned bits = claim_actions(s->status, s->has_tenant);
	struct buf b;
	int i;

	if (a == CLAIM_CLOSE && s->status == CLAIM_SOLVED && s->has_tenant)
		return err_set(e, "%s : informez d'abord le locataire avant de clôturer", s->number);
	buf_init(&b);
	for (i = 0; i < CLAIM_ACTION_COUNT; i++)
		if (bits & (1u << i))
			buf_printf(&b, "%s%s", b.len ? ", " : "", claim_action_label(i));
	err_set(e, "%s : « %s » impossible pour une réclamation « %s » (possible : %s)",
	    s->number, claim_action_label(a), claim_status_label(s->status),
	    b.len ? b.data : "aucune étape");
	buf_free(&b);
	return -1;
}

int
claim_step(struct db *db, const struct user *who, const char *claim_id, enum claim_action a,
    const char *comment, const char *now, struct err *e)
{
	struct claim_state s;
	char due[DT_STAMP_SIZE], *note;
	int next, rc;

	if (claim_read_state(db, who, claim_id, &s, e) != 0)
		return -1;
	if ((next = claim_next_status(s.status, s.has_tenant, a)) < 0)
		return claim_refuse(&s, a, e);
	if (a == CLAIM_REOPEN && claim_due(now, s.target_hours, s.working_days, due) != 0)
		return err_set(e, "%s : urgence sans délai cible", s.number);
	rc = db_run(db, e, "UPDATE claim SET status = ?, closed_at = ?, "
	    "due_at = coalesce(?, due_at), updated_at = ?, updated_by = ? "
	    "WHERE id = ? AND status = ?", "ttttttt", claim_status_code(next),
	    next == CLAIM_CLOSED ? now : NULL, a == CLAIM_REOPEN ? due : NULL, now, who->id,
	    claim_id, claim_status_code(s.status));
	if (rc != 0)
		return -1;
	note = a == CLAIM_REOPEN ? xasprintf("Rouverte%s%s", comment ? " : " : ".",
	    comment ? comment : "") : xstrdup(comment);
	rc = claim_event_insert(db, "claim_event", claim_id, who, claim_status_code(s.status),
	    claim_status_code(next), note, now, e);
	free(note);
	return rc;
}

int
claim_transition(struct db *db, const struct user *who, const char *claim_id,
    enum claim_action a, const char *comment, const char *now, struct err *e)
{
	char at[DT_STAMP_SIZE], *text = NULL;
	int rc = -1;

	if (a >= CLAIM_ACTION_COUNT)
		return err_set(e, "réclamation : étape inconnue");
	if (claim_can_write(who, e) != 0 || claim_now(now, at, e) != 0 ||
	    claim_text_clean("commentaire", comment, &text, e) != 0)
		goto out;
	if (text == NULL && claim_action_needs_comment(a)) {
		err_set(e, "« %s » demande un commentaire (ce que dit le locataire)",
		    claim_action_label(a));
		goto out;
	}
	if (db_begin(db, e) != 0)
		goto out;
	if (claim_step(db, who, claim_id, a, text, at, e) != 0 || db_commit(db, e) != 0) {
		db_rollback(db);
		goto out;
	}
	rc = 0;
out:
	free(text);
	return rc < 0 ? err_prefix(e, "réclamation : ") : 0;
}

int
claim_comment(struct db *db, const struct user *who, const char *claim_id,
    const char *comment, const char *now, struct err *e)
{
	char at[DT_STAMP_SIZE], *text = NULL;
	struct claim_state s;
	int rc = -1;

	if (claim_can_write(who, e) != 0 || claim_now(now, at, e) != 0 ||
	    claim_text_clean("commentaire", comment, &text, e) != 0)
		goto out;
	if (text == NULL) {
		err_set(e, "le commentaire est vide");
		goto out;
	}
	if (db_begin(db, e) != 0)
		goto out;
	if (claim_read_state(db, who, claim_id, &s, e) != 0 ||
	    claim_event_insert(db, "claim_event", claim_id, who, NULL, NULL, text, at, e) != 0 ||
	    db_commit(db, e) != 0) {
		db_rollback(db);
		goto out;
	}
	rc = 0;
out:
	free(text);
	return rc < 0 ? err_prefix(e, "réclamation : ") : 0;
}
