/* Rounds (rondes): a checklist per building or per estate (lights, lift,
 * fire doors, bins room...), gone through by a gardien one line at a
 * time. Each line's result is saved as soon as it is given, so that a
 * round cut short resumes where it stopped; an anomaly becomes a claim
 * in one call. A template is due frequency_days after its last finished
 * run, and at once if it was never done.
 *
 * Doing rounds needs the right to write PG_LOGBOOK (the gardien, the
 * administrator), within one's scope (patrimoine_scope); editing the
 * templates is the administrator's (PG_USERS write, as the
 * referentials). Functions that depend on the time take `now`
 * ("YYYY-MM-DDTHH:MM:SSZ", UTC; NULL: the clock); days are UTC days, as
 * every stamp. Each write is one transaction, signed with who and now.
 * Failures return -1 with a French message in e. */
#ifndef LOGE_ROUND_H
#define LOGE_ROUND_H

#include <stddef.h>

#include "datetime.h"
#include "err.h"
#include "patrimoine.h"
#include "uid.h"

struct db;
struct user;

#define ROUND_NAME_MAX 200     /* bytes: template names and line labels */
#define ROUND_COMMENT_MAX 2000 /* bytes */
#define ROUND_FREQUENCY_MAX 366
#define ROUND_CLAIM_NUMBER_SIZE 32 /* "R2026-000123", as CLAIM_NUMBER_SIZE */

enum round_result {
	ROUND_NONE,      /* no result yet */
	ROUND_OK,
	ROUND_ANOMALY,
	ROUND_UNCHECKED,
};

/* The stored code ("ok", "anomaly", "unchecked"; NULL for ROUND_NONE)
 * and the French label ("OK", "Anomalie", "Non vérifié", "À faire"). */
const char *round_result_code(enum round_result r);
const char *round_result_label(enum round_result r);

/* ---- Templates and when they are due ---- */

struct round_template_row {
	char id[UID_SIZE];
	char *name;
	enum place_kind place_kind;    /* PLACE_BUILDING or PLACE_ESTATE */
	char place_id[UID_SIZE];
	char *place;                   /* "Bâtiment A — Résidence X", "Résidence X" */
	int frequency_days;
	long items;
	char last_done[DT_STAMP_SIZE]; /* finished_at of its last run; "" never */
	char due[DT_DATE_SIZE];        /* the day it is due (today if never done) */
	long days_late;                /* today - due: negative if not due yet */
	int overdue;                   /* days_late > 0 */
	char open_run[UID_SIZE];       /* who's unfinished run of it; "" none */
};

/* The templates in who's scope, soonest due first. place_id NULL: all
 * of them; a building's id: its own and its estate's; an estate's id:
 * its own and its buildings'. Free with round_template_rows_free. */
int round_templates(struct db *db, const struct user *who, const char *place_id,
    const char *now, struct round_template_row **rows, size_t *n, struct err *e);
/* What the gardien's home screen lists: the templates of who's scope
 * that have lines and are due today or late, the most overdue first. */
int round_due(struct db *db, const struct user *who, const char *now,
    struct round_template_row **rows, size_t *n, struct err *e);
void round_template_rows_free(struct round_template_row *rows, size_t n);

/* ---- Doing a round ---- */

struct round_line {
	char item_id[UID_SIZE];
	int position;
	char *label;
	enum round_result result;
	char *comment;              /* NULL if none */
	char claim_id[UID_SIZE];    /* the claim made from this line; "" none */
	char *claim_number;         /* NULL if none */
};

struct round_run {
	char id[UID_SIZE];
	char template_id[UID_SIZE];
	char *name;                      /* the template's */
	char *place;                     /* as in round_template_row */
	char user_id[UID_SIZE];
	char *user_name;                 /* display name; the id if unknown */
	char started_at[DT_STAMP_SIZE];
	char finished_at[DT_STAMP_SIZE]; /* "" while it runs */
	struct round_line *lines;        /* by position */
	size_t nlines;
	long done;                       /* lines with a result */
	long anomalies;
};

/* Starts who's round of a template, or resumes who's unfinished one:
 * returns 0 started, 1 resumed, -1 error; run_id receives the run. A
 * template without lines is refused. */
int round_start(struct db *db, const struct user *who, const char *template_id,
    const char *now, char run_id[UID_SIZE], struct err *e);
/* The run with every line: all the template's lines while it runs (those
 * not done yet with ROUND_NONE), the lines it recorded once finished.
 * Clear with round_run_clear. */
int round_load(struct db *db, const struct user *who, const char *run_id,
    struct round_run *out, struct err *e);
void round_run_clear(struct round_run *r);
/* Records one line of who's unfinished run at once. An anomaly needs a
 * comment; other results take one optionally (NULL or blank: none).
 * Giving a line the result it has changes nothing; a line a claim was
 * made from no longer changes. */
int round_set(struct db *db, const struct user *who, const char *run_id,
    const char *item_id, enum round_result result, const char *comment, const char *now,
    struct err *e);
