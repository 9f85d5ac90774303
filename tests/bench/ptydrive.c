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
 * the new screen draws afresh, not text already in the same place. Bytes are counted as read from the pty master, that is as a
 * terminal or an SSH channel would carry them. Any wait longer than the
 * timeout stops the run with status 1 and shows the last 2 KB of output. */
#include <errno.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TEXT_KEEP 65536
#define RAW_KEEP 2048
#define MAX_MARKS 32
#define MAX_KEYS 256

enum esc_state { ES_TEXT, ES_ESC, ES_CSI, ES_STR, ES_STR_ESC, ES_INTER };

struct mark {
	char name[64];
	double t;
};

struct drive {
	int fd;                 /* the pty master */
	pid_t pid;
	int eof;                /* the slave side is closed */
	double last_byte;       /* when the last byte arrived */
	long long total;        /* bytes read from the master */
	long long bytes_mark;   /* total at the last `bytes` step */
	char text[TEXT_KEEP];   /* output without escape sequences */
	size_t tlen;
	long long tbase;        /* stripped offset of text[0] */
	long long since;        /* stripped offset of the last input */
	unsigned char raw[RAW_KEEP]; /* the last raw bytes, a ring */
	size_t rpos;
	enum esc_state esc;
	struct mark marks[MAX_MARKS];
	int nmarks;
	double timeout;         /* seconds */
	double window;          /* seconds */
	char label[256];
	const char *prefix;
	const char *script;
	int line;
};

struct step {
	const char *name;
	int nargs;              /* 1: the rest of the line; 2: a word and the rest */
	int (*run)(struct drive *, char *, char *);
};

static double now(void);
static void *emalloc(size_t);
static void fail(struct drive *, const char *, ...);
static int hexval(char);
static size_t unescape(const char *, char *);
static void text_add(struct drive *, unsigned char);
static void strip_byte(struct drive *, unsigned char);
static int drive_read(struct drive *, double);
static int drive_settle(struct drive *);
static int drive_find(struct drive *, const char *, size_t);
static int drive_wait_text(struct drive *, const char *);
static void drive_write(struct drive *, const char *, size_t);
static const char *drive_label(struct drive *, const char *);
static struct mark *mark_find(struct drive *, const char *);
static int cmp_double(const void *, const void *);
static double pct(const double *, int, double);
static size_t utf8_printable(const unsigned char *, size_t);
static void dump_tail(struct drive *);
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
static int run_line(struct drive *, char *);
static int run_script(struct drive *, FILE *);
static pid_t reap(pid_t, int, int *, struct rusage *);
static int finish(struct drive *, int);
static pid_t spawn(struct drive *, char **, int, int, const char *, const char *);
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

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Never returns NULL; the caller frees. */
static void *
emalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL) {
		perror("ptydrive");
		exit(2);
	}
	return p;
}

