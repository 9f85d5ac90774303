#include "home.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "db.h"
#include "inspection.h"
#include "perm.h"
#include "round.h"
#include "user.h"
#include "xalloc.h"

#define OPEN_STATUSES "('new', 'forwarded', 'in_progress', 'solved', 'informed')"

static const char *const claim_statuses[][2] = {
	{"new", "Nouvelle"}, {"forwarded", "Transmise"}, {"in_progress", "En cours"},
	{"solved", "Résolue"}, {"informed", "Locataire informé"}, {"closed", "Clôturée"},
};

/* Statuses whose due date still matters: the claim is not solved. */
static const char *const unsolved[] = {"new", "forwarded", "in_progress"};

static const char *const inspection_kinds[][2] = {
	{"move_in", "entrée"}, {"move_out", "sortie"}, {"pre_exit", "pré-état des lieux"},
	{"bailiff", "constat d'huissier"},
};

static const char *const amendment_kinds[][2] = {
	{"ten_day", "avenant (10 jours)"}, {"heating", "avenant (chauffage)"},
};

/* How long before it is done an entry inspection may have been planned:
 * bounds the walk along inspection_planned for the amendment windows
 * (every signed inspection since then is read). */
#define HOME_PLANNED_SLACK_DAYS 60

/* A gardien's claims, found from their sectors down the indexes (a few
 * hundred dwellings) rather than among every open claim of the
 * organisation. */
static const char claims_down[] =
    "WITH es AS (SELECT id FROM estate WHERE sector_id IN "
    "  (SELECT sector_id FROM user_sector WHERE user_id = ?1)), "
    " bl AS (SELECT b.id FROM es JOIN building b ON b.estate_id = es.id), "
    " cl AS (SELECT c.rowid AS r FROM bl JOIN entrance en ON en.building_id = bl.id "
    "  JOIN dwelling d ON d.entrance_id = en.id JOIN claim c ON c.dwelling_id = d.id "
    " UNION ALL SELECT c.rowid FROM bl JOIN entrance en ON en.building_id = bl.id "
    "  JOIN claim c ON c.entrance_id = en.id "
    " UNION ALL SELECT c.rowid FROM bl JOIN claim c ON c.building_id = bl.id "
    " UNION ALL SELECT c.rowid FROM bl JOIN common_area ca ON ca.building_id = bl.id "
    "  JOIN claim c ON c.common_area_id = ca.id "
    " UNION ALL SELECT c.rowid FROM es JOIN common_area ca ON ca.estate_id = es.id "
    "  JOIN claim c ON c.common_area_id = ca.id) ";

/* Along claim_status (status, opened_at). */
static const char claims_sql[] =
    "%sSELECT c.id, c.number, c.status, c.opened_at, c.due_at, coalesce(cc.label, c.category), "
    " CASE WHEN ca.id IS NOT NULL THEN ca.name || coalesce(' — Bâtiment ' || b.code, '') "
    " ELSE " PATRIMOINE_PLACE_LABEL_SQL " END "
    "FROM %s LEFT JOIN dwelling d ON d.id = c.dwelling_id "
    "LEFT JOIN common_area ca ON ca.id = c.common_area_id "
    "LEFT JOIN entrance en ON en.id = coalesce(c.entrance_id, d.entrance_id) "
    "LEFT JOIN building b ON b.id = coalesce(c.building_id, en.building_id, ca.building_id) "
    "JOIN estate es ON es.id = coalesce(b.estate_id, ca.estate_id) "
    "LEFT JOIN claim_category cc ON cc.code = c.category "
    "WHERE c.status IN " OPEN_STATUSES " AND %s ORDER BY c.opened_at, c.number";

/* A gardien's dwellings, to start from instead of an index over the
 * whole organisation. */
static const char sector_dwellings[] =
    "WITH sd AS (SELECT d.id FROM estate es JOIN building b ON b.estate_id = es.id "
    " JOIN entrance en ON en.building_id = b.id JOIN dwelling d ON d.entrance_id = en.id "
    " WHERE es.sector_id IN (SELECT sector_id FROM user_sector WHERE user_id = ?1)) ";

