/* The round templates of one's scope (name, place, frequency, lines),
 * opened from Référentiels (R) or from the rounds list (M). The
 * administrator adds one on a building or an estate (the place of the
 * screen it came from is proposed, Tab completes the others), renames
 * it, sets its frequency, deletes one never done; Entrée opens its lines
 * (tui/view_round_tpl.c), H its history. Others read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/referential.h"
#include "core/round.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/prompt.h"
#include "tui/view.h"

enum { ASK_PLACE = 1, ASK_NAME, ASK_FREQ, ASK_RENAME, ASK_FREQUENCY };

struct tplsv {
	struct round_template_row *rows;
	size_t n;
	enum place_kind origin_kind;   /* where a new one goes first: PLACE_NONE */
	char origin_id[UID_SIZE];
	struct round_place_row *places; /* read when adding */
	size_t nplaces;
	const char **labels;            /* the places' labels, for Tab */
	struct prompt ask;
	int confirm_delete;
	/* A template being added: its place, then its name. */
	enum place_kind new_kind;
	char new_place[UID_SIZE];
	char *new_name;
};

static const enum tui_action tpls_actions[] = {
	A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST, A_LAST, A_REDRAW,
	A_NONE,
};

/* Help lines fit 80 columns: 55 characters. */
static const struct view_key tpls_keys[] = {
	{"Entrée", "Points", "Ouvrir la ronde : ses points à vérifier"},
	{"+", "Ajouter", "Ajouter une ronde : lieu, nom, fréquence"},
	{"n", "Renommer", "Renommer la ronde"},
	{"p", "Fréquence", "Changer la fréquence (en jours)"},
	{"-", "Supprimer", "Supprimer une ronde jamais faite (o pour confirmer)"},
	{"H", "Historique", "Les rondes faites : date, qui, résultats"},
	{NULL, NULL, NULL},
};

static void
tpls_places_free(struct tplsv *tv)
{
	round_places_free(tv->places, tv->nplaces);
	free(tv->labels);
	tv->places = NULL;
	tv->labels = NULL;
	tv->nplaces = 0;
}

