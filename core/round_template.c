/* Editing the round templates and their lines: the administrator's,
 * one transaction per change, signed with who and when. What the
 * history of rounds needs (a template with runs, a line some run
 * recorded) is not deleted. */
#include "round.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "perm.h"
#include "round_internal.h"
#include "user.h"

/* An edit, checked and ready: who, when, and the cleaned text. */
struct round_edit {
	struct db *db;
	const struct user *who;
	char now[DT_STAMP_SIZE];
	char *text;
};

static int
round_edit_begin(struct round_edit *w, struct db *db, const struct user *who,
    const char *now, const char *what, const char *text, struct err *e)
{
	memset(w, 0, sizeof *w);
	w->db = db;
	w->who = who;
	if (who == NULL || !perm_can_write(who->role, PG_USERS))
		return err_set(e, "Modification refusée : le rôle %s ne peut pas modifier les "
		    "modèles de ronde (réservé à l'administrateur)",
		    user_role_label(who ? who->role : NULL));
	if (round_clock(now, w->now, e) != 0)
		return -1;
	if (what != NULL) {
		if (round_text(what, text, ROUND_NAME_MAX, &w->text, e) != 0)
			return -1;
		if (w->text == NULL)
			return err_set(e, "%s vide", what);
	}
	if (db_begin(db, e) != 0) {
		free(w->text);
		return -1;
	}
	return 0;
}

static int
round_edit_end(struct round_edit *w, int rc, struct err *e)
{
	free(w->text);
	return round_close(w->db, rc, e);
}

static int
round_frequency_ok(int days, struct err *e)
{
	if (days < 1 || days > ROUND_FREQUENCY_MAX)
		return err_set(e, "fréquence de ronde invalide : %d jours (1 à %d)", days,
		    ROUND_FREQUENCY_MAX);
	return 0;
}

/* -1 with a message if the last write touched no row. */
static int
round_changed(struct round_edit *w, int rc, const char *missing, const char *id,
    struct err *e)
{
	if (rc == 0 && db_changes(w->db) == 0)
		return err_set(e, "%s introuvable : %s", missing, id ? id : "");
	return rc;
}

/* ---- Templates ---- */

static int
round_place_exists(struct db *db, enum place_kind kind, const char *place_id,
    struct err *e)
{
	int64_t one;
	int rc;

	if (kind != PLACE_BUILDING && kind != PLACE_ESTATE)
		return err_set(e, "une ronde se rattache à un bâtiment ou à une résidence, "
		    "pas à : %s", patrimoine_kind_label(kind));
	rc = db_int(db, e, &one, kind == PLACE_BUILDING ? "SELECT 1 FROM building WHERE id = ?" :
	    "SELECT 1 FROM estate WHERE id = ?", "t", place_id ? place_id : "");
	if (rc == 0)
		return err_set(e, "%s introuvable : %s", patrimoine_kind_label(kind),
		    place_id ? place_id : "");
	return rc < 0 ? -1 : 0;
}

int
round_template_add(struct db *db, const struct user *who, enum place_kind kind,
    const char *place_id, const char *name, int frequency_days, const char *now,
    char out_id[UID_SIZE], struct err *e)
{
	struct round_edit w;
	char id[UID_SIZE];
	int rc;

	if (round_frequency_ok(frequency_days, e) != 0 ||
	    round_edit_begin(&w, db, who, now, "nom de la ronde", name, e) != 0)
		return -1;
	rc = round_place_exists(db, kind, place_id, e);
	uid_new(id);
	if (rc == 0)
		rc = db_run(db, e, "INSERT INTO round_template (id, building_id, estate_id, name, "
		    "frequency_days, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
		    "ttttdtt", id, kind == PLACE_BUILDING ? place_id : NULL,
		    kind == PLACE_ESTATE ? place_id : NULL, w.text, frequency_days, w.now, who->id);
	if ((rc = round_edit_end(&w, rc, e)) == 0 && out_id)
		memcpy(out_id, id, UID_SIZE);
	return rc;
}

