/* The replication table (see tables.h). A unit test checks it against the
 * schema, column by column, so that a new column cannot be forgotten. */
#include "tables.h"

#include <string.h>

#include "core/xalloc.h"

#define TEXT_MAX 65536

#define COL(n, ty, nn, len) {n, ty, PG_COUNT, RULE_LWW, nn, len}
#define ID COL("id", ST_TEXT, 1, 36)
#define REF(n) COL(n, ST_TEXT, 0, 36)
#define REFN(n) COL(n, ST_TEXT, 1, 36)
#define TX(n) COL(n, ST_TEXT, 0, 4096)
#define TXN(n) COL(n, ST_TEXT, 1, 4096)
#define LONG(n) COL(n, ST_TEXT, 0, TEXT_MAX)
#define INT(n) COL(n, ST_INT, 0, 0)
#define INTN(n) COL(n, ST_INT, 1, 0)
#define REAL(n) COL(n, ST_REAL, 0, 0)
#define GROUP(n, ty, g) {n, ty, g, RULE_LWW, 0, 4096}
#define WORKFLOW(n) {n, ST_TEXT, PG_COUNT, RULE_HUB, 1, 32}
#define APPEND(n, nn) {n, ST_TEXT, PG_COUNT, RULE_APPEND, nn, TEXT_MAX}
#define PROV {"updated_at", ST_TEXT, PG_COUNT, RULE_PROV, 1, 20}, \
	{"updated_by", ST_TEXT, PG_COUNT, RULE_PROV, 1, 36}

/* Sector of a place, for a row expression x. */
#define SEC_ESTATE(x) "(SELECT sector_id FROM estate WHERE id = " x ")"
#define SEC_BUILDING(x) "(SELECT es.sector_id FROM building b JOIN estate es " \
	"ON es.id = b.estate_id WHERE b.id = " x ")"
#define SEC_ENTRANCE(x) "(SELECT es.sector_id FROM entrance en JOIN building b " \
	"ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id WHERE en.id = " x ")"
#define SEC_DWELLING(x) "(SELECT es.sector_id FROM dwelling d JOIN entrance en " \
	"ON en.id = d.entrance_id JOIN building b ON b.id = en.building_id " \
	"JOIN estate es ON es.id = b.estate_id WHERE d.id = " x ")"
#define SEC_COMMON(x) "(SELECT coalesce(" SEC_BUILDING("ca.building_id") ", " \
	SEC_ESTATE("ca.estate_id") ") FROM common_area ca WHERE ca.id = " x ")"
#define SEC_PLACE4(a, b, c, d) "coalesce(" a ", " b ", " c ", " d ")"
#define SEC_INSPECTION(x) "(SELECT " SEC_DWELLING("i.dwelling_id") \
	" FROM inspection i WHERE i.id = " x ")"
#define SEC_IROOM(x) "(SELECT " SEC_INSPECTION("ir.inspection_id") \
	" FROM inspection_room ir WHERE ir.id = " x ")"
#define SEC_IITEM(x) "(SELECT " SEC_IROOM("ii.room_id") \
	" FROM inspection_item ii WHERE ii.id = " x ")"
#define SEC_LEASE(x) "(SELECT " SEC_DWELLING("l.dwelling_id") " FROM lease l WHERE l.id = " x ")"
#define SEC_CLAIM(x) "(SELECT " SEC_PLACE4(SEC_DWELLING("c.dwelling_id"), \
	SEC_ENTRANCE("c.entrance_id"), SEC_BUILDING("c.building_id"), \
	SEC_COMMON("c.common_area_id")) " FROM claim c WHERE c.id = " x ")"
#define SEC_WORK_ORDER(x) "(SELECT " SEC_PLACE4(SEC_DWELLING("w.dwelling_id"), \
	SEC_ENTRANCE("w.entrance_id"), SEC_BUILDING("w.building_id"), \
	SEC_COMMON("w.common_area_id")) " FROM work_order w WHERE w.id = " x ")"
#define SEC_ROUND_TEMPLATE(x) "(SELECT coalesce(" SEC_BUILDING("rt.building_id") ", " \
	SEC_ESTATE("rt.estate_id") ") FROM round_template rt WHERE rt.id = " x ")"
#define SEC_ROUND_RUN(x) "(SELECT " SEC_ROUND_TEMPLATE("rr.template_id") \
	" FROM round_run rr WHERE rr.id = " x ")"

