/* Rounds: when a template is due (never done, done lately, late), start
 * and resume, lines saved one by one (an anomaly needs a comment),
 * finishing records the lines left as unchecked, an anomaly becomes a
 * claim (category, urgency, place, number) once only, templates are
 * edited by the administrator only, and each gardien sees their sectors.
 * On a demo database as of a fixed day, with `now` given to every call. */
#include "tests/unit/testutil.h"

#include "core/datetime.h"
#include "core/round.h"
#include "core/user.h"

#define NOW "2026-01-15T09:00:00Z"

struct fx {
	char *dir;
	char *path;
	struct db *db;
	struct user gardien1, gardien2, agent, admin;
	char *building;  /* one of gardien1's buildings */
	char *estate;    /* its estate */
	char *building2; /* one of gardien2's buildings */
};

/* The first building (by code) of the first estate of who's sectors. */
static char *
building_of(struct db *db, const struct user *who)
{
	return tu_text(db, "SELECT b.id FROM building b JOIN estate es ON es.id = b.estate_id "
	    "JOIN user_sector us ON us.sector_id = es.sector_id WHERE us.user_id = ? "
	    "ORDER BY es.code, b.code LIMIT 1", who->id);
}

static int
group_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->path = tu_path(f->dir, "demo.db");
	/* Two sectors, so that a gardien's scope is not everything. */
	f->db = tu_demo_db(f->dir, "demo.db", 1000, 1, "2026-01-15");
	tu_user(f->db, "gardien1", &f->gardien1);
	tu_user(f->db, "gardien2", &f->gardien2);
	tu_user(f->db, "agent1", &f->agent);
	tu_user(f->db, "admin", &f->admin);
	f->building = building_of(f->db, &f->gardien1);
	f->building2 = building_of(f->db, &f->gardien2);
	f->estate = tu_text(f->db, "SELECT estate_id FROM building WHERE id = ?", f->building);
	*state = f;
	return 0;
}

static int
group_teardown(void **state)
{
	struct fx *f = *state;

	user_clear(&f->gardien1);
	user_clear(&f->gardien2);
	user_clear(&f->agent);
	user_clear(&f->admin);
	free(f->building);
	free(f->building2);
	free(f->estate);
	db_close(f->db);
	free(f->path);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* A template made by the administrator with the given lines; item_ids
 * (may be NULL) receives the lines' ids. */
static void
make_template(struct fx *f, enum place_kind kind, const char *place, const char *name,
    int days, const char *const *labels, size_t n, char id[UID_SIZE],
    char item_ids[][UID_SIZE])
{
	char item[UID_SIZE];
	struct err e;
	size_t i;

	if (round_template_add(f->db, &f->admin, kind, place, name, days, NOW, id, &e) != 0)
		fail_msg("round_template_add: %s", e.msg);
	for (i = 0; i < n; i++) {
		if (round_item_add(f->db, &f->admin, id, labels[i], NOW, item, &e) != 0)
			fail_msg("round_item_add: %s", e.msg);
		if (item_ids)
			memcpy(item_ids[i], item, UID_SIZE);
	}
}

static const struct round_template_row *
find_row(const struct round_template_row *rows, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(rows[i].id, id) == 0)
			return &rows[i];
	return NULL;
}

/* One complete run of a template, finished at `at`. */
static void
do_round(struct fx *f, const char *tpl, const char *at)
{
	char run[UID_SIZE];
	struct err e;

	if (round_start(f->db, &f->gardien1, tpl, at, run, &e) != 0)
		fail_msg("round_start: %s", e.msg);
	if (round_finish(f->db, &f->gardien1, run, at, NULL, &e) != 0)
		fail_msg("round_finish: %s", e.msg);
}

static const char *const three[] = {"Éclairage", "Interphone", "Propreté"};

/* ---- When rounds are due ---- */

static void
test_due_never_done(void **state)
{
	struct fx *f = *state;
	const struct round_template_row *r;
	struct round_template_row *rows;
	char tpl[UID_SIZE], empty[UID_SIZE];
	struct err e;
	size_t n;

	make_template(f, PLACE_BUILDING, f->building, "Ronde neuve", 7, three, 3, tpl, NULL);
	make_template(f, PLACE_BUILDING, f->building, "Ronde sans point", 7, NULL, 0, empty,
	    NULL);
	assert_int_equal(round_templates(f->db, &f->gardien1, f->building, NOW, &rows, &n, &e),
	    0);
	assert_non_null(r = find_row(rows, n, tpl));
	assert_string_equal(r->last_done, "");
	assert_string_equal(r->due, "2026-01-15");
	assert_int_equal(r->days_late, 0);
	assert_false(r->overdue);
	assert_int_equal(r->items, 3);
	assert_int_equal(r->frequency_days, 7);
	assert_int_equal(r->place_kind, PLACE_BUILDING);
	assert_string_equal(r->place_id, f->building);
	assert_non_null(strstr(r->place, "Bâtiment "));
	assert_non_null(find_row(rows, n, empty));
	round_template_rows_free(rows, n);
	/* Due now on the home screen, unless there is nothing to check. */
	assert_int_equal(round_due(f->db, &f->gardien1, NOW, &rows, &n, &e), 0);
	assert_non_null(find_row(rows, n, tpl));
	assert_null(find_row(rows, n, empty));
	round_template_rows_free(rows, n);
}

