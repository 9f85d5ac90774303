#include "patrimoine.h"

#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "xalloc.h"

int
patrimoine_agencies(struct db *db, struct agency_row **rows, size_t *n, struct err *e)
{
	struct db_stmt *st;
	struct agency_row *r;
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	st = db_stmt(db, e,
	    "SELECT a.id, a.code, a.name, "
	    " (SELECT count(*) FROM sector s WHERE s.agency_id = a.id), "
	    " (SELECT count(*) FROM estate es JOIN sector s ON s.id = es.sector_id "
	    "   WHERE s.agency_id = a.id), "
	    " (SELECT count(*) FROM dwelling d JOIN entrance en ON en.id = d.entrance_id "
	    "   JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id "
	    "   JOIN sector s ON s.id = es.sector_id WHERE s.agency_id = a.id) "
	    "FROM agency a ORDER BY a.name, a.code");
	if (st == NULL)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		r = &(*rows)[(*n)++];
		snprintf(r->id, sizeof r->id, "%s", db_col_text(st, 0));
		r->code = db_col_dup(st, 1);
		r->name = db_col_dup(st, 2);
		r->sectors = (long)db_col_int(st, 3);
		r->estates = (long)db_col_int(st, 4);
		r->dwellings = (long)db_col_int(st, 5);
	}
	if (rc < 0) {
		patrimoine_agencies_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

void
patrimoine_agencies_free(struct agency_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].code);
		free(rows[i].name);
	}
	free(rows);
}

static void
dwelling_row_fill(struct dwelling_row *r, struct db_stmt *st)
{
	const char *dpe = db_col_text(st, 8);

	snprintf(r->id, sizeof r->id, "%s", db_col_text(st, 0));
	r->reference = db_col_dup(st, 1);
	r->building = db_col_dup(st, 2);
	r->entrance = db_col_dup(st, 3);
	r->door = db_col_dup(st, 4);
	r->floor = (int)db_col_int(st, 5);
	snprintf(r->type, sizeof r->type, "%s", db_col_text(st, 6));
	r->area_m2 = db_col_double(st, 7);
	r->dpe = dpe ? dpe[0] : 0;
	r->tenant = db_col_dup(st, 9);
	r->open_claims = (long)db_col_int(st, 10);
}

int
patrimoine_estate_dwellings(struct db *db, const char *estate_id, const char *today,
    struct dwelling_row **rows, size_t *n, struct err *e)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	st = db_stmt(db, e,
	    "SELECT d.id, d.reference, b.code, en.code, d.door, d.floor, d.type, d.area_m2, "
	    " d.dpe_energy, "
	    " (SELECT t.last_name || coalesce(' ' || t.first_name, '') "
	    "   FROM lease l JOIN lease_tenant lt ON lt.lease_id = l.id "
	    "   JOIN tenant t ON t.id = lt.tenant_id "
	    "   WHERE l.dwelling_id = d.id AND l.start_date <= ?1 "
	    "   AND (l.end_date IS NULL OR l.end_date >= ?1) "
	    "   ORDER BY l.start_date DESC, t.last_name LIMIT 1), "
	    " (SELECT count(*) FROM claim c WHERE c.dwelling_id = d.id AND c.status <> 'closed') "
	    "FROM building b JOIN entrance en ON en.building_id = b.id "
	    "JOIN dwelling d ON d.entrance_id = en.id "
	    "WHERE b.estate_id = ?2 ORDER BY b.code, en.code, d.floor, d.door, d.reference");
	if (st == NULL || db_bind(st, e, "tt", today, estate_id) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		dwelling_row_fill(&(*rows)[(*n)++], st);
	}
	if (rc < 0) {
		patrimoine_dwellings_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

void
patrimoine_dwellings_free(struct dwelling_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].reference);
		free(rows[i].building);
		free(rows[i].entrance);
		free(rows[i].door);
		free(rows[i].tenant);
	}
	free(rows);
}
