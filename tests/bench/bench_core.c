/* In-process timings of core operations on a database, one operation per
 * process run so that peak RSS belongs to that operation alone.
 * Usage: bench_core open|list DB */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/datetime.h"
#include "core/db.h"
#include "core/patrimoine.h"

static double
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Opens the database and reads what a first screen needs. */
static int
bench_open(const char *path)
{
	struct timespec t0;
	struct agency_row *rows;
	struct db *db;
	struct err e;
	size_t n;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (db_open(&db, path, 0, &e) != 0 || patrimoine_agencies(db, &rows, &n, &e) != 0) {
		fprintf(stderr, "bench: %s\n", e.msg);
		return 1;
	}
	printf("%-44s %10.3f ms  (%zu agencies)\n", "open database + agency counts", ms_since(&t0), n);
	patrimoine_agencies_free(rows, n);
	db_close(db);
	return 0;
}

/* Lists the largest estate's dwellings with tenant and open claims. */
static int
bench_list(const char *path)
{
	struct timespec t0;
	struct dwelling_row *rows;
	struct db *db;
	struct err e;
	char today[DT_DATE_SIZE], *estate;
	size_t n;
	double ms;
	int i;

	if (db_open(&db, path, 0, &e) != 0)
		goto fail;
	estate = db_text(db, &e, "SELECT b.estate_id FROM dwelling d JOIN entrance en "
	    "ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id "
	    "GROUP BY b.estate_id ORDER BY count(*) DESC LIMIT 1", "");
	if (estate == NULL)
		goto fail;
	dt_today(today);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 10; i++) {
		if (patrimoine_estate_dwellings(db, estate, today, &rows, &n, &e) != 0)
			goto fail;
		patrimoine_dwellings_free(rows, n);
	}
	ms = ms_since(&t0) / 10;
	printf("%-44s %10.3f ms  (%zu dwellings, mean of 10)\n", "list one estate's dwellings", ms, n);
	free(estate);
	db_close(db);
	return 0;
fail:
	fprintf(stderr, "bench: %s\n", e.msg);
	return 1;
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: bench_core open|list DB\n");
		return 2;
	}
	if (strcmp(argv[1], "open") == 0)
		return bench_open(argv[2]);
	if (strcmp(argv[1], "list") == 0)
		return bench_list(argv[2]);
	fprintf(stderr, "bench_core: unknown operation %s\n", argv[1]);
	return 2;
}
