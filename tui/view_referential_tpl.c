/* One inspection template: its rooms, each followed by its items, in the
 * order an inspection walks them. The administrator renames, adds,
 * deletes and reorders them in place (tui/ref_edit.c); others read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/referential.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/ref_edit.h"
#include "tui/view.h"

#define NCOLS 3

/* A line: a room (item -1) or one of its items. */
struct tline {
	size_t room;
	long item;
};

struct tplv {
	char id[UID_SIZE];
	struct referential_row *rooms;
	size_t nrooms;
	struct referential_row **items; /* per room */
	size_t *nitems;
	struct tline *lines;
	size_t col;      /* the item column chosen */
	int pending_add; /* + pressed: p a room, e an item */
	struct ref_edit ed;
};

static const int tpl_widths[NCOLS] = {0, 16, 22};
static const char *const tpl_heads[NCOLS] = {"Pièce · élément", "Catégorie", "Nature"};

static const enum tui_action tpl_actions[] = {
	A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST, A_LAST, A_REDRAW,
	A_NONE,
};

/* Help lines fit 80 columns: 55 characters. */
static const struct view_key tpl_keys[] = {
	{"Entrée e", "Modifier", "Modifier la case : pièce, élément, catégorie, nature"},
	{"Gauche Droite", NULL, "Choisir la colonne d'un élément"},
	{"+", "Ajouter", "Ajouter une pièce, ou un élément à cette pièce"},
	{"-", "Supprimer", "Supprimer la ligne (une pièce avec ses éléments)"},
	{"K J", "Déplacer", "Monter, descendre la pièce ou l'élément"},
	{"Tab (saisie)", NULL, "En saisie : catégories de la grille (other : aucune)"},
	{NULL, NULL, NULL},
};

static void
tpl_free_data(struct tplv *tv)
{
	size_t i;

	for (i = 0; i < tv->nrooms; i++)
		referential_rows_free(tv->items[i], tv->nitems[i], RT_ITEM);
	referential_rows_free(tv->rooms, tv->nrooms, RT_ROOM);
	free(tv->items);
	free(tv->nitems);
	free(tv->lines);
	tv->rooms = NULL;
	tv->items = NULL;
	tv->nitems = NULL;
	tv->lines = NULL;
	tv->nrooms = 0;
}

static const char *
line_id(const struct tplv *tv, const struct tline *l)
{
	return l->item < 0 ? tv->rooms[l->room].id : tv->items[l->room][l->item].id;
}

static int
tpl_read(struct tplv *tv, struct tui *t, size_t *nlines)
{
	struct err e;
	size_t i, total;

	if (referential_list(t->db, RT_ROOM, tv->id, &tv->rooms, &tv->nrooms, &e) != 0)
		goto fail;
	tv->items = xcalloc(tv->nrooms + 1, sizeof *tv->items);
	tv->nitems = xcalloc(tv->nrooms + 1, sizeof *tv->nitems);
	total = tv->nrooms;
	for (i = 0; i < tv->nrooms; i++) {
		if (referential_list(t->db, RT_ITEM, tv->rooms[i].id, &tv->items[i], &tv->nitems[i],
		    &e) != 0)
			goto fail;
		total += tv->nitems[i];
	}
	*nlines = total;
	return 0;
fail:
	tui_say(t, 1, " %.250s", e.msg);
	return -1;
}

/* Reads the rooms and items again, the cursor on focus (an id). */
static int
tpl_load(struct view *v, struct tui *t, const char *focus)
{
	struct tplv *tv = v->data;
	char keep[UID_SIZE];
	size_t total = 0, n = 0, i;
	long j;

	snprintf(keep, sizeof keep, "%s", focus ? focus : "");
	tpl_free_data(tv);
	if (tpl_read(tv, t, &total) != 0)
		return -1;
	tv->lines = xcalloc(total + 1, sizeof *tv->lines);
	for (i = 0; i < tv->nrooms; i++)
		for (j = -1; j < (long)tv->nitems[i]; j++) {
			tv->lines[n].room = i;
			tv->lines[n++].item = j;
		}
	v->pos.n = n;
	for (i = 0; keep[0] && i < n; i++)
		if (strcmp(line_id(tv, &tv->lines[i]), keep) == 0)
			v->pos.sel = i;
	if (v->pos.sel >= n)
		v->pos.sel = n ? n - 1 : 0;
	return 0;
}

