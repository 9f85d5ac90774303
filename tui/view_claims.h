/* Shared by the claim screens. */
#ifndef LOGE_VIEW_CLAIMS_H
#define LOGE_VIEW_CLAIMS_H

#include <stddef.h>

struct claim_choice;

/* One letter per category, so that a form and a filter choose it by one
 * key: the usual letter of a known code (p plomberie, e électricité, c
 * chauffage...), else the first free letter of its label; '.' when none
 * is left. Returns n letters (not NUL-terminated beyond n + 1 bytes),
 * which the caller frees. */
char *claims_category_keys(const struct claim_choice *cats, size_t n);

#endif
