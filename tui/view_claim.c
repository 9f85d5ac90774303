/* One claim: where, what, for whom, how urgent and by when, its steps
 * with who and when, and its work orders. One key per step, offered only
 * when the workflow allows it; `W` orders work (the shared form of
 * view_work_order_new.c), and the work order under the cursor (j k)
 * moves on from here too: planned, done, checked, invoiced; Entrée opens
 * it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/claim.h"
#include "core/perm.h"
#include "core/user.h"
#include "core/work_order.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/privacy_note.h"
#include "tui/prompt.h"
#include "tui/view.h"

enum ask { ASK_FORWARD = 1, ASK_REOPEN, ASK_COMMENT, ASK_SCHEDULE, ASK_AMOUNT };

struct claimv {
	char id[UID_SIZE];
	struct claim *c;
	struct prompt ask;
};

/* Claim steps by key, in enum claim_action order. */
static const char step_keys[CLAIM_ACTION_COUNT] = {'t', 'd', 'R', 'I', 'X', 'O'};

static const enum tui_action cv_actions[] = {
	A_OPEN, A_BACK, A_QUIT, A_HELP, A_HISTORY, A_LOGBOOK_ADD, A_DOWN, A_UP, A_FIRST, A_LAST,
	A_REDRAW, A_NONE,
};

static const struct view_key cv_keys[] = {
	{"t d R I X", "Étapes", "Transmettre, démarrer, résolue, locataire informé, clore "
	    "(seules les étapes permises sont proposées)"},
	{"O", "Rouvrir", "Rouvrir : le locataire dit que ce n'est pas réglé (commentaire requis)"},
	{"+", "Commenter", "Ajouter un commentaire, à toute étape"},
	{"W", "Intervention", "Commander une intervention : entreprise (Tab complète), contrat, "
	    "travaux, date"},
	{"P E V $", "Intervention", "L'intervention choisie (j k) : planifiée (date), réalisée, "
	    "contrôlée sur place, facturée (montant)"},
	{NULL, NULL, NULL},
};

static struct work_order_row *
cv_order(struct view *v)
{
	struct claimv *cv = v->data;

	return cv->c->norders ? &cv->c->orders[v->pos.sel] : NULL;
}

