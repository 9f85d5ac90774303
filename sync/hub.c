/* The hub's side of a sync session (see hub.h and man/loge-sync.5). */
#include "hub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "compact.h"
#include "core/datetime.h"
#include "core/db.h"
#include "core/numbering.h"
#include "core/schema.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "hub_internal.h"
#include "json.h"
#include "link.h"
#include "proto.h"
#include "synclog.h"

/* What the hub knows of a node from earlier sessions. */
struct known {
	int found;
	char *user, *token, *prev;
	int64_t last_seq, token_seq;
};

static int
known_load(struct hub *h, struct known *k, struct err *e)
{
	struct db_stmt *st;
	int rc;

	memset(k, 0, sizeof *k);
	st = db_stmt(h->db, e, "SELECT user_id, token, prev_token, last_seq, token_seq "
	    "FROM sync_node WHERE node_id = ?");
	if (st == NULL || db_bind(st, e, "t", h->node) != 0)
		return -1;
	if ((rc = db_step(st, e)) == 1) {
		k->found = 1;
		k->user = db_col_dup(st, 0);
		k->token = db_col_dup(st, 1);
		k->prev = db_col_dup(st, 2);
		k->last_seq = db_col_int(st, 3);
		k->token_seq = db_col_int(st, 4);
		rc = db_step(st, e);
	}
	return rc < 0 ? -1 : 0;
}

static void
known_free(struct known *k)
{
	free(k->user);
	free(k->token);
	free(k->prev);
}

static int
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* A node restored from an old backup announces a sequence number the hub
 * has passed; a cloned laptop shows a session token the hub never gave to
 * the copy. Both are refused before anything is applied. */
static int
node_check(struct hub *h, const cJSON *hello, struct known *k, const char **code,
    struct err *e)
{
	const char *token = json_str(hello, "token");
	int64_t seq = 0;

	json_get_int(hello, "seq", &seq);
	*code = "node";
	if (!k->found)
		return 0;
	if (!same(k->user, h->who->id))
		return err_set(e, "ce poste est enregistré au hub pour un autre utilisateur : "
		    "chaque utilisateur synchronise sa propre base (loge sync --db FICHIER_NEUF ...)");
	if (seq < k->last_seq)
		return err_set(e, "ce poste a été restauré depuis une ancienne sauvegarde : il "
		    "annonce l'opération %lld alors que le hub a déjà reçu la %lld. Ses "
		    "modifications plus récentes sont au hub ; repartez d'une base neuve "
		    "(loge sync --db FICHIER_NEUF ...) et gardez l'ancienne pour mémoire",
		    (long long)seq, (long long)k->last_seq);
	/* A bundle may be made before the reply to the previous one came
	 * back: the previous token then stays good, and a clone still shows
	 * as operations that replay another body (tampered). */
	if (k->token != NULL && !same(token, k->token) &&
	    !(same(token, k->prev) && (k->last_seq == k->token_seq || h->bundle)))
		return err_set(e, "deux postes se présentent avec le même identifiant de nœud "
		    "(une copie de portable ?) : sur la copie, repartez d'une base neuve "
		    "(loge sync --db FICHIER_NEUF ...)");
	return 0;
}

static int
schema_check(struct hub *h, const cJSON *hello, const char **code, struct err *e)
{
	int64_t v = 0, schema = 0;

	json_get_int(hello, "v", &v);
	json_get_int(hello, "schema", &schema);
	*code = "version";
	if (v < PROTO_VERSION_MIN || v > PROTO_VERSION)
		return err_set(e, "version de protocole %lld inconnue du hub (il parle la %d) : "
		    "mettez Loge à jour du côté le plus ancien", (long long)v, PROTO_VERSION);
	h->v = (int)v;
	if (schema > schema_latest())
		return err_set(e, "le poste a un schéma plus récent (%lld) que le hub (%d) : "
		    "mettez à jour Loge sur le hub", (long long)schema, schema_latest());
	if (schema < schema_latest() - 1)
		return err_set(e, "le poste a un schéma trop ancien (%lld, le hub a le %d) : "
		    "mettez à jour Loge sur ce poste", (long long)schema, schema_latest());
	return 0;
}

/* The previous token becomes the one the node just showed: still good
 * next time if this welcome is lost on the way. */
