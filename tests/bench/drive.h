/* drive.h: what the terminal drivers of the benchmarks share. ptydrive
 * runs one full-screen program on a pseudo-terminal, sshdrive a crowd of
 * them, and both follow the same kind of script and read the output the
 * same way; runstat takes the clock. Header only, every function static
 * inline, so that each driver stays one file built by one command.
 *
 * The including file defines DRIVE_PROG, its name for error messages,
 * and may define DRIVE_TEXT_KEEP, the stripped output kept to search in
 * (64 KB unless told). */
#ifndef DRIVE_H
#define DRIVE_H

#include <errno.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#ifndef DRIVE_PROG
#error "define DRIVE_PROG before including drive.h"
#endif
#ifndef DRIVE_TEXT_KEEP
#define DRIVE_TEXT_KEEP 65536
#endif
#define DRIVE_RAW_KEEP 2048     /* the raw tail shown when a run fails */
#define DRIVE_LINE_MAX 4096

enum drive_esc { DE_TEXT, DE_ESC, DE_CSI, DE_STR, DE_STR_ESC, DE_INTER };

/* The output of one program, as read from its pty master. */
struct drive_out {
	int eof;                /* the slave side is closed */
	double last_byte;       /* when the last byte arrived */
	long long total;        /* bytes read */
	char text[DRIVE_TEXT_KEEP]; /* output without escape sequences */
	size_t tlen;
	long long tbase;        /* stripped offset of text[0] */
	long long since;        /* stripped offset of the last input */
	unsigned char raw[DRIVE_RAW_KEEP]; /* the last raw bytes, a ring */
	size_t rpos;
	enum drive_esc esc;
};

struct drive_mark {
	char name[64];
	double t;
};

/* One step of a script, as read: verb and rest point into buf. */
struct drive_line {
	char buf[DRIVE_LINE_MAX];
	int no;                 /* the line number in the file */
	char *verb, *rest;
};

/* Seconds on CLOCK_MONOTONIC: timings must not jump with the wall clock. */
static inline double
drive_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Never returns NULL (a driver out of memory has nothing left to
 * measure); the caller frees. */
static inline void *
drive_erealloc(void *p, size_t size)
{
	if ((p = realloc(p, size ? size : 1)) == NULL) {
		perror(DRIVE_PROG);
		exit(2);
	}
	return p;
}

/* Never returns NULL; the caller frees. */
static inline void *
drive_emalloc(size_t size)
{
	return drive_erealloc(NULL, size);
}

/* The caller frees. */
static inline char *
drive_estrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(drive_emalloc(n), s, n);
}

/* Opens path or ends the driver with status 2: every file it opens is
 * named on its command line, so this is a usage error. */
static inline FILE *
drive_fopen(const char *path, const char *mode)
{
	FILE *f = fopen(path, mode);

	if (f == NULL) {
		fprintf(stderr, "%s: %s: %s\n", DRIVE_PROG, path, strerror(errno));
		exit(2);
	}
	return f;
}

static inline int
drive_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* src with the script's escapes decoded: \r \n \t \e \\ and \xHH (one hex
 * digit will do). The caller frees. */
