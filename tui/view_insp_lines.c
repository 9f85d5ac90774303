/* An inspection's other mentions on one screen: its head (landlord, new
 * address, observations), meter readings, keys, and the parties with
 * their signatures. Enter edits the line's main value in place; the
 * signing keys work once the inspection is ready to sign. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/field.h"
#include "core/inspection.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/prompt.h"
#include "tui/view.h"

enum lkind { L_SECTION, L_HEAD, L_METER, L_KEY, L_PARTY };

struct lline {
	enum lkind kind;
	const char *title;   /* L_SECTION */
	const char *field;   /* L_HEAD: the field id */
	size_t i;            /* index in meters, keys or parties */
};

enum lask { LA_VALUE = 1, LA_SERIAL, LA_GIVEN, LA_MANDATE, LA_SIGN, LA_REFUSE, LA_ADD_METER,
	LA_ADD_KEY, LA_ADD_PARTY };

enum lpend { LP_NONE, LP_DELETE, LP_ROLE };

struct linesv {
	char id[UID_SIZE];
	struct inspection *in;
	struct lline *lines;
	int exit;
	enum lpend pending;
	const char *role;   /* the role of the party being added */
	struct prompt ask;
};

static const enum tui_action lines_actions[] = {
	A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST, A_LAST, A_REDRAW,
	A_NONE,
};

static const struct view_key lines_keys[] = {
	{"Entrée e", "Saisir", "Saisir la valeur de la ligne (index, clés rendues, nom...)"},
	{"N", NULL, "Compteur : son numéro ; clés : le nombre remis"},
	{"M a", NULL, "Partie : son mandat ; présente ou absente"},
	{"+ -", NULL, "Ajouter une ligne à la rubrique, supprimer la ligne"},
	{"s", "Signer", "La partie signe en tapant son nom"},
	{"R p P", NULL, "Refus de signer (motif) ; à signer sur papier ; papier signé reçu"},
	{"V", "Vérifier", "Vérifier les mentions obligatoires, prêt à signer"},
	{"S", "Clore", "Signer l'état des lieux : son contenu est figé"},
	{"B", NULL, "Repasser en brouillon (les signatures recueillies tombent)"},
	{NULL, NULL, NULL},
};

static const char *const head_fields[] = {
	"inspection.planned_date", "inspection.landlord_name", "inspection.landlord_address",
	"inspection.tenant_new_address", "inspection.observations",
};

static void
add_line(struct linesv *lv, size_t *n, enum lkind kind, const char *title, const char *field,
    size_t i)
{
	lv->lines[*n].kind = kind;
	lv->lines[*n].title = title;
	lv->lines[*n].field = field;
	lv->lines[(*n)++].i = i;
}

static void
build(struct linesv *lv, struct list_pos *pos)
{
	const struct inspection *in = lv->in;
	size_t n = 0, i;

	free(lv->lines);
	lv->lines = xcalloc(16 + in->nmeters + in->nkeys + in->nparties, sizeof *lv->lines);
	add_line(lv, &n, L_SECTION, "En-tête", NULL, 0);
	for (i = 0; i < sizeof head_fields / sizeof head_fields[0]; i++)
		if (i != 3 || lv->exit)
			add_line(lv, &n, L_HEAD, NULL, head_fields[i], 0);
	add_line(lv, &n, L_SECTION, "Compteurs (numéro, index)", NULL, 0);
	for (i = 0; i < in->nmeters; i++)
		add_line(lv, &n, L_METER, NULL, NULL, i);
	add_line(lv, &n, L_SECTION, lv->exit ? "Clés et accès (remis, rendus)" :
	    "Clés et accès (remis)", NULL, 0);
	for (i = 0; i < in->nkeys; i++)
		add_line(lv, &n, L_KEY, NULL, NULL, i);
	add_line(lv, &n, L_SECTION, "Parties et signatures", NULL, 0);
	for (i = 0; i < in->nparties; i++)
		add_line(lv, &n, L_PARTY, NULL, NULL, i);
	pos->n = n;
}

