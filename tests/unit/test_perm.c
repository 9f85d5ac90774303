/* The permission table: what each role may read and write. */
#include "tests/unit/testutil.h"

#include "core/history.h"
#include "core/perm.h"

static void
test_roles(void **state)
{
	assert_true(perm_can_read("gardien", PG_TECHNICAL));
	assert_false(perm_can_write("gardien", PG_TECHNICAL));
	assert_false(perm_can_read("gardien", PG_MONEY));
	assert_true(perm_can_write("gardien", PG_LOGBOOK));
	assert_true(perm_can_write("technicien", PG_EQUIPMENT));
	assert_false(perm_can_read("technicien", PG_TENANT_CONTACT));
	assert_true(perm_can_write("agent", PG_TENANT_CONTACT));
	assert_true(perm_can_read("superviseur", PG_SYNCLOG));
	assert_false(perm_can_read("agent", PG_SYNCLOG));
}

static void
test_auditor_reads_only(void **state)
{
	int g;

	for (g = 0; g < PG_COUNT; g++)
		assert_false(perm_can_write("auditeur", (enum perm_group)g));
	assert_true(perm_can_read("auditeur", PG_MONEY));
}

static void
test_unknown_role_gets_nothing(void **state)
{
	int g;

	for (g = 0; g < PG_COUNT; g++) {
		assert_int_equal(perm_rights("inconnu", (enum perm_group)g), 0);
		assert_int_equal(perm_rights(NULL, (enum perm_group)g), 0);
		assert_true(*perm_group_label((enum perm_group)g) != '\0');
		assert_true(*perm_group_owner((enum perm_group)g) != '\0');
	}
	assert_string_equal(perm_group_name(PG_TENANT_CONTACT), "tenant_contact");
}

/* Admin writes every group but the audit log, which no one writes by
 * hand: Loge appends to it. */
static void
test_admin_writes_everything(void **state)
{
	size_t r;
	int g;

	for (g = 0; g < PG_COUNT; g++)
		if (g != PG_AUDIT)
			assert_true(perm_can_write("admin", (enum perm_group)g));
	for (r = 0; r < perm_role_count(); r++)
		assert_false(perm_can_write(perm_role_name(r), PG_AUDIT));
}

static void
test_scopes(void **state)
{
	assert_int_equal(perm_scope("gardien"), PERM_SCOPE_SECTORS);
	assert_int_equal(perm_scope("agent"), PERM_SCOPE_AGENCY);
	assert_int_equal(perm_scope("technicien"), PERM_SCOPE_AGENCY);
	assert_int_equal(perm_scope("superviseur"), PERM_SCOPE_AGENCY);
	assert_int_equal(perm_scope("admin"), PERM_SCOPE_ALL);
	assert_int_equal(perm_scope("auditeur"), PERM_SCOPE_ALL);
	assert_int_equal(perm_scope("inconnu"), PERM_SCOPE_NONE);
	assert_int_equal(perm_scope(NULL), PERM_SCOPE_NONE);
	assert_string_equal(perm_scope_label(PERM_SCOPE_SECTORS), "ses secteurs");
	assert_string_equal(perm_scope_label(PERM_SCOPE_AGENCY), "son agence");
	assert_string_equal(perm_scope_label(PERM_SCOPE_ALL), "tout le patrimoine");
}

static void
test_only_gardien_checks_work(void **state)
{
	size_t i;
	int n = 0;

	for (i = 0; i < perm_role_count(); i++)
		n += perm_may_check_work(perm_role_name(i));
	assert_int_equal(n, 1);
	assert_true(perm_may_check_work("gardien"));
	assert_false(perm_may_check_work("superviseur"));
	assert_false(perm_may_check_work("inconnu"));
	assert_false(perm_may_check_work(NULL));
}

static void
test_role_list(void **state)
{
	static const char *const want[] = {
		"gardien", "agent", "technicien", "superviseur", "admin", "auditeur",
	};
	size_t i;

	assert_int_equal(perm_role_count(), 6);
	for (i = 0; i < 6; i++) {
		assert_string_equal(perm_role_name(i), want[i]);
		assert_int_not_equal(perm_scope(perm_role_name(i)), PERM_SCOPE_NONE);
	}
	assert_null(perm_role_name(6));
}

/* What the history leaves out is named, from the same table. */
static void
test_history_names_what_is_hidden(void **state)
{
	char *s;

	assert_null(history_reserved("admin"));
	assert_null(history_reserved("agent"));
	s = history_reserved("technicien");
	assert_string_equal(s, "Baux : réservé à l'agence");
	free(s);
	s = history_reserved("gardien");
	assert_string_equal(s, "Montants des travaux : réservé au service patrimoine");
	free(s);
	s = history_reserved("inconnu");
	assert_non_null(strstr(s, "Baux : réservé à l'agence"));
	assert_non_null(strstr(s, " · Montants des travaux"));
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_auditor_reads_only),
		cmocka_unit_test(test_unknown_role_gets_nothing),
		cmocka_unit_test(test_admin_writes_everything),
		cmocka_unit_test(test_scopes),
		cmocka_unit_test(test_only_gardien_checks_work),
		cmocka_unit_test(test_role_list),
		cmocka_unit_test(test_history_names_what_is_hidden),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
