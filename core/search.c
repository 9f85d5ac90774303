/* Search over the FTS5 index of schema migration 2. Each kind is read with
 * its own LIMIT in rowid order, never ranked: a one-letter prefix matches
 * hundreds of thousands of rows, and ranking them all would cost far more
 * than a keystroke may. */
#include "search.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "datetime.h"
#include "db.h"
#include "patrimoine.h"
#include "perm.h"
#include "user.h"
#include "utf8.h"
#include "xalloc.h"

/* Words beyond this are ignored: nobody types them, and each one costs a
 * doclist walk. */
#define SEARCH_MAX_WORDS 16
/* More hits than a screen could ever show are not read. */
#define SEARCH_MAX_LIMIT 1000

struct search_ctx {
	const char *role;
	struct scope scope;
	char today[DT_DATE_SIZE];
};

/* Parameters of every statement: ?1 the scope's argument (core/patrimoine.h),
 * ?2 the MATCH expression, ?3 the limit, ?4 today (tenants only). */
struct search_kind_ops {
	enum search_kind kind;
	const char *table;      /* the FTS5 table */
	int group;              /* perm group needed to see these hits, or -1 */
	/* The matching rows (r, id), %s the scope condition: hits_all for a
	 * scope of everything (the index alone, no join), hits_scoped
	 * otherwise, on the sector named by scope_col. */
	const char *hits_all;
	const char *hits_scoped;
	const char *scope_col;
	/* More of the scope in sql (%2$s there, when scoped; %s: the scope
	 * condition), or NULL. */
	const char *sql_scoped;
	const char *sql;        /* %s (or %1$s): the matching rows */
	void (*fill)(struct search_hit *, struct db_stmt *, const struct search_ctx *);
};

static void search_fill_dwelling(struct search_hit *, struct db_stmt *,
    const struct search_ctx *);
static void search_fill_estate(struct search_hit *, struct db_stmt *,
    const struct search_ctx *);
static void search_fill_tenant(struct search_hit *, struct db_stmt *,
    const struct search_ctx *);
static void search_fill_claim(struct search_hit *, struct db_stmt *,
    const struct search_ctx *);

/* A scoped search looks for its hits among this many matches of a kind,
 * the first in display order: the index is shared by every sector and can
 * only be filtered row by row (about 5 to 20 µs a row, climbing to the
 * sector), and a word common to the whole patrimoine ("r", "rue") must not
 * walk all of it at each key. A query with more matches of a kind than
 * this (a frequent surname alone, a town) may so miss hits of the scope:
 * the person types on, a first name, a number, and the matches fall within
 * it. Telling the sector to the index itself would lift this (see the
 * report of issue 8). */
#define SEARCH_SCOPE_BUDGET "1000"

/* The FTS rows of a kind; the base row's id is checked against them, so
 * that an entry left behind by a write that bypassed the triggers never
 * shows another row. A scoped search climbs from each of the first
 * matches (in rowid order, the display order) to its estate's sector. */
#define FTS_ALL(table) \
	"SELECT rowid AS r, id FROM " table " WHERE " table " MATCH ?2 AND %s"
#define FTS_SCOPED(table, order, joins) FTS_SCOPED_WHERE(table, order, joins, "%s")
#define FTS_SCOPED_WHERE(table, order, joins, where) \
	"SELECT m.r AS r, (SELECT id FROM " table " WHERE rowid = m.r) AS id " \
	"FROM (SELECT rowid AS r FROM " table " WHERE " table " MATCH ?2 " \
	"ORDER BY rowid " order " LIMIT " SEARCH_SCOPE_BUDGET ") AS m " joins " WHERE " where
#define FTS_HITS(order) "(%1$s ORDER BY r " order " LIMIT ?3) AS f "
#define ADDRESS "coalesce(en.address, b.address, es.address)"
/* Up from a dwelling (aliased d) to its estate. */
#define UP_FROM_DWELLING \
	"CROSS JOIN entrance en ON en.id = d.entrance_id " \
	"CROSS JOIN building b ON b.id = en.building_id " \
	"CROSS JOIN estate es ON es.id = b.estate_id"