static inline char *
drive_unescape(const char *src)
{
	static const char from[] = "rnte\\", to[] = "\r\n\t\033\\";
	char *out = drive_emalloc(strlen(src) + 1);
	const char *p;
	size_t n = 0;
	int hi, lo;

	while (*src) {
		if (src[0] == '\\' && src[1] == 'x' && (hi = drive_hexval(src[2])) >= 0) {
			lo = drive_hexval(src[3]);
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
	return out;
}

/* Ends the first word of s in place; returns what follows its space (an
 * empty string if none), as a step's second argument needs. */
static inline char *
drive_word(char *s)
{
	char *p = s + strcspn(s, " ");

	if (*p)
		*p++ = '\0';
	return p;
}

/* Reads the next step of the script f into l: its verb and the rest of
 * the line. Blank lines and # comments are skipped but counted in l->no,
 * which errors quote. Returns 0 at the end of the file. */
static inline int
drive_line_next(FILE *f, struct drive_line *l)
{
	while (fgets(l->buf, sizeof l->buf, f) != NULL) {
		l->no++;
		l->buf[strcspn(l->buf, "\r\n")] = '\0';
		if (l->buf[0] == '\0' || l->buf[0] == '#')
			continue;
		l->verb = l->buf;
		l->rest = drive_word(l->buf);
		return 1;
	}
	return 0;
}

/* The mark called name among the *n of marks; with create, a new one if
 * there is none and fewer than max. NULL if not found, or no room. */
static inline struct drive_mark *
drive_mark_get(struct drive_mark *marks, int *n, int max, const char *name, int create)
{
	int i;

	for (i = 0; i < *n; i++)
		if (strcmp(marks[i].name, name) == 0)
			return &marks[i];
	if (!create || *n == max)
		return NULL;
	snprintf(marks[*n].name, sizeof marks[0].name, "%s", name);
	return &marks[(*n)++];
}

/* Only the newest half is kept when full: a wait looks for text written
 * since the last key, never far back. */
static inline void
drive_text_add(struct drive_out *o, unsigned char c)
{
	if (o->tlen == DRIVE_TEXT_KEEP) {
		memmove(o->text, o->text + DRIVE_TEXT_KEEP / 2, DRIVE_TEXT_KEEP / 2);
		o->tlen = DRIVE_TEXT_KEEP / 2;
		o->tbase += DRIVE_TEXT_KEEP / 2;
	}
	o->text[o->tlen++] = (char)c;
}

/* Keeps the text a person would read: ESC sequences (CSI, OSC and other
 * strings, charset designations) and control characters are dropped, so
 * that a change of colour inside a word does not hide it from a wait. */
static inline void
drive_strip_byte(struct drive_out *o, unsigned char c)
{
	switch (o->esc) {
	case DE_TEXT:
		if (c == 0x1b)
			o->esc = DE_ESC;
		else if (c >= 0x20 && c != 0x7f)
			drive_text_add(o, c);
		break;
	case DE_ESC:
		if (c == '[')
			o->esc = DE_CSI;
		else if (c == ']' || c == 'P' || c == '_' || c == '^')
			o->esc = DE_STR;
		else if (c >= 0x20 && c <= 0x2f)
			o->esc = DE_INTER;
		else
			o->esc = DE_TEXT;
		break;
	case DE_CSI:
		if (c >= 0x40 && c <= 0x7e)
			o->esc = DE_TEXT;
		break;
	case DE_STR:
		if (c == 0x07)
			o->esc = DE_TEXT;
		else if (c == 0x1b)
			o->esc = DE_STR_ESC;
		break;
	case DE_STR_ESC:
		o->esc = c == '\\' ? DE_TEXT : DE_STR;
		break;
	case DE_INTER:
		if (c >= 0x30 && c <= 0x7e)
			o->esc = DE_TEXT;
		break;
	}
}

/* One read of the pty master fd, stamped as it arrives: an answer's time
 * is that of its last byte. Returns the bytes read, 0 if there was
 * nothing after all, -1 at the end of the output (EOF, or EIO once the
 * slave is closed), which sets o->eof. */
static inline int
drive_out_read(struct drive_out *o, int fd)
{
	unsigned char buf[65536];
	ssize_t n, i;

	n = read(fd, buf, sizeof buf);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) {
		o->eof = 1;
		return -1;
	}
	o->last_byte = drive_now();
	o->total += n;
	for (i = 0; i < n; i++) {
		o->raw[o->rpos++ % DRIVE_RAW_KEEP] = buf[i];
		drive_strip_byte(o, buf[i]);
	}
	return (int)n;
}

/* Whether text is in the stripped output since the last input. */
static inline int
drive_out_find(const struct drive_out *o, const char *text)
{
	size_t len = strlen(text), i;
	size_t from = o->since > o->tbase ? (size_t)(o->since - o->tbase) : 0;

	for (i = from; i + len <= o->tlen; i++)
		if (memcmp(o->text + i, text, len) == 0)
			return 1;
	return 0;
}

/* Writes input to the program (nothing once fd is -1); waits then look
 * only at what comes after it, not at the screen it answers. */
static inline void
drive_out_write(struct drive_out *o, int fd, const char *s, size_t len)
{
	ssize_t n;

	o->since = o->tbase + (long long)o->tlen;
	while (len > 0 && fd >= 0) {
		n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

/* The length of the UTF-8 character at s (left bytes) if it is printable
 * (U+00A0 and above), else 0. */
static inline size_t
drive_utf8_printable(const unsigned char *s, size_t left)
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

/* The last bytes of output on stderr, controls shown as ^X and bytes above
 * 0x7e as \xHH, printable UTF-8 characters as they are if utf8: nothing
 * in them can act on the terminal reading it. who starts the header
 * ("session 3: ", or ""). */
static inline void
drive_out_dump(const struct drive_out *o, const char *who, int utf8)
{
	size_t n = o->rpos < DRIVE_RAW_KEEP ? o->rpos : DRIVE_RAW_KEEP, i, len;
	unsigned char buf[DRIVE_RAW_KEEP], c;

	for (i = 0; i < n; i++)
		buf[i] = o->raw[(o->rpos - n + i) % DRIVE_RAW_KEEP];
	fprintf(stderr, "--- %slast %zu bytes of output ---\n", who, n);
	for (i = 0; i < n; i++) {
		c = buf[i];
		if (c == '\n')
			fputc('\n', stderr);
		else if (c < 0x20 || c == 0x7f)
			fprintf(stderr, "^%c", c ^ 0x40);
		else if (c < 0x80)
			fputc(c, stderr);
		else if (utf8 && (len = drive_utf8_printable(buf + i, n - i)) > 0) {
			fwrite(buf + i, 1, len, stderr);
			i += len - 1;
		} else
			fprintf(stderr, "\\x%02x", c);
	}
	fprintf(stderr, "\n--- end of output ---\n");
}

static inline int
drive_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sorts the n values of v, for drive_pct. */
static inline void
drive_sort(double *v, int n)
{
	qsort(v, (size_t)n, sizeof v[0], drive_cmp_double);
}

/* The nearest-rank percentile p (0 to 1) of n sorted values: one of the
 * values measured, never an interpolation. */
static inline double
drive_pct(const double *v, int n, double p)
{
	int k = (int)(p * n + 0.999999);

	return v[k < 1 ? 0 : k - 1];
}

/* forkpty() with a terminal of cols x rows; returns its pid (0 in the
 * child, -1 on failure) and the master in *fd. */
static inline pid_t
drive_forkpty(int *fd, int cols, int rows)
{
	struct winsize ws;
	pid_t pid;

	memset(&ws, 0, sizeof ws);
	ws.ws_col = (unsigned short)cols;
	ws.ws_row = (unsigned short)rows;
	pid = forkpty(fd, NULL, NULL, &ws);
	/* The size comes from the pty alone, as from a real terminal. */
	if (pid == 0)
		ioctl(STDIN_FILENO, TIOCSWINSZ, &ws);
	return pid;
}

/* In the child of drive_forkpty(): runs argv with the terminal type and
 * locale given, and no LINES or COLUMNS to override the pty's size. */
static inline _Noreturn void
drive_exec(char **argv, const char *term, const char *lang)
{
	unsetenv("LINES");
	unsetenv("COLUMNS");
	setenv("TERM", term, 1);
	setenv("LANG", lang, 1);
	setenv("LC_ALL", lang, 1);
	execvp(argv[0], argv);
	fprintf(stderr, "%s: %s: %s\n", DRIVE_PROG, argv[0], strerror(errno));
	_exit(127);
}

#endif
