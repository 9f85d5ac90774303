/* A screen is a table of operations (tig's view_ops); the shell keeps a
 * stack of them and draws the frame (title, status line, key bar). */
#ifndef LOGE_VIEW_H
#define LOGE_VIEW_H

#include <stddef.h>

#include "tui/action.h"

struct db;
struct user;

struct tui {
	struct db *db;
	const struct user *who;
	const char *node_label;
	char message[256]; /* one line for the status bar, cleared on key */
};

struct view;

struct view_ops {
	const char *name; /* the title's last crumb */
	/* Loads data; -1 with tui->message set if the screen can't open. */
	int (*open)(struct view *v, struct tui *t);
	/* Draws rows [top, top + height) of the body. */
	void (*draw)(struct view *v, struct tui *t, int top, int height);
	/* Handles an action; 1 if handled. */
	int (*action)(struct view *v, struct tui *t, enum tui_action a);
	void (*close)(struct view *v);
	/* The actions of this screen, A_NONE-terminated, for `?` and the key bar. */
	const enum tui_action *actions;
};

/* Cursor and scroll state shared by every list screen. */
struct list_pos {
	size_t n, sel, top;
};

struct view {
	const struct view_ops *ops;
	struct list_pos pos;
	void *data;
};

/* Moves a list cursor for a movement action; 1 if it was one. */
int list_move(struct list_pos *p, enum tui_action a, int height);

extern const struct view_ops view_home_ops;

#endif
