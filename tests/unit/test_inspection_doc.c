/* core/inspection_doc.c: the document of an inspection. Money and width
 * helpers, cleaning of hostile text, the 80-column text version of a
 * signed exit with its charges, a draft's marks, the JSON and the PDF's
 * envelope (its text is checked with pdftotext by
 * tests/e2e/inspection_export.sh). */
#include "testutil.h"

#include <cairo.h>
#include <cjson/cJSON.h>

#include "core/charge.h"
#include "core/inspection.h"
#include "core/inspection_doc.h"
#include "core/utf8.h"

#define TODAY "2026-01-15"

struct fx {
	char *dir;
	struct db *db;
	char exit[UID_SIZE];
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct err e;
	char *s;

	f->dir = tu_tmpdir();
	f->db = tu_demo_db(f->dir, "doc.db", 300, 7, TODAY);
	/* A signed exit with its details and a priced tenant repair. */
	s = db_text(f->db, &e, "SELECT i.id FROM inspection i WHERE i.kind = 'move_out' "
	    "AND i.state = 'signed' AND i.entry_inspection_id IS NOT NULL AND EXISTS (SELECT 1 "
	    "FROM inspection_room r JOIN inspection_item it ON it.room_id = r.id "
	    "WHERE r.inspection_id = i.id AND it.charge = 'tenant' AND it.quantity > 0 "
	    "AND it.price_code IS NOT NULL) ORDER BY i.id LIMIT 1", "");
	if (s == NULL)
		fail_msg("no signed exit with charges in the demo");
	snprintf(f->exit, sizeof f->exit, "%s", s);
	free(s);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static struct inspection_doc *
doc(struct fx *f, const char *id)
{
	struct inspection_doc *d;
	struct err e;

	if (inspection_doc_load(f->db, NULL, id, &d, &e) != 0)
		fail_msg("load %s: %s", id, e.msg);
	return d;
}

/* The text version in memory; the caller frees it. */
static char *
text_of(const struct inspection_doc *d, int flags)
{
	char *out = NULL;
	size_t n = 0;
	struct err e;
	FILE *m = open_memstream(&out, &n);

	assert_non_null(m);
	if (inspection_doc_text(d, m, flags, &e) != 0)
		fail_msg("text: %s", e.msg);
	assert_int_equal(fclose(m), 0);
	return out;
}

/* Every line fits 80 columns and no control character but \n is left. */
static void
assert_printable(const char *text)
{
	const char *line = text, *nl;
	char *one;
	size_t i;

	assert_true(utf8_valid(text, strlen(text)));
	for (i = 0; text[i]; i++)
		if ((unsigned char)text[i] < 0x20 && text[i] != '\n')
			fail_msg("control character 0x%02x at %zu", text[i], i);
	for (; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		one = xstrndup(line, (size_t)(nl - line));
		if (inspection_doc_width(one) > IDOC_TEXT_COLS)
			fail_msg("line of %zu columns: %s", inspection_doc_width(one), one);
		free(one);
	}
}

/* The text with its lines joined (in place): sentences wrapped over
 * several lines read whole again. */
static char *
flat(char *text)
{
	char *p;

	for (p = text; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return text;
}

static void
test_money_and_width(void **state)
{
	char m[40], *c;

	inspection_doc_money(0, m);
	assert_string_equal(m, "0,00\xc2\xa0€");
	inspection_doc_money(123456, m);
	assert_string_equal(m, "1\xc2\xa0" "234,56\xc2\xa0€");
	inspection_doc_money(-5, m);
	assert_string_equal(m, "-0,05\xc2\xa0€");
	inspection_doc_money(100000000, m);
	assert_string_equal(m, "1\xc2\xa0" "000\xc2\xa0" "000,00\xc2\xa0€");
	inspection_doc_money(INT64_MIN, m);
	assert_string_equal(m, "-92\xc2\xa0" "233\xc2\xa0" "720\xc2\xa0" "368\xc2\xa0" "547\xc2\xa0"
	    "758,08\xc2\xa0€");
	assert_int_equal(inspection_doc_width("État à l'entrée"), 15);
	assert_int_equal(inspection_doc_width("e\xcc\x81t\xc3\xa9"), 3);
	assert_int_equal(inspection_doc_width("日本"), 4);
	assert_int_equal(inspection_doc_width(m), 28);
	c = inspection_doc_clean("a\x1b[31mb\tc\r\nd\x01\xc2\x9b" "e\xe2\x80\xae" "f\xff", 0);
	assert_string_equal(c, "a[31mb c d" "e" "f\xef\xbf\xbd");
	free(c);
	c = inspection_doc_clean("l1\r\nl2\rl3\n", 1);
	assert_string_equal(c, "l1\nl2\nl3\n");
	free(c);
	c = inspection_doc_clean(NULL, 1);
	assert_string_equal(c, "");
	free(c);
}

static void
test_text_of_signed_exit(void **state)
{
	struct fx *f = *state;
	struct inspection_doc *d = doc(f, f->exit);
	static const char *const headings[] = {
		"État des lieux de sortie", "Nature de l'état des lieux", "Date", "Logement",
		"Parties", "Mandataires", "Relevés des compteurs", "Clés et moyens d'accès",
		"Description des pièces", "Mentions propres à la sortie",
		"Réparations locatives à la charge du locataire", "Signatures",
		"Empreinte du document", "Représentant du bailleur", "État à l'entrée",
		"Nouvelle adresse du locataire", "Date de l'état des lieux d'entrée",
		"Restitution du dépôt",
	};
	char *text = text_of(d, 0), money[40], *want;
	size_t i;

	assert_printable(text);
	for (i = 0; i < sizeof headings / sizeof headings[0]; i++)
		if (strstr(text, headings[i]) == NULL)
			fail_msg("missing « %s »", headings[i]);
	assert_int_equal(d->verified, 1);
	assert_non_null(strstr(text, d->in->content_sha256));
	assert_null(strstr(text, "brouillon"));
	/* Every room and item, the total of the statement, its rounding. */
	for (i = 0; i < d->in->nrooms; i++)
		assert_non_null(strstr(text, d->in->rooms[i].name));
	assert_non_null(d->charges);
	assert_true(d->charges->nlines > 0);
	inspection_doc_money(d->charges->total_share_cents, money);
	want = xasprintf("Total à la charge du locataire : %s", money);
	assert_non_null(strstr(text, want));
	free(want);
	assert_non_null(strstr(flat(text), d->charges->rounding));
	assert_non_null(strstr(text, d->charges->lines[0].price_label));
	free(text);
	inspection_doc_free(d);
}

/* Text typed by anyone (a comment) can hold escapes, bidi controls,
 * newlines and words longer than a line: none reaches the document raw,
 * and the lines still fit. A draft says so and shows the current digest. */
static void
test_hostile_text_and_draft(void **state)
{
	struct fx *f = *state;
	struct inspection_doc *d;
	char big[301], *text, *draft;
	struct err e;

	memset(big, 'W', 300);
	big[300] = '\0';
	draft = db_text(f->db, &e, "SELECT i.id FROM inspection i WHERE i.state = 'draft' "
	    "AND EXISTS (SELECT 1 FROM inspection_room r JOIN inspection_item it "
	    "ON it.room_id = r.id WHERE r.inspection_id = i.id) ORDER BY i.id LIMIT 1", "");
	if (draft == NULL)
		fail_msg("no draft inspection with items in the demo");
	if (db_run(f->db, &e, "UPDATE inspection_item SET comment = ?1 || char(27) || "
	    "']0;pwned' || char(7) || ' ligne' || char(10) || 'deux ' || char(8238) || 'x ' || ?2 "
	    "WHERE id = (SELECT it.id FROM inspection_room r JOIN inspection_item it "
	    "ON it.room_id = r.id WHERE r.inspection_id = ?3 LIMIT 1)", "ttt", "Fêlure", big,
	    draft) != 0 || db_changes(f->db) != 1)
		fail_msg("update: %s", e.msg);
	d = doc(f, draft);
	free(draft);
	text = text_of(d, IDOC_TERMINAL);
	assert_printable(text);
	assert_null(strstr(text, "\xe2\x80\xae"));
	assert_non_null(strstr(text, "Fêlure]0;pwned"));
	assert_non_null(strstr(text, "Document non signé — brouillon"));
	assert_non_null(strstr(text, d->digest));
	assert_int_equal(d->verified, -1);
	free(text);
	inspection_doc_free(d);
}

static void
test_json(void **state)
{
	struct fx *f = *state;
	struct inspection_doc *d = doc(f, f->exit);
	cJSON *root, *rooms, *r, *charges;
	char *out = NULL;
	size_t n = 0, items = 0;
	struct err e;
	FILE *m = open_memstream(&out, &n);

	assert_int_equal(inspection_doc_json(d, m, &e), 0);
	assert_int_equal(fclose(m), 0);
	root = cJSON_Parse(out);
	assert_non_null(root);
	assert_string_equal(cJSON_GetObjectItem(root, "id")->valuestring, f->exit);
	assert_string_equal(cJSON_GetObjectItem(root, "kind")->valuestring, "move_out");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(root, "digest_matches")));
	rooms = cJSON_GetObjectItem(root, "rooms");
	assert_int_equal(cJSON_GetArraySize(rooms), d->in->nrooms);
	cJSON_ArrayForEach(r, rooms)
		items += (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(r, "items"));
	assert_int_equal(items, d->in->nitems);
	charges = cJSON_GetObjectItem(root, "charges");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(charges, "lines")),
	    d->charges->nlines);
	assert_int_equal((int64_t)cJSON_GetObjectItem(charges, "total_share_cents")->valuedouble,
	    d->charges->total_share_cents);
	cJSON_Delete(root);
	free(out);
	inspection_doc_free(d);
}

