/* The gardien's own records: the weekly rounds of each building and
 * the logbook of the estate. */
#include <stdio.h>
#include <string.h>

#include "datetime.h"
#include "demo_data.h"
#include "demo_internal.h"
#include "uid.h"

static void
write_round_run(struct demo *d, struct demo_estate *es, int bi, const char *tpl,
    char items[][UID_SIZE], const size_t *lines, int n, int64_t start)
{
	struct demo_building *b = &es->b[bi];
	struct demo_place p = {'b', b->id, b->id};
	struct demo_claim_text txt;
	const char *by = es->sector->gardien.id, *result, *comment, *claim;
	char id[UID_SIZE], rid[UID_SIZE], cid[UID_SIZE], at[DT_STAMP_SIZE], st[DT_STAMP_SIZE];
	int64_t end = start + demo_rng_range(&d->rng, 25 * 60, 70 * 60);
	int k, r;

	demo_stamp(end, at);
	demo_id(d, id);
	RUN(d, Q_ROUND_RUN, "ttttttt", id, tpl, by,
	    demo_stamp(start, st), at, at, by);
	for (k = 0; k < n; k++) {
		const struct demo_round_line *line = &demo_round_lines[lines[k]];
		/* Anomalies are rare, and a gardien who saw one last week
		 * does not always make it a claim again. */
		r = (int)demo_rng_below(&d->rng, 1000);
		result = r < 12 ? "anomaly" : r < 30 ? "unchecked" : "ok";
		comment = r < 12 ? line->anomaly : NULL;
		claim = NULL;
		if (r < 12 && demo_rng_pm(&d->rng, 400)) {
			/* An anomaly becomes a claim in one key. */
			txt.category = line->category;
			txt.places = "b";
			txt.urgency = strcmp(line->category, "lift") == 0 ? "urgent" : "normal";
			txt.text = line->anomaly;
			demo_write_claim(d, es, &p, &txt, end + 300, NULL, "lodge", cid);
			claim = cid;
		}
		demo_id(d, rid);
		RUN(d, Q_ROUND_RESULT, "tttttttt", rid, id,
		    items[k], result, comment, claim, at, by);
	}
}

void
demo_write_rounds(struct demo *d, struct demo_estate *es, int bi)
{
	struct demo_building *b = &es->b[bi];
	char tpl[UID_SIZE], items[16][UID_SIZE], at[DT_STAMP_SIZE], name[96];
	size_t lines[16], i;
	int n = 0, w;
	int64_t day;

	demo_stamp(es->recorded, at);
	demo_id(d, tpl);
	snprintf(name, sizeof name, "Ronde hebdomadaire – bâtiment %s", b->code);
	RUN(d, Q_ROUND_TEMPLATE, "ttttt", tpl, b->id, name, at,
	    es->sector->gardien.id);
	for (i = 0; i < demo_nround_lines && n < 16; i++) {
		if (demo_round_lines[i].needs_lift && !b->lift)
			continue;
		lines[n] = i;
		demo_id(d, items[n]);
		RUN(d, Q_ROUND_TEMPLATE_ITEM, "ttdttt", items[n], tpl,
		    n + 1, demo_round_lines[i].label, at, es->sector->gardien.id);
		n++;
	}
	for (w = 0; w < ROUND_WEEKS; w++) {
		/* A missed week; and every gardien finds a round to do today
		 * on the home screen. */
		if (demo_rng_pm(&d->rng, 80) || (w == 0 && !es->sector->has_round_due)) {
			es->sector->has_round_due |= w == 0;
			continue;
		}
		day = demo_weekday_before(d->today - 7 * w - demo_rng_range(&d->rng, 1, 3));
		write_round_run(d, es, bi, tpl, items, lines, n,
		    day * DAY + demo_rng_range(&d->rng, 6 * HOUR, 8 * HOUR + 1800));
	}
}

void
demo_write_logbook(struct demo *d, struct demo_estate *es)
{
	const char *by = es->sector->gardien.id, *dwl, *ent, *bld;
	char id[UID_SIZE], at[DT_STAMP_SIZE];
	int i, n = 1 + es->ndw * 2 / 5, r;
	int64_t t, day;

	for (i = 0; i < n; i++) {
		day = demo_weekday_before(d->today - demo_rng_range(&d->rng, 1, LOGBOOK_DAYS));
		t = demo_work_time(d, day);
		r = (int)demo_rng_below(&d->rng, 100);
		dwl = r >= 55 && r < 75 ? es->dw[demo_rng_below(&d->rng, es->ndw)].id : NULL;
		ent = r >= 40 && r < 55 ? es->en[demo_rng_below(&d->rng, es->nen)].id : NULL;
		bld = r < 40 ? es->b[demo_rng_below(&d->rng, es->nb)].id : NULL;
		demo_stamp(t, at);
		demo_id(d, id);
		RUN(d, Q_LOGBOOK_ENTRY, "ttttttttt", id, at, by,
		    demo_rng_pick(&d->rng, &demo_logbook_texts), dwl, ent, bld, at, by);
	}
}
