/* ptydrive: runs a full-screen program on a pseudo-terminal, follows a
 * script of keys and waits, and prints timings, the bytes the program wrote
 * to the terminal and its peak RSS, in the same layout as runstat.
 *
 * Usage: ptydrive [--cols N] [--rows N] [--term TERM] [--lang LANG]
 *            [--prefix TEXT] SCRIPT -- COMMAND [ARGS...]
 *
 * The script has one step a line; blank lines and lines starting with #
 * are skipped. Arguments take the escapes \r \n \t \e \\ and \xHH.
 *   wait TEXT       wait until TEXT appears in the output
 *   keys STRING     write STRING to the program at once
 *   type STRING     write STRING one character at a time, each once the
 *                   previous answer is complete; print the latency per key
 *   mark NAME       start a timer ("start" is set just before the fork)
 *   lap NAME TEXT   wait for TEXT and the end of its burst; print the time
 *                   since mark NAME
 *   quiet MS        wait until the program writes nothing for MS ms
 *   window MS       the silence that ends a burst, for type, lap and bytes
 *                   (default 20 ms)
 *   bytes NAME      print the bytes written since the previous `bytes`
 *   label TEXT      the label of the next figure printed (default: NAME)
 *   timeout S       how long a wait may take (default 10 s)
 *
 * What is measured. The output is read as it arrives, each read stamped
 * with CLOCK_MONOTONIC. A burst of output ends when nothing more comes for
 * the window (20 ms by default); an answer's time is that of its burst's
 * last byte, so the window itself is never counted. `type` measures, for
 * each key, the time from the write of the key to the last byte of the
 * first burst after it: the time until the screen is up to date, as a
 * person sees it. TEXT is searched for in the output since the last
 * `keys` or `type` (or the start), with escape sequences removed, so that
 * a change of colour inside a word does not hide it; only the last 64 KB
 * are kept. Curses sends only the cells that change: wait for text that
 * the new screen draws afresh, not text already in the same place. Bytes
 * are counted as read from the pty master, that is as a terminal or an
 * SSH channel would carry them. Any wait longer than the timeout stops
 * the run with status 1 and shows the last 2 KB of output. What sshdrive
 * shares with it is in tests/bench/drive.h. */
#include <signal.h>
#include <stdarg.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/wait.h>

#define DRIVE_PROG "ptydrive"
#include "drive.h"

#define MAX_MARKS 32
#define MAX_KEYS 256

struct drive {
	int fd;                 /* the pty master */
	pid_t pid;
	struct drive_out out;
	long long bytes_mark;   /* out.total at the last `bytes` step */
	struct drive_mark marks[MAX_MARKS];
	int nmarks;
	double timeout;         /* seconds */
	double window;          /* seconds */
	char label[256];
	const char *prefix;
	const char *script;
	struct drive_line line; /* the step running */
};

struct step {
	const char *name;
	int nargs;              /* 1: the rest of the line; 2: a word and the rest */
	int (*run)(struct drive *, char *, char *);
};

static void fail(struct drive *, const char *, ...);
static int drive_read(struct drive *, double);
static int drive_settle(struct drive *);
static int drive_wait_text(struct drive *, const char *);
static const char *drive_label(struct drive *, const char *);
static int step_wait(struct drive *, char *, char *);
static int step_keys(struct drive *, char *, char *);
static int step_type(struct drive *, char *, char *);
static int step_mark(struct drive *, char *, char *);
static int step_lap(struct drive *, char *, char *);
static int step_quiet(struct drive *, char *, char *);
static int step_window(struct drive *, char *, char *);
static int step_bytes(struct drive *, char *, char *);
static int step_label(struct drive *, char *, char *);
static int step_timeout(struct drive *, char *, char *);
static int run_line(struct drive *);
static int run_script(struct drive *, FILE *);
static pid_t reap(pid_t, int, int *, struct rusage *);
static int finish(struct drive *, int);
static void usage(void);

static const struct step steps[] = {
	{"wait", 1, step_wait},
	{"keys", 1, step_keys},
	{"type", 1, step_type},
	{"mark", 1, step_mark},
	{"lap", 2, step_lap},
	{"quiet", 1, step_quiet},
	{"window", 1, step_window},
	{"bytes", 1, step_bytes},
	{"label", 1, step_label},
	{"timeout", 1, step_timeout},
};

#define NSTEPS (sizeof steps / sizeof steps[0])

