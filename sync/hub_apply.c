/* The hub applies one pushed operation: checks (structure, permission,
 * scope, types, rules), merges field by field against what changed on the
 * hub since the node's base, writes conflicts to the ledger, and records
 * the result under the operation's id so that a replay gets it back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "core/datetime.h"
#include "core/db.h"
#include "core/perm.h"
#include "core/schema.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "hub_internal.h"
#include "json.h"
#include "proto.h"
#include "row.h"
#include "scrub.h"
#include "tables.h"

struct op_in {
	int64_t seq, base, hlc, schema;
	const char *table, *row, *kind;
	const cJSON *fields;
	const struct sync_table *t;
	char sha[65];
};

/* The outcome of one operation. */
struct outcome {
	const char *r;    /* applied, merged, conflict, refused */
	const char *code; /* for refused */
	char msg[1280];
	int touch;        /* the node must pull the row back */
};

/* The latest change of a field on the hub since the node's base, by
 * anyone but the node itself. */
struct rival {
	int64_t seq, hlc;
	char *node, *user;
};

static const char *const op_members[] = {
	"seq", "table", "row", "kind", "base", "hlc", "schema", "fields",
};

static int
op_decode(const cJSON *op, struct op_in *o, struct err *e)
{
	const cJSON *m;
	size_t i;

	if (!cJSON_IsObject(op))
		return err_set(e, "opération qui n'est pas un objet");
	for (m = op->child; m != NULL; m = m->next) {
		for (i = 0; i < sizeof op_members / sizeof op_members[0]; i++)
			if (strcmp(m->string, op_members[i]) == 0)
				break;
		if (i == sizeof op_members / sizeof op_members[0])
			return err_set(e, "opération : membre inconnu « %.40s »", m->string);
	}
	memset(o, 0, sizeof *o);
	o->table = json_str(op, "table");
	o->row = json_str(op, "row");
	o->kind = json_str(op, "kind");
	o->fields = cJSON_GetObjectItemCaseSensitive(op, "fields");
	if (json_get_int(op, "seq", &o->seq) != 0 || o->seq <= 0 ||
	    json_get_int(op, "base", &o->base) != 0 || o->base < 0 ||
	    json_get_int(op, "hlc", &o->hlc) != 0 || o->hlc < 0 ||
	    json_get_int(op, "schema", &o->schema) != 0 || o->table == NULL ||
	    o->row == NULL || o->kind == NULL || !cJSON_IsObject(o->fields))
		return err_set(e, "opération incomplète ou mal typée");
	if (strcmp(o->kind, "insert") != 0 && strcmp(o->kind, "update") != 0 &&
	    strcmp(o->kind, "delete") != 0)
		return err_set(e, "opération de nature inconnue « %.20s »", o->kind);
	proto_digest(op, o->sha);
	return 0;
}

static void
refuse(struct outcome *out, const char *code, const char *fmt, const char *arg)
{
	out->r = "refused";
	out->code = code;
	snprintf(out->msg, sizeof out->msg, fmt, arg);
}

/* The new value of a field ([old, new]); NULL if malformed. */
static const cJSON *
field_new(const cJSON *f)
{
	return cJSON_IsArray(f) && cJSON_GetArraySize(f) == 2 ? cJSON_GetArrayItem(f, 1) : NULL;
}

static const cJSON *
field_old(const cJSON *f)
{
	return cJSON_IsArray(f) && cJSON_GetArraySize(f) == 2 ? cJSON_GetArrayItem(f, 0) : NULL;
}

/* The audit log: a node adds entries of its session's user, and no one
 * changes or deletes one (the table's triggers refuse it as well). */
static int
audit_op_check(struct hub *h, struct op_in *o, struct outcome *out)
{
	const cJSON *u = field_new(cJSON_GetObjectItemCaseSensitive(o->fields, "user_id"));

	if (strcmp(o->kind, "insert") != 0) {
		refuse(out, "permission", "%s", "le journal des consultations ne se modifie pas "
		    "et ne se supprime pas");
		return -1;
	}
	if (!cJSON_IsString(u) || strcmp(u->valuestring, h->who->id) != 0) {
		refuse(out, "permission", "%s", "une entrée du journal des consultations est "
		    "celle de l'utilisateur de la session");
		return -1;
	}
	return 0;
}

