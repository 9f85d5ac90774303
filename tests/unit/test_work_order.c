/* Work orders: ordering from a claim (which is forwarded), an exit
 * defect, a round anomaly or directly, with their checks (contractor,
 * contract, place, origin); the steps allowed and refused, who may check
 * (the gardien) and invoice (PG_MONEY writers, with an amount); the
 * invoice writes the place's works record in the same transaction;
 * amounts hidden from roles that may not read money; lists by scope; the
 * contractors with their contracts. */
#include "tests/unit/testutil.h"

#include "core/claim.h"
#include "core/datetime.h"
#include "core/user.h"
#include "core/work_order.h"

#define DATE "2026-01-15"
#define NOW "2026-01-15T10:00:00Z"
#define NO_SUCH "01900000-0000-7000-8000-000000000000"

struct fx {
	char *dir;
	struct db *db;
	struct user gardien1, gardien2, agent, tech, auditeur, admin;
	char *dwelling;   /* gardien1's, with a tenant */
	char *tenant;
	char *entrance;   /* gardien1's */
	char *plumber;    /* contractor, with its contract */
	char *plumbing_contract;
	char *locksmith_contract;
};

#define SECTOR_OF(user) \
	"es.sector_id IN (SELECT sector_id FROM user_sector us JOIN user_account u " \
	" ON u.id = us.user_id WHERE u.login = '" user "')"

/* Items of gardien1's inspections; ?1 unused. */
#define ITEMS_OF_GARDIEN1 \
	"SELECT it.id FROM inspection_item it JOIN inspection_room r ON r.id = it.room_id " \
	"JOIN inspection i ON i.id = r.inspection_id JOIN dwelling d ON d.id = i.dwelling_id " \
	"JOIN entrance en ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id " \
	"JOIN estate es ON es.id = b.estate_id WHERE " SECTOR_OF("gardien1")

static int
group_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->db = tu_demo_db(f->dir, "demo.db", 1000, 11, DATE);
	tu_user(f->db, "gardien1", &f->gardien1);
	tu_user(f->db, "gardien2", &f->gardien2);
	tu_user(f->db, "agent1", &f->agent);
	tu_user(f->db, "technicien1", &f->tech);
	tu_user(f->db, "auditeur", &f->auditeur);
	tu_user(f->db, "admin", &f->admin);
	f->dwelling = tu_text(f->db, "SELECT d.id FROM dwelling d JOIN entrance en ON "
	    "en.id = d.entrance_id JOIN building b ON b.id = en.building_id JOIN estate es ON "
	    "es.id = b.estate_id JOIN lease l ON l.dwelling_id = d.id AND l.end_date IS NULL "
	    "WHERE " SECTOR_OF("gardien1") " ORDER BY d.reference LIMIT 1", NULL);
	f->tenant = tu_text(f->db, "SELECT lt.tenant_id FROM lease l JOIN lease_tenant lt ON "
	    "lt.lease_id = l.id WHERE l.dwelling_id = ? AND l.end_date IS NULL "
	    "ORDER BY lt.tenant_id LIMIT 1", f->dwelling);
	f->entrance = tu_text(f->db, "SELECT en.id FROM entrance en JOIN building b ON "
	    "b.id = en.building_id JOIN estate es ON es.id = b.estate_id WHERE "
	    SECTOR_OF("gardien1") " ORDER BY en.id LIMIT 1", NULL);
	f->plumber = tu_text(f->db, "SELECT id FROM contractor WHERE trade = 'plumbing'", NULL);
	f->plumbing_contract = tu_text(f->db, "SELECT id FROM contract WHERE contractor_id = ?",
	    f->plumber);
	f->locksmith_contract = tu_text(f->db, "SELECT c.id FROM contract c JOIN contractor k ON "
	    "k.id = c.contractor_id WHERE k.trade = 'locksmith'", NULL);
	*state = f;
	return 0;
}

