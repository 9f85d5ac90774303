/* A dwelling's history: fifteen years of leases and their tenants, the
 * entry and exit inspections of each, the refurbishment after an exit,
 * and the notes kept on it. */
#include <stdio.h>
#include <string.h>

#include "datetime.h"
#include "demo_data.h"
#include "demo_internal.h"
#include "uid.h"

/* ---- Occupancy: leases, tenants ---- */

static void
mobile_phone(struct demo *d, char out[24])
{
	/* 06 39 98: the mobile range Arcep keeps for fiction. */
	snprintf(out, 24, "06 39 98 %02d %02d", (int)demo_rng_below(&d->rng, 100),
	    (int)demo_rng_below(&d->rng, 100));
}

/* Fifteen years and more of leases: about one tenant in ten leaves each
 * year, a few weeks of vacancy between leases, some notices running,
 * some dwellings empty today. Returns the number of leases. */
static int
plan_leases(struct demo *d, struct demo_estate *es, struct demo_lease *l)
{
	int64_t window = d->today - HISTORY_DAYS, start, end, gap;
	int n = 0, years;

	/* Starts before the window and keeps only leases that reach into it:
	 * the dwelling was let long before the history begins. */
	if (es->delivery < window)
		start = window - demo_rng_below(&d->rng, window - es->delivery < 9000 ?
		    window - es->delivery : 9000);
	else
		start = es->delivery + demo_rng_below(&d->rng, 60);
	start = demo_weekday(start > d->today - 30 ? d->today - 30 : start);
	while (n < MAX_LEASES) {
		for (years = 0; years < 40 && !demo_rng_pm(&d->rng, 90); years++)
			;
		end = demo_weekday(start + years * 365 + demo_rng_range(&d->rng, 60, 364));
		if (end >= d->today + 60 || n == MAX_LEASES - 1) {
			l[n].start = start;
			l[n++].end = LEASE_OPEN;
			break;
		}
		if (end >= window) {
			l[n].start = start;
			l[n++].end = end;
		}
		if (end >= d->today)
			break; /* notice given: leaves within two months */
		gap = demo_rng_range(&d->rng, 8, 45);
		if (demo_rng_pm(&d->rng, 150))
			gap += demo_rng_range(&d->rng, 60, 400); /* refurbishment */
		start = demo_weekday(end + 1 + gap);
		if (start > d->today) {
			/* Vacant today; sometimes already let again. */
			if (start <= d->today + 30 && n < MAX_LEASES &&
			    demo_rng_pm(&d->rng, 500)) {
				l[n].start = start;
				l[n++].end = LEASE_OPEN;
			}
			break;
		}
	}
	return n;
}

static void
email_of(struct demo *d, const char *first, const char *last, char *out, size_t size)
{
	static const char *const domains[] = {
		"example.fr", "example.com", "example.org", "example.net",
	};
	char f[48], s[64];

	demo_ascii_slug(first, f, sizeof f);
	demo_ascii_slug(last, s, sizeof s);
	if (demo_rng_pm(&d->rng, 400))
		snprintf(out, size, "%s.%s%02d@%s", f, s, (int)demo_rng_below(&d->rng, 100),
		    domains[demo_rng_below(&d->rng, 4)]);
	else
		snprintf(out, size, "%s.%s@%s", f, s, domains[demo_rng_below(&d->rng, 4)]);
}

static void
write_tenants(struct demo *d, struct demo_estate *es, struct demo_lease *l, int64_t t)
{
	int anon = l->end != LEASE_OPEN && l->end + RGPD_DAYS + 60 < d->today;
	int k, female = demo_rng_pm(&d->rng, 550);
	const char *first, *last = NULL, *prev = NULL;
	char at[DT_STAMP_SIZE], phone[24], email[160];
	int64_t when = t;

	l->ntenants = demo_rng_pm(&d->rng, 380) ? 2 : 1;
	for (k = 0; k < l->ntenants; k++) {
		if (k == 1)
			female = demo_rng_pm(&d->rng, 850) ? !female : female;
		first = demo_rng_pick(&d->rng, female ? &demo_first_f : &demo_first_m);
		last = k == 1 && demo_rng_pm(&d->rng, 600) ? prev :
		    demo_rng_pick(&d->rng, &demo_last);
		prev = last;
		snprintf(l->name[k], sizeof l->name[k], "%s %s", first, last);
		mobile_phone(d, phone);
		email_of(d, first, last, email, sizeof email);
		demo_id(d, l->tenant[k]);
		if (anon) {
			/* Gone for five years: only the fact of the lease remains. */
			when = (l->end + RGPD_DAYS) * DAY + demo_rng_range(&d->rng, DAY,
			    50 * DAY);
			RUN(d, Q_TENANT, "tttttdtt", l->tenant[k], "Anonymisé", NULL, NULL,
			    NULL, 1, demo_stamp(demo_past(d, when), at), d->admin.id);
		} else {
			RUN(d, Q_TENANT, "tttttdtt", l->tenant[k], last, first,
			    demo_rng_pm(&d->rng, 920) ? phone : NULL,
			    demo_rng_pm(&d->rng, 700) ? email : NULL, 0, demo_stamp(t, at),
			    es->agency->agent.id);
		}
	}
}

