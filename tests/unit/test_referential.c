/* The reference data of états des lieux: what is typed is checked against
 * the schema's ranges and shown back as typed; only the administrator
 * writes, each write signed; rows other rows use are not deleted; rooms
 * and items keep positions 1..n; a CSV export read back changes nothing,
 * a changed file updates by natural key, a bad line changes nothing. */
#include "tests/unit/testutil.h"

#include "core/datetime.h"
#include "core/referential.h"
#include "core/user.h"

struct fx {
	char *dir;
	struct db *db;
	struct user admin, gardien;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->db = tu_demo_db(f->dir, "demo.db", 60, 3, "2026-01-15");
	tu_user(f->db, "admin", &f->admin);
	tu_user(f->db, "gardien1", &f->gardien);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	user_clear(&f->admin);
	user_clear(&f->gardien);
	db_close(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static char *
qtext(struct db *db, const char *sql, const char *a)
{
	struct err e;

	err_clear(&e);
	return a ? db_text(db, &e, sql, "t", a) : db_text(db, &e, sql, "");
}

/* Checks input for column `column` of t: the stored form, or NULL when
 * refused (the message then in e). */
static char *
check(enum referential_table t, const char *column, const char *input, struct err *e)
{
	const struct referential_col *c = referential_col(t, column);
	char *out = NULL;

	assert_non_null(c);
	err_clear(e);
	if (referential_check(c, input, &out, e) != 0) {
		assert_null(out);
		assert_true(e->msg[0] != '\0');
		return NULL;
	}
	return out;
}

static void
expect(enum referential_table t, const char *column, const char *input, const char *want)
{
	struct err e;
	char *got = check(t, column, input, &e);

	if (want == NULL && got != NULL)
		fail_msg("%s « %s » accepted as %s", column, input, got);
	if (want != NULL && (got == NULL || strcmp(got, want) != 0))
		fail_msg("%s « %s »: %s, expected %s", column, input, got ? got : e.msg, want);
	free(got);
}

static void
test_check_values(void **state)
{
	expect(RT_WEAR, "yearly_rate_bp", "15", "1500");
	expect(RT_WEAR, "yearly_rate_bp", "12,85", "1285");
	expect(RT_WEAR, "yearly_rate_bp", "15 %", "1500");
	expect(RT_WEAR, "yearly_rate_bp", "12.5%", "1250");
	expect(RT_WEAR, "residual_bp", "100", "10000");
	expect(RT_WEAR, "residual_bp", "0", "0");
	expect(RT_WEAR, "residual_bp", "100,01", NULL);
	expect(RT_WEAR, "residual_bp", "-1", NULL);
	expect(RT_WEAR, "residual_bp", "12,345", NULL);
	expect(RT_WEAR, "residual_bp", "", NULL);
	expect(RT_WEAR, "lifetime_years", "7 ans", "7");
	expect(RT_WEAR, "lifetime_years", "0", NULL);
	expect(RT_WEAR, "franchise_years", "0", "0");
	expect(RT_WEAR, "franchise_years", "-1", NULL);
	expect(RT_WEAR, "item_kind", "Joints_Silicone", "joints_silicone");
	expect(RT_WEAR, "item_kind", "peinture intérieure", NULL);
	expect(RT_WEAR, "item_kind", "other", NULL);
	expect(RT_PRICE, "unit_price_cents", "24,50", "2450");
	expect(RT_PRICE, "unit_price_cents", "24,5 €", "2450");
	expect(RT_PRICE, "unit_price_cents", "1 234,56", "123456");
	expect(RT_PRICE, "unit_price_cents", "1\xc2\xa0" "234,56\xc2\xa0€", "123456");
	expect(RT_PRICE, "unit_price_cents", "0", "0");
	expect(RT_PRICE, "unit_price_cents", "-3", NULL);
	expect(RT_PRICE, "unit_price_cents", "100000,01", NULL);
	expect(RT_PRICE, "code", "peint-mur2", "PEINT-MUR2");
	expect(RT_PRICE, "code", "PEINT MUR", NULL);
	expect(RT_PRICE, "unit", "m²", "m2");
	expect(RT_PRICE, "unit", "heure", "hour");
	expect(RT_PRICE, "unit", "litre", NULL);
	expect(RT_PRICE, "item_kind", "", NULL);
	expect(RT_PRICE, "item_kind", "other", NULL);
	expect(RT_TEMPLATE, "dwelling_type", "t3", "T3");
	expect(RT_TEMPLATE, "dwelling_type", "T7", NULL);
	expect(RT_TEMPLATE, "balcony", "oui", "1");
	expect(RT_TEMPLATE, "balcony", "non", "0");
	expect(RT_TEMPLATE, "name", "  ", NULL);
	expect(RT_TEMPLATE, "name", "Modèle\x1b[31m", NULL);
	expect(RT_ITEM, "kind", "other", "other");
	expect(RT_ITEM, "nature", "", NULL);
}

static void
test_typed_and_shown(void **state)
{
	const struct referential_col *rate = referential_col(RT_WEAR, "yearly_rate_bp");
	const struct referential_col *price = referential_col(RT_PRICE, "unit_price_cents");
	const struct referential_col *unit = referential_col(RT_PRICE, "unit");
	const struct referential_col *life = referential_col(RT_WEAR, "lifetime_years");
	const struct referential_col *flag = referential_col(RT_TEMPLATE, "parking");
	struct {
		const struct referential_col *c;
		const char *stored, *typed, *shown;
	} cases[] = {
		{rate, "1285", "12,85", "12,85 %"}, {rate, "1250", "12,5", "12,5 %"},
		{rate, "1500", "15", "15 %"}, {rate, "409", "4,09", "4,09 %"},
		{price, "2450", "24,50", "24,50 €"}, {price, "5", "0,05", "0,05 €"},
		{unit, "m2", "m2", "m²"}, {life, "25", "25", "25 ans"},
		{flag, "1", "oui", "oui"}, {flag, "0", "non", "non"},
	};
	struct err e;
	size_t i;
	char *s, *back;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = referential_typed(cases[i].c, cases[i].stored);
		assert_string_equal(s, cases[i].typed);
		/* What is shown as typed is read back as stored. */
		assert_int_equal(referential_check(cases[i].c, s, &back, &e), 0);
		assert_string_equal(back, cases[i].stored);
		free(back);
		free(s);
		s = referential_shown(cases[i].c, cases[i].stored);
		assert_string_equal(s, cases[i].shown);
		free(s);
	}
	assert_null(referential_typed(rate, NULL));
}

static char *
wear_id(struct db *db, const char *kind)
{
	char *id = qtext(db, "SELECT id FROM wear_grid WHERE item_kind = ?", kind);

	assert_non_null(id);
	return id;
}

static void
test_gardien_refused(void **state)
{
	struct fx *f = *state;
	char *id = wear_id(f->db, "paint"), *before, *after;
	const char *in[] = {"joints", "Joints", "10", "1", "10", "0"};
	struct err e;

	before = qtext(f->db, "SELECT updated_at || yearly_rate_bp FROM wear_grid WHERE id = ?",
	    id);
	assert_false(referential_can_write(&f->gardien));
	assert_true(referential_can_write(&f->admin));
	assert_int_equal(referential_set(f->db, &f->gardien, RT_WEAR, id, "yearly_rate_bp", "12",
	    &e), -1);
	assert_non_null(strstr(e.msg, "réservé à l'administrateur"));
	assert_int_equal(referential_add(f->db, &f->gardien, RT_WEAR, NULL, in, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "réservé à l'administrateur"));
	assert_int_equal(referential_delete(f->db, &f->gardien, RT_WEAR, id, &e), -1);
	assert_non_null(strstr(e.msg, "réservé à l'administrateur"));
	after = qtext(f->db, "SELECT updated_at || yearly_rate_bp FROM wear_grid WHERE id = ?", id);
	assert_string_equal(before, after);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM wear_grid WHERE item_kind = 'joints'",
	    NULL, NULL, NULL), 0);
	free(before);
	free(after);
	free(id);
}