static int
node_register(struct hub *h, const struct known *k, const char *token, const char *shown,
    int64_t cursor, struct err *e)
{
	char now[DT_STAMP_SIZE];

	dt_now(now);
	return db_run(h->db, e, "INSERT INTO sync_node (node_id, user_id, token, prev_token, "
	    "token_seq, skew_ms, first_seen, last_seen, cursor) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8) "
	    "ON CONFLICT (node_id) DO UPDATE SET token = ?3, prev_token = ?4, token_seq = ?5, "
	    "skew_ms = ?6, last_seen = ?7, cursor = ?8", "tttt" "iiti", h->node, h->who->id, token,
	    shown, k->last_seq, h->n.skew_ms, now, cursor);
}

/* The node's numbering tag, given at its first session that can take
 * one and kept for ever. Skips a tag some node already holds, should the
 * counter ever lag behind (a database mended by hand). */
static int
node_tag(struct hub *h, char tag[NUMBERING_TAG_SIZE], struct err *e)
{
	int64_t n = 0, taken = 0;
	char *have;

	err_clear(e);
	have = db_text(h->db, e, "SELECT tag FROM sync_node WHERE node_id = ?", "t", h->node);
	if (have != NULL) {
		snprintf(tag, NUMBERING_TAG_SIZE, "%s", have);
		free(have);
		return numbering_tag_ok(tag) ? 0 : err_set(e, "étiquette de poste invalide au hub");
	}
	if (e->msg[0] != '\0')
		return -1;
	do {
		if (db_run(h->db, e, "UPDATE sync_state SET tags = tags + 1", "") != 0 ||
		    db_int(h->db, e, &n, "SELECT tags FROM sync_state", "") != 1)
			return -1;
		if (numbering_tag(n, tag) != 0)
			return err_set(e, "plus d'étiquette libre pour numéroter les postes");
		if (db_int(h->db, e, &taken, "SELECT count(*) FROM sync_node WHERE tag = ?", "t",
		    tag) != 1)
			return -1;
	} while (taken > 0);
	return db_run(h->db, e, "UPDATE sync_node SET tag = ? WHERE node_id = ?", "tt", tag,
	    h->node);
}

/* Where the hub's log was cut; a node below it starts over (compact.h). */
static int
compacted_load(struct hub *h, int64_t cursor, int *resync, struct err *e)
{
	struct db_stmt *st = db_stmt(h->db, e, "SELECT compacted, compacted_hlc FROM sync_state");
	int rc;

	if (st == NULL || (rc = db_step(st, e)) != 1)
		return st == NULL || rc < 0 ? -1 : err_set(e, "sync_state vide");
	h->compacted = db_col_int(st, 0);
	h->compacted_hlc = db_col_int(st, 1);
	db_reset(st);
	*resync = cursor < h->compacted;
	if (*resync && h->bundle)
		h->fresh = 1;
	return 0;
}

static int
welcome(struct hub *h, const cJSON *hello, struct err *e)
{
	struct known k;
	const char *code = "node";
	char token[UID_SIZE], tag[NUMBERING_TAG_SIZE] = "";
	int64_t clock = 0, head = 0, cursor = 0;
	int rc = -1, resync = 0;
	cJSON *f;

	h->node = xstrdup(json_str(hello, "node"));
	if (h->bundle) {
		h->node_scope = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(hello, "scope"), 1);
		h->fresh = h->node_scope == NULL;
	}
	json_get_int(hello, "clock", &clock);
	json_get_int(hello, "cursor", &cursor);
	h->wall_ms = hlc_wall_ms();
	h->n.skew_ms = HLC_MS(clock) - h->wall_ms;
	if (strlen(h->node) != 36 || same(h->node, h->hub_node)) {
		err_set(e, "identifiant de nœud invalide");
		proto_send_error(h->l, "node", e->msg);
		h->errsent = 1;
		return -1;
	}
	if (known_load(h, &k, e) != 0)
		return -1;
	if (schema_check(h, hello, &code, e) != 0 || node_check(h, hello, &k, &code, e) != 0) {
		proto_send_error(h->l, code, e->msg);
		h->errsent = 1;
		goto out;
	}
	uid_new(token);
	if ((h->scope = hub_scope_load(h->db, h->who, e)) == NULL ||
	    compacted_load(h, cursor, &resync, e) != 0 || db_begin(h->db, e) != 0)
		goto out;
	if (node_register(h, &k, token, json_str(hello, "token"), cursor, e) != 0 ||
	    capture_merge_clock(h->db, clock, e) != 0 ||
	    (h->v >= 2 && node_tag(h, tag, e) != 0) ||
	    db_int(h->db, e, &head, "SELECT seq FROM sync_state", "") < 0 ||
	    db_commit(h->db, e) != 0) {
		db_rollback(h->db);
		goto out;
	}
	f = proto_frame("welcome");
	proto_add_int(f, "v", h->v);
	proto_add_int(f, "schema", schema_latest());
	proto_add_int(f, "clock", capture_clock(h->db));
	proto_add_int(f, "acked", k.last_seq);
	cJSON_AddItemToObject(f, "scope", cJSON_Duplicate(h->scope, 1));
	proto_add_str(f, "token", token);
	proto_add_int(f, "head", head);
	proto_add_str(f, "user", h->who->login);
	if (resync)
		proto_add_int(f, "resync", 1);
	if (tag[0] != '\0')
		proto_add_str(f, "tag", tag);
	if (h->n.skew_ms > PROTO_SKEW_WARN_MS || h->n.skew_ms < -PROTO_SKEW_WARN_MS)
		proto_add_str(f, "warning", "l'horloge de ce poste diffère de plus de 2 s de "
		    "celle du hub : réglez la date et l'heure du poste");
	rc = proto_send(h->l, f, e);
