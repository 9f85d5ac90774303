/* Every table of a Loge database, commented. Conventions:
 * - id: UUIDv7 text made on the node that created the row (offline
 *   laptops create rows), never reused;
 * - updated_at / updated_by: when and by which user (user_account.id) the
 *   row last changed: the provenance shown on the dwelling sheet;
 * - money in integer euro cents, dates "YYYY-MM-DD", moments
 *   "YYYY-MM-DDTHH:MM:SSZ" in UTC, text UTF-8 (checked by core/db.c);
 * - a "place" is exactly one of dwelling, entrance, building, common area
 *   (or estate), as nullable references with a CHECK;
 * - STRICT tables, so that a wrong type is an error, not a surprise. */
#include "schema.h"

#include <stdio.h>

#include "db.h"
#include "sync/capture.h"

#define ID "id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36)"
#define PROV \
	"updated_at TEXT NOT NULL CHECK (" STAMP_OK("updated_at") "), " \
	"updated_by TEXT NOT NULL"
#define DATE_OK(c) c " IS NULL OR date(" c ", '+0 days') IS " c
#define STAMP_OK(c) c " IS NULL OR strftime('%Y-%m-%dT%H:%M:%SZ', " c ", '+0 days') IS " c
#define BOOL(c) c " INTEGER NOT NULL DEFAULT 0 CHECK (" c " IN (0, 1))"
#define ONE_OF(a, b, c, d) \
	"CHECK ((" a " IS NOT NULL) + (" b " IS NOT NULL) + (" c " IS NOT NULL) + (" d " IS NOT NULL) = 1)"

