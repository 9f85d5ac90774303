/* The RPLS importer: encodings, separators, bad rows with their line and
 * column, re-import, refused files, and where rows land in the patrimoine. */
#include "tests/unit/testutil.h"

#include "core/datetime.h"
#include "core/rpls.h"
#include "core/uid.h"

struct fx {
	char *dir;
	struct db *db;
	char user[UID_SIZE];
};

#define HEADER "DEPCOM;CODEPOSTAL;LIBCOM;NUMVOIE;INDREP;TYPVOIE;NOMVOIE;BAT;ESC;" \
	"ETAGE;NUMAPPT;NBPIECE;SURFHAB;CONSTRUCT;QPV;FINAN;DPEDATE;DPEENERGIE;DPESERRE\n"

/* Four dwellings, two estates, three buildings. */
static const char good[] =
    HEADER
    "69266;69100;Villeurbanne;12;;ALL;Allée des Cèdres;B1;A;RDC;01;3;65,5;1975;QP069001;13;03/2021;D;E\n"
    "69266;69100;Villeurbanne;12;;ALL;Allée des Cèdres;B1;A;3;32;1;28,456;1972;0;13;01/1900;;\n"
    "69266;69100;Villeurbanne;14;B;ALL;Allée des Cèdres;;;SS;C1;7;120;;;;2022-05-10;a;b\n"
    "69123;69001;Lyon;5;;RUE;de la République;;;02;5;4;80;1990;non;PLUS;15/06/2019;C;C\n";

static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof *fx);
	char stamp[DT_STAMP_SIZE];
	struct err e;

	fx->dir = tu_tmpdir();
	fx->db = tu_db(fx->dir, "t.db");
	uid_new(fx->user);
	dt_now(stamp);
	assert_int_equal(db_begin(fx->db, &e), 0);
	if (db_run(fx->db, &e, "INSERT INTO user_account (id, login, display_name, role, "
	    "updated_at, updated_by) VALUES (?, 'importeur', 'Importeur', 'admin', ?, ?)",
	    "ttt", fx->user, stamp, fx->user) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(db_commit(fx->db, &e), 0);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	db_close(fx->db);
	tu_rmdir(fx->dir);
	free(fx);
	return 0;
}

static int64_t
count(struct fx *fx, const char *table)
{
	char *sql = xasprintf("SELECT count(*) FROM %s", table);
	int64_t n = -1;
	struct err e;

	assert_int_equal(db_int(fx->db, &e, &n, sql, ""), 1);
	free(sql);
	return n;
}

/* One value as text (NULL for SQL NULL); the caller frees. */
static char *
value(struct fx *fx, const char *sql, const char *key)
{
	struct err e;

	err_clear(&e);
	return db_text(fx->db, &e, sql, "t", key);
}

static void
check_sql(struct fx *fx, const char *sql, const char *key, const char *want)
{
	char *got = value(fx, sql, key);

	if (want == NULL && got != NULL)
		fail_msg("%s [%s]: expected NULL, got %s", sql, key, got);
	if (want != NULL && (got == NULL || strcmp(got, want) != 0))
		fail_msg("%s [%s]: expected %s, got %s", sql, key, want, got ? got : "NULL");
	free(got);
}

static int
import(struct fx *fx, const char *name, const char *data, size_t len,
    const char *sector, struct rpls_report *r, struct err *e)
{
	err_clear(e);
	return rpls_import_buffer(fx->db, name, data, len, sector, fx->user, r, e);
}

static int
has_problem(const struct rpls_report *r, const char *needle)
{
	size_t i;

	for (i = 0; i < r->nproblems; i++)
		if (strstr(r->problems[i], needle) != NULL)
			return 1;
	return 0;
}

/* The dwelling whose door is door: "floor|type|rooms|area|energy|ghg|date". */
#define DWELLING_SQL "SELECT coalesce(floor, 'n') || '|' || type || '|' || rooms || '|' " \
	"|| coalesce(area_m2, 'n') || '|' || coalesce(dpe_energy, 'n') || '|' " \
	"|| coalesce(dpe_ghg, 'n') || '|' || coalesce(dpe_date, 'n') FROM dwelling WHERE door = ?"

