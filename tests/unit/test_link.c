/* The sync link over file descriptors (framing, limits, end of stream,
 * timeouts, a vanished reader) and the parsing of "[user@]host[:port]". */
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "tests/unit/testutil.h"

#include "sync/link.h"
#include "sync/ssh_link.h"

/* A link reading the pipe p[0]; the test writes to p[1]. */
static struct link *
pipe_link(int p[2])
{
	assert_int_equal(pipe(p), 0);
	return link_fd_new(p[0], -1);
}

static void
put(int fd, const char *s, size_t n)
{
	assert_int_equal(write(fd, s, n), (ssize_t)n);
}

static void
expect_line(struct link *l, size_t max, const char *want, size_t wantlen)
{
	const char *line;
	size_t len;
	struct err e;

	err_clear(&e);
	if (link_read_line(l, &line, &len, max, &e) != 1)
		fail_msg("link_read_line: %s", e.msg);
	assert_int_equal(len, wantlen);
	assert_memory_equal(line, want, wantlen);
	assert_int_equal(line[len], '\0');
}

/* Expects -1 and a message containing what. */
static void
expect_error(struct link *l, size_t max, const char *what)
{
	const char *line;
	size_t len;
	struct err e;

	err_clear(&e);
	assert_int_equal(link_read_line(l, &line, &len, max, &e), -1);
	if (strstr(e.msg, what) == NULL)
		fail_msg("message « %s » sans « %s »", e.msg, what);
}

static void
expect_end(struct link *l)
{
	const char *line;
	size_t len;
	struct err e;

	assert_int_equal(link_read_line(l, &line, &len, 100, &e), 0);
	assert_int_equal(link_read_line(l, &line, &len, 100, &e), 0);
}

static void
test_lines_in_one_write(void **state)
{
	static const char data[] = "{\"t\":\"hello\"}\nbb\n\nccc\n";
	int p[2];
	struct link *l = pipe_link(p);

	put(p[1], data, sizeof data - 1);
	close(p[1]);
	expect_line(l, 100, "{\"t\":\"hello\"}", 13);
	expect_line(l, 100, "bb", 2);
	expect_line(l, 100, "", 0);
	expect_line(l, 100, "ccc", 3);
	expect_end(l);
	assert_int_equal(l->bytes_in, sizeof data - 1);
	assert_int_equal(l->bytes_out, 0);
	link_close(l);
	close(p[0]);
}

/* A 1 MiB line written 100 bytes at a time by another process, then a
 * short one: the reader gets both whole, and its buffer stays a small
 * multiple of the line. */
static void
test_line_in_small_writes(void **state)
{
	const size_t big = 1024 * 1024;
	char *want = xmalloc(big);
	size_t i, n;
	int p[2], status;
	struct link *l = pipe_link(p);
	pid_t pid;

	for (i = 0; i < big; i++)
		want[i] = (char)('a' + i % 26);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		for (i = 0; i < big; i += n) {
			n = big - i < 100 ? big - i : 100;
			if (write(p[1], want + i, n) != (ssize_t)n)
				_exit(1);
		}
		_exit(write(p[1], "\nfin\n", 5) == 5 ? 0 : 1);
	}
	close(p[1]);
	expect_line(l, big, want, big);
	expect_line(l, big, "fin", 3);
	expect_end(l);
	assert_true(l->in.cap <= 4 * big);
	assert_int_equal(l->bytes_in, big + 5);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	link_close(l);
	close(p[0]);
	free(want);
}

/* 100,000 short lines arrive in few reads: each is handed out in turn. */
static void
test_many_short_lines(void **state)
{
	struct buf all;
	char want[16];
	int p[2], i, status;
	struct link *l = pipe_link(p);
	pid_t pid;

	buf_init(&all);
	for (i = 0; i < 100000; i++)
		buf_printf(&all, "%d\n", i);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		_exit(write(p[1], all.data, all.len) == (ssize_t)all.len ? 0 : 1);
	}
	close(p[1]);
	for (i = 0; i < 100000; i++) {
		snprintf(want, sizeof want, "%d", i);
		expect_line(l, 10, want, strlen(want));
	}
	expect_end(l);
	assert_int_equal(l->bytes_in, all.len);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	buf_free(&all);
	link_close(l);
	close(p[0]);
}

