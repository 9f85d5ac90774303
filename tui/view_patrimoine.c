/* The patrimoine browser: agencies › sectors › estates › buildings ›
 * entrances › dwellings. One generic list screen; each level is a row of
 * the table below (how to load, how to draw a line, what Enter opens). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/patrimoine.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/view.h"

struct level {
	enum place_kind kind;     /* the place whose children are listed */
	const char *header;
	/* Loads the rows under id (their array and count). */
	int (*load)(struct tui *t, const char *id, void **rows, size_t *n, struct err *e);
	/* The id, name and one-line summary of row i. */
	void (*row)(void *rows, size_t i, const char **id, const char **name, char *summary,
	    size_t size);
	void (*free)(void *rows, size_t n);
	const struct view_ops *child; /* what Enter opens */
};

struct plist {
	const struct level *lv;
	void *rows;
};

/* ---- loaders, one per level ---- */

static int
load_sectors(struct tui *t, const char *id, void **rows, size_t *n, struct err *e)
{
	return patrimoine_sectors(t->db, id, (struct sector_row **)rows, n, e);
}

static void
row_sector(void *rows, size_t i, const char **id, const char **name, char *sum, size_t size)
{
	struct sector_row *r = (struct sector_row *)rows + i;

	*id = r->id;
	*name = r->name;
	snprintf(sum, size, "%s", r->summary ? r->summary : "");
}

static void
free_sectors(void *rows, size_t n)
{
	patrimoine_sectors_free(rows, n);
}

static int
load_estates(struct tui *t, const char *id, void **rows, size_t *n, struct err *e)
{
	return patrimoine_estates(t->db, id, t->today, (struct estate_row **)rows, n, e);
}

static void
row_estate(void *rows, size_t i, const char **id, const char **name, char *sum, size_t size)
{
	struct estate_row *r = (struct estate_row *)rows + i;

	*id = r->id;
	*name = r->name;
	snprintf(sum, size, "%s", r->summary ? r->summary : "");
}

static void
free_estates(void *rows, size_t n)
{
	patrimoine_estates_free(rows, n);
}

static int
load_buildings(struct tui *t, const char *id, void **rows, size_t *n, struct err *e)
{
	return patrimoine_buildings(t->db, id, (struct building_row **)rows, n, e);
}

static void
row_building(void *rows, size_t i, const char **id, const char **name, char *sum, size_t size)
{
	struct building_row *r = (struct building_row *)rows + i;

	*id = r->id;
	*name = r->label;
	snprintf(sum, size, "%s", r->summary ? r->summary : "");
}

static void
free_buildings(void *rows, size_t n)
{
	patrimoine_buildings_free(rows, n);
}

static int
load_entrances(struct tui *t, const char *id, void **rows, size_t *n, struct err *e)
{
	return patrimoine_entrances(t->db, id, (struct entrance_row **)rows, n, e);
}

static void
row_entrance(void *rows, size_t i, const char **id, const char **name, char *sum, size_t size)
{
	struct entrance_row *r = (struct entrance_row *)rows + i;

	*id = r->id;
	*name = r->label;
	snprintf(sum, size, "%s", r->summary ? r->summary : "");
}

static void
free_entrances(void *rows, size_t n)
{
	patrimoine_entrances_free(rows, n);
}

static int
load_dwellings(struct tui *t, const char *id, void **rows, size_t *n, struct err *e)
{
	return patrimoine_entrance_dwellings(t->db, id, t->today, t->who->role,
	    (struct dwelling_row **)rows, n, e);
}

static void
row_dwelling(void *rows, size_t i, const char **id, const char **name, char *sum, size_t size)
{
	struct dwelling_row *r = (struct dwelling_row *)rows + i;

	*id = r->id;
	*name = r->reference;
	patrimoine_dwelling_summary(r, sum, size);
}

static void
free_dwellings(void *rows, size_t n)
{
	patrimoine_dwellings_free(rows, n);
}

static const struct level lv_sectors = {PLACE_AGENCY, "Secteur", load_sectors, row_sector,
	free_sectors, &view_estates_ops};
static const struct level lv_estates = {PLACE_SECTOR, "Résidence", load_estates, row_estate,
	free_estates, &view_buildings_ops};
static const struct level lv_buildings = {PLACE_ESTATE, "Bâtiment", load_buildings,
	row_building, free_buildings, &view_entrances_ops};
static const struct level lv_entrances = {PLACE_BUILDING, "Entrée", load_entrances,
	row_entrance, free_entrances, &view_dwellings_ops};
static const struct level lv_dwellings = {PLACE_ENTRANCE, "Logement", load_dwellings,
	row_dwelling, free_dwellings, &view_sheet_ops};

/* ---- the generic list screen ---- */

static const enum tui_action plist_actions[] = {
	A_OPEN, A_ALL_DWELLINGS, A_SEARCH, A_HISTORY, A_LOGBOOK_ADD, A_LOGBOOK, A_BACK, A_QUIT,
	A_HELP,
	A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST, A_LAST, A_REDRAW, A_NONE,
};