static int
is_audit(const struct op_in *o)
{
	return strcmp(o->t->name, "audit_log") == 0;
}

/* Types, lengths, columns and write permission, before any write. */
static int
op_check(struct hub *h, struct op_in *o, struct outcome *out)
{
	const cJSON *f;
	const struct sync_column *c;
	const char *role = h->who->role;
	struct err e;
	const char *code;
	int deleting = strcmp(o->kind, "delete") == 0;
	int inserting = strcmp(o->kind, "insert") == 0;

	if ((o->t = sync_table_find(o->table)) == NULL) {
		refuse(out, "type", "table inconnue « %.40s »", o->table);
		return -1;
	}
	if (o->schema > schema_latest() || o->schema < schema_latest() - 1) {
		refuse(out, "type", "schéma %s non pris en charge", "de l'opération");
		return -1;
	}
	if (strlen(o->row) != 36) {
		refuse(out, "type", "identifiant de ligne invalide « %.40s »", o->row);
		return -1;
	}
	if (HLC_MS(o->hlc) > h->wall_ms + PROTO_QUARANTINE_MS) {
		refuse(out, "quarantine", "%s", "horloge du poste en avance de plus de 5 minutes : "
		    "opération mise en quarantaine");
		return -1;
	}
	if (is_audit(o) && audit_op_check(h, o, out) != 0)
		return -1;
	if (!is_audit(o) && (deleting || inserting) && !perm_can_write(role, o->t->group)) {
		refuse(out, "permission", "le rôle ne peut pas créer ni supprimer de lignes de %s",
		    o->table);
		return -1;
	}
	cJSON_ArrayForEach(f, o->fields) {
		if ((c = sync_column_find(o->t, f->string)) == NULL || field_new(f) == NULL) {
			refuse(out, "type", "colonne inconnue ou mal formée « %.40s »", f->string);
			return -1;
		}
		if (deleting)
			continue;
		if ((code = row_check_value(c, field_new(f), &e)) != NULL) {
			refuse(out, code, "%s", e.msg);
			return -1;
		}
		/* An insert names every column: one left NULL sets nothing the
		 * role may not set (a gardien's work order has no amount). */
		if (inserting && cJSON_IsNull(field_new(f)))
			continue;
		if (!is_audit(o) && c->rule != RULE_PROV && strcmp(c->name, "id") != 0 &&
		    !perm_can_write(role, sync_column_group(o->t, c))) {
			refuse(out, "permission", "le rôle ne peut pas modifier la colonne %s",
			    c->name);
			return -1;
		}
	}
	return 0;
}

static int
in_scope(struct hub *h, const struct sync_table *t, const char *row, int *ok, struct err *e)
{
	char *sector;
	int64_t n = 0;

	*ok = 1;
	if (row_sector(h->db, t, row, &sector, e) != 0)
		return -1;
	if (sector == NULL)
		return 0;
	if (db_int(h->db, e, &n, "SELECT count(*) FROM temp.sync_scope WHERE sector_id = ?",
	    "t", sector) < 0) {
		free(sector);
		return -1;
	}
	*ok = n > 0;
	free(sector);
	return 0;
}

static int
rival_find(struct hub *h, struct op_in *o, const char *col, struct rival *r, struct err *e)
{
	struct db_stmt *st;
	char path[80];
	int rc;

	memset(r, 0, sizeof *r);
	if (col != NULL)
		snprintf(path, sizeof path, "$.\"%s\"", col);
	st = db_stmt(h->db, e, "SELECT seq, coalesce(origin, ?1), hlc, user_id FROM op "
	    "WHERE tbl = ?2 AND row_id = ?3 AND seq > ?4 AND coalesce(origin, '') <> ?5 "
	    "AND fields <> '{}' AND (?6 IS NULL OR json_type(fields, ?6) IS NOT NULL) "
	    "ORDER BY seq DESC LIMIT 1");
	if (st == NULL || db_bind(st, e, "tttitt", h->hub_node, o->table, o->row, o->base,
	    h->node, col ? path : NULL) != 0)
		return -1;
	rc = db_step(st, e);
	if (rc == 1) {
		r->seq = db_col_int(st, 0);
		r->node = db_col_dup(st, 1);
		r->hlc = db_col_int(st, 2);
		r->user = db_col_dup(st, 3);
		rc = db_step(st, e) < 0 ? -1 : 1;
	}
	return rc;
}

