/* "Mes modifications refusées": the changes of this laptop that the hub
 * refused, newest first, each with what it changed and why it was
 * refused in plain words, and how many changes still wait to be sent.
 * (On the hub, a gardien sees the refusals of his laptops' changes.) A
 * refused change stays here: it is never resent blindly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/user.h"
#include "core/xalloc.h"
#include "sync/synclog.h"
#include "tui/draw.h"
#include "tui/view_synclog.h"

#define DETAIL_ROWS 5

struct refusedv {
	struct synclog_refusal *r;
	char **what; /* each refusal's changed fields, for the list */
	struct synclog_status st;
};

static const enum tui_action refused_actions[] = {
	A_SEARCH, A_LOGBOOK, A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP,
	A_FIRST, A_LAST, A_REDRAW, A_NONE,
};

static void
refused_clear(struct view *v)
{
	struct refusedv *rv = v->data;
	size_t i;

	for (i = 0; i < v->pos.n; i++)
		free(rv->what[i]);
	free(rv->what);
	synclog_refusals_free(rv->r, v->pos.n);
	rv->what = NULL;
	rv->r = NULL;
	v->pos.n = 0;
}

static void
refused_close(struct view *v)
{
	refused_clear(v);
	free(v->data);
}

static int
refused_open(struct view *v, struct tui *t, const char *arg)
{
	struct refusedv *rv = xcalloc(1, sizeof *rv);
	struct err e;
	size_t n, i;

	v->data = rv;
	snprintf(v->crumb, sizeof v->crumb, "Mes modifications refusées");
	if (synclog_status(t->db, &rv->st, &e) != 0 ||
	    synclog_refused(t->db, t->who, &rv->r, &n, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		free(rv);
		return -1;
	}
	rv->what = xcalloc(n + 1, sizeof *rv->what);
	for (i = 0; i < n; i++)
		rv->what[i] = synclog_fields_text(rv->r[i].tbl, rv->r[i].fields);
	v->pos.n = n;
	return 0;
}

static void
refused_head(struct view *v, struct refusedv *rv, int y)
{
	char line[256], when[32];

	if (rv->st.hub) {
		snprintf(line, sizeof line, " Refus du hub pour vos postes : %zu", v->pos.n);
	} else {
		if (rv->st.last[0])
			synclog_when(rv->st.last, 0, when, sizeof when);
		snprintf(line, sizeof line, " %lld en attente d'envoi · %zu refusée%s · "
		    "dernière synchro : %s", (long long)rv->st.pending, v->pos.n,
		    v->pos.n > 1 ? "s" : "", rv->st.last[0] ? when : "jamais");
	}
	draw_text(y, 0, draw_cols(), DS_DIM, 1, line);
	draw_line(y + 1, DS_HEADER);
	draw_text(y + 1, 1, 13, DS_HEADER, 1, "Refusée le");
	draw_text(y + 1, 15, 24, DS_HEADER, 1, "Ligne");
	draw_text(y + 1, 40, 26, DS_HEADER, 1, "Modification");
	draw_text(y + 1, 67, draw_cols() - 68, DS_HEADER, 1, "Motif");
}

static void
refused_row(const struct synclog_refusal *r, const char *what, int y, enum draw_style st)
{
	char when[32];

	draw_line(y, st);
	synclog_when(r->at, 0, when, sizeof when);
	draw_text(y, 1, 13, st, 1, when);
	draw_text(y, 15, 24, st, 1, r->row_label ? r->row_label : synclog_table_label(r->tbl));
	draw_text(y, 40, 26, st, 1, *what ? what : "-");
	draw_text(y, 67, draw_cols() - 68, st, 1, r->code ? r->code : "?");
}

static void
refused_detail(const struct synclog_refusal *r, const char *what, int y)
{
	char line[768];

	snprintf(line, sizeof line, " %s · opération %lld%s%.8s",
	    r->row_label ? r->row_label : synclog_table_label(r->tbl), (long long)r->seq,
	    r->node_id ? " du poste " : "", r->node_id ? r->node_id : "");
	draw_line(y, DS_HEADER);
	draw_text(y, 0, draw_cols(), DS_HEADER, 1, line);
	snprintf(line, sizeof line, "Modification : %s", *what ? what : "(inconnue au hub)");
	draw_text(y + 1, 2, draw_cols() - 4, DS_NORMAL, 1, line);
	snprintf(line, sizeof line, "Motif : %s", synclog_code_text(r->code));
	draw_text(y + 2, 2, draw_cols() - 4, DS_NORMAL, 1, line);
	draw_text(y + 3, 2, draw_cols() - 4, DS_DIM, 1,
	    "Non appliquée au hub : la valeur du hub est revenue sur ce poste.");
	draw_text(y + 4, 2, draw_cols() - 4, DS_DIM, 1,
	    "Refaites-la autrement, ou voyez votre superviseur.");
}

static void
refused_draw(struct view *v, struct tui *t, int top, int height)
{
	struct refusedv *rv = v->data;
	int y, list_h = height - 2 - DETAIL_ROWS;
	size_t i;

	refused_head(v, rv, top);
	if (v->pos.n == 0) {
		draw_text(top + 3, 1, draw_cols() - 2, DS_DIM, 1,
		    "Aucune modification refusée.");
		return;
	}
	list_move(&v->pos, A_NONE, list_h);
	for (i = v->pos.top, y = top + 2; i < v->pos.n && y < top + 2 + list_h; i++, y++)
		refused_row(&rv->r[i], rv->what[i], y, i == v->pos.sel ? DS_SELECTED : DS_NORMAL);
	refused_detail(&rv->r[v->pos.sel], rv->what[v->pos.sel], top + height - DETAIL_ROWS);
}

static int
refused_action(struct view *v, struct tui *t, enum tui_action a)
{
	if (list_move(&v->pos, a, v->height - 2 - DETAIL_ROWS))
		return 1;
	return a == A_SYNCLOG; /* already here */
}

const struct view_ops view_refused_ops = {
	"Mes modifications refusées", refused_open, refused_draw, refused_action, NULL,
	refused_close, refused_actions, NULL,
};
