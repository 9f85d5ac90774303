/* États des lieux: an inspection loaded whole, its life cycle (draft ->
 * ready -> signed, amendments as new linked records), the structural
 * edits (rooms, items, meters, keys, parties, photos), the legal
 * completeness check of décret 2016-382, and signing: the content is
 * frozen and its SHA-256 stored. Single fields are edited through
 * core/field.h ("inspection_item.state", ...), which saves each one in
 * its own transaction as it is left. Every write here needs the right to
 * write PG_INSPECTIONS and is refused on a signed inspection (also by the
 * database's triggers, and by the hub). */
#ifndef LOGE_INSPECTION_H
#define LOGE_INSPECTION_H

#include <stddef.h>
#include <stdint.h>

#include "datetime.h"
#include "err.h"
#include "uid.h"

struct db;
struct user;

#define INSPECTION_STATES "nbumxv"

struct inspection_item {
	char id[UID_SIZE];
	size_t room;        /* index in rooms[] */
	int position;
	char *name;         /* "Murs" */
	char *kind;         /* wear-grid kind: "paint", "parquet", ... */
	char *nature;       /* "peinture", NULL */
	char state;         /* one of INSPECTION_STATES, 0 when not set */
	char *comment;      /* NULL */
	char charge[12];    /* "", tenant, wear, landlord, none */
	double quantity;    /* < 0 when not set */
	char *price_code;   /* NULL */
	char (*photos)[65]; /* SHA-256 of each photo */
	size_t nphotos;
	/* At exit: the same item at entry (matched by room and item name),
	 * its state (0 if none) and comment. */
	char entry_state;
	char *entry_comment;
};

struct inspection_room {
	char id[UID_SIZE];
	int position;
	char *name;
	size_t first, count; /* its items: items[first .. first + count) */
};

struct inspection_meter {
	char id[UID_SIZE];
	char kind[16];      /* water_cold, water_hot, elec_peak, elec_offpeak, elec_single, gas, heat */
	char *serial;       /* NULL */
	double reading;     /* < 0 when not read */
};

struct inspection_key {
	char id[UID_SIZE];
	char kind[16];      /* door, mailbox, cellar, badge, garage_remote, bike_room, bins_room, other */
	long given;
	long returned;      /* -1 when not recorded */
};

struct inspection_party {
	char id[UID_SIZE];
	char role[16];      /* tenant, landlord_agent, mandatary, bailiff */
	char *name;
	char tenant_id[UID_SIZE]; /* "" */
	int present;
	char *mandate;      /* NULL */
	char *signature_name; /* the name typed to sign, NULL */
	char signed_at[DT_STAMP_SIZE]; /* "" */
	char *refusal_reason; /* NULL */
	int paper;          /* to be signed on paper */
};

struct inspection {
	char id[UID_SIZE];
	char dwelling_id[UID_SIZE];
	char lease_id[UID_SIZE];      /* "" */
	char kind[12];                /* move_in, move_out, pre_exit, bailiff */
	char state[8];                /* draft, ready, signed */
	char planned_date[DT_DATE_SIZE]; /* "" */
	char done_at[DT_STAMP_SIZE];  /* "" */
	char entry_inspection_id[UID_SIZE]; /* "" */
	char amends_id[UID_SIZE];     /* "" */
	char amendment_kind[12];      /* "", ten_day, heating */
	char signed_at[DT_STAMP_SIZE]; /* "" */
	char content_sha256[65];      /* "" */
	char *landlord_name, *landlord_address, *tenant_new_address, *observations;
	char *agent_name;             /* the landlord's agent (user), NULL */
	/* Context: the dwelling, where it is, the lease. */
	char *dwelling_ref;
	char dwelling_type[4];
	char *address;                /* "12 rue ..., 69003 Lyon", NULL */
	char *location;               /* "Résidence X, bâtiment A, entrée 1, 3e étage, porte 31" */
	char lease_start[DT_DATE_SIZE], lease_end[DT_DATE_SIZE]; /* "" */
	int64_t deposit_cents;        /* -1 if unknown */
	/* Exit: the date of the entry inspection, else the lease's start
	 * (the keys were handed over then); "" when neither is known. */
	char entry_date[DT_DATE_SIZE];
	char *updated_at, *updated_by;

	struct inspection_room *rooms;
	size_t nrooms;
	struct inspection_item *items; /* in room order, then item order */
	size_t nitems;
	struct inspection_meter *meters;
	size_t nmeters;
	struct inspection_key *keys;
	size_t nkeys;
	struct inspection_party *parties;
	size_t nparties;
};

/* French labels: "État des lieux de sortie", "bon", "Eau froide",
 * "Porte palière", "Locataire"; static strings, the code itself when
 * unknown. */
