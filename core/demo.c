/* The demo generator. Everything comes from one xoshiro256** stream seeded
 * from the seed, and every date from the anchor date: no clock, no rand(),
 * so the same seed and date give byte-identical rows (the node id in meta
 * aside). Rows are written estate by estate in one transaction through
 * cached statements; ids live in memory, never read back. */
#include "demo.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "db.h"
#include "demo_data.h"
#include "sanitize.h"
#include "search.h"
#include "uid.h"
#include "utf8.h"
#include "xalloc.h"

#define DAY 86400
#define HOUR 3600
#define LEASE_OPEN INT64_MAX
#define MAX_LEASES 24
#define MAX_BUILDINGS 26
#define MAX_ENTRANCES 8
#define MAX_ROOMS 12
#define DETAIL_DAYS 730    /* only recent inspections carry rooms and items */
#define HISTORY_DAYS 5479  /* fifteen years of leases */
#define CLAIM_DAYS 730     /* two years of claims */
#define LOGBOOK_DAYS 730
#define RGPD_DAYS 1826     /* tenants gone for five years are anonymised */
#define ROUND_WEEKS 4
#define ORG_NAME "Loge Habitat (démonstration)"

struct rng {
	uint64_t s[4];
};

struct demo_user {
	char id[UID_SIZE];
	char login[24];
	char name[64];
};

struct demo_agency {
	char id[UID_SIZE];
	char code[16];
	int region;
	struct demo_user agent, tech, super;
	char contractor[DEMO_TRADE_COUNT][UID_SIZE];
	char contract[DEMO_TRADE_COUNT][UID_SIZE];
};

struct demo_sector {
	char id[UID_SIZE];
	int agency;
	long dwellings;
	int commune; /* first of the (up to two) communes it covers */
	struct demo_user gardien;
};

struct demo_building {
	char id[UID_SIZE];
	char code[4];
	int floors;
	int lift;
	int first_entrance;
	int nentrances;
};

struct demo_entrance {
	char id[UID_SIZE];
	int building;
	char address[96];
};

struct demo_area {
	char id[UID_SIZE];
	int building; /* -1: the estate's */
};

struct demo_dwelling {
	char id[UID_SIZE];
	char reference[96];
	char door[24];
	int entrance;
	int type; /* 1..6 for T1..T6 */
	int floor;
	int balcony;
	int heating;
	double area;
	uint64_t layout; /* seeds what must match between entry and exit */
};

struct demo_estate {
	char id[UID_SIZE];
	char code[24];
	char name[96];
	char address[96];
	const struct demo_commune *commune;
	const char *street;
	int number;        /* street number of the first entrance */
	int year;
	int64_t delivery;  /* day the first tenants moved in */
	int heating;
	int renovated;     /* year of a thermal renovation, 0 if none */
	int access_control;
	int cellar;
	int qpv;
	int64_t recorded;  /* moment the technical data was entered */
	struct demo_sector *sector;
	struct demo_agency *agency;
	struct demo_building b[MAX_BUILDINGS];
	int nb;
	struct demo_entrance *en;
	int nen;
	struct demo_area *ca;
	int nca;
	struct demo_dwelling *dw;
	int ndw;
};

struct demo_lease {
	char id[UID_SIZE];
	int64_t start, end; /* days; end LEASE_OPEN while it runs */
	int ntenants;
	char tenant[2][UID_SIZE];
	char name[2][80];
	char move_in[UID_SIZE];
};

/* A claim's, a work order's or works' place: d dwelling, e entrance,
 * b building, c common area, E estate (works only). building_id is the
 * building of an entrance (works have no entrance column). */
struct demo_place {
	char kind;
	const char *id;
	const char *building_id;
};

struct demo {
	struct db *db;
	struct err *e;
	int failed;
	struct rng rng;
	int64_t today;
	int64_t now; /* start of the anchor day: the past ends here */
	int year;
	int64_t setup; /* when the reference data was loaded */
	uint64_t id_ms;
	struct db_stmt **st; /* cached statements, by Q_* */
	struct demo_user admin, auditor;
	struct demo_agency *agencies;
	int nagencies;
	struct demo_sector *sectors;
	int nsectors;
	char org_id[UID_SIZE];
	char org_address[128];
	char templates[6][2][UID_SIZE];
	long estate_seq, dwelling_seq;
	size_t texts[4][64];
	size_t ntexts[4];
};

enum { H_GAS_IND, H_GAS_COL, H_ELECTRIC, H_DISTRICT, H_HEAT_PUMP, H_OIL, H_WOOD };

static const struct demo_heating {
	const char *code;
	int collective;
} heatings[] = {
	[H_GAS_IND] = {"gas_individual", 0}, [H_GAS_COL] = {"gas_collective", 1},
	[H_ELECTRIC] = {"electric", 0}, [H_DISTRICT] = {"district", 1},
	[H_HEAT_PUMP] = {"heat_pump", 0}, [H_OIL] = {"oil", 1}, [H_WOOD] = {"wood", 1},
};

static const char *const claim_status[] = {
	"new", "forwarded", "in_progress", "solved", "informed", "closed",
};

static const char *const claim_comments[] = {
	"Réclamation enregistrée.", "Transmis pour intervention.", "Intervention planifiée.",
	"Intervention réalisée.", "Locataire informé de la résolution.",
	"Clôturée après confirmation.",
};

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

/* ---- Randomness ---- */

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rng_seed(struct rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* A number in [0, n); the modulo bias is far below what a demo can show. */
static int64_t
rng_below(struct rng *r, int64_t n)
{
	return n <= 1 ? 0 : (int64_t)((rng_next(r) >> 11) % (uint64_t)n);
}

static int64_t
rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	return hi <= lo ? lo : lo + rng_below(r, hi - lo + 1);
}

/* 1 with a probability of per_mille / 1000. */
static int
rng_pm(struct rng *r, int per_mille)
{
	return rng_below(r, 1000) < per_mille;
}

static const char *
rng_pick(struct rng *r, const struct demo_list *l)
{
	return l->v[rng_below(r, (int64_t)l->n)];
}

static void
rng_hex(struct rng *r, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	uint64_t v = 0;
	int i;

	for (i = 0; i < 64; i++) {
		if (i % 16 == 0)
			v = rng_next(r);
		out[i] = hex[v & 15];
		v >>= 4;
	}
	out[64] = '\0';
}

/* ---- Time, ids, text ---- */

static const char *
stamp(int64_t t, char out[DT_STAMP_SIZE])
{
	if (t < 0)
		t = 0;
	dt_stamp(t / DAY, (int)(t % DAY), out);
	return out;
}

static const char *
date(int64_t day, char out[DT_DATE_SIZE])
{
	dt_from_days(day, out);
	return out;
}

static int64_t
year_start(int year)
{
	char s[24];

	snprintf(s, sizeof s, "%04d-01-01", year < 1800 ? 1800 : year > 9999 ? 9999 : year);
	return dt_days(s);
}

/* A moment in office hours (UTC) on the given day. */
static int64_t
work_time(struct demo *d, int64_t day)
{
	return day * DAY + rng_range(&d->rng, 6 * HOUR + 1800, 16 * HOUR + 1800);
}

static int
day_of_week(int64_t day)
{
	return (int)(((day % 7) + 7 + 3) % 7); /* 0 Monday: 1970-01-01 was a Thursday */
}

static int64_t
add_working_hours(int64_t t, int hours, int working)
{
	int64_t day = t / DAY, secs = t % DAY;
	int days = hours / 24;

	if (!working)
		return t + (int64_t)hours * HOUR;
	while (days > 0) {
		day++;
		if (day_of_week(day) < 5)
			days--;
	}
	return day * DAY + secs;
}

/* The working day on or after day. */
static int64_t
weekday(int64_t day)
{
	int w = day_of_week(day);

	return w < 5 ? day : day + 7 - w;
}

/* The working day on or before day. */
static int64_t
weekday_before(int64_t day)
{
	int w = day_of_week(day);

	return w < 5 ? day : day - (w - 4);
}

/* Keeps a moment in the past of the demo: a future one becomes the last
 * working day before the anchor. */
static int64_t
past(struct demo *d, int64_t t)
{
	return t < d->now ? t : work_time(d, weekday_before(d->today - 1));
}

/* Moves a moment forward into the office hours of a working day. */
static int64_t
office_hours(struct demo *d, int64_t t)
{
	int64_t day = t / DAY, secs = t % DAY;

	if (secs < 6 * HOUR + 1800 || secs > 16 * HOUR + 1800) {
		day += secs > 16 * HOUR + 1800;
		secs = 6 * HOUR + 1800 + rng_below(&d->rng, 2 * HOUR);
	}
	if (day_of_week(day) >= 5) {
		day = weekday(day);
		secs = 6 * HOUR + 1800 + rng_below(&d->rng, 2 * HOUR);
	}
	return day * DAY + secs;
}

/* Ids carry the moment the demo was made: the anchor day, one
 * millisecond further for each row. Rows thus reach every index in
 * ascending order, which keeps a build of 500,000 dwellings fast. */
static void
demo_id(struct demo *d, char out[UID_SIZE])
{
	uint64_t hi = rng_next(&d->rng);

	uid_make(out, d->id_ms++, hi, rng_next(&d->rng));
}

/* Lower-case ASCII for e-mail addresses: accents dropped, spaces and
 * apostrophes become hyphens. */
