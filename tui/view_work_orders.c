/* The work orders of who's scope (a gardien's sectors, the agency's for
 * agency staff), the open ones by default, those past their contract's
 * response time marked: `S` then a status letter and `E` then a
 * contractor's name (Tab completes) filter, Entrée opens one. The amount
 * column stays empty for roles that may not see money. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datetime.h"
#include "core/perm.h"
#include "core/user.h"
#include "core/work_order.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/prompt.h"
#include "tui/view.h"

struct wolist {
	struct work_order_row *rows;
	size_t n;
	size_t overdue;
	int status;          /* filter: enum work_order_status, -1 see open_only */
	int open_only;
	struct work_order_contractor *ctr;
	size_t nctr;
	const char **names;
	int contractor;      /* filter: index in ctr, -1 all */
	int pending_status;  /* S pressed: a status letter comes */
	struct prompt ask;
	int64_t now;         /* seconds, at the last load */
};

/* Status filter letters, in enum work_order_status order. */
static const char status_keys[] = "cprvf";

static const enum tui_action wl_actions[] = {
	A_OPEN, A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST, A_LAST,
	A_REDRAW, A_NONE,
};

static const struct view_key wl_keys[] = {
	{"S", "Statut", "Filtrer par statut (c commandée, p planifiée, r réalisée, v contrôlée, "
	    "f facturée ; t toutes ; * les ouvertes)"},
	{"E", "Entreprise", "Filtrer par entreprise (Tab complète le nom, vide : toutes)"},
	{NULL, NULL, NULL},
};

/* Seconds since the epoch of a stamp "YYYY-MM-DDTHH:MM:SSZ". */
static int64_t
wl_secs(const char *stamp)
{
	char date[DT_DATE_SIZE];
	int h = 0, m = 0, s = 0;

	snprintf(date, sizeof date, "%.10s", stamp);
	if (!dt_date_valid(date))
		return 0;
	sscanf(stamp + 10, "T%d:%d:%d", &h, &m, &s);
	return dt_days(date) * 86400 + h * 3600 + m * 60 + s;
}

/* Not done yet while the contract's response time has passed. */
static int
wl_overdue(const struct work_order_row *r, int64_t now)
{
	return r->status < WORK_ORDER_DONE && r->response_hours > 0 &&
	    now > wl_secs(r->ordered_at) + (int64_t)r->response_hours * 3600;
}

