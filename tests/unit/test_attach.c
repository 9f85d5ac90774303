/* The attachment store (files named by their SHA-256, whole or absent,
 * resumable) and the base64 of their chunks in sync frames. */
#include "testutil.h"

#include "core/attach.h"
#include "core/sha256.h"
#include "core/base64.h"

static void
test_base64_round_trip(void **state)
{
	static const char *const cases[][2] = {
		{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="},
		{"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
	};
	struct buf b;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_init(&b);
		base64_encode(cases[i][0], strlen(cases[i][0]), &b);
		assert_string_equal(b.data, cases[i][1]);
		buf_reset(&b);
		assert_int_equal(base64_decode(cases[i][1], strlen(cases[i][1]), &b), 0);
		assert_int_equal(b.len, strlen(cases[i][0]));
		assert_memory_equal(b.data ? b.data : "", cases[i][0], b.len);
		buf_free(&b);
	}
}

/* One chunk, one text: anything else is refused. */
static void
test_base64_is_strict(void **state)
{
	static const char *const bad[] = {
		"Zg", "Zg=", "Zm9v\n", "Zm 9v", "Z===", "Zh==", "Zm9=", "Zg==Zg==", "Zm8*", "=Zm8",
	};
	struct buf b;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		buf_init(&b);
		if (base64_decode(bad[i], strlen(bad[i]), &b) == 0)
			fail_msg("accepted %s", bad[i]);
		buf_free(&b);
	}
}

struct fx {
	char *dir, *db;
	struct attach_store st;
	char data[5000];
	char sha[65];
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	size_t i;

	f->dir = tu_tmpdir();
	f->db = tu_path(f->dir, "loge.db");
	attach_open(&f->st, f->db);
	for (i = 0; i < sizeof f->data; i++)
		f->data[i] = (char)(i * 7 + i / 13);
	sha256_hex(f->data, sizeof f->data, f->sha);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	attach_close(&f->st);
	free(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static void
test_add_file(void **state)
{
	struct fx *f = *state;
	char *src = tu_path(f->dir, "photo.jpg"), sha[65], back[5000];
	struct err e;
	size_t got;

	tu_write(src, f->data, sizeof f->data);
	assert_false(attach_has(&f->st, f->sha));
	assert_int_equal(attach_add_file(&f->st, src, sha, &e), 0);
	assert_string_equal(sha, f->sha);
	assert_true(attach_has(&f->st, sha));
	assert_int_equal(attach_size(&f->st, sha), sizeof f->data);
	/* Twice: the same file, nothing left in tmp/. */
	assert_int_equal(attach_add_file(&f->st, src, sha, &e), 0);
	assert_int_equal(attach_read(&f->st, sha, 4000, back, sizeof back, &got, &e), 0);
	assert_int_equal(got, 1000);
	assert_memory_equal(back, f->data + 4000, 1000);
	free(src);
	src = xasprintf("rmdir '%s.attachments/tmp'", f->db);
	assert_int_equal(system(src), 0);
	free(src);
	assert_int_not_equal(attach_add_file(&f->st, "/nonexistent/x.jpg", sha, &e), 0);
	assert_non_null(strstr(e.msg, "/nonexistent/x.jpg"));
}

/* Chunks in order, a cut, a resume from an earlier offset; the file
 * appears only when whole. */
static void
test_chunks_resume(void **state)
{
	struct fx *f = *state;
	struct err e;
	int done;

	assert_int_equal(attach_write(&f->st, f->sha, 5000, 0, f->data, 2000, &done, &e), 0);
	assert_false(done);
	assert_false(attach_has(&f->st, f->sha));
	assert_int_equal(attach_partial(&f->st, f->sha), 2000);
	/* A chunk beyond what was received is refused. */
	assert_int_not_equal(attach_write(&f->st, f->sha, 5000, 3000, f->data + 3000, 1000, &done,
	    &e), 0);
	assert_int_equal(attach_partial(&f->st, f->sha), 2000);
	/* Resuming earlier rewrites from there. */
	assert_int_equal(attach_write(&f->st, f->sha, 5000, 1500, f->data + 1500, 2000, &done, &e),
	    0);
	assert_int_equal(attach_partial(&f->st, f->sha), 3500);
	assert_int_equal(attach_write(&f->st, f->sha, 5000, 3500, f->data + 3500, 1500, &done, &e),
	    0);
	assert_true(done);
	assert_true(attach_has(&f->st, f->sha));
	assert_int_equal(attach_partial(&f->st, f->sha), 0);
	/* Already there: left alone. */
	assert_int_equal(attach_write(&f->st, f->sha, 5000, 0, "x", 1, &done, &e), 0);
	assert_true(done);
}

/* A content that does not match its name never appears, and its partial
 * file is gone so that the next transfer starts afresh. */
static void
test_wrong_content_refused(void **state)
{
	struct fx *f = *state;
	struct err e;
	int done;

	f->data[10] ^= 1;
	assert_int_not_equal(attach_write(&f->st, f->sha, 5000, 0, f->data, 5000, &done, &e), 0);
	assert_non_null(strstr(e.msg, "empreinte"));
	assert_false(done);
	assert_false(attach_has(&f->st, f->sha));
	assert_int_equal(attach_partial(&f->st, f->sha), 0);
}

static void
test_bad_names_and_sizes(void **state)
{
	struct fx *f = *state;
	struct err e;
	int done;

	assert_false(attach_valid_name("../../etc/passwd"));
	assert_false(attach_valid_name("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"));
	assert_false(attach_valid_name("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85"));
	assert_true(attach_valid_name("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	assert_int_not_equal(attach_write(&f->st, "../x", 1, 0, "x", 1, &done, &e), 0);
	assert_int_not_equal(attach_write(&f->st, f->sha, (int64_t)ATTACH_MAX_SIZE + 1, 0, "x", 1,
	    &done, &e), 0);
	assert_int_not_equal(attach_write(&f->st, f->sha, 10, 5, "xxxxxxxx", 8, &done, &e), 0);
	assert_int_not_equal(attach_write(&f->st, f->sha, 10, -1, "x", 1, &done, &e), 0);
	/* The empty file is a file. */
	assert_int_equal(attach_write(&f->st,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 0, 0, "", 0, &done,
	    &e), 0);
	assert_true(done);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64_round_trip),
		cmocka_unit_test(test_base64_is_strict),
		cmocka_unit_test_setup_teardown(test_add_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chunks_resume, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_content_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_names_and_sizes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
