/* Claims (réclamations) from tenants and from the gardien's rounds,
 * on dwellings and on common parts, with their events and orders. */
#include <string.h>

#include "datetime.h"
#include "demo_data.h"
#include "demo_internal.h"
#include "uid.h"

static const char *const claim_status[] = {
	"new", "forwarded", "in_progress", "solved", "informed", "closed",
};

static const char *const claim_comments[] = {
	"Réclamation enregistrée.", "Transmis pour intervention.", "Intervention planifiée.",
	"Intervention réalisée.", "Locataire informé de la résolution.",
	"Clôturée après confirmation.",
};

/* Per urgency, the delay before each next status, from forwarded to
 * closed (seconds, low and high). */
static const struct demo_pace {
	int64_t lo[5], hi[5];
} paces[3] = {
	{{600, 1800, HOUR, HOUR, DAY}, {HOUR, 3 * HOUR, 20 * HOUR, 2 * DAY, 10 * DAY}},
	{{1800, 4 * HOUR, DAY, 1800, 2 * DAY}, {8 * HOUR, 3 * DAY, 5 * DAY, 3 * DAY, 20 * DAY}},
	{{HOUR, DAY, 2 * DAY, HOUR, 3 * DAY}, {3 * DAY, 15 * DAY, 30 * DAY, 7 * DAY, 30 * DAY}},
};

static int
urgency_index(const char *code)
{
	int i;

	for (i = 0; i < 2; i++)
		if (strcmp(demo_urgencies[i].code, code) == 0)
			return i;
	return 2;
}

static int
category_trade(const char *code)
{
	size_t i;

	for (i = 0; i < demo_ncategories; i++)
		if (strcmp(demo_categories[i].code, code) == 0)
			return demo_categories[i].trade;
	return DEMO_TRADE_MULTI;
}

static void
claim_users(struct demo *d, struct demo_estate *es, int lodge, int trade, const char *who[6])
{
	const char *gardien = es->sector->gardien.id, *agent = es->agency->agent.id;

	who[0] = who[1] = lodge ? gardien : agent;
	who[2] = who[3] = trade >= 0 ? es->agency->tech.id : agent;
	who[4] = demo_rng_pm(&d->rng, 500) ? gardien : agent;
	who[5] = agent;
}

static void
claim_order(struct demo *d, struct demo_estate *es, const struct demo_place *p,
    const char *claim, const struct demo_claim_text *txt, const int64_t t[6], int trade)
{
	int64_t w[5];

	int i;

	w[0] = t[1] + demo_rng_range(&d->rng, 300, 2 * HOUR);
	w[1] = t[2] > w[0] + 1800 ? t[2] : w[0] + 1800;
	w[2] = t[3] > w[1] + HOUR ? t[3] : w[1] + HOUR;
	w[3] = w[2] + demo_rng_range(&d->rng, DAY, 5 * DAY);
	w[4] = w[3] + demo_rng_range(&d->rng, 10 * DAY, 40 * DAY);
	for (i = 3; i < 5; i++)
		w[i] = demo_office_hours(d, w[i]);
	demo_write_work_order(d, es, p, claim, NULL, trade, txt->text, w,
	    demo_rng_range(&d->rng, 9000, 150000), "repair");
}

void
demo_write_claim(struct demo *d, struct demo_estate *es, const struct demo_place *p,
    const struct demo_claim_text *txt, int64_t opened, const char *tenant,
    const char *channel, char id[UID_SIZE])
{
	int u = urgency_index(txt->urgency), trade = category_trade(txt->category);
	int stalled = demo_rng_pm(&d->rng, 120), status = 0, last = 5, i;
	const struct demo_urgency *urg = &demo_urgencies[u];
	char at[DT_STAMP_SIZE], op[DT_STAMP_SIZE], due[DT_STAMP_SIZE], closed[DT_STAMP_SIZE];
	const char *who[6];
	int64_t t[6];

	t[0] = opened;
	for (i = 1; i < 6; i++) {
		t[i] = t[i - 1] + demo_rng_range(&d->rng, paces[u].lo[i - 1],
		    paces[u].hi[i - 1]) * (i == 3 && stalled ? 4 : 1);
		/* Emergencies are handled at once, by the on-call service. */
		if (u != 0 || i > 3)
			t[i] = demo_office_hours(d, t[i]);
	}
	/* A few are forgotten on the way, never closed: the old claims an
	 * agency finds when it looks at what is still open. */
	if (demo_rng_pm(&d->rng, 4))
		last = (int)demo_rng_range(&d->rng, 1, 4);
	while (status < last && t[status + 1] < d->now)
		status++;
	claim_users(d, es, strcmp(channel, "lodge") == 0, trade, who);
	demo_id(d, id); /* also the number until write_numbers() */
	RUN(d, Q_CLAIM, "ttttttttttttttttt", id, id, p->kind == 'd' ? p->id : NULL,
	    p->kind == 'e' ? p->id : NULL, p->kind == 'b' ? p->id : NULL,
	    p->kind == 'c' ? p->id : NULL, txt->category, txt->urgency, channel, tenant,
	    txt->text, claim_status[status], demo_stamp(opened, op),
	    demo_stamp(demo_add_working_hours(opened, urg->hours, urg->working_days), due),
	    status == 5 ? demo_stamp(t[5], closed) : NULL, demo_stamp(t[status], at),
	    who[status]);
	for (i = 0; i <= status; i++)
		demo_write_event(d, Q_CLAIM_EVENT, id, t[i], who[i],
		    i ? claim_status[i - 1] : NULL, claim_status[i], claim_comments[i]);
	if (trade >= 0 && status >= 1 && demo_rng_pm(&d->rng, 600))
		claim_order(d, es, p, id, txt, t, trade);
}

