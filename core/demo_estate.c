/* An estate and its dwellings as the patrimoine records them: the
 * estate, its buildings, entrances and common areas, the dwellings and
 * the equipment of all of them. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "datetime.h"
#include "demo_data.h"
#include "demo_internal.h"
#include "uid.h"

const struct demo_heating demo_heatings[] = {
	[H_GAS_IND] = {"gas_individual", 0}, [H_GAS_COL] = {"gas_collective", 1},
	[H_ELECTRIC] = {"electric", 0}, [H_DISTRICT] = {"district", 1},
	[H_HEAT_PUMP] = {"heat_pump", 0}, [H_OIL] = {"oil", 1}, [H_WOOD] = {"wood", 1},
};

/* ---- Estates: buildings, entrances, common areas, equipment ---- */

static int
pick_year(struct demo *d)
{
	int r = (int)demo_rng_below(&d->rng, 100), y;

	/* Most of the social stock dates from the 1960s and 1970s. */
	if (r < 40)
		y = (int)demo_rng_range(&d->rng, 1955, 1975);
	else if (r < 65)
		y = (int)demo_rng_range(&d->rng, 1976, 1990);
	else if (r < 80)
		y = (int)demo_rng_range(&d->rng, 1991, 2005);
	else
		y = (int)demo_rng_range(&d->rng, 2006, d->year - 1);
	return y > d->year - 1 ? d->year - 1 : y;
}

static int
pick_heating(struct demo *d, int year)
{
	int r = (int)demo_rng_below(&d->rng, 100);

	if (year < 1976)
		return r < 30 ? H_DISTRICT : r < 72 ? H_GAS_COL : r < 82 ? H_ELECTRIC :
		    r < 97 ? H_GAS_IND : H_OIL;
	if (year < 1991)
		return r < 40 ? H_ELECTRIC : r < 75 ? H_GAS_IND : r < 98 ? H_GAS_COL : H_WOOD;
	if (year < 2006)
		return r < 55 ? H_GAS_IND : r < 85 ? H_ELECTRIC : H_GAS_COL;
	return r < 40 ? H_GAS_IND : r < 60 ? H_HEAT_PUMP : r < 80 ? H_DISTRICT : H_GAS_COL;
}

void
demo_plan_estate(struct demo *d, struct demo_estate *es, struct demo_sector *s, int n)
{
	const struct demo_region *r;
	int q = (int)demo_rng_below(&d->rng, 100);

	es->sector = s;
	es->agency = &d->agencies[s->agency];
	r = &demo_regions[es->agency->region];
	es->commune =
	    &r->communes[(s->commune + demo_rng_below(&d->rng, 2)) % (int64_t)r->ncommunes];
	es->street = demo_rng_pick(&d->rng, &demo_streets);
	es->number = (int)demo_rng_range(&d->rng, 1, 90);
	es->year = pick_year(d);
	es->delivery = demo_year_start(es->year) + demo_rng_range(&d->rng, 0, 364);
	if (es->delivery > d->today - 60)
		es->delivery = d->today - 60;
	es->heating = pick_heating(d, es->year);
	if (es->year < 1990 && d->year > 2009 && demo_rng_pm(&d->rng, 350))
		es->renovated = (int)demo_rng_range(&d->rng,
		    es->year + 30 > 2008 ? es->year + 30 : 2008, d->year - 1);
	es->access_control = es->year >= 1995 || demo_rng_pm(&d->rng, 750);
	es->cellar = es->year < 1990 ? demo_rng_pm(&d->rng, 800) : demo_rng_pm(&d->rng, 300);
	es->qpv = es->year < 1980 && n >= 100 ? demo_rng_pm(&d->rng, 600) :
	    demo_rng_pm(&d->rng, 100);
	snprintf(es->code, sizeof es->code, "G%05ld", ++d->estate_seq);
	if (es->year < 1976 && q < 25)
		snprintf(es->name, sizeof es->name, "Cité %s",
		    demo_rng_pick(&d->rng, &demo_estate_people));
	else if (q < 55)
		snprintf(es->name, sizeof es->name, "Résidence %s",
		    demo_rng_pick(&d->rng, &demo_estate_names));
	else if (q < 70)
		snprintf(es->name, sizeof es->name, "Résidence %s",
		    demo_rng_pick(&d->rng, &demo_estate_people));
	else
		snprintf(es->name, sizeof es->name, "%s",
		    demo_rng_pick(&d->rng, &demo_estate_names));
	snprintf(es->address, sizeof es->address, "%d %s", es->number, es->street);
	es->recorded = d->setup + demo_rng_range(&d->rng, DAY, 60 * DAY);
}

