/* sshdrive: runs many copies of a full-screen client (an `ssh -tt` to the
 * hub, usually), each on a pseudo-terminal of its own, all following one
 * script at the same time from a single process, and prints statistics
 * over all of them. It is ptydrive (tests/bench/ptydrive.c) for a crowd:
 * the load test and the server benchmark use it.
 *
 * Usage: sshdrive [--sessions N] [--stagger MS] [--serial] [--cols N]
 *            [--rows N] [--term TERM] [--lang LANG] [--table FILE]
 *            [--prefix TEXT] [--seed S] [--samples FILE] SCRIPT -- COMMAND [ARGS...]
 *
 * Session i (1 to N) is started stagger ms after session i-1 (--serial:
 * once session i-1 has ended). In COMMAND, ARGS and the script's
 * arguments, %i is the session's number, %1 to %9 the fields (separated
 * by tabs, or by blanks in a line without a tab) of line (i-1) mod L of
 * the --table file of L lines, %% a %.
 *
 * The script has one step a line; blank lines and lines starting with #
 * are skipped. Arguments take the escapes \r \n \t \e \\ and \xHH.
 *   wait TEXT       wait until TEXT appears in the output
 *   keys STRING     write STRING at once
 *   type STRING     write STRING one key at a time (a character, or an
 *                   escape sequence such as \e[B), each once the answer to
 *                   the previous one is complete and the pace has passed;
 *                   each key's latency is a sample of the current label
 *   pace MS         think time between the keys of `type`: a random time
 *                   between MS/2 and 3*MS/2 (default 0)
 *   mark NAME       start a timer ("start" is set at the session's fork)
 *   lap NAME TEXT   wait for TEXT and the end of its burst; the time since
 *                   mark NAME is a sample of the current label
 *   quiet MS        wait until the program writes nothing for MS ms
 *   sleep MS        do nothing for MS ms
 *   window MS       the silence that ends a burst (default 20 ms)
 *   label TEXT      the figure the next samples belong to
 *   timeout S       how long any one wait may take (default 30 s)
 *   barrier [CMD]   wait until every session still running is here; then
 *                   CMD, if given, is run once by sh (its output goes to
 *                   ours), and all go on
 *   end [NAME]      wait until the program ends: it must exit with 0; with
 *                   NAME, the time from mark NAME to the exit is a sample
 * A script that runs out without `end` ends with one.
 *
 * Timings are ptydrive's: reads are stamped with CLOCK_MONOTONIC as they
 * arrive, an answer ends with the last byte of its burst (the window
 * itself never counts), texts are looked for in the output since the
 * last key with escape sequences removed.
 *
 * --samples FILE writes every sample, "LABEL<tab>MS" a line, unsorted.
 *
 * Output: one line per figure (median, p90, p99, max, samples), in the
 * order figures first appear, then the sessions that ended well and those
 * that failed. A failed session says where and why on stderr, with the
 * tail of its output for the first few. Exit status 0 when every session
 * ran the whole script and its program exited with 0; 1 otherwise; 2 on a
 * usage error. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TEXT_KEEP 32768
#define RAW_KEEP 2048
#define MAX_MARKS 8
#define MAX_FIELDS 9
#define MAX_DUMPS 3

enum esc_state { ES_TEXT, ES_ESC, ES_CSI, ES_STR, ES_STR_ESC, ES_INTER };
enum sess_state { SS_PENDING, SS_RUNNING, SS_DONE, SS_FAILED };
enum step_rc { STEP_NEXT, STEP_BLOCK, STEP_FAIL };

struct line {
	int no;                 /* in the script file */
	int step;               /* index in steps[] */
	char *a1, *a2;          /* as written, escapes and % not yet applied */
};

struct figure {
	char label[256];
	int keys;               /* key latencies (else laps) */
	double *v;
	int n, cap;
};

struct mark {
	char name[32];
	double t;
};

struct sess {
	int no;                 /* 1 to N */
	enum sess_state state;
	pid_t pid;
	int fd;                 /* the pty master, -1 once closed */
	int eof;
	double started;
	double last_byte;
	long long total;
	char text[TEXT_KEEP];   /* output without escape sequences */
	size_t tlen;
	long long tbase, since;
	unsigned char raw[RAW_KEEP];
	size_t rpos;
	enum esc_state esc;
	struct mark marks[MAX_MARKS];
	int nmarks;
	/* The current step. */
	int pc;
	int sub;                /* 0: not entered yet */
	double t0;              /* when it was entered */
	double wake;            /* when it wants to look again */
	char *a1, *a2;          /* its arguments, ready */
	size_t kpos;            /* type: the next key */
	double kt, knext;       /* type: the key's write, the next key's */
	long long kbefore;
	int at_barrier;
	/* Settings. */
	double timeout, window, pace;
	char label[256];
	char why[512];
};

