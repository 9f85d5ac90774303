/* Claims (réclamations): taken at the lodge, on the phone, by letter, at
 * the agency counter or online, about one place (dwelling, entrance,
 * building or common area), followed up step by step until the tenant is
 * told the problem is solved.
 *
 * Workflow. Each step is an action; an action is allowed from the
 * statuses listed here and from no other (claim_edges in claim.c is this
 * table, and the only place that decides):
 *
 *   action    from                          to           note
 *   forward   new                           forwarded    to a service or a
 *                                                        work order
 *   start     new, forwarded                in_progress
 *   solve     new, forwarded, in_progress   solved       new: solved on the
 *                                                        spot at the lodge
 *   inform    solved                        informed     the tenant is told
 *   close     informed                      closed
 *   close     solved                        closed       only without a
 *                                                        tenant concerned
 *   reopen    solved, informed, closed      in_progress  comment required
 *
 * Reopening ("the tenant says it is not solved") has no status of its
 * own: the claim goes back to in_progress, its event reads "Rouverte :
 * <the tenant's words>", closed_at is cleared and the response target
 * runs again from the moment of reopening (a new due_at). Comments can be
 * added in every status, closed included: an event without status change.
 * Every step is one transaction: the claim's status (and closed_at,
 * due_at), and one claim_event with who, when, from, to and the comment.
 * Creating a work order from a new claim forwards it in the same
 * transaction (core/work_order.c).
 *
 * Response target. Each urgency has a target in hours (claim_urgency,
 * set by the administrator), counted either on the calendar or, when
 * working_days is 1, on working days only: the clock runs 24 hours a day
 * on Monday to Friday and stops on Saturdays, Sundays and French public
 * holidays (1 January, Easter Monday, 1 May, 8 May, Ascension Day, Whit
 * Monday, 14 July, 15 August, 1 November, 11 November, 25 December). So
 * 48 working hours from Friday 16:00 is Tuesday 16:00, and from Saturday
 * 10:00 is Wednesday 00:00 (the end of Tuesday). Days are UTC days, as
 * every stamp in Loge. A claim is overdue when now is past its due_at
 * while it is new, forwarded or in progress; once solved it no longer
 * is.
 *
 * Rights: writing needs PG_CLAIMS write (core/perm.h) and the place in
 * the user's scope (patrimoine_scope); reading PG_CLAIMS read, in scope.
 * Functions that depend on time take `now` ("YYYY-MM-DDTHH:MM:SSZ"; NULL
 * for the clock). */
#ifndef LOGE_CLAIM_H
#define LOGE_CLAIM_H

#include <stddef.h>
#include <stdint.h>

#include "datetime.h"
#include "err.h"
#include "patrimoine.h"
#include "uid.h"

struct db;
struct user;
struct work_order_row;

#define CLAIM_TEXT_MAX 4000   /* bytes of a description or comment, trimmed */
#define CLAIM_NUMBER_SIZE 32  /* "R2026-000123", a laptop's "R2026-B-0042" */
#define CLAIM_CODE_SIZE 16    /* status, urgency, channel codes */

/* The place a claim or a work order is about: exactly one of these. */
enum claim_place {
	CLAIM_PLACE_DWELLING,
	CLAIM_PLACE_ENTRANCE,
	CLAIM_PLACE_BUILDING,
	CLAIM_PLACE_COMMON_AREA,
	CLAIM_PLACE_COUNT
};

enum claim_status {
	CLAIM_NEW,
	CLAIM_FORWARDED,
	CLAIM_IN_PROGRESS,
	CLAIM_SOLVED,
	CLAIM_INFORMED,
	CLAIM_CLOSED,
	CLAIM_STATUS_COUNT
};

enum claim_action {
	CLAIM_FORWARD,
	CLAIM_START,
	CLAIM_SOLVE,
	CLAIM_INFORM,
	CLAIM_CLOSE,
	CLAIM_REOPEN,
	CLAIM_ACTION_COUNT
};

/* ---- Codes and labels (static strings) ---- */

