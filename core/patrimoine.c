#include "patrimoine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "perm.h"
#include "user.h"
#include "xalloc.h"

typedef void (*row_fill_fn)(void *row, struct db_stmt *st);
typedef void (*row_clear_fn)(void *row);

/* The lease l of dwelling d running on ?2 (today): started, and not
 * ended before. */
#define RUNNING_LEASE(l) \
	"FROM lease " l " WHERE " l ".dwelling_id = d.id AND " l ".start_date <= ?2 " \
	"AND (" l ".end_date IS NULL OR " l ".end_date >= ?2) " \
	"ORDER BY " l ".start_date DESC LIMIT 1"

/* The statements of the list screens. Counts are correlated subqueries
 * that walk the indexes down from the row (sector_agency, estate_sector,
 * building's (estate_id, code), entrance's (building_id, code),
 * dwelling_entrance, claim_*): each costs what the row holds, never a
 * scan (see EXPLAIN QUERY PLAN). */
static const char agencies_sql[] =
    "SELECT a.id, a.code, a.name, "
    " (SELECT count(*) FROM sector s WHERE s.agency_id = a.id), "
    " (SELECT count(*) FROM estate es JOIN sector s ON s.id = es.sector_id "
    "   WHERE s.agency_id = a.id), "
    " (SELECT count(*) FROM dwelling d JOIN entrance en ON en.id = d.entrance_id "
    "   JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id "
    "   JOIN sector s ON s.id = es.sector_id WHERE s.agency_id = a.id) "
    "FROM agency a WHERE %s ORDER BY a.name, a.code";

static const char sectors_sql[] =
    "SELECT s.id, s.code, s.name, "
    " (SELECT group_concat(name, ', ') FROM (SELECT ua.display_name AS name "
    "   FROM user_sector us JOIN user_account ua ON ua.id = us.user_id "
    "   WHERE us.sector_id = s.id AND ua.role = 'gardien' AND ua.disabled = 0 "
    "   ORDER BY ua.display_name)), "
    " (SELECT count(*) FROM estate es WHERE es.sector_id = s.id), "
    " (SELECT count(*) FROM estate es JOIN building b ON b.estate_id = es.id "
    "   JOIN entrance en ON en.building_id = b.id JOIN dwelling d ON d.entrance_id = en.id "
    "   WHERE es.sector_id = s.id) "
    "FROM sector s WHERE %s ORDER BY s.name, s.code";

static const char estates_sql[] =
    "SELECT es.id, es.code, es.name, es.town, "
    " (SELECT count(*) FROM building b WHERE b.estate_id = es.id), "
    " (SELECT count(*) FROM building b JOIN entrance en ON en.building_id = b.id "
    "   JOIN dwelling d ON d.entrance_id = en.id WHERE b.estate_id = es.id), "
    " (SELECT count(*) FROM building b JOIN entrance en ON en.building_id = b.id "
    "   JOIN dwelling d ON d.entrance_id = en.id WHERE b.estate_id = es.id "
    "   AND NOT EXISTS (SELECT 1 " RUNNING_LEASE("l") ")), "
    " (SELECT count(*) FROM building b JOIN entrance en ON en.building_id = b.id "
    "   JOIN dwelling d ON d.entrance_id = en.id JOIN claim c ON c.dwelling_id = d.id "
    "   WHERE b.estate_id = es.id AND c.status <> 'closed') "
    " + (SELECT count(*) FROM building b JOIN entrance en ON en.building_id = b.id "
    "   JOIN claim c ON c.entrance_id = en.id WHERE b.estate_id = es.id "
    "   AND c.status <> 'closed') "
    " + (SELECT count(*) FROM building b JOIN claim c ON c.building_id = b.id "
    "   WHERE b.estate_id = es.id AND c.status <> 'closed') "
    " + (SELECT count(*) FROM building b JOIN common_area ca ON ca.building_id = b.id "
    "   JOIN claim c ON c.common_area_id = ca.id WHERE b.estate_id = es.id "
    "   AND c.status <> 'closed') "
    " + (SELECT count(*) FROM common_area ca JOIN claim c ON c.common_area_id = ca.id "
    "   WHERE ca.estate_id = es.id AND c.status <> 'closed') "
    "FROM estate es WHERE es.sector_id = ?1 ORDER BY es.name, es.code";

