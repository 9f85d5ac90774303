/* core/field.c: each type's validation and its French message, the French
 * decimal comma, dates, choices, invalid UTF-8; saving as a role that may
 * not write (refused, says why, nothing written), a save that changes the
 * value and the provenance together in one transaction, empty to NULL, a
 * refused save leaving the row as it was. */
#include "tests/unit/testutil.h"

#include "core/datetime.h"
#include "core/demo.h"
#include "core/field.h"
#include "core/sheet.h"
#include "core/uid.h"
#include "core/user.h"

#define TODAY "2026-01-15"
#define STAMP "2025-01-02T03:04:05Z"

struct fx {
	char *dir;
	struct db *db;
	struct user gardien, agent, tech;
	char dwelling[UID_SIZE];
	char tenant[UID_SIZE];
	char note[UID_SIZE];
};

#define RUN(db, sql, types, ...) do { \
	struct err e_; \
	if (db_run((db), &e_, (sql), (types), __VA_ARGS__) != 0) \
		fail_msg("%s: %s", (sql), e_.msg); \
} while (0)

static void
fx_user(struct fx *f, const char *login, struct user *u)
{
	struct err e;

	if (user_find(f->db, login, u, &e) != 1)
		fail_msg("user %s: %s", login, e.msg);
}

static int
fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct err e;
	char *entrance;

	f->dir = tu_tmpdir();
	f->db = tu_demo_db(f->dir, "field.db", DEMO_MIN_DWELLINGS, 7, TODAY);
	fx_user(f, "gardien1", &f->gardien);
	fx_user(f, "agent1", &f->agent);
	fx_user(f, "technicien1", &f->tech);
	entrance = db_text(f->db, &e, "SELECT id FROM entrance ORDER BY id LIMIT 1", "");
	assert_non_null(entrance);
	uid_new(f->dwelling);
	RUN(f->db, "INSERT INTO dwelling (id, entrance_id, reference, floor, type, area_m2, "
	    "updated_at, updated_by) VALUES (?, ?, 'F-001', 2, 'T3', 54.5, ?, ?)", "tttt",
	    f->dwelling, entrance, STAMP, f->agent.id);
	uid_new(f->tenant);
	RUN(f->db, "INSERT INTO tenant (id, last_name, first_name, phone, email, updated_at, "
	    "updated_by) VALUES (?, 'Dupont', 'Hélène', '06 11 22 33 44', 'h@example.net', ?, ?)",
	    "ttt", f->tenant, STAMP, f->agent.id);
	uid_new(f->note);
	RUN(f->db, "INSERT INTO note (id, dwelling_id, author_id, at, text, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, 'Chien', ?, ?)", "tttttt", f->note, f->dwelling,
	    f->gardien.id, STAMP, STAMP, f->gardien.id);
	free(entrance);
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->db);
	tu_rmdir(f->dir);
	user_clear(&f->gardien);
	user_clear(&f->agent);
	user_clear(&f->tech);
	free(f);
	return 0;
}

static const struct field *
F(const char *id)
{
	const struct field *f = field_find(id);

	if (f == NULL)
		fail_msg("no field %s", id);
	return f;
}

/* input must be accepted as want (NULL: stored as NULL). */
static void
ok(const char *id, const char *input, const char *want)
{
	char *v = (char *)1;
	struct err e;

	if (field_validate(F(id), input, &v, &e) != 0)
		fail_msg("%s: « %s » refused: %s", id, input, e.msg);
	if (want == NULL)
		assert_null(v);
	else
		assert_string_equal(v, want);
	free(v);
}

/* input must be refused with exactly msg. */
static void
ko(const char *id, const char *input, const char *msg)
{
	char *v = (char *)1;
	struct err e;

	if (field_validate(F(id), input, &v, &e) == 0)
		fail_msg("%s: « %s » accepted as « %s »", id, input, v ? v : "NULL");
	assert_null(v);
	assert_string_equal(e.msg, msg);
}

#define MSG_INT "Nombre entier attendu, entre -3 et 60"
#define MSG_DEC "Nombre décimal attendu (ex. 54,5), entre 1 et 999,99"
#define MSG_DATE "Date au format AAAA-MM-JJ attendue (ex. 2024-03-31)"
#define MSG_DPE "Choix parmi : A, B, C, D, E, F, G"
#define MSG_PHONE "Numéro de téléphone attendu (ex. 06 12 34 56 78 ou +33 6 12 34 56 78)"
#define MSG_EMAIL "Adresse électronique attendue (ex. prenom.nom@exemple.fr)"
#define MSG_UTF8 "Texte invalide : caractères non UTF-8"