/* Says where the script stopped and why; the caller returns -1. */
static void
fail(struct drive *d, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ptydrive: %s:%d: ", d->script, d->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes the escapes of src into out (at least strlen(src) + 1 bytes);
 * returns the length, out is also NUL-terminated. */
static size_t
unescape(const char *src, char *out)
{
	static const char from[] = "rnte\\", to[] = "\r\n\t\033\\";
	const char *p;
	size_t n = 0;
	int hi, lo;

	while (*src) {
		if (src[0] == '\\' && src[1] == 'x' && (hi = hexval(src[2])) >= 0) {
			lo = hexval(src[3]);
			out[n++] = (char)(lo >= 0 ? hi * 16 + lo : hi);
			src += lo >= 0 ? 4 : 3;
		} else if (src[0] == '\\' && src[1] && (p = strchr(from, src[1])) != NULL) {
			out[n++] = to[p - from];
			src += 2;
		} else {
			out[n++] = *src++;
		}
	}
	out[n] = '\0';
	return n;
}

static void
text_add(struct drive *d, unsigned char c)
{
	if (d->tlen == TEXT_KEEP) {
		memmove(d->text, d->text + TEXT_KEEP / 2, TEXT_KEEP / 2);
		d->tlen = TEXT_KEEP / 2;
		d->tbase += TEXT_KEEP / 2;
	}
	d->text[d->tlen++] = (char)c;
}

/* Keeps the text a person would read: ESC sequences (CSI, OSC and other
 * strings, charset designations) and control characters are dropped. */
static void
strip_byte(struct drive *d, unsigned char c)
{
	switch (d->esc) {
	case ES_TEXT:
		if (c == 0x1b)
			d->esc = ES_ESC;
		else if (c >= 0x20 && c != 0x7f)
			text_add(d, c);
		break;
	case ES_ESC:
		if (c == '[')
			d->esc = ES_CSI;
		else if (c == ']' || c == 'P' || c == '_' || c == '^')
			d->esc = ES_STR;
		else if (c >= 0x20 && c <= 0x2f)
			d->esc = ES_INTER;
		else
			d->esc = ES_TEXT;
		break;
	case ES_CSI:
		if (c >= 0x40 && c <= 0x7e)
			d->esc = ES_TEXT;
		break;
	case ES_STR:
		if (c == 0x07)
			d->esc = ES_TEXT;
		else if (c == 0x1b)
			d->esc = ES_STR_ESC;
		break;
	case ES_STR_ESC:
		d->esc = c == '\\' ? ES_TEXT : ES_STR;
		break;
	case ES_INTER:
		if (c >= 0x30 && c <= 0x7e)
			d->esc = ES_TEXT;
		break;
	}
}

/* Reads what is there, waiting until `until` at most. Returns the number
 * of bytes read, 0 when nothing came in time, -1 once the slave is closed. */
static int
drive_read(struct drive *d, double until)
{
	unsigned char buf[65536];
	struct timespec ts;
	double left = until - now();
	fd_set rfds;
	ssize_t n, i;

	if (d->eof)
		return -1;
	if (left < 0)
		left = 0;
	ts.tv_sec = (time_t)left;
	ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
	FD_ZERO(&rfds);
	FD_SET(d->fd, &rfds);
	if (pselect(d->fd + 1, &rfds, NULL, NULL, &ts, NULL) <= 0)
		return 0;
	n = read(d->fd, buf, sizeof buf);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) {
		d->eof = 1;
		return -1;
	}
	d->last_byte = now();
	d->total += n;
	for (i = 0; i < n; i++) {
		d->raw[d->rpos++ % RAW_KEEP] = buf[i];
		strip_byte(d, buf[i]);
	}
	return (int)n;
}

/* Reads until the output has been quiet for the window. Returns 0, or -1
 * when it never goes quiet before the timeout. */
static int
drive_settle(struct drive *d)
{
	double deadline = now() + d->timeout, from;
	int r;

	for (;;) {
		from = d->last_byte > 0 ? d->last_byte : now();
		r = drive_read(d, from + d->window);
		if (r <= 0)
			return 0;
		if (now() > deadline) {
			fail(d, "the output never went quiet for %.0f ms", d->window * 1e3);
			return -1;
		}
	}
}

/* Whether text (len bytes) is in the output since the last input. */
static int
drive_find(struct drive *d, const char *text, size_t len)
{
	size_t from = d->since > d->tbase ? (size_t)(d->since - d->tbase) : 0, i;

	for (i = from; i + len <= d->tlen; i++)
		if (memcmp(d->text + i, text, len) == 0)
			return 1;
	return 0;
}

static int
drive_wait_text(struct drive *d, const char *text)
{
	double deadline = now() + d->timeout;
	size_t len = strlen(text);

	while (!drive_find(d, text, len)) {
		if (now() > deadline || drive_read(d, deadline) < 0) {
			fail(d, "%s waiting for \"%s\"", d->eof ? "end of output" : "timeout",
			    text);
			return -1;
		}
	}
	return 0;
}

