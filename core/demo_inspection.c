/* Inspections (états des lieux): the templates they start from, and
 * each inspection with its rooms, items, meters, keys and parties (an
 * amendment: the rooms of its entry, some items completed), sealed with
 * the digest of its content once signed. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "datetime.h"
#include "demo_data.h"
#include "demo_internal.h"
#include "uid.h"

/* The rooms of a dwelling, in inspection order; returns how many. */
static int
layout_rooms(int type, int balcony, int kinds[MAX_ROOMS], int ordinals[MAX_ROOMS])
{
	int n = 0, i;

	kinds[n] = DEMO_ROOM_ENTRY, ordinals[n++] = 0;
	kinds[n] = DEMO_ROOM_LIVING, ordinals[n++] = 0;
	kinds[n] = DEMO_ROOM_KITCHEN, ordinals[n++] = 0;
	for (i = 1; i < type; i++)
		kinds[n] = DEMO_ROOM_BEDROOM, ordinals[n++] = i;
	kinds[n] = DEMO_ROOM_BATH, ordinals[n++] = 0;
	kinds[n] = DEMO_ROOM_WC, ordinals[n++] = 0;
	if (balcony)
		kinds[n] = DEMO_ROOM_BALCONY, ordinals[n++] = 0;
	return n;
}

static void
room_name(int kind, int ordinal, char out[48])
{
	if (ordinal > 0)
		snprintf(out, 48, "%s %d", demo_rooms[kind].name, ordinal);
	else
		snprintf(out, 48, "%s", demo_rooms[kind].name);
}

void
demo_write_template(struct demo *d, int type, int balcony)
{
	int kinds[MAX_ROOMS], ords[MAX_ROOMS], n, r;
	char at[DT_STAMP_SIZE], name[48], code[16], room_id[UID_SIZE], item_id[UID_SIZE];
	char *tid = d->templates[type - 1][balcony];
	size_t i;

	demo_stamp(d->setup, at);
	demo_id(d, tid);
	snprintf(code, sizeof code, "T%d", type);
	snprintf(name, sizeof name, "État des lieux %s%s", code,
	    balcony ? " avec balcon" : "");
	RUN(d, Q_INSPECTION_TEMPLATE, "tttdtt", tid,
	    name, code, balcony, at, d->admin.id);
	n = layout_rooms(type, balcony, kinds, ords);
	for (r = 0; r < n; r++) {
		const struct demo_room *room = &demo_rooms[kinds[r]];
		demo_id(d, room_id);
		room_name(kinds[r], ords[r], name);
		RUN(d, Q_TEMPLATE_ROOM, "ttdttt", room_id, tid, r + 1, name,
		    at, d->admin.id);
		for (i = 0; i < room->nitems; i++) {
			const struct demo_item *it = room->items[i];
			demo_id(d, item_id);
			RUN(d, Q_TEMPLATE_ITEM, "ttdttttt", item_id, room_id, (int)i + 1,
			    it->name, it->natures[0].kind, it->natures[0].nature, at,
			    d->admin.id);
		}
	}
}

/* ---- Inspections ---- */

static char
item_state(struct demo *d, int exit, int wear)
{
	int r = (int)demo_rng_below(&d->rng, 1000), m, b;

	if (!exit)
		return r < 250 ? 'n' : r < 850 ? 'b' : r < 985 ? 'u' : 'v';
	/* The longer the lease, the more worn. */
	m = 50 + wear * 8;
	b = 250 - wear * 12 < 60 ? 60 : 250 - wear * 12;
	if (r < 10)
		return 'x';
	if (r < 10 + m)
		return 'm';
	if (r < 25 + m)
		return 'v';
	return r < 25 + m + b ? 'b' : 'u';
}

static const struct demo_defect *
pick_defect(struct demo *d, const char *item, const char *kind)
{
	size_t i, found[8], n = 0;

	for (i = 0; i < demo_ndefects && n < 8; i++)
		if (strcmp(demo_defects[i].kind, kind) == 0 &&
		    (demo_defects[i].item == NULL || strcmp(demo_defects[i].item, item) == 0))
			found[n++] = i;
	return n ? &demo_defects[found[demo_rng_below(&d->rng, (int64_t)n)]] : NULL;
}

