/* Writing one RPLS row into the patrimoine: the agency, sector, estate,
 * building and entrance it belongs to, found or created, then the
 * dwelling inserted or updated. */
#include "rpls_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "xalloc.h"

static int rpls_seen(struct rpls_ctx *x, const char *kind, const char *key,
    char id[UID_SIZE], long *line, struct err *e);
static int rpls_mark(struct rpls_ctx *x, const char *kind, const char *key,
    const char *id, long line, struct err *e);
static int rpls_id(char id[UID_SIZE], char *found, struct err *e);
static int rpls_agency(struct rpls_ctx *x, char id[UID_SIZE], struct err *e);
static int rpls_sector(struct rpls_ctx *x, const struct rpls_row *row,
    char id[UID_SIZE], struct err *e);
static int rpls_estate(struct rpls_ctx *x, const struct rpls_row *row,
    const char *sector, char id[UID_SIZE], struct err *e);
static int rpls_building(struct rpls_ctx *x, const struct rpls_row *row,
    const char *estate, char id[UID_SIZE], struct err *e);
static int rpls_entrance(struct rpls_ctx *x, const struct rpls_row *row,
    const char *building, char id[UID_SIZE], struct err *e);
static int rpls_dwelling(struct rpls_ctx *x, const struct rpls_row *row,
    const char *entrance, int *found, struct err *e);
static int rpls_ref_unique(struct rpls_ctx *x, struct rpls_row *row, struct err *e);

/* Rows already written by this import, so that the second dwelling of an
 * estate refines the estate instead of overwriting it, and a dwelling
 * twice in the file is caught. A temporary table rather than memory: a row
 * rolled back to its savepoint is forgotten with it. */
static const char rpls_seen_create[] =
    "CREATE TEMP TABLE IF NOT EXISTS rpls_seen (kind TEXT NOT NULL, key TEXT NOT NULL, "
    "id TEXT NOT NULL, line INTEGER NOT NULL, n INTEGER NOT NULL DEFAULT 1, "
    "PRIMARY KEY (kind, key));"
    "DELETE FROM temp.rpls_seen;";

/* Run at the start of an import, inside its transaction. */
int
rpls_seen_open(struct rpls_ctx *x, struct err *e)
{
	return db_script(x->db, e, rpls_seen_create);
}

int
rpls_seen_close(struct rpls_ctx *x, struct err *e)
{
	return db_script(x->db, e, "DROP TABLE temp.rpls_seen");
}

/* 1 (id and *line filled) if this import already wrote kind/key, 0 if
 * not, -1 on error. */
static int
rpls_seen(struct rpls_ctx *x, const char *kind, const char *key, char id[UID_SIZE],
    long *line, struct err *e)
{
	struct db_stmt *st;
	int rc;

	st = db_stmt(x->db, e, "SELECT id, line FROM temp.rpls_seen WHERE kind = ? AND key = ?");
	if (st == NULL || db_bind(st, e, "tt", kind, key) != 0)
		return -1;
	if ((rc = db_step(st, e)) != 1)
		return rc;
	snprintf(id, UID_SIZE, "%s", db_col_text(st, 0));
	*line = (long)db_col_int(st, 1);
	while ((rc = db_step(st, e)) == 1)
		;
	return rc < 0 ? -1 : 1;
}

static int
rpls_mark(struct rpls_ctx *x, const char *kind, const char *key, const char *id,
    long line, struct err *e)
{
	return db_run(x->db, e, "INSERT INTO temp.rpls_seen (kind, key, id, line) "
	    "VALUES (?, ?, ?, ?)", "ttti", kind, key, id, (int64_t)line);
}

/* Copies into id the text the query returns: 1 found, 0 none, -1 error. */
static int
rpls_id(char id[UID_SIZE], char *found, struct err *e)
{
	if (found == NULL)
		return e->msg[0] != '\0' ? -1 : 0;
	snprintf(id, UID_SIZE, "%s", found);
	free(found);
	return 1;
}