static void
test_admin_sets_with_provenance(void **state)
{
	struct fx *f = *state;
	char *id = wear_id(f->db, "paint"), *by, now[DT_STAMP_SIZE];
	struct err e;

	dt_now(now);
	assert_int_equal(referential_set(f->db, &f->admin, RT_WEAR, id, "yearly_rate_bp",
	    "12,85 %", &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT yearly_rate_bp FROM wear_grid WHERE id = ?", id,
	    NULL, NULL), 1285);
	by = qtext(f->db, "SELECT updated_by FROM wear_grid WHERE id = ?", id);
	assert_string_equal(by, f->admin.id);
	free(by);
	assert_true(tu_long(f->db, "SELECT updated_at >= ? FROM wear_grid WHERE id = ?", now, id,
	    NULL));
	/* Out of range or inconsistent: refused, nothing written. */
	assert_int_equal(referential_set(f->db, &f->admin, RT_WEAR, id, "residual_bp", "101",
	    &e), -1);
	assert_int_equal(referential_set(f->db, &f->admin, RT_WEAR, id, "franchise_years", "7",
	    &e), -1);
	assert_non_null(strstr(e.msg, "franchise"));
	assert_int_equal(tu_long(f->db, "SELECT franchise_years FROM wear_grid WHERE id = ?", id,
	    NULL, NULL), 1);
	/* A kind prices use keeps its code. */
	assert_int_equal(referential_set(f->db, &f->admin, RT_WEAR, id, "item_kind", "peinture",
	    &e), -1);
	assert_non_null(strstr(e.msg, "sert encore"));
	assert_int_equal(referential_set(f->db, &f->admin, RT_WEAR, id, "label", "Peintures et "
	    "lasures", &e), 0);
	free(id);
}

