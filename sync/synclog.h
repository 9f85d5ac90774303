/* The sync log: one row per session on both sides (start, end, user,
 * node, operations sent and received, results by kind, bytes, clock skew,
 * outcome and error), written at the start and at the end of a session,
 * each in its own transaction, so that a session cut short still shows.
 *
 * Read side, for `loge synclog` and the TUI's Synchronisation screen: the
 * sessions (newest first, filtered by date, by agency or user, or to those
 * with conflicts or refusals), the conflicts of a session (the hub's
 * ledger), its refusals, a node's own refused operations, and what the
 * status line shows. Nothing here includes core/db.h: the TUI calls it.
 *
 * Refusals and sessions: the schema has no session id on a refusal. The
 * hub's refusals of a session are the rows of sync_received with result
 * 'refused', the session's node_id, and `at` between the session's
 * started_at and ended_at (now while it runs); a node's are its own
 * operations with state 'refused' and result_at in the same interval.
 * A node syncs one session at a time, so the intervals do not overlap
 * (two sessions of one node ending and starting in the same second would
 * both show a refusal of that second). */
#ifndef LOGE_SYNC_SYNCLOG_H
#define LOGE_SYNC_SYNCLOG_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/uid.h"
#include "hub.h"

struct db;
struct user;
struct cJSON;

/* Opens a session row (outcome "running"); id receives its id. */
int synclog_start(struct db *db, const char *side, const char *peer, const char *node,
    const char *user_id, char id[UID_SIZE], struct err *e);
/* Closes it: outcome "ok", "error" or "cut", error the message or NULL. */
int synclog_finish(struct db *db, const char *id, const char *node, const char *user_id,
    const struct sync_counts *n, uint64_t bytes_in, uint64_t bytes_out,
    const char *outcome, const char *error);

/* ---- Reading the log ---- */

/* One session. Text members may be NULL (SQL NULL). */
struct synclog_session {
	char *id, *side, *peer, *node_id;
	char *user_id, *user_login, *user_name; /* NULL on a node's own log */
	char *started_at, *ended_at;            /* ended_at NULL while running */
	int64_t sent, received, applied, merged, conflicts, refused, pulled;
	int64_t bytes_in, bytes_out;
	int64_t skew_ms;
	int skew_known;
	int64_t open;                           /* its ledger lines still open */
	char *outcome, *error;
};

struct synclog_filter {
	const char *since;     /* "YYYY-MM-DD": started that day or later; NULL */
	int problems;          /* only sessions with conflicts or refusals */
	const char *agency_id; /* only sessions of that agency's users; NULL */
	const char *user_id;   /* only that user's, and the node's own; NULL */
	int64_t limit;         /* at most that many, newest first; 0: all */
};

/* The sessions who may see: a gardien his own, agency staff their
 * agency's, organisation-wide roles every one. Fills agency_id and
 * user_id (pointing into who); leaves the rest. */
void synclog_filter_for(const struct user *who, struct synclog_filter *f);
/* Sessions, newest first; *out (free with synclog_sessions_free) and *n. */
int synclog_sessions(struct db *db, const struct synclog_filter *f,
    struct synclog_session **out, size_t *n, struct err *e);
void synclog_sessions_free(struct synclog_session *s, size_t n);
/* One session by id: 1 found (clear with synclog_session_clear), 0 none,
 * -1 error. */
int synclog_session_find(struct db *db, const char *id, struct synclog_session *out,
    struct err *e);
void synclog_session_clear(struct synclog_session *s);

/* One line of the hub's conflict ledger. Values are JSON scalars as
 * text ("3", "\"T3\"", "null"); NULL when there is none (a delete). */
struct synclog_conflict {
	char *id, *at, *session_id, *tbl, *row_id, *col, *rule;
	char *row_label;                /* "Logement 0012", "Réclamation R-1" */
	char *base_value, *win_value, *lose_value;
	char *cur_value;                /* the row's value now; NULL if gone */
	int row_gone;                   /* the row no longer exists */
	int hidden;                     /* the role may not read the column:
	                                   values are NULL */
	char *win_user, *win_node, *win_at;    /* user: display name, else id */
	char *lose_user, *lose_node, *lose_at;
	int64_t win_hlc, lose_hlc, lose_seq, skew_ms;
	char *sector, *status, *settled_by, *settled_at;
};

/* The ledger lines of a session, oldest first, values withheld where
 * role may not read the column. */
int synclog_conflicts(struct db *db, const char *role, const char *session_id,
    struct synclog_conflict **out, size_t *n, struct err *e);
void synclog_conflicts_free(struct synclog_conflict *c, size_t n);

/* A refused operation: on the hub, from sync_received (table and row
 * known when the hub sent the row back, fields never); on a node, from
 * its op log (fields as {"col":[old,new],...}). */
struct synclog_refusal {
	char *node_id;     /* the hub's view: which node; NULL on a node */
	int64_t seq;       /* the node's sequence number */
	char *tbl, *row_id, *kind, *fields, *code, *at;
	char *row_label;
};

/* The refusals of a session (see above for how they are tied to it). */
int synclog_session_refusals(struct db *db, const struct synclog_session *s,
    struct synclog_refusal **out, size_t *n, struct err *e);
/* "Mes modifications refusées": on a node, its refused operations; on
 * the hub, the refusals of the nodes of who. Newest first. */
int synclog_refused(struct db *db, const struct user *who, struct synclog_refusal **out,
    size_t *n, struct err *e);
void synclog_refusals_free(struct synclog_refusal *r, size_t n);

/* What the status line shows: on a node, the local changes waiting
 * (capture_pending), the refused ones, and when the last successful
 * session ended; on the hub, when the last session from a node ended.
 * Two or three indexed queries: cheap enough for every redraw. */
struct synclog_status {
	int hub;
	int64_t pending, refused;
	char last[21]; /* ended_at of the last successful session, "" if none */
};
int synclog_status(struct db *db, struct synclog_status *st, struct err *e);
/* 1 on the hub, 0 on a node, -1 on error. */
int synclog_is_hub(struct db *db, struct err *e);

/* ---- Words for people ---- */

/* The French explanation of a refusal code ("permission"...). */
const char *synclog_code_text(const char *code);
/* How a rule settled a conflict ("lww": "le plus récent l'emporte"). */
const char *synclog_rule_text(const char *rule);
/* "ouvert", "acquitté", "rétabli". */
const char *synclog_status_text(const char *status);
/* "terminée", "erreur", "coupée", "en cours". */
const char *synclog_outcome_text(const char *outcome);
/* "Logement", "Réclamation"...; the table name when unknown. */
const char *synclog_table_label(const char *table);
/* The label of a column ("Étage"), else its name; the caller frees. */
char *synclog_field_label(const char *table, const char *col);
/* A JSON scalar as a person reads it ("54,5 m²", "T3", "(vide)"); NULL
 * gives "(aucune)". The caller frees. */
char *synclog_value_text(const char *table, const char *col, const char *json);
/* The changed fields of an operation ("Étage : 2 → 3 ; Porte : A → B");
 * the caller frees. */
char *synclog_fields_text(const char *table, const char *fields);
/* The value of a JSON scalar text as stored in the ledger ("3",
 * "\"T3\"", "null") as a new node the caller deletes with cJSON_Delete;
 * NULL if the text is not one value. */
struct cJSON *synclog_scalar(const char *json);
/* A UTC stamp in local time: "22/11 à 08:15" (short) or
 * "22/11/2026 08:15" (long); "?" if it is not a stamp. */
void synclog_when(const char *stamp, int longer, char *out, size_t size);

#endif
