#include "tui/tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/user.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/view.h"

#define MAX_DEPTH 16

struct shell {
	struct tui t;
	struct view stack[MAX_DEPTH];
	int depth;
	int help; /* the help overlay is shown */
};

int
list_move(struct list_pos *p, enum tui_action a, int height)
{
	size_t page = height > 1 ? (size_t)height - 1 : 1;
	int handled = 1;

	switch (a) {
	case A_DOWN: if (p->sel + 1 < p->n) p->sel++; break;
	case A_UP: if (p->sel > 0) p->sel--; break;
	case A_PAGE_DOWN: p->sel = p->sel + page < p->n ? p->sel + page : (p->n ? p->n - 1 : 0); break;
	case A_PAGE_UP: p->sel = p->sel > page ? p->sel - page : 0; break;
	case A_FIRST: p->sel = 0; break;
	case A_LAST: p->sel = p->n ? p->n - 1 : 0; break;
	default: handled = 0; break;
	}
	if (p->sel < p->top)
		p->top = p->sel;
	if (height > 0 && p->sel >= p->top + (size_t)height)
		p->top = p->sel - (size_t)height + 1;
	return handled;
}

static void
shell_title(struct shell *s)
{
	struct buf b;
	int i;

	buf_init(&b);
	buf_adds(&b, " Loge");
	for (i = 0; i < s->depth; i++) {
		buf_adds(&b, draw_sep());
		buf_adds(&b, s->stack[i].ops->name);
	}
	draw_line(0, DS_TITLE);
	draw_text(0, 0, draw_cols(), DS_TITLE, 1, b.data);
	buf_free(&b);
}

static void
shell_status(struct shell *s)
{
	char line[512];
	int y = draw_rows() - 2;

	snprintf(line, sizeof line, " %s (%s) | poste : %s | synchro : aucune",
	    s->t.who->display_name, user_role_label(s->t.who->role), s->t.node_label);
	draw_text(y, 0, draw_cols(), DS_STATUS, 1, s->t.message[0] ? s->t.message : line);
}

static void
shell_keybar(struct shell *s)
{
	const enum tui_action *a = s->stack[s->depth - 1].ops->actions;
	int x = 1, y = draw_rows() - 1, w = draw_cols(), kw;
	char label[96];

	draw_line(y, DS_KEYBAR);
	x += draw_text(y, x, w - x, DS_KEY, 0, "?");
	x += draw_text(y, x, w - x, DS_KEYBAR, 0, " Aide  ");
	for (; a && *a != A_NONE; a++) {
		if (*a == A_HELP)
			continue;
		snprintf(label, sizeof label, " %s  ", action_label(*a));
		kw = draw_width(action_key(*a));
		/* Only whole entries: `?` lists the rest. */
		if (x + kw + draw_width(label) > w)
			break;
		x += draw_text(y, x, w - x, DS_KEY, 0, action_key(*a));
		x += draw_text(y, x, w - x, DS_KEYBAR, 0, label);
	}
}

static void
shell_help(struct shell *s)
{
	const enum tui_action *a = s->stack[s->depth - 1].ops->actions;
	int y = 2;

	draw_text(y++, 2, draw_cols() - 4, DS_HEADER, 1, "Touches de cet écran");
	for (; a && *a != A_NONE && y < draw_rows() - 3; a++, y++) {
		draw_text(y, 2, 20, DS_KEY, 1, action_keys(*a));
		draw_text(y, 23, draw_cols() - 25, DS_NORMAL, 1, action_help(*a));
	}
	draw_text(y + 1, 2, draw_cols() - 4, DS_DIM, 1,
	    "Une touche quelconque referme cette aide.");
}

static void
shell_draw(struct shell *s)
{
	struct view *v = &s->stack[s->depth - 1];
	char msg[128];

	draw_erase();
	if (draw_cols() < DRAW_MIN_COLS || draw_rows() < DRAW_MIN_ROWS) {
		snprintf(msg, sizeof msg, "Fenêtre trop petite (%dx%d) : 80x24 au minimum.",
		    draw_cols(), draw_rows());
		draw_text(0, 0, draw_cols(), DS_ERROR, 0, msg);
		draw_refresh();
		return;
	}
	shell_title(s);
	if (s->help)
		shell_help(s);
	else
		v->ops->draw(v, &s->t, 1, draw_rows() - 3);
	shell_status(s);
	shell_keybar(s);
	draw_refresh();
}

static int
shell_push(struct shell *s, const struct view_ops *ops)
{
	struct view *v;

	if (s->depth == MAX_DEPTH)
		return -1;
	v = &s->stack[s->depth];
	memset(v, 0, sizeof *v);
	v->ops = ops;
	if (ops->open(v, &s->t) != 0)
		return -1;
	s->depth++;
	return 0;
}

static void
shell_pop(struct shell *s)
{
	struct view *v = &s->stack[--s->depth];

	if (v->ops->close)
		v->ops->close(v);
}

/* One key: returns 0 to go on, 1 to quit. */
static int
shell_key(struct shell *s, int key)
{
	struct view *v = &s->stack[s->depth - 1];
	enum tui_action a = action_for_key(key);

	s->t.message[0] = '\0';
	if (s->help) {
		s->help = 0;
		return 0;
	}
	if (a == A_HELP) {
		s->help = 1;
	} else if (a == A_QUIT) {
		return 1;
	} else if (a == A_BACK) {
		shell_pop(s);
		return s->depth == 0;
	} else if (a != A_NONE && v->ops->action(v, &s->t, a)) {
		return 0;
	} else if (a != A_REDRAW && key != K_RESIZE) {
		snprintf(s->t.message, sizeof s->t.message,
		    " Touche sans effet ici : ? affiche les touches de cet écran");
	}
	return 0;
}

int
tui_run(struct db *db, const struct user *who, const char *node_label,
    const char *notice)
{
	struct shell s;
	int key;

	memset(&s, 0, sizeof s);
	s.t.db = db;
	s.t.who = who;
	s.t.node_label = node_label;
	if (notice)
		snprintf(s.t.message, sizeof s.t.message, " %s (%s)", notice, who->login);
	if (draw_init() != 0) {
		fprintf(stderr, "loge : terminal inutilisable (TERM=%s)\n",
		    getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	if (shell_push(&s, &view_home_ops) != 0) {
		draw_end();
		fprintf(stderr, "loge : %s\n", s.t.message);
		return 1;
	}
	while (s.depth > 0) {
		shell_draw(&s);
		key = draw_key();
		if (key == KEY_NONE)
			continue;
		if (shell_key(&s, key))
			break;
	}
	while (s.depth > 0)
		shell_pop(&s);
	draw_end();
	return 0;
}
