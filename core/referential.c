/* Reference data of inspections: the tables of columns, what each accepts
 * and how it is typed and shown, and reading rows. */
#include "referential.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "field.h"
#include "perm.h"
#include "referential_internal.h"
#include "user.h"
#include "xalloc.h"

static const struct field_choice ref_units[] = {
	{"m2", "m²"}, {"ml", "ml"}, {"unit", "unité"}, {"hour", "heure"}, {"flat", "forfait"},
};

static const struct field_choice ref_types[] = {
	{"T1", "T1"}, {"T2", "T2"}, {"T3", "T3"}, {"T4", "T4"}, {"T5", "T5"}, {"T6", "T6"},
};

static const struct field_choice ref_flags[] = {{"1", "oui"}, {"0", "non"}};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define CHOICES(a) .choices = (a), .nchoices = NELEM(a)
#define COLS(a) (a), NELEM(a)

static const struct referential_col wear_cols[] = {
	{"item_kind", "Catégorie", "categorie", RC_KCODE, RCF_UNIQUE | RCF_GUARDED,
	    .max_len = 32},
	{"label", "Libellé", "libelle", RC_TEXT, 0, .max_len = 80},
	{"lifetime_years", "Durée de vie", "duree_de_vie", RC_INT, 0, 1, 100, .unit = "ans"},
	{"franchise_years", "Franchise", "franchise", RC_INT, 0, 0, 99, .unit = "ans"},
	{"yearly_rate_bp", "Taux annuel", "taux_annuel", RC_PERCENT, 0, 0, 10000, .unit = "%"},
	{"residual_bp", "Part résiduelle", "part_residuelle", RC_PERCENT, 0, 0, 10000,
	    .unit = "%"},
};

static const struct referential_col price_cols[] = {
	{"code", "Code", "code", RC_PCODE, RCF_UNIQUE | RCF_GUARDED, .max_len = 24},
	{"label", "Libellé", "libelle", RC_TEXT, 0, .max_len = 120},
	{"unit", "Unité", "unite", RC_CHOICE, 0, CHOICES(ref_units)},
	/* Up to 100 000 € a unit: more is a typing slip. */
	{"unit_price_cents", "Prix unitaire", "prix_unitaire", RC_EUROS, 0, 0, 10000000,
	    .unit = "€"},
	{"item_kind", "Catégorie", "categorie", RC_KIND, RCF_NULLABLE, .max_len = 32},
};

static const struct referential_col template_cols[] = {
	{"name", "Nom", "modele", RC_TEXT, RCF_UNIQUE, .max_len = 80},
	{"dwelling_type", "Type", "type", RC_CHOICE, RCF_NULLABLE, CHOICES(ref_types)},
	{"balcony", "Balcon", "balcon", RC_FLAG, 0, .unit = NULL},
	{"cellar", "Cave", "cave", RC_FLAG, 0, .unit = NULL},
	{"parking", "Parking", "parking", RC_FLAG, 0, .unit = NULL},
};

static const struct referential_col room_cols[] = {
	{"name", "Pièce", "piece", RC_TEXT, 0, .max_len = 80},
};

static const struct referential_col item_cols[] = {
	{"name", "Élément", "element", RC_TEXT, 0, .max_len = 80},
	{"kind", "Catégorie", "categorie", RC_KIND, RCF_OTHER, .max_len = 32},
	{"nature", "Nature", "nature", RC_TEXT, RCF_NULLABLE, .max_len = 60},
};

#define WEAR_GUARD \
	"SELECT 'la catégorie « ' || k || ' » sert encore (' || p || ' prix du bordereau, ' " \
	"|| t || ' éléments de modèles)' FROM (SELECT k, " \
	"(SELECT count(*) FROM price_list WHERE item_kind = k) AS p, " \
	"(SELECT count(*) FROM template_item WHERE kind = k) AS t " \
	"FROM (SELECT item_kind AS k FROM wear_grid WHERE id = ?1)) WHERE p + t > 0"
