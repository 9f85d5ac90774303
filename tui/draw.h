/* The drawing layer: the only code that calls curses. Screens draw styled,
 * sanitised text in cells; colours and attributes come from one table with
 * a monochrome fallback; text falls back to ASCII outside UTF-8 locales. */
#ifndef LOGE_DRAW_H
#define LOGE_DRAW_H

enum draw_style {
	DS_NORMAL,
	DS_TITLE,
	DS_STATUS,
	DS_KEYBAR,
	DS_KEY,
	DS_HEADER,
	DS_SELECTED,
	DS_DIM,
	DS_ERROR,
	DS_COUNT
};

/* Keys that are not plain characters, above any Unicode code point. */
enum {
	KEY_NONE = -1,
	K_UP = 0x110000, K_DOWN, K_LEFT, K_RIGHT, K_PGUP, K_PGDN, K_HOME, K_END,
	K_ENTER, K_ESC, K_BACKSPACE, K_DELETE, K_RESIZE,
};

/* The code a control key sends: CTRL('s') for Ctrl-S. */
#define CTRL(c) ((c) & 0x1f)

#define DRAW_MIN_COLS 80
#define DRAW_MIN_ROWS 24

int draw_init(void);
void draw_end(void);
int draw_cols(void);
int draw_rows(void);
/* 1 when the locale is UTF-8 (accents and box drawing shown). */
int draw_is_utf8(void);
void draw_erase(void);
/* Draws text at (y, x) in at most width cells, padding with spaces to
 * width when pad is set. Text is sanitised first. Returns cells used. */
int draw_text(int y, int x, int width, enum draw_style st, int pad, const char *text);
/* Fills a whole line with a style (title, status bars). */
void draw_line(int y, enum draw_style st);
void draw_refresh(void);
/* Shows the terminal cursor at (y, x) for this frame (text inputs). */
void draw_cursor(int y, int x);
/* Waits for a key; returns a code point or a K_* value. */
int draw_key(void);
/* draw_key gives KEY_NONE after ms without a key (-1: wait for ever). */
void draw_key_timeout(int ms);
/* Display width of text in cells once sanitised for this terminal. */
int draw_width(const char *text);
/* The breadcrumb separator: " › " or " > ". */
const char *draw_sep(void);

#endif
