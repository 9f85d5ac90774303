/* Référentiels: the wear grid, the price list, the inspection templates
 * and the claim urgencies' targets, one part at a time as a table whose
 * cells the administrator edits in place (tui/ref_edit.c, or a prompt of
 * its own for the urgencies, which are no referential table); a template
 * opens on its rooms and items (tui/view_referential_tpl.c), R the round
 * templates (tui/view_round_tpls.c). Others read them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/claim.h"
#include "core/claim_urgency.h"
#include "core/referential.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/ref_edit.h"
#include "tui/view.h"

#define NPARTS 4
#define MAX_COLS 8
/* The part that is no referential table: claim_urgency. */
#define PART_URGENCY 3

enum { ASK_LABEL = 1, ASK_HOURS, ASK_WORKING };

struct part {
	enum referential_table t;
	const char *title;
	const char *heads[MAX_COLS]; /* the table's columns, then counts */
	int widths[MAX_COLS];        /* 0: the label, which takes the rest */
	size_t ncols;                /* shown, counts included */
};

static const struct part parts[NPARTS] = {
	{RT_WEAR, "Grille de vétusté",
	    {"Catégorie", "Libellé", "Durée", "Franchise", "Taux/an", "Résiduel"},
	    {15, 0, 7, 9, 8, 8}, 6},
	{RT_PRICE, "Bordereau de prix",
	    {"Code", "Libellé", "Unité", "Prix", "Catégorie"},
	    {13, 0, 7, 11, 14}, 5},
	{RT_TEMPLATE, "Modèles d'EDL",
	    {"Nom", "Type", "Balcon", "Cave", "Parking", "Pièces", "EDL"},
	    {0, 4, 6, 4, 7, 6, 5}, 7},
	{RT_COUNT, "Urgences",
	    {"Urgence", "Délai cible", "Jours ouvrés"},
	    {0, 14, 14}, 3},
};

static const char *const yes_no[] = {"oui", "non"};

struct refv {
	int part;
	struct referential_row *rows;
	size_t n;
	size_t col;
	struct ref_edit ed;
	struct claim_choice *urg; /* the urgency part's rows */
	size_t nurg;
	struct prompt ask;        /* an urgency's target */
};

/* Where the screen was, so that coming back to it (a reload after a
 * template was edited) shows the same part, row and column. */
static struct {
	int part;
	struct list_pos pos[NPARTS];
	size_t col[NPARTS];
} refv_memory;

static const enum tui_action refv_actions[] = {
	A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST, A_LAST, A_REDRAW,
	A_NONE,
};

/* Help lines fit 80 columns: 55 characters. */
static const struct view_key refv_keys[] = {
	{"1 2 3 4 Tab", "Partie", "Partie : vétusté, prix, modèles EDL, urgences"},
	{"Entrée e", "Modifier", "Modifier la case (Entrée ouvre un modèle)"},
	{"R", "Rondes", "Modèles de ronde : lieux, fréquences, points"},
	{"Gauche Droite", NULL, "Choisir la colonne à modifier"},
	{"+", "Ajouter", "Ajouter une ligne, colonne après colonne"},
	{"-", "Supprimer", "Supprimer la ligne (o pour confirmer)"},
	{"Tab (saisie)", NULL, "En saisie : propose les valeurs permises"},
	{NULL, NULL, NULL},
};

static size_t
table_cols(const struct refv *rv)
{
	size_t n;

	if (rv->part == PART_URGENCY)
		return parts[PART_URGENCY].ncols;
	referential_cols(parts[rv->part].t, &n);
	return n;
}

static void
refv_free_rows(struct refv *rv)
{
	if (rv->part == PART_URGENCY)
		claim_choices_free(rv->urg, rv->nurg);
	else
		referential_rows_free(rv->rows, rv->n, parts[rv->part].t);
	rv->urg = NULL;
	rv->nurg = 0;
	rv->rows = NULL;
	rv->n = 0;
}

/* The part's rows, whichever they are; 0 or -1 with the message. */
static int
refv_read(struct refv *rv, struct tui *t)
{
	struct err e;
	int rc;

	if (rv->part == PART_URGENCY) {
		rc = claim_urgencies(t->db, &rv->urg, &rv->nurg, &e);
		rv->n = rv->nurg;
	} else {
		rc = referential_list(t->db, parts[rv->part].t, NULL, &rv->rows, &rv->n, &e);
	}
	if (rc != 0)
		tui_say(t, 1, " %.250s", e.msg);
	return rc != 0 ? -1 : 0;
}

