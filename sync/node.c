/* The node's side of a sync session (see node.h, man/loge-sync.5). */
#include "node.h"

#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "capture.h"
#include "compact.h"
#include "core/datetime.h"
#include "core/db.h"
#include "core/numbering.h"
#include "core/schema.h"
#include "core/xalloc.h"
#include "json.h"
#include "link.h"
#include "proto.h"
#include "synclog.h"

struct node {
	struct db *db;
	struct link *l;
	const struct node_opts *o;
	struct sync_counts n;
	int64_t head;
	cJSON *scope;    /* from the welcome */
	int exporting;   /* writing a bundle: no answers to wait for */
	int resync;      /* the hub's log no longer reaches the cursor */
	struct attach_store store;
};

static cJSON *meta_json(struct db *db, const char *key);

static void
progress(struct node *s, const char *phase, int64_t done, int64_t total)
{
	if (s->o->progress != NULL)
		s->o->progress(s->o->arg, phase, done, total);
}

static int
state_int(struct db *db, const char *col, int64_t *v, struct err *e)
{
	char *sql = xasprintf("SELECT %s FROM sync_state", col);
	int rc = db_int(db, e, v, sql, "");

	free(sql);
	return rc == 1 ? 0 : -1;
}

static int
hello(struct node *s, struct err *e)
{
	char *node = db_meta_get(s->db, "node_id"), *token = db_meta_get(s->db, "sync_token");
	int64_t seq = 0, cursor = 0;
	cJSON *f;

	if (state_int(s->db, "seq", &seq, e) != 0 || state_int(s->db, "cursor", &cursor, e) != 0) {
		free(node);
		free(token);
		return -1;
	}
	f = proto_frame("hello");
	proto_add_int(f, "v", PROTO_VERSION);
	proto_add_str(f, "node", node);
	proto_add_int(f, "schema", schema_latest());
	proto_add_int(f, "seq", seq);
	proto_add_int(f, "cursor", cursor);
	proto_add_int(f, "clock", capture_clock(s->db));
	if (token != NULL)
		proto_add_str(f, "token", token);
	if (s->exporting) {
		cJSON *scope = meta_json(s->db, "sync_scope");
		proto_add_int(f, "bundle", 1);
		if (scope != NULL)
			cJSON_AddItemToObject(f, "scope", scope);
	}
	free(node);
	free(token);
	return proto_send(s->l, f, e);
}

/* The numbering tag the hub gave this laptop (core/numbering.h), kept
 * with the token: a laptop has it from its first session, before it
 * numbers anything offline. */
static int
tag_keep(struct db *db, const cJSON *f, struct err *e)
{
	const char *tag = json_str(f, "tag");
	char *have;
	int rc = 0;

	if (tag == NULL)
		return 0;
	if (!numbering_tag_ok(tag))
		return err_set(e, "le hub donne une étiquette de poste invalide « %.10s »", tag);
	have = db_meta_get(db, "sync_tag");
	if (have == NULL || strcmp(have, tag) != 0)
		rc = db_meta_set(db, e, "sync_tag", tag);
	free(have);
	return rc;
}

/* The welcome: the hub's clock, a new session token, the user and the
 * numbering tag, kept at once (a token lost to a cut would look like a
 * cloned laptop). */
static int
welcome_apply(struct node *s, const cJSON *f, struct err *e)
{
	const char *w;
	int64_t clock = 0;
	char *owner;
	int rc;

	json_get_int(f, "clock", &clock);
	json_get_int(f, "head", &s->head);
	s->resync = cJSON_GetObjectItemCaseSensitive(f, "resync") != NULL;
	if ((w = json_str(f, "warning")) != NULL && s->o->warn != NULL)
		s->o->warn(s->o->arg, w);
	s->scope = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(f, "scope"), 1);
	owner = db_meta_get(s->db, "node_user");
	rc = db_begin(s->db, e) != 0 || capture_merge_clock(s->db, clock, e) != 0 ||
	    db_meta_set(s->db, e, "sync_token", json_str(f, "token")) != 0 ||
	    tag_keep(s->db, f, e) != 0 ||
	    (owner == NULL && db_meta_set(s->db, e, "node_user", json_str(f, "user")) != 0) ||
	    db_run(s->db, e, "UPDATE sync_state SET hub = 0", "") != 0 || db_commit(s->db, e) != 0;
	if (rc)
		db_rollback(s->db);
	free(owner);
	return rc ? -1 : 0;
}

