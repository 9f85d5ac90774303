/* Editable fields: one table says, for each field a screen may edit, where
 * it lives (table, column), what it accepts (type, range, choices, length)
 * and which permission group may write it. The shared form layer of the
 * TUI draws and checks every field through it; saving is one
 * transaction that also stamps the row's provenance. */
#ifndef LOGE_FIELD_H
#define LOGE_FIELD_H

#include <stddef.h>

#include "err.h"
#include "perm.h"

struct db;
struct user;

enum field_type {
	FT_TEXT,    /* one line, or several with FF_MULTILINE */
	FT_INT,     /* min..max */
	FT_DECIMAL, /* min..max in hundredths; "54,5" or "54.5" */
	FT_DATE,    /* YYYY-MM-DD, or DD/MM/YYYY typed by the user */
	FT_CHOICE,  /* one of choices[].code */
	FT_PHONE,
	FT_EMAIL,
	FT_COUNT
};

enum {
	FF_NULLABLE = 1 << 0,  /* empty input stores NULL */
	FF_MULTILINE = 1 << 1, /* text may hold line feeds */
};

struct field_choice {
	const char *code;  /* stored in the database */
	const char *label; /* shown to the user */
};

struct field {
	const char *id;    /* "dwelling.floor" */
	const char *label; /* "Étage" */
	const char *table;
	const char *column;
	enum field_type type;
	enum perm_group group; /* needed to write */
	int flags;             /* FF_* */
	long min, max;         /* FT_INT; FT_DECIMAL in hundredths */
	size_t max_len;        /* in characters (code points) */
	const struct field_choice *choices; /* FT_CHOICE */
	size_t nchoices;
	const char *unit;  /* shown after the value ("m²"), or NULL */
	/* Optional: SELECT giving a French refusal when row ?1 must not be
	 * changed (an anonymised tenant), no row when it may. */
	const char *guard;
};

/* The field with that id, or NULL. */
const struct field *field_find(const char *id);
/* The whole table, for help screens and tests. */
const struct field *field_all(size_t *n);

/* Checks input (UTF-8, as typed) and gives the value to store in
 * *normalised (the caller frees; NULL for an empty input of a nullable
 * field). -1 with a French message in e ("Nombre entier attendu, entre -3
 * et 60") that the form shows in place. */
int field_validate(const struct field *f, const char *input, char **normalised,
    struct err *e);

/* Writes input to row_id's column as who, in one transaction that also
 * sets updated_at and updated_by. Refused (-1, e says why in French) when
 * who's role may not write the field's group, when the input is invalid,
 * when the row is missing or guarded. An input equal to the stored value
 * writes nothing and returns 0. On failure nothing is written and the
 * caller still has what was typed. */
int field_save(struct db *db, const struct user *who, const struct field *f,
    const char *row_id, const char *input, struct err *e);

/* The stored value as the user would type it ("54,5", "T3", "2021-04-30");
 * the caller frees. NULL either for SQL NULL (e->msg then empty) or on
 * error (e->msg set: missing row, database error). */
char *field_get(struct db *db, const struct field *f, const char *row_id, struct err *e);

/* The value as a sheet shows it: a choice's label, a decimal with a comma,
 * the unit appended. raw is the stored text (NULL gives NULL); the caller
 * frees. */
char *field_display(const struct field *f, const char *raw);

/* "Coordonnées du locataire : réservé à l'agence": the one line that says
 * why something is not shown, or not editable, for role rights on g. The
 * caller frees. */
char *field_reserved(enum perm_group g);

/* The label of a choice code, or the code itself when unknown; NULL for
 * NULL. */
const char *field_choice_label(const struct field *f, const char *code);

#endif
