/* The fixed tables behind the demo database: real French towns, names,
 * makes, rooms and items of an inspection, the wear grid, the price list,
 * claim texts. Kept apart from core/demo.c so that the generator reads as
 * an algorithm and the data as data. */
#ifndef LOGE_DEMO_DATA_H
#define LOGE_DEMO_DATA_H

#include <stddef.h>

struct demo_list {
	const char *const *v;
	size_t n;
};

/* A real commune: name, postcode, INSEE code (RPLS DEPCOM). */
struct demo_commune {
	const char *name;
	const char *postcode;
	const char *depcom;
};

/* One agency's territory. phone is a landline prefix from the ranges the
 * regulator (Arcep) keeps for fiction, so no real line is ever shown. */
struct demo_region {
	const char *name;
	const char *phone;
	const struct demo_commune *communes;
	size_t ncommunes;
};

extern const struct demo_region demo_regions[];
extern const size_t demo_nregions;

extern const struct demo_list demo_first_f, demo_first_m, demo_last;
extern const struct demo_list demo_streets, demo_estate_names, demo_estate_people;
extern const struct demo_list demo_sector_names;

/* Equipment kinds, with a lifetime in years and typical makes/models. */
struct demo_equip {
	const char *kind;
	int lifetime;
	struct demo_list makes;
	struct demo_list models;
};

enum {
	DEMO_EQ_BOILER,
	DEMO_EQ_WATER_HEATER,
	DEMO_EQ_VMC,
	DEMO_EQ_RADIATORS,
	DEMO_EQ_SINK,
	DEMO_EQ_SMOKE,
	DEMO_EQ_LIFT,
	DEMO_EQ_INTERCOM,
	DEMO_EQ_DOOR_ENTRY,
	DEMO_EQ_LIGHTING,
	DEMO_EQ_EXTINGUISHER,
	DEMO_EQ_COUNT
};

extern const struct demo_equip demo_equipment[DEMO_EQ_COUNT];

/* Rooms and items of an inspection. An item offers natures (parquet,
 * carrelage...), each tied to a wear-grid kind; the first is the
 * template's default. */
struct demo_nature {
	const char *nature;
	const char *kind;
};

struct demo_item {
	const char *name;
	const struct demo_nature *natures;
	size_t nnatures;
};

struct demo_room {
	const char *name;
	const struct demo_item *const *items;
	size_t nitems;
};

enum {
	DEMO_ROOM_ENTRY,
	DEMO_ROOM_LIVING,
	DEMO_ROOM_KITCHEN,
	DEMO_ROOM_BEDROOM,
	DEMO_ROOM_BATH,
	DEMO_ROOM_WC,
	DEMO_ROOM_BALCONY,
	DEMO_ROOM_COUNT
};

extern const struct demo_room demo_rooms[DEMO_ROOM_COUNT];

/* Grille de vétusté: the rate is derived so that the item reaches its
 * residual share at the end of its lifetime. */
struct demo_wear {
	const char *kind;
	const char *label;
	int lifetime;
	int franchise;
	int residual_bp;
};

extern const struct demo_wear demo_wear_grid[];
extern const size_t demo_nwear;

struct demo_price {
	const char *code;
	const char *label;
	const char *unit; /* m2, ml, unit, hour, flat */
	int cents;
	const char *item_kind;
};

extern const struct demo_price demo_prices[];
extern const size_t demo_nprices;

/* What a gardien writes about a worn item, and the price line to charge;
 * item is the item's name, or NULL for any item of that kind. */
struct demo_defect {
	const char *item;
	const char *kind;
	const char *comment;
	const char *price_code;
};

extern const struct demo_defect demo_defects[];
extern const size_t demo_ndefects;

/* Trades of contractors, with the response time of their contracts. */
struct demo_trade {
	const char *code;
	const char *label;
	const char *name_fmt; /* one %s: a family name */
	int response_hours;
};

enum {
	DEMO_TRADE_PLUMBING,
	DEMO_TRADE_ELECTRICITY,
	DEMO_TRADE_HEATING,
	DEMO_TRADE_LIFT,
	DEMO_TRADE_ACCESS,
	DEMO_TRADE_LOCKSMITH,
	DEMO_TRADE_CLEANING,
	DEMO_TRADE_PESTS,
	DEMO_TRADE_PAINTING,
	DEMO_TRADE_GREEN,
	DEMO_TRADE_ROOFING,
	DEMO_TRADE_MULTI,
	DEMO_TRADE_COUNT
};

extern const struct demo_trade demo_trades[DEMO_TRADE_COUNT];

struct demo_category {
	const char *code;
	const char *label;
	int trade; /* -1: no contractor (neighbour disputes) */
};

extern const struct demo_category demo_categories[];
extern const size_t demo_ncategories;

struct demo_urgency {
	const char *code;
	const char *label;
	int hours;
	int working_days;
};

extern const struct demo_urgency demo_urgencies[3];

/* A claim as a tenant or a gardien would word it. places: the kinds of
 * place it fits, d dwelling, e entrance, b building, c common area. */
struct demo_claim_text {
	const char *category;
	const char *places;
	const char *urgency;
	const char *text;
};

extern const struct demo_claim_text demo_claim_texts[];
extern const size_t demo_nclaim_texts;

/* Works (travaux): place d dwelling, b building, e estate; per_mille is
 * the chance a place had them within fifteen years (0: written by the
 * generator at a precise moment); requires: 'l' a lift, 'o' built before
 * 2000, 'a' access control added later, 0 nothing. */
struct demo_work {
	const char *kind;
	const char *description;
	char place;
	int trade;
	int min_euros;
	int max_euros;
	int per_mille;
	char requires;
};

extern const struct demo_work demo_works[];
extern const size_t demo_nworks;

/* Checklist of a round: the anomaly a gardien notes and its category. */
struct demo_round_line {
	const char *label;
	const char *anomaly;
	const char *category;
	int needs_lift;
};

extern const struct demo_round_line demo_round_lines[];
extern const size_t demo_nround_lines;

extern const struct demo_list demo_logbook_texts, demo_note_texts;
extern const struct demo_list demo_entry_observations, demo_exit_observations;
extern const struct demo_list demo_ten_day_observations, demo_heating_observations;
extern const struct demo_list demo_refusals;

#endif