int
round_template_rename(struct db *db, const struct user *who, const char *template_id,
    const char *name, const char *now, struct err *e)
{
	struct round_edit w;
	int rc;

	if (round_edit_begin(&w, db, who, now, "nom de la ronde", name, e) != 0)
		return -1;
	rc = db_run(db, e, "UPDATE round_template SET name = ?, updated_at = ?, updated_by = ? "
	    "WHERE id = ?", "tttt", w.text, w.now, who->id, template_id);
	return round_edit_end(&w, round_changed(&w, rc, "ronde", template_id, e), e);
}

int
round_template_set_frequency(struct db *db, const struct user *who,
    const char *template_id, int frequency_days, const char *now, struct err *e)
{
	struct round_edit w;
	int rc;

	if (round_frequency_ok(frequency_days, e) != 0 ||
	    round_edit_begin(&w, db, who, now, NULL, NULL, e) != 0)
		return -1;
	rc = db_run(db, e, "UPDATE round_template SET frequency_days = ?, updated_at = ?, "
	    "updated_by = ? WHERE id = ?", "dttt", frequency_days, w.now, who->id, template_id);
	return round_edit_end(&w, round_changed(&w, rc, "ronde", template_id, e), e);
}

static int
round_template_remove(struct db *db, const char *template_id, struct err *e)
{
	int64_t runs = 0;
	int rc;

	rc = db_int(db, e, &runs, "SELECT count(*) FROM round_run WHERE template_id = ?", "t",
	    template_id);
	if (rc < 0)
		return -1;
	if (runs > 0)
		return err_set(e, "cette ronde a déjà été faite (%lld fois) : elle ne se supprime "
		    "pas, l'historique des rondes en a besoin", (long long)runs);
	if (db_run(db, e, "DELETE FROM round_template_item WHERE template_id = ?", "t",
	    template_id) != 0)
		return -1;
	return db_run(db, e, "DELETE FROM round_template WHERE id = ?", "t", template_id);
}

int
round_template_delete(struct db *db, const struct user *who, const char *template_id,
    struct err *e)
{
	struct round_edit w;
	int rc;

	if (round_edit_begin(&w, db, who, NULL, NULL, NULL, e) != 0)
		return -1;
	rc = round_template_remove(db, template_id ? template_id : "", e);
	return round_edit_end(&w, round_changed(&w, rc, "ronde", template_id, e), e);
}

/* ---- Lines ---- */

int
round_items(struct db *db, const struct user *who, const char *template_id,
    struct round_line **lines, size_t *n, struct err *e)
{
	*lines = NULL;
	*n = 0;
	if (!perm_can_read(who->role, PG_LOGBOOK))
		return err_set(e, "rondes : votre rôle (%s) ne permet pas de les lire",
		    user_role_label(who->role));
	if (round_in_scope(db, who, template_id, e) != 0)
		return -1;
	return round_lines_read(db, template_id, NULL, 0, lines, n, e);
}

int
round_item_add(struct db *db, const struct user *who, const char *template_id,
    const char *label, const char *now, char out_id[UID_SIZE], struct err *e)
{
	struct round_edit w;
	char id[UID_SIZE];
	int64_t last = -1;
	int rc;

	if (round_edit_begin(&w, db, who, now, "point de la ronde", label, e) != 0)
		return -1;
	rc = db_int(db, e, &last, "SELECT (SELECT coalesce(max(position), 0) FROM "
	    "round_template_item WHERE template_id = ?1) FROM round_template WHERE id = ?1", "t",
	    template_id ? template_id : "");
	if (rc == 0)
		rc = err_set(e, "ronde introuvable : %s", template_id ? template_id : "");
	uid_new(id);
	if (rc > 0)
		rc = db_run(db, e, "INSERT INTO round_template_item (id, template_id, position, "
		    "label, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)", "ttittt", id,
		    template_id, last + 1, w.text, w.now, who->id);
	if ((rc = round_edit_end(&w, rc, e)) == 0 && out_id)
		memcpy(out_id, id, UID_SIZE);
	return rc;
}

int
round_item_rename(struct db *db, const struct user *who, const char *item_id,
    const char *label, const char *now, struct err *e)
{
	struct round_edit w;
	int rc;

	if (round_edit_begin(&w, db, who, now, "point de la ronde", label, e) != 0)
		return -1;
	rc = db_run(db, e, "UPDATE round_template_item SET label = ?, updated_at = ?, "
	    "updated_by = ? WHERE id = ?", "tttt", w.text, w.now, who->id, item_id);
	return round_edit_end(&w, round_changed(&w, rc, "point de ronde", item_id, e), e);
}

