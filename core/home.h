/* The home screen's data, per role: a gardien sees their sectors, today's
 * logbook and what awaits them (claims to follow up, inspections to do,
 * leases ending or starting, entry inspections that may still be
 * amended, rounds due); agency staff the same across their agency; admin and
 * auditeur across all agencies. Each list is cut at HOME_LIST_MAX rows,
 * oldest or nearest first, with its full count beside it. */
#ifndef LOGE_HOME_H
#define LOGE_HOME_H

#include <stddef.h>

#include "datetime.h"
#include "err.h"
#include "logbook.h"
#include "patrimoine.h"
#include "round.h"
#include "uid.h"

struct db;
struct user;

#define HOME_LIST_MAX 50
#define HOME_AHEAD_DAYS 30

/* A claim not closed yet. */
struct home_claim {
	char id[UID_SIZE];
	char *number;
	char *place;            /* dwelling reference, "Entrée 1 — ...", "Hall — Bâtiment A" */
	char *category;         /* French label (claim_category.label) */
	char status[16];        /* code: new, forwarded, ... */
	const char *status_label; /* French, static */
	char opened_at[DT_STAMP_SIZE];
	char due_at[DT_STAMP_SIZE]; /* "" if none */
	long age_days;          /* since it was opened */
	int overdue;            /* due before now and not solved yet */
};

/* An inspection in draft or ready state planned within HOME_AHEAD_DAYS,
 * or before today; an amendment of an entry among them. */
struct home_inspection {
	char id[UID_SIZE];
	char dwelling_id[UID_SIZE];
	char *dwelling;         /* reference */
	char kind[16];          /* code: move_in, move_out, pre_exit, bailiff */
	char amendment_kind[12]; /* ten_day, heating; "" if not an amendment */
	const char *kind_label; /* "entrée", "sortie", "avenant (10 jours)", ... static */
	char state[8];          /* draft, ready */
	char planned[DT_DATE_SIZE];
	int overdue;            /* planned before today */
};

/* A lease ending within HOME_AHEAD_DAYS: a "sortie à prévoir". */
struct home_exit {
	char lease_id[UID_SIZE];
	char dwelling_id[UID_SIZE];
	char *dwelling;         /* reference */
	char end_date[DT_DATE_SIZE];
	int exit_planned;       /* a move_out inspection exists for the lease */
};

/* A lease starting within HOME_AHEAD_DAYS without an entry inspection
 * planned: an "entrée à prévoir". */
struct home_entry {
	char lease_id[UID_SIZE];
	char dwelling_id[UID_SIZE];
	char *dwelling;         /* reference */
	char start_date[DT_DATE_SIZE];
};

/* A signed entry inspection that the tenant may still have completed
 * today: within ten days of entry (ten_day), or during the first month
 * of the heating season after an entry out of it (heating); see
 * inspection_deadlines(). One line per window open, none once an
 * amendment of that kind is signed. */
struct home_deadline {
	char inspection_id[UID_SIZE]; /* the signed entry */
	char dwelling_id[UID_SIZE];
	char *dwelling;         /* reference */
	char entry_date[DT_DATE_SIZE];
	char kind[12];          /* ten_day, heating */
	char until[DT_DATE_SIZE]; /* the window's last day */
	char amendment_id[UID_SIZE]; /* the amendment under way (draft, ready), "" */
	char amendment_state[8];
};

struct home {
	enum scope_kind scope;
	char today[DT_DATE_SIZE];
	char now[DT_STAMP_SIZE];    /* today at the clock's time of day */
	char *title;                /* "Vos secteurs", "Agence Lyon Est", "Toutes les agences" */

	struct agency_row *agencies; /* all (SCOPE_ALL) or one's own (SCOPE_AGENCY) */
	size_t nagencies;
	struct sector_row *sectors;  /* a gardien's, or the agency's */
	size_t nsectors;

	/* A list the role may not read is empty with its *_hidden set. */
	struct logbook_row *logbook; /* today's, newest first */
	size_t nlogbook;
	int logbook_hidden;

	struct home_claim *claims;   /* oldest first */
	size_t nclaims;
	long claims_total;
	long claims_overdue;
	int claims_hidden;

	struct home_inspection *inspections; /* nearest first */
	size_t ninspections;
	long inspections_total;
	int inspections_hidden;

	struct home_exit *exits;     /* nearest first */
	size_t nexits;
	long exits_total;
	int exits_hidden;

	struct home_entry *entries;  /* nearest first */
	size_t nentries;
	long entries_total;
	int entries_hidden;

	struct home_deadline *deadlines; /* the nearest deadline first */
	size_t ndeadlines;
	long deadlines_total;
	long deadlines_pending;      /* with an amendment under way */
	int deadlines_hidden;

	struct round_template_row *rounds; /* due today or late, most overdue first */
	size_t nrounds;
	long rounds_total;
	int rounds_hidden;           /* PG_LOGBOOK not readable */
};

/* Loads who's home as of today (YYYY-MM-DD). *out is freed with
 * home_free. */
int home_load(struct db *db, const struct user *who, const char *today, struct home **out,
    struct err *e);
void home_free(struct home *h);

/* French labels: "Nouvelle", "Transmise", ... and "entrée", "sortie",
 * "pré-état des lieux", "constat d'huissier", and for amendments
 * "avenant (10 jours)", "avenant (chauffage)"; the code itself if
 * unknown. */
const char *home_claim_status_label(const char *status);
const char *home_inspection_kind_label(const char *kind);
const char *home_amendment_label(const char *amendment_kind);

#endif
