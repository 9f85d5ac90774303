/* Work orders (bons de travaux, interventions): a contractor sent to a
 * place, from a claim, an exit-inspection defect, a round anomaly or
 * directly, followed until invoiced.
 *
 * Workflow (work_order_edges in work_order.c is this table):
 *
 *   to          from               who
 *   scheduled   ordered            PG_CLAIMS writers; a planned date is
 *                                  given or already set
 *   done        ordered, scheduled PG_CLAIMS writers (an emergency is
 *                                  often done before it was scheduled)
 *   checked     done               a gardien: checked on site
 *   invoiced    checked            PG_CLAIMS and PG_MONEY writers, with
 *                                  the amount (cents, >= 0)
 *
 * Each step is one transaction: the order's status, one work_order_event
 * (who, when, from, to, comment), and for invoiced the amount and a
 * `works` row for the place's works record (a dwelling's, a building's
 * for a building or an entrance, a common area's), dated the day the
 * order was done, kind "refurbishment" for an exit defect and "repair"
 * otherwise. Amounts are read only by roles that may read PG_MONEY:
 * for the others they are NULL with amount_hidden set.
 *
 * Numbers: BT<year>-NNNNNN, one above the highest of the year in this
 * database (the format of core/charge_order.c and the demo), or on a
 * laptop BT<year>-<tag>-NNNN in its own series (core/numbering.h). */
#ifndef LOGE_WORK_ORDER_H
#define LOGE_WORK_ORDER_H

#include <stddef.h>
#include <stdint.h>

#include "claim.h"
#include "datetime.h"
#include "err.h"
#include "uid.h"

struct db;
struct user;

#define WORK_ORDER_NUMBER_SIZE 32 /* "BT2026-000123", a laptop's "BT2026-B-0042" */

enum work_order_status {
	WORK_ORDER_ORDERED,
	WORK_ORDER_SCHEDULED,
	WORK_ORDER_DONE,
	WORK_ORDER_CHECKED,
	WORK_ORDER_INVOICED,
	WORK_ORDER_STATUS_COUNT
};

/* "ordered", and "Commandé"; the status of a code, -1 if unknown. */
const char *work_order_status_code(enum work_order_status s);
const char *work_order_status_label(enum work_order_status s);
int work_order_status_parse(const char *code);
/* 1 if the table allows from → to (whoever acts). */
int work_order_can(enum work_order_status from, enum work_order_status to);

/* ---- Writing ---- */

/* At most one origin. The place is the origin's (the claim's place, the
 * inspected dwelling, the round's building) unless place_id is given;
 * with no origin, or a round of a whole estate, place_id is required. */
struct work_order_new {
	const char *claim_id;           /* NULL, or a claim not solved yet */
	const char *inspection_item_id; /* NULL, or an item without an order yet */
	const char *round_result_id;    /* NULL, or an anomaly of a round */
	enum claim_place place_kind;    /* with place_id */
	const char *place_id;           /* NULL: the origin's place */
	const char *contractor_id;      /* required */
	const char *contract_id;        /* NULL, or one of the contractor's, in force */
	const char *description;        /* NULL or blank: the origin's text */
	const char *planned_date;       /* NULL or YYYY-MM-DD */
};

/* Orders work at now, as who (PG_CLAIMS write, the place in scope),
 * numbered, with its first event (→ ordered); a new claim it comes from
 * is forwarded in the same transaction. out_id and out_number (may be
 * NULL) receive its id and number. */
int work_order_create(struct db *db, const struct user *who, const struct work_order_new *w,
    const char *now, char out_id[UID_SIZE], char out_number[WORK_ORDER_NUMBER_SIZE],
    struct err *e);
/* The next free number of the year of `at`: BT<year>-NNNNNN, or
 * BT<year>-<tag>-NNNN on a laptop (see claim_number_next). */
int work_order_number_next(struct db *db, const char *at, char out[WORK_ORDER_NUMBER_SIZE],
    struct err *e);

struct work_order_step {
	enum work_order_status to;
	const char *comment;      /* optional */
	const char *planned_date; /* scheduled: YYYY-MM-DD, NULL keeps the one set */
	int64_t amount_cents;     /* invoiced: >= 0 */
};

/* Moves an order on, as the table allows (see above), at now. */
int work_order_transition(struct db *db, const struct user *who, const char *work_order_id,
    const struct work_order_step *step, const char *now, struct err *e);
