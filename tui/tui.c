#include "tui/tui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/datetime.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "sync/synclog.h"
#include "tui/draw.h"
#include "tui/view.h"

#define MAX_DEPTH 24

struct frame {
	struct view v;
	char *arg;
};

struct shell {
	struct tui t;
	struct frame stack[MAX_DEPTH];
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
	if (p->n && p->sel >= p->n)
		p->sel = p->n - 1;
	if (p->sel < p->top)
		p->top = p->sel;
	if (height > 0 && p->sel >= p->top + (size_t)height)
		p->top = p->sel - (size_t)height + 1;
	return handled;
}

void
tui_place_arg(char *out, size_t size, enum place_kind kind, const char *id)
{
	snprintf(out, size, "%d:%s", (int)kind, id);
}

const char *
tui_place_parse(const char *arg, enum place_kind *kind)
{
	const char *colon = arg ? strchr(arg, ':') : NULL;
	int k = arg ? atoi(arg) : 0;

	*kind = PLACE_NONE;
	if (colon == NULL || k <= PLACE_NONE || k >= PLACE_COUNT)
		return NULL;
	*kind = (enum place_kind)k;
	return colon + 1;
}

int
tui_set_place(struct tui *t, struct view *v, enum place_kind kind, const char *id)
{
	struct place p;
	struct err e;
	char *title;

	if (patrimoine_place(t->db, kind, id, &p, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	title = patrimoine_place_title(&p);
	/* The drawing layer shows " > " in ASCII; the core joins with " › ". */
	free(v->title);
	v->title = title;
	v->place = kind;
	snprintf(v->place_id, sizeof v->place_id, "%s", id);
	patrimoine_place_clear(&p);
	return 0;
}

void
tui_say(struct tui *t, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->message, sizeof t->message, fmt, ap);
	va_end(ap);
	t->error = error;
}

static struct view *
shell_top(struct shell *s)
{
	return &s->stack[s->depth - 1].v;
}

/* The crumbs of the title: "Loge", then the top screen's place path (or
 * every screen's name when it has no place), then its own crumb. */
static size_t
shell_crumbs(struct shell *s, char ***out)
{
	struct view *top = shell_top(s);
	char **c = NULL, *p, *q;
	size_t n = 0;
	int i;

	c = xreallocarray(c, (size_t)s->depth + 2, sizeof *c);
	c[n++] = xstrdup("Loge");
	if (top->title == NULL) {
		for (i = 0; i < s->depth; i++) {
			c = xreallocarray(c, n + 1, sizeof *c);
			c[n++] = xstrdup(s->stack[i].v.crumb[0] ? s->stack[i].v.crumb
			    : s->stack[i].v.ops->name);
		}
		*out = c;
		return n;
	}
	for (p = top->title; p; p = q) {
		q = strstr(p, " \xe2\x80\xba ");
		c = xreallocarray(c, n + 2, sizeof *c);
		c[n++] = q ? xstrndup(p, (size_t)(q - p)) : xstrdup(p);
		if (q)
			q += 5;
	}
	if (top->crumb[0])
		c[n++] = xstrdup(top->crumb);
	*out = c;
	return n;
}

static void
shell_title(struct shell *s)
{
	struct buf b;
	char **c;
	size_t n, first = 1, i;

	/* The end of the path matters most: when it is too long, the first
	 * crumbs after "Loge" give way to "...". */
	n = shell_crumbs(s, &c);
	for (;;) {
		buf_init(&b);
		buf_adds(&b, " Loge");
		if (first > 1) {
			buf_adds(&b, draw_sep());
			buf_adds(&b, "...");
		}
		for (i = first; i < n; i++) {
			buf_adds(&b, draw_sep());
			buf_adds(&b, c[i]);
		}
		if (draw_width(b.data) <= draw_cols() || first + 1 >= n)
			break;
		buf_free(&b);
		first++;
	}
	draw_line(0, DS_TITLE);
	draw_text(0, 0, draw_cols(), DS_TITLE, 1, b.data);
	buf_free(&b);
	for (i = 0; i < n; i++)
		free(c[i]);
	free(c);
}

/* "synchro : 3 en attente, dernière le 22/11 à 08:15": what waits to be
 * sent and when the last good session ended (on the hub: the last one a
 * node made). Read at every redraw: a few microseconds (test_synclog). */
static void
shell_sync(struct shell *s, char *out, size_t size)
{
	struct synclog_status st;
	char when[32], refused[48] = "";
	struct err e;

	if (synclog_status(s->t.db, &st, &e) != 0) {
		snprintf(out, size, "synchro : ?");
		return;
	}
	if (st.last[0])
		synclog_when(st.last, 0, when, sizeof when);
	if (st.refused > 0)
		snprintf(refused, sizeof refused, ", %lld refusée%s", (long long)st.refused,
		    st.refused > 1 ? "s" : "");
	if (st.hub)
		snprintf(out, size, "synchro : hub, %s%s", st.last[0] ? "dernière le " :
		    "aucune session", st.last[0] ? when : "");
	else if (st.pending > 0)
		snprintf(out, size, "synchro : %lld en attente, %s%s%s", (long long)st.pending,
		    st.last[0] ? "dernière le " : "jamais faite", st.last[0] ? when : "", refused);
	else if (st.last[0])
		snprintf(out, size, "synchro : à jour, dernière le %s%s", when, refused);
	else
		snprintf(out, size, "synchro : jamais%s", refused);
}

/* Who, where, and the sync state; when the line is too narrow the
 * node's label gives way first, then the role, then the end of the name. */
static void
shell_status(struct shell *s)
{
	char who[256], sync[160];
	int y = draw_rows() - 2, cols = draw_cols(), ws, room;

	if (s->t.message[0]) {
		draw_text(y, 0, cols, s->t.error ? DS_ERROR : DS_STATUS, 1, s->t.message);
		return;
	}
	memcpy(sync, " | ", 3);
	shell_sync(s, sync + 3, sizeof sync - 3);
	ws = draw_width(sync) + 1;
	room = cols - ws > 0 ? cols - ws : 0;
	snprintf(who, sizeof who, " %s (%s) | poste : %s", s->t.who->display_name,
	    user_role_label(s->t.who->role), s->t.node_label);
	if (draw_width(who) > room)
		snprintf(who, sizeof who, " %s (%s)", s->t.who->display_name,
		    user_role_label(s->t.who->role));
	if (draw_width(who) > room)
		snprintf(who, sizeof who, " %s", s->t.who->display_name);
	draw_line(y, DS_STATUS);
	draw_text(y, 0, room, DS_STATUS, 1, who);
	draw_text(y, room, cols - room, DS_STATUS, 1, sync);
}

static int
keybar_entry(int y, int x, int w, const char *key, const char *label)
{
	char text[96];
	int kw = draw_width(key);

	snprintf(text, sizeof text, " %s  ", label);
	/* Only whole entries: `?` lists the rest. */
	if (x + kw + draw_width(text) > w)
		return -1;
	x += draw_text(y, x, w - x, DS_KEY, 0, key);
	return x + draw_text(y, x, w - x, DS_KEYBAR, 0, text);
}

static void
shell_keybar(struct shell *s)
{
	const struct view_ops *ops = shell_top(s)->ops;
	const enum tui_action *a = ops->actions;
	const struct view_key *k = ops->keys;
	int x = 1, y = draw_rows() - 1, w = draw_cols();

	draw_line(y, DS_KEYBAR);
	x = keybar_entry(y, x, w, "?", "Aide");
	for (; k && k->keys && x > 0; k++)
		if (k->label)
			x = keybar_entry(y, x, w, k->keys, k->label);
	for (; a && *a != A_NONE && x > 0; a++)
		if (*a != A_HELP && !action_is_movement(*a))
			x = keybar_entry(y, x, w, action_key(*a), action_label(*a));
}

/* One help line; two columns when the screen has more keys than rows. */
static void
help_line(int i, int rows, int two, const char *keys, const char *help)
{
	int col = two && i >= rows ? 1 : 0, y = 3 + (col ? i - rows : i);
	int x = col ? draw_cols() / 2 : 2, kw = two ? 9 : 20;
	int hw = two ? draw_cols() / 2 - kw - 3 : draw_cols() - 25;

	if (i >= (two ? 2 * rows : rows))
		return;
	draw_text(y, x, kw, DS_KEY, 1, keys);
	draw_text(y, x + kw + 1, hw, DS_NORMAL, 1, help);
}

static void
shell_help(struct shell *s)
{
	const struct view_ops *ops = shell_top(s)->ops;
	const enum tui_action *a;
	const struct view_key *k;
	int n = 0, i = 0, rows = draw_rows() - 7, two, moves = 0;

	for (k = ops->keys; k && k->keys; k++)
		n++;
	for (a = ops->actions; a && *a != A_NONE; a++)
		if (action_is_movement(*a))
			moves = 1;
		else if (*a != A_HELP)
			n++;
	two = n > rows;
	draw_text(2, 2, draw_cols() - 4, DS_HEADER, 1, "Touches de cet écran");
	for (k = ops->keys; k && k->keys; k++)
		help_line(i++, rows, two, k->keys, k->help);
	for (a = ops->actions; a && *a != A_NONE; a++)
		if (!action_is_movement(*a) && *a != A_HELP)
			help_line(i++, rows, two, two ? action_key(*a) : action_keys(*a),
			    action_help(*a));
	/* Movements are the same on every screen: one line. */
	if (moves)
		draw_text(draw_rows() - 4, 2, draw_cols() - 4, DS_DIM, 1, "Déplacements : j k, "
		    "f b (pages), g G (début, fin), Ctrl-L (redessiner)");
	draw_text(draw_rows() - 3, 2, draw_cols() - 4, DS_DIM, 1,
	    "Une touche quelconque referme cette aide.");
}

/* Reopens a screen whose data changed below it, keeping its cursor. */
static void
shell_reload(struct shell *s, struct frame *f)
{
	struct list_pos pos = f->v.pos;
	const struct view_ops *ops = f->v.ops;

	if (ops->close)
		ops->close(&f->v);
	free(f->v.title);
	memset(&f->v, 0, sizeof f->v);
	f->v.ops = ops;
	audit_set_screen(ops->name);
	if (ops->open(&f->v, &s->t, f->arg) == 0) {
		f->v.pos.sel = pos.sel < f->v.pos.n ? pos.sel : (f->v.pos.n ? f->v.pos.n - 1 : 0);
		f->v.pos.top = pos.top <= f->v.pos.sel ? pos.top : f->v.pos.sel;
	}
}

static void
shell_draw(struct shell *s)
{
	struct frame *f = &s->stack[s->depth - 1];
	char msg[128];

	if (f->v.dirty)
		shell_reload(s, f);
	draw_erase();
	if (draw_cols() < DRAW_MIN_COLS || draw_rows() < DRAW_MIN_ROWS) {
		snprintf(msg, sizeof msg, "Fenêtre trop petite (%dx%d) : 80x24 au minimum.",
		    draw_cols(), draw_rows());
		draw_text(0, 0, draw_cols(), DS_ERROR, 0, msg);
		draw_refresh();
		return;
	}
	shell_title(s);
	f->v.height = draw_rows() - 3;
	if (s->help)
		shell_help(s);
	else
		f->v.ops->draw(&f->v, &s->t, 1, f->v.height);
	shell_status(s);
	shell_keybar(s);
	draw_refresh();
}

int
tui_push(struct tui *t, const struct view_ops *ops, const char *arg)
{
	struct shell *s = t->shell;
	struct frame *f;

	if (s->depth == MAX_DEPTH) {
		tui_say(t, 1, " Trop d'écrans ouverts : revenez en arrière avec q");
		return -1;
	}
	f = &s->stack[s->depth];
	memset(f, 0, sizeof *f);
	f->v.ops = ops;
	/* What the screen loads is logged under its name (core/audit.h). */
	audit_set_screen(ops->name);
	if (ops->open(&f->v, t, arg) != 0) {
		free(f->v.title);
		if (s->depth > 0)
			audit_set_screen(shell_top(s)->ops->name);
		return -1;
	}
	f->arg = xstrdup(arg);
	s->depth++;
	return 0;
}

const char *
tui_place_tail(const char *title, int width)
{
	const char *sep = " › ", *p = title;

	while (draw_width(p) > width) {
		const char *next = strstr(p, sep);
		if (next == NULL)
			break;
		p = next + strlen(sep);
	}
	return p;
}

void
tui_pop(struct tui *t)
{
	struct shell *s = t->shell;
	struct frame *f;

	if (s->depth == 0)
		return;
	f = &s->stack[--s->depth];
	if (f->v.ops->close)
		f->v.ops->close(&f->v);
	free(f->v.title);
	free(f->arg);
	f->arg = NULL;
}

const struct view *
tui_below(struct tui *t)
{
	struct shell *s = t->shell;

	return s->depth >= 2 ? &s->stack[s->depth - 2].v : NULL;
}

void
tui_invalidate(struct tui *t)
{
	struct shell *s = t->shell;
	int i;

	for (i = 0; i < s->depth - 1; i++)
		s->stack[i].v.dirty = 1;
}

/* One key: returns 0 to go on, 1 to quit. */
static int
shell_key(struct shell *s, int key)
{
	struct view *v = shell_top(s);
	enum tui_action a;

	s->t.message[0] = '\0';
	s->t.error = 0;
	if (s->help) {
		s->help = 0;
		return 0;
	}
	if (key == K_RESIZE)
		return 0;
	audit_set_screen(v->ops->name);
	if (v->ops->key && v->ops->key(v, &s->t, key))
		return s->depth == 0;
	a = action_for_key(key);
	if (a == A_HELP) {
		s->help = 1;
	} else if (a == A_QUIT) {
		return 1;
	} else if (a == A_BACK) {
		tui_pop(&s->t);
	} else if (a != A_NONE && v->ops->action(v, &s->t, a)) {
		/* handled by the screen */
	} else if (a != A_NONE && tui_global_action(&s->t, v, a)) {
		/* handled everywhere alike */
	} else if (a != A_REDRAW) {
		tui_say(&s->t, 0, " Touche sans effet ici : ? affiche les touches de cet écran");
	}
	return s->depth == 0;
}

/* Over SSH (loge serve), a session without a key for LOGE_IDLE seconds
 * ends, after a minute of warning on the status line. */
static int
idle_limit(void)
{
	const char *v = getenv("LOGE_IDLE");
	long n = v ? strtol(v, NULL, 10) : 0;

	return n >= 10 && n <= 7 * 86400 ? (int)n : 0;
}

/* A second without a key: 1 the screen changed, 0 not, -1 time is up. */
static int
idle_tick(struct shell *s, int idle, time_t last)
{
	long left = idle - (long)(time(NULL) - last);

	if (left <= 0)
		return -1;
	if (left > 60)
		return 0;
	tui_say(&s->t, 1, " Session inactive : déconnexion dans %ld s (une touche pour rester)",
	    left);
	return 1;
}

int
tui_run(struct db *db, const struct user *who, const char *node_label,
    const char *notice)
{
	struct shell s;
	int key, idle, dirty = 1;
	time_t last;

	memset(&s, 0, sizeof s);
	s.t.db = db;
	s.t.who = who;
	s.t.node_label = node_label;
	s.t.shell = &s;
	dt_today(s.t.today);
	if (notice)
		tui_say(&s.t, 0, " %s (%s)", notice, who->login);
	if (draw_init() != 0) {
		fprintf(stderr, "loge : terminal inutilisable (TERM=%s)\n",
		    getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	if (tui_push(&s.t, &view_home_ops, NULL) != 0) {
		draw_end();
		fprintf(stderr, "loge : %s\n", s.t.message);
		return 1;
	}
	idle = idle_limit();
	if (idle > 0)
		draw_key_timeout(1000);
	last = time(NULL);
	while (s.depth > 0) {
		if (dirty)
			shell_draw(&s);
		key = draw_key();
		dirty = 1;
		if (key == KEY_NONE) {
			if (idle > 0 && (dirty = idle_tick(&s, idle, last)) < 0)
				break;
			continue;
		}
		last = time(NULL);
		if (shell_key(&s, key))
			break;
	}
	while (s.depth > 0)
		tui_pop(&s.t);
	draw_end();
	if (dirty < 0)
		printf("Loge : session inactive depuis %d %s, déconnectée.\n",
		    idle >= 120 ? idle / 60 : idle, idle >= 120 ? "min" : "s");
	return 0;
}
