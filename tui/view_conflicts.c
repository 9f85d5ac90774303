/* One sync session: its conflicts and its refusals, the chosen one in
 * full below the list (field, row, base, both values, both authors and
 * times, rule, status). On an open conflict, `v` acknowledges the value
 * that was kept and `r` restores the one that lost, each after o/n. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/perm.h"
#include "core/user.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "sync/settle.h"
#include "sync/synclog.h"
#include "tui/draw.h"
#include "tui/view_synclog.h"

#define DETAIL_ROWS 7 /* the chosen line in full, under the list */
#define VALUE_MAX 40  /* code points of a value in a sentence */

struct sessionv {
	struct synclog_session s;
	struct synclog_conflict *c;
	size_t nc;
	struct synclog_refusal *r;
	size_t nr;
	int confirming;       /* waiting for o/n */
	enum settle_how how;
};

static const enum tui_action session_actions[] = {
	A_SETTLE_ACK, A_SETTLE_RESTORE, A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN,
	A_PAGE_UP, A_FIRST, A_LAST, A_REDRAW, A_NONE,
};

static void
session_free_lists(struct sessionv *sv)
{
	synclog_conflicts_free(sv->c, sv->nc);
	synclog_refusals_free(sv->r, sv->nr);
	sv->c = NULL;
	sv->r = NULL;
	sv->nc = sv->nr = 0;
}

