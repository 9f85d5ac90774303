#include "charge.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "perm.h"
#include "user.h"
#include "xalloc.h"
#include "charge_internal.h"

#define BP_WHOLE 10000

/* What Loge knows of each wear-grid kind: the charge proposed when the
 * gardien finds it bad (m) or missing / out of order (x), the contractor
 * trade that repairs it, the dwelling's equipment and works that renew it
 * (",a,b," lists, matched with instr), and its décret 87-712 category. */
struct charge_kind {
	const char *kind;
	char at_bad;     /* 't' tenant, 'l' landlord */
	char at_missing;
	const char *trade;
	const char *equipment;
	const char *works;
	const char *category;
};

static const struct charge_kind charge_kinds[] = {
	{"paint", 't', 't', "painting", "", ",refurbishment,",
	    "Parties intérieures : menus raccords de peinture, rebouchage des trous"},
	{"wallpaper", 't', 't', "painting", "", ",refurbishment,",
	    "Parties intérieures : menus raccords de tapisserie"},
	{"floor_covering", 't', 't', "painting", "", ",refurbishment,",
	    "Parties intérieures : entretien courant des revêtements de sol"},
	{"parquet", 't', 't', "multi", "", ",refurbishment,",
	    "Parties intérieures : parquets, remplacement de quelques lames"},
	{"tiling", 't', 't', "multi", "", ",refurbishment,",
	    "Parties intérieures : remplacement de quelques carreaux ou faïences"},
	{"cupboards", 't', 't', "multi", "", ",refurbishment,",
	    "Parties intérieures : placards, tablettes et fermetures"},
	{"joinery", 't', 't', "multi", "", ",windows,",
	    "Ouvertures : menues pièces des portes et fenêtres, vitrages"},
	{"blinds", 't', 't', "multi", "", ",windows,",
	    "Ouvertures : stores et volets, sangles et lames"},
	{"electrical", 't', 't', "electricity", "", ",electrical_upgrade,",
	    "Électricité : interrupteurs, prises, fusibles, ampoules"},
	{"taps", 't', 't', "plumbing", ",kitchen_sink,", ",bathroom,refurbishment,",
	    "Plomberie : robinetterie, joints et flexibles de douche"},
	{"sanitary", 't', 'l', "plumbing", ",kitchen_sink,", ",bathroom,refurbishment,",
	    "Plomberie : éviers et appareils sanitaires, détartrage et joints"},
	{"ventilation", 't', 't', "heating", ",vmc,", "",
	    "Autres équipements : nettoyage des bouches et conduits de ventilation"},
	{"heating", 'l', 'l', "heating", ",radiators,", ",boiler_replacement,",
	    "Plomberie : petites pièces du chauffage, purge des radiateurs"},
	{"appliances", 'l', 'l', "multi", "", "",
	    "Autres équipements : entretien courant des appareils ménagers"},
};

#define NKINDS (sizeof charge_kinds / sizeof charge_kinds[0])

/* Keys not returned: the price line that replaces each, and its name. */
static const struct charge_key {
	const char *kind, *code, *label;
} charge_keys[] = {
	{"door", "CLE", "Clé porte palière"},
	{"mailbox", "CLE", "Clé boîte aux lettres"},
	{"cellar", "CLE", "Clé cave"},
	{"badge", "BADGE", "Badge d'accès"},
	{"garage_remote", "BADGE", "Télécommande de parking"},
	{"bike_room", "CLE", "Clé local vélos"},
	{"bins_room", "CLE", "Clé local poubelles"},
	{"other", "CLE", "Autre clé"},
};

#define NKEYS (sizeof charge_keys / sizeof charge_keys[0])

/* Where an item's age starts, as the statement says it. */
enum charge_source { SRC_EQUIPMENT, SRC_WORKS, SRC_LEASE, SRC_UNKNOWN };

static const struct {
	const char *name;  /* charge_line.age_source */
	const char *since; /* in the rule: "depuis ..." */
} charge_sources[] = {
	[SRC_EQUIPMENT] = {"pose de l'équipement", "la pose de l'équipement"},
	[SRC_WORKS] = {"travaux de remise en état", "les travaux de remise en état"},
	[SRC_LEASE] = {"début du bail", "le début du bail"},
	[SRC_UNKNOWN] = {"âge inconnu", NULL},
};

