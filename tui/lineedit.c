#include "tui/lineedit.h"

#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "core/xalloc.h"
#include "tui/draw.h"

void
le_init(struct lineedit *le, size_t max)
{
	memset(le, 0, sizeof *le);
	le->max = max;
}

void
le_free(struct lineedit *le)
{
	free(le->text);
	memset(le, 0, sizeof *le);
}

static void
le_insert(struct lineedit *le, uint32_t c)
{
	if (le->len >= le->max)
		return;
	if (le->len == le->cap) {
		le->cap = le->cap ? le->cap * 2 : 32;
		le->text = xreallocarray(le->text, le->cap, sizeof *le->text);
	}
	memmove(le->text + le->cur + 1, le->text + le->cur,
	    (le->len - le->cur) * sizeof *le->text);
	le->text[le->cur++] = c;
	le->len++;
	le->changed = 1;
}

static void
le_delete(struct lineedit *le, size_t at)
{
	if (at >= le->len)
		return;
	memmove(le->text + at, le->text + at + 1, (le->len - at - 1) * sizeof *le->text);
	le->len--;
	le->changed = 1;
}

void
le_set(struct lineedit *le, const char *utf8)
{
	size_t left = utf8 ? strlen(utf8) : 0;
	uint32_t cp;
	int n;

	/* Our own decoder, not the locale's: editing a name with accents
	 * under the C locale must not lose them. */
	le->len = le->cur = 0;
	while (left > 0) {
		n = utf8_decode(utf8, left, &cp);
		if (n == 0) {
			cp = 0xfffd;
			n = 1;
		}
		le_insert(le, cp);
		utf8 += n;
		left -= (size_t)n;
	}
	le->changed = 0;
}

char *
le_text(const struct lineedit *le)
{
	struct buf b;
	char mb[4];
	size_t i;

	buf_init(&b);
	buf_add(&b, "", 0);
	for (i = 0; i < le->len; i++)
		buf_add(&b, mb, (size_t)utf8_encode(le->text[i], mb));
	return buf_steal(&b);
}

int
le_key(struct lineedit *le, int key)
{
	switch (key) {
	case K_LEFT: if (le->cur > 0) le->cur--; return 1;
	case K_RIGHT: if (le->cur < le->len) le->cur++; return 1;
	case K_HOME: case CTRL('a'): le->cur = 0; return 1;
	case K_END: case CTRL('e'): le->cur = le->len; return 1;
	case K_BACKSPACE:
		if (le->cur > 0)
			le_delete(le, --le->cur);
		return 1;
	case K_DELETE: case CTRL('d'):
		le_delete(le, le->cur);
		return 1;
	case CTRL('u'):
		if (le->len)
			le->changed = 1;
		le->len = le->cur = 0;
		return 1;
	}
	/* Printable characters only: controls never enter stored text, and
	 * neither do the lone bytes a non-UTF-8 terminal sends. */
	if (key >= 0x20 && key != 0x7f && key < 0x110000 && !(key >= 0x80 && key < 0xa0) &&
	    !(key >= 0xd800 && key <= 0xdfff) && (key < 0x80 || draw_is_utf8())) {
		le_insert(le, (uint32_t)key);
		return 1;
	}
	return 0;
}

void
le_draw(const struct lineedit *le, int y, int x, int width)
{
	size_t start = 0;
	int cx = x;
	char *text;
	struct lineedit view;

	/* Scroll so that the cursor stays inside the field. */
	if (width < 2)
		return;
	if (le->cur >= (size_t)width - 1)
		start = le->cur - (size_t)width + 2;
	view = *le;
	view.text = le->text + start;
	view.len = le->len - start;
	text = le_text(&view);
	draw_text(y, x, width, DS_SELECTED, 1, text);
	free(text);
	view.len = le->cur - start;
	text = le_text(&view);
	cx += draw_width(text);
	free(text);
	draw_cursor(y, cx < x + width ? cx : x + width - 1);
}
