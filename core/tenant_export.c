/* The tenant's right of access. The document is one cJSON tree, built from
 * one query per section whose column aliases are its keys; the text form
 * is rendered from the same tree, so that both say the same. */
#include "tenant_export.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "claim.h"
#include "db.h"
#include "inspection.h"
#include "perm.h"
#include "sanitize.h"
#include "user.h"
#include "xalloc.h"

struct te_section {
	const char *key;
	const char *title;
	const char *sql; /* ?1: the tenant's id */
};

static const struct te_section te_sections[] = {
	{"leases", "Baux",
	    "SELECT l.id AS lease_id, l.reference AS lease_reference, d.reference AS dwelling, "
	    " en.address AS address, l.start_date, l.end_date, l.deposit_cents "
	    "FROM lease_tenant lt JOIN lease l ON l.id = lt.lease_id "
	    "JOIN dwelling d ON d.id = l.dwelling_id JOIN entrance en ON en.id = d.entrance_id "
	    "WHERE lt.tenant_id = ?1 ORDER BY l.start_date, l.id"},
	{"claims", "Réclamations",
	    "SELECT c.number, d.reference AS dwelling, coalesce(cc.label, c.category) AS category, "
	    " c.urgency, c.channel, c.status, c.description, c.opened_at, c.due_at, c.closed_at "
	    "FROM claim c LEFT JOIN dwelling d ON d.id = c.dwelling_id "
	    "LEFT JOIN claim_category cc ON cc.code = c.category "
	    "WHERE c.tenant_id = ?1 ORDER BY c.opened_at, c.number"},
	{"claim_events", "Suivi des réclamations",
	    "SELECT c.number AS claim, ev.at, ev.from_status, ev.to_status, ev.comment "
	    "FROM claim_event ev JOIN claim c ON c.id = ev.claim_id "
	    "WHERE c.tenant_id = ?1 ORDER BY c.opened_at, c.number, ev.at, ev.id"},
	{"inspections", "États des lieux",
	    "SELECT i.id AS inspection_id, i.kind, i.state, d.reference AS dwelling, "
	    " i.planned_date, i.done_at, i.signed_at AS inspection_signed_at, "
	    " i.tenant_new_address AS new_address, p.role, p.name, p.present, p.mandate, "
	    " p.signature_name, p.signed_at, p.refusal_reason, p.paper "
	    "FROM inspection_party p JOIN inspection i ON i.id = p.inspection_id "
	    "JOIN dwelling d ON d.id = i.dwelling_id "
	    "WHERE p.tenant_id = ?1 ORDER BY coalesce(i.done_at, i.planned_date), i.id, p.id"},
};

#define TE_NSECTIONS (sizeof te_sections / sizeof te_sections[0])

/* Who saw the tenant's data, by role (a category of recipient, as the
 * RGPD asks) rather than by login: staff are not named to tenants. */
#define TE_AUDIT_SQL \
	"SELECT a.at, coalesce(u.role, '?') AS viewer_role, a.screen, a.what " \
	"FROM audit_log a LEFT JOIN user_account u ON u.id = a.user_id " \
	"WHERE a.tenant_id = ?1 ORDER BY a.at, a.id"
#define TE_AUDIT_TITLE "Consultations de vos données (journal d'audit)"

