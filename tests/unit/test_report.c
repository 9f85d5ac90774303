/* Dashboards: each report's figures against SQL written independently
 * here (a claim's estate found up from its place, not down from the
 * estates as report.c does), a median worked by hand on a small fixture,
 * the scope options, refusals by group, and the shapes of CSV and text. */
#include "tests/unit/testutil.h"

#include "core/datetime.h"
#include "core/demo.h"
#include "core/report.h"
#include "core/user.h"

#define DATE "2026-01-15"
#define NOW "2026-01-15T12:00:00Z"
#define FROM "2025-01-16"
#define STAMP "2026-01-01T00:00:00Z"
#define FX "00000000-0000-4000-8000-00000000"

/* The estate of a claim or work order c, up from its place. */
#define PLACE_ESTATE \
	"LEFT JOIN dwelling d ON d.id = c.dwelling_id " \
	"LEFT JOIN common_area ca ON ca.id = c.common_area_id " \
	"LEFT JOIN entrance en ON en.id = coalesce(c.entrance_id, d.entrance_id) " \
	"LEFT JOIN building b ON b.id = coalesce(c.building_id, en.building_id, ca.building_id) " \
	"JOIN estate es ON es.id = coalesce(b.estate_id, ca.estate_id) "

struct fx {
	char *dir;
	struct db *db;
};

/* Five claims of a category of their own, opened in the period: the first
 * is solved after 10 h then again after 100 h (the first counts), the
 * others after 20, 45 and 30 h, the last never: median (20 + 30) / 2. */
static void
add_solve_fixture(struct fx *f)
{
	static const char *const rows[] = {
		"INSERT INTO claim_category (id, code, label, updated_at, updated_by) "
		"VALUES ('" FX "0001', 'zz', 'Zz essai', '" STAMP "', 'x')",
		"INSERT INTO claim (id, number, dwelling_id, category, urgency, channel, description, "
		" status, opened_at, updated_at, updated_by) "
		"SELECT '" FX "00' || n, 'ZZ' || n, (SELECT min(id) FROM dwelling), 'zz', "
		" (SELECT min(code) FROM claim_urgency), 'phone', 'essai', "
		" CASE n WHEN 15 THEN 'new' ELSE 'solved' END, '2025-06-01T08:00:00Z', "
		" '" STAMP "', 'x' FROM (SELECT 11 AS n UNION SELECT 12 UNION SELECT 13 "
		" UNION SELECT 14 UNION SELECT 15)",
		"INSERT INTO claim_event (id, claim_id, at, user_id, from_status, to_status, "
		" updated_at, updated_by) VALUES "
		"('" FX "0021', '" FX "0011', '2025-06-01T18:00:00Z', 'x', 'in_progress', 'solved', "
		" '" STAMP "', 'x'), "
		"('" FX "0022', '" FX "0011', '2025-06-05T12:00:00Z', 'x', 'in_progress', 'solved', "
		" '" STAMP "', 'x'), "
		"('" FX "0023', '" FX "0012', '2025-06-02T04:00:00Z', 'x', 'new', 'solved', "
		" '" STAMP "', 'x'), "
		"('" FX "0024', '" FX "0013', '2025-06-03T05:00:00Z', 'x', 'new', 'solved', "
		" '" STAMP "', 'x'), "
		"('" FX "0025', '" FX "0014', '2025-06-02T14:00:00Z', 'x', 'new', 'solved', "
		" '" STAMP "', 'x'), "
		"('" FX "0026', '" FX "0015', '2025-06-02T14:00:00Z', 'x', 'new', 'forwarded', "
		" '" STAMP "', 'x')",
	};
	struct err e;
	size_t i;

	assert_int_equal(db_begin(f->db, &e), 0);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (db_run(f->db, &e, rows[i], "") != 0)
			fail_msg("%s: %s", rows[i], e.msg);
	assert_int_equal(db_commit(f->db, &e), 0);
}

