/* The reference data of états des lieux as CSV files, for bulk work in a
 * spreadsheet: written as the screens type values, read back by natural
 * key (a kind, a code, a template's name with room and item positions) in
 * one transaction that each line enters as a savepoint, so that every bad
 * line is listed and none is written. */
#include "referential.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "db.h"
#include "referential_internal.h"
#include "xalloc.h"

#define MAX_COLS 16
#define MAX_ERRORS 100
#define MAX_POSITION 999

static const char *const set_names[RS_COUNT] = {"vetuste", "prix", "modeles"};

/* A templates file: the template's columns, then the room's position and
 * name, then the item's position and columns. */
enum { TF_ROOM_POS = 5, TF_ROOM = 6, TF_ITEM_POS = 7, TF_ITEM = 8, TF_COUNT = 11 };

/* A key met earlier in the file: a kind, a template, a room, an item. */
struct seen {
	char *key;
	char *value; /* what the other lines must agree with, or NULL */
	char id[UID_SIZE];
	long line;
};

struct imp {
	struct db *db;
	const struct user *who;
	enum referential_set s;
	struct referential_report *r;
	struct csv c;
	const char *names[MAX_COLS];
	size_t ncols;
	size_t map[MAX_COLS]; /* the file's field of each expected column */
	size_t nfile;         /* fields of the header */
	long line;
	struct seen *seen;
	size_t nseen;
	long nbad;
};

int
referential_set_parse(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < RS_COUNT; i++)
		if (strcmp(set_names[i], name) == 0)
			return i;
	return -1;
}

const char *
referential_set_name(enum referential_set s)
{
	return s < RS_COUNT ? set_names[s] : "?";
}

static enum referential_table
set_table(enum referential_set s)
{
	return s == RS_WEAR ? RT_WEAR : s == RS_PRICE ? RT_PRICE : RT_TEMPLATE;
}

/* The columns of a file of set s, in the order export writes them. */
static size_t
set_columns(enum referential_set s, const char **names)
{
	const struct referential_col *c;
	size_t n = 0, k, i;

	c = referential_cols(set_table(s), &k);
	for (i = 0; i < k; i++)
		names[n++] = c[i].csv;
	if (s != RS_TEMPLATES)
		return n;
	names[n++] = "piece_position";
	names[n++] = referential_cols(RT_ROOM, &k)[0].csv;
	names[n++] = "element_position";
	c = referential_cols(RT_ITEM, &k);
	for (i = 0; i < k; i++)
		names[n++] = c[i].csv;
	return n;
}

/* ---- Export ---- */

