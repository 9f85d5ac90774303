/* What claim.c, claim_due.c, claim_list.c and work_order*.c share: the
 * SQL that walks a claim's or a work order's place up to its estate,
 * text and time checks, and the steps that run inside a caller's
 * transaction. */
#ifndef LOGE_CLAIM_INTERNAL_H
#define LOGE_CLAIM_INTERNAL_H

#include <stdint.h>

#include "claim.h"
#include "patrimoine.h"

struct db_stmt;

/* From a row x with dwelling_id, entrance_id, building_id and
 * common_area_id: d, ca, en, b (its building, or its entrance's, or its
 * common area's) and es (always found: its estate). */
#define CLAIM_PLACE_JOINS(x) \
	"LEFT JOIN dwelling d ON d.id = " x ".dwelling_id " \
	"LEFT JOIN common_area ca ON ca.id = " x ".common_area_id " \
	"LEFT JOIN entrance en ON en.id = coalesce(" x ".entrance_id, d.entrance_id) " \
	"LEFT JOIN building b ON b.id = coalesce(" x ".building_id, en.building_id, " \
	"  ca.building_id) " \
	"JOIN estate es ON es.id = coalesce(b.estate_id, ca.estate_id) "

/* The place in one line, over CLAIM_PLACE_JOINS: a common area by its
 * name and building (or estate), the rest as PATRIMOINE_PLACE_LABEL_SQL. */
#define CLAIM_PLACE_LABEL_SQL \
	"CASE WHEN ca.id IS NOT NULL THEN ca.name || coalesce(' — Bâtiment ' || b.code, " \
	"  ' — ' || es.name) ELSE " PATRIMOINE_PLACE_LABEL_SQL " END"

/* The four place columns, in enum claim_place order. */
extern const char *const claim_place_columns[CLAIM_PLACE_COUNT];

/* Seconds since the epoch of a valid stamp (0), else -1; and back. */
int claim_stamp_secs(const char *stamp, int64_t *out);
void claim_secs_stamp(int64_t t, char out[DT_STAMP_SIZE]);
/* now, or the clock when now is NULL, checked, into out. */
int claim_now(const char *now, char out[DT_STAMP_SIZE], struct err *e);

/* A copy of text trimmed of surrounding blanks, checked (valid UTF-8, no
 * control character but newline and tab, at most CLAIM_TEXT_MAX bytes);
 * NULL for NULL or blank text. what names the field in messages
 * ("description"). 0, or -1 with a French message. The caller frees
 * *out. */
int claim_text_clean(const char *what, const char *text, char **out, struct err *e);

/* The sector of a place if it exists: 1 and in_scope set (0 or 1 for
 * who), 0 if it does not exist, -1 on error. */
int claim_place_sector(struct db *db, const struct user *who, enum claim_place kind,
    const char *id, char sector[UID_SIZE], int *in_scope, struct err *e);

/* Inside the caller's transaction: inserts an event of a claim
 * ("claim_event") or work order ("work_order_event"); from, to, comment
 * may be NULL. */
int claim_event_insert(struct db *db, const char *table, const char *parent,
    const struct user *who, const char *from, const char *to, const char *comment,
    const char *now, struct err *e);
/* Inside the caller's transaction: applies action a to the claim (the
 * status it has, checked against the table) with the cleaned comment. */
int claim_step(struct db *db, const struct user *who, const char *claim_id,
    enum claim_action a, const char *comment, const char *now, struct err *e);
/* Reads the events of one parent: sql selects id, at, user_id, display
 * name, from, to, comment with ?1 the parent. Free with
 * claim_events_free. */
int claim_events_read(struct db *db, const char *sql, const char *parent,
    struct claim_event_row **rows, size_t *n, struct err *e);
/* The place kind and id of a row from its four place columns, starting
 * at column col. */
void claim_place_fill(struct db_stmt *st, int col, enum claim_place *kind,
    char id[UID_SIZE]);

#endif
