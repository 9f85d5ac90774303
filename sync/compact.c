/* Compaction of the sync logs (see compact.h). */
#include "compact.h"

#include <string.h>

#include "core/datetime.h"
#include "core/db.h"

/* The stamp COMPACT_KEEP_DAYS before now_ms. */
static void
cutoff(int64_t now_ms, char out[DT_STAMP_SIZE])
{
	int64_t s = now_ms / 1000 - (int64_t)COMPACT_KEEP_DAYS * 86400;

	dt_stamp(s / 86400, (int)(s % 86400), out);
}

/* Where the hub's log may be cut: no further than the oldest cursor of
 * the nodes seen recently (none: the head), but at least past every
 * operation older than the cutoff. */
static int
horizon(struct db *db, const char *cut, int64_t head, int64_t *h, struct err *e)
{
	struct db_stmt *st;
	int64_t active = head;
	int rc;

	if (db_int(db, e, &active, "SELECT coalesce(min(cursor), ?) FROM sync_node "
	    "WHERE last_seen >= ?", "it", head, cut) < 0)
		return -1;
	*h = active < head ? active : head;
	/* The log is in sequence order and nearly in time order: stop at the
	 * first operation young enough. */
	st = db_stmt(db, e, "SELECT seq, at FROM op WHERE seq > ? ORDER BY seq");
	if (st == NULL || db_bind(st, e, "i", *h) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1 && strcmp(db_col_text(st, 1), cut) < 0)
		*h = db_col_int(st, 0);
	if (rc == 1)
		db_reset(st);
	return rc < 0 ? -1 : 0;
}

int
compact_hub(struct db *db, int64_t now_ms, struct compact_stats *st, struct err *e)
{
	char cut[DT_STAMP_SIZE];
	int64_t head = 0, done = 0, h = 0;

	memset(st, 0, sizeof *st);
	cutoff(now_ms, cut);
	if (db_begin(db, e) != 0)
		return -1;
	if (db_int(db, e, &head, "SELECT seq FROM sync_state", "") < 0 ||
	    db_int(db, e, &done, "SELECT compacted FROM sync_state", "") < 0 ||
	    horizon(db, cut, head, &h, e) != 0)
		goto fail;
	st->horizon = h > done ? h : done;
	if (h > done) {
		if (db_run(db, e, "UPDATE sync_state SET compacted = ?1, compacted_hlc = "
		    "max(compacted_hlc, (SELECT coalesce(max(hlc), 0) FROM op WHERE seq <= ?1))",
		    "i", h) != 0 || db_run(db, e, "DELETE FROM op WHERE seq <= ?", "i", h) != 0)
			goto fail;
		st->ops = db_changes(db);
	}
	/* A replay older than that is of an operation the node has had its
	 * answer to long ago; applied again it would merge to nothing. */
	if (db_run(db, e, "DELETE FROM sync_received WHERE at < ?", "t", cut) != 0)
		goto fail;
	st->received = db_changes(db);
	return db_commit(db, e);
fail:
	db_rollback(db);
	return -1;
}

int
compact_node(struct db *db, int64_t now_ms, struct compact_stats *st, struct err *e)
{
	char cut[DT_STAMP_SIZE];

	memset(st, 0, sizeof *st);
	cutoff(now_ms, cut);
	if (db_begin(db, e) != 0)
		return -1;
	if (db_run(db, e, "DELETE FROM op WHERE state IN ('applied','merged','conflict') "
	    "AND result_at < ?", "t", cut) != 0) {
		db_rollback(db);
		return -1;
	}
	st->ops = db_changes(db);
	return db_commit(db, e);
}
