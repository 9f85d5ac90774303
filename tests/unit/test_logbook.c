/* The main courante: what is added is found again by day and by a search
 * that ignores case and accents, with its author and place; bad text,
 * places that do not exist and roles that may not write are refused; each
 * role reads its own scope; entries survive closing the database. */
#include "tests/unit/testutil.h"

#include "core/datetime.h"
#include "core/demo.h"
#include "core/logbook.h"
#include "core/user.h"

struct fx {
	char *dir;
	char *path;
	struct db *db;
	struct user gardien1, gardien2, agent, admin;
	char today[DT_DATE_SIZE];
};

static void
find_user(struct db *db, const char *login, struct user *u)
{
	struct err e;

	if (user_find(db, login, u, &e) != 1)
		fail_msg("user %s: %s", login, e.msg);
}

static int
group_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->path = tu_path(f->dir, "demo.db");
	/* Two sectors, so that a gardien's scope is not everything. */
	f->db = tu_demo_db(f->dir, "demo.db", 1000, 1, "2026-01-15");
	find_user(f->db, "gardien1", &f->gardien1);
	find_user(f->db, "gardien2", &f->gardien2);
	find_user(f->db, "agent1", &f->agent);
	find_user(f->db, "admin", &f->admin);
	dt_today(f->today);
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
	db_close(f->db);
	free(f->path);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static char *
qtext(struct db *db, const char *sql, const char *a)
{
	struct err e;

	e.msg[0] = '\0';
	return db_text(db, &e, sql, "t", a);
}

/* A dwelling (or entrance, building) of one of who's sectors. */
static char *
place_of(struct db *db, const struct user *who, const char *column)
{
	char *sql = xasprintf("SELECT %s FROM dwelling d, entrance en, building b, estate es, "
	    "user_sector us WHERE d.entrance_id = en.id AND en.building_id = b.id AND "
	    "b.estate_id = es.id AND es.sector_id = us.sector_id AND us.user_id = ? "
	    "ORDER BY d.reference", column);
	char *id = qtext(db, sql, who->id);

	assert_non_null(id);
	free(sql);
	return id;
}

/* The entry with this id among rows, or NULL. */
static const struct logbook_row *
find_row(const struct logbook_row *rows, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(rows[i].id, id) == 0)
			return &rows[i];
	return NULL;
}

/* 1 if who lists the entry today (with search, if any). */
static int
sees(struct fx *f, const struct user *who, const char *id, const char *search)
{
	struct logbook_row *rows;
	struct err e;
	size_t n;
	int found;

	if (logbook_list(f->db, who, f->today, search, &rows, &n, &e) != 0)
		fail_msg("logbook_list: %s", e.msg);
	found = find_row(rows, n, id) != NULL;
	logbook_rows_free(rows, n);
	return found;
}

static void
test_add_list_day(void **state)
{
	struct fx *f = *state;
	struct logbook_row *rows;
	const struct logbook_row *r;
	struct err e;
	char id[UID_SIZE], *v;
	size_t n;

	assert_int_equal(logbook_add(f->db, &f->gardien1, "  Colis déposé à la loge.\n ",
	    PLACE_NONE, NULL, id, &e), 0);
	assert_true(uid_valid(id));
	assert_int_equal(logbook_list(f->db, &f->gardien1, f->today, NULL, &rows, &n, &e), 0);
	r = find_row(rows, n, id);
	assert_non_null(r);
	assert_string_equal(r->text, "Colis déposé à la loge.");
	assert_string_equal(r->author, f->gardien1.display_name);
	assert_string_equal(r->author_id, f->gardien1.id);
	assert_int_equal(r->place_kind, PLACE_NONE);
	assert_null(r->place);
	assert_true(dt_stamp_valid(r->at));
	assert_memory_equal(r->at, f->today, 10);
	logbook_rows_free(rows, n);

	/* Provenance: the row says who wrote it and when. */
	v = qtext(f->db, "SELECT updated_by FROM logbook_entry WHERE id = ?", id);
	assert_string_equal(v, f->gardien1.id);
	free(v);
	v = qtext(f->db, "SELECT updated_at = at FROM logbook_entry WHERE id = ?", id);
	assert_string_equal(v, "1");
	free(v);

	/* Another day does not show it; a malformed day is refused. */
	assert_int_equal(logbook_list(f->db, &f->gardien1, "2000-01-01", NULL, &rows, &n, &e), 0);
	assert_null(find_row(rows, n, id));
	logbook_rows_free(rows, n);
	assert_int_equal(logbook_list(f->db, &f->gardien1, "2026-13-01", NULL, &rows, &n, &e), -1);
	assert_non_null(strstr(e.msg, "jour invalide"));
}

