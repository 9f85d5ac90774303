/* The hub's side of a sync session: who the node is, its operations
 * checked and merged one by one, and the changes of its scope sent back.
 * The user comes from the transport (the SSH session, or
 * `loge sync-server --user`), never from a frame. */
#ifndef LOGE_SYNC_HUB_H
#define LOGE_SYNC_HUB_H

#include <stdint.h>

#include "core/err.h"

struct db;
struct link;
struct user;

/* What a session did, on either side. */
struct sync_counts {
	int64_t sent, received;                    /* operations pushed / taken */
	int64_t applied, merged, conflicts, refused;
	int64_t pulled;                            /* rows received by the node */
	int64_t skew_ms;
	int64_t files_sent, files_received;        /* attachments, whole */
	int64_t files_refused, files_missing;      /* refused by the other side;
	                                            * asked for but not there */
};

/* Serves one session on l as who; peer names the other end for the sync
 * log ("ssh 192.0.2.1", "stdin"). Returns 0 when the node said end, -1 on
 * error (sent to the node as an error frame when it can be). Every
 * session, good or bad, is written to the sync log. */
int hub_serve(struct db *db, const struct user *who, struct link *l, const char *peer,
    struct sync_counts *counts, struct err *e);

/* The same for a bundle (loge sync --import-bundle on the hub): l reads
 * the node's bundle and writes the reply bundle, which carries every
 * result and change in one go. */
int hub_bundle(struct db *db, const struct user *who, struct link *l, const char *peer,
    struct sync_counts *counts, struct err *e);

#endif
