/* core/search.c and schema migration 2: accent and case folding, prefixes,
 * every word required, roles, the index following every write, FTS syntax
 * in the query taken as text, what Enter opens, back-fill of a database
 * made before the index existed, and the bulk-load pause. */
#include <sys/stat.h>
#include <sqlite3.h>

#include "tests/unit/testutil.h"

#include "core/schema.h"
#include "core/search.h"
#include "core/uid.h"
#include "core/user.h"

#define STAMP "2025-01-02T03:04:05Z"
#define SEARCH_TRIGGERS 18

struct fx {
	char *dir;
	struct db *db;
	char user[UID_SIZE];
	char agency[UID_SIZE], sector[UID_SIZE], link[UID_SIZE];
	char estate1[UID_SIZE], estate2[UID_SIZE];
	char building1[UID_SIZE], building2[UID_SIZE];
	char entrance1[UID_SIZE], entrance2[UID_SIZE], entrance3[UID_SIZE];
	char dw1[UID_SIZE], dw2[UID_SIZE], dw3[UID_SIZE];
	char helene[UID_SIZE], marc[UID_SIZE], paul[UID_SIZE], anon[UID_SIZE];
	char claim1[UID_SIZE], claim2[UID_SIZE];
};

/* The searching user's id: the fixture's gardien, who looks after the
 * first sector. */
static char fx_user_id[UID_SIZE];

/* A user of role (agency staff of agency, or of none: then everything is
 * in scope), with the fixture user's id. */
static struct user
as(const char *role, const char *agency)
{
	struct user u;

	memset(&u, 0, sizeof u);
	memcpy(u.id, fx_user_id, UID_SIZE);
	u.role = (char *)role;
	u.agency_id = (char *)agency;
	return u;
}

#define RUN(db, sql, types, ...) do { \
	struct err e_; \
	if (db_run((db), &e_, (sql), (types), __VA_ARGS__) != 0) \
		fail_msg("%s: %s", (sql), e_.msg); \
} while (0)

static void
fx_estate(struct fx *f, char *id, const char *code, const char *name, const char *address,
    const char *town)
{
	uid_new(id);
	RUN(f->db, "INSERT INTO estate(id, sector_id, code, name, address, town, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "tttttttt", id, f->sector, code,
	    name, address, town, STAMP, f->user);
}

static void
fx_place(struct fx *f, char *building, const char *estate, const char *address)
{
	uid_new(building);
	RUN(f->db, "INSERT INTO building(id, estate_id, code, address, updated_at, updated_by) "
	    "VALUES (?, ?, 'A', ?, ?, ?)", "ttttt", building, estate, address, STAMP, f->user);
}

static void
fx_entrance(struct fx *f, char *id, const char *building, const char *code,
    const char *address)
{
	uid_new(id);
	RUN(f->db, "INSERT INTO entrance(id, building_id, code, address, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?)", "tttttt", id, building, code, address,
	    STAMP, f->user);
}

static void
fx_dwelling(struct fx *f, char *id, const char *entrance, const char *ref, const char *door)
{
	uid_new(id);
	RUN(f->db, "INSERT INTO dwelling(id, entrance_id, reference, door, type, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, 'T3', ?, ?)", "tttttt", id, entrance, ref, door,
	    STAMP, f->user);
}

static void
fx_tenant(struct fx *f, char *id, const char *last, const char *first, int anonymised)
{
	uid_new(id);
	RUN(f->db, "INSERT INTO tenant(id, last_name, first_name, anonymised, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?)", "tttdtt", id, last, first, anonymised,
	    STAMP, f->user);
}

static void
fx_lease(struct fx *f, const char *tenant, const char *dwelling, const char *start,
    const char *end)
{
	char lease[UID_SIZE], link[UID_SIZE];

	uid_new(lease);
	uid_new(link);
	RUN(f->db, "INSERT INTO lease(id, dwelling_id, start_date, end_date, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?)", "tttttt", lease, dwelling, start, end,
	    STAMP, f->user);
	RUN(f->db, "INSERT INTO lease_tenant(id, lease_id, tenant_id, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?)", "ttttt", link, lease, tenant, STAMP, f->user);
}

static void
fx_claims(struct fx *f)
{
	char id[UID_SIZE], area[UID_SIZE];

	uid_new(id);
	RUN(f->db, "INSERT INTO claim_category(id, code, label, updated_at, updated_by) "
	    "VALUES (?, 'heating', 'Chauffage', ?, ?)", "ttt", id, STAMP, f->user);
	uid_new(id);
	RUN(f->db, "INSERT INTO claim_urgency(id, code, label, target_hours, updated_at, "
	    "updated_by) VALUES (?, 'normal', 'Normale', 72, ?, ?)", "ttt", id, STAMP, f->user);
	uid_new(area);
	RUN(f->db, "INSERT INTO common_area(id, building_id, kind, name, updated_at, "
	    "updated_by) VALUES (?, ?, 'hall', 'Hall bât. A', ?, ?)", "tttt", area,
	    f->building1, STAMP, f->user);
	uid_new(f->claim1);
	RUN(f->db, "INSERT INTO claim(id, number, dwelling_id, category, urgency, channel, "
	    "description, status, opened_at, updated_at, updated_by) VALUES (?, "
	    "'R2025-000017', ?, 'heating', 'normal', 'lodge', 'Radiateur froid', "
	    "'in_progress', ?, ?, ?)", "ttttt", f->claim1, f->dw1, STAMP, STAMP, f->user);
	uid_new(f->claim2);
	RUN(f->db, "INSERT INTO claim(id, number, common_area_id, category, urgency, channel, "
	    "description, opened_at, updated_at, updated_by) VALUES (?, 'R2025-000018', ?, "
	    "'heating', 'normal', 'phone', 'Hall froid', ?, ?, ?)", "ttttt", f->claim2, area,
	    STAMP, STAMP, f->user);
}