static const char buildings_sql[] =
    "SELECT b.id, b.code, b.address, b.floors, "
    " (SELECT count(*) FROM entrance en WHERE en.building_id = b.id), "
    " (SELECT count(*) FROM entrance en JOIN dwelling d ON d.entrance_id = en.id "
    "   WHERE en.building_id = b.id) "
    "FROM building b WHERE b.estate_id = ?1 ORDER BY b.code";

static const char entrances_sql[] =
    "SELECT en.id, en.code, en.address, "
    " (SELECT count(*) FROM dwelling d WHERE d.entrance_id = en.id) "
    "FROM entrance en WHERE en.building_id = ?1 ORDER BY en.code";

/* The running lease is found once per dwelling, newest start first
 * along lease_dwelling. Its tenants' names are folded with min() rather
 * than ORDER BY, which would build a sorter per dwelling; they cost
 * nearly as much as the rest of the row, hence PATRIMOINE_TENANTS_LATER,
 * which reads the lease id alone (columns 9 and 10: DWELLING_LEASE_*). */
static const char dwellings_sql[] =
    "SELECT d.id, d.reference, b.code, en.code, d.door, d.floor, d.type, d.area_m2, "
    " d.dpe_energy, %s, "
    " (SELECT count(*) FROM claim c WHERE c.dwelling_id = d.id AND c.status <> 'closed') "
    "FROM estate es JOIN building b ON b.estate_id = es.id "
    "JOIN entrance en ON en.building_id = b.id JOIN dwelling d ON d.entrance_id = en.id %s "
    "WHERE %s ORDER BY es.name, es.id, b.code, en.code, d.floor, d.door, d.reference";

/* The tenants of lease l: '' if it has none. */
#define TENANT_NAMES \
	"(SELECT coalesce(min(t.last_name || coalesce(' ' || t.first_name, '')), '') " \
	" FROM lease_tenant lt JOIN tenant t ON t.id = lt.tenant_id WHERE lt.lease_id = l.id)"

/* Columns 9 and 10 (lease id, tenants or NULL), and the join they need. */
#define DWELLING_LEASE_NOW "l.id, " TENANT_NAMES
#define DWELLING_LEASE_NOW_JOIN \
	"LEFT JOIN lease l ON l.rowid = (SELECT l2.rowid " RUNNING_LEASE("l2") ")"
#define DWELLING_LEASE_LATER "(SELECT l.id " RUNNING_LEASE("l") "), NULL"

/* Which dwellings a parent holds, by level. */
static const char *const dwellings_where[PLACE_COUNT] = {
	[PLACE_AGENCY] = "es.sector_id IN (SELECT id FROM sector WHERE agency_id = ?1)",
	[PLACE_SECTOR] = "es.sector_id = ?1",
	[PLACE_ESTATE] = "es.id = ?1",
	[PLACE_BUILDING] = "b.id = ?1",
	[PLACE_ENTRANCE] = "en.id = ?1",
};

/* Each level: its French name, and how to find its name and its parent. */
static const struct place_level {
	const char *label;
	const char *prefix; /* before the name in a title */
	const char *sql;    /* name, parent id */
} place_levels[PLACE_COUNT] = {
	[PLACE_NONE] = {"aucun lieu", "", NULL},
	[PLACE_AGENCY] = {"agence", "", "SELECT name, NULL FROM agency WHERE id = ?"},
	[PLACE_SECTOR] = {"secteur", "", "SELECT name, agency_id FROM sector WHERE id = ?"},
	[PLACE_ESTATE] = {"résidence", "", "SELECT name, sector_id FROM estate WHERE id = ?"},
	[PLACE_BUILDING] = {"bâtiment", "Bâtiment ",
	    "SELECT code, estate_id FROM building WHERE id = ?"},
	[PLACE_ENTRANCE] = {"entrée", "Entrée ",
	    "SELECT code, building_id FROM entrance WHERE id = ?"},
	[PLACE_DWELLING] = {"logement", "",
	    "SELECT reference, entrance_id FROM dwelling WHERE id = ?"},
};