static void
ascii_slug(const char *s, char *out, size_t size)
{
	size_t len = strlen(s), i = 0, o = 0;
	uint32_t cp;
	const char *a;
	char one[2] = {0, 0};
	int n;

	while (i < len && o + 4 < size) {
		n = utf8_decode(s + i, len - i, &cp);
		i += n > 0 ? (size_t)n : 1;
		if (cp < 0x80) {
			one[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
			a = (cp == ' ' || cp == '\'') ? "-" : one;
		} else if ((a = sanitize_ascii(cp)) == NULL) {
			continue;
		}
		for (; *a && o + 1 < size; a++)
			out[o++] = (char)(*a >= 'A' && *a <= 'Z' ? *a + 32 : *a);
	}
	out[o] = '\0';
}

static void
mobile_phone(struct demo *d, char out[24])
{
	/* 06 39 98: the mobile range Arcep keeps for fiction. */
	snprintf(out, 24, "06 39 98 %02d %02d", (int)rng_below(&d->rng, 100),
	    (int)rng_below(&d->rng, 100));
}

static void
landline(struct demo *d, const struct demo_region *r, char out[24])
{
	snprintf(out, 24, "%s %02d %02d", r->phone, (int)rng_below(&d->rng, 100),
	    (int)rng_below(&d->rng, 100));
}

static void
person(struct demo *d, const char **first, const char **last)
{
	*first = rng_pick(&d->rng, rng_pm(&d->rng, 500) ? &demo_first_f : &demo_first_m);
	*last = rng_pick(&d->rng, &demo_last);
}

static void
user_identity(struct demo *d, struct demo_user *u, const char *login)
{
	const char *first, *last;

	person(d, &first, &last);
	demo_id(d, u->id);
	snprintf(u->login, sizeof u->login, "%s", login);
	snprintf(u->name, sizeof u->name, "%s %s", first, last);
}

/* ---- Writing ---- */

enum {
	Q_USER_ACCOUNT,
	Q_ORGANISATION,
	Q_AGENCY,
	Q_SECTOR,
	Q_USER_SECTOR,
	Q_CLAIM_CATEGORY,
	Q_CLAIM_URGENCY,
	Q_WEAR_GRID,
	Q_PRICE_LIST,
	Q_INSPECTION_TEMPLATE,
	Q_TEMPLATE_ROOM,
	Q_TEMPLATE_ITEM,
	Q_CONTRACTOR,
	Q_CONTRACT,
	Q_EQUIPMENT,
	Q_COMMON_AREA,
	Q_BUILDING,
	Q_ENTRANCE,
	Q_ESTATE,
	Q_DWELLING,
	Q_WORKS,
	Q_TENANT,
	Q_LEASE,
	Q_LEASE_TENANT,
	Q_INSPECTION_ITEM,
	Q_INSPECTION_ROOM,
	Q_INSPECTION_METER,
	Q_INSPECTION_KEY,
	Q_INSPECTION_PARTY,
	Q_INSPECTION,
	Q_WORK_ORDER,
	Q_CLAIM,
	Q_NOTE,
	Q_ROUND_RUN,
	Q_ROUND_RESULT,
	Q_ROUND_TEMPLATE,
	Q_ROUND_TEMPLATE_ITEM,
	Q_LOGBOOK_ENTRY,
	Q_CLAIM_NUMBERS,
	Q_WORK_ORDER_NUMBERS,
	Q_CLAIM_EVENT,
	Q_WORK_ORDER_EVENT,
	Q_COUNT
};

/* Every statement the generator runs, prepared once. */
static const char *const demo_sql[Q_COUNT] = {
	[Q_USER_ACCOUNT] =
	    "INSERT INTO user_account (id, login, display_name, role, agency_id, disabled, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
	[Q_ORGANISATION] =
	    "INSERT INTO organisation (id, name, address, siren, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?, ?)",
	[Q_AGENCY] =
	    "INSERT INTO agency (id, organisation_id, code, name, address, phone, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_SECTOR] =
	    "INSERT INTO sector (id, agency_id, code, name, updated_at, updated_by) VALUES "
	    "(?, ?, ?, ?, ?, ?)",
	[Q_USER_SECTOR] =
	    "INSERT INTO user_sector (id, user_id, sector_id, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?)",
	[Q_CLAIM_CATEGORY] =
	    "INSERT INTO claim_category (id, code, label, updated_at, updated_by) VALUES "
	    "(?, ?, ?, ?, ?)",
	[Q_CLAIM_URGENCY] =
	    "INSERT INTO claim_urgency (id, code, label, target_hours, working_days, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[Q_WEAR_GRID] =
	    "INSERT INTO wear_grid (id, item_kind, label, lifetime_years, franchise_years, "
	    "yearly_rate_bp, residual_bp, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, "
	    "?, ?, ?, ?)",
	[Q_PRICE_LIST] =
	    "INSERT INTO price_list (id, code, label, unit, unit_price_cents, item_kind, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_INSPECTION_TEMPLATE] =
	    "INSERT INTO inspection_template (id, name, dwelling_type, balcony, cellar, "
	    "parking, updated_at, updated_by) VALUES (?, ?, ?, ?, 0, 0, ?, ?)",
	[Q_TEMPLATE_ROOM] =
	    "INSERT INTO template_room (id, template_id, position, name, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?)",
	[Q_TEMPLATE_ITEM] =
	    "INSERT INTO template_item (id, room_id, position, name, kind, nature, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_CONTRACTOR] =
	    "INSERT INTO contractor (id, name, trade, phone, email, siret, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_CONTRACT] =
	    "INSERT INTO contract (id, contractor_id, agency_id, label, trade, "
	    "response_hours, start_date, end_date, updated_at, updated_by) VALUES (?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_EQUIPMENT] =
	    "INSERT INTO equipment (id, dwelling_id, building_id, common_area_id, kind, "
	    "make, model, serial, install_date, lifetime_years, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_COMMON_AREA] =
	    "INSERT INTO common_area (id, building_id, estate_id, kind, name, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[Q_BUILDING] =
	    "INSERT INTO building (id, estate_id, code, address, floors, year_built, lift, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_ENTRANCE] =
	    "INSERT INTO entrance (id, building_id, code, address, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?, ?)",
	[Q_ESTATE] =
	    "INSERT INTO estate (id, sector_id, code, name, address, postcode, town, "
	    "depcom, year_built, financing, qpv, updated_at, updated_by) VALUES (?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_DWELLING] =
	    "INSERT INTO dwelling (id, entrance_id, reference, rpls_id, floor, door, type, "
	    "rooms, area_m2, dpe_energy, dpe_ghg, dpe_date, heating, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?, 'T' || ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_WORKS] =
	    "INSERT INTO works (id, dwelling_id, building_id, estate_id, common_area_id, "
	    "date, kind, description, amount_cents, contractor_id, work_order_id, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_TENANT] =
	    "INSERT INTO tenant (id, last_name, first_name, phone, email, anonymised, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_LEASE] =
	    "INSERT INTO lease (id, dwelling_id, reference, start_date, end_date, "
	    "deposit_cents, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_LEASE_TENANT] =
	    "INSERT INTO lease_tenant (id, lease_id, tenant_id, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?)",
	[Q_INSPECTION_ITEM] =
	    "INSERT INTO inspection_item (id, room_id, position, name, kind, nature, "
	    "state, comment, charge, quantity, price_code, updated_at, updated_by) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_INSPECTION_ROOM] =
	    "INSERT INTO inspection_room (id, inspection_id, position, name, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?)",
	[Q_INSPECTION_METER] =
	    "INSERT INTO inspection_meter (id, inspection_id, kind, serial, reading, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[Q_INSPECTION_KEY] =
	    "INSERT INTO inspection_key (id, inspection_id, kind, given, returned, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[Q_INSPECTION_PARTY] =
	    "INSERT INTO inspection_party (id, inspection_id, role, name, tenant_id, "
	    "present, mandate, signature_name, signed_at, refusal_reason, paper, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_INSPECTION] =
	    "INSERT INTO inspection (id, dwelling_id, lease_id, kind, state, planned_date, "
	    "done_at, entry_inspection_id, template_id, agent_id, landlord_name, "
	    "landlord_address, tenant_new_address, observations, signed_at, "
	    "content_sha256, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_WORK_ORDER] =
	    "INSERT INTO work_order (id, number, claim_id, inspection_item_id, "
	    "round_result_id, contractor_id, contract_id, dwelling_id, entrance_id, "
	    "building_id, common_area_id, description, planned_date, status, ordered_at, "
	    "amount_cents, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_CLAIM] =
	    "INSERT INTO claim (id, number, dwelling_id, entrance_id, building_id, "
	    "common_area_id, category, urgency, channel, tenant_id, description, status, "
	    "opened_at, due_at, closed_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_NOTE] =
	    "INSERT INTO note (id, dwelling_id, author_id, at, text, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[Q_ROUND_RUN] =
	    "INSERT INTO round_run (id, template_id, user_id, started_at, finished_at, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[Q_ROUND_RESULT] =
	    "INSERT INTO round_result (id, round_id, item_id, result, comment, claim_id, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_ROUND_TEMPLATE] =
	    "INSERT INTO round_template (id, building_id, name, frequency_days, "
	    "updated_at, updated_by) VALUES (?, ?, ?, 7, ?, ?)",
	[Q_ROUND_TEMPLATE_ITEM] =
	    "INSERT INTO round_template_item (id, template_id, position, label, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)",
	[Q_LOGBOOK_ENTRY] =
	    "INSERT INTO logbook_entry (id, at, author_id, text, dwelling_id, entrance_id, "
	    "building_id, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_CLAIM_NUMBERS] =
	    "UPDATE claim SET number = 'R' || substr(x.at, 1, 4) || '-' || printf('%06d', "
	    "x.rn) FROM (SELECT id, opened_at AS at, row_number() OVER (PARTITION BY "
	    "substr(opened_at, 1, 4) ORDER BY opened_at, id) AS rn FROM claim) AS x WHERE "
	    "claim.id = x.id",
	[Q_WORK_ORDER_NUMBERS] =
	    "UPDATE work_order SET number = 'BT' || substr(x.at, 1, 4) || '-' || "
	    "printf('%06d', x.rn) FROM (SELECT id, ordered_at AS at, row_number() OVER "
	    "(PARTITION BY substr(ordered_at, 1, 4) ORDER BY ordered_at, id) AS rn FROM "
	    "work_order) AS x WHERE work_order.id = x.id",
	[Q_CLAIM_EVENT] =
	    "INSERT INTO claim_event (id, claim_id, at, user_id, from_status, to_status, "
	    "comment, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_WORK_ORDER_EVENT] =
	    "INSERT INTO work_order_event (id, work_order_id, at, user_id, from_status, "
	    "to_status, comment, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
};

static struct db_stmt *
demo_stmt(struct demo *d, int q)
{
	if (d->st[q] == NULL)
		d->st[q] = db_stmt(d->db, d->e, demo_sql[q]);
	return d->st[q];
}

/* Binds and runs statement q; after a failure nothing more is written, so
 * e keeps the first cause. The statement is looked up once, then only
 * bound and stepped: db_step() resets it when done. */
#define RUN(d, q, ...) \
	do { \
		struct db_stmt *st_ = (d)->failed ? NULL : demo_stmt((d), (q)); \
		if (st_ == NULL || db_bind(st_, (d)->e, __VA_ARGS__) != 0 || \
		    db_step(st_, (d)->e) < 0) \
			(d)->failed = 1; \
	} while (0)


/* ---- Organisation, agencies, sectors, users ---- */

static void
plan_structure(struct demo *d, long n)
{
	int a, s, *local;

	d->nagencies = (int)((n + 10000) / 20000);
	d->nagencies = d->nagencies < 1 ? 1 : d->nagencies > 8 ? 8 : d->nagencies;
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

static void
plan_users(struct demo *d)
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
	    u->id, u->login, u->name, role, agency, stamp(d->setup, at), d->admin.id);
}