/* The tenant's lease shown: the current one, else the one that started
 * last; for a scoped search, among the leases in scope (%2$s). */
#define TENANT_LEASE \
	"(SELECT l.id FROM lease_tenant lt JOIN lease l ON l.id = lt.lease_id %2$s" \
	" WHERE lt.tenant_id = t.id ORDER BY (l.start_date <= ?4 AND " \
	" (l.end_date IS NULL OR l.end_date >= ?4)) DESC, l.start_date DESC, l.id LIMIT 1)"
/* A lease (aliased l) in scope: its dwelling's estate's sector, %s. */
#define LEASE_IN_SCOPE \
	" JOIN dwelling d ON d.id = l.dwelling_id JOIN entrance en ON en.id = d.entrance_id" \
	" JOIN building b ON b.id = en.building_id" \
	" JOIN estate es ON es.id = b.estate_id AND %s"
/* The place of a claim: a dwelling, or an entrance, building or common
 * area and the estate above it. */
#define CLAIM_PLACE \
	"LEFT JOIN dwelling d ON d.id = c.dwelling_id " \
	"LEFT JOIN common_area ca ON ca.id = c.common_area_id " \
	"LEFT JOIN entrance en ON en.id = coalesce(d.entrance_id, c.entrance_id) " \
	"LEFT JOIN building b ON b.id = coalesce(en.building_id, c.building_id, " \
	" ca.building_id) " \
	"LEFT JOIN estate es ON es.id = coalesce(b.estate_id, ca.estate_id) "

/* In display order: dwellings and tenants first. */
static const struct search_kind_ops search_kinds[] = {
	{SEARCH_DWELLING, "search_dwelling", -1,
	    FTS_ALL("search_dwelling"),
	    FTS_SCOPED("search_dwelling", "ASC",
		"CROSS JOIN dwelling d ON d.rowid = m.r " UP_FROM_DWELLING),
	    "es.sector_id", NULL,
	    "SELECT d.id, d.reference, " ADDRESS ", es.town, es.name, es.id "
	    "FROM " FTS_HITS("ASC")
	    "JOIN dwelling d ON d.rowid = f.r AND d.id = f.id "
	    "LEFT JOIN entrance en ON en.id = d.entrance_id "
	    "LEFT JOIN building b ON b.id = en.building_id "
	    "LEFT JOIN estate es ON es.id = b.estate_id "
	    "ORDER BY f.r ASC",
	    search_fill_dwelling},
	/* A tenant is in scope when one of their leases is, and the lease
	 * shown is then one of those: the agency's own history with them. */
	{SEARCH_TENANT, "search_tenant", PG_TENANT_IDENTITY,
	    FTS_ALL("search_tenant"),
	    FTS_SCOPED_WHERE("search_tenant", "DESC", "CROSS JOIN tenant t ON t.rowid = m.r "
		"AND t.anonymised = 0", "EXISTS (SELECT 1 FROM lease_tenant lt JOIN lease l "
		"ON l.id = lt.lease_id " LEASE_IN_SCOPE " WHERE lt.tenant_id = t.id)"),
	    "es.sector_id", LEASE_IN_SCOPE,
	    "SELECT h.id, h.last_name, h.first_name, d.id, d.reference, l.start_date, "
	    " l.end_date, " ADDRESS ", es.town, es.id "
	    "FROM (SELECT f.r, t.id, t.last_name, t.first_name, "
	    " " TENANT_LEASE " AS lease_id "
	    " FROM " FTS_HITS("DESC")
	    " JOIN tenant t ON t.rowid = f.r AND t.id = f.id AND t.anonymised = 0) AS h "
	    "LEFT JOIN lease l ON l.id = h.lease_id "
	    "LEFT JOIN dwelling d ON d.id = l.dwelling_id "
	    "LEFT JOIN entrance en ON en.id = d.entrance_id "
	    "LEFT JOIN building b ON b.id = en.building_id "
	    "LEFT JOIN estate es ON es.id = b.estate_id "
	    "ORDER BY h.r DESC",
	    search_fill_tenant},
	{SEARCH_ESTATE, "search_estate", -1,
	    FTS_ALL("search_estate"),
	    FTS_SCOPED("search_estate", "ASC",
		"CROSS JOIN estate es ON es.rowid = m.r"),
	    "es.sector_id", NULL,
	    "SELECT es.id, es.name, es.code, es.address, es.town "
	    "FROM " FTS_HITS("ASC")
	    "JOIN estate es ON es.rowid = f.r AND es.id = f.id "
	    "ORDER BY f.r ASC",
	    search_fill_estate},
	{SEARCH_CLAIM, "search_claim", PG_CLAIMS,
	    FTS_ALL("search_claim"),
	    FTS_SCOPED("search_claim", "DESC",
		"CROSS JOIN claim c ON c.rowid = m.r " CLAIM_PLACE),
	    "es.sector_id", NULL,
	    "SELECT c.id, c.number, coalesce(cc.label, c.category), c.status, "
	    " c.dwelling_id, d.reference, "
	    " CASE WHEN c.entrance_id IS NOT NULL THEN en.code END, b.code, ca.name, "
	    " es.name, es.id "
	    "FROM " FTS_HITS("DESC")
	    "JOIN claim c ON c.rowid = f.r AND c.id = f.id "
	    "LEFT JOIN claim_category cc ON cc.code = c.category "
	    CLAIM_PLACE
	    "ORDER BY f.r DESC",
	    search_fill_claim},
};

