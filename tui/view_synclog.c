/* The sessions of the sync log, newest first, for those who review them:
 * a supervisor sees his agency's, admin and auditor every one. `c` keeps
 * only the sessions with conflicts or refusals; Enter opens one. Also the
 * choice, for key y, between this screen and "Mes modifications
 * refusées". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/field.h"
#include "core/perm.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "sync/synclog.h"
#include "tui/draw.h"
#include "tui/view_synclog.h"

/* The newest sessions are what a supervisor reviews; older ones are in
 * `loge synclog`. */
#define SESSIONS_MAX 500

struct sessionsv {
	struct synclog_session *s;
	int problems;
};

static const enum tui_action sessions_actions[] = {
	A_OPEN, A_SEARCH, A_LOGBOOK, A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN,
	A_PAGE_UP, A_FIRST, A_LAST, A_REDRAW, A_NONE,
};

const struct view_ops *
view_synclog_choose(struct tui *t)
{
	struct err e;
	char *why;
	int hub = synclog_is_hub(t->db, &e);

	if (hub < 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return NULL;
	}
	/* Who sees only his own sessions reviews his refused changes. */
	if (!hub || perm_scope(t->who->role) == PERM_SCOPE_SECTORS)
		return &view_refused_ops;
	if (perm_can_read(t->who->role, PG_SYNCLOG))
		return &view_sessions_ops;
	why = field_reserved(PG_SYNCLOG);
	tui_say(t, 0, " %s", why);
	free(why);
	return NULL;
}

static int
sessions_reload(struct view *v, struct tui *t)
{
	struct sessionsv *sv = v->data;
	struct synclog_filter f = {NULL, sv->problems, NULL, NULL, SESSIONS_MAX};
	struct synclog_session *s;
	struct err e;
	size_t n;

	synclog_filter_for(t->who, &f);
	if (synclog_sessions(t->db, &f, &s, &n, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	synclog_sessions_free(sv->s, v->pos.n);
	sv->s = s;
	v->pos.n = n;
	if (v->pos.sel >= n)
		v->pos.sel = n ? n - 1 : 0;
	if (v->pos.top > v->pos.sel)
		v->pos.top = v->pos.sel;
	return 0;
}

static int
sessions_open(struct view *v, struct tui *t, const char *arg)
{
	struct sessionsv *sv = xcalloc(1, sizeof *sv);

	v->data = sv;
	snprintf(v->crumb, sizeof v->crumb, "Synchronisation");
	if (sessions_reload(v, t) != 0) {
		free(sv);
		return -1;
	}
	return 0;
}

static void
sessions_row(const struct synclog_session *s, int y, enum draw_style st)
{
	char cell[64];

	draw_line(y, st);
	synclog_when(s->started_at, 0, cell, sizeof cell);
	draw_text(y, 1, 13, st, 1, cell);
	draw_text(y, 15, 18, st, 1, s->user_name ? s->user_name : "(ce poste)");
	snprintf(cell, sizeof cell, "%.8s", s->node_id ? s->node_id : "-");
	draw_text(y, 34, 8, st, 1, cell);
	snprintf(cell, sizeof cell, "%lld/%lld", (long long)s->sent, (long long)s->received);
	draw_text(y, 43, 11, st, 1, cell);
	snprintf(cell, sizeof cell, "%lld%s", (long long)s->conflicts, s->open > 0 ? " *" : "");
	draw_text(y, 55, 7, st, 1, cell);
	snprintf(cell, sizeof cell, "%lld", (long long)s->refused);
	draw_text(y, 63, 5, st, 1, cell);
	draw_text(y, 69, draw_cols() - 70, st, 1, synclog_outcome_text(s->outcome));
}

static void
sessions_draw(struct view *v, struct tui *t, int top, int height)
{
	struct sessionsv *sv = v->data;
	size_t i;
	int y;

	draw_text(top, 0, draw_cols(), DS_DIM, 1, sv->problems
	    ? " Avec conflits ou refus · c : toutes · * : conflit à régler"
	    : " Toutes les sessions · c : avec conflits ou refus · * : conflit à régler");
	draw_line(top + 1, DS_HEADER);
	draw_text(top + 1, 1, 13, DS_HEADER, 1, "Début");
	draw_text(top + 1, 15, 18, DS_HEADER, 1, "Utilisateur");
	draw_text(top + 1, 34, 8, DS_HEADER, 1, "Poste");
	draw_text(top + 1, 43, 11, DS_HEADER, 1, "Env./reçues");
	draw_text(top + 1, 55, 7, DS_HEADER, 1, "Confl.");
	draw_text(top + 1, 63, 5, DS_HEADER, 1, "Refus");
	draw_text(top + 1, 69, draw_cols() - 70, DS_HEADER, 1, "Issue");
	if (v->pos.n == 0) {
		draw_text(top + 3, 1, draw_cols() - 2, DS_DIM, 1,
		    "Aucune session de synchronisation.");
		return;
	}
	list_move(&v->pos, A_NONE, height - 2);
	for (i = v->pos.top, y = top + 2; i < v->pos.n && y < top + height; i++, y++)
		sessions_row(&sv->s[i], y, i == v->pos.sel ? DS_SELECTED : DS_NORMAL);
}

static int
sessions_key(struct view *v, struct tui *t, int key)
{
	struct sessionsv *sv = v->data;

	if (key != 'c')
		return 0;
	sv->problems = !sv->problems;
	v->pos.sel = v->pos.top = 0;
	sessions_reload(v, t);
	return 1;
}

static int
sessions_action(struct view *v, struct tui *t, enum tui_action a)
{
	struct sessionsv *sv = v->data;

	if (list_move(&v->pos, a, v->height - 2))
		return 1;
	if (a == A_SYNCLOG)
		return 1; /* already here */
	if (a != A_OPEN || v->pos.n == 0)
		return 0;
	tui_push(t, &view_session_ops, sv->s[v->pos.sel].id);
	return 1;
}

static void
sessions_close(struct view *v)
{
	struct sessionsv *sv = v->data;

	synclog_sessions_free(sv->s, v->pos.n);
	free(sv);
}

const struct view_ops view_sessions_ops = {
	"Synchronisation", sessions_open, sessions_draw, sessions_action, sessions_key,
	sessions_close, sessions_actions, NULL,
};
