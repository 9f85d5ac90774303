/* The SQL layer: the only place, with sync/, that calls sqlite3_*.
 * Statements are prepared once and cached per connection; every write runs
 * inside db_begin()/db_commit(), which remember where they were opened. */
#ifndef LOGE_DB_H
#define LOGE_DB_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct db;
struct db_stmt;

enum {
	DB_CREATE = 1 << 0,   /* create the file (mode 0600) if missing */
	DB_READONLY = 1 << 1, /* no writes, no migration */
};

/* Opens (and migrates) a Loge database. A database written by a newer
 * Loge, or a file that is not a Loge database, is refused untouched. */
int db_open(struct db **out, const char *path, int flags, struct err *e);
void db_close(struct db *db);
const char *db_path(const struct db *db);
int db_schema_version(struct db *db);

/* Transactions nest: the outermost is BEGIN IMMEDIATE, inner ones are
 * savepoints, so a row-level failure can be undone alone. */
int db_begin_at(struct db *db, struct err *e, const char *file, int line);
#define db_begin(db, e) db_begin_at((db), (e), __FILE__, __LINE__)
int db_commit(struct db *db, struct err *e);
void db_rollback(struct db *db);
int db_in_transaction(const struct db *db);
/* 1 if the handle was opened with DB_READONLY. */
int db_readonly(const struct db *db);

/* Returns the cached statement for sql, reset, with no bindings; NULL with
 * e set on error. The statement belongs to db: never free it. */
struct db_stmt *db_stmt(struct db *db, struct err *e, const char *sql);
/* Binds parameters from 1 in order. types: 't' text (NULL binds NULL),
 * 'i' int64_t, 'd' int, 'f' double, 'n' NULL (no argument). Text must be
 * valid UTF-8 without NUL, else -1 and a message naming the parameter. */
int db_bind(struct db_stmt *st, struct err *e, const char *types, ...);
/* 1 a row, 0 done, -1 error (constraint violations become readable
 * messages in e). */
int db_step(struct db_stmt *st, struct err *e);
/* Ends a statement whose remaining rows are not wanted, so that it holds
 * no read transaction open. */
void db_reset(struct db_stmt *st);
/* Binds one parameter at index i (from 1), for statements whose shape is
 * known only at run time (sync); type as for db_bind. */
int db_bind_at(struct db_stmt *st, struct err *e, int i, int type, ...);
/* The storage class of a column of the current row: 'i' integer, 'f'
 * real, 't' text, 'n' NULL. */
char db_col_kind(struct db_stmt *st, int col);
/* 1 if the last failure was a constraint (CHECK, UNIQUE, foreign key,
 * a trigger's RAISE): the write was refused, the database is fine. */
int db_last_was_constraint(struct db *db);
/* Column access for the current row; text is NULL for SQL NULL and lives
 * until the next step. */
const char *db_col_text(struct db_stmt *st, int col);
int64_t db_col_int(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);
int db_col_is_null(struct db_stmt *st, int col);
int db_col_count(struct db_stmt *st);
const char *db_col_name(struct db_stmt *st, int col);
/* Returns a copy of the column text (NULL for SQL NULL); the caller frees. */
char *db_col_dup(struct db_stmt *st, int col);

/* Prepare, bind, step to the end: for writes. */
int db_run(struct db *db, struct err *e, const char *sql, const char *types, ...);
/* First column of the first row as an integer: 1 found, 0 no row, -1 error. */
int db_int(struct db *db, struct err *e, int64_t *out, const char *sql, const char *types, ...);
/* First column of the first row as text; NULL if no row or SQL NULL (then
 * check e->msg for an error). The caller frees the result. */
char *db_text(struct db *db, struct err *e, const char *sql, const char *types, ...);
/* Runs several statements with no parameters (migrations, pragmas). */
int db_script(struct db *db, struct err *e, const char *sql);
/* Rows changed by the last write. */
int64_t db_changes(struct db *db);

/* The node's key/value settings (node id, owner, demo flag). */
char *db_meta_get(struct db *db, const char *key);
int db_meta_set(struct db *db, struct err *e, const char *key, const char *value);

#endif