static const char *
refv_row_id(const struct refv *rv, size_t i)
{
	return rv->part == PART_URGENCY ? rv->urg[i].code : rv->rows[i].id;
}

/* Loads the part's rows, the cursor on focus (an id) if given. */
static int
refv_load(struct view *v, struct tui *t, const char *focus)
{
	struct refv *rv = v->data;
	char keep[UID_SIZE];
	size_t i;

	snprintf(keep, sizeof keep, "%s", focus ? focus : "");
	refv_free_rows(rv);
	if (refv_read(rv, t) != 0)
		return -1;
	v->pos.n = rv->n;
	for (i = 0; keep[0] && i < rv->n; i++)
		if (strcmp(refv_row_id(rv, i), keep) == 0)
			v->pos.sel = i;
	if (v->pos.sel >= rv->n)
		v->pos.sel = rv->n ? rv->n - 1 : 0;
	return 0;
}

static void
refv_remember(struct view *v)
{
	struct refv *rv = v->data;

	refv_memory.part = rv->part;
	refv_memory.pos[rv->part] = v->pos;
	refv_memory.col[rv->part] = rv->col;
}

static int
refv_open(struct view *v, struct tui *t, const char *arg)
{
	struct refv *rv = xcalloc(1, sizeof *rv);

	v->data = rv;
	rv->part = refv_memory.part;
	v->pos = refv_memory.pos[rv->part];
	rv->col = refv_memory.col[rv->part];
	snprintf(v->crumb, sizeof v->crumb, "Référentiels");
	if (refv_load(v, t, NULL) != 0) {
		free(rv);
		return -1;
	}
	return 0;
}

static void
refv_switch(struct view *v, struct tui *t, int part)
{
	struct refv *rv = v->data;

	if (part == rv->part)
		return;
	refv_remember(v);
	refv_free_rows(rv);
	rv->part = part;
	v->pos = refv_memory.pos[part];
	rv->col = refv_memory.col[part];
	refv_load(v, t, NULL);
	refv_remember(v);
}

/* ---- Drawing ---- */

static void
refv_tabs(const struct refv *rv, int y)
{
	char label[64];
	int x = 1, i;

	draw_line(y, DS_HEADER);
	for (i = 0; i < NPARTS; i++) {
		snprintf(label, sizeof label, " %d %s ", i + 1, parts[i].title);
		x += draw_text(y, x, draw_cols() - x, i == rv->part ? DS_SELECTED : DS_HEADER, 0,
		    label) + 1;
	}
}

static void
refv_row(struct refv *rv, size_t r, int y, const int *xs, const int *ws, int editable,
    int selected)
{
	const struct part *p = &parts[rv->part];
	const struct referential_row *row = &rv->rows[r];
	const struct referential_col *cols;
	enum draw_style st = selected ? DS_SELECTED : DS_NORMAL, cs;
	char count[24];
	size_t n, i;

	cols = referential_cols(p->t, &n);
	draw_line(y, st);
	for (i = 0; i < p->ncols; i++) {
		/* The chosen cell of the chosen row stands out, even without
		 * colours: normal video inside the reversed row. */
		cs = selected && editable && i == rv->col ? DS_NORMAL : st;
		if (i < n) {
			ref_edit_draw_value(y, xs[i], ws[i], cs, &cols[i], row->values[i]);
			continue;
		}
		snprintf(count, sizeof count, "%ld", i == n ? row->count : row->uses);
		draw_text(y, xs[i] + ws[i] - draw_width(count), draw_width(count), st, 1, count);
	}
}

/* The line under the table: what the keys do here, or why they don't. */
static void
refv_hint(struct view *v, struct tui *t, int y)
{
	struct refv *rv = v->data;
	const char *hint;

	if (rv->part == PART_URGENCY)
		hint = claim_urgency_can_write(t->who) ? "Entrée : modifier (libellé, délai, "
		    "jours ouvrés) · Gauche/Droite : colonne" : "Délais des urgences : réservé à "
		    "l'administrateur";
	else if (!referential_can_write(t->who))
		hint = referential_reserved();
	else if (parts[rv->part].t == RT_TEMPLATE)
		hint = "Entrée : ouvrir le modèle · e : modifier · + : ajouter · - : supprimer";
	else
		hint = "Entrée : modifier · Gauche/Droite : colonne · + : ajouter · - : supprimer";
	draw_text(y, 1, draw_cols() - 2, DS_DIM, 1, hint);
}