/* Spreads a building's dwellings over its entrances, floor by floor. */
static void
plan_entrances(struct demo_estate *es, int bi, int m, int ents, int per)
{
	struct demo_building *b = &es->b[bi];
	int j, k, cnt, levels = 1;

	b->first_entrance = es->nen;
	b->nentrances = ents;
	for (j = 0; j < ents; j++) {
		struct demo_entrance *en = &es->en[es->nen];
		en->building = bi;
		snprintf(en->address, sizeof en->address, "%d %s", es->number + 2 * es->nen,
		    es->street);
		cnt = m / ents + (j < m % ents);
		for (k = 0; k < cnt; k++) {
			struct demo_dwelling *dw = &es->dw[es->ndw++];
			dw->entrance = es->nen;
			dw->floor = k / per;
			snprintf(dw->door, sizeof dw->door, "%d%02d", dw->floor, k % per + 1);
		}
		if ((cnt + per - 1) / per > levels)
			levels = (cnt + per - 1) / per;
		es->nen++;
	}
	b->floors = levels - 1 < 1 ? 1 : levels - 1;
}

void
demo_plan_buildings(struct demo *d, struct demo_estate *es, int n)
{
	int left = n, lo, hi, maxlev, target, k, per, ents, levels;

	/* The bars and towers of the 1960s, smaller blocks since. */
	if (es->year < 1976)
		lo = 30, hi = 120, maxlev = 16;
	else if (es->year < 1991)
		lo = 12, hi = 60, maxlev = 8;
	else
		lo = 8, hi = 40, maxlev = 7;
	es->ndw = 0;
	while (left > 0) {
		struct demo_building *b = &es->b[es->nb];
		target = (int)demo_rng_range(&d->rng, lo, hi);
		k = (left + (MAX_BUILDINGS - es->nb) - 1) / (MAX_BUILDINGS - es->nb);
		if (target < k)
			target = k;
		if (target > left || left - target < 4)
			target = left;
		per = (int)demo_rng_range(&d->rng, 2, 4);
		ents = (int)demo_rng_range(&d->rng, 1, es->year < 1976 ? 4 : 2);
		if (ents > target / 6)
			ents = target / 6 < 1 ? 1 : target / 6;
		levels = (target + ents * per - 1) / (ents * per);
		if (levels > maxlev) {
			per = 4;
			ents = (target + maxlev * 4 - 1) / (maxlev * 4);
			ents = ents > MAX_ENTRANCES ? MAX_ENTRANCES : ents;
		}
		b->code[0] = (char)('A' + es->nb);
		b->code[1] = '\0';
		plan_entrances(es, es->nb, target, ents, per);
		b->lift = b->floors >= 5 || (b->floors == 4 && demo_rng_pm(&d->rng, 600)) ||
		    (b->floors == 3 && es->year >= 2000 && demo_rng_pm(&d->rng, 300));
		left -= target;
		es->nb++;
	}
}

/* An install date: replaced once or more since delivery, sometimes
 * overdue. */
static int64_t
install_day(struct demo *d, int64_t since, int lifetime)
{
	int64_t day = d->today - demo_rng_range(&d->rng, 30,
	    (int64_t)lifetime * 365 * 135 / 100);

	if (day < since)
		day = since + demo_rng_below(&d->rng, 120);
	return day < d->today ? day : d->today - 1;
}