/* ---- Rows ---- */

/* "1 logement", "3 logements": French takes the singular for 0 and 1. */
static const char *
plural(long n, const char *one, const char *many)
{
	return n <= 1 ? one : many;
}

static void
copy_id(char out[UID_SIZE], struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);

	snprintf(out, UID_SIZE, "%s", s ? s : "");
}

/* Steps st to its end, filling one zeroed row of `size` bytes per result
 * row. Returns the array (the caller frees it with its *_free), NULL
 * with *n 0 and *rc -1 on error. */
static void *
rows_load(struct db_stmt *st, struct err *e, size_t size, row_fill_fn fill,
    row_clear_fn clear, size_t *n, int *rc)
{
	char *rows = NULL;
	size_t cap = 0, i;

	*n = 0;
	while ((*rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			rows = xreallocarray(rows, cap, size);
		}
		memset(rows + *n * size, 0, size);
		fill(rows + (*n)++ * size, st);
	}
	if (*rc < 0) {
		for (i = 0; i < *n; i++)
			clear(rows + i * size);
		free(rows);
		rows = NULL;
		*n = 0;
	}
	return rows;
}

static void
rows_free(void *rows, size_t n, size_t size, row_clear_fn clear)
{
	size_t i;

	for (i = 0; i < n; i++)
		clear((char *)rows + i * size);
	free(rows);
}

/* ---- Agencies ---- */

static void
agency_fill(void *p, struct db_stmt *st)
{
	struct agency_row *r = p;

	copy_id(r->id, st, 0);
	r->code = db_col_dup(st, 1);
	r->name = db_col_dup(st, 2);
	r->sectors = (long)db_col_int(st, 3);
	r->estates = (long)db_col_int(st, 4);
	r->dwellings = (long)db_col_int(st, 5);
}

static void
agency_clear(void *p)
{
	struct agency_row *r = p;

	free(r->code);
	free(r->name);
}

static int
agencies_load(struct db *db, const char *where, const char *arg, struct agency_row **rows,
    size_t *n, struct err *e)
{
	struct db_stmt *st;
	char *sql = xasprintf(agencies_sql, where);
	int rc = -1;

	*rows = NULL;
	*n = 0;
	st = db_stmt(db, e, sql);
	free(sql);
	if (st == NULL || (arg && db_bind(st, e, "t", arg) != 0))
		return -1;
	*rows = rows_load(st, e, sizeof **rows, agency_fill, agency_clear, n, &rc);
	return rc;
}

int
patrimoine_agencies(struct db *db, struct agency_row **rows, size_t *n, struct err *e)
{
	return agencies_load(db, "1", NULL, rows, n, e);
}

int
patrimoine_agency(struct db *db, const char *agency_id, struct agency_row **rows, size_t *n,
    struct err *e)
{
	return agencies_load(db, "a.id = ?1", agency_id, rows, n, e);
}

void
patrimoine_agencies_free(struct agency_row *rows, size_t n)
{
	rows_free(rows, n, sizeof *rows, agency_clear);
}

/* ---- Sectors ---- */

static void
sector_fill(void *p, struct db_stmt *st)
{
	struct sector_row *r = p;
	const char *g;

	copy_id(r->id, st, 0);
	r->code = db_col_dup(st, 1);
	r->name = db_col_dup(st, 2);
	r->gardiens = db_col_dup(st, 3);
	r->estates = (long)db_col_int(st, 4);
	r->dwellings = (long)db_col_int(st, 5);
	g = r->gardiens;
	r->summary = xasprintf("%ld %s · %ld %s · %s%s", r->estates,
	    plural(r->estates, "résidence", "résidences"), r->dwellings,
	    plural(r->dwellings, "logement", "logements"),
	    g == NULL ? "sans gardien" : strchr(g, ',') ? "gardiens : " : "gardien : ",
	    g == NULL ? "" : g);
}

static void
sector_clear(void *p)
{
	struct sector_row *r = p;

	free(r->code);
	free(r->name);
	free(r->gardiens);
	free(r->summary);
}

