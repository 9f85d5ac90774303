/* Checked allocation: these never return NULL; on exhaustion they print a
 * message and exit(1), because a half-allocated domain object is worse than
 * a clean stop (the database is transactional, nothing is lost). */
#ifndef LOGE_XALLOC_H
#define LOGE_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t nmemb, size_t size);
/* Returns a copy the caller frees; NULL in gives NULL out. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a formatted string the caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* A growable byte buffer, always NUL-terminated once anything is added. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the buffer's memory to the caller (who frees it) and resets b. */
char *buf_steal(struct buf *b);

#endif
