/* Compaction of the sync logs, so that they do not grow for ever. On the
 * hub, the operation log (changes and tombstones) is cut below the
 * oldest cursor of the nodes seen in the last 90 days, and below 90 days
 * of age whatever the nodes: a node whose cursor is below the cut resyncs
 * its sectors whole. An operation whose base is below the cut is merged
 * against the current values (sync/hub_apply.c). On a node, answered
 * operations older than 90 days go; refused ones stay in their list. */
#ifndef LOGE_SYNC_COMPACT_H
#define LOGE_SYNC_COMPACT_H

#include <stdint.h>

#include "core/err.h"

struct db;

#define COMPACT_KEEP_DAYS 90

struct compact_stats {
	int64_t horizon;   /* the hub's log is gone up to this sequence */
	int64_t ops;       /* operations removed */
	int64_t received;  /* replay records removed (hub) */
};

/* now_ms: the clock to count the 90 days from (tests move it). Each in
 * one transaction. */
int compact_hub(struct db *db, int64_t now_ms, struct compact_stats *st, struct err *e);
int compact_node(struct db *db, int64_t now_ms, struct compact_stats *st, struct err *e);

#endif
