/* Numbers of claims and work orders, the ones read out to a tenant at the
 * lodge. The hub, and a database that never synced (the demo), number
 * <prefix><year>-NNNNNN (R2026-000123). A laptop numbers offline, so two
 * laptops would take the same next number: each gets from the hub, at its
 * first sync, a tag of its own (meta "sync_tag", sync/node.c) and numbers
 * <prefix><year>-<tag>-NNNN (R2026-B-0042), a series no one else counts
 * in. Each series goes on from the highest of the year in this database;
 * a number that does not parse (one typed by hand, another series) is
 * not counted. */
#ifndef LOGE_CORE_NUMBERING_H
#define LOGE_CORE_NUMBERING_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct db;

/* A tag: 1 to NUMBERING_TAG_MAX letters, none of I and O (read out, they
 * pass for 1 and 0), and a NUL. */
#define NUMBERING_TAG_MAX 4
#define NUMBERING_TAG_SIZE (NUMBERING_TAG_MAX + 1)

/* The tag of the n-th laptop (n >= 1): A to Z, then AA, AB... -1 (and
 * an empty out) for n < 1 or past the last tag of NUMBERING_TAG_MAX
 * letters. */
int numbering_tag(int64_t n, char out[NUMBERING_TAG_SIZE]);
/* 1 if s is a tag numbering_tag can give. */
int numbering_tag_ok(const char *s);

/* The next free number of table ("claim" or "work_order", column number)
 * for the year of `at` (a stamp or a date) with prefix ("R", "BT"): in
 * this database's tag series if meta "sync_tag" holds a valid tag, else
 * in the plain series. out holds size bytes (room for 31 characters is
 * always enough). */
int numbering_next(struct db *db, const char *table, const char *prefix, const char *at,
    char *out, size_t size, struct err *e);

#endif
