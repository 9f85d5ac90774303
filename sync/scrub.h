/* The personal data of anonymised tenants left in the sync machinery:
 * the operation log (`op`: the old and new values of every change, kept
 * until compaction, and for ever when refused) and the conflict ledger
 * (`sync_conflict`: the losing value kept for ever). Retention
 * (core/retention.h) anonymises the tenant row; the scrub makes those
 * traces say what the row now says: last name RETENTION_NAME, first name,
 * phone and e-mail null. The operations keep their columns, so that they
 * still mark what changed (a node's rival check, a pending local change)
 * and a refused one can still be undone. The other sync tables hold no
 * values (sync_received keeps a digest of each body). */
#ifndef LOGE_SYNC_SCRUB_H
#define LOGE_SYNC_SCRUB_H

#include "core/err.h"

struct db;
struct retention_plan;
struct user;

/* Scrubs the traces of every tenant with anonymised = 1. Inside the
 * caller's transaction. Doing it again changes nothing. */
int scrub_tenants(struct db *db, struct err *e);
/* Scrubs the traces of one tenant the caller knows to be anonymised (a
 * node pulling the row), and sets the row itself, if this node has it,
 * to the anonymised values: a pending local edit the pull kept must not
 * keep a phone on an anonymised tenant. Inside the caller's transaction,
 * capture suspended on a node. */
int scrub_tenant(struct db *db, const char *id, struct err *e);
/* retention_apply and scrub_tenants in one transaction: there is never a
 * state where a tenant is anonymised and the log still names them. Same
 * arguments, results and ownership of p as retention_apply. */
int scrub_retention_apply(struct db *db, const struct user *who, int years,
    const char *today, struct retention_plan *p, struct err *e);

#endif