/* Along inspection_planned (state, planned_date); ?2 the last day ahead. */
static const char inspections_sql[] =
    "%sSELECT i.id, i.dwelling_id, d.reference, i.kind, i.state, i.planned_date, "
    " i.amendment_kind "
    "FROM %s JOIN dwelling d ON d.id = i.dwelling_id "
    "JOIN entrance en ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id "
    "JOIN estate es ON es.id = b.estate_id "
    "WHERE i.state IN ('draft', 'ready') AND i.planned_date <= ?2 AND %s "
    "ORDER BY i.planned_date, d.reference";

/* Along lease_end; ?2 today, ?3 the last day ahead. */
static const char exits_sql[] =
    "%sSELECT l.id, l.dwelling_id, d.reference, l.end_date, "
    " EXISTS (SELECT 1 FROM inspection i WHERE i.dwelling_id = l.dwelling_id "
    "   AND +i.kind = 'move_out' AND i.lease_id = l.id) "
    "FROM %s JOIN dwelling d ON d.id = l.dwelling_id "
    "JOIN entrance en ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id "
    "JOIN estate es ON es.id = b.estate_id "
    "WHERE l.end_date >= ?2 AND l.end_date <= ?3 AND %s ORDER BY l.end_date, d.reference";

/* Along lease_dwelling for a gardien, lease_start across the
 * organisation; "+i.kind": each lease's inspections are found by
 * dwelling, not among every entry. ?2 today, ?3 the last day ahead. An entry planned for the dwelling but not yet tied to
 * a lease counts as this lease's. */
static const char entries_sql[] =
    "%sSELECT l.id, l.dwelling_id, d.reference, l.start_date "
    "FROM %s JOIN dwelling d ON d.id = l.dwelling_id "
    "JOIN entrance en ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id "
    "JOIN estate es ON es.id = b.estate_id "
    "WHERE l.start_date >= ?2 AND l.start_date <= ?3 AND NOT EXISTS (SELECT 1 FROM inspection i "
    "  WHERE i.dwelling_id = l.dwelling_id AND +i.kind = 'move_in' "
    "  AND (i.lease_id = l.id OR (i.lease_id IS NULL AND i.state <> 'signed'))) "
    "AND %s ORDER BY l.start_date, d.reference";

/* Signed entries (not amendments) done from ?3 to before ?5, of a lease
 * not ended before today (?4); along inspection_planned from ?2, since
 * an inspection is done on or after the day it was planned. For each
 * kind of amendment, along inspection_dwelling: "signed" if one is (the
 * window is closed), else "state id" of the one under way, else NULL. */
#define AMENDMENT_OF(kind) \
    " (SELECT CASE WHEN max(a.state = 'signed') THEN 'signed' " \
    "  ELSE min(a.state || ' ' || a.id) END FROM inspection a " \
    "  WHERE a.dwelling_id = i.dwelling_id AND a.amends_id = i.id " \
    "  AND a.amendment_kind = '" kind "')"
static const char deadlines_sql[] =
    "%sSELECT i.id, i.dwelling_id, d.reference, i.done_at, "
    AMENDMENT_OF("ten_day") ", " AMENDMENT_OF("heating") " "
    "FROM %s JOIN dwelling d ON d.id = i.dwelling_id "
    "JOIN entrance en ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id "
    "JOIN estate es ON es.id = b.estate_id LEFT JOIN lease l ON l.id = i.lease_id "
    "WHERE i.state = 'signed' AND i.planned_date >= ?2 AND i.kind = 'move_in' "
    "AND i.amends_id IS NULL AND i.done_at >= ?3 AND i.done_at < ?5 "
    "AND (l.end_date IS NULL OR l.end_date >= ?4) AND %s";

/* Each list starts from an index over the organisation, or for a
 * gardien from their own claims or dwellings (CROSS JOIN keeps that
 * order; INDEXED BY stops the planner from scanning inspection_planned
 * once per dwelling); every claim has exactly one place, so none comes
 * twice. */
enum { HQ_CLAIMS, HQ_INSPECTIONS, HQ_EXITS, HQ_ENTRIES, HQ_DEADLINES };