/* "new", and "Nouvelle"; the status of a code, -1 if unknown. */
const char *claim_status_code(enum claim_status s);
const char *claim_status_label(enum claim_status s);
int claim_status_parse(const char *code);
/* "forward", and "Transmettre"; the action of a name, -1 if unknown. */
const char *claim_action_name(enum claim_action a);
const char *claim_action_label(enum claim_action a);
int claim_action_parse(const char *name);
/* "Urgence", "Urgent", "Normal" for the three urgency codes. */
const char *claim_urgency_label(const char *code);
/* The channels, in the order a form offers them: "lodge" "Loge",
 * "phone" "Téléphone", "letter" "Courrier", "counter" "Accueil de
 * l'agence", "online" "En ligne". */
#define CLAIM_NCHANNELS 5
const char *claim_channel_code(int i);
const char *claim_channel_label(const char *code);
/* "logement", "entrée", "bâtiment", "partie commune". */
const char *claim_place_label(enum claim_place k);

/* ---- Workflow rules (pure) ---- */

/* The status action a leads to from `from`, or -1 when the table refuses
 * it; has_tenant: a tenant is concerned (tenant_id set). */
int claim_next_status(enum claim_status from, int has_tenant, enum claim_action a);
/* The actions allowed from a status, one bit (1 << action) each: what a
 * screen offers. */
unsigned claim_actions(enum claim_status from, int has_tenant);
/* 1 if the action needs a comment (reopen). */
int claim_action_needs_comment(enum claim_action a);

/* ---- Time (pure) ---- */

/* 1 if the UTC day (days since 1970-01-01) is a French public holiday. */
int claim_public_holiday(int64_t day);
/* 1 if the day is Monday to Friday and not a public holiday. */
int claim_working_day(int64_t day);
/* The day of Easter Sunday of a Gregorian year (days since 1970-01-01). */
int64_t claim_easter(int year);
/* The due moment of a target of `hours` from `from` (a valid stamp): on
 * the calendar, or on working days only (see the note above). 0, or -1
 * when from is not a valid stamp or hours is not positive. */
int claim_due(const char *from, int hours, int working_days, char out[DT_STAMP_SIZE]);
/* 1 if a claim in that status (code) with that due moment (NULL or ""
 * for none) is overdue at now: now after due_at and the claim not yet
 * solved. */
int claim_overdue(const char *status, const char *due_at, const char *now);

/* ---- Writing ---- */

struct claim_new {
	enum claim_place place_kind;
	const char *place_id;
	const char *category;    /* claim_category.code */
	const char *urgency;     /* claim_urgency.code: emergency, urgent, normal */
	const char *channel;     /* lodge, phone, letter, counter, online */
	const char *tenant_id;   /* NULL: none; any tenant not anonymised (the
				  * caller proposes the dwelling's) */
	const char *description; /* trimmed; 1 to CLAIM_TEXT_MAX bytes */
};

/* Records a claim opened at now by who: checks every field (a French
 * message names the first wrong one), numbers it (claim_number_next), sets
 * due_at from the urgency's target, and writes its first event (→ new),
 * in one transaction. out_id and out_number (may be NULL) receive its id
 * and number. */
int claim_create(struct db *db, const struct user *who, const struct claim_new *c,
    const char *now, char out_id[UID_SIZE], char out_number[CLAIM_NUMBER_SIZE],
    struct err *e);
/* The next free number of the year of `at`, one above the highest of its
 * series in this database: R<year>-NNNNNN on the hub and on a database
 * that never synced, R<year>-<tag>-NNNN on a laptop, whose tag the hub
 * gave it (core/numbering.h), so that laptops working offline never take
 * the same number. */
int claim_number_next(struct db *db, const char *at, char out[CLAIM_NUMBER_SIZE],
    struct err *e);
/* Applies an action to a claim at now, as who, with an optional comment
 * (required to reopen): refused with a French message when the table
 * does not allow it from the claim's status. */
int claim_transition(struct db *db, const struct user *who, const char *claim_id,
    enum claim_action a, const char *comment, const char *now, struct err *e);
/* Adds a comment (an event without status change), in any status. */
int claim_comment(struct db *db, const struct user *who, const char *claim_id,
    const char *comment, const char *now, struct err *e);

/* ---- Reading ---- */

enum claim_sort {
	CLAIM_SORT_AGE,     /* oldest first */
	CLAIM_SORT_URGENCY, /* emergency, urgent, normal; oldest first in each */
	CLAIM_SORT_PLACE,   /* estate, building, place; oldest first */
	CLAIM_SORT_DUE,     /* nearest due first, those without due_at last */
};

