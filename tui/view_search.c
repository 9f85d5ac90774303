/* `/` from anywhere: results update as you type. Arrows or Ctrl-N/Ctrl-P
 * choose, Enter opens (a tenant opens the dwelling of their current or
 * last lease), Esc goes back. Opened with "claim" (c where no place is on
 * screen), Enter takes a claim about the dwelling or estate found
 * instead of opening it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/search.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/lineedit.h"
#include "tui/view.h"

/* Enough to scroll through, few enough to stay under 10 ms a key at
 * 500,000 dwellings. */
#define SEARCH_LIMIT 100

struct searchv {
	struct lineedit le;
	struct search_hit *hits;
	char *last;  /* the query the hits answer */
	int claim;   /* Enter takes a claim about the place found */
};

static const enum tui_action search_actions[] = {A_NONE};

static const char *const kind_labels[] = {
	[SEARCH_DWELLING] = "Logement", [SEARCH_ESTATE] = "Résidence",
	[SEARCH_TENANT] = "Locataire", [SEARCH_CLAIM] = "Réclamation",
};

static void
search_refresh(struct view *v, struct tui *t)
{
	struct searchv *s = v->data;
	char *q = le_text(&s->le);
	struct search_hit *hits;
	struct err e;
	size_t n;

	if (s->last && strcmp(q, s->last) == 0) {
		free(q);
		return;
	}
	if (search_run(t->db, t->who, q, SEARCH_LIMIT, &hits, &n, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		free(q);
		return;
	}
	search_hits_free(s->hits, v->pos.n);
	s->hits = hits;
	v->pos.n = n;
	v->pos.sel = v->pos.top = 0;
	free(s->last);
	s->last = q;
}

static int
search_open(struct view *v, struct tui *t, const char *arg)
{
	struct searchv *s = xcalloc(1, sizeof *s);
	struct err e;

	/* Statements ready before the first key, not during it. */
	if (search_prepare(t->db, t->who, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		free(s);
		return -1;
	}
	le_init(&s->le, 100);
	s->claim = arg != NULL && strcmp(arg, "claim") == 0;
	v->data = s;
	snprintf(v->crumb, sizeof v->crumb, s->claim ? "Réclamation : le lieu" : "Recherche");
	return 0;
}

static void
search_draw(struct view *v, struct tui *t, int top, int height)
{
	struct searchv *s = v->data;
	const struct search_hit *h;
	enum draw_style st;
	size_t i;
	int y;

	draw_text(top, 1, 12, DS_HEADER, 1, "Rechercher :");
	draw_text(top + 1, 1, draw_cols() - 2, DS_DIM, 1, s->claim ?
	    "Le lieu de la réclamation : logement, adresse, locataire, résidence · "
	    "Entrée : choisir" :
	    "Logement, adresse, résidence, locataire, n° de réclamation · "
	    "Entrée : ouvrir · Échap : retour");
	if (v->pos.n == 0 && s->last && s->last[0])
		draw_text(top + 3, 1, draw_cols() - 2, DS_DIM, 1, "Aucun résultat.");
	list_move(&v->pos, A_NONE, height - 3);
	for (i = v->pos.top, y = top + 3; i < v->pos.n && y < top + height; i++, y++) {
		h = &s->hits[i];
		st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;
		draw_line(y, st);
		draw_text(y, 1, 11, st, 1, kind_labels[h->kind]);
		draw_text(y, 13, 40, st, 1, h->label);
		draw_text(y, 54, draw_cols() - 55, st, 1, h->detail ? h->detail : "");
	}
	le_draw(&s->le, top, 14, draw_cols() - 16);
}

/* Replaces the search by a claim form about the hit's dwelling (a
 * tenant's, a claim's), or its estate. */
static void
search_claim(struct tui *t, const struct search_hit *h)
{
	char arg[64];

	if (h->open_dwelling_id)
		tui_place_arg(arg, sizeof arg, PLACE_DWELLING, h->open_dwelling_id);
	else if (h->open_estate_id)
		tui_place_arg(arg, sizeof arg, PLACE_ESTATE, h->open_estate_id);
	else {
		tui_say(t, 0, " Pas de lieu pour ce résultat");
		return;
	}
	/* The tenant at the door is the one found, not the lease's first. */
	if (h->kind == SEARCH_TENANT)
		snprintf(t->jump, sizeof t->jump, "%s", h->id);
	tui_pop(t);
	tui_push(t, &view_claim_new_ops, arg);
	t->jump[0] = '\0';
}

static void
search_choose(struct view *v, struct tui *t)
{
	struct searchv *s = v->data;
	const struct search_hit *h;

	if (v->pos.n == 0)
		return;
	h = &s->hits[v->pos.sel];
	if (s->claim) {
		search_claim(t, h);
		return;
	}
	if (h->open_dwelling_id)
		tui_push(t, &view_sheet_ops, h->open_dwelling_id);
	else if (h->open_estate_id)
		tui_push(t, &view_buildings_ops, h->open_estate_id);
	else
		tui_say(t, 0, " Rien à ouvrir pour ce résultat");
}

static int
search_key(struct view *v, struct tui *t, int key)
{
	struct searchv *s = v->data;

	switch (key) {
	case K_ESC:
		tui_pop(t);
		return 1;
	case K_ENTER:
		search_choose(v, t);
		return 1;
	case K_DOWN: case CTRL('n'):
		list_move(&v->pos, A_DOWN, v->height - 3);
		return 1;
	case K_UP: case CTRL('p'):
		list_move(&v->pos, A_UP, v->height - 3);
		return 1;
	case K_PGDN:
		list_move(&v->pos, A_PAGE_DOWN, v->height - 3);
		return 1;
	case K_PGUP:
		list_move(&v->pos, A_PAGE_UP, v->height - 3);
		return 1;
	}
	if (le_key(&s->le, key))
		search_refresh(v, t);
	return 1;
}

static int
search_action(struct view *v, struct tui *t, enum tui_action a)
{
	return 0;
}

static void
search_close(struct view *v)
{
	struct searchv *s = v->data;

	search_hits_free(s->hits, v->pos.n);
	le_free(&s->le);
	free(s->last);
	free(s);
}

const struct view_ops view_search_ops = {
	"Recherche", search_open, search_draw, search_action, search_key, search_close,
	search_actions, NULL,
};
