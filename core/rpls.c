#include "rpls.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "datetime.h"
#include "db.h"
#include "uid.h"
#include "utf8.h"
#include "xalloc.h"

/* The columns Loge reads. A header "X_CODE" (newer files) counts as "X". */
#define RPLS_COLUMNS \
	X(IDENT_REP) X(IDENT_INT) X(DEPCOM) X(CODEPOSTAL) X(LIBCOM) X(NUMVOIE) \
	X(INDREP) X(TYPVOIE) X(NOMVOIE) X(NUMAPPT) X(ESC) X(ENTREE) X(ETAGE) \
	X(BAT) X(IMMEU) X(NBPIECE) X(SURFHAB) X(CONSTRUCT) X(QPV) X(FINAN) \
	X(FINANAUTRE) X(DPEDATE) X(DPEENERGIE) X(DPESERRE)

enum {
#define X(n) COL_##n,
	RPLS_COLUMNS
#undef X
	NCOLS
};

static const char *const rpls_colnames[NCOLS] = {
#define X(n) #n,
	RPLS_COLUMNS
#undef X
};

/* RPLS columns Loge has no place for: expected in real files, so ignored
 * without a warning; any other unknown column is more likely a typo. */
static const char *const rpls_unused[] = {
	"NUMBOITE", "COULOIR", "COMPLIDENT", "COMPLGEO", "LIEUDIT", "TYPECONST",
	"LOCAT", "PATRIMOINE", "ORIGINE", "CONV", "NUMCONV", "DATCONV", "NEWLOGT",
	"CUS", "SRU_EXPIR", "SRU_ALINEA", "CODSEGPATRIM", "LIBSEGPATRIM", "DROIT",
};

/* Absent numbers travel to SQL as these values and become NULL there
 * (nullif), since a bound parameter cannot be "maybe an int". The SQL
 * below writes the 0 of RPLS_NOYEAR and of an absent area as is. */
#define RPLS_NOFLOOR 99
#define RPLS_NOYEAR 0
#define RPLS_STR_(x) #x
#define RPLS_STR(x) RPLS_STR_(x)

#define RPLS_QUOTE_MAX 40 /* code points of a value quoted in a message */

struct rpls_row {
	long line;
	const char *v[NCOLS]; /* trimmed values, "" when absent */
	int floor;            /* RPLS_NOFLOOR if none */
	int rooms;
	double area;          /* 0 if none */
	int year;             /* RPLS_NOYEAR if none */
	int qpv;
	char dpe_date[DT_DATE_SIZE];
	char energy[2], ghg[2];
	/* Derived; owned by the row. */
	char *commune, *street, *address, *building, *entrance, *financing;
	char *estate_key, *building_key, *entrance_key, *dwelling_key;
	char *reference, *estate_name, *default_name;
};

struct rpls_ctx {
	struct db *db;
	const char *name;
	const char *user;
	char stamp[DT_STAMP_SIZE];
	char sector[UID_SIZE]; /* --sector, else "" */
	int col[NCOLS];        /* field index of each column, -1 if absent */
	char *colname[NCOLS];  /* as written in the header, for messages */
	size_t nheader;
	char sep;
	struct rpls_report *r;
};

struct rpls_parser {
	int col;
	const char *(*parse)(struct rpls_row *, const char *);
};

