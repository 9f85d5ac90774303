/* What the files of the demo generator (core/demo*.c) share: the
 * generator's state, the plans of an estate kept in memory, the cached
 * statements and the helpers every part uses. Not part of the public
 * core/demo.h. */
#ifndef LOGE_DEMO_INTERNAL_H
#define LOGE_DEMO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "datetime.h"
#include "db.h"
#include "demo.h"
#include "demo_data.h"
#include "uid.h"

#define DAY 86400
#define HOUR 3600
#define LEASE_OPEN INT64_MAX
#define MAX_LEASES 24
#define MAX_BUILDINGS 26
#define MAX_ENTRANCES 8
#define MAX_ROOMS 12
#define MAX_ROOM_ITEMS 12
#define DETAIL_DAYS 730    /* only recent inspections carry rooms and items */
#define HISTORY_DAYS 5479  /* fifteen years of leases */
#define CLAIM_DAYS 1826    /* five years of claims, with their orders */
#define LOGBOOK_DAYS 730
#define RGPD_DAYS 1826     /* tenants gone for five years are anonymised */
#define ROUND_WEEKS 26     /* half a year of weekly rounds */
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
	/* Day the contract starts: older orders were placed without one. */
	int64_t contract_from[DEMO_TRADE_COUNT];
};

struct demo_sector {
	char id[UID_SIZE];
	int agency;
	long dwellings;
	int commune; /* first of the (up to two) communes it covers */
	struct demo_user gardien;
	/* What every gardien finds among their inspections; the sector's
	 * last two dwellings are planned to provide what is still missing. */
	long built;      /* dwellings written so far */
	int has_refusal; /* a party refused to sign */
	int has_paper;   /* a ready inspection awaits a signature on paper */
	int has_pending; /* an amendment of a recent entry (ten_day) is under way */
	int has_heating; /* in October: a heating amendment is under way */
	int has_round_due; /* a building's weekly round is still to do */
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

/* The rooms and items of an entry inspection as written, which its
 * amendments copy (pointers into the static tables of demo_data.c). */
struct demo_copy_item {
	int room;      /* index in room[] */
	int position;
	const struct demo_item *item;
	const struct demo_nature *nature;
	char state;
	const char *comment;
};

struct demo_copy {
	int nrooms;
	char room[MAX_ROOMS][48];
	int nitems;
	struct demo_copy_item items[MAX_ROOMS * MAX_ROOM_ITEMS];
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
	int force_refusal;     /* the next tenant present at a signing refuses */
	unsigned checked;      /* kinds whose digest was read back (demo_seal.c) */
	struct demo_copy entry; /* the rooms of the last entry written */
};

enum { H_GAS_IND, H_GAS_COL, H_ELECTRIC, H_DISTRICT, H_HEAT_PUMP, H_OIL, H_WOOD };

struct demo_heating {
	const char *code;
	int collective;
};

extern const struct demo_heating demo_heatings[];

/* An inspection being written: what its rows share. */
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
	const char *amends;    /* an amendment: the entry it completes, else NULL */
	const char *amendment_kind; /* ten_day, heating */
	struct demo_copy *copy; /* an entry: where its rooms are recorded; NULL */
	int paper;             /* ready: the first tenant present signs on paper */
	struct inspection *seal; /* signed: its content as written, for the digest */
};

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
	Q_INSPECTION_DIGEST,
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

/* demo.c: randomness, time, ids, text. */
void demo_rng_seed(struct rng *r, uint64_t seed);
uint64_t demo_rng_next(struct rng *r);
int64_t demo_rng_below(struct rng *r, int64_t n);
int64_t demo_rng_range(struct rng *r, int64_t lo, int64_t hi);
int demo_rng_pm(struct rng *r, int per_mille);
const char *demo_rng_pick(struct rng *r, const struct demo_list *l);
const char *demo_stamp(int64_t t, char out[DT_STAMP_SIZE]);
const char *demo_date(int64_t day, char out[DT_DATE_SIZE]);
int64_t demo_year_start(int year);
int64_t demo_work_time(struct demo *d, int64_t day);
int64_t demo_add_working_hours(int64_t t, int hours, int working);
int64_t demo_weekday(int64_t day);
int64_t demo_weekday_before(int64_t day);
int64_t demo_past(struct demo *d, int64_t t);
int64_t demo_office_hours(struct demo *d, int64_t t);
void demo_id(struct demo *d, char out[UID_SIZE]);
void demo_ascii_slug(const char *s, char *out, size_t size);
void demo_person(struct demo *d, const char **first, const char **last);

