/* Filling in an inspection at the keyboard: rooms and their items in one
 * list, j/k from item to item, one key per state (and on to the next
 * item), `t` then a state for the whole room, `c` for observations with
 * completion. At exit the entry state stands beside each item and the
 * lines that changed are marked. Every key that changes something saves
 * it at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/charge.h"
#include "core/field.h"
#include "core/inspection.h"
#include "core/perm.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/privacy_note.h"
#include "tui/prompt.h"
#include "tui/view.h"

enum ask {
	ASK_NONE,
	ASK_COMMENT, ASK_NATURE, ASK_PHOTO, ASK_QUANTITY, ASK_PRICE, ASK_ITEM, ASK_ROOM_NEW,
	ASK_ROOM_NAME,
};

/* A key that waits for a second one. */
enum pending { PEND_NONE, PEND_ROOM_STATE, PEND_CHARGE, PEND_DEL_ITEM, PEND_DEL_ROOM };

struct iline {
	size_t room;
	long item; /* -1: the room's header */
};

struct inspv {
	char id[UID_SIZE];
	struct inspection *in;
	struct iline *lines;
	int exit;           /* entry states shown beside */
	int changed_only;   /* `=`: the lines that changed since entry */
	enum pending pending;
	struct prompt ask;
	char **prices;      /* price-list codes with their labels, for Tab */
	int verified;       /* signed: 1 when the content matches its digest */
	size_t nprices;
};

/* Q is the quantity here: quitting is q from the home screen. */
static const enum tui_action insp_actions[] = {
	A_LOGBOOK_ADD, A_BACK, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST,
	A_LAST, A_REDRAW, A_NONE,
};

static const struct view_key insp_keys[] = {
	{"n b u m x v", "État", "État : neuf bon usagé mauvais HS non vérifié"},
	{"t", NULL, "Puis n b u m x v : toute la pièce"},
	{"c", "Obs.", "Observations (Tab : phrases courantes)"},
	{"N", NULL, "Nature (parquet, peinture...)"},
	{"p", NULL, "Photo : chemin du fichier ou empreinte"},
	{"C", "Compteurs", "Compteurs, clés, parties, signatures"},
	{"V", "Vérifier", "Mentions obligatoires, prêt à signer"},
	{"$", NULL, "Charges du locataire sortant"},
	{"i", NULL, "Imputation : l loc., v vétusté, b bailleur, n"},
	{"Q P", NULL, "Quantité, prix (code du bordereau)"},
	{"T", NULL, "Bon de travaux (défaut à charge du bailleur)"},
	{"=", NULL, "Sortie : seulement les lignes changées"},
	{"+ -", NULL, "Ajouter un élément, supprimer l'élément"},
	{"R r X", NULL, "Nouvelle pièce, renommer, supprimer la pièce"},
	{"M", NULL, "Brouillon vide : le préremplir (entrée, modèle)"},
	{NULL, NULL, NULL},
};

static const struct inspection_item *
sel_item(struct view *v)
{
	struct inspv *iv = v->data;
	const struct iline *l;

	if (v->pos.n == 0)
		return NULL;
	l = &iv->lines[v->pos.sel];
	return l->item >= 0 ? &iv->in->items[l->item] : NULL;
}

static const struct inspection_room *
sel_room(struct view *v)
{
	struct inspv *iv = v->data;

	return v->pos.n ? &iv->in->rooms[iv->lines[v->pos.sel].room] : NULL;
}

static int
item_changed(const struct inspection_item *it)
{
	return it->entry_state && it->state != it->entry_state;
}

static void
build_lines(struct inspv *iv, struct list_pos *pos)
{
	const struct inspection *in = iv->in;
	size_t r, i, n = 0;

	free(iv->lines);
	iv->lines = xcalloc(in->nrooms + in->nitems + 1, sizeof *iv->lines);
	for (r = 0; r < in->nrooms; r++) {
		iv->lines[n].room = r;
		iv->lines[n++].item = -1;
		for (i = in->rooms[r].first; i < in->rooms[r].first + in->rooms[r].count; i++) {
			if (iv->changed_only && !item_changed(&in->items[i]))
				continue;
			iv->lines[n].room = r;
			iv->lines[n++].item = (long)i;
		}
	}
	pos->n = n;
}

/* Reloads, keeping the cursor on the same row (item or room) if it is
 * still there, else on the line at the same place. */
