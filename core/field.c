#include "field.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "datetime.h"
#include "db.h"
#include "user.h"
#include "utf8.h"
#include "xalloc.h"

typedef int (*field_check_fn)(const struct field *, const char *, char **, struct err *);

static int field_check_text(const struct field *, const char *, char **, struct err *);
static int field_check_int(const struct field *, const char *, char **, struct err *);
static int field_check_decimal(const struct field *, const char *, char **, struct err *);
static int field_check_date(const struct field *, const char *, char **, struct err *);
static int field_check_choice(const struct field *, const char *, char **, struct err *);
static int field_check_phone(const struct field *, const char *, char **, struct err *);
static int field_check_email(const struct field *, const char *, char **, struct err *);

static const field_check_fn field_checks[FT_COUNT] = {
	[FT_TEXT] = field_check_text,
	[FT_INT] = field_check_int,
	[FT_DECIMAL] = field_check_decimal,
	[FT_DATE] = field_check_date,
	[FT_CHOICE] = field_check_choice,
	[FT_PHONE] = field_check_phone,
	[FT_EMAIL] = field_check_email,
};

/* How the stored text becomes the column's type: STRICT tables refuse
 * text in a number column, CAST makes the number. */
static const char *const field_casts[FT_COUNT] = {
	[FT_TEXT] = "?1",
	[FT_INT] = "CAST(?1 AS INTEGER)",
	[FT_DECIMAL] = "CAST(?1 AS REAL)",
	[FT_DATE] = "?1",
	[FT_CHOICE] = "?1",
	[FT_PHONE] = "?1",
	[FT_EMAIL] = "?1",
};

static const struct field_choice field_types[] = {
	{"T1", "T1"}, {"T2", "T2"}, {"T3", "T3"}, {"T4", "T4"}, {"T5", "T5"}, {"T6", "T6"},
};

static const struct field_choice field_dpe[] = {
	{"A", "A"}, {"B", "B"}, {"C", "C"}, {"D", "D"}, {"E", "E"}, {"F", "F"}, {"G", "G"},
};

static const struct field_choice field_heating[] = {
	{"gas_individual", "Gaz individuel"},
	{"gas_collective", "Gaz collectif"},
	{"electric", "Électrique"},
	{"district", "Réseau de chaleur"},
	{"heat_pump", "Pompe à chaleur"},
	{"oil", "Fioul"},
	{"wood", "Bois"},
	{"other", "Autre"},
};

#define CHOICES(a) .choices = (a), .nchoices = sizeof(a) / sizeof((a)[0])

/* Personal data of an anonymised tenant stays erased. */
#define TENANT_GUARD \
	"SELECT 'locataire anonymisé, ses coordonnées ne se saisissent plus' " \
	"FROM tenant WHERE id = ?1 AND anonymised = 1"

/* An inspection is edited while a draft only: ready, the parties sign
 * what they read; signed, it is frozen. ?1 is the edited row. */
#define INSPECTION_GUARD(insp) \
	"SELECT CASE i.state WHEN 'signed' THEN 'état des lieux signé : il ne peut plus être " \
	"modifié (faites un avenant)' ELSE 'état des lieux prêt à signer : repassez-le en " \
	"brouillon pour le modifier' END FROM inspection i WHERE i.state <> 'draft' AND i.id = (" \
	insp ")"
#define GUARD_INSPECTION INSPECTION_GUARD("?1")
#define GUARD_ROOM INSPECTION_GUARD("SELECT inspection_id FROM inspection_room WHERE id = ?1")
#define GUARD_ITEM INSPECTION_GUARD("SELECT r.inspection_id FROM inspection_item it " \
	"JOIN inspection_room r ON r.id = it.room_id WHERE it.id = ?1")
#define GUARD_LINE(t) INSPECTION_GUARD("SELECT inspection_id FROM " t " WHERE id = ?1")