/* The last line: who changed the chosen row last, and when. */
static void
refv_about(struct view *v, int y)
{
	struct refv *rv = v->data;
	const struct referential_row *row;
	char line[160];

	if (rv->part == PART_URGENCY) {
		draw_text(y, 1, draw_cols() - 2, DS_DIM, 1, "Pour les réclamations prises ensuite ; "
		    "ouvrés : hors week-ends et fériés");
		return;
	}
	if (rv->n == 0) {
		draw_text(y, 1, draw_cols() - 2, DS_DIM, 1, "Aucune ligne : + en ajoute une");
		return;
	}
	row = &rv->rows[v->pos.sel];
	snprintf(line, sizeof line, "Modifié le %.10s par %s", row->updated_at ? row->updated_at :
	    "?", row->updated_by ? row->updated_by : "?");
	if (parts[rv->part].t == RT_TEMPLATE)
		snprintf(line + strlen(line), sizeof line - strlen(line), " · a servi à %ld état%s "
		    "des lieux", row->uses, row->uses > 1 ? "s" : "");
	draw_text(y, 1, draw_cols() - 2, DS_DIM, 1, line);
}

/* Headers stand over their values: numbers to the right. */
static void
refv_head(const struct part *p, size_t i, int y, int x, int w)
{
	const struct referential_col *cols;
	int right, hw = draw_width(p->heads[i]);
	size_t n;

	if (p->t == RT_COUNT) {
		right = 0;
	} else {
		cols = referential_cols(p->t, &n);
		right = i >= n || cols[i].type == RC_INT || cols[i].type == RC_PERCENT ||
		    cols[i].type == RC_EUROS;
	}
	if (right && hw < w)
		draw_text(y, x + w - hw, hw, DS_HEADER, 1, p->heads[i]);
	else
		draw_text(y, x, w, DS_HEADER, 1, p->heads[i]);
}

/* An urgency: its label, its target in hours (and days), calendar or
 * working days. */
static void
urg_row(struct refv *rv, size_t r, int y, const int *xs, const int *ws, int editable,
    int selected)
{
	const struct claim_choice *u = &rv->urg[r];
	enum draw_style st = selected ? DS_SELECTED : DS_NORMAL, cs;
	char hours[32];

	if (u->target_hours % 24 == 0)
		snprintf(hours, sizeof hours, "%d h (%d j)", u->target_hours, u->target_hours / 24);
	else
		snprintf(hours, sizeof hours, "%d h", u->target_hours);
	draw_line(y, st);
	cs = selected && editable && rv->col == 0 ? DS_NORMAL : st;
	draw_text(y, xs[0], ws[0], cs, 1, u->label);
	cs = selected && editable && rv->col == 1 ? DS_NORMAL : st;
	draw_text(y, xs[1], ws[1], cs, 1, hours);
	cs = selected && editable && rv->col == 2 ? DS_NORMAL : st;
	draw_text(y, xs[2], ws[2], cs, 1, u->working_days ? "oui" : "non");
}

static void
refv_draw(struct view *v, struct tui *t, int top, int height)
{
	struct refv *rv = v->data;
	const struct part *p = &parts[rv->part];
	int xs[MAX_COLS], ws[MAX_COLS], y, body = height - 4, editable;
	size_t i;

	editable = rv->part == PART_URGENCY ? claim_urgency_can_write(t->who) :
	    referential_can_write(t->who);
	ref_edit_layout(p->widths, p->ncols, xs, ws);
	refv_tabs(rv, top);
	draw_line(top + 1, DS_HEADER);
	for (i = 0; i < p->ncols; i++)
		refv_head(p, i, top + 1, xs[i], ws[i]);
	list_move(&v->pos, A_NONE, body);
	for (i = v->pos.top, y = top + 2; i < rv->n && y < top + 2 + body; i++, y++)
		if (rv->part == PART_URGENCY)
			urg_row(rv, i, y, xs, ws, editable, i == v->pos.sel);
		else
			refv_row(rv, i, y, xs, ws, editable, i == v->pos.sel);
	refv_hint(v, t, top + height - 2);
	if (rv->ask.active)
		prompt_draw(&rv->ask, top + height - 1);
	else if (!ref_edit_draw(&rv->ed, top + height - 1))
		refv_about(v, top + height - 1);
}