static void rpls_problem(struct rpls_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
rpls_problem(struct rpls_report *r, const char *fmt, ...)
{
	va_list ap;

	if (r->nproblems >= RPLS_MAX_PROBLEMS) {
		r->dropped++;
		return;
	}
	va_start(ap, fmt);
	r->problems = xreallocarray(r->problems, r->nproblems + 1, sizeof *r->problems);
	r->problems[r->nproblems++] = xvasprintf(fmt, ap);
	va_end(ap);
}

void
rpls_report_free(struct rpls_report *r)
{
	size_t i;

	for (i = 0; i < r->nproblems; i++)
		free(r->problems[i]);
	free(r->problems);
	memset(r, 0, sizeof *r);
}

/* ---- Text ---- */

/* Windows-1252 for 0x80..0x9f, where Latin-1 has only control codes: files
 * saved by spreadsheets on Windows write œ, ’ and € there. 0 = unassigned,
 * kept as the Latin-1 control code. */
static const uint16_t rpls_cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

/* Returns a UTF-8 copy of Latin-1 / Windows-1252 text; the caller frees. */
static char *
rpls_from_cp1252(const char *s, size_t len, size_t *outlen)
{
	char *out = xmalloc(len * 3 + 1), *o = out;
	unsigned char c;
	size_t i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x80 && c < 0xa0 && rpls_cp1252[c - 0x80] != 0)
			o += utf8_encode(rpls_cp1252[c - 0x80], o);
		else
			o += utf8_encode(c, o);
	}
	*o = '\0';
	*outlen = (size_t)(o - out);
	return out;
}

/* A file that is not valid UTF-8 is read as Latin-1; if its start was
 * UTF-8 with accents, it mixes both and some accents will be wrong. */
static void
rpls_mixed(struct rpls_ctx *x, const char *data, size_t len)
{
	size_t bad = utf8_invalid_at(data, len), i;
	long line = 1;
	int accents = 0;

	for (i = 0; i < bad; i++) {
		line += data[i] == '\n';
		accents |= (unsigned char)data[i] >= 0x80;
	}
	if (accents)
		rpls_problem(x->r, "%s:%ld: UTF-8 et Latin-1 mélangés : fichier lu en Latin-1, "
		    "vérifiez les accents", x->name, line);
}

/* Returns the file's text as UTF-8 without BOM (the caller frees), or NULL
 * with e set if it is not a text file. */
static char *
rpls_decode(struct rpls_ctx *x, const char *data, size_t len, size_t *outlen,
    struct err *e)
{
	size_t i;

	if (len >= 2 && ((data[0] == '\xff' && data[1] == '\xfe') ||
	    (data[0] == '\xfe' && data[1] == '\xff'))) {
		err_set(e, "%s : fichier en UTF-16 : enregistrez-le en UTF-8 ou en "
		    "Latin-1 (CSV)", x->name);
		return NULL;
	}
	if (memchr(data, '\0', len) != NULL) {
		err_set(e, "%s : octets nuls dans le fichier : ce n'est pas un fichier "
		    "texte (CSV)", x->name);
		return NULL;
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	for (i = 0; i < len && strchr(" \t\r\n", data[i]) != NULL; i++)
		;
	if (i == len) {
		err_set(e, "%s : fichier vide", x->name);
		return NULL;
	}
	if (utf8_valid(data, len)) {
		*outlen = len;
		return xstrndup(data, len);
	}
	rpls_mixed(x, data, len);
	return rpls_from_cp1252(data, len, outlen);
}

/* Upper case for ASCII and the Latin letters of French; keys compare
 * "Allée" and "ALLEE" apart but "allée" and "ALLÉE" together. */
static uint32_t
rpls_upper(uint32_t cp)
{
	if (cp >= 'a' && cp <= 'z')
		return cp - 0x20;
	if (cp >= 0xe0 && cp <= 0xfe && cp != 0xf7)
		return cp - 0x20;
	if (cp == 0x153)
		return 0x152;
	if (cp == 0xff)
		return 0x178;
	return cp;
}

/* Returns s in upper case with runs of blanks made one space and no blank
 * at either end: the form of every import key. The caller frees. */
static char *
rpls_norm(const char *s)
{
	struct buf b;
	char enc[4];
	uint32_t cp;
	size_t len = strlen(s);
	int n, blank = 0;

	buf_init(&b);
	while (len > 0) {
		n = utf8_decode(s, len, &cp);
		if (n == 0)
			n = 1;
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
			blank = b.len > 0;
		} else {
			if (blank)
				buf_addc(&b, ' ');
			blank = 0;
			buf_add(&b, enc, (size_t)utf8_encode(rpls_upper(cp), enc));
		}
		s += n;
		len -= (size_t)n;
	}
	return buf_steal(&b);
}

/* Joins the non-empty strings of a NULL-terminated list with spaces. The
 * caller frees the result. */
