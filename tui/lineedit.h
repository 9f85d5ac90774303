/* One-line UTF-8 text editing, shared by every input of the TUI: insert
 * anywhere, Backspace/Delete, cursor moves, Home/End (also Ctrl-A/Ctrl-E),
 * Ctrl-U to clear. Text is kept as code points so that the cursor never
 * lands inside a character. */
#ifndef LOGE_LINEEDIT_H
#define LOGE_LINEEDIT_H

#include <stddef.h>
#include <stdint.h>

struct lineedit {
	uint32_t *text; /* code points, independent of the locale */
	size_t len, cap, cur;
	size_t max;    /* maximum code points */
	int changed;   /* edited since le_set */
};

void le_init(struct lineedit *le, size_t max);
void le_free(struct lineedit *le);
/* Replaces the text (UTF-8) and puts the cursor at its end. */
void le_set(struct lineedit *le, const char *utf8);
/* Returns the text as UTF-8; the caller frees it. */
char *le_text(const struct lineedit *le);
/* Handles an editing key (a code point or a K_* value); 1 if it did. */
int le_key(struct lineedit *le, int key);
/* Draws the text at (y, x) in width cells, scrolled so the cursor shows,
 * and places the terminal cursor. */
void le_draw(const struct lineedit *le, int y, int x, int width);

#endif