static void
write_organisation(struct demo *d)
{
	const struct demo_commune *c = &demo_regions[0].communes[0];
	char at[DT_STAMP_SIZE], siren[16];

	demo_id(d, d->org_id);
	snprintf(d->org_address, sizeof d->org_address, "%d %s, %s %s",
	    (int)rng_range(&d->rng, 1, 80), rng_pick(&d->rng, &demo_streets), c->postcode,
	    c->name);
	snprintf(siren, sizeof siren, "%09" PRId64, rng_below(&d->rng, 1000000000));
	RUN(d, Q_ORGANISATION, "tttttt", d->org_id, ORG_NAME,
	    d->org_address, siren, stamp(d->setup, at), d->admin.id);
}

static void
write_agency(struct demo *d, struct demo_agency *a)
{
	const struct demo_region *r = &demo_regions[a->region];
	const struct demo_commune *c = &r->communes[0];
	char at[DT_STAMP_SIZE], name[96], address[160], phone[24];

	demo_id(d, a->id);
	snprintf(name, sizeof name, "Agence %s", r->name);
	snprintf(address, sizeof address, "%d %s, %s %s", (int)rng_range(&d->rng, 1, 120),
	    rng_pick(&d->rng, &demo_streets), c->postcode, c->name);
	landline(d, r, phone);
	RUN(d, Q_AGENCY, "tttttttt", a->id,
	    d->org_id, a->code, name, address, phone, stamp(d->setup, at), d->admin.id);
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
	    rng_pick(&d->rng, &demo_sector_names));
	RUN(d, Q_SECTOR, "tttttt", s->id, d->agencies[s->agency].id, code,
	    name, stamp(d->setup, at), d->admin.id);
}

static void
write_structure(struct demo *d)
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
		    stamp(d->setup, at), d->admin.id);
	}
}

/* ---- Reference data ---- */

static void
write_claim_reference(struct demo *d)
{
	char at[DT_STAMP_SIZE], id[UID_SIZE];
	size_t i;

	stamp(d->setup, at);
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

	stamp(d->setup, at);
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

static void
write_template(struct demo *d, int type, int balcony)
{
	int kinds[MAX_ROOMS], ords[MAX_ROOMS], n, r;
	char at[DT_STAMP_SIZE], name[48], code[16], room_id[UID_SIZE], item_id[UID_SIZE];
	char *tid = d->templates[type - 1][balcony];
	size_t i;

	stamp(d->setup, at);
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

static void
write_contractors(struct demo *d, struct demo_agency *a)
{
	const struct demo_region *r = &demo_regions[a->region];
	char at[DT_STAMP_SIZE], name[96], slug[96], email[160], phone[24], siret[16];
	char label[192], start[DT_DATE_SIZE], end[DT_DATE_SIZE];
	int t, y0;
	int64_t s, e;

	stamp(d->setup, at);
	for (t = 0; t < DEMO_TRADE_COUNT; t++) {
		const struct demo_trade *tr = &demo_trades[t];
		demo_id(d, a->contractor[t]);
		snprintf(name, sizeof name, tr->name_fmt, rng_pick(&d->rng, &demo_last));
		ascii_slug(name, slug, sizeof slug);
		snprintf(email, sizeof email, "contact@%s.example.fr", slug);
		landline(d, r, phone);
		snprintf(siret, sizeof siret, "%09" PRId64 "%05" PRId64,
		    rng_below(&d->rng, 1000000000), rng_below(&d->rng, 100000));
		RUN(d, Q_CONTRACTOR, "tttttttt",
		    a->contractor[t], name, tr->code, phone, email, siret, at, d->admin.id);
		y0 = d->year - (int)rng_range(&d->rng, 0, 3);
		s = year_start(y0);
		e = year_start(y0 + 4) - 1;
		if (e < d->today)
			e = year_start(y0 + 8) - 1;
		demo_id(d, a->contract[t]);
		snprintf(label, sizeof label, "Contrat %s – agence %s", tr->label, r->name);
		RUN(d, Q_CONTRACT, "tttttdtttt", a->contract[t], a->contractor[t], a->id,
		    label, tr->code, tr->response_hours, date(s, start), date(e, end), at,
		    d->admin.id);
	}
}

static void
write_reference(struct demo *d)
{
	int type, i;

	write_claim_reference(d);
	write_wear_and_prices(d);
	for (type = 1; type <= 6; type++) {
		write_template(d, type, 0);
		write_template(d, type, 1);
	}
	for (i = 0; i < d->nagencies; i++)
		write_contractors(d, &d->agencies[i]);
}

/* ---- Estates: buildings, entrances, common areas, equipment ---- */

static int
pick_year(struct demo *d)
{
	int r = (int)rng_below(&d->rng, 100), y;

	/* Most of the social stock dates from the 1960s and 1970s. */
	if (r < 40)
		y = (int)rng_range(&d->rng, 1955, 1975);
	else if (r < 65)
		y = (int)rng_range(&d->rng, 1976, 1990);
	else if (r < 80)
		y = (int)rng_range(&d->rng, 1991, 2005);
	else
		y = (int)rng_range(&d->rng, 2006, d->year - 1);
	return y > d->year - 1 ? d->year - 1 : y;
}

static int
pick_heating(struct demo *d, int year)
{
	int r = (int)rng_below(&d->rng, 100);

	if (year < 1976)
		return r < 30 ? H_DISTRICT : r < 72 ? H_GAS_COL : r < 82 ? H_ELECTRIC :
		    r < 97 ? H_GAS_IND : H_OIL;
	if (year < 1991)
		return r < 40 ? H_ELECTRIC : r < 75 ? H_GAS_IND : r < 98 ? H_GAS_COL : H_WOOD;
	if (year < 2006)
		return r < 55 ? H_GAS_IND : r < 85 ? H_ELECTRIC : H_GAS_COL;
	return r < 40 ? H_GAS_IND : r < 60 ? H_HEAT_PUMP : r < 80 ? H_DISTRICT : H_GAS_COL;
}

static void
plan_estate(struct demo *d, struct demo_estate *es, struct demo_sector *s, int n)
{
	const struct demo_region *r;
	int q = (int)rng_below(&d->rng, 100);

	es->sector = s;
	es->agency = &d->agencies[s->agency];
	r = &demo_regions[es->agency->region];
	es->commune =
	    &r->communes[(s->commune + rng_below(&d->rng, 2)) % (int64_t)r->ncommunes];
	es->street = rng_pick(&d->rng, &demo_streets);
	es->number = (int)rng_range(&d->rng, 1, 90);
	es->year = pick_year(d);
	es->delivery = year_start(es->year) + rng_range(&d->rng, 0, 364);
	if (es->delivery > d->today - 60)
		es->delivery = d->today - 60;
	es->heating = pick_heating(d, es->year);
	if (es->year < 1990 && d->year > 2009 && rng_pm(&d->rng, 350))
		es->renovated = (int)rng_range(&d->rng,
		    es->year + 30 > 2008 ? es->year + 30 : 2008, d->year - 1);
	es->access_control = es->year >= 1995 || rng_pm(&d->rng, 750);
	es->cellar = es->year < 1990 ? rng_pm(&d->rng, 800) : rng_pm(&d->rng, 300);
	es->qpv = es->year < 1980 && n >= 100 ? rng_pm(&d->rng, 600) : rng_pm(&d->rng, 100);
	snprintf(es->code, sizeof es->code, "G%05ld", ++d->estate_seq);
	if (es->year < 1976 && q < 25)
		snprintf(es->name, sizeof es->name, "Cité %s",
		    rng_pick(&d->rng, &demo_estate_people));
	else if (q < 55)
		snprintf(es->name, sizeof es->name, "Résidence %s",
		    rng_pick(&d->rng, &demo_estate_names));
	else if (q < 70)
		snprintf(es->name, sizeof es->name, "Résidence %s",
		    rng_pick(&d->rng, &demo_estate_people));
	else
		snprintf(es->name, sizeof es->name, "%s",
		    rng_pick(&d->rng, &demo_estate_names));
	snprintf(es->address, sizeof es->address, "%d %s", es->number, es->street);
	es->recorded = d->setup + rng_range(&d->rng, DAY, 60 * DAY);
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

static void
plan_buildings(struct demo *d, struct demo_estate *es, int n)
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
		target = (int)rng_range(&d->rng, lo, hi);
		k = (left + (MAX_BUILDINGS - es->nb) - 1) / (MAX_BUILDINGS - es->nb);
		if (target < k)
			target = k;
		if (target > left || left - target < 4)
			target = left;
		per = (int)rng_range(&d->rng, 2, 4);
		ents = (int)rng_range(&d->rng, 1, es->year < 1976 ? 4 : 2);
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
		b->lift = b->floors >= 5 || (b->floors == 4 && rng_pm(&d->rng, 600)) ||
		    (b->floors == 3 && es->year >= 2000 && rng_pm(&d->rng, 300));
		left -= target;
		es->nb++;
	}
}

/* An install date: replaced once or more since delivery, sometimes
 * overdue. */
static int64_t
install_day(struct demo *d, int64_t since, int lifetime)
{
	int64_t day = d->today - rng_range(&d->rng, 30, (int64_t)lifetime * 365 * 135 / 100);

	if (day < since)
		day = since + rng_below(&d->rng, 120);
	return day < d->today ? day : d->today - 1;
}

/* Returns the install day. */
static int64_t
write_equipment(struct demo *d, struct demo_estate *es, int eq, const char *dwelling,
    const char *building, const char *area, int64_t since)
{
	const struct demo_equip *q = &demo_equipment[eq];
	int64_t day = install_day(d, since, q->lifetime), t = work_time(d, day);
	char id[UID_SIZE], serial[16], inst[DT_DATE_SIZE], at[DT_STAMP_SIZE];

	if (t < es->recorded)
		t = es->recorded + rng_below(&d->rng, 4 * HOUR);
	t = past(d, t);
	snprintf(serial, sizeof serial, "%c%c%08" PRId64, (char)('A' + rng_below(&d->rng, 26)),
	    (char)('A' + rng_below(&d->rng, 26)), rng_below(&d->rng, 100000000));
	demo_id(d, id);
	RUN(d, Q_EQUIPMENT, "tttttttttdtt", id, dwelling, building, area, q->kind,
	    rng_pick(&d->rng, &q->makes), rng_pick(&d->rng, &q->models), serial,
	    date(day, inst), q->lifetime, stamp(t, at), es->agency->tech.id);
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
	    stamp(es->recorded, at), es->agency->tech.id);
	if (strcmp(kind, "hall") == 0 || strcmp(kind, "staircase") == 0 ||
	    strcmp(kind, "car_park") == 0 || strcmp(kind, "cellar") == 0)
		write_equipment(d, es, DEMO_EQ_LIGHTING, NULL, NULL, a->id, since);
	if (strcmp(kind, "car_park") == 0 || strcmp(kind, "boiler_room") == 0 ||
	    (strcmp(kind, "cellar") == 0 && rng_pm(&d->rng, 500)))
		write_equipment(d, es, DEMO_EQ_EXTINGUISHER, NULL, NULL, a->id, since);
}