/* Returns the install day. */
static int64_t
write_equipment(struct demo *d, struct demo_estate *es, int eq, const char *dwelling,
    const char *building, const char *area, int64_t since)
{
	const struct demo_equip *q = &demo_equipment[eq];
	int64_t day = install_day(d, since, q->lifetime), t = demo_work_time(d, day);
	char id[UID_SIZE], serial[16], inst[DT_DATE_SIZE], at[DT_STAMP_SIZE];

	if (t < es->recorded)
		t = es->recorded + demo_rng_below(&d->rng, 4 * HOUR);
	t = demo_past(d, t);
	snprintf(serial, sizeof serial, "%c%c%08" PRId64,
	    (char)('A' + demo_rng_below(&d->rng, 26)),
	    (char)('A' + demo_rng_below(&d->rng, 26)), demo_rng_below(&d->rng, 100000000));
	demo_id(d, id);
	RUN(d, Q_EQUIPMENT, "tttttttttdtt", id, dwelling, building, area, q->kind,
	    demo_rng_pick(&d->rng, &q->makes), demo_rng_pick(&d->rng, &q->models), serial,
	    demo_date(day, inst), q->lifetime, demo_stamp(t, at), es->agency->tech.id);
	return day;
}

static void
write_area(struct demo *d, struct demo_estate *es, int bi, const char *kind, const char *name)
{
	struct demo_area *a = &es->ca[es->nca++];
	char at[DT_STAMP_SIZE];
	int64_t since = es->delivery;

	a->building = bi;
	demo_id(d, a->id);
	RUN(d, Q_COMMON_AREA, "ttttttt", a->id,
	    bi >= 0 ? es->b[bi].id : NULL, bi >= 0 ? NULL : es->id, kind, name,
	    demo_stamp(es->recorded, at), es->agency->tech.id);
	if (strcmp(kind, "hall") == 0 || strcmp(kind, "staircase") == 0 ||
	    strcmp(kind, "car_park") == 0 || strcmp(kind, "cellar") == 0)
		write_equipment(d, es, DEMO_EQ_LIGHTING, NULL, NULL, a->id, since);
	if (strcmp(kind, "car_park") == 0 || strcmp(kind, "boiler_room") == 0 ||
	    (strcmp(kind, "cellar") == 0 && demo_rng_pm(&d->rng, 500)))
		write_equipment(d, es, DEMO_EQ_EXTINGUISHER, NULL, NULL, a->id, since);
}

static void
write_building(struct demo *d, struct demo_estate *es, int bi)
{
	struct demo_building *b = &es->b[bi];
	char at[DT_STAMP_SIZE], name[64];
	int j;

	demo_stamp(es->recorded, at);
	demo_id(d, b->id);
	RUN(d, Q_BUILDING, "ttttdddtt", b->id, es->id, b->code,
	    es->en[b->first_entrance].address, b->floors, es->year, b->lift, at,
	    es->agency->tech.id);
	for (j = 0; j < b->nentrances; j++) {
		struct demo_entrance *en = &es->en[b->first_entrance + j];
		char code[12];
		snprintf(code, sizeof code, "%d", j + 1);
		demo_id(d, en->id);
		RUN(d, Q_ENTRANCE, "tttttt", en->id, b->id, code,
		    en->address, at, es->agency->tech.id);
	}
	snprintf(name, sizeof name, "Hall bât. %s", b->code);
	write_area(d, es, bi, "hall", name);
	snprintf(name, sizeof name, "Escalier bât. %s", b->code);
	write_area(d, es, bi, "staircase", name);
	if (es->cellar) {
		snprintf(name, sizeof name, "Caves bât. %s", b->code);
		write_area(d, es, bi, "cellar", name);
	}
	if (b->lift)
		write_equipment(d, es, DEMO_EQ_LIFT, NULL, b->id, NULL, es->delivery);
	write_equipment(d, es, DEMO_EQ_INTERCOM, NULL, b->id, NULL, es->delivery);
	if (es->access_control)
		write_equipment(d, es, DEMO_EQ_DOOR_ENTRY, NULL, b->id, NULL,
		    es->year >= 1995 ? es->delivery : demo_year_start(2005));
}

