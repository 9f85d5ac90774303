/* The demo generator. Everything comes from one xoshiro256** stream seeded
 * from the seed, and every date from the anchor date: no clock, no rand(),
 * so the same seed and date give byte-identical rows (the node id in meta
 * aside). Rows are written estate by estate in one transaction through
 * cached statements; ids live in memory, never read back.
 *
 * This file holds the entry points, the random stream and the time and
 * text helpers every part uses; the parts are demo_setup.c (organisation,
 * users, reference data), demo_estate.c (estates, buildings, dwellings,
 * equipment), demo_occupancy.c (leases, tenants, a dwelling's history),
 * demo_inspection.c, demo_amend.c (amendments of entry inspections),
 * demo_works.c, demo_claim.c and demo_rounds.c (rounds and logbook);
 * demo_sql.c holds the statements, demo_internal.h what they share. */
#include "demo.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "db.h"
#include "demo_data.h"
#include "demo_internal.h"
#include "sanitize.h"
#include "search.h"
#include "sync/capture.h"
#include "uid.h"
#include "utf8.h"
#include "xalloc.h"

/* ---- Randomness ---- */

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
demo_rng_seed(struct rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
demo_rng_next(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* A number in [0, n); the modulo bias is far below what a demo can show. */
int64_t
demo_rng_below(struct rng *r, int64_t n)
{
	return n <= 1 ? 0 : (int64_t)((demo_rng_next(r) >> 11) % (uint64_t)n);
}

int64_t
demo_rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	return hi <= lo ? lo : lo + demo_rng_below(r, hi - lo + 1);
}

/* 1 with a probability of per_mille / 1000. */
int
demo_rng_pm(struct rng *r, int per_mille)
{
	return demo_rng_below(r, 1000) < per_mille;
}

const char *
demo_rng_pick(struct rng *r, const struct demo_list *l)
{
	return l->v[demo_rng_below(r, (int64_t)l->n)];
}

/* ---- Time, ids, text ---- */

const char *
demo_stamp(int64_t t, char out[DT_STAMP_SIZE])
{
	if (t < 0)
		t = 0;
	dt_stamp(t / DAY, (int)(t % DAY), out);
	return out;
}

const char *
demo_date(int64_t day, char out[DT_DATE_SIZE])
{
	dt_from_days(day, out);
	return out;
}

int64_t
demo_year_start(int year)
{
	char s[24];

	snprintf(s, sizeof s, "%04d-01-01", year < 1800 ? 1800 : year > 9999 ? 9999 : year);
	return dt_days(s);
}

/* A moment in office hours (UTC) on the given day. */
int64_t
demo_work_time(struct demo *d, int64_t day)
{
	return day * DAY + demo_rng_range(&d->rng, 6 * HOUR + 1800, 16 * HOUR + 1800);
}

static int
day_of_week(int64_t day)
{
	return (int)(((day % 7) + 7 + 3) % 7); /* 0 Monday: 1970-01-01 was a Thursday */
}

int64_t
demo_add_working_hours(int64_t t, int hours, int working)
{
	int64_t day = t / DAY, secs = t % DAY;
	int days = hours / 24;

	if (!working)
		return t + (int64_t)hours * HOUR;
	while (days > 0) {
		day++;
		if (day_of_week(day) < 5)
			days--;
	}
	return day * DAY + secs;
}

/* The working day on or after day. */
int64_t
demo_weekday(int64_t day)
{
	int w = day_of_week(day);

	return w < 5 ? day : day + 7 - w;
}

/* The working day on or before day. */
int64_t
demo_weekday_before(int64_t day)
{
	int w = day_of_week(day);

	return w < 5 ? day : day - (w - 4);
}

/* Keeps a moment in the past of the demo: a future one becomes the last
 * working day before the anchor. */
int64_t
demo_past(struct demo *d, int64_t t)
{
	return t < d->now ? t : demo_work_time(d, demo_weekday_before(d->today - 1));
}

/* Moves a moment forward into the office hours of a working day. */
int64_t
demo_office_hours(struct demo *d, int64_t t)
{
	int64_t day = t / DAY, secs = t % DAY;

	if (secs < 6 * HOUR + 1800 || secs > 16 * HOUR + 1800) {
		day += secs > 16 * HOUR + 1800;
		secs = 6 * HOUR + 1800 + demo_rng_below(&d->rng, 2 * HOUR);
	}
	if (day_of_week(day) >= 5) {
		day = demo_weekday(day);
		secs = 6 * HOUR + 1800 + demo_rng_below(&d->rng, 2 * HOUR);
	}
	return day * DAY + secs;
}

/* Ids carry the moment the demo was made: the anchor day, one
 * millisecond further for each row. Rows thus reach every index in
 * ascending order, which keeps a build of 500,000 dwellings fast. */
void
demo_id(struct demo *d, char out[UID_SIZE])
{
	uint64_t hi = demo_rng_next(&d->rng);

	uid_make(out, d->id_ms++, hi, demo_rng_next(&d->rng));
}

/* Lower-case ASCII for e-mail addresses: accents dropped, spaces and
 * apostrophes become hyphens. */
void
demo_ascii_slug(const char *s, char *out, size_t size)
{
	size_t len = strlen(s), i = 0, o = 0;
	uint32_t cp;
	const char *a;
	char one[2] = {0, 0};
	int n;

	while (i < len && o + 4 < size) {
		n = utf8_decode(s + i, len - i, &cp);
		i += n > 0 ? (size_t)n : 1;
		if (cp < 0x80) {
			one[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
			a = (cp == ' ' || cp == '\'') ? "-" : one;
		} else if ((a = sanitize_ascii(cp)) == NULL) {
			continue;
		}
		for (; *a && o + 1 < size; a++)
			out[o++] = (char)(*a >= 'A' && *a <= 'Z' ? *a + 32 : *a);
	}
	out[o] = '\0';
}

void
demo_person(struct demo *d, const char **first, const char **last)
{
	*first = demo_rng_pick(&d->rng,
	    demo_rng_pm(&d->rng, 500) ? &demo_first_f : &demo_first_m);
	*last = demo_rng_pick(&d->rng, &demo_last);
}

/* ---- Estates ---- */

static void
build_estate(struct demo *d, struct demo_sector *s, int n)
{
	struct demo_estate *es = xcalloc(1, sizeof *es);
	int i, recent_pm;

	es->dw = xcalloc((size_t)n, sizeof *es->dw);
	es->en = xcalloc(MAX_BUILDINGS * MAX_ENTRANCES, sizeof *es->en);
	es->ca = xcalloc(MAX_BUILDINGS * 3 + 8, sizeof *es->ca);
	demo_plan_estate(d, es, s, n);
	demo_plan_buildings(d, es, n);
	demo_write_estate(d, es);
	/* A few claims of the last three weeks per estate: work for today. */
	recent_pm = (1 + es->ndw / 60) * 1000 / es->ndw;
	for (i = 0; i < es->ndw && !d->failed; i++)
		demo_write_dwelling_all(d, es, &es->dw[i], recent_pm);
	demo_write_common_claims(d, es);
	demo_write_estate_works(d, es);
	for (i = 0; i < es->nb; i++)
		demo_write_rounds(d, es, i);
	demo_write_logbook(d, es);
	free(es->dw);
	free(es->en);
	free(es->ca);
	free(es);
}

/* Estates of 20 to 400 dwellings, most of them small. */
static void
build_sector(struct demo *d, struct demo_sector *s)
{
	long left = s->dwellings, n, r;

	while (left > 0 && !d->failed) {
		r = (long)demo_rng_below(&d->rng, 1000);
		n = 20 + r * r * 380 / 1000000;
		if (left <= 400 && left < n + 20)
			n = left;
		else if (left - n < 20)
			n = left - 20;
		build_estate(d, s, (int)n);
		left -= n;
	}
}

/* ---- Entry points ---- */

static void
index_texts(struct demo *d)
{
	size_t i, p;
	const char *c;

	for (i = 0; i < demo_nclaim_texts; i++)
		for (c = demo_claim_texts[i].places; *c; c++) {
			p = (size_t)(strchr("debc", *c) - "debc");
			if (d->ntexts[p] < sizeof d->texts[p] / sizeof d->texts[p][0])
				d->texts[p][d->ntexts[p]++] = i;
		}
}

static int
demo_check(struct db *db, const struct demo_opts *o, int agencies, struct err *e)
{
	int64_t rows = 0;

	if (o->dwellings < DEMO_MIN_DWELLINGS || o->dwellings > DEMO_MAX_DWELLINGS)
		return err_set(e, "nombre de logements %ld hors des limites (%d à %d)",
		    o->dwellings, DEMO_MIN_DWELLINGS, DEMO_MAX_DWELLINGS);
	if (agencies < 0 || agencies > DEMO_MAX_AGENCIES)
		return err_set(e, "nombre d'agences %d hors des limites (1 à %d)", agencies,
		    DEMO_MAX_AGENCIES);
	if ((long)agencies * DEMO_MIN_DWELLINGS > o->dwellings)
		return err_set(e, "%ld logements pour %d agences : il en faut au moins %d "
		    "par agence", o->dwellings, agencies, DEMO_MIN_DWELLINGS);
	if (o->date == NULL || !dt_date_valid(o->date))
		return err_set(e, "date de référence invalide « %s » (attendu AAAA-MM-JJ)",
		    o->date ? o->date : "");
	if (dt_days(o->date) < demo_year_start(1990) ||
	    dt_days(o->date) >= demo_year_start(2200))
		return err_set(e, "date de référence %s hors de la période permise "
		    "(1990 à 2199)",
		    o->date);
	if (db_int(db, e, &rows, "SELECT (SELECT count(*) FROM organisation) + "
	    "(SELECT count(*) FROM user_account) + (SELECT count(*) FROM dwelling)", "") < 0)
		return -1;
	if (rows > 0)
		return err_set(e, "%s : la base n'est pas vide ; la démonstration "
		    "se crée dans une base neuve", db_path(db));
	return 0;
}

/* Claims and work orders were written estate by estate; their numbers
 * follow the order of opening within each year, as in a real register. */
static void
write_numbers(struct demo *d)
{
	RUN(d, Q_CLAIM_NUMBERS, "");
	RUN(d, Q_WORK_ORDER_NUMBERS, "");
}

static void
demo_meta(struct demo *d, const struct demo_opts *o)
{
	char buf[32];

	if (d->failed)
		return;
	if (db_meta_set(d->db, d->e, "demo", "1") != 0 ||
	    db_meta_set(d->db, d->e, "demo_admin", d->admin.login) != 0 ||
	    db_meta_set(d->db, d->e, "demo_date", o->date) != 0)
		goto fail;
	snprintf(buf, sizeof buf, "%" PRIu64, o->seed);
	if (db_meta_set(d->db, d->e, "demo_seed", buf) != 0)
		goto fail;
	snprintf(buf, sizeof buf, "%ld", o->dwellings);
	if (db_meta_set(d->db, d->e, "demo_dwellings", buf) != 0)
		goto fail;
	return;
fail:
	d->failed = 1;
}

/* The demo database is new, and nobody else sees it before the build
 * commits: no journal on disk, a large page cache, and no CHECK or
 * foreign-key evaluation per row (tests run PRAGMA quick_check and
 * foreign_key_check on what the generator writes). This triples the
 * speed; on is 0 to restore the usual settings. */
static int
demo_tune(struct db *db, int on, int64_t *cache, struct err *e)
{
	char sql[160];

	if (db_in_transaction(db))
		return 0;
	if (on) {
		if (db_int(db, e, cache, "PRAGMA cache_size", "") < 0)
			return -1;
		return db_script(db, e, "PRAGMA foreign_keys = OFF; "
		    "PRAGMA ignore_check_constraints = ON; PRAGMA journal_mode = MEMORY; "
		    "PRAGMA cache_size = -65536");
	}
	snprintf(sql, sizeof sql, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
	    "PRAGMA ignore_check_constraints = OFF; PRAGMA cache_size = %" PRId64,
	    *cache ? *cache : -2000);
	return db_script(db, e, sql);
}

int
demo_build(struct db *db, const struct demo_opts *o, struct err *e)
{
	return demo_build_agencies(db, o, 0, e);
}

int
demo_build_agencies(struct db *db, const struct demo_opts *o, int agencies, struct err *e)
{
	struct demo d;
	int64_t cache = 0;
	int i, rc = -1;

	if (demo_check(db, o, agencies, e) != 0)
		return -1;
	memset(&d, 0, sizeof d);
	d.db = db;
	d.e = e;
	demo_rng_seed(&d.rng, o->seed);
	d.today = dt_days(o->date);
	d.now = d.today * DAY;
	d.year = atoi(o->date);
	d.setup = (d.today - 1100) * DAY + 8 * HOUR;
	d.id_ms = (uint64_t)d.now * 1000;
	index_texts(&d);
	demo_plan_structure(&d, o->dwellings, agencies);
	demo_plan_users(&d);
	d.st = xcalloc(Q_COUNT, sizeof *d.st);
	if (demo_tune(db, 1, &cache, e) != 0 || db_begin(db, e) != 0)
		goto out;
	/* The search index is filled once at the end, not row by row. */
	if (search_suspend(db, e) != 0 || capture_suspend(db, e) != 0) {
		db_rollback(db);
		goto out;
	}
	demo_write_structure(&d);
	demo_write_reference(&d);
	for (i = 0; i < d.nsectors && !d.failed; i++)
		build_sector(&d, &d.sectors[i]);
	write_numbers(&d);
	demo_meta(&d, o);
	if (!d.failed && (search_resume(db, e) != 0 || capture_resume(db, e) != 0))
		d.failed = 1;
	if (d.failed) {
		db_rollback(db);
		err_prefix(e, "base de démonstration : ");
		goto out;
	}
	rc = db_commit(db, e);
out:
	if (demo_tune(db, 0, &cache, rc == 0 ? e : NULL) != 0)
		rc = -1;
	free(d.st);
	free(d.agencies);
	free(d.sectors);
	return rc;
}

int
demo_stats(struct db *db, struct demo_stats *out, struct err *e)
{
	static const struct {
		const char *sql;
		size_t offset;
	} counts[] = {
		{"SELECT count(*) FROM agency", offsetof(struct demo_stats, agencies)},
		{"SELECT count(*) FROM sector", offsetof(struct demo_stats, sectors)},
		{"SELECT count(*) FROM estate", offsetof(struct demo_stats, estates)},
		{"SELECT count(*) FROM dwelling", offsetof(struct demo_stats, dwellings)},
		{"SELECT count(*) FROM tenant", offsetof(struct demo_stats, tenants)},
		{"SELECT count(*) FROM lease", offsetof(struct demo_stats, leases)},
		{"SELECT count(*) FROM inspection", offsetof(struct demo_stats, inspections)},
		{"SELECT count(*) FROM claim", offsetof(struct demo_stats, claims)},
	};
	int64_t v;
	size_t i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		if (db_int(db, e, &v, counts[i].sql, "") < 0)
			return -1;
		*(long *)((char *)out + counts[i].offset) = (long)v;
	}
	return 0;
}
