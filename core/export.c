/* CSV and JSON exports. Each kind is one table entry: the SELECT (readable
 * column aliases, context joined in, ORDER BY a stable key so that two
 * exports of the same data are byte-identical) and the JSON type of each
 * column. Rows are written as they are stepped, never gathered: memory
 * stays constant however many rows there are.
 *
 * CSV follows RFC 4180 except for line ends: LF, not CRLF, because the
 * files are mostly read by scripts and spreadsheets accept both. Separator
 * ",", one header line, a field quoted when it holds "," '"' CR or LF, a
 * quote doubled inside quotes, SQL NULL as an empty field, numbers as
 * SQLite prints them, UTF-8 without BOM. */
#include "export.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "field.h"
#include "opendata.h"
#include "patrimoine.h"
#include "perm.h"
#include "sanitize.h"
#include "user.h"
#include "utf8.h"
#include "xalloc.h"

struct export_kind {
	const char *name;
	/* One letter per column, for JSON: t string, i integer, r real.
	 * (db.h tells NULL from the rest, not integers from text.) */
	const char *types;
	enum perm_group group;  /* read right needed for the kind */
	int whole;              /* only for roles whose scope is everything */
	/* The row's sector for the scope, and the condition made of it (%s:
	 * the scope's condition; NULL: that condition alone); no sector: the
	 * kind is not part of the patrimoine. */
	const char *sector;
	const char *scope_form;
	const char *sql;        /* SELECT and joins */
	const char *order;      /* after the scope's WHERE */
};

struct export_ctx {
	FILE *out;
	const struct export_kind *kind;
	struct db_stmt *st;
	int ncols;
	int flags;
	long rows;
	unsigned char *hidden;  /* per column: written empty (NULL) */
};

struct export_ops {
	const char *name;
	int (*begin)(struct export_ctx *, struct err *);
	int (*row)(struct export_ctx *, struct err *);
	int (*end)(struct export_ctx *, struct err *);
};

/* Who last changed the row, by name rather than by id; the id itself when
 * the user is not (or no longer) known here. */
#define BY(t) \
	t ".updated_at AS updated_at, " \
	"COALESCE(ub.display_name, " t ".updated_by) AS updated_by "
#define BY_JOIN(t) " LEFT JOIN user_account ub ON ub.id = " t ".updated_by "
#define BY_TYPES "tt"

/* Where a claim, a work or a logbook entry happened: a row names one
 * place (dwelling, entrance, building, common area or estate); the joins
 * climb from it to the estate and sector. "NULL" for a place the table
 * cannot name. LEFT JOINs everywhere: a dangling reference must not hide a
 * row from the export. */
#define PLACE_JOINS(dw, ent, bld, car, est) \
	" LEFT JOIN dwelling d ON d.id = " dw \
	" LEFT JOIN entrance en ON en.id = COALESCE(" ent ", d.entrance_id)" \
	" LEFT JOIN common_area ca ON ca.id = " car \
	" LEFT JOIN building b ON b.id = COALESCE(" bld ", en.building_id, ca.building_id)" \
	" LEFT JOIN estate es ON es.id = COALESCE(" est ", b.estate_id, ca.estate_id)" \
	" LEFT JOIN sector s ON s.id = es.sector_id "
#define PLACE_COLS \
	"s.code AS sector_code, es.code AS estate_code, es.name AS estate_name, " \
	"b.code AS building_code, en.code AS entrance_code, " \
	"d.reference AS dwelling_reference, ca.name AS common_area, "
#define PLACE_TYPES "ttttttt"

/* Where the kinds below find their row's sector, for the scope: a row is
 * exported when the sector of its place is in the user's scope
 * (patrimoine_scope_sql(), its ?1). */
#define SCOPE_ES "es.sector_id", NULL
/* An agency: when one of its sectors is. */
#define SCOPE_AGENCY_ROW "sx.id", \
	"EXISTS (SELECT 1 FROM sector sx WHERE sx.agency_id = a.id AND %s)"