/* Two estates: Les Érables (two entrances with their own addresses) and
 * Andromède (an entrance without address: its building's is used). */
static void
fx_patrimoine(struct fx *f)
{
	char org[UID_SIZE], agency[UID_SIZE];

	uid_new(org);
	uid_new(agency);
	uid_new(f->sector);
	RUN(f->db, "INSERT INTO user_account(id, login, display_name, role, updated_at, "
	    "updated_by) VALUES (?, 'marie', 'Marie', 'gardien', ?, ?)", "ttt", f->user, STAMP,
	    f->user);
	RUN(f->db, "INSERT INTO organisation(id, name, updated_at, updated_by) "
	    "VALUES (?, 'Office', ?, ?)", "ttt", org, STAMP, f->user);
	RUN(f->db, "INSERT INTO agency(id, organisation_id, code, name, updated_at, updated_by) "
	    "VALUES (?, ?, 'AG1', 'Agence', ?, ?)", "tttt", agency, org, STAMP, f->user);
	RUN(f->db, "INSERT INTO sector(id, agency_id, code, name, updated_at, updated_by) "
	    "VALUES (?, ?, 'S1', 'Secteur', ?, ?)", "tttt", f->sector, agency, STAMP, f->user);
	uid_new(f->link);
	RUN(f->db, "INSERT INTO user_sector(id, user_id, sector_id, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?)", "ttttt", f->link, f->user, f->sector, STAMP, f->user);
	memcpy(f->agency, agency, UID_SIZE);
	fx_estate(f, f->estate1, "G00001", "Résidence Les Érables", "12 rue des Lilas",
	    "Villeurbanne");
	fx_place(f, f->building1, f->estate1, NULL);
	fx_entrance(f, f->entrance1, f->building1, "1", "12 rue des Lilas");
	fx_entrance(f, f->entrance2, f->building1, "2", "14 rue des Lilas");
	fx_estate(f, f->estate2, "G00002", "Cité Andromède", NULL, "Lyon");
	fx_place(f, f->building2, f->estate2, "3 place Bellecour");
	fx_entrance(f, f->entrance3, f->building2, "1", NULL);
	fx_dwelling(f, f->dw1, f->entrance1, "LGT-0001", "101");
	fx_dwelling(f, f->dw2, f->entrance2, "LGT-0002", "201");
	fx_dwelling(f, f->dw3, f->entrance3, "LGT-0003", "001");
}

/* Hélène has a current lease after a past one; Marc only past leases;
 * Paul none; the fourth tenant was anonymised. */
static void
fx_people(struct fx *f)
{
	fx_tenant(f, f->helene, "Dupont", "Hélène", 0);
	fx_tenant(f, f->marc, "Lefèvre", "Marc", 0);
	fx_tenant(f, f->paul, "Martin", "Paul", 0);
	fx_tenant(f, f->anon, "Anonymisé", NULL, 1);
	fx_lease(f, f->helene, f->dw3, "2010-01-01", "2015-06-30");
	fx_lease(f, f->helene, f->dw1, "2015-07-01", NULL);
	fx_lease(f, f->marc, f->dw2, "2000-01-01", "2005-12-31");
	fx_lease(f, f->marc, f->dw3, "2016-01-01", "2020-12-31");
	fx_lease(f, f->anon, f->dw2, "2006-01-01", "2010-12-31");
}

static void
fx_fill(struct fx *f)
{
	struct err e;

	uid_new(f->user);
	memcpy(fx_user_id, f->user, UID_SIZE);
	assert_int_equal(db_begin(f->db, &e), 0);
	fx_patrimoine(f);
	fx_people(f);
	fx_claims(f);
	assert_int_equal(db_commit(f->db, &e), 0);
}

static int
fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->db = tu_db(f->dir, "test.db");
	fx_fill(f);
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* Runs a search that must succeed; the caller frees the hits. */
static struct search_hit *
find(struct db *db, const char *role, const char *query, int limit, size_t *n)
{
	struct search_hit *hits;
	struct user u = as(role, NULL);
	struct err e;

	if (search_run(db, &u, query, limit, &hits, n, &e) != 0)
		fail_msg("search_run(%s, \"%s\"): %s", role, query, e.msg);
	return hits;
}

/* Number of hits of a kind for a query. */
static size_t
count(struct db *db, const char *role, const char *query, enum search_kind kind)
{
	struct search_hit *hits;
	size_t n, i, c = 0;

	hits = find(db, role, query, 50, &n);
	for (i = 0; i < n; i++)
		c += hits[i].kind == kind;
	search_hits_free(hits, n);
	return c;
}

/* The one hit of a kind for a query, copied; the caller frees it. */
static struct search_hit
only(struct db *db, const char *query, enum search_kind kind)
{
	struct search_hit *hits, h;
	size_t n, i, c = 0;

	memset(&h, 0, sizeof h);
	hits = find(db, "agent", query, 50, &n);
	for (i = 0; i < n; i++) {
		if (hits[i].kind != kind)
			continue;
		h = hits[i];
		memset(&hits[i], 0, sizeof hits[i]);
		c++;
	}
	if (c != 1)
		fail_msg("\"%s\": %zu hits of kind %d, 1 expected", query, c, (int)kind);
	search_hits_free(hits, n);
	return h;
}