static int
group_teardown(void **state)
{
	struct fx *f = *state;

	user_clear(&f->gardien1);
	user_clear(&f->gardien2);
	user_clear(&f->agent);
	user_clear(&f->tech);
	user_clear(&f->auditeur);
	user_clear(&f->admin);
	free(f->dwelling);
	free(f->tenant);
	free(f->entrance);
	free(f->plumber);
	free(f->plumbing_contract);
	free(f->locksmith_contract);
	db_close(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static void
new_claim(struct fx *f, const char *now, char id[UID_SIZE])
{
	struct claim_new c = {CLAIM_PLACE_DWELLING, f->dwelling, "plumbing", "urgent", "phone",
	    f->tenant, "Fuite sous l'évier de la cuisine"};
	struct err e;

	if (claim_create(f->db, &f->gardien1, &c, now, id, NULL, &e) != 0)
		fail_msg("claim_create: %s", e.msg);
}

static void
order_ok(struct fx *f, const struct user *who, const struct work_order_new *w,
    const char *now, char id[UID_SIZE], char number[WORK_ORDER_NUMBER_SIZE])
{
	struct err e;

	if (work_order_create(f->db, who, w, now, id, number, &e) != 0)
		fail_msg("work_order_create: %s", e.msg);
}

static long
count_orders(struct db *db)
{
	return tu_long(db, "SELECT count(*) FROM work_order", NULL, NULL, NULL);
}

static void
order_refused(struct fx *f, const struct user *who, const struct work_order_new *w,
    const char *words)
{
	long before = count_orders(f->db);
	struct err e;

	e.msg[0] = '\0';
	assert_int_equal(work_order_create(f->db, who, w, NOW, NULL, NULL, &e), -1);
	if (strstr(e.msg, words) == NULL)
		fail_msg("expected \"%s\" in: %s", words, e.msg);
	assert_int_equal(count_orders(f->db), before);
}

static struct work_order *
load(struct fx *f, const struct user *who, const char *id)
{
	struct work_order *w;
	struct err e;

	if (work_order_load(f->db, who, id, &w, &e) != 0)
		fail_msg("work_order_load: %s", e.msg);
	return w;
}

/* ---- Ordering ---- */

static void
test_from_claim(void **state)
{
	struct fx *f = *state;
	struct work_order_new w = {0};
	char claim[UID_SIZE], id[UID_SIZE], number[WORK_ORDER_NUMBER_SIZE];
	char expect[WORK_ORDER_NUMBER_SIZE];
	long year = tu_long(f->db, "SELECT count(*) FROM work_order WHERE number GLOB "
	    "'BT2026-*'", NULL, NULL, NULL);
	struct work_order *wo;
	struct claim *cl;
	struct err e;

	new_claim(f, "2026-01-15T08:00:00Z", claim);
	w.claim_id = claim;
	w.contractor_id = f->plumber;
	w.contract_id = f->plumbing_contract;
	w.planned_date = "2026-01-16";
	order_ok(f, &f->gardien1, &w, NOW, id, number);
	snprintf(expect, sizeof expect, "BT2026-%06ld", year + 1);
	assert_string_equal(number, expect);
	wo = load(f, &f->gardien1, id);
	assert_int_equal(wo->row.status, WORK_ORDER_ORDERED);
	assert_int_equal(wo->row.place_kind, CLAIM_PLACE_DWELLING);
	assert_string_equal(wo->row.place_id, f->dwelling);
	assert_string_equal(wo->row.description, "Fuite sous l'évier de la cuisine");
	assert_string_equal(wo->row.claim_id, claim);
	assert_string_equal(wo->row.contract_id, f->plumbing_contract);
	assert_int_equal(wo->row.response_hours, 24);
	assert_string_equal(wo->row.planned_date, "2026-01-16");
	assert_string_equal(wo->row.ordered_at, NOW);
	assert_int_equal(wo->nevents, 1);
	assert_string_equal(wo->events[0].to, "ordered");
	work_order_free(wo);
	/* The new claim was forwarded in the same transaction, saying to
	 * whom; its load lists the order. */
	if (claim_load(f->db, &f->gardien1, claim, NOW, &cl, &e) != 0)
		fail_msg("claim_load: %s", e.msg);
	assert_int_equal(cl->row.status, CLAIM_FORWARDED);
	assert_int_equal(cl->nevents, 2);
	assert_string_equal(cl->events[1].to, "forwarded");
	assert_non_null(strstr(cl->events[1].comment, number));
	assert_int_equal(cl->norders, 1);
	assert_string_equal(cl->orders[0].number, number);
	claim_free(cl);
	/* A second order on the same claim leaves its status alone. */
	w.contract_id = NULL;
	w.description = "Reprise du carrelage après la fuite";
	order_ok(f, &f->agent, &w, "2026-01-15T11:00:00Z", id, number);
	snprintf(expect, sizeof expect, "BT2026-%06ld", year + 2);
	assert_string_equal(number, expect);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM claim_event WHERE claim_id = ?",
	    claim, NULL, NULL), 2);
	/* Not on a solved claim. */
	if (claim_transition(f->db, &f->gardien1, claim, CLAIM_SOLVE, NULL, NOW, &e) != 0)
		fail_msg("claim_transition: %s", e.msg);
	order_refused(f, &f->gardien1, &w, "rouvrez-la");
}

