/* A supervisor settles a line of the hub's conflict ledger: acknowledges
 * the value that won, or restores the one that lost. A restore is an
 * ordinary write of the row on the hub, stamped with the supervisor as
 * its author, so the capture triggers record it as a new operation and
 * every node that replicates the row pulls it. The ledger line keeps both
 * values for ever (an anonymised tenant's personal values excepted, see
 * sync/scrub.h); only its status (open, acknowledged, overridden) and who
 * settled it when change. */
#ifndef LOGE_SYNC_SETTLE_H
#define LOGE_SYNC_SETTLE_H

#include "core/err.h"

struct db;
struct user;

enum settle_how {
	SETTLE_ACKNOWLEDGE, /* the winner stays: status 'acknowledged' */
	SETTLE_RESTORE,     /* the loser is written back: status 'overridden' */
};

/* 1 if a conflict settled by that rule may be restored: not a delete
 * (the row is whole on both sides) nor an append (both texts are already
 * in the row). */
int settle_can_restore(const char *rule);

/* Settles conflict_id as who, in one transaction. Refused (-1, a French
 * message in e saying why, nothing written) when who's role may not write
 * the sync log, when the conflict is unknown, already settled or outside
 * who's agency, and, for a restore, when its rule does not allow one, the
 * row is gone, or the value is already in place. */
int settle_conflict(struct db *db, const struct user *who, const char *conflict_id,
    enum settle_how how, struct err *e);

#endif
