/* Change capture: the sync tables of the schema and the triggers that
 * record every write to a replicated table, in the same transaction, as
 * one row of `op` with its changed fields ({"col":[old,new],...}), a node
 * sequence number and a hybrid logical clock stamp. Triggers, not C code,
 * so that no write path can forget it (the sqlite3 shell included). */
#ifndef LOGE_SYNC_CAPTURE_H
#define LOGE_SYNC_CAPTURE_H

#include <stdint.h>

#include "core/err.h"

struct db;

/* The schema version that brought sync (core/schema.c's migration). */
#define CAPTURE_SCHEMA 4

/* Creates the sync tables and the capture and immutability triggers;
 * run by the schema migration, inside its transaction. */
int capture_install(struct db *db, struct err *e);
/* The capture triggers of one replicated table created by a later
 * version than CAPTURE_SCHEMA (core/schema.c's migration). */
int capture_install_table(struct db *db, const char *table, struct err *e);
/* The schema version that brought the laptops' numbering tags: the
 * hub's sync_node.tag (unique, given once per node) and its counter
 * sync_state.tags (core/numbering.h). */
#define CAPTURE_TAG_SCHEMA 7
extern const char capture_tag_ddl[];
/* Writes made while capture is suspended leave no operation: bulk loads
 * (the demo) and changes pulled from the hub. Inside a transaction only,
 * so that a crash can never leave capture off. */
int capture_suspend(struct db *db, struct err *e);
int capture_resume(struct db *db, struct err *e);

/* A hybrid logical clock stamp: 48 bits of milliseconds since the epoch,
 * 16 bits of counter. */
#define HLC_MS(h) ((int64_t)((uint64_t)(h) >> 16))
int64_t hlc_from_ms(int64_t ms);
int64_t hlc_wall_ms(void);
/* Advances the node's clock past a clock seen from the hub. */
int capture_merge_clock(struct db *db, int64_t remote, struct err *e);
int64_t capture_clock(struct db *db);

/* Local operations not yet accepted by the hub (pending or sent), and
 * those it refused; -1 on error. */
int64_t capture_pending(struct db *db);
int64_t capture_refused(struct db *db);

#endif