out:
	known_free(&k);
	return rc;
}

/* One push batch: every operation in its own savepoint, the batch in one
 * transaction; the results go out only once it is committed. */
static int
push(struct hub *h, const cJSON *frame, struct err *e)
{
	const cJSON *ops = cJSON_GetObjectItemCaseSensitive(frame, "ops"), *op;
	int64_t batch = 0, max = 0, seq;
	cJSON *results, *r, *f;

	json_get_int(frame, "batch", &batch);
	if (cJSON_GetArraySize(ops) > PROTO_BATCH_OPS)
		return err_set(e, "lot de plus de %d opérations", PROTO_BATCH_OPS);
	results = cJSON_CreateArray();
	if (db_begin(h->db, e) != 0)
		goto fail;
	cJSON_ArrayForEach(op, ops) {
		if ((r = hub_apply(h, op, e)) == NULL)
			goto fail_tx;
		cJSON_AddItemToArray(results, r);
		if (json_get_int(op, "seq", &seq) == 0 && seq > max)
			max = seq;
	}
	if (db_run(h->db, e, "UPDATE sync_node SET last_seq = max(last_seq, ?) "
	    "WHERE node_id = ?", "it", max, h->node) != 0 || db_commit(h->db, e) != 0)
		goto fail_tx;
	f = proto_frame("results");
	proto_add_int(f, "batch", batch);
	cJSON_AddItemToObject(f, "results", results);
	return proto_send(h->l, f, e);
fail_tx:
	db_rollback(h->db);
fail:
	cJSON_Delete(results);
	return -1;
}

/* Sectors in the hub's scope for the node and not in the node's. */
static cJSON *
added_sectors(const cJSON *scope, const cJSON *node_scope)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *x, *y;
	int found;

	cJSON_ArrayForEach(x, scope) {
		found = 0;
		cJSON_ArrayForEach(y, node_scope)
			found |= cJSON_IsString(y) && strcmp(x->valuestring, y->valuestring) == 0;
		if (!found)
			cJSON_AddItemToArray(out, cJSON_CreateString(x->valuestring));
	}
	return out;
}

/* A bundle gets everything in one go: the sectors the node lacks, then
 * every change from its cursor (from the snapshot's start for a new
 * node) to the hub's head. */
static int
bundle_pull(struct hub *h, const cJSON *pull, struct err *e)
{
	cJSON *added = added_sectors(h->scope, h->node_scope), *f;
	char *table = NULL, *after = NULL;
	int64_t cursor = 0, head = 0;
	int rc = 0;

	json_get_int(pull, "cursor", &cursor);
	if (db_int(h->db, e, &head, "SELECT seq FROM sync_state", "") < 0)
		rc = -1;
	if (rc == 0 && (h->fresh || cJSON_GetArraySize(added) > 0)) {
		if (h->fresh)
			cursor = head;
		do {
			f = proto_frame("snapshot");
			cJSON_AddItemToObject(f, "sectors", cJSON_Duplicate(added, 1));
			if (table != NULL) {
				proto_add_str(f, "table", table);
				proto_add_str(f, "after", after);
			}
			free(table);
			free(after);
			rc = hub_snapshot(h, f, &table, &after, e);
			cJSON_Delete(f);
		} while (rc == 0 && table != NULL);
	}
	while (rc == 0) {
		f = proto_frame("pull");
		proto_add_int(f, "cursor", cursor);
		rc = hub_pull(h, f, &cursor, e);
		cJSON_Delete(f);
		if (cursor >= head)
			break;
	}
	cJSON_Delete(added);
	return rc;
}

