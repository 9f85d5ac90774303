/* Read access to the patrimoine for screens and commands. */
#ifndef LOGE_PATRIMOINE_H
#define LOGE_PATRIMOINE_H

#include <stddef.h>

#include "err.h"
#include "uid.h"

struct db;

struct agency_row {
	char id[UID_SIZE];
	char *code;
	char *name;
	long sectors;
	long estates;
	long dwellings;
};

/* All agencies with their counts, by name. *rows is freed with
 * patrimoine_agencies_free. */
int patrimoine_agencies(struct db *db, struct agency_row **rows, size_t *n, struct err *e);
void patrimoine_agencies_free(struct agency_row *rows, size_t n);

/* One line per dwelling: what a list screen shows. */
struct dwelling_row {
	char id[UID_SIZE];
	char *reference;
	char *building;  /* building code */
	char *entrance;  /* entrance code */
	char *door;
	int floor;
	char type[3];
	double area_m2;   /* 0 if unknown */
	char dpe;         /* 'A'..'G', or 0 */
	char *tenant;     /* current tenant's "LAST First", NULL if vacant */
	long open_claims;
};

/* The dwellings of an estate, by building, entrance, floor and door, with
 * the current tenant as of `today` (YYYY-MM-DD). Free with
 * patrimoine_dwellings_free. */
int patrimoine_estate_dwellings(struct db *db, const char *estate_id, const char *today,
    struct dwelling_row **rows, size_t *n, struct err *e);
void patrimoine_dwellings_free(struct dwelling_row *rows, size_t n);

#endif
