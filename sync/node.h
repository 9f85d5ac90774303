/* The node's side of a sync session: hello, push of the pending local
 * operations in batches, their results (a refused operation is undone
 * locally and stays in the refused list), purge of sectors that left the
 * scope, snapshot of sectors that joined it, and the pull of every change
 * since the cursor, each batch applied with its cursor in one transaction
 * once its checksum matches. */
#ifndef LOGE_SYNC_NODE_H
#define LOGE_SYNC_NODE_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/err.h"
#include "hub.h"

struct db;
struct link;

struct node_opts {
	const char *peer; /* for the sync log: "hub.example:22", "bundle F" */
	/* Progress: phase "envoi" / "réception" / "instantané", done of total
	 * (total 0 when unknown). May be NULL. */
	void (*progress)(void *arg, const char *phase, int64_t done, int64_t total);
	/* A warning from the hub (clock skew), to show the person. */
	void (*warn)(void *arg, const char *msg);
	void *arg;
};

/* Runs one session on l. 0 when it ended normally; -1 with e set. */
int node_sync(struct db *db, struct link *l, const struct node_opts *o,
    struct sync_counts *n, struct err *e);

/* Without network (a USB stick): writes to l the bundle for the hub (the
 * operations without an answer and the cursor), and reads from l the
 * hub's reply bundle. Importing a reply twice changes nothing. */
int node_export_bundle(struct db *db, struct link *l, const struct node_opts *o,
    struct sync_counts *n, struct err *e);
int node_import_bundle(struct db *db, struct link *l, const struct node_opts *o,
    struct sync_counts *n, struct err *e);

/* Applies the rows of a changes frame (capture suspended, foreign keys
 * off: the hub checked them), keeping columns that have a pending local
 * operation. Inside a transaction. */
int node_apply_rows(struct db *db, const cJSON *rows, struct err *e);
/* Applies a results frame to the local operations; refused operations
 * are undone locally. Inside a transaction. */
int node_apply_results(struct db *db, const cJSON *results, struct sync_counts *n,
    struct err *e);
/* Deletes every row of the sectors (a JSON array) from this node. Inside
 * a transaction. */
int node_purge(struct db *db, const cJSON *sectors, struct err *e);

#endif
