/* The history of a round: its finished runs, the latest first (date,
 * who, how many lines OK, in anomaly, not checked, and the claims made
 * of them). Entrée shows a run's lines read-only (tui/view_round.c shows
 * a finished run so). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/round.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/view.h"

struct histv {
	char id[UID_SIZE];
	char *name;
	char *place;
	struct round_history_row *rows;
	size_t n;
};

static const enum tui_action hist_actions[] = {
	A_OPEN, A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST, A_LAST,
	A_REDRAW, A_NONE,
};

/* The template's name and place, from the list of one's scope. */
static void
hist_head(struct histv *hv, struct tui *t)
{
	struct round_template_row *rows;
	struct err e;
	size_t i, n;

	if (round_templates(t->db, t->who, NULL, NULL, &rows, &n, &e) != 0)
		return;
	for (i = 0; i < n; i++)
		if (strcmp(rows[i].id, hv->id) == 0) {
			hv->name = xstrdup(rows[i].name);
			hv->place = xstrdup(rows[i].place ? rows[i].place : "");
			break;
		}
	round_template_rows_free(rows, n);
}

static int
hist_open(struct view *v, struct tui *t, const char *arg)
{
	struct histv *hv = xcalloc(1, sizeof *hv);
	struct err e;

	snprintf(hv->id, sizeof hv->id, "%s", arg ? arg : "");
	if (round_history(t->db, t->who, hv->id, 0, &hv->rows, &hv->n, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		free(hv);
		return -1;
	}
	hist_head(hv, t);
	v->data = hv;
	v->pos.n = hv->n;
	snprintf(v->crumb, sizeof v->crumb, "Historique de la ronde");
	return 0;
}

static void
hist_row(const struct round_history_row *r, int y, int selected)
{
	enum draw_style st = selected ? DS_SELECTED : DS_NORMAL;
	char day[32], n[4][16];
	const long counts[4] = {r->ok, r->anomalies, r->unchecked, r->claims};
	static const int right[4] = {50, 60, 71, 77}; /* the headers' right edges */
	int i;

	snprintf(day, sizeof day, "%.2s/%.2s/%.4s %.5s", r->finished_at + 8, r->finished_at + 5,
	    r->finished_at, r->finished_at + 11);
	draw_line(y, st);
	draw_text(y, 1, 16, st, 1, day);
	draw_text(y, 18, 26, st, 1, r->user_name ? r->user_name : "");
	for (i = 0; i < 4; i++) {
		snprintf(n[i], sizeof n[i], "%ld", counts[i]);
		draw_text(y, right[i] - draw_width(n[i]), draw_width(n[i]),
		    i == 1 && counts[i] > 0 && !selected ? DS_ERROR : st, 1, n[i]);
	}
}

static void
hist_draw(struct view *v, struct tui *t, int top, int height)
{
	struct histv *hv = v->data;
	char line[320];
	int y, body = height - 3;
	size_t i;

	(void)t;
	snprintf(line, sizeof line, " %s · %s", hv->name ? hv->name : "",
	    hv->place ? hv->place : "");
	draw_text(top, 0, draw_cols(), DS_HEADER, 1, line);
	draw_line(top + 1, DS_DIM);
	draw_text(top + 1, 1, 16, DS_DIM, 1, "Terminée le");
	draw_text(top + 1, 18, 26, DS_DIM, 1, "Par");
	draw_text(top + 1, 48, 2, DS_DIM, 1, "OK");
	draw_text(top + 1, 51, 9, DS_DIM, 1, "Anomalies");
	draw_text(top + 1, 61, 10, DS_DIM, 1, "Non vérif.");
	draw_text(top + 1, 72, 7, DS_DIM, 1, "Récl.");
	if (hv->n == 0)
		draw_text(top + 3, 2, draw_cols() - 4, DS_DIM, 1,
		    "Cette ronde n'a encore jamais été terminée.");
	list_move(&v->pos, A_NONE, body);
	for (i = v->pos.top, y = top + 2; i < hv->n && y < top + 2 + body; i++, y++)
		hist_row(&hv->rows[i], y, i == v->pos.sel);
	if (hv->n > 0)
		draw_text(top + height - 1, 1, draw_cols() - 2, DS_DIM, 1,
		    "Entrée : les points de cette ronde (lecture seule)");
}

static int
hist_action(struct view *v, struct tui *t, enum tui_action a)
{
	struct histv *hv = v->data;

	if (list_move(&v->pos, a, v->height - 3))
		return 1;
	if (a == A_OPEN && hv->n > 0) {
		tui_push(t, &view_round_ops, hv->rows[v->pos.sel].run_id);
		return 1;
	}
	return 0;
}

static void
hist_close(struct view *v)
{
	struct histv *hv = v->data;

	round_history_free(hv->rows, hv->n);
	free(hv->name);
	free(hv->place);
	free(hv);
}

const struct view_ops view_round_history_ops = {
	"Historique de la ronde", hist_open, hist_draw, hist_action, NULL, hist_close,
	hist_actions, NULL,
};
