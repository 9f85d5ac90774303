/* The digest of each signed inspection of the demo, the one
 * inspection_sign stores: inspection_digest() of the inspection as
 * inspection_load() would return it, built from the values as they are
 * written rather than read back (reading back every signed inspection
 * of a large demo costs more than writing it). The first one of each
 * kind is also read back and verified, so that a change to what the
 * loader returns or the digest covers stops the build instead of leaving
 * wrong digests behind; the unit tests verify every one. */
#include <stdio.h>
#include <string.h>

#include "datetime.h"
#include "demo_internal.h"
#include "inspection.h"
#include "xalloc.h"

/* The loader's order of meters and parties (by kind or role, then as
 * written). */
static const char *const meter_order[] = {
	"water_cold", "water_hot", "elec_single", "elec_peak", "elec_offpeak", "gas",
};
static const char *const party_order[] = {"tenant", "mandatary", "landlord_agent"};

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Room for one more of n elements: the array doubles from 8. */
static void *
grow(void *p, size_t n, size_t size)
{
	if (n == 0 || (n >= 8 && (n & (n - 1)) == 0))
		return xreallocarray(p, n ? n * 2 : 8, size);
	return p;
}

void
demo_seal_begin(struct demo *d, const struct demo_dwelling *dw, const struct demo_lease *l,
    struct demo_insp *in, const char *obs, const char *moved)
{
	struct inspection *h = xcalloc(1, sizeof *h);

	snprintf(h->id, sizeof h->id, "%s", in->id);
	snprintf(h->kind, sizeof h->kind, "%s", in->kind);
	snprintf(h->dwelling_id, sizeof h->dwelling_id, "%s", dw->id);
	snprintf(h->lease_id, sizeof h->lease_id, "%s", l->id);
	demo_stamp(in->done, h->done_at);
	/* The entry's day for an exit (done on the lease's first day), the
	 * lease's start otherwise: the same day. */
	demo_date(l->start, h->entry_date);
	snprintf(h->amends_id, sizeof h->amends_id, "%s", in->amends ? in->amends : "");
	snprintf(h->amendment_kind, sizeof h->amendment_kind, "%s",
	    in->amendment_kind ? in->amendment_kind : "");
	h->landlord_name = xstrdup(ORG_NAME);
	h->landlord_address = xstrdup(d->org_address);
	h->tenant_new_address = dup_or_null(moved);
	h->observations = dup_or_null(obs);
	demo_stamp(in->signed_at, h->signed_at);
	in->seal = h;
}

void
demo_seal_room(struct demo_insp *in, const char *name)
{
	struct inspection *h = in->seal;
	struct inspection_room *r;

	if (h == NULL)
		return;
	h->rooms = grow(h->rooms, h->nrooms, sizeof *h->rooms);
	r = &h->rooms[h->nrooms++];
	memset(r, 0, sizeof *r);
	r->name = xstrdup(name);
	r->first = h->nitems;
}

/* quantity < 0: none. */
void
demo_seal_item(struct demo_insp *in, const char *name, const char *nature, char state,
    const char *comment, const char *charge, double quantity, const char *price)
{
	struct inspection *h = in->seal;
	struct inspection_item *it;

	if (h == NULL || h->nrooms == 0)
		return;
	h->items = grow(h->items, h->nitems, sizeof *h->items);
	it = &h->items[h->nitems++];
	memset(it, 0, sizeof *it);
	it->room = h->nrooms - 1;
	it->name = xstrdup(name);
	it->nature = dup_or_null(nature);
	it->state = state;
	it->comment = dup_or_null(comment);
	snprintf(it->charge, sizeof it->charge, "%s", charge ? charge : "");
	it->quantity = quantity;
	it->price_code = dup_or_null(price);
	h->rooms[h->nrooms - 1].count++;
}