static void
rival_free(struct rival *r)
{
	free(r->node);
	free(r->user);
}

/* Below the compacted log the hub no longer knows who changed what since
 * the node's base: a value that is not the one the node started from
 * stands for a change by someone, as recent as the newest compacted one
 * (sync/compact.h). 1 with *r filled when that applies. */
static int
rival_compacted(struct hub *h, struct op_in *o, struct rival *r)
{
	if (o->base >= h->compacted)
		return 0;
	memset(r, 0, sizeof *r);
	r->seq = h->compacted;
	r->hlc = h->compacted_hlc;
	r->node = xstrdup(h->hub_node);
	return 1;
}

static char *
value_text(const cJSON *v)
{
	struct buf b;

	if (v == NULL)
		return NULL;
	buf_init(&b);
	json_write(&b, v);
	return buf_steal(&b);
}

static void
hlc_stamp(int64_t hlc, char out[DT_STAMP_SIZE])
{
	int64_t ms = HLC_MS(hlc);

	dt_stamp(ms / 86400000, (int)(ms % 86400000 / 1000), out);
}

/* One ledger line; win_local says the node's value won. */
static int
ledger_add(struct hub *h, struct op_in *o, const char *col, const char *rule,
    const cJSON *base, const cJSON *win, const cJSON *lose, int node_won,
    const struct rival *r, struct err *e)
{
	char id[UID_SIZE], now[DT_STAMP_SIZE], nat[DT_STAMP_SIZE], rat[DT_STAMP_SIZE];
	char *bt = value_text(base), *wt = value_text(win), *lt = value_text(lose), *sector;
	const char *nuser = h->who->id, *ruser = r->user;
	int rc;

	uid_new(id);
	dt_now(now);
	hlc_stamp(o->hlc, nat);
	hlc_stamp(r->hlc, rat);
	if (row_sector(h->db, o->t, o->row, &sector, e) != 0)
		sector = NULL;
	rc = db_run(h->db, e, "INSERT INTO sync_conflict (id, at, session_id, tbl, row_id, col, "
	    "rule, base_value, win_value, lose_value, win_user, win_node, win_hlc, win_at, "
	    "lose_user, lose_node, lose_hlc, lose_at, lose_seq, skew_ms, sector) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "tttttttttttti" "ttti" "tiit",
	    id, now, h->session, o->table, o->row, col, rule, bt, wt, lt,
	    node_won ? nuser : ruser, node_won ? h->node : r->node, node_won ? o->hlc : r->hlc,
	    node_won ? nat : rat, node_won ? ruser : nuser, node_won ? r->node : h->node,
	    node_won ? r->hlc : o->hlc, node_won ? rat : nat, o->seq, h->n.skew_ms, sector);
	free(bt);
	free(wt);
	free(lt);
	free(sector);
	if (rc == 0)
		h->n.conflicts++;
	return rc;
}

/* Notes and logbook text: the node's addition goes after the hub's text;
 * nothing anyone typed is lost. The caller frees. */
static cJSON *
append_text(const cJSON *cur, const cJSON *old, const cJSON *new)
{
	const char *c = cJSON_IsString(cur) ? cur->valuestring : "";
	const char *o = cJSON_IsString(old) ? old->valuestring : "";
	const char *n = cJSON_IsString(new) ? new->valuestring : "";
	size_t ol = strlen(o);
	char *s;
	cJSON *v;

	if (strncmp(n, o, ol) == 0)
		n += ol;
	while (*n == '\n')
		n++;
	s = xasprintf("%s%s%s", c, *c && *n ? "\n" : "", n);
	v = cJSON_CreateString(s);
	free(s);
	return v;
}

