/* Taking a claim about the place on screen, in a few keys: the category
 * by one letter, the urgency by one letter (Entrée keeps "normal"), then
 * the description, Entrée saves. The channel (loge by default) and the
 * tenant (the dwelling's current one, when the role may know who) are
 * proposed and changed by one control key, so that the usual claim at
 * the lodge costs c, a letter, Entrée, the text, Entrée. From an
 * entrance, a building or an estate, Ctrl-P goes through the common
 * areas nearby (the hall, the bins room...); an estate's claim is always
 * about one of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/claim.h"
#include "core/perm.h"
#include "core/sheet.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/lineedit.h"
#include "tui/privacy_note.h"
#include "tui/view.h"
#include "tui/view_claims.h"

enum cn_step { CN_CATEGORY, CN_URGENCY, CN_TEXT };

struct claimnew {
	enum cn_step step;
	enum claim_place kind;
	char place_id[UID_SIZE];
	char *place_title;
	struct claim_choice *areas; /* common areas nearby, nearest first */
	size_t nareas;
	int area;            /* index in areas, -1: the place itself */
	struct claim_choice *cats;
	size_t ncats;
	char *keys;          /* the letter of each category */
	size_t cat;          /* chosen */
	const char *urgency;
	int channel;         /* index of claim_channel_code */
	char tenant_id[UID_SIZE];
	char *tenant;        /* NULL: none proposed */
	int with_tenant;
	struct lineedit le;
	char error[512];
};

static const enum tui_action cn_actions[] = {A_NONE};

static const struct view_key cn_keys[] = {
	{"lettre", "Catégorie", "Choisir la catégorie par sa lettre"},
	{"u g n", "Urgence", "u urgence, g urgent, n normal (Entrée : normal)"},
	{"Ctrl-T", "Canal", "Changer le canal (loge, téléphone, courrier, accueil, en ligne)"},
	{"Ctrl-X", "Locataire", "Retirer ou remettre le locataire proposé"},
	{"Ctrl-P", "Partie commune", "Choisir une partie commune proche (hall, cave, local "
	    "poubelles...), ou revenir au lieu lui-même"},
	{"Entrée", "Enregistrer", "Enregistrer la réclamation (après la description)"},
	{"Échap", "Retour", "Revenir d'une étape, ou abandonner"},
	{NULL, NULL, NULL},
};

/* The tenant proposed: the lease's first, or the one the search found
 * (t->jump, a tenant's id) when they are on the lease. */
static void
cn_tenant(struct claimnew *cn, struct tui *t)
{
	struct sheet *s;
	struct err e;
	size_t i;
	const struct sheet_block *b;

	if (cn->kind != CLAIM_PLACE_DWELLING || !perm_can_read(t->who->role, PG_TENANT_IDENTITY))
		return;
	if (sheet_load(t->db, t->who, cn->place_id, t->today, &s, &e) != 0)
		return;
	for (b = s->blocks; b < s->blocks + SB_COUNT; b++) {
		if (b->kind != SB_LEASE || !b->visible)
			continue;
		for (i = 0; i < b->nlines; i++) {
			const struct sheet_line *l = &b->lines[i];

			if (!l->table || strcmp(l->table, "tenant") != 0 || l->field ||
			    (cn->tenant && strcmp(l->row_id, t->jump) != 0))
				continue;
			memcpy(cn->tenant_id, l->row_id, UID_SIZE);
			free(cn->tenant);
			cn->tenant = xstrdup(l->value);
			cn->with_tenant = 1;
		}
	}
	sheet_free(s);
}

/* The common areas near the place; an estate's claim starts on the
 * first, as a claim is never about a whole estate. */