#define PRICE_GUARD \
	"SELECT 'le code « ' || c || ' » sert à ' || n || ' éléments d''états des lieux' " \
	"FROM (SELECT c, (SELECT count(*) FROM inspection_item WHERE price_code = c) AS n " \
	"FROM (SELECT code AS c FROM price_list WHERE id = ?1)) WHERE n > 0"
#define TEMPLATE_GUARD \
	"SELECT 'le modèle a servi à ' || n || ' états des lieux (renommez-le ou " \
	"modifiez-le plutôt)' FROM (SELECT count(*) AS n FROM inspection WHERE " \
	"template_id = ?1) WHERE n > 0"
#define WEAR_CHECK \
	"SELECT 'la franchise (' || franchise_years || ' ans) doit être inférieure à la " \
	"durée de vie (' || lifetime_years || ' ans)' FROM wear_grid WHERE id = ?1 AND " \
	"franchise_years >= lifetime_years"

static const struct rtable rtables[RT_COUNT] = {
	[RT_WEAR] = {"wear_grid", "Grille de vétusté", NULL, -1, "x.rowid", NULL, WEAR_GUARD,
	    WEAR_CHECK, COLS(wear_cols)},
	[RT_PRICE] = {"price_list", "Bordereau de prix", NULL, -1, "x.code", NULL, PRICE_GUARD,
	    NULL, COLS(price_cols)},
	[RT_TEMPLATE] = {"inspection_template", "Modèle d'état des lieux", NULL, -1,
	    "x.dwelling_type IS NULL, x.dwelling_type, x.balcony, x.cellar, x.parking, x.name",
	    "(SELECT count(*) FROM template_room WHERE template_id = x.id), "
	    "(SELECT count(*) FROM inspection WHERE template_id = x.id)", TEMPLATE_GUARD, NULL,
	    COLS(template_cols)},
	[RT_ROOM] = {"template_room", "Pièce de modèle", "template_id", RT_TEMPLATE,
	    "x.position, x.rowid", "(SELECT count(*) FROM template_item WHERE room_id = x.id), 0",
	    NULL, NULL, COLS(room_cols)},
	[RT_ITEM] = {"template_item", "Élément de modèle", "room_id", RT_ROOM,
	    "x.position, x.rowid", NULL, NULL, NULL, COLS(item_cols)},
};

const struct rtable *
ref_table(enum referential_table t)
{
	return &rtables[t];
}

const struct referential_col *
referential_cols(enum referential_table t, size_t *n)
{
	*n = rtables[t].ncols;
	return rtables[t].cols;
}

const struct referential_col *
referential_col(enum referential_table t, const char *column)
{
	size_t i;

	for (i = 0; column != NULL && i < rtables[t].ncols; i++)
		if (strcmp(rtables[t].cols[i].column, column) == 0)
			return &rtables[t].cols[i];
	return NULL;
}

const char *
referential_table_label(enum referential_table t)
{
	return t < RT_COUNT ? rtables[t].label : "?";
}

int
referential_can_write(const struct user *who)
{
	return who != NULL && perm_can_write(who->role, PG_USERS);
}

const char *
referential_reserved(void)
{
	return "Référentiels des états des lieux : réservé à l'administrateur";
}

/* ---- Checking what is typed ---- */

/* The field layer's checks (UTF-8, control characters, length, ranges,
 * choices) for a column; decimals are hundredths there as here. */
static void
ref_field(const struct referential_col *c, struct field *f)
{
	static const enum field_type types[] = {
		[RC_TEXT] = FT_TEXT, [RC_INT] = FT_INT, [RC_PERCENT] = FT_DECIMAL,
		[RC_EUROS] = FT_DECIMAL, [RC_CHOICE] = FT_CHOICE, [RC_FLAG] = FT_CHOICE,
		[RC_KCODE] = FT_TEXT, [RC_PCODE] = FT_TEXT, [RC_KIND] = FT_TEXT,
	};

	memset(f, 0, sizeof *f);
	f->id = c->column;
	f->label = c->label;
	f->type = types[c->type];
	f->flags = c->flags & RCF_NULLABLE ? FF_NULLABLE : 0;
	f->min = c->min;
	f->max = c->max;
	f->max_len = c->max_len;
	f->choices = c->type == RC_FLAG ? ref_flags : c->choices;
	f->nchoices = c->type == RC_FLAG ? NELEM(ref_flags) : c->nchoices;
}