static int
sectors_load(struct db *db, const char *where, const char *arg, struct sector_row **rows,
    size_t *n, struct err *e)
{
	struct db_stmt *st;
	char *sql = xasprintf(sectors_sql, where);
	int rc = -1;

	*rows = NULL;
	*n = 0;
	st = db_stmt(db, e, sql);
	free(sql);
	if (st == NULL || db_bind(st, e, "t", arg) != 0)
		return -1;
	*rows = rows_load(st, e, sizeof **rows, sector_fill, sector_clear, n, &rc);
	return rc;
}

int
patrimoine_sectors(struct db *db, const char *agency_id, struct sector_row **rows, size_t *n,
    struct err *e)
{
	return sectors_load(db, "s.agency_id = ?1", agency_id, rows, n, e);
}

int
patrimoine_user_sectors(struct db *db, const char *user_id, struct sector_row **rows,
    size_t *n, struct err *e)
{
	return sectors_load(db, "s.id IN (SELECT sector_id FROM user_sector WHERE user_id = ?1)",
	    user_id, rows, n, e);
}

void
patrimoine_sectors_free(struct sector_row *rows, size_t n)
{
	rows_free(rows, n, sizeof *rows, sector_clear);
}

/* ---- Estates ---- */

static void
estate_fill(void *p, struct db_stmt *st)
{
	struct estate_row *r = p;
	char town[128] = "";

	copy_id(r->id, st, 0);
	r->code = db_col_dup(st, 1);
	r->name = db_col_dup(st, 2);
	r->town = db_col_dup(st, 3);
	r->buildings = (long)db_col_int(st, 4);
	r->dwellings = (long)db_col_int(st, 5);
	r->vacant = (long)db_col_int(st, 6);
	r->open_claims = (long)db_col_int(st, 7);
	if (r->town)
		snprintf(town, sizeof town, "%s · ", r->town);
	r->summary = xasprintf("%s%ld %s · %ld %s · %ld %s · %ld %s", town, r->buildings,
	    plural(r->buildings, "bâtiment", "bâtiments"), r->dwellings,
	    plural(r->dwellings, "logement", "logements"), r->vacant,
	    plural(r->vacant, "vacant", "vacants"), r->open_claims,
	    plural(r->open_claims, "réclamation en cours", "réclamations en cours"));
}

static void
estate_clear(void *p)
{
	struct estate_row *r = p;

	free(r->code);
	free(r->name);
	free(r->town);
	free(r->summary);
}

int
patrimoine_estates(struct db *db, const char *sector_id, const char *today,
    struct estate_row **rows, size_t *n, struct err *e)
{
	struct db_stmt *st;
	int rc = -1;

	*rows = NULL;
	*n = 0;
	st = db_stmt(db, e, estates_sql);
	if (st == NULL || db_bind(st, e, "tt", sector_id, today) != 0)
		return -1;
	*rows = rows_load(st, e, sizeof **rows, estate_fill, estate_clear, n, &rc);
	return rc;
}

void
patrimoine_estates_free(struct estate_row *rows, size_t n)
{
	rows_free(rows, n, sizeof *rows, estate_clear);
}

/* ---- Buildings and entrances ---- */

static void
building_fill(void *p, struct db_stmt *st)
{
	struct building_row *r = p;
	char floors[32] = "";

	copy_id(r->id, st, 0);
	r->code = db_col_dup(st, 1);
	r->label = xasprintf("Bâtiment %s", r->code);
	r->address = db_col_dup(st, 2);
	r->floors = db_col_is_null(st, 3) ? -1 : (int)db_col_int(st, 3);
	r->entrances = (long)db_col_int(st, 4);
	r->dwellings = (long)db_col_int(st, 5);
	if (r->floors >= 0)
		snprintf(floors, sizeof floors, "R+%d · ", r->floors);
	r->summary = xasprintf("%s%s%s%ld %s · %ld %s", r->address ? r->address : "",
	    r->address ? " · " : "", floors, r->entrances,
	    plural(r->entrances, "entrée", "entrées"), r->dwellings,
	    plural(r->dwellings, "logement", "logements"));
}

