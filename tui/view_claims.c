/* The open claims of who's scope (a gardien's sectors, the agency's for
 * agency staff), overdue ones marked: `t` changes the order (age,
 * urgency, place, due date), `C` then a category letter and `S` then a
 * status letter filter, Entrée opens one. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/claim.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/view.h"
#include "tui/view_claims.h"

enum cl_pend { CLP_NONE, CLP_CATEGORY, CLP_STATUS };

struct claimsv {
	struct claim_page page;
	struct claim_choice *cats;
	size_t ncats;
	char *keys;      /* a letter per category */
	int cat;         /* filter: index in cats, -1 all */
	int status;      /* filter: enum claim_status, -1 open ones */
	enum claim_sort sort;
	enum cl_pend pending;
};

/* Status filter letters, in enum claim_status order. */
static const char status_keys[] = "ntcrif";

static const char *const sort_labels[] = {"âge", "urgence", "lieu", "échéance"};

static const enum tui_action cl_actions[] = {
	A_OPEN, A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST, A_LAST,
	A_REDRAW, A_NONE,
};

static const struct view_key cl_keys[] = {
	{"t", "Tri", "Trier par âge, urgence, lieu ou échéance"},
	{"C", "Catégorie", "Filtrer par catégorie (puis sa lettre, * : toutes)"},
	{"S", "Statut", "Filtrer par statut (n nouvelle, t transmise, c en cours, r résolue, "
	    "i informée, f close ; * : les ouvertes)"},
	{NULL, NULL, NULL},
};

/* The letters people expect, for the demo's and the usual codes. */
static const struct {
	const char *code;
	char key;
} usual_keys[] = {
	{"plumbing", 'p'}, {"electricity", 'e'}, {"heating", 'c'}, {"hot_water", 'h'},
	{"lift", 'a'}, {"intercom", 'i'}, {"doors_locks", 's'}, {"cleanliness", 'r'},
	{"pests", 'n'}, {"nuisance", 'v'}, {"damp", 'd'}, {"other", 'o'},
};

char *
claims_category_keys(const struct claim_choice *cats, size_t n)
{
	char *keys = xcalloc(n + 1, 1);
	size_t i, j;
	const char *p;

	for (i = 0; i < n; i++)
		for (j = 0; j < sizeof usual_keys / sizeof usual_keys[0]; j++)
			if (strcmp(cats[i].code, usual_keys[j].code) == 0 &&
			    !memchr(keys, usual_keys[j].key, n))
				keys[i] = usual_keys[j].key;
	for (i = 0; i < n; i++) {
		for (p = cats[i].label; *p && !keys[i]; p++) {
			int c = tolower((unsigned char)*p);
			if (c >= 'a' && c <= 'z' && !memchr(keys, c, n))
				keys[i] = (char)c;
		}
		if (!keys[i])
			keys[i] = '.';
	}
	return keys;
}

