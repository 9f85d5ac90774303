/* One work order: the contractor and its contract, the place, what to
 * do, where it comes from, the amount (for roles that may see money),
 * and its steps with who and when. One key per step, offered only when
 * the workflow and the role allow it: P planned (a date), E done, V
 * checked on site (the gardien), $ invoiced (the amount), + a comment. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/field.h"
#include "core/perm.h"
#include "core/user.h"
#include "core/work_order.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/privacy_note.h"
#include "tui/prompt.h"
#include "tui/view.h"

enum { ASK_SCHEDULE = 1, ASK_AMOUNT, ASK_COMMENT };

struct wov {
	char id[UID_SIZE];
	struct work_order *w;
	struct prompt ask;
};

static const enum tui_action wov_actions[] = {
	A_BACK, A_QUIT, A_HELP, A_HISTORY, A_LOGBOOK_ADD, A_REDRAW, A_NONE,
};

static const struct view_key wov_keys[] = {
	{"P", "Planifiée", "Planifier l'intervention (date prévue)"},
	{"E", "Réalisée", "L'entreprise est passée : intervention réalisée"},
	{"V", "Contrôlée", "Contrôlée sur place par le gardien"},
	{"$", "Facturée", "Facturée : le montant (euros, 1234,50) va aux travaux du lieu"},
	{"+", "Commenter", "Ajouter un commentaire, à toute étape"},
	{NULL, NULL, NULL},
};

static const struct {
	enum work_order_status to;
	char key;
} wov_steps[] = {{WORK_ORDER_SCHEDULED, 'P'}, {WORK_ORDER_DONE, 'E'},
    {WORK_ORDER_CHECKED, 'V'}, {WORK_ORDER_INVOICED, '$'}};

#define NSTEPS (sizeof wov_steps / sizeof wov_steps[0])

static int
wov_reload(struct view *v, struct tui *t)
{
	struct wov *wv = v->data;
	struct err e;

	work_order_free(wv->w);
	wv->w = NULL;
	if (work_order_load(t->db, t->who, wv->id, &wv->w, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	return 0;
}

static enum place_kind
wov_place_kind(enum claim_place k)
{
	return k == CLAIM_PLACE_DWELLING ? PLACE_DWELLING : k == CLAIM_PLACE_ENTRANCE ?
	    PLACE_ENTRANCE : k == CLAIM_PLACE_BUILDING ? PLACE_BUILDING : PLACE_NONE;
}

static int
wov_open(struct view *v, struct tui *t, const char *arg)
{
	struct wov *wv = xcalloc(1, sizeof *wv);
	enum place_kind k;

	snprintf(wv->id, sizeof wv->id, "%s", arg ? arg : "");
	v->data = wv;
	if (wov_reload(v, t) != 0) {
		free(wv);
		v->data = NULL;
		return -1;
	}
	snprintf(v->crumb, sizeof v->crumb, "Intervention %s", wv->w->row.number);
	/* The order's place is the screen's, so that h and l are about it. */
	if ((k = wov_place_kind(wv->w->row.place_kind)) != PLACE_NONE) {
		v->place = k;
		snprintf(v->place_id, sizeof v->place_id, "%s", wv->w->row.place_id);
	}
	return 0;
}

/* "1 234,50 €" */
static void
wov_money(int64_t cents, char *out, size_t size)
{
	char digits[32], grouped[48];
	size_t n, i, j = 0;

	snprintf(digits, sizeof digits, "%lld", (long long)(cents / 100));
	n = strlen(digits);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[j++] = ' ';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	snprintf(out, size, "%s,%02lld €", grouped, (long long)(cents % 100));
}

/* 1 if who may take the step now (the core has the last word). */
static int
wov_may(const struct work_order_row *o, const char *role, enum work_order_status to)
{
	return work_order_can(o->status, to) &&
	    (to != WORK_ORDER_CHECKED || perm_may_check_work(role)) &&
	    (to != WORK_ORDER_INVOICED || perm_can_write(role, PG_MONEY));
}