static void
write_building(struct demo *d, struct demo_estate *es, int bi)
{
	struct demo_building *b = &es->b[bi];
	char at[DT_STAMP_SIZE], name[64];
	int j;

	stamp(es->recorded, at);
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
		    es->year >= 1995 ? es->delivery : year_start(2005));
}

static void
write_estate(struct demo *d, struct demo_estate *es)
{
	char at[DT_STAMP_SIZE];
	const char *fin;
	int i;

	if (es->year < 1977)
		fin = "HLMO";
	else if (es->year < 2000)
		fin = "PLA";
	else
		fin = rng_pm(&d->rng, 600) ? "PLUS" : rng_pm(&d->rng, 600) ? "PLAI" : "PLS";
	demo_id(d, es->id);
	RUN(d, Q_ESTATE, "ttttttttdtdtt", es->id,
	    es->sector->id, es->code, es->name, es->address, es->commune->postcode,
	    es->commune->name, es->commune->depcom, es->year, fin, es->qpv,
	    stamp(es->recorded, at), es->agency->tech.id);
	for (i = 0; i < es->nb; i++)
		write_building(d, es, i);
	write_area(d, es, -1, "bins_room", "Local poubelles");
	if (rng_pm(&d->rng, 500))
		write_area(d, es, -1, "car_park", es->year < 1980 && es->ndw > 150 ?
		    "Parking souterrain" : "Parking");
	if (rng_pm(&d->rng, 600))
		write_area(d, es, -1, "green_space", "Espaces verts");
	if ((es->year >= 2000 || es->renovated) && rng_pm(&d->rng, 600))
		write_area(d, es, -1, "bike_room", "Local vélos");
	if (heatings[es->heating].collective)
		write_area(d, es, -1, "boiler_room", es->heating == H_DISTRICT ?
		    "Sous-station de chauffage urbain" : "Chaufferie");
}

/* ---- Dwellings ---- */

static void
plan_dwelling(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw)
{
	static const int type_pm[6] = {80, 300, 650, 900, 980, 1000};
	static const int area_lo[6] = {25, 40, 60, 75, 90, 105};
	static const int area_hi[6] = {35, 50, 70, 85, 100, 120};
	struct demo_entrance *en = &es->en[dw->entrance];
	int r = (int)rng_below(&d->rng, 1000), t = 0;

	while (r >= type_pm[t])
		t++;
	dw->type = t + 1;
	dw->area = (double)(area_lo[t] * 10 +
	    rng_below(&d->rng, (area_hi[t] - area_lo[t]) * 10 + 1)) / 10.0;
	dw->balcony = dw->floor >= 1 && rng_pm(&d->rng, t == 0 ? 200 : 450);
	dw->heating = rng_pm(&d->rng, 950) ? es->heating : H_ELECTRIC;
	dw->layout = rng_next(&d->rng);
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
	if (rng_pm(&d->rng, 300))
		c += rng_pm(&d->rng, 500) ? 1 : -1;
	if ((dw->floor == 0 || dw->floor == b->floors) && rng_pm(&d->rng, 250))
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
		*ghg = (int)rng_below(&d->rng, 2);
		break;
	case H_DISTRICT:
		*ghg = c - 1 < 1 ? 1 : c - 1;
		break;
	case H_OIL:
		*ghg = c + 1 > 6 ? 6 : c + 1;
		break;
	default:
		*ghg = c + (int)rng_range(&d->rng, -1, 1);
		*ghg = *ghg < 0 ? 0 : *ghg > 6 ? 6 : *ghg;
	}
	*energy = c;
}

static void
write_dwelling(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw)
{
	static const char classes[] = "ABCDEFG";
	char at[DT_STAMP_SIZE], dpe_date[DT_DATE_SIZE], rpls[32], en_c[2], ghg_c[2];
	int energy, ghg, has_dpe = rng_pm(&d->rng, 950);
	int64_t from, day = 0, t = es->recorded + rng_below(&d->rng, 6 * HOUR);

	dwelling_dpe(d, es, dw, &energy, &ghg);
	en_c[0] = classes[energy], ghg_c[0] = classes[ghg];
	en_c[1] = ghg_c[1] = '\0';
	if (has_dpe) {
		from = d->today - 10 * 365;
		if (from < es->delivery + 30)
			from = es->delivery + 30;
		if (es->renovated && from < year_start(es->renovated + 1))
			from = year_start(es->renovated + 1);
		from = from < d->today - 1 ? from : d->today - 1;
		day = rng_range(&d->rng, from, d->today - 1);
		if (work_time(d, day) > t)
			t = past(d, work_time(d, day + 7));
	}
	snprintf(rpls, sizeof rpls, "%.2s%08ld", es->commune->depcom, ++d->dwelling_seq);
	demo_id(d, dw->id);
	RUN(d, Q_DWELLING, "ttttdtddftttttt",
	    dw->id, es->en[dw->entrance].id, dw->reference, rpls, dw->floor, dw->door,
	    dw->type, dw->type, dw->area, has_dpe ? en_c : NULL, has_dpe ? ghg_c : NULL,
	    has_dpe ? date(day, dpe_date) : NULL, heatings[dw->heating].code, stamp(t, at),
	    es->agency->tech.id);
}

static const struct demo_work *
works_kind(const char *kind)
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

static int64_t
works_cost(struct demo *d, const struct demo_work *w)
{
	return rng_range(&d->rng, (int64_t)w->min_euros * 100, (int64_t)w->max_euros * 100);
}

static void
write_works(struct demo *d, struct demo_estate *es, const struct demo_place *p,
    int64_t day, const char *kind, const char *what, int64_t cents, int trade,
    const char *work_order)
{
	char id[UID_SIZE], at[DT_STAMP_SIZE], on[DT_DATE_SIZE];
	int64_t t = past(d, work_time(d, day + rng_range(&d->rng, 7, 45)));

	demo_id(d, id);
	RUN(d, Q_WORKS, "ttttttttitttt", id, p->kind == 'd' ? p->id : NULL,
	    p->kind == 'b' || p->kind == 'e' ? p->building_id : NULL,
	    p->kind == 'E' ? p->id : NULL, p->kind == 'c' ? p->id : NULL, date(day, on), kind,
	    what, cents, es->agency->contractor[trade], work_order, stamp(t, at),
	    es->agency->tech.id);
}

static void
write_dwelling_equipment(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw)
{
	struct demo_place p = {'d', dw->id, NULL};
	int64_t smoke_law = year_start(2015) + 66; /* 8 March 2015 */
	int64_t since = es->delivery, day;

	if (dw->heating == H_GAS_IND) {
		day = write_equipment(d, es, DEMO_EQ_BOILER, dw->id, NULL, NULL, since);
		/* A replacement within the history shows as works too. */
		if (day > since + 365 && day > d->today - HISTORY_DAYS) {
			const struct demo_work *w = works_kind("boiler_replacement");
			write_works(d, es, &p, day, w->kind, w->description, works_cost(d, w),
			    w->trade, NULL);
		}
	} else if (!heatings[dw->heating].collective) {
		write_equipment(d, es, DEMO_EQ_WATER_HEATER, dw->id, NULL, NULL, since);
	}
	if (es->year >= 1970 || es->renovated || rng_pm(&d->rng, 500))
		write_equipment(d, es, DEMO_EQ_VMC, dw->id, NULL, NULL, since);
	write_equipment(d, es, DEMO_EQ_RADIATORS, dw->id, NULL, NULL, since);
	write_equipment(d, es, DEMO_EQ_SINK, dw->id, NULL, NULL, since);
	write_equipment(d, es, DEMO_EQ_SMOKE, dw->id, NULL, NULL,
	    since > smoke_law ? since : smoke_law - 120);
}