static double
defect_quantity(struct demo *d, const char *price_code)
{
	size_t i;

	for (i = 0; i < demo_nprices; i++) {
		if (strcmp(demo_prices[i].code, price_code) != 0)
			continue;
		if (strcmp(demo_prices[i].unit, "m2") == 0)
			return (double)demo_rng_range(&d->rng, 20, 250) / 10.0;
		if (strcmp(demo_prices[i].unit, "ml") == 0)
			return (double)demo_rng_range(&d->rng, 10, 40) / 10.0;
		break;
	}
	return demo_rng_pm(&d->rng, 800) ? 1.0 : 2.0;
}

/* An entry's item, recorded for its amendments. */
static void
record_item(struct demo_insp *in, int room, int pos, const struct demo_item *it,
    const struct demo_nature *nat, char state, const char *comment)
{
	struct demo_copy *c = in->copy;
	struct demo_copy_item *ci;

	if (c == NULL || c->nitems >= MAX_ROOMS * MAX_ROOM_ITEMS)
		return;
	ci = &c->items[c->nitems++];
	ci->room = room;
	ci->position = pos;
	ci->item = it;
	ci->nature = nat;
	ci->state = state;
	ci->comment = comment;
}

static void
write_item(struct demo *d, struct demo_insp *in, const char *room, int ri, int pos,
    const struct demo_item *it, const struct demo_nature *nat, int wear)
{
	static const char *const charges[] = {"tenant", "wear", "landlord"};
	char id[UID_SIZE], state[2] = {item_state(d, in->exit, wear), '\0'};
	const struct demo_defect *def = NULL;
	const char *comment = NULL, *charge = NULL;
	double quantity;
	int r;

	if (in->exit && (state[0] == 'm' || state[0] == 'x'))
		def = pick_defect(d, it->name, nat->kind);
	else if (!in->exit && state[0] == 'u' && demo_rng_pm(&d->rng, 300))
		comment = "Traces d'usage, notées à l'entrée";
	demo_id(d, id);
	if (def == NULL) {
		RUN(d, Q_INSPECTION_ITEM, "ttdttttttnttt", id, room, pos, it->name,
		    nat->kind, nat->nature, state, comment, charge, NULL, in->at, in->by);
		record_item(in, ri, pos, it, nat, state[0], comment);
		demo_seal_item(in, it->name, nat->nature, state[0], comment, NULL, -1, NULL);
		return;
	}
	r = (int)demo_rng_below(&d->rng, 100);
	charge = charges[state[0] == 'x' ? (r < 40 ? 0 : 2) : r < 55 ? 0 : r < 90 ? 1 : 2];
	quantity = defect_quantity(d, def->price_code);
	RUN(d, Q_INSPECTION_ITEM, "ttdttttttfttt", id, room, pos, it->name, nat->kind,
	    nat->nature, state, def->comment, charge, quantity, def->price_code, in->at, in->by);
	record_item(in, ri, pos, it, nat, state[0], def->comment);
	demo_seal_item(in, it->name, nat->nature, state[0], def->comment, charge, quantity,
	    def->price_code);
	if (in->ndefects++ == 0)
		memcpy(in->defect, id, UID_SIZE);
}

static void
write_rooms(struct demo *d, struct demo_dwelling *dw, struct demo_lease *l,
    struct demo_insp *in)
{
	int kinds[MAX_ROOMS], ords[MAX_ROOMS], n, r, nat, wear = 0;
	char room_id[UID_SIZE], name[48];
	struct rng lay;
	size_t i;

	/* Natures come from the dwelling's own stream: the exit lists the
	 * same rooms and items as the entry, for comparison. */
	demo_rng_seed(&lay, dw->layout);
	if (in->exit)
		wear = (int)((in->done / DAY - l->start) / 365);
	wear = wear > 15 ? 15 : wear;
	n = layout_rooms(dw->type, dw->balcony, kinds, ords);
	for (r = 0; r < n; r++) {
		const struct demo_room *room = &demo_rooms[kinds[r]];
		room_name(kinds[r], ords[r], name);
		demo_id(d, room_id);
		RUN(d, Q_INSPECTION_ROOM, "ttdttt", room_id, in->id, r + 1, name, in->at,
		    in->by);
		if (in->copy != NULL)
			snprintf(in->copy->room[in->copy->nrooms++], 48, "%s", name);
		demo_seal_room(in, name);
		for (i = 0; i < room->nitems; i++) {
			const struct demo_item *it = room->items[i];
			nat = demo_rng_pm(&lay, 500) ? 0 :
			    (int)demo_rng_below(&lay, (int64_t)it->nnatures);
			write_item(d, in, room_id, r, (int)i + 1, it, &it->natures[nat], wear);
		}
	}
}