static void
csv_put(struct buf *b, const char *v, int first)
{
	const char *p;

	if (!first)
		buf_addc(b, ';');
	if (v == NULL)
		return;
	if (strpbrk(v, ";\"\r\n") == NULL) {
		buf_adds(b, v);
		return;
	}
	buf_addc(b, '"');
	for (p = v; *p != '\0'; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

static void
csv_put_typed(struct buf *b, const struct referential_col *c, const char *stored, int first)
{
	char *v = referential_typed(c, stored);

	csv_put(b, v, first);
	free(v);
}

static void
export_header(struct buf *b, enum referential_set s)
{
	const char *names[MAX_COLS];
	size_t n = set_columns(s, names), i;

	for (i = 0; i < n; i++)
		csv_put(b, names[i], i == 0);
	buf_addc(b, '\n');
}

static long
export_flat(struct db *db, enum referential_table t, struct buf *out, struct err *e)
{
	struct referential_row *rows;
	const struct referential_col *c = NULL;
	size_t n, i, j, ncols;

	if (referential_list(db, t, NULL, &rows, &n, e) != 0)
		return -1;
	c = referential_cols(t, &ncols);
	for (i = 0; i < n; i++) {
		for (j = 0; j < ncols; j++)
			csv_put_typed(out, &c[j], rows[i].values[j], j == 0);
		buf_addc(out, '\n');
	}
	referential_rows_free(rows, n, t);
	return (long)n;
}

static const char export_templates_sql[] =
    "SELECT t.name, t.dwelling_type, t.balcony, t.cellar, t.parking, r.position, r.name, "
    " i.position, i.name, i.kind, i.nature "
    "FROM inspection_template t LEFT JOIN template_room r ON r.template_id = t.id "
    "LEFT JOIN template_item i ON i.room_id = r.id "
    "ORDER BY t.name, t.id, r.position, r.rowid, i.position, i.rowid";

/* The column of a templates file's field i (positions have none). */
static const struct referential_col *
template_field_col(size_t i)
{
	size_t n;

	if (i < TF_ROOM_POS)
		return &referential_cols(RT_TEMPLATE, &n)[i];
	if (i == TF_ROOM)
		return &referential_cols(RT_ROOM, &n)[0];
	if (i >= TF_ITEM)
		return &referential_cols(RT_ITEM, &n)[i - TF_ITEM];
	return NULL;
}

static long
export_templates(struct db *db, struct buf *out, struct err *e)
{
	struct db_stmt *st = db_stmt(db, e, export_templates_sql);
	long n = 0;
	size_t i;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		for (i = 0; i < TF_COUNT; i++) {
			if (template_field_col(i) != NULL)
				csv_put_typed(out, template_field_col(i), db_col_text(st, (int)i), i == 0);
			else
				csv_put(out, db_col_text(st, (int)i), 0);
		}
		buf_addc(out, '\n');
		n++;
	}
	return rc < 0 ? -1 : n;
}

long
referential_export(struct db *db, enum referential_set s, struct buf *out, struct err *e)
{
	export_header(out, s);
	if (s == RS_TEMPLATES)
		return export_templates(db, out, e);
	return export_flat(db, set_table(s), out, e);
}

/* ---- Report ---- */

static void
report_push(char ***list, size_t *n, char *line)
{
	*list = xreallocarray(*list, *n + 1, sizeof **list);
	(*list)[(*n)++] = line;
}

void
referential_report_free(struct referential_report *r)
{
	size_t i;

	for (i = 0; i < r->nchanges; i++)
		free(r->changes[i]);
	for (i = 0; i < r->nerrors; i++)
		free(r->errors[i]);
	free(r->changes);
	free(r->errors);
	memset(r, 0, sizeof *r);
}

/* "taux_annuel 15 → 12,5 ; libelle « a » → « b »" for the changed columns. */
static void
describe(struct buf *b, enum referential_table t, char **old, char **vals, unsigned mask)
{
	const struct referential_col *c;
	char *o, *v;
	size_t n, i;
	int first = 1;

	c = referential_cols(t, &n);
	for (i = 0; i < n; i++) {
		if (!(mask & (1u << i)))
			continue;
		o = referential_typed(&c[i], old[i]);
		v = referential_typed(&c[i], vals[i]);
		buf_printf(b, "%s%s « %s » → « %s »", first ? " : " : " ; ", c[i].csv,
		    o ? o : "", v ? v : "");
		first = 0;
		free(o);
		free(v);
	}
}

/* Adds the row of t whose key is (column = key), or (parent_id,
 * position), or updates it from vals; what names it in the report. */
static int
upsert(struct imp *m, enum referential_table t, const char *column, const char *key,
    const char *parent_id, long position, char **vals, const char *what,
    char out_id[UID_SIZE], struct err *e)
{
	char pos[24], *id, *old[MAX_COLS] = {0};
	struct ref_write w;
	struct buf b;
	unsigned changed = 0;
	int rc;

	if (ref_write_init(&w, m->db, m->who, t, e) != 0)
		return -1;
	snprintf(pos, sizeof pos, "%ld", position);
	id = parent_id ? ref_find(&w, NULL, pos, parent_id) : ref_find(&w, column, key, NULL);
	if (id == NULL && e->msg[0] != '\0')
		return -1;
	if (id == NULL) {
		if ((rc = ref_insert(&w, parent_id, position, vals, out_id)) == 0) {
			report_push(&m->r->changes, &m->r->nchanges, xasprintf("ajout : %s", what));
			m->r->added++;
		}
		return rc;
	}
	rc = ref_load(&w, id, old);
	if (rc == 0)
		rc = ref_update(&w, id, vals, ~0u, &changed);
	if (rc == 0 && changed) {
		buf_init(&b);
		buf_printf(&b, "modification : %s", what);
		describe(&b, t, old, vals, changed);
		report_push(&m->r->changes, &m->r->nchanges, buf_steal(&b));
		m->r->changed++;
	} else if (rc == 0) {
		m->r->same++;
	}
	if (out_id != NULL)
		snprintf(out_id, UID_SIZE, "%s", id);
	ref_vals_free(old, MAX_COLS);
	free(id);
	return rc;
}

/* ---- Keys met earlier in the file ---- */

static struct seen *
seen_find(struct imp *m, const char *key)
{
	size_t i;

	for (i = 0; i < m->nseen; i++)
		if (strcmp(m->seen[i].key, key) == 0)
			return &m->seen[i];
	return NULL;
}

static void
seen_add(struct imp *m, char *key, const char *value, const char *id)
{
	struct seen *s;

	m->seen = xreallocarray(m->seen, m->nseen + 1, sizeof *m->seen);
	s = &m->seen[m->nseen++];
	s->key = key;
	s->value = xstrdup(value);
	snprintf(s->id, sizeof s->id, "%s", id ? id : "");
	s->line = m->line;
}

/* A line that failed leaves nothing in the database: nor here. */
static void
seen_drop_line(struct imp *m)
{
	while (m->nseen > 0 && m->seen[m->nseen - 1].line == m->line) {
		m->nseen--;
		free(m->seen[m->nseen].key);
		free(m->seen[m->nseen].value);
	}
}

static void
seen_free(struct imp *m)
{
	m->line = -1;
	while (m->nseen > 0) {
		m->nseen--;
		free(m->seen[m->nseen].key);
		free(m->seen[m->nseen].value);
	}
	free(m->seen);
}

/* ---- Reading a file ---- */

static const char *
field(struct imp *m, size_t i)
{
	return m->c.fields[m->map[i]];
}

static int
blank(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

static int
header(struct imp *m, struct err *e)
{
	size_t i, j, found[MAX_COLS] = {0};
	char *name;

	m->ncols = set_columns(m->s, m->names);
	m->nfile = m->c.nfields;
	for (j = 0; j < m->c.nfields; j++) {
		name = m->c.fields[j];
		name[strcspn(name, "\r")] = '\0';
		name += strspn(name, " \t");
		name[strcspn(name, " \t")] = '\0';
		for (i = 0; i < m->ncols && strcasecmp(m->names[i], name) != 0; i++)
			;
		if (i == m->ncols)
			return err_set(e, "en-tête : colonne « %s » inconnue", name);
		if (found[i]++)
			return err_set(e, "en-tête : colonne « %s » en double", name);
		m->map[i] = j;
	}
	for (i = 0; i < m->ncols; i++)
		if (!found[i])
			return err_set(e, "en-tête : colonne « %s » manquante", m->names[i]);
	return 0;
}

static int
flat_line(struct imp *m, struct err *e)
{
	enum referential_table t = set_table(m->s);
	const char *in[MAX_COLS];
	char *vals[MAX_COLS] = {0}, *key, *what;
	const struct referential_col *c;
	struct seen *s;
	size_t i, n;
	int rc;

	c = referential_cols(t, &n);
	for (i = 0; i < n; i++)
		in[i] = field(m, i);
	if (ref_validate(t, in, vals, e) != 0)
		return -1;
	key = xstrdup(vals[0]);
	if ((s = seen_find(m, key)) != NULL) {
		rc = err_set(e, "%s « %s » déjà lu ligne %ld", c[0].csv, key, s->line);
		free(key);
	} else {
		what = xasprintf("%s « %s »", t == RT_WEAR ? "vétusté" : "prix", vals[0]);
		seen_add(m, key, NULL, NULL);
		rc = upsert(m, t, c[0].column, vals[0], NULL, 0, vals, what, NULL, e);
		free(what);
	}
	ref_vals_free(vals, n);
	return rc;
}

/* A position in a templates file, 1 to 999. */
static int
position(const char *s, const char *name, long *out, struct err *e)
{
	char *end;

	s += strspn(s, " \t");
	*out = strtol(s, &end, 10);
	end += strspn(end, " \t");
	if (*s < '0' || *s > '9' || *end != '\0' || *out < 1 || *out > MAX_POSITION)
		return err_set(e, "%s : nombre entier attendu, entre 1 et %d", name, MAX_POSITION);
	return 0;
}

/* The template of a line, added or updated at its first line; *name
 * gets its name as stored (the caller frees). */
static int
tpl_template(struct imp *m, const char **in, char tid[UID_SIZE], char **name, struct err *e)
{
	char *vals[MAX_COLS] = {0}, *attrs, *key, *what;
	struct seen *s;
	int rc = 0;

	if (ref_validate(RT_TEMPLATE, in, vals, e) != 0)
		return -1;
	attrs = xasprintf("%s %s %s %s", vals[1] ? vals[1] : "-", vals[2], vals[3], vals[4]);
	key = xasprintf("t\x1f%s", vals[0]);
	if ((s = seen_find(m, key)) != NULL) {
		if (strcmp(s->value, attrs) != 0)
			rc = err_set(e, "le modèle « %s » est décrit autrement ligne %ld (type, "
			    "balcon, cave, parking)", vals[0], s->line);
		memcpy(tid, s->id, UID_SIZE);
		free(key);
	} else {
		what = xasprintf("modèle « %s »", vals[0]);
		rc = upsert(m, RT_TEMPLATE, "name", vals[0], NULL, 0, vals, what, tid, e);
		seen_add(m, key, attrs, tid);
		free(what);
	}
	free(attrs);
	*name = vals[0];
	vals[0] = NULL;
	ref_vals_free(vals, 5);
	return rc;
}

static int
tpl_room(struct imp *m, const char **in, const char *tname, const char *tid,
    char rid[UID_SIZE], struct err *e)
{
	char *vals[1] = {NULL}, *key, *what;
	struct seen *s;
	long pos;
	int rc = 0;

	if (position(in[TF_ROOM_POS], "piece_position", &pos, e) != 0 ||
	    ref_validate(RT_ROOM, &in[TF_ROOM], vals, e) != 0)
		return -1;
	key = xasprintf("r\x1f%s\x1f%ld", tname, pos);
	if ((s = seen_find(m, key)) != NULL) {
		if (strcmp(s->value, vals[0]) != 0)
			rc = err_set(e, "la pièce %ld de ce modèle s'appelle « %s » ligne %ld", pos,
			    s->value, s->line);
		memcpy(rid, s->id, UID_SIZE);
		free(key);
	} else {
		what = xasprintf("pièce %ld « %s » du modèle « %s »", pos, vals[0], tname);
		rc = upsert(m, RT_ROOM, NULL, NULL, tid, pos, vals, what, rid, e);
		seen_add(m, key, vals[0], rid);
		free(what);
	}
	free(vals[0]);
	return rc;
}

static int
tpl_item(struct imp *m, const char **in, const char *tname, const char *rid, struct err *e)
{
	char *vals[3] = {NULL}, *key, *what;
	struct seen *s;
	long rpos, pos;
	int rc;

	if (position(in[TF_ITEM_POS], "element_position", &pos, e) != 0 ||
	    ref_validate(RT_ITEM, &in[TF_ITEM], vals, e) != 0)
		return -1;
	rpos = strtol(in[TF_ROOM_POS], NULL, 10);
	key = xasprintf("i\x1f%s\x1f%ld\x1f%ld", tname, rpos, pos);
	if ((s = seen_find(m, key)) != NULL) {
		rc = err_set(e, "élément %ld de la pièce %ld déjà lu ligne %ld", pos, rpos, s->line);
		free(key);
	} else {
		what = xasprintf("élément %ld.%ld « %s » du modèle « %s »", rpos, pos, vals[0],
		    tname);
		rc = upsert(m, RT_ITEM, NULL, NULL, rid, pos, vals, what, NULL, e);
		seen_add(m, key, NULL, NULL);
		free(what);
	}
	ref_vals_free(vals, 3);
	return rc;
}

static int
templates_line(struct imp *m, struct err *e)
{
	const char *in[TF_COUNT];
	char tid[UID_SIZE], rid[UID_SIZE], *tname = NULL;
	int items = 0, room, rc;
	size_t i;

	for (i = 0; i < TF_COUNT; i++)
		in[i] = field(m, i);
	for (i = TF_ITEM_POS; i < TF_COUNT; i++)
		items |= !blank(in[i]);
	room = items || !blank(in[TF_ROOM_POS]) || !blank(in[TF_ROOM]);
	if (room && blank(in[TF_ROOM_POS]))
		return err_set(e, "piece_position : position de la pièce manquante");
	rc = tpl_template(m, in, tid, &tname, e);
	if (rc == 0 && room)
		rc = tpl_room(m, in, tname, tid, rid, e);
	if (rc == 0 && items)
		rc = tpl_item(m, in, tname, rid, e);
	free(tname);
	return rc;
}

static void
line_failed(struct imp *m, const struct err *le)
{
	m->nbad++;
	if (m->r->nerrors < MAX_ERRORS)
		report_push(&m->r->errors, &m->r->nerrors,
		    xasprintf("ligne %ld : %s", m->line, le->msg));
}

static void
one_line(struct imp *m)
{
	struct err le;
	int rc;

	err_clear(&le);
	if (m->c.nfields != m->nfile) {
		err_set(&le, "%zu champs au lieu de %zu (séparateur « ; »)", m->c.nfields, m->nfile);
		line_failed(m, &le);
		return;
	}
	if (db_begin(m->db, &le) != 0) {
		line_failed(m, &le);
		return;
	}
	rc = m->s == RS_TEMPLATES ? templates_line(m, &le) : flat_line(m, &le);
	if (rc == 0 && db_commit(m->db, &le) == 0)
		return;
	db_rollback(m->db);
	seen_drop_line(m);
	line_failed(m, &le);
}

static int
import_lines(struct imp *m, struct err *e)
{
	struct err le;
	int rc;

	err_clear(&le);
	rc = csv_next(&m->c, &le);
	if (rc == 0)
		return err_set(e, "fichier vide : une ligne d'en-tête est attendue");
	if (rc < 0 || header(m, e) != 0)
		return rc < 0 ? err_set(e, "%s", le.msg) : -1;
	while ((rc = csv_next(&m->c, &le)) == 1) {
		m->line = m->c.rec_line;
		one_line(m);
	}
	if (rc < 0) {
		m->line = m->c.rec_line;
		line_failed(m, &le);
	}
	return 0;
}

int
referential_import(struct db *db, const struct user *who, enum referential_set s,
    const char *name, const char *data, size_t len, int dry_run,
    struct referential_report *r, struct err *e)
{
	struct ref_write w;
	struct imp m;
	int rc;

	memset(r, 0, sizeof *r);
	memset(&m, 0, sizeof m);
	if (ref_write_init(&w, db, who, set_table(s), e) != 0)
		return -1;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	m.db = db;
	m.who = who;
	m.s = s;
	m.r = r;
	csv_init(&m.c, name, data, len, ';');
	if (db_begin(db, e) != 0) {
		csv_free(&m.c);
		return -1;
	}
	rc = import_lines(&m, e);
	if (rc == 0 && m.nbad > 0)
		rc = err_set(e, "%ld ligne%s refusée%s : rien n'a été modifié", m.nbad,
		    m.nbad > 1 ? "s" : "", m.nbad > 1 ? "s" : "");
	if (rc != 0 || dry_run)
		db_rollback(db);
	else
		rc = db_commit(db, e);
	seen_free(&m);
	csv_free(&m.c);
	if (rc != 0 && name != NULL)
		err_prefix(e, "%s : ", name);
	return rc;
}
