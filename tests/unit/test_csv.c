/* The CSV reader: RFC 4180 quoting, line ends, line numbers, separator
 * detection, and reading whole files. */
#include <sys/stat.h>

#include "tests/unit/testutil.h"

#include "core/csv.h"

/* Reads data with sep and checks the next record's line and fields. */
static void
expect_record(struct csv *c, long line, size_t n, const char *const *want)
{
	struct err e;
	size_t i;

	err_clear(&e);
	assert_int_equal(csv_next(c, &e), 1);
	assert_int_equal(c->rec_line, line);
	assert_int_equal(c->nfields, n);
	for (i = 0; i < n; i++)
		assert_string_equal(c->fields[i], want[i]);
}

static void
expect_end(struct csv *c)
{
	struct err e;

	err_clear(&e);
	assert_int_equal(csv_next(c, &e), 0);
	assert_int_equal(csv_next(c, &e), 0);
}

static void
test_plain(void **state)
{
	static const char data[] = "a;b;c\n1;2;3\n";
	const char *r1[] = {"a", "b", "c"}, *r2[] = {"1", "2", "3"};
	struct csv c;

	csv_init(&c, "t.csv", data, sizeof data - 1, ';');
	expect_record(&c, 1, 3, r1);
	expect_record(&c, 2, 3, r2);
	expect_end(&c);
	csv_free(&c);
}

static void
test_quotes(void **state)
{
	static const char data[] =
	    "\"a;b\";c\n"
	    "\"il dit \"\"oui\"\"\";\"\"\n"
	    "\"12\" bis;x\"y\n";
	const char *r1[] = {"a;b", "c"}, *r2[] = {"il dit \"oui\"", ""},
		   *r3[] = {"12 bis", "x\"y"};
	struct csv c;

	csv_init(&c, NULL, data, sizeof data - 1, ';');
	expect_record(&c, 1, 2, r1);
	expect_record(&c, 2, 2, r2);
	expect_record(&c, 3, 2, r3);
	expect_end(&c);
	csv_free(&c);
}

static void
test_newline_in_quotes(void **state)
{
	static const char data[] = "h1,h2\n\"ligne 1\nligne 2\r\nligne 3\",x\nfin,y\n";
	const char *r1[] = {"h1", "h2"}, *r2[] = {"ligne 1\nligne 2\r\nligne 3", "x"},
		   *r3[] = {"fin", "y"};
	struct csv c;

	csv_init(&c, NULL, data, sizeof data - 1, ',');
	expect_record(&c, 1, 2, r1);
	expect_record(&c, 2, 2, r2);
	expect_record(&c, 5, 2, r3);
	expect_end(&c);
	csv_free(&c);
}

static void
test_crlf_and_blank_lines(void **state)
{
	static const char data[] = "a;b\r\n\r\n\n1;\r\n;2\r\n\"q\"\r\nlast";
	const char *r1[] = {"a", "b"}, *r2[] = {"1", ""}, *r3[] = {"", "2"},
		   *r4[] = {"q"}, *r5[] = {"last"};
	struct csv c;

	csv_init(&c, NULL, data, sizeof data - 1, ';');
	expect_record(&c, 1, 2, r1);
	expect_record(&c, 4, 2, r2);
	expect_record(&c, 5, 2, r3);
	expect_record(&c, 6, 1, r4);
	expect_record(&c, 7, 1, r5);
	expect_end(&c);
	csv_free(&c);
}

static void
test_trailing_separator(void **state)
{
	static const char data[] = "a;b;\n;;";
	const char *r1[] = {"a", "b", ""}, *r2[] = {"", "", ""};
	struct csv c;

	csv_init(&c, NULL, data, sizeof data - 1, ';');
	expect_record(&c, 1, 3, r1);
	expect_record(&c, 2, 3, r2);
	expect_end(&c);
	csv_free(&c);
}

static void
test_unterminated_quote(void **state)
{
	static const char data[] = "a;b\n1;2\n3;\"ouvert\n4;5\n6;7\n";
	const char *r1[] = {"a", "b"}, *r2[] = {"1", "2"};
	struct csv c;
	struct err e;

	csv_init(&c, "f.csv", data, sizeof data - 1, ';');
	expect_record(&c, 1, 2, r1);
	expect_record(&c, 2, 2, r2);
	err_clear(&e);
	assert_int_equal(csv_next(&c, &e), -1);
	assert_int_equal(c.rec_line, 3);
	assert_non_null(strstr(e.msg, "f.csv:3:"));
	assert_non_null(strstr(e.msg, "guillemet"));
	expect_end(&c);
	csv_free(&c);
}

static void
test_sniff(void **state)
{
	assert_int_equal(csv_sniff("A;B;C\n1,5;2;3\n", 14), ';');
	assert_int_equal(csv_sniff("A,B,C\n1;2;3;4;5\n", 16), ',');
	assert_int_equal(csv_sniff("\"A;x;y\",B,C\n", 12), ',');
	assert_int_equal(csv_sniff("\"A,x,y\";B\n", 10), ';');
	assert_int_equal(csv_sniff("SEUL\n", 5), ';');
	assert_int_equal(csv_sniff("", 0), ';');
}

static void
test_slurp(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "f.csv"), *missing, *data = NULL;
	struct err e;
	size_t len = 0;

	tu_write(path, "a;b\n1;2\n", 8);
	assert_int_equal(csv_slurp(path, 100, &data, &len, &e), 0);
	assert_int_equal(len, 8);
	assert_string_equal(data, "a;b\n1;2\n");
	free(data);

	assert_int_equal(csv_slurp(path, 7, &data, &len, &e), -1);
	assert_null(data);
	assert_non_null(strstr(e.msg, "trop gros"));

	missing = tu_path(dir, "absent.csv");
	assert_int_equal(csv_slurp(missing, 100, &data, &len, &e), -1);
	assert_non_null(strstr(e.msg, "absent.csv"));
	assert_int_equal(csv_slurp(dir, 100, &data, &len, &e), -1);
	assert_non_null(strstr(e.msg, "dossier"));

	tu_write(path, "", 0);
	assert_int_equal(csv_slurp(path, 100, &data, &len, &e), 0);
	assert_int_equal(len, 0);
	assert_string_equal(data, "");
	free(data);
	free(missing);
	free(path);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_newline_in_quotes),
		cmocka_unit_test(test_crlf_and_blank_lines),
		cmocka_unit_test(test_trailing_separator),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_slurp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
