/* One row of an RPLS file: its values read and checked (floor, rooms,
 * area, year, QPV, DPE date and letters), then where it sits in the
 * patrimoine and the keys that find it again on re-import. */
#include "rpls_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

struct rpls_parser {
	int col;
	const char *(*parse)(struct rpls_row *, const char *);
};

static int rpls_int(const char *s, int *out);
static int rpls_decimal(const char *s, double *out);
static const char *rpls_parse_floor(struct rpls_row *row, const char *v);
static const char *rpls_parse_rooms(struct rpls_row *row, const char *v);
static const char *rpls_parse_area(struct rpls_row *row, const char *v);
static const char *rpls_parse_year(struct rpls_row *row, const char *v);
static const char *rpls_parse_qpv(struct rpls_row *row, const char *v);
static int rpls_date(const char *s, char out[DT_DATE_SIZE]);
static const char *rpls_parse_dpe_date(struct rpls_row *row, const char *v);
static const char *rpls_letter(const char *v, char out[2]);
static const char *rpls_parse_energy(struct rpls_row *row, const char *v);
static const char *rpls_parse_ghg(struct rpls_row *row, const char *v);
static void rpls_bad_value(struct rpls_ctx *x, const struct rpls_row *row, int col,
    const char *why);
static int rpls_row_width(struct rpls_ctx *x, struct csv *c);
static char *rpls_key(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *rpls_first(const char *a, const char *b, const char *fallback);

/* ---- Values ---- */

/* A whole number, optionally signed, of at most 9 digits: 0 ok, -1 not. */
static int
rpls_int(const char *s, int *out)
{
	int neg = 0, n = 0;
	int64_t v = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9' && n < 10; s++, n++)
		v = v * 10 + (*s - '0');
	if (n == 0 || n > 9 || *s != '\0')
		return -1;
	*out = (int)(neg ? -v : v);
	return 0;
}

/* A decimal with a comma or a point, read by hand: strtod follows the
 * locale, and the TUI sets a French one. 0 ok, -1 not. */
static int
rpls_decimal(const char *s, double *out)
{
	double v = 0, scale = 1;
	int digits = 0, point = 0;

	for (; *s != '\0'; s++) {
		if ((*s == ',' || *s == '.') && !point) {
			point = 1;
		} else if (*s >= '0' && *s <= '9' && digits < 15) {
			v = v * 10 + (*s - '0');
			if (point)
				scale *= 10;
			digits++;
		} else
			return -1;
	}
	if (digits == 0)
		return -1;
	*out = v / scale;
	return 0;
}

static const char *
rpls_parse_floor(struct rpls_row *row, const char *v)
{
	static const struct {
		const char *word;
		int floor;
	} words[] = {{"RDC", 0}, {"RC", 0}, {"SS", -1}, {"SOUS-SOL", -1}};
	size_t i;

	row->floor = RPLS_NOFLOOR;
	if (*v == '\0')
		return NULL;
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strcasecmp(v, words[i].word) == 0) {
			row->floor = words[i].floor;
			return NULL;
		}
	}
	if (rpls_int(v, &row->floor) != 0) {
		row->floor = RPLS_NOFLOOR;
		return "n'est pas un étage (nombre, RDC ou SS)";
	}
	if (row->floor < -3 || row->floor > 60) {
		row->floor = RPLS_NOFLOOR;
		return "n'est pas un étage entre -3 et 60";
	}
	return NULL;
}

static const char *
rpls_parse_rooms(struct rpls_row *row, const char *v)
{
	if (*v == '\0')
		return "valeur obligatoire manquante";
	if (rpls_int(v, &row->rooms) != 0)
		return "n'est pas un nombre";
	if (row->rooms < 1 || row->rooms > 20)
		return "n'est pas un nombre de pièces entre 1 et 20";
	return NULL;
}

static const char *
rpls_parse_area(struct rpls_row *row, const char *v)
{
	row->area = 0;
	if (*v == '\0')
		return NULL;
	if (rpls_decimal(v, &row->area) != 0)
		return "n'est pas un nombre";
	row->area = round(row->area * 100) / 100;
	if (row->area <= 0 || row->area >= 1000) {
		row->area = 0;
		return "n'est pas une surface entre 0 et 1000 m²";
	}
	return NULL;
}

static const char *
rpls_parse_year(struct rpls_row *row, const char *v)
{
	row->year = RPLS_NOYEAR;
	if (*v == '\0')
		return NULL;
	if (rpls_int(v, &row->year) != 0) {
		row->year = RPLS_NOYEAR;
		return "n'est pas une année";
	}
	if (row->year < 1800 || row->year > 2100) {
		row->year = RPLS_NOYEAR;
		return "n'est pas une année entre 1800 et 2100";
	}
	return NULL;
}

