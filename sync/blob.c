/* Attachments in a sync session: chunks, and the node's side (see
 * blob.h); the hub's side is in hub_blob.c. */
#include "blob.h"

#include <stdlib.h>
#include <string.h>

#include "core/base64.h"
#include "core/db.h"
#include "core/xalloc.h"
#include "json.h"
#include "link.h"
#include "proto.h"

int
blob_send_file(struct link *l, const struct attach_store *st, const char *sha,
    int64_t offset, struct err *e)
{
	int64_t size = attach_size(st, sha);
	char *chunk = xmalloc(BLOB_CHUNK);
	struct buf b;
	size_t got;
	cJSON *f;
	int rc = 0;

	if (size < 0 || offset > size)
		offset = size < 0 ? 0 : size, rc = err_set(e, "pièce jointe %.12s absente", sha);
	while (rc == 0) {
		if ((rc = attach_read(st, sha, offset, chunk, BLOB_CHUNK, &got, e)) != 0)
			break;
		if (offset + (int64_t)got > size)
			got = (size_t)(size - offset);  /* the file grew: not ours */
		buf_init(&b);
		base64_encode(chunk, got, &b);
		f = proto_frame("blob");
		proto_add_str(f, "sha256", sha);
		proto_add_int(f, "size", size);
		proto_add_int(f, "offset", offset);
		proto_add_str(f, "data", b.data);
		buf_free(&b);
		if ((rc = proto_send(l, f, e)) != 0)
			break;
		offset += (int64_t)got;
		if (offset >= size)
			break;
		if (got == 0)
			rc = err_set(e, "pièce jointe %.12s : fichier raccourci pendant l'envoi", sha);
	}
	free(chunk);
	return rc;
}

int
blob_store(struct attach_store *st, const cJSON *f, const char **sha, int *done,
    struct err *e)
{
	const char *data = json_str(f, "data");
	int64_t size = 0, offset = 0;
	struct buf b;
	int rc;

	*done = 0;
	*sha = json_str(f, "sha256");
	json_get_int(f, "size", &size);
	json_get_int(f, "offset", &offset);
	if (!attach_valid_name(*sha))
		return err_set(e, "trame « blob » : empreinte invalide");
	buf_init(&b);
	if (base64_decode(data, strlen(data), &b) != 0)
		rc = err_set(e, "pièce jointe %.12s : données base64 invalides", *sha);
	else if (b.len > BLOB_CHUNK)
		rc = err_set(e, "pièce jointe %.12s : morceau de plus de %d octets", *sha,
		    BLOB_CHUNK);
	else
		rc = attach_write(st, *sha, size, offset, b.data ? b.data : "", b.len, done, e);
	buf_free(&b);
	return rc;
}

/* Files that photo rows of this node name, after *after in name order:
 * with `lacking`, those it does not hold, as {"sha256","offset"} (what a
 * cut transfer left); else those it holds and the hub has not confirmed,
 * as {"sha256","size"}. Up to BLOB_BATCH entries (the caller frees);
 * *end when the list is exhausted. */
static cJSON *
photo_files(struct db *db, const struct attach_store *st, int lacking, char **after, int *end,
    struct err *e)
{
	struct db_stmt *q;
	cJSON *files = cJSON_CreateArray(), *x;
	const char *sha;
	int rc = 1;

	*end = 1;
	q = db_stmt(db, e, lacking ? "SELECT DISTINCT sha256 FROM inspection_photo "
	    "WHERE sha256 > ? ORDER BY sha256" : "SELECT DISTINCT sha256 FROM inspection_photo "
	    "WHERE sha256 > ? AND sha256 NOT IN (SELECT sha256 FROM sync_blob_sent) "
	    "ORDER BY sha256");
	if (q == NULL || db_bind(q, e, "t", *after) != 0)
		goto fail;
	while (cJSON_GetArraySize(files) < BLOB_BATCH && (rc = db_step(q, e)) == 1) {
		sha = db_col_text(q, 0);
		free(*after);
		*after = xstrdup(sha);
		if (!attach_valid_name(sha) || attach_has(st, sha) == lacking)
			continue;
		x = cJSON_CreateObject();
		proto_add_str(x, "sha256", sha);
		if (lacking)
			proto_add_int(x, "offset", attach_partial(st, sha));
		else
			proto_add_int(x, "size", attach_size(st, sha));
		cJSON_AddItemToArray(files, x);
	}
	if (rc < 0)
		goto fail;
	if (rc == 1) {
		*end = 0;
		db_reset(q);  /* the rest is for the next call */
	}
	return files;
fail:
	cJSON_Delete(files);
	return NULL;
}