static void
write_lease_row(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    struct demo_lease *l, int ordinal, int64_t signed_t)
{
	char at[DT_STAMP_SIZE], ref[128], start[DT_DATE_SIZE], end[DT_DATE_SIZE], id[UID_SIZE];
	int rate = es->year < 1976 ? 520 : es->year < 1991 ? 580 : es->year < 2006 ? 630 : 700;
	int64_t rent, t = signed_t;
	int k;

	/* Deposit: one month of rent without charges, in whole euros. */
	rate += (int)demo_rng_below(&d->rng, 150);
	rent = (int64_t)(dw->area * rate) / 100 * 100;
	if (l->end != LEASE_OPEN && l->end < d->today)
		t = demo_past(d, demo_work_time(d, l->end));
	snprintf(ref, sizeof ref, "%s-B%02d", dw->reference, ordinal);
	demo_id(d, l->id);
	RUN(d, Q_LEASE, "tttttitt", l->id, dw->id, ref, demo_date(l->start, start),
	    l->end == LEASE_OPEN ? NULL : demo_date(l->end, end), rent, demo_stamp(t, at),
	    es->agency->agent.id);
	for (k = 0; k < l->ntenants; k++) {
		demo_id(d, id);
		RUN(d, Q_LEASE_TENANT, "ttttt", id, l->id, l->tenant[k],
		    demo_stamp(signed_t, at), es->agency->agent.id);
	}
}

/* ---- A dwelling's history ---- */

static void
write_refurbishment(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    struct demo_lease *l, struct demo_insp *out)
{
	const struct demo_work *w = demo_works_kind("refurbishment");
	struct demo_place p = {'d', dw->id, NULL};
	int64_t times[5];
	int i;

	if (out->ndefects > 0) {
		/* The exit's defects become a refurbishment order. */
		times[0] = demo_office_hours(d,
		    out->done + demo_rng_range(&d->rng, DAY, 3 * DAY));
		for (i = 1; i < 5; i++)
			times[i] = demo_office_hours(d, times[i - 1] +
			    demo_rng_range(&d->rng, DAY, i == 4 ? 40 * DAY : 12 * DAY));
		demo_write_work_order(d, es, &p, NULL, out->defect, w->trade,
		    "Remise en état après l'état des lieux de sortie", times,
		    demo_works_cost(d, w), w->kind);
	} else if (demo_rng_pm(&d->rng, 600) && l->end + 30 < d->today) {
		demo_write_works(d, es, &p, l->end + demo_rng_range(&d->rng, 5, 25), w->kind,
		    w->description, demo_works_cost(d, w), w->trade, NULL);
	}
}

static void
write_exit(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    struct demo_lease *l)
{
	struct demo_insp in;

	memset(&in, 0, sizeof in);
	in.exit = 1;
	in.entry = l->move_in;
	in.done = in.signed_at = -1;
	if (l->end >= d->today) {
		/* Notice given: the exit and the advice visit are planned. */
		in.state = "draft";
		if (l->end <= d->today + 30) {
			in.kind = "move_out";
			in.planned = l->end;
			demo_write_inspection(d, es, dw, l, &in);
		}
		if (l->end >= d->today + 16) {
			in.kind = "pre_exit";
			in.planned = l->end - 15;
			demo_write_inspection(d, es, dw, l, &in);
		}
		return;
	}
	in.kind = demo_rng_pm(&d->rng, 8) ? "bailiff" : "move_out";
	in.planned = l->end;
	in.done = demo_work_time(d, l->end);
	if (l->end >= d->today - 4 && (demo_rng_pm(&d->rng, 300) || !es->sector->has_paper)) {
		/* Done this week, a signature pending: on paper for some, and
		 * for the sector's first, so that every gardien has one. */
		in.state = "ready";
		if (!es->sector->has_paper)
			in.kind = "move_out";
		in.paper = (!es->sector->has_paper || demo_rng_pm(&d->rng, 500)) &&
		    strcmp(in.kind, "move_out") == 0;
	} else {
		in.state = "signed";
		in.signed_at = in.done + demo_rng_range(&d->rng, 1800, 5400);
	}
	demo_write_inspection(d, es, dw, l, &in);
	write_refurbishment(d, es, dw, l, &in);
}

