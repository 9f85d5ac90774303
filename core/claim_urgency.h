/* The response targets of the claim urgencies (emergency, urgent,
 * normal), set by the administrator (PG_USERS write, as the
 * referentials). A claim takes its urgency's target when it is opened
 * or reopened (claim_create, claim_step): changing a target moves the
 * due dates of the claims opened afterwards, never those already due.
 * Reading them is claim_urgencies (core/claim.h). Each write is one
 * transaction, signed with who and now ("YYYY-MM-DDTHH:MM:SSZ", UTC;
 * NULL: the clock). Failures return -1 with a French message in e. */
#ifndef LOGE_CLAIM_URGENCY_H
#define LOGE_CLAIM_URGENCY_H

struct db;
struct err;
struct user;

#define CLAIM_URGENCY_HOURS_MAX 8760 /* a year */
#define CLAIM_URGENCY_LABEL_MAX 120  /* bytes */

/* 1 if who may change the targets. */
int claim_urgency_can_write(const struct user *who);
/* Sets the target of urgency code (claim_urgency.code) to hours, 1 to
 * CLAIM_URGENCY_HOURS_MAX. Setting the value it has changes nothing. */
int claim_urgency_set_hours(struct db *db, const struct user *who, const char *code,
    int hours, const char *now, struct err *e);
/* Counts the target on working days only (working_days 1) or on the
 * calendar (0). */
int claim_urgency_set_working_days(struct db *db, const struct user *who, const char *code,
    int working_days, const char *now, struct err *e);
/* Renames urgency code (the label forms and lists show; the demo's say
 * their target, "Urgent (sous 48 heures ouvrées)", so a new target may
 * want a new label): trimmed, 1 to CLAIM_URGENCY_LABEL_MAX bytes. */
int claim_urgency_set_label(struct db *db, const struct user *who, const char *code,
    const char *label, const char *now, struct err *e);

#endif