static void
building_clear(void *p)
{
	struct building_row *r = p;

	free(r->code);
	free(r->label);
	free(r->address);
	free(r->summary);
}

int
patrimoine_buildings(struct db *db, const char *estate_id, struct building_row **rows,
    size_t *n, struct err *e)
{
	struct db_stmt *st;
	int rc = -1;

	*rows = NULL;
	*n = 0;
	st = db_stmt(db, e, buildings_sql);
	if (st == NULL || db_bind(st, e, "t", estate_id) != 0)
		return -1;
	*rows = rows_load(st, e, sizeof **rows, building_fill, building_clear, n, &rc);
	return rc;
}

void
patrimoine_buildings_free(struct building_row *rows, size_t n)
{
	rows_free(rows, n, sizeof *rows, building_clear);
}

static void
entrance_fill(void *p, struct db_stmt *st)
{
	struct entrance_row *r = p;

	copy_id(r->id, st, 0);
	r->code = db_col_dup(st, 1);
	r->label = xasprintf("Entrée %s", r->code);
	r->address = db_col_dup(st, 2);
	r->dwellings = (long)db_col_int(st, 3);
	r->summary = xasprintf("%s%s%ld %s", r->address ? r->address : "",
	    r->address ? " · " : "", r->dwellings,
	    plural(r->dwellings, "logement", "logements"));
}

static void
entrance_clear(void *p)
{
	struct entrance_row *r = p;

	free(r->code);
	free(r->label);
	free(r->address);
	free(r->summary);
}

int
patrimoine_entrances(struct db *db, const char *building_id, struct entrance_row **rows,
    size_t *n, struct err *e)
{
	struct db_stmt *st;
	int rc = -1;

	*rows = NULL;
	*n = 0;
	st = db_stmt(db, e, entrances_sql);
	if (st == NULL || db_bind(st, e, "t", building_id) != 0)
		return -1;
	*rows = rows_load(st, e, sizeof **rows, entrance_fill, entrance_clear, n, &rc);
	return rc;
}

void
patrimoine_entrances_free(struct entrance_row *rows, size_t n)
{
	rows_free(rows, n, sizeof *rows, entrance_clear);
}

/* ---- Dwellings ---- */

void
patrimoine_floor_label(int floor, char out[PATRIMOINE_FLOOR_SIZE])
{
	if (floor == 0)
		snprintf(out, PATRIMOINE_FLOOR_SIZE, "RDC");
	else if (floor == 1)
		snprintf(out, PATRIMOINE_FLOOR_SIZE, "1er");
	else if (floor > 1)
		snprintf(out, PATRIMOINE_FLOOR_SIZE, "%de", floor);
	else
		snprintf(out, PATRIMOINE_FLOOR_SIZE, "sous-sol %ld", -(long)floor);
}

void
patrimoine_dwelling_summary(const struct dwelling_row *r, char *out, size_t size)
{
	char fl[PATRIMOINE_FLOOR_SIZE], floor[PATRIMOINE_FLOOR_SIZE + 8] = "";
	char area[32] = "", dpe[16] = "", claims[48] = "";

	if (r->has_floor) {
		patrimoine_floor_label(r->floor, fl);
		snprintf(floor, sizeof floor, " · %s", fl);
	}
	if (r->area_m2 > 0)
		snprintf(area, sizeof area, " · %ld m²", (long)(r->area_m2 + 0.5));
	if (r->dpe)
		snprintf(dpe, sizeof dpe, " · DPE %c", r->dpe);
	if (r->open_claims > 0)
		snprintf(claims, sizeof claims, " · %ld %s", r->open_claims,
		    plural(r->open_claims, "réclamation", "réclamations"));
	snprintf(out, size, "Porte %s%s · %s%s%s · %s%s", r->door ? r->door : "?", floor,
	    r->type, area, dpe, r->vacant ? "vacant" : r->tenant ? r->tenant : "occupé", claims);
}