/* ---- Occupancy: leases, tenants ---- */

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
		start = window - rng_below(&d->rng, window - es->delivery < 9000 ?
		    window - es->delivery : 9000);
	else
		start = es->delivery + rng_below(&d->rng, 60);
	start = weekday(start > d->today - 30 ? d->today - 30 : start);
	while (n < MAX_LEASES) {
		for (years = 0; years < 40 && !rng_pm(&d->rng, 90); years++)
			;
		end = weekday(start + years * 365 + rng_range(&d->rng, 60, 364));
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
		gap = rng_range(&d->rng, 8, 45);
		if (rng_pm(&d->rng, 150))
			gap += rng_range(&d->rng, 60, 400); /* refurbishment */
		start = weekday(end + 1 + gap);
		if (start > d->today) {
			/* Vacant today; sometimes already let again. */
			if (start <= d->today + 30 && n < MAX_LEASES && rng_pm(&d->rng, 500)) {
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

	ascii_slug(first, f, sizeof f);
	ascii_slug(last, s, sizeof s);
	if (rng_pm(&d->rng, 400))
		snprintf(out, size, "%s.%s%02d@%s", f, s, (int)rng_below(&d->rng, 100),
		    domains[rng_below(&d->rng, 4)]);
	else
		snprintf(out, size, "%s.%s@%s", f, s, domains[rng_below(&d->rng, 4)]);
}

static void
write_tenants(struct demo *d, struct demo_estate *es, struct demo_lease *l, int64_t t)
{
	int anon = l->end != LEASE_OPEN && l->end + RGPD_DAYS + 60 < d->today;
	int k, female = rng_pm(&d->rng, 550);
	const char *first, *last = NULL, *prev = NULL;
	char at[DT_STAMP_SIZE], phone[24], email[160];
	int64_t when = t;

	l->ntenants = rng_pm(&d->rng, 380) ? 2 : 1;
	for (k = 0; k < l->ntenants; k++) {
		if (k == 1)
			female = rng_pm(&d->rng, 850) ? !female : female;
		first = rng_pick(&d->rng, female ? &demo_first_f : &demo_first_m);
		last = k == 1 && rng_pm(&d->rng, 600) ? prev : rng_pick(&d->rng, &demo_last);
		prev = last;
		snprintf(l->name[k], sizeof l->name[k], "%s %s", first, last);
		mobile_phone(d, phone);
		email_of(d, first, last, email, sizeof email);
		demo_id(d, l->tenant[k]);
		if (anon) {
			/* Gone for five years: only the fact of the lease remains. */
			when = (l->end + RGPD_DAYS) * DAY + rng_range(&d->rng, DAY, 50 * DAY);
			RUN(d, Q_TENANT, "tttttdtt", l->tenant[k], "Anonymisé", NULL, NULL,
			    NULL, 1, stamp(past(d, when), at), d->admin.id);
		} else {
			RUN(d, Q_TENANT, "tttttdtt", l->tenant[k], last, first,
			    rng_pm(&d->rng, 920) ? phone : NULL,
			    rng_pm(&d->rng, 700) ? email : NULL, 0, stamp(t, at),
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
	rate += (int)rng_below(&d->rng, 150);
	rent = (int64_t)(dw->area * rate) / 100 * 100;
	if (l->end != LEASE_OPEN && l->end < d->today)
		t = past(d, work_time(d, l->end));
	snprintf(ref, sizeof ref, "%s-B%02d", dw->reference, ordinal);
	demo_id(d, l->id);
	RUN(d, Q_LEASE, "tttttitt", l->id, dw->id, ref, date(l->start, start),
	    l->end == LEASE_OPEN ? NULL : date(l->end, end), rent, stamp(t, at),
	    es->agency->agent.id);
	for (k = 0; k < l->ntenants; k++) {
		demo_id(d, id);
		RUN(d, Q_LEASE_TENANT, "ttttt", id, l->id, l->tenant[k], stamp(signed_t, at),
		    es->agency->agent.id);
	}
}

/* ---- Inspections ---- */

struct demo_insp {
	char id[UID_SIZE];
	const char *kind;      /* move_in, move_out, pre_exit, bailiff */
	const char *state;     /* draft, ready, signed */
	int exit;
	int64_t planned;       /* day */
	int64_t done;          /* moment, -1 if not done yet */
	int64_t signed_at;     /* moment, -1 if not signed */
	const char *entry;     /* the entry inspection of an exit */
	char defect[UID_SIZE]; /* the first item charged at exit */
	int ndefects;
	char at[DT_STAMP_SIZE]; /* provenance of its rows */
	const char *by;
};

static char
item_state(struct demo *d, int exit, int wear)
{
	int r = (int)rng_below(&d->rng, 1000), m, b;

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
	return n ? &demo_defects[found[rng_below(&d->rng, (int64_t)n)]] : NULL;
}

static double
defect_quantity(struct demo *d, const char *price_code)
{
	size_t i;

	for (i = 0; i < demo_nprices; i++) {
		if (strcmp(demo_prices[i].code, price_code) != 0)
			continue;
		if (strcmp(demo_prices[i].unit, "m2") == 0)
			return (double)rng_range(&d->rng, 20, 250) / 10.0;
		if (strcmp(demo_prices[i].unit, "ml") == 0)
			return (double)rng_range(&d->rng, 10, 40) / 10.0;
		break;
	}
	return rng_pm(&d->rng, 800) ? 1.0 : 2.0;
}

static void
write_item(struct demo *d, struct demo_insp *in, const char *room, int pos,
    const struct demo_item *it, const struct demo_nature *nat, int wear)
{
	static const char *const charges[] = {"tenant", "wear", "landlord"};
	char id[UID_SIZE], state[2] = {item_state(d, in->exit, wear), '\0'};
	const struct demo_defect *def = NULL;
	const char *comment = NULL, *charge = NULL;
	int r;

	if (in->exit && (state[0] == 'm' || state[0] == 'x'))
		def = pick_defect(d, it->name, nat->kind);
	else if (!in->exit && state[0] == 'u' && rng_pm(&d->rng, 300))
		comment = "Traces d'usage, notées à l'entrée";
	demo_id(d, id);
	if (def == NULL) {
		RUN(d, Q_INSPECTION_ITEM, "ttdttttttnttt", id, room, pos, it->name,
		    nat->kind, nat->nature, state, comment, charge, NULL, in->at, in->by);
		return;
	}
	r = (int)rng_below(&d->rng, 100);
	charge = charges[state[0] == 'x' ? (r < 40 ? 0 : 2) : r < 55 ? 0 : r < 90 ? 1 : 2];
	RUN(d, Q_INSPECTION_ITEM, "ttdttttttfttt", id, room, pos, it->name, nat->kind,
	    nat->nature, state, def->comment, charge, defect_quantity(d, def->price_code),
	    def->price_code, in->at, in->by);
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
	rng_seed(&lay, dw->layout);
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
		for (i = 0; i < room->nitems; i++) {
			const struct demo_item *it = room->items[i];
			nat = rng_pm(&lay, 500) ? 0 :
			    (int)rng_below(&lay, (int64_t)it->nnatures);
			write_item(d, in, room_id, (int)i + 1, it, &it->natures[nat], wear);
		}
	}
}

static void
write_meter(struct demo *d, struct demo_insp *in, struct rng *lay, const char *kind,
    int64_t days, int per_day)
{
	char id[UID_SIZE], serial[16];
	int64_t base = rng_below(lay, 50000);

	snprintf(serial, sizeof serial, "%08" PRId64, rng_below(lay, 100000000));
	demo_id(d, id);
	RUN(d, Q_INSPECTION_METER, "ttttftt", id, in->id, kind, serial,
	    (double)(base + days * per_day + rng_below(&d->rng, 100)) / 100.0, in->at, in->by);
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

	rng_seed(&lay, dw->layout ^ 0x6d6574657273ULL);
	two_rates = rng_pm(&lay, 400) || dw->heating == H_ELECTRIC ||
	    dw->heating == H_HEAT_PUMP;
	write_meter(d, in, &lay, "water_cold", days, 15);
	if (heatings[dw->heating].collective)
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
	int k;

	for (k = 0; k < 4; k++) {
		if (given[k] == 0)
			continue;
		demo_id(d, id);
		if (in->exit)
			RUN(d, Q_INSPECTION_KEY, "tttddtt", id, in->id, kinds[k], given[k],
			    given[k] - rng_pm(&d->rng, 50), in->at, in->by);
		else
			RUN(d, Q_INSPECTION_KEY, "tttdntt", id, in->id, kinds[k], given[k],
			    in->at, in->by);
	}
}

static void
write_party(struct demo *d, struct demo_insp *in, const char *role, const char *name,
    const char *tenant, int present, const char *mandate, const char *refusal)
{
	char id[UID_SIZE], sig[DT_STAMP_SIZE];
	int sign = in->signed_at >= 0 && present && refusal == NULL;

	if (sign)
		stamp(in->signed_at, sig);
	demo_id(d, id);
	RUN(d, Q_INSPECTION_PARTY, "tttttdttttdtt", id, in->id, role, name, tenant, present,
	    mandate, sign ? name : NULL, sign ? sig : NULL, refusal, rng_pm(&d->rng, 20),
	    in->at, in->by);
}

static void
write_parties(struct demo *d, struct demo_estate *es, struct demo_lease *l,
    struct demo_insp *in)
{
	int bailiff = strcmp(in->kind, "bailiff") == 0, k, absent;
	const char *first, *last, *refusal;
	char name[128], mandate[160];

	for (k = 0; k < l->ntenants; k++) {
		absent = bailiff || (k == 1 && rng_pm(&d->rng, 100));
		refusal = !absent && in->signed_at >= 0 && rng_pm(&d->rng, 10) ?
		    rng_pick(&d->rng, &demo_refusals) : NULL;
		write_party(d, in, "tenant", l->name[k], l->tenant[k], !absent, NULL, refusal);
		if (absent && !bailiff) {
			person(d, &first, &last);
			snprintf(name, sizeof name, "%s %s", first, last);
			snprintf(mandate, sizeof mandate, "Procuration écrite de %s",
			    l->name[k]);
			write_party(d, in, "mandatary", name, NULL, 1, mandate, NULL);
		}
	}
	write_party(d, in, "landlord_agent", es->sector->gardien.name, NULL, 1, NULL, NULL);
	if (bailiff) {
		person(d, &first, &last);
		snprintf(name, sizeof name, "Maître %s %s, commissaire de justice", first,
		    last);
		write_party(d, in, "bailiff", name, NULL, 1, NULL, NULL);
	}
}

static void
write_inspection(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    struct demo_lease *l, struct demo_insp *in)
{
	const struct demo_region *r = &demo_regions[rng_below(&d->rng, (int64_t)demo_nregions)];
	const struct demo_commune *c = &r->communes[rng_below(&d->rng, (int64_t)r->ncommunes)];
	const char *obs = NULL, *moved = NULL;
	char planned[DT_DATE_SIZE], done[DT_STAMP_SIZE], sig[DT_STAMP_SIZE];
	char sha[65], address[192];
	int64_t t;

	in->by = es->sector->gardien.id;
	if (in->signed_at >= 0)
		t = in->signed_at;
	else if (in->done >= 0)
		t = in->done;
	else
		t = past(d, work_time(d, in->planned - rng_range(&d->rng, 3, 25)));
	stamp(t, in->at);
	if (rng_pm(&d->rng, 300))
		obs = rng_pick(&d->rng, in->exit ? &demo_exit_observations :
		    &demo_entry_observations);
	if (in->exit && in->done >= 0 && in->done > d->now - (int64_t)RGPD_DAYS * DAY) {
		snprintf(address, sizeof address, "%d %s, %s %s",
		    (int)rng_range(&d->rng, 1, 150), rng_pick(&d->rng, &demo_streets),
		    c->postcode, c->name);
		moved = address;
	}
	if (in->signed_at >= 0) {
		/* Stands for the digest of the signed document until the
		 * signing code computes real ones. */
		rng_hex(&d->rng, sha);
		stamp(in->signed_at, sig);
	}
	if (in->done >= 0)
		stamp(in->done, done);
	demo_id(d, in->id);
	RUN(d, Q_INSPECTION, "tttttttttttttttttt", in->id, dw->id, l->id, in->kind, in->state,
	    date(in->planned, planned), in->done >= 0 ? done : NULL, in->entry,
	    d->templates[dw->type - 1][dw->balcony], in->by, ORG_NAME,
	    d->org_address, moved, obs, in->signed_at >= 0 ? sig : NULL,
	    in->signed_at >= 0 ? sha : NULL, in->at, in->by);
	if (in->done < 0 || in->done < d->now - (int64_t)DETAIL_DAYS * DAY)
		return;
	write_rooms(d, dw, l, in);
	write_meters(d, es, dw, in);
	write_keys(d, es, dw, in);
	write_parties(d, es, l, in);
}

/* ---- Work orders and claims ---- */

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
write_event(struct demo *d, int q, const char *parent, int64_t t, const char *user,
    const char *from, const char *to, const char *comment)
{
	char id[UID_SIZE], at[DT_STAMP_SIZE];

	stamp(t, at);
	demo_id(d, id);
	RUN(d, q, "ttttttttt", id, parent, at, user, from, to, comment, at, user);
}

/* times: ordered, scheduled, done, checked, invoiced; the order reaches
 * the last step already past. Invoiced orders become works. */
static void
write_work_order(struct demo *d, struct demo_estate *es, const struct demo_place *p,
    const char *claim, const char *item, int trade, const char *what,
    const int64_t times[5], int64_t cents, const char *works)
{
	char id[UID_SIZE], at[DT_STAMP_SIZE], ordered[DT_STAMP_SIZE], planned[DT_DATE_SIZE];
	const char *by = es->agency->tech.id;
	int status = 0, i;

	if (times[0] >= d->now)
		return;
	while (status < 4 && times[status + 1] < d->now)
		status++;
	demo_id(d, id); /* also the number until write_numbers() */
	stamp(times[status], at);
	stamp(times[0], ordered);
	date(times[2] / DAY, planned);
	if (status >= 2)
		RUN(d, Q_WORK_ORDER, "tttttttttttttttitt", id, id, claim, item, NULL,
		    es->agency->contractor[trade], es->agency->contract[trade],
		    p->kind == 'd' ? p->id : NULL, p->kind == 'e' ? p->id : NULL,
		    p->kind == 'b' ? p->id : NULL, p->kind == 'c' ? p->id : NULL, what, planned,
		    wo_status[status], ordered, cents, at, by);
	else
		RUN(d, Q_WORK_ORDER, "tttttttttttttttntt", id, id, claim, item, NULL,
		    es->agency->contractor[trade], es->agency->contract[trade],
		    p->kind == 'd' ? p->id : NULL, p->kind == 'e' ? p->id : NULL,
		    p->kind == 'b' ? p->id : NULL, p->kind == 'c' ? p->id : NULL, what, planned,
		    wo_status[status], ordered, at, by);
	for (i = 0; i <= status; i++)
		write_event(d, Q_WORK_ORDER_EVENT, id, times[i], by,
		    i ? wo_status[i - 1] : NULL, wo_status[i], wo_comments[i]);
	if (status == 4)
		write_works(d, es, p, times[2] / DAY, works, what, cents, trade, id);
}

static void
claim_users(struct demo *d, struct demo_estate *es, int lodge, int trade, const char *who[6])
{
	const char *gardien = es->sector->gardien.id, *agent = es->agency->agent.id;

	who[0] = who[1] = lodge ? gardien : agent;
	who[2] = who[3] = trade >= 0 ? es->agency->tech.id : agent;
	who[4] = rng_pm(&d->rng, 500) ? gardien : agent;
	who[5] = agent;
}

static void
claim_order(struct demo *d, struct demo_estate *es, const struct demo_place *p,
    const char *claim, const struct demo_claim_text *txt, const int64_t t[6], int trade)
{
	int64_t w[5];

	int i;

	w[0] = t[1] + rng_range(&d->rng, 300, 2 * HOUR);
	w[1] = t[2] > w[0] + 1800 ? t[2] : w[0] + 1800;
	w[2] = t[3] > w[1] + HOUR ? t[3] : w[1] + HOUR;
	w[3] = w[2] + rng_range(&d->rng, DAY, 5 * DAY);
	w[4] = w[3] + rng_range(&d->rng, 10 * DAY, 40 * DAY);
	for (i = 3; i < 5; i++)
		w[i] = office_hours(d, w[i]);
	write_work_order(d, es, p, claim, NULL, trade, txt->text, w,
	    rng_range(&d->rng, 9000, 150000), "repair");
}

static void
write_claim(struct demo *d, struct demo_estate *es, const struct demo_place *p,
    const struct demo_claim_text *txt, int64_t opened, const char *tenant,
    const char *channel, char id[UID_SIZE])
{
	int u = urgency_index(txt->urgency), trade = category_trade(txt->category);
	int stalled = rng_pm(&d->rng, 120), status = 0, i;
	const struct demo_urgency *urg = &demo_urgencies[u];
	char at[DT_STAMP_SIZE], op[DT_STAMP_SIZE], due[DT_STAMP_SIZE], closed[DT_STAMP_SIZE];
	const char *who[6];
	int64_t t[6];

	t[0] = opened;
	for (i = 1; i < 6; i++) {
		t[i] = t[i - 1] + rng_range(&d->rng, paces[u].lo[i - 1], paces[u].hi[i - 1]) *
		    (i == 3 && stalled ? 4 : 1);
		/* Emergencies are handled at once, by the on-call service. */
		if (u != 0 || i > 3)
			t[i] = office_hours(d, t[i]);
	}
	while (status < 5 && t[status + 1] < d->now)
		status++;
	claim_users(d, es, strcmp(channel, "lodge") == 0, trade, who);
	demo_id(d, id); /* also the number until write_numbers() */
	RUN(d, Q_CLAIM, "ttttttttttttttttt", id, id, p->kind == 'd' ? p->id : NULL,
	    p->kind == 'e' ? p->id : NULL, p->kind == 'b' ? p->id : NULL,
	    p->kind == 'c' ? p->id : NULL, txt->category, txt->urgency, channel, tenant,
	    txt->text, claim_status[status], stamp(opened, op),
	    stamp(add_working_hours(opened, urg->hours, urg->working_days), due),
	    status == 5 ? stamp(t[5], closed) : NULL, stamp(t[status], at), who[status]);
	for (i = 0; i <= status; i++)
		write_event(d, Q_CLAIM_EVENT, id, t[i], who[i], i ? claim_status[i - 1] : NULL,
		    claim_status[i], claim_comments[i]);
	if (trade >= 0 && status >= 1 && rng_pm(&d->rng, 600))
		claim_order(d, es, p, id, txt, t, trade);
}

static const struct demo_claim_text *
pick_text(struct demo *d, char place, int lift)
{
	int p = (int)(strchr("debc", place) - "debc"), tries;
	const struct demo_claim_text *t = NULL;

	for (tries = 0; tries < 8; tries++) {
		t = &demo_claim_texts[d->texts[p][rng_below(&d->rng, (int64_t)d->ntexts[p])]];
		if (lift || strcmp(t->category, "lift") != 0)
			break;
	}
	return t;
}

static const char *
pick_channel(struct demo *d)
{
	int r = (int)rng_below(&d->rng, 100);

	return r < 40 ? "lodge" : r < 70 ? "phone" : r < 85 ? "online" : r < 95 ? "counter" :
	    "letter";
}

static void
write_dwelling_claims(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    const struct demo_lease *l, int nl, int recent_pm)
{
	struct demo_building *b = &es->b[es->en[dw->entrance].building];
	struct demo_place p = {'d', dw->id, b->id};
	const char *tenant;
	char id[UID_SIZE];
	int n = 0, i, j;
	int64_t day;

	for (i = 0; i < 4; i++)
		n += rng_pm(&d->rng, 150);
	for (i = 0; i <= n; i++) {
		if (i < n)
			day = d->today - rng_range(&d->rng, 1, CLAIM_DAYS);
		else if (rng_pm(&d->rng, recent_pm))
			day = d->today - rng_range(&d->rng, 1, 21); /* things to do now */
		else
			break;
		for (tenant = NULL, j = 0; j < nl; j++)
			if (l[j].start <= day && (l[j].end == LEASE_OPEN || l[j].end >= day))
				tenant = l[j].tenant[0];
		write_claim(d, es, &p, pick_text(d, 'd', b->lift), past(d, work_time(d, day)),
		    tenant, tenant ? pick_channel(d) : "lodge", id);
	}
}

/* A common area near an entrance: its building's, or the estate's. */
static const char *
pick_area(struct demo *d, struct demo_estate *es, int building)
{
	const struct demo_area *a = NULL;
	int tries;

	for (tries = 0; tries < 8; tries++) {
		a = &es->ca[rng_below(&d->rng, es->nca)];
		if (a->building == building || a->building < 0)
			break;
	}
	return a->id;
}

static void
write_common_claims(struct demo *d, struct demo_estate *es)
{
	struct demo_place p;
	char id[UID_SIZE];
	int e, n, k, r;
	int64_t t;

	for (e = 0; e < es->nen; e++) {
		struct demo_building *b = &es->b[es->en[e].building];
		for (n = 0, k = 0; k < 4; k++)
			n += rng_pm(&d->rng, 250);
		for (k = 0; k < n; k++) {
			r = (int)rng_below(&d->rng, 100);
			p.building_id = b->id;
			if (r < 50)
				p.kind = 'e', p.id = es->en[e].id;
			else if (r < 75)
				p.kind = 'b', p.id = b->id;
			else
				p.kind = 'c', p.id = pick_area(d, es, es->en[e].building);
			t = work_time(d, d->today - rng_range(&d->rng, 1, CLAIM_DAYS));
			write_claim(d, es, &p, pick_text(d, p.kind, b->lift), past(d, t), NULL,
			    rng_pm(&d->rng, 600) ? "lodge" : "phone", id);
		}
	}
}

/* ---- A dwelling's history ---- */

static void
write_refurbishment(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    struct demo_lease *l, struct demo_insp *out)
{
	const struct demo_work *w = works_kind("refurbishment");
	struct demo_place p = {'d', dw->id, NULL};
	int64_t times[5];
	int i;

	if (out->ndefects > 0) {
		/* The exit's defects become a refurbishment order. */
		times[0] = office_hours(d, out->done + rng_range(&d->rng, DAY, 3 * DAY));
		for (i = 1; i < 5; i++)
			times[i] = office_hours(d, times[i - 1] +
			    rng_range(&d->rng, DAY, i == 4 ? 40 * DAY : 12 * DAY));
		write_work_order(d, es, &p, NULL, out->defect, w->trade,
		    "Remise en état après l'état des lieux de sortie", times,
		    works_cost(d, w), w->kind);
	} else if (rng_pm(&d->rng, 600) && l->end + 30 < d->today) {
		write_works(d, es, &p, l->end + rng_range(&d->rng, 5, 25), w->kind,
		    w->description, works_cost(d, w), w->trade, NULL);
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
			write_inspection(d, es, dw, l, &in);
		}
		if (l->end >= d->today + 16) {
			in.kind = "pre_exit";
			in.planned = l->end - 15;
			write_inspection(d, es, dw, l, &in);
		}
		return;
	}
	in.kind = rng_pm(&d->rng, 8) ? "bailiff" : "move_out";
	in.planned = l->end;
	in.done = work_time(d, l->end);
	if (l->end >= d->today - 4 && rng_pm(&d->rng, 300)) {
		in.state = "ready"; /* done this week, signature pending */
	} else {
		in.state = "signed";
		in.signed_at = in.done + rng_range(&d->rng, 1800, 5400);
	}
	write_inspection(d, es, dw, l, &in);
	write_refurbishment(d, es, dw, l, &in);
}

static void
write_lease(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    struct demo_lease *l, int ordinal)
{
	struct demo_insp in;
	int64_t signed_t;

	/* Signed a few days before the keys are handed over. */
	signed_t = past(d, work_time(d, l->start - rng_range(&d->rng, 2, 20)));
	write_tenants(d, es, l, signed_t);
	write_lease_row(d, es, dw, l, ordinal, signed_t);
	memset(&in, 0, sizeof in);
	in.kind = "move_in";
	in.planned = l->start;
	if (l->start < d->today) {
		in.state = "signed";
		in.done = work_time(d, l->start);
		in.signed_at = in.done + rng_range(&d->rng, 1800, 5400);
	} else {
		in.state = "draft";
		in.done = in.signed_at = -1;
	}
	write_inspection(d, es, dw, l, &in);
	memcpy(l->move_in, in.id, UID_SIZE);
	if (l->end != LEASE_OPEN)
		write_exit(d, es, dw, l);
}

static void
write_note(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw)
{
	char id[UID_SIZE], at[DT_STAMP_SIZE];
	const char *by = rng_pm(&d->rng, 700) ? es->sector->gardien.id : es->agency->tech.id;
	int64_t t = past(d, work_time(d, d->today - rng_range(&d->rng, 1, CLAIM_DAYS)));

	stamp(t, at);
	demo_id(d, id);
	RUN(d, Q_NOTE, "ttttttt", id, dw->id, by, at,
	    rng_pick(&d->rng, &demo_note_texts), at, by);
}

static void
write_dwelling_works(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw)
{
	struct demo_place p = {'d', dw->id, NULL};
	int64_t from = d->today - HISTORY_DAYS;
	size_t i;

	from = from < es->delivery + 5 * 365 ? es->delivery + 5 * 365 : from;
	for (i = 0; i < demo_nworks && from < d->today - 30; i++) {
		const struct demo_work *w = &demo_works[i];
		if (works_fit(es, 'd', -1, w) && rng_pm(&d->rng, w->per_mille))
			write_works(d, es, &p, rng_range(&d->rng, from, d->today - 30), w->kind,
			    w->description, works_cost(d, w), w->trade, NULL);
	}
}

static void
write_dwelling_all(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    int recent_pm)
{
	struct demo_lease l[MAX_LEASES];
	int n, i;

	plan_dwelling(d, es, dw);
	write_dwelling(d, es, dw);
	write_dwelling_equipment(d, es, dw);
	write_dwelling_works(d, es, dw);
	memset(l, 0, sizeof l);
	n = plan_leases(d, es, l);
	for (i = 0; i < n; i++)
		write_lease(d, es, dw, &l[i], i + 1);
	write_dwelling_claims(d, es, dw, l, n, recent_pm);
	if (rng_pm(&d->rng, 30))
		write_note(d, es, dw);
}

/* ---- Estate life: works, rounds, logbook ---- */

static void
write_estate_works(struct demo *d, struct demo_estate *es)
{
	const struct demo_work *insulation = works_kind("insulation");
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
			    rng_pm(&d->rng, w->per_mille))
				write_works(d, es, &p, rng_range(&d->rng, from, to), w->kind,
				    w->description, works_cost(d, w), w->trade, NULL);
		}
		if (b >= 0 && es->renovated) {
			day = year_start(es->renovated) + rng_range(&d->rng, 0, 300);
			write_works(d, es, &p, day < to ? day : to, insulation->kind,
			    insulation->description, works_cost(d, insulation),
			    insulation->trade, NULL);
		}
	}
}