static void
wov_offer(const struct work_order_row *o, const char *role, char *out, size_t size)
{
	size_t i, len;

	len = (size_t)snprintf(out, size, "Étapes :");
	for (i = 0; i < NSTEPS && len < size; i++)
		if (wov_may(o, role, wov_steps[i].to))
			len += (size_t)snprintf(out + len, size - len, "%s %c %s",
			    len > 10 ? " ·" : "", wov_steps[i].key,
			    work_order_status_label(wov_steps[i].to));
	if (len <= 10)
		snprintf(out, size, "Plus d'étape pour vous · + : commenter");
}

static const char *
wov_origin(const struct work_order_row *o, char *buf, size_t size)
{
	if (o->claim_id[0])
		snprintf(buf, size, "Réclamation %s", o->claim_number);
	else if (o->round_result_id[0])
		snprintf(buf, size, "Anomalie de ronde");
	else if (o->inspection_item_id[0])
		snprintf(buf, size, "Défaut relevé à l'état des lieux de sortie");
	else
		snprintf(buf, size, "Commande directe");
	return buf;
}

static void
wov_field(int y, const char *label, const char *value, enum draw_style st)
{
	draw_text(y, 1, 12, DS_DIM, 1, label);
	draw_text(y, 13, draw_cols() - 14, st, 1, value);
}

static int
wov_draw_head(const struct work_order_row *o, const char *role, int y)
{
	char line[600], buf[160], *why;

	snprintf(line, sizeof line, "%s · %s", o->number, work_order_status_label(o->status));
	draw_text(y++, 1, draw_cols() - 2, DS_HEADER, 1, line);
	wov_field(y++, "Entreprise", o->contractor ? o->contractor : "", DS_NORMAL);
	if (o->contract && o->response_hours > 0)
		snprintf(line, sizeof line, "sous %d h · %s", o->response_hours, o->contract);
	else
		snprintf(line, sizeof line, "%s", o->contract ? o->contract : "hors contrat");
	wov_field(y++, "Contrat", line, DS_NORMAL);
	snprintf(line, sizeof line, "%s (%s)", o->place ? o->place : "",
	    claim_place_label(o->place_kind));
	wov_field(y++, "Lieu", line, DS_NORMAL);
	snprintf(line, sizeof line, "« %s »", o->description ? o->description : "");
	wov_field(y++, "Travaux", line, DS_NORMAL);
	wov_field(y++, "Origine", wov_origin(o, buf, sizeof buf), DS_NORMAL);
	snprintf(line, sizeof line, "commandée le %.10s à %.5s · %s%s", o->ordered_at,
	    o->ordered_at + 11, o->planned_date[0] ? "prévue le " : "pas de date prévue",
	    o->planned_date);
	wov_field(y++, "Dates", line, DS_NORMAL);
	if (o->amount_hidden) {
		/* Named as everywhere else: what is hidden, and whom to ask. */
		why = field_reserved(PG_MONEY);
		snprintf(line, sizeof line, "%s", why);
		free(why);
	} else if (o->has_amount)
		wov_money(o->amount_cents, line, sizeof line);
	else
		snprintf(line, sizeof line, "pas encore facturée");
	wov_field(y++, "Montant", line, o->has_amount ? DS_NORMAL : DS_DIM);
	wov_offer(o, role, line, sizeof line);
	draw_text(y++, 1, draw_cols() - 2, DS_DIM, 1, line);
	return y;
}

static void
wov_draw_event(const struct claim_event_row *ev, int y)
{
	char line[700];
	int from = work_order_status_parse(ev->from), to = work_order_status_parse(ev->to);

	snprintf(line, sizeof line, "%.10s %.5s %s%s%s · %s%s%s", ev->at, ev->at + 11,
	    from >= 0 ? work_order_status_label((enum work_order_status)from) : "",
	    from >= 0 ? " → " : "", to >= 0 ? work_order_status_label((enum work_order_status)to) :
	    "commentaire", ev->user ? ev->user : ev->user_id, ev->comment ? " : " : "",
	    ev->comment ? ev->comment : "");
	draw_text(y, 3, draw_cols() - 4, DS_NORMAL, 1, line);
}