static int
wl_reload(struct view *v, struct tui *t)
{
	struct wolist *wl = v->data;
	struct work_order_filter f;
	char now[DT_STAMP_SIZE];
	struct err e;
	size_t i;

	memset(&f, 0, sizeof f);
	f.status = wl->status;
	f.open_only = wl->open_only;
	f.contractor_id = wl->contractor >= 0 ? wl->ctr[wl->contractor].id : NULL;
	work_order_rows_free(wl->rows, wl->n);
	wl->rows = NULL;
	wl->n = wl->overdue = 0;
	if (work_order_list(t->db, t->who, &f, &wl->rows, &wl->n, NULL, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	dt_now(now);
	wl->now = wl_secs(now);
	for (i = 0; i < wl->n; i++)
		wl->overdue += (size_t)wl_overdue(&wl->rows[i], wl->now);
	v->pos.n = wl->n;
	if (v->pos.sel >= v->pos.n)
		v->pos.sel = v->pos.n ? v->pos.n - 1 : 0;
	return 0;
}

static void wl_close(struct view *v);

static int
wl_open(struct view *v, struct tui *t, const char *arg)
{
	struct wolist *wl = xcalloc(1, sizeof *wl);
	struct err e;
	size_t i;

	(void)arg;
	wl->status = -1;
	wl->open_only = 1;
	wl->contractor = -1;
	v->data = wl;
	if (work_order_contractors(t->db, t->who, NULL, t->today, &wl->ctr, &wl->nctr, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		wl_close(v);
		return -1;
	}
	wl->names = xcalloc(wl->nctr + 1, sizeof *wl->names);
	for (i = 0; i < wl->nctr; i++)
		wl->names[i] = wl->ctr[i].name;
	if (wl_reload(v, t) != 0) {
		wl_close(v);
		return -1;
	}
	snprintf(v->crumb, sizeof v->crumb, "Interventions");
	return 0;
}

/* The column titles, at the rows' places. */
static void
wl_draw_head(int y)
{
	draw_line(y, DS_DIM);
	draw_text(y, 1, 14, DS_DIM, 1, "Numéro");
	draw_text(y, 16, 8, DS_DIM, 1, "Statut");
	draw_text(y, 25, 17, DS_DIM, 1, "Entreprise");
	draw_text(y, 43, 17, DS_DIM, 1, "Lieu");
	draw_text(y, 61, 10, DS_DIM, 1, "Prévue");
	draw_text(y, 72, draw_cols() - 72, DS_DIM, 1, "Montant");
}

static void
wl_draw_row(const struct work_order_row *r, int overdue, int y, enum draw_style st)
{
	char amount[32] = "";

	if (r->has_amount)
		snprintf(amount, sizeof amount, "%lld,%02lld", (long long)(r->amount_cents / 100),
		    (long long)(r->amount_cents % 100));
	draw_line(y, st);
	draw_text(y, 0, 1, overdue ? DS_ERROR : st, 1, overdue ? "!" : " ");
	/* BT2026-AB-0042: a laptop's numbers fit up to two-letter tags. */
	draw_text(y, 1, 14, st, 1, r->number);
	draw_text(y, 16, 8, overdue && st != DS_SELECTED ? DS_ERROR : st, 1,
	    work_order_status_label(r->status));
	draw_text(y, 25, 17, st, 1, r->contractor ? r->contractor : "");
	draw_text(y, 43, 17, st, 1, r->place ? r->place : "");
	draw_text(y, 61, 10, st, 1, r->planned_date);
	draw_text(y, 72, draw_cols() - 72, st, 1, amount);
}

static void
wl_draw(struct view *v, struct tui *t, int top, int height)
{
	struct wolist *wl = v->data;
	char head[300];
	size_t i;
	int y;

	snprintf(head, sizeof head, " %zu intervention%s %s, %zu en retard sur le contrat%s%s%s",
	    wl->n, wl->n > 1 ? "s" : "", wl->status >= 0 ?
	    work_order_status_label((enum work_order_status)wl->status) : wl->open_only ?
	    "ouvertes" : "en tout", wl->overdue, wl->contractor >= 0 ? " · " : "",
	    wl->contractor >= 0 ? wl->ctr[wl->contractor].name : "",
	    !perm_can_read(t->who->role, PG_MONEY) ? " · montants réservés" : "");
	draw_text(top, 0, draw_cols(), DS_HEADER, 1, head);
	wl_draw_head(top + 1);
	if (wl->n == 0)
		draw_text(top + 3, 2, draw_cols() - 4, DS_DIM, 1,
		    "Aucune intervention : W sur un logement, une réclamation ou une anomalie "
		    "de ronde en commande une.");
	list_move(&v->pos, A_NONE, height - 3);
	for (i = v->pos.top, y = top + 2; i < wl->n && y < top + height - 1; i++, y++)
		wl_draw_row(&wl->rows[i], wl_overdue(&wl->rows[i], wl->now), y,
		    i == v->pos.sel ? DS_SELECTED : DS_NORMAL);
	if (wl->pending_status)
		draw_text(top + height - 1, 0, draw_cols(), DS_SELECTED, 1,
		    "Statut : c commandée · p planifiée · r réalisée · v contrôlée · f facturée · "
		    "t toutes · * ouvertes");
	prompt_draw(&wl->ask, top + height - 1);
}

static void
wl_status(struct view *v, struct tui *t, int key)
{
	struct wolist *wl = v->data;
	const char *k;

	if (key == '*' || key == 't') {
		wl->status = -1;
		wl->open_only = key == '*';
	} else if (key > 0 && key < 128 && (k = strchr(status_keys, key)) != NULL) {
		wl->status = (int)(k - status_keys);
		wl->open_only = 0;
	} else {
		return;
	}
	v->pos.sel = v->pos.top = 0;
	wl_reload(v, t);
}

static void
wl_contractor(struct view *v, struct tui *t, const char *name)
{
	struct wolist *wl = v->data;
	size_t nhit = 0, len = strlen(name);
	int hit = len ? prompt_match(wl->names, wl->nctr, name, &nhit) : -1;

	if (len && hit < 0) {
		tui_say(t, 1, nhit ? " Plusieurs entreprises commencent ainsi : Tab les propose" :
		    " Aucune entreprise de ce nom (Tab complète)");
		return;
	}
	wl->contractor = hit;
	v->pos.sel = v->pos.top = 0;
	wl_reload(v, t);
}

static int
wl_key(struct view *v, struct tui *t, int key)
{
	struct wolist *wl = v->data;
	char *text;

	if (wl->ask.active) {
		if (prompt_key(&wl->ask, key) == PROMPT_DONE) {
			text = prompt_take(&wl->ask);
			wl_contractor(v, t, text);
			free(text);
		}
		return 1;
	}
	if (wl->pending_status) {
		wl->pending_status = 0;
		wl_status(v, t, key);
		return 1;
	}
	if (key == 'S') {
		wl->pending_status = 1;
		return 1;
	}
	if (key == 'E') {
		prompt_start(&wl->ask, 1, "Entreprise (Tab complète, vide : toutes)", NULL, 120,
		    wl->names, wl->nctr);
		return 1;
	}
	return 0;
}

static int
wl_action(struct view *v, struct tui *t, enum tui_action a)
{
	struct wolist *wl = v->data;

	if (list_move(&v->pos, a, v->height - 3))
		return 1;
	if (a == A_OPEN && wl->n > 0) {
		tui_push(t, &view_work_order_ops, wl->rows[v->pos.sel].id);
		return 1;
	}
	return 0;
}

static void
wl_close(struct view *v)
{
	struct wolist *wl = v->data;

	if (wl == NULL)
		return;
	prompt_close(&wl->ask);
	work_order_rows_free(wl->rows, wl->n);
	if (wl->ctr)
		work_order_contractors_free(wl->ctr, wl->nctr);
	free(wl->names);
	free(wl);
	v->data = NULL;
}

const struct view_ops view_work_orders_ops = {
	"Interventions", wl_open, wl_draw, wl_action, wl_key, wl_close, wl_actions, wl_keys,
};
