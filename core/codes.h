/* Tables of codes and their French labels, {"code", "label"} rows, as
 * every module keeps them (statuses, kinds, channels): one lookup. */
#ifndef LOGE_CODES_H
#define LOGE_CODES_H

#include <stddef.h>

#define CODES_N(table) (sizeof (table) / sizeof (table)[0])

/* The row of code, or -1 (code NULL included). */
int codes_find(const char *const table[][2], size_t n, const char *code);
/* The label of code; an unknown code gives itself, NULL gives unknown. */
const char *codes_label(const char *const table[][2], size_t n, const char *code,
    const char *unknown);

#endif
