/* The document of an inspection laid out as blocks (see the header), and
 * its plain text and JSON writers. The order of the sections follows
 * décret 2016-382, art. 2 (a to i) and 3 (exit). */
#include "inspection_doc.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "charge.h"
#include "datetime.h"
#include "db.h"
#include "inspection.h"
#include "sanitize.h"
#include "utf8.h"
#include "xalloc.h"

static void idoc_add(struct inspection_doc *d, enum idoc_kind kind, const char *label,
    char *text, struct idoc_table *t);
static void idoc_field(struct inspection_doc *d, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void idoc_text(struct inspection_doc *d, enum idoc_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- Text helpers ---- */

/* No-break space: kept with its neighbours when lines are filled. */
#define NBSP "\xc2\xa0"

/* Characters that reorder or hide text (as in core/sanitize.c): a
 * document must read as it prints. */
static int
idoc_invisible(uint32_t cp)
{
	return cp == 0xad || cp == 0x61c || cp == 0x180e ||
	    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206f) ||
	    cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) ||
	    (cp >= 0xe0000 && cp <= 0xe007f);
}

char *
inspection_doc_clean(const char *s, int keep_lines)
{
	size_t len = s ? strlen(s) : 0, i = 0;
	struct buf b;
	uint32_t cp;
	int n;

	buf_init(&b);
	buf_add(&b, "", 0);
	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			buf_adds(&b, "\xef\xbf\xbd");
			i++;
			continue;
		}
		if (cp == '\r' && i + 1 < len && s[i + 1] == '\n') {
			/* CR LF: the LF makes the break. */
		} else if (cp == '\n' || cp == '\r') {
			buf_addc(&b, keep_lines ? '\n' : ' ');
		} else if (cp == '\t') {
			buf_addc(&b, ' ');
		} else if (!(cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || idoc_invisible(cp))) {
			buf_add(&b, s + i, (size_t)n);
		}
		i += (size_t)n;
	}
	return buf_steal(&b);
}

/* Cleans a string field in place. */
static void
idoc_clean_field(char **s)
{
	char *c;

	if (*s == NULL)
		return;
	c = inspection_doc_clean(*s, 1);
	free(*s);
	*s = c;
}

/* Cleans a fixed-size field in place: it only shrinks (a bad byte
 * becomes "?"). */
static void
idoc_clean_array(char *s)
{
	size_t len = strlen(s), i = 0, o = 0;
	uint32_t cp;
	int n;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			s[o++] = '?';
			i++;
			continue;
		}
		if (!(cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || idoc_invisible(cp)))
			memmove(s + o, s + i, (size_t)n), o += (size_t)n;
		i += (size_t)n;
	}
	s[o] = '\0';
}

static int
idoc_cp_width(uint32_t cp)
{
	if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x1ab0 && cp <= 0x1aff) ||
	    (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x20d0 && cp <= 0x20ff) ||
	    (cp >= 0xfe20 && cp <= 0xfe2f) || cp == 0x200d)
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
	    (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd))
		return 2;
	return 1;
}

/* Width of the first n bytes of s. */
static size_t
idoc_width_n(const char *s, size_t n)
{
	size_t i = 0, w = 0;
	uint32_t cp;
	int k;

	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		w += k > 0 ? (size_t)idoc_cp_width(cp) : 1;
		i += k > 0 ? (size_t)k : 1;
	}
	return w;
}

size_t
inspection_doc_width(const char *s)
{
	return idoc_width_n(s, strlen(s));
}

void
inspection_doc_money(int64_t cents, char out[40])
{
	char digits[24], *o = out;
	uint64_t v = cents < 0 ? (uint64_t)-(cents + 1) + 1 : (uint64_t)cents;
	size_t n, i;

	snprintf(digits, sizeof digits, "%llu", (unsigned long long)(v / 100));
	n = strlen(digits);
	if (cents < 0)
		*o++ = '-';
	for (i = 0; i < n; i++) {
		/* Thousands grouped by a no-break space, as French print does. */
		if (i > 0 && (n - i) % 3 == 0)
			memcpy(o, "\xc2\xa0", 2), o += 2;
		*o++ = digits[i];
	}
	snprintf(o, 40 - (size_t)(o - out), ",%02u\xc2\xa0€", (unsigned)(v % 100));
}

/* "2025-03-12" -> "12/03/2025"; "" when not a date. */
static void
idoc_date(const char *iso, char out[16])
{
	char day[DT_DATE_SIZE];

	snprintf(day, sizeof day, "%.10s", iso ? iso : "");
	if (!dt_date_valid(day))
		out[0] = '\0';
	else
		snprintf(out, 16, "%.2s/%.2s/%.4s", day + 8, day + 5, day);
}

/* A UTC stamp in local time: "12/03/2025 à 10:30". */
static void
idoc_stamp(const char *stamp, char out[32])
{
	struct tm tm;
	time_t t;

	if (stamp == NULL || !dt_stamp_valid(stamp)) {
		idoc_date(stamp, out);
		return;
	}
	t = (time_t)(dt_days(stamp) * 86400 + atoi(stamp + 11) * 3600 +
	    atoi(stamp + 14) * 60 + atoi(stamp + 17));
	localtime_r(&t, &tm);
	strftime(out, 32, "%d/%m/%Y à %H:%M", &tm);
}

/* "12,5", "2", "1 234,75": at most two decimals, no trailing zeros. */
static void
idoc_number(double v, char out[32])
{
	char *dot;
	size_t n;

	snprintf(out, 32, "%.2f", v);
	if ((dot = strchr(out, '.')) == NULL)
		return;
	*dot = ',';
	n = strlen(out);
	while (out[n - 1] == '0')
		out[--n] = '\0';
	if (out[n - 1] == ',')
		out[n - 1] = '\0';
}

/* ---- Blocks ---- */

static void
idoc_add(struct inspection_doc *d, enum idoc_kind kind, const char *label, char *text,
    struct idoc_table *t)
{
	struct idoc_block *b;

	d->blocks = xreallocarray(d->blocks, d->nblocks + 1, sizeof *d->blocks);
	b = &d->blocks[d->nblocks++];
	b->kind = kind;
	b->label = xstrdup(label);
	b->text = text;
	b->table = t;
}