static void
test_wear_add_delete(void **state)
{
	struct fx *f = *state;
	const char *in[] = {"joints", "Joints", "10", "1", "10", "0"};
	const char *dup[] = {"paint", "Peintures", "7", "1", "15", "10"};
	const char *price[] = {"JOINT-X", "Joint", "ml", "12", "joints"};
	char id[UID_SIZE], pid[UID_SIZE];
	struct err e;

	assert_int_equal(referential_add(f->db, &f->admin, RT_WEAR, NULL, in, id, &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT yearly_rate_bp + lifetime_years FROM wear_grid "
	    "WHERE id = ?", id, NULL, NULL), 1010);
	assert_int_equal(referential_add(f->db, &f->admin, RT_WEAR, NULL, dup, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "déjà pris"));
	/* Used by a price, then free again. */
	assert_int_equal(referential_add(f->db, &f->admin, RT_PRICE, NULL, price, pid, &e), 0);
	assert_int_equal(referential_delete(f->db, &f->admin, RT_WEAR, id, &e), -1);
	assert_non_null(strstr(e.msg, "1 prix du bordereau"));
	assert_int_equal(referential_delete(f->db, &f->admin, RT_PRICE, pid, &e), 0);
	assert_int_equal(referential_delete(f->db, &f->admin, RT_WEAR, id, &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM wear_grid WHERE item_kind = 'joints'",
	    NULL, NULL, NULL), 0);
}

static void
test_price_rules(void **state)
{
	struct fx *f = *state;
	const char *unknown[] = {"X-1", "Essai", "unit", "10", "moquette"};
	const char *bad_unit[] = {"X-1", "Essai", "litre", "10", ""};
	const char *dup[] = {"peint-mur", "Essai", "m2", "10", ""};
	const char *ok[] = {"x-1", "Essai", "forfait", "99,90 €", ""};
	char *used, id[UID_SIZE];
	struct err e;

	assert_int_equal(referential_add(f->db, &f->admin, RT_PRICE, NULL, unknown, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "absente de la grille"));
	assert_int_equal(referential_add(f->db, &f->admin, RT_PRICE, NULL, bad_unit, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "Unité"));
	assert_int_equal(referential_add(f->db, &f->admin, RT_PRICE, NULL, dup, NULL, &e), -1);
	assert_int_equal(referential_add(f->db, &f->admin, RT_PRICE, NULL, ok, id, &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT unit_price_cents FROM price_list WHERE code = "
	    "'X-1' AND unit = 'flat' AND item_kind IS NULL", NULL, NULL, NULL), 9990);
	assert_int_equal(referential_set(f->db, &f->admin, RT_PRICE, id, "item_kind", "taps", &e),
	    0);
	assert_int_equal(referential_set(f->db, &f->admin, RT_PRICE, id, "item_kind", "", &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT item_kind IS NULL FROM price_list WHERE id = ?", id,
	    NULL, NULL), 1);
	/* A code inspection items use is neither renamed nor deleted. */
	used = qtext(f->db, "SELECT p.id FROM price_list p WHERE EXISTS (SELECT 1 FROM "
	    "inspection_item WHERE price_code = p.code) LIMIT 1", NULL);
	assert_non_null(used);
	assert_int_equal(referential_delete(f->db, &f->admin, RT_PRICE, used, &e), -1);
	assert_non_null(strstr(e.msg, "états des lieux"));
	assert_int_equal(referential_set(f->db, &f->admin, RT_PRICE, used, "code", "AUTRE", &e),
	    -1);
	assert_int_equal(referential_set(f->db, &f->admin, RT_PRICE, used, "unit_price_cents",
	    "1,00", &e), 0);
	free(used);
}