/* Says where the script stopped and why; the caller returns -1. */
static void
fail(struct drive *d, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ptydrive: %s:%d: ", d->script, d->line.no);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Reads what is there, waiting until `until` at most. Returns the number
 * of bytes read, 0 when nothing came in time, -1 once the slave is closed. */
static int
drive_read(struct drive *d, double until)
{
	struct timespec ts;
	double left = until - drive_now();
	fd_set rfds;

	if (d->out.eof)
		return -1;
	if (left < 0)
		left = 0;
	ts.tv_sec = (time_t)left;
	ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
	FD_ZERO(&rfds);
	FD_SET(d->fd, &rfds);
	if (pselect(d->fd + 1, &rfds, NULL, NULL, &ts, NULL) <= 0)
		return 0;
	return drive_out_read(&d->out, d->fd);
}

/* Reads until the output has been quiet for the window. Returns 0, or -1
 * when it never goes quiet before the timeout. */
static int
drive_settle(struct drive *d)
{
	double deadline = drive_now() + d->timeout, from;
	int r;

	for (;;) {
		from = d->out.last_byte > 0 ? d->out.last_byte : drive_now();
		r = drive_read(d, from + d->window);
		if (r <= 0)
			return 0;
		if (drive_now() > deadline) {
			fail(d, "the output never went quiet for %.0f ms", d->window * 1e3);
			return -1;
		}
	}
}

static int
drive_wait_text(struct drive *d, const char *text)
{
	double deadline = drive_now() + d->timeout;

	while (!drive_out_find(&d->out, text)) {
		if (drive_now() > deadline || drive_read(d, deadline) < 0) {
			fail(d, "%s waiting for \"%s\"", d->out.eof ? "end of output" : "timeout",
			    text);
			return -1;
		}
	}
	return 0;
}

/* The label of a figure, prefixed; the next figure goes back to its name. */
static const char *
drive_label(struct drive *d, const char *name)
{
	static char out[320];

	snprintf(out, sizeof out, "%s%s", d->prefix, d->label[0] ? d->label : name);
	d->label[0] = '\0';
	return out;
}

static int
step_wait(struct drive *d, char *text, char *unused)
{
	return drive_wait_text(d, text);
}

static int
step_keys(struct drive *d, char *keys, char *unused)
{
	drive_out_write(&d->out, d->fd, keys, strlen(keys));
	return 0;
}

/* One key is one character: a UTF-8 sequence, or a single byte. */
static int
step_type(struct drive *d, char *s, char *unused)
{
	double lat[MAX_KEYS], t;
	long long before;
	size_t len;
	int n = 0;

	if (drive_settle(d) != 0)
		return -1;
	for (; *s && n < MAX_KEYS; s += len) {
		for (len = 1; ((unsigned char)s[len] & 0xc0) == 0x80; len++)
			continue;
		before = d->out.total;
		t = drive_now();
		drive_out_write(&d->out, d->fd, s, len);
		while (d->out.total == before)
			if (drive_read(d, t + d->timeout) < 0 || drive_now() > t + d->timeout) {
				fail(d, "no answer to the key \"%.*s\"", (int)len, s);
				return -1;
			}
		if (drive_settle(d) != 0)
			return -1;
		lat[n++] = (d->out.last_byte - t) * 1e3;
	}
	if (n == 0)
		return 0;
	drive_sort(lat, n);
	printf("%-44s %10.3f ms  (median; min %.3f, p90 %.3f, max %.3f; %d keys)\n",
	    drive_label(d, "type"), drive_pct(lat, n, 0.5), lat[0], drive_pct(lat, n, 0.9),
	    lat[n - 1], n);
	return 0;
}

static int
step_mark(struct drive *d, char *name, char *unused)
{
	struct drive_mark *m = drive_mark_get(d->marks, &d->nmarks, MAX_MARKS, name, 1);

	if (m == NULL) {
		fail(d, "too many marks");
		return -1;
	}
	m->t = drive_now();
	return 0;
}

static int
step_lap(struct drive *d, char *name, char *text)
{
	struct drive_mark *m = drive_mark_get(d->marks, &d->nmarks, MAX_MARKS, name, 0);

	if (m == NULL) {
		fail(d, "no mark named %s", name);
		return -1;
	}
	if (drive_wait_text(d, text) != 0 || drive_settle(d) != 0)
		return -1;
	printf("%-44s %10.3f ms\n", drive_label(d, name), (d->out.last_byte - m->t) * 1e3);
	return 0;
}

static int
step_quiet(struct drive *d, char *ms, char *unused)
{
	double w = d->window;
	int rc;

	d->window = atof(ms) / 1e3;
	rc = drive_settle(d);
	d->window = w;
	return rc;
}

static int
step_window(struct drive *d, char *ms, char *unused)
{
	d->window = atof(ms) / 1e3;
	return 0;
}

static int
step_bytes(struct drive *d, char *name, char *unused)
{
	if (drive_settle(d) != 0)
		return -1;
	printf("%-44s %10lld bytes\n", drive_label(d, name), d->out.total - d->bytes_mark);
	d->bytes_mark = d->out.total;
	return 0;
}

static int
step_label(struct drive *d, char *text, char *unused)
{
	snprintf(d->label, sizeof d->label, "%s", text);
	return 0;
}

static int
step_timeout(struct drive *d, char *s, char *unused)
{
	d->timeout = atof(s);
	return 0;
}

/* Runs the step just read; its line is modified. */
static int
run_line(struct drive *d)
{
	char *rest = d->line.rest, *a1, *a2 = NULL;
	size_t i;
	int rc;

	for (i = 0; i < NSTEPS && strcmp(steps[i].name, d->line.verb) != 0; i++)
		continue;
	if (i == NSTEPS) {
		fail(d, "unknown step \"%s\"", d->line.verb);
		return -1;
	}
	if (steps[i].nargs == 2)
		a2 = drive_unescape(drive_word(rest));
	a1 = drive_unescape(rest);
	rc = steps[i].run(d, a1, a2 ? a2 : a1);
	free(a1);
	free(a2);
	return rc;
}

/* Runs the script as it reads it: a step's figure is printed before the
 * next line is even looked at. */
static int
run_script(struct drive *d, FILE *f)
{
	while (drive_line_next(f, &d->line)) {
		if (run_line(d) != 0)
			return -1;
		fflush(stdout);
	}
	return 0;
}

/* Waits for the child, after SIGTERM when asked, then SIGKILL if it is
 * still there 2 s later. */
static pid_t
reap(pid_t pid, int term, int *status, struct rusage *ru)
{
	double deadline = drive_now() + 2;
	struct timespec tick = {0, 10000000};
	pid_t r;

	if (!term)
		return wait4(pid, status, 0, ru);
	kill(pid, SIGTERM);
	while ((r = wait4(pid, status, WNOHANG, ru)) == 0 && drive_now() < deadline)
		nanosleep(&tick, NULL);
	if (r != 0)
		return r;
	kill(pid, SIGKILL);
	return wait4(pid, status, 0, ru);
}

/* Reads to the end, reaps the child and prints the totals. Returns the
 * exit status of ptydrive. */
static int
finish(struct drive *d, int failed)
{
	double deadline = drive_now() + (failed ? 0 : d->timeout);
	struct rusage ru;
	int status = 0;

	d->label[0] = '\0';
	if (failed)
		drive_out_dump(&d->out, "", 1);
	while (!d->out.eof && drive_now() < deadline)
		drive_read(d, deadline);
	if (!d->out.eof) {
		if (!failed)
			fprintf(stderr, "ptydrive: the program did not end after the script\n");
		failed = 1;
	}
	if (reap(d->pid, !d->out.eof, &status, &ru) < 0) {
		perror("ptydrive: wait4");
		return 1;
	}
	printf("%-44s %10lld bytes\n", drive_label(d, "output to the terminal, whole run"),
	    d->out.total);
	printf("%-44s %10.1f MB\n", drive_label(d, "peak RSS"), (double)ru.ru_maxrss / 1024.0);
	if (!failed && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
		fprintf(stderr, "ptydrive: the program ended with status %d\n",
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		failed = 1;
	}
	return failed;
}

static void
usage(void)
{
	fprintf(stderr, "usage: ptydrive [--cols N] [--rows N] [--term TERM] [--lang LANG] "
	    "[--prefix TEXT] SCRIPT -- COMMAND [ARGS...]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	static struct drive d;
	const char *term = "xterm-256color", *lang = "C.UTF-8";
	int cols = 80, rows = 24, i, rc;
	FILE *f;

	d.timeout = 10;
	d.window = 0.020;
	d.prefix = "";
	for (i = 1; i + 1 < argc && strncmp(argv[i], "--", 2) == 0 && argv[i][2]; i += 2) {
		if (strcmp(argv[i], "--cols") == 0)
			cols = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--rows") == 0)
			rows = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--term") == 0)
			term = argv[i + 1];
		else if (strcmp(argv[i], "--lang") == 0)
			lang = argv[i + 1];
		else if (strcmp(argv[i], "--prefix") == 0)
			d.prefix = argv[i + 1];
		else
			usage();
	}
	if (i + 2 >= argc || strcmp(argv[i + 1], "--") != 0 || cols < 1 || rows < 1)
		usage();
	d.script = argv[i];
	f = drive_fopen(d.script, "r");
	drive_mark_get(d.marks, &d.nmarks, MAX_MARKS, "start", 1)->t = drive_now();
	if ((d.pid = drive_forkpty(&d.fd, cols, rows)) == 0)
		drive_exec(argv + i + 2, term, lang);
	if (d.pid < 0) {
		perror("ptydrive: forkpty");
		return 2;
	}
	rc = run_script(&d, f);
	fclose(f);
	return finish(&d, rc != 0);
}
