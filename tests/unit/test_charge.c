/* core/charge.c: the wear formula against figures worked out by hand
 * (franchise, mid life, floor at the residual share, no wear, rounding
 * half up, quantities to the hundredth), whole years on anniversaries and
 * leap days, the charges proposed by kind and state; a statement built on
 * a small database of our own (age from equipment, works and the lease,
 * key losses, unpriced items, totals, the deposit's deadline); and the
 * refurbishment work orders of the landlord's defects. */
#include "tests/unit/testutil.h"

#include "core/charge.h"
#include "core/datetime.h"
#include "core/uid.h"
#include "core/user.h"

#define STAMP "2025-01-02T03:04:05Z"
#define EXIT_DAY "2025-06-30"

#define RUN(db, sql, types, ...) do { \
	struct err e_; \
	if (db_run((db), &e_, (sql), (types), __VA_ARGS__) != 0) \
		fail_msg("%s: %s", (sql), e_.msg); \
} while (0)

struct fx {
	char *dir;
	struct db *db;
	char by[UID_SIZE];
	char agency[UID_SIZE], agency2[UID_SIZE], sector[UID_SIZE], sector2[UID_SIZE];
	char entrance[UID_SIZE];
	char dw[UID_SIZE], dw2[UID_SIZE], lease[UID_SIZE];
	char exit[UID_SIZE], quiet[UID_SIZE];
	char room_living[UID_SIZE], room_kitchen[UID_SIZE], room_bed[UID_SIZE],
	    room_flat[UID_SIZE];
	/* Items the work orders are made for. */
	char walls[UID_SIZE], wallpaper[UID_SIZE], basin[UID_SIZE], radiator[UID_SIZE];
	char zed[UID_SIZE], zed_contract[UID_SIZE], durand[UID_SIZE], aaa[UID_SIZE];
};

/* ---- The formula, by hand ---- */

static const struct wear_rule paint = {7, 1, 1500, 1000};
static const struct wear_rule parquet = {25, 3, 363, 2000};
static const struct wear_rule wallpaper = {8, 1, 1285, 1000};
static const struct wear_rule no_franchise = {10, 0, 1000, 0};

