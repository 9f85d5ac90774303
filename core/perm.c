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
};

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

int
perm_rights(const char *role, enum perm_group g)
{
	size_t i;

	if (role == NULL || g < 0 || g >= PG_COUNT)
		return 0;
	for (i = 0; i < NROLES; i++)
		if (strcmp(roles[i], role) == 0)
			return matrix[g][i];
	return 0;
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