const char *inspection_kind_label(const char *kind);
const char *inspection_state_label(const char *state);
const char *inspection_item_state_label(char state);
const char *inspection_meter_label(const char *kind);
const char *inspection_key_label(const char *kind);
const char *inspection_party_label(const char *role);
const char *inspection_charge_label(const char *charge);
/* Common observations and natures, for completion at the keyboard;
 * static arrays. */
const char *const *inspection_phrases(size_t *n);
const char *const *inspection_natures(size_t *n);
/* The price list (bordereau), by code; free with inspection_prices_free. */
struct price_row {
	char *code, *label;
	char unit[8];
	int64_t unit_price_cents;
};
int inspection_prices(struct db *db, struct price_row **rows, size_t *n, struct err *e);
void inspection_prices_free(struct price_row *rows, size_t n);
/* 1 for an exit-like kind (move_out; pre_exit compares too). */
int inspection_is_exit(const char *kind);

/* Loads an inspection whole; the caller frees it with inspection_free.
 * -1 with e set (French) if missing or on error. Needs the right to read
 * PG_INSPECTIONS (who may be NULL for internal callers: no check). */
int inspection_load(struct db *db, const struct user *who, const char *id,
    struct inspection **out, struct err *e);
void inspection_free(struct inspection *in);

/* The inspections of a dwelling, newest first. */
struct inspection_row {
	char id[UID_SIZE];
	char kind[12];
	char state[8];
	char planned_date[DT_DATE_SIZE];
	char done_at[DT_STAMP_SIZE];
	char amends_id[UID_SIZE];
	char amendment_kind[12];
	long nitems, ndegraded;       /* items; those in state m or x */
};
int inspection_list(struct db *db, const struct user *who, const char *dwelling_id,
    struct inspection_row **rows, size_t *n, struct err *e);

/* ---- Creating ---- */

/* Plans a new inspection of dwelling_id. kind: move_in, move_out,
 * pre_exit or bailiff; planned: YYYY-MM-DD or NULL (today). Rooms and
 * items come from the template of the dwelling's type; an exit or
 * pre-exit is prefilled from the last signed entry inspection of the
 * lease (rooms, items with their nature, state and comment, meters with
 * their serials, keys given), so that only changes are typed. Parties:
 * the lease's tenants and who as the landlord's agent; the landlord's
 * name and address from the organisation. out_id receives the id. */
int inspection_create(struct db *db, const struct user *who, const char *dwelling_id,
    const char *kind, const char *planned, char out_id[UID_SIZE], struct err *e);
/* Fills in a draft that has no rooms nor parties yet (one planned by
 * the agency, or by the demo) as inspection_create would: rooms and
 * items from the entry, the dwelling's last inspection or its template,
 * meters, keys, parties. */
int inspection_prefill(struct db *db, const struct user *who, const char *id,
    struct err *e);
/* An amendment of a signed entry inspection: kind ten_day (within 10
 * days of entry) or heating (during the first month of the heating
 * season), a new draft record linked to it (amends_id), with its rooms
 * and items (heating: heating items only) to complete. Refused outside
 * its deadline. */
int inspection_amend(struct db *db, const struct user *who, const char *signed_id,
    const char *amendment_kind, char out_id[UID_SIZE], struct err *e);
/* The deadlines of an entry inspection done on `done` (YYYY-MM-DD; a
 * longer stamp is cut): the last day of the 10-day request, and the
 * heating-season window: 1 to 31 October when the entry was made out of
 * the heating season (May to September), else "" (within the season the
 * 10 days cover the heating). */
void inspection_deadlines(const char *done, char ten_day[DT_DATE_SIZE],
    char heating_from[DT_DATE_SIZE], char heating_to[DT_DATE_SIZE]);

/* Sets done_at to now when it is not set yet (the inspection starts). */
int inspection_start(struct db *db, const struct user *who, const char *id, struct err *e);

/* ---- Rooms and items ---- */

/* Adds a room after position `after` (0: first) named name; out_id may
 * be NULL. */
int inspection_room_add(struct db *db, const struct user *who, const char *inspection_id,
    int after, const char *name, char out_id[UID_SIZE], struct err *e);
/* Removes a room with its items and their photos. */
int inspection_room_delete(struct db *db, const struct user *who, const char *room_id,
    struct err *e);
/* Sets every item of the room to state (one of INSPECTION_STATES);
 * returns how many items changed, -1 on error. */
int inspection_room_set_state(struct db *db, const struct user *who, const char *room_id,
    char state, struct err *e);
/* Adds an item at the end of a room; kind: a wear-grid kind or "other". */
int inspection_item_add(struct db *db, const struct user *who, const char *room_id,
    const char *name, const char *kind, char out_id[UID_SIZE], struct err *e);