/* Positions 1..n in the order of lines, writing only those that move
 * (positions may have gaps or ties after a merge of two nodes' edits). */
static int
round_renumber(struct round_edit *w, const struct round_line *lines, size_t n,
    struct err *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (db_run(w->db, e, "UPDATE round_template_item SET position = ?1, "
		    "updated_at = ?2, updated_by = ?3 WHERE id = ?4 AND position IS NOT ?1",
		    "ittt", (int64_t)i + 1, w->now, w->who->id, lines[i].item_id) != 0)
			return -1;
	return 0;
}

/* The template of an item. The caller frees. */
static char *
round_item_template(struct db *db, const char *item_id, struct err *e)
{
	char *template_id;

	err_clear(e);
	template_id = db_text(db, e, "SELECT template_id FROM round_template_item WHERE id = ?",
	    "t", item_id ? item_id : "");
	if (template_id == NULL && e->msg[0] == '\0')
		err_set(e, "point de ronde introuvable : %s", item_id ? item_id : "");
	return template_id;
}

static int
round_item_remove(struct round_edit *w, const char *item_id, struct err *e)
{
	struct round_line *lines;
	char *template_id;
	int64_t runs = 0;
	size_t n;
	int rc;

	if ((template_id = round_item_template(w->db, item_id, e)) == NULL)
		return -1;
	rc = db_int(w->db, e, &runs, "SELECT count(*) FROM round_result WHERE item_id = ?", "t",
	    item_id);
	if (rc >= 0 && runs > 0)
		rc = err_set(e, "ce point a été relevé dans %lld ronde(s) : il ne se supprime "
		    "pas (renommez-le plutôt)", (long long)runs);
	if (rc >= 0)
		rc = db_run(w->db, e, "DELETE FROM round_template_item WHERE id = ?", "t", item_id);
	if (rc >= 0 && (rc = round_lines_read(w->db, template_id, NULL, 0, &lines, &n, e)) == 0) {
		rc = round_renumber(w, lines, n, e);
		round_lines_free(lines, n);
	}
	free(template_id);
	return rc;
}

int
round_item_delete(struct db *db, const struct user *who, const char *item_id,
    const char *now, struct err *e)
{
	struct round_edit w;

	if (round_edit_begin(&w, db, who, now, NULL, NULL, e) != 0)
		return -1;
	return round_edit_end(&w, round_item_remove(&w, item_id, e), e);
}

/* Swaps the item with its neighbour in the direction of delta: 1 moved,
 * 0 already at that end. */
static int
round_item_swap(struct round_edit *w, const char *item_id, int delta, struct err *e)
{
	struct round_line *lines, tmp;
	char *template_id;
	size_t n, k;
	int rc;

	if ((template_id = round_item_template(w->db, item_id, e)) == NULL)
		return -1;
	rc = round_lines_read(w->db, template_id, NULL, 0, &lines, &n, e);
	free(template_id);
	if (rc != 0)
		return -1;
	for (k = 0; k < n && strcmp(lines[k].item_id, item_id) != 0; k++)
		;
	if (k == n || (delta < 0 && k == 0) || (delta > 0 && k + 1 >= n)) {
		rc = 0;
	} else {
		tmp = lines[k];
		lines[k] = lines[delta < 0 ? k - 1 : k + 1];
		lines[delta < 0 ? k - 1 : k + 1] = tmp;
		rc = round_renumber(w, lines, n, e) != 0 ? -1 : 1;
	}
	round_lines_free(lines, n);
	return rc;
}

int
round_item_move(struct db *db, const struct user *who, const char *item_id, int delta,
    const char *now, struct err *e)
{
	struct round_edit w;

	if (delta != -1 && delta != 1)
		return err_set(e, "déplacement d'un point : d'un cran vers le haut ou le bas");
	if (round_edit_begin(&w, db, who, now, NULL, NULL, e) != 0)
		return -1;
	return round_edit_end(&w, round_item_swap(&w, item_id, delta, e), e);
}