static void
test_coefficient(void **state)
{
	static const struct {
		const struct wear_rule *w;
		int age, coef;
	} rows[] = {
		/* Within the franchise the item counts as new. */
		{&paint, 0, 10000},
		{&paint, 1, 10000},
		{&parquet, 3, 10000},
		/* Then the rate per year past the franchise. */
		{&paint, 2, 8500},      /* 1 - 1 × 15 % */
		{&paint, 4, 5500},      /* 1 - 3 × 15 % */
		{&parquet, 4, 9637},    /* 1 - 1 × 3,63 % */
		{&parquet, 10, 7459},   /* 1 - 7 × 3,63 % */
		{&parquet, 25, 2014},   /* 1 - 22 × 3,63 %, just above the floor */
		{&wallpaper, 5, 4860},  /* 1 - 4 × 12,85 % */
		{&no_franchise, 1, 9000},
		/* The floor: the residual share. */
		{&paint, 7, 1000},      /* 1 - 6 × 15 % = 10 %, the floor itself */
		{&paint, 8, 1000},      /* -5 % computed */
		{&paint, 30, 1000},
		{&parquet, 26, 2000},   /* 16,51 % computed */
		{&no_franchise, 12, 0}, /* -20 % computed, no floor: 0 */
		/* No wear: loss, cleaning, an item the grid does not list. */
		{NULL, 0, 10000},
		{NULL, 40, 10000},
		/* A date after the exit is not an age. */
		{&paint, -3, 10000},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (charge_coefficient_bp(rows[i].w, rows[i].age) != rows[i].coef)
			fail_msg("row %zu: age %d gives %d, %d expected", i, rows[i].age,
			    charge_coefficient_bp(rows[i].w, rows[i].age), rows[i].coef);
}

static void
test_share_and_cost(void **state)
{
	static const struct {
		int64_t cost;
		int coef;
		int64_t share;
	} shares[] = {
		{30258, 7000, 21181},       /* 21 180,6 */
		{12345, 5000, 6173},        /* 6 172,5: half up */
		{12345, 4999, 6171},        /* 6 171,17 */
		{1, 5000, 1},               /* 0,5 */
		{1, 4999, 0},
		{0, 7000, 0},
		{99999, 10000, 99999},
		{4001, 2500, 1000},         /* 1 000,25 */
		{123456789012, 3333, 41148147778}, /* no overflow on large sums */
	};
	static const struct {
		double qty;
		int64_t price, cost;
	} costs[] = {
		{12.35, 2450, 30258},       /* 30 257,5: half up */
		{0.5, 4001, 2001},          /* 2 000,5 */
		{3, 2500, 7500},
		{0.33, 3333, 1100},         /* 1 099,89 */
		{2.675, 1000, 2680},        /* quantity taken as 2,68 */
		{1.004, 10000, 10000},      /* 1,00 */
		{1.005, 10000, 10100},      /* 1,01 */
		{0, 5000, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof shares / sizeof shares[0]; i++)
		if (charge_share_cents(shares[i].cost, shares[i].coef) != shares[i].share)
			fail_msg("share %zu: %lld", i,
			    (long long)charge_share_cents(shares[i].cost, shares[i].coef));
	for (i = 0; i < sizeof costs / sizeof costs[0]; i++)
		if (charge_cost_cents(costs[i].qty, costs[i].price) != costs[i].cost)
			fail_msg("cost %zu: %lld", i,
			    (long long)charge_cost_cents(costs[i].qty, costs[i].price));
}

static void
test_age_years(void **state)
{
	(void)state;
	assert_int_equal(charge_age_years("2019-03-15", "2025-03-14"), 5);
	assert_int_equal(charge_age_years("2019-03-15", "2025-03-15"), 6);
	assert_int_equal(charge_age_years("2019-03-15", "2019-03-15"), 0);
	assert_int_equal(charge_age_years("2019-12-31", "2020-12-30"), 0);
	assert_int_equal(charge_age_years("2019-12-31", "2020-12-31"), 1);
	/* Born on a leap day: a year is complete on 1 March, or on 29
	 * February in leap years. */
	assert_int_equal(charge_age_years("2020-02-29", "2021-02-28"), 0);
	assert_int_equal(charge_age_years("2020-02-29", "2021-03-01"), 1);
	assert_int_equal(charge_age_years("2020-02-29", "2024-02-28"), 3);
	assert_int_equal(charge_age_years("2020-02-29", "2024-02-29"), 4);
	/* From 28 February to a leap day. */
	assert_int_equal(charge_age_years("2019-02-28", "2020-02-29"), 1);
	/* The end before the start, and dates that are not dates. */
	assert_int_equal(charge_age_years("2025-07-01", "2025-06-30"), 0);
	assert_int_equal(charge_age_years("2021-02-30", "2025-06-30"), 0);
	assert_int_equal(charge_age_years(NULL, "2025-06-30"), 0);
	/* A moment's day counts. */
	assert_int_equal(charge_age_years("2019-06-30", "2025-06-30T10:00:00Z"), 6);
}

static void
test_defaults(void **state)
{
	(void)state;
	assert_string_equal(charge_default("paint", 'u'), "wear");
	assert_string_equal(charge_default("heating", 'u'), "wear");
	assert_string_equal(charge_default("paint", 'm'), "tenant");
	assert_string_equal(charge_default("sanitary", 'm'), "tenant");
	assert_string_equal(charge_default("ventilation", 'm'), "tenant");
	assert_string_equal(charge_default("heating", 'm'), "landlord");
	assert_string_equal(charge_default("appliances", 'm'), "landlord");
	assert_string_equal(charge_default("paint", 'x'), "tenant");
	assert_string_equal(charge_default("joinery", 'x'), "tenant");
	assert_string_equal(charge_default("sanitary", 'x'), "landlord");
	assert_string_equal(charge_default("heating", 'x'), "landlord");
	assert_string_equal(charge_default("appliances", 'x'), "landlord");
	assert_string_equal(charge_default("paint", 'n'), "none");
	assert_string_equal(charge_default("paint", 'b'), "none");
	assert_string_equal(charge_default("paint", 'v'), "none");
	assert_string_equal(charge_default("paint", 0), "none");
	/* A kind Loge does not know: bad is the landlord's until told. */
	assert_string_equal(charge_default("garden", 'm'), "landlord");
	assert_string_equal(charge_default(NULL, 'x'), "tenant");
	assert_non_null(strstr(charge_repair_category("paint"), "peinture"));
	assert_non_null(strstr(charge_repair_category("electrical"), "prises"));
	assert_non_null(strstr(charge_repair_category("blinds"), "Ouvertures"));
	assert_null(charge_repair_category("cleaning"));
	assert_null(charge_repair_category(NULL));
}

/* ---- A small database ---- */

static void
fx_id(char id[UID_SIZE])
{
	uid_new(id);
}

static void
fx_places(struct fx *f)
{
	char org[UID_SIZE], estate[UID_SIZE], building[UID_SIZE];

	fx_id(org);
	RUN(f->db, "INSERT INTO organisation (id, name, updated_at, updated_by) "
	    "VALUES (?, 'Habitat Test', ?, ?)", "ttt", org, STAMP, f->by);
	fx_id(f->agency);
	fx_id(f->agency2);
	RUN(f->db, "INSERT INTO agency (id, organisation_id, code, name, updated_at, updated_by) "
	    "VALUES (?, ?, 'A1', 'Agence Nord', ?, ?), (?, ?, 'A2', 'Agence Sud', ?, ?)",
	    "tttttttt", f->agency, org, STAMP, f->by, f->agency2, org, STAMP, f->by);
	fx_id(f->sector);
	fx_id(f->sector2);
	RUN(f->db, "INSERT INTO sector (id, agency_id, code, name, updated_at, updated_by) "
	    "VALUES (?, ?, 'S1', 'Secteur 1', ?, ?), (?, ?, 'S2', 'Secteur 2', ?, ?)", "tttttttt",
	    f->sector, f->agency, STAMP, f->by, f->sector2, f->agency2, STAMP, f->by);
	fx_id(estate);
	RUN(f->db, "INSERT INTO estate (id, sector_id, code, name, updated_at, updated_by) "
	    "VALUES (?, ?, 'E1', 'Les Tilleuls', ?, ?)", "tttt", estate, f->sector, STAMP, f->by);
	fx_id(building);
	RUN(f->db, "INSERT INTO building (id, estate_id, code, updated_at, updated_by) "
	    "VALUES (?, ?, 'A', ?, ?)", "tttt", building, estate, STAMP, f->by);
	fx_id(f->entrance);
	RUN(f->db, "INSERT INTO entrance (id, building_id, code, updated_at, updated_by) "
	    "VALUES (?, ?, '1', ?, ?)", "tttt", f->entrance, building, STAMP, f->by);
	fx_id(f->dw);
	fx_id(f->dw2);
	RUN(f->db, "INSERT INTO dwelling (id, entrance_id, reference, type, updated_at, "
	    "updated_by) VALUES (?, ?, 'T-001', 'T3', ?, ?), (?, ?, 'T-002', 'T2', ?, ?)",
	    "tttttttt", f->dw, f->entrance, STAMP, f->by, f->dw2, f->entrance, STAMP, f->by);
}

static const struct {
	const char *kind, *label;
	int life, franchise, rate, residual;
} fx_grid[] = {
	{"paint", "Peintures", 7, 1, 1500, 1000},
	{"parquet", "Parquets", 25, 3, 363, 2000},
	{"sanitary", "Appareils sanitaires", 15, 2, 653, 1500},
	{"heating", "Radiateurs", 20, 3, 470, 2000},
	{"ventilation", "Bouches de ventilation", 10, 1, 1000, 1000},
};

static const struct {
	const char *code, *label, *unit;
	int price;
	const char *kind;
} fx_prices[] = {
	{"PEINT-MUR", "Peinture murs", "m2", 2450, "paint"},
	{"PEINT-PLAF", "Peinture plafond", "m2", 2650, "paint"},
	{"PARQ-LAME", "Remplacement de lames de parquet", "unit", 3800, "parquet"},
	{"EVIER", "Remplacement d'évier inox", "unit", 31000, "sanitary"},
	{"RADIAT-ROB", "Remplacement de robinet de radiateur", "unit", 9000, "heating"},
	{"VMC-BOUCHE", "Remplacement de bouche VMC", "unit", 4000, "ventilation"},
	/* An item kind the grid does not list. */
	{"CARREL", "Remplacement de carreaux", "m2", 6500, "tiling"},
	{"NETT-FORF", "Nettoyage complet du logement", "flat", 25000, NULL},
	{"CLE", "Reproduction de clé", "unit", 2500, NULL},
	{"BADGE", "Badge d'accès supplémentaire", "unit", 3500, NULL},
};

static void
fx_prices_and_grid(struct fx *f)
{
	char id[UID_SIZE];
	size_t i;

	for (i = 0; i < sizeof fx_grid / sizeof fx_grid[0]; i++) {
		fx_id(id);
		RUN(f->db, "INSERT INTO wear_grid (id, item_kind, label, lifetime_years, "
		    "franchise_years, yearly_rate_bp, residual_bp, updated_at, updated_by) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "tttddddtt", id, fx_grid[i].kind,
		    fx_grid[i].label, fx_grid[i].life, fx_grid[i].franchise, fx_grid[i].rate,
		    fx_grid[i].residual, STAMP, f->by);
	}
	for (i = 0; i < sizeof fx_prices / sizeof fx_prices[0]; i++) {
		fx_id(id);
		RUN(f->db, "INSERT INTO price_list (id, code, label, unit, unit_price_cents, "
		    "item_kind, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		    "ttttdttt", id, fx_prices[i].code, fx_prices[i].label, fx_prices[i].unit,
		    fx_prices[i].price, fx_prices[i].kind, STAMP, f->by);
	}
}

static void
fx_equipment(struct fx *f, const char *dw, const char *kind, const char *date)
{
	char id[UID_SIZE];

	fx_id(id);
	RUN(f->db, "INSERT INTO equipment (id, dwelling_id, kind, install_date, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?)", "tttttt", id, dw, kind, date, STAMP, f->by);
}

static void
fx_works(struct fx *f, const char *dw, const char *kind, const char *date)
{
	char id[UID_SIZE];

	fx_id(id);
	RUN(f->db, "INSERT INTO works (id, dwelling_id, date, kind, amount_cents, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, 100000, ?, ?)", "tttttt", id, dw, date, kind, STAMP,
	    f->by);
}

/* What renewed what, and when: only the latest renewal of the right kind
 * in our dwelling before the exit counts. */
static void
fx_history(struct fx *f)
{
	fx_id(f->lease);
	RUN(f->db, "INSERT INTO lease (id, dwelling_id, start_date, end_date, deposit_cents, "
	    "updated_at, updated_by) VALUES (?, ?, '2019-03-15', ?, 60000, ?, ?)", "ttttt",
	    f->lease, f->dw, EXIT_DAY, STAMP, f->by);
	fx_works(f, f->dw, "refurbishment", "2016-01-01");  /* older */
	fx_works(f, f->dw, "refurbishment", "2022-06-30");  /* paint, parquet, sanitary */
	fx_works(f, f->dw, "repair", "2024-01-01");         /* not a renewal */
	fx_works(f, f->dw, "refurbishment", "2025-07-15");  /* after the exit */
	fx_works(f, f->dw2, "refurbishment", "2024-01-01"); /* another dwelling */
	fx_equipment(f, f->dw, "radiators", "2003-01-10");
	fx_equipment(f, f->dw, "radiators", "2026-01-01");  /* after the exit */
	fx_equipment(f, f->dw2, "radiators", "2024-01-01");
	fx_equipment(f, f->dw, "kitchen_sink", "2020-06-01"); /* older than the works */
	fx_equipment(f, f->dw, "vmc", "2025-07-01");        /* after the exit */
}

static void
fx_room(struct fx *f, const char *insp, int pos, const char *name, char id[UID_SIZE])
{
	fx_id(id);
	RUN(f->db, "INSERT INTO inspection_room (id, inspection_id, position, name, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?)", "ttdttt", id, insp, pos, name, STAMP, f->by);
}

/* An item; qty < 0 leaves the quantity unset. */
static void
fx_item(struct fx *f, const char *room, int pos, const char *name, const char *kind,
    const char *state_charge, const char *comment, double qty, const char *price,
    char *out)
{
	char id[UID_SIZE], st[2] = {state_charge[0], 0};
	const char *charge = state_charge + 2;

	fx_id(id);
	if (qty < 0)
		RUN(f->db, "INSERT INTO inspection_item (id, room_id, position, name, kind, state, "
		    "comment, charge, quantity, price_code, updated_at, updated_by) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ttdtttttnttt", id, room, pos,
		    name, kind, st, comment, charge, price, STAMP, f->by);
	else
		RUN(f->db, "INSERT INTO inspection_item (id, room_id, position, name, kind, state, "
		    "comment, charge, quantity, price_code, updated_at, updated_by) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ttdtttttfttt", id, room, pos,
		    name, kind, st, comment, charge, qty, price, STAMP, f->by);
	if (out != NULL)
		memcpy(out, id, UID_SIZE);
}

static void
fx_key(struct fx *f, const char *insp, const char *kind, int given, int returned)
{
	char id[UID_SIZE];

	fx_id(id);
	if (returned < 0)
		RUN(f->db, "INSERT INTO inspection_key (id, inspection_id, kind, given, returned, "
		    "updated_at, updated_by) VALUES (?, ?, ?, ?, NULL, ?, ?)", "tttdtt", id, insp,
		    kind, given, STAMP, f->by);
	else
		RUN(f->db, "INSERT INTO inspection_key (id, inspection_id, kind, given, returned, "
		    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)", "tttddtt", id, insp,
		    kind, given, returned, STAMP, f->by);
}

/* The exit of our lease. Items are "state:charge". */
static void
fx_exit(struct fx *f)
{
	fx_id(f->exit);
	RUN(f->db, "INSERT INTO inspection (id, dwelling_id, lease_id, kind, state, planned_date, "
	    "done_at, updated_at, updated_by) VALUES (?, ?, ?, 'move_out', 'ready', '2025-06-27', "
	    "'2025-06-30T10:00:00Z', ?, ?)", "ttttt", f->exit, f->dw, f->lease, STAMP, f->by);
	/* Rooms written out of order: the statement follows positions. */
	fx_room(f, f->exit, 4, "Logement", f->room_flat);
	fx_room(f, f->exit, 1, "Séjour", f->room_living);
	fx_room(f, f->exit, 3, "Chambre", f->room_bed);
	fx_room(f, f->exit, 2, "Cuisine", f->room_kitchen);
	fx_item(f, f->room_living, 3, "Radiateur", "heating", "m:tenant", "Robinet bloqué", 1,
	    "RADIAT-ROB", NULL);
	fx_item(f, f->room_living, 1, "Murs", "paint", "m:tenant", "Graffitis", 12.35,
	    "PEINT-MUR", f->walls);
	fx_item(f, f->room_living, 2, "Sol", "parquet", "m:tenant", "Lames brûlées", 2,
	    "PARQ-LAME", NULL);
	fx_item(f, f->room_living, 4, "Plafond", "paint", "u:wear", "Jauni", 14, "PEINT-PLAF",
	    NULL);
	fx_item(f, f->room_kitchen, 1, "Évier", "sanitary", "m:tenant", "Évier percé", 1, "EVIER",
	    NULL);
	fx_item(f, f->room_kitchen, 2, "Bouche VMC", "ventilation", "x:tenant", "Bouches absentes",
	    3, "VMC-BOUCHE", NULL);
	fx_item(f, f->room_kitchen, 3, "Sol", "tiling", "m:tenant", "Carreaux cassés", 1.5,
	    "CARREL", NULL);
	fx_item(f, f->room_kitchen, 4, "Radiateur", "heating", "x:landlord", "Fuite au corps", -1,
	    NULL, f->radiator);
	fx_item(f, f->room_bed, 1, "Papier peint", "wallpaper", "m:landlord",
	    "Décollé par dégât des eaux", -1, NULL, f->wallpaper);
	fx_item(f, f->room_bed, 2, "Lavabo", "sanitary", "x:landlord", NULL, -1, NULL, f->basin);
	fx_item(f, f->room_bed, 3, "Sol", "parquet", "b:none", NULL, 10, "PARQ-LAME", NULL);
	/* Charged to the tenant but not priced: counted apart. */
	fx_item(f, f->room_bed, 4, "Porte", "joinery", "m:tenant", "Porte enfoncée", 1, NULL, NULL);
	fx_item(f, f->room_bed, 5, "Placard", "cupboards", "m:tenant", "Étagère cassée", -1,
	    "NETT-FORF", NULL);
	fx_item(f, f->room_bed, 6, "Volets", "blinds", "m:tenant", "Sangle cassée", 0, "CARREL",
	    NULL);
	fx_item(f, f->room_flat, 1, "Propreté", "cleaning", "m:tenant", "Logement sale", 1,
	    "NETT-FORF", NULL);
	fx_key(f, f->exit, "door", 3, 1);
	fx_key(f, f->exit, "badge", 2, 2);
	fx_key(f, f->exit, "mailbox", 2, -1);
	fx_key(f, f->exit, "garage_remote", 1, 0);
}

/* An exit with nothing to charge, no lease, dated by its plan. */
static void
fx_quiet_exit(struct fx *f)
{
	char room[UID_SIZE];

	fx_id(f->quiet);
	RUN(f->db, "INSERT INTO inspection (id, dwelling_id, kind, planned_date, updated_at, "
	    "updated_by) VALUES (?, ?, 'move_out', '2025-01-31', ?, ?)", "tttt", f->quiet, f->dw2,
	    STAMP, f->by);
	fx_room(f, f->quiet, 1, "Séjour", room);
	fx_item(f, room, 1, "Murs", "paint", "u:wear", "Traces", 20, "PEINT-MUR", NULL);
	fx_item(f, room, 2, "Sol", "parquet", "b:none", NULL, -1, NULL, NULL);
	fx_key(f, f->quiet, "door", 2, 2);
}

static void
fx_contractor(struct fx *f, const char *name, const char *trade, char id[UID_SIZE])
{
	fx_id(id);
	RUN(f->db, "INSERT INTO contractor (id, name, trade, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?)", "ttttt", id, name, trade, STAMP, f->by);
}

static void
fx_contract(struct fx *f, const char *contractor, const char *agency, const char *trade,
    const char *end, char id[UID_SIZE])
{
	fx_id(id);
	RUN(f->db, "INSERT INTO contract (id, contractor_id, agency_id, label, trade, "
	    "response_hours, start_date, end_date, updated_at, updated_by) "
	    "VALUES (?, ?, ?, 'Contrat', ?, 48, '2020-01-01', ?, ?, ?)", "ttttttt", id,
	    contractor, agency, trade, end, STAMP, f->by);
}

/* Painters: one under contract with our agency (Zed), one with the other
 * agency and one whose contract has ended, both earlier by name. A
 * plumber without contract; no heating firm at all. */
static void
fx_contractors(struct fx *f)
{
	char abel[UID_SIZE], aaron[UID_SIZE], c[UID_SIZE], old[UID_SIZE], year[5];
	char now[DT_STAMP_SIZE], *number;

	fx_contractor(f, "Aaa Multiservices", "multi", f->aaa);
	fx_contractor(f, "Peintures Aaron", "painting", aaron);
	fx_contractor(f, "Peintures Abel", "painting", abel);
	fx_contractor(f, "Peintures Zed", "painting", f->zed);
	fx_contractor(f, "Plomberie Durand", "plumbing", f->durand);
	fx_contract(f, abel, f->agency2, "painting", NULL, c);
	fx_contract(f, aaron, f->agency, "painting", "2020-12-31", c);
	fx_contract(f, f->zed, f->agency, "painting", NULL, f->zed_contract);
	/* The register already holds this year's 41st order and an older
	 * year's 99th. */
	dt_now(now);
	snprintf(year, sizeof year, "%.4s", now);
	number = xasprintf("BT%s-000041", year);
	fx_id(old);
	RUN(f->db, "INSERT INTO work_order (id, number, contractor_id, dwelling_id, description, "
	    "ordered_at, updated_at, updated_by) VALUES (?, ?, ?, ?, 'Ancien', ?, ?, ?)",
	    "ttttttt", old, number, f->aaa, f->dw2, STAMP, STAMP, f->by);
	fx_id(old);
	RUN(f->db, "INSERT INTO work_order (id, number, contractor_id, dwelling_id, description, "
	    "ordered_at, updated_at, updated_by) VALUES (?, 'BT2019-000099', ?, ?, 'Ancien', ?, "
	    "?, ?)", "tttttt", old, f->aaa, f->dw2, STAMP, STAMP, f->by);
	free(number);
}

static int
fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->db = tu_db(f->dir, "charge.db");
	fx_id(f->by);
	fx_places(f);
	fx_prices_and_grid(f);
	fx_history(f);
	fx_exit(f);
	fx_quiet_exit(f);
	fx_contractors(f);
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* ---- The statement ---- */

struct want {
	const char *room, *item, *code;
	double qty;
	int64_t cost;
	const char *from, *source;
	int age, coef;
	int64_t share;
};

static void
check_line(const struct charge_line *l, const struct want *w, size_t i)
{
	if ((w->room == NULL) != (l->room == NULL) || (w->room && strcmp(w->room, l->room)) ||
	    strcmp(w->item, l->item) != 0 || strcmp(w->code, l->price_code) != 0)
		fail_msg("line %zu: %s / %s / %s", i, l->room ? l->room : "-", l->item,
		    l->price_code);
	assert_true(l->quantity > w->qty - 1e-9 && l->quantity < w->qty + 1e-9);
	assert_int_equal(l->cost_cents, w->cost);
	assert_string_equal(l->age_from, w->from);
	if (w->source == NULL)
		assert_null(l->age_source);
	else
		assert_string_equal(l->age_source, w->source);
	if (l->age_years != w->age || l->coef_bp != w->coef || l->share_cents != w->share)
		fail_msg("line %zu (%s): age %d coef %d share %lld", i, l->item, l->age_years,
		    l->coef_bp, (long long)l->share_cents);
	assert_non_null(l->rule);
}

#define EQUIP "pose de l'équipement"
#define WORKS "travaux de remise en état"
#define LEASE "début du bail"

static void
test_statement(void **state)
{
	struct fx *f = *state;
	/* Exit 2025-06-30, worked out by hand:
	 * walls: 12,35 m² × 24,50 = 302,575 → 302,58 €; 3 years since the
	 *   works (on the day), 1 - 2 × 15 % = 70 %: 211,806 → 211,81 €;
	 * floor: age 3 = franchise 3: 100 %;
	 * radiator: 22 years since 2003-01-10 (the 2026 one is after the
	 *   exit), 1 - 19 × 4,7 % = 10,7 % < floor 20 %: 18,00 €;
	 * sink: the works (2022) are later than the sink (2020): 3 years,
	 *   1 - 1 × 6,53 % = 93,47 %: 310 × 0,9347 = 289,757 → 289,76 €;
	 * vents: no vmc before the exit: the lease (2019-03-15), 6 years,
	 *   1 - 5 × 10 % = 50 %: 120 → 60 €;
	 * tiles: "tiling" is not in the grid: 100 %;
	 * cleaning, keys: no wear. */
	static const struct want want[] = {
		{"Séjour", "Murs", "PEINT-MUR", 12.35, 30258, "2022-06-30", WORKS, 3, 7000, 21181},
		{"Séjour", "Sol", "PARQ-LAME", 2, 7600, "2022-06-30", WORKS, 3, 10000, 7600},
		{"Séjour", "Radiateur", "RADIAT-ROB", 1, 9000, "2003-01-10", EQUIP, 22, 2000, 1800},
		{"Cuisine", "Évier", "EVIER", 1, 31000, "2022-06-30", WORKS, 3, 9347, 28976},
		{"Cuisine", "Bouche VMC", "VMC-BOUCHE", 3, 12000, "2019-03-15", LEASE, 6, 5000, 6000},
		{"Cuisine", "Sol", "CARREL", 1.5, 9750, "", NULL, 0, 10000, 9750},
		{"Logement", "Propreté", "NETT-FORF", 1, 25000, "", NULL, 0, 10000, 25000},
		{NULL, "Clé porte palière", "CLE", 2, 5000, "", NULL, 0, 10000, 5000},
		{NULL, "Télécommande de parking", "BADGE", 1, 3500, "", NULL, 0, 10000, 3500},
	};
	struct charge_statement *s = NULL;
	struct err e;
	size_t i;

	if (charge_statement(f->db, f->exit, &s, &e) != 0)
		fail_msg("charge_statement: %s", e.msg);
	assert_int_equal(s->nlines, sizeof want / sizeof want[0]);
	for (i = 0; i < s->nlines; i++)
		check_line(&s->lines[i], &want[i], i);
	assert_string_equal(s->lines[0].item_id, f->walls);
	assert_string_equal(s->lines[0].defect, "Graffitis");
	assert_string_equal(s->lines[0].price_label, "Peinture murs");
	assert_string_equal(s->lines[0].unit, "m2");
	assert_int_equal(s->lines[0].unit_price_cents, 2450);
	assert_string_equal(s->lines[0].rule, "Peintures (durée de vie 7 ans) : franchise 1 an, "
	    "15 %/an, plancher 10 % ; 3 ans depuis les travaux de remise en état (2022-06-30) "
	    "→ 70 %");
	assert_string_equal(s->lines[1].rule, "Parquets (durée de vie 25 ans) : franchise 3 ans, "
	    "3,63 %/an, plancher 20 % ; 3 ans depuis les travaux de remise en état (2022-06-30) "
	    "→ 100 % (franchise)");
	assert_string_equal(s->lines[2].rule, "Radiateurs (durée de vie 20 ans) : franchise "
	    "3 ans, 4,7 %/an, plancher 20 % ; 22 ans depuis la pose de l'équipement (2003-01-10) "
	    "→ 20 % (plancher)");
	assert_non_null(strstr(s->lines[4].rule, "depuis le début du bail (2019-03-15) → 50 %"));
	assert_non_null(strstr(s->lines[5].rule,
	    "Catégorie « tiling » sans ligne dans la grille de vétusté"));
	assert_string_equal(s->lines[6].rule,
	    "Perte, nettoyage ou remise en état : pas d'abattement pour vétusté");
	assert_string_equal(s->lines[7].rule, "Perte : pas de vétusté");
	assert_string_equal(s->lines[7].item_id, "");
	assert_string_equal(s->lines[7].defect, "Non restitués : 2 sur 3 remis");
	assert_string_equal(s->lines[8].unit, "unit");
	/* Porte (no price), Placard (no quantity), Volets (quantity 0). */
	assert_int_equal(s->nunpriced, 3);
	assert_int_equal(s->total_cost_cents, 133108);
	assert_int_equal(s->total_share_cents, 108807);
	assert_int_equal(s->deposit_cents, 60000);
	assert_string_equal(s->exit_date, EXIT_DAY);
	assert_int_equal(s->deposit_months, 2);
	assert_string_equal(s->deposit_deadline, "2025-08-30");
	assert_non_null(strstr(s->rounding, "centime le plus proche"));
	charge_statement_free(s);
}

static void
test_statement_nothing_owed(void **state)
{
	struct fx *f = *state;
	struct charge_statement *s = NULL;
	struct err e;

	if (charge_statement(f->db, f->quiet, &s, &e) != 0)
		fail_msg("charge_statement: %s", e.msg);
	assert_int_equal(s->nlines, 0);
	assert_int_equal(s->nunpriced, 0);
	assert_int_equal(s->total_cost_cents, 0);
	assert_int_equal(s->total_share_cents, 0);
	assert_int_equal(s->deposit_cents, -1);
	/* Exit matches entry: one month, 31 January → 28 February. */
	assert_string_equal(s->exit_date, "2025-01-31");
	assert_int_equal(s->deposit_months, 1);
	assert_string_equal(s->deposit_deadline, "2025-02-28");
	charge_statement_free(s);
	assert_int_equal(charge_statement(f->db, "01234567-89ab-7def-8123-456789abcdef", &s, &e),
	    -1);
	assert_null(s);
	assert_non_null(strstr(e.msg, "introuvable"));
}

/* No renewal and no lease: the age cannot be shown, the tenant gets the
 * floor. Dated today when neither done nor planned. */
static void
test_statement_unknown_age(void **state)
{
	struct fx *f = *state;
	struct charge_statement *s = NULL;
	char insp[UID_SIZE], room[UID_SIZE], today[DT_DATE_SIZE];
	struct err e;

	fx_id(insp);
	RUN(f->db, "INSERT INTO inspection (id, dwelling_id, kind, updated_at, updated_by) "
	    "VALUES (?, ?, 'pre_exit', ?, ?)", "tttt", insp, f->dw2, STAMP, f->by);
	fx_room(f, insp, 1, "Cuisine", room);
	fx_item(f, room, 1, "Bouche VMC", "ventilation", "m:tenant", "Encrassée", 1, "VMC-BOUCHE",
	    NULL);
	if (charge_statement(f->db, insp, &s, &e) != 0)
		fail_msg("charge_statement: %s", e.msg);
	dt_today(today);
	assert_string_equal(s->exit_date, today);
	assert_int_equal(s->nlines, 1);
	assert_string_equal(s->lines[0].age_from, "");
	assert_string_equal(s->lines[0].age_source, "âge inconnu");
	assert_int_equal(s->lines[0].coef_bp, 1000);
	assert_int_equal(s->lines[0].share_cents, 400);
	assert_non_null(strstr(s->lines[0].rule, "âge inconnu (ni pose, ni travaux, ni bail) "
	    "→ 10 % (plancher)"));
	assert_int_equal(s->deposit_cents, -1);
	assert_int_equal(s->deposit_months, 2);
	charge_statement_free(s);
}

/* ---- Work orders ---- */

static long
wo_count(struct fx *f, const char *item)
{
	return tu_long(f->db, "SELECT count(*) FROM work_order WHERE inspection_item_id = ?",
	    item, NULL, NULL);
}

static char *
wo_text(struct fx *f, const char *col, const char *number)
{
	struct err e;
	char *sql = xasprintf("SELECT coalesce(%s, '') FROM work_order WHERE number = ?", col);
	char *v = db_text(f->db, &e, sql, "t", number);

	free(sql);
	if (v == NULL)
		fail_msg("%s of %s: none", col, number);
	return v;
}

static void
wo_expect(struct fx *f, const char *number, const char *col, const char *value)
{
	char *v = wo_text(f, col, number);

	assert_string_equal(v, value);
	free(v);
}

static void
test_work_order(void **state)
{
	struct fx *f = *state;
	struct user tech = {.role = (char *)"technicien"};
	char number[32], want[32], now[DT_STAMP_SIZE];
	struct err e;
	char *at;

	fx_id(tech.id);
	dt_now(now);
	/* Wallpaper: the painter under contract with the dwelling's agency. */
	if (charge_work_order(f->db, &tech, f->wallpaper, number, &e) != 0)
		fail_msg("charge_work_order: %s", e.msg);
	snprintf(want, sizeof want, "BT%.4s-000042", now);
	assert_string_equal(number, want);
	wo_expect(f, number, "inspection_item_id", f->wallpaper);
	wo_expect(f, number, "contractor_id", f->zed);
	wo_expect(f, number, "contract_id", f->zed_contract);
	wo_expect(f, number, "dwelling_id", f->dw);
	wo_expect(f, number, "status", "ordered");
	wo_expect(f, number, "updated_by", tech.id);
	wo_expect(f, number, "description",
	    "Remise en état : Chambre — Papier peint : Décollé par dégât des eaux");
	at = wo_text(f, "ordered_at", number);
	assert_true(dt_stamp_valid(at));
	wo_expect(f, number, "updated_at", at);
	free(at);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM work_order_event we JOIN work_order "
	    "w ON w.id = we.work_order_id WHERE w.number = ? AND we.to_status = 'ordered'", number,
	    NULL, NULL), 1);
	/* Once only. */
	assert_int_equal(charge_work_order(f->db, &tech, f->wallpaper, number, &e), -1);
	assert_non_null(strstr(e.msg, "existe déjà"));
	assert_int_equal(wo_count(f, f->wallpaper), 1);
	/* The basin: a plumber of the trade, without contract. */
	if (charge_work_order(f->db, &tech, f->basin, number, &e) != 0)
		fail_msg("charge_work_order: %s", e.msg);
	snprintf(want, sizeof want, "BT%.4s-000043", now);
	assert_string_equal(number, want);
	wo_expect(f, number, "contractor_id", f->durand);
	wo_expect(f, number, "contract_id", "");
	wo_expect(f, number, "description", "Remise en état : Chambre — Lavabo");
	/* The radiator: no heating firm, the first by name. */
	if (charge_work_order(f->db, &tech, f->radiator, NULL, &e) != 0)
		fail_msg("charge_work_order: %s", e.msg);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM work_order WHERE "
	    "inspection_item_id = ? AND contractor_id = ?", f->radiator, f->aaa, NULL), 1);
}