static int
merge_field(struct hub *h, struct op_in *o, const struct sync_column *c, const cJSON *f,
    const cJSON *cur, cJSON *changes, struct outcome *out, int *nconf, struct err *e)
{
	const cJSON *curv = cJSON_GetObjectItemCaseSensitive(cur, c->name);
	const cJSON *newv = field_new(f), *oldv = field_old(f);
	struct rival r;
	int rc, wins;

	rc = rival_find(h, o, c->name, &r, e);
	if (rc == 0 && !row_values_equal(curv, oldv))
		rc = rival_compacted(h, o, &r);
	if (rc <= 0) {
		if (rc == 0)
			cJSON_AddItemToObject(changes, c->name, cJSON_Duplicate(newv, 1));
		return rc;
	}
	wins = o->hlc > r.hlc || (o->hlc == r.hlc && strcmp(h->node, r.node) > 0);
	switch (c->rule) {
	case RULE_LWW:
		if (wins)
			cJSON_AddItemToObject(changes, c->name, cJSON_Duplicate(newv, 1));
		else
			out->touch = 1;
		rc = ledger_add(h, o, c->name, "lww", oldv, wins ? newv : curv,
		    wins ? curv : newv, wins, &r, e);
		break;
	case RULE_HUB:
		out->touch = 1;
		rc = ledger_add(h, o, c->name, "hub", oldv, curv, newv, 0, &r, e);
		break;
	case RULE_APPEND: {
		cJSON *m = append_text(curv, oldv, newv);
		cJSON_AddItemToObject(changes, c->name, m);
		out->touch = 1;
		rc = ledger_add(h, o, c->name, "append", oldv, m, newv, 0, &r, e);
		break;
	}
	case RULE_PROV:
	default:
		if (wins)
			cJSON_AddItemToObject(changes, c->name, cJSON_Duplicate(newv, 1));
		rc = 0;
		(*nconf)--;
		break;
	}
	(*nconf)++;
	rival_free(&r);
	return rc;
}

/* Who and when: the session's user, never the payload's. */
static void
stamp_changes(struct hub *h, struct op_in *o, cJSON *changes)
{
	const cJSON *at = field_new(cJSON_GetObjectItemCaseSensitive(o->fields, "updated_at"));
	char now[DT_STAMP_SIZE];

	cJSON_DeleteItemFromObjectCaseSensitive(changes, "updated_at");
	cJSON_DeleteItemFromObjectCaseSensitive(changes, "updated_by");
	if (at != NULL && cJSON_IsString(at) && dt_stamp_valid(at->valuestring)) {
		cJSON_AddItemToObject(changes, "updated_at", cJSON_CreateString(at->valuestring));
	} else {
		dt_now(now);
		cJSON_AddItemToObject(changes, "updated_at", cJSON_CreateString(now));
	}
	cJSON_AddItemToObject(changes, "updated_by", cJSON_CreateString(h->who->id));
}

static int apply_resurrect(struct hub *h, struct op_in *o, struct outcome *out, struct err *e);

static int
apply_update(struct hub *h, struct op_in *o, struct outcome *out, struct err *e)
{
	cJSON *cur, *changes;
	const cJSON *f;
	const struct sync_column *c;
	struct rival any;
	int nconf = 0, same = 0, rc = 0, real = 0, prov = 0;

	if ((cur = row_read(h->db, o->t, o->row, e)) == NULL)
		return e->msg[0] ? -1 : apply_resurrect(h, o, out, e);
	changes = cJSON_CreateObject();
	cJSON_ArrayForEach(f, o->fields) {
		c = sync_column_find(o->t, f->string);
		if (row_values_equal(cJSON_GetObjectItemCaseSensitive(cur, c->name), field_new(f))) {
			same += c->rule != RULE_PROV;
			continue;
		}
		if (strcmp(c->name, "id") == 0) {
			refuse(out, "rule", "%s", "l'identifiant d'une ligne ne change pas");
			goto out;
		}
		if (c->rule != RULE_PROV)
			real++;
		else
			prov++;
		if ((rc = merge_field(h, o, c, f, cur, changes, out, &nconf, e)) != 0)
			goto out;
	}
	if (real > 0 && cJSON_GetArraySize(changes) > 0) {
		stamp_changes(h, o, changes);
		rc = row_update(h->db, o->t, o->row, changes, e);
	} else if (real == 0 && prov > 0) {
		/* Only the node's provenance differs (a row saved unchanged, or
		 * whose change the hub already had): the hub's stays, and the
		 * node must pull it back, since nothing else will send the row. */
		out->touch = 1;
	}
	if (rc == 0 && (rc = rival_find(h, o, NULL, &any, e)) >= 0) {
		if (rc == 1)
			rival_free(&any);
		out->r = nconf > 0 ? "conflict" : (same > 0 || rc == 1) ? "merged" : "applied";
		rc = 0;
	}
out:
	cJSON_Delete(changes);
	cJSON_Delete(cur);
	return rc;
}