#define NKINDS (sizeof search_kinds / sizeof search_kinds[0])

/* Code points outside ASCII that separate words, as unicode61 would:
 * Latin-1 punctuation and symbols, general punctuation (dashes, curly
 * quotes, narrow no-break space), currency, arrows and shapes, CJK and
 * fullwidth punctuation. */
static const struct {
	uint32_t lo, hi;
} search_separators[] = {
	{0x80, 0xa9}, {0xab, 0xb4}, {0xb6, 0xb9}, {0xbb, 0xbf}, {0xd7, 0xd7},
	{0xf7, 0xf7}, {0x2000, 0x206f}, {0x20a0, 0x20cf}, {0x2190, 0x2bff},
	{0x3000, 0x303f}, {0xfe10, 0xfe6f}, {0xff00, 0xff0f},
};

static const struct {
	const char *code;
	const char *label;
} search_claim_statuses[] = {
	{"new", "nouvelle"},
	{"forwarded", "transmise"},
	{"in_progress", "en cours"},
	{"solved", "résolue"},
	{"informed", "locataire informé"},
	{"closed", "clôturée"},
};

/* Decodes the character at s (left bytes remain) into *len bytes; returns
 * 1 if it separates words, 0 if it belongs to one. An invalid byte is a
 * separator of length 1, and so never reaches the database. */
static int
search_separator(const char *s, size_t left, size_t *len)
{
	uint32_t cp;
	size_t i;
	int n;

	if ((unsigned char)*s < 0x80) {
		*len = 1;
		return !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9'));
	}
	if ((n = utf8_decode(s, left < 4 ? left : 4, &cp)) == 0) {
		*len = 1;
		return 1;
	}
	*len = (size_t)n;
	for (i = 0; i < sizeof search_separators / sizeof search_separators[0]; i++)
		if (cp >= search_separators[i].lo && cp <= search_separators[i].hi)
			return 1;
	return 0;
}

/* The FTS5 expression for what a person typed: each word a quoted phrase
 * with a prefix star, so that no character is FTS syntax (quotes are
 * separators, so a word never holds one). Returns NULL for a query
 * without words; the caller frees the result. */
static char *
search_expression(const char *query)
{
	const char *p = query, *end = query + strlen(query);
	struct buf b;
	size_t len, words = 0;
	int in_word = 0;

	buf_init(&b);
	while (p < end) {
		if (search_separator(p, (size_t)(end - p), &len)) {
			if (in_word)
				buf_adds(&b, "\"*");
			in_word = 0;
		} else if (!in_word) {
			if (words++ == SEARCH_MAX_WORDS)
				break;
			buf_adds(&b, words > 1 ? " \"" : "\"");
			in_word = 1;
		}
		if (in_word)
			buf_add(&b, p, len);
		p += len;
	}
	if (in_word)
		buf_adds(&b, "\"*");
	return b.data;
}

