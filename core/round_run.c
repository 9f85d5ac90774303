/* Doing a round: start or resume a run, record its lines one by one as
 * they are given (a round cut short loses nothing), finish it. */
#include "round.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "perm.h"
#include "round_internal.h"
#include "user.h"
#include "xalloc.h"

static int
round_can_do(const struct user *who, struct err *e)
{
	if (!perm_can_write(who->role, PG_LOGBOOK))
		return err_set(e, "rondes : votre rôle (%s) ne permet pas d'en faire",
		    user_role_label(who->role));
	return 0;
}

/* who's own run, still running: the only one they may fill in. */
static int
round_run_mine(struct db *db, const struct user *who, const char *run_id,
    struct round_run_info *info, struct err *e)
{
	if (round_can_do(who, e) != 0 || round_run_get(db, run_id, info, e) != 0)
		return -1;
	if (strcmp(info->user_id, who->id) != 0)
		return err_set(e, "ronde d'un autre utilisateur : seul celui qui l'a commencée "
		    "la remplit");
	if (info->finished)
		return err_set(e, "ronde terminée : elle ne se modifie plus");
	return 0;
}

/* ---- Starting ---- */

static int
round_begin_run(struct db *db, const struct user *who, const char *template_id,
    const char *now, char run_id[UID_SIZE], struct err *e)
{
	char *open;
	int64_t items = 0;

	if (round_in_scope(db, who, template_id, e) != 0)
		return -1;
	err_clear(e);
	open = db_text(db, e, "SELECT id FROM round_run WHERE template_id = ? AND user_id = ? "
	    "AND finished_at IS NULL ORDER BY started_at DESC, id DESC LIMIT 1", "tt",
	    template_id, who->id);
	if (open != NULL) {
		snprintf(run_id, UID_SIZE, "%s", open);
		free(open);
		return 1;
	}
	if (e->msg[0] != '\0' || db_int(db, e, &items, "SELECT count(*) FROM "
	    "round_template_item WHERE template_id = ?", "t", template_id) < 0)
		return -1;
	if (items == 0)
		return err_set(e, "cette ronde n'a aucun point à vérifier : "
		    "l'administrateur doit d'abord en ajouter");
	uid_new(run_id);
	return db_run(db, e, "INSERT INTO round_run (id, template_id, user_id, started_at, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)", "tttttt", run_id, template_id,
	    who->id, now, now, who->id);
}

int
round_start(struct db *db, const struct user *who, const char *template_id,
    const char *now, char run_id[UID_SIZE], struct err *e)
{
	char stamp[DT_STAMP_SIZE], id[UID_SIZE];
	int rc;

	if (round_can_do(who, e) != 0 || round_clock(now, stamp, e) != 0 ||
	    db_begin(db, e) != 0)
		return -1;
	rc = round_close(db, round_begin_run(db, who, template_id, stamp, id, e), e);
	if (rc >= 0)
		memcpy(run_id, id, UID_SIZE);
	return rc;
}

/* ---- Reading ---- */

static int
round_load_head(struct db *db, const struct user *who, const char *run_id,
    struct round_run *out, struct err *e)
{
	struct db_stmt *st;
	struct scope s;
	char *cond, *sql;
	int rc;

	patrimoine_scope(who, &s);
	cond = patrimoine_scope_sql(&s, "es.sector_id");
	sql = xasprintf("SELECT rr.template_id, rt.name, " ROUND_PLACE_SQL ", rr.user_id, "
	    "coalesce(ua.display_name, rr.user_id), rr.started_at, rr.finished_at, %s "
	    "FROM round_run rr JOIN round_template rt ON rt.id = rr.template_id "
	    ROUND_TEMPLATE_JOINS "LEFT JOIN user_account ua ON ua.id = rr.user_id "
	    "WHERE rr.id = ?2", cond);
	free(cond);
	st = db_stmt(db, e, sql);
	free(sql);
	if (st == NULL || db_bind(st, e, "tt", s.arg, run_id ? run_id : "") != 0)
		return -1;
	if ((rc = db_step(st, e)) <= 0)
		return rc < 0 ? -1 : err_set(e, "ronde introuvable : %s", run_id ? run_id : "");
	if (db_col_int(st, 7) == 0 && strcmp(db_col_text(st, 3), who->id) != 0) {
		db_reset(st);
		return err_set(e, "ronde hors de votre périmètre");
	}
	snprintf(out->id, UID_SIZE, "%s", run_id);
	snprintf(out->template_id, UID_SIZE, "%s", db_col_text(st, 0));
	out->name = db_col_dup(st, 1);
	out->place = db_col_dup(st, 2);
	snprintf(out->user_id, UID_SIZE, "%s", db_col_text(st, 3));
	out->user_name = db_col_dup(st, 4);
	snprintf(out->started_at, DT_STAMP_SIZE, "%s", db_col_text(st, 5));
	if (!db_col_is_null(st, 6))
		snprintf(out->finished_at, DT_STAMP_SIZE, "%s", db_col_text(st, 6));
	db_reset(st);
	return 0;
}

int
round_load(struct db *db, const struct user *who, const char *run_id,
    struct round_run *out, struct err *e)
{
	size_t i;

	memset(out, 0, sizeof *out);
	if (!perm_can_read(who->role, PG_LOGBOOK))
		return err_set(e, "rondes : votre rôle (%s) ne permet pas de les lire",
		    user_role_label(who->role));
	if (round_load_head(db, who, run_id, out, e) != 0 ||
	    round_lines_read(db, out->template_id, out->id, out->finished_at[0] != '\0',
	    &out->lines, &out->nlines, e) != 0) {
		round_run_clear(out);
		return -1;
	}
	for (i = 0; i < out->nlines; i++) {
		out->done += out->lines[i].result != ROUND_NONE;
		out->anomalies += out->lines[i].result == ROUND_ANOMALY;
	}
	return 0;
}