static void
test_good_file(void **state)
{
	struct fx *fx = *state;
	struct rpls_report r;
	struct err e;

	assert_int_equal(import(fx, "bon.csv", good, sizeof good - 1, NULL, &r, &e), 0);
	assert_int_equal(r.rows, 4);
	assert_int_equal(r.inserted, 4);
	assert_int_equal(r.updated, 0);
	assert_int_equal(r.rejected, 0);
	assert_int_equal(r.nproblems, 0);
	rpls_report_free(&r);
	assert_int_equal(count(fx, "dwelling"), 4);
	assert_int_equal(count(fx, "entrance"), 3);
	assert_int_equal(count(fx, "building"), 3);
	assert_int_equal(count(fx, "estate"), 2);
	assert_int_equal(count(fx, "sector"), 2);
	assert_int_equal(count(fx, "agency"), 1);
	assert_int_equal(count(fx, "organisation"), 1);

	check_sql(fx, DWELLING_SQL, "01", "0|T3|3|65.5|D|E|2021-03-01");
	check_sql(fx, DWELLING_SQL, "32", "3|T1|1|28.46|n|n|n");
	check_sql(fx, DWELLING_SQL, "C1", "-1|T6|7|120.0|A|B|2022-05-10");
	check_sql(fx, DWELLING_SQL, "5", "2|T4|4|80.0|C|C|2019-06-15");
	check_sql(fx, "SELECT reference FROM dwelling WHERE door = ?", "32",
	    "69266-12 ALL ALLÉE DES CÈDRES-B1-A-3-32");
	check_sql(fx, "SELECT rpls_id FROM dwelling WHERE door = ?", "32", NULL);

	/* The estate takes the oldest year and the QPV of any of its rows. */
	check_sql(fx, "SELECT name || '|' || address || '|' || postcode || '|' || town || '|' "
	    "|| depcom || '|' || year_built || '|' || financing || '|' || qpv "
	    "FROM estate WHERE depcom = ?", "69266",
	    "Résidence Allée des Cèdres|ALL Allée des Cèdres|69100|Villeurbanne|69266|1972|13|1");
	check_sql(fx, "SELECT name || '|' || year_built || '|' || financing || '|' || qpv "
	    "FROM estate WHERE depcom = ?", "69123", "Résidence de la République|1990|PLUS|0");
	check_sql(fx, "SELECT group_concat(code || '=' || address, ',') FROM "
	    "(SELECT code, address FROM building WHERE address LIKE ? ORDER BY code)", "1%",
	    "14 B=14 B ALL Allée des Cèdres,B1=12 ALL Allée des Cèdres");
	check_sql(fx, "SELECT s.name FROM sector s JOIN estate e ON e.sector_id = s.id "
	    "WHERE e.depcom = ?", "69266", "Import RPLS — Villeurbanne");
	check_sql(fx, "SELECT s.code FROM sector s JOIN estate e ON e.sector_id = s.id "
	    "WHERE e.depcom = ?", "69123", "RPLS-69123");
	check_sql(fx, "SELECT o.name FROM organisation o JOIN agency a "
	    "ON a.organisation_id = o.id WHERE a.code = ?", "RPLS", "Organisme importé");
	check_sql(fx, "SELECT count(*) FROM dwelling WHERE updated_by IS ?", fx->user, "4");
	check_sql(fx, "SELECT count(*) FROM estate WHERE updated_by IS ?", fx->user, "2");
}

