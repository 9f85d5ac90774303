#include "link.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Each read asks for at least this much room, so that a long line arriving
 * in small pieces still costs few system calls and no rescanning. */
#define LINK_CHUNK (64 * 1024)

struct link_fd {
	struct link l;      /* first, so that a struct link * is a link_fd * */
	int rfd, wfd;
	int wsock;          /* wfd is a socket: send(MSG_NOSIGNAL) works */
};

static void link_compact(struct link *l);
static int link_fill(struct link *l, struct err *e);
static int64_t link_now_ms(void);
static int link_fd_wait(int fd, short ev, int timeout_ms, struct err *e);
static ssize_t link_fd_read(struct link *l, void *p, size_t n, struct err *e);
static ssize_t link_fd_send(struct link_fd *f, const char *p, size_t n);
static int link_fd_write_all(struct link_fd *f, const char *p, size_t n, struct err *e);
static int link_fd_write(struct link *l, const void *p, size_t n, struct err *e);
static void link_fd_close(struct link *l);

void
link_init(struct link *l)
{
	memset(l, 0, sizeof *l);
	buf_init(&l->in);
}

void
link_release(struct link *l)
{
	buf_free(&l->in);
}

void
link_close(struct link *l)
{
	if (l != NULL)
		l->close(l);
}

/* Drops the lines already handed out, but only once they outweigh what is
 * left, so that each byte is moved at most about once. */
static void
link_compact(struct link *l)
{
	size_t left = l->in.len - l->in_off;

	if (l->in_off == 0 || l->in_off < left)
		return;
	memmove(l->in.data, l->in.data + l->in_off, left);
	l->in.len = left;
	l->in_off = 0;
	l->in.data[left] = '\0';
}

/* Reads more bytes at the end of the buffer: 0 some bytes or the end of
 * the stream (l->eof set), -1 error. */
static int
link_fill(struct link *l, struct err *e)
{
	struct buf *b = &l->in;
	ssize_t n;

	link_compact(l);
	if (b->cap < b->len + LINK_CHUNK + 1) {
		if (b->cap == 0)
			b->cap = LINK_CHUNK;
		while (b->cap < b->len + LINK_CHUNK + 1)
			b->cap *= 2;
		b->data = xrealloc(b->data, b->cap);
	}
	n = l->read(l, b->data + b->len, b->cap - b->len - 1, e);
	if (n < 0)
		return -1;
	if (n == 0)
		l->eof = 1;
	b->len += (size_t)n;
	b->data[b->len] = '\0';
	l->bytes_in += (uint64_t)n;
	return 0;
}

int
link_read_line(struct link *l, const char **line, size_t *len, size_t max,
    struct err *e)
{
	char *start, *nl;
	size_t avail;

	for (;;) {
		start = l->in.data != NULL ? l->in.data + l->in_off : l->in.data;
		avail = l->in.len - l->in_off;
		nl = NULL;
		if (avail > l->in_scan)
			nl = memchr(start + l->in_scan, '\n', avail - l->in_scan);
		if (nl != NULL) {
			*len = (size_t)(nl - start);
			if (*len > max)
				break;
			*nl = '\0';
			*line = start;
			l->in_off += *len + 1;
			l->in_scan = 0;
			return 1;
		}
		l->in_scan = avail;
		if (avail > max)
			break;
		if (l->eof && avail == 0)
			return 0;
		if (l->eof)
			return err_set(e, "connexion coupée au milieu d'une trame "
			    "(%zu octets reçus sans fin de ligne)", avail);
		if (link_fill(l, e) != 0)
			return -1;
	}
	return err_set(e, "trame trop longue : plus de %zu octets sans fin de ligne",
	    max);
}

int
link_write(struct link *l, const void *p, size_t n, struct err *e)
{
	if (n == 0)
		return 0;
	if (l->write(l, p, n, e) != 0)
		return -1;
	l->bytes_out += (uint64_t)n;
	return 0;
}