static const struct home_query {
	const char *sql;       /* WITH clause, rows to start from, scope */
	const char *from;
	const char *down_with;
	const char *down_from;
} home_queries[] = {
	[HQ_CLAIMS] = {claims_sql, "claim c", claims_down,
	    "cl CROSS JOIN claim c ON c.rowid = cl.r"},
	[HQ_INSPECTIONS] = {inspections_sql, "inspection i", sector_dwellings,
	    "sd CROSS JOIN inspection i INDEXED BY inspection_dwelling ON i.dwelling_id = sd.id"},
	[HQ_EXITS] = {exits_sql, "lease l", sector_dwellings,
	    "sd CROSS JOIN lease l ON l.dwelling_id = sd.id"},
	[HQ_ENTRIES] = {entries_sql, "lease l", sector_dwellings,
	    "sd CROSS JOIN lease l ON l.dwelling_id = sd.id"},
	[HQ_DEADLINES] = {deadlines_sql, "inspection i INDEXED BY inspection_kind_done",
	    sector_dwellings,
	    "sd CROSS JOIN inspection i INDEXED BY inspection_dwelling ON i.dwelling_id = sd.id"},
};

const char *
home_claim_status_label(const char *status)
{
	return codes_label(claim_statuses, CODES_N(claim_statuses), status, "?");
}

const char *
home_inspection_kind_label(const char *kind)
{
	return codes_label(inspection_kinds, CODES_N(inspection_kinds), kind, "?");
}

const char *
home_amendment_label(const char *amendment_kind)
{
	return codes_label(amendment_kinds, CODES_N(amendment_kinds), amendment_kind, "?");
}

static void
copy_text(char *out, size_t size, struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);

	snprintf(out, size, "%s", s ? s : "");
}

/* Prepares one of the lists above for who's scope. */
static struct db_stmt *
home_prepare(struct db *db, const struct scope *s, int which, struct err *e)
{
	const struct home_query *q = &home_queries[which];
	struct db_stmt *st;
	char *cond = patrimoine_scope_sql(s, "es.sector_id"), *sql;

	if (s->kind == SCOPE_SECTORS)
		sql = xasprintf(q->sql, q->down_with, q->down_from, cond);
	else
		sql = xasprintf(q->sql, "", q->from, cond);
	st = db_stmt(db, e, sql);
	free(sql);
	free(cond);
	return st;
}

/* ---- Claims ---- */

static int
claim_unsolved(const char *status)
{
	size_t i;

	for (i = 0; i < sizeof unsolved / sizeof unsolved[0]; i++)
		if (strcmp(unsolved[i], status) == 0)
			return 1;
	return 0;
}

static void
claim_fill(struct home *h, struct home_claim *c, struct db_stmt *st)
{
	char opened[DT_DATE_SIZE];

	memset(c, 0, sizeof *c);
	copy_text(c->id, sizeof c->id, st, 0);
	c->number = db_col_dup(st, 1);
	copy_text(c->status, sizeof c->status, st, 2);
	c->status_label = home_claim_status_label(c->status);
	copy_text(c->opened_at, sizeof c->opened_at, st, 3);
	copy_text(c->due_at, sizeof c->due_at, st, 4);
	c->category = db_col_dup(st, 5);
	c->place = db_col_dup(st, 6);
	snprintf(opened, sizeof opened, "%.10s", c->opened_at);
	c->age_days = dt_date_valid(opened) ? (long)(dt_days(h->today) - dt_days(opened)) : 0;
	c->overdue = c->due_at[0] != '\0' && strcmp(c->due_at, h->now) < 0 &&
	    claim_unsolved(c->status);
}

static int
home_claims(struct db *db, struct home *h, const struct scope *s, struct err *e)
{
	struct db_stmt *st;
	struct home_claim c;
	int rc;

	if ((st = home_prepare(db, s, HQ_CLAIMS, e)) == NULL ||
	    db_bind(st, e, "t", s->arg) != 0)
		return -1;
	h->claims = xcalloc(HOME_LIST_MAX, sizeof *h->claims);
	while ((rc = db_step(st, e)) == 1) {
		claim_fill(h, &c, st);
		h->claims_total++;
		h->claims_overdue += c.overdue;
		if (h->nclaims < HOME_LIST_MAX) {
			h->claims[h->nclaims++] = c;
			continue;
		}
		free(c.number);
		free(c.category);
		free(c.place);
	}
	return rc;
}

/* ---- Inspections and exits ---- */

static int
home_inspections(struct db *db, struct home *h, const struct scope *s, const char *ahead,
    struct err *e)
{
	struct db_stmt *st;
	struct home_inspection *in;
	int rc;

