/* The header of an RPLS file: which field holds which column Loge reads,
 * which columns are missing, which are unknown. */
#include "rpls_internal.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static char *rpls_colkey(const char *raw);
static int rpls_col_find(const char *key);
static int rpls_col_unused(const char *key);
static int rpls_header_check(struct rpls_ctx *x, long line, int found, struct err *e);

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
int
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

/* A column as the file's header writes it, for messages. */
const char *
rpls_colname(const struct rpls_ctx *x, int col)
{
	return x->colname[col] ? x->colname[col] : rpls_colnames[col];
}