/* Which items of the entry an amendment completes: one to three the
 * tenant reported (heating: radiators only). */
static void
pick_amended(struct demo *d, const struct demo_insp *in, int heating,
    unsigned char mark[MAX_ROOMS * MAX_ROOM_ITEMS])
{
	const struct demo_copy *c = in->copy;
	int n = (int)demo_rng_range(&d->rng, 1, heating ? 2 : 3), tries, i;
	const struct demo_copy_item *ci;

	for (tries = 0; n > 0 && tries < 40 && c->nitems > 0; tries++) {
		i = (int)demo_rng_below(&d->rng, c->nitems);
		ci = &c->items[i];
		if (mark[i] || (heating && strcmp(ci->nature->kind, "heating") != 0) ||
		    pick_defect(d, ci->item->name, ci->nature->kind) == NULL)
			continue;
		mark[i] = 1;
		n--;
	}
}

/* An amendment's rooms and items: those of its entry, as the signing
 * code copies them (same positions; heating: the radiators' rooms and
 * radiators only), with what the tenant reported: noted in a pending
 * one, found worn in a signed one. */
static void
write_amended_rooms(struct demo *d, struct demo_insp *in)
{
	const struct demo_copy *c = in->copy;
	int heating = strcmp(in->amendment_kind, "heating") == 0, room = -1, i;
	unsigned char mark[MAX_ROOMS * MAX_ROOM_ITEMS] = {0};
	char room_id[UID_SIZE], id[UID_SIZE], state[2] = {0, 0}, comment[160];
	const struct demo_copy_item *ci;
	const struct demo_defect *def;

	pick_amended(d, in, heating, mark);
	for (i = 0; i < c->nitems; i++) {
		ci = &c->items[i];
		if (heating && strcmp(ci->nature->kind, "heating") != 0)
			continue;
		if (ci->room != room) {
			room = ci->room;
			demo_id(d, room_id);
			RUN(d, Q_INSPECTION_ROOM, "ttdttt", room_id, in->id, room + 1,
			    c->room[room], in->at, in->by);
			demo_seal_room(in, c->room[room]);
		}
		state[0] = ci->state;
		snprintf(comment, sizeof comment, "%s", ci->comment ? ci->comment : "");
		if (mark[i] && (def = pick_defect(d, ci->item->name, ci->nature->kind)) != NULL) {
			snprintf(comment, sizeof comment, "Signalé par le locataire : %s",
			    def->comment);
			if (in->signed_at >= 0)
				state[0] = 'm';
		}
		demo_id(d, id);
		RUN(d, Q_INSPECTION_ITEM, "ttdttttttnttt", id, room_id, ci->position,
		    ci->item->name, ci->nature->kind, ci->nature->nature, state,
		    comment[0] ? comment : NULL, NULL, NULL, in->at, in->by);
		demo_seal_item(in, ci->item->name, ci->nature->nature, state[0],
		    comment[0] ? comment : NULL, NULL, -1, NULL);
	}
}

static void
write_meter(struct demo *d, struct demo_insp *in, struct rng *lay, const char *kind,
    int64_t days, int per_day)
{
	char id[UID_SIZE], serial[16];
	int64_t base = demo_rng_below(lay, 50000);
	double reading;

	snprintf(serial, sizeof serial, "%08" PRId64, demo_rng_below(lay, 100000000));
	demo_id(d, id);
	reading = (double)(base + days * per_day + demo_rng_below(&d->rng, 100)) / 100.0;
	RUN(d, Q_INSPECTION_METER, "ttttftt", id, in->id, kind, serial, reading, in->at, in->by);
	demo_seal_meter(in, kind, serial, reading);
}