static int
rpls_agency(struct rpls_ctx *x, char id[UID_SIZE], struct err *e)
{
	char org[UID_SIZE];
	int rc;

	err_clear(e);
	rc = rpls_id(id, db_text(x->db, e, "SELECT id FROM agency WHERE code = 'RPLS'", ""), e);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	rc = rpls_id(org, db_text(x->db, e,
	    "SELECT id FROM organisation ORDER BY rowid LIMIT 1", ""), e);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		uid_new(org);
		if (db_run(x->db, e, "INSERT INTO organisation (id, name, updated_at, "
		    "updated_by) VALUES (?, 'Organisme importé', ?, ?)", "ttt", org,
		    x->stamp, x->user) != 0)
			return -1;
	}
	uid_new(id);
	return db_run(x->db, e, "INSERT INTO agency (id, organisation_id, code, name, "
	    "updated_at, updated_by) VALUES (?, ?, 'RPLS', 'Import RPLS', ?, ?)", "tttt",
	    id, org, x->stamp, x->user);
}

/* The sector given with --sector, else the commune's, created if needed. */
static int
rpls_sector(struct rpls_ctx *x, const struct rpls_row *row, char id[UID_SIZE], struct err *e)
{
	const char *town = *row->v[COL_LIBCOM] != '\0' ? row->v[COL_LIBCOM] : row->v[COL_DEPCOM];
	char agency[UID_SIZE], *code, *name = NULL;
	int rc;

	if (x->sector[0] != '\0') {
		memcpy(id, x->sector, UID_SIZE);
		return 0;
	}
	code = xasprintf("RPLS-%s", row->commune);
	err_clear(e);
	rc = rpls_id(id, db_text(x->db, e, "SELECT id FROM sector WHERE code = ?", "t", code), e);
	if (rc == 0 && (rc = rpls_agency(x, agency, e)) == 0) {
		name = xasprintf("Import RPLS — %s", town);
		uid_new(id);
		rc = db_run(x->db, e, "INSERT INTO sector (id, agency_id, code, name, "
		    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)", "tttttt", id, agency,
		    code, name, x->stamp, x->user);
	}
	free(code);
	free(name);
	return rc < 0 ? -1 : 0;
}

/* The first row of an estate in this import sets it; the next ones can
 * only lower the year, raise the QPV flag and fill what is missing. */
static int
rpls_estate(struct rpls_ctx *x, const struct rpls_row *row, const char *sector,
    char id[UID_SIZE], struct err *e)
{
	const char *const *v = row->v;
	char fresh[UID_SIZE];
	long line;
	int rc;

	if ((rc = rpls_seen(x, "estate", row->estate_key, id, &line, e)) != 0)
		return rc < 0 ? -1 : db_run(x->db, e, "UPDATE estate SET "
		    "name = CASE WHEN ?1 IS NOT NULL AND name = ?2 THEN ?1 ELSE name END, "
		    "postcode = coalesce(postcode, ?3), town = coalesce(town, ?4), "
		    "year_built = coalesce(min(year_built, nullif(?5, 0)), year_built, nullif(?5, 0)), "
		    "financing = coalesce(financing, ?6), qpv = max(qpv, ?7) WHERE id = ?8",
		    "ttttdtdt", rpls_nz(v[COL_IMMEU]), row->default_name,
		    rpls_nz(v[COL_CODEPOSTAL]), rpls_nz(v[COL_LIBCOM]), row->year,
		    row->financing, row->qpv, id);
	uid_new(fresh);
	err_clear(e);
	rc = rpls_id(id, db_text(x->db, e, "INSERT INTO estate (id, sector_id, name, address, "
	    "postcode, town, depcom, year_built, financing, qpv, ext_key, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, nullif(?, 0), ?, ?, ?, ?, ?) "
	    "ON CONFLICT (ext_key) DO UPDATE SET sector_id = excluded.sector_id, "
	    "name = excluded.name, address = excluded.address, postcode = excluded.postcode, "
	    "town = excluded.town, depcom = excluded.depcom, year_built = excluded.year_built, "
	    "financing = excluded.financing, qpv = excluded.qpv, "
	    "updated_at = excluded.updated_at, updated_by = excluded.updated_by RETURNING id",
	    "tttttttdtdttt", fresh, sector, row->estate_name, row->street,
	    rpls_nz(v[COL_CODEPOSTAL]), rpls_nz(v[COL_LIBCOM]), rpls_nz(v[COL_DEPCOM]),
	    row->year, row->financing, row->qpv, row->estate_key, x->stamp, x->user), e);
	if (rc <= 0)
		return rc < 0 ? -1 : err_set(e, "résidence %s non enregistrée", row->street);
	return rpls_mark(x, "estate", row->estate_key, id, row->line, e);
}