static int
finish(struct hub *h, struct err *e)
{
	cJSON *f = proto_frame("end"), *s = cJSON_CreateObject();

	proto_add_int(s, "received", h->n.received);
	proto_add_int(s, "applied", h->n.applied);
	proto_add_int(s, "merged", h->n.merged);
	proto_add_int(s, "conflicts", h->n.conflicts);
	proto_add_int(s, "refused", h->n.refused);
	proto_add_int(s, "pulled", h->n.pulled);
	proto_add_int(s, "files_sent", h->n.files_sent);
	proto_add_int(s, "files_received", h->n.files_received);
	cJSON_AddItemToObject(f, "summary", s);
	return proto_send(h->l, f, e);
}

/* The node has applied everything up to the pull's cursor: the log may
 * be compacted up to there. */
static int
pull_noted(struct hub *h, const cJSON *pull, struct err *e)
{
	int64_t cursor = 0;

	json_get_int(pull, "cursor", &cursor);
	return db_run(h->db, e, "UPDATE sync_node SET cursor = ? WHERE node_id = ?", "it", cursor,
	    h->node);
}

static int
serve_loop(struct hub *h, struct err *e)
{
	cJSON *f;
	const char *t;
	int rc;

	if ((rc = proto_recv(h->l, "hello", &f, e)) <= 0)
		return rc == 0 ? err_set(e, "connexion fermée avant le premier message") : -1;
	rc = welcome(h, f, e);
	cJSON_Delete(f);
	while (rc == 0) {
		if ((rc = proto_recv(h->l, "push,pull,snapshot,offer,blob,want,end", &f, e)) <= 0)
			return rc == 0 ? err_set(e, "connexion coupée par le poste") : -1;
		t = proto_type(f);
		if (strcmp(t, "push") == 0)
			rc = push(h, f, e);
		else if (strcmp(t, "pull") == 0)
			rc = pull_noted(h, f, e) != 0 ? -1 :
			    h->bundle ? bundle_pull(h, f, e) : hub_pull(h, f, NULL, e);
		else if (strcmp(t, "snapshot") == 0)
			rc = hub_snapshot(h, f, NULL, NULL, e);
		else if (strcmp(t, "offer") == 0)
			rc = hub_offer(h, f, e);
		else if (strcmp(t, "blob") == 0)
			rc = hub_blob(h, f, e);
		else if (strcmp(t, "want") == 0)
			rc = hub_want(h, f, e);
		else {
			cJSON_Delete(f);
			return finish(h, e);
		}
		cJSON_Delete(f);
	}
	return rc;
}

static int
hub_session(struct db *db, const struct user *who, struct link *l, const char *peer,
    int bundle, struct sync_counts *counts, struct err *e)
{
	struct compact_stats cs;
	struct err ce;
	struct hub h;
	int rc;

	memset(&h, 0, sizeof h);
	h.db = db;
	h.l = l;
	h.who = who;
	h.bundle = bundle;
	h.hub_node = db_meta_get(db, "node_id");
	attach_open(&h.store, db_path(db));
	h.stored = cJSON_CreateArray();
	h.bad = cJSON_CreateArray();
	if (synclog_start(db, "hub", peer, NULL, who->id, h.session, e) != 0) {
		rc = -1;
		goto out;
	}
	rc = serve_loop(&h, e);
	if (rc != 0 && !l->eof && !h.errsent)
		proto_send_error(l, "error", e->msg);
	synclog_finish(db, h.session, h.node, who->id, &h.n, l->bytes_in, l->bytes_out,
	    rc == 0 ? "ok" : l->eof ? "cut" : "error", rc == 0 ? NULL : e->msg);
	/* Best effort: a compaction that fails is tried again next time. */
	if (rc == 0)
		compact_hub(db, (int64_t)dt_now_ms(), &cs, &ce);
	if (counts != NULL)
		*counts = h.n;
out:
	attach_close(&h.store);
	cJSON_Delete(h.stored);
	cJSON_Delete(h.bad);
	cJSON_Delete(h.scope);
	cJSON_Delete(h.node_scope);
	free(h.node);
	free(h.hub_node);
	return rc;
}

int
hub_serve(struct db *db, const struct user *who, struct link *l, const char *peer,
    struct sync_counts *counts, struct err *e)
{
	return hub_session(db, who, l, peer, 0, counts, e);
}

int
hub_bundle(struct db *db, const struct user *who, struct link *l, const char *peer,
    struct sync_counts *counts, struct err *e)
{
	return hub_session(db, who, l, peer, 1, counts, e);
}