static const char charge_rounding[] =
    "Montants arrondis au centime le plus proche, ligne par ligne ; "
    "le total est la somme des lignes.";

/* The inspection, its dwelling, its exit date, and the lease it ends
 * (its own, else the dwelling's lease running at that date). ?2: today. */
static const char charge_inspection_sql[] =
    "SELECT i.dwelling_id, coalesce(substr(i.done_at, 1, 10), i.planned_date, ?2), "
    " l.start_date, l.deposit_cents "
    "FROM inspection i LEFT JOIN lease l ON l.id = coalesce(i.lease_id, "
    " (SELECT id FROM lease WHERE dwelling_id = i.dwelling_id AND start_date <= "
    "  coalesce(substr(i.done_at, 1, 10), i.planned_date, ?2) "
    "  ORDER BY start_date DESC LIMIT 1)) "
    "WHERE i.id = ?1";

enum {
	CI_ID, CI_ROOM, CI_NAME, CI_COMMENT, CI_QTY, CI_CODE, CI_PLABEL, CI_UNIT, CI_PRICE,
	CI_PKIND, CI_WLABEL, CI_LIFE, CI_FRANCHISE, CI_RATE, CI_RESIDUAL,
};

static const char charge_items_sql[] =
    "SELECT it.id, r.name, it.name, it.comment, it.quantity, p.code, p.label, p.unit, "
    " p.unit_price_cents, p.item_kind, w.label, w.lifetime_years, w.franchise_years, "
    " w.yearly_rate_bp, w.residual_bp "
    "FROM inspection_room r JOIN inspection_item it ON it.room_id = r.id "
    "LEFT JOIN price_list p ON p.code = it.price_code "
    "LEFT JOIN wear_grid w ON w.item_kind = p.item_kind "
    "WHERE r.inspection_id = ? AND it.charge = 'tenant' "
    "ORDER BY r.position, it.position, it.id";

/* The latest renewal of a kind of item in the dwelling before the exit:
 * ?1 dwelling, ?2 exit date, ?3 equipment kinds, ?4 works kinds. */
static const char charge_renewal_sql[] =
    "SELECT d, src FROM ("
    " SELECT install_date AS d, 0 AS src FROM equipment WHERE dwelling_id = ?1 "
    "  AND install_date < ?2 AND instr(?3, ',' || kind || ',') > 0 "
    " UNION ALL SELECT date, 1 FROM works WHERE dwelling_id = ?1 "
    "  AND date < ?2 AND instr(?4, ',' || kind || ',') > 0) "
    "ORDER BY d DESC, src LIMIT 1";

static const char charge_keys_sql[] =
    "SELECT kind, given, returned FROM inspection_key "
    "WHERE inspection_id = ? AND returned IS NOT NULL AND returned < given ORDER BY rowid";

static const char charge_price_sql[] =
    "SELECT label, unit, unit_price_cents FROM price_list WHERE code = ?";

/* While a statement is built. */
struct charge_ctx {
	struct db *db;
	struct err *e;
	struct charge_statement *s;
	size_t cap;
	char dwelling[UID_SIZE];
	char lease_start[DT_DATE_SIZE]; /* "" when no lease is known */
};

static const struct charge_kind *charge_kind_find(const char *kind);
static int64_t charge_div_round(int64_t num, int64_t den);
static int charge_parse(const char *s, int *y, int *m, int *d);
static void charge_add_months(const char *date, int months, char out[DT_DATE_SIZE]);
static void charge_pct(int bp, char out[16]);
static const char *charge_years(int n);
static struct charge_line *charge_line_new(struct charge_ctx *c);
static int charge_load_inspection(struct charge_ctx *c, const char *id);
static int charge_start(struct charge_ctx *c, const char *kind, char from[DT_DATE_SIZE],
    enum charge_source *src);
static void charge_rule(struct charge_line *l, const char *label, const struct wear_rule *w,
    enum charge_source src);
