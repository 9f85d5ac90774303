/* The one function through which text from the database reaches a
 * terminal, an export to a terminal or a log line. Control characters,
 * invalid bytes and invisible format characters are made visible instead
 * of being interpreted by the terminal. */
#ifndef LOGE_SANITIZE_H
#define LOGE_SANITIZE_H

#include <stddef.h>

enum {
	SAN_NEWLINE = 1 << 0, /* keep \n as is (multi-line layouts) */
	SAN_TAB = 1 << 1,     /* keep \t as is */
	SAN_ASCII = 1 << 2,   /* transliterate to ASCII (C locale) */
};

/* Returns a sanitised copy of s (len bytes); the caller frees it.
 * C0 controls and DEL become ^X, invalid bytes \xNN, C1 controls and
 * bidirectional or zero-width format characters <U+XXXX>. */
char *sanitize(const char *s, size_t len, int flags);
/* Same for a NUL-terminated string; NULL gives "". */
char *sanitize_str(const char *s, int flags);
/* ASCII replacement for a code point above 0x7f, or NULL if none is known. */
const char *sanitize_ascii(unsigned int cp);

#endif