static void
test_due_done_lately_and_late(void **state)
{
	struct fx *f = *state;
	const struct round_template_row *r;
	struct round_template_row *rows;
	char recent[UID_SIZE], late[UID_SIZE];
	struct err e;
	size_t n, i;

	make_template(f, PLACE_BUILDING, f->building, "Faite il y a 3 jours", 7, three, 3,
	    recent, NULL);
	make_template(f, PLACE_BUILDING, f->building, "En retard", 7, three, 3, late, NULL);
	do_round(f, recent, "2026-01-12T08:00:00Z");
	do_round(f, late, "2025-12-20T08:00:00Z");
	do_round(f, late, "2026-01-05T10:30:00Z"); /* the last one counts */
	assert_int_equal(round_templates(f->db, &f->gardien1, f->building, NOW, &rows, &n, &e),
	    0);
	assert_non_null(r = find_row(rows, n, recent));
	assert_string_equal(r->last_done, "2026-01-12T08:00:00Z");
	assert_string_equal(r->due, "2026-01-19");
	assert_int_equal(r->days_late, -4);
	assert_false(r->overdue);
	assert_non_null(r = find_row(rows, n, late));
	assert_string_equal(r->last_done, "2026-01-05T10:30:00Z");
	assert_string_equal(r->due, "2026-01-12");
	assert_int_equal(r->days_late, 3);
	assert_true(r->overdue);
	round_template_rows_free(rows, n);
	assert_int_equal(round_due(f->db, &f->gardien1, NOW, &rows, &n, &e), 0);
	assert_null(find_row(rows, n, recent));
	assert_non_null(find_row(rows, n, late));
	for (i = 0; i < n; i++) {
		assert_true(rows[i].days_late >= 0);
		if (i > 0)
			assert_true(strcmp(rows[i - 1].due, rows[i].due) <= 0);
	}
	round_template_rows_free(rows, n);
	/* A day later than its due day, the recent one is late by a day. */
	assert_int_equal(round_due(f->db, &f->gardien1, "2026-01-20T07:00:00Z", &rows, &n, &e),
	    0);
	assert_non_null(r = find_row(rows, n, recent));
	assert_int_equal(r->days_late, 1);
	round_template_rows_free(rows, n);
}

/* The demo's weekly rounds: what is due agrees with the runs recorded. */
static void
test_due_demo(void **state)
{
	struct fx *f = *state;
	struct round_template_row *rows;
	struct err e;
	size_t n;
	long expected;

	expected = tu_long(f->db, "SELECT count(*) FROM round_template rt "
	    "JOIN building b ON b.id = rt.building_id JOIN estate es ON es.id = b.estate_id "
	    "JOIN user_sector us ON us.sector_id = es.sector_id AND us.user_id = ?1 "
	    "WHERE rt.name LIKE 'Ronde hebdomadaire%' AND coalesce(date((SELECT "
	    "substr(max(finished_at), 1, 10) FROM round_run r WHERE r.template_id = rt.id), "
	    "'+7 days'), '0') <= '2026-01-15'", f->gardien1.id, NULL, NULL);
	assert_int_equal(round_due(f->db, &f->gardien1, NOW, &rows, &n, &e), 0);
	assert_true(expected > 0);
	/* The tests' own templates are named otherwise. */
	{
		size_t i;
		long demo = 0;

		for (i = 0; i < n; i++)
			demo += strncmp(rows[i].name, "Ronde hebdomadaire", 18) == 0;
		assert_int_equal(demo, expected);
	}
	round_template_rows_free(rows, n);
}

/* ---- Doing a round ---- */

