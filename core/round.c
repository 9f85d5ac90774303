/* Round templates in a user's scope and when each is due; the helpers
 * the other round files share. */
#include "round.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "perm.h"
#include "round_internal.h"
#include "user.h"
#include "utf8.h"
#include "xalloc.h"

static const char *const result_codes[][2] = {
	[ROUND_NONE] = {NULL, "À faire"},
	[ROUND_OK] = {"ok", "OK"},
	[ROUND_ANOMALY] = {"anomaly", "Anomalie"},
	[ROUND_UNCHECKED] = {"unchecked", "Non vérifié"},
};

#define NRESULTS (sizeof result_codes / sizeof result_codes[0])

/* Filled with the scope condition on es.sector_id. ?1 the scope's
 * argument, ?2 the user (their unfinished run), ?3 today, ?4 the place
 * filter, ?5 1 for the due ones only. A template never done is due
 * today; "due" sorts as text, being a date. */
static const char list_sql[] =
    "SELECT id, name, building_id, estate_id, place, frequency_days, items, last, open_run, "
    " due FROM (SELECT q.*, coalesce(date(substr(q.last, 1, 10), "
    "  printf('+%%d days', q.frequency_days)), ?3) AS due FROM ("
    " SELECT rt.id, rt.name, rt.building_id, rt.estate_id, " ROUND_PLACE_SQL " AS place, "
    "  rt.frequency_days, "
    "  (SELECT count(*) FROM round_template_item i WHERE i.template_id = rt.id) AS items, "
    "  (SELECT max(r.finished_at) FROM round_run r WHERE r.template_id = rt.id) AS last, "
    "  (SELECT r.id FROM round_run r WHERE r.template_id = rt.id AND r.user_id = ?2 "
    "   AND r.finished_at IS NULL ORDER BY r.started_at DESC, r.id DESC LIMIT 1) AS open_run "
    " FROM round_template rt " ROUND_TEMPLATE_JOINS
    " WHERE %s AND (?4 IS NULL OR rt.building_id = ?4 OR rt.estate_id = ?4 "
    "  OR b.estate_id = ?4 OR rt.estate_id = (SELECT estate_id FROM building WHERE id = ?4))"
    ") AS q) WHERE ?5 = 0 OR (items > 0 AND due <= ?3) "
    "ORDER BY due, place, name, id";

/* ---- Shared helpers ---- */

const char *
round_result_code(enum round_result r)
{
	return (size_t)r < NRESULTS ? result_codes[r][0] : NULL;
}

const char *
round_result_label(enum round_result r)
{
	return (size_t)r < NRESULTS ? result_codes[r][1] : "?";
}

enum round_result
round_result_parse(const char *code)
{
	size_t i;

	for (i = 1; code != NULL && i < NRESULTS; i++)
		if (strcmp(result_codes[i][0], code) == 0)
			return (enum round_result)i;
	return ROUND_NONE;
}

int
round_clock(const char *now, char out[DT_STAMP_SIZE], struct err *e)
{
	if (now == NULL) {
		dt_now(out);
		return 0;
	}
	if (!dt_stamp_valid(now))
		return err_set(e, "ronde : moment invalide : %s (AAAA-MM-JJTHH:MM:SSZ attendu)",
		    now);
	snprintf(out, DT_STAMP_SIZE, "%s", now);
	return 0;
}

int
round_text(const char *what, const char *s, size_t max, char **out, struct err *e)
{
	size_t start = 0, end = s ? strlen(s) : 0;

	*out = NULL;
	while (start < end && strchr(" \t\r\n", s[start]) != NULL)
		start++;
	while (end > start && strchr(" \t\r\n", s[end - 1]) != NULL)
		end--;
	if (end == start)
		return 0;
	if (utf8_check_text(what, s + start, end - start, max, e) != 0)
		return -1;
	*out = xstrndup(s + start, end - start);
	return 0;
}

int
round_in_scope(struct db *db, const struct user *who, const char *template_id,
    struct err *e)
{
	struct scope s;
	char *cond, *sql;
	int64_t in = 0;
	int rc;

	patrimoine_scope(who, &s);
	cond = patrimoine_scope_sql(&s, "es.sector_id");
	sql = xasprintf("SELECT %s FROM round_template rt " ROUND_TEMPLATE_JOINS
	    "WHERE rt.id = ?2", cond);
	rc = db_int(db, e, &in, sql, "tt", s.arg, template_id ? template_id : "");
	free(sql);
	free(cond);
	if (rc == 0)
		return err_set(e, "ronde introuvable : %s", template_id ? template_id : "");
	if (rc < 0)
		return -1;
	if (!in)
		return err_set(e, "ronde hors de votre périmètre (%s)",
		    user_role_label(who->role));
	return 0;
}

int
round_close(struct db *db, int rc, struct err *e)
{
	if (rc < 0 || db_commit(db, e) != 0) {
		db_rollback(db);
		return -1;
	}
	return rc;
}