static const char schema_v1[] =
    "PRAGMA application_id = 1280264005;\n"
    /* Node settings: node_id, node_user (the laptop's gardien), demo. */
    "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT) STRICT;\n"

    /* ---- Patrimoine ---- */
    "CREATE TABLE organisation (" ID ", name TEXT NOT NULL, address TEXT, siren TEXT, " PROV ") STRICT;\n"
    "CREATE TABLE agency (" ID ", organisation_id TEXT NOT NULL REFERENCES organisation(id), "
    "  code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, address TEXT, phone TEXT, " PROV ") STRICT;\n"
    /* A sector is one gardien's perimeter, and the unit of replication. */
    "CREATE TABLE sector (" ID ", agency_id TEXT NOT NULL REFERENCES agency(id), "
    "  code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, " PROV ") STRICT;\n"
    "CREATE INDEX sector_agency ON sector(agency_id);\n"
    /* Résidence / groupe. ext_key matches rows on re-import (RPLS). */
    "CREATE TABLE estate (" ID ", sector_id TEXT NOT NULL REFERENCES sector(id), "
    "  code TEXT UNIQUE, name TEXT NOT NULL, address TEXT, postcode TEXT, town TEXT, "
    "  depcom TEXT, year_built INTEGER CHECK (year_built IS NULL OR year_built BETWEEN 1800 AND 2100), "
    "  financing TEXT, " BOOL("qpv") ", ext_key TEXT UNIQUE, " PROV ") STRICT;\n"
    "CREATE INDEX estate_sector ON estate(sector_id);\n"
    "CREATE TABLE building (" ID ", estate_id TEXT NOT NULL REFERENCES estate(id), "
    "  code TEXT NOT NULL, address TEXT, floors INTEGER CHECK (floors IS NULL OR floors BETWEEN 0 AND 60), "
    "  year_built INTEGER CHECK (year_built IS NULL OR year_built BETWEEN 1800 AND 2100), "
    "  " BOOL("lift") ", ext_key TEXT UNIQUE, " PROV ", UNIQUE (estate_id, code)) STRICT;\n"
    /* Entrée / escalier. */
    "CREATE TABLE entrance (" ID ", building_id TEXT NOT NULL REFERENCES building(id), "
    "  code TEXT NOT NULL, address TEXT, ext_key TEXT UNIQUE, " PROV ", UNIQUE (building_id, code)) STRICT;\n"
    /* Logement. reference is the landlord's own; rpls_id the national one. */
    "CREATE TABLE dwelling (" ID ", entrance_id TEXT NOT NULL REFERENCES entrance(id), "
    "  reference TEXT NOT NULL UNIQUE, rpls_id TEXT UNIQUE, "
    "  floor INTEGER CHECK (floor IS NULL OR floor BETWEEN -3 AND 60), door TEXT, "
    "  type TEXT NOT NULL CHECK (type IN ('T1','T2','T3','T4','T5','T6')), "
    "  rooms INTEGER CHECK (rooms IS NULL OR rooms BETWEEN 1 AND 20), "
    "  area_m2 REAL CHECK (area_m2 IS NULL OR (area_m2 > 0 AND area_m2 < 1000)), "
    "  dpe_energy TEXT CHECK (dpe_energy IS NULL OR dpe_energy IN ('A','B','C','D','E','F','G')), "
    "  dpe_ghg TEXT CHECK (dpe_ghg IS NULL OR dpe_ghg IN ('A','B','C','D','E','F','G')), "
    "  dpe_date TEXT CHECK (" DATE_OK("dpe_date") "), "
    "  heating TEXT CHECK (heating IS NULL OR heating IN ('gas_individual','gas_collective',"
    "    'electric','district','heat_pump','oil','wood','other')), "
    "  ext_key TEXT UNIQUE, " PROV ") STRICT;\n"
    "CREATE INDEX dwelling_entrance ON dwelling(entrance_id);\n"
    /* Parties communes, of a building or of the whole estate. */
    "CREATE TABLE common_area (" ID ", building_id TEXT REFERENCES building(id), "
    "  estate_id TEXT REFERENCES estate(id), kind TEXT NOT NULL CHECK (kind IN ('hall','staircase',"
    "    'cellar','bins_room','car_park','green_space','lift','bike_room','boiler_room','other')), "
    "  name TEXT NOT NULL, " PROV ", "
    "  CHECK ((building_id IS NOT NULL) + (estate_id IS NOT NULL) = 1)) STRICT;\n"
    "CREATE INDEX common_area_building ON common_area(building_id);\n"
    "CREATE INDEX common_area_estate ON common_area(estate_id);\n"
    "CREATE TABLE equipment (" ID ", dwelling_id TEXT REFERENCES dwelling(id), "
    "  building_id TEXT REFERENCES building(id), common_area_id TEXT REFERENCES common_area(id), "
    "  kind TEXT NOT NULL, make TEXT, model TEXT, serial TEXT, "
    "  install_date TEXT CHECK (" DATE_OK("install_date") "), "
    "  lifetime_years INTEGER CHECK (lifetime_years IS NULL OR lifetime_years BETWEEN 1 AND 100), "
    "  " PROV ", CHECK ((dwelling_id IS NOT NULL) + (building_id IS NOT NULL) + (common_area_id IS NOT NULL) = 1)) STRICT;\n"
    "CREATE INDEX equipment_dwelling ON equipment(dwelling_id);\n"
    "CREATE INDEX equipment_building ON equipment(building_id);\n"
    "CREATE INDEX equipment_common_area ON equipment(common_area_id);\n"
    "CREATE TABLE contractor (" ID ", name TEXT NOT NULL, trade TEXT, phone TEXT, email TEXT, "
    "  siret TEXT, " PROV ") STRICT;\n"
    /* Maintenance contracts, with the response time the contractor owes. */
    "CREATE TABLE contract (" ID ", contractor_id TEXT NOT NULL REFERENCES contractor(id), "
    "  agency_id TEXT REFERENCES agency(id), label TEXT NOT NULL, trade TEXT, "
    "  response_hours INTEGER CHECK (response_hours IS NULL OR response_hours > 0), "
    "  start_date TEXT CHECK (" DATE_OK("start_date") "), end_date TEXT CHECK (" DATE_OK("end_date") "), "
    "  " PROV ") STRICT;\n"
    "CREATE INDEX contract_contractor ON contract(contractor_id);\n"
    /* Travaux done on a place, with their cost. */
    "CREATE TABLE works (" ID ", dwelling_id TEXT REFERENCES dwelling(id), "
    "  building_id TEXT REFERENCES building(id), estate_id TEXT REFERENCES estate(id), "
    "  common_area_id TEXT REFERENCES common_area(id), "
    "  date TEXT NOT NULL CHECK (" DATE_OK("date") "), kind TEXT NOT NULL, description TEXT, "
    "  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0), "
    "  contractor_id TEXT REFERENCES contractor(id), work_order_id TEXT REFERENCES work_order(id), "
    "  " PROV ", " ONE_OF("dwelling_id", "building_id", "estate_id", "common_area_id") ") STRICT;\n"
    "CREATE INDEX works_dwelling ON works(dwelling_id);\n"
    "CREATE INDEX works_building ON works(building_id);\n"
    "CREATE INDEX works_estate ON works(estate_id);\n"

    /* ---- People and occupancy ---- */
    /* Minimal personal data only: no health, income or family data. */
    "CREATE TABLE tenant (" ID ", last_name TEXT NOT NULL, first_name TEXT, phone TEXT, email TEXT, "
    "  " BOOL("anonymised") ", " PROV ") STRICT;\n"
    "CREATE TABLE lease (" ID ", dwelling_id TEXT NOT NULL REFERENCES dwelling(id), reference TEXT, "
    "  start_date TEXT NOT NULL CHECK (" DATE_OK("start_date") "), "
    "  end_date TEXT CHECK (" DATE_OK("end_date") "), "
    "  deposit_cents INTEGER CHECK (deposit_cents IS NULL OR deposit_cents >= 0), " PROV ", "
    "  CHECK (end_date IS NULL OR end_date >= start_date)) STRICT;\n"
    "CREATE INDEX lease_dwelling ON lease(dwelling_id, start_date);\n"
    "CREATE INDEX lease_end ON lease(end_date);\n"
    "CREATE TABLE lease_tenant (" ID ", lease_id TEXT NOT NULL REFERENCES lease(id), "
    "  tenant_id TEXT NOT NULL REFERENCES tenant(id), " PROV ", UNIQUE (lease_id, tenant_id)) STRICT;\n"
    "CREATE INDEX lease_tenant_tenant ON lease_tenant(tenant_id);\n"
    "CREATE TABLE user_account (" ID ", login TEXT NOT NULL UNIQUE "
    "    CHECK (length(login) BETWEEN 1 AND 32 AND login NOT GLOB '*[^a-z0-9._-]*'), "
    "  display_name TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('gardien','agent',"
    "    'technicien','superviseur','admin','auditeur')), "
    "  agency_id TEXT REFERENCES agency(id), " BOOL("disabled") ", " PROV ") STRICT;\n"
    "CREATE TABLE user_sector (" ID ", user_id TEXT NOT NULL REFERENCES user_account(id), "
    "  sector_id TEXT NOT NULL REFERENCES sector(id), " PROV ", UNIQUE (user_id, sector_id)) STRICT;\n"
    "CREATE INDEX user_sector_sector ON user_sector(sector_id);\n"

    /* ---- Inspections (états des lieux) ---- */
    "CREATE TABLE inspection_template (" ID ", name TEXT NOT NULL, "
    "  dwelling_type TEXT CHECK (dwelling_type IS NULL OR dwelling_type IN ('T1','T2','T3','T4','T5','T6')), "
    "  " BOOL("balcony") ", " BOOL("cellar") ", " BOOL("parking") ", " PROV ") STRICT;\n"
    "CREATE TABLE template_room (" ID ", template_id TEXT NOT NULL REFERENCES inspection_template(id), "
    "  position INTEGER NOT NULL, name TEXT NOT NULL, " PROV ") STRICT;\n"
    "CREATE INDEX template_room_template ON template_room(template_id);\n"
    "CREATE TABLE template_item (" ID ", room_id TEXT NOT NULL REFERENCES template_room(id), "
    "  position INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, nature TEXT, " PROV ") STRICT;\n"
    "CREATE INDEX template_item_room ON template_item(room_id);\n"
    /* state: draft -> ready -> signed (then frozen, content_sha256 set);
     * an amendment is a new row pointing at the signed one. */
    "CREATE TABLE inspection (" ID ", dwelling_id TEXT NOT NULL REFERENCES dwelling(id), "
    "  lease_id TEXT REFERENCES lease(id), "
    "  kind TEXT NOT NULL CHECK (kind IN ('move_in','move_out','pre_exit','bailiff')), "
    "  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','ready','signed')), "
    "  planned_date TEXT CHECK (" DATE_OK("planned_date") "), "
    "  done_at TEXT CHECK (" STAMP_OK("done_at") "), "
    "  entry_inspection_id TEXT REFERENCES inspection(id), amends_id TEXT REFERENCES inspection(id), "
    "  amendment_kind TEXT CHECK (amendment_kind IS NULL OR amendment_kind IN ('ten_day','heating')), "
    "  template_id TEXT REFERENCES inspection_template(id), agent_id TEXT REFERENCES user_account(id), "
    "  landlord_name TEXT, landlord_address TEXT, tenant_new_address TEXT, observations TEXT, "
    "  signed_at TEXT CHECK (" STAMP_OK("signed_at") "), "
    "  content_sha256 TEXT CHECK (content_sha256 IS NULL OR length(content_sha256) = 64), "
    "  " PROV ") STRICT;\n"
    "CREATE INDEX inspection_dwelling ON inspection(dwelling_id);\n"
    "CREATE INDEX inspection_planned ON inspection(state, planned_date);\n"
    "CREATE TABLE inspection_room (" ID ", inspection_id TEXT NOT NULL REFERENCES inspection(id), "
    "  position INTEGER NOT NULL, name TEXT NOT NULL, " PROV ") STRICT;\n"
    "CREATE INDEX inspection_room_inspection ON inspection_room(inspection_id);\n"
    /* state: n neuf, b bon, u usage normal, m mauvais, x hors service /
     * absent, v non vérifié. charge: who bears a defect at exit. */
    "CREATE TABLE inspection_item (" ID ", room_id TEXT NOT NULL REFERENCES inspection_room(id), "
    "  position INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, nature TEXT, "
    "  state TEXT CHECK (state IS NULL OR state IN ('n','b','u','m','x','v')), comment TEXT, "
    "  charge TEXT CHECK (charge IS NULL OR charge IN ('tenant','wear','landlord','none')), "
    "  quantity REAL CHECK (quantity IS NULL OR quantity >= 0), price_code TEXT, " PROV ") STRICT;\n"
    "CREATE INDEX inspection_item_room ON inspection_item(room_id);\n"
    "CREATE TABLE inspection_photo (" ID ", item_id TEXT NOT NULL REFERENCES inspection_item(id), "
    "  sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'), "
    "  caption TEXT, " PROV ") STRICT;\n"
    "CREATE INDEX inspection_photo_item ON inspection_photo(item_id);\n"
    "CREATE TABLE inspection_meter (" ID ", inspection_id TEXT NOT NULL REFERENCES inspection(id), "
    "  kind TEXT NOT NULL CHECK (kind IN ('water_cold','water_hot','elec_peak','elec_offpeak',"
    "    'elec_single','gas','heat')), serial TEXT, reading REAL CHECK (reading IS NULL OR reading >= 0), "
    "  " PROV ") STRICT;\n"
    "CREATE INDEX inspection_meter_inspection ON inspection_meter(inspection_id);\n"
    "CREATE TABLE inspection_key (" ID ", inspection_id TEXT NOT NULL REFERENCES inspection(id), "
    "  kind TEXT NOT NULL CHECK (kind IN ('door','mailbox','cellar','badge','garage_remote',"
    "    'bike_room','bins_room','other')), "
    "  given INTEGER NOT NULL DEFAULT 0 CHECK (given >= 0), "
    "  returned INTEGER CHECK (returned IS NULL OR returned >= 0), " PROV ") STRICT;\n"
    "CREATE INDEX inspection_key_inspection ON inspection_key(inspection_id);\n"
    "CREATE TABLE inspection_party (" ID ", inspection_id TEXT NOT NULL REFERENCES inspection(id), "
    "  role TEXT NOT NULL CHECK (role IN ('tenant','landlord_agent','mandatary','bailiff')), "
    "  name TEXT NOT NULL, tenant_id TEXT REFERENCES tenant(id), " BOOL("present") ", "
    "  mandate TEXT, signature_name TEXT, signed_at TEXT CHECK (" STAMP_OK("signed_at") "), "
    "  refusal_reason TEXT, " BOOL("paper") ", " PROV ") STRICT;\n"
    "CREATE INDEX inspection_party_inspection ON inspection_party(inspection_id);\n"
    /* Grille de vétusté: rates and residual in basis points (1/10000). */
    "CREATE TABLE wear_grid (" ID ", item_kind TEXT NOT NULL UNIQUE, label TEXT NOT NULL, "
    "  lifetime_years INTEGER NOT NULL CHECK (lifetime_years > 0), "
    "  franchise_years INTEGER NOT NULL CHECK (franchise_years >= 0), "
    "  yearly_rate_bp INTEGER NOT NULL CHECK (yearly_rate_bp BETWEEN 0 AND 10000), "
    "  residual_bp INTEGER NOT NULL CHECK (residual_bp BETWEEN 0 AND 10000), " PROV ") STRICT;\n"
    /* Bordereau de prix. */
    "CREATE TABLE price_list (" ID ", code TEXT NOT NULL UNIQUE, label TEXT NOT NULL, "
    "  unit TEXT NOT NULL CHECK (unit IN ('m2','ml','unit','hour','flat')), "
    "  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0), item_kind TEXT, " PROV ") STRICT;\n"

    /* ---- Claims, work orders, rounds ---- */
    "CREATE TABLE claim_category (" ID ", code TEXT NOT NULL UNIQUE, label TEXT NOT NULL, " PROV ") STRICT;\n"
    "CREATE TABLE claim_urgency (" ID ", code TEXT NOT NULL UNIQUE "
    "    CHECK (code IN ('emergency','urgent','normal')), label TEXT NOT NULL, "
    "  target_hours INTEGER NOT NULL CHECK (target_hours > 0), " BOOL("working_days") ", " PROV ") STRICT;\n"
    "CREATE TABLE claim (" ID ", number TEXT NOT NULL UNIQUE, "
    "  dwelling_id TEXT REFERENCES dwelling(id), entrance_id TEXT REFERENCES entrance(id), "
    "  building_id TEXT REFERENCES building(id), common_area_id TEXT REFERENCES common_area(id), "
    "  category TEXT NOT NULL REFERENCES claim_category(code), "
    "  urgency TEXT NOT NULL REFERENCES claim_urgency(code), "
    "  channel TEXT NOT NULL CHECK (channel IN ('lodge','phone','letter','counter','online')), "
    "  tenant_id TEXT REFERENCES tenant(id), description TEXT NOT NULL, "
    "  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new','forwarded','in_progress',"
    "    'solved','informed','closed')), "
    "  opened_at TEXT NOT NULL CHECK (" STAMP_OK("opened_at") "), "
    "  due_at TEXT CHECK (" STAMP_OK("due_at") "), closed_at TEXT CHECK (" STAMP_OK("closed_at") "), "
    "  " PROV ", " ONE_OF("dwelling_id", "entrance_id", "building_id", "common_area_id") ") STRICT;\n"
    "CREATE INDEX claim_dwelling ON claim(dwelling_id);\n"
    "CREATE INDEX claim_entrance ON claim(entrance_id);\n"
    "CREATE INDEX claim_building ON claim(building_id);\n"
    "CREATE INDEX claim_common_area ON claim(common_area_id);\n"
    "CREATE INDEX claim_status ON claim(status, opened_at);\n"
    /* Each status change of a claim, with who and when; comments too. */
    "CREATE TABLE claim_event (" ID ", claim_id TEXT NOT NULL REFERENCES claim(id), "
    "  at TEXT NOT NULL CHECK (" STAMP_OK("at") "), user_id TEXT NOT NULL, "
    "  from_status TEXT, to_status TEXT, comment TEXT, " PROV ") STRICT;\n"
    "CREATE INDEX claim_event_claim ON claim_event(claim_id, at);\n"
    "CREATE TABLE work_order (" ID ", number TEXT NOT NULL UNIQUE, "
    "  claim_id TEXT REFERENCES claim(id), inspection_item_id TEXT REFERENCES inspection_item(id), "
    "  round_result_id TEXT REFERENCES round_result(id), "
    "  contractor_id TEXT NOT NULL REFERENCES contractor(id), contract_id TEXT REFERENCES contract(id), "
    "  dwelling_id TEXT REFERENCES dwelling(id), entrance_id TEXT REFERENCES entrance(id), "
    "  building_id TEXT REFERENCES building(id), common_area_id TEXT REFERENCES common_area(id), "
    "  description TEXT NOT NULL, planned_date TEXT CHECK (" DATE_OK("planned_date") "), "
    "  status TEXT NOT NULL DEFAULT 'ordered' CHECK (status IN ('ordered','scheduled','done',"
    "    'checked','invoiced')), "
    "  ordered_at TEXT NOT NULL CHECK (" STAMP_OK("ordered_at") "), "
    "  amount_cents INTEGER CHECK (amount_cents IS NULL OR amount_cents >= 0), "
    "  " PROV ", " ONE_OF("dwelling_id", "entrance_id", "building_id", "common_area_id") ") STRICT;\n"
    "CREATE INDEX work_order_claim ON work_order(claim_id);\n"
    "CREATE INDEX work_order_dwelling ON work_order(dwelling_id);\n"
    "CREATE INDEX work_order_status ON work_order(status);\n"
    "CREATE TABLE work_order_event (" ID ", work_order_id TEXT NOT NULL REFERENCES work_order(id), "
    "  at TEXT NOT NULL CHECK (" STAMP_OK("at") "), user_id TEXT NOT NULL, "
    "  from_status TEXT, to_status TEXT, comment TEXT, " PROV ") STRICT;\n"
    "CREATE INDEX work_order_event_wo ON work_order_event(work_order_id, at);\n"
    "CREATE TABLE round_template (" ID ", building_id TEXT REFERENCES building(id), "
    "  estate_id TEXT REFERENCES estate(id), name TEXT NOT NULL, "
    "  frequency_days INTEGER NOT NULL CHECK (frequency_days > 0), " PROV ", "
    "  CHECK ((building_id IS NOT NULL) + (estate_id IS NOT NULL) = 1)) STRICT;\n"
    "CREATE INDEX round_template_building ON round_template(building_id);\n"
    "CREATE INDEX round_template_estate ON round_template(estate_id);\n"
    "CREATE TABLE round_template_item (" ID ", template_id TEXT NOT NULL REFERENCES round_template(id), "
    "  position INTEGER NOT NULL, label TEXT NOT NULL, " PROV ") STRICT;\n"
    "CREATE INDEX round_template_item_template ON round_template_item(template_id);\n"
    "CREATE TABLE round_run (" ID ", template_id TEXT NOT NULL REFERENCES round_template(id), "
    "  user_id TEXT NOT NULL, started_at TEXT NOT NULL CHECK (" STAMP_OK("started_at") "), "
    "  finished_at TEXT CHECK (" STAMP_OK("finished_at") "), " PROV ") STRICT;\n"
    "CREATE INDEX round_run_template ON round_run(template_id, started_at);\n"
    "CREATE TABLE round_result (" ID ", round_id TEXT NOT NULL REFERENCES round_run(id), "
    "  item_id TEXT NOT NULL REFERENCES round_template_item(id), "
    "  result TEXT NOT NULL CHECK (result IN ('ok','anomaly','unchecked')), comment TEXT, "
    "  claim_id TEXT REFERENCES claim(id), " PROV ", UNIQUE (round_id, item_id)) STRICT;\n"

    /* ---- The gardien's journal and notes ---- */
    "CREATE TABLE logbook_entry (" ID ", at TEXT NOT NULL CHECK (" STAMP_OK("at") "), "
    "  author_id TEXT NOT NULL, text TEXT NOT NULL, dwelling_id TEXT REFERENCES dwelling(id), "
    "  entrance_id TEXT REFERENCES entrance(id), building_id TEXT REFERENCES building(id), "
    "  " PROV ", CHECK ((dwelling_id IS NOT NULL) + (entrance_id IS NOT NULL) + (building_id IS NOT NULL) <= 1)) STRICT;\n"
    "CREATE INDEX logbook_at ON logbook_entry(at);\n"
    "CREATE INDEX logbook_dwelling ON logbook_entry(dwelling_id);\n"
    "CREATE INDEX logbook_building ON logbook_entry(building_id);\n"
    "CREATE INDEX logbook_entrance ON logbook_entry(entrance_id);\n"
    "CREATE TABLE note (" ID ", dwelling_id TEXT REFERENCES dwelling(id), "
    "  building_id TEXT REFERENCES building(id), estate_id TEXT REFERENCES estate(id), "
    "  author_id TEXT NOT NULL, at TEXT NOT NULL CHECK (" STAMP_OK("at") "), text TEXT NOT NULL, "
    "  " PROV ", CHECK ((dwelling_id IS NOT NULL) + (building_id IS NOT NULL) + (estate_id IS NOT NULL) = 1)) STRICT;\n"
    "CREATE INDEX note_dwelling ON note(dwelling_id);\n";