static char *
rpls_join(const char *first, ...)
{
	struct buf b;
	const char *s;
	va_list ap;

	buf_init(&b);
	va_start(ap, first);
	for (s = first; s != NULL; s = va_arg(ap, const char *)) {
		if (*s == '\0')
			continue;
		if (b.len > 0)
			buf_addc(&b, ' ');
		buf_adds(&b, s);
	}
	va_end(ap);
	return buf_steal(&b);
}

/* A value as quoted in a message, cut if long. The caller frees. */
static char *
rpls_quote(const char *v)
{
	size_t i, n = 0;

	for (i = 0; v[i] != '\0'; i++)
		if (((unsigned char)v[i] & 0xc0) != 0x80 && ++n > RPLS_QUOTE_MAX)
			return xasprintf("%.*s…", (int)i, v);
	return xstrdup(v);
}

static char *
rpls_trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static const char *
rpls_nz(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

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

/* ---- Header ---- */

/* A header name as Loge compares it: upper case, without the "_CODE" of
 * newer files. The caller frees. */
static char *
rpls_colkey(const char *raw)
{
	char *k = rpls_norm(raw);
	size_t n = strlen(k);

	if (n > 5 && strcmp(k + n - 5, "_CODE") == 0)
		k[n - 5] = '\0';
	return k;
}

static int
rpls_col_find(const char *key)
{
	int i;

	for (i = 0; i < NCOLS; i++)
		if (strcmp(rpls_colnames[i], key) == 0)
			return i;
	return -1;
}

/* Columns of real RPLS files that Loge does not keep, and the labels that
 * go with coded columns ("DPEENERGIE_LIBELLE"). */
static int
rpls_col_unused(const char *key)
{
	size_t i, n = strlen(key);

	if (n == 0 || (n > 8 && strcmp(key + n - 8, "_LIBELLE") == 0))
		return 1;
	for (i = 0; i < sizeof rpls_unused / sizeof rpls_unused[0]; i++)
		if (strcmp(rpls_unused[i], key) == 0)
			return 1;
	return 0;
}

static int
rpls_header_check(struct rpls_ctx *x, long line, int found, struct err *e)
{
	static const struct {
		int col, alt;
		const char *label;
	} required[] = {
		{COL_DEPCOM, COL_LIBCOM, "DEPCOM ou LIBCOM"},
		{COL_NOMVOIE, -1, "NOMVOIE"},
		{COL_NBPIECE, -1, "NBPIECE"},
	};
	struct buf missing;
	size_t i;
	int rc = 0;

	if (found == 0)
		return err_set(e, "%s:%ld: aucune colonne RPLS reconnue dans la première "
		    "ligne (DEPCOM, NOMVOIE, NBPIECE…) : la ligne d'en-tête manque-t-elle ?",
		    x->name, line);
	buf_init(&missing);
	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (x->col[required[i].col] >= 0 ||
		    (required[i].alt >= 0 && x->col[required[i].alt] >= 0))
			continue;
		buf_printf(&missing, "%s%s", missing.len ? ", " : "", required[i].label);
	}
	if (missing.len > 0)
		rc = err_set(e, "%s:%ld: colonnes obligatoires absentes : %s", x->name, line,
		    missing.data);
	buf_free(&missing);
	return rc;
}

/* Reads the first record as the header: which field holds which column. */
static int
rpls_header(struct rpls_ctx *x, struct csv *c, struct err *e)
{
	struct buf unknown;
	char *key, *q;
	size_t i;
	int col, found = 0, rc;

	if ((rc = csv_next(c, e)) <= 0)
		return rc < 0 ? -1 : err_set(e, "%s : fichier vide", x->name);
	for (i = 0; i < NCOLS; i++)
		x->col[i] = -1;
	x->nheader = c->nfields;
	buf_init(&unknown);
	for (i = 0; i < c->nfields; i++) {
		key = rpls_colkey(c->fields[i]);
		col = rpls_col_find(key);
		if (col >= 0 && x->col[col] < 0) {
			x->col[col] = (int)i;
			x->colname[col] = xstrdup(rpls_trim(c->fields[i]));
			found++;
		} else if (col < 0 && !rpls_col_unused(key)) {
			q = rpls_quote(rpls_trim(c->fields[i]));
			buf_printf(&unknown, "%s%s", unknown.len ? ", " : "", q);
			free(q);
		}
		free(key);
	}
	rc = rpls_header_check(x, c->rec_line, found, e);
	if (rc == 0 && unknown.len > 0)
		rpls_problem(x->r, "%s:%ld: colonnes inconnues, ignorées : %s", x->name,
		    c->rec_line, unknown.data);
	buf_free(&unknown);
	return rc;
}