static void
test_start_resume(void **state)
{
	struct fx *f = *state;
	const struct round_template_row *r;
	struct round_template_row *rows;
	char tpl[UID_SIZE], run[UID_SIZE], again[UID_SIZE], other[UID_SIZE];
	struct err e;
	size_t n;

	make_template(f, PLACE_BUILDING, f->building, "Reprise", 7, three, 3, tpl, NULL);
	assert_int_equal(round_start(f->db, &f->gardien1, tpl, NOW, run, &e), 0);
	assert_int_equal(round_start(f->db, &f->gardien1, tpl, "2026-01-15T10:00:00Z", again,
	    &e), 1);
	assert_string_equal(run, again);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM round_run WHERE template_id = ?",
	    tpl, NULL, NULL), 1);
	assert_int_equal(round_templates(f->db, &f->gardien1, f->building, NOW, &rows, &n, &e),
	    0);
	assert_non_null(r = find_row(rows, n, tpl));
	assert_string_equal(r->open_run, run);
	round_template_rows_free(rows, n);
	/* Someone else's run is their own; an agent does no rounds. */
	assert_int_equal(round_start(f->db, &f->admin, tpl, NOW, other, &e), 0);
	assert_string_not_equal(other, run);
	assert_int_equal(round_start(f->db, &f->agent, tpl, NOW, other, &e), -1);
	assert_non_null(strstr(e.msg, "ne permet pas"));
	/* After finishing, the next start is a new run. */
	assert_int_equal(round_finish(f->db, &f->gardien1, run, NOW, NULL, &e), 0);
	assert_int_equal(round_start(f->db, &f->gardien1, tpl, NOW, again, &e), 0);
	assert_string_not_equal(again, run);
	assert_int_equal(round_start(f->db, &f->gardien1, "nope", NOW, again, &e), -1);
	assert_non_null(strstr(e.msg, "introuvable"));
	assert_int_equal(round_start(f->db, &f->gardien1, tpl, "hier", again, &e), -1);
	assert_non_null(strstr(e.msg, "invalide"));
}

static void
test_set_lines(void **state)
{
	static const char *const one[] = {"Tags"};
	struct fx *f = *state;
	char tpl[UID_SIZE], tpl2[UID_SIZE], run[UID_SIZE], items[3][UID_SIZE];
	char foreign[1][UID_SIZE], *at;
	struct db *other = NULL;
	struct round_run r;
	struct err e;

	make_template(f, PLACE_BUILDING, f->building, "Lignes", 7, three, 3, tpl, items);
	make_template(f, PLACE_BUILDING, f->building, "Autre", 7, one, 1, tpl2, foreign);
	assert_int_equal(round_start(f->db, &f->gardien1, tpl, NOW, run, &e), 0);
	assert_int_equal(round_set(f->db, &f->gardien1, run, items[0], ROUND_ANOMALY, NULL, NOW,
	    &e), -1);
	assert_non_null(strstr(e.msg, "commentaire est obligatoire"));
	assert_int_equal(round_set(f->db, &f->gardien1, run, items[0], ROUND_ANOMALY, "  \t ",
	    NOW, &e), -1);
	assert_int_equal(round_set(f->db, &f->gardien1, run, items[0], ROUND_OK, NULL, NOW, &e),
	    0);
	/* Saved at once: another connection sees it. */
	if (db_open(&other, f->path, 0, &e) != 0)
		fail_msg("db_open: %s", e.msg);
	assert_int_equal(tu_long(other, "SELECT count(*) FROM round_result WHERE round_id = ? "
	    "AND result = 'ok'", run, NULL, NULL), 1);
	db_close(other);
	/* The same result again changes nothing, not even the stamp. */
	assert_int_equal(round_set(f->db, &f->gardien1, run, items[0], ROUND_OK, "",
	    "2026-01-15T09:05:00Z", &e), 0);
	at = tu_text(f->db, "SELECT updated_at FROM round_result WHERE round_id = ?", run);
	assert_string_equal(at, NOW);
	free(at);
	/* A changed result replaces the line's. */
	assert_int_equal(round_set(f->db, &f->gardien1, run, items[0], ROUND_ANOMALY,
	    "  Ampoule grillée au 3e  ", "2026-01-15T09:06:00Z", &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM round_result WHERE round_id = ?",
	    run, NULL, NULL), 1);
	assert_int_equal(round_set(f->db, &f->gardien1, run, items[1], ROUND_UNCHECKED,
	    "Pas d'accès", NOW, &e), 0);
	/* Lines of another template, other people's runs: refused. */
	assert_int_equal(round_set(f->db, &f->gardien1, run, foreign[0], ROUND_OK, NULL, NOW,
	    &e), -1);
	assert_non_null(strstr(e.msg, "n'appartient pas"));
	assert_int_equal(round_set(f->db, &f->admin, run, items[2], ROUND_OK, NULL, NOW, &e), -1);
	assert_int_equal(round_set(f->db, &f->gardien1, run, items[2], ROUND_NONE, NULL, NOW,
	    &e), -1);
	assert_int_equal(round_load(f->db, &f->gardien1, run, &r, &e), 0);
	assert_string_equal(r.template_id, tpl);
	assert_string_equal(r.name, "Lignes");
	assert_string_equal(r.started_at, NOW);
	assert_string_equal(r.finished_at, "");
	assert_int_equal(r.nlines, 3);
	assert_int_equal(r.done, 2);
	assert_int_equal(r.anomalies, 1);
	assert_string_equal(r.lines[0].label, "Éclairage");
	assert_int_equal(r.lines[0].result, ROUND_ANOMALY);
	assert_string_equal(r.lines[0].comment, "Ampoule grillée au 3e");
	assert_int_equal(r.lines[1].result, ROUND_UNCHECKED);
	assert_int_equal(r.lines[2].result, ROUND_NONE);
	assert_null(r.lines[2].comment);
	round_run_clear(&r);
	/* gardien2 does not see gardien1's rounds. */
	assert_int_equal(round_load(f->db, &f->gardien2, run, &r, &e), -1);
	assert_non_null(strstr(e.msg, "périmètre"));
}