/* Frees the fields of a hit copied by only(). */
static void
hit_free(struct search_hit *h)
{
	free(h->id);
	free(h->label);
	free(h->detail);
	free(h->open_dwelling_id);
	free(h->open_estate_id);
}

/* The index holds exactly what its views say, no more, no less. */
static void
assert_index_exact(struct db *db)
{
	static const char *const kinds[] = {"dwelling", "estate", "tenant", "claim"};
	struct err e;
	int64_t diff;
	char *sql;
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		sql = xasprintf("SELECT (SELECT count(*) FROM (SELECT rowid, id, text FROM "
		    "search_%s EXCEPT SELECT r, id, text FROM search_%s_src)) + (SELECT "
		    "count(*) FROM (SELECT r, id, text FROM search_%s_src EXCEPT SELECT rowid, "
		    "id, text FROM search_%s))", kinds[i], kinds[i], kinds[i], kinds[i]);
		assert_int_equal(db_int(db, &e, &diff, sql, ""), 1);
		if (diff != 0)
			fail_msg("search_%s: %lld rows differ from search_%s_src", kinds[i],
			    (long long)diff, kinds[i]);
		free(sql);
	}
}

static void
test_accents_and_case(void **state)
{
	struct fx *f = *state;
	static const char *const queries[] = {
		"helene", "HELENE", "Hélène", "HÉLÈNE", "hÉlÈnE dUPONT", "dupont",
		"hel", "h", "Dup hél",
	};
	struct search_hit h;
	size_t i;

	for (i = 0; i < sizeof queries / sizeof queries[0]; i++)
		assert_int_equal(count(f->db, "agent", queries[i], SEARCH_TENANT), 1);
	h = only(f->db, "helene", SEARCH_TENANT);
	assert_string_equal(h.id, f->helene);
	assert_string_equal(h.label, "DUPONT Hélène");
	hit_free(&h);
	/* Upper case of an accented last name. */
	h = only(f->db, "lefevre", SEARCH_TENANT);
	assert_string_equal(h.label, "LEFÈVRE Marc");
	hit_free(&h);
	/* Estates and dwellings fold too. */
	assert_int_equal(count(f->db, "agent", "erables", SEARCH_ESTATE), 1);
	assert_int_equal(count(f->db, "agent", "ÉRABLES", SEARCH_DWELLING), 2);
	assert_int_equal(count(f->db, "agent", "andromede", SEARCH_DWELLING), 1);
}

static void
test_prefix_every_word(void **state)
{
	struct fx *f = *state;

	assert_int_equal(count(f->db, "agent", "hel dup", SEARCH_TENANT), 1);
	assert_int_equal(count(f->db, "agent", "dup hel", SEARCH_TENANT), 1);
	/* All words required: both tenants exist, no row has both names. */
	assert_int_equal(count(f->db, "agent", "hel lef", SEARCH_TENANT), 0);
	assert_int_equal(count(f->db, "agent", "dupontx", SEARCH_TENANT), 0);
	assert_int_equal(count(f->db, "agent", "lila", SEARCH_DWELLING), 2);
	assert_int_equal(count(f->db, "agent", "lilas 14", SEARCH_DWELLING), 1);
	assert_int_equal(count(f->db, "agent", "villeurb 12 lil", SEARCH_DWELLING), 1);
	assert_int_equal(count(f->db, "agent", "villeurbanne 12 lilas x", SEARCH_DWELLING), 0);
	/* A reference typed with its punctuation, and in parts. */
	assert_int_equal(count(f->db, "agent", "LGT-0002", SEARCH_DWELLING), 1);
	assert_int_equal(count(f->db, "agent", "lgt 000", SEARCH_DWELLING), 3);
	assert_int_equal(count(f->db, "agent", "r2025-000017", SEARCH_CLAIM), 1);
	assert_int_equal(count(f->db, "agent", "R2025", SEARCH_CLAIM), 2);
	/* The building's address, when the entrance has none. */
	assert_int_equal(count(f->db, "agent", "3 bellecour", SEARCH_DWELLING), 1);
}

static void
test_blank_queries(void **state)
{
	struct fx *f = *state;
	static const char *const queries[] = {"", " ", "  \t ", " - , ; ", "— « » ’", "\"\""};
	struct search_hit *hits;
	struct user u = as("agent", NULL);
	struct err e;
	size_t i, n;

	for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		n = 99;
		assert_int_equal(search_run(f->db, &u, queries[i], 20, &hits, &n, &e), 0);
		assert_int_equal(n, 0);
		assert_null(hits);
	}
	assert_int_equal(search_run(f->db, &u, "lilas", 0, &hits, &n, &e), 0);
	assert_int_equal(n, 0);
}

static void
test_prepare(void **state)
{
	struct fx *f = *state;
	struct user agent = as("agent", NULL), gardien = as("gardien", NULL);
	struct err e;

	assert_int_equal(search_prepare(f->db, &agent, &e), 0);
	assert_int_equal(count(f->db, "agent", "lilas", SEARCH_DWELLING), 2);
	assert_int_equal(search_prepare(f->db, &agent, &e), 0);
	assert_int_equal(search_prepare(f->db, &gardien, &e), 0);
	assert_int_equal(count(f->db, "gardien", "lilas", SEARCH_DWELLING), 2);
}

