/* Filling in and signing an exit inspection through the core API, as a
 * gardien would at the keyboard; shared by the unit tests. Include after
 * testutil.h. */
#ifndef LOGE_INSPECTION_HARNESS_H
#define LOGE_INSPECTION_HARNESS_H

#include "core/field.h"
#include "core/inspection.h"
#include "core/user.h"

static inline void
ih_save(struct db *db, const struct user *who, const char *field, const char *row,
    const char *value)
{
	struct err e;

	if (field_save(db, who, field_find(field), row, value, &e) != 0)
		fail_msg("%s = %s: %s", field, value, e.msg);
}

static inline struct inspection *
ih_load(struct db *db, const char *id)
{
	struct inspection *in;
	struct err e;

	if (inspection_load(db, NULL, id, &in, &e) != 0)
		fail_msg("load %s: %s", id, e.msg);
	return in;
}

/* Readings, keys returned, the new address, a description for every
 * defect and a state for every item. */
static inline void
ih_complete_exit(struct db *db, const struct user *who, const char *id)
{
	struct inspection *in = ih_load(db, id);
	char v[32];
	size_t i;

	ih_save(db, who, "inspection.tenant_new_address", id, "4 rue des Lilas, 69008 Lyon");
	for (i = 0; i < in->nmeters; i++) {
		snprintf(v, sizeof v, "%zu,5", 1000 + i);
		ih_save(db, who, "inspection_meter.reading", in->meters[i].id, v);
	}
	for (i = 0; i < in->nkeys; i++) {
		snprintf(v, sizeof v, "%ld", in->keys[i].given);
		ih_save(db, who, "inspection_key.returned", in->keys[i].id, v);
	}
	for (i = 0; i < in->nitems; i++) {
		if (in->items[i].state == 'm' || in->items[i].state == 'x' || !in->items[i].state)
			ih_save(db, who, "inspection_item.comment", in->items[i].id, "Rayures profondes");
		if (!in->items[i].state)
			ih_save(db, who, "inspection_item.state", in->items[i].id, "b");
	}
	inspection_free(in);
}

/* Ready, every party present signs with its name, then the whole. */
static inline void
ih_sign_all(struct db *db, const struct user *who, const char *id)
{
	struct inspection *in;
	struct err e;
	size_t i;

	if (inspection_start(db, who, id, &e) != 0 || inspection_set_ready(db, who, id, &e) != 0)
		fail_msg("ready: %s", e.msg);
	in = ih_load(db, id);
	for (i = 0; i < in->nparties; i++)
		if (in->parties[i].present &&
		    inspection_party_sign(db, who, in->parties[i].id, in->parties[i].name, &e) != 0)
			fail_msg("sign %s: %s", in->parties[i].name, e.msg);
	inspection_free(in);
	if (inspection_sign(db, who, id, &e) != 0)
		fail_msg("sign: %s", e.msg);
}

#endif
