/* The sync log: one row per session on both sides (start, end, user,
 * node, operations sent and received, results by kind, bytes, clock skew,
 * outcome and error), written at the start and at the end of a session,
 * each in its own transaction, so that a session cut short still shows. */
#ifndef LOGE_SYNC_SYNCLOG_H
#define LOGE_SYNC_SYNCLOG_H

#include <stdint.h>

#include "core/err.h"
#include "core/uid.h"
#include "hub.h"

struct db;

/* Opens a session row (outcome "running"); id receives its id. */
int synclog_start(struct db *db, const char *side, const char *peer, const char *node,
    const char *user_id, char id[UID_SIZE], struct err *e);
/* Closes it: outcome "ok", "error" or "cut", error the message or NULL. */
int synclog_finish(struct db *db, const char *id, const char *node, const char *user_id,
    const struct sync_counts *n, uint64_t bytes_in, uint64_t bytes_out,
    const char *outcome, const char *error);

#endif