/* ---- Migration 2: the search index behind `/` (core/search.c) ----
 * One FTS5 table per kind of hit, so that each kind is read with its own
 * LIMIT in rowid order without ranking or filtering every match. The FTS
 * rowid is the base row's rowid (a delete is one index lookup) and the base
 * id is stored beside it, so a stale entry (a row replaced without its
 * delete trigger, or renumbered by VACUUM) can never show the wrong row.
 * Triggers keep the index exact whatever code writes; the *_src views
 * define the indexed text once, for the triggers, the back-fill and
 * search_rebuild(). With prefix indexes for 1 to 10 characters, a typed
 * word of up to 10 characters is one doclist read, not a merge of the
 * doclists of every word it begins ("resid" would merge all "résidence"). */
#define FTS_OPTS "tokenize = 'unicode61 remove_diacritics 2', columnsize = 0, "
#define FTS_PREFIX "prefix = '1 2 3 4 5 6 7 8 9 10'"
/* Re-indexes the dwellings of the entrances a subquery selects (through
 * the dwelling_entrance index, whatever the place above). */
#define SEARCH_REINDEX(entrances) \
	"INSERT OR REPLACE INTO search_dwelling (rowid, id, text) " \
	"SELECT r, id, text FROM search_dwelling_src WHERE entrance_id IN (" entrances "); "
