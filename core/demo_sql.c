/* The statements of the demo generator, prepared once and cached by Q_*. */
#include "db.h"
#include "demo_internal.h"

/* Every statement the generator runs, prepared once. */
static const char *const demo_sql[Q_COUNT] = {
	[Q_USER_ACCOUNT] =
	    "INSERT INTO user_account (id, login, display_name, role, agency_id, disabled, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
	[Q_ORGANISATION] =
	    "INSERT INTO organisation (id, name, address, siren, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?, ?)",
	[Q_AGENCY] =
	    "INSERT INTO agency (id, organisation_id, code, name, address, phone, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_SECTOR] =
	    "INSERT INTO sector (id, agency_id, code, name, updated_at, updated_by) VALUES "
	    "(?, ?, ?, ?, ?, ?)",
	[Q_USER_SECTOR] =
	    "INSERT INTO user_sector (id, user_id, sector_id, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?)",
	[Q_CLAIM_CATEGORY] =
	    "INSERT INTO claim_category (id, code, label, updated_at, updated_by) VALUES "
	    "(?, ?, ?, ?, ?)",
	[Q_CLAIM_URGENCY] =
	    "INSERT INTO claim_urgency (id, code, label, target_hours, working_days, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[Q_WEAR_GRID] =
	    "INSERT INTO wear_grid (id, item_kind, label, lifetime_years, franchise_years, "
	    "yearly_rate_bp, residual_bp, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, "
	    "?, ?, ?, ?)",
	[Q_PRICE_LIST] =
	    "INSERT INTO price_list (id, code, label, unit, unit_price_cents, item_kind, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_INSPECTION_TEMPLATE] =
	    "INSERT INTO inspection_template (id, name, dwelling_type, balcony, cellar, "
	    "parking, updated_at, updated_by) VALUES (?, ?, ?, ?, 0, 0, ?, ?)",
	[Q_TEMPLATE_ROOM] =
	    "INSERT INTO template_room (id, template_id, position, name, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?)",
	[Q_TEMPLATE_ITEM] =
	    "INSERT INTO template_item (id, room_id, position, name, kind, nature, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_CONTRACTOR] =
	    "INSERT INTO contractor (id, name, trade, phone, email, siret, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_CONTRACT] =
	    "INSERT INTO contract (id, contractor_id, agency_id, label, trade, "
	    "response_hours, start_date, end_date, updated_at, updated_by) VALUES (?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_EQUIPMENT] =
	    "INSERT INTO equipment (id, dwelling_id, building_id, common_area_id, kind, "
	    "make, model, serial, install_date, lifetime_years, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_COMMON_AREA] =
	    "INSERT INTO common_area (id, building_id, estate_id, kind, name, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[Q_BUILDING] =
	    "INSERT INTO building (id, estate_id, code, address, floors, year_built, lift, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_ENTRANCE] =
	    "INSERT INTO entrance (id, building_id, code, address, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?, ?)",
	[Q_ESTATE] =
	    "INSERT INTO estate (id, sector_id, code, name, address, postcode, town, "
	    "depcom, year_built, financing, qpv, updated_at, updated_by) VALUES (?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_DWELLING] =
	    "INSERT INTO dwelling (id, entrance_id, reference, rpls_id, floor, door, type, "
	    "rooms, area_m2, dpe_energy, dpe_ghg, dpe_date, heating, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?, 'T' || ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_WORKS] =
	    "INSERT INTO works (id, dwelling_id, building_id, estate_id, common_area_id, "
	    "date, kind, description, amount_cents, contractor_id, work_order_id, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_TENANT] =
	    "INSERT INTO tenant (id, last_name, first_name, phone, email, anonymised, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_LEASE] =
	    "INSERT INTO lease (id, dwelling_id, reference, start_date, end_date, "
	    "deposit_cents, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_LEASE_TENANT] =
	    "INSERT INTO lease_tenant (id, lease_id, tenant_id, updated_at, updated_by) "
	    "VALUES (?, ?, ?, ?, ?)",
	[Q_INSPECTION_ITEM] =
	    "INSERT INTO inspection_item (id, room_id, position, name, kind, nature, "
	    "state, comment, charge, quantity, price_code, updated_at, updated_by) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_INSPECTION_ROOM] =
	    "INSERT INTO inspection_room (id, inspection_id, position, name, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?)",
	[Q_INSPECTION_METER] =
	    "INSERT INTO inspection_meter (id, inspection_id, kind, serial, reading, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[Q_INSPECTION_KEY] =
	    "INSERT INTO inspection_key (id, inspection_id, kind, given, returned, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[Q_INSPECTION_PARTY] =
	    "INSERT INTO inspection_party (id, inspection_id, role, name, tenant_id, "
	    "present, mandate, signature_name, signed_at, refusal_reason, paper, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_INSPECTION] =
	    "INSERT INTO inspection (id, dwelling_id, lease_id, kind, state, planned_date, "
	    "done_at, entry_inspection_id, amends_id, amendment_kind, template_id, agent_id, "
	    "landlord_name, landlord_address, tenant_new_address, observations, signed_at, "
	    "content_sha256, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/* The digest of a signed inspection with rows, once they are written. */
	[Q_INSPECTION_DIGEST] =
	    "UPDATE inspection SET content_sha256 = ? WHERE id = ?",
	[Q_WORK_ORDER] =
	    "INSERT INTO work_order (id, number, claim_id, inspection_item_id, "
	    "round_result_id, contractor_id, contract_id, dwelling_id, entrance_id, "
	    "building_id, common_area_id, description, planned_date, status, ordered_at, "
	    "amount_cents, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_CLAIM] =
	    "INSERT INTO claim (id, number, dwelling_id, entrance_id, building_id, "
	    "common_area_id, category, urgency, channel, tenant_id, description, status, "
	    "opened_at, due_at, closed_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_NOTE] =
	    "INSERT INTO note (id, dwelling_id, author_id, at, text, updated_at, "
	    "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[Q_ROUND_RUN] =
	    "INSERT INTO round_run (id, template_id, user_id, started_at, finished_at, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[Q_ROUND_RESULT] =
	    "INSERT INTO round_result (id, round_id, item_id, result, comment, claim_id, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_ROUND_TEMPLATE] =
	    "INSERT INTO round_template (id, building_id, name, frequency_days, "
	    "updated_at, updated_by) VALUES (?, ?, ?, 7, ?, ?)",
	[Q_ROUND_TEMPLATE_ITEM] =
	    "INSERT INTO round_template_item (id, template_id, position, label, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)",
	[Q_LOGBOOK_ENTRY] =
	    "INSERT INTO logbook_entry (id, at, author_id, text, dwelling_id, entrance_id, "
	    "building_id, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_CLAIM_NUMBERS] =
	    "UPDATE claim SET number = 'R' || substr(x.at, 1, 4) || '-' || printf('%06d', "
	    "x.rn) FROM (SELECT id, opened_at AS at, row_number() OVER (PARTITION BY "
	    "substr(opened_at, 1, 4) ORDER BY opened_at, id) AS rn FROM claim) AS x WHERE "
	    "claim.id = x.id",
	[Q_WORK_ORDER_NUMBERS] =
	    "UPDATE work_order SET number = 'BT' || substr(x.at, 1, 4) || '-' || "
	    "printf('%06d', x.rn) FROM (SELECT id, ordered_at AS at, row_number() OVER "
	    "(PARTITION BY substr(ordered_at, 1, 4) ORDER BY ordered_at, id) AS rn FROM "
	    "work_order) AS x WHERE work_order.id = x.id",
	[Q_CLAIM_EVENT] =
	    "INSERT INTO claim_event (id, claim_id, at, user_id, from_status, to_status, "
	    "comment, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_WORK_ORDER_EVENT] =
	    "INSERT INTO work_order_event (id, work_order_id, at, user_id, from_status, "
	    "to_status, comment, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
};

struct db_stmt *
demo_stmt(struct demo *d, int q)
{
	if (d->st[q] == NULL)
		d->st[q] = db_stmt(d->db, d->e, demo_sql[q]);
	return d->st[q];
}