static int
insp_reload(struct view *v, struct tui *t, const char *keep_id)
{
	struct inspv *iv = v->data;
	struct inspection *in;
	struct err e;
	size_t k;

	if (inspection_load(t->db, t->who, iv->id, &in, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	inspection_free(iv->in);
	iv->in = in;
	iv->exit = in->entry_inspection_id[0] != '\0';
	iv->verified = inspection_verify(in);
	build_lines(iv, &v->pos);
	for (k = 0; keep_id && k < v->pos.n; k++) {
		const struct iline *l = &iv->lines[k];
		const char *id = l->item >= 0 ? in->items[l->item].id : in->rooms[l->room].id;
		if (strcmp(id, keep_id) == 0) {
			v->pos.sel = k;
			break;
		}
	}
	if (v->pos.sel >= v->pos.n)
		v->pos.sel = v->pos.n ? v->pos.n - 1 : 0;
	return 0;
}

/* A jump asked by the check screen: the row to put the cursor on. */
static void
insp_take_jump(struct view *v, struct tui *t)
{
	struct inspv *iv = v->data;
	char id[64];

	if (!t->jump[0])
		return;
	snprintf(id, sizeof id, "%s", t->jump);
	t->jump[0] = '\0';
	iv->changed_only = 0;
	insp_reload(v, t, id);
}

static void
load_prices(struct inspv *iv, struct tui *t)
{
	struct price_row *rows;
	struct err e;
	size_t i, n;

	if (inspection_prices(t->db, &rows, &n, &e) != 0)
		return;
	iv->prices = xcalloc(n + 1, sizeof *iv->prices);
	for (i = 0; i < n; i++)
		iv->prices[i] = xasprintf("%s", rows[i].code);
	iv->nprices = n;
	inspection_prices_free(rows, n);
}

static int
insp_open(struct view *v, struct tui *t, const char *arg)
{
	struct inspv *iv = xcalloc(1, sizeof *iv);
	struct err e;

	snprintf(iv->id, sizeof iv->id, "%s", arg ? arg : "");
	v->data = iv;
	if (insp_reload(v, t, NULL) != 0) {
		free(iv);
		return -1;
	}
	/* The inspection's date is when someone first fills it in. */
	if (strcmp(iv->in->state, "draft") == 0 && !iv->in->done_at[0] &&
	    perm_can_write(t->who->role, PG_INSPECTIONS) &&
	    strcmp(iv->in->planned_date, t->today) <= 0 &&
	    inspection_start(t->db, t->who, iv->id, &e) == 0)
		insp_reload(v, t, NULL);
	tui_set_place(t, v, PLACE_DWELLING, iv->in->dwelling_id);
	snprintf(v->crumb, sizeof v->crumb, "%s", inspection_kind_label(iv->in->kind));
	v->pos.sel = v->pos.n > 1 ? 1 : 0;
	load_prices(iv, t);
	return 0;
}

/* ---- Drawing ---- */

static void
draw_head(struct view *v, struct tui *t, int y)
{
	struct inspv *iv = v->data;
	const struct inspection *in = iv->in;
	char line[256], when[48];
	size_t i, changed = 0;

	for (i = 0; i < in->nitems; i++)
		changed += item_changed(&in->items[i]);
	if (in->done_at[0])
		snprintf(when, sizeof when, "du %.10s", in->done_at);
	else
		snprintf(when, sizeof when, "prévu le %s", in->planned_date);
	snprintf(line, sizeof line, " %s%s · %s · %s", in->amends_id[0] ? "Avenant · " : "",
	    inspection_state_label(in->state), when, in->dwelling_ref ? in->dwelling_ref : "");
	if (strcmp(in->state, "signed") == 0)
		snprintf(line + strlen(line), sizeof line - strlen(line), " · empreinte %.8s… %s",
		    in->content_sha256, iv->verified == 1 ? "conforme" : "NON CONFORME");
	else if (iv->exit)
		snprintf(line + strlen(line), sizeof line - strlen(line), " · %zu changé%s%s", changed,
		    changed > 1 ? "s" : "", iv->changed_only ? " (seuls affichés)" : "");
	draw_text(y, 0, draw_cols(), strcmp(in->state, "signed") != 0 ? DS_HEADER :
	    iv->verified == 1 ? DS_DIM : DS_ERROR, 1, line);
	if (iv->exit)
		draw_text(y + 1, 0, draw_cols(), DS_DIM, 1,
		    "   Élément               Nature        Entrée        Sortie        Observations");
	else
		draw_text(y + 1, 0, draw_cols(), DS_DIM, 1,
		    "   Élément               Nature        État          Observations");
}

static void
draw_item(struct inspv *iv, const struct inspection_item *it, int y, int selected)
{
	enum draw_style st = selected ? DS_SELECTED : DS_NORMAL;
	int changed = iv->exit && item_changed(it), x = 38;
	char mark[8], photos[16];

	draw_line(y, st);
	snprintf(mark, sizeof mark, "%s", changed ? " *" : "  ");
	draw_text(y, 0, 3, selected ? st : DS_HEADER, 1, mark);
	draw_text(y, 3, 21, changed && !selected ? DS_HEADER : st, 1, it->name);
	draw_text(y, 25, 12, st, 1, it->nature ? it->nature : "");
	if (iv->exit) {
		draw_text(y, 38, 12, selected ? st : DS_DIM, 1,
		    it->entry_state ? inspection_item_state_label(it->entry_state) : "");
		x = 52;
	}
	draw_text(y, x, 12, !it->state && !selected ? DS_ERROR : changed && !selected ? DS_HEADER :
	    st, 1, inspection_item_state_label(it->state));
	snprintf(photos, sizeof photos, it->nphotos ? " [%zu ph.]" : "", it->nphotos);
	if (it->comment || it->nphotos) {
		char *c = xasprintf("%s%s", it->comment ? it->comment : "", photos);
		draw_text(y, x + 14, draw_cols() - x - 14, st, 1, c);
		free(c);
	}
}

/* The selected item's full observations, its entry line and charge. */
static void
draw_detail(struct view *v, int y)
{
	struct inspv *iv = v->data;
	const struct inspection_item *it = sel_item(v);
	char line[512];
	size_t k;

	draw_line(y, DS_NORMAL);
	draw_line(y + 1, DS_NORMAL);
	if (it == NULL) {
		draw_text(y, 1, draw_cols() - 2, DS_DIM, 1, "Pièce : t puis un état pour toute la "
		    "pièce, r la renommer, + ajouter un élément, X la supprimer");
		return;
	}
	snprintf(line, sizeof line, "Obs. : %s", it->comment ? it->comment : "—");
	draw_text(y, 1, draw_cols() - 2, DS_NORMAL, 1, line);
	if (iv->exit && it->entry_state)
		snprintf(line, sizeof line, "Entrée : %s%s%s", inspection_item_state_label(
		    it->entry_state), it->entry_comment ? " — " : "",
		    it->entry_comment ? it->entry_comment : "");
	else
		line[0] = '\0';
	if (it->charge[0])
		snprintf(line + strlen(line), sizeof line - strlen(line), "%sImputation : %s",
		    line[0] ? " · " : "", inspection_charge_label(it->charge));
	if (it->price_code)
		snprintf(line + strlen(line), sizeof line - strlen(line), " · %g × %s",
		    it->quantity >= 0 ? it->quantity : 0, it->price_code);
	for (k = 0; k < it->nphotos && strlen(line) < sizeof line - 24; k++)
		snprintf(line + strlen(line), sizeof line - strlen(line), "%sphoto %.8s",
		    line[0] ? " · " : "", it->photos[k]);
	draw_text(y + 1, 1, draw_cols() - 2, DS_DIM, 1, line);
}

static void
insp_draw(struct view *v, struct tui *t, int top, int height)
{
	struct inspv *iv = v->data;
	int y, body = height - 4;
	size_t i;

	insp_take_jump(v, t);
	draw_head(v, t, top);
	list_move(&v->pos, A_NONE, body);
	for (i = v->pos.top, y = top + 2; i < v->pos.n && y < top + 2 + body; i++, y++) {
		const struct iline *l = &iv->lines[i];
		if (l->item >= 0) {
			draw_item(iv, &iv->in->items[l->item], y, i == v->pos.sel);
			continue;
		}
		draw_line(y, i == v->pos.sel ? DS_SELECTED : DS_NORMAL);
		draw_text(y, 1, draw_cols() - 2, i == v->pos.sel ? DS_SELECTED : DS_HEADER, 1,
		    iv->in->rooms[l->room].name);
	}
	if (v->pos.n <= 1 && iv->in->nrooms == 0)
		draw_text(top + 3, 2, draw_cols() - 4, DS_DIM, 1, "Aucune pièce : M préremplit "
		    "l'état des lieux (depuis l'entrée ou le modèle), R ajoute une pièce.");
	draw_detail(v, top + height - 2);
	if (iv->pending)
		draw_text(top + height - 1, 1, draw_cols() - 2, DS_SELECTED, 1,
		    iv->pending == PEND_ROOM_STATE ? "Toute la pièce : n b u m x v (autre touche : "
		    "annuler)" : iv->pending == PEND_CHARGE ? "À la charge de : l locataire, v vétusté, "
		    "b bailleur, n non imputable" : iv->pending == PEND_DEL_ITEM ?
		    "Supprimer cet élément ? o : oui · autre touche : non" :
		    "Supprimer toute la pièce et ses éléments ? o : oui · autre touche : non");
	prompt_draw(&iv->ask, top + height - 1);
}

/* ---- Actions ---- */

static void
next_item(struct view *v)
{
	struct inspv *iv = v->data;
	size_t k;

	for (k = v->pos.sel + 1; k < v->pos.n; k++)
		if (iv->lines[k].item >= 0) {
			v->pos.sel = k;
			return;
		}
}

static void
after_write(struct view *v, struct tui *t, int rc, const struct err *e, const char *keep,
    const char *ok)
{
	if (rc < 0) {
		tui_say(t, 1, " %.250s", e->msg);
		return;
	}
	insp_reload(v, t, keep);
	tui_invalidate(t);
	if (ok)
		tui_say(t, 0, " %s", ok);
}

static void
set_state(struct view *v, struct tui *t, char state)
{
	const struct inspection_item *it = sel_item(v);
	char id[UID_SIZE];
	struct err e;
	size_t n;
	int rc;

	if (it == NULL) {
		tui_say(t, 0, " Choisissez un élément (j/k), ou t puis un état pour toute la pièce");
		return;
	}
	memcpy(id, it->id, UID_SIZE);
	rc = inspection_item_set_state(t->db, t->who, id, state, &e);
	after_write(v, t, rc, &e, id, NULL);
	if (rc != 0)
		return;
	/* A defect needs its description (art. 2 h): ask for it at once. */
	it = sel_item(v);
	if ((state == 'm' || state == 'x') && it && it->comment == NULL) {
		const char *const *list = inspection_phrases(&n);
		prompt_start(&((struct inspv *)v->data)->ask, ASK_COMMENT,
		    "Décrivez le défaut (Tab : phrases)", NULL, 500, list, n);
		return;
	}
	next_item(v);
}

static void
set_room_state(struct view *v, struct tui *t, char state)
{
	const struct inspection_room *r = sel_room(v);
	char id[UID_SIZE], msg[160];
	struct err e;
	int n;

	if (r == NULL)
		return;
	memcpy(id, r->id, UID_SIZE);
	n = inspection_room_set_state(t->db, t->who, id, state, &e);
	snprintf(msg, sizeof msg, "%s : %d élément%s passé%s à « %s »", r->name, n, n > 1 ? "s" : "",
	    n > 1 ? "s" : "", inspection_item_state_label(state));
	after_write(v, t, n < 0 ? -1 : 0, &e, id, msg);
}

static int
save_field(struct view *v, struct tui *t, const char *field, const char *row, const char *value)
{
	char id[UID_SIZE];
	struct err e;
	int rc;

	snprintf(id, sizeof id, "%s", row);
	rc = field_save(t->db, t->who, field_find(field), id, value, &e);
	after_write(v, t, rc, &e, id, NULL);
	return rc;
}

static void
set_charge(struct view *v, struct tui *t, int key)
{
	static const struct {
		int key;
		const char *code;
	} map[] = {{'l', "tenant"}, {'v', "wear"}, {'b', "landlord"}, {'n', "none"}};
	const struct inspection_item *it = sel_item(v);
	size_t i;

	for (i = 0; it && i < sizeof map / sizeof map[0]; i++)
		if (map[i].key == key) {
			save_field(v, t, "inspection_item.charge", it->id, map[i].code);
			return;
		}
	tui_say(t, 0, " Imputation inchangée");
}

static void
ask_item(struct view *v, int tag, const char *label, const char *init, size_t max,
    const char *const *phrases, size_t n)
{
	struct inspv *iv = v->data;

	prompt_start(&iv->ask, tag, label, init, max, phrases, n);
}

static void
answer(struct view *v, struct tui *t, char *text)
{
	struct inspv *iv = v->data;
	const struct inspection_item *it = sel_item(v);
	const struct inspection_room *r = sel_room(v);
	char id[UID_SIZE], sha[65], msg[128];
	struct err e;
	int rc;

	switch (iv->ask.tag) {
	case ASK_COMMENT:
		if (it && save_field(v, t, "inspection_item.comment", it->id, text) == 0)
			tui_privacy_note(t, text);
		break;
	case ASK_NATURE:
		if (it)
			save_field(v, t, "inspection_item.nature", it->id, text);
		break;
	case ASK_QUANTITY:
		if (it)
			save_field(v, t, "inspection_item.quantity", it->id, text);
		break;
	case ASK_PRICE:
		if (it)
			save_field(v, t, "inspection_item.price_code", it->id, text);
		break;
	case ASK_PHOTO:
		if (it == NULL)
			break;
		memcpy(id, it->id, UID_SIZE);
		rc = inspection_photo_add(t->db, t->who, id, text, sha, &e);
		snprintf(msg, sizeof msg, "Photo jointe (%.12s…)", sha);
		after_write(v, t, rc, &e, id, rc == 0 ? msg : NULL);
		break;
	case ASK_ITEM:
		if (r == NULL)
			break;
		rc = inspection_item_add(t->db, t->who, r->id, text, "other", id, &e);
		after_write(v, t, rc, &e, id, rc == 0 ? "Élément ajouté" : NULL);
		break;
	case ASK_ROOM_NEW:
		rc = inspection_room_add(t->db, t->who, iv->id, r ? r->position : 0, text, id, &e);
		after_write(v, t, rc, &e, id, rc == 0 ? "Pièce ajoutée : + pour ses éléments" : NULL);
		break;
	case ASK_ROOM_NAME:
		if (r)
			save_field(v, t, "inspection_room.name", r->id, text);
		break;
	}
}

static void
delete_selected(struct view *v, struct tui *t, int room)
{
	const struct inspection_item *it = sel_item(v);
	const struct inspection_room *r = sel_room(v);
	char id[UID_SIZE];
	struct err e;
	int rc;

	if (room && r) {
		memcpy(id, r->id, UID_SIZE);
		rc = inspection_room_delete(t->db, t->who, id, &e);
		after_write(v, t, rc, &e, NULL, rc == 0 ? "Pièce supprimée" : NULL);
	} else if (!room && it) {
		memcpy(id, it->id, UID_SIZE);
		rc = inspection_item_delete(t->db, t->who, id, &e);
		after_write(v, t, rc, &e, NULL, rc == 0 ? "Élément supprimé" : NULL);
	}
}

static void
work_order(struct view *v, struct tui *t)
{
	const struct inspection_item *it = sel_item(v);
	char number[32], id[UID_SIZE];
	struct err e;
	int rc;

	if (it == NULL)
		return;
	memcpy(id, it->id, UID_SIZE);
	rc = charge_work_order(t->db, t->who, id, number, &e);
	if (rc == 0)
		snprintf(e.msg, sizeof e.msg, "Bon de travaux %s créé", number);
	after_write(v, t, rc, &e, id, rc == 0 ? e.msg : NULL);
}

static void
prefill(struct view *v, struct tui *t)
{
	struct inspv *iv = v->data;
	struct err e;
	int rc;

	rc = inspection_prefill(t->db, t->who, iv->id, &e);
	after_write(v, t, rc, &e, NULL, rc == 0 ? "Prérempli : pièces, compteurs, clés et "
	    "parties" : NULL);
	if (rc == 0)
		v->pos.sel = v->pos.n > 1 ? 1 : 0;
}

static int
pending_key(struct view *v, struct tui *t, int key)
{
	struct inspv *iv = v->data;
	enum pending p = iv->pending;

	iv->pending = PEND_NONE;
	if (p == PEND_ROOM_STATE && key < 128 && key > 0 && strchr(INSPECTION_STATES, key))
		set_room_state(v, t, (char)key);
	else if (p == PEND_CHARGE)
		set_charge(v, t, key);
	else if ((p == PEND_DEL_ITEM || p == PEND_DEL_ROOM) && (key == 'o' || key == 'O'))
		delete_selected(v, t, p == PEND_DEL_ROOM);
	else
		tui_say(t, 0, " Annulé");
	return 1;
}

static int
item_key(struct view *v, struct tui *t, int key)
{
	struct inspv *iv = v->data;
	const struct inspection_item *it = sel_item(v);
	const char *const *list;
	char q[32];
	size_t n;

	if (it == NULL) {
		tui_say(t, 0, " Choisissez d'abord un élément (j/k)");
		return 1;
	}
	switch (key) {
	case 'c':
		list = inspection_phrases(&n);
		ask_item(v, ASK_COMMENT, "Observations (Tab : phrases)", it->comment, 500, list, n);
		return 1;
	case 'N':
		list = inspection_natures(&n);
		ask_item(v, ASK_NATURE, "Nature (Tab : liste)", it->nature, 60, list, n);
		return 1;
	case 'p':
		ask_item(v, ASK_PHOTO, "Photo (chemin du fichier ou empreinte)", NULL, 4096, NULL, 0);
		return 1;
	case 'Q':
		if (it->quantity >= 0)
			snprintf(q, sizeof q, "%g", it->quantity);
		ask_item(v, ASK_QUANTITY, "Quantité (m², ml, unités, heures)",
		    it->quantity >= 0 ? q : NULL, 12, NULL, 0);
		prompt_propose(&iv->ask);
		return 1;
	case 'P':
		ask_item(v, ASK_PRICE, "Prix, code du bordereau (Tab : liste)", it->price_code, 24,
		    (const char *const *)iv->prices, iv->nprices);
		return 1;
	case 'i':
		iv->pending = PEND_CHARGE;
		return 1;
	case 'T':
		work_order(v, t);
		return 1;
	case '-':
		iv->pending = PEND_DEL_ITEM;
		return 1;
	}
	return 0;
}

static int
insp_key(struct view *v, struct tui *t, int key)
{
	struct inspv *iv = v->data;
	const struct inspection_room *r = sel_room(v);

	if (iv->ask.active) {
		enum prompt_result res = prompt_key(&iv->ask, key);
		if (res == PROMPT_DONE) {
			char *text = prompt_take(&iv->ask);
			answer(v, t, text);
			free(text);
		}
		return 1;
	}
	if (iv->pending)
		return pending_key(v, t, key);
	if (key > 0 && key < 128 && strchr(INSPECTION_STATES, key)) {
		set_state(v, t, (char)key);
		return 1;
	}
	switch (key) {
	case 't':
		iv->pending = r ? PEND_ROOM_STATE : PEND_NONE;
		return 1;
	case 'C':
		tui_push(t, &view_insp_lines_ops, iv->id);
		return 1;
	case 'V':
		tui_push(t, &view_insp_check_ops, iv->id);
		return 1;
	case '$':
		tui_push(t, &view_insp_charges_ops, iv->id);
		return 1;
	case '=':
		if (!iv->exit) {
			tui_say(t, 0, " Seulement à la sortie (comparaison avec l'entrée)");
			return 1;
		}
		iv->changed_only = !iv->changed_only;
		insp_reload(v, t, NULL);
		return 1;
	case '+':
		if (r)
			ask_item(v, ASK_ITEM, "Nouvel élément de la pièce", NULL, 80, NULL, 0);
		return 1;
	case 'R':
		ask_item(v, ASK_ROOM_NEW, "Nouvelle pièce (après celle-ci)", NULL, 80, NULL, 0);
		return 1;
	case 'r':
		if (r)
			ask_item(v, ASK_ROOM_NAME, "Nom de la pièce", r->name, 80, NULL, 0);
		return 1;
	case 'X':
		iv->pending = r ? PEND_DEL_ROOM : PEND_NONE;
		return 1;
	case 'M':
		prefill(v, t);
		return 1;
	case 'c': case 'N': case 'p': case 'Q': case 'P': case 'i': case 'T': case '-':
		return item_key(v, t, key);
	}
	return 0;
}

static int
insp_action(struct view *v, struct tui *t, enum tui_action a)
{
	return list_move(&v->pos, a, v->height - 4);
}

static void
insp_close(struct view *v)
{
	struct inspv *iv = v->data;
	size_t i;

	prompt_close(&iv->ask);
	inspection_free(iv->in);
	free(iv->lines);
	for (i = 0; i < iv->nprices; i++)
		free(iv->prices[i]);
	free(iv->prices);
	free(iv);
}

const struct view_ops view_inspection_ops = {
	"État des lieux", insp_open, insp_draw, insp_action, insp_key, insp_close, insp_actions,
	insp_keys,
};