static int charge_apply_wear(struct charge_ctx *c, struct charge_line *l, const char *kind,
    const char *label, const struct wear_rule *w);
static int charge_item(struct charge_ctx *c, struct db_stmt *st);
static int charge_items(struct charge_ctx *c, const char *id);
static int charge_key(struct charge_ctx *c, const char *kind, int64_t lost, int64_t given);
static int charge_keys_lost(struct charge_ctx *c, const char *id);
static void charge_totals(struct charge_statement *s);

/* ---- The formula ---- */

int
charge_coefficient_bp(const struct wear_rule *w, int age_years)
{
	int64_t over, coef;

	if (w == NULL)
		return BP_WHOLE;
	over = (int64_t)age_years - w->franchise_years;
	if (over < 0)
		over = 0;
	coef = BP_WHOLE - over * w->yearly_rate_bp;
	if (coef < w->residual_bp)
		coef = w->residual_bp;
	if (coef < 0)
		coef = 0;
	return coef > BP_WHOLE ? BP_WHOLE : (int)coef;
}

/* num / den rounded to the nearest, halves away from zero (den > 0). */
static int64_t
charge_div_round(int64_t num, int64_t den)
{
	if (num < 0)
		return -charge_div_round(-num, den);
	return num / den + (num % den * 2 >= den);
}

int64_t
charge_share_cents(int64_t cost_cents, int coef_bp)
{
	/* Split so that cost × coefficient cannot overflow. */
	int64_t whole = cost_cents / BP_WHOLE, rest = cost_cents % BP_WHOLE;

	return whole * coef_bp + charge_div_round(rest * coef_bp, BP_WHOLE);
}

int64_t
charge_cost_cents(double quantity, int64_t unit_price_cents)
{
	/* The nudge keeps a typed 2,675 from becoming 2,67 through binary
	 * floating point (267.4999...). */
	double h = quantity * 100.0;
	int64_t hundredths = (int64_t)llround(h + (h >= 0 ? 1e-6 : -1e-6));

	return charge_div_round(hundredths * unit_price_cents, 100);
}

static int
charge_parse(const char *s, int *y, int *m, int *d)
{
	char date[DT_DATE_SIZE];

	if (s == NULL || strlen(s) < 10)
		return 0;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!dt_date_valid(date))
		return 0;
	return sscanf(date, "%4d-%2d-%2d", y, m, d) == 3;
}

int
charge_age_years(const char *start, const char *end)
{
	int sy, sm, sd, ey, em, ed, years;

	if (!charge_parse(start, &sy, &sm, &sd) || !charge_parse(end, &ey, &em, &ed))
		return 0;
	/* A year is completed on the anniversary; one born on 29 February
	 * completes it on 1 March in other years. */
	years = ey - sy;
	if (em < sm || (em == sm && ed < sd))
		years--;
	return years < 0 ? 0 : years;
}

/* ---- Defaults by kind ---- */

const char *
charge_kind_trade(const char *kind)
{
	const struct charge_kind *k = charge_kind_find(kind);

	return k ? k->trade : NULL;
}

static const struct charge_kind *
charge_kind_find(const char *kind)
{
	size_t i;

	for (i = 0; kind != NULL && i < NKINDS; i++)
		if (strcmp(charge_kinds[i].kind, kind) == 0)
			return &charge_kinds[i];
	return NULL;
}

const char *
charge_default(const char *item_kind, char state)
{
	const struct charge_kind *k = charge_kind_find(item_kind);

	/* An unknown kind found bad is presumed the landlord's; missing, the
	 * tenant's: the gardien confirms either way. */
	switch (state) {
	case 'u':
		return "wear";
	case 'm':
		return k != NULL && k->at_bad == 't' ? "tenant" : "landlord";
	case 'x':
		return k != NULL && k->at_missing == 'l' ? "landlord" : "tenant";
	default:
		return "none";
	}
}

const char *
charge_repair_category(const char *item_kind)
{
	const struct charge_kind *k = charge_kind_find(item_kind);

	return k != NULL ? k->category : NULL;
}

/* ---- Text helpers ---- */