static void
write_round_run(struct demo *d, struct demo_estate *es, int bi, const char *tpl,
    char items[][UID_SIZE], const size_t *lines, int n, int64_t start)
{
	struct demo_building *b = &es->b[bi];
	struct demo_place p = {'b', b->id, b->id};
	struct demo_claim_text txt;
	const char *by = es->sector->gardien.id, *result, *comment, *claim;
	char id[UID_SIZE], rid[UID_SIZE], cid[UID_SIZE], at[DT_STAMP_SIZE], st[DT_STAMP_SIZE];
	int64_t end = start + rng_range(&d->rng, 25 * 60, 70 * 60);
	int k, r;

	stamp(end, at);
	demo_id(d, id);
	RUN(d, Q_ROUND_RUN, "ttttttt", id, tpl, by,
	    stamp(start, st), at, at, by);
	for (k = 0; k < n; k++) {
		const struct demo_round_line *line = &demo_round_lines[lines[k]];
		r = (int)rng_below(&d->rng, 1000);
		result = r < 35 ? "anomaly" : r < 50 ? "unchecked" : "ok";
		comment = r < 35 ? line->anomaly : NULL;
		claim = NULL;
		if (r < 35 && rng_pm(&d->rng, 500)) {
			/* An anomaly becomes a claim in one key. */
			txt.category = line->category;
			txt.places = "b";
			txt.urgency = strcmp(line->category, "lift") == 0 ? "urgent" : "normal";
			txt.text = line->anomaly;
			write_claim(d, es, &p, &txt, end + 300, NULL, "lodge", cid);
			claim = cid;
		}
		demo_id(d, rid);
		RUN(d, Q_ROUND_RESULT, "tttttttt", rid, id,
		    items[k], result, comment, claim, at, by);
	}
}