/* An edit against a row deleted on the hub: the edit wins, the row comes
 * back from its tombstone, and the ledger says so. */
static int
apply_resurrect(struct hub *h, struct op_in *o, struct outcome *out, struct err *e)
{
	cJSON *tomb = NULL, *values = NULL;
	const cJSON *f;
	struct rival r = {0};
	char *fields;
	int rc = -1;

	fields = db_text(h->db, e, "SELECT fields FROM op WHERE tbl = ? AND row_id = ? AND "
	    "kind = 'delete' ORDER BY seq DESC LIMIT 1", "tt", o->table, o->row);
	if (fields == NULL) {
		if (e->msg[0])
			return -1;
		refuse(out, "rule", "ligne %s inconnue du hub", o->row);
		return 0;
	}
	if (json_parse(fields, strlen(fields), &tomb, e) != 0)
		goto out;
	values = cJSON_CreateObject();
	cJSON_ArrayForEach(f, tomb)
		cJSON_AddItemToObject(values, f->string, cJSON_Duplicate(field_old(f), 1));
	cJSON_ArrayForEach(f, o->fields)
		cJSON_ReplaceItemInObjectCaseSensitive(values, f->string,
		    cJSON_Duplicate(field_new(f), 1));
	stamp_changes(h, o, values);
	if (row_insert(h->db, o->t, values, e) != 0)
		goto out;
	r.node = h->hub_node;
	rc = ledger_add(h, o, NULL, "delete", NULL, o->fields, tomb, 1, &r, e);
	out->r = "conflict";
out:
	cJSON_Delete(values);
	cJSON_Delete(tomb);
	free(fields);
	return rc;
}

static int
apply_insert(struct hub *h, struct op_in *o, struct outcome *out, struct err *e)
{
	cJSON *values, *cur;
	const cJSON *f;
	int rc;

	if ((cur = row_read(h->db, o->t, o->row, e)) != NULL) {
		cJSON_Delete(cur);
		return apply_update(h, o, out, e);
	}
	if (e->msg[0])
		return -1;
	values = cJSON_CreateObject();
	cJSON_ArrayForEach(f, o->fields)
		cJSON_AddItemToObject(values, f->string, cJSON_Duplicate(field_new(f), 1));
	cJSON_ReplaceItemInObjectCaseSensitive(values, "id", cJSON_CreateString(o->row));
	if (cJSON_GetObjectItemCaseSensitive(values, "id") == NULL)
		cJSON_AddItemToObject(values, "id", cJSON_CreateString(o->row));
	stamp_changes(h, o, values);
	rc = row_insert(h->db, o->t, values, e);
	cJSON_Delete(values);
	out->r = "applied";
	return rc;
}

/* Does the row differ from the values the node deleted (provenance
 * aside)? */
static int
changed_since(struct op_in *o, const cJSON *cur)
{
	const struct sync_column *c;
	const cJSON *f;

	cJSON_ArrayForEach(f, o->fields) {
		c = sync_column_find(o->t, f->string);
		if (c->rule != RULE_PROV &&
		    !row_values_equal(cJSON_GetObjectItemCaseSensitive(cur, c->name), field_old(f)))
			return 1;
	}
	return 0;
}

/* A delete against a row changed on the hub since the node's base loses:
 * the edit wins, the row stays and goes back to the node. */