/* ---- Rows ---- */

static const char *
rpls_colname(const struct rpls_ctx *x, int col)
{
	return x->colname[col] ? x->colname[col] : rpls_colnames[col];
}

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

static int
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
static int
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
static char *rpls_key(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

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
static void
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

static void
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

static void
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

/* ---- Database ---- */

/* Rows already written by this import, so that the second dwelling of an
 * estate refines the estate instead of overwriting it, and a dwelling
 * twice in the file is caught. A temporary table rather than memory: a row
 * rolled back to its savepoint is forgotten with it. */
static const char rpls_seen_create[] =
    "CREATE TEMP TABLE IF NOT EXISTS rpls_seen (kind TEXT NOT NULL, key TEXT NOT NULL, "
    "id TEXT NOT NULL, line INTEGER NOT NULL, n INTEGER NOT NULL DEFAULT 1, "
    "PRIMARY KEY (kind, key));"
    "DELETE FROM temp.rpls_seen;";

/* 1 (id and *line filled) if this import already wrote kind/key, 0 if
 * not, -1 on error. */
static int
rpls_seen(struct rpls_ctx *x, const char *kind, const char *key, char id[UID_SIZE],
    long *line, struct err *e)
{
	struct db_stmt *st;
	int rc;

	st = db_stmt(x->db, e, "SELECT id, line FROM temp.rpls_seen WHERE kind = ? AND key = ?");
	if (st == NULL || db_bind(st, e, "tt", kind, key) != 0)
		return -1;
	if ((rc = db_step(st, e)) != 1)
		return rc;
	snprintf(id, UID_SIZE, "%s", db_col_text(st, 0));
	*line = (long)db_col_int(st, 1);
	while ((rc = db_step(st, e)) == 1)
		;
	return rc < 0 ? -1 : 1;
}

static int
rpls_mark(struct rpls_ctx *x, const char *kind, const char *key, const char *id,
    long line, struct err *e)
{
	return db_run(x->db, e, "INSERT INTO temp.rpls_seen (kind, key, id, line) "
	    "VALUES (?, ?, ?, ?)", "ttti", kind, key, id, (int64_t)line);
}

/* Copies into id the text the query returns: 1 found, 0 none, -1 error. */
static int
rpls_id(char id[UID_SIZE], char *found, struct err *e)
{
	if (found == NULL)
		return e->msg[0] != '\0' ? -1 : 0;
	snprintf(id, UID_SIZE, "%s", found);
	free(found);
	return 1;
}

static int
rpls_agency(struct rpls_ctx *x, char id[UID_SIZE], struct err *e)
{
	char org[UID_SIZE];
	int rc;

	err_clear(e);
	rc = rpls_id(id, db_text(x->db, e, "SELECT id FROM agency WHERE code = 'RPLS'", ""), e);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	rc = rpls_id(org, db_text(x->db, e,
	    "SELECT id FROM organisation ORDER BY rowid LIMIT 1", ""), e);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		uid_new(org);
		if (db_run(x->db, e, "INSERT INTO organisation (id, name, updated_at, "
		    "updated_by) VALUES (?, 'Organisme importé', ?, ?)", "ttt", org,
		    x->stamp, x->user) != 0)
			return -1;
	}
	uid_new(id);
	return db_run(x->db, e, "INSERT INTO agency (id, organisation_id, code, name, "
	    "updated_at, updated_by) VALUES (?, ?, 'RPLS', 'Import RPLS', ?, ?)", "tttt",
	    id, org, x->stamp, x->user);
}