static void
write_rounds(struct demo *d, struct demo_estate *es, int bi)
{
	struct demo_building *b = &es->b[bi];
	char tpl[UID_SIZE], items[16][UID_SIZE], at[DT_STAMP_SIZE], name[96];
	size_t lines[16], i;
	int n = 0, w;
	int64_t day;

	stamp(es->recorded, at);
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
		if (rng_pm(&d->rng, 80))
			continue; /* a missed week */
		day = weekday_before(d->today - 7 * w - rng_range(&d->rng, 1, 3));
		write_round_run(d, es, bi, tpl, items, lines, n,
		    day * DAY + rng_range(&d->rng, 6 * HOUR, 8 * HOUR + 1800));
	}
}

static void
write_logbook(struct demo *d, struct demo_estate *es)
{
	const char *by = es->sector->gardien.id, *dwl, *ent, *bld;
	char id[UID_SIZE], at[DT_STAMP_SIZE];
	int i, n = 1 + es->ndw * 2 / 5, r;
	int64_t t, day;

	for (i = 0; i < n; i++) {
		day = weekday_before(d->today - rng_range(&d->rng, 1, LOGBOOK_DAYS));
		t = work_time(d, day);
		r = (int)rng_below(&d->rng, 100);
		dwl = r >= 55 && r < 75 ? es->dw[rng_below(&d->rng, es->ndw)].id : NULL;
		ent = r >= 40 && r < 55 ? es->en[rng_below(&d->rng, es->nen)].id : NULL;
		bld = r < 40 ? es->b[rng_below(&d->rng, es->nb)].id : NULL;
		stamp(t, at);
		demo_id(d, id);
		RUN(d, Q_LOGBOOK_ENTRY, "ttttttttt", id, at, by,
		    rng_pick(&d->rng, &demo_logbook_texts), dwl, ent, bld, at, by);
	}
}

