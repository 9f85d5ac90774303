/* SHA-256 against the FIPS 180-4 examples (NIST CSRC), piecewise updates
 * and sha256sum(1). */
#include "tests/unit/testutil.h"

#include "core/sha256.h"

static void
check_hex(const char *msg, size_t n, const char *want)
{
	char got[65];

	sha256_hex(msg, n, got);
	assert_string_equal(got, want);
}

static void
test_sha256_vectors(void **state)
{
	check_hex("", 0,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	check_hex("abc", 3,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	check_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	check_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 112,
	    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void
test_sha256_million_a(void **state)
{
	struct sha256 s;
	char chunk[1000], got[65];
	int i;

	memset(chunk, 'a', sizeof chunk);
	sha256_init(&s);
	for (i = 0; i < 1000; i++)
		sha256_update(&s, chunk, sizeof chunk);
	sha256_final_hex(&s, got);
	assert_string_equal(got,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Every split of a message into two updates, across the 55/56/64-byte
 * padding edges, gives the one-shot digest. */
static void
test_sha256_splits(void **state)
{
	char msg[200], whole[65], got[65];
	struct sha256 s;
	size_t n, cut, i;

	for (i = 0; i < sizeof msg; i++)
		msg[i] = (char)(i * 7 + 3);
	for (n = 0; n <= sizeof msg; n++) {
		sha256_hex(msg, n, whole);
		for (cut = 0; cut <= n; cut++) {
			sha256_init(&s);
			sha256_update(&s, msg, cut);
			sha256_update(&s, msg + cut, n - cut);
			sha256_final_hex(&s, got);
			assert_string_equal(got, whole);
		}
	}
}

/* A pseudo-random file of an awkward length, compared with sha256sum. */
static void
test_sha256_sha256sum(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "blob"), *cmd, line[128];
	char got[65];
	size_t n = 1000003, i;
	uint32_t x = 2463534242u;
	uint8_t *data = xmalloc(n);
	FILE *f;

	for (i = 0; i < n; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		data[i] = (uint8_t)x;
	}
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	cmd = xasprintf("sha256sum '%s'", path);
	f = popen(cmd, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f));
	assert_int_equal(pclose(f), 0);
	sha256_hex(data, n, got);
	assert_memory_equal(line, got, 64);
	free(cmd);
	free(data);
	free(path);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_sha256_million_a),
		cmocka_unit_test(test_sha256_splits),
		cmocka_unit_test(test_sha256_sha256sum),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
