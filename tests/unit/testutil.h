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

/* Writes a whole file (tests of importers). */
static inline void
tu_write(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

#endif