static void
build_estate(struct demo *d, struct demo_sector *s, int n)
{
	struct demo_estate *es = xcalloc(1, sizeof *es);
	int i, recent_pm;

	es->dw = xcalloc((size_t)n, sizeof *es->dw);
	es->en = xcalloc(MAX_BUILDINGS * MAX_ENTRANCES, sizeof *es->en);
	es->ca = xcalloc(MAX_BUILDINGS * 3 + 8, sizeof *es->ca);
	plan_estate(d, es, s, n);
	plan_buildings(d, es, n);
	write_estate(d, es);
	/* A few claims of the last three weeks per estate: work for today. */
	recent_pm = (1 + es->ndw / 60) * 1000 / es->ndw;
	for (i = 0; i < es->ndw && !d->failed; i++)
		write_dwelling_all(d, es, &es->dw[i], recent_pm);
	write_common_claims(d, es);
	write_estate_works(d, es);
	for (i = 0; i < es->nb; i++)
		write_rounds(d, es, i);
	write_logbook(d, es);
	free(es->dw);
	free(es->en);
	free(es->ca);
	free(es);
}

/* Estates of 20 to 400 dwellings, most of them small. */
static void
build_sector(struct demo *d, struct demo_sector *s)
{
	long left = s->dwellings, n, r;

	while (left > 0 && !d->failed) {
		r = (long)rng_below(&d->rng, 1000);
		n = 20 + r * r * 380 / 1000000;
		if (left <= 400 && left < n + 20)
			n = left;
		else if (left - n < 20)
			n = left - 20;
		build_estate(d, s, (int)n);
		left -= n;
	}
}

/* ---- Entry points ---- */

static void
index_texts(struct demo *d)
{
	size_t i, p;
	const char *c;

	for (i = 0; i < demo_nclaim_texts; i++)
		for (c = demo_claim_texts[i].places; *c; c++) {
			p = (size_t)(strchr("debc", *c) - "debc");
			if (d->ntexts[p] < sizeof d->texts[p] / sizeof d->texts[p][0])
				d->texts[p][d->ntexts[p]++] = i;
		}
}

static int
demo_check(struct db *db, const struct demo_opts *o, struct err *e)
{
	int64_t rows = 0;

	if (o->dwellings < DEMO_MIN_DWELLINGS || o->dwellings > DEMO_MAX_DWELLINGS)
		return err_set(e, "nombre de logements %ld hors des limites (%d à %d)",
		    o->dwellings, DEMO_MIN_DWELLINGS, DEMO_MAX_DWELLINGS);
	if (o->date == NULL || !dt_date_valid(o->date))
		return err_set(e, "date de référence invalide « %s » (attendu AAAA-MM-JJ)",
		    o->date ? o->date : "");
	if (dt_days(o->date) < year_start(1990) || dt_days(o->date) >= year_start(2200))
		return err_set(e, "date de référence %s hors de la période permise "
		    "(1990 à 2199)",
		    o->date);
	if (db_int(db, e, &rows, "SELECT (SELECT count(*) FROM organisation) + "
	    "(SELECT count(*) FROM user_account) + (SELECT count(*) FROM dwelling)", "") < 0)
		return -1;
	if (rows > 0)
		return err_set(e, "%s : la base n'est pas vide ; la démonstration "
		    "se crée dans une base neuve", db_path(db));
	return 0;
}

/* Claims and work orders were written estate by estate; their numbers
 * follow the order of opening within each year, as in a real register. */
static void
write_numbers(struct demo *d)
{
	RUN(d, Q_CLAIM_NUMBERS, "");
	RUN(d, Q_WORK_ORDER_NUMBERS, "");
}

static void
demo_meta(struct demo *d, const struct demo_opts *o)
{
	char buf[32];

	if (d->failed)
		return;
	if (db_meta_set(d->db, d->e, "demo", "1") != 0 ||
	    db_meta_set(d->db, d->e, "demo_admin", d->admin.login) != 0 ||
	    db_meta_set(d->db, d->e, "demo_date", o->date) != 0)
		goto fail;
	snprintf(buf, sizeof buf, "%" PRIu64, o->seed);
	if (db_meta_set(d->db, d->e, "demo_seed", buf) != 0)
		goto fail;
	snprintf(buf, sizeof buf, "%ld", o->dwellings);
	if (db_meta_set(d->db, d->e, "demo_dwellings", buf) != 0)
		goto fail;
	return;
fail:
	d->failed = 1;
}

/* The demo database is new, and nobody else sees it before the build
 * commits: no journal on disk, a large page cache, and no CHECK or
 * foreign-key evaluation per row (tests run PRAGMA quick_check and
 * foreign_key_check on what the generator writes). This triples the
 * speed; on is 0 to restore the usual settings. */
static int
demo_tune(struct db *db, int on, int64_t *cache, struct err *e)
{
	char sql[160];

	if (db_in_transaction(db))
		return 0;
	if (on) {
		if (db_int(db, e, cache, "PRAGMA cache_size", "") < 0)
			return -1;
		return db_script(db, e, "PRAGMA foreign_keys = OFF; "
		    "PRAGMA ignore_check_constraints = ON; PRAGMA journal_mode = MEMORY; "
		    "PRAGMA cache_size = -65536");
	}
	snprintf(sql, sizeof sql, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
	    "PRAGMA ignore_check_constraints = OFF; PRAGMA cache_size = %" PRId64,
	    *cache ? *cache : -2000);
	return db_script(db, e, sql);
}

int
demo_build(struct db *db, const struct demo_opts *o, struct err *e)
{
	struct demo d;
	int64_t cache = 0;
	int i, rc = -1;

	if (demo_check(db, o, e) != 0)
		return -1;
	memset(&d, 0, sizeof d);
	d.db = db;
	d.e = e;
	rng_seed(&d.rng, o->seed);
	d.today = dt_days(o->date);
	d.now = d.today * DAY;
	d.year = atoi(o->date);
	d.setup = (d.today - 1100) * DAY + 8 * HOUR;
	d.id_ms = (uint64_t)d.now * 1000;
	index_texts(&d);
	plan_structure(&d, o->dwellings);
	plan_users(&d);
	d.st = xcalloc(Q_COUNT, sizeof *d.st);
	if (demo_tune(db, 1, &cache, e) != 0 || db_begin(db, e) != 0)
		goto out;
	/* The search index is filled once at the end, not row by row. */
	if (search_suspend(db, e) != 0) {
		db_rollback(db);
		goto out;
	}
	write_structure(&d);
	write_reference(&d);
	for (i = 0; i < d.nsectors && !d.failed; i++)
		build_sector(&d, &d.sectors[i]);
	write_numbers(&d);
	demo_meta(&d, o);
	if (!d.failed && search_resume(db, e) != 0)
		d.failed = 1;
	if (d.failed) {
		db_rollback(db);
		err_prefix(e, "base de démonstration : ");
		goto out;
	}
	rc = db_commit(db, e);
out:
	if (demo_tune(db, 0, &cache, rc == 0 ? e : NULL) != 0)
		rc = -1;
	free(d.st);
	free(d.agencies);
	free(d.sectors);
	return rc;
}

int
demo_stats(struct db *db, struct demo_stats *out, struct err *e)
{
	static const struct {
		const char *sql;
		size_t offset;
	} counts[] = {
		{"SELECT count(*) FROM agency", offsetof(struct demo_stats, agencies)},
		{"SELECT count(*) FROM sector", offsetof(struct demo_stats, sectors)},
		{"SELECT count(*) FROM estate", offsetof(struct demo_stats, estates)},
		{"SELECT count(*) FROM dwelling", offsetof(struct demo_stats, dwellings)},
		{"SELECT count(*) FROM tenant", offsetof(struct demo_stats, tenants)},
		{"SELECT count(*) FROM lease", offsetof(struct demo_stats, leases)},
		{"SELECT count(*) FROM inspection", offsetof(struct demo_stats, inspections)},
		{"SELECT count(*) FROM claim", offsetof(struct demo_stats, claims)},
	};
	int64_t v;
	size_t i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		if (db_int(db, e, &v, counts[i].sql, "") < 0)
			return -1;
		*(long *)((char *)out + counts[i].offset) = (long)v;
	}
	return 0;
}