static void
test_integer(void **state)
{
	ok("dwelling.floor", "12", "12");
	ok("dwelling.floor", " -3 ", "-3");
	ok("dwelling.floor", "+60", "60");
	ok("dwelling.floor", "007", "7");
	ok("dwelling.floor", "", NULL);
	ko("dwelling.floor", "61", MSG_INT);
	ko("dwelling.floor", "-4", MSG_INT);
	ko("dwelling.floor", "3,5", MSG_INT);
	ko("dwelling.floor", "trois", MSG_INT);
	ko("dwelling.floor", "-", MSG_INT);
	ko("dwelling.floor", "99999999999999999999", MSG_INT);
	ko("dwelling.rooms", "0", "Nombre entier attendu, entre 1 et 20");
}

static void
test_decimal(void **state)
{
	ok("dwelling.area_m2", "54,5", "54.5");
	ok("dwelling.area_m2", "54.25", "54.25");
	ok("dwelling.area_m2", "54,50", "54.5");
	ok("dwelling.area_m2", "60", "60");
	ok("dwelling.area_m2", "999,99", "999.99");
	ok("dwelling.area_m2", "1", "1");
	ko("dwelling.area_m2", "0,5", MSG_DEC);
	ko("dwelling.area_m2", "1000", MSG_DEC);
	ko("dwelling.area_m2", "54,555", MSG_DEC);
	ko("dwelling.area_m2", "54,", MSG_DEC);
	ko("dwelling.area_m2", "1 000", MSG_DEC);
	ko("dwelling.area_m2", "54,5 m²", MSG_DEC);
	ko("dwelling.area_m2", "5,4,3", MSG_DEC);
}

static void
test_date(void **state)
{
	ok("dwelling.dpe_date", "2024-02-29", "2024-02-29");
	ok("dwelling.dpe_date", "31/03/2024", "2024-03-31");
	ok("dwelling.dpe_date", "1/3/2024", "2024-03-01");
	ko("dwelling.dpe_date", "2023-02-29", MSG_DATE);
	ko("dwelling.dpe_date", "2024-13-01", MSG_DATE);
	ko("dwelling.dpe_date", "31/02/2024", MSG_DATE);
	ko("dwelling.dpe_date", "2024-3-1", MSG_DATE);
	ko("dwelling.dpe_date", "demain", MSG_DATE);
	ko("dwelling.dpe_date", "31/03/24", MSG_DATE);
}

static void
test_choice(void **state)
{
	const struct field *h = F("dwelling.heating");

	ok("dwelling.dpe_energy", "C", "C");
	ok("dwelling.dpe_energy", "c", "C");
	ko("dwelling.dpe_energy", "H", MSG_DPE);
	ok("dwelling.type", "t3", "T3");
	ko("dwelling.type", "T7", "Choix parmi : T1, T2, T3, T4, T5, T6");
	ok("dwelling.heating", "gas_individual", "gas_individual");
	ok("dwelling.heating", "Pompe à chaleur", "heat_pump");
	ok("dwelling.heating", "pompe à CHALEUR", "heat_pump");
	ko("dwelling.heating", "charbon", "Choix parmi : Gaz individuel, Gaz collectif, "
	    "Électrique, Réseau de chaleur, Pompe à chaleur, Fioul, Bois, Autre");
	assert_string_equal(field_choice_label(h, "district"), "Réseau de chaleur");
	assert_string_equal(field_choice_label(h, "inconnu"), "inconnu");
	assert_null(field_choice_label(h, NULL));
}