static void
test_roles(void **state)
{
	struct fx *f = *state;

	assert_int_equal(count(f->db, "gardien", "helene", SEARCH_TENANT), 1);
	assert_int_equal(count(f->db, "technicien", "helene", SEARCH_TENANT), 1);
	/* An unknown role reads nothing personal, and no claims. */
	assert_int_equal(count(f->db, "inconnu", "helene", SEARCH_TENANT), 0);
	assert_int_equal(count(f->db, "inconnu", "dupont", SEARCH_TENANT), 0);
	assert_int_equal(count(f->db, NULL, "dupont", SEARCH_TENANT), 0);
	assert_int_equal(count(f->db, "inconnu", "r2025", SEARCH_CLAIM), 0);
	assert_int_equal(count(f->db, "gardien", "r2025", SEARCH_CLAIM), 2);
	/* An unknown role has no part of the patrimoine. */
	assert_int_equal(count(f->db, "inconnu", "lilas", SEARCH_DWELLING), 0);
	assert_int_equal(count(f->db, "gardien", "lilas", SEARCH_DWELLING), 2);
	/* Anonymised tenants are found by nobody. */
	assert_int_equal(count(f->db, "admin", "anonymise", SEARCH_TENANT), 0);
}

/* A second agency with one sector, estate, dwelling, tenant and claim,
 * outside the fixture gardien's sectors; its id into agency. */
static void
fx_other_agency(struct fx *f, char agency[UID_SIZE], char dwelling[UID_SIZE])
{
	char org[UID_SIZE], sector[UID_SIZE], estate[UID_SIZE], building[UID_SIZE];
	char entrance[UID_SIZE], tenant[UID_SIZE], claim[UID_SIZE];
	struct err e;

	uid_new(org);
	uid_new(agency);
	uid_new(sector);
	assert_int_equal(db_begin(f->db, &e), 0);
	RUN(f->db, "INSERT INTO organisation(id, name, updated_at, updated_by) "
	    "VALUES (?, 'Office 2', ?, ?)", "ttt", org, STAMP, f->user);
	RUN(f->db, "INSERT INTO agency(id, organisation_id, code, name, updated_at, updated_by) "
	    "VALUES (?, ?, 'AG2', 'Agence Sud', ?, ?)", "tttt", agency, org, STAMP, f->user);
	RUN(f->db, "INSERT INTO sector(id, agency_id, code, name, updated_at, updated_by) "
	    "VALUES (?, ?, 'S9', 'Secteur Sud', ?, ?)", "tttt", sector, agency, STAMP, f->user);
	uid_new(estate);
	RUN(f->db, "INSERT INTO estate(id, sector_id, code, name, address, town, updated_at, "
	    "updated_by) VALUES (?, ?, 'G00009', 'Résidence Zéphyr', '9 rue Lointaine', "
	    "'Vénissieux', ?, ?)", "tttt", estate, sector, STAMP, f->user);
	fx_place(f, building, estate, NULL);
	fx_entrance(f, entrance, building, "1", "9 rue Lointaine");
	fx_dwelling(f, dwelling, entrance, "LGT-9001", "901");
	fx_tenant(f, tenant, "Zorro", "Diego", 0);
	fx_lease(f, tenant, dwelling, "2020-01-01", NULL);
	/* Xavier lived in the first agency before. */
	fx_tenant(f, tenant, "Yelle", "Xavier", 0);
	fx_lease(f, tenant, f->dw2, "2001-01-01", "2003-12-31");
	fx_lease(f, tenant, dwelling, "2021-01-01", NULL);
	uid_new(claim);
	RUN(f->db, "INSERT INTO claim(id, number, dwelling_id, category, urgency, channel, "
	    "description, opened_at, updated_at, updated_by) VALUES (?, 'R2025-000999', ?, "
	    "'heating', 'normal', 'lodge', 'Volet cassé', ?, ?, ?)", "ttttt", claim, dwelling,
	    STAMP, STAMP, f->user);
	assert_int_equal(db_commit(f->db, &e), 0);
}

/* Hits of a kind for a query as u. */
static size_t
count_as(struct db *db, const struct user *u, const char *query, enum search_kind kind)
{
	struct search_hit *hits;
	struct err e;
	size_t n, i, c = 0;

	if (search_run(db, u, query, 50, &hits, &n, &e) != 0)
		fail_msg("search_run(%s, \"%s\"): %s", u->role, query, e.msg);
	for (i = 0; i < n; i++)
		c += hits[i].kind == kind;
	search_hits_free(hits, n);
	return c;
}

