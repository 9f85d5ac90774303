/* The history of a round template (its finished runs with their counts)
 * and the places a template may be attached to: what the rounds screens
 * read besides the due list. Both stay within who's scope. */
#include "round.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "perm.h"
#include "round_internal.h"
#include "user.h"
#include "xalloc.h"

/* ?1 the template (its scope checked before), ?2 the limit (-1: none). Ties on finished_at (two nodes' runs) by id, so that the
 * order never changes between two readings. */
static const char history_sql[] =
    "SELECT rr.id, rr.started_at, rr.finished_at, coalesce(ua.display_name, rr.user_id), "
    " (SELECT count(*) FROM round_result r WHERE r.round_id = rr.id AND r.result = 'ok'), "
    " (SELECT count(*) FROM round_result r WHERE r.round_id = rr.id "
    "  AND r.result = 'anomaly'), "
    " (SELECT count(*) FROM round_result r WHERE r.round_id = rr.id "
    "  AND r.result = 'unchecked'), "
    " (SELECT count(*) FROM round_result r WHERE r.round_id = rr.id "
    "  AND r.claim_id IS NOT NULL) "
    "FROM round_run rr LEFT JOIN user_account ua ON ua.id = rr.user_id "
    "WHERE rr.template_id = ?1 AND rr.finished_at IS NOT NULL "
    "ORDER BY rr.finished_at DESC, rr.id DESC LIMIT ?2";

static void
history_fill(struct round_history_row *r, struct db_stmt *st)
{
	memset(r, 0, sizeof *r);
	snprintf(r->run_id, sizeof r->run_id, "%s", db_col_text(st, 0));
	snprintf(r->started_at, sizeof r->started_at, "%s", db_col_text(st, 1));
	snprintf(r->finished_at, sizeof r->finished_at, "%s", db_col_text(st, 2));
	r->user_name = db_col_dup(st, 3);
	r->ok = (long)db_col_int(st, 4);
	r->anomalies = (long)db_col_int(st, 5);
	r->unchecked = (long)db_col_int(st, 6);
	r->claims = (long)db_col_int(st, 7);
}

int
round_history(struct db *db, const struct user *who, const char *template_id,
    size_t limit, struct round_history_row **rows, size_t *n, struct err *e)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if (!perm_can_read(who->role, PG_LOGBOOK))
		return err_set(e, "rondes : votre rôle (%s) ne permet pas de les lire",
		    user_role_label(who->role));
	if (round_in_scope(db, who, template_id, e) != 0)
		return -1;
	st = db_stmt(db, e, history_sql);
	if (st == NULL || db_bind(st, e, "ti", template_id,
	    limit ? (int64_t)limit : (int64_t)-1) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		history_fill(&(*rows)[(*n)++], st);
	}
	if (rc < 0) {
		round_history_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

void
round_history_free(struct round_history_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(rows[i].user_name);
	free(rows);
}

/* ---- Places ---- */

/* Filled with the scope condition on es.sector_id (?1). */
static const char places_sql[] =
    "SELECT kind, id, label FROM ("
    " SELECT 0 AS kind, es.id, es.name AS label, es.name AS k1, '' AS k2 FROM estate es "
    "  WHERE %s "
    " UNION ALL SELECT 1, b.id, es.name || ' — bâtiment ' || b.code, es.name, b.code "
    "  FROM building b JOIN estate es ON es.id = b.estate_id WHERE %s) "
    "ORDER BY k1, kind, k2, id";

int
round_places(struct db *db, const struct user *who, struct round_place_row **rows,
    size_t *n, struct err *e)
{
	struct round_place_row *r;
	struct db_stmt *st;
	struct scope s;
	char *cond, *sql;
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	patrimoine_scope(who, &s);
	cond = patrimoine_scope_sql(&s, "es.sector_id");
	sql = xasprintf(places_sql, cond, cond);
	free(cond);
	st = db_stmt(db, e, sql);
	free(sql);
	if (st == NULL || db_bind(st, e, "t", s.arg) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		r = &(*rows)[(*n)++];
		r->kind = db_col_int(st, 0) ? PLACE_BUILDING : PLACE_ESTATE;
		snprintf(r->id, sizeof r->id, "%s", db_col_text(st, 1));
		r->label = db_col_dup(st, 2);
	}
	if (rc < 0) {
		round_places_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

void
round_places_free(struct round_place_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(rows[i].label);
	free(rows);
}
