#include "report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"
#include "db.h"
#include "field.h"
#include "patrimoine.h"
#include "perm.h"
#include "user.h"
#include "work_order.h"
#include "xalloc.h"

/* The estates in scope: the user's scope (?1) narrowed by ?2 (0 none,
 * 1 agency, 2 sector, 3 estate) to the id ?3. Every report goes down
 * from these along the place indexes, as home.c does for a gardien. */
static const char scope_with[] =
    "WITH es AS MATERIALIZED (SELECT e.id FROM estate e JOIN sector s ON s.id = e.sector_id "
    " WHERE %s AND (?2 = 0 OR (?2 = 1 AND s.agency_id = ?3) OR (?2 = 2 AND s.id = ?3) "
    "  OR (?2 = 3 AND e.id = ?3))), "
    " bl AS MATERIALIZED (SELECT b.id FROM es CROSS JOIN building b ON b.estate_id = es.id), "
    " dw AS MATERIALIZED (SELECT d.id, b.estate_id FROM es CROSS JOIN building b ON b.estate_id = es.id "
    "  CROSS JOIN entrance en ON en.building_id = b.id CROSS JOIN dwelling d ON d.entrance_id = en.id) ";

/* Rows of a table with a place (claim, work_order) in scope: one place
 * each, so none comes twice. CROSS JOIN keeps the walk downwards.
 * Every query names all of ?1 to ?6, as all are bound: ?4 the first day,
 * ?5 the day after the last, ?6 the last (today for vacancy). */
#define PLACE_DOWN(t) \
    ", pl AS MATERIALIZED (SELECT c.rowid AS r FROM dw CROSS JOIN " t " c ON c.dwelling_id = dw.id " \
    " UNION ALL SELECT c.rowid FROM bl CROSS JOIN entrance en ON en.building_id = bl.id " \
    "  CROSS JOIN " t " c ON c.entrance_id = en.id " \
    " UNION ALL SELECT c.rowid FROM bl CROSS JOIN " t " c ON c.building_id = bl.id " \
    " UNION ALL SELECT c.rowid FROM bl CROSS JOIN common_area ca ON ca.building_id = bl.id " \
    "  CROSS JOIN " t " c ON c.common_area_id = ca.id " \
    " UNION ALL SELECT c.rowid FROM es CROSS JOIN common_area ca ON ca.estate_id = es.id " \
    "  CROSS JOIN " t " c ON c.common_area_id = ca.id) "

/* Claims not closed, whenever opened: ages are measured at now. */
static const char claims_open_sql[] =
    PLACE_DOWN("claim")
    "SELECT coalesce(cc.label, c.category), c.status, c.opened_at, c.due_at "
    "FROM pl CROSS JOIN claim c ON c.rowid = pl.r "
    "LEFT JOIN claim_category cc ON cc.code = c.category "
    "WHERE c.status <> 'closed' AND ?4 IS NOT NULL AND ?5 IS NOT NULL AND ?6 IS NOT NULL "
    "ORDER BY 1";

/* Hours from opening to the first event reaching 'solved' (NULL if
 * never), for claims opened from ?4 to before ?5. */
static const char claims_solve_sql[] =
    PLACE_DOWN("claim")
    "SELECT coalesce(cc.label, c.category), "
    " (SELECT CAST(round((julianday(min(ev.at)) - julianday(c.opened_at)) * 24) AS INTEGER) "
    "  FROM claim_event ev WHERE ev.claim_id = c.id AND ev.to_status = 'solved'), "
    " c.opened_at "
    "FROM pl CROSS JOIN claim c ON c.rowid = pl.r "
    "LEFT JOIN claim_category cc ON cc.code = c.category "
    "WHERE c.opened_at >= ?4 AND c.opened_at < ?5 AND ?6 IS NOT NULL ORDER BY 1";

static const char work_orders_sql[] =
    PLACE_DOWN("work_order")
    "SELECT coalesce(k.name, '?'), c.status, count(*) "
    "FROM pl CROSS JOIN work_order c ON c.rowid = pl.r "
    "LEFT JOIN contractor k ON k.id = c.contractor_id "
    "WHERE c.ordered_at >= ?4 AND c.ordered_at < ?5 AND ?6 IS NOT NULL GROUP BY 1, 2 ORDER BY 1";

/* Done: signed with done_at in the period; planned: draft or ready with
 * planned_date in it (?6 the last day). */