void
demo_write_estate(struct demo *d, struct demo_estate *es)
{
	char at[DT_STAMP_SIZE];
	const char *fin;
	int i;

	if (es->year < 1977)
		fin = "HLMO";
	else if (es->year < 2000)
		fin = "PLA";
	else
		fin = demo_rng_pm(&d->rng, 600) ? "PLUS" : demo_rng_pm(&d->rng, 600) ? "PLAI" :
		    "PLS";
	demo_id(d, es->id);
	RUN(d, Q_ESTATE, "ttttttttdtdtt", es->id,
	    es->sector->id, es->code, es->name, es->address, es->commune->postcode,
	    es->commune->name, es->commune->depcom, es->year, fin, es->qpv,
	    demo_stamp(es->recorded, at), es->agency->tech.id);
	for (i = 0; i < es->nb; i++)
		write_building(d, es, i);
	write_area(d, es, -1, "bins_room", "Local poubelles");
	if (demo_rng_pm(&d->rng, 500))
		write_area(d, es, -1, "car_park", es->year < 1980 && es->ndw > 150 ?
		    "Parking souterrain" : "Parking");
	if (demo_rng_pm(&d->rng, 600))
		write_area(d, es, -1, "green_space", "Espaces verts");
	if ((es->year >= 2000 || es->renovated) && demo_rng_pm(&d->rng, 600))
		write_area(d, es, -1, "bike_room", "Local vélos");
	if (demo_heatings[es->heating].collective)
		write_area(d, es, -1, "boiler_room", es->heating == H_DISTRICT ?
		    "Sous-station de chauffage urbain" : "Chaufferie");
}

/* ---- Dwellings ---- */

void
demo_plan_dwelling(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw)
{
	static const int type_pm[6] = {80, 300, 650, 900, 980, 1000};
	static const int area_lo[6] = {25, 40, 60, 75, 90, 105};
	static const int area_hi[6] = {35, 50, 70, 85, 100, 120};
	struct demo_entrance *en = &es->en[dw->entrance];
	int r = (int)demo_rng_below(&d->rng, 1000), t = 0;

	while (r >= type_pm[t])
		t++;
	dw->type = t + 1;
	dw->area = (double)(area_lo[t] * 10 +
	    demo_rng_below(&d->rng, (area_hi[t] - area_lo[t]) * 10 + 1)) / 10.0;
	dw->balcony = dw->floor >= 1 && demo_rng_pm(&d->rng, t == 0 ? 200 : 450);
	dw->heating = demo_rng_pm(&d->rng, 950) ? es->heating : H_ELECTRIC;
	dw->layout = demo_rng_next(&d->rng);
	snprintf(dw->reference, sizeof dw->reference, "%s-%s%d-%s", es->code,
	    es->b[en->building].code, dw->entrance - es->b[en->building].first_entrance + 1,
	    dw->door);
}

/* DPE classes as indexes 0 (A) to 6 (G), from the age of the building,
 * its renovation, the floor and the heating. */
static void
dwelling_dpe(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw, int *energy,
    int *ghg)
{
	const struct demo_building *b = &es->b[es->en[dw->entrance].building];
	int c;

	c = es->year < 1976 ? 4 : es->year < 1991 ? 3 : es->year < 1999 ? 3 :
	    es->year < 2013 ? 2 : 1;
	if (es->renovated)
		c -= 2;
	if (demo_rng_pm(&d->rng, 300))
		c += demo_rng_pm(&d->rng, 500) ? 1 : -1;
	if ((dw->floor == 0 || dw->floor == b->floors) && demo_rng_pm(&d->rng, 250))
		c++;
	if (dw->heating == H_ELECTRIC && es->year < 2000)
		c++;
	c = c < 0 ? 0 : c > 6 ? 6 : c;
	switch (dw->heating) {
	case H_ELECTRIC:
	case H_HEAT_PUMP:
		*ghg = c - 3 < 0 ? 0 : c - 3;
		break;
	case H_WOOD:
		*ghg = (int)demo_rng_below(&d->rng, 2);
		break;
	case H_DISTRICT:
		*ghg = c - 1 < 1 ? 1 : c - 1;
		break;
	case H_OIL:
		*ghg = c + 1 > 6 ? 6 : c + 1;
		break;
	default:
		*ghg = c + (int)demo_rng_range(&d->rng, -1, 1);
		*ghg = *ghg < 0 ? 0 : *ghg > 6 ? 6 : *ghg;
	}
	*energy = c;
}

