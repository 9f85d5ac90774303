/* What the round files share: the joins that place a template, the
 * checks every call makes, and the reading of lines. */
#ifndef LOGE_ROUND_INTERNAL_H
#define LOGE_ROUND_INTERNAL_H

#include "round.h"

/* A template (aliased rt) up to its building (b, NULL for an estate's)
 * and its estate (es). */
#define ROUND_TEMPLATE_JOINS \
	"LEFT JOIN building b ON b.id = rt.building_id " \
	"JOIN estate es ON es.id = coalesce(rt.estate_id, b.estate_id) "
#define ROUND_PLACE_SQL \
	"CASE WHEN b.id IS NOT NULL THEN 'Bâtiment ' || b.code || ' — ' || es.name " \
	" ELSE es.name END"

/* What the writes about a run need to know of it. */
struct round_run_info {
	char template_id[UID_SIZE];
	char user_id[UID_SIZE];
	int finished;
};

/* now, or the clock when now is NULL, checked, into out. */
int round_clock(const char *now, char out[DT_STAMP_SIZE], struct err *e);
/* s trimmed and checked as text of at most max bytes: *out receives a
 * copy (the caller frees) or NULL when s is NULL or blank. */
int round_text(const char *what, const char *s, size_t max, char **out, struct err *e);
/* 0 if the template exists and lies in who's scope, else -1 with why. */
int round_in_scope(struct db *db, const struct user *who, const char *template_id,
    struct err *e);
/* Ends the transaction a write opened: commits and returns rc when rc
 * is not negative, rolls back and returns -1 otherwise. */
int round_close(struct db *db, int rc, struct err *e);
/* The run's template, user and state; -1 with a message if none. */
int round_run_get(struct db *db, const char *run_id, struct round_run_info *out,
    struct err *e);
enum round_result round_result_parse(const char *code);
/* The lines of a template with their results in run_id (NULL: none);
 * only_recorded keeps the lines with a result (a finished run). */
int round_lines_read(struct db *db, const char *template_id, const char *run_id,
    int only_recorded, struct round_line **lines, size_t *n, struct err *e);

#endif
