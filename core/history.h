/* The history of a dwelling, a building or an estate: every event the
 * services recorded about it (leases, inspections, claims and work orders
 * with their status changes, works, equipment, logbook, notes), newest
 * first, as the user's role may see it. A building's and an estate's
 * history hold their own events and their dwellings'. */
#ifndef LOGE_HISTORY_H
#define LOGE_HISTORY_H

#include <stddef.h>

#include "err.h"
#include "uid.h"

struct db;

/* id, filter key, French label, the table an event opens. Keys are
 * capitals so that they never shadow a screen's own lower-case actions
 * (q quits, e edits); 'A' is left for "all kinds". */
#define HISTORY_KINDS(X) \
	X(LEASE, 'B', "Baux", "lease") \
	X(INSPECTION, 'E', "États des lieux", "inspection") \
	X(CLAIM, 'R', "Réclamations", "claim") \
	X(WORK_ORDER, 'I', "Interventions", "work_order") \
	X(WORKS, 'T', "Travaux", "works") \
	X(EQUIPMENT, 'U', "Équipements", "equipment") \
	X(LOGBOOK, 'M', "Main courante", "logbook_entry") \
	X(NOTE, 'N', "Notes", "note")

enum history_kind {
#define X(id, key, label, table) H_##id,
	HISTORY_KINDS(X)
#undef X
	H_KIND_COUNT
};

#define HISTORY_BIT(k) (1u << (k))
#define HISTORY_ALL ((1u << H_KIND_COUNT) - 1)

enum history_scope {
	HISTORY_DWELLING,
	HISTORY_BUILDING,
	HISTORY_ESTATE,
	HISTORY_SCOPE_COUNT
};

struct history_event {
	enum history_kind kind;
	char *at;      /* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (UTC) */
	char *summary; /* one French line */
	char *place;   /* dwelling reference, or "Bât. A", "Bât. A, entrée 2", a common area */
	const char *table;          /* what Enter opens: the kind's table... */
	char row_id[UID_SIZE];      /* ...and row (a claim, not its status change) */
	char dwelling_id[UID_SIZE]; /* "" for a building's or estate's own event */
};

/* Loads the events of the dwelling, building or estate id whose kinds are
 * in kinds_mask (HISTORY_BIT(H_CLAIM) | ..., or HISTORY_ALL), newest
 * first. Kinds the role may not read are left out; tenants' names only
 * with the right to their identity, amounts only with the right to money.
 * *ev (n events) is freed with history_free. -1 with e set if id does not
 * exist or on a database error. */
int history_load(struct db *db, const char *role, enum history_scope scope, const char *id,
    unsigned kinds_mask, struct history_event **ev, size_t *n, struct err *e);
void history_free(struct history_event *ev, size_t n);

/* The kinds role may read, as a mask. */
unsigned history_kinds_readable(const char *role);
/* What role's history leaves out, named ("Baux : réservé à l'agence ·
 * Montants des travaux : réservé au service patrimoine"), NULL when
 * nothing. The caller frees. */
char *history_reserved(const char *role);
const char *history_kind_label(enum history_kind k);
/* The one-letter filter key of a kind; and the kind of a key, either
 * case, or -1. */
int history_kind_key(enum history_kind k);
int history_kind_from_key(int key);


/* The detail of one event's row, for the screen Enter opens: a title and
 * lines, each a label and its value, or (label NULL) a line of text:
 * headings, the continuation lines of a long text, a claim's status
 * changes. */
struct history_detail_line {
	char *label; /* NULL: a line of text in value alone */
	char *value; /* never NULL */
};

struct history_detail {
	char *title; /* "Réclamation R2025-000017", "Travaux du 2023-05-04"... */
	struct history_detail_line *lines;
	size_t n;
};

/* Loads the row (table, row_id) behind an event, table being one of the
 * kinds' tables (ev->table), as role sees it on today (YYYY-MM-DD, for the
 * age of equipment): the same rights as history_load (tenants' names only
 * with PG_TENANT_IDENTITY, amounts only with PG_MONEY; lines the role may
 * not see are left out). *out is freed with history_detail_free. -1 with a
 * French message in e for an unknown table, a kind the role may not read,
 * a missing row or a database error. */
int history_detail_load(struct db *db, const char *role, const char *table, const char *row_id,
    const char *today, struct history_detail **out, struct err *e);
void history_detail_free(struct history_detail *d);

#endif
