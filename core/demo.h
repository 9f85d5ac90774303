/* The demo database: a deterministic, realistic patrimoine (agencies,
 * sectors, estates in real French towns, dwellings, fictional tenants with
 * fifteen years of leases, inspections, claims, works, rounds, logbook)
 * so that every screen has something true-looking to show. The same seed
 * and the same anchor date always give the same content. */
#ifndef LOGE_DEMO_H
#define LOGE_DEMO_H

#include <stdint.h>

#include "err.h"

struct db;

#define DEMO_MIN_DWELLINGS 10
#define DEMO_MAX_DWELLINGS 500000

struct demo_opts {
	long dwellings;   /* DEMO_MIN_DWELLINGS..DEMO_MAX_DWELLINGS */
	uint64_t seed;
	const char *date; /* YYYY-MM-DD: the demo's "today" */
};

/* Fills an empty, migrated database; one transaction; -1 with e set on
 * error (then nothing was written). */
int demo_build(struct db *db, const struct demo_opts *o, struct err *e);

/* What a database holds, for the summary line of `loge demo`. */
struct demo_stats {
	long agencies;
	long sectors;
	long estates;
	long dwellings;
	long tenants;
	long leases;
	long inspections;
	long claims;
};

int demo_stats(struct db *db, struct demo_stats *out, struct err *e);

#endif
