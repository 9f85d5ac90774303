/* Read access to the patrimoine for screens and commands: one list per
 * level (agencies › sectors › estates › buildings › entrances ›
 * dwellings) with counts and a one-line summary, the breadcrumb of any
 * place, and the part of the patrimoine a user works on. */
#ifndef LOGE_PATRIMOINE_H
#define LOGE_PATRIMOINE_H

#include <stddef.h>

#include "err.h"
#include "uid.h"

struct db;
struct user;

/* The levels of the patrimoine, from the top; PLACE_NONE is "nowhere"
 * (a logbook entry not linked to a place). */
enum place_kind {
	PLACE_NONE,
	PLACE_AGENCY,
	PLACE_SECTOR,
	PLACE_ESTATE,
	PLACE_BUILDING,
	PLACE_ENTRANCE,
	PLACE_DWELLING,
	PLACE_COUNT
};

/* SQL expression naming the place of a claim, a logbook entry or a work
 * order in one line, from LEFT JOINs aliased d (the row's dwelling), en
 * (its entrance, or its dwelling's) and b (its building, or its
 * entrance's): a dwelling reference, "Entrée 1 — 12 rue ..." or
 * "Bâtiment B"; NULL when the row has none of them. */
#define PATRIMOINE_PLACE_LABEL_SQL \
	"CASE WHEN d.id IS NOT NULL THEN d.reference " \
	" WHEN en.id IS NOT NULL THEN 'Entrée ' || en.code || coalesce(' — ' || en.address, '') " \
	" WHEN b.id IS NOT NULL THEN 'Bâtiment ' || b.code END"

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
/* One agency as a list of one row (none if it does not exist). */
int patrimoine_agency(struct db *db, const char *agency_id, struct agency_row **rows,
    size_t *n, struct err *e);
void patrimoine_agencies_free(struct agency_row *rows, size_t n);

struct sector_row {
	char id[UID_SIZE];
	char *code;
	char *name;
	char *gardiens;   /* display names, "A, B"; NULL if nobody */
	long estates;
	long dwellings;
	char *summary;    /* "4 résidences · 452 logements · gardien : A" */
};

/* The sectors of an agency, or those a user looks after (user_sector),
 * by name. Free with patrimoine_sectors_free. */
int patrimoine_sectors(struct db *db, const char *agency_id, struct sector_row **rows,
    size_t *n, struct err *e);
int patrimoine_user_sectors(struct db *db, const char *user_id, struct sector_row **rows,
    size_t *n, struct err *e);
void patrimoine_sectors_free(struct sector_row *rows, size_t n);

struct estate_row {
	char id[UID_SIZE];
	char *code;       /* may be NULL */
	char *name;
	char *town;       /* may be NULL */
	long buildings;
	long dwellings;
	long vacant;      /* dwellings without a lease running on `today` */
	long open_claims; /* not closed, on its dwellings, entrances,
			   * buildings and common areas */
	char *summary;
};

/* The estates of a sector, by name; vacancy as of today (YYYY-MM-DD).
 * Free with patrimoine_estates_free. */
int patrimoine_estates(struct db *db, const char *sector_id, const char *today,
    struct estate_row **rows, size_t *n, struct err *e);
void patrimoine_estates_free(struct estate_row *rows, size_t n);

struct building_row {
	char id[UID_SIZE];
	char *code;
	char *label;      /* "Bâtiment A" */
	char *address;    /* may be NULL */
	int floors;       /* -1 if unknown */
	long entrances;
	long dwellings;
	char *summary;
};

/* The buildings of an estate, by code. Free with
 * patrimoine_buildings_free. */
int patrimoine_buildings(struct db *db, const char *estate_id, struct building_row **rows,
    size_t *n, struct err *e);
void patrimoine_buildings_free(struct building_row *rows, size_t n);

struct entrance_row {
	char id[UID_SIZE];
	char *code;
	char *label;      /* "Entrée 1" */
	char *address;    /* may be NULL */
	long dwellings;
	char *summary;
};

/* The entrances of a building, by code. Free with
 * patrimoine_entrances_free. */
int patrimoine_entrances(struct db *db, const char *building_id, struct entrance_row **rows,
    size_t *n, struct err *e);