static const char inspections_sql[] =
    "SELECT i.kind, sum(i.state = 'signed' AND i.done_at >= ?4 AND i.done_at < ?5), "
    " sum(i.state IN ('draft', 'ready') AND i.planned_date >= ?4 AND i.planned_date <= ?6) "
    "FROM dw CROSS JOIN inspection i INDEXED BY inspection_dwelling ON i.dwelling_id = dw.id "
    "GROUP BY i.kind ORDER BY i.kind";

/* Dwellings with no lease running on ?6 (today), with the end of their
 * last lease (NULL if never let). */
static const char vacancy_sql[] =
    "SELECT e.code || ' ' || e.name, "
    " (SELECT max(l.end_date) FROM lease l WHERE l.dwelling_id = dw.id AND l.end_date < ?6) "
    "FROM dw CROSS JOIN estate e ON e.id = dw.estate_id "
    "WHERE NOT EXISTS (SELECT 1 FROM lease l WHERE l.dwelling_id = dw.id "
    "  AND l.start_date <= ?6 AND (l.end_date IS NULL OR l.end_date >= ?6)) "
    "AND ?4 IS NOT NULL AND ?5 IS NOT NULL ORDER BY 1";

/* Templates of a building or an estate in scope, with their runs
 * finished in the period (each template's runs along round_run_template). */
#define ROUND_TEMPLATES \
    ", tp AS (SELECT t.id FROM bl CROSS JOIN round_template t ON t.building_id = bl.id " \
    " UNION ALL SELECT t.id FROM es CROSS JOIN round_template t ON t.estate_id = es.id) "

static const char rounds_sql[] =
    ROUND_TEMPLATES
    "SELECT coalesce(e.code || ' ', '') || t.name, t.frequency_days, "
    " (SELECT count(*) FROM round_run r WHERE r.template_id = t.id "
    "  AND r.finished_at >= ?4 AND r.finished_at < ?5) "
    "FROM tp CROSS JOIN round_template t ON t.id = tp.id "
    "LEFT JOIN building b ON b.id = t.building_id "
    "LEFT JOIN estate e ON e.id = coalesce(t.estate_id, b.estate_id) "
    "WHERE ?6 IS NOT NULL ORDER BY 1";

/* ---- Trend queries: one row per event of the period, its day first ---- */

static const char claims_in_sql[] =
    PLACE_DOWN("claim")
    "SELECT c.opened_at, NULL FROM pl CROSS JOIN claim c ON c.rowid = pl.r "
    "WHERE c.opened_at >= ?4 AND c.opened_at < ?5 AND ?6 IS NOT NULL";

static const char work_orders_trend_sql[] =
    PLACE_DOWN("work_order")
    "SELECT c.ordered_at, NULL FROM pl CROSS JOIN work_order c ON c.rowid = pl.r "
    "WHERE c.ordered_at >= ?4 AND c.ordered_at < ?5 AND ?6 IS NOT NULL";

static const char inspections_trend_sql[] =
    "SELECT i.done_at, NULL "
    "FROM dw CROSS JOIN inspection i INDEXED BY inspection_dwelling ON i.dwelling_id = dw.id "
    "WHERE i.state = 'signed' AND i.done_at >= ?4 AND i.done_at < ?5 AND ?6 IS NOT NULL";

static const char leases_ended_sql[] =
    "SELECT l.end_date, NULL FROM dw CROSS JOIN lease l ON l.dwelling_id = dw.id "
    "WHERE l.end_date >= ?4 AND l.end_date < ?5 AND ?6 IS NOT NULL";

static const char rounds_trend_sql[] =
    ROUND_TEMPLATES
    "SELECT r.finished_at, NULL FROM tp CROSS JOIN round_run r ON r.template_id = tp.id "
    "WHERE r.finished_at >= ?4 AND r.finished_at < ?5 AND ?6 IS NOT NULL";

typedef int (*report_fill_fn)(struct db_stmt *st, const struct report_params *p,
    struct report *r, struct err *e);

struct report_def {
	const char *name, *title;
	enum perm_group group;
	int snapshot;
	const char *sql;
	report_fill_fn fill;
	/* The trend: its own query, or (trend_sql NULL, trend_title set)
	 * filled by fill from the report's rows. */
	const char *trend_sql, *trend_title;
	int trend_median;
};

static int fill_claims_open(struct db_stmt *, const struct report_params *, struct report *,
    struct err *);
static int fill_claims_solve(struct db_stmt *, const struct report_params *, struct report *,
    struct err *);
