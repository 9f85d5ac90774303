/* What décret 2016-382 requires and the inspection lacks, one line each,
 * in French; Entrée goes to where it is filled in. With nothing missing,
 * P marks the inspection ready to sign and opens the signatures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/inspection.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/view.h"

struct checkv {
	char id[UID_SIZE];
	char state[8];
	struct inspection_missing *m;
	size_t n;
};

static const enum tui_action check_actions[] = {
	A_OPEN, A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST, A_LAST,
	A_REDRAW, A_NONE,
};

static const struct view_key check_keys[] = {
	{"P", "Prêt à signer", "Tout y est : marquer l'état des lieux prêt à signer"},
	{NULL, NULL, NULL},
};

static int
check_open(struct view *v, struct tui *t, const char *arg)
{
	struct checkv *cv = xcalloc(1, sizeof *cv);
	struct inspection *in;
	struct err e;

	snprintf(cv->id, sizeof cv->id, "%s", arg ? arg : "");
	if (inspection_load(t->db, t->who, cv->id, &in, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		free(cv);
		return -1;
	}
	inspection_check(in, &cv->m, &cv->n);
	snprintf(cv->state, sizeof cv->state, "%s", in->state);
	tui_set_place(t, v, PLACE_DWELLING, in->dwelling_id);
	inspection_free(in);
	snprintf(v->crumb, sizeof v->crumb, "Vérification");
	v->data = cv;
	v->pos.n = cv->n;
	return 0;
}

static void
check_draw(struct view *v, struct tui *t, int top, int height)
{
	struct checkv *cv = v->data;
	char head[160];
	size_t i;
	int y;

	if (cv->n == 0) {
		draw_text(top + 1, 2, draw_cols() - 4, DS_HEADER, 1,
		    "Toutes les mentions obligatoires sont présentes.");
		draw_text(top + 3, 2, draw_cols() - 4, DS_NORMAL, 1,
		    strcmp(cv->state, "draft") == 0 ? "P : marquer « prêt à signer », puis les "
		    "signatures (touche s sur chaque partie)." : "Déjà prêt à signer ou signé.");
		return;
	}
	snprintf(head, sizeof head, " %zu mention%s manque%s : impossible de signer. Entrée : y "
	    "aller.", cv->n, cv->n > 1 ? "s" : "", cv->n > 1 ? "nt" : "");
	draw_text(top, 0, draw_cols(), DS_ERROR, 1, head);
	list_move(&v->pos, A_NONE, height - 2);
	for (i = v->pos.top, y = top + 2; i < cv->n && y < top + height; i++, y++) {
		enum draw_style st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;
		draw_line(y, st);
		draw_text(y, 1, 10, i == v->pos.sel ? st : DS_DIM, 1, cv->m[i].mention);
		draw_text(y, 12, draw_cols() - 13, st, 1, cv->m[i].text);
	}
}

/* Leaves the check list for the screen of meters, keys and parties: the
 * one underneath when the list was opened from it. */
static int
to_lines(struct tui *t, const char id[UID_SIZE])
{
	const struct view *below = tui_below(t);
	char insp[UID_SIZE];

	memcpy(insp, id, UID_SIZE);
	tui_pop(t);
	if (below && below->ops == &view_insp_lines_ops)
		return 0;
	return tui_push(t, &view_insp_lines_ops, insp);
}

/* Back to the editor (items, rooms) or on to the other mentions. */
static void
check_jump(struct view *v, struct tui *t)
{
	struct checkv *cv = v->data;
	const struct inspection_missing *m;
	char id[UID_SIZE];

	if (cv->n == 0)
		return;
	m = &cv->m[v->pos.sel];
	memcpy(id, cv->id, UID_SIZE);
	/* Not dated yet (planned for a later day, filled in today): it is
	 * dated now, and the list is made again. */
	if (m->target == IT_HEADER && strcmp(m->target_id, "done_at") == 0) {
		struct err e;
		if (inspection_start(t->db, t->who, id, &e) != 0) {
			tui_say(t, 1, " %.250s", e.msg);
			return;
		}
		tui_invalidate(t);
		tui_pop(t);
		if (tui_push(t, &view_insp_check_ops, id) == 0)
			tui_say(t, 0, " État des lieux daté de maintenant");
		return;
	}
	snprintf(t->jump, sizeof t->jump, "%s", m->target_id);
	if (m->target == IT_ITEM || m->target == IT_ROOM) {
		tui_pop(t);
		return;
	}
	if (m->target == IT_HEADER && !strchr(m->target_id, '.'))
		t->jump[0] = '\0';
	to_lines(t, id);
}

static int
check_key(struct view *v, struct tui *t, int key)
{
	struct checkv *cv = v->data;
	char id[UID_SIZE];
	struct err e;

	if (key != 'P')
		return 0;
	memcpy(id, cv->id, UID_SIZE);
	if (inspection_set_ready(t->db, t->who, id, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return 1;
	}
	tui_invalidate(t);
	if (to_lines(t, id) == 0)
		tui_say(t, 0, " Prêt à signer : chaque partie présente signe (s), refuse (R) ou "
		    "signera sur papier (p) ; puis S");
	return 1;
}

static int
check_action(struct view *v, struct tui *t, enum tui_action a)
{
	if (list_move(&v->pos, a, v->height - 2))
		return 1;
	if (a == A_OPEN) {
		check_jump(v, t);
		return 1;
	}
	return 0;
}

static void
check_close(struct view *v)
{
	struct checkv *cv = v->data;

	inspection_missing_free(cv->m, cv->n);
	free(cv);
}

const struct view_ops view_insp_check_ops = {
	"Vérification", check_open, check_draw, check_action, check_key, check_close,
	check_actions, check_keys,
};
