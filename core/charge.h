/* What the leaving tenant owes after an exit inspection: for each item
 * the gardien charged to the tenant, quantity × unit price (price_list),
 * reduced for wear (vétusté, wear_grid) from the item's age, with the
 * rule written out so that anyone can check each figure. Keys not
 * returned are a loss: charged whole. Amounts are integer cents. */
#ifndef LOGE_CHARGE_H
#define LOGE_CHARGE_H

#include <stddef.h>
#include <stdint.h>

#include "datetime.h"
#include "err.h"
#include "uid.h"

struct db;
struct user;

/* One line of the wear grid (grille de vétusté); rates in basis points
 * (1/10000). */
struct wear_rule {
	int lifetime_years;
	int franchise_years;
	int yearly_rate_bp;
	int residual_bp;
};

/* The tenant's share coefficient, in basis points, for an item of
 * age_years whole years (completed): max(residual, 1 - max(0, age -
 * franchise) × rate), within [0, 10000]. w NULL (no wear applies: loss,
 * alteration, cleaning, an item kind the grid does not list): 10000. */
int charge_coefficient_bp(const struct wear_rule *w, int age_years);
/* cost × coefficient, rounded to the nearest cent (half up). */
int64_t charge_share_cents(int64_t cost_cents, int coef_bp);
/* quantity × unit price, rounded to the nearest cent (half up);
 * quantity is taken to the hundredth. */
int64_t charge_cost_cents(double quantity, int64_t unit_price_cents);
/* Whole years from start to end (YYYY-MM-DD), 0 if end is before start. */
int charge_age_years(const char *start, const char *end);

/* The charge proposed for an item of that wear-grid kind found in that
 * state at exit: "tenant" (a tenant repair of décret 87-712), "wear",
 * "landlord" or "none"; static string. */
const char *charge_default(const char *item_kind, char state);
/* The décret 87-712 category of a tenant repair on that item kind
 * ("Menuiseries : ..."), static; NULL when none applies. */
const char *charge_repair_category(const char *item_kind);

struct charge_line {
	char item_id[UID_SIZE];       /* "" for a key line */
	char *room;                   /* NULL for a key line */
	char *item;                   /* "Murs", "Clé porte palière" */
	char *defect;                 /* the item's comment, NULL */
	char *price_label;            /* "Peinture murs, deux couches" */
	char price_code[24];
	char unit[8];                 /* m2, ml, unit, hour, flat */
	double quantity;
	int64_t unit_price_cents;
	int64_t cost_cents;
	/* Age: from when, which kind of date ("pose de l'équipement",
	 * "travaux de remise en état", "début du bail"), in whole years. */
	char age_from[DT_DATE_SIZE];  /* "" when no wear applies */
	const char *age_source;       /* static, NULL when no wear applies */
	int age_years;
	int coef_bp;                  /* tenant share, basis points */
	int64_t share_cents;          /* what the tenant owes */
	char *rule;                   /* French: how the coefficient was found */
};

struct charge_statement {
	struct charge_line *lines;
	size_t nlines;
	int64_t total_cost_cents;
	int64_t total_share_cents;
	int64_t deposit_cents;        /* -1 if unknown */
	int deposit_months;           /* 1 when exit matches entry, else 2 */
	char exit_date[DT_DATE_SIZE];
	char deposit_deadline[DT_DATE_SIZE];
	const char *rounding;         /* static French sentence */
	/* Degraded items charged to the tenant without a price or a quantity
	 * (they are not counted; the statement says so). */
	size_t nunpriced;
};

/* The charge statement of an exit (or pre-exit: the estimate) inspection.
 * The caller frees it with charge_statement_free. */
int charge_statement(struct db *db, const char *inspection_id, struct charge_statement **out,
    struct err *e);
void charge_statement_free(struct charge_statement *s);

/* Turns a defect the landlord bears (charge "landlord") into a
 * refurbishment work order for the dwelling, linked to the item; the
 * contractor is the one under contract for the item's trade in the
 * dwelling's agency (else any of that trade, else the first). out_number
 * receives its number (may be NULL). Refused when one exists already. */
int charge_work_order(struct db *db, const struct user *who, const char *item_id,
    char out_number[32], struct err *e);

#endif