static void
test_from_defect_and_round(void **state)
{
	struct fx *f = *state;
	struct work_order_new w = {0};
	char id[UID_SIZE], number[WORK_ORDER_NUMBER_SIZE];
	char *item = tu_text(f->db, ITEMS_OF_GARDIEN1 " AND it.charge = 'landlord' AND NOT EXISTS "
	    "(SELECT 1 FROM work_order w WHERE w.inspection_item_id = it.id) ORDER BY it.id "
	    "LIMIT 1", NULL);
	char *ordered = tu_text(f->db, ITEMS_OF_GARDIEN1 " AND EXISTS (SELECT 1 FROM work_order w "
	    "WHERE w.inspection_item_id = it.id) ORDER BY it.id LIMIT 1", NULL);
	char *anomaly = tu_text(f->db, "SELECT rr.id FROM round_result rr JOIN round_run rn ON "
	    "rn.id = rr.round_id JOIN round_template t ON t.id = rn.template_id JOIN building b "
	    "ON b.id = t.building_id JOIN estate es ON es.id = b.estate_id WHERE "
	    "rr.result = 'anomaly' AND " SECTOR_OF("gardien1") " ORDER BY rr.id LIMIT 1", NULL);
	char *ok = tu_text(f->db, "SELECT id FROM round_result WHERE result = 'ok' LIMIT 1", NULL);
	struct work_order *wo;

	w.contractor_id = f->plumber;
	w.inspection_item_id = item;
	order_ok(f, &f->gardien1, &w, NOW, id, number);
	wo = load(f, &f->gardien1, id);
	assert_int_equal(wo->row.place_kind, CLAIM_PLACE_DWELLING);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM inspection_item it JOIN "
	    "inspection_room r ON r.id = it.room_id JOIN inspection i ON i.id = r.inspection_id "
	    "WHERE it.id = ? AND i.dwelling_id = ?", item, wo->row.place_id, NULL), 1);
	assert_non_null(strstr(wo->row.description, "Remise en état : "));
	assert_string_equal(wo->row.inspection_item_id, item);
	work_order_free(wo);
	/* One order per defect. */
	order_refused(f, &f->gardien1, &w, "existe déjà");
	w.inspection_item_id = ordered;
	order_refused(f, &f->gardien1, &w, "existe déjà");
	/* A round anomaly: at the round's building, the anomaly for text. */
	w.inspection_item_id = NULL;
	w.round_result_id = anomaly;
	order_ok(f, &f->gardien1, &w, NOW, id, number);
	wo = load(f, &f->gardien1, id);
	assert_int_equal(wo->row.place_kind, CLAIM_PLACE_BUILDING);
	assert_string_equal(wo->row.round_result_id, anomaly);
	assert_true(strlen(wo->row.description) > 0);
	work_order_free(wo);
	w.round_result_id = ok;
	order_refused(f, &f->gardien1, &w, "anomalie");
	/* Two origins at once. */
	w.round_result_id = anomaly;
	w.inspection_item_id = item;
	order_refused(f, &f->gardien1, &w, "une seule origine");
	free(item);
	free(ordered);
	free(anomaly);
	free(ok);
}