void patrimoine_entrances_free(struct entrance_row *rows, size_t n);

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
	char *tenant;     /* current tenant's "LAST First"; NULL if vacant,
			   * hidden, not yet read, or a lease without tenant */
	long open_claims; /* not closed */
	int has_floor;    /* 0: floor unknown */
	char lease_id[UID_SIZE]; /* the lease running on `today`, "" if vacant */
	int vacant;
	int tenant_hidden;  /* the role may not read tenants' identity */
	int tenant_pending; /* PATRIMOINE_TENANTS_LATER: not read yet */
};

/* Tenants' names cost as much as the rest of a row together (about 2 µs
 * against 3 µs on 100,000 dwellings): a list of many thousand rows leaves
 * them for patrimoine_dwellings_tenants() on the rows it shows. */
#define PATRIMOINE_TENANTS_LATER 0x1

/* The dwellings under a place (agency, sector, estate, building or
 * entrance), by estate name, building, entrance, floor and door, with
 * the lease running on `today` (YYYY-MM-DD) and its tenant when `role`
 * may read PG_TENANT_IDENTITY (else tenant NULL and tenant_hidden set).
 * flags: 0 or PATRIMOINE_TENANTS_LATER. Free with
 * patrimoine_dwellings_free. */
int patrimoine_dwellings(struct db *db, enum place_kind parent, const char *parent_id,
    const char *today, const char *role, int flags, struct dwelling_row **rows, size_t *n,
    struct err *e);
/* Reads the tenants of the rows still pending (a screen passes the rows
 * it is about to draw). */
int patrimoine_dwellings_tenants(struct db *db, struct dwelling_row *rows, size_t n,
    struct err *e);
/* The dwellings of an entrance, tenants read (as allowed to role). */
int patrimoine_entrance_dwellings(struct db *db, const char *entrance_id, const char *today,
    const char *role, struct dwelling_row **rows, size_t *n, struct err *e);
/* The dwellings of an estate with their tenants: for callers that have
 * checked PG_TENANT_IDENTITY themselves. */
int patrimoine_estate_dwellings(struct db *db, const char *estate_id, const char *today,
    struct dwelling_row **rows, size_t *n, struct err *e);
void patrimoine_dwellings_free(struct dwelling_row *rows, size_t n);
/* The row in one line, "Porte 101 · 1er · T3 · 65 m² · DPE D · DUPONT
 * Marie · 1 réclamation" ("vacant", "occupé" when the name is hidden or
 * not read): made when drawn, not stored, as lists hold 20,000 rows. */
#define PATRIMOINE_SUMMARY_SIZE 256
void patrimoine_dwelling_summary(const struct dwelling_row *r, char *out, size_t size);

/* "RDC", "1er", "2e", "sous-sol 1": a floor as people say it. */
#define PATRIMOINE_FLOOR_SIZE 24
void patrimoine_floor_label(int floor, char out[PATRIMOINE_FLOOR_SIZE]);

/* Where a place sits: its id and name at its own level and every level
 * above (agency and sector names, estate name, building and entrance
 * codes, dwelling reference); levels below kind are empty. */
struct place {
	enum place_kind kind;
	char id[PLACE_COUNT][UID_SIZE];
	char *name[PLACE_COUNT];
};

/* Fills *out (cleared with patrimoine_place_clear); -1 with a French
 * message if the place does not exist. */
int patrimoine_place(struct db *db, enum place_kind kind, const char *id, struct place *out,
    struct err *e);
void patrimoine_place_clear(struct place *p);
/* "Agence X › Secteur › Résidence › Bâtiment A › Entrée 1 › REF": the
 * title line of a screen. The caller frees. */
char *patrimoine_place_title(const struct place *p);
/* French name of a level ("résidence"), for messages. */
const char *patrimoine_kind_label(enum place_kind kind);

/* The part of the patrimoine a user works on: a gardien their sectors
 * (user_sector), agency staff their agency, admin and auditeur (and
 * agency staff without an agency) everything; nothing for an unknown
 * role. */
enum scope_kind {
	SCOPE_NONE,
	SCOPE_SECTORS,
	SCOPE_AGENCY,
	SCOPE_ALL
};

struct scope {
	enum scope_kind kind;
	const char *arg;  /* bound to ?1: the user's id or agency id */
};

void patrimoine_scope(const struct user *who, struct scope *out);
/* An SQL condition true when the sector id in `column` is in scope; it
 * uses parameter ?1, to be bound to s->arg. The caller frees. */
char *patrimoine_scope_sql(const struct scope *s, const char *column);

#endif