struct drv {
	struct line *lines;
	int nlines;
	const char *script;
	char ***table;          /* table[l][f], NULL-ended fields */
	int ntable;
	char **argv;
	struct sess *s;
	int n;
	double stagger;
	int serial;
	int cols, rows;
	const char *term, *lang, *prefix;
	int quiet;
	struct figure *figs;
	int nfigs;
	int dumps;
	unsigned long long rng;
	FILE *samples;          /* --samples, or NULL */
};

struct step {
	const char *name;
	int nargs;              /* 0: none or optional, 1: the rest, 2: a word and the rest */
	enum step_rc (*run)(struct drv *, struct sess *);
};

static double now(void);
static void *emalloc(size_t);
static char *estrdup(const char *);
static int hexval(char);
static size_t unescape(const char *, char *);
static char *expand(struct drv *, int, const char *);
static double jitter(struct drv *, double);
static void text_add(struct sess *, unsigned char);
static void strip_byte(struct sess *, unsigned char);
static void sess_read(struct sess *);
static int sess_find(struct sess *, const char *);
static void sess_write(struct sess *, const char *, size_t);
static int sess_settled(struct sess *, double);
static void sess_dump(struct sess *);
static enum step_rc sess_fail(struct drv *, struct sess *, const char *, ...);
static struct mark *mark_get(struct sess *, const char *, int);
static struct figure *figure_get(struct drv *, const char *, int);
static void figure_add(struct drv *, struct sess *, int, double);
static size_t key_len(const char *);
static enum step_rc wait_until(struct drv *, struct sess *, double);
static enum step_rc step_wait(struct drv *, struct sess *);
static enum step_rc step_keys(struct drv *, struct sess *);
static enum step_rc step_type(struct drv *, struct sess *);
static enum step_rc step_pace(struct drv *, struct sess *);
static enum step_rc step_mark(struct drv *, struct sess *);
static enum step_rc step_lap(struct drv *, struct sess *);
static enum step_rc step_quiet(struct drv *, struct sess *);
static enum step_rc step_sleep(struct drv *, struct sess *);
static enum step_rc step_window(struct drv *, struct sess *);
static enum step_rc step_label(struct drv *, struct sess *);
static enum step_rc step_timeout(struct drv *, struct sess *);
static enum step_rc step_barrier(struct drv *, struct sess *);
static enum step_rc step_end(struct drv *, struct sess *);
static void sess_enter(struct drv *, struct sess *);
static void sess_leave(struct sess *);
static void sess_advance(struct drv *, struct sess *);
static void barrier_check(struct drv *);
static void sess_spawn(struct drv *, struct sess *);
static void spawn_due(struct drv *, double);
static int finished(struct drv *);
static void loop(struct drv *);
static int cmp_double(const void *, const void *);
static double pct(const double *, int, double);
static int report(struct drv *);
static void script_load(struct drv *, const char *);
static void table_load(struct drv *, const char *);
static void usage(void);

static const struct step steps[] = {
	{"wait", 1, step_wait},
	{"keys", 1, step_keys},
	{"type", 1, step_type},
	{"pace", 1, step_pace},
	{"mark", 1, step_mark},
	{"lap", 2, step_lap},
	{"quiet", 1, step_quiet},
	{"sleep", 1, step_sleep},
	{"window", 1, step_window},
	{"label", 1, step_label},
	{"timeout", 1, step_timeout},
	{"barrier", 0, step_barrier},
	{"end", 0, step_end},
};

#define NSTEPS (int)(sizeof steps / sizeof steps[0])
#define STEP_END (NSTEPS - 1)

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
		perror("sshdrive");
		exit(2);
	}
	return p;
}

/* The caller frees. */
static char *
estrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(emalloc(n), s, n);
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