static void
idoc_field(struct inspection_doc *d, const char *label, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	idoc_add(d, IDOC_FIELD, label, s, NULL);
}

static void
idoc_text(struct inspection_doc *d, enum idoc_kind kind, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	idoc_add(d, kind, NULL, s, NULL);
}

static struct idoc_table *
idoc_table(const struct idoc_column *cols, size_t ncols, size_t nrows, int records)
{
	struct idoc_table *t = xcalloc(1, sizeof *t);

	t->cols = cols;
	t->ncols = ncols;
	t->nrows = nrows;
	t->txt_records = records;
	t->cells = xcalloc(nrows * ncols + 1, sizeof *t->cells);
	t->marked = xcalloc(nrows + 1, 1);
	return t;
}

static void
idoc_table_free(struct idoc_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->marked);
	free(t);
}

/* ---- Sections ---- */

static const char *
idoc_or(const char *s, const char *none)
{
	return s != NULL && *s ? s : none;
}

/* (a) Kind, and for an amendment the record it completes. */
static int
idoc_nature(struct inspection_doc *d, struct db *db, struct err *e)
{
	const struct inspection *in = d->in;
	char when[32], *done;

	idoc_add(d, IDOC_HEADING, NULL, xstrdup("Nature de l'état des lieux"), NULL);
	idoc_field(d, "Type", "%s", inspection_kind_label(in->kind));
	if (in->amends_id[0]) {
		err_clear(e);
		done = db_text(db, e, "SELECT coalesce(done_at, signed_at) FROM inspection "
		    "WHERE id = ?", "t", in->amends_id);
		if (done == NULL && e->msg[0])
			return -1;
		idoc_date(done, when);
		free(done);
		idoc_field(d, "Avenant", "Avenant (%s) à l'état des lieux d'entrée du %s, "
		    "document n° %s", strcmp(in->amendment_kind, "heating") == 0 ?
		    "période de chauffe" : "demande sous 10 jours", idoc_or(when, "(date inconnue)"),
		    in->amends_id);
	}
	idoc_field(d, "Document n°", "%s", in->id);
	return 0;
}

/* (b) Date. */
static void
idoc_when(struct inspection_doc *d)
{
	const struct inspection *in = d->in;
	char when[32];

	idoc_add(d, IDOC_HEADING, NULL, xstrdup("Date"), NULL);
	if (in->done_at[0]) {
		idoc_stamp(in->done_at, when);
		idoc_field(d, "Établi le", "%s", when);
	} else {
		idoc_date(in->planned_date, when);
		idoc_field(d, "Établi le", "pas encore réalisé%s%s%s", when[0] ? " (prévu le " : "",
		    when, when[0] ? ")" : "");
	}
}

/* (c) Where the dwelling is. */
static void
idoc_dwelling(struct inspection_doc *d)
{
	const struct inspection *in = d->in;
	char from[16], to[16];

	idoc_add(d, IDOC_HEADING, NULL, xstrdup("Logement"), NULL);
	idoc_field(d, "Référence", "%s%s%s%s", idoc_or(in->dwelling_ref, "—"),
	    in->dwelling_type[0] ? " (" : "", in->dwelling_type, in->dwelling_type[0] ? ")" : "");
	idoc_field(d, "Situation", "%s", idoc_or(in->location, "—"));
	idoc_field(d, "Adresse", "%s", idoc_or(in->address, "—"));
	idoc_date(in->lease_start, from);
	idoc_date(in->lease_end, to);
	if (from[0])
		idoc_field(d, "Bail", "à compter du %s%s%s", from, to[0] ? ", jusqu'au " : "", to);
}

/* (d) The parties and the landlord's address; (e) the mandataries. */
static void
idoc_parties(struct inspection_doc *d)
{
	const struct inspection *in = d->in;
	size_t i, nmand = 0;

	idoc_add(d, IDOC_HEADING, NULL, xstrdup("Parties"), NULL);
	idoc_field(d, "Bailleur", "%s", idoc_or(in->landlord_name, "—"));
	idoc_field(d, "Adresse du bailleur", "%s", idoc_or(in->landlord_address, "—"));
	for (i = 0; i < in->nparties; i++) {
		const struct inspection_party *p = &in->parties[i];
		if (strcmp(p->role, "mandatary") == 0) {
			nmand++;
			continue;
		}
		idoc_field(d, inspection_party_label(p->role), "%s%s", idoc_or(p->name, "—"),
		    p->present ? "" : " (absent)");
	}
	idoc_add(d, IDOC_HEADING, NULL, xstrdup("Mandataires"), NULL);
	if (nmand == 0)
		idoc_text(d, IDOC_TEXT, "Aucune personne mandatée.");
	for (i = 0; i < in->nparties; i++) {
		const struct inspection_party *p = &in->parties[i];
		if (strcmp(p->role, "mandatary") == 0)
			idoc_field(d, "Mandataire", "%s — mandat : %s", idoc_or(p->name, "—"),
			    idoc_or(p->mandate, "non précisé"));
	}
}

static const struct idoc_column idoc_meter_cols[] = {
	{"Compteur", 30, 40, 0}, {"N° de compteur", 24, 30, 0}, {"Relevé", 0, 30, 1},
};

/* (f) Meter readings. */
static void
idoc_meters(struct inspection_doc *d)
{
	const struct inspection *in = d->in;
	struct idoc_table *t;
	char v[32];
	size_t i;

	idoc_add(d, IDOC_HEADING, NULL, xstrdup("Relevés des compteurs"), NULL);
	if (in->nmeters == 0) {
		idoc_text(d, IDOC_TEXT, "Aucun compteur individuel.");
		return;
	}
	t = idoc_table(idoc_meter_cols, 3, in->nmeters, 0);
	for (i = 0; i < in->nmeters; i++) {
		const struct inspection_meter *m = &in->meters[i];
		idoc_number(m->reading, v);
		t->cells[i * 3] = xstrdup(inspection_meter_label(m->kind));
		t->cells[i * 3 + 1] = xstrdup(idoc_or(m->serial, "—"));
		t->cells[i * 3 + 2] = xstrdup(m->reading < 0 ? "non relevé" : v);
	}
	idoc_add(d, IDOC_TABLE, NULL, NULL, t);
}