void
demo_write_dwelling(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw)
{
	static const char classes[] = "ABCDEFG";
	char at[DT_STAMP_SIZE], dpe_date[DT_DATE_SIZE], rpls[32], en_c[2], ghg_c[2];
	int energy, ghg, has_dpe = demo_rng_pm(&d->rng, 950);
	int64_t from, day = 0, t = es->recorded + demo_rng_below(&d->rng, 6 * HOUR);

	dwelling_dpe(d, es, dw, &energy, &ghg);
	en_c[0] = classes[energy], ghg_c[0] = classes[ghg];
	en_c[1] = ghg_c[1] = '\0';
	if (has_dpe) {
		from = d->today - 10 * 365;
		if (from < es->delivery + 30)
			from = es->delivery + 30;
		if (es->renovated && from < demo_year_start(es->renovated + 1))
			from = demo_year_start(es->renovated + 1);
		from = from < d->today - 1 ? from : d->today - 1;
		day = demo_rng_range(&d->rng, from, d->today - 1);
		if (demo_work_time(d, day) > t)
			t = demo_past(d, demo_work_time(d, day + 7));
	}
	snprintf(rpls, sizeof rpls, "%.2s%08ld", es->commune->depcom, ++d->dwelling_seq);
	demo_id(d, dw->id);
	RUN(d, Q_DWELLING, "ttttdtddftttttt", dw->id, es->en[dw->entrance].id, dw->reference,
	    rpls, dw->floor, dw->door, dw->type, dw->type, dw->area, has_dpe ? en_c : NULL,
	    has_dpe ? ghg_c : NULL, has_dpe ? demo_date(day, dpe_date) : NULL,
	    demo_heatings[dw->heating].code, demo_stamp(t, at), es->agency->tech.id);
}

void
demo_write_dwelling_equipment(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw)
{
	struct demo_place p = {'d', dw->id, NULL};
	int64_t smoke_law = demo_year_start(2015) + 66; /* 8 March 2015 */
	int64_t since = es->delivery, day;

	if (dw->heating == H_GAS_IND) {
		day = write_equipment(d, es, DEMO_EQ_BOILER, dw->id, NULL, NULL, since);
		/* A replacement within the history shows as works too. */
		if (day > since + 365 && day > d->today - HISTORY_DAYS) {
			const struct demo_work *w = demo_works_kind("boiler_replacement");
			demo_write_works(d, es, &p, day, w->kind, w->description,
			    demo_works_cost(d, w), w->trade, NULL);
		}
	} else if (!demo_heatings[dw->heating].collective) {
		write_equipment(d, es, DEMO_EQ_WATER_HEATER, dw->id, NULL, NULL, since);
	}
	if (es->year >= 1970 || es->renovated || demo_rng_pm(&d->rng, 500))
		write_equipment(d, es, DEMO_EQ_VMC, dw->id, NULL, NULL, since);
	write_equipment(d, es, DEMO_EQ_RADIATORS, dw->id, NULL, NULL, since);
	write_equipment(d, es, DEMO_EQ_SINK, dw->id, NULL, NULL, since);
	write_equipment(d, es, DEMO_EQ_SMOKE, dw->id, NULL, NULL,
	    since > smoke_law ? since : smoke_law - 120);
}