static int fill_work_orders(struct db_stmt *, const struct report_params *, struct report *,
    struct err *);
static int fill_inspections(struct db_stmt *, const struct report_params *, struct report *,
    struct err *);
static int fill_vacancy(struct db_stmt *, const struct report_params *, struct report *,
    struct err *);
static int fill_rounds(struct db_stmt *, const struct report_params *, struct report *,
    struct err *);

static const struct report_def defs[] = {
	{"claims-open", "Réclamations ouvertes par catégorie et ancienneté", PG_CLAIMS, 1,
	    claims_open_sql, fill_claims_open, claims_in_sql, "Réclamations reçues", 0},
	{"claims-solve-time", "Délai médian de résolution des réclamations", PG_CLAIMS, 0,
	    claims_solve_sql, fill_claims_solve, NULL, "Délai médian de résolution (h)", 1},
	{"work-orders", "Bons de travaux par entreprise et statut", PG_CLAIMS, 0,
	    work_orders_sql, fill_work_orders, work_orders_trend_sql,
	    "Bons de travaux commandés", 0},
	{"inspections", "États des lieux réalisés et prévus", PG_INSPECTIONS, 0,
	    inspections_sql, fill_inspections, inspections_trend_sql,
	    "États des lieux réalisés", 0},
	{"vacancy", "Logements vacants et durée de vacance", PG_LEASES, 1, vacancy_sql,
	    fill_vacancy, leases_ended_sql, "Baux terminés (départs)", 0},
	{"rounds", "Rondes faites et dues", PG_LOGBOOK, 0, rounds_sql, fill_rounds,
	    rounds_trend_sql, "Rondes faites", 0},
};
#define NDEFS (sizeof defs / sizeof defs[0])

const char *
report_name(size_t i)
{
	return i < NDEFS ? defs[i].name : NULL;
}

const char *
report_title(size_t i)
{
	return i < NDEFS ? defs[i].title : NULL;
}

static const struct report_def *
report_def(const char *name)
{
	size_t i;

	for (i = 0; i < NDEFS; i++)
		if (strcmp(defs[i].name, name) == 0)
			return &defs[i];
	return NULL;
}

int
report_known(const char *name)
{
	return report_def(name) != NULL;
}

/* ---- The table ---- */

static void
report_cols(struct report *r, int bar_col, ...)
{
	va_list ap;
	const char *t;

	va_start(ap, bar_col);
	while ((t = va_arg(ap, const char *)) != NULL && r->ncols < REPORT_MAX_COLS) {
		r->cols[r->ncols].title = t;
		r->cols[r->ncols].kind = r->ncols == 0 ? REPORT_TEXT : REPORT_INT;
		r->ncols++;
	}
	va_end(ap);
	r->bar_col = bar_col;
}

static struct report_cell *
report_cell(const struct report *r, size_t row, size_t col)
{
	return &r->cells[row * r->ncols + col];
}

/* The row whose first cell is key, added (counts 0) if missing; rows come
 * sorted by key from SQL, so the last row is tried first. */
static size_t
report_row(struct report *r, const char *key)
{
	size_t i;

	for (i = r->nrows; i > 0; i--)
		if (strcmp(report_cell(r, i - 1, 0)->text, key) == 0)
			return i - 1;
	if (r->nrows == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->cells = xrealloc(r->cells, r->cap * r->ncols * sizeof *r->cells);
	}
	memset(&r->cells[r->nrows * r->ncols], 0, r->ncols * sizeof *r->cells);
	report_cell(r, r->nrows, 0)->text = xstrdup(key);
	return r->nrows++;
}

void
report_free(struct report *r)
{
	size_t i;

	for (i = 0; i < r->nrows * r->ncols; i++)
		free(r->cells[i].text);
	free(r->cells);
	memset(r, 0, sizeof *r);
}

static const char *
col_text(struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);

	return s ? s : "";
}

/* ---- The reports ---- */

static int
fill_claims_open(struct db_stmt *st, const struct report_params *p, struct report *r,
    struct err *e)
{
	int64_t now = dt_days(p->now), age;
	size_t row;
	int rc;