static const struct idoc_column idoc_key_cols[] = {
	{"Clé ou moyen d'accès", 40, 50, 0}, {"Remis", 12, 25, 1}, {"Restitués", 0, 25, 1},
};

/* (g) Keys and other means of access. */
static void
idoc_keys(struct inspection_doc *d)
{
	const struct inspection *in = d->in;
	int exit = inspection_is_exit(in->kind);
	size_t i, nc = exit ? 3 : 2;
	struct idoc_table *t;

	idoc_add(d, IDOC_HEADING, NULL, xstrdup("Clés et moyens d'accès"), NULL);
	if (in->nkeys == 0) {
		idoc_text(d, IDOC_TEXT, "Aucune clé ni moyen d'accès enregistré.");
		return;
	}
	t = idoc_table(idoc_key_cols, nc, in->nkeys, 0);
	for (i = 0; i < in->nkeys; i++) {
		const struct inspection_key *k = &in->keys[i];
		t->cells[i * nc] = xstrdup(inspection_key_label(k->kind));
		t->cells[i * nc + 1] = xasprintf("%ld", k->given);
		if (exit)
			t->cells[i * nc + 2] = k->returned < 0 ? xstrdup("non relevé") :
			    xasprintf("%ld", k->returned);
	}
	idoc_add(d, IDOC_TABLE, NULL, NULL, t);
}

/* The same first four columns at entry and exit, so that the two copies
 * lay side by side; the exit adds the state at entry. */
static const struct idoc_column idoc_item_cols[] = {
	{"Élément", 16, 17, 0}, {"Nature", 12, 14, 0}, {"État", 12, 12, 0},
	{"Observations", 0, 33, 0}, {"État à l'entrée", 15, 24, 0},
};

static char *
idoc_item_notes(const struct inspection *in, const struct inspection_item *it)
{
	struct buf b;
	size_t p;

	buf_init(&b);
	buf_adds(&b, "");
	if (it->comment && *it->comment)
		buf_adds(&b, it->comment);
	if (inspection_is_exit(in->kind) && it->charge[0])
		buf_printf(&b, "%sImputation : %s", b.len ? "\n" : "",
		    inspection_charge_label(it->charge));
	for (p = 0; p < it->nphotos; p++)
		buf_printf(&b, "%s%.12s", p ? ", " : b.len ? "\nPhotos : " : "Photos : ",
		    it->photos[p]);
	if (b.len == 0)
		buf_adds(&b, "—");
	return buf_steal(&b);
}

static void
idoc_room(struct inspection_doc *d, const struct inspection_room *r)
{
	const struct inspection *in = d->in;
	int exit = inspection_is_exit(in->kind);
	size_t nc = exit ? 5 : 4, i, row;
	struct idoc_table *t;

	idoc_text(d, IDOC_SUBHEADING, "%s", idoc_or(r->name, "—"));
	if (r->count == 0) {
		idoc_text(d, IDOC_TEXT, "Aucun élément décrit.");
		return;
	}
	t = idoc_table(idoc_item_cols, nc, r->count, 0);
	for (i = r->first, row = 0; i < r->first + r->count; i++, row++) {
		const struct inspection_item *it = &in->items[i];
		char **c = &t->cells[row * nc];
		c[0] = xstrdup(idoc_or(it->name, "—"));
		c[1] = xstrdup(idoc_or(it->nature, "—"));
		c[2] = xstrdup(inspection_item_state_label(it->state));
		c[3] = idoc_item_notes(in, it);
		if (!exit)
			continue;
		c[4] = !it->entry_state ? xstrdup("—") : it->entry_comment && *it->entry_comment ?
		    xasprintf("%s\n%s", inspection_item_state_label(it->entry_state),
		    it->entry_comment) : xstrdup(inspection_item_state_label(it->entry_state));
		t->marked[row] = it->entry_state && it->state && it->state != it->entry_state;
	}
	idoc_add(d, IDOC_TABLE, NULL, NULL, t);
}

/* (h) Each room and its items; at exit beside their state at entry. */
static void
idoc_rooms(struct inspection_doc *d)
{
	const struct inspection *in = d->in;
	char entry[16];
	size_t r;

	idoc_add(d, IDOC_HEADING, NULL, xstrdup("Description des pièces"), NULL);
	if (inspection_is_exit(in->kind)) {
		idoc_date(in->entry_date, entry);
		idoc_text(d, IDOC_TEXT, "La colonne « État à l'entrée » reprend l'état des lieux "
		    "d'entrée%s%s. * : état différent de celui de l'entrée.",
		    entry[0] ? " du " : "", entry);
	}
	if (in->nrooms == 0)
		idoc_text(d, IDOC_TEXT, "Aucune pièce décrite.");
	for (r = 0; r < in->nrooms; r++)
		idoc_room(d, &in->rooms[r]);
	if (in->observations && *in->observations) {
		idoc_add(d, IDOC_HEADING, NULL, xstrdup("Observations"), NULL);
		idoc_text(d, IDOC_TEXT, "%s", in->observations);
	}
}

/* Exit only (art. 3): the tenant's new address, the entry's date. */
static void
idoc_exit(struct inspection_doc *d)
{
	const struct inspection *in = d->in;
	char entry[16];

	if (!inspection_is_exit(in->kind))
		return;
	idoc_date(in->entry_date, entry);
	idoc_add(d, IDOC_HEADING, NULL, xstrdup("Mentions propres à la sortie"), NULL);
	idoc_field(d, "Nouvelle adresse du locataire", "%s",
	    idoc_or(in->tenant_new_address, "non communiquée"));
	idoc_field(d, "Date de l'état des lieux d'entrée", "%s",
	    entry[0] ? entry : "inconnue (aucun état des lieux d'entrée enregistré)");
}

static const struct idoc_column idoc_charge_cols[] = {
	{"Élément", 0, 17, 0}, {"Défaut", 0, 17, 0}, {"Travaux", 0, 22, 0},
	{"Vétusté", 0, 30, 0}, {"À la charge du locataire", 0, 14, 1},
};

static const char *
idoc_unit(const char *unit)
{
	static const char *const units[][2] = {
		{"m2", " m²"}, {"ml", " ml"}, {"unit", ""}, {"hour", " h"}, {"flat", " forfait"},
	};
	size_t i;

	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(units[i][0], unit) == 0)
			return units[i][1];
	return "";
}