/* The sector given with --sector, else the commune's, created if needed. */
static int
rpls_sector(struct rpls_ctx *x, const struct rpls_row *row, char id[UID_SIZE], struct err *e)
{
	const char *town = *row->v[COL_LIBCOM] != '\0' ? row->v[COL_LIBCOM] : row->v[COL_DEPCOM];
	char agency[UID_SIZE], *code, *name = NULL;
	int rc;

	if (x->sector[0] != '\0') {
		memcpy(id, x->sector, UID_SIZE);
		return 0;
	}
	code = xasprintf("RPLS-%s", row->commune);
	err_clear(e);
	rc = rpls_id(id, db_text(x->db, e, "SELECT id FROM sector WHERE code = ?", "t", code), e);
	if (rc == 0 && (rc = rpls_agency(x, agency, e)) == 0) {
		name = xasprintf("Import RPLS — %s", town);
		uid_new(id);
		rc = db_run(x->db, e, "INSERT INTO sector (id, agency_id, code, name, "
		    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)", "tttttt", id, agency,
		    code, name, x->stamp, x->user);
	}
	free(code);
	free(name);
	return rc < 0 ? -1 : 0;
}

/* The first row of an estate in this import sets it; the next ones can
 * only lower the year, raise the QPV flag and fill what is missing. */
static int
rpls_estate(struct rpls_ctx *x, const struct rpls_row *row, const char *sector,
    char id[UID_SIZE], struct err *e)
{
	const char *const *v = row->v;
	char fresh[UID_SIZE];
	long line;
	int rc;

	if ((rc = rpls_seen(x, "estate", row->estate_key, id, &line, e)) != 0)
		return rc < 0 ? -1 : db_run(x->db, e, "UPDATE estate SET "
		    "name = CASE WHEN ?1 IS NOT NULL AND name = ?2 THEN ?1 ELSE name END, "
		    "postcode = coalesce(postcode, ?3), town = coalesce(town, ?4), "
		    "year_built = coalesce(min(year_built, nullif(?5, 0)), year_built, nullif(?5, 0)), "
		    "financing = coalesce(financing, ?6), qpv = max(qpv, ?7) WHERE id = ?8",
		    "ttttdtdt", rpls_nz(v[COL_IMMEU]), row->default_name,
		    rpls_nz(v[COL_CODEPOSTAL]), rpls_nz(v[COL_LIBCOM]), row->year,
		    row->financing, row->qpv, id);
	uid_new(fresh);
	err_clear(e);
	rc = rpls_id(id, db_text(x->db, e, "INSERT INTO estate (id, sector_id, name, address, "
	    "postcode, town, depcom, year_built, financing, qpv, ext_key, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, nullif(?, 0), ?, ?, ?, ?, ?) "
	    "ON CONFLICT (ext_key) DO UPDATE SET sector_id = excluded.sector_id, "
	    "name = excluded.name, address = excluded.address, postcode = excluded.postcode, "
	    "town = excluded.town, depcom = excluded.depcom, year_built = excluded.year_built, "
	    "financing = excluded.financing, qpv = excluded.qpv, "
	    "updated_at = excluded.updated_at, updated_by = excluded.updated_by RETURNING id",
	    "tttttttdtdttt", fresh, sector, row->estate_name, row->street,
	    rpls_nz(v[COL_CODEPOSTAL]), rpls_nz(v[COL_LIBCOM]), rpls_nz(v[COL_DEPCOM]),
	    row->year, row->financing, row->qpv, row->estate_key, x->stamp, x->user), e);
	if (rc <= 0)
		return rc < 0 ? -1 : err_set(e, "résidence %s non enregistrée", row->street);
	return rpls_mark(x, "estate", row->estate_key, id, row->line, e);
}

