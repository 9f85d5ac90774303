/* Editing reference data in place (tui/view_referential*.c): a cell
 * through a prompt at the foot of the screen, a new row column after
 * column, a deletion confirmed with o. Everything goes through
 * core/referential.h, which checks and refuses; the administrator alone
 * may start, others are told it is reserved. */
#ifndef LOGE_TUI_REF_EDIT_H
#define LOGE_TUI_REF_EDIT_H

#include <stddef.h>

#include "core/referential.h"
#include "tui/draw.h"
#include "tui/prompt.h"

struct tui;

enum ref_edit_state { RE_IDLE, RE_CELL, RE_ADD, RE_CONFIRM };

#define REF_EDIT_MAX_COLS 8

struct ref_edit {
	enum ref_edit_state state;
	enum referential_table t;
	char row_id[UID_SIZE];    /* the row edited or deleted; the one added */
	char parent_id[UID_SIZE]; /* where a new room or item goes */
	size_t col;               /* the column asked */
	char *inputs[REF_EDIT_MAX_COLS]; /* a new row, as typed */
	char question[192];       /* before deleting */
	struct prompt ask;
	char **phrases;           /* completions of the column asked */
	size_t nphrases;
};

/* 1 if who may edit; else 0, having said that it is reserved. */
int ref_edit_allowed(struct tui *t);
/* Asks for column col of row_id (stored: its value now). */
void ref_edit_cell(struct ref_edit *ed, struct tui *t, enum referential_table tt,
    const char *row_id, const char *stored, size_t col);
/* Asks for a new row of tt under parent_id (NULL for none). */
void ref_edit_add(struct ref_edit *ed, struct tui *t, enum referential_table tt,
    const char *parent_id);
/* Asks "question o : oui" before deleting row_id. */
void ref_edit_delete(struct ref_edit *ed, struct tui *t, enum referential_table tt,
    const char *row_id, const char *question);
/* A key while editing: 0 none is under way (the screen reads the key),
 * 1 taken, 2 taken and the data changed (reload, put the cursor on
 * ed->row_id, "" when the row went). */
int ref_edit_key(struct ref_edit *ed, struct tui *t, int key);
/* Draws the prompt or the question on row y; 0 if there is none. */
int ref_edit_draw(struct ref_edit *ed, int y);
void ref_edit_free(struct ref_edit *ed);

/* Columns across the screen from widths (one of them 0: it takes what
 * is left), one blank between them: their x and width. */
void ref_edit_layout(const int *widths, size_t n, int *xs, int *ws);
/* Draws a stored value as shown ("12,85 %"), numbers to the right, NULL
 * as a dash. */
void ref_edit_draw_value(int y, int x, int w, enum draw_style st,
    const struct referential_col *c, const char *stored);

#endif