/* "15 %" never split over two lines: a copy with no-break spaces. */
static char *
idoc_keep_percent(const char *s)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "");
	for (; *s; s++) {
		if (s[0] == ' ' && s[1] == '%')
			buf_adds(&b, NBSP);
		else
			buf_addc(&b, *s);
	}
	return buf_steal(&b);
}

static void
idoc_charge_row(char **c, const struct charge_line *l)
{
	char qty[32], price[40], cost[40], share[40], from[16];
	char coef[16], *rule;

	idoc_number(l->quantity, qty);
	inspection_doc_money(l->unit_price_cents, price);
	inspection_doc_money(l->cost_cents, cost);
	inspection_doc_money(l->share_cents, share);
	idoc_date(l->age_from, from);
	snprintf(coef, sizeof coef, "%d", l->coef_bp / 100);
	if (l->coef_bp % 100)
		snprintf(coef, sizeof coef, "%d,%02d", l->coef_bp / 100, l->coef_bp % 100);
	c[0] = l->room ? xasprintf("%s — %s", l->room, idoc_or(l->item, "—")) :
	    xstrdup(idoc_or(l->item, "—"));
	c[1] = xstrdup(idoc_or(l->defect, "—"));
	c[2] = xasprintf("%s\n%s%s × %s = %s", idoc_or(l->price_label, l->price_code), qty,
	    idoc_unit(l->unit), price, cost);
	rule = idoc_keep_percent(idoc_or(l->rule, "—"));
	if (l->age_source && from[0])
		c[3] = xasprintf("%d an%s depuis le %s (%s)\nCoefficient : %s" NBSP "%%\n"
		    "Règle : %s", l->age_years, l->age_years > 1 ? "s" : "", from, l->age_source,
		    coef, rule);
	else
		c[3] = xasprintf("Coefficient : %s" NBSP "%%\nRègle : %s", coef, rule);
	free(rule);
	c[4] = xstrdup(share);
}

/* Exit: what the tenant owes; pre-exit: the estimate given at the visit. */
static void
idoc_charges(struct inspection_doc *d)
{
	const struct charge_statement *s = d->charges;
	int estimate = strcmp(d->in->kind, "pre_exit") == 0;
	char money[40], date[16];
	struct idoc_table *t;
	size_t i;

	if (s == NULL)
		return;
	idoc_add(d, IDOC_HEADING, NULL, xstrdup(estimate ? "Estimation des réparations locatives"
	    : "Réparations locatives à la charge du locataire"), NULL);
	if (estimate)
		idoc_text(d, IDOC_TEXT, "Estimation remise lors de la visite-conseil : le "
		    "locataire peut faire ces réparations lui-même avant l'état des lieux de sortie.");
	if (s->nlines == 0) {
		idoc_text(d, IDOC_TEXT, "Aucune réparation locative chiffrée.");
	} else {
		t = idoc_table(idoc_charge_cols, 5, s->nlines, 1);
		for (i = 0; i < s->nlines; i++)
			idoc_charge_row(&t->cells[i * 5], &s->lines[i]);
		idoc_add(d, IDOC_TABLE, NULL, NULL, t);
	}
	if (s->nunpriced > 0)
		idoc_text(d, IDOC_TEXT, "%zu élément%s imputé%s au locataire sans prix ni quantité : "
		    "non compté%s ci-dessus.", s->nunpriced, s->nunpriced > 1 ? "s" : "",
		    s->nunpriced > 1 ? "s" : "", s->nunpriced > 1 ? "s" : "");
	inspection_doc_money(s->total_cost_cents, money);
	idoc_field(d, "Coût des travaux", "%s", money);
	inspection_doc_money(s->total_share_cents, money);
	idoc_field(d, estimate ? "Total estimé à la charge du locataire" :
	    "Total à la charge du locataire", "%s", money);
	inspection_doc_money(s->deposit_cents, money);
	idoc_field(d, "Dépôt de garantie", "%s", s->deposit_cents < 0 ? "inconnu" : money);
	idoc_date(s->deposit_deadline, date);
	idoc_field(d, "Restitution du dépôt", "sous %d mois%s%s%s", s->deposit_months,
	    s->deposit_months == 1 ? " (sortie conforme à l'entrée)" :
	    " (différences avec l'entrée)", date[0] ? ", au plus tard le " : "", date);
	idoc_text(d, IDOC_TEXT, "%s", s->rounding ? s->rounding : "");
}

static char *
idoc_signature(const struct inspection_party *p)
{
	char when[32];

	idoc_stamp(p->signed_at, when);
	if (p->refusal_reason && *p->refusal_reason)
		return xasprintf("a refusé de signer : «" NBSP "%s" NBSP "»", p->refusal_reason);
	if (p->signed_at[0] && p->paper)
		return xasprintf("signé sur papier le %s", when);
	if (p->signed_at[0])
		return xasprintf("signé le %s (nom saisi : «" NBSP "%s" NBSP "»)", when,
		    idoc_or(p->signature_name, "—"));
	if (p->paper)
		return xstrdup("à signer sur papier");
	return xstrdup(p->present ? "non signé" : "absent");
}

/* (i) Signatures, then the document's hash. */
static void
idoc_signatures(struct inspection_doc *d)
{
	const struct inspection *in = d->in;
	char when[32], *label;
	size_t i;

	idoc_add(d, IDOC_HEADING, NULL, xstrdup("Signatures"), NULL);
	if (in->nparties == 0)
		idoc_text(d, IDOC_TEXT, "Aucune partie enregistrée.");
	for (i = 0; i < in->nparties; i++) {
		label = xasprintf("%s, %s", inspection_party_label(in->parties[i].role),
		    idoc_or(in->parties[i].name, "—"));
		idoc_add(d, IDOC_FIELD, label, idoc_signature(&in->parties[i]), NULL);
		free(label);
	}
	if (in->signed_at[0]) {
		idoc_stamp(in->signed_at, when);
		idoc_field(d, "Document signé le", "%s", when);
	}
}

