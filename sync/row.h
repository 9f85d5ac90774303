/* Rows of replicated tables as JSON objects ({"col": value, ...}): read,
 * compared, checked against the replication table and written, with SQL
 * built from the table's column list (never from names in a frame). */
#ifndef LOGE_SYNC_ROW_H
#define LOGE_SYNC_ROW_H

#include <cjson/cJSON.h>

#include "core/err.h"
#include "tables.h"

struct db;

/* The row's values as a new object (the caller frees with cJSON_Delete);
 * NULL with e->msg empty when there is no such row, set on error. */
cJSON *row_read(struct db *db, const struct sync_table *t, const char *id, struct err *e);
/* Same value for the column (1.0 equals 1 in a REAL column). */
int row_values_equal(const cJSON *a, const cJSON *b);
/* Checks a value against its column: NULL if fine, else a reason code
 * ("type", "length", "utf8") and a French message in e. */
const char *row_check_value(const struct sync_column *c, const cJSON *v, struct err *e);
/* INSERT of an object holding every column (missing ones are NULL). */
int row_insert(struct db *db, const struct sync_table *t, const cJSON *values, struct err *e);
/* UPDATE of the columns present in changes (never id). */
int row_update(struct db *db, const struct sync_table *t, const char *id,
    const cJSON *changes, struct err *e);
/* Insert or replace every column but those named in keep (an array of
 * column names, or NULL): the pull on a node. An existing row is read
 * first and only the columns that differ are written (none: no write). */
int row_upsert(struct db *db, const struct sync_table *t, const cJSON *values,
    const cJSON *keep, struct err *e);
int row_delete(struct db *db, const struct sync_table *t, const char *id, struct err *e);
/* The row's current sector (NULL: none or reference data; the caller
 * frees); -1 on error. */
int row_sector(struct db *db, const struct sync_table *t, const char *id, char **sector,
    struct err *e);

#endif