/* Length of a blank at s (space, tab, no-break spaces), 0 if none. */
static size_t
ref_blank(const char *s)
{
	if (*s == ' ' || *s == '\t')
		return 1;
	if (strncmp(s, "\xc2\xa0", 2) == 0)
		return 2;
	if (strncmp(s, "\xe2\x80\xaf", 3) == 0)
		return 3;
	return 0;
}

/* A number as typed without its blanks ("1 234,50") nor its unit
 * ("15 %", "24,50 €", "7 ans"); the caller frees. */
static char *
ref_strip(const struct referential_col *c, const char *s)
{
	struct buf b;
	size_t k, u;
	char *out;

	buf_init(&b);
	buf_adds(&b, "");
	while (*s != '\0') {
		if ((k = ref_blank(s)) > 0)
			s += k;
		else
			buf_addc(&b, *s++);
	}
	out = buf_steal(&b);
	u = c->unit ? strlen(c->unit) : 0;
	k = strlen(out);
	if (u > 0 && k > u && strcmp(out + k - u, c->unit) == 0)
		out[k - u] = '\0';
	return out;
}

/* "12.85" (field_validate's decimal) into hundredths as text. */
static char *
ref_hundredths(const char *v)
{
	const char *dot = strchr(v, '.');
	long whole = strtol(v, NULL, 10), frac = 0;

	/* Never negative: every range here starts at 0. */
	if (dot != NULL) {
		frac = strtol(dot + 1, NULL, 10);
		if (strlen(dot + 1) == 1)
			frac *= 10;
	}
	return xasprintf("%ld", whole * 100 + frac);
}