static void
test_max_length(void **state)
{
	int p[2];
	struct link *l = pipe_link(p);

	put(p[1], "0123456789abcdef\n0123456789abcdefg\n", 35);
	close(p[1]);
	expect_line(l, 16, "0123456789abcdef", 16);
	expect_error(l, 16, "trame trop longue");
	link_close(l);
	close(p[0]);
}

/* A line over the limit is refused as soon as max+1 bytes are there,
 * without waiting for its end (which may never come). */
static void
test_too_long_without_newline(void **state)
{
	int p[2];
	struct link *l = pipe_link(p);

	l->timeout_ms = 2000;
	put(p[1], "0123456789abcdefg", 17);
	expect_error(l, 16, "trame trop longue");
	link_close(l);
	close(p[0]);
	close(p[1]);
}

static void
test_eof_inside_line(void **state)
{
	int p[2];
	struct link *l = pipe_link(p);

	put(p[1], "{\"t\":\"end\"}\n{\"t\":\"pu", 20);
	close(p[1]);
	expect_line(l, 100, "{\"t\":\"end\"}", 11);
	expect_error(l, 100, "connexion coupée au milieu d'une trame");
	link_close(l);
	close(p[0]);
}

static void
test_clean_eof(void **state)
{
	int p[2];
	struct link *l = pipe_link(p);

	close(p[1]);
	expect_end(l);
	assert_int_equal(l->bytes_in, 0);
	link_close(l);
	close(p[0]);
}

static void
test_timeout(void **state)
{
	int p[2];
	struct link *l = pipe_link(p);

	l->timeout_ms = 50;
	put(p[1], "abc", 3);
	expect_error(l, 100, "rien reçu depuis 0,050 s");
	put(p[1], "\n", 1);
	expect_line(l, 100, "abc", 3);
	link_close(l);
	close(p[0]);
	close(p[1]);
}

static void
test_write_counts(void **state)
{
	char got[32];
	struct err e;
	int p[2];
	struct link *l;

	assert_int_equal(pipe(p), 0);
	l = link_fd_new(-1, p[1]);
	assert_int_equal(link_write(l, "{\"t\":\"pull\"}\n", 13, &e), 0);
	assert_int_equal(link_write(l, "x\n", 2, &e), 0);
	assert_int_equal(link_write(l, "", 0, &e), 0);
	assert_int_equal(l->bytes_out, 15);
	assert_int_equal(read(p[0], got, sizeof got), 15);
	assert_memory_equal(got, "{\"t\":\"pull\"}\nx\n", 15);
	link_close(l);
	close(p[0]);
	close(p[1]);
}

/* The reader is gone: the write fails with a message, SIGPIPE does not
 * kill the process and is not left pending. */
static void
test_write_to_closed_pipe(void **state)
{
	struct err e;
	sigset_t pending;
	int p[2];
	struct link *l;

	assert_int_equal(pipe(p), 0);
	l = link_fd_new(-1, p[1]);
	close(p[0]);
	err_clear(&e);
	assert_int_equal(link_write(l, "x\n", 2, &e), -1);
	assert_non_null(strstr(e.msg, "fermé la connexion"));
	assert_int_equal(sigpending(&pending), 0);
	assert_false(sigismember(&pending, SIGPIPE));
	assert_int_equal(l->bytes_out, 0);
	link_close(l);
	close(p[1]);
}