static void
idoc_hash(struct inspection_doc *d)
{
	const struct inspection *in = d->in;

	idoc_add(d, IDOC_HEADING, NULL, xstrdup("Empreinte du document"), NULL);
	if (strcmp(in->state, "signed") == 0 && in->content_sha256[0]) {
		idoc_field(d, "SHA-256", "%s", in->content_sha256);
		if (d->verified == 0)
			idoc_text(d, IDOC_TEXT, "Attention : le contenu enregistré ne correspond "
			    "plus à cette empreinte (empreinte recalculée : %s).", d->digest);
		d->footer = xasprintf("Empreinte SHA-256 : %s", in->content_sha256);
	} else {
		idoc_text(d, IDOC_TEXT, "Document non signé — brouillon (%s).",
		    inspection_state_label(in->state));
		idoc_field(d, "Empreinte actuelle", "%s", d->digest);
		d->footer = xasprintf("Document non signé — brouillon — empreinte actuelle : %s",
		    d->digest);
	}
	idoc_text(d, IDOC_TEXT, "L'empreinte SHA-256 porte sur tout le contenu de l'état des "
	    "lieux ; « loge inspection verify %s » la recalcule.", in->id);
}

/* ---- Loading ---- */

static void
idoc_clean_inspection(struct inspection *in)
{
	size_t i;

	idoc_clean_field(&in->landlord_name);
	idoc_clean_field(&in->landlord_address);
	idoc_clean_field(&in->tenant_new_address);
	idoc_clean_field(&in->observations);
	idoc_clean_field(&in->agent_name);
	idoc_clean_field(&in->dwelling_ref);
	idoc_clean_field(&in->address);
	idoc_clean_field(&in->location);
	for (i = 0; i < in->nrooms; i++)
		idoc_clean_field(&in->rooms[i].name);
	for (i = 0; i < in->nitems; i++) {
		idoc_clean_field(&in->items[i].name);
		idoc_clean_field(&in->items[i].nature);
		idoc_clean_field(&in->items[i].comment);
		idoc_clean_field(&in->items[i].entry_comment);
		idoc_clean_field(&in->items[i].kind);
		idoc_clean_field(&in->items[i].price_code);
	}
	for (i = 0; i < in->nmeters; i++)
		idoc_clean_field(&in->meters[i].serial);
	for (i = 0; i < in->nparties; i++) {
		idoc_clean_field(&in->parties[i].name);
		idoc_clean_field(&in->parties[i].mandate);
		idoc_clean_field(&in->parties[i].signature_name);
		idoc_clean_field(&in->parties[i].refusal_reason);
	}
}

static void
idoc_clean_charges(struct charge_statement *s)
{
	size_t i;

	for (i = 0; s != NULL && i < s->nlines; i++) {
		idoc_clean_field(&s->lines[i].room);
		idoc_clean_field(&s->lines[i].item);
		idoc_clean_field(&s->lines[i].defect);
		idoc_clean_field(&s->lines[i].price_label);
		idoc_clean_field(&s->lines[i].rule);
		idoc_clean_array(s->lines[i].price_code);
		idoc_clean_array(s->lines[i].unit);
	}
}

int
inspection_doc_load(struct db *db, const struct user *who, const char *id,
    struct inspection_doc **out, struct err *e)
{
	struct inspection_doc *d = xcalloc(1, sizeof *d);

	*out = NULL;
	if (inspection_load(db, who, id, &d->in, e) != 0)
		goto fail;
	/* The digest covers the content as stored: before any cleaning. */
	inspection_digest(d->in, d->digest);
	d->verified = inspection_verify(d->in);
	if (inspection_is_exit(d->in->kind) && charge_statement(db, id, &d->charges, e) != 0)
		goto fail;
	idoc_clean_inspection(d->in);
	idoc_clean_charges(d->charges);
	d->header[0] = xstrdup(idoc_or(d->in->landlord_name, "Bailleur"));
	d->header[1] = xstrdup(idoc_or(d->in->landlord_address, ""));
	idoc_text(d, IDOC_TITLE, "%s%s", inspection_kind_label(d->in->kind),
	    d->in->amends_id[0] ? " — avenant" : "");
	if (idoc_nature(d, db, e) != 0)
		goto fail;
	idoc_when(d);
	idoc_dwelling(d);
	idoc_parties(d);
	idoc_meters(d);
	idoc_keys(d);
	idoc_rooms(d);
	idoc_exit(d);
	idoc_charges(d);
	idoc_signatures(d);
	idoc_hash(d);
	*out = d;
	return 0;
fail:
	inspection_doc_free(d);
	return -1;
}

void
inspection_doc_free(struct inspection_doc *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nblocks; i++) {
		free(d->blocks[i].label);
		free(d->blocks[i].text);
		idoc_table_free(d->blocks[i].table);
	}
	free(d->blocks);
	free(d->header[0]);
	free(d->header[1]);
	free(d->footer);
	charge_statement_free(d->charges);
	inspection_free(d->in);
	free(d);
}

int
inspection_doc_dwelling(struct db *db, const char *ref_or_id, char out[UID_SIZE],
    struct err *e)
{
	char *id;

	err_clear(e);
	id = db_text(db, e, "SELECT id FROM dwelling WHERE id = ?1 UNION ALL "
	    "SELECT id FROM dwelling WHERE reference = ?1 LIMIT 1", "t", ref_or_id);
	if (id == NULL)
		return e->msg[0] ? -1 : err_set(e, "logement introuvable : « %.60s »", ref_or_id);
	snprintf(out, UID_SIZE, "%s", id);
	free(id);
	return 0;
}

/* ---- Plain text: 80 columns ---- */

struct idoc_lines {
	char **v;
	size_t n;
};

static void
idoc_lines_add(struct idoc_lines *l, const char *s, size_t n)
{
	while (n > 0 && s[n - 1] == ' ')
		n--;
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrndup(s, n);
}

