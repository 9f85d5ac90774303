/* Works and work orders: what was done to dwellings, buildings and
 * estates, the orders sent to contractors and their events. */
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "demo_data.h"
#include "demo_internal.h"
#include "uid.h"

static const char *const wo_status[] = {
	"ordered", "scheduled", "done", "checked", "invoiced",
};

static const char *const wo_comments[] = {
	"Bon de travaux émis.",
	"Intervention planifiée avec l'entreprise.",
	"Travaux réalisés.",
	"Travaux contrôlés sur place.",
	"Facture reçue et rapprochée.",
};

const struct demo_work *
demo_works_kind(const char *kind)
{
	size_t i;

	for (i = 0; i < demo_nworks; i++)
		if (strcmp(demo_works[i].kind, kind) == 0)
			return &demo_works[i];
	abort(); /* a kind missing from demo_data.c is a bug */
}

/* 1 if works w can concern a place of that kind (d, b or e) in es; b is
 * the building, if any. */
static int
works_fit(const struct demo_estate *es, char place, int b, const struct demo_work *w)
{
	if (w->place != place || w->per_mille == 0)
		return 0;
	switch (w->requires) {
	case 'l':
		return b >= 0 && es->b[b].lift;
	case 'o':
		return es->year < 2000;
	case 'a':
		return es->access_control && es->year < 1995;
	}
	return 1;
}

int64_t
demo_works_cost(struct demo *d, const struct demo_work *w)
{
	return demo_rng_range(&d->rng, (int64_t)w->min_euros * 100,
	    (int64_t)w->max_euros * 100);
}

void
demo_write_works(struct demo *d, struct demo_estate *es, const struct demo_place *p,
    int64_t day, const char *kind, const char *what, int64_t cents, int trade,
    const char *work_order)
{
	char id[UID_SIZE], at[DT_STAMP_SIZE], on[DT_DATE_SIZE];
	int64_t t = demo_past(d, demo_work_time(d, day + demo_rng_range(&d->rng, 7, 45)));

	demo_id(d, id);
	RUN(d, Q_WORKS, "ttttttttitttt", id, p->kind == 'd' ? p->id : NULL,
	    p->kind == 'b' || p->kind == 'e' ? p->building_id : NULL,
	    p->kind == 'E' ? p->id : NULL, p->kind == 'c' ? p->id : NULL, demo_date(day, on),
	    kind, what, cents, es->agency->contractor[trade], work_order, demo_stamp(t, at),
	    es->agency->tech.id);
}

void
demo_write_event(struct demo *d, int q, const char *parent, int64_t t, const char *user,
    const char *from, const char *to, const char *comment)
{
	char id[UID_SIZE], at[DT_STAMP_SIZE];

	demo_stamp(t, at);
	demo_id(d, id);
	RUN(d, q, "ttttttttt", id, parent, at, user, from, to, comment, at, user);
}

/* times: ordered, scheduled, done, checked, invoiced; the order reaches
 * the last step already past. Invoiced orders become works. */
void
demo_write_work_order(struct demo *d, struct demo_estate *es, const struct demo_place *p,
    const char *claim, const char *item, int trade, const char *what,
    const int64_t times[5], int64_t cents, const char *works)
{
	char id[UID_SIZE], at[DT_STAMP_SIZE], ordered[DT_STAMP_SIZE], planned[DT_DATE_SIZE];
	const char *by = es->agency->tech.id, *contract = es->agency->contract[trade];
	int status = 0, i;

	if (times[0] >= d->now)
		return;
	while (status < 4 && times[status + 1] < d->now)
		status++;
	if (times[0] / DAY < es->agency->contract_from[trade])
		contract = NULL;
	demo_id(d, id); /* also the number until write_numbers() */
	demo_stamp(times[status], at);
	demo_stamp(times[0], ordered);
	demo_date(times[2] / DAY, planned);
	if (status >= 2)
		RUN(d, Q_WORK_ORDER, "tttttttttttttttitt", id, id, claim, item, NULL,
		    es->agency->contractor[trade], contract,
		    p->kind == 'd' ? p->id : NULL, p->kind == 'e' ? p->id : NULL,
		    p->kind == 'b' ? p->id : NULL, p->kind == 'c' ? p->id : NULL, what, planned,
		    wo_status[status], ordered, cents, at, by);
	else
		RUN(d, Q_WORK_ORDER, "tttttttttttttttntt", id, id, claim, item, NULL,
		    es->agency->contractor[trade], contract,
		    p->kind == 'd' ? p->id : NULL, p->kind == 'e' ? p->id : NULL,
		    p->kind == 'b' ? p->id : NULL, p->kind == 'c' ? p->id : NULL, what, planned,
		    wo_status[status], ordered, at, by);
	for (i = 0; i <= status; i++)
		demo_write_event(d, Q_WORK_ORDER_EVENT, id, times[i], by,
		    i ? wo_status[i - 1] : NULL, wo_status[i], wo_comments[i]);
	if (status == 4)
		demo_write_works(d, es, p, times[2] / DAY, works, what, cents, trade, id);
}

void
demo_write_dwelling_works(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw)
{
	struct demo_place p = {'d', dw->id, NULL};
	int64_t from = d->today - HISTORY_DAYS;
	size_t i;

	from = from < es->delivery + 5 * 365 ? es->delivery + 5 * 365 : from;
	for (i = 0; i < demo_nworks && from < d->today - 30; i++) {
		const struct demo_work *w = &demo_works[i];
		if (works_fit(es, 'd', -1, w) && demo_rng_pm(&d->rng, w->per_mille))
			demo_write_works(d, es, &p,
			    demo_rng_range(&d->rng, from, d->today - 30), w->kind,
			    w->description, demo_works_cost(d, w), w->trade, NULL);
	}
}

void
demo_write_estate_works(struct demo *d, struct demo_estate *es)
{
	const struct demo_work *insulation = demo_works_kind("insulation");
	struct demo_place p;
	int64_t from = d->today - HISTORY_DAYS, to = d->today - 30, day;
	size_t i;
	int b;

	from = from < es->delivery + 5 * 365 ? es->delivery + 5 * 365 : from;
	for (b = -1; b < es->nb; b++) {
		p.kind = b < 0 ? 'E' : 'b';
		p.id = p.building_id = b < 0 ? es->id : es->b[b].id;
		for (i = 0; i < demo_nworks && from < to; i++) {
			const struct demo_work *w = &demo_works[i];
			if (works_fit(es, p.kind == 'E' ? 'e' : 'b', b, w) &&
			    demo_rng_pm(&d->rng, w->per_mille))
				demo_write_works(d, es, &p, demo_rng_range(&d->rng, from, to),
				    w->kind, w->description, demo_works_cost(d, w), w->trade,
				    NULL);
		}
		if (b >= 0 && es->renovated) {
			day = demo_year_start(es->renovated) + demo_rng_range(&d->rng, 0, 300);
			demo_write_works(d, es, &p, day < to ? day : to, insulation->kind,
			    insulation->description, demo_works_cost(d, insulation),
			    insulation->trade, NULL);
		}
	}
}