static long
position_of(struct db *db, const char *table, const char *id)
{
	char *sql = xasprintf("SELECT position FROM %s WHERE id = ?", table);
	long v = tu_long(db, sql, id, NULL, NULL);

	free(sql);
	return v;
}

static void
test_templates(void **state)
{
	struct fx *f = *state;
	const char *tpl[] = {"Studio test", "T1", "non", "oui", "non"};
	const char *r1[] = {"Entrée"}, *r2[] = {"Pièce principale"}, *r3[] = {"Salle d'eau"};
	const char *it1[] = {"Sol", "parquet", "parquet"}, *it2[] = {"Murs", "paint", ""};
	const char *bad[] = {"Extincteur", "moquette", ""};
	char tid[UID_SIZE], a[UID_SIZE], b[UID_SIZE], c[UID_SIZE], item[UID_SIZE], murs[UID_SIZE];
	struct referential_row *rows;
	char *used;
	size_t n;
	struct err e;

	assert_int_equal(referential_add(f->db, &f->admin, RT_TEMPLATE, NULL, tpl, tid, &e), 0);
	assert_int_equal(referential_add(f->db, &f->admin, RT_TEMPLATE, NULL, tpl, NULL, &e), -1);
	assert_int_equal(referential_add(f->db, &f->admin, RT_ROOM, tid, r1, a, &e), 0);
	assert_int_equal(referential_add(f->db, &f->admin, RT_ROOM, tid, r2, b, &e), 0);
	assert_int_equal(referential_add(f->db, &f->admin, RT_ROOM, tid, r3, c, &e), 0);
	assert_int_equal(referential_add(f->db, &f->admin, RT_ITEM, b, it1, item, &e), 0);
	assert_int_equal(referential_add(f->db, &f->admin, RT_ITEM, b, it2, murs, &e), 0);
	assert_int_equal(referential_add(f->db, &f->admin, RT_ITEM, b, bad, NULL, &e), -1);
	assert_int_equal(position_of(f->db, "template_room", c), 3);
	assert_int_equal(position_of(f->db, "template_item", murs), 2);
	/* Moving and deleting keep positions 1..n. */
	assert_int_equal(referential_move(f->db, &f->admin, RT_ROOM, c, -1, &e), 1);
	assert_int_equal(position_of(f->db, "template_room", c), 2);
	assert_int_equal(position_of(f->db, "template_room", b), 3);
	assert_int_equal(referential_move(f->db, &f->admin, RT_ROOM, a, -1, &e), 0);
	assert_int_equal(referential_move(f->db, &f->admin, RT_ITEM, item, 1, &e), 1);
	assert_int_equal(position_of(f->db, "template_item", item), 2);
	assert_int_equal(referential_delete(f->db, &f->admin, RT_ROOM, c, &e), 0);
	assert_int_equal(position_of(f->db, "template_room", b), 2);
	assert_int_equal(referential_list(f->db, RT_ROOM, tid, &rows, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(rows[1].values[0], "Pièce principale");
	assert_int_equal(rows[1].count, 2);
	assert_string_equal(rows[1].updated_by, "admin");
	referential_rows_free(rows, n, RT_ROOM);
	assert_int_equal(referential_set(f->db, &f->admin, RT_ROOM, b, "name", "Séjour", &e), 0);
	/* A template inspections were made from stays; an unused one goes
	 * with its rooms and items. */
	used = qtext(f->db, "SELECT template_id FROM inspection WHERE template_id IS NOT NULL "
	    "LIMIT 1", NULL);
	assert_int_equal(referential_delete(f->db, &f->admin, RT_TEMPLATE, used, &e), -1);
	assert_non_null(strstr(e.msg, "a servi à"));
	free(used);
	assert_int_equal(referential_delete(f->db, &f->admin, RT_TEMPLATE, tid, &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM template_room WHERE template_id = ?",
	    tid, NULL, NULL), 0);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM template_item WHERE room_id IN (?, ?)",
	    a, b, NULL), 0);
}