static void
test_finish_unchecked(void **state)
{
	struct fx *f = *state;
	char tpl[UID_SIZE], run[UID_SIZE], items[3][UID_SIZE];
	struct round_run r;
	struct err e;
	long unchecked = -1;

	make_template(f, PLACE_BUILDING, f->building, "Fin", 7, three, 3, tpl, items);
	assert_int_equal(round_start(f->db, &f->gardien1, tpl, NOW, run, &e), 0);
	assert_int_equal(round_set(f->db, &f->gardien1, run, items[1], ROUND_OK, NULL, NOW, &e),
	    0);
	assert_int_equal(round_finish(f->db, &f->admin, run, NOW, &unchecked, &e), -1);
	assert_int_equal(round_finish(f->db, &f->gardien1, run, "2026-01-15T09:40:00Z",
	    &unchecked, &e), 0);
	assert_int_equal(unchecked, 2);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM round_result WHERE round_id = ? "
	    "AND result = 'unchecked'", run, NULL, NULL), 2);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM round_run WHERE id = ? AND "
	    "finished_at = '2026-01-15T09:40:00Z'", run, NULL, NULL), 1);
	assert_int_equal(round_set(f->db, &f->gardien1, run, items[0], ROUND_OK, NULL, NOW, &e),
	    -1);
	assert_non_null(strstr(e.msg, "terminée"));
	assert_int_equal(round_finish(f->db, &f->gardien1, run, NOW, NULL, &e), -1);
	/* A line added later is not part of the finished run. */
	assert_int_equal(round_item_add(f->db, &f->admin, tpl, "Graffiti", NOW, NULL, &e), 0);
	assert_int_equal(round_load(f->db, &f->gardien1, run, &r, &e), 0);
	assert_int_equal(r.nlines, 3);
	assert_int_equal(r.done, 3);
	assert_string_equal(r.finished_at, "2026-01-15T09:40:00Z");
	assert_int_equal(r.lines[0].result, ROUND_UNCHECKED);
	assert_int_equal(r.lines[1].result, ROUND_OK);
	round_run_clear(&r);
}

/* ---- Anomalies become claims ---- */

static void
test_guess_category(void **state)
{
	static const struct {
		const char *label, *category;
		int urgent;
	} cases[] = {
		{"Éclairage", "electricity", 0}, {"ÉCLAIRAGE DES CAVES", "electricity", 0},
		{"Lumière du hall", "electricity", 0}, {"Ascenseur en service", "lift", 1},
		{"Interphone", "intercom", 0}, {"Portes coupe-feu fermées", "doors_locks", 1},
		{"Porte du hall", "doors_locks", 0}, {"Boîtes aux lettres", "doors_locks", 0},
		{"Propreté", "cleanliness", 0}, {"Tags", "cleanliness", 0},
		{"Graffitis", "cleanliness", 0}, {"Local poubelles", "cleanliness", 0},
		{"Extincteurs", "other", 0}, {"Paliers des étages", "other", 0},
		{"Apporter le courrier", "other", 0}, {"", "other", 0},
	};
	size_t i;
	int urgent;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		urgent = -1;
		assert_string_equal(round_guess_category(cases[i].label, &urgent),
		    cases[i].category);
		assert_int_equal(urgent, cases[i].urgent);
	}
	assert_string_equal(round_guess_category("Ascenseur", NULL), "lift");
}

static void
anomaly(struct fx *f, const char *run, const char *item, const char *comment)
{
	struct err e;

	if (round_set(f->db, &f->gardien1, run, item, ROUND_ANOMALY, comment, NOW, &e) != 0)
		fail_msg("round_set: %s", e.msg);
}

static long
number_seq(const char *number)
{
	assert_int_equal(strlen(number), 12);
	assert_memory_equal(number, "R2026-", 6);
	return strtol(number + 6, NULL, 10);
}

