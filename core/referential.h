/* The reference data of états des lieux, which the administrator edits:
 * the wear grid (grille de vétusté), the price list (bordereau de prix)
 * and the templates an inspection starts from, with their rooms and
 * items. One table of columns per kind of row says what each accepts and
 * how it is typed and shown; reading is open to every role, every write
 * is one transaction signed with its author and reserved to the role that
 * writes the users (core/perm.h PG_USERS: the administrator), as the
 * replication table (sync/tables.c) has it. */
#ifndef LOGE_REFERENTIAL_H
#define LOGE_REFERENTIAL_H

#include <stddef.h>

#include "err.h"
#include "uid.h"
#include "xalloc.h"

struct db;
struct user;
struct field_choice;

enum referential_table {
	RT_WEAR,     /* wear_grid */
	RT_PRICE,    /* price_list */
	RT_TEMPLATE, /* inspection_template */
	RT_ROOM,     /* template_room, under a template */
	RT_ITEM,     /* template_item, under a room */
	RT_COUNT
};

enum referential_type {
	RC_TEXT,
	RC_INT,     /* min..max */
	RC_PERCENT, /* stored in basis points; typed "12,85" or "12,85 %" */
	RC_EUROS,   /* stored in cents; typed "24,50" or "24,50 €" */
	RC_CHOICE,  /* one of choices[] (code or label) */
	RC_FLAG,    /* 0 or 1, typed "oui" or "non" */
	RC_KCODE,   /* a wear-grid kind code: a-z 0-9 _ */
	RC_PCODE,   /* a price code: A-Z 0-9 - _ . (lower case is raised) */
	RC_KIND,    /* a kind of the wear grid (or "other", RCF_OTHER) */
};

enum {
	RCF_NULLABLE = 1 << 0, /* an empty input stores NULL */
	RCF_UNIQUE = 1 << 1,   /* no two rows share the value */
	RCF_OTHER = 1 << 2,    /* RC_KIND: "other" (no wear) is accepted */
	RCF_GUARDED = 1 << 3,  /* other rows refer to it: changed only if unused */
};

struct referential_col {
	const char *column; /* SQL column */
	const char *label;  /* "Taux annuel" */
	const char *csv;    /* header of the CSV column: "taux_annuel" */
	enum referential_type type;
	int flags;          /* RCF_* */
	long min, max;      /* RC_INT; RC_PERCENT and RC_EUROS in hundredths */
	size_t max_len;     /* in characters */
	const struct field_choice *choices;
	size_t nchoices;
	const char *unit;   /* shown after the value ("ans"), or NULL */
};

/* The editable columns of a table, in display order; static. */
const struct referential_col *referential_cols(enum referential_table t, size_t *n);
/* The column named column (SQL name) of t, or NULL. */
const struct referential_col *referential_col(enum referential_table t, const char *column);
/* "Grille de vétusté", "Pièce de modèle"... */
const char *referential_table_label(enum referential_table t);

/* 1 if who may change the reference data. */
int referential_can_write(const struct user *who);
/* The line that says who may: "Référentiels : réservé à l'administrateur". */
const char *referential_reserved(void);

/* Checks input (UTF-8, as typed) for column c and gives the value to store
 * in *out (integers as decimal text; NULL for an empty input of a nullable
 * column); the caller frees. -1 with a French message in e. What needs
 * the database (a kind that exists, a unique code) is checked on write. */
int referential_check(const struct referential_col *c, const char *input, char **out,
    struct err *e);
/* The stored value as one types it: "12,85", "24,50", "oui", "T3"; NULL
 * for NULL. The caller frees. */
char *referential_typed(const struct referential_col *c, const char *stored);
/* The stored value as a screen shows it: "12,85 %", "24,50 €", "25 ans",
 * a choice's label; NULL for NULL. The caller frees. */
char *referential_shown(const struct referential_col *c, const char *stored);

/* ---- Reading ---- */