/* ---- CSV ---- */

static char *
export(struct db *db, enum referential_set s, long *n)
{
	struct buf b;
	struct err e;

	buf_init(&b);
	*n = referential_export(db, s, &b, &e);
	if (*n < 0)
		fail_msg("export: %s", e.msg);
	return buf_steal(&b);
}

static int
import(struct fx *f, const struct user *who, enum referential_set s, const char *data,
    int dry, struct referential_report *r, struct err *e)
{
	return referential_import(f->db, who, s, "test.csv", data, strlen(data), dry, r, e);
}

static void
test_csv_round_trip(void **state)
{
	struct fx *f = *state;
	struct referential_report r;
	struct err e;
	char *data, *again;
	long n;
	int s;

	for (s = 0; s < RS_COUNT; s++) {
		data = export(f->db, (enum referential_set)s, &n);
		assert_true(n > 10);
		assert_int_equal(import(f, &f->admin, (enum referential_set)s, data, 0, &r, &e), 0);
		if (r.nchanges != 0)
			fail_msg("%s: %s", referential_set_name((enum referential_set)s), r.changes[0]);
		assert_int_equal(r.added + r.changed, 0);
		assert_true(r.same > 0);
		referential_report_free(&r);
		again = export(f->db, (enum referential_set)s, &n);
		assert_string_equal(data, again);
		free(again);
		free(data);
	}
}

static void
test_csv_upsert(void **state)
{
	struct fx *f = *state;
	struct referential_report r;
	const char *csv =
	    "\xef\xbb\xbf" "libelle;categorie;duree_de_vie;franchise;taux_annuel;part_residuelle\n"
	    "Peintures;paint;7;1;12,5;10\n"
	    "\"Joints; silicone\";joints;10;1;10 %;0\n";
	char *label;
	struct err e;

	/* A dry run says what it would do and does nothing. */
	assert_int_equal(import(f, &f->admin, RS_WEAR, csv, 1, &r, &e), 0);
	assert_int_equal(r.nchanges, 2);
	assert_int_equal(r.changed, 1);
	assert_int_equal(r.added, 1);
	assert_non_null(strstr(r.changes[0], "taux_annuel « 15 » → « 12,5 »"));
	assert_non_null(strstr(r.changes[1], "ajout"));
	referential_report_free(&r);
	assert_int_equal(tu_long(f->db, "SELECT yearly_rate_bp FROM wear_grid WHERE item_kind = "
	    "'paint'", NULL, NULL, NULL), 1500);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM wear_grid WHERE item_kind = 'joints'",
	    NULL, NULL, NULL), 0);
	/* For real. */
	assert_int_equal(import(f, &f->admin, RS_WEAR, csv, 0, &r, &e), 0);
	referential_report_free(&r);
	assert_int_equal(tu_long(f->db, "SELECT yearly_rate_bp FROM wear_grid WHERE item_kind = "
	    "'paint'", NULL, NULL, NULL), 1250);
	label = qtext(f->db, "SELECT label FROM wear_grid WHERE item_kind = 'joints'", NULL);
	assert_string_equal(label, "Joints; silicone");
	free(label);
	/* A gardien may not. */
	assert_int_equal(import(f, &f->gardien, RS_WEAR, csv, 1, &r, &e), -1);
	assert_non_null(strstr(e.msg, "réservé à l'administrateur"));
	referential_report_free(&r);
}

