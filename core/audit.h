/* The audit log of personal-data displays: every time a tenant's identity
 * or contact reaches a user (screen, command, export), who, when, from
 * which node, which tenant and on which screen. The log is append-only
 * (triggers refuse UPDATE and DELETE) and replicated to the hub. */
#ifndef LOGE_AUDIT_H
#define LOGE_AUDIT_H

#include <stddef.h>

#include "datetime.h"
#include "err.h"
#include "uid.h"

struct db;
struct user;

enum { AUDIT_IDENTITY = 1, AUDIT_CONTACT = 2 };

/* The same user, tenant, screen and kind of data within this many seconds
 * is logged once: a redraw is not a new display. */
#define AUDIT_DEDUP_SECONDS 300

/* Who acts in this process (copied): NULL logs nothing (tests, imports). */
void audit_set_actor(const char *user_id);
/* The screen or command showing data now ("Fiche logement", "export"),
 * copied; NULL: "?". */
void audit_set_screen(const char *screen);
const char *audit_screen(void);
/* The screen of a command: "loge NAME". */
void audit_set_screen_command(const char *name);

/* Notes that the tenant's identity and/or contact (AUDIT_* bits) was
 * displayed; nothing is written until audit_flush(). */
void audit_note(const char *tenant_id, int what);
/* Writes what was noted, in one transaction of its own; while the caller
 * holds a transaction open, it waits for the next flush. A read-only
 * handle writes through a connection of its own. 0 or -1 with e set (the
 * notes are then dropped). */
int audit_flush(struct db *db, struct err *e);
/* Drops what was noted and not written (after a failed load). */
void audit_discard(void);

/* ---- Reading the log (loge audit, the supervisor's screen) ---- */

struct audit_filter {
	const char *tenant_id; /* NULL: any */
	const char *login;     /* NULL: any */
	const char *since;     /* YYYY-MM-DD, NULL: any */
	size_t limit;          /* 0: no limit */
};

struct audit_row {
	char id[UID_SIZE];
	char at[DT_STAMP_SIZE];
	char *login;   /* the user's login, or their id if unknown */
	char *node;
	char tenant_id[UID_SIZE];
	char *tenant;  /* "DUPONT Hélène", "locataire anonymisé" */
	char *screen;
	char *what;    /* "identity", "contact" */
};

/* The entries who may read (PG_AUDIT), newest first, within who's scope
 * (a supervisor: the tenants of his agency). -1 with a French message if
 * who may not read the log. Free the rows with audit_rows_free. */
int audit_list(struct db *db, const struct user *who, const struct audit_filter *f,
    struct audit_row **rows, size_t *n, struct err *e);
void audit_rows_free(struct audit_row *rows, size_t n);
/* French word for a kind ("identity" -> "identité"). */
const char *audit_what_label(const char *what);

#endif