	if ((st = home_prepare(db, s, HQ_INSPECTIONS, e)) == NULL ||
	    db_bind(st, e, "tt", s->arg, ahead) != 0)
		return -1;
	h->inspections = xcalloc(HOME_LIST_MAX, sizeof *h->inspections);
	while ((rc = db_step(st, e)) == 1) {
		if (h->inspections_total++ >= HOME_LIST_MAX)
			continue;
		in = &h->inspections[h->ninspections++];
		copy_text(in->id, sizeof in->id, st, 0);
		copy_text(in->dwelling_id, sizeof in->dwelling_id, st, 1);
		in->dwelling = db_col_dup(st, 2);
		copy_text(in->kind, sizeof in->kind, st, 3);
		copy_text(in->amendment_kind, sizeof in->amendment_kind, st, 6);
		in->kind_label = in->amendment_kind[0] ? home_amendment_label(in->amendment_kind) :
		    home_inspection_kind_label(in->kind);
		copy_text(in->state, sizeof in->state, st, 4);
		copy_text(in->planned, sizeof in->planned, st, 5);
		in->overdue = strcmp(in->planned, h->today) < 0;
	}
	return rc;
}

static int
home_exits(struct db *db, struct home *h, const struct scope *s, const char *ahead,
    struct err *e)
{
	struct db_stmt *st;
	struct home_exit *x;
	int rc;

	if ((st = home_prepare(db, s, HQ_EXITS, e)) == NULL ||
	    db_bind(st, e, "ttt", s->arg, h->today, ahead) != 0)
		return -1;
	h->exits = xcalloc(HOME_LIST_MAX, sizeof *h->exits);
	while ((rc = db_step(st, e)) == 1) {
		if (h->exits_total++ >= HOME_LIST_MAX)
			continue;
		x = &h->exits[h->nexits++];
		copy_text(x->lease_id, sizeof x->lease_id, st, 0);
		copy_text(x->dwelling_id, sizeof x->dwelling_id, st, 1);
		x->dwelling = db_col_dup(st, 2);
		copy_text(x->end_date, sizeof x->end_date, st, 3);
		x->exit_planned = (int)db_col_int(st, 4);
	}
	return rc;
}

static int
home_entries(struct db *db, struct home *h, const struct scope *s, const char *ahead,
    struct err *e)
{
	struct db_stmt *st;
	struct home_entry *x;
	int rc;

	if ((st = home_prepare(db, s, HQ_ENTRIES, e)) == NULL ||
	    db_bind(st, e, "ttt", s->arg, h->today, ahead) != 0)
		return -1;
	h->entries = xcalloc(HOME_LIST_MAX, sizeof *h->entries);
	while ((rc = db_step(st, e)) == 1) {
		if (h->entries_total++ >= HOME_LIST_MAX)
			continue;
		x = &h->entries[h->nentries++];
		copy_text(x->lease_id, sizeof x->lease_id, st, 0);
		copy_text(x->dwelling_id, sizeof x->dwelling_id, st, 1);
		x->dwelling = db_col_dup(st, 2);
		copy_text(x->start_date, sizeof x->start_date, st, 3);
	}
	return rc;
}

/* ---- Amendment deadlines ---- */

/* Collects every window before sorting: a gardien has a handful, the
 * whole organisation a few thousand in October at most. */
struct deadline_set {
	struct home_deadline *v;
	size_t n, cap;
};

/* One window of the entry on the statement's row, unless an amendment
 * of that kind was signed already; amendment: "signed", "state id" or
 * NULL. */
static void
deadline_add(struct deadline_set *ds, struct db_stmt *st, const char *kind,
    const char *until, const char *amendment)
{
	struct home_deadline *dl;
	const char *sp = amendment ? strchr(amendment, ' ') : NULL;

	if (amendment != NULL && strcmp(amendment, "signed") == 0)
		return;
	if (ds->n == ds->cap) {
		ds->cap = ds->cap ? ds->cap * 2 : 16;
		ds->v = xreallocarray(ds->v, ds->cap, sizeof *ds->v);
	}
	dl = &ds->v[ds->n++];
	memset(dl, 0, sizeof *dl);
	copy_text(dl->inspection_id, sizeof dl->inspection_id, st, 0);
	copy_text(dl->dwelling_id, sizeof dl->dwelling_id, st, 1);
	dl->dwelling = db_col_dup(st, 2);
	snprintf(dl->entry_date, sizeof dl->entry_date, "%.10s", db_col_text(st, 3));
	snprintf(dl->kind, sizeof dl->kind, "%s", kind);
	snprintf(dl->until, sizeof dl->until, "%s", until);
	if (sp != NULL) {
		snprintf(dl->amendment_state, sizeof dl->amendment_state, "%.*s",
		    (int)(sp - amendment), amendment);
		snprintf(dl->amendment_id, sizeof dl->amendment_id, "%s", sp + 1);
	}
}

