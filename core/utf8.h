/* UTF-8: validation on the way into the database, decoding for display,
 * and Latin-1 conversion for old RPLS files. */
#ifndef LOGE_UTF8_H
#define LOGE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
 * Returns 1 if valid. NUL bytes inside len are refused. */
int utf8_valid(const char *s, size_t len);
/* Offset of the first invalid byte, or len if all valid. */
size_t utf8_invalid_at(const char *s, size_t len);
/* Decodes one code point at s; returns its byte length (1..4), or 0 if the
 * bytes at s are not valid UTF-8 (then *cp is the raw byte). */
int utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encodes cp into out (at least 4 bytes); returns the byte length. */
int utf8_encode(uint32_t cp, char *out);
/* Returns a UTF-8 copy of Latin-1 text; the caller frees it. */
char *utf8_from_latin1(const char *s, size_t len);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);

struct err;
/* Text that terminals and logs will show: valid UTF-8, at most max
 * bytes, no control character; 0, or -1 with a message that names it
 * (what: "nom affiché"). */
int utf8_check_text(const char *what, const char *s, size_t len, size_t max,
    struct err *e);

#endif
