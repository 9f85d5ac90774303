/* Base64 (RFC 4648, with padding): attachment chunks in sync frames,
 * SSH public keys. The decoder is strict: no whitespace, no missing or
 * stray padding, no non-zero bits after the last byte, so that one text
 * stands for one content. */
#ifndef LOGE_BASE64_H
#define LOGE_BASE64_H

#include <stddef.h>

#include "xalloc.h"

/* Appends the encoding of n bytes of p to out, then a NUL (not counted
 * in out->len). */
void base64_encode(const void *p, size_t n, struct buf *out);
/* Appends the bytes of the n characters of s to out; -1 when s is not
 * canonical base64 (out may then hold part of the bytes). */
int base64_decode(const char *s, size_t n, struct buf *out);

#endif
