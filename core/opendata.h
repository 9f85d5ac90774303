/* The open-data export of the patrimoine ("loge export opendata"): one row
 * per dwelling in columns named after RPLS, ready for publication as a
 * reference data set. What it leaves out is the point:
 *  - no personal data: nothing from tenants or leases, no occupancy (an
 *    "occupied since" date per dwelling would tell neighbours who moved in
 *    when), no user names (the updated_by of the other exports);
 *  - no free text: only codes, numbers and dates; a code column holding
 *    anything but a short code (a building "code" typed as a sentence)
 *    comes out empty; no estate name, address or commune name, which are
 *    text typed by people: DEPCOM (INSEE code) and the postcode place
 *    the dwelling, the estate code links it to the landlord's own lists;
 *  - no amounts at all (works, deposits): per-dwelling amounts would be
 *    below the estate level, and per-estate totals are not reference data.
 * The rows go through export_write() (core/export.c) as the kind
 * "opendata". */
#ifndef LOGE_OPENDATA_H
#define LOGE_OPENDATA_H

/* The SELECT, one row per dwelling ordered by reference, and one JSON type
 * letter per column (see struct export_kind). Static. */
extern const char opendata_sql[];
extern const char opendata_types[];

#endif