void
round_run_clear(struct round_run *r)
{
	free(r->name);
	free(r->place);
	free(r->user_name);
	round_lines_free(r->lines, r->nlines);
	memset(r, 0, sizeof *r);
}

/* ---- Recording a line ---- */

/* Refuses to change a line a claim was made from (its description
 * quotes the line), unless nothing changes. */
static int
round_line_frozen(struct db *db, const char *run_id, const char *item_id,
    const char *code, const char *comment, struct err *e)
{
	char *number;

	err_clear(e);
	number = db_text(db, e, "SELECT c.number FROM round_result r JOIN claim c "
	    "ON c.id = r.claim_id WHERE r.round_id = ? AND r.item_id = ? "
	    "AND (r.result IS NOT ? OR r.comment IS NOT ?)", "tttt", run_id, item_id, code,
	    comment);
	if (number == NULL)
		return e->msg[0] != '\0' ? -1 : 0;
	err_set(e, "la réclamation %s a été ouverte sur ce point : il ne se modifie plus",
	    number);
	free(number);
	return -1;
}

static int
round_set_line(struct db *db, const struct user *who, const char *run_id,
    const char *item_id, const char *code, const char *comment, const char *now,
    struct err *e)
{
	struct round_run_info info;
	char id[UID_SIZE];
	int64_t one;
	int rc;

	if (round_run_mine(db, who, run_id, &info, e) != 0)
		return -1;
	rc = db_int(db, e, &one, "SELECT 1 FROM round_template_item WHERE id = ? "
	    "AND template_id = ?", "tt", item_id ? item_id : "", info.template_id);
	if (rc <= 0)
		return rc < 0 ? -1 : err_set(e, "ce point n'appartient pas à cette ronde");
	if (round_line_frozen(db, run_id, item_id, code, comment, e) != 0)
		return -1;
	uid_new(id);
	return db_run(db, e, "INSERT INTO round_result (id, round_id, item_id, result, comment, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (round_id, item_id) DO UPDATE SET result = excluded.result, "
	    "comment = excluded.comment, updated_at = excluded.updated_at, "
	    "updated_by = excluded.updated_by "
	    "WHERE result IS NOT excluded.result OR comment IS NOT excluded.comment",
	    "ttttttt", id, run_id, item_id, code, comment, now, who->id);
}

int
round_set(struct db *db, const struct user *who, const char *run_id,
    const char *item_id, enum round_result result, const char *comment, const char *now,
    struct err *e)
{
	const char *code = round_result_code(result);
	char stamp[DT_STAMP_SIZE], *text = NULL;
	int rc;

	if (code == NULL)
		return err_set(e, "ronde : résultat attendu (OK, anomalie ou non vérifié)");
	if (round_clock(now, stamp, e) != 0 ||
	    round_text("commentaire", comment, ROUND_COMMENT_MAX, &text, e) != 0)
		return -1;
	if (result == ROUND_ANOMALY && text == NULL)
		return err_set(e, "anomalie : un commentaire est obligatoire "
		    "(dites ce qui ne va pas)");
	if (db_begin(db, e) != 0) {
		free(text);
		return -1;
	}
	rc = round_close(db, round_set_line(db, who, run_id, item_id, code, text, stamp, e), e);
	free(text);
	return rc < 0 ? -1 : 0;
}

/* ---- Finishing ---- */

/* Records "unchecked" for every line still without a result; the ids
 * are read first, as the inserts would otherwise change the rows being
 * read. */
static int
round_fill_unchecked(struct db *db, const struct user *who, const char *run_id,
    const char *template_id, const char *now, long *count, struct err *e)
{
	struct round_line *lines;
	char id[UID_SIZE];
	size_t n, i;
	int rc = 0;

	*count = 0;
	if (round_lines_read(db, template_id, run_id, 0, &lines, &n, e) != 0)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		if (lines[i].result != ROUND_NONE)
			continue;
		uid_new(id);
		rc = db_run(db, e, "INSERT INTO round_result (id, round_id, item_id, result, "
		    "updated_at, updated_by) VALUES (?, ?, ?, 'unchecked', ?, ?)", "ttttt", id,
		    run_id, lines[i].item_id, now, who->id);
		++*count;
	}
	round_lines_free(lines, n);
	return rc;
}

static int
round_finish_run(struct db *db, const struct user *who, const char *run_id,
    const char *now, long *count, struct err *e)
{
	struct round_run_info info;

	if (round_run_mine(db, who, run_id, &info, e) != 0 ||
	    round_fill_unchecked(db, who, run_id, info.template_id, now, count, e) != 0)
		return -1;
	return db_run(db, e, "UPDATE round_run SET finished_at = ?1, updated_at = ?1, "
	    "updated_by = ?2 WHERE id = ?3", "ttt", now, who->id, run_id);
}

int
round_finish(struct db *db, const struct user *who, const char *run_id,
    const char *now, long *unchecked, struct err *e)
{
	char stamp[DT_STAMP_SIZE];
	long count = 0;

	if (round_clock(now, stamp, e) != 0 || db_begin(db, e) != 0)
		return -1;
	if (round_close(db, round_finish_run(db, who, run_id, stamp, &count, e), e) < 0)
		return -1;
	if (unchecked)
		*unchecked = count;
	return 0;
}
