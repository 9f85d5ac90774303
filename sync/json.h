/* The frame layer of the sync protocol (man/loge-sync.5): a strict JSON
 * reader that builds a cJSON tree, and a writer that gives one canonical
 * text per tree.
 *
 * cJSON's own parser accepts too much (duplicate keys, lone surrogates,
 * invalid UTF-8, 2^64 silently rounded), so json_parse reads the text itself
 * and only uses cJSON for the nodes; the rest of sync/ reads trees with
 * cJSON's accessors and the helpers below.
 *
 * Numbers: cJSON keeps a double, which loses integers above 2^53, so every
 * number node made here (by json_parse, json_new_int, json_new_real) also
 * holds its exact text in valuestring (cJSON_Delete frees valuestring for
 * any non-reference node, cJSON_Duplicate copies it). Read numbers with
 * json_int/json_real, never valueint. A number changed afterwards with
 * cJSON_SetNumberValue no longer matches its text: the writer notices and
 * falls back to the double. */
#ifndef LOGE_SYNC_JSON_H
#define LOGE_SYNC_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/err.h"
#include "core/xalloc.h"

#define JSON_MAX_FRAME 1048576	/* bytes in one frame, newline excluded */
#define JSON_MAX_DEPTH 8	/* the top object is depth 1 */

/* Parses one frame (without its line feed) into *out, which the caller
 * frees with cJSON_Delete. Returns 0, or -1 with *out NULL and a French
 * message in e naming the byte offset (from 0) of the fault.
 *
 * Refused: more than JSON_MAX_FRAME bytes; a top value that is not an
 * object; depth over JSON_MAX_DEPTH; invalid UTF-8 anywhere; any NUL byte
 * and the escape \u0000; unpaired surrogate escapes; control characters
 * below 0x20 inside strings; a key twice in one object (compared after
 * unescaping); anything before or after the object (whitespace between
 * tokens inside it is allowed); numbers outside the JSON grammar (leading
 * zeros, "+1", ".5", "1.", NaN, Infinity); an integer (no fraction, no
 * exponent) outside int64_t; a real that overflows a double (1e999).
 * A real that underflows (1e-999) is accepted: it reads as 0 or a
 * subnormal, and keeps its text. */
int json_parse(const char *text, size_t len, cJSON **out, struct err *e);

/* 0 and the value if item is a number whose text is an integer in range
 * (what json_write would print as an integer), else -1. */
int json_int(const cJSON *item, int64_t *out);
/* 0 and the value for any number, else -1. */
int json_real(const cJSON *item, double *out);
/* The string member key of obj, or NULL if missing or not a string. The
 * pointer belongs to the tree. */
const char *json_str(const cJSON *obj, const char *key);
/* json_int on the member key of obj; -1 if missing or not an integer. */
int json_get_int(const cJSON *obj, const char *key, int64_t *out);

/* New number nodes holding their exact text; the caller owns them (attach
 * to a tree or cJSON_Delete). json_new_real aborts on NaN or infinity (a
 * bug) and always writes a real ("2.0", not "2"): %.15g, else %.16g, else
 * %.17g, the first that reads back as the same double. */
cJSON *json_new_int(int64_t v);
cJSON *json_new_real(double v);

/* Appends the canonical compact text of item to b: no spaces, members in
 * insertion order, strings with only " \ and controls escaped (\b \t \n \f
 * \r, else \u00xx) and the rest as UTF-8 (invalid bytes from a tree built
 * by code become U+FFFD), numbers from their text when it still matches
 * their value, else integral doubles below 2^53 as integers and other
 * doubles as json_new_real without its ".0". Aborts on non-finite
 * numbers and cJSON_Raw nodes (bugs). For any frame json_parse accepts,
 * writing, reparsing and writing again gives the same bytes. */
void json_write(struct buf *b, const cJSON *item);
/* Streaming pieces of the same text: a quoted string, an integer, a real
 * (as json_new_real writes it). */
void jw_str(struct buf *b, const char *s);
void jw_int(struct buf *b, int64_t v);
void jw_real(struct buf *b, double v);

#endif