#define ENTRANCES_OF_ESTATE \
	"SELECT en.id FROM building b JOIN entrance en ON en.building_id = b.id " \
	"WHERE b.estate_id = new.id"
#define ENTRANCES_OF_BUILDING "SELECT id FROM entrance WHERE building_id = new.id"
#define SEARCH_INDEX_ROW(kind, r) \
	"INSERT OR REPLACE INTO search_" kind " (rowid, id, text) " \
	"SELECT r, id, text FROM search_" kind "_src WHERE r = " r "; "
#define SEARCH_UNINDEX_ROW(kind, r) "DELETE FROM search_" kind " WHERE rowid = " r "; "
/* AFTER INSERT / UPDATE OF cols / DELETE triggers for a kind's own rows. */
#define SEARCH_TRIGGERS(kind, table, cols, changed) \
	"CREATE TRIGGER search_" kind "_ai AFTER INSERT ON " table " BEGIN " \
	SEARCH_INDEX_ROW(kind, "new.rowid") "END;\n" \
	"CREATE TRIGGER search_" kind "_au AFTER UPDATE OF " cols " ON " table \
	" WHEN " changed " BEGIN " SEARCH_UNINDEX_ROW(kind, "old.rowid") \
	SEARCH_INDEX_ROW(kind, "new.rowid") "END;\n" \
	"CREATE TRIGGER search_" kind "_ad AFTER DELETE ON " table " BEGIN " \
	SEARCH_UNINDEX_ROW(kind, "old.rowid") "END;\n"
