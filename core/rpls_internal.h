/* What the files of the RPLS importer share: the columns Loge reads, one
 * row being imported, the state of one import. Not for use outside
 * core/rpls*.c; the public API is core/rpls.h.
 *
 * rpls.c reads the file and runs the import loop, rpls_header.c maps the
 * header to columns, rpls_row.c checks one row's values and builds its
 * keys, rpls_write.c writes the row into the patrimoine, rpls_text.c has
 * the text helpers they all use. */
#ifndef LOGE_RPLS_INTERNAL_H
#define LOGE_RPLS_INTERNAL_H

#include <stddef.h>

#include "csv.h"
#include "datetime.h"
#include "err.h"
#include "rpls.h"
#include "uid.h"

/* The columns Loge reads. A header "X_CODE" (newer files) counts as "X". */
#define RPLS_COLUMNS \
	X(IDENT_REP) X(IDENT_INT) X(DEPCOM) X(CODEPOSTAL) X(LIBCOM) X(NUMVOIE) \
	X(INDREP) X(TYPVOIE) X(NOMVOIE) X(NUMAPPT) X(ESC) X(ENTREE) X(ETAGE) \
	X(BAT) X(IMMEU) X(NBPIECE) X(SURFHAB) X(CONSTRUCT) X(QPV) X(FINAN) \
	X(FINANAUTRE) X(DPEDATE) X(DPEENERGIE) X(DPESERRE)

enum {
#define X(n) COL_##n,
	RPLS_COLUMNS
#undef X
	NCOLS
};

/* Absent numbers travel to SQL as these values and become NULL there
 * (nullif), since a bound parameter cannot be "maybe an int". The SQL
 * of rpls_write.c writes the 0 of RPLS_NOYEAR and of an absent area as is. */
#define RPLS_NOFLOOR 99
#define RPLS_NOYEAR 0
#define RPLS_STR_(x) #x
#define RPLS_STR(x) RPLS_STR_(x)

struct rpls_row {
	long line;
	const char *v[NCOLS]; /* trimmed values, "" when absent */
	int floor;            /* RPLS_NOFLOOR if none */
	int rooms;
	double area;          /* 0 if none */
	int year;             /* RPLS_NOYEAR if none */
	int qpv;
	char dpe_date[DT_DATE_SIZE];
	char energy[2], ghg[2];
	/* Derived; owned by the row. */
	char *commune, *street, *address, *building, *entrance, *financing;
	char *estate_key, *building_key, *entrance_key, *dwelling_key;
	char *reference, *estate_name, *default_name;
};

struct rpls_ctx {
	struct db *db;
	const char *name;
	const char *user;
	char stamp[DT_STAMP_SIZE];
	char sector[UID_SIZE]; /* --sector, else "" */
	int col[NCOLS];        /* field index of each column, -1 if absent */
	char *colname[NCOLS];  /* as written in the header, for messages */
	size_t nheader;
	char sep;
	struct rpls_report *r;
};

/* rpls.c */
void rpls_problem(struct rpls_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* rpls_text.c */
char *rpls_norm(const char *s);
char *rpls_join(const char *first, ...);
char *rpls_quote(const char *v);
char *rpls_trim(char *s);
const char *rpls_nz(const char *s);

/* rpls_header.c */
int rpls_header(struct rpls_ctx *x, struct csv *c, struct err *e);
const char *rpls_colname(const struct rpls_ctx *x, int col);

/* rpls_row.c */
int rpls_blank(struct csv *c);
int rpls_row_read(struct rpls_ctx *x, struct csv *c, struct rpls_row *row);
void rpls_row_place(struct rpls_row *row);
void rpls_row_estate(struct rpls_row *row);
void rpls_row_clear(struct rpls_row *row);

/* rpls_write.c */
int rpls_seen_open(struct rpls_ctx *x, struct err *e);
int rpls_seen_close(struct rpls_ctx *x, struct err *e);
int rpls_find_sector(struct rpls_ctx *x, const char *code, struct err *e);
int rpls_write(struct rpls_ctx *x, struct rpls_row *row, int *found, struct err *e);

#endif
