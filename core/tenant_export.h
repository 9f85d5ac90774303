/* A tenant's right of access (RGPD art. 15): everything Loge holds on one
 * tenant, as JSON or text. Identity and contact, their leases (not their
 * co-tenants), the claims where they are the tenant concerned with their
 * status changes, the inspections where they are a party, and the audit
 * entries about them when the database has an audit log. Logbook entries
 * and notes are linked to places, never to a tenant: they are not part of
 * it (a free text may still name them). */
#ifndef LOGE_TENANT_EXPORT_H
#define LOGE_TENANT_EXPORT_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "err.h"

struct db;
struct user;

/* The roles that answer a tenant's request: those who read identity and
 * contact and keep tenants' records (the agency), and the administrator.
 * An agency's user only for a tenant with a lease in their agency. */
int tenant_export_allowed(struct db *db, const struct user *who, const char *tenant_id,
    struct err *e);

/* The document on tenant_id, made on now (YYYY-MM-DDTHH:MM:SSZ): an
 * object with "tenant", "leases", "claims", "claim_events",
 * "inspections" and "audit" (null when there is no audit log). The
 * caller frees it with cJSON_Delete. NULL with e set if refused, unknown
 * or on a database error. */
cJSON *tenant_export_load(struct db *db, const struct user *who, const char *tenant_id,
    const char *now, struct err *e);
/* Writes the document: indented JSON, or French text with a heading per
 * section. 0, or -1 on a write error (errno set). */
int tenant_export_write_json(const cJSON *doc, FILE *f);
int tenant_export_write_txt(const cJSON *doc, FILE *f);

#endif