/* Ends who's run: the lines left without result are recorded
 * "unchecked" (their count in *unchecked, which may be NULL). */
int round_finish(struct db *db, const struct user *who, const char *run_id,
    const char *now, long *unchecked, struct err *e);

/* ---- Anomalies become claims ---- */

/* The claim category of a line, guessed from its label's words
 * ("Éclairage" electricity, "Ascenseur" lift, "Interphone" intercom,
 * "Porte", "coupe-feu", "Boîtes aux lettres" doors_locks, "Propreté",
 * "Tags", "graffiti", "poubelles" cleanliness, else "other"); *urgent
 * (may be NULL) is set for the lift and fire doors. A static string. */
const char *round_guess_category(const char *label, int *urgent);

/* Opens a claim for an anomaly line of a run (finished or not): on the
 * template's building (an estate's template: the estate's first building
 * by code, as an estate has no claim of its own), category guessed from
 * the label (or "other" if the guess is not in claim_category), urgency
 * urgent or normal, channel lodge, description "label : comment", due
 * after the urgency's target, numbered RYYYY-NNNNNN in the year of now.
 * Needs the rights to write PG_LOGBOOK and PG_CLAIMS and the template in
 * who's scope; refused for a line that is not an anomaly or already has
 * a claim. claim_id and number (both may be NULL) receive the claim. */
int round_anomaly_claim(struct db *db, const struct user *who, const char *run_id,
    const char *item_id, const char *now, char claim_id[UID_SIZE],
    char number[ROUND_CLAIM_NUMBER_SIZE], struct err *e);

/* ---- Editing templates (administrator only) ---- */

/* A template for a building (kind PLACE_BUILDING) or an estate
 * (PLACE_ESTATE), named (trimmed, 1 to ROUND_NAME_MAX bytes), due every
 * frequency_days (1 to ROUND_FREQUENCY_MAX). out_id may be NULL. */
int round_template_add(struct db *db, const struct user *who, enum place_kind kind,
    const char *place_id, const char *name, int frequency_days, const char *now,
    char out_id[UID_SIZE], struct err *e);
int round_template_rename(struct db *db, const struct user *who, const char *template_id,
    const char *name, const char *now, struct err *e);
int round_template_set_frequency(struct db *db, const struct user *who,
    const char *template_id, int frequency_days, const char *now, struct err *e);
/* Deletes a template never done, with its lines; one with runs is
 * refused (its history needs it). */
int round_template_delete(struct db *db, const struct user *who, const char *template_id,
    struct err *e);

/* The lines of a template by position (result ROUND_NONE), for who may
 * read it. Free with round_lines_free. */
int round_items(struct db *db, const struct user *who, const char *template_id,
    struct round_line **lines, size_t *n, struct err *e);
void round_lines_free(struct round_line *lines, size_t n);
/* Appends a line (label as a template name). out_id may be NULL. */
int round_item_add(struct db *db, const struct user *who, const char *template_id,
    const char *label, const char *now, char out_id[UID_SIZE], struct err *e);
int round_item_rename(struct db *db, const struct user *who, const char *item_id,
    const char *label, const char *now, struct err *e);
/* Deletes a line no run has recorded (else refused: rename it), and
 * closes the gap in the positions. */
int round_item_delete(struct db *db, const struct user *who, const char *item_id,
    const char *now, struct err *e);
/* Moves a line up (delta -1) or down (+1): 1 moved, 0 already at that
 * end, -1 error. */
int round_item_move(struct db *db, const struct user *who, const char *item_id, int delta,
    const char *now, struct err *e);

/* ---- History (core/round_history.c) ---- */

/* A finished run of a template, for the history of rounds. */
struct round_history_row {
	char run_id[UID_SIZE];
	char started_at[DT_STAMP_SIZE];
	char finished_at[DT_STAMP_SIZE];
	char *user_name;                 /* display name; the id if unknown */
	long ok, anomalies, unchecked;
	long claims;                     /* claims made from its anomalies */
};

/* The finished runs of a template in who's scope, the latest first (at
 * most limit, 0: all). Free with round_history_free. */
int round_history(struct db *db, const struct user *who, const char *template_id,
    size_t limit, struct round_history_row **rows, size_t *n, struct err *e);
void round_history_free(struct round_history_row *rows, size_t n);

/* A place a template may be attached to. */
struct round_place_row {
	enum place_kind kind;          /* PLACE_BUILDING or PLACE_ESTATE */
	char id[UID_SIZE];
	char *label;                   /* "Résidence X", "Résidence X — bâtiment A" */
};

/* The estates and buildings of who's scope, by estate name then building
 * code (each estate before its buildings), for choosing where a template
 * goes. Free with round_places_free. */
int round_places(struct db *db, const struct user *who, struct round_place_row **rows,
    size_t *n, struct err *e);
void round_places_free(struct round_place_row *rows, size_t n);

#endif