static void
write_meters(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    struct demo_insp *in)
{
	int64_t since = es->delivery > d->today - 7300 ? es->delivery : d->today - 7300;
	int64_t days = in->done / DAY - since;
	int two_rates;

	/* Readings grow by a daily consumption in hundredths of a unit since
	 * the meter was last replaced, twenty years ago at most. */
	struct rng lay;

	demo_rng_seed(&lay, dw->layout ^ 0x6d6574657273ULL);
	two_rates = demo_rng_pm(&lay, 400) || dw->heating == H_ELECTRIC ||
	    dw->heating == H_HEAT_PUMP;
	write_meter(d, in, &lay, "water_cold", days, 15);
	if (demo_heatings[dw->heating].collective)
		write_meter(d, in, &lay, "water_hot", days, 5);
	if (two_rates) {
		write_meter(d, in, &lay, "elec_peak", days, 500);
		write_meter(d, in, &lay, "elec_offpeak", days, 300);
	} else {
		write_meter(d, in, &lay, "elec_single", days, 800);
	}
	if (dw->heating == H_GAS_IND)
		write_meter(d, in, &lay, "gas", days, 200);
	if (dw->heating == H_DISTRICT)
		write_meter(d, in, &lay, "heat", days, 1000);
}

static void
write_keys(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    struct demo_insp *in)
{
	static const char *const kinds[] = {"door", "mailbox", "cellar", "badge"};
	int given[4] = {dw->type == 1 ? 2 : 3, 2, es->cellar, es->access_control ? 2 : 0};
	char id[UID_SIZE];
	int k, back;

	for (k = 0; k < 4; k++) {
		if (given[k] == 0)
			continue;
		demo_id(d, id);
		if (in->exit) {
			back = given[k] - demo_rng_pm(&d->rng, 50);
			RUN(d, Q_INSPECTION_KEY, "tttddtt", id, in->id, kinds[k], given[k], back,
			    in->at, in->by);
		} else {
			back = -1;
			RUN(d, Q_INSPECTION_KEY, "tttdntt", id, in->id, kinds[k], given[k],
			    in->at, in->by);
		}
		demo_seal_key(in, kinds[k], given[k], back);
	}
}

static void
write_party(struct demo *d, struct demo_insp *in, const char *role, const char *name,
    const char *tenant, int present, const char *mandate, const char *refusal)
{
	char id[UID_SIZE], sig[DT_STAMP_SIZE];
	int64_t at = in->signed_at;
	int paper = demo_rng_pm(&d->rng, 20), sign;

	/* Ready, awaiting a signature on paper: the first tenant (or their
	 * mandatary) present takes the paper copy away, the others signed
	 * at the terminal as the inspection ended. */
	if (in->paper) {
		at = in->done + 1800;
		if (in->paper == 1 && present && (strcmp(role, "tenant") == 0 ||
		    strcmp(role, "mandatary") == 0)) {
			in->paper = 2;
			paper = 1;
			at = -1;
		}
	}
	sign = at >= 0 && present && refusal == NULL;
	if (sign)
		demo_stamp(at, sig);
	demo_id(d, id);
	RUN(d, Q_INSPECTION_PARTY, "tttttdttttdtt", id, in->id, role, name, tenant, present,
	    mandate, sign ? name : NULL, sign ? sig : NULL, refusal, paper, in->at, in->by);
	demo_seal_party(in, role, name, present, mandate, sign ? name : NULL, sign ? sig : NULL,
	    refusal, paper);
}

static void
write_parties(struct demo *d, struct demo_estate *es, struct demo_lease *l,
    struct demo_insp *in)
{
	int bailiff = strcmp(in->kind, "bailiff") == 0, k, absent;
	const char *first, *last, *refusal;
	char name[128], mandate[160];

	for (k = 0; k < l->ntenants; k++) {
		absent = bailiff || (k == 1 && demo_rng_pm(&d->rng, 100));
		refusal = !absent && in->signed_at >= 0 &&
		    (demo_rng_pm(&d->rng, 10) || d->force_refusal) ?
		    demo_rng_pick(&d->rng, &demo_refusals) : NULL;
		write_party(d, in, "tenant", l->name[k], l->tenant[k], !absent, NULL, refusal);
		if (refusal != NULL) {
			es->sector->has_refusal = 1;
			d->force_refusal = 0;
		}
		if (absent && !bailiff) {
			demo_person(d, &first, &last);
			snprintf(name, sizeof name, "%s %s", first, last);
			snprintf(mandate, sizeof mandate, "Procuration écrite de %s",
			    l->name[k]);
			write_party(d, in, "mandatary", name, NULL, 1, mandate, NULL);
		}
	}
	write_party(d, in, "landlord_agent", es->sector->gardien.name, NULL, 1, NULL, NULL);
	if (bailiff) {
		demo_person(d, &first, &last);
		snprintf(name, sizeof name, "Maître %s %s, commissaire de justice", first,
		    last);
		write_party(d, in, "bailiff", name, NULL, 1, NULL, NULL);
	}
	if (in->paper == 2)
		es->sector->has_paper = 1;
}

