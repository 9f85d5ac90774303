/* What the history's list (history.c) and the detail of one event
 * (history_detail.c) share: the kinds' table and the right each kind
 * needs. Private to those two files; other modules use history.h. */
#ifndef LOGE_HISTORY_INTERNAL_H
#define LOGE_HISTORY_INTERNAL_H

#include "history.h"
#include "perm.h"

/* Per kind, from HISTORY_KINDS: the filter key, the French label and the
 * table an event opens. */
struct history_kind_info {
	int key;
	const char *label;
	const char *table;
};

extern const struct history_kind_info history_kinds[H_KIND_COUNT];

/* What a role needs to read events of kind k (k < H_KIND_COUNT). */
enum perm_group history_kind_group(enum history_kind k);

#endif