static int
welcome(struct node *s, struct err *e)
{
	cJSON *f;
	int rc;

	if ((rc = proto_recv(s->l, "welcome", &f, e)) <= 0)
		return rc == 0 ? err_set(e, "le hub a fermé la connexion sans répondre") : -1;
	rc = welcome_apply(s, f, e);
	cJSON_Delete(f);
	return rc;
}

/* The next batch of local operations, as a push frame; NULL when none. */
static cJSON *
next_batch(struct node *s, int64_t after, int64_t *last, struct err *e)
{
	struct db_stmt *st;
	cJSON *ops = NULL, *op, *fields, *f;
	const char *text;
	size_t bytes = 0;
	int rc;

	st = db_stmt(s->db, e, "SELECT seq, tbl, row_id, kind, base, hlc, schema, fields FROM op "
	    "WHERE state IN ('pending','sent') AND seq > ? ORDER BY seq LIMIT ?");
	if (st == NULL || db_bind(st, e, "id", after, PROTO_BATCH_OPS) != 0)
		return NULL;
	while ((rc = db_step(st, e)) == 1) {
		text = db_col_text(st, 7);
		if (bytes + strlen(text) + 300 > PROTO_BATCH_BYTES && ops != NULL)
			break;
		if (json_parse(text, strlen(text), &fields, e) != 0)
			break;
		op = cJSON_CreateObject();
		proto_add_int(op, "seq", *last = db_col_int(st, 0));
		proto_add_str(op, "table", db_col_text(st, 1));
		proto_add_str(op, "row", db_col_text(st, 2));
		proto_add_str(op, "kind", db_col_text(st, 3));
		proto_add_int(op, "base", db_col_int(st, 4));
		proto_add_int(op, "hlc", db_col_int(st, 5));
		proto_add_int(op, "schema", db_col_int(st, 6));
		cJSON_AddItemToObject(op, "fields", fields);
		if (ops == NULL)
			ops = cJSON_CreateArray();
		cJSON_AddItemToArray(ops, op);
		bytes += strlen(text) + 300;
	}
	if (rc == 1)
		db_step(st, NULL), rc = e->msg[0] ? -1 : 0;
	if (rc < 0) {
		cJSON_Delete(ops);
		return NULL;
	}
	err_clear(e);
	if (ops == NULL)
		return NULL;
	f = proto_frame("push");
	cJSON_AddItemToObject(f, "ops", ops);
	return f;
}

static int
push_all(struct node *s, struct err *e)
{
	int64_t total = capture_pending(s->db), last = 0, batch = 0;
	cJSON *f, *r;
	int rc;

	err_clear(e);
	while ((f = next_batch(s, last, &last, e)) != NULL) {
		proto_add_int(f, "batch", ++batch);
		s->n.sent += cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(f, "ops"));
		if (proto_send(s->l, f, e) != 0)
			return -1;
		if (s->exporting)
			continue;
		if ((rc = proto_recv(s->l, "results", &r, e)) <= 0)
			return rc == 0 ? err_set(e, "connexion coupée avant les résultats") : -1;
		rc = db_begin(s->db, e) != 0 || node_apply_results(s->db,
		    cJSON_GetObjectItemCaseSensitive(r, "results"), &s->n, e) != 0 ||
		    db_commit(s->db, e) != 0;
		if (rc)
			db_rollback(s->db);
		cJSON_Delete(r);
		if (rc)
			return -1;
		progress(s, "envoi", s->n.sent, total);
	}
	return e->msg[0] ? -1 : 0;
}

/* Foreign keys are off while the hub's rows go in: a batch may hold a
 * child before its parent, and the hub has checked them. */
static int
apply_changes(struct node *s, const cJSON *f, const char *meta_key, const char *meta_value,
    int64_t cursor, struct err *e)
{
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(f, "rows");
	char sum[65];
	int rc;

	proto_digest(rows, sum);
	if (strcmp(sum, json_str(f, "sum")) != 0)
		return err_set(e, "lot de changements corrompu (somme de contrôle) : rien n'a été "
		    "appliqué, relancez la synchronisation");
	if (db_script(s->db, e, "PRAGMA foreign_keys = OFF") != 0)
		return -1;
	rc = db_begin(s->db, e) != 0 || node_apply_rows(s->db, rows, e) != 0 ||
	    (cursor >= 0 && db_run(s->db, e, "UPDATE sync_state SET cursor = ?", "i", cursor) != 0) ||
	    (meta_key != NULL && db_meta_set(s->db, e, meta_key, meta_value) != 0) ||
	    db_commit(s->db, e) != 0;
	if (rc)
		db_rollback(s->db);
	db_script(s->db, NULL, "PRAGMA foreign_keys = ON");
	s->n.pulled += cJSON_GetArraySize(rows);
	return rc ? -1 : 0;
}

