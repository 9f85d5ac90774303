/* UTF-8 validation, the sanitiser, ids and dates. */
#include "tests/unit/testutil.h"

#include "core/datetime.h"
#include "core/sanitize.h"
#include "core/uid.h"
#include "core/utf8.h"

static void
test_utf8_valid(void **state)
{
	static const struct {
		const char *s;
		int ok;
	} cases[] = {
		{"", 1}, {"abc", 1}, {"Hélène Lefèvre", 1}, {"\xe2\x82\xac", 1},
		{"\xf0\x9f\x8f\xa0", 1}, /* U+1F3E0 */
		{"\xc3", 0},             /* truncated */
		{"\xc0\xaf", 0},         /* overlong '/' */
		{"\xe0\x80\xaf", 0},     /* overlong, 3 bytes */
		{"\xed\xa0\x80", 0},     /* surrogate D800 */
		{"\xf4\x90\x80\x80", 0}, /* above U+10FFFF */
		{"\xff", 0}, {"Caf\xe9", 0}, /* Latin-1 */
		{"\x9b" "31m", 0},           /* a raw one-byte CSI */
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(utf8_valid(cases[i].s, strlen(cases[i].s)), cases[i].ok);
	assert_false(utf8_valid("a\0b", 3));
	assert_int_equal(utf8_invalid_at("ab\xffz", 4), 2);
}

static void
test_utf8_latin1_and_length(void **state)
{
	char *s = utf8_from_latin1("Cr\xe9teil \xc9vry", 12);

	assert_string_equal(s, "Créteil Évry");
	assert_true(utf8_valid(s, strlen(s)));
	assert_int_equal(utf8_length(s), 12);
	free(s);
}

static void
check_san(const char *in, size_t len, int flags, const char *want)
{
	char *out = sanitize(in, len, flags);

	assert_string_equal(out, want);
	free(out);
}

static void
test_sanitize(void **state)
{
	check_san("Dupont", 6, 0, "Dupont");
	check_san("\x1b[31mRouge", 10, 0, "^[[31mRouge");
	check_san("a\tb\nc\x7f", 6, 0, "a^Ib^Jc^?");
	check_san("a\tb\nc", 5, SAN_TAB | SAN_NEWLINE, "a\tb\nc");
	/* C1 controls: as a raw byte (invalid UTF-8) and UTF-8 encoded. */
	check_san("x\x9b" "2J", 4, 0, "x\\x9B2J");
	check_san("x\xc2\x9b" "2J", 5, 0, "x<U+009B>2J");
	check_san("x\xc2\x85", 3, 0, "x<U+0085>");
	/* Bidi overrides and zero-width characters are shown, not obeyed. */
	check_san("abc\xe2\x80\xaeolleh", 11, 0, "abc<U+202E>olleh");
	check_san("a\xe2\x80\x8b" "b", 5, 0, "a<U+200B>b");
	check_san("\xef\xbb\xbfZ", 4, 0, "<U+FEFF>Z");
	/* Accents stay in UTF-8 and fold to ASCII in the C locale. */
	check_san("Hélène", strlen("Hélène"), 0, "Hélène");
	check_san("Hélène Œuvre 12 m² – «oui»", strlen("Hélène Œuvre 12 m² – «oui»"),
	    SAN_ASCII, "Helene OEuvre 12 m2 - \"oui\"");
	check_san("\xe2\x94\x8c\xe2\x94\x80\xe2\x94\x82", 9, SAN_ASCII, "+-|");
	check_san("\xe4\xb8\xad", 3, SAN_ASCII, "?");
	check_san("\xe2\x80\xae", 3, SAN_ASCII, "<U+202E>");
	{
		char *s = sanitize_str(NULL, 0);
		assert_string_equal(s, "");
		free(s);
	}
}

static void
test_uid(void **state)
{
	char a[UID_SIZE], b[UID_SIZE], c[UID_SIZE];
	int i;

	uid_new(a);
	assert_int_equal(strlen(a), UID_LEN);
	assert_true(uid_valid(a));
	/* Ids from one process are unique and sort in creation order. */
	for (i = 0; i < 10000; i++) {
		uid_new(b);
		assert_true(uid_valid(b));
		assert_true(strcmp(a, b) < 0);
		memcpy(a, b, sizeof a);
	}
	/* Deterministic ids: same input, same id; the time prefix reads back. */
	uid_make(b, 1735689600000ULL, 0x123, 0x0123456789abcdefULL);
	uid_make(c, 1735689600000ULL, 0x123, 0x0123456789abcdefULL);
	assert_string_equal(b, c);
	assert_true(uid_valid(b));
	assert_true(uid_time_ms(b) == 1735689600000ULL);
	assert_string_equal(b, "01941f29-7c00-7123-8123-456789abcdef");
	assert_false(uid_valid("01941f29-7c00-4123-8123-456789abcdef"));
	assert_false(uid_valid("01941F29-7C00-7123-8123-456789ABCDEF"));
	assert_false(uid_valid("short"));
}

static void
test_dates(void **state)
{
	char d[DT_DATE_SIZE], s[DT_STAMP_SIZE];

	assert_true(dt_date_valid("2024-02-29"));
	assert_false(dt_date_valid("2023-02-29"));
	assert_false(dt_date_valid("2024-13-01"));
	assert_false(dt_date_valid("2024-1-01"));
	assert_false(dt_date_valid("01/02/2024"));
	assert_true(dt_stamp_valid("2024-02-29T23:59:59Z"));
	assert_false(dt_stamp_valid("2024-02-29T24:00:00Z"));
	assert_false(dt_stamp_valid("2024-02-29 10:00:00"));
	assert_int_equal(dt_days("1970-01-01"), 0);
	assert_int_equal(dt_days("2000-03-01"), 11017);
	dt_from_days(dt_days("2024-12-31") + 1, d);
	assert_string_equal(d, "2025-01-01");
	dt_stamp(dt_days("2025-06-15"), 3600 * 13 + 60 * 5 + 9, s);
	assert_string_equal(s, "2025-06-15T13:05:09Z");
	dt_now(s);
	assert_true(dt_stamp_valid(s));
	dt_today(d);
	assert_true(dt_date_valid(d));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_latin1_and_length),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_uid),
		cmocka_unit_test(test_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
