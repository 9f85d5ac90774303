#include "history_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "field.h"
#include "sheet.h"
#include "xalloc.h"

/* Columns of the history query, the same for every kind. */
enum {
	HC_KIND, HC_SUB, HC_AT, HC_ROW, HC_DWELLING, HC_PLACE,
	HC_S1, HC_S2, HC_S3, HC_S4, HC_S5, HC_AMOUNT
};

typedef char *(*history_fmt_fn)(struct db_stmt *, int sub);

static char *history_fmt_lease(struct db_stmt *, int);
static char *history_fmt_inspection(struct db_stmt *, int);
static char *history_fmt_claim(struct db_stmt *, int);
static char *history_fmt_work_order(struct db_stmt *, int);
static char *history_fmt_works(struct db_stmt *, int);
static char *history_fmt_equipment(struct db_stmt *, int);
static char *history_fmt_logbook(struct db_stmt *, int);
static char *history_fmt_note(struct db_stmt *, int);

const struct history_kind_info history_kinds[H_KIND_COUNT] = {
#define X(id, k, l, t) [H_##id] = {k, l, t},
	HISTORY_KINDS(X)
#undef X
};

/* What a role needs to read each kind, and how its line reads. */
static const struct {
	enum perm_group group;
	history_fmt_fn fmt;
} history_rules[H_KIND_COUNT] = {
	[H_LEASE] = {PG_LEASES, history_fmt_lease},
	[H_INSPECTION] = {PG_INSPECTIONS, history_fmt_inspection},
	[H_CLAIM] = {PG_CLAIMS, history_fmt_claim},
	[H_WORK_ORDER] = {PG_CLAIMS, history_fmt_work_order},
	[H_WORKS] = {PG_EQUIPMENT, history_fmt_works},
	[H_EQUIPMENT] = {PG_EQUIPMENT, history_fmt_equipment},
	[H_LOGBOOK] = {PG_LOGBOOK, history_fmt_logbook},
	[H_NOTE] = {PG_LOGBOOK, history_fmt_note},
};

static const char *const history_scope_tables[HISTORY_SCOPE_COUNT] = {
	[HISTORY_DWELLING] = "dwelling",
	[HISTORY_BUILDING] = "building",
	[HISTORY_ESTATE] = "estate",
};

static const char *const history_scope_names[HISTORY_SCOPE_COUNT] = {
	[HISTORY_DWELLING] = "logement",
	[HISTORY_BUILDING] = "bâtiment",
	[HISTORY_ESTATE] = "résidence",
};

/* The query is put together from pieces, per scope. First the places, as
 * (id, label) sets: dw dwellings, en entrances, bl buildings, ca common
 * areas, es the estate; ?1 is the id. A dwelling's history reads only dw,
 * so that it never pays for the places above it. */
#define ENTRANCE_LABEL "'Bât. ' || b.code || ', entrée ' || e.code"

#define SCOPE_DWELLING \
	"WITH dw(id, label) AS (SELECT id, reference FROM dwelling WHERE id = ?1), "
#define SCOPE_BUILDING \
	"WITH bl(id, label) AS (SELECT id, 'Bât. ' || code FROM building WHERE id = ?1), " \
	"en(id, label) AS (SELECT e.id, " ENTRANCE_LABEL " FROM building b " \
	" JOIN entrance e ON e.building_id = b.id WHERE b.id = ?1), " \
	"dw(id, label) AS (SELECT d.id, d.reference FROM entrance e " \
	" JOIN dwelling d ON d.entrance_id = e.id WHERE e.building_id = ?1), " \
	"ca(id, label) AS (SELECT id, name FROM common_area WHERE building_id = ?1), "