static void
write_lease(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    struct demo_lease *l, int ordinal)
{
	struct demo_insp in;
	int64_t signed_t;

	/* Signed a few days before the keys are handed over. */
	signed_t = demo_past(d, demo_work_time(d, l->start - demo_rng_range(&d->rng, 2, 20)));
	write_tenants(d, es, l, signed_t);
	write_lease_row(d, es, dw, l, ordinal, signed_t);
	memset(&in, 0, sizeof in);
	in.kind = "move_in";
	in.planned = l->start;
	if (l->start < d->today) {
		in.state = "signed";
		in.done = demo_work_time(d, l->start);
		in.signed_at = in.done + demo_rng_range(&d->rng, 1800, 5400);
	} else {
		in.state = "draft";
		in.done = in.signed_at = -1;
		/* Some entries to come are not planned yet: the gardien's home
		 * screen lists them. */
		if (demo_rng_pm(&d->rng, 400))
			return;
	}
	d->entry.nrooms = d->entry.nitems = 0;
	in.copy = &d->entry;
	demo_write_inspection(d, es, dw, l, &in);
	memcpy(l->move_in, in.id, UID_SIZE);
	demo_write_amendments(d, es, dw, l, &in);
	if (l->end != LEASE_OPEN)
		write_exit(d, es, dw, l);
}

static void
write_note(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw)
{
	char id[UID_SIZE], at[DT_STAMP_SIZE];
	const char *by = demo_rng_pm(&d->rng, 700) ? es->sector->gardien.id :
	    es->agency->tech.id;
	int64_t t = demo_past(d,
	    demo_work_time(d, d->today - demo_rng_range(&d->rng, 1, CLAIM_DAYS)));

	demo_stamp(t, at);
	demo_id(d, id);
	RUN(d, Q_NOTE, "ttttttt", id, dw->id, by, at,
	    demo_rng_pick(&d->rng, &demo_note_texts), at, by);
}

/* Ends a planned history on day `at`: the leases begun before it stay,
 * the last of them ending that day. Every history has a lease begun
 * four weeks before the anchor day at the latest, so one remains. */
static int
cut_history(struct demo_lease *l, int n, int64_t at)
{
	int k = 0;

	while (k < n && l[k].start < at)
		k++;
	if (k > 0)
		l[k - 1].end = at;
	return k;
}

/* For a sector still without a ready inspection awaiting a paper
 * signature: the tenant left this week. */
static int
plan_recent_exit(struct demo *d, struct demo_lease *l, int n)
{
	int k = cut_history(l, n,
	    demo_weekday_before(d->today - demo_rng_range(&d->rng, 1, 2)));

	return k > 0 ? k : n;
}

/* For a sector still without a pending amendment or a refusal to sign:
 * a new tenant moved in this week or last, after an exit of this month
 * (both recent, so with their parties). */
static int
plan_recent_entry(struct demo *d, struct demo_lease *l, int n)
{
	int64_t start = demo_weekday_before(d->today - demo_rng_range(&d->rng, 1, 7));
	int k = cut_history(l, n, demo_weekday_before(start - demo_rng_range(&d->rng, 5, 15)));

	if (k == 0)
		return n;
	if (k == MAX_LEASES)
		k--;
	l[k].start = start;
	l[k].end = LEASE_OPEN;
	return k + 1;
}

void
demo_write_dwelling_all(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    int recent_pm)
{
	struct demo_sector *s = es->sector;
	struct demo_lease l[MAX_LEASES];
	long left = s->dwellings - ++s->built;
	int n, i;

	demo_plan_dwelling(d, es, dw);
	demo_write_dwelling(d, es, dw);
	demo_write_dwelling_equipment(d, es, dw);
	demo_write_dwelling_works(d, es, dw);
	memset(l, 0, sizeof l);
	n = plan_leases(d, es, l);
	/* The sector's last two dwellings make up for what chance did not
	 * give it. */
	if (left == 1 && !s->has_paper)
		n = plan_recent_exit(d, l, n);
	if (left == 0 && (!s->has_pending || !s->has_refusal))
		n = plan_recent_entry(d, l, n);
	d->force_refusal = left == 0 && !s->has_refusal;
	for (i = 0; i < n; i++)
		write_lease(d, es, dw, &l[i], i + 1);
	d->force_refusal = 0;
	demo_write_dwelling_claims(d, es, dw, l, n, recent_pm);
	if (demo_rng_pm(&d->rng, 30))
		write_note(d, es, dw);
}
