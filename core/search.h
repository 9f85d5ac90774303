/* The search behind `/`: dwellings, estates, tenants and claims found as
 * a person types. The index (FTS5 tables search_*, schema migration 2) is
 * kept exact by triggers on every write, whoever writes; this module only
 * reads it, and can rebuild it or pause its triggers for bulk loads. */
#ifndef LOGE_SEARCH_H
#define LOGE_SEARCH_H

#include <stddef.h>

#include "err.h"

struct db;
struct user;

enum search_kind {
	SEARCH_DWELLING,
	SEARCH_ESTATE,
	SEARCH_TENANT,
	SEARCH_CLAIM,
};

struct search_hit {
	enum search_kind kind;
	char *id;               /* the row's id */
	char *label;            /* one line: "G00001-A1-001 — 25 rue Louis Aragon,
	                         * Saint-Denis", "DUPONT Hélène", "R2025-000017" */
	char *detail;           /* second column: the estate, the tenant's dwelling,
	                         * the claim's category, status and place */
	char *open_dwelling_id; /* what Enter opens: the dwelling itself, the
	                         * tenant's current or last lease's dwelling, the
	                         * claim's dwelling; NULL if none */
	char *open_estate_id;   /* the estate of the hit (itself for an estate),
	                         * opened when open_dwelling_id is NULL; NULL if
	                         * unknown */
};

/* Runs a query typed by a person: words split on spaces and punctuation,
 * each matched as a prefix, all words required (the first 16), accent and
 * case insensitive. Only hits within who's scope (patrimoine_scope(): a
 * dwelling, estate or claim by its estate's sector, a tenant by the
 * dwellings of their leases, the lease shown being one of those); a scoped
 * search looks among the first 1000 matches of each kind only (see
 * SEARCH_SCOPE_BUDGET). Tenant hits only for roles that may read tenant
 * identities, claim hits only for roles that may read claims
 * (core/perm.h).
 * At most `limit` hits (itself at most 1000), shared fairly between the
 * kinds that match, in the order dwellings, tenants, estates, claims;
 * within a kind, dwellings and estates in the order they were created,
 * tenants and claims newest first. An empty or blank query gives 0 hits.
 * Nothing in the query is FTS syntax: quotes, *, -, AND, OR, NEAR are
 * words or separators. *hits is freed with search_hits_free. Returns 0, or
 * -1 with e set. */
int search_run(struct db *db, const struct user *who, const char *query, int limit,
    struct search_hit **hits, size_t *n, struct err *e);
void search_hits_free(struct search_hit *hits, size_t n);
/* Prepares who's search statements and opens the index, so that the first
 * keystroke costs no more than the next: call it when `/` opens. */
int search_prepare(struct db *db, const struct user *who, struct err *e);

/* Empties and refills the whole index from the tables, in one pass and one
 * transaction (after a VACUUM, or if the index is ever in doubt). */
int search_rebuild(struct db *db, struct err *e);

/* Bulk loads (the demo generator): search_suspend drops the index triggers,
 * search_resume puts them back exactly as they were and rebuilds the index.
 * Both run inside the caller's transaction, which must be open, so that a
 * load that fails and rolls back leaves the triggers in place. */
int search_suspend(struct db *db, struct err *e);
int search_resume(struct db *db, struct err *e);

#endif