static int
rpls_building(struct rpls_ctx *x, const struct rpls_row *row, const char *estate,
    char id[UID_SIZE], struct err *e)
{
	char fresh[UID_SIZE];
	long line;
	int rc;

	if ((rc = rpls_seen(x, "building", row->building_key, id, &line, e)) != 0)
		return rc < 0 ? -1 : db_run(x->db, e, "UPDATE building SET year_built = "
		    "coalesce(min(year_built, nullif(?1, 0)), year_built, nullif(?1, 0)) "
		    "WHERE id = ?2", "dt", row->year, id);
	uid_new(fresh);
	err_clear(e);
	/* A building made by hand with the same code is taken over. */
	rc = rpls_id(id, db_text(x->db, e, "INSERT INTO building (id, estate_id, code, "
	    "address, year_built, ext_key, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, nullif(?, 0), ?, ?, ?) "
	    "ON CONFLICT (ext_key) DO UPDATE SET estate_id = excluded.estate_id, "
	    "code = excluded.code, address = excluded.address, year_built = excluded.year_built, "
	    "updated_at = excluded.updated_at, updated_by = excluded.updated_by "
	    "ON CONFLICT (estate_id, code) DO UPDATE SET address = excluded.address, "
	    "year_built = excluded.year_built, ext_key = excluded.ext_key, "
	    "updated_at = excluded.updated_at, updated_by = excluded.updated_by RETURNING id",
	    "ttttdttt", fresh, estate, row->building, row->address, row->year,
	    row->building_key, x->stamp, x->user), e);
	if (rc <= 0)
		return rc < 0 ? -1 : err_set(e, "bâtiment %s non enregistré", row->building);
	return rpls_mark(x, "building", row->building_key, id, row->line, e);
}

static int
rpls_entrance(struct rpls_ctx *x, const struct rpls_row *row, const char *building,
    char id[UID_SIZE], struct err *e)
{
	char fresh[UID_SIZE];
	long line;
	int rc;

	if ((rc = rpls_seen(x, "entrance", row->entrance_key, id, &line, e)) != 0)
		return rc < 0 ? -1 : 0;
	uid_new(fresh);
	err_clear(e);
	rc = rpls_id(id, db_text(x->db, e, "INSERT INTO entrance (id, building_id, code, "
	    "address, ext_key, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (ext_key) DO UPDATE SET building_id = excluded.building_id, "
	    "code = excluded.code, address = excluded.address, "
	    "updated_at = excluded.updated_at, updated_by = excluded.updated_by "
	    "ON CONFLICT (building_id, code) DO UPDATE SET address = excluded.address, "
	    "ext_key = excluded.ext_key, updated_at = excluded.updated_at, "
	    "updated_by = excluded.updated_by RETURNING id",
	    "ttttttt", fresh, building, row->entrance, row->address, row->entrance_key,
	    x->stamp, x->user), e);
	if (rc <= 0)
		return rc < 0 ? -1 : err_set(e, "entrée %s non enregistrée", row->entrance);
	return rpls_mark(x, "entrance", row->entrance_key, id, row->line, e);
}

/* The dwelling is found by its import key, else by its register id; *found
 * says which of insert or update happened. */