static void
test_reimport_updates(void **state)
{
	struct fx *fx = *state;
	struct rpls_report r;
	struct err e;
	char *first;

	assert_int_equal(import(fx, "bon.csv", good, sizeof good - 1, NULL, &r, &e), 0);
	rpls_report_free(&r);
	first = value(fx, "SELECT group_concat(id) FROM (SELECT id FROM dwelling "
	    "WHERE ? IS NOT NULL ORDER BY id)", "");
	/* Buildings and entrances that lost their key (made by hand) are
	 * found again by their code. */
	assert_int_equal(db_begin(fx->db, &e), 0);
	assert_int_equal(db_run(fx->db, &e, "UPDATE building SET ext_key = NULL", ""), 0);
	assert_int_equal(db_run(fx->db, &e, "UPDATE entrance SET ext_key = NULL", ""), 0);
	assert_int_equal(db_commit(fx->db, &e), 0);
	assert_int_equal(import(fx, "bon.csv", good, sizeof good - 1, NULL, &r, &e), 0);
	assert_int_equal(r.rows, 4);
	assert_int_equal(r.inserted, 0);
	assert_int_equal(r.updated, 4);
	assert_int_equal(r.rejected, 0);
	rpls_report_free(&r);
	assert_int_equal(count(fx, "dwelling"), 4);
	assert_int_equal(count(fx, "entrance"), 3);
	assert_int_equal(count(fx, "building"), 3);
	assert_int_equal(count(fx, "estate"), 2);
	assert_int_equal(count(fx, "sector"), 2);
	assert_int_equal(count(fx, "agency"), 1);
	check_sql(fx, "SELECT group_concat(id) FROM (SELECT id FROM dwelling "
	    "WHERE ? IS NOT NULL ORDER BY id)", "", first);
	check_sql(fx, "SELECT count(*) FROM building WHERE ext_key IS NOT ?", "", "3");
	check_sql(fx, "SELECT count(*) FROM entrance WHERE ext_key IS NOT ?", "", "3");
	/* The estate is set afresh, not merged with the previous import. */
	check_sql(fx, "SELECT year_built || '|' || qpv FROM estate WHERE depcom = ?",
	    "69266", "1972|1");
	free(first);
}

static void
test_latin1_file(void **state)
{
	static const char data[] =
	    "DEPCOM;LIBCOM;NUMVOIE;TYPVOIE;NOMVOIE;NBPIECE;IMMEU\r\n"
	    "69266;Villeurbanne;12;ALL;All\xe9" "e des C\xe8" "dres;2;\r\n"
	    "69266;Villeurbanne;3;RUE;du Sacr\xe9-C\x9cur;3;R\xe9sidence \xab Les \xc9tangs \xbb\r\n";
	struct fx *fx = *state;
	char *path = tu_path(fx->dir, "latin1.csv");
	struct rpls_report r;
	struct err e;

	tu_write(path, data, sizeof data - 1);
	err_clear(&e);
	assert_int_equal(rpls_import_file(fx->db, path, NULL, fx->user, &r, &e), 0);
	assert_int_equal(r.inserted, 2);
	assert_int_equal(r.rejected, 0);
	rpls_report_free(&r);
	check_sql(fx, "SELECT name FROM estate WHERE address = ?", "ALL Allée des Cèdres",
	    "Résidence Allée des Cèdres");
	check_sql(fx, "SELECT name FROM estate WHERE address = ?", "RUE du Sacré-Cœur",
	    "Résidence « Les Étangs »");
	check_sql(fx, "SELECT town FROM estate WHERE address = ?", "RUE du Sacré-Cœur",
	    "Villeurbanne");
	free(path);
}

static void
test_mixed_encoding(void **state)
{
	static const char data[] =
	    "DEPCOM;LIBCOM;NOMVOIE;NBPIECE\n"
	    "69266;Villeurbanne;des Cèdres;2\n"
	    "69266;Villeurbanne;des Ch\xeanes;2\n";
	struct fx *fx = *state;
	struct rpls_report r;
	struct err e;

	assert_int_equal(import(fx, "m.csv", data, sizeof data - 1, NULL, &r, &e), 0);
	assert_int_equal(r.inserted, 2);
	assert_int_equal(r.nproblems, 1);
	assert_non_null(strstr(r.problems[0], "m.csv:3: UTF-8 et Latin-1 mélangés"));
	rpls_report_free(&r);
	check_sql(fx, "SELECT count(*) FROM estate WHERE name = ?", "Résidence des Chênes", "1");
}

