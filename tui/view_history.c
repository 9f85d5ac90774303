/* The history of a dwelling, a building or an estate, newest first. One
 * capital letter shows one kind of event only (again, or A, shows all);
 * Enter opens the event in full, `o` on a building's or estate's event
 * opens its dwelling's sheet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/history.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/view.h"

struct histv {
	enum history_scope scope;
	char id[37];
	unsigned mask;
	struct history_event *ev;
};

static const enum tui_action history_actions[] = {
	A_OPEN, A_OPEN_SHEET, A_SEARCH, A_LOGBOOK_ADD, A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN,
	A_PAGE_UP, A_FIRST, A_LAST, A_REDRAW, A_NONE,
};

static int
history_reload(struct view *v, struct tui *t)
{
	struct histv *h = v->data;
	struct history_event *ev;
	struct err e;
	size_t n;

	if (history_load(t->db, t->who->role, h->scope, h->id, h->mask, &ev, &n, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	history_free(h->ev, v->pos.n);
	h->ev = ev;
	v->pos.n = n;
	v->pos.sel = v->pos.top = 0;
	return 0;
}

static int
history_open(struct view *v, struct tui *t, const char *arg)
{
	static const enum history_scope scopes[PLACE_COUNT] = {
		[PLACE_DWELLING] = HISTORY_DWELLING, [PLACE_BUILDING] = HISTORY_BUILDING,
		[PLACE_ESTATE] = HISTORY_ESTATE,
	};
	struct histv *h;
	enum place_kind kind;
	const char *id = tui_place_parse(arg, &kind);

	if (id == NULL || (kind != PLACE_DWELLING && kind != PLACE_BUILDING && kind != PLACE_ESTATE)) {
		tui_say(t, 0, " L'historique se consulte depuis un logement, un bâtiment ou une résidence");
		return -1;
	}
	if (tui_set_place(t, v, kind, id) != 0)
		return -1;
	h = xcalloc(1, sizeof *h);
	h->scope = scopes[kind];
	snprintf(h->id, sizeof h->id, "%s", id);
	h->mask = HISTORY_ALL;
	v->data = h;
	snprintf(v->crumb, sizeof v->crumb, "Historique");
	if (history_reload(v, t) != 0) {
		free(h);
		return -1;
	}
	return 0;
}

static void
history_filters(struct histv *h, struct tui *t, int y)
{
	char item[64];
	int x = 1, k;

	for (k = 0; k < H_KIND_COUNT && x < draw_cols() - 4; k++) {
		if (!(history_kinds_readable(t->who->role) & HISTORY_BIT(k)))
			continue;
		snprintf(item, sizeof item, "%c", history_kind_key((enum history_kind)k));
		x += draw_text(y, x, 2, DS_KEY, 0, item);
		snprintf(item, sizeof item, " %s  ", history_kind_label((enum history_kind)k));
		x += draw_text(y, x, draw_cols() - x, (h->mask & HISTORY_BIT(k)) ? DS_NORMAL : DS_DIM, 0,
		    item);
	}
}

static void
history_draw(struct view *v, struct tui *t, int top, int height)
{
	struct histv *h = v->data;
	const struct history_event *ev;
	enum draw_style st;
	char *reserved = history_reserved(t->who->role);
	size_t i;
	int y;

	history_filters(h, t, top);
	if (reserved != NULL && height > 3) {
		height--;
		draw_text(top + height, 1, draw_cols() - 2, DS_DIM, 1, reserved);
	}
	free(reserved);
	if (v->pos.n == 0) {
		draw_text(top + 2, 1, draw_cols() - 2, DS_DIM, 1, "Aucun événement.");
		return;
	}
	list_move(&v->pos, A_NONE, height - 1);
	for (i = v->pos.top, y = top + 1; i < v->pos.n && y < top + height; i++, y++) {
		ev = &h->ev[i];
		st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;
		draw_line(y, st);
		draw_text(y, 1, 10, st, 1, ev->at);
		draw_text(y, 12, 14, st, 1, ev->place ? ev->place : "");
		draw_text(y, 27, draw_cols() - 28, st, 1, ev->summary);
	}
}

static int
history_key(struct view *v, struct tui *t, int key)
{
	struct histv *h = v->data;
	int k = key >= 'A' && key <= 'Z' ? history_kind_from_key(key) : -1;

	if (key == 'A') {
		h->mask = HISTORY_ALL;
	} else if (k >= 0) {
		h->mask = h->mask == HISTORY_BIT(k) ? HISTORY_ALL : HISTORY_BIT(k);
	} else {
		return 0;
	}
	history_reload(v, t);
	return 1;
}

static int
history_action(struct view *v, struct tui *t, enum tui_action a)
{
	struct histv *h = v->data;
	const struct history_event *ev;
	char arg[128];

	if (list_move(&v->pos, a, v->height - 1))
		return 1;
	if (v->pos.n == 0 || (a != A_OPEN && a != A_OPEN_SHEET))
		return 0;
	ev = &h->ev[v->pos.sel];
	if (a == A_OPEN_SHEET) {
		if (ev->dwelling_id[0] == '\0' || h->scope == HISTORY_DWELLING)
			tui_say(t, 0, " Cet événement ne concerne pas un autre logement");
		else
			tui_push(t, &view_sheet_ops, ev->dwelling_id);
		return 1;
	}
	/* An inspection opens whole, where it is read and filled in. */
	if (strcmp(ev->table, "inspection") == 0) {
		tui_push(t, &view_inspection_ops, ev->row_id);
		return 1;
	}
	snprintf(arg, sizeof arg, "%s\x1f%s", ev->table, ev->row_id);
	tui_push(t, &view_event_ops, arg);
	return 1;
}

static void
history_close(struct view *v)
{
	struct histv *h = v->data;

	history_free(h->ev, v->pos.n);
	free(h);
}

const struct view_ops view_history_ops = {
	"Historique", history_open, history_draw, history_action, history_key, history_close,
	history_actions, NULL,
};