static int
group_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->db = tu_demo_db(f->dir, "demo.db", 1000, 3, DATE);
	add_solve_fixture(f);
	*state = f;
	return 0;
}

static int
group_teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* Runs name for login over FROM..DATE; the test fails on error. */
static void
run(struct fx *f, const char *login, const char *name, enum report_scope scope,
    const char *arg, struct report *r)
{
	struct report_params p = {FROM, DATE, NOW, scope, arg};
	struct user u;
	struct err e;

	if (user_find(f->db, login, &u, &e) != 1)
		fail_msg("user %s", login);
	if (report_run(f->db, &u, name, &p, r, &e) != 0)
		fail_msg("%s for %s: %s", name, login, e.msg);
	user_clear(&u);
}

static int64_t
num(const struct report *r, size_t row, size_t col)
{
	return r->cells[row * r->ncols + col].num;
}

static const char *
key(const struct report *r, size_t row)
{
	return r->cells[row * r->ncols].text;
}

static void
test_claims_open(void **state)
{
	struct fx *f = *state;
	struct report r;
	long total = 0;
	size_t i;

	run(f, "admin", "claims-open", REPORT_SCOPE_USER, NULL, &r);
	assert_true(r.nrows > 3);
	for (i = 0; i < r.nrows; i++) {
		const char *where = "FROM claim c JOIN claim_category cc ON cc.code = c.category "
		    "WHERE c.status <> 'closed' AND cc.label = ?1 ";
		char *q;

		q = xasprintf("SELECT count(*) %s", where);
		assert_int_equal(num(&r, i, 5), tu_long(f->db, q, key(&r, i), NULL, NULL));
		free(q);
		q = xasprintf("SELECT count(*) %s AND julianday(?2) - julianday(date(c.opened_at)) "
		    "< 7", where);
		assert_int_equal(num(&r, i, 1), tu_long(f->db, q, key(&r, i), DATE, NULL));
		free(q);
		q = xasprintf("SELECT count(*) %s AND julianday(?2) - julianday(date(c.opened_at)) "
		    "> 30", where);
		assert_int_equal(num(&r, i, 3), tu_long(f->db, q, key(&r, i), DATE, NULL));
		free(q);
		q = xasprintf("SELECT count(*) %s AND c.status IN ('new', 'forwarded', "
		    "'in_progress') AND c.due_at < ?2", where);
		assert_int_equal(num(&r, i, 4), tu_long(f->db, q, key(&r, i), NOW, NULL));
		free(q);
		assert_int_equal(num(&r, i, 1) + num(&r, i, 2) + num(&r, i, 3), num(&r, i, 5));
		total += num(&r, i, 5);
	}
	assert_int_equal(total, tu_long(f->db,
	    "SELECT count(*) FROM claim WHERE status <> 'closed'", NULL, NULL, NULL));
	report_free(&r);
}

static void
test_solve_median(void **state)
{
	struct fx *f = *state;
	struct report r;
	size_t i, seen = 0;

	run(f, "admin", "claims-solve-time", REPORT_SCOPE_USER, NULL, &r);
	for (i = 0; i < r.nrows; i++) {
		if (strcmp(key(&r, i), "Zz essai") == 0) {
			assert_int_equal(num(&r, i, 1), 5);
			assert_int_equal(num(&r, i, 2), 4);
			assert_int_equal(num(&r, i, 3), 25);
			seen++;
			continue;
		}
		assert_int_equal(num(&r, i, 1), tu_long(f->db,
		    "SELECT count(*) FROM claim c JOIN claim_category cc ON cc.code = c.category "
		    "WHERE cc.label = ?1 AND c.opened_at >= ?2 AND c.opened_at < ?3",
		    key(&r, i), FROM, "2026-01-16"));
		assert_int_equal(num(&r, i, 2), tu_long(f->db,
		    "SELECT count(*) FROM claim c JOIN claim_category cc ON cc.code = c.category "
		    "WHERE cc.label = ?1 AND c.opened_at >= ?2 AND c.opened_at < ?3 AND EXISTS "
		    "(SELECT 1 FROM claim_event v WHERE v.claim_id = c.id AND v.to_status = 'solved')",
		    key(&r, i), FROM, "2026-01-16"));
		assert_true(num(&r, i, 2) == 0 || num(&r, i, 3) >= 0);
	}
	assert_int_equal(seen, 1);
	report_free(&r);
}