struct link *
link_fd_new(int rfd, int wfd)
{
	struct link_fd *f = xmalloc(sizeof *f);
	struct stat st;

	link_init(&f->l);
	f->l.read = link_fd_read;
	f->l.write = link_fd_write;
	f->l.close = link_fd_close;
	f->rfd = rfd;
	f->wfd = wfd;
	f->wsock = wfd >= 0 && fstat(wfd, &st) == 0 && S_ISSOCK(st.st_mode);
	return &f->l;
}

static void
link_fd_close(struct link *l)
{
	link_release(l);
	free(l);
}

static int64_t
link_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd is ready for ev, at most timeout_ms (<= 0: no limit),
 * across signals: 0 ready, -1 timeout or error. */
static int
link_fd_wait(int fd, short ev, int timeout_ms, struct err *e)
{
	struct pollfd pfd = {fd, ev, 0};
	int64_t deadline = link_now_ms() + timeout_ms, left = -1;
	int rc;

	for (;;) {
		if (timeout_ms > 0 && (left = deadline - link_now_ms()) < 0)
			left = 0;
		rc = poll(&pfd, 1, timeout_ms > 0 ? (int)left : -1);
		if (rc > 0)
			return 0;
		if (rc == 0)
			return err_set(e, "rien reçu depuis %d,%03d s : l'autre côté "
			    "ne répond plus", timeout_ms / 1000, timeout_ms % 1000);
		if (errno != EINTR)
			return err_set(e, "attente de données impossible : %s",
			    strerror(errno));
	}
}

static ssize_t
link_fd_read(struct link *l, void *p, size_t n, struct err *e)
{
	struct link_fd *f = (struct link_fd *)l;
	ssize_t r;

	if (f->rfd < 0)
		return err_set(e, "ce lien ne se lit pas (pas de descripteur en lecture)");
	for (;;) {
		if (l->timeout_ms > 0 &&
		    link_fd_wait(f->rfd, POLLIN, l->timeout_ms, e) != 0)
			return -1;
		r = read(f->rfd, p, n);
		if (r >= 0)
			return r;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if (link_fd_wait(f->rfd, POLLIN, l->timeout_ms, e) != 0)
				return -1;
			continue;
		}
		if (errno != EINTR)
			return err_set(e, "lecture impossible : %s", strerror(errno));
	}
}

/* One write; on a socket MSG_NOSIGNAL keeps a closed peer from raising
 * SIGPIPE. */
static ssize_t
link_fd_send(struct link_fd *f, const char *p, size_t n)
{
	if (f->wsock)
		return send(f->wfd, p, n, MSG_NOSIGNAL);
	return write(f->wfd, p, n);
}

static int
link_fd_write_all(struct link_fd *f, const char *p, size_t n, struct err *e)
{
	ssize_t w;

	while (n > 0) {
		w = link_fd_send(f, p, n);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (link_fd_wait(f->wfd, POLLOUT, 0, e) != 0)
				return -1;
			continue;
		}
		if (w < 0 && errno == EPIPE)
			return err_set(e, "l'autre côté a fermé la connexion");
		return err_set(e, "écriture impossible : %s",
		    w < 0 ? strerror(errno) : "aucun octet écrit");
	}
	return 0;
}

/* Outside sockets, SIGPIPE is blocked around the write and a SIGPIPE the
 * write raised is taken back before unblocking, so that neither the
 * process dies nor its callers need to ignore the signal. */
static int
link_fd_write(struct link *l, const void *p, size_t n, struct err *e)
{
	struct link_fd *f = (struct link_fd *)l;
	struct timespec zero = {0, 0};
	sigset_t pipe_set, pending, old;
	int rc, had_pending;

	if (f->wfd < 0)
		return err_set(e, "ce lien ne s'écrit pas (pas de descripteur en écriture)");
	if (f->wsock)
		return link_fd_write_all(f, p, n, e);
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigpending(&pending);
	had_pending = sigismember(&pending, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	rc = link_fd_write_all(f, p, n, e);
	if (rc != 0 && !had_pending) {
		while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
			continue;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
