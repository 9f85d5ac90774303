/* Users of Loge: who acts, and their administration (loge user): roles,
 * sectors, disabling, SSH keys (their parsing is core/pubkey.c). */
#include "user.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "db.h"
#include "perm.h"
#include "utf8.h"
#include "xalloc.h"

int
user_find(struct db *db, const char *login, struct user *out, struct err *e)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	st = db_stmt(db, e, "SELECT id, login, display_name, role, agency_id, disabled "
	    "FROM user_account WHERE login = ?");
	if (st == NULL || db_bind(st, e, "t", login) != 0)
		return -1;
	rc = db_step(st, e);
	if (rc != 1)
		return rc;
	snprintf(out->id, sizeof out->id, "%s", db_col_text(st, 0));
	out->login = db_col_dup(st, 1);
	out->display_name = db_col_dup(st, 2);
	out->role = db_col_dup(st, 3);
	out->agency_id = db_col_dup(st, 4);
	out->disabled = (int)db_col_int(st, 5);
	while (db_step(st, e) == 1)
		;
	return 1;
}

int
user_resolve(struct db *db, const char *login, struct user *out,
    const char **how, struct err *e)
{
	char *node_user = NULL, *demo_admin = NULL;
	int rc;

	*how = "";
	if (login == NULL) {
		node_user = db_meta_get(db, "node_user");
		demo_admin = db_meta_get(db, "demo_admin");
		if (node_user) {
			login = node_user;
			*how = "utilisateur du poste";
		} else if (demo_admin) {
			login = demo_admin;
			*how = "base de démonstration : administrateur de démonstration";
		} else {
			return err_set(e, "aucun utilisateur de poste dans cette base : "
			    "indiquez --user LOGIN");
		}
	}
	rc = user_find(db, login, out, e);
	if (rc == 0)
		err_set(e, "utilisateur inconnu : %s", login);
	else if (rc == 1 && out->disabled) {
		err_set(e, "utilisateur désactivé : %s", login);
		user_clear(out);
		rc = 0;
	}
	free(node_user);
	free(demo_admin);
	return rc == 1 ? 0 : -1;
}

void
user_clear(struct user *u)
{
	free(u->login);
	free(u->display_name);
	free(u->role);
	free(u->agency_id);
	memset(u, 0, sizeof *u);
}

const char *
user_role_label(const char *role)
{
	static const char *const map[][2] = {
		{"gardien", "Gardien"}, {"agent", "Agent d'agence"},
		{"technicien", "Technicien"}, {"superviseur", "Superviseur"},
		{"admin", "Administrateur"}, {"auditeur", "Auditeur"},
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (role && strcmp(map[i][0], role) == 0)
			return map[i][1];
	return role ? role : "?";
}

/* ---- Logins, roles, names ---- */

/* The roles of user_account's CHECK (core/schema.c). */
static const char *const user_roles[] = {
	"gardien", "agent", "technicien", "superviseur", "admin", "auditeur",
};

#define USER_LOGIN_MAX 32
#define USER_NAME_MAX 100

int
user_login_valid(const char *login)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz0123456789._-";
	size_t i, n = login ? strlen(login) : 0;

	/* Stricter than the schema on the first character, so that a login
	 * never reads as an option on a command line. */
	if (n < 1 || n > USER_LOGIN_MAX || strchr("._-", login[0]) != NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr(ok, login[i]) == NULL)
			return 0;
	return 1;
}

int
user_role_valid(const char *role)
{
	size_t i;

	for (i = 0; i < sizeof user_roles / sizeof user_roles[0]; i++)
		if (role && strcmp(user_roles[i], role) == 0)
			return 1;
	return 0;
}

/* ---- Administration ---- */

static int
user_may(const struct user *who, int right, struct err *e)
{
	if ((perm_rights(who->role, PG_USERS) & right) == right)
		return 0;
	if (right == PERM_READ)
		return err_set(e, "liste des utilisateurs refusée au rôle « %s »",
		    who->role ? who->role : "?");
	return err_set(e, "gestion des utilisateurs refusée au rôle « %s » (%s : réservé à %s)",
	    who->role ? who->role : "?", perm_group_label(PG_USERS),
	    perm_group_owner(PG_USERS));
}

/* Fills out from columns id, login, display_name, role, agency_id,
 * disabled starting at col. */
static void
user_fill(struct db_stmt *st, int col, struct user *out)
{
	snprintf(out->id, sizeof out->id, "%s", db_col_text(st, col));
	out->login = db_col_dup(st, col + 1);
	out->display_name = db_col_dup(st, col + 2);
	out->role = db_col_dup(st, col + 3);
	out->agency_id = db_col_dup(st, col + 4);
	out->disabled = (int)db_col_int(st, col + 5);
}