/* The windows of the entry on the statement's row that are open today. */
static void
deadline_windows(struct deadline_set *ds, struct db_stmt *st, const char *today)
{
	char ten[DT_DATE_SIZE], from[DT_DATE_SIZE], to[DT_DATE_SIZE];

	inspection_deadlines(db_col_text(st, 3), ten, from, to);
	if (ten[0] && strcmp(today, ten) <= 0)
		deadline_add(ds, st, "ten_day", ten, db_col_text(st, 4));
	if (from[0] && strcmp(from, today) <= 0 && strcmp(today, to) <= 0)
		deadline_add(ds, st, "heating", to, db_col_text(st, 5));
}

static int
deadline_cmp(const void *a, const void *b)
{
	const struct home_deadline *x = a, *y = b;
	int c;

	if ((c = strcmp(x->until, y->until)) != 0)
		return c;
	if ((c = strcmp(x->dwelling ? x->dwelling : "", y->dwelling ? y->dwelling : "")) != 0)
		return c;
	return strcmp(x->kind, y->kind);
}

/* The first day an entry still open to an amendment may have been done
 * on: ten days ago, or in October the first of May (the heating window
 * of the summer's entries). */
static void
deadline_since(const char *today, char since[DT_DATE_SIZE])
{
	dt_from_days(dt_days(today) - 10, since);
	if (strncmp(today + 5, "10", 2) == 0)
		snprintf(since, DT_DATE_SIZE, "%.4s-05-01", today);
}

static int
home_deadlines(struct db *db, struct home *h, const struct scope *s, struct err *e)
{
	char since[DT_DATE_SIZE], planned[DT_DATE_SIZE], tomorrow[DT_DATE_SIZE];
	struct deadline_set ds = {NULL, 0, 0};
	struct db_stmt *st;
	size_t i;
	int rc;

	deadline_since(h->today, since);
	dt_from_days(dt_days(since) - HOME_PLANNED_SLACK_DAYS, planned);
	dt_from_days(dt_days(h->today) + 1, tomorrow);
	if ((st = home_prepare(db, s, HQ_DEADLINES, e)) == NULL ||
	    db_bind(st, e, "ttttt", s->arg, planned, since, h->today, tomorrow) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1)
		deadline_windows(&ds, st, h->today);
	if (ds.n > 1)
		qsort(ds.v, ds.n, sizeof *ds.v, deadline_cmp);
	h->deadlines_total = (long)ds.n;
	for (i = 0; i < ds.n; i++) {
		h->deadlines_pending += ds.v[i].amendment_id[0] != '\0';
		if (i >= HOME_LIST_MAX)
			free(ds.v[i].dwelling);
	}
	h->ndeadlines = ds.n < HOME_LIST_MAX ? ds.n : HOME_LIST_MAX;
	h->deadlines = ds.v;
	return rc;
}

/* ---- Rounds ---- */

static int
home_rounds(struct db *db, struct home *h, const struct user *who, struct err *e)
{
	size_t i, n;

	if (round_due(db, who, h->now, &h->rounds, &n, e) != 0)
		return -1;
	h->rounds_total = (long)n;
	for (i = HOME_LIST_MAX; i < n; i++) {
		free(h->rounds[i].name);
		free(h->rounds[i].place);
	}
	h->nrounds = n < HOME_LIST_MAX ? n : HOME_LIST_MAX;
	return 0;
}

/* ---- The whole screen ---- */