static void
test_text_phone_email(void **state)
{
	ok("dwelling.door", " 12B ", "12B");
	ok("dwelling.door", "Porte 3 é", "Porte 3 é");
	ko("dwelling.door", "12345678901", "Texte trop long : 10 caractères au plus");
	/* Ten characters in twenty bytes. */
	ok("dwelling.door", "éééééééééé", "éééééééééé");
	ko("dwelling.door", "a\x01" "b", "Caractère de contrôle non permis (caractère 2)");
	ko("dwelling.door", "a\nb", "Caractère de contrôle non permis (caractère 2)");
	ko("dwelling.door", "\xc2\x85", "Caractère de contrôle non permis (caractère 1)");
	ko("dwelling.door", "caf\xe9", MSG_UTF8);
	ko("dwelling.door", "\xff", MSG_UTF8);
	ko("dwelling.door", "\xc0\xaf", MSG_UTF8);
	ok("note.text", "ligne 1\nligne 2", "ligne 1\nligne 2");
	ko("note.text", "  ", "Valeur obligatoire : « Note » ne peut pas rester vide");
	ko("note.text", "caf\xe9", MSG_UTF8);
	ko("dwelling.type", "", "Valeur obligatoire : « Type » ne peut pas rester vide");

	ok("tenant.phone", "0612345678", "06 12 34 56 78");
	ok("tenant.phone", "06.12.34.56.78", "06 12 34 56 78");
	ok("tenant.phone", "+33612345678", "+33 6 12 34 56 78");
	ok("tenant.phone", "+44 20 7946 0958", "+44 20 7946 0958");
	ok("tenant.phone", "", NULL);
	ko("tenant.phone", "06-12", MSG_PHONE);
	ko("tenant.phone", "06 12 34 56 7a", MSG_PHONE);
	ok("tenant.email", "Jean.Dupont@Example.FR", "Jean.Dupont@example.fr");
	ok("tenant.email", "hélène@exemple.fr", "hélène@exemple.fr");
	ko("tenant.email", "jean@", MSG_EMAIL);
	ko("tenant.email", "@exemple.fr", MSG_EMAIL);
	ko("tenant.email", "jean@exemple", MSG_EMAIL);
	ko("tenant.email", "a b@c.fr", MSG_EMAIL);
	ko("tenant.email", "a@b@c.fr", MSG_EMAIL);
	ko("tenant.email", "a@c..fr", MSG_EMAIL);
}

/* Every field names a real column, and the table is tidy. */
static void
test_table(void **state)
{
	struct fx *f = *state;
	const struct field *all;
	struct db_stmt *st;
	size_t n, i, j;
	struct err e;
	char *sql;

	all = field_all(&n);
	assert_true(n >= 12);
	for (i = 0; i < n; i++) {
		assert_ptr_equal(field_find(all[i].id), &all[i]);
		assert_true(all[i].group < PG_COUNT);
		assert_true(all[i].type < FT_COUNT);
		assert_true(all[i].type != FT_CHOICE || all[i].nchoices > 0);
		sql = xasprintf("SELECT %s FROM %s LIMIT 0", all[i].column, all[i].table);
		st = db_stmt(f->db, &e, sql);
		if (st == NULL)
			fail_msg("%s: %s", all[i].id, e.msg);
		free(sql);
		for (j = 0; j < i; j++)
			assert_string_not_equal(all[i].id, all[j].id);
	}
	assert_null(field_find("dwelling.nope"));
	assert_null(field_find(NULL));
	assert_int_equal(F("tenant.phone")->group, PG_TENANT_CONTACT);
	assert_int_equal(F("dwelling.floor")->group, PG_TECHNICAL);
	assert_int_equal(F("note.text")->group, PG_LOGBOOK);
}

static char *
col(struct fx *f, const char *sql, const char *id)
{
	struct err e;

	return db_text(f->db, &e, sql, "t", id);
}

static void
test_save(void **state)
{
	struct fx *f = *state;
	char before[DT_STAMP_SIZE], *v, *at, *by;
	struct err e;

	dt_now(before);
	assert_int_equal(field_save(f->db, &f->tech, F("dwelling.floor"), f->dwelling, " 4 ", &e),
	    0);
	assert_false(db_in_transaction(f->db));
	v = field_get(f->db, F("dwelling.floor"), f->dwelling, &e);
	assert_string_equal(v, "4");
	free(v);
	by = col(f, "SELECT updated_by FROM dwelling WHERE id = ?", f->dwelling);
	at = col(f, "SELECT updated_at FROM dwelling WHERE id = ?", f->dwelling);
	assert_string_equal(by, f->tech.id);
	assert_true(dt_stamp_valid(at));
	assert_true(strcmp(at, before) >= 0);
	free(by);
	free(at);

	/* French comma in, a real number stored, the comma back out. */
	assert_int_equal(field_save(f->db, &f->tech, F("dwelling.area_m2"), f->dwelling, "61,25",
	    &e), 0);
	v = col(f, "SELECT typeof(area_m2) || ' ' || area_m2 FROM dwelling WHERE id = ?",
	    f->dwelling);
	assert_string_equal(v, "real 61.25");
	free(v);
	v = field_get(f->db, F("dwelling.area_m2"), f->dwelling, &e);
	assert_string_equal(v, "61,25");
	free(v);
	v = col(f, "SELECT typeof(floor) FROM dwelling WHERE id = ?", f->dwelling);
	assert_string_equal(v, "integer");
	free(v);

	/* The sheet names the technician now. */
	{
		struct sheet *s;
		assert_int_equal(sheet_load(f->db, &f->gardien, f->dwelling, TODAY, &s, &e), 0);
		assert_string_equal(s->blocks[SB_TECHNICAL].source.user, f->tech.display_name);
		assert_string_equal(s->blocks[SB_TECHNICAL].source.service, "Patrimoine");
		sheet_free(s);
	}
}