static int
rpls_building(struct rpls_ctx *x, const struct rpls_row *row, const char *estate,
    char id[UID_SIZE], struct err *e)
{
	char fresh[UID_SIZE];
	long line;
	int rc;

	if ((rc = rpls_seen(x, "building", row->building_key, id, &line, e)) != 0)
		return rc < 0 ? -1 : db_run(x->db, e, "UPDATE building SET year_built = "
		    "coalesce(min(year_built, nullif(?1, 0)), year_built, nullif(?1, 0)) "
		    "WHERE id = ?2", "dt", row->year, id);
	uid_new(fresh);
	err_clear(e);
	/* A building made by hand with the same code is taken over. */
	rc = rpls_id(id, db_text(x->db, e, "INSERT INTO building (id, estate_id, code, "
	    "address, year_built, ext_key, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, nullif(?, 0), ?, ?, ?) "
	    "ON CONFLICT (ext_key) DO UPDATE SET estate_id = excluded.estate_id, "
	    "code = excluded.code, address = excluded.address, year_built = excluded.year_built, "
	    "updated_at = excluded.updated_at, updated_by = excluded.updated_by "
	    "ON CONFLICT (estate_id, code) DO UPDATE SET address = excluded.address, "
	    "year_built = excluded.year_built, ext_key = excluded.ext_key, "
	    "updated_at = excluded.updated_at, updated_by = excluded.updated_by RETURNING id",
	    "ttttdttt", fresh, estate, row->building, row->address, row->year,
	    row->building_key, x->stamp, x->user), e);
	if (rc <= 0)
		return rc < 0 ? -1 : err_set(e, "bâtiment %s non enregistré", row->building);
	return rpls_mark(x, "building", row->building_key, id, row->line, e);
}

static int
rpls_entrance(struct rpls_ctx *x, const struct rpls_row *row, const char *building,
    char id[UID_SIZE], struct err *e)
{
	char fresh[UID_SIZE];
	long line;
	int rc;

	if ((rc = rpls_seen(x, "entrance", row->entrance_key, id, &line, e)) != 0)
		return rc < 0 ? -1 : 0;
	uid_new(fresh);
	err_clear(e);
	rc = rpls_id(id, db_text(x->db, e, "INSERT INTO entrance (id, building_id, code, "
	    "address, ext_key, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (ext_key) DO UPDATE SET building_id = excluded.building_id, "
	    "code = excluded.code, address = excluded.address, "
	    "updated_at = excluded.updated_at, updated_by = excluded.updated_by "
	    "ON CONFLICT (building_id, code) DO UPDATE SET address = excluded.address, "
	    "ext_key = excluded.ext_key, updated_at = excluded.updated_at, "
	    "updated_by = excluded.updated_by RETURNING id",
	    "ttttttt", fresh, building, row->entrance, row->address, row->entrance_key,
	    x->stamp, x->user), e);
	if (rc <= 0)
		return rc < 0 ? -1 : err_set(e, "entrée %s non enregistrée", row->entrance);
	return rpls_mark(x, "entrance", row->entrance_key, id, row->line, e);
}

/* The dwelling is found by its import key, else by its register id; *found
 * says which of insert or update happened. */