/* Column 9 is the running lease, 10 its tenants (NULL when not read). */
static void
dwelling_fill(void *p, struct db_stmt *st)
{
	struct dwelling_row *r = p;
	const char *dpe = db_col_text(st, 8), *tenant = db_col_text(st, 10);

	copy_id(r->id, st, 0);
	r->reference = db_col_dup(st, 1);
	r->building = db_col_dup(st, 2);
	r->entrance = db_col_dup(st, 3);
	r->door = db_col_dup(st, 4);
	r->has_floor = !db_col_is_null(st, 5);
	r->floor = (int)db_col_int(st, 5);
	snprintf(r->type, sizeof r->type, "%s", db_col_text(st, 6));
	r->area_m2 = db_col_double(st, 7);
	r->dpe = dpe ? dpe[0] : 0;
	copy_id(r->lease_id, st, 9);
	r->vacant = r->lease_id[0] == '\0';
	r->tenant_pending = !r->vacant && tenant == NULL;
	r->tenant = tenant && *tenant ? xstrdup(tenant) : NULL;
	r->open_claims = (long)db_col_int(st, 11);
}

static void
dwelling_clear(void *p)
{
	struct dwelling_row *r = p;

	free(r->reference);
	free(r->building);
	free(r->entrance);
	free(r->door);
	free(r->tenant);
}

static int
dwellings_load(struct db *db, enum place_kind parent, const char *parent_id,
    const char *today, int tenants, struct dwelling_row **rows, size_t *n, struct err *e)
{
	struct db_stmt *st;
	char *sql;
	int rc = -1;

	*rows = NULL;
	*n = 0;
	if (parent >= PLACE_COUNT || dwellings_where[parent] == NULL)
		return err_set(e, "liste de logements impossible au niveau « %s »",
		    patrimoine_kind_label(parent));
	sql = xasprintf(dwellings_sql, tenants ? DWELLING_LEASE_NOW : DWELLING_LEASE_LATER,
	    tenants ? DWELLING_LEASE_NOW_JOIN : "", dwellings_where[parent]);
	st = db_stmt(db, e, sql);
	free(sql);
	if (st == NULL || db_bind(st, e, "tt", parent_id, today) != 0)
		return -1;
	*rows = rows_load(st, e, sizeof **rows, dwelling_fill, dwelling_clear, n, &rc);
	return rc;
}

int
patrimoine_dwellings(struct db *db, enum place_kind parent, const char *parent_id,
    const char *today, const char *role, int flags, struct dwelling_row **rows, size_t *n,
    struct err *e)
{
	int allowed = perm_can_read(role, PG_TENANT_IDENTITY);
	size_t i;

	if (dwellings_load(db, parent, parent_id, today,
	    allowed && !(flags & PATRIMOINE_TENANTS_LATER), rows, n, e) != 0)
		return -1;
	for (i = 0; i < *n && !allowed; i++) {
		(*rows)[i].tenant_hidden = 1;
		(*rows)[i].tenant_pending = 0;
	}
	return 0;
}

int
patrimoine_dwellings_tenants(struct db *db, struct dwelling_row *rows, size_t n,
    struct err *e)
{
	struct dwelling_row *r;
	char *name;
	size_t i;

	for (i = 0; i < n; i++) {
		r = &rows[i];
		if (!r->tenant_pending)
			continue;
		err_clear(e);
		name = db_text(db, e, "SELECT " TENANT_NAMES " FROM lease l WHERE l.id = ?",
		    "t", r->lease_id);
		if (name == NULL && e && e->msg[0] != '\0')
			return -1;
		free(r->tenant);
		r->tenant = name && *name ? name : NULL;
		if (r->tenant == NULL)
			free(name);
		r->tenant_pending = 0;
	}
	return 0;
}

int
patrimoine_entrance_dwellings(struct db *db, const char *entrance_id, const char *today,
    const char *role, struct dwelling_row **rows, size_t *n, struct err *e)
{
	return patrimoine_dwellings(db, PLACE_ENTRANCE, entrance_id, today, role, 0, rows, n,
	    e);
}

int
patrimoine_estate_dwellings(struct db *db, const char *estate_id, const char *today,
    struct dwelling_row **rows, size_t *n, struct err *e)
{
	return dwellings_load(db, PLACE_ESTATE, estate_id, today, 1, rows, n, e);
}

