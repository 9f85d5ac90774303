/* Dashboards (issue 7): named tables of figures over a part of the
 * patrimoine and a period, for the agency and the head office, written
 * as CSV for spreadsheets or as an 80-column text table. */
#ifndef LOGE_REPORT_H
#define LOGE_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "datetime.h"
#include "err.h"

struct db;
struct user;

#define REPORT_MAX_COLS 8

enum report_col_kind { REPORT_TEXT, REPORT_INT };

struct report_col {
	const char *title;          /* French */
	enum report_col_kind kind;
};

struct report_cell {
	char *text;   /* REPORT_TEXT, owned */
	int64_t num;  /* REPORT_INT; -1 shown as "-" (no value) */
};

/* A trend over the period: one figure per month (periods of 90 days
 * and more) or per week, for a sparkline. Figures are counts, or the
 * median of the month's values (-1 when it had none). */
#define REPORT_TREND_MAX 60
struct report_trend {
	const char *title;      /* French: "Réclamations reçues" */
	int monthly;            /* 1: months, 0: weeks of 7 days from `from` */
	int median;             /* 1: medians in hours, 0: counts */
	size_t n;
	int64_t v[REPORT_TREND_MAX];
	char first[DT_DATE_SIZE]; /* the first day of v[0] */
};

struct report {
	const char *name;   /* "claims-open" */
	const char *title;  /* French */
	char from[DT_DATE_SIZE], to[DT_DATE_SIZE];
	char at[DT_DATE_SIZE];  /* the day of now */
	int snapshot;           /* figures as of `at`, not over the period */
	size_t ncols;
	struct report_col cols[REPORT_MAX_COLS];
	int bar_col;        /* the count the text bar shows, -1 none */
	size_t nrows, cap;
	struct report_cell *cells; /* nrows * ncols */
	struct report_trend trend;
};

/* Which part of the patrimoine: the user's own scope, narrowed to one
 * agency, sector or estate (given by code or id). */
enum report_scope { REPORT_SCOPE_USER, REPORT_SCOPE_AGENCY, REPORT_SCOPE_SECTOR,
	REPORT_SCOPE_ESTATE };

struct report_params {
	const char *from, *to;  /* dates, both days included */
	const char *now;        /* stamp: ages, overdue, vacancy are measured then */
	enum report_scope scope;
	const char *scope_arg;  /* code or id, for all but REPORT_SCOPE_USER */
};

/* The reports: name and French title of the i-th, NULL past the last. */
const char *report_name(size_t i);
const char *report_title(size_t i);
/* 1 if name is a report. */
int report_known(const char *name);

/* Computes report name for who over p into out (free with report_free).
 * 0 ok; -1 with e set: unknown report or place, a right who lacks (the
 * group's French refusal), or a database error. */
int report_run(struct db *db, const struct user *who, const char *name,
    const struct report_params *p, struct report *out, struct err *e);
void report_free(struct report *r);

/* The first day of the i-th step of the trend ("2026-03-01" for a month,
 * the week's first day otherwise). */
void report_trend_day(const struct report *r, size_t i, char out[DT_DATE_SIZE]);
/* The place a dashboard is narrowed to, found by its code or id among
 * agencies, then sectors, then estates: 0 with *scope and a display name
 * ("Agence Nord-Est", owned by the caller) set; -1 with a French message
 * when none has that code. Empty or NULL code: who's whole scope. */
int report_scope_find(struct db *db, const char *code, enum report_scope *scope,
    char **name, struct err *e);
/* The agencies, sectors and estates of who's scope, one "CODE Name"
 * line each (agencies first, then sectors, then estates, by code), for a
 * chooser that completes them. Free with report_places_free. */
int report_places(struct db *db, const struct user *who, char ***lines, size_t *n,
    struct err *e);
void report_places_free(char **lines, size_t n);
/* ';'-separated, a header line then one line per row; 0 or -1 (write
 * error). */
int report_write_csv(const struct report *r, FILE *f);
/* A title line, the period, then a table at most 80 columns wide whose
 * last column is a bar of '#' scaled to the largest value of bar_col,
 * then the trend's figures, month by month (or week by week). */
int report_write_txt(const struct report *r, FILE *f);

#endif
