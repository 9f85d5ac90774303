/* Exit defects the landlord bears become refurbishment work orders, in
 * one key: the contractor is found from the item's trade and the
 * dwelling's agency contracts. */
#include "charge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charge_internal.h"
#include "db.h"
#include "perm.h"
#include "user.h"
#include "work_order.h"
#include "xalloc.h"

/* ---- Work orders for the landlord's defects ---- */

/* The item a work order is made for, read inside its transaction. */
struct charge_wo {
	char dwelling[UID_SIZE];
	char *kind, *description;
	char contractor[UID_SIZE];
	char contract[UID_SIZE]; /* "" when none */
};

static const char charge_wo_item_sql[] =
    "SELECT it.charge, it.kind, r.name, it.name, it.comment, i.dwelling_id, "
    " (SELECT number FROM work_order WHERE inspection_item_id = it.id ORDER BY number LIMIT 1) "
    "FROM inspection_item it JOIN inspection_room r ON r.id = it.room_id "
    "JOIN inspection i ON i.id = r.inspection_id WHERE it.id = ?";

/* Contracts of the dwelling's agency for a trade, in force on ?3. */
static const char charge_wo_contract_sql[] =
    "SELECT c.contractor_id, c.id FROM contract c "
    "JOIN contractor k ON k.id = c.contractor_id "
    "WHERE c.agency_id = (SELECT s.agency_id FROM dwelling d "
    "  JOIN entrance en ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id "
    "  JOIN estate es ON es.id = b.estate_id JOIN sector s ON s.id = es.sector_id "
    "  WHERE d.id = ?1) "
    " AND coalesce(c.trade, k.trade) = ?2 "
    " AND (c.start_date IS NULL OR c.start_date <= ?3) "
    " AND (c.end_date IS NULL OR c.end_date >= ?3) "
    "ORDER BY k.name, c.id LIMIT 1";

static const char *const charge_wo_contractor_sql[] = {
	"SELECT id FROM contractor WHERE trade = ? ORDER BY name, id LIMIT 1",
	"SELECT id FROM contractor WHERE ? IS NOT NULL ORDER BY name, id LIMIT 1",
};

static const struct {
	const char *charge, *label;
} charge_labels[] = {
	{"tenant", "à la charge du locataire"},
	{"wear", "vétusté"},
	{"none", "non imputable"},
};

static int charge_wo_item(struct db *db, const char *item_id, struct charge_wo *wo,
    struct err *e);
static int charge_wo_contractor(struct db *db, struct charge_wo *wo, struct err *e);
static int charge_wo_insert(struct db *db, const struct user *who, const char *item_id,
    struct charge_wo *wo, char number[32], struct err *e);

static const char *
charge_label(const char *charge)
{
	size_t i;

	for (i = 0; charge != NULL && i < sizeof charge_labels / sizeof charge_labels[0]; i++)
		if (strcmp(charge_labels[i].charge, charge) == 0)
			return charge_labels[i].label;
	return "imputation non indiquée";
}

static int
charge_wo_item(struct db *db, const char *item_id, struct charge_wo *wo, struct err *e)
{
	struct db_stmt *st;
	const char *charge, *comment;
	int rc;

	if ((st = db_stmt(db, e, charge_wo_item_sql)) == NULL || db_bind(st, e, "t", item_id) != 0)
		return -1;
	if ((rc = db_step(st, e)) <= 0)
		return rc < 0 ? -1 : err_set(e, "élément d'état des lieux introuvable : %s", item_id);
	charge = db_col_text(st, 0);
	if (charge == NULL || strcmp(charge, "landlord") != 0) {
		err_set(e, "seul un défaut à la charge du bailleur devient un bon de travaux "
		    "(celui-ci : %s)", charge_label(charge));
		db_reset(st);
		return -1;
	}
	if (!db_col_is_null(st, 6)) {
		err_set(e, "un bon de travaux existe déjà pour cet élément : %s",
		    db_col_text(st, 6));
		db_reset(st);
		return -1;
	}
	comment = db_col_text(st, 4);
	wo->kind = db_col_dup(st, 1);
	wo->description = xasprintf("Remise en état : %s — %s%s%s", db_col_text(st, 2),
	    db_col_text(st, 3), comment && *comment ? " : " : "", comment && *comment ? comment : "");
	snprintf(wo->dwelling, sizeof wo->dwelling, "%s", db_col_text(st, 5));
	db_reset(st);
	return 0;
}

/* Under contract with the agency for the trade, else of the trade, else
 * the first by name. */
static int
charge_wo_contractor(struct db *db, struct charge_wo *wo, struct err *e)
{
	const char *kt = charge_kind_trade(wo->kind), *trade = kt ? kt : "multi";
	char today[DT_DATE_SIZE];
	struct db_stmt *st;
	size_t i;
	int rc;

	dt_today(today);
	if ((st = db_stmt(db, e, charge_wo_contract_sql)) == NULL ||
	    db_bind(st, e, "ttt", wo->dwelling, trade, today) != 0 || (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 1) {
		snprintf(wo->contractor, sizeof wo->contractor, "%s", db_col_text(st, 0));
		snprintf(wo->contract, sizeof wo->contract, "%s", db_col_text(st, 1));
		db_reset(st);
		return 0;
	}
	for (i = 0; i < 2; i++) {
		if ((st = db_stmt(db, e, charge_wo_contractor_sql[i])) == NULL ||
		    db_bind(st, e, "t", trade) != 0 || (rc = db_step(st, e)) < 0)
			return -1;
		if (rc == 1) {
			snprintf(wo->contractor, sizeof wo->contractor, "%s", db_col_text(st, 0));
			db_reset(st);
			return 0;
		}
	}
	return err_set(e, "aucune entreprise enregistrée à qui commander les travaux");
}


static int
charge_wo_insert(struct db *db, const struct user *who, const char *item_id,
    struct charge_wo *wo, char number[32], struct err *e)
{
	struct work_order_new w = {NULL, item_id, NULL, CLAIM_PLACE_DWELLING, NULL, NULL, NULL,
	    NULL, NULL};
	char id[UID_SIZE];

	if (charge_wo_item(db, item_id, wo, e) != 0 || charge_wo_contractor(db, wo, e) != 0)
		return -1;
	w.place_id = wo->dwelling;
	w.contractor_id = wo->contractor;
	w.contract_id = wo->contract[0] ? wo->contract : NULL;
	w.description = wo->description;
	return work_order_create(db, who, &w, NULL, id, number, e);
}

int
charge_work_order(struct db *db, const struct user *who, const char *item_id,
    char out_number[32], struct err *e)
{
	struct charge_wo wo;
	char number[32];
	int rc;

	if (!perm_can_write(who->role, PG_CLAIMS))
		return err_set(e, "bon de travaux : votre rôle (%s) ne permet pas d'en commander",
		    user_role_label(who->role));
	memset(&wo, 0, sizeof wo);
	if (db_begin(db, e) != 0)
		return -1;
	rc = charge_wo_insert(db, who, item_id, &wo, number, e);
	if (rc != 0 || db_commit(db, e) != 0) {
		db_rollback(db);
		rc = err_prefix(e, "bon de travaux : ");
	} else if (out_number != NULL) {
		snprintf(out_number, 32, "%s", number);
	}
	free(wo.kind);
	free(wo.description);
	return rc;
}