/* Sectors in a but not in b, as a new array. */
static cJSON *
minus(const cJSON *a, const cJSON *b)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *x, *y;

	cJSON_ArrayForEach(x, a) {
		int found = 0;
		cJSON_ArrayForEach(y, b)
			found |= cJSON_IsString(x) && cJSON_IsString(y) &&
			    strcmp(x->valuestring, y->valuestring) == 0;
		if (!found && cJSON_IsString(x))
			cJSON_AddItemToArray(out, cJSON_CreateString(x->valuestring));
	}
	return out;
}

static char *
text_of(const cJSON *v)
{
	struct buf b;

	buf_init(&b);
	json_write(&b, v);
	return buf_steal(&b);
}

/* A JSON value kept in meta (the frame parser takes objects only, so it
 * reads it wrapped in one). The caller frees. */
static cJSON *
meta_json(struct db *db, const char *key)
{
	char *v = db_meta_get(db, key), *w;
	cJSON *j = NULL, *x = NULL;
	struct err e;

	if (v == NULL)
		return NULL;
	w = xasprintf("{\"v\":%s}", v);
	if (json_parse(w, strlen(w), &j, &e) == 0)
		x = cJSON_DetachItemFromObjectCaseSensitive(j, "v");
	cJSON_Delete(j);
	free(w);
	free(v);
	return x;
}

/* Sectors that left the scope: their pending operations went first (the
 * push), now their rows go. */
static int
purge(struct node *s, const cJSON *old, struct err *e)
{
	cJSON *gone = minus(old, s->scope);
	int rc = 0;

	if (cJSON_GetArraySize(gone) > 0) {
		rc = db_script(s->db, e, "PRAGMA foreign_keys = OFF") != 0 ||
		    db_begin(s->db, e) != 0 || node_purge(s->db, gone, e) != 0 ||
		    db_commit(s->db, e) != 0;
		if (rc)
			db_rollback(s->db);
		db_script(s->db, NULL, "PRAGMA foreign_keys = ON");
	}
	cJSON_Delete(gone);
	return rc ? -1 : 0;
}

/* The hub compacted its log past this node's cursor (the node was away
 * for more than 90 days): once its own operations went up, the node
 * drops its sectors and starts over as a new node, in one transaction,
 * so that a cut snapshot resumes as a new node's would. */
static int
resync(struct node *s, cJSON **old, struct err *e)
{
	cJSON *all = cJSON_Duplicate(*old, 1), *more = minus(s->scope, *old), *x;
	int rc;

	while ((x = cJSON_DetachItemFromArray(more, 0)) != NULL)
		cJSON_AddItemToArray(all, x);
	rc = db_script(s->db, e, "PRAGMA foreign_keys = OFF") != 0 ||
	    db_begin(s->db, e) != 0 || node_purge(s->db, all, e) != 0 ||
	    db_run(s->db, e, "DELETE FROM meta WHERE key IN ('sync_scope', 'sync_snapshot')",
	    "") != 0 || db_run(s->db, e, "UPDATE sync_state SET cursor = 0", "") != 0 ||
	    db_commit(s->db, e) != 0;
	if (rc)
		db_rollback(s->db);
	db_script(s->db, NULL, "PRAGMA foreign_keys = ON");
	cJSON_Delete(all);
	cJSON_Delete(more);
	if (rc == 0 && s->o->warn != NULL)
		s->o->warn(s->o->arg, "ce poste n'a pas été synchronisé depuis plus de 90 jours : "
		    "ses secteurs sont reçus à nouveau en entier");
	cJSON_Delete(*old);
	*old = NULL;
	return rc ? -1 : 0;
}

/* Sectors that joined the scope arrive whole, batch by batch; the place
 * reached is kept in meta so that a cut resumes there. */