struct claim_filter {
	const char *category;  /* code, NULL: all */
	int status;            /* enum claim_status, -1: all */
	int open_only;         /* 1: not closed (when status is -1) */
	const char *sector_id; /* NULL: all of who's scope */
	enum claim_sort sort;
	size_t offset;         /* rows skipped, for paging */
	size_t limit;          /* rows returned at most; 0: all */
};

struct claim_row {
	char id[UID_SIZE];
	char number[CLAIM_NUMBER_SIZE];
	enum claim_status status;
	char *category;         /* claim_category.code */
	char *category_label;   /* claim_category.label */
	char urgency[CLAIM_CODE_SIZE];
	enum claim_place place_kind;
	char place_id[UID_SIZE];
	char *place;            /* "G00001-A1-101", "Entrée 1 — 12 rue ...",
				 * "Bâtiment B", "Hall — Bâtiment A" */
	char *estate;           /* estate name */
	char opened_at[DT_STAMP_SIZE];
	char due_at[DT_STAMP_SIZE]; /* "" if none */
	int64_t age_hours;      /* from opened_at to now */
	int overdue;            /* claim_overdue at now */
	int has_tenant;
};

struct claim_page {
	struct claim_row *rows;
	size_t n;
	size_t total;   /* rows matching the filter, all pages */
	size_t overdue; /* of which overdue */
};

/* The claims who may read (a gardien's sectors, agency staff's agency,
 * everything for admin and auditeur) that match f, sorted, one page of
 * them, measured at now. Free with claim_page_free. */
int claim_list(struct db *db, const struct user *who, const struct claim_filter *f,
    const char *now, struct claim_page *out, struct err *e);
void claim_page_free(struct claim_page *p);

/* One event of a claim or a work order. */
struct claim_event_row {
	char id[UID_SIZE];
	char at[DT_STAMP_SIZE];
	char user_id[UID_SIZE];
	char *user;             /* display name; the id if unknown */
	char from[CLAIM_CODE_SIZE]; /* status codes; "" when none (creation, */
	char to[CLAIM_CODE_SIZE];   /* comment) */
	char *comment;          /* NULL if none */
	int reopen;             /* a claim's reopening */
};

struct claim {
	struct claim_row row;
	char sector_id[UID_SIZE];
	char channel[CLAIM_CODE_SIZE];
	char tenant_id[UID_SIZE]; /* "" if none */
	char *tenant;           /* "LAST First"; NULL if none or hidden */
	char *tenant_phone;     /* NULL if none or hidden */
	int tenant_hidden;      /* who may not read tenants' identity */
	char *description;
	char closed_at[DT_STAMP_SIZE]; /* "" if not closed */
	struct claim_event_row *events; /* oldest first */
	size_t nevents;
	struct work_order_row *orders;  /* oldest first, see core/work_order.h */
	size_t norders;
};

/* Loads one claim with its events and work orders (amounts hidden as
 * work_order_load does), overdue measured at now. Free with claim_free. */
int claim_load(struct db *db, const struct user *who, const char *claim_id, const char *now,
    struct claim **out, struct err *e);
void claim_free(struct claim *c);
void claim_events_free(struct claim_event_row *ev, size_t n);

/* The reference lists of a claim form: code and label of each category,
 * by label; of each urgency with its target (emergency first). Free with
 * claim_choices_free. */
struct claim_choice {
	char *code;
	char *label;
	int target_hours;   /* urgencies only */
	int working_days;   /* urgencies only */
};

int claim_categories(struct db *db, struct claim_choice **rows, size_t *n, struct err *e);
/* The common areas a claim taken from a place can be about, nearest
 * first: for an entrance or a building, the building's then its
 * estate's; for an estate, its own then its buildings'; none for other
 * places. code is the area's id, label "Hall — Bâtiment A" or "Espaces
 * verts — Résidence X". Free with claim_choices_free. */
int claim_common_areas(struct db *db, enum place_kind kind, const char *place_id,
    struct claim_choice **rows, size_t *n, struct err *e);
int claim_urgencies(struct db *db, struct claim_choice **rows, size_t *n, struct err *e);
void claim_choices_free(struct claim_choice *rows, size_t n);

#endif
