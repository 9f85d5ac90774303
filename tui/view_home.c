/* The home screen, per role: a gardien sees their sectors, today's
 * logbook and what awaits them (claims to follow up, inspections planned,
 * entries that may still be amended, rounds due, leases starting and
 * ending); agency
 * staff see their agency; admin and auditeur every agency. One scrolling
 * list of sections; Enter opens the line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/home.h"
#include "core/logbook.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/view.h"
#include "tui/view_round.h"

enum hkind {
	HL_HEADER, HL_TEXT, HL_AGENCY, HL_SECTOR, HL_CLAIM, HL_INSPECTION, HL_DEADLINE,
	HL_ENTRY, HL_EXIT, HL_LOG, HL_ROUND
};

struct hline {
	enum hkind kind;
	size_t i;       /* index in the home's list of that kind */
	char *text;     /* HL_HEADER, HL_TEXT */
};

struct homev {
	struct home *h;
	struct hline *lines;
	size_t n, cap;
};

static const enum tui_action home_actions[] = {
	A_SEARCH, A_CLAIMS, A_WORK_ORDERS, A_ROUNDS, A_DASHBOARD, A_SYNCLOG, A_OPEN, A_LOGBOOK_ADD,
	A_LOGBOOK, A_BACK, A_QUIT, A_HELP, A_REFERENTIAL, A_AUDIT, A_DOWN, A_UP, A_PAGE_DOWN,
	A_PAGE_UP, A_FIRST, A_LAST, A_REDRAW, A_NONE,
};

static void
hl_add(struct homev *hv, enum hkind kind, size_t i, char *text)
{
	if (hv->n == hv->cap) {
		hv->cap = hv->cap ? hv->cap * 2 : 32;
		hv->lines = xreallocarray(hv->lines, hv->cap, sizeof *hv->lines);
	}
	hv->lines[hv->n].kind = kind;
	hv->lines[hv->n].i = i;
	hv->lines[hv->n++].text = text;
}

/* A section: its header, then its rows, or why it is empty or hidden. */
static void
hl_section(struct homev *hv, const char *title, long total, enum hkind kind, size_t n,
    int hidden, const char *none)
{
	size_t i;

	hl_add(hv, HL_HEADER, 0, total >= 0 ? xasprintf("%s (%ld)", title, total) : xstrdup(title));
	if (hidden)
		hl_add(hv, HL_TEXT, 0, xstrdup("  réservé à d'autres services"));
	else if (n == 0)
		hl_add(hv, HL_TEXT, 0, xstrdup(none));
	for (i = 0; i < n; i++)
		hl_add(hv, kind, i, NULL);
}