static int
snapshot(struct node *s, const cJSON *added, int fresh, struct err *e)
{
	cJSON *state = meta_json(s->db, "sync_snapshot"), *f, *next;
	const char *table = NULL, *after = NULL;
	int64_t head = s->head, cursor = -1;
	char *text;
	int rc = 0;

	if (state == NULL) {
		state = cJSON_CreateObject();
		cJSON_AddItemToObject(state, "sectors", cJSON_Duplicate(added, 1));
		proto_add_int(state, "head", s->head);
	}
	json_get_int(state, "head", &head);
	for (;;) {
		f = proto_frame("snapshot");
		cJSON_AddItemToObject(f, "sectors",
		    cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(state, "sectors"), 1));
		if ((table = json_str(state, "table")) != NULL) {
			proto_add_str(f, "table", table);
			proto_add_str(f, "after", json_str(state, "after"));
		}
		if (proto_send(s->l, f, e) != 0 || (rc = proto_recv(s->l, "changes", &f, e)) <= 0) {
			rc = -1;
			break;
		}
		table = json_str(f, "table");
		after = json_str(f, "after");
		next = cJSON_Duplicate(state, 1);
		cJSON_DeleteItemFromObjectCaseSensitive(next, "table");
		cJSON_DeleteItemFromObjectCaseSensitive(next, "after");
		if (table != NULL) {
			proto_add_str(next, "table", table);
			proto_add_str(next, "after", after);
		}
		text = table ? text_of(next) : NULL;
		/* The last batch: the snapshot state goes, the scope is kept,
		 * and a new node starts its cursor where the snapshot began. */
		if (table == NULL)
			cursor = fresh ? head : -1;
		rc = apply_changes(s, f, "sync_snapshot", text, cursor, e);
		if (rc == 0 && table == NULL)
			rc = db_run(s->db, e, "DELETE FROM meta WHERE key = 'sync_snapshot'", "");
		progress(s, "instantané", s->n.pulled, 0);
		free(text);
		cJSON_Delete(f);
		cJSON_Delete(state);
		state = next;
		if (rc != 0 || table == NULL)
			break;
	}
	cJSON_Delete(state);
	return rc;
}

static int
pull_all(struct node *s, struct err *e)
{
	int64_t cursor = 0, to = 0, head = 0, start;
	cJSON *f;
	int rc;

	if (state_int(s->db, "cursor", &cursor, e) != 0)
		return -1;
	start = cursor;
	do {
		f = proto_frame("pull");
		proto_add_int(f, "cursor", cursor);
		if (proto_send(s->l, f, e) != 0 || (rc = proto_recv(s->l, "changes", &f, e)) <= 0)
			return rc == 0 ? err_set(e, "connexion coupée pendant la réception") : -1;
		json_get_int(f, "to", &to);
		json_get_int(f, "head", &head);
		if (to < cursor || to > head) {
			cJSON_Delete(f);
			return err_set(e, "lot de changements incohérent (du %lld au %lld)",
			    (long long)cursor, (long long)to);
		}
		rc = apply_changes(s, f, NULL, NULL, to, e);
		cJSON_Delete(f);
		if (rc != 0)
			return -1;
		cursor = to;
		progress(s, "réception", cursor - start, head - start);
	} while (cursor < head);
	return 0;
}

static int
scope_step(struct node *s, struct err *e)
{
	cJSON *old = meta_json(s->db, "sync_scope"), *added;
	char *pending = NULL;
	int fresh, rc;
	char *text;

	if (s->resync && old != NULL && resync(s, &old, e) != 0)
		return -1;
	pending = db_meta_get(s->db, "sync_snapshot");
	fresh = old == NULL;
	added = old == NULL ? cJSON_Duplicate(s->scope, 1) : minus(s->scope, old);
	rc = purge(s, old ? old : s->scope, e);
	if (rc == 0 && (fresh || pending != NULL || cJSON_GetArraySize(added) > 0))
		rc = snapshot(s, added, fresh, e);
	if (rc == 0) {
		text = text_of(s->scope);
		rc = db_meta_set(s->db, e, "sync_scope", text);
		free(text);
	}
	cJSON_Delete(added);
	cJSON_Delete(old);
	free(pending);
	return rc;
}