/* "15 %", "12,85 %", "3,5 %". */
static void
charge_pct(int bp, char out[16])
{
	int whole = bp / 100, frac = bp % 100;

	if (frac == 0)
		snprintf(out, 16, "%d %%", whole);
	else if (frac % 10 == 0)
		snprintf(out, 16, "%d,%d %%", whole, frac / 10);
	else
		snprintf(out, 16, "%d,%02d %%", whole, frac);
}

static const char *
charge_years(int n)
{
	return n > 1 ? "ans" : "an";
}

/* Same day of month, months later, clamped to the month's last day. */
static void
charge_add_months(const char *date, int months, char out[DT_DATE_SIZE])
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d, last;

	if (!charge_parse(date, &y, &m, &d)) {
		out[0] = '\0';
		return;
	}
	m += months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	d = d > last ? last : d;
	/* The moduli only tell the compiler the widths a valid date has. */
	snprintf(out, DT_DATE_SIZE, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
	    (unsigned)d % 100u);
}

/* ---- Building the statement ---- */

static struct charge_line *
charge_line_new(struct charge_ctx *c)
{
	struct charge_line *l;

	if (c->s->nlines == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->s->lines = xreallocarray(c->s->lines, c->cap, sizeof *c->s->lines);
	}
	l = &c->s->lines[c->s->nlines++];
	memset(l, 0, sizeof *l);
	return l;
}

static int
charge_load_inspection(struct charge_ctx *c, const char *id)
{
	struct db_stmt *st;
	char today[DT_DATE_SIZE];
	int rc;

	dt_today(today);
	if ((st = db_stmt(c->db, c->e, charge_inspection_sql)) == NULL ||
	    db_bind(st, c->e, "tt", id, today) != 0)
		return -1;
	if ((rc = db_step(st, c->e)) <= 0)
		return rc < 0 ? -1 : err_set(c->e, "état des lieux introuvable : %s", id);
	snprintf(c->dwelling, sizeof c->dwelling, "%s", db_col_text(st, 0));
	snprintf(c->s->exit_date, sizeof c->s->exit_date, "%s", db_col_text(st, 1));
	snprintf(c->lease_start, sizeof c->lease_start, "%s",
	    db_col_is_null(st, 2) ? "" : db_col_text(st, 2));
	c->s->deposit_cents = db_col_is_null(st, 3) ? -1 : db_col_int(st, 3);
	db_reset(st);
	return 0;
}

/* Where the age of an item of that kind starts: its latest renewal in the
 * dwelling (equipment installed, works done), else the lease's start. */
static int
charge_start(struct charge_ctx *c, const char *kind, char from[DT_DATE_SIZE],
    enum charge_source *src)
{
	const struct charge_kind *k = charge_kind_find(kind);
	struct db_stmt *st;
	int rc = 0;

	if (k != NULL) {
		if ((st = db_stmt(c->db, c->e, charge_renewal_sql)) == NULL ||
		    db_bind(st, c->e, "tttt", c->dwelling, c->s->exit_date, k->equipment,
		    k->works) != 0 || (rc = db_step(st, c->e)) < 0)
			return -1;
		if (rc == 1) {
			snprintf(from, DT_DATE_SIZE, "%s", db_col_text(st, 0));
			*src = db_col_int(st, 1) == 0 ? SRC_EQUIPMENT : SRC_WORKS;
			db_reset(st);
			return 0;
		}
	}
	snprintf(from, DT_DATE_SIZE, "%s", c->lease_start);
	*src = c->lease_start[0] ? SRC_LEASE : SRC_UNKNOWN;
	return 0;
}

/* "Peintures (durée de vie 7 ans) : franchise 1 an, 15 %/an, plancher
 * 10 % ; 4 ans depuis le début du bail (2021-03-01) → 55 %". */
static void
charge_rule(struct charge_line *l, const char *label, const struct wear_rule *w,
    enum charge_source src)
{
	char rate[16], floor[16], coef[16];
	struct buf b;