static void
test_anomaly_claim(void **state)
{
	static const char *const labels[] = {
		"Éclairage", "Portes coupe-feu fermées", "Extincteurs", "Tags",
	};
	struct fx *f = *state;
	char tpl[UID_SIZE], run[UID_SIZE], items[4][UID_SIZE], claim[UID_SIZE], other[UID_SIZE];
	char number[ROUND_CLAIM_NUMBER_SIZE], number2[ROUND_CLAIM_NUMBER_SIZE];
	struct round_run r;
	struct err e;
	long before;

	before = tu_long(f->db, "SELECT coalesce(max(CAST(substr(number, 7) AS INTEGER)), 0) "
	    "FROM claim WHERE number LIKE 'R2026-%'", NULL, NULL, NULL);
	make_template(f, PLACE_BUILDING, f->building, "Anomalies", 7, labels, 4, tpl, items);
	assert_int_equal(round_start(f->db, &f->gardien1, tpl, NOW, run, &e), 0);
	anomaly(f, run, items[0], "Ampoule grillée sur le palier du 2e étage");
	anomaly(f, run, items[1], "Porte calée ouverte au sous-sol");
	assert_int_equal(round_set(f->db, &f->gardien1, run, items[2], ROUND_OK, NULL, NOW, &e),
	    0);

	assert_int_equal(round_anomaly_claim(f->db, &f->gardien1, run, items[0], NOW, claim,
	    number, &e), 0);
	assert_int_equal(number_seq(number), before + 1);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM claim WHERE id = ?1 AND number = ?2 "
	    "AND building_id = ?3 AND dwelling_id IS NULL AND category = 'electricity' "
	    "AND urgency = 'normal' AND channel = 'lodge' AND status = 'new' "
	    "AND opened_at = '" NOW "' AND due_at = '2026-02-05T09:00:00Z' "
	    "AND description = 'Éclairage : Ampoule grillée sur le palier du 2e étage'",
	    claim, number, f->building), 1);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM claim_event WHERE claim_id = ? "
	    "AND to_status = 'new' AND from_status IS NULL", claim, NULL, NULL), 1);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM round_result WHERE round_id = ?1 "
	    "AND item_id = ?2 AND claim_id = ?3", run, items[0], claim), 1);

	/* Fire doors: urgent, two working days (Thursday to Monday). */
	assert_int_equal(round_anomaly_claim(f->db, &f->gardien1, run, items[1], NOW, other,
	    number2, &e), 0);
	assert_int_equal(number_seq(number2), before + 2);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM claim WHERE id = ? AND "
	    "category = 'doors_locks' AND urgency = 'urgent' AND "
	    "due_at = '2026-01-19T09:00:00Z'", other, NULL, NULL), 1);

	/* Once per line; only anomalies; a claimed line stays as it is. */
	assert_int_equal(round_anomaly_claim(f->db, &f->gardien1, run, items[0], NOW, other,
	    number2, &e), -1);
	assert_non_null(strstr(e.msg, number));
	assert_int_equal(round_anomaly_claim(f->db, &f->gardien1, run, items[2], NOW, other,
	    NULL, &e), -1);
	assert_non_null(strstr(e.msg, "pas été relevé en anomalie"));
	assert_int_equal(round_anomaly_claim(f->db, &f->gardien1, run, items[3], NOW, other,
	    NULL, &e), -1);
	assert_int_equal(round_set(f->db, &f->gardien1, run, items[0], ROUND_OK, NULL, NOW, &e),
	    -1);
	assert_non_null(strstr(e.msg, number));
	assert_int_equal(round_set(f->db, &f->gardien1, run, items[0], ROUND_ANOMALY,
	    "Ampoule grillée sur le palier du 2e étage", NOW, &e), 0);
	/* Not out of one's sectors. */
	anomaly(f, run, items[3], "Tag sur la porte du hall");
	assert_int_equal(round_anomaly_claim(f->db, &f->gardien2, run, items[3], NOW, other,
	    NULL, &e), -1);
	assert_non_null(strstr(e.msg, "périmètre"));
	assert_int_equal(round_finish(f->db, &f->gardien1, run, NOW, NULL, &e), 0);
	/* After the round is finished, still possible. */
	assert_int_equal(round_anomaly_claim(f->db, &f->gardien1, run, items[3], NOW, other,
	    number2, &e), 0);
	assert_int_equal(number_seq(number2), before + 3);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM claim WHERE id = ? AND "
	    "category = 'cleanliness'", other, NULL, NULL), 1);
	assert_int_equal(round_load(f->db, &f->gardien1, run, &r, &e), 0);
	assert_string_equal(r.lines[0].claim_id, claim);
	assert_string_equal(r.lines[0].claim_number, number);
	assert_null(r.lines[2].claim_number);
	round_run_clear(&r);
}

/* An estate has no claim of its own: its first building takes it. */
static void
test_anomaly_claim_estate(void **state)
{
	static const char *const labels[] = {"Espaces verts"};
	struct fx *f = *state;
	char tpl[UID_SIZE], run[UID_SIZE], items[1][UID_SIZE], claim[UID_SIZE], *first;
	const struct round_template_row *row;
	struct round_template_row *rows;
	struct err e;
	size_t n;

	make_template(f, PLACE_ESTATE, f->estate, "Ronde de la résidence", 14, labels, 1, tpl,
	    items);
	assert_int_equal(round_templates(f->db, &f->gardien1, f->building, NOW, &rows, &n, &e),
	    0);
	assert_non_null(row = find_row(rows, n, tpl));
	assert_int_equal(row->place_kind, PLACE_ESTATE);
	assert_string_equal(row->place_id, f->estate);
	round_template_rows_free(rows, n);
	assert_int_equal(round_start(f->db, &f->gardien1, tpl, NOW, run, &e), 0);
	anomaly(f, run, items[0], "Haie à tailler le long du parking");
	assert_int_equal(round_anomaly_claim(f->db, &f->gardien1, run, items[0], NOW, claim,
	    NULL, &e), 0);
	first = tu_text(f->db, "SELECT id FROM building WHERE estate_id = ? ORDER BY code, id "
	    "LIMIT 1", f->estate);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM claim WHERE id = ? AND "
	    "building_id = ? AND category = 'other' AND urgency = 'normal'", claim, first, NULL),
	    1);
	free(first);
}

