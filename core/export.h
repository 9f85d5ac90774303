/* Exports of the patrimoine and its follow-up (claims, works, logbook) as
 * CSV or JSON, one kind of row at a time, streamed so that the memory used
 * does not grow with the number of rows. Rows carry their context (sector,
 * estate, building...) so that they make sense outside Loge. No tenant or
 * lease data here: personal data exports are a separate matter. */
/* What a user exports follows their rights (core/perm.h): only the rows
 * whose place lies in their scope (patrimoine_scope()), amounts empty for
 * a role that may not read them, a kind refused with the group's French
 * refusal when the role may not read it. */
#ifndef LOGE_EXPORT_H
#define LOGE_EXPORT_H

#include <stdio.h>

#include "err.h"

struct db;
struct user;

enum export_format { EXPORT_CSV, EXPORT_JSON };

enum {
	/* The output is a terminal: text goes through sanitize() so that
	 * escape sequences stored in the database are shown, not obeyed. */
	EXPORT_SANITIZE = 1 << 0,
};

/* Writes every row of `what` (one of export_kinds(); NULL means
 * "dwellings") that who may see to out, then flushes out; flags
 * EXPORT_SANITIZE. Columns of amounts (*_cents) are empty (CSV) or null
 * (JSON) when who's role may not read PG_MONEY. "opendata" describes the
 * whole patrimoine: only for roles whose scope is everything. Returns the
 * number of rows written, or -1 with e set (unknown kind, kind refused,
 * database error, write error). out is left open: the caller closes it. */
long export_write(struct db *db, const struct user *who, FILE *out, const char *what,
    enum export_format fmt, int flags, struct err *e);
/* NULL-terminated list of the kinds, for help and usage messages; static,
 * never freed. */
const char *const *export_kinds(void);

#endif
