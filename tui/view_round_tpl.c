/* One round template's lines, the checkpoints a round goes through in
 * order. The administrator adds (Tab proposes the usual ones), renames,
 * deletes a line no round recorded, and moves them up and down; others
 * read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/referential.h"
#include "core/round.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/prompt.h"
#include "tui/view.h"

enum { ASK_ADD = 1, ASK_RENAME };

struct tplv {
	char id[UID_SIZE];
	struct round_template_row head; /* frequency and place only */
	char *name;
	char *place;
	struct round_line *lines;
	size_t n;
	struct prompt ask;
	int confirm_delete;
};

static const enum tui_action tpl_actions[] = {
	A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST, A_LAST, A_REDRAW,
	A_NONE,
};

/* Help lines fit 80 columns: 55 characters. */
static const struct view_key tpl_keys[] = {
	{"+", "Ajouter", "Ajouter un point à la fin (Tab : points courants)"},
	{"Entrée n", "Renommer", "Renommer le point"},
	{"-", "Supprimer", "Supprimer un point jamais relevé (o pour confirmer)"},
	{"K J", "Déplacer", "Monter, descendre le point"},
	{"H", "Historique", "Les rondes faites : date, qui, résultats"},
	{NULL, NULL, NULL},
};

/* What rounds check most often; Tab completes them. */
static const char *const usual_points[] = {
	"Éclairage du hall", "Éclairage des paliers", "Éclairage des caves", "Minuteries",
	"Ascenseur", "Portes coupe-feu", "Porte du hall", "Interphone", "Boîtes aux lettres",
	"Local poubelles", "Local vélos", "Propreté des escaliers", "Propreté du hall",
	"Tags", "Caves", "Parking", "Espaces verts", "Aire de jeux", "Extincteurs",
	"Encombrants", "Vitrages", "Affichage",
};

#define NPOINTS (sizeof usual_points / sizeof usual_points[0])

/* The template's name, place and frequency, from the list of one's
 * scope; -1 with the message if it is not in it. */