static void
test_work_orders(void **state)
{
	struct fx *f = *state;
	struct report r;
	long total = 0;
	size_t i;

	run(f, "agent1", "work-orders", REPORT_SCOPE_USER, NULL, &r);
	assert_true(r.nrows > 0);
	for (i = 0; i < r.nrows; i++) {
		assert_int_equal(num(&r, i, 6), tu_long(f->db,
		    "SELECT count(*) FROM work_order c JOIN contractor k ON k.id = c.contractor_id "
		    "WHERE k.name = ?1 AND c.ordered_at >= ?2 AND c.ordered_at < ?3",
		    key(&r, i), FROM, "2026-01-16"));
		assert_int_equal(num(&r, i, 5), tu_long(f->db,
		    "SELECT count(*) FROM work_order c JOIN contractor k ON k.id = c.contractor_id "
		    "WHERE k.name = ?1 AND c.ordered_at >= ?2 AND c.ordered_at < ?3 "
		    "AND c.status = 'invoiced'", key(&r, i), FROM, "2026-01-16"));
		total += num(&r, i, 6);
	}
	assert_int_equal(total, tu_long(f->db, "SELECT count(*) FROM work_order "
	    "WHERE ordered_at >= ?1 AND ordered_at < ?2", FROM, "2026-01-16", NULL));
	report_free(&r);
}

static void
test_inspections(void **state)
{
	struct fx *f = *state;
	struct report r;
	long done = 0, planned = 0;
	size_t i;

	run(f, "admin", "inspections", REPORT_SCOPE_USER, NULL, &r);
	for (i = 0; i < r.nrows; i++) {
		done += num(&r, i, 1);
		planned += num(&r, i, 2);
		if (strcmp(key(&r, i), "Entrée") == 0)
			assert_int_equal(num(&r, i, 1), tu_long(f->db, "SELECT count(*) FROM "
			    "inspection WHERE kind = 'move_in' AND state = 'signed' AND done_at >= ?1 "
			    "AND done_at < ?2", FROM, "2026-01-16", NULL));
	}
	assert_true(done > 0);
	assert_int_equal(done, tu_long(f->db, "SELECT count(*) FROM inspection WHERE "
	    "state = 'signed' AND done_at >= ?1 AND done_at < ?2", FROM, "2026-01-16", NULL));
	assert_int_equal(planned, tu_long(f->db, "SELECT count(*) FROM inspection WHERE "
	    "state IN ('draft', 'ready') AND planned_date BETWEEN ?1 AND ?2", FROM, DATE, NULL));
	report_free(&r);
}

static void
test_vacancy(void **state)
{
	struct fx *f = *state;
	struct report r;
	long vacant = 0, max = -1;
	size_t i;

	run(f, "admin", "vacancy", REPORT_SCOPE_USER, NULL, &r);
	for (i = 0; i < r.nrows; i++) {
		vacant += num(&r, i, 1);
		if (num(&r, i, 3) > max)
			max = num(&r, i, 3);
		assert_true(num(&r, i, 2) <= num(&r, i, 3));
	}
	assert_int_equal(vacant, tu_long(f->db, "SELECT count(*) FROM dwelling d WHERE NOT "
	    "EXISTS (SELECT 1 FROM lease l WHERE l.dwelling_id = d.id AND l.start_date <= ?1 "
	    "AND (l.end_date IS NULL OR l.end_date >= ?1))", DATE, NULL, NULL));
	assert_int_equal(max, tu_long(f->db, "SELECT coalesce(max(julianday(?1) - "
	    "julianday(e)), -1) FROM (SELECT (SELECT max(end_date) FROM lease l "
	    "WHERE l.dwelling_id = d.id AND l.end_date < ?1) AS e FROM dwelling d WHERE NOT "
	    "EXISTS (SELECT 1 FROM lease l WHERE l.dwelling_id = d.id AND l.start_date <= ?1 "
	    "AND (l.end_date IS NULL OR l.end_date >= ?1)))", DATE, NULL, NULL));
	report_free(&r);
}