static int
rpls_dwelling(struct rpls_ctx *x, const struct rpls_row *row, const char *entrance,
    int *found, struct err *e)
{
	const char *const *v = row->v;
	const char *sql;
	char id[UID_SIZE], first[UID_SIZE];
	char type[3] = {'T', (char)('0' + (row->rooms < 6 ? row->rooms : 6)), '\0'};
	long line;
	int rc;

	err_clear(e);
	rc = rpls_id(id, db_text(x->db, e, "SELECT id FROM dwelling WHERE ext_key = ?1 "
	    "UNION ALL SELECT id FROM dwelling WHERE ?2 IS NOT NULL AND rpls_id = ?2 LIMIT 1",
	    "tt", row->dwelling_key, rpls_nz(v[COL_IDENT_REP])), e);
	if (rc < 0)
		return -1;
	*found = rc;
	if (rc == 1 && (rc = rpls_seen(x, "dwelling", id, first, &line, e)) != 0)
		return rc < 0 ? -1 : err_set(e, "logement %s déjà présent ligne %ld",
		    row->reference, line);
	if (!*found)
		uid_new(id);
	sql = *found ?
	    "UPDATE dwelling SET entrance_id = ?2, reference = ?3, rpls_id = ?4, "
	    "floor = nullif(?5, " RPLS_STR(RPLS_NOFLOOR) "), door = ?6, type = ?7, rooms = ?8, area_m2 = nullif(?9, 0), "
	    "dpe_energy = ?10, dpe_ghg = ?11, dpe_date = ?12, ext_key = ?13, "
	    "updated_at = ?14, updated_by = ?15 WHERE id = ?1" :
	    "INSERT INTO dwelling (id, entrance_id, reference, rpls_id, floor, door, type, "
	    "rooms, area_m2, dpe_energy, dpe_ghg, dpe_date, ext_key, updated_at, updated_by) "
	    "VALUES (?1, ?2, ?3, ?4, nullif(?5, " RPLS_STR(RPLS_NOFLOOR) "), ?6, ?7, ?8, nullif(?9, 0), ?10, ?11, "
	    "?12, ?13, ?14, ?15)";
	if (db_run(x->db, e, sql, "ttttdttdftttttt", id, entrance, row->reference,
	    rpls_nz(v[COL_IDENT_REP]), row->floor, rpls_nz(v[COL_NUMAPPT]), type, row->rooms,
	    row->area, rpls_nz(row->energy), rpls_nz(row->ghg), rpls_nz(row->dpe_date),
	    row->dwelling_key, x->stamp, x->user) != 0)
		return err_prefix(e, "logement %s : ", row->reference);
	return rpls_mark(x, "dwelling", id, id, row->line, e);
}

/* Without a register id, dwellings whose floor and door are not given can
 * share a built reference: the second gets "#2", the third "#3"..., in the
 * order of the file, which the same file repeats on re-import. */
