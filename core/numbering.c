/* Claim and work order numbers (see numbering.h). */
#include "numbering.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "xalloc.h"

/* Without I and O: "R2026-O-0001" read out would be heard as a zero. */
static const char tag_letters[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
#define NLETTERS ((int64_t)sizeof tag_letters - 1)

/* Past 9 digits a number is not one of ours (and would overflow). */
#define SERIAL_DIGITS_MAX 9

int
numbering_tag(int64_t n, char out[NUMBERING_TAG_SIZE])
{
	char rev[NUMBERING_TAG_MAX];
	int k = 0, i;

	out[0] = '\0';
	if (n < 1)
		return -1;
	/* Bijective base 24: no letter plays the zero, so B and AB differ. */
	for (; n > 0; n = (n - 1) / NLETTERS) {
		if (k == NUMBERING_TAG_MAX)
			return -1;
		rev[k++] = tag_letters[(n - 1) % NLETTERS];
	}
	for (i = 0; i < k; i++)
		out[i] = rev[k - 1 - i];
	out[k] = '\0';
	return 0;
}

int
numbering_tag_ok(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0, i;

	if (n < 1 || n > NUMBERING_TAG_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr(tag_letters, s[i]) == NULL)
			return 0;
	return 1;
}

/* The highest serial of the series in table: the numbers that are the
 * series followed by 1 to 9 digits and nothing else. The range on number
 * keeps it to the year's rows of its index. */
static int
serial_last(struct db *db, const char *table, const char *series, int64_t *last,
    struct err *e)
{
	char *sql, *hi = xstrdup(series);
	int len = (int)strlen(series), rc;

	hi[len - 1] = '.'; /* the character after '-' */
	sql = xasprintf("SELECT coalesce(max(CAST(substr(number, ?2) AS INTEGER)), 0) FROM %s "
	    "WHERE number >= ?1 AND number < ?3 AND length(number) BETWEEN ?2 AND ?4 "
	    "AND NOT substr(number, ?2) GLOB '*[^0-9]*'", table);
	rc = db_int(db, e, last, sql, "tdtd", series, len + 1, hi, len + SERIAL_DIGITS_MAX);
	free(sql);
	free(hi);
	return rc == 1 ? 0 : -1;
}

int
numbering_next(struct db *db, const char *table, const char *prefix, const char *at,
    char *out, size_t size, struct err *e)
{
	char *tag = db_meta_get(db, "sync_tag"), series[32];
	int64_t last = 0;
	int width = 6, n;

	if (numbering_tag_ok(tag)) {
		snprintf(series, sizeof series, "%s%.4s-%s-", prefix, at, tag);
		width = 4;
	} else {
		snprintf(series, sizeof series, "%s%.4s-", prefix, at);
	}
	free(tag);
	if (serial_last(db, table, series, &last, e) != 0)
		return -1;
	n = snprintf(out, size, "%s%0*lld", series, width, (long long)last + 1);
	if (n < 0 || (size_t)n >= size)
		return err_set(e, "numéro trop long pour %s", table);
	return 0;
}