static void
test_rounds(void **state)
{
	struct fx *f = *state;
	struct report r;
	long done = 0;
	size_t i;

	run(f, "admin", "rounds", REPORT_SCOPE_USER, NULL, &r);
	assert_true(r.nrows > 0);
	for (i = 0; i < r.nrows; i++) {
		done += num(&r, i, 3);
		/* 365 days of the period at 7 days: 53 due. */
		if (num(&r, i, 1) == 7)
			assert_int_equal(num(&r, i, 2) % 53, 0);
	}
	assert_int_equal(done, tu_long(f->db, "SELECT count(*) FROM round_run "
	    "WHERE finished_at >= ?1 AND finished_at < ?2", FROM, "2026-01-16", NULL));
	report_free(&r);
}

static long
report_total(const struct report *r, size_t col)
{
	long t = 0;
	size_t i;

	for (i = 0; i < r->nrows; i++)
		t += num(r, i, col);
	return t;
}

static void
test_scope(void **state)
{
	struct fx *f = *state;
	struct report r;
	char *estate = NULL;
	long n;

	run(f, "gardien1", "claims-open", REPORT_SCOPE_USER, NULL, &r);
	n = tu_long(f->db, "SELECT count(*) FROM claim c " PLACE_ESTATE
	    "WHERE c.status <> 'closed' AND es.sector_id IN (SELECT sector_id FROM user_sector us "
	    "JOIN user_account u ON u.id = us.user_id WHERE u.login = ?1)", "gardien1", NULL, NULL);
	assert_true(n > 0);
	assert_int_equal(report_total(&r, 5), n);
	assert_true(n < tu_long(f->db, "SELECT count(*) FROM claim WHERE status <> 'closed'",
	    NULL, NULL, NULL));
	report_free(&r);

	{
		struct err e;
		struct db_stmt *st = db_stmt(f->db, &e,
		    "SELECT code FROM estate WHERE code IS NOT NULL ORDER BY code LIMIT 1");

		assert_int_equal(db_step(st, &e), 1);
		estate = db_col_dup(st, 0);
		db_reset(st);
	}
	run(f, "admin", "claims-open", REPORT_SCOPE_ESTATE, estate, &r);
	assert_int_equal(report_total(&r, 5), tu_long(f->db, "SELECT count(*) FROM claim c "
	    PLACE_ESTATE "WHERE c.status <> 'closed' AND es.code = ?1", estate, NULL, NULL));
	report_free(&r);
	run(f, "admin", "work-orders", REPORT_SCOPE_ESTATE, estate, &r);
	assert_int_equal(report_total(&r, 6), tu_long(f->db, "SELECT count(*) FROM work_order c "
	    PLACE_ESTATE "WHERE es.code = ?1 AND c.ordered_at >= ?2 AND c.ordered_at < ?3",
	    estate, FROM, "2026-01-16"));
	report_free(&r);
	free(estate);

	/* The demo has one agency: narrowed to it, everything. */
	{
		struct err e;
		struct db_stmt *st = db_stmt(f->db, &e, "SELECT code FROM agency LIMIT 1");

		assert_int_equal(db_step(st, &e), 1);
		estate = db_col_dup(st, 0);
		db_reset(st);
	}
	run(f, "admin", "vacancy", REPORT_SCOPE_AGENCY, estate, &r);
	n = report_total(&r, 1);
	report_free(&r);
	run(f, "admin", "vacancy", REPORT_SCOPE_USER, NULL, &r);
	assert_int_equal(report_total(&r, 1), n);
	assert_true(n > 0);
	report_free(&r);
	free(estate);
}