static void
test_socket_both_ways(void **state)
{
	struct err e;
	int sv[2];
	struct link *a, *b;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	a = link_fd_new(sv[0], sv[0]);
	b = link_fd_new(sv[1], sv[1]);
	assert_int_equal(link_write(a, "ping\n", 5, &e), 0);
	expect_line(b, 10, "ping", 4);
	assert_int_equal(link_write(b, "pong\n", 5, &e), 0);
	expect_line(a, 10, "pong", 4);
	link_close(b);
	close(sv[1]);
	err_clear(&e);
	assert_int_equal(link_write(a, "x\n", 2, &e), -1);
	expect_end(a);
	link_close(a);
	close(sv[0]);
}

static void
test_no_read_side(void **state)
{
	struct link *l = link_fd_new(-1, -1);

	expect_error(l, 10, "ne se lit pas");
	link_close(l);
	link_close(NULL);
}

/* Parses spec and checks the user (NULL: none), host and port. */
static void
expect_target(const char *spec, const char *user, const char *host, int port)
{
	struct ssh_target t;
	char *storage = NULL;
	struct err e;

	memset(&t, 0, sizeof t);
	t.identity = "/k";
	if (ssh_target_parse(&t, spec, &storage, &e) != 0)
		fail_msg("%s: %s", spec, e.msg);
	if (user == NULL)
		assert_null(t.user);
	else
		assert_string_equal(t.user, user);
	assert_string_equal(t.host, host);
	assert_int_equal(t.port, port);
	assert_string_equal(t.identity, "/k");
	free(storage);
}

static void
expect_bad_target(const char *spec, const char *why)
{
	struct ssh_target t;
	char *storage = (char *)"x";
	struct err e;

	memset(&t, 0, sizeof t);
	err_clear(&e);
	assert_int_equal(ssh_target_parse(&t, spec, &storage, &e), -1);
	assert_null(storage);
	if (strstr(e.msg, why) == NULL || strstr(e.msg, "[utilisateur@]hôte[:port]") == NULL)
		fail_msg("%s: message « %s » sans « %s »", spec, e.msg, why);
}

static void
test_target_parse(void **state)
{
	expect_target("hub", NULL, "hub", 0);
	expect_target("gardien@hub.example.fr", "gardien", "hub.example.fr", 0);
	expect_target("hub.example.fr:2222", NULL, "hub.example.fr", 2222);
	expect_target("marie@10.0.0.7:22", "marie", "10.0.0.7", 22);
	expect_target("[::1]:2222", NULL, "::1", 2222);
	expect_target("marie@[2001:db8::1]:65535", "marie", "2001:db8::1", 65535);
	expect_target("[::1]", NULL, "::1", 0);
	expect_target("::1", NULL, "::1", 0);
}

static void
test_target_parse_bad(void **state)
{
	expect_bad_target("", "nom d'hôte");
	expect_bad_target("user@", "nom d'hôte");
	expect_bad_target("@hub", "utilisateur");
	expect_bad_target(":2222", "nom d'hôte");
	expect_bad_target("[]:2222", "nom d'hôte");
	expect_bad_target("[::1", "nom d'hôte");
	expect_bad_target("[::1]2222", "nom d'hôte");
	expect_bad_target("hub name", "nom d'hôte");
	expect_bad_target("-oProxyCommand=x", "nom d'hôte");
	expect_bad_target("hub:", "port");
	expect_bad_target("hub:0", "port");
	expect_bad_target("hub:65536", "port");
	expect_bad_target("hub:22a", "port");
	expect_bad_target("hub:-22", "port");
	expect_bad_target("[::1]:99999999", "port");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_in_one_write),
		cmocka_unit_test(test_line_in_small_writes),
		cmocka_unit_test(test_many_short_lines),
		cmocka_unit_test(test_max_length),
		cmocka_unit_test(test_too_long_without_newline),
		cmocka_unit_test(test_eof_inside_line),
		cmocka_unit_test(test_clean_eof),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_write_counts),
		cmocka_unit_test(test_write_to_closed_pipe),
		cmocka_unit_test(test_socket_both_ways),
		cmocka_unit_test(test_no_read_side),
		cmocka_unit_test(test_target_parse),
		cmocka_unit_test(test_target_parse_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