static void
test_scope(void **state)
{
	struct fx *f = *state;
	char south[UID_SIZE], dw_south[UID_SIZE];
	struct user gardien, agent, agent_south, admin;
	struct search_hit *hits;
	struct err e;
	size_t n;

	fx_other_agency(f, south, dw_south);
	gardien = as("gardien", NULL);
	agent = as("agent", f->agency);
	agent_south = as("agent", south);
	admin = as("admin", NULL);
	/* Everything of the other agency is out of the gardien's sectors and
	 * of the first agency's staff, and in the second agency's. */
	assert_int_equal(search_prepare(f->db, &gardien, &e), 0);
	assert_int_equal(count_as(f->db, &gardien, "LGT-9001", SEARCH_DWELLING), 0);
	assert_int_equal(count_as(f->db, &gardien, "zephyr", SEARCH_ESTATE), 0);
	assert_int_equal(count_as(f->db, &gardien, "zorro", SEARCH_TENANT), 0);
	assert_int_equal(count_as(f->db, &gardien, "r2025-000999", SEARCH_CLAIM), 0);
	assert_int_equal(count_as(f->db, &gardien, "lgt", SEARCH_DWELLING), 3);
	assert_int_equal(count_as(f->db, &gardien, "r2025", SEARCH_CLAIM), 2);
	assert_int_equal(count_as(f->db, &agent, "LGT-9001", SEARCH_DWELLING), 0);
	assert_int_equal(count_as(f->db, &agent, "zorro", SEARCH_TENANT), 0);
	assert_int_equal(count_as(f->db, &agent, "lgt", SEARCH_DWELLING), 3);
	assert_int_equal(count_as(f->db, &agent, "helene", SEARCH_TENANT), 1);
	assert_int_equal(count_as(f->db, &agent_south, "lgt", SEARCH_DWELLING), 1);
	assert_int_equal(count_as(f->db, &agent_south, "LGT-9001", SEARCH_DWELLING), 1);
	assert_int_equal(count_as(f->db, &agent_south, "zephyr", SEARCH_ESTATE), 1);
	assert_int_equal(count_as(f->db, &agent_south, "zorro", SEARCH_TENANT), 1);
	assert_int_equal(count_as(f->db, &agent_south, "r2025", SEARCH_CLAIM), 1);
	assert_int_equal(count_as(f->db, &agent_south, "helene", SEARCH_TENANT), 0);
	assert_int_equal(count_as(f->db, &admin, "lgt", SEARCH_DWELLING), 4);
	assert_int_equal(count_as(f->db, &admin, "r2025", SEARCH_CLAIM), 3);
	/* A tenant is where the lease shown is: Marc's last lease is in the
	 * first agency. */
	assert_int_equal(count_as(f->db, &agent, "marc", SEARCH_TENANT), 1);
	assert_int_equal(count_as(f->db, &agent_south, "marc", SEARCH_TENANT), 0);
	/* A tenant of both: each agency sees its own lease with him. */
	assert_int_equal(search_run(f->db, &agent, "yelle", 10, &hits, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].open_dwelling_id, f->dw2);
	assert_string_equal(hits[0].detail, "ancien logement : LGT-0002 (bail terminé le "
	    "31/12/2003)");
	search_hits_free(hits, n);
	assert_int_equal(search_run(f->db, &agent_south, "yelle", 10, &hits, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].open_dwelling_id, dw_south);
	search_hits_free(hits, n);
	assert_int_equal(search_run(f->db, &admin, "yelle", 10, &hits, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].open_dwelling_id, dw_south);
	search_hits_free(hits, n);
}

static void
test_labels_and_targets(void **state)
{
	struct fx *f = *state;
	struct search_hit h;

	h = only(f->db, "lgt-0001", SEARCH_DWELLING);
	assert_string_equal(h.id, f->dw1);
	assert_string_equal(h.label, "LGT-0001 — 12 rue des Lilas, Villeurbanne");
	assert_string_equal(h.detail, "Résidence Les Érables");
	assert_string_equal(h.open_dwelling_id, f->dw1);
	assert_string_equal(h.open_estate_id, f->estate1);
	hit_free(&h);
	h = only(f->db, "erables", SEARCH_ESTATE);
	assert_string_equal(h.id, f->estate1);
	assert_string_equal(h.label, "Résidence Les Érables (G00001)");
	assert_string_equal(h.detail, "12 rue des Lilas, Villeurbanne");
	assert_null(h.open_dwelling_id);
	assert_string_equal(h.open_estate_id, f->estate1);
	hit_free(&h);
	h = only(f->db, "R2025-000017", SEARCH_CLAIM);
	assert_string_equal(h.label, "R2025-000017");
	assert_string_equal(h.detail, "Chauffage, en cours — LGT-0001");
	assert_string_equal(h.open_dwelling_id, f->dw1);
	hit_free(&h);
	/* A claim on a common area opens its estate. */
	h = only(f->db, "R2025-000018", SEARCH_CLAIM);
	assert_string_equal(h.detail, "Chauffage, nouvelle — Hall bât. A, Résidence Les Érables");
	assert_null(h.open_dwelling_id);
	assert_string_equal(h.open_estate_id, f->estate1);
	hit_free(&h);
}

static void
test_tenant_opens_current_or_last_lease(void **state)
{
	struct fx *f = *state;
	struct search_hit h;

	h = only(f->db, "helene", SEARCH_TENANT);
	assert_string_equal(h.open_dwelling_id, f->dw1);
	assert_string_equal(h.open_estate_id, f->estate1);
	assert_string_equal(h.detail, "LGT-0001 — 12 rue des Lilas, Villeurbanne");
	hit_free(&h);
	/* No current lease: the last one, not the first. */
	h = only(f->db, "marc", SEARCH_TENANT);
	assert_string_equal(h.open_dwelling_id, f->dw3);
	assert_string_equal(h.open_estate_id, f->estate2);
	assert_string_equal(h.detail, "ancien logement : LGT-0003 (bail terminé le 31/12/2020)");
	hit_free(&h);
	h = only(f->db, "paul", SEARCH_TENANT);
	assert_null(h.open_dwelling_id);
	assert_null(h.open_estate_id);
	assert_string_equal(h.detail, "aucun bail");
	hit_free(&h);
}

