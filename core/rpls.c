/* The RPLS importer's entry points: the file read and decoded to UTF-8,
 * the import loop with one savepoint per row, and the report. */
#include "rpls_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "db.h"
#include "utf8.h"
#include "xalloc.h"

static char *rpls_from_cp1252(const char *s, size_t len, size_t *outlen);
static void rpls_mixed(struct rpls_ctx *x, const char *data, size_t len);
static char *rpls_decode(struct rpls_ctx *x, const char *data, size_t len,
    size_t *outlen, struct err *e);
static int rpls_row(struct rpls_ctx *x, struct csv *c);
static void rpls_rows(struct rpls_ctx *x, struct csv *c);
static int rpls_run(struct rpls_ctx *x, struct csv *c, struct err *e);

void
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

/* ---- Encoding ---- */

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

/* Everything in one transaction; the temporary table goes with it. */
static int
rpls_run(struct rpls_ctx *x, struct csv *c, struct err *e)
{
	if (db_begin(x->db, e) != 0)
		return -1;
	if (rpls_seen_open(x, e) != 0)
		goto fail;
	rpls_rows(x, c);
	if (rpls_seen_close(x, e) != 0)
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
