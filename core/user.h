/* Users of Loge and who is acting now. */
#ifndef LOGE_USER_H
#define LOGE_USER_H

#include <stddef.h>

#include "err.h"
#include "pubkey.h"
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

/* ---- Administration (loge user) ----
 * Writes need the right to write PG_USERS (core/perm.h), checked here
 * too; each runs in one transaction and signs its rows with who. */

/* 1 if login fits user_account's rule (1 to 32 of a-z 0-9 . _ -) and
 * starts with a letter or a digit. */
int user_login_valid(const char *login);
/* 1 if role is one of the roles above. */
int user_role_valid(const char *role);

/* A new user. sectors: ids or codes of existing sectors. agency: id or
 * code, NULL: the agency of the sectors when they all share one, else
 * none (organisation-wide). display_name NULL: the login. key: NULL or
 * a parsed key, added in the same transaction. */
struct user_new {
	const char *login;
	const char *role;
	const char *display_name;
	const char *agency;
	const char *const *sectors;
	size_t nsectors;
	const struct pubkey *key;
};

/* Creates the user; out_id (may be NULL) receives its id. */
int user_add(struct db *db, const struct user *who, const struct user_new *u,
    char out_id[UID_SIZE], struct err *e);
/* Disables (disabled 1) or enables (0) login: 1 changed, 0 it already
 * was, -1 error. One may not disable oneself. */
int user_set_disabled(struct db *db, const struct user *who, const char *login,
    int disabled, struct err *e);

/* A line of `loge user list`. */
struct user_row {
	struct user u;
	char *agency_code; /* NULL if organisation-wide */
	char *sectors;     /* sector codes, ", "-separated; "" if none */
	long nkeys;
};

/* Every user, by login; needs the right to read PG_USERS. The caller
 * frees the rows with user_rows_free. */
int user_list(struct db *db, const struct user *who, struct user_row **rows, size_t *n,
    struct err *e);
void user_rows_free(struct user_row *rows, size_t n);

/* ---- SSH keys (the hub's server) ---- */

/* Registers key for login. A key already registered, to anyone, is
 * refused with the login that has it. */
int user_key_add(struct db *db, const struct user *who, const char *login,
    const struct pubkey *key, struct err *e);
/* Removes login's key with this fingerprint ("SHA256:" optional). */
int user_key_remove(struct db *db, const struct user *who, const char *login,
    const char *fingerprint, struct err *e);

struct user_key_row {
	char *type;
	char fingerprint[PUBKEY_FP_SIZE];
	char *comment;  /* NULL if none */
	char *added_at;
	char *added_by; /* login, NULL if unknown */
};

/* login's keys, oldest first; needs the right to read PG_USERS. The
 * caller frees the rows with user_key_rows_free. */
int user_key_list(struct db *db, const struct user *who, const char *login,
    struct user_key_row **rows, size_t *n, struct err *e);
void user_key_rows_free(struct user_key_row *rows, size_t n);

/* Whom a key authenticates: 1 found and enabled (out filled, free with
 * user_clear), 0 not (unknown key and disabled user alike), -1 error. */
int user_by_key(struct db *db, const char *type, const char *blob_b64, struct user *out,
    struct err *e);

#endif
