#include "tui/ref_edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/field.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/view.h"

static void
ref_edit_phrases_free(struct ref_edit *ed)
{
	size_t i;

	for (i = 0; i < ed->nphrases; i++)
		free(ed->phrases[i]);
	free(ed->phrases);
	ed->phrases = NULL;
	ed->nphrases = 0;
}

static void
ref_edit_phrase(struct ref_edit *ed, const char *s)
{
	ed->phrases = xreallocarray(ed->phrases, ed->nphrases + 1, sizeof *ed->phrases);
	ed->phrases[ed->nphrases++] = xstrdup(s);
}

/* What Tab offers for a column: its choices, or the wear grid's kinds. */
static void
ref_edit_completions(struct ref_edit *ed, struct tui *t, const struct referential_col *c)
{
	struct referential_row *rows;
	struct err e;
	size_t i, n;

	ref_edit_phrases_free(ed);
	for (i = 0; c->type == RC_CHOICE && i < c->nchoices; i++)
		ref_edit_phrase(ed, c->choices[i].label);
	if (c->type == RC_FLAG) {
		ref_edit_phrase(ed, "oui");
		ref_edit_phrase(ed, "non");
	}
	if (c->type != RC_KIND || referential_list(t->db, RT_WEAR, NULL, &rows, &n, &e) != 0)
		return;
	for (i = 0; i < n; i++)
		ref_edit_phrase(ed, rows[i].values[0]);
	if (c->flags & RCF_OTHER)
		ref_edit_phrase(ed, "other");
	referential_rows_free(rows, n, RT_WEAR);
}

/* Opens the prompt for column ed->col with initial text. */
static void
ref_edit_ask(struct ref_edit *ed, struct tui *t, const char *initial)
{
	const struct referential_col *cols, *c;
	char label[64];
	size_t n;

	cols = referential_cols(ed->t, &n);
	c = &cols[ed->col];
	ref_edit_completions(ed, t, c);
	if (ed->state == RE_ADD && n > 1)
		snprintf(label, sizeof label, "%s (%zu/%zu)", c->label, ed->col + 1, n);
	else if (ed->state == RE_ADD)
		snprintf(label, sizeof label, "Nouvelle ligne : %s", c->label);
	else
		snprintf(label, sizeof label, "%s", c->label);
	prompt_start(&ed->ask, ed->state, label, initial, c->max_len ? c->max_len : 16,
	    (const char *const *)ed->phrases, ed->nphrases);
}

int
ref_edit_allowed(struct tui *t)
{
	if (referential_can_write(t->who))
		return 1;
	tui_say(t, 1, " Modification refusée : réservé à l'administrateur");
	return 0;
}

void
ref_edit_cell(struct ref_edit *ed, struct tui *t, enum referential_table tt,
    const char *row_id, const char *stored, size_t col)
{
	size_t n;
	char *typed;

	if (!ref_edit_allowed(t))
		return;
	referential_cols(tt, &n);
	if (col >= n)
		return;
	ed->state = RE_CELL;
	ed->t = tt;
	ed->col = col;
	snprintf(ed->row_id, sizeof ed->row_id, "%s", row_id);
	typed = referential_typed(&referential_cols(tt, &n)[col], stored);
	ref_edit_ask(ed, t, typed);
	free(typed);
}

static void
ref_edit_inputs_free(struct ref_edit *ed)
{
	size_t i;

	for (i = 0; i < REF_EDIT_MAX_COLS; i++) {
		free(ed->inputs[i]);
		ed->inputs[i] = NULL;
	}
}

void
ref_edit_add(struct ref_edit *ed, struct tui *t, enum referential_table tt,
    const char *parent_id)
{
	if (!ref_edit_allowed(t))
		return;
	ref_edit_inputs_free(ed);
	ed->state = RE_ADD;
	ed->t = tt;
	ed->col = 0;
	snprintf(ed->parent_id, sizeof ed->parent_id, "%s", parent_id ? parent_id : "");
	ref_edit_ask(ed, t, NULL);
}

void
ref_edit_delete(struct ref_edit *ed, struct tui *t, enum referential_table tt,
    const char *row_id, const char *question)
{
	if (!ref_edit_allowed(t))
		return;
	ed->state = RE_CONFIRM;
	ed->t = tt;
	snprintf(ed->row_id, sizeof ed->row_id, "%s", row_id);
	snprintf(ed->question, sizeof ed->question, "%s", question);
}

static int
ref_edit_cell_done(struct ref_edit *ed, struct tui *t, char *text)
{
	const struct referential_col *cols;
	struct err e;
	size_t n;

	cols = referential_cols(ed->t, &n);
	if (referential_set(t->db, t->who, ed->t, ed->row_id, cols[ed->col].column, text,
	    &e) != 0) {
		/* Asked again with what was typed, to correct it. */
		tui_say(t, 1, " %.250s", e.msg);
		ref_edit_ask(ed, t, text);
		return 1;
	}
	ed->state = RE_IDLE;
	tui_say(t, 0, " %s : enregistré", cols[ed->col].label);
	return 2;
}