	charge_pct(w->yearly_rate_bp, rate);
	charge_pct(w->residual_bp, floor);
	charge_pct(l->coef_bp, coef);
	buf_init(&b);
	buf_printf(&b, "%s (durée de vie %d %s) : ", label, w->lifetime_years,
	    charge_years(w->lifetime_years));
	if (w->franchise_years > 0)
		buf_printf(&b, "franchise %d %s, ", w->franchise_years,
		    charge_years(w->franchise_years));
	else
		buf_adds(&b, "sans franchise, ");
	buf_printf(&b, "%s/an, plancher %s ; ", rate, floor);
	if (src == SRC_UNKNOWN)
		buf_printf(&b, "âge inconnu (ni pose, ni travaux, ni bail) → %s (plancher)", coef);
	else
		buf_printf(&b, "%d %s depuis %s (%s) → %s%s", l->age_years,
		    charge_years(l->age_years), charge_sources[src].since, l->age_from, coef,
		    l->age_years <= w->franchise_years ? " (franchise)" :
		    l->coef_bp == w->residual_bp ? " (plancher)" : "");
	l->rule = buf_steal(&b);
}

/* The coefficient of a line whose price carries an item kind: through the
 * wear grid when the kind is in it. kind NULL: cleaning, loss, repair. */
static int
charge_apply_wear(struct charge_ctx *c, struct charge_line *l, const char *kind,
    const char *label, const struct wear_rule *w)
{
	enum charge_source src;

	if (w == NULL) {
		l->coef_bp = BP_WHOLE;
		l->rule = kind == NULL ?
		    xstrdup("Perte, nettoyage ou remise en état : pas d'abattement pour vétusté") :
		    xasprintf("Catégorie « %s » sans ligne dans la grille de vétusté : pas "
		    "d'abattement (grille à compléter par l'administrateur)", kind);
		return 0;
	}
	if (charge_start(c, kind, l->age_from, &src) != 0)
		return -1;
	l->age_source = charge_sources[src].name;
	/* Without any date the age cannot be shown: the tenant gets the
	 * benefit of the doubt, the grid's floor. */
	l->age_years = src == SRC_UNKNOWN ? 0 : charge_age_years(l->age_from, c->s->exit_date);
	l->coef_bp = src == SRC_UNKNOWN ? w->residual_bp : charge_coefficient_bp(w, l->age_years);
	charge_rule(l, label, w, src);
	return 0;
}

static int
charge_item(struct charge_ctx *c, struct db_stmt *st)
{
	struct charge_line *l;
	struct wear_rule w, *wp = NULL;

	if (db_col_is_null(st, CI_CODE) || db_col_is_null(st, CI_QTY) ||
	    db_col_double(st, CI_QTY) <= 0) {
		c->s->nunpriced++;
		return 0;
	}
	l = charge_line_new(c);
	snprintf(l->item_id, sizeof l->item_id, "%s", db_col_text(st, CI_ID));
	l->room = db_col_dup(st, CI_ROOM);
	l->item = db_col_dup(st, CI_NAME);
	l->defect = db_col_dup(st, CI_COMMENT);
	l->price_label = db_col_dup(st, CI_PLABEL);
	snprintf(l->price_code, sizeof l->price_code, "%s", db_col_text(st, CI_CODE));
	snprintf(l->unit, sizeof l->unit, "%s", db_col_text(st, CI_UNIT));
	l->quantity = db_col_double(st, CI_QTY);
	l->unit_price_cents = db_col_int(st, CI_PRICE);
	l->cost_cents = charge_cost_cents(l->quantity, l->unit_price_cents);
	if (!db_col_is_null(st, CI_WLABEL)) {
		w.lifetime_years = (int)db_col_int(st, CI_LIFE);
		w.franchise_years = (int)db_col_int(st, CI_FRANCHISE);
		w.yearly_rate_bp = (int)db_col_int(st, CI_RATE);
		w.residual_bp = (int)db_col_int(st, CI_RESIDUAL);
		wp = &w;
	}
	if (charge_apply_wear(c, l, db_col_text(st, CI_PKIND), db_col_text(st, CI_WLABEL),
	    wp) != 0)
		return -1;
	l->share_cents = charge_share_cents(l->cost_cents, l->coef_bp);
	return 0;
}