static void
test_newest_first_and_days(void **state)
{
	struct fx *f = *state;
	struct logbook_row *rows;
	struct logbook_day *days;
	struct err e;
	char id[UID_SIZE];
	size_t n, nd, i;
	long today = -1, total = 0;

	assert_int_equal(logbook_add(f->db, &f->gardien1, "Premier.", PLACE_NONE, NULL, id, &e),
	    0);
	assert_int_equal(logbook_list(f->db, &f->gardien1, NULL, NULL, &rows, &n, &e), 0);
	assert_true(n > 1);
	for (i = 1; i < n; i++)
		assert_true(strcmp(rows[i - 1].at, rows[i].at) >= 0);
	assert_int_equal(logbook_days(f->db, &f->gardien1, &days, &nd, &e), 0);
	assert_true(nd > 1);
	for (i = 0; i < nd; i++) {
		if (i > 0)
			assert_true(strcmp(days[i - 1].day, days[i].day) > 0);
		if (strcmp(days[i].day, f->today) == 0)
			today = days[i].entries;
		total += days[i].entries;
	}
	/* The days add up to the list, and today's count to today's list. */
	assert_int_equal(total, (long)n);
	assert_string_equal(days[0].day, f->today);
	logbook_rows_free(rows, n);
	assert_int_equal(logbook_list(f->db, &f->gardien1, f->today, NULL, &rows, &n, &e), 0);
	assert_int_equal(today, (long)n);
	logbook_rows_free(rows, n);
	free(days);
}

static void
test_search_accents(void **state)
{
	struct fx *f = *state;
	struct err e;
	char id[UID_SIZE], other[UID_SIZE];

	assert_int_equal(logbook_add(f->db, &f->gardien1, "Coupure d'Électricité au 3e, "
	    "ENEDIS prévenu.", PLACE_NONE, NULL, id, &e), 0);
	assert_int_equal(logbook_add(f->db, &f->gardien1, "Ascenseur en panne, Bât. B.",
	    PLACE_NONE, NULL, other, &e), 0);
	assert_true(sees(f, &f->gardien1, id, "electricite"));
	assert_true(sees(f, &f->gardien1, id, "ÉLECTRICITÉ"));
	assert_true(sees(f, &f->gardien1, id, "enedis PRÉVENU"));
	assert_false(sees(f, &f->gardien1, other, "electricite"));
	assert_true(sees(f, &f->gardien1, other, "bat. b"));
	assert_false(sees(f, &f->gardien1, id, "électricien"));
	/* An empty search is no search. */
	assert_true(sees(f, &f->gardien1, other, ""));
}

static void
test_fold(void **state)
{
	char *s = logbook_fold("Œuvre ÉTÉ à Noël, Ça « va » ?");

	assert_string_equal(s, "oeuvre ete a noel, ca \" va \" ?");
	free(s);
	s = logbook_fold("日本 ok");
	assert_string_equal(s, "日本 ok");
	free(s);
}

static void
test_place_labels(void **state)
{
	struct fx *f = *state;
	struct logbook_row *rows;
	const struct logbook_row *r;
	struct err e;
	char *dw = place_of(f->db, &f->gardien1, "d.id"), *en = place_of(f->db, &f->gardien1,
	    "en.id"), *bl = place_of(f->db, &f->gardien1, "b.id");
	char *ref = qtext(f->db, "SELECT reference FROM dwelling WHERE id = ?", dw);
	char *enl = qtext(f->db, "SELECT 'Entrée ' || code || ' — ' || address FROM entrance "
	    "WHERE id = ?", en);
	char *bll = qtext(f->db, "SELECT 'Bâtiment ' || code FROM building WHERE id = ?", bl);
	char ids[3][UID_SIZE];
	size_t n;

	assert_int_equal(logbook_add(f->db, &f->gardien1, "Fuite.", PLACE_DWELLING, dw, ids[0],
	    &e), 0);
	assert_int_equal(logbook_add(f->db, &f->gardien1, "Porte.", PLACE_ENTRANCE, en, ids[1],
	    &e), 0);
	assert_int_equal(logbook_add(f->db, &f->gardien1, "Tags.", PLACE_BUILDING, bl, ids[2],
	    &e), 0);
	assert_int_equal(logbook_list(f->db, &f->gardien1, f->today, NULL, &rows, &n, &e), 0);
	r = find_row(rows, n, ids[0]);
	assert_non_null(r);
	assert_int_equal(r->place_kind, PLACE_DWELLING);
	assert_string_equal(r->place_id, dw);
	assert_string_equal(r->place, ref);
	r = find_row(rows, n, ids[1]);
	assert_int_equal(r->place_kind, PLACE_ENTRANCE);
	assert_string_equal(r->place, enl);
	r = find_row(rows, n, ids[2]);
	assert_int_equal(r->place_kind, PLACE_BUILDING);
	assert_string_equal(r->place, bll);
	logbook_rows_free(rows, n);
	free(dw);
	free(en);
	free(bl);
	free(ref);
	free(enl);
	free(bll);
}

