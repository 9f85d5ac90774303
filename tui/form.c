#include "tui/form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/field.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/lineedit.h"
#include "tui/view.h"

struct form {
	const struct field *f;
	char row_id[37];
	struct lineedit le;  /* every type but choices */
	size_t choice;       /* FT_CHOICE: the selected choice */
	int choice_changed;
	int confirming;      /* Esc with changes: asking */
	char error[512];     /* the last refusal, shown under the field */
};

static const enum tui_action form_actions[] = {A_NONE};

static int
form_open(struct view *v, struct tui *t, const char *arg)
{
	const char *sep = strchr(arg, '\x1f');
	char id[64], *value;
	struct form *fm;
	struct err e;
	size_t i;

	snprintf(id, sizeof id, "%.*s", sep ? (int)(sep - arg) : 0, arg);
	fm = xcalloc(1, sizeof *fm);
	fm->f = field_find(id);
	if (fm->f == NULL || sep == NULL) {
		tui_say(t, 1, " Champ inconnu : %s", id);
		free(fm);
		return -1;
	}
	snprintf(fm->row_id, sizeof fm->row_id, "%s", sep + 1);
	err_clear(&e);
	value = field_get(t->db, fm->f, fm->row_id, &e);
	if (value == NULL && e.msg[0]) {
		tui_say(t, 1, " %.250s", e.msg);
		free(fm);
		return -1;
	}
	le_init(&fm->le, fm->f->max_len ? fm->f->max_len : 200);
	le_set(&fm->le, value);
	for (i = 0; fm->f->type == FT_CHOICE && value && i < fm->f->nchoices; i++)
		if (strcmp(fm->f->choices[i].code, value) == 0)
			fm->choice = i + ((fm->f->flags & FF_NULLABLE) ? 1 : 0);
	free(value);
	snprintf(v->crumb, sizeof v->crumb, "Modifier");
	v->data = fm;
	return 0;
}

/* What the field accepts, in a line. */
static void
form_hint(const struct field *f, char *out, size_t size)
{
	const char *empty = (f->flags & FF_NULLABLE) ? " ; vide : non renseigné" : "";

	switch (f->type) {
	case FT_INT:
		snprintf(out, size, "Nombre entier de %ld à %ld%s", f->min, f->max, empty);
		break;
	case FT_DECIMAL:
		snprintf(out, size, "Nombre (virgule acceptée) de %ld à %ld%s", f->min / 100,
		    f->max / 100, empty);
		break;
	case FT_DATE:
		snprintf(out, size, "Date AAAA-MM-JJ ou JJ/MM/AAAA%s", empty);
		break;
	case FT_CHOICE:
		snprintf(out, size, "j/k ou flèches pour choisir");
		break;
	case FT_PHONE:
		snprintf(out, size, "Numéro de téléphone%s", empty);
		break;
	case FT_EMAIL:
		snprintf(out, size, "Adresse e-mail%s", empty);
		break;
	default:
		snprintf(out, size, "Texte%s", empty);
	}
}

static void
form_draw_choices(struct form *fm, int y, int height)
{
	size_t i, n = fm->f->nchoices, off = (fm->f->flags & FF_NULLABLE) ? 1 : 0;
	const char *label;

	for (i = 0; i < n + off && (int)i < height; i++) {
		label = i < off ? "(non renseigné)" : fm->f->choices[i - off].label;
		draw_text(y + (int)i, 4, 40, i == fm->choice ? DS_SELECTED : DS_NORMAL, 1, label);
	}
}

static void
form_draw(struct view *v, struct tui *t, int top, int height)
{
	struct form *fm = v->data;
	char hint[160];

	draw_text(top + 1, 2, draw_cols() - 4, DS_HEADER, 1, fm->f->label);
	form_hint(fm->f, hint, sizeof hint);
	draw_text(top + 2, 2, draw_cols() - 4, DS_DIM, 1, hint);
	if (fm->f->type == FT_CHOICE)
		form_draw_choices(fm, top + 4, height - 8);
	else
		le_draw(&fm->le, top + 4, 4, draw_cols() - 8);
	if (fm->error[0])
		draw_text(top + height - 3, 2, draw_cols() - 4, DS_ERROR, 1, fm->error);
	if (fm->confirming)
		draw_text(top + height - 2, 2, draw_cols() - 4, DS_ERROR, 1,
		    "Abandonner la modification ? o : oui, abandonner · n : non, continuer");
	else
		draw_text(top + height - 2, 2, draw_cols() - 4, DS_DIM, 1,
		    "Entrée ou Ctrl-S : enregistrer · Échap : annuler · Ctrl-U : effacer");
}

static char *
form_input(struct form *fm)
{
	size_t off = (fm->f->flags & FF_NULLABLE) ? 1 : 0;

	if (fm->f->type != FT_CHOICE)
		return le_text(&fm->le);
	return xstrdup(fm->choice < off ? "" : fm->f->choices[fm->choice - off].code);
}

static void
form_save(struct form *fm, struct tui *t)
{
	char *input = form_input(fm), label[128];
	struct err e;

	err_clear(&e);
	if (field_save(t->db, t->who, fm->f, fm->row_id, input, &e) != 0) {
		/* Refused: say why here, keep what was typed. */
		snprintf(fm->error, sizeof fm->error, "%.500s", e.msg);
		free(input);
		return;
	}
	free(input);
	snprintf(label, sizeof label, "%s", fm->f->label);
	tui_invalidate(t);
	tui_pop(t);
	tui_say(t, 0, " Enregistré : %s", label);
}

static int
form_choice_key(struct form *fm, int key)
{
	size_t n = fm->f->nchoices + ((fm->f->flags & FF_NULLABLE) ? 1 : 0);

	if ((key == K_DOWN || key == 'j') && fm->choice + 1 < n) {
		fm->choice++;
		fm->choice_changed = 1;
	} else if ((key == K_UP || key == 'k') && fm->choice > 0) {
		fm->choice--;
		fm->choice_changed = 1;
	}
	return 1;
}

static int
form_key(struct view *v, struct tui *t, int key)
{
	struct form *fm = v->data;

	if (fm->confirming) {
		if (key == 'o' || key == 'O' || key == 'y')
			tui_pop(t);
		else
			fm->confirming = 0;
		return 1;
	}
	if (key == K_ENTER || key == CTRL('s')) {
		form_save(fm, t);
	} else if (key == K_ESC) {
		if (fm->le.changed || fm->choice_changed)
			fm->confirming = 1;
		else
			tui_pop(t);
	} else if (fm->f->type == FT_CHOICE) {
		form_choice_key(fm, key);
	} else if (le_key(&fm->le, key)) {
		fm->error[0] = '\0';
	}
	return 1;
}

static int
form_action(struct view *v, struct tui *t, enum tui_action a)
{
	return 0;
}

static void
form_close(struct view *v)
{
	struct form *fm = v->data;

	le_free(&fm->le);
	free(fm);
}

const struct view_ops view_form_ops = {
	"Modifier", form_open, form_draw, form_action, form_key, form_close, form_actions, NULL,
};

void
form_edit(struct tui *t, const char *field_id, const char *row_id)
{
	char arg[128];

	snprintf(arg, sizeof arg, "%s\x1f%s", field_id, row_id);
	tui_push(t, &view_form_ops, arg);
}
