/* "Journal des consultations": who saw which tenant's identity or contact,
 * when, from which node and on which screen, newest first; for the
 * supervisor his agency's tenants (core/audit.h decides), for the
 * administrator and the auditor all. L and U narrow the list to the
 * selected entry's tenant or user; again, they widen it back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/view.h"

/* More than a supervisor reads on a screen; loge audit has the rest. */
#define AUDIT_VIEW_MAX 2000
#define DETAIL_ROWS 3

struct auditv {
	struct audit_row *r;
	char *tenant; /* filter: a tenant id, or NULL */
	char *login;  /* filter: a login, or NULL */
};

static const enum tui_action audit_actions[] = {
	A_SEARCH, A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST,
	A_LAST, A_REDRAW, A_NONE,
};

static const struct view_key audit_keys[] = {
	{"L", "Locataire", "Seulement les consultations du locataire choisi (L de nouveau : toutes)"},
	{"U", "Utilisateur", "Seulement les consultations de l'utilisateur choisi (U de nouveau : "
	    "tous)"},
	{NULL, NULL, NULL},
};

static int
audit_load(struct view *v, struct tui *t)
{
	struct auditv *av = v->data;
	struct audit_filter f = {av->tenant, av->login, NULL, AUDIT_VIEW_MAX};
	struct err e;
	size_t n;

	audit_rows_free(av->r, v->pos.n);
	av->r = NULL;
	v->pos.n = v->pos.sel = v->pos.top = 0;
	if (audit_list(t->db, t->who, &f, &av->r, &n, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	v->pos.n = n;
	return 0;
}

static void
audit_close(struct view *v)
{
	struct auditv *av = v->data;

	audit_rows_free(av->r, v->pos.n);
	free(av->tenant);
	free(av->login);
	free(av);
}

static int
audit_open(struct view *v, struct tui *t, const char *arg)
{
	v->data = xcalloc(1, sizeof(struct auditv));
	if (audit_load(v, t) != 0) {
		audit_close(v);
		v->data = NULL;
		return -1;
	}
	return 0;
}

static void
audit_head(struct view *v, struct auditv *av, int y)
{
	char line[256];

	snprintf(line, sizeof line, " %zu consultation%s%s%s%s%s", v->pos.n,
	    v->pos.n > 1 ? "s" : "", av->tenant ? " · un locataire" : "",
	    av->login ? " · par " : "", av->login ? av->login : "",
	    v->pos.n == AUDIT_VIEW_MAX ? " · les plus récentes (loge audit pour le reste)" : "");
	draw_text(y, 0, draw_cols(), DS_DIM, 1, line);
	draw_line(y + 1, DS_HEADER);
	draw_text(y + 1, 1, 16, DS_HEADER, 1, "Le");
	draw_text(y + 1, 18, 10, DS_HEADER, 1, "Par");
	draw_text(y + 1, 29, 20, DS_HEADER, 1, "Locataire");
	draw_text(y + 1, 50, 11, DS_HEADER, 1, "Donnée");
	draw_text(y + 1, 62, draw_cols() - 63, DS_HEADER, 1, "Écran");
}

static void
audit_row_draw(const struct audit_row *r, int y, enum draw_style st)
{
	char when[20];

	snprintf(when, sizeof when, "%.10s %.5s", r->at, r->at + 11);
	draw_line(y, st);
	draw_text(y, 1, 16, st, 1, when);
	draw_text(y, 18, 10, st, 1, r->login);
	draw_text(y, 29, 20, st, 1, r->tenant);
	draw_text(y, 50, 11, st, 1, audit_what_label(r->what));
	draw_text(y, 62, draw_cols() - 63, st, 1, r->screen);
}

static void
audit_detail(const struct audit_row *r, int y)
{
	char line[512];

	draw_line(y, DS_HEADER);
	snprintf(line, sizeof line, " %s · locataire %s", r->tenant, r->tenant_id);
	draw_text(y, 0, draw_cols(), DS_HEADER, 1, line);
	snprintf(line, sizeof line, "Vu par %s le %.10s à %.8s, écran « %s »", r->login, r->at,
	    r->at + 11, r->screen);
	draw_text(y + 1, 2, draw_cols() - 4, DS_NORMAL, 1, line);
	snprintf(line, sizeof line, "Donnée : %s · poste %s", audit_what_label(r->what),
	    r->node);
	draw_text(y + 2, 2, draw_cols() - 4, DS_NORMAL, 1, line);
}

static void
audit_draw(struct view *v, struct tui *t, int top, int height)
{
	struct auditv *av = v->data;
	int y, list_h = height - 2 - DETAIL_ROWS;
	size_t i;

	audit_head(v, av, top);
	if (v->pos.n == 0) {
		draw_text(top + 3, 1, draw_cols() - 2, DS_DIM, 1,
		    "Aucune consultation enregistrée.");
		return;
	}
	list_move(&v->pos, A_NONE, list_h);
	for (i = v->pos.top, y = top + 2; i < v->pos.n && y < top + 2 + list_h; i++, y++)
		audit_row_draw(&av->r[i], y, i == v->pos.sel ? DS_SELECTED : DS_NORMAL);
	audit_detail(&av->r[v->pos.sel], top + height - DETAIL_ROWS);
}

/* Narrows to the selected entry's value, or widens back. */
static void
audit_toggle(struct view *v, struct tui *t, char **filter, const char *value)
{
	if (*filter != NULL) {
		free(*filter);
		*filter = NULL;
	} else if (v->pos.n > 0) {
		*filter = xstrdup(value);
	} else {
		tui_say(t, 0, " Aucune consultation à choisir");
		return;
	}
	audit_load(v, t);
}

static int
audit_key(struct view *v, struct tui *t, int key)
{
	struct auditv *av = v->data;
	const struct audit_row *r = v->pos.n ? &av->r[v->pos.sel] : NULL;

	if (key == 'L')
		audit_toggle(v, t, &av->tenant, r ? r->tenant_id : NULL);
	else if (key == 'U')
		audit_toggle(v, t, &av->login, r ? r->login : NULL);
	else
		return 0;
	return 1;
}

static int
audit_action(struct view *v, struct tui *t, enum tui_action a)
{
	if (list_move(&v->pos, a, v->height - 2 - DETAIL_ROWS))
		return 1;
	return a == A_AUDIT; /* already here */
}

const struct view_ops view_audit_ops = {
	"Journal des consultations", audit_open, audit_draw, audit_action, audit_key,
	audit_close, audit_actions, audit_keys,
};