/* The id of a line's row, for keeping the cursor across reloads. */
static const char *
line_id(const struct linesv *lv, const struct lline *l)
{
	switch (l->kind) {
	case L_METER: return lv->in->meters[l->i].id;
	case L_KEY: return lv->in->keys[l->i].id;
	case L_PARTY: return lv->in->parties[l->i].id;
	case L_HEAD: return l->field;
	default: return l->title;
	}
}

static int
lines_reload(struct view *v, struct tui *t, const char *keep)
{
	struct linesv *lv = v->data;
	struct inspection *in;
	char keep_id[64];
	struct err e;
	size_t k;

	snprintf(keep_id, sizeof keep_id, "%s", keep ? keep : "");
	if (inspection_load(t->db, t->who, lv->id, &in, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	inspection_free(lv->in);
	lv->in = in;
	lv->exit = inspection_is_exit(in->kind) || in->entry_inspection_id[0];
	build(lv, &v->pos);
	for (k = 0; keep_id[0] && k < v->pos.n; k++)
		if (strcmp(line_id(lv, &lv->lines[k]), keep_id) == 0)
			v->pos.sel = k;
	if (v->pos.sel >= v->pos.n)
		v->pos.sel = v->pos.n - 1;
	return 0;
}

static int
lines_open(struct view *v, struct tui *t, const char *arg)
{
	struct linesv *lv = xcalloc(1, sizeof *lv);

	snprintf(lv->id, sizeof lv->id, "%s", arg ? arg : "");
	v->data = lv;
	if (lines_reload(v, t, NULL) != 0) {
		free(lv);
		return -1;
	}
	tui_set_place(t, v, PLACE_DWELLING, lv->in->dwelling_id);
	snprintf(v->crumb, sizeof v->crumb, "Compteurs, clés, parties");
	v->pos.sel = 1;
	if (t->jump[0]) {
		lines_reload(v, t, t->jump);
		t->jump[0] = '\0';
	}
	return 0;
}

/* ---- Drawing ---- */

static void
party_status(const struct inspection_party *p, char *out, size_t size)
{
	if (!p->present)
		snprintf(out, size, "absent(e)");
	else if (p->refusal_reason)
		snprintf(out, size, "refuse de signer : %s", p->refusal_reason);
	else if (p->signed_at[0])
		snprintf(out, size, "%s le %.10s", p->paper ? "signé sur papier" : "signé", p->signed_at);
	else if (p->paper)
		snprintf(out, size, "à signer sur papier");
	else
		snprintf(out, size, "à signer");
}

static void
draw_row(struct linesv *lv, const struct lline *l, int y, enum draw_style st)
{
	char a[160], b[320];

	a[0] = b[0] = '\0';
	if (l->kind == L_METER) {
		const struct inspection_meter *m = &lv->in->meters[l->i];
		snprintf(a, sizeof a, "%s", inspection_meter_label(m->kind));
		if (m->reading >= 0) {
			char num[32], *dot;
			snprintf(num, sizeof num, "%.2f", m->reading);
			if ((dot = strchr(num, '.')) != NULL)
				*dot = ',';
			snprintf(b, sizeof b, "n° %s · index %s", m->serial ? m->serial : "?", num);
		}
		else
			snprintf(b, sizeof b, "n° %s · index à relever", m->serial ? m->serial : "?");
	} else if (l->kind == L_KEY) {
		const struct inspection_key *k = &lv->in->keys[l->i];
		snprintf(a, sizeof a, "%s", inspection_key_label(k->kind));
		if (lv->exit && k->returned >= 0)
			snprintf(b, sizeof b, "%ld remis · %ld rendu%s", k->given, k->returned,
			    k->returned > 1 ? "s" : "");
		else
			snprintf(b, sizeof b, "%ld remis%s", k->given, lv->exit ? " · rendus : à compter" :
			    "");
	} else if (l->kind == L_PARTY) {
		const struct inspection_party *p = &lv->in->parties[l->i];
		char status[256];
		party_status(p, status, sizeof status);
		snprintf(a, sizeof a, "%s", inspection_party_label(p->role));
		snprintf(b, sizeof b, "%s — %s%s%s", p->name, status, p->mandate ? " · mandat : " : "",
		    p->mandate ? p->mandate : "");
	}
	draw_line(y, st);
	draw_text(y, 2, 28, st, 1, a);
	draw_text(y, 31, draw_cols() - 32, st, 1, b);
}

static void
lines_draw(struct view *v, struct tui *t, int top, int height)
{
	struct linesv *lv = v->data;
	int y, body = height - 2;
	size_t i;

	if (t->jump[0]) {
		lines_reload(v, t, t->jump);
		t->jump[0] = '\0';
	}
	list_move(&v->pos, A_NONE, body);
	for (i = v->pos.top, y = top; i < v->pos.n && y < top + body; i++, y++) {
		const struct lline *l = &lv->lines[i];
		enum draw_style st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;
		if (l->kind == L_SECTION) {
			draw_line(y, st);
			draw_text(y, 1, draw_cols() - 2, i == v->pos.sel ? st : DS_HEADER, 1, l->title);
		} else if (l->kind == L_HEAD) {
			const struct field *f = field_find(l->field);
			struct err e;
			char *raw = field_get(t->db, f, lv->id, &e);
			char *shown = field_display(f, raw);
			draw_line(y, st);
			draw_text(y, 2, 28, st, 1, f->label);
			draw_text(y, 31, draw_cols() - 32, raw ? st : DS_DIM, 1, shown ? shown : "—");
			free(raw);
			free(shown);
		} else {
			draw_row(lv, l, y, st);
		}
	}
	draw_text(top + height - 2, 1, draw_cols() - 2, DS_DIM, 1,
	    strcmp(lv->in->state, "draft") == 0 ? "Brouillon : Entrée saisit · V vérifie et passe "
	    "« prêt à signer »" : strcmp(lv->in->state, "ready") == 0 ? "Prêt à signer : s signer · "
	    "R refus · p papier · S clore et figer · B brouillon" : "Signé : contenu figé");
	if (lv->pending)
		draw_text(top + height - 1, 1, draw_cols() - 2, DS_SELECTED, 1,
		    lv->pending == LP_DELETE ? "Supprimer cette ligne ? o : oui · autre touche : non" :
		    "Nouvelle partie : l locataire, m mandataire, b représentant du bailleur, "
		    "c commissaire");
	prompt_draw(&lv->ask, top + height - 1);
}

/* ---- Editing ---- */

static const struct lline *
sel(struct view *v)
{
	struct linesv *lv = v->data;

	return v->pos.n ? &lv->lines[v->pos.sel] : NULL;
}

static void
done(struct view *v, struct tui *t, int rc, const struct err *e, const char *keep,
    const char *ok)
{
	if (rc != 0) {
		tui_say(t, 1, " %.250s", e->msg);
		return;
	}
	lines_reload(v, t, keep);
	tui_invalidate(t);
	if (ok)
		tui_say(t, 0, " %s", ok);
}

static void
save(struct view *v, struct tui *t, const char *field, const char *row, const char *value)
{
	char id[UID_SIZE];
	struct err e;

	snprintf(id, sizeof id, "%s", row);
	done(v, t, field_save(t->db, t->who, field_find(field), id, value, &e), &e, id, NULL);
}

/* The choice whose label starts like text (accents aside), else NULL. */
static const char *
choice_code(const char *field, const char *text)
{
	const struct field *f = field_find(field);
	size_t i;

	for (i = 0; f && i < f->nchoices; i++)
		if (strcasecmp(f->choices[i].label, text) == 0 || strcmp(f->choices[i].code, text) == 0)
			return f->choices[i].code;
	return NULL;
}

static const char *const *
choice_labels(const char *field, size_t *n)
{
	static const char *labels[16];
	const struct field *f = field_find(field);
	size_t i;

	for (i = 0; f && i < f->nchoices && i < 16; i++)
		labels[i] = f->choices[i].label;
	*n = i;
	return labels;
}

static void
add_line_answer(struct view *v, struct tui *t, int tag, const char *text)
{
	struct linesv *lv = v->data;
	const char *code;
	char id[UID_SIZE];
	struct err e;
	int rc;

	if (tag == LA_ADD_PARTY) {
		rc = inspection_party_add(t->db, t->who, lv->id, lv->role, text, id, &e);
		done(v, t, rc, &e, id, rc == 0 ? "Partie ajoutée" : NULL);
		return;
	}
	code = choice_code(tag == LA_ADD_METER ? "inspection_meter.kind" : "inspection_key.kind",
	    text);
	if (code == NULL) {
		tui_say(t, 1, " Type inconnu : « %.60s » (Tab propose la liste)", text);
		return;
	}
	rc = tag == LA_ADD_METER ? inspection_meter_add(t->db, t->who, lv->id, code, id, &e) :
	    inspection_key_add(t->db, t->who, lv->id, code, 1, id, &e);
	done(v, t, rc, &e, id, rc == 0 ? "Ligne ajoutée : Entrée pour la saisir" : NULL);
}

static void
lines_answer(struct view *v, struct tui *t, int tag, const char *text)
{
	struct linesv *lv = v->data;
	const struct lline *l = sel(v);
	const char *row;
	char id[UID_SIZE];
	struct err e;
	int rc;

	if (tag >= LA_ADD_METER) {
		add_line_answer(v, t, tag, text);
		return;
	}
	if (l == NULL)
		return;
	row = l->kind == L_HEAD ? lv->id : line_id(lv, l);
	snprintf(id, sizeof id, "%s", row);
	switch (tag) {
	case LA_VALUE:
		if (l->kind == L_HEAD)
			save(v, t, l->field, id, text);
		else if (l->kind == L_METER)
			save(v, t, "inspection_meter.reading", id, text);
		else if (l->kind == L_KEY)
			save(v, t, lv->exit ? "inspection_key.returned" : "inspection_key.given", id, text);
		else if (l->kind == L_PARTY)
			save(v, t, "inspection_party.name", id, text);
		break;
	case LA_SERIAL:
		save(v, t, "inspection_meter.serial", id, text);
		break;
	case LA_GIVEN:
		save(v, t, "inspection_key.given", id, text);
		break;
	case LA_MANDATE:
		save(v, t, "inspection_party.mandate", id, text);
		break;
	case LA_SIGN:
		rc = inspection_party_sign(t->db, t->who, id, text, &e);
		done(v, t, rc, &e, id, rc == 0 ? "Signature enregistrée" : NULL);
		break;
	case LA_REFUSE:
		rc = inspection_party_refuse(t->db, t->who, id, text, &e);
		done(v, t, rc, &e, id, rc == 0 ? "Refus de signer enregistré, avec son motif" : NULL);
		break;
	}
}

/* Enter: the line's main value, in place (a choice opens the form). */
static void
edit_value(struct view *v, struct tui *t)
{
	struct linesv *lv = v->data;
	const struct lline *l = sel(v);
	char init[64];
	struct err e;
	char *raw;

	if (l == NULL || l->kind == L_SECTION) {
		tui_say(t, 0, " + ajoute une ligne à cette rubrique");
		return;
	}
	if (l->kind == L_HEAD) {
		const struct field *f = field_find(l->field);
		if (f->flags & FF_MULTILINE) {
			form_edit(t, l->field, lv->id);
			return;
		}
		raw = field_get(t->db, f, lv->id, &e);
		prompt_start(&lv->ask, LA_VALUE, f->label, raw, f->max_len ? f->max_len : 200, NULL, 0);
		free(raw);
		return;
	}
	init[0] = '\0';
	if (l->kind == L_METER && lv->in->meters[l->i].reading >= 0) {
		char *dot;
		snprintf(init, sizeof init, "%.2f", lv->in->meters[l->i].reading);
		if ((dot = strchr(init, '.')) != NULL)
			*dot = ',';
	}
	if (l->kind == L_KEY)
		snprintf(init, sizeof init, "%ld", lv->exit ? (lv->in->keys[l->i].returned >= 0 ?
		    lv->in->keys[l->i].returned : lv->in->keys[l->i].given) : lv->in->keys[l->i].given);
	prompt_start(&lv->ask, LA_VALUE, l->kind == L_METER ? "Index relevé" : l->kind == L_KEY ?
	    (lv->exit ? "Nombre rendu" : "Nombre remis") : "Nom", l->kind == L_PARTY ?
	    lv->in->parties[l->i].name : init, 120, NULL, 0);
	if (l->kind == L_KEY || l->kind == L_METER)
		prompt_propose(&lv->ask);
}

static void
section_add(struct view *v, struct tui *t)
{
	struct linesv *lv = v->data;
	const char *const *labels;
	size_t k = v->pos.sel, n;

	/* The section is the nearest header above the cursor. */
	while (k > 0 && lv->lines[k].kind != L_SECTION)
		k--;
	if (lv->lines[k + 1 < v->pos.n ? k + 1 : k].kind == L_HEAD || k == 0) {
		tui_say(t, 0, " L'en-tête a des lignes fixes : Entrée les saisit");
		return;
	}
	if (strncmp(lv->lines[k].title, "Compteurs", 9) == 0) {
		labels = choice_labels("inspection_meter.kind", &n);
		prompt_start(&lv->ask, LA_ADD_METER, "Compteur (Tab : liste)", NULL, 40, labels, n);
	} else if (strncmp(lv->lines[k].title, "Clés", 5) == 0) {
		labels = choice_labels("inspection_key.kind", &n);
		prompt_start(&lv->ask, LA_ADD_KEY, "Clé ou accès (Tab : liste)", NULL, 40, labels, n);
	} else {
		lv->pending = LP_ROLE;
	}
}

static void
party_op(struct view *v, struct tui *t, int key)
{
	struct linesv *lv = v->data;
	const struct lline *l = sel(v);
	const struct inspection_party *p;
	char id[UID_SIZE];
	struct err e;
	int rc;

	if (l == NULL || l->kind != L_PARTY) {
		tui_say(t, 0, " Choisissez une partie (rubrique « Parties et signatures »)");
		return;
	}
	p = &lv->in->parties[l->i];
	memcpy(id, p->id, UID_SIZE);
	switch (key) {
	case 's':
		prompt_start(&lv->ask, LA_SIGN, "Pour signer, la partie tape son nom", NULL, 120, NULL,
		    0);
		break;
	case 'R':
		prompt_start(&lv->ask, LA_REFUSE, "Motif du refus de signer", NULL, 500, NULL, 0);
		break;
	case 'M':
		prompt_start(&lv->ask, LA_MANDATE, "Mandat (procuration écrite de...)", p->mandate, 200,
		    NULL, 0);
		break;
	case 'a':
		save(v, t, "inspection_party.present", id, p->present ? "0" : "1");
		break;
	case 'p':
		rc = inspection_party_paper(t->db, t->who, id, &e);
		done(v, t, rc, &e, id, rc == 0 ? "À signer sur papier : imprimez le document "
		    "(loge inspection export), puis P quand il revient signé" : NULL);
		break;
	case 'P':
		rc = inspection_party_paper_signed(t->db, t->who, id, &e);
		done(v, t, rc, &e, id, rc == 0 ? "Signature sur papier enregistrée" : NULL);
		break;
	}
}

static void
whole_op(struct view *v, struct tui *t, int key)
{
	struct linesv *lv = v->data;
	const struct lline *l = sel(v);
	char keep[64];
	struct err e;
	int rc;

	snprintf(keep, sizeof keep, "%s", l ? line_id(lv, l) : "");
	if (key == 'S') {
		rc = inspection_sign(t->db, t->who, lv->id, &e);
		done(v, t, rc, &e, keep, rc == 0 ? "État des lieux signé : contenu figé, empreinte "
		    "enregistrée" : NULL);
	} else {
		rc = inspection_set_draft(t->db, t->who, lv->id, &e);
		done(v, t, rc, &e, keep, rc == 0 ? "Repassé en brouillon" : NULL);
	}
}

static int
pending_key(struct view *v, struct tui *t, int key)
{
	static const struct {
		int key;
		const char *role, *label;
	} roles[] = {{'l', "tenant", "Nom du locataire"}, {'m', "mandatary", "Nom du mandataire"},
	    {'b', "landlord_agent", "Nom du représentant du bailleur"},
	    {'c', "bailiff", "Nom du commissaire de justice"}};
	struct linesv *lv = v->data;
	enum lpend p = lv->pending;
	const struct lline *l = sel(v);
	char id[UID_SIZE];
	struct err e;
	size_t i;
	int rc;

	lv->pending = LP_NONE;
	if (p == LP_DELETE && (key == 'o' || key == 'O') && l && l->kind >= L_METER) {
		snprintf(id, sizeof id, "%s", line_id(lv, l));
		rc = inspection_line_delete(t->db, t->who, l->kind == L_METER ? "inspection_meter" :
		    l->kind == L_KEY ? "inspection_key" : "inspection_party", id, &e);
		done(v, t, rc, &e, NULL, rc == 0 ? "Ligne supprimée" : NULL);
		return 1;
	}
	for (i = 0; p == LP_ROLE && i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].key == key) {
			lv->role = roles[i].role;
			prompt_start(&lv->ask, LA_ADD_PARTY, roles[i].label, NULL, 120, NULL, 0);
			return 1;
		}
	tui_say(t, 0, " Annulé");
	return 1;
}

static int
lines_key(struct view *v, struct tui *t, int key)
{
	struct linesv *lv = v->data;
	const struct lline *l = sel(v);

	if (lv->ask.active) {
		if (prompt_key(&lv->ask, key) == PROMPT_DONE) {
			int tag = lv->ask.tag;
			char *text = prompt_take(&lv->ask);
			lines_answer(v, t, tag, text);
			free(text);
		}
		return 1;
	}
	if (lv->pending)
		return pending_key(v, t, key);
	switch (key) {
	case K_ENTER: case 'e':
		edit_value(v, t);
		return 1;
	case 'N':
		if (l && l->kind == L_METER)
			prompt_start(&lv->ask, LA_SERIAL, "Numéro du compteur",
			    lv->in->meters[l->i].serial, 40, NULL, 0);
		else if (l && l->kind == L_KEY)
			prompt_start(&lv->ask, LA_GIVEN, "Nombre remis", NULL, 3, NULL, 0);
		return 1;
	case '+':
		section_add(v, t);
		return 1;
	case '-':
		lv->pending = l && l->kind >= L_METER ? LP_DELETE : LP_NONE;
		return 1;
	case 's': case 'R': case 'M': case 'a': case 'p': case 'P':
		party_op(v, t, key);
		return 1;
	case 'V':
		tui_push(t, &view_insp_check_ops, lv->id);
		return 1;
	case 'S': case 'B':
		whole_op(v, t, key);
		return 1;
	}
	return 0;
}

static int
lines_action(struct view *v, struct tui *t, enum tui_action a)
{
	return list_move(&v->pos, a, v->height - 2);
}

static void
lines_close(struct view *v)
{
	struct linesv *lv = v->data;

	prompt_close(&lv->ask);
	inspection_free(lv->in);
	free(lv->lines);
	free(lv);
}

const struct view_ops view_insp_lines_ops = {
	"Compteurs, clés, parties", lines_open, lines_draw, lines_action, lines_key, lines_close,
	lines_actions, lines_keys,
};