static int
plist_open(struct view *v, struct tui *t, const struct level *lv, const char *id)
{
	struct plist *pl;
	struct err e;

	if (tui_set_place(t, v, lv->kind, id) != 0)
		return -1;
	pl = xcalloc(1, sizeof *pl);
	pl->lv = lv;
	if (lv->load(t, id, &pl->rows, &v->pos.n, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		free(pl);
		return -1;
	}
	v->data = pl;
	return 0;
}

static void
plist_draw(struct view *v, struct tui *t, int top, int height)
{
	struct plist *pl = v->data;
	const char *id, *name;
	char sum[PATRIMOINE_SUMMARY_SIZE], head[64];
	enum draw_style st;
	size_t i;
	int y;

	snprintf(head, sizeof head, " %s", pl->lv->header);
	draw_text(top, 0, draw_cols(), DS_HEADER, 1, head);
	if (v->pos.n == 0) {
		draw_text(top + 2, 1, draw_cols() - 2, DS_DIM, 1, "Rien à afficher ici.");
		return;
	}
	list_move(&v->pos, A_NONE, height - 1);
	for (i = v->pos.top, y = top + 1; i < v->pos.n && y < top + height; i++, y++) {
		st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;
		pl->lv->row(pl->rows, i, &id, &name, sum, sizeof sum);
		draw_line(y, st);
		draw_text(y, 1, 24, st, 1, name);
		draw_text(y, 26, draw_cols() - 27, st, 1, sum);
	}
}

static int
plist_action(struct view *v, struct tui *t, enum tui_action a)
{
	struct plist *pl = v->data;
	const char *id, *name;
	char sum[PATRIMOINE_SUMMARY_SIZE];

	if (list_move(&v->pos, a, v->height - 1))
		return 1;
	if (a == A_OPEN && v->pos.n > 0) {
		pl->lv->row(pl->rows, v->pos.sel, &id, &name, sum, sizeof sum);
		tui_push(t, pl->lv->child, id);
		return 1;
	}
	if (a == A_ALL_DWELLINGS) {
		char arg[64];
		tui_place_arg(arg, sizeof arg, v->place, v->place_id);
		tui_push(t, &view_all_dwellings_ops, arg);
		return 1;
	}
	return 0;
}

static void
plist_close(struct view *v)
{
	struct plist *pl = v->data;

	pl->lv->free(pl->rows, v->pos.n);
	free(pl);
}

#define LEVEL_VIEW(name, title, lv) \
	static int name##_open(struct view *v, struct tui *t, const char *id) \
	{ \
		return plist_open(v, t, &lv, id); \
	} \
	const struct view_ops view_##name##_ops = { \
		title, name##_open, plist_draw, plist_action, NULL, plist_close, plist_actions, NULL, \
	};

LEVEL_VIEW(sectors, "Secteurs", lv_sectors)
LEVEL_VIEW(estates, "Résidences", lv_estates)
LEVEL_VIEW(buildings, "Bâtiments", lv_buildings)
LEVEL_VIEW(entrances, "Entrées", lv_entrances)
LEVEL_VIEW(dwellings, "Logements", lv_dwellings)

/* ---- every dwelling under a place: the long list (10,000 rows and more) ---- */

struct alld {
	struct dwelling_row *rows;
};

static const enum tui_action alld_actions[] = {
	A_OPEN, A_SEARCH, A_LOGBOOK, A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN,
	A_PAGE_UP, A_FIRST, A_LAST, A_REDRAW, A_NONE,
};

static int
alld_open(struct view *v, struct tui *t, const char *arg)
{
	enum place_kind kind;
	const char *id = tui_place_parse(arg, &kind);
	struct alld *ad;
	struct err e;

	if (id == NULL || kind < PLACE_AGENCY || kind > PLACE_ENTRANCE) {
		tui_say(t, 0, " Depuis une agence, un secteur, une résidence, un bâtiment ou une entrée");
		return -1;
	}
	if (tui_set_place(t, v, kind, id) != 0)
		return -1;
	ad = xcalloc(1, sizeof *ad);
	/* Names are read only for the rows drawn: a list of 20,000 opens at once. */
	if (patrimoine_dwellings(t->db, kind, id, t->today, t->who->role,
	    PATRIMOINE_TENANTS_LATER, &ad->rows, &v->pos.n, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		free(ad);
		return -1;
	}
	snprintf(v->crumb, sizeof v->crumb, "Tous les logements (%zu)", v->pos.n);
	v->data = ad;
	return 0;
}

static void
alld_draw(struct view *v, struct tui *t, int top, int height)
{
	struct alld *ad = v->data;
	char sum[PATRIMOINE_SUMMARY_SIZE];
	enum draw_style st;
	struct err e;
	size_t i, shown;
	int y;

	draw_text(top, 0, draw_cols(), DS_HEADER, 1, " Logement");
	if (v->pos.n == 0) {
		draw_text(top + 2, 1, draw_cols() - 2, DS_DIM, 1, "Aucun logement.");
		return;
	}
	list_move(&v->pos, A_NONE, height - 1);
	shown = v->pos.n - v->pos.top < (size_t)height - 1 ? v->pos.n - v->pos.top : (size_t)height - 1;
	if (patrimoine_dwellings_tenants(t->db, ad->rows + v->pos.top, shown, &e) != 0)
		tui_say(t, 1, " %.250s", e.msg);
	for (i = v->pos.top, y = top + 1; i < v->pos.n && y < top + height; i++, y++) {
		st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;
		patrimoine_dwelling_summary(&ad->rows[i], sum, sizeof sum);
		draw_line(y, st);
		draw_text(y, 1, 16, st, 1, ad->rows[i].reference);
		draw_text(y, 18, draw_cols() - 19, st, 1, sum);
	}
}

static int
alld_action(struct view *v, struct tui *t, enum tui_action a)
{
	struct alld *ad = v->data;

	if (list_move(&v->pos, a, v->height - 1))
		return 1;
	if (a == A_OPEN && v->pos.n > 0) {
		tui_push(t, &view_sheet_ops, ad->rows[v->pos.sel].id);
		return 1;
	}
	return 0;
}

static void
alld_close(struct view *v)
{
	struct alld *ad = v->data;

	patrimoine_dwellings_free(ad->rows, v->pos.n);
	free(ad);
}

const struct view_ops view_all_dwellings_ops = {
	"Logements", alld_open, alld_draw, alld_action, NULL, alld_close, alld_actions, NULL,
};
