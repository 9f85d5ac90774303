/* Who may read and write what, and where: one table, consulted by every
 * screen, command, export and sync session; none decides on a role's name
 * by itself. */
#ifndef LOGE_PERM_H
#define LOGE_PERM_H

#include <stddef.h>

/* Field groups: each service's data. */
#define PERM_GROUPS(X) \
	X(TECHNICAL, "technical", "Caractéristiques techniques", "service patrimoine") \
	X(EQUIPMENT, "equipment", "Équipements et travaux", "service patrimoine") \
	X(MONEY, "money", "Montants des travaux", "service patrimoine") \
	X(TENANT_IDENTITY, "tenant_identity", "Identité du locataire", "l'agence") \
	X(TENANT_CONTACT, "tenant_contact", "Coordonnées du locataire", "l'agence") \
	X(LEASES, "leases", "Baux", "l'agence") \
	X(INSPECTIONS, "inspections", "États des lieux", "le gardien ou l'agence") \
	X(CLAIMS, "claims", "Réclamations et interventions", "le gardien ou l'agence") \
	X(LOGBOOK, "logbook", "Main courante et notes", "le gardien") \
	X(SYNCLOG, "synclog", "Journaux de synchronisation", "le superviseur") \
	X(USERS, "users", "Utilisateurs", "l'administrateur") \
	X(AUDIT, "audit", "Journal des consultations", "l'encadrement")

enum perm_group {
#define X(id, name, label, owner) PG_##id,
	PERM_GROUPS(X)
#undef X
	PG_COUNT
};

enum { PERM_READ = 1, PERM_WRITE = 2 };

/* The rights (PERM_READ | PERM_WRITE) of a role on a group; 0 for an
 * unknown role. */
int perm_rights(const char *role, enum perm_group g);
int perm_can_read(const char *role, enum perm_group g);
int perm_can_write(const char *role, enum perm_group g);
/* French label of the group, and whom to ask for it. */
const char *perm_group_label(enum perm_group g);
const char *perm_group_owner(enum perm_group g);
const char *perm_group_name(enum perm_group g);

/* The part of the patrimoine a role works on: a gardien his sectors,
 * agency staff their agency, admin and auditeur all of it; nothing for
 * an unknown role. */
enum perm_scope {
	PERM_SCOPE_NONE,
	PERM_SCOPE_SECTORS,
	PERM_SCOPE_AGENCY,
	PERM_SCOPE_ALL
};

enum perm_scope perm_scope(const char *role);
/* French words for a scope ("ses secteurs"), for `loge roles`. */
const char *perm_scope_label(enum perm_scope s);
/* 1 if the role checks finished work on site (the step to "vérifié"):
 * the one who sees the place every day, the gardien. */
int perm_may_check_work(const char *role);
/* The known roles, in the matrix's column order: role i for i < count. */
size_t perm_role_count(void);
const char *perm_role_name(size_t i);

#endif