/* A flag, or the code of the quartier prioritaire itself ("QP069001"). */
static const char *
rpls_parse_qpv(struct rpls_row *row, const char *v)
{
	static const char *const yes[] = {"1", "oui", "o"}, *const no[] = {"", "0", "non", "n"};
	size_t i;

	row->qpv = 1;
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcasecmp(v, yes[i]) == 0)
			return NULL;
	if (strncasecmp(v, "QP", 2) == 0 && v[2] != '\0' &&
	    strspn(v + 2, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
	    == strlen(v + 2))
		return NULL;
	row->qpv = 0;
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcasecmp(v, no[i]) == 0)
			return NULL;
	return "n'est ni 1/0, ni oui/non, ni un code de QPV (QP…)";
}

/* MM/YYYY, DD/MM/YYYY or YYYY-MM-DD into out; 0 ok, -1 not a date. */
static int
rpls_date(const char *s, char out[DT_DATE_SIZE])
{
	int d = 1, m, y, n = -1;
	size_t len = strlen(s);

	if (len == 10 && s[4] == '-' && s[7] == '-') {
		memcpy(out, s, len + 1);
		return dt_date_valid(out) ? 0 : -1;
	}
	if (strspn(s, "0123456789/") != len)
		return -1;
	if (!(sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &n) == 3 && (size_t)n == len) &&
	    !(d = 1, sscanf(s, "%2d/%4d%n", &m, &y, &n) == 2 && (size_t)n == len))
		return -1;
	if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	snprintf(out, DT_DATE_SIZE, "%04d-%02d-%02d", y, m, d);
	return dt_date_valid(out) ? 0 : -1;
}

/* 01/1900 is how RPLS says "no DPE". */
static const char *
rpls_parse_dpe_date(struct rpls_row *row, const char *v)
{
	row->dpe_date[0] = '\0';
	if (*v == '\0')
		return NULL;
	if (rpls_date(v, row->dpe_date) != 0) {
		row->dpe_date[0] = '\0';
		return "n'est pas une date (MM/AAAA, JJ/MM/AAAA ou AAAA-MM-JJ)";
	}
	if (strncmp(row->dpe_date, "1900-", 5) == 0)
		row->dpe_date[0] = '\0';
	return NULL;
}

static const char *
rpls_letter(const char *v, char out[2])
{
	out[0] = out[1] = '\0';
	if (*v == '\0' || strcmp(v, "-") == 0)
		return NULL;
	if (v[1] != '\0' || strchr("ABCDEFGabcdefg", v[0]) == NULL)
		return "n'est pas une étiquette DPE (A à G)";
	out[0] = (char)(v[0] & ~0x20);
	return NULL;
}

static const char *
rpls_parse_energy(struct rpls_row *row, const char *v)
{
	return rpls_letter(v, row->energy);
}

static const char *
rpls_parse_ghg(struct rpls_row *row, const char *v)
{
	return rpls_letter(v, row->ghg);
}

static const struct rpls_parser rpls_parsers[] = {
	{COL_ETAGE, rpls_parse_floor},
	{COL_NBPIECE, rpls_parse_rooms},
	{COL_SURFHAB, rpls_parse_area},
	{COL_CONSTRUCT, rpls_parse_year},
	{COL_QPV, rpls_parse_qpv},
	{COL_DPEDATE, rpls_parse_dpe_date},
	{COL_DPEENERGIE, rpls_parse_energy},
	{COL_DPESERRE, rpls_parse_ghg},
};

/* ---- Rows ---- */

static void
rpls_bad_value(struct rpls_ctx *x, const struct rpls_row *row, int col, const char *why)
{
	char *q;

	if (*row->v[col] == '\0') {
		rpls_problem(x->r, "%s:%ld: %s : %s", x->name, row->line,
		    rpls_colname(x, col), why);
		return;
	}
	q = rpls_quote(row->v[col]);
	rpls_problem(x->r, "%s:%ld: %s : « %s » %s", x->name, row->line,
	    rpls_colname(x, col), q, why);
	free(q);
}

/* Fields beyond the header are tolerated when empty (a separator at the
 * end of each line); otherwise the columns have shifted. */
static int
rpls_row_width(struct rpls_ctx *x, struct csv *c)
{
	size_t i;

	for (i = x->nheader; i < c->nfields; i++) {
		if (*rpls_trim(c->fields[i]) != '\0') {
			rpls_problem(x->r, "%s:%ld: %zu champs au lieu de %zu : un « %c » "
			    "dans une valeur sans guillemets ?", x->name, c->rec_line,
			    c->nfields, x->nheader, x->sep);
			return -1;
		}
	}
	return 0;
}

int
rpls_blank(struct csv *c)
{
	size_t i;

	for (i = 0; i < c->nfields; i++)
		if (*rpls_trim(c->fields[i]) != '\0')
			return 0;
	return 1;
}

/* Reads and checks the values of record c; -1 after reporting each bad
 * value of the row. */