static void
test_refused_role(void **state)
{
	struct fx *f = *state;
	char *at0, *at1, *v;
	struct err e;

	at0 = col(f, "SELECT updated_at || updated_by FROM dwelling WHERE id = ?", f->dwelling);
	assert_int_equal(field_save(f->db, &f->gardien, F("dwelling.floor"), f->dwelling, "5",
	    &e), -1);
	assert_string_equal(e.msg, "Modification refusée : le rôle Gardien ne peut pas modifier "
	    "« Étage » (Caractéristiques techniques : réservé au service patrimoine)");
	at1 = col(f, "SELECT updated_at || updated_by FROM dwelling WHERE id = ?", f->dwelling);
	assert_string_equal(at0, at1);
	v = field_get(f->db, F("dwelling.floor"), f->dwelling, &e);
	assert_string_not_equal(v, "5");
	free(v);
	free(at0);
	free(at1);

	assert_int_equal(field_save(f->db, &f->tech, F("tenant.phone"), f->tenant, "0612345678",
	    &e), -1);
	assert_string_equal(e.msg, "Modification refusée : le rôle Technicien ne peut pas "
	    "modifier « Téléphone » (Coordonnées du locataire : réservé à l'agence)");
	assert_int_equal(field_save(f->db, &f->agent, F("note.text"), f->note, "Chat", &e), -1);
	assert_non_null(strstr(e.msg, "Main courante et notes : réservé au gardien"));
	assert_false(db_in_transaction(f->db));
}

static void
test_contact_and_null(void **state)
{
	struct fx *f = *state;
	char *v;
	struct err e;

	assert_int_equal(field_save(f->db, &f->agent, F("tenant.phone"), f->tenant,
	    "+33712345678", &e), 0);
	v = field_get(f->db, F("tenant.phone"), f->tenant, &e);
	assert_string_equal(v, "+33 7 12 34 56 78");
	free(v);
	/* Empty clears a nullable field. */
	assert_int_equal(field_save(f->db, &f->agent, F("tenant.email"), f->tenant, "  ", &e), 0);
	v = field_get(f->db, F("tenant.email"), f->tenant, &e);
	assert_null(v);
	assert_string_equal(e.msg, "");
	v = col(f, "SELECT typeof(email) FROM tenant WHERE id = ?", f->tenant);
	assert_string_equal(v, "null");
	free(v);
	/* A NOT NULL field does not. */
	assert_int_equal(field_save(f->db, &f->tech, F("dwelling.type"), f->dwelling, "", &e), -1);
	assert_string_equal(e.msg, "Valeur obligatoire : « Type » ne peut pas rester vide");
	v = field_get(f->db, F("dwelling.type"), f->dwelling, &e);
	assert_string_equal(v, "T3");
	free(v);
	/* The gardien writes notes. */
	assert_int_equal(field_save(f->db, &f->gardien, F("note.text"), f->note,
	    "Chien\nprévenir avant", &e), 0);
	v = field_get(f->db, F("note.text"), f->note, &e);
	assert_string_equal(v, "Chien\nprévenir avant");
	free(v);
}

static void
test_invalid_keeps_row(void **state)
{
	struct fx *f = *state;
	char *at0, *at1;
	struct err e;

	at0 = col(f, "SELECT updated_at || updated_by || coalesce(door, '-') FROM dwelling "
	    "WHERE id = ?", f->dwelling);
	assert_int_equal(field_save(f->db, &f->tech, F("dwelling.floor"), f->dwelling, "99", &e),
	    -1);
	assert_string_equal(e.msg, MSG_INT);
	assert_int_equal(field_save(f->db, &f->tech, F("dwelling.door"), f->dwelling, "caf\xe9",
	    &e), -1);
	assert_string_equal(e.msg, MSG_UTF8);
	at1 = col(f, "SELECT updated_at || updated_by || coalesce(door, '-') FROM dwelling "
	    "WHERE id = ?", f->dwelling);
	assert_string_equal(at0, at1);
	free(at0);
	free(at1);
}