/* "2019-03-31" as "31/03/2019" into out. */
static void
search_date_fr(const char *date, char out[DT_DATE_SIZE])
{
	if (date == NULL || strlen(date) != 10) {
		snprintf(out, DT_DATE_SIZE, "%s", date ? date : "?");
		return;
	}
	snprintf(out, DT_DATE_SIZE, "%.2s/%.2s/%.4s", date + 8, date + 5, date);
}

/* Upper case for the Latin letters of French names (ASCII, Latin-1,
 * Latin Extended-A); other code points are kept. */
static uint32_t
search_upper_cp(uint32_t c)
{
	if (c >= 'a' && c <= 'z')
		return c - 0x20;
	if (c >= 0xe0 && c <= 0xfe && c != 0xf7)
		return c - 0x20;
	if (c == 0xff)
		return 0x178;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177))
		return c % 2 ? c - 1 : c;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
		return c % 2 ? c : c - 1;
	return c;
}

/* Returns an upper-case copy of s (NULL gives ""); the caller frees it. */
static char *
search_upper(const char *s)
{
	const char *end = s ? s + strlen(s) : s;
	struct buf b;
	char enc[4];
	uint32_t cp;
	size_t left;
	int len;

	buf_init(&b);
	buf_adds(&b, "");
	while (s < end) {
		left = (size_t)(end - s);
		if ((len = utf8_decode(s, left < 4 ? left : 4, &cp)) == 0) {
			buf_addc(&b, *s++);
			continue;
		}
		buf_add(&b, enc, (size_t)utf8_encode(search_upper_cp(cp), enc));
		s += len;
	}
	return buf_steal(&b);
}

/* Appends "address, town" (either may be missing) to b. */
static void
search_add_address(struct buf *b, const char *address, const char *town)
{
	if (address != NULL)
		buf_adds(b, address);
	if (address != NULL && town != NULL)
		buf_adds(b, ", ");
	if (town != NULL)
		buf_adds(b, town);
}

static void
search_fill_dwelling(struct search_hit *h, struct db_stmt *st, const struct search_ctx *c)
{
	const char *address = db_col_text(st, 2), *town = db_col_text(st, 3);
	struct buf b;

	h->id = db_col_dup(st, 0);
	buf_init(&b);
	buf_adds(&b, db_col_text(st, 1));
	if (address != NULL || town != NULL)
		buf_adds(&b, " — ");
	search_add_address(&b, address, town);
	h->label = buf_steal(&b);
	h->detail = xstrdup(db_col_text(st, 4) ? db_col_text(st, 4) : "");
	h->open_dwelling_id = db_col_dup(st, 0);
	h->open_estate_id = db_col_dup(st, 5);
}

static void
search_fill_estate(struct search_hit *h, struct db_stmt *st, const struct search_ctx *c)
{
	const char *code = db_col_text(st, 2);
	struct buf b;

	h->id = db_col_dup(st, 0);
	h->label = code ? xasprintf("%s (%s)", db_col_text(st, 1), code) :
	    db_col_dup(st, 1);
	buf_init(&b);
	buf_adds(&b, "");
	search_add_address(&b, db_col_text(st, 3), db_col_text(st, 4));
	h->detail = buf_steal(&b);
	h->open_estate_id = db_col_dup(st, 0);
}

/* The tenant's dwelling: where they live, or lived, or will live; the end
 * of a past lease only for roles that may read leases. */
static char *
search_tenant_detail(struct db_stmt *st, const struct search_ctx *c)
{
	const char *ref = db_col_text(st, 4), *start = db_col_text(st, 5);
	const char *end = db_col_text(st, 6);
	char fr[DT_DATE_SIZE];
	struct buf b;

	if (ref == NULL)
		return xstrdup("aucun bail");
	buf_init(&b);
	if (end != NULL && strcmp(end, c->today) < 0) {
		buf_printf(&b, "ancien logement : %s", ref);
		if (perm_can_read(c->role, PG_LEASES)) {
			search_date_fr(end, fr);
			buf_printf(&b, " (bail terminé le %s)", fr);
		}
		return buf_steal(&b);
	}
	if (start != NULL && strcmp(start, c->today) > 0)
		buf_adds(&b, "bail à venir : ");
	buf_adds(&b, ref);
	if (db_col_text(st, 7) != NULL || db_col_text(st, 8) != NULL)
		buf_adds(&b, " — ");
	search_add_address(&b, db_col_text(st, 7), db_col_text(st, 8));
	return buf_steal(&b);
}