static int
apply_delete(struct hub *h, struct op_in *o, struct outcome *out, struct err *e)
{
	struct rival r;
	cJSON *cur;
	int rc;

	if ((cur = row_read(h->db, o->t, o->row, e)) == NULL) {
		out->r = "merged";
		return e->msg[0] ? -1 : 0;
	}
	rc = rival_find(h, o, NULL, &r, e);
	if (rc == 0 && changed_since(o, cur))
		rc = rival_compacted(h, o, &r);
	if (rc == 1) {
		out->touch = 1;
		out->r = "conflict";
		rc = ledger_add(h, o, NULL, "delete", NULL, cur, o->fields, 0, &r, e);
		rival_free(&r);
	} else if (rc == 0) {
		out->r = "applied";
		rc = row_delete(h->db, o->t, o->row, e);
	}
	cJSON_Delete(cur);
	return rc;
}

static int
apply_scoped(struct hub *h, struct op_in *o, struct outcome *out, struct err *e)
{
	int ok = 1, rc;

	/* Checked in op_check: an insert by its own user, kept on the hub. */
	if (is_audit(o))
		return apply_insert(h, o, out, e);
	if (strcmp(o->kind, "insert") != 0 && in_scope(h, o->t, o->row, &ok, e) != 0)
		return -1;
	if (!ok) {
		refuse(out, "scope", "ligne %s hors des secteurs de l'utilisateur", o->row);
		return 0;
	}
	if (strcmp(o->kind, "insert") == 0)
		rc = apply_insert(h, o, out, e);
	else if (strcmp(o->kind, "update") == 0)
		rc = apply_update(h, o, out, e);
	else
		rc = apply_delete(h, o, out, e);
	if (rc != 0 || strcmp(out->r, "refused") == 0 || strcmp(o->kind, "delete") == 0)
		return rc;
	if (in_scope(h, o->t, o->row, &ok, e) != 0)
		return -1;
	if (!ok)
		refuse(out, "scope", "la ligne %s sortirait des secteurs de l'utilisateur", o->row);
	return 0;
}

/* Marks the hub's log entries the operation made as the node's. */
static int
tag_log(struct hub *h, struct op_in *o, int64_t before, struct err *e)
{
	return db_run(h->db, e, "UPDATE op SET origin = ?, origin_seq = ?, hlc = ?, user_id = ? "
	    "WHERE seq > ?", "tiiti", h->node, o->seq, o->hlc, h->who->id, before);
}

/* Whether every field of a log entry (its fields' text) holds the value
 * the operation sent for it. */
static int
as_sent(struct op_in *o, const char *fields, struct err *e)
{
	cJSON *f = NULL;
	const cJSON *x;
	int same = 1;

	if (json_parse(fields, strlen(fields), &f, e) != 0)
		return -1;
	cJSON_ArrayForEach(x, f)
		same &= row_values_equal(field_new(x),
		    field_new(cJSON_GetObjectItemCaseSensitive(o->fields, x->string))) &&
		    field_new(x) != NULL;
	cJSON_Delete(f);
	return same;
}

/* Marks 'applied' the log entries of the operation's own row that set
 * every field they changed to the value the node sent: the node holds
 * them already, so the pull leaves them out (hub_pull.c). A merge, a
 * value the hub put in place of the node's (updated_by, a missing
 * updated_at), a touch or another row's change keep theirs. */
static int
mark_as_sent(struct hub *h, struct op_in *o, int64_t before, struct err *e)
{
	struct db_stmt *st;
	int64_t *seqs = NULL;
	size_t n = 0, i;
	int rc;

	st = db_stmt(h->db, e, "SELECT seq, fields FROM op WHERE seq > ? AND tbl = ? AND "
	    "row_id = ? AND fields <> '{}' AND kind = ?");
	if (st == NULL || db_bind(st, e, "itt" "t", before, o->table, o->row, o->kind) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		int same = as_sent(o, db_col_text(st, 1), e);
		if (same < 0) {
			db_reset(st);
			rc = -1;
			break;
		}
		if (same) {
			seqs = xreallocarray(seqs, n + 1, sizeof *seqs);
			seqs[n++] = db_col_int(st, 0);
		}
	}
	for (i = 0; i < n && rc == 0; i++)
		rc = db_run(h->db, e, "UPDATE op SET state = 'applied' WHERE seq = ?", "i", seqs[i]);
	free(seqs);
	return rc;
}