static const struct {
	const char *key, *label;
} te_labels[] = {
	{"id", "Identifiant"}, {"last_name", "Nom"}, {"first_name", "Prénom"},
	{"phone", "Téléphone"}, {"email", "Courriel"}, {"anonymised", "Anonymisé"},
	{"updated_at", "Dernière modification"}, {"lease_id", "Bail"},
	{"lease_reference", "Référence du bail"}, {"dwelling", "Logement"},
	{"address", "Adresse"}, {"start_date", "Début"}, {"end_date", "Fin"},
	{"deposit_cents", "Dépôt de garantie (centimes)"}, {"number", "Numéro"},
	{"category", "Catégorie"}, {"urgency", "Urgence"}, {"channel", "Canal"},
	{"status", "Statut"}, {"description", "Description"}, {"opened_at", "Ouverte le"},
	{"due_at", "Échéance"}, {"closed_at", "Close le"}, {"claim", "Réclamation"},
	{"at", "Le"}, {"from_status", "Statut avant"}, {"to_status", "Statut après"},
	{"comment", "Commentaire"}, {"inspection_id", "État des lieux"}, {"kind", "Type"},
	{"state", "État"}, {"planned_date", "Prévu le"}, {"done_at", "Réalisé le"},
	{"inspection_signed_at", "Signé (document) le"},
	{"new_address", "Nouvelle adresse"}, {"role", "Qualité"}, {"name", "Nom inscrit"},
	{"present", "Présent"}, {"mandate", "Mandat"}, {"signature_name", "Signature"},
	{"signed_at", "Signé le"}, {"refusal_reason", "Refus de signer"},
	{"paper", "Signature sur papier"}, {"viewer_role", "Consulté par (rôle)"},
	{"screen", "Écran ou commande"}, {"what", "Données"},
};

/* Keys whose values are 0/1. */
static const char *const te_flags[] = {"anonymised", "present", "paper"};

/* The tenant has a lease in who's part of the patrimoine. */
#define TE_SCOPE_SQL \
	"SELECT 1 FROM lease_tenant lt JOIN lease l ON l.id = lt.lease_id " \
	"JOIN dwelling d ON d.id = l.dwelling_id JOIN entrance en ON en.id = d.entrance_id " \
	"JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id " \
	"JOIN sector s ON s.id = es.sector_id WHERE lt.tenant_id = ?1 AND "

static int
te_in_scope(struct db *db, const struct user *who, const char *tenant_id, struct err *e)
{
	enum perm_scope sc = perm_scope(who->role);
	int64_t one;
	int rc;

	if (sc == PERM_SCOPE_ALL || (sc == PERM_SCOPE_AGENCY && who->agency_id == NULL))
		return 0;
	if (sc == PERM_SCOPE_AGENCY)
		rc = db_int(db, e, &one, TE_SCOPE_SQL "s.agency_id = ?2 LIMIT 1", "tt", tenant_id,
		    who->agency_id);
	else if (sc == PERM_SCOPE_SECTORS)
		rc = db_int(db, e, &one, TE_SCOPE_SQL "s.id IN (SELECT sector_id FROM user_sector "
		    "WHERE user_id = ?2) LIMIT 1", "tt", tenant_id, who->id);
	else
		rc = 0;
	if (rc < 0)
		return -1;
	return rc == 1 ? 0 : err_set(e, "Export refusé : le locataire %s n'a pas de bail dans "
	    "votre périmètre (%s)", tenant_id, perm_scope_label(sc));
}

int
tenant_export_allowed(struct db *db, const struct user *who, const char *tenant_id,
    struct err *e)
{
	const char *role = who ? who->role : NULL;
	int64_t one;
	int rc;

	if (!perm_can_read(role, PG_TENANT_IDENTITY) || !perm_can_read(role, PG_TENANT_CONTACT) ||
	    !perm_can_write(role, PG_TENANT_IDENTITY))
		return err_set(e, "Export refusé : le rôle %s ne répond pas aux demandes d'accès "
		    "des locataires (réservé à l'agence et à l'administrateur)",
		    user_role_label(role));
	rc = db_int(db, e, &one, "SELECT 1 FROM tenant WHERE id = ?", "t", tenant_id);
	if (rc <= 0)
		return rc < 0 ? -1 : err_set(e, "locataire inconnu : %s", tenant_id);
	return te_in_scope(db, who, tenant_id, e);
}

