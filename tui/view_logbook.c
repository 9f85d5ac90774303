/* The main courante: `m` lists it newest first, day by day; `c` searches
 * it (case and accents ignored), `d` shows today only or every day. `l`,
 * from any screen, adds an entry about what that screen shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/logbook.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/lineedit.h"
#include "tui/privacy_note.h"
#include "tui/view.h"

/* A display line: a day header (entry == NULL) or an entry. */
struct lline {
	const struct logbook_row *entry;
	char day[11];
};

struct logv {
	struct logbook_row *rows;
	size_t nrows;
	struct lline *lines;
	int today_only;
	int searching;   /* the search line has the keys */
	struct lineedit search;
};

static const enum tui_action logbook_actions[] = {
	A_LOGBOOK_ADD, A_OPEN, A_SEARCH, A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN,
	A_PAGE_UP, A_FIRST, A_LAST, A_REDRAW, A_NONE,
};

static int
logbook_reload(struct view *v, struct tui *t)
{
	struct logv *lv = v->data;
	char *q = le_text(&lv->search);
	struct err e;
	size_t i, n = 0;
	int rc;

	logbook_rows_free(lv->rows, lv->nrows);
	free(lv->lines);
	lv->rows = NULL;
	lv->lines = NULL;
	lv->nrows = 0;
	rc = logbook_list(t->db, t->who, lv->today_only ? t->today : NULL, q[0] ? q : NULL,
	    &lv->rows, &lv->nrows, &e);
	free(q);
	if (rc != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	lv->lines = xcalloc(lv->nrows * 2 + 1, sizeof *lv->lines);
	for (i = 0; i < lv->nrows; i++) {
		if (i == 0 || strncmp(lv->rows[i].at, lv->rows[i - 1].at, 10) != 0)
			snprintf(lv->lines[n++].day, 11, "%.10s", lv->rows[i].at);
		lv->lines[n++].entry = &lv->rows[i];
	}
	v->pos.n = n;
	v->pos.sel = n > 1 ? 1 : 0;
	v->pos.top = 0;
	return 0;
}

static int
logbook_open(struct view *v, struct tui *t, const char *arg)
{
	struct logv *lv = xcalloc(1, sizeof *lv);

	le_init(&lv->search, 100);
	v->data = lv;
	snprintf(v->crumb, sizeof v->crumb, "Main courante");
	if (logbook_reload(v, t) != 0) {
		le_free(&lv->search);
		free(lv);
		return -1;
	}
	return 0;
}

static void
logbook_draw(struct view *v, struct tui *t, int top, int height)
{
	struct logv *lv = v->data;
	const struct lline *l;
	char when[16], head[160];
	enum draw_style st;
	size_t i;
	int y;

	snprintf(head, sizeof head, " %s · c : chercher · d : %s · l : nouvelle entrée",
	    lv->today_only ? "Aujourd'hui" : "Tous les jours",
	    lv->today_only ? "tous les jours" : "aujourd'hui seulement");
	draw_text(top, 0, draw_cols(), DS_DIM, 1, head);
	if (lv->searching || lv->search.len) {
		draw_text(top + 1, 1, 11, DS_HEADER, 1, "Chercher :");
		if (!lv->searching) {
			char *q = le_text(&lv->search);
			draw_text(top + 1, 13, draw_cols() - 14, DS_NORMAL, 1, q);
			free(q);
		}
	}
	if (v->pos.n == 0)
		draw_text(top + 3, 1, draw_cols() - 2, DS_DIM, 1, "Aucune entrée.");
	list_move(&v->pos, A_NONE, height - 2);
	for (i = v->pos.top, y = top + 2; i < v->pos.n && y < top + height; i++, y++) {
		l = &lv->lines[i];
		st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;
		draw_line(y, st);
		if (l->entry == NULL) {
			draw_text(y, 1, 20, i == v->pos.sel ? st : DS_HEADER, 1, l->day);
			continue;
		}
		snprintf(when, sizeof when, "%.5s", l->entry->at + 11);
		draw_text(y, 2, 6, st, 1, when);
		draw_text(y, 8, 16, st, 1, l->entry->author);
		draw_text(y, 25, 14, st, 1, l->entry->place ? l->entry->place : "");
		draw_text(y, 40, draw_cols() - 41, st, 1, l->entry->text);
	}
	if (lv->searching)
		le_draw(&lv->search, top + 1, 13, draw_cols() - 14);
}

static int
logbook_key(struct view *v, struct tui *t, int key)
{
	struct logv *lv = v->data;

	if (lv->searching) {
		if (key == K_ENTER || key == K_ESC)
			lv->searching = 0;
		else if (le_key(&lv->search, key))
			logbook_reload(v, t);
		return 1;
	}
	if (key == 'c') {
		lv->searching = 1;
		return 1;
	}
	if (key == 'd') {
		lv->today_only = !lv->today_only;
		logbook_reload(v, t);
		return 1;
	}
	return 0;
}

static int
logbook_action(struct view *v, struct tui *t, enum tui_action a)
{
	struct logv *lv = v->data;
	const struct logbook_row *r;

	if (list_move(&v->pos, a, v->height - 2))
		return 1;
	if (a == A_OPEN && v->pos.n > 0 && (r = lv->lines[v->pos.sel].entry) != NULL) {
		if (r->place_kind == PLACE_DWELLING)
			tui_push(t, &view_sheet_ops, r->place_id);
		else
			tui_say(t, 0, " %.250s", r->text);
		return 1;
	}
	return 0;
}

static void
logbook_close(struct view *v)
{
	struct logv *lv = v->data;

	logbook_rows_free(lv->rows, lv->nrows);
	free(lv->lines);
	le_free(&lv->search);
	free(lv);
}

const struct view_ops view_logbook_ops = {
	"Main courante", logbook_open, logbook_draw, logbook_action, logbook_key, logbook_close,
	logbook_actions, NULL,
};

/* ---- adding an entry ---- */

struct logadd {
	struct lineedit le;
	enum place_kind kind;
	char place_id[37];
	char *place_title;
	int confirming;
	char error[512];
};

static const enum tui_action logadd_actions[] = {A_NONE};

static int
logadd_open(struct view *v, struct tui *t, const char *arg)
{
	struct logadd *la = xcalloc(1, sizeof *la);
	enum place_kind kind;
	const char *id = tui_place_parse(arg, &kind);

	le_init(&la->le, LOGBOOK_TEXT_MAX);
	/* Entries link to a dwelling, an entrance or a building only. */
	if (id && (kind == PLACE_DWELLING || kind == PLACE_ENTRANCE || kind == PLACE_BUILDING)) {
		la->kind = kind;
		snprintf(la->place_id, sizeof la->place_id, "%s", id);
		if (tui_set_place(t, v, la->kind, la->place_id) == 0)
			la->place_title = xstrdup(v->title);
	}
	snprintf(v->crumb, sizeof v->crumb, "Nouvelle entrée de main courante");
	v->data = la;
	return 0;
}

static void
logadd_draw(struct view *v, struct tui *t, int top, int height)
{
	struct logadd *la = v->data;

	draw_text(top + 1, 2, draw_cols() - 4, DS_HEADER, 1, "Nouvelle entrée de main courante");
	draw_text(top + 2, 2, 10, DS_DIM, 1, "Liée à :");
	draw_text(top + 2, 12, draw_cols() - 14, DS_NORMAL, 1,
	    la->place_title ? la->place_title : "aucun lieu (entrée générale)");
	if (la->error[0])
		draw_text(top + height - 3, 2, draw_cols() - 4, DS_ERROR, 1, la->error);
	draw_text(top + height - 2, 2, draw_cols() - 4, la->confirming ? DS_ERROR : DS_DIM, 1,
	    la->confirming ? "Abandonner cette entrée ? o : oui · n : non, continuer"
	                   : "Entrée ou Ctrl-S : enregistrer · Échap : annuler");
	le_draw(&la->le, top + 4, 2, draw_cols() - 4);
}

static void
logadd_save(struct logadd *la, struct tui *t)
{
	char *text = le_text(&la->le);
	struct err e;

	if (logbook_add(t->db, t->who, text, la->kind, la->kind ? la->place_id : NULL, NULL,
	    &e) != 0) {
		snprintf(la->error, sizeof la->error, "%.500s", e.msg);
		free(text);
		return;
	}
	tui_invalidate(t);
	tui_pop(t);
	tui_say(t, 0, " Entrée ajoutée à la main courante");
	tui_privacy_note(t, text);
	free(text);
}

static int
logadd_key(struct view *v, struct tui *t, int key)
{
	struct logadd *la = v->data;

	if (la->confirming) {
		if (key == 'o' || key == 'O')
			tui_pop(t);
		else
			la->confirming = 0;
	} else if (key == K_ENTER || key == CTRL('s')) {
		logadd_save(la, t);
	} else if (key == K_ESC) {
		if (la->le.len)
			la->confirming = 1;
		else
			tui_pop(t);
	} else if (le_key(&la->le, key)) {
		la->error[0] = '\0';
	}
	return 1;
}

static int
logadd_action(struct view *v, struct tui *t, enum tui_action a)
{
	return 0;
}

static void
logadd_close(struct view *v)
{
	struct logadd *la = v->data;

	le_free(&la->le);
	free(la->place_title);
	free(la);
}

const struct view_ops view_logbook_add_ops = {
	"Main courante", logadd_open, logadd_draw, logadd_action, logadd_key, logadd_close,
	logadd_actions, NULL,
};