static void
test_comma_file_with_bom(void **state)
{
	static const char data[] =
	    "\xef\xbb\xbf ident_rep , Ident_Int,DepCom,LIBCOM,NUMVOIE,TYPVOIE,NOMVOIE,"
	    "NBPIECE_CODE,NBPIECE_LIBELLE,SURFHAB,DPEENERGIE_CODE,DPEENERGIE_LIBELLE,FOO\n"
	    "6900000001,L-001,69266,Villeurbanne,1,RUE,\"des Lilas, haute\",2,deux pièces,"
	    "\"45,25\",b,B,x\n"
	    "6900000002,,69266,Villeurbanne,1,RUE,\"des Lilas, haute\",1,,30.5,,,\n";
	struct fx *fx = *state;
	struct rpls_report r;
	struct err e;

	assert_int_equal(import(fx, "virgule.csv", data, sizeof data - 1, NULL, &r, &e), 0);
	assert_int_equal(r.inserted, 2);
	assert_int_equal(r.rejected, 0);
	/* FOO is reported; the _LIBELLE columns are not. */
	assert_int_equal(r.nproblems, 1);
	assert_non_null(strstr(r.problems[0], "virgule.csv:1: colonnes inconnues"));
	assert_non_null(strstr(r.problems[0], "FOO"));
	rpls_report_free(&r);
	check_sql(fx, "SELECT reference || '|' || type || '|' || area_m2 || '|' || dpe_energy "
	    "FROM dwelling WHERE rpls_id = ?", "6900000001", "L-001|T2|45.25|B");
	/* Without IDENT_INT the register id is the reference. */
	check_sql(fx, "SELECT reference || '|' || type || '|' || area_m2 "
	    "FROM dwelling WHERE rpls_id = ?", "6900000002", "6900000002|T1|30.5");
	check_sql(fx, "SELECT name FROM estate WHERE depcom = ?", "69266",
	    "Résidence des Lilas, haute");
}

static void
test_bad_rows(void **state)
{
	static const char data[] =
	    HEADER
	    "69266;69100;Villeurbanne;1;;RUE;Bonne;;;1;1;2;50;;;;;;\n"
	    "69266;69100;Villeurbanne;1;;RUE;Bonne;;;1;2;2;abc;;;;;;\n"
	    "69266;69100;Villeurbanne;1;;RUE;Bonne;;;xx;3;2;50;;;;;;\n"
	    "69266;69100;Villeurbanne;1;;RUE;Bonne;;;1;4;2;50;;;;;H;\n"
	    "69266;69100;Villeurbanne;1;;RUE;Bonne;;;1;5;;50;;;;;;\n"
	    "69266;69100;Villeurbanne;1;;RUE;\"Sur\ndeux lignes\";;;1;6;2;50;;;;;;\n"
	    "69266;69100;Villeurbanne;1;;RUE;Bonne;;;1;7;2;0;1700;peut-être;;13/2020;;\n"
	    "69266;69100;Villeurbanne;1;;RUE;;;;1;8;2;50;;;;;;\n"
	    "69266;69100;Villeurbanne;1;;RUE;Bonne;;;1;1;2;50;;;;;;\n"
	    "69266;69100;Villeurbanne;1;;RUE;Bonne;;;1;9;2;50;;;;;;;;en trop\n"
	    ";;;;;;;;;;;;;;;;;;\n"
	    "69266;69100;Villeurbanne;1;;RUE;Bonne;;;1;10;2;50;;;;;;\n";
	struct fx *fx = *state;
	struct rpls_report r;
	struct err e;

	assert_int_equal(import(fx, "mixte.csv", data, sizeof data - 1, NULL, &r, &e), 0);
	assert_int_equal(r.rows, 11);
	assert_int_equal(r.inserted, 4);
	assert_int_equal(r.rejected, 7);
	assert_true(has_problem(&r, "mixte.csv:3: SURFHAB : « abc » n'est pas un nombre"));
	assert_true(has_problem(&r, "mixte.csv:4: ETAGE : « xx » n'est pas un étage"));
	assert_true(has_problem(&r, "mixte.csv:5: DPEENERGIE : « H » n'est pas une étiquette"));
	assert_true(has_problem(&r, "mixte.csv:6: NBPIECE : valeur obligatoire manquante"));
	/* Line 7 holds two physical lines: the next row is on line 9. */
	assert_true(has_problem(&r, "mixte.csv:9: SURFHAB : « 0 » n'est pas une surface"));
	assert_true(has_problem(&r, "mixte.csv:9: CONSTRUCT : « 1700 »"));
	assert_true(has_problem(&r, "mixte.csv:9: QPV : « peut-être »"));
	assert_true(has_problem(&r, "mixte.csv:9: DPEDATE : « 13/2020 » n'est pas une date"));
	assert_true(has_problem(&r, "mixte.csv:10: NOMVOIE : valeur obligatoire manquante"));
	/* Same built reference as line 2: numbered, not rejected. */
	assert_true(has_problem(&r, "mixte.csv:11: même adresse, bâtiment, entrée, étage "
	    "et porte que la ligne 2 : logement enregistré sous la référence "
	    "69266-1 RUE BONNE-1-A-1-1#2"));
	assert_true(has_problem(&r, "mixte.csv:12: 21 champs au lieu de 19"));
	rpls_report_free(&r);
	assert_int_equal(count(fx, "dwelling"), 4);
	check_sql(fx, "SELECT group_concat(door) FROM (SELECT door FROM dwelling "
	    "WHERE ? IS NOT NULL ORDER BY door)", "", "1,1,10,6");

	/* Imported again, the numbered dwelling is the same one. */
	assert_int_equal(import(fx, "mixte.csv", data, sizeof data - 1, NULL, &r, &e), 0);
	assert_int_equal(r.inserted, 0);
	assert_int_equal(r.updated, 4);
	rpls_report_free(&r);
	assert_int_equal(count(fx, "dwelling"), 4);
}