static const struct field_choice field_item_states[] = {
	{"n", "neuf"}, {"b", "bon"}, {"u", "usage normal"}, {"m", "mauvais"},
	{"x", "hors service / absent"}, {"v", "non vérifié"},
};

static const struct field_choice field_charges[] = {
	{"tenant", "réparation locative (locataire)"}, {"wear", "vétusté (bailleur)"},
	{"landlord", "bailleur (travaux)"}, {"none", "non imputable"},
};

static const struct field_choice field_meter_kinds[] = {
	{"water_cold", "Eau froide"}, {"water_hot", "Eau chaude"},
	{"elec_single", "Électricité base"}, {"elec_peak", "Électricité heures pleines"},
	{"elec_offpeak", "Électricité heures creuses"}, {"gas", "Gaz"}, {"heat", "Chaleur"},
};

static const struct field_choice field_key_kinds[] = {
	{"door", "Porte palière"}, {"mailbox", "Boîte aux lettres"}, {"cellar", "Cave"},
	{"badge", "Badge d'accès"}, {"garage_remote", "Télécommande de parking"},
	{"bike_room", "Local vélos"}, {"bins_room", "Local poubelles"}, {"other", "Autre accès"},
};

static const struct field_choice field_yes_no[] = {{"1", "oui"}, {"0", "non"}};

#define INSP_TEXT(fid, lab, tab, col, len, gd) \
	{.id = fid, .label = lab, .table = tab, .column = col, .type = FT_TEXT, \
	    .group = PG_INSPECTIONS, .flags = FF_NULLABLE, .max_len = len, .guard = gd}

