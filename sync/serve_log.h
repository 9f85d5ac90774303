/* The log of `loge serve`: one line per event on stderr, which a person
 * reads and a script splits on spaces:
 *   2026-11-22T09:15:02Z pid=4242 event=auth result=ok user=gardien1 key=SHA256:...
 * Values are printable ASCII without spaces or quotes, or quoted; text
 * that came from a client goes through serve_log_safe first. */
#ifndef LOGE_SYNC_SERVE_LOG_H
#define LOGE_SYNC_SERVE_LOG_H

#include <stddef.h>

/* Writes one line "STAMP pid=N event=EVENT " followed by fmt, in one
 * write(2) so that lines of concurrent sessions never mix. */
void serve_log(const char *event, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A client-supplied text made safe for a log value: printable ASCII
 * except spaces, quotes and backslashes (each other byte becomes '?'),
 * at most size - 1 bytes; "-" for an empty or NULL text. */
const char *serve_log_safe(const char *s, char *out, size_t size);

#endif