static void
test_direct_and_checks(void **state)
{
	struct fx *f = *state;
	struct work_order_new w = {0};
	char id[UID_SIZE], number[WORK_ORDER_NUMBER_SIZE], *other;
	struct work_order *wo;
	struct err e;

	w.place_kind = CLAIM_PLACE_ENTRANCE;
	w.place_id = f->entrance;
	w.contractor_id = f->plumber;
	w.description = "Remplacement de la vanne d'arrêt de la colonne";
	order_ok(f, &f->agent, &w, NOW, id, number);
	wo = load(f, &f->agent, id);
	assert_int_equal(wo->row.place_kind, CLAIM_PLACE_ENTRANCE);
	assert_non_null(strstr(wo->row.place, "Entrée "));
	assert_string_equal(wo->row.claim_id, "");
	assert_string_equal(wo->row.contract_id, "");
	assert_null(wo->row.contract);
	work_order_free(wo);
	/* What is required, and what must fit. */
	w.description = "  ";
	order_refused(f, &f->agent, &w, "description des travaux est vide");
	w.description = "Vanne";
	w.place_id = NULL;
	order_refused(f, &f->agent, &w, "lieu des travaux");
	w.place_id = NO_SUCH;
	order_refused(f, &f->agent, &w, "entrée introuvable");
	w.place_id = f->entrance;
	w.contractor_id = NULL;
	order_refused(f, &f->agent, &w, "entreprise n'est pas indiquée");
	w.contractor_id = NO_SUCH;
	order_refused(f, &f->agent, &w, "entreprise introuvable");
	w.contractor_id = f->plumber;
	w.contract_id = f->locksmith_contract;
	order_refused(f, &f->agent, &w, "n'est pas celui de cette entreprise");
	w.contract_id = NO_SUCH;
	order_refused(f, &f->agent, &w, "contrat introuvable");
	if (db_run(f->db, &e, "INSERT INTO contract (id, contractor_id, label, response_hours, "
	    "start_date, end_date, updated_at, updated_by) VALUES ('" NO_SUCH "', ?, "
	    "'Ancien contrat', 48, '2020-01-01', '2025-06-30', ?, ?)", "ttt", f->plumber, NOW,
	    f->admin.id) != 0)
		fail_msg("insert contract: %s", e.msg);
	order_refused(f, &f->agent, &w, "n'est pas en vigueur");
	w.contract_id = NULL;
	w.planned_date = "2026-02-30";
	order_refused(f, &f->agent, &w, "date prévue invalide");
	w.planned_date = NULL;
	/* Rights and scope. */
	order_refused(f, &f->auditeur, &w, "Auditeur");
	order_refused(f, &f->gardien2, &w, "périmètre");
	other = tu_text(f->db, "SELECT en.id FROM entrance en JOIN building b ON b.id = "
	    "en.building_id JOIN estate es ON es.id = b.estate_id WHERE " SECTOR_OF("gardien2")
	    " LIMIT 1", NULL);
	w.place_id = other;
	order_refused(f, &f->gardien1, &w, "périmètre");
	free(other);
}

/* ---- Steps ---- */

static char *
wo_status(struct fx *f, const char *id)
{
	return tu_text(f->db, "SELECT status FROM work_order WHERE id = ?", id);
}

static void
step_ok(struct fx *f, const struct user *who, const char *id, struct work_order_step s,
    const char *now)
{
	struct err e;
	char *st;

	if (work_order_transition(f->db, who, id, &s, now, &e) != 0)
		fail_msg("to %s: %s", work_order_status_code(s.to), e.msg);
	st = wo_status(f, id);
	assert_string_equal(st, work_order_status_code(s.to));
	free(st);
}

static void
step_refused(struct fx *f, const struct user *who, const char *id, struct work_order_step s,
    const char *words)
{
	long events = tu_long(f->db, "SELECT count(*) FROM work_order_event WHERE "
	    "work_order_id = ?", id, NULL, NULL);
	char *before = wo_status(f, id), *after;
	struct err e;

	e.msg[0] = '\0';
	assert_int_equal(work_order_transition(f->db, who, id, &s, NOW, &e), -1);
	if (strstr(e.msg, words) == NULL)
		fail_msg("to %s: expected \"%s\" in: %s", work_order_status_code(s.to), words,
		    e.msg);
	after = wo_status(f, id);
	assert_string_equal(before, after);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM work_order_event WHERE "
	    "work_order_id = ?", id, NULL, NULL), events);
	free(before);
	free(after);
}

