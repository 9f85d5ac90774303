/* The dwelling sheet (fiche logement): what each service knows about one
 * dwelling, in blocks, each saying where it comes from (who changed it
 * last, from which service, when) or, when the role may not see it, why
 * in one line. The structure is drawn generically: a block is a title, a
 * source and lines; a line is a label, a value, maybe a field to edit
 * (core/field.h) and a row to open. Text is UTF-8 from the database: the
 * screen sanitises it. */
#ifndef LOGE_SHEET_H
#define LOGE_SHEET_H

#include <stddef.h>

#include "datetime.h"
#include "err.h"
#include "uid.h"

struct db;
struct user;

/* The blocks, in display order. */
enum sheet_block_kind {
	SB_TECHNICAL,  /* Caractéristiques techniques */
	SB_EQUIPMENT,  /* Équipements */
	SB_LEASE,      /* Bail et locataire */
	SB_WORKS,      /* Travaux */
	SB_INSPECTION, /* Dernier état des lieux */
	SB_CLAIMS,     /* Réclamations en cours */
	SB_NOTES,      /* Notes du gardien */
	SB_COUNT
};

enum {
	SL_EDITABLE = 1 << 0,  /* field set and the role may write it */
	SL_HIGHLIGHT = 1 << 1, /* needs attention: past its lifetime, overdue */
	SL_NOTICE = 1 << 2,    /* a line about the block: "réservé à ...", "aucune ..." */
	SL_EMPTY = 1 << 3,     /* value not filled in ("non renseigné") */
};

struct sheet_line {
	char *label;       /* NULL for a row of text in value alone */
	char *value;       /* never NULL */
	const char *field; /* id of the field (core/field.h) value shows, or NULL */
	const char *table; /* the row behind the line (Enter, field_save), or NULL */
	char row_id[UID_SIZE];
	int flags;         /* SL_* */
};

/* Who last changed the rows a block shows. */
struct sheet_source {
	char *user;          /* display name; NULL when the block has no rows */
	const char *service; /* "Proximité", "Gestion locative"...; NULL likewise */
	char at[DT_STAMP_SIZE]; /* latest updated_at, "" when no rows */
};

struct sheet_block {
	enum sheet_block_kind kind;
	const char *title;
	int visible;
	char *reason;      /* when !visible: "Baux : réservé à l'agence" */
	struct sheet_source source;
	struct sheet_line *lines;
	size_t nlines;
};

/* Where the dwelling is, and its own columns as stored (NULL for NULL). */
struct sheet_place {
	char dwelling_id[UID_SIZE];
	char entrance_id[UID_SIZE];
	char building_id[UID_SIZE];
	char estate_id[UID_SIZE];
	char *agency;
	char *sector;
	char *estate;
	char *estate_address;
	char *postcode;
	char *town;
	char *building; /* building code */
	char *entrance; /* entrance code */
	char *reference;
	char *rpls_id;
	char *floor;
	char *door;
	char *type;
	char *rooms;
	char *area_m2;
	char *dpe_energy;
	char *dpe_ghg;
	char *dpe_date;
	char *heating;
};

struct sheet {
	struct sheet_place place;
	struct sheet_block blocks[SB_COUNT]; /* in display order */
};

/* Loads the sheet of dwelling_id as who sees it on today (YYYY-MM-DD:
 * current lease, ages). *out is freed with sheet_free. -1 with e set if
 * the dwelling does not exist, is outside who's scope
 * (patrimoine_scope()), or on a database error. */
int sheet_load(struct db *db, const struct user *who, const char *dwelling_id, const char *today,
    struct sheet **out, struct err *e);
void sheet_free(struct sheet *s);

/* The service a role belongs to ("gardien" -> "Proximité"). */
const char *sheet_service(const char *role);

/* French labels of the codes stored in the database, shared with the
 * history: the code itself when unknown, "" for NULL. */
enum sheet_vocab {
	SV_EQUIPMENT,        /* boiler -> Chaudière */
	SV_WORKS,            /* refurbishment -> Remise en état */
	SV_CLAIM_STATUS,     /* forwarded -> transmise */
	SV_WORK_ORDER_STATUS, /* ordered -> commandée */
	SV_INSPECTION_KIND,  /* move_out -> État des lieux de sortie */
	SV_INSPECTION_STATE, /* signed -> signé */
	SV_AMENDMENT,        /* ten_day -> complément sous 10 jours */
};

const char *sheet_label(enum sheet_vocab v, const char *code);

/* Formatting helpers, each returning text the caller frees. */
/* "DUPONT Hélène"; an anonymised tenant reads "locataire anonymisé". */
char *sheet_person(const char *last, const char *first, int anonymised);
/* A user's display name shortened: "Martin Leroy" -> "Martin L.". */
char *sheet_short_name(const char *display_name);
/* Cents as euros: 245000 -> "2 450,00 €". */
char *sheet_money(long long cents);
/* The first line of a text. */
char *sheet_first_line(const char *text);
/* The text with its first letter in lower case, unless it starts an
 * acronym ("Plomberie" -> "plomberie", "VMC" stays). */
char *sheet_lower_first(const char *text);

/* Whole years from one date to another ("YYYY-MM-DD...", the time part
 * ignored): an equipment's age on today. 0 when either is NULL or not a
 * date, or when to comes before from. */
int sheet_years(const char *from, const char *to);

#endif