static int
record(struct hub *h, struct op_in *o, const struct outcome *out, struct err *e)
{
	char now[DT_STAMP_SIZE];
	int64_t head = 0;

	dt_now(now);
	if (db_int(h->db, e, &head, "SELECT seq FROM sync_state", "") < 0)
		return -1;
	return db_run(h->db, e, "INSERT INTO sync_received (node_id, seq, body_sha256, result, "
	    "code, message, tbl, row_id, session_id, hub_seq, at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "tittttttt" "it", h->node, o->seq,
	    o->sha, out->r, out->code, out->code ? out->msg : NULL, o->table, o->row, h->session,
	    head, now);
}

static cJSON *
result_entry(int64_t seq, const char *r, const char *code, const char *msg)
{
	cJSON *x = cJSON_CreateObject();

	proto_add_int(x, "seq", seq);
	proto_add_str(x, "r", r);
	if (code != NULL) {
		proto_add_str(x, "code", code);
		proto_add_str(x, "message", msg);
	}
	return x;
}

/* A replay: the stored result; the same id with another body: tampering. */
static int
replayed(struct hub *h, struct op_in *o, cJSON **res, struct err *e)
{
	struct db_stmt *st;
	int rc;

	st = db_stmt(h->db, e, "SELECT body_sha256, result, code, message FROM sync_received "
	    "WHERE node_id = ? AND seq = ?");
	if (st == NULL || db_bind(st, e, "ti", h->node, o->seq) != 0)
		return -1;
	if ((rc = db_step(st, e)) != 1)
		return rc;
	if (strcmp(db_col_text(st, 0), o->sha) != 0)
		*res = result_entry(o->seq, "refused", "tampered",
		    "opération déjà reçue avec un autre contenu");
	else
		*res = result_entry(o->seq, db_col_text(st, 1), db_col_text(st, 2),
		    db_col_text(st, 3) ? db_col_text(st, 3) : "refusée lors d'une session précédente");
	db_step(st, e);
	return 1;
}

static void
count(struct hub *h, const char *r)
{
	if (strcmp(r, "applied") == 0)
		h->n.applied++;
	else if (strcmp(r, "merged") == 0)
		h->n.merged++;
	else if (strcmp(r, "refused") == 0)
		h->n.refused++;
}

#define DEPENDS "dépend d'une modification refusée : "

/* The refusal of a row this node sent: its message, or NULL. */
static char *
refused_earlier(struct hub *h, const char *table, const char *row)
{
	return db_text(h->db, NULL, "SELECT coalesce(message, code) FROM sync_received "
	    "WHERE node_id = ? AND tbl = ? AND row_id = ? AND result = 'refused' "
	    "ORDER BY seq LIMIT 1", "ttt", h->node, table, row);
}

/* 1 if the row the column points to is missing (out->msg then says
 * which, and why when this node's own new row was refused). */
static int
parent_missing(struct hub *h, struct op_in *o, const char *col, const char *parent,
    const char *key, struct outcome *out)
{
	const cJSON *v = field_new(cJSON_GetObjectItemCaseSensitive(o->fields, col));
	char *sql, *why;
	int64_t n = 1;

	if (!cJSON_IsString(v))
		return 0;
	sql = xasprintf("SELECT count(*) FROM \"%s\" WHERE \"%s\" = ?", parent, key);
	db_int(h->db, NULL, &n, sql, "t", v->valuestring);
	free(sql);
	if (n > 0)
		return 0;
	if ((why = refused_earlier(h, parent, v->valuestring)) != NULL) {
		/* The first refusal's reason, however long the chain. */
		out->code = "depends";
		snprintf(out->msg, sizeof out->msg, DEPENDS "%s",
		    strncmp(why, DEPENDS, strlen(DEPENDS)) == 0 ? why + strlen(DEPENDS) : why);
		free(why);
	} else {
		out->code = "rule";
		snprintf(out->msg, sizeof out->msg, "la ligne de %s que désigne %s (%.36s) "
		    "n'existe pas au hub : supprimée entre-temps, ou jamais reçue", parent, col,
		    v->valuestring);
	}
	return 1;
}

