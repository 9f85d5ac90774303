/* Shared by core/referential.c (one edit at a time) and
 * core/referential_csv.c (a whole file in one transaction). */
#ifndef LOGE_REFERENTIAL_INTERNAL_H
#define LOGE_REFERENTIAL_INTERNAL_H

#include "datetime.h"
#include "referential.h"

/* One kind of row: where it lives and what guards it. */
struct rtable {
	const char *table;
	const char *label;
	const char *parent;    /* column of the parent row, or NULL */
	int parent_t;          /* the parent's table, -1 if none */
	const char *order;     /* ORDER BY, on alias x */
	const char *extra;     /* two more columns (count, uses), on alias x */
	/* SELECT giving why row ?1 may not be deleted (nor its guarded
	 * column changed): other rows use it; no row when free. */
	const char *guard;
	/* SELECT giving why row ?1, once written, is inconsistent. */
	const char *check;
	const struct referential_col *cols;
	size_t ncols;
};

/* The description of table t. */
const struct rtable *ref_table(enum referential_table t);

/* A write in progress: who, when, on which table. */
struct ref_write {
	struct db *db;
	const struct user *who;
	enum referential_table t;
	char now[DT_STAMP_SIZE];
	struct err *e;
};

/* Checks who may write and fills w; -1 with e set if not. */
int ref_write_init(struct ref_write *w, struct db *db, const struct user *who,
    enum referential_table t, struct err *e);
/* Checks inputs[i] for each column of t into vals[i] (stored form, NULL
 * for NULL); on failure the message names the column and vals holds
 * nothing to free. */
int ref_validate(enum referential_table t, const char *const *inputs, char **vals,
    struct err *e);
void ref_vals_free(char **vals, size_t n);
/* A new row of stored values under parent_id (rooms, items) at position
 * (0: after the last). Inside a transaction. */
int ref_insert(struct ref_write *w, const char *parent_id, long position, char **vals,
    char out_id[UID_SIZE]);
/* Sets the columns of row id whose bit is in mask to vals; *changed (may
 * be NULL) gets the bits of those that differed. Inside a transaction. */
int ref_update(struct ref_write *w, const char *id, char **vals, unsigned mask,
    unsigned *changed);

/* The id of the row of w->t whose column equals value (parent_id NULL),
 * or of the child of parent_id at that position (value: the position);
 * NULL if none (e->msg then empty) or on error. The caller frees. */
char *ref_find(struct ref_write *w, const char *column, const char *value,
    const char *parent_id);
/* The stored values of row id into vals (one per column); the caller
 * frees them with ref_vals_free. */
int ref_load(struct ref_write *w, const char *id, char **vals);

#endif
