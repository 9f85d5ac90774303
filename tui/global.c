/* Actions that work from every screen: search, the logbook, the history,
 * synchronisation. */
#include <stddef.h>
#include <stdio.h>

#include "core/perm.h"
#include "core/user.h"
#include "tui/view.h"
#include "tui/view_synclog.h"

struct global {
	enum tui_action action;
	const struct view_ops *ops;
	/* 1: the screen's place is passed as "kind:id"; 2: as well, but
	 * from a screen without one below an agency or a sector, the
	 * search opens first to find it ("claim" mode, tui/view_search.c). */
	int with_place;
	/* Or the screen depends on who and where: NULL (having said why)
	 * when there is none. */
	const struct view_ops *(*choose)(struct tui *t);
};

static const struct global globals[] = {
	{A_SEARCH, &view_search_ops, 0, NULL},
	{A_LOGBOOK_ADD, &view_logbook_add_ops, 1, NULL},
	{A_LOGBOOK, &view_logbook_ops, 0, NULL},
	{A_HISTORY, &view_history_ops, 1, NULL},
	{A_SYNCLOG, NULL, 0, view_synclog_choose},
	{A_REFERENTIAL, &view_referential_ops, 0, NULL},
	{A_ROUNDS, &view_rounds_ops, 0, NULL},
	{A_CLAIM_NEW, &view_claim_new_ops, 2, NULL},
	{A_CLAIMS, &view_claims_ops, 0, NULL},
	{A_DASHBOARD, &view_dashboard_ops, 0, NULL},
	{A_WORK_ORDER_NEW, &view_work_order_new_ops, 1, NULL},
	{A_WORK_ORDERS, &view_work_orders_ops, 0, NULL},
	{A_AUDIT, &view_audit_ops, 0, NULL},
	{A_NONE, NULL, 0, NULL},
};

int
tui_global_action(struct tui *t, struct view *v, enum tui_action a)
{
	const struct global *g;
	const struct view_ops *ops;
	char arg[64];

	for (g = globals; g->action != A_NONE; g++) {
		if (g->action != a)
			continue;
		if ((ops = g->choose ? g->choose(t) : g->ops) == NULL)
			return 1;
		if (g->with_place == 2 && v->place < PLACE_ESTATE) {
			/* Said before searching for a place, not after. */
			if (!perm_can_write(t->who->role, PG_CLAIMS))
				tui_say(t, 1, " Réclamations : réservé au gardien et à l'agence");
			else
				tui_push(t, &view_search_ops, "claim");
			return 1;
		}
		if (g->with_place && v->place != PLACE_NONE) {
			tui_place_arg(arg, sizeof arg, v->place, v->place_id);
			tui_push(t, ops, arg);
		} else {
			tui_push(t, ops, NULL);
		}
		return 1;
	}
	return 0;
}
