/* Doing a round: the template's lines with their results, one key per
 * line (o OK, a anomaly, n not checked), each saved at once before the
 * cursor moves on, so that a round cut short resumes where it stopped.
 * An anomaly asks for its comment first (it is refused without one); C
 * makes it a claim, W orders work from it (the shared form of
 * view_work_order_new.c). A finished round is shown read-only, its
 * anomalies may still become claims or work orders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/round.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/privacy_note.h"
#include "tui/prompt.h"
#include "tui/view.h"

enum { ASK_ANOMALY = 1 };

struct roundv {
	char id[UID_SIZE];
	struct round_run run;
	struct prompt ask;
	int confirm_finish; /* F pressed with lines left: o confirms */
};

static const enum tui_action round_actions[] = {
	A_BACK, A_QUIT, A_HELP, A_LOGBOOK_ADD, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST,
	A_LAST, A_REDRAW, A_NONE,
};

static const struct view_key round_keys[] = {
	{"o a n", "Résultat", "OK, anomalie (avec un commentaire), non vérifié ; puis ligne suivante"},
	{"C", "Réclamation", "Faire une réclamation de l'anomalie choisie"},
	{"W", "Intervention", "Commander une intervention pour l'anomalie choisie"},
	{"F", "Terminer", "Terminer la ronde (les lignes restantes : non vérifié)"},
	{NULL, NULL, NULL},
};

/* What gardiens write most often; Tab completes them. */
static const char *const anomaly_phrases[] = {
	"Ampoule grillée", "Éclairage hors service", "Minuterie en panne",
	"Ascenseur en panne", "Ascenseur bloqué à l'étage", "Porte qui ne ferme pas",
	"Porte coupe-feu bloquée ouverte", "Ferme-porte cassé", "Interphone hors service",
	"Boîte aux lettres forcée", "Vitre cassée", "Tags à nettoyer", "Encombrants à enlever",
	"Poubelles débordantes", "Fuite d'eau", "Odeur de gaz", "Extincteur manquant",
	"Propreté insuffisante",
};

#define NPHRASES (sizeof anomaly_phrases / sizeof anomaly_phrases[0])

static int
round_finished(const struct roundv *rv)
{
	return rv->run.finished_at[0] != '\0';
}

static const struct round_line *
sel_line(struct view *v)
{
	struct roundv *rv = v->data;

	return v->pos.n ? &rv->run.lines[v->pos.sel] : NULL;
}

