/* sshdrive: runs many copies of a full-screen client (an `ssh -tt` to the
 * hub, usually), each on a pseudo-terminal of its own, all following one
 * script at the same time from a single process, and prints statistics
 * over all of them. It is ptydrive (tests/bench/ptydrive.c) for a crowd,
 * sharing its script syntax and output reading (tests/bench/drive.h): the
 * load test and the server benchmark use it.
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
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define DRIVE_PROG "sshdrive"
#define DRIVE_TEXT_KEEP 32768   /* half ptydrive's: there are hundreds */
#include "drive.h"

#define MAX_MARKS 8
#define MAX_FIELDS 9
#define MAX_DUMPS 3

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

struct sess {
	int no;                 /* 1 to N */
	enum sess_state state;
	pid_t pid;
	int fd;                 /* the pty master, -1 once closed */
	struct drive_out out;
	double started;
	struct drive_mark marks[MAX_MARKS];
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

static char *expand(struct drv *, int, const char *);
static double jitter(struct drv *, double);
static void sess_read(struct sess *);
static int sess_settled(struct sess *, double);
static enum step_rc sess_fail(struct drv *, struct sess *, const char *, ...);
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

/* src with %i, %1..%9 and %% replaced for session no; the caller frees. */
static char *
expand(struct drv *d, int no, const char *src)
{
	char num[16], **row = d->ntable > 0 && no > 0 ? d->table[(no - 1) % d->ntable] : NULL;
	char *out;
	const char *add;
	size_t len = 0, cap = strlen(src) + 64, alen;
	int f;

	out = drive_emalloc(cap);
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
			out = drive_erealloc(out, cap);
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

/* Reads what the pty has (poll said so); EOF or EIO closes it. */
static void
sess_read(struct sess *s)
{
	if (drive_out_read(&s->out, s->fd) < 0) {
		close(s->fd);
		s->fd = -1;
	}
}

/* Whether the output has been quiet for the window w; else sets wake. */
static int
sess_settled(struct sess *s, double w)
{
	double t = drive_now();

	if (s->out.eof || t - s->out.last_byte >= w)
		return 1;
	s->wake = s->out.last_byte + w;
	return 0;
}

/* Ends the session as failed: says where and why, kills its program. */
static enum step_rc
sess_fail(struct drv *d, struct sess *s, const char *fmt, ...)
{
	int line = s->pc < d->nlines ? d->lines[s->pc].no : 0, status;
	char who[32];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->why, sizeof s->why, fmt, ap);
	va_end(ap);
	fprintf(stderr, "sshdrive: session %d: %s:%d: %s\n", s->no, d->script, line, s->why);
	if (d->dumps++ < MAX_DUMPS) {
		snprintf(who, sizeof who, "session %d: ", s->no);
		drive_out_dump(&s->out, who, 0);
	}
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

static struct figure *
figure_get(struct drv *d, const char *label, int keys)
{
	int i;

	for (i = 0; i < d->nfigs; i++)
		if (strcmp(d->figs[i].label, label) == 0)
			return &d->figs[i];
	d->figs = drive_erealloc(d->figs, (size_t)(d->nfigs + 1) * sizeof *d->figs);
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
		f->v = drive_erealloc(f->v, (size_t)f->cap * sizeof *f->v);
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
	if (drive_now() > from + s->timeout)
		return sess_fail(d, s, "timeout (%.0f s)", s->timeout);
	if (s->wake == 0 || s->wake > from + s->timeout)
		s->wake = from + s->timeout;
	return STEP_BLOCK;
}

static enum step_rc
step_wait(struct drv *d, struct sess *s)
{
	if (drive_out_find(&s->out, s->a1))
		return STEP_NEXT;
	if (s->out.eof)
		return sess_fail(d, s, "end of output waiting for \"%s\"", s->a1);
	if (drive_now() > s->t0 + s->timeout)
		return sess_fail(d, s, "timeout waiting for \"%s\"", s->a1);
	return wait_until(d, s, s->t0);
}

static enum step_rc
step_keys(struct drv *d, struct sess *s)
{
	drive_out_write(&s->out, s->fd, s->a1, strlen(s->a1));
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
			s->knext = drive_now();
			s->sub = 2;
		}
		if (s->sub == 2) {
			if (s->a1[s->kpos] == '\0')
				return STEP_NEXT;
			if (drive_now() < s->knext) {
				s->wake = s->knext;
				return STEP_BLOCK;
			}
			len = key_len(s->a1 + s->kpos);
			s->kbefore = s->out.total;
			s->kt = drive_now();
			drive_out_write(&s->out, s->fd, s->a1 + s->kpos, len);
			s->kpos += len;
			s->sub = 3;
		}
		if (s->sub == 3) {
			if (s->out.eof)
				return sess_fail(d, s, "end of output after key %zu of \"%s\"",
				    s->kpos, s->a1);
			if (s->out.total == s->kbefore)
				return drive_now() > s->kt + s->timeout ?
				    sess_fail(d, s, "no answer to key %zu", s->kpos) :
				    wait_until(d, s, s->kt);
			s->sub = 4;
		}
		if (s->sub == 4) {
			if (!sess_settled(s, s->window))
				return wait_until(d, s, s->kt);
			figure_add(d, s, 1, s->out.last_byte - s->kt);
			s->knext = drive_now() + (s->pace > 0 ? jitter(d, s->pace) : 0);
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
	struct drive_mark *m = drive_mark_get(s->marks, &s->nmarks, MAX_MARKS, s->a1, 1);

	if (m == NULL)
		return sess_fail(d, s, "too many marks");
	m->t = drive_now();
	return STEP_NEXT;
}

/* sub 1: the text; 2: the end of its burst. */
static enum step_rc
step_lap(struct drv *d, struct sess *s)
{
	struct drive_mark *m = drive_mark_get(s->marks, &s->nmarks, MAX_MARKS, s->a1, 0);

	if (m == NULL)
		return sess_fail(d, s, "no mark named %s", s->a1);
	if (s->sub == 1) {
		if (!drive_out_find(&s->out, s->a2))
			return s->out.eof ? sess_fail(d, s, "end of output waiting for \"%s\"", s->a2) :
			    drive_now() > s->t0 + s->timeout ?
			    sess_fail(d, s, "timeout waiting for \"%s\"", s->a2) :
			    wait_until(d, s, s->t0);
		s->sub = 2;
	}
	if (!sess_settled(s, s->window))
		return wait_until(d, s, s->t0);
	figure_add(d, s, 0, s->out.last_byte - m->t);
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

	if (drive_now() >= until)
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
	s->wake = drive_now() + 1;
	return STEP_BLOCK;
}

/* sub 1: the end of the output; 2: the program's exit. */
static enum step_rc
step_end(struct drv *d, struct sess *s)
{
	struct drive_mark *m;
	int status;
	pid_t r;

	if (s->sub == 1) {
		if (!s->out.eof)
			return drive_now() > s->t0 + s->timeout ?
			    sess_fail(d, s, "the program did not end") : wait_until(d, s, s->t0);
		s->sub = 2;
	}
	r = waitpid(s->pid, &status, WNOHANG);
	if (r == 0) {
		s->wake = drive_now() + 0.005;
		return drive_now() > s->t0 + s->timeout ?
		    sess_fail(d, s, "the program closed its terminal but did not exit") :
		    STEP_BLOCK;
	}
	s->pid = -1;
	if (r < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return sess_fail(d, s, "the program ended with status %d", r < 0 ? -1 :
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	if (s->a1 != NULL &&
	    (m = drive_mark_get(s->marks, &s->nmarks, MAX_MARKS, s->a1, 0)) != NULL)
		figure_add(d, s, 0, drive_now() - m->t);
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
	s->t0 = drive_now();
	if (l == NULL)
		return;  /* the implicit end */
	if (l->a1 != NULL) {
		tmp = drive_unescape(l->a1);
		s->a1 = expand(d, s->no, tmp);
		free(tmp);
	}
	if (l->a2 != NULL) {
		tmp = drive_unescape(l->a2);
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
	struct drive_mark *m;
	char **argv;
	int i, n;

	s->started = drive_now();
	if ((m = drive_mark_get(s->marks, &s->nmarks, MAX_MARKS, "start", 1)) != NULL)
		m->t = s->started;
	s->state = SS_RUNNING;
	s->pid = drive_forkpty(&s->fd, d->cols, d->rows);
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
	argv = drive_emalloc(((size_t)n + 1) * sizeof *argv);
	for (i = 0; i < n; i++)
		argv[i] = expand(d, s->no, d->argv[i]);
	argv[n] = NULL;
	drive_exec(argv, d->term, d->lang);
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
		if (d->serial ? busy : drive_now() < t0 + d->stagger * i)
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
	struct pollfd *p = drive_emalloc((size_t)d->n * sizeof *p);
	double t0 = drive_now(), wake, t;
	int *who = drive_emalloc((size_t)d->n * sizeof *who), i, np, ms;

	while (!finished(d)) {
		spawn_due(d, t0);
		for (i = 0; i < d->n; i++)
			sess_advance(d, &d->s[i]);
		barrier_check(d);
		for (i = 0; i < d->n; i++)
			if (d->s[i].at_barrier == 2)
				sess_advance(d, &d->s[i]);
		t = drive_now();
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
		drive_sort(f->v, f->n);
		printf("%s%-*s %10.3f ms  (median; p90 %.3f, p99 %.3f, max %.3f; %d %s)\n",
		    d->prefix, 44 - (int)strlen(d->prefix), f->label, drive_pct(f->v, f->n, 0.5),
		    drive_pct(f->v, f->n, 0.9), drive_pct(f->v, f->n, 0.99), f->v[f->n - 1], f->n,
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
	struct drive_line l = {.no = 0};
	FILE *f = drive_fopen(path, "r");
	int i;

	d->script = path;
	while (drive_line_next(f, &l)) {
		for (i = 0; i < NSTEPS && strcmp(steps[i].name, l.verb) != 0; i++)
			continue;
		if (i == NSTEPS) {
			fprintf(stderr, "sshdrive: %s:%d: unknown step \"%s\"\n", path, l.no, l.verb);
			exit(2);
		}
		d->lines = drive_erealloc(d->lines, (size_t)(d->nlines + 1) * sizeof *d->lines);
		d->lines[d->nlines] = (struct line){l.no, i, NULL, NULL};
		if (steps[i].nargs == 2)
			d->lines[d->nlines].a2 = drive_estrdup(drive_word(l.rest));
		if (steps[i].nargs > 0 || *l.rest)
			d->lines[d->nlines].a1 = drive_estrdup(l.rest);
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
	FILE *f = drive_fopen(path, "r");
	int n;

	while (fgets(buf, sizeof buf, f) != NULL) {
		if (buf[strspn(buf, " \t\r\n")] == '\0')
			continue;
		d->table = drive_erealloc(d->table, (size_t)(d->ntable + 1) * sizeof *d->table);
		d->table[d->ntable] = drive_emalloc((MAX_FIELDS + 1) * sizeof(char *));
		n = 0;
		sep = strchr(buf, '\t') != NULL ? "\t\r\n" : " \t\r\n";
		for (tok = strtok_r(buf, sep, &save); tok != NULL && n < MAX_FIELDS;
		    tok = strtok_r(NULL, sep, &save))
			d->table[d->ntable][n++] = drive_estrdup(tok);
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
		else if (strcmp(argv[i], "--samples") == 0)
			d.samples = drive_fopen(argv[i + 1], "w");
		else if (strcmp(argv[i], "--seed") == 0)
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