/* ---- Editing templates ---- */

static void
test_admin_only(void **state)
{
	struct fx *f = *state;
	char tpl[UID_SIZE], id[UID_SIZE], items[3][UID_SIZE];
	struct err e;

	assert_int_equal(round_template_add(f->db, &f->gardien1, PLACE_BUILDING, f->building,
	    "Ronde", 7, NOW, id, &e), -1);
	assert_non_null(strstr(e.msg, "administrateur"));
	make_template(f, PLACE_BUILDING, f->building, "Modèle", 7, three, 3, tpl, items);
	assert_int_equal(round_template_rename(f->db, &f->gardien1, tpl, "X", NOW, &e), -1);
	assert_int_equal(round_template_set_frequency(f->db, &f->agent, tpl, 3, NOW, &e), -1);
	assert_int_equal(round_template_delete(f->db, &f->gardien1, tpl, &e), -1);
	assert_int_equal(round_item_add(f->db, &f->gardien1, tpl, "X", NOW, id, &e), -1);
	assert_int_equal(round_item_rename(f->db, &f->gardien1, items[0], "X", NOW, &e), -1);
	assert_int_equal(round_item_delete(f->db, &f->gardien1, items[0], NOW, &e), -1);
	assert_int_equal(round_item_move(f->db, &f->gardien1, items[0], 1, NOW, &e), -1);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM round_template WHERE id = ? AND "
	    "name = 'Modèle' AND frequency_days = 7", tpl, NULL, NULL), 1);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM round_template_item WHERE "
	    "template_id = ? AND label NOT LIKE 'X'", tpl, NULL, NULL), 3);
}

static void
assert_order(struct fx *f, const char *tpl, const char *a, const char *b, const char *c)
{
	struct round_line *lines;
	struct err e;
	size_t n;

	assert_int_equal(round_items(f->db, &f->gardien1, tpl, &lines, &n, &e), 0);
	assert_int_equal(n, c ? 3 : 2);
	assert_string_equal(lines[0].label, a);
	assert_int_equal(lines[0].position, 1);
	assert_string_equal(lines[1].label, b);
	assert_int_equal(lines[1].position, 2);
	if (c) {
		assert_string_equal(lines[2].label, c);
		assert_int_equal(lines[2].position, 3);
	}
	round_lines_free(lines, n);
}

static void
test_admin_edits(void **state)
{
	struct fx *f = *state;
	char tpl[UID_SIZE], items[3][UID_SIZE], run[UID_SIZE];
	struct err e;

	make_template(f, PLACE_BUILDING, f->building, "Édition", 7, three, 3, tpl, items);
	assert_int_equal(round_template_rename(f->db, &f->admin, tpl, "  Ronde du lundi ",
	    "2026-01-15T10:00:00Z", &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM round_template WHERE id = ?1 AND "
	    "name = 'Ronde du lundi' AND updated_by = ?2 AND updated_at = "
	    "'2026-01-15T10:00:00Z'", tpl, f->admin.id, NULL), 1);
	assert_int_equal(round_template_rename(f->db, &f->admin, tpl, "   ", NOW, &e), -1);
	assert_int_equal(round_template_set_frequency(f->db, &f->admin, tpl, 14, NOW, &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT frequency_days FROM round_template WHERE id = ?",
	    tpl, NULL, NULL), 14);
	assert_int_equal(round_template_set_frequency(f->db, &f->admin, tpl, 0, NOW, &e), -1);
	assert_int_equal(round_template_set_frequency(f->db, &f->admin, tpl, 400, NOW, &e), -1);
	assert_int_equal(round_template_rename(f->db, &f->admin, "absent", "X", NOW, &e), -1);
	assert_non_null(strstr(e.msg, "introuvable"));
	assert_int_equal(round_template_add(f->db, &f->admin, PLACE_DWELLING, f->building, "X",
	    7, NOW, NULL, &e), -1);
	assert_int_equal(round_template_add(f->db, &f->admin, PLACE_ESTATE, f->building, "X", 7,
	    NOW, NULL, &e), -1);

	/* Lines: move, rename, delete, positions stay 1..n. */
	assert_order(f, tpl, "Éclairage", "Interphone", "Propreté");
	assert_int_equal(round_item_move(f->db, &f->admin, items[2], -1, NOW, &e), 1);
	assert_order(f, tpl, "Éclairage", "Propreté", "Interphone");
	assert_int_equal(round_item_move(f->db, &f->admin, items[0], -1, NOW, &e), 0);
	assert_int_equal(round_item_move(f->db, &f->admin, items[1], 1, NOW, &e), 0);
	assert_int_equal(round_item_move(f->db, &f->admin, items[0], 1, NOW, &e), 1);
	assert_order(f, tpl, "Propreté", "Éclairage", "Interphone");
	assert_int_equal(round_item_rename(f->db, &f->admin, items[0], "Éclairage des paliers",
	    NOW, &e), 0);
	assert_order(f, tpl, "Propreté", "Éclairage des paliers", "Interphone");
	assert_int_equal(round_item_delete(f->db, &f->admin, items[0], NOW, &e), 0);
	assert_order(f, tpl, "Propreté", "Interphone", NULL);

	/* What a run recorded stays. */
	assert_int_equal(round_start(f->db, &f->gardien1, tpl, NOW, run, &e), 0);
	assert_int_equal(round_set(f->db, &f->gardien1, run, items[1], ROUND_OK, NULL, NOW, &e),
	    0);
	assert_int_equal(round_item_delete(f->db, &f->admin, items[1], NOW, &e), -1);
	assert_non_null(strstr(e.msg, "renommez"));
	assert_int_equal(round_template_delete(f->db, &f->admin, tpl, &e), -1);
	assert_non_null(strstr(e.msg, "déjà été faite"));
	assert_order(f, tpl, "Propreté", "Interphone", NULL);
}

