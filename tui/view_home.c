/* The first screen: who you are and the agencies of the patrimoine. */
#include <stdio.h>
#include <stdlib.h>

#include "core/patrimoine.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/view.h"

struct home {
	struct agency_row *rows;
	size_t n;
};

static const enum tui_action home_actions[] = {
	A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST, A_LAST, A_BACK, A_QUIT,
	A_HELP, A_REDRAW, A_NONE,
};

#define HOME_HEAD 3 /* greeting, blank, column header */

static int
home_open(struct view *v, struct tui *t, const char *arg)
{
	struct home *h = xcalloc(1, sizeof *h);
	struct err e;

	if (patrimoine_agencies(t->db, &h->rows, &h->n, &e) != 0) {
		tui_say(t, 1, "%.250s", e.msg);
		free(h);
		return -1;
	}
	v->data = h;
	v->pos.n = h->n;
	return 0;
}

static void
home_row(int y, const struct agency_row *r, int selected)
{
	enum draw_style st = selected ? DS_SELECTED : DS_NORMAL;
	char counts[64];

	/* Columns are drawn one by one: names hold accents, and only the
	 * drawing layer knows how many cells a string takes. */
	draw_line(y, st);
	draw_text(y, 1, 34, st, 1, r->name);
	draw_text(y, 36, 8, st, 1, r->code);
	snprintf(counts, sizeof counts, " %8ld %11ld %10ld", r->sectors, r->estates, r->dwellings);
	draw_text(y, 44, draw_cols() - 44, st, 1, counts);
}

static void
home_draw(struct view *v, struct tui *t, int top, int height)
{
	struct home *h = v->data;
	char line[256];
	int rows = height - HOME_HEAD, y;
	size_t i;

	snprintf(line, sizeof line, " Bonjour %s — %s", t->who->display_name,
	    user_role_label(t->who->role));
	draw_text(top, 0, draw_cols(), DS_NORMAL, 1, line);
	draw_text(top + 2, 0, draw_cols(), DS_HEADER, 1,
	    " Agence                             Code     Secteurs  Résidences  Logements");
	if (h->n == 0) {
		draw_text(top + HOME_HEAD, 1, draw_cols() - 2, DS_DIM, 1,
		    "Aucune agence : importez un patrimoine (loge import rpls) ou "
		    "créez une démo (loge demo).");
		return;
	}
	list_move(&v->pos, A_NONE, rows);
	for (i = v->pos.top, y = top + HOME_HEAD; i < h->n && y < top + height; i++, y++)
		home_row(y, &h->rows[i], i == v->pos.sel);
}

static int
home_action(struct view *v, struct tui *t, enum tui_action a)
{
	return list_move(&v->pos, a, v->height - HOME_HEAD);
}

static void
home_close(struct view *v)
{
	struct home *h = v->data;

	patrimoine_agencies_free(h->rows, h->n);
	free(h);
}

const struct view_ops view_home_ops = {
	"Accueil", home_open, home_draw, home_action, NULL, home_close, home_actions,
};