/* A logbook entry: also when its author is the user or, for an agency,
 * one of its staff, as on the logbook screen (core/logbook.c): an entry
 * may name no place. ?1 is the user's id or the agency's: each test can
 * only match its own. */
#define SCOPE_LOGBOOK "es.sector_id", \
	"(%s OR l.author_id IN (SELECT id FROM user_account WHERE id = ?1 OR agency_id = ?1))"
/* Not part of the patrimoine: the companies' directory is the whole
 * organisation's, as when ordering work. */
#define SCOPE_NONE_ROW NULL, NULL

static const struct export_kind export_kinds_table[] = {
	{"agencies", "ttttt" BY_TYPES, PG_TECHNICAL, 0, SCOPE_AGENCY_ROW,
	    "SELECT a.code AS code, a.name AS name, o.name AS organisation, "
	    "a.address AS address, a.phone AS phone, " BY("a")
	    "FROM agency a LEFT JOIN organisation o ON o.id = a.organisation_id"
	    BY_JOIN("a"), "ORDER BY a.code"},
	{"sectors", "ttt" BY_TYPES, PG_TECHNICAL, 0, "s.id", NULL,
	    "SELECT ag.code AS agency_code, s.code AS code, s.name AS name, " BY("s")
	    "FROM sector s LEFT JOIN agency ag ON ag.id = s.agency_id"
	    BY_JOIN("s"), "ORDER BY s.code"},
	{"estates", "tttttttt" "iti" BY_TYPES, PG_TECHNICAL, 0, SCOPE_ES,
	    "SELECT ag.code AS agency_code, s.code AS sector_code, es.code AS code, "
	    "es.name AS name, es.address AS address, es.postcode AS postcode, "
	    "es.town AS town, es.depcom AS depcom, es.year_built AS year_built, "
	    "es.financing AS financing, es.qpv AS qpv, " BY("es")
	    "FROM estate es LEFT JOIN sector s ON s.id = es.sector_id "
	    "LEFT JOIN agency ag ON ag.id = s.agency_id"
	    BY_JOIN("es"), "ORDER BY es.code, es.id"},
	{"buildings", "ttttt" "iii" BY_TYPES, PG_TECHNICAL, 0, SCOPE_ES,
	    "SELECT s.code AS sector_code, es.code AS estate_code, es.name AS estate_name, "
	    "b.code AS code, b.address AS address, b.floors AS floors, "
	    "b.year_built AS year_built, b.lift AS lift, " BY("b")
	    "FROM building b LEFT JOIN estate es ON es.id = b.estate_id "
	    "LEFT JOIN sector s ON s.id = es.sector_id"
	    BY_JOIN("b"), "ORDER BY es.code, b.estate_id, b.code"},
	{"entrances", "tttttt" BY_TYPES, PG_TECHNICAL, 0, SCOPE_ES,
	    "SELECT s.code AS sector_code, es.code AS estate_code, es.name AS estate_name, "
	    "b.code AS building_code, en.code AS code, en.address AS address, " BY("en")
	    "FROM entrance en LEFT JOIN building b ON b.id = en.building_id "
	    "LEFT JOIN estate es ON es.id = b.estate_id "
	    "LEFT JOIN sector s ON s.id = es.sector_id"
	    BY_JOIN("en"), "ORDER BY es.code, b.estate_id, b.code, en.building_id, en.code"},
	/* By reference, a unique index: no sort, rows stream at once. */
	{"dwellings", "ttttttt" "ttitti" "rtttt" BY_TYPES, PG_TECHNICAL, 0, SCOPE_ES,
	    "SELECT s.code AS sector_code, es.name AS estate_name, "
	    "es.address AS estate_address, es.postcode AS postcode, es.town AS town, "
	    "b.code AS building_code, en.code AS entrance_code, "
	    "d.reference AS reference, d.rpls_id AS rpls_id, d.floor AS floor, "
	    "d.door AS door, d.type AS type, d.rooms AS rooms, d.area_m2 AS area_m2, "
	    "d.dpe_energy AS dpe_energy, d.dpe_ghg AS dpe_ghg, d.dpe_date AS dpe_date, "
	    "d.heating AS heating, " BY("d")
	    "FROM dwelling d LEFT JOIN entrance en ON en.id = d.entrance_id "
	    "LEFT JOIN building b ON b.id = en.building_id "
	    "LEFT JOIN estate es ON es.id = b.estate_id "
	    "LEFT JOIN sector s ON s.id = es.sector_id"
	    BY_JOIN("d"), "ORDER BY d.reference"},
	{"common_areas", "tttt" "tt" BY_TYPES, PG_TECHNICAL, 0, SCOPE_ES,
	    "SELECT s.code AS sector_code, es.code AS estate_code, es.name AS estate_name, "
	    "b.code AS building_code, ca.kind AS kind, ca.name AS name, " BY("ca")
	    "FROM common_area ca LEFT JOIN building b ON b.id = ca.building_id "
	    "LEFT JOIN estate es ON es.id = COALESCE(ca.estate_id, b.estate_id) "
	    "LEFT JOIN sector s ON s.id = es.sector_id"
	    BY_JOIN("ca"), "ORDER BY es.code, es.id, b.code, ca.kind, ca.name, ca.id"},
	/* Ids are UUIDv7: ordering by id is creation order. */
	{"equipment", PLACE_TYPES "ttttti" BY_TYPES, PG_EQUIPMENT, 0, SCOPE_ES,
	    "SELECT " PLACE_COLS "e.kind AS kind, e.make AS make, e.model AS model, "
	    "e.serial AS serial, e.install_date AS install_date, "
	    "e.lifetime_years AS lifetime_years, " BY("e")
	    "FROM equipment e"
	    PLACE_JOINS("e.dwelling_id", "NULL", "e.building_id", "e.common_area_id", "NULL")
	    BY_JOIN("e"), "ORDER BY e.id"},
	{"works", "t" PLACE_TYPES "tti" "tt" BY_TYPES, PG_EQUIPMENT, 0, SCOPE_ES,
	    "SELECT w.date AS date, " PLACE_COLS "w.kind AS kind, "
	    "w.description AS description, w.amount_cents AS amount_cents, "
	    "k.name AS contractor, wo.number AS work_order_number, " BY("w")
	    "FROM works w"
	    PLACE_JOINS("w.dwelling_id", "NULL", "w.building_id", "w.common_area_id", "w.estate_id")
	    "LEFT JOIN contractor k ON k.id = w.contractor_id "
	    "LEFT JOIN work_order wo ON wo.id = w.work_order_id"
	    BY_JOIN("w"), "ORDER BY w.date, w.id"},
	{"contractors", "ttttt" BY_TYPES, PG_EQUIPMENT, 0, SCOPE_NONE_ROW,
	    "SELECT k.name AS name, k.trade AS trade, k.phone AS phone, k.email AS email, "
	    "k.siret AS siret, " BY("k")
	    "FROM contractor k" BY_JOIN("k"), "ORDER BY k.name, k.id"},
	{"claims", "ttttttt" PLACE_TYPES "ttt" BY_TYPES, PG_CLAIMS, 0, SCOPE_ES,
	    "SELECT c.number AS number, c.opened_at AS opened_at, c.status AS status, "
	    "c.category AS category, cc.label AS category_label, c.urgency AS urgency, "
	    "c.channel AS channel, " PLACE_COLS "c.description AS description, "
	    "c.due_at AS due_at, c.closed_at AS closed_at, " BY("c")
	    "FROM claim c"
	    PLACE_JOINS("c.dwelling_id", "c.entrance_id", "c.building_id", "c.common_area_id", "NULL")
	    "LEFT JOIN claim_category cc ON cc.code = c.category"
	    BY_JOIN("c"), "ORDER BY c.number"},
	{"work_orders", "ttttttt" PLACE_TYPES "ti" BY_TYPES, PG_CLAIMS, 0, SCOPE_ES,
	    "SELECT wo.number AS number, wo.ordered_at AS ordered_at, wo.status AS status, "
	    "wo.planned_date AS planned_date, k.name AS contractor, ct.label AS contract, "
	    "cl.number AS claim_number, " PLACE_COLS "wo.description AS description, "
	    "wo.amount_cents AS amount_cents, " BY("wo")
	    "FROM work_order wo"
	    PLACE_JOINS("wo.dwelling_id", "wo.entrance_id", "wo.building_id", "wo.common_area_id", "NULL")
	    "LEFT JOIN contractor k ON k.id = wo.contractor_id "
	    "LEFT JOIN contract ct ON ct.id = wo.contract_id "
	    "LEFT JOIN claim cl ON cl.id = wo.claim_id"
	    BY_JOIN("wo"), "ORDER BY wo.number"},
	{"logbook", "tt" PLACE_TYPES "t" BY_TYPES, PG_LOGBOOK, 0, SCOPE_LOGBOOK,
	    "SELECT l.at AS at, COALESCE(au.display_name, l.author_id) AS author, "
	    PLACE_COLS "l.text AS text, " BY("l")
	    "FROM logbook_entry l"
	    PLACE_JOINS("l.dwelling_id", "l.entrance_id", "l.building_id", "NULL", "NULL")
	    "LEFT JOIN user_account au ON au.id = l.author_id"
	    BY_JOIN("l"), "ORDER BY l.at, l.id"},
	/* Publishable: see core/opendata.h for what it leaves out. A file
	 * published in the organisation's name describes all of its
	 * patrimoine: one agency's share would read as the whole, so only
	 * roles whose scope is everything may make it. */
	{"opendata", opendata_types, PG_TECHNICAL, 1, SCOPE_NONE_ROW, opendata_sql, ""},
};