static void
test_refusals(void **state)
{
	struct fx *f = *state;
	struct report_params p = {FROM, DATE, NOW, REPORT_SCOPE_USER, NULL};
	struct report r;
	struct user u;
	struct err e;

	assert_int_equal(user_find(f->db, "technicien1", &u, &e), 1);
	assert_int_equal(report_run(f->db, &u, "vacancy", &p, &r, &e), -1);
	assert_string_equal(e.msg, "Baux : réservé à l'agence");
	assert_int_equal(report_run(f->db, &u, "nope", &p, &r, &e), -1);
	assert_non_null(strstr(e.msg, "inconnu"));
	p.scope = REPORT_SCOPE_SECTOR;
	p.scope_arg = "PAS-UN-SECTEUR";
	assert_int_equal(report_run(f->db, &u, "claims-open", &p, &r, &e), -1);
	assert_string_equal(e.msg, "secteur inconnu « PAS-UN-SECTEUR »");
	p.scope = REPORT_SCOPE_USER;
	p.from = "2026-02-01";
	assert_int_equal(report_run(f->db, &u, "claims-open", &p, &r, &e), -1);
	assert_non_null(strstr(e.msg, "période"));
	user_clear(&u);
}

/* Code points of a line without its newline. */
static size_t
width(const char *s)
{
	size_t n = 0;

	for (; *s && *s != '\n'; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void
test_shapes(void **state)
{
	struct fx *f = *state;
	char line[1024], *path = tu_path(f->dir, "out.txt");
	struct report r;
	size_t lines = 0, semis, hashes = 0;
	const char *p;
	FILE *out;

	run(f, "admin", "work-orders", REPORT_SCOPE_USER, NULL, &r);
	out = fopen(path, "w+");
	assert_int_equal(report_write_csv(&r, out), 0);
	rewind(out);
	assert_non_null(fgets(line, sizeof line, out));
	assert_string_equal(line, "Entreprise;Commandés;Planifiés;Réalisés;Contrôlés;Facturés;"
	    "Total\n");
	while (fgets(line, sizeof line, out)) {
		for (semis = 0, p = line; *p; p++)
			semis += *p == ';';
		assert_int_equal(semis, 6);
		lines++;
	}
	assert_int_equal(lines, r.nrows);
	fclose(out);

	out = fopen(path, "w+");
	assert_int_equal(report_write_txt(&r, out), 0);
	rewind(out);
	assert_non_null(fgets(line, sizeof line, out));
	assert_string_equal(line, "Bons de travaux par entreprise et statut\n");
	lines = 0;
	while (fgets(line, sizeof line, out)) {
		assert_true(width(line) <= 80);
		for (p = line; *p; p++)
			hashes += *p == '#';
		lines++;
	}
	/* Title, period, blank, header; the rows; blank, the trend's title
	 * and its 13 monthly figures on one line. */
	assert_int_equal(lines, r.nrows + 3 + 3);
	assert_string_equal(line + strspn(line, "0123456789 "), "\n");
	assert_true(hashes > r.nrows);
	fclose(out);
	report_free(&r);
	free(path);
}

/* Monthly counts of claims received against SQL grouping by month. */
static void
test_trend_months(void **state)
{
	struct fx *f = *state;
	char day[DT_DATE_SIZE];
	struct report r;
	long sum = 0;
	size_t i;

	run(f, "admin", "claims-open", REPORT_SCOPE_USER, NULL, &r);
	assert_true(r.trend.monthly);
	assert_int_equal(r.trend.n, 13);
	assert_string_equal(r.trend.first, "2025-01-01");
	for (i = 0; i < r.trend.n; i++) {
		report_trend_day(&r, i, day);
		assert_int_equal(r.trend.v[i], tu_long(f->db, "SELECT count(*) FROM claim "
		    "WHERE substr(opened_at, 1, 7) = substr(?1, 1, 7) AND opened_at >= ?2 "
		    "AND opened_at < '2026-01-16'", day, FROM, NULL));
		sum += r.trend.v[i];
	}
	assert_string_equal(day, "2026-01-01");
	assert_true(sum > 0);
	assert_int_equal(sum, tu_long(f->db, "SELECT count(*) FROM claim WHERE opened_at >= ?1 "
	    "AND opened_at < '2026-01-16'", FROM, NULL, NULL));
	report_free(&r);
}

/* A period under 90 days goes by weeks from its first day; the last
 * week may be short. */
static void
test_trend_weeks(void **state)
{
	struct fx *f = *state;
	struct report_params p = {"2025-12-17", DATE, NOW, REPORT_SCOPE_USER, NULL};
	char day[DT_DATE_SIZE], next[DT_DATE_SIZE];
	struct report r;
	struct user u;
	struct err e;
	size_t i;

	assert_int_equal(user_find(f->db, "admin", &u, &e), 1);
	assert_int_equal(report_run(f->db, &u, "work-orders", &p, &r, &e), 0);
	assert_false(r.trend.monthly);
	assert_int_equal(r.trend.n, 5);
	for (i = 0; i < r.trend.n; i++) {
		report_trend_day(&r, i, day);
		dt_from_days(dt_days(day) + 7, next);
		if (strcmp(next, "2026-01-16") > 0)
			snprintf(next, sizeof next, "2026-01-16");
		assert_int_equal(r.trend.v[i], tu_long(f->db, "SELECT count(*) FROM work_order "
		    "WHERE ordered_at >= ?1 AND ordered_at < ?2", day, next, NULL));
	}
	assert_string_equal(day, "2026-01-14");
	report_free(&r);
	user_clear(&u);
}

/* The median of a month's solving times, against the middle rows of the
 * same times sorted by SQL. */
static void
test_trend_median(void **state)
{
	static const char hours[] =
	    "SELECT h FROM (SELECT CAST(round((julianday(min(ev.at)) - julianday(c.opened_at)) "
	    " * 24) AS INTEGER) AS h FROM claim c JOIN claim_event ev ON ev.claim_id = c.id "
	    " AND ev.to_status = 'solved' WHERE substr(c.opened_at, 1, 7) = '2025-06' "
	    " GROUP BY c.id) ORDER BY h LIMIT 1 OFFSET CAST(?1 AS INTEGER)";
	struct fx *f = *state;
	char day[DT_DATE_SIZE], off[24];
	struct report r;
	long n, lo, hi;
	size_t i;

	run(f, "admin", "claims-solve-time", REPORT_SCOPE_USER, NULL, &r);
	assert_true(r.trend.median);
	for (i = 0; i < r.trend.n; i++) {
		report_trend_day(&r, i, day);
		if (strcmp(day, "2025-06-01") == 0)
			break;
	}
	assert_true(i < r.trend.n);
	n = tu_long(f->db, "SELECT count(DISTINCT c.id) FROM claim c JOIN claim_event ev "
	    "ON ev.claim_id = c.id AND ev.to_status = 'solved' "
	    "WHERE substr(c.opened_at, 1, 7) = '2025-06'", NULL, NULL, NULL);
	assert_true(n >= 4); /* the fixture's four */
	snprintf(off, sizeof off, "%ld", (n - 1) / 2);
	lo = tu_long(f->db, hours, off, NULL, NULL);
	snprintf(off, sizeof off, "%ld", n / 2);
	hi = tu_long(f->db, hours, off, NULL, NULL);
	assert_int_equal(r.trend.v[i], (lo + hi) / 2);
	report_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_claims_open),
		cmocka_unit_test(test_solve_median),
		cmocka_unit_test(test_work_orders),
		cmocka_unit_test(test_inspections),
		cmocka_unit_test(test_vacancy),
		cmocka_unit_test(test_rounds),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_trend_months),
		cmocka_unit_test(test_trend_weeks),
		cmocka_unit_test(test_trend_median),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