static int
tpl_head(struct tplv *tv, struct tui *t)
{
	struct round_template_row *rows;
	struct err e;
	size_t i, n;
	int rc = -1;

	if (round_templates(t->db, t->who, NULL, NULL, &rows, &n, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (strcmp(rows[i].id, tv->id) == 0) {
			free(tv->name);
			free(tv->place);
			tv->name = xstrdup(rows[i].name);
			tv->place = xstrdup(rows[i].place ? rows[i].place : "");
			tv->head.frequency_days = rows[i].frequency_days;
			tv->head.place_kind = rows[i].place_kind;
			snprintf(tv->head.place_id, sizeof tv->head.place_id, "%s", rows[i].place_id);
			rc = 0;
			break;
		}
	round_template_rows_free(rows, n);
	if (rc != 0)
		tui_say(t, 1, " Ronde introuvable");
	return rc;
}

static int
tpl_load(struct view *v, struct tui *t, const char *focus)
{
	struct tplv *tv = v->data;
	char keep[UID_SIZE];
	struct err e;
	size_t i;

	snprintf(keep, sizeof keep, "%s", focus ? focus : "");
	round_lines_free(tv->lines, tv->n);
	tv->lines = NULL;
	tv->n = 0;
	if (round_items(t->db, t->who, tv->id, &tv->lines, &tv->n, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	v->pos.n = tv->n;
	for (i = 0; keep[0] && i < tv->n; i++)
		if (strcmp(tv->lines[i].item_id, keep) == 0)
			v->pos.sel = i;
	if (v->pos.sel >= tv->n)
		v->pos.sel = tv->n ? tv->n - 1 : 0;
	return 0;
}

static int
tpl_open(struct view *v, struct tui *t, const char *arg)
{
	struct tplv *tv = xcalloc(1, sizeof *tv);

	snprintf(tv->id, sizeof tv->id, "%s", arg ? arg : "");
	v->data = tv;
	if (tpl_head(tv, t) != 0 || tpl_load(v, t, NULL) != 0) {
		free(tv->name);
		free(tv->place);
		free(tv);
		return -1;
	}
	tui_set_place(t, v, tv->head.place_kind, tv->head.place_id);
	t->message[0] = '\0';
	snprintf(v->crumb, sizeof v->crumb, "Modèle de ronde");
	return 0;
}

/* ---- Drawing ---- */

static void
tpl_foot(struct view *v, struct tui *t, int y)
{
	struct tplv *tv = v->data;
	char line[200];

	if (tv->confirm_delete && tv->n > 0) {
		snprintf(line, sizeof line, " Supprimer le point « %.60s » ? o : oui · autre "
		    "touche : non", tv->lines[v->pos.sel].label);
		draw_line(y, DS_SELECTED);
		draw_text(y, 0, draw_cols(), DS_SELECTED, 1, line);
	} else if (tv->ask.active) {
		prompt_draw(&tv->ask, y);
	} else if (!referential_can_write(t->who)) {
		draw_text(y, 1, draw_cols() - 2, DS_DIM, 1, "Modèles de ronde : réservé à "
		    "l'administrateur");
	} else {
		draw_text(y, 1, draw_cols() - 2, DS_DIM, 1, "+ ajouter · n renommer · "
		    "- supprimer · K J monter, descendre · H historique");
	}
}

static void
tpl_draw(struct view *v, struct tui *t, int top, int height)
{
	struct tplv *tv = v->data;
	char line[320], pos[24];
	int y, body = height - 4;
	size_t i;

	snprintf(line, sizeof line, " %s · %s", tv->name, tv->place);
	draw_text(top, 0, draw_cols(), DS_HEADER, 1, line);
	snprintf(line, sizeof line, " Tous les %d jour%s · %zu point%s à vérifier",
	    tv->head.frequency_days, tv->head.frequency_days > 1 ? "s" : "", tv->n,
	    tv->n > 1 ? "s" : "");
	draw_text(top + 1, 0, draw_cols(), DS_DIM, 1, line);
	draw_line(top + 2, DS_DIM);
	draw_text(top + 2, 1, 4, DS_DIM, 1, "N°");
	draw_text(top + 2, 6, draw_cols() - 7, DS_DIM, 1, "Point à vérifier");
	if (tv->n == 0)
		draw_text(top + 4, 2, draw_cols() - 4, DS_DIM, 1, "Aucun point : + en ajoute un.");
	list_move(&v->pos, A_NONE, body);
	for (i = v->pos.top, y = top + 3; i < tv->n && y < top + 3 + body; i++, y++) {
		enum draw_style st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;

		snprintf(pos, sizeof pos, "%zu.", i + 1);
		draw_line(y, st);
		draw_text(y, 1, 4, st, 1, pos);
		draw_text(y, 6, draw_cols() - 7, st, 1, tv->lines[i].label);
	}
	tpl_foot(v, t, top + height - 1);
}

/* ---- Keys ---- */

static int
tpl_allowed(struct tui *t)
{
	if (referential_can_write(t->who))
		return 1;
	tui_say(t, 1, " Modification refusée : réservé à l'administrateur");
	return 0;
}

static void
tpl_done(struct view *v, struct tui *t, const char *focus, const char *what)
{
	tui_invalidate(t);
	tpl_load(v, t, focus);
	tui_say(t, 0, " %s", what);
}

static void
tpl_answer(struct view *v, struct tui *t, int tag, const char *text)
{
	struct tplv *tv = v->data;
	char id[UID_SIZE];
	struct err e;

	if (tag == ASK_ADD) {
		if (round_item_add(t->db, t->who, tv->id, text, NULL, id, &e) != 0) {
			tui_say(t, 1, " %.250s", e.msg);
			return;
		}
		tpl_done(v, t, id, "Point ajouté");
		return;
	}
	snprintf(id, sizeof id, "%s", tv->lines[v->pos.sel].item_id);
	if (round_item_rename(t->db, t->who, id, text, NULL, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return;
	}
	tpl_done(v, t, id, "Point renommé");
}

static void
tpl_delete(struct view *v, struct tui *t)
{
	struct tplv *tv = v->data;
	char id[UID_SIZE];
	struct err e;

	snprintf(id, sizeof id, "%s", tv->lines[v->pos.sel].item_id);
	if (round_item_delete(t->db, t->who, id, NULL, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return;
	}
	tpl_done(v, t, NULL, "Point supprimé");
}

static void
tpl_move(struct view *v, struct tui *t, int delta)
{
	struct tplv *tv = v->data;
	char id[UID_SIZE];
	struct err e;
	int rc;

	if (tv->n == 0 || !tpl_allowed(t))
		return;
	snprintf(id, sizeof id, "%s", tv->lines[v->pos.sel].item_id);
	if ((rc = round_item_move(t->db, t->who, id, delta, NULL, &e)) < 0)
		tui_say(t, 1, " %.250s", e.msg);
	else if (rc == 0)
		tui_say(t, 0, " Déjà %s", delta < 0 ? "en tête" : "en dernier");
	else
		tpl_done(v, t, id, delta < 0 ? "Point monté" : "Point descendu");
}

static int
tpl_prompt_key(struct view *v, struct tui *t, int key)
{
	struct tplv *tv = v->data;
	enum prompt_result r = prompt_key(&tv->ask, key);
	int tag = tv->ask.tag;
	char *text;

	if (r == PROMPT_CANCEL)
		tui_say(t, 0, " Abandonné : rien n'a été modifié");
	if (r != PROMPT_DONE)
		return 1;
	text = prompt_take(&tv->ask);
	tpl_answer(v, t, tag, text);
	free(text);
	return 1;
}

static int
tpl_key(struct view *v, struct tui *t, int key)
{
	struct tplv *tv = v->data;

	if (tv->ask.active)
		return tpl_prompt_key(v, t, key);
	if (tv->confirm_delete) {
		tv->confirm_delete = 0;
		if (key == 'o' || key == 'O')
			tpl_delete(v, t);
		else
			tui_say(t, 0, " Rien n'a été supprimé");
		return 1;
	}
	switch (key) {
	case '+':
		if (tpl_allowed(t))
			prompt_start(&tv->ask, ASK_ADD, "Point à vérifier (Tab : points courants)",
			    NULL, ROUND_NAME_MAX, usual_points, NPOINTS);
		return 1;
	case K_ENTER: case 'n':
		if (tv->n > 0 && tpl_allowed(t))
			prompt_start(&tv->ask, ASK_RENAME, "Point à vérifier",
			    tv->lines[v->pos.sel].label, ROUND_NAME_MAX, usual_points, NPOINTS);
		return 1;
	case '-':
		if (tv->n > 0 && tpl_allowed(t))
			tv->confirm_delete = 1;
		return 1;
	case 'K': case 'J':
		tpl_move(v, t, key == 'K' ? -1 : 1);
		return 1;
	case 'H':
		tui_push(t, &view_round_history_ops, tv->id);
		return 1;
	}
	return 0;
}

static int
tpl_action(struct view *v, struct tui *t, enum tui_action a)
{
	(void)t;
	return list_move(&v->pos, a, v->height - 4);
}

static void
tpl_close(struct view *v)
{
	struct tplv *tv = v->data;

	prompt_close(&tv->ask);
	round_lines_free(tv->lines, tv->n);
	free(tv->name);
	free(tv->place);
	free(tv);
}

const struct view_ops view_round_tpl_ops = {
	"Modèle de ronde", tpl_open, tpl_draw, tpl_action, tpl_key, tpl_close, tpl_actions,
	tpl_keys,
};