	report_cols(r, 5, "Catégorie", "< 7 j", "7-30 j", "> 30 j", "En retard", "Total",
	    (const char *)NULL);
	while ((rc = db_step(st, e)) == 1) {
		row = report_row(r, col_text(st, 0));
		age = now - dt_days(col_text(st, 2));
		report_cell(r, row, age < 7 ? 1 : age <= 30 ? 2 : 3)->num++;
		if (claim_overdue(col_text(st, 1), db_col_text(st, 3), p->now))
			report_cell(r, row, 4)->num++;
		report_cell(r, row, 5)->num++;
	}
	return rc;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Median of v[0..n) (sorted here), the lower-middle mean for an even
 * count rounded down; -1 when n is 0. */
static int64_t
median(int64_t *v, size_t n)
{
	if (n == 0)
		return -1;
	qsort(v, n, sizeof *v, cmp_i64);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct hours {
	int64_t *v;
	size_t n, cap;
};

static void
hours_push(struct hours *h, int64_t v)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->v = xrealloc(h->v, h->cap * sizeof *h->v);
	}
	h->v[h->n++] = v;
}

static void trend_add(struct report_trend *t, struct hours *h, const char *day, int has_value,
    int64_t value);
static void trend_finish(struct report_trend *t, struct hours *h);

/* The table and the trend from the same rows (category, hours or NULL,
 * opened_at): the claims and their events are read once. */
static int
fill_claims_solve(struct db_stmt *st, const struct report_params *p, struct report *r,
    struct err *e)
{
	struct hours *h = NULL, th[REPORT_TREND_MAX];
	size_t row, i, nh = 0;
	int rc;

	memset(th, 0, sizeof th);
	report_cols(r, 2, "Catégorie", "Ouvertes", "Résolues", "Médiane (h)", (const char *)NULL);
	while ((rc = db_step(st, e)) == 1) {
		row = report_row(r, col_text(st, 0));
		if (row >= nh) {
			h = xrealloc(h, (row + 1) * sizeof *h);
			memset(&h[nh], 0, (row + 1 - nh) * sizeof *h);
			nh = row + 1;
		}
		report_cell(r, row, 1)->num++;
		trend_add(&r->trend, th, col_text(st, 2), !db_col_is_null(st, 1),
		    db_col_int(st, 1));
		if (db_col_is_null(st, 1))
			continue;
		report_cell(r, row, 2)->num++;
		hours_push(&h[row], db_col_int(st, 1));
	}
	for (i = 0; i < nh; i++) {
		report_cell(r, i, 3)->num = median(h[i].v, h[i].n);
		free(h[i].v);
	}
	free(h);
	trend_finish(&r->trend, th);
	return rc;
}

static int
fill_work_orders(struct db_stmt *st, const struct report_params *p, struct report *r,
    struct err *e)
{
	size_t row;
	int rc, s;

	report_cols(r, 6, "Entreprise", "Commandés", "Planifiés", "Réalisés", "Contrôlés",
	    "Facturés", "Total", (const char *)NULL);
	while ((rc = db_step(st, e)) == 1) {
		row = report_row(r, col_text(st, 0));
		s = work_order_status_parse(col_text(st, 1));
		if (s >= 0)
			report_cell(r, row, 1 + (size_t)s)->num += db_col_int(st, 2);
		report_cell(r, row, 6)->num += db_col_int(st, 2);
	}
	return rc;
}

static int
fill_inspections(struct db_stmt *st, const struct report_params *p, struct report *r,
    struct err *e)
{
	static const char *const kinds[][2] = {
		{"move_in", "Entrée"}, {"move_out", "Sortie"}, {"pre_exit", "Pré-état des lieux"},
		{"bailiff", "Constat d'huissier"},
	};
	const char *kind, *label;
	size_t row, i;
	int rc;

	report_cols(r, 1, "Type", "Réalisés", "Prévus", (const char *)NULL);
	while ((rc = db_step(st, e)) == 1) {
		kind = col_text(st, 0);
		label = kind;
		for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
			if (strcmp(kinds[i][0], kind) == 0)
				label = kinds[i][1];
		row = report_row(r, label);
		report_cell(r, row, 1)->num = db_col_int(st, 1);
		report_cell(r, row, 2)->num = db_col_int(st, 2);
	}
	return rc;
}

/* Days vacant are counted from the day after the last lease ended;
 * dwellings never let count as vacant without a duration. */
static int
fill_vacancy(struct db_stmt *st, const struct report_params *p, struct report *r,
    struct err *e)
{
	int64_t today = dt_days(p->now), days, *sum = NULL;
	size_t row, i, nsum = 0;
	int rc;