static int
run(struct node *s, struct err *e)
{
	cJSON *f;
	int rc;

	if (hello(s, e) != 0 || welcome(s, e) != 0 || push_all(s, e) != 0 ||
	    scope_step(s, e) != 0 || pull_all(s, e) != 0 ||
	    blob_node_push(s->db, s->l, &s->store, &s->n, e) != 0 ||
	    blob_node_fetch(s->db, s->l, &s->store, &s->n, e) != 0)
		return -1;
	if (proto_send(s->l, proto_frame("end"), e) != 0)
		return -1;
	if ((rc = proto_recv(s->l, "end", &f, e)) <= 0)
		return rc == 0 ? err_set(e, "connexion coupée à la fin de la session") : -1;
	cJSON_Delete(f);
	return 0;
}

/* A bundle for the hub: hello, every operation without an answer, the
 * cursor; the reply bundle brings the rest. */
static int
export_bundle(struct node *s, struct err *e)
{
	int64_t cursor = 0;
	cJSON *f;

	s->exporting = 1;
	if (hello(s, e) != 0 || push_all(s, e) != 0 || state_int(s->db, "cursor", &cursor, e) != 0)
		return -1;
	f = proto_frame("pull");
	proto_add_int(f, "cursor", cursor);
	if (proto_send(s->l, f, e) != 0 || blob_node_export(s->db, s->l, &s->store, &s->n, e) != 0)
		return -1;
	return proto_send(s->l, proto_frame("end"), e);
}

static int
import_results(struct node *s, const cJSON *f, struct err *e)
{
	int rc = db_begin(s->db, e) != 0 || node_apply_results(s->db,
	    cJSON_GetObjectItemCaseSensitive(f, "results"), &s->n, e) != 0 ||
	    db_commit(s->db, e) != 0;

	if (rc)
		db_rollback(s->db);
	return rc ? -1 : 0;
}

/* A snapshot batch of a reply bundle; the last one keeps the scope and,
 * for a node that never synced, starts the cursor where it began. */
static int
import_snapshot(struct node *s, const cJSON *f, int fresh, struct err *e)
{
	int64_t to = 0, head = 0;
	int last = json_str(f, "table") == NULL, rc;
	char *scope = last ? text_of(s->scope) : NULL;

	json_get_int(f, "to", &to);
	json_get_int(f, "head", &head);
	if (to > head) {
		free(scope);
		return err_set(e, "instantané incohérent (jusqu'au %lld, le hub en est au %lld)",
		    (long long)to, (long long)head);
	}
	rc = apply_changes(s, f, last ? "sync_scope" : NULL, scope, last && fresh ? to : -1, e);
	free(scope);
	return rc;
}

/* An incremental batch: one already applied is skipped (importing twice
 * changes nothing), one beyond the cursor is a bundle missed. */
static int
import_changes(struct node *s, const cJSON *f, struct err *e)
{
	int64_t from = 0, to = 0, head = 0, cursor = 0;

	json_get_int(f, "from", &from);
	json_get_int(f, "to", &to);
	json_get_int(f, "head", &head);
	if (to < from || to > head)
		return err_set(e, "lot de changements incohérent (du %lld au %lld)",
		    (long long)from, (long long)to);
	if (state_int(s->db, "cursor", &cursor, e) != 0)
		return -1;
	if (to <= cursor)
		return 0;
	if (from > cursor)
		return err_set(e, "cette réponse du hub suppose des changements que ce poste n'a "
		    "pas reçus (%lld à %lld) : importez d'abord la réponse précédente, ou "
		    "synchronisez par le réseau", (long long)cursor, (long long)from);
	return apply_changes(s, f, NULL, NULL, to, e);
}

/* Each reply is imported once: its token says which it is. An old reply
 * imported again would bring back old values and an old token. */
static int
import_once(struct node *s, int *done, char **key, struct err *e)
{
	cJSON *f;
	char *seen;
	int rc;

	*done = 0;
	if ((rc = proto_recv(s->l, "welcome", &f, e)) <= 0)
		return rc == 0 ? err_set(e, "fichier d'échange vide") : -1;
	*key = xasprintf("bundle %s", json_str(f, "token"));
	seen = db_meta_get(s->db, *key);
	*done = seen != NULL;
	rc = *done ? 0 : welcome_apply(s, f, e);
	free(seen);
	cJSON_Delete(f);
	return rc;
}