/* The column a refusal is about ("Catégorie « x » absente..."), else 0. */
static size_t
ref_edit_culprit(enum referential_table tt, const char *msg)
{
	const struct referential_col *cols = NULL;
	size_t n, i;

	cols = referential_cols(tt, &n);
	for (i = 0; i < n; i++)
		if (strncmp(msg, cols[i].label, strlen(cols[i].label)) == 0)
			return i;
	return 0;
}

static int
ref_edit_add_done(struct ref_edit *ed, struct tui *t, char *text)
{
	const struct referential_col *cols;
	char *stored = NULL;
	struct err e;
	size_t n;

	cols = referential_cols(ed->t, &n);
	if (referential_check(&cols[ed->col], text, &stored, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		ref_edit_ask(ed, t, text);
		return 1;
	}
	free(stored);
	free(ed->inputs[ed->col]);
	ed->inputs[ed->col] = xstrdup(text);
	if (++ed->col < n) {
		ref_edit_ask(ed, t, ed->inputs[ed->col]);
		return 1;
	}
	if (referential_add(t->db, t->who, ed->t, ed->parent_id[0] ? ed->parent_id : NULL,
	    (const char *const *)ed->inputs, ed->row_id, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		ed->col = ref_edit_culprit(ed->t, e.msg);
		ref_edit_ask(ed, t, ed->inputs[ed->col]);
		return 1;
	}
	ed->state = RE_IDLE;
	ref_edit_inputs_free(ed);
	tui_say(t, 0, " %s : ligne ajoutée", referential_table_label(ed->t));
	return 2;
}

static int
ref_edit_confirmed(struct ref_edit *ed, struct tui *t, int key)
{
	struct err e;

	ed->state = RE_IDLE;
	if (key != 'o' && key != 'O') {
		tui_say(t, 0, " Suppression annulée");
		return 1;
	}
	if (referential_delete(t->db, t->who, ed->t, ed->row_id, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return 1;
	}
	ed->row_id[0] = '\0';
	tui_say(t, 0, " Supprimé");
	return 2;
}

int
ref_edit_key(struct ref_edit *ed, struct tui *t, int key)
{
	enum prompt_result r;
	char *text;
	int rc;

	if (ed->state == RE_IDLE)
		return 0;
	if (ed->state == RE_CONFIRM)
		return ref_edit_confirmed(ed, t, key);
	r = prompt_key(&ed->ask, key);
	if (r == PROMPT_CANCEL) {
		ed->state = RE_IDLE;
		tui_say(t, 0, " Abandonné : rien n'a été modifié");
		return 1;
	}
	if (r != PROMPT_DONE)
		return 1;
	text = prompt_take(&ed->ask);
	rc = ed->state == RE_CELL ? ref_edit_cell_done(ed, t, text) : ref_edit_add_done(ed, t,
	    text);
	free(text);
	return rc;
}

int
ref_edit_draw(struct ref_edit *ed, int y)
{
	char line[256];

	if (ed->state == RE_CONFIRM) {
		snprintf(line, sizeof line, " %s o : oui · autre touche : non", ed->question);
		draw_line(y, DS_SELECTED);
		draw_text(y, 0, draw_cols(), DS_SELECTED, 1, line);
		return 1;
	}
	if (ed->state == RE_IDLE)
		return 0;
	prompt_draw(&ed->ask, y);
	return 1;
}

void
ref_edit_free(struct ref_edit *ed)
{
	prompt_close(&ed->ask);
	ref_edit_phrases_free(ed);
	ref_edit_inputs_free(ed);
	ed->state = RE_IDLE;
}

void
ref_edit_layout(const int *widths, size_t n, int *xs, int *ws)
{
	int x = 1, fixed = 0;
	size_t i;

	for (i = 0; i < n; i++)
		fixed += widths[i] + (i ? 1 : 0);
	for (i = 0; i < n; i++) {
		ws[i] = widths[i] ? widths[i] : draw_cols() - 2 - fixed;
		if (ws[i] < 1)
			ws[i] = 1;
		xs[i] = x;
		x += ws[i] + 1;
	}
}

void
ref_edit_draw_value(int y, int x, int w, enum draw_style st,
    const struct referential_col *c, const char *stored)
{
	char *shown = referential_shown(c, stored);
	const char *text = shown ? shown : draw_is_utf8() ? "—" : "-";
	int tw = draw_width(text), right;

	right = c->type == RC_INT || c->type == RC_PERCENT || c->type == RC_EUROS;
	if (right && tw < w) {
		draw_text(y, x, w - tw, st, 1, "");
		draw_text(y, x + w - tw, tw, st, 1, text);
	} else {
		draw_text(y, x, w, shown ? st : (st == DS_SELECTED ? st : DS_DIM), 1, text);
	}
	free(shown);
}
