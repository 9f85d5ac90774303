/* Ordering work, from a claim ("claim:ID"), a round anomaly
 * ("round:RUN:ITEM") or the place on screen ("kind:id"): the contractor
 * by name (Tab completes), then one of its contracts in force for the
 * agency (Tab cycles, the first by default), what to do (the origin's
 * text by default), an optional planned date; Entrée moves on, Échap
 * goes back a step. */
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

enum wn_step { WN_CONTRACTOR, WN_CONTRACT, WN_TEXT, WN_DATE };

struct wonew {
	enum wn_step step;
	char claim_id[UID_SIZE];
	char result_id[UID_SIZE];
	enum claim_place kind;
	char place_id[UID_SIZE]; /* "" when the origin's */
	char *origin;            /* what the order comes from, in words */
	char *where;             /* the place, in words */
	char *text;              /* the origin's text, NULL if none */
	struct work_order_contractor *ctr;
	size_t nctr;
	const char **names;
	size_t chosen;           /* contractor, once past WN_CONTRACTOR */
	size_t *inforce;         /* its contracts in force (indexes) */
	size_t ninforce;
	size_t contract;         /* index in inforce */
	char *description;       /* typed, once past WN_TEXT */
	struct prompt ask;
	char error[512];
};

static const enum tui_action wn_actions[] = {A_NONE};

static const struct view_key wn_keys[] = {
	{"Tab", "Compléter", "Entreprise : complète le nom ; contrat : contrat suivant"},
	{"Entrée", "Suivant", "Valider l'étape (la dernière commande l'intervention)"},
	{"Échap", "Retour", "Revenir d'une étape, ou abandonner"},
	{NULL, NULL, NULL},
};