/* Names in the array of strings are confirmed held by the hub. */
static int
mark_sent(struct db *db, const cJSON *names, struct err *e)
{
	const cJSON *x;

	cJSON_ArrayForEach(x, names)
		if (cJSON_IsString(x) && attach_valid_name(x->valuestring) &&
		    db_run(db, e, "INSERT OR IGNORE INTO sync_blob_sent (sha256) VALUES (?)", "t",
		    x->valuestring) != 0)
			return -1;
	return 0;
}

/* A need frame: what the hub stored or already had is marked, in one
 * transaction. */
static int
need_apply(struct db *db, const cJSON *need, struct sync_counts *n, struct err *e)
{
	int rc;

	n->files_refused += cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(need, "bad"));
	rc = db_begin(db, e) != 0 ||
	    mark_sent(db, cJSON_GetObjectItemCaseSensitive(need, "stored"), e) != 0 ||
	    mark_sent(db, cJSON_GetObjectItemCaseSensitive(need, "have"), e) != 0 ||
	    db_commit(db, e) != 0;
	if (rc)
		db_rollback(db);
	return rc ? -1 : 0;
}

/* Sends the files the hub asked for, each from the offset it holds. */
static int
send_needed(struct link *l, const struct attach_store *st, const cJSON *need,
    struct sync_counts *n, struct err *e)
{
	const cJSON *x;
	const char *sha;
	int64_t offset;

	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(need, "files")) {
		offset = 0;
		sha = json_str(x, "sha256");
		json_get_int(x, "offset", &offset);
		if (sha == NULL || !attach_valid_name(sha) || !attach_has(st, sha))
			return err_set(e, "le hub demande une pièce jointe que ce poste n'a pas offerte");
		if (blob_send_file(l, st, sha, offset, e) != 0)
			return -1;
		n->files_sent++;
	}
	return 0;
}

int
blob_node_push(struct db *db, struct link *l, struct attach_store *st,
    struct sync_counts *n, struct err *e)
{
	char *after = xstrdup("");
	int end = 0, last = 0, rc = 0;
	cJSON *files, *f;

	/* The last offer is empty: its answer confirms the files just sent. */
	while (rc == 0 && !last) {
		files = end ? cJSON_CreateArray() : photo_files(db, st, 0, &after, &end, e);
		if (files == NULL) {
			rc = -1;
			break;
		}
		last = cJSON_GetArraySize(files) == 0;
		f = proto_frame("offer");
		cJSON_AddItemToObject(f, "files", files);
		if ((rc = proto_send(l, f, e)) != 0)
			break;
		if ((rc = proto_recv(l, "need", &f, e)) <= 0) {
			rc = rc == 0 ? err_set(e, "connexion coupée pendant l'envoi des photos") : -1;
			break;
		}
		rc = need_apply(db, f, n, e) != 0 || send_needed(l, st, f, n, e) != 0 ? -1 : 0;
		cJSON_Delete(f);
	}
	free(after);
	return rc;
}

/* A node takes only files its own rows name. */
static int
named_here(struct db *db, const char *sha, struct err *e)
{
	int64_t one = 0;

	return db_int(db, e, &one, "SELECT 1 FROM inspection_photo WHERE sha256 = ? LIMIT 1",
	    "t", sha);
}

