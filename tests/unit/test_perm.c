/* The permission table: what each role may read and write. */
#include "tests/unit/testutil.h"

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

static void
test_admin_writes_everything(void **state)
{
	int g;

	for (g = 0; g < PG_COUNT; g++)
		assert_true(perm_can_write("admin", (enum perm_group)g));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_auditor_reads_only),
		cmocka_unit_test(test_unknown_role_gets_nothing),
		cmocka_unit_test(test_admin_writes_everything),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