#define SCOPE_ESTATE \
	"WITH es(id, label) AS (SELECT id, name FROM estate WHERE id = ?1), " \
	"bl(id, label) AS (SELECT id, 'Bât. ' || code FROM building WHERE estate_id = ?1), " \
	"en(id, label) AS (SELECT e.id, " ENTRANCE_LABEL " FROM building b " \
	" JOIN entrance e ON e.building_id = b.id WHERE b.estate_id = ?1), " \
	"dw(id, label) AS (SELECT d.id, d.reference FROM building b " \
	" JOIN entrance e ON e.building_id = b.id " \
	" JOIN dwelling d ON d.entrance_id = e.id WHERE b.estate_id = ?1), " \
	"ca(id, label) AS (SELECT id, name FROM common_area WHERE estate_id = ?1 " \
	" UNION ALL SELECT a.id, a.name FROM building b " \
	" JOIN common_area a ON a.building_id = b.id WHERE b.estate_id = ?1), "

/* The bits below are the kinds' places in enum history_kind. ?2 is the
 * mask of kinds: a constant term, so SQLite skips a branch whose bit is
 * off before reading a row. */
_Static_assert(H_LEASE == 0 && H_INSPECTION == 1 && H_CLAIM == 2 && H_WORK_ORDER == 3 &&
    H_WORKS == 4 && H_EQUIPMENT == 5 && H_LOGBOOK == 6 && H_NOTE == 7,
    "history query bits out of step with enum history_kind");
#define KIND(bit) " WHERE (?2 & " #bit ") <> 0 "

/* Claims and work orders sit on a dwelling, an entrance, a building or a
 * common area: cl and wo gather them with their place. Work orders have no
 * index on the places above a dwelling: one pass over the table with IN
 * tests (which become index reads once such indexes exist). */
#define CL_COLS "x.id, x.number, x.category, x.description, x.opened_at"
#define WO_COLS "x.id, x.number, x.description, x.contractor_id, x.ordered_at"
#define CL_OPEN "cl(id, number, category, description, opened_at, dwelling_id, place) AS ("
#define WO_OPEN "wo(id, number, description, contractor_id, ordered_at, dwelling_id, place) AS ("
#define CL_DW \
	"SELECT " CL_COLS ", dw.id, dw.label FROM dw JOIN claim x ON x.dwelling_id = dw.id" KIND(4)
#define CL_PLACES \
	"UNION ALL SELECT " CL_COLS ", NULL, en.label FROM en " \
	" JOIN claim x ON x.entrance_id = en.id" KIND(4) \
	"UNION ALL SELECT " CL_COLS ", NULL, bl.label FROM bl " \
	" JOIN claim x ON x.building_id = bl.id" KIND(4) \
	"UNION ALL SELECT " CL_COLS ", NULL, ca.label FROM ca " \
	" JOIN claim x ON x.common_area_id = ca.id" KIND(4)
#define WO_DW \
	"SELECT " WO_COLS ", dw.id, dw.label FROM dw " \
	" JOIN work_order x ON x.dwelling_id = dw.id" KIND(8)
#define WO_PLACES \
	"UNION ALL SELECT " WO_COLS ", NULL, " \
	" coalesce((SELECT label FROM en WHERE en.id = x.entrance_id), " \
	"  (SELECT label FROM bl WHERE bl.id = x.building_id), " \
	"  (SELECT label FROM ca WHERE ca.id = x.common_area_id)) " \
	" FROM work_order x" KIND(8) " AND x.dwelling_id IS NULL " \
	" AND (x.entrance_id IN (SELECT id FROM en) OR x.building_id IN (SELECT id FROM bl) " \
	"  OR x.common_area_id IN (SELECT id FROM ca)) "

/* Names are "LAST\x1fFirst" joined by \x1e, "" for an anonymised tenant;
 * ?3 allows them, ?4 allows amounts. */
#define NAMES \
	"CASE WHEN ?3 THEN (SELECT group_concat(CASE WHEN t.anonymised THEN '' " \
	" ELSE t.last_name || char(31) || coalesce(t.first_name, '') END, char(30)) " \
	" FROM lease_tenant lt JOIN tenant t ON t.id = lt.tenant_id " \
	" WHERE lt.lease_id = l.id) END"