static void
test_pdf_envelope(void **state)
{
	struct fx *f = *state;
	struct inspection_doc *d = doc(f, f->exit);
	char *out = NULL;
	size_t n = 0;
	struct err e;
	FILE *m = open_memstream(&out, &n);

	assert_int_equal(inspection_doc_pdf(d, m, &e), 0);
	assert_int_equal(fclose(m), 0);
	assert_true(n > 2000);
	assert_memory_equal(out, "%PDF-", 5);
	assert_non_null(strstr(out + n - 32, "%%EOF"));
	free(out);
	inspection_doc_free(d);
}

static void
test_missing_and_dwelling(void **state)
{
	struct fx *f = *state;
	struct inspection_doc *d = (void *)1;
	char dw[UID_SIZE], *ref;
	struct err e;

	assert_int_equal(inspection_doc_load(f->db, NULL, "01a2008d-792a-7254-b22e-000000000000",
	    &d, &e), -1);
	assert_null(d);
	assert_non_null(strstr(e.msg, "introuvable"));
	ref = db_text(f->db, &e, "SELECT d.reference FROM dwelling d JOIN inspection i "
	    "ON i.dwelling_id = d.id WHERE i.id = ?", "t", f->exit);
	assert_non_null(ref);
	assert_int_equal(inspection_doc_dwelling(f->db, ref, dw, &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM inspection WHERE id = ? "
	    "AND dwelling_id = ?", f->exit, dw, NULL), 1);
	assert_int_equal(inspection_doc_dwelling(f->db, "nulle-part", dw, &e), -1);
	assert_non_null(strstr(e.msg, "introuvable"));
	free(ref);
}

/* Fontconfig loses a few bytes once per process while it parses its
 * configuration (XML_ParseBuffer under FcInitLoadConfigAndFonts): not
 * ours to fix. The library has no frame pointers, so the report names
 * only it. LeakSanitizer reads this hook; a normal build ignores it. */
const char *__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_and_width),
		cmocka_unit_test_setup_teardown(test_text_of_signed_exit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_text_and_draft, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_envelope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_and_dwelling, setup, teardown),
	};

	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	/* cairo keeps the fonts it found for the process's life: give them
	 * back, so that only real leaks show under LeakSanitizer. */
	cairo_debug_reset_static_data();
	return rc;
}
