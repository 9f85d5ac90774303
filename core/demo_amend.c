/* Amendments of entry inspections: within ten days of entry the tenant
 * may have defects added to it, and after an entry made out of the
 * heating season, the heating completed during its first month
 * (décret 2016-382, art. 3). Each is a new inspection that points at the
 * signed entry: pending ones where the deadline is still open, signed
 * ones in the past. */
#include <string.h>

#include "datetime.h"
#include "demo_internal.h"
#include "inspection.h"

/* The moment a pending amendment was opened: after the entry was
 * signed, before the demo's today. */
static int64_t
opened_at(struct demo *d, const struct demo_insp *entry)
{
	int64_t t = entry->signed_at + demo_rng_range(&d->rng, HOUR, 3 * DAY);

	return t < d->now ? t : entry->signed_at + demo_rng_range(&d->rng, 600, 1800);
}

static void
write_amendment(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    struct demo_lease *l, const struct demo_insp *entry, const char *kind, int64_t day,
    int pending)
{
	struct demo_insp am;

	/* Every day of it falls within the lease. */
	if (l->end != LEASE_OPEN && day >= l->end)
		return;
	memset(&am, 0, sizeof am);
	am.kind = "move_in";
	am.amends = entry->id;
	am.amendment_kind = kind;
	am.copy = &d->entry;
	am.planned = day;
	if (pending) {
		am.state = "draft";
		am.done = am.signed_at = -1;
		demo_stamp(opened_at(d, entry), am.at);
	} else {
		am.state = "signed";
		am.done = demo_work_time(d, day);
		am.signed_at = am.done + demo_rng_range(&d->rng, 1200, 3600);
		/* A recent one copies its entry's rooms: none to copy from an
		 * entry too old to have them. */
		if (am.done >= d->now - (int64_t)DETAIL_DAYS * DAY && d->entry.nitems == 0)
			return;
	}
	demo_write_inspection(d, es, dw, l, &am);
	if (pending && strcmp(kind, "ten_day") == 0)
		es->sector->has_pending = 1;
	if (pending && strcmp(kind, "heating") == 0)
		es->sector->has_heating = 1;
}

/* Ten days from entry: pending while the deadline runs (always the
 * sector's first, so that every gardien has one), else now and then
 * signed a few days after entry. */
static void
ten_day(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    struct demo_lease *l, const struct demo_insp *entry, int64_t last)
{
	int64_t day;

	if (last >= d->today) {
		if (demo_rng_pm(&d->rng, 300) || !es->sector->has_pending)
			write_amendment(d, es, dw, l, entry, "ten_day",
			    demo_rng_range(&d->rng, d->today, last), 1);
		return;
	}
	if (!demo_rng_pm(&d->rng, 40))
		return;
	day = demo_weekday(entry->done / DAY + demo_rng_range(&d->rng, 2, 8));
	write_amendment(d, es, dw, l, entry, "ten_day", day > last ? last : day, 0);
}

/* The first month of the heating season after a summer entry. */
static void
heating(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    struct demo_lease *l, const struct demo_insp *entry, int64_t from, int64_t to)
{
	int64_t day;

	if (from > d->today)
		return;
	/* Under way: the sector's first, then now and then. */
	if (to >= d->today) {
		if (demo_rng_pm(&d->rng, 60) || !es->sector->has_heating)
			write_amendment(d, es, dw, l, entry, "heating",
			    demo_rng_range(&d->rng, d->today, to), 1);
		return;
	}
	if (!demo_rng_pm(&d->rng, 40))
		return;
	day = demo_weekday_before(demo_rng_range(&d->rng, from + 2, to));
	write_amendment(d, es, dw, l, entry, "heating", day, 0);
}

void
demo_write_amendments(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    struct demo_lease *l, const struct demo_insp *entry)
{
	char done[DT_DATE_SIZE], ten[DT_DATE_SIZE], from[DT_DATE_SIZE], to[DT_DATE_SIZE];

	if (entry->signed_at < 0)
		return;
	inspection_deadlines(demo_date(entry->done / DAY, done), ten, from, to);
	ten_day(d, es, dw, l, entry, dt_days(ten));
	if (from[0])
		heating(d, es, dw, l, entry, dt_days(from), dt_days(to));
}