/* The current row as an object keyed by the column names. */
static cJSON *
te_row(struct db_stmt *st)
{
	cJSON *o = cJSON_CreateObject();
	int i, n = db_col_count(st);

	for (i = 0; i < n; i++) {
		const char *k = db_col_name(st, i);
		switch (db_col_kind(st, i)) {
		case 'i':
			cJSON_AddNumberToObject(o, k, (double)db_col_int(st, i));
			break;
		case 'f':
			cJSON_AddNumberToObject(o, k, db_col_double(st, i));
			break;
		case 't':
			cJSON_AddStringToObject(o, k, db_col_text(st, i));
			break;
		default:
			cJSON_AddNullToObject(o, k);
		}
	}
	return o;
}

/* Every row of sql for the tenant, as an array; NULL on error. */
static cJSON *
te_rows(struct db *db, const char *sql, const char *tenant_id, struct err *e)
{
	struct db_stmt *st = db_stmt(db, e, sql);
	cJSON *a;
	int rc;

	if (st == NULL || db_bind(st, e, "t", tenant_id) != 0)
		return NULL;
	a = cJSON_CreateArray();
	while ((rc = db_step(st, e)) == 1)
		cJSON_AddItemToArray(a, te_row(st));
	if (rc < 0) {
		cJSON_Delete(a);
		return NULL;
	}
	return a;
}

/* The audit entries, or JSON null when the database has no audit log. */
static cJSON *
te_audit(struct db *db, const char *tenant_id, struct err *e)
{
	int64_t one;
	int rc = db_int(db, e, &one, "SELECT 1 FROM pragma_table_info('audit_log') "
	    "WHERE name = 'tenant_id'", "");

	if (rc < 0)
		return NULL;
	if (rc == 0)
		return cJSON_CreateNull();
	return te_rows(db, TE_AUDIT_SQL, tenant_id, e);
}

static cJSON *
te_tenant(struct db *db, const char *tenant_id, struct err *e)
{
	cJSON *a = te_rows(db, "SELECT id, last_name, first_name, phone, email, anonymised, "
	    "updated_at FROM tenant WHERE id = ?1", tenant_id, e);
	cJSON *t;

	if (a == NULL)
		return NULL;
	if (cJSON_GetArraySize(a) != 1) {
		cJSON_Delete(a);
		err_set(e, "locataire inconnu : %s", tenant_id);
		return NULL;
	}
	t = cJSON_DetachItemFromArray(a, 0);
	cJSON_Delete(a);
	return t;
}

static int
te_add(cJSON *doc, const char *key, cJSON *item)
{
	if (item == NULL)
		return -1;
	cJSON_AddItemToObject(doc, key, item);
	return 0;
}

cJSON *
tenant_export_load(struct db *db, const struct user *who, const char *tenant_id,
    const char *now, struct err *e)
{
	cJSON *doc;
	size_t i;
	int rc = 0;

	if (tenant_export_allowed(db, who, tenant_id, e) != 0)
		return NULL;
	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "generated_at", now);
	cJSON_AddStringToObject(doc, "generated_by", who->login);
	rc = te_add(doc, "tenant", te_tenant(db, tenant_id, e));
	for (i = 0; rc == 0 && i < TE_NSECTIONS; i++)
		rc = te_add(doc, te_sections[i].key, te_rows(db, te_sections[i].sql, tenant_id, e));
	if (rc == 0)
		rc = te_add(doc, "audit", te_audit(db, tenant_id, e));
	if (rc == 0) {
		audit_note(tenant_id, AUDIT_IDENTITY | AUDIT_CONTACT);
		rc = audit_flush(db, e);
	}
	if (rc != 0) {
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}

int
tenant_export_write_json(const cJSON *doc, FILE *f)
{
	char *s = cJSON_Print(doc);
	int rc;

	if (s == NULL)
		return -1;
	rc = fputs(s, f) < 0 || fputc('\n', f) == EOF ? -1 : 0;
	cJSON_free(s);
	return rc;
}