int
rpls_row_read(struct rpls_ctx *x, struct csv *c, struct rpls_row *row)
{
	const char *why;
	size_t i;
	int idx, bad = 0;

	row->line = c->rec_line;
	if (rpls_row_width(x, c) != 0)
		return -1;
	for (i = 0; i < NCOLS; i++) {
		idx = x->col[i];
		row->v[i] = idx >= 0 && (size_t)idx < c->nfields ? rpls_trim(c->fields[idx]) : "";
	}
	for (i = 0; i < sizeof rpls_parsers / sizeof rpls_parsers[0]; i++) {
		why = rpls_parsers[i].parse(row, row->v[rpls_parsers[i].col]);
		if (why != NULL) {
			rpls_bad_value(x, row, rpls_parsers[i].col, why);
			bad = 1;
		}
	}
	if (*row->v[COL_NOMVOIE] == '\0') {
		rpls_bad_value(x, row, COL_NOMVOIE, "valeur obligatoire manquante");
		bad = 1;
	}
	if (*row->v[COL_DEPCOM] == '\0' && *row->v[COL_LIBCOM] == '\0') {
		rpls_bad_value(x, row, x->col[COL_DEPCOM] >= 0 ? COL_DEPCOM : COL_LIBCOM,
		    "commune manquante (DEPCOM ou LIBCOM)");
		bad = 1;
	}
	return bad ? -1 : 0;
}

/* An import key: the formatted text, normalised. The caller frees. */
static char *
rpls_key(const char *fmt, ...)
{
	va_list ap;
	char *raw, *key;

	va_start(ap, fmt);
	raw = xvasprintf(fmt, ap);
	va_end(ap);
	key = rpls_norm(raw);
	free(raw);
	return key;
}

/* A copy of the first non-empty of a, b, else of fallback; the caller
 * frees it. */
static char *
rpls_first(const char *a, const char *b, const char *fallback)
{
	return xstrdup(*a != '\0' ? a : *b != '\0' ? b : fallback);
}

/* Where the row sits in the patrimoine and the keys that find it again. */
void
rpls_row_place(struct rpls_row *row)
{
	const char *const *v = row->v;
	char *number, storey[16] = "";

	row->commune = rpls_norm(*v[COL_DEPCOM] != '\0' ? v[COL_DEPCOM] : v[COL_LIBCOM]);
	row->street = rpls_join(v[COL_TYPVOIE], v[COL_NOMVOIE], NULL);
	row->address = rpls_join(v[COL_NUMVOIE], v[COL_INDREP], v[COL_TYPVOIE],
	    v[COL_NOMVOIE], NULL);
	number = rpls_join(v[COL_NUMVOIE], v[COL_INDREP], NULL);
	row->building = rpls_first(v[COL_BAT], number, "S/N");
	free(number);
	row->entrance = rpls_first(v[COL_ESC], v[COL_ENTREE], "A");
	row->estate_key = rpls_key("RPLS:%s|%s", row->commune, row->street);
	row->building_key = rpls_key("%s|%s", row->estate_key, row->building);
	row->entrance_key = rpls_key("%s|%s", row->building_key, row->entrance);
	if (row->floor != RPLS_NOFLOOR)
		snprintf(storey, sizeof storey, "%d", row->floor);
	if (*v[COL_IDENT_INT] != '\0' || *v[COL_IDENT_REP] != '\0')
		row->reference = rpls_first(v[COL_IDENT_INT], v[COL_IDENT_REP], "");
	else
		row->reference = rpls_key("%s-%s-%s-%s-%s-%s", row->commune, row->address,
		    row->building, row->entrance, storey, v[COL_NUMAPPT]);
	row->dwelling_key = xasprintf("RPLS:%s", row->reference);
}

void
rpls_row_estate(struct rpls_row *row)
{
	const char *const *v = row->v;

	row->default_name = xasprintf("Résidence %s", v[COL_NOMVOIE]);
	row->estate_name = xstrdup(*v[COL_IMMEU] != '\0' ? v[COL_IMMEU] : row->default_name);
	if (*v[COL_FINAN] != '\0' && *v[COL_FINANAUTRE] != '\0')
		row->financing = xasprintf("%s (%s)", v[COL_FINAN], v[COL_FINANAUTRE]);
	else if (*v[COL_FINAN] != '\0' || *v[COL_FINANAUTRE] != '\0')
		row->financing = rpls_first(v[COL_FINAN], v[COL_FINANAUTRE], "");
}

void
rpls_row_clear(struct rpls_row *row)
{
	free(row->commune);
	free(row->street);
	free(row->address);
	free(row->building);
	free(row->entrance);
	free(row->financing);
	free(row->estate_key);
	free(row->building_key);
	free(row->entrance_key);
	free(row->dwelling_key);
	free(row->reference);
	free(row->estate_name);
	free(row->default_name);
	memset(row, 0, sizeof *row);
}
