/* The demo database: a deterministic, realistic patrimoine (agencies,
 * sectors, estates in real French towns, dwellings, fictional tenants with
 * fifteen years of leases, inspections, works, five years of claims and
 * work orders, rounds, logbook)
 * so that every screen has something true-looking to show. The same seed
 * and the same anchor date always give the same content. */
#ifndef LOGE_DEMO_H
#define LOGE_DEMO_H

#include <stdint.h>

#include "err.h"

struct db;

#define DEMO_MIN_DWELLINGS 10
#define DEMO_MAX_DWELLINGS 500000
#define DEMO_MAX_AGENCIES 8

struct demo_opts {
	long dwellings;   /* DEMO_MIN_DWELLINGS..DEMO_MAX_DWELLINGS */
	uint64_t seed;
	const char *date; /* YYYY-MM-DD: the demo's "today" */
};

/* Fills an empty, migrated database; one transaction; -1 with e set on
 * error (then nothing was written). */
int demo_build(struct db *db, const struct demo_opts *o, struct err *e);

/* demo_build() with the dwellings shared among that many agencies
 * (1..DEMO_MAX_AGENCIES, at least DEMO_MIN_DWELLINGS each) instead of one
 * per 20,000 dwellings: one agency of 50,000 dwellings for a benchmark.
 * agencies 0 is demo_build(). */
int demo_build_agencies(struct db *db, const struct demo_opts *o, int agencies,
    struct err *e);

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