#define CHANGED(c) "old." c " IS NOT new." c

static const char schema_v2[] =
    /* What a dwelling is found by: its references and door, the address of
     * its entrance (else building, else estate), its estate and town. Left
     * joins: a dwelling written before its entrance is still found by its
     * reference, and is re-indexed when the entrance arrives. */
    "CREATE VIEW search_dwelling_src (r, id, entrance_id, text) AS "
    "SELECT d.rowid, d.id, d.entrance_id, "
    "  d.reference || ' ' || coalesce(d.rpls_id, '') || ' ' || coalesce(d.door, '') || ' ' || "
    "  coalesce(en.address, b.address, es.address, '') || ' ' || coalesce(es.name, '') || ' ' || "
    "  coalesce(es.town, '') "
    "FROM dwelling d LEFT JOIN entrance en ON en.id = d.entrance_id "
    "LEFT JOIN building b ON b.id = en.building_id LEFT JOIN estate es ON es.id = b.estate_id;\n"
    "CREATE VIEW search_estate_src (r, id, text) AS "
    "SELECT rowid, id, name || ' ' || coalesce(code, '') || ' ' || coalesce(address, '') || ' ' || "
    "  coalesce(town, '') FROM estate;\n"
    /* Anonymised tenants are not searchable (RGPD). */
    "CREATE VIEW search_tenant_src (r, id, text) AS "
    "SELECT rowid, id, last_name || ' ' || coalesce(first_name, '') FROM tenant "
    "WHERE anonymised = 0;\n"
    "CREATE VIEW search_claim_src (r, id, text) AS SELECT rowid, id, number FROM claim;\n"
    "CREATE VIRTUAL TABLE search_dwelling USING fts5 (id UNINDEXED, text, "
    FTS_OPTS FTS_PREFIX ");\n"
    "CREATE VIRTUAL TABLE search_estate USING fts5 (id UNINDEXED, text, "
    FTS_OPTS FTS_PREFIX ");\n"
    "CREATE VIRTUAL TABLE search_tenant USING fts5 (id UNINDEXED, text, "
    FTS_OPTS FTS_PREFIX ");\n"
    "CREATE VIRTUAL TABLE search_claim USING fts5 (id UNINDEXED, text, "
    FTS_OPTS FTS_PREFIX ");\n"
    SEARCH_TRIGGERS("dwelling", "dwelling", "id, reference, rpls_id, door, entrance_id",
	CHANGED("id") " OR " CHANGED("reference") " OR " CHANGED("rpls_id") " OR "
	CHANGED("door") " OR " CHANGED("entrance_id"))
    SEARCH_TRIGGERS("estate", "estate", "id, name, code, address, town",
	CHANGED("id") " OR " CHANGED("name") " OR " CHANGED("code") " OR "
	CHANGED("address") " OR " CHANGED("town"))
    SEARCH_TRIGGERS("tenant", "tenant", "id, last_name, first_name, anonymised",
	CHANGED("id") " OR " CHANGED("last_name") " OR " CHANGED("first_name") " OR "
	CHANGED("anonymised"))
    SEARCH_TRIGGERS("claim", "claim", "id, number", CHANGED("id") " OR " CHANGED("number"))
    /* The dwellings below a place whose address or name they show. */
    "CREATE TRIGGER search_estate_dwellings_ai AFTER INSERT ON estate BEGIN "
    SEARCH_REINDEX(ENTRANCES_OF_ESTATE) "END;\n"
    "CREATE TRIGGER search_estate_dwellings_au AFTER UPDATE OF id, name, address, town ON estate "
    "WHEN " CHANGED("id") " OR " CHANGED("name") " OR " CHANGED("address") " OR "
    CHANGED("town") " BEGIN " SEARCH_REINDEX(ENTRANCES_OF_ESTATE) "END;\n"
    "CREATE TRIGGER search_building_dwellings_ai AFTER INSERT ON building BEGIN "
    SEARCH_REINDEX(ENTRANCES_OF_BUILDING) "END;\n"
    "CREATE TRIGGER search_building_dwellings_au AFTER UPDATE OF id, address, estate_id "
    "ON building WHEN " CHANGED("id") " OR " CHANGED("address") " OR " CHANGED("estate_id")
    " BEGIN " SEARCH_REINDEX(ENTRANCES_OF_BUILDING) "END;\n"
    "CREATE TRIGGER search_entrance_dwellings_ai AFTER INSERT ON entrance BEGIN "
    SEARCH_REINDEX("SELECT new.id") "END;\n"
    "CREATE TRIGGER search_entrance_dwellings_au AFTER UPDATE OF id, address, building_id "
    "ON entrance WHEN " CHANGED("id") " OR " CHANGED("address") " OR " CHANGED("building_id")
    " BEGIN " SEARCH_REINDEX("SELECT new.id") "END;\n"
    /* Databases made before this migration: index what they hold. */
    "INSERT INTO search_dwelling (rowid, id, text) SELECT r, id, text FROM search_dwelling_src;\n"
    "INSERT INTO search_estate (rowid, id, text) SELECT r, id, text FROM search_estate_src;\n"
    "INSERT INTO search_tenant (rowid, id, text) SELECT r, id, text FROM search_tenant_src;\n"
    "INSERT INTO search_claim (rowid, id, text) SELECT r, id, text FROM search_claim_src;\n";