/* A failure after the UPDATE started undoes all of it: one transaction. */
static void
test_one_transaction(void **state)
{
	struct fx *f = *state;
	char *before, *after;
	struct err e;

	before = col(f, "SELECT door || '|' || updated_at FROM dwelling WHERE id = ?",
	    f->dwelling);
	if (before == NULL) {
		RUN(f->db, "UPDATE dwelling SET door = 'A' WHERE id = ?", "t", f->dwelling);
		before = col(f, "SELECT door || '|' || updated_at FROM dwelling WHERE id = ?",
		    f->dwelling);
	}
	if (db_script(f->db, &e, "CREATE TEMP TRIGGER refuse AFTER UPDATE OF updated_by "
	    "ON dwelling BEGIN SELECT RAISE(ABORT, 'refus de test'); END") != 0)
		fail_msg("trigger: %s", e.msg);
	assert_int_equal(field_save(f->db, &f->tech, F("dwelling.door"), f->dwelling, "B12", &e),
	    -1);
	assert_non_null(strstr(e.msg, "Enregistrement impossible"));
	assert_non_null(strstr(e.msg, "refus de test"));
	assert_false(db_in_transaction(f->db));
	after = col(f, "SELECT door || '|' || updated_at FROM dwelling WHERE id = ?",
	    f->dwelling);
	assert_string_equal(before, after);
	if (db_script(f->db, &e, "DROP TRIGGER temp.refuse") != 0)
		fail_msg("drop: %s", e.msg);
	free(before);
	free(after);
}

static void
test_unchanged_missing_guarded(void **state)
{
	struct fx *f = *state;
	char *at0, *at1, id[UID_SIZE];
	struct err e;

	assert_int_equal(field_save(f->db, &f->tech, F("dwelling.rooms"), f->dwelling, "3", &e), 0);
	at0 = col(f, "SELECT updated_at FROM dwelling WHERE id = ?", f->dwelling);
	/* The same value again writes nothing. */
	sleep(1);
	assert_int_equal(field_save(f->db, &f->tech, F("dwelling.rooms"), f->dwelling, "03", &e),
	    0);
	at1 = col(f, "SELECT updated_at FROM dwelling WHERE id = ?", f->dwelling);
	assert_string_equal(at0, at1);
	free(at0);
	free(at1);

	uid_new(id);
	assert_int_equal(field_save(f->db, &f->tech, F("dwelling.rooms"), id, "3", &e), -1);
	assert_non_null(strstr(e.msg, "fiche introuvable"));
	assert_null(field_get(f->db, F("dwelling.rooms"), id, &e));
	assert_non_null(strstr(e.msg, "fiche introuvable"));

	RUN(f->db, "UPDATE tenant SET anonymised = 1 WHERE id = ?", "t", f->tenant);
	assert_int_equal(field_save(f->db, &f->agent, F("tenant.phone"), f->tenant, "0699999999",
	    &e), -1);
	assert_string_equal(e.msg, "Modification refusée : locataire anonymisé, ses coordonnées "
	    "ne se saisissent plus");
	assert_false(db_in_transaction(f->db));
	RUN(f->db, "UPDATE tenant SET anonymised = 0 WHERE id = ?", "t", f->tenant);
}

static void
test_display(void **state)
{
	char *v;

#define EQ(expr, want) do { v = (expr); assert_string_equal(v, want); free(v); } while (0)
	EQ(field_display(F("dwelling.area_m2"), "54.5"), "54,5 m²");
	EQ(field_display(F("dwelling.area_m2"), "60.0"), "60 m²");
	EQ(field_display(F("dwelling.heating"), "heat_pump"), "Pompe à chaleur");
	EQ(field_display(F("dwelling.floor"), "-1"), "-1");
	assert_null(field_display(F("dwelling.floor"), NULL));
	EQ(field_reserved(PG_MONEY), "Montants des travaux : réservé au service patrimoine");
	EQ(field_reserved(PG_LEASES), "Baux : réservé à l'agence");
	EQ(field_reserved(PG_USERS), "Utilisateurs : réservé à l'administrateur");
#undef EQ
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integer),
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_text_phone_email),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_save),
		cmocka_unit_test(test_refused_role),
		cmocka_unit_test(test_contact_and_null),
		cmocka_unit_test(test_invalid_keeps_row),
		cmocka_unit_test(test_one_transaction),
		cmocka_unit_test(test_unchanged_missing_guarded),
		cmocka_unit_test(test_display),
	};

	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
