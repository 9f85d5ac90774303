#include "perm.h"

#include <string.h>

#define R PERM_READ
#define W (PERM_READ | PERM_WRITE)

static const char *const roles[] = {
	"gardien", "agent", "technicien", "superviseur", "admin", "auditeur",
};

#define NROLES (sizeof roles / sizeof roles[0])

/* Rows: groups; columns: the roles above, in that order. */
static const unsigned char matrix[PG_COUNT][NROLES] = {
	/*                    gardien agent technicien superviseur admin auditeur */
	[PG_TECHNICAL]       = {R, R, W, R, W, R},
	[PG_EQUIPMENT]       = {R, R, W, R, W, R},
	[PG_MONEY]           = {0, R, W, R, W, R},
	[PG_TENANT_IDENTITY] = {R, W, R, R, W, R},
	[PG_TENANT_CONTACT]  = {R, W, 0, R, W, 0},
	[PG_LEASES]          = {R, W, 0, R, W, R},
	[PG_INSPECTIONS]     = {W, W, R, R, W, R},
	[PG_CLAIMS]          = {W, W, W, W, W, R},
	[PG_LOGBOOK]         = {W, R, R, R, W, R},
	[PG_SYNCLOG]         = {R, 0, 0, W, W, R},
	[PG_USERS]           = {0, 0, 0, R, W, R},
	[PG_AUDIT]           = {0, 0, 0, R, R, R},
};

/* Same column order as roles[]. */
static const enum perm_scope scopes[NROLES] = {
	PERM_SCOPE_SECTORS, PERM_SCOPE_AGENCY, PERM_SCOPE_AGENCY, PERM_SCOPE_AGENCY,
	PERM_SCOPE_ALL, PERM_SCOPE_ALL,
};

/* Who checks finished work on site, same order. */
static const unsigned char checks_work[NROLES] = {1, 0, 0, 0, 0, 0};

static const char *const group_names[PG_COUNT] = {
#define X(id, name, label, owner) [PG_##id] = name,
	PERM_GROUPS(X)
#undef X
};

static const char *const group_labels[PG_COUNT] = {
#define X(id, name, label, owner) [PG_##id] = label,
	PERM_GROUPS(X)
#undef X
};

static const char *const group_owners[PG_COUNT] = {
#define X(id, name, label, owner) [PG_##id] = owner,
	PERM_GROUPS(X)
#undef X
};

/* The role's column, or -1 for an unknown role. */
static int
perm_column(const char *role)
{
	size_t i;

	if (role == NULL)
		return -1;
	for (i = 0; i < NROLES; i++)
		if (strcmp(roles[i], role) == 0)
			return (int)i;
	return -1;
}

int
perm_rights(const char *role, enum perm_group g)
{
	int c = perm_column(role);

	if (c < 0 || g < 0 || g >= PG_COUNT)
		return 0;
	return matrix[g][c];
}

int
perm_can_read(const char *role, enum perm_group g)
{
	return (perm_rights(role, g) & PERM_READ) != 0;
}

int
perm_can_write(const char *role, enum perm_group g)
{
	return (perm_rights(role, g) & PERM_WRITE) != 0;
}

const char *
perm_group_label(enum perm_group g)
{
	return g < PG_COUNT ? group_labels[g] : "?";
}

const char *
perm_group_owner(enum perm_group g)
{
	return g < PG_COUNT ? group_owners[g] : "?";
}

const char *
perm_group_name(enum perm_group g)
{
	return g < PG_COUNT ? group_names[g] : "?";
}

enum perm_scope
perm_scope(const char *role)
{
	int c = perm_column(role);

	return c < 0 ? PERM_SCOPE_NONE : scopes[c];
}

const char *
perm_scope_label(enum perm_scope s)
{
	static const char *const labels[] = {
		[PERM_SCOPE_NONE] = "rien",
		[PERM_SCOPE_SECTORS] = "ses secteurs",
		[PERM_SCOPE_AGENCY] = "son agence",
		[PERM_SCOPE_ALL] = "tout le patrimoine",
	};

	return s >= PERM_SCOPE_NONE && s <= PERM_SCOPE_ALL ? labels[s] : "?";
}

int
perm_may_check_work(const char *role)
{
	int c = perm_column(role);

	return c >= 0 && checks_work[c];
}

size_t
perm_role_count(void)
{
	return NROLES;
}

const char *
perm_role_name(size_t i)
{
	return i < NROLES ? roles[i] : NULL;
}