struct referential_row {
	char id[UID_SIZE];
	long position;     /* rooms and items; 0 otherwise */
	char **values;     /* stored values, one per column (NULL: SQL NULL) */
	long count;        /* a template's rooms, a room's items; 0 otherwise */
	long uses;         /* inspections made from a template; 0 otherwise */
	char *updated_at;
	char *updated_by;  /* the author's login, or the id if unknown */
};

/* The rows of t (for RT_ROOM and RT_ITEM those under parent_id), in
 * display order: the wear grid by kind, prices by code, templates by name,
 * rooms and items by position. The caller frees with
 * referential_rows_free. */
int referential_list(struct db *db, enum referential_table t, const char *parent_id,
    struct referential_row **rows, size_t *n, struct err *e);
void referential_rows_free(struct referential_row *rows, size_t n, enum referential_table t);

/* ---- Writing (who must pass referential_can_write) ---- */

/* Sets one column (SQL name) of a row from what was typed. An input equal
 * to the stored value writes nothing. -1 (nothing written) with e set
 * when refused: role, invalid input, unknown kind, duplicate code, a code
 * other rows use, a franchise not below the lifetime. */
int referential_set(struct db *db, const struct user *who, enum referential_table t,
    const char *row_id, const char *column, const char *input, struct err *e);
/* A new row from inputs, one per column of referential_cols (NULL or ""
 * for an empty one); rooms and items go after the last of parent_id's.
 * out_id (may be NULL) receives its id. */
int referential_add(struct db *db, const struct user *who, enum referential_table t,
    const char *parent_id, const char *const *inputs, char out_id[UID_SIZE], struct err *e);
/* Deletes a row; a template goes with its rooms and items, a room with
 * its items, and the rooms or items after it move up. Refused when other
 * rows use it: a kind used by prices or template items, a price code used
 * by inspection items, a template from which inspections were made. */
int referential_delete(struct db *db, const struct user *who, enum referential_table t,
    const char *row_id, struct err *e);
/* Moves a room or an item one place up (delta -1) or down (+1) among its
 * siblings: 1 moved, 0 already first or last, -1 error. */
int referential_move(struct db *db, const struct user *who, enum referential_table t,
    const char *row_id, int delta, struct err *e);

/* ---- CSV (loge referentiel) ---- */

enum referential_set { RS_WEAR, RS_PRICE, RS_TEMPLATES, RS_COUNT };

/* "vetuste", "prix", "modeles" to a set; -1 if none. */
int referential_set_parse(const char *name);
const char *referential_set_name(enum referential_set s);

/* Appends the whole set to out as CSV: ';' separated, a header line,
 * UTF-8, values as typed (percentages "12,85", euros "24,50"); a template
 * is one line per item (a room without items, a template without rooms:
 * one line with the missing part empty). Returns the data lines written,
 * -1 with e set. */
long referential_export(struct db *db, enum referential_set s, struct buf *out, struct err *e);

struct referential_report {
	char **changes; /* "modification : prix PEINT-MUR : ..." in file order */
	size_t nchanges;
	char **errors;  /* "ligne 12 : ..." */
	size_t nerrors;
	long added, changed, same;
};

/* Reads a file of the set (as referential_export writes it; columns in any
 * order, a UTF-8 byte-order mark skipped) and updates or adds each row by
 * its natural key: the kind for the wear grid, the code for prices, the
 * template's name with the room's and the item's positions for templates.
 * Rows not in the file are left as they are. Everything is one
 * transaction: with any bad line (listed in r->errors), or dry_run,
 * nothing is written; r->changes says what was (or would be) changed.
 * name is the file's name for messages. -1 with e set when refused or on
 * bad lines; the caller frees r with referential_report_free. */
int referential_import(struct db *db, const struct user *who, enum referential_set s,
    const char *name, const char *data, size_t len, int dry_run,
    struct referential_report *r, struct err *e);
void referential_report_free(struct referential_report *r);

#endif
