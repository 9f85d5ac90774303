/* A dwelling's inspections, newest first: Entrée opens one, `n` plans a
 * new one (then e entrée, s sortie, p pré-état, c constat), `A` opens an
 * amendment of a signed entry (then d : 10 jours, c : chauffage). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/inspection.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/view.h"

enum ipend { IP_NONE, IP_KIND, IP_AMEND };

struct listv {
	char dwelling[UID_SIZE];
	struct inspection_row *rows;
	size_t n;
	enum ipend pending;
};

static const enum tui_action list_actions[] = {
	A_OPEN, A_BACK, A_QUIT, A_HELP, A_LOGBOOK_ADD, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP,
	A_FIRST, A_LAST, A_REDRAW, A_NONE,
};

static const struct view_key list_keys[] = {
	{"n", "Nouveau", "Planifier un état des lieux (e entrée, s sortie, p pré-état, c constat)"},
	{"A", "Avenant", "Compléter une entrée signée (d : sous 10 jours, c : chauffage)"},
	{NULL, NULL, NULL},
};

static int
list_reload(struct view *v, struct tui *t)
{
	struct listv *lv = v->data;
	struct err e;

	free(lv->rows);
	if (inspection_list(t->db, t->who, lv->dwelling, &lv->rows, &lv->n, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	v->pos.n = lv->n;
	return 0;
}

static int
list_open(struct view *v, struct tui *t, const char *arg)
{
	struct listv *lv = xcalloc(1, sizeof *lv);

	snprintf(lv->dwelling, sizeof lv->dwelling, "%s", arg ? arg : "");
	v->data = lv;
	if (tui_set_place(t, v, PLACE_DWELLING, lv->dwelling) != 0 || list_reload(v, t) != 0) {
		free(lv->rows);
		free(lv);
		return -1;
	}
	snprintf(v->crumb, sizeof v->crumb, "États des lieux");
	return 0;
}

static void
list_draw(struct view *v, struct tui *t, int top, int height)
{
	struct listv *lv = v->data;
	char when[16], what[96], count[48];
	size_t i;
	int y;

	draw_text(top, 0, draw_cols(), DS_DIM, 1,
	    " Date        Type                            État            Éléments");
	if (lv->n == 0)
		draw_text(top + 2, 2, draw_cols() - 4, DS_DIM, 1,
		    "Aucun état des lieux : n en planifie un.");
	list_move(&v->pos, A_NONE, height - 2);
	for (i = v->pos.top, y = top + 1; i < lv->n && y < top + height - 1; i++, y++) {
		const struct inspection_row *r = &lv->rows[i];
		enum draw_style st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;
		snprintf(when, sizeof when, "%.10s", r->done_at[0] ? r->done_at : r->planned_date);
		snprintf(what, sizeof what, "%s%s", r->amends_id[0] ? (strcmp(r->amendment_kind,
		    "heating") == 0 ? "Avenant chauffage · " : "Avenant 10 jours · ") : "",
		    inspection_kind_label(r->kind));
		snprintf(count, sizeof count, r->nitems ? "%ld (%ld dégradé%s)" : "—", r->nitems,
		    r->ndegraded, r->ndegraded > 1 ? "s" : "");
		draw_line(y, st);
		draw_text(y, 1, 11, st, 1, when);
		draw_text(y, 13, 31, st, 1, what);
		draw_text(y, 45, 15, st, 1, inspection_state_label(r->state));
		draw_text(y, 61, draw_cols() - 62, st, 1, count);
	}
	if (lv->pending)
		draw_text(top + height - 1, 1, draw_cols() - 2, DS_SELECTED, 1,
		    lv->pending == IP_KIND ? "Nouvel état des lieux : e entrée, s sortie, "
		    "p pré-état (visite-conseil), c constat de commissaire de justice" :
		    "Avenant : d demande sous 10 jours, c période de chauffe");
}

static void
create(struct view *v, struct tui *t, int key)
{
	static const struct {
		int key;
		const char *kind;
	} kinds[] = {{'e', "move_in"}, {'s', "move_out"}, {'p', "pre_exit"}, {'c', "bailiff"}};
	struct listv *lv = v->data;
	char id[UID_SIZE];
	struct err e;
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (kinds[i].key != key)
			continue;
		if (inspection_create(t->db, t->who, lv->dwelling, kinds[i].kind, NULL, id, &e) != 0) {
			tui_say(t, 1, " %.250s", e.msg);
			return;
		}
		list_reload(v, t);
		tui_invalidate(t);
		if (tui_push(t, &view_inspection_ops, id) == 0)
			tui_say(t, 0, " %s créé%s", inspection_kind_label(kinds[i].kind),
			    strcmp(kinds[i].kind, "move_in") != 0 ? " (prérempli depuis l'entrée "
			    "quand elle existe)" : "");
		return;
	}
	tui_say(t, 0, " Annulé");
}

static void
amend(struct view *v, struct tui *t, int key)
{
	struct listv *lv = v->data;
	char id[UID_SIZE], src[UID_SIZE];
	struct err e;

	if (key != 'd' && key != 'c') {
		tui_say(t, 0, " Annulé");
		return;
	}
	memcpy(src, lv->rows[v->pos.sel].id, UID_SIZE);
	if (inspection_amend(t->db, t->who, src, key == 'd' ? "ten_day" : "heating", id, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return;
	}
	list_reload(v, t);
	tui_invalidate(t);
	tui_push(t, &view_inspection_ops, id);
}

static int
list_key(struct view *v, struct tui *t, int key)
{
	struct listv *lv = v->data;
	enum ipend p = lv->pending;

	lv->pending = IP_NONE;
	if (p == IP_KIND) {
		create(v, t, key);
		return 1;
	}
	if (p == IP_AMEND) {
		amend(v, t, key);
		return 1;
	}
	if (key == 'n') {
		lv->pending = IP_KIND;
		return 1;
	}
	if (key == 'A') {
		if (lv->n == 0)
			tui_say(t, 0, " Pas d'état des lieux d'entrée à compléter");
		else
			lv->pending = IP_AMEND;
		return 1;
	}
	return 0;
}

static int
list_action(struct view *v, struct tui *t, enum tui_action a)
{
	struct listv *lv = v->data;

	if (list_move(&v->pos, a, v->height - 2))
		return 1;
	if (a == A_OPEN && lv->n > 0) {
		tui_push(t, &view_inspection_ops, lv->rows[v->pos.sel].id);
		return 1;
	}
	return 0;
}

static void
list_close(struct view *v)
{
	struct listv *lv = v->data;

	free(lv->rows);
	free(lv);
}

const struct view_ops view_inspections_ops = {
	"États des lieux", list_open, list_draw, list_action, list_key, list_close, list_actions,
	list_keys,
};