/* The crumb: the template's name, cut at a character. */
static int
tpl_name(struct view *v, struct tui *t)
{
	struct tplv *tv = v->data;
	struct referential_row *rows;
	struct err e;
	size_t n, i, len;
	int found = 0;

	if (referential_list(t->db, RT_TEMPLATE, NULL, &rows, &n, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	for (i = 0; i < n && !found; i++) {
		if (strcmp(rows[i].id, tv->id) != 0)
			continue;
		found = 1;
		len = strlen(rows[i].values[0]);
		while (len >= sizeof v->crumb || (len > 0 && !utf8_valid(rows[i].values[0], len)))
			len--;
		snprintf(v->crumb, sizeof v->crumb, "%.*s", (int)len, rows[i].values[0]);
	}
	referential_rows_free(rows, n, RT_TEMPLATE);
	if (!found)
		tui_say(t, 1, " Modèle introuvable : supprimé entre-temps ?");
	return found ? 0 : -1;
}

static int
tpl_open(struct view *v, struct tui *t, const char *arg)
{
	struct tplv *tv = xcalloc(1, sizeof *tv);

	snprintf(tv->id, sizeof tv->id, "%s", arg ? arg : "");
	v->data = tv;
	if (tpl_name(v, t) != 0 || tpl_load(v, t, NULL) != 0) {
		tpl_free_data(tv);
		free(tv);
		return -1;
	}
	return 0;
}

/* ---- Drawing ---- */

static void
tpl_room_line(struct tplv *tv, const struct tline *l, int y, const int *xs, const int *ws,
    enum draw_style st)
{
	const struct referential_row *room = &tv->rooms[l->room];
	char text[160], count[48];

	snprintf(text, sizeof text, "%ld. %s", room->position, room->values[0]);
	snprintf(count, sizeof count, "%ld élément%s", room->count, room->count > 1 ? "s" : "");
	draw_line(y, st);
	draw_text(y, xs[0], ws[0], st == DS_SELECTED ? st : DS_HEADER, 1, text);
	draw_text(y, xs[1], ws[1] + ws[2] + 1, st == DS_SELECTED ? st : DS_DIM, 1, count);
}

static void
tpl_item_line(struct tplv *tv, const struct tline *l, int y, const int *xs, const int *ws,
    enum draw_style st, int editable)
{
	const struct referential_row *it = &tv->items[l->room][l->item];
	const struct referential_col *cols;
	char name[160];
	size_t n, i;

	cols = referential_cols(RT_ITEM, &n);
	snprintf(name, sizeof name, "   %ld. %s", it->position, it->values[0]);
	draw_line(y, st);
	draw_text(y, xs[0], ws[0], st == DS_SELECTED && editable && tv->col == 0 ? DS_NORMAL : st,
	    1, name);
	for (i = 1; i < NCOLS && i < n; i++)
		ref_edit_draw_value(y, xs[i], ws[i], st == DS_SELECTED && editable && tv->col == i ?
		    DS_NORMAL : st, &cols[i], it->values[i]);
}

static void
tpl_hint(struct view *v, struct tui *t, int y)
{
	struct tplv *tv = v->data;
	const char *hint;

	if (tv->pending_add)
		hint = NULL;
	else if (!referential_can_write(t->who))
		hint = referential_reserved();
	else
		hint = "Entrée : modifier · + : ajouter · - : supprimer · K/J : monter, descendre";
	if (hint != NULL) {
		draw_text(y, 1, draw_cols() - 2, DS_DIM, 1, hint);
		return;
	}
	draw_line(y, DS_SELECTED);
	draw_text(y, 1, draw_cols() - 2, DS_SELECTED, 1, "Ajouter : p une pièce (à la fin) · "
	    "e un élément à cette pièce · autre : rien");
}

static void
tpl_draw(struct view *v, struct tui *t, int top, int height)
{
	struct tplv *tv = v->data;
	int xs[NCOLS], ws[NCOLS], y, body = height - 3, editable = referential_can_write(t->who);
	enum draw_style st;
	size_t i;

	ref_edit_layout(tpl_widths, NCOLS, xs, ws);
	draw_line(top, DS_HEADER);
	for (i = 0; i < NCOLS; i++)
		draw_text(top, xs[i], ws[i], DS_HEADER, 1, tpl_heads[i]);
	list_move(&v->pos, A_NONE, body);
	if (v->pos.n == 0)
		draw_text(top + 1, 2, draw_cols() - 4, DS_DIM, 1, "Modèle vide : + ajoute une pièce");
	for (i = v->pos.top, y = top + 1; i < v->pos.n && y < top + 1 + body; i++, y++) {
		st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;
		if (tv->lines[i].item < 0)
			tpl_room_line(tv, &tv->lines[i], y, xs, ws, st);
		else
			tpl_item_line(tv, &tv->lines[i], y, xs, ws, st, editable);
	}
	tpl_hint(v, t, top + height - 2);
	ref_edit_draw(&tv->ed, top + height - 1);
}

/* ---- Keys ---- */

static const struct tline *
tpl_sel(struct view *v)
{
	struct tplv *tv = v->data;

	return v->pos.n ? &tv->lines[v->pos.sel] : NULL;
}

static void
tpl_edit(struct view *v, struct tui *t)
{
	struct tplv *tv = v->data;
	const struct tline *l = tpl_sel(v);

	if (l == NULL)
		tui_say(t, 0, " Modèle vide : + ajoute une pièce");
	else if (l->item < 0)
		ref_edit_cell(&tv->ed, t, RT_ROOM, tv->rooms[l->room].id,
		    tv->rooms[l->room].values[0], 0);
	else
		ref_edit_cell(&tv->ed, t, RT_ITEM, tv->items[l->room][l->item].id,
		    tv->items[l->room][l->item].values[tv->col], tv->col);
}

static void
tpl_delete(struct view *v, struct tui *t)
{
	struct tplv *tv = v->data;
	const struct tline *l = tpl_sel(v);
	const struct referential_row *r;
	char q[160];

	if (l == NULL)
		return;
	if (l->item < 0) {
		r = &tv->rooms[l->room];
		snprintf(q, sizeof q, "Supprimer la pièce « %.60s » et ses %ld éléments ?",
		    r->values[0], r->count);
		ref_edit_delete(&tv->ed, t, RT_ROOM, r->id, q);
	} else {
		r = &tv->items[l->room][l->item];
		snprintf(q, sizeof q, "Supprimer l'élément « %.60s » ?", r->values[0]);
		ref_edit_delete(&tv->ed, t, RT_ITEM, r->id, q);
	}
}

static void
tpl_add(struct view *v, struct tui *t, int key)
{
	struct tplv *tv = v->data;
	const struct tline *l = tpl_sel(v);

	tv->pending_add = 0;
	if (key == 'p' || l == NULL)
		ref_edit_add(&tv->ed, t, RT_ROOM, tv->id);
	else if (key == 'e')
		ref_edit_add(&tv->ed, t, RT_ITEM, tv->rooms[l->room].id);
	else
		tui_say(t, 0, " Rien d'ajouté");
}

static void
tpl_move(struct view *v, struct tui *t, int delta)
{
	struct tplv *tv = v->data;
	const struct tline *l = tpl_sel(v);
	char id[UID_SIZE];
	struct err e;
	int rc;

	if (l == NULL || !ref_edit_allowed(t))
		return;
	snprintf(id, sizeof id, "%s", line_id(tv, l));
	rc = referential_move(t->db, t->who, l->item < 0 ? RT_ROOM : RT_ITEM, id, delta, &e);
	if (rc < 0)
		tui_say(t, 1, " %.250s", e.msg);
	else if (rc == 0)
		tui_say(t, 0, " Déjà %s", delta < 0 ? "en tête" : "en dernier");
	else {
		tpl_load(v, t, id);
		tui_invalidate(t);
	}
}

static int
tpl_key(struct view *v, struct tui *t, int key)
{
	struct tplv *tv = v->data;
	int rc;

	if ((rc = ref_edit_key(&tv->ed, t, key)) != 0) {
		if (rc == 2) {
			tpl_load(v, t, tv->ed.row_id);
			tui_invalidate(t);
		}
		return 1;
	}
	if (tv->pending_add) {
		tpl_add(v, t, key);
		return 1;
	}
	switch (key) {
	case K_ENTER: case 'e':
		tpl_edit(v, t);
		return 1;
	case K_LEFT:
		tv->col = tv->col > 0 ? tv->col - 1 : 0;
		return 1;
	case K_RIGHT:
		tv->col = tv->col + 1 < NCOLS ? tv->col + 1 : tv->col;
		return 1;
	case '+':
		if (ref_edit_allowed(t) && v->pos.n > 0)
			tv->pending_add = 1;
		else if (v->pos.n == 0)
			tpl_add(v, t, 'p');
		return 1;
	case '-':
		tpl_delete(v, t);
		return 1;
	case 'K': case 'J':
		tpl_move(v, t, key == 'K' ? -1 : 1);
		return 1;
	}
	return 0;
}

static int
tpl_action(struct view *v, struct tui *t, enum tui_action a)
{
	return list_move(&v->pos, a, v->height - 3);
}

static void
tpl_close(struct view *v)
{
	struct tplv *tv = v->data;

	ref_edit_free(&tv->ed);
	tpl_free_data(tv);
	free(tv);
}

const struct view_ops view_ref_template_ops = {
	"Modèle", tpl_open, tpl_draw, tpl_action, tpl_key, tpl_close, tpl_actions, tpl_keys,
};