	report_cols(r, 1, "Résidence", "Vacants", "Jours moy.", "Jours max", (const char *)NULL);
	while ((rc = db_step(st, e)) == 1) {
		row = report_row(r, col_text(st, 0));
		if (row >= nsum) {
			sum = xrealloc(sum, 2 * (row + 1) * sizeof *sum);
			memset(&sum[2 * nsum], 0, 2 * (row + 1 - nsum) * sizeof *sum);
			nsum = row + 1;
			report_cell(r, row, 3)->num = -1;
		}
		report_cell(r, row, 1)->num++;
		if (db_col_is_null(st, 1))
			continue;
		days = today - dt_days(col_text(st, 1));
		sum[2 * row] += days;
		sum[2 * row + 1]++;
		if (days > report_cell(r, row, 3)->num)
			report_cell(r, row, 3)->num = days;
	}
	for (i = 0; i < nsum; i++)
		report_cell(r, i, 2)->num = sum[2 * i + 1] ? sum[2 * i] / sum[2 * i + 1] : -1;
	free(sum);
	return rc;
}

static int
fill_rounds(struct db_stmt *st, const struct report_params *p, struct report *r,
    struct err *e)
{
	int64_t days = dt_days(p->to) - dt_days(p->from) + 1, freq;
	size_t row;
	int rc;

	report_cols(r, 3, "Ronde", "Fréquence (j)", "Dues", "Faites", (const char *)NULL);
	while ((rc = db_step(st, e)) == 1) {
		row = report_row(r, col_text(st, 0));
		freq = db_col_int(st, 1);
		report_cell(r, row, 1)->num = freq;
		report_cell(r, row, 2)->num += freq > 0 ? (days + freq - 1) / freq : 0;
		report_cell(r, row, 3)->num += db_col_int(st, 2);
	}
	return rc;
}

/* ---- Trends ---- */

/* Months since year 0 of a date or stamp. */
static int64_t
month_of(const char *d)
{
	return (int64_t)atoi(d) * 12 + atoi(d + 5) - 1;
}

/* The first day of a month counted as month_of does. */
static void
month_day(int64_t m, char out[DT_DATE_SIZE])
{
	char buf[48];

	snprintf(buf, sizeof buf, "%04lld-%02lld-01", (long long)(m / 12), (long long)(m % 12 + 1));
	snprintf(out, DT_DATE_SIZE, "%.10s", buf);
}

static void
trend_setup(struct report_trend *t, const struct report_params *p)
{
	int64_t days = dt_days(p->to) - dt_days(p->from) + 1, m0, m1;

	t->monthly = days >= 90;
	if (t->monthly) {
		m0 = month_of(p->from);
		m1 = month_of(p->to);
		if (m1 - m0 + 1 > REPORT_TREND_MAX)
			m0 = m1 - REPORT_TREND_MAX + 1;
		t->n = (size_t)(m1 - m0 + 1);
		month_day(m0, t->first);
	} else {
		t->n = (size_t)((days + 6) / 7);
		snprintf(t->first, sizeof t->first, "%s", p->from);
	}
}

/* The step of the trend a day falls in, or -1 before the first. */
static int64_t
trend_step(const struct report_trend *t, const char *day)
{
	char d[DT_DATE_SIZE];
	int64_t i;

	snprintf(d, sizeof d, "%.10s", day);
	if (!dt_date_valid(d))
		return -1;
	i = t->monthly ? month_of(d) - month_of(t->first) : (dt_days(d) - dt_days(t->first)) / 7;
	return i >= 0 && (size_t)i < t->n ? i : -1;
}

/* Counts a row of that day, or keeps its value for the step's median. */
static void
trend_add(struct report_trend *t, struct hours *h, const char *day, int has_value,
    int64_t value)
{
	int64_t i = trend_step(t, day);

	if (i < 0)
		return;
	if (!t->median)
		t->v[i]++;
	else if (has_value)
		hours_push(&h[i], value);
}

static void
trend_finish(struct report_trend *t, struct hours *h)
{
	size_t k;

	for (k = 0; t->median && k < t->n; k++) {
		t->v[k] = median(h[k].v, h[k].n);
		free(h[k].v);
	}
}

/* Rows of (day, value or NULL) from a trend query. */
static int
trend_fill(struct db_stmt *st, struct report_trend *t, struct err *e)
{
	struct hours h[REPORT_TREND_MAX];
	int rc;

	memset(h, 0, sizeof h);
	while ((rc = db_step(st, e)) == 1)
		trend_add(t, h, col_text(st, 0), !db_col_is_null(st, 1), db_col_int(st, 1));
	trend_finish(t, h);
	return rc;
}