static const struct field fields[] = {
	{.id = "dwelling.door", .label = "Porte", .table = "dwelling", .column = "door",
	    .type = FT_TEXT, .group = PG_TECHNICAL, .flags = FF_NULLABLE, .max_len = 10},
	{.id = "dwelling.floor", .label = "Étage", .table = "dwelling", .column = "floor",
	    .type = FT_INT, .group = PG_TECHNICAL, .flags = FF_NULLABLE, .min = -3, .max = 60},
	{.id = "dwelling.type", .label = "Type", .table = "dwelling", .column = "type",
	    .type = FT_CHOICE, .group = PG_TECHNICAL, CHOICES(field_types)},
	{.id = "dwelling.rooms", .label = "Pièces", .table = "dwelling", .column = "rooms",
	    .type = FT_INT, .group = PG_TECHNICAL, .flags = FF_NULLABLE, .min = 1, .max = 20},
	{.id = "dwelling.area_m2", .label = "Surface habitable", .table = "dwelling",
	    .column = "area_m2", .type = FT_DECIMAL, .group = PG_TECHNICAL,
	    .flags = FF_NULLABLE, .min = 100, .max = 99999, .unit = "m²"},
	{.id = "dwelling.dpe_energy", .label = "DPE énergie", .table = "dwelling",
	    .column = "dpe_energy", .type = FT_CHOICE, .group = PG_TECHNICAL,
	    .flags = FF_NULLABLE, CHOICES(field_dpe)},
	{.id = "dwelling.dpe_ghg", .label = "DPE gaz à effet de serre", .table = "dwelling",
	    .column = "dpe_ghg", .type = FT_CHOICE, .group = PG_TECHNICAL,
	    .flags = FF_NULLABLE, CHOICES(field_dpe)},
	{.id = "dwelling.dpe_date", .label = "Date du DPE", .table = "dwelling",
	    .column = "dpe_date", .type = FT_DATE, .group = PG_TECHNICAL, .flags = FF_NULLABLE},
	{.id = "dwelling.heating", .label = "Chauffage", .table = "dwelling",
	    .column = "heating", .type = FT_CHOICE, .group = PG_TECHNICAL,
	    .flags = FF_NULLABLE, CHOICES(field_heating)},
	{.id = "tenant.phone", .label = "Téléphone", .table = "tenant", .column = "phone",
	    .type = FT_PHONE, .group = PG_TENANT_CONTACT, .flags = FF_NULLABLE, .max_len = 24,
	    .guard = TENANT_GUARD},
	{.id = "tenant.email", .label = "Courriel", .table = "tenant", .column = "email",
	    .type = FT_EMAIL, .group = PG_TENANT_CONTACT, .flags = FF_NULLABLE,
	    .max_len = 254, .guard = TENANT_GUARD},
	{.id = "note.text", .label = "Note", .table = "note", .column = "text",
	    .type = FT_TEXT, .group = PG_LOGBOOK, .flags = FF_MULTILINE, .max_len = 2000},
	/* États des lieux. */
	{.id = "inspection.planned_date", .label = "Date prévue", .table = "inspection",
	    .column = "planned_date", .type = FT_DATE, .group = PG_INSPECTIONS,
	    .flags = FF_NULLABLE, .guard = GUARD_INSPECTION},
	INSP_TEXT("inspection.landlord_name", "Nom du bailleur", "inspection", "landlord_name", 120,
	    GUARD_INSPECTION),
	INSP_TEXT("inspection.landlord_address", "Adresse du bailleur", "inspection",
	    "landlord_address", 200, GUARD_INSPECTION),
	INSP_TEXT("inspection.tenant_new_address", "Nouvelle adresse du locataire", "inspection",
	    "tenant_new_address", 200, GUARD_INSPECTION),
	{.id = "inspection.observations", .label = "Observations générales", .table = "inspection",
	    .column = "observations", .type = FT_TEXT, .group = PG_INSPECTIONS,
	    .flags = FF_NULLABLE | FF_MULTILINE, .max_len = 2000, .guard = GUARD_INSPECTION},
	{.id = "inspection_room.name", .label = "Nom de la pièce", .table = "inspection_room",
	    .column = "name", .type = FT_TEXT, .group = PG_INSPECTIONS, .max_len = 80,
	    .guard = GUARD_ROOM},
	{.id = "inspection_item.name", .label = "Élément", .table = "inspection_item",
	    .column = "name", .type = FT_TEXT, .group = PG_INSPECTIONS, .max_len = 80,
	    .guard = GUARD_ITEM},
	INSP_TEXT("inspection_item.nature", "Nature", "inspection_item", "nature", 60, GUARD_ITEM),
	INSP_TEXT("inspection_item.comment", "Observations", "inspection_item", "comment", 500,
	    GUARD_ITEM),
	{.id = "inspection_item.state", .label = "État", .table = "inspection_item",
	    .column = "state", .type = FT_CHOICE, .group = PG_INSPECTIONS, .flags = FF_NULLABLE,
	    CHOICES(field_item_states), .guard = GUARD_ITEM},
	{.id = "inspection_item.charge", .label = "À la charge de", .table = "inspection_item",
	    .column = "charge", .type = FT_CHOICE, .group = PG_INSPECTIONS, .flags = FF_NULLABLE,
	    CHOICES(field_charges), .guard = GUARD_ITEM},
	{.id = "inspection_item.quantity", .label = "Quantité", .table = "inspection_item",
	    .column = "quantity", .type = FT_DECIMAL, .group = PG_INSPECTIONS,
	    .flags = FF_NULLABLE, .min = 0, .max = 100000, .guard = GUARD_ITEM},
	INSP_TEXT("inspection_item.price_code", "Prix (code du bordereau)", "inspection_item",
	    "price_code", 24, GUARD_ITEM),
	{.id = "inspection_meter.kind", .label = "Compteur", .table = "inspection_meter",
	    .column = "kind", .type = FT_CHOICE, .group = PG_INSPECTIONS,
	    CHOICES(field_meter_kinds), .guard = GUARD_LINE("inspection_meter")},
	INSP_TEXT("inspection_meter.serial", "Numéro du compteur", "inspection_meter", "serial", 40,
	    GUARD_LINE("inspection_meter")),
	{.id = "inspection_meter.reading", .label = "Index relevé", .table = "inspection_meter",
	    .column = "reading", .type = FT_DECIMAL, .group = PG_INSPECTIONS,
	    .flags = FF_NULLABLE, .min = 0, .max = 99999999999L,
	    .guard = GUARD_LINE("inspection_meter")},
	{.id = "inspection_key.kind", .label = "Clé ou accès", .table = "inspection_key",
	    .column = "kind", .type = FT_CHOICE, .group = PG_INSPECTIONS,
	    CHOICES(field_key_kinds), .guard = GUARD_LINE("inspection_key")},
	{.id = "inspection_key.given", .label = "Nombre remis", .table = "inspection_key",
	    .column = "given", .type = FT_INT, .group = PG_INSPECTIONS, .min = 0, .max = 99,
	    .guard = GUARD_LINE("inspection_key")},
	{.id = "inspection_key.returned", .label = "Nombre rendu", .table = "inspection_key",
	    .column = "returned", .type = FT_INT, .group = PG_INSPECTIONS, .flags = FF_NULLABLE,
	    .min = 0, .max = 99, .guard = GUARD_LINE("inspection_key")},
	{.id = "inspection_party.name", .label = "Nom", .table = "inspection_party",
	    .column = "name", .type = FT_TEXT, .group = PG_INSPECTIONS, .max_len = 120,
	    .guard = GUARD_LINE("inspection_party")},
	{.id = "inspection_party.present", .label = "Présent(e)", .table = "inspection_party",
	    .column = "present", .type = FT_CHOICE, .group = PG_INSPECTIONS,
	    CHOICES(field_yes_no), .guard = GUARD_LINE("inspection_party")},
	INSP_TEXT("inspection_party.mandate", "Mandat (procuration)", "inspection_party", "mandate",
	    200, GUARD_LINE("inspection_party")),
};