/* A blob frame from the hub. A chunk that does not fit is dropped with
 * its partial file: the next session asks for the file again. */
static int
node_blob(struct db *db, struct attach_store *st, const cJSON *f, struct sync_counts *n,
    struct err *e)
{
	const char *sha = json_str(f, "sha256");
	int done = 0, rc;

	if (sha == NULL || !attach_valid_name(sha) || (rc = named_here(db, sha, e)) == 0)
		return err_set(e, "le hub envoie une pièce jointe que ce poste n'a pas demandée");
	if (rc < 0)
		return -1;
	if (blob_store(st, f, &sha, &done, e) != 0) {
		n->files_refused++;
		err_clear(e);
		return 0;
	}
	if (!done)
		return 0;
	n->files_received++;
	/* The hub has it: never to be offered back. */
	rc = db_begin(db, e) != 0 || db_run(db, e, "INSERT OR IGNORE INTO sync_blob_sent "
	    "(sha256) VALUES (?)", "t", sha) != 0 || db_commit(db, e) != 0;
	if (rc)
		db_rollback(db);
	return rc ? -1 : 0;
}

int
blob_node_fetch(struct db *db, struct link *l, struct attach_store *st,
    struct sync_counts *n, struct err *e)
{
	char *after = xstrdup("");
	int end = 0, rc = 0;
	cJSON *files, *f;

	while (rc == 0 && !end) {
		if ((files = photo_files(db, st, 1, &after, &end, e)) == NULL) {
			rc = -1;
			break;
		}
		if (cJSON_GetArraySize(files) == 0) {
			cJSON_Delete(files);
			continue;
		}
		f = proto_frame("want");
		cJSON_AddItemToObject(f, "files", files);
		if ((rc = proto_send(l, f, e)) != 0)
			break;
		for (;;) {
			if ((rc = proto_recv(l, "blob,have", &f, e)) <= 0) {
				rc = rc == 0 ? err_set(e, "connexion coupée pendant la réception des "
				    "photos") : -1;
				break;
			}
			rc = blob_node_import(db, st, f, n, e);
			if (rc != 0 || strcmp(proto_type(f), "have") == 0) {
				cJSON_Delete(f);
				break;
			}
			cJSON_Delete(f);
		}
	}
	free(after);
	return rc;
}

int
blob_node_export(struct db *db, struct link *l, struct attach_store *st,
    struct sync_counts *n, struct err *e)
{
	char *after = xstrdup("");
	int end = 0, rc = 0;
	const cJSON *x;
	cJSON *files, *f;

	while (rc == 0 && !end) {
		if ((files = photo_files(db, st, 0, &after, &end, e)) == NULL)
			rc = -1;
		cJSON_ArrayForEach(x, files)
			if (rc == 0 && (rc = blob_send_file(l, st, json_str(x, "sha256"), 0, e)) == 0)
				n->files_sent++;
		cJSON_Delete(files);
	}
	f = proto_frame("offer");
	cJSON_AddItemToObject(f, "files", cJSON_CreateArray());
	if (rc == 0)
		rc = proto_send(l, f, e);
	else
		cJSON_Delete(f);
	free(after);
	after = xstrdup("");
	end = 0;
	while (rc == 0 && !end) {
		if ((files = photo_files(db, st, 1, &after, &end, e)) == NULL) {
			rc = -1;
		} else if (cJSON_GetArraySize(files) == 0) {
			cJSON_Delete(files);
		} else {
			f = proto_frame("want");
			cJSON_AddItemToObject(f, "files", files);
			rc = proto_send(l, f, e);
		}
	}
	free(after);
	return rc;
}

int
blob_node_import(struct db *db, struct attach_store *st, const cJSON *f,
    struct sync_counts *n, struct err *e)
{
	const char *t = proto_type(f);

	if (strcmp(t, "need") == 0)
		return need_apply(db, f, n, e);
	if (strcmp(t, "blob") == 0)
		return node_blob(db, st, f, n, e);
	n->files_missing += cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(f, "missing"));
	return 0;
}