/* src with %i, %1..%9 and %% replaced for session no; the caller frees. */
static char *
expand(struct drv *d, int no, const char *src)
{
	char num[16], **row = d->ntable > 0 && no > 0 ? d->table[(no - 1) % d->ntable] : NULL;
	char *out;
	const char *add;
	size_t len = 0, cap = strlen(src) + 64, alen;
	int f;

	out = emalloc(cap);
	for (; *src; src++) {
		add = NULL;
		if (src[0] == '%' && src[1] == 'i') {
			snprintf(num, sizeof num, "%d", no);
			add = num;
		} else if (src[0] == '%' && src[1] == '%') {
			add = "%";
		} else if (src[0] == '%' && src[1] >= '1' && src[1] <= '9') {
			add = "";
			for (f = 0; row != NULL && row[f] != NULL && f < src[1] - '1'; f++)
				continue;
			if (row != NULL && row[f] != NULL)
				add = row[f];
		}
		if (add == NULL) {
			num[0] = *src;
			num[1] = '\0';
			add = num;
		} else {
			src++;
		}
		alen = strlen(add);
		if (len + alen + 1 > cap) {
			cap = (len + alen + 1) * 2;
			out = realloc(out, cap);
			if (out == NULL) {
				perror("sshdrive");
				exit(2);
			}
		}
		memcpy(out + len, add, alen);
		len += alen;
	}
	out[len] = '\0';
	return out;
}

/* A random time between ms/2 and 3*ms/2, in seconds (xorshift64). */
static double
jitter(struct drv *d, double ms)
{
	d->rng ^= d->rng << 13;
	d->rng ^= d->rng >> 7;
	d->rng ^= d->rng << 17;
	return ms / 1e3 * (0.5 + (double)(d->rng % 1000001) / 1e6);
}

static void
text_add(struct sess *s, unsigned char c)
{
	if (s->tlen == TEXT_KEEP) {
		memmove(s->text, s->text + TEXT_KEEP / 2, TEXT_KEEP / 2);
		s->tlen = TEXT_KEEP / 2;
		s->tbase += TEXT_KEEP / 2;
	}
	s->text[s->tlen++] = (char)c;
}

/* Keeps the text a person would read (ptydrive's rules). */
static void
strip_byte(struct sess *s, unsigned char c)
{
	switch (s->esc) {
	case ES_TEXT:
		if (c == 0x1b)
			s->esc = ES_ESC;
		else if (c >= 0x20 && c != 0x7f)
			text_add(s, c);
		break;
	case ES_ESC:
		if (c == '[')
			s->esc = ES_CSI;
		else if (c == ']' || c == 'P' || c == '_' || c == '^')
			s->esc = ES_STR;
		else if (c >= 0x20 && c <= 0x2f)
			s->esc = ES_INTER;
		else
			s->esc = ES_TEXT;
		break;
	case ES_CSI:
		if (c >= 0x40 && c <= 0x7e)
			s->esc = ES_TEXT;
		break;
	case ES_STR:
		if (c == 0x07)
			s->esc = ES_TEXT;
		else if (c == 0x1b)
			s->esc = ES_STR_ESC;
		break;
	case ES_STR_ESC:
		s->esc = c == '\\' ? ES_TEXT : ES_STR;
		break;
	case ES_INTER:
		if (c >= 0x30 && c <= 0x7e)
			s->esc = ES_TEXT;
		break;
	}
}

/* Reads what the pty has (poll said so); EOF or EIO closes it. */
static void
sess_read(struct sess *s)
{
	unsigned char buf[65536];
	ssize_t n, i;

	n = read(s->fd, buf, sizeof buf);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		s->eof = 1;
		close(s->fd);
		s->fd = -1;
		return;
	}
	s->last_byte = now();
	s->total += n;
	for (i = 0; i < n; i++) {
		s->raw[s->rpos++ % RAW_KEEP] = buf[i];
		strip_byte(s, buf[i]);
	}
}

/* Whether text is in the output since the last input. */
static int
sess_find(struct sess *s, const char *text)
{
	size_t len = strlen(text), i;
	size_t from = s->since > s->tbase ? (size_t)(s->since - s->tbase) : 0;

	for (i = from; i + len <= s->tlen; i++)
		if (memcmp(s->text + i, text, len) == 0)
			return 1;
	return 0;
}

