/* The database schema: ordered migrations keyed by PRAGMA user_version.
 * Migrations are additive so that the hub can accept operations from the
 * previous schema version (sync). */
#ifndef LOGE_SCHEMA_H
#define LOGE_SCHEMA_H

#include "err.h"

struct db;

/* The version this Loge writes. */
int schema_latest(void);
/* Brings the database up to schema_latest(), each step in a transaction. */
int schema_migrate(struct db *db, struct err *e);
/* Runs the migrations up to `version` only (tests of upgrade paths). */
int schema_migrate_to(struct db *db, int version, struct err *e);

#endif