static int
tpls_load(struct view *v, struct tui *t, const char *focus)
{
	struct tplsv *tv = v->data;
	char keep[UID_SIZE];
	struct err e;
	size_t i;

	snprintf(keep, sizeof keep, "%s", focus ? focus : "");
	round_template_rows_free(tv->rows, tv->n);
	tv->rows = NULL;
	tv->n = 0;
	if (round_templates(t->db, t->who, NULL, NULL, &tv->rows, &tv->n, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	v->pos.n = tv->n;
	for (i = 0; keep[0] && i < tv->n; i++)
		if (strcmp(tv->rows[i].id, keep) == 0)
			v->pos.sel = i;
	if (v->pos.sel >= tv->n)
		v->pos.sel = tv->n ? tv->n - 1 : 0;
	return 0;
}

/* The building or estate of the place the screen came from. */
static void
tpls_origin(struct tplsv *tv, struct tui *t, const char *arg)
{
	enum place_kind kind;
	const char *id = tui_place_parse(arg, &kind);
	struct place p;
	struct err e;

	tv->origin_kind = PLACE_NONE;
	if (id == NULL || kind < PLACE_ESTATE)
		return;
	if (kind == PLACE_ESTATE || kind == PLACE_BUILDING) {
		tv->origin_kind = kind;
		snprintf(tv->origin_id, sizeof tv->origin_id, "%s", id);
		return;
	}
	if (patrimoine_place(t->db, kind, id, &p, &e) != 0)
		return;
	tv->origin_kind = PLACE_BUILDING;
	snprintf(tv->origin_id, sizeof tv->origin_id, "%s", p.id[PLACE_BUILDING]);
	patrimoine_place_clear(&p);
}

static int
tpls_open(struct view *v, struct tui *t, const char *arg)
{
	struct tplsv *tv = xcalloc(1, sizeof *tv);
	size_t i;

	v->data = tv;
	tpls_origin(tv, t, arg);
	if (tpls_load(v, t, NULL) != 0) {
		free(tv);
		return -1;
	}
	/* The cursor on the first template of the place it came from. */
	for (i = 0; tv->origin_kind != PLACE_NONE && i < tv->n; i++)
		if (strcmp(tv->rows[i].place_id, tv->origin_id) == 0) {
			v->pos.sel = i;
			break;
		}
	snprintf(v->crumb, sizeof v->crumb, "Modèles de ronde");
	return 0;
}

/* ---- Drawing ---- */

static void
tpls_foot(struct view *v, struct tui *t, int y)
{
	struct tplsv *tv = v->data;
	char line[200];

	if (tv->confirm_delete && tv->n > 0) {
		snprintf(line, sizeof line, " Supprimer la ronde « %.60s » et ses %ld points ? "
		    "o : oui · autre touche : non", tv->rows[v->pos.sel].name,
		    tv->rows[v->pos.sel].items);
		draw_line(y, DS_SELECTED);
		draw_text(y, 0, draw_cols(), DS_SELECTED, 1, line);
		return;
	}
	if (tv->ask.active) {
		prompt_draw(&tv->ask, y);
		return;
	}
	if (!referential_can_write(t->who))
		draw_text(y, 1, draw_cols() - 2, DS_DIM, 1, "Modèles de ronde : réservé à "
		    "l'administrateur · Entrée : points · H : historique");
	else
		draw_text(y, 1, draw_cols() - 2, DS_DIM, 1, "Entrée points · H historique · + "
		    "ajouter · n nom · p fréquence · - supprimer");
}

static void
tpls_draw(struct view *v, struct tui *t, int top, int height)
{
	struct tplsv *tv = v->data;
	int y, w = draw_cols(), name_w = w - 46;
	char freq[16], items[16];
	size_t i;

	draw_line(top, DS_DIM);
	draw_text(top, 2, name_w, DS_DIM, 1, "Ronde");
	draw_text(top, name_w + 3, 28, DS_DIM, 1, "Lieu");
	draw_text(top, w - 14, 6, DS_DIM, 1, "Fréq.");
	draw_text(top, w - 7, 6, DS_DIM, 1, "Points");
	if (tv->n == 0)
		draw_text(top + 2, 2, w - 4, DS_DIM, 1, "Aucune ronde : + en ajoute une.");
	list_move(&v->pos, A_NONE, height - 2);
	for (i = v->pos.top, y = top + 1; i < tv->n && y < top + height - 1; i++, y++) {
		const struct round_template_row *r = &tv->rows[i];
		enum draw_style st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;

		snprintf(freq, sizeof freq, "%d j", r->frequency_days);
		snprintf(items, sizeof items, "%ld", r->items);
		draw_line(y, st);
		draw_text(y, 2, name_w, st, 1, r->name);
		draw_text(y, name_w + 3, 28, st, 1, r->place ? r->place : "");
		draw_text(y, w - 14, 6, st, 1, freq);
		draw_text(y, w - 1 - draw_width(items), draw_width(items), st, 1, items);
	}
	tpls_foot(v, t, top + height - 1);
}

/* ---- Adding ---- */

static int
tpls_allowed(struct tui *t)
{
	if (referential_can_write(t->who))
		return 1;
	tui_say(t, 1, " Modification refusée : réservé à l'administrateur");
	return 0;
}

static void
tpls_add(struct view *v, struct tui *t)
{
	struct tplsv *tv = v->data;
	const char *initial = NULL;
	struct err e;
	size_t i;

	if (!tpls_allowed(t))
		return;
	tpls_places_free(tv);
	if (round_places(t->db, t->who, &tv->places, &tv->nplaces, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return;
	}
	tv->labels = xcalloc(tv->nplaces ? tv->nplaces : 1, sizeof *tv->labels);
	for (i = 0; i < tv->nplaces; i++) {
		tv->labels[i] = tv->places[i].label;
		if (tv->origin_kind != PLACE_NONE && strcmp(tv->places[i].id, tv->origin_id) == 0)
			initial = tv->places[i].label;
	}
	prompt_start(&tv->ask, ASK_PLACE, "Lieu (Tab : résidences, bâtiments)", initial, 200,
	    tv->labels, tv->nplaces);
	if (initial)
		prompt_propose(&tv->ask);
}

/* The place typed: a label as Tab completes it, or the start of only
 * one (case and accents aside). NULL if none or several. */
static const struct round_place_row *
tpls_place_of(struct tplsv *tv, const char *text)
{
	size_t nhit;
	int hit = prompt_match(tv->labels, tv->nplaces, text, &nhit);

	return hit < 0 ? NULL : &tv->places[hit];
}

static void
tpls_create(struct view *v, struct tui *t, const char *freq)
{
	struct tplsv *tv = v->data;
	char id[UID_SIZE], *end;
	struct err e;
	long days = strtol(freq, &end, 10);

	if (end == freq || *end != '\0') {
		tui_say(t, 1, " Fréquence : un nombre de jours (1 à %d), pas « %.40s »",
		    ROUND_FREQUENCY_MAX, freq);
		return;
	}
	if (round_template_add(t->db, t->who, tv->new_kind, tv->new_place, tv->new_name,
	    days > ROUND_FREQUENCY_MAX ? ROUND_FREQUENCY_MAX + 1 : (int)days, NULL, id, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return;
	}
	tui_invalidate(t);
	tpls_load(v, t, id);
	if (tui_push(t, &view_round_tpl_ops, id) == 0)
		tui_say(t, 0, " Ronde ajoutée : + ajoute ses points à vérifier");
}

/* ---- Changing ---- */

static void
tpls_ask(struct view *v, struct tui *t, int tag)
{
	struct tplsv *tv = v->data;
	const struct round_template_row *r;
	char freq[16];

	if (tv->n == 0 || !tpls_allowed(t))
		return;
	r = &tv->rows[v->pos.sel];
	if (tag == ASK_RENAME) {
		prompt_start(&tv->ask, ASK_RENAME, "Nom de la ronde", r->name, ROUND_NAME_MAX, NULL,
		    0);
		return;
	}
	snprintf(freq, sizeof freq, "%d", r->frequency_days);
	prompt_start(&tv->ask, ASK_FREQUENCY, "Fréquence (jours, 1 à 366)", freq, 3, NULL, 0);
	prompt_propose(&tv->ask);
}

static void
tpls_change(struct view *v, struct tui *t, int tag, const char *text)
{
	struct tplsv *tv = v->data;
	char id[UID_SIZE], *end;
	struct err e;
	long days;
	int rc;

	snprintf(id, sizeof id, "%s", tv->rows[v->pos.sel].id);
	if (tag == ASK_RENAME) {
		rc = round_template_rename(t->db, t->who, id, text, NULL, &e);
	} else {
		days = strtol(text, &end, 10);
		if (end == text || *end != '\0' || days < 1 || days > ROUND_FREQUENCY_MAX) {
			tui_say(t, 1, " Fréquence : un nombre de jours (1 à %d), pas « %.40s »",
			    ROUND_FREQUENCY_MAX, text);
			return;
		}
		rc = round_template_set_frequency(t->db, t->who, id, (int)days, NULL, &e);
	}
	if (rc != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return;
	}
	tui_invalidate(t);
	tpls_load(v, t, id);
	tui_say(t, 0, " %s : enregistré", tag == ASK_RENAME ? "Nom" : "Fréquence");
}

static void
tpls_delete(struct view *v, struct tui *t)
{
	struct tplsv *tv = v->data;
	char id[UID_SIZE];
	struct err e;

	snprintf(id, sizeof id, "%s", tv->rows[v->pos.sel].id);
	if (round_template_delete(t->db, t->who, id, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return;
	}
	tui_invalidate(t);
	tpls_load(v, t, NULL);
	tui_say(t, 0, " Ronde supprimée");
}

/* ---- Keys ---- */

/* What an answer leads to: the add goes on to the next question. */
static void
tpls_answer(struct view *v, struct tui *t, int tag, char *text)
{
	struct tplsv *tv = v->data;
	const struct round_place_row *p;

	switch (tag) {
	case ASK_PLACE:
		if ((p = tpls_place_of(tv, text)) == NULL) {
			tui_say(t, 1, " Lieu inconnu ou ambigu : « %.60s » (Tab propose les lieux)",
			    text);
			return;
		}
		tv->new_kind = p->kind;
		snprintf(tv->new_place, sizeof tv->new_place, "%s", p->id);
		prompt_start(&tv->ask, ASK_NAME, "Nom de la ronde", NULL, ROUND_NAME_MAX, NULL, 0);
		return;
	case ASK_NAME:
		free(tv->new_name);
		tv->new_name = xstrdup(text);
		prompt_start(&tv->ask, ASK_FREQ, "Fréquence (jours, 1 à 366)", "7", 3, NULL, 0);
		prompt_propose(&tv->ask);
		return;
	case ASK_FREQ:
		tpls_create(v, t, text);
		return;
	default:
		tpls_change(v, t, tag, text);
	}
}

static int
tpls_prompt_key(struct view *v, struct tui *t, int key)
{
	struct tplsv *tv = v->data;
	enum prompt_result r = prompt_key(&tv->ask, key);
	int tag = tv->ask.tag;
	char *text;

	if (r == PROMPT_CANCEL)
		tui_say(t, 0, " Abandonné : rien n'a été modifié");
	if (r != PROMPT_DONE)
		return 1;
	text = prompt_take(&tv->ask);
	tpls_answer(v, t, tag, text);
	free(text);
	return 1;
}

static int
tpls_key(struct view *v, struct tui *t, int key)
{
	struct tplsv *tv = v->data;

	if (tv->ask.active)
		return tpls_prompt_key(v, t, key);
	if (tv->confirm_delete) {
		tv->confirm_delete = 0;
		if (key == 'o' || key == 'O')
			tpls_delete(v, t);
		else
			tui_say(t, 0, " Rien n'a été supprimé");
		return 1;
	}
	switch (key) {
	case '+':
		tpls_add(v, t);
		return 1;
	case 'n': case 'p':
		tpls_ask(v, t, key == 'n' ? ASK_RENAME : ASK_FREQUENCY);
		return 1;
	case '-':
		if (tv->n > 0 && tpls_allowed(t))
			tv->confirm_delete = 1;
		return 1;
	case 'H':
		if (tv->n > 0)
			tui_push(t, &view_round_history_ops, tv->rows[v->pos.sel].id);
		return 1;
	}
	return 0;
}

static int
tpls_action(struct view *v, struct tui *t, enum tui_action a)
{
	struct tplsv *tv = v->data;

	if (list_move(&v->pos, a, v->height - 2))
		return 1;
	if (a == A_OPEN && tv->n > 0) {
		tui_push(t, &view_round_tpl_ops, tv->rows[v->pos.sel].id);
		return 1;
	}
	return 0;
}

static void
tpls_close(struct view *v)
{
	struct tplsv *tv = v->data;

	prompt_close(&tv->ask);
	tpls_places_free(tv);
	round_template_rows_free(tv->rows, tv->n);
	free(tv->new_name);
	free(tv);
}

const struct view_ops view_round_tpls_ops = {
	"Modèles de ronde", tpls_open, tpls_draw, tpls_action, tpls_key, tpls_close,
	tpls_actions, tpls_keys,
};