/* Agencies and sectors, and the title that goes with them. */
static int
home_places(struct db *db, struct home *h, const struct user *who, const struct scope *s,
    struct err *e)
{
	switch (s->kind) {
	case SCOPE_SECTORS:
		h->title = xstrdup("Vos secteurs");
		return patrimoine_user_sectors(db, who->id, &h->sectors, &h->nsectors, e);
	case SCOPE_AGENCY:
		if (patrimoine_agency(db, s->arg, &h->agencies, &h->nagencies, e) != 0)
			return -1;
		if (h->nagencies == 0)
			return err_set(e, "agence de l'utilisateur introuvable : %s", s->arg);
		h->title = xstrdup(h->agencies[0].name);
		return patrimoine_sectors(db, s->arg, &h->sectors, &h->nsectors, e);
	case SCOPE_ALL:
		h->title = xstrdup("Toutes les agences");
		return patrimoine_agencies(db, &h->agencies, &h->nagencies, e);
	default:
		h->title = xstrdup("Aucun périmètre pour ce rôle");
		return 0;
	}
}

/* The moment overdue claims are measured against: now, moved to `today`
 * when the caller looks at another day (a demo database's date). */
static void
home_clock(struct home *h, const char *today)
{
	char now[DT_STAMP_SIZE];

	dt_now(now);
	snprintf(h->today, sizeof h->today, "%s", today);
	snprintf(h->now, sizeof h->now, "%.10s%s", today, now + 10);
}

int
home_load(struct db *db, const struct user *who, const char *today, struct home **out,
    struct err *e)
{
	struct home *h;
	struct scope s;
	char ahead[DT_DATE_SIZE];

	*out = NULL;
	if (today == NULL || !dt_date_valid(today))
		return err_set(e, "accueil : date du jour invalide : %s",
		    today ? today : "(nulle)");
	h = xcalloc(1, sizeof *h);
	home_clock(h, today);
	dt_from_days(dt_days(today) + HOME_AHEAD_DAYS, ahead);
	patrimoine_scope(who, &s);
	h->scope = s.kind;
	h->logbook_hidden = !perm_can_read(who->role, PG_LOGBOOK);
	h->claims_hidden = !perm_can_read(who->role, PG_CLAIMS);
	h->inspections_hidden = !perm_can_read(who->role, PG_INSPECTIONS);
	h->exits_hidden = !perm_can_read(who->role, PG_LEASES);
	h->entries_hidden = h->exits_hidden;
	h->deadlines_hidden = h->inspections_hidden;
	h->rounds_hidden = h->logbook_hidden;
	if (home_places(db, h, who, &s, e) != 0 ||
	    (!h->logbook_hidden &&
		logbook_list(db, who, today, NULL, &h->logbook, &h->nlogbook, e) != 0) ||
	    (!h->claims_hidden && home_claims(db, h, &s, e) != 0) ||
	    (!h->inspections_hidden && home_inspections(db, h, &s, ahead, e) != 0) ||
	    (!h->exits_hidden && home_exits(db, h, &s, ahead, e) != 0) ||
	    (!h->entries_hidden && home_entries(db, h, &s, ahead, e) != 0) ||
	    (!h->deadlines_hidden && home_deadlines(db, h, &s, e) != 0) ||
	    (!h->rounds_hidden && home_rounds(db, h, who, e) != 0)) {
		home_free(h);
		return err_prefix(e, "accueil : ");
	}
	*out = h;
	return 0;
}

void
home_free(struct home *h)
{
	size_t i;

	if (h == NULL)
		return;
	free(h->title);
	patrimoine_agencies_free(h->agencies, h->nagencies);
	patrimoine_sectors_free(h->sectors, h->nsectors);
	logbook_rows_free(h->logbook, h->nlogbook);
	for (i = 0; i < h->nclaims; i++) {
		free(h->claims[i].number);
		free(h->claims[i].category);
		free(h->claims[i].place);
	}
	free(h->claims);
	for (i = 0; i < h->ninspections; i++)
		free(h->inspections[i].dwelling);
	free(h->inspections);
	for (i = 0; i < h->nexits; i++)
		free(h->exits[i].dwelling);
	free(h->exits);
	for (i = 0; i < h->nentries; i++)
		free(h->entries[i].dwelling);
	free(h->entries);
	for (i = 0; i < h->ndeadlines; i++)
		free(h->deadlines[i].dwelling);
	free(h->deadlines);
	round_template_rows_free(h->rounds, h->nrounds);
	free(h);
}