#define NFIELDS (sizeof fields / sizeof fields[0])

const struct field *
field_find(const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < NFIELDS; i++)
		if (strcmp(fields[i].id, id) == 0)
			return &fields[i];
	return NULL;
}

const struct field *
field_all(size_t *n)
{
	*n = NFIELDS;
	return fields;
}

const char *
field_choice_label(const struct field *f, const char *code)
{
	size_t i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < f->nchoices; i++)
		if (strcmp(f->choices[i].code, code) == 0)
			return f->choices[i].label;
	return code;
}

/* ---- Validation ---- */

static int
field_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Returns a copy of s without surrounding blanks; the caller frees. */
static char *
field_trim(const char *s)
{
	size_t n;

	while (field_space((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && field_space((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static int
field_check_text(const struct field *f, const char *s, char **out, struct err *e)
{
	size_t len = strlen(s), i = 0, pos = 0;
	uint32_t cp;
	int n;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return err_set(e, "Texte invalide : caractères non UTF-8");
		pos++;
		if ((cp < 0x20 && !(cp == '\n' && (f->flags & FF_MULTILINE))) || cp == 0x7f ||
		    (cp >= 0x80 && cp < 0xa0))
			return err_set(e, "Caractère de contrôle non permis (caractère %zu)",
			    pos);
		i += (size_t)n;
	}
	*out = xstrdup(s);
	return 0;
}

/* Reads [+-]digits (at most nine of them) into *v; returns the number of
 * bytes read, 0 if none. */
static size_t
field_digits(const char *s, long *v, int *ndigits)
{
	size_t i = 0;

	*v = 0;
	*ndigits = 0;
	while (s[i] >= '0' && s[i] <= '9') {
		if (*ndigits == 9)
			return 0;
		*v = *v * 10 + (s[i] - '0');
		(*ndigits)++;
		i++;
	}
	return i;
}

static int
field_parse_int(const char *s, long *v)
{
	int neg = 0, nd;
	size_t n;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	n = field_digits(s, v, &nd);
	if (n == 0 || s[n] != '\0')
		return 0;
	if (neg)
		*v = -*v;
	return 1;
}

static int
field_check_int(const struct field *f, const char *s, char **out, struct err *e)
{
	long v;

	if (!field_parse_int(s, &v) || v < f->min || v > f->max)
		return err_set(e, "Nombre entier attendu, entre %ld et %ld", f->min, f->max);
	*out = xasprintf("%ld", v);
	return 0;
}

/* "54,5", "54.50", "-3" into hundredths; not strtod(), whose decimal
 * point follows the locale. */
static int
field_parse_decimal(const char *s, long *hundredths)
{
	long whole, frac = 0;
	int neg = 0, nd, nf = 0;
	size_t n;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	n = field_digits(s, &whole, &nd);
	if (n == 0)
		return 0;
	s += n;
	if (*s == ',' || *s == '.') {
		s++;
		n = field_digits(s, &frac, &nf);
		if (n == 0 || nf > 2)
			return 0;
		s += n;
		if (nf == 1)
			frac *= 10;
	}
	if (*s != '\0')
		return 0;
	*hundredths = (whole * 100 + frac) * (neg ? -1 : 1);
	return 1;
}

/* Hundredths as a French decimal: "54,5", "1", "999,99". */
static void
field_fmt_hundredths(long v, int comma, char *out, size_t size)
{
	const char *sign = v < 0 ? "-" : "";
	long a = v < 0 ? -v : v;

	if (a % 100 == 0)
		snprintf(out, size, "%s%ld", sign, a / 100);
	else if (a % 10 == 0)
		snprintf(out, size, "%s%ld%c%ld", sign, a / 100, comma ? ',' : '.', a % 100 / 10);
	else
		snprintf(out, size, "%s%ld%c%02ld", sign, a / 100, comma ? ',' : '.', a % 100);
}

static int
field_check_decimal(const struct field *f, const char *s, char **out, struct err *e)
{
	char lo[32], hi[32], v[32];
	long h;

	if (!field_parse_decimal(s, &h) || h < f->min || h > f->max) {
		field_fmt_hundredths(f->min, 1, lo, sizeof lo);
		field_fmt_hundredths(f->max, 1, hi, sizeof hi);
		return err_set(e, "Nombre décimal attendu (ex. 54,5), entre %s et %s", lo, hi);
	}
	field_fmt_hundredths(h, 0, v, sizeof v);
	*out = xstrdup(v);
	return 0;
}

static int
field_check_date(const struct field *f, const char *s, char **out, struct err *e)
{
	char iso[48];
	int d, m, y, n = 0;

	if (dt_date_valid(s)) {
		*out = xstrdup(s);
		return 0;
	}
	/* The French way of writing it, turned into ISO. */
	if (sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &n) == 3 && s[n] == '\0' && y >= 1000 &&
	    d > 0 && m > 0) {
		snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
		if (dt_date_valid(iso)) {
			*out = xstrdup(iso);
			return 0;
		}
	}
	return err_set(e, "Date au format AAAA-MM-JJ attendue (ex. 2024-03-31)");
}

static int
field_check_choice(const struct field *f, const char *s, char **out, struct err *e)
{
	struct buf b;
	size_t i;

	for (i = 0; i < f->nchoices; i++) {
		if (strcasecmp(f->choices[i].code, s) == 0 ||
		    strcasecmp(f->choices[i].label, s) == 0) {
			*out = xstrdup(f->choices[i].code);
			return 0;
		}
	}
	buf_init(&b);
	for (i = 0; i < f->nchoices; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", f->choices[i].label);
	err_set(e, "Choix parmi : %s", b.data ? b.data : "");
	buf_free(&b);
	return -1;
}

/* French numbers in pairs ("06 12 34 56 78", "+33 6 12 34 56 78"); other
 * international numbers kept as typed. */
static int
field_check_phone(const struct field *f, const char *s, char **out, struct err *e)
{
	char digits[32];
	size_t i, nd = 0;
	int plus = s[0] == '+';

	for (i = plus; s[i] != '\0'; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (nd + 1 >= sizeof digits)
				goto bad;
			digits[nd++] = s[i];
		} else if (strchr(" .-()", s[i]) == NULL) {
			goto bad;
		}
	}
	digits[nd] = '\0';
	if (nd < 6 || nd > 15)
		goto bad;
	if (!plus && nd == 10 && digits[0] == '0')
		*out = xasprintf("%.2s %.2s %.2s %.2s %.2s", digits, digits + 2, digits + 4,
		    digits + 6, digits + 8);
	else if (plus && nd == 11 && strncmp(digits, "33", 2) == 0)
		*out = xasprintf("+33 %.1s %.2s %.2s %.2s %.2s", digits + 2, digits + 3,
		    digits + 5, digits + 7, digits + 9);
	else
		*out = xstrdup(s);
	return 0;
bad:
	return err_set(e, "Numéro de téléphone attendu (ex. 06 12 34 56 78 ou "
	    "+33 6 12 34 56 78)");
}

static int
field_check_email(const struct field *f, const char *s, char **out, struct err *e)
{
	const char *at = strchr(s, '@'), *dom, *p;
	char *v;

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL)
		goto bad;
	dom = at + 1;
	if (*dom == '.' || strchr(dom, '.') == NULL || strstr(dom, "..") != NULL ||
	    dom[strlen(dom) - 1] == '.')
		goto bad;
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || strchr("<>()[]\\,;:\"", *p) != NULL)
			goto bad;
	v = xstrdup(s);
	for (p = v + (dom - s); *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			v[p - v] = (char)(*p - 'A' + 'a');
	*out = v;
	return 0;
bad:
	return err_set(e, "Adresse électronique attendue (ex. prenom.nom@exemple.fr)");
}

int
field_validate(const struct field *f, const char *input, char **normalised, struct err *e)
{
	char *s = NULL;
	int rc = -1;

	*normalised = NULL;
	if (input == NULL)
		input = "";
	if (!utf8_valid(input, strlen(input)))
		return err_set(e, "Texte invalide : caractères non UTF-8");
	s = field_trim(input);
	if (*s == '\0') {
		if (f->flags & FF_NULLABLE)
			rc = 0;
		else
			err_set(e, "Valeur obligatoire : « %s » ne peut pas rester vide",
			    f->label);
		goto out;
	}
	if (f->max_len > 0 && utf8_length(s) > f->max_len) {
		err_set(e, "Texte trop long : %zu caractères au plus", f->max_len);
		goto out;
	}
	rc = field_checks[f->type](f, s, normalised, e);
out:
	free(s);
	return rc;
}

/* ---- Permissions, saving, reading ---- */

char *
field_reserved(enum perm_group g)
{
	const char *owner = perm_group_owner(g);

	/* "réservé à le service..." reads "réservé au service...". */
	if (strncmp(owner, "le ", 3) == 0)
		return xasprintf("%s : réservé au %s", perm_group_label(g), owner + 3);
	if (strncmp(owner, "les ", 4) == 0)
		return xasprintf("%s : réservé aux %s", perm_group_label(g), owner + 4);
	if (strncmp(owner, "service ", 8) == 0)
		return xasprintf("%s : réservé au %s", perm_group_label(g), owner);
	return xasprintf("%s : réservé à %s", perm_group_label(g), owner);
}

static int
field_refuse(const struct user *who, const struct field *f, struct err *e)
{
	char *why = field_reserved(f->group);

	err_set(e, "Modification refusée : le rôle %s ne peut pas modifier « %s » (%s)",
	    user_role_label(who->role), f->label, why);
	free(why);
	return -1;
}

/* -1 (e set) when the row is missing or guarded, else 1 if the stored
 * value already equals value, 0 if it differs. Inside the transaction. */
static int
field_compare(struct db *db, const struct field *f, const char *row_id, const char *value,
    struct err *e)
{
	char *sql, *why;
	int64_t same = 0;
	int rc;

	if (f->guard != NULL) {
		err_clear(e);
		why = db_text(db, e, f->guard, "t", row_id);
		if (why != NULL) {
			err_set(e, "Modification refusée : %s", why);
			free(why);
			return -1;
		}
		if (e->msg[0] != '\0')
			return -1;
	}
	sql = xasprintf("SELECT %s IS %s FROM %s WHERE id = ?2", f->column,
	    field_casts[f->type], f->table);
	rc = db_int(db, e, &same, sql, "tt", value, row_id);
	free(sql);
	if (rc == 0)
		return err_set(e, "Modification refusée : fiche introuvable (%s %s), "
		    "supprimée entre-temps ?", f->table, row_id);
	return rc < 0 ? -1 : same != 0;
}

int
field_save(struct db *db, const struct user *who, const struct field *f,
    const char *row_id, const char *input, struct err *e)
{
	char *value = NULL, *sql = NULL, now[DT_STAMP_SIZE];
	int rc = -1, same;

	if (!perm_can_write(who->role, f->group))
		return field_refuse(who, f, e);
	if (field_validate(f, input, &value, e) != 0)
		return -1;
	if (db_begin(db, e) != 0)
		goto out;
	same = field_compare(db, f, row_id, value, e);
	if (same < 0)
		goto fail;
	if (same == 0) {
		sql = xasprintf("UPDATE %s SET %s = %s, updated_at = ?2, updated_by = ?3 "
		    "WHERE id = ?4", f->table, f->column, field_casts[f->type]);
		dt_now(now);
		if (db_run(db, e, sql, "tttt", value, now, who->id, row_id) != 0) {
			err_prefix(e, "Enregistrement impossible : ");
			goto fail;
		}
	}
	if (db_commit(db, e) != 0)
		goto out;
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	free(sql);
	free(value);
	return rc;
}

char *
field_get(struct db *db, const struct field *f, const char *row_id, struct err *e)
{
	struct db_stmt *st;
	char *sql, *v = NULL, buf[32];
	long h;
	int rc;

	err_clear(e);
	sql = xasprintf("SELECT %s FROM %s WHERE id = ?", f->column, f->table);
	st = db_stmt(db, e, sql);
	free(sql);
	if (st == NULL || db_bind(st, e, "t", row_id) != 0)
		return NULL;
	rc = db_step(st, e);
	if (rc == 0) {
		err_set(e, "fiche introuvable (%s %s)", f->table, row_id);
		return NULL;
	}
	if (rc < 0 || db_col_is_null(st, 0))
		goto out;
	if (f->type == FT_DECIMAL) {
		/* Rounded the way it is typed: hundredths, French comma. */
		h = (long)(db_col_double(st, 0) * 100 + (db_col_double(st, 0) < 0 ? -0.5 : 0.5));
		field_fmt_hundredths(h, 1, buf, sizeof buf);
		v = xstrdup(buf);
	} else {
		v = db_col_dup(st, 0);
	}
out:
	while (rc == 1)
		rc = db_step(st, NULL);
	return v;
}

char *
field_display(const struct field *f, const char *raw)
{
	char *v, *p;
	size_t n;

	if (raw == NULL)
		return NULL;
	if (f->type == FT_CHOICE)
		return xstrdup(field_choice_label(f, raw));
	v = xstrdup(raw);
	if (f->type == FT_DECIMAL) {
		/* SQLite writes 60.0 and 54.25; a sheet shows 60 and 54,25. */
		n = strlen(v);
		if (n > 2 && strcmp(v + n - 2, ".0") == 0)
			v[n - 2] = '\0';
		if ((p = strchr(v, '.')) != NULL)
			*p = ',';
	}
	if (f->unit != NULL) {
		p = xasprintf("%s %s", v, f->unit);
		free(v);
		v = p;
	}
	return v;
}
