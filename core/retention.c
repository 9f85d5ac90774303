/* Anonymisation of former tenants after the retention period. */
#include "retention.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "perm.h"
#include "user.h"
#include "xalloc.h"

/* Tenants with leases, all ended before ?1; the dwelling of the lease that
 * ended last (ties: its reference order). */
#define RETENTION_DUE_SQL \
	"SELECT t.id, max(l.end_date), " \
	" (SELECT d.reference FROM lease_tenant lt2 JOIN lease l2 ON l2.id = lt2.lease_id " \
	"  JOIN dwelling d ON d.id = l2.dwelling_id WHERE lt2.tenant_id = t.id " \
	"  ORDER BY l2.end_date DESC, d.reference LIMIT 1) " \
	"FROM tenant t JOIN lease_tenant lt ON lt.tenant_id = t.id " \
	"JOIN lease l ON l.id = lt.lease_id WHERE t.anonymised = 0 GROUP BY t.id " \
	"HAVING count(*) = count(l.end_date) AND max(l.end_date) < ?1 " \
	"ORDER BY max(l.end_date), t.id"

static int
retention_admin(const struct user *who, const char *what, struct err *e)
{
	if (who != NULL && perm_can_write(who->role, PG_USERS))
		return 0;
	return err_set(e, "%s refusée : le rôle %s ne gère pas la conservation des "
	    "données des locataires (réservé à l'administrateur)", what,
	    user_role_label(who ? who->role : NULL));
}

int
retention_years(struct db *db, int *out, struct err *e)
{
	char *v = db_meta_get(db, RETENTION_META_KEY), *end = NULL;
	long n;

	*out = RETENTION_DEFAULT_YEARS;
	if (v == NULL)
		return 0;
	n = strtol(v, &end, 10);
	if (end == v || *end != '\0' || n < RETENTION_MIN_YEARS || n > RETENTION_MAX_YEARS) {
		err_set(e, "durée de conservation enregistrée invalide « %s » (meta %s)", v,
		    RETENTION_META_KEY);
		free(v);
		return -1;
	}
	free(v);
	*out = (int)n;
	return 0;
}

int
retention_set_years(struct db *db, const struct user *who, int years, struct err *e)
{
	char v[16];

	if (retention_admin(who, "Modification", e) != 0)
		return -1;
	if (years < RETENTION_MIN_YEARS || years > RETENTION_MAX_YEARS)
		return err_set(e, "durée de conservation hors limites : %d (de %d à %d ans)", years,
		    RETENTION_MIN_YEARS, RETENTION_MAX_YEARS);
	snprintf(v, sizeof v, "%d", years);
	if (db_begin(db, e) != 0)
		return -1;
	if (db_meta_set(db, e, RETENTION_META_KEY, v) != 0 || db_commit(db, e) != 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int
retention_on_laptop(struct db *db, struct err *e)
{
	int64_t hub = 1;
	int rc = db_int(db, e, &hub, "SELECT hub FROM sync_state", "");

	if (rc < 0)
		return -1;
	return rc == 1 && hub == 0;
}

void
retention_cutoff(const char *today, int years, char out[DT_DATE_SIZE])
{
	int y = atoi(today) - years;

	snprintf(out, DT_DATE_SIZE, "%04d%.6s", y < 0 ? 0 : y % 10000, today + 4);
	if (!dt_date_valid(out))
		out[9] = '8';
}

void
retention_plan_free(struct retention_plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->rows[i].dwelling);
	free(p->rows);
	p->rows = NULL;
	p->n = 0;
}

static void
retention_add(struct retention_plan *p, struct db_stmt *st)
{
	struct retention_row *r;

	p->rows = xreallocarray(p->rows, p->n + 1, sizeof *p->rows);
	r = &p->rows[p->n++];
	snprintf(r->id, sizeof r->id, "%s", db_col_text(st, 0));
	snprintf(r->last_end, sizeof r->last_end, "%s", db_col_text(st, 1));
	r->dwelling = db_col_dup(st, 2);
	if (r->dwelling == NULL)
		r->dwelling = xstrdup("");
}

static int
retention_find(struct db *db, int years, const char *today, struct retention_plan *p,
    struct err *e)
{
	struct db_stmt *st;
	int rc;

	memset(p, 0, sizeof *p);
	if (years < RETENTION_MIN_YEARS || years > RETENTION_MAX_YEARS)
		return err_set(e, "durée de conservation hors limites : %d (de %d à %d ans)", years,
		    RETENTION_MIN_YEARS, RETENTION_MAX_YEARS);
	if (!dt_date_valid(today))
		return err_set(e, "date du jour invalide « %s »", today);
	p->years = years;
	retention_cutoff(today, years, p->cutoff);
	st = db_stmt(db, e, RETENTION_DUE_SQL);
	if (st == NULL || db_bind(st, e, "t", p->cutoff) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1)
		retention_add(p, st);
	if (rc < 0)
		retention_plan_free(p);
	return rc;
}

int
retention_plan(struct db *db, const struct user *who, int years, const char *today,
    struct retention_plan *p, struct err *e)
{
	memset(p, 0, sizeof *p);
	if (retention_admin(who, "Consultation", e) != 0)
		return -1;
	return retention_find(db, years, today, p, e);
}

/* The guard anonymised = 0 makes a concurrent second run change nothing. */
static int
retention_erase(struct db *db, const struct user *who, const char *now,
    const struct retention_row *r, struct err *e)
{
	if (db_run(db, e, "UPDATE tenant SET last_name = ?, first_name = NULL, phone = NULL, "
	    "email = NULL, anonymised = 1, updated_at = ?, updated_by = ? "
	    "WHERE id = ? AND anonymised = 0", "tttt", RETENTION_NAME, now, who->id, r->id) != 0)
		return -1;
	if (db_changes(db) != 1)
		return err_set(e, "locataire %s : déjà anonymisé ou disparu pendant l'opération",
		    r->id);
	return 0;
}

int
retention_apply(struct db *db, const struct user *who, int years, const char *today,
    struct retention_plan *p, struct err *e)
{
	char now[DT_STAMP_SIZE];
	size_t i;
	int rc;

	memset(p, 0, sizeof *p);
	if (retention_admin(who, "Anonymisation", e) != 0)
		return -1;
	if ((rc = retention_on_laptop(db, e)) != 0)
		return rc < 0 ? -1 : err_set(e, "Anonymisation refusée : cette base est un "
		    "poste synchronisé ; la conservation s'applique sur le serveur central, "
		    "dont les postes reçoivent le résultat à la synchronisation suivante");
	dt_now(now);
	if (db_begin(db, e) != 0)
		return -1;
	if (retention_find(db, years, today, p, e) != 0)
		goto fail;
	for (i = 0; i < p->n; i++)
		if (retention_erase(db, who, now, &p->rows[i], e) != 0)
			goto fail;
	if (db_commit(db, e) == 0)
		return 0;
fail:
	db_rollback(db);
	retention_plan_free(p);
	return -1;
}