#define TABLE(n, g, sec, cols) {n, g, sec, cols, sizeof(cols) / sizeof((cols)[0])}

static const struct sync_column c_organisation[] = {
	ID, TXN("name"), TX("address"), TX("siren"), PROV,
};
static const struct sync_column c_agency[] = {
	ID, REFN("organisation_id"), TXN("code"), TXN("name"), TX("address"), TX("phone"), PROV,
};
static const struct sync_column c_sector[] = {
	ID, REFN("agency_id"), TXN("code"), TXN("name"), PROV,
};
static const struct sync_column c_user_account[] = {
	ID, TXN("login"), TXN("display_name"), TXN("role"), REF("agency_id"), INTN("disabled"), PROV,
};
static const struct sync_column c_user_sector[] = {
	ID, REFN("user_id"), REFN("sector_id"), PROV,
};
static const struct sync_column c_contractor[] = {
	ID, TXN("name"), TX("trade"), TX("phone"), TX("email"), TX("siret"), PROV,
};
static const struct sync_column c_contract[] = {
	ID, REFN("contractor_id"), REF("agency_id"), TXN("label"), TX("trade"),
	INT("response_hours"), TX("start_date"), TX("end_date"), PROV,
};
static const struct sync_column c_inspection_template[] = {
	ID, TXN("name"), TX("dwelling_type"), INTN("balcony"), INTN("cellar"), INTN("parking"), PROV,
};
static const struct sync_column c_template_room[] = {
	ID, REFN("template_id"), INTN("position"), TXN("name"), PROV,
};
static const struct sync_column c_template_item[] = {
	ID, REFN("room_id"), INTN("position"), TXN("name"), TXN("kind"), TX("nature"), PROV,
};
static const struct sync_column c_wear_grid[] = {
	ID, TXN("item_kind"), TXN("label"), INTN("lifetime_years"), INTN("franchise_years"),
	INTN("yearly_rate_bp"), INTN("residual_bp"), PROV,
};
static const struct sync_column c_price_list[] = {
	ID, TXN("code"), TXN("label"), TXN("unit"), INTN("unit_price_cents"), TX("item_kind"), PROV,
};
static const struct sync_column c_claim_category[] = {
	ID, TXN("code"), TXN("label"), PROV,
};
static const struct sync_column c_claim_urgency[] = {
	ID, TXN("code"), TXN("label"), INTN("target_hours"), INTN("working_days"), PROV,
};
static const struct sync_column c_estate[] = {
	ID, REFN("sector_id"), TX("code"), TXN("name"), TX("address"), TX("postcode"), TX("town"),
	TX("depcom"), INT("year_built"), TX("financing"), INTN("qpv"), TX("ext_key"), PROV,
};
static const struct sync_column c_building[] = {
	ID, REFN("estate_id"), TXN("code"), TX("address"), INT("floors"), INT("year_built"),
	INTN("lift"), TX("ext_key"), PROV,
};
static const struct sync_column c_entrance[] = {
	ID, REFN("building_id"), TXN("code"), TX("address"), TX("ext_key"), PROV,
};
static const struct sync_column c_dwelling[] = {
	ID, REFN("entrance_id"), TXN("reference"), TX("rpls_id"), INT("floor"), TX("door"),
	TXN("type"), INT("rooms"), REAL("area_m2"), TX("dpe_energy"), TX("dpe_ghg"),
	TX("dpe_date"), TX("heating"), TX("ext_key"), PROV,
};
static const struct sync_column c_common_area[] = {
	ID, REF("building_id"), REF("estate_id"), TXN("kind"), TXN("name"), PROV,
};
static const struct sync_column c_equipment[] = {
	ID, REF("dwelling_id"), REF("building_id"), REF("common_area_id"), TXN("kind"),
	TX("make"), TX("model"), TX("serial"), TX("install_date"), INT("lifetime_years"), PROV,
};
static const struct sync_column c_tenant[] = {
	ID, TXN("last_name"), TX("first_name"), GROUP("phone", ST_TEXT, PG_TENANT_CONTACT),
	GROUP("email", ST_TEXT, PG_TENANT_CONTACT), INTN("anonymised"), PROV,
};
static const struct sync_column c_lease[] = {
	ID, REFN("dwelling_id"), TX("reference"), TXN("start_date"), TX("end_date"),
	INT("deposit_cents"), PROV,
};
static const struct sync_column c_lease_tenant[] = {
	ID, REFN("lease_id"), REFN("tenant_id"), PROV,
};
static const struct sync_column c_inspection[] = {
	ID, REFN("dwelling_id"), REF("lease_id"), TXN("kind"), WORKFLOW("state"),
	TX("planned_date"), TX("done_at"), REF("entry_inspection_id"), REF("amends_id"),
	TX("amendment_kind"), REF("template_id"), REF("agent_id"), TX("landlord_name"),
	TX("landlord_address"), TX("tenant_new_address"), APPEND("observations", 0),
	TX("signed_at"), TX("content_sha256"), PROV,
};
static const struct sync_column c_inspection_room[] = {
	ID, REFN("inspection_id"), INTN("position"), TXN("name"), PROV,
};
static const struct sync_column c_inspection_item[] = {
	ID, REFN("room_id"), INTN("position"), TXN("name"), TXN("kind"), TX("nature"),
	TX("state"), TX("comment"), TX("charge"), REAL("quantity"), TX("price_code"), PROV,
};
static const struct sync_column c_inspection_photo[] = {
	ID, REFN("item_id"), COL("sha256", ST_TEXT, 1, 64), TX("caption"), PROV,
};
static const struct sync_column c_inspection_meter[] = {
	ID, REFN("inspection_id"), TXN("kind"), TX("serial"), REAL("reading"), PROV,
};
static const struct sync_column c_inspection_key[] = {
	ID, REFN("inspection_id"), TXN("kind"), INTN("given"), INT("returned"), PROV,
};
static const struct sync_column c_inspection_party[] = {
	ID, REFN("inspection_id"), TXN("role"), TXN("name"), REF("tenant_id"), INTN("present"),
	TX("mandate"), TX("signature_name"), TX("signed_at"), TX("refusal_reason"),
	INTN("paper"), PROV,
};
static const struct sync_column c_claim[] = {
	ID, TXN("number"), REF("dwelling_id"), REF("entrance_id"), REF("building_id"),
	REF("common_area_id"), TXN("category"), TXN("urgency"), TXN("channel"), REF("tenant_id"),
	COL("description", ST_TEXT, 1, TEXT_MAX), WORKFLOW("status"), TXN("opened_at"),
	TX("due_at"), TX("closed_at"), PROV,
};
static const struct sync_column c_claim_event[] = {
	ID, REFN("claim_id"), TXN("at"), REFN("user_id"), TX("from_status"), TX("to_status"),
	LONG("comment"), PROV,
};
static const struct sync_column c_round_template[] = {
	ID, REF("building_id"), REF("estate_id"), TXN("name"), INTN("frequency_days"), PROV,
};
static const struct sync_column c_round_template_item[] = {
	ID, REFN("template_id"), INTN("position"), TXN("label"), PROV,
};
static const struct sync_column c_round_run[] = {
	ID, REFN("template_id"), REFN("user_id"), TXN("started_at"), TX("finished_at"), PROV,
};
static const struct sync_column c_round_result[] = {
	ID, REFN("round_id"), REFN("item_id"), TXN("result"), LONG("comment"), REF("claim_id"), PROV,
};
static const struct sync_column c_work_order[] = {
	ID, TXN("number"), REF("claim_id"), REF("inspection_item_id"), REF("round_result_id"),
	REFN("contractor_id"), REF("contract_id"), REF("dwelling_id"), REF("entrance_id"),
	REF("building_id"), REF("common_area_id"), COL("description", ST_TEXT, 1, TEXT_MAX),
	TX("planned_date"), WORKFLOW("status"), TXN("ordered_at"),
	GROUP("amount_cents", ST_INT, PG_MONEY), PROV,
};
static const struct sync_column c_work_order_event[] = {
	ID, REFN("work_order_id"), TXN("at"), REFN("user_id"), TX("from_status"), TX("to_status"),
	LONG("comment"), PROV,
};
static const struct sync_column c_works[] = {
	ID, REF("dwelling_id"), REF("building_id"), REF("estate_id"), REF("common_area_id"),
	TXN("date"), TXN("kind"), LONG("description"),
	{"amount_cents", ST_INT, PG_MONEY, RULE_LWW, 1, 0}, REF("contractor_id"),
	REF("work_order_id"), PROV,
};
static const struct sync_column c_logbook_entry[] = {
	ID, TXN("at"), REFN("author_id"), APPEND("text", 1), REF("dwelling_id"),
	REF("entrance_id"), REF("building_id"), PROV,
};
static const struct sync_column c_note[] = {
	ID, REF("dwelling_id"), REF("building_id"), REF("estate_id"), REFN("author_id"),
	TXN("at"), APPEND("text", 1), PROV,
};