/* A row the database refuses is undone alone, with what it had created. */
static void
test_constraint_row(void **state)
{
	static const char data[] =
	    "IDENT_INT;DEPCOM;LIBCOM;NOMVOIE;NBPIECE\n"
	    "A-1;69266;Villeurbanne;des Tilleuls;2\n"
	    "PRIS;69266;Villeurbanne;des Ormes;2\n"
	    "A-2;69266;Villeurbanne;des Tilleuls;3\n"
	    "A-1;69266;Villeurbanne;des Tilleuls;4\n";
	struct fx *fx = *state;
	struct rpls_report r;
	struct err e;

	assert_int_equal(import(fx, "a.csv", good, sizeof good - 1, NULL, &r, &e), 0);
	rpls_report_free(&r);
	assert_int_equal(db_begin(fx->db, &e), 0);
	assert_int_equal(db_run(fx->db, &e, "UPDATE dwelling SET reference = 'PRIS', "
	    "ext_key = NULL WHERE door = '01'", ""), 0);
	assert_int_equal(db_commit(fx->db, &e), 0);

	assert_int_equal(import(fx, "b.csv", data, sizeof data - 1, NULL, &r, &e), 0);
	assert_int_equal(r.inserted, 2);
	assert_int_equal(r.rejected, 2);
	assert_true(has_problem(&r, "b.csv:3: logement PRIS : valeur déjà existante"));
	assert_true(has_problem(&r, "b.csv:5: logement A-1 déjà présent ligne 2"));
	rpls_report_free(&r);
	assert_int_equal(count(fx, "dwelling"), 6);
	assert_int_equal(count(fx, "estate"), 3);
	check_sql(fx, "SELECT count(*) FROM estate WHERE name = ?", "Résidence des Ormes", "0");
}