static void
test_steps_and_invoice(void **state)
{
	struct fx *f = *state;
	struct work_order_step sched = {WORK_ORDER_SCHEDULED, NULL, NULL, -1};
	struct work_order_step done = {WORK_ORDER_DONE, "Vanne changée", NULL, -1};
	struct work_order_step check = {WORK_ORDER_CHECKED, "Vu sur place, plus de fuite", NULL,
	    -1};
	struct work_order_step inv = {WORK_ORDER_INVOICED, NULL, NULL, -1};
	struct work_order_new w = {0};
	char claim[UID_SIZE], id[UID_SIZE], number[WORK_ORDER_NUMBER_SIZE];
	long works = tu_long(f->db, "SELECT count(*) FROM works", NULL, NULL, NULL);
	struct work_order *wo;

	new_claim(f, "2026-01-15T08:00:00Z", claim);
	w.claim_id = claim;
	w.contractor_id = f->plumber;
	order_ok(f, &f->gardien1, &w, NOW, id, number);
	step_refused(f, &f->agent, id, check, "impossible");
	step_refused(f, &f->agent, id, inv, "impossible");
	/* Scheduling needs a date. */
	step_refused(f, &f->agent, id, sched, "date d'intervention n'est pas indiquée");
	sched.planned_date = "2026-13-01";
	step_refused(f, &f->agent, id, sched, "date d'intervention invalide");
	sched.planned_date = "2026-01-19";
	step_ok(f, &f->agent, id, sched, "2026-01-15T11:00:00Z");
	step_refused(f, &f->agent, id, sched, "impossible");
	step_ok(f, &f->tech, id, done, "2026-01-19T15:00:00Z");
	/* Checked on site by the gardien, nobody else. */
	step_refused(f, &f->agent, id, check, "réservé au gardien");
	step_refused(f, &f->admin, id, check, "réservé au gardien");
	step_ok(f, &f->gardien1, id, check, "2026-01-20T09:00:00Z");
	/* Invoiced by a role that writes money, with the amount. */
	inv.amount_cents = 18990;
	step_refused(f, &f->gardien1, id, inv, "ne permet pas de saisir un montant");
	step_refused(f, &f->agent, id, inv, "ne permet pas de saisir un montant");
	inv.amount_cents = -1;
	step_refused(f, &f->tech, id, inv, "montant facturé manque");
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM works", NULL, NULL, NULL), works);
	inv.amount_cents = 18990;
	step_ok(f, &f->tech, id, inv, "2026-02-10T09:00:00Z");
	step_refused(f, &f->tech, id, inv, "impossible");
	/* The dwelling's works record holds it, dated the day it was done. */
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM works", NULL, NULL, NULL),
	    works + 1);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM works w JOIN work_order o ON "
	    "o.id = w.work_order_id WHERE o.id = ? AND w.dwelling_id = ? AND w.building_id "
	    "IS NULL AND w.amount_cents = 18990 AND w.date = '2026-01-19' AND w.kind = 'repair' "
	    "AND w.contractor_id = o.contractor_id AND w.description = o.description",
	    id, f->dwelling, NULL), 1);
	assert_int_equal(tu_long(f->db, "SELECT amount_cents FROM work_order WHERE id = ?", id,
	    NULL, NULL), 18990);
	/* Amounts for those who may read money only. */
	wo = load(f, &f->tech, id);
	assert_true(wo->row.has_amount);
	assert_false(wo->row.amount_hidden);
	assert_int_equal(wo->row.amount_cents, 18990);
	assert_int_equal(wo->nevents, 5);
	assert_string_equal(wo->events[1].from, "ordered");
	assert_string_equal(wo->events[1].to, "scheduled");
	assert_string_equal(wo->events[2].comment, "Vanne changée");
	assert_string_equal(wo->events[3].user_id, f->gardien1.id);
	assert_string_equal(wo->events[4].to, "invoiced");
	assert_string_equal(wo->row.planned_date, "2026-01-19");
	work_order_free(wo);
	wo = load(f, &f->gardien1, id);
	assert_false(wo->row.has_amount);
	assert_true(wo->row.amount_hidden);
	assert_int_equal(wo->row.amount_cents, 0);
	work_order_free(wo);
	{
		struct claim *cl;
		struct err e;
		if (claim_load(f->db, &f->gardien1, claim, NOW, &cl, &e) != 0)
			fail_msg("claim_load: %s", e.msg);
		assert_int_equal(cl->norders, 1);
		assert_true(cl->orders[0].amount_hidden);
		assert_false(cl->orders[0].has_amount);
		claim_free(cl);
		if (claim_load(f->db, &f->agent, claim, NOW, &cl, &e) != 0)
			fail_msg("claim_load: %s", e.msg);
		assert_true(cl->orders[0].has_amount);
		assert_int_equal(cl->orders[0].amount_cents, 18990);
		claim_free(cl);
	}
}

static void
test_entrance_works_and_shortcut(void **state)
{
	struct fx *f = *state;
	struct work_order_step done = {WORK_ORDER_DONE, NULL, NULL, -1};
	struct work_order_step check = {WORK_ORDER_CHECKED, NULL, NULL, -1};
	struct work_order_step inv = {WORK_ORDER_INVOICED, NULL, NULL, 0};
	struct work_order_new w = {0};
	char id[UID_SIZE], number[WORK_ORDER_NUMBER_SIZE];

	w.place_kind = CLAIM_PLACE_ENTRANCE;
	w.place_id = f->entrance;
	w.contractor_id = f->plumber;
	w.description = "Débouchage de la colonne d'eaux usées";
	order_ok(f, &f->agent, &w, NOW, id, number);
	/* An emergency is done before it was ever scheduled. */
	step_ok(f, &f->agent, id, done, "2026-01-15T12:00:00Z");
	step_ok(f, &f->gardien1, id, check, "2026-01-15T16:00:00Z");
	step_ok(f, &f->admin, id, inv, "2026-01-30T09:00:00Z"); /* 0 €: under contract */
	/* Works have no entrance: the entrance's building holds them. */
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM works w JOIN entrance en ON "
	    "en.building_id = w.building_id WHERE w.work_order_id = ? AND en.id = ? AND "
	    "w.dwelling_id IS NULL AND w.amount_cents = 0 AND w.date = '2026-01-15'",
	    id, f->entrance, NULL), 1);
}