static int
cl_reload(struct view *v, struct tui *t)
{
	struct claimsv *cv = v->data;
	struct claim_filter f;
	struct err e;

	memset(&f, 0, sizeof f);
	f.category = cv->cat >= 0 ? cv->cats[cv->cat].code : NULL;
	f.status = cv->status;
	f.open_only = cv->status < 0;
	f.sort = cv->sort;
	claim_page_free(&cv->page);
	if (claim_list(t->db, t->who, &f, NULL, &cv->page, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	v->pos.n = cv->page.n;
	if (v->pos.sel >= v->pos.n)
		v->pos.sel = v->pos.n ? v->pos.n - 1 : 0;
	return 0;
}

static int
cl_open(struct view *v, struct tui *t, const char *arg)
{
	struct claimsv *cv = xcalloc(1, sizeof *cv);
	struct err e;

	cv->cat = -1;
	cv->status = -1;
	v->data = cv;
	if (claim_categories(t->db, &cv->cats, &cv->ncats, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		free(cv);
		return -1;
	}
	cv->keys = claims_category_keys(cv->cats, cv->ncats);
	if (cl_reload(v, t) != 0) {
		claim_choices_free(cv->cats, cv->ncats);
		free(cv->keys);
		free(cv);
		return -1;
	}
	snprintf(v->crumb, sizeof v->crumb, "Réclamations");
	return 0;
}

static void
cl_draw_row(const struct claim_row *r, int y, enum draw_style st)
{
	char age[24];

	if (r->age_hours < 48)
		snprintf(age, sizeof age, "%ld h", (long)r->age_hours);
	else
		snprintf(age, sizeof age, "%ld j", (long)(r->age_hours / 24));
	draw_line(y, st);
	draw_text(y, 0, 1, r->overdue ? DS_ERROR : st, 1, r->overdue ? "!" : " ");
	draw_text(y, 1, 13, st, 1, r->number);
	draw_text(y, 15, 17, st, 1, claim_status_label(r->status));
	draw_text(y, 33, 8, r->overdue && st != DS_SELECTED ? DS_ERROR : st, 1,
	    claim_urgency_label(r->urgency));
	draw_text(y, 42, 14, st, 1, r->category_label ? r->category_label : r->category);
	draw_text(y, 57, 5, st, 1, age);
	draw_text(y, 63, draw_cols() - 63, st, 1, r->place);
}

static void
cl_draw(struct view *v, struct tui *t, int top, int height)
{
	struct claimsv *cv = v->data;
	char head[200];
	size_t i;
	int y;

	snprintf(head, sizeof head, " %zu réclamation%s %s, %zu en retard · tri : %s%s%s",
	    cv->page.total, cv->page.total > 1 ? "s" : "",
	    cv->status >= 0 ? claim_status_label(cv->status) : "ouvertes",
	    cv->page.overdue, sort_labels[cv->sort], cv->cat >= 0 ? " · " : "",
	    cv->cat >= 0 ? cv->cats[cv->cat].label : "");
	draw_text(top, 0, draw_cols(), DS_HEADER, 1, head);
	draw_text(top + 1, 0, draw_cols(), DS_DIM, 1,
	    "  Numéro        Statut            Urgence  Catégorie      Âge   Lieu");
	if (cv->page.n == 0)
		draw_text(top + 3, 2, draw_cols() - 4, DS_DIM, 1,
		    "Aucune réclamation : c sur un logement en prend une.");
	list_move(&v->pos, A_NONE, height - 3);
	for (i = v->pos.top, y = top + 2; i < cv->page.n && y < top + height - 1; i++, y++)
		cl_draw_row(&cv->page.rows[i], y, i == v->pos.sel ? DS_SELECTED : DS_NORMAL);
	if (cv->pending == CLP_CATEGORY) {
		struct buf b = {0};
		for (i = 0; i < cv->ncats; i++)
			buf_printf(&b, "%c %s · ", cv->keys[i], cv->cats[i].label);
		buf_printf(&b, "* toutes");
		draw_text(top + height - 1, 0, draw_cols(), DS_SELECTED, 1, b.data);
		buf_free(&b);
	} else if (cv->pending == CLP_STATUS) {
		draw_text(top + height - 1, 0, draw_cols(), DS_SELECTED, 1,
		    "Statut : n nouvelle · t transmise · c en cours · r résolue · i informée · "
		    "f close · * ouvertes");
	}
}

static void
cl_filter(struct view *v, struct tui *t, enum cl_pend p, int key)
{
	struct claimsv *cv = v->data;
	const char *k;
	size_t i;

	if (p == CLP_CATEGORY) {
		if (key == '*')
			cv->cat = -1;
		for (i = 0; i < cv->ncats; i++)
			if (key == cv->keys[i])
				cv->cat = (int)i;
	} else if (key == '*') {
		cv->status = -1;
	} else if (key > 0 && key < 128 && (k = strchr(status_keys, key)) != NULL) {
		cv->status = (int)(k - status_keys);
	}
	v->pos.sel = v->pos.top = 0;
	cl_reload(v, t);
}

static int
cl_key(struct view *v, struct tui *t, int key)
{
	struct claimsv *cv = v->data;
	enum cl_pend p = cv->pending;

	cv->pending = CLP_NONE;
	if (p != CLP_NONE) {
		cl_filter(v, t, p, key);
		return 1;
	}
	if (key == 't') {
		cv->sort = (cv->sort + 1) % 4;
		cl_reload(v, t);
		return 1;
	}
	if (key == 'C' || key == 'S') {
		cv->pending = key == 'C' ? CLP_CATEGORY : CLP_STATUS;
		return 1;
	}
	return 0;
}

static int
cl_action(struct view *v, struct tui *t, enum tui_action a)
{
	struct claimsv *cv = v->data;

	if (list_move(&v->pos, a, v->height - 3))
		return 1;
	if (a == A_OPEN && cv->page.n > 0) {
		tui_push(t, &view_claim_ops, cv->page.rows[v->pos.sel].id);
		return 1;
	}
	return 0;
}

static void
cl_close(struct view *v)
{
	struct claimsv *cv = v->data;

	claim_page_free(&cv->page);
	claim_choices_free(cv->cats, cv->ncats);
	free(cv->keys);
	free(cv);
}

const struct view_ops view_claims_ops = {
	"Réclamations", cl_open, cl_draw, cl_action, cl_key, cl_close, cl_actions, cl_keys,
};
