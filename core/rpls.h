/* Import of a patrimoine from a file in the columns of the RPLS (the
 * national register of social rented dwellings): estates, buildings,
 * entrances and dwellings, matched on re-import by their ext_key so that
 * importing the same file twice updates instead of duplicating.
 *
 * A file is read whole, as UTF-8 (BOM allowed) or else Windows-1252 /
 * Latin-1, with ';' or ',' separators. A bad row is reported with its line,
 * column and reason and left out; the good rows are imported, all in one
 * transaction. A file that cannot be read at all changes nothing. */
#ifndef LOGE_RPLS_H
#define LOGE_RPLS_H

#include <stddef.h>

#include "err.h"

struct db;

/* Larger files are refused before anything is read into memory. */
#define RPLS_MAX_BYTES ((size_t)1 << 31)
/* Problems kept in a report; the rest are only counted. */
#define RPLS_MAX_PROBLEMS 1000

struct rpls_report {
	long rows;       /* data rows read (blank lines not counted) */
	long inserted;   /* dwellings created */
	long updated;    /* dwellings that existed and were updated */
	long rejected;   /* rows left out */
	char **problems; /* "file:line: ..." for each rejected row and warning */
	size_t nproblems;
	long dropped;    /* problems beyond RPLS_MAX_PROBLEMS, not kept */
};

/* Imports the file at path into db, acting as user_id (a user_account.id).
 * sector_code puts every estate in that existing sector; NULL puts them in
 * one sector per commune of the agency "Import RPLS" (created if missing).
 * Returns 0 when the file was processed (r says how many rows were
 * rejected and why), -1 when it was refused as a whole (e says why, and the
 * database is unchanged). Free r with rpls_report_free in both cases. */
int rpls_import_file(struct db *db, const char *path, const char *sector_code,
    const char *user_id, struct rpls_report *r, struct err *e);
/* The same for data already in memory; name is used in messages. */
int rpls_import_buffer(struct db *db, const char *name, const char *data, size_t len,
    const char *sector_code, const char *user_id, struct rpls_report *r, struct err *e);
void rpls_report_free(struct rpls_report *r);

#endif