/* ---- Keys ---- */

static const struct referential_row *
refv_sel(struct view *v)
{
	struct refv *rv = v->data;

	return rv->n ? &rv->rows[v->pos.sel] : NULL;
}

static void
refv_edit(struct view *v, struct tui *t)
{
	struct refv *rv = v->data;
	const struct referential_row *row = refv_sel(v);

	if (row == NULL) {
		tui_say(t, 0, " Aucune ligne : + en ajoute une");
		return;
	}
	ref_edit_cell(&rv->ed, t, parts[rv->part].t, row->id, row->values[rv->col], rv->col);
}

static void
refv_delete(struct view *v, struct tui *t)
{
	struct refv *rv = v->data;
	const struct referential_row *row = refv_sel(v);
	char question[160];

	if (row == NULL)
		return;
	if (parts[rv->part].t == RT_TEMPLATE)
		snprintf(question, sizeof question, "Supprimer le modèle « %.60s », ses %ld pièces "
		    "et leurs éléments ?", row->values[0], row->count);
	else
		snprintf(question, sizeof question, "Supprimer la ligne « %.60s » ?", row->values[0]);
	ref_edit_delete(&rv->ed, t, parts[rv->part].t, row->id, question);
}

/* After a write: reload, then open a template just added. */
static void
refv_changed(struct view *v, struct tui *t, int added_template)
{
	struct refv *rv = v->data;
	char id[UID_SIZE];

	snprintf(id, sizeof id, "%s", rv->ed.row_id);
	refv_load(v, t, id);
	refv_remember(v);
	if (added_template && id[0])
		tui_push(t, &view_ref_template_ops, id);
}

/* ---- The urgencies' targets ---- */

static void
urg_edit(struct view *v, struct tui *t)
{
	struct refv *rv = v->data;
	const struct claim_choice *u;
	char now[16];

	if (rv->nurg == 0)
		return;
	u = &rv->urg[v->pos.sel];
	if (!claim_urgency_can_write(t->who)) {
		tui_say(t, 1, " Modification refusée : réservé à l'administrateur");
		return;
	}
	if (rv->col == 0) {
		prompt_start(&rv->ask, ASK_LABEL, "Libellé", u->label, CLAIM_URGENCY_LABEL_MAX,
		    NULL, 0);
	} else if (rv->col == 1) {
		snprintf(now, sizeof now, "%d", u->target_hours);
		prompt_start(&rv->ask, ASK_HOURS, "Délai cible (heures, 1 à 8760)", now, 5, NULL, 0);
	} else {
		prompt_start(&rv->ask, ASK_WORKING, "Jours ouvrés (oui, non)",
		    u->working_days ? "oui" : "non", 3, yes_no, 2);
	}
	prompt_propose(&rv->ask);
}

/* "oui" 1, "non" 0 (o, n, y as well), -1 otherwise. */
static int
urg_yes_no(const char *s)
{
	if (strcmp(s, "oui") == 0 || strcmp(s, "o") == 0 || strcmp(s, "Oui") == 0 ||
	    strcmp(s, "O") == 0)
		return 1;
	if (strcmp(s, "non") == 0 || strcmp(s, "n") == 0 || strcmp(s, "Non") == 0 ||
	    strcmp(s, "N") == 0)
		return 0;
	return -1;
}

/* Writes what was typed for the chosen urgency. */
static void
urg_save(struct view *v, struct tui *t, int tag, const char *text)
{
	struct refv *rv = v->data;
	char code[64], *end;
	struct err e;
	long value;
	int rc;

	snprintf(code, sizeof code, "%s", rv->urg[v->pos.sel].code);
	if (tag == ASK_LABEL) {
		rc = claim_urgency_set_label(t->db, t->who, code, text, NULL, &e);
	} else if (tag == ASK_HOURS) {
		value = strtol(text, &end, 10);
		if (end == text || *end != '\0' || value < 1 || value > CLAIM_URGENCY_HOURS_MAX) {
			tui_say(t, 1, " Délai : un nombre d'heures de 1 à %d, pas « %.40s »",
			    CLAIM_URGENCY_HOURS_MAX, text);
			return;
		}
		rc = claim_urgency_set_hours(t->db, t->who, code, (int)value, NULL, &e);
	} else {
		if ((value = urg_yes_no(text)) < 0) {
			tui_say(t, 1, " Jours ouvrés : oui ou non, pas « %.40s »", text);
			return;
		}
		rc = claim_urgency_set_working_days(t->db, t->who, code, (int)value, NULL, &e);
	}
	if (rc != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return;
	}
	tui_invalidate(t);
	refv_load(v, t, code);
	if (tag == ASK_LABEL)
		tui_say(t, 0, " Libellé : enregistré");
	else
		tui_say(t, 0, " %s : enregistré ; le libellé dit-il encore l'ancien délai ?",
		    tag == ASK_HOURS ? "Délai cible" : "Jours ouvrés");
}