static void
idoc_lines_free(struct idoc_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Where the line starting at s (len bytes) ends to fit width columns:
 * after the last space that fits, else inside the word. *next gets where
 * the following line starts. */
static size_t
idoc_break(const char *s, size_t len, size_t width, size_t *next)
{
	size_t i = 0, w = 0, space = 0;
	uint32_t cp;
	int k, cw;

	while (i < len) {
		k = utf8_decode(s + i, len - i, &cp);
		k = k > 0 ? k : 1;
		cw = idoc_cp_width(cp);
		if (s[i] == ' ')
			space = i;
		if (w + (size_t)cw > width)
			break;
		w += (size_t)cw;
		i += (size_t)k;
	}
	if (i >= len || s[i] == ' ') {
		*next = i;
		return i;
	}
	if (space > 0) {
		*next = space;
		return space;
	}
	if (i == 0)
		i = (size_t)k;
	*next = i;
	return i;
}

/* Wraps one paragraph (no "\n") into lines of width columns. */
static void
idoc_wrap_para(const char *s, size_t len, size_t width, struct idoc_lines *out)
{
	size_t start = 0, end, next, before = out->n;

	while (start < len) {
		while (start < len && s[start] == ' ')
			start++;
		if (start >= len)
			break;
		end = idoc_break(s + start, len - start, width, &next);
		idoc_lines_add(out, s + start, end);
		start += next;
	}
	if (out->n == before)
		idoc_lines_add(out, "", 0);
}

static void
idoc_wrap(const char *s, size_t width, struct idoc_lines *out)
{
	const char *nl;

	for (;;) {
		nl = strchr(s, '\n');
		idoc_wrap_para(s, nl ? (size_t)(nl - s) : strlen(s), width, out);
		if (nl == NULL)
			return;
		s = nl + 1;
	}
}

struct idoc_out {
	FILE *f;
	int flags;
};

static void
idoc_put(const struct idoc_out *o, const char *s)
{
	char *safe;

	if (o->flags & IDOC_TERMINAL) {
		safe = sanitize_str(s, 0);
		fputs(safe, o->f);
		free(safe);
	} else {
		fputs(s, o->f);
	}
	fputc('\n', o->f);
}

/* Lines of text wrapped to width, the first after first, the others
 * after indent spaces. */
static void
idoc_put_wrapped(const struct idoc_out *o, const char *first, const char *text, size_t indent)
{
	struct idoc_lines l = {NULL, 0};
	struct buf b;
	size_t i;

	idoc_wrap(text, IDOC_TEXT_COLS - indent, &l);
	buf_init(&b);
	for (i = 0; i < l.n; i++) {
		buf_reset(&b);
		buf_printf(&b, "%*s%s", (int)(i == 0 ? 0 : indent), "", i == 0 ? first : "");
		buf_adds(&b, l.v[i]);
		idoc_put(o, b.data);
	}
	buf_free(&b);
	idoc_lines_free(&l);
}

static void
idoc_put_rule(const struct idoc_out *o, const char *text, char c)
{
	size_t w = inspection_doc_width(text), i;
	char *line = xmalloc(w + 1);

	for (i = 0; i < w; i++)
		line[i] = c;
	line[w] = '\0';
	idoc_put(o, text);
	idoc_put(o, line);
	free(line);
}

/* Appends s in a cell of width columns, padded (right: on the left). */
static void
idoc_pad(struct buf *b, const char *s, size_t width, int right)
{
	size_t w = inspection_doc_width(s);

	if (right)
		buf_printf(b, "%*s", (int)(width > w ? width - w : 0), "");
	buf_adds(b, s);
	if (!right)
		buf_printf(b, "%*s", (int)(width > w ? width - w : 0), "");
}

/* Column widths: fixed ones as given, the one at 0 takes what is left of
 * the line after the "* " gutter and the spaces between columns. */
static void
idoc_widths(const struct idoc_table *t, size_t *w)
{
	size_t i, used = 2 + t->ncols - 1;

	for (i = 0; i < t->ncols; i++)
		used += (size_t)t->cols[i].txt_width;
	for (i = 0; i < t->ncols; i++)
		w[i] = t->cols[i].txt_width > 0 ? (size_t)t->cols[i].txt_width :
		    used < IDOC_TEXT_COLS ? IDOC_TEXT_COLS - used : 1;
}

/* One row (or the heads) of a table: its cells wrapped side by side. */
static void
idoc_put_row(const struct idoc_out *o, const struct idoc_table *t, const size_t *w,
    char *const *cells, int marked)
{
	struct idoc_lines l[8];
	size_t i, j, height = 0;
	struct buf b;

	for (i = 0; i < t->ncols; i++) {
		l[i].v = NULL;
		l[i].n = 0;
		idoc_wrap(cells[i] ? cells[i] : "", w[i], &l[i]);
		height = l[i].n > height ? l[i].n : height;
	}
	buf_init(&b);
	for (j = 0; j < height; j++) {
		buf_reset(&b);
		buf_adds(&b, marked && j == 0 ? "* " : "  ");
		for (i = 0; i < t->ncols; i++) {
			if (i > 0)
				buf_addc(&b, ' ');
			idoc_pad(&b, j < l[i].n ? l[i].v[j] : "", w[i], t->cols[i].right);
		}
		while (b.len > 0 && b.data[b.len - 1] == ' ')
			b.data[--b.len] = '\0';
		idoc_put(o, b.data);
	}
	buf_free(&b);
	for (i = 0; i < t->ncols; i++)
		idoc_lines_free(&l[i]);
}

static void
idoc_put_columns(const struct idoc_out *o, const struct idoc_table *t)
{
	char *heads[8], *dashes[8];
	size_t w[8], i, r;
	int tall = 0;

	idoc_widths(t, w);
	for (i = 0; i < t->ncols; i++) {
		heads[i] = (char *)t->cols[i].head;
		dashes[i] = xmalloc(w[i] + 1);
		memset(dashes[i], '-', w[i]);
		dashes[i][w[i]] = '\0';
	}
	idoc_put_row(o, t, w, heads, 0);
	idoc_put_row(o, t, w, dashes, 0);
	for (r = 0; r < t->nrows * t->ncols; r++)
		if (strchr(t->cells[r], '\n') || inspection_doc_width(t->cells[r]) > w[r % t->ncols])
			tall = 1;
	for (r = 0; r < t->nrows; r++) {
		/* Rows of several lines are told apart by a blank line. */
		if (tall && r > 0)
			idoc_put(o, "");
		idoc_put_row(o, t, w, &t->cells[r * t->ncols], t->marked[r]);
	}
	for (i = 0; i < t->ncols; i++)
		free(dashes[i]);
}

/* A table too wide for 80 columns: each row as a small block. */
static void
idoc_put_records(const struct idoc_out *o, const struct idoc_table *t)
{
	size_t r, i;
	char *s;

	for (r = 0; r < t->nrows; r++) {
		char *const *c = &t->cells[r * t->ncols];
		if (r > 0)
			idoc_put(o, "");
		idoc_put_wrapped(o, t->marked[r] ? "* " : "- ", c[0], 2);
		for (i = 1; i < t->ncols; i++) {
			s = xasprintf("%s : %s", t->cols[i].head, c[i]);
			idoc_put_wrapped(o, "    ", s, 6);
			free(s);
		}
	}
	idoc_put(o, "");
}

static void
idoc_put_block(const struct idoc_out *o, const struct idoc_block *b)
{
	char *s;

	switch (b->kind) {
	case IDOC_TITLE:
		idoc_put_rule(o, b->text, '=');
		break;
	case IDOC_HEADING:
		idoc_put(o, "");
		idoc_put_rule(o, b->text, '-');
		break;
	case IDOC_SUBHEADING:
		idoc_put(o, "");
		idoc_put_rule(o, b->text, '~');
		break;
	case IDOC_FIELD:
		s = xasprintf("%s : %s", b->label, b->text);
		idoc_put_wrapped(o, "", s, 4);
		free(s);
		break;
	case IDOC_TEXT:
		idoc_put_wrapped(o, "", b->text, 0);
		break;
	case IDOC_TABLE:
		if (b->table->txt_records)
			idoc_put_records(o, b->table);
		else
			idoc_put_columns(o, b->table);
		break;
	}
}

int
inspection_doc_text(const struct inspection_doc *d, FILE *f, int flags, struct err *e)
{
	struct idoc_out o = {f, flags};
	size_t i;

	idoc_put_wrapped(&o, "", d->header[0], 0);
	if (*d->header[1])
		idoc_put_wrapped(&o, "", d->header[1], 0);
	idoc_put(&o, "");
	for (i = 0; i < d->nblocks; i++)
		idoc_put_block(&o, &d->blocks[i]);
	if (fflush(f) != 0 || ferror(f))
		return err_set(e, "écriture impossible : %s", strerror(errno));
	return 0;
}

/* ---- JSON ---- */

/* s, or null when NULL or empty. */
static void
idoc_json_str(cJSON *o, const char *name, const char *s)
{
	if (s != NULL && *s)
		cJSON_AddStringToObject(o, name, s);
	else
		cJSON_AddNullToObject(o, name);
}

/* v, or null when negative (not recorded). */
static void
idoc_json_num(cJSON *o, const char *name, double v)
{
	if (v < 0)
		cJSON_AddNullToObject(o, name);
	else
		cJSON_AddNumberToObject(o, name, v);
}

static cJSON *
idoc_json_item(const struct inspection *in, const struct inspection_item *it)
{
	cJSON *o = cJSON_CreateObject(), *photos;
	char st[2] = {it->state, '\0'}, est[2] = {it->entry_state, '\0'};
	size_t p;

	idoc_json_str(o, "id", it->id);
	idoc_json_str(o, "name", it->name);
	idoc_json_str(o, "kind", it->kind);
	idoc_json_str(o, "nature", it->nature);
	idoc_json_str(o, "state", st);
	idoc_json_str(o, "state_label", it->state ? inspection_item_state_label(it->state) : NULL);
	idoc_json_str(o, "comment", it->comment);
	idoc_json_str(o, "charge", it->charge);
	idoc_json_num(o, "quantity", it->quantity);
	idoc_json_str(o, "price_code", it->price_code);
	photos = cJSON_AddArrayToObject(o, "photos");
	for (p = 0; photos && p < it->nphotos; p++)
		cJSON_AddItemToArray(photos, cJSON_CreateString(it->photos[p]));
	if (inspection_is_exit(in->kind)) {
		idoc_json_str(o, "entry_state", est);
		idoc_json_str(o, "entry_comment", it->entry_comment);
		cJSON_AddBoolToObject(o, "changed", it->entry_state && it->state &&
		    it->state != it->entry_state);
	}
	return o;
}

static void
idoc_json_rooms(cJSON *root, const struct inspection *in)
{
	cJSON *rooms = cJSON_AddArrayToObject(root, "rooms"), *r, *items;
	size_t i, j;

	for (i = 0; rooms && i < in->nrooms; i++) {
		r = cJSON_CreateObject();
		idoc_json_str(r, "id", in->rooms[i].id);
		idoc_json_str(r, "name", in->rooms[i].name);
		items = cJSON_AddArrayToObject(r, "items");
		for (j = in->rooms[i].first; items && j < in->rooms[i].first + in->rooms[i].count;
		    j++)
			cJSON_AddItemToArray(items, idoc_json_item(in, &in->items[j]));
		cJSON_AddItemToArray(rooms, r);
	}
}

static void
idoc_json_lines(cJSON *root, const struct inspection *in)
{
	cJSON *a, *o;
	size_t i;

	if ((a = cJSON_AddArrayToObject(root, "meters")) != NULL)
		for (i = 0; i < in->nmeters; i++) {
			o = cJSON_CreateObject();
			idoc_json_str(o, "kind", in->meters[i].kind);
			idoc_json_str(o, "label", inspection_meter_label(in->meters[i].kind));
			idoc_json_str(o, "serial", in->meters[i].serial);
			idoc_json_num(o, "reading", in->meters[i].reading);
			cJSON_AddItemToArray(a, o);
		}
	if ((a = cJSON_AddArrayToObject(root, "keys")) != NULL)
		for (i = 0; i < in->nkeys; i++) {
			o = cJSON_CreateObject();
			idoc_json_str(o, "kind", in->keys[i].kind);
			idoc_json_str(o, "label", inspection_key_label(in->keys[i].kind));
			idoc_json_num(o, "given", (double)in->keys[i].given);
			idoc_json_num(o, "returned", (double)in->keys[i].returned);
			cJSON_AddItemToArray(a, o);
		}
}

static void
idoc_json_parties(cJSON *root, const struct inspection *in)
{
	cJSON *a = cJSON_AddArrayToObject(root, "parties"), *o;
	size_t i;

	for (i = 0; a && i < in->nparties; i++) {
		const struct inspection_party *p = &in->parties[i];
		o = cJSON_CreateObject();
		idoc_json_str(o, "role", p->role);
		idoc_json_str(o, "label", inspection_party_label(p->role));
		idoc_json_str(o, "name", p->name);
		cJSON_AddBoolToObject(o, "present", p->present);
		idoc_json_str(o, "mandate", p->mandate);
		idoc_json_str(o, "signature_name", p->signature_name);
		idoc_json_str(o, "signed_at", p->signed_at);
		idoc_json_str(o, "refusal_reason", p->refusal_reason);
		cJSON_AddBoolToObject(o, "paper", p->paper);
		cJSON_AddItemToArray(a, o);
	}
}

static cJSON *
idoc_json_charge(const struct charge_line *l)
{
	cJSON *o = cJSON_CreateObject();

	idoc_json_str(o, "item_id", l->item_id);
	idoc_json_str(o, "room", l->room);
	idoc_json_str(o, "item", l->item);
	idoc_json_str(o, "defect", l->defect);
	idoc_json_str(o, "price_code", l->price_code);
	idoc_json_str(o, "price_label", l->price_label);
	idoc_json_str(o, "unit", l->unit);
	cJSON_AddNumberToObject(o, "quantity", l->quantity);
	cJSON_AddNumberToObject(o, "unit_price_cents", (double)l->unit_price_cents);
	cJSON_AddNumberToObject(o, "cost_cents", (double)l->cost_cents);
	idoc_json_str(o, "age_from", l->age_from);
	idoc_json_str(o, "age_source", l->age_source);
	cJSON_AddNumberToObject(o, "age_years", l->age_years);
	cJSON_AddNumberToObject(o, "coefficient_bp", l->coef_bp);
	cJSON_AddNumberToObject(o, "share_cents", (double)l->share_cents);
	idoc_json_str(o, "rule", l->rule);
	return o;
}

static void
idoc_json_charges(cJSON *root, const struct inspection_doc *d)
{
	const struct charge_statement *s = d->charges;
	cJSON *o, *a;
	size_t i;

	if (s == NULL) {
		cJSON_AddNullToObject(root, "charges");
		return;
	}
	if ((o = cJSON_AddObjectToObject(root, "charges")) == NULL)
		return;
	cJSON_AddBoolToObject(o, "estimate", strcmp(d->in->kind, "pre_exit") == 0);
	if ((a = cJSON_AddArrayToObject(o, "lines")) != NULL)
		for (i = 0; i < s->nlines; i++)
			cJSON_AddItemToArray(a, idoc_json_charge(&s->lines[i]));
	cJSON_AddNumberToObject(o, "unpriced", (double)s->nunpriced);
	cJSON_AddNumberToObject(o, "total_cost_cents", (double)s->total_cost_cents);
	cJSON_AddNumberToObject(o, "total_share_cents", (double)s->total_share_cents);
	idoc_json_num(o, "deposit_cents", (double)s->deposit_cents);
	cJSON_AddNumberToObject(o, "deposit_months", s->deposit_months);
	idoc_json_str(o, "exit_date", s->exit_date);
	idoc_json_str(o, "deposit_deadline", s->deposit_deadline);
	idoc_json_str(o, "rounding", s->rounding);
}

static void
idoc_json_head(cJSON *root, const struct inspection_doc *d)
{
	const struct inspection *in = d->in;
	cJSON *o;

	cJSON_AddStringToObject(root, "format", "loge-inspection");
	cJSON_AddNumberToObject(root, "version", 1);
	idoc_json_str(root, "id", in->id);
	idoc_json_str(root, "kind", in->kind);
	idoc_json_str(root, "kind_label", inspection_kind_label(in->kind));
	idoc_json_str(root, "state", in->state);
	idoc_json_str(root, "amends_id", in->amends_id);
	idoc_json_str(root, "amendment_kind", in->amendment_kind);
	idoc_json_str(root, "planned_date", in->planned_date);
	idoc_json_str(root, "done_at", in->done_at);
	idoc_json_str(root, "signed_at", in->signed_at);
	idoc_json_str(root, "content_sha256", in->content_sha256);
	idoc_json_str(root, "digest", d->digest);
	if (d->verified < 0)
		cJSON_AddNullToObject(root, "digest_matches");
	else
		cJSON_AddBoolToObject(root, "digest_matches", d->verified);
	if ((o = cJSON_AddObjectToObject(root, "landlord")) != NULL) {
		idoc_json_str(o, "name", in->landlord_name);
		idoc_json_str(o, "address", in->landlord_address);
		idoc_json_str(o, "agent", in->agent_name);
	}
	if ((o = cJSON_AddObjectToObject(root, "dwelling")) != NULL) {
		idoc_json_str(o, "id", in->dwelling_id);
		idoc_json_str(o, "reference", in->dwelling_ref);
		idoc_json_str(o, "type", in->dwelling_type);
		idoc_json_str(o, "address", in->address);
		idoc_json_str(o, "location", in->location);
	}
	if ((o = cJSON_AddObjectToObject(root, "lease")) != NULL) {
		idoc_json_str(o, "id", in->lease_id);
		idoc_json_str(o, "start", in->lease_start);
		idoc_json_str(o, "end", in->lease_end);
		idoc_json_num(o, "deposit_cents", (double)in->deposit_cents);
	}
	idoc_json_str(root, "entry_inspection_id", in->entry_inspection_id);
	idoc_json_str(root, "entry_date", in->entry_date);
	idoc_json_str(root, "tenant_new_address", in->tenant_new_address);
	idoc_json_str(root, "observations", in->observations);
}

int
inspection_doc_json(const struct inspection_doc *d, FILE *f, struct err *e)
{
	cJSON *root = cJSON_CreateObject();
	char *s = NULL;
	int rc = 0;

	if (root != NULL) {
		idoc_json_head(root, d);
		idoc_json_rooms(root, d->in);
		idoc_json_lines(root, d->in);
		idoc_json_parties(root, d->in);
		idoc_json_charges(root, d);
		s = cJSON_Print(root);
		cJSON_Delete(root);
	}
	if (s == NULL)
		return err_set(e, "mémoire insuffisante pour le JSON");
	if (fputs(s, f) < 0 || fputc('\n', f) == EOF || fflush(f) != 0)
		rc = err_set(e, "écriture impossible : %s", strerror(errno));
	cJSON_free(s);
	return rc;
}
