/* An anomaly seen on a round becomes a claim in one call: the place,
 * category and urgency come from the template and the line, the text
 * from the line and its comment. */
#include "round.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"
#include "db.h"
#include "logbook.h"
#include "perm.h"
#include "round_internal.h"
#include "user.h"
#include "xalloc.h"


/* Words of a line's label (folded, matched at the start of a word) and
 * the category they suggest; the first that matches wins, so the fire
 * doors come before the doors. */
static const struct round_guess {
	const char *word;
	const char *category;
	int urgent;
} round_guesses[] = {
	{"coupe-feu", "doors_locks", 1},
	{"ascenseur", "lift", 1},
	{"eclairage", "electricity", 0},
	{"lumiere", "electricity", 0},
	{"ampoule", "electricity", 0},
	{"interphone", "intercom", 0},
	{"digicode", "intercom", 0},
	{"porte", "doors_locks", 0},
	{"boite", "doors_locks", 0},
	{"serrure", "doors_locks", 0},
	{"proprete", "cleanliness", 0},
	{"tag", "cleanliness", 0},
	{"graffiti", "cleanliness", 0},
	{"poubelle", "cleanliness", 0},
	{"encombrant", "cleanliness", 0},
};

#define NGUESSES (sizeof round_guesses / sizeof round_guesses[0])

/* What the claim is made of, gathered inside the transaction. */
_Static_assert(ROUND_CLAIM_NUMBER_SIZE == CLAIM_NUMBER_SIZE, "round and claim numbers");

struct round_claim {
	const char *run_id, *item_id, *now;
	char *label, *comment, *template_name;
	char building_id[UID_SIZE];
	const char *category, *urgency;
	char id[UID_SIZE];
	char number[CLAIM_NUMBER_SIZE];
};

/* ---- Guessing the category ---- */

static int
round_word_at(const char *folded, const char *word)
{
	const char *p;
	unsigned char before;

	for (p = strstr(folded, word); p != NULL; p = strstr(p + 1, word)) {
		before = p == folded ? ' ' : (unsigned char)p[-1];
		if (before < 0x80 && !(before >= 'a' && before <= 'z') &&
		    !(before >= '0' && before <= '9'))
			return 1;
	}
	return 0;
}

const char *
round_guess_category(const char *label, int *urgent)
{
	char *folded = logbook_fold(label);
	const struct round_guess *g = NULL;
	size_t i;

	for (i = 0; i < NGUESSES && g == NULL; i++)
		if (round_word_at(folded, round_guesses[i].word))
			g = &round_guesses[i];
	free(folded);
	if (urgent)
		*urgent = g ? g->urgent : 0;
	return g ? g->category : "other";
}

/* ---- Creating the claim ----
 * Through the claims module: its number, its due date (working days and
 * public holidays), its first event; then a comment that says where the
 * anomaly was seen. Inside the caller's transaction. */

static int
round_claim_insert(struct db *db, const struct user *who, struct round_claim *c,
    struct err *e)
{
	char *text = xasprintf("%s : %s", c->label, c->comment);
	char *event = xasprintf("Anomalie relevée lors de la ronde « %s ».", c->template_name);
	struct claim_new cn = {CLAIM_PLACE_BUILDING, c->building_id, c->category, c->urgency,
	    "lodge", NULL, text};
	int rc;

	rc = claim_create(db, who, &cn, c->now, c->id, c->number, e);
	if (rc == 0)
		rc = claim_comment(db, who, c->id, event, c->now, e);
	free(text);
	free(event);
	return rc;
}

/* ---- From the line ---- */

static int
round_claim_line(struct db *db, struct round_claim *c, struct err *e)
{
	struct db_stmt *st;
	char *number;
	int rc, anomaly;

	st = db_stmt(db, e, "SELECT r.result = 'anomaly', r.comment, i.label, c.number "
	    "FROM round_result r JOIN round_template_item i ON i.id = r.item_id "
	    "LEFT JOIN claim c ON c.id = r.claim_id WHERE r.round_id = ? AND r.item_id = ?");
	if (st == NULL || db_bind(st, e, "tt", c->run_id, c->item_id ? c->item_id : "") != 0)
		return -1;
	if ((rc = db_step(st, e)) <= 0)
		return rc < 0 ? -1 : err_set(e, "ce point n'a pas été relevé en anomalie");
	anomaly = (int)db_col_int(st, 0);
	c->comment = db_col_dup(st, 1);
	c->label = db_col_dup(st, 2);
	number = db_col_dup(st, 3);
	db_reset(st);
	if (number != NULL) {
		err_set(e, "une réclamation est déjà ouverte sur ce point : %s", number);
		free(number);
		return -1;
	}
	if (!anomaly || c->comment == NULL)
		return err_set(e, "ce point n'a pas été relevé en anomalie");
	return 0;
}