struct migration {
	int version;
	const char *sql;
	/* Statements made by code (the sync capture triggers, generated from
	 * the replication table), run after sql; may be NULL. */
	int (*run)(struct db *db, struct err *e);
};

/* Indexes for the history of buildings and estates (works, work orders and
 * notes on their common parts) and for "entries written by this person"
 * in the logbook, which otherwise scan whole tables. */
static const char schema_v3[] =
    "CREATE INDEX works_common_area ON works(common_area_id);\n"
    "CREATE INDEX work_order_entrance ON work_order(entrance_id);\n"
    "CREATE INDEX work_order_building ON work_order(building_id);\n"
    "CREATE INDEX work_order_common_area ON work_order(common_area_id);\n"
    "CREATE INDEX note_building ON note(building_id);\n"
    "CREATE INDEX note_estate ON note(estate_id);\n"
    "CREATE INDEX logbook_author ON logbook_entry(author_id, at);\n";

/* Attachments: the files the hub has confirmed holding, so that a node
 * offers each photo once; photo rows found by content. Compaction: the
 * hub's log is gone up to `compacted`, whose newest clock was
 * `compacted_hlc`. Users' SSH keys for the hub's server. */
static const char schema_v5[] =
    "CREATE TABLE sync_blob_sent (sha256 TEXT PRIMARY KEY) WITHOUT ROWID;\n"
    "CREATE INDEX inspection_photo_sha256 ON inspection_photo(sha256);\n"
    "ALTER TABLE sync_state ADD COLUMN compacted INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE sync_state ADD COLUMN compacted_hlc INTEGER NOT NULL DEFAULT 0;\n"
    /* The hub's SSH server (loge serve): users' public keys, each naming
     * one user. type and blob as in an OpenSSH .pub line ("ssh-ed25519",
     * base64); fingerprint as OpenSSH shows it ("SHA256:..."). Not
     * replicated: laptops authenticate no one. */
    "CREATE TABLE user_key (" ID ", user_id TEXT NOT NULL REFERENCES user_account(id), "
    "  type TEXT NOT NULL, blob TEXT NOT NULL UNIQUE, fingerprint TEXT NOT NULL UNIQUE, "
    "  comment TEXT, added_at TEXT NOT NULL CHECK (" STAMP_OK("added_at") "), "
    "  added_by TEXT) STRICT;\n"
    "CREATE INDEX user_key_user ON user_key(user_id);\n";