static void
test_comments_and_auditeur(void **state)
{
	struct fx *f = *state;
	struct work_order_step sched = {WORK_ORDER_SCHEDULED, NULL, "2026-01-20", -1};
	struct work_order_new w = {0};
	char id[UID_SIZE], number[WORK_ORDER_NUMBER_SIZE];
	struct work_order *wo;
	struct err e;

	w.place_kind = CLAIM_PLACE_DWELLING;
	w.place_id = f->dwelling;
	w.contractor_id = f->plumber;
	w.description = "Recherche de fuite";
	order_ok(f, &f->gardien1, &w, NOW, id, number);
	if (work_order_comment(f->db, &f->gardien1, id, "Entreprise relancée par téléphone",
	    "2026-01-15T14:00:00Z", &e) != 0)
		fail_msg("work_order_comment: %s", e.msg);
	assert_int_equal(work_order_comment(f->db, &f->gardien1, id, "", NOW, &e), -1);
	assert_int_equal(work_order_comment(f->db, &f->auditeur, id, "Vu", NOW, &e), -1);
	assert_non_null(strstr(e.msg, "Auditeur"));
	assert_int_equal(work_order_comment(f->db, &f->gardien2, id, "Vu", NOW, &e), -1);
	assert_non_null(strstr(e.msg, "périmètre"));
	step_refused(f, &f->auditeur, id, sched, "Auditeur");
	step_refused(f, &f->gardien2, id, sched, "périmètre");
	wo = load(f, &f->auditeur, id);
	assert_int_equal(wo->nevents, 2);
	assert_string_equal(wo->events[1].comment, "Entreprise relancée par téléphone");
	assert_string_equal(wo->events[1].to, "");
	assert_true(wo->row.amount_hidden == 0); /* the auditeur reads money */
	work_order_free(wo);
	assert_int_equal(work_order_load(f->db, &f->gardien2, id, &wo, &e), -1);
	assert_non_null(strstr(e.msg, "périmètre"));
	assert_null(wo);
}

/* ---- Lists ---- */

static void
test_list(void **state)
{
	struct fx *f = *state;
	struct work_order_filter flt = {-1, 1, NULL, 0, 0};
	struct work_order_row *rows, *page;
	size_t n, np, total, i;
	struct err e;
	long in_sector = tu_long(f->db, "SELECT count(*) FROM work_order w "
	    "LEFT JOIN dwelling d ON d.id = w.dwelling_id "
	    "LEFT JOIN common_area ca ON ca.id = w.common_area_id "
	    "LEFT JOIN entrance en ON en.id = coalesce(w.entrance_id, d.entrance_id) "
	    "LEFT JOIN building b ON b.id = coalesce(w.building_id, en.building_id, "
	    " ca.building_id) JOIN estate es ON es.id = coalesce(b.estate_id, ca.estate_id) "
	    "WHERE w.status <> 'invoiced' AND " SECTOR_OF("gardien1"), NULL, NULL, NULL);

	if (work_order_list(f->db, &f->gardien1, &flt, &rows, &n, &total, &e) != 0)
		fail_msg("work_order_list: %s", e.msg);
	assert_true(n > 0);
	assert_int_equal(n, total);
	assert_int_equal((long)total, in_sector);
	for (i = 0; i < n; i++) {
		assert_int_not_equal(rows[i].status, WORK_ORDER_INVOICED);
		assert_true(rows[i].amount_hidden);
		if (i > 0)
			assert_true(strcmp(rows[i - 1].ordered_at, rows[i].ordered_at) <= 0);
	}
	flt.offset = 1, flt.limit = 2;
	if (work_order_list(f->db, &f->gardien1, &flt, &page, &np, &total, &e) != 0)
		fail_msg("work_order_list: %s", e.msg);
	assert_int_equal(np, 2);
	assert_int_equal(total, n);
	assert_string_equal(page[0].id, rows[1].id);
	assert_string_equal(page[1].id, rows[2].id);
	work_order_rows_free(page, np);
	work_order_rows_free(rows, n);
	/* Invoiced ones, across the organisation, with their amounts. */
	flt = (struct work_order_filter){WORK_ORDER_INVOICED, 0, NULL, 0, 0};
	if (work_order_list(f->db, &f->admin, &flt, &rows, &n, &total, &e) != 0)
		fail_msg("work_order_list: %s", e.msg);
	assert_int_equal((long)n, tu_long(f->db, "SELECT count(*) FROM work_order WHERE "
	    "status = 'invoiced'", NULL, NULL, NULL));
	for (i = 0; i < n; i++)
		assert_true(rows[i].has_amount);
	work_order_rows_free(rows, n);
	flt = (struct work_order_filter){-1, 0, f->plumber, 0, 0};
	if (work_order_list(f->db, &f->agent, &flt, &rows, &n, &total, &e) != 0)
		fail_msg("work_order_list: %s", e.msg);
	assert_int_equal((long)n, tu_long(f->db, "SELECT count(*) FROM work_order WHERE "
	    "contractor_id = ?", f->plumber, NULL, NULL));
	work_order_rows_free(rows, n);
}

