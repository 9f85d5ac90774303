/* What the demo holds before its first estate: the organisation, its
 * agencies and sectors, the users, the reference tables (claim categories
 * and urgencies, wear grid, price list, the inspection templates of
 * demo_inspection.c) and each agency's contractors. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "datetime.h"
#include "demo_data.h"
#include "demo_internal.h"
#include "uid.h"
#include "xalloc.h"

/* ---- Organisation, agencies, sectors, users ---- */

static void
landline(struct demo *d, const struct demo_region *r, char out[24])
{
	snprintf(out, 24, "%s %02d %02d", r->phone, (int)demo_rng_below(&d->rng, 100),
	    (int)demo_rng_below(&d->rng, 100));
}

static void
user_identity(struct demo *d, struct demo_user *u, const char *login)
{
	const char *first, *last;

	demo_person(d, &first, &last);
	demo_id(d, u->id);
	snprintf(u->login, sizeof u->login, "%s", login);
	snprintf(u->name, sizeof u->name, "%s %s", first, last);
}

void
demo_plan_structure(struct demo *d, long n, int agencies)
{
	int a, s, *local;

	d->nagencies = agencies > 0 ? agencies : (int)((n + 10000) / 20000);
	d->nagencies = d->nagencies < 1 ? 1 :
	    d->nagencies > DEMO_MAX_AGENCIES ? DEMO_MAX_AGENCIES : d->nagencies;
	d->nsectors = (int)((n + 225) / 450);
	if (d->nsectors < d->nagencies)
		d->nsectors = d->nagencies;
	d->agencies = xcalloc((size_t)d->nagencies, sizeof *d->agencies);
	d->sectors = xcalloc((size_t)d->nsectors, sizeof *d->sectors);
	local = xcalloc((size_t)d->nagencies, sizeof *local);
	for (a = 0; a < d->nagencies; a++) {
		d->agencies[a].region = a % (int)demo_nregions;
		snprintf(d->agencies[a].code, sizeof d->agencies[a].code, "AG%02d", a + 1);
	}
	for (s = 0; s < d->nsectors; s++) {
		struct demo_sector *sec = &d->sectors[s];
		const struct demo_region *r;

		sec->agency = (int)((int64_t)s * d->nagencies / d->nsectors);
		sec->dwellings = n / d->nsectors + (s < n % d->nsectors);
		r = &demo_regions[d->agencies[sec->agency].region];
		sec->commune = (local[sec->agency]++ * 2) % (int)r->ncommunes;
	}
	free(local);
}

void
demo_plan_users(struct demo *d)
{
	char login[24];
	int i;

	user_identity(d, &d->admin, "admin");
	user_identity(d, &d->auditor, "auditeur");
	for (i = 0; i < d->nagencies; i++) {
		snprintf(login, sizeof login, "agent%d", i + 1);
		user_identity(d, &d->agencies[i].agent, login);
		snprintf(login, sizeof login, "technicien%d", i + 1);
		user_identity(d, &d->agencies[i].tech, login);
		snprintf(login, sizeof login, "superviseur%d", i + 1);
		user_identity(d, &d->agencies[i].super, login);
	}
	for (i = 0; i < d->nsectors; i++) {
		snprintf(login, sizeof login, "gardien%d", i + 1);
		user_identity(d, &d->sectors[i].gardien, login);
	}
}

static void
write_user(struct demo *d, const struct demo_user *u, const char *role, const char *agency)
{
	char at[DT_STAMP_SIZE];

	RUN(d, Q_USER_ACCOUNT, "ttttttt",
	    u->id, u->login, u->name, role, agency, demo_stamp(d->setup, at), d->admin.id);
}

static void
write_organisation(struct demo *d)
{
	const struct demo_commune *c = &demo_regions[0].communes[0];
	char at[DT_STAMP_SIZE], siren[16];

	demo_id(d, d->org_id);
	snprintf(d->org_address, sizeof d->org_address, "%d %s, %s %s",
	    (int)demo_rng_range(&d->rng, 1, 80), demo_rng_pick(&d->rng, &demo_streets),
	    c->postcode, c->name);
	snprintf(siren, sizeof siren, "%09" PRId64, demo_rng_below(&d->rng, 1000000000));
	RUN(d, Q_ORGANISATION, "tttttt", d->org_id, ORG_NAME,
	    d->org_address, siren, demo_stamp(d->setup, at), d->admin.id);
}

static void
write_agency(struct demo *d, struct demo_agency *a)
{
	const struct demo_region *r = &demo_regions[a->region];
	const struct demo_commune *c = &r->communes[0];
	char at[DT_STAMP_SIZE], name[96], address[160], phone[24];

	demo_id(d, a->id);
	snprintf(name, sizeof name, "Agence %s", r->name);
	snprintf(address, sizeof address, "%d %s, %s %s", (int)demo_rng_range(&d->rng, 1, 120),
	    demo_rng_pick(&d->rng, &demo_streets), c->postcode, c->name);
	landline(d, r, phone);
	RUN(d, Q_AGENCY, "tttttttt", a->id,
	    d->org_id, a->code, name, address, phone, demo_stamp(d->setup, at), d->admin.id);
}