static void
sess_write(struct sess *s, const char *p, size_t len)
{
	ssize_t n;

	s->since = s->tbase + (long long)s->tlen;
	while (len > 0 && s->fd >= 0) {
		n = write(s->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

/* Whether the output has been quiet for the window w; else sets wake. */
static int
sess_settled(struct sess *s, double w)
{
	double t = now();

	if (s->eof || t - s->last_byte >= w)
		return 1;
	s->wake = s->last_byte + w;
	return 0;
}

/* The last bytes of output, controls shown as ^X, bytes above 0x7e as
 * \xHH: nothing in them can act on the terminal reading it. */
static void
sess_dump(struct sess *s)
{
	size_t n = s->rpos < RAW_KEEP ? s->rpos : RAW_KEEP, i;
	unsigned char c;

	fprintf(stderr, "--- session %d: last %zu bytes of output ---\n", s->no, n);
	for (i = 0; i < n; i++) {
		c = s->raw[(s->rpos - n + i) % RAW_KEEP];
		if (c == '\n')
			fputc('\n', stderr);
		else if (c < 0x20 || c == 0x7f)
			fprintf(stderr, "^%c", c ^ 0x40);
		else if (c < 0x7f)
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fprintf(stderr, "\n--- end of output ---\n");
}

/* Ends the session as failed: says where and why, kills its program. */
static enum step_rc
sess_fail(struct drv *d, struct sess *s, const char *fmt, ...)
{
	int line = s->pc < d->nlines ? d->lines[s->pc].no : 0, status;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->why, sizeof s->why, fmt, ap);
	va_end(ap);
	fprintf(stderr, "sshdrive: session %d: %s:%d: %s\n", s->no, d->script, line, s->why);
	if (d->dumps++ < MAX_DUMPS)
		sess_dump(s);
	s->state = SS_FAILED;
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, &status, 0);
		s->pid = -1;
	}
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	return STEP_FAIL;
}

static struct mark *
mark_get(struct sess *s, const char *name, int create)
{
	int i;

	for (i = 0; i < s->nmarks; i++)
		if (strcmp(s->marks[i].name, name) == 0)
			return &s->marks[i];
	if (!create || s->nmarks == MAX_MARKS)
		return NULL;
	snprintf(s->marks[s->nmarks].name, sizeof s->marks[0].name, "%s", name);
	return &s->marks[s->nmarks++];
}

static struct figure *
figure_get(struct drv *d, const char *label, int keys)
{
	int i;

	for (i = 0; i < d->nfigs; i++)
		if (strcmp(d->figs[i].label, label) == 0)
			return &d->figs[i];
	d->figs = realloc(d->figs, (size_t)(d->nfigs + 1) * sizeof *d->figs);
	if (d->figs == NULL) {
		perror("sshdrive");
		exit(2);
	}
	memset(&d->figs[d->nfigs], 0, sizeof d->figs[0]);
	snprintf(d->figs[d->nfigs].label, sizeof d->figs[0].label, "%s", label);
	d->figs[d->nfigs].keys = keys;
	return &d->figs[d->nfigs++];
}

/* One sample, in seconds, for the session's current label. */
static void
figure_add(struct drv *d, struct sess *s, int keys, double v)
{
	struct figure *f = figure_get(d, s->label, keys);

	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 256;
		f->v = realloc(f->v, (size_t)f->cap * sizeof *f->v);
		if (f->v == NULL) {
			perror("sshdrive");
			exit(2);
		}
	}
	f->v[f->n++] = v * 1e3;
	if (d->samples != NULL)
		fprintf(d->samples, "%s\t%.3f\n", f->label, v * 1e3);
}

/* One key: an escape sequence (ESC [ or ESC O, to its final byte), a
 * UTF-8 character, or a byte. */
static size_t
key_len(const char *k)
{
	size_t len = 1;

	if (k[0] == 0x1b && (k[1] == '[' || k[1] == 'O')) {
		for (len = 2; k[len] && !(k[len] >= 0x40 && k[len] <= 0x7e); len++)
			continue;
		return k[len] ? len + 1 : len;
	}
	while (((unsigned char)k[len] & 0xc0) == 0x80)
		len++;
	return len;
}

/* Blocks until the step's timeout, or fails past it. */
static enum step_rc
wait_until(struct drv *d, struct sess *s, double from)
{
	if (now() > from + s->timeout)
		return sess_fail(d, s, "timeout (%.0f s)", s->timeout);
	if (s->wake == 0 || s->wake > from + s->timeout)
		s->wake = from + s->timeout;
	return STEP_BLOCK;
}

static enum step_rc
step_wait(struct drv *d, struct sess *s)
{
	if (sess_find(s, s->a1))
		return STEP_NEXT;
	if (s->eof)
		return sess_fail(d, s, "end of output waiting for \"%s\"", s->a1);
	if (now() > s->t0 + s->timeout)
		return sess_fail(d, s, "timeout waiting for \"%s\"", s->a1);
	return wait_until(d, s, s->t0);
}

static enum step_rc
step_keys(struct drv *d, struct sess *s)
{
	sess_write(s, s->a1, strlen(s->a1));
	return STEP_NEXT;
}