static void
test_index_follows_writes(void **state)
{
	struct fx *f = *state;
	char id[UID_SIZE];

	RUN(f->db, "UPDATE tenant SET last_name = 'Durand' WHERE id = ?", "t", f->helene);
	assert_int_equal(count(f->db, "agent", "dupont", SEARCH_TENANT), 0);
	assert_int_equal(count(f->db, "agent", "durand hel", SEARCH_TENANT), 1);
	RUN(f->db, "DELETE FROM claim WHERE id = ?", "t", f->claim1);
	assert_int_equal(count(f->db, "agent", "r2025 000017", SEARCH_CLAIM), 0);
	assert_int_equal(count(f->db, "agent", "r2025", SEARCH_CLAIM), 1);
	RUN(f->db, "UPDATE estate SET name = 'Cité Cassiopée' WHERE id = ?", "t", f->estate2);
	assert_int_equal(count(f->db, "agent", "cassiopee", SEARCH_DWELLING), 1);
	assert_int_equal(count(f->db, "agent", "cassiopee", SEARCH_ESTATE), 1);
	assert_int_equal(count(f->db, "agent", "andromede", SEARCH_DWELLING), 0);
	assert_int_equal(count(f->db, "agent", "andromede", SEARCH_ESTATE), 0);
	RUN(f->db, "UPDATE building SET address = '5 place Bellecour' WHERE id = ?", "t",
	    f->building2);
	assert_int_equal(count(f->db, "agent", "5 bellecour", SEARCH_DWELLING), 1);
	assert_int_equal(count(f->db, "agent", "3 bellecour", SEARCH_DWELLING), 0);
	RUN(f->db, "UPDATE entrance SET address = '16 rue des Lilas' WHERE id = ?", "t",
	    f->entrance2);
	assert_int_equal(count(f->db, "agent", "16 lilas", SEARCH_DWELLING), 1);
	assert_int_equal(count(f->db, "agent", "14 lilas", SEARCH_DWELLING), 0);
	RUN(f->db, "UPDATE dwelling SET reference = 'LGT-9999' WHERE id = ?", "t", f->dw2);
	assert_int_equal(count(f->db, "agent", "lgt 9999", SEARCH_DWELLING), 1);
	assert_int_equal(count(f->db, "agent", "lgt 0002", SEARCH_DWELLING), 0);
	RUN(f->db, "UPDATE tenant SET last_name = 'Anonymisé', first_name = NULL, "
	    "anonymised = 1 WHERE id = ?", "t", f->marc);
	assert_int_equal(count(f->db, "admin", "lefevre", SEARCH_TENANT), 0);
	assert_int_equal(count(f->db, "admin", "marc", SEARCH_TENANT), 0);
	fx_dwelling(f, id, f->entrance1, "LGT-0004", "102");
	assert_int_equal(count(f->db, "agent", "lgt-0004", SEARCH_DWELLING), 1);
	RUN(f->db, "DELETE FROM dwelling WHERE id = ?", "t", id);
	assert_int_equal(count(f->db, "agent", "lgt-0004", SEARCH_DWELLING), 0);
	/* An update that touches no indexed column leaves the index alone. */
	RUN(f->db, "UPDATE dwelling SET floor = 3 WHERE id = ?", "t", f->dw1);
	assert_index_exact(f->db);
}

/* Replacing a row (no delete trigger unless recursive triggers are on)
 * must not show another row under the old entry. */
static void
test_replaced_row_never_shows_another(void **state)
{
	struct fx *f = *state;
	int64_t entries = 0;
	struct err e;

	assert_int_equal(db_script(f->db, &e, "PRAGMA recursive_triggers = OFF"), 0);
	RUN(f->db, "INSERT OR REPLACE INTO tenant(id, last_name, first_name, updated_at, "
	    "updated_by) VALUES (?, 'Petit', 'Paul', ?, ?)", "ttt", f->paul, STAMP, f->user);
	/* The old entry is still in the index, under the old rowid... */
	assert_int_equal(db_int(f->db, &e, &entries, "SELECT count(*) FROM search_tenant "
	    "WHERE id = ?", "t", f->paul), 1);
	assert_int_equal(entries, 2);
	/* ...and never shown. */
	assert_int_equal(count(f->db, "agent", "petit paul", SEARCH_TENANT), 1);
	assert_int_equal(count(f->db, "agent", "martin paul", SEARCH_TENANT), 0);
	assert_int_equal(search_rebuild(f->db, &e), 0);
	assert_index_exact(f->db);
}

static void
test_fts_syntax_is_text(void **state)
{
	struct fx *f = *state;
	static const char *const queries[] = {
		"\"", "\"\"\"", "*", "dup*", "AND", "OR", "NOT", "-x", "- lilas", "NEAR(",
		"NEAR(a b, 2)", "a:b", "text:lilas", "{id text}:x", "^lilas", "(", ")", "+",
		"'", "\\", "%", "_", "hel AND", "OR dup", "lilas NOT 12", "\xff\xfe", "h\xc3",
		"col\"umn", "**", "\"dupont\"", "dup -hel",
	};
	struct search_hit *hits;
	struct user u = as("agent", NULL);
	struct err e;
	size_t i, n;

	for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		if (search_run(f->db, &u, queries[i], 20, &hits, &n, &e) != 0)
			fail_msg("query \"%s\": %s", queries[i], e.msg);
		search_hits_free(hits, n);
	}
	/* Operators are words, matched as prefixes like any other. */
	assert_int_equal(count(f->db, "agent", "AND", SEARCH_ESTATE), 1);
	assert_int_equal(count(f->db, "agent", "NOT", SEARCH_TENANT), 0);
	assert_int_equal(count(f->db, "agent", "dup*", SEARCH_TENANT), 1);
	assert_int_equal(count(f->db, "agent", "\"dupont\"", SEARCH_TENANT), 1);
	assert_int_equal(count(f->db, "agent", "dup -hel", SEARCH_TENANT), 1);
	assert_int_equal(count(f->db, "agent", "lilas NOT 12", SEARCH_DWELLING), 0);
	assert_int_equal(count(f->db, "agent", "text:lilas", SEARCH_DWELLING), 0);
}

