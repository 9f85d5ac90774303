/* Shared by the files of the hub's side (hub.c, hub_apply.c, hub_pull.c). */
#ifndef LOGE_SYNC_HUB_INTERNAL_H
#define LOGE_SYNC_HUB_INTERNAL_H

#include <cjson/cJSON.h>

#include "core/attach.h"
#include "core/uid.h"
#include "hub.h"

struct hub {
	struct db *db;
	struct link *l;
	const struct user *who;
	char *hub_node;      /* this hub's node id */
	char *node;          /* the peer's node id */
	int v;               /* the protocol version of the session: the node's */
	char session[UID_SIZE];
	int64_t wall_ms;     /* the hub's clock at hello */
	int64_t compacted, compacted_hlc; /* the log is gone up to there */
	cJSON *scope;        /* the sectors the node replicates (strings) */
	int bundle;          /* a bundle file, not a live session */
	cJSON *node_scope;   /* a bundle's hello: the scope the node has */
	int fresh;           /* a bundle from a node that never synced */
	int errsent;         /* an error frame already went out */
	struct attach_store store; /* the photos beside the hub's database */
	cJSON *stored;       /* files whole since the last need frame */
	cJSON *bad;          /* files refused since then, with why */
	struct sync_counts n;
};

/* Applies one pushed operation in its own savepoint and returns its
 * result entry ({"seq":N,"r":"applied"...}, the caller frees); NULL with
 * e set on a failure that must end the session (a malformed operation, a
 * database error). */
cJSON *hub_apply(struct hub *h, const cJSON *op, struct err *e);
/* Records a change of row in the hub's log that changes no field, so
 * that every node pulls the row as the hub has it (after a conflict the
 * hub won, a refusal). */
int hub_touch(struct hub *h, const char *table, const char *row, struct err *e);
/* Answers a pull frame with one changes frame; *next (if not NULL) gets
 * the cursor reached. */
int hub_pull(struct hub *h, const cJSON *frame, int64_t *next, struct err *e);
/* Is sector (may be NULL) one of the strings of sectors? */
int hub_scope_has(const cJSON *sectors, const char *sector);
/* A row of a changes frame: kind "upsert" with values (taken), or
 * "delete" with none. */
cJSON *hub_row_entry(const char *table, const char *row, const char *kind, cJSON *values);
/* A changes frame of rows (taken) with their checksum (the caller frees);
 * snapshot batches say where to go on with (table, after). */
cJSON *hub_changes_frame(int64_t from, int64_t to, int64_t head, cJSON *rows, int snapshot,
    const char *table, const char *after);
/* Sends it, counting the rows. */
int hub_send_changes(struct hub *h, int64_t from, int64_t to, int64_t head, cJSON *rows,
    int snapshot, const char *table, const char *after, struct err *e);
/* Answers a snapshot frame with one changes frame; *next_table and
 * *next_after (if not NULL; the caller frees) get where to go on, NULL
 * when it was the last batch. */
int hub_snapshot(struct hub *h, const cJSON *frame, char **next_table, char **next_after,
    struct err *e);
/* Fills temp.sync_scope with the sectors who may replicate, and returns
 * them as a sorted array (the caller frees). */
/* Attachments (hub_blob.c): answers an offer with a need frame, takes a
 * blob chunk, answers a want with blob frames and a have frame. */
int hub_offer(struct hub *h, const cJSON *f, struct err *e);
int hub_blob(struct hub *h, const cJSON *f, struct err *e);
int hub_want(struct hub *h, const cJSON *f, struct err *e);
cJSON *hub_scope_load(struct db *db, const struct user *who, struct err *e);

#endif
