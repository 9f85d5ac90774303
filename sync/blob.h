/* Attachments in a sync session (man/loge-sync.5, ATTACHMENTS): after
 * the rows, the node offers the photos the hub may lack and sends those
 * it asks for, then asks for the photos its rows name and it lacks. Files
 * travel in chunks, each written at its offset of a partial file that is
 * renamed into place only once its SHA-256 matches (core/attach.h), so a
 * cut transfer resumes where it stopped. */
#ifndef LOGE_SYNC_BLOB_H
#define LOGE_SYNC_BLOB_H

#include <cjson/cJSON.h>

#include "core/attach.h"
#include "core/err.h"
#include "hub.h"

struct db;
struct link;

/* Bytes of a file per blob frame: its base64 text stays far below the
 * frame limit. */
#define BLOB_CHUNK (256 * 1024)
/* Files named in one offer or want frame. */
#define BLOB_BATCH 500

/* Sends the file sha from offset to its end as blob frames. */
int blob_send_file(struct link *l, const struct attach_store *st, const char *sha,
    int64_t offset, struct err *e);
/* Writes the chunk of a blob frame; *done when its file is now whole and
 * checked, *sha its name (points into f). A chunk that does not fit
 * (wrong offset, wrong digest at the end) is -1 with e set; the caller
 * decides whether the session goes on. */
int blob_store(struct attach_store *st, const cJSON *f, const char **sha, int *done,
    struct err *e);

/* Node side, live session: offers, then sends what the hub asks for. */
int blob_node_push(struct db *db, struct link *l, struct attach_store *st,
    struct sync_counts *n, struct err *e);
/* Node side, live session: asks for the files its rows name and it
 * lacks, and stores what comes. */
int blob_node_fetch(struct db *db, struct link *l, struct attach_store *st,
    struct sync_counts *n, struct err *e);
/* Node side, bundle for the hub: every file not yet confirmed by the hub,
 * whole, then an empty offer (the reply says what was stored) and the
 * want frames. */
int blob_node_export(struct db *db, struct link *l, struct attach_store *st,
    struct sync_counts *n, struct err *e);
/* Node side, reply bundle: a need, blob or have frame. */
int blob_node_import(struct db *db, struct attach_store *st, const cJSON *f,
    struct sync_counts *n, struct err *e);

#endif