static void
search_fill_tenant(struct search_hit *h, struct db_stmt *st, const struct search_ctx *c)
{
	const char *first = db_col_text(st, 2);
	char *last = search_upper(db_col_text(st, 1));

	h->id = db_col_dup(st, 0);
	h->label = first && *first ? xasprintf("%s %s", last, first) : xstrdup(last);
	h->detail = search_tenant_detail(st, c);
	h->open_dwelling_id = db_col_dup(st, 3);
	h->open_estate_id = db_col_dup(st, 9);
	free(last);
}

static const char *
search_status_label(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof search_claim_statuses / sizeof search_claim_statuses[0]; i++)
		if (code != NULL && strcmp(search_claim_statuses[i].code, code) == 0)
			return search_claim_statuses[i].label;
	return code ? code : "?";
}

/* "Chauffage, clôturée — G00001-A1-001", or "— entrée 2, bât. A,
 * Résidence Les Lilas" for a claim on a common place. */
static char *
search_claim_detail(struct db_stmt *st)
{
	const char *ref = db_col_text(st, 5), *entrance = db_col_text(st, 6);
	const char *building = db_col_text(st, 7), *area = db_col_text(st, 8);
	const char *estate = db_col_text(st, 9);
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "%s, %s", db_col_text(st, 2), search_status_label(db_col_text(st, 3)));
	if (ref != NULL) {
		buf_printf(&b, " — %s", ref);
		return buf_steal(&b);
	}
	buf_adds(&b, " —");
	if (area != NULL)
		buf_printf(&b, " %s,", area);
	else if (entrance != NULL)
		buf_printf(&b, " entrée %s, bât. %s,", entrance, building ? building : "?");
	else if (building != NULL)
		buf_printf(&b, " bât. %s,", building);
	buf_printf(&b, " %s", estate ? estate : "?");
	return buf_steal(&b);
}

static void
search_fill_claim(struct search_hit *h, struct db_stmt *st, const struct search_ctx *c)
{
	h->id = db_col_dup(st, 0);
	h->label = db_col_dup(st, 1);
	h->detail = search_claim_detail(st);
	h->open_dwelling_id = db_col_dup(st, 4);
	h->open_estate_id = db_col_dup(st, 10);
}

/* The statement of a kind for c's scope: the count of its matches
 * (count set) or the hits themselves. The caller frees. */
static char *
search_sql(const struct search_kind_ops *k, const struct search_ctx *c, int count)
{
	char *cond = patrimoine_scope_sql(&c->scope, k->scope_col), *hits, *more, *sql;
	int all = c->scope.kind == SCOPE_ALL;

	hits = xasprintf(all ? k->hits_all : k->hits_scoped, cond);
	more = all || k->sql_scoped == NULL ? xstrdup("") : xasprintf(k->sql_scoped, cond);
	if (count)
		sql = xasprintf("SELECT count(*) FROM (%s LIMIT ?3)", hits);
	else
		sql = xasprintf(k->sql, hits, more);
	free(more);
	free(hits);
	free(cond);
	return sql;
}

/* The prepared statement of a kind, its parameters bound; NULL on error. */
static struct db_stmt *
search_stmt(struct db *db, const struct search_kind_ops *k, const char *expr, int limit,
    const struct search_ctx *c, int count, struct err *e)
{
	char *sql = search_sql(k, c, count);
	struct db_stmt *st = db_stmt(db, e, sql);

	if (st != NULL && db_bind(st, e, strstr(sql, "?4") ? "ttdt" : "ttd", c->scope.arg,
	    expr, limit, c->today) != 0)
		st = NULL;
	free(sql);
	return st;
}

/* How many rows of a kind match in scope, counting no further than limit:
 * the FTS index alone when the scope is everything. */
