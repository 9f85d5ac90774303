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

/* The end of the first line of text in width cells, cut after a word
 * (or inside one longer than the line); text + strlen(text) when it all
 * fits. */
static const char *
help_cut(const char *text, int width)
{
	const char *end = text, *sp;
	char *part;
	int fits;

	while (*end) {
		sp = strchr(end + 1, ' ');
		if (sp == NULL)
			sp = end + strlen(end);
		part = xstrndup(text, (size_t)(sp - text));
		fits = draw_width(part) <= width;
		free(part);
		if (!fits)
			return end == text ? sp : end;
		end = sp;
	}
	return end;
}

#define HELP_MAX 64

/* The keys of a screen as the help shows them. */
struct help {
	const char *keys[HELP_MAX];  /* all its keys ("o, Entrée, Droite") */
	char own[HELP_MAX][64];      /* copies of action_keys' static text */
	const char *key1[HELP_MAX];  /* its first key, when space is short */
	const char *text[HELP_MAX];
	int n;
	int rows;    /* rows for the list */
	int two;     /* more keys than rows: two columns, help cut */
	int wrap;    /* one column, help wrapped at words onto the next rows */
	int kw, hw;  /* key and help widths in one column */
};

static void
help_add(struct help *h, const char *keys, const char *key1, const char *text)
{
	if (h->n < HELP_MAX) {
		snprintf(h->own[h->n], sizeof h->own[h->n], "%s", keys);
		h->keys[h->n] = h->own[h->n];
		h->key1[h->n] = key1;
		h->text[h->n++] = text;
	}
}

/* One column as long as there are no more keys than rows; the key column
 * as wide as the widest keys (6 to 20), the help the rest of the line,
 * wrapped when all of it then fits the rows. */
static void
help_layout(struct help *h)
{
	const char *p;
	int i, w, lines = 0;

	h->rows = draw_rows() - 7;
	h->two = h->n > h->rows;
	h->kw = 6;
	for (i = 0; i < h->n; i++)
		if ((w = draw_width(h->keys[i])) > h->kw)
			h->kw = w > 20 ? 20 : w;
	h->hw = draw_cols() - 4 - h->kw - 1;
	for (i = 0; i < h->n && !h->two; i++)
		for (p = h->text[i]; *p; p += strspn(p, " "), lines++)
			p = help_cut(p, h->hw);
	h->wrap = !h->two && lines <= h->rows;
}

static void
help_draw(const struct help *h)
{
	int i, y = 3, col, x, hw = draw_cols() / 2 - 12;
	const char *p, *end;
	char *part;

	for (i = 0; i < h->n && h->two && i < 2 * h->rows; i++) {
		col = i >= h->rows;
		x = col ? draw_cols() / 2 : 2;
		draw_text(3 + i - col * h->rows, x, 9, DS_KEY, 1, h->key1[i]);
		draw_text(3 + i - col * h->rows, x + 10, hw, DS_NORMAL, 1, h->text[i]);
	}
	for (i = 0; i < h->n && !h->two; i++, y++) {
		draw_text(y, 2, h->kw, DS_KEY, 1, h->keys[i]);
		if (!h->wrap) {
			draw_text(y, 3 + h->kw, h->hw, DS_NORMAL, 1, h->text[i]);
			continue;
		}
		for (p = h->text[i]; *p; p = end + strspn(end, " ")) {
			end = help_cut(p, h->hw);
			part = xstrndup(p, (size_t)(end - p));
			draw_text(y, 3 + h->kw, h->hw, DS_NORMAL, 1, part);
			free(part);
			if (end[strspn(end, " ")])
				y++;
		}
	}
}

static void
shell_help(struct shell *s)
{
	const struct view_ops *ops = shell_top(s)->ops;
	const enum tui_action *a;
	const struct view_key *k;
	struct help h;
	int moves = 0;

	memset(&h, 0, sizeof h);
	for (k = ops->keys; k && k->keys; k++)
		help_add(&h, k->keys, k->keys, k->help);
	for (a = ops->actions; a && *a != A_NONE; a++) {
		if (action_is_movement(*a))
			moves = 1;
		else if (*a != A_HELP)
			help_add(&h, action_keys(*a), action_key(*a), action_help(*a));
	}
	help_layout(&h);
	draw_text(2, 2, draw_cols() - 4, DS_HEADER, 1, "Touches de cet écran");
	help_draw(&h);
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

int64_t
tui_parse_euros(const char *s)
{
	int64_t euros = 0, cents = 0;
	int digits = 0, any = 0;

	for (; (*s >= '0' && *s <= '9') || (*s == ' ' && any); s++) {
		if (*s == ' ')
			continue;
		if (euros > INT64_MAX / 1000)
			return -1;
		euros = euros * 10 + (*s - '0');
		any = 1;
	}
	if (!any)
		return -1;
	if (*s == ',' || *s == '.') {
		for (s++; *s >= '0' && *s <= '9' && digits < 2; s++, digits++)
			cents = cents * 10 + (*s - '0');
		if (digits == 0)
			return -1;
		if (digits == 1)
			cents *= 10;
	}
	while (*s == ' ')
		s++;
	return *s == '\0' || strcmp(s, "€") == 0 ? euros * 100 + cents : -1;
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
