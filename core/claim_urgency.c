/* Changing the urgencies' response targets: the administrator's, one
 * transaction per change, stamped with who and when so that the change
 * travels by sync as any referential edit. A write that would not change
 * the value is skipped, so that it does not become a change to sync. */
#include "claim_urgency.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "db.h"
#include "err.h"
#include "perm.h"
#include "user.h"
#include "utf8.h"
#include "xalloc.h"

int
claim_urgency_can_write(const struct user *who)
{
	return who != NULL && perm_can_write(who->role, PG_USERS);
}

static int
urgency_check(const struct user *who, const char *now, char stamp[DT_STAMP_SIZE],
    struct err *e)
{
	if (!claim_urgency_can_write(who))
		return err_set(e, "Modification refusée : le rôle %s ne peut pas modifier les "
		    "délais des urgences (réservé à l'administrateur)",
		    user_role_label(who ? who->role : NULL));
	if (now == NULL) {
		dt_now(stamp);
		return 0;
	}
	if (!dt_stamp_valid(now))
		return err_set(e, "moment invalide : %s (AAAA-MM-JJTHH:MM:SSZ attendu)", now);
	snprintf(stamp, DT_STAMP_SIZE, "%s", now);
	return 0;
}

/* Sets column (a fixed name, never user text) of urgency code to the
 * number value, or to text when it is not NULL, inside one transaction;
 * 0 also when it already held it. */
static int
urgency_write(struct db *db, const struct user *who, const char *code, const char *column,
    int value, const char *text, const char *stamp, struct err *e)
{
	char sql[200];
	int64_t one;
	int rc;

	if (db_begin(db, e) != 0)
		return -1;
	rc = db_int(db, e, &one, "SELECT 1 FROM claim_urgency WHERE code = ?", "t",
	    code ? code : "");
	if (rc == 0)
		rc = err_set(e, "urgence inconnue : %s", code ? code : "");
	if (rc > 0) {
		snprintf(sql, sizeof sql, "UPDATE claim_urgency SET %s = ?1, updated_at = ?2, "
		    "updated_by = ?3 WHERE code = ?4 AND %s IS NOT ?1", column, column);
		rc = text ? db_run(db, e, sql, "tttt", text, stamp, who->id, code) :
		    db_run(db, e, sql, "dttt", value, stamp, who->id, code);
	}
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, e);
}

int
claim_urgency_set_hours(struct db *db, const struct user *who, const char *code,
    int hours, const char *now, struct err *e)
{
	char stamp[DT_STAMP_SIZE];

	if (urgency_check(who, now, stamp, e) != 0)
		return -1;
	if (hours < 1 || hours > CLAIM_URGENCY_HOURS_MAX)
		return err_set(e, "délai invalide : %d heures (1 à %d)", hours,
		    CLAIM_URGENCY_HOURS_MAX);
	return urgency_write(db, who, code, "target_hours", hours, NULL, stamp, e);
}

int
claim_urgency_set_working_days(struct db *db, const struct user *who, const char *code,
    int working_days, const char *now, struct err *e)
{
	char stamp[DT_STAMP_SIZE];

	if (urgency_check(who, now, stamp, e) != 0)
		return -1;
	if (working_days != 0 && working_days != 1)
		return err_set(e, "jours ouvrés : oui ou non attendu");
	return urgency_write(db, who, code, "working_days", working_days, NULL, stamp, e);
}

int
claim_urgency_set_label(struct db *db, const struct user *who, const char *code,
    const char *label, const char *now, struct err *e)
{
	char stamp[DT_STAMP_SIZE], *text;
	size_t start = 0, end = label ? strlen(label) : 0;
	int rc;

	if (urgency_check(who, now, stamp, e) != 0)
		return -1;
	while (start < end && strchr(" \t\r\n", label[start]) != NULL)
		start++;
	while (end > start && strchr(" \t\r\n", label[end - 1]) != NULL)
		end--;
	if (end == start)
		return err_set(e, "libellé de l'urgence vide");
	if (utf8_check_text("libellé de l'urgence", label + start, end - start,
	    CLAIM_URGENCY_LABEL_MAX, e) != 0)
		return -1;
	text = xstrndup(label + start, end - start);
	rc = urgency_write(db, who, code, "label", 0, text, stamp, e);
	free(text);
	return rc;
}