static int
search_count(struct db *db, const struct search_kind_ops *k, const char *expr, int limit,
    const struct search_ctx *c, size_t *n, struct err *e)
{
	struct db_stmt *st = search_stmt(db, k, expr, limit, c, 1, e);
	int rc;

	*n = 0;
	if (st == NULL || (rc = db_step(st, e)) < 0)
		return -1;
	if (rc == 1)
		*n = (size_t)db_col_int(st, 0);
	db_reset(st);
	return 0;
}

/* Reads up to limit hits of one kind into out (which has room). */
static int
search_read_kind(struct db *db, const struct search_kind_ops *k, const char *expr, int limit,
    const struct search_ctx *c, struct search_hit *out, size_t *n, struct err *e)
{
	struct db_stmt *st;
	int rc;

	*n = 0;
	if ((st = search_stmt(db, k, expr, limit, c, 0, e)) == NULL)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		memset(&out[*n], 0, sizeof out[*n]);
		out[*n].kind = k->kind;
		k->fill(&out[(*n)++], st, c);
	}
	return rc;
}

/* How many hits of each kind to keep: one each in turn, in display order,
 * until limit; a kind with few matches leaves its share to the others. */
static void
search_share(const size_t have[NKINDS], size_t limit, size_t take[NKINDS])
{
	size_t i, given = 0, progress = 1;

	memset(take, 0, NKINDS * sizeof take[0]);
	while (given < limit && progress) {
		progress = 0;
		for (i = 0; i < NKINDS && given < limit; i++) {
			if (take[i] < have[i]) {
				take[i]++;
				given++;
				progress = 1;
			}
		}
	}
}

static void
search_hit_clear(struct search_hit *h)
{
	free(h->id);
	free(h->label);
	free(h->detail);
	free(h->open_dwelling_id);
	free(h->open_estate_id);
}

static int
search_allowed(const char *role, const struct search_kind_ops *k)
{
	return k->group < 0 || perm_can_read(role, (enum perm_group)k->group);
}

static void
search_ctx_init(struct search_ctx *c, const struct user *who)
{
	memset(c, 0, sizeof *c);
	c->role = who->role;
	patrimoine_scope(who, &c->scope);
	dt_today(c->today);
}

/* Counts first, then reads the rows shown: a one-letter query matches
 * every kind, and only the hits kept are worth their joins. */
static int
search_collect(struct db *db, const char *expr, int limit, const struct search_ctx *c,
    struct search_hit *all, size_t *n, struct err *e)
{
	size_t have[NKINDS] = {0}, take[NKINDS], got, i;
	int rc;

	for (i = 0; i < NKINDS; i++)
		if (search_allowed(c->role, &search_kinds[i]) &&
		    search_count(db, &search_kinds[i], expr, limit, c, &have[i], e) != 0)
			return -1;
	search_share(have, (size_t)limit, take);
	for (i = 0; i < NKINDS; i++) {
		if (take[i] == 0)
			continue;
		rc = search_read_kind(db, &search_kinds[i], expr, (int)take[i], c, all + *n,
		    &got, e);
		*n += got; /* filled even on error, so that the caller frees them */
		if (rc != 0)
			return -1;
	}
	return 0;
}

int
search_run(struct db *db, const struct user *who, const char *query, int limit,
    struct search_hit **hits, size_t *n, struct err *e)
{
	struct search_ctx c;
	struct search_hit *all;
	char *expr;
	size_t i;

	*hits = NULL;
	*n = 0;
	if (limit <= 0 || query == NULL || (expr = search_expression(query)) == NULL)
		return 0;
	if (limit > SEARCH_MAX_LIMIT)
		limit = SEARCH_MAX_LIMIT;
	search_ctx_init(&c, who);
	all = xcalloc((size_t)limit, sizeof *all);
	if (search_collect(db, expr, limit, &c, all, n, e) != 0) {
		for (i = 0; i < *n; i++)
			search_hit_clear(&all[i]);
		free(all);
		free(expr);
		*n = 0;
		return err_prefix(e, "recherche : ");
	}
	free(expr);
	for (i = 0; i < *n; i++)
		if (all[i].kind == SEARCH_TENANT)
			audit_note(all[i].id, AUDIT_IDENTITY);
	if (audit_flush(db, e) != 0) {
		search_hits_free(all, *n);
		*n = 0;
		return -1;
	}
	*hits = all;
	return 0;
}

