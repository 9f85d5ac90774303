/* What is replicated, and how: one table lists every replicated table of
 * the schema with, for each column, the permission group needed to write
 * it and the rule that settles a conflict on it; and, for each table, how
 * a row finds its sector (the unit of replication). Capture triggers,
 * the hub's checks and merge, and the pull's scope filter all read it. */
#ifndef LOGE_SYNC_TABLES_H
#define LOGE_SYNC_TABLES_H

#include <stddef.h>

#include "core/perm.h"

enum sync_rule {
	RULE_LWW,    /* last writer wins on (clock, node id) */
	RULE_HUB,    /* workflow: the hub's value stays, a supervisor decides */
	RULE_APPEND, /* notes and logbook text: both texts are kept */
	RULE_PROV,   /* provenance (updated_at, updated_by): follows the row */
	RULE_COUNT
};

enum sync_type { ST_TEXT, ST_INT, ST_REAL };

struct sync_column {
	const char *name;
	enum sync_type type;
	enum perm_group group; /* PG_COUNT: the table's group */
	enum sync_rule rule;
	int not_null;
	size_t max_len; /* text, in bytes; 0: the frame limit */
};

struct sync_table {
	const char *name;
	enum perm_group group; /* needed to write the row */
	/* The row's sector as an SQL expression where "$." stands for the
	 * row ("new.", "old." or "t."); NULL: reference data, every node
	 * receives it. */
	const char *sector;
	const struct sync_column *cols;
	size_t ncols;
};

/* The sector of rows kept on the hub alone (the audit log). */
#define SYNC_HUB_ONLY "hub-only"

/* Every replicated table, parents before children (the order of a
 * snapshot); *n gets the count. */
const struct sync_table *sync_tables(size_t *n);
const struct sync_table *sync_table_find(const char *name);
const struct sync_column *sync_column_find(const struct sync_table *t, const char *name);
/* The column's effective permission group. */
enum perm_group sync_column_group(const struct sync_table *t, const struct sync_column *c);
const char *sync_rule_name(enum sync_rule r);
/* The table's sector expression for a row alias ("new", "t"); NULL for
 * reference data. The caller frees. */
char *sync_sector_sql(const struct sync_table *t, const char *alias);

#endif