/* The template's building, or its estate's first; and its name. */
static int
round_claim_place(struct db *db, const char *template_id, struct round_claim *c,
    struct err *e)
{
	struct db_stmt *st;
	int rc;

	st = db_stmt(db, e, "SELECT coalesce(rt.building_id, (SELECT b.id FROM building b "
	    "WHERE b.estate_id = rt.estate_id ORDER BY b.code, b.id LIMIT 1)), rt.name "
	    "FROM round_template rt WHERE rt.id = ?");
	if (st == NULL || db_bind(st, e, "t", template_id) != 0)
		return -1;
	if ((rc = db_step(st, e)) <= 0)
		return rc < 0 ? -1 : err_set(e, "ronde introuvable : %s", template_id);
	c->template_name = db_col_dup(st, 1);
	if (db_col_is_null(st, 0)) {
		db_reset(st);
		return err_set(e, "la résidence de cette ronde n'a aucun bâtiment où ouvrir "
		    "la réclamation");
	}
	snprintf(c->building_id, UID_SIZE, "%s", db_col_text(st, 0));
	db_reset(st);
	return 0;
}

/* The guessed category if the referential has it, else "other". */
static int
round_claim_category(struct db *db, struct round_claim *c, struct err *e)
{
	static const char sql[] = "SELECT 1 FROM claim_category WHERE code = ?";
	int urgent = 0, rc;
	int64_t has;

	c->category = round_guess_category(c->label, &urgent);
	c->urgency = urgent ? "urgent" : "normal";
	rc = db_int(db, e, &has, sql, "t", c->category);
	if (rc == 0 && strcmp(c->category, "other") != 0) {
		c->category = "other";
		rc = db_int(db, e, &has, sql, "t", c->category);
	}
	if (rc == 0)
		return err_set(e, "catégorie de réclamation « other » absente du référentiel");
	return rc < 0 ? -1 : 0;
}

static int
round_claim_make(struct db *db, const struct user *who, struct round_claim *c,
    struct err *e)
{
	struct round_run_info info;

	if (round_run_get(db, c->run_id, &info, e) != 0 ||
	    round_in_scope(db, who, info.template_id, e) != 0 ||
	    round_claim_line(db, c, e) != 0 ||
	    round_claim_place(db, info.template_id, c, e) != 0 ||
	    round_claim_category(db, c, e) != 0 ||
	    round_claim_insert(db, who, c, e) != 0)
		return -1;
	return db_run(db, e, "UPDATE round_result SET claim_id = ?1, updated_at = ?2, "
	    "updated_by = ?3 WHERE round_id = ?4 AND item_id = ?5", "ttttt", c->id, c->now,
	    who->id, c->run_id, c->item_id);
}

int
round_anomaly_claim(struct db *db, const struct user *who, const char *run_id,
    const char *item_id, const char *now, char claim_id[UID_SIZE],
    char number[ROUND_CLAIM_NUMBER_SIZE], struct err *e)
{
	struct round_claim c;
	char stamp[DT_STAMP_SIZE];
	int rc;

	if (!perm_can_write(who->role, PG_LOGBOOK) || !perm_can_write(who->role, PG_CLAIMS))
		return err_set(e, "rondes : votre rôle (%s) ne permet pas d'ouvrir une "
		    "réclamation depuis une ronde", user_role_label(who->role));
	if (round_clock(now, stamp, e) != 0 || db_begin(db, e) != 0)
		return -1;
	memset(&c, 0, sizeof c);
	c.run_id = run_id ? run_id : "";
	c.item_id = item_id;
	c.now = stamp;
	rc = round_close(db, round_claim_make(db, who, &c, e), e);
	if (rc == 0 && claim_id)
		memcpy(claim_id, c.id, UID_SIZE);
	if (rc == 0 && number)
		memcpy(number, c.number, ROUND_CLAIM_NUMBER_SIZE);
	free(c.label);
	free(c.comment);
	free(c.template_name);
	return rc;
}