int inspection_item_delete(struct db *db, const struct user *who, const char *item_id,
    struct err *e);
/* Sets one item's state and, at exit, when the item is now worse than at
 * entry and has no charge yet, the charge proposed for its kind
 * (core/charge.h). */
int inspection_item_set_state(struct db *db, const struct user *who, const char *item_id,
    char state, struct err *e);
/* Attaches a photo to an item: path is a file (stored in the database's
 * attachment store, see core/attach.h) or the SHA-256 of a file already
 * stored. sha receives the file's SHA-256 (may be NULL). */
int inspection_photo_add(struct db *db, const struct user *who, const char *item_id,
    const char *path_or_sha, char sha[65], struct err *e);
int inspection_photo_delete(struct db *db, const struct user *who, const char *item_id,
    const char *sha, struct err *e);

/* ---- Meters, keys, parties ---- */

int inspection_meter_add(struct db *db, const struct user *who, const char *inspection_id,
    const char *kind, char out_id[UID_SIZE], struct err *e);
int inspection_key_add(struct db *db, const struct user *who, const char *inspection_id,
    const char *kind, long given, char out_id[UID_SIZE], struct err *e);
/* role: tenant, landlord_agent, mandatary, bailiff. */
int inspection_party_add(struct db *db, const struct user *who, const char *inspection_id,
    const char *role, const char *name, char out_id[UID_SIZE], struct err *e);
/* Deletes a meter, key or party line (table: inspection_meter, ...). */
int inspection_line_delete(struct db *db, const struct user *who, const char *table,
    const char *id, struct err *e);

/* ---- Completeness (décret 2016-382) ---- */

/* Where a missing mention is fixed, for the TUI's "jump to it" key. */
enum inspection_target {
	IT_HEADER,   /* the inspection's own fields (target_id: field id) */
	IT_ITEM,     /* an item (target_id: item id) */
	IT_ROOM,     /* a room (target_id: room id) */
	IT_METERS,
	IT_KEYS,
	IT_PARTIES,  /* target_id: party id or "" */
};

struct inspection_missing {
	const char *mention;   /* "art. 2 f", "sortie a" */
	char *text;            /* French: "Relevé manquant : eau froide (n° 123)" */
	enum inspection_target target;
	char target_id[64];
};

/* Lists what décret 2016-382 requires and the inspection lacks (art. 2
 * a to h, and at exit a and b); signatures (art. 2 i) are checked by
 * inspection_sign. 0 with *n == 0 when complete. The caller frees with
 * inspection_missing_free. */
int inspection_check(const struct inspection *in, struct inspection_missing **out,
    size_t *n);
void inspection_missing_free(struct inspection_missing *m, size_t n);

/* Marks a complete draft "ready to sign"; refused (-1, e lists the first
 * missing mentions) when incomplete. */
int inspection_set_ready(struct db *db, const struct user *who, const char *id,
    struct err *e);
/* Back to draft from ready (to change something before signing). */
int inspection_set_draft(struct db *db, const struct user *who, const char *id,
    struct err *e);

/* ---- Signing ---- */

/* A party present signs by typing their name (compared without case or
 * accents); refused if it does not match. */
int inspection_party_sign(struct db *db, const struct user *who, const char *party_id,
    const char *typed_name, struct err *e);
/* A party refuses to sign, with the reason (required). */
int inspection_party_refuse(struct db *db, const struct user *who, const char *party_id,
    const char *reason, struct err *e);
/* The party will sign on paper (paper = 1); then, once the paper copy is
 * signed, inspection_party_paper_signed records it (signed_at now). */
int inspection_party_paper(struct db *db, const struct user *who, const char *party_id,
    struct err *e);
int inspection_party_paper_signed(struct db *db, const struct user *who,
    const char *party_id, struct err *e);

/* Signs the inspection: it must be ready, still complete, and every
 * party present must have signed (at the terminal or on paper) or
 * refused; a bailiff's record needs the bailiff's signature. Sets
 * signed_at, done_at if unset, state signed and content_sha256, in one
 * transaction; afterwards nothing of it can change. */
int inspection_sign(struct db *db, const struct user *who, const char *id, struct err *e);

/* The canonical text of an inspection's content (what the signature
 * covers: everything but provenance, state and the digest itself), and
 * its SHA-256. The caller frees the text. */
char *inspection_canonical(const struct inspection *in);
void inspection_digest(const struct inspection *in, char out[65]);
/* 1 if a signed inspection's stored digest matches its content, 0 if
 * not, -1 if it is not signed. */
int inspection_verify(const struct inspection *in);

#endif