static int
round_reload(struct view *v, struct tui *t)
{
	struct roundv *rv = v->data;
	struct round_run run;
	struct err e;

	if (round_load(t->db, t->who, rv->id, &run, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	round_run_clear(&rv->run);
	rv->run = run;
	v->pos.n = run.nlines;
	if (v->pos.sel >= v->pos.n)
		v->pos.sel = v->pos.n ? v->pos.n - 1 : 0;
	return 0;
}

/* The template's place becomes the screen's, so that `l` notes about it. */
static void
round_place(struct view *v, struct tui *t)
{
	struct roundv *rv = v->data;
	struct round_template_row *rows;
	char said[sizeof t->message];
	int error = t->error;
	struct err e;
	size_t i, n;

	/* A failure here costs only the link; what was said (an order made
	 * from this round, on reload) stays. */
	memcpy(said, t->message, sizeof said);
	if (round_templates(t->db, t->who, NULL, NULL, &rows, &n, &e) != 0)
		return;
	for (i = 0; i < n; i++)
		if (strcmp(rows[i].id, rv->run.template_id) == 0) {
			tui_set_place(t, v, rows[i].place_kind, rows[i].place_id);
			break;
		}
	round_template_rows_free(rows, n);
	memcpy(t->message, said, sizeof said);
	t->error = error;
}

static int
round_open(struct view *v, struct tui *t, const char *arg)
{
	struct roundv *rv = xcalloc(1, sizeof *rv);
	size_t i;

	snprintf(rv->id, sizeof rv->id, "%s", arg ? arg : "");
	v->data = rv;
	if (round_reload(v, t) != 0) {
		free(rv);
		return -1;
	}
	round_place(v, t);
	snprintf(v->crumb, sizeof v->crumb, "Ronde");
	/* Where it stopped: the first line without a result. */
	for (i = 0; i < rv->run.nlines; i++)
		if (rv->run.lines[i].result == ROUND_NONE) {
			v->pos.sel = i;
			break;
		}
	return 0;
}

/* ---- Drawing ---- */

static void
draw_head(struct roundv *rv, int y)
{
	const struct round_run *r = &rv->run;
	char line[512];

	snprintf(line, sizeof line, " %s · %s", r->name ? r->name : "", r->place ? r->place : "");
	draw_text(y, 0, draw_cols(), DS_HEADER, 1, line);
	if (round_finished(rv))
		snprintf(line, sizeof line, " Terminée le %.2s/%.2s/%.4s à %.5s par %s · %ld anomalie%s"
		    " · lecture seule", r->finished_at + 8, r->finished_at + 5, r->finished_at,
		    r->finished_at + 11, r->user_name ? r->user_name : "", r->anomalies,
		    r->anomalies > 1 ? "s" : "");
	else
		snprintf(line, sizeof line, " En cours · %ld/%zu ligne%s faite%s · %ld anomalie%s",
		    r->done, r->nlines, r->done > 1 ? "s" : "", r->done > 1 ? "s" : "", r->anomalies,
		    r->anomalies > 1 ? "s" : "");
	draw_text(y + 1, 0, draw_cols(), DS_DIM, 1, line);
	draw_line(y + 2, DS_DIM);
	draw_text(y + 2, 3, 34, DS_DIM, 1, "Ligne");
	draw_text(y + 2, 38, 12, DS_DIM, 1, "Résultat");
	draw_text(y + 2, 51, draw_cols() - 52, DS_DIM, 1, "Commentaire");
}

static void
draw_row(const struct round_line *l, int y, int selected)
{
	enum draw_style st = selected ? DS_SELECTED : DS_NORMAL;
	char *c;

	draw_line(y, st);
	draw_text(y, 3, 34, st, 1, l->label);
	draw_text(y, 38, 12, !selected && l->result == ROUND_ANOMALY ? DS_ERROR :
	    !selected && l->result == ROUND_NONE ? DS_DIM : st, 1, round_result_label(l->result));
	c = xasprintf("%s%s%s", l->claim_number ? l->claim_number : "",
	    l->claim_number && l->comment ? " · " : "", l->comment ? l->comment : "");
	draw_text(y, 51, draw_cols() - 52, st, 1, c);
	free(c);
}

static void
draw_detail(struct view *v, int y)
{
	const struct round_line *l = sel_line(v);
	char *line;

	draw_line(y, DS_NORMAL);
	if (l == NULL)
		return;
	if (l->claim_number)
		line = xasprintf("Réclamation %s · %s", l->claim_number, l->comment ? l->comment : "");
	else if (l->result == ROUND_ANOMALY)
		line = xasprintf("%s · C : en faire une réclamation · W : une intervention",
		    l->comment ? l->comment : "");
	else
		line = xasprintf("%s", l->comment ? l->comment : "");
	draw_text(y, 1, draw_cols() - 2, DS_DIM, 1, line);
	free(line);
}

static void
round_draw(struct view *v, struct tui *t, int top, int height)
{
	struct roundv *rv = v->data;
	int y, body = height - 5;
	size_t i;

	(void)t;
	draw_head(rv, top);
	list_move(&v->pos, A_NONE, body);
	for (i = v->pos.top, y = top + 3; i < v->pos.n && y < top + 3 + body; i++, y++)
		draw_row(&rv->run.lines[i], y, i == v->pos.sel);
	if (v->pos.n == 0)
		draw_text(top + 4, 2, draw_cols() - 4, DS_DIM, 1, "Aucune ligne dans cette ronde.");
	draw_detail(v, top + height - 2);
	if (rv->confirm_finish)
		draw_text(top + height - 1, 1, draw_cols() - 2, DS_SELECTED, 1,
		    "Terminer ? Les lignes restantes seront « non vérifié ». o : oui · autre "
		    "touche : non");
	prompt_draw(&rv->ask, top + height - 1);
}

/* ---- Keys ---- */

static void
next_line(struct view *v)
{
	if (v->pos.sel + 1 < v->pos.n)
		v->pos.sel++;
}

static void
set_result(struct view *v, struct tui *t, enum round_result res, const char *comment)
{
	struct roundv *rv = v->data;
	const struct round_line *l = sel_line(v);
	char item[UID_SIZE];
	struct err e;

	if (l == NULL)
		return;
	memcpy(item, l->item_id, UID_SIZE);
	if (round_set(t->db, t->who, rv->id, item, res, comment, NULL, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return;
	}
	tui_invalidate(t);
	tui_privacy_note(t, comment);
	if (round_reload(v, t) == 0)
		next_line(v);
}

static void
make_claim(struct view *v, struct tui *t)
{
	struct roundv *rv = v->data;
	const struct round_line *l = sel_line(v);
	char item[UID_SIZE], number[ROUND_CLAIM_NUMBER_SIZE];
	struct err e;

	if (l == NULL)
		return;
	if (l->result != ROUND_ANOMALY) {
		tui_say(t, 0, " C : seulement sur une ligne en anomalie (a)");
		return;
	}
	if (l->claim_number) {
		tui_say(t, 0, " Déjà la réclamation %s", l->claim_number);
		return;
	}
	memcpy(item, l->item_id, UID_SIZE);
	if (round_anomaly_claim(t->db, t->who, rv->id, item, NULL, NULL, number, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return;
	}
	tui_invalidate(t);
	round_reload(v, t);
	tui_say(t, 0, " Réclamation %s créée", number);
}

static void
order_work(struct view *v, struct tui *t)
{
	struct roundv *rv = v->data;
	const struct round_line *l = sel_line(v);
	char *arg;

	if (l == NULL)
		return;
	if (l->result != ROUND_ANOMALY) {
		tui_say(t, 0, " W : seulement sur une ligne en anomalie (a)");
		return;
	}
	arg = xasprintf("round:%s:%s", rv->id, l->item_id);
	tui_push(t, &view_work_order_new_ops, arg);
	free(arg);
}

static void
finish(struct view *v, struct tui *t)
{
	struct roundv *rv = v->data;
	struct err e;
	long left = 0;

	if (round_finish(t->db, t->who, rv->id, NULL, &left, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return;
	}
	tui_invalidate(t);
	tui_pop(t);
	if (left > 0)
		tui_say(t, 0, " Ronde terminée (%ld ligne%s non vérifiée%s)", left, left > 1 ? "s" : "",
		    left > 1 ? "s" : "");
	else
		tui_say(t, 0, " Ronde terminée");
}

static void
ask_anomaly(struct view *v)
{
	struct roundv *rv = v->data;
	const struct round_line *l = sel_line(v);

	if (l == NULL)
		return;
	prompt_start(&rv->ask, ASK_ANOMALY, "Anomalie (Tab : phrases)",
	    l->result == ROUND_ANOMALY ? l->comment : NULL, 500, anomaly_phrases, NPHRASES);
}

static int
prompt_keys(struct view *v, struct tui *t, int key)
{
	struct roundv *rv = v->data;
	char *text;

	if (prompt_key(&rv->ask, key) != PROMPT_DONE)
		return 1;
	text = prompt_take(&rv->ask);
	set_result(v, t, ROUND_ANOMALY, text);
	free(text);
	return 1;
}

static int
round_key(struct view *v, struct tui *t, int key)
{
	struct roundv *rv = v->data;
	size_t i;
	long left = 0;

	if (rv->ask.active)
		return prompt_keys(v, t, key);
	if (rv->confirm_finish) {
		rv->confirm_finish = 0;
		if (key == 'o' || key == 'O')
			finish(v, t);
		else
			tui_say(t, 0, " Ronde continuée");
		return 1;
	}
	if (key == 'C') {
		make_claim(v, t);
		return 1;
	}
	if (key == 'W') {
		order_work(v, t);
		return 1;
	}
	if (key != 'o' && key != 'a' && key != 'n' && key != 'F')
		return 0;
	if (round_finished(rv)) {
		tui_say(t, 0, " Ronde terminée : lecture seule (C fait une réclamation d'une anomalie)");
		return 1;
	}
	switch (key) {
	case 'o': set_result(v, t, ROUND_OK, NULL); break;
	case 'n': set_result(v, t, ROUND_UNCHECKED, NULL); break;
	case 'a': ask_anomaly(v); break;
	case 'F':
		for (i = 0; i < rv->run.nlines; i++)
			left += rv->run.lines[i].result == ROUND_NONE;
		if (left > 0)
			rv->confirm_finish = 1;
		else
			finish(v, t);
		break;
	}
	return 1;
}

static int
round_action(struct view *v, struct tui *t, enum tui_action a)
{
	(void)t;
	return list_move(&v->pos, a, v->height - 5);
}

static void
round_close(struct view *v)
{
	struct roundv *rv = v->data;

	prompt_close(&rv->ask);
	round_run_clear(&rv->run);
	free(rv);
}

const struct view_ops view_round_ops = {
	"Ronde", round_open, round_draw, round_action, round_key, round_close, round_actions,
	round_keys,
};
