/* États des lieux: planning an exit prefilled from the entry, the legal
 * completeness check, signatures, freezing and its digest, amendments,
 * rooms and items. On a small demo whose "today" is the real today. */
#include "testutil.h"
#include "inspection_harness.h"

#include "core/field.h"
#include "core/inspection.h"
#include "core/user.h"

struct fx {
	char *dir;
	struct db *db;
	struct user gardien, auditeur;
	char dwelling[UID_SIZE];
	char entry[UID_SIZE];
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	char today[DT_DATE_SIZE], *s;
	struct err e;

	dt_today(today);
	f->dir = tu_tmpdir();
	f->db = tu_demo_db(f->dir, "t.db", 300, 7, today);
	/* A running lease whose signed entry inspection has its details,
	 * and the gardien of its sector. */
	s = db_text(f->db, &e, "SELECT i.id FROM inspection i JOIN lease l ON l.id = i.lease_id "
	    "WHERE i.kind = 'move_in' AND i.state = 'signed' AND l.end_date IS NULL "
	    "AND EXISTS (SELECT 1 FROM inspection_room r WHERE r.inspection_id = i.id) "
	    "AND EXISTS (SELECT 1 FROM inspection_meter m WHERE m.inspection_id = i.id) "
	    "ORDER BY i.id LIMIT 1", "");
	assert_non_null(s);
	snprintf(f->entry, sizeof f->entry, "%s", s);
	free(s);
	s = db_text(f->db, &e, "SELECT dwelling_id FROM inspection WHERE id = ?", "t", f->entry);
	snprintf(f->dwelling, sizeof f->dwelling, "%s", s);
	free(s);
	assert_int_equal(user_find(f->db, "gardien1", &f->gardien, &e), 1);
	assert_int_equal(user_find(f->db, "auditeur", &f->auditeur, &e), 1);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	user_clear(&f->gardien);
	user_clear(&f->auditeur);
	db_close(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static struct inspection *
load(struct fx *f, const char *id)
{
	return ih_load(f->db, id);
}

static void
save(struct fx *f, const char *field, const char *row, const char *value)
{
	ih_save(f->db, &f->gardien, field, row, value);
}

static size_t
missing(const struct inspection *in, const char *mention)
{
	struct inspection_missing *m;
	size_t n, i, k = 0;

	inspection_check(in, &m, &n);
	for (i = 0; i < n; i++)
		k += mention == NULL || strcmp(m[i].mention, mention) == 0;
	inspection_missing_free(m, n);
	return k;
}

/* The exit is prefilled from the entry: same rooms and items with their
 * states, meters with serials but no readings, keys given, parties. */
static void
test_exit_prefilled_from_entry(void **state)
{
	struct fx *f = *state;
	struct inspection *in, *entry;
	char id[UID_SIZE], day[DT_DATE_SIZE];
	struct err e;
	size_t i;

	if (inspection_create(f->db, &f->gardien, f->dwelling, "move_out", NULL, id, &e) != 0)
		fail_msg("create: %s", e.msg);
	in = load(f, id);
	entry = load(f, f->entry);
	assert_string_equal(in->entry_inspection_id, f->entry);
	assert_string_equal(in->state, "draft");
	assert_int_equal(in->nrooms, entry->nrooms);
	assert_int_equal(in->nitems, entry->nitems);
	for (i = 0; i < in->nitems; i++) {
		assert_int_equal(in->items[i].state, entry->items[i].state);
		assert_int_equal(in->items[i].entry_state, entry->items[i].state ?
		    entry->items[i].state : 'v');
		assert_string_equal(in->items[i].name, entry->items[i].name);
	}
	assert_int_equal(in->nmeters, entry->nmeters);
	for (i = 0; i < in->nmeters; i++) {
		assert_true(in->meters[i].reading < 0);
		assert_non_null(in->meters[i].serial);
	}
	assert_int_equal(in->nkeys, entry->nkeys);
	for (i = 0; i < in->nkeys; i++)
		assert_int_equal(in->keys[i].returned, -1);
	assert_true(in->nparties >= 2);
	assert_string_equal(in->parties[in->nparties - 1].role, "landlord_agent");
	assert_non_null(in->landlord_name);
	snprintf(day, sizeof day, "%.10s", entry->done_at[0] ? entry->done_at : entry->signed_at);
	assert_string_equal(in->entry_date, day);
	inspection_free(entry);
	inspection_free(in);
	/* An auditeur reads, never plans. */
	assert_int_equal(inspection_create(f->db, &f->auditeur, f->dwelling, "move_out", NULL, id,
	    &e), -1);
	assert_non_null(strstr(e.msg, "réservé"));
}

/* An entry too old to have its details in Loge (paper, or before Loge):
 * the exit still gets rooms and items, from the dwelling's last detailed
 * inspection or its template, and keeps the entry's date. */
static void
test_exit_after_entry_without_details(void **state)
{
	struct fx *f = *state;
	struct inspection *in;
	char id[UID_SIZE], *dw;
	struct err e;

	dw = db_text(f->db, &e, "SELECT i.dwelling_id FROM inspection i JOIN lease l "
	    "ON l.id = i.lease_id WHERE i.kind = 'move_in' AND i.state = 'signed' "
	    "AND l.end_date IS NULL AND NOT EXISTS (SELECT 1 FROM inspection_room r "
	    "WHERE r.inspection_id = i.id) AND NOT EXISTS (SELECT 1 FROM inspection x "
	    "WHERE x.dwelling_id = i.dwelling_id AND x.state <> 'signed') ORDER BY i.id LIMIT 1", "");
	assert_non_null(dw);
	if (inspection_create(f->db, &f->gardien, dw, "move_out", NULL, id, &e) != 0)
		fail_msg("create: %s", e.msg);
	in = load(f, id);
	assert_true(in->entry_inspection_id[0] != '\0');
	assert_true(in->nrooms > 0);
	assert_true(in->nitems > 0);
	assert_true(in->entry_date[0] != '\0');
	/* Nothing to compare with: states are to be filled in. */
	assert_int_equal(in->items[0].state, 0);
	inspection_free(in);
	free(dw);
}

/* A draft planned without content (the demo's, or one the agency
 * planned) is filled in once, as a new one would be. */
static void
test_prefill_empty_draft(void **state)
{
	struct fx *f = *state;
	struct inspection *in;
	struct err e;
	char *id;

	id = db_text(f->db, &e, "SELECT i.id FROM inspection i WHERE i.state = 'draft' "
	    "AND i.kind = 'move_out' AND i.amends_id IS NULL AND NOT EXISTS (SELECT 1 FROM "
	    "inspection_room r WHERE r.inspection_id = i.id) AND NOT EXISTS (SELECT 1 FROM "
	    "inspection_party p WHERE p.inspection_id = i.id) ORDER BY i.id LIMIT 1", "");
	assert_non_null(id);
	if (inspection_prefill(f->db, &f->gardien, id, &e) != 0)
		fail_msg("prefill: %s", e.msg);
	in = load(f, id);
	assert_true(in->nrooms > 0 && in->nitems > 0);
	assert_true(in->nparties >= 2);
	assert_true(in->nkeys > 0);
	inspection_free(in);
	assert_int_equal(inspection_prefill(f->db, &f->gardien, id, &e), -1);
	assert_non_null(strstr(e.msg, "déjà"));
	free(id);
}

static void
test_completeness_signing_and_freeze(void **state)
{
	struct fx *f = *state;
	struct inspection *in;
	char id[UID_SIZE], sha[65];
	struct err e;
	size_t i, changed = 0;

	assert_int_equal(inspection_create(f->db, &f->gardien, f->dwelling, "move_out", NULL, id,
	    &e), 0);
	assert_int_equal(inspection_start(f->db, &f->gardien, id, &e), 0);
	in = load(f, id);
	/* Three items degrade; each proposes a charge from its kind. */
	for (i = 0; i < in->nitems && changed < 3; i++) {
		if (in->items[i].state != 'b' && in->items[i].state != 'n')
			continue;
		assert_int_equal(inspection_item_set_state(f->db, &f->gardien, in->items[i].id, 'm',
		    &e), 0);
		changed++;
	}
	assert_int_equal(changed, 3);
	inspection_free(in);
	in = load(f, id);
	for (i = 0, changed = 0; i < in->nitems; i++)
		if (in->items[i].state == 'm' && in->items[i].entry_state != 'm') {
			assert_true(in->items[i].charge[0] != '\0');
			changed++;
		}
	assert_true(changed >= 3);
	/* Missing: readings (f), keys returned (g), new address (exit a),
	 * descriptions of the bad lines (h). */
	assert_true(missing(in, "art. 2 f") >= 1);
	assert_true(missing(in, "art. 2 g") >= 1);
	assert_int_equal(missing(in, "sortie a"), 1);
	assert_true(missing(in, "art. 2 h") >= 3);
	inspection_free(in);
	assert_int_equal(inspection_set_ready(f->db, &f->gardien, id, &e), -1);
	assert_non_null(strstr(e.msg, "manque"));
	ih_complete_exit(f->db, &f->gardien, id);
	in = load(f, id);
	assert_int_equal(missing(in, NULL), 0);
	inspection_free(in);
	assert_int_equal(inspection_set_ready(f->db, &f->gardien, id, &e), 0);
	/* Ready: the text the parties sign no longer moves. */
	assert_int_equal(field_save(f->db, &f->gardien, field_find("inspection.tenant_new_address"),
	    id, "ailleurs", &e), -1);
	assert_non_null(strstr(e.msg, "prêt à signer"));
	in = load(f, id);
	assert_int_equal(inspection_sign(f->db, &f->gardien, id, &e), -1);
	assert_non_null(strstr(e.msg, "ni signé ni refusé"));
	for (i = 0; i < in->nparties; i++) {
		struct inspection_party *p = &in->parties[i];
		if (!p->present)
			continue;
		if (strcmp(p->role, "tenant") == 0 && i == 0) {
			assert_int_equal(inspection_party_sign(f->db, &f->gardien, p->id, "Quelqu'un",
			    &e), -1);
			assert_non_null(strstr(e.msg, "ne correspond pas"));
			assert_int_equal(inspection_party_refuse(f->db, &f->gardien, p->id, "  ", &e), -1);
			assert_int_equal(inspection_party_refuse(f->db, &f->gardien, p->id,
			    "Conteste l'état de la cuisine", &e), 0);
		} else {
			if (inspection_party_sign(f->db, &f->gardien, p->id, p->name, &e) != 0)
				fail_msg("sign %s: %s", p->name, e.msg);
		}
	}
	inspection_free(in);
	if (inspection_sign(f->db, &f->gardien, id, &e) != 0)
		fail_msg("sign: %s", e.msg);
	in = load(f, id);
	assert_string_equal(in->state, "signed");
	assert_true(in->signed_at[0] && in->done_at[0]);
	assert_int_equal(inspection_verify(in), 1);
	inspection_digest(in, sha);
	assert_string_equal(sha, in->content_sha256);
	/* Frozen: by the field layer, the core, and the database itself. */
	assert_int_equal(field_save(f->db, &f->gardien, field_find("inspection_item.comment"),
	    in->items[0].id, "retouche", &e), -1);
	assert_non_null(strstr(e.msg, "signé"));
	assert_int_equal(inspection_room_add(f->db, &f->gardien, id, 0, "Cellier", NULL, &e), -1);
	assert_int_equal(db_run(f->db, &e, "UPDATE inspection_item SET comment = 'x' WHERE id = ?",
	    "t", in->items[0].id), -1);
	assert_true(db_last_was_constraint(f->db));
	/* A changed byte of content no longer verifies. */
	free(in->items[0].comment);
	in->items[0].comment = xstrdup("autre chose");
	assert_int_equal(inspection_verify(in), 0);
	inspection_free(in);
}

static void
test_rooms_and_items(void **state)
{
	struct fx *f = *state;
	struct inspection *in;
	char id[UID_SIZE], room[UID_SIZE], item[UID_SIZE];
	struct err e;
	int n;

	assert_int_equal(inspection_create(f->db, &f->gardien, f->dwelling, "pre_exit", NULL, id,
	    &e), 0);
	assert_int_equal(inspection_room_add(f->db, &f->gardien, id, 1, "Cellier", room, &e), 0);
	assert_int_equal(inspection_room_add(f->db, &f->gardien, id, 1, " ", NULL, &e), -1);
	in = load(f, id);
	assert_string_equal(in->rooms[1].name, "Cellier");
	assert_int_equal(in->rooms[1].count, 0);
	assert_int_equal(missing(in, "art. 2 h"), 1);
	inspection_free(in);
	assert_int_equal(inspection_item_add(f->db, &f->gardien, room, "Sol", "tiling", item, &e), 0);
	assert_int_equal(inspection_item_add(f->db, &f->gardien, room, "Murs", "paint", NULL, &e), 0);
	save(f, "inspection_room.name", room, "Cellier (sous-sol)");
	n = inspection_room_set_state(f->db, &f->gardien, room, 'b', &e);
	assert_int_equal(n, 2);
	assert_int_equal(inspection_room_set_state(f->db, &f->gardien, room, 'b', &e), 0);
	assert_int_equal(inspection_room_set_state(f->db, &f->gardien, room, 'z', &e), -1);
	assert_int_equal(inspection_item_delete(f->db, &f->gardien, item, &e), 0);
	in = load(f, id);
	assert_string_equal(in->rooms[1].name, "Cellier (sous-sol)");
	assert_int_equal(in->rooms[1].count, 1);
	assert_int_equal(in->items[in->rooms[1].first].state, 'b');
	inspection_free(in);
	assert_int_equal(inspection_room_delete(f->db, &f->gardien, room, &e), 0);
	in = load(f, id);
	assert_string_not_equal(in->rooms[1].name, "Cellier (sous-sol)");
	inspection_free(in);
}

/* A new entry, signed today: its 10-day amendment opens, the heating one
 * only for an entry made out of the heating season. */
static void
test_amendment(void **state)
{
	struct fx *f = *state;
	struct inspection *in;
	char id[UID_SIZE], am[UID_SIZE], ten[DT_DATE_SIZE], hf[DT_DATE_SIZE], ht[DT_DATE_SIZE];
	struct err e;
	size_t i;

	inspection_deadlines("2026-06-20", ten, hf, ht);
	assert_string_equal(ten, "2026-06-30");
	assert_string_equal(hf, "2026-10-01");
	assert_string_equal(ht, "2026-10-31");
	inspection_deadlines("2026-12-28T10:00:00Z", ten, hf, ht);
	assert_string_equal(ten, "2027-01-07");
	assert_string_equal(hf, "");
	assert_int_equal(inspection_create(f->db, &f->gardien, f->dwelling, "move_in", NULL, id,
	    &e), 0);
	assert_int_equal(inspection_amend(f->db, &f->gardien, id, "ten_day", am, &e), -1);
	assert_non_null(strstr(e.msg, "entrée signé"));
	assert_int_equal(inspection_start(f->db, &f->gardien, id, &e), 0);
	in = load(f, id);
	for (i = 0; i < in->nitems; i++)
		if (!in->items[i].state)
			save(f, "inspection_item.state", in->items[i].id, "b");
	for (i = 0; i < in->nmeters; i++)
		save(f, "inspection_meter.reading", in->meters[i].id, "12");
	if (in->nmeters == 0)
		fail_msg("the new entry has no meters");
	inspection_free(in);
	if (inspection_set_ready(f->db, &f->gardien, id, &e) != 0)
		fail_msg("ready: %s", e.msg);
	in = load(f, id);
	for (i = 0; i < in->nparties; i++)
		assert_int_equal(inspection_party_sign(f->db, &f->gardien, in->parties[i].id,
		    in->parties[i].name, &e), 0);
	inspection_free(in);
	assert_int_equal(inspection_sign(f->db, &f->gardien, id, &e), 0);
	if (inspection_amend(f->db, &f->gardien, id, "ten_day", am, &e) != 0)
		fail_msg("amend: %s", e.msg);
	in = load(f, am);
	assert_string_equal(in->amends_id, id);
	assert_string_equal(in->amendment_kind, "ten_day");
	assert_string_equal(in->state, "draft");
	assert_true(in->nitems > 0);
	inspection_free(in);
	in = load(f, id);
	inspection_deadlines(in->done_at, ten, hf, ht);
	inspection_free(in);
	if (!hf[0])
		assert_int_equal(inspection_amend(f->db, &f->gardien, id, "heating", am, &e), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_prefilled_from_entry),
		cmocka_unit_test(test_exit_after_entry_without_details),
		cmocka_unit_test(test_prefill_empty_draft),
		cmocka_unit_test(test_completeness_signing_and_freeze),
		cmocka_unit_test(test_rooms_and_items),
		cmocka_unit_test(test_amendment),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
