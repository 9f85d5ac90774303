/* The byte link under the sync protocol: one line-oriented stream, the
 * same whether it runs over stdin/stdout of `loge sync-server`, pipes, a
 * bundle file or an SSH channel (sync/ssh_link.h). A link is a small table
 * of operations (read, write, close) plus the read buffer shared by every
 * kind, so that framing lives in one place (link_read_line). */
#ifndef LOGE_SYNC_LINK_H
#define LOGE_SYNC_LINK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/err.h"
#include "core/xalloc.h"

struct link {
	/* read up to n bytes: >0 count, 0 end of stream, -1 error (set e) */
	ssize_t (*read)(struct link *l, void *p, size_t n, struct err *e);
	/* write all n bytes or -1 (set e) */
	int (*write)(struct link *l, const void *p, size_t n, struct err *e);
	void (*close)(struct link *l);   /* frees l */
	/* Bytes read and not yet consumed are in[in_off, in.len); the prefix
	 * holds lines already handed out, dropped lazily so that many short
	 * lines in one read cost no copying. */
	struct buf in;
	size_t in_off;
	size_t in_scan;      /* bytes from in_off already searched for "\n" */
	uint64_t bytes_in, bytes_out;  /* counted by link_read_line/link_write */
	int timeout_ms;      /* per read; 0 = none */
	int eof;             /* the read side saw the end of the stream */
};

/* Sets up the fields every kind of link shares (empty buffer, counters at
 * zero, no timeout); for the constructors of each kind. */
void link_init(struct link *l);
/* Frees what link_init set up; for the close operation of each kind. */
void link_release(struct link *l);

/* Reads one line (without its "\n"); 1 a line (*line points into l's
 * buffer, valid until the next call, followed by a NUL; *len its length),
 * 0 clean end of stream before any byte of a line, -1 error: a line longer
 * than max bytes ("trame trop longue"), end of stream inside a line
 * ("connexion coupée au milieu d'une trame"), I/O error, timeout. */
int link_read_line(struct link *l, const char **line, size_t *len, size_t max,
    struct err *e);
/* Writes all n bytes (a frame with its "\n"): 0 or -1 with e set. */
int link_write(struct link *l, const void *p, size_t n, struct err *e);

/* A link over file descriptors: stdin/stdout of `loge sync-server`, pipes,
 * a bundle file (wfd or rfd may be -1). The caller keeps the descriptors
 * and closes them after link_close, so that it can check close() of a
 * bundle written to a USB stick. A write to a pipe whose reader is gone
 * fails with EPIPE without killing the process (SIGPIPE is held back
 * around the write). The caller frees the link with link_close. */
struct link *link_fd_new(int rfd, int wfd);
/* Closes and frees l (NULL is allowed). */
void link_close(struct link *l);

#endif
