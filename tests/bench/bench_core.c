/* In-process timings of core operations on a database, one operation per
 * process run so that peak RSS belongs to that operation alone.
 * Usage: bench_core open|list|search DB */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/datetime.h"
#include "core/db.h"
#include "core/patrimoine.h"
#include "core/search.h"
#include "core/user.h"

/* What a person types in `/`, in words found in the demo database. */
static const char *const bench_phrases[] = {
	"helene dupont",
	"villeurbanne 12 aragon",
	"residence les jardins",
	"g00012-a1-101",
	"r2024-000017",
};

#define BENCH_NPHRASES (sizeof bench_phrases / sizeof bench_phrases[0])
#define BENCH_MAX_KEYS 64
#define BENCH_HITS 100 /* as tui/view_search.c asks */

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

static int
bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Times one search per keystroke of phrase into ms[]; returns the number
 * of keystrokes, or -1. */
static int
bench_type(struct db *db, const struct user *who, const char *phrase, double *ms,
    size_t *last_hits)
{
	struct search_hit *hits;
	struct timespec t0;
	struct err e;
	char typed[BENCH_MAX_KEYS + 1];
	size_t len = strlen(phrase), i, n;

	for (i = 1; i <= len && i <= BENCH_MAX_KEYS; i++) {
		memcpy(typed, phrase, i);
		typed[i] = '\0';
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (search_run(db, who, typed, BENCH_HITS, &hits, &n, &e) != 0) {
			fprintf(stderr, "bench: %s\n", e.msg);
			return -1;
		}
		ms[i - 1] = ms_since(&t0);
		search_hits_free(hits, n);
		*last_hits = n;
	}
	return (int)(i - 1);
}

/* The user searching: login, or else an agent of an agency (who sees
 * every kind of hit, through the scope filter of one agency). */
static int
bench_user(struct db *db, const char *login, struct user *who, struct err *e)
{
	char *found = NULL;
	int rc;

	if (login == NULL) {
		found = db_text(db, e, "SELECT login FROM user_account WHERE role = 'agent' "
		    "ORDER BY agency_id IS NULL, login LIMIT 1", "");
		if (found == NULL)
			return e->msg[0] ? -1 : err_set(e, "aucun agent dans la base");
		login = found;
	}
	rc = user_find(db, login, who, e);
	if (rc == 0)
		err_set(e, "utilisateur inconnu : %s", login);
	free(found);
	return rc == 1 ? 0 : -1;
}

/* Types each phrase character by character, as in `/`, and reports the
 * time of each keystroke's search (100 hits at most, as login or an
 * agent): min, median, max per phrase, then over all keystrokes. The
 * first keystrokes follow the open and search_prepare, and pay for cold
 * caches, as the first search of a session does. */
static int
bench_search(const char *path, const char *login)
{
	double ms[BENCH_MAX_KEYS], all[BENCH_NPHRASES * BENCH_MAX_KEYS];
	struct timespec t0;
	struct db *db;
	struct err e;
	char label[80];
	struct user who;
	size_t i, nall = 0, hits = 0;
	int k;

	memset(&who, 0, sizeof who);
	if (db_open(&db, path, 0, &e) != 0) {
		fprintf(stderr, "bench: %s\n", e.msg);
		return 1;
	}
	if (bench_user(db, login, &who, &e) != 0) {
		fprintf(stderr, "bench: %s\n", e.msg);
		db_close(db);
		return 1;
	}
	printf("searching as %s (%s)\n", who.login, who.role);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (search_prepare(db, &who, &e) != 0) {
		fprintf(stderr, "bench: %s\n", e.msg);
		user_clear(&who);
		db_close(db);
		return 1;
	}
	printf("%-44s %10.3f ms\n", "search prepare (when / opens)", ms_since(&t0));
	for (i = 0; i < BENCH_NPHRASES; i++) {
		if ((k = bench_type(db, &who, bench_phrases[i], ms, &hits)) < 0) {
			user_clear(&who);
			db_close(db);
			return 1;
		}
		memcpy(all + nall, ms, (size_t)k * sizeof ms[0]);
		nall += (size_t)k;
		qsort(ms, (size_t)k, sizeof ms[0], bench_cmp);
		snprintf(label, sizeof label, "search as typed \"%s\"", bench_phrases[i]);
		printf("%-44s %10.3f ms  (median; min %.3f, max %.3f; %d keys, %zu hits)\n",
		    label, ms[k / 2], ms[0], ms[k - 1], k, hits);
	}
	qsort(all, nall, sizeof all[0], bench_cmp);
	printf("%-44s %10.3f ms  (median; min %.3f, max %.3f; %zu keys)\n",
	    "search per keystroke, all phrases", all[nall / 2], all[0], all[nall - 1], nall);
	user_clear(&who);
	db_close(db);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc != 3 && !(argc == 4 && strcmp(argv[1], "search") == 0)) {
		fprintf(stderr, "usage: bench_core open|list DB | search DB [LOGIN]\n");
		return 2;
	}
	if (strcmp(argv[1], "open") == 0)
		return bench_open(argv[2]);
	if (strcmp(argv[1], "list") == 0)
		return bench_list(argv[2]);
	if (strcmp(argv[1], "search") == 0)
		return bench_search(argv[2], argc == 4 ? argv[3] : NULL);
	fprintf(stderr, "bench_core: unknown operation %s\n", argv[1]);
	return 2;
}