/* Like user_find, but a missing login is an error. */
static int
user_get(struct db *db, const char *login, struct user *out, struct err *e)
{
	int rc = user_find(db, login, out, e);

	if (rc == 0)
		err_set(e, "utilisateur inconnu : %s", login);
	return rc == 1 ? 0 : -1;
}

static int
user_new_check(const struct user_new *u, struct err *e)
{
	const char *name = u->display_name ? u->display_name : u->login;

	if (!user_login_valid(u->login))
		return err_set(e, "identifiant invalide « %s » : 1 à %d caractères parmi a-z, "
		    "0-9, « . », « _ », « - », en commençant par une lettre ou un chiffre",
		    u->login ? u->login : "", USER_LOGIN_MAX);
	if (!user_role_valid(u->role))
		return err_set(e, "rôle inconnu « %s » (gardien, agent, technicien, superviseur, "
		    "admin ou auditeur)", u->role ? u->role : "");
	if (*name == '\0')
		return err_set(e, "le nom affiché est vide");
	return utf8_check_text("nom affiché", name, strlen(name), USER_NAME_MAX, e);
}

/* The id of the row of table (agency or sector) whose id or code is ref;
 * for a sector, *agency receives its agency. The caller frees. */
static char *
user_place_id(struct db *db, const char *table, const char *ref, char **agency,
    struct err *e)
{
	struct db_stmt *st;
	char *sql, *id = NULL;
	int rc;

	sql = xasprintf("SELECT id, %s FROM %s WHERE id = ?1 OR code = ?1 "
	    "ORDER BY id = ?1 DESC LIMIT 1", agency ? "agency_id" : "NULL", table);
	st = db_stmt(db, e, sql);
	free(sql);
	if (st == NULL || db_bind(st, e, "t", ref) != 0)
		return NULL;
	if ((rc = db_step(st, e)) == 0)
		err_set(e, "%s : %s", agency ? "secteur inconnu" : "agence inconnue", ref);
	if (rc == 1) {
		id = db_col_dup(st, 0);
		if (agency)
			*agency = db_col_dup(st, 1);
		db_reset(st);
	}
	return id;
}

/* The agency and sectors of a new user, as ids. */
struct user_places {
	char *agency; /* NULL: none */
	char **sectors;
	size_t n;
};

static void
user_places_free(struct user_places *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->sectors[i]);
	free(p->sectors);
	free(p->agency);
	memset(p, 0, sizeof *p);
}

/* Adds sector (an id) to p unless it is there already. Takes sector. */
static void
user_places_add(struct user_places *p, char *sector)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->sectors[i], sector) == 0) {
			free(sector);
			return;
		}
	p->sectors = xreallocarray(p->sectors, p->n + 1, sizeof *p->sectors);
	p->sectors[p->n++] = sector;
}

/* Finds u's agency and sectors: the agency given, else the sectors' own
 * when they share one. A sector outside the agency given is refused. */
static int
user_places_resolve(struct db *db, const struct user_new *u, struct user_places *p,
    struct err *e)
{
	char *sector, *agency = NULL, *common = NULL;
	size_t i;
	int shared = 1;

	memset(p, 0, sizeof *p);
	if (u->agency && (p->agency = user_place_id(db, "agency", u->agency, NULL, e)) == NULL)
		return -1;
	for (i = 0; i < u->nsectors; i++) {
		if ((sector = user_place_id(db, "sector", u->sectors[i], &agency, e)) == NULL)
			goto fail;
		user_places_add(p, sector);
		if (p->agency && strcmp(p->agency, agency) != 0) {
			err_set(e, "le secteur %s n'est pas dans l'agence %s", u->sectors[i],
			    u->agency);
			goto fail;
		}
		shared = shared && (common == NULL || strcmp(common, agency) == 0);
		if (common == NULL)
			common = agency;
		else
			free(agency);
		agency = NULL;
	}
	if (p->agency == NULL && shared) {
		p->agency = common;
		common = NULL;
	}
	free(common);
	return 0;
fail:
	free(agency);
	free(common);
	user_places_free(p);
	return -1;
}

