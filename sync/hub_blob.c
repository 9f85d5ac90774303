/* Attachments, the hub's side (see blob.h): it takes only files that a
 * photo row on the hub names, and gives a node only files that a photo
 * row of the node's scope names. */
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "core/db.h"
#include "core/xalloc.h"
#include "hub_internal.h"
#include "json.h"
#include "proto.h"
#include "tables.h"

/* 1 when a photo row names sha (in the node's scope if scoped), 0 when
 * none, -1 on error. */
static int
named(struct hub *h, const char *sha, int scoped, struct err *e)
{
	char *expr = sync_sector_sql(sync_table_find("inspection_photo"), "p"), *sql;
	int64_t one = 0;
	int rc;

	sql = xasprintf("SELECT 1 FROM inspection_photo p WHERE p.sha256 = ?%s%s%s LIMIT 1",
	    scoped ? " AND " : "", scoped ? expr : "",
	    scoped ? " IN (SELECT sector_id FROM temp.sync_scope)" : "");
	rc = db_int(h->db, e, &one, sql, "t", sha);
	free(sql);
	free(expr);
	return rc;
}

/* The files named by a frame: at most BLOB_BATCH, each well named. */
static int
files_check(const cJSON *files, struct err *e)
{
	const cJSON *x;
	const char *sha;

	if (cJSON_GetArraySize(files) > BLOB_BATCH)
		return err_set(e, "plus de %d pièces jointes dans une trame", BLOB_BATCH);
	cJSON_ArrayForEach(x, files) {
		sha = json_str(x, "sha256");
		if (!cJSON_IsObject(x) || sha == NULL || !attach_valid_name(sha))
			return err_set(e, "pièce jointe mal désignée dans la trame");
	}
	return 0;
}

static cJSON *
file_entry(const char *sha, int64_t offset)
{
	cJSON *x = cJSON_CreateObject();

	proto_add_str(x, "sha256", sha);
	proto_add_int(x, "offset", offset);
	return x;
}

/* An offer: the files the hub lacks and its photo rows name are asked
 * for (from what a cut transfer left); the answer also confirms the
 * files stored since the last one. */
int
hub_offer(struct hub *h, const cJSON *f, struct err *e)
{
	const cJSON *files = cJSON_GetObjectItemCaseSensitive(f, "files"), *x;
	cJSON *need = cJSON_CreateArray(), *have = cJSON_CreateArray(), *r;
	int64_t size, partial;
	const char *sha;
	int rc = files_check(files, e);

	cJSON_ArrayForEach(x, files) {
		if (rc != 0)
			break;
		sha = json_str(x, "sha256");
		if (attach_has(&h->store, sha))
			cJSON_AddItemToArray(have, cJSON_CreateString(sha));
		else if ((rc = named(h, sha, 0, e)) == 1) {
			size = 0;
			json_get_int(x, "size", &size);
			partial = attach_partial(&h->store, sha);
			cJSON_AddItemToArray(need, file_entry(sha, partial <= size ? partial : 0));
			rc = 0;
		}
	}
	if (rc != 0) {
		cJSON_Delete(need);
		cJSON_Delete(have);
		return -1;
	}
	r = proto_frame("need");
	cJSON_AddItemToObject(r, "files", need);
	cJSON_AddItemToObject(r, "have", have);
	cJSON_AddItemToObject(r, "stored", h->stored);
	cJSON_AddItemToObject(r, "bad", h->bad);
	h->stored = cJSON_CreateArray();
	h->bad = cJSON_CreateArray();
	return proto_send(h->l, r, e);
}

static void
bad(struct hub *h, const char *sha, const char *msg)
{
	cJSON *x = cJSON_CreateObject();

	proto_add_str(x, "sha256", sha);
	proto_add_str(x, "message", msg);
	cJSON_AddItemToArray(h->bad, x);
	h->n.files_refused++;
}

/* A chunk from the node. One that does not fit is reported in the next
 * need frame, and the session goes on: the rows are in, only that photo
 * waits for the next session. */
int
hub_blob(struct hub *h, const cJSON *f, struct err *e)
{
	const char *sha = json_str(f, "sha256");
	struct err why;
	int done = 0, rc;

	if (!attach_valid_name(sha))
		return err_set(e, "trame « blob » : empreinte invalide");
	if ((rc = named(h, sha, 0, e)) < 0)
		return -1;
	err_clear(&why);
	if (rc == 0)
		bad(h, sha, "aucune photo du hub ne porte cette empreinte");
	else if (blob_store(&h->store, f, &sha, &done, &why) != 0)
		bad(h, sha, why.msg);
	else if (done) {
		cJSON_AddItemToArray(h->stored, cJSON_CreateString(sha));
		h->n.files_received++;
	}
	return 0;
}

/* A want: each file the hub has and the node may see goes out whole
 * (from the node's offset), then the list of the others. */
int
hub_want(struct hub *h, const cJSON *f, struct err *e)
{
	const cJSON *files = cJSON_GetObjectItemCaseSensitive(f, "files"), *x;
	cJSON *missing = cJSON_CreateArray(), *r;
	int64_t offset;
	const char *sha;
	int rc = files_check(files, e);

	cJSON_ArrayForEach(x, files) {
		if (rc != 0)
			break;
		sha = json_str(x, "sha256");
		offset = 0;
		json_get_int(x, "offset", &offset);
		if (offset < 0 || offset > attach_size(&h->store, sha))
			offset = 0;
		if (!attach_has(&h->store, sha) || (rc = named(h, sha, 1, e)) == 0) {
			cJSON_AddItemToArray(missing, cJSON_CreateString(sha));
			continue;
		}
		if (rc == 1 && (rc = blob_send_file(h->l, &h->store, sha, offset, e)) == 0)
			h->n.files_sent++;
	}
	if (rc != 0) {
		cJSON_Delete(missing);
		return -1;
	}
	r = proto_frame("have");
	cJSON_AddItemToObject(r, "missing", missing);
	return proto_send(h->l, r, e);
}
