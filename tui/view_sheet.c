/* The dwelling sheet: every service's block, each with its source, or the
 * one line saying who may see it. `e` edits the field under the cursor,
 * `h` opens the history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sheet.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/view.h"

/* A display line points into the sheet: a block header or one of its lines. */
struct sline {
	const struct sheet_block *block;
	const struct sheet_line *line; /* NULL for the block's header or reason */
};

struct sheetv {
	struct sheet *sheet;
	struct sline *lines;
	size_t n;
};

static const enum tui_action sheet_actions[] = {
	A_EDIT, A_INSPECTIONS, A_CLAIM_NEW, A_CLAIMS, A_HISTORY, A_LOGBOOK_ADD, A_SEARCH, A_LOGBOOK, A_BACK, A_QUIT, A_HELP, A_SYNCLOG,
	A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST, A_LAST, A_OPEN, A_REDRAW, A_NONE,
};

static void
sheet_flatten(struct sheetv *sv)
{
	const struct sheet_block *b;
	size_t i, j, cap = 0;

	for (i = 0; i < SB_COUNT; i++)
		cap += 2 + sv->sheet->blocks[i].nlines;
	sv->lines = xcalloc(cap, sizeof *sv->lines);
	for (i = 0; i < SB_COUNT; i++) {
		b = &sv->sheet->blocks[i];
		sv->lines[sv->n++].block = b;
		for (j = 0; b->visible && j < b->nlines; j++) {
			sv->lines[sv->n].block = b;
			sv->lines[sv->n++].line = &b->lines[j];
		}
	}
}

static int
sheet_open(struct view *v, struct tui *t, const char *id)
{
	struct sheetv *sv;
	struct err e;

	if (tui_set_place(t, v, PLACE_DWELLING, id) != 0)
		return -1;
	sv = xcalloc(1, sizeof *sv);
	if (sheet_load(t->db, t->who, id, t->today, &sv->sheet, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		free(sv);
		return -1;
	}
	sheet_flatten(sv);
	v->data = sv;
	v->pos.n = sv->n;
	/* Start on the first line that says something, not on a header. */
	v->pos.sel = sv->n > 1 ? 1 : 0;
	return 0;
}

/* "Patrimoine · Martin L. · 04/03/2025 14:05" */
static void
sheet_source_text(const struct sheet_block *b, char *out, size_t size)
{
	char *who;

	if (!b->visible || b->source.user == NULL) {
		snprintf(out, size, "%s", b->visible ? "aucune donnée" : "");
		return;
	}
	who = sheet_short_name(b->source.user);
	snprintf(out, size, "source : %s · %s · %.10s", b->source.service ? b->source.service : "",
	    who, b->source.at);
	free(who);
}

static void
sheet_draw_line(const struct sline *l, int y, int selected)
{
	enum draw_style st = selected ? DS_SELECTED : DS_NORMAL;
	const struct sheet_line *ln = l->line;
	char src[160];

	draw_line(y, st);
	if (ln == NULL) {
		draw_text(y, 1, 28, selected ? DS_SELECTED : DS_HEADER, 0, l->block->title);
		if (!l->block->visible) {
			draw_text(y, 30, draw_cols() - 31, selected ? st : DS_DIM, 1, l->block->reason);
		} else {
			sheet_source_text(l->block, src, sizeof src);
			draw_text(y, 30, draw_cols() - 31, selected ? st : DS_DIM, 1, src);
		}
		return;
	}
	if (ln->flags & SL_HIGHLIGHT && !selected)
		st = DS_ERROR;
	if (ln->label) {
		draw_text(y, 3, 24, st, 1, ln->label);
		draw_text(y, 28, draw_cols() - 31, (ln->flags & SL_EMPTY) && !selected ? DS_DIM : st, 1,
		    ln->value);
	} else {
		draw_text(y, 3, draw_cols() - 6, (ln->flags & SL_NOTICE) && !selected ? DS_DIM : st, 1,
		    ln->value);
	}
	if (ln->flags & SL_EDITABLE)
		draw_text(y, draw_cols() - 2, 1, st, 0, "*");
}

static void
sheet_draw(struct view *v, struct tui *t, int top, int height)
{
	struct sheetv *sv = v->data;
	size_t i;
	int y;

	list_move(&v->pos, A_NONE, height);
	for (i = v->pos.top, y = top; i < sv->n && y < top + height; i++, y++)
		sheet_draw_line(&sv->lines[i], y, i == v->pos.sel);
}

static void
sheet_edit(struct view *v, struct tui *t)
{
	struct sheetv *sv = v->data;
	const struct sheet_line *ln = sv->lines[v->pos.sel].line;

	if (ln == NULL || ln->field == NULL) {
		tui_say(t, 0, " Rien à modifier sur cette ligne (les champs modifiables sont "
		    "marqués *)");
		return;
	}
	if (!(ln->flags & SL_EDITABLE)) {
		tui_say(t, 1, " Votre rôle ne permet pas de modifier « %s »", ln->label);
		return;
	}
	form_edit(t, ln->field, ln->row_id);
}

static int
sheet_action(struct view *v, struct tui *t, enum tui_action a)
{
	struct sheetv *sv = v->data;
	const struct sheet_line *ln;

	if (list_move(&v->pos, a, v->height))
		return 1;
	switch (a) {
	case A_EDIT:
		sheet_edit(v, t);
		return 1;
	case A_INSPECTIONS:
		tui_push(t, &view_inspections_ops, v->place_id);
		return 1;
	case A_OPEN:
		ln = sv->lines[v->pos.sel].line;
		if (ln && ln->table && strcmp(ln->table, "inspection") == 0)
			tui_push(t, &view_inspection_ops, ln->row_id);
		else if (ln && ln->field && (ln->flags & SL_EDITABLE))
			sheet_edit(v, t);
		else
			tui_say(t, 0, " h : historique ; i : états des lieux ; e : modifier un champ *");
		return 1;
	default:
		return 0;
	}
}

static void
sheet_close(struct view *v)
{
	struct sheetv *sv = v->data;

	sheet_free(sv->sheet);
	free(sv->lines);
	free(sv);
}

const struct view_ops view_sheet_ops = {
	"Fiche logement", sheet_open, sheet_draw, sheet_action, NULL, sheet_close, sheet_actions, NULL,
};