static void
test_admin_delete(void **state)
{
	struct fx *f = *state;
	char tpl[UID_SIZE];
	struct err e;

	make_template(f, PLACE_BUILDING, f->building, "À supprimer", 7, three, 3, tpl, NULL);
	assert_int_equal(round_template_delete(f->db, &f->admin, tpl, &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM round_template_item WHERE "
	    "template_id = ?", tpl, NULL, NULL), 0);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM round_template WHERE id = ?", tpl,
	    NULL, NULL), 0);
	assert_int_equal(round_template_delete(f->db, &f->admin, tpl, &e), -1);
	assert_non_null(strstr(e.msg, "introuvable"));
}

/* ---- Scope ---- */

static void
test_scope(void **state)
{
	struct fx *f = *state;
	struct round_template_row *rows;
	char tpl[UID_SIZE], run[UID_SIZE];
	struct round_line *lines;
	struct err e;
	size_t n, i;
	long mine;

	make_template(f, PLACE_BUILDING, f->building2, "Chez gardien2", 7, three, 3, tpl, NULL);
	mine = tu_long(f->db, "SELECT count(*) FROM round_template rt "
	    "LEFT JOIN building b ON b.id = rt.building_id "
	    "JOIN estate es ON es.id = coalesce(rt.estate_id, b.estate_id) "
	    "JOIN user_sector us ON us.sector_id = es.sector_id WHERE us.user_id = ?",
	    f->gardien1.id, NULL, NULL);
	assert_true(mine > 0);
	assert_true(mine < tu_long(f->db, "SELECT count(*) FROM round_template", NULL, NULL,
	    NULL));
	assert_int_equal(round_templates(f->db, &f->gardien1, NULL, NOW, &rows, &n, &e), 0);
	assert_int_equal(n, mine);
	assert_null(find_row(rows, n, tpl));
	for (i = 1; i < n; i++)
		assert_true(strcmp(rows[i - 1].due, rows[i].due) <= 0);
	round_template_rows_free(rows, n);
	assert_int_equal(round_templates(f->db, &f->gardien2, NULL, NOW, &rows, &n, &e), 0);
	assert_non_null(find_row(rows, n, tpl));
	round_template_rows_free(rows, n);
	assert_int_equal(round_templates(f->db, &f->admin, NULL, NOW, &rows, &n, &e), 0);
	assert_int_equal(n, tu_long(f->db, "SELECT count(*) FROM round_template", NULL, NULL,
	    NULL));
	round_template_rows_free(rows, n);
	assert_int_equal(round_start(f->db, &f->gardien1, tpl, NOW, run, &e), -1);
	assert_non_null(strstr(e.msg, "périmètre"));
	assert_int_equal(round_items(f->db, &f->gardien1, tpl, &lines, &n, &e), -1);
	assert_int_equal(round_start(f->db, &f->gardien2, tpl, NOW, run, &e), 0);
}

/* ---- History ---- */

/* Two finished runs and one still running: the history lists the
 * finished ones, the latest first, with their counts; gardien2 sees
 * none of it. */
