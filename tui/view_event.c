/* One event of a history in full: a claim with its status changes and work
 * orders, an inspection's summary, a lease, works, equipment, a logbook
 * entry or a note, as the role may see it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/history.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/view.h"

/* A display line: a label and one line of its value (long texts are
 * split on their line feeds). */
struct eline {
	const char *label;
	char *text;
};

struct eventv {
	struct history_detail *d;
	struct eline *lines;
};

static const enum tui_action event_actions[] = {
	A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST, A_LAST,
	A_REDRAW, A_NONE,
};

static size_t
event_split(struct eventv *ev)
{
	const struct history_detail *d = ev->d;
	size_t i, n = 0, cap = d->n + 8;
	const char *p, *nl;

	ev->lines = xcalloc(cap, sizeof *ev->lines);
	for (i = 0; i < d->n; i++) {
		for (p = d->lines[i].value ? d->lines[i].value : ""; ; p = nl + 1) {
			nl = strchr(p, '\n');
			if (n == cap) {
				cap *= 2;
				ev->lines = xreallocarray(ev->lines, cap, sizeof *ev->lines);
			}
			ev->lines[n].label = p == d->lines[i].value ? d->lines[i].label : NULL;
			ev->lines[n++].text = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
			if (nl == NULL)
				break;
		}
	}
	return n;
}

static int
event_open(struct view *v, struct tui *t, const char *arg)
{
	const char *sep = arg ? strchr(arg, '\x1f') : NULL;
	char table[64];
	struct eventv *ev;
	struct err e;

	if (sep == NULL)
		return -1;
	snprintf(table, sizeof table, "%.*s", (int)(sep - arg), arg);
	ev = xcalloc(1, sizeof *ev);
	if (history_detail_load(t->db, t->who->role, table, sep + 1, t->today, &ev->d, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		free(ev);
		return -1;
	}
	v->pos.n = event_split(ev);
	v->data = ev;
	snprintf(v->crumb, sizeof v->crumb, "%s", ev->d->title);
	return 0;
}

static void
event_draw(struct view *v, struct tui *t, int top, int height)
{
	struct eventv *ev = v->data;
	enum draw_style st;
	size_t i;
	int y;

	draw_text(top, 1, draw_cols() - 2, DS_HEADER, 1, ev->d->title);
	list_move(&v->pos, A_NONE, height - 2);
	for (i = v->pos.top, y = top + 2; i < v->pos.n && y < top + height; i++, y++) {
		st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;
		draw_line(y, st);
		if (ev->lines[i].label) {
			draw_text(y, 2, 24, st, 1, ev->lines[i].label);
			draw_text(y, 27, draw_cols() - 28, st, 1, ev->lines[i].text);
		} else {
			draw_text(y, 2, draw_cols() - 3, st, 1, ev->lines[i].text);
		}
	}
}

static int
event_action(struct view *v, struct tui *t, enum tui_action a)
{
	return list_move(&v->pos, a, v->height - 2);
}

static void
event_close(struct view *v)
{
	struct eventv *ev = v->data;
	size_t i;

	for (i = 0; i < v->pos.n; i++)
		free(ev->lines[i].text);
	free(ev->lines);
	history_detail_free(ev->d);
	free(ev);
}

const struct view_ops view_event_ops = {
	"Événement", event_open, event_draw, event_action, NULL, event_close, event_actions, NULL,
};