static void
test_csv_bad_lines(void **state)
{
	struct fx *f = *state;
	struct referential_report r;
	const char *csv =
	    "code;libelle;unite;prix_unitaire;categorie\n"
	    "PEINT-MUR;Peinture murs;m2;30,00;paint\n"
	    "NEUF;Neuf;litre;3;\n"
	    "PEINT-MUR;Encore;m2;31;paint\n"
	    "AUTRE;Autre;unit;12,345;\n"
	    "COURT;Court;unit\n";
	struct err e;

	assert_int_equal(import(f, &f->admin, RS_PRICE, csv, 0, &r, &e), -1);
	assert_non_null(strstr(e.msg, "4 lignes refusées"));
	assert_int_equal(r.nerrors, 4);
	assert_true(strncmp(r.errors[0], "ligne 3 : Unité", 15) == 0);
	assert_non_null(strstr(r.errors[1], "ligne 4 : code « PEINT-MUR » déjà lu ligne 2"));
	assert_true(strncmp(r.errors[2], "ligne 5 : Prix unitaire", 23) == 0);
	assert_true(strncmp(r.errors[3], "ligne 6 : 3 champs au lieu de 5", 31) == 0);
	referential_report_free(&r);
	/* The good line was not written either. */
	assert_int_equal(tu_long(f->db, "SELECT unit_price_cents FROM price_list WHERE code = "
	    "'PEINT-MUR'", NULL, NULL, NULL), 2450);
	/* A header that is not this set's. */
	assert_int_equal(import(f, &f->admin, RS_WEAR, csv, 0, &r, &e), -1);
	assert_non_null(strstr(e.msg, "colonne « code » inconnue"));
	referential_report_free(&r);
}

static void
test_csv_templates(void **state)
{
	struct fx *f = *state;
	struct referential_report r;
	const char *csv =
	    "modele;type;balcon;cave;parking;piece_position;piece;element_position;element;"
	    "categorie;nature\n"
	    "Pavillon;T4;non;oui;oui;1;Entrée;1;Porte;joinery;bois\n"
	    "Pavillon;T4;non;oui;oui;1;Entrée;2;Sol;tiling;carrelage\n"
	    "Pavillon;T4;non;oui;oui;2;Garage;;;;\n"
	    "Pavillon;T4;non;oui;oui;3;Jardin;1;Clôture;other;\n";
	const char *clash =
	    "modele;type;balcon;cave;parking;piece_position;piece;element_position;element;"
	    "categorie;nature\n"
	    "Pavillon;T4;non;oui;oui;1;Entrée;1;Porte d'entrée;joinery;bois\n"
	    "Pavillon;T5;non;oui;oui;1;Hall;2;Sol;tiling;carrelage\n";
	char *tid, *name;
	struct err e;

	assert_int_equal(import(f, &f->admin, RS_TEMPLATES, csv, 0, &r, &e), 0);
	assert_int_equal(r.added, 1 + 3 + 3);
	referential_report_free(&r);
	tid = qtext(f->db, "SELECT id FROM inspection_template WHERE name = 'Pavillon' AND "
	    "dwelling_type = 'T4' AND cellar = 1 AND parking = 1 AND balcony = 0", NULL);
	assert_non_null(tid);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM template_room WHERE template_id = ?",
	    tid, NULL, NULL), 3);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM template_item i JOIN template_room r "
	    "ON r.id = i.room_id WHERE r.template_id = ? AND r.position = 1", tid, NULL, NULL), 2);
	/* Read again: nothing to do. */
	assert_int_equal(import(f, &f->admin, RS_TEMPLATES, csv, 0, &r, &e), 0);
	assert_int_equal(r.nchanges, 0);
	referential_report_free(&r);
	/* The template described two ways, a room named two ways: refused. */
	assert_int_equal(import(f, &f->admin, RS_TEMPLATES, clash, 0, &r, &e), -1);
	assert_int_equal(r.nerrors, 1);
	assert_non_null(strstr(r.errors[0], "ligne 3 : le modèle « Pavillon » est décrit"));
	referential_report_free(&r);
	name = qtext(f->db, "SELECT i.name FROM template_item i JOIN template_room r ON r.id = "
	    "i.room_id WHERE r.template_id = ? AND r.position = 1 AND i.position = 1", tid);
	assert_string_equal(name, "Porte");
	free(name);
	free(tid);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_values),
		cmocka_unit_test(test_typed_and_shown),
		cmocka_unit_test_setup_teardown(test_gardien_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_admin_sets_with_provenance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wear_add_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_price_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_templates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_upsert, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_bad_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_templates, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