#define AMOUNT "CASE WHEN ?4 THEN w.amount_cents END"
#define WORKS_COLS "w.date, w.id"
#define WORKS_REST "w.kind, w.description, NULL, NULL, NULL, " AMOUNT
#define EQUIP_COLS "q.install_date, q.id"
#define EQUIP_REST "q.kind, q.make, q.model, NULL, NULL, NULL"
#define TEXT_REST "x.text, u.display_name, NULL, NULL, NULL, NULL"

/* Events of the dwellings (dw), of the claims and work orders (cl, wo). */
#define EVENTS_DW \
	/* Leases: moving out (sub 0), moving in (sub 1): on the same day, \
	 * the new tenant's entry is the newer event. */ \
	"SELECT 0, 1, l.start_date, l.id, dw.id, dw.label, " NAMES ", l.start_date, " \
	" l.reference, NULL, NULL, NULL FROM dw JOIN lease l ON l.dwelling_id = dw.id" KIND(1) \
	"UNION ALL SELECT 0, 0, l.end_date, l.id, dw.id, dw.label, " NAMES ", l.start_date, " \
	" l.reference, NULL, NULL, NULL FROM dw JOIN lease l ON l.dwelling_id = dw.id" KIND(1) \
	" AND l.end_date IS NOT NULL " \
	/* Inspections, when done (or planned). */ \
	"UNION ALL SELECT 1, 0, coalesce(i.done_at, i.signed_at, i.planned_date), i.id, dw.id, " \
	" dw.label, i.kind, i.state, i.amendment_kind, NULL, NULL, NULL " \
	" FROM dw JOIN inspection i ON i.dwelling_id = dw.id" KIND(2) \
	" AND coalesce(i.done_at, i.signed_at, i.planned_date) IS NOT NULL " \
	/* Claims: the opening, then each status change but the first. */ \
	"UNION ALL SELECT 2, 0, cl.opened_at, cl.id, cl.dwelling_id, cl.place, cl.number, " \
	" coalesce(cc.label, cl.category), cl.description, " \
	" (SELECT u.display_name FROM claim_event ce JOIN user_account u ON u.id = ce.user_id " \
	"  WHERE ce.claim_id = cl.id AND ce.from_status IS NULL ORDER BY ce.at LIMIT 1), " \
	" NULL, NULL FROM cl LEFT JOIN claim_category cc ON cc.code = cl.category " \
	"UNION ALL SELECT 2, 1, ce.at, cl.id, cl.dwelling_id, cl.place, cl.number, " \
	" coalesce(cc.label, cl.category), ce.from_status, ce.to_status, u.display_name, NULL " \
	" FROM cl JOIN claim_event ce ON ce.claim_id = cl.id " \
	" LEFT JOIN claim_category cc ON cc.code = cl.category " \
	" LEFT JOIN user_account u ON u.id = ce.user_id " \
	" WHERE ce.to_status IS NOT NULL " \
	" AND (ce.from_status IS NOT NULL OR ce.to_status <> 'new') " \
	/* Work orders likewise. */ \
	"UNION ALL SELECT 3, 0, wo.ordered_at, wo.id, wo.dwelling_id, wo.place, wo.number, " \
	" wo.description, k.name, NULL, NULL, NULL " \
	" FROM wo LEFT JOIN contractor k ON k.id = wo.contractor_id " \
	"UNION ALL SELECT 3, 1, we.at, wo.id, wo.dwelling_id, wo.place, wo.number, " \
	" we.from_status, we.to_status, u.display_name, NULL, NULL " \
	" FROM wo JOIN work_order_event we ON we.work_order_id = wo.id " \
	" LEFT JOIN user_account u ON u.id = we.user_id " \
	" WHERE we.to_status IS NOT NULL " \
	" AND (we.from_status IS NOT NULL OR we.to_status <> 'ordered') " \
	/* Works; equipment at its installation; logbook; notes. */ \
	"UNION ALL SELECT 4, 0, " WORKS_COLS ", dw.id, dw.label, " WORKS_REST \
	" FROM dw JOIN works w ON w.dwelling_id = dw.id" KIND(16) \
	"UNION ALL SELECT 5, 0, " EQUIP_COLS ", dw.id, dw.label, " EQUIP_REST \
	" FROM dw JOIN equipment q ON q.dwelling_id = dw.id" KIND(32) \
	" AND q.install_date IS NOT NULL " \
	"UNION ALL SELECT 6, 0, x.at, x.id, dw.id, dw.label, " TEXT_REST \
	" FROM dw JOIN logbook_entry x ON x.dwelling_id = dw.id " \
	" LEFT JOIN user_account u ON u.id = x.author_id" KIND(64) \
	"UNION ALL SELECT 7, 0, x.at, x.id, dw.id, dw.label, " TEXT_REST \
	" FROM dw JOIN note x ON x.dwelling_id = dw.id " \
	" LEFT JOIN user_account u ON u.id = x.author_id" KIND(128)