static int
cn_areas(struct claimnew *cn, struct tui *t, enum place_kind kind)
{
	struct err e;

	if (claim_common_areas(t->db, kind, cn->place_id, &cn->areas, &cn->nareas, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		return -1;
	}
	if (kind != PLACE_ESTATE)
		return 0;
	if (cn->nareas == 0) {
		tui_say(t, 1, " Aucune partie commune dans cette résidence : prenez la réclamation "
		    "depuis un bâtiment ou un logement");
		return -1;
	}
	cn->area = 0;
	return 0;
}

static int
cn_open(struct view *v, struct tui *t, const char *arg)
{
	struct claimnew *cn;
	enum place_kind kind;
	const char *id = tui_place_parse(arg, &kind);
	struct err e;

	if (!id || kind < PLACE_ESTATE) {
		tui_say(t, 1, " Cherchez d'abord le lieu (/) : un logement, une entrée, un bâtiment "
		    "ou une résidence");
		return -1;
	}
	if (!perm_can_write(t->who->role, PG_CLAIMS)) {
		tui_say(t, 1, " Réclamations : réservé au gardien et à l'agence");
		return -1;
	}
	cn = xcalloc(1, sizeof *cn);
	cn->kind = kind == PLACE_DWELLING ? CLAIM_PLACE_DWELLING :
	    kind == PLACE_ENTRANCE ? CLAIM_PLACE_ENTRANCE : CLAIM_PLACE_BUILDING;
	snprintf(cn->place_id, sizeof cn->place_id, "%s", id);
	cn->area = -1;
	if (tui_set_place(t, v, kind, id) != 0 || cn_areas(cn, t, kind) != 0) {
		claim_choices_free(cn->areas, cn->nareas);
		free(cn);
		return -1;
	}
	if (claim_categories(t->db, &cn->cats, &cn->ncats, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		claim_choices_free(cn->areas, cn->nareas);
		free(cn);
		return -1;
	}
	cn->place_title = xstrdup(v->title ? v->title : id);
	cn->keys = claims_category_keys(cn->cats, cn->ncats);
	cn->urgency = "normal";
	le_init(&cn->le, CLAIM_TEXT_MAX);
	cn_tenant(cn, t);
	snprintf(v->crumb, sizeof v->crumb, "Nouvelle réclamation");
	v->data = cn;
	return 0;
}

static void
cn_draw_categories(struct claimnew *cn, int y, int height)
{
	char line[128];
	size_t i, rows = (cn->ncats + 1) / 2;
	int col;

	for (i = 0; i < cn->ncats && (int)(i % rows) < height; i++) {
		col = i < rows ? 4 : 40;
		snprintf(line, sizeof line, "%c  %s", cn->keys[i], cn->cats[i].label);
		draw_text(y + (int)(i % rows), col, 36, DS_NORMAL, 1, line);
	}
}

static void
cn_draw(struct view *v, struct tui *t, int top, int height)
{
	struct claimnew *cn = v->data;
	char line[256];
	int w = draw_cols() - 4;

	draw_text(top + 1, 2, 12, DS_DIM, 1, "Lieu");
	if (cn->area >= 0)
		snprintf(line, sizeof line, "Partie commune : %s", cn->areas[cn->area].label);
	draw_text(top + 1, 14, w - 12, DS_NORMAL, 1,
	    cn->area >= 0 ? line : tui_place_tail(cn->place_title, w - 12));
	snprintf(line, sizeof line, "%s", claim_channel_label(claim_channel_code(cn->channel)));
	draw_text(top + 2, 2, 12, DS_DIM, 1, "Canal");
	draw_text(top + 2, 14, w - 12, DS_NORMAL, 1, line);
	draw_text(top + 3, 2, 12, DS_DIM, 1, "Locataire");
	draw_text(top + 3, 14, w - 12, cn->with_tenant ? DS_NORMAL : DS_DIM, 1,
	    cn->with_tenant ? cn->tenant : cn->tenant ? "aucun (Ctrl-X le remet)" : "aucun");
	draw_text(top + 4, 2, 12, DS_DIM, 1, "Catégorie");
	draw_text(top + 4, 14, w - 12, DS_NORMAL, 1,
	    cn->step > CN_CATEGORY ? cn->cats[cn->cat].label : "…");
	draw_text(top + 5, 2, 12, DS_DIM, 1, "Urgence");
	draw_text(top + 5, 14, w - 12, DS_NORMAL, 1,
	    cn->step > CN_URGENCY ? claim_urgency_label(cn->urgency) : "…");
	if (cn->step == CN_CATEGORY) {
		draw_text(top + 7, 2, w, DS_HEADER, 1, "Catégorie (une lettre) :");
		cn_draw_categories(cn, top + 8, height - 10);
	} else if (cn->step == CN_URGENCY) {
		draw_text(top + 7, 2, w, DS_HEADER, 1,
		    "Urgence : u urgence · g urgent · n ou Entrée : normal");
	} else {
		draw_text(top + 7, 2, w, DS_HEADER, 1, "Description (Entrée : enregistrer)");
		le_draw(&cn->le, top + 8, 2, w);
	}
	if (cn->error[0])
		draw_text(top + height - 2, 2, w, DS_ERROR, 1, cn->error);
	draw_text(top + height - 1, 2, w, DS_DIM, 1, cn->nareas ?
	    "Ctrl-T : canal · Ctrl-X : locataire · Ctrl-P : partie commune · Échap : retour" :
	    "Ctrl-T : canal · Ctrl-X : locataire · Échap : étape précédente");
}

static void
cn_save(struct claimnew *cn, struct tui *t)
{
	struct claim_new c;
	char id[UID_SIZE], number[CLAIM_NUMBER_SIZE];
	struct err e;

	memset(&c, 0, sizeof c);
	c.place_kind = cn->area >= 0 ? CLAIM_PLACE_COMMON_AREA : cn->kind;
	c.place_id = cn->area >= 0 ? cn->areas[cn->area].code : cn->place_id;
	c.category = cn->cats[cn->cat].code;
	c.urgency = cn->urgency;
	c.channel = claim_channel_code(cn->channel);
	c.tenant_id = cn->with_tenant ? cn->tenant_id : NULL;
	c.description = le_text(&cn->le);
	if (claim_create(t->db, t->who, &c, NULL, id, number, &e) != 0) {
		snprintf(cn->error, sizeof cn->error, "%.500s", e.msg);
		free((char *)c.description);
		return;
	}
	tui_invalidate(t);
	tui_pop(t);
	tui_say(t, 0, " Réclamation %s enregistrée (w : les réclamations)", number);
	tui_privacy_note(t, c.description);
	free((char *)c.description);
}

static void
cn_choose(struct claimnew *cn, struct tui *t, int key)
{
	size_t i;

	if (cn->step == CN_CATEGORY) {
		for (i = 0; i < cn->ncats; i++) {
			if (key == cn->keys[i]) {
				cn->cat = i;
				cn->step = CN_URGENCY;
				return;
			}
		}
		tui_say(t, 1, " Choisissez une catégorie par sa lettre");
		return;
	}
	if (key == 'u' || key == 'g' || key == 'n' || key == K_ENTER) {
		cn->urgency = key == 'u' ? "emergency" : key == 'g' ? "urgent" : "normal";
		cn->step = CN_TEXT;
	}
}

static int
cn_key(struct view *v, struct tui *t, int key)
{
	struct claimnew *cn = v->data;

	cn->error[0] = '\0';
	if (key == '?' && cn->step != CN_TEXT)
		return 0;
	if (key == CTRL('t')) {
		cn->channel = (cn->channel + 1) % CLAIM_NCHANNELS;
	} else if (key == CTRL('x')) {
		cn->with_tenant = cn->tenant && !cn->with_tenant;
	} else if (key == CTRL('p') && cn->nareas > 0) {
		/* After the last area, the place itself, unless it is an estate. */
		cn->area = cn->area + 1 < (int)cn->nareas ? cn->area + 1 :
		    v->place == PLACE_ESTATE ? 0 : -1;
	} else if (key == K_ESC) {
		if (cn->step == CN_CATEGORY)
			tui_pop(t);
		else
			cn->step--;
	} else if (cn->step != CN_TEXT) {
		cn_choose(cn, t, key);
	} else if (key == K_ENTER || key == CTRL('s')) {
		cn_save(cn, t);
	} else {
		le_key(&cn->le, key);
	}
	return 1;
}

static int
cn_action(struct view *v, struct tui *t, enum tui_action a)
{
	return 0;
}

static void
cn_close(struct view *v)
{
	struct claimnew *cn = v->data;

	claim_choices_free(cn->cats, cn->ncats);
	claim_choices_free(cn->areas, cn->nareas);
	free(cn->keys);
	free(cn->tenant);
	free(cn->place_title);
	le_free(&cn->le);
	free(cn);
}

const struct view_ops view_claim_new_ops = {
	"Réclamation", cn_open, cn_draw, cn_action, cn_key, cn_close, cn_actions, cn_keys,
};