static void
drive_write(struct drive *d, const char *s, size_t len)
{
	ssize_t n;

	d->since = d->tbase + (long long)d->tlen;
	while (len > 0) {
		n = write(d->fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
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

static struct mark *
mark_find(struct drive *d, const char *name)
{
	int i;

	for (i = 0; i < d->nmarks; i++)
		if (strcmp(d->marks[i].name, name) == 0)
			return &d->marks[i];
	return NULL;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The nearest-rank percentile p (0 to 1) of n sorted values. */
static double
pct(const double *v, int n, double p)
{
	int k = (int)(p * n + 0.999999);

	return v[k < 1 ? 0 : k - 1];
}

/* The length of the UTF-8 character at s (left bytes) if it is printable
 * (U+00A0 and above), else 0. */
static size_t
utf8_printable(const unsigned char *s, size_t left)
{
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0, i;
	unsigned cp;

	if (len == 0 || len > left || s[0] > 0xf4)
		return 0;
	cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < 0xa0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
	    (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000))
		return 0;
	return len;
}

/* The last bytes of output, with controls shown as ^X, invalid or C1
 * bytes as \xHH: nothing in them can act on the terminal reading it. */
static void
dump_tail(struct drive *d)
{
	size_t n = d->rpos < RAW_KEEP ? d->rpos : RAW_KEEP, i, len;
	unsigned char buf[RAW_KEEP], c;

	for (i = 0; i < n; i++)
		buf[i] = d->raw[(d->rpos - n + i) % RAW_KEEP];
	fprintf(stderr, "--- last %zu bytes of output ---\n", n);
	for (i = 0; i < n; i++) {
		c = buf[i];
		if (c == '\n')
			fputc('\n', stderr);
		else if (c < 0x20 || c == 0x7f)
			fprintf(stderr, "^%c", c ^ 0x40);
		else if (c < 0x80)
			fputc(c, stderr);
		else if ((len = utf8_printable(buf + i, n - i)) > 0) {
			fwrite(buf + i, 1, len, stderr);
			i += len - 1;
		} else
			fprintf(stderr, "\\x%02x", c);
	}
	fprintf(stderr, "\n--- end of output ---\n");
}

static int
step_wait(struct drive *d, char *text, char *unused)
{
	return drive_wait_text(d, text);
}

static int
step_keys(struct drive *d, char *keys, char *unused)
{
	drive_write(d, keys, strlen(keys));
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
		before = d->total;
		t = now();
		drive_write(d, s, len);
		while (d->total == before)
			if (drive_read(d, t + d->timeout) < 0 || now() > t + d->timeout) {
				fail(d, "no answer to the key \"%.*s\"", (int)len, s);
				return -1;
			}
		if (drive_settle(d) != 0)
			return -1;
		lat[n++] = (d->last_byte - t) * 1e3;
	}
	if (n == 0)
		return 0;
	qsort(lat, (size_t)n, sizeof lat[0], cmp_double);
	printf("%-44s %10.3f ms  (median; min %.3f, p90 %.3f, max %.3f; %d keys)\n",
	    drive_label(d, "type"), pct(lat, n, 0.5), lat[0], pct(lat, n, 0.9), lat[n - 1], n);
	return 0;
}

static int
step_mark(struct drive *d, char *name, char *unused)
{
	struct mark *m = mark_find(d, name);

	if (m == NULL) {
		if (d->nmarks == MAX_MARKS) {
			fail(d, "too many marks");
			return -1;
		}
		m = &d->marks[d->nmarks++];
		snprintf(m->name, sizeof m->name, "%s", name);
	}
	m->t = now();
	return 0;
}

static int
step_lap(struct drive *d, char *name, char *text)
{
	struct mark *m = mark_find(d, name);

	if (m == NULL) {
		fail(d, "no mark named %s", name);
		return -1;
	}
	if (drive_wait_text(d, text) != 0 || drive_settle(d) != 0)
		return -1;
	printf("%-44s %10.3f ms\n", drive_label(d, name), (d->last_byte - m->t) * 1e3);
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
	printf("%-44s %10lld bytes\n", drive_label(d, name), d->total - d->bytes_mark);
	d->bytes_mark = d->total;
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

/* Runs one line of the script; the line is modified. */
static int
run_line(struct drive *d, char *line)
{
	char *verb = line, *rest, *arg2 = NULL, *a1, *a2 = NULL;
	size_t i;
	int rc;

	line[strcspn(line, "\r\n")] = '\0';
	if (line[0] == '\0' || line[0] == '#')
		return 0;
	rest = line + strcspn(line, " ");
	if (*rest)
		*rest++ = '\0';
	for (i = 0; i < NSTEPS && strcmp(steps[i].name, verb) != 0; i++)
		continue;
	if (i == NSTEPS) {
		fail(d, "unknown step \"%s\"", verb);
		return -1;
	}
	if (steps[i].nargs == 2) {
		arg2 = rest + strcspn(rest, " ");
		if (*arg2)
			*arg2++ = '\0';
		a2 = emalloc(strlen(arg2) + 1);
		unescape(arg2, a2);
	}
	a1 = emalloc(strlen(rest) + 1);
	unescape(rest, a1);
	rc = steps[i].run(d, a1, a2 ? a2 : a1);
	free(a1);
	free(a2);
	return rc;
}

static int
run_script(struct drive *d, FILE *f)
{
	char line[4096];

	while (fgets(line, sizeof line, f) != NULL) {
		d->line++;
		if (run_line(d, line) != 0)
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
	double deadline = now() + 2;
	struct timespec tick = {0, 10000000};
	pid_t r;

	if (!term)
		return wait4(pid, status, 0, ru);
	kill(pid, SIGTERM);
	while ((r = wait4(pid, status, WNOHANG, ru)) == 0 && now() < deadline)
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
	double deadline = now() + (failed ? 0 : d->timeout);
	struct rusage ru;
	int status = 0;

	d->label[0] = '\0';
	if (failed)
		dump_tail(d);
	while (!d->eof && now() < deadline)
		drive_read(d, deadline);
	if (!d->eof) {
		if (!failed)
			fprintf(stderr, "ptydrive: the program did not end after the script\n");
		failed = 1;
	}
	if (reap(d->pid, !d->eof, &status, &ru) < 0) {
		perror("ptydrive: wait4");
		return 1;
	}
	printf("%-44s %10lld bytes\n", drive_label(d, "output to the terminal, whole run"),
	    d->total);
	printf("%-44s %10.1f MB\n", drive_label(d, "peak RSS"), (double)ru.ru_maxrss / 1024.0);
	if (!failed && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
		fprintf(stderr, "ptydrive: the program ended with status %d\n",
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		failed = 1;
	}
	return failed;
}

static pid_t
spawn(struct drive *d, char **argv, int cols, int rows, const char *term, const char *lang)
{
	struct winsize ws;
	pid_t pid;

	memset(&ws, 0, sizeof ws);
	ws.ws_col = (unsigned short)cols;
	ws.ws_row = (unsigned short)rows;
	pid = forkpty(&d->fd, NULL, NULL, &ws);
	if (pid != 0)
		return pid;
	/* The size comes from the pty alone, as from a real terminal. */
	ioctl(STDIN_FILENO, TIOCSWINSZ, &ws);
	unsetenv("LINES");
	unsetenv("COLUMNS");
	setenv("TERM", term, 1);
	setenv("LANG", lang, 1);
	setenv("LC_ALL", lang, 1);
	execvp(argv[0], argv);
	fprintf(stderr, "ptydrive: %s: %s\n", argv[0], strerror(errno));
	_exit(127);
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
	if ((f = fopen(d.script, "r")) == NULL) {
		fprintf(stderr, "ptydrive: %s: %s\n", d.script, strerror(errno));
		return 2;
	}
	snprintf(d.marks[0].name, sizeof d.marks[0].name, "start");
	d.marks[0].t = now();
	d.nmarks = 1;
	if ((d.pid = spawn(&d, argv + i + 2, cols, rows, term, lang)) < 0) {
		perror("ptydrive: forkpty");
		return 2;
	}
	rc = run_script(&d, f);
	fclose(f);
	return finish(&d, rc != 0);
}