#define NKINDS (sizeof export_kinds_table / sizeof export_kinds_table[0])

static int export_csv_header(struct export_ctx *, struct err *);
static int export_csv_row(struct export_ctx *, struct err *);
static int export_json_begin(struct export_ctx *, struct err *);
static int export_json_row(struct export_ctx *, struct err *);
static int export_json_end(struct export_ctx *, struct err *);

static const struct export_ops export_ops[] = {
	[EXPORT_CSV] = {"CSV", export_csv_header, export_csv_row, NULL},
	[EXPORT_JSON] = {"JSON", export_json_begin, export_json_row, export_json_end},
};

#define NOPS (sizeof export_ops / sizeof export_ops[0])

const char *const *
export_kinds(void)
{
	static const char *names[NKINDS + 1];
	size_t i;

	if (names[0] == NULL)
		for (i = 0; i < NKINDS; i++)
			names[i] = export_kinds_table[i].name;
	return names;
}

static const struct export_kind *
export_find(const char *what)
{
	size_t i;

	if (what == NULL)
		what = "dwellings";
	for (i = 0; i < NKINDS; i++)
		if (strcmp(export_kinds_table[i].name, what) == 0)
			return &export_kinds_table[i];
	return NULL;
}

/* stdio keeps the error flag: checking once per row is enough, and errno
 * still tells why (ENOSPC, EPIPE...). */