int
round_run_get(struct db *db, const char *run_id, struct round_run_info *out, struct err *e)
{
	struct db_stmt *st;
	int rc;

	st = db_stmt(db, e, "SELECT template_id, user_id, finished_at IS NOT NULL "
	    "FROM round_run WHERE id = ?");
	if (st == NULL || db_bind(st, e, "t", run_id ? run_id : "") != 0)
		return -1;
	if ((rc = db_step(st, e)) <= 0)
		return rc < 0 ? -1 : err_set(e, "ronde introuvable : %s", run_id ? run_id : "");
	snprintf(out->template_id, UID_SIZE, "%s", db_col_text(st, 0));
	snprintf(out->user_id, UID_SIZE, "%s", db_col_text(st, 1));
	out->finished = (int)db_col_int(st, 2);
	db_reset(st);
	return 0;
}

/* ---- Lines ---- */

static void
round_line_fill(struct round_line *l, struct db_stmt *st)
{
	memset(l, 0, sizeof *l);
	snprintf(l->item_id, UID_SIZE, "%s", db_col_text(st, 0));
	l->position = (int)db_col_int(st, 1);
	l->label = db_col_dup(st, 2);
	l->result = round_result_parse(db_col_text(st, 3));
	l->comment = db_col_dup(st, 4);
	if (!db_col_is_null(st, 5))
		snprintf(l->claim_id, UID_SIZE, "%s", db_col_text(st, 5));
	l->claim_number = db_col_dup(st, 6);
}

int
round_lines_read(struct db *db, const char *template_id, const char *run_id,
    int only_recorded, struct round_line **lines, size_t *n, struct err *e)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*lines = NULL;
	*n = 0;
	st = db_stmt(db, e, "SELECT i.id, i.position, i.label, r.result, r.comment, r.claim_id, "
	    "c.number FROM round_template_item i "
	    "LEFT JOIN round_result r ON r.item_id = i.id AND r.round_id = ?2 "
	    "LEFT JOIN claim c ON c.id = r.claim_id "
	    "WHERE i.template_id = ?1 AND (?3 = 0 OR r.id IS NOT NULL) "
	    "ORDER BY i.position, i.label, i.id");
	if (st == NULL || db_bind(st, e, "ttd", template_id, run_id, only_recorded) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*lines = xreallocarray(*lines, cap, sizeof **lines);
		}
		round_line_fill(&(*lines)[(*n)++], st);
	}
	if (rc < 0) {
		round_lines_free(*lines, *n);
		*lines = NULL;
		*n = 0;
	}
	return rc;
}

void
round_lines_free(struct round_line *lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(lines[i].label);
		free(lines[i].comment);
		free(lines[i].claim_number);
	}
	free(lines);
}

/* ---- Templates and when they are due ---- */

static void
round_row_fill(struct round_template_row *r, struct db_stmt *st, int64_t today)
{
	memset(r, 0, sizeof *r);
	snprintf(r->id, UID_SIZE, "%s", db_col_text(st, 0));
	r->name = db_col_dup(st, 1);
	r->place_kind = db_col_is_null(st, 2) ? PLACE_ESTATE : PLACE_BUILDING;
	snprintf(r->place_id, UID_SIZE, "%s", db_col_text(st, db_col_is_null(st, 2) ? 3 : 2));
	r->place = db_col_dup(st, 4);
	r->frequency_days = (int)db_col_int(st, 5);
	r->items = (long)db_col_int(st, 6);
	if (!db_col_is_null(st, 7))
		snprintf(r->last_done, DT_STAMP_SIZE, "%s", db_col_text(st, 7));
	if (!db_col_is_null(st, 8))
		snprintf(r->open_run, UID_SIZE, "%s", db_col_text(st, 8));
	snprintf(r->due, DT_DATE_SIZE, "%s", db_col_text(st, 9));
	r->days_late = (long)(today - dt_days(r->due));
	r->overdue = r->days_late > 0;
}

static int
round_list(struct db *db, const struct user *who, const char *place_id, const char *now,
    int due_only, struct round_template_row **rows, size_t *n, struct err *e)
{
	struct db_stmt *st;
	struct scope s;
	char stamp[DT_STAMP_SIZE], today[DT_DATE_SIZE], *cond, *sql;
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if (!perm_can_read(who->role, PG_LOGBOOK))
		return err_set(e, "rondes : votre rôle (%s) ne permet pas de les lire",
		    user_role_label(who->role));
	if (round_clock(now, stamp, e) != 0)
		return -1;
	snprintf(today, sizeof today, "%.10s", stamp);
	patrimoine_scope(who, &s);
	cond = patrimoine_scope_sql(&s, "es.sector_id");
	sql = xasprintf(list_sql, cond);
	free(cond);
	st = db_stmt(db, e, sql);
	free(sql);
	if (st == NULL || db_bind(st, e, "ttttd", s.arg, who->id, today, place_id, due_only) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		round_row_fill(&(*rows)[(*n)++], st, dt_days(today));
	}
	if (rc < 0) {
		round_template_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

int
round_templates(struct db *db, const struct user *who, const char *place_id,
    const char *now, struct round_template_row **rows, size_t *n, struct err *e)
{
	return round_list(db, who, place_id, now, 0, rows, n, e);
}

int
round_due(struct db *db, const struct user *who, const char *now,
    struct round_template_row **rows, size_t *n, struct err *e)
{
	return round_list(db, who, NULL, now, 1, rows, n, e);
}

void
round_template_rows_free(struct round_template_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].name);
		free(rows[i].place);
	}
	free(rows);
}