void
report_trend_day(const struct report *r, size_t i, char out[DT_DATE_SIZE])
{
	const struct report_trend *t = &r->trend;
	int64_t m;

	if (!t->monthly) {
		dt_from_days(dt_days(t->first) + 7 * (int64_t)i, out);
		return;
	}
	m = month_of(t->first) + (int64_t)i;
	month_day(m, out);
}

/* ---- Running ---- */

/* The id of the agency, sector or estate named by code or id. */
static int
report_place_id(struct db *db, const struct report_params *p, char **id, struct err *e)
{
	static const char *const tables[][2] = {
		[REPORT_SCOPE_AGENCY] = {"agency", "agence inconnue"},
		[REPORT_SCOPE_SECTOR] = {"sector", "secteur inconnu"},
		[REPORT_SCOPE_ESTATE] = {"estate", "résidence inconnue"},
	};
	struct db_stmt *st;
	char *sql;
	int rc;

	*id = NULL;
	if (p->scope == REPORT_SCOPE_USER)
		return 0;
	sql = xasprintf("SELECT id FROM %s WHERE id = ?1 OR code = ?1", tables[p->scope][0]);
	st = db_stmt(db, e, sql);
	free(sql);
	if (st == NULL || db_bind(st, e, "t", p->scope_arg) != 0)
		return -1;
	rc = db_step(st, e);
	if (rc == 1)
		*id = db_col_dup(st, 0);
	db_reset(st);
	if (rc == 0)
		return err_set(e, "%s « %s »", tables[p->scope][1], p->scope_arg);
	return rc < 0 ? -1 : 0;
}

/* The statement of a report's query (sql after the scope's WITH),
 * bound: ?1 the user's scope, ?2 and ?3 the narrowing, ?4 the first day,
 * ?5 the day after the last, ?6 the last day (today for vacancy). */
static struct db_stmt *
report_stmt(struct db *db, const struct user *who, const struct report_def *d,
    const char *body, const struct report_params *p, const char *place, struct err *e)
{
	struct scope s;
	struct db_stmt *st;
	char *cond, *with, *sql, end[DT_DATE_SIZE], today[DT_DATE_SIZE];

	patrimoine_scope(who, &s);
	cond = patrimoine_scope_sql(&s, "e.sector_id");
	with = xasprintf(scope_with, cond);
	sql = xasprintf("%s%s", with, body);
	free(cond);
	free(with);
	st = db_stmt(db, e, sql);
	free(sql);
	if (st == NULL)
		return NULL;
	dt_from_days(dt_days(p->to) + 1, end);
	snprintf(today, sizeof today, "%.10s", p->now);
	if (db_bind(st, e, "tdtttt", s.arg, (int)p->scope, place ? place : "", p->from, end,
	        strcmp(d->name, "vacancy") == 0 ? today : p->to) != 0) {
		db_reset(st);
		return NULL;
	}
	return st;
}