static int
export_check(struct export_ctx *x, struct err *e)
{
	int saved = errno;

	if (!ferror(x->out))
		return 0;
	return err_set(e, "écriture impossible : %s",
	    saved ? strerror(saved) : "erreur d'entrée-sortie");
}

/* Returns a column's text as it will be written: as stored, or sanitised
 * for a terminal. Invalid UTF-8 cannot come in through db.h, but a file
 * touched by another program could hold some: it is escaped rather than
 * copied, so the output is always valid UTF-8. *tofree is the copy, if
 * one was made (the caller frees it). */
static const char *
export_text(struct export_ctx *x, int col, char **tofree)
{
	const char *s = x->hidden[col] ? NULL : db_col_text(x->st, col);

	*tofree = NULL;
	if (s != NULL && ((x->flags & EXPORT_SANITIZE) || !utf8_valid(s, strlen(s))))
		s = *tofree = sanitize_str(s, SAN_NEWLINE | SAN_TAB);
	return s;
}

static void
export_csv_field(FILE *out, const char *s)
{
	const char *q;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	while ((q = strchr(s, '"')) != NULL) {
		fwrite(s, 1, (size_t)(q - s) + 1, out);
		putc('"', out);
		s = q + 1;
	}
	fputs(s, out);
	putc('"', out);
}