static int
rpls_ref_unique(struct rpls_ctx *x, struct rpls_row *row, struct err *e)
{
	struct db_stmt *st;
	char *base;
	long first;
	int64_t n;
	int rc;

	if (*row->v[COL_IDENT_INT] != '\0' || *row->v[COL_IDENT_REP] != '\0')
		return 0;
	st = db_stmt(x->db, e, "UPDATE temp.rpls_seen SET n = n + 1 "
	    "WHERE kind = 'ref' AND key = ? RETURNING n, line");
	if (st == NULL || db_bind(st, e, "t", row->reference) != 0 ||
	    (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 0)
		return db_run(x->db, e, "INSERT INTO temp.rpls_seen (kind, key, id, line) "
		    "VALUES ('ref', ?, '', ?)", "ti", row->reference, (int64_t)row->line);
	n = db_col_int(st, 0);
	first = (long)db_col_int(st, 1);
	while ((rc = db_step(st, e)) == 1)
		;
	if (rc < 0)
		return -1;
	base = row->reference;
	row->reference = xasprintf("%s#%lld", base, (long long)n);
	free(base);
	free(row->dwelling_key);
	row->dwelling_key = xasprintf("RPLS:%s", row->reference);
	rpls_problem(x->r, "%s:%ld: même adresse, bâtiment, entrée, étage et porte que "
	    "la ligne %ld : logement enregistré sous la référence %s", x->name, row->line,
	    first, row->reference);
	return 0;
}

static int
rpls_write(struct rpls_ctx *x, struct rpls_row *row, int *found, struct err *e)
{
	char sector[UID_SIZE], estate[UID_SIZE], building[UID_SIZE], entrance[UID_SIZE];

	if (rpls_ref_unique(x, row, e) != 0 ||
	    rpls_sector(x, row, sector, e) != 0 ||
	    rpls_estate(x, row, sector, estate, e) != 0 ||
	    rpls_building(x, row, estate, building, e) != 0 ||
	    rpls_entrance(x, row, building, entrance, e) != 0)
		return -1;
	return rpls_dwelling(x, row, entrance, found, e);
}

/* ---- Import ---- */

/* Imports one record in its own savepoint, so that a row refused by the
 * database is undone alone; -1 if it was rejected (and reported). */
static int
rpls_row(struct rpls_ctx *x, struct csv *c)
{
	struct rpls_row row;
	struct err e;
	int found = 0, rc = -1;

	memset(&row, 0, sizeof row);
	err_clear(&e);
	if (rpls_row_read(x, c, &row) != 0)
		goto out;
	rpls_row_place(&row);
	rpls_row_estate(&row);
	if (db_begin(x->db, &e) != 0)
		goto fail;
	if (rpls_write(x, &row, &found, &e) != 0) {
		db_rollback(x->db);
		goto fail;
	}
	if (db_commit(x->db, &e) != 0) {
		db_rollback(x->db);
		goto fail;
	}
	if (found)
		x->r->updated++;
	else
		x->r->inserted++;
	rc = 0;
	goto out;
fail:
	rpls_problem(x->r, "%s:%ld: %s", x->name, row.line, e.msg);
out:
	rpls_row_clear(&row);
	return rc;
}

static void
rpls_rows(struct rpls_ctx *x, struct csv *c)
{
	struct err e;
	int rc;

	err_clear(&e);
	while ((rc = csv_next(c, &e)) != 0) {
		if (rc < 0) {
			/* The rest of the file is inside the open quote. */
			rpls_problem(x->r, "%s", e.msg);
			x->r->rows++;
			x->r->rejected++;
			break;
		}
		if (rpls_blank(c))
			continue;
		x->r->rows++;
		if (rpls_row(x, c) != 0)
			x->r->rejected++;
	}
}

static int
rpls_find_sector(struct rpls_ctx *x, const char *code, struct err *e)
{
	int rc;

	err_clear(e);
	rc = rpls_id(x->sector, db_text(x->db, e, "SELECT id FROM sector WHERE code = ?",
	    "t", code), e);
	if (rc == 0)
		return err_set(e, "secteur inconnu : %s", code);
	return rc < 0 ? -1 : 0;
}

/* Everything in one transaction; the temporary table goes with it. */
static int
rpls_run(struct rpls_ctx *x, struct csv *c, struct err *e)
{
	if (db_begin(x->db, e) != 0)
		return -1;
	if (db_script(x->db, e, rpls_seen_create) != 0)
		goto fail;
	rpls_rows(x, c);
	if (db_script(x->db, e, "DROP TABLE temp.rpls_seen") != 0)
		goto fail;
	if (db_commit(x->db, e) != 0)
		goto lost;
	return 0;
fail:
	db_rollback(x->db);
lost:
	x->r->inserted = x->r->updated = 0;
	return err_prefix(e, "%s : rien n'a été importé : ", x->name);
}

int
rpls_import_buffer(struct db *db, const char *name, const char *data, size_t len,
    const char *sector_code, const char *user_id, struct rpls_report *r, struct err *e)
{
	struct rpls_ctx x;
	struct csv c;
	char *text;
	size_t tlen, i;
	int rc = -1;

	memset(r, 0, sizeof *r);
	memset(&x, 0, sizeof x);
	x.db = db;
	x.name = name;
	x.user = user_id;
	x.r = r;
	dt_now(x.stamp);
	if ((text = rpls_decode(&x, data, len, &tlen, e)) == NULL)
		return -1;
	x.sep = csv_sniff(text, tlen);
	csv_init(&c, name, text, tlen, x.sep);
	if (rpls_header(&x, &c, e) != 0 ||
	    (sector_code != NULL && rpls_find_sector(&x, sector_code, e) != 0))
		goto out;
	rc = rpls_run(&x, &c, e);
out:
	for (i = 0; i < NCOLS; i++)
		free(x.colname[i]);
	csv_free(&c);
	free(text);
	return rc;
}

int
rpls_import_file(struct db *db, const char *path, const char *sector_code,
    const char *user_id, struct rpls_report *r, struct err *e)
{
	char *data;
	size_t len;
	int rc;

	memset(r, 0, sizeof *r);
	if (csv_slurp(path, RPLS_MAX_BYTES, &data, &len, e) != 0)
		return -1;
	rc = rpls_import_buffer(db, path, data, len, sector_code, user_id, r, e);
	free(data);
	return rc;
}
