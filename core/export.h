/* Exports of the patrimoine and its follow-up (claims, works, logbook) as
 * CSV or JSON, one kind of row at a time, streamed so that the memory used
 * does not grow with the number of rows. Rows carry their context (sector,
 * estate, building...) so that they make sense outside Loge. No tenant or
 * lease data here: personal data exports are a separate matter. */
#ifndef LOGE_EXPORT_H
#define LOGE_EXPORT_H

#include <stdio.h>

#include "err.h"

struct db;

enum export_format { EXPORT_CSV, EXPORT_JSON };

enum {
	/* The output is a terminal: text goes through sanitize() so that
	 * escape sequences stored in the database are shown, not obeyed. */
	EXPORT_SANITIZE = 1 << 0,
};

/* Writes every row of `what` (one of export_kinds(); NULL means
 * "dwellings") to out, then flushes out; flags EXPORT_SANITIZE. Returns
 * the number of rows written, or -1 with e set (unknown kind, database
 * error, write error). out is left open: the caller closes it. */
long export_write(struct db *db, FILE *out, const char *what, enum export_format fmt,
    int flags, struct err *e);
/* NULL-terminated list of the kinds, for help and usage messages; static,
 * never freed. */
const char *const *export_kinds(void);

#endif