static const struct sync_column c_audit_log[] = {
	ID, TXN("at"), REFN("user_id"), TXN("node"), REFN("tenant_id"), TXN("screen"),
	COL("what", ST_TEXT, 1, 16), PROV,
};

static const struct sync_table tables[] = {
	/* Reference data: every node. */
	TABLE("organisation", PG_USERS, NULL, c_organisation),
	TABLE("agency", PG_USERS, NULL, c_agency),
	TABLE("sector", PG_USERS, NULL, c_sector),
	TABLE("user_account", PG_USERS, NULL, c_user_account),
	TABLE("user_sector", PG_USERS, NULL, c_user_sector),
	TABLE("contractor", PG_EQUIPMENT, NULL, c_contractor),
	TABLE("contract", PG_EQUIPMENT, NULL, c_contract),
	TABLE("inspection_template", PG_USERS, NULL, c_inspection_template),
	TABLE("template_room", PG_USERS, NULL, c_template_room),
	TABLE("template_item", PG_USERS, NULL, c_template_item),
	TABLE("wear_grid", PG_USERS, NULL, c_wear_grid),
	TABLE("price_list", PG_USERS, NULL, c_price_list),
	TABLE("claim_category", PG_USERS, NULL, c_claim_category),
	TABLE("claim_urgency", PG_USERS, NULL, c_claim_urgency),
	/* The patrimoine of a sector and everything that hangs from it. */
	TABLE("estate", PG_TECHNICAL, "$.sector_id", c_estate),
	TABLE("building", PG_TECHNICAL, SEC_ESTATE("$.estate_id"), c_building),
	TABLE("entrance", PG_TECHNICAL, SEC_BUILDING("$.building_id"), c_entrance),
	TABLE("dwelling", PG_TECHNICAL, SEC_ENTRANCE("$.entrance_id"), c_dwelling),
	TABLE("common_area", PG_TECHNICAL, "coalesce(" SEC_BUILDING("$.building_id") ", "
	    SEC_ESTATE("$.estate_id") ")", c_common_area),
	TABLE("equipment", PG_EQUIPMENT, "coalesce(" SEC_DWELLING("$.dwelling_id") ", "
	    SEC_BUILDING("$.building_id") ", " SEC_COMMON("$.common_area_id") ")", c_equipment),
	/* A tenant goes where their latest lease is. */
	TABLE("tenant", PG_TENANT_IDENTITY, "(SELECT " SEC_DWELLING("l.dwelling_id")
	    " FROM lease_tenant lt JOIN lease l ON l.id = lt.lease_id WHERE lt.tenant_id = $.id "
	    "ORDER BY l.start_date DESC LIMIT 1)", c_tenant),
	TABLE("lease", PG_LEASES, SEC_DWELLING("$.dwelling_id"), c_lease),
	TABLE("lease_tenant", PG_LEASES, SEC_LEASE("$.lease_id"), c_lease_tenant),
	TABLE("inspection", PG_INSPECTIONS, SEC_DWELLING("$.dwelling_id"), c_inspection),
	TABLE("inspection_room", PG_INSPECTIONS, SEC_INSPECTION("$.inspection_id"), c_inspection_room),
	TABLE("inspection_item", PG_INSPECTIONS, SEC_IROOM("$.room_id"), c_inspection_item),
	TABLE("inspection_photo", PG_INSPECTIONS, SEC_IITEM("$.item_id"), c_inspection_photo),
	TABLE("inspection_meter", PG_INSPECTIONS, SEC_INSPECTION("$.inspection_id"), c_inspection_meter),
	TABLE("inspection_key", PG_INSPECTIONS, SEC_INSPECTION("$.inspection_id"), c_inspection_key),
	TABLE("inspection_party", PG_INSPECTIONS, SEC_INSPECTION("$.inspection_id"), c_inspection_party),
	TABLE("claim", PG_CLAIMS, SEC_PLACE4(SEC_DWELLING("$.dwelling_id"),
	    SEC_ENTRANCE("$.entrance_id"), SEC_BUILDING("$.building_id"),
	    SEC_COMMON("$.common_area_id")), c_claim),
	TABLE("claim_event", PG_CLAIMS, SEC_CLAIM("$.claim_id"), c_claim_event),
	TABLE("round_template", PG_LOGBOOK, "coalesce(" SEC_BUILDING("$.building_id") ", "
	    SEC_ESTATE("$.estate_id") ")", c_round_template),
	TABLE("round_template_item", PG_LOGBOOK, SEC_ROUND_TEMPLATE("$.template_id"),
	    c_round_template_item),
	TABLE("round_run", PG_LOGBOOK, SEC_ROUND_TEMPLATE("$.template_id"), c_round_run),
	TABLE("round_result", PG_LOGBOOK, SEC_ROUND_RUN("$.round_id"), c_round_result),
	TABLE("work_order", PG_CLAIMS, SEC_PLACE4(SEC_DWELLING("$.dwelling_id"),
	    SEC_ENTRANCE("$.entrance_id"), SEC_BUILDING("$.building_id"),
	    SEC_COMMON("$.common_area_id")), c_work_order),
	TABLE("work_order_event", PG_CLAIMS, SEC_WORK_ORDER("$.work_order_id"), c_work_order_event),
	TABLE("works", PG_EQUIPMENT, "coalesce(" SEC_DWELLING("$.dwelling_id") ", "
	    SEC_BUILDING("$.building_id") ", " SEC_ESTATE("$.estate_id") ", "
	    SEC_COMMON("$.common_area_id") ")", c_works),
	/* An entry about no place belongs to its author's sector. */
	TABLE("logbook_entry", PG_LOGBOOK, "coalesce(" SEC_DWELLING("$.dwelling_id") ", "
	    SEC_ENTRANCE("$.entrance_id") ", " SEC_BUILDING("$.building_id") ", "
	    "(SELECT us.sector_id FROM user_sector us WHERE us.user_id = $.author_id "
	    "ORDER BY us.sector_id LIMIT 1))", c_logbook_entry),
	TABLE("note", PG_LOGBOOK, "coalesce(" SEC_DWELLING("$.dwelling_id") ", "
	    SEC_BUILDING("$.building_id") ", " SEC_ESTATE("$.estate_id") ")", c_note),
	/* The audit log goes up and stays on the hub: its sector is one no
	 * node's scope holds, so no pull or snapshot sends it down and no
	 * purge touches it; any role adds its own entries (hub_apply.c). */
	TABLE("audit_log", PG_AUDIT, "'" SYNC_HUB_ONLY "'", c_audit_log),
};