/* A foreign key that failed on a write: the row pointed to that is
 * missing, by name; 0 if none is (the row is still pointed to). */
static int
missing_parent(struct hub *h, struct op_in *o, struct outcome *out)
{
	struct db_stmt *st;
	int found = 0;

	if (strcmp(o->kind, "delete") == 0)
		return 0;
	st = db_stmt(h->db, NULL, "SELECT \"from\", \"table\", coalesce(\"to\", 'id') "
	    "FROM pragma_foreign_key_list(?)");
	if (st == NULL || db_bind(st, NULL, "t", o->table) != 0)
		return 0;
	while (!found && db_step(st, NULL) == 1)
		found = parent_missing(h, o, db_col_text(st, 0), db_col_text(st, 1),
		    db_col_text(st, 2), out);
	if (found)
		db_reset(st);
	return found;
}

/* A write the database refused (a CHECK, a foreign key, a signed
 * inspection) refuses the operation; anything else ends the session. A
 * missing parent is named: "FOREIGN KEY constraint failed" would not
 * tell the node which. */
static int
write_failed(struct hub *h, struct op_in *o, struct outcome *out, struct err *e)
{
	if (!db_last_was_constraint(h->db))
		return -1;
	if (strstr(e->msg, "FOREIGN KEY") == NULL || !missing_parent(h, o, out))
		refuse(out, strstr(e->msg, "signé") ? "immutable" : "rule", "%s", e->msg);
	out->r = "refused";
	err_clear(e);
	return 0;
}

static int
touch_if_present(struct hub *h, struct op_in *o, struct err *e)
{
	cJSON *cur = row_read(h->db, o->t, o->row, e);

	if (cur == NULL)
		return e->msg[0] ? -1 : 0;
	cJSON_Delete(cur);
	return hub_touch(h, o->table, o->row, e);
}

/* A late change to an anonymised tenant (a laptop that had not synced
 * since the retention): its values leave the ledger and the log at once,
 * and the row goes back to the anonymised values if the change won. */
static int
scrub_after(struct hub *h, struct op_in *o, struct err *e)
{
	int64_t anon = 0;

	if (strcmp(o->table, "tenant") != 0)
		return 0;
	if (db_int(h->db, e, &anon, "SELECT anonymised FROM tenant WHERE id = ?", "t",
	    o->row) < 0)
		return -1;
	return anon == 1 ? scrub_tenant(h->db, o->row, e) : 0;
}

cJSON *
hub_apply(struct hub *h, const cJSON *op, struct err *e)
{
	struct outcome out = {"applied", NULL, "", 0};
	struct op_in o;
	cJSON *res = NULL;
	int64_t before = 0, conflicts = h->n.conflicts;
	int rc;

	if (op_decode(op, &o, e) != 0)
		return NULL;
	h->n.received++;
	if ((rc = replayed(h, &o, &res, e)) != 0)
		return rc < 0 ? NULL : res;
	if (db_begin(h->db, e) != 0 ||
	    db_int(h->db, e, &before, "SELECT seq FROM sync_state", "") < 0)
		return NULL;
	if (op_check(h, &o, &out) == 0 && apply_scoped(h, &o, &out, e) != 0 &&
	    write_failed(h, &o, &out, e) != 0)
		goto fail;
	if (strcmp(out.r, "refused") == 0) {
		db_rollback(h->db);
		h->n.conflicts = conflicts;
		if (db_begin(h->db, e) != 0)
			return NULL;
		out.touch = 1;
	}
	if (out.touch && o.t != NULL && touch_if_present(h, &o, e) != 0)
		goto fail;
	if (tag_log(h, &o, before, e) != 0 || (!out.touch && strcmp(out.r, "refused") != 0 &&
	    mark_as_sent(h, &o, before, e) != 0) || record(h, &o, &out, e) != 0 ||
	    scrub_after(h, &o, e) != 0 || db_commit(h->db, e) != 0)
		goto fail;
	count(h, out.r);
	return result_entry(o.seq, out.r, out.code, out.msg);
fail:
	db_rollback(h->db);
	return NULL;
}