/* Codes: ASCII letters in one case, digits and a few marks. */
static int
ref_code(char *v, int upper, const char *marks)
{
	char *p;

	for (p = v; *p != '\0'; p++) {
		if (upper && *p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (!upper && *p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		if (!((*p >= '0' && *p <= '9') || (upper && *p >= 'A' && *p <= 'Z') ||
		    (!upper && *p >= 'a' && *p <= 'z') || strchr(marks, *p) != NULL))
			return -1;
	}
	return 0;
}

static int
ref_finish(const struct referential_col *c, char *v, char **out, struct err *e)
{
	switch (c->type) {
	case RC_PERCENT:
	case RC_EUROS:
		*out = ref_hundredths(v);
		return 0;
	case RC_PCODE:
		if (ref_code(v, 1, "-_.") != 0)
			return err_set(e, "%s : lettres sans accent, chiffres, « - », « _ » ou "
			    "« . » (ex. PEINT-MUR)", c->label);
		break;
	case RC_KCODE:
	case RC_KIND:
		if (ref_code(v, 0, "_") != 0)
			return err_set(e, "%s : lettres minuscules sans accent, chiffres et « _ » "
			    "(ex. floor_covering)", c->label);
		if (strcmp(v, "other") == 0 && !(c->flags & RCF_OTHER))
			return err_set(e, "%s : « other » est réservé aux éléments sans vétusté "
			    "des modèles%s", c->label, c->type == RC_KIND ? " (laissez vide)" : "");
		break;
	default:
		break;
	}
	*out = xstrdup(v);
	return 0;
}

int
referential_check(const struct referential_col *c, const char *input, char **out,
    struct err *e)
{
	struct field f;
	char *s, *v = NULL;
	int rc;

	*out = NULL;
	if (input == NULL)
		input = "";
	ref_field(c, &f);
	if (c->type == RC_INT || c->type == RC_PERCENT || c->type == RC_EUROS)
		s = ref_strip(c, input);
	else
		s = xstrdup(input);
	rc = field_validate(&f, s, &v, e);
	free(s);
	if (rc != 0 || v == NULL)
		return rc;
	rc = ref_finish(c, v, out, e);
	free(v);
	return rc;
}

/* Hundredths as typed: "12,85", "12,5", "15"; euros keep two decimals. */
static char *
ref_decimal(long h, int cents)
{
	const char *sign = h < 0 ? "-" : "";
	long a = h < 0 ? -h : h;

	if (cents)
		return xasprintf("%s%ld,%02ld", sign, a / 100, a % 100);
	if (a % 100 == 0)
		return xasprintf("%s%ld", sign, a / 100);
	if (a % 10 == 0)
		return xasprintf("%s%ld,%ld", sign, a / 100, a % 100 / 10);
	return xasprintf("%s%ld,%02ld", sign, a / 100, a % 100);
}

char *
referential_typed(const struct referential_col *c, const char *stored)
{
	if (stored == NULL)
		return NULL;
	if (c->type == RC_PERCENT || c->type == RC_EUROS)
		return ref_decimal(strtol(stored, NULL, 10), c->type == RC_EUROS);
	if (c->type == RC_FLAG)
		return xstrdup(strcmp(stored, "1") == 0 ? "oui" : "non");
	return xstrdup(stored);
}

char *
referential_shown(const struct referential_col *c, const char *stored)
{
	char *typed, *s;
	size_t i;

	if (stored == NULL)
		return NULL;
	for (i = 0; c->type == RC_CHOICE && i < c->nchoices; i++)
		if (strcmp(c->choices[i].code, stored) == 0)
			return xstrdup(c->choices[i].label);
	typed = referential_typed(c, stored);
	if (c->unit == NULL)
		return typed;
	s = xasprintf("%s %s", typed, c->unit);
	free(typed);
	return s;
}

/* ---- Reading ---- */

static void
ref_row_read(struct db_stmt *st, struct referential_row *r, size_t ncols)
{
	size_t i;

	snprintf(r->id, sizeof r->id, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "");
	r->position = (long)db_col_int(st, 1);
	r->values = xcalloc(ncols, sizeof *r->values);
	for (i = 0; i < ncols; i++)
		r->values[i] = db_col_dup(st, 2 + (int)i);
	r->updated_at = db_col_dup(st, 2 + (int)ncols);
	r->updated_by = db_col_dup(st, 3 + (int)ncols);
	r->count = (long)db_col_int(st, 4 + (int)ncols);
	r->uses = (long)db_col_int(st, 5 + (int)ncols);
}

static char *
ref_list_sql(const struct rtable *t)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	buf_printf(&b, "SELECT x.id, %s", t->parent ? "x.position" : "0");
	for (i = 0; i < t->ncols; i++)
		buf_printf(&b, ", x.%s", t->cols[i].column);
	buf_printf(&b, ", x.updated_at, coalesce(u.login, x.updated_by), %s FROM %s x "
	    "LEFT JOIN user_account u ON u.id = x.updated_by", t->extra ? t->extra : "0, 0",
	    t->table);
	if (t->parent)
		buf_printf(&b, " WHERE x.%s = ?1", t->parent);
	buf_printf(&b, " ORDER BY %s", t->order);
	return buf_steal(&b);
}

int
referential_list(struct db *db, enum referential_table t, const char *parent_id,
    struct referential_row **rows, size_t *n, struct err *e)
{
	const struct rtable *rt = &rtables[t];
	char *sql = ref_list_sql(rt);
	struct db_stmt *st = db_stmt(db, e, sql);
	size_t cap = 0;
	int rc = -1;

	free(sql);
	*rows = NULL;
	*n = 0;
	if (st == NULL || (rt->parent && db_bind(st, e, "t", parent_id) != 0))
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		ref_row_read(st, &(*rows)[(*n)++], rt->ncols);
	}
	if (rc < 0) {
		referential_rows_free(*rows, *n, t);
		*rows = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
referential_rows_free(struct referential_row *rows, size_t n, enum referential_table t)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < rtables[t].ncols; j++)
			free(rows[i].values[j]);
		free(rows[i].values);
		free(rows[i].updated_at);
		free(rows[i].updated_by);
	}
	free(rows);
}