static int
import_bundle(struct node *s, struct err *e)
{
	cJSON *old, *f;
	char *key = NULL;
	int fresh, rc, done = 0;

	if (import_once(s, &done, &key, e) != 0 || done) {
		if (done && s->o->warn != NULL)
			s->o->warn(s->o->arg, "cette réponse du hub a déjà été importée : rien à faire");
		free(key);
		return done ? 0 : -1;
	}
	old = meta_json(s->db, "sync_scope");
	rc = s->resync && old != NULL ? resync(s, &old, e) : 0;
	fresh = old == NULL;
	if (rc == 0)
		rc = purge(s, old ? old : s->scope, e);
	cJSON_Delete(old);
	while (rc == 0) {
		if ((rc = proto_recv(s->l, "results,changes,need,blob,have,end", &f, e)) <= 0) {
			free(key);
			return rc == 0 ? err_set(e, "réponse du hub incomplète (fichier tronqué ?) : "
			    "ce qui précède est appliqué, rien n'est perdu") : -1;
		}
		if (strcmp(proto_type(f), "end") == 0) {
			/* Whole: marked as imported. */
			cJSON_Delete(f);
			rc = db_meta_set(s->db, e, key, "importé");
			free(key);
			return rc;
		}
		if (strcmp(proto_type(f), "results") == 0)
			rc = import_results(s, f, e);
		else if (strcmp(proto_type(f), "changes") != 0)
			rc = blob_node_import(s->db, &s->store, f, &s->n, e);
		else if (cJSON_GetObjectItemCaseSensitive(f, "snapshot") != NULL)
			rc = import_snapshot(s, f, fresh, e);
		else
			rc = import_changes(s, f, e);
		cJSON_Delete(f);
		progress(s, "réception", s->n.pulled, 0);
	}
	free(key);
	return rc;
}

enum node_mode { MODE_LIVE, MODE_EXPORT, MODE_IMPORT };

static int
node_session(struct db *db, struct link *l, const struct node_opts *o, enum node_mode mode,
    struct sync_counts *n, struct err *e)
{
	struct compact_stats cs;
	struct err ce;
	struct node s;
	char session[UID_SIZE], *node = db_meta_get(db, "node_id"), *user;
	int rc;

	memset(&s, 0, sizeof s);
	s.db = db;
	s.l = l;
	s.o = o;
	attach_open(&s.store, db_path(db));
	/* A database that syncs as a node is a laptop from now on, even if
	 * this first session ends before the welcome: what is written on it
	 * must be pushed, not kept as the hub's. */
	if (db_begin(db, e) != 0 || db_run(db, e, "UPDATE sync_state SET hub = 0 WHERE hub = 1",
	    "") != 0 || db_commit(db, e) != 0) {
		db_rollback(db);
		attach_close(&s.store);
		free(node);
		return -1;
	}
	/* The laptop's user, once a first welcome has named them. */
	user = db_text(db, NULL, "SELECT u.id FROM user_account u JOIN meta m ON m.value = "
	    "u.login WHERE m.key = 'node_user'", "");
	rc = synclog_start(db, "node", o->peer, node, user, session, e);
	free(user);
	if (rc != 0) {
		attach_close(&s.store);
		free(node);
		return -1;
	}
	rc = mode == MODE_LIVE ? run(&s, e) : mode == MODE_EXPORT ? export_bundle(&s, e) :
	    import_bundle(&s, e);
	synclog_finish(db, session, NULL, NULL, &s.n, l->bytes_in, l->bytes_out,
	    rc == 0 ? "ok" : l->eof ? "cut" : "error", rc == 0 ? NULL : e->msg);
	/* Best effort, as on the hub. */
	if (rc == 0)
		compact_node(db, (int64_t)dt_now_ms(), &cs, &ce);
	if (n != NULL)
		*n = s.n;
	cJSON_Delete(s.scope);
	attach_close(&s.store);
	free(node);
	return rc;
}

int
node_sync(struct db *db, struct link *l, const struct node_opts *o, struct sync_counts *n,
    struct err *e)
{
	return node_session(db, l, o, MODE_LIVE, n, e);
}

int
node_export_bundle(struct db *db, struct link *l, const struct node_opts *o,
    struct sync_counts *n, struct err *e)
{
	return node_session(db, l, o, MODE_EXPORT, n, e);
}

int
node_import_bundle(struct db *db, struct link *l, const struct node_opts *o,
    struct sync_counts *n, struct err *e)
{
	return node_session(db, l, o, MODE_IMPORT, n, e);
}