#define NTABLES (sizeof tables / sizeof tables[0])

static const char *const rule_names[RULE_COUNT] = {
	[RULE_LWW] = "lww",
	[RULE_HUB] = "hub",
	[RULE_APPEND] = "append",
	[RULE_PROV] = "provenance",
};

const struct sync_table *
sync_tables(size_t *n)
{
	*n = NTABLES;
	return tables;
}

const struct sync_table *
sync_table_find(const char *name)
{
	size_t i;

	for (i = 0; i < NTABLES; i++)
		if (strcmp(tables[i].name, name) == 0)
			return &tables[i];
	return NULL;
}

const struct sync_column *
sync_column_find(const struct sync_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return &t->cols[i];
	return NULL;
}

enum perm_group
sync_column_group(const struct sync_table *t, const struct sync_column *c)
{
	return c->group == PG_COUNT ? t->group : c->group;
}

const char *
sync_rule_name(enum sync_rule r)
{
	return r < RULE_COUNT ? rule_names[r] : "?";
}

char *
sync_sector_sql(const struct sync_table *t, const char *alias)
{
	struct buf b;
	const char *p, *q;

	if (t->sector == NULL)
		return NULL;
	buf_init(&b);
	for (p = t->sector; (q = strstr(p, "$.")) != NULL; p = q + 2) {
		buf_add(&b, p, (size_t)(q - p));
		buf_adds(&b, alias);
		buf_addc(&b, '.');
	}
	buf_adds(&b, p);
	return buf_steal(&b);
}