void
demo_seal_meter(struct demo_insp *in, const char *kind, const char *serial, double reading)
{
	struct inspection *h = in->seal;
	struct inspection_meter *m;

	if (h == NULL)
		return;
	h->meters = grow(h->meters, h->nmeters, sizeof *h->meters);
	m = &h->meters[h->nmeters++];
	memset(m, 0, sizeof *m);
	snprintf(m->kind, sizeof m->kind, "%s", kind);
	m->serial = dup_or_null(serial);
	m->reading = reading;
}

/* returned < 0: not recorded. */
void
demo_seal_key(struct demo_insp *in, const char *kind, long given, long returned)
{
	struct inspection *h = in->seal;
	struct inspection_key *k;

	if (h == NULL)
		return;
	h->keys = grow(h->keys, h->nkeys, sizeof *h->keys);
	k = &h->keys[h->nkeys++];
	memset(k, 0, sizeof *k);
	snprintf(k->kind, sizeof k->kind, "%s", kind);
	k->given = given;
	k->returned = returned;
}

void
demo_seal_party(struct demo_insp *in, const char *role, const char *name, int present,
    const char *mandate, const char *signature, const char *signed_at, const char *refusal,
    int paper)
{
	struct inspection *h = in->seal;
	struct inspection_party *p;

	if (h == NULL)
		return;
	h->parties = grow(h->parties, h->nparties, sizeof *h->parties);
	p = &h->parties[h->nparties++];
	memset(p, 0, sizeof *p);
	snprintf(p->role, sizeof p->role, "%s", role);
	p->name = xstrdup(name);
	p->present = present;
	p->mandate = dup_or_null(mandate);
	p->signature_name = dup_or_null(signature);
	snprintf(p->signed_at, sizeof p->signed_at, "%s", signed_at ? signed_at : "");
	p->refusal_reason = dup_or_null(refusal);
	p->paper = paper;
}

static size_t
rank(const char *const *order, size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(order[i], code) == 0)
			return i;
	return n;
}

/* Stable insertion sorts: a handful of lines each. */
static void
sort_lines(struct inspection *h)
{
	struct inspection_meter m;
	struct inspection_party p;
	size_t i, j;

	for (i = 1; i < h->nmeters; i++) {
		m = h->meters[i];
		for (j = i; j > 0 && rank(meter_order, 6, h->meters[j - 1].kind) >
		    rank(meter_order, 6, m.kind); j--)
			h->meters[j] = h->meters[j - 1];
		h->meters[j] = m;
	}
	for (i = 1; i < h->nparties; i++) {
		p = h->parties[i];
		for (j = i; j > 0 && rank(party_order, 3, h->parties[j - 1].role) >
		    rank(party_order, 3, p.role); j--)
			h->parties[j] = h->parties[j - 1];
		h->parties[j] = p;
	}
}

void
demo_seal_end(struct demo_insp *in, char sha[65])
{
	sort_lines(in->seal);
	inspection_digest(in->seal, sha);
	inspection_free(in->seal);
	in->seal = NULL;
}

/* Reads the first signed inspection of each kind (with rows or without)
 * back and verifies its digest. */
void
demo_seal_check(struct demo *d, const struct demo_insp *in, int rows)
{
	int kind = in->amends ? 0 : in->exit ? 1 + (in->kind[0] == 'b') : 3;
	unsigned bit = 1u << (kind * 2 + (rows != 0));
	struct inspection *got;
	int ok;

	if (d->failed || (d->checked & bit))
		return;
	d->checked |= bit;
	if (inspection_load(d->db, NULL, in->id, &got, d->e) != 0) {
		d->failed = 1;
		return;
	}
	ok = inspection_verify(got) == 1;
	inspection_free(got);
	if (!ok) {
		err_set(d->e, "empreinte de l'état des lieux %s (%s) : le calcul de la "
		    "démonstration ne suit plus core/inspection.c", in->id, in->kind);
		d->failed = 1;
	}
}