/* Adds a comment (an event without status change), in any status. */
int work_order_comment(struct db *db, const struct user *who, const char *work_order_id,
    const char *comment, const char *now, struct err *e);

/* ---- Reading ---- */

struct work_order_row {
	char id[UID_SIZE];
	char number[WORK_ORDER_NUMBER_SIZE];
	enum work_order_status status;
	char contractor_id[UID_SIZE];
	char *contractor;       /* name */
	char contract_id[UID_SIZE]; /* "" if none */
	char *contract;         /* label, NULL if none */
	int response_hours;     /* the contract's, 0 if none */
	enum claim_place place_kind;
	char place_id[UID_SIZE];
	char *place;            /* as claim_row.place */
	char *description;
	char planned_date[DT_DATE_SIZE]; /* "" if none */
	char ordered_at[DT_STAMP_SIZE];
	int64_t amount_cents;   /* when has_amount */
	int has_amount;         /* 0: none yet, or hidden */
	int amount_hidden;      /* who may not read PG_MONEY */
	char claim_id[UID_SIZE];          /* origins; "" if none */
	char claim_number[CLAIM_NUMBER_SIZE];
	char inspection_item_id[UID_SIZE];
	char round_result_id[UID_SIZE];
};

struct work_order {
	struct work_order_row row;
	struct claim_event_row *events; /* oldest first */
	size_t nevents;
};

/* One order with its events, as who may read it (PG_CLAIMS, in scope;
 * the amount only with PG_MONEY). Free with work_order_free. */
int work_order_load(struct db *db, const struct user *who, const char *work_order_id,
    struct work_order **out, struct err *e);
void work_order_free(struct work_order *w);

/* The orders of a claim, oldest first, amounts as above. Free with
 * work_order_rows_free. */
int work_order_of_claim(struct db *db, const struct user *who, const char *claim_id,
    struct work_order_row **rows, size_t *n, struct err *e);

struct work_order_filter {
	int status;            /* enum work_order_status, -1: all */
	int open_only;         /* 1: not invoiced */
	const char *contractor_id; /* NULL: all */
	size_t offset, limit;  /* paging; limit 0: all */
};

/* The orders of who's scope matching f, oldest ordered first; *total
 * (may be NULL) receives the count over all pages. Free with
 * work_order_rows_free. */
int work_order_list(struct db *db, const struct user *who, const struct work_order_filter *f,
    struct work_order_row **rows, size_t *n, size_t *total, struct err *e);
void work_order_rows_free(struct work_order_row *rows, size_t n);

/* A contractor and its maintenance contracts. */
struct work_order_contract {
	char id[UID_SIZE];
	char *label;
	char *trade;            /* NULL: the contractor's */
	char agency_id[UID_SIZE]; /* "" for every agency */
	int response_hours;     /* 0 if not set */
	char start_date[DT_DATE_SIZE], end_date[DT_DATE_SIZE]; /* "" if open */
	int in_force;           /* on `today` */
};

struct work_order_contractor {
	char id[UID_SIZE];
	char *name;
	char *trade;
	char *phone;
	struct work_order_contract *contracts; /* by label */
	size_t ncontracts;
};

/* Every contractor by name, with its contracts of agency_id (and those
 * for every agency; NULL: all contracts), in force or not on today
 * (YYYY-MM-DD). Needs PG_CLAIMS read. Free with
 * work_order_contractors_free. */
int work_order_contractors(struct db *db, const struct user *who, const char *agency_id,
    const char *today, struct work_order_contractor **rows, size_t *n, struct err *e);
void work_order_contractors_free(struct work_order_contractor *rows, size_t n);

/* The anomaly recorded on a round's line (run_id, item_id): out_id
 * receives its round_result id, building_id the round's building ("" for
 * an estate's round, whose orders need a place) and *text (the caller
 * frees it) what an order from it says by default ("label : comment").
 * Refused when the line is not an anomaly. Needs PG_CLAIMS read. */
int work_order_round_anomaly(struct db *db, const struct user *who, const char *run_id,
    const char *item_id, char out_id[UID_SIZE], char building_id[UID_SIZE], char **text,
    struct err *e);
/* A contractor's or contract's trade in words ("plumbing" → "Plomberie"),
 * the code itself when unknown, "" for NULL. Static storage. */
const char *work_order_trade_label(const char *code);

#endif