static const char *
te_label(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof te_labels / sizeof te_labels[0]; i++)
		if (strcmp(te_labels[i].key, key) == 0)
			return te_labels[i].label;
	return key;
}

static int
te_is_flag(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof te_flags / sizeof te_flags[0]; i++)
		if (strcmp(te_flags[i], key) == 0)
			return 1;
	return 0;
}

/* The French word for a code, or the code itself. */
static const char *
te_code_label(const char *key, const char *v)
{
	int st;

	if (strcmp(key, "status") == 0 || strcmp(key, "from_status") == 0 ||
	    strcmp(key, "to_status") == 0)
		return (st = claim_status_parse(v)) >= 0 ? claim_status_label(st) : v;
	if (strcmp(key, "urgency") == 0)
		return claim_urgency_label(v);
	if (strcmp(key, "channel") == 0)
		return claim_channel_label(v);
	if (strcmp(key, "kind") == 0)
		return inspection_kind_label(v);
	if (strcmp(key, "state") == 0)
		return inspection_state_label(v);
	if (strcmp(key, "role") == 0)
		return inspection_party_label(v);
	if (strcmp(key, "what") == 0)
		return audit_what_label(v);
	return v;
}

/* One "Label : value" line; absent values are left out. */
static void
te_txt_field(const cJSON *x, FILE *f)
{
	const char *code;
	char *v;

	if (cJSON_IsNull(x))
		return;
	if (cJSON_IsNumber(x) && te_is_flag(x->string))
		fprintf(f, "  %s : %s\n", te_label(x->string), x->valuedouble != 0 ? "oui" : "non");
	else if (cJSON_IsNumber(x) && x->valuedouble == floor(x->valuedouble))
		fprintf(f, "  %s : %.0f\n", te_label(x->string), x->valuedouble);
	else if (cJSON_IsNumber(x))
		fprintf(f, "  %s : %g\n", te_label(x->string), x->valuedouble);
	else if (cJSON_IsString(x)) {
		code = te_code_label(x->string, x->valuestring);
		v = sanitize_str(code ? code : x->valuestring, 0);
		fprintf(f, "  %s : %s\n", te_label(x->string), v);
		free(v);
	}
}

static void
te_txt_object(const cJSON *o, FILE *f)
{
	const cJSON *x;

	cJSON_ArrayForEach(x, o)
		te_txt_field(x, f);
}

static void
te_txt_section(const cJSON *a, const char *title, FILE *f)
{
	const cJSON *row;
	int n = 0;

	fprintf(f, "\n== %s ==\n", title);
	if (a == NULL || cJSON_IsNull(a)) {
		fprintf(f, "  (pas de journal d'audit dans cette base)\n");
		return;
	}
	cJSON_ArrayForEach(row, a) {
		if (n++ > 0)
			fputc('\n', f);
		te_txt_object(row, f);
	}
	if (n == 0)
		fprintf(f, "  (aucun)\n");
}

int
tenant_export_write_txt(const cJSON *doc, FILE *f)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(doc, "tenant");
	size_t i;

	fprintf(f, "Données détenues par Loge sur le locataire %s\n",
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "id")));
	fprintf(f, "Extrait le %s par %s\n",
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "generated_at")),
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "generated_by")));
	fprintf(f, "\n== Identité et coordonnées ==\n");
	te_txt_object(t, f);
	for (i = 0; i < TE_NSECTIONS; i++)
		te_txt_section(cJSON_GetObjectItemCaseSensitive(doc, te_sections[i].key),
		    te_sections[i].title, f);
	te_txt_section(cJSON_GetObjectItemCaseSensitive(doc, "audit"), TE_AUDIT_TITLE, f);
	fprintf(f, "\nLa main courante et les notes sont rattachées aux lieux, jamais à un "
	    "locataire : elles ne figurent pas ici.\n");
	return ferror(f) ? -1 : 0;
}