static void
test_contractors(void **state)
{
	struct fx *f = *state;
	struct work_order_contractor *rows;
	size_t n, i, j, contracts = 0;
	int expired = 0;
	struct err e;

	if (work_order_contractors(f->db, &f->gardien1, f->gardien1.agency_id, DATE, &rows, &n,
	    &e) != 0)
		fail_msg("work_order_contractors: %s", e.msg);
	assert_int_equal((long)n, tu_long(f->db, "SELECT count(*) FROM contractor", NULL, NULL,
	    NULL));
	for (i = 0; i < n; i++) {
		if (i > 0)
			assert_true(strcmp(rows[i - 1].name, rows[i].name) <= 0);
		for (j = 0; j < rows[i].ncontracts; j++) {
			contracts++;
			assert_true(rows[i].contracts[j].response_hours > 0);
			expired += !rows[i].contracts[j].in_force;
		}
	}
	/* Each demo contract, plus the expired one test_direct_and_checks
	 * adds for every agency. */
	assert_int_equal((long)contracts, tu_long(f->db, "SELECT count(*) FROM contract", NULL,
	    NULL, NULL));
	assert_int_equal(expired, 1);
	work_order_contractors_free(rows, n);
	/* Another agency's contracts are left out. */
	if (work_order_contractors(f->db, &f->admin, NO_SUCH, DATE, &rows, &n, &e) != 0)
		fail_msg("work_order_contractors: %s", e.msg);
	for (i = 0, contracts = 0; i < n; i++)
		contracts += rows[i].ncontracts;
	assert_int_equal(contracts, 1);
	work_order_contractors_free(rows, n);
	assert_int_equal(work_order_contractors(f->db, &f->admin, NULL, "demain", &rows, &n, &e),
	    -1);
}

static void
test_status_table(void **state)
{
	static const int allowed[WORK_ORDER_STATUS_COUNT][WORK_ORDER_STATUS_COUNT] = {
		/* to: ordered, scheduled, done, checked, invoiced */
		[WORK_ORDER_ORDERED] = {0, 1, 1, 0, 0},
		[WORK_ORDER_SCHEDULED] = {0, 0, 1, 0, 0},
		[WORK_ORDER_DONE] = {0, 0, 0, 1, 0},
		[WORK_ORDER_CHECKED] = {0, 0, 0, 0, 1},
		[WORK_ORDER_INVOICED] = {0, 0, 0, 0, 0},
	};
	int a, b;

	(void)state;
	for (a = 0; a < WORK_ORDER_STATUS_COUNT; a++)
		for (b = 0; b < WORK_ORDER_STATUS_COUNT; b++)
			if (work_order_can(a, b) != allowed[a][b])
				fail_msg("%s → %s", work_order_status_code(a),
				    work_order_status_code(b));
	assert_int_equal(work_order_status_parse("checked"), WORK_ORDER_CHECKED);
	assert_int_equal(work_order_status_parse("cancelled"), -1);
	assert_string_equal(work_order_status_label(WORK_ORDER_INVOICED), "Facturé");
}

/* On a laptop (a tag from the hub in meta) orders are numbered in its
 * own series, the claim they come from too; without the tag, the plain
 * series again. All rolled back. */