/* Events of the places above the dwellings: buildings, entrances, common
 * areas. */
#define EVENTS_PLACES \
	"UNION ALL SELECT 4, 0, " WORKS_COLS ", NULL, bl.label, " WORKS_REST \
	" FROM bl JOIN works w ON w.building_id = bl.id" KIND(16) \
	"UNION ALL SELECT 4, 0, " WORKS_COLS ", NULL, " \
	" (SELECT label FROM ca WHERE ca.id = w.common_area_id), " WORKS_REST \
	" FROM works w" KIND(16) " AND w.common_area_id IN (SELECT id FROM ca) " \
	"UNION ALL SELECT 5, 0, " EQUIP_COLS ", NULL, bl.label, " EQUIP_REST \
	" FROM bl JOIN equipment q ON q.building_id = bl.id" KIND(32) \
	" AND q.install_date IS NOT NULL " \
	"UNION ALL SELECT 5, 0, " EQUIP_COLS ", NULL, ca.label, " EQUIP_REST \
	" FROM ca JOIN equipment q ON q.common_area_id = ca.id" KIND(32) \
	" AND q.install_date IS NOT NULL " \
	"UNION ALL SELECT 6, 0, x.at, x.id, NULL, en.label, " TEXT_REST \
	" FROM en JOIN logbook_entry x ON x.entrance_id = en.id " \
	" LEFT JOIN user_account u ON u.id = x.author_id" KIND(64) \
	"UNION ALL SELECT 6, 0, x.at, x.id, NULL, bl.label, " TEXT_REST \
	" FROM bl JOIN logbook_entry x ON x.building_id = bl.id " \
	" LEFT JOIN user_account u ON u.id = x.author_id" KIND(64) \
	"UNION ALL SELECT 7, 0, x.at, x.id, NULL, bl.label, " TEXT_REST \
	" FROM bl JOIN note x ON x.building_id = bl.id " \
	" LEFT JOIN user_account u ON u.id = x.author_id" KIND(128)

/* Events of the estate itself. */
#define EVENTS_ESTATE \
	"UNION ALL SELECT 4, 0, " WORKS_COLS ", NULL, es.label, " WORKS_REST \
	" FROM es JOIN works w ON w.estate_id = es.id" KIND(16) \
	"UNION ALL SELECT 7, 0, x.at, x.id, NULL, es.label, " TEXT_REST \
	" FROM es JOIN note x ON x.estate_id = es.id " \
	" LEFT JOIN user_account u ON u.id = x.author_id" KIND(128)

#define NEWEST_FIRST " ORDER BY 3 DESC, 1, 2 DESC, 4 DESC"

