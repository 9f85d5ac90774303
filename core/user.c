#include "user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
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