static int
wn_from_claim(struct wonew *wn, struct tui *t, const char *id)
{
	struct claim *c;
	struct err e;

	if (claim_load(t->db, t->who, id, NULL, &c, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	snprintf(wn->claim_id, sizeof wn->claim_id, "%s", id);
	wn->origin = xasprintf("Réclamation %s", c->row.number);
	wn->where = xasprintf("%s (%s)", c->row.place, claim_place_label(c->row.place_kind));
	wn->text = xstrdup(c->description);
	claim_free(c);
	return 0;
}

static int
wn_from_round(struct wonew *wn, struct view *v, struct tui *t, const char *arg)
{
	const char *colon = strchr(arg, ':');
	char run[UID_SIZE], building[UID_SIZE];
	struct err e;

	if (colon == NULL || (size_t)(colon - arg) >= sizeof run) {
		tui_say(t, 1, " Ligne de ronde invalide");
		return -1;
	}
	snprintf(run, sizeof run, "%.*s", (int)(colon - arg), arg);
	if (work_order_round_anomaly(t->db, t->who, run, colon + 1, wn->result_id, building,
	    &wn->text, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	/* An estate's round says not where: the building's screen does. */
	if (building[0] == '\0') {
		tui_say(t, 1, " Ronde de toute la résidence : commandez depuis le bâtiment "
		    "concerné (W)");
		return -1;
	}
	if (tui_set_place(t, v, PLACE_BUILDING, building) != 0)
		return -1;
	wn->origin = xstrdup("Anomalie de ronde");
	wn->where = xstrdup(v->title ? v->title : building);
	return 0;
}

static int
wn_from_place(struct wonew *wn, struct view *v, struct tui *t, const char *arg)
{
	enum place_kind kind;
	const char *id = tui_place_parse(arg, &kind);

	if (!id || (kind != PLACE_DWELLING && kind != PLACE_ENTRANCE && kind != PLACE_BUILDING)) {
		tui_say(t, 1, " Cherchez d'abord le lieu (/) : un logement, une entrée ou un "
		    "bâtiment");
		return -1;
	}
	if (tui_set_place(t, v, kind, id) != 0)
		return -1;
	wn->kind = kind == PLACE_DWELLING ? CLAIM_PLACE_DWELLING :
	    kind == PLACE_ENTRANCE ? CLAIM_PLACE_ENTRANCE : CLAIM_PLACE_BUILDING;
	snprintf(wn->place_id, sizeof wn->place_id, "%s", id);
	wn->origin = xstrdup("Commande directe");
	wn->where = xstrdup(v->title ? v->title : id);
	return 0;
}

static int
wn_contractors(struct wonew *wn, struct tui *t)
{
	struct err e;
	size_t i;

	if (work_order_contractors(t->db, t->who, t->who->agency_id, t->today, &wn->ctr,
	    &wn->nctr, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	if (wn->nctr == 0) {
		tui_say(t, 1, " Aucune entreprise n'est enregistrée");
		return -1;
	}
	wn->names = xcalloc(wn->nctr, sizeof *wn->names);
	for (i = 0; i < wn->nctr; i++)
		wn->names[i] = wn->ctr[i].name;
	return 0;
}

static void wn_close(struct view *v);

static void
wn_ask_contractor(struct wonew *wn, const char *initial)
{
	prompt_start(&wn->ask, WN_CONTRACTOR, "Entreprise (Tab complète)", initial, 120,
	    wn->names, wn->nctr);
	wn->step = WN_CONTRACTOR;
}

static int
wn_open(struct view *v, struct tui *t, const char *arg)
{
	struct wonew *wn;
	int rc;

	if (!perm_can_write(t->who->role, PG_CLAIMS)) {
		tui_say(t, 1, " Interventions : votre rôle (%s) ne permet pas d'en commander",
		    user_role_label(t->who->role));
		return -1;
	}
	wn = xcalloc(1, sizeof *wn);
	v->data = wn;
	if (arg && strncmp(arg, "claim:", 6) == 0)
		rc = wn_from_claim(wn, t, arg + 6);
	else if (arg && strncmp(arg, "round:", 6) == 0)
		rc = wn_from_round(wn, v, t, arg + 6);
	else
		rc = wn_from_place(wn, v, t, arg);
	if (rc != 0 || wn_contractors(wn, t) != 0) {
		wn_close(v);
		return -1;
	}
	snprintf(v->crumb, sizeof v->crumb, "Commander une intervention");
	wn_ask_contractor(wn, NULL);
	return 0;
}

/* ---- Drawing ---- */

static const struct work_order_contract *
wn_contract(const struct wonew *wn)
{
	if (wn->step <= WN_CONTRACTOR || wn->ninforce == 0)
		return NULL;
	return &wn->ctr[wn->chosen].contracts[wn->inforce[wn->contract]];
}

/* "Contrat Plomberie · Plomberie · 24 h" */
static void
wn_contract_line(const struct work_order_contract *c, const char *trade, char *out,
    size_t size)
{
	char hours[24] = "";

	if (c->response_hours > 0)
		snprintf(hours, sizeof hours, " · %d h", c->response_hours);
	snprintf(out, size, "%s · %s%s", c->label, work_order_trade_label(c->trade ? c->trade :
	    trade), hours);
}

static void
wn_field(int y, const char *label, const char *value, int dim)
{
	draw_text(y, 2, 12, DS_DIM, 1, label);
	draw_text(y, 14, draw_cols() - 16, dim ? DS_DIM : DS_NORMAL, 1, value);
}

static void
wn_draw_fields(const struct wonew *wn, int y)
{
	const struct work_order_contract *c = wn_contract(wn);
	char line[300];

	wn_field(y++, "Origine", wn->origin, 0);
	wn_field(y++, "Lieu", tui_place_tail(wn->where, draw_cols() - 16), 0);
	wn_field(y++, "Entreprise", wn->step > WN_CONTRACTOR ? wn->ctr[wn->chosen].name : "…",
	    wn->step <= WN_CONTRACTOR);
	if (c != NULL)
		wn_contract_line(c, wn->ctr[wn->chosen].trade, line, sizeof line);
	else
		snprintf(line, sizeof line, "%s", wn->step > WN_CONTRACTOR ? "hors contrat" : "…");
	wn_field(y++, "Contrat", line, wn->step <= WN_CONTRACTOR);
	wn_field(y++, "Travaux", wn->step > WN_TEXT ? wn->description :
	    wn->text ? wn->text : "…", wn->step <= WN_TEXT);
	wn_field(y, "Date prévue", "…", 1);
}

/* The contractors that match what is typed, with their first contract
 * in force. */
static void
wn_draw_contractors(struct wonew *wn, int y, int end)
{
	char *typed = wn->ask.active ? le_text(&wn->ask.le) : xstrdup("");
	char line[300];
	size_t i, j, more = 0;

	draw_text(y++, 1, draw_cols() - 2, DS_HEADER, 1,
	    "Entreprises (délai d'intervention, contrat en cours)");
	for (i = 0; i < wn->nctr; i++) {
		const struct work_order_contractor *k = &wn->ctr[i];
		if (!prompt_starts_with(k->name, typed))
			continue;
		if (y >= end) {
			more++;
			continue;
		}
		for (j = 0; j < k->ncontracts && !k->contracts[j].in_force; j++)
			;
		if (j < k->ncontracts && k->contracts[j].response_hours > 0)
			snprintf(line, sizeof line, "%d h · %s", k->contracts[j].response_hours,
			    k->contracts[j].label);
		else if (j < k->ncontracts)
			snprintf(line, sizeof line, "%s", k->contracts[j].label);
		else
			snprintf(line, sizeof line, "sans contrat · %s",
			    work_order_trade_label(k->trade));
		draw_text(y, 3, 26, DS_NORMAL, 1, k->name);
		draw_text(y++, 30, draw_cols() - 31, DS_NORMAL, 1, line);
	}
	if (more > 0) {
		snprintf(line, sizeof line, "… et %zu autre%s : tapez le début du nom", more,
		    more > 1 ? "s" : "");
		draw_text(end, 3, draw_cols() - 4, DS_DIM, 1, line);
	}
	free(typed);
}

static void
wn_draw_contracts(const struct wonew *wn, int y, int end)
{
	const struct work_order_contractor *k = &wn->ctr[wn->chosen];
	char line[300];
	size_t i;

	draw_text(y++, 1, draw_cols() - 2, DS_HEADER, 1,
	    wn->ninforce > 1 ? "Contrat (Tab : suivant · Entrée : celui-ci)" :
	    "Contrat (Entrée : celui-ci)");
	if (wn->ninforce == 0)
		draw_text(y, 3, draw_cols() - 4, DS_DIM, 1,
		    "Aucun contrat en vigueur pour l'agence : commande hors contrat");
	for (i = 0; i < wn->ninforce && y < end; i++) {
		wn_contract_line(&k->contracts[wn->inforce[i]], k->trade, line, sizeof line);
		draw_line(y, i == wn->contract ? DS_SELECTED : DS_NORMAL);
		draw_text(y++, 3, draw_cols() - 4, i == wn->contract ? DS_SELECTED : DS_NORMAL, 1,
		    line);
	}
}

static void
wn_draw(struct view *v, struct tui *t, int top, int height)
{
	struct wonew *wn = v->data;
	int end = top + height - 2;

	(void)t;
	wn_draw_fields(wn, top);
	if (wn->step == WN_CONTRACTOR)
		wn_draw_contractors(wn, top + 7, end - 1);
	else if (wn->step == WN_CONTRACT)
		wn_draw_contracts(wn, top + 7, end);
	else if (wn->step == WN_TEXT)
		draw_text(top + 7, 1, draw_cols() - 2, DS_HEADER, 1,
		    "Travaux à faire (Entrée : garder le texte proposé)");
	else
		draw_text(top + 7, 1, draw_cols() - 2, DS_HEADER, 1,
		    "Date prévue (AAAA-MM-JJ, facultative ; Entrée : commander)");
	if (wn->error[0])
		draw_text(end, 2, draw_cols() - 4, DS_ERROR, 1, wn->error);
	if (wn->ask.active)
		prompt_draw(&wn->ask, top + height - 1);
	else
		draw_text(top + height - 1, 2, draw_cols() - 4, DS_DIM, 1,
		    "Tab : contrat suivant · Entrée : valider · Échap : étape précédente");
}

/* ---- Steps ---- */

static void
wn_ask_text(struct wonew *wn)
{
	prompt_start(&wn->ask, WN_TEXT, "Travaux", wn->description ? wn->description :
	    wn->text, CLAIM_TEXT_MAX, NULL, 0);
	wn->step = WN_TEXT;
}

static void
wn_ask_date(struct wonew *wn, const char *initial)
{
	prompt_start(&wn->ask, WN_DATE, "Date prévue (AAAA-MM-JJ, facultative)", initial, 10,
	    NULL, 0);
	wn->step = WN_DATE;
}

static void
wn_pick_contractor(struct wonew *wn, const char *name)
{
	size_t j, nhit;
	int hit = prompt_match(wn->names, wn->nctr, name, &nhit);
	const struct work_order_contractor *k;

	if (hit < 0) {
		snprintf(wn->error, sizeof wn->error, "%s", nhit ?
		    "Plusieurs entreprises commencent ainsi : Tab les propose" :
		    "Aucune entreprise de ce nom (Tab complète)");
		wn_ask_contractor(wn, name);
		return;
	}
	wn->chosen = (size_t)hit;
	k = &wn->ctr[hit];
	free(wn->inforce);
	wn->inforce = xcalloc(k->ncontracts + 1, sizeof *wn->inforce);
	wn->ninforce = 0;
	wn->contract = 0;
	for (j = 0; j < k->ncontracts; j++)
		if (k->contracts[j].in_force)
			wn->inforce[wn->ninforce++] = j;
	wn->step = WN_CONTRACT;
}

static void
wn_create(struct wonew *wn, struct tui *t, const char *date)
{
	const struct work_order_contract *c = wn_contract(wn);
	const struct work_order_contractor *k = &wn->ctr[wn->chosen];
	char id[UID_SIZE], number[WORK_ORDER_NUMBER_SIZE];
	struct work_order_new w;
	struct err e;

	memset(&w, 0, sizeof w);
	w.claim_id = wn->claim_id[0] ? wn->claim_id : NULL;
	w.round_result_id = wn->result_id[0] ? wn->result_id : NULL;
	w.place_kind = wn->kind;
	w.place_id = wn->place_id[0] ? wn->place_id : NULL;
	w.contractor_id = k->id;
	w.contract_id = c ? c->id : NULL;
	w.description = wn->description;
	w.planned_date = date[0] ? date : NULL;
	if (work_order_create(t->db, t->who, &w, NULL, id, number, &e) != 0) {
		snprintf(wn->error, sizeof wn->error, "%.500s", e.msg);
		wn_ask_date(wn, date);
		return;
	}
	/* Said before the pop, which frees the contractors. */
	tui_say(t, 0, " Intervention %s commandée à %s (p : les interventions)", number,
	    k->name);
	tui_privacy_note(t, wn->description);
	tui_invalidate(t);
	tui_pop(t);
}

static void
wn_answer(struct wonew *wn, struct tui *t, int tag, char *text)
{
	if (tag == WN_CONTRACTOR) {
		wn_pick_contractor(wn, text);
	} else if (tag == WN_TEXT) {
		if (text[0] == '\0' && wn->text == NULL) {
			snprintf(wn->error, sizeof wn->error, "Décrivez les travaux à faire");
			wn_ask_text(wn);
			return;
		}
		free(wn->description);
		wn->description = xstrdup(text);
		wn_ask_date(wn, NULL);
	} else {
		wn_create(wn, t, text);
	}
}

/* Échap: the step before, or leaving from the first. */
static void
wn_back(struct wonew *wn, struct tui *t)
{
	switch (wn->step) {
	case WN_CONTRACTOR:
		tui_pop(t);
		break;
	case WN_CONTRACT:
		wn_ask_contractor(wn, wn->ctr[wn->chosen].name);
		break;
	case WN_TEXT:
		wn->step = WN_CONTRACT;
		break;
	case WN_DATE:
		wn_ask_text(wn);
		break;
	}
}

static int
wn_key(struct view *v, struct tui *t, int key)
{
	struct wonew *wn = v->data;
	enum prompt_result r;
	char *text;
	int tag;

	wn->error[0] = '\0';
	if (wn->ask.active) {
		tag = wn->ask.tag;
		if ((r = prompt_key(&wn->ask, key)) == PROMPT_CANCEL) {
			wn_back(wn, t);
		} else if (r == PROMPT_DONE) {
			text = prompt_take(&wn->ask);
			wn_answer(wn, t, tag, text);
			free(text);
		}
		return 1;
	}
	/* WN_CONTRACT: the only step without a prompt. */
	if (key == '\t' && wn->ninforce > 0)
		wn->contract = (wn->contract + 1) % wn->ninforce;
	else if (key == K_ENTER)
		wn_ask_text(wn);
	else if (key == K_ESC)
		wn_back(wn, t);
	else if (key == '?')
		return 0;
	return 1;
}

static int
wn_action(struct view *v, struct tui *t, enum tui_action a)
{
	(void)v;
	(void)t;
	(void)a;
	return 0;
}

static void
wn_close(struct view *v)
{
	struct wonew *wn = v->data;

	if (wn == NULL)
		return;
	prompt_close(&wn->ask);
	if (wn->ctr)
		work_order_contractors_free(wn->ctr, wn->nctr);
	free(wn->names);
	free(wn->inforce);
	free(wn->origin);
	free(wn->where);
	free(wn->text);
	free(wn->description);
	free(wn);
	v->data = NULL;
}

const struct view_ops view_work_order_new_ops = {
	"Intervention", wn_open, wn_draw, wn_action, wn_key, wn_close, wn_actions, wn_keys,
};