/* sub 1: the output settles; 2: the key goes when the pace allows; 3: its
 * first answer byte; 4: the end of the answer's burst. */
static enum step_rc
step_type(struct drv *d, struct sess *s)
{
	size_t len;

	for (;;) {
		if (s->sub == 1) {
			if (!sess_settled(s, s->window))
				return wait_until(d, s, s->t0);
			s->kpos = 0;
			s->knext = now();
			s->sub = 2;
		}
		if (s->sub == 2) {
			if (s->a1[s->kpos] == '\0')
				return STEP_NEXT;
			if (now() < s->knext) {
				s->wake = s->knext;
				return STEP_BLOCK;
			}
			len = key_len(s->a1 + s->kpos);
			s->kbefore = s->total;
			s->kt = now();
			sess_write(s, s->a1 + s->kpos, len);
			s->kpos += len;
			s->sub = 3;
		}
		if (s->sub == 3) {
			if (s->eof)
				return sess_fail(d, s, "end of output after key %zu of \"%s\"",
				    s->kpos, s->a1);
			if (s->total == s->kbefore)
				return now() > s->kt + s->timeout ?
				    sess_fail(d, s, "no answer to key %zu", s->kpos) :
				    wait_until(d, s, s->kt);
			s->sub = 4;
		}
		if (s->sub == 4) {
			if (!sess_settled(s, s->window))
				return wait_until(d, s, s->kt);
			figure_add(d, s, 1, s->last_byte - s->kt);
			s->knext = now() + (s->pace > 0 ? jitter(d, s->pace) : 0);
			s->sub = 2;
		}
	}
}

static enum step_rc
step_pace(struct drv *d, struct sess *s)
{
	s->pace = atof(s->a1);
	return STEP_NEXT;
}

static enum step_rc
step_mark(struct drv *d, struct sess *s)
{
	struct mark *m = mark_get(s, s->a1, 1);

	if (m == NULL)
		return sess_fail(d, s, "too many marks");
	m->t = now();
	return STEP_NEXT;
}

/* sub 1: the text; 2: the end of its burst. */
static enum step_rc
step_lap(struct drv *d, struct sess *s)
{
	struct mark *m = mark_get(s, s->a1, 0);

	if (m == NULL)
		return sess_fail(d, s, "no mark named %s", s->a1);
	if (s->sub == 1) {
		if (!sess_find(s, s->a2))
			return s->eof ? sess_fail(d, s, "end of output waiting for \"%s\"", s->a2) :
			    now() > s->t0 + s->timeout ?
			    sess_fail(d, s, "timeout waiting for \"%s\"", s->a2) :
			    wait_until(d, s, s->t0);
		s->sub = 2;
	}
	if (!sess_settled(s, s->window))
		return wait_until(d, s, s->t0);
	figure_add(d, s, 0, s->last_byte - m->t);
	return STEP_NEXT;
}

static enum step_rc
step_quiet(struct drv *d, struct sess *s)
{
	return sess_settled(s, atof(s->a1) / 1e3) ? STEP_NEXT : wait_until(d, s, s->t0);
}

static enum step_rc
step_sleep(struct drv *d, struct sess *s)
{
	double until = s->t0 + atof(s->a1) / 1e3;

	if (now() >= until)
		return STEP_NEXT;
	s->wake = until;
	return STEP_BLOCK;
}

static enum step_rc
step_window(struct drv *d, struct sess *s)
{
	s->window = atof(s->a1) / 1e3;
	return STEP_NEXT;
}

static enum step_rc
step_label(struct drv *d, struct sess *s)
{
	snprintf(s->label, sizeof s->label, "%s", s->a1);
	return STEP_NEXT;
}

static enum step_rc
step_timeout(struct drv *d, struct sess *s)
{
	s->timeout = atof(s->a1);
	return STEP_NEXT;
}

/* barrier_check() releases the sessions. */
static enum step_rc
step_barrier(struct drv *d, struct sess *s)
{
	if (s->at_barrier == 2) {
		s->at_barrier = 0;
		return STEP_NEXT;
	}
	s->at_barrier = 1;
	s->wake = now() + 1;
	return STEP_BLOCK;
}