static int
export_csv_header(struct export_ctx *x, struct err *e)
{
	int i;

	for (i = 0; i < x->ncols; i++) {
		if (i > 0)
			putc(',', x->out);
		export_csv_field(x->out, db_col_name(x->st, i));
	}
	putc('\n', x->out);
	return export_check(x, e);
}

static int
export_csv_row(struct export_ctx *x, struct err *e)
{
	const char *s;
	char *tofree;
	int i;

	for (i = 0; i < x->ncols; i++) {
		if (i > 0)
			putc(',', x->out);
		if ((s = export_text(x, i, &tofree)) != NULL)
			export_csv_field(x->out, s);
		free(tofree);
	}
	putc('\n', x->out);
	return export_check(x, e);
}

static int
export_json_begin(struct export_ctx *x, struct err *e)
{
	putc('[', x->out);
	return export_check(x, e);
}

static int
export_json_end(struct export_ctx *x, struct err *e)
{
	fputs("]\n", x->out);
	return export_check(x, e);
}

/* Adds column col to obj with its JSON type; NULL if cJSON ran out of
 * memory. Integers go in as raw digits so that no int64 is rounded
 * through a double. */
static cJSON *
export_json_value(struct export_ctx *x, cJSON *obj, int col)
{
	const char *name = db_col_name(x->st, col), *s;
	char num[32], *tofree;
	cJSON *item;

	if (x->hidden[col] || db_col_is_null(x->st, col))
		return cJSON_AddNullToObject(obj, name);
	if (x->kind->types[col] == 'i') {
		snprintf(num, sizeof num, "%" PRId64, db_col_int(x->st, col));
		return cJSON_AddRawToObject(obj, name, num);
	}
	if (x->kind->types[col] == 'r')
		return cJSON_AddNumberToObject(obj, name, db_col_double(x->st, col));
	s = export_text(x, col, &tofree);
	item = cJSON_AddStringToObject(obj, name, s);
	free(tofree);
	return item;
}

static int
export_json_row(struct export_ctx *x, struct err *e)
{
	cJSON *obj = cJSON_CreateObject();
	char *s = NULL;
	int i, ok = obj != NULL;

	for (i = 0; ok && i < x->ncols; i++)
		ok = export_json_value(x, obj, i) != NULL;
	if (ok)
		s = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	if (s == NULL)
		return err_set(e, "mémoire insuffisante pour la ligne %ld", x->rows + 1);
	if (x->rows > 0)
		fputs(",\n", x->out);
	fputs(s, x->out);
	cJSON_free(s);
	return export_check(x, e);
}

static int
export_flush(struct export_ctx *x, struct err *e)
{
	if (fflush(x->out) != 0 || ferror(x->out))
		return err_set(e, "écriture impossible : %s", strerror(errno));
	return 0;
}

/* Refuses a kind the user may not export: a group their role does not
 * read, or the whole patrimoine for a narrower scope. */