/* demo_sql.c */
struct db_stmt *demo_stmt(struct demo *d, int q);

/* demo_setup.c; agencies 0: one per 20,000 dwellings. */
void demo_plan_structure(struct demo *d, long n, int agencies);
void demo_plan_users(struct demo *d);
void demo_write_structure(struct demo *d);
void demo_write_reference(struct demo *d);

/* demo_estate.c */
void demo_plan_estate(struct demo *d, struct demo_estate *es, struct demo_sector *s, int n);
void demo_plan_buildings(struct demo *d, struct demo_estate *es, int n);
void demo_write_estate(struct demo *d, struct demo_estate *es);
void demo_plan_dwelling(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw);
void demo_write_dwelling(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw);
void demo_write_dwelling_equipment(struct demo *d, struct demo_estate *es,
    struct demo_dwelling *dw);

/* demo_occupancy.c */
void demo_write_dwelling_all(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    int recent_pm);

/* demo_inspection.c */
void demo_write_template(struct demo *d, int type, int balcony);
void demo_write_inspection(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    struct demo_lease *l, struct demo_insp *in);

/* demo_seal.c: the content of a signed inspection gathered as it is
 * written (nothing when in->seal is NULL), then its digest. */
struct inspection;
void demo_seal_begin(struct demo *d, const struct demo_dwelling *dw, const struct demo_lease *l,
    struct demo_insp *in, const char *obs, const char *moved);
void demo_seal_room(struct demo_insp *in, const char *name);
void demo_seal_item(struct demo_insp *in, const char *name, const char *nature, char state,
    const char *comment, const char *charge, double quantity, const char *price);
void demo_seal_meter(struct demo_insp *in, const char *kind, const char *serial, double reading);
void demo_seal_key(struct demo_insp *in, const char *kind, long given, long returned);
void demo_seal_party(struct demo_insp *in, const char *role, const char *name, int present,
    const char *mandate, const char *signature, const char *signed_at, const char *refusal,
    int paper);
void demo_seal_end(struct demo_insp *in, char sha[65]);
void demo_seal_check(struct demo *d, const struct demo_insp *in, int rows);

/* demo_amend.c */
void demo_write_amendments(struct demo *d, struct demo_estate *es, struct demo_dwelling *dw,
    struct demo_lease *l, const struct demo_insp *entry);

/* demo_works.c */
const struct demo_work *demo_works_kind(const char *kind);
int64_t demo_works_cost(struct demo *d, const struct demo_work *w);
void demo_write_works(struct demo *d, struct demo_estate *es, const struct demo_place *p,
    int64_t day, const char *kind, const char *what, int64_t cents, int trade,
    const char *work_order);
void demo_write_dwelling_works(struct demo *d, struct demo_estate *es,
    struct demo_dwelling *dw);
void demo_write_estate_works(struct demo *d, struct demo_estate *es);
void demo_write_event(struct demo *d, int q, const char *parent, int64_t t, const char *user,
    const char *from, const char *to, const char *comment);
void demo_write_work_order(struct demo *d, struct demo_estate *es, const struct demo_place *p,
    const char *claim, const char *item, int trade, const char *what, const int64_t times[5],
    int64_t cents, const char *works);

/* demo_claim.c */
void demo_write_claim(struct demo *d, struct demo_estate *es, const struct demo_place *p,
    const struct demo_claim_text *txt, int64_t opened, const char *tenant, const char *channel,
    char id[UID_SIZE]);
void demo_write_dwelling_claims(struct demo *d, struct demo_estate *es,
    struct demo_dwelling *dw, const struct demo_lease *l, int nl, int recent_pm);
void demo_write_common_claims(struct demo *d, struct demo_estate *es);

/* demo_rounds.c */
void demo_write_rounds(struct demo *d, struct demo_estate *es, int bi);
void demo_write_logbook(struct demo *d, struct demo_estate *es);

#endif