/* (Re)loads the session id; id may point into the session itself. */
static int
session_load(struct view *v, struct tui *t, const char *id)
{
	struct sessionv *sv = v->data;
	char keep[64];
	struct err e;
	int rc;

	snprintf(keep, sizeof keep, "%s", id);
	session_free_lists(sv);
	v->pos.n = 0;
	synclog_session_clear(&sv->s);
	if ((rc = synclog_session_find(t->db, keep, &sv->s, &e)) != 1) {
		tui_say(t, 1, " %.250s", rc == 0 ? "Session introuvable" : e.msg);
		return -1;
	}
	if (synclog_conflicts(t->db, t->who->role, keep, &sv->c, &sv->nc, &e) != 0 ||
	    synclog_session_refusals(t->db, &sv->s, &sv->r, &sv->nr, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	v->pos.n = sv->nc + sv->nr;
	if (v->pos.sel >= v->pos.n)
		v->pos.sel = v->pos.n ? v->pos.n - 1 : 0;
	return 0;
}

static void
session_close(struct view *v)
{
	struct sessionv *sv = v->data;

	session_free_lists(sv);
	synclog_session_clear(&sv->s);
	free(sv);
}

static int
session_open(struct view *v, struct tui *t, const char *arg)
{
	struct sessionv *sv = xcalloc(1, sizeof *sv);
	char when[32];

	v->data = sv;
	if (arg == NULL || session_load(v, t, arg) != 0) {
		session_close(v);
		return -1;
	}
	synclog_when(sv->s.started_at, 0, when, sizeof when);
	snprintf(v->crumb, sizeof v->crumb, "Session du %s", when);
	return 0;
}

/* A value for a sentence: at most VALUE_MAX code points. The caller frees. */
static char *
value_short(const char *table, const char *col, const char *json)
{
	char *s = synclog_value_text(table, col, json), *out;
	size_t off = 0, n = 0, len = strlen(s);
	uint32_t cp;
	int k;

	while (off < len && n < VALUE_MAX) {
		k = utf8_decode(s + off, len - off, &cp);
		off += k > 0 ? (size_t)k : 1;
		n++;
	}
	if (off == len)
		return s;
	out = xasprintf("%.*s\xe2\x80\xa6", (int)off, s);
	free(s);
	return out;
}

static const struct synclog_conflict *
session_conflict(struct view *v)
{
	struct sessionv *sv = v->data;

	return v->pos.n > 0 && v->pos.sel < sv->nc ? &sv->c[v->pos.sel] : NULL;
}

static void
conflict_row(const struct synclog_conflict *c, int y, enum draw_style st)
{
	char *field = synclog_field_label(c->tbl, c->col), *w, *l, cell[128];

	draw_line(y, st);
	draw_text(y, 1, 8, st, 1, "Conflit");
	draw_text(y, 10, 22, st, 1, c->row_label ? c->row_label : c->tbl);
	draw_text(y, 33, 16, st, 1, field);
	if (c->hidden) {
		draw_text(y, 50, 18, st, 1, "(réservé)");
	} else {
		w = value_short(c->tbl, c->col, c->win_value);
		l = value_short(c->tbl, c->col, c->lose_value);
		snprintf(cell, sizeof cell, "%s / %s", w, l);
		draw_text(y, 50, 18, st, 1, cell);
		free(w);
		free(l);
	}
	draw_text(y, 69, draw_cols() - 70, st, 1, synclog_status_text(c->status));
	free(field);
}

static void
refusal_row(const struct synclog_refusal *r, int y, enum draw_style st)
{
	char cell[64];

	draw_line(y, st);
	draw_text(y, 1, 8, st, 1, "Refus");
	snprintf(cell, sizeof cell, "opération %lld", (long long)r->seq);
	draw_text(y, 10, 22, st, 1, r->row_label ? r->row_label : cell);
	draw_text(y, 33, 16, st, 1, r->code ? r->code : "?");
	draw_text(y, 50, 18, st, 1, "-");
	draw_text(y, 69, draw_cols() - 70, st, 1, "refusée");
}

/* "3 · Jacques Gonzalez, hub, le 15/06 à 07:30" */
static void
conflict_side(int y, const char *label, const struct synclog_conflict *c, const char *value,
    const char *user, const char *node, const char *at)
{
	char *v = value_short(c->tbl, c->col, value), when[32], line[384];

	synclog_when(at, 0, when, sizeof when);
	snprintf(line, sizeof line, "%s %s · %s, %s%.8s, le %s", label, v, user ? user : "?",
	    node && strcmp(node, "hub") != 0 ? "poste " : "", node ? node : "?", when);
	draw_text(y, 2, draw_cols() - 4, DS_NORMAL, 1, line);
	free(v);
}

static void
conflict_status(int y, const struct synclog_conflict *c)
{
	char line[256], when[32], *w, *l;

	if (strcmp(c->status, "open") != 0) {
		synclog_when(c->settled_at, 1, when, sizeof when);
		snprintf(line, sizeof line, "%s par %s le %s", strcmp(c->status, "overridden") == 0
		    ? "Valeur écartée rétablie" : "Acquitté", c->settled_by ? c->settled_by : "?",
		    when);
		draw_text(y, 2, draw_cols() - 4, DS_DIM, 1, line);
		return;
	}
	if (c->hidden || !settle_can_restore(c->rule) || c->row_gone) {
		draw_text(y, 2, draw_cols() - 4, DS_DIM, 1, "Ouvert · v : acquitter");
		return;
	}
	w = value_short(c->tbl, c->col, c->win_value);
	l = value_short(c->tbl, c->col, c->lose_value);
	snprintf(line, sizeof line, "Ouvert · v : acquitter (garder %s) · r : rétablir %s", w, l);
	draw_text(y, 2, draw_cols() - 4, DS_DIM, 1, line);
	free(w);
	free(l);
}

static void
conflict_detail(const struct synclog_conflict *c, int y)
{
	char *field = synclog_field_label(c->tbl, c->col), *b, *n, line[384];

	snprintf(line, sizeof line, " %s · %s · règle : %s", c->row_label ? c->row_label : c->tbl,
	    field, synclog_rule_text(c->rule));
	draw_line(y, DS_HEADER);
	draw_text(y, 0, draw_cols(), DS_HEADER, 1, line);
	if (c->hidden) {
		draw_text(y + 1, 2, draw_cols() - 4, DS_DIM, 1,
		    "Valeurs réservées à d'autres rôles");
	} else {
		b = value_short(c->tbl, c->col, c->base_value);
		n = c->row_gone ? xstrdup("ligne supprimée depuis")
		    : value_short(c->tbl, c->col, c->cur_value);
		snprintf(line, sizeof line, "Base : %s · valeur actuelle : %s", b, n);
		draw_text(y + 1, 2, draw_cols() - 4, DS_NORMAL, 1, line);
		free(b);
		free(n);
		conflict_side(y + 2, "Gardée :", c, c->win_value, c->win_user, c->win_node,
		    c->win_at);
		conflict_side(y + 3, "Écartée :", c, c->lose_value, c->lose_user, c->lose_node,
		    c->lose_at);
	}
	conflict_status(y + 4, c);
	free(field);
}

static void
refusal_detail(const struct synclog_refusal *r, int y)
{
	char when[32], line[384];

	synclog_when(r->at, 0, when, sizeof when);
	snprintf(line, sizeof line, " Refus · opération %lld du poste %.8s · le %s",
	    (long long)r->seq, r->node_id ? r->node_id : "?", when);
	draw_line(y, DS_HEADER);
	draw_text(y, 0, draw_cols(), DS_HEADER, 1, line);
	snprintf(line, sizeof line, "Ligne : %s", r->row_label ? r->row_label
	    : "inconnue (le hub ne l'a pas renvoyée)");
	draw_text(y + 1, 2, draw_cols() - 4, DS_NORMAL, 1, line);
	snprintf(line, sizeof line, "Motif : %s, %s", r->code ? r->code : "?",
	    synclog_code_text(r->code));
	draw_text(y + 2, 2, draw_cols() - 4, DS_NORMAL, 1, line);
	draw_text(y + 3, 2, draw_cols() - 4, DS_DIM, 1,
	    "Le poste a gardé la modification dans sa liste des refus.");
}

static void
session_summary(struct sessionv *sv, int y)
{
	char line[384];

	snprintf(line, sizeof line, " %s · poste %.8s · reçues %lld · conflits %lld · refus %lld "
	    "· %s", sv->s.user_name ? sv->s.user_name : "(ce poste)",
	    sv->s.node_id ? sv->s.node_id : "?", (long long)sv->s.received,
	    (long long)sv->s.conflicts, (long long)sv->s.refused,
	    synclog_outcome_text(sv->s.outcome));
	draw_text(y, 0, draw_cols(), DS_DIM, 1, line);
}

static void
session_prompt(struct view *v, int y)
{
	const struct synclog_conflict *c = session_conflict(v);
	struct sessionv *sv = v->data;
	char *w, *l, line[256];

	if (c == NULL)
		return;
	w = value_short(c->tbl, c->col, c->win_value);
	l = value_short(c->tbl, c->col, c->lose_value);
	if (sv->how == SETTLE_RESTORE)
		snprintf(line, sizeof line, " Rétablir « %s » à la place de « %s » ? o : oui · "
		    "n : non", l, w);
	else
		snprintf(line, sizeof line, " Acquitter : « %s » reste ? o : oui · n : non", w);
	draw_line(y, DS_ERROR);
	draw_text(y, 0, draw_cols(), DS_ERROR, 1, line);
	free(w);
	free(l);
}

static void
session_draw(struct view *v, struct tui *t, int top, int height)
{
	struct sessionv *sv = v->data;
	int y, list_h = height - 2 - DETAIL_ROWS;
	size_t i;

	session_summary(sv, top);
	draw_line(top + 1, DS_HEADER);
	draw_text(top + 1, 1, draw_cols() - 2, DS_HEADER, 1, "        Ligne                  "
	    "Champ            Gardée / écartée   État");
	if (v->pos.n == 0) {
		draw_text(top + 3, 1, draw_cols() - 2, DS_DIM, 1,
		    "Ni conflit ni refus dans cette session.");
		return;
	}
	list_move(&v->pos, A_NONE, list_h);
	for (i = v->pos.top, y = top + 2; i < v->pos.n && y < top + 2 + list_h; i++, y++) {
		enum draw_style st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;
		if (i < sv->nc)
			conflict_row(&sv->c[i], y, st);
		else
			refusal_row(&sv->r[i - sv->nc], y, st);
	}
	y = top + height - DETAIL_ROWS;
	if (v->pos.sel < sv->nc)
		conflict_detail(&sv->c[v->pos.sel], y);
	else
		refusal_detail(&sv->r[v->pos.sel - sv->nc], y);
	if (sv->confirming)
		session_prompt(v, y + DETAIL_ROWS - 1);
}

static void
session_settle(struct view *v, struct tui *t)
{
	const struct synclog_conflict *c = session_conflict(v);
	struct sessionv *sv = v->data;
	char *w, *l, id[64];
	struct err e;

	if (c == NULL)
		return;
	snprintf(id, sizeof id, "%s", c->id);
	w = value_short(c->tbl, c->col, c->win_value);
	l = value_short(c->tbl, c->col, c->lose_value);
	if (settle_conflict(t->db, t->who, id, sv->how, &e) != 0)
		tui_say(t, 1, " %.250s", e.msg);
	else if (sv->how == SETTLE_RESTORE)
		tui_say(t, 0, " « %s » rétabli : il partira vers les postes à leur prochaine "
		    "synchronisation", l);
	else
		tui_say(t, 0, " Conflit acquitté : « %s » reste", w);
	free(w);
	free(l);
	tui_invalidate(t);
	session_load(v, t, sv->s.id);
}

static int
session_key(struct view *v, struct tui *t, int key)
{
	struct sessionv *sv = v->data;

	if (!sv->confirming)
		return 0;
	sv->confirming = 0;
	if (key == 'o' || key == 'O')
		session_settle(v, t);
	else
		tui_say(t, 0, " Rien n'a changé");
	return 1;
}

/* Asks o/n when the settling can be done; otherwise settle_conflict
 * refuses at once and says why. */
static void
session_ask(struct view *v, struct tui *t, enum settle_how how)
{
	const struct synclog_conflict *c = session_conflict(v);
	struct sessionv *sv = v->data;

	if (c == NULL) {
		tui_say(t, 0, " Choisissez un conflit : un refus ne se règle pas ici");
		return;
	}
	sv->how = how;
	if (how == SETTLE_RESTORE && c->hidden) {
		tui_say(t, 1, " Valeurs réservées à d'autres rôles : rétablissement impossible");
		return;
	}
	if (!perm_can_write(t->who->role, PG_SYNCLOG) || strcmp(c->status, "open") != 0 ||
	    (how == SETTLE_RESTORE && (c->row_gone || !settle_can_restore(c->rule)))) {
		session_settle(v, t);
		return;
	}
	sv->confirming = 1;
}

static int
session_action(struct view *v, struct tui *t, enum tui_action a)
{
	if (list_move(&v->pos, a, v->height - 2 - DETAIL_ROWS))
		return 1;
	if (a == A_SETTLE_ACK || a == A_SETTLE_RESTORE) {
		session_ask(v, t, a == A_SETTLE_ACK ? SETTLE_ACKNOWLEDGE : SETTLE_RESTORE);
		return 1;
	}
	return 0;
}

const struct view_ops view_session_ops = {
	"Session", session_open, session_draw, session_action, session_key, session_close,
	session_actions, NULL,
};
