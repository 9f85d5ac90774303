/* The rounds of one's scope, soonest due first: name, place, frequency,
 * last done and when due (late ones flagged); Entrée starts the round,
 * or resumes one's unfinished run of it; H lists the runs done of it
 * (tui/view_round_history.c), M the templates to edit them
 * (tui/view_round_tpls.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/round.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/view.h"
#include "tui/view_round.h"

struct roundsv {
	struct round_template_row *rows;
	size_t n;
};

static const enum tui_action rounds_actions[] = {
	A_OPEN, A_BACK, A_QUIT, A_HELP, A_LOGBOOK_ADD, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP,
	A_FIRST, A_LAST, A_REDRAW, A_NONE,
};

/* Help lines fit 80 columns: 55 characters. */
static const struct view_key rounds_keys[] = {
	{"H", "Historique", "Les rondes faites : date, qui, résultats"},
	{"M", "Modèles", "Modèles de ronde : lieux, fréquences, points"},
	{NULL, NULL, NULL},
};

int
view_round_begin(struct tui *t, const char *template_id)
{
	char run[UID_SIZE];
	struct err e;
	int rc;

	if ((rc = round_start(t->db, t->who, template_id, NULL, run, &e)) < 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	tui_invalidate(t);
	if (tui_push(t, &view_round_ops, run) != 0)
		return -1;
	tui_say(t, 0, " Ronde %s : o OK, a anomalie, n non vérifié, F terminer",
	    rc == 1 ? "reprise" : "commencée");
	return 0;
}

static int
rounds_open(struct view *v, struct tui *t, const char *arg)
{
	struct roundsv *rv = xcalloc(1, sizeof *rv);
	struct err e;

	(void)arg;
	if (round_templates(t->db, t->who, NULL, NULL, &rv->rows, &rv->n, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		free(rv);
		return -1;
	}
	v->data = rv;
	v->pos.n = rv->n;
	snprintf(v->crumb, sizeof v->crumb, "Rondes");
	return 0;
}

/* "22/11/26" of a date or a stamp; "jamais" for "". */
static const char *
short_day(const char *iso, char out[16])
{
	if (strlen(iso) < 10)
		snprintf(out, 16, "jamais");
	else
		snprintf(out, 16, "%.2s/%.2s/%.2s", iso + 8, iso + 5, iso + 2);
	return out;
}

static void
due_text(const struct round_template_row *r, char *out, size_t size)
{
	char day[16];

	if (r->overdue)
		snprintf(out, size, "retard %ld j", r->days_late);
	else if (r->days_late == 0)
		snprintf(out, size, "aujourd'hui");
	else
		snprintf(out, size, "%s", short_day(r->due, day));
}

static void
rounds_foot(struct roundsv *rv, size_t sel, int y)
{
	const struct round_template_row *r;
	char line[256];

	if (rv->n == 0)
		return;
	r = &rv->rows[sel];
	snprintf(line, sizeof line, "%ld ligne%s · tous les %d jour%s%s · %s", r->items,
	    r->items > 1 ? "s" : "", r->frequency_days, r->frequency_days > 1 ? "s" : "",
	    r->open_run[0] ? " · ronde en cours : Entrée la reprend" :
	    r->items ? " · Entrée : commencer la ronde" : " · aucune ligne à vérifier",
	    r->place ? r->place : "");
	draw_text(y, 1, draw_cols() - 2, DS_DIM, 1, line);
}

static void
rounds_draw(struct view *v, struct tui *t, int top, int height)
{
	struct roundsv *rv = v->data;
	char freq[16], last[16], due[32];
	size_t i;
	int y;

	(void)t;
	draw_line(top, DS_DIM);
	draw_text(top, 2, 28, DS_DIM, 1, "Ronde");
	draw_text(top, 31, 18, DS_DIM, 1, "Lieu");
	draw_text(top, 50, 5, DS_DIM, 1, "Fréq.");
	draw_text(top, 56, 8, DS_DIM, 1, "Faite le");
	draw_text(top, 65, draw_cols() - 66, DS_DIM, 1, "Échéance");
	if (rv->n == 0)
		draw_text(top + 2, 2, draw_cols() - 4, DS_DIM, 1, "Aucune ronde dans votre périmètre.");
	list_move(&v->pos, A_NONE, height - 2);
	for (i = v->pos.top, y = top + 1; i < rv->n && y < top + height - 1; i++, y++) {
		const struct round_template_row *r = &rv->rows[i];
		enum draw_style st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;
		snprintf(freq, sizeof freq, "%d j", r->frequency_days);
		due_text(r, due, sizeof due);
		draw_line(y, st);
		draw_text(y, 0, 2, st, 1, r->open_run[0] ? ">" : "");
		draw_text(y, 2, 28, st, 1, r->name);
		draw_text(y, 31, 18, st, 1, r->place ? r->place : "");
		draw_text(y, 50, 5, st, 1, freq);
		draw_text(y, 56, 8, st, 1, short_day(r->last_done, last));
		draw_text(y, 65, draw_cols() - 66, r->overdue && st == DS_NORMAL ? DS_ERROR : st, 1,
		    due);
	}
	rounds_foot(rv, v->pos.sel, top + height - 1);
}

static int
rounds_action(struct view *v, struct tui *t, enum tui_action a)
{
	struct roundsv *rv = v->data;

	if (list_move(&v->pos, a, v->height - 2))
		return 1;
	if (a == A_OPEN && rv->n > 0) {
		view_round_begin(t, rv->rows[v->pos.sel].id);
		return 1;
	}
	return 0;
}

/* The templates, about the place of the screen under this one if it
 * has one, so that a new template goes there. */
static void
rounds_templates(struct tui *t)
{
	const struct view *below = tui_below(t);
	char arg[64];

	arg[0] = '\0';
	if (below != NULL && below->place != PLACE_NONE)
		tui_place_arg(arg, sizeof arg, below->place, below->place_id);
	tui_push(t, &view_round_tpls_ops, arg[0] ? arg : NULL);
}

static int
rounds_key(struct view *v, struct tui *t, int key)
{
	struct roundsv *rv = v->data;

	if (key == 'H') {
		if (rv->n > 0)
			tui_push(t, &view_round_history_ops, rv->rows[v->pos.sel].id);
		return 1;
	}
	if (key == 'M') {
		rounds_templates(t);
		return 1;
	}
	return 0;
}

static void
rounds_close(struct view *v)
{
	struct roundsv *rv = v->data;

	round_template_rows_free(rv->rows, rv->n);
	free(rv);
}

const struct view_ops view_rounds_ops = {
	"Rondes", rounds_open, rounds_draw, rounds_action, rounds_key, rounds_close,
	rounds_actions, rounds_keys,
};
