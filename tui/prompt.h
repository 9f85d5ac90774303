/* A one-line question at the foot of a screen ("Observations : ..."),
 * typed with the shared line editor; Tab completes from a list of
 * phrases (the typed start, case and accents aside), Entrée answers,
 * Échap gives up. Screens that edit in place use it so that moving on
 * never leaves the list. */
#ifndef LOGE_TUI_PROMPT_H
#define LOGE_TUI_PROMPT_H

#include <stddef.h>

#include "tui/lineedit.h"

enum prompt_result { PROMPT_GOING, PROMPT_DONE, PROMPT_CANCEL };

struct prompt {
	int active;
	int tag;               /* what the screen asked, for its own use */
	char label[64];
	struct lineedit le;
	const char *const *phrases; /* completions, or NULL */
	size_t nphrases;
	size_t next;           /* where Tab looks next */
	char *stem;            /* what was typed before the first Tab */
	int fresh;             /* the first character typed replaces the text */
};

/* Starts asking label (e.g. "Observations"), with initial text (may be
 * NULL) and at most max characters. */
void prompt_start(struct prompt *p, int tag, const char *label, const char *initial,
    size_t max, const char *const *phrases, size_t nphrases);
/* The initial text is a proposal (a count, an index): the first
 * character typed replaces it; Entrée alone accepts it. */
void prompt_propose(struct prompt *p);
/* 1 if s starts with stem, ASCII-folded and case aside ("Éclat" and
 * "ecl" start alike): what Tab completes on. */
int prompt_starts_with(const char *s, const char *stem);
/* The phrase typed: the one equal to it, else the only one it starts (as
 * prompt_starts_with); its index, or -1 with *nhit the number that start
 * so (0: none, 2 or more: too many). */
int prompt_match(const char *const *phrases, size_t n, const char *typed, size_t *nhit);
/* Handles a key while active. */
enum prompt_result prompt_key(struct prompt *p, int key);
/* The answer (UTF-8), which the caller frees; the prompt is closed. */
char *prompt_take(struct prompt *p);
void prompt_close(struct prompt *p);
/* Draws the question on row y. */
void prompt_draw(struct prompt *p, int y);

#endif