static int
cv_reload(struct view *v, struct tui *t)
{
	struct claimv *cv = v->data;
	struct err e;

	if (cv->c)
		claim_free(cv->c);
	cv->c = NULL;
	if (claim_load(t->db, t->who, cv->id, NULL, &cv->c, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	v->pos.n = cv->c->norders;
	if (v->pos.sel >= v->pos.n)
		v->pos.sel = v->pos.n ? v->pos.n - 1 : 0;
	return 0;
}

static int
cv_open(struct view *v, struct tui *t, const char *arg)
{
	struct claimv *cv = xcalloc(1, sizeof *cv);

	snprintf(cv->id, sizeof cv->id, "%s", arg ? arg : "");
	v->data = cv;
	if (cv_reload(v, t) != 0) {
		free(cv);
		return -1;
	}
	snprintf(v->crumb, sizeof v->crumb, "Réclamation %s", cv->c->row.number);
	return 0;
}

/* The claim's steps offered now: "Étapes : t Transmettre · R Résoudre". */
static void
cv_offer(const struct claim *c, char *out, size_t size)
{
	unsigned allowed = claim_actions(c->row.status, c->row.has_tenant);
	size_t len = 0;
	int a;

	len = (size_t)snprintf(out, size, "%s", allowed ? "Étapes :" : "Plus d'étape");
	for (a = 0; a < CLAIM_ACTION_COUNT && len < size; a++)
		if (allowed & (1u << a))
			len += (size_t)snprintf(out + len, size - len, "%s %c %s",
			    len > 10 ? " ·" : "", step_keys[a], claim_action_label(a));
}

/* The selected order's steps who may take now: " · E Réalisé". */
static void
cv_order_offer(const struct work_order_row *o, const char *role, char *out, size_t size)
{
	static const struct {
		enum work_order_status to;
		char key;
	} steps[] = {{WORK_ORDER_SCHEDULED, 'P'}, {WORK_ORDER_DONE, 'E'},
	    {WORK_ORDER_CHECKED, 'V'}, {WORK_ORDER_INVOICED, '$'}};
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < sizeof steps / sizeof steps[0] && len < size; i++) {
		if (!work_order_can(o->status, steps[i].to) ||
		    (steps[i].to == WORK_ORDER_CHECKED && !perm_may_check_work(role)) ||
		    (steps[i].to == WORK_ORDER_INVOICED && !perm_can_write(role, PG_MONEY)))
			continue;
		len += (size_t)snprintf(out + len, size - len, " · %c %s", steps[i].key,
		    work_order_status_label(steps[i].to));
	}
}

static int
cv_draw_head(struct view *v, struct tui *t, int y)
{
	struct claimv *cv = v->data;
	const struct claim *c = cv->c;
	char line[512], offer[400];
	int w = draw_cols() - 2;

	snprintf(line, sizeof line, "%s · %s · %s · %s", c->row.number,
	    claim_status_label(c->row.status), claim_urgency_label(c->row.urgency),
	    c->row.category_label ? c->row.category_label : c->row.category);
	draw_text(y++, 1, w, DS_HEADER, 1, line);
	snprintf(line, sizeof line, "Lieu : %s (%s) · %s", c->row.place,
	    claim_place_label(c->row.place_kind), c->row.estate ? c->row.estate : "");
	draw_text(y++, 1, w, DS_NORMAL, 1, line);
	snprintf(line, sizeof line, "Canal : %s · Locataire : %s", claim_channel_label(c->channel),
	    c->tenant_hidden ? "réservé à l'agence" : c->tenant ? c->tenant : "aucun");
	draw_text(y++, 1, w, DS_NORMAL, 1, line);
	snprintf(line, sizeof line, "Ouverte le %.10s à %.5s · échéance %s%.10s %.5s%s",
	    c->row.opened_at, c->row.opened_at + 11, c->row.due_at[0] ? "" : "aucune",
	    c->row.due_at, c->row.due_at[0] ? c->row.due_at + 11 : "",
	    c->row.overdue ? " · ! EN RETARD" : "");
	draw_text(y++, 1, w, c->row.overdue ? DS_ERROR : DS_NORMAL, 1, line);
	snprintf(line, sizeof line, "« %s »", c->description);
	draw_text(y++, 1, w, DS_NORMAL, 1, line);
	cv_offer(c, offer, sizeof offer);
	draw_text(y++, 1, w, DS_DIM, 1, offer);
	return y;
}

static void
cv_draw_event(const struct claim_event_row *ev, const char *prefix, int y)
{
	char line[600];
	int n;

	n = snprintf(line, sizeof line, "%.10s %.5s %s%s%s%s%s", ev->at, ev->at + 11, prefix,
	    ev->from[0] ? claim_status_label(claim_status_parse(ev->from)) : "",
	    ev->from[0] ? " → " : "", ev->to[0] ? claim_status_label(claim_status_parse(ev->to)) :
	    "commentaire", "");
	snprintf(line + n, sizeof line - (size_t)n, " · %s%s%s", ev->user,
	    ev->comment ? " : " : "", ev->comment ? ev->comment : "");
	draw_text(y, 3, draw_cols() - 4, DS_NORMAL, 1, line);
}

static void
cv_draw(struct view *v, struct tui *t, int top, int height)
{
	struct claimv *cv = v->data;
	const struct claim *c = cv->c;
	char line[256], offer[128];
	size_t i;
	int y = cv_draw_head(v, t, top), end = top + height - 1;

	if (c->norders) {
		cv_order_offer(cv_order(v), t->who->role, offer, sizeof offer);
		snprintf(line, sizeof line, "Interventions (j k, Entrée : ouvrir)%s", offer);
	} else {
		snprintf(line, sizeof line, "Interventions : aucune (W en commande une)");
	}
	draw_text(y++, 1, draw_cols() - 2, DS_HEADER, 1, line);
	for (i = 0; i < c->norders && y < end - 2; i++) {
		const struct work_order_row *o = &c->orders[i];
		enum draw_style st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;
		snprintf(line, sizeof line, "%s %s · %s · %s%s%s", o->number,
		    work_order_status_label(o->status), o->contractor,
		    o->planned_date[0] ? "prévue le " : "", o->planned_date,
		    o->contract ? " · sous contrat" : "");
		draw_text(y++, 1, draw_cols() - 2, st, 1, line);
	}
	draw_text(y++, 1, draw_cols() - 2, DS_HEADER, 1, "Suivi : qui, quand");
	i = c->nevents > (size_t)(end - y) ? c->nevents - (size_t)(end - y) : 0;
	for (; i < c->nevents && y < end; i++)
		cv_draw_event(&c->events[i], "", y++);
	if (cv->ask.active)
		prompt_draw(&cv->ask, top + height - 1);
}

static void
cv_ask(struct claimv *cv, int tag, const char *label, const char *const *phrases, size_t n)
{
	prompt_start(&cv->ask, tag, label, NULL, CLAIM_TEXT_MAX, phrases, n);
}

static void
cv_step(struct view *v, struct tui *t, enum claim_action a, const char *comment)
{
	struct claimv *cv = v->data;
	struct err e;

	if (claim_transition(t->db, t->who, cv->id, a, comment, NULL, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return;
	}
	cv_reload(v, t);
	tui_invalidate(t);
	tui_say(t, 0, " Réclamation : %s", claim_status_label(cv->c->row.status));
}

static void
cv_order_step(struct view *v, struct tui *t, enum work_order_status to, const char *date,
    int64_t cents)
{
	struct work_order_row *o = cv_order(v);
	struct work_order_step s;
	struct err e;

	memset(&s, 0, sizeof s);
	s.to = to;
	s.planned_date = date;
	s.amount_cents = cents;
	if (work_order_transition(t->db, t->who, o->id, &s, NULL, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return;
	}
	tui_say(t, 0, " Intervention %s : %s", o->number, work_order_status_label(to));
	cv_reload(v, t);
	tui_invalidate(t);
}


static void
cv_answer(struct view *v, struct tui *t, int tag, const char *text)
{
	struct claimv *cv = v->data;
	struct err e;
	int64_t cents;

	switch (tag) {
	case ASK_FORWARD:
		cv_step(v, t, CLAIM_FORWARD, text[0] ? text : NULL);
		break;
	case ASK_REOPEN:
		cv_step(v, t, CLAIM_REOPEN, text);
		break;
	case ASK_COMMENT:
		if (claim_comment(t->db, t->who, cv->id, text, NULL, &e) != 0) {
			tui_say(t, 1, " %.250s", e.msg);
			break;
		}
		cv_reload(v, t);
		tui_invalidate(t);
		tui_say(t, 0, " Commentaire ajouté");
		tui_privacy_note(t, text);
		break;
	case ASK_SCHEDULE:
		cv_order_step(v, t, WORK_ORDER_SCHEDULED, text[0] ? text : NULL, 0);
		break;
	case ASK_AMOUNT:
		if ((cents = tui_parse_euros(text)) < 0)
			tui_say(t, 1, " Montant illisible : 1234,56 par exemple");
		else
			cv_order_step(v, t, WORK_ORDER_INVOICED, NULL, cents);
		break;
	}
}

static int
cv_order_key(struct view *v, struct tui *t, int key)
{
	struct claimv *cv = v->data;
	struct work_order_row *o = cv_order(v);

	if (!o) {
		tui_say(t, 1, " Pas d'intervention : W en commande une");
		return 1;
	}
	if (key == 'P')
		prompt_start(&cv->ask, ASK_SCHEDULE, "Date prévue (AAAA-MM-JJ)", o->planned_date,
		    10, NULL, 0);
	else if (key == 'E')
		cv_order_step(v, t, WORK_ORDER_DONE, NULL, 0);
	else if (key == 'V')
		cv_order_step(v, t, WORK_ORDER_CHECKED, NULL, 0);
	else if (!perm_can_write(t->who->role, PG_MONEY))
		tui_say(t, 1, " Facturation : réservée aux rôles qui voient les montants");
	else
		prompt_start(&cv->ask, ASK_AMOUNT, "Montant facturé (euros)", NULL, 16, NULL, 0);
	return 1;
}

static int
cv_key(struct view *v, struct tui *t, int key)
{
	struct claimv *cv = v->data;
	char arg[64];
	const char *k;
	int a;

	if (cv->ask.active) {
		int tag = cv->ask.tag;
		if (prompt_key(&cv->ask, key) == PROMPT_DONE) {
			char *text = prompt_take(&cv->ask);
			cv_answer(v, t, tag, text);
			free(text);
		}
		return 1;
	}
	if (key > 0 && key < 128 && key != 0 &&
	    (k = memchr(step_keys, key, sizeof step_keys)) != NULL) {
		a = (int)(k - step_keys);
		if (!(claim_actions(cv->c->row.status, cv->c->row.has_tenant) & (1u << a)))
			tui_say(t, 1, " %s : impossible depuis « %s »", claim_action_label(a),
			    claim_status_label(cv->c->row.status));
		else if (a == CLAIM_FORWARD)
			cv_ask(cv, ASK_FORWARD, "Transmise à (service, facultatif)", NULL, 0);
		else if (a == CLAIM_REOPEN)
			cv_ask(cv, ASK_REOPEN, "Rouverte : ce que dit le locataire", NULL, 0);
		else
			cv_step(v, t, a, NULL);
		return 1;
	}
	switch (key) {
	case '+':
		cv_ask(cv, ASK_COMMENT, "Commentaire", NULL, 0);
		return 1;
	case 'W':
		snprintf(arg, sizeof arg, "claim:%s", cv->id);
		tui_push(t, &view_work_order_new_ops, arg);
		return 1;
	case 'P': case 'E': case 'V': case '$':
		return cv_order_key(v, t, key);
	}
	return 0;
}

static int
cv_action(struct view *v, struct tui *t, enum tui_action a)
{
	struct claimv *cv = v->data;
	enum place_kind k;
	char arg[64];

	if (list_move(&v->pos, a, 1))
		return 1;
	if (a == A_OPEN && cv->c->norders) {
		tui_push(t, &view_work_order_ops, cv_order(v)->id);
		return 1;
	}
	if (a == A_HISTORY || a == A_LOGBOOK_ADD) {
		k = cv->c->row.place_kind == CLAIM_PLACE_DWELLING ? PLACE_DWELLING :
		    cv->c->row.place_kind == CLAIM_PLACE_ENTRANCE ? PLACE_ENTRANCE :
		    cv->c->row.place_kind == CLAIM_PLACE_BUILDING ? PLACE_BUILDING : PLACE_NONE;
		if (k == PLACE_NONE)
			return 0;
		tui_place_arg(arg, sizeof arg, k, cv->c->row.place_id);
		tui_push(t, a == A_HISTORY ? &view_history_ops : &view_logbook_add_ops, arg);
		return 1;
	}
	return 0;
}

static void
cv_close(struct view *v)
{
	struct claimv *cv = v->data;

	prompt_close(&cv->ask);
	if (cv->c)
		claim_free(cv->c);
	free(cv);
}

const struct view_ops view_claim_ops = {
	"Réclamation", cv_open, cv_draw, cv_action, cv_key, cv_close, cv_actions, cv_keys,
};