/* The limit is shared between kinds, shown dwellings first, then tenants,
 * estates, claims. */
static void
test_limit_shared(void **state)
{
	struct fx *f = *state;
	struct search_hit *hits;
	size_t n;

	/* "l": 3 dwellings (LGT), 1 tenant (Lefèvre), 2 estates (Les Érables,
	 * Lyon). */
	hits = find(f->db, "agent", "l", 4, &n);
	assert_int_equal(n, 4);
	assert_int_equal(hits[0].kind, SEARCH_DWELLING);
	assert_int_equal(hits[1].kind, SEARCH_DWELLING);
	assert_int_equal(hits[2].kind, SEARCH_TENANT);
	assert_int_equal(hits[3].kind, SEARCH_ESTATE);
	search_hits_free(hits, n);
	hits = find(f->db, "agent", "l", 10, &n);
	assert_int_equal(n, 6);
	assert_string_equal(hits[0].label, "LGT-0001 — 12 rue des Lilas, Villeurbanne");
	assert_int_equal(hits[2].kind, SEARCH_DWELLING);
	assert_int_equal(hits[3].kind, SEARCH_TENANT);
	assert_int_equal(hits[4].kind, SEARCH_ESTATE);
	assert_int_equal(hits[5].kind, SEARCH_ESTATE);
	search_hits_free(hits, n);
}

static int64_t
triggers(struct db *db)
{
	int64_t v = -1;
	struct err e;

	assert_int_equal(db_int(db, &e, &v, "SELECT count(*) FROM sqlite_schema WHERE "
	    "type = 'trigger' AND name LIKE 'search%'", ""), 1);
	return v;
}