static void
test_refused_files(void **state)
{
	static const struct {
		const char *data;
		size_t len;
		const char *why;
	} bad[] = {
#define S(lit) lit, sizeof lit - 1
		{S(""), "vide"},
		{S("\xef\xbb\xbf \r\n\n"), "vide"},
		{S("69266;Villeurbanne;RUE;des Lilas;3\n"), "aucune colonne RPLS"},
		{S("DEPCOM;NOMVOIE;SURFHAB\n69266;x;40\n"), "obligatoires absentes : NBPIECE"},
		{S("TYPVOIE;NBPIECE\nRUE;2\n"), "DEPCOM ou LIBCOM, NOMVOIE"},
		{S("DEPCOM;NOMVOIE;NBPIECE\n69266;x\0;2\n"), "octets nuls"},
		{S("\xff\xfe" "D\0E\0"), "UTF-16"},
		{S("\"DEPCOM;NOMVOIE;NBPIECE\n69266;x;2\n"), "guillemet"},
#undef S
	};
	struct fx *fx = *state;
	struct rpls_report r;
	struct err e;
	char *path;
	size_t i;

	assert_int_equal(import(fx, "bon.csv", good, sizeof good - 1, NULL, &r, &e), 0);
	rpls_report_free(&r);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(import(fx, "mauvais.csv", bad[i].data, bad[i].len, NULL, &r, &e), -1);
		if (strstr(e.msg, bad[i].why) == NULL || strstr(e.msg, "mauvais.csv") == NULL)
			fail_msg("case %zu: expected « %s », got « %s »", i, bad[i].why, e.msg);
		assert_int_equal(r.inserted + r.updated, 0);
		rpls_report_free(&r);
	}
	assert_int_equal(import(fx, "bon.csv", good, sizeof good - 1, "INCONNU", &r, &e), -1);
	assert_non_null(strstr(e.msg, "secteur inconnu : INCONNU"));
	rpls_report_free(&r);

	path = tu_path(fx->dir, "absent.csv");
	err_clear(&e);
	assert_int_equal(rpls_import_file(fx->db, path, NULL, fx->user, &r, &e), -1);
	assert_non_null(strstr(e.msg, "absent.csv"));
	rpls_report_free(&r);
	free(path);

	assert_int_equal(count(fx, "dwelling"), 4);
	assert_int_equal(count(fx, "estate"), 2);
	assert_int_equal(count(fx, "sector"), 2);
}

static void
test_qpv_and_no_dpe(void **state)
{
	static const char data[] =
	    "DEPCOM;NOMVOIE;NBPIECE;QPV;DPEDATE;DPEENERGIE\n"
	    "1001;un;1;1;01/1900;-\n"
	    "1001;oui;1;OUI;01/01/1900;\n"
	    "1001;code;1;QP001002;1900-01-01;\n"
	    "1001;zero;1;0;2015-02-28;G\n"
	    "1001;non;1;Non;02/2015;g\n"
	    "1001;vide;1;;;\n"
	    "1001;faux;1;QP;29/02/2015;\n";
	struct fx *fx = *state;
	struct rpls_report r;
	struct err e;

	assert_int_equal(import(fx, "qpv.csv", data, sizeof data - 1, NULL, &r, &e), 0);
	assert_int_equal(r.inserted, 6);
	assert_int_equal(r.rejected, 1);
	assert_true(has_problem(&r, "qpv.csv:8: QPV : « QP »"));
	assert_true(has_problem(&r, "qpv.csv:8: DPEDATE : « 29/02/2015 »"));
	rpls_report_free(&r);
	check_sql(fx, "SELECT group_concat(address || '=' || qpv) FROM (SELECT address, "
	    "qpv FROM estate WHERE depcom = ? ORDER BY address)", "1001",
	    "code=1,non=0,oui=1,un=1,vide=0,zero=0");
	check_sql(fx, "SELECT count(*) FROM dwelling WHERE dpe_date IS NULL AND "
	    "dpe_energy IS NULL AND ? IS NOT NULL", "", "4");
	check_sql(fx, "SELECT group_concat(dpe_date || dpe_energy) FROM (SELECT * FROM "
	    "dwelling WHERE dpe_date IS NOT NULL AND ? IS NOT NULL ORDER BY dpe_date)", "",
	    "2015-02-01G,2015-02-28G");
	/* Without LIBCOM the sector is named after the code. */
	check_sql(fx, "SELECT name FROM sector WHERE code = ?", "RPLS-1001",
	    "Import RPLS — 1001");
}