static const char *const history_sql[HISTORY_SCOPE_COUNT] = {
	[HISTORY_DWELLING] = SCOPE_DWELLING CL_OPEN CL_DW "), " WO_OPEN WO_DW ") "
	    EVENTS_DW NEWEST_FIRST,
	[HISTORY_BUILDING] = SCOPE_BUILDING CL_OPEN CL_DW CL_PLACES "), "
	    WO_OPEN WO_DW WO_PLACES ") " EVENTS_DW EVENTS_PLACES NEWEST_FIRST,
	[HISTORY_ESTATE] = SCOPE_ESTATE CL_OPEN CL_DW CL_PLACES "), "
	    WO_OPEN WO_DW WO_PLACES ") " EVENTS_DW EVENTS_PLACES EVENTS_ESTATE NEWEST_FIRST,
};

/* ---- Kinds ---- */

enum perm_group
history_kind_group(enum history_kind k)
{
	return history_rules[k].group;
}

unsigned
history_kinds_readable(const char *role)
{
	unsigned mask = 0;
	int k;

	for (k = 0; k < H_KIND_COUNT; k++)
		if (perm_can_read(role, history_rules[k].group))
			mask |= HISTORY_BIT(k);
	return mask;
}

char *
history_reserved(const char *role)
{
	unsigned seen = 0;
	struct buf b = {0};
	char *why;
	int k, g;

	/* The kinds' groups, then the amounts shown inside works events. */
	for (k = 0; k <= H_KIND_COUNT; k++) {
		g = k < H_KIND_COUNT ? (int)history_rules[k].group : PG_MONEY;
		if (perm_can_read(role, (enum perm_group)g) || (seen & (1u << g)))
			continue;
		seen |= 1u << g;
		why = field_reserved((enum perm_group)g);
		buf_printf(&b, "%s%s", b.len ? " · " : "", why);
		free(why);
	}
	return b.len ? buf_steal(&b) : NULL;
}

const char *
history_kind_label(enum history_kind k)
{
	return k < H_KIND_COUNT ? history_kinds[k].label : "?";
}

int
history_kind_key(enum history_kind k)
{
	return k < H_KIND_COUNT ? history_kinds[k].key : 0;
}

int
history_kind_from_key(int key)
{
	int k;

	if (key >= 'a' && key <= 'z')
		key -= 'a' - 'A';
	for (k = 0; k < H_KIND_COUNT; k++)
		if (history_kinds[k].key == key)
			return k;
	return -1;
}

/* ---- Lines ---- */

/* " (par Martin L.)", or "" without a known user; the caller frees. */
static char *
history_by(const char *name)
{
	char *s, *v;

	if (name == NULL)
		return xstrdup("");
	s = sheet_short_name(name);
	v = xasprintf(" (par %s)", s);
	free(s);
	return v;
}

/* "de DUPONT Hélène et DUPONT Marc", "d'un locataire": from the names
 * column (NULL when the role may not see them). */
static char *
history_tenants(const char *names)
{
	const char *p = names, *end, *us;
	char *last, *first, *person, *all, *v;
	struct buf b;

	if (names == NULL)
		return xstrdup("d'un locataire");
	buf_init(&b);
	for (;;) {
		end = p + strcspn(p, "\x1e");
		us = memchr(p, '\x1f', (size_t)(end - p));
		last = us ? xstrndup(p, (size_t)(us - p)) : NULL;
		first = us ? xstrndup(us + 1, (size_t)(end - us - 1)) : NULL;
		person = sheet_person(last, first, us == NULL);
		buf_printf(&b, "%s%s", b.len ? " et " : "", person);
		free(person);
		free(last);
		free(first);
		if (*end == '\0')
			break;
		p = end + 1;
	}
	all = buf_steal(&b);
	v = xasprintf("%s%s", strncmp(all, "locataire", 9) == 0 ? "d'un " : "de ", all);
	free(all);
	return v;
}

static char *
history_fmt_lease(struct db_stmt *st, int sub)
{
	char *who = history_tenants(db_col_text(st, HC_S1)), *v;

	v = xasprintf("%s %s (bail du %s)", sub ? "Entrée" : "Sortie", who,
	    db_col_text(st, HC_S2));
	free(who);
	return v;
}