/* 1 from May to September, when the heating is off. */
static int
summer(int64_t day)
{
	char date[DT_DATE_SIZE];
	int month;

	dt_from_days(day, date);
	month = (date[5] - '0') * 10 + (date[6] - '0');
	return month >= 5 && month <= 9;
}

/* A text for a claim on that day: no lift where there is none, and
 * heating mostly complained of in the heating season. */
static const struct demo_claim_text *
pick_text(struct demo *d, char place, int lift, int64_t day)
{
	int p = (int)(strchr("debc", place) - "debc"), tries, warm = summer(day);
	const struct demo_claim_text *t = NULL;

	for (tries = 0; tries < 8; tries++) {
		t = &demo_claim_texts[d->texts[p][demo_rng_below(&d->rng,
		    (int64_t)d->ntexts[p])]];
		if (!lift && strcmp(t->category, "lift") == 0)
			continue;
		if (warm && strcmp(t->category, "heating") == 0 && demo_rng_pm(&d->rng, 800))
			continue;
		break;
	}
	return t;
}

static const char *
pick_channel(struct demo *d)
{
	int r = (int)demo_rng_below(&d->rng, 100);

	return r < 40 ? "lodge" : r < 70 ? "phone" : r < 85 ? "online" : r < 95 ? "counter" :
	    "letter";
}

void
demo_write_dwelling_claims(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    const struct demo_lease *l, int nl, int recent_pm)
{
	struct demo_building *b = &es->b[es->en[dw->entrance].building];
	struct demo_place p = {'d', dw->id, b->id};
	const char *tenant;
	char id[UID_SIZE];
	int n = 0, i, j;
	int64_t day;

	/* 0.3 a year on average. */
	for (i = 0; i < 10; i++)
		n += demo_rng_pm(&d->rng, 150);
	for (i = 0; i <= n; i++) {
		if (i < n)
			day = d->today - demo_rng_range(&d->rng, 1, CLAIM_DAYS);
		else if (demo_rng_pm(&d->rng, recent_pm))
			day = d->today - demo_rng_range(&d->rng, 1, 21); /* things to do now */
		else
			break;
		for (tenant = NULL, j = 0; j < nl; j++)
			if (l[j].start <= day && (l[j].end == LEASE_OPEN || l[j].end >= day))
				tenant = l[j].tenant[0];
		demo_write_claim(d, es, &p, pick_text(d, 'd', b->lift, day),
		    demo_past(d, demo_work_time(d, day)), tenant,
		    tenant ? pick_channel(d) : "lodge", id);
	}
}

/* A common area near an entrance: its building's, or the estate's. */
static const char *
pick_area(struct demo *d, struct demo_estate *es, int building)
{
	const struct demo_area *a = NULL;
	int tries;

	for (tries = 0; tries < 8; tries++) {
		a = &es->ca[demo_rng_below(&d->rng, es->nca)];
		if (a->building == building || a->building < 0)
			break;
	}
	return a->id;
}

void
demo_write_common_claims(struct demo *d, struct demo_estate *es)
{
	struct demo_place p;
	char id[UID_SIZE];
	int e, n, k, r;
	int64_t t, day;

	for (e = 0; e < es->nen; e++) {
		struct demo_building *b = &es->b[es->en[e].building];
		/* 0.5 a year on average. */
		for (n = 0, k = 0; k < 10; k++)
			n += demo_rng_pm(&d->rng, 250);
		for (k = 0; k < n; k++) {
			r = (int)demo_rng_below(&d->rng, 100);
			p.building_id = b->id;
			if (r < 50)
				p.kind = 'e', p.id = es->en[e].id;
			else if (r < 75)
				p.kind = 'b', p.id = b->id;
			else
				p.kind = 'c', p.id = pick_area(d, es, es->en[e].building);
			day = d->today - demo_rng_range(&d->rng, 1, CLAIM_DAYS);
			t = demo_work_time(d, day);
			demo_write_claim(d, es, &p, pick_text(d, p.kind, b->lift, day),
			    demo_past(d, t), NULL,
			    demo_rng_pm(&d->rng, 600) ? "lodge" : "phone", id);
		}
	}
}