void
patrimoine_dwellings_free(struct dwelling_row *rows, size_t n)
{
	rows_free(rows, n, sizeof *rows, dwelling_clear);
}

/* ---- Places ---- */

const char *
patrimoine_kind_label(enum place_kind kind)
{
	return kind >= 0 && kind < PLACE_COUNT ? place_levels[kind].label : "?";
}

/* Reads one level's name into p and its parent's id into parent. */
static int
place_level(struct db *db, enum place_kind k, const char *id, struct place *p,
    char parent[UID_SIZE], struct err *e)
{
	struct db_stmt *st;
	int rc;

	st = db_stmt(db, e, place_levels[k].sql);
	if (st == NULL || db_bind(st, e, "t", id) != 0)
		return -1;
	if ((rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, "%s introuvable : %s", patrimoine_kind_label(k), id);
	snprintf(p->id[k], UID_SIZE, "%s", id);
	p->name[k] = db_col_dup(st, 0);
	copy_id(parent, st, 1);
	while ((rc = db_step(st, e)) == 1)
		;
	return rc;
}

int
patrimoine_place(struct db *db, enum place_kind kind, const char *id, struct place *out,
    struct err *e)
{
	char cur[UID_SIZE], parent[UID_SIZE];
	int k;

	memset(out, 0, sizeof *out);
	if (kind <= PLACE_NONE || kind >= PLACE_COUNT || id == NULL)
		return err_set(e, "lieu inconnu");
	out->kind = kind;
	snprintf(cur, sizeof cur, "%s", id);
	for (k = kind; k > PLACE_NONE; k--) {
		if (place_level(db, k, cur, out, parent, e) != 0) {
			patrimoine_place_clear(out);
			return -1;
		}
		memcpy(cur, parent, sizeof cur);
	}
	return 0;
}

void
patrimoine_place_clear(struct place *p)
{
	int k;

	for (k = 0; k < PLACE_COUNT; k++)
		free(p->name[k]);
	memset(p, 0, sizeof *p);
}

char *
patrimoine_place_title(const struct place *p)
{
	struct buf b;
	int k;

	buf_init(&b);
	buf_adds(&b, "");
	for (k = PLACE_AGENCY; k < PLACE_COUNT && k <= (int)p->kind; k++) {
		if (p->name[k] == NULL)
			continue;
		if (b.len > 0)
			buf_adds(&b, " › ");
		buf_printf(&b, "%s%s", place_levels[k].prefix, p->name[k]);
	}
	return buf_steal(&b);
}

/* ---- Scope ---- */

void
patrimoine_scope(const struct user *who, struct scope *out)
{
	out->kind = SCOPE_NONE;
	out->arg = who->id;
	switch (perm_scope(who->role)) {
	case PERM_SCOPE_SECTORS:
		out->kind = SCOPE_SECTORS;
		break;
	case PERM_SCOPE_AGENCY:
		/* Agency staff not yet attached to an agency see everything,
		 * as before the agency existed. */
		out->kind = who->agency_id ? SCOPE_AGENCY : SCOPE_ALL;
		if (who->agency_id)
			out->arg = who->agency_id;
		break;
	case PERM_SCOPE_ALL:
		out->kind = SCOPE_ALL;
		break;
	case PERM_SCOPE_NONE:
		break;
	}
}

char *
patrimoine_scope_sql(const struct scope *s, const char *column)
{
	/* Every form names ?1, so that callers bind the same parameters
	 * whatever the scope; "%.0s" swallows the unused column name. */
	static const char *const forms[] = {
		[SCOPE_NONE] = "(%.0s?1 IS NULL AND 0)",
		[SCOPE_SECTORS] = "%s IN (SELECT sector_id FROM user_sector WHERE user_id = ?1)",
		[SCOPE_AGENCY] = "%s IN (SELECT id FROM sector WHERE agency_id = ?1)",
		[SCOPE_ALL] = "(%.0s?1 IS NOT NULL)",
	};

	return xasprintf(forms[s->kind], column);
}