static void
test_suspend_resume_rebuild(void **state)
{
	struct fx *f = *state;
	char id[UID_SIZE];
	struct err e;

	assert_int_equal(triggers(f->db), SEARCH_TRIGGERS);
	assert_int_equal(search_suspend(f->db, &e), -1);
	/* A load that fails keeps the triggers. */
	assert_int_equal(db_begin(f->db, &e), 0);
	assert_int_equal(search_suspend(f->db, &e), 0);
	assert_int_equal(triggers(f->db), 0);
	db_rollback(f->db);
	assert_int_equal(triggers(f->db), SEARCH_TRIGGERS);
	/* A load that succeeds is indexed at the end. */
	assert_int_equal(db_begin(f->db, &e), 0);
	assert_int_equal(search_suspend(f->db, &e), 0);
	fx_tenant(f, id, "Zéphyr", "Zoé", 0);
	RUN(f->db, "UPDATE estate SET name = 'Les Tilleuls' WHERE id = ?", "t", f->estate1);
	assert_int_equal(search_resume(f->db, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(triggers(f->db), SEARCH_TRIGGERS);
	assert_int_equal(count(f->db, "agent", "zephyr zoe", SEARCH_TENANT), 1);
	assert_int_equal(count(f->db, "agent", "tilleuls", SEARCH_DWELLING), 2);
	assert_int_equal(count(f->db, "agent", "erables", SEARCH_DWELLING), 0);
	assert_index_exact(f->db);
	/* And the triggers work again. */
	RUN(f->db, "UPDATE tenant SET first_name = 'Zélie' WHERE id = ?", "t", id);
	assert_int_equal(count(f->db, "agent", "zelie", SEARCH_TENANT), 1);
	assert_int_equal(search_rebuild(f->db, &e), 0);
	assert_int_equal(count(f->db, "agent", "zelie", SEARCH_TENANT), 1);
	assert_int_equal(count(f->db, "agent", "lgt", SEARCH_DWELLING), 3);
	assert_index_exact(f->db);
}

/* Rows as an older Loge wrote them: fixed ids (UUID-shaped), no index. */
#define OLD_ID(n) "'00000000-0000-7000-8000-0000000000" n "'"
#define OLD_PROV "'" STAMP "', " OLD_ID("01")
static const char old_rows[] =
    "INSERT INTO user_account (id, login, display_name, role, updated_at, updated_by) "
    "VALUES (" OLD_ID("01") ", 'marie', 'Marie', 'gardien', " OLD_PROV ");"
    "INSERT INTO organisation (id, name, updated_at, updated_by) "
    "VALUES (" OLD_ID("02") ", 'Office', " OLD_PROV ");"
    "INSERT INTO agency (id, organisation_id, code, name, updated_at, updated_by) "
    "VALUES (" OLD_ID("03") ", " OLD_ID("02") ", 'AG1', 'Agence', " OLD_PROV ");"
    "INSERT INTO sector (id, agency_id, code, name, updated_at, updated_by) "
    "VALUES (" OLD_ID("04") ", " OLD_ID("03") ", 'S1', 'Secteur', " OLD_PROV ");"
    "INSERT INTO estate (id, sector_id, code, name, address, town, updated_at, updated_by) "
    "VALUES (" OLD_ID("05") ", " OLD_ID("04") ", 'G00001', 'Résidence Les Érables', "
    "'12 rue des Lilas', 'Villeurbanne', " OLD_PROV ");"
    "INSERT INTO building (id, estate_id, code, updated_at, updated_by) "
    "VALUES (" OLD_ID("06") ", " OLD_ID("05") ", 'A', " OLD_PROV ");"
    "INSERT INTO entrance (id, building_id, code, address, updated_at, updated_by) VALUES "
    "(" OLD_ID("07") ", " OLD_ID("06") ", '1', '12 rue des Lilas', " OLD_PROV "), "
    "(" OLD_ID("08") ", " OLD_ID("06") ", '2', '14 rue des Lilas', " OLD_PROV ");"
    "INSERT INTO dwelling (id, entrance_id, reference, door, type, updated_at, updated_by) "
    "VALUES (" OLD_ID("09") ", " OLD_ID("07") ", 'LGT-0001', '101', 'T3', " OLD_PROV "), "
    "(" OLD_ID("10") ", " OLD_ID("08") ", 'LGT-0002', '201', 'T3', " OLD_PROV ");"
    "INSERT INTO tenant (id, last_name, first_name, anonymised, updated_at, updated_by) "
    "VALUES (" OLD_ID("11") ", 'Dupont', 'Hélène', 0, " OLD_PROV "), "
    "(" OLD_ID("12") ", 'Anonymisé', NULL, 1, " OLD_PROV ");"
    "INSERT INTO lease (id, dwelling_id, start_date, updated_at, updated_by) "
    "VALUES (" OLD_ID("13") ", " OLD_ID("09") ", '2015-07-01', " OLD_PROV ");"
    "INSERT INTO lease_tenant (id, lease_id, tenant_id, updated_at, updated_by) "
    "VALUES (" OLD_ID("14") ", " OLD_ID("13") ", " OLD_ID("11") ", " OLD_PROV ");"
    "INSERT INTO claim_category (id, code, label, updated_at, updated_by) "
    "VALUES (" OLD_ID("15") ", 'heating', 'Chauffage', " OLD_PROV ");"
    "INSERT INTO claim_urgency (id, code, label, target_hours, updated_at, updated_by) "
    "VALUES (" OLD_ID("16") ", 'normal', 'Normale', 72, " OLD_PROV ");"
    "INSERT INTO claim (id, number, dwelling_id, category, urgency, channel, description, "
    "opened_at, updated_at, updated_by) VALUES "
    "(" OLD_ID("17") ", 'R2025-000017', " OLD_ID("09") ", 'heating', 'normal', 'lodge', "
    "'Froid', '" STAMP "', " OLD_PROV "), "
    "(" OLD_ID("18") ", 'R2025-000018', " OLD_ID("10") ", 'heating', 'normal', 'lodge', "
    "'Froid', '" STAMP "', " OLD_PROV ");";

/* SQL on a connection of its own, outside core/db.c: only to shape a file
 * as an older Loge left it. */
static void
raw_exec(const char *path, const char *sql)
{
	char *msg = NULL;
	sqlite3 *h;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s", msg);
	sqlite3_close(h);
}

/* A database made by a Loge without the index: migration 2 indexes what
 * it holds. The file gets its schema 1 from the real migration 1: an
 * object in the way of migration 2 stops db_open there (each migration is
 * its own transaction), then goes, and the rows are written as before. */
static void
test_backfill_of_v1_database(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct search_hit h;
	char *path;
	struct err e;

	*state = f;
	f->dir = tu_tmpdir();
	path = tu_path(f->dir, "v1.db");
	raw_exec(path, "PRAGMA application_id = 1280264005; "
	    "CREATE TABLE search_dwelling_src (x);");
	assert_int_equal(chmod(path, 0600), 0); /* sqlite3_open made it 0644 */
	assert_int_equal(db_open(&f->db, path, 0, &e), -1);
	assert_non_null(strstr(e.msg, "migration 2"));
	raw_exec(path, "DROP TABLE search_dwelling_src;");
	raw_exec(path, old_rows);
	if (db_open(&f->db, path, 0, &e) != 0)
		fail_msg("reopening the schema 1 database: %s", e.msg);
	assert_int_equal(db_schema_version(f->db), schema_latest());
	assert_int_equal(count(f->db, "agent", "helene dupont", SEARCH_TENANT), 1);
	assert_int_equal(count(f->db, "agent", "villeurbanne lilas", SEARCH_DWELLING), 2);
	assert_int_equal(count(f->db, "agent", "erables", SEARCH_ESTATE), 1);
	assert_int_equal(count(f->db, "agent", "r2025", SEARCH_CLAIM), 2);
	assert_int_equal(count(f->db, "admin", "anonymise", SEARCH_TENANT), 0);
	h = only(f->db, "helene", SEARCH_TENANT);
	assert_string_equal(h.open_dwelling_id, "00000000-0000-7000-8000-000000000009");
	hit_free(&h);
	assert_index_exact(f->db);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_accents_and_case, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_prefix_every_word, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_blank_queries, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_prepare, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_roles, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_scope, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_labels_and_targets, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_tenant_opens_current_or_last_lease, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_index_follows_writes, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_replaced_row_never_shows_another, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_fts_syntax_is_text, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_limit_shared, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_suspend_resume_rebuild, fx_setup,
		    fx_teardown),
		cmocka_unit_test_teardown(test_backfill_of_v1_database, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