/* "22/11", or "22/11/2025" out of today's year. */
static const char *
home_day(const struct home *h, const char *iso, char out[16])
{
	if (strlen(iso) < 10)
		snprintf(out, 16, "%s", iso);
	else if (strncmp(iso, h->today, 4) == 0)
		snprintf(out, 16, "%.2s/%.2s", iso + 8, iso + 5);
	else
		snprintf(out, 16, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	return out;
}

static char *
deadlines_title(const struct home *h)
{
	if (h->deadlines_pending > 0)
		return xasprintf("Avenants d'entrée possibles (%ld, dont %ld en cours)",
		    h->deadlines_total, h->deadlines_pending);
	return xasprintf("Avenants d'entrée possibles (%ld)", h->deadlines_total);
}

static void
home_build(struct homev *hv)
{
	struct home *h = hv->h;
	char *title;

	if (h->nagencies && h->scope == SCOPE_ALL)
		hl_section(hv, "Agences", -1, HL_AGENCY, h->nagencies, 0, "  aucune agence");
	if (h->scope != SCOPE_ALL)
		hl_section(hv, h->title ? h->title : "Secteurs", -1, HL_SECTOR, h->nsectors, 0,
		    "  aucun secteur");
	hl_section(hv, "États des lieux prévus", h->inspections_total, HL_INSPECTION,
	    h->ninspections, h->inspections_hidden, "  aucun état des lieux prévu");
	title = deadlines_title(h);
	hl_section(hv, title, -1, HL_DEADLINE, h->ndeadlines, h->deadlines_hidden,
	    "  aucune entrée récente à compléter");
	free(title);
	hl_section(hv, "Rondes à faire", h->rounds_total, HL_ROUND, h->nrounds, h->rounds_hidden,
	    "  aucune ronde à faire aujourd'hui (d : toutes les rondes)");
	hl_section(hv, "Entrées à prévoir (30 jours)", h->entries_total, HL_ENTRY, h->nentries,
	    h->entries_hidden, "  aucun bail ne commence sans état des lieux prévu");
	hl_section(hv, "Sorties à prévoir (30 jours)", h->exits_total, HL_EXIT, h->nexits,
	    h->exits_hidden, "  aucun bail ne se termine");
	hl_section(hv, "Main courante du jour", (long)h->nlogbook, HL_LOG, h->nlogbook,
	    h->logbook_hidden, "  rien de noté aujourd'hui (l : noter)");
	/* The longest list last, so the short ones stay on the first page. */
	hl_section(hv, "Réclamations à suivre", h->claims_total, HL_CLAIM, h->nclaims,
	    h->claims_hidden, "  aucune réclamation en cours");

}

static int
home_open(struct view *v, struct tui *t, const char *arg)
{
	struct homev *hv = xcalloc(1, sizeof *hv);
	struct err e;

	if (home_load(t->db, t->who, t->today, &hv->h, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		free(hv);
		return -1;
	}
	home_build(hv);
	v->data = hv;
	v->pos.n = hv->n;
	v->pos.sel = hv->n > 1 ? 1 : 0;
	return 0;
}

static void
deadline_row(const struct home *h, const struct home_deadline *dl, char *b, size_t size)
{
	const char *what = strcmp(dl->kind, "heating") == 0 ? " chauffage" : "";
	char until[16], entry[16];

	home_day(h, dl->until, until);
	if (dl->amendment_id[0])
		snprintf(b, size, "Avenant%s en cours · délai le %s", what, until);
	else if (what[0])
		snprintf(b, size, "Avenant%s possible jusqu'au %s", what, until);
	else
		snprintf(b, size, "Avenant possible jusqu'au %s · entrée le %s", until,
		    home_day(h, dl->entry_date, entry));
}

/* What matters first (late, under way), then the place, which the
 * template's name may not say. */
static void
round_row(const struct home *h, const struct round_template_row *r, char *b, size_t size)
{
	char day[16], late[32] = "";

	if (r->overdue)
		snprintf(late, sizeof late, "retard %ld j · ", r->days_late);
	if (r->open_run[0])
		snprintf(b, size, "%sen cours · %s", late, r->place ? r->place : "");
	else if (r->last_done[0])
		snprintf(b, size, "%sfaite le %s · %s", late, home_day(h, r->last_done, day),
		    r->place ? r->place : "");
	else
		snprintf(b, size, "%sjamais faite · %s", late, r->place ? r->place : "");
}

static void
home_row(struct homev *hv, const struct hline *l, char *a, char *b, size_t size)
{
	const struct home *h = hv->h;
	char day[16];

	switch (l->kind) {
	case HL_AGENCY:
		snprintf(a, size, "%s", h->agencies[l->i].name);
		snprintf(b, size, "%ld secteurs · %ld résidences · %ld logements",
		    h->agencies[l->i].sectors, h->agencies[l->i].estates, h->agencies[l->i].dwellings);
		break;
	case HL_SECTOR:
		snprintf(a, size, "%s", h->sectors[l->i].name);
		snprintf(b, size, "%s", h->sectors[l->i].summary ? h->sectors[l->i].summary : "");
		break;
	case HL_CLAIM:
		snprintf(a, size, "%s%s", h->claims[l->i].number, h->claims[l->i].overdue ? " (retard)" : "");
		snprintf(b, size, "%s · %s · %s · %ld j", h->claims[l->i].place ? h->claims[l->i].place : "",
		    h->claims[l->i].category, h->claims[l->i].status_label, h->claims[l->i].age_days);
		break;
	case HL_INSPECTION:
		snprintf(a, size, "%s", h->inspections[l->i].dwelling);
		/* A ready one was done: it awaits signatures, not the visit. */
		snprintf(b, size, "%s · prévu le %s%s", h->inspections[l->i].kind_label,
		    home_day(h, h->inspections[l->i].planned, day),
		    strcmp(h->inspections[l->i].state, "ready") == 0 ? " · à signer" :
		    h->inspections[l->i].overdue ? " (en retard)" : "");
		break;
	case HL_DEADLINE:
		snprintf(a, size, "%s", h->deadlines[l->i].dwelling);
		deadline_row(h, &h->deadlines[l->i], b, size);
		break;
	case HL_ENTRY:
		snprintf(a, size, "%s", h->entries[l->i].dwelling);
		snprintf(b, size, "début du bail le %s · entrée à planifier",
		    home_day(h, h->entries[l->i].start_date, day));
		break;
	case HL_EXIT:
		snprintf(a, size, "%s", h->exits[l->i].dwelling);
		snprintf(b, size, "fin du bail le %s%s", home_day(h, h->exits[l->i].end_date, day),
		    h->exits[l->i].exit_planned ? " · état des lieux prévu" : "");
		break;
	case HL_ROUND:
		snprintf(a, size, "%s", h->rounds[l->i].name);
		round_row(h, &h->rounds[l->i], b, size);
		break;
	case HL_LOG:
		snprintf(a, size, "%.5s %s", h->logbook[l->i].at + 11, h->logbook[l->i].author);
		snprintf(b, size, "%s%s%s", h->logbook[l->i].place ? h->logbook[l->i].place : "",
		    h->logbook[l->i].place ? " · " : "", h->logbook[l->i].text);
		break;
	default:
		a[0] = b[0] = '\0';
	}
}

/* Shown in the error colour: a claim overdue, an amendment window that
 * closes today with none under way, a round late. */
static int
home_urgent(const struct home *h, const struct hline *l)
{
	if (l->kind == HL_CLAIM)
		return h->claims[l->i].overdue;
	if (l->kind == HL_ROUND)
		return h->rounds[l->i].overdue;
	if (l->kind == HL_DEADLINE)
		return !h->deadlines[l->i].amendment_id[0] &&
		    strcmp(h->deadlines[l->i].until, h->today) <= 0;
	return 0;
}

static void
home_draw(struct view *v, struct tui *t, int top, int height)
{
	struct homev *hv = v->data;
	const struct hline *l;
	char line[256], a[256], b[512];
	enum draw_style st;
	size_t i;
	int y;

	snprintf(line, sizeof line, " Bonjour %s — %s", t->who->display_name,
	    user_role_label(t->who->role));
	draw_text(top, 0, draw_cols(), DS_NORMAL, 1, line);
	list_move(&v->pos, A_NONE, height - 1);
	for (i = v->pos.top, y = top + 1; i < hv->n && y < top + height; i++, y++) {
		l = &hv->lines[i];
		st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;
		draw_line(y, st);
		if (l->kind == HL_HEADER || l->kind == HL_TEXT) {
			draw_text(y, 1, draw_cols() - 2, l->kind == HL_HEADER && st == DS_NORMAL ?
			    DS_HEADER : (st == DS_NORMAL ? DS_DIM : st), 0, l->text);
			continue;
		}
		home_row(hv, l, a, b, sizeof a);
		if (st == DS_NORMAL && home_urgent(hv->h, l))
			st = DS_ERROR;
		draw_text(y, 3, 24, st, 1, a);
		draw_text(y, 28, draw_cols() - 29, st, 1, b);
	}
}

static int
home_action(struct view *v, struct tui *t, enum tui_action a)
{
	struct homev *hv = v->data;
	const struct hline *l;
	const struct home *h = hv->h;

	if (list_move(&v->pos, a, v->height - 1))
		return 1;
	if (a != A_OPEN || hv->n == 0)
		return 0;
	l = &hv->lines[v->pos.sel];
	switch (l->kind) {
	case HL_AGENCY: tui_push(t, &view_sectors_ops, h->agencies[l->i].id); break;
	case HL_SECTOR: tui_push(t, &view_estates_ops, h->sectors[l->i].id); break;
	/* Inspections, amendment windows and entries open the dwelling's
	 * sheet, where its inspections are listed. */
	case HL_INSPECTION: tui_push(t, &view_inspection_ops, h->inspections[l->i].id); break;
	case HL_DEADLINE:
		/* The amendment under way, else the dwelling's list (A there). */
		if (h->deadlines[l->i].amendment_id[0])
			tui_push(t, &view_inspection_ops, h->deadlines[l->i].amendment_id);
		else
			tui_push(t, &view_inspections_ops, h->deadlines[l->i].dwelling_id);
		break;
	case HL_ENTRY: tui_push(t, &view_inspections_ops, h->entries[l->i].dwelling_id); break;
	case HL_EXIT: tui_push(t, &view_inspections_ops, h->exits[l->i].dwelling_id); break;
	case HL_LOG:
		if (h->logbook[l->i].place_kind == PLACE_DWELLING)
			tui_push(t, &view_sheet_ops, h->logbook[l->i].place_id);
		else
			tui_say(t, 0, " %.250s", h->logbook[l->i].text);
		break;
	case HL_ROUND: view_round_begin(t, h->rounds[l->i].id); break;
	case HL_CLAIM:
		tui_say(t, 0, " Réclamation %s · %s · %s · ouverte le %.10s", h->claims[l->i].number,
		    h->claims[l->i].category, h->claims[l->i].status_label, h->claims[l->i].opened_at);
		break;
	default:
		break;
	}
	return 1;
}

static void
home_close(struct view *v)
{
	struct homev *hv = v->data;
	size_t i;

	for (i = 0; i < hv->n; i++)
		free(hv->lines[i].text);
	free(hv->lines);
	home_free(hv->h);
	free(hv);
}

const struct view_ops view_home_ops = {
	"Accueil", home_open, home_draw, home_action, NULL, home_close, home_actions, NULL,
};
