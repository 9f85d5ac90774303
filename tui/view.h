/* A screen is a table of operations (tig's view_ops); the shell keeps a
 * stack of them and draws the frame (title, status line, key bar). */
#ifndef LOGE_VIEW_H
#define LOGE_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "core/patrimoine.h"
#include "tui/action.h"

struct db;
struct user;
struct shell;

struct tui {
	struct db *db;
	const struct user *who;
	const char *node_label;
	char today[11];
	char message[256]; /* one line for the status bar, cleared on key */
	int error;         /* the message is an error */
	struct shell *shell;
	/* A row for the screen shown next to put its cursor on (the check
	 * list's "go to it"), "" when none. */
	char jump[64];
};

struct view;

/* A key a screen reads itself (its `key` hook), for `?` and the key bar:
 * "n b u m x v", "État", "Marque l'élément : neuf, bon, ...". */
struct view_key {
	const char *keys;
	const char *label;
	const char *help;
};

struct view_ops {
	const char *name; /* the crumb when the view sets none */
	/* Loads data for arg (an id, or NULL); -1 with tui->message set if
	 * the screen can't open. */
	int (*open)(struct view *v, struct tui *t, const char *arg);
	/* Draws rows [top, top + height) of the body. */
	void (*draw)(struct view *v, struct tui *t, int top, int height);
	/* Handles an action; 1 if handled. */
	int (*action)(struct view *v, struct tui *t, enum tui_action a);
	/* Sees every key before the key map (text inputs); 1 if consumed. */
	int (*key)(struct view *v, struct tui *t, int key);
	void (*close)(struct view *v);
	/* The actions of this screen, A_NONE-terminated, for `?` and the key bar. */
	const enum tui_action *actions;
	/* Its own keys, shown first; NULL-terminated (keys NULL), or NULL. */
	const struct view_key *keys;
};

/* Cursor and scroll state shared by every list screen. */
struct list_pos {
	size_t n, sel, top;
};

struct view {
	const struct view_ops *ops;
	struct list_pos pos;
	int height;        /* body rows at the last draw */
	char crumb[64];    /* title crumb (UTF-8), "" for ops->name */
	/* What the screen is about, so that global actions (a logbook
	 * entry) link to it, and the title says where it is. */
	enum place_kind place;
	char place_id[37];
	char *title;       /* the place's full path, set by tui_set_place */
	void *data;
	int dirty;         /* reload when shown again (data changed) */
};

/* Moves a list cursor for a movement action; 1 if it was one. Keeps the
 * selection visible in height rows. */
int list_move(struct list_pos *p, enum tui_action a, int height);
/* Opens a screen on top of the stack; 0, or -1 with the message set. */
int tui_push(struct tui *t, const struct view_ops *ops, const char *arg);
/* Closes the top screen. */
void tui_pop(struct tui *t);
/* The screen under the top one, or NULL. */
const struct view *tui_below(struct tui *t);
/* Marks every screen below the top for reloading (after a write). */
void tui_invalidate(struct tui *t);
/* The argument of a screen about a place, "kind:id": written by the screen
 * that opens it, read by the one opened. tui_place_parse returns the id
 * and sets *kind, or NULL (kind PLACE_NONE) when arg is not one. */
void tui_place_arg(char *out, size_t size, enum place_kind kind, const char *id);
const char *tui_place_parse(const char *arg, enum place_kind *kind);
/* Says what a screen is about: its title becomes the place's path.
 * 0, or -1 with the message set if the place does not exist. */
int tui_set_place(struct tui *t, struct view *v, enum place_kind kind, const char *id);
/* The end of a place's path (patrimoine_place_title's "A › B › C") that
 * fits in width cells, cut at a level, so that the place itself always
 * shows; a pointer into title. */
const char *tui_place_tail(const char *title, int width);
/* An amount in euros as people type it ("1234,50", "1 234,5 €", "80"):
 * cents, or -1 if it is not one. */
int64_t tui_parse_euros(const char *s);
/* Sets the status-line message (printf-like). */
void tui_say(struct tui *t, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Search, logbook...: the actions every screen offers (tui/global.c). */
int tui_global_action(struct tui *t, struct view *v, enum tui_action a);

extern const struct view_ops view_home_ops;
extern const struct view_ops view_rounds_ops, view_round_ops;
extern const struct view_ops view_claim_new_ops, view_claims_ops, view_claim_ops;
extern const struct view_ops view_dashboard_ops;
extern const struct view_ops view_work_order_new_ops, view_work_orders_ops, view_work_order_ops;
extern const struct view_ops view_sectors_ops, view_estates_ops, view_buildings_ops,
    view_entrances_ops, view_dwellings_ops, view_sheet_ops, view_history_ops,
    view_search_ops, view_logbook_ops, view_logbook_add_ops, view_form_ops,
    view_all_dwellings_ops, view_event_ops, view_inspections_ops, view_inspection_ops,
    view_insp_lines_ops, view_insp_check_ops, view_insp_charges_ops,
    view_referential_ops, view_ref_template_ops;
extern const struct view_ops view_round_tpls_ops, view_round_tpl_ops, view_round_history_ops;
extern const struct view_ops view_audit_ops;

#endif