static void
test_history(void **state)
{
	struct fx *f = *state;
	char tpl[UID_SIZE], items[3][UID_SIZE], run[UID_SIZE];
	struct round_history_row *rows;
	size_t n;
	struct err e;

	make_template(f, PLACE_BUILDING, f->building, "Ronde de l'historique", 7, three, 3, tpl,
	    items);
	assert_int_equal(round_history(f->db, &f->gardien1, tpl, 0, &rows, &n, &e), 0);
	assert_int_equal(n, 0);
	round_history_free(rows, n);
	do_round(f, tpl, "2026-01-05T08:00:00Z");
	assert_int_equal(round_start(f->db, &f->gardien1, tpl, "2026-01-12T08:00:00Z", run, &e),
	    0);
	assert_int_equal(round_set(f->db, &f->gardien1, run, items[0], ROUND_OK, NULL,
	    "2026-01-12T08:01:00Z", &e), 0);
	assert_int_equal(round_set(f->db, &f->gardien1, run, items[1], ROUND_ANOMALY,
	    "Combiné arraché", "2026-01-12T08:02:00Z", &e), 0);
	assert_int_equal(round_anomaly_claim(f->db, &f->gardien1, run, items[1],
	    "2026-01-12T08:03:00Z", NULL, NULL, &e), 0);
	assert_int_equal(round_finish(f->db, &f->gardien1, run, "2026-01-12T08:10:00Z", NULL, &e),
	    0);
	assert_int_equal(round_start(f->db, &f->gardien1, tpl, "2026-01-14T08:00:00Z", run, &e),
	    0);

	assert_int_equal(round_history(f->db, &f->gardien1, tpl, 0, &rows, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].finished_at, "2026-01-12T08:10:00Z");
	assert_string_equal(rows[0].started_at, "2026-01-12T08:00:00Z");
	assert_int_equal(rows[0].ok, 1);
	assert_int_equal(rows[0].anomalies, 1);
	assert_int_equal(rows[0].unchecked, 1);
	assert_int_equal(rows[0].claims, 1);
	assert_string_equal(rows[0].user_name, f->gardien1.display_name);
	assert_string_equal(rows[1].finished_at, "2026-01-05T08:00:00Z");
	assert_int_equal(rows[1].ok, 0);
	assert_int_equal(rows[1].unchecked, 3);
	assert_int_equal(rows[1].claims, 0);
	round_history_free(rows, n);
	assert_int_equal(round_history(f->db, &f->gardien1, tpl, 1, &rows, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].finished_at, "2026-01-12T08:10:00Z");
	round_history_free(rows, n);

	assert_int_equal(round_history(f->db, &f->gardien2, tpl, 0, &rows, &n, &e), -1);
	assert_non_null(strstr(e.msg, "périmètre"));
	assert_null(rows);
	assert_int_equal(round_history(f->db, &f->gardien1, "nope", 0, &rows, &n, &e), -1);
	assert_non_null(strstr(e.msg, "introuvable"));
}

/* The places of a scope: each estate before its buildings, only the
 * gardien's sectors, everything for the administrator. */
static void
test_places(void **state)
{
	struct fx *f = *state;
	struct round_place_row *rows;
	size_t n, i, estate_at = (size_t)-1, building_at = (size_t)-1;
	struct err e;
	long all = tu_long(f->db, "SELECT (SELECT count(*) FROM estate) + "
	    "(SELECT count(*) FROM building)", NULL, NULL, NULL);
	long mine = tu_long(f->db, "SELECT (SELECT count(*) FROM estate es JOIN user_sector us "
	    "ON us.sector_id = es.sector_id WHERE us.user_id = ?1) + (SELECT count(*) FROM "
	    "building b JOIN estate es ON es.id = b.estate_id JOIN user_sector us ON "
	    "us.sector_id = es.sector_id WHERE us.user_id = ?1)", f->gardien1.id, NULL, NULL);

	assert_int_equal(round_places(f->db, &f->admin, &rows, &n, &e), 0);
	assert_int_equal((long)n, all);
	round_places_free(rows, n);
	assert_int_equal(round_places(f->db, &f->gardien1, &rows, &n, &e), 0);
	assert_int_equal((long)n, mine);
	assert_true(mine < all);
	for (i = 0; i < n; i++) {
		if (strcmp(rows[i].id, f->estate) == 0)
			estate_at = i;
		if (strcmp(rows[i].id, f->building) == 0)
			building_at = i;
		assert_non_null(rows[i].label);
		if (strcmp(rows[i].id, f->building2) == 0)
			fail_msg("gardien2's building in gardien1's places");
	}
	assert_true(estate_at < building_at && building_at < n);
	assert_int_equal(rows[estate_at].kind, PLACE_ESTATE);
	assert_int_equal(rows[building_at].kind, PLACE_BUILDING);
	assert_non_null(strstr(rows[building_at].label, rows[estate_at].label));
	assert_non_null(strstr(rows[building_at].label, " — bâtiment "));
	round_places_free(rows, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_due_demo),
		cmocka_unit_test(test_due_never_done),
		cmocka_unit_test(test_due_done_lately_and_late),
		cmocka_unit_test(test_start_resume),
		cmocka_unit_test(test_set_lines),
		cmocka_unit_test(test_finish_unchecked),
		cmocka_unit_test(test_guess_category),
		cmocka_unit_test(test_anomaly_claim),
		cmocka_unit_test(test_anomaly_claim_estate),
		cmocka_unit_test(test_admin_only),
		cmocka_unit_test(test_admin_edits),
		cmocka_unit_test(test_admin_delete),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_places),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