static char *
history_fmt_inspection(struct db_stmt *st, int sub)
{
	const char *amend = db_col_text(st, HC_S3);

	if (amend != NULL)
		return xasprintf("%s (%s) — %s",
		    sheet_label(SV_INSPECTION_KIND, db_col_text(st, HC_S1)),
		    sheet_label(SV_AMENDMENT, amend),
		    sheet_label(SV_INSPECTION_STATE, db_col_text(st, HC_S2)));
	return xasprintf("%s — %s", sheet_label(SV_INSPECTION_KIND, db_col_text(st, HC_S1)),
	    sheet_label(SV_INSPECTION_STATE, db_col_text(st, HC_S2)));
}

static char *
history_fmt_claim(struct db_stmt *st, int sub)
{
	const char *from = db_col_text(st, HC_S3), *to = db_col_text(st, HC_S4);
	char *cat = sheet_lower_first(db_col_text(st, HC_S2)), *by, *first, *v;

	if (sub == 0) {
		first = sheet_first_line(db_col_text(st, HC_S3));
		by = history_by(db_col_text(st, HC_S4));
		v = xasprintf("Réclamation %s %s ouverte : %s%s", db_col_text(st, HC_S1), cat,
		    first, by);
		free(first);
	} else {
		by = history_by(db_col_text(st, HC_S5));
		v = xasprintf("Réclamation %s %s : %s%s%s%s", db_col_text(st, HC_S1), cat,
		    from ? sheet_label(SV_CLAIM_STATUS, from) : "", from ? " → " : "",
		    sheet_label(SV_CLAIM_STATUS, to), by);
	}
	free(cat);
	free(by);
	return v;
}

static char *
history_fmt_work_order(struct db_stmt *st, int sub)
{
	const char *from = db_col_text(st, HC_S2), *who = db_col_text(st, HC_S3);
	char *first, *by, *v;

	if (sub == 0) {
		first = sheet_first_line(db_col_text(st, HC_S2));
		v = xasprintf("Intervention %s commandée%s%s : %s", db_col_text(st, HC_S1),
		    who ? " à " : "", who ? who : "", first);
		free(first);
		return v;
	}
	by = history_by(db_col_text(st, HC_S4));
	v = xasprintf("Intervention %s : %s%s%s%s", db_col_text(st, HC_S1),
	    from ? sheet_label(SV_WORK_ORDER_STATUS, from) : "", from ? " → " : "",
	    sheet_label(SV_WORK_ORDER_STATUS, db_col_text(st, HC_S3)), by);
	free(by);
	return v;
}

static char *
history_fmt_works(struct db_stmt *st, int sub)
{
	const char *what = db_col_text(st, HC_S2);
	char *text, *money, *v;

	if (what == NULL)
		what = sheet_label(SV_WORKS, db_col_text(st, HC_S1));
	text = sheet_lower_first(what);
	money = db_col_is_null(st, HC_AMOUNT) ? NULL : sheet_money(db_col_int(st, HC_AMOUNT));
	v = xasprintf("Travaux : %s%s%s", text, money ? " — " : "", money ? money : "");
	free(text);
	free(money);
	return v;
}

static char *
history_fmt_equipment(struct db_stmt *st, int sub)
{
	const char *make = db_col_text(st, HC_S2);
	char *kind = sheet_lower_first(sheet_label(SV_EQUIPMENT, db_col_text(st, HC_S1))), *v;

	v = xasprintf("Équipement installé : %s%s%s", kind, make ? " " : "", make ? make : "");
	free(kind);
	return v;
}

static char *
history_fmt_text(const char *prefix, struct db_stmt *st)
{
	char *first = sheet_first_line(db_col_text(st, HC_S1)), *v;
	char *who = db_col_text(st, HC_S2) ? sheet_short_name(db_col_text(st, HC_S2)) : NULL;

	v = xasprintf("%s%s%s%s%s", prefix, first, who ? " (" : "", who ? who : "",
	    who ? ")" : "");
	free(first);
	free(who);
	return v;
}