static int
urg_prompt_key(struct view *v, struct tui *t, int key)
{
	struct refv *rv = v->data;
	enum prompt_result r = prompt_key(&rv->ask, key);
	int tag = rv->ask.tag;
	char *text;

	if (r == PROMPT_CANCEL)
		tui_say(t, 0, " Abandonné : rien n'a été modifié");
	if (r != PROMPT_DONE)
		return 1;
	text = prompt_take(&rv->ask);
	urg_save(v, t, tag, text);
	free(text);
	return 1;
}

/* The round templates, about the place of the screen under this one if
 * it has one, so that a new template goes there. */
static void
refv_rounds(struct tui *t)
{
	const struct view *below = tui_below(t);
	char arg[64];

	arg[0] = '\0';
	if (below != NULL && below->place != PLACE_NONE)
		tui_place_arg(arg, sizeof arg, below->place, below->place_id);
	tui_push(t, &view_round_tpls_ops, arg[0] ? arg : NULL);
}

static int
refv_move_col(struct view *v, int delta)
{
	struct refv *rv = v->data;
	size_t n = table_cols(rv);

	if (delta < 0 && rv->col > 0)
		rv->col--;
	else if (delta > 0 && rv->col + 1 < n)
		rv->col++;
	refv_remember(v);
	return 1;
}

static int
urg_key(struct view *v, struct tui *t, int key)
{
	switch (key) {
	case K_ENTER: case 'e':
		urg_edit(v, t);
		return 1;
	case '+': case '-':
		tui_say(t, 0, " Les trois urgences sont fixes : seuls leurs délais se modifient");
		return 1;
	}
	return 0;
}

static int
refv_key(struct view *v, struct tui *t, int key)
{
	struct refv *rv = v->data;
	int adding = rv->ed.state == RE_ADD, rc;

	if (rv->ask.active)
		return urg_prompt_key(v, t, key);
	if ((rc = ref_edit_key(&rv->ed, t, key)) != 0) {
		if (rc == 2)
			refv_changed(v, t, adding && parts[rv->part].t == RT_TEMPLATE);
		return 1;
	}
	switch (key) {
	case '1': case '2': case '3': case '4':
		refv_switch(v, t, key - '1');
		return 1;
	case '\t':
		refv_switch(v, t, (rv->part + 1) % NPARTS);
		return 1;
	case K_LEFT: case K_RIGHT:
		return refv_move_col(v, key == K_LEFT ? -1 : 1);
	case 'R':
		refv_rounds(t);
		return 1;
	}
	if (rv->part == PART_URGENCY)
		return urg_key(v, t, key);
	switch (key) {
	case K_ENTER:
		if (parts[rv->part].t == RT_TEMPLATE && refv_sel(v)) {
			tui_push(t, &view_ref_template_ops, refv_sel(v)->id);
			return 1;
		}
		/* fall through */
	case 'e':
		refv_edit(v, t);
		return 1;
	case '+':
		ref_edit_add(&rv->ed, t, parts[rv->part].t, NULL);
		return 1;
	case '-':
		refv_delete(v, t);
		return 1;
	}
	return 0;
}

static int
refv_action(struct view *v, struct tui *t, enum tui_action a)
{
	int moved = list_move(&v->pos, a, v->height - 4);

	if (moved)
		refv_remember(v);
	return moved;
}

static void
refv_close(struct view *v)
{
	struct refv *rv = v->data;

	refv_remember(v);
	ref_edit_free(&rv->ed);
	prompt_close(&rv->ask);
	refv_free_rows(rv);
	free(rv);
}

const struct view_ops view_referential_ops = {
	"Référentiels", refv_open, refv_draw, refv_action, refv_key, refv_close, refv_actions,
	refv_keys,
};
