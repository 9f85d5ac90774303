#include "tui/draw.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/sanitize.h"
#include "core/xalloc.h"

struct draw_attr {
	short fg, bg;   /* colour pair, -1 = terminal default */
	attr_t mono;    /* attributes on monochrome terminals */
	attr_t colour;  /* extra attributes with colour */
};

/* A restrained palette; monochrome terminals (vt100) get reverse, bold and
 * underline instead. */
static const struct draw_attr draw_attrs[DS_COUNT] = {
	[DS_NORMAL] = {-1, -1, A_NORMAL, A_NORMAL},
	[DS_TITLE] = {COLOR_WHITE, COLOR_BLUE, A_REVERSE | A_BOLD, A_BOLD},
	[DS_STATUS] = {COLOR_BLACK, COLOR_CYAN, A_REVERSE, A_NORMAL},
	[DS_KEYBAR] = {-1, -1, A_NORMAL, A_NORMAL},
	[DS_KEY] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
	[DS_HEADER] = {-1, -1, A_UNDERLINE | A_BOLD, A_UNDERLINE | A_BOLD},
	[DS_SELECTED] = {COLOR_BLACK, COLOR_WHITE, A_REVERSE, A_NORMAL},
	[DS_DIM] = {-1, -1, A_NORMAL, A_DIM},
	[DS_ERROR] = {COLOR_RED, -1, A_BOLD, A_BOLD},
};

static int draw_utf8_mode;
static int draw_colour;

int
draw_init(void)
{
	int i;

	setlocale(LC_ALL, "");
	draw_utf8_mode = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	if (initscr() == NULL)
		return -1;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	draw_colour = has_colors() && getenv("NO_COLOR") == NULL;
	if (draw_colour) {
		start_color();
		use_default_colors();
		for (i = 1; i < DS_COUNT; i++)
			init_pair((short)i, draw_attrs[i].fg, draw_attrs[i].bg);
	}
	return 0;
}

void
draw_end(void)
{
	if (!isendwin())
		endwin();
}

int
draw_cols(void)
{
	return COLS;
}

int
draw_rows(void)
{
	return LINES;
}

int
draw_is_utf8(void)
{
	return draw_utf8_mode;
}

void
draw_erase(void)
{
	erase();
}

static attr_t
draw_style_attr(enum draw_style st)
{
	if (draw_colour)
		return draw_attrs[st].colour | (st ? COLOR_PAIR(st) : 0);
	return draw_attrs[st].mono;
}

/* Converts sanitised UTF-8 to wide characters; the caller frees. */
static wchar_t *
draw_wide(const char *s)
{
	size_t n = strlen(s) + 1;
	wchar_t *w = xreallocarray(NULL, n, sizeof *w);
	mbstate_t ps;
	const char *p = s;

	memset(&ps, 0, sizeof ps);
	if (mbsrtowcs(w, &p, n, &ps) == (size_t)-1)
		w[0] = L'\0';
	return w;
}

int
draw_text(int y, int x, int width, enum draw_style st, int pad, const char *text)
{
	char *safe = sanitize_str(text, draw_utf8_mode ? 0 : SAN_ASCII);
	wchar_t *w = draw_wide(safe);
	int used = 0, cw;
	size_t i;

	attrset(draw_style_attr(st));
	move(y, x);
	for (i = 0; w[i] && used < width; i++) {
		cw = wcwidth(w[i]);
		if (cw < 0)
			cw = 1;
		if (used + cw > width)
			break;
		addnwstr(&w[i], 1);
		used += cw;
	}
	for (; pad && used < width; used++)
		addch(' ');
	attrset(A_NORMAL);
	free(w);
	free(safe);
	return used;
}

void
draw_line(int y, enum draw_style st)
{
	draw_text(y, 0, COLS, st, 1, "");
}

static int cursor_y = -1, cursor_x;

void
draw_cursor(int y, int x)
{
	cursor_y = y;
	cursor_x = x;
}

void
draw_refresh(void)
{
	/* The cursor shows only where an input asked for it this frame. */
	if (cursor_y >= 0) {
		move(cursor_y, cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	cursor_y = -1;
	refresh();
}

int
draw_width(const char *text)
{
	char *safe = sanitize_str(text, draw_utf8_mode ? 0 : SAN_ASCII);
	wchar_t *w = draw_wide(safe);
	int n = wcswidth(w, wcslen(w));

	free(w);
	free(safe);
	return n < 0 ? (int)strlen(text) : n;
}

const char *
draw_sep(void)
{
	return draw_utf8_mode ? " \xe2\x80\xba " : " > ";
}

void
draw_key_timeout(int ms)
{
	timeout(ms);
}

int
draw_key(void)
{
	wint_t ch;
	int rc = get_wch(&ch);

	if (rc == ERR)
		return KEY_NONE;
	if (rc == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP: return K_UP;
		case KEY_DOWN: return K_DOWN;
		case KEY_LEFT: return K_LEFT;
		case KEY_RIGHT: return K_RIGHT;
		case KEY_PPAGE: return K_PGUP;
		case KEY_NPAGE: return K_PGDN;
		case KEY_HOME: return K_HOME;
		case KEY_END: return K_END;
		case KEY_ENTER: return K_ENTER;
		case KEY_BACKSPACE: return K_BACKSPACE;
		case KEY_DC: return K_DELETE;
		case KEY_RESIZE: return K_RESIZE;
		default: return KEY_NONE;
		}
	}
	if (ch == '\r' || ch == '\n')
		return K_ENTER;
	if (ch == 27)
		return K_ESC;
	if (ch == 127 || ch == 8)
		return K_BACKSPACE;
	return (int)ch;
}
