/* The urgencies' response targets: only the administrator sets them,
 * within 1..8760 hours, each change stamped and captured for sync, a
 * change that changes nothing writes nothing, and the claims opened
 * afterwards take the new target (on the calendar or on working days). */
#include "tests/unit/testutil.h"

#include "core/claim.h"
#include "core/claim_urgency.h"
#include "core/datetime.h"

#define DATE "2026-01-15"
#define NOW "2026-01-15T10:00:00Z"
#define FRIDAY "2026-01-16T16:00:00Z"

struct fx {
	char *dir;
	struct db *db;
	struct user gardien1, admin;
	char *dwelling;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->db = tu_demo_db(f->dir, "demo.db", 300, 7, DATE);
	tu_user(f->db, "gardien1", &f->gardien1);
	tu_user(f->db, "admin", &f->admin);
	f->dwelling = tu_text(f->db, "SELECT d.id FROM dwelling d JOIN entrance en ON "
	    "en.id = d.entrance_id JOIN building b ON b.id = en.building_id JOIN estate es ON "
	    "es.id = b.estate_id WHERE es.sector_id IN (SELECT sector_id FROM user_sector us "
	    "JOIN user_account u ON u.id = us.user_id WHERE u.login = 'gardien1') "
	    "ORDER BY d.reference LIMIT 1", NULL);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	user_clear(&f->gardien1);
	user_clear(&f->admin);
	free(f->dwelling);
	db_close(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static long
hours_of(struct fx *f, const char *code)
{
	return tu_long(f->db, "SELECT target_hours FROM claim_urgency WHERE code = ?", code, NULL,
	    NULL);
}

static long
working_of(struct fx *f, const char *code)
{
	return tu_long(f->db, "SELECT working_days FROM claim_urgency WHERE code = ?", code,
	    NULL, NULL);
}

static void
expect_refused(int rc, const struct err *e, const char *words)
{
	assert_int_equal(rc, -1);
	if (strstr(e->msg, words) == NULL)
		fail_msg("expected \"%s\" in: %s", words, e->msg);
}

static void
test_not_admin(void **state)
{
	struct fx *f = *state;
	long hours = hours_of(f, "urgent"), working = working_of(f, "urgent");
	struct err e;

	assert_false(claim_urgency_can_write(&f->gardien1));
	assert_true(claim_urgency_can_write(&f->admin));
	expect_refused(claim_urgency_set_hours(f->db, &f->gardien1, "urgent", hours + 1, NOW, &e),
	    &e, "réservé à l'administrateur");
	expect_refused(claim_urgency_set_working_days(f->db, &f->gardien1, "urgent", !working,
	    NOW, &e), &e, "réservé à l'administrateur");
	expect_refused(claim_urgency_set_hours(f->db, NULL, "urgent", hours + 1, NOW, &e), &e,
	    "réservé à l'administrateur");
	assert_int_equal(hours_of(f, "urgent"), hours);
	assert_int_equal(working_of(f, "urgent"), working);
}

static void
test_bounds(void **state)
{
	struct fx *f = *state;
	struct err e;

	expect_refused(claim_urgency_set_hours(f->db, &f->admin, "normal", 0, NOW, &e), &e,
	    "1 à 8760");
	expect_refused(claim_urgency_set_hours(f->db, &f->admin, "normal", 8761, NOW, &e), &e,
	    "1 à 8760");
	expect_refused(claim_urgency_set_hours(f->db, &f->admin, "normal", -5, NOW, &e), &e,
	    "délai invalide");
	expect_refused(claim_urgency_set_working_days(f->db, &f->admin, "normal", 2, NOW, &e),
	    &e, "oui ou non");
	expect_refused(claim_urgency_set_hours(f->db, &f->admin, "tres_urgent", 5, NOW, &e), &e,
	    "urgence inconnue");
	expect_refused(claim_urgency_set_hours(f->db, &f->admin, "normal", 5, "demain", &e), &e,
	    "moment invalide");
	assert_int_equal(claim_urgency_set_hours(f->db, &f->admin, "normal", 1, NOW, &e), 0);
	assert_int_equal(hours_of(f, "normal"), 1);
	assert_int_equal(claim_urgency_set_hours(f->db, &f->admin, "normal", 8760, NOW, &e), 0);
	assert_int_equal(hours_of(f, "normal"), 8760);
}

/* Stamped with who and when, captured as one change for sync; the same
 * value again writes nothing. */
static void
test_provenance(void **state)
{
	struct fx *f = *state;
	const char *sql_ops = "SELECT count(*) FROM op WHERE tbl = 'claim_urgency' AND "
	    "row_id = (SELECT id FROM claim_urgency WHERE code = ?)";
	long ops = tu_long(f->db, sql_ops, "emergency", NULL, NULL);
	struct err e;

	assert_int_equal(claim_urgency_set_hours(f->db, &f->admin, "emergency", 3,
	    "2026-01-15T11:00:00Z", &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM claim_urgency WHERE code = "
	    "'emergency' AND target_hours = 3 AND updated_at = '2026-01-15T11:00:00Z' AND "
	    "updated_by = ?", f->admin.id, NULL, NULL), 1);
	assert_int_equal(tu_long(f->db, sql_ops, "emergency", NULL, NULL), ops + 1);
	assert_int_equal(claim_urgency_set_hours(f->db, &f->admin, "emergency", 3,
	    "2026-01-15T12:00:00Z", &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM claim_urgency WHERE code = "
	    "'emergency' AND updated_at = '2026-01-15T11:00:00Z'", NULL, NULL, NULL), 1);
	assert_int_equal(tu_long(f->db, sql_ops, "emergency", NULL, NULL), ops + 1);
	assert_int_equal(claim_urgency_set_working_days(f->db, &f->admin, "emergency", 1,
	    "2026-01-15T12:30:00Z", &e), 0);
	assert_int_equal(working_of(f, "emergency"), 1);
	assert_int_equal(tu_long(f->db, sql_ops, "emergency", NULL, NULL), ops + 2);
}

static char *
new_claim_due(struct fx *f, const char *now)
{
	struct claim_new c = {CLAIM_PLACE_DWELLING, f->dwelling, "plumbing", "urgent", "lodge",
	    NULL, "Fuite sous l'évier"};
	char id[UID_SIZE];
	struct err e;

	if (claim_create(f->db, &f->gardien1, &c, now, id, NULL, &e) != 0)
		fail_msg("claim_create: %s", e.msg);
	return tu_text(f->db, "SELECT due_at FROM claim WHERE id = ?", id);
}

/* A label trimmed, checked, refused to others. */
static void
test_label(void **state)
{
	struct fx *f = *state;
	char *label;
	struct err e;

	expect_refused(claim_urgency_set_label(f->db, &f->gardien1, "urgent", "Urgent", NOW, &e),
	    &e, "réservé à l'administrateur");
	expect_refused(claim_urgency_set_label(f->db, &f->admin, "urgent", "  \t ", NOW, &e), &e,
	    "vide");
	expect_refused(claim_urgency_set_label(f->db, &f->admin, "urgent", "Urgent\x01", NOW, &e),
	    &e, "libellé");
	assert_int_equal(claim_urgency_set_label(f->db, &f->admin, "urgent",
	    "  Urgent (sous 24 heures)  ", NOW, &e), 0);
	label = tu_text(f->db, "SELECT label FROM claim_urgency WHERE code = 'urgent'", NULL);
	assert_string_equal(label, "Urgent (sous 24 heures)");
	free(label);
}

/* From Friday 16:00: 10 hours on the calendar end Saturday 02:00; on
 * working days the clock stops at midnight and starts again on Monday. */
static void
test_new_claims_follow(void **state)
{
	struct fx *f = *state;
	char *due;
	struct err e;

	assert_int_equal(claim_urgency_set_hours(f->db, &f->admin, "urgent", 10, NOW, &e), 0);
	assert_int_equal(claim_urgency_set_working_days(f->db, &f->admin, "urgent", 0, NOW, &e),
	    0);
	due = new_claim_due(f, FRIDAY);
	assert_string_equal(due, "2026-01-17T02:00:00Z");
	free(due);
	assert_int_equal(claim_urgency_set_working_days(f->db, &f->admin, "urgent", 1, NOW, &e),
	    0);
	due = new_claim_due(f, FRIDAY);
	assert_string_equal(due, "2026-01-19T02:00:00Z");
	free(due);
	assert_int_equal(claim_urgency_set_hours(f->db, &f->admin, "urgent", 72, NOW, &e), 0);
	due = new_claim_due(f, FRIDAY);
	assert_string_equal(due, "2026-01-21T16:00:00Z");
	free(due);
	/* The claims already open keep their due date. */
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM claim WHERE opened_at = ? AND "
	    "due_at = '2026-01-17T02:00:00Z'", FRIDAY, NULL, NULL), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_not_admin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_provenance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_label, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_claims_follow, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