static int
report_query(struct db *db, const struct user *who, const struct report_def *d,
    const struct report_params *p, const char *place, struct report *out, struct err *e)
{
	struct db_stmt *st = report_stmt(db, who, d, d->sql, p, place, e);
	int rc;

	if (st == NULL)
		return -1;
	if (d->trend_title != NULL) {
		out->trend.title = d->trend_title;
		out->trend.median = d->trend_median;
		trend_setup(&out->trend, p);
	}
	rc = d->fill(st, p, out, e);
	db_reset(st);
	if (rc < 0 || d->trend_sql == NULL)
		return rc < 0 ? -1 : 0;
	if ((st = report_stmt(db, who, d, d->trend_sql, p, place, e)) == NULL)
		return -1;
	rc = trend_fill(st, &out->trend, e);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int
report_run(struct db *db, const struct user *who, const char *name,
    const struct report_params *p, struct report *out, struct err *e)
{
	const struct report_def *d = report_def(name);
	char *place = NULL, *why;
	int rc;

	memset(out, 0, sizeof *out);
	if (d == NULL)
		return err_set(e, "rapport inconnu « %s »", name);
	if (!perm_can_read(who->role, d->group)) {
		why = field_reserved(d->group);
		err_set(e, "%s", why);
		free(why);
		return -1;
	}
	if (!dt_date_valid(p->from) || !dt_date_valid(p->to) || strcmp(p->from, p->to) > 0)
		return err_set(e, "période invalide « %s » – « %s »", p->from, p->to);
	if (report_place_id(db, p, &place, e) != 0)
		return -1;
	out->name = d->name;
	out->title = d->title;
	snprintf(out->from, sizeof out->from, "%s", p->from);
	snprintf(out->to, sizeof out->to, "%s", p->to);
	snprintf(out->at, sizeof out->at, "%.10s", p->now);
	out->snapshot = d->snapshot;
	rc = report_query(db, who, d, p, place, out, e);
	free(place);
	if (rc != 0)
		report_free(out);
	return rc;
}

int
report_scope_find(struct db *db, const char *code, enum report_scope *scope, char **name,
    struct err *e)
{
	static const struct {
		enum report_scope scope;
		const char *sql;
	} levels[] = {
		{REPORT_SCOPE_AGENCY, "SELECT name FROM agency WHERE id = ?1 OR code = ?1"},
		{REPORT_SCOPE_SECTOR, "SELECT 'Secteur ' || name FROM sector WHERE id = ?1 OR code = ?1"},
		{REPORT_SCOPE_ESTATE, "SELECT name FROM estate WHERE id = ?1 OR code = ?1"},
	};
	size_t i;

	*name = NULL;
	*scope = REPORT_SCOPE_USER;
	if (code == NULL || code[0] == '\0')
		return 0;
	for (i = 0; i < sizeof levels / sizeof levels[0]; i++) {
		e->msg[0] = '\0';
		if ((*name = db_text(db, e, levels[i].sql, "t", code)) != NULL) {
			*scope = levels[i].scope;
			return 0;
		}
		if (e->msg[0] != '\0')
			return -1;
	}
	return err_set(e, "aucune agence, aucun secteur ni aucune résidence n'a le code « %s »",
	    code);
}

int
report_places(struct db *db, const struct user *who, char ***lines, size_t *n,
    struct err *e)
{
	static const char body[] =
	    "WITH es AS (SELECT e.id, e.code, e.name, e.sector_id FROM estate e WHERE %s), "
	    " se AS (SELECT DISTINCT s.id, s.code, s.name, s.agency_id FROM es "
	    "  JOIN sector s ON s.id = es.sector_id) "
	    "SELECT 1, a.code, a.name FROM agency a WHERE a.id IN (SELECT agency_id FROM se) "
	    "UNION ALL SELECT 2, code, name FROM se UNION ALL SELECT 3, code, name FROM es "
	    "ORDER BY 1, 2";
	struct scope s;
	struct db_stmt *st;
	char *cond, *sql;
	size_t cap = 0;
	int rc;

	*lines = NULL;
	*n = 0;
	patrimoine_scope(who, &s);
	cond = patrimoine_scope_sql(&s, "e.sector_id");
	sql = xasprintf(body, cond);
	free(cond);
	st = db_stmt(db, e, sql);
	free(sql);
	if (st == NULL || db_bind(st, e, "t", s.arg) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*lines = xrealloc(*lines, cap * sizeof **lines);
		}
		(*lines)[(*n)++] = xasprintf("%s %s", col_text(st, 1), col_text(st, 2));
	}
	db_reset(st);
	if (rc < 0) {
		report_places_free(*lines, *n);
		*lines = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
report_places_free(char **lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* ---- Writers ---- */

static void
cell_str(const struct report *r, size_t row, size_t col, char *out, size_t size)
{
	const struct report_cell *c = report_cell(r, row, col);

	if (r->cols[col].kind == REPORT_TEXT)
		snprintf(out, size, "%s", c->text ? c->text : "");
	else if (c->num < 0)
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%lld", (long long)c->num);
}

/* A CSV field: quoted when it holds the separator, a quote or a line
 * break. */
static void
csv_field(FILE *f, const char *s)
{
	if (strpbrk(s, ";\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

int
report_write_csv(const struct report *r, FILE *f)
{
	char buf[512];
	size_t i, j;

	for (j = 0; j < r->ncols; j++) {
		if (j)
			fputc(';', f);
		csv_field(f, r->cols[j].title);
	}
	fputc('\n', f);
	for (i = 0; i < r->nrows; i++) {
		for (j = 0; j < r->ncols; j++) {
			if (j)
				fputc(';', f);
			cell_str(r, i, j, buf, sizeof buf);
			csv_field(f, buf);
		}
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

#define TXT_WIDTH 80
#define TXT_FIRST_MAX 28
#define TXT_MIN_BAR 10

/* Code points in s (UTF-8). */
static size_t
u8len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* s cut to at most width code points, padded to width (left or right
 * aligned), then a space. */
static void
txt_cell(FILE *f, const char *s, size_t width, int right)
{
	size_t n = 0, i;
	const char *p = s;

	while (*p && n < width) {
		p++;
		while (((unsigned char)*p & 0xC0) == 0x80)
			p++;
		n++;
	}
	for (i = n; right && i < width; i++)
		fputc(' ', f);
	fwrite(s, 1, (size_t)(p - s), f);
	for (i = n; !right && i < width; i++)
		fputc(' ', f);
	fputc(' ', f);
}

static void
txt_widths(const struct report *r, size_t *w, int64_t *max)
{
	char buf[512];
	size_t i, j, n;

	*max = 0;
	for (j = 0; j < r->ncols; j++)
		w[j] = u8len(r->cols[j].title);
	for (i = 0; i < r->nrows; i++) {
		for (j = 0; j < r->ncols; j++) {
			cell_str(r, i, j, buf, sizeof buf);
			n = u8len(buf);
			if (n > w[j])
				w[j] = n;
		}
		if (r->bar_col >= 0 && report_cell(r, i, (size_t)r->bar_col)->num > *max)
			*max = report_cell(r, i, (size_t)r->bar_col)->num;
	}
	if (w[0] > TXT_FIRST_MAX)
		w[0] = TXT_FIRST_MAX;
	/* Narrower first column so that the figures and some bar fit. */
	for (j = 1, n = r->ncols; j < r->ncols; j++)
		n += w[j];
	if (w[0] + n > TXT_WIDTH - TXT_MIN_BAR)
		w[0] = n + 8 < TXT_WIDTH - TXT_MIN_BAR ? TXT_WIDTH - TXT_MIN_BAR - n : 8;
}

/* The trend as figures, wrapped at TXT_WIDTH. */
static void
txt_trend(const struct report *r, FILE *f)
{
	const struct report_trend *t = &r->trend;
	char first[DT_DATE_SIZE], last[DT_DATE_SIZE], num[24];
	size_t i, col = 0, len;

	if (t->title == NULL || t->n == 0)
		return;
	report_trend_day(r, 0, first);
	report_trend_day(r, t->n - 1, last);
	if (t->monthly)
		fprintf(f, "\n%s, par mois, de %.7s à %.7s :\n", t->title, first, last);
	else
		fprintf(f, "\n%s, par semaine, du %s à la semaine du %s :\n", t->title, first,
		    last);
	for (i = 0; i < t->n; i++) {
		if (t->v[i] < 0)
			snprintf(num, sizeof num, "-");
		else
			snprintf(num, sizeof num, "%lld", (long long)t->v[i]);
		len = strlen(num);
		if (col > 0 && col + 1 + len > TXT_WIDTH) {
			fputc('\n', f);
			col = 0;
		}
		if (col > 0) {
			fputc(' ', f);
			col++;
		}
		fputs(num, f);
		col += len;
	}
	fputc('\n', f);
}

int
report_write_txt(const struct report *r, FILE *f)
{
	size_t w[REPORT_MAX_COLS] = {0}, used = 0, bar, i, j, k, n;
	int64_t max, v;
	char buf[512];

	txt_widths(r, w, &max);
	for (j = 0; j < r->ncols; j++)
		used += w[j] + 1;
	bar = used < TXT_WIDTH ? TXT_WIDTH - used : 0;
	fprintf(f, "%s\n", r->title);
	if (r->snapshot)
		fprintf(f, "Situation au %s\n\n", r->at);
	else
		fprintf(f, "Du %s au %s\n\n", r->from, r->to);
	for (j = 0; j < r->ncols; j++)
		txt_cell(f, r->cols[j].title, w[j], j > 0);
	fputc('\n', f);
	for (i = 0; i < r->nrows; i++) {
		for (j = 0; j < r->ncols; j++) {
			cell_str(r, i, j, buf, sizeof buf);
			txt_cell(f, buf, w[j], j > 0);
		}
		v = r->bar_col >= 0 ? report_cell(r, i, (size_t)r->bar_col)->num : 0;
		n = max > 0 && v > 0 ? (size_t)((v * (int64_t)bar + max - 1) / max) : 0;
		for (k = 0; k < n && k < bar; k++)
			fputc('#', f);
		fputc('\n', f);
	}
	if (r->nrows == 0)
		fprintf(f, "(aucune donnée)\n");
	txt_trend(r, f);
	return ferror(f) ? -1 : 0;
}
