#include "tui/prompt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"
#include "core/xalloc.h"
#include "tui/draw.h"

void
prompt_start(struct prompt *p, int tag, const char *label, const char *initial, size_t max,
    const char *const *phrases, size_t nphrases)
{
	prompt_close(p);
	p->active = 1;
	p->tag = tag;
	snprintf(p->label, sizeof p->label, "%s", label);
	le_init(&p->le, max);
	le_set(&p->le, initial ? initial : "");
	p->phrases = phrases;
	p->nphrases = nphrases;
	p->next = 0;
	p->fresh = 0;
}

int
prompt_starts_with(const char *s, const char *stem)
{
	char *a = sanitize_str(s, SAN_ASCII), *b = sanitize_str(stem, SAN_ASCII);
	size_t i, n = strlen(b);
	int ok = strlen(a) >= n;

	for (i = 0; ok && i < n; i++)
		if ((a[i] | 0x20) != (b[i] | 0x20))
			ok = 0;
	free(a);
	free(b);
	return ok;
}

int
prompt_match(const char *const *phrases, size_t n, const char *typed, size_t *nhit)
{
	size_t i;
	int hit = -1;

	*nhit = 0;
	for (i = 0; i < n; i++) {
		if (strcmp(phrases[i], typed) == 0) {
			*nhit = 1;
			return (int)i;
		}
		if (typed[0] && prompt_starts_with(phrases[i], typed)) {
			hit = (int)i;
			(*nhit)++;
		}
	}
	return *nhit == 1 ? hit : -1;
}

/* Tab: the next phrase that starts with what was typed (the stem stays
 * what was typed before the first Tab, so that Tab cycles). */
static void
complete(struct prompt *p)
{
	size_t i, k;

	if (p->nphrases == 0)
		return;
	if (p->stem == NULL) {
		p->stem = le_text(&p->le);
		p->next = 0;
	}
	for (i = 0; i < p->nphrases; i++) {
		k = (p->next + i) % p->nphrases;
		if (prompt_starts_with(p->phrases[k], p->stem)) {
			le_set(&p->le, p->phrases[k]);
			p->next = k + 1;
			return;
		}
	}
}

void
prompt_propose(struct prompt *p)
{
	p->fresh = 1;
}

enum prompt_result
prompt_key(struct prompt *p, int key)
{
	int fresh = p->fresh;

	p->fresh = 0;
	if (key == K_ENTER)
		return PROMPT_DONE;
	if (key == K_ESC) {
		prompt_close(p);
		return PROMPT_CANCEL;
	}
	if (key == '\t') {
		complete(p);
		return PROMPT_GOING;
	}
	free(p->stem);
	p->stem = NULL;
	if (fresh && key >= ' ' && key < K_UP)
		le_set(&p->le, "");
	le_key(&p->le, key);
	return PROMPT_GOING;
}

char *
prompt_take(struct prompt *p)
{
	char *s = le_text(&p->le);

	prompt_close(p);
	return s;
}

void
prompt_close(struct prompt *p)
{
	if (p->active)
		le_free(&p->le);
	free(p->stem);
	p->stem = NULL;
	p->active = 0;
}

void
prompt_draw(struct prompt *p, int y)
{
	char label[80];
	int w;

	if (!p->active)
		return;
	snprintf(label, sizeof label, " %s : ", p->label);
	draw_line(y, DS_SELECTED);
	w = draw_text(y, 0, draw_cols(), DS_SELECTED, 0, label);
	le_draw(&p->le, y, w, draw_cols() - w - 1);
}