/* Inserts key for user_id, unless it is registered already. */
static int
user_key_insert(struct db *db, const struct user *who, const char *user_id,
    const struct pubkey *key, const char *now, struct err *e)
{
	char id[UID_SIZE], *owner;
	struct err le;

	err_clear(&le);
	owner = db_text(db, &le, "SELECT coalesce(u.login, k.user_id) FROM user_key k "
	    "LEFT JOIN user_account u ON u.id = k.user_id WHERE k.blob = ? OR k.fingerprint = ?",
	    "tt", key->blob, key->fingerprint);
	if (owner != NULL) {
		err_set(e, "la clé %s est déjà enregistrée pour « %s »", key->fingerprint, owner);
		free(owner);
		return -1;
	}
	if (le.msg[0] != '\0')
		return err_set(e, "%s", le.msg);
	uid_new(id);
	return db_run(db, e, "INSERT INTO user_key (id, user_id, type, blob, fingerprint, "
	    "comment, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "tttttttt", id,
	    user_id, key->type, key->blob, key->fingerprint, key->comment, now, who->id);
}

static int
user_insert(struct db *db, const struct user *who, const char *id, const struct user_new *u,
    const struct user_places *p, const char *now, struct err *e)
{
	char rowid[UID_SIZE];
	size_t i;

	if (db_run(db, e, "INSERT INTO user_account (id, login, display_name, role, agency_id, "
	    "disabled, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 0, ?, ?)", "ttttttt", id,
	    u->login, u->display_name ? u->display_name : u->login, u->role, p->agency, now,
	    who->id) != 0)
		return -1;
	for (i = 0; i < p->n; i++) {
		uid_new(rowid);
		if (db_run(db, e, "INSERT INTO user_sector (id, user_id, sector_id, updated_at, "
		    "updated_by) VALUES (?, ?, ?, ?, ?)", "ttttt", rowid, id, p->sectors[i], now,
		    who->id) != 0)
			return -1;
	}
	return u->key ? user_key_insert(db, who, id, u->key, now, e) : 0;
}

int
user_add(struct db *db, const struct user *who, const struct user_new *u,
    char out_id[UID_SIZE], struct err *e)
{
	char id[UID_SIZE], now[DT_STAMP_SIZE];
	struct user_places p;
	int64_t one;
	int rc;

	memset(&p, 0, sizeof p);
	if (user_may(who, PERM_WRITE, e) != 0 || user_new_check(u, e) != 0)
		return -1;
	uid_new(id);
	dt_now(now);
	if (db_begin(db, e) != 0)
		return -1;
	rc = db_int(db, e, &one, "SELECT 1 FROM user_account WHERE login = ?", "t", u->login);
	if (rc == 1)
		err_set(e, "l'identifiant « %s » existe déjà", u->login);
	if (rc != 0 || user_places_resolve(db, u, &p, e) != 0 ||
	    user_insert(db, who, id, u, &p, now, e) != 0 || db_commit(db, e) != 0) {
		db_rollback(db);
		user_places_free(&p);
		return -1;
	}
	user_places_free(&p);
	if (out_id)
		memcpy(out_id, id, UID_SIZE);
	return 0;
}

int
user_set_disabled(struct db *db, const struct user *who, const char *login, int disabled,
    struct err *e)
{
	char now[DT_STAMP_SIZE];
	struct user u;
	int rc = -1;

	memset(&u, 0, sizeof u);
	if (user_may(who, PERM_WRITE, e) != 0)
		return -1;
	if (db_begin(db, e) != 0)
		return -1;
	if (user_get(db, login, &u, e) != 0)
		goto out;
	if (disabled && strcmp(u.id, who->id) == 0) {
		err_set(e, "vous ne pouvez pas désactiver votre propre compte (%s)", login);
		goto out;
	}
	rc = 0;
	if (u.disabled == (disabled != 0))
		goto out;
	dt_now(now);
	rc = db_run(db, e, "UPDATE user_account SET disabled = ?, updated_at = ?, "
	    "updated_by = ? WHERE id = ?", "dttt", disabled != 0, now, who->id, u.id);
	if (rc == 0 && db_commit(db, e) == 0) {
		user_clear(&u);
		return 1;
	}
	rc = -1;
out:
	db_rollback(db);
	user_clear(&u);
	return rc;
}

int
user_list(struct db *db, const struct user *who, struct user_row **rows, size_t *n,
    struct err *e)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if (user_may(who, PERM_READ, e) != 0)
		return -1;
	st = db_stmt(db, e, "SELECT u.id, u.login, u.display_name, u.role, u.agency_id, "
	    "u.disabled, a.code, (SELECT coalesce(group_concat(code, ', '), '') FROM "
	    "(SELECT s.code FROM user_sector us JOIN sector s ON s.id = us.sector_id "
	    "WHERE us.user_id = u.id ORDER BY s.code)), "
	    "(SELECT count(*) FROM user_key k WHERE k.user_id = u.id) "
	    "FROM user_account u LEFT JOIN agency a ON a.id = u.agency_id ORDER BY u.login");
	if (st == NULL)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		memset(&(*rows)[*n], 0, sizeof **rows);
		user_fill(st, 0, &(*rows)[*n].u);
		(*rows)[*n].agency_code = db_col_dup(st, 6);
		(*rows)[*n].sectors = db_col_dup(st, 7);
		(*rows)[(*n)++].nkeys = (long)db_col_int(st, 8);
	}
	if (rc < 0) {
		user_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

void
user_rows_free(struct user_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		user_clear(&rows[i].u);
		free(rows[i].agency_code);
		free(rows[i].sectors);
	}
	free(rows);
}