static void
test_work_order_refused(void **state)
{
	struct fx *f = *state;
	struct user tech = {.role = (char *)"technicien"}, auditor = {.role = (char *)"auditeur"};
	char number[32] = "";
	struct err e;
	long before = tu_long(f->db, "SELECT count(*) FROM work_order", NULL, NULL, NULL);

	fx_id(tech.id);
	fx_id(auditor.id);
	/* The tenant's walls are not the landlord's. */
	assert_int_equal(charge_work_order(f->db, &tech, f->walls, number, &e), -1);
	assert_non_null(strstr(e.msg, "bailleur"));
	assert_non_null(strstr(e.msg, "locataire"));
	assert_int_equal(charge_work_order(f->db, &tech, "01234567-89ab-7def-8123-456789abcdef",
	    number, &e), -1);
	assert_non_null(strstr(e.msg, "introuvable"));
	assert_int_equal(charge_work_order(f->db, &auditor, f->basin, number, &e), -1);
	assert_non_null(strstr(e.msg, "Auditeur"));
	assert_string_equal(number, "");
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM work_order", NULL, NULL, NULL),
	    before);
	assert_false(db_in_transaction(f->db));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_coefficient),
		cmocka_unit_test(test_share_and_cost),
		cmocka_unit_test(test_age_years),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test_setup_teardown(test_statement, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_statement_nothing_owed, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_statement_unknown_age, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_work_order, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_work_order_refused, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