/* États des lieux: an exit finds its lease's entry, the home screen the
 * leases about to start and the entries whose amendment window is open,
 * without reading every signed inspection. */
static const char schema_v6[] =
    "CREATE INDEX inspection_lease ON inspection(lease_id);\n"
    "CREATE INDEX inspection_kind_done ON inspection(kind, done_at);\n"
    "CREATE INDEX lease_start ON lease(start_date);\n";

/* Version 7, one step for laptops still at 6 (the hub serves one schema
 * behind): the time to solve a claim (core/report.c) found in an index
 * alone; the audit log of personal-data displays (core/audit.h),
 * append-only, on every node and on the hub, where it is kept, with no
 * foreign keys so that an entry outlives the anonymisation of its
 * tenant. */
static const char schema_v7[] =
    "CREATE INDEX claim_event_status ON claim_event(claim_id, to_status, at);\n"
    "CREATE TABLE audit_log (" ID ", "
    "  at TEXT NOT NULL CHECK (" STAMP_OK("at") "), "
    "  user_id TEXT NOT NULL CHECK (length(user_id) = 36), node TEXT NOT NULL, "
    "  tenant_id TEXT NOT NULL CHECK (length(tenant_id) = 36), screen TEXT NOT NULL, "
    "  what TEXT NOT NULL CHECK (what IN ('identity', 'contact')), " PROV ") STRICT;\n"
    "CREATE INDEX audit_log_tenant ON audit_log(tenant_id, user_id, at);\n"
    "CREATE INDEX audit_log_at ON audit_log(at);\n"
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN "
    "  SELECT RAISE(ABORT, 'journal des consultations : une entrée ne se modifie pas'); END;\n"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN "
    "  SELECT RAISE(ABORT, 'journal des consultations : une entrée ne se supprime pas'); END;\n";