static void
wov_draw(struct view *v, struct tui *t, int top, int height)
{
	struct wov *wv = v->data;
	const struct work_order *w = wv->w;
	int y, end = top + height - 1;
	size_t i;

	if (w == NULL)
		return;
	y = wov_draw_head(&w->row, t->who->role, top);
	draw_text(y++, 1, draw_cols() - 2, DS_HEADER, 1, "Suivi : qui, quand");
	i = w->nevents > (size_t)(end - y) ? w->nevents - (size_t)(end - y) : 0;
	for (; i < w->nevents && y < end; i++)
		wov_draw_event(&w->events[i], y++);
	prompt_draw(&wv->ask, top + height - 1);
}


static void
wov_step(struct view *v, struct tui *t, enum work_order_status to, const char *date,
    int64_t cents)
{
	struct wov *wv = v->data;
	struct work_order_step s;
	struct err e;

	memset(&s, 0, sizeof s);
	s.to = to;
	s.planned_date = date;
	s.amount_cents = cents;
	if (work_order_transition(t->db, t->who, wv->id, &s, NULL, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return;
	}
	tui_invalidate(t);
	if (wov_reload(v, t) == 0)
		tui_say(t, 0, " Intervention %s : %s", wv->w->row.number,
		    work_order_status_label(to));
}

static void
wov_answer(struct view *v, struct tui *t, int tag, const char *text)
{
	struct wov *wv = v->data;
	struct err e;
	int64_t cents;

	if (tag == ASK_SCHEDULE) {
		wov_step(v, t, WORK_ORDER_SCHEDULED, text[0] ? text : NULL, 0);
	} else if (tag == ASK_AMOUNT) {
		if ((cents = tui_parse_euros(text)) < 0)
			tui_say(t, 1, " Montant illisible : 1234,50 par exemple");
		else
			wov_step(v, t, WORK_ORDER_INVOICED, NULL, cents);
	} else if (work_order_comment(t->db, t->who, wv->id, text, NULL, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
	} else {
		tui_invalidate(t);
		wov_reload(v, t);
		tui_say(t, 0, " Commentaire ajouté");
		tui_privacy_note(t, text);
	}
}

static int
wov_key(struct view *v, struct tui *t, int key)
{
	struct wov *wv = v->data;
	const struct work_order_row *o;
	char *text;
	int tag;

	if (wv->w == NULL)
		return 0;
	o = &wv->w->row;
	if (wv->ask.active) {
		tag = wv->ask.tag;
		if (prompt_key(&wv->ask, key) == PROMPT_DONE) {
			text = prompt_take(&wv->ask);
			wov_answer(v, t, tag, text);
			free(text);
		}
		return 1;
	}
	switch (key) {
	case 'P':
		prompt_start(&wv->ask, ASK_SCHEDULE, "Date prévue (AAAA-MM-JJ)", o->planned_date,
		    10, NULL, 0);
		return 1;
	case 'E':
		wov_step(v, t, WORK_ORDER_DONE, NULL, 0);
		return 1;
	case 'V':
		wov_step(v, t, WORK_ORDER_CHECKED, NULL, 0);
		return 1;
	case '$':
		if (!perm_can_write(t->who->role, PG_MONEY))
			tui_say(t, 1, " Facturation : réservée aux rôles qui voient les montants");
		else
			prompt_start(&wv->ask, ASK_AMOUNT, "Montant facturé (euros, 1234,50)", NULL,
			    20, NULL, 0);
		return 1;
	case '+':
		prompt_start(&wv->ask, ASK_COMMENT, "Commentaire", NULL, CLAIM_TEXT_MAX, NULL, 0);
		return 1;
	}
	return 0;
}

static int
wov_action(struct view *v, struct tui *t, enum tui_action a)
{
	(void)v;
	(void)t;
	(void)a;
	return 0;
}

static void
wov_close(struct view *v)
{
	struct wov *wv = v->data;

	if (wv == NULL)
		return;
	prompt_close(&wv->ask);
	work_order_free(wv->w);
	free(wv);
}

const struct view_ops view_work_order_ops = {
	"Intervention", wov_open, wov_draw, wov_action, wov_key, wov_close, wov_actions,
	wov_keys,
};