/* sub 1: the end of the output; 2: the program's exit. */
static enum step_rc
step_end(struct drv *d, struct sess *s)
{
	struct mark *m;
	int status;
	pid_t r;

	if (s->sub == 1) {
		if (!s->eof)
			return now() > s->t0 + s->timeout ?
			    sess_fail(d, s, "the program did not end") : wait_until(d, s, s->t0);
		s->sub = 2;
	}
	r = waitpid(s->pid, &status, WNOHANG);
	if (r == 0) {
		s->wake = now() + 0.005;
		return now() > s->t0 + s->timeout ?
		    sess_fail(d, s, "the program closed its terminal but did not exit") :
		    STEP_BLOCK;
	}
	s->pid = -1;
	if (r < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return sess_fail(d, s, "the program ended with status %d", r < 0 ? -1 :
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	if (s->a1 != NULL && (m = mark_get(s, s->a1, 0)) != NULL)
		figure_add(d, s, 0, now() - m->t);
	s->state = SS_DONE;
	return STEP_NEXT;
}

/* Makes the current line's arguments (escapes, then %) and starts it. */
static void
sess_enter(struct drv *d, struct sess *s)
{
	struct line *l = s->pc < d->nlines ? &d->lines[s->pc] : NULL;
	char *tmp;

	s->a1 = s->a2 = NULL;
	s->sub = 1;
	s->t0 = now();
	if (l == NULL)
		return;  /* the implicit end */
	if (l->a1 != NULL) {
		tmp = emalloc(strlen(l->a1) + 1);
		unescape(l->a1, tmp);
		s->a1 = expand(d, s->no, tmp);
		free(tmp);
	}
	if (l->a2 != NULL) {
		tmp = emalloc(strlen(l->a2) + 1);
		unescape(l->a2, tmp);
		s->a2 = expand(d, s->no, tmp);
		free(tmp);
	}
}

static void
sess_leave(struct sess *s)
{
	free(s->a1);
	free(s->a2);
	s->a1 = s->a2 = NULL;
	s->sub = 0;
}

/* Runs the session's steps until one has to wait. */
static void
sess_advance(struct drv *d, struct sess *s)
{
	enum step_rc rc;
	int step;

	while (s->state == SS_RUNNING) {
		if (s->sub == 0)
			sess_enter(d, s);
		s->wake = 0;
		step = s->pc < d->nlines ? d->lines[s->pc].step : STEP_END;
		rc = steps[step].run(d, s);
		if (rc == STEP_BLOCK)
			return;
		sess_leave(s);
		if (rc == STEP_FAIL)
			return;
		if (s->pc < d->nlines)
			s->pc++;
	}
}

/* When every session still running waits at the same barrier: its
 * command, then all go on. */
static void
barrier_check(struct drv *d)
{
	int i, pc = -1, here = 0;

	for (i = 0; i < d->n; i++) {
		if (d->s[i].state == SS_FAILED || d->s[i].state == SS_DONE)
			continue;
		if (d->s[i].state == SS_PENDING || !d->s[i].at_barrier ||
		    (pc >= 0 && d->s[i].pc != pc))
			return;
		pc = d->s[i].pc;
		here++;
	}
	if (here == 0)
		return;
	if (d->lines[pc].a1 != NULL && d->lines[pc].a1[0] != '\0') {
		char *cmd = expand(d, 0, d->lines[pc].a1);

		fflush(stdout);
		if (system(cmd) != 0)
			fprintf(stderr, "sshdrive: %s:%d: the command failed: %s\n", d->script,
			    d->lines[pc].no, cmd);
		free(cmd);
	}
	for (i = 0; i < d->n; i++)
		if (d->s[i].state == SS_RUNNING)
			d->s[i].at_barrier = 2;
}

static void
sess_spawn(struct drv *d, struct sess *s)
{
	struct winsize ws;
	struct mark *m;
	char **argv;
	int i, n;

	memset(&ws, 0, sizeof ws);
	ws.ws_col = (unsigned short)d->cols;
	ws.ws_row = (unsigned short)d->rows;
	s->started = now();
	if ((m = mark_get(s, "start", 1)) != NULL)
		m->t = s->started;
	s->state = SS_RUNNING;
	s->pid = forkpty(&s->fd, NULL, NULL, &ws);
	if (s->pid < 0) {
		s->fd = -1;
		sess_fail(d, s, "forkpty: %s", strerror(errno));
		return;
	}
	if (s->pid > 0) {
		/* Not inherited by the next sessions' programs. */
		fcntl(s->fd, F_SETFD, FD_CLOEXEC);
		return;
	}
	for (n = 0; d->argv[n] != NULL; n++)
		continue;
	argv = emalloc(((size_t)n + 1) * sizeof *argv);
	for (i = 0; i < n; i++)
		argv[i] = expand(d, s->no, d->argv[i]);
	argv[n] = NULL;
	unsetenv("LINES");
	unsetenv("COLUMNS");
	setenv("TERM", d->term, 1);
	setenv("LANG", d->lang, 1);
	setenv("LC_ALL", d->lang, 1);
	execvp(argv[0], argv);
	fprintf(stderr, "sshdrive: %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Starts the sessions whose time has come. */
static void
spawn_due(struct drv *d, double t0)
{
	int i, busy = 0;

	for (i = 0; i < d->n; i++) {
		if (d->s[i].state == SS_RUNNING)
			busy = 1;
		if (d->s[i].state != SS_PENDING)
			continue;
		if (d->serial ? busy : now() < t0 + d->stagger * i)
			return;
		sess_spawn(d, &d->s[i]);
		if (d->serial)
			return;
	}
}

static int
finished(struct drv *d)
{
	int i;

	for (i = 0; i < d->n; i++)
		if (d->s[i].state == SS_PENDING || d->s[i].state == SS_RUNNING)
			return 0;
	return 1;
}

static void
loop(struct drv *d)
{
	struct pollfd *p = emalloc((size_t)d->n * sizeof *p);
	double t0 = now(), wake, t;
	int *who = emalloc((size_t)d->n * sizeof *who), i, np, ms;

	while (!finished(d)) {
		spawn_due(d, t0);
		for (i = 0; i < d->n; i++)
			sess_advance(d, &d->s[i]);
		barrier_check(d);
		for (i = 0; i < d->n; i++)
			if (d->s[i].at_barrier == 2)
				sess_advance(d, &d->s[i]);
		t = now();
		wake = t + 1;
		for (i = np = 0; i < d->n; i++) {
			if (d->s[i].state == SS_PENDING && !d->serial && t0 + d->stagger * i < wake)
				wake = t0 + d->stagger * i;
			if (d->s[i].state != SS_RUNNING)
				continue;
			if (d->s[i].wake > 0 && d->s[i].wake < wake)
				wake = d->s[i].wake;
			if (d->s[i].fd >= 0) {
				p[np] = (struct pollfd){d->s[i].fd, POLLIN, 0};
				who[np++] = i;
			}
		}
		ms = wake > t ? (int)((wake - t) * 1e3) + 1 : 0;
		if (poll(p, (nfds_t)np, ms) <= 0)
			continue;
		for (i = 0; i < np; i++)
			if (p[i].revents)
				sess_read(&d->s[who[i]]);
	}
	free(p);
	free(who);
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

/* Prints the figures and the sessions; returns the exit status. */
static int
report(struct drv *d)
{
	struct figure *f;
	int i, ok = 0;

	for (i = 0; i < d->nfigs; i++) {
		f = &d->figs[i];
		if (f->n == 0)
			continue;
		qsort(f->v, (size_t)f->n, sizeof f->v[0], cmp_double);
		printf("%s%-*s %10.3f ms  (median; p90 %.3f, p99 %.3f, max %.3f; %d %s)\n",
		    d->prefix, 44 - (int)strlen(d->prefix), f->label, pct(f->v, f->n, 0.5),
		    pct(f->v, f->n, 0.9), pct(f->v, f->n, 0.99), f->v[f->n - 1], f->n,
		    f->keys ? "keys" : "samples");
	}
	for (i = 0; i < d->n; i++)
		ok += d->s[i].state == SS_DONE;
	printf("%s%-*s %10d ok, %d failed\n", d->prefix, 44 - (int)strlen(d->prefix),
	    "sessions", ok, d->n - ok);
	return ok == d->n ? 0 : 1;
}

/* Reads the script: each line becomes a step with its raw arguments. */
static void
script_load(struct drv *d, const char *path)
{
	char buf[4096], *verb, *rest, *arg2;
	FILE *f = fopen(path, "r");
	int no = 0, i;

	if (f == NULL) {
		fprintf(stderr, "sshdrive: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	d->script = path;
	while (fgets(buf, sizeof buf, f) != NULL) {
		no++;
		buf[strcspn(buf, "\r\n")] = '\0';
		if (buf[0] == '\0' || buf[0] == '#')
			continue;
		verb = buf;
		rest = buf + strcspn(buf, " ");
		if (*rest)
			*rest++ = '\0';
		for (i = 0; i < NSTEPS && strcmp(steps[i].name, verb) != 0; i++)
			continue;
		if (i == NSTEPS) {
			fprintf(stderr, "sshdrive: %s:%d: unknown step \"%s\"\n", path, no, verb);
			exit(2);
		}
		d->lines = realloc(d->lines, (size_t)(d->nlines + 1) * sizeof *d->lines);
		if (d->lines == NULL) {
			perror("sshdrive");
			exit(2);
		}
		d->lines[d->nlines] = (struct line){no, i, NULL, NULL};
		if (steps[i].nargs == 2) {
			arg2 = rest + strcspn(rest, " ");
			if (*arg2)
				*arg2++ = '\0';
			d->lines[d->nlines].a2 = estrdup(arg2);
		}
		if (steps[i].nargs > 0 || *rest)
			d->lines[d->nlines].a1 = estrdup(rest);
		d->nlines++;
	}
	fclose(f);
}

/* Reads the --table file: one row a line, fields split on tabs if the
 * line has one (a field may then hold spaces), else on blanks. */
static void
table_load(struct drv *d, const char *path)
{
	char buf[4096], *tok, *save;
	const char *sep;
	FILE *f = fopen(path, "r");
	int n;

	if (f == NULL) {
		fprintf(stderr, "sshdrive: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	while (fgets(buf, sizeof buf, f) != NULL) {
		if (buf[strspn(buf, " \t\r\n")] == '\0')
			continue;
		d->table = realloc(d->table, (size_t)(d->ntable + 1) * sizeof *d->table);
		if (d->table == NULL) {
			perror("sshdrive");
			exit(2);
		}
		d->table[d->ntable] = emalloc((MAX_FIELDS + 1) * sizeof(char *));
		n = 0;
		sep = strchr(buf, '\t') != NULL ? "\t\r\n" : " \t\r\n";
		for (tok = strtok_r(buf, sep, &save); tok != NULL && n < MAX_FIELDS;
		    tok = strtok_r(NULL, sep, &save))
			d->table[d->ntable][n++] = estrdup(tok);
		d->table[d->ntable++][n] = NULL;
	}
	fclose(f);
}

static void
usage(void)
{
	fprintf(stderr, "usage: sshdrive [--sessions N] [--stagger MS] [--serial] [--cols N] "
	    "[--rows N] [--term TERM] [--lang LANG] [--table FILE] [--prefix TEXT] [--seed S] "
	    "[--samples FILE] SCRIPT -- COMMAND [ARGS...]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	static struct drv d;
	struct rlimit rl;
	int i, rc;

	d.n = 1;
	d.cols = 80;
	d.rows = 24;
	d.term = "xterm-256color";
	d.lang = "C.UTF-8";
	d.prefix = "";
	d.rng = 88172645463325252ULL;
	for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0 && argv[i][2]; i++) {
		if (strcmp(argv[i], "--serial") == 0) {
			d.serial = 1;
			continue;
		}
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "--sessions") == 0)
			d.n = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--stagger") == 0)
			d.stagger = atof(argv[i + 1]) / 1e3;
		else if (strcmp(argv[i], "--cols") == 0)
			d.cols = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--rows") == 0)
			d.rows = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--term") == 0)
			d.term = argv[i + 1];
		else if (strcmp(argv[i], "--lang") == 0)
			d.lang = argv[i + 1];
		else if (strcmp(argv[i], "--table") == 0)
			table_load(&d, argv[i + 1]);
		else if (strcmp(argv[i], "--prefix") == 0)
			d.prefix = argv[i + 1];
		else if (strcmp(argv[i], "--samples") == 0) {
			if ((d.samples = fopen(argv[i + 1], "w")) == NULL) {
				fprintf(stderr, "sshdrive: %s: %s\n", argv[i + 1], strerror(errno));
				return 2;
			}
		} else if (strcmp(argv[i], "--seed") == 0)
			d.rng ^= strtoull(argv[i + 1], NULL, 10) * 2654435761ULL + 1;
		else
			usage();
		i++;
	}
	if (i + 2 >= argc || strcmp(argv[i + 1], "--") != 0 || d.n < 1 || d.cols < 1 ||
	    d.rows < 1)
		usage();
	script_load(&d, argv[i]);
	d.argv = argv + i + 2;
	/* Two descriptors a session at most, with room. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	signal(SIGPIPE, SIG_IGN);
	d.s = calloc((size_t)d.n, sizeof *d.s);
	if (d.s == NULL) {
		perror("sshdrive");
		return 2;
	}
	for (i = 0; i < d.n; i++) {
		d.s[i].no = i + 1;
		d.s[i].fd = -1;
		d.s[i].timeout = 30;
		d.s[i].window = 0.020;
		snprintf(d.s[i].label, sizeof d.s[i].label, "samples");
	}
	loop(&d);
	rc = report(&d);
	if (d.samples != NULL)
		fclose(d.samples);
	return rc;
}