static char *
history_fmt_logbook(struct db_stmt *st, int sub)
{
	return history_fmt_text("", st);
}

static char *
history_fmt_note(struct db_stmt *st, int sub)
{
	return history_fmt_text("Note : ", st);
}

/* ---- Loading ---- */

static void
history_fill(struct history_event *ev, struct db_stmt *st)
{
	int k = (int)db_col_int(st, HC_KIND);

	ev->kind = (enum history_kind)k;
	ev->at = db_col_dup(st, HC_AT);
	ev->summary = history_rules[k].fmt(st, (int)db_col_int(st, HC_SUB));
	ev->place = xstrdup(db_col_text(st, HC_PLACE) ? db_col_text(st, HC_PLACE) : "");
	ev->table = history_kinds[k].table;
	snprintf(ev->row_id, sizeof ev->row_id, "%s", db_col_text(st, HC_ROW));
	snprintf(ev->dwelling_id, sizeof ev->dwelling_id, "%s",
	    db_col_text(st, HC_DWELLING) ? db_col_text(st, HC_DWELLING) : "");
}

static int
history_exists(struct db *db, enum history_scope scope, const char *id, struct err *e)
{
	char *sql = xasprintf("SELECT count(*) FROM %s WHERE id = ?",
	    history_scope_tables[scope]);
	int64_t n = 0;
	int rc = db_int(db, e, &n, sql, "t", id);

	free(sql);
	if (rc < 0)
		return -1;
	if (n == 0)
		return err_set(e, "historique : %s introuvable (%s)",
		    history_scope_names[scope], id);
	return 0;
}

/* The lease events name their tenants: each display is logged. */
static int
history_audit(struct db *db, const char *role, const struct history_event *ev, size_t n,
    struct err *e)
{
	struct db_stmt *st;
	size_t i;
	int rc = 0;

	if (!perm_can_read(role, PG_TENANT_IDENTITY))
		return 0;
	for (i = 0; i < n && rc == 0; i++) {
		if (strcmp(ev[i].table, "lease") != 0)
			continue;
		st = db_stmt(db, e, "SELECT lt.tenant_id FROM lease_tenant lt JOIN tenant t "
		    "ON t.id = lt.tenant_id WHERE lt.lease_id = ? AND t.anonymised = 0");
		if (st == NULL || db_bind(st, e, "t", ev[i].row_id) != 0) {
			rc = -1; /* the notes taken so far go too */
			break;
		}
		while ((rc = db_step(st, e)) == 1)
			audit_note(db_col_text(st, 0), AUDIT_IDENTITY);
	}
	if (rc < 0) {
		audit_discard();
		return -1;
	}
	return audit_flush(db, e);
}

int
history_load(struct db *db, const char *role, enum history_scope scope, const char *id,
    unsigned kinds_mask, struct history_event **ev, size_t *n, struct err *e)
{
	unsigned mask = kinds_mask & history_kinds_readable(role);
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*ev = NULL;
	*n = 0;
	if (scope < 0 || scope >= HISTORY_SCOPE_COUNT)
		return err_set(e, "historique : portée inconnue");
	if (history_exists(db, scope, id, e) != 0)
		return -1;
	if (mask == 0)
		return 0;
	st = db_stmt(db, e, history_sql[scope]);
	if (st == NULL || db_bind(st, e, "tddd", id, (int)mask,
	    perm_can_read(role, PG_TENANT_IDENTITY), perm_can_read(role, PG_MONEY)) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*ev = xreallocarray(*ev, cap, sizeof **ev);
		}
		history_fill(&(*ev)[(*n)++], st);
	}
	if (rc < 0) {
		history_free(*ev, *n);
		*ev = NULL;
		*n = 0;
		return err_prefix(e, "historique : ");
	}
	if (history_audit(db, role, *ev, *n, e) != 0) {
		history_free(*ev, *n);
		*ev = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
history_free(struct history_event *ev, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(ev[i].at);
		free(ev[i].summary);
		free(ev[i].place);
	}
	free(ev);
}
