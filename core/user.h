/* Users of Loge and who is acting now. */
#ifndef LOGE_USER_H
#define LOGE_USER_H

#include "err.h"
#include "uid.h"

struct db;

struct user {
	char id[UID_SIZE];
	char *login;
	char *display_name;
	char *role;      /* gardien, agent, technicien, superviseur, admin, auditeur */
	char *agency_id; /* NULL for organisation-wide users */
	int disabled;
};

/* 1 found (out filled, free with user_clear), 0 no such login, -1 error. */
int user_find(struct db *db, const char *login, struct user *out, struct err *e);
/* Who acts when no --user is given: the node's own user (a laptop's
 * gardien), else, on a demo database, the demo's administrator. On success
 * *how says which (a static string for the user to read). */
int user_resolve(struct db *db, const char *login, struct user *out,
    const char **how, struct err *e);
void user_clear(struct user *u);
/* The French label of a role ("gardien" -> "Gardien"). */
const char *user_role_label(const char *role);

#endif
