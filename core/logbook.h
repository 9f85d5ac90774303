/* The main courante: the gardien's journal. An entry is a moment, an
 * author, a text and optionally the dwelling, entrance or building it is
 * about; it is read by day, or searched without regard to case and
 * accents. */
#ifndef LOGE_LOGBOOK_H
#define LOGE_LOGBOOK_H

#include <stddef.h>

#include "datetime.h"
#include "err.h"
#include "patrimoine.h"
#include "uid.h"

struct db;
struct user;

#define LOGBOOK_TEXT_MAX 4000 /* bytes, after trimming */

struct logbook_row {
	char id[UID_SIZE];
	char at[DT_STAMP_SIZE];     /* YYYY-MM-DDTHH:MM:SSZ */
	char author_id[UID_SIZE];
	char *author;               /* display name; the id if unknown */
	enum place_kind place_kind; /* PLACE_NONE, _DWELLING, _ENTRANCE or _BUILDING */
	char place_id[UID_SIZE];    /* "" with PLACE_NONE */
	char *place;                /* "G00001-A1-101", "Entrée 1 — 25 rue ...",
				     * "Bâtiment B"; NULL with PLACE_NONE */
	char *text;
};

struct logbook_day {
	char day[DT_DATE_SIZE];
	long entries;
};

/* Adds an entry now, by who, about a place (kind PLACE_NONE with
 * place_id NULL, or PLACE_DWELLING / PLACE_ENTRANCE / PLACE_BUILDING).
 * The text is trimmed, must then be non-empty, valid UTF-8 without
 * control characters other than newline and tab, and at most
 * LOGBOOK_TEXT_MAX bytes. Refused, with a French message, to roles that
 * may not write PG_LOGBOOK. out_id receives the new entry's id (may be
 * NULL). */
int logbook_add(struct db *db, const struct user *who, const char *text,
    enum place_kind kind, const char *place_id, char out_id[UID_SIZE], struct err *e);

/* The entries who may read (their scope, see patrimoine_scope: a
 * gardien's own entries and those about their sectors; agency staff
 * those about their agency or written by its people; admin and auditeur
 * all), newest first; day (YYYY-MM-DD, UTC as the stamps) or NULL for
 * all days; search NULL or a substring matched regardless of case and
 * accents. Free with logbook_rows_free. */
int logbook_list(struct db *db, const struct user *who, const char *day, const char *search,
    struct logbook_row **rows, size_t *n, struct err *e);
void logbook_rows_free(struct logbook_row *rows, size_t n);

/* The days that have entries in who's scope, newest first, with their
 * counts. Free *days with free(). */
int logbook_days(struct db *db, const struct user *who, struct logbook_day **days, size_t *n,
    struct err *e);

/* Case- and accent-folded copy of UTF-8 text ("Électricité" gives
 * "electricite", "Œuvre" "oeuvre"), as the search compares. The caller
 * frees. */
char *logbook_fold(const char *s);

#endif