static void
test_numbering_tagged(void **state)
{
	struct fx *f = *state;
	struct work_order_new w = {0};
	char claim[UID_SIZE], id[UID_SIZE], number[WORK_ORDER_NUMBER_SIZE];
	struct err e;

	assert_int_equal(db_begin(f->db, &e), 0);
	assert_int_equal(db_meta_set(f->db, &e, "sync_tag", "C"), 0);
	new_claim(f, "2033-02-01T08:00:00Z", claim);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM claim WHERE id = ? AND "
	    "number = 'R2033-C-0001'", claim, NULL, NULL), 1);
	w.claim_id = claim;
	w.contractor_id = f->plumber;
	order_ok(f, &f->gardien1, &w, "2033-02-01T09:00:00Z", id, number);
	assert_string_equal(number, "BT2033-C-0001");
	/* One typed by hand that does not parse is not counted. */
	assert_int_equal(db_run(f->db, &e, "UPDATE work_order SET number = 'BT2033-C-00x7' "
	    "WHERE id = (SELECT id FROM work_order WHERE id <> ? ORDER BY id LIMIT 1)", "t", id),
	    0);
	if (work_order_number_next(f->db, "2033-02-02", number, &e) != 0)
		fail_msg("work_order_number_next: %s", e.msg);
	assert_string_equal(number, "BT2033-C-0002");
	assert_int_equal(db_run(f->db, &e, "DELETE FROM meta WHERE key = 'sync_tag'", ""), 0);
	if (work_order_number_next(f->db, "2033-02-02", number, &e) != 0)
		fail_msg("work_order_number_next: %s", e.msg);
	assert_string_equal(number, "BT2033-000001");
	db_rollback(f->db);
}

/* The round anomaly a work order starts from (its id, its building, its
 * text as the order takes it), refused on a line that is not an
 * anomaly; trades in words. */
static void
test_round_anomaly_and_trades(void **state)
{
	struct fx *f = *state;
	char *run = tu_text(f->db, "SELECT rr.round_id || '|' || rr.item_id FROM round_result rr "
	    "JOIN round_run rn ON rn.id = rr.round_id JOIN round_template t ON t.id = "
	    "rn.template_id WHERE rr.result = 'anomaly' AND t.building_id IS NOT NULL "
	    "ORDER BY rr.id LIMIT 1", NULL);
	char *okline = tu_text(f->db, "SELECT round_id || '|' || item_id FROM round_result "
	    "WHERE result = 'ok' ORDER BY id LIMIT 1", NULL);
	char id[UID_SIZE], building[UID_SIZE], *text = NULL, *bar;
	struct err e;

	assert_non_null(run);
	assert_non_null(okline);
	bar = strchr(run, '|');
	*bar = '\0';
	assert_int_equal(work_order_round_anomaly(f->db, &f->gardien1, run, bar + 1, id, building,
	    &text, &e), 0);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM round_result rr JOIN round_run rn "
	    "ON rn.id = rr.round_id JOIN round_template t ON t.id = rn.template_id WHERE rr.id = ? "
	    "AND t.building_id = ?", id, building, NULL), 1);
	assert_int_equal(tu_long(f->db, "SELECT count(*) FROM round_result rr JOIN "
	    "round_template_item ti ON ti.id = rr.item_id WHERE rr.id = ? AND ? = ti.label || "
	    "CASE WHEN coalesce(rr.comment, '') <> '' THEN ' : ' || rr.comment ELSE '' END",
	    id, text, NULL), 1);
	free(text);
	/* Not an anomaly, no such line, a role that may not read orders. */
	bar = strchr(okline, '|');
	*bar = '\0';
	assert_int_equal(work_order_round_anomaly(f->db, &f->gardien1, okline, bar + 1, id,
	    building, &text, &e), -1);
	assert_non_null(strstr(e.msg, "anomalie"));
	assert_null(text);
	assert_int_equal(work_order_round_anomaly(f->db, &f->gardien1, run, NO_SUCH, id,
	    building, &text, &e), -1);
	assert_string_equal(work_order_trade_label("plumbing"), "Plomberie");
	assert_string_equal(work_order_trade_label("unknown_trade"), "unknown_trade");
	assert_string_equal(work_order_trade_label(NULL), "");
	free(run);
	free(okline);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_table),
		cmocka_unit_test(test_from_claim),
		cmocka_unit_test(test_from_defect_and_round),
		cmocka_unit_test(test_direct_and_checks),
		cmocka_unit_test(test_steps_and_invoice),
		cmocka_unit_test(test_entrance_works_and_shortcut),
		cmocka_unit_test(test_comments_and_auditeur),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_contractors),
		cmocka_unit_test(test_numbering_tagged),
		cmocka_unit_test(test_round_anomaly_and_trades),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
