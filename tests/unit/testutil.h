/* Shared helpers for the cmocka unit tests: a private temporary directory
 * per test and fresh databases in it. Include after the system headers. */
#ifndef LOGE_TESTUTIL_H
#define LOGE_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/demo.h"
#include "core/user.h"
#include "core/xalloc.h"

/* A new empty directory; the caller removes it with tu_rmdir and frees. */
static inline char *
tu_tmpdir(void)
{
	char *dir = xstrdup("/tmp/loge-test-XXXXXX");

	assert_non_null(mkdtemp(dir));
	return dir;
}

static inline void
tu_rmdir(char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

/* A path inside dir; the caller frees it. */
static inline char *
tu_path(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

/* Creates and opens a fresh, migrated database dir/name. */
static inline struct db *
tu_db(const char *dir, const char *name)
{
	struct db *db = NULL;
	struct err e;
	char *path = tu_path(dir, name);

	if (db_open(&db, path, DB_CREATE, &e) != 0)
		fail_msg("db_open %s: %s", path, e.msg);
	free(path);
	return db;
}

/* Creates dir/name and fills it with a demo patrimoine of n dwellings as
 * of date, from seed: realistic data for tests of screens' queries. */
static inline struct db *
tu_demo_db(const char *dir, const char *name, long n, uint64_t seed, const char *date)
{
	struct db *db = tu_db(dir, name);
	struct demo_opts o = {n, seed, date};
	struct err e;

	if (demo_build(db, &o, &e) != 0)
		fail_msg("demo_build: %s", e.msg);
	return db;
}

/* One integer from SQL with up to three text parameters (NULL: unused);
 * the test fails if there is no row. */
static inline long
tu_long(struct db *db, const char *sql, const char *a, const char *b, const char *c)
{
	int64_t v = -1;
	struct err e;
	int rc;

	if (c)
		rc = db_int(db, &e, &v, sql, "ttt", a, b, c);
	else if (b)
		rc = db_int(db, &e, &v, sql, "tt", a, b);
	else if (a)
		rc = db_int(db, &e, &v, sql, "t", a);
	else
		rc = db_int(db, &e, &v, sql, "");
	if (rc != 1)
		fail_msg("%s: %s", sql, rc < 0 ? e.msg : "no row");
	return (long)v;
}

/* Writes a whole file (tests of importers). */
static inline void
tu_write(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Loads login into u (free with user_clear), or fails the test. */
static inline void
tu_user(struct db *db, const char *login, struct user *u)
{
	struct err e;

	if (user_find(db, login, u, &e) != 1)
		fail_msg("user %s: %s", login, e.msg);
}

/* The first column of sql's first row, a (may be NULL) bound to ?; fails
 * the test on no row. The caller frees. */
static inline char *
tu_text(struct db *db, const char *sql, const char *a)
{
	struct err e;
	char *s;

	e.msg[0] = '\0';
	s = a ? db_text(db, &e, sql, "t", a) : db_text(db, &e, sql, "");
	if (s == NULL)
		fail_msg("%s: %s", sql, e.msg[0] ? e.msg : "no row");
	return s;
}

#endif