static int
rpls_dwelling(struct rpls_ctx *x, const struct rpls_row *row, const char *entrance,
    int *found, struct err *e)
{
	const char *const *v = row->v;
	const char *sql;
	char id[UID_SIZE], first[UID_SIZE];
	char type[3] = {'T', (char)('0' + (row->rooms < 6 ? row->rooms : 6)), '\0'};
	long line;
	int rc;

	err_clear(e);
	rc = rpls_id(id, db_text(x->db, e, "SELECT id FROM dwelling WHERE ext_key = ?1 "
	    "UNION ALL SELECT id FROM dwelling WHERE ?2 IS NOT NULL AND rpls_id = ?2 LIMIT 1",
	    "tt", row->dwelling_key, rpls_nz(v[COL_IDENT_REP])), e);
	if (rc < 0)
		return -1;
	*found = rc;
	if (rc == 1 && (rc = rpls_seen(x, "dwelling", id, first, &line, e)) != 0)
		return rc < 0 ? -1 : err_set(e, "logement %s déjà présent ligne %ld",
		    row->reference, line);
	if (!*found)
		uid_new(id);
	sql = *found ?
	    "UPDATE dwelling SET entrance_id = ?2, reference = ?3, rpls_id = ?4, "
	    "floor = nullif(?5, " RPLS_STR(RPLS_NOFLOOR) "), door = ?6, type = ?7, rooms = ?8, area_m2 = nullif(?9, 0), "
	    "dpe_energy = ?10, dpe_ghg = ?11, dpe_date = ?12, ext_key = ?13, "
	    "updated_at = ?14, updated_by = ?15 WHERE id = ?1" :
	    "INSERT INTO dwelling (id, entrance_id, reference, rpls_id, floor, door, type, "
	    "rooms, area_m2, dpe_energy, dpe_ghg, dpe_date, ext_key, updated_at, updated_by) "
	    "VALUES (?1, ?2, ?3, ?4, nullif(?5, " RPLS_STR(RPLS_NOFLOOR) "), ?6, ?7, ?8, nullif(?9, 0), ?10, ?11, "
	    "?12, ?13, ?14, ?15)";
	if (db_run(x->db, e, sql, "ttttdttdftttttt", id, entrance, row->reference,
	    rpls_nz(v[COL_IDENT_REP]), row->floor, rpls_nz(v[COL_NUMAPPT]), type, row->rooms,
	    row->area, rpls_nz(row->energy), rpls_nz(row->ghg), rpls_nz(row->dpe_date),
	    row->dwelling_key, x->stamp, x->user) != 0)
		return err_prefix(e, "logement %s : ", row->reference);
	return rpls_mark(x, "dwelling", id, id, row->line, e);
}

/* Without a register id, dwellings whose floor and door are not given can
 * share a built reference: the second gets "#2", the third "#3"..., in the
 * order of the file, which the same file repeats on re-import. */
static int
rpls_ref_unique(struct rpls_ctx *x, struct rpls_row *row, struct err *e)
{
	struct db_stmt *st;
	char *base;
	long first;
	int64_t n;
	int rc;

	if (*row->v[COL_IDENT_INT] != '\0' || *row->v[COL_IDENT_REP] != '\0')
		return 0;
	st = db_stmt(x->db, e, "UPDATE temp.rpls_seen SET n = n + 1 "
	    "WHERE kind = 'ref' AND key = ? RETURNING n, line");
	if (st == NULL || db_bind(st, e, "t", row->reference) != 0 ||
	    (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 0)
		return db_run(x->db, e, "INSERT INTO temp.rpls_seen (kind, key, id, line) "
		    "VALUES ('ref', ?, '', ?)", "ti", row->reference, (int64_t)row->line);
	n = db_col_int(st, 0);
	first = (long)db_col_int(st, 1);
	while ((rc = db_step(st, e)) == 1)
		;
	if (rc < 0)
		return -1;
	base = row->reference;
	row->reference = xasprintf("%s#%lld", base, (long long)n);
	free(base);
	free(row->dwelling_key);
	row->dwelling_key = xasprintf("RPLS:%s", row->reference);
	rpls_problem(x->r, "%s:%ld: même adresse, bâtiment, entrée, étage et porte que "
	    "la ligne %ld : logement enregistré sous la référence %s", x->name, row->line,
	    first, row->reference);
	return 0;
}

int
rpls_write(struct rpls_ctx *x, struct rpls_row *row, int *found, struct err *e)
{
	char sector[UID_SIZE], estate[UID_SIZE], building[UID_SIZE], entrance[UID_SIZE];

	if (rpls_ref_unique(x, row, e) != 0 ||
	    rpls_sector(x, row, sector, e) != 0 ||
	    rpls_estate(x, row, sector, estate, e) != 0 ||
	    rpls_building(x, row, estate, building, e) != 0 ||
	    rpls_entrance(x, row, building, entrance, e) != 0)
		return -1;
	return rpls_dwelling(x, row, entrance, found, e);
}

/* Sets x->sector to the sector of code given with --sector. */
int
rpls_find_sector(struct rpls_ctx *x, const char *code, struct err *e)
{
	int rc;

	err_clear(e);
	rc = rpls_id(x->sector, db_text(x->db, e, "SELECT id FROM sector WHERE code = ?",
	    "t", code), e);
	if (rc == 0)
		return err_set(e, "secteur inconnu : %s", code);
	return rc < 0 ? -1 : 0;
}