static void
write_sector(struct demo *d, int i)
{
	struct demo_sector *s = &d->sectors[i];
	const struct demo_region *r = &demo_regions[d->agencies[s->agency].region];
	char at[DT_STAMP_SIZE], code[16], name[128];

	demo_id(d, s->id);
	snprintf(code, sizeof code, "S%04d", i + 1);
	snprintf(name, sizeof name, "%s %s", r->communes[s->commune].name,
	    demo_rng_pick(&d->rng, &demo_sector_names));
	RUN(d, Q_SECTOR, "tttttt", s->id, d->agencies[s->agency].id, code,
	    name, demo_stamp(d->setup, at), d->admin.id);
}

void
demo_write_structure(struct demo *d)
{
	char at[DT_STAMP_SIZE], id[UID_SIZE];
	int i;

	write_organisation(d);
	for (i = 0; i < d->nagencies; i++)
		write_agency(d, &d->agencies[i]);
	for (i = 0; i < d->nsectors; i++)
		write_sector(d, i);
	write_user(d, &d->admin, "admin", NULL);
	write_user(d, &d->auditor, "auditeur", NULL);
	for (i = 0; i < d->nagencies; i++) {
		struct demo_agency *a = &d->agencies[i];
		write_user(d, &a->agent, "agent", a->id);
		write_user(d, &a->tech, "technicien", a->id);
		write_user(d, &a->super, "superviseur", a->id);
	}
	for (i = 0; i < d->nsectors; i++) {
		struct demo_sector *s = &d->sectors[i];
		write_user(d, &s->gardien, "gardien", d->agencies[s->agency].id);
		demo_id(d, id);
		RUN(d, Q_USER_SECTOR, "ttttt", id, s->gardien.id, s->id,
		    demo_stamp(d->setup, at), d->admin.id);
	}
}

/* ---- Reference data ---- */

static void
write_claim_reference(struct demo *d)
{
	char at[DT_STAMP_SIZE], id[UID_SIZE];
	size_t i;

	demo_stamp(d->setup, at);
	for (i = 0; i < demo_ncategories; i++) {
		demo_id(d, id);
		RUN(d, Q_CLAIM_CATEGORY, "ttttt", id, demo_categories[i].code,
		    demo_categories[i].label, at, d->admin.id);
	}
	for (i = 0; i < 3; i++) {
		const struct demo_urgency *u = &demo_urgencies[i];
		demo_id(d, id);
		RUN(d, Q_CLAIM_URGENCY, "tttddtt", id, u->code,
		    u->label, u->hours, u->working_days, at, d->admin.id);
	}
}

static void
write_wear_and_prices(struct demo *d)
{
	char at[DT_STAMP_SIZE], id[UID_SIZE];
	size_t i;

	demo_stamp(d->setup, at);
	for (i = 0; i < demo_nwear; i++) {
		const struct demo_wear *w = &demo_wear_grid[i];
		int rate = (10000 - w->residual_bp) / (w->lifetime - w->franchise);
		demo_id(d, id);
		RUN(d, Q_WEAR_GRID, "tttddddtt", id, w->kind, w->label,
		    w->lifetime, w->franchise, rate, w->residual_bp, at, d->admin.id);
	}
	for (i = 0; i < demo_nprices; i++) {
		const struct demo_price *p = &demo_prices[i];
		demo_id(d, id);
		RUN(d, Q_PRICE_LIST,
		    "ttttdttt", id, p->code, p->label, p->unit, p->cents, p->item_kind, at,
		    d->admin.id);
	}
}

static void
write_contractors(struct demo *d, struct demo_agency *a)
{
	const struct demo_region *r = &demo_regions[a->region];
	char at[DT_STAMP_SIZE], name[96], slug[96], email[160], phone[24], siret[16];
	char label[192], start[DT_DATE_SIZE], end[DT_DATE_SIZE];
	int t, y0;
	int64_t s, e;

	demo_stamp(d->setup, at);
	for (t = 0; t < DEMO_TRADE_COUNT; t++) {
		const struct demo_trade *tr = &demo_trades[t];
		demo_id(d, a->contractor[t]);
		snprintf(name, sizeof name, tr->name_fmt, demo_rng_pick(&d->rng, &demo_last));
		demo_ascii_slug(name, slug, sizeof slug);
		snprintf(email, sizeof email, "contact@%s.example.fr", slug);
		landline(d, r, phone);
		snprintf(siret, sizeof siret, "%09" PRId64 "%05" PRId64,
		    demo_rng_below(&d->rng, 1000000000), demo_rng_below(&d->rng, 100000));
		RUN(d, Q_CONTRACTOR, "tttttttt",
		    a->contractor[t], name, tr->code, phone, email, siret, at, d->admin.id);
		y0 = d->year - (int)demo_rng_range(&d->rng, 0, 3);
		s = demo_year_start(y0);
		a->contract_from[t] = s;
		e = demo_year_start(y0 + 4) - 1;
		if (e < d->today)
			e = demo_year_start(y0 + 8) - 1;
		demo_id(d, a->contract[t]);
		snprintf(label, sizeof label, "Contrat %s – agence %s", tr->label, r->name);
		RUN(d, Q_CONTRACT, "tttttdtttt", a->contract[t], a->contractor[t], a->id, label,
		    tr->code, tr->response_hours, demo_date(s, start), demo_date(e, end), at,
		    d->admin.id);
	}
}

void
demo_write_reference(struct demo *d)
{
	int type, i;

	write_claim_reference(d);
	write_wear_and_prices(d);
	for (type = 1; type <= 6; type++) {
		demo_write_template(d, type, 0);
		demo_write_template(d, type, 1);
	}
	for (i = 0; i < d->nagencies; i++)
		write_contractors(d, &d->agencies[i]);
}