/* Recent inspections carry their rooms and items; a pending amendment
 * too, copied from its entry. */
static int
has_details(const struct demo *d, const struct demo_insp *in)
{
	if (in->amends != NULL && in->done < 0)
		return 1;
	return in->done >= 0 && in->done >= d->now - (int64_t)DETAIL_DAYS * DAY;
}

static const char *
observation(struct demo *d, const struct demo_insp *in)
{
	if (in->amends != NULL)
		return demo_rng_pick(&d->rng, strcmp(in->amendment_kind, "heating") == 0 ?
		    &demo_heating_observations : &demo_ten_day_observations);
	if (!demo_rng_pm(&d->rng, 300))
		return NULL;
	return demo_rng_pick(&d->rng, in->exit ? &demo_exit_observations :
	    &demo_entry_observations);
}

/* Writes in, with its rows if recent. in->at is the provenance of its
 * rows, computed here unless the caller set it. */
void
demo_write_inspection(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    struct demo_lease *l, struct demo_insp *in)
{
	const struct demo_region *r = &demo_regions[demo_rng_below(&d->rng,
	    (int64_t)demo_nregions)];
	const struct demo_commune *c = &r->communes[demo_rng_below(&d->rng,
	    (int64_t)r->ncommunes)];
	const char *obs, *moved = NULL;
	char planned[DT_DATE_SIZE], done[DT_STAMP_SIZE], sig[DT_STAMP_SIZE];
	char address[192], sha[65];
	int64_t t;
	int details;

	in->by = es->sector->gardien.id;
	if (in->signed_at >= 0)
		t = in->signed_at;
	else if (in->paper)
		t = in->done + 1800; /* when the others signed */
	else if (in->done >= 0)
		t = in->done;
	else
		t = demo_past(d,
		    demo_work_time(d, in->planned - demo_rng_range(&d->rng, 3, 25)));
	if (in->at[0] == '\0')
		demo_stamp(t, in->at);
	obs = observation(d, in);
	if (in->exit && in->done >= 0 && in->done > d->now - (int64_t)RGPD_DAYS * DAY) {
		snprintf(address, sizeof address, "%d %s, %s %s",
		    (int)demo_rng_range(&d->rng, 1, 150), demo_rng_pick(&d->rng, &demo_streets),
		    c->postcode, c->name);
		moved = address;
	}
	if (in->signed_at >= 0)
		demo_stamp(in->signed_at, sig);
	if (in->done >= 0)
		demo_stamp(in->done, done);
	demo_id(d, in->id);
	details = has_details(d, in);
	if (in->signed_at >= 0)
		demo_seal_begin(d, dw, l, in, obs, moved);
	if (in->seal != NULL && !details)
		demo_seal_end(in, sha);
	RUN(d, Q_INSPECTION, "tttttttttttttttttttt", in->id, dw->id, l->id, in->kind, in->state,
	    demo_date(in->planned, planned), in->done >= 0 ? done : NULL, in->entry,
	    in->amends, in->amendment_kind, d->templates[dw->type - 1][dw->balcony], in->by,
	    ORG_NAME, d->org_address, moved, obs, in->signed_at >= 0 ? sig : NULL,
	    in->signed_at >= 0 && !details ? sha : NULL, in->at, in->by);
	if (details) {
		if (in->amends != NULL) {
			write_amended_rooms(d, in);
		} else {
			write_rooms(d, dw, l, in);
			write_meters(d, es, dw, in);
			write_keys(d, es, dw, in);
		}
		write_parties(d, es, l, in);
	}
	if (in->seal != NULL) {
		demo_seal_end(in, sha);
		RUN(d, Q_INSPECTION_DIGEST, "tt", sha, in->id);
	}
	if (in->signed_at >= 0)
		demo_seal_check(d, in, details);
}
