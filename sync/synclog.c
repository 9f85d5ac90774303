/* The sync log (see synclog.h). */
#include "synclog.h"

#include "core/datetime.h"
#include "core/db.h"

int
synclog_start(struct db *db, const char *side, const char *peer, const char *node,
    const char *user_id, char id[UID_SIZE], struct err *e)
{
	char now[DT_STAMP_SIZE];

	uid_new(id);
	dt_now(now);
	return db_run(db, e, "INSERT INTO sync_session (id, side, peer, node_id, user_id, "
	    "started_at) VALUES (?, ?, ?, ?, ?, ?)", "tttttt", id, side, peer, node, user_id, now);
}

int
synclog_finish(struct db *db, const char *id, const char *node, const char *user_id,
    const struct sync_counts *n, uint64_t bytes_in, uint64_t bytes_out,
    const char *outcome, const char *error)
{
	char now[DT_STAMP_SIZE];
	struct err e;

	if (db_in_transaction(db))
		db_rollback(db);
	dt_now(now);
	return db_run(db, &e, "UPDATE sync_session SET ended_at = ?, node_id = coalesce(?, node_id), "
	    "user_id = coalesce(?, user_id), sent = ?, received = ?, applied = ?, merged = ?, "
	    "conflicts = ?, refused = ?, pulled = ?, bytes_in = ?, bytes_out = ?, skew_ms = ?, "
	    "outcome = ?, error = ? WHERE id = ?", "tttiiiiiiiiiitt" "t", now, node, user_id,
	    n->sent, n->received, n->applied, n->merged, n->conflicts, n->refused, n->pulled,
	    (int64_t)bytes_in, (int64_t)bytes_out, n->skew_ms, outcome, error, id);
}