int
search_prepare(struct db *db, const struct user *who, struct err *e)
{
	struct search_ctx c;
	struct db_stmt *st;
	size_t i, n;

	search_ctx_init(&c, who);
	for (i = 0; i < NKINDS; i++) {
		if (!search_allowed(c.role, &search_kinds[i]))
			continue;
		st = search_stmt(db, &search_kinds[i], "\"\"", 1, &c, 0, e);
		if (st == NULL ||
		    search_count(db, &search_kinds[i], "\"\"", 1, &c, &n, e) != 0)
			return err_prefix(e, "recherche : ");
		db_reset(st);
	}
	return 0;
}

void
search_hits_free(struct search_hit *hits, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		search_hit_clear(&hits[i]);
	free(hits);
}

/* Drops and recreates one FTS table (its definition read back from the
 * schema, so that it stays the migration's own), then fills it from its
 * view: faster than deleting rows one by one. */
static int
search_refill(struct db *db, const char *table, struct err *e)
{
	char *create, *sql;
	int rc;

	err_clear(e);
	create = db_text(db, e, "SELECT sql FROM sqlite_schema WHERE type = 'table' "
	    "AND name = ?", "t", table);
	if (create == NULL) {
		if (e->msg[0] == '\0')
			err_set(e, "table %s absente : base à migrer", table);
		return -1;
	}
	sql = xasprintf("DROP TABLE %s; %s; INSERT INTO %s (rowid, id, text) "
	    "SELECT r, id, text FROM %s_src;", table, create, table, table);
	rc = db_script(db, e, sql);
	free(sql);
	free(create);
	return rc;
}

int
search_rebuild(struct db *db, struct err *e)
{
	size_t i;

	if (db_begin(db, e) != 0)
		return -1;
	for (i = 0; i < NKINDS; i++) {
		if (search_refill(db, search_kinds[i].table, e) != 0) {
			db_rollback(db);
			return err_prefix(e, "reconstruction de l'index de recherche : ");
		}
	}
	return db_commit(db, e);
}

int
search_suspend(struct db *db, struct err *e)
{
	struct db_stmt *st;
	struct buf drops;
	int rc;

	if (!db_in_transaction(db))
		return err_set(e, "suspension de l'index de recherche hors transaction");
	if (db_script(db, e, "CREATE TEMP TABLE search_suspended AS SELECT name, sql "
	    "FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'search\\_%' "
	    "ESCAPE '\\'") != 0)
		return err_prefix(e, "suspension de l'index de recherche : ");
	st = db_stmt(db, e, "SELECT name FROM temp.search_suspended ORDER BY name");
	if (st == NULL)
		return -1;
	buf_init(&drops);
	buf_adds(&drops, "");
	while ((rc = db_step(st, e)) == 1)
		buf_printf(&drops, "DROP TRIGGER main.\"%s\";", db_col_text(st, 0));
	if (rc == 0)
		rc = db_script(db, e, drops.data);
	buf_free(&drops);
	return rc;
}

int
search_resume(struct db *db, struct err *e)
{
	struct db_stmt *st;
	struct buf creates;
	size_t i;
	int rc;

	if (!db_in_transaction(db))
		return err_set(e, "reprise de l'index de recherche hors transaction");
	st = db_stmt(db, e, "SELECT sql FROM temp.search_suspended ORDER BY name");
	if (st == NULL)
		return err_prefix(e, "reprise de l'index de recherche : ");
	buf_init(&creates);
	buf_adds(&creates, "");
	while ((rc = db_step(st, e)) == 1)
		buf_printf(&creates, "%s;\n", db_col_text(st, 0));
	if (rc == 0)
		rc = db_script(db, e, creates.data);
	buf_free(&creates);
	if (rc == 0)
		rc = db_script(db, e, "DROP TABLE temp.search_suspended");
	for (i = 0; i < NKINDS && rc == 0; i++)
		rc = search_refill(db, search_kinds[i].table, e);
	return rc == 0 ? 0 : err_prefix(e, "reprise de l'index de recherche : ");
}
