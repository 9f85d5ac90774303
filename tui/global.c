/* Actions that work from every screen: search, the logbook. */
#include <stddef.h>
#include <stdio.h>

#include "tui/view.h"

struct global {
	enum tui_action action;
	const struct view_ops *ops;
	int with_place; /* the screen's place is passed as "kind:id" */
};

static const struct global globals[] = {
	{A_SEARCH, &view_search_ops, 0},
	{A_LOGBOOK_ADD, &view_logbook_add_ops, 1},
	{A_LOGBOOK, &view_logbook_ops, 0},
	{A_HISTORY, &view_history_ops, 1},
	{A_NONE, NULL, 0},
};

int
tui_global_action(struct tui *t, struct view *v, enum tui_action a)
{
	const struct global *g;
	char arg[64];

	for (g = globals; g->ops; g++) {
		if (g->action != a)
			continue;
		if (g->with_place && v->place != PLACE_NONE) {
			tui_place_arg(arg, sizeof arg, v->place, v->place_id);
			tui_push(t, g->ops, arg);
		} else {
			tui_push(t, g->ops, NULL);
		}
		return 1;
	}
	return 0;
}