/* ---- SSH keys ---- */

int
user_key_add(struct db *db, const struct user *who, const char *login,
    const struct pubkey *key, struct err *e)
{
	char now[DT_STAMP_SIZE];
	struct user u;
	int rc = -1;

	memset(&u, 0, sizeof u);
	if (user_may(who, PERM_WRITE, e) != 0)
		return -1;
	dt_now(now);
	if (db_begin(db, e) != 0)
		return -1;
	if (user_get(db, login, &u, e) == 0 && user_key_insert(db, who, u.id, key, now, e) == 0)
		rc = db_commit(db, e);
	if (rc != 0)
		db_rollback(db);
	user_clear(&u);
	return rc;
}

int
user_key_remove(struct db *db, const struct user *who, const char *login,
    const char *fingerprint, struct err *e)
{
	struct user u;
	char *fp;
	int rc = -1;

	memset(&u, 0, sizeof u);
	if (user_may(who, PERM_WRITE, e) != 0)
		return -1;
	/* As `ssh-keygen -l` prints it, or without its "SHA256:". */
	fp = strncmp(fingerprint, "SHA256:", 7) == 0 ? xstrdup(fingerprint) :
	    xasprintf("SHA256:%s", fingerprint);
	if (db_begin(db, e) != 0) {
		free(fp);
		return -1;
	}
	if (user_get(db, login, &u, e) == 0 &&
	    db_run(db, e, "DELETE FROM user_key WHERE user_id = ? AND fingerprint = ?", "tt",
	    u.id, fp) == 0) {
		if (db_changes(db) == 0)
			err_set(e, "« %s » n'a pas de clé %s (loge user key list %s)", login, fp,
			    login);
		else
			rc = db_commit(db, e);
	}
	if (rc != 0)
		db_rollback(db);
	user_clear(&u);
	free(fp);
	return rc;
}

int
user_key_list(struct db *db, const struct user *who, const char *login,
    struct user_key_row **rows, size_t *n, struct err *e)
{
	struct user_key_row *r;
	struct db_stmt *st;
	struct user u;
	size_t cap = 0;
	int rc = -1;

	*rows = NULL;
	*n = 0;
	if (user_may(who, PERM_READ, e) != 0 || user_get(db, login, &u, e) != 0)
		return -1;
	st = db_stmt(db, e, "SELECT k.type, k.fingerprint, k.comment, k.added_at, a.login "
	    "FROM user_key k LEFT JOIN user_account a ON a.id = k.added_by "
	    "WHERE k.user_id = ? ORDER BY k.added_at, k.id");
	if (st != NULL && db_bind(st, e, "t", u.id) == 0) {
		while ((rc = db_step(st, e)) == 1) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 8;
				*rows = xreallocarray(*rows, cap, sizeof **rows);
			}
			r = &(*rows)[(*n)++];
			r->type = db_col_dup(st, 0);
			snprintf(r->fingerprint, sizeof r->fingerprint, "%s", db_col_text(st, 1));
			r->comment = db_col_dup(st, 2);
			r->added_at = db_col_dup(st, 3);
			r->added_by = db_col_dup(st, 4);
		}
	}
	if (rc < 0) {
		user_key_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	user_clear(&u);
	return rc;
}

void
user_key_rows_free(struct user_key_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].type);
		free(rows[i].comment);
		free(rows[i].added_at);
		free(rows[i].added_by);
	}
	free(rows);
}

int
user_by_key(struct db *db, const char *type, const char *blob_b64, struct user *out,
    struct err *e)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if (type == NULL || blob_b64 == NULL)
		return 0;
	/* A disabled user's key finds no one, like an unknown key: the
	 * server gives both the same answer. */
	st = db_stmt(db, e, "SELECT u.id, u.login, u.display_name, u.role, u.agency_id, "
	    "u.disabled FROM user_key k JOIN user_account u ON u.id = k.user_id "
	    "WHERE k.blob = ? AND k.type = ? AND u.disabled = 0");
	if (st == NULL || db_bind(st, e, "tt", blob_b64, type) != 0)
		return -1;
	if ((rc = db_step(st, e)) == 1) {
		user_fill(st, 0, out);
		db_reset(st);
	}
	return rc;
}