/* The sync part of version 7, in the same transaction: laptops'
 * numbering tags, and audit_log's capture triggers. */
static int
schema_v7_sync(struct db *db, struct err *e)
{
	if (db_script(db, e, capture_tag_ddl) != 0)
		return -1;
	return capture_install_table(db, "audit_log", e);
}

static const struct migration migrations[] = {
	{1, schema_v1, NULL},
	{2, schema_v2, NULL},
	{3, schema_v3, NULL},
	/* Sync: the op log, the ledger, the session log and their triggers. */
	{CAPTURE_SCHEMA, "", capture_install},
	{5, schema_v5, NULL},
	{6, schema_v6, NULL},
	/* Laptops' numbering tags, the dashboards' index, the audit log. */
	{CAPTURE_TAG_SCHEMA, schema_v7, schema_v7_sync},
};

#define NMIGRATIONS (int)(sizeof migrations / sizeof migrations[0])

int
schema_latest(void)
{
	return migrations[NMIGRATIONS - 1].version;
}

int
schema_migrate_to(struct db *db, int version, struct err *e)
{
	char pragma[64];
	int current = db_schema_version(db), i;

	for (i = 0; i < NMIGRATIONS && migrations[i].version <= version; i++) {
		if (migrations[i].version <= current)
			continue;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;",
		    migrations[i].version);
		if (db_begin(db, e) != 0)
			return -1;
		if (db_script(db, e, migrations[i].sql) != 0 ||
		    (migrations[i].run != NULL && migrations[i].run(db, e) != 0) ||
		    db_script(db, e, pragma) != 0) {
			db_rollback(db);
			return err_prefix(e, "migration %d : ", migrations[i].version);
		}
		if (db_commit(db, e) != 0)
			return -1;
	}
	return 0;
}

int
schema_migrate(struct db *db, struct err *e)
{
	return schema_migrate_to(db, schema_latest(), e);
}
