/* What the leaving tenant owes, line by line: quantity × unit price,
 * age and wear coefficient, the tenant's share, and under the cursor the
 * rule that gave the coefficient; totals and the deposit deadline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/charge.h"
#include "core/inspection.h"
#include "core/inspection_doc.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/view.h"

struct chargev {
	struct charge_statement *s;
	int estimate; /* a pre-exit visit: an estimate */
};

static const enum tui_action charges_actions[] = {
	A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST, A_LAST, A_REDRAW,
	A_NONE,
};

static int
charges_open(struct view *v, struct tui *t, const char *arg)
{
	struct chargev *cv = xcalloc(1, sizeof *cv);
	struct inspection *in;
	struct err e;

	if (inspection_load(t->db, t->who, arg, &in, &e) != 0 ||
	    charge_statement(t->db, arg, &cv->s, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		free(cv);
		return -1;
	}
	cv->estimate = strcmp(in->kind, "pre_exit") == 0;
	tui_set_place(t, v, PLACE_DWELLING, in->dwelling_id);
	inspection_free(in);
	snprintf(v->crumb, sizeof v->crumb, "%s", cv->estimate ? "Estimation des réparations" :
	    "Charges du locataire");
	v->data = cv;
	v->pos.n = cv->s->nlines;
	return 0;
}

static void
charges_line(const struct charge_line *l, int y, enum draw_style st)
{
	char what[160], qty[64], share[40], unit[40], age[24], coef[16];

	inspection_doc_money(l->unit_price_cents, unit);
	inspection_doc_money(l->share_cents, share);
	snprintf(what, sizeof what, "%s%s%s", l->room ? l->room : "", l->room ? " — " : "", l->item);
	snprintf(qty, sizeof qty, "%g %s × %s", l->quantity, strcmp(l->unit, "m2") == 0 ? "m²" :
	    strcmp(l->unit, "unit") == 0 ? "u." : strcmp(l->unit, "hour") == 0 ? "h" :
	    strcmp(l->unit, "flat") == 0 ? "forf." : l->unit, unit);
	if (l->age_source)
		snprintf(age, sizeof age, "%d an%s", l->age_years, l->age_years > 1 ? "s" : "");
	else
		snprintf(age, sizeof age, "—");
	if (l->coef_bp % 100)
		snprintf(coef, sizeof coef, "%d,%02d%%", l->coef_bp / 100, l->coef_bp % 100);
	else
		snprintf(coef, sizeof coef, "%d %%", l->coef_bp / 100);
	draw_line(y, st);
	draw_text(y, 1, 28, st, 1, what);
	draw_text(y, 30, 22, st, 1, qty);
	draw_text(y, 53, 7, st, 1, age);
	draw_text(y, 61, 7, st, 1, coef);
	draw_text(y, 68, 11, st, 1, share);
}

static void
charges_draw(struct view *v, struct tui *t, int top, int height)
{
	struct chargev *cv = v->data;
	const struct charge_statement *s = cv->s;
	char line[320], total[40], deposit[40];
	size_t i;
	int y, body = height - 6;

	draw_text(top, 0, draw_cols(), DS_DIM, 1,
	    " Élément                     Quantité × prix        Âge      Coef. Part loc.");
	if (s->nlines == 0)
		draw_text(top + 2, 2, draw_cols() - 4, DS_DIM, 1, "Aucune réparation locative "
		    "chiffrée : l'état de sortie ne coûte rien au locataire.");
	list_move(&v->pos, A_NONE, body);
	for (i = v->pos.top, y = top + 1; i < s->nlines && y < top + 1 + body; i++, y++)
		charges_line(&s->lines[i], y, i == v->pos.sel ? DS_SELECTED : DS_NORMAL);
	y = top + height - 5;
	if (s->nlines) {
		const struct charge_line *l = &s->lines[v->pos.sel];
		snprintf(line, sizeof line, "Défaut : %s", l->defect ? l->defect : "—");
		draw_text(y, 1, draw_cols() - 2, DS_NORMAL, 1, line);
		snprintf(line, sizeof line, "Règle : %s", l->rule ? l->rule : "");
		draw_text(y + 1, 1, draw_cols() - 2, DS_DIM, 1, line);
	}
	inspection_doc_money(s->total_share_cents, total);
	snprintf(line, sizeof line, "%s : %s (avant vétusté : ", cv->estimate ? "Estimation" :
	    "Total à la charge du locataire", total);
	inspection_doc_money(s->total_cost_cents, total);
	snprintf(line + strlen(line), sizeof line - strlen(line), "%s)%s", total,
	    s->nunpriced ? " — des défauts ne sont pas chiffrés" : "");
	draw_text(y + 2, 1, draw_cols() - 2, DS_HEADER, 1, line);
	if (s->deposit_cents >= 0)
		inspection_doc_money(s->deposit_cents, deposit);
	else
		snprintf(deposit, sizeof deposit, "inconnu");
	snprintf(line, sizeof line, "Dépôt de garantie %s, à restituer avant le %s (%d mois)",
	    deposit, s->deposit_deadline[0] ? s->deposit_deadline : "—", s->deposit_months);
	draw_text(y + 3, 1, draw_cols() - 2, DS_NORMAL, 1, line);
	draw_text(y + 4, 1, draw_cols() - 2, DS_DIM, 1, s->rounding ? s->rounding : "");
}

static int
charges_action(struct view *v, struct tui *t, enum tui_action a)
{
	return list_move(&v->pos, a, v->height - 6);
}

static void
charges_close(struct view *v)
{
	struct chargev *cv = v->data;

	charge_statement_free(cv->s);
	free(cv);
}

const struct view_ops view_insp_charges_ops = {
	"Charges", charges_open, charges_draw, charges_action, NULL, charges_close,
	charges_actions, NULL,
};