static void
test_given_sector(void **state)
{
	struct fx *fx = *state;
	struct rpls_report r;
	struct err e;
	char org[UID_SIZE], agency[UID_SIZE], sector[UID_SIZE], stamp[DT_STAMP_SIZE];

	uid_new(org);
	uid_new(agency);
	uid_new(sector);
	dt_now(stamp);
	assert_int_equal(db_begin(fx->db, &e), 0);
	assert_int_equal(db_run(fx->db, &e, "INSERT INTO organisation (id, name, updated_at, "
	    "updated_by) VALUES (?, 'Rhône Habitat', ?, ?)", "ttt", org, stamp, fx->user), 0);
	assert_int_equal(db_run(fx->db, &e, "INSERT INTO agency (id, organisation_id, code, "
	    "name, updated_at, updated_by) VALUES (?, ?, 'EST', 'Agence Est', ?, ?)", "tttt",
	    agency, org, stamp, fx->user), 0);
	assert_int_equal(db_run(fx->db, &e, "INSERT INTO sector (id, agency_id, code, name, "
	    "updated_at, updated_by) VALUES (?, ?, 'S1', 'Secteur 1', ?, ?)", "tttt", sector,
	    agency, stamp, fx->user), 0);
	assert_int_equal(db_commit(fx->db, &e), 0);

	assert_int_equal(import(fx, "bon.csv", good, sizeof good - 1, "S1", &r, &e), 0);
	assert_int_equal(r.inserted, 4);
	rpls_report_free(&r);
	check_sql(fx, "SELECT count(*) FROM estate WHERE sector_id = ?", sector, "2");
	assert_int_equal(count(fx, "sector"), 1);
	assert_int_equal(count(fx, "agency"), 1);

	/* Without --sector the existing organisation is reused. */
	assert_int_equal(import(fx, "bon.csv", good, sizeof good - 1, NULL, &r, &e), 0);
	assert_int_equal(r.updated, 4);
	rpls_report_free(&r);
	assert_int_equal(count(fx, "organisation"), 1);
	check_sql(fx, "SELECT organisation_id FROM agency WHERE code = ?", "RPLS", org);
	check_sql(fx, "SELECT count(*) FROM estate WHERE sector_id = ?", sector, "0");
}

/* A later row of the estate can name it; it cannot rename it. */
static void
test_estate_name(void **state)
{
	static const char data[] =
	    "DEPCOM;NOMVOIE;NUMVOIE;NBPIECE;IMMEU;CONSTRUCT;FINAN\n"
	    "1001;des Lilas;1;1;;1980;\n"
	    "1001;des Lilas;2;1;Les Jardins;1960;PLAI\n"
	    "1001;des Lilas;3;1;Autre nom;1970;PLUS\n";
	struct fx *fx = *state;
	struct rpls_report r;
	struct err e;

	assert_int_equal(import(fx, "n.csv", data, sizeof data - 1, NULL, &r, &e), 0);
	assert_int_equal(r.inserted, 3);
	rpls_report_free(&r);
	check_sql(fx, "SELECT name || '|' || year_built || '|' || financing FROM estate "
	    "WHERE depcom = ?", "1001", "Les Jardins|1960|PLAI");
	check_sql(fx, "SELECT group_concat(code || '=' || year_built) FROM (SELECT * FROM "
	    "building WHERE ? IS NOT NULL ORDER BY code)", "", "1=1980,2=1960,3=1970");
}

static void
test_unterminated_quote(void **state)
{
	static const char data[] =
	    "DEPCOM;NOMVOIE;NBPIECE\n"
	    "1001;un;1\n"
	    "1001;\"deux;1\n"
	    "1001;trois;1\n";
	struct fx *fx = *state;
	struct rpls_report r;
	struct err e;

	assert_int_equal(import(fx, "q.csv", data, sizeof data - 1, NULL, &r, &e), 0);
	assert_int_equal(r.rows, 2);
	assert_int_equal(r.inserted, 1);
	assert_int_equal(r.rejected, 1);
	assert_true(has_problem(&r, "q.csv:3: guillemet"));
	rpls_report_free(&r);
	assert_int_equal(count(fx, "dwelling"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport_updates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_latin1_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_encoding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comma_file_with_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_constraint_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_qpv_and_no_dpe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_given_sector, setup, teardown),
		cmocka_unit_test_setup_teardown(test_estate_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unterminated_quote, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