static int
export_allowed(const struct export_kind *k, const struct user *who, struct err *e)
{
	struct buf roles;
	char *why;
	size_t i;

	if (!perm_can_read(who->role, k->group)) {
		why = field_reserved(k->group);
		err_set(e, "export %s : %s", k->name, why);
		free(why);
		return -1;
	}
	if (!k->whole || perm_scope(who->role) == PERM_SCOPE_ALL)
		return 0;
	buf_init(&roles);
	for (i = 0; i < perm_role_count(); i++)
		if (perm_scope(perm_role_name(i)) == PERM_SCOPE_ALL)
			buf_printf(&roles, "%s%s", roles.len ? ", " : "",
			    user_role_label(perm_role_name(i)));
	err_set(e, "export %s : réservé aux rôles qui voient tout le patrimoine (%s) : "
	    "un fichier publié au nom de l'organisme le décrit en entier, et votre "
	    "périmètre n'en couvre qu'une partie", k->name, roles.data ? roles.data : "aucun");
	buf_free(&roles);
	return -1;
}

/* The kind's statement for scope s (its ?1 is s->arg when the kind has a
 * sector). The caller frees. */
static char *
export_sql(const struct export_kind *k, const struct scope *s)
{
	char *cond, *where, *sql;

	if (k->sector == NULL)
		return xasprintf("%s %s", k->sql, k->order);
	cond = patrimoine_scope_sql(s, k->sector);
	where = k->scope_form ? xasprintf(k->scope_form, cond) : xstrdup(cond);
	sql = xasprintf("%s WHERE %s %s", k->sql, where, k->order);
	free(where);
	free(cond);
	return sql;
}

/* Marks the columns the role may not read: amounts (the *_cents columns)
 * without PG_MONEY. The caller frees. */
static unsigned char *
export_hidden(struct db_stmt *st, int ncols, const char *role)
{
	unsigned char *hidden = xcalloc((size_t)ncols + 1, 1);
	const char *name;
	size_t len;
	int i;

	if (perm_can_read(role, PG_MONEY))
		return hidden;
	for (i = 0; i < ncols; i++) {
		name = db_col_name(st, i);
		len = strlen(name);
		hidden[i] = len >= 6 && strcmp(name + len - 6, "_cents") == 0;
	}
	return hidden;
}

static long
export_rows(struct export_ctx *x, const struct export_ops *ops, struct err *e)
{
	int rc;

	if (ops->begin(x, e) != 0)
		return -1;
	while ((rc = db_step(x->st, e)) == 1) {
		if (ops->row(x, e) != 0)
			return -1;
		x->rows++;
	}
	if (rc < 0 || (ops->end != NULL && ops->end(x, e) != 0) || export_flush(x, e) != 0)
		return -1;
	return x->rows;
}

long
export_write(struct db *db, const struct user *who, FILE *out, const char *what,
    enum export_format fmt, int flags, struct err *e)
{
	const struct export_kind *k = export_find(what);
	struct export_ctx x = {out, k, NULL, 0, flags, 0, NULL};
	struct scope s;
	char *sql;
	long n;

	if (k == NULL)
		return err_set(e, "type d'export inconnu « %s »", what);
	if ((unsigned)fmt >= NOPS)
		return err_set(e, "format d'export inconnu (%d)", (int)fmt);
	if (export_allowed(k, who, e) != 0)
		return -1;
	patrimoine_scope(who, &s);
	sql = export_sql(k, &s);
	if ((x.st = db_stmt(db, e, sql)) == NULL ||
	    (k->sector != NULL && db_bind_at(x.st, e, 1, 't', s.arg) != 0)) {
		free(sql);
		return err_prefix(e, "export %s : ", k->name);
	}
	x.ncols = db_col_count(x.st);
	if ((size_t)x.ncols != strlen(k->types)) {
		free(sql);
		return err_set(e, "export %s : %d colonnes mais %zu types (bogue)",
		    k->name, x.ncols, strlen(k->types));
	}
	x.hidden = export_hidden(x.st, x.ncols, who->role);
	if ((n = export_rows(&x, &export_ops[fmt], e)) < 0) {
		/* Fetching the cached statement resets it, which ends its
		 * read transaction instead of holding it until the next
		 * export. */
		db_stmt(db, NULL, sql);
		err_prefix(e, "export %s %s : ", export_ops[fmt].name, k->name);
	}
	free(x.hidden);
	free(sql);
	return n;
}