static int
charge_items(struct charge_ctx *c, const char *id)
{
	struct db_stmt *st;
	int rc;

	if ((st = db_stmt(c->db, c->e, charge_items_sql)) == NULL ||
	    db_bind(st, c->e, "t", id) != 0)
		return -1;
	while ((rc = db_step(st, c->e)) == 1)
		if (charge_item(c, st) != 0) {
			db_reset(st);
			return -1;
		}
	return rc;
}

/* A loss line for keys of that kind not returned; no price line for
 * them: counted as unpriced. */
static int
charge_key(struct charge_ctx *c, const char *kind, int64_t lost, int64_t given)
{
	const struct charge_key *k = &charge_keys[NKEYS - 1];
	struct charge_line *l;
	struct db_stmt *st;
	size_t i;
	int rc;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(charge_keys[i].kind, kind) == 0)
			k = &charge_keys[i];
	if ((st = db_stmt(c->db, c->e, charge_price_sql)) == NULL ||
	    db_bind(st, c->e, "t", k->code) != 0 || (rc = db_step(st, c->e)) < 0)
		return -1;
	if (rc == 0) {
		c->s->nunpriced++;
		return 0;
	}
	l = charge_line_new(c);
	l->item = xstrdup(k->label);
	l->defect = xasprintf("Non restitués : %lld sur %lld remis", (long long)lost,
	    (long long)given);
	l->price_label = db_col_dup(st, 0);
	snprintf(l->price_code, sizeof l->price_code, "%s", k->code);
	snprintf(l->unit, sizeof l->unit, "%s", db_col_text(st, 1));
	l->unit_price_cents = db_col_int(st, 2);
	db_reset(st);
	l->quantity = (double)lost;
	l->cost_cents = charge_cost_cents(l->quantity, l->unit_price_cents);
	l->coef_bp = BP_WHOLE;
	l->share_cents = l->cost_cents;
	l->rule = xstrdup("Perte : pas de vétusté");
	return 0;
}

static int
charge_keys_lost(struct charge_ctx *c, const char *id)
{
	struct db_stmt *st;
	char kind[16];
	int64_t given, returned;
	int rc;

	if ((st = db_stmt(c->db, c->e, charge_keys_sql)) == NULL ||
	    db_bind(st, c->e, "t", id) != 0)
		return -1;
	while ((rc = db_step(st, c->e)) == 1) {
		snprintf(kind, sizeof kind, "%s", db_col_text(st, 0));
		given = db_col_int(st, 1);
		returned = db_col_int(st, 2);
		if (charge_key(c, kind, given - returned, given) != 0) {
			db_reset(st);
			return -1;
		}
	}
	return rc;
}

static void
charge_totals(struct charge_statement *s)
{
	size_t i;

	for (i = 0; i < s->nlines; i++) {
		s->total_cost_cents += s->lines[i].cost_cents;
		s->total_share_cents += s->lines[i].share_cents;
	}
	/* Exit matches entry only when nothing is charged at all, priced or
	 * not. */
	s->deposit_months = s->nlines == 0 && s->nunpriced == 0 ? 1 : 2;
	charge_add_months(s->exit_date, s->deposit_months, s->deposit_deadline);
}

int
charge_statement(struct db *db, const char *inspection_id, struct charge_statement **out,
    struct err *e)
{
	struct charge_ctx c = {db, e, xcalloc(1, sizeof *c.s), 0, "", ""};

	*out = NULL;
	c.s->rounding = charge_rounding;
	if (charge_load_inspection(&c, inspection_id) != 0 ||
	    charge_items(&c, inspection_id) != 0 || charge_keys_lost(&c, inspection_id) != 0) {
		charge_statement_free(c.s);
		return err_prefix(e, "décompte des réparations : ");
	}
	charge_totals(c.s);
	*out = c.s;
	return 0;
}

void
charge_statement_free(struct charge_statement *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nlines; i++) {
		free(s->lines[i].room);
		free(s->lines[i].item);
		free(s->lines[i].defect);
		free(s->lines[i].price_label);
		free(s->lines[i].rule);
	}
	free(s->lines);
	free(s);
}
