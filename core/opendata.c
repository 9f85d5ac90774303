/* The open-data SELECT. Column names follow RPLS (IDENT_REP, DEPCOM,
 * ETAGE...) where RPLS has the column, so that the file reads like the
 * national register; TYPOLOGIE, ASCENSEUR and CHAUFFAGE are Loge's. */
#include "opendata.h"

/* A code as stored, or NULL if it is not one: up to 24 letters, digits and
 * . _ / - (no space, so no words), so that a sentence typed into a code
 * field cannot reach a published file. */
#define CODE(x) \
	"CASE WHEN length(" x ") BETWEEN 1 AND 24 AND " x " NOT GLOB '*[^A-Za-z0-9._/-]*' " \
	"THEN " x " END"

const char opendata_sql[] =
    "SELECT " CODE("d.rpls_id") " AS IDENT_REP, "
    CODE("d.reference") " AS IDENT_INT, "
    CODE("es.depcom") " AS DEPCOM, "
    CODE("es.postcode") " AS CODEPOSTAL, "
    CODE("es.code") " AS RESIDENCE, "
    CODE("b.code") " AS BAT, "
    CODE("en.code") " AS ENTREE, "
    "d.floor AS ETAGE, d.type AS TYPOLOGIE, d.rooms AS NBPIECE, d.area_m2 AS SURFHAB, "
    "COALESCE(b.year_built, es.year_built) AS CONSTRUCT, "
    CODE("es.financing") " AS FINAN, "
    "es.qpv AS QPV, b.lift AS ASCENSEUR, d.heating AS CHAUFFAGE, "
    "d.dpe_date AS DPEDATE, d.dpe_energy AS DPEENERGIE, d.dpe_ghg AS DPESERRE "
    "FROM dwelling d LEFT JOIN entrance en ON en.id = d.entrance_id "
    "LEFT JOIN building b ON b.id = en.building_id "
    "LEFT JOIN estate es ON es.id = b.estate_id "
    "ORDER BY d.reference";

/* IDENT_REP..ENTREE, ETAGE, TYPOLOGIE, NBPIECE, SURFHAB, CONSTRUCT, FINAN,
 * QPV, ASCENSEUR, CHAUFFAGE..DPESERRE. */
const char opendata_types[] = "ttttttt" "itir" "it" "ii" "tttt";