static void
test_refused(void **state)
{
	struct fx *f = *state;
	struct user nobody = f->gardien1;
	struct logbook_row *rows;
	struct err e;
	char id[UID_SIZE], *big;
	int64_t before, after;
	size_t n;

	assert_int_equal(db_int(f->db, &e, &before, "SELECT count(*) FROM logbook_entry", ""), 1);
	assert_int_equal(logbook_add(f->db, &f->gardien1, " \t\n ", PLACE_NONE, NULL, id, &e),
	    -1);
	assert_non_null(strstr(e.msg, "vide"));
	assert_int_equal(logbook_add(f->db, &f->gardien1, NULL, PLACE_NONE, NULL, id, &e), -1);
	assert_int_equal(logbook_add(f->db, &f->gardien1, "caf\xc3", PLACE_NONE, NULL, id, &e),
	    -1);
	assert_non_null(strstr(e.msg, "UTF-8"));
	assert_int_equal(logbook_add(f->db, &f->gardien1, "bip\x07", PLACE_NONE, NULL, id, &e),
	    -1);
	assert_non_null(strstr(e.msg, "contrôle"));
	big = xmalloc(LOGBOOK_TEXT_MAX + 2);
	memset(big, 'a', LOGBOOK_TEXT_MAX + 1);
	big[LOGBOOK_TEXT_MAX + 1] = '\0';
	assert_int_equal(logbook_add(f->db, &f->gardien1, big, PLACE_NONE, NULL, id, &e), -1);
	assert_non_null(strstr(e.msg, "trop long"));
	/* Exactly the limit, once trimmed, is fine. */
	big[0] = ' ';
	assert_int_equal(logbook_add(f->db, &f->gardien1, big, PLACE_NONE, NULL, id, &e), 0);
	free(big);
	assert_int_equal(logbook_add(f->db, &f->gardien1, "x", PLACE_DWELLING, "nope", id, &e),
	    -1);
	assert_non_null(strstr(e.msg, "logement introuvable"));
	assert_int_equal(logbook_add(f->db, &f->gardien1, "x", PLACE_DWELLING, NULL, id, &e), -1);
	assert_int_equal(logbook_add(f->db, &f->gardien1, "x", PLACE_ESTATE, "nope", id, &e), -1);

	/* Agency staff read the logbook but do not write in it. */
	assert_int_equal(logbook_add(f->db, &f->agent, "Visite.", PLACE_NONE, NULL, id, &e), -1);
	assert_non_null(strstr(e.msg, "ne permet pas"));
	nobody.role = "inconnu";
	assert_int_equal(logbook_add(f->db, &nobody, "Visite.", PLACE_NONE, NULL, id, &e), -1);
	assert_int_equal(logbook_list(f->db, &nobody, NULL, NULL, &rows, &n, &e), -1);
	assert_non_null(strstr(e.msg, "ne permet pas"));
	assert_null(rows);

	assert_int_equal(db_int(f->db, &e, &after, "SELECT count(*) FROM logbook_entry", ""), 1);
	assert_int_equal(after, before + 1);
}

/* A gardien reads their own entries and those about their sectors; the
 * agency's staff those of the agency; the admin everything. */
static void
test_scope(void **state)
{
	struct fx *f = *state;
	struct err e;
	char mine[UID_SIZE], theirs[UID_SIZE], about[UID_SIZE];
	char *dw2 = place_of(f->db, &f->gardien2, "d.id");

	assert_int_equal(logbook_add(f->db, &f->gardien1, "Note de gardien1.", PLACE_NONE, NULL,
	    mine, &e), 0);
	assert_int_equal(logbook_add(f->db, &f->gardien2, "Note de gardien2.", PLACE_NONE, NULL,
	    theirs, &e), 0);
	/* gardien1 writes about a dwelling of gardien2's sector. */
	assert_int_equal(logbook_add(f->db, &f->gardien1, "Vu chez le voisin.", PLACE_DWELLING,
	    dw2, about, &e), 0);
	assert_true(sees(f, &f->gardien1, mine, NULL));
	assert_false(sees(f, &f->gardien1, theirs, NULL));
	assert_true(sees(f, &f->gardien1, about, NULL));
	assert_true(sees(f, &f->gardien2, theirs, NULL));
	assert_true(sees(f, &f->gardien2, about, NULL));
	assert_false(sees(f, &f->gardien2, mine, NULL));
	assert_true(sees(f, &f->agent, mine, NULL));
	assert_true(sees(f, &f->agent, theirs, NULL));
	assert_true(sees(f, &f->admin, mine, NULL));
	assert_true(sees(f, &f->admin, theirs, NULL));
	free(dw2);
}

static void
test_survives_reopen(void **state)
{
	struct fx *f = *state;
	struct logbook_row *rows;
	const struct logbook_row *r;
	struct err e;
	char id[UID_SIZE];
	size_t n;

	assert_int_equal(logbook_add(f->db, &f->gardien1, "Relevé des compteurs d'eau.",
	    PLACE_NONE, NULL, id, &e), 0);
	db_close(f->db);
	if (db_open(&f->db, f->path, 0, &e) != 0)
		fail_msg("db_open: %s", e.msg);
	assert_int_equal(logbook_list(f->db, &f->gardien1, NULL, "releve des compteurs", &rows,
	    &n, &e), 0);
	r = find_row(rows, n, id);
	assert_non_null(r);
	assert_string_equal(r->text, "Relevé des compteurs d'eau.");
	logbook_rows_free(rows, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_list_day),
		cmocka_unit_test(test_newest_first_and_days),
		cmocka_unit_test(test_search_accents),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_place_labels),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_survives_reopen),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
