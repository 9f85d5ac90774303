/* Retention of tenants' personal data (RGPD): a tenant whose every lease
 * ended more than N years ago is anonymised, their names replaced and
 * their contact data deleted, while the leases, claims and inspections
 * that name them stay, so that a dwelling's history still reads "sortie
 * d'un locataire anonymisé". Run on the hub by the administrator; the
 * rows change through the ordinary capture, so laptops get them at their
 * next sync. Free text (claims' descriptions, comments) is not
 * scrubbed, nor are inspections' parties (names, signatures) and the new
 * address at exit: an inspection is a legal document, sealed by its
 * digest once signed, kept for its own period, which is the DPO's call. */
#ifndef LOGE_RETENTION_H
#define LOGE_RETENTION_H

#include <stddef.h>

#include "datetime.h"
#include "err.h"
#include "uid.h"

struct db;
struct user;

#define RETENTION_DEFAULT_YEARS 5
#define RETENTION_MIN_YEARS 1
#define RETENTION_MAX_YEARS 100
/* The meta key of the stored duration (node-local: it matters on the
 * hub, where retention runs). */
#define RETENTION_META_KEY "retention_years"
/* What an anonymised tenant's last name becomes (the demo's value too). */
#define RETENTION_NAME "Anonymisé"

/* A tenant due for anonymisation: no names, for the DPO's list. */
struct retention_row {
	char id[UID_SIZE];
	char last_end[DT_DATE_SIZE];  /* end of their last lease */
	char *dwelling;               /* reference of that lease's dwelling */
};

struct retention_plan {
	int years;
	char cutoff[DT_DATE_SIZE];    /* leases ended before this date are old */
	struct retention_row *rows;
	size_t n;
};

/* The stored duration, else RETENTION_DEFAULT_YEARS; -1 if the stored
 * value is not a whole number in range (e says so). */
int retention_years(struct db *db, int *out, struct err *e);
/* Stores the duration; administrator only. */
int retention_set_years(struct db *db, const struct user *who, int years, struct err *e);
/* 1 if this database is a laptop (it synced as a node), 0 the hub or a
 * standalone database, -1 on error. */
int retention_on_laptop(struct db *db, struct err *e);
/* today minus years, in out (29 February becomes the 28th). */
void retention_cutoff(const char *today, int years, char out[DT_DATE_SIZE]);

/* Lists the tenants not yet anonymised who have leases and whose every
 * lease ended before today minus years: what --dry-run shows.
 * Administrator only. Free p with retention_plan_free. */
int retention_plan(struct db *db, const struct user *who, int years, const char *today,
    struct retention_plan *p, struct err *e);
void retention_plan_free(struct retention_plan *p);
/* Plans and anonymises, in one transaction: names replaced by
 * RETENTION_NAME, first name, phone and e-mail deleted, anonymised set,
 * each row stamped with who and now. Refused on a laptop. p gets what
 * was done (free with retention_plan_free), also on failure (then empty). */
int retention_apply(struct db *db, const struct user *who, int years, const char *today,
    struct retention_plan *p, struct err *e);

#endif
